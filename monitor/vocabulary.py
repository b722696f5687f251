"""The analyser's vocabulary: every phrase `monitor.analyze` looks for, in one place.

Phrases are lower case and matched on word boundaries (Aho-Corasick over the lower-cased text),
after curly quotes have been folded to straight ones. To teach the analyser a new wording, add it
to the right table here; the logic in ``monitor/analyze/`` should not need to change.

Weights are rough "how sure does this phrase make us" numbers; only their order matters much.
"""

from __future__ import annotations

# --- Inspection types -----------------------------------------------------------------------
# phrase -> (inspection_type, weight). A phrase naming an older framework in passing ("the last
# full inspection under the SIF") is discounted later when its sentence looks backwards.
TYPE_PHRASES: dict[str, tuple[str, float]] = {
    # ILACS, full (standard) and short
    "ilacs": ("ilacs_full", 0.6),
    "ilasc": ("ilacs_full", 0.6),
    "inspection of local authority children's services": ("ilacs_full", 0.6),
    "inspections of local authority children's services": ("ilacs_full", 0.6),
    "inspecting local authority children's services": ("ilacs_full", 0.6),
    "standard inspection": ("ilacs_full", 2.0),
    "standard ilacs": ("ilacs_full", 2.0),
    "ilacs standard": ("ilacs_full", 2.0),
    # "full inspection" names no framework: the era decides (SIF 2013-2018, ILACS after)
    "full inspection": ("full", 1.0),
    "full ofsted inspection": ("full", 1.0),
    # a length (`INSPECTION_LENGTHS`): the era decides
    "three-week inspection": ("ilacs_full", 2.0),
    "three week inspection": ("ilacs_full", 2.0),
    "inspected over three weeks": ("ilacs_full", 2.0),
    # fieldwork length: a standard ILACS inspection is two weeks on site, a short one one week
    "spent two weeks": ("ilacs_full", 2.0),
    "over two weeks": ("ilacs_full", 1.0),
    "spent a week": ("ilacs_short", 2.0),
    "spent one week": ("ilacs_short", 2.0),
    # "inspected by Ofsted over a period of a week in November"
    "period of a week": ("ilacs_short", 2.0),
    "period of one week": ("ilacs_short", 2.0),
    "over the course of a week": ("ilacs_short", 2.0),
    "spent five days": ("ilacs_short", 2.0),
    "spent four days": ("ilacs_short", 2.0),
    "four-day inspection": ("ilacs_short", 1.5),
    # the press's names for the short inspection: the framework's "lighter-touch" week for
    # councils judged good or outstanding
    "light-touch inspection": ("ilacs_short", 2.0),
    "light touch inspection": ("ilacs_short", 2.0),
    "lighter-touch inspection": ("ilacs_short", 2.0),
    "lighter touch inspection": ("ilacs_short", 2.0),
    "four day inspection": ("ilacs_short", 1.5),
    "impact of leaders": ("ilacs_full", 1.0),
    "impact of leadership": ("ilacs_full", 1.0),
    "experiences and progress of children": ("ilacs_full", 0.8),
    "short inspection": ("ilacs_short", 2.5),
    "short ilacs": ("ilacs_short", 2.5),
    "ilacs short": ("ilacs_short", 2.5),
    "shorter inspection": ("ilacs_short", 2.0),
    "short inspections": ("ilacs_short", 2.0),
    # the word the press puts in quotes: "one of Ofsted's new 'short' inspections"
    "'short' inspection": ("ilacs_short", 2.5),
    "'short' inspections": ("ilacs_short", 2.0),
    '"short" inspection': ("ilacs_short", 2.5),
    '"short" inspections': ("ilacs_short", 2.0),
    "one-week inspection": ("ilacs_short", 2.5),
    "one week inspection": ("ilacs_short", 2.5),
    "week-long inspection": ("ilacs_short", 2.0),
    "five-day inspection": ("ilacs_short", 1.5),
    "five day inspection": ("ilacs_short", 1.5),
    # visits between inspections
    "focused visit": ("focused_visit", 2.0),
    "focused visits": ("focused_visit", 2.0),
    "focussed visit": ("focused_visit", 2.0),
    "focussed visits": ("focused_visit", 2.0),
    "focus visit": ("focused_visit", 2.0),
    "focus visits": ("focused_visit", 2.0),
    # the word the press puts in quotes: during a "focused" visit
    '"focused" visit': ("focused_visit", 2.0),
    '"focused" visits': ("focused_visit", 2.0),
    "'focused' visit": ("focused_visit", 2.0),
    "'focused' visits": ("focused_visit", 2.0),
    # and its plainer one: 'after a "focused" check on provision by Ofsted'
    "focused check": ("focused_visit", 2.0),
    '"focused" check': ("focused_visit", 2.0),
    "'focused' check": ("focused_visit", 2.0),
    # the press's other name for it: "Ofsted carried out a focused inspection of X"
    "focused inspection": ("focused_visit", 2.0),
    "focussed inspection": ("focused_visit", 2.0),
    "monitoring visit": ("monitoring_visit", 2.0),
    "monitoring visits": ("monitoring_visit", 2.0),
    '"monitoring" visit': ("monitoring_visit", 2.0),
    '"monitoring" visits': ("monitoring_visit", 2.0),
    "'monitoring' visit": ("monitoring_visit", 2.0),
    "'monitoring' visits": ("monitoring_visit", 2.0),
    # the press's and councils' other names for it: "its latest monitoring inspection", "the
    # findings of the Ofsted monitoring letter"
    "monitoring inspection": ("monitoring_visit", 2.0),
    "monitoring inspections": ("monitoring_visit", 2.0),
    "monitoring letter": ("monitoring_visit", 2.0),
    # "the third monitoring report into X's children's services since they were put into
    # special measures": one of a series (a bare "monitoring report" is often a budget's)
    **{
        f"{nth} monitoring report": ("monitoring_visit", 2.0)
        for nth in ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "latest")
    },
    # a visit after an inspection: monitoring or focused, decided by the previous grade
    "follow-up visit": ("visit", 2.0),
    "follow up visit": ("visit", 2.0),
    "follow-up visits": ("visit", 2.0),
    "follow up visits": ("visit", 2.0),
    # the press's other name for one: "following the second review visit from Ofsted"
    "review visit": ("visit", 2.0),
    "review visits": ("visit", 2.0),
    # a bare "visit" in a story: monitoring or focused, decided by the previous grade
    "visit": ("visit", 0.8),
    "visits": ("visit", 0.8),
    "visiting": ("visit", 0.8),
    # the visit described, not named: "Ofsted inspectors visited the council in April. They
    # focused on the arrangements for ...": a visit too, its kind decided the same way
    "visit focused on": ("visit", 1.0),
    "they focused on": ("visit", 1.0),
    # the focused visit letter's own words for its theme: "Inspectors looked at the local
    # authority's arrangements for children in need" (an inspection's letter names its areas)
    **{
        f"{verb} the {who}'s arrangements for": ("focused_visit", 1.5)
        for verb in ("looked at", "evaluated", "considered", "examined", "reviewed")
        for who in ("local authority", "council", "authority")
    },
    # joint targeted area inspections
    "joint targeted area inspection": ("jtai", 2.5),
    "joint targeted area inspections": ("jtai", 2.5),
    "jtai": ("jtai", 2.5),
    "jtais": ("jtai", 2.5),
    "joint area child protection inspection": ("jtai", 2.5),
    # Ofsted, the CQC and the police (and probation) inspectorates together; an area SEND
    # inspection is two
    "three inspectorates": ("jtai", 2.0),
    "four inspectorates": ("jtai", 2.0),
    "jicpa": ("jtai", 2.5),
    # a joint inspection's letter goes to the local safeguarding children partnership (police,
    # health and council together): the partnership named beside an inspection hints at one
    "local safeguarding children partnership": ("jtai", 1.0),
    "safeguarding children partnership": ("jtai", 1.0),
    # a bare "joint inspection" names no kind: the JTAI's, unless the text is about SEND (the
    # area SEND inspection is joint too) or an older joint regime (`inspection.score_types`)
    "joint inspection": ("joint", 2.0),
    "joint inspections": ("joint", 2.0),
    # area SEND (Ofsted + CQC)
    "area send": ("area_send", 2.5),
    "local area send": ("area_send", 2.5),
    "send inspection": ("area_send", 2.0),
    "send inspections": ("area_send", 2.0),
    # the acronym in brackets after the full name: "Special Educational Needs and Disability
    # (SEND) inspection report"
    "(send) inspection": ("area_send", 2.0),
    "(send) inspections": ("area_send", 2.0),
    "send area inspection": ("area_send", 2.5),
    "send area inspections": ("area_send", 2.5),
    "send re-inspection": ("area_send", 2.5),
    "local area re-inspection": ("area_send", 2.5),
    "send revisit": ("area_send", 2.5),
    "send re-visit": ("area_send", 2.5),
    "local area revisit": ("area_send", 2.5),
    "local area re-visit": ("area_send", 2.5),
    "systemic failings": ("area_send", 0.5),
    "local area inspection": ("area_send", 1.5),
    "written statement of action": ("area_send", 2.0),
    "significant weaknesses": ("area_send", 1.5),
    # the 2016-2022 framework's own finding: "significant areas of weakness in the local area's
    # practice" (a written statement of action follows)
    "significant areas of weakness": ("area_send", 1.5),
    "areas of significant weakness": ("area_send", 1.5),  # as the press turns it round
    "education, health and care plans": ("area_send", 1.0),
    "education, health and care plan": ("area_send", 1.0),
    "ehcp": ("area_send", 0.5),
    "ehcps": ("area_send", 0.5),
    "wsoa": ("area_send", 2.0),
    "local area partnership": ("area_send", 1.0),
    "accelerated action plan": ("area_send", 1.0),
    "priority action plan": ("area_send", 1.0),
    "send provision": ("area_send", 0.5),
    "send services": ("area_send", 0.5),
    "special educational needs": ("area_send", 0.4),
    "special education needs": ("area_send", 0.4),
    "integrated care board": ("area_send", 0.4),
    # single inspection framework, 2013-2018
    "single inspection framework": ("sif", 2.0),
    "inspection of services for children in need of help and protection": ("sif", 3.0),
    "re-inspection of services for children in need of help and protection": ("sif", 3.0),
    # the SIF's title, however the inspection is called ("an assessment of services for ..."):
    # ILACS says "children in care and care leavers" (and a council's own pages of any year
    # "looked after children and care leavers")
    **{
        f"children in need of help and protection, {cla} and care leavers": ("sif", 3.0)
        for cla in (
            "children looked after",
            "children looked after,",
            "children who are looked after,",
            "children who are looked after",
        )
    },
    "children looked after and achieving permanence": ("sif", 2.0),
    "leadership, management and governance": ("sif", 1.5),
    "management, leadership and governance": ("sif", 1.5),
    "adoption performance": ("sif", 1.0),
    "local safeguarding children board": ("sif", 0.5),
    # the SIF inspected the council and reviewed its safeguarding board together: "Ofsted
    # inspection and review of LSCB"
    "review of the local safeguarding children board": ("sif", 1.5),
    "review of lscb": ("sif", 1.5),
    "review of the lscb": ("sif", 1.5),
    # the SIF's descriptor of "requires improvement", quoted ("The welfare of children looked
    # after is safeguarded and promoted"); ILACS's says "children in care"
    "welfare of children looked after is safeguarded": ("sif", 2.0),
    "four-week inspection": ("sif", 1.5),
    "4 weeks": ("sif", 1.0),
    "four weeks": ("sif", 1.0),
    "unannounced inspection": ("sif", 0.5),
    # 2009-2011 annual assessment of children's services (its 2005-2008 forerunner, the
    # annual performance assessment with CSCI, is an older regime: "other", below)
    "children's services assessment": ("annual_rating_2009", 2.0),
    "children's services assessments": ("annual_rating_2009", 2.0),
    "annual assessments": ("annual_rating_2009", 1.0),
    "annual rating": ("annual_rating_2009", 1.0),
    "annual ratings": ("annual_rating_2009", 1.0),
    "annual assessment": ("annual_rating_2009", 1.0),
    # (quoted too: "went up from performing 'adequately' to 'well'")
    **{
        f"{verb} {quote}{band}{quote}": ("annual_rating_2009", 1.0 if band == "well" else 2.0)
        for verb in ("performs", "perform", "performing", "performed")
        for band in ("excellently", "well", "adequately", "poorly")
        for quote in ("", "'")
    },
    # other and older regimes
    "comprehensive performance assessment": ("other", 2.0),
    "annual performance assessment": ("other", 2.0),
    "annual performance assessments": ("other", 2.0),
    "audit commission": ("other", 1.0),
    "joint area review": ("other", 2.0),
    "safeguarding and looked after children": ("other", 1.5),
    "safeguarding and looked-after children": ("other", 1.5),
    "unannounced inspection of contact, referral and assessment": ("other", 2.0),
    # the unannounced inspections of 2009-2013 (ungraded: "areas for priority action")
    "contact, referral and assessment": ("other", 2.0),
    "contact referral and assessment": ("other", 2.0),
    "arrangements for the protection of children": ("other", 1.5),
    "capacity for improvement": ("other", 1.0),
}
# "Ofsted's new inspection framework", "a pilot inspection": the framework that was new (or
# piloted) when the story was written, the SIF in 2013-2015, ILACS in 2017-2020
# (`inspection.score_types`); nothing otherwise.
NEW_FRAMEWORK_PHRASES = frozenset(
    {
        "new inspection framework",
        "new ofsted inspection framework",
        "new framework",
        "new inspection regime",
        "new regime",
        "new inspection system",
        "new inspection arrangements",
        "pilot inspection",
        "pilot inspections",
        "piloting",
        "piloted",
    }
)

