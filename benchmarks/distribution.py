"""Multi-worker distribution benchmark: APScheduler 4.0.0a6 vs Procrastinate 3.10.

Self-contained measurement, not part of the ``monitor`` package. Question: can several
``monitor serve`` processes share the sources through one PostgreSQL, each due source
polled by exactly one worker per interval, with takeover when a worker is ``kill -9``-ed?

Scenario (per engine, one after the other in one run): a local HTTP server on 127.0.0.1
(own process; 200 URLs ``/s/<n>``, 0.2 s simulated latency so that jobs are in flight
at the kill; every GET is logged with its time and the ``X-Worker`` header); 3 worker
processes; 200 sources polled every 10 s, first fire times staggered over the interval;
80 s measured; ``kill -9`` of worker 2 at the midpoint; then SIGTERM for the rest.

Printed per engine: fetches vs expected; per source and per scheduled interval (a 10 s
bin centred on each scheduled fire time) how many bins saw 0, 1 or 2+ fetches; gaps
between consecutive fetches of a source (a "double" is a gap < interval/2); lateness of
each fetch against its schedule; takeover for the killed worker's sources (sources whose
last fetch before the kill came from it: gap from that fetch to the next one); fetches
per worker; CPU s (user+sys from /proc/<pid>/stat) per worker and per PostgreSQL
backend; max PostgreSQL connections (pg_stat_activity by application_name); error lines
in the worker logs (workdir, default /tmp/dist-bench).

Engines:

* ``aps4`` (``distribution_aps4.py``, own venv): ``AsyncScheduler`` +
  ``SQLAlchemyDataStore(create_async_engine("postgresql+psycopg://..."))`` +
  ``PsycopgEventBroker.from_async_sqla_engine(engine)``. One task per source
  (``configure_task("poll-<n>", func=poll, max_running_jobs=1,
  misfire_grace_time=10)``: ``max_running_jobs`` is per *task*, so one shared task with
  max_running_jobs=1 would serialise all 200 sources) and one ``IntervalTrigger``
  schedule per source (``ConflictPolicy.do_nothing``). Schema race: a separate
  ``--init`` process creates the schema and adds all schedules *before* any worker
  starts; workers never add schedules. ``lease_duration=10 s``, ``cleanup_interval=5 s``
  (library defaults 30 s and 15 min: with them an abandoned job keeps its task's
  running-job slot until the next clean-up, i.e. up to 15 min).
* ``procrastinate`` (``distribution_procrastinate.py``, project venv): a 1 s periodic
  ``tick`` defers ``poll(n)`` for due sources with ``lock=queueing_lock="src-<n>"``;
  ``poll`` claims the source in ``dist_sources`` (``UPDATE .. WHERE next_due <= now()
  RETURNING``) before fetching; a 5 s periodic ``recover`` retries jobs of workers
  whose heartbeat is older than 10 s. Workers: ``concurrency=10,
  update_heartbeat_interval=3, stalled_worker_timeout=10, delete_jobs="successful"``
  (defaults 10 s / 30 s). Schema: ``app.schema_manager.apply_schema_async()`` in
  ``--init`` before the workers.

Reproduce (PostgreSQL 15 with trust auth; ONLY the h_dist / h_dist2 databases are
touched, and their ``public`` schema is dropped and recreated at the start of a run)::

    psql -h 127.0.0.1 -p 55433 -U postgres -c 'CREATE DATABASE h_dist'
    psql -h 127.0.0.1 -p 55433 -U postgres -c 'CREATE DATABASE h_dist2'
    python3 -m venv /tmp/aps4-venv
    /tmp/aps4-venv/bin/pip install 'apscheduler==4.0.0a6' 'psycopg[binary]' sniffio \\
        'sqlalchemy[asyncio]' httpx        # [asyncio]: SQLAlchemy 2.1 needs greenlet
    DIST_PG_URL=postgresql://postgres@127.0.0.1:55433/h_dist \\
        .venv/bin/python benchmarks/distribution.py      # ~4.5 min for both engines
    # options: --engines aps4|procrastinate --workers --sources --interval --duration
    #          --kill N --delay --dsn2 (default: <dsn> with db h_dist2) --json FILE

Figures seen (2 cores shared with other engineers' tests; versions apscheduler 4.0.0a6,
anyio 4.16.0, SQLAlchemy 2.1.9, psycopg 3.3.9, procrastinate 3.10.0, PostgreSQL 15):

    run 1 (80 s, delay 0.2 s)            aps4                  procrastinate
    fetches in window (expected 1600)    1577                  1588
    source-intervals 0 / 1 / 2+          7 / 1494 / 0          0 / 1501 / 0
      after the kill                     6 / 594 / 0           0 / 600 / 0
    doubles (gap < 5 s)                  0                     0
    gap min / p50 / max s                6.33 / 9.94 / 12.40   9.00 / 9.99 / 10.69
    lateness p50 / p95 / max s           0.67 / 2.97 / 4.52    0.86 / 1.08 / 1.60
    killed worker's sources              76, 2 never again     69, 0 never again
    takeover gap p50 / max s             10.14 / 50.00 (*)     9.94 / 10.69
    worker CPU s w1 / w2(killed) / w3    18.9 / 8.3 / 18.8     10.7 / 5.0 / 10.7
    CPU ms per fetch (live workers)      29.0                  16.2
    PG backend CPU s w1 / w2 / w3        3.4 / 1.3 / 3.3       3.4 / 1.5 / 3.4
    PG connections max per worker/total  9-10 / 26             5 / 15
    error lines in worker logs           0                     0

    run 3 (same; loadavg 5.4-5.7 from others' tests)
    source-intervals 0 / 1 / 2+          21 / 1480 / 0         0 / 1501 / 0
    gap min / p50 / max s                7.00 / 9.97 / 18.61   9.25 / 10.01 / 10.72
    lateness p50 / p95 / max s           0.58 / 2.09 / 4.04    0.77 / 1.03 / 1.62
    killed worker's sources              59, 3 never again     60, 0 never again
    takeover gap p50 / max s             9.48 / 49.32 (*)      9.95 / 10.39
    worker CPU s w1 / w2 / w3            22.1 / 10.0 / 21.9    12.2 / 5.5 / 11.8
    CPU ms per fetch                     33.6                  17.9
    PG connections max total             24                    15

    run 2 (same, while the machine was saturated by other engineers' test runs)
    source-intervals 0 / 1 / 2+          764 / 649 / 88        200 / 1247 / 54
    doubles (gap < 5 s)                  20                    49 (**)
    lateness p50 / p95 / max s           5.48 / 9.00 / 9.48    2.11 / 5.37 / 9.44
    takeover gap p50 / max s             12.26 / 72.21         10.88 / 15.42

    run 4 (procrastinate only, 60 s, server delay 1.0 s so ~7 jobs/worker in flight)
    source-intervals 0 / 1 / 2+ 0 / 1101 / 0; doubles 0; takeover p50/max 10.46/11.24 s;
    8 stalled jobs of the killed worker: 4 retried, 4 marked failed because a todo job
    with the same queueing lock already existed (retry would violate the unique index).

    (*) APScheduler: the killed worker's in-flight jobs left ``tasks.running_jobs = 1``
    behind for 2-3 sources per run (checked in the DB afterwards) although clean-up
    released the abandoned jobs; with max_running_jobs=1 those sources were never
    polled again (the 49-50 s "gap" is the rest of the run). Graceful SIGTERM stops also
    left counters at 1.
    (**) "doubles" under saturation are catch-ups: poll keeps its phase
    (next_due + interval), so a fetch late by 8 s is followed 2 s later by the next
    on-time one; never two workers on one source at once (the lock forbids it).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import itertools
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
DEFAULT_DSN = "postgresql://postgres@127.0.0.1:55433/h_dist"
CLK_TCK = os.sysconf("SC_CLK_TCK")


# --------------------------------------------------------------------------- HTTP


def serve_http(port: int, log_path: str, delay: float) -> None:
    """Own process: GET /s/<n> is logged as "<unix time> <n> <X-Worker>"."""
    lock = threading.Lock()
    log = open(log_path, "a", buffering=1)  # noqa: SIM115 - lives as long as the process

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            now = time.time()
            match = re.fullmatch(r"/s/(\d+)", self.path)
            if match is None:
                self.send_error(404)
                return
            with lock:
                log.write(f"{now:.4f} {match[1]} {self.headers.get('X-Worker', '?')}\n")
            if delay:
                time.sleep(delay)  # simulated network latency: keeps jobs in flight
            body = b"<rss><channel><title>ok</title></channel></rss>"
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            try:
                self.end_headers()
                self.wfile.write(body)
            except OSError:  # the client (a killed worker) went away
                with lock:
                    log.write(f"# aborted {match[1]}\n")

        def handle(self) -> None:
            with contextlib.suppress(OSError):  # connection reset by a killed worker
                super().handle()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"http server on 127.0.0.1:{port}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()


# ------------------------------------------------------------------- monitoring


def proc_cpu(pid: int) -> float | None:
    """user+sys CPU seconds of a process (all threads) from /proc/<pid>/stat."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime


