"""A big cycle analyses its items in a worker process: the same articles, stories and counts
as analysing them in the cycle's own process; a worker that dies loses nothing."""

from __future__ import annotations

import asyncio
import os
import signal
from dataclasses import asdict, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from monitor import clock, itemwork
from monitor.config import load
from monitor.cycle import run_once
from monitor.errors import ParseError
from monitor.itemwork import Analyser, Work
from monitor.store import Store
from tests.builders import Entry, article_page, rss
from tests.servers import Route, Site, running

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
COUNCILS = ("Kent", "Leeds", "Norfolk", "Cumbria", "Devon")


def _works(base: str) -> list[Work]:
    works = []
    for n, council in enumerate(COUNCILS * 2):
        title = f"{council} children's services rated inadequate by Ofsted"
        page = article_page(
            url=f"{base}/news/{n}",
            title=title,
            outlet="Invented Gazette",
            published=NOW - timedelta(days=n),
            paragraphs=[
                f"Ofsted inspectors found {council} County Council's children's services "
                f"inadequate after a full inspection in October, story {n}.",
                "Inspectors said children waited too long for help and that social workers "
                "carried too many cases; the council said it accepted the findings.",
            ],
        )
        works.append(
            Work(
                title=title,
                summary=f"Inspectors judged {council}'s services inadequate.",
                published=NOW - timedelta(days=n),
                link=f"{base}/news/{n}",
                page=page.encode() if n % 3 else None,  # some items without a page
                page_url=f"{base}/news/{n}" if n % 3 else None,
            )
        )
    works.append(  # a page with no readable text: the summary stands, the error is reported
        Work("Leeds update", "A short note.", NOW, f"{base}/empty", b"<html></html>", f"{base}/e")
    )
    return works


async def _until_ready(analyser: Analyser, works: list[Work], run: Any = Analyser.run) -> None:
    for _ in range(600):
        await run(analyser, works[:1])
        if analyser.worker_ready:
            return
        await asyncio.sleep(0.05)
    pytest.fail("the analysis worker did not start within 30 s")


def test_worker_and_inline_give_the_same_analysis() -> None:
    works = _works("https://gazette.example")

    async def both() -> tuple[list[itemwork.Analysed], list[itemwork.Analysed]]:
        worker = Analyser(workers=1)
        try:
            await _until_ready(worker, works)
            pooled = await worker.run(works)
            assert worker.batches_in_worker >= 1
        finally:
            await worker.close()
        return pooled, await Analyser().run(works)

    pooled, inline = asyncio.run(both())
    assert [asdict(a) for a in pooled] == [asdict(a) for a in inline]
    assert inline[-1].page is None and inline[-1].page_error
    assert sum(a.cls.relevant for a in inline) >= len(COUNCILS)


def test_a_dead_worker_loses_no_batch() -> None:
    works = _works("https://gazette.example")

    async def scenario() -> list[itemwork.Analysed]:
        analyser = Analyser(workers=1)
        try:
            await _until_ready(analyser, works)
            assert analyser.worker_pid is not None
            os.kill(analyser.worker_pid, signal.SIGKILL)
            return await analyser.run(works)  # in flight or next: analysed inline
        finally:
            await analyser.close()

    after = asyncio.run(scenario())
    expected = asyncio.run(Analyser().run(works))
    assert [asdict(a) for a in after] == [asdict(a) for a in expected]


def _site_and_config(tmp_path: Path, sources: int) -> tuple[Site, Path]:
    site = Site()
    lines = ["[monitor]", 'host_delay = "0s"', "host_concurrency = 8", "robots = false", ""]
    lines += ["[councils]", 'track = ["all"]', ""]
    for f in range(sources):
        entries = []
        for n, council in enumerate(COUNCILS):
            path = f"/paper{f}/news/{n}"
            title = f"{council} children's services rated inadequate by Ofsted ({f})"
            if n % 2:
                title = f"Bridge repairs in {council} to last {f + n} weeks"
            entries.append(Entry(title, site.url(path), f"Story {f}-{n}.", NOW - timedelta(n)))
            site.routes[path] = Route(
                article_page(
                    url=site.url(path),
                    title=title,
                    outlet=f"Paper {f}",
                    published=NOW - timedelta(n),
                    paragraphs=[
                        f"Ofsted inspectors found {council} County Council's children's "
                        f"services inadequate, the paper {f} reports in story {n}.",
                        "The council said it accepted the findings and would publish a plan.",
                    ],
                ).encode(),
                headers={"Content-Type": "text/html; charset=utf-8"},
            )
        feed = rss(f"Paper {f}", site.url(f"/paper{f}"), entries)
        site.routes[f"/paper{f}/feed"] = Route(
            feed.encode(), headers={"Content-Type": "application/rss+xml", "ETag": f'"{f}"'}
        )
        lines += ["[[sources]]", f'name = "paper-{f:02d}"', 'kind = "feed"']
        lines += [f'url = "{site.url(f"/paper{f}/feed")}"', ""]
    config = tmp_path / "sources.toml"
    config.write_text("\n".join(lines), encoding="utf-8")
    return site, config


