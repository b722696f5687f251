"""One cycle of the monitor, for ``run --once`` and for each scheduled job of ``serve``.

    sources | fetch (conditional GET) | parse | prefilter | fetch pages | analyze
            | load what is known (monitor.batch) | decide (monitor.decide, pure)
            | apply: one transaction per feed (items, stories, outbox, fetch state)
            | deliver alerts

This module is orchestration: parsers live in ``monitor.sources``, the analyser in
``monitor.analyze``, the rules in ``monitor.decide`` and ``monitor.dedup``, the writes in
``monitor.batch`` and ``monitor.ingest``, Ofsted crawling in ``monitor.crawl``; "now" comes
from ``monitor.clock``.

A failing source is recorded on its row (status, error, failures in a row) and the cycle goes
on; every skipped item is counted with its reason in the summary. The first successful fetch
of a URL is its *baseline*: what it already shows is stored but not alerted on (unless
``[monitor] alert_on_first_run = true``).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from monitor import clock, metrics
from monitor.alerts.tally import DeliveryTally
from monitor.clock import aware
from monitor.config import Settings, SourceSettings
from monitor.councils import Council
from monitor.database import Database
from monitor.dedup import canonical_url, is_redirect_link, publisher_url
from monitor.dedup.text import content_hash_latin1
from monitor.errors import (
    AddressRefused,
    Conflict,
    DatabaseError,
    FetchError,
    ParseError,
    SourceError,
)
from monitor.fetch import Fetcher, FetchResult
from monitor.fetchstate import FetchStateRow, save_fetch_state
from monitor.ledger import Ledger, Pending, SourceRow, Validators
from monitor.politeness import Place
from monitor.prefilter import worth_fetching
from monitor.schedule import adaptive_interval, backoff, bounds, weekly_count
from monitor.skips import Skip, Skipped
from monitor.sources.base import FeedItem
from monitor.sources.news_search import search_feed_url
from monitor.sources.polite import BudgetSpent
from monitor.writer import BatchWriter

if TYPE_CHECKING:
    from monitor.decide import Candidate, KnownArticle
    from monitor.ingest import PdfDue, Recorded
    from monitor.itemwork import Analysed, Analyser, ReadFeed
    from monitor.models import FetchState, SourceState
    from monitor.sources import govuk
    from monitor.sources.polite import Pacer
    from monitor.store import Store

# The Ofsted, PDF, deduplication and article-page code (bs4, numpy, trafilatura) is imported
# by the methods that use it, so a cycle of feeds that answer 304 starts without it.

log = logging.getLogger(__name__)

# sources in flight: each waits on the network, the worker's analyses and the store (SQLite's
# group commit: up to SQLITE_GROUP_WINDOW_S) in turn, so with 8 the cycle's process idled about
# a fifth of a cold 500-feed cycle. Alternated cold runs of the 500-feed benchmark: 16 was 14%
# faster than 8; 64 than 16, median wall 4.40 -> 4.16 s and 3.83 -> 3.46 s (8 and 6 pairs),
# warm unchanged; 40 and 96 no different from 64, 128 slower (more CPU). Politeness is per
# host (``host_concurrency``, ``host_delay``) either way
SOURCE_CONCURRENCY = 64
# a source whose request waits its host's turn gives its place to another meanwhile
# (monitor.politeness.Place); False: it keeps it (scripts/readme.py's examples run one source
# at a time, in order, whatever the timing)
GIVE_UP_WAITING = True
PAGES_PER_HOST = 1  # a feed's article pages on one host in flight at once (see Cycle._pages)
FEED_KINDS = ("feed", "govuk", "news_search")
BOZO_REASON = Skipped(Skip.FEED_XML_BROKEN)
DEFAULT_DISCOVERY_INTERVAL = timedelta(days=1)
CONFLICT_RETRIES = 3  # a feed's batch decided again when another worker stored an item first


@dataclass
class SourceOutcome:
    """What one source did this cycle."""

    name: str
    kind: str
    status: str = "ok"  # ok | not_modified | error | deferred (inside a Retry-After)
    requests: int = 0
    new: int = 0
    duplicate: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    stories_new: int = 0
    stories_joined: int = 0
    alerts_queued: int = 0
    errors: list[str] = field(default_factory=list)
    http_status: int | None = None  # of the last answer (or failed request) seen
    retry_after: float | None = None  # seconds the server asked us to wait

    def fields(self) -> str:
        """The ``key=value`` fields of the service's "source done" log line."""
        return (
            f"status={self.status} requests={self.requests} new={self.new} "
            f"duplicate={self.duplicate} skipped={sum(self.skipped.values())} "
            f"alerts_queued={self.alerts_queued}"
        )

    def add(self, recorded: Recorded) -> None:
        self.stories_new += int(recorded.new_story)
        self.stories_joined += int(recorded.joined_story)
        self.alerts_queued += recorded.alerts


