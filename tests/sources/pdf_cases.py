"""Invented Ofsted documents of the kinds the real corpus lacks, with the labels a careful reader
gives them (the fields of ``../shared/corpus/ofsted-pdfs/labels.jsonl``).

Every sentence here is written for these tests: the councils are real names, the content,
people and grades are invented. The FORMS follow how Ofsted writes each kind of document
(title, letter opening, how dates are written, tables, recalled grades): focused-visit and
monitoring-visit letters (dates only in prose), JTAI letters, area SEND letters of the
2016-2022 framework (first inspections and revisits), SIF re-inspections (2016-2018), ILACS
reports of other layouts (2018-2025), pre-2013 inspections on the old four-point scale,
unannounced inspections of contact, referral and assessment (2009-2012) and the annual
children's services assessments (2009-2011).

``label`` is the provider-page label the PDF would be filed under; ``extracted`` are
replacements applied to the extracted text, for what pypdf gives on Ofsted's own fonts and
the test PDFs' core fonts cannot carry (ligature glyphs such as U+FB00 "ff", U+FB01 "fi").
``expect`` holds the fields checked: ``sub_judgements`` only where given.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.sources.pdfs import Block

LETTERHEAD: Block = (
    "cols",
    "Ofsted\nPiccadilly Gate\nStore Street\nManchester\nM1 2WD",
    "T 0300 123 1231\nTextphone 0161 618 8524\nenquiries@ofsted.gov.uk\nwww.gov.uk/ofsted",
)
OLD_LETTERHEAD: Block = (
    "cols",
    "Ofsted\nAlexandra House\n33 Kingsway\nLondon\nWC2B 6SE",
    "T 0300 123 1231\nDirect T 0117 945 6293\nenquiries@ofsted.gov.uk\nwww.ofsted.gov.uk",
)
RI = "Requires improvement to be good"
ILACS_2018 = (
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care and care leavers",
    "Overall effectiveness",
)
ILACS_2023 = (
    "Overall effectiveness",
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers",
)
SIF_ROWS = (
    "1. Children who need help and protection",
    "2. Children looked after and achieving permanence",
    "2.1 Adoption performance",
    "2.2 Experiences and progress of care leavers",
    "3. Leadership, management and governance",
)
PRACTICE = (
    "Inspectors spoke to social workers, team managers and senior leaders, and looked at "
    "the records of children and their families. They also considered the local authority's "
    "own audits and its performance information."
)
SIGN_OFF = "Yours sincerely\n\nJordan Blake\nHer Majesty's Inspector"


def _graded(labels: tuple[str, ...], grades: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """An ILACS judgement table: the heading row, then each label with its grade."""
    return (("Judgement", "Grade"), *zip(labels, grades, strict=True))


@dataclass(frozen=True)
class Case:
    id: str
    kind: str
    label: str
    blocks: tuple[Block, ...]
    expect: dict[str, object]
    header: str | None = None
    footer: str | None = None
    extracted: tuple[tuple[str, str], ...] = ()
    notes: str = ""
    extra: dict[str, object] = field(default_factory=dict)


def _expect(
    council: str,
    itype: str,
    judgement: str | None,
    start: str | None,
    end: str | None,
    *,
    previous: str | None = None,
    published: str | None = None,
    send_outcome: str | None = None,
    subs: dict[str, str] | None = None,
) -> dict[str, object]:
    out: dict[str, object] = {
        "council": council,
        "inspection_type": itype,
        "judgement": judgement,
        "previous_judgement": previous,
        "inspection_start": start,
        "inspection_end": end,
        "published": published,
        "send_outcome": send_outcome,
    }
    if subs is not None:
        out["sub_judgements"] = subs
    return out


ROUND_9A: tuple[Case, ...] = (
    # --- focused visits (ILACS, 2018-) ------------------------------------------------------
    Case(
        "fv-2019-rutland",
        "focused_visit",
        "Focused visit",
        (
            LETTERHEAD,
            ("p", "20 March 2019"),
            (
                "small",
                "Mr Dan Ryder\nDirector of Children's Services\nRutland County Council\n"
                "Catmose\nOakham\nLE15 6HP",
            ),
            ("p", "Dear Mr Ryder"),
            ("h", "Focused visit to Rutland County Council children's services"),
            (
                "p",
                "This letter summarises the findings of the focused visit to Rutland County "
                "Council children's services on 26 and 27 February 2019. Her Majesty's Inspectors "
                "Sam Holt and Priya Lang carried out the visit.",
            ),
            (
                "p",
                "Inspectors looked at the local authority's arrangements for children in need "
                "and children subject to a child protection plan. " + PRACTICE,
            ),
            ("h", "Overview"),
            (
                "p",
                "Since the inspection in 2017, when services for children were judged to "
                "require improvement to be good, leaders have strengthened their oversight of work "
                "with children in need. Most children now have an up-to-date plan, although the "
                "quality of plans still varies between teams.",
            ),
            ("h", "What needs to improve in this area of social work practice"),
            (
                "p",
                "\u2022 The quality of written plans, so that families know what must change.\n"
                "\u2022 The recording of managers' decisions on case files.",
            ),
            (
                "p",
                "Ofsted will take the findings from this focused visit into account when "
                "planning your next inspection or visit.",
            ),
            ("p", SIGN_OFF),
        ),
        _expect(
            "Rutland County Council",
            "focused_visit",
            "none",
            "2019-02-26",
            "2019-02-27",
            previous="requires_improvement",
        ),
    ),
    Case(
        "fv-2021-derbyshire",
        "focused_visit",
        "Focused visit",
        (
            LETTERHEAD,
            ("p", "21 December 2021"),
            (
                "small",
                "Ms Helen Marsh\nExecutive Director, Children's Services\nDerbyshire County "
                "Council\nCounty Hall\nMatlock\nDE4 3AG",
            ),
            ("p", "Dear Ms Marsh"),
            ("h", "Focused visit to Derbyshire children's services"),
            (
                "p",
                "This letter summarises the findings of a focused visit to Derbyshire "
                "children's services on 30 November and 1 December 2021. This visit was carried out "
                "under the inspection of local authority children's services (ILACS) framework. Her "
                "Majesty's Inspectors Ruth Okafor and Tom Greaves carried out this visit.",
            ),
            (
                "p",
                "Inspectors evaluated the local authority's arrangements for care leavers, "
                "including those who live out of the area. " + PRACTICE,
            ),
            ("h", "Headline findings"),
            (
                "p",
                "When Derbyshire was last inspected, in July 2019, it was judged to be good. "
                "Care leavers continue to benefit from workers who know them well and who keep in "
                "touch. Pathway plans are mostly up to date, but too few set out clearly how young "
                "people will be helped into education, employment or training.",
            ),
            ("h", "What needs to improve?"),
            (
                "p",
                "\u2022 Pathway plans that say who will help and by when.\n"
                "\u2022 Access to health histories for young people leaving care.",
            ),
            ("p", SIGN_OFF.replace("Jordan Blake", "Ruth Okafor")),
        ),
        _expect(
            "Derbyshire County Council",
            "focused_visit",
            "none",
            "2021-11-30",
            "2021-12-01",
            previous="good",
        ),
        footer="Page {page}",
    ),
    Case(
        "fv-2024-norfolk",
        "focused_visit",
        "Focused visit",
        (
            LETTERHEAD,
            ("p", "4 March 2024"),
            (
                "small",
                "Director of Children's Services\nNorfolk County Council\nCounty Hall\n"
                "Martineau Lane\nNorwich\nNR1 2DH",
            ),
            ("p", "Dear Director"),
            ("h", "Focused visit to Norfolk children's services"),
            (
                "p",
                "This letter summarises the findings of the focused visit to Norfolk "
                "children's services on 31 January and 1 February 2024. His Majesty's Inspectors "
                "Alan Pike and Zara Moss carried out this visit.",
            ),
            (
                "p",
                "The local authority's previous focused visit, on 5 and 6 May 2021, looked at "
                "children in care. A joint targeted area inspection of the multi-agency response to "
                "children and families who need help took place in Norfolk in March 2023.",
            ),
            (
                "p",
                "Inspectors examined the arrangements for children in need and those subject "
                "to a child protection plan. " + PRACTICE,
            ),
            ("h", "Headline findings"),
            (
                "p",
                "At the last ILACS inspection, in November 2022, children's services in "
                "Norfolk were judged to be good. Since then, leaders have kept a sharp focus on "
                "the quality of practice. Most children are seen regularly and their plans are "
                "reviewed on time.",
            ),
            ("p", SIGN_OFF.replace("Her Majesty", "His Majesty")),
        ),
        _expect(
            "Norfolk County Council",
            "focused_visit",
            "none",
            "2024-01-31",
            "2024-02-01",
            previous="good",
        ),
        header="Norfolk County Council focused visit",
        footer="{page}",
    ),
    Case(
        "fv-2022-brighton-and-hove",
        "focused_visit",
        "Focused visit",
        (
            LETTERHEAD,
            ("p", "12 October 2022"),
            (
                "small",
                "Mr Neil Castle\nExecutive Director, Families, Children and Learning\n"
                "Brighton and Hove City Council\nHove Town Hall\nBN3 3BQ",
            ),
            ("p", "Dear Mr Castle"),
            ("narrow", "Focused visit to Brighton and Hove City Council children's services", 80),
            (
                "narrow",
                "This letter summarises the findings of the focused visit to Brighton and "
                "Hove City Council children's services on 14 and 15 September 2022. Her Majesty's "
                "Inspectors Claire Dunn and Ravi Shah carried out this visit.",
                92,
            ),
            (
                "p",
                "The local authority was last inspected under the ILACS framework in 2019. "
                "Inspectors looked at the experiences of children in care who live with "
                "connected carers. " + PRACTICE,
            ),
            ("h", "Headline findings"),
            (
                "p",
                "Children live with family members who know them well. Assessments of "
                "connected carers are thorough, but some take too long to complete.",
            ),
            ("p", SIGN_OFF),
        ),
        _expect(
            "Brighton and Hove City Council", "focused_visit", "none", "2022-09-14", "2022-09-15"
        ),
        footer="Brighton and Hove City Council focused visit \u2013 page {page}",
        notes="Narrow columns wrap the title and the dates; the last inspection's year is "
        "recalled without a grade.",
    ),
    # --- monitoring visits ---------------------------------------------------------------------
    Case(
        "mv-2016-bedford",
        "monitoring_visit",
        "Monitoring visit",
        (
            OLD_LETTERHEAD,
            ("p", "9 May 2016"),
            (
                "small",
                "Ms Alison Reed\nDirector of Children's Services\nBedford Borough Council\n"
                "Borough Hall\nCauldwell Street\nBedford\nMK42 9AP",
            ),
            ("p", "Dear Ms Reed"),
            ("h", "Monitoring visit of Bedford Borough Council children's services"),
            (
                "p",
                "This letter summarises the findings of the monitoring visit to Bedford Borough "
                "Council children's services on 12 and 13 April 2016. The visit was the second "
                "monitoring visit since the local authority was judged inadequate for services for "
                "children in need of help and protection, children looked after and care leavers "
                "in November 2014. The inspectors were Mark Ellis and Jane Fox, Her Majesty's "
                "Inspectors.",
            ),
            (
                "p",
                "The local authority is making steady progress in improving services for "
                "its children and young people. " + PRACTICE,
            ),
            ("h", "Areas covered by the visit"),
            (
                "p",
                "Inspectors reviewed the progress made in the quality of assessments and the "
                "management of risk for children in need of help and protection.",
            ),
            ("p", "Yours sincerely\n\nMark Ellis\nHer Majesty's Inspector"),
        ),
        _expect(
            "Bedford Borough Council",
            "monitoring_visit",
            "none",
            "2016-04-12",
            "2016-04-13",
            previous="inadequate",
        ),
    ),
    Case(
        "mv-2022-tameside",
        "monitoring_visit",
        "Monitoring visit",
        (
            LETTERHEAD,
            ("p", "5 July 2022"),
            (
                "small",
                "Director of Children's Services\nTameside Metropolitan Borough Council\n"
                "Tameside One\nAshton-under-Lyne\nOL6 6GS",
            ),
            ("p", "Dear Director"),
            ("h", "Monitoring visit to Tameside children's services"),
            (
                "p",
                "This letter summarises the findings of the monitoring visit to Tameside "
                "children's services on 7 and 8 June 2022. This was the third monitoring visit "
                "since the local authority was judged inadequate in March 2021. Her Majesty's "
                "Inspectors Lucy Grant and Owen Price carried out this visit.",
            ),
            ("h", "Areas covered by the visit"),
            (
                "p",
                "Inspectors reviewed the progress made for children in care, including the "
                "sufficiency of homes and the quality of care plans. " + PRACTICE,
            ),
            ("h", "Headline findings"),
            (
                "p",
                "Progress has been slower than leaders planned. Too many children still wait "
                "too long for a permanent home.",
            ),
            ("p", SIGN_OFF),
        ),
        _expect(
            "Tameside Metropolitan Borough Council",
            "monitoring_visit",
            "none",
            "2022-06-07",
            "2022-06-08",
            previous="inadequate",
        ),
        footer="Page {page}",
    ),
    Case(
        "mv-2020-stoke-on-trent",
        "monitoring_visit",
        "Monitoring visit",
        (
            LETTERHEAD,
            ("p", "12 February 2020"),
            (
                "small",
                "Director of Children and Family Services\nStoke-on-Trent City Council\n"
                "Civic Centre\nGlebe Street\nStoke-on-Trent\nST4 1HH",
            ),
            ("p", "Dear Director"),
            ("h", "Monitoring visit to Stoke-on-Trent children's services"),
            (
                "p",
                "This letter summarises the findings of the monitoring visit to Stoke-on-Trent "
                "children's services from 14 to 16 January 2020. This was the fifth monitoring "
                "visit since the local authority was judged to be inadequate in 2017. The "
                "inspectors were Her Majesty's Inspectors Gail Hunt and Ben Shaw.",
            ),
            (
                "p",
                "The visit focused on the 'front door', the initial response to contacts and "
                "referrals about children. " + PRACTICE,
            ),
            ("p", SIGN_OFF),
        ),
        _expect(
            "Stoke-on-Trent City Council",
            "monitoring_visit",
            "none",
            "2020-01-14",
            "2020-01-16",
            previous="inadequate",
        ),
    ),
    Case(
        "mv-2024-warrington",
        "monitoring_visit",
        "Monitoring visit",
        (
            LETTERHEAD,
            ("p", "13 February 2024"),
            (
                "small",
                "Director of Children's Services\nWarrington Borough Council\nEast Annexe\n"
                "Town Hall\nSankey Street\nWarrington\nWA1 1UH",
            ),
            ("p", "Dear Director"),
            ("h", "Monitoring visit to Warrington children's services"),
            (
                "p",
                "This letter summarises the findings of the monitoring visit to Warrington "
                "children's services on 16 and 17 January 2024. This visit was the fourth "
                "monitoring visit since the local authority was judged to be inadequate in June "
                "2022. His Majesty's Inspectors Nadia Shah and Chris Lowe carried out this visit.",
            ),
            ("h", "Areas covered by the visit"),
            ("p", "Inspectors evaluated the progress made for care leavers. " + PRACTICE),
            (
                "p",
                "Ofsted carried out a focused visit in October 2021, which looked at the "
                "arrangements for children in need.",
            ),
            ("h", "Headline findings"),
            (
                "p",
                "Care leavers are now in touch with their personal advisers, and most live in "
                "suitable homes.",
            ),
            ("p", SIGN_OFF.replace("Her Majesty", "His Majesty")),
        ),
        _expect(
            "Warrington Borough Council",
            "monitoring_visit",
            "none",
            "2024-01-16",
            "2024-01-17",
            previous="inadequate",
        ),
        header="Warrington monitoring visit",
        footer="Page {page} of 3",
    ),
    # --- joint targeted area inspections -----------------------------------------------------
    Case(
        "jtai-2019-hertfordshire",
        "jtai",
        "Joint targeted area inspection",
        (
            LETTERHEAD,
            ("p", "14 January 2019"),
            (
                "small",
                "Director of Children's Services, Hertfordshire County Council\n"
                "Chief Executive, Hertfordshire County Council\nAccountable Officer, Herts Valleys "
                "Clinical Commissioning Group\nChief Constable, Hertfordshire Constabulary\n"
                "Police and Crime Commissioner for Hertfordshire\nChair of Hertfordshire "
                "Safeguarding Children Board",
            ),
            (
                "h",
                "Joint targeted area inspection of the multi-agency response to abuse and "
                "neglect in Hertfordshire",
            ),
            (
                "p",
                "Between 5 and 9 November 2018, Ofsted, the Care Quality Commission (CQC), HMI "
                "Constabulary and Fire & Rescue Services (HMICFRS) and HMI Probation (HMIP) "
                "undertook a joint inspection of the multi-agency response to abuse and neglect in "
                "Hertfordshire. This inspection included a 'deep dive' focus on the response to "
                "children living with neglect.",
            ),
            (
                "p",
                "This letter to all the agencies in the area outlines our findings about the "
                "effectiveness of partnership working and of the work of individual agencies.",
            ),
            ("h", "Key strengths"),
            (
                "p",
                "Leaders across the partnership share a clear understanding of neglect. "
                + PRACTICE,
            ),
            ("p", "Yours sincerely\n\nYvette Stanley\nNational Director, Social Care, Ofsted"),
        ),
        _expect("Hertfordshire", "jtai", "none", "2018-11-05", "2018-11-09"),
    ),
    Case(
        "jtai-2023-wiltshire",
        "jtai",
        "Joint targeted area inspection",
        (
            LETTERHEAD,
            ("p", "2 May 2023"),
            (
                "small",
                "Director of Children's Services, Wiltshire Council\nChief Executive, NHS "
                "Bath and North East Somerset, Swindon and Wiltshire Integrated Care Board\n"
                "Chief Constable, Wiltshire Police",
            ),
            ("h", "Joint targeted area inspection of Wiltshire"),
            (
                "p",
                "This letter summarises the findings of the joint targeted area inspection "
                "(JTAI) of the multi-agency response to children and families who need help in "
                "Wiltshire. This inspection took place from 13 to 17 March 2023. It was carried "
                "out by inspectors from Ofsted, the Care Quality Commission (CQC) and His "
                "Majesty's Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS).",
            ),
            ("h", "Headline findings"),
            (
                "p",
                "Children and families in Wiltshire who need help receive a timely and "
                "well-coordinated response. " + PRACTICE,
            ),
            ("p", "Yours sincerely\n\nRhian Jones\nHis Majesty's Inspector, Ofsted"),
        ),
        _expect("Wiltshire Council", "jtai", "none", "2023-03-13", "2023-03-17"),
        footer="Joint targeted area inspection of Wiltshire \u2013 {page}",
    ),
    Case(
        "jtai-2017-salford",
        "jtai",
        "Joint targeted area inspection",
        (
            OLD_LETTERHEAD,
            ("p", "26 April 2017"),
            (
                "small",
                "Strategic Director of Children's Services, Salford City Council\nChief "
                "Constable, Greater Manchester Police\nChair of Salford Safeguarding Children "
                "Board",
            ),
            (
                "h",
                "Joint targeted area inspection of the multi-agency response to child sexual "
                "exploitation and children missing from home, care or education in Salford",
            ),
            (
                "p",
                "Between 27 February and 3 March 2017, Ofsted, the Care Quality Commission "
                "(CQC), HMI Constabulary (HMIC) and HMI Probation (HMIP) undertook a joint "
                "inspection of the multi-agency response to child sexual exploitation and children "
                "missing from home, care or education in Salford.",
            ),
            (
                "p",
                "In the most recent inspection of children's services, in 2015, Salford was "
                "judged to be good. " + PRACTICE,
            ),
            ("p", "Yours sincerely\n\nEleanor Marsh\nNational Director, Social Care"),
        ),
        _expect(
            "Salford City Council", "jtai", "none", "2017-02-27", "2017-03-03", previous="good"
        ),
        footer="{page}",
    ),
    # --- area SEND, 2016-2022 framework (letters) -----------------------------------------------
    Case(
        "send-2017-thurrock",
        "area_send_2016",
        "Area SEND inspection",
        (
            OLD_LETTERHEAD,
            ("p", "2 February 2017"),
            (
                "small",
                "Director of Children's Services, Thurrock Council\nAccountable Officer, "
                "Thurrock Clinical Commissioning Group\nLocal Area Nominated Officer",
            ),
            ("p", "Dear Director"),
            ("h", "Joint local area SEND inspection in Thurrock"),
            (
                "p",
                "Between 5 December 2016 and 9 December 2016, Ofsted and the Care Quality "
                "Commission (CQC) conducted a joint inspection of the local area of Thurrock to "
                "judge the effectiveness of the area in implementing the disability and special "
                "educational needs reforms as set out in the Children and Families Act 2014.",
            ),
            (
                "p",
                "The inspection was led by one of Her Majesty's Inspectors (HMI) from Ofsted, "
                "with a team of inspectors including an Ofsted Inspector and a children's services "
                "inspector from the CQC.",
            ),
            (
                "p",
                "As a result of the findings of this inspection and in accordance with the "
                "Children Act 2004 (Children and Young People with Special Educational Needs and "
                "Disabilities) (Local Area SEND Inspections) Regulations 2016, Her Majesty's Chief "
                "Inspector (HMCI) has determined that a Written Statement of Action is required "
                "because of significant areas of weakness in the local area's practice.",
            ),
            ("h", "Main findings"),
            ("p", "Leaders have been slow to put the reforms into practice. " + PRACTICE),
            ("p", "Yours sincerely\n\nKim Lowry\nHer Majesty's Inspector"),
        ),
        _expect("Thurrock", "area_send", "none", "2016-12-05", "2016-12-09"),
    ),
    Case(
        "send-2018-calderdale",
        "area_send_2016",
        "Area SEND inspection",
        (
            OLD_LETTERHEAD,
            ("p", "10 May 2018"),
            (
                "small",
                "Director of Children and Young People's Services, Calderdale Council\n"
                "Chief Officer, NHS Calderdale Clinical Commissioning Group",
            ),
            ("p", "Dear Director"),
            ("h", "Joint local area SEND inspection in Calderdale"),
            (
                "p",
                "Between 12 March and 16 March 2018, Ofsted and the Care Quality Commission "
                "(CQC) conducted a joint inspection of the local area of Calderdale to judge the "
                "effectiveness of the area in implementing the disability and special educational "
                "needs reforms as set out in the Children and Families Act 2014.",
            ),
            (
                "p",
                "This letter outlines our findings from the inspection, including some areas "
                "of strength and areas for further improvement.",
            ),
            ("h", "Main findings"),
            (
                "p",
                "Children and young people who have special educational needs and/or "
                "disabilities are identified early. " + PRACTICE,
            ),
            ("p", "Yours sincerely\n\nPaul Webb\nHer Majesty's Inspector"),
        ),
        _expect("Calderdale", "area_send", "none", "2018-03-12", "2018-03-16"),
        footer="Page {page}",
    ),
    Case(
        "send-2019-croydon-revisit",
        "area_send_2016",
        "Area SEND revisit",
        (
            LETTERHEAD,
            ("p", "21 November 2019"),
            (
                "small",
                "Executive Director, Children, Families and Education, London Borough of "
                "Croydon\nAccountable Officer, NHS Croydon Clinical Commissioning Group",
            ),
            ("p", "Dear Executive Director"),
            ("h", "Joint area SEND revisit in Croydon"),
            (
                "p",
                "Between 8 and 10 October 2019, Ofsted and the Care Quality Commission (CQC) "
                "revisited the area of Croydon to decide whether sufficient progress has been made "
                "in addressing each of the areas of significant weakness detailed in the inspection "
                "report letter published on 7 March 2018.",
            ),
            (
                "p",
                "As a result of the findings of this inspection and in accordance with the "
                "Children Act 2004, HMCI determined that a written statement of action was "
                "required. The area has made sufficient progress in addressing two of the four "
                "significant weaknesses identified at the initial inspection.",
            ),
            ("p", "Yours sincerely\n\nFiona Reid\nHer Majesty's Inspector"),
        ),
        _expect("Croydon", "area_send", "none", "2019-10-08", "2019-10-10"),
        notes="'published on 7 March 2018' is the first letter's date, not this one's.",
    ),
    Case(
        "send-2022-suffolk-revisit",
        "area_send_2016",
        "Area SEND revisit",
        (
            LETTERHEAD,
            ("p", "3 May 2022"),
            (
                "small",
                "Director of Children and Young People's Services, Suffolk County Council\n"
                "Chief Executive, NHS Suffolk and North East Essex Clinical Commissioning Group",
            ),
            ("p", "Dear Director"),
            ("h", "Joint area SEND revisit in Suffolk"),
            (
                "narrow",
                "Between 21 and 23 March 2022, Ofsted and the Care Quality Commission "
                "(CQC) revisited the area of Suffolk to decide whether sufficient progress had "
                "been made in addressing the areas of significant weakness detailed in the "
                "written statement of action (WSOA) issued on 6 March 2019.",
                100,
            ),
            (
                "p",
                "The initial inspection took place in January 2019. The area has made "
                "sufficient progress in addressing three of the five significant weaknesses.",
            ),
            ("p", "Yours sincerely\n\nHelen Cross\nHer Majesty's Inspector"),
        ),
        _expect("Suffolk", "area_send", "none", "2022-03-21", "2022-03-23"),
        footer="{page}",
    ),
    # --- SIF re-inspections, 2016-2018 ----------------------------------------------------
    Case(
        "sif-reinsp-2016-somerset",
        "sif_reinspection",
        "Children's services inspection",
        (
            ("title", "Somerset County Council"),
            (
                "p",
                "Re-inspection of services for children in need of help and protection, "
                "children looked after and care leavers\nand\nReview of the effectiveness of the "
                "Local Safeguarding Children Board",
            ),
            ("p", "Inspection dates: 12/09/2016 to 06/10/2016"),
            ("p", "Report published: 18 November 2016"),
            ("h", "Children's services in Somerset require improvement to be good"),
            ("table", tuple(zip(SIF_ROWS, (RI, RI, "Good", RI, RI), strict=True)), 125, 55),
            ("p", "The Local Safeguarding Children Board requires improvement."),
            ("page",),
            ("h", "Executive summary"),
            (
                "p",
                "This is a re-inspection of children's services in Somerset, following a "
                "judgement of inadequate for overall effectiveness in March 2015. Services for "
                "children are no longer inadequate. " + PRACTICE,
            ),
        ),
        _expect(
            "Somerset County Council",
            "sif",
            "requires_improvement",
            "2016-09-12",
            "2016-10-06",
            previous="inadequate",
            published="2016-11-18",
            subs={
                "help_and_protection": "requires_improvement",
                "children_in_care": "requires_improvement",
                "adoption": "good",
                "care_leavers": "requires_improvement",
                "leadership": "requires_improvement",
            },
        ),
        footer="{page}",
    ),
    Case(
        "sif-reinsp-2018-buckinghamshire",
        "sif_reinspection",
        "Children's services inspection",
        (
            ("title", "Buckinghamshire County Council"),
            (
                "p",
                "Re-inspection of services for children in need of help and protection, "
                "children looked after and care leavers",
            ),
            ("p", "Inspection dates: 8 January \u2013 1 February 2018"),
            ("p", "Report published: 23 March 2018"),
            ("h", "Children's services in Buckinghamshire are inadequate"),
            ("space", 150),
            (
                "table",
                tuple(zip(SIF_ROWS, ("Inadequate", RI, "Good", RI, "Inadequate"), strict=True)),
                125,
                55,
            ),
            ("h", "Executive summary"),
            (
                "p",
                "Following the last inspection in May 2015, when services were judged to be "
                "inadequate, the council appointed a new senior team. Progress has been too slow. "
                + PRACTICE,
            ),
        ),
        _expect(
            "Buckinghamshire County Council",
            "sif",
            "inadequate",
            "2018-01-08",
            "2018-02-01",
            previous="inadequate",
            published="2018-03-23",
            subs={
                "help_and_protection": "inadequate",
                "children_in_care": "requires_improvement",
                "adoption": "good",
                "care_leavers": "requires_improvement",
                "leadership": "inadequate",
            },
        ),
        header="Buckinghamshire County Council re-inspection",
        footer="Page {page}",
        notes="The judgement table is split across the page break, under a running header.",
    ),
    Case(
        "sif-reinsp-2017-coventry",
        "sif_reinspection",
        "Children's services inspection",
        (
            ("title", "Coventry City Council"),
            (
                "p",
                "Re-inspection of services for children in need of help and protection, "
                "children looked after and care leavers",
            ),
            ("p", "Inspection dates: 9 October 2017 \u2013 2 November 2017"),
            ("p", "Report published: 19 December 2017"),
            ("h", "Children's services in Coventry are good"),
            (
                "table",
                tuple(
                    zip(
                        SIF_ROWS,
                        ("Good", "Requires improvement", "Good", "Good", "Good"),
                        strict=True,
                    )
                ),
                140,
                30,
            ),
            ("page",),
            ("h", "Information about this local authority area"),
            (
                "p",
                "Previous inspections. The last inspection report for the local authority's "
                "children's services was published in March 2014. The judgements for the local "
                "authority were:",
            ),
            (
                "small",
                "\u2022 Overall effectiveness: inadequate\n\u2022 Children who need help and "
                "protection: inadequate\n\u2022 Children looked after and achieving permanence: "
                "requires improvement\n\u2022 Leadership, management and governance: inadequate",
            ),
            ("p", PRACTICE),
        ),
        _expect(
            "Coventry City Council",
            "sif",
            "good",
            "2017-10-09",
            "2017-11-02",
            previous="inadequate",
            published="2017-12-19",
            subs={
                "help_and_protection": "good",
                "children_in_care": "requires_improvement",
                "adoption": "good",
                "care_leavers": "good",
                "leadership": "good",
            },
        ),
        footer="{page}",
        notes="A narrow grade column wraps 'Requires / improvement'.",
    ),
    # --- ILACS, 2018-2025, other layouts -------------------------------------------------------
    Case(
        "ilacs-2019-cheshire-east",
        "ilacs",
        "Children's services inspection",
        (
            ("title", "Cheshire East Council"),
            ("p", "Inspection of children's social care services"),
            ("p", "Inspection dates: 4 March to 15 March 2019"),
            ("p", "Lead inspector: Kay Morgan, Her Majesty's Inspector"),
            (
                "table",
                _graded(ILACS_2018, (RI, RI, "Good", RI)),
                120,
                45,
            ),
            (
                "p",
                "Since the last inspection in 2015, when children's services were judged to "
                "require improvement to be good, senior leaders have made steady progress. "
                + PRACTICE,
            ),
        ),
        _expect(
            "Cheshire East Council",
            "ilacs_full",
            "requires_improvement",
            "2019-03-04",
            "2019-03-15",
            previous="requires_improvement",
            subs={
                "leadership": "requires_improvement",
                "help_and_protection": "requires_improvement",
                "children_in_care": "good",
            },
        ),
        footer="Cheshire East Council Inspection of children's social care services \u2013 {page}",
    ),
    Case(
        "ilacs-2019-bath-short",
        "ilacs",
        "Children's services inspection",
        (
            ("title", "Bath and North East Somerset Council"),
            ("p", "Inspection of children's social care services"),
            ("p", "Inspection dates: 18\u201322 March 2019"),
            ("p", "Lead inspector: Tim Nolan, Her Majesty's Inspector"),
            (
                "table",
                _graded(ILACS_2018, ("Good",) * 4),
                130,
                40,
            ),
            (
                "p",
                "Services for children in Bath and North East Somerset remain good. At the "
                "last inspection, in 2014, services were judged to be good. " + PRACTICE,
            ),
        ),
        _expect(
            "Bath and North East Somerset Council",
            "ilacs_short",
            "good",
            "2019-03-18",
            "2019-03-22",
            previous="good",
            subs={"leadership": "good", "help_and_protection": "good", "children_in_care": "good"},
        ),
    ),
    Case(
        "ilacs-2023-enfield-nbsp",
        "ilacs",
        "Children's services inspection",
        (
            ("title", "Inspection of Enfield local authority children's services"),
            ("p", "Inspection dates: 6\xa0to\xa017\xa0November\xa02023"),
            ("p", "Lead inspector: Maria Lopez, His Majesty's Inspector"),
            (
                "table",
                _graded(ILACS_2023, ("Inadequate", "Inadequate", "Inadequate", RI, RI)),
                120,
                45,
            ),
            (
                "p",
                "When the local authority was last inspected, in 2019, services were judged "
                "to require improvement to be good. Since then, the quality of help for children "
                "has declined. " + PRACTICE,
            ),
        ),
        _expect(
            "Enfield",
            "ilacs_full",
            "inadequate",
            "2023-11-06",
            "2023-11-17",
            previous="requires_improvement",
            subs={
                "leadership": "inadequate",
                "help_and_protection": "inadequate",
                "children_in_care": "requires_improvement",
                "care_leavers": "requires_improvement",
            },
        ),
        footer="Inspection of Enfield local authority children's services\u00a0\u2013\u00a0{page}",
    ),
    Case(
        "ilacs-2024-gateshead-wrapped-dates",
        "ilacs",
        "Children's services inspection",
        (
            ("title", "Inspection of Gateshead local authority children's services"),
            ("narrow", "Inspection dates: 27 November to 8 December 2023", 70),
            ("p", "Lead inspector: Omar Reid, His Majesty's Inspector"),
            (
                "table",
                _graded(
                    ILACS_2023, ("Outstanding", "Outstanding", "Outstanding", "Good", "Outstanding")
                ),
                125,
                40,
            ),
            (
                "p",
                "The local authority was judged to be good at the previous inspection in "
                "2019. Leaders have built on those strengths. " + PRACTICE,
            ),
        ),
        _expect(
            "Gateshead",
            "ilacs_full",
            "outstanding",
            "2023-11-27",
            "2023-12-08",
            previous="good",
            subs={
                "leadership": "outstanding",
                "help_and_protection": "outstanding",
                "children_in_care": "good",
                "care_leavers": "outstanding",
            },
        ),
        header="Inspection of Gateshead local authority children's services",
        footer="{page}",
    ),
    Case(
        "ilacs-2024-lambeth-split-table",
        "ilacs",
        "Children's services inspection",
        (
            ("title", "Inspection of Lambeth local authority children's services"),
            ("p", "Inspection dates: 15 to 26 January 2024"),
            ("p", "Lead inspector: Dee Carter, His Majesty's Inspector"),
            ("space", 175),
            (
                "table",
                _graded(ILACS_2023, (RI, RI, "Good", RI, RI)),
                120,
                45,
            ),
            (
                "p",
                "The local authority was subject to a focused visit in June 2022, and a joint "
                "targeted area inspection in 2023. " + PRACTICE,
            ),
        ),
        _expect(
            "Lambeth",
            "ilacs_full",
            "requires_improvement",
            "2024-01-15",
            "2024-01-26",
            subs={
                "leadership": "requires_improvement",
                "help_and_protection": "good",
                "children_in_care": "requires_improvement",
                "care_leavers": "requires_improvement",
            },
        ),
        header="Inspection of Lambeth local authority children's services",
        footer="Lambeth local authority children's services inspection \u2013 page {page}",
        notes="The judgement table starts at the foot of page 1 and ends on page 2.",
    ),
    Case(
        "ilacs-2021-sefton-ligatures",
        "ilacs",
        "Children's services inspection",
        (
            ("title", "Inspection of Sefton local authority children's services"),
            ("p", "Inspection dates: 13 to 24 September 2021"),
            ("p", "Lead inspector: Fran Bell, Her Majesty's Inspector"),
            (
                "table",
                _graded(ILACS_2018, ("Good",) * 4),
                120,
                45,
            ),
            (
                "p",
                "At the last inspection in 2018, services were judged to be inadequate. "
                "The first priority of leaders was to make practice effective and efficient. "
                + PRACTICE,
            ),
        ),
        _expect(
            "Sefton",
            "ilacs_full",
            "good",
            "2021-09-13",
            "2021-09-24",
            previous="inadequate",
            subs={"leadership": "good", "help_and_protection": "good", "children_in_care": "good"},
        ),
        extracted=(("ff", "\ufb00"), ("fi", "\ufb01"), ("fl", "\ufb02")),
        notes="Ligature glyphs in the extracted text, including 'Overall e\ufb00ectiveness'.",
    ),
    # --- before November 2013: old four-point scale --------------------------------------------
    Case(
        "old-2010-leicestershire-slac",
        "pre_2013",
        "Children's services inspection",
        (
            ("title", "Inspection of safeguarding and looked after children services"),
            ("p", "Leicestershire County Council"),
            ("p", "Inspection dates: 8 \u2013 19 March 2010\nReporting inspector: Ian Hale HMI"),
            ("p", "Age group: All\nPublished: 23 April 2010"),
            ("page",),
            ("h", "Safeguarding services"),
            (
                "table",
                (("Overall effectiveness", "Adequate"), ("Capacity for improvement", "Good")),
                120,
                40,
            ),
            ("p", "The overall effectiveness of safeguarding services is adequate. " + PRACTICE),
            ("h", "Services for looked after children"),
            (
                "table",
                (("Overall effectiveness", "Good"), ("Capacity for improvement", "Good")),
                120,
                40,
            ),
            ("p", "The overall effectiveness of services for looked after children is good."),
        ),
        _expect(
            "Leicestershire County Council",
            "other",
            None,
            "2010-03-08",
            "2010-03-19",
            published="2010-04-23",
        ),
        notes="Two separate overall grades (safeguarding adequate, looked after children "
        "good): no single judgement.",
    ),
    Case(
        "old-2013-wakefield-protection",
        "pre_2013",
        "Children's services inspection",
        (
            ("title", "Wakefield"),
            ("p", "Inspection of local authority arrangements for the protection of children"),
            ("p", "Inspection dates: 21 January \u2013 1 February 2013"),
            ("p", "Report published: 8 March 2013"),
            ("p", "Lead inspector: Sue Lomas HMI"),
            ("h", "Overall effectiveness"),
            (
                "p",
                "The overall effectiveness of the arrangements to protect children in "
                "Wakefield is adequate.",
            ),
            (
                "table",
                (
                    ("Overall effectiveness", "Adequate"),
                    (
                        "The effectiveness of the help and protection provided to children, "
                        "young people, families and carers",
                        "Adequate",
                    ),
                    ("The quality of practice", "Adequate"),
                    ("Leadership and governance", "Good"),
                ),
                130,
                40,
            ),
            ("p", PRACTICE),
        ),
        _expect(
            "Wakefield", "other", "adequate", "2013-01-21", "2013-02-01", published="2013-03-08"
        ),
    ),
    Case(
        "old-2012-dudley-lac",
        "pre_2013",
        "Children's services inspection",
        (
            ("title", "Inspection of looked after children services"),
            ("p", "Dudley Metropolitan Borough Council"),
            ("p", "Inspection dates: 11 \u2013 22 June 2012\nReporting inspector: Pat Doyle HMI"),
            ("p", "Age group: All\nPublished: 27 July 2012"),
            ("page",),
            ("h", "About this inspection"),
            (
                "p",
                "The inspection judged the overall effectiveness of services for looked after "
                "children and young people, and the capacity to improve. " + PRACTICE,
            ),
            ("page",),
            ("h", "Record of main findings"),
            (
                "table",
                (
                    ("Overall effectiveness", "Good"),
                    ("Capacity for improvement", "Good"),
                    ("Outcomes for children and young people", "Good"),
                    ("Quality of provision", "Adequate"),
                    ("Leadership and management", "Good"),
                ),
                120,
                40,
            ),
        ),
        _expect(
            "Dudley Metropolitan Borough Council",
            "other",
            "good",
            "2012-06-11",
            "2012-06-22",
            published="2012-07-27",
        ),
    ),
    # --- unannounced inspections of contact, referral and assessment (2009-2012) ---------------
    Case(
        "ucra-2010-reading",
        "ucra",
        "Unannounced inspection",
        (
            OLD_LETTERHEAD,
            ("p", "30 June 2010"),
            (
                "small",
                "Mr Alan Hart\nDirector of Children's Services\nReading Borough Council\n"
                "Civic Centre\nReading\nRG1 7TD",
            ),
            ("p", "Dear Mr Hart"),
            (
                "h",
                "Unannounced inspection of contact, referral and assessment arrangements "
                "within Reading local authority children's services",
            ),
            (
                "p",
                "This letter summarises the findings of the unannounced inspection of contact, "
                "referral and assessment arrangements within local authority children's services "
                "in Reading which was conducted on 9 and 10 June 2010. The inspection was carried "
                "out under section 138 of the Education and Inspections Act 2006.",
            ),
            (
                "p",
                "The inspection sampled the quality of reports and the progress of cases "
                "through contact, referral and assessment. " + PRACTICE,
            ),
            ("h", "The inspection findings"),
            ("p", "Areas for development: the timeliness of initial assessments."),
            ("p", "Yours sincerely\n\nAnne Price\nHer Majesty's Inspector"),
        ),
        _expect("Reading", "other", "none", "2010-06-09", "2010-06-10"),
    ),
    Case(
        "ucra-2011-plymouth",
        "ucra",
        "Children's services inspection",
        (
            OLD_LETTERHEAD,
            ("p", "4 April 2011"),
            (
                "small",
                "Director of Services for Children and Young People\nPlymouth City "
                "Council\nCivic Centre\nPlymouth\nPL1 2AA",
            ),
            ("p", "Dear Director"),
            (
                "h",
                "Unannounced inspection of contact, referral and assessment arrangements "
                "within Plymouth City Council children's services",
            ),
            (
                "p",
                "This letter summarises the findings of the unannounced inspection of contact, "
                "referral and assessment arrangements within local authority children's services "
                "in Plymouth which was conducted on 14 and 15 March 2011.",
            ),
            (
                "p",
                "The most recent inspection of safeguarding and looked after children "
                "services, in November 2009, judged safeguarding services to be adequate. "
                + PRACTICE,
            ),
            ("h", "Areas for priority action"),
            (
                "p",
                "\u2022 Ensure that all referrals are screened by a qualified social worker "
                "within one working day.",
            ),
            ("p", "Yours sincerely\n\nDavid Ward\nHer Majesty's Inspector"),
        ),
        _expect("Plymouth City Council", "other", "none", "2011-03-14", "2011-03-15"),
        notes="Filed under the generic label; the recalled grade is of safeguarding only.",
    ),
    # --- annual children's services assessments (2009-2011) -------------------------------------
    Case(
        "annual-2010-stockport",
        "annual_rating",
        "Annual children's services assessment",
        (
            OLD_LETTERHEAD,
            ("p", "9 December 2010"),
            (
                "small",
                "Ms Jan Moore\nDirector of Children's Services\nStockport Metropolitan "
                "Borough Council\nTown Hall\nStockport\nSK1 3XE",
            ),
            ("p", "Dear Ms Moore"),
            ("h", "Annual children's services assessment"),
            (
                "p",
                "Ofsted guidance published in July 2010 explains that the annual assessment of "
                "children's services is derived from the performance profile of the quality of "
                "services and outcomes for children and young people in each local area.",
            ),
            (
                "table",
                (("Overall effectiveness of children's services", "Performs adequately (2)"),),
                120,
                50,
            ),
            (
                "p",
                "Children's services in Stockport perform adequately. The unannounced "
                "inspection of contact, referral and assessment in June 2010 found no areas for "
                "priority action.",
            ),
            ("p", "Yours sincerely\n\nJohn Goldup\nDeputy Chief Inspector"),
        ),
        _expect(
            "Stockport Metropolitan Borough Council", "annual_rating_2009", "adequate", None, None
        ),
        notes="No inspection dates in the letter: dates are null.",
    ),
    Case(
        "annual-2009-wokingham",
        "annual_rating",
        "Annual children's services assessment",
        (
            OLD_LETTERHEAD,
            ("p", "9 December 2009"),
            (
                "small",
                "Director of Children's Services\nWokingham Borough Council\nShute End\n"
                "Wokingham\nRG40 1BN",
            ),
            ("p", "Dear Director"),
            ("h", "Annual rating of council children's services for 2009"),
            (
                "p",
                "This letter sets out the annual rating of children's services in Wokingham "
                "Borough Council for 2009.",
            ),
            (
                "table",
                (("Overall effectiveness of children's services", "Performs poorly (1)"),),
                120,
                50,
            ),
            (
                "p",
                "The rating reflects weaknesses in safeguarding identified by inspection. "
                "The local authority's safeguarding services were judged inadequate in an "
                "inspection in 2009.",
            ),
            ("p", "Yours sincerely\n\nJohn Goldup\nDeputy Chief Inspector"),
        ),
        _expect("Wokingham Borough Council", "annual_rating_2009", None, None, None),
        notes="Old annual scale ('performs poorly') is no enum grade; the recalled grade is "
        "of safeguarding only.",
    ),
)

# A second batch, written and labelled after the first batch's rules were added and before the
# reader was run on it (other wordings of the same kinds).
ROUND_9B: tuple[Case, ...] = (
    Case(
        "fv-2018-north-tyneside",
        "focused_visit",
        "Focused visit",
        (
            LETTERHEAD,
            ("p", "11 July 2018"),
            (
                "small",
                "Director of Children's Services\nNorth Tyneside Council\nQuadrant\n"
                "Cobalt Business Park\nNE27 0BY",
            ),
            ("p", "Dear Director"),
            ("h", "Focused visit to North Tyneside local authority children's services"),
            (
                "p",
                "This letter summarises the findings of the focused visit to North Tyneside "
                "local authority children's services, on 12 and 13 June 2018. The inspectors were "
                "Her Majesty's Inspectors Mo Patel and Gill Hart.",
            ),
            (
                "p",
                "Since the previous inspection in 2014, when services were found to be good, "
                "the local authority has kept a stable workforce. " + PRACTICE,
            ),
            ("p", SIGN_OFF),
        ),
        _expect(
            "North Tyneside Council",
            "focused_visit",
            "none",
            "2018-06-12",
            "2018-06-13",
            previous="good",
        ),
    ),
    Case(
        "mv-2017-wirral-weekdays",
        "monitoring_visit",
        "Monitoring visit",
        (
            OLD_LETTERHEAD,
            ("p", "23 January 2018"),
            (
                "small",
                "Director for Children\nWirral Metropolitan Borough Council\nWallasey "
                "Town Hall\nCH44 8ED",
            ),
            ("p", "Dear Director"),
            ("h", "Monitoring visit to Wirral Metropolitan Borough Council children's services"),
            (
                "p",
                "This letter summarises the findings from the monitoring visit to Wirral "
                "Metropolitan Borough Council children's services on Tuesday 19 and Wednesday 20 "
                "December 2017. The visit was the first monitoring visit since the local authority "
                "was judged inadequate in September 2016. The inspectors were Rob Kerr and Lyn "
                "Moss, Her Majesty's Inspectors.",
            ),
            ("p", PRACTICE),
            ("p", SIGN_OFF),
        ),
        _expect(
            "Wirral Metropolitan Borough Council",
            "monitoring_visit",
            "none",
            "2017-12-19",
            "2017-12-20",
            previous="inadequate",
        ),
        footer="Page {page} of 2",
    ),
    Case(
        "mv-2017-kirklees-assessed",
        "monitoring_visit",
        "Monitoring visit",
        (
            OLD_LETTERHEAD,
            ("p", "3 May 2017"),
            (
                "small",
                "Director of Children's Services\nKirklees Council\nCivic Centre 1\n"
                "Huddersfield\nHD1 2NF",
            ),
            ("p", "Dear Director"),
            ("h", "Monitoring visit of Kirklees Council children's services"),
            (
                "p",
                "This letter summarises the findings of the monitoring visit to Kirklees "
                "Council children's services on 5 and 6 April 2017. It was the second monitoring "
                "visit.",
            ),
            (
                "p",
                "The local authority's children's services were assessed as inadequate in "
                "November 2016. Since then, leaders have reorganised the front door. " + PRACTICE,
            ),
            ("p", SIGN_OFF),
        ),
        _expect(
            "Kirklees Council",
            "monitoring_visit",
            "none",
            "2017-04-05",
            "2017-04-06",
            previous="inadequate",
        ),
    ),
    Case(
        "jtai-2016-central-bedfordshire",
        "jtai",
        "Joint targeted area inspection",
        (
            OLD_LETTERHEAD,
            ("p", "Date: 22 August 2016"),
            (
                "small",
                "Director of Children's Services, Central Bedfordshire Council\nChief "
                "Constable, Bedfordshire Police\nIndependent Chair, Local Safeguarding Children "
                "Board",
            ),
            (
                "h",
                "Joint targeted area inspection of the multi-agency response to child sexual "
                "exploitation and children missing from home, care or education in Central "
                "Bedfordshire",
            ),
            (
                "p",
                "Between 4 and 8 July 2016, Ofsted, the Care Quality Commission (CQC), HMI "
                "Constabulary (HMIC) and HMI Probation (HMIP) undertook a joint inspection of the "
                "multi-agency response to child sexual exploitation and children missing from "
                "home, care or education in Central Bedfordshire.",
            ),
            ("p", PRACTICE),
            ("p", "Yours sincerely\n\nEleanor Marsh\nNational Director, Social Care"),
        ),
        _expect("Central Bedfordshire Council", "jtai", "none", "2016-07-04", "2016-07-08"),
    ),
    Case(
        "jtai-2024-stockton",
        "jtai",
        "Joint targeted area inspection",
        (
            LETTERHEAD,
            ("p", "Date: 23 April 2024"),
            (
                "small",
                "Director of Children's Services, Stockton-on-Tees Borough Council\nChief "
                "Constable, Cleveland Police\nChief Executive, NHS North East and North Cumbria "
                "Integrated Care Board",
            ),
            ("h", "Joint targeted area inspection of Stockton-on-Tees"),
            (
                "p",
                "This letter summarises the findings of the joint targeted area inspection "
                "(JTAI) of the multi-agency response to children who are victims of domestic abuse "
                "in Stockton-on-Tees. This inspection took place from 4 to 8 March 2024. The "
                "previous JTAI in the area, in 2017, looked at neglect.",
            ),
            ("p", PRACTICE),
            ("p", "Yours sincerely\n\nNia Bell\nHis Majesty's Inspector, Ofsted"),
        ),
        _expect("Stockton-on-Tees Borough Council", "jtai", "none", "2024-03-04", "2024-03-08"),
        footer="Joint targeted area inspection of Stockton-on-Tees \u2013 page {page}",
    ),
    Case(
        "send-2017-bexley",
        "area_send_2016",
        "Area SEND inspection",
        (
            OLD_LETTERHEAD,
            ("p", "24 March 2017"),
            (
                "small",
                "Director of Children's Services, London Borough of Bexley\nAccountable "
                "Officer, Bexley Clinical Commissioning Group",
            ),
            ("p", "Dear Director"),
            ("h", "Joint local area SEND inspection in Bexley"),
            (
                "p",
                "Between 23 January 2017 and 27 January 2017, Ofsted and the Care Quality "
                "Commission (CQC) conducted a joint inspection of the local area of Bexley to "
                "judge the effectiveness of the area in implementing the disability and special "
                "educational needs reforms as set out in the Children and Families Act 2014.",
            ),
            (
                "p",
                "This letter outlines our findings from the inspection, including some areas "
                "of strength and areas for further improvement. " + PRACTICE,
            ),
            ("p", "Yours sincerely\n\nAmy Lowe\nHer Majesty's Inspector"),
        ),
        _expect("Bexley", "area_send", "none", "2017-01-23", "2017-01-27"),
        footer="www.gov.uk/ofsted \u2013 {page}",
    ),
    Case(
        "sif-2015-north-somerset",
        "sif",
        "Children's services inspection",
        (
            ("title", "North Somerset Council"),
            (
                "p",
                "Inspection of services for children in need of help and protection, children "
                "looked after and care leavers",
            ),
            ("p", "Inspection date: 1 June \u2013 25 June 2015"),
            ("p", "Report published: 4 August 2015"),
            ("h", "The overall judgement is that children's services are inadequate"),
            (
                "table",
                tuple(
                    zip(SIF_ROWS, ("Inadequate", RI, RI, "Inadequate", "Inadequate"), strict=True)
                ),
                125,
                55,
            ),
            ("page",),
            ("h", "Summary of findings"),
            ("p", "Services for looked after children were judged adequate in 2012. " + PRACTICE),
        ),
        _expect(
            "North Somerset Council",
            "sif",
            "inadequate",
            "2015-06-01",
            "2015-06-25",
            published="2015-08-04",
            subs={
                "help_and_protection": "inadequate",
                "children_in_care": "requires_improvement",
                "adoption": "requires_improvement",
                "care_leavers": "inadequate",
                "leadership": "inadequate",
            },
        ),
    ),
    Case(
        "sif-reinsp-2017-leicester",
        "sif_reinspection",
        "Children's services inspection",
        (
            ("title", "Leicester City Council"),
            (
                "p",
                "Re-inspection of services for children in need of help and protection, "
                "children looked after and care leavers",
            ),
            ("p", "Inspection dates: 16 October 2017 to 9 November 2017"),
            ("p", "Report published: 12 January 2018"),
            ("h", "Children's services in Leicester require improvement to be good"),
            ("table", tuple(zip(SIF_ROWS, (RI, "Good", "Good", RI, RI), strict=True)), 125, 55),
            ("page",),
            ("h", "Executive summary"),
            (
                "p",
                "In 2014, Ofsted judged services for children in Leicester to be inadequate. "
                "Leaders have made steady progress since then. " + PRACTICE,
            ),
        ),
        _expect(
            "Leicester City Council",
            "sif",
            "requires_improvement",
            "2017-10-16",
            "2017-11-09",
            previous="inadequate",
            published="2018-01-12",
            subs={
                "help_and_protection": "requires_improvement",
                "children_in_care": "good",
                "adoption": "good",
                "care_leavers": "requires_improvement",
                "leadership": "requires_improvement",
            },
        ),
    ),
    Case(
        "ilacs-2022-bolton-found",
        "ilacs",
        "Children's services inspection",
        (
            ("title", "Inspection of Bolton local authority children's services"),
            ("p", "Inspection dates: 28 February to 11 March 2022"),
            ("p", "Lead inspector: Ann Shore, Her Majesty's Inspector"),
            ("table", _graded(ILACS_2018, ("Good", "Good", "Good", "Good")), 120, 45),
            (
                "p",
                "Since the last inspection in 2018, when services were found to require "
                "improvement to be good, leaders have improved practice. " + PRACTICE,
            ),
        ),
        _expect(
            "Bolton",
            "ilacs_full",
            "good",
            "2022-02-28",
            "2022-03-11",
            previous="requires_improvement",
            subs={"leadership": "good", "help_and_protection": "good", "children_in_care": "good"},
        ),
        footer="Inspection of Bolton local authority children's services \u2013 {page}",
    ),
    Case(
        "ilacs-short-2023-rutland-footer-dates",
        "ilacs",
        "Children's services inspection",
        (
            ("title", "Inspection of Rutland local authority children's services"),
            ("p", "Inspection dates: 16 to 20 October 2023"),
            ("p", "Lead inspector: Ray Dent, His Majesty's Inspector"),
            ("table", _graded(ILACS_2023, ("Outstanding",) * 4 + ("Good",)), 120, 45),
            (
                "p",
                "At the last inspection in 2019, the local authority was judged to be good. "
                "A focused visit in 2021 found that children in care were well supported. "
                + PRACTICE,
            ),
        ),
        _expect(
            "Rutland",
            "ilacs_short",
            "outstanding",
            "2023-10-16",
            "2023-10-20",
            previous="good",
            subs={
                "leadership": "outstanding",
                "help_and_protection": "outstanding",
                "children_in_care": "outstanding",
                "care_leavers": "good",
            },
        ),
        footer="Inspection of Rutland local authority children's services: 16 to 20 October "
        "2023 \u2013 {page}",
    ),
    Case(
        "old-2011-medway-slac",
        "pre_2013",
        "Children's services inspection",
        (
            ("title", "Inspection of safeguarding and looked after children services"),
            ("p", "Medway Council"),
            ("p", "Inspection dates: 17 \u2013 28 January 2011\nReporting inspector: Ken Ross HMI"),
            ("p", "Age group: All\nPublished: 4 March 2011"),
            ("page",),
            (
                "p",
                "The last unannounced inspection of contact, referral and assessment, in 2010, "
                "found no areas for priority action. " + PRACTICE,
            ),
            ("page",),
            ("h", "Record of main findings"),
            ("h", "Safeguarding services"),
            (
                "table",
                (("Overall effectiveness", "Adequate"), ("Capacity for improvement", "Adequate")),
                120,
                40,
            ),
            ("h", "Looked after children services"),
            (
                "table",
                (("Overall effectiveness", "Adequate"), ("Capacity for improvement", "Good")),
                120,
                40,
            ),
        ),
        _expect(
            "Medway Council",
            "other",
            "adequate",
            "2011-01-17",
            "2011-01-28",
            published="2011-03-04",
        ),
    ),
    Case(
        "ucra-2009-swindon",
        "ucra",
        "Children's services inspection",
        (
            OLD_LETTERHEAD,
            ("p", "26 November 2009"),
            (
                "small",
                "Director of Children's Services\nSwindon Borough Council\nCivic Offices\n"
                "Euclid Street\nSwindon\nSN1 2JH",
            ),
            ("p", "Dear Director"),
            (
                "h",
                "Unannounced inspection of contact, referral and assessment arrangements "
                "within Swindon local authority children's services",
            ),
            (
                "p",
                "This letter summarises the findings of the unannounced inspection of contact, "
                "referral and assessment arrangements within local authority children's services "
                "in Swindon which was conducted on 4 and 5 November 2009. The inspection found "
                "areas for priority action.",
            ),
            ("p", PRACTICE),
            ("p", "Yours sincerely\n\nAlan Frost\nHer Majesty's Inspector"),
        ),
        _expect("Swindon Borough Council", "other", "none", "2009-11-04", "2009-11-05"),
    ),
    Case(
        "annual-2011-barnet",
        "annual_rating",
        "Children's services inspection",
        (
            OLD_LETTERHEAD,
            ("p", "8 November 2011"),
            (
                "small",
                "Director of Children's Services\nLondon Borough of Barnet\nNorth London "
                "Business Park\nN11 1NP",
            ),
            ("p", "Dear Director"),
            ("h", "Annual children's services assessment"),
            (
                "p",
                "This letter gives the outcome of the annual assessment of children's services "
                "in Barnet for 2011.",
            ),
            (
                "table",
                (("Overall effectiveness of children's services", "Performs well (3)"),),
                120,
                50,
            ),
            ("p", "Children's services in Barnet perform well."),
            ("p", "Yours sincerely\n\nJohn Goldup\nDeputy Chief Inspector"),
        ),
        _expect("London Borough of Barnet", "annual_rating_2009", None, None, None),
    ),
    Case(
        "fv-2023-two-recalls",
        "focused_visit",
        "Focused visit",
        (
            LETTERHEAD,
            ("p", "19 June 2023"),
            (
                "small",
                "Director of Children's Services\nThurrock Council\nCivic Offices\nGrays\nRM17 6SL",
            ),
            ("p", "Dear Director"),
            ("h", "Focused visit to Thurrock children's services"),
            (
                "p",
                "This letter summarises the findings of the focused visit to Thurrock "
                "children's services on 16 and 17 May 2023. His Majesty's Inspectors Joe Kim and "
                "Tara Hill carried out this visit.",
            ),
            (
                "p",
                "Services were judged inadequate in 2018. At the most recent inspection, in "
                "2022, they were judged to require improvement to be good. " + PRACTICE,
            ),
            ("p", SIGN_OFF),
        ),
        _expect(
            "Thurrock Council",
            "focused_visit",
            "none",
            "2023-05-16",
            "2023-05-17",
            previous="requires_improvement",
        ),
        notes="Two recalled grades: the previous judgement is the most recent one.",
    ),
)

CASES: tuple[Case, ...] = ROUND_9A + ROUND_9B

# A third batch, written and labelled after the second batch's rules were added and before the
# reader was run on it: other openings and recalls, and recalls that are not overall grades.
ROUND_9C: tuple[Case, ...] = (
    Case(
        "mv-2021-herefordshire-visited",
        "monitoring_visit",
        "Monitoring visit",
        (
            LETTERHEAD,
            ("p", "8 June 2021"),
            (
                "small",
                "Director of Children's Services\nHerefordshire Council\nPlough Lane\n"
                "Hereford\nHR4 0LE",
            ),
            ("p", "Dear Director"),
            ("h", "Monitoring visit to Herefordshire children's services"),
            (
                "p",
                "Her Majesty's Inspectors Kim Yates and Sean Doyle visited Herefordshire "
                "children's services on 4 and 5 May 2021. This was the second monitoring visit "
                "since the local authority was judged inadequate in 2019.",
            ),
            (
                "p",
                "The most recent focused visit, in 2018, found services to be improving. "
                + PRACTICE,
            ),
            ("p", SIGN_OFF),
        ),
        _expect(
            "Herefordshire Council",
            "monitoring_visit",
            "none",
            "2021-05-04",
            "2021-05-05",
            previous="inadequate",
        ),
    ),
    Case(
        "fv-2022-parenthesis",
        "focused_visit",
        "Focused visit",
        (
            LETTERHEAD,
            ("p", "2 August 2022"),
            (
                "small",
                "Director of Children's Services\nSouthampton City Council\nCivic Centre\nSO14 7LY",
            ),
            ("p", "Dear Director"),
            ("h", "Focused visit to Southampton children's services"),
            (
                "p",
                "This letter summarises the findings of the focused visit to Southampton "
                "children's services on 28 and 29 June and 1 July 2022.",
            ),
            (
                "p",
                "When the local authority was last inspected in 2019 (judged good overall), "
                "inspectors found strong early help. " + PRACTICE,
            ),
            ("p", SIGN_OFF),
        ),
        _expect(
            "Southampton City Council",
            "focused_visit",
            "none",
            "2022-06-28",
            "2022-07-01",
            previous="good",
        ),
    ),
    Case(
        "ilacs-short-2019-outstanding-in-year",
        "ilacs",
        "Children's services inspection",
        (
            ("title", "Inspection of Hampshire local authority children's services"),
            ("p", "Dates of inspection: 4 \u2013 8 November 2019"),
            ("p", "Lead inspector: Jo Rees, Her Majesty's Inspector"),
            ("table", _graded(ILACS_2018, ("Outstanding",) * 4), 120, 45),
            ("p", "The local authority was judged outstanding in 2014. " + PRACTICE),
        ),
        _expect(
            "Hampshire",
            "ilacs_short",
            "outstanding",
            "2019-11-04",
            "2019-11-08",
            previous="outstanding",
            subs={
                "leadership": "outstanding",
                "help_and_protection": "outstanding",
                "children_in_care": "outstanding",
            },
        ),
    ),
    Case(
        "sif-2016-safeguarding-recall",
        "sif",
        "Children's services inspection",
        (
            ("title", "Lancashire County Council"),
            (
                "p",
                "Inspection of services for children in need of help and protection, children "
                "looked after and care leavers",
            ),
            ("p", "Inspection dates: 3 October 2016 \u2013 27 October 2016"),
            ("p", "Report published: 13 December 2016"),
            ("h", "Children's services in Lancashire are inadequate"),
            (
                "table",
                tuple(zip(SIF_ROWS, ("Inadequate", RI, "Good", RI, "Inadequate"), strict=True)),
                125,
                55,
            ),
            ("page",),
            (
                "p",
                "Since the last inspection of safeguarding in 2012, when services were judged "
                "adequate, the quality of help has declined. " + PRACTICE,
            ),
        ),
        _expect(
            "Lancashire County Council",
            "sif",
            "inadequate",
            "2016-10-03",
            "2016-10-27",
            published="2016-12-13",
            subs={
                "help_and_protection": "inadequate",
                "children_in_care": "requires_improvement",
                "adoption": "good",
                "care_leavers": "requires_improvement",
                "leadership": "inadequate",
            },
        ),
        notes="The recalled 2012 grade is of safeguarding services only, on the old scale.",
    ),
    Case(
        "ilacs-2018-fostering-recall",
        "ilacs",
        "Children's services inspection",
        (
            ("title", "Inspection of Walsall local authority children's services"),
            ("p", "Inspection dates: 10 to 21 September 2018"),
            ("p", "Lead inspector: Ali Khan, Her Majesty's Inspector"),
            ("table", _graded(ILACS_2018, (RI, RI, RI, RI)), 120, 45),
            (
                "p",
                "At the last inspection in 2015, services were judged to require improvement "
                "to be good. In 2017, the local authority's fostering service was judged to be "
                "inadequate. " + PRACTICE,
            ),
        ),
        _expect(
            "Walsall",
            "ilacs_full",
            "requires_improvement",
            "2018-09-10",
            "2018-09-21",
            previous="requires_improvement",
            subs={
                "leadership": "requires_improvement",
                "help_and_protection": "requires_improvement",
                "children_in_care": "requires_improvement",
            },
        ),
    ),
    Case(
        "ilacs-2020-older-grade-second",
        "ilacs",
        "Children's services inspection",
        (
            ("title", "Inspection of Wigan local authority children's services"),
            ("p", "Inspection dates: 27 January to 7 February 2020"),
            ("p", "Lead inspector: Meg Fry, Her Majesty's Inspector"),
            ("table", _graded(ILACS_2018, ("Good",) * 4), 120, 45),
            (
                "p",
                "The last inspection, in 2016, judged services to be good. The inspection "
                "before that, in 2012, had judged them inadequate. " + PRACTICE,
            ),
        ),
        _expect(
            "Wigan",
            "ilacs_full",
            "good",
            "2020-01-27",
            "2020-02-07",
            previous="good",
            subs={"leadership": "good", "help_and_protection": "good", "children_in_care": "good"},
        ),
    ),
    Case(
        "jtai-2019-dates-line",
        "jtai",
        "Joint targeted area inspection",
        (
            LETTERHEAD,
            ("p", "17 December 2019"),
            (
                "small",
                "Director of Children's Services, Leeds City Council\nChief Constable, "
                "West Yorkshire Police",
            ),
            (
                "h",
                "Joint targeted area inspection of the multi-agency response to child "
                "exploitation in Leeds",
            ),
            ("p", "Inspection dates: 14 to 18 October 2019"),
            (
                "p",
                "Ofsted, the Care Quality Commission (CQC), HMICFRS and HMI Probation carried "
                "out a joint inspection of the multi-agency response to child exploitation in "
                "Leeds. " + PRACTICE,
            ),
            ("p", "Yours sincerely\n\nYvette Stanley\nNational Director, Social Care, Ofsted"),
        ),
        _expect("Leeds City Council", "jtai", "none", "2019-10-14", "2019-10-18"),
    ),
    Case(
        "send-2021-revisit-dates-wrapped-footnote",
        "area_send_2016",
        "Area SEND revisit",
        (
            LETTERHEAD,
            ("p", "30 November 2021"),
            (
                "small",
                "Director of Children's Services, Norfolk County Council\nChief Executive, "
                "NHS Norfolk and Waveney Clinical Commissioning Group",
            ),
            ("p", "Dear Director"),
            ("h", "Joint area SEND revisit in Norfolk"),
            (
                "p",
                "Between 18 and 20 October 2021, Ofsted and the Care Quality Commission (CQC) "
                "revisited the area of Norfolk to decide whether sufficient progress has been made "
                "in addressing each of the areas of significant weakness detailed in the "
                "inspection report letter published on 29 January 2019.1",
            ),
            ("small", "1 The initial inspection took place between 19 and 23 November 2018."),
            (
                "p",
                "The area has not made sufficient progress in addressing any of the significant "
                "weaknesses.",
            ),
            ("p", "Yours sincerely\n\nAdele Knight\nHer Majesty's Inspector"),
        ),
        _expect("Norfolk", "area_send", "none", "2021-10-18", "2021-10-20"),
        footer="{page}",
        notes="A footnote marker runs into the sentence ('2019.1'); the footnote recalls the "
        "first inspection's dates.",
    ),
)

CASES = ROUND_9A + ROUND_9B + ROUND_9C


def _column_order(labels: tuple[str, ...], grades: tuple[str, ...]) -> tuple[Block, ...]:
    """A judgement table as some PDFs extract it: the label column whole, then the grade column."""
    return (
        ("p", "Judgement"),
        *(("p", label) for label in labels),
        ("p", "Grade"),
        *(("p", grade) for grade in grades),
    )


def _visit(date_line: str, address: str, heading: str, *paragraphs: str) -> tuple[Block, ...]:
    """A visit or JTAI letter: letterhead, the letter's date, address, heading, prose, sign-off."""
    return (
        LETTERHEAD,
        ("p", date_line),
        ("small", address),
        ("p", "Dear Director"),
        ("h", heading),
        *(("p", text) for text in paragraphs),
        ("p", SIGN_OFF),
    )


