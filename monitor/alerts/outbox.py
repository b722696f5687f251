"""The alert outbox: rows written with their story, claimed when due, sent, retried.

    enqueue (in the story's transaction) -> pending | held (digest channels)
    deliver_due: recover abandoned claims | build due digests | per channel, concurrently:
        claim (pending -> sending) | build the message | send | record the attempt
            -> sent | pending (retry later) | failed | skipped (not subscribed)

``enqueue`` runs inside the story's transaction. ``deliver_due`` claims due rows in one
statement (``UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING id`` on
PostgreSQL, so several workers never take the same row; on SQLite the one writer is the
lock), marking each ``sending`` with ``claimed_at``, ``claimed_by`` (host:pid) and a lease
(``claim_expires_at``). It builds each message from what is stored *at sending time* (the
coverage list is as full as it can be), sends it, and records the attempt (time, status code
or error, duration) in the same transaction that moves the row on.

Crash safety. A row left ``sending`` belongs to a sender that died between sending and
recording (``kill -9``, power cut) or one still working. It is taken back when its lease has
expired, or at once when the claiming process ran on this host and no longer exists. The
interrupted attempt is recorded and the alert is sent once more (the receiver may have got
it: same ``webhook-id`` and ``Message-ID``). If that resend is interrupted too, the alert is
``failed`` rather than sent a third time; ``monitor alerts retry`` requeues it. So a crash
loses nothing and doubles an alert at most once.

Retry schedule after a failed attempt (each delay ±20% jitter; ``Retry-After`` wins when
longer): 30s, 2m, 10m, 30m, 1h, 3h, 6h, then the alert is ``failed`` after
``[monitor] alert_max_attempts`` attempts (default 8). ``410 Gone`` disables the channel
(see :mod:`monitor.alerts.channels`). ``monitor alerts retry`` requeues failed alerts.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import math
import os
import random
import secrets
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any

import httpx
from sqlalchemy import CompoundSelect, Connection, insert, union, update
from sqlalchemy import select as sa_select

from monitor import clock, metrics
from monitor.alerts import channels as channel_state
from monitor.alerts.tally import DeliveryTally
from monitor.config import ChannelSettings, Settings, secret
from monitor.errors import DeliveryError
from monitor.store import Store, aware

if TYPE_CHECKING:
    from sqlmodel import Session

    from monitor.alerts.payload import AlertEvent
    from monitor.models import Alert, Story

# the messages (jinja2), SMTP and webhook code are imported when an alert is built or sent:
# a cycle with nothing to deliver never loads them

log = logging.getLogger(__name__)

RETRY_DELAYS_S = (30, 120, 600, 1800, 3600, 3 * 3600, 6 * 3600)
JITTER = 0.2
CHANNEL_CONCURRENCY = 8  # sends in flight per channel
CLAIM_BATCH = 2 * CHANNEL_CONCURRENCY  # rows claimed at a time per channel
CLAIM_MARGIN_S = 60  # added to the lease beyond the send deadlines
MAX_INTERRUPTIONS = 2  # the second abandoned claim of an alert fails it instead of resending
EMAIL_DEADLINE_FACTOR = 3  # an SMTP conversation has several round trips


def utcnow() -> datetime:
    return clock.now()


MAX_DURATION_MS = 2**31 - 1  # the column is a 32-bit integer: about 24.8 days


def _millis(seconds: float) -> int:
    """An attempt's duration for ``alert_attempt.duration_ms``: a claim abandoned for weeks
    (a sender that died long ago) is recorded as the longest duration, never an overflow."""
    return max(0, min(int(seconds * 1000), MAX_DURATION_MS))


# -- enqueue ---------------------------------------------------------------------------------


def wants(channel: ChannelSettings, *, inspection_type: str | None, judgement: str | None) -> bool:
    """The channel's subscription: a value not known yet always passes."""
    if channel.types is not None and inspection_type and inspection_type not in channel.types:
        return False
    return not (
        channel.judgements is not None and judgement and judgement not in channel.judgements
    )


@dataclass(frozen=True)
class StoryEvent:
    """What :func:`enqueue` reads of a story: its row id and event."""

    id: int | None
    event_id: str
    ons_code: str
    inspection_type: str | None
    judgement: str | None


