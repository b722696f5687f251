"""Ofsted report PDFs -> ReportFacts: dates, judgements, area SEND outcome (pure, no I/O).

Text comes from **pypdf** (``page.extract_text()``, pages in order). pdfminer.six was measured
against it on the report PDFs the tests generate (``benchmarks/sources.py``): pypdf keeps each
row of the judgement table on one line in the order it was drawn, while pdfminer's layout
analysis moves a wrapped grade ("Requires improvement to be / good") below the *next* row's
label, which pairs grades with the wrong judgement; pypdf was also the faster of the two.

What is read, from the layout the reference describes (``../shared/reference``, section 1.4):

- ``Inspection dates:`` (also ``Visit dates:``, ``Dates of inspection:``) -> first and last
  day. Tolerates en/em dashes, "to", non-breaking and doubled spaces, a month or year given
  once ("14 to 25 September 2026", "19 November–30 November 2018") and digits split by a
  space ("1 4 to 25 ...").
- The judgement table: each known judgement label followed by its grade (the first grade
  between this label and the next). "Overall effectiveness" is the judgement; the others are
  ``sub_judgements`` keyed like the analyser's (``leadership``, ``help_and_protection``,
  ``children_in_care``, ``care_leavers``).
- Area SEND: the ``Inspection outcome`` section (up to ``Information about the local area
  partnership``) -> ``positive`` / ``inconsistent`` / ``systemic``.
- Visits (focused, monitoring, JTAI) and area SEND carry no grade: ``judgement = "none"``; a
  letter that recalls an earlier grade is never read as a new one.
- A "Children's services inspection" label is an ILACS (standard or short: span of at most
  ``SHORT_ILACS_MAX_DAYS`` days is short) unless the text is a SIF report; a report filed
  under an unknown label is recognised as a visit from its first page when it says so.

What it gets wrong: a scanned report (no text layer) gives nothing (``ParseError``, the report
is kept with ``judgement = null``); a table whose grades are drawn before their labels would
pair them wrongly. Both are visible: the extracted text is stored with the report.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from dataclasses import dataclass, field
from datetime import date

from monitor.errors import ParseError, TooCostly
from monitor.sources.ofsted import month_number, normalise_space

log = logging.getLogger(__name__)

SHORT_ILACS_MAX_DAYS = 7
MAX_PAGES = 60  # reports are 10-30 pages; the facts are on the first pages anyway
UNGRADED_TYPES = frozenset({"focused_visit", "monitoring_visit", "jtai", "area_send"})

_DATES_LINE = re.compile(
    r"(?:inspection dates?|visit dates?|dates? of (?:the )?(?:inspection|visit)|"
    r"inspection took place)\s*[:\-–]?\s*(.{4,90}?\b(?:19|20)\d{2}\b"
    r"(?:\s*(?:[-–—]|to\b|and\b)\s*[^\n]{0,30}?\b(?:19|20)\d{2}\b)?)",
    re.IGNORECASE,
)
_RANGE_SPLIT = re.compile(r"\s*(?:[-–—‒―]|\bto\b|\band\b|\buntil\b)\s*", re.IGNORECASE)
_FULL = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+((?:19|20)\d{2})")
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?$")
_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?$")
_SPLIT_DIGITS = re.compile(r"(?<![\d])(\d) (\d)(?![\d])")

_GRADE = re.compile(
    r"requires\s+improvement(?:\s+to\s+be\s+good)?|outstanding|inadequate|good|adequate",
    re.IGNORECASE,
)
# (regex of a judgement label, key); the overall judgement is None
_LABELS: tuple[tuple[re.Pattern[str], str | None], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), key)
    for pattern, key in (
        (r"overall\s+effectiveness", None),
        (r"impact\s+of\s+leaders\s+on\s+social\s+work\s+practice", "leadership"),
        (r"leadership,?\s+management\s+and\s+governance", "leadership"),
        (r"children\s+who\s+need\s+help\s+and\s+protection", "help_and_protection"),
        (r"progress\s+of\s+children\s+in\s+care\s+and\s+care\s+leavers", "children_in_care"),
        (r"progress\s+of\s+children\s+in\s+care(?!\s+and)", "children_in_care"),
        (r"children\s+looked\s+after\s+and\s+achieving\s+permanence", "children_in_care"),
        (r"progress\s+of\s+care\s+leavers", "care_leavers"),
        (r"adoption\s+performance", "adoption"),
    )
)
_LABEL_WINDOW = 160  # a grade further than this past its label belongs to the prose
_SEND_SECTION = re.compile(
    r"inspection\s+outcome(.*?)(?:information\s+about\s+the\s+local\s+area\s+partnership|$)",
    re.IGNORECASE | re.DOTALL,
)
_SEND_OUTCOMES = (
    (re.compile(r"widespread\s+and/or\s+systemic\s+failings", re.I), "systemic"),
    (re.compile(r"inconsistent\s+experiences\s+and\s+outcomes", re.I), "inconsistent"),
    (re.compile(r"typically\s+lead\s+to\s+positive\s+experiences", re.I), "positive"),
)
_SIF = re.compile(
    r"inspection\s+of\s+services\s+for\s+children\s+in\s+need\s+of\s+help\s+and\s+protection,?"
    r"\s+children\s+looked\s+after",
    re.IGNORECASE,
)
_VISIT_WORDS = (
    (re.compile(r"\bfocused\s+visit\b", re.I), "focused_visit"),
    (re.compile(r"\bmonitoring\s+visit\b", re.I), "monitoring_visit"),
    (re.compile(r"\bjoint\s+targeted\s+area\s+inspection\b", re.I), "jtai"),
    (re.compile(r"\barea\s+send\s+inspection\b", re.I), "area_send"),
)
_FIRST_PAGE_CHARS = 1500


@dataclass(frozen=True)
class ReportFacts:
    """What a report PDF says; unknowns are None, never guessed."""

    sha256: str
    text: str
    inspection_type: str | None
    inspection_start: date | None = None
    inspection_end: date | None = None
    judgement: str | None = None
    sub_judgements: dict[str, str] = field(default_factory=dict)
    send_outcome: str | None = None


def pdf_text(content: bytes, *, url: str | None = None) -> str:
    """The text of a PDF, pages joined by blank lines; ParseError when it is not a PDF.

    pypdf is the boundary to hostile bytes, and what it raises on them is many-sided and
    undocumented (fuzzing found NotImplementedError, IndexError, RecursionError, ... besides
    its own PyPdfError): any exception from it is a ParseError with the cause chained. A page
    whose text cannot be extracted is left out; when no page gives text the PDF is refused.
    Time is not bounded here: :func:`monitor.sources.pdf_worker.read_report_bounded` is.
    """
    if not content or b"%PDF-" not in content[:1024]:
        raise ParseError("not a PDF (no %PDF- header)", url=url)
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        pages = list(reader.pages[:MAX_PAGES])
    except MemoryError as exc:
        raise TooCostly("the PDF needs more memory than allowed", limit="memory", url=url) from exc
    except Exception as exc:  # pypdf on hostile bytes: see the docstring
        raise ParseError(f"unreadable PDF ({type(exc).__name__})", url=url) from exc
    texts: list[str] = []
    failure: Exception | None = None
    for page in pages:
        try:
            texts.append((page.extract_text() or "").strip())
        except MemoryError as exc:
            raise TooCostly(
                "the PDF needs more memory than allowed", limit="memory", url=url
            ) from exc
        except Exception as exc:  # one broken page does not lose the others
            failure = failure or exc
    text = "\n\n".join(t for t in texts if t)
    if not text and failure is not None:
        raise ParseError(f"unreadable PDF ({type(failure).__name__})", url=url) from failure
    if not text:
        raise ParseError("the PDF has no text layer (scanned?)", url=url)
    return text


def read_report(
    content: bytes, *, inspection_type: str | None, url: str | None = None
) -> ReportFacts:
    """Download -> facts: text extraction plus :func:`facts_from_text`."""
    text = pdf_text(content, url=url)
    return facts_from_text(
        text, inspection_type=inspection_type, sha256=hashlib.sha256(content).hexdigest()
    )


def facts_from_text(text: str, *, inspection_type: str | None, sha256: str = "") -> ReportFacts:
    """The facts in a report's text, given the type its provider-page label gave."""
    flat = normalise_space(text.replace("\u00ad", ""))
    start, end = inspection_span(flat)
    itype = refine_type(inspection_type, flat, start, end)
    judgement: str | None = None
    subs: dict[str, str] = {}
    send_outcome = None
    if itype == "area_send":
        send_outcome = area_send_outcome(flat)
    if itype in UNGRADED_TYPES:
        judgement = "none"
    else:
        judgement, subs = judgement_table(flat)
    return ReportFacts(
        sha256=sha256,
        text=text,
        inspection_type=itype,
        inspection_start=start,
        inspection_end=end,
        judgement=judgement,
        sub_judgements=subs,
        send_outcome=send_outcome,
    )


