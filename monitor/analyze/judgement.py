"""The grade of THIS inspection, the previous one a story recalls, and sub-judgements.

Evidence: grade words (`vocabulary.GRADE_PATTERNS`) that read as ratings: a rating word near
("rated", "judged", "overall", "'good' rating"), a bare grade in a table row, or "requires
improvement" which is never praise. A grade is *previous* when a marker before or after looks
back ("previously", "since", "from X to", "in 2017" before the story's year), *sub* when an area
names it ("impact of leaders ... outstanding", "care leavers: inadequate"), and ignored in
statistics ("30 were judged adequate"), grade scales, lists, "between inadequate and good",
praise of a noun ("receive good help"), goals ("work to do to achieve a good rating") and
grades of other things ("morale remains good"). A change states the new grade after "to"
("from X to Y", "which was upped to Y", "after Ofsted rated them Y"). Grades vote, weighted by
position and by sentences that name a council; in a roundup, per-council grades that differ
give no single judgement.

A looking-back word reaches only the nearest grade after it ("previously good, was judged to
require improvement"); a dated history ("inadequate in 2010, requires improvement in 2015 and
good in 2018") is read grade by grade, not as a scale; a journey ("from inadequate to outstanding
in six years") or a long-held grade ("inadequate for a decade") is history, not the step just
made. Grades named by rank ("Ofsted's second-highest rating") count when given to someone, and
never make a sentence's councils subjects; a grade said of councils in general ("given to
councils rated good") is the framework's rule; the grade a change arrives at ("uplifted ... to
'good'") outweighs others. Which of the grades is this inspection's, which the previous one, and
which council a roundup's grade is said of: `monitor.analyze.verdict`.

The press and minutes (round seven): reported speech shifts the tense back ("she reported that
the service had been judged good" is this inspection's grade); a list's row gives its council a
grade ("Barnsley - outstanding", "- Blackpool: good"); a list of councils between a rating word
and its grade reads as one name ("rated Derbyshire, Nottinghamshire and Rutland good"); the
press's verbs and nouns rate ("gave ... a 'good' verdict", "found them good"); a grade said to
be kept ("remains good", "keeps its good rating") is also the previous one, before any older
grade recalled; in a dated history ("had been rated inadequate in 2018 and requires improvement
in 2021") the latest year is the previous grade; "for most of a decade" is a grade held, not the
last one.

Round eight: a grade "for the first time since 2012" (or "its best since") is news, the year
dating only the last time (`text.first_since`); a bracket after a grade that looks back holds
its own grade ("good (previously requires improvement)": "good" is this inspection's); an
area named after a grade reaches only to its clause's end; "held on to" a grade keeps it; "two
years after inspectors rated them" looks back; the safeguarding children board's grade (the
SIF's review beside the inspection) is not the council's, and a list of the areas ("help and
protection, children looked after and care leavers", the SIF's name) is the whole remit.

Round nine: a grade stated by its distance from another ("rated one notch below good", "a
grade short of outstanding": `vocabulary.GRADE_PATTERNS`, not "two grades below the outstanding
rating it held", which names the earlier grade); "an improvement on" or "better than" a grade
looks back to it; "good in every area" names no one area; "keeping" or "retaining" a grade
keeps it ("keeping the grade they were given in 2019": the same as before); in a dated story a
grade followed by a bare earlier year ("rated outstanding in 2023" in a story of April 2024 or
later: a report follows its inspection by weeks) is recalled: news of a grade dates it by month
or week.

Gets wrong: a story told entirely in the past tense about an old grade with no marker reads as
news; praise like "good progress" after "was" can count as a weak grade; a story with no date
whose recalled years look recent. Correct it with markers
in `monitor/vocabulary.py` (PAST_BEFORE, CURRENT_BEFORE, SUB_JUDGEMENT_AREAS, GRADE_PATTERNS).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass

from monitor import vocabulary as V
from monitor.analyze.councils import Mention
from monitor.analyze.terms import PUBLICATION_LAG_MONTHS, past_markers
from monitor.analyze.text import YEAR_RE, Doc, first_since


def _split_top(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression's source."""
    depth, last, out = 0, 0, []
    escaped = False
    for i, ch in enumerate(pattern):
        if escaped:
            escaped = False
            continue
        if ch == "\\":
            escaped = True
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[last:i])
            last = i + 1
    out.append(pattern[last:])
    return out


def _group_end(pattern: str, start: int) -> int:
    """The offset just after the group opening at ``start``."""
    depth = 0
    i = start
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(pattern)


def _starts(pattern: str) -> set[str] | None:
    """The letters every match of ``pattern`` starts with, or None when that is not plain."""
    letters: set[str] = set()
    for alt in _split_top(pattern):
        alt = alt.removeprefix("\\b")
        if alt.startswith("("):
            end = _group_end(alt, 0)
            if alt[end : end + 1] in ("?", "*", "{") or alt.startswith(("(?=", "(?!", "(?<")):
                return None
            inner = alt[3 : end - 1] if alt.startswith("(?:") else alt[1 : end - 1]
            if alt.startswith("(?P<"):
                inner = alt[alt.index(">") + 1 : end - 1]
            found = _starts(inner)
            if found is None:
                return None
            letters |= found
        elif alt[:1].isalpha() and alt[1:2] not in ("?", "*", "{"):
            letters.add(alt[0].lower())
        else:
            return None
    return letters


