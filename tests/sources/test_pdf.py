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
from tests.sources.pdfs import (
    ILACS_LABELS,
    ilacs_pdf,
    image_only_pdf,
    letter_pdf,
    old_scale_pdf,
    report_with_paragraphs,
    send_pdf,
    sif_pdf,
    visit_pdf,
)

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
    facts = facts_from_text(text, inspection_type="focused_visit")
    assert facts.judgement == "none"
    assert facts.previous_judgement == "inadequate"


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
        ("12/09/2016 to 06/10/2016", (date(2016, 9, 12), date(2016, 10, 6))),
        ("1/06/2015 – 25/06/2015", (date(2015, 6, 1), date(2015, 6, 25))),
        ("18 Feb 2014 – 12 March 2014", (date(2014, 2, 18), date(2014, 3, 12))),
        ("3 Sept. to 14 Sept 2017", (date(2017, 9, 3), date(2017, 9, 14))),
        ("02 March 2020 to 13 March 2020", (date(2020, 3, 2), date(2020, 3, 13))),
        ("Monday 7 June 2021 to Friday 18 June 2021", (date(2021, 6, 7), date(2021, 6, 18))),
        (
            "19 November-11 December 2013 and 28 – 30\nJanuary 2014",
            (date(2013, 11, 19), date(2014, 1, 30)),
        ),
        ("7 and 8 June 2022", (date(2022, 6, 7), date(2022, 6, 8))),
        ("12/09/16 - 6/10/16", (date(2016, 9, 12), date(2016, 10, 6))),
        ("3 to 7 July (2017)", (None, None)),  # the year is not part of the dates
        ("14 to 25 September", (None, None)),  # no year written: not guessed
        ("31 to 34 June 2022", (None, None)),  # no such days
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


def test_dates_line_stops_at_the_next_field() -> None:
    text = (
        "Inspection dates: 6 to 10 February 2023\nDates of previous inspection: 3 to 7 July "
        "2017\nInspection outcome"
    )
    facts = facts_from_text(text, inspection_type="area_send")
    assert (facts.inspection_start, facts.inspection_end) == (date(2023, 2, 6), date(2023, 2, 10))


def test_no_dates_line_means_no_dates() -> None:
    text = "Inspection of Exampleton local authority children's services. Report issued in 2024."
    facts = facts_from_text(text, inspection_type="ilacs_full")
    assert (facts.inspection_start, facts.inspection_end) == (None, None)


# --- single inspection framework (2013-2018) ----------------------------------------------------
GOOD5 = ("Good", "Good", "Good", "Good", "Good")


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("The overall judgement is good.", "good"),
        ("The overall judgement is requires improvement", "requires_improvement"),
        (
            "The overall judgement is that children\u2019s services require\nimprovement",
            "requires_improvement",
        ),
        ("Children\u2019s services in Exampleton are inadequate", "inadequate"),
        (
            "Children\u2019s services in the Royal Borough of Sampleford and\nExampleton are "
            "outstanding",
            "outstanding",
        ),
        (
            "Children's services in Exampleton require improvement to be Good",
            "requires_improvement",
        ),
    ],
)
def test_sif_overall_judgement_is_the_headline_sentence(headline: str, expected: str) -> None:
    content = sif_pdf(
        "Exampleton Borough Council",
        dates="16 September 2014 – 8 October 2014",
        headline=headline,
        grades=("Good", "Require improvement", "Outstanding", "Inadequate", "Good"),
    )
    facts = read_report(content, inspection_type="ilacs_full")  # "Children's services inspection"
    assert facts.inspection_type == "sif"
    assert facts.judgement == expected
    assert facts.sub_judgements == {
        "help_and_protection": "good",
        "children_in_care": "requires_improvement",
        "adoption": "outstanding",
        "care_leavers": "inadequate",
        "leadership": "good",
    }
    assert (facts.inspection_start, facts.inspection_end) == (date(2014, 9, 16), date(2014, 10, 8))
    assert facts.previous_judgement is None


def test_sif_combined_with_the_lscb_review_keeps_the_boards_grade_apart() -> None:
    content = sif_pdf(
        "Exampleton Borough Council",
        dates="19 November 2013 – 11 December 2013",
        headline="The overall judgement is good.",
        grades=GOOD5,
        lscb="The judgement for the effectiveness of the Local Safeguarding Children\nBoard "
        "(LSCB) is requires improvement",
    )
    facts = read_report(content, inspection_type="ilacs_full")
    assert facts.judgement == "good"
    assert facts.lscb_judgement == "requires_improvement"