def refine_type(
    label_type: str | None, flat: str, start: date | None, end: date | None
) -> str | None:
    """Short vs standard ILACS from the span; SIF and visits recognised from the text."""
    head = flat[:_FIRST_PAGE_CHARS]
    if label_type in (None, "other"):
        for pattern, kind in _VISIT_WORDS:
            if pattern.search(head):
                return kind
        return label_type
    if label_type in ("ilacs_full", "ilacs_short"):
        if _SIF.search(head):
            return "sif"
        if start and end:
            return ilacs_kind(start, end)
    return label_type


def ilacs_kind(start: date, end: date) -> str:
    """A span of at most SHORT_ILACS_MAX_DAYS days is a short inspection, else standard."""
    return "ilacs_short" if (end - start).days <= SHORT_ILACS_MAX_DAYS else "ilacs_full"


def inspection_span(flat: str) -> tuple[date | None, date | None]:
    """First and last day from the 'Inspection dates:' line (None, None when absent)."""
    match = _DATES_LINE.search(flat)
    if not match:
        return None, None
    return parse_date_range(match[1])


def parse_date_range(text: str) -> tuple[date | None, date | None]:
    """'14–25 September 2026', '28 September to 9 October 2026', '19 November–30 November
    2018', '30 November 2026 - 4 December 2026', '1 4 to 25 May 2026' -> (first, last)."""
    cleaned = _SPLIT_DIGITS.sub(r"\1\2", normalise_space(text))
    parts = [p.strip(" ,.") for p in _RANGE_SPLIT.split(cleaned) if p.strip(" ,.")]
    if not parts:
        return None, None
    last_match = None
    for part in reversed(parts):
        last_match = _FULL.search(part)
        if last_match:
            break
    if last_match is None:
        return None, None
    end = _date(int(last_match[1]), month_number(last_match[2]), int(last_match[3]))
    if end is None:
        return None, None
    first = parts[0]
    if (full := _FULL.search(first)) is not None:
        start = _date(int(full[1]), month_number(full[2]), int(full[3]))
    elif (day_month := _DAY_MONTH.search(first)) is not None:
        start = _date(int(day_month[1]), month_number(day_month[2]), end.year)
    elif (day := _DAY.search(first)) is not None:
        start = _date(int(day[1]), end.month, end.year)
    else:
        start = None
    if start is not None and start > end:
        # "28 December to 8 January 2027": the start is in the year before
        start = _date(start.day, start.month, start.year - 1)
    return start or end, end


