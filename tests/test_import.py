"""`monitor import`: Ofsted's outcomes spreadsheet (CSV and ODS) into the archive, no alerts."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from monitor.cli import main
from monitor.models import Alert
from monitor.query import ListFilter
from monitor.store import Store
from tests.archive_data import fill

HEADER = [
    "Web link",
    "Local authority name",
    "Ofsted region",
    "Inspection date",
    "Publication date",
    "Overall effectiveness",
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers",
]
ROWS = [
    [
        "https://reports.ofsted.gov.uk/provider/44/80441",
        "Bristol",
        "South West",
        "14/10/2024",
        "29/11/2024",
        "Good",
        "Good",
        "Requires improvement to be good",
        "Good",
        "Good",
    ],
    [
        "https://reports.ofsted.gov.uk/provider/44/80477",
        "Kingston Upon Hull",
        "North East, Yorkshire and the Humber",
        "22/01/2024",
        "04/03/2024",
        "Inadequate",
        "Inadequate",
        "Inadequate",
        "Requires improvement to be good",
        "",
    ],
    [
        "https://reports.ofsted.gov.uk/provider/44/80465",
        "Durham",
        "North East, Yorkshire and the Humber",
        "Not yet inspected",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
    ["", "Cumbria", "North West", "09/09/2019", "05/11/2019", "Requires improvement to be good"]
    + [""] * 4,
    ["", "Atlantis", "Nowhere", "01/01/2024", "01/02/2024", "Good"] + [""] * 4,
]
PREAMBLE = [["Local authority inspection outcomes as at 31 March 2025"], ["Source: Ofsted"]]


def write_csv(path: Path) -> Path:
    import csv

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerows([*PREAMBLE, HEADER, *ROWS])
    return path


def write_ods(path: Path) -> Path:
    """A minimal ODS with the real sheet name, dates as office:date-value, repeated cells."""

    def cell(value: str) -> str:
        parts = value.split("/")
        if len(parts) == 3:
            iso = f"{parts[2]}-{parts[1]}-{parts[0]}"
            return (
                f'<table:table-cell office:value-type="date" office:date-value="{iso}">'
                f"<text:p>{escape(value)}</text:p></table:table-cell>"
            )
        if not value:
            return "<table:table-cell/>"
        return f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'

    rows = "".join(
        "<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>"
        for row in [*PREAMBLE, HEADER, *ROWS]
    )
    content = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet>
<table:table table:name="Notes"><table:table-row><table:table-cell><text:p>About</text:p></table:table-cell></table:table-row></table:table>
<table:table table:name="Inspections_as_at_31_March">{rows}
<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
</table:table>
</office:spreadsheet></office:body></office:document-content>"""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = 0
    try:
        main(list(args))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("kind", ["csv", "ods"])
def test_import_adds_reports_fills_stored_ones_and_never_alerts(
    kind: str, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store(database_url)
    store.migrate()
    fill(store)  # has Hull's 2024 inspection (graded, no sub-judgements) and Cumbria's 2019 one
    path = (write_csv if kind == "csv" else write_ods)(tmp_path / f"outcomes.{kind}")
    config = tmp_path / "sources.toml"
    config.write_text('[councils]\ntrack = ["Bristol", "Hull"]\n', encoding="utf-8")
    base = ("--config", str(config), "--database", database_url)
    code, out, err = run(capsys, *base, "import", str(path))
    assert code == 1, "the unknown authority is reported"
    assert "row 8 (Atlantis): unknown local authority" in err
    assert (
        "import: 5 row(s): 1 added, 1 filled in, 1 already stored, 1 not yet inspected, "
        "1 skipped; no alerts sent"
    ) in out
    bristol = list(store.iter_reports(ListFilter(ons_codes=["E06000023"])))
    assert len(bristol) == 1
    assert bristol[0]["judgement"] == "good"
    assert bristol[0]["sub_judgements"] == {
        "leadership": "good",
        "help_and_protection": "requires_improvement",
        "children_in_care": "good",
        "care_leavers": "good",
    }
    assert str(bristol[0]["published"]) == "2024-11-29"
    assert str(bristol[0]["inspection_start"]) == "2024-10-14"
    assert store.count_alerts("pending") == 0 and store.get(Alert, 1) is None
    code, out, _ = run(capsys, *base, "import", str(path))
    assert "0 added, 0 filled in, 3 already stored" in out
    code, out, _ = run(capsys, *base, "timeline", "Bristol", "--format", "json")
    assert [json.loads(line)["judgement"] for line in out.splitlines()] == ["good"]


def test_import_fills_a_backfilled_report_without_a_grade(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store(database_url)
    store.migrate()
    fill(store)
    from monitor.models import Report, Story

    with store.session() as session:  # as a backfill leaves it: the grade is in the PDF
        for model in (Report, Story):
            for row in session.exec(__import__("sqlmodel").select(model)):
                if row.ons_code == "E06000010" and str(row.published) == "2024-03-04":
                    row.judgement = None
    path = write_csv(tmp_path / "outcomes.csv")
    config = tmp_path / "sources.toml"
    config.write_text("", encoding="utf-8")
    _code, out, _ = run(
        capsys, "--config", str(config), "--database", database_url, "import", str(path)
    )
    assert "1 filled in" in out
    hull = list(store.iter_reports(ListFilter(ons_codes=["E06000010"], order="published:desc")))
    assert hull[0]["judgement"] == "inadequate"
    assert hull[0]["sub_judgements"]["help_and_protection"] == "inadequate"


def test_import_rejects_other_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "sources.toml"
    config.write_text("", encoding="utf-8")
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'm.db'}"
    code, _, err = run(capsys, "--config", str(config), "--database", db, "import", str(other))
    assert code == 2 and "no header row with 'Local authority name'" in err
    xlsx = tmp_path / "x.xlsx"
    xlsx.write_bytes(b"PK")
    code, _, err = run(capsys, "--config", str(config), "--database", db, "import", str(xlsx))
    assert code == 2 and "expected a .ods or .csv file" in err
