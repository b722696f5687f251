"""Dates in Ofsted report PDFs: the fieldwork line, visit letters' prose, the publication line.

Every written form seen in Ofsted's reports and letters since 2009 is read by one small
tokeniser rather than a pattern per form: day numbers ("1", "02", "19th"), month names and
abbreviations (``dateutil``'s month table: "Feb", "Sept", "March"), years, numeric dates
("12/09/2016", "1/06/2015"; UK order, day first), and the words that join them ("to", "and",
"until", dashes, "/"). A day takes the next month named and a month the next year named, so
"19 November-11 December 2013 and 28 – 30 January 2014" is two parts of fieldwork, the first
from 19 November to 11 December 2013. Reading stops at the first word that is not part of a
date ("Report published", "Lead inspector"), so a dates line that wraps onto the next one is
still read whole.

Strict on purpose: a date is only read after a label ("Inspection dates:", "Visit dates:") or,
in letters, after the verb of the visit ("took place on", "carried out ... on", "Between ...");
a day without a month or year named is dropped, never guessed from another field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dateutil.parser import parserinfo

_MONTHS = parserinfo()

# "Inspection dates:", "Inspection date:", "Visit dates:", "Dates of inspection:", "Dates of
# the visit", "Fieldwork dates:" -- but not "Dates of previous inspection".
_DATES_LABEL = re.compile(
    r"\b(?:inspection\s+dates?|visit\s+dates?|fieldwork\s+dates?|"
    r"dates?\s+of\s+(?:the\s+)?(?:inspection|visit|fieldwork))\s*[:\-–]?\s*",
    re.IGNORECASE,
)
# Letters: "This visit took place on 12 and 13 September 2023", "the focused visit to X
# children's services on 7 and 8 June 2022", "Between 4 and 8 March 2024, Ofsted ... carried
# out a joint inspection", "The visit was conducted on ...", "Inspectors visited X on ...".
_PROSE_ANCHOR = re.compile(
    r"(?:\b(?:took\s+place|(?:was|were)\s+(?:carried\s+out|undertaken|conducted|held)|"
    # "Inspectors carried out the visit on 2 and 3 October 2019"
    r"(?:carried\s+out|undertook|conducted|completed)\s+(?:the|this)\s+(?:[\w-]+\s+)?"
    r"(?:visit|inspection|revisit|fieldwork)|"
    r"(?:visit|inspection|revisit)\s+(?:to|of|in)\b[^.]{0,160}?|"
    r"(?:visited|inspected|revisited)\b[^.]{0,120}?)\s+(?:on|from|between)\s+"
    r"|\bbetween\s+)",
    re.IGNORECASE,
)
_RECALLED = re.compile(r"\b(?:previous|last|earlier|prior|preceding)\b", re.IGNORECASE)
_PUBLISHED = re.compile(
    r"\b(?:published(?:\s+on)?|publication\s+date)\s*(?P<colon>:)?\s*", re.IGNORECASE
)
# a prose "published on" date is this document's only when its sentence says so ("The sections
# of this report ... were originally published on 11 February 2014"); "the inspection report
# letter published on 7 March 2018" in a revisit letter is the earlier letter's
_THIS_DOCUMENT = re.compile(r"\b(?:this\s+report|originally)\b", re.IGNORECASE)
_PROSE_WINDOW = 4000  # letters give their dates in the opening paragraph

_TOKEN = re.compile(
    r"(?P<numeric>(?P<nd>\d{1,2})[/.](?P<nm>\d{1,2})[/.](?P<ny>(?:19|20)?\d{2}))(?![\d/])"
    r"|(?P<year>(?:19|20)\d{2})(?!\d)"
    r"|(?P<day>\d{1,2})(?:st|nd|rd|th)?(?![\d/.])"
    r"|(?P<word>[A-Za-z]+)\.?"
    r"|(?P<dash>[-–—‒―])"
    r"|(?P<punct>[/,&])"
    r"|(?P<space>\s+)"
)
_RANGE_WORDS = frozenset({"to", "until", "till", "through"})
_PART_WORDS = frozenset({"and"})
_SKIP_WORDS = frozenset({"from", "between", "on"})
_SPLIT_DIGITS = re.compile(r"(?<![\d/])(\d) (\d)(?![\d/])")  # "1 4 to 25 May" -> "14"


@dataclass(frozen=True)
class Fieldwork:
    """The parts of a dates line: one (first, last) pair per stretch on site."""

    parts: tuple[tuple[date, date], ...]

    @property
    def start(self) -> date | None:
        return self.parts[0][0] if self.parts else None

    @property
    def end(self) -> date | None:
        return self.parts[-1][1] if self.parts else None

    @property
    def days_on_site(self) -> int:
        """Calendar days counted part by part ("5 to 9 December and 14 to 15 February": 7)."""
        return sum((last - first).days + 1 for first, last in self.parts)


NO_FIELDWORK = Fieldwork(())


@dataclass
class _Slot:
    day: int | None = None
    month: int | None = None
    year: int | None = None
    explicit_year: bool = False
    joins_previous: bool = False  # a range word ("to", a dash) stood before it


def month_of(word: str) -> int | None:
    """'Feb', 'February', 'Sept', 'sept.' -> 2, 2, 9, 9 (dateutil's English month table)."""
    return _MONTHS.month(word.strip(".").lower())


def _slots(text: str) -> list[_Slot]:
    """The dates written at the start of ``text``, left to right, until a non-date word."""
    slots: list[_Slot] = []
    joined = False
    position = 0
    for token in _TOKEN.finditer(_SPLIT_DIGITS.sub(r"\1\2", text)):
        if token.start() != position:
            break  # a character no date is written with: the dates have ended
        position = token.end()
        kind = token.lastgroup
        if kind in ("space", "punct"):
            continue
        if kind == "dash":
            joined = True
            continue
        if kind == "numeric":
            year = int(token["ny"])
            year = year + 2000 if year < 100 else year  # "12/09/16": Ofsted's are all 20xx
            slots.append(_Slot(int(token["nd"]), int(token["nm"]), year, True, joined))
            joined = False
            continue
        if kind == "day":
            slots.append(_Slot(day=int(token["day"]), joins_previous=joined))
            joined = False
            continue
        if kind == "year":
            year = int(token["year"])
            for slot in reversed(slots):
                if slot.year is not None:
                    break
                slot.year = year
                slot.explicit_year = slot is slots[-1]
            continue
        word = token["word"].lower()
        if (month := month_of(word)) is not None:
            for slot in reversed(slots):
                if slot.month is not None:
                    break
                slot.month = month
            continue
        if word in _RANGE_WORDS:
            joined = True
        elif word in _PART_WORDS:
            joined = False
        elif word in _SKIP_WORDS or _MONTHS.weekday(word) is not None:
            continue
        else:
            break  # the first word that is not part of a date ends the dates
    return slots


def _resolve(slots: list[_Slot]) -> list[tuple[date, bool]]:
    """Slots with day, month and year -> (date, joins previous); a later date first in the
    text belongs to the year before ("28 December to 8 January 2027")."""
    out: list[tuple[date, bool]] = []
    following: date | None = None
    for slot in reversed(slots):
        if slot.day is None or slot.month is None or slot.year is None:
            continue
        year = slot.year
        if following is not None and not slot.explicit_year:
            try:
                if date(year, slot.month, slot.day) > following:
                    year -= 1
            except ValueError:
                continue
        try:
            value = date(year, slot.month, slot.day)
        except ValueError:
            continue
        out.append((value, slot.joins_previous))
        following = value
    out.reverse()
    return out


def parse_fieldwork(text: str) -> Fieldwork:
    """The dates at the start of ``text`` as parts of fieldwork (empty when none)."""
    dates = _resolve(_slots(text))
    parts: list[tuple[date, date]] = []
    for value, joins in dates:
        if joins and parts and parts[-1][0] <= value:
            parts[-1] = (parts[-1][0], value)
        else:
            parts.append((value, value))
    return Fieldwork(tuple(parts))


def parse_date_range(text: str) -> tuple[date | None, date | None]:
    """'14–25 September 2026', '12/09/2016 to 06/10/2016', '19 November-11 December 2013 and
    28 – 30 January 2014', '6 March 2026' -> (first day, last day); (None, None) when none."""
    work = parse_fieldwork(text)
    return work.start, work.end


def dates_line(flat: str) -> Fieldwork:
    """Fieldwork from the first labelled dates line that has a date ("Inspection dates:")."""
    for label in _DATES_LABEL.finditer(flat):
        work = parse_fieldwork(flat[label.end() : label.end() + 200])
        if work.parts:
            return work
    return NO_FIELDWORK


def prose_dates(flat: str) -> Fieldwork:
    """Fieldwork from a letter's opening prose ("This visit took place on 7 and 8 June 2022"),
    skipping sentences about an earlier visit."""
    head = flat[:_PROSE_WINDOW]
    for anchor in _PROSE_ANCHOR.finditer(head):
        sentence_start = max(head.rfind(". ", 0, anchor.start()), 0)
        if _RECALLED.search(head[sentence_start : anchor.end()]):
            continue
        work = parse_fieldwork(head[anchor.end() : anchor.end() + 120])
        if work.parts:
            return work
    return NO_FIELDWORK


def published_date(flat: str, *, window: int = 6000) -> date | None:
    """The date a document says it was published ("Report published: 19 November 2014",
    "Published: 23 August 2013", "this report ... originally published on 11 February 2014"),
    else None; a date another document was published on is not this one's."""
    head = flat[:window]
    for label in _PUBLISHED.finditer(head):
        labelled = label["colon"] is not None or head[: label.start()].endswith("Report ")
        if not labelled:
            sentence = head[max(head.rfind(". ", 0, label.start()), 0) : label.start()]
            if not _THIS_DOCUMENT.search(sentence):
                continue
        dates = _resolve(_slots(head[label.end() : label.end() + 40]))
        if dates:
            return dates[0][0]
    return None
