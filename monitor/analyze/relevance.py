"""Is the text about an Ofsted (or joint) inspection or visit of an English council's children's
services, its outcome or aftermath?

Evidence: an inspectorate or an LA inspection type is named; a sentence reports an inspection
event (an event word or a current grade beside an inspectorate, type or LA term) without only
looking back; a subject council was found; and the LA children's-services evidence outweighs the
negative topics of `vocabulary.NEGATIVE_TERMS` (a single children's home, schools and nurseries,
CQC adult social care, police/probation/youth justice, other nations' inspectorates, national
reports, future inspections and pages preparing for one, peer reviews, budgets). A rating word
whose sentence's only grade is an aside or recalled ("Luton, which was rated good in 2022, is to
leave") reports no inspection. In minutes and agendas (`Doc.items`), a negative topic in an item
that names no inspectorate, type or grade belongs to other business and does not count.
The 2023 area SEND framework's outcome words ("widespread and/or systemic failings",
`vocabulary.SEND_OUTCOME_NAMES`) stand for Ofsted and the CQC as the inspection's name does; an
inspection still to come ("hopes to be rated good at its next inspection") is no event; a
"joint inspection" typed area SEND stands for them too. A sentence whose grades are all
recalled and whose only event words are rating words ("She joined after the service was rated
inadequate") reports no inspection, nor does one grading a registered setting without naming a
council children's service ("Our fostering service was rated outstanding").

Round nine: in minutes and agendas an item headed by the inspection ("Item 7: Ofsted ILACS
outcome") reports a current grade anywhere in its body; a current grade beside the council's
services ("help and protection good") with inspectors in the title or lead ("X's services are
improving, inspectors say") is Ofsted's, which alone grades them; Ofsted's name for its
framework ("ILACS", `vocabulary.OFSTED_FRAMEWORK_NAMES`) stands for Ofsted; a type named by what
a paper gets ready for ("JTAI readiness") or what a council expects ("expects a JTAI") is no
event, nor is an event word still to come or only feared ("at risk of a poor Ofsted rating when
inspectors next visit") or an official's visit ("the chief inspector visits Leeds").

A headline or lead that tells of an inspection under way, just over, or with its findings still
to come ("started on Monday", "The inspection is over, what happens now?", "will receive the
findings"), in a story that gives no grade, is the wait, not an outcome (`_UNDER_WAY_RE`).

A story dated before 2005 is about none: Ofsted's inspections of councils' children's services
began with the annual performance assessments and joint area reviews of 2005 (before them the
Social Services Inspectorate and the CSCI inspected social services, and Ofsted only the LEAs).

Gets wrong: a council story that recalls an old grade in the present tense ("the council, which
is rated inadequate, ...") can pass; a long national report that names one council as its
example can pass. Correct it with NEGATIVE_TERMS weights or EVENT_TERMS in the vocabulary.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from monitor import vocabulary as V
from monitor.analyze.councils import CouncilResult
from monitor.analyze.inspection import (
    JUSTICE_INSPECTORATE_RE,
    JUSTICE_LED_RE,
    no_event_here,
    prepared_for,
    said_now,
    to_come,
)
from monitor.analyze.terms import Terms, past_segment
from monitor.analyze.text import LEAD_CHARS, Doc


@dataclass
class Relevance:
    relevant: bool
    score: float
    terms: list[str]


# the first of Ofsted's inspections of councils' children's services (APA and JAR, 2005)
FIRST_INSPECTIONS = dt.date(2005, 1, 1)
_RATING_EVENTS = frozenset(
    {"rated", "rating", "judged", "judgement", "judgment", "graded", "grade", "grades"}
)
# who does the inspecting, in a sentence that gives a current grade ("This week inspectors
# returned and found them good"): the sentence reports an inspection
_INSPECTING_EVENTS = frozenset(
    {"inspectors", "inspection", "inspected", "inspectorate", "re-inspection", "re-inspected"}
)
_INSPECTORS = frozenset({"inspectors", "inspected", "inspection"})
# event words that may be still to come or only feared ("when inspectors next visit", "at risk
# of a poor Ofsted rating"); the others are checked by their sentence
_CHECKED_EVENTS = _INSPECTING_EVENTS | {
    "rated",
    "rating",
    "judged",
    "graded",
    "visit",
    "visits",
    "visited",
}
# a page's field of the overall grade: "Overall effectiveness: Outstanding", "Judgement | Good"
_GRADE_FIELD_RE = re.compile(
    r"^\W*(?:overall (?:effectiveness|judgement|judgment|grade|rating)|outcome|judgement|"
    r"judgment|rating|grade)\s*(?::|\||-)",
    re.I,
)
# the agencies a JTAI inspects beside the council, not inspectorates
_AGENCIES_INSPECTED = frozenset({"police", "constabulary", "the force"})
# topics a type's own remit covers: a JTAI looks at the police too, area SEND and the 2009-2011
# annual assessment (every service for children, childminders and schools included) at schools
_CHILDRENS_SERVICES_RE = re.compile(r"\bchildren'?s'? (?:services|social care)\b")
# a council's partners named in a list ("Enfield Council and its partners including schools,
# health, police and the voluntary sector are doing a good job protecting children"): the
# inspection's remit, not a school's, a setting's or the police's own inspection
_PARTNER_LIST_RE = re.compile(r"\bpartners?\b,?\s*(?:including|such as|like|from)\b[^.;:]*")
_PARTNER_TOPICS = frozenset({"school", "setting", "justice"})
# the council's own inspections and visits, in which the police appear as a partner
_COUNCIL_INSPECTIONS = frozenset(
    {"ilacs_full", "ilacs_short", "focused_visit", "monitoring_visit", "sif"}
)
_PARTNER_POLICE_CAP = 3.0
_NEUTRALISED_BY = {
    "justice": {"jtai"},
    "school": {"area_send", "annual_rating_2009"},
    "review": set(V.UNGRADED_TYPES),
}


# a finding told: "inspectors found", "the report said", "Ofsted praised"
_FINDING_RE = re.compile(
    r"\b(?:inspectors?|ofsted|the report|the letter|the watchdog|the regulator|it|they|"
    r"the inspection|the visit|the (?:inspection )?team|the findings)\b"
    r"(?:[^.;]{0,40})?\b(?:found|finds|find|said|says|noted|notes|noting|concluded|"
    r"highlighted|praised|identified|judged|described|criticised|warned|commended|recognised|"
    r"stated|indicates|indicated|shows|showed|revealed|outlined)\b"
    r"|\baccording to (?:the )?(?:latest )?(?:report|letter|ofsted|inspectors|monitoring visit|"
    r"inspection|visit)\b|\boutcome of the inspection (?:was|is)\b"
)
_INSPECTORS_REPORTED_RE = re.compile(
    r"\binspectors (?:said|found|concluded|noted|reported|highlighted|praised|identified)\b"
)


def _reported_first(doc: Doc, terms: Terms, future_at: int) -> bool:
    """The title or lead reports an inspection or visit by its name ("the latest monitoring
    visit by Ofsted") before any word of one to come, or inspectors back now ("inspectors
    have returned to the county to monitor progress, with a full inspection expected next
    year"): the story is that event, and the next inspection it looks forward to is an aside."""
    if _RETURNED_RE.search(doc.lower, 0, future_at):
        return True
    return any(
        kind == "type"
        and payload[1] >= V.FRAMEWORK_NAMED
        and start < future_at
        and _DONE_RE.search(doc.seg_text(doc.seg_of(start)).lower()) is not None
        and not (to_come(doc, start) or prepared_for(doc, end))
        for start, end, _phrase, kind, payload in terms.hits
    )


# an inspection in a headline, with the time or the wait that puts it ahead
_TITLE_TO_COME_RE = re.compile(
    r"\b(?:inspection|re-?inspection|inspectors?|inspect)\b[^.?!]{0,60}\b(?:next (?:week|month|"
    r"year)|later this (?:year|month)|due (?:next|in|this|later)|in the (?:autumn|spring|summer|"
    r"new year))\b"
    # (not "preparing for inspection": a feature on how a council prepared may tell of one)
    # ("Watchdogs to start two week inspection of Norfolk's children's services")
    r"|\b(?:to face|to inspect|will inspect|set to inspect|due to inspect|ready for|braced for|"
    r"to start|to begin|set to start|set to begin)"
    r"\b[^.?!]{0,60}\b(?:inspection|re-?inspection|inspectors|ofsted)\b"
    r"|\binspectors (?:come|arrive|are coming|descend) (?:to|in|on)\b"
    # "Birmingham City Council children's services to be inspected"
    r"|\b(?:to be|set to be|due to be|will be|is being|are being) (?:re-?)?inspected\b"
    # "Ofsted may reinspect Wakefield's children's services before the end of 2021"
    r"|\b(?:ofsted|inspectors|watchdog) (?:may|could|might|will) (?:soon )?(?:re-?)?inspect\b"
    # "... have 'fingers crossed' for next Ofsted inspection", "hopes ahead of its next
    # inspection"
    r"|\b(?:for|at|ahead of|before|awaits?|awaiting) (?:the |its |their |a )?next (?:full )?"
    r"(?:ofsted )?(?:inspection|visit)\b"
)
# ... and one that speculates on the outcome of the next, or asks it, whatever grade it names
# ("'Inadequate' children's services in Luton could improve by one grade at next Ofsted visit")
_TITLE_NEXT_RE = re.compile(
    r"\b(?:could|may|might|will|would|set to|expected to|likely to|unlikely to|hopes? to|aims? "
    r"to)\b[^.?!]{0,60}\b(?:at|in|by) (?:the |its |their )?next (?:full )?(?:ofsted )?"
    r"(?:inspection|visit)\b"
    # "Watchdogs to inspect whether services for Norfolk's most vulnerable children are still
    # 'inadequate'": the grade it names is the question
    r"|\b(?:to|will|set to) (?:re-?)?inspect whether\b"
)
# what a headline about an outcome says: a grade given, a finding, a verdict
_TITLE_OUTCOME_RE = re.compile(
    r"\b(?:rated|rating|judged|graded|found|finds|says|said|praised|criticised|progress|"
    r"improv\w*|report|verdict|failing|inadequate|outstanding|good|requires improvement)\b"
)
# a headline about staff or money ...
_TITLE_OTHER_TOPIC_RE = re.compile(
    r"\b(?:recruit\w*|seeks? (?:\w+ ){0,2}social workers|social workers? from overseas|"
    r"working as a social worker|jobs?|vacanc\w+|budget\w*|financ\w+|overspend\w*|savings|"
    # ... or its leaders coming and going ("Newham Council appoints new boss of children's
    # services", "Interim children's boss appointed": a new director's record elsewhere is
    # not an inspection of this council)
    r"appoint\w*|names? new|new (?:[\w'’]+ ){0,3}(?:boss|director|chief)|"
    r"(?:boss|director|chief) (?:to leave|steps? down|resigns?|quits|retires?))\b"
)
# ... that names no inspection or outcome ("failing" is no outcome there: the service's standing,
# as in "Failing children's services busts budget")
_TITLE_INSPECTION_RE = re.compile(
    r"\b(?:ofsted|inspect\w*|watchdog|rated|rating|judged|verdict|inadequate|outstanding|good|"
    r"requires improvement|progress|report|"
    # the press's plain words for the middle grade: "children's services 'need improvement'"
    r"needs? improvement|needs? to improve)\b"
)
# a headline about the government's intervention after a grade (the inspection's aftermath,
# relevant: not a staffing story when it appoints someone) ...
_TITLE_INTERVENTION_RE = re.compile(
    r"\b(?:commissioners?|advisers? appointed|improvement notice|direction notice|"
    r"statutory direction|"
    # the department acting on a council ("DfE gives 'inadequate' council 12 months to
    # improve"): the grade is its cause
    r"intervention|intervene\w*|dfe|department for education|"
    # a trust the government appoints to run them ("councillor opposes government trust
    # running children's services")
    r"government trust|trust running|trust to run|trust to take over)\b"
)
_TITLE_INSPECTORATE_RE = re.compile(r"\b(?:ofsted|inspectors?|inspection|watchdog)\b")
# a headline about a service Ofsted inspects on its own, a council's fostering or adoption
# service ("County fostering wins Ofsted's full approval") ...
_TITLE_SETTING_RE = re.compile(r"\b(?:fostering|foster|adoption|adopt)\b")
# a headline about a council's further education and skills service
_TITLE_SKILLS_RE = re.compile(
    r"\b(?:learning and skills|adult (?:and community )?(?:learning|education)|community "
    r"learning|apprenticeships?|further education|skills service|skills training)\b"
)
# ... or a story whose visit is of that service: Ofsted's further education monitoring visits
# judge progress theme by theme ("'reasonable progress' in all six of the areas assessed,
# relating to its apprenticeships"), and it visits a council's "adult and community learning
# service" as it does any provider
_SKILLS_WORDS = (
    r"(?:apprentice\w*|learners|adult (?:and community |community )?(?:learning|education)|"
    r"community learning|further education|fe provider|learning and skills|skills service)"
)
_SKILLS_VISIT_RE = re.compile(
    r"\b(?:reasonable|significant|insufficient|limited) progress\b[^.\n]{0,120}?\b"
    + _SKILLS_WORDS
    + r"|\b"
    + _SKILLS_WORDS
    + r"\b[^.\n]{0,120}?\b(?:reasonable|significant|insufficient|limited) progress\b|"
    r"\b(?:visited|inspected|inspection of|visit (?:to|of))\s+(?:[\w'’ ]{0,40}?)"
    + _SKILLS_WORDS
    + r"(?: service| provision)?\b"
)
# ... that names no children's services ("'Skilled' social work helps council gain
# 'outstanding' adoption rating" is the SIF's adoption judgement)
_TITLE_SERVICES_RE = re.compile(
    r"\b(?:children'?s'? (?:services|social care)|social care|social services|social work)\b"
)
# an inspection under way or just over, its outcome still to come: "A three-week Ofsted
# inspection of children's services in Dorset started on Monday", "Ofsted Inspection of
# Surrey's SEND Services Starts", "The inspection is over, what happens now?", "will receive
# the findings from the recent Joint Targeted Area Inspection"
_UNDER_WAY_RE = re.compile(
    r"\b(?:inspection|inspectors|re-?inspection|visit)\b[^.!?]{0,80}?\b(?:(?:has|have) (?:now )?"
    r"(?:started|begun|commenced|arrived)|(?:started|began) (?:on|this|last|today|yesterday)|"
    r"(?:is|are) (?:currently |now )?(?:under ?way|taking place|on-?site)|(?:are|is) currently "
    r"(?:in|at|inspecting|visiting|carrying))\b"
    r"|\binspection (?:of [^.!?]{0,60})?(?:has )?(?:started|starts|begins|began|is over|has ended|"
    r"has finished)\b"
    r"|\b(?:will|would) (?:not )?(?:receive|get|know|hear|publish|see) (?:the )?(?:final )?"
    r"(?:findings|outcome|result|results|report|verdict)\b"
)
# inspectors back now (present perfect: a visit under way or just done, not a recalled one)
_RETURNED_RE = re.compile(r"\b(?:inspectors|ofsted) (?:have|has) (?:now )?returned\b")
# a sentence telling of an inspection or visit done: "the latest monitoring visit", "Ofsted
# undertook their first monitoring visit", "the visit found"
_DONE_RE = re.compile(
    r"\b(?:latest|found|finds|(?<!are )(?<!\bis )carried out|undertook|completed|concluded|"
    r"visited|noted|praised|highlighted|identified)\b"
)  # (not what "are carried out" by whom: a description of the kind, no event)


@dataclass
class _Signals:
    """What one pass over the vocabulary's hits found: the inspectorates and joint inspections
    named, the negative topics weighed, and where the first word of an inspection to come is."""

    found: list[str]
    future_at: int
    inspectorate: bool = False
    partner_only: bool = False
    # "area SEND inspection", "local area re-inspection", "joint targeted area inspection":
    # the joint inspections Ofsted takes part in, named
    named_send: bool = False
    joint_jtai: bool = False
    la: float = 0.0
    negatives: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    send_segs: set[int] = field(default_factory=set)
    future_events: defaultdict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    framework_segs: set[int] = field(default_factory=set)
    justice: set[str] = field(default_factory=set)


def assess_relevance(
    doc: Doc,
    terms: Terms,
    councils: CouncilResult,
    type_scores: dict[str, float],
    itype: str | None,
    grade_segs: set[int],
    current_grade_segs: set[int],
    named: dict[str, float] | None = None,
    aside_segs: frozenset[int] | set[int] = frozenset(),
    subject_segs: frozenset[int] | set[int] = frozenset(),
    aftermath: bool = False,
) -> Relevance:
    """``named``: per type, the vocabulary weight of its strongest phrase
    (`inspection.score_types`): a framework stands for Ofsted only when a phrase names it, not when
    hints ("leadership, management and governance", also a police report's heading) add up.
    ``aside_segs``: sentences whose only grades are asides or recalled ("X, which was rated
    good in 2022, ..."): their rating words report no inspection. ``subject_segs``: sentences
    naming a chosen council: a current grade there reports an inspection ("Lewisham was judged
    outstanding, Barnet good"), as does one beside the inspectors ("inspectors found them
    good"). ``aftermath``: the headline or lead tells of the government's intervention after
    an inadequate grade the story recalls, which SPEC counts as that inspection's aftermath.

    Five steps: `_scan` the hits once; `_ofsted_named` (is an inspectorate Ofsted or a joint
    inspection it takes part in?); `_reports_event` (does a sentence report an inspection
    now?); `_settle_negatives` (the topics a type's own remit covers no longer count against
    it); the score, then `_vetoed` (headlines and pages whose subject is something else)."""
    signals = _scan(doc, terms, itype, grade_segs)
    inspectorate = _ofsted_named(
        doc, terms, signals, type_scores, named, itype, grade_segs, current_grade_segs, aside_segs
    )
    current_event = aftermath or _reports_event(
        doc,
        terms,
        signals,
        inspectorate,
        grade_segs,
        current_grade_segs,
        aside_segs,
        subject_segs,
    )
    _settle_negatives(doc, signals, councils, itype, type_scores, current_grade_segs)
    negatives = signals.negatives
    negative = sum(min(v, 12.0) for v in negatives.values())
    positive = 2.0 * inspectorate + 2.0 * current_event + min(signals.la, 8.0) * 0.5
    positive += min(max(type_scores.values(), default=0.0), 4.0)
    top_council = max((councils.scores[a] for a in councils.chosen), default=0.0)
    positive += min(top_council, 8.0) * 0.5
    score = positive - negative
    relevant = bool(councils.chosen) and inspectorate and current_event and score >= 5.0
    found = signals.found
    if relevant:
        vetoed, why = _vetoed(doc, terms, signals, councils, current_grade_segs)
        relevant = not vetoed
        if why is not None:
            found.append(why)
    found += [f"-{k}:{v:g}" for k, v in negatives.items()]
    return Relevance(relevant, score, list(dict.fromkeys(found)))


def _scan(doc: Doc, terms: Terms, itype: str | None, grade_segs: set[int]) -> _Signals:
    """One pass over the hits: the inspectorates, the joint inspections and the frameworks
    named (not those still to come or prepared for), the council's terms, and the negative
    topics with their weights."""
    signals = _Signals(found=[], future_at=len(doc.lower))  # future_at: no inspection to come
    negatives = signals.negatives
    # minutes and agendas: the items that speak of an inspection (an inspectorate, a type, a
    # grade); another item's topic ("CYP/46/23 Regional adoption agency") is not this story's
    inspection_items: set[int] = set()
    if doc.items:
        inspection_items = {
            doc.item_of(hit[0]) for hit in terms.hits if hit[3] in ("insp", "type")
        } | {doc.item_of(doc.segs[seg][0]) for seg in grade_segs}
    prepared = False
    partner_lists = (
        [m.span() for m in _PARTNER_LIST_RE.finditer(doc.lower)] if "partner" in doc.lower else []
    )
    title = doc.lower[: doc.title_end]
    if (_TITLE_TO_COME_RE.search(title) and not _TITLE_OUTCOME_RE.search(title)) or (
        _TITLE_NEXT_RE.search(title)
    ):
        # a headline announcing an inspection still to come, with no outcome in it ("X to face
        # full Ofsted inspection next year", "Ofsted and CQC to inspect ... next week", "Is X
        # ready for re-inspection?"): the story is the wait, whatever old grade it recalls
        negatives["future"] += 4.0
        # unless the lead tells of one done before it looks ahead ("Ofsted found serious
        # weaknesses during a focused visit in October")
        signals.future_at = doc.title_end + LEAD_CHARS
    for start, end, phrase, kind, payload in terms.hits:
        in_title = start < doc.title_end
        if kind == "type" and not prepared and prepared_for(doc, end):
            # "as part of the SEND area inspection preparation": a page getting ready for the
            # inspection it names, whatever else it says of the last one
            prepared = True
            negatives["future"] += 4.0
            signals.future_at = min(signals.future_at, start)
        if kind == "insp":
            # the CQC inspects councils' children's services only jointly with Ofsted
            ofsted_like = payload != "partner"
            signals.inspectorate = signals.inspectorate or ofsted_like
            signals.partner_only = signals.partner_only or not ofsted_like
            signals.found.append(phrase)
        elif kind == "type" and phrase in V.OFSTED_FRAMEWORK_NAMES:
            # "ILACS inspection outcome": Ofsted's framework named stands for Ofsted
            if not (to_come(doc, start) or prepared_for(doc, end)):
                signals.inspectorate = True
                signals.framework_segs.add(doc.seg_of(start))
        elif kind == "type" and (phrase in V.SEND_INSPECTION_NAMES or phrase in V.JTAI_NAMES):
            signals.named_send = signals.named_send or not (
                to_come(doc, start) or prepared_for(doc, end)
            )
        elif kind == "type" and payload[0] == "joint" and itype == "area_send":
            # a "joint inspection" of a local area's SEND services is Ofsted's and the CQC's
            # (probation and police inspectorates also inspect jointly, without Ofsted); one
            # recalled ("a damning joint inspection ... two years ago") is background
            signals.named_send = signals.named_send or said_now(doc, start, end)
        elif kind == "type" and payload[0] == "joint" and itype == "jtai":
            # a bare "joint inspection" of a council's work with the police and health: a JTAI,
            # which Ofsted leads (checked in `_ofsted_named` against the other inspectorates'
            # own work)
            signals.joint_jtai = signals.joint_jtai or not (
                to_come(doc, start) or prepared_for(doc, end)
            )
        elif kind == "send" and phrase in V.SEND_OUTCOME_NAMES and not to_come(doc, start):
            # the 2023 area SEND framework's own outcome wording ("widespread and/or systemic
            # failings") stands for Ofsted and the CQC, as the inspection's name does
            signals.named_send = True
            signals.send_segs.add(doc.seg_of(start))
        elif (
            kind == "event" and phrase in _CHECKED_EVENTS and no_event_here(doc, start, end, phrase)
        ):
            # "hopes to be rated good at its next inspection", "at risk of a poor Ofsted
            # rating when inspectors next visit": an inspection still to come or feared
            signals.future_events[doc.seg_of(start)].add(phrase)
        elif kind == "la":
            signals.la += 1.0
        elif kind == "neg":
            if doc.items and doc.item_of(start) not in inspection_items | {-1}:
                continue
            category, weight = payload
            if category in _PARTNER_TOPICS and any(a <= start < b for a, b in partner_lists):
                continue  # "the council and its partners, including schools, health and police"
            if category == "justice":
                signals.justice.add(phrase)
            negatives[category] += weight * (3.0 if in_title else 1.0)
            if category == "future":
                signals.future_at = min(signals.future_at, start)
    return signals


def _ofsted_named(
    doc: Doc,
    terms: Terms,
    signals: _Signals,
    type_scores: dict[str, float],
    named: dict[str, float] | None,
    itype: str | None,
    grade_segs: set[int],
    current_grade_segs: set[int],
    aside_segs: frozenset[int] | set[int],
) -> bool:
    """Does the story name Ofsted, or stand for it: a joint inspection it takes part in, its
    framework's words, or inspectors grading a council's children's services?"""
    negatives = signals.negatives
    partner_only = signals.partner_only
    if (
        signals.joint_jtai
        and not partner_only
        and "devolved" not in negatives
        and signals.justice <= _AGENCIES_INSPECTED
        and not JUSTICE_INSPECTORATE_RE.search(doc.lower)
    ):
        # no inspectorate but Ofsted joins councils, police and health in one inspection of
        # children's services in England; the police and probation inspectorates' own joint
        # inspections are of youth justice, and Scotland's are the Care Inspectorate's
        signals.named_send = True
    inspectorate = signals.inspectorate
    if not inspectorate:
        # Ofsted's own framework words stand for Ofsted; SEND words alone do not (peer reviews
        # and council reports use them), but SEND words with the CQC do
        strength = type_scores if named is None else named
        framework = {k for k, v in strength.items() if v >= 2.0 and k != "visit"}
        # (with the CQC alone named, a framework read from its words is the CQC's own:
        # adult social care's annual assessments used the children's ratings' scale words)
        inspectorate = (
            (bool(framework - V.JOINT_TYPES) and not partner_only)
            or (partner_only and itype in V.JOINT_TYPES)
            or signals.named_send
        )
    if not inspectorate and not partner_only and "devolved" not in negatives:
        # "Inspectors have moved X's children's services from inadequate to requires
        # improvement"; or the grade beside the council's services ("help and protection
        # good, giving the council an overall rating of good") and the inspectors in the lead
        # ("X's services for children are improving, inspectors say"): only Ofsted grades a
        # council's children's services
        lead_end = doc.title_end + LEAD_CHARS
        lead_inspectors = any(
            kind == "event"
            and phrase in _INSPECTORS
            and start < lead_end
            and not to_come(doc, start)
            for start, _e, phrase, kind, _p in terms.hits
        )
        # (a sentence of this inspection's grades counts, its areas' too: "children's services
        # requires improvement in four main categories, but rated its adoption performance as
        # outstanding")
        # ... or the inspectors who give the grade in a story whose lead names the council's
        # children's services ("Children's services in Redbridge are led by 'exemplary'
        # management, inspectors have found. ... inspectors who gave the department its
        # highest rating")
        lead_la = any(kind == "la" and start < lead_end for start, _e, _ph, kind, _p in terms.hits)
        for seg in sorted(current_grade_segs | (grade_segs - aside_segs)):
            phrases = {p for p, k, _ in terms.by_seg.get(seg, []) if k in ("event", "la")}
            kinds = {k for _, k, _ in terms.by_seg.get(seg, [])}
            if ("la" in kinds and (phrases & _INSPECTORS or lead_inspectors)) or (
                lead_la and lead_inspectors and phrases & _INSPECTORS
            ):
                inspectorate = True
                break
    return inspectorate


def _typed_now(doc: Doc, terms: Terms, seg: int) -> bool:
    """The sentence names this story's inspection type, though it looks back after it ("in
    the fourth monitoring visit since the council was judged inadequate"); a finding the
    type is only hinted by ("significant areas of weakness") is the looked-back one's."""
    return any(
        kind == "type" and payload[1] >= V.FRAMEWORK_NAMED and said_now(doc, start, end)
        for start, end, _p, kind, payload in terms.hits
        if doc.segs[seg][0] <= start < doc.segs[seg][1]
    )


def _reports_event(
    doc: Doc,
    terms: Terms,
    signals: _Signals,
    inspectorate: bool,
    grade_segs: set[int],
    current_grade_segs: set[int],
    aside_segs: frozenset[int] | set[int],
    subject_segs: frozenset[int] | set[int],
) -> bool:
    """Does a sentence report an inspection or visit now (an event word or a current grade
    beside an inspectorate, a type or the council's services), not only look back or ahead?"""
    future_events = signals.future_events
    # sentences that name an inspection type, not one still to come or called off ("Ofsted
    # should have carried out another monitoring visit, but visits were postponed")
    typed_segs = {
        doc.seg_of(start)
        for start, _e, _p, kind, payload in terms.hits
        if kind == "type" and payload[1] >= 1.5 and not to_come(doc, start)
    }
    # a sentence with a current grade may hold no vocabulary word ("Surrey | Good")
    for seg in [*terms.by_seg, *(s for s in current_grade_segs if s not in terms.by_seg)]:
        seg_terms = terms.by_seg.get(seg, [])
        kinds = {k for _, k, _ in seg_terms}
        events = {p for p, k, _ in seg_terms if k == "event"}
        now_events = events - future_events[seg] if seg in future_events else events
        if "la" not in kinds and any(
            k == "neg" and p[0] == "setting" and p[1] > 0 for _, k, p in seg_terms
        ):
            # "Our fostering service was rated outstanding by Ofsted": a grade of a setting
            # Ofsted registers on its own (a fostering or adoption agency, a children's home),
            # in a sentence that names no council children's service, is not the council's
            continue
        # "Luton, which was rated good in 2022, is to leave", "She joined after the service
        # was rated inadequate": a rating word whose grades are all asides or recalled reports
        # no inspection, nor does an inspection still to come
        recalled = (
            seg in aside_segs and seg not in current_grade_segs and now_events <= _RATING_EVENTS
        )
        if (events and not now_events) or recalled:
            kinds = kinds - {"event"}
        typed = seg in signals.send_segs or seg in typed_segs
        has_event = "event" in kinds or typed or (seg in grade_segs and not recalled)
        has_subject = "insp" in kinds or typed or "la" in kinds or seg in signals.framework_segs
        # "Following the visit in May 2021 inspectors said ...": in a story that names Ofsted,
        # its inspectors reporting are the inspection's subject
        has_subject = has_subject or (
            inspectorate and _INSPECTORS_REPORTED_RE.search(doc.seg_text(seg).lower()) is not None
        )
        # "Overall effectiveness: Outstanding" on a page naming Ofsted's framework (its own
        # report pages, a paper's summary box): a field of the page's one inspection
        field_ = (
            bool(signals.framework_segs) and _GRADE_FIELD_RE.match(doc.seg_text(seg)) is not None
        )
        if seg in current_grade_segs and (
            has_subject or seg in subject_segs or events & _INSPECTING_EVENTS or field_
        ):
            return True
        if (
            has_event
            and has_subject
            and (not past_segment(doc, seg) or _typed_now(doc, terms, seg))
        ):
            return True
    if doc.items:
        # minutes and agendas: an item headed by the inspection ("Item 7: Ofsted ILACS
        # outcome") reports it with a current grade anywhere in its body ("The overall
        # judgement was requires improvement")
        for seg in current_grade_segs:
            item = doc.item_of(doc.segs[seg][0])
            if item < 0 or seg in aside_segs:
                continue
            heading = doc.seg_of(doc.items[item])
            if any(k in ("insp", "type") for _, k, _ in terms.by_seg.get(heading, [])):
                return True
    return False


def _settle_negatives(
    doc: Doc,
    signals: _Signals,
    councils: CouncilResult,
    itype: str | None,
    type_scores: dict[str, float],
    current_grade_segs: set[int],
) -> None:
    """The negative topics that a type's own remit, or the story's own subject, covers stop
    counting (or count less): a roundup is national, a JTAI looks at the police, area SEND at
    schools."""
    negatives = signals.negatives
    title = doc.lower[: doc.title_end]
    if councils.roundup:
        negatives.pop("national", None)
    for category, types in _NEUTRALISED_BY.items():
        if itype in types and not (category == "justice" and JUSTICE_LED_RE.search(doc.lower)):
            negatives.pop(category, None)
    if (
        itype in _COUNCIL_INSPECTIONS
        and signals.justice <= _AGENCIES_INSPECTED
        and not JUSTICE_INSPECTORATE_RE.search(doc.lower)
    ):
        # "Ofsted inspectors say lack of communication between police and social workers is
        # leaving Sunderland children at risk" (a monitoring visit's letter): the police as a
        # partner the council's inspection or visit found wanting, not an inspection of them
        negatives["justice"] = min(negatives.get("justice", 0.0), _PARTNER_POLICE_CAP)
    if "adult" in negatives and any(
        _CHILDRENS_SERVICES_RE.search(doc.seg_text(seg).lower()) for seg in current_grade_segs
    ):
        # "Camden Council's Children's Services have been rated 'Outstanding' ... (and the CQC
        # rated its adult social care outstanding)": a story of both departments' grades
        negatives["adult"] = min(negatives["adult"], 2.0)
    if (
        "school" in negatives
        and _CHILDRENS_SERVICES_RE.search(title)
        and _TITLE_INSPECTORATE_RE.search(title)
    ):
        # "Ofsted praise Southwark Council's children's services during pandemic": the
        # headline's subject is the council's children's services, so the schools the story
        # goes on to (the autumn 2020 visits looked at their part in keeping children safe)
        # are in its remit, not another inspection
        negatives["school"] = min(negatives["school"], 2.0)
    if type_scores.get("annual_rating_2009", 0.0) > 0:
        # the 2009-2012 annual assessment of children's services rated schools, childcare and
        # children's homes with the rest ("boasting major strengths in schools, children's
        # homes and adoption"): their words are its remit, not another inspection's
        negatives["school"] = min(negatives.get("school", 0.0), 2.0)
        negatives["setting"] = min(negatives.get("setting", 0.0), 1.0)


def _vetoed(
    doc: Doc,
    terms: Terms,
    signals: _Signals,
    councils: CouncilResult,
    current_grade_segs: set[int],
) -> tuple[bool, str | None]:
    """Is a story that scored as relevant about something else after all: an inspection still
    to come or awaited, staff or money, a fostering agency, a council's adult learning, or a
    time before Ofsted inspected councils? Returns the veto and the term it records, if any."""
    negatives = signals.negatives
    title = doc.lower[: doc.title_end]
    if (
        negatives.get("future", 0.0) >= 4.0
        and not councils.roundup
        and not _reported_first(doc, terms, signals.future_at)
    ):
        return True, None  # "has not yet been notified of its inspection"
    if (
        negatives.get("future", 0.0) >= 2.0
        and not current_grade_segs
        and not councils.roundup
        and _FINDING_RE.search(doc.lower) is None
    ):
        # an inspection done or to come with its outcome still awaited ("The results of
        # Ofsted's findings are expected to be published in the new year") and no finding
        # told: nothing of it is reported yet
        return True, None
    if (
        not current_grade_segs
        and not councils.roundup
        and _UNDER_WAY_RE.search(doc.lower, 0, doc.title_end + LEAD_CHARS) is not None
    ):
        # the headline or lead tells of an inspection under way, just over or with its
        # findings still to come, and no grade is given: the story is the wait (SPEC: a
        # notice of an inspection is not relevant), whatever old finding it recalls
        return True, "-under way"
    if (
        _TITLE_OTHER_TOPIC_RE.search(title)
        and not _TITLE_INSPECTION_RE.search(title)
        and not _TITLE_INTERVENTION_RE.search(title)
        and not _reported_first(doc, terms, doc.title_end + LEAD_CHARS)
    ):
        # a headline about staff or money that names no inspection or outcome ("Council seeks
        # social workers", "Budget monitoring 2023/24"): the grade it recalls is background.
        # Not the government's appointments ("Commissioner appointed in children's services",
        # "Somerset county council: advisers appointed"): an intervention after a grade is
        # that inspection's aftermath, which SPEC counts as relevant
        return True, "-headline:staff or money"
    if (
        _TITLE_SETTING_RE.search(title)
        and not _TITLE_SERVICES_RE.search(title)
        and not councils.roundup
    ):
        # the headline's subject is the agency, whatever the story says of the council: an
        # inspection of the fostering or adoption service is not one of children's services
        return True, "-headline:setting"
    if _TITLE_SKILLS_RE.search(title) and not _TITLE_SERVICES_RE.search(title):
        # the headline's subject is a council's adult learning, apprenticeships or skills
        # service, which Ofsted inspects and monitors under its further education remit ("Ofsted
        # report 'significant progress' in learning and skills service in Sunderland"): its
        # monitoring visits after an inadequate grade are not children's services'
        return True, "-headline:skills"
    if _SKILLS_VISIT_RE.search(doc.lower) is not None and not any(
        kind == "type" and p[1] >= V.FRAMEWORK_NAMED and p[0] != "monitoring_visit"
        for *_x, kind, p in terms.hits
    ):
        # the visit the story reports is of the council's further education provision (its
        # apprenticeships, its adult learning service), and no children's framework is named
        # (a "monitoring visit" is both remits')
        return True, "-further education"
    if doc.ref_until is not None and doc.ref_until < FIRST_INSPECTIONS:
        # the Social Services Inspectorate's, the CSCI's: not Ofsted's
        return True, "-before-2005"
    return False, None