def test_sif_reinspection_recalls_the_earlier_grade_as_previous_only() -> None:
    content = sif_pdf(
        "Sampleford Council",
        title="Re-inspection of services for children in need of help and protection, "
        "children looked after and care leavers",
        dates="6 November – 30 November 2017",
        published="29 January 2018",
        headline="Children\u2019s services in Sampleford are good",
        grades=GOOD5,
        summary="Services have improved since the last Ofsted inspection in 2015, which "
        "identified widespread and serious failures.",
        previous=(
            "Overall effectiveness: inadequate",
            "Children who need help and protection: inadequate",
            "Children looked after and achieving permanence: inadequate",
        ),
    )
    facts = read_report(content, inspection_type="ilacs_full")
    assert facts.inspection_type == "sif"
    assert facts.judgement == "good"
    assert facts.sub_judgements["help_and_protection"] == "good"
    assert facts.previous_judgement == "inadequate"
    assert facts.published == date(2018, 1, 29)


def test_stand_alone_lscb_review_is_other_with_the_boards_grade() -> None:
    text = (
        "1 Exampleshire Safeguarding Children Board Review of the effectiveness of the Local "
        "Safeguarding Children Board Inspection date: 15 June 2015 – 17 June 2015 Report "
        "published: 3 August 2015 The Local Safeguarding Children Board is inadequate"
    )
    facts = facts_from_text(text, inspection_type="ilacs_full")
    assert facts.inspection_type == "other"
    assert facts.judgement == "inadequate"
    assert facts.published == date(2015, 8, 3)


@pytest.mark.parametrize(
    ("start", "expected"),
    [("12 May 2016", "sif"), ("14 May 2012", "other"), ("13 to 24 May 2019", "ilacs_full")],
)
def test_era_decides_the_framework_when_the_text_does_not_say(start: str, expected: str) -> None:
    text = f"Exampleton Council. Inspection dates: {start}. Overall effectiveness Good"
    assert facts_from_text(text, inspection_type="ilacs_full").inspection_type == expected


# --- ILACS ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("paragraph", "previous"),
    [
        (
            "Since the last inspection in 2016, when services were rated as good overall, there "
            "has been a marked decline.",
            "good",
        ),
        (
            "The last inspection, in May 2019, judged all services as requiring improvement to "
            "be good.",
            "requires_improvement",
        ),
        (
            "There have been improvements since the last inspection in 2015, when all areas of "
            "the service required improvement to be good.",
            "requires_improvement",
        ),
        (
            "Since the last inspection in 2017, when they were judged good overall, and "
            "outstanding for leadership, services have improved.",
            "good",
        ),
        # another council's grade, a part of the service, no grade at all: nothing recalled
        (
            "Children\u2019s services in the predecessor local authority, Oldshire County "
            "Council, were judged requires improvement to be good in November 2022.",
            None,
        ),
        (
            "Services have not improved since the previous Ofsted inspection in May 2011, when "
            "safeguarding arrangements were judged inadequate.",
            None,
        ),
        ("Children in care get a good service, and practice has improved since 2019.", None),
        (
            "Since the last inspection in 2019, some services have deteriorated and now require "
            "improvement to be good.",
            None,
        ),
    ],
)
def test_ilacs_recalled_grade_is_previous_and_the_table_is_this_one(
    paragraph: str, previous: str | None
) -> None:
    content = report_with_paragraphs(
        "Exampleton",
        dates="2 to 13 March 2026",
        grades=("Inadequate", "Inadequate", "Good", "Good", "Inadequate"),
        paragraphs=(paragraph,),
    )
    facts = read_report(content, inspection_type="ilacs_full")
    assert facts.judgement == "inadequate"
    assert facts.previous_judgement == previous


def test_split_fieldwork_counts_days_on_site() -> None:
    """One week on site with a two-day return later is a short inspection; the overall span
    (ten weeks) is not the time on site."""
    content = ilacs_pdf(
        "Exampleton Council",
        dates="5 to 9 December 2025 and 14 to 15 February 2026",
        grades=("Good", "Good", "Good", "Good", "Good"),
    )
    facts = read_report(content, inspection_type="ilacs_full")
    assert facts.inspection_type == "ilacs_short"
    assert (facts.inspection_start, facts.inspection_end) == (date(2025, 12, 5), date(2026, 2, 15))


def test_the_reports_own_words_decide_short_or_standard() -> None:
    text = (
        "Inspection of Exampleton local authority children's services Inspection dates: 3 to 14 "
        "March 2025 Overall effectiveness Good. This short inspection was extended because of "
        "the snow."
    )
    assert facts_from_text(text, inspection_type="ilacs_full").inspection_type == "ilacs_short"


