"""run --once keeps its sources' bookkeeping in a ledger: read once, written once.

A warm cycle (every feed answers 304) must not cost a transaction per source, and the
health it records (status, next fetch, failure streak) must be what the per-source path
records.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest.mock import patch

from monitor import clock
from monitor.config import load
from monitor.cycle import CycleSummary, run_once
from monitor.database import Database, open_sqlite
from monitor.models import SourceState
from monitor.store import Store
from tests.builders import Entry, rss
from tests.servers import Route, Site

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def config(site: Site, tmp_path: Path, feeds: int) -> Path:
    path = tmp_path / "sources.toml"
    lines = ["[monitor]", 'user_agent = "ofsted-monitor-test"', 'host_delay = "0s"']
    lines += ["retry_attempts = 1", ""]  # a 500 fails at once (no real back-off waits)
    for n in range(feeds):
        entries = [Entry(f"Story {n}", site.url(f"/news/{n}"), "Local news.", NOW)]
        site.serve(
            f"/f{n}.xml",
            rss("News", site.url("/"), entries),
            content_type="application/rss+xml",
            etag=f'"f{n}"',
        )
        lines += ["[[sources]]", f'name = "feed-{n}"', 'kind = "feed"']
        lines += [f'url = "{site.url(f"/f{n}.xml")}"', "fetch_articles = false", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def cycle(path: Path, database: str, when: datetime) -> tuple[CycleSummary, dict[str, int]]:
    """One run --once as the command runs it (a Database: on a SQLite file the bookkeeping
    goes through the standard library's sqlite3), counting the bookkeeping's statements;
    ``counts["store"]`` is 1 when the run needed the Store (whose statements are not counted)."""
    settings = load(path, database=database)
    counts = {"writes": 0, "transactions": 0}
    shapes: set[str] = set()

    def on_statement(statement: str) -> None:
        # sqlite3 traces each row of an executemany with its values inlined: one write
        # statement is one shape (its text with the literals taken out)
        head = statement.lstrip().upper()
        if head.startswith(("INSERT", "UPDATE", "DELETE")):
            shape = re.sub(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b|X'[0-9A-F]*'", "?", statement)
            if shape not in shapes:
                shapes.add(shape)
                counts["writes"] += 1
        elif head.startswith("BEGIN"):
            counts["transactions"] += 1

    def traced(path: str, busy_s: float) -> sqlite3.Connection:
        connection = open_sqlite(path, busy_s)
        connection.set_trace_callback(on_statement)
        return connection

    with patch("monitor.database.open_sqlite", traced):
        db = Database(settings.database_url)
        db.migrate()
        try:
            with clock.use(when):
                summary = asyncio.run(run_once(settings, db, send=False))
            counts["store"] = int(db.store_opened)
            return summary, counts
        finally:
            db.close()


def states(database: str) -> dict[str, SourceState]:
    store = Store(database)
    try:
        return {s.name: s for s in store.list_sources()}
    finally:
        store.close()


def test_warm_cycle_costs_the_same_transactions_for_3_or_12_feeds(
    site: Site, tmp_path: Path
) -> None:
    seen = {}
    for feeds in (3, 12):
        folder = tmp_path / str(feeds)
        folder.mkdir()
        path = config(site, folder, feeds)
        database = f"sqlite:///{folder / 'monitor.db'}"
        cycle(path, database, NOW)
        summary, counts = cycle(path, database, NOW + timedelta(minutes=5))
        assert {o.status for o in summary.outcomes} == {"not_modified"}
        seen[feeds] = counts
    # the fetch times of all the 304s are one statement, the health rows another, and the
    # warm cycle never needed the Store (SQLAlchemy) for them
    assert seen[12] == seen[3]
    assert seen[12]["writes"] <= 2 and seen[12]["store"] == 0


def test_health_recorded_through_the_ledger(site: Site, tmp_path: Path) -> None:
    path = config(site, tmp_path, 2)
    database = f"sqlite:///{tmp_path / 'monitor.db'}"
    cycle(path, database, NOW)
    site.serve("/f1.xml", b"gone", status=500)
    later = NOW + timedelta(minutes=5)
    summary, _ = cycle(path, database, later)
    by_name = {o.name: o for o in summary.outcomes}
    assert by_name["feed-0"].status == "not_modified" and by_name["feed-1"].status == "error"
    rows = states(database)
    healthy, failing = rows["feed-0"], rows["feed-1"]
    assert healthy.last_status == 304 and healthy.failures_in_a_row == 0
    assert healthy.last_fetch_at is not None
    assert healthy.last_fetch_at.replace(tzinfo=UTC) == later
    assert failing.failures_in_a_row == 1 and failing.last_status == 500
    assert failing.last_error and "HTTP 500" in failing.last_error
    assert healthy.next_fetch_at is not None and failing.next_fetch_at is not None


def test_robots_txt_is_asked_once_a_day_not_once_a_run(site: Site, tmp_path: Path) -> None:
    site.serve("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    path = config(site, tmp_path, 2)
    site.serve("/private/f.xml", rss("News", site.url("/"), []), content_type="application/rss+xml")
    with path.open("a", encoding="utf-8") as fh:
        fh.write(
            f'\n[[sources]]\nname = "private"\nkind = "feed"\nurl = "{site.url("/private/f.xml")}"\n'
        )
    database = f"sqlite:///{tmp_path / 'monitor.db'}"
    asked = []
    for when in (NOW, NOW + timedelta(minutes=5), NOW + timedelta(hours=12, minutes=5)):
        summary, _ = cycle(path, database, when)
        asked.append(len(site.gets("/robots.txt")))
        by_name = {o.name: o for o in summary.outcomes}
        # the rule read back from the database still applies
        assert by_name["private"].status == "error"
        assert "robots.txt" in by_name["private"].errors[0]
        assert by_name["feed-0"].status in ("ok", "not_modified")
        assert not site.gets("/private/f.xml")
    assert asked == [1, 1, 1]
    summary, _ = cycle(path, database, NOW + timedelta(hours=24, minutes=1))  # a day on: again
    assert len(site.gets("/robots.txt")) == 2
    assert {o.name: o.status for o in summary.outcomes}["private"] == "error"
    cycle(path, database, NOW + timedelta(hours=24, minutes=6))  # the new answer replaced the old
    assert len(site.gets("/robots.txt")) == 2


def test_the_ledger_writes_every_column_of_a_source_row() -> None:
    # the flush reads and writes the health rows as plain rows: a column missing there would
    # be reset or never written
    from monitor.ledger import SourceRow
    from monitor.tables import SOURCE

    assert [f for f in SourceRow.__dataclass_fields__] == [c.name for c in SOURCE.columns]


def test_a_new_source_gets_its_row_and_a_server_s_wait_is_kept(site: Site, tmp_path: Path) -> None:
    path = config(site, tmp_path, 1)
    database = f"sqlite:///{tmp_path / 'monitor.db'}"
    site.routes["/f0.xml"] = Route(b"busy", status=503, headers={"Retry-After": "3600"})
    summary, _ = cycle(path, database, NOW)
    assert summary.outcomes[0].status == "error"
    row = states(database)["feed-0"]
    assert row.kind == "feed" and row.url == site.url("/f0.xml")
    assert row.failures_in_a_row == 1 and row.failures_total == 1 and row.last_status == 503
    assert row.retry_after_until is not None
    assert row.retry_after_until.replace(tzinfo=UTC) == NOW + timedelta(hours=1)
    # inside the wait the next run does not ask; the row keeps counting from what is stored
    summary, _ = cycle(path, database, NOW + timedelta(minutes=30))
    assert summary.outcomes[0].status == "deferred"
    assert len(site.gets("/f0.xml")) == 1
    row = states(database)["feed-0"]
    assert row.failures_in_a_row == 1 and row.failures_total == 1
