"""APScheduler 4.0.0a6 worker for ``benchmarks/distribution.py`` (not part of monitor).

Runs under a separate venv (the project pins APScheduler 3):

    python3 -m venv /tmp/aps4-venv
    /tmp/aps4-venv/bin/pip install 'apscheduler==4.0.0a6' 'psycopg[binary]' sniffio \
        sqlalchemy httpx

Two modes:

* ``--init``: create the data store schema and add one interval schedule per source
  (one *task* per source, because ``max_running_jobs`` is a per-task limit), then
  exit without processing anything. Run once before the workers start, so that the
  workers never race on ``CREATE TYPE``/``CREATE TABLE``.
* default: run an ``AsyncScheduler`` until SIGTERM; it never adds schedules.

The job (``poll``) GETs ``{DIST_HTTP_BASE}/s/{source_id}`` with an ``X-Worker``
header so the HTTP server can attribute each fetch to a worker.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from datetime import UTC, datetime, timedelta

import httpx
from apscheduler import AsyncScheduler, ConflictPolicy
from apscheduler.datastores.sqlalchemy import SQLAlchemyDataStore
from apscheduler.eventbrokers.psycopg import PsycopgEventBroker
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.ext.asyncio import create_async_engine

_client: httpx.AsyncClient | None = None


def _http_client() -> httpx.AsyncClient:
    global _client
    if _client is None:
        _client = httpx.AsyncClient(
            base_url=os.environ["DIST_HTTP_BASE"],
            headers={"X-Worker": os.environ.get("DIST_WORKER", "?")},
            timeout=10.0,
        )
    return _client


async def poll(source_id: int) -> int:
    """The scheduled job: fetch one source."""
    response = await _http_client().get(f"/s/{source_id}")
    return response.status_code


def _sqla_url(dsn: str, app_name: str) -> str:
    url = dsn.replace("postgresql://", "postgresql+psycopg://", 1)
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}application_name={app_name}"


def _scheduler(args: argparse.Namespace, identity: str) -> AsyncScheduler:
    engine = create_async_engine(_sqla_url(args.dsn, identity))
    data_store = SQLAlchemyDataStore(engine)
    broker = PsycopgEventBroker.from_async_sqla_engine(engine)
    return AsyncScheduler(
        data_store,
        broker,
        identity=identity,
        max_concurrent_jobs=args.max_concurrent_jobs,
        lease_duration=timedelta(seconds=args.lease),
        cleanup_interval=timedelta(seconds=args.cleanup_interval),
    )


async def init(args: argparse.Namespace) -> None:
    first = datetime.fromtimestamp(args.first_fire, tz=UTC)
    async with _scheduler(args, "aps4-init") as scheduler:
        for i in range(args.sources):
            task_id = f"poll-{i}"
            await scheduler.configure_task(
                task_id,
                func=poll,
                max_running_jobs=1,
                # a job that could not start within one interval is dropped rather
                # than run late next to the following one (that would be a double)
                misfire_grace_time=args.interval,
            )
            start = first + timedelta(seconds=i * args.interval / args.sources)
            await scheduler.add_schedule(
                task_id,
                IntervalTrigger(seconds=args.interval, start_time=start),
                id=f"src-{i}",
                args=[i],
                conflict_policy=ConflictPolicy.do_nothing,
            )
    print(f"initialised {args.sources} schedules", flush=True)


async def worker(args: argparse.Namespace) -> None:
    identity = os.environ.get("DIST_WORKER", f"aps4-{os.getpid()}")
    async with _scheduler(args, identity) as scheduler:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, lambda: asyncio.ensure_future(scheduler.stop()))
        print(f"{identity} started", flush=True)
        await scheduler.run_until_stopped()
    if _client is not None:
        await _client.aclose()
    print(f"{identity} stopped", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dsn", required=True)
    parser.add_argument("--init", action="store_true")
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--interval", type=float, default=10.0)
    parser.add_argument("--first-fire", type=float, default=0.0)
    parser.add_argument("--lease", type=float, default=30.0)
    parser.add_argument("--cleanup-interval", type=float, default=900.0)
    parser.add_argument("--max-concurrent-jobs", type=int, default=100)
    parser.add_argument("--log-level", default="WARNING")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=args.log_level,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    asyncio.run(init(args) if args.init else worker(args))


if __name__ == "__main__":
    # Import ourselves under our real module name so that APScheduler stores the
    # task callable as "distribution_aps4:poll", not "__main__:poll".
    import distribution_aps4

    distribution_aps4.main()
