"""kill -9 of `monitor run --once` in the middle of sending, then a re-run: every alert is
delivered, and none twice except the one whose send was interrupted (the documented single
resend, with the same webhook-id)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import standardwebhooks

from monitor.cli import main
from tests.alerts.helpers import SECRET
from tests.builders import ProviderReport, provider_page
from tests.conftest import child_pythonpath
from tests.servers import Site

ROOT = Path(__file__).resolve().parents[1]
URNS = {"Cheshire West and Chester": "80448", "Liverpool": "80485"}
HANG_ON = 3


class HangingReceiver:
    """Verifies each POST; the ``HANG_ON``-th one gets no answer until released."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.release = threading.Event()
        self.lock = threading.Lock()
        me = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                standardwebhooks.Webhook(SECRET).verify(body, dict(self.headers.items()))
                with me.lock:
                    me.ids.append(self.headers["webhook-id"])
                    count = len(me.ids)
                if count == HANG_ON and not me.release.is_set():
                    me.release.wait(60)
                    return
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def reports(site: Site, first: int, count: int) -> list[ProviderReport]:
    out = []
    for index in range(count):
        published = date(2026, 11, 1) - timedelta(days=100 * index)
        out.append(
            ProviderReport(
                "Children's services focused visit",
                site.url(f"/files/{first + index}"),
                published - timedelta(days=30),
                published,
            )
        )
    return out


def serve_pages(site: Site, new: int, etag: str) -> None:
    for offset, (name, urn) in enumerate(URNS.items()):
        old = reports(site, 1000 * (offset + 1), 2)
        fresh = [
            ProviderReport(
                r.label,
                r.pdf_url + "n",
                r.event_date + timedelta(days=1000),
                r.published + timedelta(days=1000),
            )
            for r in reports(site, 5000 * (offset + 1), new)
        ]
        site.serve(f"/provider/44/{urn}", provider_page(name, urn, fresh + old), etag=etag)


@pytest.mark.other_clocks  # the runs under test are child processes on the real clock
def test_kill_9_mid_send_then_rerun_delivers_everything_once_plus_one(
    site: Site, tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_WEBHOOK_SECRET", SECRET)
    receiver = HangingReceiver()
    config = tmp_path / "sources.toml"
    config.write_text(
        f"""
[councils]
track = ["CWAC", "Liverpool"]

[[sources]]
name = "ofsted"
kind = "ofsted"
base_url = "{site.base}"

[[channels]]
name = "hook"
kind = "webhook"
url = "{receiver.url}"
secret_env = "TEST_WEBHOOK_SECRET"
timeout = "60s"
""",
        encoding="utf-8",
    )
    args = ["--config", str(config), "--database", database_url]

    def run_in_process(*extra: str) -> tuple[int, str]:
        try:
            main([*args, *extra])
        except SystemExit as exit_:
            return int(exit_.code or 0), ""
        return 0, ""

    try:
        serve_pages(site, 0, '"v1"')
        assert run_in_process("run", "--once")[0] == 0  # baseline: no alerts
        serve_pages(site, 3, '"v2"')  # three new reports per council: six alerts

        env = dict(os.environ, PYTHONPATH=child_pythonpath())
        proc = subprocess.Popen(
            [sys.executable, "-m", "monitor", *args, "run", "--once"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while len(receiver.ids) < HANG_ON and proc.poll() is None:
            assert time.monotonic() < deadline, "the receiver never got the third alert"
            time.sleep(0.05)
        time.sleep(0.5)  # the other sends in flight finish and are recorded
        assert proc.poll() is None, proc.communicate()[0].decode()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()  # reaped: its pid is gone, so its claims are seen as abandoned at once
        interrupted = receiver.ids[HANG_ON - 1]
        receiver.release.set()

        code, _ = run_in_process("run", "--once")
        assert code == 0
        counts = Counter(receiver.ids)
        assert len(counts) == 6, counts  # every alert delivered
        doubled = {mid for mid, n in counts.items() if n > 1}
        assert doubled <= {interrupted}, counts  # none twice but the interrupted one
        assert max(counts.values()) <= 2

        capture = tmp_path / "alerts.json"
        with capture.open("w") as out:
            subprocess.run(
                [sys.executable, "-m", "monitor", *args, "alerts", "--format", "json"],
                cwd=tmp_path,
                env=env,
                stdout=out,
                check=True,
            )
        rows = [json.loads(line) for line in capture.read_text().splitlines()]
        assert [r["status"] for r in rows] == ["sent"] * 6
        resent = [r for r in rows if r["attempts"] == 2]
        assert len(resent) == 1 and "interrupted" not in (resent[0]["last_error"] or "")

        # and a third run sends nothing
        before = len(receiver.ids)
        assert run_in_process("run", "--once")[0] == 0
        assert len(receiver.ids) == before
    finally:
        receiver.stop()
