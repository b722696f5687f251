"""monitor.sources.ofsted against the provider-page cassettes and their expected parses."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from monitor.errors import ParseError
from monitor.sources.base import ProviderPage
from monitor.sources.ofsted import (
    inspection_type_for_label,
    parse_date,
    parse_provider_page,
    provider_url,
)

OFSTED = Path(__file__).resolve().parents[2] / "cassettes" / "ofsted"
BASE = "https://reports.ofsted.gov.uk"

# case file -> URN of the page
CASES = {
    "provider-80448.html": "80448",  # Cheshire West and Chester
    "provider-80477.html": "80477",  # Kingston upon Hull, City of
    "provider-80485.html": "80485",  # Liverpool
    "provider-odd-labels.html": "80554",  # Solihull: unknown labels, odd spacing and dashes
    "provider-empty.html": "2733698",  # Westmorland and Furness: no reports yet
}


def as_json(page: ProviderPage) -> dict[str, Any]:
    data = dataclasses.asdict(page)
    data["reports"] = [
        {k: (v.isoformat() if isinstance(v, date) else v) for k, v in report.items()}
        for report in data["reports"]
    ]
    return data


def parse_case(name: str) -> ProviderPage:
    urn = CASES[name]
    content = (OFSTED / name).read_bytes()
    return parse_provider_page(content, url=provider_url(BASE, urn), urn=urn)


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_expected(name: str) -> None:
    expected = json.loads((OFSTED / f"{Path(name).stem}.expected.json").read_text("utf-8"))
    assert as_json(parse_case(name)) == expected


def test_provider_url() -> None:
    assert provider_url(BASE, "80448") == "https://reports.ofsted.gov.uk/provider/44/80448"
    assert (
        provider_url("http://127.0.0.1:8123/", "80477") == "http://127.0.0.1:8123/provider/44/80477"
    )


def test_cheshire_west_timeline() -> None:
    page = parse_case("provider-80448.html")
    assert page.name == "Cheshire West and Chester"
    assert [r.inspection_type for r in page.reports] == [
        "ilacs_full", "focused_visit", "area_send", "jtai", "ilacs_full", "ilacs_full",
    ]  # fmt: skip
    latest = page.reports[0]
    assert latest.pdf_url == "https://files.ofsted.gov.uk/v1/file/50291746"
    assert latest.event_date == date(2026, 9, 28)
    assert latest.published == date(2026, 11, 20)
    assert latest.page_url == "https://reports.ofsted.gov.uk/provider/44/80448"


def test_registration_entry_is_not_a_report() -> None:
    page = parse_case("provider-80477.html")
    assert len(page.reports) == 6
    assert all(r.pdf_url.startswith("https://files.ofsted.gov.uk/") for r in page.reports)


def test_monitoring_visits() -> None:
    page = parse_case("provider-80485.html")
    assert [r.published for r in page.reports if r.inspection_type == "monitoring_visit"] == [
        date(2025, 7, 25),
        date(2024, 12, 20),
    ]


def test_unknown_label_double_space_dashes_and_relative_links() -> None:
    reports = parse_case("provider-odd-labels.html").reports
    assert [(r.label, r.inspection_type) for r in reports] == [
        ("Local authority statutory arrangements review", "other"),
        ("Children's services inspection", "ilacs_full"),
        ("Inspection of safeguarding and looked after children services", "other"),
    ]
    assert [r.event_date for r in reports] == [
        date(2026, 2, 2),
        date(2016, 6, 20),
        date(2013, 3, 4),
    ]
    assert [r.published for r in reports] == [
        date(2026, 3, 13),
        date(2016, 8, 5),
        date(2013, 4, 26),
    ]
    assert (
        reports[1].pdf_url == "https://reports.ofsted.gov.uk/provider/files/2611234/urn/80554.pdf"
    )
    assert reports[2].pdf_url == "https://files.ofsted.gov.uk/v1/file/2112870"


def test_no_reports_yet_is_an_empty_tuple() -> None:
    page = parse_case("provider-empty.html")
    assert page.name == "Westmorland and Furness Council"
    assert page.reports == ()


def test_error_page_served_with_200_raises() -> None:
    content = (OFSTED / "provider-error-200.html").read_bytes()
    url = provider_url(BASE, "80448")
    with pytest.raises(ParseError, match="slim application error") as info:
        parse_provider_page(content, url=url, urn="80448")
    assert info.value.url == url


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Page not found - Ofsted</title></head><body><h1>Page not found</h1>"
        "<p>If you typed the web address, check it is correct.</p></body></html>",
        "<html><head><title>Ofsted</title></head><body><p>Loading...</p></body></html>",
        "",
    ],
    ids=["not-found", "no-heading", "empty"],
)
def test_pages_that_are_not_provider_pages_raise(html: str) -> None:
    with pytest.raises(ParseError):
        parse_provider_page(html, url=provider_url(BASE, "80448"), urn="80448")


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Children's services inspection", "ilacs_full"),
        ("Children’s services  inspection", "ilacs_full"),
        ("Children's services focused visit", "focused_visit"),
        ("Monitoring visit", "monitoring_visit"),
        ("Children's services monitoring visit", "monitoring_visit"),
        ("Joint area child protection inspection", "jtai"),
        ("Joint targeted area inspection", "jtai"),
        ("JTAI", "jtai"),
        ("Area SEND full inspection", "area_send"),
        ("Area SEND monitoring inspection", "area_send"),
        ("Local authority statutory arrangements review", "other"),
        ("", "other"),
    ],
)
def test_inspection_type_for_label(label: str, expected: str) -> None:
    assert inspection_type_for_label(label) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18 November 2024", date(2024, 11, 18)),
        ("18  November  2024", date(2024, 11, 18)),
        ("18\xa0November\xa02024", date(2024, 11, 18)),
        ("18–29 November 2024", date(2024, 11, 18)),
        ("18 — 29 November 2024", date(2024, 11, 18)),
        ("19 November–30 November 2018", date(2018, 11, 19)),
        ("28 November 2024 - 6 December 2024", date(2024, 11, 28)),
        ("30 December 2024 – 10 January 2025", date(2024, 12, 30)),
        ("2026-11-20", date(2026, 11, 20)),
        ("4 Sept 2023", date(2023, 9, 4)),
        ("31 February 2024", None),
        ("soon", None),
        ("", None),
    ],
)
def test_parse_date_variants(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected
