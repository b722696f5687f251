"""``monitor import FILE``: Ofsted's published "inspection outcomes" spreadsheet into the archive.

The file is the underlying data of Ofsted's annual "Local authority inspection outcomes as at
31 March YYYY" statistics: ODS (sheet ``Inspections_as_at_31_March``, 2 rows of preamble) or
the same table saved as CSV. One row per authority with its latest ILACS inspection: web link,
Ofsted-style name (``Bristol``, ``Kingston Upon Hull``), inspection and publication dates
(``dd/mm/yyyy``, or ``Not yet inspected``), overall effectiveness and the sub-judgements.

Each row becomes a report and a story, or fills in the judgement of the report and story
already stored for that inspection (same council, an ILACS-family story within the story
window): importing the same file twice changes nothing. Rows never alert. Names of abolished
authorities (an older edition's ``Cumbria``) are stored under the former authority's code, so
their history stays queryable. Whether an inspection was standard or short is not in the
file: new rows are ``ilacs_full`` unless the stored report says otherwise.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from lxml import etree
from sqlmodel import col, select

from monitor import clock
from monitor.councils import gazetteer
from monitor.dedup import Sighting, event_id, find_story
from monitor.models import Report, Story
from monitor.store import Store

SHEET = "Inspections_as_at_31_March"
PREAMBLE_ROWS = 2
SOURCE = "import"
GRADES = {
    "outstanding": "outstanding",
    "good": "good",
    "requires improvement to be good": "requires_improvement",
    "requires improvement": "requires_improvement",
    "inadequate": "inadequate",
}
SUB_COLUMNS = {
    "the impact of leaders on social work practice with children and families": "leadership",
    "the experiences and progress of children who need help and protection": (
        "help_and_protection"
    ),
    "the experiences and progress of children in care": "children_in_care",
    "the experiences and progress of children in care and care leavers": "children_in_care",
    "the experiences and progress of care leavers": "care_leavers",
}
REQUIRED = ("local authority name", "publication date", "overall effectiveness")
_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


class ImportFileError(ValueError):
    """The file is not an outcomes spreadsheet we can read; the message says why."""


@dataclass
class ImportResult:
    rows: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    not_inspected: int = 0
    problems: list[str] = field(default_factory=list)


def read_rows(path: Path) -> Iterator[dict[str, str]]:
    """The table's rows as {lower-cased header: text}, from CSV or ODS, preamble skipped."""
    suffix = path.suffix.lower()
    if suffix == ".ods":
        rows: Iterator[list[str]] = _ods_rows(path)
    elif suffix in (".csv", ".txt"):
        rows = _csv_rows(path)
    else:
        raise ImportFileError(f"{path}: expected a .ods or .csv file")
    header: list[str] | None = None
    for cells in rows:
        if header is None:
            lowered = [" ".join(c.split()).lower() for c in cells]
            if "local authority name" in lowered:
                header = lowered
            continue  # preamble (2 rows in Ofsted's file) until the header row
        if not any(c.strip() for c in cells):
            continue
        yield {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header) if h}
    if header is None:
        raise ImportFileError(
            f"{path}: no header row with 'Local authority name' (is it the outcomes file?)"
        )


