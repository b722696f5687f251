"""Prometheus metrics for ``monitor serve --metrics-port N``: what the pipeline did, and the
state of the database at scrape time.

Two kinds of numbers, one registry (:data:`REGISTRY`, not prometheus-client's global one):

- **Counters and histograms** the pipeline bumps as it works, through the ``record_*`` and
  ``observe_*`` helpers below (no database, no lock beyond prometheus-client's own; safe to
  call on every fetch and item). They count from the moment anything can read them: the
  registry is made (and prometheus-client imported) by :func:`live`, which ``/metrics``
  calls when it is mounted, before the service's first job. Until then the helpers return
  at once, so ``run --once`` and the listings never import prometheus-client.
- **Gauges read from the database at scrape time** (:class:`DatabaseCollector`): alerts per
  status, the age of the oldest undelivered alert, each source's failure streak. A scrape
  whose queries fail still answers: ``monitor_scrape_error 1`` and a logged warning.

Every label has a bounded set of values: HTTP status codes or an error class for fetches, a
fixed vocabulary for skipped reasons and analyser decisions, and source or channel names
(which come from the config). Never a URL.

:func:`start_metrics_server` serves ``GET /metrics`` (Prometheus text format) and
``GET /health`` (a document from the caller, 200 or 503) on 127.0.0.1 by default::

    server = await start_metrics_server(port, store=store, health=health_probe(health))
    ...
    server.close()
    await server.wait_closed()

Metric names::

    monitor_fetches_total{status}               one per Fetcher.get: "200", "304", "404", ...,
                                                "timeout", "too_large", "disallowed", "refused"
                                                (a private address: netguard), "error"
    monitor_robots_fetches_total{status}        robots.txt requests (once per host a day)
    monitor_fetch_bytes_total                   body bytes received (after decompression)
    monitor_fetch_retries_total                 attempts beyond the first, over all fetches
    monitor_fetch_duration_seconds              histogram, retries included
    monitor_fetch_not_modified_ratio            304s / all fetches since start (scrape time)
    monitor_items_total{result}                 feed items and reports: new | duplicate
    monitor_items_skipped_total{reason}         as the run summary's "skipped" (a new item that
                                                is not relevant is also counted here)
    monitor_stories_total{result}               sightings that started (new) or joined a story
    monitor_alerts_queued_total                 outbox rows written with new stories
    monitor_analyser_decisions_total{relevant, inspection_type, judgement}
    monitor_report_pdfs_total{result}           report PDFs read | failed
    monitor_alert_deliveries_total{channel, outcome}
                                                sent | retrying | failed | skipped | lost
    monitor_source_runs_total{source, status}   ok | not_modified | error | deferred
    monitor_job_duration_seconds{kind}          histogram: one source's run (kind = ofsted,
                                                feed, govuk, news_search) or "deliver"
    monitor_alerts{status}                      alert rows per status (scrape time)
    monitor_outbox_oldest_age_seconds           age of the oldest pending/sending alert, 0 if none
    monitor_source_failures_in_a_row{source}    each source's failure streak (scrape time)
    monitor_source_last_success_timestamp_seconds{source}
    monitor_scrape_error                        1 when the database could not be read
    monitor_scrape_duration_seconds             time the database queries took
    process_*, python_info                      prometheus-client's process and platform data
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import time
from collections.abc import Awaitable, Callable, Collection, Coroutine, Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, ParamSpec, Protocol, TypeVar

from monitor import clock, http
from monitor.errors import AddressRefused, FetchError, FetchTimeout, TooLarge
from monitor.inspections import INSPECTION_TYPES, JUDGEMENTS
from monitor.skips import Skip, kind_of

if TYPE_CHECKING:
    from prometheus_client import CollectorRegistry, Counter, Histogram
    from prometheus_client.core import Metric

    from monitor.analyze.result import Classification
    from monitor.store import Store

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

HealthCheck = Callable[[], tuple[int, dict[str, Any]]]


class SourceRun(Protocol):
    """What one source's run counted (``cycle.SourceOutcome``; metrics never imports it)."""

    name: str
    kind: str
    status: str
    new: int
    duplicate: int
    stories_new: int
    stories_joined: int
    alerts_queued: int

    @property
    def skipped(self) -> Mapping[str, int]: ...