# --- letters: focused visits, monitoring visits, JTAI, area SEND 2016-2022 -----------------------
def test_focused_visit_letter_dates_in_prose() -> None:
    content = letter_pdf(
        title="Focused visit to Exampleshire children\u2019s services",
        paragraphs=(
            "This letter summarises the findings of the focused visit to Exampleshire "
            "children\u2019s services on 7 and 8 June 2022. His Majesty\u2019s Inspectors for "
            "this visit were Alex Example and Sam Sample.",
            "The local authority was judged to be good at its last inspection in 2019.",
        ),
    )
    facts = read_report(content, inspection_type="focused_visit")
    assert facts.judgement == "none"
    assert facts.sub_judgements == {}
    assert (facts.inspection_start, facts.inspection_end) == (date(2022, 6, 7), date(2022, 6, 8))
    assert facts.previous_judgement == "good"


def test_monitoring_visit_filed_under_a_generic_label() -> None:
    content = letter_pdf(
        title="Monitoring visit to Exampleshire children\u2019s services",
        paragraphs=(
            "This letter summarises the findings of the third monitoring visit to Exampleshire "
            "children\u2019s services since the local authority was judged inadequate in "
            "March 2022. The last monitoring visit took place on 2 and 3 May 2023.",
            "This visit took place on 12 and 13 September 2023. Inspectors reviewed the "
            "progress made in the quality of practice for children in care.",
        ),
    )
    facts = read_report(content, inspection_type="ilacs_full")
    assert facts.inspection_type == "monitoring_visit"
    assert facts.judgement == "none"
    assert facts.previous_judgement == "inadequate"
    assert (facts.inspection_start, facts.inspection_end) == (
        date(2023, 9, 12),
        date(2023, 9, 13),
    )


def test_jtai_letter() -> None:
    content = letter_pdf(
        title="Joint targeted area inspection of the multi-agency response to children "
        "affected by domestic abuse in Exampleshire",
        paragraphs=(
            "Between 4 and 8 March 2024, Ofsted, the Care Quality Commission (CQC) and His "
            "Majesty\u2019s Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS) "
            "carried out a joint inspection of the multi-agency response in Exampleshire.",
        ),
    )
    facts = read_report(content, inspection_type="jtai")
    assert facts.inspection_type == "jtai"
    assert facts.judgement == "none"
    assert (facts.inspection_start, facts.inspection_end) == (date(2024, 3, 4), date(2024, 3, 8))


def test_area_send_letter_before_2023_has_no_outcome_in_the_vocabulary() -> None:
    content = letter_pdf(
        title="Joint local area SEND inspection in Exampleshire",
        paragraphs=(
            "Between 14 and 18 October 2019, Ofsted and the Care Quality Commission (CQC) "
            "conducted a joint inspection of the local area of Exampleshire to judge the "
            "effectiveness of the area in implementing the special educational needs and/or "
            "disability (SEND) reforms.",
            "As a result of the findings of this inspection, Her Majesty\u2019s Chief "
            "Inspector (HMCI) has determined that a Written Statement of Action (WSOA) is "
            "required because of significant areas of weakness in the local area\u2019s "
            "practice.",
        ),
    )
    facts = read_report(content, inspection_type="other")
    assert facts.inspection_type == "area_send"
    assert facts.judgement == "none"
    assert facts.send_outcome is None
    assert facts.inspection_start == date(2019, 10, 14)


# --- before November 2013: the old four-point scale ---------------------------------------------
def test_pre_2013_looked_after_children_inspection_on_the_old_scale() -> None:
    content = old_scale_pdf(
        "Exampleshire County Council",
        title="Inspection of looked after children services",
        dates="15 – 19 July 2013",
        rows=(
            ("Overall effectiveness", "Adequate"),
            ("Capacity to improve", "Good"),
            ("Outcomes for looked after children and young people", "Adequate"),
            ("Quality of provision", "Inadequate"),
            ("Leadership and management", "Adequate"),
        ),
    )
    facts = read_report(content, inspection_type="ilacs_full")
    assert facts.inspection_type == "other"
    assert facts.judgement == "adequate"
    assert facts.sub_judgements == {
        "capacity_to_improve": "good",
        "outcomes": "adequate",
        "quality_of_provision": "inadequate",
        "leadership": "adequate",
    }
    assert facts.previous_judgement is None  # the fostering service's grade is not overall
    assert (facts.inspection_start, facts.inspection_end) == (date(2013, 7, 15), date(2013, 7, 19))


