"""The long-running service (``monitor serve``) and the whole-history jobs.

``serve`` runs each enabled source as its own APScheduler job in one asyncio loop with the
fetcher (one instance of a job at a time, misfires coalesced, up to ``JITTER_S`` of jitter),
plus a job that delivers due alerts every ``ALERT_INTERVAL_S``. After every run a source's job
is rescheduled at the ``next_fetch_at`` the cycle stored: its adaptive interval, a failure
streak's back-off, or a server's Retry-After (:mod:`monitor.schedule`). A restart picks the
schedule up from the database, so it never hammers a source it was backing off.

SIGTERM or SIGINT stops new jobs, lets the work in hand (fetches, the outbox delivery in
progress) finish for up to ``grace_s`` seconds (``[monitor] shutdown_grace``), cancels what
is left and returns, so the process exits 0. Everything is committed per item, so ``kill -9``
at any moment loses nothing committed: the next run refetches what was in flight.

Outages: a database that fails under the service (a full disk on SQLite; PostgreSQL is
handled by :mod:`monitor.workers`) is logged once when it goes and once when it is back
(:class:`monitor.outage.Outage`), never with a traceback per job; each source's job retries
on its schedule meanwhile.

Health: with ``--health-file PATH`` a JSON document is written (atomically) at start, after
every job and every ``ALERT_INTERVAL_S``: ``status`` (``ok``, ``degraded`` when a source is
failing, ``stopping``, ``stopped``), ``pid``, ``updated_at`` and each source's state. A file
older than ``HEALTH_STALE_S`` means the loop is stuck. ``--health-port N`` serves the same
document on ``http://127.0.0.1:N/health`` (200, or 503 when stale or stopping).
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import json
import logging
import os
import re
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.engine import make_url

from monitor import clock, http
from monitor.alerts.outbox import deliver_due
from monitor.config import Settings, SourceSettings
from monitor.councils import Council
from monitor.crawl import (
    fetch_listing,
    ofsted_base,
    ofsted_pacer,
    read_pdf,
    read_provider_page,
)
from monitor.cycle import Cycle, SourceOutcome
from monitor.errors import DatabaseError, ServeRefused, SourceError
from monitor.fetch import Fetcher
from monitor.ingest import record_report, reports_due_for_pdf, reports_to_reread, reread_pdf
from monitor.outage import Outage
from monitor.query import ListFilter
from monitor.sources.listing import (
    compare_listing,
)
from monitor.sources.ofsted import provider_url
from monitor.sources.pdf import PARSER_VERSION
from monitor.sources.polite import Pacer
from monitor.store import Conflict, Store, aware

log = logging.getLogger(__name__)

ALERT_INTERVAL_S = 30
JITTER_S = 10
HEALTH_STALE_S = 3 * ALERT_INTERVAL_S


def _fetcher(settings: Settings) -> Fetcher:
    return Fetcher.from_settings(settings)


class Health:
    """The document behind ``--health-file`` and ``--health-port``."""

    def __init__(self, settings: Settings, store: Store, path: Path | None) -> None:
        self.settings = settings
        self.store = store
        self.path = path
        self.status = "starting"
        self.started_at = clock.now()
        self.updated_at = self.started_at
        self.jobs = 0

    def document(self) -> dict[str, Any]:
        sources = {}
        failing = 0
        for state in self.store.list_sources():
            failing += state.failures_in_a_row > 0
            next_at = aware(state.next_fetch_at)
            sources[state.name] = {
                "last_status": state.last_status,
                "failures_in_a_row": state.failures_in_a_row,
                "interval_s": state.interval_s,
                "next_fetch_at": next_at.isoformat() if next_at else None,
            }
        status = self.status
        if status == "ok" and failing:
            status = "degraded"
        return {
            "status": status,
            "pid": os.getpid(),
            "started_at": self.started_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "jobs_run": self.jobs,
            "sources_failing": failing,
            "sources": sources,
        }

    def beat(self, status: str | None = None) -> None:
        if status is not None:
            self.status = status
        self.updated_at = clock.now()
        if self.path is None:
            return
        try:
            text = json.dumps(self.document(), indent=2) + "\n"
            tmp = self.path.with_name(self.path.name + ".tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, self.path)
        except Exception as exc:  # a full disk must not stop the service
            log.warning("health file not written path=%s error=%r", self.path, str(exc))

    def healthy(self) -> bool:
        age = (clock.now() - self.updated_at).total_seconds()
        return self.status in ("ok", "starting") and age < HEALTH_STALE_S


async def _health_server(health: Health, port: int) -> asyncio.Server:
    """``/health`` alone on ``--health-port`` (the service's one HTTP server)."""
    from monitor.metrics import health_probe, routes

    return await http.start({"/health": routes(None, health_probe(health))["/health"]}, port=port)


async def _web_server(store: Store, health: Health, port: int) -> asyncio.Server:
    """The web pages, ``/metrics`` and ``/health`` on one port (``serve --http``)."""
    from monitor.metrics import health_probe, routes
    from monitor.web import make_app

    app = make_app(store, clock.now)
    web = http.wsgi_route(app, host="127.0.0.1", port=port)
    return await http.start(routes(store, health_probe(health)), port=port, fallback=web)


async def serve(
    settings: Settings,
    store: Store,
    *,
    health_file: Path | None = None,
    grace_s: float | None = None,
    health_port: int | None = None,
    metrics_port: int | None = None,
    http_port: int | None = None,
) -> None:
    """Run every source on its schedule until SIGTERM/SIGINT; then finish and return.

    ``http_port``: the web pages (:mod:`monitor.web`) with ``/metrics`` and ``/health``
    beside them on one port of 127.0.0.1.

    On SQLite: APScheduler in this one process (a second ``serve`` on the same file is
    refused, :class:`ServeLock`). On PostgreSQL: a Procrastinate worker sharing the sources
    with every other ``serve`` on the same database (:mod:`monitor.workers`).
    """
    grace = settings.monitor.shutdown_grace.total_seconds() if grace_s is None else grace_s
    shared = store.dialect == "postgresql"
    lock = None if shared else ServeLock.acquire(store.url)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()

    def on_signal(sig: signal.Signals) -> None:
        log.info("signal received signal=%s", sig.name)
        stop.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, on_signal, sig)
    health = Health(settings, store, health_file)
    servers: list[asyncio.Server] = []
    try:
        if health_port is not None:
            servers.append(await _health_server(health, health_port))
        if metrics_port is not None:
            from monitor.metrics import health_probe, start_metrics_server

            servers.append(
                await start_metrics_server(metrics_port, store=store, health=health_probe(health))
            )
        if http_port is not None:
            servers.append(await _web_server(store, health, http_port))
        log.info(
            "serving mode=%s sources=%d channels=%d grace_s=%g health_file=%s "
            "health_port=%s metrics_port=%s",
            "shared (PostgreSQL, Procrastinate)" if shared else "single (SQLite, APScheduler)",
            sum(s.enabled for s in settings.sources),
            len(settings.channels),
            grace,
            health_file,
            health_port,
            metrics_port,
        )
        if shared:  # the worker makes its fetcher and cycle on a loop of their own
            await _serve_shared(settings, store, health, stop, grace)
        else:
            async with _fetcher(settings) as fetcher:
                await _serve_single(
                    settings, store, Cycle(settings, store, fetcher), health, stop, grace
                )
    finally:
        for server in servers:
            server.close()
        if lock is not None:
            lock.release()
    health.beat("stopped")
    log.info("stopped")


