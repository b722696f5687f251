"""Benchmark: N queued webhook alerts delivered to a local receiver.

    .venv/bin/python benchmarks/alerts.py [--alerts 1000] [--concurrency 1 8] [--database URL]

For each concurrency (sends in flight per channel), N stories are committed with their outbox
rows (one transaction each, as a cycle does), then ``deliver_due`` sends them all to a
receiver in another process (stdlib ThreadingHTTPServer, verifies nothing, answers 200).
Prints deliveries per second over the delivery run, and the p50/p99 delay from each row's
commit to the receiver getting it (with the whole backlog queued first, so the delay is
mostly time spent waiting in the queue).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SECRET = "whsec_" + "YmVuY2htYXJrLXNlY3JldC1rZXktMDEyMzQ1Njc4OQ=="


def _receiver(port_queue: Any) -> None:
    received: dict[str, float] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            event = self.headers.get("X-Bench-Event") or ""
            received.setdefault(self.headers["webhook-id"], time.time())
            del event
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:
            body = json.dumps(received).encode()
            if self.path == "/reset":
                received.clear()
                body = b"{}"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port_queue.put(server.server_address[1])
    server.serve_forever()


def _get(port: int, path: str) -> dict[str, float]:
    import httpx

    return dict(httpx.get(f"http://127.0.0.1:{port}{path}", timeout=30).json())


def run(count: int, concurrency: int, port: int, database: str | None, folder: Path) -> str:
    from sqlmodel import select

    from monitor.alerts.outbox import deliver_due, enqueue, message_id
    from monitor.config import load
    from monitor.models import Alert, Story
    from monitor.store import Store

    config = folder / f"sources-{concurrency}.toml"
    config.write_text(
        f"""
[councils]
track = ["CWAC"]

[[channels]]
name = "bench"
kind = "webhook"
url = "http://127.0.0.1:{port}/hook"
secret_env = "BENCH_WEBHOOK_SECRET"
""",
        encoding="utf-8",
    )
    os.environ["BENCH_WEBHOOK_SECRET"] = SECRET
    url = database or f"sqlite:///{folder / f'bench-{concurrency}.db'}"
    settings = load(config, database=url)
    store = Store(settings.database_url)
    store.migrate()
    _get(port, "/reset")
    committed: dict[int, float] = {}
    for index in range(count):
        now = datetime.now(UTC)
        with store.session() as session:
            story = Story(
                event_id=f"bench-{concurrency}-{index}-{time.time_ns()}",
                council="Cheshire West and Chester",
                ons_code="E06000050",
                inspection_type="ilacs_full",
                judgement="good",
                published=date(2026, 11, 23),
                first_seen_via="ofsted",
                created_at=now,
            )
            session.add(story)
            session.flush()
            enqueue(session, settings, story, now)
        committed[index] = time.time()
    started = time.perf_counter()
    tally = asyncio.run(deliver_due(store, settings, concurrency=concurrency))
    elapsed = time.perf_counter() - started
    received = _get(port, "/stats")
    with store.session() as session:
        rows = session.exec(select(Alert).where(Alert.channel == "bench")).all()
        by_story = {a.story_id: message_id(a) for a in rows}
        stories = session.exec(select(Story)).all()
        order = {s.id: i for i, s in enumerate(sorted(stories, key=lambda s: s.id or 0))}
    delays = []
    for story_id, mid in by_story.items():
        if mid in received:
            delays.append((received[mid] - committed[order[story_id]]) * 1000)
    store.close()
    delays.sort()
    p50 = statistics.median(delays)
    p99 = delays[min(len(delays) - 1, int(len(delays) * 0.99))]
    return (
        f"concurrency {concurrency:>2}: {tally.sent}/{count} delivered in {elapsed:.2f}s = "
        f"{tally.sent / elapsed:.0f} deliveries/s; commit->delivery p50 {p50:.0f} ms, "
        f"p99 {p99:.0f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--alerts", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--database", help="SQLAlchemy URL of an empty database (default SQLite)")
    args = parser.parse_args()
    ports: Any = multiprocessing.Queue()
    receiver = multiprocessing.Process(target=_receiver, args=(ports,), daemon=True)
    receiver.start()
    port = ports.get(timeout=10)
    print(f"{args.alerts} webhook alerts per run, receiver in another process on 127.0.0.1")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for concurrency in args.concurrency:
                print(run(args.alerts, concurrency, port, args.database, Path(tmp)), flush=True)
    finally:
        receiver.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
