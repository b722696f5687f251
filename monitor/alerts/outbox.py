"""The alert outbox: rows written with their story, claimed when due, sent, retried.

``enqueue`` runs inside the story's transaction. ``deliver_due`` claims due rows, builds each
message from what is stored *at sending time* (so the coverage list is as full as it can be),
sends it and records the attempt. Delivery is at least once: the ``webhook-id`` and email
``Message-ID`` are stable per (event, channel), so a resend after a crash is recognisable.

Retry schedule after a failed attempt (each delay ±20% jitter; ``Retry-After`` wins when
longer): 30s, 2m, 10m, 30m, 1h, 3h, 6h, then the alert is ``failed`` after
``[monitor] alert_max_attempts`` attempts (default 8). ``monitor alerts retry`` requeues it.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
from sqlmodel import Session, col, select

from monitor.alerts.email import send_email
from monitor.alerts.payload import (
    AlertEvent,
    Coverage,
    email_message,
    webhook_body,
    webhook_bytes,
)
from monitor.alerts.webhook import send_webhook
from monitor.config import ChannelSettings, Settings, secret
from monitor.errors import DeliveryError
from monitor.models import Alert, AlertAttempt, Article, Report, Story
from monitor.store import Store, aware

log = logging.getLogger(__name__)

RETRY_DELAYS_S = (30, 120, 600, 1800, 3600, 3 * 3600, 6 * 3600)


def enqueue(session: Session, settings: Settings, story: Story, now: datetime) -> int:
    """Add one pending alert per channel that wants this council; returns how many."""
    count = 0
    for channel in settings.channels:
        if story.ons_code not in settings.channel_councils(channel):
            continue
        existing = session.exec(
            select(Alert).where(Alert.event_id == story.event_id, Alert.channel == channel.name)
        ).first()
        if existing is not None:
            continue
        assert story.id is not None
        session.add(
            Alert(
                event_id=story.event_id,
                story_id=story.id,
                channel=channel.name,
                kind=channel.kind,
                created_at=now,
                next_attempt_at=now,
            )
        )
        count += 1
    return count


def message_id(alert: Alert) -> str:
    """Stable per (event, channel): the webhook-id, and the local part of the Message-ID."""
    digest = hashlib.sha256(f"{alert.event_id}\x00{alert.channel}".encode()).hexdigest()
    return f"msg_{digest[:32]}"


def build_event(session: Session, store: Store, story: Story) -> AlertEvent:
    """The alert's content from what is stored now."""
    report = session.get(Report, story.report_id) if story.report_id else None
    articles = session.exec(
        select(Article).where(Article.story_id == story.id).order_by(col(Article.published))
    ).all()
    coverage = tuple(
        Coverage(title=a.title, url=a.url, outlet=a.outlet, published=aware(a.published))
        for a in articles
    )
    evidence = next((a.evidence for a in articles if a.evidence), None)
    return AlertEvent(
        event_id=story.event_id,
        council=story.council,
        ons_code=story.ons_code,
        inspection_type=story.inspection_type,
        judgement=story.judgement,
        previous_judgement=store.previous_judgement(session, story),
        published=story.published,
        inspection_date=story.inspection_date,
        url=report.url if report else None,
        pdf_url=report.pdf_url if report else None,
        coverage=coverage,
        detected_at=aware(story.created_at) or datetime.now(UTC),
        first_seen_via=story.first_seen_via,
        evidence=evidence,
        sub_judgements=report.sub_judgements if report else None,
        send_outcome=report.send_outcome if report else None,
    )


@dataclass
class DeliveryTally:
    sent: int = 0
    failed: int = 0
    retrying: int = 0


async def deliver_due(
    store: Store,
    settings: Settings,
    *,
    now: datetime | None = None,
    user_agent: str | None = None,
) -> DeliveryTally:
    """Send every pending alert whose time has come; record each attempt."""
    now = now or datetime.now(UTC)
    tally = DeliveryTally()
    with store.session() as session:
        due = session.exec(
            select(Alert)
            .where(Alert.status == "pending")
            .where(col(Alert.next_attempt_at) <= now)
            .order_by(col(Alert.id))
        ).all()
        ids = [a.id for a in due]
    if not ids:
        return tally
    headers = {"User-Agent": user_agent or settings.monitor.user_agent}
    async with httpx.AsyncClient(follow_redirects=False, headers=headers) as client:
        for alert_id in ids:
            assert alert_id is not None
            outcome = await _deliver_one(store, settings, client, alert_id)
            if outcome == "sent":
                tally.sent += 1
            elif outcome == "failed":
                tally.failed += 1
            else:
                tally.retrying += 1
    return tally


