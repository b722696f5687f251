"""Several ``monitor serve`` processes sharing one PostgreSQL, coordinated by Procrastinate.

On PostgreSQL, ``monitor serve`` is a Procrastinate worker: PostgreSQL is the coordination
engine, there is no home-made lease or cluster protocol. Any number of workers, on any number
of machines, run the same command against the same database and share the sources:

- ``monitor.tick`` is a Procrastinate periodic task, every ``TICK_S`` seconds. Procrastinate
  defers each tick once for all workers (a unique row per timestamp), and whichever worker is
  free runs it. The tick queues ``monitor.poll_source`` for every enabled source whose
  ``next_fetch_at`` has come and that has no job waiting or running, and hands the jobs of dead
  workers back to the queue (below).
- ``monitor.poll_source`` runs one source through the cycle, exactly as the SQLite service does.
  Each job carries ``lock="source:NAME"`` (Procrastinate never runs two jobs with one lock at
  once) and ``queueing_lock="source:NAME"`` (at most one such job waits). The job checks the
  source is still due before fetching, so a job queued while another was running finds the
  source done and returns: each due source is fetched by one worker, once per interval. The
  cycle stores the next fetch time (adaptive interval, back-off, Retry-After) as on SQLite.
- Workers send a heartbeat every ``[monitor] worker_heartbeat``. A worker silent for
  ``worker_stalled_after`` is dead (``kill -9``, a lost machine): the next tick retries its
  running jobs (``job_manager.get_stalled_jobs`` + ``retry_job``) and a live worker picks them
  up. Work in flight is refetched; every item is committed on its own, so nothing is lost.
- Alerts: every worker delivers due alerts after each poll and every ``ALERT_INTERVAL_S``; the
  outbox claims rows with ``SELECT … FOR UPDATE SKIP LOCKED`` (:mod:`monitor.alerts.outbox`),
  so several senders never send one alert twice.
- Worker health: the sources' work (fetching, parsing, the database writes, alert delivery)
  runs on an event loop of its own in a thread (:class:`JobLoop`), and the tick's queries in
  threads, so Procrastinate's loop (heartbeat, job fetching, the tick) never waits on it: a
  worker busy parsing a big page for longer than ``worker_stalled_after`` still heartbeats
  and is never taken for dead (no job handed back, no second poll).
- Database outages: when PostgreSQL goes away (a restart, a failover) the Procrastinate worker
  stops. ``run`` logs one line (``database unavailable: …``), retries with back-off
  (``RECONNECT_FIRST_S`` doubling up to ``RECONNECT_MAX_S``) until the database answers, logs
  ``database available again`` and starts the worker again under the same name. Jobs stay in
  the database, so nothing queued is lost; the jobs this worker had in hand are handed back at
  once (:meth:`SharedService._reclaim`), and the sources keep their schedule. The third-party
  tracebacks of the outage are left out of the log (:mod:`monitor.outage`).

Procrastinate's schema is installed by the migration ``0008_workers`` (under the migrations'
advisory lock, so workers starting together are safe). Successful jobs are deleted as they
finish; failed ones are kept ``JOB_KEEP_HOURS`` for inspection.

Measured against APScheduler 4's SQLAlchemy data store on the same multi-worker scenario:
see ``benchmarks/README.md`` ("Work distribution").
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import threading
from collections.abc import Callable, Coroutine
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import text
from sqlalchemy.engine import make_url

from monitor import clock
from monitor.alerts.outbox import deliver_due
from monitor.config import Settings, SourceSettings
from monitor.cycle import Cycle
from monitor.fetch import Fetcher
from monitor.models import SourceState
from monitor.outage import Outage, install_quiet_filter, is_connection_error
from monitor.store import Store, advisory_key, aware

T = TypeVar("T")

log = logging.getLogger(__name__)

TICK_S = 5
ALERT_INTERVAL_S = 30
JOB_KEEP_HOURS = 72
QUEUE = "monitor"
POLL_TASK = "monitor.poll_source"
TICK_TASK = "monitor.tick"
DUE_SLACK = timedelta(seconds=1)  # a job may start a moment before its source's time
RECONNECT_FIRST_S = 1.0
RECONNECT_MAX_S = 30.0


def conninfo(url: str) -> str:
    """The libpq form of a SQLAlchemy PostgreSQL URL (``postgresql+psycopg://`` → ``postgresql://``)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def lock_of(source: str) -> str:
    return f"source:{source}"


class JobLoop:
    """An event loop in a thread of its own, where the sources' work runs.

    :meth:`run` hands a coroutine over and awaits its result from the caller's loop;
    cancelling the caller cancels the coroutine. Synchronous work inside it (SQLAlchemy
    sessions, parsing) then blocks this loop only, never the caller's.
    """

    def __init__(self, name: str = "monitor-jobs") -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name=name, daemon=True)
        self._thread.start()

    async def run(self, coro: Coroutine[Any, Any, T]) -> T:
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coro, self.loop))

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join()
        self.loop.close()


