"""Visits and the grades they leave standing.

Focused and monitoring visits give no grade, yet their stories name one: the grade the council
holds, the inadequate its monitoring visits follow, the last inspection's, dated months before.
This module decides, for `pipeline.classify`, whether the grade a story gives is this
inspection's news or the one a visit follows:

- `fresh_grade`: the title or lead gives the grade as news ("X rated good after ...");
- `progress_after_inadequate`: an inadequate council's progress found on a visit (a monitoring
  visit, not a re-inspection);
- `visit_keeps_grade`: a visit that leaves a good or requires improvement grade standing;
- `grades_months_before`: grades a visit's story dates months before it, or places at the last
  inspection;
- `standing_grade`, `standing_inadequate`: a grade held, not given ("one of only 13 councils
  currently rated inadequate");
- `one_visit`, `visits_as_series`: one visit named, or a series.

Gets wrong: a story whose lead is eaten by page noise (captions) loses the lead's cues; a
SIF-era monitoring visit told with the SIF grade at length reads as that inspection.
"""

from __future__ import annotations

import re

from monitor import vocabulary as V
from monitor.analyze.judgement import INSPECTORS_RE, PAST_BEFORE_RE, Grade, month_said
from monitor.analyze.result import GRADES
from monitor.analyze.terms import Terms
from monitor.analyze.text import LEAD_CHARS, Doc

# the government's intervention after a grade, told in a headline or a lead: its commissioner
# (not the Children's Commissioner for England, nor a police and crime commissioner), an
# improvement notice or direction, a trust to run the services, control kept or lost
INTERVENTION_RE = re.compile(
    r"\b(?:(?<!crime )commissioners?(?! for england)|improvement notice|"
    r"statutory direction|direction notice|government intervention|intervention (?:by|from) "
    r"the (?:government|department|dfe)|(?:retain|retains|keep|keeps|lose|loses|lost|kept|"
    r"stripped of|stay under|stays under|remain under|remains under|taken out of) (?:the )?"
    r"(?:council'?s? )?(?:operational )?control|trust to (?:run|take over)|"
    # "Bradford Council children's services to be run independently ... operated by a trust"
    r"(?:run|operated|managed|taken over) by (?:a |an |the )?(?:new |independent |children's )*"
    r"trust|(?:be|being) run independently|set up (?:a |the )(?:new )?trust)\b"
)


# what calls an unnamed ungraded event a visit: the word, its letter, its length (a focused
# visit is two days on site) or its one theme ("the front door arrangements")
VISIT_WORD_RE = re.compile(r"\b(?:visited|visit|visits|letter|two days|two-day|front door)\b")


VISIT_KINDS = ("monitoring_visit", "focused_visit")


MONITORED_YEARS = 3  # an inadequate council's monitoring visits, to its re-inspection


# a report is out a month or two after its fieldwork: a grade dated more than four months
# before its story is an earlier report's (as `dedup.stories.RECALL_AGE`)
_RECALLED_DAYS = 120


# news of a grade: "have been rated", "has now been judged", "judged X's services to be",
# "now good", "upgraded to"; in a headline also a bare "rated good" (not ", rated good,": an
# aside, nor "is rated good": a standing grade) and "Ofsted rates X (as) good"
FRESH_VERB_RE = re.compile(
    r"\b(?:(?:has|have|had) (?:now )?been (?:rated|judged|graded|awarded|given)"
    # "has been awarded an overall 'Good' judgement"
    r"(?: (?:an?|its|their))?(?: overall)?|now(?: rated)?|"
    # "judged the services to have improved sufficiently to be rated"
    r"judged\b.*\bto be(?: rated| judged| graded)?|"
    r"(?:upgraded|downgraded|moved up|improved|risen|dropped|fallen) to"
    r"(?: (?:an?|the)(?: new)?(?: overall)?)?)\W*$"
)


_FRESH_TITLE_RE = re.compile(
    r"(?<!,)(?<!\bis)(?<!\bare) (?:rated|judged|graded)\W*$"
    r"|\brates\b(?: \S+){1,6}\W*$"  # "Ofsted rates Swindon's children's services (as) inadequate"
)


_SAY = r"(?:says?|said|has said|have said)"


_SAYER = r"(?:ofsted|inspectors|the watchdog)"


_ATTRIBUTED_RE = re.compile(
    rf"['\"’]?,? (?:(?:{_SAY}|according to) {_SAYER}\b"
    # "Haringey requires improvement to be good, Ofsted has said."
    rf"|{_SAYER} {_SAY}\W*$)"
)


