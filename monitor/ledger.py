"""A whole cycle's source bookkeeping, read once and written once (``run --once``).

Per source the cycle needs its health row (is it inside a Retry-After?), the validators of
its URL (conditional GET) and, afterwards, writes both back. Done per source that is several
sessions and two write transactions, which is most of a warm cycle's cost when every feed
answers 304. :class:`Ledger` instead

- reads every chosen source's health row, the fetch state of their URLs and the open source
  incidents in three queries when the cycle starts;
- keeps the 304s' fetch times and each source's new health in memory;
- writes them in one transaction at the end (:meth:`Ledger.flush`), with the weekly counts
  of the adaptive interval read in one grouped query at that moment (so the items the cycle
  stored count, as they do per source);
- asks :func:`monitor.alerts.operator.check_source` only about sources whose incidents could
  change (a failure, an open incident, or silence past ``operator_silence``);
- hands the fetcher the robots.txt answers of the last day (:meth:`Ledger.robots`, one
  query) and saves the ones this run fetched (:meth:`Ledger.save_robots`), so a run within a
  day of the last asks no host for robots.txt again (with one publisher per host that was
  half the requests of a cycle whose feeds answer 304).

A crash before the flush loses only that bookkeeping: the next run fetches again, and the
items and the validators of a changed feed were committed together already
(:func:`monitor.batch.apply`). ``serve`` runs one source per job and keeps the per-source
path (no ledger).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from monitor.database import Book, Database, chunks
from monitor.errors import DatabaseError

if TYPE_CHECKING:
    from monitor.config import Settings, SourceSettings
    from monitor.fetchstate import FetchStateRow
    from monitor.store import Store

log = logging.getLogger(__name__)

_INCIDENT_KINDS = ("failing", "layout", "silent")

# plain SQL on the bookkeeping connection (monitor.database): rows as tuples, no ORM objects,
# no unit of work (building 200 SourceState objects cost more than the queries), and on a
# SQLite file no SQLAlchemy at all


@dataclass
class SourceRow:
    """A source's health row (the ``source`` table, :class:`~monitor.models.SourceState`'s
    columns) as the flush reads, updates and writes it."""

    name: str
    kind: str
    url: str
    last_fetch_at: datetime | None = None
    last_success_at: datetime | None = None
    last_change_at: datetime | None = None
    last_status: int | None = None
    last_error: str | None = None
    failures_in_a_row: int = 0
    interval_s: int = 1800
    next_fetch_at: datetime | None = None
    items_seen: int = 0
    failures_total: int = 0
    retry_after_until: datetime | None = None
    last_warning: str | None = None


_ROW_COLUMNS = tuple(f.name for f in fields(SourceRow))
_DATETIMES = frozenset(
    ("last_fetch_at", "last_success_at", "last_change_at", "next_fetch_at", "retry_after_until")
)
_SELECT_SOURCE = f"SELECT {', '.join(_ROW_COLUMNS)} FROM source WHERE name IN "
_UPDATE_SOURCE = (
    f"UPDATE source SET {', '.join(f'{c} = ?' for c in _ROW_COLUMNS if c != 'name')} WHERE name = ?"
)
_INSERT_SOURCE = (
    f"INSERT INTO source ({', '.join(_ROW_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _ROW_COLUMNS)})"
)


def _read_row(values: tuple[object, ...]) -> SourceRow:
    return SourceRow(
        *(Book.when(v) if c in _DATETIMES else v for c, v in zip(_ROW_COLUMNS, values, strict=True))  # type: ignore[arg-type]
    )


def _row_values(book: Book, row: SourceRow) -> list[object]:
    return [book.ts(getattr(row, c)) if c in _DATETIMES else getattr(row, c) for c in _ROW_COLUMNS]


class Validators(NamedTuple):
    """A URL's stored conditional-GET validators, as the cycle started."""

    etag: str | None
    last_modified: str | None


@dataclass
class Pending:
    """One source's outcome waiting for the flush."""

    source: SourceSettings
    started: datetime
    apply: Callable[[SourceRow, int], None]  # (state, weekly count) -> state updated


