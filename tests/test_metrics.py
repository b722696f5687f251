"""Prometheus metrics as an operator sees them: real cycles against a real site on 127.0.0.1,
then ``/metrics`` and ``/health`` scraped over real HTTP from the metrics server.

Counters count since the process started (other tests run cycles too), so the tests compare
a scrape before with a scrape after; gauges read from the database are exact.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import prometheus_client
import pytest
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import update

from monitor import metrics
from monitor.alerts.outbox import deliver_due
from monitor.config import Settings, load
from monitor.cycle import CycleSummary, run_once
from monitor.errors import FetchError, FetchTimeout, TooLarge
from monitor.models import Alert
from monitor.service import Health
from monitor.skips import Skip, Skipped
from monitor.store import Store, make_engine
from tests.builders import Entry, rss
from tests.conftest import child_pythonpath
from tests.servers import Site

SECRET = "whsec_" + "c2VjcmV0LWtleS1mb3ItdGVzdHMtMTIzNDU2Nzg5MA=="
NOW = datetime.now(UTC).replace(microsecond=0)
FLOODS = Entry(
    "Flood warnings issued for the weekend",
    "/news/floods",
    "Rivers are expected to rise.",
    NOW - timedelta(hours=5),
)
CWAC = Entry(
    "Council's children's services 'require improvement'",
    "/news/cwac-ofsted",
    "Cheshire West and Chester Council's children's services require improvement to be good, "
    "Ofsted has said. Inspectors visited the council for two weeks and published their full "
    "inspection report on Monday. The council said it accepted the findings.",
    NOW - timedelta(hours=1),
)

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def parse(text: str) -> Samples:
    out: Samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            out[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return out


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def delta(before: Samples, after: Samples, name: str, **labels: str) -> float:
    return value(after, name, **labels) - value(before, name, **labels)


@dataclass
class World:
    site: Site
    settings: Settings
    store: Store
    health: Health
    port: int

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    async def get(self, path: str) -> httpx.Response:
        async with httpx.AsyncClient(trust_env=False, timeout=10) as client:
            return await client.get(self.url(path))

    async def scrape(self) -> Samples:
        response = await self.get("/metrics")
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == CONTENT_TYPE_LATEST
        return parse(response.text)

    async def cycle(self) -> CycleSummary:
        return await run_once(self.settings, self.store, send=False)

    def publish(self, *entries: Entry, etag: str) -> None:
        feed = rss(
            "Example News",
            self.site.url("/"),
            [Entry(e.title, self.site.url(e.link), e.summary, e.published) for e in entries],
        )
        self.site.serve("/news/rss.xml", feed, content_type="application/rss+xml", etag=etag)


@pytest.fixture
def config(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TEST_WEBHOOK_SECRET", SECRET)
    path = tmp_path / "sources.toml"
    path.write_text(
        f"""
[monitor]
user_agent = "ofsted-monitor-test (+mailto:test@example.org)"
host_delay = "0s"

[councils]
track = ["CWAC"]

[[sources]]
name = "news"
kind = "feed"
url = "{site.url("/news/rss.xml")}"
outlet = "Example News"
fetch_articles = false

[[sources]]
name = "gone"
kind = "feed"
url = "{site.url("/gone.xml")}"
fetch_articles = false

