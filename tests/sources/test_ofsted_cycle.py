"""The ``ofsted`` source in a real cycle against a loopback "Ofsted": provider pages, report
PDFs (generated here), the layout-change guard, the budget and the daily discovery check."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from standardwebhooks import Webhook

from monitor.cli import main
from monitor.councils import gazetteer
from monitor.sources.listing import LISTING_PATH
from tests.builders import ProviderReport, provider_page
from tests.servers import Route, Site
from tests.sources.pdfs import ilacs_pdf, visit_pdf

SECRET = "whsec_" + "c2VjcmV0LWtleS1mb3ItdGVzdHMtMTIzNDU2Nzg5MA=="
CWAC, HULL, LPOOL = "80448", "80477", "80485"
RI = "Requires improvement to be good"
TODAY = datetime.now(UTC).date()


def history(base: str, first_id: int) -> list[ProviderReport]:
    return [
        ProviderReport(
            "Children's services focused visit",
            f"{base}/files/{first_id}",
            date(2024, 5, 10),
            date(2024, 6, 14),
        )
    ]


@dataclass
class Ofsted:
    site: Site
    config: Path
    database: str

    def monitor(self, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
        capsys.readouterr()
        code = 0
        try:
            main(["--config", str(self.config), "--database", self.database, *args])
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        out = capsys.readouterr()
        return code, out.out + out.err

    def run(self, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
        _code, out = self.monitor(capsys, "run", "--once", "--format", "json")
        return dict(json.loads(out))

    def rows(self, capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
        _code, out = self.monitor(capsys, *args, "--format", "json")
        return [json.loads(line) for line in out.splitlines() if line.startswith("{")]

    def page(self, urn: str, name: str, reports: list[ProviderReport], etag: str) -> None:
        self.site.serve(f"/provider/44/{urn}", provider_page(name, urn, reports), etag=etag)

    def pdf(self, path: str, content: bytes) -> None:
        self.site.serve(path, content, content_type="application/pdf")

    def webhooks(self) -> list[dict[str, object]]:
        hook = Webhook(SECRET)
        return [
            hook.verify(r.body, {k.lower(): v for k, v in r.headers.items()})
            for r in self.site.posts("/hook")
        ]

    def sql(self, statement: str) -> None:
        engine = create_engine(self.database)
        with engine.begin() as conn:
            conn.execute(text(statement))
        engine.dispose()


def write_config(path: Path, site: Site, *, extra: str = "", track: str = '["CWAC"]') -> None:
    path.write_text(
        f"""
[monitor]
user_agent = "ofsted-monitor-test (+mailto:test@example.org)"
host_delay = "0s"

[councils]
track = {track}

[[sources]]
name = "ofsted"
kind = "ofsted"
base_url = "{site.base}"
request_delay = 0
{extra}

