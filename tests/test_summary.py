"""`monitor summary`: every council's latest outcome, from a real database."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from monitor.cli import main
from monitor.councils import gazetteer
from monitor.store import Store
from monitor.summary import (
    Event,
    Events,
    SummaryFilter,
    build_row,
    direction,
    sort_rows,
    summary,
)
from tests.conftest import ROOT
from tests.web_data import (
    CAMDEN,
    CUMBERLAND,
    CWAC,
    HULL,
    LATEST,
    LIVERPOOL,
    TODAY,
    YORK,
    fill,
)

CONFIG = str(ROOT / "sources.toml")


@pytest.fixture
def store(database_url: str) -> Store:
    s = Store(database_url)
    s.migrate()
    fill(s)
    return s


def by_code(rows: list[dict]) -> dict[str, dict]:
    return {r["ons_code"]: r for r in rows}


def test_one_row_per_current_authority_with_latest_outcomes(store: Store) -> None:
    rows = summary(store.stream, gazetteer().councils, TODAY)
    assert len(rows) == len(gazetteer().councils) == 153
    rows_by = by_code(rows)
    assert {code: rows_by[code]["judgement"] for code in LATEST} == LATEST
    hull = rows_by[HULL]
    assert hull["previous_judgement"] == "good"
    assert hull["direction"] == "declined"
    assert hull["leadership"] == "inadequate"
    assert hull["care_leavers"] == "requires_improvement"
    assert hull["published"] == date(2024, 3, 4)
    assert hull["days_since"] == (TODAY - date(2024, 3, 1)).days  # inspection began on the 1st
    assert hull["report_url"].endswith("E06000010-ilacs_full-2024-03-04.pdf")
    assert hull["focused_visit_published"] == date(2021, 9, 14)
    assert hull["source"] == "ofsted"
    assert rows_by[CWAC]["direction"] == "improved"
    assert rows_by[CWAC]["previous_judgement"] == "inadequate"
    assert rows_by[LIVERPOOL]["direction"] == "same"
    assert rows_by[CAMDEN]["direction"] == "first"
    assert rows_by[YORK]["source"] == "import"
    assert rows_by[YORK]["monitoring_visit_published"] == date(2025, 2, 1)
    assert rows_by[CUMBERLAND]["area_send_outcome"] == "systemic"
    assert rows_by[CUMBERLAND]["last_event"] == date(2025, 3, 1)
    barnet = rows_by["E09000003"]
    assert barnet["judgement"] is None and barnet["direction"] is None and barnet["source"] is None


def test_filters_and_sorting(store: Store) -> None:
    councils = gazetteer().councils
    north_west = summary(store.stream, councils, TODAY, SummaryFilter(regions=("north west",)))
    assert {r["region"] for r in north_west} == {"North West"}
    assert LIVERPOOL in by_code(north_west) and HULL not in by_code(north_west)
    outstanding = summary(store.stream, councils, TODAY, SummaryFilter(judgement="outstanding"))
    assert sorted(r["ons_code"] for r in outstanding) == sorted([YORK, CAMDEN])
    recent = summary(store.stream, councils, TODAY, SummaryFilter(since=date(2024, 7, 1)))
    assert sorted(r["ons_code"] for r in recent) == sorted([CWAC, CUMBERLAND])
    ungraded = summary(store.stream, councils, TODAY, SummaryFilter(judgement="none"))
    assert len(ungraded) == 153 - len(LATEST)
    rows = sort_rows(summary(store.stream, councils, TODAY), "judgement", descending=True)
    assert [r["judgement"] for r in rows[:6]] == [
        "outstanding",
        "outstanding",
        "good",
        "good",
        "requires_improvement",
        "inadequate",
    ]
    assert rows[-1]["judgement"] is None  # empty cells sort last either way
    with pytest.raises(ValueError, match="cannot sort"):
        sort_rows(rows, "nonsense")


def test_latest_is_by_publication_not_insertion_order() -> None:
    council = gazetteer().lookup("Hull")
    assert council is not None
    older = Event(1, HULL, "ilacs_full", "good", date(2024, 1, 1))
    newer = Event(2, HULL, "ilacs_short", "inadequate", date(2024, 6, 1))
    row = build_row(council, Events(graded={HULL: [newer, older]}), date(2024, 7, 1))
    assert row["judgement"] == "inadequate" and row["previous_judgement"] == "good"
    assert row["days_since"] == 30


@pytest.mark.parametrize(
    ("latest", "previous", "expected"),
    [
        ("good", "inadequate", "improved"),
        ("inadequate", "outstanding", "declined"),
        ("good", "good", "same"),
        ("good", None, "first"),
        (None, "good", None),
    ],
)
def test_direction(latest: str | None, previous: str | None, expected: str | None) -> None:
    assert direction(latest, previous) == expected


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exit_.value.code or 0), out, err


def test_cli_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    store = Store(url)
    store.migrate()
    fill(store)
    base = ("--config", CONFIG, "--database", url, "summary")
    code, out, _ = run(capsys, *base, "--today", "2025-06-01", "--format", "json")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 153
    hull = next(r for r in rows if r["ons_code"] == HULL)
    assert hull["judgement"] == "inadequate" and hull["published"] == "2024-03-04"
    assert hull["days_since"] == 457
    code, out, _ = run(
        capsys, *base, "--format", "csv", "--region", "North West", "--order", "judgement:desc"
    )
    table = list(csv.DictReader(io.StringIO(out)))
    # both good: ties in council order
    assert [(r["council"], r["judgement"]) for r in table[:3]] == [
        ("Cumberland", "good"),
        ("Liverpool", "good"),
        ("Cheshire West and Chester", "requires_improvement"),
    ]
    assert {r["region"] for r in table} == {"North West"}
    code, out, _ = run(capsys, *base, "--judgement", "inadequate")
    assert code == 0 and "Kingston upon Hull" in out and "declined" in out and "Camden" not in out
    code, _, err = run(capsys, *base, "--region", "Narnia")
    assert code == 2 and "unknown region 'Narnia'" in err and "North West" in err
    code, _, err = run(capsys, *base, "--order", "colour")
    assert code == 2 and "cannot order by 'colour'" in err


def test_cli_xlsx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    openpyxl = pytest.importorskip("openpyxl", reason="the xlsx extra is not installed")
    url = f"sqlite:///{tmp_path / 'm.db'}"
    store = Store(url)
    store.migrate()
    fill(store)
    target = tmp_path / "summary.xlsx"
    code, _, _ = run(
        capsys,
        "--config",
        CONFIG,
        "--database",
        url,
        "summary",
        "--format",
        "xlsx",
        "--output",
        str(target),
        "--today",
        "2025-06-01",
    )
    assert code == 0
    sheet = openpyxl.load_workbook(target).active
    header = [c.value for c in sheet[1]]
    rows = {
        r[1]: dict(zip(header, r, strict=True))
        for r in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert len(rows) == 153
    assert rows[CWAC]["judgement"] == "requires_improvement"
    assert rows[CWAC]["published"].date() == date(2024, 7, 19)  # a real date cell
    assert rows[CWAC]["days_since"] == (TODAY - date(2024, 7, 1)).days


def test_xlsx_missing_library_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from monitor.xlsx import XlsxUnavailable, to_xlsx

    real_import = builtins.__import__

    def no_openpyxl(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("openpyxl"):
            raise ImportError("no openpyxl")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_openpyxl)
    with pytest.raises(XlsxUnavailable, match=r"pip install 'ofsted-monitor\[xlsx\]'"):
        to_xlsx([{"a": 1}], ["a"])


def test_xlsx_keeps_formula_like_text_as_text() -> None:
    openpyxl = pytest.importorskip("openpyxl", reason="the xlsx extra is not installed")
    from monitor.xlsx import to_xlsx

    data = to_xlsx([{"council": '=HYPERLINK("http://evil.example","x")'}], ["council"])
    cell = openpyxl.load_workbook(io.BytesIO(data)).active["A2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
