"""Ofsted provider pages on reports.ofsted.gov.uk: ``/provider/44/{URN}`` -> ProviderPage.

A council's page lists its reports as a timeline, newest first::

    li.timeline__day
      p.timeline__date > time                 the inspection or visit date
      a.publication-link[href=PDF]            "<Report type>" + span.nonvisual
                                              "<Report type>, PDF - <DD Month YYYY>"
      "Published <time>DD Month YYYY</time>"

``li.timeline__day--registered`` (the registration date) carries no report and is skipped.
Labels map to the SPEC's ``inspection_type`` vocabulary with :func:`inspection_type_for_label`;
"Children's services inspection" is filed as ``ilacs_full`` because short and standard
inspections share the label (only the PDF's inspection span tells them apart). Dates are read
from a ``<time datetime>`` attribute when it holds an ISO date, else from the text, which
tolerates en/em dashes, non-breaking and doubled spaces and ranges ("18–29 November 2024"
gives the first day).

A page served with status 200 that is really an error ("Slim Application Error", "Page not
found", no provider heading) raises :class:`~monitor.errors.ParseError`; a real page with no
reports yet gives an empty ``reports`` tuple.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag

from monitor.errors import ParseError
from monitor.sources.base import ProviderPage, ReportEntry

log = logging.getLogger(__name__)

PROVIDER_CATEGORY_LA = 44
MAX_REPORT_LINKS = 500  # a council has a few dozen reports; a page with more is hostile
_FILE_LINK = re.compile(r"files(?:\.api)?\.ofsted\.gov\.uk/|/v1/file/\d+|\.pdf(?:$|\?)", re.I)

_ERROR_MARKERS = (
    "slim application error",
    "a website error has occurred",
    "page not found",
    "sorry, there is a problem with the service",
    "service unavailable",
    "too many requests",
    "access denied",
    "request rejected",
    "just a moment",
)
_SPACES = re.compile(r"\s+")
_DASHES = re.compile(r"\s*[-–—‒―]\s*")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})")
_DAY_MONTH = re.compile(r"(\d{1,2})\s+([A-Za-z]{3,9})\.?$")
_DAY_ONLY = re.compile(r"(\d{1,2})$")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_PDF_SUFFIX = re.compile(r",?\s*PDF\s*(?:[-–—‒―].*)?$", re.IGNORECASE)
MONTHS = {  # month names and abbreviations -> 1-12 (also used by benchmarks/replay_eval.py)
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}


def provider_url(base_url: str, urn: str) -> str:
    """The provider page of a local authority's children's services."""
    return f"{base_url.rstrip('/')}/provider/{PROVIDER_CATEGORY_LA}/{urn.strip()}"


def normalise_space(text: str) -> str:
    """Collapse runs of whitespace (including non-breaking spaces) to one space and trim."""
    return _SPACES.sub(" ", text.replace("\xa0", " ")).strip()


def inspection_type_for_label(label: str) -> str:
    """Map an Ofsted report label to the SPEC's ``inspection_type``; unknown labels -> 'other'."""
    text = normalise_space(label).lower().replace("’", "'")
    if "focused visit" in text:
        return "focused_visit"
    if "area send" in text or re.search(r"\bsend\b", text):
        return "area_send"
    if "monitoring visit" in text or "monitoring inspection" in text:
        return "monitoring_visit"
    if "joint area child protection" in text or "joint targeted area" in text or "jtai" in text:
        return "jtai"
    if "children's services inspection" in text:
        return "ilacs_full"
    return "other"


def parse_date(text: str | None) -> date | None:
    """'18 November 2024', '18–29 November 2024', '18 November – 2 December 2024' -> first day."""
    if not text:
        return None
    cleaned = normalise_space(text)
    iso = _ISO_DATE.fullmatch(cleaned)
    if iso:
        return _make_date(int(iso[3]), int(iso[2]), int(iso[1]))
    parts = [p for p in _DASHES.split(cleaned) if p]
    if not parts:
        return None
    last = _DAY_MONTH_YEAR.search(parts[-1])
    if last is None:
        return None
    month, year = MONTHS.get(last[2].lower()), int(last[3])
    first = parts[0] if len(parts) > 1 else parts[-1]
    full = _DAY_MONTH_YEAR.search(first)
    if full:
        return _make_date(int(full[1]), MONTHS.get(full[2].lower()), int(full[3]))
    day_month = _DAY_MONTH.search(first)
    if day_month:
        return _make_date(int(day_month[1]), MONTHS.get(day_month[2].lower()), year)
    day_only = _DAY_ONLY.search(first)
    if day_only:
        return _make_date(int(day_only[1]), month, year)
    return _make_date(int(last[1]), month, year)


def month_number(name: str) -> int | None:
    """'September', 'Sept', 'sep' -> 9; None for anything else."""
    return MONTHS.get(name.lower().rstrip("."))


def _make_date(day: int, month: int | None, year: int) -> date | None:
    if month is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _time_date(node: Tag | None) -> date | None:
    """A date from a ``<time>`` (its ISO ``datetime`` attribute first) or from plain text."""
    if node is None:
        return None
    time = node if node.name == "time" else node.find("time")
    if isinstance(time, Tag):
        attr = time.get("datetime")
        if isinstance(attr, str):
            iso = _ISO_DATE.match(attr.strip())
            if iso:
                found = _make_date(int(iso[3]), int(iso[2]), int(iso[1]))
                if found:
                    return found
        return parse_date(time.get_text(" "))
    return parse_date(node.get_text(" "))