STANDING_RE = re.compile(r"\b(?:still|remains?|remained|retains?|retained|kept|already)\b")


# what a monitoring visit's letter reports, in the title or lead: progress (or its lack)
_PROGRESS_RE = re.compile(
    r"\b(?:progress|improving|improvements|improved|long way to go|too slow|slow|"
    r"turn(?:ed|ing|s)? (?:a|the) corner|right direction|right track)\b"
)


# inspectors coming back, not a first inspection: "returned to", "a check on progress"
_RETURN_VISIT_RE = re.compile(
    r"\b(?:inspectors|ofsted) (?:have |has )?(?:returned|return|came back|went back)\b"
    r"|\bcheck(?:s|ed)? on (?:its |their |the council's )?progress\b|\bprogress check\b"
    r"|\bcheck-up\b"
)


def fresh_grade(doc: Doc, grades: list[Grade], judgement: str | None) -> bool:
    """The title or lead gives this inspection's grade as news ("Council rated good after ...",
    "Inspectors have judged X's services to be good", "X now good"): focused and monitoring
    visits give none, so a visit the story also names is an earlier one. A standing grade
    ("still inadequate", "remains good", "an inadequate-rated council") is not news."""
    if judgement not in GRADES:
        return False
    lead_end = doc.title_end + LEAD_CHARS
    for g in grades:
        if g.grade != judgement or g.past or g.background or g.sub or g.start >= lead_end:
            continue
        if g.weight < 1.0 or doc.lower.startswith("-rated", g.end):
            continue
        seg_start = doc.segs[g.seg][0]
        before = " ".join(doc.lower[max(seg_start, g.start - 70) : g.start].split()[-7:])
        fresh_words = (
            FRESH_VERB_RE.search(before)
            or (g.start < doc.title_end and _FRESH_TITLE_RE.search(" " + before))
            # "X requires improvement to be good, says Ofsted": the verdict, attributed
            or _ATTRIBUTED_RE.match(doc.lower, g.end, doc.segs[g.seg][1]) is not None
        )
        if (
            fresh_words
            and not STANDING_RE.search(before)
            and not PAST_BEFORE_RE.search(before)  # "visit since X was judged inadequate"
        ):
            return True
    return False


# the lead's finding is the inspectorate's: "..., Ofsted has found", "inspectors found that"
_FOUND_BY_RE = re.compile(
    r"\b(?:ofsted|inspectors|the watchdog) (?:(?:has|have) )?(?:found|concluded|noted|say|says"
    r"|said)\b"
)


def _back_after_inadequate(doc: Doc, grades: list[Grade], type_named: dict[str, float]) -> bool:
    """Inspectors back to check on the progress of a council whose only grade the story tells
    is an earlier inadequate ("Nine months on from the damning inspection report ...,
    inspectors have been back to check on progress"), or finding it ("Ofsted inspectors have
    recognised a 'substantial improvement'"): a monitoring visit, not the intervention's
    aftermath the rest of the story may tell."""
    if any(v >= V.FRAMEWORK_NAMED for k, v in type_named.items() if k != "monitoring_visit"):
        return False
    overall = [g for g in grades if g.sub is None]
    if not overall or any(not g.past or g.grade != "inadequate" for g in overall):
        return False
    if doc.ref_year and any(g.year and doc.ref_year - g.year > MONITORED_YEARS for g in overall):
        return False  # monitoring visits run to the re-inspection: an old grade is not theirs
    lead = doc.lower[: doc.title_end + LEAD_CHARS]
    return _PROGRESS_RE.search(lead) is not None and (
        _RETURN_VISIT_RE.search(lead) is not None or _INSPECTORS_SAW_RE.search(lead) is not None
    )


# the inspectors' finding or visit told in the lead: "Ofsted inspectors have recognised a
# 'substantial improvement'", "Inspectors visited the local authority ... for the first time
# since"
_INSPECTORS_SAW_RE = re.compile(
    r"\b(?:ofsted|inspectors|the watchdog)(?: [\w']+){0,2}? (?:(?:has|have) )?(?:found|"
    r"concluded|noted|recognised|recognized|praised|visited|returned)\b"
)


