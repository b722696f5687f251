"""Telling a database outage from a bug, and saying so once.

A worker that loses its database (a restart, a failover, a network cut) must not fill the log
with one traceback per task, pool connection and retry. :func:`is_connection_error` tells a
lost or refused connection from any other error; :class:`Outage` logs one line when the
database goes and one when it is back; :class:`QuietOutage` is the logging filter that drops
the third-party records (Procrastinate's listener and job tracebacks, psycopg's pool retries)
the outage line stands for. Other errors keep their tracebacks.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

log = logging.getLogger(__name__)

# third-party loggers that report a lost connection in their own words. "asyncio" is there for
# "Task exception was never retrieved": Procrastinate (3.10) never awaits a job's task, so a job
# whose status could not be saved because the database went away is reported when it is
# garbage-collected, with the traceback of the lost connection.
NOISY_LOGGERS = (
    "asyncio",
    "procrastinate.worker",
    "procrastinate.utils",
    "procrastinate.periodic",
    "procrastinate.manager",
    "psycopg.pool",
)


def _chain(exc: BaseException | None) -> Iterator[BaseException]:
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def is_connection_error(exc: BaseException | None) -> bool:
    """True when ``exc`` (or what caused it) is a lost, refused or timed-out connection."""
    kinds: list[type[BaseException]] = [ConnectionError, TimeoutError]
    try:
        import psycopg
        import psycopg_pool

        kinds += [psycopg.OperationalError, psycopg_pool.PoolTimeout]
    except ImportError:  # pragma: no cover (the postgres extra is not installed)
        pass
    from sqlalchemy.exc import DisconnectionError, OperationalError

    kinds += [OperationalError, DisconnectionError]
    return any(isinstance(e, tuple(kinds)) for e in _chain(exc))


class QuietOutage(logging.Filter):
    """Drops third-party records about a lost connection (the :class:`Outage` line says it)."""

    def __init__(self) -> None:
        super().__init__()
        self.last: BaseException | None = None  # the last connection error left out

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("psycopg.pool") and "error connecting" in record.getMessage():
            return False
        if record.exc_info and is_connection_error(record.exc_info[1]):
            self.last = record.exc_info[1]
            return False
        return not (
            record.levelno >= logging.WARNING
            and record.name.startswith("procrastinate")
            and "Database error" in record.getMessage()
        )


class Outage:
    """One line when the database goes, one when it is back (whatever happens in between)."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.since: float | None = None  # time.monotonic() of the first failure

    @property
    def down_now(self) -> bool:
        return self.since is not None

    def down(self, exc: BaseException) -> None:
        if self.since is not None:
            return
        self.since = time.monotonic()
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        cause = next((e for e in _chain(exc) if e is not exc and str(e).strip()), None)
        if cause is not None:
            reason = str(cause).strip().splitlines()[0]
        log.error("database unavailable: %s; retrying with back-off error=%r", self.what, reason)

    def up(self) -> None:
        if self.since is None:
            return
        log.warning("database available again: %s resumed after_s=%.1f", self.what, self.elapsed())
        self.since = None

    def elapsed(self) -> float:
        return 0.0 if self.since is None else time.monotonic() - self.since


def install_quiet_filter(worker_name: str) -> tuple[list[logging.Logger], QuietOutage]:
    """Attach one :class:`QuietOutage` to the noisy loggers (and this worker's own)."""
    quiet = QuietOutage()
    loggers = [
        logging.getLogger(n) for n in (*NOISY_LOGGERS, f"procrastinate.worker.{worker_name}")
    ]
    for logger in loggers:
        logger.addFilter(quiet)
    return loggers, quiet
