"""Crawling Ofsted's reports site, in one place for the cycle, ``backfill`` and ``reconcile``.

- **Pacing** (:func:`ofsted_pacer`): the ``ofsted`` source's least delay per Ofsted host
  (none under replay) and, for the cycle, its request budget.
- **Listing** (:func:`fetch_listing`): Ofsted's search listing of every local authority,
  page by page; a listing that shows none is a layout change, never "every council gone".
- **Provider pages** (:func:`read_provider_page`): a council's report timeline, with the
  layout guard: an error page, or a page listing no reports where some are stored, is a
  ``ParseError`` and never "reports removed".
- **Report PDFs** (:func:`read_pdf`): fetched, read in a bounded child process
  (:mod:`monitor.sources.pdf_worker`), and the facts (or the failure, retried later) stored on
  the report.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from monitor import clock
from monitor.config import Settings, SourceSettings
from monitor.errors import ParseError, SourceError
from monitor.fetch import Fetcher
from monitor.ingest import PdfDue, record_pdf, record_pdf_failure
from monitor.sources.base import ProviderPage
from monitor.sources.listing import (
    LISTING_MAX_PAGES,
    LISTING_ROWS,
    ListedProvider,
    listing_url,
    parse_listing,
)
from monitor.sources.ofsted import inspection_type_for_label, parse_provider_page
from monitor.sources.pdf_worker import aread_report_bounded
from monitor.sources.polite import DEFAULT_OFSTED_BUDGET, DEFAULT_OFSTED_DELAY_S, Pacer
from monitor.store import Store

log = logging.getLogger(__name__)

DEFAULT_BASE = "https://reports.ofsted.gov.uk"


def ofsted_source(settings: Settings) -> SourceSettings | None:
    return next((s for s in settings.sources if s.kind == "ofsted"), None)


def ofsted_base(settings: Settings) -> str:
    source = ofsted_source(settings)
    return source.location.rstrip("/") if source is not None else DEFAULT_BASE


def ofsted_pacer(
    settings: Settings,
    fetcher: Fetcher,
    source: SourceSettings | None = None,
    *,
    budget: bool = True,
) -> Pacer:
    """The least delay per Ofsted host (``request_delay``; none under replay) and, for the
    cycle, the request budget (``max_requests``); backfill and reconcile are asked for, so
    they have no budget."""
    source = source or ofsted_source(settings)
    delay = source.request_delay if source is not None else None
    if delay is None:
        delay = 0.0 if settings.replay_dir is not None else DEFAULT_OFSTED_DELAY_S
    limit = None
    if budget:
        limit = (source.max_requests if source is not None else None) or DEFAULT_OFSTED_BUDGET
    return Pacer(getattr(fetcher, "gate", None), delay_s=delay, budget=limit)


async def fetch_listing(fetcher: Fetcher, base: str, pacer: Pacer) -> list[ListedProvider]:
    """Every authority on Ofsted's listing (ParseError when it shows none)."""
    listed: list[ListedProvider] = []
    for page_no in range(LISTING_MAX_PAGES):
        url = listing_url(base, start=page_no * LISTING_ROWS)
        pacer.before(url)
        result = await fetcher.get(url)
        page = parse_listing(result.content, url=result.url)
        listed.extend(page)
        if len(page) < LISTING_ROWS:
            break
    if not listed:
        raise ParseError(
            "Ofsted's listing shows no local authority: layout changed?",
            url=listing_url(base, start=0),
        )
    return listed


def read_provider_page(content: bytes, *, url: str, urn: str, stored: int) -> ProviderPage:
    """A provider page's reports, behind the layout guard (``stored``: reports we hold)."""
    page = parse_provider_page(content, url=url, urn=urn)
    if stored and not page.reports:
        raise ParseError(
            f"provider page lists no reports where {stored} were stored: layout changed?",
            url=url,
        )
    return page


async def read_pdf(
    store: Store,
    fetcher: Fetcher,
    due: PdfDue,
    *,
    lock: contextlib.AbstractContextManager[Any] | None = None,
) -> bool:
    """One report PDF: its facts stored (under ``lock``: the cycle's writer's, see
    :mod:`monitor.writer`), or the failure recorded for a later retry."""
    now = clock.now()
    try:
        result = await fetcher.get(due.pdf_url, accept="application/pdf")
        # in a child process with a time and memory bound: a hostile PDF never hangs the cycle
        facts = await aread_report_bounded(
            result.content, inspection_type=inspection_type_for_label(due.label), url=result.url
        )
    except SourceError as exc:
        retry_at = record_pdf_failure(store, due.report_id, str(exc), now)
        log.warning(
            "report pdf failed url=%s error=%s retry_at=%s",
            due.pdf_url,
            exc,
            retry_at.isoformat(),
        )
        return False
    with lock or contextlib.nullcontext():
        record_pdf(store, due.report_id, facts, now)
    log.info(
        "report pdf read url=%s judgement=%s type=%s",
        due.pdf_url,
        facts.judgement,
        facts.inspection_type,
    )
    return True