def _fast(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern)`` behind a lookahead of the letters a match can start with, so
    the regex engine skips every other position at once (two to four times faster on a page);
    the plain pattern when its starts are not plain letters."""
    letters = _starts(pattern)
    if not letters:
        return re.compile(pattern, flags)
    return re.compile("(?=[" + "".join(sorted(letters)) + "])" + pattern, flags)


_N_RELATIVE = len(V.RELATIVE_GRADE_PATTERNS)
_GRADE_RE = _fast(
    r"\b(?:"
    + "|".join(
        f"(?P<g{i}>{pattern})"
        for i, (_, pattern) in enumerate(V.GRADE_PATTERNS)
        if i >= _N_RELATIVE
    )
    + r")\b"
)
# "one notch below good", "a grade short of outstanding": scanned for only when a step noun
# appears (group names as in V.GRADE_PATTERNS)
_RELATIVE_GRADE_RE = _fast(
    r"\b(?:"
    + "|".join(f"(?P<g{i}>{p})" for i, (_, p) in enumerate(V.RELATIVE_GRADE_PATTERNS))
    + r")\b"
)
_STEP_NOUN_RE = re.compile(r"notch|grade|step|rung|level")
_STRONG_RATING_RE = _fast(
    r"\b(?:rated|rates|rate|rating|ratings|judged|judgement|judgment|graded|grade|grades|awarded|given|"
    r"branded|deemed|downgraded|upgraded|found to be|remains?|remained|retains?|retained|"
    r"overall|effectiveness|verdict|out of|improved|improves|improving|condemns|condemned|"
    r"declared|assessed|received|receive|achieve|achieved|achieving|maintain|secured|"
    # the press's verbs of giving a grade: "gave the council a 'good' verdict", "handed the
    # lowest rating", "inspectors found them good"
    r"gave|gives|give|handed|hands|found (?:them|it|services|the services|the council|"
    r"the authority|the local authority)|"
    # "calling it 'inadequate'", "labelled the county council service 'adequate'"
    r"labelled|labeled|call(?:s|ed|ing) (?:it|them|the service|the services)|"
    # "the department, inspected by Ofsted again this winter, is now regarded as 'adequate'"
    r"regarded as|considered)\b"
)
# "Ofsted said the service was 'adequate'", "inspectors found that the council's services
# were good": the inspectorate's own words give the grade, as a rating verb does
_INSPECTORATE_SAID_RE = re.compile(
    r"\b(?:ofsted|inspectors|the watchdog|the inspectorate|the report)\s+(?:said|says|found|"
    r"concluded|decided)(?: that)?\s+(?:the |its |their )?(?:[\w'’]+ ){0,3}?(?:services?|"
    r"council|authority|department)\s+(?:was|were|is|are|has been|have been|had been)"
    r"\W{0,2}$"
)
# "Ofsted rated children's social care services in the town as 'inadequate'": the rating verb
# before a long object, the grade its complement
_RATED_OBJECT_AS_RE = re.compile(
    r"\b(?:rated|rates|rate|rating|judged|judges|judging|graded|grades|grading|deemed|branded|"
    r"assessed)\b[^,;:.()]{0,80}?"
    r"\b(?:as|to be)\W{0,3}$"
)
# the inspectorate or its report describing the council's service as a grade: "The Ofsted report
# described the local authority arrangements for child protection in the borough as
# 'inadequate'" (not a parent's or a councillor's description)
_INSPECTORATE_DESCRIBED_RE = re.compile(
    r"\b(?:ofsted|inspectors?|the inspectorate|watchdog|report)\b[^,;:.()]{0,40}?"
    r"\bdescrib(?:ed|es|ing)\b(?: the| its| their)?(?: [\w'’-]+){0,3} (?:arrangements|services|"
    r"council|authority|department|provision)\b[^,;:.()]{0,60}?\bas\W{0,3}$"
)
# the grade ends its clause: "was good." or "was 'good', and ..." (not "good at listening")
_PREDICATE_END_RE = re.compile(r"^['\"’”]?\s*(?:[,.;:]|$|\band\b|\bbut\b)")
_WEAK_RATING_RE = _fast(r"\b(?:was|were|are|is|be|as|to|from|now|still)\W{0,2}$")
# ("net council 'good' Ofsted rating": the inspectorate's name may come between)
_AFTER_RATING_RE = re.compile(
    r"^\W{0,3}(?:ofsted\W{1,3})?"
    r"(?:-rated|rated|rating|ratings|judgement|judgment|grade|grading|verdict|overall|"
    r"for overall|"
    r"in all|across the board|by ofsted|in every|in (?:three|two|four|most) of)"
)
# a grade named by its rank ("the lowest rating") is this council's only when given to it
_RANK_RE = re.compile(r"(?:rating|grade|judgement)$")
_RANK_VERB_RE = re.compile(
    r"\b(?:given|gave|gives?|handed|hands?|awarded|received|receives?|achieved|achieves?|earned|earns?|gets?|"
    r"got|won|wins?|secured|secures?|retained|retains?|kept|keeps?|maintained|maintains?|"
    r"rated|judged|graded|(?:falls?|fell|dropped|drops?|slipped|slips?|moved|moves?|rises?|"
    r"rose|climbed|climbs?) to)\b"
)
# a line ending "children's services outstanding": a headline's verdict without its verb
_HEADLINE_SERVICES_RE = re.compile(
    r"\bchildren'?s (?:services|social care|social services)\W{0,3}$"
)
# the rest of such a headline: "again", an outlet appended by a news search (" - Yorkshire
# Evening Post", " | BBC News")
_LINE_END_RE = re.compile(
    r"^[\s'\"’‘!.]*(?:(?:again|once more)[\s'\"’‘!.]*)?(?:[-|–]\s+[\w&'’ .-]{2,40})?$"
)
_ANY_GRADE_RE = re.compile(r"\b(?:outstanding|good|inadequate|adequate|improvement)\b")
PAST_BEFORE_RE = _fast(r"\b(?:" + V.PAST_BEFORE + r")\b")
_PAST_AFTER_RE = re.compile(
    r"^\W{0,3}(?:rating |judgement |grade |rated |judged )?(?:last|previously|in the past|"
    r"at the last|at the time|before|(?:by ofsted |in )?(?:\w+ ){0,2}(?:years?|months?) ago|"
    # "rated as 'inadequate' by Ofsted inspectors at one point"
    r"(?:by [\w ]{0,30}? )?at one (?:point|stage|time)|"
    # "branded 'inadequate' by watchdog Ofsted for three years": the time it was held
    r"(?:by [\w ]{0,30}? )?for (?:two|three|four|five|six|seven|eight|nine|ten|\d+) "
    r"years\b(?! running)|"
    # "Borough's 'inadequate' decade ends": the time the grade was held, over
    r"(?:decade|era|years|tag|label|status|spell|stint)\W{0,3} (?:ends|ended|is over|are over|"
    r"comes to an end|came to an end))\b"
)
# "had received a 'good' rating in its previous two inspections": an earlier inspection's
# grade, whatever verb ("received", "now") comes before it
_EARLIER_INSPECTIONS_AFTER_RE = re.compile(
    r"^\W{0,3}(?:rating |judgement |grade )?(?:in|at|during|from) (?:its|their|the|our)"
    r" (?:last|previous|prior|earlier) (?:\w+ )?(?:full |standard )?inspections?\b"
)
# "good (previously requires improvement)", "good (up from inadequate)": the bracket's marker
# looks back to the grade inside it, not to the one before it
_BRACKETED_PREVIOUS_RE = re.compile(
    r"^\s*\((?:[a-z]+ ){0,2}?(?:previously|formerly|was|were|last|from)\b[^)]{0,40}?"
    r"\b(?:outstanding|good|inadequate|improvement|adequate)\b"
)
_CURRENT_BEFORE_RE = _fast(r"\b(?:" + V.CURRENT_BEFORE + r")\b")
# "no longer" looks back; "None have been rated outstanding" gives no council the grade
# (and a grade said to be missed by far: "the result is far from outstanding")
_NEGATION_RE = _fast(r"\b(?:no|not|never|nor|none|cannot|can't|can’t)\b(?! longer)|\bfar from$")
# a sentence that opens on a negative denies all it says, however far its grade ("In no area
# of the service was the council found to be 'outstanding'", "Nowhere was practice good")
_NEGATIVE_LEAD_RE = re.compile(
    r"\W*(?:(?:in|at|on) )?(?:no|none|nowhere|neither)\b(?! (?:doubt|longer)\b)(?= \w)"
)
_OVERALL_RE = re.compile(
    r"overall effectiveness|overall judgement|overall judgment|overall rating|overall grade|"
    r"overall conclusion|overall result|overall outcome|overall verdict|"
    # a sentence opening "Overall, Ofsted rated its children's services as 'good'"
    r"^\W*overall\b"
)
_OVERALL_JUST_BEFORE_RE = re.compile(r"\boverall\W{0,3}$")
# "an overall classification of", "an overall 'good'": overall, just before the grade
_OVERALL_NAMED_RE = re.compile(
    r"\ban overall(?: (?:rating|grade|judgement|judgment|classification|verdict|result) of)?"
    r"\W{0,3}$"
)
_LIST_AFTER_RE = re.compile(
    r"^\W{0,2}\s*(?:or|and|,|/)\s*\W{0,2}(?:outstanding|good|inadequate|requires? improvement)\b"
)
# a grade given to so many of a report's headings ("judged to be 'inadequate' under 15 main
# headings, only 'adequate' under 16 other headings"): a tally, not the overall grade
_TALLY_AFTER_RE = re.compile(
    r"^\W{0,3}\s*under (?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"(?: \w+)?(?: of the)? (?:headings|areas|judgements|judgments|categories|others)\b"
)
_LIST_BEFORE_RE = _fast(
    r"\b(?:outstanding|good|inadequate|improvement|be good)\W{0,2}\s*(?:or|,|/)\s*\W{0,2}$"
)
_BETWEEN_RE = _fast(r"\bbetween\W{0,2}(?:inadequate|good|outstanding|requires? improvement)")
CONTINUE_RE = re.compile(r"\n(?<=[a-z,]\n)(?=[a-z])")  # starts with a literal: fast scan
# the grade's name split by a line break, or by a quote opened inside it ('found it required
# "improvement to be good"')
SPLIT_GRADE_RE = re.compile(
    r"(?=[rR])\b(requires?|requiring|required)(?:\s*\n\s*|\s+[\"'“‘]+)(improvement)", re.I
)
# ", which requires improvement according to Ofsted, ..." / ", whose services were rated ..."
_RELATIVE_CLAUSE_RE = re.compile(r",\s*(?:which|whose|who)\b[^,;:]*$")
_PAREN_OPEN_RE = re.compile(r"\([^()]*$")
# the CQC's grade of a council's adult social care, in a sentence of its own
_ADULT_CARE_RATED_RE = re.compile(
    r"\b(?:cqc|care quality commission)\b.*\badults?'? (?:social care|services|care)\b"
    r"|\badults?'? (?:social care|services|care)\b.*\b(?:cqc|care quality commission)\b"
)
_APPOSITION_BEFORE_RE = re.compile(
    # "North Tyneside Council, itself rated as 'outstanding', ...": another council's aside
    r"\w,\s*(?:currently |already |last |previously |most recently |itself |themselves )?"
    r"(?:rated|judged|graded|deemed)\s+(?:as\s+)?['\"]?$"
)
_APPOSITION_AFTER_RE = re.compile(
    r"^['\"]?(?: to be good)?['\"]?(?: overall)?(?: by (?:ofsted|the inspectorate|inspectors))?"
    r"(?: in (?:19|20)\d\d)?\s*,\s*(?!and\b|but\b|while\b|with\b|up\b|down\b|from\b)"
)
_POSSESSIVE_BEFORE_RE = re.compile(r"(?:\w's|s'|\bits|\btheir)\s+['\"‘’]?$")
# a scale's legend, one grade a sentence: "Grade 4 represented a service that delivered well
# above minimum requirements and is deemed to be excellent/outstanding"
_LEGEND_RE = re.compile(
    r"^\W*(?:an? )?(?:grade|score|level) (?:of )?\d\b[^.]{0,30}?\b(?:represents?|represented|"
    r"means|meant|indicates|indicated|denotes|denoted)\b"
)
_RATING_NOUN_AFTER_RE = re.compile(
    r"^['\"‘’]?\s+(?:ofsted |overall )?(?:rating|grade|judgement|judgment|verdict)\b|"
    # "failures within the council's 'inadequate' children's services": the services named
    # by the grade they hold
    r"^['\"‘’”]\s+(?:children'?s (?:social care )?services|children'?s social care)\b"
)
_KEPT_POSSESSIVE_RE = re.compile(
    r"\b(?:maintained|maintains|maintaining|retained|retains|retaining|kept|keeps|keeping)"
    r"\s+(?:its|their)\s+['\"‘’]?$"
)
# a grade hoped for or foreseen before an inspection, not one it gave
_PREDICTED_BEFORE_RE = re.compile(
    r"\b(?:predict(?:s|ed|ing)?|forecast(?:s|ing)?|expect(?:s|ing)? (?:to (?:get|be|receive)|a)"
    r"|hop(?:e|es|ing) (?:for|to (?:get|achieve|be))|aim(?:s|ing)? (?:for|to (?:get|achieve|be))"
    r"|on (?:course|track) (?:for|to (?:get|achieve|be)))\b[^.;:]{0,40}$"
)
# ... however far its subject reaches: "expects the new Ofsted report into the council's
# children's services to be rated inadequate"
_EXPECTED_GRADE_RE = re.compile(
    r"\bexpect(?:s|ed|ing)?\b[^.;:]{0,150}?\bto be(?: rated| judged| graded)?(?: as)?\W{0,3}$"
)
_FOLLOWING_GRADE_RE = re.compile(r"\bfollowing (?:an? |its |their |the )?(?:[a-z]+ )?\W{0,3}$")
# ... unless the grade is the latest inspection's: "following a 'Good' rating from Ofsted in
# their latest inspection"
_LATEST_AFTER_RE = re.compile(
    r"^[^.;,]{0,40}?\b(?:latest|most recent|recent|new) (?:inspection|report|visit)"
)
_NOW_IN_CLAUSE_RE = _fast(r"\b(?:now|today|this week|latest|just|newly|recently)\b[^,;:]*$")
# (not the adverb: "have since been graded" is what came after, "since then" the same)
_SINCE_CLAUSE_RE = re.compile(
    r"(?<!\bhave )(?<!\bhas )(?<!\bhad )\bsince (?!the first\b|been\b|then\b)[^,;:()]{0,80}$"
)
# "since 2011 when ...", "in 2014, when ...": a when-clause dated by the year before it
_YEAR_WHEN_RE = re.compile(r"\b(?:since|in|back in) ((?:19|20)\d\d),? when\b[^.;:()]{0,100}$")
_WHEN_ARRIVED_RE = re.compile(
    r"^\W*when (?:i|we|she|he|they|our \w+|the new \w+) (?:first )?(?:became|joined|took over|"
    r"arrived|started|took office|came in|was appointed|were elected|was elected)\b[^.;]*?,"
)
# (a sentence's opening, though the page's text runs two sentences into one segment)
_AT_THAT_TIME_RE = re.compile(
    r"(?:^|[.!?:]\s+|\n\W*)at (?:this|that) (?:time|point|inspection)\b[^.!?]*$"
)
_AN_EARLIER_INSPECTION_RE = re.compile(
    r"\b(?:last|previous|prior|earlier) (?:full |main )?(?:[\w']+ ){0,4}?inspection\b"
)
# a grade's object named after it: "brands as 'inadequate' the safeguarding board"
_OBJECT_AFTER_RE = re.compile(r"^\W{0,3}\s*(?:the|its|their) ((?:[a-z'-]+ ){0,2}[a-z'-]+)")
# "In its last review, published in December, the authority scored the lowest possible grade":
# a sentence that opens on the last or previous inspection is about it, whatever its length
_LAST_OPENER_RE = re.compile(
    r"^\W*(?:in|at|during|following|after) (?:its|their|the|our|his|her) (?:last|previous|prior) "
    r"(?:full |main |annual |ofsted )?(?:review|inspection|report|assessment|rating|visit)\b"
)
# "The latest report follows the council being judged as 'inadequate' in November 2009":
# what a report follows, or comes after, was judged before it
_AFTER_BEING_RE = re.compile(
    r"\b(?:follows|followed|following|comes after|came after|after)\b[^,;:()]{0,60}? being "
    r"(?:judged|rated|graded|found|deemed|branded|labelled)(?: as| to be)?\W{0,3}"
    # "after years of being deemed as 'requiring improvement' and 'inadequate'": the grades
    # listed after it are all looked back on
    r"(?:(?:(?:requires?|requiring) improvement|inadequate|good|outstanding|adequate)\W{0,3}"
    r"\s(?:and|or|then)\s\W{0,3})?$"
)
# "concerns raised by Ofsted, which has graded York children's services as 'requires
# improvement'": a clause whose subject is the inspectorate, in the present perfect, gives its
# verdict (in the past tense, "Ofsted, which rated it inadequate in 2018,", it recalls)
_INSPECTORATE_CLAUSE_RE = re.compile(
    r"\b(?:ofsted|inspectors|the watchdog|the inspectorate|the regulator)\s*,\s*(?:which|who)\s+"
    r"(?:has|have)\b[^,;:]*$"
)
# "The report, which found the council's children's services 'requires improvement to be
# good', follows an inspection ...": the clause gives the report's own verdict (not "the 2018
# report, which ...", nor "the previous report")
_REPORT_CLAUSE_RE = re.compile(
    r"\b(?:the|this|its|their|latest|new) (?:ofsted |inspection )?report\s*,\s*(?:which|that)\s+"
    r"(?:found|rated|judged|concluded|says|said|finds|rates|judges)\b[^,;:]*$"
)
_AUTHORITY_OBJECT_RE = re.compile(r"\b(?:the (?:local )?authority|the council|them)\b")
_OVERALL_AFTER_RE = re.compile(r"^['\"’”]?\s*overall\b")
_LEADERS_JUDGEMENT_RE = re.compile(
    r"impact of leaders on social work practice(?: with children and families)?\W{0,3}\s*"
    r"(?:was|is|has been|had been)\s*(?:judged|rated|graded|found|assessed)?\s*(?:as|to be)?"
    r"\W{0,3}$"
)
_VERDICT_OF_RE = re.compile(
    r"\b(?:the|a|its|their) (?:overall )?(?:judgement|judgment|verdict) of\W{0,3}$"
)
_PUBLISHED_NOW_RE = re.compile(
    r"\b(?:publication|published|publishes|released)(?: \w+){0,2}? (?:today|this week|"
    r"this morning|yesterday)\b"
)
# a clause break, or a bracket opening an aside ("good (previously requires improvement)")
_CONCESSION_RE = re.compile(r"\b(?:despite|although|though|whilst|while|whereas)\b")
# (a spaced dash too: "found they required improvement - slipping from their last
# 'outstanding' inspection in 2011": the year is the dash clause's)
_CLAUSE_BREAK_RE = re.compile(r"[,;:(]| [-–—] |\bwith\b|\band\b|\bbut\b")
# "from 'requires improvement' to 'outstanding'", "which was upped to 'requires improvement'
# in the latest inspection": the grade after "to" is the new one
_FROM_TO_RE = _fast(
    # "from 'inadequate' to", "from 'inadequate' in September 2015 to"
    r"\bfrom\W{1,3}[a-z ]{3,40}?\W{0,3}(?:\bin [a-z0-9 ]{3,25}?\W{0,3})?\bto"
    r"(?: (?:an?|the)(?: new)?(?: overall)?)?\W{0,3}$|"
    r"\b(?:upped|raised|moved|improved|"
    r"upgraded|lifted|uplifted|risen|rose|downgraded|dropped|fallen|fell|slipped|"
    r"gone (?:up|down))(?: (?:its|their|the|his|her) (?:rating|grade|judgement)"
    r"(?: for [a-z’' ]{3,40}?)?(?: again)?,?)? to"
    # "upgraded to a 'good' rating", "dropped to an overall 'inadequate'"
    r"(?: (?:an?|the)(?: new)?(?: overall)?)?\W{0,3}$"
    # "gave the services a new rating of 'requires improvement to be good'"
    r"|\ba new (?:overall )?(?:rating|grade|judgement) of\W{0,3}$"
)
# "department morale remains good", "the news is good": the grade word is said of something
# no inspection grades
_OTHER_SUBJECT_RE = _fast(
    # ("the progress which had been made was 'outstanding'": the leader's word for progress)
    r"\b(?:morale|attendance|behaviour|news|weather|feedback|mood|atmosphere|relationships?|"
    r"progress)"
    r"(?: [a-z']+){0,4} (?:remains?|remained|is|was|are|were|has been|had been|looks?|seems?)"
    r"(?: still)?\W{0,3}$"
)
# "work still to be done to achieve a 'good' rating", "an ambition to be outstanding": a goal
_ASPIRATION_RE = _fast(
    r"\b(?:aim(?:s|ing|ed)? (?:to|for)|ambitions? (?:to|of)|target of|on track (?:to|for)|"
    r"working towards?|strive to|striving (?:to|for)|hopes? to|hoping to|wants? to|to be done|"
    r"needed to|needs to|need to|journey to|bid to|push (?:to|for)|goal of|determined to|"
    # "another key point in our journey towards that coveted 'outstanding' rating"
    r"(?:journey|steps?|progress|way|move|road|path|drive|push) towards?|"
    # "on the 'right trajectory' to being rated 'good'"
    r"(?:trajectory|path|road|route|course)\W{0,3} to|"
    r"committed to|commitment to|work to do|"
    r"in order to|"
    r"(?:ambition|aim|goal|target|intention)s? (?:is|was|are|were|remains?) (?:to|for))"
    r"(?:\W{1,3}[a-z']+){0,4}\W{0,3}$"
    # "hoping they can be classed as 'good' by next year"; "Sunderland targets 'good' rating"
    # (not the grade hoped to be left: "hopes it can move out of its 'requires improvement'")
    r"|\bhop(?:es?|ing|ed)\b(?: that)?[^.;]{0,40}?\b(?:can|could|will|would|may|might)\b"
    r"(?:(?!\bout of\b|\bfrom\b|\bleave\b|\bshed\b|\bescape\b)[^.;]){0,30}$"
    r"|\btarget(?:s|ing)?\W{0,3}$"
    # "the council committed to overhaul the service into one rated 'good' in 2019"
    r"|\bcommitted to\b(?! [^.;]{0,40}\bafter\b)[^.;]{0,60}$"
    # "... over the next decade, to ensure ... we get to a place where our service is rated as
    # 'Good' by Ofsted"
    r"|\b(?:get|gets|getting|reach|reaches|reaching) (?:to )?(?:a|the) (?:place|point|stage|"
    r"position) (?:where|when)\b[^.;]{0,60}$"
    # a change that may come, not one made: "It is very rare that a rating will go from
    # 'inadequate' to 'good' in one step"
    r"|\b(?:will|would|could|might|may|can|cannot|can't)(?: not)? (?:go|move|jump|rise|climb)"
    r" (?:straight )?from\b[^.;]{0,40}$"
)
# "a plan designed to elevate X's services from its current 'requires improvement' rating to
# 'good'": the grade a plan aims at (the one it starts from is read as usual)
_AIMED_CHANGE = (
    r"\b(?:(?:designed|intended|planned|plans?|aims?|aiming|seeks?|seeking|wants?|hopes?|"
    # ("told what to improve to move the service's overall effectiveness from 'requires
    # improvement' to 'good'": the inspection's advice)
    r"determined|ambition|bid|recommendations?|actions?|steps|needed|needs?|work|improve|"
    r"what to do) to "
    r"(?:elevate|move|lift|take|raise|improve|bring|get|turn)"
    # "the answer to getting from 'inadequate' to 'good'": the way there, not the arrival
    r"|(?:answer|key|route|road|way|path|steps?) to (?:getting|moving|lifting|taking))\b"
)
_AIMED_CHANGE_RE = _fast(_AIMED_CHANGE + r"[^.;]{0,120}?\bto\W{0,3}$")  # the grade aimed at
# "a plan to improve its services after Ofsted judged them to require improvement": the "to"
# before the grade is the grading verb's ("judged them to"), not the change's destination
_GRADED_TO_RE = _fast(
    r"\b(?:judged|judges|found|finds|deemed|considered|rated|graded|assessed)"
    r"(?: (?!to\b)[\w'’]+){1,5} to\W{0,3}$"
)
_AIMED_FROM_RE = _fast(  # the grade the change starts from
    _AIMED_CHANGE + r"[^.;]{0,80}?\bfrom(?: (?:the|its|their|a))?(?: current)?\W{0,3}$"
)
# a grade said of councils in general, as the framework's rules do ("given to councils
# previously judged good or outstanding", "a council rated good gets a short inspection")
_GENERIC_SUBJECT_RE = _fast(
    r"\b(?:(?:to|for|all|any|other) (?:councils|authorities|local authorities)|a council|"
    r"an authority|a local authority)"
    r"(?: (?:that|which|whose services) (?:are|were|have been|had been|is|was))?"
    r"(?: (?:previously|already|last|currently))? (?:rated|judged|graded|with an?|given an?)"
    r"\W{0,3}$"
    # "apart from councils already 'inadequate', which face a full inspection"
    r"|\b(?:councils|authorities|local authorities) (?:already|currently|previously|still)"
    r"\W{0,3}$"
)
_IMMEDIATE_RE = _fast(
    r"\b(?:from|out of|previously|since|after being|had been|was previously|were previously|"
    r"improvement on|better than|worse than)\b"
)
_JOURNEY_RE = re.compile(
    r"^[^.;]{0,40}?\b(?:(?:in|over|within) (?:just |only |the past |the last )?(?:\w+ )?years?|"
    r"for (?:a decade|(?:\w+ )?years|(?:\w+ )?decades?))\b"
)
_NUMBER_WORDS = (
    r"\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|a hundred|half|a third|a quarter|most|many"
)
# a number of councils with a grade, none named: national statistics, not a council's grade
_COUNT_RE = _fast(
    r"\b(?:" + _NUMBER_WORDS + r")\s+(?:(?:other|more|english|of the|local)\s+)*"
    r"(?:councils?|authorities|areas|were|are|have been|had been|was|received|got)\b"
)
# a grade said to equal the last one: "required improvement which was the same during the last
# inspection in 2019", "good, unchanged from its previous inspection"
_SAME_AS_LAST_RE = re.compile(
    r"^\W{0,3}(?:(?:which|that) (?:was|is|were|are|remains?) )?(?:the same|unchanged)"
    r" (?:as|at|during|from|since|in) (?:at |in |during )?(?:the|its|their|our) "
    r"(?:last|previous|prior|earlier)\b|"
    # "require improvement to be good, as was the case at the last inspection in 2016"
    r"^\W{0,3}as (?:it )?(?:was|were|had been) the case (?:at|in|during|after) (?:the|its|their|"
    r"our) (?:last|previous|prior|earlier)\b|"
    # "rated 'Outstanding' for a second time", "good for the third time running": the grade
    # the last inspection gave too ("for the second time since 2010" counts older ones)
    r"^\W{0,3}(?:overall )?(?:by ofsted )?for (?:a|the) (?:second|third|fourth|fifth)"
    r" (?:consecutive |successive |straight )?time\b(?! since\b)"
)
# "rated inadequate for more than a decade", "for the last eight years": a long-held grade
_HELD_FOR_RE = re.compile(
    r"^\W{0,3}(?:rating |grade )?(?:by ofsted |by the inspectorate )?for (?:more than |over |"
    r"nearly |almost |most of |much of |the (?:past|last|best part of) )?(?:a decade|"
    r"(?:\w+ )?years|(?:\w+ )?decades?)\b|"
    # "which has been rated 'requires improvement' since 2019": held since a year
    r"^\W{0,3}(?:by ofsted )?since (?:19|20)\d\d\b"
)
# "rated inadequate in 2016, (it) has now improved to good": the grade a change starts from
_CHANGED_TO_RE = re.compile(
    r"^[^.;]{0,60}?\b(?:has |have |had )?(?:now |since )?(?:improved|moved|risen|rose|"
    r"climbed|jumped|been upgraded|gone up) to\b"
)
# the sentence before a grade names the last inspection: the grade just before this one
_LAST_INSPECTION_RE = _fast(
    r"\b(?:last (?:full |standard |previous )?inspect(?:ion|ed)|at the last|"
    r"previous (?:full |standard )?inspection)\b"
)
# "no longer inadequate after Ofsted rated them requires improvement": "after" introduces
# this inspection, not an earlier one
# ("two years after inspectors rated them requires improvement" looks back: a time before
# "after" dates the grade to an earlier inspection)
_AFTER_EVENT_RE = _fast(
    r"\b(?<!years )(?<!year )(?<!months )(?<!decade )after "
    r"(?:ofsted|inspectors|the inspectorate|an? (?:ofsted )?inspection|the inspection)"
    r" (?:\w+ )?(?:rated|judged|graded|found|gave|awarded|deemed)\b"
)
# "rated inadequate in 2010, requires improvement in 2015 and good in 2018": a council's
# history, each grade with its year, not a grading scale
_GRADE_YEAR_RE = re.compile(
    r"\b(?:outstanding|good|inadequate|adequate|improvement(?: to be good)?)\W{0,3} "
    r"(?:in|\() ?(?:19|20)\d\d\b"
)


# a reporting verb and "that" (minutes, letters, press: "members were informed that", "she
# reported that", "members were pleased to note that"): the tense after it is shifted back
_REPORTED_RE = re.compile(
    r"\b(?:reported|said|says|told|explained|noted|note|confirmed|informed|advised|announced|"
    r"stated|heard|updated|highlighted|welcomed the news)\b[^.;:]{0,120}?\bthat\b"
)

# "The inadequate rating comes four years after the last inspection": the grade measured on
# from the last one
_REPORT_VERDICT_RE = re.compile(
    r"\bthe overall judgement is that (?:the )?(?:local authority's )?[\w'’ ,]{0,80}? (?:are|is) "
    r"['\"‘“]?$"
)
_COMES_AFTER_RE = re.compile(
    r"^['\"’”]?\s*(?:ofsted )?(?:rating|grade|judgement|judgment|verdict)\s+"
    r"(?:comes|came|follows|followed)\s+(?:\w+\s+){0,3}?(?:years?|months?)\s+"
    r"(?:after|since)\b"
)


# two grades side by side, as a scale or a tally lists them
_LISTED_GRADES_RE = re.compile(
    r"\b(?:outstanding|good|inadequate|adequate|improvement(?: to be good)?)['\"’‘]?"
    r"(?:\s*(?:,|/|or|and|to)\s*|\s+)['\"’‘]?(?:(?:requires?|requiring) improvement|outstanding|"
    r"good|inadequate|adequate)\b"
)
# a grade after its own rating verb ("rated as good", "judging the authority to be inadequate")
_VERB_GRADE_RE = re.compile(
    r"\b(?:rated|judged|judging|graded|deemed|found)\b[^,;.]{0,40}?\b(?:as |to be )?['\"’‘]?"
    r"(?:outstanding|good|inadequate|adequate|requires? improvement|requiring improvement)\b"
)


# "rated outstanding in 2019", "now rated Outstanding (2019)"
_BARE_YEAR_AFTER_RE = re.compile(
    r"['\"’]?(?: overall)?(?: by ofsted)?(?: in |\s*\()((?:19|20)\d\d)\b"
)


_MONTH_NAMES = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
)
_MONTH_NUMBERS = {name[:3]: i for i, name in enumerate(_MONTH_NAMES.split("|"), start=1)}


_MONTH_YEAR_RE = re.compile(r"\b(" + _MONTH_NAMES + r"),? ((?:19|20)\d\d)\b")


def month_said(text: str) -> dt.date | None:
    """The first month and year ``text`` names ("in November 2017"), as its first day."""
    m = _MONTH_YEAR_RE.search(text)
    return dt.date(int(m.group(2)), _MONTH_NUMBERS[m.group(1)[:3]], 1) if m else None


_TIME_AFTER_RE = re.compile(
    r"\b(?:years?|months?|decades?|weeks?) after\b(?! (?:ofsted|inspectors|the inspectorate|an? "
    r"(?:ofsted )?inspection|the inspection) (?:\w+ )?(?:rated|judged|graded|found|gave|awarded))"
    r"(?:(?! - )[^,.;:–—])*$"  # to the grade, within one clause (a dash ends it)
)


# a grade and the inspection that gave it, by its year: "'requires improvement' following
# Ofsted's most recent full inspection in 2016"
_INSPECTION_YEAR_AFTER_RE = re.compile(  # (matched from the grade's end: no "^")
    r"['\"’”]?\s+(?:following|after|at|in) (?:ofsted's |its |their |the |an? )?"
    r"(?:most recent |last |latest |previous )?(?:full |standard |ofsted )?inspection "
    r"(?:in|of) (?:[a-z]+ )?((?:19|20)\d\d)\b"
)
# "the last inspection in 2019 where it was rated", "the previous inspection, when it was"
_LAST_WHERE_RE = re.compile(
    r"\b(?:last|previous|prior) (?:full |standard )?inspection\b[^,;.:]{0,40}?"
    r"\b(?:where|when|at which|in which)\b[^,;.:]{0,50}$"
)
# "In February 2019 it rated": a month and year before the grade, in its own clause
_MONTH_YEAR_BEFORE_RE = re.compile(
    r"(?<!since )\b(?:in|during|by) (?:early |late |mid-?)?(" + _MONTH_NAMES + r") "
    r"((?:19|20)\d\d)\b(?![^,;]*\b(?:and|but|while|whereas)\b)"
)
# a report is published within a few months of its inspection: a month this far before the
# story is an earlier inspection's
_NEWS_MONTHS = 9


_MONTH_YEAR_AFTER_RE = re.compile(
    r"^['\"’”]?(?:\s+(?:ofsted\s+)?(?:rating|grade|judgement|judgment))?\s+(?:in|during) "
    r"(?:early |late |mid-?)?(" + _MONTH_NAMES + r") ((?:19|20)\d\d)\b"
)


def _month_dated_back(doc: Doc, before_text: str, after: str) -> bool:
    """The grade's clause dates it by a month and year long before the story's own date
    ("In February 2019 it rated the service 'inadequate'", "handed the lowest rating in March
    2019")."""
    if doc.ref_date is None or doc.year_guessed:
        return False
    found = _MONTH_YEAR_AFTER_RE.match(after) or _MONTH_YEAR_BEFORE_RE.search(before_text)
    if found is None:
        return False
    month = _MONTH_NUMBERS[found.group(1)[:3]]
    gap = (doc.ref_date.year - int(found.group(2))) * 12 + doc.ref_date.month - month
    return gap > _NEWS_MONTHS


def _recalled_year(year: int, published: dt.date, other_news: bool = False) -> bool:
    """Does a bare year stated after a grade, in a story of that date, recall an older one?
    A story of January to March (``PUBLICATION_LAG_MONTHS``) can give the previous year as this
    inspection's ("rated good in 2025" of a December inspection reported in February 2026).
    ``other_news``: the headline is about something else ("Durham council to open five
    children's homes"): a grade of last year in its body is no news of the publication lag."""
    if year >= published.year:
        return False
    return year < published.year - 1 or published.month > PUBLICATION_LAG_MONTHS or other_news


# a headline about an inspection or its grade
_TITLE_NEWS_RE = re.compile(
    r"\b(?:ofsted|inspect\w*|rated|rating|judged|graded|grades?|verdict|watchdog|outstanding|"
    r"good|inadequate|requires? improvement|failing|improving)\b"
)


def _title_news(doc: Doc) -> bool:
    """The headline speaks of an inspection or a grade (true when there is no headline)."""
    return doc.title_end == 0 or _TITLE_NEWS_RE.search(doc.lower, 0, doc.title_end) is not None


_YEAR_AFTER_RE = re.compile(r"\W{0,3} (?:in|\() ?(?:19|20)\d\d\b")


def _dated_history(seg_low: str) -> bool:
    return len(_GRADE_YEAR_RE.findall(seg_low)) >= 2


def _rated_history(seg_low: str) -> bool:
    """ "Judging the authority to be inadequate, Ofsted said services had declined since the
    last inspection, where services were rated as good overall and leadership rated as
    outstanding": this inspection and the last one, each grade said with its own verb; a scale
    lists its grades side by side ("outstanding, good, requires improvement or inadequate")."""
    return (
        _LAST_INSPECTION_RE.search(seg_low) is not None
        and _LISTED_GRADES_RE.search(seg_low) is None
        and len(_VERB_GRADE_RE.findall(seg_low)) >= 3
    )


def _count_before(lower: str, lo: int, hi: int) -> bool:
    """A number of councils before a grade ("30 were judged adequate"), not one that points
    back to councils named ("all four had been judged", "both were rated")."""
    m = _COUNT_RE.search(lower, lo, hi)
    return m is not None and not re.search(
        r"\b(?:all|each of the|both of the)\s+$", lower[lo : m.start()]
    )


_SMALL_COUNT_RE = re.compile(r"\b(two|three|four|five|six)\s+(?:councils|authorities|areas)\b")


def _counted_then_named(doc: Doc, seg: int, named_segs: set[int], pos: int) -> bool:
    """ "Children's services at three councils rated good" and the three named in the lead:
    a roundup's count, not national statistics."""
    seg_start = doc.segs[seg][0]
    if _SMALL_COUNT_RE.search(doc.lower, max(seg_start, pos - 60), pos) is None:
        return False
    # the next three sentences, not counting a photo's credit line ("Picture: Phil Adams"),
    # page noise between the lead and the paragraph that names the councils
    seen = 0
    for s in range(seg + 1, len(doc.segs)):
        if s in named_segs:
            return True
        if not _CREDIT_RE.match(doc.seg_text(s).lower()):
            seen += 1
            if seen >= 3:
                return False
    return False


_CREDIT_RE = re.compile(r"\W*(?:picture|photo|photograph|image|credit|source)\s*:")


_KEPT_RE = _fast(
    r"\b(?:remains?|remained|retains?|retained|retaining|maintain|maintained|maintaining|still|"
    r"sustains?|sustained|sustaining|continues? to|continued to|kept|keeps|keeping|"
    r"(?:held|holds?|holding|hung|hangs?|clung|clings?) on ?to)\b"
)
# a grade said to be kept, not merely not yet bettered ("still requires improvement" after
# inadequate)
_HELD_ON_RE = re.compile(
    r"\b(?:remains?|remained|retains?|retained|retaining|maintained|maintaining|kept|keeps|"
    r"keeping|sustains?|sustained|sustaining|"
    r"(?:held|holds?|holding|hung|hangs?|clung|clings?) on ?to)\b"
)
CLAUSE_SPLIT_RE = re.compile(r"[;,]|\bwhile\b|\bwhereas\b|\bbut\b")
_AREA_RE = _fast(
    r"\b("
    + "|".join(re.escape(a) for a in sorted(V.SUB_JUDGEMENT_AREAS, key=len, reverse=True))
    + r")\b"
)
_CONTRAST_BREAK_RE = re.compile(r",\s*(?:while|whilst|whereas|but)\b")
_LEADERSHIP_SUBJECT_RE = re.compile(
    r"(?:^|\bthat )\W*(?:the )?(?:senior |strategic )?(?:leadership|leaders)\b"
    r"(?! of\b)[^,;:]{0,100}?\b(?:was|were|is|are|has been|have been|had been)\b\W{0,3}"
    r"(?:(?:rated|judged|graded|found|deemed)\s+)?(?:as |to be )?\W{0,3}$"
)
_BOARD_RE = re.compile(r"safeguarding children(?:'s)? board|\b[a-z]*lscb\b")
_BOARD_AND_SERVICES_RE = re.compile(
    r"(?:safeguarding children(?:'s)? board|\blscb)\W*\s*(?:and|&)\s+(?:the )?"
    r"(?:council's |local authority's )?children'?s services\b|"
    r"\bchildren'?s services\W*\s*(?:and|&)\s+(?:the |its )?(?:local )?"
    r"(?:safeguarding children(?:'s)? board|lscb)\b"
)
_COUNCIL_SERVICES_RE = re.compile(
    r"children'?s services|services for children|social care|the council|the local authority|"
    r"the corporation"
)


_SELF_ASSESSMENT_RE = re.compile(r"\bself[- ]?(?:assessment|evaluation|assessed|evaluated)\b")
# the inspectorate named in a few plain words
INSPECTORS_RE = re.compile(r"\b(?:ofsted|inspectors?|inspectorate|watchdog)\b")


# an authority the text does not name is the grade's subject, in the clause before it: "a
# nearby authority had progressed from an 'inadequate' to a 'good' rating", "another council
# rated outstanding", "neighbouring authorities judged good" (a comparison, not this council)
_UNNAMED_AUTHORITY_RE = re.compile(
    r"\b(?:another|a (?:nearby|neighbouring)|nearby|neighbouring|(?<!the )other)\s+"
    r"(?:local\s+)?(?:authorit(?:y|ies)|councils?)\b"
)
# where the grade's clause begins, looking back from it
_CLAUSE_START_RE = re.compile(r"[,;:]|\b(?:and|but|while|whereas)\b")


def _unnamed_authoritys(doc: Doc, r: _Reading) -> bool:
    """An authority the text does not name is the subject of the grade's clause (the text as
    written: a council's name is never "a nearby authority")."""
    clause = doc.lower[max(r.seg_start, r.m.start() - 100) : r.m.start()]
    starts = list(_CLAUSE_START_RE.finditer(clause))
    if starts:
        clause = clause[starts[-1].end() :]
    return _UNNAMED_AUTHORITY_RE.search(clause) is not None


def _self_assessed(lower: str, start: int, end: int) -> bool:
    """The council's self-assessment gives the grade ("The local authority self-assessment,
    dated June 2015, assessed most services as good"), with no inspector named after it."""
    found = list(_SELF_ASSESSMENT_RE.finditer(lower, start, end))
    return bool(found) and INSPECTORS_RE.search(lower, found[-1].end(), end) is None


def _board_subject(lower: str, start: int, end: int) -> bool:
    """The safeguarding board is the subject of the grade, and no mention of the council's
    services comes between ("The City & Hackney Local Safeguarding Children Board has become
    the first in the country to receive an 'outstanding' judgement")."""
    boards = list(_BOARD_RE.finditer(lower, start, end))
    return bool(boards) and _COUNCIL_SERVICES_RE.search(lower, boards[-1].end(), end) is None


# "..., with this forming the overall rating": the grade before it is the overall one
_MAKES_OVERALL_RE = re.compile(
    r"^['\"’”]?,?\s*(?:with |and )?(?:this|which|that)\s+(?:forming|forms|formed|being|is|was|"
    r"became|becomes|also being)\s+(?:the|its|their)\s+overall\b"
)
# a list item naming the overall judgement ("• Overall effectiveness")
_LISTED_OVERALL_RE = re.compile(r"\n\W{0,6}(?:the )?overall effectiven")
# safeguarding joined to another area before it (the older frameworks' two headline
# judgements): "safeguarding and adoption services", "safeguarding arrangements and services"
_SAFEGUARDING_AND_RE = re.compile(r"\bsafeguarding\b(?: [\w'’-]+){0,2} and\b")
_PRE_SIF_YEAR_RE = re.compile(r"\b(?:200\d|201[0-3])\b")
# the areas so graded, listed after it, the overall judgement among them: "The aspects requiring
# improvement included the impact of leaders, ... and the service's overall effectiveness"
_INCLUDES_OVERALL_RE = re.compile(
    r"['\"’”]?\s*(?:(?:in|across|for) (?:\w+ ){1,2}(?:categories|areas|judgements),? )?"
    r"(?:included|includes|include|including)\b[^.;]*?\boverall effectiven"
)
# ... or listed straight after it, the areas' names after a comma: "Three areas still require
# improvement, the experiences and progress of children who need help and protection, the
# overall effectiveness, and ..." (no other grade between)
_LIST_WITH_OVERALL_RE = re.compile(
    r"['\"’”]?,\s+(?:the )?(?:experiences?|impact|overall)\b([^.;]{0,200}?)\boverall effectiven"
)
# an ILACS area heading opening a sentence, as its subject
_AREA_SUBJECT_RE = re.compile(
    r"^\W*(?:the )?(?:experiences? and progress of (?:children|care leavers)[a-z ,]{0,40}?"
    r"(?= (?:was|were|is|are|has|have|received|remains?|remained)\b)|impact of leaders\b"
    r"[a-z ,]{0,60}?(?= (?:was|were|is|are|has|have|received|remains?|remained)\b))"
)
_GRADE_NOUN_RE = re.compile(r"\b(?:outstanding|good|inadequate|improvement)\W{1,3}$")
_AREA_LIST_GAP_RE = re.compile(r"[\s,]*(?:and\s+)?(?:children\s+|the\s+)?$")
_COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_COUNTS.update({str(n): n for n in range(1, 8)})
# a list's shared grade: "... were all deemed inadequate", "all rated good"
_ALL_GRADED_RE = re.compile(
    r"\b(?:were|are|was|have been) all\b|\ball (?:deemed|judged|rated|found)\b"
)
# the overall grade's noun joined to the capacity to improve: "performance and capacity"
_OVERALL_AND_RE = re.compile(
    r"\b(?:performance|effectiveness|services|safeguarding|provision) and (?:its |their |the )?$"
)
# grades counted: "four grades of 'outstanding'", "six ratings of good", and "nine
# 'outstanding' grades out of 22" (`_COUNT_BEFORE_RE` then `_GRADES_AFTER_RE`)
_COUNTED_GRADES_RE = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|\d) (?:grades|ratings|judgements) of\W*$"
)
_COUNT_BEFORE_RE = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\W{0,3}$"
)
_GRADES_AFTER_RE = re.compile(r"^\W{0,3}(?:grades|ratings|judgements)\b")
_SOME_AREAS_RE = re.compile(
    r"\W*\s*in (one|two|three|four|five|\d) (?:out )?of (?:the |its |their )?"
    r"(?:(two|three|four|five|six|seven|\d) )?(?:\w+ )?"
    r"(?:areas|categories|judgements|judgments|key judgements)\b"
)
_EVERY_BEFORE_RE = re.compile(r"\b(?:all|every|each|all (?:four|three|five|seven) )\s*$")
_ALL_AREAS_RE = re.compile(
    r"\b(?:all|every|each|most|\w+ of (?:the )?\w+) (?:areas?|categories|category|judgements?)\b"
)


