"""`classify`: the steps in order, the evidence, and the confidence.

The page is read once (`_read_page`: text, vocabulary, councils, dates, grades, the vote, into a
`_Page`), then each step revises the `_Verdict` (type and the sentence behind it, judgement,
previous grade) in turn: `_first_type`, `_type_by_evidence`, `_older_regimes`,
`_ungraded_and_roundups`, `_previous_told`, `_fieldwork_length`, `_assess` (relevance, and what
it settles), then `_result` builds the `Classification` and its evidence. Each step calls its
rules in order, one small function each, named for what it decides.

Order matters: grades are found before councils are chosen (a sentence with a grade makes its
councils stronger), councils before the judgement vote (sentences naming a subject weigh more,
grades about another council are dropped), the judgement before the type (a grade rules out the
ungraded visit types), and the type before relevance (a JTAI neutralises "police").

`evidence` (stored with the article, shown in alerts and `monitor show`), every sentence one
line of at most 300 characters:
    councils            {official name: {"alias": text that matched, "sentence": ...}}
    inspection_type     the sentence of the strongest type phrase, or why it was dated or
                        inferred ("(... 5 days on site: the short one)", "(an ILACS
                        inspection of a council previously judged good: the short one)")
    judgement           the sentence of the winning grade; for a visit, the type sentence
    previous_judgement  the sentence of the earlier grade
    relevance, relevance_score, council_scores, judgements_by_council (roundups): the workings

Before the steps, the sector's abbreviation "RI" beside a rating word ("the overall judgement
was RI", "an RI rating") is spelt out as requires improvement. After the vote, a change stated
by its size ("moved up two grades to good", "slipped a grade") gives the previous grade when no
other is stated. An inadequate council's progress reported after a visit, with no other type
named and no grade given as news, is a monitoring visit (`visits.progress_after_inadequate`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any

from monitor import metrics
from monitor import vocabulary as V
from monitor.analyze.councils import (
    Authority,
    CouncilResult,
    Mention,
    choose_councils,
    find_mentions,
)
from monitor.analyze.dates import StatedDates, as_date, find_dates, latest_date
from monitor.analyze.inspection import (
    LENGTH_ONLY,
    SEND_WORDS_RE,
    SIF_END,
    SIF_START,
    choose_type,
    era,
    era_dated,
    graded_type,
    score_types,
    stated_length,
    stated_now,
)
from monitor.analyze.judgement import (
    CONTINUE_RE,
    PAST_BEFORE_RE,
    SPLIT_GRADE_RE,
    Grade,
    find_grades,
)
from monitor.analyze.relevance import Relevance, assess_relevance
from monitor.analyze.result import GRADES, Classification
from monitor.analyze.terms import Terms, find_terms
from monitor.analyze.text import LEAD_CHARS, Doc, prepare
from monitor.analyze.verdict import (
    graded_subjects,
    own_grades,
    previous_grade,
    roundup_grades,
    vote,
)
from monitor.analyze.visits import (
    FRESH_VERB_RE,
    INTERVENTION_RE,
    MONITORED_YEARS,
    STANDING_RE,
    VISIT_KINDS,
    VISIT_WORD_RE,
    fresh_grade,
    grades_months_before,
    one_visit,
    progress_after_inadequate,
    standing_grade,
    standing_inadequate,
    visit_keeps_grade,
    visits_as_series,
)

_VISIT_EVENT_RE = re.compile(r"\b(?:visited|visit|letter|inspectors|inspection)\b")
# ... and England's Children's Commissioner, who speaks for children, intervenes nowhere
_NATIONAL_COMMISSIONER_RE = re.compile(
    r"\bchildren's commissioner for england\b|\b(?:anne longfield|rachel de souza|"
    r"maggie atkinson|al aynsley-green)\b"
)
_INTERVENTION_ENDS_RE = re.compile(
    r"\b(?:lifted|lifts|removed|revoked|ended|ends|ending|come out of|came out of|exit\w*|"
    r"no longer)\b"
)
# after the SIF's last reports (its re-inspections of inadequate councils ran through 2018)
_SIF_REPORTS_ENDED = dt.date(2019, 7, 1)
_SIF_NAMED_RE = re.compile(r"\bsingle inspection framework\b|\bsif\b")
# the SIF's fifth judgement, in either order ("management, leadership and governance")
_SIF_LEADERSHIP_RE = re.compile(
    r"\b(?:leadership, management|management, leadership),? and governance\b"
)
# the SIF graded five areas (three judgements, adoption and care leavers): "in three out of
# the five inspection areas"; so does the ILACS since 2023 with its overall effectiveness, but
# in its own areas' words ("the impact of leaders", "the experiences and progress of children")
_FIVE_AREAS_RE = re.compile(
    r"\b(?:of|out of) (?:the |its |their )?(?:five|5) (?:inspection |judgement |key )?areas\b"
)
_ILACS_AREAS_RE = re.compile(r"\bimpact of leaders\b|\bexperiences and progress of children\b")
# (the board's own name leaves "local" out: "Knowsley Safeguarding Children Board")
_LSCB_RE = re.compile(r"\bsafeguarding children(?:'s)? board\b|\blscb\b")
# what the inspections before November 2013 graded: the arrangements to protect children
# (2012-2013), safeguarding services (2009-2012)
_PROTECTION_GRADED_RE = re.compile(
    r"\b(?:child protection|safeguarding(?: children)?) (?:services?|arrangements|provision|"
    r"department)\b|\barrangements (?:for the protection of|to (?:protect|safeguard)) children\b"
)
# the overall judgement said of children's services or social care, in one sentence
_OVERALL_OF_SERVICES_RE = re.compile(
    r"\boverall (?:judgement|judgment|effectiveness)\b"
    r"(?=.*\bchildren'?s (?:social care|services)\b)"
    r"|\bchildren'?s (?:social care|services)\b"
    r"(?=.*\boverall (?:judgement|judgment|effectiveness)\b)"
)
_SHORT_FIELDWORK_DAYS = 7  # ILACS short inspections: one week on site; standard: two
_STANDARD_FIELDWORK_DAYS = 14
# two days on site are a focused visit's length, or the part of the fieldwork a story names
# ("following their visit on May 13 and 14"), never a short inspection's week
_SHORT_MIN_DAYS = 3
# the subject of the 2009-2012 inspection's safeguarding judgement (not the board's)
_SAFEGUARDING_SUBJECT_RE = re.compile(
    r"\bsafeguarding (?:services|arrangements)\b(?:(?!\bboard\b)[^.;]){0,40}$"
)
# the subject of the 2009-2012 inspection's looked after children judgement
_CARED_SUBJECT_RE = re.compile(
    r"\b(?:looked[ -]after children|children looked after|children in care)\b"
)
_SIF_MIN_DAYS = 18  # the SIF's three or four weeks on site (ILACS: at most two, 12 days' range)
_VISIT_MAX_DAYS = 2  # a focused or monitoring visit's time on site; an inspection's is a week+
# visits last a day or two on site, though the press has called one a "two week inspection";
# no visit spans three weeks, as a standard inspection's fieldwork does
_INSPECTION_MIN_DAYS = 15
# a visit's dates on site span a few days ("on 7 and 8 June"), a standard inspection's two weeks
_RANGE_MIN_DAYS = 8
# words that make a sentence about several councils ("Each council had a one-week short
# inspection"), not the one it follows
_COLLECTIVE_RE = re.compile(
    r"\b(?:each|both|all|every|councils|authorities|boroughs|counties)\b", re.I
)
_SAME_GRADE_RE = re.compile(r"\b(?:" + "|".join(V.SAME_GRADE_AS_BEFORE) + r")\b")
_GRADE_SHIFT_RE = re.compile(V.GRADE_SHIFT)
_SHIFT_NOUN_RE = re.compile(r"notch|grade|step|rung|level")
# "the overall judgement was RI", "rated RI", "an RI rating", "from RI to good": the sector's
# abbreviation of requires improvement, in capitals, read as the grade only beside a rating
# word ("the RI visited the home" is a children's home's responsible individual)
_RI_RE = re.compile(r"(?<![\w'-])RI(?![\w'-])")
_RI_BEFORE_RE = re.compile(
    r"\b(?:was|were|is|are|as|be|been|rated|judged|graded|from|to|an|overall|remains?|"
    r"remained|still|now|judgement|judgment|rating|grade|previously|formerly)\W{0,3}$"
)
_RI_AFTER_RE = re.compile(
    r"\W{0,3}(?:rating|ratings|judgement|judgment|grade|overall|-rated|to good)\b"
)


def _expand_ri(text: str) -> str:
    """The text with each "RI" that reads as a grade spelt out as "requires improvement"."""
    if "RI" not in text:
        return text

    def grade(m: re.Match[str]) -> str:
        before = text[max(0, m.start() - 25) : m.start()].lower()
        after = text[m.end() : m.end() + 25].lower()
        if _RI_BEFORE_RE.search(before) or _RI_AFTER_RE.match(after):
            return "requires improvement"
        return m.group()

    return _RI_RE.sub(grade, text)


def _shifted_from(lower: str, judgement: str) -> tuple[str, int] | None:
    """The grade before a change stated by its size ("moved up two grades to good": from
    inadequate; "slipped a grade" to requires improvement: from good), and where it is said;
    None when the text states no size, or two that disagree, or one off the scale."""
    if _SHIFT_NOUN_RE.search(lower) is None:
        return None
    found: set[str] = set()
    at = -1
    for m in _GRADE_SHIFT_RE.finditer(lower):
        steps = V.GRADE_STEPS[m.group(3)]
        index = V.GRADE_SCALE.index(judgement) + (-steps if m.group(1) else steps)
        if not 0 <= index < len(V.GRADE_SCALE):
            return None
        found.add(V.GRADE_SCALE[index])
        at = m.start() if at < 0 else at
    return (found.pop(), at) if len(found) == 1 else None


# a step to the grade next to an end of the scale comes from that end: "downgraded to good" is
# from outstanding, "upgraded to requires improvement" from inadequate
_DOWN_TO_GOOD_RE = re.compile(
    r"\b(?:downgraded|dropped|fallen|fell|slipped|slid|gone down|went down|moved down)"
    r"(?: back)? to\W{0,3}(?:an? )?(?:overall )?\W{0,3}good\b"
)
_UP_TO_RI_RE = re.compile(
    r"\b(?:upgraded|improved|moved up|gone up|went up|risen|rose|climbed|lifted)"
    r" to\W{0,3}(?:an? )?(?:overall )?\W{0,3}requires? improvement\b"
)


def _step_from_scale_end(lower: str, judgement: str) -> tuple[str, int] | None:
    """The grade a step to ``judgement`` came from when only one grade lies beyond it."""
    if judgement == "good" and (m := _DOWN_TO_GOOD_RE.search(lower)):
        return "outstanding", m.start()
    if judgement == "requires_improvement" and (m := _UP_TO_RI_RE.search(lower)):
        return "inadequate", m.start()
    return None


# "For the adoption performance to be rated as outstanding is particularly impressive": the
# SIF's adoption judgement, however the sentence around it reads
_ADOPTION_GRADED_RE = re.compile(
    r"\badoption performance\b[^.;]{0,40}?\b(?:rated|judged|graded|found)\b[^.;]{0,12}?"
    r"\b(?:outstanding|good|requires? improvement|inadequate)\b"
)


def _sif_features(doc: Doc, grades: list[Grade]) -> bool:
    """What only the SIF graded: adoption performance, "leadership, management and
    governance", five areas none of which has ILACS' names. Not in a sentence whose grades
    all look back ("The last time the council's children's services was inspected - in 2015 -
    it was rated ... good in leadership, management and governance"): the earlier
    inspection's areas."""
    recalled = {g.seg for g in grades if g.past} - {g.seg for g in grades if not g.past}
    low = doc.lower
    if recalled:
        low = "\n".join(doc.seg_text(i).lower() for i in range(len(doc.segs)) if i not in recalled)
    return (
        any(g.sub == "adoption" and not g.past for g in grades)
        or _ADOPTION_GRADED_RE.search(low) is not None
        or _SIF_LEADERSHIP_RE.search(low) is not None
        or (_FIVE_AREAS_RE.search(low) is not None and not _ILACS_AREAS_RE.search(low))
    )


def _rated_now(doc: Doc, g: Grade) -> bool:
    """Grade ``g`` is given in its sentence ("has been rated", "judged ... to be"), not held
    ("still", "remains") or looked back on, wherever in the story it is (twelve words back:
    "judged the services to have improved sufficiently to be rated")."""
    if g.past or g.background or g.sub:
        return False
    seg_start = doc.segs[g.seg][0]
    before = " ".join(doc.lower[max(seg_start, g.start - 70) : g.start].split()[-12:])
    return (
        FRESH_VERB_RE.search(before) is not None
        and not STANDING_RE.search(before)
        and not PAST_BEFORE_RE.search(before)
    )


# a sentence that tells what followed the one before it
_CONSEQUENCE_RE = re.compile(
    r"\W*(?:(?:this|that|which) (?:has )?(?:led|leads|resulted) (?:to|in)|since (?:then|that)\b|"
    r"following (?:this|that)\b|subsequently\b|in the (?:months|years) since\b)"
)


def _led_to_later(doc: Doc, grade: Grade) -> bool:
    """Is the grade's sentence, dated to a year before the story's latest, followed by one that
    tells what it led to ("This led to a series of further two-day inspections", "Since then
    inspectors have visited four times")?"""
    nxt = grade.seg + 1
    return (
        grade.year is not None
        and doc.ref_year is not None
        and grade.year < doc.ref_year
        and nxt < len(doc.segs)
        and _CONSEQUENCE_RE.match(doc.lower, doc.segs[nxt][0]) is not None
    )


def _intervention_after(
    doc: Doc, judgement: str | None, prev: Grade | None, type_scores: dict[str, float]
) -> bool:
    """A story of the government's intervention (a commissioner sent in, an improvement
    notice, control kept or lost) that reports no new inspection, told after the inadequate
    grade it recalls: the grade that caused the intervention, whose aftermath SPEC counts as
    relevant. Not an intervention's end ("notice lifted"): a better grade ends it."""
    lead_end = doc.title_end + LEAD_CHARS
    return (
        judgement is None
        and prev is not None
        and prev.grade == "inadequate"
        and not any(type_scores.get(k, 0.0) >= 1.5 for k in VISIT_KINDS)
        and INTERVENTION_RE.search(doc.lower, 0, lead_end) is not None
        and _INTERVENTION_ENDS_RE.search(doc.lower, 0, lead_end) is None
        and _NATIONAL_COMMISSIONER_RE.search(doc.lower, 0, lead_end) is None
    )


# the area's special educational needs and disabilities, the subject of the only inspection
# Ofsted makes of them (with the CQC): the acronym in capitals, or the words
_SEND_SUBJECT_RE = re.compile(
    r"\bSEND\b|\b[Ss]pecial (?:[Ee]ducational )?[Nn]eeds (?:and|&) (?:[Dd]isabilit|[Dd]isabled)"
)


def _after_a_sif_grade(prev: Grade | None) -> bool:
    """The grade recalled was the SIF's, and the next graded inspection after it ILACS': the
    SIF inspected each council once, from November 2013 to the end of 2017, and again only
    after an inadequate grade, about two years later (its re-inspections ran to the summer of
    2018). So a grade of 2014-2017 other than inadequate, or an inadequate of 2016-2017, is
    followed by ILACS; an inadequate of 2014-2015 may be followed by the SIF's re-inspection."""
    if prev is None or prev.year is None:
        return False
    first = 2016 if prev.grade == "inadequate" else SIF_START.year + 1
    return first <= prev.year <= 2017


def _in_scale(grades: list[Grade], old_scale: bool, lower: str) -> list[Grade]:
    """Grades on the scale of the story's era: "adequate", and the 2009-2011 annual ratings'
    bands ("performs well"), are this inspection's grade only before November 2013 (the
    frameworks' four-point scale); later they can only be recalled ("children's social care
    continues to perform well", said of a 2020 focused visit, is praise, not a grade)."""
    return [
        g
        for g in grades
        if not (g.grade == "adequate" or lower.startswith("perform", g.start))
        or old_scale
        or g.past
        or (g.year is not None and g.year < 2014)
    ]


_MONITORING_SERIES_RE = re.compile(
    r"\b(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:nd|rd|th)) "
    r"(?:ofsted )?monitoring (?:visit|inspection|letter|report)"
)


# the unannounced inspections of contact, referral and assessment (2009-2011) gave no grade;
# the unannounced child protection inspections that followed (from May 2012) did
_SURPRISE_RE = re.compile(
    r"\b(?:unannounced|surprise|snap|no-notice|no notice)(?: safeguarding)? (?:inspections?|"
    r"visits?)\b|\bspot[- ]checks?\b"
)
_LAST_UNGRADED_UNANNOUNCED = 2011
_RATING_NAMED_RE = re.compile(
    r"\bannual (?:children's services )?(?:rating|assessment|performance assessment)s?\b|"
    r"\bcomprehensive area assessment\b|\bcaa\b"
)
# an inspection of the annual ratings' years told in a title or lead: an unannounced one, or
# safeguarding graded
_INSPECTION_AHEAD_RE = re.compile(
    _SURPRISE_RE.pattern
    + r"|\b(?:rated|judged|found|deemed)\W{1,3}(?:inadequate|adequate|good|outstanding)\W{1,3}"
    r"(?:for|at) safeguarding\b|\bsafeguarding (?:and looked after children )?inspection\b"
)
# the older frameworks' descriptor of "inadequate": "does not meet minimum requirements"
_MINIMUM_RE = re.compile(r"\bminimum requirements\b")
_CAPACITY_GRADED_RE = re.compile(
    r"\b(?:outstanding|good|adequate|inadequate) capacity (?:to|for) (?:further )?improve|"
    r"\bcapacity (?:to|for) (?:further )?improve(?:ment)? (?:is |was |as |were )?(?:judged |rated |"
    r"graded )?(?:as )?['\"]?(?:outstanding|good|adequate|inadequate)\b"
)


_SIF_REINSPECTION_YEAR = 2018


def _ilacs_named(type_named: dict[str, float]) -> bool:
    """The story names ILACS by any phrase but a length ("the first year of the Ilacs
    system", "a standard inspection"; not "a three-week inspection", which the SIF took too)."""
    return bool({"ilacs_full", "ilacs_short"} & set(type_named)) and LENGTH_ONLY not in type_named


def _framework_unnamed(type_named: dict[str, float], kinds: tuple[str, ...]) -> bool:
    """None of these frameworks is named as such by the story (each scored below
    `FRAMEWORK_NAMED`: a length or a grade may point to one, its name does not)."""
    return max(type_named.get(k, 0.0) for k in kinds) < V.FRAMEWORK_NAMED


def _sif_reinspection_year(doc: Doc, inspected: dt.date | None) -> bool:
    """The inspection (or, its date unstated, the story) is of 2018."""
    if inspected is not None:
        return inspected.year == _SIF_REINSPECTION_YEAR
    return (
        doc.ref_date is not None
        and not doc.year_guessed
        and doc.ref_date.year == _SIF_REINSPECTION_YEAR
    )


def _not_send_outcomes(doc: Doc, grades: list[Grade]) -> list[Grade]:
    """An area SEND story's grades but those said in SEND's words: "services for children with
    special educational needs ... have achieved the highest possible rating" is the
    inspection's outcome told as a grade, not an earlier grade; "Kent County Council's
    children's services were rated outstanding in 2022" is the council's earlier one."""
    return [
        g for g in grades if SEND_WORDS_RE.search(doc.seg_text(doc.seg_of(g.start)).lower()) is None
    ]


# the unannounced inspections of contact, referral and assessment ended in May 2012, when the
# (graded) inspections of arrangements for the protection of children began
_UNGRADED_UNANNOUNCED_END = dt.date(2012, 6, 1)


def _in_unannounced_years(doc: Doc) -> bool:
    """The story is dated in the years of the ungraded unannounced inspections: 2009-2011 by
    its year, or before June 2012 by its date."""
    if doc.ref_year is None or doc.year_guessed:
        return False
    if doc.ref_date is not None:
        return doc.ref_date < _UNGRADED_UNANNOUNCED_END
    return doc.ref_year <= _LAST_UNGRADED_UNANNOUNCED


def _ungraded_surprise(doc: Doc, grades: list[Grade]) -> tuple[int, int] | None:
    """Where a story of the years to May 2012 that states no grade names a surprise or
    unannounced inspection: one of the unannounced inspections of contact, referral and
    assessment."""
    if not _in_unannounced_years(doc) or any(not g.past for g in grades):
        return None
    found = _SURPRISE_RE.search(doc.lower)
    return found.span() if found else None


_LAST_YEAR_RE = re.compile(r"\blast year\b")


def _recalled_before_surprise(doc: Doc, grades: list[Grade], judgement: str) -> Grade | None:
    """In a story of the ungraded unannounced inspections' years (`_in_unannounced_years`)
    that names one, the grade when every sentence giving it dates it before the story's year
    ("last year's criticism", "a critical inspection in 2010 ... was deemed inadequate" in
    2011): the grade that inspection followed, not its own."""
    year = doc.ref_year
    if year is None or not _in_unannounced_years(doc) or _SURPRISE_RE.search(doc.lower) is None:
        return None
    current = [g for g in grades if g.grade == judgement and not g.past and g.sub is None]
    for g in current:
        seg_start = doc.segs[g.seg][0]
        earlier = g.year is not None and g.year < year
        if not earlier and not _LAST_YEAR_RE.search(doc.lower, seg_start, g.start):
            return None
    return current[0] if current else None


_YEAR_ONLY_RE = re.compile(r"(?:19|20)\d\d")


@dataclass
class _Page:
    """What a page says, read once (:func:`_read_page`); the steps after only read it."""

    doc: Doc
    terms: Terms
    mentions: list[Mention]
    stated: StatedDates
    inspection_date: dt.date | None
    report_date: dt.date | None
    grades: list[Grade]
    when: str  # the era: "pre_sif", "sif" or "ilacs"
    old_scale: bool
    old_regime: bool
    scale_dated: str | None
    surprise_dated: bool
    type_scores: dict[str, float]
    type_where: dict[str, tuple[float, int, int]]
    type_named: dict[str, float]
    council_result: CouncilResult
    chosen: list[Authority]
    fresh: bool
    progress: bool
    kept_visit: bool
    own: list[Grade]


@dataclass
class _Verdict:
    """What is decided about the page, step by step: each step of :func:`classify` may revise
    the type (and the sentence that gives it), the judgement, the previous grade."""

    judgement: str | None
    grade_share: float
    grade_mention: Grade | None
    itype: str | None = None
    type_sentence: str | None = None
    prev: Grade | None = None
    by_council: dict[str, str] = field(default_factory=dict)
    likely_type: str | None = None
    days: int | None = None


def classify(
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    published: str | dt.date | dt.datetime | None = None,
) -> Classification:
    """Classify one page (see the module docstring for the rules)."""
    page, verdict = _read_page(text, title, url, published)
    _first_type(page, verdict)
    _type_by_evidence(page, verdict)
    _older_regimes(page, verdict)
    _ungraded_and_roundups(page, verdict)
    _previous_told(page, verdict)
    _fieldwork_length(page, verdict)
    relevance = _assess(page, verdict)
    result = _result(page, verdict, relevance)
    metrics.record_classification(result)
    return result


def _read_page(
    text: str, title: str | None, url: str | None, published: str | dt.date | dt.datetime | None
) -> tuple[_Page, _Verdict]:
    """Everything read once: the prepared text and its year, the vocabulary, council mentions,
    stated dates, grades (in the scale of the era), the councils chosen, the type evidence,
    and the grade the mentions vote for."""
    doc, pub = _prepared(text, title, url, published)
    terms = find_terms(doc)
    mentions = find_mentions(doc)
    stated = find_dates(doc)
    inspection_date, report_date = stated.inspection, stated.report
    found = find_grades(doc, mentions)
    scale_dated = _scale_dated(doc, found, inspection_date)
    surprise_dated = _surprise_dated(doc, terms, inspection_date, scale_dated)
    if (guessed := _year_by_older_words(scale_dated, surprise_dated)) is not None:
        doc.ref_year, doc.year_guessed = guessed, True
        found = find_grades(doc, mentions)
    when = era(doc, inspection_date)  # the era, once the story's year is settled
    grades = _grades_of_the_era(doc, terms, found, when)
    council_result = _councils_chosen(doc, terms, mentions, grades, url, pub)
    chosen = council_result.chosen
    council_segs = {m.seg for m in mentions if m.auth in chosen}
    old_scale = when == "pre_sif"
    grades, verdict = _first_vote(doc, grades, council_segs, old_scale)
    type_scores, type_where, type_named = score_types(doc, terms)
    grades, verdict = _months_old_grades_past(doc, grades, council_segs, type_named, verdict)
    old_regime = _older_regime_said(terms, scale_dated, verdict.judgement)
    fresh = fresh_grade(doc, grades, verdict.judgement)
    progress, kept_visit = _progress_or_grade_kept(
        doc, terms, grades, verdict, fresh, type_named, when
    )
    page = _Page(
        doc=doc,
        terms=terms,
        mentions=mentions,
        stated=stated,
        inspection_date=inspection_date,
        report_date=report_date,
        grades=grades,
        when=when,
        old_scale=old_scale,
        old_regime=old_regime,
        scale_dated=scale_dated,
        surprise_dated=surprise_dated,
        type_scores=type_scores,
        type_where=type_where,
        type_named=type_named,
        council_result=council_result,
        chosen=chosen,
        fresh=fresh,
        progress=progress,
        kept_visit=kept_visit,
        own=own_grades(grades, mentions, chosen),
    )
    return page, verdict


def _prepared(
    text: str, title: str | None, url: str | None, published: str | dt.date | dt.datetime | None
) -> tuple[Doc, dt.date | None]:
    """The text prepared ("RI" beside a rating word spelt out, a grade split across a line
    joined) and the date it was published, if a day is given; a year alone is the story's
    year, stated."""
    # a year alone ("2018") is any day of it: the story's year, not its first of January (which
    # would date a 2018 story before the SIF's end)
    year_only = isinstance(published, str) and _YEAR_ONLY_RE.fullmatch(published.strip())
    pub = None if year_only else as_date(published)
    text = SPLIT_GRADE_RE.sub(r"\1 \2", CONTINUE_RE.sub(" ", _expand_ri(text or "")))
    title = _expand_ri(title) if title else title
    doc = prepare(text, title, pub, url, latest_date(published))
    if year_only:
        doc.ref_year, doc.year_guessed = int(year_only.group()), False
    return doc, pub


def _scale_dated(doc: Doc, found: list[Grade], inspection_date: dt.date | None) -> str | None:
    """In a story with no date anywhere, the words of the scale used only before November 2013
    that date it (for the evidence): "adequate" as a current grade, "inadequate" told as not
    meeting minimum requirements, a capacity to improve graded; None when there are none."""
    # no date anywhere, but "adequate" as a current grade, or "inadequate" told as "not
    # meeting minimum requirements": the four-point scale used only before November 2013 (and
    # its descriptor) dates the story; the words that did, for the evidence
    if doc.ref_year is None and inspection_date is None:
        current = [g for g in found if not g.past and g.sub is None and g.weight >= 0.6]
        if any(g.grade == "adequate" for g in current):
            return "a current 'adequate' grade is"
        if _MINIMUM_RE.search(doc.lower) and any(g.grade == "inadequate" for g in current):
            return "'inadequate' told as not meeting minimum requirements is"
        if _CAPACITY_GRADED_RE.search(doc.lower):
            # "the overall effectiveness of the services as good, with outstanding capacity to
            # improve": the frameworks before November 2013 graded the capacity to improve
            return "a capacity to improve graded is"
    return None


def _surprise_dated(
    doc: Doc, terms: Terms, inspection_date: dt.date | None, scale_dated: str | None
) -> bool:
    """A story with no date, not dated by the old scale, told in the words of the unannounced
    inspections of contact, referral and assessment (2009-2011), no visit named."""
    # no date, but the unannounced inspections' own words: "areas for priority action" after
    # a "no-notice" or "snap" inspection, no visit named (a focused visit's letter names
    # priority actions too) are those of contact, referral and assessment (2009-2011), which
    # gave no grade
    return (
        doc.ref_year is None
        and inspection_date is None
        and scale_dated is None
        and any(h[3] == "ungraded_old" for h in terms.hits)
        and _SURPRISE_RE.search(doc.lower) is not None
        and not any(h[3] == "type" and h[4][0] in VISIT_KINDS for h in terms.hits)
    )


def _year_by_older_words(scale_dated: str | None, surprise_dated: bool) -> int | None:
    """The year guessed for an undated story by the older regimes' words: the year before the
    SIF began for the old scale's, the year before the last ungraded unannounced inspections
    for theirs; None otherwise."""
    if scale_dated is not None:
        return SIF_START.year - 1
    if surprise_dated:
        return _LAST_UNGRADED_UNANNOUNCED - 1
    return None


def _grades_of_the_era(doc: Doc, terms: Terms, found: list[Grade], when: str) -> list[Grade]:
    """The grades found, on the scale of the story's era (`_in_scale`), without an area SEND
    inspection's outcome told by its rank in SEND's words."""
    grades = _in_scale(found, when == "pre_sif", doc.lower)
    if any(h[3] == "send" for h in terms.hits):
        # "awarded them the highest rating" beside the 2023 area SEND framework's outcome in
        # its own words: the outcome told by its rank among the three, in SEND's words, is no
        # grade of children's services
        grades = [
            g
            for g in grades
            if not (g.ranked and SEND_WORDS_RE.search(doc.seg_text(g.seg).lower()))
        ]
    return grades


def _councils_chosen(
    doc: Doc,
    terms: Terms,
    mentions: list[Mention],
    grades: list[Grade],
    url: str | None,
    pub: dt.date | None,
) -> CouncilResult:
    """The councils the story is about (`choose_councils`), told which sentences give a grade
    other than by its rank (a sentence with a grade makes its councils stronger) and which
    subjects are graded."""
    grade_segs = {g.seg for g in grades if not g.ranked}
    graded = graded_subjects(doc, grades, mentions)
    return choose_councils(doc, mentions, terms, grade_segs, url, pub, graded)


def _first_vote(
    doc: Doc, grades: list[Grade], council_segs: set[int], old_scale: bool
) -> tuple[list[Grade], _Verdict]:
    """The grade the mentions vote for, once a grade where the story's later events began is
    recalled (`_led_to_later`); before the SIF, the looked after children's grade when it is
    the only one. The grades as revised, and the verdict begun with the vote."""
    verdict = _Verdict(*vote(doc, grades, council_segs))
    if verdict.grade_mention is not None and _led_to_later(doc, verdict.grade_mention):
        # "... a report in July that year which graded the overall service as 'Inadequate'.
        # This led to a series of further two-day inspections ...": the grade is where the
        # story's later events began, not their outcome
        seg = verdict.grade_mention.seg
        grades = [replace(g, past=True) if g.seg == seg else g for g in grades]
        verdict = _Verdict(*vote(doc, grades, council_segs))
    if verdict.judgement is None and old_scale:
        # before the SIF, services for looked after children had their own overall grade,
        # one of the inspection's two headline judgements: alone, it is the outcome
        cared = [g for g in grades if g.sub == "children_in_care" and not g.past]
        if cared and len({g.grade for g in cared}) == 1:
            verdict = _Verdict(cared[0].grade, 1.0, cared[0])
    return grades, verdict


def _months_old_grades_past(
    doc: Doc,
    grades: list[Grade],
    council_segs: set[int],
    type_named: dict[str, float],
    verdict: _Verdict,
) -> tuple[list[Grade], _Verdict]:
    """A visit's story that dates a grade months before it (`grades_months_before`): that
    grade is the last inspection's, recalled, and the mentions vote again."""
    months_old = grades_months_before(doc, grades, type_named)
    if months_old:
        # "Children's services in Camden were judged to be 'good' overall in November 2017", in
        # a June 2018 story of a focused visit: the visit is between graded inspections, and a
        # grade dated months before its story is the last one's
        grades = [replace(g, past=True) if g in months_old else g for g in grades]
        verdict = _Verdict(*vote(doc, grades, council_segs))
    return grades, verdict


def _older_regime_said(terms: Terms, scale_dated: str | None, judgement: str | None) -> bool:
    """The older regimes' own words, or their scale's (`scale_dated`; or this inspection's
    grade "adequate", which only they gave): they date an undated story."""
    return (
        scale_dated is not None
        or any(h[3] == "ungraded_old" for h in terms.hits)
        or judgement == "adequate"
    )


def _progress_or_grade_kept(
    doc: Doc,
    terms: Terms,
    grades: list[Grade],
    verdict: _Verdict,
    fresh: bool,
    type_named: dict[str, float],
    when: str,
) -> tuple[bool, bool]:
    """After November 2013: whether an inadequate council's progress is told after a visit
    (`progress_after_inadequate`), and, if not, whether a visit leaves the council's grade
    as it was (`visit_keeps_grade`)."""
    judgement = verdict.judgement
    progress = when != "pre_sif" and progress_after_inadequate(
        doc, terms, grades, judgement, fresh, type_named
    )
    kept_visit = (
        not progress
        and when != "pre_sif"
        and visit_keeps_grade(doc, terms, grades, judgement, fresh, type_named)
    )
    return progress, kept_visit


def _first_type(page: _Page, verdict: _Verdict) -> None:
    """The type the story's words and date give first (a monitoring visit where progress
    after an inadequate grade is told, a visit that leaves the standing grade), the sentence
    behind it, and the previous grade the grades recall."""
    itype = _type_chosen(page, verdict.judgement)
    verdict.itype = itype
    verdict.type_sentence = _first_type_sentence(page, itype)
    own = page.own
    verdict.prev = previous_grade(
        _not_send_outcomes(page.doc, own) if itype == "area_send" else own,
        ungraded=itype in V.UNGRADED_TYPES,
    )


def _type_chosen(page: _Page, judgement: str | None) -> str | None:
    """A monitoring visit where progress after an inadequate grade is told, a visit where
    one leaves the standing grade, else the type the story's words and date give
    (`choose_type`: told the grade only for a single monitoring visit or a standing
    inadequate)."""
    if page.progress:
        return "monitoring_visit"
    if page.kept_visit:
        return "visit"
    doc, grades, type_where = page.doc, page.grades, page.type_where
    itype, _override = choose_type(
        doc,
        page.type_scores,
        judgement is not None,
        page.inspection_date,
        page.type_named,
        page.old_regime,
        fresh=page.fresh,
        judgement=judgement
        if one_visit(doc, type_where, "monitoring_visit")
        or standing_inadequate(doc, judgement, grades)
        else None,
        standing=standing_grade(grades),
        series=visits_as_series(doc, type_where),
    )
    return itype


def _first_type_sentence(page: _Page, itype: str | None) -> str | None:
    """The sentence behind the first type: the strongest phrase naming it, or why it was
    given (progress told, a visit that keeps the grade, the old scale, a graded inspection
    of the story's year)."""
    doc = page.doc
    if page.progress:
        return (
            "(no visit type named: progress reported after an inadequate grade, as a monitoring "
            "visit's letter does)"
        )
    if page.kept_visit:
        return "(a visit that leaves the council's standing grade as it was)"
    if itype in page.type_where:
        _w, start, end = page.type_where[itype]
        return doc.snippet(doc.seg_of(start), start, end)
    if itype is not None and page.scale_dated is not None:
        return (
            f"(no framework named, no date: {page.scale_dated} of the scale used before "
            "November 2013)"
        )
    if itype is not None:
        year = f"a {doc.ref_year} story" if doc.ref_year else "an undated story"
        return f"(no framework named: a graded inspection in {year})"
    return None


def _type_by_evidence(page: _Page, verdict: _Verdict) -> None:
    """The framework the story's own evidence gives, whatever its date says: an inspectors'
    visit before November 2013, the SIF's sub-judgements, the safeguarding board reviewed
    beside it, a previous grade on the old scale, a 2018 re-inspection of an inadequate
    council, child protection graded alone; and which visit a monitoring visit really was."""
    _which_visit(page, verdict)
    if (why := _why_the_sif(page, verdict)) is not None:
        verdict.itype, verdict.type_sentence = "sif", why
    _protection_graded_alone(page, verdict)
    _monitoring_visit_without_inadequate(page, verdict)
    _graded_out_of_inadequate(page, verdict)


def _which_visit(page: _Page, verdict: _Verdict) -> None:
    """What a visit of no stated kind was: an older regime's inspection before November 2013;
    after, a monitoring visit when the council's recalled grade is a recent inadequate, else a
    focused visit, unless the story names one kind (one of a series)."""
    doc, prev = page.doc, verdict.prev
    if verdict.itype == "visit" and page.when == "pre_sif":
        # monitoring visits began in 2014 and focused visits in 2018: an earlier inspectors'
        # "visit" is an older regime's inspection
        verdict.itype = "other"
        verdict.type_sentence = "(an inspectors' visit before November 2013: an older regime)"
    elif verdict.itype == "visit":
        # monitoring visits follow an inadequate grade until the re-inspection, which comes
        # within about three years: an inadequate dated long before is not what this follows
        stale = bool(
            prev and prev.year and doc.ref_year and doc.ref_year - prev.year > MONITORED_YEARS
        )
        inadequate = prev is not None and prev.grade == "inadequate" and not stale
        verdict.itype = "monitoring_visit" if inadequate else "focused_visit"
        named = {k: v for k, v in page.type_scores.items() if k in VISIT_KINDS}
        if named:
            # "a two-day visit ... since the last monitoring visit": one of a series
            verdict.itype = max(named, key=lambda k: named[k])


def _why_the_sif(page: _Page, verdict: _Verdict) -> str | None:
    """Why a graded inspection that names no framework is the SIF's, the first of these that
    holds (its type sentence), or None: its own sub-judgements graded, the safeguarding board
    reviewed beside it, a previous grade on the old scale, a 2018 re-inspection of a council
    judged inadequate."""
    if _sif_sub_judgements_graded(page, verdict):
        # only the SIF graded adoption performance and "leadership, management and governance"
        # (ILACS grades help and protection, children in care and "the impact of leaders"): a
        # graded inspection naming no framework but one of these is the SIF's, whatever year
        # the story is dated (its re-inspections ran into the summer of 2018)
        return "(no framework named: the SIF's own sub-judgements are graded)"
    if _board_reviewed_beside_it(page, verdict):
        # the SIF reviewed the local safeguarding children board beside the council (boards
        # gave way to partnerships in 2019, ILACS never judged them): an undated graded
        # inspection whose story speaks of the board is the SIF's
        return "(no framework named, no date: the safeguarding board reviewed beside it)"
    if _previous_on_the_old_scale(page, verdict):
        # "Children's services in Newham require improvement ... the last Ofsted inspection,
        # when it was found to be adequate": the grade before it is on the scale that ended in
        # November 2013, and the inspection after that was the SIF (ILACS stories recall the
        # SIF's grade)
        return "(no framework named, no date: the previous grade is on the scale before the SIF)"
    if _reinspected_in_2018_after_inadequate(page, verdict):
        # ILACS began in January 2018 with councils last judged good or requiring improvement;
        # those the SIF judged inadequate were re-inspected under the SIF through 2018
        # (Wandsworth in May, Lancashire in July)
        return "(no framework named: a 2018 re-inspection of a council judged inadequate)"
    return None


def _sif_sub_judgements_graded(page: _Page, verdict: _Verdict) -> bool:
    """An ILACS inspection after November 2013 (or an older regime's whose date is only the
    story's latest year), ILACS not named or named by a length only, that grades what only the
    SIF graded (`_sif_features`)."""
    doc, type_named, itype = page.doc, page.type_named, verdict.itype
    return (
        (
            (itype in ("ilacs_full", "ilacs_short") and page.when != "pre_sif")
            # an undated story's latest year ("In 2010, the council set itself a challenge")
            # is no date: the SIF's own sub-judgements outweigh it, as the older regimes'
            # own words would not
            or (itype == "other" and doc.year_guessed and not page.old_regime)
        )
        and (
            _framework_unnamed(type_named, ("ilacs_full", "ilacs_short"))
            # "a three-week inspection" names no framework: the SIF took three or four weeks
            or LENGTH_ONLY in type_named
        )
        and _sif_features(doc, page.grades)
    )


def _board_reviewed_beside_it(page: _Page, verdict: _Verdict) -> bool:
    """An undated standard ILACS inspection, ILACS not named, whose story speaks of the local
    safeguarding children board and not of ILACS' own areas."""
    doc = page.doc
    return bool(
        verdict.itype == "ilacs_full"
        and _framework_unnamed(page.type_named, ("ilacs_full", "ilacs_short"))
        and (doc.ref_year is None or doc.year_guessed)
        and page.when != "pre_sif"
        and _LSCB_RE.search(doc.lower)
        # (a board's own review beside ILACS' areas, "the impact of leaders", is not the SIF's)
        and not _ILACS_AREAS_RE.search(doc.lower)
    )


def _previous_on_the_old_scale(page: _Page, verdict: _Verdict) -> bool:
    """An undated standard ILACS inspection, ILACS not named, graded, whose previous grade is
    "adequate" (the scale before November 2013)."""
    doc, prev = page.doc, verdict.prev
    return (
        verdict.itype == "ilacs_full"
        and not _ilacs_named(page.type_named)
        and (doc.ref_year is None or doc.year_guessed)
        and prev is not None
        and prev.grade == "adequate"
        and verdict.judgement not in (None, "adequate", "none")
    )


def _reinspected_in_2018_after_inadequate(page: _Page, verdict: _Verdict) -> bool:
    """A standard ILACS inspection of 2018, ILACS not named, graded, of a council whose
    previous grade is inadequate."""
    prev = verdict.prev
    return (
        verdict.itype == "ilacs_full"
        and not _ilacs_named(page.type_named)
        and verdict.judgement in GRADES
        and prev is not None
        and prev.grade == "inadequate"
        and _sif_reinspection_year(page.doc, page.inspection_date)
    )


def _protection_graded_alone(page: _Page, verdict: _Verdict) -> None:
    """An undated graded inspection, no framework named, neither ILACS' areas nor the SIF's
    sub-judgements, whose grade is said of child protection or safeguarding services: an
    inspection from before November 2013."""
    doc, grade_mention = page.doc, verdict.grade_mention
    if (
        verdict.itype in ("ilacs_full", "sif")
        and verdict.judgement in GRADES
        and grade_mention is not None
        and (doc.ref_year is None or doc.year_guessed)
        and _framework_unnamed(page.type_named, ("sif", "ilacs_full", "ilacs_short"))
        and not _ILACS_AREAS_RE.search(doc.lower)
        and not _sif_features(doc, page.grades)
        and _PROTECTION_GRADED_RE.search(
            doc.lower,
            max(doc.segs[grade_mention.seg][0], grade_mention.start - 80),
            min(doc.segs[grade_mention.seg][1], grade_mention.end + 40),
        )
    ):
        # "Norfolk County Council's 'inadequate' child protection services", "Cumbria County
        # Council's safeguarding children provision ruled inadequate": the inspections before
        # November 2013 graded the arrangements to protect children (2012-2013) or safeguarding
        # services (2009-2012); the SIF and ILACS grade children's services as a whole
        verdict.itype = "other"
        verdict.type_sentence = (
            "(no framework named, no date: child protection or safeguarding graded alone, as "
            "before November 2013)"
        )


def _monitoring_visit_without_inadequate(page: _Page, verdict: _Verdict) -> None:
    """A monitoring visit of a council whose previous grade is better than inadequate, no
    inadequate grade in the story and no visit of a series named: a focused visit."""
    prev = verdict.prev
    if (
        verdict.itype == "monitoring_visit"
        and prev
        and prev.grade in ("requires_improvement", "good", "outstanding")
        and not any(g.grade == "inadequate" for g in page.grades)
        and _MONITORING_SERIES_RE.search(page.doc.lower) is None
    ):
        # monitoring visits follow an inadequate grade (but "the third monitoring visit" is
        # one of a series, which only an inadequate council has, whatever grade is recalled)
        verdict.itype = "focused_visit"


def _graded_out_of_inadequate(page: _Page, verdict: _Verdict) -> None:
    """A "monitoring visit" after which an inadequate council is rated better, the grade given
    now: the graded re-inspection, its type by the graded frameworks, its sentence the
    grade's."""
    doc, grades, prev = page.doc, page.grades, verdict.prev
    judgement = verdict.judgement
    if (
        verdict.itype == "monitoring_visit"
        and judgement in ("requires_improvement", "good", "outstanding")
        and prev is not None
        and prev.grade == "inadequate"
        and (
            rated := next((g for g in grades if g.grade == judgement and _rated_now(doc, g)), None)
        )
    ):
        # "after the seventh and final monitoring inspection, Ofsted has judged the services
        # to have improved sufficiently to be rated 'requires improvement'": monitoring visits
        # give no grade, so a council leaves inadequate only through a graded re-inspection,
        # whatever the story calls it
        verdict.itype = graded_type(
            doc, page.type_scores, page.inspection_date, page.type_named, page.old_regime
        )
        verdict.type_sentence = doc.snippet(rated.seg, rated.start, rated.end)


def _older_regimes(page: _Page, verdict: _Verdict) -> None:
    """The regimes before November 2013: an inspection a 2009-2011 annual rating's story
    reports, the ratings' bands, and a safeguarding and looked after children inspection's
    two headline grades."""
    _inspection_beside_annual_rating(page, verdict)
    _annual_rating_bands(page, verdict)
    _safeguarding_told_alone(page, verdict)
    _two_headline_grades_differ(page, verdict)


def _inspection_beside_annual_rating(page: _Page, verdict: _Verdict) -> None:
    """An annual rating's story whose title or lead reports an inspection (unannounced, or of
    safeguarding graded) before naming the rating: that inspection, its sentence the
    report's; a rating's band ("performs poorly") is not its grade."""
    doc, grade_mention = page.doc, verdict.grade_mention
    if (
        verdict.itype == "annual_rating_2009"
        and (ahead := _INSPECTION_AHEAD_RE.search(doc.lower, 0, doc.title_end + LEAD_CHARS))
        # (the rating named first is the news: "Ofsted's Comprehensive Area Assessment ... in
        # the annual rating ... A recent unannounced inspection found")
        and not _RATING_NAMED_RE.search(doc.lower, 0, ahead.start())
    ):
        # "told to pull their socks up after a snap inspection by Ofsted", "Cornwall Council
        # has been rated inadequate for safeguarding children, bringing the number of councils
        # performing poorly in Ofsted's annual ratings to 15": an inspection the title or lead
        # reports is the story's event; the annual rating it feeds or sits beside is background
        verdict.itype = "other"
        verdict.type_sentence = doc.snippet(doc.seg_of(ahead.start()), ahead.start(), ahead.end())
        if grade_mention is not None and doc.lower.startswith("perform", grade_mention.start):
            # "performs poorly": the rating's band, not the inspection's grade
            verdict.judgement = None


def _annual_rating_bands(page: _Page, verdict: _Verdict) -> None:
    """An annual rating's grade is its band: "adequate" when the band says so ("performs
    adequately"), else none of SPEC's grades."""
    grade_mention = verdict.grade_mention
    if verdict.itype == "annual_rating_2009" and verdict.judgement in GRADES:
        # the 2009-2011 ratings' four bands (performs excellently / well / adequately / poorly)
        # are not the inspection grades; only "adequate" has a name in SPEC's vocabulary
        said = page.doc.lower[grade_mention.start : grade_mention.end] if grade_mention else ""
        # (the word "adequate", not "inadequate")
        verdict.judgement = "adequate" if re.search(r"\badequate", said) else None


def _safeguarding_told_alone(page: _Page, verdict: _Verdict) -> None:
    """An older regime's inspection with no grade yet whose story grades safeguarding services
    alone (one grade, no grade of looked after children): that grade is the outcome."""
    doc, grades = page.doc, page.grades
    if verdict.itype == "other" and verdict.judgement is None:
        # before the SIF, safeguarding was one of the inspection's two headline judgements:
        # told alone ("inspectors ... rated safeguarding services as inadequate"), the outcome
        guarded = [
            g
            for g in grades
            if g.sub == "other"
            and not g.past
            and _SAFEGUARDING_SUBJECT_RE.search(
                doc.lower, max(doc.segs[g.seg][0], g.start - 60), g.start
            )
        ]
        if (
            guarded
            and len({g.grade for g in guarded}) == 1
            and not any(g.sub == "children_in_care" and not g.past for g in grades)
        ):
            verdict.judgement, verdict.grade_mention = guarded[0].grade, guarded[0]


def _two_headline_grades_differ(page: _Page, verdict: _Verdict) -> None:
    """An older regime's graded inspection on the old scale whose two headline grades
    (safeguarding; services for looked after children) are both stated and differ: no one
    judgement."""
    grades = page.grades
    if verdict.itype == "other" and page.old_scale and verdict.judgement in (*GRADES, "adequate"):
        # a safeguarding and looked after children inspection gave two headline judgements
        # (safeguarding; services for looked after children), no single overall one: when the
        # text states both and they differ, the outcome is not one grade
        cared_grades = _looked_after_grades(page)
        headline = {g.grade for g in grades if g.sub is None and not g.past}
        if (
            cared_grades
            and headline
            and cared_grades != headline
            and len(cared_grades | headline) >= 2
        ):
            verdict.judgement = None


def _looked_after_grades(page: _Page) -> set[str]:
    """The grades the story gives now to services for looked after children: as a
    sub-judgement, or as a headline grade whose own clause names them (not safeguarding)."""
    doc, grades = page.doc, page.grades
    cared_grades = {g.grade for g in grades if g.sub == "children_in_care" and not g.past}
    for g in grades:
        # ... told as a sentence of its own: "Services for children in care in Shropshire
        # have been rated as good", then "an overall rating of the [safeguarding]
        # services being adequate" (the subject in the grade's own clause: after any
        # grade before it)
        lo = max(
            [
                doc.segs[g.seg][0],
                *(o.end for o in grades if o.seg == g.seg and o.end <= g.start),
            ]
        )
        if (
            g.sub is None
            and not g.past
            and _CARED_SUBJECT_RE.search(doc.lower, lo, g.start)
            and "safeguarding" not in doc.lower[lo : g.start]
        ):
            cared_grades.add(g.grade)
    return cared_grades


def _ungraded_and_roundups(page: _Page, verdict: _Verdict) -> None:
    """Types that carry no grade (visits, JTAI, area SEND, even told only in SEND's words;
    the unannounced inspections of 2009 to May 2012) and roundups whose councils were given
    different grades (no one judgement)."""
    _send_in_its_own_words(page, verdict)
    itype, judgement = verdict.itype, verdict.judgement
    if itype in V.UNGRADED_TYPES:
        _no_grade_for_its_type(page, verdict)
    elif itype == "other" and (judgement is None or page.surprise_dated):
        _older_ungraded_inspection(page, verdict)
    elif (
        itype == "other"
        and judgement in GRADES
        and (recalled := _recalled_before_surprise(page.doc, page.grades, judgement)) is not None
    ):
        _grade_before_the_unannounced(page, verdict, recalled)
    elif len(page.chosen) >= 2 and judgement is not None:
        _roundup_of_differing_grades(page, verdict, judgement)


def _send_in_its_own_words(page: _Page, verdict: _Verdict) -> None:
    """A story after November 2013 with no type named at all and no grade, that speaks of
    special educational needs and disabilities twice or more: the area SEND inspection."""
    if (
        verdict.itype is None
        and verdict.judgement is None
        and page.when != "pre_sif"
        and len(_SEND_SUBJECT_RE.findall(page.doc.text)) >= 2
        # no type named at all, not even area SEND itself (one named and set aside, as the
        # next inspection or an old one, stays aside)
        and not any(h[3] == "type" and h[4][1] >= 1.0 for h in page.terms.hits)
    ):
        # "widespread failings in education for children with special needs and disabilities":
        # Ofsted inspects an area's SEND services only with the CQC, in the area SEND inspection
        verdict.itype = "area_send"
        verdict.type_sentence = "(no type named: an ungraded inspection told in SEND's words)"


def _no_grade_for_its_type(page: _Page, verdict: _Verdict) -> None:
    """A type that gives no grade has none; a roundup of councils visited in both kinds of
    visit has no one type."""
    verdict.judgement = "none"
    visits = {
        k for k in ("focused_visit", "monitoring_visit") if page.type_named.get(k, 0.0) >= 2.0
    }
    if len(page.chosen) >= 2 and len(visits) == 2:
        # a roundup of visits of both kinds ("a monitoring visit at X ..., a focused visit
        # at Y"): no one type, as a roundup's differing grades give no one judgement
        verdict.itype = None
        verdict.type_sentence = "(a roundup of focused and monitoring visits: no one type)"


def _older_ungraded_inspection(page: _Page, verdict: _Verdict) -> None:
    """An older regime's inspection told in the words of the ungraded ones (areas for
    priority action), or an unannounced one of the years to May 2012 with no grade stated:
    no grade, its sentence the words'."""
    doc, terms = page.doc, page.terms
    # (dated by their words, what a story calls "inadequate" is one finding, not a grade)
    old_words = next(((h[0], h[1]) for h in terms.hits if h[3] == "ungraded_old"), None)
    if old_words is not None or (old_words := _ungraded_surprise(doc, page.grades)) is not None:
        # the 2009-2013 unannounced inspections named areas for priority action, no grade
        verdict.judgement = "none"
        start, end = old_words
        verdict.type_sentence = doc.snippet(doc.seg_of(start), start, end)


def _grade_before_the_unannounced(page: _Page, verdict: _Verdict, recalled: Grade) -> None:
    """The grade an ungraded unannounced inspection followed (`_recalled_before_surprise`):
    the previous grade, the inspection's none, its sentence the unannounced inspection's."""
    doc = page.doc
    # "After last year's criticism by Ofsted of Salford Council's 'inadequate' child
    # safeguarding, an unannounced inspection published this week has found ...": the
    # unannounced inspections of 2009 to May 2012 gave no grade, and the one the story
    # gives is the year before's
    verdict.judgement, verdict.prev = "none", replace(recalled, past=True)
    surprise = _SURPRISE_RE.search(doc.lower)
    assert surprise is not None
    verdict.type_sentence = doc.snippet(doc.seg_of(surprise.start()), *surprise.span())


def _roundup_of_differing_grades(page: _Page, verdict: _Verdict, judgement: str) -> None:
    """A story of several councils: each one's grade (councils with no clause of their own
    have the story's); when they differ, no one judgement."""
    chosen = page.chosen
    by_council = roundup_grades(page.doc, page.grades, page.mentions, chosen)
    verdict.by_council = by_council
    given = set(by_council.values())
    if len(by_council) < len(chosen):
        # "Two councils ... rated outstanding. ... The third borough, Oldham, was rated
        # requires improvement": councils with no clause of their own have the story's grade
        given.add(judgement)
    if len(given) >= 2:
        verdict.judgement = None
        _short_inspection_of_one_council(page, verdict)


def _short_inspection_of_one_council(page: _Page, verdict: _Verdict) -> None:
    """In a roundup of differing grades, a short inspection stated in a sentence of one
    council's (not of several): that council's, and the story's type the standard one."""
    doc, mentions = page.doc, page.mentions
    where = page.type_where.get("ilacs_short")
    if verdict.itype == "ilacs_short" and where is not None:
        seg = doc.seg_of(where[1])
        in_seg = {m.auth for m in mentions if m.seg == seg and m.auth in page.chosen}
        if len(in_seg) == 1 or (not in_seg and not _COLLECTIVE_RE.search(doc.seg_text(seg))):
            # a roundup of differing grades: a week on site said of one council ("the
            # borough's one-week inspection") is that council's, not the story's
            verdict.itype = "ilacs_full"
            verdict.type_sentence = (
                "(a roundup of differing grades: the short inspection stated is one council's)"
            )


def _previous_told(page: _Page, verdict: _Verdict) -> None:
    """The previous grade once this inspection's is known: the step a change is measured from,
    "the same grade it received last time", none for a roundup of councils that came from
    different grades, the old scale's "adequate" for an annual rating's band."""
    chosen, doc, own = (page.chosen, page.doc, page.own)
    grade_mention, judgement, prev = (verdict.grade_mention, verdict.judgement, verdict.prev)
    if judgement not in (None, "none"):
        prev = previous_grade(own, ungraded=False, judgement=judgement) or prev
    if judgement in GRADES and prev is None and grade_mention is not None:
        same = _SAME_GRADE_RE.search(doc.lower)  # "the same grade it received last time"
        shifted = _shifted_from(doc.lower, judgement) if len(chosen) == 1 else None
        shifted = shifted or (
            _step_from_scale_end(doc.lower, judgement) if len(chosen) == 1 else None
        )
        if same:
            prev = replace(grade_mention, past=True, seg=doc.seg_of(same.start()))
        elif shifted:
            # "moved up two grades to good": the grade it moved from
            prev = replace(grade_mention, grade=shifted[0], past=True, seg=doc.seg_of(shifted[1]))
    if prev is not None and len(chosen) >= 2:
        earlier = {g.grade for g in own if g.past and g.sub is None}
        if len(earlier) >= 2:
            prev = None  # a roundup whose councils came from different grades: no one previous
    if prev is not None and doc.lower.startswith("perform", prev.start):
        said = doc.lower[prev.start : prev.end]
        # an annual rating's band ("performed poorly") is no grade of SPEC's, but "graded as
        # performing adequately overall" a year ago is the old scale's "adequate", not the
        # later scale's "requires improvement"
        prev = replace(prev, grade="adequate") if "adequate" in said else None
    verdict.prev = prev


def _fieldwork_length(page: _Page, verdict: _Verdict) -> None:
    """What the days on site say: two are a visit's, a week a short inspection's, two or
    three weeks a standard one's; and the likely type of an ILACS inspection whose kind the
    story does not state."""
    verdict.days = page.stated.fieldwork_days or stated_length(page.doc, page.terms)
    verdict.likely_type = None
    _two_days_and_a_letter(page, verdict)
    _visit_named_two_days_on_site(page, verdict)
    _sif_reported_after_its_end(page, verdict)
    _three_weeks_undated(page, verdict)
    _one_or_two_weeks_not_sif(page, verdict)
    _after_a_sif_grade_ilacs(page, verdict)
    _short_or_standard(page, verdict)


def _two_days_and_a_letter(page: _Page, verdict: _Verdict) -> None:
    """A graded inspection named by no framework whose dates on site span two days at most,
    told beside a visit's words, is a visit: the grade the story gives is the standing one."""
    doc, fresh, stated, prev = page.doc, page.fresh, page.stated, verdict.prev
    if (
        verdict.itype in ("ilacs_full", "sif")
        and verdict.judgement in GRADES
        and stated.fieldwork_days is not None
        and stated.fieldwork_days <= _VISIT_MAX_DAYS
        and not fresh  # "Ofsted has rated X inadequate ... following their visit on 3 and 4 June"
        and _framework_unnamed(page.type_named, ("ilacs_full", "ilacs_short", "sif", "full"))
        and VISIT_WORD_RE.search(doc.lower)
    ):
        # "inspected on 11-12 September ... In a letter to the director": two days on site are
        # a visit's, never a graded inspection's (a week at least), so the grade the story
        # gives ("still needs improvement") is the one the visit found unchanged, not given
        verdict.itype = (
            "monitoring_visit"
            if prev is not None and prev.grade == "inadequate"
            else ("focused_visit")
        )
        verdict.judgement = "none"
        verdict.type_sentence = (
            f"(no framework named: {stated.fieldwork_days} days on site and a letter, a visit)"
        )


def _visit_named_two_days_on_site(page: _Page, verdict: _Verdict) -> None:
    """A graded inspection named by no framework, two days on site, in a story that names a
    focused or monitoring visit as this one: that visit, which gives no grade."""
    doc, terms, type_named, days = page.doc, page.terms, page.type_named, verdict.days
    if (
        verdict.itype in ("ilacs_full", "ilacs_short", "sif")
        and verdict.judgement in GRADES
        and days is not None
        and days <= _VISIT_MAX_DAYS
        and _framework_unnamed(type_named, ("ilacs_full", "ilacs_short", "sif", "full"))
        and any(
            stated_now(doc, terms, kind, V.FRAMEWORK_NAMED)
            for kind in ("focused_visit", "monitoring_visit")
        )
    ):
        # "A two-day inspection in July found ... Ofsted carried out the focused visit": a
        # visit named as this one, two days on site, gives no grade, however the story words
        # the council's standing ("the report, which has seen the services rated as 'Good'")
        itype = max(("focused_visit", "monitoring_visit"), key=lambda k: type_named.get(k, 0.0))
        verdict.itype = itype
        verdict.judgement = "none"
        verdict.type_sentence = (
            f"(a {itype.replace('_', ' ')} named, {days} days on site: no grade)"
        )


def _sif_reported_after_its_end(page: _Page, verdict: _Verdict) -> None:
    """A SIF inspection graded in a story of mid-2019 or later, the SIF not named: ILACS'."""
    doc, inspection_date = page.doc, page.inspection_date
    if (
        verdict.itype == "sif"
        and verdict.judgement in GRADES
        and doc.ref_date is not None
        and doc.ref_date >= _SIF_REPORTS_ENDED
        and (inspection_date is None or inspection_date >= SIF_END)
        and not _SIF_NAMED_RE.search(doc.lower)
    ):
        # the SIF's last reports came out in 2018: a graded inspection a story of mid-2019 or
        # later reports is ILACS', however it lists the services inspected ("a re-inspection
        # of services which include children in need of help and protection, children looked
        # after, and care leavers", the SIF's title words, in February 2022)
        verdict.itype = "ilacs_full"
        verdict.type_sentence = f"(the SIF's services listed in a {doc.ref_date.year} story: ILACS)"


def _three_weeks_undated(page: _Page, verdict: _Verdict) -> None:
    """An undated graded ILACS inspection, no framework named, three weeks or more on site:
    the SIF's length, so the SIF's."""
    doc, type_named, days = page.doc, page.type_named, verdict.days
    if (
        verdict.itype in ("ilacs_full", "ilacs_short")
        and verdict.judgement in GRADES
        and page.inspection_date is None
        and (doc.ref_year is None or doc.year_guessed)
        and (
            _framework_unnamed(type_named, ("ilacs_full", "ilacs_short"))
            or LENGTH_ONLY in type_named
        )
        and days is not None
        and days >= _SIF_MIN_DAYS
        # (a year the story states for it, "a three-week inspection in November 2019", is
        # ILACS' years however the press counts the weeks)
        and (doc.ref_year is None or (doc.year_guessed and doc.ref_year <= SIF_END.year))
        # (ILACS' own areas, "the impact of leaders", decide however long the press says it was)
        and not _ILACS_AREAS_RE.search(doc.lower)
    ):
        # "A 10 strong team from Ofsted spent three weeks in the city": ILACS is at most two
        # weeks on site, the SIF three or four; an undated graded story of that length is the
        # SIF's
        verdict.itype = "sif"
        verdict.type_sentence = (
            f"(no framework named, no date: {days} days on site, the SIF's length)"
        )


def _one_or_two_weeks_not_sif(page: _Page, verdict: _Verdict) -> None:
    """A SIF inspection by a guessed era only, one or two weeks on site and none of the SIF's
    own sub-judgements: ILACS' (the type sentence is left as it was)."""
    doc, grades, days = page.doc, page.grades, verdict.days
    if (
        verdict.itype == "sif"
        and verdict.judgement in GRADES
        and not era_dated(doc, page.inspection_date, page.old_regime)
        and page.type_named.get("sif", 0.0) < V.FRAMEWORK_NAMED
        and days is not None
        and _SHORT_MIN_DAYS <= days <= _STANDARD_FIELDWORK_DAYS
        and not _sif_features(doc, grades)
    ):
        # the SIF's fieldwork took three or four weeks: a graded inspection of one or two
        # weeks on site, in a story whose era is only guessed from the years it recalls, is
        # ILACS' (short or standard)
        verdict.itype = "ilacs_full"


def _after_a_sif_grade_ilacs(page: _Page, verdict: _Verdict) -> None:
    """A SIF inspection by a guessed era only, no days on site stated, whose recalled grade is
    the SIF's: the inspection after it is ILACS'."""
    doc, grades = page.doc, page.grades
    if (
        verdict.itype == "sif"
        and verdict.judgement in GRADES
        and not era_dated(doc, page.inspection_date, page.old_regime)
        and page.type_named.get("sif", 0.0) < V.FRAMEWORK_NAMED
        and not _sif_features(doc, grades)
        and verdict.days is None
        and _after_a_sif_grade(verdict.prev)
    ):
        # the story's era is only guessed from the years it names, and the latest of them is
        # the grade it recalls: the grade after a SIF grade is ILACS'
        verdict.itype = "ilacs_full"
        verdict.type_sentence = (
            "(no framework named, no date: the grade recalled is the SIF's, so this one is ILACS')"
        )


def _short_or_standard(page: _Page, verdict: _Verdict) -> None:
    """Which ILACS inspection a graded one not stated standard or "full" is: the short one
    when a week on site is stated; open (the short one only likely) when the council was
    last judged good or outstanding and no days are stated."""
    doc, terms, days, prev = page.doc, page.terms, verdict.days, verdict.prev
    if (
        verdict.itype == "ilacs_full"
        and verdict.judgement in GRADES
        and not stated_now(doc, terms, "full")
        and not stated_now(doc, terms, "ilacs_full", V.FRAMEWORK_NAMED)
        and (days is None or _SHORT_MIN_DAYS <= days <= _SHORT_FIELDWORK_DAYS)
    ):
        # under ILACS a council last judged good or outstanding has the short inspection (one
        # week on site); a stated standard or "full" inspection, or two weeks on site, is not
        if days is not None:
            verdict.itype = "ilacs_short"
            verdict.type_sentence = f"(an ILACS inspection {days} days on site: the short one)"
        elif prev is not None and prev.grade in ("good", "outstanding"):
            # under ILACS a council last judged good or outstanding usually has the short
            # inspection, but not always (a standard one follows concerns): with neither the
            # variant nor the days on site stated, the type is left open, as the labelled
            # corpus leaves it ("full vs short is not stated - type null"); the likely one
            # still places the article among the council's events
            verdict.itype, verdict.likely_type = None, "ilacs_short"
            verdict.type_sentence = (
                f"(an ILACS inspection of a council previously judged {prev.grade}: short or "
                "standard not stated)"
            )


def _assess(page: _Page, verdict: _Verdict) -> Relevance:
    """Relevance, and what it settles: the report's own words for the overall judgement in
    a committee's minutes, an aftermath's grade, and the type of a relevant story that names
    none (an inspection's length, a visit's words, the SIF's years)."""
    aftermath = _intervention_after(page.doc, verdict.judgement, verdict.prev, page.type_scores)
    relevance = _relevance(page, verdict, aftermath)
    _overall_judgement_in_minutes(page, verdict, relevance)
    if relevance.relevant and verdict.prev is not None and aftermath:
        # the aftermath's grade is the one that caused the intervention
        prev = verdict.prev
        verdict.judgement, verdict.grade_mention, verdict.prev = prev.grade, prev, None
    _ungraded_event_of_the_era(page, verdict, relevance)
    _sif_years(page, verdict, relevance)
    return relevance


def _relevance(page: _Page, verdict: _Verdict, aftermath: bool) -> Relevance:
    """Whether the story reports an inspection of a council's children's services
    (`assess_relevance`), told which sentences give grades of their own, current ones, or
    only asides and recollections, and which name a chosen council not in passing."""
    grades = page.grades
    foreground_segs = {g.seg for g in grades if not g.background}
    current_segs = {g.seg for g in grades if not (g.past or g.background) and g.sub is None}
    # sentences whose grades are all asides or recalled ("She joined after the service was
    # rated inadequate"): their rating words report no inspection
    aside_segs = {g.seg for g in grades if g.background or g.past} - {
        g.seg for g in grades if not (g.background or g.past)
    }
    return assess_relevance(
        page.doc,
        page.terms,
        page.council_result,
        page.type_scores,
        verdict.itype,
        foreground_segs,
        current_segs,
        page.type_named,
        aside_segs,
        {m.seg for m in page.mentions if m.auth in page.chosen and not m.passing},
        aftermath=aftermath,
    )


def _overall_judgement_in_minutes(page: _Page, verdict: _Verdict, relevance: Relevance) -> None:
    """A page not otherwise relevant whose current grade, for a chosen council, is said in a
    sentence of the overall judgement of children's services: relevant."""
    grade_mention = verdict.grade_mention
    if (
        not relevance.relevant
        and verdict.judgement in GRADES
        and grade_mention is not None
        and not grade_mention.past
        and page.chosen
        and _OVERALL_OF_SERVICES_RE.search(page.doc.seg_text(grade_mention.seg).lower())
    ):
        # "The overall judgement for this inspection was that Hackney Children's Social Care
        # 'Requires Improvement'": the report's own words, in a committee's minutes among
        # items on schools, report the inspection whatever the page is mostly about
        relevance.relevant = True
        relevance.terms.append("overall judgement of children's services")


def _ungraded_event_of_the_era(page: _Page, verdict: _Verdict, relevance: Relevance) -> None:
    """A relevant story of an Ofsted event in the ILACS years (or the SIF's, after an
    inadequate grade) that names no type and gives no grade: an inspection when its days on
    site are an inspection's (its grade unstated); a visit when it is called a visit or a
    letter."""
    if not _untyped_ungraded_event(page, verdict, relevance):
        return
    doc, prev, days = page.doc, verdict.prev, verdict.days
    ranged = page.stated.fieldwork_days
    if (days is not None and days >= _INSPECTION_MIN_DAYS) or (
        ranged is not None and ranged >= _RANGE_MIN_DAYS
    ):
        # three weeks are an inspection's, not a visit's, and so are the dates of two on
        # site ("between 3 and 14 June"): its grade is not stated (an excerpt cut before
        # it, a paywall), not absent
        verdict.itype = "sif" if page.when == "sif" else "ilacs_full"
        verdict.type_sentence = f"(no framework named, no grade stated: {days} days on site)"
    elif VISIT_WORD_RE.search(doc.lower):
        # an ungraded Ofsted event of the ILACS era that names no framework, called a visit
        # or a letter: a visit (an "inspection" named so, its grade unsaid, stays unknown)
        verdict.itype = (
            "monitoring_visit" if prev and prev.grade == "inadequate" else "focused_visit"
        )
        named = {k: v for k, v in page.type_scores.items() if k in VISIT_KINDS}
        if named:
            # "the last monitoring visit" named beside "a two-day visit": one of a series
            verdict.itype = max(named, key=lambda k: named[k])
        verdict.judgement = "none"
        verdict.type_sentence = "(no framework named, no grade: an ungraded visit of the ILACS era)"


def _untyped_ungraded_event(page: _Page, verdict: _Verdict, relevance: Relevance) -> bool:
    """A relevant story with no type and no grade, whose words point to no type but a visit's
    (every other scores below 0.4), of the ILACS years (or the SIF's, after an inadequate
    grade), that speaks of a visit, a letter, inspectors or an inspection."""
    prev = verdict.prev
    return bool(
        relevance.relevant
        and verdict.itype is None
        and verdict.judgement is None
        and max(
            (v for k, v in page.type_scores.items() if k not in ("visit", *VISIT_KINDS)),
            default=0.0,
        )
        < 0.4
        and (
            page.when == "ilacs"
            # the SIF's monitoring visits (from 2014) followed an inadequate grade; it had no
            # focused visits
            or (page.when == "sif" and prev is not None and prev.grade == "inadequate")
        )
        and _VISIT_EVENT_RE.search(page.doc.lower)
    )


def _sif_years(page: _Page, verdict: _Verdict, relevance: Relevance) -> None:
    """A relevant story dated in the SIF's years that names no type and gives no grade: the
    SIF's inspection."""
    if (
        relevance.relevant
        and verdict.itype is None
        and verdict.judgement is None
        and page.when == "sif"
        and era_dated(page.doc, page.inspection_date)
    ):
        # an inspection in a story dated in the SIF's years (November 2013 to spring 2018),
        # called no visit and given no grade here: the SIF's, the one inspection of the time
        verdict.itype = "sif"
        verdict.type_sentence = "(no framework named, no grade stated: the SIF's years)"


def _result(page: _Page, verdict: _Verdict, relevance: Relevance) -> Classification:
    """The classification and its evidence: each field with the sentence behind it."""
    grades, itype, judgement, prev = page.grades, verdict.itype, verdict.judgement, verdict.prev
    sub_judgements = {g.sub: g.grade for g in grades if g.sub and g.sub != "other" and not g.past}
    chosen = _councils_inspected(page, itype)
    send_outcome = _send_outcome(page.terms) if itype == "area_send" else None
    confidence = _confidence(relevance, chosen, judgement, verdict.grade_share)
    result = Classification(
        relevant=relevance.relevant,
        councils=tuple(a.name for a in chosen),
        ons_codes=tuple(a.ons_code for a in chosen),
        inspection_type=itype,
        judgement=judgement,
        previous_judgement=prev.grade if prev else None,
        confidence=round(confidence, 3),
        inspection_date=page.inspection_date,
        report_date=page.report_date,
        sub_judgements=sub_judgements,
        send_outcome=send_outcome,
        evidence=_evidence(page, verdict, relevance),
        likely_type=verdict.likely_type,
    )
    return result


def _councils_inspected(page: _Page, itype: str | None) -> list[Authority]:
    """The councils chosen; for an area SEND inspection, without a successor council that
    shares a named one's children's social care (its evidence dropped too)."""
    chosen, council_result = page.chosen, page.council_result
    if itype == "area_send" and council_result.siblings:
        # an area SEND inspection is one local area's: a successor council that shares a named
        # one's children's social care (the trust named as a partner) is not inspected with it
        chosen = [a for a in chosen if a.name not in council_result.siblings]
        for name in council_result.siblings:
            council_result.evidence.pop(name, None)
    return chosen


def _send_outcome(terms: Terms) -> str | None:
    """An area SEND inspection's outcome: the first one its vocabulary found."""
    outcomes = [p for _s, _e, _ph, k, p in terms.hits if k == "send"]
    return outcomes[0] if outcomes else None


def _confidence(
    relevance: Relevance, chosen: list[Authority], judgement: str | None, grade_share: float
) -> float:
    """How sure the classification is: a logistic of the relevance score, for an irrelevant
    page how sure it is irrelevant (less so when it names a council), for a graded one
    weighed by the winning grade's share of the vote."""
    confidence = 1.0 / (1.0 + pow(2.718281828, -(relevance.score - 5.0) / 2.0))
    if not relevance.relevant:
        confidence = min(confidence, 0.49) if chosen else min(confidence, 0.2)
        confidence = 1.0 - confidence if confidence < 0.5 else confidence
    elif judgement in GRADES:
        confidence = min(1.0, confidence * (0.8 + 0.2 * grade_share))
    return confidence


def _evidence(page: _Page, verdict: _Verdict, relevance: Relevance) -> dict[str, Any]:
    """The evidence stored with the article (see the module docstring): each field's sentence,
    relevance's workings, the dates', and a roundup's grades by council."""
    doc, council_result, prev = page.doc, page.council_result, verdict.prev
    evidence: dict[str, Any] = {
        "councils": council_result.evidence,
        "inspection_type": verdict.type_sentence,
        "judgement": _judgement_sentence(doc, verdict),
        "previous_judgement": doc.snippet(prev.seg, prev.start, prev.end) if prev else None,
        "relevance": relevance.terms,
        "relevance_score": round(relevance.score, 2),
        "council_scores": {a.name: round(s, 2) for a, s in council_result.scores.items()},
    }
    evidence.update(page.stated.evidence)
    if verdict.by_council:
        evidence["judgements_by_council"] = verdict.by_council
    return evidence


def _judgement_sentence(doc: Doc, verdict: _Verdict) -> str | None:
    """The sentence behind the judgement: for no grade, the type's (the visit type is why),
    else the winning grade's."""
    grade_mention = verdict.grade_mention
    if verdict.judgement == "none":
        return verdict.type_sentence  # the visit type is why there is no grade
    if grade_mention is not None and verdict.judgement is not None:
        return doc.snippet(grade_mention.seg, grade_mention.start, grade_mention.end)
    return None
