"""Why an item or a request was skipped: one vocabulary for the run summary and the metrics.

Each :class:`Skip` is a fixed reason whose value is the metrics label
(``monitor_items_skipped_total{reason}``); :class:`Skipped` is what the cycle counts: a string
(the words the summary prints, sometimes with a detail such as the parser's message) that
carries its :class:`Skip`, so the metrics never map English back to a label.
"""

from __future__ import annotations

from enum import StrEnum


class Skip(StrEnum):
    DEFERRED = "deferred"
    FEED_XML_BROKEN = "feed_xml_broken"
    NO_LINK = "no_link"
    ARTICLE_PAGE_FAILED = "article_page_failed"
    ADDRESS_REFUSED = "address_refused"
    NOT_RELEVANT = "not_relevant"
    COUNCIL_NOT_TRACKED = "council_not_tracked"
    BUDGET_SPENT = "budget_spent"
    PDF_BUDGET_SPENT = "pdf_budget_spent"
    PDF_FAILED = "pdf_failed"
    DISCOVERY_FAILED = "discovery_failed"
    DISCOVERY_MISMATCH = "discovery_mismatch"
    NO_URN = "no_urn"
    GOVUK_NOT_LA = "govuk_not_la"
    GOVUK_CONTENT_FAILED = "govuk_content_failed"
    NOT_A_FEED = "not_a_feed"
    OTHER = "other"


TEXT: dict[Skip, str] = {
    Skip.DEFERRED: "deferred: the server asked us to wait (Retry-After)",
    Skip.FEED_XML_BROKEN: "feed XML broken (good items kept)",
    Skip.NO_LINK: "feed item without a link",
    Skip.ARTICLE_PAGE_FAILED: "article page failed (classified on the feed summary)",
    Skip.ADDRESS_REFUSED: "article link refused: private address (classified on the summary)",
    Skip.NOT_RELEVANT: "not about an inspection of children's services",
    Skip.COUNCIL_NOT_TRACKED: "relevant, council not tracked",
    Skip.BUDGET_SPENT: "request budget spent (the rest next cycle)",
    Skip.PDF_BUDGET_SPENT: "report PDFs left for the next cycle (budget)",
    Skip.PDF_FAILED: "report PDF failed (report kept, retried later)",
    Skip.DISCOVERY_FAILED: "discovery: Ofsted's listing could not be read",
    Skip.DISCOVERY_MISMATCH: "discovery: the listing differs from the reference data",
    Skip.NO_URN: "council has no Ofsted URN",
    Skip.GOVUK_NOT_LA: "GOV.UK: not about local authority children's services",
    Skip.GOVUK_CONTENT_FAILED: "GOV.UK content API failed (description used)",
    Skip.NOT_A_FEED: "not a feed",
    Skip.OTHER: "other",
}


class Skipped(str):
    """A counted skip: the summary's words (``str``) and its :class:`Skip` (``kind``)."""

    kind: Skip

    def __new__(cls, kind: Skip, detail: str | None = None) -> Skipped:
        obj = super().__new__(cls, detail or TEXT[kind])
        obj.kind = kind
        return obj


def kind_of(reason: str) -> Skip:
    """The :class:`Skip` of a counted reason (plain strings are ``other``)."""
    return getattr(reason, "kind", Skip.OTHER)