@dataclass
class Grade:
    grade: str
    start: int
    end: int
    seg: int
    weight: float
    past: bool
    sub: str | None
    overall: bool
    year: int | None
    from_: bool
    background: bool = False  # inside ", which ... ," : recalled in passing, not reported
    # the grade a change is measured from: 2 "at the last inspection", 1 "up from",
    # "previously", "has since improved to"; 0 not said
    immediate: int = 0
    # named by its rank ("the lowest rating"): a grade, but too often a comparison ("one of
    # the councils, with X and Y, given the top grade") to tell whose it is
    ranked: bool = False
    # the grade a change arrives at ("uplifted its rating ... to 'good'", "dropped to"): the
    # outcome the story reports
    changed: bool = False
    # its year said just after it ("requires improvement in 2017"), not only somewhere in its
    # sentence
    dated: bool = False


def _grade_name(match: re.Match[str]) -> str:
    for name, value in match.groupdict().items():
        if value is not None:
            return V.GRADE_PATTERNS[int(name[1:])][0]
    raise RuntimeError("grade pattern matched no group")


_STEPS_RE = re.compile(
    r"\b(?:rating|grade|judgement|service|services)\b[\w' ]{0,20}? from (?:an? )?\W?"
    r"(?:outstanding|good|requires? improvement|inadequate)\W? to\b"
)
# a grade placed on the scale the sentence goes on to name ('official rating is "adequate" -
# which is one above the lowest rating - "inadequate", and two below the top rating', 'rated
# "requires improvement" - the second lowest of four ratings'): the grade, not the scale
_PLACED_ON_SCALE_RE = re.compile(
    r"""['"’”]?\W{0,3}\s*(?:[-–—,(]\s*)?(?:which is |the )?(?:(?:one|two|three) (?:above|below)|"""
    r"(?:second|third)[ -](?:lowest|highest|best|worst)|(?:second|third) from the)\b"
)
_SINCE_BETWEEN_RE = re.compile(r"\b(?:since|despite)\b")
# (a contrast opens a clause with or without its comma: "rated good whereas in May 2013 they
# had received ...")
_YEAR_CLAUSE_BREAK_RE = re.compile(
    r",\s*(?:and|but|while|whilst|whereas)\b|;|\bwhereas\b|\bwhilst\b"
)


