"""Outages of the things ``monitor serve`` depends on, each against the real thing.

- PostgreSQL stops under a running ``serve`` and comes back (a throwaway cluster the test
  starts, stops and restarts itself): one line each way, no traceback, the worker reconnects
  with back-off and goes on where it was; nothing stored is lost.
- A worker busy past ``worker_stalled_after`` (a slow, synchronous parse) still heartbeats:
  no other worker takes its job for a dead worker's, and the source is fetched once.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from monitor.config import load
from monitor.store import Store
from tests import pgcluster
from tests.builders import Entry, rss
from tests.conftest import child_pythonpath
from tests.servers import Site, running

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("MONITOR_TEST_DATABASE_URL")


@pytest.fixture
def site() -> Iterator[Site]:
    with running(Site()) as s:
        yield s


def publish(site: Site, path: str, titles: list[str]) -> None:
    now = datetime.now(UTC)
    entries = [
        Entry(t, site.url(f"/news/{t.replace(' ', '-')}"), "Local news.", now - timedelta(hours=i))
        for i, t in enumerate(titles)
    ]
    site.serve(path, rss("Local News", site.url("/"), entries), content_type="application/rss+xml")


def config_file(
    tmp_path: Path, site: Site, feeds: list[str], interval: str = "5s", **monitor: str
) -> Path:
    extra = "\n".join(f'{key} = "{value}"' for key, value in monitor.items())
    sources = "\n".join(
        f"""
[[sources]]
name = "{name}"
kind = "feed"
url = "{site.url(f"/{name}.xml")}"
interval = "{interval}"
fetch_articles = false
"""
        for name in feeds
    )
    path = tmp_path / "sources.toml"
    path.write_text(
        f"""
[monitor]
user_agent = "ofsted-monitor-test (+mailto:test@example.org)"
host_delay = "0s"
robots = false
adaptive_intervals = false
{extra}
{sources}
""",
        encoding="utf-8",
    )
    return path


def titles_stored(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {row[0] for row in conn.execute(text("SELECT title FROM article"))}
    finally:
        engine.dispose()


def wait_for(what: str, check: Callable[[], bool], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # the database may be down: keep looking
            pass
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


# -- PostgreSQL stops under a running serve ------------------------------------------------


@pytest.fixture
def cluster() -> Iterator[pgcluster.Cluster]:
    reason = pgcluster.unavailable()
    if reason:
        pytest.skip(reason)
    made = pgcluster.Cluster()
    try:
        made.start()
        yield made
    finally:
        made.close()


@pytest.mark.postgres
def test_serve_survives_postgresql_stopping_and_coming_back(
    cluster: pgcluster.Cluster, site: Site, tmp_path: Path
) -> None:
    feeds = ["north", "south"]
    for name in feeds:
        publish(site, f"/{name}.xml", [f"{name} before"])
    config = config_file(tmp_path, site, feeds, worker_heartbeat="1s", worker_stalled_after="5s")
    log_path = tmp_path / "serve.log"
    env = {**os.environ, "PYTHONPATH": child_pythonpath()}
    env.pop("MONITOR_DATABASE_URL", None)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "monitor",
                "-v",
                "--config",
                str(config),
                "--database",
                cluster.url,
                "serve",
                "--grace",
                "3",
            ],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        try:
            before = {f"{name} before" for name in feeds}
            wait_for("the first fetches", lambda: titles_stored(cluster.url) >= before, 60)

            cluster.stop()
            for name in feeds:  # news appears while the database is away
                publish(site, f"/{name}.xml", [f"{name} during", f"{name} before"])
            time.sleep(3)  # the worker finds the database gone and starts backing off
            assert process.poll() is None, "serve exited when the database went away"
            cluster.start()

            during = {f"{name} during" for name in feeds}
            wait_for(
                "the fetches after the outage", lambda: titles_stored(cluster.url) >= during, 90
            )
            assert titles_stored(cluster.url) >= before  # nothing stored before is lost
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                code = process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                code = process.wait()
    text_log = log_path.read_text(encoding="utf-8", errors="replace")
    assert code == 0, text_log[-3000:]
    lines = text_log.splitlines()
    down = [line for line in lines if "database unavailable" in line]
    back = [line for line in lines if "database available again" in line]
    assert len(down) == 1 and len(back) == 1, "\n".join(down + back)
    assert "Traceback" not in text_log, text_log[-3000:]
    assert "password" not in text_log.lower()


# -- a busy worker is not taken for dead -----------------------------------------------------

BUSY_S = 6.0  # the parse: longer than worker_stalled_after, twice over
STALLED_AFTER = "2s"
STOP_AFTER_S = 2.5  # into the parse: past worker_stalled_after while running, then draining


def reset_database(url: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


class Observer(threading.Thread):
    """Another worker, on a loop of its own: runs the tick's stalled-job check every 0.25 s."""

    def __init__(self, settings: Any, store: Store) -> None:
        super().__init__(daemon=True)
        self.settings, self.store = settings, store
        self.done = threading.Event()
        self.checks = 0

    def run(self) -> None:
        from monitor.workers import SharedService

        async def watch() -> None:
            other = SharedService(self.settings, self.store)
            async with other.app.open_async():
                while not self.done.is_set():
                    await other._retry_stalled()
                    self.checks += 1
                    await asyncio.sleep(0.25)

        asyncio.run(watch())