[[channels]]
name = "hook"
kind = "webhook"
url = "{site.url("/hook")}"
secret_env = "TEST_WEBHOOK_SECRET"
""",
        encoding="utf-8",
    )
    return path


@pytest.fixture
async def world(site: Site, config: Path, database_url: str) -> AsyncIterator[World]:
    settings = load(config, database=database_url)
    store = Store(settings.database_url)
    store.migrate()
    health = Health(settings, store, None)
    server = await metrics.start_metrics_server(0, store=store, health=metrics.health_probe(health))
    port = server.sockets[0].getsockname()[1]
    world = World(site, settings, store, health, port)
    world.publish(FLOODS, etag='"feed-1"')
    try:
        yield world
    finally:
        server.close()
        await server.wait_closed()
        store.close()


async def test_cycles_show_fetches_items_and_the_outbox(world: World) -> None:
    before = await world.scrape()

    await world.cycle()  # baseline: the flood story is stored, nobody is alerted
    world.publish(CWAC, FLOODS, etag='"feed-2"')
    summary = await world.cycle()  # a new inspection story: one alert, held in the outbox
    assert summary.total("new") == 1 and summary.total("alerts_queued") == 1
    await world.cycle()  # nothing changed: 304
    after = await world.scrape()

    # fetches by status: two full answers, one 304, and the missing feed's 404 every cycle
    assert delta(before, after, "monitor_fetches_total", status="200") == 2
    assert delta(before, after, "monitor_fetches_total", status="304") == 1
    assert delta(before, after, "monitor_fetches_total", status="404") == 3
    assert delta(before, after, "monitor_fetch_bytes_total") > 0
    assert 0 < value(after, "monitor_fetch_not_modified_ratio") <= 1
    assert delta(before, after, "monitor_fetch_duration_seconds_count") == 6
    assert not any("url" in dict(labels) for _name, labels in after), "a URL became a label"

    # items: the flood story, then the inspection story new and the flood story a duplicate
    assert delta(before, after, "monitor_items_total", result="new") == 2
    assert delta(before, after, "monitor_items_total", result="duplicate") == 1
    assert delta(before, after, "monitor_items_skipped_total", reason="not_relevant") == 1
    assert delta(before, after, "monitor_stories_total", result="new") == 1
    assert delta(before, after, "monitor_alerts_queued_total") == 1
    decision = {
        "relevant": "yes",
        "inspection_type": "ilacs_full",
        "judgement": "requires_improvement",
    }
    assert delta(before, after, "monitor_analyser_decisions_total", **decision) == 1
    assert (
        delta(
            before,
            after,
            "monitor_analyser_decisions_total",
            relevant="no",
            inspection_type="unknown",
            judgement="unknown",
        )
        == 1
    )

    # source runs and durations, by status and kind
    assert delta(before, after, "monitor_source_runs_total", source="news", status="ok") == 2
    assert (
        delta(before, after, "monitor_source_runs_total", source="news", status="not_modified") == 1
    )
    assert delta(before, after, "monitor_source_runs_total", source="gone", status="error") == 3
    assert delta(before, after, "monitor_job_duration_seconds_count", kind="feed") == 6

    # read from the database at scrape time
    assert value(after, "monitor_alerts", status="pending") == 1
    assert value(after, "monitor_alerts", status="sent") == 0
    assert value(after, "monitor_outbox_oldest_age_seconds") > 0
    assert value(after, "monitor_source_failures_in_a_row", source="gone") == 3
    assert value(after, "monitor_source_failures_in_a_row", source="news") == 0
    assert value(after, "monitor_source_last_success_timestamp_seconds", source="news") > 0
    assert value(after, "monitor_scrape_error") == 0

    # an alert waiting for an hour is an hour old
    with world.store.session() as session:
        session.exec(update(Alert).values(created_at=datetime.now(UTC) - timedelta(hours=1)))  # type: ignore[call-overload]
    aged = await world.scrape()
    assert 3590 < value(aged, "monitor_outbox_oldest_age_seconds") < 3700

    # delivered: the outbox is empty again
    tally = await deliver_due(world.store, world.settings)
    assert tally.sent == 1
    delivered = await world.scrape()
    assert value(delivered, "monitor_alerts", status="pending") == 0
    assert value(delivered, "monitor_alerts", status="sent") == 1
    assert value(delivered, "monitor_outbox_oldest_age_seconds") == 0
    assert (
        delta(after, delivered, "monitor_alert_deliveries_total", channel="hook", outcome="sent")
        == 1
    )
    assert delta(after, delivered, "monitor_job_duration_seconds_count", kind="deliver") == 1


async def test_health_answers_the_document_and_503_when_unhealthy(world: World) -> None:
    await world.cycle()
    response = await world.get("/health")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    document = response.json()
    assert document["status"] == "starting"
    assert document["sources"]["gone"]["failures_in_a_row"] == 1
    assert document["sources"]["news"]["last_status"] == 200

    world.health.beat("stopping")
    response = await world.get("/health")
    assert response.status_code == 503
    assert response.json()["status"] == "stopping"


async def test_a_database_failure_is_a_gauge_and_the_server_stays_up(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    await world.cycle()
    working = world.store.engine
    # the database goes away: a file that cannot be opened, a server that refuses connections
    broken_url = (
        "sqlite:////nonexistent/directory/monitor.db"
        if world.store.dialect == "sqlite"
        else "postgresql+psycopg://postgres@127.0.0.1:1/gone?connect_timeout=2"
    )
    world.store.engine = make_engine(broken_url)
    try:
        with caplog.at_level(logging.WARNING, logger="monitor.metrics"):
            broken = await world.scrape()
        assert value(broken, "monitor_scrape_error") == 1
        assert not any(name == "monitor_alerts" for name, _labels in broken)
        assert value(broken, "monitor_fetches_total", status="200") >= 1  # the rest is there
        assert any("could not read the database" in r.getMessage() for r in caplog.records)
        response = await world.get("/health")
        assert response.status_code == 503
        assert response.json()["status"] == "error"
    finally:
        world.store.engine.dispose()
        world.store.engine = working

    recovered = await world.scrape()
    assert value(recovered, "monitor_scrape_error") == 0
    assert value(recovered, "monitor_source_failures_in_a_row", source="gone") == 1


async def test_unknown_paths_are_404_and_bad_requests_do_not_stop_the_server(
    world: World,
) -> None:
    assert (await world.get("/")).status_code == 404
    assert (await world.get("/metrics/extra")).status_code == 404
    async with httpx.AsyncClient(trust_env=False) as client:
        assert (await client.post(world.url("/metrics"))).status_code == 405
    # garbage, then a client that connects and says nothing
    reader, writer = await asyncio.open_connection("127.0.0.1", world.port)
    writer.write(b"NONSENSE\r\n\r\n")
    await writer.drain()
    assert (await reader.read()).startswith(b"HTTP/1.1 400")
    writer.close()
    _reader, silent = await asyncio.open_connection("127.0.0.1", world.port)
    silent.close()
    assert (await world.get("/metrics?x=1")).status_code == 200


async def test_health_without_a_probe_and_a_probe_that_fails() -> None:
    def failing() -> tuple[int, dict[str, object]]:
        raise RuntimeError("no document")

    servers = [
        await metrics.start_metrics_server(0, store=None),
        await metrics.start_metrics_server(0, store=None, health=failing),
    ]
    try:
        ports = [s.sockets[0].getsockname()[1] for s in servers]
        async with httpx.AsyncClient(trust_env=False) as client:
            ok = await client.get(f"http://127.0.0.1:{ports[0]}/health")
            assert (ok.status_code, ok.json()) == (200, {"status": "ok"})
            bad = await client.get(f"http://127.0.0.1:{ports[1]}/health")
            assert bad.status_code == 503
            assert bad.json() == {"status": "error", "error": "no document"}
            scraped = await client.get(f"http://127.0.0.1:{ports[0]}/metrics")
            assert "monitor_fetches_total" in scraped.text
            assert "monitor_scrape_error" not in scraped.text  # no store, no database gauges
    finally:
        for server in servers:
            server.close()
            await server.wait_closed()


# -- label values stay bounded ------------------------------------------------------------------
def test_the_registry_is_our_own() -> None:
    names = {m.name for m in prometheus_client.REGISTRY.collect()}
    assert "monitor_fetches" not in names
    assert "monitor_fetches" in {m.name for m in metrics.REGISTRY.collect()}


@pytest.mark.parametrize(
    ("error", "label"),
    [
        (FetchError("HTTP 503", url="http://x/", status=503), "503"),
        (FetchTimeout("read timeout", url="http://x/"), "timeout"),
        (TooLarge("too big", url="http://x/"), "too_large"),
        (FetchError("cannot connect (refused)", url="http://x/"), "error"),
        (FetchError("HTTP 999", url="http://x/", status=999), "error"),
    ],
)
def test_fetch_errors_map_to_a_small_set_of_labels(error: FetchError, label: str) -> None:
    assert metrics.fetch_error_label(error) == label


def test_robots_refusals_are_their_own_label() -> None:
    error = FetchError("disallowed by robots.txt (set robots = false to override)", url="x")
    error.permanent = True  # type: ignore[attr-defined]
    assert metrics.fetch_error_label(error) == "disallowed"


@pytest.mark.parametrize(
    ("reason", "label"),
    [
        (Skipped(Skip.DEFERRED), "deferred"),
        (Skipped(Skip.NO_LINK, "feed item without a link (item 7)"), "no_link"),
        (Skipped(Skip.DISCOVERY_MISMATCH, "discovery: unknown urn"), "discovery_mismatch"),
        (Skipped(Skip.DISCOVERY_FAILED), "discovery_failed"),
        (Skipped(Skip.NOT_A_FEED, "expected a feed, got an HTML page"), "not_a_feed"),
        ("something nobody planned for http://example.org/123", "other"),
        (None, "other"),
    ],
)
def test_skipped_reasons_carry_their_label(reason: str | None, label: str) -> None:
    assert metrics.skip_reason_label(reason) == label


def test_decisions_outside_the_vocabulary_are_other() -> None:
    def count(**labels: str) -> float:
        return value(
            parse(prometheus_client.generate_latest(metrics.REGISTRY).decode()),
            "monitor_analyser_decisions_total",
            **labels,
        )

    labels = {"relevant": "no", "inspection_type": "other", "judgement": "other"}
    before = count(**labels)
    metrics.record_decision(False, "made_up_type", "excellent")
    assert count(**labels) == before + 1


@contextlib.contextmanager
def serving(tmp_path: Path, flag: str) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """`monitor serve FLAG PORT` on one feed of a loopback site, as an operator runs it;
    SIGTERM at the end (it must exit 0)."""
    from tests.servers import running

    with running(Site()) as site:
        site.serve(
            "/feed.xml",
            rss("Local News", site.url("/"), [FLOODS]),
            content_type="application/rss+xml",
            etag='"v1"',
        )
        config = tmp_path / "sources.toml"
        config.write_text(
            f"""
