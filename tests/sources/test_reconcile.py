"""`monitor reconcile` and `monitor backfill` against a loopback "Ofsted"."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import create_engine, text

from tests.builders import ProviderReport, provider_page
from tests.sources.pdfs import sif_pdf, visit_pdf
from tests.sources.test_ofsted_cycle import CWAC, Ofsted, history


def reconcile(
    world: Ofsted, capsys: pytest.CaptureFixture[str]
) -> tuple[int, list[dict[str, object]]]:
    code, out = world.monitor(capsys, "reconcile", "--format", "json")
    return code, [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def test_in_step_is_no_row_but_the_listing(
    ofsted: Ofsted, capsys: pytest.CaptureFixture[str]
) -> None:
    ofsted.run(capsys)
    code, rows = reconcile(ofsted, capsys)
    # no listing is served here: that is said once, and nothing else differs
    assert [r["problem"] for r in rows] == ["Ofsted's listing failed: HTTP 404"]
    assert code == 1


def test_missing_and_removed_reports(ofsted: Ofsted, capsys: pytest.CaptureFixture[str]) -> None:
    ofsted.run(capsys)
    base = ofsted.site.base
    newer = ProviderReport(
        "Children's services inspection", f"{base}/files/900", date(2026, 9, 1), date(2026, 10, 9)
    )
    ofsted.page(CWAC, "Cheshire West and Chester", [newer], '"changed"')
    _code, rows = reconcile(ofsted, capsys)
    problems = {(r["problem"], r.get("pdf_url")) for r in rows if r["council"]}
    assert problems == {
        ("on Ofsted, not stored", f"{base}/files/900"),
        ("stored, no longer on Ofsted", f"{base}/files/100"),
    }


def test_broken_page_is_one_row_not_every_report_removed(
    ofsted: Ofsted, capsys: pytest.CaptureFixture[str]
) -> None:
    ofsted.run(capsys)
    ofsted.site.serve(f"/provider/44/{CWAC}", provider_page("Cheshire West and Chester", CWAC, []))
    _code, rows = reconcile(ofsted, capsys)
    [row] = [r for r in rows if r["council"] == "Cheshire West and Chester"]
    assert "layout changed?" in str(row["problem"])


def test_file_service_hosts_are_the_same_report(
    ofsted: Ofsted, capsys: pytest.CaptureFixture[str]
) -> None:
    old = ProviderReport(
        "Children's services focused visit",
        "https://files.api.ofsted.gov.uk/v1/file/50200001",
        date(2024, 5, 10),
        date(2024, 6, 14),
    )
    ofsted.page(CWAC, "Cheshire West and Chester", [old], '"a"')
    ofsted.run(capsys)
    moved = ProviderReport(
        old.label, "https://files.ofsted.gov.uk/v1/file/50200001", old.event_date, old.published
    )
    ofsted.page(CWAC, "Cheshire West and Chester", [moved], '"b"')
    _code, rows = reconcile(ofsted, capsys)
    assert [r for r in rows if r["council"]] == []


def test_backfill_reads_the_history_pdfs(
    ofsted: Ofsted, capsys: pytest.CaptureFixture[str]
) -> None:
    ofsted.pdf("/files/100", visit_pdf("CWAC", kind="Focused visit", dates="8–9 May 2024"))
    code, out = ofsted.monitor(capsys, "backfill")
    assert code == 0, out
    [report] = ofsted.rows(capsys, "reports")
    assert report["judgement"] == "none"
    assert report["inspection_start"] == "2024-05-08" and report["inspection_end"] == "2024-05-09"
    assert history  # the page the fixture serves


def _scalar(world: Ofsted, statement: str) -> object:
    engine = create_engine(world.database)
    with engine.connect() as conn:
        value = conn.execute(text(statement)).scalar()
    engine.dispose()
    return value


SIF_RE = (
    "Re-inspection of services for children in need of help and protection, "
    "children looked after and care leavers"
)


def _reinspection(ofsted: Ofsted) -> None:
    """A SIF re-inspection (read right by today's reader: good, after inadequate) beside the
    focused visit of the fixture's history."""
    base = ofsted.site.base
    reports = [
        *history(base, 100),
        ProviderReport(
            "Children's services inspection",
            f"{base}/files/300",
            date(2017, 11, 6),
            date(2018, 1, 29),
        ),
    ]
    ofsted.page(CWAC, "Cheshire West and Chester", reports, '"cwac-sif"')
    ofsted.pdf("/files/100", visit_pdf("CWAC", kind="Focused visit", dates="8–9 May 2024"))
    ofsted.pdf(
        "/files/300",
        sif_pdf(
            "Cheshire West and Chester",
            title=SIF_RE,
            dates="6 November – 30 November 2017",
            headline="Children's services in Cheshire West and Chester are good",
            grades=("Good", "Good", "Good", "Good", "Good"),
            previous=("Overall effectiveness: inadequate",),
        ),
    )


def test_backfill_heals_reports_an_older_reader_read_without_refetching(
    ofsted: Ofsted, capsys: pytest.CaptureFixture[str]
) -> None:
    _reinspection(ofsted)
    code, out = ofsted.monitor(capsys, "backfill")
    assert code == 0, out
    assert "0 re-read from stored PDFs" in out  # just read by today's reader
    # the archive as an older reader left it: the recalled grade taken as this one, the
    # framework not told apart, no version kept
    url = f"{ofsted.site.base}/files/300"
    ofsted.sql(
        "UPDATE report SET judgement = 'inadequate', inspection_type = 'ilacs_full', "
        f"previous_judgement = NULL, pdf_parser_version = NULL WHERE pdf_url = '{url}'"
    )
    ofsted.sql(
        "UPDATE story SET judgement = 'inadequate', inspection_type = 'ilacs_full', "
        "previous_judgement = NULL WHERE inspection_date = '2017-11-06'"
    )
    fetched = len(ofsted.site.gets("/files/300"))

    code, out = ofsted.monitor(capsys, "backfill")
    assert code == 0, out
    assert "Cheshire West and Chester: 0 added, 2 already stored, 1 re-read" in out
    assert "1 re-read from stored PDFs; no alerts sent" in out
    assert len(ofsted.site.gets("/files/300")) == fetched  # read from the stored text
    [sif] = [r for r in ofsted.rows(capsys, "reports") if r["pdf_url"] == url]
    assert (sif["inspection_type"], sif["judgement"]) == ("sif", "good")
    [story] = [s for s in ofsted.rows(capsys, "stories") if s["report_id"] == sif["id"]]
    assert (story["inspection_type"], story["judgement"]) == ("sif", "good")
    assert _scalar(ofsted, f"SELECT previous_judgement FROM story WHERE id = {story['id']}") == (
        "inadequate"
    )
    assert ofsted.site.posts("/hook") == []  # history never alerts

    code, out = ofsted.monitor(capsys, "backfill")  # healed once: nothing left to re-read
    assert "0 re-read from stored PDFs" in out
