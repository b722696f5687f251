"""The one clock: every decision that depends on "now" asks :func:`now`.

Leases, retries, windows, digests, schedules, fetch state and timestamps written to the
database all read this module, never ``datetime.now`` directly, so a run can be placed at any
moment by its entry point:

- the wall clock (UTC) by default;
- a replay run (``replay = "cassettes"``) runs on the time its recordings were made
  (``recorded_at`` in ``replay.toml``), so the bundled demo gives the same stories, links and
  alerts on any day (:func:`replay_clock`);
- tests pin it with :func:`use` (or the ``clock`` fixture) and pass on any date.

Only "now" lives here. Elapsed-time measurements (politeness gaps, durations, timeouts) use
``time.monotonic`` where they are taken: they measure, they do not decide.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]


def wall() -> datetime:
    """The system's time in UTC."""
    return datetime.now(UTC)


_current: Clock = wall


def now() -> datetime:
    """The current time (timezone-aware, UTC) of whatever clock is in force."""
    return _current()


def current() -> Clock:
    """The clock in force (to hand to code that takes a clock callable)."""
    return _current


def set_clock(clock: Clock | None) -> Clock:
    """Put ``clock`` in force for the process (None: the wall clock); returns the old one."""
    global _current
    previous = _current
    _current = clock or wall
    return previous


@contextmanager
def use(clock: Clock | datetime) -> Iterator[Clock]:
    """Run a block under ``clock`` (a callable, or a fixed time), then restore the old one."""
    fn = fixed(clock) if isinstance(clock, datetime) else clock
    previous = set_clock(fn)
    try:
        yield fn
    finally:
        set_clock(previous)


def fixed(at: datetime) -> Clock:
    """A clock that always says ``at``."""
    at = _utc(at)
    return lambda: at


def ticking(start: datetime) -> Clock:
    """A clock that starts at ``start`` and advances with real elapsed time."""
    start = _utc(start)
    origin = time.monotonic()
    return lambda: start + timedelta(seconds=time.monotonic() - origin)


def replay_clock(recorded_at: datetime, *, tick: bool = False) -> Clock:
    """The clock of a replay run: the moment the recordings were made.

    Frozen for one-off commands, so their output is the same on any day; ``tick`` (for
    ``serve``) lets it advance from there so schedules still fall due.
    """
    return ticking(recorded_at) if tick else fixed(recorded_at)


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes: they are UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value
