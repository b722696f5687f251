"""A misbehaving publisher on 127.0.0.1, one test per fault.

Each test runs three cycles through the real code: a healthy cycle that stores a baseline,
a cycle against the fault, and a cycle after the server recovers. Through the fault: the
cycle finishes (the healthy neighbour source is still fetched), the failure is logged once
with the source and the reason, it is counted in the run summary and in `monitor sources`,
and nothing stored before is lost or changed. After it: the source recovers and its new
item is stored.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
import stamina
from sqlalchemy import create_engine, text

from monitor import clock
from monitor.cli import main
from monitor.config import load
from monitor.cycle import CycleSummary, run_once
from monitor.store import Store
from tests.builders import Entry, rss
from tests.servers import Route, Site

NOW = datetime.now(UTC).replace(microsecond=0)
TEXT = "Council’s £2m plan – “café” reopens"


@pytest.fixture(autouse=True)
def _no_waiting() -> Iterator[None]:
    stamina.set_testing(True, attempts=2, cap=True)
    yield
    stamina.set_testing(False)


def slug(title: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in title.lower())[:40]


def feed(site: Site, *titles: str) -> str:
    return rss(
        "Example News",
        site.url("/"),
        [
            Entry(t, site.url(f"/news/{slug(t)}"), "Local news.", NOW - timedelta(hours=i))
            for i, t in enumerate(titles)
        ],
    )


@dataclass
class Publisher:
    """A healthy source ("good") beside the one that misbehaves ("bad")."""

    site: Site
    config: Path
    database: str
    capsys: pytest.CaptureFixture[str]
    caplog: pytest.LogCaptureFixture
    clock: datetime = NOW

    def cycle(self) -> CycleSummary:
        settings = load(self.config, database=self.database)
        store = Store(settings.database_url)
        store.migrate()
        self.caplog.clear()
        try:
            with clock.use(self.clock):
                return asyncio.run(run_once(settings, store, send=False))
        finally:
            store.close()

    def outcome(self, summary: CycleSummary, name: str) -> dict[str, Any]:
        sources: list[dict[str, Any]] = summary.as_dict()["sources"]  # type: ignore[assignment]
        return next(s for s in sources if s["name"] == name)

    def sources(self) -> dict[str, dict[str, Any]]:
        self.capsys.readouterr()
        args = ["--config", str(self.config), "--database", self.database]
        with pytest.raises(SystemExit) as exit_:
            main([*args, "sources", "--format", "json"])
        assert exit_.value.code == 0
        rows = [json.loads(line) for line in self.capsys.readouterr().out.splitlines()]
        return {row["name"]: row for row in rows}

    def stored(self) -> list[tuple[Any, ...]]:
        engine = create_engine(self.database)
        with engine.connect() as conn:
            articles = conn.execute(
                text("SELECT id, url, title, content_hash, source FROM article ORDER BY id")
            ).all()
            states = conn.execute(
                text("SELECT url, etag, content_hash FROM fetch_state ORDER BY url")
            ).all()
        engine.dispose()
        return [tuple(r) for r in articles] + [tuple(r) for r in states]

    def failure_logs(self) -> list[logging.LogRecord]:
        return [
            r
            for r in self.caplog.records
            if r.levelno >= logging.WARNING and "source=bad" in r.getMessage()
        ]


@pytest.fixture
def publisher(
    site: Site,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> Publisher:
    caplog.set_level(logging.INFO)
    site.serve("/good.xml", feed(site, "Good one"), content_type="application/rss+xml", etag='"g"')
    site.serve("/bad.xml", feed(site, "Bad one"), content_type="application/rss+xml", etag='"b1"')
    config = tmp_path / "sources.toml"
    config.write_text(
        f"""
[monitor]
user_agent = "ofsted-monitor-test (+mailto:test@example.org)"
timeout = "1s"
host_delay = "0s"
max_body_bytes = 2000000

[[sources]]
name = "good"
kind = "feed"
url = "{site.url("/good.xml")}"
fetch_articles = false