def soup_of(content: bytes | str) -> BeautifulSoup:
    """lxml-parsed markup; bytes whose declared charset lxml rejects are decoded here first."""
    try:
        return BeautifulSoup(content, "lxml")
    except ValueError:  # a <meta charset> holding control characters: lxml refuses the name
        if isinstance(content, str):
            raise
        from monitor.text import decode

        return BeautifulSoup(decode(content).text, "lxml")


def _check_is_provider_page(soup: BeautifulSoup, url: str) -> Tag:
    """Return the provider heading, or raise ParseError for an error page served with 200."""
    title = normalise_space(soup.title.get_text()) if soup.title else ""
    heading = soup.find("h1")
    heading_text = normalise_space(heading.get_text(" ")) if isinstance(heading, Tag) else ""
    for marker in _ERROR_MARKERS:
        if marker in title.lower() or marker in heading_text.lower():
            raise ParseError(f"Ofsted returned an error page ({marker!r})", url=url)
    if not isinstance(heading, Tag) or not heading_text:
        raise ParseError("not an Ofsted provider page: no provider heading", url=url)
    return heading


def _label(link: Tag) -> str:
    """The report type: the link's visible text, else the nonvisual text before ', PDF'."""
    hidden = link.find("span", class_="nonvisual")
    visible = "".join(
        str(child) if isinstance(child, str) else child.get_text(" ")
        for child in link.children
        if child is not hidden
    )
    label = normalise_space(visible)
    if not label and isinstance(hidden, Tag):
        label = normalise_space(_PDF_SUFFIX.sub("", normalise_space(hidden.get_text(" "))))
    return label


def _nonvisual_date(link: Tag) -> date | None:
    hidden = link.find("span", class_="nonvisual")
    if not isinstance(hidden, Tag):
        return None
    text = normalise_space(hidden.get_text(" "))
    match = re.search(r"PDF\s*[-–—‒―]?\s*(.+)$", text, re.IGNORECASE)
    return parse_date(match[1]) if match else None


def _published_date(day: Tag) -> date | None:
    for node in day.find_all(string=re.compile(r"Published", re.IGNORECASE)):
        parent = node.parent
        if isinstance(parent, Tag):
            time = parent.find("time")
            if isinstance(time, Tag):
                return _time_date(time)
            found = parse_date(re.sub(r"(?i).*published", "", normalise_space(parent.get_text())))
            if found:
                return found
    return None


def _entry(day: Tag, link: Tag, *, url: str, urn: str) -> ReportEntry | None:
    href = link.get("href")
    if not isinstance(href, str) or not href.strip():
        return None
    try:
        pdf_url = urljoin(url, href.strip())
    except ValueError:  # "http://[::1/x.pdf": not a URL we could fetch
        return None
    label = _label(link)
    date_node = day.find(class_="timeline__date")
    return ReportEntry(
        urn=urn,
        label=label,
        inspection_type=inspection_type_for_label(label),
        pdf_url=pdf_url,
        page_url=url,
        event_date=_time_date(date_node) if isinstance(date_node, Tag) else None,
        published=_published_date(day) or _nonvisual_date(link),
    )


def _entries(soup: BeautifulSoup, *, url: str, urn: str) -> tuple[ReportEntry, ...]:
    entries: list[ReportEntry] = []
    seen: set[str] = set()
    for day, link in _report_links(soup):
        entry = _entry(day, link, url=url, urn=urn)
        if entry is not None and entry.pdf_url not in seen:
            seen.add(entry.pdf_url)
            entries.append(entry)
    return tuple(entries)


def _report_links(soup: BeautifulSoup) -> list[tuple[Tag, Tag]]:
    """(timeline entry, report link) pairs; tolerant of a renamed timeline or link class.

    The documented markup is ``li.timeline__day`` > ``a.publication-link``. When that finds
    nothing, any ``a.publication-link`` or link to Ofsted's file service is taken with its
    closest ``li`` (or parent) as the entry, and a warning is logged: the page changed.
    """
    # each link with its closest timeline entry (a page of nested entries stays linear)
    pairs = [
        (day, link)
        for link in soup.select("li.timeline__day a.publication-link", limit=MAX_REPORT_LINKS)
        if isinstance(day := link.find_parent("li", class_="timeline__day"), Tag)
    ]
    if pairs:
        return pairs
    links = (
        soup.select("a.publication-link", limit=MAX_REPORT_LINKS)
        or [
            a
            for a in soup.find_all("a", href=True)
            if isinstance(a, Tag) and _FILE_LINK.search(str(a.get("href", "")))
        ][:MAX_REPORT_LINKS]
    )
    for link in links:
        day = link.find_parent("li") or link.parent
        if isinstance(day, Tag):
            pairs.append((day, link))
    if pairs:
        log.warning("provider page: reports found only by the fallback selector (layout changed?)")
    return pairs


def _has_timeline(soup: BeautifulSoup) -> bool:
    return bool(soup.select(".timeline, .timeline__day, .event-summary"))


def parse_provider_page(content: bytes | str, *, url: str, urn: str) -> ProviderPage:
    """Parse a council's provider page: its name and its reports, newest first."""
    if not content or not content.strip():
        raise ParseError("empty provider page", url=url)
    soup = soup_of(content)
    heading = _check_is_provider_page(soup, url)
    reports = _entries(soup, url=url, urn=urn)
    if not reports and not _has_timeline(soup):
        raise ParseError("provider page has no report timeline: layout changed?", url=url)
    return ProviderPage(urn=urn, name=normalise_space(heading.get_text(" ")), reports=reports)