# -- vocabularies (every label value is one of these, or a status code, or a config name) ----
# SPEC "Classifier interface"; anything else is "other", a null is "unknown"
ALERT_STATUSES = ("pending", "sending", "sent", "failed", "held", "digested", "skipped")
UNDELIVERED = ("pending", "sending")  # what the outbox age measures (held waits for a digest)
DELIVERY_OUTCOMES = frozenset({"sent", "retrying", "failed", "skipped", "lost"})
ITEM_RESULTS = frozenset({"new", "duplicate"})


# -- the registry and what the pipeline records ------------------------------------------------
class Registry:
    """prometheus-client's registry and the pipeline's counters and histograms in it."""

    def __init__(self) -> None:
        from prometheus_client import (
            CollectorRegistry,
            Counter,
            Histogram,
            PlatformCollector,
            ProcessCollector,
        )

        registry = self.REGISTRY = CollectorRegistry()
        ProcessCollector(registry=registry)
        PlatformCollector(registry=registry)
        self.FETCHES: Counter = Counter(
            "monitor_fetches",
            "HTTP fetches (Fetcher.get, retries included) by final status code or error class",
            ["status"],
            registry=registry,
        )
        self.FETCH_BYTES: Counter = Counter(
            "monitor_fetch_bytes", "Body bytes fetched, after decompression", registry=registry
        )
        self.ROBOTS_FETCHES: Counter = Counter(
            "monitor_robots_fetches",
            "robots.txt requests by status code (or error class)",
            ["status"],
            registry=registry,
        )
        self.FETCH_RETRIES: Counter = Counter(
            "monitor_fetch_retries",
            "Fetch attempts beyond the first (retried failures)",
            registry=registry,
        )
        self.FETCH_SECONDS: Histogram = Histogram(
            "monitor_fetch_duration_seconds",
            "Time of one Fetcher.get, politeness waits and retries included",
            buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0),
            registry=registry,
        )
        self.ITEMS: Counter = Counter(
            "monitor_items",
            "Feed items, publications and Ofsted reports by result (new or duplicate)",
            ["result"],
            registry=registry,
        )
        self.SKIPPED: Counter = Counter(
            "monitor_items_skipped",
            "Skipped items and steps by reason, as in the run summary",
            ["reason"],
            registry=registry,
        )
        self.STORIES: Counter = Counter(
            "monitor_stories",
            "Sightings that started a new story or joined one",
            ["result"],
            registry=registry,
        )
        self.ALERTS_QUEUED: Counter = Counter(
            "monitor_alerts_queued", "Alert rows written to the outbox", registry=registry
        )
        self.DECISIONS: Counter = Counter(
            "monitor_analyser_decisions",
            "Analyser decisions: relevant or not, inspection type, judgement",
            ["relevant", "inspection_type", "judgement"],
            registry=registry,
        )
        self.REPORT_PDFS: Counter = Counter(
            "monitor_report_pdfs",
            "Ofsted report PDFs read or failed",
            ["result"],
            registry=registry,
        )
        self.DELIVERIES: Counter = Counter(
            "monitor_alert_deliveries",
            "Alert delivery attempts by channel and outcome",
            ["channel", "outcome"],
            registry=registry,
        )
        self.SOURCE_RUNS: Counter = Counter(
            "monitor_source_runs",
            "Source runs by final status",
            ["source", "status"],
            registry=registry,
        )
        self.JOB_SECONDS: Histogram = Histogram(
            "monitor_job_duration_seconds",
            "Duration of one source's run (by source kind) or of one outbox delivery (deliver)",
            ["kind"],
            buckets=(0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0),
            registry=registry,
        )
        for result in sorted(ITEM_RESULTS):
            self.ITEMS.labels(result)
        for result in ("new", "joined"):
            self.STORIES.labels(result)
        for result in ("read", "failed"):
            self.REPORT_PDFS.labels(result)
        for status in ("200", "304"):
            self.FETCHES.labels(status)


_live: Registry | None = None
_LIVE_NAMES = frozenset(
    {
        "REGISTRY",
        "FETCHES",
        "FETCH_BYTES",
        "ROBOTS_FETCHES",
        "FETCH_RETRIES",
        "FETCH_SECONDS",
        "ITEMS",
        "SKIPPED",
        "STORIES",
        "ALERTS_QUEUED",
        "DECISIONS",
        "REPORT_PDFS",
        "DELIVERIES",
        "SOURCE_RUNS",
        "JOB_SECONDS",
    }
)