def _nearest_year(doc: Doc, seg: int, pos: int, pos_end: int | None = None) -> int | None:
    """The year nearest a grade in its sentence (from its end for a year after it: "requires
    improvement in 2015" is 2015's, not that of "inadequate in 2010" just before)."""
    start, end = doc.segs[seg]
    best: tuple[int, int] | None = None
    for m in YEAR_RE.finditer(doc.text, start, end):
        after_end = pos_end is not None and m.start() >= pos_end
        distance = (
            m.start() - pos_end if after_end and pos_end is not None else abs(m.start() - pos)
        )
        between = (
            doc.lower[pos_end : m.start()]
            if after_end and pos_end is not None
            else doc.lower[m.end() : pos]
        )
        if after_end and _SINCE_BETWEEN_RE.search(between):
            continue  # "... despite improvements since the last full inspection in 2019"
        if _YEAR_CLAUSE_BREAK_RE.search(between):
            # "In 2014 the council was rated inadequate, and in 2017 inspectors said ...": a
            # year across a clause break is the other clause's (not across a dash, which may
            # add the same event's detail: "the last taking place in 2018 - where it was rated
            # 'good'")
            continue
        if best is None or distance < best[0]:
            best = (distance, int(m.group()))
    return best[1] if best else None


def _table_context(doc: Doc, seg: int) -> tuple[bool, str | None]:
    """For a grade alone on its line, the row label a few lines up."""
    for back in range(seg - 1, max(-1, seg - 5), -1):
        label = doc.seg_text(back).lower().strip()
        if _GRADE_RE.fullmatch(label.strip(" '\"-:")) or YEAR_RE.fullmatch(label) or not label:
            continue
        if "overall" in label:
            return True, None
        area = _AREA_RE.search(label)
        return False, V.SUB_JUDGEMENT_AREAS[area.group(1)] if area else None
    return False, None


_COUNTED_ON_RE = re.compile(
    r"\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten|\d+) (?:years?|months?) later\b"
)
_SINCE_ADVERB_RE = re.compile(r"\b(?:has|have|had) since\b|\bsince then\b")
# a contrast that turns to the present: "rated 'inadequate' back in early 2022, but the
# watchdog's latest monitoring report gave it an overall rating of 'good'"
_BUT_NOW_RE = re.compile(
    r"\bbut\b[^.;]{0,60}?\b(?:latest|most recent|newest|new|now|this time|today)\b"
)


def _looks_back(lower: str, markers: list[int], start: int, end: int) -> bool:
    """A sentence's looking-back markers reach the grade after them when no other grade comes
    between ("previously good, now judged to require improvement": "previously" is "good"'s),
    or a grade before them in the same clause with no other grade between ("rated good, ...
    since its last inspection" keeps "good" current); not past an adverb "since" ("... last
    year, but has since been rated")."""
    return any(
        (
            pos < start
            and not _ANY_GRADE_RE.search(lower, max(pos, lower.find(" ", pos)), start)
            # "chosen as a partner last year, but has since been graded ...": what came after
            and not _SINCE_ADVERB_RE.search(lower, pos, start)
            and not _BUT_NOW_RE.search(lower, pos, start)
        )
        or (
            pos >= start
            and not _CLAUSE_BREAK_RE.search(lower, end, pos)
            # "moved its rating to 'good' from requires improvement in 2015": a marker after
            # two grades is the nearer one's
            and not _ANY_GRADE_RE.search(lower, end, pos)
            # "... 'requires improvement to be good' despite acknowledging improvements since
            # the last full inspection": a concession is another clause
            and not _CONCESSION_RE.search(lower, end, pos)
        )
        for pos in markers
    )


def _collapse_names(doc: Doc, lo: int, hi: int, spans: list[tuple[int, int]]) -> str:
    """doc.lower[lo:hi] with each council name as one word, so that "rated Windsor and
    Maidenhead Council's services good" is as near its rating word as "rated Wigan's"."""
    out: list[str] = []
    pos = lo
    for start, end in spans:
        if start >= lo and end <= hi:
            out.append(doc.lower[pos:start])
            out.append("council")
            pos = end
    out.append(doc.lower[pos:hi])
    return "".join(out)


