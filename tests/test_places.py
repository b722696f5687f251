"""A cycle's sources and their hosts' turns: a source whose request waits for its host's delay
gives its place to another source (``monitor.politeness.Place``), so a cycle over many hosts is
paced by its work, not by each host's delay in turn."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

import monitor.cycle
from monitor import clock
from monitor.config import load
from monitor.cycle import run_once
from monitor.store import Store
from tests.builders import Entry, rss
from tests.servers import Site, running

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
DELAY_S = 0.4  # between two requests to one host: robots.txt, then the feed


def _config(sites: list[Site], tmp_path: Path) -> Path:
    lines = ["[monitor]", 'user_agent = "ofsted-monitor-test"', f'host_delay = "{DELAY_S}s"']
    for n, site in enumerate(sites):
        entries = [Entry(f"Story {n}", site.url(f"/news/{n}"), "Local news.", NOW)]
        site.serve(
            "/f.xml", rss("News", site.url("/"), entries), content_type="application/rss+xml"
        )
        lines += ["", "[[sources]]", f'name = "feed-{n}"', 'kind = "feed"']
        lines += [f'url = "{site.url("/f.xml")}"', "fetch_articles = false"]
    path = tmp_path / "sources.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.politeness
@pytest.mark.parametrize("give_up", [True, False])
def test_sources_take_turns_while_their_hosts_make_them_wait(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, give_up: bool
) -> None:
    monkeypatch.setattr(monitor.cycle, "SOURCE_CONCURRENCY", 1)  # one place
    monkeypatch.setattr(monitor.cycle, "GIVE_UP_WAITING", give_up)
    with (
        running(Site("127.0.0.1")) as a,
        running(Site("127.0.0.2")) as b,
        running(Site("127.0.0.3")) as c,
    ):
        sites = [a, b, c]
        settings = load(_config(sites, tmp_path), database=f"sqlite:///{tmp_path / 'm.db'}")
        store = Store(settings.database_url)
        store.migrate()
        try:
            with clock.use(NOW):
                summary = asyncio.run(run_once(settings, store, send=False))
        finally:
            store.close()
    assert [o.status for o in summary.outcomes] == ["ok", "ok", "ok"]
    robots = [site.gets("/robots.txt")[0].at for site in sites]
    feeds = [site.gets("/f.xml")[0].at for site in sites]
    for asked, fetched in zip(robots, feeds, strict=True):
        assert fetched - asked >= DELAY_S * 0.9  # each host's delay was kept
    if give_up:
        # each source asked its robots.txt, then gave its place up while its feed waited:
        # every host was asked before the first feed's turn came
        assert max(robots) < min(feeds)
    else:  # kept (scripts/readme.py's examples): one source after the other, in order
        assert robots[1] > feeds[0] and robots[2] > feeds[1]