@pytest.mark.postgres
@pytest.mark.other_clocks  # Procrastinate's heartbeats are judged on the server's clock
@pytest.mark.skipif(not PG_URL, reason="MONITOR_TEST_DATABASE_URL is not set")
def test_a_worker_busy_past_stalled_after_is_not_taken_for_dead(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Busy past ``worker_stalled_after`` while running, then again while a stop drains it.

    Another worker checks for stalled jobs every 0.25 s all along: it must never hand the
    busy worker's job back, and the source is fetched once (its interval is an hour).
    """
    import monitor.itemwork
    from monitor.workers import SharedService

    assert PG_URL is not None
    caplog.set_level(logging.INFO)
    reset_database(PG_URL)
    publish(site, "/slow.xml", ["slow news"])
    config = config_file(
        tmp_path,
        site,
        ["slow"],
        interval="1h",
        worker_heartbeat="1s",
        worker_stalled_after=STALLED_AFTER,
    )
    settings = load(config, database=PG_URL)
    store = Store(settings.database_url)
    store.migrate()

    real_parse = monitor.itemwork.read_feed  # a service's cycle parses inline
    parsing = threading.Event()

    def slow_parse(*args: Any, **kwargs: Any) -> Any:
        parsing.set()
        time.sleep(BUSY_S)  # a parse that holds the job, as a huge feed does
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(monitor.itemwork, "read_feed", slow_parse)
    observer = Observer(settings, store)
    observer.start()
    timeline: dict[str, float] = {}

    async def scenario() -> None:
        stop = asyncio.Event()
        service = SharedService(settings, store)
        worker = asyncio.create_task(service.run(stop, grace_s=30))
        try:
            for _ in range(600):
                if parsing.is_set():
                    break
                await asyncio.sleep(0.05)
            assert parsing.is_set(), "the worker never started the poll"
            timeline["parsing"] = time.monotonic()
            await asyncio.sleep(STOP_AFTER_S)  # busy and running past worker_stalled_after
        finally:
            stop.set()  # the rest of the parse happens while the stopping worker drains
            timeline["stopped"] = time.monotonic()
            await asyncio.wait_for(worker, 60)
            timeline["drained"] = time.monotonic()

    try:
        asyncio.run(scenario())
    finally:
        observer.done.set()
        observer.join(10)
        store.close()
    stalled_s = 2.0
    assert timeline["stopped"] - timeline["parsing"] > stalled_s
    assert timeline["drained"] - timeline["stopped"] > stalled_s  # the drain was long too
    assert observer.checks > BUSY_S / 0.25 / 2  # it really looked while the worker was busy
    assert "slow news" in titles_stored(PG_URL)
    handed_back = [r.getMessage() for r in caplog.records if "worker gone" in r.getMessage()]
    assert handed_back == []
    stalled = [r.getMessage() for r in caplog.records if "stalled" in r.getMessage().lower()]
    assert stalled == []
    assert len(site.gets("/slow.xml")) == 1  # polled once, not twice


# -- SQLite on a full disk ---------------------------------------------------------------------


def sqlite_rows(path: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], str]:
    import sqlite3

    with sqlite3.connect(path) as conn:
        articles = conn.execute("SELECT id, title FROM article ORDER BY id").fetchall()
        states = conn.execute("SELECT url, etag, content_hash FROM fetch_state").fetchall()
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    return articles, states, integrity


def _disk_nearly_full(
    monkeypatch: pytest.MonkeyPatch, database: Path, spare_pages: int
) -> Callable[[], None]:
    """From now on SQLite may grow the file by ``spare_pages`` pages at most (a full disk);
    the function returned gives the space back."""
    import sqlite3

    import monitor.store

    with sqlite3.connect(database) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    real_pragmas = monitor.store._sqlite_pragmas

    def full_disk(busy_timeout_s: float) -> Any:
        setup = real_pragmas(busy_timeout_s)

        def connect(dbapi_connection: Any, record: Any) -> None:
            setup(dbapi_connection, record)
            dbapi_connection.execute(f"PRAGMA max_page_count={pages + spare_pages}")

        return connect

    monkeypatch.setattr(monitor.store, "_sqlite_pragmas", full_disk)
    return lambda: monkeypatch.setattr(monitor.store, "_sqlite_pragmas", real_pragmas)


def test_sqlite_full_disk_exits_3_and_leaves_the_database_consistent(
    site: Site,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from monitor.cli import main

    publish(site, "/local.xml", ["first item"])
    config = config_file(tmp_path, site, ["local"])
    database = tmp_path / "monitor.db"
    args = ["--config", str(config), "--database", f"sqlite:///{database}", "run", "--once"]
    with pytest.raises(SystemExit) as first:
        main(args)
    assert first.value.code == 0
    before = sqlite_rows(database)
    assert [title for _id, title in before[0]] == ["first item"]

    # the disk fills up: SQLite may not grow the file by more than a couple of pages
    space_again = _disk_nearly_full(monkeypatch, database, spare_pages=2)
    many = [f"item {n} " + "long words " * 300 for n in range(40)]
    publish(site, "/local.xml", [*many, "first item"])
    capsys.readouterr()
    with pytest.raises(SystemExit) as full:
        main(args)
    err = capsys.readouterr().err
    assert full.value.code == 3, err
    assert "full" in err.lower(), err
    assert "Traceback" not in err
    after = sqlite_rows(database)
    assert after[2] == "ok"
    assert after[:2] == before[:2]  # nothing partial: no item, no validator of the failed feed

    space_again()
    with pytest.raises(SystemExit) as recovered:
        main(args)
    assert recovered.value.code == 0
    articles, _states, integrity = sqlite_rows(database)
    assert integrity == "ok"
    assert len(articles) == len(many) + 1


def test_sqlite_full_disk_in_a_group_commit_stores_each_feed_whole_or_not_at_all(
    site: Site,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A run over many feeds commits their batches in groups (monitor.writer): when the disk
    fills, every feed's items and its validator are stored together or not at all, and the
    next run, with space again, stores the rest."""
    import sqlite3

    from monitor.cli import main
    from monitor.writer import SQLITE_GROUP_MIN_SOURCES

    names = [f"feed{n:02d}" for n in range(SQLITE_GROUP_MIN_SOURCES + 4)]
    for name in names:
        publish(site, f"/{name}.xml", [f"{name} first"])
    config = config_file(tmp_path, site, names)
    database = tmp_path / "monitor.db"
    args = ["--config", str(config), "--database", f"sqlite:///{database}", "run", "--once"]
    with pytest.raises(SystemExit) as first:
        main(args)
    assert first.value.code == 0

    space_again = _disk_nearly_full(monkeypatch, database, spare_pages=40)
    for name in names:
        items = [f"{name} item {n} " + "long words " * 200 for n in range(6)]
        publish(site, f"/{name}.xml", [*items, f"{name} first"])
    capsys.readouterr()
    with pytest.raises(SystemExit) as full:
        main(args)
    err = capsys.readouterr().err
    assert full.value.code == 3, err
    assert "Traceback" not in err

    def per_feed() -> dict[str, tuple[int, str | None]]:
        with sqlite3.connect(database) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            counts = dict(
                conn.execute("SELECT source, count(*) FROM article GROUP BY source").fetchall()
            )
            hashes = dict(conn.execute("SELECT source, content_hash FROM fetch_state").fetchall())
        return {n: (counts.get(n, 0), hashes.get(n)) for n in names}

    after = per_feed()
    stored = [n for n, (count, _) in after.items() if count == 7]
    # each feed whole (its six new items and the validator of the new body) or untouched
    assert all(count in (1, 7) for count, _ in after.values()), after
    assert len(stored) < len(names)  # the disk filled before the run's end
    unchanged_hash = {n: h for n, (count, h) in after.items() if count == 1}
    space_again()
    with pytest.raises(SystemExit) as recovered:
        main(args)
    assert recovered.value.code == 0
    again = per_feed()
    assert all(count == 7 for count, _ in again.values())
    assert all(again[n][1] != h for n, h in unchanged_hash.items())  # their new bodies, now


def test_a_task_that_lost_the_database_leaves_no_traceback_but_a_bug_still_does(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Procrastinate never awaits a job's task: a job whose status could not be saved during an
    outage is reported by asyncio when it is collected. That report is the outage's, which
    has its own line; any other error left in a task keeps its traceback."""
    import gc

    psycopg = pytest.importorskip("psycopg")
    exceptions = pytest.importorskip("procrastinate.exceptions")
    from monitor.outage import install_quiet_filter

    async def lose_the_database() -> None:
        try:
            raise psycopg.OperationalError("consuming input failed: server closed the connection")
        except psycopg.OperationalError as exc:
            raise exceptions.ConnectorException("Database error.") from exc

    async def a_bug() -> None:
        raise KeyError("not an outage")

    async def leave(coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        await asyncio.wait({task})
        del task  # never retrieved: asyncio reports it when it is collected

    loggers, quiet = install_quiet_filter("test-worker")
    try:
        with caplog.at_level(logging.ERROR, logger="asyncio"):
            asyncio.run(leave(lose_the_database()))
            gc.collect()
            lost = [r for r in caplog.records if r.name == "asyncio"]
            asyncio.run(leave(a_bug()))
            gc.collect()
            bugs = [r for r in caplog.records if r.name == "asyncio"]
    finally:
        for logger in loggers:
            logger.removeFilter(quiet)
    assert lost == []
    assert len(bugs) == 1 and "never retrieved" in bugs[0].getMessage()
    assert bugs[0].exc_info is not None and isinstance(bugs[0].exc_info[1], KeyError)