def enqueue(
    session: Session | Connection, settings: Settings, story: Story | StoryEvent, now: datetime
) -> int:
    """Add one alert per channel subscribed to this event; returns how many.

    Immediate channels get a ``pending`` row, digest channels a ``held`` one (gathered by the
    next digest). The operator channel never gets report alerts. Core statements on the
    session's transaction (an ORM session or a connection: storing a feed's batch loads no ORM).
    """
    from monitor.tables import ALERT

    count = 0
    for channel in settings.channels:
        if channel.name == settings.monitor.operator_channel:
            continue
        if story.ons_code not in settings.channel_councils(channel):
            continue
        if not wants(channel, inspection_type=story.inspection_type, judgement=story.judgement):
            continue
        existing = session.execute(
            sa_select(ALERT.c.id).where(
                ALERT.c.event_id == story.event_id, ALERT.c.channel == channel.name
            )
        ).first()
        if existing is not None:
            continue
        assert story.id is not None
        session.execute(
            insert(ALERT).values(
                event_id=story.event_id,
                story_id=story.id,
                channel=channel.name,
                kind=channel.kind,
                status="pending" if channel.mode == "immediate" else "held",
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
    from sqlmodel import col, select

    from monitor.alerts.payload import AlertEvent, Coverage
    from monitor.models import Article, ArticleStory, Report

    report = session.get(Report, story.report_id) if story.report_id else None
    # its primary articles and every linked one, each half by its own index (an OR of the
    # two would read the whole article table on PostgreSQL)
    linked: CompoundSelect = union(
        select(ArticleStory.article_id).where(ArticleStory.story_id == story.id),
        select(Article.id).where(Article.story_id == story.id),
    )
    articles = session.exec(
        select(Article)
        .where(col(Article.id).in_(linked))
        .order_by(col(Article.published), col(Article.id))
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
        detected_at=aware(story.created_at) or utcnow(),
        first_seen_via=story.first_seen_via,
        evidence=evidence,
        sub_judgements=report.sub_judgements if report else None,
        send_outcome=report.send_outcome if report else None,
    )


# -- delivery --------------------------------------------------------------------------------


@dataclass
class _Message:
    """What one alert sends: the webhook body and a way to build its email."""

    body: dict[str, Any]
    email: Callable[[str, list[str], str], EmailMessage]
    members: list[int] = field(default_factory=list)  # a digest's alerts


@metrics.timed_job("deliver")
async def deliver_due(
    store: Store,
    settings: Settings,
    *,
    now: datetime | None = None,
    user_agent: str | None = None,
    concurrency: int = CHANNEL_CONCURRENCY,
) -> DeliveryTally:
    """Send every alert whose time has come, each channel concurrently; record each attempt.

    ``now`` places the whole round (claims, leases, retries, digests) at that time.
    """
    if now is not None:
        with clock.use(now):
            return await _deliver_due(store, settings, user_agent, concurrency)
    return await _deliver_due(store, settings, user_agent, concurrency)


async def _deliver_due(
    store: Store, settings: Settings, user_agent: str | None, concurrency: int
) -> DeliveryTally:
    from monitor.alerts.digest import build_due_digests

    tally = DeliveryTally()
    tally.recovered = recover_abandoned(store, settings)  # due at once: before ``now``
    now = utcnow()
    fail_unconfigured(store, settings)
    tally.digests = build_due_digests(store, settings, now)
    disabled = channel_state.disabled_channels(store, settings)
    active = [c for c in settings.channels if c.name not in disabled]
    if not active:
        return tally
    headers = {"User-Agent": user_agent or settings.monitor.user_agent}
    limits = httpx.Limits(max_connections=concurrency * max(1, len(active)))
    with contextlib.ExitStack() as stack:
        if store.engine.dialect.name == "sqlite":
            # one idle connection held open: closing each short session's connection is then
            # not the last close, which would checkpoint and delete the WAL every time
            stack.enter_context(store.engine.connect())
        await _deliver_active(store, settings, active, headers, limits, now, tally, concurrency)
    return tally


async def _deliver_active(
    store: Store,
    settings: Settings,
    active: list[ChannelSettings],
    headers: dict[str, str],
    limits: httpx.Limits,
    now: datetime,
    tally: DeliveryTally,
    concurrency: int,
) -> None:
    async with httpx.AsyncClient(follow_redirects=False, headers=headers, limits=limits) as client:
        await asyncio.gather(
            *(
                _deliver_channel(store, settings, client, channel, now, tally, concurrency)
                for channel in active
            )
        )
        operator = next((c for c in active if c.name == settings.monitor.operator_channel), None)
        if operator is not None:  # incidents opened by the sends above go out now too
            await _deliver_channel(store, settings, client, operator, utcnow(), tally, concurrency)


def send_deadline_s(channel: ChannelSettings) -> float:
    seconds = channel.timeout.total_seconds()
    return seconds * EMAIL_DEADLINE_FACTOR if channel.kind == "email" else seconds


async def _deliver_channel(
    store: Store,
    settings: Settings,
    client: httpx.AsyncClient,
    channel: ChannelSettings,
    now: datetime,
    tally: DeliveryTally,
    concurrency: int,
) -> None:
    if channel.name == settings.monitor.operator_channel:
        concurrency = 1  # in order: an incident's opening before its recovery
    limit = asyncio.Semaphore(concurrency)
    seen: set[int] = set()  # each alert at most once per call, whatever ``now`` says
    batch = max(CLAIM_BATCH, 2 * concurrency)
    lease_s = math.ceil(batch / concurrency) * send_deadline_s(channel) + CLAIM_MARGIN_S
    any_sent = False

    gone = False  # a 410 in this batch: the rest of it is handed back unsent

    async def one(alert_id: int, token: str) -> None:
        nonlocal any_sent, gone
        async with limit:
            if gone:
                release(store, alert_id, token)
                return
            outcome = await _deliver_one(store, settings, client, channel, alert_id, token)
        tally.count(outcome)
        metrics.record_delivery(channel.name, outcome)
        any_sent = any_sent or outcome == "sent"
        if outcome == "failed" and channel.name in channel_state.disabled_channels(store, settings):
            gone = True

    while True:
        if channel.name in channel_state.disabled_channels(store, settings):
            break  # a 410 in the last batch
        token = claim_token()
        ids = claim(
            store, channel.name, now, limit=batch, lease_s=lease_s, token=token, exclude=seen
        )
        if not ids:
            break
        seen.update(ids)
        await asyncio.gather(*(one(alert_id, token) for alert_id in ids))
    if any_sent and channel.name != settings.monitor.operator_channel:
        from monitor.alerts.operator import resolve_incident

        resolve_incident(store, settings, f"alerts-failing:{channel.name}")


def claim_token() -> str:
    """host:pid:random, so a dead local claimer can be recognised."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def claim(
    store: Store,
    channel: str,
    now: datetime,
    *,
    limit: int,
    lease_s: float,
    token: str,
    exclude: set[int] | None = None,
) -> list[int]:
    """Mark up to ``limit`` due alerts of a channel ``sending`` for this sender; their ids."""
    from sqlmodel import col, select

    from monitor.models import Alert

    started = utcnow()
    due = (
        select(Alert.id)
        .where(Alert.channel == channel)
        .where(Alert.status == "pending")
        .where(col(Alert.next_attempt_at) <= now)
    )
    if exclude:
        due = due.where(col(Alert.id).not_in(sorted(exclude)))
    due = (
        due.order_by(col(Alert.next_attempt_at), col(Alert.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    statement = (
        update(Alert)
        .where(col(Alert.id).in_(due.scalar_subquery()))
        .where(col(Alert.status) == "pending")
        .values(
            status="sending",
            claimed_at=started,
            claimed_by=token,
            claim_expires_at=started + timedelta(seconds=lease_s),
        )
        .returning(col(Alert.id))
    )
    with store.session() as session:
        ids = sorted(i for i in session.connection().execute(statement).scalars() if i is not None)
    return ids


def release(store: Store, alert_id: int, token: str) -> None:
    """Hand a claimed alert back unsent (no attempt is recorded)."""
    from sqlmodel import col

    from monitor.models import Alert

    with store.session() as session:
        session.connection().execute(
            update(Alert)
            .where(col(Alert.id) == alert_id)
            .where(col(Alert.claimed_by) == token)
            .where(col(Alert.status) == "sending")
            .values(status="pending", claimed_at=None, claimed_by=None, claim_expires_at=None)
        )


async def _deliver_one(
    store: Store,
    settings: Settings,
    client: httpx.AsyncClient,
    channel: ChannelSettings,
    alert_id: int,
    token: str,
) -> str:
    from monitor.models import Alert

    with store.session() as session:
        alert = session.get(Alert, alert_id)
        if alert is None or alert.status != "sending" or alert.claimed_by != token:
            return "lost"
        message = _build_message(session, store, channel, alert)
        msg_id = message_id(alert)
    if message is None:
        return _record(store, settings, channel, alert_id, token, skipped=True)
    started = time.monotonic()
    try:
        status = await _send(client, channel, msg_id, message)
    except DeliveryError as exc:
        return _record(
            store,
            settings,
            channel,
            alert_id,
            token,
            error=str(exc),
            status=getattr(exc, "status", None),
            started=started,
            retryable=exc.retryable,
            retry_after=exc.retry_after,
            message=message,
        )
    return _record(
        store, settings, channel, alert_id, token, status=status, started=started, message=message
    )


def _build_message(
    session: Session, store: Store, channel: ChannelSettings, alert: Alert
) -> _Message | None:
    """The alert's message from what is stored now; None when the channel does not want it."""
    from sqlmodel import col, select

    from monitor.alerts.payload import (
        Digest,
        digest_body,
        digest_message,
        email_message,
        incident_message,
        webhook_body,
    )
    from monitor.models import Alert, Story

    if alert.type == "incident":
        body = dict(alert.payload or {})
        return _Message(
            body=body,
            email=lambda sender, to, mid: incident_message(
                body, sender=sender, recipients=to, message_id=mid
            ),
        )
    if alert.type == "digest":
        members = session.exec(
            select(Alert).where(Alert.digest_id == alert.id).order_by(col(Alert.id))
        ).all()
        events, member_ids = [], []
        for member in members:
            story = session.get(Story, member.story_id) if member.story_id else None
            if story is None:
                continue
            event = build_event(session, store, story)
            if wants(channel, inspection_type=event.inspection_type, judgement=event.judgement):
                events.append(event)
                assert member.id is not None
                member_ids.append(member.id)
            else:
                member.status, member.last_error = "skipped", _not_subscribed(event)
        if not events:
            return None
        info = alert.payload or {}
        digest = Digest(
            digest_id=alert.event_id,
            mode=str(info.get("mode") or channel.mode),
            since=_parse_time(info.get("since")),
            until=_parse_time(info.get("until")) or aware(alert.created_at) or utcnow(),
            events=tuple(events),
        )
        return _Message(
            body=digest_body(digest),
            email=lambda sender, to, mid: digest_message(
                digest, sender=sender, recipients=to, message_id=mid
            ),
            members=member_ids,
        )
    story = session.get(Story, alert.story_id) if alert.story_id else None
    if story is None:
        raise RuntimeError(f"alert {alert.id} has no story")
    event = build_event(session, store, story)
    if not wants(channel, inspection_type=event.inspection_type, judgement=event.judgement):
        alert.last_error = _not_subscribed(event)
        return None
    return _Message(
        body=webhook_body(event),
        email=lambda sender, to, mid: email_message(
            event, sender=sender, recipients=to, message_id=mid
        ),
    )


def _not_subscribed(event: AlertEvent) -> str:
    return (
        f"not sent: the channel does not subscribe to {event.inspection_type} / {event.judgement}"
    )


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    return aware(datetime.fromisoformat(value.replace("Z", "+00:00")))


async def _send(
    client: httpx.AsyncClient, channel: ChannelSettings, msg_id: str, message: _Message
) -> int | None:
    from monitor.alerts.email import send_email
    from monitor.alerts.payload import webhook_bytes
    from monitor.alerts.webhook import send_webhook

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
            body=webhook_bytes(message.body),
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
    email = message.email(channel.from_, list(channel.to), f"<{msg_id}@{domain}>")
    await asyncio.to_thread(
        send_email, channel, email, password=password, timeout=send_deadline_s(channel)
    )
    return None


def _record(
    store: Store,
    settings: Settings,
    channel: ChannelSettings,
    alert_id: int,
    token: str,
    *,
    error: str | None = None,
    status: int | None = None,
    started: float | None = None,
    retryable: bool = True,
    retry_after: float | None = None,
    message: _Message | None = None,
    skipped: bool = False,
) -> str:
    """Record one attempt and move the alert on, in one transaction; returns the outcome."""
    from monitor.models import Alert

    now = utcnow()
    incident: tuple[str, str] | None = None
    with store.session() as session:
        alert = session.get(Alert, alert_id)
        assert alert is not None
        if alert.status != "sending" or alert.claimed_by != token:
            # our lease ran out and another sender took the alert over: leave it to them
            log.warning("alert claim lost alert_id=%s channel=%s", alert_id, alert.channel)
            return "lost"
        alert.claimed_at = alert.claimed_by = alert.claim_expires_at = None
        if skipped:
            return _mark_skipped(alert)
        _count_attempt(
            session, alert, alert_id, now=now, status=status, error=error, started=started
        )
        if message is not None:
            alert.payload = message.body
        if error is None:
            return _mark_sent(session, alert, message, now=now)
        alert.last_error = error
        incident = _disable_if_gone(session, channel, error=error, status=status, now=now)
        if not retryable or alert.attempts >= settings.monitor.alert_max_attempts:
            _mark_failed(alert, error)
            if incident is None:
                incident = _failing_incident(channel, error)
            outcome = "failed"
        else:
            _schedule_retry(alert, error, retry_after=retry_after, now=now)
            outcome = "retrying"
    if incident is not None and channel.name != settings.monitor.operator_channel:
        from monitor.alerts.operator import open_incident

        open_incident(store, settings, *incident)
    return outcome


def _mark_skipped(alert: Alert) -> str:
    """The channel wants none of it: the alert is skipped, with no attempt recorded."""
    alert.status = "skipped"
    if alert.type == "digest":
        alert.last_error = "not sent: no event in it is subscribed"
    log.info("alert skipped alert_id=%s channel=%s", alert.id, alert.channel)
    return "skipped"


def _count_attempt(
    session: Session,
    alert: Alert,
    alert_id: int,
    *,
    now: datetime,
    status: int | None,
    error: str | None,
    started: float | None,
) -> None:
    """Count the attempt on the alert and store it (time, status code or error, duration)."""
    from monitor.models import AlertAttempt

    alert.attempts += 1
    session.add(
        AlertAttempt(
            alert_id=alert_id,
            at=now,
            status_code=status,
            error=error,
            duration_ms=_millis(time.monotonic() - (started or time.monotonic())),
        )
    )


def _mark_sent(session: Session, alert: Alert, message: _Message | None, *, now: datetime) -> str:
    """The alert was delivered: it is sent, and so is every digest member it carried."""
    from sqlmodel import col

    from monitor.models import Alert

    alert.status, alert.sent_at, alert.last_error = "sent", now, None
    if message is not None and message.members:
        session.connection().execute(
            update(Alert)
            .where(col(Alert.id).in_(message.members))
            .values(status="sent", sent_at=now, last_error=None)
        )
    log.info(
        "alert sent alert_id=%s channel=%s event=%s",
        alert.id,
        alert.channel,
        alert.event_id,
    )
    return "sent"


def _disable_if_gone(
    session: Session, channel: ChannelSettings, *, error: str, status: int | None, now: datetime
) -> tuple[str, str] | None:
    """A webhook receiver that answered 410 Gone disables its channel; the incident to open."""
    if not (status == 410 and channel.kind == "webhook"):
        return None
    channel_state.disable(session, channel, reason=error, now=now)
    return (
        f"channel-disabled:{channel.name}",
        f"channel {channel.name} was disabled: its receiver answered 410 Gone",
    )


def _mark_failed(alert: Alert, error: str) -> None:
    """The alert is failed: not retryable, or out of attempts."""
    alert.status = "failed"
    log.warning(
        "alert failed alert_id=%s channel=%s attempts=%d error=%s",
        alert.id,
        alert.channel,
        alert.attempts,
        error,
    )


def _failing_incident(channel: ChannelSettings, error: str) -> tuple[str, str]:
    """The operator incident for a channel whose alerts are failing."""
    return (
        f"alerts-failing:{channel.name}",
        f"alerts to channel {channel.name} are failing: {error}",
    )


def _schedule_retry(alert: Alert, error: str, *, retry_after: float | None, now: datetime) -> None:
    """The alert goes back to pending, due again after the retry schedule's next delay."""
    delay = next_delay(alert.attempts, retry_after)
    alert.status = "pending"
    alert.next_attempt_at = now + timedelta(seconds=delay)
    log.warning(
        "alert retry alert_id=%s channel=%s attempt=%d in=%.0fs error=%s",
        alert.id,
        alert.channel,
        alert.attempts,
        delay,
        error,
    )


def next_delay(attempts: int, retry_after: float | None = None) -> float:
    """Seconds before the next attempt after ``attempts`` failures (jittered)."""
    base = RETRY_DELAYS_S[min(attempts, len(RETRY_DELAYS_S)) - 1]
    delay = base * random.uniform(1 - JITTER, 1 + JITTER)
    return max(delay, retry_after or 0.0)


# -- recovery and maintenance ----------------------------------------------------------------


def _claimer_is_dead(claimed_by: str | None) -> bool:
    """True when the claim was made on this host by a process that no longer exists."""
    if not claimed_by:
        return True
    host, _, rest = claimed_by.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def recover_abandoned(store: Store, settings: Settings) -> int:
    """Take back ``sending`` rows whose sender died; returns how many (see module docstring)."""
    from monitor.tables import ALERT as table

    now = utcnow()
    wanted = ("id", "channel", "claimed_by", "claimed_at", "claim_expires_at", "interruptions")
    with store.connection() as session:  # a Core statement: a run with nothing to recover
        rows = session.execute(  # builds no ORM objects (and compiles no ORM query)
            sa_select(*(table.c[name] for name in wanted)).where(table.c.status == "sending")
        ).all()
    recovered = 0
    for alert in rows:
        expires = aware(alert.claim_expires_at)
        if not (expires is None or expires < now or _claimer_is_dead(alert.claimed_by)):
            continue
        from sqlmodel import col

        from monitor.models import Alert, AlertAttempt

        interruptions = alert.interruptions + 1
        give_up = interruptions >= MAX_INTERRUPTIONS
        error = (
            "interrupted: the sender stopped before recording the outcome "
            "(the receiver may have got it)"
        )
        if give_up:
            error += (
                f"; interrupted {interruptions} times, not sent again automatically "
                "(monitor alerts retry ID)"
            )
        with store.session() as session:
            result = session.connection().execute(
                update(Alert)
                .where(col(Alert.id) == alert.id)
                .where(col(Alert.status) == "sending")
                .where(col(Alert.claimed_by) == alert.claimed_by)
                .values(
                    status="failed" if give_up else "pending",
                    interruptions=interruptions,
                    attempts=Alert.attempts + 1,
                    last_error=error,
                    next_attempt_at=now,
                    claimed_at=None,
                    claimed_by=None,
                    claim_expires_at=None,
                )
            )
            if result.rowcount != 1:
                continue
            assert alert.id is not None
            claimed = aware(alert.claimed_at) or now
            session.add(
                AlertAttempt(
                    alert_id=alert.id,
                    at=claimed,
                    error=error,
                    duration_ms=_millis((now - claimed).total_seconds()),
                )
            )
        recovered += 1
        log.warning(
            "alert claim abandoned alert_id=%s channel=%s claimed_by=%s action=%s",
            alert.id,
            alert.channel,
            alert.claimed_by,
            "failed" if give_up else "resend",
        )
    return recovered


def fail_unconfigured(store: Store, settings: Settings) -> int:
    """Alerts waiting for a channel that is no longer in the config become ``failed``."""
    from monitor.tables import ALERT

    names = [c.name for c in settings.channels]
    with store.connection() as connection:  # Core: every delivery round runs it
        result = connection.execute(
            update(ALERT)
            .where(ALERT.c.status.in_(["pending", "held"]))
            .where(ALERT.c.channel.not_in(names) if names else ALERT.c.id.is_not(None))
            .values(status="failed", last_error="the channel is no longer configured")
        )
        return int(result.rowcount or 0)


def requeue(store: Store, alert_ids: list[int] | None) -> list[int]:
    """Put failed alerts back in the queue (all failed ones when ``alert_ids`` is None).

    Returns the ids requeued. Their attempt history is kept; the attempt count starts again.
    """
    from sqlmodel import col, select

    from monitor.models import Alert

    now = utcnow()
    with store.session() as session:
        query = select(Alert).where(Alert.status == "failed")
        if alert_ids is not None:
            query = query.where(col(Alert.id).in_(alert_ids))
        rows = session.exec(query.order_by(col(Alert.id))).all()
        for alert in rows:
            alert.status, alert.next_attempt_at, alert.attempts = "pending", now, 0
            alert.interruptions = 0
        return [a.id for a in rows if a.id is not None]
