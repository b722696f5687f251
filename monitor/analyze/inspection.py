"""The inspection type: ILACS full or short, focused or monitoring visit, JTAI, area SEND, SIF,
2009 annual rating, other.

Evidence: phrases from `vocabulary.TYPE_PHRASES`, weighted by position (title, lead) and
discounted when their sentence looks back ("the last inspection under the SIF"). A graded
outcome rules out the ungraded visit types unless one of them clearly dominates; a graded
inspection with no framework named is dated by `era` (before November 2013: other or the
2009-2011 annual rating; SIF until the spring of 2018; else ILACS full; a story known only by
its year reads 2013-2017 as SIF). Whether a later framework is *named* rests on the strongest
single phrase as the vocabulary weighs it, not on hints repeated in a title ("unannounced
inspection" never names the SIF for a 2010 story). The caller re-types a bare "visit" (an older
regime's before November 2013), a "monitoring visit" to a council last judged good or requires
improvement as a focused visit, and an ILACS inspection as short when a week on site is stated
or the council was last judged good or outstanding (the framework's rule), unless a full or
standard inspection (`stated_now`) or two weeks on site is (dates, or words:
`vocabulary.FIELDWORK_PHRASES`, which type nothing themselves). A visit type named outright
beats one only hinted, but not a grade the title or lead gives as news (``fresh``: visits give
none, so that visit is an earlier one); a type phrase after "will" or "is due" is a visit to
come, and one named in contrast ("rather than the short inspection") is not this one. "Ofsted's
new framework" (or a pilot) is the one new when a dated story was written (SIF 2013-2015, ILACS
2017-2020);
an undated story whose years all precede November 2013 and that uses the older unannounced
inspections' words is dated by them; the annual performance assessment (2005-2008) is `other`,
and so is any inspection, named by no framework and given no grade, in a story dated before
November 2013 (no later framework or visit type existed; `pipeline` types the same story dated in
the SIF's years `sif` once it reads as relevant and calls itself no visit).
A bare "joint inspection" is the kind the text otherwise names (`_resolve_joint`): area SEND
when it speaks of SEND, the 2009-2012 safeguarding and looked after children inspection when it
uses that regime's words, else a JTAI. Time spent on site in people's words ("inspectors spent
a week", `vocabulary.TIME_SPENT_PHRASES`) tells the variant but names no framework.

Round nine: Ofsted named in one sentence with the police or probation inspectorate is a JTAI
(no other inspection brings them together), unless the sentence looks back (and from 2016 only,
when JTAIs began: an earlier joint inspection is an older regime's, `other`; nor is there an
area SEND inspection before May 2016: the rest of the evidence decides); the 2023 SEND
framework's outcome words name the area SEND inspection; a type followed by "readiness" or
"preparation", or after "expects a", is one to come.

Gets wrong: short vs full is only as good as the wording ("full inspection" for an outstanding
council that had a short one); a story published 2018 about a late SIF report is dated ILACS
unless the SIF is named. Correct it with phrases in `vocabulary.TYPE_PHRASES`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from monitor import vocabulary as V
from monitor.analyze.judgement import PAST_BEFORE_RE
from monitor.analyze.terms import Terms, past_segment
from monitor.analyze.text import LEAD_CHARS, YEAR_RE, Doc

# The frameworks' eras by publication: the SIF's first reports came out early in 2014 (it began
# in November 2013) and its last in spring 2018, when ILACS reports took over.
SIF_START = dt.date(2013, 11, 1)
SIF_END = dt.date(2018, 6, 1)
_ERA_ANNUAL = (2009, 2011)
_FIRST_RATINGS = dt.date(2009, 12, 1)  # the first annual ratings were published in December


def era(doc: Doc, inspected: dt.date | None = None) -> str:
    """The era ("pre_sif", "sif" or "ilacs") of a graded inspection with no framework named:
    from the
    inspection date the text states, else the publication date, else the story's year (2013
    reads as before the SIF, 2018 as ILACS), else ILACS."""
    when = inspected or doc.ref_date
    if when is not None:
        if inspected is not None and inspected < SIF_START:
            return "pre_sif"
        if when < SIF_START:
            return "pre_sif"
        if inspected is not None and inspected < dt.date(2018, 1, 1):
            return "sif"  # ILACS fieldwork began in January 2018
        return "sif" if when < SIF_END else "ilacs"
    if doc.ref_year is None:
        return "ilacs"
    if doc.ref_year < SIF_START.year or (doc.ref_year == SIF_START.year and not doc.year_guessed):
        # the SIF's first reports came out in 2014: a graded inspection in a story of 2013 is
        # one of the older frameworks' (a text's latest year, 2013, may be a recalled grade's)
        return "pre_sif"
    return "sif" if doc.ref_year < SIF_END.year else "ilacs"


_TYPE_PAST_AFTER_RE = re.compile(
    # "a joint targeted area inspection (JTAI) in 2019": the acronym in brackets may come first
    r"^\W{0,3}(?:\([a-z]{2,8}\)\W{0,2})?(?:[\w']+ ){0,3}?(?:last year|in the past|previously|"
    r"(?:in|during|of) (?:\w+ )?(19[89]\d|20[0-4]\d))\b"
    # "a full inspection of County Hall's children's services department 18 months ago"
    r"|^[^,;:.()]{0,70}?\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"eighteen|\w+ty) (?:years?|months?) ago\b"
)


# a year that dates a grade ("rated inadequate in 2018"), not the visit the sentence reports
_GRADED_YEAR_RE = re.compile(
    r"\b(?:outstanding|good|inadequate|adequate|improvement(?: to be good)?)\W{0,3} "
    # (a month between: "judged inadequate in November 2022")
    r"(?:in|\() ?(?:(?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december) )?((?:19|20)\d\d)\b"
)


def _old_year_sentence(doc: Doc, seg: int) -> bool:
    """The sentence states years, all well before the story's ("In 2012, ... were rated"),
    not counting a year that dates a grade ("At Torbay, rated inadequate in 2018, a monitoring
    visit found ...": the grade is old, the visit is not), nor a year the sentence's event
    comes after ("a focused visit ... found services improved since 2022's last full
    inspection")."""
    if doc.ref_year is None:
        return False
    low = doc.seg_text(seg).lower()
    graded = {m.start(1) for m in _GRADED_YEAR_RE.finditer(low)}
    years = [
        int(m.group())
        for m in YEAR_RE.finditer(low)
        if m.start() not in graded and not _SINCE_BEFORE_RE.search(low, 0, m.start())
    ]
    return bool(years) and max(years) < doc.ref_year - 1


# "since 2022", "since the 2019 inspection", "since the local authority was inspected in
# October 2015": the year the event told comes after
_SINCE_BEFORE_RE = re.compile(
    r"\bsince (?:the |its |their |early |late |mid-?)?$|\bsince\b(?: [\w'’-]+){1,8} (?:in |on )?"
    r"(?:(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december) )?$"
)


_NOT_PAST_FOR_TYPES = frozenset({"after", "from"})
# a visit or inspection still to come ("inspectors will conduct monitoring visits", "is due a
# focused visit", "Watchdogs ready to return for full inspection"): not the event the story
# reports
# ("its next area SEND inspection")
_FUTURE_BEFORE_RE = re.compile(
    r"\b(?:will|is due|are due|due to|next|(?:ready to |to )?return for|should have|"
    r"(?:expects?|expecting|anticipates?|anticipating|"
    r"awaits?|awaiting|ahead of|in preparation for|preparing for|prepares for|prepared for|"
    r"preparedness for|readiness for|expected to conduct) (?:an?|its|their|another|the))"
    r"(?: [\w-]+){0,3} ?$"
    # a headline's infinitive, right before the type: "X to get full inspection", "to face a
    # monitoring visit" (not "to get £2m after a focused visit")
    r"|\bto (?:get|face|undergo)(?: (?:an?|its|another|the|new))? ?$"
)
# "a monitoring inspection will be carried out within 18 months", "a focused visit is due in
# the spring": the type named as the subject of a future
_FUTURE_SUBJECT_RE = re.compile(
    # "A full inspection of Dorset Council's children's services will be carried out"
    r"^(?: of [^.;:!?]{0,60}?)?(?: [\w-]+){0,2}? (?:will|would|is due|are due|is expected|"
    r"are expected|is scheduled|"
    r"are scheduled|is planned|are planned)\b"
)
# a framework's rule for a kind of council: "local authorities that are rated good ...",
# "councils judged to require improvement get ..."
_FRAMEWORK_RULE_RE = re.compile(
    r"\b(?:local authorities|authorities|councils)(?: that| which)?(?: are| were| have been)? "
    r"(?:rated|judged|graded)\b"
    # "all councils are subject to a basic inspection lasting between one and two weeks":
    # every council
    r"|\b(?:all|every) (?:councils?|local authorit(?:y|ies)|authorit(?:y|ies))\b"
)
# the police and probation inspectorates, as the press and Ofsted's letters name them
JUSTICE_INSPECTORATE_RE = re.compile(
    r"\b(?:hmicfrs|hmic|hmi ?probation|hmip|(?:hm |his majesty's |her majesty's )?inspectorates? "
    r"of (?:constabulary|probation)|chief inspectors? of (?:constabulary|probation)|"
    r"(?:hm |his majesty's |her majesty's )(?:probation|constabulary) inspectorate)\b"
)
# an inspection led by the police or probation inspectorate is theirs (youth justice), whoever
# supports it: "a joint inspection led by HM Inspectorate of Probation and supported by Ofsted"
JUSTICE_LED_RE = re.compile(r"\bled by (?:the )?(?:" + JUSTICE_INSPECTORATE_RE.pattern + ")")
_JUSTICE_HINT_RE = re.compile(r"hmi|inspectorates? of|inspectors? of (?:constabulary|probation)")
# a council's papers and pages getting ready for one ("JTAI readiness", "ILACS preparation",
# "focused visit preparedness"): the inspection named has not happened
_FUTURE_AFTER_RE = re.compile(
    r"\W{0,3}(?:inspection |visit )?(?:readiness|preparation|preparations|preparedness)\b"
)


# a type named only to contrast it ("a standard inspection rather than the one-week short
# inspection usually given", "instead of a full inspection", "not a full inspection"), or as
# the framework another replaced ("the ILACS framework, which has replaced the single
# inspection framework (SIF)")
_CONTRAST_BEFORE_RE = re.compile(
    r"\b(?:rather than|instead of|not|unlike|as opposed to|replaced|replaces|replacing|"
    r"superseded|supersedes|succeeded)(?: [\w'-]+){0,3} ?$"
)


def _contrasted(doc: Doc, start: int) -> bool:
    seg_start = doc.segs[doc.seg_of(start)][0]
    before = " ".join(doc.lower[max(seg_start, start - 50) : start].split()[-4:])
    return _CONTRAST_BEFORE_RE.search(before) is not None


def to_come(doc: Doc, start: int) -> bool:
    """The type phrase at ``start`` names an inspection still to come ("will carry out a
    focused visit", "is due a", "its next area SEND inspection")."""
    seg = doc.seg_of(start)
    seg_start, seg_end = doc.segs[seg]
    before = " ".join(doc.lower[max(seg_start, start - 60) : start].split()[-5:])
    if _FUTURE_BEFORE_RE.search(before) is not None:
        return True
    phrase_end = re.match(r"[\w' -]*?(?:inspections?|visits?|letters?)\b", doc.lower[start:seg_end])
    if phrase_end is None:
        return False
    after = doc.lower[start + phrase_end.end() : min(seg_end, start + phrase_end.end() + 100)]
    return _FUTURE_SUBJECT_RE.match(after) is not None or _CALLED_OFF_RE.match(after) is not None


# "visits were postponed", "the inspection has been cancelled": it did not happen
_CALLED_OFF_RE = re.compile(
    r"^\s+(?:(?:were|was|have been|has been|had been|had to be|have had to be) )?"
    r"(?:postponed|cancelled|canceled|called off|suspended|paused|put on hold)\b"
)


# an official's or a visitor's visit, not inspectors' ("Ofsted's chief inspector visits Leeds
# family hubs", "the minister visited")
_PERSON_VISIT_RE = re.compile(
    r"\b(?:chief inspector|hmci|minister|secretary of state|secretary|mp|mayor|king|queen|"
    r"prince|princess|duke|duchess|ambassador|delegation|commissioner)(?: [a-z'-]+){0,2} ?$"
)
_VISIT_WORDS = frozenset({"visit", "visits", "visited", "visiting"})
# what may happen, not what did ("at risk of a poor Ofsted rating", "could be inspected")
_HYPOTHETICAL_BEFORE_RE = re.compile(
    r"\b(?:could|would|might|(?:at )?risks? (?:of )?(?:a|an|another|being|getting|receiving)|"
    r"fears? of|feared|threat of|in line for|on course for)\b(?: [\w'-]+){0,3} ?$"
)
# "when inspectors next visit", "when Ofsted returns": a visit to come
_NEXT_AFTER_RE = re.compile(r"\s+(?:next|return|returns|come back|comes back)\b")


def personal_visit(doc: Doc, start: int) -> bool:
    """The visit word at ``start`` is an official's ("the chief inspector visits"), not an
    inspection."""
    seg_start = doc.segs[doc.seg_of(start)][0]
    if start == seg_start and doc.text[start].isupper():
        return True  # an imperative that opens a line: "Visit Shots! now", "Visit our website"
    before = " ".join(doc.lower[max(seg_start, start - 50) : start].split()[-4:])
    return _PERSON_VISIT_RE.search(before) is not None


def no_event_here(doc: Doc, start: int, end: int, phrase: str) -> bool:
    """The event word at ``start:end`` reports no inspection that happened: still to come
    ("will inspect", "when inspectors next visit"), only feared or hoped for ("at risk of a
    poor Ofsted rating"), or an official's visit ("the chief inspector visited")."""
    if _NEXT_AFTER_RE.match(doc.lower, end) is not None:
        return True
    if _CALLED_OFF_RE.match(doc.lower[end : end + 60]) is not None:
        return True  # "visits were postponed"
    seg_start = doc.segs[doc.seg_of(start)][0]
    words = doc.lower[max(seg_start, start - 60) : start].split()
    if _FUTURE_BEFORE_RE.search(" ".join(words[-5:])) is not None:
        return True  # as `to_come`
    before = " ".join(words[-6:])
    if phrase in _VISIT_WORDS and _PERSON_VISIT_RE.search(" ".join(words[-4:])) is not None:
        return True
    return _HYPOTHETICAL_BEFORE_RE.search(before) is not None


def prepared_for(doc: Doc, end: int) -> bool:
    """The type phrase ending at ``end`` names what a paper or page gets ready for ("JTAI
    readiness", "ILACS inspection preparation"), in a title too: no inspection has happened."""
    return _FUTURE_AFTER_RE.match(doc.lower, end, min(len(doc.lower), end + 40)) is not None


def said_now(doc: Doc, start: int, end: int) -> bool:
    """The type phrase at ``start:end`` is this story's inspection: not looked back on, still to
    come or contrasted ("in the fourth monitoring visit since the council was judged
    inadequate" is; "its last focused visit" is not)."""
    return not (
        _type_mention_past(doc, start, end)
        or to_come(doc, start)
        or prepared_for(doc, end)
        or _contrasted(doc, start)
    )


# what an earlier inspection found, recalled: "failed to tackle failings identified in a ..."
_RECALLED_IN_RE = re.compile(
    r"\b(?:identified|raised|highlighted|found) (?:in|by|during|at) (?:an?|the|its)\b[^.;:]*$"
)
_TYPE_YEAR_BEFORE_RE = re.compile(r"\b(19[89]\d|20[0-4]\d)\W{0,2}$")


def _type_mention_past(doc: Doc, start: int, end: int) -> bool:
    seg_start, seg_end = doc.segs[doc.seg_of(start)]
    before = " ".join(doc.lower[max(seg_start, start - 60) : start].split()[-5:])
    # "praised after an Ofsted focused visit", "a letter from Ofsted after a visit": "after"
    # and "from" date a grade back ("up from good"), not a visit
    if any(m.group() not in _NOT_PAST_FOR_TYPES for m in PAST_BEFORE_RE.finditer(before)):
        return True
    if _FUTURE_BEFORE_RE.search(before):
        return True
    if _old_year_sentence(doc, doc.seg_of(start)):
        return True
    if _RECALLED_IN_RE.search(doc.lower, max(seg_start, start - 90), start):
        return True  # "failings identified in a JTAI in 2019 and a focused visit in March"
    opening = doc.lower[seg_start:start].lstrip(" \"'‘“")
    if opening.startswith("since ") and "," not in opening:
        # "Since the single inspection framework (SIF) inspection in 2014 and the focused visit
        # in 2018, senior leaders have taken clear action": the opening clause's inspections
        return True
    dated = _TYPE_YEAR_BEFORE_RE.search(before)
    if dated and doc.ref_year is not None and int(dated.group(1)) < doc.ref_year - 1:
        return True  # "The 2019 JTAI, focused on the front door, said ..."
    m = _TYPE_PAST_AFTER_RE.match(doc.lower[end : min(seg_end, end + 90)])
    if not m:
        return False
    year = m.group(1)
    return year is None or (doc.ref_year is not None and int(year) < doc.ref_year - 1)


def stated_now(doc: Doc, terms: Terms, kind: str, min_weight: float = 0.0) -> bool:
    """A phrase of ``kind`` (of at least ``min_weight``) appears without a looking-back word
    just before it ("follows a full inspection", not "its last full inspection"); a year in
    its sentence does not matter here (it may be the earlier grade's)."""
    for start, end, phrase, hit_kind, payload in terms.hits:
        if hit_kind != "type" or payload[0] != kind or payload[1] < min_weight:
            continue
        if phrase == "full inspection" and doc.lower.startswith(" report", end):
            continue  # "the full inspection report" is the published report, not a variant
        if _said_of_this_one(doc, start):
            return True
    return False


def _said_of_this_one(doc: Doc, start: int) -> bool:
    """Whether the phrase at ``start`` is about this inspection: not contrasted ("rather
    than"), not still to come ("will"), not looked back on (the five words before it)."""
    if _contrasted(doc, start):
        return False
    seg_start = doc.segs[doc.seg_of(start)][0]
    before = " ".join(doc.lower[max(seg_start, start - 60) : start].split()[-5:])
    if _FUTURE_BEFORE_RE.search(before):
        return False
    return not any(m.group() not in _NOT_PAST_FOR_TYPES for m in PAST_BEFORE_RE.finditer(before))


def stated_length(doc: Doc, terms: Terms) -> int | None:
    """Days on site as a phrase states them (`vocabulary.FIELDWORK_PHRASES`: "a two-week
    inspection"), for this inspection: not looked back on, contrasted or still to come."""
    for start, _end, _phrase, kind, payload in terms.hits:
        # as `stated_now`: a year in the sentence may be the earlier grade's ("after a
        # two-week inspection in May, a step up from good in 2018")
        if (
            kind == "length"
            and _said_of_this_one(doc, start)
            and _FRAMEWORK_RULE_RE.search(doc.seg_text(doc.seg_of(start)).lower()) is None
        ):
            return int(payload)  # (not the framework's rule: "councils rated good get a week")
    return None


NEW_FRAMEWORK = "new_framework"  # a key of score_types' ``named``: a framework called new
LENGTH_ONLY = "length_only"  # a key of score_types' ``named``: ILACS named by a length only


def _new_framework(doc: Doc) -> str | None:
    """The framework a dated story calls new or piloted: the SIF from its pilots in 2013 to
    2015, ILACS from its consultation and pilots in 2017 to 2020 (2016 is neither's)."""
    if doc.ref_date is None or doc.year_guessed:
        return None
    if dt.date(2013, 6, 1) <= doc.ref_date < dt.date(2016, 1, 1):
        return "sif"
    if dt.date(2017, 1, 1) <= doc.ref_date < dt.date(2021, 1, 1):
        return "ilacs_full"
    return None


_SIF_NAMES = frozenset({"single inspection framework"})
_AFTER_SIF_YEAR_RE = re.compile(r"\b(?:2019|20[2-9]\d)\b")  # the SIF's last reports: 2018


_WEAKNESS_PHRASES = frozenset(
    {"significant weaknesses", "significant areas of weakness", "areas of significant weakness"}
)
_SEND_NAMED_RE = re.compile(
    r"\bsend\b|special educational needs|disabilit|care quality commission|\bcqc\b|"
    r"\blocal area\b|\behcps?\b|education, health and care"
)


def _variant_hint(phrase: str, payload: tuple[str, float]) -> bool:
    """A type phrase that tells a variant or a length ("short inspection", "four-week
    inspection"), not a framework's name ("ILACS", "single inspection framework")."""
    name, weight = payload
    if name in ("ilacs_full", "ilacs_short"):
        return weight >= 1.0
    return name == "sif" and phrase not in _SIF_NAMES


@dataclass(frozen=True)
class _Backdrop:
    """What the whole story says before any type phrase is weighed: where its lead ends, the
    framework new when it was written, the sentences that explain the framework's rules and
    those that name a visit, and whether SEND is named where its weakness words are."""

    lead_end: int
    new_as: str | None
    explained: set[int]
    send_named: bool
    visit_segs: set[int]


@dataclass
class _TypeEvidence:
    """What the type phrases found: the score per type, where its strongest phrase is (weight,
    start, end), the weight of its strongest phrase as the vocabulary gives it, and the phrases
    that name an ILACS variant."""

    scores: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    where: dict[str, tuple[float, int, int]] = field(default_factory=dict)
    named: dict[str, float] = field(default_factory=dict)
    ilacs_names: set[str] = field(default_factory=set)


def score_types(
    doc: Doc, terms: Terms
) -> tuple[dict[str, float], dict[str, tuple[float, int, int]], dict[str, float]]:
    """Score per type, where its strongest phrase is (weight, start, end), and per type the
    weight of its strongest phrase as the vocabulary gives it (not raised by the title or
    lead): whether a framework is *named* ("single inspection framework") or only hinted
    ("unannounced inspection", "four weeks"), however often."""
    found = _TypeEvidence()
    backdrop = _backdrop(doc, terms)
    for start, end, phrase, kind, payload in terms.hits:
        typed = _hit_type(doc, backdrop, start, phrase, kind, payload)
        if typed is None:
            continue
        if kind == "new_framework":
            found.named[NEW_FRAMEWORK] = 1.0  # the story says which framework is new
        if _not_this_inspection(doc, start, end, phrase) or _another_inspections_words(
            doc, backdrop, start, phrase, typed[0]
        ):
            continue
        _count_phrase(doc, backdrop, found, start, end, phrase, typed)
    if found.ilacs_names and found.ilacs_names <= V.INSPECTION_LENGTHS:
        found.named[LENGTH_ONLY] = 1.0  # an ILACS variant named only by its length
    _weigh_inspectorates(doc, terms, found)
    _drop_late_annual_rating(doc, found)
    return dict(found.scores), found.where, found.named


def _backdrop(doc: Doc, terms: Terms) -> _Backdrop:
    """The story's backdrop to its type phrases (`_Backdrop`)."""
    lead_end = doc.title_end + LEAD_CHARS
    new_as = _new_framework(doc)
    explained = _explained_segs(doc, terms)
    # (searched for only when a weakness phrase is there: a scan of the whole text)
    send_named = any(h[2] in _WEAKNESS_PHRASES for h in terms.hits) and (
        _SEND_NAMED_RE.search(doc.lower) is not None
    )
    visit_segs = {
        doc.seg_of(start)
        for start, _end, _phrase, kind, payload in terms.hits
        if kind == "type" and payload[0] in ("focused_visit", "monitoring_visit")
    }
    return _Backdrop(lead_end, new_as, explained, send_named, visit_segs)


def _explained_segs(doc: Doc, terms: Terms) -> set[int]:
    """The sentences that explain the framework rather than report this inspection: they name
    both ILACS variants, or give the framework's rule for a kind of council."""
    # a sentence naming both ILACS variants explains the framework ("councils rated good get a
    # short one-week inspection, those requiring improvement a standard two-week one"): neither
    # is this inspection
    variants: dict[int, set[str]] = defaultdict(set)
    for start, _end, phrase, kind, payload in terms.hits:
        if kind == "type" and _variant_hint(phrase, payload):
            variants[doc.seg_of(start)].add(payload[0])
    explained = {seg for seg, found in variants.items() if {"ilacs_full", "ilacs_short"} <= found}
    # ... or gives its rule for a kind of council ("local authorities that are rated good or
    # outstanding receive a short one-week inspection", "all councils are subject to ...")
    explained |= {
        seg for seg in variants if _FRAMEWORK_RULE_RE.search(doc.seg_text(seg).lower()) is not None
    }
    return explained


def _hit_type(
    doc: Doc, backdrop: _Backdrop, start: int, phrase: str, kind: str, payload: Any
) -> tuple[str, float] | None:
    """The type a phrase names and its weight, or None if it names no inspection: not a type
    phrase, an ILACS variant where the framework is explained, or a framework called new where
    it is explained or beside a visit. A framework called new is the one new when the story was
    written; the 2023 area SEND framework's outcome words name that inspection."""
    explained = backdrop.explained
    if (
        explained
        and kind == "type"
        and _variant_hint(phrase, payload)
        and doc.seg_of(start) in explained
    ):
        return None
    if kind == "new_framework" and (
        doc.seg_of(start) in explained or doc.seg_of(start) in backdrop.visit_segs
    ):
        # the framework named where its rules are explained, or as the one a visit named
        # beside it comes under ("a focused visit under the new framework"): no inspection
        return None
    if kind == "new_framework" and backdrop.new_as is not None:
        # the framework new when it was written: a hint below FRAMEWORK_NAMED (Ofsted's
        # schools framework of 2019 was "new" too)
        return (backdrop.new_as, 1.5)
    if kind == "send" and phrase in V.SEND_OUTCOME_NAMES:
        # the 2023 area SEND framework's outcomes in its own words ("inconsistent
        # experiences and outcomes") name that inspection, as they stand for its inspectorates
        return ("area_send", V.FRAMEWORK_NAMED)
    if kind != "type":
        return None
    return payload


def _not_this_inspection(doc: Doc, start: int, end: int, phrase: str) -> bool:
    """The phrase speaks of an inspection that is not this story's: a full inspection's report,
    one named in contrast, one to come or prepared for, or an official's own visit."""
    if phrase == "full inspection" and doc.lower.startswith(" report", end):
        return True
    if _contrasted(doc, start):
        return True
    if (to_come(doc, start) and start >= doc.title_end) or prepared_for(doc, end):
        return True  # an inspection to come is not this story's
    # "the chief inspector visits": an official's visit
    return phrase in _VISIT_WORDS and personal_visit(doc, start)


def _another_inspections_words(
    doc: Doc, backdrop: _Backdrop, start: int, phrase: str, name: str
) -> bool:
    """The phrase is another inspection's words: the annual ratings' in a sentence of years long
    before the story's, the area SEND inspections' weakness words where SEND is not named, or
    the SIF's remit said of an inspection in a year after its last."""
    if name == "annual_rating_2009" and _old_year_sentence(doc, doc.seg_of(start)):
        # the annual ratings' words in a sentence of years long before the story's ("In
        # 2006, the council's children's services was judged to be performing poorly"):
        # an older assessment recalled
        return True
    if phrase in _WEAKNESS_PHRASES and not backdrop.send_named:
        # "significant weaknesses": the 2016-2022 area SEND inspections' words only where
        # SEND (or the CQC, its partner) is named; ILACS reports find weaknesses too
        return True
    # the SIF's remit in its title's words, said of an inspection in a year after its last ones
    # ("the full inspection in April 2024 included children in need of help and protection,
    # children looked after and care leavers"): ILACS judges the same children, so the words
    # describe that inspection, not the framework
    return (
        name == "sif"
        and phrase not in _SIF_NAMES
        and _AFTER_SIF_YEAR_RE.search(doc.seg_text(doc.seg_of(start))) is not None
    )


def _count_phrase(
    doc: Doc,
    backdrop: _Backdrop,
    found: _TypeEvidence,
    start: int,
    end: int,
    phrase: str,
    typed: tuple[str, float],
) -> None:
    """A type phrase counted: weighted by its place (title, lead) and cut where it looks back;
    where it stands if the type's strongest; and, outside a look back and unless it is time
    spent on site, how strongly it names its type (and which phrase names an ILACS variant)."""
    name, weight = typed
    factor = 2.5 if start < doc.title_end else 1.5 if start < backdrop.lead_end else 1.0
    if _type_mention_past(doc, start, end) or (
        # a hint in a sentence that looks back ("a joint inspection ... two years ago,
        # which found 'significant areas of weakness'") is the earlier inspection's
        weight < V.FRAMEWORK_NAMED and past_segment(doc, doc.seg_of(start))
    ):
        factor *= 0.3
    found.scores[name] += weight * factor
    if name not in found.where or weight * factor > found.where[name][0]:
        found.where[name] = (weight * factor, start, end)
    if factor >= 1.0 and phrase not in V.TIME_SPENT_PHRASES:
        found.named[name] = max(found.named.get(name, 0.0), weight)
        if name in ("ilacs_full", "ilacs_short") and weight >= V.FRAMEWORK_NAMED:
            found.ilacs_names.add(phrase)


def _weigh_inspectorates(doc: Doc, terms: Terms, found: _TypeEvidence) -> None:
    """The inspectorates the story names together re-read the types: Ofsted with the CQC is the
    area SEND inspection, a bare joint inspection is the kind the text names, a monitoring
    visit in a SEND story is the area's, the police or probation inspectorate makes a JTAI, and
    the 2009-2012 joint safeguarding inspection is known by its inspectorates or its verdict."""
    scores, where, named = found.scores, found.where, found.named
    _send_by_inspectorates(doc, scores, where, named)
    # after the SEND test: "a joint inspection of X's SEND services by Ofsted and the CQC"
    if "joint" in scores:
        _resolve_joint(doc, scores, where, named)
    for visit in ("monitoring_visit", "visit"):
        if visit in scores:
            _send_monitoring(doc, scores, where, named, visit)
    _jtai_by_inspectorates(doc, terms, scores, where, named)
    _slac_by_inspectorates(doc, scores, where)
    _slac_by_verdict(doc, scores, where)


def _drop_late_annual_rating(doc: Doc, found: _TypeEvidence) -> None:
    """The 2009-2011 annual ratings' words in a story more than a year after their last, unless
    they name the rating outright, are praise, not that rating."""
    if (
        doc.ref_year is not None
        and doc.ref_year > _ERA_ANNUAL[1] + 1
        and found.named.get("annual_rating_2009", 0.0) < V.FRAMEWORK_NAMED
    ):
        # "children's social care continues to perform well" in a 2019 story is praise: the
        # annual ratings' bands ended in 2011, and a later story names the rating if it means it
        for evidence in (found.scores, found.where, found.named):
            evidence.pop("annual_rating_2009", None)


# "the Ofsted/Care Quality Commission (CQC) inspection into services for children and young
# people with SEND": Ofsted and the CQC inspecting SEND in one sentence is the area SEND
# inspection, whatever the press calls it
_OFSTED_CQC_RE = re.compile(
    r"\bofsted\b(?=[^.]{0,80}\b(?:cqc|care quality commission)\b)|"
    r"\b(?:cqc|care quality commission)\b(?=[^.]{0,80}\bofsted\b)"
)
_SEND_WORD_RE = re.compile(r"\b(?:send|special educational needs)\b")
# SEND's own words, more of them: a story about a local area's SEND services
SEND_WORDS_RE = re.compile(
    r"\b(?:send|special educational needs|ehcps?|education,? health and care plans?|"
    r"local area partnership)\b"
)
_SEND_TO_COME_RE = re.compile(r"\b(?:next|will|prepare|preparing|preparation|due|expects?)\b")
_INSPECTION_WORD_RE = re.compile(r"\b(?:inspection|inspected|inspectors|revisit|re-visit|visit)\b")
# the two inspectorates looking together at an area's services
_JOINT_LOOK_RE = re.compile(r"\b(?:jointly|joint)\b(?=[^.]{0,20}\b(?:assess|inspect|review))")
# the two inspectorates as a sentence's subject ...
_PAIR = (
    r"\b(?:ofsted and (?:the )?(?:care quality commission|cqc)|"
    r"(?:the )?(?:care quality commission|cqc) and ofsted)(?: \(cqc\))?,? (?:have |has )?"
)
# ... of a finding: "Ofsted and the Care Quality Commission said more than two thirds of
# children do not get the help they need"
_PAIR_FOUND_RE = re.compile(
    _PAIR + r"(?:said|say|says|found|find|finds|concluded|reported|highlighted|identified|noted)\b"
)


_REPORT_WORD_RE = re.compile(r"\breport\b")


# the two inspectorates' inspectors together: "speaking to inspectors from Ofsted and the
# Care Quality Commission during a week-long inspection"
_PAIR_INSPECTORS_RE = re.compile(
    r"\binspectors (?:from|of) ofsted and (?:the )?(?:care quality commission|cqc)\b|"
    r"\bofsted and (?:the )?(?:care quality commission|cqc)(?: \(cqc\))? inspectors\b"
)


# the two inspectorates coming back: "Ofsted and CQC revisited Somerset to review the work
# undertaken since the original inspection"
_PAIR_REVISIT_RE = re.compile(_PAIR + r"(?:revisited|re-visited|returned to)\b")


def _send_by_inspectorates(
    doc: Doc,
    scores: dict[str, float],
    where: dict[str, tuple[float, int, int]],
    named: dict[str, float],
) -> None:
    if named.get("area_send", 0.0) >= V.FRAMEWORK_NAMED:
        return
    low = doc.lower
    if "cqc" not in low and "care quality commission" not in low:
        return  # (most pages: the regex below need not scan them)
    for m in _OFSTED_CQC_RE.finditer(low):
        seg = doc.seg_of(m.start())
        text = doc.seg_text(seg).lower()
        if _SEND_WORD_RE.search(text) is None:
            # "Ofsted and the Care Quality Commission (CQC) jointly assessed the district's
            # arrangements for education, health and social care" in a story told in SEND's
            # words, with no police or probation inspectorate (a JTAI's)
            # or "Ofsted and the CQC said ..." in such a story that tells of an inspection
            # ("Ofsted and CQC revisited Somerset": only an area SEND inspection was revisited
            # by the two, however few of SEND's words the story uses)
            if (
                not _PAIR_REVISIT_RE.search(text)
                and (
                    (
                        _JOINT_LOOK_RE.search(text) is None
                        and _PAIR_INSPECTORS_RE.search(text) is None
                        and (
                            _PAIR_FOUND_RE.search(text) is None
                            or _INSPECTION_WORD_RE.search(low) is None
                        )
                    )
                    or len(SEND_WORDS_RE.findall(low)) < 2
                )
            ) or JUSTICE_INSPECTORATE_RE.search(low) is not None:
                continue
        elif _INSPECTION_WORD_RE.search(text) is None and (
            _REPORT_WORD_RE.search(text) is None or _INSPECTION_WORD_RE.search(low) is None
        ):
            # (or their report, in a story of an inspection: "Outcomes for children with SEND
            # in North Tyneside are 'strong', a report by Ofsted and the CQC has found")
            continue
        # (a revisit's sentence names the inspection it follows up: "revisited Somerset to
        # review the work undertaken since the original inspection in March 2020")
        revisit = _PAIR_REVISIT_RE.search(text) is not None
        if (past_segment(doc, seg) and not revisit) or _SEND_TO_COME_RE.search(text):
            continue  # "to prepare for its next area SEND inspection by Ofsted and the CQC"
        scores["area_send"] = scores.get("area_send", 0.0) + V.FRAMEWORK_NAMED
        named["area_send"] = V.FRAMEWORK_NAMED
        where.setdefault("area_send", (V.FRAMEWORK_NAMED, m.start(), m.end()))
        return


# the 2009-2012 joint inspection's remit: safeguarding, and looked after children
_LOOKED_AFTER_RE = re.compile(r"\blooked[ -]after\b")


def _slac_by_inspectorates(
    doc: Doc,
    scores: dict[str, float],
    where: dict[str, tuple[float, int, int]],
) -> None:
    """Ofsted and the CQC reporting together on safeguarding and looked after children, in a
    story of 2013 or before (or undated), with no SEND and no police or probation inspectorate:
    the joint inspection of safeguarding and looked after children services of 2009-2012."""
    if scores.get("area_send", 0.0) > 0 or scores.get("jtai", 0.0) > 0:
        return
    if doc.ref_year is not None and not doc.year_guessed and doc.ref_year > SIF_START.year:
        return
    low = doc.lower
    if "cqc" not in low and "care quality commission" not in low:
        return
    if JUSTICE_INSPECTORATE_RE.search(low) or _SEND_WORD_RE.search(low):
        return
    if "safeguarding" not in low or not _LOOKED_AFTER_RE.search(low):
        return
    m = _OFSTED_CQC_RE.search(low)
    if m is None or past_segment(doc, doc.seg_of(m.start())):
        return
    scores["other"] = scores.get("other", 0.0) + V.FRAMEWORK_NAMED
    where.setdefault("other", (V.FRAMEWORK_NAMED, m.start(), m.end()))


# the 2009-2012 safeguarding inspection's headline verdict, in its own words: "the overall
# effectiveness of services in Calderdale to ensure that children and young people are safe
# is inadequate" (the SIF says "children's services in X are ...")
_SLAC_VERDICT_RE = re.compile(
    r"\boverall effectiveness of (?:the )?(?:safeguarding )?services\b[^.;]{0,80}?"
    r"\bto ensure (?:that )?children and young people are safe\b"
)


def _slac_by_verdict(
    doc: Doc,
    scores: dict[str, float],
    where: dict[str, tuple[float, int, int]],
) -> None:
    """The safeguarding inspection's verdict quoted in a story of 2013 or before (or
    undated): that inspection, whatever else the story names."""
    if doc.ref_year is not None and not doc.year_guessed and doc.ref_year > SIF_START.year:
        return
    if "overall effectiveness" not in doc.lower:
        return
    m = _SLAC_VERDICT_RE.search(doc.lower)
    if m is None or past_segment(doc, doc.seg_of(m.start())):
        return
    scores["other"] = scores.get("other", 0.0) + V.FRAMEWORK_NAMED
    where.setdefault("other", (V.FRAMEWORK_NAMED, m.start(), m.end()))


def _jtai_by_inspectorates(
    doc: Doc,
    terms: Terms,
    scores: dict[str, float],
    where: dict[str, tuple[float, int, int]],
    named: dict[str, float],
) -> None:
    """Ofsted named in one sentence with the police or probation inspectorate ("Ofsted, the
    CQC, HMICFRS and HM Inspectorate of Probation carried out the inspection"), or that
    inspectorate said to be in the inspection team of a story naming Ofsted: only a joint
    targeted area inspection brings them together (an area SEND inspection is Ofsted's and the
    CQC's; the police and probation inspectorates' inspections of youth justice, which Ofsted
    may support, are led by them: `JUSTICE_LED_RE`, which keeps such a story's justice words
    against it in `relevance`)."""
    if scores.get("jtai", 0.0) >= V.FRAMEWORK_NAMED or not _JUSTICE_HINT_RE.search(doc.lower):
        return
    segs = {doc.seg_of(h[0]) for h in terms.hits if h[3] == "insp" and h[4] is None}
    if segs:
        # ("The inspection team, which visited in November, also included HMICFRS", Ofsted
        # named in another sentence as one of the team)
        segs |= {doc.seg_of(m.start()) for m in _INSPECTION_TEAM_RE.finditer(doc.lower)}
    for seg in segs:
        seg_start, seg_end = doc.segs[seg]
        m = JUSTICE_INSPECTORATE_RE.search(doc.lower, seg_start, seg_end)
        if m is None or to_come(doc, m.start()) or _inspection_recalled(doc, seg):
            continue  # "..., carried out with HMICFRS, follows Ofsted's inspection in 2022"
        # weighed as a named type is, by where it is said
        lead_end = doc.title_end + LEAD_CHARS
        factor = 2.5 if m.start() < doc.title_end else 1.5 if m.start() < lead_end else 1.0
        scores["jtai"] = scores.get("jtai", 0.0) + V.FRAMEWORK_NAMED * factor
        if "jtai" not in where or where["jtai"][0] < V.FRAMEWORK_NAMED * factor:
            where["jtai"] = (V.FRAMEWORK_NAMED * factor, m.start(), m.end())
        named["jtai"] = max(named.get("jtai", 0.0), V.FRAMEWORK_NAMED)
        return


_INSPECTION_TEAM_RE = re.compile(r"\binspection team\b")
# an inspection dated by its year: "follows Ofsted's inspection in 2022"
_DATED_INSPECTION_RE = re.compile(
    r"\b(?:inspection|inspected|visit|visited|report)\b[^.;,]{0,60}?\bin (?:[a-z]+ )?"
    r"(19[89]\d|20[0-4]\d)\b"
)


def _inspection_recalled(doc: Doc, seg: int) -> bool:
    """Sentence ``seg`` looks back, or dates an inspection before the story's year (a year of
    something else, "after the death of ... in June 2020", does not date the inspection)."""
    if past_segment(doc, seg, years=False):
        return True
    low = doc.seg_text(seg).lower()
    return doc.ref_year is not None and any(
        int(m.group(1)) < doc.ref_year - 1 for m in _DATED_INSPECTION_RE.finditer(low)
    )


def _resolve_joint(
    doc: Doc,
    scores: dict[str, float],
    where: dict[str, tuple[float, int, int]],
    named: dict[str, float],
) -> None:
    """A bare "joint inspection" is the kind the rest of the text names: an area SEND
    inspection when it speaks of SEND (Ofsted and the CQC inspect a local area partnership
    jointly; a story in SEND's own words that names no police or probation inspectorate, which
    a JTAI always brings), the older joint inspection of safeguarding and looked after children
    (Ofsted and the CQC, 2009-2012) when it uses that regime's words, else a JTAI."""
    send_story = (
        scores.get("area_send", 0.0) > 0
        and len(SEND_WORDS_RE.findall(doc.lower)) >= 2
        and JUSTICE_INSPECTORATE_RE.search(doc.lower) is None
    )
    # area SEND is Ofsted's and the CQC's alone: a joint inspection that also brings the police
    # inspectorate ("OFSTED, CQC and HMICFRS require Wirral Council to prepare a written
    # statement of action") is a JTAI, whatever SEND-like words it shares, unless area SEND is
    # named outright
    justice_joins = JUSTICE_INSPECTORATE_RE.search(doc.lower) is not None
    send_named = any(name in doc.lower for name in V.SEND_INSPECTION_NAMES)
    if send_named or ((scores.get("area_send", 0.0) >= 1.0 or send_story) and not justice_joins):
        kind = "area_send"
    elif scores.get("other", 0.0) >= 1.5:
        kind = "other"
    else:
        kind = "jtai"
        if justice_joins and "area_send" in scores:
            # (a JTAI's findings letter asks for a written statement of action too)
            _fold_type("area_send", "jtai", scores, where, named)
    # Ofsted's older joint regimes' names stand for them; a bare "joint" does not
    _fold_type("joint", kind, scores, where, named, names_it=kind != "other")


def _fold_type(
    source: str,
    kind: str,
    scores: dict[str, float],
    where: dict[str, tuple[float, int, int]],
    named: dict[str, float],
    *,
    names_it: bool = True,
) -> None:
    """``source``'s evidence counted as ``kind``'s: its score added, its strongest phrase the
    evidence if stronger, and (``names_it``) its naming strength."""
    scores[kind] = scores.get(kind, 0.0) + scores.pop(source)
    spot = where.pop(source, None)
    if spot is not None and (kind not in where or spot[0] > where[kind][0]):
        where[kind] = spot
    strength = named.pop(source, 0.0)
    if strength and names_it:
        named[kind] = max(named.get(kind, 0.0), strength)


def _send_monitoring(
    doc: Doc,
    scores: dict[str, float],
    where: dict[str, tuple[float, int, int]],
    named: dict[str, float],
    visit: str = "monitoring_visit",
) -> None:
    """A monitoring visit in a story about a local area's SEND services (SEND's own words, and
    no children's social care framework) is the area SEND monitoring inspection: since 2023 a
    partnership found to have widespread or systemic failings is monitored, as an inadequate
    council is. ("Significant weaknesses remain" alone is a children's services letter's.) A
    visit of no named kind there ("a follow-up visit by Ofsted and the CQC") is the area's
    revisit (the area's evidence may all be its earlier inspection's); so is one by Ofsted and
    the CQC together in a story in SEND's words."""
    # a monitoring visit by Ofsted and the CQC together is the area's: a council's children's
    # services are monitored by Ofsted alone ("Ofsted and the CQC came back for a monitoring
    # visit in October", in a SEND newsletter)
    with_cqc = (
        _OFSTED_CQC_RE.search(doc.lower) is not None
        and JUSTICE_INSPECTORATE_RE.search(doc.lower) is None
    )
    needed = _SEND_MONITORED if visit == "monitoring_visit" and not with_cqc else 0.5
    if (
        (scores.get("area_send", 0.0) < needed and not with_cqc)
        or len(SEND_WORDS_RE.findall(doc.lower)) < 2
        or any(named.get(k, 0.0) >= V.FRAMEWORK_NAMED for k in ("ilacs_full", "ilacs_short", "sif"))
    ):
        return
    _fold_type(visit, "area_send", scores, where, named)


_SEND_MONITORED = 2.5  # the area SEND inspection's evidence, at least


def _pre_sif_type(doc: Doc, scores: dict[str, float]) -> str:
    """Before the SIF: the 2009-2011 annual ratings if their words appear in those years (or
    in a story with no year), else an older regime (the annual performance assessment of
    2005-2008, safeguarding and looked after children, protection of children, CPA)."""
    annual = scores.get("annual_rating_2009", 0.0) > 0
    year = doc.ref_year
    in_years = year is None or _ERA_ANNUAL[0] <= year <= _ERA_ANNUAL[1]
    if doc.ref_date is not None and not doc.year_guessed and doc.ref_date < _FIRST_RATINGS:
        in_years = False  # in 2009 before December, the assessment reported is 2008's APA
    return "annual_rating_2009" if annual and in_years else "other"


def era_dated(doc: Doc, inspected: dt.date | None, old_regime: bool = False) -> bool:
    """The era rests on a stated date (publication, web address or inspection), not on the
    latest year an undated text happens to mention (which may be a recalled inspection's),
    unless every year it mentions is before November 2013 and it uses the older regimes' own
    words (``old_regime``: "areas for priority action", "contact, referral and assessment"):
    a story of a later framework would name a later year."""
    if inspected is not None or not doc.year_guessed:
        return True
    return old_regime and doc.ref_year is not None and doc.ref_year < SIF_START.year


def _both_frameworks(doc: Doc, inspected: dt.date | None) -> bool:
    """The inspection (or, undated, the story) falls when the SIF's last inspections and the
    ILACS's first ran side by side: January to May 2018."""
    when = inspected or doc.ref_date
    return when is not None and dt.date(2018, 1, 1) <= when < SIF_END


def graded_type(
    doc: Doc,
    scores: dict[str, float],
    inspected: dt.date | None,
    names: dict[str, float],
    old_regime: bool = False,
) -> str:
    when = era(doc, inspected)
    dated = era_dated(doc, inspected, old_regime)
    named = max(scores.get("ilacs_full", 0.0), scores.get("ilacs_short", 0.0))
    sif = scores.get("sif", 0.0)
    if dated and when == "ilacs" and sif < V.FRAMEWORK_NAMED:
        sif = 0.0  # "four weeks", "unannounced": not the SIF named, and the era is ILACS'
    other = max(
        (k for k in ("annual_rating_2009", "other") if scores.get(k, 0.0) >= 2.0),
        key=lambda k: scores[k],
        default=None,
    )
    if other and scores[other] > max(sif, named):
        # the annual performance assessment (2005-2008) and the ratings of 2009-2011 share
        # words: the years decide
        return _pre_sif_type(doc, scores) if other == "annual_rating_2009" else other
    later = max(names.get(k, 0.0) for k in ("sif", "ilacs_full", "ilacs_short"))
    if dated and when == "pre_sif" and (later < V.FRAMEWORK_NAMED or LENGTH_ONLY in names):
        # no later framework existed before November 2013 (and a length names none: "a
        # three-week inspection")
        return _pre_sif_type(doc, scores)
    if sif > named:
        return "sif"
    ilacs_named = max(names.get(k, 0.0) for k in ("ilacs_full", "ilacs_short"))
    if (
        dated
        and when == "sif"
        and (later < V.FRAMEWORK_NAMED or LENGTH_ONLY in names)
        and NEW_FRAMEWORK not in names
        # (both frameworks inspected from January to May 2018: there, "ILACS" named at all,
        # "the first inspection of local authority children's services (Ilacs)", decides)
        and not (ilacs_named > 0 and _both_frameworks(doc, inspected) and LENGTH_ONLY not in names)
    ):
        # an ILACS variant only hinted by its length ("a three-week inspection") in the SIF's
        # years (ILACS was piloted in 2017: a story of the new framework is another matter)
        return "sif"
    if named > 0 or scores.get("focused_visit", 0.0) > 0:
        chosen = "ilacs_full"
    elif names.get("full", 0.0) > 0 and not dated:
        # an undated "full inspection" said of this one: the current framework's (not one
        # recalled, "the last full inspection in 2015", which leaves the era to decide)
        chosen = "ilacs_full"
    elif when == "pre_sif":
        return _pre_sif_type(doc, scores)
    elif when == "sif":
        return "sif"  # a graded inspection, a "full inspection" at most: the era decides
    else:
        chosen = "ilacs_full"
    if scores.get("ilacs_short", 0.0) > scores.get("ilacs_full", 0.0):
        return "ilacs_short"
    return chosen


def _ungraded_fit(
    doc: Doc,
    best: str,
    scores: dict[str, float],
    inspected: dt.date | None,
    names: dict[str, float],
    old_regime: bool = False,
) -> str:
    """An ungraded story's framework phrase read against its era: a "full inspection" is the
    SIF's before spring 2018 and ILACS' after; nothing later than the older regimes existed
    before November 2013."""
    if best not in V.ERA_TYPES:
        return best
    when = era(doc, inspected) if era_dated(doc, inspected, old_regime) else "ilacs"
    if when == "pre_sif" and names.get(best, 0.0) < V.FRAMEWORK_NAMED:
        return _pre_sif_type(doc, scores)
    if best == "full":
        return "sif" if when == "sif" else "other" if when == "pre_sif" else "ilacs_full"
    return best


def choose_type(
    doc: Doc,
    scores: dict[str, float],
    graded: bool,
    inspected: dt.date | None = None,
    named: dict[str, float] | None = None,
    old_regime: bool = False,
    fresh: bool = False,
    judgement: str | None = None,
    standing: bool = False,
    series: bool = False,
) -> tuple[str | None, bool]:
    """The inspection type (`_choose_type`), read against the joint frameworks' eras: joint
    targeted area inspections began in 2016 and area SEND inspections in May 2016, so in an
    earlier story neither is this inspection: the rest of the evidence decides, and a joint
    inspection with nothing else named (Ofsted with the police or health inspectorates: a
    joint area review, the 2009-2012 safeguarding and looked after children inspections) is
    one of the older regimes, `other`."""

    def pick(scores: dict[str, float], named: dict[str, float] | None) -> tuple[str | None, bool]:
        return _choose_type(
            doc, scores, graded, inspected, named, old_regime, fresh, judgement, standing, series
        )

    for _ in range(len(_STARTED)):
        itype, override = pick(scores, named)
        if itype not in _STARTED or not _dated_before(doc, inspected, _STARTED[itype]):
            return itype, override
        names = scores if named is None else named
        named = {k: v for k, v in names.items() if k != itype}
        scores = {k: v for k, v in scores.items() if k != itype}
        if itype == "jtai" and not any(v >= 1.0 for k, v in scores.items() if k != "area_send"):
            return "other", override
    return pick(scores, named)


_STARTED = {"jtai": dt.date(2016, 1, 1), "area_send": dt.date(2016, 5, 1)}


def _dated_before(doc: Doc, inspected: dt.date | None, start: dt.date) -> bool:
    """The inspection, or a story dated by its publication or address, is before ``start``."""
    when = inspected or doc.ref_date
    if when is not None:
        return when < start
    return doc.ref_year is not None and not doc.year_guessed and doc.ref_year < start.year


def _choose_type(
    doc: Doc,
    scores: dict[str, float],
    graded: bool,
    inspected: dt.date | None = None,
    named: dict[str, float] | None = None,
    old_regime: bool = False,
    fresh: bool = False,
    judgement: str | None = None,
    standing: bool = False,
    series: bool = False,
) -> tuple[str | None, bool]:
    """The inspection type, and whether an ungraded visit type overrides any grade found.
    ``named``: the strongest phrase weight per type (`score_types`); the era rules ask
    whether a later framework is named, which hints repeated in the title do not make it.
    ``old_regime``: the text uses the wording of the ungraded inspections of 2009-2013
    ("areas for priority action"); with an era before the SIF, that alone types it `other`.
    ``fresh``: the title or lead gives a grade as news, so a visit named beside it (which gives
    none) is an earlier one and does not override it. ``standing``: every grade the story gives
    as current is also read, at the same place, as an earlier one. ``series``: the visits
    named are named only as a series ("Ofsted has performed monitoring visits each year
    since"), the ones between two inspections, not as this story's one visit."""
    names = scores if named is None else named
    odds = _visit_odds(scores, names)
    if (
        _visit_dominates(odds, graded, named, fresh, series)
        or _visit_leaves_grade_standing(odds, standing, series)
        or _monitoring_after_inadequate(odds, names, judgement)
    ):
        return odds.best_u, True
    if graded:
        return graded_type(doc, odds.graded, inspected, names, old_regime), False
    return _ungraded_type(doc, scores, odds, inspected, names, old_regime), False


@dataclass(frozen=True)
class _VisitOdds:
    """The ungraded visit types against the graded types: each side's scores, the visit types
    named outright, the strongest visit type (among those named outright, if any is), its score
    and the strongest graded type's score."""

    ungraded: dict[str, float]
    graded: dict[str, float]
    named_u: dict[str, float]
    best_u: str | None
    top_u: float
    top_g: float


def _visit_odds(scores: dict[str, float], names: dict[str, float]) -> _VisitOdds:
    """The visit types weighed against the graded ones (`_VisitOdds`)."""
    ungraded = {k: v for k, v in scores.items() if k in V.UNGRADED_TYPES}
    graded_scores = {k: v for k, v in scores.items() if k not in V.UNGRADED_TYPES}
    # a visit type named outright ("focused visit") beats one only hinted however often
    # ("significant weaknesses", "EHCPs" in a focused visit on care leavers)
    named_u = {k: v for k, v in ungraded.items() if names.get(k, 0.0) >= V.FRAMEWORK_NAMED}
    pick_u = named_u or ungraded
    best_u = max(pick_u, key=lambda k: pick_u[k], default=None)
    top_u = ungraded.get(best_u, 0.0) if best_u else 0.0
    top_g = max(graded_scores.values(), default=0.0)
    return _VisitOdds(ungraded, graded_scores, named_u, best_u, top_u, top_g)


def _visit_dominates(
    odds: _VisitOdds,
    graded: bool,
    named: dict[str, float] | None,
    fresh: bool,
    series: bool,
) -> bool:
    """The visit type clearly outweighs every graded type, and no grade the story gives stands
    against it: none given as news beside it, none beside a visit only ever recalled or named
    only as the series since the last inspection."""
    best_u, top_u = odds.best_u, odds.top_u
    # monitoring visits follow an inadequate grade: one named beside it is that grade's
    fresh = fresh and best_u != "monitoring_visit"
    return bool(
        best_u
        and top_u >= 3.0
        and top_u > 2.0 * odds.top_g
        and not (graded and fresh)
        # a visit only ever recalled ("failings identified in a JTAI in 2019 ... The 2019
        # JTAI said"), however often, does not override the grade the story reports
        and not (graded and named is not None and best_u not in named)
        # nor do visits named only as the series since the last inspection: a grade given
        # beside them, even one kept ("still inadequate"), is the next inspection's
        and not (graded and series)
    )


def _visit_leaves_grade_standing(odds: _VisitOdds, standing: bool, series: bool) -> bool:
    """A visit named outright ("welcomes the focused visit"), no graded inspection named or
    hinted, and the story's grade read as an earlier one too: the grade the visit leaves
    standing ("the rating was kept at its 2019 level"), not one it gave."""
    return (
        standing
        and not series
        and odds.best_u in odds.named_u
        and odds.top_u >= V.FRAMEWORK_NAMED
        and odds.top_g == 0.0
    )


def _monitoring_after_inadequate(
    odds: _VisitOdds, names: dict[str, float], judgement: str | None
) -> bool:
    """A monitoring visit named outright beside an inadequate grade and no graded inspection
    named: "praised the progress of the 'inadequate' trust in its latest monitoring
    inspection": the grade is the one the monitoring follows, not this visit's (which gives
    none)."""
    return (
        odds.best_u == "monitoring_visit"
        and names.get(odds.best_u, 0.0) >= V.FRAMEWORK_NAMED
        and judgement == "inadequate"
        and odds.top_g < V.FRAMEWORK_NAMED
    )


def _ungraded_type(
    doc: Doc,
    scores: dict[str, float],
    odds: _VisitOdds,
    inspected: dt.date | None,
    names: dict[str, float],
    old_regime: bool,
) -> str | None:
    """The type of a story that gives no grade: its strongest type (a visit type named outright
    before one only hinted), read against its era; none if too weak, unless the story is dated
    before the SIF (an older regime's, `other`); a full ILACS inspection with the short one
    scored close behind (four fifths of its score) is the short one."""
    best = max(scores, key=lambda k: scores[k], default=None)
    if best in odds.ungraded and best not in odds.named_u and odds.best_u in odds.named_u:
        best = odds.best_u
    if best is None or scores[best] < 1.0:
        if era_dated(doc, inspected, old_regime) and era(doc, inspected) == "pre_sif":
            # an inspection in a story dated before November 2013 (or, in the older unannounced
            # inspections' own words, of those years), no framework named and no grade given:
            # one of the older regimes (no later framework or visit type existed yet)
            return "other"
        return None
    if best == "ilacs_full" and scores.get("ilacs_short", 0.0) >= scores[best] * 0.8:
        return "ilacs_short"
    return _ungraded_fit(doc, best, scores, inspected, names, old_regime)