async def _deliver_one(
    store: Store, settings: Settings, client: httpx.AsyncClient, alert_id: int
) -> str:
    with store.session() as session:
        alert = session.get(Alert, alert_id)
        if alert is None or alert.status != "pending":
            return "skipped"
        story = session.get(Story, alert.story_id)
        assert story is not None
        event = build_event(session, store, story)
    try:
        channel = settings.channel(alert.channel)
    except KeyError:
        return _record(
            store,
            alert_id,
            settings,
            error=f"channel {alert.channel!r} is no longer configured",
            status=None,
            started=time.monotonic(),
            retryable=False,
        )
    started = time.monotonic()
    try:
        status = await _send(client, channel, alert, event)
    except DeliveryError as exc:
        return _record(
            store,
            alert_id,
            settings,
            error=str(exc),
            status=getattr(exc, "status", None),
            started=started,
            retryable=exc.retryable,
            retry_after=exc.retry_after,
            payload=webhook_body(event),
        )
    return _record(
        store,
        alert_id,
        settings,
        error=None,
        status=status,
        started=started,
        payload=webhook_body(event),
    )


async def _send(
    client: httpx.AsyncClient, channel: ChannelSettings, alert: Alert, event: AlertEvent
) -> int | None:
    msg_id = message_id(alert)
    if channel.kind == "webhook":
        assert channel.url and channel.secret_env
        value = secret(channel.secret_env)
        if value is None:
            raise DeliveryError(
                f"environment variable {channel.secret_env} is not set", channel=channel.name
            )
        return await send_webhook(
            client,
            channel=channel.name,
            url=channel.url,
            secrets=value.split(),
            msg_id=msg_id,
            body=webhook_bytes(webhook_body(event)),
            timeout=channel.timeout.total_seconds(),
        )
    password = None
    if channel.password_env:
        password = secret(channel.password_env)
        if password is None:
            raise DeliveryError(
                f"environment variable {channel.password_env} is not set", channel=channel.name
            )
    assert channel.from_
    domain = channel.from_.rpartition("@")[2] or "ofsted-monitor.local"
    message = email_message(
        event, sender=channel.from_, recipients=channel.to, message_id=f"<{msg_id}@{domain}>"
    )
    await asyncio.to_thread(
        send_email, channel, message, password=password, timeout=channel.timeout.total_seconds() * 3
    )
    return None


def _record(
    store: Store,
    alert_id: int,
    settings: Settings,
    *,
    error: str | None,
    status: int | None,
    started: float,
    retryable: bool = True,
    retry_after: float | None = None,
    payload: dict[str, object] | None = None,
) -> str:
    now = datetime.now(UTC)
    with store.session() as session:
        alert = session.get(Alert, alert_id)
        assert alert is not None
        alert.attempts += 1
        session.add(
            AlertAttempt(
                alert_id=alert_id,
                at=now,
                status_code=status,
                error=error,
                duration_ms=int((time.monotonic() - started) * 1000),
            )
        )
        if payload is not None:
            alert.payload = payload
        if error is None:
            alert.status, alert.sent_at, alert.last_error = "sent", now, None
            log.info(
                "alert sent alert_id=%s channel=%s event=%s",
                alert_id,
                alert.channel,
                alert.event_id,
            )
            return "sent"
        alert.last_error = error
        if not retryable or alert.attempts >= settings.monitor.alert_max_attempts:
            alert.status = "failed"
            log.warning(
                "alert failed alert_id=%s channel=%s error=%s", alert_id, alert.channel, error
            )
            return "failed"
        delay = next_delay(alert.attempts, retry_after)
        alert.next_attempt_at = now + timedelta(seconds=delay)
        log.warning(
            "alert retry alert_id=%s channel=%s in=%.0fs error=%s",
            alert_id,
            alert.channel,
            delay,
            error,
        )
        return "retrying"


def next_delay(attempts: int, retry_after: float | None = None) -> float:
    """Seconds before the next attempt after ``attempts`` failures (jittered)."""
    base = RETRY_DELAYS_S[min(attempts, len(RETRY_DELAYS_S)) - 1]
    delay = base * random.uniform(0.8, 1.2)
    return max(delay, retry_after or 0.0)


def requeue(store: Store, alert_ids: list[int] | None) -> int:
    """Put failed alerts back in the queue (all failed ones when ``alert_ids`` is None)."""
    now = datetime.now(UTC)
    with store.session() as session:
        query = select(Alert).where(Alert.status == "failed")
        if alert_ids is not None:
            query = query.where(col(Alert.id).in_(alert_ids))
        rows = session.exec(query).all()
        for alert in rows:
            alert.status, alert.next_attempt_at, alert.attempts = "pending", now, 0
        return len(rows)