class Ledger:
    """What a cycle of many sources knows up front and writes back at the end."""

    def __init__(self, store: Store | Database, sources: Iterable[SourceSettings]) -> None:
        self.db = Database.of(store)
        chosen = list(sources)
        names = [s.name for s in chosen]
        urls = [s.location for s in chosen]
        self._retry_after: dict[str, datetime | None] = {}
        self._fetch: dict[str, Validators | None] = dict.fromkeys(urls)
        self._open: set[str] = set()
        with self.db.bookkeeping() as book:
            for part in chunks(names):
                rows = book.rows(
                    "SELECT name, retry_after_until FROM source WHERE name IN "
                    f"({book.placeholders(len(part))})",
                    part,
                )
                for name, until in rows:
                    self._retry_after[name] = Book.when(until)
            for part in chunks(urls):
                states = book.rows(
                    "SELECT url, etag, last_modified FROM fetch_state WHERE url IN "
                    f"({book.placeholders(len(part))})",
                    part,
                )
                for url, etag, last_modified in states:
                    self._fetch[url] = Validators(etag, last_modified)
            self._open = {
                key
                for (key,) in book.rows(
                    'SELECT "key" FROM incident WHERE resolved_at IS NULL AND "key" LIKE ?',
                    ("source-%",),
                )
            }
        self._stored_urls = {url for url, fetch in self._fetch.items() if fetch is not None}
        self._never_fetched = len(self._fetch) - len(self._stored_urls)
        self._fetched: dict[str, tuple[FetchStateRow, datetime]] = {}
        self._pending: list[Pending] = []

    @property
    def never_fetched(self) -> int:
        """Sources that had no fetch state as the cycle started (their first fetch)."""
        return self._never_fetched

    def retry_after_until(self, name: str) -> datetime | None:
        """Until when the source's server asked us to wait, as the cycle started."""
        return self._retry_after.get(name)

    def has_fetch_state(self, url: str) -> bool:
        return url in self._fetch

    def fetch_state(self, url: str) -> Validators | None:
        """The URL's validators as loaded (None: never fetched); asked once (a second fetch
        reads the database)."""
        return self._fetch.pop(url)

    def fetched(self, row: FetchStateRow, now: datetime) -> None:
        """A 304 (or another fetch with nothing to store): saved at the flush."""
        self._fetched[row.url] = (row, now)

    def record(self, pending: Pending) -> None:
        self._pending.append(pending)

    def flush(self, settings: Settings, now: datetime) -> list[str]:
        """Write the fetch times and health rows in one transaction; the names to check."""
        from monitor.fetchstate import save_fetch_state, save_fetch_times
        from monitor.schedule import weekly_counts

        if not self._pending and not self._fetched:
            return []
        since = min((p.started for p in self._pending), default=None)
        names = [p.source.name for p in self._pending]
        counts = weekly_counts(self.db, names, since)
        with self.db.bookkeeping() as book:
            times = []  # a 304 of a URL whose row was read at the start: only its time
            for row, fetched_at in self._fetched.values():
                if not row.modified and row.url in self._stored_urls:
                    times.append((row.url, fetched_at))
                else:
                    save_fetch_state(book, row, fetched_at)
            save_fetch_times(book, times)
            # read again inside the transaction: the counters go on from what is stored now
            stored = {
                r[0]: _read_row(r)  # the columns in the fields' order
                for part in chunks(names)
                for r in book.rows(f"{_SELECT_SOURCE}({book.placeholders(len(part))})", part)
            }
            states: dict[str, SourceRow] = {}
            new: list[SourceRow] = []
            for p in self._pending:
                name = p.source.name
                state = states.get(name) or stored.get(name)
                if state is None:
                    state = SourceRow(name=name, kind=p.source.kind, url=p.source.location)
                    new.append(state)
                states[name] = state
                state.kind, state.url = p.source.kind, p.source.location
                p.apply(state, counts.get(name, 0))
            changed = [s for s in states.values() if s.name in stored]
            book.executemany(_UPDATE_SOURCE, [[*_row_values(book, s)[1:], s.name] for s in changed])
            book.executemany(_INSERT_SOURCE, [_row_values(book, s) for s in new])
        silence = settings.monitor.operator_silence
        check = []
        for p in self._pending:
            state = states[p.source.name]
            changed_at = state.last_change_at
            if (
                state.failures_in_a_row
                or any(f"source-{k}:{p.source.name}" in self._open for k in _INCIDENT_KINDS)
                or (changed_at is not None and now - changed_at > silence)
            ):
                check.append(p.source.name)
        self._fetched.clear()
        self._pending.clear()
        return check

    def robots(self, now: datetime) -> list[tuple[str, int, bytes, float]]:
        """The robots.txt answers of the last ``ROBOTS_TTL_S`` (host, status, body, age s)."""
        from monitor.politeness import ROBOTS_TTL_S

        since = now - timedelta(seconds=ROBOTS_TTL_S)
        with self.db.bookkeeping() as book:
            rows = book.rows(
                "SELECT host, status, body, fetched_at FROM robots_txt WHERE fetched_at >= ?",
                (book.ts(since),),
            )
        return [
            (host, status, bytes(body or b""), (now - Book.when(fetched_at)).total_seconds())  # type: ignore[operator]
            for host, status, body, fetched_at in rows
        ]

    def save_robots(self, answers: dict[str, tuple[int, bytes]], now: datetime) -> None:
        """The robots.txt answers this run fetched, for the next run (best effort: another
        process saving the same host at once only costs the next run a request)."""
        if not answers:
            return
        try:  # the hosts' old rows out, the new ones in: three statements, not one per host
            with self.db.bookkeeping() as book:
                for part in chunks(list(answers)):
                    book.execute(
                        f"DELETE FROM robots_txt WHERE host IN ({book.placeholders(len(part))})",
                        part,
                    )
                book.executemany(
                    "INSERT INTO robots_txt (host, status, body, fetched_at) VALUES (?, ?, ?, ?)",
                    [
                        (host, status, body, book.ts(now))
                        for host, (status, body) in answers.items()
                    ],
                )
        except DatabaseError as exc:
            log.info("robots.txt answers not saved: %s", exc)