[monitor]
host_delay = "0s"
robots = false

[[sources]]
name = "local"
kind = "feed"
url = "{site.url("/feed.xml")}"
fetch_articles = false
interval = "1h"
""",
            encoding="utf-8",
        )
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        env = {**os.environ, "PYTHONPATH": child_pythonpath()}
        env.pop("MONITOR_DATABASE_URL", None)
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "monitor", "--config", str(config), "serve"),
                *(flag, str(port), "--grace", "5"),
            ],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            yield process, port
        finally:
            process.send_signal(signal.SIGTERM)
            assert process.wait(30) == 0


def test_serve_metrics_port_serves_the_metrics_and_health(tmp_path: Path) -> None:
    """`monitor serve --metrics-port N` as an operator runs it: scrape, then SIGTERM."""
    with serving(tmp_path, "--metrics-port") as (process, port):
        deadline = time.monotonic() + 60
        samples: Samples = {}
        streak = ("monitor_source_failures_in_a_row", (("source", "local"),))
        while time.monotonic() < deadline:
            assert process.poll() is None
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5)
                samples = parse(answer.text)
                # the fetch is counted as it happens, the source's row after the run
                if streak in samples:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        assert samples.get(("monitor_fetches_total", (("status", "200"),))) == 1
        assert samples.get(streak) == 0
        health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=5)
        assert health.status_code == 200
        assert health.json()["status"] == "ok"


def test_serve_http_serves_the_web_pages_beside_metrics_and_health(tmp_path: Path) -> None:
    """`monitor serve --http N`: the national page, its JSON, a feed, /metrics and /health on
    one port, answered while the service runs; then SIGTERM."""
    with serving(tmp_path, "--http") as (process, port):
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        page = None
        while time.monotonic() < deadline:
            assert process.poll() is None
            try:
                page = httpx.get(f"{base}/", timeout=10)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert page is not None and page.status_code == 200
        assert "text/html" in page.headers["content-type"] and "<svg" in page.text
        rows = httpx.get(f"{base}/index.json", timeout=10).json()["rows"]
        assert len(rows) == 153  # every current authority
        feed = httpx.get(f"{base}/feeds/all.atom", timeout=10)
        assert feed.status_code == 200 and "<feed" in feed.text
        assert "monitor_fetches_total" in httpx.get(f"{base}/metrics", timeout=10).text
        assert httpx.get(f"{base}/health", timeout=10).json()["status"] in ("ok", "starting")
        assert httpx.post(f"{base}/", timeout=10).status_code == 405  # read-only
