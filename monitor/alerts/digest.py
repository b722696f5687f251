"""Daily and weekly digests: one message per channel gathering the events since the last one.

A channel with ``mode = "daily"`` or ``"weekly"`` gets its report alerts as ``held`` rows.
At each scheduled time (``digest_at``, local to ``timezone``; weekly on ``digest_day``) the
next delivery run gathers every held alert created up to that time into one ``digest`` alert
(``event_id`` ``digest-<channel>-<local time>``, unique, so two workers cannot build it twice)
and marks them ``digested``; the digest is then sent, retried and recorded like any alert, and
its members become ``sent`` with it. No held alerts, no digest. A run that starts late (the
service was down at 08:00) builds the missed digest at once.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from monitor.config import ChannelSettings, Settings
from monitor.store import Conflict, Store, aware

log = logging.getLogger(__name__)

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def last_digest_time(channel: ChannelSettings, now: datetime) -> datetime:
    """The latest scheduled digest time at or before ``now`` (aware UTC)."""
    zone = ZoneInfo(channel.timezone)
    local = now.astimezone(zone)
    hour, minute = (int(part) for part in channel.digest_at.split(":"))

    def at(day: date) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=zone)

    day = local.date()
    if channel.mode == "weekly":
        day -= timedelta(days=(local.weekday() - WEEKDAYS.index(channel.digest_day)) % 7)
        step = timedelta(days=7)
    else:
        step = timedelta(days=1)
    if at(day) > local:
        day -= step
    return at(day).astimezone(UTC)


def digest_event_id(channel: ChannelSettings, until: datetime) -> str:
    local = until.astimezone(ZoneInfo(channel.timezone))
    return f"digest-{channel.name}-{local:%Y%m%dT%H%M}"


def build_due_digests(store: Store, settings: Settings, now: datetime) -> int:
    """Build every digest whose time has come and that has events; returns how many."""
    built = 0
    for channel in settings.channels:
        if channel.mode == "immediate" or channel.name == settings.monitor.operator_channel:
            continue
        from sqlmodel import col, select

        from monitor.models import Alert, ChannelState

        until = last_digest_time(channel, now)
        event_id = digest_event_id(channel, until)
        try:
            with store.session() as session:
                exists = session.exec(
                    select(Alert.id).where(
                        Alert.event_id == event_id, Alert.channel == channel.name
                    )
                ).first()
                if exists is not None:
                    continue
                members = session.exec(
                    select(Alert)
                    .where(Alert.channel == channel.name)
                    .where(Alert.status == "held")
                    .where(col(Alert.created_at) <= until)
                    .order_by(col(Alert.id))
                ).all()
                if not members:
                    continue
                state = session.get(ChannelState, channel.name)
                if state is None:
                    state = ChannelState(name=channel.name)
                    session.add(state)
                since = aware(state.last_digest_at)
                digest = Alert(
                    event_id=event_id,
                    story_id=None,
                    channel=channel.name,
                    kind=channel.kind,
                    type="digest",
                    status="pending",
                    created_at=now,
                    next_attempt_at=now,
                    payload={
                        "mode": channel.mode,
                        "since": since.isoformat() if since else None,
                        "until": until.isoformat(),
                        "members": len(members),
                    },
                )
                session.add(digest)
                session.flush()
                for member in members:
                    member.status, member.digest_id = "digested", digest.id
                state.last_digest_at = until
        except Conflict:
            continue  # another worker built it first
        built += 1
        log.info("digest built channel=%s event=%s alerts=%d", channel.name, event_id, len(members))
    return built