# Words that may follow a grade read as a rating ("good overall", "good in 2019", "a good
# authority"); any other word makes an unquoted good/outstanding praise of a noun ("receive
# good help", "outstanding work").
_RATING_FOLLOWERS = frozenset(
    [
        "rating",
        "ratings",
        "rated",
        "grade",
        "grades",
        "grading",
        "judgement",
        "judgment",
        "verdict",
        "overall",
        "by",
        "in",
        "for",
        "at",
        "and",
        "or",
        "with",
        "across",
        "since",
        "from",
        "to",
        "after",
        "following",
        "on",
        "under",
        "but",
        "as",
        "when",
        "this",
        "last",
        "again",
        "authority",
        "authorities",
        "council",
        "councils",
        "local",
        "children's",
        "childrens",
        "services",
        "service",
        "status",
        "result",
        "outcome",
        "report",
        "inspection",
        "ofsted",
        # a conjunction or relative opens the next clause ("rated good whereas in 2013 they
        # had received ..."): no noun the word could describe
        "whereas",
        "while",
        "whilst",
        "although",
        "though",
        "because",
        "which",
        "now",
        "until",
    ]
)
_NEXT_WORD_RE = re.compile(r"^ ([a-z][a-z']*)")
# Words that open a sentence and are no noun a grade could describe: capitalised after a
# lower-case grade, the start of the next sentence
_SENTENCE_OPENERS = frozenset(
    ["the", "this", "these", "it", "its", "there", "they", "their", "we", "our", "inspectors"]
)
_EARLIER_BEFORE_RE = re.compile(r"\b(?:last|previous|prior|earlier) ['\"‘’“]?$")
_QUOTED_NEXT_WORD_RE = re.compile(r"^['\"’”]? ([a-z][a-z']*)")


def _quoted_name(text: str, start: int, end: int) -> bool:
    """The grade word is capitalised and quoted: 'Good', "Outstanding"."""
    return (
        start > 0
        and text[start - 1] in "'\""
        and text[end : end + 1] in ("'", '"')
        and text[start].isupper()
    )


def _praise(doc: Doc, start: int, end: int, after: str) -> bool:
    """An unquoted "good"/"outstanding" followed by a noun it describes ("good help"); not an
    earlier inspection named by its grade ("an improvement on the last Good inspection"), nor
    a grade that ends a sentence whose full stop was lost when a report was flattened to one
    line ("The overall judgement is that children's services are good The local authority
    leads ...")."""
    lower = doc.lower
    if start > 0 and lower[start - 1] in "'\"":
        return False
    nxt = _NEXT_WORD_RE.match(after)
    if nxt is None or nxt.group(1) in _RATING_FOLLOWERS:
        return False
    if nxt.group(1) in _SENTENCE_OPENERS and doc.text[end + 1 : end + 2].isupper():
        return False
    return not _earlier_inspection_named(lower, start, after)


def _earlier_inspection_named(lower: str, start: int, after: str) -> bool:
    """ "an improvement on the last Good inspection": an earlier inspection named by its
    grade (quoted or not: "slipping from their last 'outstanding' inspection in 2011")."""
    nxt = _QUOTED_NEXT_WORD_RE.match(after)
    return (
        nxt is not None
        and nxt.group(1) in ("inspection", "inspections", "report")
        and _EARLIER_BEFORE_RE.search(lower, max(0, start - 12), start) is not None
    )


# Every grade pattern contains one of these words; a grade match starts at most
# _ANCHOR_BEFORE characters before its word and ends within _ANCHOR_AFTER after it.
_GRADE_ANCHORS = (
    "improv",
    "adequate",
    "outstanding",
    "good",
    "perform",
    "one star",
    "highest",
    "lowest",
    "best possible",
    "second best",
    "second-best",
    " top ",
    "worst",
    "placed in special",
    "put in special",
    "placed into special",
    "put into special",
    "serious failure",
)
_ANCHOR_BEFORE, _ANCHOR_AFTER = 40, 60
# a grade as a bound, not a grade: "moved from a rating below Good to Outstanding", "councils
# rated less than good" (a range of grades; "one notch below good" is a relative grade)
_BOUND_RE = re.compile(
    r"(?<!notch )(?<!notches )(?<!grade )(?<!grades )(?<!step )(?<!steps )(?<!level )"
    r"(?<!levels )(?<!rung )(?<!rungs )"
    r"\b(?:below|less than|lower than|worse than|better than|higher than|short of)"
    r" (?:an? |the )?(?:(?:rating|grade|judgement|judgment) of )?['\"‘’]?$"
)


def _grade_matches(lower: str) -> list[re.Match[str]]:
    """``_GRADE_RE.finditer(lower)``, scanning only the windows around the anchor words
    (found with str.find, several times faster than the regex trying every position)."""
    anchors = []
    for word in _GRADE_ANCHORS:
        at = lower.find(word)
        while at != -1:
            anchors.append(at)
            at = lower.find(word, at + 1)
    if not anchors:
        return []
    anchors.sort()
    windows: list[list[int]] = []
    for at in anchors:
        lo, hi = max(0, at - _ANCHOR_BEFORE), min(len(lower), at + _ANCHOR_AFTER)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    found = [
        m
        for lo, hi in windows
        for m in _GRADE_RE.finditer(lower, lo, hi)
        if not _BOUND_RE.search(lower, max(0, m.start() - 30), m.start())
    ]
    if _STEP_NOUN_RE.search(lower) is None:
        return found
    relative = [m for lo, hi in windows for m in _RELATIVE_GRADE_RE.finditer(lower, lo, hi)]
    if not relative:
        return found
    # a grade word inside a relative grade ("good" in "one notch below good") is its base
    kept = [m for m in found if not any(r.start() <= m.start() < r.end() for r in relative)]
    return sorted(kept + relative, key=lambda m: m.start())


# what joins two subjects of one grade: "X and Y", "X, Y", and a place after the first ("Waltham
# Forest in London and St Helens in Lancashire"), and a title before the second ("Westminster,
# and Royal Borough Kensington and Chelsea")
JOINED_RE = re.compile(
    r"^(?: in [a-z]+(?: [a-z]+)?)?\s*(?:,|and|&|or|,\s*and)?\s*"
    r"(?:the )?(?:(?:royal|london) borough(?: of)?\s*)?$"
)


def _name_spans(doc: Doc, mentions: list[Mention]) -> list[tuple[int, int]]:
    """Council names as spans, a list of them joined by commas and "and" as one ("rated
    Derbyshire, Nottinghamshire and Rutland good" is as near its rating word as "rated Wigan")."""
    if len(mentions) < 2:
        return [(m.start, m.end) for m in mentions if " " in m.surface]
    spans: list[tuple[int, int]] = []
    for m in sorted(mentions, key=lambda m: m.start):
        if spans and JOINED_RE.match(doc.lower[spans[-1][1] : m.start]):
            spans[-1] = (spans[-1][0], m.end)
        else:
            spans.append((m.start, m.end))
    return [(a, b) for a, b in spans if " " in doc.lower[a:b]]


# a row of a list giving a council its grade: "- Blackburn with Darwen: good", "Barnsley -
# outstanding", "Sutton Council: 'requires improvement'", "Surrey | Good"
_ROW_BEFORE_RE = re.compile(r"^[\s\-•*>|\d.)]*$")
_ROW_BETWEEN_RE = re.compile(
    r"^(?:'s)?(?: (?:borough |county |city |district |metropolitan borough )?council)?"
    r"(?:'s children's services)?\s*[:|-]\s*['\"]?$"
)
# the heading of a table's column of grades ("Council | Overall effectiveness | Previous")
_PREVIOUS_COLUMN_RE = re.compile(r"\b(?:previous|previously|last|before|earlier|prior|old)\b")
_CURRENT_COLUMN_RE = re.compile(
    r"\b(?:overall|judgements?|judgments?|grades?|ratings?|effectiveness|outcomes?|results?|"
    r"latest|new|now|current)\b"
)


def _table_column(doc: Doc, pos: int) -> str | None:
    """For a grade in a row of a table set out with "|", what its column's heading says:
    "previous" (the row's earlier grade: "Previous", "Last inspection"), "current" ("Overall
    effectiveness", "Rating") or None (no heading found)."""
    lower = doc.lower
    line_start = lower.rfind("\n", 0, pos) + 1
    column = lower.count("|", line_start, pos)
    end = line_start - 1
    for _ in range(8):  # the heading is a few rows up at most
        if end <= 0:
            return None
        start = lower.rfind("\n", 0, end) + 1
        line = lower[start:end]
        end = start - 1
        if line.count("|") < column or "|" not in line:
            continue
        if _ANY_GRADE_RE.search(line):
            continue  # another row of grades
        heading = line.split("|")[column]
        if _PREVIOUS_COLUMN_RE.search(heading):
            return "previous"
        return "current" if _CURRENT_COLUMN_RE.search(heading) else None
    return None


def _list_row(doc: Doc, seg: int, start: int, in_seg: list[Mention]) -> bool:
    seg_start = doc.segs[seg][0]
    return any(
        _ROW_BEFORE_RE.match(doc.lower[seg_start : m.start])
        and _ROW_BETWEEN_RE.match(doc.lower[m.end : start])
        for m in in_seg
        if m.end <= start
    )


_SERVICES_FOR_RE = re.compile(r"\bservices (?:for|to)\b[a-z' ]{0,30}$")


def _remit_list_ends(doc: Doc, spans: list[tuple[int, int]], lo: int, hi: int) -> bool:
    """The nearest area before a grade ends a list of two or more areas (only commas and "and"
    between them) within twenty-four words: the inspection's whole remit, not one area."""
    words = _collapse_names(doc, lo, hi, spans).split()[-24:]
    window = " ".join(words)
    contrasts = list(_CONTRAST_BREAK_RE.finditer(window))
    if contrasts:
        window = window[contrasts[-1].end() :]
    areas = list(_AREA_RE.finditer(window))
    run = 1
    for a, b in itertools.pairwise(reversed(areas)):
        if not _AREA_LIST_GAP_RE.match(window, b.end(), a.start()):
            break
        run += 1
    # the list is what the services are for ("services for children who need help and
    # protection, ..."), not what a finding is about ("assessments and plans for children in
    # need of help and protection and children looked after are of variable quality")
    first = areas[-run] if run >= 2 else None
    return first is not None and _SERVICES_FOR_RE.search(window, 0, first.start()) is not None


# a change of grade told as a noun or verb of change with its two ends
_CHANGE_STEP_RE = re.compile(
    r"\b(?:upgrade|upgraded|downgrade|downgraded|rise|rose|risen|jump|jumped|move|moved|"
    r"improvement|improved|drop|dropped|fall|fell|slip|slipped)\b from\W{0,3}"
    r"(?:outstanding|good|inadequate|adequate|requires? improvement)\W{0,3}"
    r"(?:\s(?:in|\()\s?(?:19|20)\d\d\W{0,2})?\s?to\W{0,3}"
    r"(?:outstanding|good|inadequate|adequate|requires? improvement)\b"
)


_AFTER_RATING_HEADLINE_RE = re.compile(
    r"\b(?:after|following|over)\s+(?:an?\s+|its\s+|their\s+|the\s+)?(?:ofsted\s+)?['\"‘’“]?$"
)


def _change_then_stats(seg_low: str) -> bool:
    """A sentence tells a change of grade before any percentage ("The upgrade from 'good' to
    'outstanding' places the council among the top 15 per cent"), not a share of councils
    that changed ("15 per cent of councils moved from 'good' to 'outstanding'")."""
    change = _CHANGE_STEP_RE.search(seg_low)
    if change is None:
        return False
    head = seg_low[: change.start()]
    return "%" not in head and "per cent" not in head


@dataclass
class _Reading:
    """A grade word where it stands: its sentence (``seg``, its bounds and lower-cased text), up
    to 80 characters before it (council names collapsed) and 50 after, the words before it
    (``short``: the last six that have letters), and whether it is named by rank, alone on its
    line (``bare``) or in a table's column."""

    m: re.Match[str]
    grade: str
    seg: int
    seg_start: int
    seg_end: int
    seg_low: str
    before: str
    after: str
    words: list[str]
    short: str
    ranked: bool
    bare: bool
    column: str | None


@dataclass
class _When:
    """When a grade was given, against this inspection (see :func:`_when`)."""

    past: bool
    year: int | None
    immediate: int
    background: bool
    from_: bool
    changed_to: bool
    same: re.Match[str] | None


def find_grades(doc: Doc, mentions: list[Mention]) -> list[Grade]:
    """Grade words that read as ratings, read against the council names found.

    Each grade word is read in four steps: where it stands and whether it reads as a rating at
    all (:func:`_read`), whose grade it is (:func:`_area`), how firmly it is given
    (:func:`_weight`) and when (:func:`_when`). A grade said to be kept is also the previous
    one."""
    named_segs = {m.seg for m in mentions}
    spans = _name_spans(doc, mentions)
    seg_mentions: dict[int, list[Mention]] = defaultdict(list)
    for mention in mentions:
        seg_mentions[mention.seg].append(mention)
    grades: list[Grade] = []
    matches = [(m, doc.seg_of(m.start())) for m in _grade_matches(doc.lower)]
    seg_grades = _grades_by_seg(matches)
    past_cache: dict[int, list[int]] = {}
    for m, seg in matches:
        r = _read(doc, m, seg, spans, named_segs, seg_grades)
        if r is None:
            continue  # statistics, a scale, praise, a goal: no rating
        sub, overall, majority = _area(doc, r, spans)
        rated = _weight(doc, r, sub, overall, majority, named_segs, seg_mentions)
        if rated is None:
            continue  # no rating word reaches it
        if seg not in past_cache:
            past_cache[seg] = past_markers(doc, seg)
        when = _when(doc, r, grades, past_cache[seg])
        grades.append(_as_grade(r, rated, when))
        kept = _kept_grade(r, rated, when)
        if kept is not None:
            grades.append(kept)
    _last_step_arrives(doc, grades)
    return grades


def _grades_by_seg(matches: list[tuple[re.Match[str], int]]) -> dict[int, set[str]]:
    """The grades each sentence names (three or more make a grading scale, `_grading_scale`)."""
    seg_grades: dict[int, set[str]] = defaultdict(set)
    for m, seg in matches:
        seg_grades[seg].add(_grade_name(m))
    return seg_grades


def _as_grade(r: _Reading, rated: tuple[float, str | None, bool], when: _When) -> Grade:
    """The grade as read: where it stands, how firmly it is given and whose it is (``rated``,
    from `_weight`), and when (``when``); dated when its year is said just after it."""
    weight, sub, overall = rated
    return Grade(
        grade=r.grade,
        start=r.m.start(),
        end=r.m.end(),
        seg=r.seg,
        weight=weight,
        past=when.past,
        sub=sub,
        overall=overall,
        year=when.year,
        from_=when.from_,
        background=when.background,
        immediate=when.immediate,
        ranked=r.ranked,
        changed=when.changed_to,
        dated=_YEAR_AFTER_RE.match(r.after) is not None,
    )


