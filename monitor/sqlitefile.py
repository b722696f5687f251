"""A SQLite file: its URL, its connection set up as the Store's, its migration lock.

Shared by :mod:`monitor.store` (SQLAlchemy's pool) and :mod:`monitor.database` (a cycle's
bookkeeping on the standard library's ``sqlite3``), so both open the file the same way.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote

from monitor.errors import DatabaseError

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_S = 30.0


def sqlite_file(url: str) -> tuple[str, float] | None:
    """``(path, busy timeout s)`` of a plain SQLite file URL (``sqlite:///PATH``, optionally
    ``?timeout=SECONDS``); None for anything else (another backend or driver, memory, a
    ``file:`` URI, other query options), which the Store opens."""
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        return None
    path, _, query = url[len(prefix) :].partition("?")
    options = dict(parse_qsl(query, keep_blank_values=True))
    if not path or path == ":memory:" or path.startswith("file:") or set(options) - {"timeout"}:
        return None
    try:
        busy_s = float(options.get("timeout", SQLITE_BUSY_TIMEOUT_S))
    except ValueError:
        return None
    return unquote(path), busy_s


def set_up(connection: Any, busy_s: float) -> None:
    """Every connection to the file, the Store's and the bookkeeping's: a busy timeout, WAL,
    ``synchronous=NORMAL``, foreign keys."""
    cursor = connection.cursor()
    try:
        # first: switching to WAL on a new file may itself have to wait for another process
        cursor.execute(f"PRAGMA busy_timeout={int(busy_s * 1000)}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def open_sqlite(path: str, busy_s: float) -> sqlite3.Connection:
    """A ``sqlite3`` connection to the file, set up as the Store's."""
    connection = sqlite3.connect(path, timeout=busy_s, check_same_thread=False)
    try:
        set_up(connection, busy_s)
    except sqlite3.Error:
        connection.close()
        raise
    return connection


@contextmanager
def file_lock(path: Path, wait_s: float) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path`` (created if need be), waiting up to ``wait_s``.

    Without ``fcntl`` (Windows) or where the file cannot be created (a read-only directory),
    nothing is locked: a single process is then assumed.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    try:
        handle = open(path, "a+b")  # noqa: SIM115 - held open across the yield
    except OSError as exc:
        log.debug("no migration lock file %s: %s", path, exc)
        yield
        return
    with handle:
        deadline = time.monotonic() + wait_s
        waited = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not waited:
                    log.info("another process is migrating the database; waiting for it")
                    waited = True
                if time.monotonic() > deadline:
                    raise DatabaseError(
                        f"another process has held {path} for more than {wait_s:.0f}s"
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
