"""Ofsted report PDFs -> ReportFacts: type, dates, grades, area SEND outcome (pure, no I/O).

Text comes from **pypdf** (``page.extract_text()``, pages in order). pdfminer.six was measured
against it (``benchmarks/sources.py``): pypdf keeps each row of a judgement table on one line in
the order it was drawn, while pdfminer's layout analysis can move a grade away from its label
(on the pre-2013 "Record of main findings" table it prints all labels, then all grades); pypdf
was also the faster of the two.

The text is flattened (one line, see :func:`flatten`) so that wrapped titles, dates lines,
table rows and sentences read whole; then:

- the type (:func:`framework`): the document's own title first (SIF, re-inspection, ILACS,
  LSCB review, pre-2013 inspections, contact/referral/assessment letters and annual ratings of
  2009-2012, visit and JTAI letters, area SEND), then the era of the
  fieldwork, then the provider page's label; ILACS short or standard from the report's words
  or the days on site (:func:`ilacs_type`);
- the dates (``pdf_dates``): the labelled dates line in every written form, else a letter's
  opening prose; nothing guessed;
- the grades (``pdf_grades``): table rows, SIF headline sentences, the LSCB's grade, and the
  earlier grade the text recalls (``previous_judgement``, never this inspection's);
- area SEND: the ``Inspection outcome`` section -> ``positive`` / ``inconsistent`` /
  ``systemic``. Visits, JTAI and area SEND carry no grade (``judgement = "none"``).

What it gets wrong: a scanned report (no text layer) gives nothing (``ParseError``, the report
is kept with ``judgement = null``); a table whose grades are extracted apart from their labels
(other than every label, then every grade, which is paired in order) gives no sub-judgements.
Both are visible: the extracted text is stored with the report.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from dataclasses import dataclass, field
from datetime import date

from monitor.errors import ParseError, TooCostly
from monitor.sources.ofsted import normalise_space
from monitor.sources.pdf_dates import (
    NO_FIELDWORK,
    Fieldwork,
    dates_line,
    parse_date_range,
    parse_fieldwork,
    prose_dates,
    published_date,
)
from monitor.sources.pdf_grades import (
    annual_rating,
    grade_of,
    headline_judgement,
    judgement_table,
    lscb_judgement,
    previous_judgement,
)

__all__ = [
    "PARSER_VERSION",
    "ReportFacts",
    "facts_from_text",
    "grade_of",
    "ilacs_kind",
    "parse_date_range",
    "parse_fieldwork",
    "pdf_text",
    "read_report",
]

log = logging.getLogger(__name__)

# The version of the reading rules below. A report read by an older version is re-read by
# ``monitor backfill`` from its stored text/PDF: bump it whenever a change here could change
# the facts read from a report that was already stored.
PARSER_VERSION = 6

SHORT_ILACS_MAX_DAYS = 7  # first to last day of one part of fieldwork: one week on site
MAX_PAGES = 60  # reports are 10-50 pages; old frameworks put the grades on the last page
UNGRADED_TYPES = frozenset({"focused_visit", "monitoring_visit", "jtai", "area_send"})
# The frameworks' eras, by first day of fieldwork (used only when the text does not say)
SIF_FROM = date(2013, 11, 1)  # the first SIF fieldwork, November 2013
ILACS_FROM = date(2018, 1, 1)  # ILACS from January 2018 (SIF re-inspections ran to mid 2018)

_HEAD_CHARS = 2500  # page 1: title, dates line, table or headline
_SEND_SECTION = re.compile(
    r"inspection\s+outcome(.*?)(?:information\s+about\s+the\s+local\s+area\s+partnership|$)",
    re.IGNORECASE | re.DOTALL,
)
_SEND_OUTCOMES = (
    (re.compile(r"widespread\s+and/or\s+systemic\s+failings", re.I), "systemic"),
    (re.compile(r"inconsistent\s+experiences\s+and\s+outcomes", re.I), "inconsistent"),
    (re.compile(r"typically\s+lead\s+to\s+positive\s+experiences", re.I), "positive"),
)
# What the title says the document is (first page)
_SIF = re.compile(
    r"\b(?:re-?\s?inspection|inspection)\s+of\s+services\s+for\s+children\s+in\s+need\s+of\s+"
    r"help\s+and\s+protection,?\s+children\s+looked\s+after",
    re.IGNORECASE,
)
_ILACS = re.compile(
    r"\binspection\s+of\s+(?:children's\s+social\s+care\s+services|[^.]{0,60}?local\s+"
    r"authority\s+children's\s+services)",
    re.IGNORECASE,
)
_LSCB_REVIEW = re.compile(
    r"\breview\s+of\s+the\s+effectiveness\s+of\s+the\s+local\s+safeguarding\s+children\s+board",
    re.IGNORECASE,
)
_PRE_SIF = re.compile(
    r"\binspection\s+of\s+(?:safeguarding\s+and\s+looked\s+after\s+children|looked\s+after\s+"
    r"children|safeguarding)\s+services|\binspection\s+of\s+local\s+authority\s+arrangements\s+"
    r"for\s+the\s+protection\s+of\s+children"
    # the joint area reviews of children's services (2005-2009), led by Ofsted
    r"|\bjoint\s+area\s+review\b",
    re.IGNORECASE,
)
# 2009-2012 letters without an overall grade of the inspection's own scale
_UCRA = re.compile(
    r"\bunannounced\s+inspection\s+of\s+contact,?\s+referral\s+and\s+assessment", re.IGNORECASE
)
# the 2009-2011 annual rating letters ("Annual rating of council children's services for
# 2009", "Annual children's services assessment", "Children's services assessment 2010")
_ANNUAL = re.compile(
    r"\bannual\s+(?:children's\s+services\s+assessment|rating\s+of\s+(?:council\s+)?"
    r"children's\s+services)|\bchildren's\s+services\s+assessment\s+(?:for\s+)?20(?:09|10|11)\b",
    re.IGNORECASE,
)
# Letters' titles and opening sentences, read anywhere on page 1 (a letter addressed to six
# agencies puts its title well down the page) but only where they come before any report
# title (an ILACS report that recalls "the focused visit to X children's services" is still
# a report)
_JTAI_TITLE = re.compile(
    r"\bjoint\s+targeted\s+area\s+inspection\s+(?:\(jtai\)\s+)?(?:of|in)\b"
    r"|\bjoint\s+inspection\s+of\s+the\s+multi-agency\s+response\b",
    re.IGNORECASE,
)
_SEND_TITLE = re.compile(
    r"\b(?:joint\s+)?(?:local\s+)?area\s+send\s+(?:inspection|revisit)\s+(?:in|of)\b"
    r"|\bjoint\s+inspection\s+of\s+the\s+local\s+area\s+of\b"
    r"|\brevisited\s+the\s+(?:local\s+)?area\s+of\b",
    re.IGNORECASE,
)
_VISIT_TITLE = r"\s+visit\s+(?:to|of)\s+[^.]{1,80}?children's\s+(?:social\s+care\s+)?services\b"
_FOCUSED_TITLE = re.compile(r"\bfocused" + _VISIT_TITLE, re.IGNORECASE)
_MONITORING_TITLE = re.compile(r"\bmonitoring" + _VISIT_TITLE, re.IGNORECASE)
# the autumn 2020 assurance visits (ungraded letters between the paused inspections)
_ASSURANCE = re.compile(r"\bassurance\s+visit\b", re.IGNORECASE)
# a letter of any kind ("This letter summarises the findings of ..."): never an ILACS or SIF
# report because of its era
_A_LETTER = re.compile(r"\bthis\s+letter\s+(?:summarises|sets\s+out|outlines)\b", re.IGNORECASE)
_TITLES: tuple[tuple[re.Pattern[str], str], ...] = (
    (_ANNUAL, "annual_rating_2009"),
    (_UCRA, "ucra"),
    (_ASSURANCE, "assurance"),
    (_JTAI_TITLE, "jtai"),
    (_SEND_TITLE, "area_send"),
    (_FOCUSED_TITLE, "focused_visit"),
    (_MONITORING_TITLE, "monitoring_visit"),
    (_SIF, "sif"),
    (_LSCB_REVIEW, "lscb_review"),
    (_PRE_SIF, "pre_sif"),
    (_ILACS, "ilacs"),
)
_LETTERS = frozenset({"jtai", "area_send", "focused_visit", "monitoring_visit"})
_SHORT_WORDS = re.compile(r"\b(?:this|a)\s+short\s+inspection\b", re.IGNORECASE)
_STANDARD_WORDS = re.compile(r"\b(?:this|a)\s+standard\s+inspection\b", re.IGNORECASE)
# Letters: what they are, from their opening (title or first sentence)
_LETTER_KINDS = (
    (re.compile(r"\bfocused\s+visit\b", re.I), "focused_visit"),
    (re.compile(r"\bmonitoring\s+visit\b", re.I), "monitoring_visit"),
    (re.compile(r"\bjoint\s+targeted\s+area\s+inspection\b", re.I), "jtai"),
    (re.compile(r"\b(?:area|local\s+area)\s+send\s+(?:inspection|revisit)\b", re.I), "area_send"),
    (re.compile(r"\bjoint\s+local\s+area\s+send\s+inspection\b", re.I), "area_send"),
)
_LETTER_OPENING = re.compile(
    r"\bthis\s+letter\s+summarises\s+the\s+(?:findings|inspection\s+findings)\s+of\s+(?:the|a|an)\s+"
    r"([\w\s-]{3,40}?)\s+(?:to|of|in)\b",
    re.IGNORECASE,
)
_LETTER_TITLE_CHARS = 400


@dataclass(frozen=True)
class ReportFacts:
    """What a report PDF says; unknowns are None, never guessed.

    ``judgement`` is this inspection's grade (``none`` for a visit or area SEND report);
    ``previous_judgement`` an earlier overall grade of the same council that the text recalls;
    ``lscb_judgement`` the Local Safeguarding Children Board's grade (SIF reports combined with
    the LSCB review, and the stand-alone reviews); ``published`` only where the document says.
    """

    sha256: str
    text: str
    inspection_type: str | None
    inspection_start: date | None = None
    inspection_end: date | None = None
    judgement: str | None = None
    sub_judgements: dict[str, str] = field(default_factory=dict)
    send_outcome: str | None = None
    previous_judgement: str | None = None
    lscb_judgement: str | None = None
    published: date | None = None
    parser_version: int = PARSER_VERSION


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


# What text extraction gives on Ofsted's embedded fonts, read as the letters they stand for:
# ligature glyphs ("Overall e\ufb00ectiveness"), Unicode hyphens, curly apostrophes; soft
# hyphens dropped.
_GLYPHS = (
    ("\ufb00", "ff"),
    ("\ufb01", "fi"),
    ("\ufb02", "fl"),
    ("\ufb03", "ffi"),
    ("\ufb04", "ffl"),
    ("\ufb05", "st"),
    ("\ufb06", "st"),
    ("\u2010", "-"),
    ("\u2011", "-"),
    ("\u00ad", ""),
    ("\u2019", "'"),
    ("\u2018", "'"),
)


def flatten(text: str) -> str:
    """One line of text: ligatures spelt out, hyphens and apostrophes made plain, soft hyphens
    dropped, a line-end hyphen joined to the next line, spaces collapsed (so a sentence or a table
    row that wraps reads whole)."""
    for glyph, letters in _GLYPHS:
        if glyph in text:
            text = text.replace(glyph, letters)
    if "-\n" in text or "- \n" in text:
        text = _LINE_END_HYPHEN.sub(_join_hyphenated, text)
    return normalise_space(text)


# A line that ends in a hyphen: in Ofsted's reports nearly always a compound broken at its own
# hyphen ("multi-\nagency", "decision-\nmaking", "tri-\nborough"), which keeps the hyphen and
# loses the line break; a word the reader looks for that a PDF broke in two ("im-\nprovement",
# "in-\nadequate", "posi-\ntive", "Septem-\nber") is joined whole.
_LINE_END_HYPHEN = re.compile(r"-[ \t]*\r?\n[ \t]*(?=[A-Za-z])")  # a literal first: fast
_WORD_BEFORE = re.compile(r"[A-Za-z]+$")
_WORD_AFTER = re.compile(r"[A-Za-z]+")
_BROKEN_WORDS = frozenset(
    [
        "require",
        "requires",
        "required",
        "requiring",
        "improvement",
        "improve",
        "improved",
        "inadequate",
        "adequate",
        "outstanding",
        "effectiveness",
        "overall",
        "judgement",
        "judgements",
        "judged",
        "inspection",
        "inspected",
        "inspections",
        "positive",
        "experiences",
        "inconsistent",
        "systemic",
        "widespread",
        "failings",
        "outcomes",
        "previous",
        "previously",
        "monitoring",
        "focused",
        "safeguarding",
        "protection",
        "leadership",
        "published",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)


def _join_hyphenated(match: re.Match[str]) -> str:
    text = match.string
    before = _WORD_BEFORE.search(text, max(match.start() - 20, 0), match.start())
    after = _WORD_AFTER.match(text, match.end())
    if before and after and (before[0] + after[0]).lower() in _BROKEN_WORDS:
        return ""
    return "-"


def facts_from_text(text: str, *, inspection_type: str | None, sha256: str = "") -> ReportFacts:
    """The facts in a report's text, given the type its provider-page label gave."""
    flat = flatten(text)
    work = dates_line(flat)
    if not work.parts:
        work = prose_dates(flat)
    itype = framework(inspection_type, flat, work)
    if itype == "annual_rating_2009":
        work = NO_FIELDWORK  # an assessment, not a visit: any date in it is another inspection's
    judgement: str | None = None
    subs: dict[str, str] = {}
    send_outcome = None
    if itype == "area_send":
        send_outcome = area_send_outcome(flat)
    if itype == "annual_rating_2009":
        judgement = annual_rating(flat)
    elif itype == "other" and _titled(flat[:_HEAD_CHARS]) in ("ucra", "assurance"):
        judgement = "none"  # contact, referral and assessment; assurance: findings, no grade
    elif itype in UNGRADED_TYPES:
        judgement = "none"
    elif itype == "sif":
        # the headline on page 1; else the table; else a headline sentence further on (present
        # tense only, so a recalled "were judged" is never taken)
        judgement = headline_judgement(flat[:_HEAD_CHARS])
        table_overall, subs = judgement_table(flat)
        judgement = judgement or table_overall or headline_judgement(flat)
    elif (
        itype == "other"
        and _LSCB_REVIEW.search(flat[:_HEAD_CHARS])
        and not _SIF.search(flat[:_HEAD_CHARS])
    ):
        judgement = lscb_judgement(flat)  # a stand-alone LSCB review: the board's grade
    else:
        old_scale = itype == "other" and (
            _PRE_SIF.search(flat[:_HEAD_CHARS]) is not None
            or (work.start is not None and work.start < SIF_FROM)
        )
        judgement, subs = judgement_table(flat, old_scale=old_scale)
        if judgement is None and not old_scale:
            judgement = headline_judgement(flat[:_HEAD_CHARS])
    if itype in ("ilacs_full", "ilacs_short"):
        itype = ilacs_type(flat, work)
    lscb = lscb_judgement(flat) if itype in ("sif", "other") else None
    return ReportFacts(
        sha256=sha256,
        text=text,
        inspection_type=itype,
        inspection_start=work.start,
        inspection_end=work.end,
        judgement=judgement,
        sub_judgements=subs,
        send_outcome=send_outcome,
        previous_judgement=previous_judgement(flat, everything_is_past=itype in UNGRADED_TYPES),
        lscb_judgement=lscb,
        published=published_date(flat),
    )


