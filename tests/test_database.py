"""A cycle's database handle (monitor.database): its bookkeeping statements, on the standard
library's sqlite3 for a SQLite file, must write what the Store writes and read what the Store
wrote, on both backends, and fail as the Store fails."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.database import Database
from monitor.errors import DatabaseError
from monitor.fetchstate import FetchStateRow, save_fetch_state, save_fetch_times
from monitor.sqlitefile import sqlite_file
from monitor.store import Store

WHEN = datetime(2026, 11, 23, 9, 30, 15, 250000, tzinfo=UTC)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:////srv/monitor/monitor.db", ("/srv/monitor/monitor.db", 30.0)),
        ("sqlite:///monitor.db?timeout=5", ("monitor.db", 5.0)),
        ("sqlite:///my%20archive.db", ("my archive.db", 30.0)),
        ("sqlite://", None),  # memory: the Store's single connection holds it
        ("sqlite:///:memory:", None),
        ("sqlite:///file:shared?mode=memory&uri=true", None),
        ("sqlite:///monitor.db?check_same_thread=false", None),  # options the Store reads
        ("sqlite+pysqlite:///monitor.db", None),
        ("postgresql+psycopg://user@db/monitor", None),
    ],
)
def test_only_a_plain_sqlite_file_is_opened_without_the_store(
    url: str, expected: tuple[str, float] | None
) -> None:
    assert sqlite_file(url) == expected


def test_a_warm_start_on_a_sqlite_file_needs_no_store(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'monitor.db'}"
    first = Database(url)
    first.migrate()  # a new file: the Store creates the schema
    assert first.store_opened
    first.close()
    again = Database(url)
    again.migrate()  # at head: checked on the file itself
    assert not again.store_opened
    assert again.count_alerts("pending") == 0 and not again.alerts_waiting()
    again.close()


def test_what_the_bookkeeping_writes_the_store_reads_and_back(database_url: str) -> None:
    store = Store(database_url)
    store.migrate()
    db = Database(database_url)  # on a SQLite file: the standard library's sqlite3
    try:
        with db.bookkeeping() as book:
            save_fetch_state(
                book, FetchStateRow("https://a.example/feed", "a", '"v1"', None, "h", True), WHEN
            )
            save_fetch_state(
                book, FetchStateRow("https://b.example/feed", "b", None, None, None, False), WHEN
            )
        later = WHEN + timedelta(hours=2, microseconds=1)
        with db.bookkeeping() as book:
            save_fetch_times(book, [("https://b.example/feed", later)])
        a = store.fetch_state("https://a.example/feed")
        b = store.fetch_state("https://b.example/feed")
        assert a is not None and b is not None
        assert (a.etag, a.content_hash, a.source) == ('"v1"', "h", "a")
        assert a.last_fetched_at == WHEN and a.first_fetched_at == WHEN
        assert b.last_fetched_at == later and b.first_fetched_at == WHEN and b.etag is None
        # the Store's own write (a feed's batch) and the bookkeeping's read of it
        with store.connection() as connection:
            save_fetch_state(
                connection,
                FetchStateRow("https://a.example/feed", "a", '"v2"', "Mon", "h2", True),
                later,
            )
        with db.bookkeeping() as book:
            [row] = book.rows(
                "SELECT etag, last_modified, first_fetched_at, last_fetched_at FROM fetch_state "
                "WHERE url = ?",
                ("https://a.example/feed",),
            )
        assert row[:2] == ('"v2"', "Mon")
        assert (book.when(row[2]), book.when(row[3])) == (WHEN, later)
    finally:
        db.close()
        store.close()


def test_a_failed_bookkeeping_transaction_keeps_nothing(database_url: str) -> None:
    store = Store(database_url)
    store.migrate()
    db = Database(database_url)
    try:
        with pytest.raises(DatabaseError), db.bookkeeping() as book:
            save_fetch_state(
                book, FetchStateRow("https://a.example/feed", "a", '"v1"', None, None, True), WHEN
            )
            book.execute("UPDATE no_such_table SET x = 1")
        assert store.fetch_state("https://a.example/feed") is None
    finally:
        db.close()
        store.close()


def test_an_unopenable_file_says_so_without_the_password(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    db = Database(f"sqlite:///{blocker}/monitor.db")
    with pytest.raises(DatabaseError, match="database"):
        db.migrate()
