"""Scheduling decisions, and `monitor serve` as a real subprocess: health, SIGTERM, kill -9."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.config import load
from monitor.schedule import Bounds, adaptive_interval, backoff, bounds
from tests.builders import Entry, rss
from tests.conftest import child_pythonpath
from tests.servers import Route, Site

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime.now(UTC).replace(microsecond=0)
SECRET = "whsec_c2VjcmV0LWtleS1mb3ItdGVzdHMtMTIzNDU2Nzg5MA=="


# -- deciding when to fetch (pure) -------------------------------------------------------
def test_adaptive_interval_follows_the_weekly_count_between_bounds() -> None:
    b = Bounds(timedelta(minutes=10), timedelta(minutes=10), timedelta(hours=6), adaptive=True)
    assert adaptive_interval(b, 0) == timedelta(hours=6)  # quiet: the longest
    assert adaptive_interval(b, 7) == timedelta(hours=6)  # one a day -> capped at 6h
    assert adaptive_interval(b, 84) == timedelta(hours=2)  # 12 a day
    assert adaptive_interval(b, 5000) == timedelta(minutes=10)  # busy: never below the floor
    fixed = Bounds(timedelta(minutes=10), timedelta(minutes=5), timedelta(hours=6), False)
    assert adaptive_interval(fixed, 0) == timedelta(minutes=10)


def test_backoff_doubles_per_failure_up_to_the_cap() -> None:
    rng = random.Random(1)
    ten = timedelta(minutes=10)
    waits = [backoff(ten, n, timedelta(hours=1), rng=rng) for n in range(0, 6)]
    assert waits[0] == ten
    for wait, expected in zip(waits[1:], [10, 20, 40, 60, 60], strict=True):
        assert abs(wait.total_seconds() - expected * 60) <= expected * 60 * 0.1


def test_bounds_default_to_the_configured_interval_and_ofsted_does_not_adapt(
    tmp_path: Path,
) -> None:
    config = tmp_path / "sources.toml"
    config.write_text(
        """
[monitor]
max_interval = "4h"

[[sources]]
name = "news"
kind = "feed"
url = "http://127.0.0.1:1/feed"
interval = "15m"

[[sources]]
name = "quiet"
kind = "feed"
url = "http://127.0.0.1:1/quiet"
min_interval = "1h"
max_interval = "1d"

[[sources]]
name = "ofsted"
kind = "ofsted"
base_url = "http://127.0.0.1:1"
""",
        encoding="utf-8",
    )
    settings = load(config)
    news = bounds(settings, settings.source("news"))
    assert (news.low, news.high, news.adaptive) == (
        timedelta(minutes=15),
        timedelta(hours=4),
        True,
    )
    quiet = bounds(settings, settings.source("quiet"))
    assert (quiet.low, quiet.high) == (timedelta(hours=1), timedelta(days=1))
    assert bounds(settings, settings.source("ofsted")).adaptive is False


# -- the service as a user runs it ---------------------------------------------------------
def feed(site: Site, *titles: str) -> bytes:
    entries = [
        Entry(t, site.url(f"/news/{t.replace(' ', '-')}"), "Local news.", NOW - timedelta(hours=n))
        for n, t in enumerate(titles)
    ]
    return rss("Example News", site.url("/"), entries).encode()


@pytest.fixture
def service_config(site: Site, tmp_path: Path) -> Path:
    site.routes["/a.xml"] = Route(feed(site, *(f"A story {n}" for n in range(30))))
    site.routes["/b.xml"] = Route(feed(site, "B story"))
    config = tmp_path / "sources.toml"
    config.write_text(
        f"""
[monitor]
user_agent = "ofsted-monitor-test (+mailto:test@example.org)"
host_delay = "0s"
timeout = "20s"
read_timeout = "20s"

[[sources]]
name = "a"
kind = "feed"
url = "{site.url("/a.xml")}"
fetch_articles = false
interval = "1h"

[[sources]]
name = "b"
kind = "feed"
url = "{site.url("/b.xml")}"
fetch_articles = false
interval = "1h"