# Visits paid by someone other than inspectors ("social workers visit these children on a
# weekly basis", "a home visit"): no inspection's visit. Matched as longer phrases, they take the
# place of the bare "visit" (`TYPE_PHRASES`), and type and report nothing themselves.
OTHER_VISITS = frozenset(
    {
        f"{who} {verb}"
        for who in (
            "social workers",
            "social worker",
            "carers",
            "parents",
            "families",
            "councillors",
            "mps",
            "minister",
            "ministers",
        )
        for verb in ("visit", "visits", "visited", "visiting", "regularly visit", "also visit")
    }
    | {"home visit", "home visits", "home visiting", "visiting hours", "visiting times"}
)

# Time on site stated in words, in days: it tells an ILACS inspection's variant (one week:
# short; two: standard) once the type is known, but types nothing itself (a focused visit's
# letter may call it "the two week inspection"; the pre-2013 inspections also took two weeks).
FIELDWORK_PHRASES: dict[str, int] = {
    "two-week inspection": 14,
    "two week inspection": 14,
    # ("The Ofsted inspectors' two-week visit", "following a two week visit in May": visits
    # proper last a day or two, so weeks on site are an inspection's)
    "two-week visit": 14,
    "two week visit": 14,
    # ("During a four-week visit, Ofsted inspectors examined 200 cases": the SIF's length)
    "three-week visit": 21,
    "three week visit": 21,
    "four-week visit": 28,
    "four week visit": 28,
    "two-week on-site inspection": 14,
    "lasting two weeks": 14,
    "fortnight-long inspection": 14,
    "lasting one week": 7,
    "lasting a week": 7,
    # time on site said as a span ("took place over three weeks", "lasted a week", "The
    # inspection, which spanned three weeks")
    "over two weeks": 14,
    "over three weeks": 21,
    **{
        f"{verb} {length}": days
        for verb in ("lasted", "spanned", "spanning", "took")
        for length, days in (
            ("a week", 7),
            ("one week", 7),
            ("two weeks", 14),
            ("three weeks", 21),
            ("four weeks", 28),
        )
    },
    "three-week inspection": 21,
    "three week inspection": 21,
    # (the SIF's fieldwork: "a rigorous four-week inspection")
    "four-week inspection": 28,
    "four week inspection": 28,
    "over four weeks": 28,
    "week-long inspection": 7,
    "week long inspection": 7,
    # (the longest phrase wins: "three-week long inspection" is not a week-long one)
    **{
        f"{number}{gap}week long inspection": days
        for number, days in (("one", 7), ("two", 14), ("three", 21), ("four", 28))
        for gap in ("-", " ")
    },
    "fortnight long inspection": 14,
    # "The inspection was carried out by a team of ten over 23 days in May"
    **{f"over {n} {kind}days": n for n in range(8, 31) for kind in ("", "working ")},
    # working days on site ("a five-day long inspection", "a 10-day inspection")
    **{
        f"{number}{gap}day{long} inspection": days
        for days, word in enumerate(
            ("three", "four", "five", "six", "seven", "eight", "nine", "ten"), start=3
        )
        for number in (word, str(days))
        for gap in ("-", " ")
        for long in ("", " long", "-long")
    },
    "one-week inspection": 7,
    "one week inspection": 7,
    # "A 10 strong team from Ofsted spent three weeks in the city"
    "spent a week": 7,
    "spent one week": 7,
    "spent two weeks": 14,
    "spent three weeks": 21,
    "spent four weeks": 28,
    # a visit's length called an inspection ("A two-day inspection in July found ...")
    "two-day inspection": 2,
    "two day inspection": 2,
    "2-day inspection": 2,
    "took four days": 4,
    "took five days": 5,
    "over the course of a week": 7,
    "over the course of two weeks": 14,
    # "inspected by Ofsted over a two-week period in July"
    "one-week period": 7,
    "one week period": 7,
    "two-week period": 14,
    "two week period": 14,
    "three-week period": 21,
    "three week period": 21,
}

