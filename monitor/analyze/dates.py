"""This inspection's dates as the text states them: when inspectors were on site and when the
report or letter was published, and the sentence each came from.

Forms read: "2 to 13 March 2015", "between 27 and 29 September 2022", "January 14 and
February 1", "15 - 17 October 2019", "12/09/2016 to 06/10/2016", "published on 6 May 2015".
Each date goes to the nearest cue before it in its sentence ("published"/"publication" gives
the report date; "inspected", "visit", "inspection", "took place", "on site" the inspection
date); the first of a range is the start. A date with no year takes the story's publication
year (the year before when that would put it after publication); with no publication date it
is dropped. A publication date of only a year or a month ("2019", "2019-07") is any day of it:
"after publication" means after its last day.

The first range of days in the sentence that gave the inspection date is its fieldwork length
(`fieldwork_days`: "6 to 17 October" is 12, "June 3 to June 7" is 5), which tells an ILACS short
inspection (one week on site) from a standard one (two); failing that, a range in a sentence
that also recalls an older grade ("X, judged good in 2017, was inspected from 3 to 7 June"),
when its dates fall in the year before a dated story.

Never THIS inspection's date: a sentence that looks back ("the last inspection, in 2023",
"previously", "since the", a year well before the story's), a date well before the story's
year, or one after its publication; a report date before the inspection date (an earlier
visit's letter); a date heading its line before a dash and a title ("22/04/2025 - Area SEND
Inspection of ...": a decision record's or a meeting's own date); a publication date in a
sentence that names nothing published (the page's own "Date published: 29 April 2013", which
heads a council's news months after the report); a day another kind of event "took place" in
a sentence that names no inspection or visit ("A progress review of the plan took place on 21
November 2023"). Null is better than another event's date: story placement dates the article
by these fields.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from dateutil import parser as dateparser

from monitor.analyze.terms import past_segment
from monitor.analyze.text import Doc

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_YEAR = r"(?:,?\s+((?:19|20)\d\d))?"
# "2 March 2015", "2nd March", "2 and 3 March 2015", "the 3rd to the 14th of June" (the first
# day of a range is kept)
_DMY_RE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?(?:\s*(?:-|to|and|&)\s*(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?)?"
    r"\s+(?:of\s+)?(" + _MONTHS + r")\b\.?" + _YEAR
)
# "March 2, 2015", "January 14"
_MDY_RE = re.compile(r"\b(" + _MONTHS + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b" + _YEAR)
_NUMERIC_RE = re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b")
# Where a date may be: a number of one or two digits followed by "/mm/yyyy" or a month, or
# preceded by a month. Looking at the few numbers of a page is about four times faster than one
# regex trying every month name at every position.
_SHORT_NUMBER_RE = re.compile(r"(?=\d)(?<!\d)\d{1,2}(?!\d)")
_MONTH_AFTER_RE = re.compile(r"/\d{1,2}/\d{4}|(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + _MONTHS + r")\b")
_MONTH_BEFORE_RE = re.compile(r"\b(?:" + _MONTHS + r")\.?\s+$")
_INSPECTION_CUE = re.compile(
    # ("Inspectors, who reviewed the county's services from April 8 to April 12")
    r"inspection dates?|inspected|inspectors(?:,? who)? (?:visited|were|reviewed|examined|"
    r"assessed|spent)|visited|visit|revisit|took place|"
    r"on site|carried out|fieldwork|inspection"
)
_PUBLISHED_CUE = re.compile(r"published|publication|released")
# a later visit or inspection of a series the text has already dated
_SEQUEL_RE = re.compile(
    r"\b(?:further|second|third|fourth|latest|most recent|another|subsequent|follow[- ]up)\b"
)


@dataclass(frozen=True)
class StatedDates:
    inspection: dt.date | None
    report: dt.date | None
    evidence: dict[str, str]  # "inspection_date" / "report_date" -> the sentence it came from
    fieldwork_days: int | None = None  # first to last day on site, when a range is stated


# "6 to 17 October 2025", "between 27 and 29 September", "2 - 13 March", "30 September to 11
# October 2024", "between Monday 27 January and Friday 31 January", "12/09/2016 to
# 06/10/2016", Ofsted's own "4 February 2019 to 8 February 2019": a range of days on site
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_DAY_RANGE_RE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?(?:\s+(?:of\s+)?(" + _MONTHS + r")(?:,?\s+(?:19|20)\d\d)?)?\s*"
    r"(?:-|to|and|until|&)\s*(?:the\s+)?"
    + _WEEKDAY
    + r"(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?("
    + _MONTHS
    + r")\b"
)
# "June 3 to June 7", "March 4-8", "Monday, January 23 and Friday, January 27": the month first
_MDY_RANGE_RE = re.compile(
    r"\b("
    + _MONTHS
    + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s*(?:-|to|and|until|&)\s*"
    + _WEEKDAY
    + r"(?:("
    + _MONTHS
    + r")\.?\s+)?(\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?:"
    + _MONTHS
    + r"))"
)
_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
_NUMERIC_RANGE_RE = re.compile(
    r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\s*(?:-|to|and|until)\s*"
    r"(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b"
)


def _range_days(low: str) -> int | None:
    """Days from the first to the last of the first range of days a sentence states."""
    m = _NUMERIC_RANGE_RE.search(low)
    if m:
        first = _safe(m.group(1), _month_name(m.group(2)), m.group(3))
        last = _safe(m.group(4), _month_name(m.group(5)), m.group(6))
    else:
        year = "2001"  # any year that is not a leap year: only the difference counts
        m = _DAY_RANGE_RE.search(low)
        if m:
            last = _safe(m.group(3), m.group(4), year)
            first = _safe(m.group(1), m.group(2) or m.group(4), year)
        else:
            m = _MDY_RANGE_RE.search(low)
            if not m:
                return None
            first = _safe(m.group(2), m.group(1), year)
            last = _safe(m.group(4), m.group(3) or m.group(1), year)
        if first and last and first > last:  # "30 December to 10 January"
            first = first.replace(year=2000)
    if first is None or last is None or first > last:
        return None
    days = (last - first).days + 1
    return days if days <= 60 else None


def _parse(day: str, month: str, year: str | None, ref: dt.date | None) -> dt.date | None:
    if year is None:
        if ref is None:
            return None
        year = str(ref.year)
        guess = _safe(day, month, year)
        if guess is not None and guess > ref:
            year = str(ref.year - 1)
    return _safe(day, month, year)


_MONTH_NUMBER = {
    name: i + 1
    for i, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    )
}


def _safe(day: str, month: str, year: str) -> dt.date | None:
    """The date, or None when it does not exist ("31 September")."""
    number = _MONTH_NUMBER.get(month[:3].lower())
    if number is None:
        return None
    try:
        return dt.date(int(year), number, int(day))
    except ValueError:
        return None


def _dates_in(doc: Doc, seg: int) -> list[tuple[int, dt.date | None]]:
    """(offset, date) for each date in sentence ``seg``; a year missing from a date is taken
    from a later date in the same sentence ("14 January and 1 February 2019")."""
    start, end = doc.segs[seg]
    low = doc.lower[start:end]
    raw: list[tuple[int, str, str, str | None]] = []
    taken: list[tuple[int, int]] = []
    for m in _NUMERIC_RE.finditer(low):
        raw.append((m.start(), m.group(1), _month_name(m.group(2)), m.group(3)))
        taken.append(m.span())
    for regex, day_group, month_group in ((_DMY_RE, 1, 2), (_MDY_RE, 2, 1)):
        for m in regex.finditer(low):
            if any(a <= m.start() < b or m.start() <= a < m.end() for a, b in taken):
                continue
            raw.append((m.start(), m.group(day_group), m.group(month_group), m.group(3)))
            taken.append(m.span())
    raw.sort()
    years = [r[3] for r in raw]
    for j in range(len(years) - 2, -1, -1):
        years[j] = years[j] or years[j + 1]
    return [
        (start + pos, _parse(day, month, year, doc.ref_until))
        for (pos, day, month, _y), year in zip(raw, years, strict=True)
    ]


def _month_name(number: str) -> str:
    months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    index = int(number) - 1
    return months[index] if 0 <= index < 12 else "x"


def _cue(doc: Doc, seg: int, pos: int) -> str | None:
    """The kind ("report" or "inspection") of the nearest cue before the date in its
    sentence, else the nearest after it; a publication cue in a sentence that names nothing
    published (a page's own "Date published: 29 April 2013") gives none."""
    kind = _nearest_cue(doc, seg, pos)
    sentence = doc.lower[slice(*doc.segs[seg])]
    if kind == "report" and not _PUBLISHED_THING_RE.search(sentence):
        # the page's own dateline, not the report's: a council's news four months after the
        # report that heads itself "Date published: ..." must not date the inspection by it
        return None
    if (
        kind == "inspection"
        and _OTHER_EVENT_RE.search(sentence)
        and not _INSPECTED_THING_RE.search(sentence)
    ):
        # "A progress review of the plan took place on 21 November 2023": another event
        return None
    return kind


# events that "take place" or are "carried out" besides inspections, and what names an
# inspection or a visit
_OTHER_EVENT_RE = re.compile(
    r"\b(?:review|meeting|stocktake|conference|hearing|workshop|panel|session|consultation|"
    r"launch|event|training|audit)s?\b"
)
_INSPECTED_THING_RE = re.compile(r"inspect|visit|ofsted|fieldwork|on site|cqc")
# what a report's publication date is stated of: "Report published:", "the outcome was
# published on", "Ofsted published its findings on"
_PUBLISHED_THING_RE = re.compile(
    r"report|outcome|letter|finding|judgement|judgment|rating|rated|inspect|visit|ofsted|"
    r"result|verdict"
)


def _nearest_cue(doc: Doc, seg: int, pos: int) -> str | None:
    seg_start, seg_end = doc.segs[seg]
    before = doc.lower[seg_start:pos]
    found = [(m.end(), "report") for m in _PUBLISHED_CUE.finditer(before)]
    found += [(m.end(), "inspection") for m in _INSPECTION_CUE.finditer(before)]
    if found:
        return max(found)[1]
    if _RECORD_HEADING_RE.match(doc.lower, seg_start, pos) and _HEADING_DASH_RE.match(
        doc.lower, _date_end(doc.lower, pos), seg_end
    ):
        # "22/04/2025 - Area SEND Inspection of East Sussex Local Area Partnership": a date that
        # heads its line, a dash, then a title is the record's own (a decision, a meeting, a
        # post), not the inspection's its title names
        return None
    after = doc.lower[pos:seg_end]
    later = [(m.start(), "report") for m in _PUBLISHED_CUE.finditer(after)]
    later += [(m.start(), "inspection") for m in _INSPECTION_CUE.finditer(after)]
    return min(later)[1] if later else None


# nothing but space before the date on its line; a dash after it
_RECORD_HEADING_RE = re.compile(r"\s*$")
_HEADING_DASH_RE = re.compile(r"\s+[-–—]\s+\S")
_DATE_AT_RE = re.compile(
    r"\d{1,2}/\d{1,2}/\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+(?:" + _MONTHS + r")\b\.?(?:,?\s+\d{4})?"
)


def _date_end(lower: str, pos: int) -> int:
    """Where the date that starts at ``pos`` ends."""
    m = _DATE_AT_RE.match(lower, pos)
    return m.end() if m else pos


def _date_positions(lower: str) -> list[int]:
    """Offsets of the numbers that may be part of a date (a superset: `_dates_in` decides)."""
    out: list[int] = []
    for m in _SHORT_NUMBER_RE.finditer(lower):
        start, end = m.span()
        if _MONTH_AFTER_RE.match(lower, end) or _MONTH_BEFORE_RE.search(
            lower, max(0, start - 16), start
        ):
            out.append(start)
    return out


@dataclass
class _Found:
    """The dates read so far: per kind ("inspection", "report") the date and the sentence it
    came from, the days on site the inspection date's sentence states (``span``, or an undated
    story's), and those of a sentence recalling an older grade, within the year before a dated
    story (``recent_span``)."""

    dates: dict[str, tuple[dt.date, int]] = field(default_factory=dict)
    span: int | None = None
    recent_span: int | None = None


def find_dates(doc: Doc) -> StatedDates:
    """The first inspection date and report date of THIS inspection the text states (a later
    date of "a second", "a further", "the latest" visit of a series replaces an earlier one)."""
    found = _Found()
    candidates = {doc.seg_of(pos) for pos in _date_positions(doc.lower)}
    for seg in sorted(candidates):
        if len(found.dates) == 2 and not _SEQUEL_RE.search(doc.lower, *doc.segs[seg]):
            continue
        stated = _dates_in(doc, seg)
        dates = [(pos, d) for pos, d in stated if d is not None]
        if not dates:
            _undated_days_on_site(doc, seg, stated, found)
        elif past_segment(doc, seg):
            _recalled_days_on_site(doc, seg, dates, found)
        else:
            _take_dates(doc, seg, dates, found)
    _drop_earlier_report(found)
    return StatedDates(
        inspection=found.dates["inspection"][0] if "inspection" in found.dates else None,
        report=found.dates["report"][0] if "report" in found.dates else None,
        evidence={f"{kind}_date": doc.snippet(seg) for kind, (_d, seg) in found.dates.items()},
        fieldwork_days=found.span if found.span is not None else found.recent_span,
    )


def _days_on_site(doc: Doc, seg: int) -> int | None:
    """The days on site sentence ``seg`` states (its first range of days)."""
    return _range_days(doc.lower[doc.segs[seg][0] : doc.segs[seg][1]])


def _undated_days_on_site(
    doc: Doc, seg: int, stated: list[tuple[int, dt.date | None]], found: _Found
) -> None:
    """A sentence whose dates give no date (an undated story's) still states the days on
    site, when it cues the inspection and either does not look back or gives no year before
    its first date."""
    if (
        found.span is None
        and stated
        and (
            not past_segment(doc, seg)
            or not _YEAR_RE.search(doc.lower, doc.segs[seg][0], stated[0][0])
        )
        and any(_cue(doc, seg, pos) == "inspection" for pos, _d in stated)
    ):
        # an undated story's "took place between 28th March - 1st April": no date
        # to give, but the days on site are stated all the same; also where the
        # sentence goes on to recall an older grade, after the days and with a year of
        # its own ("was inspected on 11-12 September, after being found to require
        # improvement ... back in 2016"), not where a year comes first ("In 2016 it
        # was inspected between 3 and 7 June")
        found.span = _days_on_site(doc, seg)


def _recalled_days_on_site(
    doc: Doc, seg: int, dates: list[tuple[int, dt.date]], found: _Found
) -> None:
    """A sentence that looks back dates nothing, but an inspection's days on site it states
    within the year before a dated story are this inspection's length (``recent_span``)."""
    # "X, judged good in 2017, was inspected from 3 to 7 June": the sentence recalls
    # an older grade, so it dates nothing, but days on site within the year before a
    # dated story are this inspection's length
    if (
        found.recent_span is None
        and doc.ref_date is not None
        and doc.ref_until is not None
        and not doc.year_guessed
    ):
        recent = [
            pos
            for pos, d in dates
            if d <= doc.ref_until
            and doc.ref_date - d <= dt.timedelta(days=366)
            and _cue(doc, seg, pos) == "inspection"
        ]
        if recent:
            found.recent_span = _days_on_site(doc, seg)


def _take_dates(doc: Doc, seg: int, dates: list[tuple[int, dt.date]], found: _Found) -> None:
    """Each date of a sentence that does not look back, within the story's time, is the date
    its cue names, if none is yet (or a later visit of a series); an inspection date brings its
    sentence's days on site."""
    for pos, date in dates:
        if doc.ref_year is not None and date.year < doc.ref_year - 1:
            continue  # another, older event
        if doc.ref_until is not None and date > doc.ref_until + dt.timedelta(days=1):
            continue  # after the story: a plan or a deadline, not this inspection
        kind = _cue(doc, seg, pos)
        if kind is not None and (kind not in found.dates or _sequel(doc, seg, kind, date, found)):
            # "The first focused visit took place on 14 May 2024 ... A second focused
            # visit was carried out on 3 March 2025": the story is about the later one
            found.dates[kind] = (date, seg)
            if kind == "inspection":
                found.span = _days_on_site(doc, seg)


def _sequel(doc: Doc, seg: int, kind: str, date: dt.date, found: _Found) -> bool:
    """An inspection date later than the one found, in a sentence that names a later visit
    or inspection of a series ("a second", "a further", "the latest")."""
    return (
        kind == "inspection"
        and kind in found.dates
        and found.dates[kind][0] < date
        and _SEQUEL_RE.search(doc.lower, *doc.segs[seg]) is not None
    )


def _drop_earlier_report(found: _Found) -> None:
    """The report date goes when it is before the inspection date: an earlier visit's."""
    dates = found.dates
    if "report" in dates and "inspection" in dates and dates["report"][0] < dates["inspection"][0]:
        # a report published before this inspection began is an earlier event's ("the letter
        # ... was published on 22nd February 2018. A further visit was held on 26th February
        # 2019"): the story is about the later one
        del dates["report"]


# a publication date of a year, or a year and a month ("2019", "2019-07")
_PARTIAL_DATE_RE = re.compile(r"\s*((?:19|20)\d\d)(?:-(\d\d))?\s*")


def latest_date(value: str | dt.date | dt.datetime | None) -> dt.date | None:
    """The last day a publication date can be: a year alone ("2019") or a year and month
    ("2019-05") is any day of that period, so its last day; a full date is itself."""
    if isinstance(value, str) and (m := _PARTIAL_DATE_RE.fullmatch(value)):
        year, month = int(m.group(1)), int(m.group(2) or 12)
        if 1 <= month <= 12:
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
    return as_date(value)


def as_date(value: str | dt.date | dt.datetime | None) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    try:
        return dateparser.parse(value, default=dt.datetime(2000, 1, 1)).date()
    except (ValueError, OverflowError):
        return None