def framework(label_type: str | None, flat: str, work: Fieldwork) -> str | None:
    """The inspection type: the text's own framework wording first, then the era of the
    fieldwork, then the provider page's label.

    Ofsted files SIF, ILACS, stand-alone LSCB reviews and the pre-2013 inspections all under
    "Children's services inspection" (``ilacs_full`` from the label); visits and area SEND
    have their own labels, but a letter filed under another label is recognised from its
    title or opening sentence.
    """
    head = flat[:_HEAD_CHARS]
    if (letter := letter_kind(head)) is not None and label_type not in ("area_send",):
        return letter
    if label_type in UNGRADED_TYPES:
        return label_type
    titled = _titled(head)
    if titled == "annual_rating_2009":
        return titled
    if titled in ("ucra", "assurance"):
        return "other"
    if titled in _LETTERS and label_type != "area_send":
        return titled
    if _SIF.search(head):
        return "sif"
    if _LSCB_REVIEW.search(head) or _PRE_SIF.search(head):
        return "other"
    if _ILACS.search(head):
        return "ilacs_full"
    if _A_LETTER.search(head):
        return "other"  # a letter of a kind not named above
    if label_type in (None, "other", "ilacs_full", "ilacs_short", "sif") and work.start:
        if work.start < SIF_FROM:
            return "other"
        if work.start < ILACS_FROM:
            return "sif"
        return "ilacs_full" if label_type in (None, "other", "sif") else label_type
    return label_type