# Types of the older regimes that gave no grade: the unannounced inspections of contact,
# referral and assessment (2009-2013) reported areas for priority action, not a grade (focused
# visits name them too, so the phrase alone types nothing: it only says an `other` is ungraded).
UNGRADED_OLD_PHRASES = frozenset(
    {
        "unannounced inspection of contact, referral and assessment",
        "contact, referral and assessment",
        "contact referral and assessment",
        "area for priority action",
        "areas for priority action",
        # every council had one a year (2009-2012); the SIF's came every three years
        "annual unannounced inspection",
        "annual unannounced inspections",
    }
)

# Time spent on site said as people's time ("inspectors spent a week"): it tells a variant but
# names no framework, and so no inspectorate (peer reviewers and auditors spend days too).
TIME_SPENT_PHRASES = frozenset(
    {
        "spent two weeks",
        "over two weeks",
        "spent a week",
        "spent one week",
        "spent five days",
        "spent four days",
    }
)
# An inspection's length: it names an inspection (so an inspectorate), and the ILACS variant in
# ILACS's years, but a SIF inspection could take three weeks too: in the SIF's years it types
# nothing.
INSPECTION_LENGTHS = frozenset(
    {"three-week inspection", "three week inspection", "inspected over three weeks"}
)

# Names of the joint targeted area inspection itself (always led by Ofsted with the CQC and the
# police and probation inspectorates), unlike a bare "joint inspection", which other
# inspectorates hold without Ofsted: they stand for the inspectorates like the SEND names below.
JTAI_NAMES = frozenset(
    {
        "joint targeted area inspection",
        "joint targeted area inspections",
        "jtai",
        "jtais",
        "joint area child protection inspection",
        "jicpa",
    }
)

# Names of the area SEND inspection itself (not SEND words that peer reviews also use): they
# stand for the inspectorates when a council paper names neither Ofsted nor the CQC.
SEND_INSPECTION_NAMES = frozenset(
    {
        "area send",
        "local area send",
        "send inspection",
        "send inspections",
        # "the recent Special Educational Needs and Disability (SEND) inspection"
        "(send) inspection",
        "(send) inspections",
        "send area inspection",
        "send area inspections",
        "send re-inspection",
        "local area re-inspection",
        "local area inspection",
    }
)

# Types a phrase may name only within their framework's era (`monitor.analyze.inspection.era`):
# a graded inspection dated before November 2013 is `other` (or the 2009-2011 annual rating)
# unless the text names a later framework outright (a score of at least FRAMEWORK_NAMED).
ERA_TYPES = frozenset({"ilacs_full", "ilacs_short", "sif", "full"})
FRAMEWORK_NAMED = 2.0

# Types whose visits carry no graded judgement.
UNGRADED_TYPES = frozenset({"focused_visit", "monitoring_visit", "jtai", "area_send", "visit"})

# --- Judgements -------------------------------------------------------------------------------
# The four-point scale, lowest first, and how the press writes each grade.
GRADE_SCALE = ("inadequate", "requires_improvement", "good", "outstanding")
_SCALE_WORDS = {
    "inadequate": r"inadequate",
    "requires_improvement": r"requires? improvement",
    "good": r"good",
    "outstanding": r"outstanding",
}
# steps on the scale ("one notch", "a grade", "two grades")
GRADE_STEPS = {"one": 1, "a": 1, "a single": 1, "two": 2, "three": 3}
GRADE_STEP_NOUN = r"(?:notch|notches|grade|grades|step|steps|rung|rungs|level|levels)"


def _relative_grades() -> tuple[tuple[str, str], ...]:
    """A grade stated by its distance from another ("rated one notch below good", "a grade
    short of outstanding", "two grades above inadequate"): the grade it lands on. Not "two
    grades below the outstanding rating it held", which names the earlier grade itself."""
    out = []
    for target_at, target in enumerate(GRADE_SCALE):
        alternatives = []
        for base_at, base in enumerate(GRADE_SCALE):
            steps = base_at - target_at
            if steps == 0:
                continue
            words = "|".join(w for w, n in GRADE_STEPS.items() if n == abs(steps))
            side = r"(?:below|short of|under)" if steps > 0 else r"(?:above|better than)"
            alternatives.append(
                rf"(?:{words}) {GRADE_STEP_NOUN} {side} ['\"‘’]?" + _SCALE_WORDS[base]
            )
        out.append((target, "|".join(alternatives)))
    return tuple(out)


# A change stated by its size ("moved up two grades to good", "slipped a grade"): with this
# inspection's grade known, the previous one is that many steps the other way. Groups: the
# direction word, the number of steps.
GRADE_SHIFT = (
    r"\b(?:(up|improve|improved|improves|improving|risen|rose|rises|climbed|climbs|jumped|jumps|"
    r"leapt|leaps|upgraded)|(down|dropped|drops|fallen|fell|falls|slipped|slips|slid|"
    r"downgraded|lost|loses))"
    # "improved its rating of Wirral's children's services by two grades"
    r"(?: up| down| by|(?: [\w']+){1,6}? by)? (one|a|a single|two|three) " + GRADE_STEP_NOUN + r"\b"
)

RELATIVE_GRADE_PATTERNS = _relative_grades()

# Regular expressions (case-insensitive) for each grade, tried in this order (the relative ones
# first: `monitor.analyze.judgement` scans for them only when a step noun appears).
GRADE_PATTERNS: tuple[tuple[str, str], ...] = (
    *RELATIVE_GRADE_PATTERNS,
    (
        "requires_improvement",
        r"requires? improvement(?: to be good)?|requiring improvement(?: to be good)?"
        # (not "the required improvement plan", "the improvement required notice")
        r"|required improvement(?: to be good)?(?! plans?\b| notices?\b| boards?\b| work\b)"
        r"|needs improvement"
        # the press's plain words after a rating verb: "All areas were rated as needing
        # improvement", "judged to need improvement" (not "areas that need improvement")
        r"|(?<= as )needing improvement|(?<=rated )needing improvement"
        r"|(?<=judged to )need improvement|(?<=found to )need improvement"
        r"|require improvement(?: to be good)?(?! plans?\b| notices?\b| boards?\b| work\b)"
        # the grade's name misquoted in the plural ("services require improvements to be good")
        r"|(?:requires?|requiring|required) improvements to be good"
        # softened in a council's release: "require some improvements to be consistently good"
        r"|(?:requires?|requiring|required) (?:some |further )improvements? to be "
        r"(?:consistently )?good",
    ),
    ("inadequate", r"inadequate"),
    ("outstanding", r"outstanding"),
    # (not a compound adjective: "good-quality social work practice" praises, grades nothing)
    ("good", r"good(?!-(?:quality|practice))"),
    # the four-point scale before November 2013 (kept only for that era or an earlier grade)
    ("adequate", r"adequate"),
    ("inadequate", r"perform(?:s|ing|ed)? poorly|one star"),
    ("requires_improvement", r"perform(?:s|ing|ed)? adequately"),
    ("good", r"perform(?:s|ing|ed)? well"),
    ("outstanding", r"perform(?:s|ing|ed)? excellently"),
    # the grade by its rank on the four-point scale ("Ofsted's second-highest rating", "handed
    # the lowest grade"); the phrase itself says rating (see judgement.find_grades)
    # (and "the second best judgement in the country", as a council's minutes put it; not "its
    # best rating yet", which ranks the council's own history)
    ("good", r"second[- ](?:highest|best) (?:possible )?(?:rating|grade|judgement)"),
    (
        "requires_improvement",
        r"second[- ](?:lowest|worst) (?:possible )?(?:rating|grade|judgement)",
    ),
    ("outstanding", r"(?:highest|top|best possible) (?:possible )?(?:rating|grade|judgement)"),
    ("inadequate", r"(?:lowest|worst) (?:possible )?(?:rating|grade|judgement)"),
    # Ofsted's descriptor of an inadequate authority (the SIF's, kept by ILACS): "widespread
    # or serious failures that create or leave children being harmed or at risk of harm", as
    # the press quotes it
    # ... and of one that requires improvement: "there are no widespread or serious failures"
    ("requires_improvement", r"no widespread (?:and|or|and/or) serious failures?"),
    ("inadequate", r"widespread (?:and|or|and/or) serious failures?"),
    # the press's name for intervention after an inadequate grade
    ("inadequate", r"(?:placed|put) (?:in|into) special measures"),
    # the BBC's plain-English verdict for "requires improvement to be good" (counted lightly)
    ("requires_improvement", r"told (?:that )?(?:it|they) (?:needs?|needed) to improve"),
)