@dataclass
class CycleSummary:
    outcomes: list[SourceOutcome]
    delivery: DeliveryTally
    alerts_pending: int = 0
    alerts_failed_total: int = 0

    def total(self, attr: str) -> int:
        return sum(getattr(o, attr) for o in self.outcomes)

    def skipped(self) -> Counter[str]:
        out: Counter[str] = Counter()
        for o in self.outcomes:
            out.update(o.skipped)
        return out

    @property
    def needs_attention(self) -> bool:
        return (
            self.alerts_pending > 0
            or self.delivery.failed > 0
            or any(o.status == "error" for o in self.outcomes)
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "sources": [
                {
                    "name": o.name,
                    "kind": o.kind,
                    "status": o.status,
                    "requests": o.requests,
                    "new": o.new,
                    "duplicate": o.duplicate,
                    "skipped": dict(o.skipped),
                    "stories_new": o.stories_new,
                    "stories_joined": o.stories_joined,
                    "alerts_queued": o.alerts_queued,
                    "errors": o.errors,
                }
                for o in self.outcomes
            ],
            "new": self.total("new"),
            "duplicate": self.total("duplicate"),
            "skipped": dict(self.skipped()),
            "stories_new": self.total("stories_new"),
            "stories_joined": self.total("stories_joined"),
            "alerts_queued": self.total("alerts_queued"),
            "alerts_sent": self.delivery.sent,
            "alerts_failed": self.delivery.failed,
            "alerts_retrying": self.delivery.retrying,
            "alerts_pending": self.alerts_pending,
        }