def progress_after_inadequate(
    doc: Doc,
    terms: Terms,
    grades: list[Grade],
    judgement: str | None,
    fresh: bool,
    type_named: dict[str, float],
) -> bool:
    """An inadequate council's progress, reported after a visit: the story of a monitoring
    visit, whose letter gives no grade ("Inspectors who visited X, rated inadequate last
    year, found progress", "Ofsted's third visit to X since its services were rated
    inadequate found improvements"). The inadequate grade is the one the visits follow unless
    the title or lead gives it as news, or another type is named ("a full inspection", "a
    focused visit")."""
    if judgement is None and _back_after_inadequate(doc, grades, type_named):
        return True
    if judgement != "inadequate" or fresh:
        return False
    if any(
        v >= V.FRAMEWORK_NAMED
        for k, v in type_named.items()
        if k not in ("visit", "monitoring_visit")
    ):
        return False  # a type named outright ("a full inspection", "a focused visit") decides
    if any(g.overall and not g.past for g in grades):
        return False  # "the overall judgement remains inadequate": a graded re-inspection's
    earlier = [g for g in grades if g.past and g.sub is None and not g.background]
    if earlier and all(g.grade != "inadequate" for g in earlier):
        # monitoring visits follow an inadequate grade: with every earlier grade told another
        # ("since the last inspection in 2019, when Solihull was judged to require
        # improvement"), the inadequate one is this inspection's, whatever progress it denies
        return False
    lead_end = doc.title_end + LEAD_CHARS
    lead = doc.lower[:lead_end]
    if not _PROGRESS_RE.search(lead):
        return False
    if INTERVENTION_RE.search(lead) and not VISIT_WORD_RE.search(lead):
        # "A commissioner has been appointed to oversee improving council children's services
        # that were rated inadequate": the government's step after the grade, not a visit
        return False
    if _RETURN_VISIT_RE.search(lead):
        return True
    found = _FOUND_BY_RE.search(lead)
    # the grade standing ("still failing", "remains inadequate") in the title, the finding's
    # sentence or just before the grade: a re-inspection's verdict, not a visit's progress
    standing = found is not None and (
        STANDING_RE.search(doc.lower[: doc.title_end]) is not None
        or STANDING_RE.search(doc.seg_text(doc.seg_of(found.start())).lower()) is not None
        or any(
            STANDING_RE.search(" ".join(doc.lower[max(0, g.start - 40) : g.start].split()[-4:]))
            for g in grades
            if g.grade == "inadequate" and g.start < lead_end
        )
    )
    if found and not standing:
        # "A council's children's services department rated inadequate has made progress in
        # improving care, Ofsted has found": the progress is the inspectorate's finding
        return True
    # a visit said in the lead, beside the inspectorate or beside the progress it found ("after
    # a visit early this year ... some 'limited' improvements"), not the page's "thanks for
    # visiting"
    return any(
        kind == "type"
        and payload[0] == "visit"
        and (
            start < lead_end
            or INSPECTORS_RE.search(seg := doc.seg_text(doc.seg_of(start)).lower())
            or _PROGRESS_RE.search(seg)
        )
        for start, _end, _phrase, kind, payload in terms.hits
    )


# a visit told as an earlier one ("issues raised in 2021 visit", "on the back of that visit")
# or as a week on site (a short inspection, graded)
_EARLIER_VISIT_RE = re.compile(
    r"\b(?:(?:19|20)\d\d|last year|previous|earlier|that|one-week|one week|two-week|three-week)\b"
)


_FROM_END_RE = re.compile(r"\bfrom\W{0,3}$")


_FOLLOW_UP_RE = re.compile(r"\bfollow-?up (?:inspection|visit)s?\b")


# where a grade was given: "rated good ... following its last full inspection"
_LAST_INSPECTION_RE = re.compile(
    r"\b(?:at|in|following|after|from|during) (?:its|their|the) (?:last|previous|most recent) "
    r"(?:full |standard |graded )?inspection\b"
)


def grades_months_before(
    doc: Doc, grades: list[Grade], type_named: dict[str, float]
) -> list[Grade]:
    """Overall grades of a dated story that names a focused or monitoring visit, whose
    sentence goes on to date them more than ``_RECALLED_DAYS`` before the story ("judged to be
    'good' overall in November 2017") or to place them at the last inspection ("rated 'good'
    overall, and 'outstanding' in terms of leadership, following its last full inspection"):
    a visit comes between graded inspections, and its story recalls the last one's grade."""
    if doc.ref_date is None or doc.year_guessed:
        return []
    if max(type_named.get(k, 0.0) for k in ("focused_visit", "monitoring_visit")) < 2.0:
        return []
    old = []
    for g in grades:
        if g.past or g.sub is not None:
            continue
        rest = doc.lower[g.end : doc.segs[g.seg][1]]
        if _LAST_INSPECTION_RE.search(rest):
            old.append(g)
            continue
        said = month_said(rest)
        if said is not None and (doc.ref_date - said).days > _RECALLED_DAYS:
            old.append(g)
    return old