# Words near a grade that make it a rating rather than praise ("good practice").
RATING_CONTEXT = (
    r"rated|rating|ratings|judged|judgement|judgment|graded|grade|grades|awarded|given|"
    r"branded|deemed|downgraded|upgraded|found to be|found|remains?|remained|retains?|retained|"
    r"overall|effectiveness|verdict|moves? out of|moved out of|improved|improves|improving|"
    r"condemns|condemned|declared|assessed|labelled|labeled|calling|called|calls|"
    r"was|were|are|is|be|as|to|from"
)

# Area names that make a nearby grade a sub-judgement, with the key used in sub_judgements.
SUB_JUDGEMENT_AREAS: dict[str, str] = {
    "impact of leaders": "leadership",
    "leadership, management and governance": "leadership",
    "management, leadership and governance": "leadership",
    "leadership and management": "leadership",
    "leadership": "leadership",
    "leaders": "leadership",
    "help and protection": "help_and_protection",
    "children in need": "help_and_protection",
    "children in care and care leavers": "children_in_care",
    "children in care": "children_in_care",
    # the SIF's second key judgement by its whole name, one area (not a list of two)
    "looked after and achieving permanence": "children_in_care",
    "looked after": "children_in_care",
    "looked-after": "children_in_care",
    "achieving permanence": "children_in_care",
    "care leavers": "care_leavers",
    "leaving care": "care_leavers",
    "adoption": "adoption",
    # the fostering agency, which Ofsted registers and grades on its own ("previously
    # 'inadequate' fostering services now rated 'good'"): not the council's overall grade
    "fostering services": "other",
    "fostering service": "other",
    # the SIF's separate review of the local safeguarding children board: not the council's
    # overall grade
    "local safeguarding children board": "other",
    "safeguarding children board": "other",
    "safeguarding board": "other",
    "lscb": "other",
    # the pre-2013 inspections' second judgement beside overall effectiveness
    # the 2009-2012 safeguarding and looked after children inspections graded partnership
    # working apart from overall effectiveness
    "partnership working": "other",
    "capacity to improve": "other",
    "capacity for improvement": "other",
    "capacity for further improvement": "other",
    "areas": "other",
    "area": "other",
    "categories": "other",
    "category": "other",
    "aspects": "other",
}

# Before a grade (same sentence, a few words back): the grade is an earlier outcome.
PAST_BEFORE = (
    r"previous|previously|last inspection|last inspected|last fully inspected|last full inspection|"
    # ("since", not its adverb: "have since been graded" is what came after, "since then" too)
    r"at the time|back then|had been|formerly|once|since(?! been\b| then\b)|"
    # (not a headline's news said in the present: "defend children's services after watchdog
    # says it 'requires improvement'")
    r"(?<!looked-)(?<!looked )after(?! (?:[\w'’]+ ){0,2}(?:says|finds|rates|judges|concludes)\b)|"
    r"from|out of|no longer|used to|last year|before that|the last|its last|their last|"
    r"removed|removes|lost|loses|shed|sheds|shaken off|escaped|emerged from|back in|"
    # "Hull children's services ditches 'inadequate' Ofsted rating": the grade thrown off
    r"ditches|ditched|ditch|shakes off|shook off|throws off|threw off|"
    # "Torbay leaves inadequate", "exits requires improvement": the grade left behind
    r"leaves|leaving|exits|exited|exiting|"
    r"last visited|when it was last|when ofsted last|when inspectors last|"
    # "since its services were last rated as inadequate in April 2016"
    r"last rated|last judged|last graded|"
    # "a council where children's services are already rated as 'good'": a grade held before
    r"already rated|already judged|"
    # "this follows on from the success of our 'good' rating in 2024": the earlier one
    r"follows on from|following on from|builds on|building on|"
    # "an improvement on the 'requires improvement' rating", "better than the inadequate"
    r"improvement on|better than|worse than"
)
# Just before a grade: the grade is this inspection's, whatever the sentence says around it.
CURRENT_BEFORE = (
    r"now|latest|this|first|still|achieve|achieved|achieving|received|awarded|secured|to maintain|"
    r"maintained|remains|remained|retains|retained|has been|have been|has now been|is now|are now"
)
# After a grade (within a few words): the grade is an earlier outcome.
PAST_AFTER = r"^\W{0,3}(?:rating |judgement |grade )?(?:in|since|at the|last|back in|from) "

# Regular expressions saying this inspection's grade repeats the previous one.
SAME_GRADE_AS_BEFORE = (
    # "the same rating as", "the same grade it received", "the same rating the council
    # received at its last inspection"
    r"(?:the )?same (?:grade|grading|rating|judgement|judgment|verdict) (?:as|(?:it|they|"
    r"(?:the |this |that )?(?:council|authority|borough|county|city|service|department)) "
    r"(?:was given|received|got|had|achieved|was awarded))",
    r"(?:grade|grading|rating|judgement) (?:was |is )?unchanged",
    # "The Ofsted judgement contained in the report is the same as the previous inspection",
    # "despite the judgement remaining the same"
    r"(?:grade|grading|rating|judgement|judgment|verdict)\b[^.;]{0,40}? "
    r"(?:is|was|remains|remained) the same as (?:the|its|their|at the) (?:previous|last)\b",
    r"(?:grade|grading|rating|judgement|judgment|verdict) remaining the same\b",
    # "Inspectors had given the same rating to the authority in 2016"
    r"(?:given|gave|awarded) (?:it |them |the (?:council|authority) )?the same "
    r"(?:grade|grading|rating|judgement|judgment|verdict)\b",
    # "keeping the grade they were given in 2019", "retaining its rating", "we've worked hard
    # to maintain the rating we were given in our last inspection"
    r"(?:keeping|keeps|kept|retaining|retains|retained|maintaining|maintains|maintained|"
    r"(?:to|helped|help|helps) (?:maintain|keep|retain)) "
    r"(?:the|its|their) (?:grade|grading|rating|judgement)\b",
    # "has again been judged by Ofsted as 'Good'", "was again rated good"
    r"again (?:been )?(?:judged|rated|graded|found)",
    # "Leeds children's services outstanding again", "rated good again"
    r"(?:outstanding|good|inadequate|improvement(?: to be good)?)['\"’]? again\b",
    # "for the second time running", "a second successive 'good'" (not "for a second time":
    # the earlier one need not be the last)
    r"(?:second|third|fourth) (?:time|inspection) (?:running|in a row)"
    r"|(?:second|third|fourth) (?:consecutive|successive|straight) (?:time|inspection|rating)"
    # "a record third consecutive 'outstanding' rating", "the highest rating three times in a
    # row", "outstanding in three successive inspections"
    r"|(?:second|third|fourth) (?:consecutive|successive|straight)\W{1,3}"
    r"(?:outstanding|good|inadequate|requires improvement)\b"
    r"|\b(?:twice|two times|three times|four times) (?:running|in a row)\b"
    r"|\b(?:two|three|four) (?:consecutive|successive) inspections\b",
)

# Whole-sentence markers that the sentence looks back rather than reports news.
PAST_SENTENCE = (
    "last year",
    "previous inspection",
    "previously",
    "last inspection",
    "last inspected",
    "last fully inspected",
    "last full inspection",
    # "The last Ofsted report on the service was published in 2019 when ... rated outstanding"
    "last ofsted inspection",
    "last ofsted report",
    "last report",
    "previous ofsted report",
    "previous report",
    "at the time",
    "back then",
    "since the",
    "in the past",
    "years ago",
    "months ago",
    "last visited",
    "back in",
    # a trust or company "set up after the council's services were judged inadequate"
    "set up after",
    "created after",
    "established after",
    # the outlet's own earlier story ("Schools Week reported last week how Kent council faces
    # intervention"): news of another day, not this story's
    "reported last week",
    "reported last month",
    "reported earlier this",
    "revealed last week",
    "revealed last month",
    # a series of inspections ("rated inadequate in the last three Ofsted inspections"): a
    # history, not this story's event
    *(
        f"{when} {n}{ofsted} inspections"
        for when in ("last", "past", "previous")
        for n in ("two", "three", "four", "five")
        for ofsted in ("", " ofsted", " full")
    ),
)

