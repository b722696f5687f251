"""What every source parser returns: plain frozen values, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class FeedItem:
    """One entry of an RSS/Atom feed (or a news search feed)."""

    url: str
    title: str | None = None
    summary: str | None = None
    published: datetime | None = None  # aware UTC
    guid: str | None = None
    outlet: str | None = None
    content: str | None = None  # plain text of content:encoded / Atom <content>, when given


@dataclass(frozen=True)
class FeedPage:
    """A parsed feed: its items, plus whether the XML was broken (bozo) and why."""

    title: str | None
    items: tuple[FeedItem, ...]
    bozo: bool = False
    bozo_reason: str | None = None
    skipped: tuple[str, ...] = ()  # reasons for entries that could not be used (e.g. no link)


@dataclass(frozen=True)
class ArticlePage:
    """The readable part of an article page."""

    url: str
    canonical_url: str | None
    title: str | None
    text: str
    published: datetime | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class ReportEntry:
    """One report on a council's Ofsted provider page (``/provider/44/{URN}``)."""

    urn: str
    label: str  # the report type as Ofsted shows it, whitespace normalised
    inspection_type: str | None  # SPEC vocabulary, 'other' for unknown labels
    pdf_url: str
    page_url: str
    event_date: date | None = None  # p.timeline__date: the inspection/visit date
    published: date | None = None  # the 'Published' date


@dataclass(frozen=True)
class ProviderPage:
    """A parsed provider page."""

    urn: str
    name: str | None
    reports: tuple[ReportEntry, ...] = field(default_factory=tuple)
