"""A URL's conditional-GET state (validators and fetch times): the row and its upsert.

Kept apart from :mod:`monitor.batch` so that a cycle with nothing to store (every feed 304)
saves its fetch times without importing the deduplication and decision code.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, update

from monitor import tables

FETCH = tables.FETCH_STATE


@dataclass(frozen=True)
class FetchStateRow:
    """A URL's conditional-GET state, saved with the items it brought."""

    url: str
    source: str
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    modified: bool  # False: a 304 (only the time is updated)


def save_fetch_state(connection: Connection, row: FetchStateRow, now: datetime) -> None:
    """Insert or update a URL's conditional-GET state (the validators only after a 200): one
    ``INSERT ... ON CONFLICT (url) DO UPDATE`` (SQLite and PostgreSQL both have it)."""
    values: dict[str, Any] = {
        "url": row.url,
        "source": row.source,
        "first_fetched_at": now,
        "last_fetched_at": now,
    }
    if row.modified:
        values.update(etag=row.etag, last_modified=row.last_modified, content_hash=row.content_hash)
    connection.execute(_upsert(connection.dialect.name, row.modified), values)


@functools.cache
def _upsert(dialect: str, modified: bool) -> Any:
    """The upsert of a fetch state, built once per dialect: after a 200 it sets the validators
    and the time, after a 304 only the time."""
    dialect_insert: Any
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    names = ["url", "source", "first_fetched_at", "last_fetched_at"]
    updated = ["last_fetched_at"]
    if modified:
        names += ["etag", "last_modified", "content_hash"]
        updated += ["etag", "last_modified", "content_hash"]
    statement = dialect_insert(FETCH).values({name: bindparam(name) for name in names})
    return statement.on_conflict_do_update(
        index_elements=[FETCH.c.url],
        set_={name: statement.excluded[name] for name in updated},
    )


def save_fetch_times(connection: Connection, fetched: list[tuple[str, datetime]]) -> None:
    """The fetch times of URLs whose row exists (304s): one statement, executed for all."""
    if not fetched:
        return
    statement = (
        update(FETCH)
        .where(FETCH.c.url == bindparam("fetched_url"))
        .values(last_fetched_at=bindparam("fetched_at"))
    )
    connection.execute(
        statement, [{"fetched_url": url, "fetched_at": when} for url, when in fetched]
    )
