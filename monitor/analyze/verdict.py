"""From the grades a story states (`judgement.find_grades`) to its verdict: this inspection's
grade (:func:`vote`), the previous one (:func:`previous_grade`), the councils a grade is said of
(:func:`graded_subjects`, :func:`own_grades`) and a roundup's grade per council
(:func:`roundup_grades`).

Grades vote (:func:`vote`): each current, overall mention weighs by how firmly it rates, by
position (headline, lead), by naming the overall judgement or stating a change, and by a
sentence that names a council; an aside weighs half. The previous grade (:func:`previous_grade`)
is the one a change is measured from: one the sentence's "last inspection" names, else "up
from", "out of", "previously", "has since improved to", first in reading order (the lead states
the change, the history comes later), else the most recent dated one; with the judgement known,
another overall grade that states a year is an earlier one. Which grades are past, background or
an area's is `judgement.find_grades`'s decision.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict

from monitor.analyze.councils import Authority, Mention
from monitor.analyze.judgement import CLAUSE_SPLIT_RE, JOINED_RE, Grade
from monitor.analyze.text import LEAD_CHARS, Doc

# the least a grade's weighted mentions must add up to; a hair under 0.9, so a weak grade
# (0.6) in a sentence naming the council (x 1.5) reaches it whatever the float rounding
_VOTE_MIN = 0.9 - 1e-9


def vote(
    doc: Doc, grades: list[Grade], council_segs: set[int]
) -> tuple[str | None, float, Grade | None]:
    """This inspection's grade, its share of the weighted votes, and the mention that carries it
    (None when no grade's mentions reach :data:`_VOTE_MIN`)."""
    totals: dict[str, float] = defaultdict(float)
    best_mention: dict[str, Grade] = {}
    lead_end = doc.title_end + LEAD_CHARS
    # a story whose year is only the latest it mentions: a grade with its year said just after
    # it ("still required improvement in 2015 when they were re-inspected") may be the very
    # grade that year came from, a recalled one, beside a grade told without a year
    undated_news = doc.year_guessed and any(
        not (g.past or g.dated) and g.sub is None for g in grades
    )
    for g in grades:
        if g.past or g.sub is not None:
            continue
        w = g.weight
        if undated_news and g.dated:
            w *= 0.3
        if g.start < doc.title_end:
            w *= 3.0
        elif g.start < lead_end:
            w *= 1.5
        if g.overall:
            w *= 2.0
        if g.background:
            w *= 0.5
        if g.changed:
            w = max(w, 1.0) * 2.0
        if g.seg in council_segs:
            w *= 1.5
        totals[g.grade] += w
        best_mention.setdefault(g.grade, g)
    if not totals:
        return None, 0.0, None
    grade = max(totals, key=lambda k: totals[k])
    if totals[grade] < _VOTE_MIN:
        return None, totals[grade], None
    return grade, totals[grade] / (sum(totals.values()) or 1.0), best_mention[grade]


_AFTER_SUBJECT_RE = re.compile(
    r"^[\W]{0,4}(?:[a-z']+ ){0,2}?(?:for|in|at|of|were|are|:)\W{0,3}(?:the )?$"
)


def graded_subjects(doc: Doc, grades: list[Grade], mentions: list[Mention]) -> set[Authority]:
    """Councils a current overall grade is said of: in its sentence, the council named nearest
    before it (with any joined to it by "and" or a comma: "X and Y were rated good"), else the
    nearest after it ("a good rating for X")."""
    out: set[Authority] = set()
    by_seg: dict[int, list[Mention]] = defaultdict(list)
    for m in mentions:
        if not m.passing:  # "neighbouring X, which was rated good" is not a subject
            by_seg[m.seg].append(m)
    for g in grades:
        if g.past or g.background or g.sub is not None or g.ranked:
            continue
        in_seg = sorted(by_seg.get(g.seg, []), key=lambda m: m.start)
        before = [m for m in in_seg if m.end <= g.start]
        if before:
            chain = [before[-1]]
            for m in reversed(before[:-1]):
                if not JOINED_RE.match(doc.lower[m.end : chain[-1].start]):
                    break
                chain.append(m)
            out.update(m.auth for m in chain)
        else:  # "a good rating for X", "rated inadequate were X, Y and Z"
            after = [m for m in in_seg if m.start >= g.end]
            if after and _AFTER_SUBJECT_RE.match(doc.lower[g.end : after[0].start]):
                chain = [after[0]]
                for m in after[1:]:
                    if not JOINED_RE.match(doc.lower[chain[-1].end : m.start]):
                        break
                    chain.append(m)
                out.update(m.auth for m in chain)
    return out


def own_grades(
    grades: list[Grade], mentions: list[Mention], chosen: list[Authority]
) -> list[Grade]:
    """Grades not about another council: drop one whose nearest council named before it in its
    sentence is not a subject ("... neighbouring Derbyshire, which was rated good")."""
    subjects = set(chosen)
    names = {a.name for a in chosen}
    out: list[Grade] = []
    for g in grades:
        nearest = None
        for m in mentions:
            if (
                m.seg == g.seg
                and m.start < g.start
                and (nearest is None or m.start > nearest.start)
            ):
                nearest = m
        # an abolished authority stands for its chosen successors ("Northamptonshire
        # Children's Trust ... up from inadequate" is North and West Northamptonshire's)
        if (
            nearest is None
            or nearest.auth in subjects
            or any(name in names for name in nearest.auth.successors)
        ):
            out.append(g)
    return out


def previous_grade(
    grades: list[Grade], ungraded: bool, judgement: str | None = None
) -> Grade | None:
    """The most recent earlier grade; for a visit that gives none, also a current grade said
    firmly ("judged inadequate"), not a weak one ("described ... as 'outstanding'"). With this
    inspection's ``judgement`` known, an overall grade other than it that states a year ("In
    2022 Ofsted said the services required improvement") is an earlier one too: in an undated
    story the latest year it names may be that earlier inspection's."""
    # a visit gives no grade, so a grade its story states firmly is an earlier one; a weak
    # "were inadequate" counts too (only good and outstanding are also praise)
    pool = [
        g
        for g in grades
        if g.sub is None
        # the grade a change arrives at is this inspection's when it is this one's grade ("its
        # rating has deteriorated from good to requiring improvement", however far back the
        # sentence looks)
        and not (g.changed and g.grade == judgement)
        and (
            g.past
            or (ungraded and (g.weight >= 1.0 or g.grade in ("inadequate", "requires_improvement")))
            or (
                judgement is not None
                and g.grade != judgement
                and g.year is not None
                and g.weight >= 1.0
                and not g.background
            )
        )
    ]
    if not pool:
        return None
    # the grade a change is said to be from is the one just before ("after being previously
    # rated requires improvement"); the first such in reading order (the lead states the
    # change; the history comes later)
    # a visit's story recalls grades only: "rated requires improvement in 2022, up from
    # inadequate" measures the step to a recalled grade, the later one is the previous
    immediate = [g for g in pool if g.immediate and not (ungraded and g.from_)]
    if immediate:
        first = min(immediate, key=lambda g: (-g.immediate, g.start))
        # "transformed since it was rated inadequate in 2013 ... judged to require improvement
        # in 2017": a grade the story dates later is more recent than one "since" or "out of"
        # starts from (not than the one "the last inspection" names)
        later = [
            g
            for g in pool
            if first.immediate == 1
            and first.year
            and not g.from_
            and g.year
            and (
                (g.dated and g.year > first.year)
                # "back in 2022 ... moved out of its 'inadequate' rating and were designated
                # 'good'": the grade the change arrived at, later in its sentence (not the "to"
                # of "improved from 'Good' in 2018 to 'Outstanding'", a step made now)
                or (first.from_ and not g.changed and g.seg == first.seg and g.start > first.start)
            )
        ]
        if later:
            return max(later, key=lambda g: (g.year or 0, -g.start))
        return first
    return max(pool, key=lambda g: (g.year or 0, 0 if g.from_ else 1, -g.start))


# a council's standing at its latest inspection, in a roundup of standings
_LAST_STANDING_RE = re.compile(
    r"\b(?:at|in|from|after) (?:their|its) (?:last|latest|most recent) inspection\b"
)


def roundup_grades(
    doc: Doc, grades: list[Grade], mentions: list[Mention], chosen: list[Authority]
) -> dict[str, str]:
    """Per-council grades in a roundup, from clauses that name one council and one grade."""
    by_council: dict[str, str] = {}
    current = [g for g in grades if not g.past and g.sub is None]
    for g in current:
        start, end = doc.segs[g.seg]
        cuts = [start] + [m.end() for m in CLAUSE_SPLIT_RE.finditer(doc.lower, start, end)]
        cuts.append(end)
        named = False
        for a, b in itertools.pairwise(cuts):
            if a <= g.start < b:
                for m in mentions:
                    if m.auth in chosen and a <= m.start < b:
                        by_council.setdefault(m.auth.name, g.grade)
                        named = True
        if not named:
            # "Wirral, previously good, was judged to require improvement": a clause naming
            # no council tells of the sentence's subject, the council named before it
            before = [
                m
                for m in mentions
                if m.auth in chosen and not m.passing and start <= m.start < g.start
            ]
            if before:
                by_council.setdefault(before[-1].auth.name, g.grade)
    # a council whose only grade is recalled in a clause of its own ("Statistics released by
    # Ofsted this week show that Wirral Council received the lowest possible overall rating of
    # 'inadequate' at their last inspection in 2016. Liverpool, Knowsley, Sefton and St Helens
    # councils all received a rating of 'requires improvement'"): in a roundup of councils'
    # standings that is its result, not the story's earlier grade
    for g in grades:
        if not g.past or g.sub is not None or g.background:
            continue
        start, end = doc.segs[g.seg]
        cuts = [start] + [m.end() for m in CLAUSE_SPLIT_RE.finditer(doc.lower, start, end)]
        cuts.append(end)
        for a, b in itertools.pairwise(cuts):
            if a <= g.start < b:
                names = {m.auth.name for m in mentions if m.auth in chosen and a <= m.start < b}
                if (
                    len(names) == 1
                    and not names & set(by_council)
                    and _LAST_STANDING_RE.search(doc.lower, a, b)
                ):
                    by_council[names.pop()] = g.grade
    return by_council