class SharedService:
    """One worker of a shared deployment: its Procrastinate app, tasks and alert loop."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        *,
        on_job_done: Callable[[], None] | None = None,
        make_fetcher: Callable[[], Fetcher] | None = None,
        make_cycle: Callable[[Fetcher], Cycle] | None = None,
        reconnect_first_s: float = RECONNECT_FIRST_S,
        reconnect_max_s: float = RECONNECT_MAX_S,
    ) -> None:
        from procrastinate import App, PsycopgConnector

        self.settings = settings
        self.store = store
        self.make_fetcher = make_fetcher or (lambda: Fetcher.from_settings(settings))
        self.make_cycle = make_cycle or (lambda fetcher: Cycle(settings, store, fetcher))
        self.cycle: Cycle | None = None  # made on the job loop by ``run``
        self.on_job_done = on_job_done or (lambda: None)
        self.sources = {s.name: s for s in settings.sources if s.enabled}
        self.name = f"{socket.gethostname()}:{os.getpid()}"
        self.reconnect_first_s = reconnect_first_s
        self.reconnect_max_s = reconnect_max_s
        self.outage = Outage(f"worker {self.name}")
        self.jobs: JobLoop | None = None
        self._worker_ids: set[int] = set()
        self._quiet: Any = None
        concurrency = settings.monitor.worker_concurrency
        self.app = App(
            connector=PsycopgConnector(
                conninfo=conninfo(store.url),
                min_size=1,
                max_size=concurrency + 3,  # jobs, the listener, the heartbeat, the deferrer
                kwargs={"application_name": "ofsted-monitor worker"},
            )
        )
        self._register()

    # -- tasks -----------------------------------------------------------------------------
    def _register(self) -> None:
        app = self.app

        @app.periodic(cron=f"* * * * * */{TICK_S}", periodic_id="tick")
        @app.task(name=TICK_TASK, queue=QUEUE, pass_context=False)
        async def tick(timestamp: int) -> None:
            await self.tick(timestamp)

        @app.task(name=POLL_TASK, queue=QUEUE, pass_context=False)
        async def poll_source(source: str) -> None:
            await self.poll(source)

        self._poll_task = poll_source

    async def tick(self, timestamp: int | None = None) -> int:
        """Queue every due source with no job waiting or running; retry dead workers' jobs."""
        await self._retry_stalled()
        now = clock.now()
        busy = await asyncio.to_thread(self._busy_sources)
        states = {s.name: s for s in await asyncio.to_thread(self.store.list_sources)}
        queued = 0
        for name in self.sources:
            if name in busy or not _due(states.get(name), now):
                continue
            if await self._defer(name):
                queued += 1
        if timestamp is not None and timestamp % 3600 < TICK_S:
            await self.app.job_manager.delete_old_jobs(
                nb_hours=JOB_KEEP_HOURS, include_failed=True, include_cancelled=True
            )
        if queued:
            log.debug("tick queued=%d busy=%d", queued, len(busy))
        return queued

    async def _defer(self, name: str) -> bool:
        from procrastinate.exceptions import AlreadyEnqueued

        try:
            await self._poll_task.configure(
                lock=lock_of(name), queueing_lock=lock_of(name)
            ).defer_async(source=name)
        except AlreadyEnqueued:
            return False
        return True

    def _busy_sources(self) -> set[str]:
        """Sources with a poll job waiting or running (by any worker)."""
        with self.store.engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT lock FROM procrastinate_jobs WHERE task_name = :task "
                    "AND status IN ('todo', 'doing')"
                ),
                {"task": POLL_TASK},
            ).all()
        return {row[0].removeprefix("source:") for row in rows if row[0]}

    async def _retry_stalled(self) -> None:
        from procrastinate.exceptions import ConnectorException, UniqueViolation
        from procrastinate.jobs import Status

        stalled_s = self.settings.monitor.worker_stalled_after.total_seconds()
        manager = self.app.job_manager
        jobs = list(await manager.get_stalled_jobs(seconds_since_heartbeat=stalled_s))
        for job in jobs:
            try:
                await manager.retry_job(job)
            except UniqueViolation:
                # a job for that source is already waiting: it does the work. Close the dead
                # one, or its lock would hold the waiting job back for ever
                assert job.id is not None
                with contextlib.suppress(ConnectorException):
                    await manager.finish_job_by_id_async(
                        job.id, status=Status.FAILED, delete_job=False
                    )
                continue
            except ConnectorException:  # another tick handed it back, or it just finished
                continue
            log.warning(
                "worker gone: job handed back task=%s args=%s worker_id=%s",
                job.task_name,
                job.task_kwargs,
                job.worker_id,
            )
        if jobs:
            await manager.prune_stalled_workers(stalled_s)

    async def poll(self, name: str) -> None:
        """Poll one source, on the job loop (Procrastinate's loop stays free to heartbeat)."""
        try:
            await self._on_jobs(self._poll(name))
        finally:
            await asyncio.to_thread(self.on_job_done)

    async def _on_jobs(self, coro: Coroutine[Any, Any, T]) -> T:
        if self.jobs is None:  # not running (a test calling a task directly)
            return await coro
        return await self.jobs.run(coro)

    async def _poll(self, name: str) -> None:
        source = self.sources.get(name)
        if source is None:
            log.info("poll skipped: source no longer configured source=%s", name)
            return
        with self.store.engine.connect() as guard:
            # A session-level advisory lock for the whole poll. Procrastinate's job lock keeps
            # two jobs of a source apart while their workers are alive; this one also covers a
            # worker wrongly taken for dead (its loop stalled past ``worker_stalled_after``) and
            # disappears with the connection of a worker that really died.
            key = advisory_key(f"ofsted-monitor source:{name}")
            if not guard.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar():
                guard.rollback()
                log.info("poll skipped: another worker is polling source=%s", name)
                return
            guard.commit()
            try:
                with self.store.session() as session:
                    state = session.get(SourceState, name)
                if not _due(state, clock.now()):
                    return  # another worker polled it since this job was queued
                await self._run(source)
            finally:
                with contextlib.suppress(Exception):  # a lost connection drops the lock too
                    guard.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                    guard.commit()

    async def _run(self, source: SourceSettings) -> None:
        assert self.cycle is not None, "the cycle is made when the worker runs"
        outcome = await self.cycle.run_source(source)
        log.info("source done source=%s worker=%s %s", source.name, self.name, outcome.fields())
        if outcome.alerts_queued:
            await self._deliver()

    async def deliver(self) -> None:
        await self._on_jobs(self._deliver())

    async def _deliver(self) -> None:
        try:
            await deliver_due(self.store, self.settings)
        except Exception as exc:  # logged; the next round tries again
            if is_connection_error(exc):
                self.outage.down(exc)
            else:
                log.exception("alert delivery failed worker=%s", self.name)

    # -- running ---------------------------------------------------------------------------
    async def run(self, stop: asyncio.Event, *, grace_s: float) -> None:
        """Work until ``stop`` is set; then let jobs in hand finish for ``grace_s`` seconds.

        A worker the database drops is started again once the database answers.
        """
        from monitor.cycle import warm_up

        warm_up()  # before the first heartbeat is due (see warm_up)
        loggers, quiet = install_quiet_filter(self.name)
        self._quiet = quiet
        self.jobs = JobLoop()
        stack = contextlib.AsyncExitStack()
        try:
            self.cycle = await self.jobs.run(self._open_cycle(stack))
            async with self.app.open_async():
                alerts = asyncio.create_task(self._alert_loop(stop))
                try:
                    while not stop.is_set():
                        await self._work(stop, grace_s)
                        if not stop.is_set():
                            await self._reconnect(stop)
                finally:
                    alerts.cancel()
                    await asyncio.gather(alerts, return_exceptions=True)
        finally:
            with contextlib.suppress(Exception):
                await self.jobs.run(stack.aclose())
            self.jobs.close()
            self.jobs = None
            for logger in loggers:
                logger.removeFilter(quiet)

    async def _open_cycle(self, stack: contextlib.AsyncExitStack) -> Cycle:
        """On the job loop: the fetcher (its connections belong to that loop) and the cycle."""
        fetcher = await stack.enter_async_context(self.make_fetcher())
        return self.make_cycle(fetcher)

    async def _work(self, stop: asyncio.Event, grace_s: float) -> None:
        """Run the Procrastinate worker until ``stop`` is set or the worker ends on its own."""
        heartbeat = self.settings.monitor.worker_heartbeat.total_seconds()
        stalled = self.settings.monitor.worker_stalled_after.total_seconds()
        worker = self.app._worker(
            name=self.name,
            queues=[QUEUE],
            concurrency=self.settings.monitor.worker_concurrency,
            install_signal_handlers=False,
            update_heartbeat_interval=heartbeat,
            stalled_worker_timeout=stalled,
            shutdown_graceful_timeout=grace_s,
            delete_jobs="successful",
            fetch_job_polling_interval=TICK_S,
        )
        running = asyncio.create_task(self._run_worker(worker))
        stopper = asyncio.create_task(stop.wait())
        await asyncio.wait({running, stopper}, return_when=asyncio.FIRST_COMPLETED)
        stopper.cancel()
        draining: asyncio.Task[None] | None = None
        if not running.done():
            running.cancel()  # Procrastinate stops gracefully: running jobs get grace_s
            draining = asyncio.create_task(self._beat_while_draining(worker, running, heartbeat))
        error, _ = await asyncio.gather(running, stopper, return_exceptions=True)
        if draining is not None:
            draining.cancel()
            await asyncio.gather(draining, return_exceptions=True)
        if stop.is_set() or error is None or isinstance(error, asyncio.CancelledError):
            return
        if isinstance(error, BaseException) and not is_connection_error(error):
            from procrastinate.exceptions import ConnectorException

            if not isinstance(error, ConnectorException) and await self._reachable():
                raise error  # a bug, not an outage

    async def _beat_while_draining(
        self, worker: Any, running: asyncio.Task[None], interval_s: float
    ) -> None:
        """Keep the worker's heartbeat going while its jobs in hand finish after a stop.

        Procrastinate (3.10) cancels its heartbeat before it waits ``grace_s`` for the running
        jobs, so a graceful stop longer than ``worker_stalled_after`` made a live, draining
        worker look dead: another worker handed its job back and logged "worker gone".
        (Upstream: procrastinate-org/procrastinate pull request 1585.)
        """
        manager = self.app.job_manager
        while not running.done():
            await asyncio.wait({running}, timeout=interval_s)
            worker_id = worker.worker_id
            if running.done() or worker_id is None:
                return
            try:
                await manager.update_heartbeat(worker_id)
            except Exception as exc:  # the database went away: the outage path takes over
                log.debug("heartbeat while draining failed: %s", type(exc).__name__)
                return

    async def _run_worker(self, worker: Any) -> None:
        try:
            await worker.run()
        finally:
            if worker.worker_id is not None:
                self._worker_ids.add(worker.worker_id)

    async def _reachable(self) -> bool:
        try:
            await asyncio.to_thread(self._ping)
        except Exception as exc:
            if not is_connection_error(exc):
                raise
            self.outage.down(exc)
            return False
        return True

    def _ping(self) -> None:
        with self.store.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    async def _reconnect(self, stop: asyncio.Event) -> None:
        """The worker ended on its own: wait for the database with back-off, then reclaim."""
        delay = self.reconnect_first_s
        if self.outage.since is None:
            lost = self._quiet.last if self._quiet is not None else None
            self.outage.down(lost or ConnectionError("the worker lost its database connection"))
        while not stop.is_set():
            if await self._reachable():
                try:
                    await self._reclaim()
                except Exception as exc:
                    if not is_connection_error(exc):
                        raise
                else:
                    self.outage.up()
                    return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)
            delay = min(delay * 2, self.reconnect_max_s)

    async def _reclaim(self) -> None:
        """Hand this worker's own unfinished jobs back to the queue and forget its old rows."""
        manager = self.app.job_manager
        for worker_id in sorted(self._worker_ids):
            for job in await manager.list_jobs_async(status="doing", worker_id=worker_id):
                await self._hand_back(job)
            await manager.unregister_worker(worker_id)
        self._worker_ids.clear()

    async def _hand_back(self, job: Any) -> None:
        from procrastinate.exceptions import ConnectorException, UniqueViolation
        from procrastinate.jobs import Status

        try:
            await self.app.job_manager.retry_job(job)
        except UniqueViolation:
            assert job.id is not None
            await self.app.job_manager.finish_job_by_id_async(
                job.id, status=Status.FAILED, delete_job=False
            )
        except ConnectorException as exc:
            if is_connection_error(exc):
                raise
            return  # finished meanwhile
        log.info("job handed back after the outage task=%s args=%s", job.task_name, job.task_kwargs)

    async def _alert_loop(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            if not self.outage.down_now:
                await self.deliver()
                await asyncio.to_thread(self.on_job_done)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), ALERT_INTERVAL_S)


def _due(state: SourceState | None, now: datetime) -> bool:
    if state is None or state.next_fetch_at is None:
        return True
    next_at = aware(state.next_fetch_at)
    assert next_at is not None
    return next_at <= now + DUE_SLACK