[[channels]]
name = "hook"
kind = "webhook"
url = "{site.url("/hook")}"
secret_env = "TEST_WEBHOOK_SECRET"
""",
        encoding="utf-8",
    )


@pytest.fixture
def ofsted(
    site: Site, tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Ofsted]:
    monkeypatch.setenv("TEST_WEBHOOK_SECRET", SECRET)
    config = tmp_path / "sources.toml"
    write_config(config, site)
    world = Ofsted(site, config, database_url)
    world.page(CWAC, "Cheshire West and Chester", history(site.base, 100), '"cwac-1"')
    yield world


def new_ilacs(base: str) -> ProviderReport:
    return ProviderReport(
        "Children's services inspection", f"{base}/files/200", TODAY - timedelta(days=40), TODAY
    )


def test_new_report_alert_carries_the_pdf_judgement(
    ofsted: Ofsted, capsys: pytest.CaptureFixture[str]
) -> None:
    first = ofsted.run(capsys)
    assert first["new"] == 1 and first["alerts_queued"] == 0  # baseline: history, no alert
    assert ofsted.site.gets("/files/100") == []  # history PDFs are for `monitor backfill`

    base = ofsted.site.base
    ofsted.page(CWAC, "Cheshire West and Chester", [new_ilacs(base), *history(base, 100)], '"2"')
    ofsted.pdf(
        "/files/200",
        ilacs_pdf(
            "Cheshire West and Chester",
            dates="2 to 6 March 2026",
            grades=("Good", RI, "Good", "Good", RI),
        ),
    )
    second = ofsted.run(capsys)
    assert second["new"] == 1 and second["alerts_queued"] == 1 and second["alerts_sent"] == 1
    [body] = ofsted.webhooks()
    report = body["report"]
    assert isinstance(report, dict)
    assert report["judgement"] == "requires_improvement"
    assert report["inspection_type"] == "ilacs_short"  # a 5-day span
    assert report["sub_judgements"] == {
        "leadership": "good",
        "help_and_protection": "requires_improvement",
        "children_in_care": "good",
        "care_leavers": "good",
    }
    [stored] = [r for r in ofsted.rows(capsys, "reports") if r["pdf_url"] == f"{base}/files/200"]
    assert stored["judgement"] == "requires_improvement"
    assert stored["inspection_start"] == "2026-03-02" and stored["inspection_end"] == "2026-03-06"


def test_failed_pdf_keeps_the_report_alerts_with_null_and_is_retried(
    ofsted: Ofsted, capsys: pytest.CaptureFixture[str]
) -> None:
    ofsted.run(capsys)
    base = ofsted.site.base
    ofsted.page(CWAC, "Cheshire West and Chester", [new_ilacs(base), *history(base, 100)], '"2"')
    ofsted.site.serve("/files/200", "<html><title>Slim Application Error</title></html>")
    summary = ofsted.run(capsys)
    assert summary["alerts_sent"] == 1
    assert summary["skipped"]["report PDF failed (report kept, retried later)"] == 1  # type: ignore[index]
    [body] = ofsted.webhooks()
    assert body["report"]["judgement"] is None  # type: ignore[index]
    [stored] = [r for r in ofsted.rows(capsys, "reports") if r["pdf_url"] == f"{base}/files/200"]
    assert stored["judgement"] is None

    # not due yet: the next cycle does not ask again
    ofsted.run(capsys)
    assert len(ofsted.site.gets("/files/200")) == 1

    ofsted.pdf(
        "/files/200",
        ilacs_pdf("CWAC", dates="1–12 June 2026", grades=("Good", "Good", "Good", "Good", "Good")),
    )
    ofsted.sql("UPDATE report SET pdf_next_attempt_at = '2000-01-01 00:00:00'")
    ofsted.run(capsys)
    [stored] = [r for r in ofsted.rows(capsys, "reports") if r["pdf_url"] == f"{base}/files/200"]
    assert stored["judgement"] == "good" and stored["inspection_type"] == "ilacs_full"
    [story] = [s for s in ofsted.rows(capsys, "stories") if s["report_id"] == stored["id"]]
    assert story["judgement"] == "good"
    assert len(ofsted.webhooks()) == 1  # one alert per event, ever


def test_visit_report_is_ungraded(ofsted: Ofsted, capsys: pytest.CaptureFixture[str]) -> None:
    ofsted.run(capsys)
    base = ofsted.site.base
    visit = ProviderReport(
        "Children's services focused visit", f"{base}/files/300", TODAY - timedelta(days=30), TODAY
    )
    ofsted.page(CWAC, "Cheshire West and Chester", [visit, *history(base, 100)], '"3"')
    ofsted.pdf("/files/300", visit_pdf("CWAC", kind="Focused visit", dates="3 and 4 June 2026"))
    ofsted.run(capsys)
    [body] = ofsted.webhooks()
    assert body["report"]["judgement"] == "none"  # type: ignore[index]
    assert body["report"]["inspection_type"] == "focused_visit"  # type: ignore[index]


@pytest.mark.parametrize(
    "broken",
    [
        provider_page("Cheshire West and Chester", CWAC, []),  # the timeline lost its reports
        "<html><head><title>Slim Application Error</title></head>"
        "<body><h1>Slim Application Error</h1></body></html>",  # an error page with 200
        "<html><body><h1>Cheshire West and Chester</h1><p>Redesigned.</p></body></html>",
    ],
)
def test_layout_change_is_a_parse_failure_never_removal(
    ofsted: Ofsted, capsys: pytest.CaptureFixture[str], broken: str
) -> None:
    ofsted.run(capsys)
    ofsted.site.serve(f"/provider/44/{CWAC}", broken, etag='"broken"')
    code, out = ofsted.monitor(capsys, "run", "--once", "--format", "json")
    summary = json.loads(out)
    assert code == 1
    [source] = summary["sources"]
    assert source["status"] == "error"
    assert "Cheshire West and Chester" in source["errors"][0]
    [health] = ofsted.rows(capsys, "sources")
    assert health["failures_in_a_row"] == 1 and health["last_error"]
    assert len(ofsted.rows(capsys, "reports")) == 1  # nothing removed

    # the broken page's ETag was not kept: the next cycle asks again, and fails again
    ofsted.run(capsys)
    [health] = ofsted.rows(capsys, "sources")
    assert health["failures_in_a_row"] == 2


def test_empty_page_of_a_new_council_is_fine(
    ofsted: Ofsted, capsys: pytest.CaptureFixture[str]
) -> None:
    ofsted.page(CWAC, "Cheshire West and Chester", [], '"empty"')
    summary = ofsted.run(capsys)
    assert summary["sources"][0]["status"] == "ok"  # type: ignore[index]


def test_budget_leaves_the_rest_for_the_next_cycle(
    site: Site, ofsted: Ofsted, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(
        ofsted.config, site, extra="max_requests = 3", track='["CWAC", "Hull", "Liverpool"]'
    )
    ofsted.page(HULL, "Kingston upon Hull", history(site.base, 400), '"hull"')
    ofsted.page(LPOOL, "Liverpool", history(site.base, 500), '"lpool"')
    summary = ofsted.run(capsys)
    # listing page (404 here) + two provider pages; the third waits
    assert summary["skipped"]["request budget spent (the rest next cycle)"] == 1  # type: ignore[index]
    assert ofsted.site.gets(f"/provider/44/{LPOOL}") == []
    assert len(ofsted.rows(capsys, "reports")) == 2


def _listing(site: Site, start: int, providers: list[tuple[str, str]]) -> None:
    items = "\n".join(
        f'<li class="search-result"><h3><a href="/provider/44/{urn}">{name}</a></h3></li>'
        for urn, name in providers
    )
    site.serve(
        LISTING_PATH.format(start=start, rows=100),
        f"<html><head><title>Search results</title></head><body><h1>Search results</h1>"
        f'<ul class="results-list">{items}</ul></body></html>',
    )


def test_discovery_reports_unknown_urns_and_names_once_a_day(
    site: Site, ofsted: Ofsted, capsys: pytest.CaptureFixture[str]
) -> None:
    councils = sorted(
        (c for c in gazetteer().councils if c.ofsted_urn), key=lambda c: c.ofsted_urn or ""
    )
    providers = [(c.ofsted_urn or "", c.name) for c in councils]
    providers[0] = ("99999", "Newtown Borough Council")  # unknown URN; its council is not listed
    providers[1] = (providers[1][0], "Somewhere Else Entirely")  # a name that is not that URN's
    _listing(site, 0, providers[:100])
    _listing(site, 100, providers[100:])
    summary = ofsted.run(capsys)
    assert summary["skipped"] == {  # type: ignore[comparison-overlap]
        "discovery: unknown urn": 1,
        "discovery: not listed": 1,
        "discovery: name mismatch": 1,
    }
    assert summary["sources"][0]["status"] == "ok"  # type: ignore[index]
    first = LISTING_PATH.format(start=0, rows=100)
    assert (
        len(site.gets(first)) == 1 and len(site.gets(LISTING_PATH.format(start=100, rows=100))) == 1
    )
    ofsted.run(capsys)
    assert len(site.gets(first)) == 1  # checked daily, not every cycle


def test_discovery_listing_matches_the_bundled_reference(site: Site) -> None:
    from monitor.sources.listing import compare_listing, parse_listing

    folder = Path(__file__).resolve().parents[2] / "cassettes" / "listing"
    listed = [
        provider
        for name in ("la-children-services-0.html", "la-children-services-100.html")
        for provider in parse_listing((folder / name).read_bytes(), url=site.base)
    ]
    assert len(listed) == 153
    assert compare_listing(listed) == []


def test_pacer_raises_each_ofsted_hosts_delay_and_counts_the_budget() -> None:
    from monitor.sources.polite import BudgetSpent, Pacer

    class Gate:
        def __init__(self) -> None:
            self.delays: dict[str, float | None] = {}

        def set_crawl_delay(self, host: str, seconds: float | None) -> None:
            self.delays[host] = seconds

    gate = Gate()
    pacer = Pacer(gate, delay_s=1.0, budget=2)
    pacer.before("https://reports.ofsted.gov.uk/provider/44/80448")
    pacer.before("https://files.ofsted.gov.uk/v1/file/1")
    assert gate.delays == {
        "https://reports.ofsted.gov.uk": 1.0,
        "https://files.ofsted.gov.uk": 1.0,
    }
    with pytest.raises(BudgetSpent):
        pacer.before("https://reports.ofsted.gov.uk/provider/44/80477")


def test_redirected_pdf_route_is_followed(
    ofsted: Ofsted, capsys: pytest.CaptureFixture[str]
) -> None:
    ofsted.run(capsys)
    base = ofsted.site.base
    ofsted.page(CWAC, "Cheshire West and Chester", [new_ilacs(base), *history(base, 100)], '"2"')
    ofsted.site.routes["/files/200"] = Route(b"", 302, {"Location": f"{base}/files/real-200"})
    ofsted.pdf(
        "/files/real-200",
        ilacs_pdf("CWAC", dates="1–12 June 2026", grades=("Good",) * 4 + ("Outstanding",)),
    )
    ofsted.run(capsys)
    assert ofsted.webhooks()[0]["report"]["judgement"] == "outstanding"  # type: ignore[index]