async def _serve_shared(
    settings: Settings,
    store: Store,
    health: Health,
    stop: asyncio.Event,
    grace: float,
) -> None:
    from monitor.workers import SharedService

    def job_done() -> None:
        health.jobs += 1
        health.beat()

    service = SharedService(
        settings,
        store,
        on_job_done=job_done,
        make_fetcher=lambda: _fetcher(settings),  # opened on the worker's job loop
    )
    health.beat("ok")
    watcher = asyncio.create_task(_mark_stopping(stop, health, grace))
    try:
        await service.run(stop, grace_s=grace)
    finally:
        watcher.cancel()


async def _mark_stopping(stop: asyncio.Event, health: Health, grace: float) -> None:
    await stop.wait()
    health.beat("stopping")
    log.info("stopping: finishing work in hand grace_s=%g", grace)


async def _serve_single(
    settings: Settings,
    store: Store,
    cycle: Cycle,
    health: Health,
    stop: asyncio.Event,
    grace: float,
) -> None:
    """Serve in this process: an APScheduler job per enabled source and one delivering alerts,
    until ``stop``; then the jobs in hand get ``grace`` seconds to finish."""
    jobs = _SingleJobs(settings, store, cycle, health, AsyncIOScheduler(timezone=UTC))
    scheduler = jobs.scheduler

    # the jobs are defined here: APScheduler names them (in its log lines) by their qualname
    async def source_job(source: SourceSettings) -> None:
        if stop.is_set():
            return
        await jobs.run_source(source)

    async def alerts_job() -> None:
        if stop.is_set():
            return
        await jobs.run_alerts()

    _add_source_jobs(scheduler, settings, store, source_job)
    scheduler.add_job(
        alerts_job,
        "interval",
        seconds=ALERT_INTERVAL_S,
        max_instances=1,
        coalesce=True,
        id="alerts",
    )
    scheduler.start()
    health.beat("ok")
    await stop.wait()
    health.beat("stopping")
    log.info("stopping: finishing work in hand jobs=%d grace_s=%g", len(jobs.running), grace)
    scheduler.pause()  # no new jobs; shutdown() would cancel the ones in hand
    await _finish_in_hand(jobs.running, grace)
    scheduler.shutdown(wait=False)