[[channels]]
name = "hook"
kind = "webhook"
url = "{site.url("/hook")}"
secret_env = "TEST_WEBHOOK_SECRET"
""",
        encoding="utf-8",
    )
    return config


class Service:
    def __init__(self, config: Path, *extra: str) -> None:
        self.health = config.parent / "health.json"
        self.db = config.parent / "monitor.db"
        env = {**os.environ, "TEST_WEBHOOK_SECRET": SECRET, "PYTHONPATH": child_pythonpath()}
        env.pop("MONITOR_DATABASE_URL", None)
        self.stderr_path = config.parent / "serve.log"
        self.stderr = self.stderr_path.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "monitor",
                "-v",
                "--config",
                str(config),
                "serve",
                "--health-file",
                str(self.health),
                *extra,
            ],
            cwd=config.parent,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.stderr,
        )

    def wait_for(self, what: str, check: object, limit_s: float = 60) -> None:
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log()
            try:
                if check():  # type: ignore[operator]
                    return
            except (OSError, ValueError, sqlite3.Error):
                pass
            time.sleep(0.1)
        raise AssertionError(f"service never reached: {what}\n{self.log()}")

    def health_doc(self) -> dict[str, object]:
        return json.loads(self.health.read_text(encoding="utf-8"))  # type: ignore[no-any-return]

    def articles(self) -> list[tuple[object, ...]]:
        with sqlite3.connect(self.db) as conn:
            return conn.execute("SELECT id, canonical_url, content_hash FROM article").fetchall()

    def log(self) -> str:
        if not self.stderr.closed:
            self.stderr.flush()
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def stop(self, sig: int, limit_s: float = 60) -> int:
        self.process.send_signal(sig)
        try:
            return self.process.wait(limit_s)
        finally:
            self.stderr.close()


@pytest.fixture
def service(service_config: Path) -> Iterator[Service]:
    svc = Service(service_config, "--grace", "5")
    yield svc
    if svc.process.poll() is None:
        svc.process.kill()
        svc.process.wait()


def test_serve_runs_each_source_writes_health_and_exits_0_on_sigterm(
    service: Service, site: Site
) -> None:
    service.wait_for("both sources fetched", lambda: service.health_doc()["jobs_run"] >= 2)
    doc = service.health_doc()
    assert doc["status"] == "ok" and doc["pid"] == service.process.pid
    assert set(doc["sources"]) == {"a", "b"}  # type: ignore[arg-type]
    assert len(service.articles()) == 31
    assert service.stop(signal.SIGTERM) == 0
    assert service.health_doc()["status"] == "stopped"
    log = service.log()
    assert "source done source=a status=ok" in log
    assert "signal received signal=SIGTERM" in log and "stopped" in log
    assert SECRET not in log and "c2VjcmV0" not in log  # secrets never logged
    agents = {r.headers.get("User-Agent") for r in site.requests}
    assert agents == {"ofsted-monitor-test (+mailto:test@example.org)"}


def test_sigint_finishes_the_fetch_in_hand(service_config: Path, site: Site) -> None:
    # b drips for about 2s: SIGINT arrives while it is in hand, and it still completes
    site.routes["/b.xml"] = Route(feed(site, "B story"), fault="drip", drip_s=0.003)
    svc = Service(service_config, "--grace", "30")
    try:
        svc.wait_for(
            "a fetched, b in hand",
            lambda: len(svc.articles()) == 30 and any(r.path == "/b.xml" for r in site.requests),
        )
        assert svc.stop(signal.SIGINT) == 0
        assert len(svc.articles()) == 31, svc.log()
    finally:
        if svc.process.poll() is None:
            svc.process.kill()


def test_grace_period_bounds_the_shutdown(service_config: Path, site: Site) -> None:
    site.routes["/b.xml"] = Route(feed(site, "B story"), fault="drip", drip_s=1.0)
    svc = Service(service_config, "--grace", "0.5")
    try:
        svc.wait_for(
            "a fetched, b in hand",
            lambda: len(svc.articles()) == 30 and any(r.path == "/b.xml" for r in site.requests),
        )
        assert svc.stop(signal.SIGTERM) == 0
        assert "grace period over: cancelled jobs=1" in svc.log()
    finally:
        if svc.process.poll() is None:
            svc.process.kill()


def test_kill_9_loses_nothing_committed(service_config: Path, site: Site, tmp_path: Path) -> None:
    site.routes["/b.xml"] = Route(feed(site, "B story"), fault="drip", drip_s=1.0)
    svc = Service(service_config)
    try:
        svc.wait_for("a stored, b in hand", lambda: len(svc.articles()) == 30)
        stored = svc.articles()
        svc.process.kill()  # SIGKILL mid-cycle
        svc.process.wait(30)
        svc.stderr.close()
    finally:
        if svc.process.poll() is None:
            svc.process.kill()
    with sqlite3.connect(svc.db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert svc.articles() == stored
    # the next run picks up where it died: b is fetched, nothing is doubled
    site.routes["/b.xml"] = Route(feed(site, "B story"))
    env = {**os.environ, "TEST_WEBHOOK_SECRET": SECRET, "PYTHONPATH": child_pythonpath()}
    done = subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(service_config), "run", "--once"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode in (0, 1), done.stderr
    after = svc.articles()
    assert set(stored) <= set(after) and len(after) == 31
    assert len({row[1] for row in after}) == 31