# Round ten (issue 15), written and labelled before the reader was run on it: what real report
# PDFs do to extracted text (words hyphenated at line ends, a table extracted column by column,
# grades in capitals or title case, the table on the last page, running headers inside a
# sentence, tabs and double spaces, a summary box only), ILACS short or standard said in words
# or by split fieldwork, a previous grade in a table row or a "Previous inspection" line, SIF
# with the LSCB's grade and the 2017-2018 transition, nth monitoring visits, Covid-era virtual
# visits, area SEND monitoring inspections of the 2023 framework, JTAI letters by theme, and
# documents with no dates or with several.
ROUND_10: tuple[Case, ...] = (
    Case(
        "ilacs-2019-hyphenated-recall",
        "ilacs",
        "Children's services inspection",
        (
            ("title", "Inspection of Sandwell local authority children's services"),
            ("p", "Inspection dates: 11 to 22 February 2019"),
            ("p", "Lead inspector: Rob Lane, Her Majesty's Inspector"),
            ("table", _graded(ILACS_2018, (RI, RI, "Good", RI)), 120, 45),
            (
                "p",
                "At the last inspection, in 2016, services were judged to require im-\n"
                "provement to be good. Since then, leaders have made improvements to the "
                "front door. " + PRACTICE,
            ),
        ),
        _expect(
            "Sandwell",
            "ilacs_full",
            "requires_improvement",
            "2019-02-11",
            "2019-02-22",
            previous="requires_improvement",
            subs={
                "leadership": "requires_improvement",
                "help_and_protection": "requires_improvement",
                "children_in_care": "good",
            },
        ),
    ),
    Case(
        "ilacs-2020-column-order-table",
        "ilacs",
        "Children's services inspection",
        (
            ("title", "Inspection of Trafford local authority children's services"),
            ("p", "Inspection dates: 2 to 13 March 2020"),
            ("p", "Lead inspector: Nia Owen, Her Majesty's Inspector"),
            *_column_order(ILACS_2018, ("Good", "Good", RI, "Good")),
            (
                "p",
                "Leaders know their services well and have a clear plan for improving the "
                "experiences of children in care. " + PRACTICE,
            ),
        ),
        _expect("Trafford", "ilacs_full", "good", "2020-03-02", "2020-03-13"),
        notes="The table extracted column by column: four labels, then four grades.",
    ),
    Case(
        "ilacs-2024-upper-case-grades",
        "ilacs",
        "Children's services inspection",
        (
            ("title", "Inspection of Medway local authority children's services"),
            ("p", "Inspection dates: 4 to 15 March 2024"),
            ("p", "Lead inspector: Pat Cole, His Majesty's Inspector"),
            (
                "table",
                _graded(
                    ILACS_2023,
                    (
                        "REQUIRES IMPROVEMENT TO BE GOOD",
                        "GOOD",
                        "REQUIRES IMPROVEMENT TO BE GOOD",
                        "REQUIRES IMPROVEMENT TO BE GOOD",
                        "GOOD",
                    ),
                ),
                120,
                45,
            ),
            (
                "p",
                "When the local authority was last inspected, in 2019, it was judged to be "
                "inadequate. Services have improved since then. " + PRACTICE,
            ),
        ),
        _expect(
            "Medway",
            "ilacs_full",
            "requires_improvement",
            "2024-03-04",
            "2024-03-15",
            previous="inadequate",
            subs={
                "leadership": "good",
                "help_and_protection": "requires_improvement",
                "children_in_care": "requires_improvement",
                "care_leavers": "good",
            },
        ),
    ),
    Case(
        "ilacs-2021-title-case-table-last-page",
        "ilacs",
        "Children's services inspection",
        (
            ("title", "Inspection of Stockton-on-Tees local authority children's services"),
            ("p", "Inspection dates: 13 to 24 September 2021"),
            ("p", "Lead inspector: Dee Amos, Her Majesty's Inspector"),
            (
                "p",
                "At the last standard inspection in 2017, children's services were judged to be "
                "good. Leaders have not kept that standard in all areas. " + PRACTICE,
            ),
            ("p", PRACTICE),
            ("page",),
            ("h", "What needs to improve?"),
            ("p", "The timeliness of assessments for children in need. " + PRACTICE),
            ("page",),
            ("h", "Judgements"),
            (
                "table",
                _graded(
                    ILACS_2018,
                    (
                        "Requires Improvement To Be Good",
                        "Requires Improvement To Be Good",
                        "Good",
                        "Requires Improvement To Be Good",
                    ),
                ),
                120,
                45,
            ),
        ),
        _expect(
            "Stockton-on-Tees",
            "ilacs_full",
            "requires_improvement",
            "2021-09-13",
            "2021-09-24",
            previous="good",
            subs={
                "leadership": "requires_improvement",
                "help_and_protection": "requires_improvement",
                "children_in_care": "good",
            },
        ),
    ),
    Case(
        "ilacs-2022-footer-inside-recall",
        "ilacs",
        "Children's services inspection",
        (
            ("title", "Inspection of Oldham local authority children's services"),
            ("p", "Inspection dates: 7 to 18 February 2022"),
            ("p", "Lead inspector: Sam Reid, Her Majesty's Inspector"),
            ("table", _graded(ILACS_2018, ("Inadequate",) * 4), 120, 45),
            (
                "p",
                "When Oldham was last inspected, in 2019, it was judged to require improvement "
                "to be good. Since then, services have declined. " + PRACTICE,
            ),
        ),
        _expect(
            "Oldham",
            "ilacs_full",
            "inadequate",
            "2022-02-07",
            "2022-02-18",
            previous="requires_improvement",
            subs={
                "leadership": "inadequate",
                "help_and_protection": "inadequate",
                "children_in_care": "inadequate",
            },
        ),
        extracted=(
            (
                "require improvement to be good. Since",
                "require improvement to be Inspection of Oldham local authority children's "
                "services 4 Ofsted good. Since",
            ),
        ),
        notes="A page foot and the next page's header fall inside the recalled grade.",
    ),
    Case(
        "ilacs-2019-tabs-double-spaces",
        "ilacs",
        "Children's services inspection",
        (
            ("title", "Inspection of Darlington local authority children's services"),
            ("p", "Inspection dates: 14 to 25 October 2019"),
            ("p", "Lead inspector: Ann Gee, Her Majesty's Inspector"),
            ("table", _graded(ILACS_2018, (RI, RI, "Good", RI)), 120, 45),
            ("p", "The local authority was judged good in 2015. " + PRACTICE),
        ),
        _expect(
            "Darlington",
            "ilacs_full",
            "requires_improvement",
            "2019-10-14",
            "2019-10-25",
            previous="good",
            subs={
                "leadership": "requires_improvement",
                "help_and_protection": "requires_improvement",
                "children_in_care": "good",
            },
        ),
        extracted=(
            ("Inspection dates: 14 to 25", "Inspection dates:\t14  to  25"),
            ("Requires improvement to be good", "Requires  improvement\tto be  good"),
            ("judged good in", "judged\tgood  in"),
        ),
    ),
    Case(
        "ilacs-short-2022-summary-box-only",
        "ilacs",
        "Children's services inspection",
        (
            ("title", "Inspection of Wokingham local authority children's services"),
            ("p", "Inspection dates: 7 to 11 March 2022"),
            ("p", "Lead inspector: Lee Ward, Her Majesty's Inspector"),
            ("h", "Overall effectiveness: Outstanding"),
            (
                "p",
                "Children in Wokingham receive consistently strong help. At the last inspection, "
                "in 2017, the local authority was judged to be good. " + PRACTICE,
            ),
        ),
        _expect(
            "Wokingham",
            "ilacs_short",
            "outstanding",
            "2022-03-07",
            "2022-03-11",
            previous="good",
        ),
        notes="The judgement table is an image; only the coloured box's sentence is text.",
    ),
    Case(
        "ilacs-short-2019-said-short",
        "ilacs",
        "Children's services inspection",
        (
            ("title", "Inspection of Isle of Wight local authority children's services"),
            ("p", "Inspection dates: 2 to 6 December 2019"),
            ("p", "Lead inspector: Fay Holt, Her Majesty's Inspector"),
            ("table", _graded(ILACS_2018, ("Good",) * 4), 120, 45),
            (
                "p",
                "This was a short inspection under the inspection of local authority children's "
                "services (ILACS) framework. The local authority was previously judged good, in "
                "2017. " + PRACTICE,
            ),
        ),
        _expect(
            "Isle of Wight",
            "ilacs_short",
            "good",
            "2019-12-02",
            "2019-12-06",
            previous="good",
            subs={"leadership": "good", "help_and_protection": "good", "children_in_care": "good"},
        ),
    ),
    Case(
        "ilacs-2024-previous-inspection-line",
        "ilacs",
        "Children's services inspection",
        (
            ("title", "Inspection of Thurrock local authority children's services"),
            ("p", "Inspection dates: 26 February to 8 March 2024"),
            ("p", "Lead inspector: Tom Ash, His Majesty's Inspector"),
            (
                "table",
                _graded(ILACS_2023, ("Inadequate", "Inadequate", RI, RI, "Good")),
                120,
                45,
            ),
            ("p", "Previous inspection judgement: Good (June 2019)"),
            ("p", "Services have declined since the last inspection. " + PRACTICE),
        ),
        _expect(
            "Thurrock",
            "ilacs_full",
            "inadequate",
            "2024-02-26",
            "2024-03-08",
            previous="good",
            subs={
                "leadership": "inadequate",
                "help_and_protection": "requires_improvement",
                "children_in_care": "requires_improvement",
                "care_leavers": "good",
            },
        ),
    ),
    Case(
        "ilacs-short-2018-split-fieldwork",
        "ilacs",
        "Children's services inspection",
        (
            ("title", "Inspection of Solihull local authority children's services"),
            ("p", "Inspection dates: 26 to 28 November and 10 to 12 December 2018"),
            ("p", "Lead inspector: Ruth Nye, Her Majesty's Inspector"),
            ("table", _graded(ILACS_2018, ("Good",) * 4), 120, 45),
            ("p", "At the last inspection, in 2016, services were judged good. " + PRACTICE),
        ),
        _expect(
            "Solihull",
            "ilacs_short",
            "good",
            "2018-11-26",
            "2018-12-12",
            previous="good",
            subs={"leadership": "good", "help_and_protection": "good", "children_in_care": "good"},
        ),
        notes="Six days on site in two parts, two weeks apart: a short inspection.",
    ),
    Case(
        "ilacs-2018-previous-table-row",
        "ilacs",
        "Children's services inspection",
        (
            ("title", "Inspection of Peterborough local authority children's services"),
            ("p", "Inspection dates: 5 to 16 November 2018"),
            ("p", "Lead inspector: Ivo Kerr, Her Majesty's Inspector"),
            ("table", _graded(ILACS_2018, (RI, RI, RI, RI)), 120, 45),
            (
                "table",
                (("Overall effectiveness at the last inspection (2015)", "Inadequate"),),
                120,
                45,
            ),
            ("p", "Services have improved. " + PRACTICE),
        ),
        _expect(
            "Peterborough",
            "ilacs_full",
            "requires_improvement",
            "2018-11-05",
            "2018-11-16",
            previous="inadequate",
            subs={
                "leadership": "requires_improvement",
                "help_and_protection": "requires_improvement",
                "children_in_care": "requires_improvement",
            },
        ),
    ),
    Case(
        "ilacs-2023-no-dates",
        "ilacs",
        "Children's services inspection",
        (
            ("title", "Inspection of Kent local authority children's services"),
            ("p", "Lead inspector: Zoe Pike, His Majesty's Inspector"),
            ("table", _graded(ILACS_2023, (RI, RI, RI, "Good", RI)), 120, 45),
            (
                "p",
                "At the last inspection, in 2017, services were judged to be inadequate. Leaders "
                "have made progress since then. " + PRACTICE,
            ),
        ),
        _expect(
            "Kent",
            "ilacs_full",
            "requires_improvement",
            None,
            None,
            previous="inadequate",
            subs={
                "leadership": "requires_improvement",
                "help_and_protection": "requires_improvement",
                "children_in_care": "good",
                "care_leavers": "requires_improvement",
            },
        ),
        notes="The dates line was lost in extraction: no date is anywhere.",
    ),
    Case(
        "sif-2015-lscb-table",
        "sif",
        "Children's services inspection",
        (
            ("title", "Barnsley Metropolitan Borough Council"),
            (
                "p",
                "Inspection of services for children in need of help and protection, children "
                "looked after and care leavers\nand\nReview of the effectiveness of the Local "
                "Safeguarding Children Board",
            ),
            ("p", "Inspection dates: 14 April 2015 \u2013 7 May 2015"),
            ("p", "Report published: 9 June 2015"),
            ("h", "Children's services in Barnsley require improvement"),
            ("table", tuple(zip(SIF_ROWS, (RI, "Good", "Good", RI, RI), strict=True)), 125, 55),
            (
                "table",
                (("The effectiveness of the Local Safeguarding Children Board (LSCB)", "Good"),),
                125,
                55,
            ),
        ),
        _expect(
            "Barnsley Metropolitan Borough Council",
            "sif",
            "requires_improvement",
            "2015-04-14",
            "2015-05-07",
            published="2015-06-09",
            subs={
                "help_and_protection": "requires_improvement",
                "children_in_care": "good",
                "adoption": "good",
                "care_leavers": "requires_improvement",
                "leadership": "requires_improvement",
            },
        ),
    ),
    Case(
        "sif-reinsp-2018-transition",
        "sif_reinspection",
        "Children's services inspection",
        (
            ("title", "Doncaster Metropolitan Borough Council"),
            (
                "p",
                "Re-inspection of services for children in need of help and protection, "
                "children looked after and care leavers",
            ),
            ("p", "Inspection dates: 27 November 2017 to 21 December 2017"),
            ("p", "Report published: 6 February 2018"),
            ("h", "Children's services in Doncaster are good"),
            ("table", tuple(zip(SIF_ROWS, ("Good",) * 5, strict=True)), 125, 55),
            ("page",),
            (
                "p",
                "This re-inspection follows the inspection in November 2014, which judged the "
                "overall effectiveness of services to be inadequate. " + PRACTICE,
            ),
            (
                "p",
                "Future inspections will be under the new framework for the inspection of local "
                "authority children's services (ILACS), introduced in January 2018.",
            ),
        ),
        _expect(
            "Doncaster Metropolitan Borough Council",
            "sif",
            "good",
            "2017-11-27",
            "2017-12-21",
            previous="inadequate",
            published="2018-02-06",
        ),
    ),
    Case(
        "old-2012-safeguarding-upper-case",
        "pre_2013",
        "Children's services inspection",
        (
            ("title", "Inspection of safeguarding and looked after children services"),
            ("p", "Bristol City Council"),
            ("p", "Inspection dates: 16 \u2013 27 January 2012\nReporting inspector: Ros Day HMI"),
            ("p", "Age group: All\nPublished: 2 March 2012"),
            ("page",),
            ("h", "Safeguarding services"),
            (
                "table",
                (("OVERALL EFFECTIVENESS", "ADEQUATE"), ("CAPACITY FOR IMPROVEMENT", "GOOD")),
                120,
                40,
            ),
            ("h", "Services for looked after children"),
            (
                "table",
                (("OVERALL EFFECTIVENESS", "ADEQUATE"), ("CAPACITY FOR IMPROVEMENT", "GOOD")),
                120,
                40,
            ),
        ),
        _expect(
            "Bristol City Council",
            "other",
            "adequate",
            "2012-01-16",
            "2012-01-27",
            published="2012-03-02",
        ),
        notes="Both overall rows agree (adequate); capacity for improvement is not overall.",
    ),
    Case(
        "mv-2019-fifth-visit",
        "monitoring_visit",
        "Monitoring visit",
        _visit(
            "1 November 2019",
            "Director of Children's Services\nBirmingham City Council\nVictoria Square\nB1 1BB",
            "Monitoring visit to Birmingham children's services",
            "This letter summarises the findings of the fifth monitoring visit to Birmingham "
            "children's services since the local authority was judged inadequate in March 2018. "
            "Inspectors carried out the visit on 2 and 3 October 2019.",
            PRACTICE,
        ),
        _expect(
            "Birmingham City Council",
            "monitoring_visit",
            "none",
            "2019-10-02",
            "2019-10-03",
            previous="inadequate",
        ),
    ),
    Case(
        "mv-2023-eighth-visit-hyphenated",
        "monitoring_visit",
        "Monitoring visit",
        _visit(
            "14 September 2023",
            "Director of Children's Services\nSwindon Borough Council\nEuclid Street\nSN1 2JH",
            "Monitoring visit to Swindon children's services",
            "This letter summarises the findings of the monitoring visit to Swindon children's "
            "services on 9 and 10 August 2023. This was the eighth monitoring visit since the "
            "local authority was judged in-\nadequate in May 2021.",
            PRACTICE,
        ),
        _expect(
            "Swindon Borough Council",
            "monitoring_visit",
            "none",
            "2023-08-09",
            "2023-08-10",
            previous="inadequate",
        ),
    ),
    Case(
        "fv-2021-virtual",
        "focused_visit",
        "Focused visit",
        _visit(
            "12 March 2021",
            "Director of Children's Services\nLuton Borough Council\nTown Hall\nLU1 2BQ",
            "Focused visit to Luton children's services",
            "This letter summarises the findings of the focused visit to Luton children's "
            "services on 9 and 10 February 2021. Because of the COVID-19 (coronavirus) "
            "pandemic, this visit was carried out virtually, and gives assurance about how "
            "well children are being protected.",
            "The local authority was judged to be good at its last inspection in July 2018. "
            + PRACTICE,
        ),
        _expect(
            "Luton Borough Council",
            "focused_visit",
            "none",
            "2021-02-09",
            "2021-02-10",
            previous="good",
        ),
    ),
    Case(
        "fv-2019-several-dates",
        "focused_visit",
        "Focused visit",
        _visit(
            "4 April 2019",
            "Director of Children's Services\nCumbria County Council\nCivic Centre\nCA3 8QG",
            "FOCUSED VISIT TO CUMBRIA CHILDREN'S SERVICES",
            "The last inspection of Cumbria, between 12 and 23 September 2016, judged services "
            "to require improvement to be good. This letter summarises the findings of the "
            "focused visit to Cumbria children's services on 5 and 6 March 2019. A previous "
            "focused visit took place on 4 and 5 April 2018.",
            PRACTICE,
        ),
        _expect(
            "Cumbria County Council",
            "focused_visit",
            "none",
            "2019-03-05",
            "2019-03-06",
            previous="requires_improvement",
        ),
        notes="Three sets of dates: the last inspection's, this visit's, an earlier visit's.",
    ),
    Case(
        "send-2024-monitoring-inspection",
        "area_send_2023",
        "Area SEND monitoring inspection",
        (
            LETTERHEAD,
            ("p", "24 May 2024"),
            ("small", "Hertfordshire Local Area Partnership"),
            ("p", "Dear Director"),
            ("h", "Area SEND monitoring inspection of Hertfordshire Local Area Partnership"),
            ("p", "Inspection dates: 8 to 10 April 2024"),
            (
                "p",
                "The area SEND inspection of Hertfordshire in March 2023 found that there were "
                "widespread and/or systemic failings leading to significant concerns about the "
                "experiences and outcomes of children and young people with SEND.",
            ),
            (
                "p",
                "The area partnership has made sufficient progress in addressing the areas for "
                "priority action. " + PRACTICE,
            ),
            ("p", "Yours sincerely\n\nJo Sims\nHis Majesty's Inspector"),
        ),
        _expect("Hertfordshire", "area_send", "none", "2024-04-08", "2024-04-10"),
        notes="A monitoring inspection gives no outcome of its own; the earlier one is recalled.",
    ),
    Case(
        "send-2025-positive-hyphenated",
        "area_send_2023",
        "Area SEND full inspection",
        (
            ("title", "Area SEND inspection of Rutland Local Area Partnership"),
            ("p", "Inspection dates: 13 to 17 January 2025"),
            ("p", "Dates of previous inspection: 1 to 5 July 2019"),
            ("h", "Inspection outcome"),
            (
                "p",
                "The local area partnership's special educational needs and/or disabilities "
                "(SEND) arrangements typically lead to posi-\ntive experiences and outcomes for "
                "children and young people with SEND. The next full area SEND inspection will "
                "be within approximately 5 years.",
            ),
            ("h", "Information about the local area partnership"),
            ("p", PRACTICE),
        ),
        _expect(
            "Rutland",
            "area_send",
            "none",
            "2025-01-13",
            "2025-01-17",
            send_outcome="positive",
        ),
    ),
    Case(
        "jtai-2018-neglect-theme",
        "jtai",
        "Joint targeted area inspection",
        _visit(
            "1 August 2018",
            "Director of Children's Services, Wigan Council\nChief Constable, Greater "
            "Manchester Police",
            "Joint targeted area inspection of the multi-agency response to children living "
            "with neglect in Wigan",
            "Between 11 and 15 June 2018, Ofsted, the Care Quality Commission (CQC), HMI "
            "Constabulary and Fire & Rescue Services (HMICFRS) and HMI Probation (HMIP) "
            "undertook a joint inspection of the multi-agency response to children living with "
            "neglect in Wigan.",
            "Ofsted's inspection of children's services in Wigan in 2016 judged them to be "
            "good. " + PRACTICE,
        ),
        _expect(
            "Wigan Council",
            "jtai",
            "none",
            "2018-06-11",
            "2018-06-15",
            previous="good",
        ),
    ),
    Case(
        "jtai-2022-no-fieldwork-dates",
        "jtai",
        "Joint targeted area inspection",
        _visit(
            "21 October 2022",
            "Director of Children's Services, Dorset Council\nChief Constable, Dorset Police",
            "Joint targeted area inspection of the multi-agency response to identification "
            "of initial need and risk in Dorset",
            "Ofsted, the Care Quality Commission (CQC), HMICFRS and HMI Probation carried out "
            "a joint inspection of the multi-agency response to identification of initial need "
            "and risk in Dorset. " + PRACTICE,
        ),
        _expect("Dorset Council", "jtai", "none", None, None),
        notes="Only the letter's own date: the fieldwork dates are not stated (null).",
    ),
)

