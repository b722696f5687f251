"""The long-running service (``monitor serve``) and the whole-history jobs.

``serve`` runs each enabled source as its own APScheduler interval job in one asyncio loop
(one instance of a job at a time, misfires coalesced, a little jitter), plus a job that
delivers due alerts every ``ALERT_INTERVAL_S``. SIGTERM or SIGINT stops new jobs, lets the
work in hand finish (up to ``grace_s``), and returns so the process exits 0.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from monitor.alerts.outbox import deliver_due
from monitor.config import Settings, SourceSettings
from monitor.councils import Council
from monitor.cycle import Cycle, SourceOutcome
from monitor.errors import SourceError
from monitor.fetch import Fetcher
from monitor.ingest import record_report
from monitor.sources.ofsted import parse_provider_page, provider_url
from monitor.store import Conflict, ListFilter, Store

log = logging.getLogger(__name__)

ALERT_INTERVAL_S = 30
JITTER_S = 10


def _fetcher(settings: Settings) -> Fetcher:
    return Fetcher(
        user_agent=settings.monitor.user_agent,
        timeout_s=settings.monitor.timeout.total_seconds(),
        max_body_bytes=settings.monitor.max_body_bytes,
        replay_dir=settings.replay_dir,
    )


async def serve(
    settings: Settings, store: Store, *, health_file: Path | None = None, grace_s: float = 30.0
) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    running: set[asyncio.Task[Any]] = set()

    async with _fetcher(settings) as fetcher:
        cycle = Cycle(settings, store, fetcher)

        def touch() -> None:
            if health_file is not None:
                health_file.write_text(datetime.now(UTC).isoformat() + "\n", encoding="utf-8")

        async def source_job(source: SourceSettings) -> None:
            if stop.is_set():
                return
            task = asyncio.current_task()
            assert task is not None
            running.add(task)
            try:
                outcome: SourceOutcome = await cycle.run_source(source)
                log.info(
                    "source done source=%s status=%s new=%d duplicate=%d alerts_queued=%d",
                    source.name,
                    outcome.status,
                    outcome.new,
                    outcome.duplicate,
                    outcome.alerts_queued,
                )
                await deliver_due(store, settings)
                touch()
            finally:
                running.discard(task)

        async def alerts_job() -> None:
            if not stop.is_set():
                await deliver_due(store, settings)
                touch()

        scheduler = AsyncIOScheduler(timezone=UTC)
        now = datetime.now(UTC)
        for index, source in enumerate(s for s in settings.sources if s.enabled):
            scheduler.add_job(
                source_job,
                "interval",
                args=[source],
                seconds=settings.interval(source).total_seconds(),
                jitter=JITTER_S,
                next_run_time=now + timedelta(seconds=index * 0.2),
                max_instances=1,
                coalesce=True,
                misfire_grace_time=None,
                id=f"source:{source.name}",
            )
        scheduler.add_job(
            alerts_job,
            "interval",
            seconds=ALERT_INTERVAL_S,
            max_instances=1,
            coalesce=True,
            id="alerts",
        )
        scheduler.start()
        log.info("serving sources=%d channels=%d", len(settings.sources), len(settings.channels))
        touch()
        await stop.wait()
        log.info("stopping: finishing work in hand grace_s=%s", grace_s)
        scheduler.shutdown(wait=False)
        if running:
            _done, pending = await asyncio.wait(set(running), timeout=grace_s)
            for task in pending:
                task.cancel()
        log.info("stopped")


async def backfill(
    settings: Settings, store: Store, councils: list[Council]
) -> tuple[int, list[str]]:
    """Store every report on these councils' provider pages as history (no alerts)."""
    base = _ofsted_base(settings)
    added, errors = 0, []
    async with _fetcher(settings) as fetcher:
        for council in councils:
            if not council.ofsted_urn:
                errors.append(f"{council.name}: no Ofsted URN")
                continue
            url = provider_url(base, council.ofsted_urn)
            try:
                result = await fetcher.get(url)
                page = parse_provider_page(result.content, url=result.url, urn=council.ofsted_urn)
            except SourceError as exc:
                errors.append(f"{council.name}: {exc}")
                continue
            known = store.known_pdf_urls(council.ons_code)
            for entry in page.reports:
                if entry.pdf_url in known:
                    continue
                try:
                    record_report(
                        store,
                        settings,
                        entry,
                        ons_code=council.ons_code,
                        source="backfill",
                        baseline=True,
                        now=datetime.now(UTC),
                    )
                    added += 1
                except Conflict:
                    continue
    return added, errors


async def reconcile(settings: Settings, store: Store) -> list[dict[str, Any]]:
    """Reports Ofsted shows that we lack, and stored reports Ofsted no longer shows."""
    base = _ofsted_base(settings)
    rows: list[dict[str, Any]] = []
    async with _fetcher(settings) as fetcher:
        for council in settings.councils:
            if not council.ofsted_urn:
                continue
            try:
                result = await fetcher.get(provider_url(base, council.ofsted_urn))
                page = parse_provider_page(result.content, url=result.url, urn=council.ofsted_urn)
            except SourceError as exc:
                rows.append({"council": council.name, "problem": f"provider page failed: {exc}"})
                continue
            stored = {
                r.pdf_url: r for r in store.list_reports(ListFilter(ons_codes=[council.ons_code]))
            }
            shown = {e.pdf_url: e for e in page.reports}
            for pdf_url, entry in shown.items():
                if pdf_url not in stored:
                    rows.append(
                        {
                            "council": council.name,
                            "problem": "on Ofsted, not stored",
                            "pdf_url": pdf_url,
                            "label": entry.label,
                            "published": entry.published,
                        }
                    )
            for pdf_url, report in stored.items():
                if pdf_url not in shown:
                    rows.append(
                        {
                            "council": council.name,
                            "problem": "stored, no longer on Ofsted",
                            "pdf_url": pdf_url,
                            "label": report.label,
                            "published": report.published,
                        }
                    )
    return rows


def _ofsted_base(settings: Settings) -> str:
    for source in settings.sources:
        if source.kind == "ofsted":
            return source.location.rstrip("/")
    return "https://reports.ofsted.gov.uk"