def _titled(head: str) -> str | None:
    """What page 1 says the document is, from the title (or a letter's opening) that comes
    first: 'annual_rating_2009', 'ucra' (contact, referral and assessment), a letter's kind,
    'sif', 'lscb_review', 'pre_sif', 'ilacs'; None when it names none."""
    found = [
        (match.start(), kind)
        for pattern, kind in _TITLES
        if (match := pattern.search(head)) is not None
    ]
    return min(found)[1] if found else None


def letter_kind(head: str) -> str | None:
    """'focused_visit', 'monitoring_visit', 'jtai' or 'area_send' when the document's title or
    opening sentence names a visit or joint inspection, else None."""
    opening = _LETTER_OPENING.search(head)
    for text in (head[:_LETTER_TITLE_CHARS], opening[1] if opening else ""):
        for pattern, kind in _LETTER_KINDS:
            if pattern.search(text):
                return kind
    return None


def ilacs_type(flat: str, work: Fieldwork) -> str:
    """Short or standard ILACS: the report's own words where it has them, else the days of
    fieldwork (one week on site is short, two weeks standard; split fieldwork counts the days
    of each part, as the framework counts time on site)."""
    if _SHORT_WORDS.search(flat[: _HEAD_CHARS * 2]):
        return "ilacs_short"
    if _STANDARD_WORDS.search(flat[: _HEAD_CHARS * 2]):
        return "ilacs_full"
    if not work.parts:
        return "ilacs_full"
    return "ilacs_short" if work.days_on_site <= SHORT_ILACS_MAX_DAYS + 1 else "ilacs_full"


def ilacs_kind(start: date, end: date) -> str:
    """One part of fieldwork: first to last day at most SHORT_ILACS_MAX_DAYS apart is short."""
    return "ilacs_short" if (end - start).days <= SHORT_ILACS_MAX_DAYS else "ilacs_full"


def inspection_span(flat: str) -> tuple[date | None, date | None]:
    """First and last day from the dates line, else from a letter's prose (None, None)."""
    work = dates_line(flat)
    if not work.parts:
        work = prose_dates(flat)
    return work.start, work.end


def area_send_outcome(flat: str) -> str | None:
    """'positive', 'inconsistent' or 'systemic' from the Inspection outcome section of a 2023
    framework report; None for the 2016-2022 letters (written statement of action), which
    SPEC's vocabulary has no value for."""
    for section in _SEND_SECTION.finditer(flat):
        for pattern, outcome in _SEND_OUTCOMES:
            if pattern.search(section[1]):
                return outcome
    return None