def visit_keeps_grade(
    doc: Doc,
    terms: Terms,
    grades: list[Grade],
    judgement: str | None,
    fresh: bool,
    type_named: dict[str, float],
) -> bool:
    """A visit that leaves a council's grade standing: "Inspectors ... found areas for
    improvement during a special visit ... The Children's Services remain with a Good rating",
    "The Ofsted visit focused on just one area ... we remain Good". Focused visits give no
    grade (the counterpart of `progress_after_inadequate` for a council not judged
    inadequate), so the grade kept is the last inspection's. Only when every sentence giving
    the grade keeps it, looks back or starts a change from it, no other type is named, and the
    visit is told in the lead or beside the inspectors, or the lead names a follow-up
    inspection."""
    if judgement not in ("good", "outstanding", "requires_improvement") or fresh:
        return False
    if any(v >= V.FRAMEWORK_NAMED for k, v in type_named.items() if k != "visit"):
        return False
    if any(g.past and g.sub is None and g.grade != judgement for g in grades):
        return False  # "still requires improvement", out of inadequate: a grade that moved
    own = [g for g in grades if g.grade == judgement and g.sub is None]
    for g in own:
        if g.past:
            continue
        before = doc.lower[max(doc.segs[g.seg][0], g.start - 60) : g.start]
        # (kept, or the grade a change or a goal starts from: "to move ... from 'requires
        # improvement' to 'good'")
        if not STANDING_RE.search(before) and not _FROM_END_RE.search(before):
            return False
    lead_end = doc.title_end + LEAD_CHARS
    for start, end, _phrase, kind, payload in terms.hits:
        if kind != "type" or payload[0] != "visit":
            continue
        seg_start, seg_end = doc.segs[doc.seg_of(start)]
        if _EARLIER_VISIT_RE.search(doc.lower, max(seg_start, start - 30), min(seg_end, end + 20)):
            continue  # "issues raised in 2021 visit", "a one-week visit": not this visit
        seg = doc.seg_text(doc.seg_of(start)).lower()
        if start < lead_end or INSPECTORS_RE.search(seg):
            return bool(own)
    # "Ofsted inspectors have said in their latest follow-up inspection report": inspectors
    # back after a graded inspection, the visit that follows it
    follow_up = _FOLLOW_UP_RE.search(doc.lower, 0, lead_end)
    return bool(own) and follow_up is not None


def standing_grade(grades: list[Grade]) -> bool:
    """Every overall grade given as current is read as an earlier one at the same place too
    ("the rating was kept at its 2019 level"): a grade left standing, not a new one."""
    current = [g for g in grades if not g.past and g.sub is None]
    return bool(current) and all(
        any(p.past and p.sub is None and p.start == g.start for p in grades) for g in current
    )


# "one of only 13 councils currently rated inadequate": a grade held, described, not given
_HELD_NOW_RE = re.compile(
    r"\b(?:currently|one of (?:only )?(?:\d+|\w+) (?:local authorities|councils|authorities))\b"
)


def standing_inadequate(doc: Doc, judgement: str | None, grades: list[Grade]) -> bool:
    """The story's grade is an inadequate said as held now ("one of only 13 councils currently
    rated inadequate"), not as news: monitoring visits, even named as a series, are what the
    story reports on."""
    return judgement == "inadequate" and any(
        not g.past
        and g.grade == "inadequate"
        and _HELD_NOW_RE.search(doc.seg_text(g.seg).lower()) is not None
        for g in grades
    )


def one_visit(doc: Doc, where: dict[str, tuple[float, int, int]], *kinds: str) -> bool:
    """The story names one visit of these kinds ("its latest monitoring inspection"), not a
    series ("Ofsted has performed monitoring visits each year since")."""
    for kind in kinds:
        found = where.get(kind)
        if found is None:
            continue
        if not doc.lower[found[1] : found[2]].endswith("s"):
            return True
        # "after the first two-day 'focused' visits under the new framework": this one is
        # among the first of their kind, not one of a series at this council
        if _FIRST_OF_KIND_RE.search(doc.lower, max(0, found[1] - 30), found[1]):
            return True
    return False


_FIRST_OF_KIND_RE = re.compile(r"\b(?:the|its|their) (?:very )?first\b[^.;:]{0,20}$")


def visits_as_series(doc: Doc, where: dict[str, tuple[float, int, int]]) -> bool:
    """Focused or monitoring visits are named, each kind only in the plural: a series."""
    return any(k in where for k in VISIT_KINDS) and not one_visit(doc, where, *VISIT_KINDS)