def test_a_joint_area_review_is_an_older_framework_with_no_overall_grade() -> None:
    # the 2005-2009 joint area reviews: area grades on the old scale, no overall effectiveness
    text = (
        "Joint area review\n\nExampleshire\n\nChildren's Services Authority Area\n\nReview of "
        "services for children and young people\n\nAudit Commission\nHealthcare Commission\n"
        "Ofsted\n\nAge group:\nAll\n\nPublished:\n\n14 August 2007\n\nReference no:\n\n919\n\n"
        "Grades\n\nStaying safe 3\nCapacity to improve 3\n\nThe council's services for children "
        "were judged good in the last annual performance assessment."
    )
    for label in ("ilacs_full", None):  # filed as a children's services inspection, or not
        facts = facts_from_text(text, inspection_type=label)
        assert facts.inspection_type == "other"
        assert facts.judgement is None
        assert facts.published == date(2007, 8, 14)


def test_adequate_is_not_a_grade_after_2013() -> None:
    text = (
        "Inspection of Exampleton local authority children's services Inspection dates: 3 to "
        "14 March 2025 Overall effectiveness Adequate"
    )
    assert facts_from_text(text, inspection_type="ilacs_full").judgement is None


def test_sif_headline_further_on_and_never_a_recalled_one() -> None:
    text = (
        "Exampleton Council Inspection of services for children in need of help and protection, "
        "children looked after and care leavers Inspection date: 12 January 2015 to 5 February "
        "2015 1. Children who need help and protection Good. Executive summary. Children's "
        "services in Exampleton were judged inadequate in 2012. Since then much has changed. "
        "Children's services in Exampleton are good."
    )
    facts = facts_from_text(text, inspection_type="ilacs_full")
    assert facts.inspection_type == "sif"
    assert facts.judgement == "good"
    assert facts.previous_judgement == "inadequate"


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("Children's services in Exampleton are outstanding.", "outstanding"),
        (
            "Services to children and families in Exampleton Metropolitan Borough Council are "
            "inadequate. Over a long period, leaders have not secured effective oversight.",
            "inadequate",
        ),
        (
            "Services for children in Exampleton have deteriorated since the last inspection and "
            "are now inadequate.",
            "inadequate",
        ),
        ("Services for children and young people in Exampleton are good.", "good"),
    ],
)
def test_ilacs_without_a_table_falls_back_to_its_headline(headline: str, expected: str) -> None:
    text = (
        "Inspection of Exampleton local authority children's services Inspection dates: 3 to 14 "
        f"March 2025 {headline}"
    )
    for label in ("ilacs_full", None):  # filed as an inspection, or under no known label
        facts = facts_from_text(text, inspection_type=label)
        assert (facts.inspection_type, facts.judgement) == ("ilacs_full", expected)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Services for children in need were found to be good.", None),  # this visit's finding
        (
            "Since the last inspection in 2019, when services were found to be good, leaders "
            "have kept their focus.",
            "good",
        ),
        (
            "The local authority's services were assessed as inadequate in November 2016.",
            "inadequate",
        ),
    ],
)
def test_found_to_be_recalls_a_grade_only_when_it_looks_back(
    sentence: str, expected: str | None
) -> None:
    text = (
        "Focused visit to Sampleford children's services. This letter summarises the findings "
        f"of the focused visit to Sampleford children's services on 3 and 4 June 2026. {sentence}"
    )
    facts = facts_from_text(text, inspection_type="focused_visit")
    assert facts.previous_judgement == expected
    assert facts.judgement == "none"


def test_annual_rating_reads_the_councils_grade_not_the_key_to_the_scale() -> None:
    text = (
        "Annual children's services assessment. Key: performs excellently (4), performs well "
        "(3), performs adequately (2), performs poorly (1). Overall effectiveness of children's "
        "services: performs adequately (2)."
    )
    facts = facts_from_text(text, inspection_type="other")
    assert facts.inspection_type == "annual_rating_2009"
    assert facts.judgement == "adequate"
    poorly = text.replace("services: performs adequately (2)", "services: performs poorly (1)")
    assert facts_from_text(poorly, inspection_type="other").judgement is None


def test_a_date_another_document_was_published_on_is_not_this_ones() -> None:
    text = (
        "Joint area SEND revisit in Sampleshire. Between 8 and 10 October 2025, Ofsted and the "
        "CQC revisited the area, whose inspection report letter was published on 7 March 2024."
    )
    facts = facts_from_text(text, inspection_type="area_send")
    assert facts.published is None
    assert (facts.inspection_start, facts.inspection_end) == (date(2025, 10, 8), date(2025, 10, 10))
    labelled = facts_from_text("Report published: 12 May 2025. " + text, inspection_type=None)
    assert labelled.published == date(2025, 5, 12)


