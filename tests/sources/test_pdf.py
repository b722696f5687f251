"""monitor.sources.pdf on report PDFs generated here (fpdf2) in Ofsted's layout."""

from __future__ import annotations

from datetime import date

import pytest

from monitor.errors import ParseError
from monitor.sources.pdf import (
    facts_from_text,
    ilacs_kind,
    parse_date_range,
    pdf_text,
    read_report,
)
from tests.sources.pdfs import ILACS_LABELS, ilacs_pdf, image_only_pdf, send_pdf, visit_pdf

RI = "Requires improvement to be good"


def test_standard_ilacs_judgement_table() -> None:
    content = ilacs_pdf(
        "Exampleshire County Council",
        dates="14–25 September 2026",
        grades=("Good", RI, "Good", "Outstanding", RI),
    )
    facts = read_report(content, inspection_type="ilacs_full")
    assert facts.judgement == "requires_improvement"
    assert facts.sub_judgements == {
        "leadership": "good",
        "help_and_protection": "requires_improvement",
        "children_in_care": "good",
        "care_leavers": "outstanding",
    }
    assert (facts.inspection_start, facts.inspection_end) == (date(2026, 9, 14), date(2026, 9, 25))
    assert facts.inspection_type == "ilacs_full"
    assert len(facts.sha256) == 64
    assert "Lead inspector" in facts.text


def test_short_ilacs_from_the_span() -> None:
    content = ilacs_pdf(
        "Exampleton Borough Council",
        dates="2 to 6 March 2026",
        grades=("Good", "Good", "Good", "Good", "Good"),
    )
    facts = read_report(content, inspection_type="ilacs_full")
    assert facts.inspection_type == "ilacs_short"
    assert facts.judgement == "good"


def test_pre_2023_table_with_four_judgements() -> None:
    labels = (
        ILACS_LABELS[0],
        ILACS_LABELS[1],
        "The experiences and progress of children in care and care leavers",
        "Overall effectiveness",
    )
    content = ilacs_pdf(
        "Oldtown City Council",
        dates="19 November–30 November 2018",
        grades=("Inadequate", "Inadequate", RI, "Inadequate"),
        labels=labels,
    )
    facts = read_report(content, inspection_type="ilacs_full")
    assert facts.judgement == "inadequate"
    assert facts.sub_judgements == {
        "leadership": "inadequate",
        "help_and_protection": "inadequate",
        "children_in_care": "requires_improvement",
    }
    assert (facts.inspection_start, facts.inspection_end) == (
        date(2018, 11, 19),
        date(2018, 11, 30),
    )


@pytest.mark.parametrize(
    ("kind", "itype"),
    [("Focused visit", "focused_visit"), ("Monitoring visit", "monitoring_visit")],
)
def test_visit_letters_have_no_grade(kind: str, itype: str) -> None:
    content = visit_pdf("Sampleford Council", kind=kind, dates="3 and 4 June 2026")
    facts = read_report(content, inspection_type=itype)
    assert facts.judgement == "none"
    assert facts.sub_judgements == {}
    assert (facts.inspection_start, facts.inspection_end) == (date(2026, 6, 3), date(2026, 6, 4))


def test_unknown_label_recognised_as_a_visit_from_the_letter() -> None:
    content = visit_pdf("Sampleford Council", kind="Monitoring visit", dates="9–10 July 2026")
    facts = read_report(content, inspection_type="other")
    assert facts.inspection_type == "monitoring_visit"
    assert facts.judgement == "none"


def test_visit_that_recalls_an_earlier_grade_is_still_ungraded() -> None:
    text = (
        "Focused visit to Sampleford children's services. Visit dates: 3 and 4 June 2026. "
        "At the last inspection in 2024, overall effectiveness was judged inadequate."
    )
    assert facts_from_text(text, inspection_type="focused_visit").judgement == "none"


@pytest.mark.parametrize("outcome", ["positive", "inconsistent", "systemic"])
def test_area_send_outcome(outcome: str) -> None:
    content = send_pdf("Exampleshire", dates="10 to 14 March 2025", outcome=outcome)
    facts = read_report(content, inspection_type="area_send")
    assert facts.send_outcome == outcome
    assert facts.judgement == "none"
    assert facts.inspection_start == date(2025, 3, 10)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14–25 September 2026", (date(2026, 9, 14), date(2026, 9, 25))),
        ("14 - 25 September 2026", (date(2026, 9, 14), date(2026, 9, 25))),
        ("14\u00a0to\u00a025 September 2026", (date(2026, 9, 14), date(2026, 9, 25))),
        ("14  to  25  September  2026", (date(2026, 9, 14), date(2026, 9, 25))),
        ("28 September to 9 October 2026", (date(2026, 9, 28), date(2026, 10, 9))),
        ("19 November—30 November 2018", (date(2018, 11, 19), date(2018, 11, 30))),
        ("30 November 2026 – 4 December 2026", (date(2026, 11, 30), date(2026, 12, 4))),
        ("28 December to 8 January 2027", (date(2026, 12, 28), date(2027, 1, 8))),
        ("1 4 to 25 May 2026", (date(2026, 5, 14), date(2026, 5, 25))),
        ("6 March 2026", (date(2026, 3, 6), date(2026, 3, 6))),
        ("no date here", (None, None)),
    ],
)
def test_date_ranges(text: str, expected: tuple[date | None, date | None]) -> None:
    assert parse_date_range(text) == expected


def test_dates_line_variants_in_text() -> None:
    text = "Inspection dates:\u00a012\u2009–\u200923 January 2026\nLead inspector: A Person"
    facts = facts_from_text(text, inspection_type="ilacs_full")
    assert (facts.inspection_start, facts.inspection_end) == (date(2026, 1, 12), date(2026, 1, 23))


def test_ilacs_kind_threshold() -> None:
    assert ilacs_kind(date(2026, 3, 2), date(2026, 3, 9)) == "ilacs_short"
    assert ilacs_kind(date(2026, 3, 2), date(2026, 3, 10)) == "ilacs_full"


def test_prose_grade_far_from_a_label_is_ignored() -> None:
    text = (
        "Inspection dates: 2 to 13 March 2026. Overall effectiveness of services has been a "
        "concern for leaders for several years and inspectors saw many changes before finding "
        "practice good."
    )
    assert facts_from_text(text, inspection_type="ilacs_full").judgement is None


@pytest.mark.parametrize(
    "content",
    [b"", b"<!DOCTYPE html><html><body>Slim Application Error</body></html>", b"%PDF-1.4 junk"],
)
def test_not_a_pdf_raises(content: bytes) -> None:
    with pytest.raises(ParseError):
        pdf_text(content, url="https://files.ofsted.gov.uk/v1/file/1")


def test_pdf_without_text_layer_raises() -> None:
    with pytest.raises(ParseError, match="no text"):
        pdf_text(image_only_pdf())