# Send outcomes of the 2023 area SEND framework.
SEND_OUTCOMES: dict[str, str] = {
    "typically lead to positive experiences": "positive",
    "positive experiences and outcomes": "positive",
    "inconsistent experiences and outcomes": "inconsistent",
    "widespread and/or systemic failings": "systemic",
    "widespread and systemic failings": "systemic",
    "widespread or systemic failings": "systemic",
    # as the press spaces or misspells it: "widespread and / or systemic failings",
    # "widespread and/or systematic failings"
    "widespread and / or systemic failings": "systemic",
    "widespread and/or systematic failings": "systemic",
    "widespread and / or systematic failings": "systemic",
}

# The outcomes in the 2023 framework's own words: they name the area SEND inspection (so stand
# for Ofsted and the CQC), unlike "positive experiences and outcomes", which anyone may write.
SEND_OUTCOME_NAMES = frozenset(SEND_OUTCOMES) - {"positive experiences and outcomes"}

# --- Relevance --------------------------------------------------------------------------------
# Ofsted's own names of its framework for councils' children's services: they stand for Ofsted
# (typing lightly: the variant, short or standard, is not named by them)
OFSTED_FRAMEWORK_NAMES = frozenset(
    {
        "ilacs",
        "ilasc",
        "inspection of local authority children's services",
        "inspections of local authority children's services",
    }
)

# An inspectorate that inspects councils' children's services.
INSPECTORATE_TERMS = (
    "ofsted",
    # the common misspelling, in local pages and readers' copy
    "ofstead",
    "his majesty's inspectors",
    "her majesty's inspectors",
    "hmci",
    "education watchdog",
    # a longer phrase that names Ofsted (the longest match wins)
    "full ofsted inspection",
)

# Inspectorates that visit councils' children's services only with Ofsted (JTAI, area SEND):
# alone they point to adult social care or health.
PARTNER_INSPECTORATES = ("care quality commission", "cqc")
JOINT_TYPES = frozenset({"jtai", "area_send"})

# Words that a sentence reports an inspection or its outcome.
EVENT_TERMS = (
    "inspection",
    "inspections",
    "inspected",
    "re-inspection",
    "re-inspected",
    "revisit",
    "revisited",
    "revisiting",
    "inspectors",
    "inspectorate",
    "visit",
    "visited",
    "visits",
    "visiting",
    "report",
    "letter",
    "rated",
    "rating",
    "judged",
    "judgement",
    "judgment",
    "graded",
    "grade",
    "grades",
    "downgraded",
    "upgraded",
    "verdict",
    "findings",
    "found",
)

# Local authority children's services: what an LA inspection is about.
LA_TERMS = (
    "children's services",
    "childrens services",
    "children's service",
    "children's social care",
    "child social care",
    "children's social services",
    "social care",
    "social work",
    "social workers",
    "social worker",
    "child protection",
    "children in need",
    "help and protection",
    "children in care",
    "looked after children",
    "looked-after children",
    "children looked after",
    "care leavers",
    "leaving care",
    "permanence",
    "corporate parenting",
    "front door",
    "mash",
    "multi-agency safeguarding hub",
    "director of children's services",
    "local authority",
    "local authorities",
    "improvement notice",
    "improvement board",
    "statutory direction",
    "children's trust",
    "safeguarding partnership",
    "local area",
    "send",
    "caseloads",
    "early help",
)