def _untimed(summary: dict[str, Any]) -> dict[str, Any]:
    sources = [
        {k: v for k, v in source.items() if k not in ("stories_new", "stories_joined")}
        for source in summary["sources"]
    ]
    return {**summary, "sources": sources, "stories_joined": None}


def _cycle(
    tmp_path: Path, config: Path, name: str
) -> tuple[dict[str, Any], tuple[list[tuple[Any, ...]], set[frozenset[str]]]]:
    url = f"sqlite:///{tmp_path / name}"
    settings = load(config, database=url)
    store = Store(url)
    store.migrate()
    try:
        with clock.use(NOW + timedelta(hours=1)):  # the feeds' items are dated around NOW
            summary = asyncio.run(run_once(settings, store, send=False))
        with store.engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT a.canonical_url, a.title, a.relevant, a.content_hash, "
                    "a.inspection_type, a.judgement, a.text, a.evidence, a.story_id "
                    "FROM article a ORDER BY a.canonical_url"
                )
            ).all()
    finally:
        store.close()
    stories: dict[int, set[str]] = {}
    for row in rows:
        if row[-1] is not None:
            stories.setdefault(row[-1], set()).add(row[0])
    return summary.as_dict(), (
        [tuple(r[:-1]) for r in rows],
        {frozenset(s) for s in stories.values()},
    )


def test_a_big_cycle_stores_the_same_with_or_without_the_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    made: list[Analyser] = []
    for_cycle = Analyser.for_cycle.__func__  # type: ignore[attr-defined]

    def recording(cls: type[Analyser], sources: int) -> Analyser:
        made.append(for_cycle(cls, sources))
        return made[-1]

    monkeypatch.setattr(Analyser, "for_cycle", classmethod(recording))
    run = Analyser.run

    async def patient(self: Analyser, works: list[Work]) -> list[itemwork.Analysed]:
        # a cycle this small ends before the worker has loaded: wait for it, so that every
        # batch of the pooled cycle is analysed there
        if self.workers and not self.worker_ready:
            await _until_ready(self, works, run)
        return await run(self, works)

    monkeypatch.setattr(Analyser, "run", patient)
    sources = itemwork.POOL_MIN_SOURCES  # the smallest cycle that gets a worker
    site, config = _site_and_config(tmp_path, sources)
    with running(site):
        pooled_summary, pooled = _cycle(tmp_path, config, "pooled.db")
        assert made[-1].workers == 1
        assert made[-1].batches_in_worker >= 5  # feeds analysed there (the rest inline)
        monkeypatch.setattr(itemwork, "POOL_MIN_SOURCES", 10**6)
        inline_summary, inline = _cycle(tmp_path, config, "inline.db")
        assert made[-1].workers == 0
    # which paper's copy starts a story and which joins it depends on which feed answered
    # first, with or without the worker; everything else is the same
    assert _untimed(pooled_summary) == _untimed(inline_summary)
    assert pooled_summary["stories_new"] == inline_summary["stories_new"]
    assert pooled == inline  # the same articles, analysis and stories
    rows, stories = pooled
    assert pooled_summary["new"] == sources * len(COUNCILS)
    assert sum(1 for row in rows if row[2]) >= sources * 2
    assert len(stories) == pooled_summary["stories_new"] >= 1


def test_a_first_cycle_starts_the_worker_at_once_and_a_warm_one_only_for_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    started: list[str] = []
    start = Analyser._start

    async def recording(self: Analyser) -> None:
        started.append("worker")
        await start(self)

    monkeypatch.setattr(Analyser, "_start", recording)
    sources = itemwork.POOL_MIN_SOURCES
    site, config = _site_and_config(tmp_path, sources)
    for f in range(sources):  # every feed missing: no job ever reaches the worker
        site.routes[f"/paper{f}/feed"].status = 404
    with running(site):
        first, _ = _cycle(tmp_path, config, "m.db")
        assert {s["status"] for s in first["sources"]} == {"error"}
        assert started == ["worker"]  # loaded while the first requests were out
        for f in range(sources):
            site.routes[f"/paper{f}/feed"].status = 200
        second, _ = _cycle(tmp_path, config, "m.db")  # their first fetch that works
        assert {s["status"] for s in second["sources"]} == {"ok"}
        third, _ = _cycle(tmp_path, config, "m.db")  # every feed answers 304
        assert {s["status"] for s in third["sources"]} == {"not_modified"}
    assert started == ["worker", "worker"]  # the 304s needed none