class Cycle:
    """Runs sources against one store with one fetcher."""

    def __init__(
        self,
        settings: Settings,
        store: Store | Database,
        fetcher: Fetcher,
        ledger: Ledger | None = None,
        analyser: Analyser | None = None,
        writer: BatchWriter | None = None,
    ) -> None:
        from monitor.itemwork import Analyser

        self.settings = settings
        self.db = Database.of(store)
        self.fetcher = fetcher
        self.ledger = ledger  # run --once: source bookkeeping read and written once
        self.analyser = analyser or Analyser()  # inline unless given a worker
        self.writer = writer or BatchWriter()  # on the event loop unless given a thread
        self._limit = asyncio.Semaphore(SOURCE_CONCURRENCY)
        self._rng = random.Random()

    @property
    def store(self) -> Store:
        """The full Store: built the first time a source has something to store."""
        return self.db.store

    async def run_source(self, source: SourceSettings) -> SourceOutcome:
        outcome = SourceOutcome(source.name, source.kind)
        started = time.monotonic()
        now = clock.now()
        deferred = self._deferred_until(source, now)
        if deferred is not None:
            outcome.status = "deferred"
            outcome.skipped[Skipped(Skip.DEFERRED)] += 1
            log.info("source deferred source=%s until=%s", source.name, deferred.isoformat())
            metrics.record_source_run(outcome)
            return outcome
        async with Place(self._limit) if GIVE_UP_WAITING else self._limit:
            try:
                if source.kind == "ofsted":
                    await self._ofsted(source, outcome)
                elif source.kind == "news_search":
                    await self._news_search(source, outcome)
                elif source.kind == "govuk":
                    await self._govuk(source, outcome)
                else:
                    await self._feed(source, source.location, outcome)
            except SourceError as exc:
                self._failed(source, outcome, exc, str(exc))
            except DatabaseError:
                raise  # the store is gone: the run stops with exit code 3
            except Exception as exc:  # a parser's bug must not take the service down
                self._failed(source, outcome, exc, f"unexpected {type(exc).__name__}: {exc}")
        self._record_source(source, outcome, now)
        metrics.record_source_run(outcome, time.monotonic() - started)
        return outcome

    def _failed(
        self, source: SourceSettings, outcome: SourceOutcome, exc: Exception, reason: str
    ) -> None:
        """Record a source's failure on its outcome and log it, once."""
        outcome.status = "error"
        outcome.errors.append(reason)
        if isinstance(exc, FetchError):
            outcome.http_status = exc.status
            outcome.retry_after = exc.retry_after
        if isinstance(exc, ParseError):
            # e.g. an HTML page or an empty body where a feed was expected
            outcome.skipped[Skipped(Skip.NOT_A_FEED, exc.message)] += 1
        log.warning(
            "source failed source=%s url=%s reason=%r",
            source.name,
            getattr(exc, "url", None) or source.location,
            reason,
            exc_info=not isinstance(exc, SourceError),
        )

    def _deferred_until(self, source: SourceSettings, now: datetime) -> datetime | None:
        if self.ledger is not None:
            until = self.ledger.retry_after_until(source.name)
        else:
            from monitor.models import SourceState

            with self.store.session() as session:
                state = session.get(SourceState, source.name)
            until = aware(state.retry_after_until) if state else None
        return until if until is not None and until > now else None

    # -- fetching with conditional GET and baseline --------------------------------------
    async def _fetch(
        self, source: SourceSettings, url: str, outcome: SourceOutcome
    ) -> tuple[FetchResult, bool] | None:
        """GET with the stored validators; None when not modified. Returns (result, baseline)."""
        state: Validators | FetchState | None
        if self.ledger is not None and self.ledger.has_fetch_state(url):
            state = self.ledger.fetch_state(url)
        else:
            state = self.store.fetch_state(url)
        outcome.requests += 1
        robots = source.robots if source.robots is not None else self.settings.monitor.robots
        result = await self.fetcher.get(
            url,
            etag=state.etag if state else None,
            last_modified=state.last_modified if state else None,
            robots=robots,
        )
        outcome.http_status = result.status
        if source.kind in FEED_KINDS and not result.not_modified:
            # one charset decision (header, BOM, declaration, detector), then UTF-8 for the parser
            from monitor.text import as_utf8_xml  # charset_normalizer: not for a 304

            content, content_type, decoded = as_utf8_xml(result.content, result.content_type)
            if decoded.how not in ("header", "document") or decoded.replaced:
                log.info(
                    "feed charset source=%s url=%s encoding=%s how=%r replaced=%s",
                    source.name,
                    url,
                    decoded.encoding,
                    decoded.how,
                    decoded.replaced,
                )
            result = replace(result, content=content, content_type=content_type)
        if result.not_modified:
            self._save_fetch_state(source, url, result, state is None)
            if outcome.status == "ok" and outcome.new == 0:
                outcome.status = "not_modified"
            return None
        if outcome.status == "not_modified":
            outcome.status = "ok"
        baseline = state is None and not self.settings.monitor.alert_on_first_run
        return result, baseline

    def _state_row(
        self, source: SourceSettings, url: str, result: FetchResult, body_hash: str | None = None
    ) -> FetchStateRow:
        modified = not result.not_modified
        if modified and body_hash is None:
            body_hash = content_hash_latin1(result.content)  # content_hash of it as Latin-1
        return FetchStateRow(
            url=url,
            source=source.name,
            etag=result.etag,
            last_modified=result.last_modified,
            content_hash=body_hash if modified else None,
            modified=modified,
        )

    def _save_fetch_state(
        self, source: SourceSettings, url: str, result: FetchResult, first: bool = False
    ) -> None:
        """A URL's conditional-GET state on its own (a 304, a provider page, the listing)."""
        if self.ledger is not None and result.not_modified:
            self.ledger.fetched(self._state_row(source, url, result), clock.now())
            return
        with self.store.connection() as connection:
            save_fetch_state(connection, self._state_row(source, url, result), clock.now())

    # -- feeds -----------------------------------------------------------------------------
    async def _feed(self, source: SourceSettings, url: str, outcome: SourceOutcome) -> None:
        fetched = await self._fetch(source, url, outcome)
        if fetched is None:
            return
        from monitor.itemwork import FeedBody

        result, baseline = fetched

        # parsed in the analysis worker unless it is the busier process (this one fetches, stores)
        read = await self.analyser.read_feed(
            FeedBody(result.content, result.url, result.content_type)
        )
        page = read.page
        if page.bozo:
            outcome.skipped[Skipped(Skip.FEED_XML_BROKEN)] += 1
            log.warning("bozo feed source=%s url=%s reason=%s", source.name, url, page.bozo_reason)
        for reason in page.skipped:
            outcome.skipped[Skipped(Skip.NO_LINK, reason)] += 1
        # the items and the feed's state commit together: a crash refetches and re-offers them
        await self._items(
            source,
            list(page.items),
            outcome,
            baseline=baseline,
            state=self._state_row(source, url, result, read.body_hash),
            read=read,
        )

    async def _items(
        self,
        source: SourceSettings,
        items: list[FeedItem],
        outcome: SourceOutcome,
        *,
        baseline: bool,
        state: FetchStateRow | None,
        read: ReadFeed | None = None,
    ) -> None:
        """Analyse a feed's items, decide them together, apply them in one transaction."""
        # imported on first use: a cycle with nothing new (every feed 304) never loads them
        from monitor.decide import Policy, unchanged

        digests: list[str | None]
        if read is not None:  # links, canonical URLs and prefilter verdicts came with the parse
            links, canonical, worth = list(read.links), list(read.canonical), list(read.worth)
            digests = list(read.digests)
        else:
            links = [publisher_url(i.url) or i.url for i in items]  # Google News names its own
            canonical = [canonical_url(link) for link in links]
            worth = [worth_fetching(i.title, i.summary) for i in items]
            digests = [None] * len(items)
        known = self.writer.known_by_url(self.store, canonical)
        todo: list[tuple[FeedItem, str, KnownArticle | None, bool]] = []
        canonical_of: dict[str, str] = {}
        todo_digests: list[str | None] = []
        for item, link, url, passed, digest in zip(
            items, links, canonical, worth, digests, strict=True
        ):
            stored = known.get(url)
            if unchanged(stored, title=item.title, summary=item.summary, source=source.name):
                outcome.duplicate += 1
                continue
            todo.append((item, link, stored, passed))
            todo_digests.append(digest)
            canonical_of[link] = url
        candidates = await self._candidates(source, todo, outcome, canonical_of, todo_digests)

        policy = Policy(
            tracked=frozenset(c.ons_code for c in self.settings.councils),
            news_alert_window=self.settings.monitor.news_alert_window,
            baseline=baseline,
        )
        for attempt in range(CONFLICT_RETRIES):
            now = clock.now()
            try:  # what is stored, the decisions and the writes: one session
                decisions, applied = await self.writer.decide_and_apply(
                    self.store,
                    self.settings,
                    candidates,
                    known,
                    policy,
                    now=now,
                    fetch_state=state,
                )
                break
            except Conflict:
                # another worker stored one of these URLs since we looked: decide again
                log.info("batch conflict source=%s attempt=%s", source.name, attempt + 1)
                known = {}
        else:
            raise SourceError(f"items stored meanwhile by another worker {CONFLICT_RETRIES} times")
        for c, d in zip(candidates, decisions, strict=True):
            if d.kind == "new":
                outcome.new += 1
                if not c.cls.relevant:
                    outcome.skipped[Skipped(Skip.NOT_RELEVANT)] += 1
                elif not set(c.cls.ons_codes) & policy.tracked:
                    outcome.skipped[Skipped(Skip.COUNCIL_NOT_TRACKED)] += 1
                if d.copy_of is not None:
                    log.info("syndicated copy url=%s", c.canonical_url)
            else:
                outcome.duplicate += 1
        outcome.stories_new += applied.stories_new
        outcome.stories_joined += applied.stories_joined
        outcome.alerts_queued += applied.alerts

    async def _candidates(
        self,
        source: SourceSettings,
        todo: list[tuple[FeedItem, str, KnownArticle | None, bool]],
        outcome: SourceOutcome,
        canonical_of: dict[str, str] | None = None,
        digests: list[str | None] | None = None,
    ) -> list[Candidate]:
        """The items with their pages (when worth reading) and their analysis: the pages
        fetched together, then the CPU work of the whole feed in one batch
        (:mod:`monitor.itemwork`, in a worker process for a big cycle)."""
        from monitor.itemwork import Work

        pages = await self._pages(source, todo, outcome)
        works = [
            Work(
                title=item.title,
                summary=item.summary,
                published=item.published,
                link=link,
                page=page.content if page is not None else None,
                page_url=page.url if page is not None else None,
                canonical=canonical_of.get(link) if canonical_of else None,
                vocabulary=worth,
                digest=digest,
            )
            for (item, link, _, worth), page, digest in zip(
                todo, pages, digests or [None] * len(todo), strict=True
            )
        ]
        done = await self.analyser.run(works)
        return [
            self._candidate(source, item, link, analysed, outcome)
            for (item, link, _, _), analysed in zip(todo, done, strict=True)
        ]

    async def _pages(
        self,
        source: SourceSettings,
        todo: list[tuple[FeedItem, str, KnownArticle | None, bool]],
        outcome: SourceOutcome,
    ) -> list[FetchResult | None]:
        """The items' pages: hosts in parallel, each host's pages at most
        ``PAGES_PER_HOST`` at a time, so they follow one another on the connections already
        open to it (the feed's own, usually) instead of each opening one of its own (a TCP
        connection costs the cycle about as much CPU as the request on it)."""
        pages: list[FetchResult | None] = [None] * len(todo)
        by_host: dict[str, list[int]] = {}
        for n, (_, link, _, _) in enumerate(todo):
            by_host.setdefault(urlsplit(link).netloc.lower(), []).append(n)

        async def host_pages(queue: list[int]) -> None:
            while queue:
                n = queue.pop(0)
                pages[n] = await self._page(source, *todo[n], outcome)

        lanes = [
            host_pages(queue)
            for queue in by_host.values()
            for _ in range(min(PAGES_PER_HOST, len(queue)))
        ]
        await asyncio.gather(*lanes)
        return pages

    async def _page(
        self,
        source: SourceSettings,
        item: FeedItem,
        link: str,
        known: KnownArticle | None,
        worth: bool,
        outcome: SourceOutcome,
    ) -> FetchResult | None:
        """The item's article page, when worth reading (``worth``: the prefilter passes its
        title and summary) and it can be fetched."""
        if not source.fetch_articles or (known is None and not worth):
            return None
        try:
            outcome.requests += 1
            return await self.fetcher.get(link)
        except (SourceError, ParseError) as exc:
            self._page_failed(source, item, outcome, exc)
            return None

    def _page_failed(
        self, source: SourceSettings, item: FeedItem, outcome: SourceOutcome, exc: Exception
    ) -> None:
        refused = isinstance(exc, AddressRefused)
        kind = Skip.ADDRESS_REFUSED if refused else Skip.ARTICLE_PAGE_FAILED
        outcome.skipped[Skipped(kind)] += 1
        log.info("article page failed source=%s url=%s error=%s", source.name, item.url, exc)

    def _candidate(
        self,
        source: SourceSettings,
        item: FeedItem,
        link: str,
        analysed: Analysed,
        outcome: SourceOutcome,
    ) -> Candidate:
        """One item with its page (when read) and its analysis."""
        from monitor.batch import article_row
        from monitor.decide import Candidate

        canonical = analysed.canonical_url
        outlet = item.outlet or source.outlet
        page = analysed.page
        if analysed.page_error is not None:
            self._page_failed(
                source, item, outcome, ParseError(analysed.page_error, url=analysed.final_url)
            )
        if page is not None:
            outlet = outlet or page.outlet
        published = aware(analysed.published)
        row = article_row(
            analysed.cls,
            url=analysed.final_url if is_redirect_link(item.url) else link,
            canonical_url=canonical,
            title=analysed.title,
            outlet=outlet or urlsplit(analysed.final_url).hostname,
            summary=item.summary,
            text=analysed.text,
            content_hash=analysed.digest,
            source=source.name,
            published=published,
            fetched_at=clock.now(),
        )
        return Candidate(
            canonical_url=canonical,
            title=item.title,
            summary=item.summary,
            content_hash=analysed.digest,
            source=source.name,
            published=published,
            cls=analysed.cls,
            signature=analysed.signature,
            page_read=page is not None,
            fetch_articles=source.fetch_articles,
            row=row,
        )

    # -- Ofsted provider pages -------------------------------------------------------------
    async def _ofsted(self, source: SourceSettings, outcome: SourceOutcome) -> None:
        """Discovery (daily), each tracked council's provider page, then report PDFs.

        Every request is counted against the source's budget and spaced per Ofsted host
        (:mod:`monitor.sources.polite`); what the budget leaves out waits for the next cycle.
        """
        base = source.location.rstrip("/")
        pacer = self._ofsted_pacer(source)
        failures = 0
        try:
            await self._discover(source, base, outcome, pacer)
        except BudgetSpent:
            outcome.skipped[Skipped(Skip.BUDGET_SPENT)] += 1
        except SourceError as exc:
            outcome.skipped[Skipped(Skip.DISCOVERY_FAILED)] += 1
            log.warning("ofsted listing failed source=%s error=%s", source.name, exc)
        for council in self.settings.councils:
            if not council.ofsted_urn:
                outcome.skipped[Skipped(Skip.NO_URN)] += 1
                continue
            try:
                await self._provider(source, base, council, outcome, pacer)
            except BudgetSpent:
                outcome.skipped[Skipped(Skip.BUDGET_SPENT)] += 1
                break
            except SourceError as exc:
                failures += 1
                outcome.errors.append(f"{council.name}: {exc}")
                log.warning(
                    "provider page failed source=%s council=%s error=%s",
                    source.name,
                    council.name,
                    exc,
                )
        if source.read_pdfs:
            await self._read_pdfs(source, outcome, pacer)
        if failures:
            outcome.status = "error"

    def _ofsted_pacer(self, source: SourceSettings) -> Pacer:
        from monitor.crawl import ofsted_pacer

        return ofsted_pacer(self.settings, self.fetcher, source)

    async def _provider(
        self,
        source: SourceSettings,
        base: str,
        council: Council,
        outcome: SourceOutcome,
        pacer: Pacer | None = None,
    ) -> None:
        """One provider page: new reports (PDF links not seen for this council) are stored.

        Layout-change guard: a page that is an error page (even with status 200), or that
        lists no reports where we stored some, raises ParseError; its fetch state is not
        saved, so the next cycle fetches it again, and nothing is treated as removed.
        """
        from monitor.crawl import read_provider_page
        from monitor.ingest import record_report
        from monitor.sources.ofsted import provider_url

        assert council.ofsted_urn
        url = provider_url(base, council.ofsted_urn)
        if pacer is not None:
            pacer.before(url)
        fetched = await self._fetch(source, url, outcome)
        if fetched is None:
            return
        result, baseline = fetched
        known = self.store.known_pdf_urls(council.ons_code)
        page = read_provider_page(
            result.content, url=result.url, urn=council.ofsted_urn, stored=len(known)
        )
        now = clock.now()
        for entry in page.reports:
            if entry.pdf_url in known:
                outcome.duplicate += 1
                continue
            with self.writer.lock:  # never between a batch's reads and its commit
                recorded = record_report(
                    self.store,
                    self.settings,
                    entry,
                    ons_code=council.ons_code,
                    source=source.name,
                    baseline=baseline,
                    now=now,
                )
            outcome.new += 1
            outcome.add(recorded)
        self._save_fetch_state(source, url, result, baseline)

    async def _discover(
        self, source: SourceSettings, base: str, outcome: SourceOutcome, pacer: Pacer
    ) -> None:
        """Once per discovery interval: Ofsted's list of all authorities vs the reference data."""
        from monitor.crawl import fetch_listing
        from monitor.sources.listing import compare_listing, listing_url

        first = listing_url(base, start=0)
        state = self.store.fetch_state(first)
        interval = source.discovery_interval or DEFAULT_DISCOVERY_INTERVAL
        last = aware(state.last_fetched_at) if state else None
        if last is not None and clock.now() - last < interval:
            return
        used = pacer.used
        try:
            listed = await fetch_listing(self.fetcher, base, pacer)
        finally:
            outcome.requests += pacer.used - used
        for mismatch in compare_listing(listed):
            detail = f"discovery: {mismatch.problem.replace('_', ' ')}"
            outcome.skipped[Skipped(Skip.DISCOVERY_MISMATCH, detail)] += 1
            log.warning("ofsted listing differs source=%s problem=%s", source.name, mismatch)
        with self.store.connection() as connection:  # only the time matters: no validators
            save_fetch_state(
                connection,
                FetchStateRow(first, source.name, None, None, None, modified=False),
                clock.now(),
            )

    async def _read_pdfs(
        self, source: SourceSettings, outcome: SourceOutcome, pacer: Pacer
    ) -> None:
        """Read the PDFs of new reports (and retry failed ones) within the budget."""
        from monitor.ingest import reports_due_for_pdf

        now = clock.now()
        codes = [c.ons_code for c in self.settings.councils]
        for due in reports_due_for_pdf(self.store, codes, now):
            try:
                pacer.before(due.pdf_url)
            except BudgetSpent:
                outcome.skipped[Skipped(Skip.PDF_BUDGET_SPENT)] += 1
                return
            await self._read_pdf(due, outcome)

    async def _read_pdf(self, due: PdfDue, outcome: SourceOutcome) -> bool:
        from monitor.crawl import read_pdf

        outcome.requests += 1
        ok = await read_pdf(self.store, self.fetcher, due, lock=self.writer.lock)
        if not ok:
            outcome.skipped[Skipped(Skip.PDF_FAILED)] += 1
        return ok

    # -- GOV.UK and news search ----------------------------------------------------------
    async def _govuk(self, source: SourceSettings, outcome: SourceOutcome) -> None:
        """Search API + Atom feeds; publications about LA children's services are read from
        the Content API and analysed like articles."""
        from monitor.sources import govuk
        from monitor.sources.feed import parse_feed

        base = source.location.rstrip("/")
        if base.endswith(".atom"):  # an explicit feed URL: that feed only
            await self._feed(source, base, outcome)
            return
        reader = source.replace(fetch_articles=False)
        api_base = f"{urlsplit(base).scheme}://{urlsplit(base).netloc}"
        failures = 0
        for url in (govuk.search_url(base), *govuk.feed_urls(base)):
            try:
                fetched = await self._fetch(source, url, outcome)
                if fetched is None:
                    continue
                result, baseline = fetched
                if url.startswith(govuk.search_url(base).split("?")[0]):
                    publications = govuk.parse_search(result.content, url=url, base_url=api_base)
                else:
                    page = parse_feed(
                        result.content, url=result.url, content_type=result.content_type
                    )
                    publications = tuple(govuk.from_feed_item(i) for i in page.items)
            except SourceError as exc:  # one broken feed does not hide the others
                failures += 1
                outcome.errors.append(f"{url}: {exc}")
                log.warning("govuk feed failed source=%s url=%s error=%s", source.name, url, exc)
                continue
            wanted = []
            for publication in publications:
                if not govuk.about_la_childrens_services(publication):
                    outcome.skipped[Skipped(Skip.GOVUK_NOT_LA)] += 1
                    continue
                wanted.append(publication)
            stored = self.store.known_article_urls([canonical_url(p.url) for p in wanted])
            items = []
            for publication in wanted:
                if canonical_url(publication.url) in stored:
                    outcome.duplicate += 1
                    continue
                items.append(await self._govuk_item(source, api_base, publication, outcome))
            await self._items(
                reader,
                items,
                outcome,
                baseline=baseline,
                state=self._state_row(source, url, result),
            )
        if failures:
            outcome.status = "error"

    async def _govuk_item(
        self,
        source: SourceSettings,
        api_base: str,
        publication: govuk.Publication,
        outcome: SourceOutcome,
    ) -> FeedItem:
        """The publication as a feed item whose text comes from the Content API."""
        from monitor.sources import govuk

        text = publication.description
        published = publication.published
        try:
            outcome.requests += 1
            url = govuk.content_url(api_base, publication.url)
            result = await self.fetcher.get(url, accept="application/json")
            details = govuk.parse_content(result.content, url=url)
            text = "\n".join(t for t in (details.description, details.text) if t) or text
            published = published or details.published
        except SourceError as exc:
            outcome.skipped[Skipped(Skip.GOVUK_CONTENT_FAILED)] += 1
            log.info("govuk content failed source=%s url=%s error=%s", source.name, url, exc)
        return FeedItem(
            url=publication.url,
            title=publication.title,
            summary=text,
            published=published,
            outlet=source.outlet or "GOV.UK",
        )

    async def _news_search(self, source: SourceSettings, outcome: SourceOutcome) -> None:
        """One search feed per tracked council (name, aliases and inspection words)."""
        for council in self.settings.councils:
            await self._feed(source, search_feed_url(source.location, council), outcome)

    # -- source health -------------------------------------------------------------------
    def _record_source(
        self, source: SourceSettings, outcome: SourceOutcome, started: datetime
    ) -> None:
        """Health, failure streak and the next fetch time (adaptive, backed off, deferred)."""

        def update(state: SourceState | SourceRow, weekly: int) -> None:
            self._update_state(state, source, outcome, started, weekly)

        if self.ledger is not None:  # run --once: written with every other source at the end
            self.ledger.record(Pending(source, started, update))
            return
        weekly = weekly_count(self.store, source, started)
        with self.store.session() as session:
            update(
                self.store.source_state(session, source.name, source.kind, source.location), weekly
            )
        from monitor.alerts.operator import check_source  # the operator channel's incidents

        check_source(self.store, self.settings, source.name)

    def _update_state(
        self,
        state: SourceState | SourceRow,
        source: SourceSettings,
        outcome: SourceOutcome,
        started: datetime,
        weekly: int,
    ) -> None:
        limits = bounds(self.settings, source)
        interval = adaptive_interval(limits, weekly)
        state.last_fetch_at = started
        state.interval_s = int(interval.total_seconds())
        state.items_seen += outcome.new
        state.last_status = outcome.http_status
        state.last_warning = (
            f"{BOZO_REASON} x{outcome.skipped[BOZO_REASON]}"
            if outcome.skipped.get(BOZO_REASON)
            else None
        )
        if outcome.status == "error":
            state.failures_in_a_row += 1
            state.failures_total = (state.failures_total or 0) + 1
            state.last_error = "; ".join(outcome.errors)[:500]
            wait = backoff(interval, state.failures_in_a_row, limits.high, rng=self._rng)
        else:
            state.failures_in_a_row = 0
            state.last_error = None
            state.last_success_at = started
            if outcome.status == "not_modified":
                state.last_status = 304
            if outcome.new:
                state.last_change_at = started
            wait = interval
        state.retry_after_until = None
        if outcome.retry_after is not None:
            state.retry_after_until = started + timedelta(seconds=outcome.retry_after)
            wait = max(wait, timedelta(seconds=outcome.retry_after))
        state.next_fetch_at = started + wait

    def flush(self) -> None:
        """Write what the ledger holds (run --once), then the operator's checks it names."""
        if self.ledger is None:
            return
        for name in self.ledger.flush(self.settings, clock.now()):
            from monitor.alerts.operator import check_source

            check_source(self.store, self.settings, name)
        self.ledger.save_robots(self.fetcher.robots.answered, clock.now())
        self.fetcher.robots.answered.clear()


