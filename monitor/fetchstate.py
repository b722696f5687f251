"""A URL's conditional-GET state (validators and fetch times): the row and its upsert.

Kept apart from :mod:`monitor.batch` so that a cycle with nothing to store (every feed 304)
saves its fetch times without importing the deduplication and decision code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from monitor.database import Book

if TYPE_CHECKING:
    from sqlalchemy import Connection


@dataclass(frozen=True)
class FetchStateRow:
    """A URL's conditional-GET state, saved with the items it brought."""

    url: str
    source: str
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    modified: bool  # False: a 304 (only the time is updated)


# one ``INSERT ... ON CONFLICT (url) DO UPDATE`` (SQLite and PostgreSQL both have it): after a
# 200 it sets the validators and the time, after a 304 only the time
_UPSERT_TIME = (
    "INSERT INTO fetch_state (url, source, first_fetched_at, last_fetched_at) "
    "VALUES (?, ?, ?, ?) "
    "ON CONFLICT (url) DO UPDATE SET last_fetched_at = excluded.last_fetched_at"
)
_UPSERT_ALL = (
    "INSERT INTO fetch_state "
    "(url, source, first_fetched_at, last_fetched_at, etag, last_modified, content_hash) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (url) DO UPDATE SET last_fetched_at = excluded.last_fetched_at, "
    "etag = excluded.etag, last_modified = excluded.last_modified, "
    "content_hash = excluded.content_hash"
)


def save_fetch_state(connection: Book | Connection, row: FetchStateRow, now: datetime) -> None:
    """Insert or update a URL's conditional-GET state (the validators only after a 200), in
    the transaction of ``connection`` (a bookkeeping one, or a Store connection's)."""
    if not isinstance(connection, Book):
        with Book.on(connection) as book:
            save_fetch_state(book, row, now)
        return
    book = connection
    values = [row.url, row.source, book.ts(now), book.ts(now)]
    if row.modified:
        book.execute(_UPSERT_ALL, [*values, row.etag, row.last_modified, row.content_hash])
    else:
        book.execute(_UPSERT_TIME, values)


def save_fetch_times(book: Book, fetched: list[tuple[str, datetime]]) -> None:
    """The fetch times of URLs whose row exists (304s): one statement, executed for all."""
    book.executemany(
        "UPDATE fetch_state SET last_fetched_at = ? WHERE url = ?",
        [(book.ts(when), url) for url, when in fetched],
    )
