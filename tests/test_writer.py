"""`run --once` on PostgreSQL writes its batches on a thread beside the event loop, several
feeds' batches a transaction: the same articles, stories and counts as writing them on the
loop; a batch that fails is rolled back alone; a transaction that fails stores none of its
batches, and the next run stores them; no write is left running when the run returns."""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from monitor import batch, clock
from monitor.config import load
from monitor.cycle import CycleSummary, run_once
from monitor.errors import DatabaseError
from monitor.store import Store
from monitor.writer import SQLITE_GROUP_MIN_SOURCES, BatchWriter
from tests.servers import running
from tests.test_itemwork import NOW, _cycle, _site_and_config, _untimed


def _recording_writes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of the thread each batch was written on."""
    threads: list[str] = []
    original = batch.decide_and_apply

    def recording(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("session") is not None:  # the statements (a batch's own call recurses)
            threads.append(threading.current_thread().name)
        return original(*args, **kwargs)

    monkeypatch.setattr(batch, "decide_and_apply", recording)
    return threads


def test_writing_on_a_thread_stores_what_writing_on_the_loop_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads = _recording_writes(monkeypatch)
    site, config = _site_and_config(tmp_path, 12)
    with running(site):
        monkeypatch.setattr(
            BatchWriter, "for_cycle", classmethod(lambda cls, _s, *_: cls(threaded=True))
        )
        threaded_summary, threaded = _cycle(tmp_path, config, "threaded.db")
        on_thread = list(threads)
        threads.clear()
        monkeypatch.setattr(BatchWriter, "for_cycle", classmethod(lambda cls, _s, *_: cls()))
        loop_summary, on_loop = _cycle(tmp_path, config, "loop.db")
    assert len(on_thread) == 12 and all(t.startswith("monitor-store") for t in on_thread)
    assert threads == ["MainThread"] * 12
    # which paper's copy starts a story depends on which feed answered first; the rest is equal
    assert _untimed(threaded_summary) == _untimed(loop_summary)
    assert threaded_summary["stories_new"] == loop_summary["stories_new"] >= 1
    assert threaded == on_loop  # the same articles, analysis and stories
    assert threaded_summary["new"] == 12 * 5


def test_a_database_server_gets_the_thread_and_sqlite_the_loop(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads = _recording_writes(monkeypatch)
    site, config = _site_and_config(tmp_path, 3)
    settings = load(config, database=database_url)
    store = Store(database_url)
    store.migrate()
    try:
        with running(site), clock.use(NOW + timedelta(hours=1)):
            summary = asyncio.run(run_once(settings, store, send=False))
    finally:
        store.close()
    assert summary.total("new") == 3 * 5
    expected = "MainThread" if database_url.startswith("sqlite") else "monitor-store"
    assert len(threads) == 3 and all(t.startswith(expected) for t in threads)
    # the run waited for its last write: no writer thread outlives it
    assert not [t for t in threading.enumerate() if t.name.startswith("monitor-store")]


# -- group commit (PostgreSQL) ---------------------------------------------------------------
FEEDS = 6  # the first batch is held until the other five queue: they make one transaction

needs_postgres = pytest.mark.skipif(
    not os.environ.get("MONITOR_TEST_DATABASE_URL"),
    reason="MONITOR_TEST_DATABASE_URL is not set: the group commits of PostgreSQL's writer thread",
)


@pytest.fixture
def pg_url(tmp_path: Path) -> Any:
    from tests.conftest import _reset_postgres

    url = os.environ["MONITOR_TEST_DATABASE_URL"]
    _reset_postgres(url)
    yield url
    _reset_postgres(url)


def _grouped(
    monkeypatch: pytest.MonkeyPatch, fail: Any = None
) -> tuple[list[BatchWriter], list[str]]:
    """Writers on a thread whose first batch waits until the other feeds' batches queue
    behind it; ``fail(written)`` may raise after a batch's statements ran (``written``: the
    source of each batch written so far, in order, this one last). Returns the writers made
    and that list."""
    made: list[BatchWriter] = []
    written: list[str] = []
    monkeypatch.setattr(
        BatchWriter, "for_cycle", classmethod(lambda cls, _s, *_: made.append(cls()) or made[-1])
    )
    monkeypatch.setattr(BatchWriter, "__init__", _threaded_init)
    original = batch.decide_and_apply

    def held(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("session") is None:  # a batch's own transaction: it recurses with one
            return original(*args, **kwargs)
        if not written:
            deadline = time.monotonic() + 30
            while len(made[-1]._queue) < FEEDS - 1 and time.monotonic() < deadline:
                time.sleep(0.01)
        source = kwargs["fetch_state"].source
        written.append(source)
        result = original(*args, **kwargs)
        if fail is not None:
            fail(written)
        return result

    monkeypatch.setattr(batch, "decide_and_apply", held)
    return made, written


_init = BatchWriter.__init__


def _threaded_init(self: BatchWriter, *, threaded: bool = True, group_max: int = 32) -> None:
    _init(self, threaded=True, group_max=group_max)


def _run(tmp_path: Path, config: Path, url: str) -> CycleSummary:
    settings = load(config, database=url)
    store = Store(url)
    store.migrate()
    try:
        with clock.use(NOW + timedelta(hours=1)):
            return asyncio.run(run_once(settings, store, send=False))
    finally:
        store.close()


def _stored(url: str) -> tuple[list[tuple[Any, ...]], list[str]]:
    store = Store(url)
    try:
        with store.engine.connect() as conn:
            articles = conn.execute(
                text(
                    "SELECT canonical_url, relevant, inspection_type, judgement, "
                    "story_id IS NOT NULL FROM article ORDER BY canonical_url"
                )
            ).all()
            states = conn.execute(text("SELECT source FROM fetch_state ORDER BY source")).all()
    finally:
        store.close()
    return [tuple(r) for r in articles], [r[0] for r in states]


def _failed_alone_then_offered_again(
    tmp_path: Path,
    config: Path,
    url: str,
    summary: CycleSummary,
    broken: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The feed whose batch broke failed alone and stored nothing; the others stored theirs;
    the next run (the bug gone) offers its items again, as they were not marked seen."""
    by_name = {o.name: o for o in summary.outcomes}
    assert by_name[broken].status == "error"
    assert "a bug in deciding this feed" in by_name[broken].errors[0]
    assert all(o.status == "ok" for n, o in by_name.items() if n != broken)
    articles, states = _stored(url)
    assert len(articles) == (FEEDS - 1) * 5 and broken not in states
    monkeypatch.undo()
    again = _run(tmp_path, config, url)
    assert {o.name: o.new for o in again.outcomes if o.new} == {broken: 5}
    assert len(_stored(url)[0]) == FEEDS * 5