def warm_up() -> None:
    """Load what the cycle imports lazily (the analyser and its gazetteer, trafilatura,
    numpy) and build its tables, for a long-running ``serve``.

    ``run --once`` and the listings keep their start-up cheap by importing these only when a
    feed has something to store. A service pays once at start instead: a first job that
    imports C extensions holds the GIL for seconds, long enough for a worker's heartbeat to
    fall silent and the worker to be taken for dead.
    """
    from monitor.itemwork import warm_up as load

    load()


async def run_once(
    settings: Settings,
    store: Store | Database,
    *,
    sources: list[str] | None = None,
    send: bool = True,
) -> CycleSummary:
    """Every enabled source once, then the alerts that are due.

    A source inside a server's Retry-After is deferred; a failure streak's back-off is for
    ``serve`` (a one-off run is an explicit request to fetch).
    """
    db = Database.of(store)
    chosen = [s for s in settings.sources if s.enabled and (not sources or s.name in sources)]
    from monitor.itemwork import POOL_MIN_SOURCES, Analyser

    analyser = Analyser.for_cycle(len(chosen))
    writer = BatchWriter.for_cycle(db, len(chosen))
    try:
        async with Fetcher.from_settings(settings) as fetcher:
            ledger = Ledger(db, chosen)
            if ledger.never_fetched >= POOL_MIN_SOURCES:
                # a first cycle: every feed will be parsed, so the worker loads at once,
                # while the first requests (robots.txt, the hosts' delays) wait
                analyser.start()
            fetcher.remember_robots(ledger.robots(clock.now()))
            cycle = Cycle(settings, db, fetcher, ledger, analyser, writer)
            outcomes = await asyncio.gather(*(cycle.run_source(s) for s in chosen))
    finally:
        writer.close()
        await analyser.close()
    cycle.flush()
    delivery = DeliveryTally()
    if send and db.alerts_waiting():  # else a round would find nothing to do
        from monitor.alerts.outbox import deliver_due

        delivery = await deliver_due(db.store, settings)
    return CycleSummary(
        outcomes=list(outcomes),
        delivery=delivery,
        alerts_pending=db.count_alerts("pending"),
        alerts_failed_total=db.count_alerts("failed"),
    )
