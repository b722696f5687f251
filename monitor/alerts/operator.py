"""The operator channel: the service's own trouble, once when it starts and once on recovery.

``[monitor] operator_channel = "name"`` names a configured channel that receives only these
alerts (never report alerts). An *incident* has a key (``source-failing:bbc-england``); while
it is open, opening it again does nothing, so the operator hears once per incident, and once
more when it is resolved. Without an operator channel incidents are still kept and logged.

Other code calls :func:`open_incident` / :func:`resolve_incident`; :func:`check_source` runs
after each fetch of a source (``Cycle._record_source``) and decides on its three incidents:

- ``source-failing:NAME``: ``operator_failure_streak`` failed fetches in a row (default 3);
- ``source-layout:NAME``: a page that parsed before no longer does (at once);
- ``source-silent:NAME``: nothing new for longer than ``operator_silence`` (default 60d).

The outbox opens ``alerts-failing:CHANNEL`` when an alert fails for good and
``channel-disabled:CHANNEL`` on 410 Gone, and resolves the first on the next success.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from monitor import clock
from monitor.config import Settings
from monitor.store import Conflict, Store, aware

if TYPE_CHECKING:
    from monitor.models import Incident

log = logging.getLogger(__name__)

LAYOUT_MARKERS = ("layout", "lists no reports")


def open_incident(
    store: Store, settings: Settings, key: str, message: str, *, now: datetime | None = None
) -> bool:
    """Open an incident (and alert the operator) unless it is open already; True if opened."""
    from monitor.models import Incident

    now = now or clock.now()
    try:
        with store.session() as session:
            incident = session.get(Incident, key)
            if incident is not None and incident.resolved_at is None:
                return False
            if incident is None:
                incident = Incident(key=key, message=message, opened_at=now)
                session.add(incident)
            incident.number += 1
            incident.message, incident.opened_at, incident.resolved_at = message[:500], now, None
            _enqueue(session, settings, incident, resolved=False, now=now)
    except Conflict:
        return False  # opened by another worker at the same moment
    log.error("INCIDENT OPENED key=%s message=%s", key, message)
    return True


def resolve_incident(
    store: Store, settings: Settings, key: str, *, now: datetime | None = None
) -> bool:
    """Resolve an open incident (and tell the operator); True if it was open."""
    from monitor.models import Incident

    now = now or clock.now()
    try:
        with store.session() as session:
            incident = session.get(Incident, key)
            if incident is None or incident.resolved_at is not None:
                return False
            incident.resolved_at = now
            _enqueue(session, settings, incident, resolved=True, now=now)
            message = incident.message
    except Conflict:
        return False
    log.warning("INCIDENT RESOLVED key=%s message=%s", key, message)
    return True


def open_incidents(store: Store) -> list[Incident]:
    from sqlmodel import col, select

    from monitor.models import Incident

    with store.session() as session:
        return list(
            session.exec(
                select(Incident)
                .where(col(Incident.resolved_at).is_(None))
                .order_by(col(Incident.opened_at))
            )
        )


def _enqueue(
    session: object, settings: Settings, incident: Incident, *, resolved: bool, now: datetime
) -> None:
    from monitor.models import Alert

    name = settings.monitor.operator_channel
    if not name:
        return
    try:
        channel = settings.channel(name)
    except KeyError:
        return
    from monitor.alerts.payload import incident_body  # jinja2: only when an incident is sent

    event_id = f"incident-{incident.key}-{incident.number}-{'resolved' if resolved else 'opened'}"
    body = incident_body(
        event_id=event_id,
        key=incident.key,
        message=incident.message,
        opened_at=aware(incident.opened_at) or now,
        resolved_at=now if resolved else None,
    )
    session.add(  # type: ignore[attr-defined]
        Alert(
            event_id=event_id,
            story_id=None,
            channel=channel.name,
            kind=channel.kind,
            type="incident",
            status="pending",
            created_at=now,
            next_attempt_at=now,
            payload=body,
        )
    )


def check_source(store: Store, settings: Settings, name: str) -> None:
    """Open or resolve the source's incidents from its recorded health."""
    from monitor.models import SourceState

    with store.session() as session:
        state = session.get(SourceState, name)
    if state is None:
        return
    now = clock.now()
    failing, layout, silent = (f"source-{what}:{name}" for what in ("failing", "layout", "silent"))
    error = state.last_error or ""
    if state.failures_in_a_row == 0:
        resolve_incident(store, settings, failing, now=now)
        resolve_incident(store, settings, layout, now=now)
    else:
        if state.failures_in_a_row >= settings.monitor.operator_failure_streak:
            open_incident(
                store,
                settings,
                failing,
                f"source {name} has failed {state.failures_in_a_row} times in a row: {error}",
                now=now,
            )
        if any(marker in error for marker in LAYOUT_MARKERS):
            open_incident(
                store, settings, layout, f"source {name} no longer parses: {error}", now=now
            )
    changed = aware(state.last_change_at)
    if changed is None:
        return
    if now - changed > settings.monitor.operator_silence:
        open_incident(
            store,
            settings,
            silent,
            f"source {name} has had nothing new since {changed:%Y-%m-%d %H:%M} UTC",
            now=now,
        )
    else:
        resolve_incident(store, settings, silent, now=now)