# Negative topics. Each is (category, weight); a category's total is compared with the LA
# evidence in monitor/analyze/relevance.py.
NEGATIVE_TERMS: dict[str, tuple[str, float]] = {
    # a single children's home or other registered setting
    # national bodies Ofsted inspects that are not councils: the family court service
    "cafcass": ("setting", 4.0),
    "children and family court advisory": ("setting", 4.0),
    # a council's placements in homes nobody inspects ("children illegally placed in
    # unregistered children's homes"): the council's failing, no home's inspection
    "unregistered children's home": ("setting", 0.0),
    "unregistered children's homes": ("setting", 0.0),
    "unregistered care home": ("setting", 0.0),
    "unregistered care homes": ("setting", 0.0),
    # harm "outside the home" (exploitation, gangs) is child protection's phrase for the
    # family home, no children's home
    "outside the home": ("setting", 0.0),
    "inside the home": ("setting", 0.0),
    "children's home": ("setting", 2.0),
    "childrens home": ("setting", 2.0),
    # several of a council's homes, each inspected as its own setting ("Bradford children's
    # homes downgraded by Ofsted"); a little less: inspections of councils name them in passing
    "children's homes": ("setting", 1.5),
    "childrens homes": ("setting", 1.5),
    # the inspected thing named outright: "a full inspection of the fostering service"
    "inspection of the fostering service": ("setting", 4.0),
    "inspection of its fostering service": ("setting", 4.0),
    "inspection of the adoption service": ("setting", 4.0),
    "inspection of its adoption service": ("setting", 4.0),
    "the home": ("setting", 1.0),
    "care home": ("setting", 1.0),
    "residential home": ("setting", 1.0),
    "fostering agency": ("setting", 1.5),
    "fostering service": ("setting", 1.5),
    "fostering services": ("setting", 1.5),
    "adoption service": ("setting", 1.0),
    "adoption services": ("setting", 1.0),
    # the secure estate: settings Ofsted inspects (with the CQC and HM Inspectorate of
    # Prisons for training centres and young offender institutions), none a council's service
    "secure training centre": ("setting", 4.0),
    "secure training centres": ("setting", 4.0),
    "young offender institution": ("setting", 4.0),
    "secure school": ("setting", 2.0),
    "inspectorate of prisons": ("setting", 2.0),
    "children's centre": ("setting", 2.0),
    # a residential family assessment centre (registered with Ofsted, used by councils and courts)
    "family centre": ("setting", 2.0),
    "residential assessments": ("setting", 2.0),
    "children's centres": ("setting", 2.0),
    "adoption agency": ("setting", 1.5),
    # the press's other name for a council's agency: "Adoption unit is inadequate"
    "adoption unit": ("setting", 1.5),
    "fostering unit": ("setting", 1.5),
    # a council's adoption or fostering agency inspected as a registered service ("the
    # Adoption Inspection took place between 15 and 19 November")
    "adoption inspection": ("setting", 2.0),
    "fostering inspection": ("setting", 2.0),
    "adoption agencies": ("setting", 1.5),
    "regional adoption agencies": ("setting", 1.5),
    # schools, nurseries, childminders, colleges
    "school": ("school", 1.0),
    "schools": ("school", 1.0),
    "primary school": ("school", 1.5),
    "primary schools": ("school", 1.5),
    "secondary school": ("school", 1.5),
    "secondary schools": ("school", 1.5),
    "headteachers": ("school", 2.0),
    "head teachers": ("school", 2.0),
    "teachers": ("school", 1.0),
    "nursery school": ("school", 2.0),
    "headteacher": ("school", 2.0),
    "head teacher": ("school", 2.0),
    "pupils": ("school", 1.0),
    "academy": ("school", 1.0),
    "special measures": ("school", 0.5),
    "quality of education": ("school", 2.0),
    "behaviour and attitudes": ("school", 2.0),
    "personal development": ("school", 1.0),
    "nursery": ("school", 1.5),
    "day care": ("school", 1.5),
    "daycare": ("school", 1.5),
    "childminder": ("school", 2.0),
    "childminders": ("school", 2.0),
    "early years": ("school", 1.0),
    "eyfs": ("school", 2.0),
    "college": ("school", 1.5),
    "sixth form": ("school", 2.0),
    "utc": ("school", 2.0),
    "further education": ("school", 2.0),
    "learners": ("school", 1.0),
    # adult social care (CQC assessments of councils)
    "adult social care": ("adult", 2.0),
    "adults' social care": ("adult", 2.0),
    "adults' services": ("adult", 2.0),
    "adult services": ("adult", 1.5),
    "care act": ("adult", 2.0),
    "unpaid carers": ("adult", 2.0),
    "adult care": ("adult", 2.0),
    # Ofsted's further-education remit: a council's adult learning service
    "adult education": ("adult", 2.0),
    "adult learning": ("adult", 2.0),
    "adult and community learning": ("adult", 2.0),
    "adult community learning": ("adult", 2.0),
    # police, probation, youth justice
    "police": ("justice", 1.0),
    "constabulary": ("justice", 1.5),
    "the force": ("justice", 1.5),
    "hmicfrs": ("justice", 1.5),
    "probation": ("justice", 1.0),
    "youth justice": ("justice", 1.5),
    "yjs": ("justice", 2.0),
    "yos": ("justice", 2.0),
    "youth offending": ("justice", 1.0),
    # other nations' inspectorates
    "care inspectorate": ("devolved", 3.0),
    "care inspectorate wales": ("devolved", 3.0),
    "estyn": ("devolved", 3.0),
    "scottish": ("devolved", 1.0),
    "scotland": ("devolved", 1.0),
    "wales": ("devolved", 1.0),
    "welsh": ("devolved", 1.0),
    "northern ireland": ("devolved", 1.0),
    # national policy and statistics
    "annual report": ("national", 2.0),
    "annual review": ("national", 1.0),
    "social care report": ("national", 2.0),
    "guidance for inspectors": ("national", 3.0),
    "speech": ("national", 1.0),
    "consultation": ("national", 1.0),
    "thematic": ("national", 1.5),
    "nationally": ("national", 0.5),
    "national director": ("national", 1.0),
    "chief inspector": ("national", 0.5),
    # the Audit Commission's comprehensive performance assessment of councils (to 2009)
    "audit commission": ("national", 2.0),
    # statistics across councils ("68 per cent of councils effectively failed", "New Ofsted
    # figures, published this morning"): a national story, whatever council it cites
    "per cent of councils": ("national", 3.0),
    "per cent of local authorities": ("national", 3.0),
    "% of councils": ("national", 3.0),
    "% of local authorities": ("national", 3.0),
    "per cent of children's services": ("national", 3.0),
    "% of children's services": ("national", 3.0),
    "ofsted figures": ("national", 2.0),
    "comprehensive performance assessment": ("national", 2.0),
    # a written parliamentary question and its answer: policy, not an inspection
    "to ask the secretary of state": ("national", 8.0),
    "question to the department": ("national", 2.0),
    # inspections that have not happened, and reviews that are not inspections
    "not yet been notified": ("future", 4.0),
    # a complaint made to Ofsted, which inspects nothing by it ("A local authority has been
    # reported to Ofsted by one of its own councillors"): in a headline, the story
    "reported to ofsted": ("future", 1.5),
    "complained to ofsted": ("future", 1.5),
    "complaint to ofsted": ("future", 1.5),
    "not yet been inspected": ("future", 4.0),
    "will be inspected": ("future", 2.0),
    # an inspection under way, its outcome to come ("the watchdog would be at the council for
    # the next two weeks", "We should be graded on October 11", "A three-week Ofsted inspection
    # ... started on Monday", "Inspectors will revisit Sheffield Council this month")
    "for the next two weeks": ("future", 2.0),
    "for the next three weeks": ("future", 2.0),
    "should be graded": ("future", 2.0),
    "will be graded": ("future", 2.0),
    "inspection started on": ("future", 2.0),
    "inspection began on": ("future", 2.0),
    "will revisit": ("future", 2.0),
    "will now take place": ("future", 2.0),
    "due to be inspected": ("future", 2.0),
    "in preparation for": ("future", 1.0),
    # an inspection that may come: "in preparation for a possible inspection"
    "a possible inspection": ("future", 4.0),
    "a possible joint": ("future", 4.0),
    # "preparing for" alone is weak: features about an inspection that happened use it too
    "preparing for": ("future", 0.5),
    "prepares for": ("future", 0.5),
    "upcoming inspection": ("future", 2.0),
    # "the upcoming full Ofsted inspection", "the council is as prepared as possible", "could
    # conduct a full inspection before the end of the year", "classed as inadequate until a new
    # full inspection takes place"
    "upcoming ofsted": ("future", 2.0),
    # a council's page getting ready: "all the elements in place that we will require for a
    # future inspection based on the guidance within these publications" (the handbook and
    # framework it explains)
    "for a future inspection": ("future", 4.0),
    "handbook and framework": ("future", 2.0),
    "upcoming full": ("future", 2.0),
    "as prepared as possible": ("future", 2.0),
    "could conduct a": ("future", 2.0),
    "until a new full inspection": ("future", 2.0),
    # pages that prepare staff or members for an inspection to come ("How can I prepare?",
    # "Getting ready for a JTAI", "inspection readiness", "a mock inspection")
    "how can i prepare": ("future", 4.0),
    # explainers of an inspection regime, on a council's or a charity's pages ("Your guide to
    # local area SEND inspections", "What is a JTAI?", "one minute guide", "possible outcomes",
    # "all local areas may be subject to")
    "your guide to": ("future", 2.0),
    "a guide to": ("future", 1.0),
    "one minute guide": ("future", 4.0),
    "one-minute guide": ("future", 4.0),
    "what is a joint": ("future", 2.0),
    "what is the joint": ("future", 2.0),
    "what is a jtai": ("future", 2.0),
    "what is the jtai": ("future", 2.0),
    # the terms of an inspection commissioned or about to start: what it "will look at"
    "the jtai will": ("future", 4.0),
    "will look at how": ("future", 2.0),
    "will include evaluating": ("future", 2.0),
    # a forthcoming framework's trial run (a pilot's visit reports nothing) or its rules ("a
    # pilot to test out their methodology", "Children's services will be rated in three key
    # areas")
    "pilot to test": ("future", 4.0),
    "test out their methodology": ("future", 4.0),
    "will be rated": ("future", 2.0),
    "will receive an overall": ("future", 2.0),
    "jtai programme": ("national", 2.0),
    "what is an area": ("future", 2.0),
    "what is a local area": ("future", 2.0),
    "what is an ofsted": ("future", 2.0),
    "possible inspection outcomes": ("future", 2.0),
    "may be subject to": ("future", 2.0),
    "will receive a full inspection": ("future", 2.0),
    # a notice of an inspection under way or about to start: who takes part, how to have a say
    "will arrive on site": ("future", 4.0),
    "will be undertaking": ("future", 4.0),
    # a council's briefing before one: who is on the team, what it will do (two of these make
    # a page that only prepares for the inspection it names)
    "inspection team will": ("future", 2.0),
    "inspectors will meet": ("future", 2.0),
    "will take place across": ("future", 2.0),
    "will undertake the": ("future", 2.0),
    "what we expect to see": ("future", 2.0),
    "an imminent inspection": ("future", 4.0),
    "inspectors will notify": ("future", 2.0),
    "inspectors will request": ("future", 2.0),
    # ... or a notice of one to come, or an explainer of the framework's cycle ("All local areas
    # will receive a full inspection at least once during a 5-year period")
    "all local areas will": ("future", 2.0),
    "local areas will be inspected": ("future", 2.0),
    "during the week of inspection": ("future", 2.0),
    "during the re-visit": ("future", 2.0),
    "during the revisit": ("future", 2.0),
    "will carry out jointly": ("future", 2.0),
    "will be keen to": ("future", 2.0),
    "contribute their views": ("future", 2.0),
    # an inspection done, its outcome still to come
    "will be published shortly": ("future", 2.0),
    "will be published in a few weeks": ("future", 2.0),
    "will be published in the coming weeks": ("future", 2.0),
    "will be published on the ofsted": ("future", 2.0),
    "expecting to find out": ("future", 2.0),
    # "the outcome ... is due to be made public next week", "we are expecting the full report
    # to be published next week", "waiting on formal feedback from the first follow-up
    # inspection", "expects to receive Ofsted's formal inspection report by letter"
    **{
        phrase: ("future", 2.0)
        for phrase in (
            "due to be made public",
            "to be published next week",
            "to be published later this",
            "waiting on feedback",
            "waiting on formal feedback",
            "waiting for feedback",
            "awaiting feedback",
            "awaiting formal feedback",
            "awaiting the outcome",
            "awaiting the final report",
            "awaiting the report",
            "expects to receive",
            "expecting to receive",
            # "Leeds City Council will soon know how well its children's services have
            # performed", "Ofsted's latest findings are expected to land on Monday"
            "will soon know",
            "findings are expected",
            "expected to land",
            "expected to be published",
            "due to be published next",
            # "the outcome of the inspection was embargoed until the publication of the final
            # Ofsted report", "How will you know what the report says? The inspection team
            # will now evaluate all the evidence", "currently awaiting the results of an
            # Ofsted inspection"
            "was embargoed until",
            "is embargoed until",
            "will now evaluate",
            "know what the report says",
            "awaiting the results",
        )
    },
    # the press's notice of an inspection starting: "Ofsted watchdogs begin inspection of ...",
    # "Inspectors from Ofsted arrived for a two-week inspection ... today"
    "begin inspection of": ("future", 4.0),
    # "Ofsted begin inspection at Kirklees Council", "An Ofsted inspection has begun", "Ofsted
    # has just started its Local Area SEND Inspection", "an ongoing inspection of"
    **{
        phrase: ("future", 4.0)
        for phrase in (
            "begin inspection at",
            "begins inspection of",
            "begins inspection at",
            "inspection has begun",
            "inspection has started",
            "has just started its",
            "an ongoing inspection",
        )
    },
    # an outcome still to come: "is expected to spend around four weeks", "A report ... due in
    # two weeks' time is expected to show"
    "is expected to spend": ("future", 2.0),
    "is expected to show": ("future", 2.0),
    "due in two weeks": ("future", 2.0),
    "due in a few weeks": ("future", 2.0),
    "expecting an inspection": ("future", 4.0),
    "in the next few weeks": ("future", 2.0),
    # "OFSTED inspectors give 20 hours notice of 4 week probe": the notice of one starting
    "hours notice": ("future", 2.0),
    "hours' notice": ("future", 2.0),
    "next ofsted report": ("future", 2.0),
    "arrived for a": ("future", 2.0),
    # a council awaiting its inspection: "we're overdue a full inspection", "ready for
    # inspection", "expected 'any time now'", "intends to carry out an inspection ... this week"
    "overdue a full inspection": ("future", 4.0),
    "overdue an inspection": ("future", 4.0),
    "any time now": ("future", 4.0),
    "intends to carry out": ("future", 4.0),
    "starting this week": ("future", 2.0),
    "will be carrying out": ("future", 4.0),
    "in advance of the": ("future", 1.0),
    "will be with us": ("future", 2.0),
    "inspection will last": ("future", 2.0),
    "to perform a joint inspection": ("future", 2.0),
    "to perform an inspection": ("future", 2.0),
    "survey link": ("future", 2.0),
    "have your say survey": ("future", 2.0),
    "how to prepare": ("future", 2.0),
    "what to expect": ("future", 2.0),
    "what happens during the inspection": ("future", 2.0),
    "getting ready for": ("future", 2.0),
    "get ready for": ("future", 2.0),
    "inspection readiness": ("future", 4.0),
    "mock inspection": ("future", 2.0),
    "could be inspected": ("future", 4.0),
    "may be inspected": ("future", 4.0),
    "could take place": ("future", 2.0),
    "inspectors will look": ("future", 2.0),
    # a council's yearly exchange with Ofsted between inspections, and its own evaluation
    "annual engagement meeting": ("future", 2.0),
    # a visit moved to a later date: "the first monitoring visit ... had been rescheduled for
    # 20 and 21 August"
    "rescheduled for": ("future", 4.0),
    "been rescheduled for": ("future", 4.0),
    "annual conversation": ("future", 2.0),
    "annual 'conversation'": ("future", 2.0),
    # a visit still to come: "Inspectors will visit Norfolk County Council next week", "is to
    # be visited by Ofsted this week", "a new full Ofsted inspection is due in May"
    "will visit": ("future", 2.0),
    "are to visit": ("future", 2.0),
    "is to visit": ("future", 2.0),
    "to be visited by": ("future", 2.0),
    "inspection is due": ("future", 2.0),
    "self-evaluation": ("future", 1.0),
    "self-assessment": ("future", 1.0),
    "self assessment": ("future", 1.0),
    # a framework described, not an inspection under it: "Ofsted and the CQC published a new
    # inspection framework", "the new local area SEND inspections which would begin in 2023"
    "published a new inspection framework": ("national", 2.0),
    "inspection framework was published": ("national", 2.0),
    "would begin in": ("future", 2.0),
    "next inspection is expected": ("future", 2.0),
    "next inspection is due": ("future", 2.0),
    "expected in the coming": ("future", 4.0),
    "expected later this year": ("future", 4.0),
    "expected next year": ("future", 4.0),
    "expected to be inspected": ("future", 4.0),
    # a notice that an inspection is about to start (sent to partners, posted for staff)
    "will begin an inspection": ("future", 4.0),
    "will begin its inspection": ("future", 4.0),
    "will start an inspection": ("future", 4.0),
    "inspection will begin": ("future", 4.0),
    "inspection will commence": ("future", 4.0),
    # a partnership's guidance to its staff on an inspection ("JTAI - Guidance for
    # Practitioners"): what to expect, not what was found
    "guidance for practitioners": ("future", 2.0),
    "guidance for professionals": ("future", 2.0),
    # an inspection under way, its outcome awaited: "Verdict due on Kent's child services",
    # "is expected to learn early next year if its services are up to scratch"
    "verdict due": ("future", 4.0),
    "verdict is due": ("future", 4.0),
    "expected to learn": ("future", 2.0),
    "will commence on": ("future", 2.0),
    # the call that starts one: "received a telephone call ... to announce the inspection"
    "announce the inspection": ("future", 4.0),
    # a council's preparation for one ("as part of the SEND Area Inspection preparation",
    # "the preparedness for the joint inspection")
    "inspection preparation": ("future", 4.0),
    "preparedness for": ("future", 2.0),
    "inspection will start": ("future", 4.0),
    # a parent carer forum's notice of an inspection starting: "this will take place over 3
    # weeks from today ... please give your views via this Ofsted survey", "inspectors ...
    # are returning to Hertfordshire for a monitoring inspection", "Inspection 2026 is underway"
    "will take place over": ("future", 2.0),
    "give your views": ("future", 2.0),
    "are returning to": ("future", 2.0),
    "will be focused on": ("future", 2.0),
    "will be focussed on": ("future", 2.0),
    "is underway": ("future", 2.0),
    "is under way": ("future", 2.0),
    # minutes' reported speech: "the timeline of the OFSTED inspection that was currently
    # underway"
    "was underway": ("future", 2.0),
    "was under way": ("future", 2.0),
    "currently underway": ("future", 2.0),
    "currently under way": ("future", 2.0),
    "what is a send": ("future", 2.0),
    "inspectors will arrive": ("future", 4.0),
    # the press's forms of the same notice: "Inspectors from Ofsted will arrive next week to
    # begin an inspection", the headline's infinitive "Ofsted to inspect X"
    "will arrive": ("future", 2.0),
    "to begin an inspection": ("future", 4.0),
    "to begin its inspection": ("future", 4.0),
    "to start an inspection": ("future", 4.0),
    "ofsted to inspect": ("future", 2.0),
    "inspectors to visit": ("future", 2.0),
    "been notified that": ("future", 2.0),
    # a notice to parents and partners of a visit to come: what inspectors will do there
    "will conduct": ("future", 2.0),
    "will want to speak": ("future", 2.0),
    "will want to hear": ("future", 2.0),
    "would like to hear from": ("future", 2.0),
    "would like to speak": ("future", 2.0),
    "are expected to spend": ("future", 2.0),
    "to arrive at": ("future", 1.0),
    # a council awaiting its inspection ("braced for an Ofsted visit", "expects Ofsted to
    # arrive within weeks", "ready for inspection")
    "braced for": ("future", 2.0),
    "bracing itself for": ("future", 2.0),
    "expects ofsted": ("future", 2.0),
    "expecting ofsted": ("future", 2.0),
    "expected to arrive": ("future", 2.0),
    "to arrive within": ("future", 2.0),
    "ahead of its next inspection": ("future", 2.0),
    "ahead of the next inspection": ("future", 2.0),
    "ahead of an inspection": ("future", 2.0),
    "ready for inspection": ("future", 2.0),
    "prepare for its next": ("future", 2.0),
    "prepare for the next": ("future", 2.0),
    "ready for ofsted": ("future", 2.0),
    # "A Joint Targeted Area Inspection is imminent for X ... partners gear up for inspection"
    "is imminent": ("future", 4.0),
    # (an inspection or visit expected "imminently"; not a council's plan to act "imminently")
    **{
        f"{what} imminently": ("future", 4.0)
        for what in ("expected", "inspection", "visit", "inspectors", "arrive", "ofsted")
    },
    "gear up for": ("future", 2.0),
    "preparations are underway": ("future", 2.0),
    "peer review": ("review", 1.5),
    "peer challenge": ("review", 1.5),
    "peer challenges": ("review", 1.5),
    "independent review": ("review", 2.0),
    # the CQC's own review of health services for looked after children and safeguarding (no
    # Ofsted, no council's children's services judged): "Unlike OFSTED, the CQC did not
    # provide a judgement grade"
    "health services for children looked after": ("review", 8.0),
    "health services for looked after children": ("review", 8.0),
    # a committee's meeting still to come: "Councillors will today consider a report", "the
    # result of the most recent visit will be shared with councillors today"
    "will today consider": ("future", 2.0),
    "will be shared with": ("future", 2.0),
    # complaints upheld by the ombudsman, not an inspection
    "ombudsman": ("complaint", 3.0),
    "found fault": ("complaint", 2.0),
    "maladministration": ("complaint", 2.0),
    # a council's recruitment page, which recalls its last grade to attract staff
    "we are recruiting": ("jobs", 3.0),
    "we're recruiting": ("jobs", 3.0),
    # a careers page or a recruitment campaign that quotes the grade to attract staff
    "social work careers": ("jobs", 4.0),
    "social work jobs": ("jobs", 4.0),
    "plans to recruit": ("jobs", 2.0),
    "recruitment campaign": ("jobs", 3.0),
    "recruitment drive": ("jobs", 3.0),
    "current vacancies": ("jobs", 3.0),
    "apply now": ("jobs", 3.0),
    "closing date": ("jobs", 3.0),
    "job description": ("jobs", 2.0),
    "join our team": ("jobs", 2.0),
    "join our teams": ("jobs", 2.0),
    "relocation package": ("jobs", 2.0),
    # council business with no inspection
    "overspend": ("budget", 2.0),
    "council tax": ("budget", 2.0),
    "budget deficit": ("budget", 1.5),
    "bin collections": ("budget", 3.0),
}

