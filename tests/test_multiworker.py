"""Several ``monitor serve`` processes on one PostgreSQL share the sources (needs PostgreSQL).

Three real worker processes, 200 feeds on a server on 127.0.0.1, 50 new inspection outcomes
appearing in the feeds while they run, a webhook receiver. Checked as an operator would:
every source fetched once per interval by one worker (never twice), every alert delivered
once; then one worker is killed with SIGKILL and the two left take its sources over.
On SQLite, a second ``serve`` on the same file is refused with a clear message.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.councils import gazetteer
from tests.builders import Entry, article_page, rss
from tests.conftest import child_pythonpath
from tests.servers import Site, running

ROOT = Path(__file__).resolve().parent.parent
SECRET = "whsec_" + "dGVzdC1zZWNyZXQtZm9yLXdvcmtlcnM="
FEEDS = 200
REPORTS = 50
INTERVAL_S = 20
TICK_S = 5  # monitor.workers.TICK_S
STALLED_S = 10
WORKERS = 3

PG_URL = os.environ.get("MONITOR_TEST_DATABASE_URL")
needs_postgres = [
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL, reason="MONITOR_TEST_DATABASE_URL is not set"),
]


def reset_database(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


class Newsroom:
    """200 feeds; ``publish(n)`` puts the next n inspection outcomes into them."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.items: dict[int, list[tuple[Entry, list[str]]]] = defaultdict(list)
        self.councils = [c for c in gazetteer().councils if "," not in c.name][:REPORTS]
        self.published = 0
        now = datetime.now(UTC)
        for feed in range(FEEDS):
            routine = Entry(
                f"Road closures in town {feed}",
                site.url(f"/news/routine-{feed}"),
                "Roadworks this week.",
                now - timedelta(days=1),
            )
            self.items[feed].append((routine, ["Roadworks on the high street this week."]))
            self._serve(feed)

    def _serve(self, feed: int) -> None:
        entries = [entry for entry, _ in self.items[feed]]
        version = len(entries)
        self.site.serve(
            f"/feed/{feed}.xml",
            rss(f"Local News {feed}", self.site.url("/"), entries),
            content_type="application/rss+xml",
            etag=f'"{feed}-{version}"',
        )

    def publish(self, count: int) -> None:
        now = datetime.now(UTC)
        for _ in range(count):
            council = self.councils[self.published]
            feed = (self.published * 7) % FEEDS
            slug = f"/news/ofsted-{self.published}"
            title = f"{council.name} children's services rated inadequate by Ofsted"
            paragraphs = [
                f"{council.name} Council's children's services have been rated inadequate by "
                "Ofsted following a full inspection.",
                "Inspectors found serious weaknesses in the help and protection given to "
                "children at risk of harm.",
                "The council's director of children's services said an improvement plan was "
                "being drawn up.",
            ]
            entry = Entry(title, self.site.url(slug), paragraphs[0], now)
            self.site.serve(
                slug,
                article_page(
                    url=self.site.url(slug),
                    title=title,
                    outlet="Local News",
                    published=now,
                    paragraphs=paragraphs,
                ),
            )
            self.items[feed].append((entry, paragraphs))
            self._serve(feed)
            self.published += 1


def write_config(tmp_path: Path, site: Site) -> Path:
    sources = "\n".join(
        f"""
[[sources]]
name = "feed-{n:03d}"
kind = "feed"
url = "{site.url(f"/feed/{n}.xml")}"
interval = "{INTERVAL_S}s"
"""
        for n in range(FEEDS)
    )
    config = tmp_path / "sources.toml"
    config.write_text(
        f"""
[monitor]
user_agent = "ofsted-monitor-test (+mailto:test@example.org)"
host_delay = "0s"
host_concurrency = 16
robots = false
adaptive_intervals = false
timeout = "20s"
worker_concurrency = 8
worker_heartbeat = "1s"
worker_stalled_after = "{STALLED_S}s"

[councils]
track = ["all"]

[[channels]]
name = "hook"
kind = "webhook"
url = "{site.url("/hook")}"
secret_env = "TEST_WEBHOOK_SECRET"
{sources}
""",
        encoding="utf-8",
    )
    return config