def test_a_batch_the_worker_cannot_analyse_fails_as_inline_and_the_worker_goes_on() -> None:
    works = _works("https://gazette.example")
    broken = [Work("A title", "A summary.", NOW, 12345)]  # type: ignore[arg-type]

    async def scenario() -> tuple[str, str, list[itemwork.Analysed]]:
        analyser = Analyser(workers=1)
        try:
            await _until_ready(analyser, works)
            with pytest.raises(TypeError) as in_cycle:
                await analyser.run(broken)  # the worker's error, repeated inline
            with pytest.raises(TypeError) as inline:
                await Analyser().run(broken)
            before = analyser.batches_in_worker
            after = await analyser.run(works)
            assert analyser.worker_ready and analyser.batches_in_worker == before + 1
            return str(in_cycle.value), str(inline.value), after
        finally:
            await analyser.close()

    in_cycle, inline, after = asyncio.run(scenario())
    assert in_cycle == inline
    expected = asyncio.run(Analyser().run(works))
    assert [asdict(a) for a in after] == [asdict(a) for a in expected]


def test_a_feed_parsed_in_the_worker_is_the_feed_parsed_inline() -> None:
    """The worker parses a feed (links, canonical URLs, prefilter verdicts, body hash) as the
    cycle's process does; a body that is no feed fails with the inline parser's error."""
    base = "https://www.gazette.example"
    entries = [
        Entry(
            f"{council} children's services rated inadequate",
            f"{base}/news/{n}/?utm_source=rss",
            f"Ofsted inspectors visited {council}.",
            NOW - timedelta(days=n),
        )
        for n, council in enumerate(COUNCILS)
    ]
    entries.append(
        Entry("Bridge repairs to last six weeks", f"{base}/news/bridge", "Roadworks.", NOW)
    )
    body = itemwork.FeedBody(
        rss("Gazette", base, entries).encode(), f"{base}/feed", "application/rss+xml"
    )
    page = itemwork.FeedBody(
        b"<!DOCTYPE html><html><body>Not a feed</body></html>", f"{base}/x", "text/html"
    )

    async def scenario() -> tuple[itemwork.ReadFeed, str]:
        analyser = Analyser(workers=1, balance_feeds=False)  # not parsed inline to even loads
        try:
            await _until_ready(analyser, _works(base))
            pooled = await analyser.read_feed(body)
            assert analyser.feeds_in_worker == 1
            with pytest.raises(ParseError) as failed:
                await analyser.read_feed(page)
            return pooled, str(failed.value)
        finally:
            await analyser.close()

    pooled, error = asyncio.run(scenario())
    inline = asyncio.run(Analyser().read_feed(body))
    assert pooled == inline
    assert inline.canonical[0] == "https://gazette.example/news/0"
    assert inline.worth == (True,) * len(COUNCILS) + (False,)
    # the item the prefilter rejects is hashed with the parse (often in the worker): the
    # digest it is stored under unread, the same as when the cycle's process computes it
    bridge = inline.page.items[-1]
    unread = Work(bridge.title, bridge.summary, bridge.published, bridge.url, vocabulary=False)
    assert inline.digests == (None,) * len(COUNCILS) + (itemwork.analyse(unread).digest,)
    assert itemwork.analyse(replace(unread, digest=inline.digests[-1])) == itemwork.analyse(unread)
    with pytest.raises(ParseError) as expected:
        asyncio.run(Analyser().read_feed(page))
    assert error == str(expected.value)


def test_an_analysis_waits_for_the_loading_worker_instead_of_running_here() -> None:
    """The cycle's process does not import the analyser while its worker loads: the first
    batch queues for the worker, with the same answer as inline."""
    works = _works("https://gazette.example")

    async def first_batch() -> tuple[list[itemwork.Analysed], int]:
        analyser = Analyser(workers=1)
        try:
            done = await analyser.run(works)  # sent while the worker is still loading
            return done, analyser.batches_in_worker
        finally:
            await analyser.close()

    pooled, in_worker = asyncio.run(first_batch())
    assert in_worker == 1
    inline = asyncio.run(Analyser().run(works))
    assert [asdict(a) for a in pooled] == [asdict(a) for a in inline]


def test_batches_sent_together_at_the_start_all_wait_for_the_worker() -> None:
    """A cycle's sources send their first batches at once, while the worker's process is
    still being created: none of them runs here (which would import the analyser in the
    cycle's process too)."""
    works = _works("https://gazette.example")

    async def first_batches() -> tuple[list[list[itemwork.Analysed]], int]:
        analyser = Analyser(workers=1)
        try:
            done = await asyncio.gather(*(analyser.run(works[n : n + 2]) for n in range(0, 8, 2)))
            return list(done), analyser.batches_in_worker
        finally:
            await analyser.close()

    pooled, in_worker = asyncio.run(first_batches())
    assert in_worker == 4
    inline = asyncio.run(Analyser().run(works[:8]))
    assert [asdict(a) for batch in pooled for a in batch] == [asdict(a) for a in inline]