def _kept_grade(r: _Reading, rated: tuple[float, str | None, bool], when: _When) -> Grade | None:
    """A grade said to be kept ("remains good", "good, which was the same at the last
    inspection") is also the one the last inspection gave: the previous grade, the one the step
    just made is from (``immediate``) unless recalled in passing; None when it is not kept."""
    kept = _KEPT_RE.search(r.short)
    if not (kept or when.same):
        return None
    # a grade kept is the one the last inspection gave: the step just made is from it,
    # whatever older grade the story also recalls ("remain good, four years after the
    # council climbed out of inadequate")
    held_on = when.same is not None or (kept is not None and _HELD_ON_RE.match(kept.group()))
    weight, sub, overall = rated
    return Grade(
        grade=r.grade,
        start=r.m.start(),
        end=r.m.end(),
        seg=r.seg,
        weight=weight,
        past=True,
        sub=sub,
        overall=overall,
        year=when.year,
        from_=False,
        immediate=2 if held_on and not when.background else 0,
    )


def _read(
    doc: Doc,
    m: re.Match[str],
    seg: int,
    spans: list[tuple[int, int]],
    named_segs: set[int],
    seg_grades: dict[int, set[str]],
) -> _Reading | None:
    """The grade word where it stands, or None when it reads as no rating: statistics, a
    grading scale, a count, a list of the grades, a negation, praise of a noun, a prediction,
    a goal, a later year's aim, the framework's rule, a rank that is a category."""
    grade = _grade_name(m)
    seg_start, seg_end = doc.segs[seg]
    seg_low = doc.lower[seg_start:seg_end]
    if _sentence_rates_no_one(doc, m, seg, seg_low, named_segs, seg_grades):
        return None
    before = _collapse_names(doc, max(seg_start, m.start() - 80), m.start(), spans)
    after = doc.lower[m.end() : min(seg_end, m.end() + 50)]
    if _LIST_AFTER_RE.match(after) or _LIST_BEFORE_RE.search(before):
        return None  # a list of the grades: "good or outstanding"
    if _TALLY_AFTER_RE.match(after):
        return None  # "'inadequate' under 15 main headings": a tally of headings
    words = before.split()
    short = _last_words(words)
    if _words_rate_nothing(doc, m, grade, seg_start, seg_low, before, after, words):
        return None
    ranked = _RANK_RE.search(m.group()) is not None
    if ranked and not _RANK_VERB_RE.search(short):
        return None  # "one of a handful of councils with the top grade": a category
    bare = seg_low.strip(" '\"-:*•.") == m.group().lower()
    column = _table_column(doc, m.start()) if "|" in seg_low else None
    return _Reading(
        m,
        grade,
        seg,
        seg_start,
        seg_end,
        seg_low,
        before,
        after,
        words,
        short,
        ranked,
        bare,
        column,
    )


def _sentence_rates_no_one(
    doc: Doc,
    m: re.Match[str],
    seg: int,
    seg_low: str,
    named_segs: set[int],
    seg_grades: dict[int, set[str]],
) -> bool:
    """The grade's sentence gives no council a rating: statistics, a grading scale, a count
    of councils, "between inadequate and good", or a legend of the grades."""
    return (
        _statistics(doc, m, seg, seg_low, named_segs)
        or _grading_scale(doc, m, seg, seg_low, named_segs, seg_grades)
        or _counted(doc, m, seg, named_segs)
        or _BETWEEN_RE.search(seg_low) is not None
        or _LEGEND_RE.match(seg_low) is not None
    )


def _statistics(doc: Doc, m: re.Match[str], seg: int, seg_low: str, named_segs: set[int]) -> bool:
    """Statistics ("60% were good"), not a council's grade: a share near the grade, or a share
    in a sentence that names no council and tells no change of one service's grade first."""
    seg_start, seg_end = doc.segs[seg]
    near = doc.lower[max(seg_start, m.start() - 30) : min(seg_end, m.end() + 20)]
    stats = "%" in seg_low or "per cent" in seg_low
    return stats and (
        "%" in near
        or "per cent" in near
        # ("The upgrade from 'good' in 2020 to 'outstanding' places the council among the
        # top 15 per cent": a change of one service's grade, whatever follows it)
        or (seg not in named_segs and not _change_then_stats(seg_low))
    )


def _grading_scale(
    doc: Doc,
    m: re.Match[str],
    seg: int,
    seg_low: str,
    named_segs: set[int],
    seg_grades: dict[int, set[str]],
) -> bool:
    """Three or more grades in a sentence that names no council: a grading scale or national
    statistics, unless the sentence tells a history or steps from one grade to another
    ("lowered its overall rating from outstanding to good, and its care leavers service from
    outstanding to requires improvement") or places the grade on the scale it names."""
    return (
        len(seg_grades[seg]) >= 3
        and seg not in named_segs
        and not _dated_history(seg_low)
        and not _rated_history(seg_low)
        and not _STEPS_RE.search(seg_low)
        and not _PLACED_ON_SCALE_RE.match(doc.lower, m.end(), doc.segs[seg][1])
    )


def _counted(doc: Doc, m: re.Match[str], seg: int, named_segs: set[int]) -> bool:
    """A count of councils given the grade ("30 were judged adequate", "46 councils are rated
    good"), in a sentence that neither names a council nor precedes one that does, and not a
    roundup's count whose councils are named next."""
    seg_start = doc.segs[seg][0]
    return (
        seg not in named_segs
        and seg + 1 not in named_segs
        and _count_before(doc.lower, max(seg_start, m.start() - 60), m.start())
        and not _counted_then_named(doc, seg, named_segs, m.start())
    )


def _last_words(words: list[str]) -> str:
    """The last six words before the grade that have letters or digits: the rating verb's
    reach counts words, not the quote marks around a quoted grade ('rated the council's
    children's services as "inadequate"' is as near its rating word as the unquoted one)."""
    return " ".join([w for w in words if any(c.isalnum() for c in w)][-6:])


def _words_rate_nothing(
    doc: Doc,
    m: re.Match[str],
    grade: str,
    seg_start: int,
    seg_low: str,
    before: str,
    after: str,
    words: list[str],
) -> bool:
    """The words around the grade make it no rating: a negation, praise of a noun ("receive
    good help"), a prediction, a goal or another thing's state, a later year's aim, or the
    framework's rule for councils in general."""
    return (
        _NEGATION_RE.search(" ".join(words[-7:])) is not None
        or _NEGATIVE_LEAD_RE.match(seg_low) is not None
        or (grade in ("good", "outstanding") and _praise(doc, m.start(), m.end(), after))
        or _predicted(doc, m, seg_start, before)
        or _aimed_at(doc, m, seg_start, before)
        or _later_aim(doc, after)
        or _framework_rule(before)
    )


def _predicted(doc: Doc, m: re.Match[str], seg_start: int, before: str) -> bool:
    """A grade predicted or expected, not given ("the board's chairman predicting a rating of
    'requires improvement'")."""
    return (
        _PREDICTED_BEFORE_RE.search(before) is not None
        or _EXPECTED_GRADE_RE.search(doc.lower, max(seg_start, m.start() - 200), m.start())
        is not None
    )


def _aimed_at(doc: Doc, m: re.Match[str], seg_start: int, before: str) -> bool:
    """A goal ("work to do to achieve a good rating"), a grade of something other than the
    services ("morale remains good"), or the grade a plan's change aims at ("a plan designed to
    lift the services from ... to 'good'"), unless its "to" is a grading verb's ("judged them
    to")."""
    return (
        _ASPIRATION_RE.search(before) is not None
        or _OTHER_SUBJECT_RE.search(before) is not None
        or (
            _AIMED_CHANGE_RE.search(doc.lower, max(seg_start, m.start() - 200), m.start())
            is not None
            and not _GRADED_TO_RE.search(doc.lower, max(seg_start, m.start() - 80), m.start())
        )
    )


def _later_aim(doc: Doc, after: str) -> bool:
    """A grade dated after the story's year: an aim ("committed to overhaul the service into
    one rated good in 2019" in 2018)."""
    later = _BARE_YEAR_AFTER_RE.match(after)
    return (
        later is not None
        and doc.ref_year is not None
        and not doc.year_guessed
        and int(later.group(1)) > doc.ref_year
    )


def _framework_rule(before: str) -> bool:
    """A grade said of councils in general ("the short inspection given to councils rated
    good"): the framework's rule, unless one council is among them ("one of the councils")."""
    generic = _GENERIC_SUBJECT_RE.search(before)
    return generic is not None and not re.search(
        r"\bone of (?:the |only )?(?:\w+ )?$", before[: generic.start()]
    )


@dataclass
class _Whose:
    """Whose grade it is, as :func:`_area` settles it step by step: the area it is said of
    (``area``, a match of `vocabulary.SUB_JUDGEMENT_AREAS`'s names), its key (``sub``, "other"
    for a thing that is not the council's services), the overall grade said so (``overall``),
    the grade of most areas (``majority``), of some areas counted (``some``) or of every area
    (``every_area``). ``window`` is the last eight words before the grade, from the last
    contrast on."""

    window: str
    overall: bool
    area: re.Match[str] | None = None
    sub: str | None = None
    majority: bool = False
    some: bool = False
    every_area: bool = False


def _area(doc: Doc, r: _Reading, spans: list[tuple[int, int]]) -> tuple[str | None, bool, bool]:
    """Whose grade it is: an area's (``sub``, the key in `Classification.sub_judgements`,
    "other" for a thing that is not the council's services), the overall one said so
    (``overall``), or the grade of most areas, which is the overall one where no other is told
    (``majority``)."""
    w = _Whose(window=_clause_before(r.words), overall=_overall_said(r))
    w.area = _nearest_area(doc, r, spans, w.window)
    _whole_inspection(doc, r, w)
    _some_or_every_area(r, w)
    _area_as_subject(doc, r, w)
    if _another_bodys_grade(doc, r, w):
        w.sub = "other"
    if w.area and _authority_graded_overall(r, w.area, w.window):
        w.area, w.overall = None, True
    if not w.area and _leaders_judgement_named(doc, r):
        w.area = _AREA_RE.search("leadership")
    w.sub = _area_key(r, w)
    if w.sub in (None, "other") and _overall_listed_after(doc, r):
        w.sub, w.overall = None, True
    return w.sub, w.overall, w.majority


def _overall_said(r: _Reading) -> bool:
    """The grade is said to be the overall one: "overall" in the four words before it or just
    after it ("an overall 'good' rating", "good overall")."""
    return bool(
        _OVERALL_RE.search(" ".join(r.words[-4:]))
        or "overall" in r.after[:25]
        or _OVERALL_JUST_BEFORE_RE.search(r.before)
    )


def _clause_before(words: list[str]) -> str:
    """The last eight words before the grade, from the last contrast on: "rating both areas as
    'outstanding', while Stockport also received an outstanding rating for adoption": an area
    in the clause before is not this grade's."""
    window8 = " ".join(words[-8:])
    contrasts = list(_CONTRAST_BREAK_RE.finditer(window8))
    if contrasts:
        window8 = window8[contrasts[-1].end() :]
    return window8


def _nearest_area(
    doc: Doc, r: _Reading, spans: list[tuple[int, int]], window8: str
) -> re.Match[str] | None:
    """The nearest area named in the eight words before the grade, or None when none is, or
    when the areas named are a list of them: the inspection's whole remit, not one area."""
    m, seg_start = r.m, r.seg_start
    areas = [
        a
        for a in _AREA_RE.finditer(window8)
        # "removed the service from its 'inadequate' category and raised it to 'requires
        # improvement'": the noun just after another grade is that grade's; not the
        # fostering service, a setting whose grades are all its own ("previously
        # 'inadequate' fostering services now rated 'good'")
        if not _GRADE_NOUN_RE.search(window8, 0, a.start()) or a.group(1).startswith("fostering")
    ]
    area = areas[-1] if areas else None  # the nearest area names it
    if len(areas) >= 2 and all(
        _AREA_LIST_GAP_RE.match(window8, a.end(), b.start()) for a, b in itertools.pairwise(areas)
    ):
        # "services for children in need of help and protection, children looked after
        # and care leavers": a list of the areas is the inspection's whole remit (the
        # SIF's name), not one area's grade
        area = None
    elif area and _remit_list_ends(doc, spans, max(seg_start, m.start() - 240), m.start()):
        # the same list begun beyond the eight words ("Services for children who need
        # help and protection, children in care and care leavers in the Royal Borough of
        # Kensington and Chelsea are outstanding")
        area = None
    return area


def _whole_inspection(doc: Doc, r: _Reading, w: _Whose) -> None:
    """The area named is not the grade's: the list it ends grades the overall effectiveness
    too, or it is no graded area at all (leaders doing something, the board with the
    services, every key area), or it shares a headline grade with safeguarding (the first
    such reason found, in that order)."""
    if not w.area:
        return
    if _overall_listed_with(doc, r, w.area, w.window):
        w.area, w.overall = None, True
    elif _no_graded_area(w.area, w.window):
        w.area = None
    elif _safeguarding_headline(doc, r, w.area):
        w.area, w.overall = None, True


def _overall_listed_with(doc: Doc, r: _Reading, area: re.Match[str], window8: str) -> bool:
    """The area is one of a list of subjects graded alike that includes the overall
    judgement: named after it, named before it with all graded alike, or the capacity to
    improve graded beside the overall effectiveness."""
    return bool(
        # "... children in care and care leavers and overall effectiveness were all rated
        # good": a list of subjects that ends with the overall judgement grades it too
        re.search(r"\boverall effectiveness\b", window8[area.end() :])
        or (
            # "The overall effectiveness of the services, the help offered ... and leadership
            # and governance were all deemed inadequate": a list that grades every item alike
            # grades the overall effectiveness it names too
            _ALL_GRADED_RE.search(window8, area.end())
            and re.search(r"\boverall effectiveness\b", doc.lower[r.seg_start : r.m.start()])
        )
        or (
            # "rates the authority's safeguarding performance and capacity to improve further
            # as adequate": the capacity to improve was graded beside the overall
            # effectiveness (2005-2013), so a grade the two share is the overall one
            V.SUB_JUDGEMENT_AREAS[area.group(1)] == "other"
            and area.group(1).startswith("capacity")
            and _OVERALL_AND_RE.search(window8, 0, area.start())
        )
    )


def _no_graded_area(area: re.Match[str], window8: str) -> bool:
    """The area's words name no one graded area: leaders doing something, the safeguarding
    board graded with the council's services, or every key area."""
    return bool(
        # "from care workers to leaders, who have taken the service from 'good' overall to
        # 'outstanding'": the leaders are people doing something, not the graded area
        (area.group(1) == "leaders" and re.match(r"\W{0,3}who\b", window8[area.end() :]))
        # "found the LSCB and children's services 'requires improvement'": the SIF graded
        # the council's services and reviewed its board in one report, and a grade said of
        # both is the council's
        or (_BOARD_RE.search(area.group(1)) and _BOARD_AND_SERVICES_RE.search(window8))
        # "... in four key areas it is no longer rated inadequate": every area
        or re.search(r"\b(?:three|four|five) key areas\b", window8)
    )