# Organisations whose names start with a council's name but are not the council.
NOT_COUNCIL_FOLLOWERS = (
    r"fc|afc|united|athletic|wanderers|rovers|town|argyle|albion|county(?! council)|"
    # (Ofsted's report headings name a city council "Leicester City": "Leicester City
    # Inspection of services for children in need ...")
    r"city(?! council|'s| children| and| of| inspection| local authority)|"
    r"wednesday|hotspur|villa|vale|orient|dons|"
    r"police|constabulary|fire|university|college|hospital|hospitals|nhs|icb|"
    r"integrated care|clinical commissioning|ccg|crown court|magistrates|cathedral|"
    r"airport|station|festival|st edmunds|coldfield|-in-ashfield|in ashfield|"
    r"-under-lyme|under lyme|by bow|-by-bow|diocese|chamber|pdu|yjs|yos|"
    r"cricket|rugby|chronicle|post|echo|star|times|news|telegraph|gazette|advertiser|"
    r"evening|live|observer|herald|mercury|journal|express|argus|standard|utc|"
    r"integrated care board|partnership nhs|care board"
)

# Short names the press uses that the reference data lacks (to move into
# monitor/data/local_authorities.csv when its owner next edits it). Variant -> official name.
EXTRA_ALIASES: dict[str, str] = {
    "Cheshire West": "Cheshire West and Chester",
    "Cheshire West Council": "Cheshire West and Chester",
    "North East Lincs": "North East Lincolnshire",
    "NE Lincs": "North East Lincolnshire",
    "NELC": "North East Lincolnshire",
    "East Riding Council": "East Riding of Yorkshire",
    # the counties' standard abbreviations, in headlines and in "Notts County Council" ("Notts
    # County" alone is the football club: NOT_COUNCIL_FOLLOWERS)
    "Notts": "Nottinghamshire",
    "Herts": "Hertfordshire",
    "Lancs": "Lancashire",
    "Leics": "Leicestershire",
    "Lincs": "Lincolnshire",
    "Worcs": "Worcestershire",
    "Glos": "Gloucestershire",
    "Gloucs": "Gloucestershire",
    "Wilts": "Wiltshire",
    "Staffs": "Staffordshire",
    "Derbys": "Derbyshire",
    "Cambs": "Cambridgeshire",
    "Hants": "Hampshire",
    "Oxon": "Oxfordshire",
    "Warks": "Warwickshire",
}

