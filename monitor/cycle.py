"""One cycle of the monitor, for ``run --once`` and for each scheduled job of ``serve``.

    sources | fetch (conditional GET) | parse | prefilter | fetch page | analyze
            | dedup (canonical URL, content hash, story) | store (+ outbox) | deliver alerts

A failing source is recorded on its row (status, error, failures in a row) and the cycle goes
on; every skipped item is counted with its reason in the summary. The first successful fetch
of a URL is its *baseline*: what it already shows is stored but not alerted on (unless
``[monitor] alert_on_first_run = true``).
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import quote_plus, urlsplit

from monitor.alerts.outbox import DeliveryTally, deliver_due
from monitor.analyze import classify
from monitor.config import Settings, SourceSettings
from monitor.councils import Council
from monitor.dedup import canonical_url, content_hash
from monitor.errors import ParseError, SourceError
from monitor.fetch import Fetcher, FetchResult
from monitor.ingest import Recorded, record_article, record_report
from monitor.models import Article, FetchState
from monitor.prefilter import worth_fetching
from monitor.sources.article import extract_article
from monitor.sources.base import FeedItem
from monitor.sources.feed import parse_feed
from monitor.sources.ofsted import parse_provider_page, provider_url
from monitor.store import Store, aware

log = logging.getLogger(__name__)

SOURCE_CONCURRENCY = 8
GOVUK_FEED_PATH = "/government/organisations/ofsted.atom"
NEWS_QUERY = '"{name}" Ofsted children\'s services'


@dataclass
class SourceOutcome:
    """What one source did this cycle."""

    name: str
    kind: str
    status: str = "ok"  # ok | not_modified | error
    requests: int = 0
    new: int = 0
    duplicate: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    stories_new: int = 0
    stories_joined: int = 0
    alerts_queued: int = 0
    errors: list[str] = field(default_factory=list)

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

    def __init__(self, settings: Settings, store: Store, fetcher: Fetcher) -> None:
        self.settings = settings
        self.store = store
        self.fetcher = fetcher
        self._limit = asyncio.Semaphore(SOURCE_CONCURRENCY)

    async def run_source(self, source: SourceSettings) -> SourceOutcome:
        outcome = SourceOutcome(source.name, source.kind)
        now = datetime.now(UTC)
        async with self._limit:
            try:
                if source.kind == "ofsted":
                    await self._ofsted(source, outcome)
                elif source.kind == "news_search":
                    for council in self.settings.councils:
                        url = source.location.replace(
                            "{query}", quote_plus(NEWS_QUERY.format(name=council.name))
                        )
                        await self._feed(source, url, outcome)
                elif source.kind == "govuk":
                    base = source.location.rstrip("/")
                    url = base if base.endswith(".atom") else base + GOVUK_FEED_PATH
                    await self._feed(source, url, outcome)
                else:
                    await self._feed(source, source.location, outcome)
            except SourceError as exc:
                outcome.status = "error"
                outcome.errors.append(str(exc))
                log.warning("source failed source=%s error=%s", source.name, exc)
        self._record_source(source, outcome, now)
        return outcome

    # -- fetching with conditional GET and baseline --------------------------------------
    async def _fetch(
        self, source: SourceSettings, url: str, outcome: SourceOutcome
    ) -> tuple[FetchResult, bool] | None:
        """GET with the stored validators; None when not modified. Returns (result, baseline)."""
        state = self.store.fetch_state(url)
        outcome.requests += 1
        result = await self.fetcher.get(
            url,
            etag=state.etag if state else None,
            last_modified=state.last_modified if state else None,
        )
        if result.not_modified:
            self._save_fetch_state(source, url, result, state is None)
            if outcome.status == "ok" and outcome.new == 0:
                outcome.status = "not_modified"
            return None
        if outcome.status == "not_modified":
            outcome.status = "ok"
        baseline = state is None and not self.settings.monitor.alert_on_first_run
        return result, baseline

    def _save_fetch_state(
        self, source: SourceSettings, url: str, result: FetchResult, first: bool
    ) -> None:
        now = datetime.now(UTC)
        with self.store.session() as session:
            state = session.get(FetchState, url)
            if state is None:
                state = FetchState(
                    url=url, source=source.name, first_fetched_at=now, last_fetched_at=now
                )
                session.add(state)
            state.last_fetched_at = now
            if not result.not_modified:
                state.etag, state.last_modified = result.etag, result.last_modified
                state.content_hash = content_hash(result.content.decode("latin-1"))

    # -- feeds -----------------------------------------------------------------------------
    async def _feed(self, source: SourceSettings, url: str, outcome: SourceOutcome) -> None:
        fetched = await self._fetch(source, url, outcome)
        if fetched is None:
            return
        result, baseline = fetched
        page = parse_feed(result.content, url=result.url, content_type=result.content_type)
        if page.bozo:
            outcome.skipped["feed XML broken (good items kept)"] += 1
            log.warning("bozo feed source=%s url=%s reason=%s", source.name, url, page.bozo_reason)
        for reason in page.skipped:
            outcome.skipped[reason] += 1
        for item in page.items:
            await self._item(source, item, outcome, baseline=baseline)
        # only now is the feed's state saved: a crash above refetches and re-offers the items
        self._save_fetch_state(source, url, result, baseline)

    async def _item(
        self, source: SourceSettings, item: FeedItem, outcome: SourceOutcome, *, baseline: bool
    ) -> None:
        canonical = canonical_url(item.url)
        if self.store.known_article_urls([canonical]):
            outcome.duplicate += 1
            return
        text, title, published = item.summary, item.title, item.published
        outlet = item.outlet or source.outlet
        final_url = item.url
        if source.fetch_articles and worth_fetching(item.title, item.summary):
            try:
                outcome.requests += 1
                fetched = await self.fetcher.get(item.url)
                page = extract_article(fetched.content, url=fetched.url)
                final_url = fetched.url
                if page.canonical_url and _same_site(page.canonical_url, fetched.url):
                    canonical = canonical_url(page.canonical_url)
                elif fetched.url != item.url:
                    canonical = canonical_url(fetched.url)
                if canonical != canonical_url(item.url) and self.store.known_article_urls(
                    [canonical]
                ):
                    outcome.duplicate += 1
                    return
                text = page.text or text
                title = title or page.title
                published = published or page.published
                outlet = outlet or page.outlet
            except (SourceError, ParseError) as exc:
                outcome.skipped["article page failed (classified on the feed summary)"] += 1
                log.info(
                    "article page failed source=%s url=%s error=%s", source.name, item.url, exc
                )
        digest = content_hash(title, text)
        cls = classify(text or "", title=title, url=final_url, published=published)
        now = datetime.now(UTC)
        article = Article(
            url=item.url,
            canonical_url=canonical,
            title=title,
            outlet=outlet or urlsplit(final_url).hostname,
            summary=item.summary,
            text=text,
            content_hash=digest,
            source=source.name,
            published=aware(published),
            fetched_at=now,
            relevant=cls.relevant,
            councils=list(cls.councils),
            ons_codes=list(cls.ons_codes),
            inspection_type=cls.inspection_type,
            judgement=cls.judgement,
            previous_judgement=cls.previous_judgement,
            confidence=cls.confidence,
            evidence=cls.evidence or None,
        )
        recorded = record_article(
            self.store, self.settings, article, cls, baseline=baseline, now=now
        )
        outcome.new += 1
        if not cls.relevant:
            outcome.skipped["not about an inspection of children's services"] += 1
        elif not set(cls.ons_codes) & {c.ons_code for c in self.settings.councils}:
            outcome.skipped["relevant, council not tracked"] += 1
        outcome.add(recorded)

    # -- Ofsted provider pages -------------------------------------------------------------
    async def _ofsted(self, source: SourceSettings, outcome: SourceOutcome) -> None:
        base = source.location.rstrip("/")
        failures = 0
        for council in self.settings.councils:
            if not council.ofsted_urn:
                outcome.skipped["council has no Ofsted URN"] += 1
                continue
            try:
                await self._provider(source, base, council, outcome)
            except SourceError as exc:
                failures += 1
                outcome.errors.append(f"{council.name}: {exc}")
                log.warning(
                    "provider page failed source=%s council=%s error=%s",
                    source.name,
                    council.name,
                    exc,
                )
        if failures:
            outcome.status = "error"

    async def _provider(
        self, source: SourceSettings, base: str, council: Council, outcome: SourceOutcome
    ) -> None:
        assert council.ofsted_urn
        url = provider_url(base, council.ofsted_urn)
        fetched = await self._fetch(source, url, outcome)
        if fetched is None:
            return
        result, baseline = fetched
        page = parse_provider_page(result.content, url=result.url, urn=council.ofsted_urn)
        known = self.store.known_pdf_urls(council.ons_code)
        if known and not page.reports:
            raise ParseError(
                "provider page lists no reports where it listed some before: layout changed?",
                url=url,
            )
        now = datetime.now(UTC)
        for entry in page.reports:
            if entry.pdf_url in known:
                outcome.duplicate += 1
                continue
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

    # -- source health -------------------------------------------------------------------
    def _record_source(
        self, source: SourceSettings, outcome: SourceOutcome, started: datetime
    ) -> None:
        interval = self.settings.interval(source)
        with self.store.session() as session:
            state = self.store.source_state(session, source.name, source.kind, source.location)
            state.last_fetch_at = started
            state.interval_s = int(interval.total_seconds())
            state.next_fetch_at = started + interval
            state.items_seen += outcome.new
            if outcome.status == "error":
                state.failures_in_a_row += 1
                state.last_error = "; ".join(outcome.errors)[:500]
                state.last_status = None
            else:
                state.failures_in_a_row = 0
                state.last_error = None
                state.last_success_at = started
                state.last_status = 304 if outcome.status == "not_modified" else 200
                if outcome.new:
                    state.last_change_at = started


def _same_site(a: str, b: str) -> bool:
    def site(url: str) -> str:
        host = (urlsplit(url).hostname or "").lower()
        return (
            ".".join(host.split(".")[-3:])
            if host.endswith(".uk")
            else ".".join(host.split(".")[-2:])
        )

    return site(a) == site(b)


async def run_once(
    settings: Settings, store: Store, *, sources: list[str] | None = None, send: bool = True
) -> CycleSummary:
    """Every enabled source once, then the alerts that are due."""
    chosen = [s for s in settings.sources if s.enabled and (not sources or s.name in sources)]
    async with Fetcher(
        user_agent=settings.monitor.user_agent,
        timeout_s=settings.monitor.timeout.total_seconds(),
        max_body_bytes=settings.monitor.max_body_bytes,
        replay_dir=settings.replay_dir,
    ) as fetcher:
        cycle = Cycle(settings, store, fetcher)
        outcomes = await asyncio.gather(*(cycle.run_source(s) for s in chosen))
    delivery = await deliver_due(store, settings) if send else DeliveryTally()
    return CycleSummary(
        outcomes=list(outcomes),
        delivery=delivery,
        alerts_pending=store.count_alerts("pending"),
        alerts_failed_total=store.count_alerts("failed"),
    )