def _date(day: int, month: int | None, year: int) -> date | None:
    if month is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def grade_of(text: str) -> str | None:
    """'Requires improvement to be good' -> 'requires_improvement' etc."""
    match = _GRADE.search(text)
    if not match:
        return None
    word = match[0].lower()
    if word.startswith("requires"):
        return "requires_improvement"
    return word


def judgement_table(flat: str) -> tuple[str | None, dict[str, str]]:
    """(overall judgement, sub-judgements) from the label -> grade pairs of the table."""
    hits: list[tuple[int, int, str | None]] = []
    for pattern, key in _LABELS:
        for match in pattern.finditer(flat):
            hits.append((match.start(), match.end(), key))
    hits.sort()
    overall: str | None = None
    subs: dict[str, str] = {}
    for index, (_start, end, key) in enumerate(hits):
        stop = hits[index + 1][0] if index + 1 < len(hits) else len(flat)
        window = flat[end : min(stop, end + _LABEL_WINDOW)]
        grade = _GRADE.search(window)
        if grade is None or grade.start() > 60:
            continue  # prose mentioning the label, not a table row
        value = grade_of(grade[0])
        if value is None:
            continue
        if key is None:
            overall = overall or value
        else:
            subs.setdefault(key, value)
    return overall, subs


def area_send_outcome(flat: str) -> str | None:
    """'positive', 'inconsistent' or 'systemic' from the Inspection outcome section."""
    for section in _SEND_SECTION.finditer(flat):
        for pattern, outcome in _SEND_OUTCOMES:
            if pattern.search(section[1]):
                return outcome
    return None