CASES = ROUND_9A + ROUND_9B + ROUND_9C + ROUND_10


# A second batch, written and labelled after round ten's rules and before the reader was run on
# it: the same quirks in other places (a 2023-layout table column by column, a hyphen inside a
# SIF headline, a month or an outcome broken at a line end, another previous-inspection row,
# another way to say who carried out a visit, a letter with only its own date).
ROUND_10B: tuple[Case, ...] = (
    Case(
        "ilacs-2023-column-order-overall-first",
        "ilacs",
        "Children's services inspection",
        (
            ("title", "Inspection of Bradford local authority children's services"),
            ("p", "Inspection dates: 9 to 20 October 2023"),
            ("p", "Lead inspector: Kay Rowe, His Majesty's Inspector"),
            *_column_order(ILACS_2023, ("Inadequate", "Inadequate", "Inadequate", RI, RI)),
            ("p", "Children wait too long for help. " + PRACTICE),
        ),
        _expect(
            "Bradford",
            "ilacs_full",
            "inadequate",
            "2023-10-09",
            "2023-10-20",
            subs={
                "leadership": "inadequate",
                "help_and_protection": "inadequate",
                "children_in_care": "requires_improvement",
                "care_leavers": "requires_improvement",
            },
        ),
    ),
    Case(
        "sif-2016-headline-hyphenated",
        "sif",
        "Children's services inspection",
        (
            ("title", "London Borough of Camden"),
            (
                "p",
                "Inspection of services for children in need of help and protection, children "
                "looked after and care leavers",
            ),
            ("p", "Inspection dates: 4 January 2016 – 28 January 2016"),
            ("p", "Report published: 8 March 2016"),
            ("h", "Children's services in the London Borough of Camden are out-\nstanding"),
            (
                "table",
                tuple(
                    zip(
                        SIF_ROWS,
                        ("Outstanding", "Good", "Good", "Outstanding", "Outstanding"),
                        strict=True,
                    )
                ),
                125,
                55,
            ),
        ),
        _expect(
            "London Borough of Camden",
            "sif",
            "outstanding",
            "2016-01-04",
            "2016-01-28",
            published="2016-03-08",
            subs={
                "help_and_protection": "outstanding",
                "children_in_care": "good",
                "adoption": "good",
                "care_leavers": "outstanding",
                "leadership": "outstanding",
            },
        ),
    ),
    Case(
        "fv-2022-month-hyphenated",
        "focused_visit",
        "Focused visit",
        _visit(
            "6 December 2022",
            "Director of Children's Services\nBury Council\nTown Hall\nBL9 0SW",
            "Focused visit to Bury children's services",
            "This letter summarises the findings of the focused visit to Bury children's "
            "services on 2 and 3 Novem-\nber 2022. The local authority was judged inadequate "
            "at its last inspection in 2021.",
            PRACTICE,
        ),
        _expect(
            "Bury Council",
            "focused_visit",
            "none",
            "2022-11-02",
            "2022-11-03",
            previous="inadequate",
        ),
    ),
    Case(
        "send-2024-inconsistent-hyphenated",
        "area_send_2023",
        "Area SEND full inspection",
        (
            ("title", "Area SEND inspection of Bolton Local Area Partnership"),
            ("p", "Inspection dates: 3 to 7 June 2024"),
            ("h", "Inspection outcome"),
            (
                "p",
                "The local area partnership's SEND arrangements lead to incon-\nsistent "
                "experiences and outcomes for children and young people with SEND. The next full "
                "area SEND inspection will be within approximately 3 years.",
            ),
            ("h", "Information about the local area partnership"),
            ("p", PRACTICE),
        ),
        _expect(
            "Bolton",
            "area_send",
            "none",
            "2024-06-03",
            "2024-06-07",
            send_outcome="inconsistent",
        ),
    ),
    Case(
        "ilacs-short-2019-last-inspection-row",
        "ilacs",
        "Children's services inspection",
        (
            ("title", "Inspection of Leeds local authority children's services"),
            ("p", "Inspection dates: 25 to 29 March 2019"),
            ("p", "Lead inspector: Don Hay, Her Majesty's Inspector"),
            ("table", _graded(ILACS_2018, ("Outstanding",) * 4), 120, 45),
            ("table", (("Judgement at last inspection", "Good"),), 120, 45),
            ("p", "Leaders have built on strong foundations. " + PRACTICE),
        ),
        _expect(
            "Leeds",
            "ilacs_short",
            "outstanding",
            "2019-03-25",
            "2019-03-29",
            previous="good",
            subs={
                "leadership": "outstanding",
                "help_and_protection": "outstanding",
                "children_in_care": "outstanding",
            },
        ),
    ),
    Case(
        "mv-2019-conducted-this-visit",
        "monitoring_visit",
        "Monitoring visit",
        _visit(
            "3 July 2019",
            "Director of Children's Services\nTorbay Council\nTown Hall\nTQ1 3DR",
            "Monitoring visit to Torbay children's services",
            "Her Majesty's Inspectors Pam Orr and Ned Lyle conducted this monitoring visit on "
            "5 and 6 June 2019. It was the third monitoring visit since the local authority "
            "was judged inadequate in 2018.",
            PRACTICE,
        ),
        _expect(
            "Torbay Council",
            "monitoring_visit",
            "none",
            "2019-06-05",
            "2019-06-06",
            previous="inadequate",
        ),
    ),
    Case(
        "fv-2019-no-visit-dates",
        "focused_visit",
        "Focused visit",
        _visit(
            "28 May 2019",
            "Director of Children's Services\nSlough Borough Council\nObservatory House\nSL1 2EL",
            "Focused visit to Slough children's services",
            "This letter summarises the findings of the focused visit to Slough children's "
            "services, which looked at services for children in need and children subject to a "
            "child protection plan. " + PRACTICE,
        ),
        _expect("Slough Borough Council", "focused_visit", "none", None, None),
        notes="The fieldwork days are not written: only the letter's own date.",
    ),
    Case(
        "ilacs-2025-title-case-column-tabs",
        "ilacs",
        "Children's services inspection",
        (
            ("title", "Inspection of Croydon local authority children's services"),
            ("p", "Inspection dates: 13 to 24 January 2025"),
            ("p", "Lead inspector: Ava Shaw, His Majesty's Inspector"),
            (
                "table",
                _graded(
                    ILACS_2023,
                    (
                        "Requires Improvement To Be Good",
                        "Good",
                        "Requires Improvement To Be Good",
                        "Good",
                        "Good",
                    ),
                ),
                120,
                45,
            ),
            (
                "p",
                "At the last inspection, in 2020, services were judged to require improvement "
                "to be good. " + PRACTICE,
            ),
        ),
        _expect(
            "Croydon",
            "ilacs_full",
            "requires_improvement",
            "2025-01-13",
            "2025-01-24",
            previous="requires_improvement",
            subs={
                "leadership": "good",
                "help_and_protection": "requires_improvement",
                "children_in_care": "good",
                "care_leavers": "good",
            },
        ),
        extracted=(("Overall effectiveness Requires", "Overall effectiveness\t\tRequires"),),
    ),
)

CASES = ROUND_9A + ROUND_9B + ROUND_9C + ROUND_10 + ROUND_10B
