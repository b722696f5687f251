"""Atom feeds (RFC 4287) of stories: all, per council, region, inspection type and judgement.

``/feeds/all.atom``, ``/feeds/council/E06000010.atom``, ``/feeds/region/north-west.atom``,
``/feeds/type/focused_visit.atom``, ``/feeds/judgement/inadequate.atom``. Each holds the
``FEED_ENTRIES`` newest stories. An entry's ``id`` is a ``tag:`` URI built from the story's event
id (the webhook's ``id``), so it never changes; its ``updated`` is the latest of the story's
creation, its report's arrival and its newest coverage, so a feed reader sees an entry change
when coverage is added. Every entry carries the judgement (a ``category`` and the title), the
report's link (``rel="alternate"``) and the council page (``rel="related"``).

:func:`feed_entries` reads (three bounded queries); :func:`validators` gives the ETag and
Last-Modified of those entries without rendering; :func:`render` writes the XML (pure).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from html import escape
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree as ET

from sqlalchemy import func, select

from monitor.alerts.payload import inspection_type_label, judgement_label, send_outcome_label
from monitor.councils import gazetteer
from monitor.inspections import INSPECTION_TYPES, JUDGEMENTS
from monitor.models import Article, ArticleStory, Report, Story
from monitor.store import Store, aware
from monitor.web.pages import NotFound, ranked_coverage, safe_href

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml"
FEED_ENTRIES = 50
ENTRY_COVERAGE = 10
TAG_PREFIX = "tag:ofsted-monitor,2025:"
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_S = Story.__table__.c  # type: ignore[attr-defined]
_R = Report.__table__.c  # type: ignore[attr-defined]
_A = Article.__table__.c  # type: ignore[attr-defined]
_AS = ArticleStory.__table__.c  # type: ignore[attr-defined]


@dataclass(frozen=True)
class FeedSpec:
    """Which stories a feed holds, and what it is called."""

    path: str  # e.g. "council/E06000010" (no extension)
    title: str
    ons_codes: tuple[str, ...] | None = None
    inspection_type: str | None = None
    judgement: str | None = None


@dataclass
class Entry:
    story_id: int
    event_id: str
    council: str
    ons_code: str
    inspection_type: str | None
    judgement: str | None
    published: date | None
    updated: datetime
    report_url: str | None = None
    send_outcome: str | None = None
    coverage: list[dict[str, Any]] = field(default_factory=list)
    coverage_count: int = 0


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def feed_spec(path: str) -> FeedSpec:
    """The feed at ``/feeds/{path}.atom``; NotFound for anything else."""
    kind, _, key = path.partition("/")
    gaz = gazetteer()
    if path == "all":
        return FeedSpec("all", "Ofsted children's services: every council")
    if kind == "council" and key:
        council = gaz.lookup(key)
        if council is not None:
            return FeedSpec(f"council/{council.ons_code}", council.name, (council.ons_code,))
        former = gaz.former_authority(key)
        if former is not None and former.ons_code:
            return FeedSpec(f"council/{former.ons_code}", former.name, (former.ons_code,))
    if kind == "region" and key:
        regions = {slug(c.region): c.region for c in gaz.councils}
        if key in regions:
            codes = tuple(c.ons_code for c in gaz.councils if c.region == regions[key])
            return FeedSpec(f"region/{key}", f"{regions[key]} councils", codes)
    if kind == "type" and key in INSPECTION_TYPES:
        label = inspection_type_label(key) or key
        return FeedSpec(f"type/{key}", f"Every {label}", inspection_type=key)
    if kind == "judgement" and key in JUDGEMENTS:
        label = judgement_label(key) or key
        return FeedSpec(f"judgement/{key}", f"Judged {label}", judgement=key)
    raise NotFound(f"no feed {path!r}: see /feeds for the list")


def feed_index() -> list[tuple[str, str]]:
    """Every feed's (path, title) for the feeds page: all, regions, types, judgements."""
    gaz = gazetteer()
    out = [("all", "Every council")]
    out += [(f"region/{slug(r)}", r) for r in sorted({c.region for c in gaz.councils})]
    out += [(f"type/{t}", inspection_type_label(t) or t) for t in INSPECTION_TYPES]
    out += [(f"judgement/{j}", judgement_label(j) or j) for j in JUDGEMENTS]
    return out


# -- reading ----------------------------------------------------------------------------------
def feed_entries(store: Store, spec: FeedSpec, limit: int = FEED_ENTRIES) -> list[Entry]:
    """The feed's newest stories, each with its report link and its latest coverage."""
    statement = (
        select(*_S, _R.url.label("page_url"), _R.pdf_url, _R.seen_at, _R.send_outcome, _R.source)
        .select_from(Story.__table__.outerjoin(Report.__table__, _R.id == _S.report_id))  # type: ignore[attr-defined]
        .order_by(_S.published.desc().nulls_last(), _S.id.desc())
        .limit(limit)
    )
    if spec.ons_codes is not None:
        statement = statement.where(_S.ons_code.in_(list(spec.ons_codes)))
    if spec.inspection_type:
        statement = statement.where(_S.inspection_type == spec.inspection_type)
    if spec.judgement:
        statement = statement.where(_S.judgement == spec.judgement)
    entries: dict[int, Entry] = {}
    for row in store.stream(statement):
        url = row["page_url"] if row["source"] == "import" else (row["pdf_url"] or row["page_url"])
        times = [t for t in (aware(row["created_at"]), aware(row["seen_at"])) if t is not None]
        entries[row["id"]] = Entry(
            story_id=row["id"],
            event_id=row["event_id"],
            council=row["council"],
            ons_code=row["ons_code"],
            inspection_type=row["inspection_type"],
            judgement=row["judgement"],
            published=row["published"],
            updated=max(times) if times else EPOCH,
            report_url=safe_href(url),
            send_outcome=row["send_outcome"],
        )
    if not entries:
        return []
    ids = list(entries)
    counts = (
        select(_AS.story_id, func.count().label("n"), func.max(_A.fetched_at).label("newest"))
        .select_from(ArticleStory.__table__.join(Article.__table__, _A.id == _AS.article_id))  # type: ignore[attr-defined]
        .where(_AS.story_id.in_(ids))
        .group_by(_AS.story_id)
    )
    for row in store.stream(counts):
        entry = entries[row["story_id"]]
        entry.coverage_count = row["n"]
        newest = aware(row["newest"])
        if newest is not None and newest > entry.updated:
            entry.updated = newest
    ranked = ranked_coverage(ids)
    for row in store.stream(select(ranked).where(ranked.c.n <= ENTRY_COVERAGE)):
        entries[row["story_id"]].coverage.append(row)
    return list(entries.values())