@dataclass
class _SingleJobs:
    """What the single-process service's jobs share, and the jobs in hand."""

    settings: Settings
    store: Store
    cycle: Cycle
    health: Health
    scheduler: AsyncIOScheduler
    outage: Outage = field(default_factory=lambda: Outage("serve"))  # each job retries meanwhile
    running: set[asyncio.Task[Any]] = field(default_factory=set)

    def track(self) -> asyncio.Task[Any]:
        """Count the current task among the jobs in hand."""
        task = asyncio.current_task()
        assert task is not None
        self.running.add(task)
        return task

    async def run_source(self, source: SourceSettings) -> None:
        """One run of a source's cycle, then its next run from what the cycle stored, then
        the alerts that are due; a failure is logged and the service goes on."""
        task = self.track()
        try:
            outcome: SourceOutcome = await self.cycle.run_source(source)
            log.info("source done source=%s %s", source.name, outcome.fields())
            _reschedule(self.scheduler, self.store, source)
            await deliver_due(self.store, self.settings)
            self.outage.up()
        except DatabaseError as exc:  # a full disk, a locked file: one line until it is back
            self.outage.down(exc)
        except Exception:  # recorded and logged; the service goes on
            log.exception("job failed source=%s", source.name)
        finally:
            self.health.jobs += 1
            self.health.beat()
            self.running.discard(task)

    async def run_alerts(self) -> None:
        """Deliver the alerts that are due; a failure is logged and the service goes on."""
        task = self.track()
        try:
            await deliver_due(self.store, self.settings)
        except DatabaseError as exc:
            self.outage.down(exc)
        except Exception:
            log.exception("job failed job=alerts")
        finally:
            self.health.beat()
            self.running.discard(task)


def _add_source_jobs(
    scheduler: AsyncIOScheduler,
    settings: Settings,
    store: Store,
    source_job: Callable[[SourceSettings], Awaitable[None]],
) -> None:
    """A job per enabled source, first run when the database says it is next due (or a
    moment after start, staggered), then at the source's stored interval."""
    now = clock.now()
    states = {s.name: s for s in store.list_sources()}
    for index, source in enumerate(s for s in settings.sources if s.enabled):
        first = now + timedelta(seconds=index * 0.2)
        state = states.get(source.name)
        interval_s = settings.interval(source).total_seconds()
        if state is not None:
            interval_s = float(state.interval_s or interval_s)
            next_at = aware(state.next_fetch_at)
            if next_at is not None and next_at > first:
                first = next_at
        scheduler.add_job(
            source_job,
            IntervalTrigger(seconds=interval_s, jitter=JITTER_S, timezone=UTC),
            args=[source],
            next_run_time=first,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
            id=_job_id(source),
        )


async def _finish_in_hand(running: set[asyncio.Task[Any]], grace: float) -> None:
    """Wait up to ``grace`` seconds for the jobs in hand, then cancel what is left."""
    if running:
        _done, pending = await asyncio.wait(set(running), timeout=grace)
        for task in pending:
            task.cancel()
        if pending:
            log.warning("grace period over: cancelled jobs=%d", len(pending))
            await asyncio.wait(pending, timeout=5)


