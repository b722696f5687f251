"""Channel state kept in the database: a channel its receiver disabled with ``410 Gone``.

A webhook answering 410 says the endpoint is gone for good, so the channel is disabled at
once with a loud log line, and an operator incident is opened. Its other alerts stay
``pending`` (nothing is lost) and are not sent while it is disabled. It is enabled again by
``monitor alerts enable CHANNEL`` or by changing its ``url`` in the config.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select as sa_select

from monitor.config import ChannelSettings, Settings
from monitor.store import Store

if TYPE_CHECKING:
    from sqlmodel import Session

log = logging.getLogger(__name__)


def _location(channel: ChannelSettings) -> str:
    return channel.url or f"{channel.host}:{channel.smtp_port}"


def disable(session: Session, channel: ChannelSettings, *, reason: str, now: datetime) -> None:
    """Disable a channel (in the caller's transaction) and say so loudly."""
    from monitor.models import ChannelState

    state = session.get(ChannelState, channel.name)
    if state is None:
        state = ChannelState(name=channel.name)
        session.add(state)
    state.disabled_at, state.disabled_reason = now, reason[:500]
    state.disabled_url = _location(channel)
    log.error(
        "CHANNEL DISABLED channel=%s: the receiver answered 410 Gone; its alerts wait until "
        "`monitor alerts enable %s` or a new url in the config",
        channel.name,
        channel.name,
    )


def disabled_channels(store: Store, settings: Settings) -> dict[str, str]:
    """Configured channels that are disabled now, with the reason."""
    from monitor.tables import CHANNEL_STATE as table

    with store.connection() as session:  # Core: every delivery round asks, mostly for nothing
        rows = session.execute(
            sa_select(table.c.name, table.c.disabled_url, table.c.disabled_reason).where(
                table.c.disabled_at.is_not(None)
            )
        ).all()
    out = {}
    for state in rows:
        try:
            channel = settings.channel(state.name)
        except KeyError:
            continue
        if state.disabled_url == _location(channel):
            out[state.name] = state.disabled_reason or "disabled"
    return out


def enable(store: Store, name: str) -> bool:
    """Enable a disabled channel again; False if it was not disabled."""
    from monitor.models import ChannelState

    with store.session() as session:
        state = session.get(ChannelState, name)
        if state is None or state.disabled_at is None:
            return False
        state.disabled_at = state.disabled_reason = state.disabled_url = None
    log.warning("channel enabled channel=%s", name)
    return True