def _safeguarding_headline(doc: Doc, r: _Reading, area: re.Match[str]) -> bool:
    """ "judged Rotherham's safeguarding and adoption services to be 'adequate'",
    "safeguarding arrangements and services for looked-after children were both rated as
    'adequate'": before November 2013 safeguarding was a headline judgement beside looked
    after children's, and a grade they share is the overall one."""
    m, seg_start = r.m, r.seg_start
    return bool(
        V.SUB_JUDGEMENT_AREAS[area.group(1)] != "other"
        and _SAFEGUARDING_AND_RE.search(doc.lower, max(seg_start, m.start() - 120), m.start())
        and (r.grade == "adequate" or _PRE_SIF_YEAR_RE.search(r.seg_low))
    )


def _some_or_every_area(r: _Reading, w: _Whose) -> None:
    """Grades counted ("four grades of 'outstanding'") are the areas', not the overall one;
    the grade of some areas ("in two of the three areas") is no one area's, and the grade of
    most of them is the overall one; the grade of every area ("across all areas", "good in
    every area") is the overall one."""
    after, window8 = r.after, w.window
    if _COUNTED_GRADES_RE.search(window8) or (
        _COUNT_BEFORE_RE.search(window8) and _GRADES_AFTER_RE.match(after)
    ):
        # "four grades of 'outstanding' had been achieved in Safeguarding; Enjoying and
        # Achieving; ...": grades counted are the areas', not the overall one
        w.area, w.sub = None, "other"
    elif some := _SOME_AREAS_RE.match(after):
        # "rated good in two of the three areas": some areas, not overall; but the grade of
        # most of them ("requires improvement in three of its four areas") is the overall
        # one where the story states none (the overall judgement is one of the four)
        w.some = True
        w.majority = _COUNTS[some.group(1)] * 2 > _COUNTS.get(some.group(2), 99)
        w.sub = None if w.majority else "other"
    elif re.match(
        r"\W*\s*(?:(?:across|in|for) (?:all|every|each)\b|in (?:three|four|five) key areas\b)",
        after,
    ):
        # "a judgement across four areas ... was deemed to 'require improvement' across all
        # areas": the grade of every area is the overall one
        w.area, w.every_area = None, True
    if w.area and _EVERY_BEFORE_RE.search(
        " ".join(r.words[-9:-8]) + " " + window8[: w.area.start()]
    ):
        # "judged good in every area, an improvement on the 'requires improvement'
        # rating": every area is the whole inspection, not one area's grade
        w.area = None


def _area_as_subject(doc: Doc, r: _Reading, w: _Whose) -> None:
    """With no area named before it, the area that is the sentence's subject: an ILACS area
    heading, or leadership."""
    if w.area or w.every_area:
        return
    m, seg_start, seg_low = r.m, r.seg_start, r.seg_low
    heading = _AREA_SUBJECT_RE.match(seg_low)
    if heading and not _OVERALL_RE.search(doc.lower, seg_start, m.start()):
        # "The experience and progress of children in care was the only aspect ... to
        # receive a lower rating of 'requires improvement'": an area heading as the
        # sentence's subject makes its grade that area's
        w.area = _AREA_RE.search(heading.group())
    if not w.area and _LEADERSHIP_SUBJECT_RE.search(seg_low, 0, m.start() - seg_start):
        # "the watchdog said that leadership within the council and the trust were
        # 'inadequate'": leadership is the grade's subject, so the grade is that area's
        w.area = _AREA_RE.search("leadership")


def _another_bodys_grade(doc: Doc, r: _Reading, w: _Whose) -> bool:
    """The grade is not the inspection's of the council's children's services: the
    safeguarding board's own review grade, the council's view of itself, or another
    service's ("The CQC rated its adult social care outstanding")."""
    m, seg_start, seg_low = r.m, r.seg_start, r.seg_low
    return (
        (not w.area and not w.every_area and _board_subject(doc.lower, seg_start, m.start()))
        or (not w.area and _self_assessed(doc.lower, seg_start, m.start()))
        or _unnamed_authoritys(doc, r)
        or (_ADULT_CARE_RATED_RE.search(seg_low) is not None and "children" not in seg_low)
    )


def _authority_graded_overall(r: _Reading, area: re.Match[str], window8: str) -> bool:
    """ "... looked-after children's services judged the authority to be good overall": the
    authority graded overall, not the area ("services for looked after children were rated
    adequate overall" is that area's own headline grade)."""
    return bool(
        _OVERALL_AFTER_RE.match(r.after) and _AUTHORITY_OBJECT_RE.search(window8, area.end())
    )


def _leaders_judgement_named(doc: Doc, r: _Reading) -> bool:
    """ILACS's fourth judgement by its whole (long) name, as its subject: "the 'Impact of
    leaders on social work practice with children and families' was judged outstanding"."""
    return bool(
        _LEADERS_JUDGEMENT_RE.search(doc.lower, max(r.seg_start, r.m.start() - 160), r.m.start())
    )


def _area_key(r: _Reading, w: _Whose) -> str | None:
    """The key of the grade's area: the area named; else, unless the grade is some or every
    area's, one named just after it in its own clause ("inadequate for care leavers"); else
    the graded thing named as its object ("brands as 'inadequate' the safeguarding board set
    up to protect children"); else what the steps before said."""
    if w.area:
        return V.SUB_JUDGEMENT_AREAS[w.area.group(1)]
    sub = w.sub
    after = r.after
    if (
        not w.every_area
        and not w.some
        # (not across "with": "rated us good with services for care leavers being rated
        # outstanding" gives the area its own grade)
        and re.match(
            r"^\W*\s*(?:rating |ratings )?(?:(?!with\b)\w+ ){0,2}?(?:for|in) (?:the )?", after
        )
    ):
        # the area of "inadequate for care leavers", not one in the next clause
        # ("inadequate in 2013, but too many children in care moved")
        window = after[:45]
        cut = CLAUSE_SPLIT_RE.search(window)
        if cut:
            window = window[: cut.start()]
        key = _area_key_in(window)
        if key is not None:
            sub = key
    if sub is None and not w.every_area:
        # the graded thing named after the grade as its object
        obj = _OBJECT_AFTER_RE.match(after)
        sub = _area_key_in(obj.group(1) if obj else "")
    return sub


def _area_key_in(words: str) -> str | None:
    """The key of the last area named in a few words, unless they name all (or most) areas."""
    tail = _AREA_RE.search(words)
    if tail and not _ALL_AREAS_RE.search(words):
        return V.SUB_JUDGEMENT_AREAS[tail.group(1)]
    return None


def _overall_listed_after(doc: Doc, r: _Reading) -> bool:
    """The text after the grade makes it the overall one: a list of the areas so graded that
    includes the overall effectiveness, or "with this forming the overall rating"."""
    m, after, seg_end = r.m, r.after, r.seg_end
    listed = _LIST_WITH_OVERALL_RE.match(doc.lower, m.end(), seg_end)
    return bool(
        (
            # "the following areas have been rated as inadequate:" and a list of the areas
            # that includes overall effectiveness: the overall grade
            after[:3].lstrip().startswith(":")
            and _LISTED_OVERALL_RE.search(doc.lower, m.end(), min(len(doc.lower), m.end() + 400))
        )
        or _INCLUDES_OVERALL_RE.match(doc.lower, m.end(), seg_end)
        or (
            listed
            and not _ANY_GRADE_RE.search(listed.group(1))
            # (not given its own grade: "while the overall effectiveness was good")
            and not _ANY_GRADE_RE.search(doc.lower, listed.end(), seg_end)
        )
        # "other areas were judged as 'requires improvement to be good', with this forming
        # the overall rating": the grade the text says is the overall one
        or _MAKES_OVERALL_RE.match(after)
    )


def _weight(
    doc: Doc,
    r: _Reading,
    sub: str | None,
    overall: bool,
    majority: bool,
    named_segs: set[int],
    seg_mentions: dict[int, list[Mention]],
) -> tuple[float, str | None, bool] | None:
    """How firmly the grade is given (1.0 a rating said outright, a table's cell or a list's
    row; 0.5-0.7 a weak one), with the area and overall flags a table or an "overall" named
    before it settles; None when no rating word reaches it."""
    if r.bare:
        overall, sub = _table_context(doc, r.seg)
        given: float | None = 1.0
    else:
        given = _rating_weight(doc, r, sub, named_segs, seg_mentions)
    if given is None:
        return None
    weight = _verdict_weight(r, given, majority)
    # "overall" earlier in its sentence, and no area named: the overall grade
    if not overall and sub is None and _OVERALL_RE.search(doc.lower[r.seg_start : r.m.start()]):
        overall = True
    return weight, _area_beside_overall(r, sub, overall), overall


def _rating_weight(
    doc: Doc,
    r: _Reading,
    sub: str | None,
    named_segs: set[int],
    seg_mentions: dict[int, list[Mention]],
) -> float | None:
    """How firmly a grade not alone on its line is given: 1.0 in a table's column of grades, a
    list's row or by a rating said outright; 0.6 by a weak rating word or a headline without
    its verb; 0.5 an "inadequate" with neither; 0.6 the grade's name quoted; None when nothing
    gives it."""
    if r.column is not None:
        return 1.0  # a cell of a table's column of grades
    if _list_row_grade(doc, r, sub, named_segs, seg_mentions):
        return 1.0  # "Barnsley - outstanding": a list's row gives the council its grade
    if _rating_said(doc, r):
        return 1.0
    if _WEAK_RATING_RE.search(r.before) or (
        _HEADLINE_SERVICES_RE.search(r.before) and _LINE_END_RE.match(r.after)
    ):
        # a headline drops the verb: "Rotherham: children's services outstanding"
        return 0.6
    if r.grade == "inadequate":
        return 0.5
    if _quoted_name(doc.text, r.m.start(), r.m.end()):
        return 0.6  # "was providing a 'Good' service": the grade's name, quoted
    return None


def _list_row_grade(
    doc: Doc,
    r: _Reading,
    sub: str | None,
    named_segs: set[int],
    seg_mentions: dict[int, list[Mention]],
) -> bool:
    """The grade is a short list row's, after the council it grades ("Barnsley - outstanding",
    "- Blackpool: good"), and no area's."""
    m, seg = r.m, r.seg
    return (
        sub is None
        and seg in named_segs
        and m.start() - r.seg_start < 80  # a row is short
        and _list_row(doc, seg, m.start(), seg_mentions[seg])
    )


def _rating_said(doc: Doc, r: _Reading) -> bool:
    """A rating is said outright: "requires improvement" (never praise), a grade named by rank,
    a dated history's grade, a strong rating word before it or the rating after it, an earlier
    inspection named by its grade, or the inspectorate saying or describing it."""
    m, before, after = r.m, r.before, r.after
    return bool(
        r.grade == "requires_improvement"
        or r.ranked
        # "rated inadequate in 2010, requires improvement in 2015 and good in 2018": the
        # history's rating word reaches every dated grade of it
        or (
            _YEAR_AFTER_RE.match(after) is not None and _dated_history(r.seg_low)
        )  # "given Ofsted's second-highest rating" says rating
        or _STRONG_RATING_RE.search(r.short)
        or _AFTER_RATING_RE.match(after)
        or _earlier_inspection_named(doc.lower, m.start(), after)
        or (_INSPECTORATE_SAID_RE.search(before) and _PREDICATE_END_RE.match(after))
        or _RATED_OBJECT_AS_RE.search(before)
        or _INSPECTORATE_DESCRIBED_RE.search(
            doc.lower, max(r.seg_start, m.start() - 160), m.start()
        )
    )


def _verdict_weight(r: _Reading, weight: float, majority: bool) -> float:
    """The weight as the grade's words temper it: "told it needs to improve" a soft verdict
    (0.7), most areas' grade weaker than one said of the whole (at most 0.9), and Ofsted's
    "widespread" descriptor a verdict (1.0)."""
    if r.m.group().startswith("told"):
        weight = 0.7  # "told it needs to improve": a verdict, but a soft one
    if majority:
        weight = min(weight, 0.9)  # a verdict, weaker than one said of the whole
    elif r.m.group().startswith(("widespread", "no widespread")):
        weight = 1.0  # Ofsted's inadequate (or requires improvement) descriptor: a verdict
    return weight


def _area_beside_overall(r: _Reading, sub: str | None, overall: bool) -> str | None:
    """The grade's area, unless it is the overall one: an overall grade has no "other" thing
    for its subject, and one said before it to be the overall one is not the area's named
    before it."""
    if overall and sub == "other":
        return None
    if sub is not None and _OVERALL_NAMED_RE.search(r.before):
        # "'good' services for children in care and care leavers, with an overall
        # classification of Requires Improvement", "celebrating an overall 'good' rating":
        # the grade said to be the overall one is not the area's named before it
        return None
    return sub


def _when(doc: Doc, r: _Reading, grades: list[Grade], markers: list[int]) -> _When:
    """Whether the grade is an earlier inspection's (``past``, and how immediately before this
    one: ``immediate``), the year that dates it, whether it is told as an aside
    (``background``), a change's starting point (``from_``) or its arrival (``changed_to``), and
    the "same as last time" that makes it the previous grade too (``same``). ``markers`` are
    the sentence's looking-back words (`terms.past_markers`); ``grades`` those read before it."""
    m, after = r.m, r.after
    near_words = _near_words(r.words)
    earlier_inspection = _EARLIER_INSPECTIONS_AFTER_RE.match(after) is not None
    year = _nearest_year(doc, r.seg, m.start(), m.end())
    after_year = _year_after(doc, r)
    # ("required improvement, which was the same at the last inspection in 2019": the last
    # inspection is compared with, this grade is the news)
    same = _SAME_AS_LAST_RE.match(after)
    timed_back = _timed_back(doc, r)
    inspection_dated_back = _inspection_dated_back(doc, r)
    # looked back to: a marker word, a clause, an earlier time, a year before the story's
    past = (
        _marked_back(doc, r, near_words)
        or earlier_inspection
        or _clause_looks_back(doc, r)
        or _time_set_earlier(doc, r)
        or _dated_back_after(doc, r, after_year)
        or (_looks_back(doc.lower, markers, m.start(), m.end()) and not same)
        or timed_back
        or _dated_back_before(doc, r)
        or inspection_dated_back
        or _last_inspection_where(r)
    )
    # told as this inspection's after all, unless a dated clause or a long hold recalls it
    old_after = inspection_dated_back or _long_before(doc, after_year)
    if _told_now(r, near_words, old_after, timed_back, earlier_inspection):
        past = False
    if _plan_starts_from(doc, r, year):
        past = False
    past = past or _dated_clause(doc, r) or _HELD_FOR_RE.match(after) is not None
    # how immediately before this one, whether told in passing, and the last corrections
    past, immediate = _immediacy(doc, r, past, near_words)
    background = _aside(doc, r)
    if not past and _counted_on(doc, r, grades):
        past = True
    if past and _headline_aftermath(doc, r):
        past = False
    if _COMES_AFTER_RE.match(after):
        # "The inadequate rating comes four years after the last Ofsted inspection": this
        # one's grade, and the years of the sentence are the last one's
        past, year, immediate = False, None, 0
    if _report_verdict(doc, r):
        past, background = False, False
    from_, changed_to = _change_ends(r, near_words)
    return _When(past, year, immediate, background, from_, changed_to, same)


