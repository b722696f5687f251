"""`monitor reconcile` and `monitor backfill` against a loopback "Ofsted"."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.builders import ProviderReport, provider_page
from tests.sources.pdfs import visit_pdf
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
