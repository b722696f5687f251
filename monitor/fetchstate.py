"""A URL's conditional-GET state (validators and fetch times): the row and its upsert.

Kept apart from :mod:`monitor.batch` so that a cycle with nothing to store (every feed 304)
saves its fetch times without importing the deduplication and decision code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, update
from sqlmodel import Session

from monitor.models import FetchState

FETCH = FetchState.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class FetchStateRow:
    """A URL's conditional-GET state, saved with the items it brought."""

    url: str
    source: str
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    modified: bool  # False: a 304 (only the time is updated)


def save_fetch_state(session: Session, row: FetchStateRow, now: datetime) -> None:
    """Insert or update a URL's conditional-GET state (the validators only after a 200)."""
    values: dict[str, Any] = {"last_fetched_at": now}
    if row.modified:
        values.update(etag=row.etag, last_modified=row.last_modified, content_hash=row.content_hash)
    changed = session.execute(update(FETCH).where(FETCH.c.url == row.url).values(values))
    if changed.rowcount:  # type: ignore[attr-defined]
        return
    session.execute(
        insert(FETCH).values(
            url=row.url,
            source=row.source,
            first_fetched_at=now,
            **values,
        )
    )


def save_fetch_times(session: Session, fetched: list[tuple[str, datetime]]) -> None:
    """The fetch times of URLs whose row exists (304s): one statement, executed for all."""
    if not fetched:
        return
    statement = (
        update(FETCH)
        .where(FETCH.c.url == bindparam("fetched_url"))
        .values(last_fetched_at=bindparam("fetched_at"))
    )
    session.execute(statement, [{"fetched_url": url, "fetched_at": when} for url, when in fetched])