[[sources]]
name = "bad"
kind = "feed"
url = "{site.url("/bad.xml")}"
fetch_articles = false
""",
        encoding="utf-8",
    )
    world = Publisher(site, config, f"sqlite:///{tmp_path / 'monitor.db'}", capsys, caplog)
    first = world.cycle()
    assert world.outcome(first, "bad")["status"] == "ok"
    assert world.outcome(first, "bad")["new"] == 1
    return world


def check_failure(
    p: Publisher,
    reason: str,
    *,
    skipped: str | None = None,
    recover: Callable[[], None] | None = None,
) -> None:
    before = p.stored()
    summary = p.cycle()
    bad = p.outcome(summary, "bad")
    assert bad["status"] == "error", bad
    assert any(reason in e for e in bad["errors"]), bad["errors"]
    if skipped:
        assert summary.skipped()[skipped] == 1
    assert summary.needs_attention
    assert p.outcome(summary, "good")["status"] == "not_modified"  # the cycle went on
    logs = p.failure_logs()
    assert len(logs) == 1 and reason in logs[0].getMessage(), [r.getMessage() for r in logs]
    row = p.sources()["bad"]
    assert row["failures_in_a_row"] == 1 and row["failures_total"] == 1
    assert reason in row["last_error"]
    assert p.stored() == before  # nothing stored before is lost or changed

    (recover or (lambda: None))()
    p.site.serve(
        "/bad.xml",
        feed(p.site, "Bad two", "Bad one"),
        content_type="application/rss+xml",
        etag='"b2"',
    )
    after = p.cycle()
    bad = p.outcome(after, "bad")
    assert bad["status"] == "ok" and bad["new"] == 1, bad
    row = p.sources()["bad"]
    assert row["failures_in_a_row"] == 0 and row["last_error"] is None and row["last_status"] == 200
    articles_before = [r for r in before if len(r) == 5]
    assert set(articles_before) <= set(p.stored())  # nothing lost, the new item added


def fault(p: Publisher, route: Route) -> None:
    p.site.routes["/bad.xml"] = route


def test_500(publisher: Publisher) -> None:
    fault(publisher, Route(b"oops", status=500))
    check_failure(publisher, "HTTP 500")
    assert len(publisher.site.gets("/bad.xml")) == 1 + 2 + 1  # baseline, 2 attempts, recovery


@pytest.mark.parametrize("code", [503, 429])
@pytest.mark.parametrize("form", ["seconds", "http-date"])
def test_retry_after_is_honoured(publisher: Publisher, code: int, form: str) -> None:
    later = NOW + timedelta(minutes=10)
    value = "600" if form == "seconds" else format_datetime(later, usegmt=True)
    fault(publisher, Route(b"", status=code, headers={"Retry-After": value}))
    requests_before = len(publisher.site.gets("/bad.xml"))

    def wait_it_out() -> None:
        # within the Retry-After the source is deferred: no request reaches the server
        summary = publisher.cycle()
        assert publisher.outcome(summary, "bad")["status"] == "deferred"
        assert len(publisher.site.gets("/bad.xml")) == requests_before + 1
        assert publisher.sources()["bad"]["retry_after_until"] is not None
        publisher.clock = later + timedelta(seconds=5)

    check_failure(publisher, f"HTTP {code}", recover=wait_it_out)
    assert publisher.sources()["bad"]["retry_after_until"] is None


def test_connection_refused(publisher: Publisher, tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/bad.xml"
    publisher.config.write_text(
        publisher.config.read_text().replace(publisher.site.url("/bad.xml"), url)
    )
    revived: list[Site] = []

    def start_again() -> None:
        site = Site(port=port)  # binding the port only now: until then it refuses
        site.routes = publisher.site.routes  # the same answers, on the port that was dead
        site.thread.start()
        revived.append(site)

    try:
        check_failure(publisher, "cannot connect", recover=start_again)
    finally:
        for site in revived:
            site.server.shutdown()
            site.server.server_close()


def test_reset_mid_body(publisher: Publisher) -> None:
    fault(publisher, Route(feed(publisher.site, "x" * 50_000).encode(), fault="reset"))
    check_failure(publisher, "connection")


def test_slow_drip_past_the_timeout(publisher: Publisher) -> None:
    fault(publisher, Route(feed(publisher.site, "slow").encode(), fault="drip", drip_s=0.3))
    check_failure(publisher, "no complete answer within 1s")


def test_truncated_body(publisher: Publisher) -> None:
    fault(publisher, Route(feed(publisher.site, "cut short").encode(), fault="truncate"))
    check_failure(publisher, "broken mid-answer")


def test_redirect_loop(publisher: Publisher) -> None:
    fault(publisher, Route(b"", status=302, headers={"Location": "/bad.xml"}))
    check_failure(publisher, "more than 5 redirects")


def test_50_mb_body(publisher: Publisher) -> None:
    fault(publisher, Route(b"", fault="stream", stream_bytes=50_000_000))
    check_failure(publisher, "over the 2000000-byte cap")


_BOMB = gzip.compress(b"<rss>" + b" " * 100_000_000, 9)


def test_gzip_bomb(publisher: Publisher) -> None:
    fault(publisher, Route(_BOMB, headers={"Content-Encoding": "gzip"}))
    check_failure(publisher, "after decompression")


def test_html_at_a_feed_url(publisher: Publisher) -> None:
    page = "<!DOCTYPE html><html><head><title>Sorry</title></head><body>We moved</body></html>"
    fault(publisher, Route(page.encode(), headers={"Content-Type": "text/html"}))
    reason = "expected a feed, got an HTML page"
    check_failure(publisher, reason, skipped=reason)


def test_empty_200(publisher: Publisher) -> None:
    fault(publisher, Route(b"", headers={"Content-Type": "application/rss+xml"}))
    reason = "empty body where a feed was expected"
    check_failure(publisher, reason, skipped=reason)


# -- faults a feed survives: decoded, flagged or counted, never fatal ----------------------
def _serve_bad(p: Publisher, body: bytes, content_type: str) -> None:
    p.site.routes["/bad.xml"] = Route(body, headers={"Content-Type": content_type, "ETag": '"x"'})


@pytest.mark.parametrize(("encoding", "declared"), [("cp1252", "utf-8"), ("utf-8", "windows-1252")])
def test_wrong_declared_charset(publisher: Publisher, encoding: str, declared: str) -> None:
    body = feed(publisher.site, TEXT).replace('encoding="UTF-8"', f'encoding="{declared}"')
    _serve_bad(publisher, body.encode(encoding), f"application/rss+xml; charset={declared}")
    before = publisher.stored()
    summary = publisher.cycle()
    assert publisher.outcome(summary, "bad")["status"] == "ok"
    assert {r for r in before if len(r) == 5} <= set(publisher.stored())
    titles = [row[2] for row in publisher.stored() if len(row) == 5]
    assert TEXT in titles, titles


def test_malformed_xml_keeps_the_good_items(publisher: Publisher) -> None:
    body = feed(publisher.site, "Fine item", "Broken & item").replace(
        "<![CDATA[Broken & item]]>", "Broken & item <b>unclosed"
    )
    _serve_bad(publisher, body.encode(), "application/rss+xml")
    before = publisher.stored()
    summary = publisher.cycle()
    bad = publisher.outcome(summary, "bad")
    assert bad["status"] == "ok" and bad["new"] >= 1
    assert summary.skipped()["feed XML broken (good items kept)"] == 1
    assert "feed XML broken" in publisher.sources()["bad"]["last_warning"]
    assert len(publisher.failure_logs()) == 1
    assert {r for r in before if len(r) == 5} <= set(publisher.stored())


def test_items_lacking_links_dates_or_titles(publisher: Publisher) -> None:
    url = publisher.site.url("/news/")
    body = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Odd</title><link>{url}</link>
<item><title>No link here</title><description>Gone.</description></item>
<item><link>{url}no-title</link><description>No title.</description></item>
<item><title>No date</title><link>{url}no-date</link></item>
</channel></rss>"""
    _serve_bad(publisher, body.encode(), "application/rss+xml")
    summary = publisher.cycle()
    bad = publisher.outcome(summary, "bad")
    assert bad["status"] == "ok" and bad["new"] == 2
    assert any("without a link" in reason for reason in bad["skipped"])
    assert publisher.sources()["bad"]["failures_in_a_row"] == 0
