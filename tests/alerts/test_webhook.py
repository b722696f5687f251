from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
import standardwebhooks

from monitor.alerts.payload import test_event, webhook_body, webhook_bytes
from monitor.alerts.webhook import redact_url, retry_after_seconds, send_webhook, sign
from monitor.errors import WebhookError
from tests.alerts.conftest import Receiver

PREFIXED = "whsec_" + base64.b64encode(b"0123456789abcdef0123456789abcdef").decode()
ROTATED = "whsec_" + base64.b64encode(b"the previous key, still accepted").decode()
BASE64ISH = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"  # no prefix, but the package base64-decodes it
PASSPHRASE = "correct-horse-battery-staple!"  # no prefix, not base64 at all
BODY = webhook_bytes(webhook_body(test_event(datetime.now(UTC))))


def raw_hmac(key: bytes, msg_id: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


async def post(receiver: Receiver, secrets: list[str], **kwargs: object) -> int:
    options: dict[str, object] = {
        "channel": "crm",
        "url": receiver.url,
        "secrets": secrets,
        "msg_id": "msg_0123456789abcdef",
        "body": BODY,
        "timeout": 5.0,
    }
    options.update(kwargs)
    async with httpx.AsyncClient() as client:
        return await send_webhook(client, **options)  # type: ignore[arg-type]


def test_sign_matches_the_standardwebhooks_package() -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    expected = standardwebhooks.Webhook(PREFIXED).sign("msg_1", now, BODY.decode())
    assert sign(PREFIXED, "msg_1", int(now.timestamp()), BODY) == expected


async def test_prefixed_secret_verifies(receiver: Receiver) -> None:
    receiver.verify_secrets = [PREFIXED]
    assert await post(receiver, [PREFIXED], user_agent="ofsted-monitor/test") == 200
    (seen,) = receiver.requests
    assert seen.verified == {PREFIXED: True}
    assert seen.path == "/hooks/ofsted?token=abc"
    assert seen.headers["content-type"] == "application/json"
    assert seen.headers["webhook-id"] == "msg_0123456789abcdef"
    assert abs(int(seen.headers["webhook-timestamp"]) - time.time()) < 5
    assert seen.headers["user-agent"] == "ofsted-monitor/test"
    assert seen.body == BODY
    assert json.loads(seen.body)["type"] == "report.published"


async def test_unprefixed_secret_verifies_with_the_package_and_by_spec(
    receiver: Receiver,
) -> None:
    receiver.verify_secrets = [BASE64ISH]
    await post(receiver, [BASE64ISH])
    (seen,) = receiver.requests
    assert seen.verified == {BASE64ISH: True}  # the package reads it as base64
    signatures = seen.headers["webhook-signature"].split(" ")
    spec = raw_hmac(
        BASE64ISH.encode(), "msg_0123456789abcdef", seen.headers["webhook-timestamp"], BODY
    )
    assert spec in signatures  # SPEC.md: the secret's own bytes are the key


async def test_passphrase_secret_is_signed_with_its_own_bytes(receiver: Receiver) -> None:
    await post(receiver, [PASSPHRASE])
    (seen,) = receiver.requests
    expected = raw_hmac(
        PASSPHRASE.encode(), "msg_0123456789abcdef", seen.headers["webhook-timestamp"], BODY
    )
    assert seen.headers["webhook-signature"] == expected


async def test_key_rotation_two_signatures_both_verify(receiver: Receiver) -> None:
    receiver.verify_secrets = [PREFIXED, ROTATED, "whsec_" + base64.b64encode(b"x" * 24).decode()]
    await post(receiver, [PREFIXED, ROTATED])
    (seen,) = receiver.requests
    assert len(seen.headers["webhook-signature"].split(" ")) == 2
    assert list(seen.verified.values()) == [True, True, False]


async def test_410_is_not_retryable(receiver: Receiver) -> None:
    receiver.reply(410)
    with pytest.raises(WebhookError) as info:
        await post(receiver, [PREFIXED])
    assert info.value.status == 410
    assert info.value.retryable is False
    assert info.value.channel == "crm"
    assert "410" in str(info.value)


async def test_503_then_success_with_retry_after_seconds(receiver: Receiver) -> None:
    receiver.verify_secrets = [PREFIXED]
    receiver.reply((503, {"Retry-After": "7"}), 503, 200)
    for expected_retry_after in (7.0, None):
        with pytest.raises(WebhookError) as info:
            await post(receiver, [PREFIXED])
        assert info.value.status == 503
        assert info.value.retryable is True
        assert info.value.retry_after == expected_retry_after
    assert await post(receiver, [PREFIXED]) == 200
    assert len(receiver.requests) == 3
    assert {r.headers["webhook-id"] for r in receiver.requests} == {"msg_0123456789abcdef"}
    assert all(r.verified[PREFIXED] for r in receiver.requests)


async def test_503_with_retry_after_http_date(receiver: Receiver) -> None:
    when = datetime.now(UTC) + timedelta(seconds=120)
    receiver.reply((503, {"Retry-After": format_datetime(when, usegmt=True)}))
    with pytest.raises(WebhookError) as info:
        await post(receiver, [PREFIXED])
    assert info.value.retry_after is not None
    assert 110 <= info.value.retry_after <= 121


def test_retry_after_parsing() -> None:
    now = datetime(2025, 1, 31, 10, 0, tzinfo=UTC).timestamp()
    assert retry_after_seconds("120", now=lambda: now) == 120.0
    assert retry_after_seconds("Fri, 31 Jan 2025 10:02:00 GMT", now=lambda: now) == 120.0
    assert retry_after_seconds("Fri, 31 Jan 2025 09:00:00 GMT", now=lambda: now) == 0.0
    assert retry_after_seconds("soon", now=lambda: now) is None
    assert retry_after_seconds(None) is None


async def test_hanging_receiver_times_out(receiver: Receiver) -> None:
    receiver.hang = True
    started = time.monotonic()
    with pytest.raises(WebhookError) as info:
        await post(receiver, [PREFIXED], timeout=0.5)
    assert time.monotonic() - started < 3
    assert info.value.retryable is True
    assert info.value.status is None
    assert "0.5s" in str(info.value)


async def test_refused_connection(closed_port: int) -> None:
    async with httpx.AsyncClient() as client:
        with pytest.raises(WebhookError) as info:
            await send_webhook(
                client,
                channel="crm",
                url=f"http://127.0.0.1:{closed_port}/hook",
                secrets=[PREFIXED],
                msg_id="msg_1",
                body=BODY,
                timeout=2.0,
            )
    assert info.value.retryable is True
    assert "cannot connect" in str(info.value)
    assert isinstance(info.value.__cause__, httpx.ConnectError)


@pytest.mark.parametrize(("status", "retryable"), [(307, True), (308, False), (301, False)])
async def test_redirect_is_not_followed(receiver: Receiver, status: int, retryable: bool) -> None:
    receiver.reply((status, {"Location": "/elsewhere?token=moved"}))
    async with httpx.AsyncClient(follow_redirects=True) as client:  # even when the client would
        with pytest.raises(WebhookError) as info:
            await send_webhook(
                client,
                channel="crm",
                url=receiver.url,
                secrets=[PREFIXED],
                msg_id="msg_1",
                body=BODY,
                timeout=5.0,
            )
    assert len(receiver.requests) == 1
    assert info.value.status == status
    assert info.value.retryable is retryable
    assert "redirect" in str(info.value) and "token" not in str(info.value)


async def test_no_secret_is_a_clear_non_retryable_error(receiver: Receiver) -> None:
    with pytest.raises(WebhookError) as info:
        await post(receiver, [])
    assert info.value.retryable is False
    assert "no signing secret" in str(info.value)
    assert receiver.requests == []


async def test_bad_whsec_secret_is_reported_without_the_secret(receiver: Receiver) -> None:
    bad = "whsec_A"  # one base64 character cannot be decoded
    with pytest.raises(WebhookError) as info:
        await post(receiver, [bad])
    assert info.value.retryable is False
    assert "whsec_A" not in str(info.value)


async def test_secrets_never_in_messages_or_logs(
    receiver: Receiver, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    receiver.reply(500, 404)
    for _ in range(2):
        with pytest.raises(WebhookError) as info:
            await post(receiver, [PREFIXED, PASSPHRASE])
        for secret in (PREFIXED, PASSPHRASE, "token=abc"):
            assert secret not in str(info.value)
    await post(receiver, [PREFIXED, PASSPHRASE])
    for secret in (PREFIXED, PASSPHRASE):
        assert secret not in caplog.text
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("monitor")]
    assert ours and not any("token=abc" in line for line in ours)


def test_redact_url() -> None:
    assert redact_url("https://hooks.example.org/services/T0/B0/XYZ?x=1") == (
        "https://hooks.example.org/…"
    )
    assert redact_url("http://127.0.0.1:8080") == "http://127.0.0.1:8080"
    assert redact_url("not a url") == "(invalid url)"