def _csv_rows(path: Path) -> Iterator[list[str]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    yield from csv.reader(io.StringIO(text))


def _ods_rows(path: Path) -> Iterator[list[str]]:
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
            tree = etree.parse(content)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise ImportFileError(f"{path}: not a readable ODS file ({exc})") from None
    tables = tree.findall(".//table:table", _NS)
    name_key = f"{{{_NS['table']}}}name"
    chosen = next((t for t in tables if t.get(name_key) == SHEET), None)
    if chosen is None:
        names = ", ".join(repr(t.get(name_key)) for t in tables)
        raise ImportFileError(f"{path}: no sheet {SHEET!r} (sheets: {names})")
    for row in chosen.iter(f"{{{_NS['table']}}}table-row"):
        cells: list[str] = []
        for cell in row:
            if cell.tag not in (
                f"{{{_NS['table']}}}table-cell",
                f"{{{_NS['table']}}}covered-table-cell",
            ):
                continue
            repeat = min(int(cell.get(f"{{{_NS['table']}}}number-columns-repeated", "1")), 64)
            value = cell.get(f"{{{_NS['office']}}}date-value") or "\n".join(
                "".join(p.itertext()) for p in cell.findall("text:p", _NS)
            )
            cells.extend([value] * repeat)
        yield cells


def parse_day(text: str) -> date | None:
    """'12/03/2024', '2024-03-12' or an ODS date-value; None for 'Not yet inspected' or blank."""
    text = text.strip()
    if not text or not re.search(r"\d", text):
        return None
    match = re.match(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", text)
    if match:
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    raise ValueError(f"{text!r} is not a date (dd/mm/yyyy)")


def grade(text: str) -> str | None:
    return GRADES.get(" ".join(text.split()).lower())


def resolve(name: str) -> tuple[str, str] | None:
    """(official name, ONS code) of a current or former authority, from Ofsted's spelling."""
    gaz = gazetteer()
    council = gaz.lookup(name)
    if council is not None:
        return council.name, council.ons_code
    former = gaz.former_authority(name)
    if former is not None and former.ons_code:
        return former.name, former.ons_code
    return None


def import_outcomes(store: Store, path: Path, *, now: datetime | None = None) -> ImportResult:
    """Load the file into the archive, never alerting; see the module docstring."""
    now = now or clock.now()
    result = ImportResult()
    for number, row in enumerate(read_rows(path), start=PREAMBLE_ROWS + 2):
        missing = [c for c in REQUIRED if c not in row]
        if missing:
            raise ImportFileError(f"{path}: no column {missing[0]!r}")
        result.rows += 1
        where = f"row {number} ({row['local authority name'] or 'no name'})"
        found = resolve(row["local authority name"])
        if found is None:
            hints = gazetteer().suggest(row["local authority name"])
            hint = f"; did you mean {' or '.join(map(repr, hints))}?" if hints else ""
            result.problems.append(f"{where}: unknown local authority{hint}")
            continue
        try:
            inspected = parse_day(row.get("inspection date", ""))
            published = parse_day(row["publication date"])
        except ValueError as exc:
            result.problems.append(f"{where}: {exc}")
            continue
        judgement = grade(row["overall effectiveness"])
        if published is None and inspected is None:
            result.not_inspected += 1
            continue
        if judgement is None:
            result.problems.append(
                f"{where}: overall effectiveness {row['overall effectiveness']!r} is not a grade"
            )
            continue
        subs = {key: g for header, key in SUB_COLUMNS.items() if (g := grade(row.get(header, "")))}
        outcome = _store_row(
            store,
            name=found[0],
            ons_code=found[1],
            link=row.get("web link") or "",
            inspected=inspected,
            published=published,
            judgement=judgement,
            subs=subs,
            now=now,
        )
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result


def _store_row(
    store: Store,
    *,
    name: str,
    ons_code: str,
    link: str,
    inspected: date | None,
    published: date | None,
    judgement: str,
    subs: dict[str, str],
    now: datetime,
) -> str:
    when = published or inspected
    with store.session() as session:
        stories = list(session.exec(select(Story).where(Story.ons_code == ons_code)))
        story = find_story(Sighting(ons_code, "ilacs_full", when), stories)
        report: Report | None = None
        if story is not None and story.report_id is not None:
            report = session.get(Report, story.report_id)
        if story is not None:
            changed = _fill(story, report, judgement, subs, inspected, published)
            return "updated" if changed else "unchanged"
        pdf_url = _anchor(link, ons_code, published or inspected)
        existing = session.exec(
            select(Report).where(Report.ons_code == ons_code, col(Report.pdf_url) == pdf_url)
        ).first()
        if existing is not None:
            return "unchanged"
        report = Report(
            council=name,
            ons_code=ons_code,
            label="Children's services inspection (outcomes spreadsheet)",
            inspection_type="ilacs_full",
            judgement=judgement,
            sub_judgements=subs or None,
            published=published,
            inspection_start=inspected,
            url=link or pdf_url,
            pdf_url=pdf_url,
            first_seen_via=SOURCE,
            source=SOURCE,
            seen_at=now,
        )
        session.add(report)
        session.flush()
        story = Story(
            event_id=event_id(ons_code, "ilacs_full", when),
            council=name,
            ons_code=ons_code,
            inspection_type="ilacs_full",
            judgement=judgement,
            published=published,
            inspection_date=inspected,
            report_id=report.id,
            first_seen_via=SOURCE,
            created_at=now,
            baseline=True,
        )
        session.add(story)
        session.flush()
        report.story_id = story.id
        return "added"


def _fill(
    story: Story,
    report: Report | None,
    judgement: str,
    subs: dict[str, str],
    inspected: date | None,
    published: date | None,
) -> bool:
    """Fill in what the stored story and report lack; never overwrite what they know."""
    changed = False
    updates: list[tuple[Any, str, Any]] = [
        (story, "judgement", judgement),
        (story, "inspection_date", inspected),
        (story, "published", published),
    ]
    if report is not None:
        updates += [
            (report, "judgement", judgement),
            (report, "inspection_start", inspected),
            (report, "published", published),
        ]
        if subs and not report.sub_judgements:
            report.sub_judgements = subs
            changed = True
    for row, name, value in updates:
        if value is not None and getattr(row, name) in (None, "none"):
            setattr(row, name, value)
            changed = True
    return changed


def _anchor(link: str, ons_code: str, day: date | None) -> str:
    """A stable key for a report known only from the spreadsheet (no PDF link in the file)."""
    base = link or f"https://reports.ofsted.gov.uk/#{ons_code}"
    return f"{base}#published={day.isoformat() if day else 'unknown'}"