# The same for abolished authorities (a story after the split is its successors').
FORMER_EXTRA_ALIASES: dict[str, str] = {"Northants": "Northamptonshire"}

# Abolished authorities whose successors still share one children's service, inspected jointly
# (Northamptonshire Children's Trust / Children First Northamptonshire for North and West
# Northamptonshire): one successor named with the old name stands for all of them.
SHARED_SERVICE_FORMERS = frozenset({"Northamptonshire"})

# Places and bodies whose names contain a council's name but are not that council. They are
# matched with the council names, win as the longer match, and are then dropped.
NOT_COUNCIL_PLACES = (
    "greater manchester",
    "greater london",
    "bury st edmunds",
    "newcastle-under-lyme",
    "newcastle under lyme",
    "sutton coldfield",
    "richmond, north yorkshire",
    "durham university",
    "durham cathedral",
    "kingston university",
    "reading festival",
    "leicester square",
    "derby county",
    "hull city afc",
    "nhs devon",
    "nhs kent",
    # Parliament, not the City of Westminster ("a Westminster Hall debate")
    "westminster hall",
    "palace of westminster",
    "westminster abbey",
)

# Capitalised words that may stand before a council's name without making it a surname.
NAME_PRECEDERS_OK = frozenset(
    {
        "the",
        "in",
        "at",
        "for",
        "from",
        "of",
        "and",
        "by",
        "to",
        "on",
        "with",
        "across",
        "about",
        "as",
        "into",
        "ofsted",
        # "Children First Northamptonshire", "Together for Children Sunderland": the names
        # of the trusts and companies that run councils' children's services
        "first",
        "children",
        "council",
        "councils",
        "borough",
        "boroughs",
        "both",
        "while",
        "whereas",
        "but",
        "neighbouring",
        # the party in control, as the press puts it: "Lib-Dem Kingston" (and see below)
        "dem",
        "dems",
        "democrat",
        "rural",
        "inner",
        "outer",
        "greater",
        "north",
        "south",
        "east",
        "west",
        "central",
        "said",
        "says",
        "within",
        "throughout",
        "including",
        "like",
        # comparisons opening a sentence ("Unlike North Yorkshire, ...")
        "unlike",
        "than",
        "besides",
        "between",
        "under",
        "over",
        "after",
        "before",
        "since",
        "among",
        "amongst",
        "read",
        "more",
        "only",
        "joins",
        "join",
        "joined",
        "where",
        "when",
        "see",
        "inspectors",
        "inspection",
        "visit",
        "report",
        "today",
        "yesterday",
        "meanwhile",
        "latest",
        "new",
        "news",
        "bbc",
        "cyp",
        "now",
        "also",
        "why",
        "how",
        "what",
        "whole",
        "all",
        "each",
        "every",
        "our",
        "their",
        "its",
        "his",
        "her",
        "royal",
        "london",
        "metropolitan",
        "county",
        "city",
        "district",
        "unitary",
        "labour",
        "conservative",
        "tory",
        "liberal",
        "independent",
        "green",
    }
)

# Council names that are also common words, people, clubs or other places: they need more
# evidence (a "Council" suffix, a children's services phrase, the title, or a second mention).
AMBIGUOUS_NAMES = frozenset(
    {
        "reading",
        "bury",
        "durham",
        "richmond",
        "kingston",
        "westminster",
        "sutton",
        "newcastle",
        "bedford",
        "telford",
        "stockton",
        "stoke",
        "blackburn",
        "brighton",
        "hull",
        "halton",
        "derby",
        "york",
        "kent",
        "redcar",
        "southend",
        "scilly",
        "poole",
        "cheshire",
        "dudley",
    }
)

# Host-name labels of council websites (councillors.halton.gov.uk, worcestershire.moderngov).
COUNCIL_SITE_MARKERS = ("gov.uk", "moderngov", "democracy", "council")

# Page furniture that lists other stories' headlines ("Most read", "Related stories", "More on
# this story", "Trending"): a heading alone on its line, or followed by a colon and one
# headline ("Related: Swindon school rated outstanding"). The headlines after it name other
# councils and grades; `monitor.analyze.text` drops them. Regular expressions, lower case.
LINK_LIST_HEADINGS = (
    r"related(?: (?:stories|story|articles|article|content|links|news|posts|topics|reading|"
    r"coverage))?",
    r"most (?:read|popular|viewed|shared|commented|watched)(?: (?:stories|articles|today|now|"
    r"this week))?",
    r"more (?:on this story|on this|from [\w&' -]{2,30}|stories|news|like this|to read|"
    r"top stories|in [\w&' -]{2,30})",
    r"(?:you|we think you) (?:may|might) (?:also )?(?:like|enjoy|be interested in)",
    r"trending(?: now| stories| news)?",
    r"top stories",
    r"popular (?:now|stories|articles|today)",
    r"recommended(?: for you| stories| articles| reading)?",
    r"(?:read|what to read) next",
    r"also (?:read|see|in the news)",
    r"see also",
    r"in other news",
    r"editor'?s (?:picks|choice)",
    # not a bare "Latest" or "Popular": navigation labels above the story itself
    r"latest (?:news|stories|headlines)",
    r"elsewhere(?: on [\w&' -]{2,30})?",
    r"don'?t miss",
    r"also on [\w&' -]{2,30}",
)