def dbname_of(dsn: str) -> str:
    return urlsplit(dsn).path.lstrip("/")


def with_db(dsn: str, db: str) -> str:
    parts = urlsplit(dsn)
    return parts._replace(path="/" + db).geturl()


def check_db_allowed(dsn: str) -> None:
    name = dbname_of(dsn)
    if not name.startswith("h_dist"):
        sys.exit(f"refusing to touch database {name!r}: only h_dist* databases")


def reset_db(dsn: str) -> None:
    """Drop everything in our own benchmark database (schema public)."""
    import psycopg

    check_db_allowed(dsn)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
        conn.execute("CREATE SCHEMA public")


@dataclass
class Sampler:
    """Samples worker CPU and the PostgreSQL connections of one database."""

    dsn: str
    pids: dict[str, int]
    conn_max: dict[str, int] = field(default_factory=dict)
    conn_total_max: int = 0
    conn_last: dict[str, int] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    backend_cpu: dict[int, tuple[str, float]] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self._run, daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()

    def sample_cpu(self) -> None:
        for name, pid in self.pids.items():
            value = proc_cpu(pid)
            if value is not None:
                self.cpu[name] = value

    def _run(self) -> None:
        import psycopg

        with psycopg.connect(self.dsn, autocommit=True, application_name="dist-monitor") as conn:
            while not self._stop.is_set():
                self.sample_cpu()
                rows = conn.execute(
                    "SELECT pid, application_name FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                ).fetchall()
                counts: collections.Counter[str] = collections.Counter()
                for pid, app in rows:
                    counts[app or "?"] += 1
                    cpu = proc_cpu(pid)
                    if cpu is not None:
                        self.backend_cpu[pid] = (app or "?", cpu)
                for app, n in counts.items():
                    self.conn_max[app] = max(self.conn_max.get(app, 0), n)
                self.conn_last = dict(counts)
                self.conn_total_max = max(self.conn_total_max, sum(counts.values()))
                self._stop.wait(1.0)


# ------------------------------------------------------------------ one engine


@dataclass
class Result:
    engine: str
    fetches: list[tuple[float, int, str]]
    first_fire: float
    t_kill: float
    t_end: float
    killed: str
    workers: list[str]
    cpu: dict[str, float]
    backend_cpu: dict[str, float]
    conn_max: dict[str, int]
    conn_total_max: int
    log_issues: dict[str, list[str]]
    notes: list[str]


def engine_commands(engine: str, args: argparse.Namespace, dsn: str, first_fire: float):
    common = ["--sources", str(args.sources), "--interval", str(args.interval)]
    common += ["--first-fire", f"{first_fire:.3f}"]
    if engine == "aps4":
        exe = [args.aps4_python, str(HERE / "distribution_aps4.py"), "--dsn", dsn]
        extra = ["--lease", str(args.aps4_lease)]
        extra += ["--cleanup-interval", str(args.aps4_cleanup)]
        return exe + common + ["--init"], exe + common + extra
    exe = [sys.executable, str(HERE / "distribution_procrastinate.py")]
    extra = ["--heartbeat", str(args.procr_heartbeat)]
    extra += ["--stalled-after", str(args.procr_stalled_after)]
    extra += ["--concurrency", str(args.procr_concurrency)]
    return exe + common + ["--init"], exe + common + extra


def scan_log(path: Path) -> list[str]:
    """Error-ish lines of a worker log (tracebacks, ERROR/CRITICAL, exceptions)."""
    issues = []
    pattern = re.compile(r"Traceback|ERROR|CRITICAL|Error:|Exception|exception")
    for line in path.read_text(errors="replace").splitlines():
        if pattern.search(line):
            issues.append(line.strip()[:220])
    return issues


def run_engine(engine: str, args: argparse.Namespace, dsn: str, workdir: Path) -> Result:
    check_db_allowed(dsn)
    reset_db(dsn)
    port = args.port
    http_log = workdir / f"{engine}-http.log"
    http_log.write_text("")
    server = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--serve-http",
            str(port),
            "--http-log",
            str(http_log),
            "--delay",
            str(args.delay),
        ],
        stdout=subprocess.DEVNULL,
    )
    env = dict(os.environ)
    env["DIST_HTTP_BASE"] = f"http://127.0.0.1:{port}"
    env["DIST_PG_URL"] = dsn
    notes: list[str] = [f"loadavg at start {Path('/proc/loadavg').read_text().split()[:3]}"]
    workers: dict[str, subprocess.Popen] = {}
    try:
        time.sleep(0.5)
        first_fire = time.time() + args.warmup
        init_cmd, worker_cmd = engine_commands(engine, args, dsn, first_fire)
        t = time.time()
        init_env = dict(env, DIST_WORKER=f"{engine}-init")
        subprocess.run(init_cmd, env=init_env, check=True, cwd=HERE)
        notes.append(f"schema+init took {time.time() - t:.1f} s (before workers)")
        if time.time() > first_fire - 2:
            notes.append("WARNING: init ate the warm-up; first fires were late")
        for i in range(1, args.workers + 1):
            name = f"{engine}-w{i}"
            log = open(workdir / f"{name}.log", "w")  # noqa: SIM115 - closed by the OS
            workers[name] = subprocess.Popen(
                worker_cmd,
                env=dict(env, DIST_WORKER=name),
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=HERE,
            )
        sampler = Sampler(dsn, {n: p.pid for n, p in workers.items()})
        sampler_thread = sampler.start()
        t_kill = first_fire + args.duration / 2
        t_end = first_fire + args.duration
        killed = f"{engine}-w{args.kill}"
        time.sleep(max(0.0, t_kill - time.time()))
        sampler.sample_cpu()
        cpu_killed = proc_cpu(workers[killed].pid)
        t_kill = time.time()
        workers[killed].send_signal(signal.SIGKILL)
        workers[killed].wait()
        print(f"  [{engine}] kill -9 {killed} at t+{t_kill - first_fire:.1f} s", flush=True)
        time.sleep(max(0.0, t_end - time.time()))
        sampler.sample_cpu()
        if cpu_killed is not None:
            sampler.cpu[killed] = cpu_killed
        sampler.stop()
        sampler_thread.join(timeout=5)
        notes.append(f"loadavg at end {Path('/proc/loadavg').read_text().split()[:3]}")
        for proc in workers.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for name, proc in workers.items():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                notes.append(f"{name} did not stop within 20 s of SIGTERM; killed")
                proc.kill()
                proc.wait()
    finally:
        for proc in workers.values():
            if proc.poll() is None:
                proc.kill()
        server.terminate()
        server.wait(timeout=10)

    fetches = []
    for line in http_log.read_text().splitlines():
        if line.startswith("#"):
            notes.append(f"http: {line[2:]} (response not delivered)")
            continue
        ts, src, worker = line.split()
        fetches.append((float(ts), int(src), worker))
    backend: dict[str, float] = collections.defaultdict(float)
    for app, cpu in sampler.backend_cpu.values():
        backend[re.sub(r"^(.*-w\d+).*", r"\1", app)] += cpu
    return Result(
        engine=engine,
        fetches=fetches,
        first_fire=first_fire,
        t_kill=t_kill,
        t_end=t_end,
        killed=killed,
        workers=list(workers),
        cpu=dict(sampler.cpu),
        backend_cpu=dict(backend),
        conn_max=dict(sampler.conn_max),
        conn_total_max=sampler.conn_total_max,
        log_issues={n: scan_log(workdir / f"{n}.log") for n in workers},
        notes=notes,
    )


