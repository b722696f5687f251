"""Inspection and publication dates the text states ("Inspection dates: 2 to 13 March 2015",
"published on 6 May 2015"), and the caller's ``published`` value, parsed with python-dateutil.

Only dates with day, month and year (the year may come from a later date in the same sentence)
are taken; a sentence that says "published" gives the report date, one that says "inspected",
"visit" or "inspection" the inspection date. Gets wrong: "last inspected on ..." is taken as this
inspection's date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from dateutil import parser as dateparser

from monitor.analyze.text import Doc

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE_RE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + _MONTHS + r")\b\.?,?(?:\s+((?:19|20)\d\d))?"
)
_INSPECTION_CUE = re.compile(
    r"inspection dates?|inspected|visited|visit|took place|on site|carried out|inspection"
)
_PUBLISHED_CUE = re.compile(r"published|publication")


def _first_date(found: list[re.Match[str]], years: list[str | None]) -> dt.date | None:
    for m, year in zip(found, years, strict=True):
        if not year:
            continue
        try:
            return dateparser.parse(f"{m.group(1)} {m.group(2)} {year}").date()
        except (ValueError, OverflowError):
            continue
    return None


def find_dates(doc: Doc) -> tuple[dt.date | None, dt.date | None]:
    """The first inspection date and report date stated with a full day, month and year."""
    by_seg: dict[int, list[re.Match[str]]] = defaultdict(list)
    for m in _DATE_RE.finditer(doc.lower):
        by_seg[doc.seg_of(m.start())].append(m)
    inspection: dt.date | None = None
    report: dt.date | None = None
    for seg in sorted(by_seg):
        found = by_seg[seg]
        years = [m.group(3) for m in found]
        for j in range(len(years) - 2, -1, -1):
            years[j] = years[j] or years[j + 1]
        low = doc.seg_text(seg).lower()
        is_report = report is None and bool(_PUBLISHED_CUE.search(low))
        is_inspection = not is_report and inspection is None and bool(_INSPECTION_CUE.search(low))
        if not (is_report or is_inspection):
            continue
        parsed = _first_date(found, years)
        if parsed is None:
            continue
        if is_report:
            report = parsed
        else:
            inspection = parsed
    return inspection, report


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
