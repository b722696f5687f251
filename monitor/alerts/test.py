"""``monitor alerts test CHANNEL``: one signed test event, sent now, stored nowhere."""

from __future__ import annotations

import asyncio

import httpx

from monitor import clock
from monitor.alerts.email import send_email
from monitor.alerts.payload import email_message, test_event, webhook_body, webhook_bytes
from monitor.alerts.webhook import send_webhook
from monitor.config import ChannelSettings, Settings, secret


async def send_test(settings: Settings, channel: ChannelSettings) -> str:
    event = test_event(clock.now())
    msg_id = f"msg_test_{int(clock.now().timestamp())}"
    if channel.kind == "webhook":
        assert channel.url and channel.secret_env
        async with httpx.AsyncClient(
            follow_redirects=False, headers={"User-Agent": settings.monitor.user_agent}
        ) as client:
            status = await send_webhook(
                client,
                channel=channel.name,
                url=channel.url,
                secrets=(secret(channel.secret_env) or "").split(),
                msg_id=msg_id,
                body=webhook_bytes(webhook_body(event)),
                timeout=channel.timeout.total_seconds(),
            )
        return f"HTTP {status}"
    assert channel.from_
    domain = channel.from_.rpartition("@")[2]
    message = email_message(
        event, sender=channel.from_, recipients=channel.to, message_id=f"<{msg_id}@{domain}>"
    )
    password = secret(channel.password_env) if channel.password_env else None
    await asyncio.to_thread(send_email, channel, message, password=password)
    return f"email to {', '.join(channel.to)}"