@pytest.mark.parametrize(
    "opening",
    [
        "The visit was conducted on 7 and 8 June 2022.",
        "Her Majesty's Inspectors visited Sampleford children's services on 7 and 8 June 2022.",
        "Inspectors inspected the front door between 7 and 8 June 2022.",
        "The monitoring visit was held on 7 and 8 June 2022.",
    ],
)
def test_a_letters_dates_after_other_verbs_of_the_visit(opening: str) -> None:
    text = f"Dear Director. Sampleford children's services. {opening} Inspectors read records."
    facts = facts_from_text(text, inspection_type="monitoring_visit")
    assert (facts.inspection_start, facts.inspection_end) == (date(2022, 6, 7), date(2022, 6, 8))


def test_a_letter_that_only_recalls_an_earlier_visit_has_no_dates() -> None:
    text = (
        "Dear Director. Sampleford children's services. Inspectors last visited the council "
        "on 7 and 8 June 2022. This letter sets out our findings."
    )
    facts = facts_from_text(text, inspection_type="monitoring_visit")
    assert (facts.inspection_start, facts.inspection_end) == (None, None)


def test_an_annual_rating_has_no_inspection_dates_of_its_own() -> None:
    text = (
        "Annual children's services assessment. The unannounced inspection of contact, referral "
        "and assessment arrangements on 9 and 10 June 2010 found no areas for priority action. "
        "Overall effectiveness of children's services: performs adequately (2)."
    )
    facts = facts_from_text(text, inspection_type="other")
    assert facts.inspection_type == "annual_rating_2009"
    assert (facts.inspection_start, facts.inspection_end) == (None, None)


def test_an_assurance_visit_letter_is_an_ungraded_other() -> None:
    text = (
        "Dear Director. Assurance visit to Sampleford children's services. This letter "
        "summarises the findings of the assurance visit to Sampleford children's services on "
        "10 and 11 November 2020. The visit used the inspection of local authority children's "
        "services framework. Since the last inspection in 2018, when services were judged "
        "good, leaders have kept children safe."
    )
    facts = facts_from_text(text, inspection_type="other")
    assert (facts.inspection_type, facts.judgement) == ("other", "none")
    assert facts.previous_judgement == "good"
    assert facts.inspection_start == date(2020, 11, 10)


def test_a_letter_of_an_unknown_kind_is_never_a_report_by_its_era() -> None:
    text = (
        "Dear Director. Sampleford children's services. This letter sets out the findings of "
        "the visit to Sampleford children's services on 3 and 4 March 2021."
    )
    facts = facts_from_text(text, inspection_type="ilacs_full")
    assert (facts.inspection_type, facts.judgement) == ("other", None)
    assert facts.inspection_start == date(2021, 3, 3)


@pytest.mark.parametrize(
    "sentence",
    [
        "At the last inspection in 2019, services were judged \u2018inadequate\u2019.",
        'Since the last inspection, which gave a judgement of "inadequate", leaders have changed.',
    ],
)
def test_a_recalled_grade_in_quotes(sentence: str) -> None:
    text = f"Focused visit to Sampleford children's services. {sentence}"
    facts = facts_from_text(text, inspection_type="focused_visit")
    assert facts.previous_judgement == "inadequate"


def test_a_footnote_marker_between_a_row_label_and_its_grade() -> None:
    # a text extraction that keeps a superscript footnote marker inline, as a line of its own
    text = (
        "Exampleshire County Council\n"
        "Inspection of services for children in need of help and protection, children "
        "looked after and care leavers\n"
        "Inspection date: 2 March 2015 – 24 March 2015\n"
        "Report published: 5 May 2015\n"
        "The overall judgement is that children's services are good\n"
        "The judgements on areas of the service that contribute to overall effectiveness are:\n"
        "1. Children who need help and protection Good\n"
        "2. Children looked after and achieving permanence Good\n"
        "2.1 Adoption performance Good\n"
        "2.2 Experiences and progress of care leavers Requires improvement\n"
        "3. Leadership, management and governance\n1\nOutstanding\n"
        "1 Ofsted produces this report under its power to combine reports.\n"
    )
    facts = facts_from_text(text, inspection_type="ilacs_full")
    assert facts.inspection_type == "sif"
    assert facts.judgement == "good"
    assert facts.sub_judgements == {
        "help_and_protection": "good",
        "children_in_care": "good",
        "adoption": "good",
        "care_leavers": "requires_improvement",
        "leadership": "outstanding",
    }