def validators(spec: FeedSpec, entries: Sequence[Entry]) -> tuple[str, datetime]:
    """(ETag, Last-Modified) of a feed: they change whenever an entry appears or changes."""
    digest = hashlib.sha256(spec.path.encode())
    for e in entries:
        digest.update(f"|{e.story_id}:{e.updated.isoformat()}:{e.judgement}".encode())
    modified = max((e.updated for e in entries), default=EPOCH)
    return f'"{digest.hexdigest()[:32]}"', modified.replace(microsecond=0)


# -- writing (pure) ---------------------------------------------------------------------------
def entry_id(event_id: str) -> str:
    """A stable Atom id for an event: ``tag:ofsted-monitor,2025:event/{event id}``."""
    return TAG_PREFIX + "event/" + quote(event_id, safe=":-_.~")


def _text(value: Any) -> str:
    return _XML_ILLEGAL.sub("", str(value))


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def entry_title(entry: Entry) -> str:
    kind = inspection_type_label(entry.inspection_type) or "inspection"
    grade = judgement_label(entry.judgement)
    if entry.send_outcome:
        grade = send_outcome_label(entry.send_outcome)
    return f"{entry.council}: {grade} ({kind})" if grade else f"{entry.council}: {kind}"


def _content(entry: Entry, council_url: str) -> str:
    """The entry's HTML (escaped here; the XML writer escapes it once more, as Atom wants)."""
    parts = [f"<p>{escape(entry_title(entry))}</p>"]
    facts = []
    if entry.judgement:
        facts.append(f"Judgement: {escape(judgement_label(entry.judgement) or '')}")
    if entry.published:
        facts.append(f"Published: {entry.published.isoformat()}")
    if entry.report_url:
        facts.append(f'<a href="{escape(entry.report_url)}">The Ofsted report</a>')
    facts.append(f'<a href="{escape(council_url)}">{escape(entry.council)}: every inspection</a>')
    parts.append("<ul>" + "".join(f"<li>{f}</li>" for f in facts) + "</ul>")
    if entry.coverage:
        items = []
        for a in entry.coverage:
            title = escape(_text(a.get("title") or a.get("url") or "untitled"))
            href = safe_href(a.get("url"))
            outlet = f" ({escape(_text(a['outlet']))})" if a.get("outlet") else ""
            items.append(
                f'<li><a href="{escape(href)}">{title}</a>{outlet}</li>'
                if href
                else f"<li>{title}{outlet}</li>"
            )
        parts.append(f"<p>Coverage ({entry.coverage_count}):</p><ul>{''.join(items)}</ul>")
    return "".join(parts)


def render(spec: FeedSpec, entries: Sequence[Entry], base_url: str, now: datetime) -> bytes:
    """The Atom document. ``now`` is the feed's ``updated`` only when it has no entry."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            element.text = _text(text)
        return element

    base = base_url.rstrip("/")
    self_url = f"{base}/feeds/{spec.path}.atom"
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "id", TAG_PREFIX + "feed/" + spec.path)
    sub(feed, "title", f"{spec.title}: Ofsted inspections of children's services")
    updated = max((e.updated for e in entries), default=now)
    sub(feed, "updated", _stamp(updated))
    sub(feed, "link", rel="self", type=ATOM_TYPE, href=self_url)
    sub(feed, "link", rel="alternate", type="text/html", href=f"{base}/stories")
    author = sub(feed, "author")
    sub(author, "name", "ofsted-monitor")
    sub(feed, "generator", "ofsted-monitor")
    for e in entries:
        council_url = f"{base}/council/{e.ons_code}#story-{e.story_id}"
        entry = sub(feed, "entry")
        sub(entry, "id", entry_id(e.event_id))
        sub(entry, "title", entry_title(e))
        sub(entry, "updated", _stamp(e.updated))
        if e.published:
            sub(entry, "published", _stamp(datetime.combine(e.published, time(), UTC)))
        sub(entry, "link", rel="alternate", type="text/html", href=e.report_url or council_url)
        sub(entry, "link", rel="related", type="text/html", href=council_url)
        if e.judgement:
            sub(
                entry,
                "category",
                term=e.judgement,
                scheme=f"{base}/feeds/judgement",
                label=judgement_label(e.judgement) or e.judgement,
            )
        if e.inspection_type:
            sub(
                entry,
                "category",
                term=e.inspection_type,
                scheme=f"{base}/feeds/type",
                label=inspection_type_label(e.inspection_type) or e.inspection_type,
            )
        summary = entry_title(e) + (f", published {e.published.isoformat()}" if e.published else "")
        sub(entry, "summary", summary, type="text")
        sub(entry, "content", _content(e, council_url), type="html")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(
        feed, encoding="utf-8", xml_declaration=False
    )