def _change_ends(r: _Reading, near_words: str) -> tuple[bool, bool]:
    """Whether the grade is a change's starting point ("up from", "moves out of") and whether
    it is its arrival ("from X to", "which was upped to")."""
    from_ = bool(re.search(r"\bfrom\W*$", r.before)) or "out of" in near_words
    changed_to = _FROM_TO_RE.search(r.before) is not None
    return from_, changed_to


def _report_verdict(doc: Doc, r: _Reading) -> bool:
    """ "The overall judgement is that children's services are good": the report's own
    verdict, as the single inspection framework's reports open; the dates of the report's
    heading around it are this inspection's, and an earlier grade is recalled in other words
    ("following a judgement of inadequate ... in 2014")."""
    return bool(
        _REPORT_VERDICT_RE.search(doc.lower, max(r.seg_start, r.m.start() - 60), r.m.start())
    )


def _near_words(words: list[str]) -> str:
    """The last five words before the grade that have letters or digits, where a looking-back
    word counts ("children looked after and care leavers to ..." has none)."""
    spoken = [w for w in words if any(c.isalnum() for c in w)]
    last5 = spoken[-5:]
    if len(spoken) > 5 and last5[0] == "after" and spoken[-6] == "looked":
        last5 = last5[1:]  # "children looked after and care leavers to ...": no look back
    return " ".join(last5)


def _marked_back(doc: Doc, r: _Reading, near_words: str) -> bool:
    """A looking-back word just before the grade with no other grade between ("previously
    good, was judged to require improvement": "previously" is "good"'s), or just after it,
    not in a bracket that holds its own grade ("good (previously requires improvement)")."""
    # reported speech shifts the tense back: in minutes' "She reported that the service
    # had been judged good", "had been" is the news, not a look back
    reported = (
        "had been" in near_words
        and _REPORTED_RE.search(doc.lower, r.seg_start, r.m.start()) is not None
    )
    return any(
        not _ANY_GRADE_RE.search(near_words, pm.end())
        and not (reported and pm.group() == "had been")
        for pm in PAST_BEFORE_RE.finditer(near_words)
    ) or bool(_PAST_AFTER_RE.match(r.after) and not _BRACKETED_PREVIOUS_RE.match(r.after))


def _clause_looks_back(doc: Doc, r: _Reading) -> bool:
    """A clause before the grade that looks back to it, however many words it takes: a
    since-clause, "after being", or an event that came after the grade."""
    m, before = r.m, r.before
    # "our first focused visit since our children's services were given an overall 'Good'
    # rating": a since-clause reaches its own grade however many words it takes
    since = _SINCE_CLAUSE_RE.search(before)
    if since and not _ANY_GRADE_RE.search(since.group()):
        return True
    being = _AFTER_BEING_RE.search(doc.lower, max(r.seg_start, m.start() - 160), m.start())
    if being and not _ANY_GRADE_RE.search(being.group().rsplit(" being ", 1)[0]):
        return True
    # "improvements following a 'requires improvement' rating": the grade an event came
    # after ("rated good following an inspection" keeps "good", which comes before it)
    return _FOLLOWING_GRADE_RE.search(before) is not None and not _LATEST_AFTER_RE.match(r.after)


def _time_set_earlier(doc: Doc, r: _Reading) -> bool:
    """The sentence is set at an earlier time: a speaker's arrival, one opened by "the last",
    or "at that time" after a sentence that named an earlier inspection."""
    m, seg, seg_start, seg_low = r.m, r.seg, r.seg_start, r.seg_low
    # "When I became leader in 2019, the council's children's services were rated
    # inadequate": the sentence's time is the speaker's arrival, before the story
    if _WHEN_ARRIVED_RE.match(seg_low) and m.start() - seg_start > 20:
        return True
    if _LAST_OPENER_RE.match(seg_low):
        return True
    # "The last full inspection ... was in November 2016. At this time York was judged to
    # be 'Good' in all areas": the time is the one the sentence before named
    opener = _AT_THAT_TIME_RE.search(doc.lower[seg_start : m.start()])
    return bool(
        opener
        and _AN_EARLIER_INSPECTION_RE.search(
            doc.lower,
            doc.segs[seg - 1][0] if seg > 0 else seg_start,
            seg_start + opener.start(),
        )
    )


def _year_after(doc: Doc, r: _Reading) -> re.Match[str] | None:
    """A year just after the grade in its own clause ("good whereas in May 2013 ..." is the
    next one's), not the year of "for the first time since 2012" (this grade is news)."""
    own_after = r.after[:30]
    if cut := _YEAR_CLAUSE_BREAK_RE.search(own_after):
        own_after = own_after[: cut.start()]
    after_year = YEAR_RE.search(own_after)
    if after_year and first_since(doc.lower, r.m.end() + after_year.start()):
        return None  # "good for the first time since 2012": this grade is news
    return after_year


def _long_before(doc: Doc, year: re.Match[str] | None) -> bool:
    """A year stated before the story's year by more than one."""
    return bool(year and doc.ref_year and int(year.group()) < doc.ref_year - 1)


def _dated_back_after(doc: Doc, r: _Reading, after_year: re.Match[str] | None) -> bool:
    """A year after the grade dates it before this inspection: one in its own clause years
    before the story's, or a bare earlier year a dated story recalls."""
    if _long_before(doc, after_year):
        return True
    bare_year = _BARE_YEAR_AFTER_RE.match(r.after)
    # "rated the council's services outstanding in 2023" in a 2024 story: news of a grade
    # says when by month or week, a bare earlier year recalls it
    return bool(
        bare_year
        and doc.ref_date is not None
        and not doc.year_guessed
        and _recalled_year(
            int(bare_year.group(1)), doc.ref_date, r.seg > 1 and not _title_news(doc)
        )
    )


def _timed_back(doc: Doc, r: _Reading) -> bool:
    """ "rated good, three years after they were found to be inadequate": a time after dates
    the grade its clause ends in, however many words that clause takes."""
    clause = doc.lower[max(r.seg_start, r.m.start() - 200) : r.m.start()]
    time_after = _TIME_AFTER_RE.search(clause)
    return bool(time_after and not _ANY_GRADE_RE.search(clause, time_after.end()))


def _dated_back_before(doc: Doc, r: _Reading) -> bool:
    """A year in the eight words before the grade, years before the story's, or a month
    before it that a report's news would not wait for ("In February 2019 it rated the
    service 'inadequate'" in a story of December 2020)."""
    before_text = " ".join(r.words[-8:])
    before_years = [
        int(y.group())
        for y in YEAR_RE.finditer(before_text)
        if not first_since(before_text, y.start())
    ]
    if before_years and doc.ref_year and max(before_years) < doc.ref_year - 1:
        return True
    # a report is news within weeks of its inspection, not in the next year but one's winter
    return _month_dated_back(doc, before_text, r.after)


def _inspection_dated_back(doc: Doc, r: _Reading) -> bool:
    """ "upgraded to 'requires improvement' following Ofsted's most recent full inspection in
    2016" in a 2018 story: the inspection it followed dates it."""
    m = r.m
    dated_by = _INSPECTION_YEAR_AFTER_RE.match(doc.lower, m.end(), min(r.seg_end, m.end() + 90))
    return bool(
        dated_by
        and doc.ref_date is not None
        and not doc.year_guessed
        and _recalled_year(int(dated_by.group(1)), doc.ref_date)
    )


def _last_inspection_where(r: _Reading) -> bool:
    """ "following the recommendations of the last inspection in 2019 where it was rated
    'inadequate'": the last inspection's own grade, whatever else the sentence says of now
    ("the recent improvements")."""
    last_where = _LAST_WHERE_RE.search(r.before)
    return bool(last_where and not _ANY_GRADE_RE.search(last_where.group()))


def _told_now(
    r: _Reading, near_words: str, old_after: bool, timed_back: bool, earlier_inspection: bool
) -> bool:
    """The grade is told as this inspection's, unless a stated earlier year outweighs it
    ("received a good rating in 2015", "are now rated Outstanding (2019)" in a 2023 answer): a
    change's arrival ("from X to"), a current word ("now", "received"), or what came after
    an event."""
    current_word = _CURRENT_BEFORE_RE.search(" ".join(r.words[-4:]))
    return bool(
        (_FROM_TO_RE.search(r.before) and not old_after)
        # ("four years after the council received a 'Good' rating": the time after dates
        # what was received)
        or (current_word and not old_after and not timed_back and not earlier_inspection)
        or (_AFTER_EVENT_RE.search(near_words) and not old_after)
    )


def _plan_starts_from(doc: Doc, r: _Reading, year: int | None) -> bool:
    """ "a plan designed to lift the services from the 'requires improvement' rating Ofsted
    gave them in June to 'good'": the grade a plan starts from is the current one, not an
    earlier one (unless its year is years before the story's)."""
    return bool(
        _AIMED_FROM_RE.search(doc.lower, max(r.seg_start, r.m.start() - 150), r.m.start())
        and not (year and doc.ref_year and year < doc.ref_year - 1)
    )


def _dated_clause(doc: Doc, r: _Reading) -> bool:
    """ "since 2011 when some of the council's services also received an 'inadequate'
    rating": a clause its year dates, years before the story, whatever its verb."""
    dated_when = _YEAR_WHEN_RE.search(r.before)
    return bool(
        dated_when
        and doc.ref_year
        and int(dated_when.group(1)) < doc.ref_year - 1
        and not _ANY_GRADE_RE.search(dated_when.group())
    )


def _immediacy(doc: Doc, r: _Reading, past: bool, near_words: str) -> tuple[bool, int]:
    """Whether the grade is the one just before this inspection's, with ``past`` as it then
    stands: 2 "at the last inspection", 1 a table's "Previous" column, a change "up from" it
    or "previously"; 0 not said, or a longer journey ("from 'inadequate' to 'outstanding'
    in six years") or a grade long held ("rated inadequate for a decade")."""
    m, after = r.m, r.after
    if r.column == "previous":
        return True, 1  # the row's "Previous" column: the grade before this one
    if _CHANGED_TO_RE.match(after):
        return True, 1
    if past and not _JOURNEY_RE.match(after) and not _HELD_FOR_RE.match(after):
        if _LAST_INSPECTION_RE.search(doc.lower, r.seg_start, m.start()):
            return past, 2
        if _IMMEDIATE_RE.search(near_words) and not _dated_history(r.seg_low):
            # in a dated history ("had been rated inadequate in 2018 and requires
            # improvement in 2021") the marker opens the list: the latest year is the last
            return past, 1
    return past, 0


def _aside(doc: Doc, r: _Reading) -> bool:
    """The grade is told in passing, not reported: in a relative clause that is no news of
    it, in a bracket, in an apposition between commas, or named by a possessive as an
    attribute of its rating."""
    m, before, after = r.m, r.before, r.after
    # ", which was upped to 'requires improvement'": a clause that states the change is
    # the news, not an aside
    background = (
        bool(_RELATIVE_CLAUSE_RE.search(before))
        and not _NOW_IN_CLAUSE_RE.search(before)
        and not _FROM_TO_RE.search(before)
        # "reacted to the publication today of a report on the department, which was found
        # to be 'inadequate'": the clause gives the verdict of the report just published
        and not _PUBLISHED_NOW_RE.search(doc.lower, r.seg_start, m.start())
        and not _INSPECTORATE_CLAUSE_RE.search(before)
        and not _REPORT_CLAUSE_RE.search(before)
        # "areas for improvement, which is reflected in the judgement of 'requires
        # improvement to be good'": the clause names the verdict itself
        and not _VERDICT_OF_RE.search(before)
    ) or _PAREN_OPEN_RE.search(before) is not None  # "(still rated good)": an aside
    # "The council's children's services, rated requires improvement by Ofsted, will
    # receive £3m": a grade in an apposition between commas describes, it does not report
    background = background or (
        _APPOSITION_BEFORE_RE.search(before) is not None
        and _APPOSITION_AFTER_RE.match(after) is not None
    )
    # "the money follows the service's inadequate Ofsted rating": a grade held, named by a
    # possessive as an attribute of its rating, describes; news of it has a verb or a "new"
    return background or (
        _POSSESSIVE_BEFORE_RE.search(before) is not None
        and _RATING_NOUN_AFTER_RE.match(after) is not None
        and not _NOW_IN_CLAUSE_RE.search(before)
        # "the inspection concluded that the council had maintained its 'outstanding'
        # judgement": a grade kept is the outcome told
        and not _KEPT_POSSESSIVE_RE.search(before)
    )


def _counted_on(doc: Doc, r: _Reading, grades: list[Grade]) -> bool:
    """ "Seven years ago they were rated 'inadequate', while an inspection three years later
    judged them as 'adequate'": a time counted on from a recalled grade's is still before the
    story."""
    m = r.m
    return any(
        o.seg == r.seg and o.past and _COUNTED_ON_RE.search(doc.lower, o.end, m.start())
        for o in grades
        if o.end <= m.start()
    )


def _headline_aftermath(doc: Doc, r: _Reading) -> bool:
    """ "Council vows to improve children's services after inadequate rating": what a
    headline says came after its only grade is the news's aftermath, and the grade the
    news."""
    m = r.m
    return bool(
        m.end() <= doc.title_end
        and _AFTER_RATING_HEADLINE_RE.search(r.before)
        and _RATING_NOUN_AFTER_RE.match(r.after)
        and not _ANY_GRADE_RE.search(doc.lower, 0, m.start())
        and not YEAR_RE.search(doc.lower, 0, doc.title_end)
    )


# what lies between the two grades of "from an 'inadequate' Ofsted rating to 'outstanding'"
_STEP_FROM_RE = re.compile(r"\bfrom(?: an?| the)?\W{0,3}$")
_STEP_GAP_RE = re.compile(r"^\W{0,3}(?:[a-z]+ ){0,3}?\W{0,3}to\W{0,3}$")


def _last_step_arrives(doc: Doc, grades: list[Grade]) -> None:
    """The last inspection gave the grade a step arrived at, not the one it started from
    ("At the last inspection in 2021, X made the leap from an 'inadequate' rating to
    'outstanding'")."""
    for i, g in enumerate(grades):
        if not (g.past and g.immediate == 2) or i + 1 >= len(grades):
            continue
        if not _STEP_FROM_RE.search(doc.lower, max(0, g.start - 12), g.start):
            continue
        h = grades[i + 1]
        if h.seg == g.seg and h.sub is None and _STEP_GAP_RE.match(doc.lower[g.end : h.start]):
            h.past, h.immediate, g.immediate = True, g.immediate, 0