def live() -> Registry:
    """The metrics, made (and prometheus-client imported) on the first call; from then on
    everything the pipeline records is counted (see the module docstring)."""
    global _live
    if _live is None:
        _live = Registry()
    return _live


def __getattr__(name: str) -> Any:
    """``metrics.REGISTRY``, ``metrics.FETCHES``, ...: the live objects (made on first use)."""
    if name in _LIVE_NAMES:
        return getattr(live(), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def fetch_status_label(status: int | str | None) -> str:
    """An HTTP status code as a label ("200"), anything out of range as "error"."""
    if isinstance(status, int) and 100 <= status <= 599:
        return str(status)
    if isinstance(status, str) and (
        (status.isdigit() and 100 <= int(status) <= 599)
        or status in ("timeout", "too_large", "disallowed", "refused", "error")
    ):
        return status
    return "error"


def record_fetch(
    status: int | str, nbytes: int = 0, *, seconds: float | None = None, attempts: int = 1
) -> None:
    """One finished fetch: its final status (code or error class), body size and duration."""
    if (m := _live) is None:
        return
    m.FETCHES.labels(fetch_status_label(status)).inc()
    if nbytes > 0:
        m.FETCH_BYTES.inc(nbytes)
    if attempts > 1:
        m.FETCH_RETRIES.inc(attempts - 1)
    if seconds is not None:
        m.FETCH_SECONDS.observe(max(seconds, 0.0))


def fetch_error_label(exc: BaseException) -> str:
    """The error class of a failed fetch: its HTTP status, or what went wrong."""
    if isinstance(exc, TooLarge):
        return "too_large"
    if isinstance(exc, FetchTimeout):
        return "timeout"
    if isinstance(exc, AddressRefused):
        return "refused"
    status = getattr(exc, "status", None)
    if isinstance(exc, FetchError) and status is not None:
        return fetch_status_label(status)
    if getattr(exc, "permanent", False) and "robots.txt" in str(exc):
        return "disallowed"
    return "error"


def record_robots_fetch(status: int | str) -> None:
    """One robots.txt request: its status code, or the error class when it failed."""
    if (m := _live) is not None:
        m.ROBOTS_FETCHES.labels(fetch_status_label(status)).inc()


def record_fetch_error(
    exc: BaseException, *, seconds: float | None = None, attempts: int = 1
) -> None:
    """One fetch that failed after its retries (a 4xx/5xx status, a timeout, ...)."""
    record_fetch(fetch_error_label(exc), 0, seconds=seconds, attempts=attempts)


def skip_reason_label(reason: str | None) -> str:
    """A counted skip's label (its :class:`~monitor.skips.Skip`); plain text is ``other``."""
    return kind_of(reason).value if reason else Skip.OTHER.value


def record_item(result: str, reason: str | None = None, count: int = 1) -> None:
    """Items by result: "new", "duplicate", or "skipped" with the summary's reason text."""
    if count <= 0 or (m := _live) is None:
        return
    if result == "skipped":
        m.SKIPPED.labels(skip_reason_label(reason)).inc(count)
    elif result in ITEM_RESULTS:
        m.ITEMS.labels(result).inc(count)
    else:
        m.ITEMS.labels("other").inc(count)


def record_decision(relevant: bool, inspection_type: str | None, judgement: str | None) -> None:
    """One analyser decision; types and judgements outside SPEC's vocabulary are "other"."""
    if (m := _live) is None:
        return
    m.DECISIONS.labels(
        "yes" if relevant else "no",
        _vocab(inspection_type, INSPECTION_TYPES),
        _vocab(judgement, JUDGEMENTS),
    ).inc()


def record_classification(cls: Classification) -> None:
    """:func:`record_decision` for a :class:`~monitor.analyze.result.Classification`."""
    record_decision(cls.relevant, cls.inspection_type, cls.judgement)


def _vocab(value: str | None, allowed: Collection[str]) -> str:
    if value is None:
        return "unknown"
    return value if value in allowed else "other"


def record_pdf(ok: bool) -> None:
    """One report PDF read (ok) or failed."""
    if (m := _live) is not None:
        m.REPORT_PDFS.labels("read" if ok else "failed").inc()


def record_delivery(channel: str, outcome: str) -> None:
    """One alert's delivery attempt on a channel: sent, retrying, failed, skipped or lost."""
    if (m := _live) is not None:
        m.DELIVERIES.labels(channel, outcome if outcome in DELIVERY_OUTCOMES else "other").inc()


def observe_job(kind: str, seconds: float) -> None:
    """The duration of one job: a source's run (kind = the source kind) or ``deliver``."""
    if (m := _live) is not None:
        m.JOB_SECONDS.labels(kind).observe(max(seconds, 0.0))


def record_source_run(outcome: SourceRun, seconds: float | None = None) -> None:
    """Everything one source's run counted (its summary line), and how long it took."""
    if (m := _live) is None:
        return
    m.SOURCE_RUNS.labels(outcome.name, outcome.status).inc()
    record_item("new", count=outcome.new)
    record_item("duplicate", count=outcome.duplicate)
    for reason, count in outcome.skipped.items():
        record_item("skipped", reason, count)
    if outcome.stories_new:
        m.STORIES.labels("new").inc(outcome.stories_new)
    if outcome.stories_joined:
        m.STORIES.labels("joined").inc(outcome.stories_joined)
    if outcome.alerts_queued:
        m.ALERTS_QUEUED.inc(outcome.alerts_queued)
    if seconds is not None:
        observe_job(outcome.kind, seconds)


def timed_job(
    kind: str,
) -> Callable[[Callable[P, Awaitable[R]]], Callable[P, Coroutine[Any, Any, R]]]:
    """Decorate a coroutine function: each call's duration goes to ``observe_job(kind, ...)``."""

    def decorate(func: Callable[P, Awaitable[R]]) -> Callable[P, Coroutine[Any, Any, R]]:
        @functools.wraps(func)
        async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            started = time.monotonic()
            try:
                return await func(*args, **kwargs)
            finally:
                observe_job(kind, time.monotonic() - started)

        return wrapper

    return decorate


def not_modified_ratio() -> float:
    """304 answers / all fetches since the process started (0 before the first fetch)."""
    total = not_modified = 0.0
    if _live is None:
        return 0.0
    for family in _live.FETCHES.collect():
        for sample in family.samples:
            if sample.name.endswith("_total"):
                total += sample.value
                if sample.labels.get("status") == "304":
                    not_modified += sample.value
    return not_modified / total if total else 0.0


# -- read at scrape time ------------------------------------------------------------------------
class DatabaseCollector:
    """Gauges read from the database on every scrape; a failure is a gauge, never an error."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def collect(self) -> Iterable[Metric]:
        from prometheus_client.core import GaugeMetricFamily

        started = time.monotonic()
        error = GaugeMetricFamily(
            "monitor_scrape_error", "1 when this scrape could not read the database"
        )
        try:
            families = self._from_database()
        except Exception as exc:  # a scrape must never take the server down
            log.warning("metrics scrape could not read the database error=%r", str(exc))
            families = []
            error.add_metric([], 1.0)
        else:
            error.add_metric([], 0.0)
        yield from families
        yield error
        duration = GaugeMetricFamily(
            "monitor_scrape_duration_seconds", "Time the database queries of this scrape took"
        )
        duration.add_metric([], time.monotonic() - started)
        yield duration

    def _from_database(self) -> list[Metric]:
        """Every database gauge, built completely before any is yielded (all or none)."""
        # imported here: the analyser and the fetcher import this module and need no database
        from prometheus_client.core import GaugeMetricFamily
        from sqlalchemy import func
        from sqlmodel import col, select

        from monitor.models import Alert, SourceState
        from monitor.store import aware

        with self.store.session() as session:
            by_status = dict(
                session.exec(select(Alert.status, func.count()).group_by(col(Alert.status))).all()
            )
            oldest = session.exec(
                select(func.min(Alert.created_at)).where(col(Alert.status).in_(UNDELIVERED))
            ).one()
            sources = session.exec(
                select(
                    SourceState.name, SourceState.failures_in_a_row, SourceState.last_success_at
                ).order_by(col(SourceState.name))
            ).all()

        alerts = GaugeMetricFamily(
            "monitor_alerts", "Alerts in the outbox by status", labels=["status"]
        )
        for status in (*ALERT_STATUSES, *sorted(set(by_status) - set(ALERT_STATUSES))):
            alerts.add_metric([str(status)], float(by_status.get(status, 0)))
        age = GaugeMetricFamily(
            "monitor_outbox_oldest_age_seconds",
            "Seconds since the oldest pending or sending alert was created; 0 if none",
        )
        created = aware(oldest) if isinstance(oldest, datetime) else None
        age.add_metric([], max(0.0, (clock.now() - created).total_seconds()) if created else 0.0)
        streak = GaugeMetricFamily(
            "monitor_source_failures_in_a_row",
            "Consecutive failed runs of each source (0 when its last run succeeded)",
            labels=["source"],
        )
        success = GaugeMetricFamily(
            "monitor_source_last_success_timestamp_seconds",
            "Unix time of each source's last successful run",
            labels=["source"],
        )
        for name, failures, last_success in sources:
            streak.add_metric([name], float(failures or 0))
            when = aware(last_success)
            if when is not None:
                success.add_metric([name], when.timestamp())
        return [alerts, age, streak, success]


class Exposition:
    """What ``/metrics`` shows: :data:`REGISTRY` plus the scrape-time database gauges."""

    def __init__(self, store: Store | None, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else live().REGISTRY
        self.database = DatabaseCollector(store) if store is not None else None

    def collect(self) -> Iterable[Metric]:
        from prometheus_client.core import GaugeMetricFamily

        yield from self.registry.collect()
        ratio = GaugeMetricFamily(
            "monitor_fetch_not_modified_ratio",
            "Share of fetches answered 304 Not Modified since the process started",
        )
        ratio.add_metric([], not_modified_ratio())
        yield ratio
        if self.database is not None:
            yield from self.database.collect()


# -- the HTTP server ------------------------------------------------------------------------------
class HealthSource(Protocol):
    """What :func:`health_probe` needs: ``monitor.service.Health`` has both."""

    def document(self) -> dict[str, Any]: ...

    def healthy(self) -> bool: ...


def health_probe(health: HealthSource) -> HealthCheck:
    """A ``/health`` callable from the service's Health: (200 or 503, its document)."""

    def check() -> tuple[int, dict[str, Any]]:
        document = health.document()
        return (200 if health.healthy() else 503), document

    return check


async def start_metrics_server(
    port: int,
    *,
    store: Store | None,
    health: HealthCheck | None = None,
    host: str = "127.0.0.1",
) -> asyncio.Server:
    """Serve ``GET /metrics`` and ``GET /health`` on ``host:port`` (port 0: any free port),
    on the service's one HTTP server (:mod:`monitor.http`).

    ``/health`` answers what ``health()`` returns, as JSON (200 ``{"status": "ok"}`` without
    one; 503 when it raises). Collecting and the health check run in a worker thread, so a
    slow database never blocks the event loop. Close with ``server.close()`` and
    ``await server.wait_closed()``.
    """
    return await http.start(routes(store, health), port=port, host=host)


def routes(store: Store | None, health: HealthCheck | None) -> dict[str, http.Route]:
    """``/metrics`` and ``/health``, to mount on an HTTP server (from now on the pipeline's
    counters count: :func:`live`)."""
    from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

    exposition = Exposition(store)

    async def metrics_page(_request: http.Request) -> http.Response:
        try:
            body = await asyncio.to_thread(generate_latest, exposition)
        except Exception as exc:
            log.warning("metrics could not be generated error=%r", str(exc))
            return http.Response(500, b"metrics could not be generated\n")
        return http.Response(200, body, CONTENT_TYPE_LATEST)

    async def health_page(_request: http.Request) -> http.Response:
        status, document = await _health(health)
        return http.Response(status, json.dumps(document, default=str).encode(), "application/json")

    return {"/metrics": metrics_page, "/health": health_page}


async def _health(health: HealthCheck | None) -> tuple[int, dict[str, Any]]:
    if health is None:
        return 200, {"status": "ok"}
    try:
        status, document = await asyncio.to_thread(health)
    except Exception as exc:  # e.g. the database behind the document is down
        log.warning("health check failed error=%r", str(exc))
        return 503, {"status": "error", "error": str(exc)}
    return int(status), document