class ServeLock:
    """One ``monitor serve`` per SQLite file: an exclusive lock on ``DB.serve.lock``.

    The operating system drops the lock when the process ends, however it ends (``kill -9``
    included), so a stale lock file never blocks a restart. The file holds the owner's pid
    for the message. A second ``serve`` gets :class:`ServeRefused`.
    """

    def __init__(self, path: Path, handle: Any) -> None:
        self.path = path
        self._handle = handle

    @classmethod
    def acquire(cls, url: str) -> ServeLock | None:
        database = make_url(url).database
        if not database or database == ":memory:" or database.startswith("file:"):
            return None
        path = Path(database).resolve()
        lock_path = path.with_name(path.name + ".serve.lock")
        handle = open(lock_path, "a+", encoding="utf-8")  # noqa: SIM115 (held until release)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            owner = handle.read().strip() or "unknown"
            handle.close()
            raise ServeRefused(
                f"another `monitor serve` (pid {owner}) is already running on the SQLite "
                f"database {path}. SQLite serves one worker: stop the other one, or put the "
                "database on PostgreSQL to run several workers"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        return cls(lock_path, handle)

    def release(self) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(self._handle, fcntl.LOCK_UN)
        self._handle.close()


def _job_id(source: SourceSettings) -> str:
    return f"source:{source.name}"


def _reschedule(scheduler: AsyncIOScheduler, store: Store, source: SourceSettings) -> None:
    """Next run at the stored ``next_fetch_at``, then every (adaptive) interval."""
    state = next((s for s in store.list_sources() if s.name == source.name), None)
    if state is None or state.next_fetch_at is None:
        return
    next_at = aware(state.next_fetch_at)
    assert next_at is not None
    scheduler.reschedule_job(
        _job_id(source),
        trigger=IntervalTrigger(
            seconds=max(state.interval_s, 1), jitter=JITTER_S, start_date=next_at, timezone=UTC
        ),
    )


@dataclass
class BackfillResult:
    """What a backfill did for one council."""

    council: str
    added: int = 0
    known: int = 0
    error: str | None = None
    pdfs_read: int = 0  # report PDFs read (judgements, dates) during the backfill
    pdfs_failed: int = 0  # kept with judgement null, retried by the cycle
    pdfs_reread: int = 0  # stored PDF texts read again by a newer reader (no refetch)


async def backfill(
    settings: Settings, store: Store, councils: list[Council], *, read_pdfs: bool = True
) -> list[BackfillResult]:
    """Store every report on these councils' provider pages as history (never alerts).

    One result per council, in order. A council whose page cannot be fetched or parsed gets
    its error and the others go on; reports already stored are skipped, so a backfill can be
    re-run or resumed. Each report is its own transaction, stored with ``baseline=True``.
    Stored reports whose PDF text an older reader read (``pdf_parser_version`` below
    ``PARSER_VERSION``) are read again from that text first, without fetching anything.
    """
    base = ofsted_base(settings)
    results: list[BackfillResult] = []
    async with _fetcher(settings) as fetcher:
        pacer = ofsted_pacer(settings, fetcher, budget=False)
        for council in councils:
            result = BackfillResult(council.name)
            results.append(result)
            result.pdfs_reread = _reread_pdfs(store, council)
            if not council.ofsted_urn:
                result.error = "no Ofsted URN in the reference data"
                continue
            url = provider_url(base, council.ofsted_urn)
            known = store.known_pdf_urls(council.ons_code)
            try:
                pacer.before(url)
                fetched = await fetcher.get(url)
                page = read_provider_page(
                    fetched.content, url=fetched.url, urn=council.ofsted_urn, stored=len(known)
                )
            except SourceError as exc:
                result.error = str(exc)
                log.warning("backfill failed council=%s url=%s error=%s", council.name, url, exc)
                continue
            for entry in page.reports:
                if entry.pdf_url in known:
                    result.known += 1
                    continue
                try:
                    record_report(
                        store,
                        settings,
                        entry,
                        ons_code=council.ons_code,
                        source="backfill",
                        baseline=True,
                        now=clock.now(),
                    )
                    result.added += 1
                    known.add(entry.pdf_url)
                except Conflict:
                    result.known += 1
            if read_pdfs:
                await _backfill_pdfs(settings, store, fetcher, council, result)
            log.info(
                "backfill done council=%s added=%d known=%d pdfs_read=%d pdfs_failed=%d "
                "pdfs_reread=%d",
                council.name,
                result.added,
                result.known,
                result.pdfs_read,
                result.pdfs_failed,
                result.pdfs_reread,
            )
    return results


def _reread_pdfs(store: Store, council: Council) -> int:
    """Read again, from the stored text, the PDFs an older reader read; how many."""
    ids = reports_to_reread(store, [council.ons_code], PARSER_VERSION)
    return sum(1 for report_id in ids if reread_pdf(store, report_id))


async def _backfill_pdfs(
    settings: Settings, store: Store, fetcher: Fetcher, council: Council, result: BackfillResult
) -> None:
    """Read the PDFs of a council's stored reports that were never read (or are due again)."""
    pacer = ofsted_pacer(settings, fetcher, budget=False)
    for due in reports_due_for_pdf(store, [council.ons_code], clock.now(), history=True):
        pacer.before(due.pdf_url)
        if await read_pdf(store, fetcher, due):
            result.pdfs_read += 1
        else:
            result.pdfs_failed += 1


async def reconcile(settings: Settings, store: Store) -> list[dict[str, Any]]:
    """Reports Ofsted shows that we lack, and stored reports Ofsted no longer shows.

    One row per difference (``problem``: ``on Ofsted, not stored``, ``stored, no longer on
    Ofsted``), plus a row for each provider page that could not be read or looks broken, and
    each disagreement between Ofsted's listing of all authorities and the reference data.
    A page that is an error page, or that lists no report where some are stored, is reported
    as such: it never makes every stored report look removed. PDF links are compared by
    Ofsted's file id, so ``files.api.ofsted.gov.uk`` and ``files.ofsted.gov.uk`` agree.
    """
    base = ofsted_base(settings)
    rows: list[dict[str, Any]] = []
    async with _fetcher(settings) as fetcher:
        pacer = ofsted_pacer(settings, fetcher, budget=False)
        rows += await _listing_rows(base, fetcher, pacer)
        for council in settings.councils:
            if not council.ofsted_urn:
                rows.append({"council": council.name, "problem": "no Ofsted URN"})
                continue
            url = provider_url(base, council.ofsted_urn)
            stored = {
                _pdf_key(r.pdf_url): r
                for r in store.list_reports(ListFilter(ons_codes=[council.ons_code]))
            }
            try:
                pacer.before(url)
                result = await fetcher.get(url)
                page = read_provider_page(
                    result.content, url=result.url, urn=council.ofsted_urn, stored=len(stored)
                )
            except SourceError as exc:
                rows.append({"council": council.name, "problem": f"provider page failed: {exc}"})
                continue
            shown = {_pdf_key(e.pdf_url): e for e in page.reports}
            for key, entry in shown.items():
                if key not in stored:
                    rows.append(
                        {
                            "council": council.name,
                            "problem": "on Ofsted, not stored",
                            "pdf_url": entry.pdf_url,
                            "label": entry.label,
                            "published": entry.published,
                        }
                    )
            for key, report in stored.items():
                if key not in shown:
                    rows.append(
                        {
                            "council": council.name,
                            "problem": "stored, no longer on Ofsted",
                            "pdf_url": report.pdf_url,
                            "label": report.label,
                            "published": report.published,
                        }
                    )
    return rows


async def _listing_rows(base: str, fetcher: Fetcher, pacer: Pacer) -> list[dict[str, Any]]:
    """Ofsted's listing of every authority against the reference data, as reconcile rows."""
    try:
        listed = await fetch_listing(fetcher, base, pacer)
    except SourceError as exc:
        return [{"council": None, "problem": f"Ofsted's listing failed: {exc}"}]
    return [
        {"council": m.council or m.ofsted_name, "problem": f"listing: {m}", "label": m.ofsted_name}
        for m in compare_listing(listed)
    ]


def _pdf_key(url: str) -> str:
    match = re.search(r"/v1/file/(\d+)", url)
    return f"ofsted-file:{match[1]}" if match else url
