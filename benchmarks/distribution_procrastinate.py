"""Procrastinate 3.10 worker for ``benchmarks/distribution.py`` (not part of monitor).

Design (no source is ever assigned to a worker; every worker pulls jobs):

* table ``dist_sources(id, next_due)`` holds the next due time of each source;
* ``tick`` is a periodic task, cron ``* * * * * *`` (the 6th cron field is seconds).
  Every worker runs Procrastinate's periodic deferrer, but the
  ``procrastinate_periodic_defers`` unique key lets only one of them defer each
  second's job. ``tick`` defers ``poll(source_id)`` for every due source, with
  ``queueing_lock=lock="src-<id>"``: at most one queued and one running job per source;
* ``poll`` first *claims* the source (``UPDATE ... SET next_due = next_due + interval
  WHERE id = .. AND next_due <= now() RETURNING``) and only fetches if it won, so a job
  queued while another one ran, or a retried stalled job, never fetches twice in one
  interval;
* ``recover`` is a periodic task every ``--recover-every`` seconds that retries the
  jobs of workers whose heartbeat is older than ``--stalled-after`` seconds
  (``job_manager.get_stalled_jobs(seconds_since_heartbeat=..)`` + ``retry_job``). When
  the retry would collide with an already queued job of the same queueing lock, the
  stalled job is marked failed instead (that queued job covers the source).

Modes: ``--init`` applies the Procrastinate schema and creates/fills ``dist_sources``
(run once before the workers); default runs a worker until SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import sys

import httpx
import procrastinate
from procrastinate import exceptions, jobs

ARGS: argparse.Namespace
_client: httpx.AsyncClient | None = None


def _conninfo(dsn: str, app_name: str) -> str:
    sep = "&" if "?" in dsn else "?"
    return f"{dsn}{sep}application_name={app_name}"


app = procrastinate.App(
    connector=procrastinate.PsycopgConnector(
        conninfo=_conninfo(
            os.environ.get("DIST_PG_URL", "postgresql:///h_dist2"),
            os.environ.get("DIST_WORKER", "procr"),
        )
    )
)


def _http_client() -> httpx.AsyncClient:
    global _client
    if _client is None:
        _client = httpx.AsyncClient(
            base_url=os.environ["DIST_HTTP_BASE"],
            headers={"X-Worker": os.environ.get("DIST_WORKER", "?")},
            timeout=10.0,
        )
    return _client


CLAIM = """
UPDATE dist_sources
   SET next_due = CASE WHEN next_due + make_interval(secs => %(iv)s) > now()
                       THEN next_due + make_interval(secs => %(iv)s)
                       ELSE now() + make_interval(secs => %(iv)s) END,
       polls = polls + 1
 WHERE id = %(id)s AND next_due <= now()
RETURNING id
"""


@app.task(name="poll")
async def poll(source_id: int) -> None:
    try:
        await app.connector.execute_query_one_async(CLAIM, id=source_id, iv=ARGS.interval)
    except exceptions.NoResult:
        return  # not due: another job already polled it this interval
    await _http_client().get(f"/s/{source_id}")


@app.periodic(cron="* * * * * *", periodic_id="tick")
@app.task(name="tick", queueing_lock="tick")
async def tick(timestamp: int) -> None:
    rows = await app.connector.execute_query_all_async(
        "SELECT id FROM dist_sources WHERE next_due <= now() ORDER BY next_due"
    )
    for row in rows:
        lock = f"src-{row['id']}"
        with contextlib.suppress(exceptions.AlreadyEnqueued):
            await poll.configure(lock=lock, queueing_lock=lock).defer_async(source_id=row["id"])


# NB: the seconds field is the 6th (last) one: "*/5 * * * * *" would mean
# "every second of every 5th minute".
@app.periodic(cron="* * * * * */5", periodic_id="recover")
@app.task(name="recover", queueing_lock="recover")
async def recover(timestamp: int) -> None:
    stalled = await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=ARGS.stalled_after)
    for job in stalled:
        try:
            await app.job_manager.retry_job(job)
            outcome = "retried"
        except exceptions.UniqueViolation:
            # a todo job with the same queueing_lock exists already
            assert job.id is not None
            await app.job_manager.finish_job_by_id_async(
                job.id, status=jobs.Status.FAILED, delete_job=False
            )
            outcome = "failed (a queued job already covers it)"
        except exceptions.ConnectorException as exc:  # e.g. already retried
            outcome = f"skipped: {exc}"
        print(f"recover: stalled job {job.id} {job.task_name} -> {outcome}", flush=True)


async def init(args: argparse.Namespace) -> None:
    async with app.open_async():
        await app.schema_manager.apply_schema_async()
        await app.connector.execute_query_async(
            "CREATE TABLE dist_sources (id int PRIMARY KEY,"
            " next_due timestamptz NOT NULL, polls int NOT NULL DEFAULT 0)"
        )
        await app.connector.execute_query_async(
            "INSERT INTO dist_sources (id, next_due) SELECT i,"
            " to_timestamp(%(first)s + i * %(step)s) FROM generate_series(0, %(n)s - 1) i",
            first=args.first_fire,
            step=args.interval / args.sources,
            n=args.sources,
        )
    print(f"initialised schema and {args.sources} sources", flush=True)


async def worker(args: argparse.Namespace) -> None:
    name = os.environ.get("DIST_WORKER", f"procr-{os.getpid()}")
    async with app.open_async():
        print(f"{name} started", flush=True)
        await app.run_worker_async(
            name=name,
            concurrency=args.concurrency,
            update_heartbeat_interval=args.heartbeat,
            stalled_worker_timeout=args.stalled_after,
            delete_jobs="successful",
        )
    if _client is not None:
        await _client.aclose()
    print(f"{name} stopped", flush=True)


def main(argv: list[str] | None = None) -> None:
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--init", action="store_true")
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--interval", type=float, default=10.0)
    parser.add_argument("--first-fire", type=float, default=0.0)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--heartbeat", type=float, default=10.0)
    parser.add_argument("--stalled-after", type=float, default=30.0)
    parser.add_argument("--log-level", default="WARNING")
    ARGS = parser.parse_args(argv)
    logging.basicConfig(
        level=ARGS.log_level,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    asyncio.run(init(ARGS) if ARGS.init else worker(ARGS))


if __name__ == "__main__":
    main()