@needs_postgres
def test_batches_queued_together_commit_together_as_on_the_loop(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, config = _site_and_config(tmp_path, FEEDS)
    with running(site):
        made, written = _grouped(monkeypatch)
        summary = _run(tmp_path, config, pg_url)
        writer = made[-1]
        monkeypatch.undo()
        loop_url = f"sqlite:///{tmp_path / 'loop.db'}"
        on_loop = _run(tmp_path, config, loop_url)
    assert writer.transactions == 2 and writer.largest_group == FEEDS - 1
    assert sorted(written) == [f"paper-{n:02d}" for n in range(FEEDS)]
    assert _untimed(summary.as_dict()) == _untimed(on_loop.as_dict())
    assert summary.total("stories_new") == on_loop.total("stories_new") >= 1
    assert _stored(pg_url) == _stored(loop_url)


@needs_postgres
def test_a_batch_stored_meanwhile_elsewhere_is_rolled_back_alone_and_decided_again(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def conflict(written: list[str]) -> None:
        if len(written) == 3:  # the group's second batch, after its rows went in
            raise IntegrityError("INSERT INTO article ...", {}, Exception("duplicate key"))

    site, config = _site_and_config(tmp_path, FEEDS)
    with running(site):
        made, written = _grouped(monkeypatch, conflict)
        summary = _run(tmp_path, config, pg_url)
    assert made[-1].largest_group == FEEDS - 1
    assert written.count(written[2]) == 2 and len(written) == FEEDS + 1
    assert summary.total("new") == FEEDS * 5 and not summary.needs_attention
    articles, states = _stored(pg_url)
    assert len(articles) == FEEDS * 5 and len({a[0] for a in articles}) == FEEDS * 5
    assert states == [f"paper-{n:02d}" for n in range(FEEDS)]


@needs_postgres
def test_a_batch_that_breaks_fails_its_feed_alone(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def bug(written: list[str]) -> None:
        if len(written) == 3 and written[-1] not in written[:-1]:  # in the group, once
            raise ValueError("a bug in deciding this feed")

    site, config = _site_and_config(tmp_path, FEEDS)
    with running(site):
        made, written = _grouped(monkeypatch, bug)
        summary = _run(tmp_path, config, pg_url)
        assert made[-1].largest_group == FEEDS - 1
        _failed_alone_then_offered_again(tmp_path, config, pg_url, summary, written[2], monkeypatch)


@needs_postgres
def test_a_transaction_that_fails_stores_none_of_its_batches_and_loses_nothing(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(written: list[str]) -> None:
        if len(written) == 4:  # the group's third batch
            raise OperationalError("COMMIT", {}, Exception("server closed the connection"))

    site, config = _site_and_config(tmp_path, FEEDS)
    with running(site):
        made, written = _grouped(monkeypatch, broken)
        with pytest.raises(DatabaseError):
            _run(tmp_path, config, pg_url)  # the store failed: the run stops (exit code 3)
        assert made[-1].largest_group == FEEDS - 1
        first = written[0]  # its own transaction, before the group: committed
        articles, states = _stored(pg_url)
        assert states == [first] and len(articles) == 5
        monkeypatch.undo()
        again = _run(tmp_path, config, pg_url)
    assert again.total("new") == (FEEDS - 1) * 5 and not again.needs_attention
    articles, states = _stored(pg_url)
    assert len(articles) == FEEDS * 5 and states == [f"paper-{n:02d}" for n in range(FEEDS)]


# -- group commit (SQLite, on the loop) ------------------------------------------------------
def _sqlite_grouped(
    monkeypatch: pytest.MonkeyPatch, group_max: int, window_s: float, hook: Any = None
) -> tuple[list[BatchWriter], list[str]]:
    """SQLite writers in group commits; ``hook(written)`` runs after each batch's statements
    (``written``: the source of each batch written so far, this one last)."""
    made: list[BatchWriter] = []
    written: list[str] = []

    def make(cls: type[BatchWriter], _store: Any, *_: Any) -> BatchWriter:
        made.append(cls(group_max=group_max, group_window_s=window_s))
        return made[-1]

    monkeypatch.setattr(BatchWriter, "for_cycle", classmethod(make))
    original = batch.decide_and_apply

    def recording(*args: Any, **kwargs: Any) -> Any:
        assert kwargs.get("session") is not None  # always inside the open transaction
        written.append(kwargs["fetch_state"].source)
        result = original(*args, **kwargs)
        if hook is not None:
            hook(written)
        return result

    monkeypatch.setattr(batch, "decide_and_apply", recording)
    return made, written


def _committed_sources(url: str) -> list[str]:
    """What another process sees: the feeds whose batches are committed."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as conn:
        return [r[0] for r in conn.execute("SELECT source FROM fetch_state ORDER BY source")]


def test_sqlite_batches_of_many_feeds_commit_together_and_store_what_one_by_one_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, config = _site_and_config(tmp_path, FEEDS)
    grouped_url = f"sqlite:///{tmp_path / 'grouped.db'}"
    with running(site):
        made, written = _sqlite_grouped(monkeypatch, group_max=FEEDS, window_s=30.0)
        summary = _run(tmp_path, config, grouped_url)
        writer = made[-1]
        monkeypatch.undo()
        one_by_one_url = f"sqlite:///{tmp_path / 'one.db'}"
        monkeypatch.setattr(BatchWriter, "for_cycle", classmethod(lambda cls, *_: cls()))
        one_by_one = _run(tmp_path, config, one_by_one_url)
    # the six batches, written as they came, committed once (the sixth filled the group)
    assert writer.transactions == 1 and writer.largest_group == FEEDS
    assert sorted(written) == [f"paper-{n:02d}" for n in range(FEEDS)]
    assert _untimed(summary.as_dict()) == _untimed(one_by_one.as_dict())
    assert summary.total("stories_new") == one_by_one.total("stories_new") >= 1
    assert _stored(grouped_url) == _stored(one_by_one_url)


def test_sqlite_group_commits_before_any_other_write_of_the_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a write of this process while the group holds SQLite's lock would wait for it (here 2 s,
    # then "database is locked"); the store commits the group first instead
    url = f"sqlite:///{tmp_path / 'grouped.db'}?timeout=2"
    seen_by_others: list[list[str]] = []
    store_of: list[Store] = []

    def elsewhere(written: list[str]) -> None:
        if len(written) == 2:
            from monitor.fetchstate import FetchStateRow, save_fetch_state

            before = list(written)

            def other_write() -> None:
                row = FetchStateRow("http://127.0.0.1/other", "other", None, None, None, True)
                with store_of[0].connection() as connection:
                    save_fetch_state(connection, row, NOW)
                seen_by_others.append(_committed_sources(url.partition("?")[0]))
                seen_by_others.append(before)

            asyncio.get_running_loop().call_soon(other_write)

    original_init = Store.__init__

    def keep(self: Store, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        store_of.append(self)

    monkeypatch.setattr(Store, "__init__", keep)
    site, config = _site_and_config(tmp_path, FEEDS)
    with running(site):
        made, _written = _sqlite_grouped(monkeypatch, group_max=32, window_s=0.05, hook=elsewhere)
        summary = _run(tmp_path, config, url)
    committed, written_before = seen_by_others
    # everything the group held when the other write came was committed before it
    assert set(written_before) <= set(committed) and "other" in committed
    assert made[-1].transactions >= 1
    assert summary.total("new") == FEEDS * 5 and not summary.needs_attention
    articles, states = _stored(url.partition("?")[0])
    assert len(articles) == FEEDS * 5
    assert states == ["other", *(f"paper-{n:02d}" for n in range(FEEDS))]


def test_sqlite_a_batch_that_breaks_in_a_group_fails_its_feed_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def bug(written: list[str]) -> None:
        if len(written) == 3 and written[-1] not in written[:-1]:
            raise ValueError("a bug in deciding this feed")

    url = f"sqlite:///{tmp_path / 'grouped.db'}"
    site, config = _site_and_config(tmp_path, FEEDS)
    with running(site):
        made, written = _sqlite_grouped(monkeypatch, group_max=FEEDS - 1, window_s=30.0, hook=bug)
        summary = _run(tmp_path, config, url)
        assert made[-1].transactions == 1 and made[-1].largest_group == FEEDS - 1
        _failed_alone_then_offered_again(tmp_path, config, url, summary, written[2], monkeypatch)


def test_sqlite_a_group_whose_commit_fails_stores_none_of_its_batches_and_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'grouped.db'}"
    original_begin = BatchWriter._begin

    def failing_commit(self: BatchWriter, store: Store) -> Any:
        group = original_begin(self, store)

        def commit() -> None:
            raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

        group.connection.commit = commit  # type: ignore[method-assign]
        return group

    site, config = _site_and_config(tmp_path, FEEDS)
    with running(site):
        _made, written = _sqlite_grouped(monkeypatch, group_max=FEEDS, window_s=30.0)
        monkeypatch.setattr(BatchWriter, "_begin", failing_commit)
        with pytest.raises(DatabaseError):
            _run(tmp_path, config, url)  # the store failed: the run stops (exit code 3)
        assert len(written) == FEEDS  # every batch was written in the group, none committed
        assert _stored(url) == ([], [])
        monkeypatch.undo()
        again = _run(tmp_path, config, url)
    assert again.total("new") == FEEDS * 5 and not again.needs_attention
    articles, states = _stored(url)
    assert len(articles) == FEEDS * 5 and states == [f"paper-{n:02d}" for n in range(FEEDS)]


def test_run_once_groups_sqlite_commits_only_over_many_sources(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'm.db'}")
    try:
        assert BatchWriter.for_cycle(store, 1).group_window_s == 0  # serve's one-source cycles
        many = BatchWriter.for_cycle(store, SQLITE_GROUP_MIN_SOURCES)
        assert many.group_window_s > 0 and not many.threaded
    finally:
        store.close()


@pytest.mark.timeout(60)
def test_sqlite_group_commits_when_its_window_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # nothing else commits these feeds' batches (the group is never full, no other write
    # comes): each feed waits for its batch's commit, so the run ends only if the window does
    url = f"sqlite:///{tmp_path / 'grouped.db'}"
    site, config = _site_and_config(tmp_path, 3)
    with running(site):
        made, written = _sqlite_grouped(monkeypatch, group_max=32, window_s=0.05)
        summary = _run(tmp_path, config, url)
    assert len(written) == 3 and made[-1].transactions >= 1
    assert summary.total("new") == 3 * 5 and not summary.needs_attention
    assert len(_stored(url)[0]) == 3 * 5