# -------------------------------------------------------------------- analysis


def analyse(res: Result, args: argparse.Namespace) -> dict[str, object]:
    iv = args.interval
    step = iv / args.sources
    by_src: dict[int, list[tuple[float, str]]] = collections.defaultdict(list)
    for ts, src, worker in sorted(res.fetches):
        if res.first_fire - iv / 2 <= ts < res.t_end:
            by_src[src].append((ts, worker))

    # 1. per-source interval bins centred on each source's scheduled fire times
    bins = collections.Counter()
    bins_after_kill = collections.Counter()
    for src in range(args.sources):
        phase = res.first_fire + src * step
        times = [ts for ts, _ in by_src.get(src, [])]
        k = 0
        while phase + (k + 0.5) * iv <= res.t_end:
            lo, hi = phase + (k - 0.5) * iv, phase + (k + 0.5) * iv
            n = sum(lo <= ts < hi for ts in times)
            bins[min(n, 2)] += 1
            if lo >= res.t_kill:
                bins_after_kill[min(n, 2)] += 1
            k += 1

    # lateness of each fetch against its source's schedule (modulo the interval)
    late = sorted(
        ((ts - (res.first_fire + src * step) + 0.5) % iv) - 0.5
        for src, entries in by_src.items()
        for ts, _ in entries
    )

    # 2. gaps between consecutive fetches of one source
    gaps = []
    doubles = 0
    for entries in by_src.values():
        for (a, _), (b, _) in itertools.pairwise(entries):
            gaps.append(b - a)
            doubles += (b - a) < iv / 2

    # 3. takeover: sources whose last fetch before the kill was by the killed worker
    takeover = []
    never = 0
    for src in range(args.sources):
        entries = by_src.get(src, [])
        before = [(ts, w) for ts, w in entries if ts < res.t_kill]
        after = [ts for ts, _ in entries if ts >= res.t_kill]
        if not before or before[-1][1] != res.killed:
            continue
        if after:
            takeover.append(after[0] - before[-1][0])
        else:
            never += 1
            takeover.append(res.t_end - before[-1][0])
    per_worker_before = collections.Counter(
        w for ts, _, w in res.fetches if res.first_fire <= ts < res.t_kill
    )
    per_worker_after = collections.Counter(
        w for ts, _, w in res.fetches if res.t_kill <= ts < res.t_end
    )
    in_window = sum(len(v) for v in by_src.values())
    expected = args.sources * (res.t_end - res.first_fire) / iv
    return {
        "fetches": in_window,
        "expected": expected,
        "bins": bins,
        "bins_after_kill": bins_after_kill,
        "doubles": doubles,
        "min_gap": min(gaps) if gaps else float("nan"),
        "max_gap": max(gaps) if gaps else float("nan"),
        "p50_gap": statistics.median(gaps) if gaps else float("nan"),
        "late_p50": late[len(late) // 2] if late else float("nan"),
        "late_p95": late[int(len(late) * 0.95)] if late else float("nan"),
        "late_max": late[-1] if late else float("nan"),
        "dead_sources": len(takeover),
        "never": never,
        "takeover_max": max(takeover) if takeover else float("nan"),
        "takeover_p50": statistics.median(takeover) if takeover else float("nan"),
        "per_worker_before": dict(per_worker_before),
        "per_worker_after": dict(per_worker_after),
    }


def report(res: Result, stats: dict, args: argparse.Namespace) -> list[tuple[str, str]]:
    bins, bak = stats["bins"], stats["bins_after_kill"]
    total_bins = sum(bins.values())
    live = [w for w in res.workers if w != res.killed]
    cpu_live = sum(res.cpu.get(w, 0.0) for w in live)
    fetches_live = sum(
        stats["per_worker_before"].get(w, 0) + stats["per_worker_after"].get(w, 0) for w in live
    )
    issues = sum(len(v) for v in res.log_issues.values())
    rows = [
        ("fetches in window (expected)", f"{stats['fetches']} ({stats['expected']:.0f})"),
        (
            "source-intervals 0 / 1 / 2+ fetches",
            f"{bins[0]} / {bins[1]} / {bins[2]} of {total_bins}",
        ),
        (
            "  same, intervals after the kill",
            f"{bak[0]} / {bak[1]} / {bak[2]} of {sum(bak.values())}",
        ),
        ("double fetches (gap < interval/2)", str(stats["doubles"])),
        (
            "gap min / p50 / max (s)",
            f"{stats['min_gap']:.2f} / {stats['p50_gap']:.2f} / {stats['max_gap']:.2f}",
        ),
        (
            "fetch lateness p50 / p95 / max (s)",
            f"{stats['late_p50']:.2f} / {stats['late_p95']:.2f} / {stats['late_max']:.2f}",
        ),
        (
            "killed worker's sources",
            f"{stats['dead_sources']} (never refetched: {stats['never']})",
        ),
        (
            "  takeover gap p50 / max (s)",
            f"{stats['takeover_p50']:.2f} / {stats['takeover_max']:.2f}",
        ),
        (
            "fetches per worker before kill",
            " ".join(f"{k[-2:]}={v}" for k, v in sorted(stats["per_worker_before"].items())),
        ),
        (
            "fetches per worker after kill",
            " ".join(f"{k[-2:]}={v}" for k, v in sorted(stats["per_worker_after"].items())),
        ),
        (
            "worker CPU s (user+sys)",
            " ".join(f"{w[-2:]}={res.cpu.get(w, float('nan')):.1f}" for w in res.workers),
        ),
        (
            "CPU ms per fetch (live workers)",
            f"{1000 * cpu_live / max(1, fetches_live):.1f}",
        ),
        (
            "PG backend CPU s (per worker)",
            " ".join(
                f"{w[-2:]}={res.backend_cpu.get(w, 0.0):.1f}"
                for w in [*res.workers, f"{res.engine}-init"]
                if w in res.backend_cpu
            )
            + (f" other={sum(v for k, v in res.backend_cpu.items() if k not in res.workers):.1f}"),
        ),
        (
            "PG connections max per worker",
            " ".join(f"{w[-2:]}={res.conn_max.get(w, 0)}" for w in res.workers),
        ),
        ("PG connections max total", str(res.conn_total_max)),
        ("error lines in worker logs", str(issues)),
    ]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dsn", default=os.environ.get("DIST_PG_URL", DEFAULT_DSN))
    parser.add_argument(
        "--dsn2",
        default=os.environ.get("DIST_PG_URL2"),
        help="database for the second engine (default: <dsn> with db h_dist2)",
    )
    parser.add_argument("--engines", default="aps4,procrastinate")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--interval", type=float, default=10.0)
    parser.add_argument("--duration", type=float, default=80.0)
    parser.add_argument("--warmup", type=float, default=20.0)
    parser.add_argument("--kill", type=int, default=2, help="which worker to kill -9")
    parser.add_argument("--delay", type=float, default=0.2, help="server latency, s")
    parser.add_argument("--port", type=int, default=18765)
    parser.add_argument("--aps4-python", default="/tmp/aps4-venv/bin/python")
    parser.add_argument("--aps4-lease", type=float, default=10.0)
    parser.add_argument("--aps4-cleanup", type=float, default=5.0)
    parser.add_argument("--procr-heartbeat", type=float, default=3.0)
    parser.add_argument("--procr-stalled-after", type=float, default=10.0)
    parser.add_argument("--procr-concurrency", type=int, default=10)
    parser.add_argument("--workdir", default="/tmp/dist-bench")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--serve-http", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--http-log", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_http:
        serve_http(args.serve_http, args.http_log, args.delay)
        return

    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    dsn2 = args.dsn2 or with_db(args.dsn, "h_dist2")
    engines = args.engines.split(",")
    results = {}
    for n, engine in enumerate(engines):
        dsn = args.dsn if n == 0 or len(engines) == 1 else dsn2
        print(
            f"== {engine}: {args.workers} workers, {args.sources} sources, "
            f"interval {args.interval:g} s, {args.duration:g} s, db {dbname_of(dsn)}",
            flush=True,
        )
        res = run_engine(engine, args, dsn, workdir)
        stats = analyse(res, args)
        results[engine] = (res, stats, report(res, stats, args))
        for note in res.notes:
            print(f"  note: {note}")
        for w, lines in res.log_issues.items():
            for line in lines[:8]:
                print(f"  {w}: {line}")
            if len(lines) > 8:
                print(f"  {w}: ... {len(lines) - 8} more")

    print()
    names = list(results)
    rows = [r[0] for r in next(iter(results.values()))[2]]
    width = max(len(r) for r in rows)
    cols = [[v for _, v in results[e][2]] for e in names]
    colw = [max(len(names[i]), *(len(v) for v in cols[i])) for i in range(len(names))]
    print(f"{'':{width}} | " + " | ".join(f"{n:{colw[i]}}" for i, n in enumerate(names)))
    print("-" * (width + sum(colw) + 3 * len(names)))
    for j, row in enumerate(rows):
        print(
            f"{row:{width}} | " + " | ".join(f"{cols[i][j]:{colw[i]}}" for i in range(len(names)))
        )
    if args.json:
        Path(args.json).write_text(json.dumps({e: dict(results[e][2]) for e in names}, indent=2))


if __name__ == "__main__":
    main()