def test_a_worker_slow_to_load_does_not_hold_the_cycle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(itemwork, "WORKER_LOAD_WAIT_S", 0.0)
    # this process waits for more than the worker's "ready" line: it never sees it up
    monkeypatch.setattr(itemwork, "_READY", b"x" * 10**6)
    works = _works("https://gazette.example")

    async def scenario() -> tuple[list[itemwork.Analysed], list[itemwork.Analysed], int]:
        analyser = Analyser(workers=1)
        try:
            first = await analyser.run(works)  # not up at once: analysed here
            second = await analyser.run(works[:1])  # nor waited for again until it is up
            return first, second, analyser.batches_in_worker
        finally:
            await analyser.close()

    first, second, in_worker = asyncio.run(scenario())
    assert in_worker == 0
    inline = asyncio.run(Analyser().run(works))
    assert [asdict(a) for a in first] == [asdict(a) for a in inline]
    assert [asdict(a) for a in second] == [asdict(a) for a in inline[:1]]


def test_only_texts_that_can_copy_a_relevant_article_are_fingerprinted() -> None:
    # the near-duplicate index holds relevant articles only: ordinary news (no inspection
    # vocabulary in its title or summary, no page) cannot be a near-copy of one
    words = " ".join(f"word{n}" for n in range(40))
    ordinary = Work("Bin collections change in May", f"Residents are told {words}.", NOW, "u1")
    assert itemwork.analyse(replace(ordinary, vocabulary=False)).signature is None
    assert itemwork.analyse(ordinary).signature is not None  # the default: fingerprinted
    relevant = Work(
        "Kent children's services rated inadequate",
        f"Ofsted rated Kent County Council's children's services inadequate. {words}.",
        NOW,
        "u2",
    )
    done = itemwork.analyse(relevant)
    assert done.cls.relevant and done.signature is not None


def test_an_item_without_inspection_vocabulary_is_not_analysed() -> None:
    # ordinary news, most of a cycle: stored as not relevant without running the analyser,
    # so it names no council, type or grade (the full analysis would find Leeds here)
    ordinary = Work(
        "Leeds council approves new bus lanes",
        "The council voted on Tuesday to approve bus lanes across the city centre.",
        NOW,
        "https://news.example/leeds-bus-lanes",
    )
    quiet = itemwork.analyse(replace(ordinary, vocabulary=False)).cls
    assert not quiet.relevant
    assert (quiet.councils, quiet.inspection_type, quiet.judgement) == ((), None, None)
    assert "prefilter" in quiet.evidence
    assert itemwork.analyse(ordinary).cls.councils == ("Leeds",)
    # a fetched page is always read: the prefilter only looked at the feed's lines
    page = (
        b"<html><head><title>Leeds children's services</title></head><body><article><p>"
        + b"Ofsted has rated children's services at Leeds City Council outstanding. " * 6
        + b"</p></article></body></html>"
    )
    with_page = replace(ordinary, vocabulary=False, page=page, page_url=ordinary.link)
    read = itemwork.analyse(with_page).cls
    assert read.relevant and read.councils == ("Leeds",)


def test_ordinary_news_is_stored_as_it_came_without_waiting_for_the_worker() -> None:
    # a feed of ordinary news needs no worker; in a mixed feed only the items with inspection
    # vocabulary or a page go to it, and the answers keep the feed's order
    works = _works("https://gazette.example")[:6]
    ordinary = [
        Work(f"Road {n} closed for repairs", f"Drivers are asked to avoid road {n}.", NOW, f"u{n}")
        for n in range(6)
    ]
    ordinary = [replace(w, vocabulary=False) for w in ordinary]
    mixed = [w for pair in zip(works, ordinary, strict=True) for w in pair]

    async def scenario() -> tuple[
        list[itemwork.Analysed], int | None, list[itemwork.Analysed], int
    ]:
        analyser = Analyser(workers=1)
        try:
            quiet = await analyser.run(ordinary)
            pid = analyser.worker_pid  # the worker is not even started for them
            both = await analyser.run(mixed)
            return quiet, pid, both, analyser.batches_in_worker
        finally:
            await analyser.close()

    quiet, pid, both, in_worker = asyncio.run(scenario())
    assert pid is None
    assert in_worker == 1
    assert [a.cls.relevant for a in both] == [True, False] * 6
    assert [asdict(a) for a in both] == [asdict(itemwork.analyse(w)) for w in mixed]
    assert all(a.cls.councils == () and a.signature is None for a in quiet)
    assert [a.text for a in quiet] == [w.summary for w in ordinary]