class Worker:
    def __init__(self, config: Path, database: str, index: int) -> None:
        env = {**os.environ, "TEST_WEBHOOK_SECRET": SECRET, "PYTHONPATH": child_pythonpath()}
        env.pop("MONITOR_DATABASE_URL", None)
        self.log_path = config.parent / f"worker-{index}.log"
        self.health = config.parent / f"health-{index}.json"
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "monitor",
                "-v",
                "--config",
                str(config),
                "--database",
                database,
                "serve",
                "--grace",
                "5",
                "--health-file",
                str(self.health),
            ],
            cwd=config.parent,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )

    def log(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def jobs_run(self) -> int:
        try:
            return int(json.loads(self.health.read_text(encoding="utf-8"))["jobs_run"])
        except (OSError, ValueError, KeyError):
            return 0

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._log.close()


@pytest.fixture
def site() -> Iterator[Site]:
    with running(Site()) as s:
        yield s


def fetch_times(site: Site) -> dict[int, list[float]]:
    times: dict[int, list[float]] = defaultdict(list)
    for seen in list(site.requests):
        if seen.method == "GET" and seen.path.startswith("/feed/"):
            times[int(seen.path.split("/")[2].removesuffix(".xml"))].append(seen.at)
    return times


@needs_postgres[0]
@needs_postgres[1]
def test_three_workers_share_200_sources_without_double_fetches_and_survive_a_kill(
    site: Site, tmp_path: Path
) -> None:
    assert PG_URL is not None
    reset_database(PG_URL)
    newsroom = Newsroom(site)
    config = write_config(tmp_path, site)
    started = time.monotonic()
    workers = [Worker(config, PG_URL, n) for n in range(WORKERS)]
    try:
        # every source gets its first (baseline) fetch, shared between the workers
        deadline = time.monotonic() + 240
        while len(fetch_times(site)) < FEEDS:
            assert time.monotonic() < deadline, f"only {len(fetch_times(site))} feeds fetched"
            for worker in workers:
                assert worker.process.poll() is None, worker.log()
            time.sleep(0.5)
        # inspection outcomes appear over the run: 30 before the kill, 20 after
        for _ in range(3):
            newsroom.publish(10)
            time.sleep(INTERVAL_S / 2)
        time.sleep(INTERVAL_S)
        assert all(w.jobs_run() > 0 for w in workers), "a worker never polled a source"
        victim = workers[0]
        victim.process.send_signal(signal.SIGKILL)
        victim.process.wait()
        killed_at = time.monotonic()
        newsroom.publish(10)
        time.sleep(INTERVAL_S / 2)
        newsroom.publish(10)
        # the two left take everything over: every alert sent, every source still polled
        deadline = time.monotonic() + 240
        while True:
            ids = {p.headers.get("webhook-id") for p in site.posts("/hook")}
            times = fetch_times(site)
            late = [
                feed
                for feed in range(FEEDS)
                if max(times[feed]) < killed_at + STALLED_S + TICK_S + INTERVAL_S
            ]
            if len(ids) >= REPORTS and not late:
                break
            assert time.monotonic() < deadline, (
                f"after the kill: {len(ids)} of {REPORTS} alerts, {len(late)} sources not "
                f"fetched again\n{workers[1].log()[-3000:]}"
            )
            time.sleep(1)
        time.sleep(2)  # anything still in flight would show up now
        for worker in workers[1:]:
            worker.process.send_signal(signal.SIGTERM)
        for worker in workers[1:]:
            assert worker.process.wait(60) == 0, worker.log()[-3000:]
    finally:
        for worker in workers:
            worker.close()

    # one fetch per source per interval: a double fetch (two workers taking one due source)
    # would show as two fetches well inside one interval; the next fetch is due an interval
    # after a poll starts, so gaps are about the interval. Lateness is bounded loosely (a
    # loaded 2-core CI machine runs three workers, PostgreSQL and the server): two intervals
    # and a tick, plus the stalled timeout and a tick across the kill.
    times = fetch_times(site)
    assert sorted(times) == list(range(FEEDS))
    doubles: list[tuple[int, float]] = []
    slow: list[tuple[int, float]] = []
    for feed, stamps in times.items():
        stamps.sort()
        for before, after in itertools.pairwise(stamps):
            gap = after - before
            if gap < INTERVAL_S / 2:
                doubles.append((feed, round(gap, 2)))
            allowed = 2 * INTERVAL_S + TICK_S
            if before <= killed_at <= after:
                allowed += STALLED_S + TICK_S + 4
            if gap > allowed:
                slow.append((feed, round(gap, 2)))
    assert not doubles, f"sources fetched twice within one interval: {doubles[:10]}"
    assert not slow, f"sources left waiting too long: {slow[:10]}"
    elapsed = time.monotonic() - started
    total = sum(len(s) for s in times.values())
    assert total <= FEEDS * (elapsed / INTERVAL_S + 1)

    # the work was shared: the survivors each polled many sources
    logs = [w.log() for w in workers]
    polled = [log.count("source done source=") for log in logs]
    assert all(count > FEEDS / (2 * WORKERS) for count in polled), polled

    # every alert delivered once: one POST per webhook-id, one webhook-id per report. A resend
    # is allowed only for an alert whose sender was killed between sending and recording it:
    # the outbox records that as an interruption (same webhook-id; see README, Alerts).
    posts = site.posts("/hook")
    per_id = Counter(p.headers["webhook-id"] for p in posts)
    bodies = {p.headers["webhook-id"]: json.loads(p.body) for p in posts}
    councils = Counter(b["council"]["name"] for b in bodies.values())
    assert len(per_id) == REPORTS, f"{len(per_id)} distinct alerts for {REPORTS} reports"
    assert set(councils) == {c.name for c in newsroom.councils}
    assert max(councils.values()) == 1
    resent = {wid for wid, n in per_id.items() if n > 1}
    interrupted = interrupted_alerts(PG_URL)
    assert len(resent) <= interrupted, f"alerts sent twice without a crash: {resent}"


def interrupted_alerts(url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        value = conn.execute(text("SELECT count(*) FROM alert WHERE interruptions > 0")).scalar()
    engine.dispose()
    return int(value or 0)


def test_a_second_serve_on_one_sqlite_file_is_refused(site: Site, tmp_path: Path) -> None:
    site.serve("/feed/0.xml", rss("Local", site.url("/"), []), content_type="application/rss+xml")
    config = tmp_path / "sources.toml"
    config.write_text(
        f"""
[monitor]
host_delay = "0s"
robots = false

[[sources]]
name = "feed"
kind = "feed"
url = "{site.url("/feed/0.xml")}"
interval = "1h"
""",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": child_pythonpath()}
    env.pop("MONITOR_DATABASE_URL", None)
    command = [sys.executable, "-m", "monitor", "--config", str(config), "serve"]
    first = subprocess.Popen(
        [*command, "--health-file", str(tmp_path / "health.json")],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while not (tmp_path / "health.json").exists():
            assert first.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        second = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True)
        assert second.returncode == 2
        assert f"another `monitor serve` (pid {first.pid})" in second.stderr
        assert "PostgreSQL" in second.stderr
        assert first.poll() is None, "the first service must go on"
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    # the lock dies with its process, however it ends: a new serve starts after a kill -9
    again = subprocess.Popen(
        [*command, "--health-file", str(tmp_path / "health2.json")],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while not (tmp_path / "health2.json").exists():
            assert again.poll() is None, again.stderr.read() if again.stderr else ""
            assert time.monotonic() < deadline
            time.sleep(0.1)
    finally:
        again.send_signal(signal.SIGTERM)
        assert again.wait(30) == 0
