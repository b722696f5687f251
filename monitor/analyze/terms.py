"""One Aho-Corasick pass over the text for every phrase in `monitor.vocabulary` (inspection
types, negative topics, inspectorates, event words, LA children's-services words, SEND outcomes,
the ungraded older regimes' wording),
kept on word boundaries, longest first; and `past_segment`, whether a sentence looks back.

To teach the analyser a wording, add it to `monitor/vocabulary.py`; nothing here changes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any

import ahocorasick

from monitor import vocabulary as V
from monitor.analyze.text import YEAR_RE, Doc, bounded, first_since, longest


@cache
def vocab_automaton() -> ahocorasick.Automaton:
    entries: dict[str, list[tuple[str, Any]]] = defaultdict(list)
    for phrase, (kind, weight) in V.TYPE_PHRASES.items():
        entries[phrase].append(("type", (kind, weight)))
    for phrase, (kind, weight) in V.NEGATIVE_TERMS.items():
        entries[phrase].append(("neg", (kind, weight)))
    for phrase in V.INSPECTORATE_TERMS:
        entries[phrase].append(("insp", None))
    for phrase in V.PARTNER_INSPECTORATES:
        entries[phrase].append(("insp", "partner"))
    for phrase in V.EVENT_TERMS:
        entries[phrase].append(("event", None))
    for phrase in V.LA_TERMS:
        entries[phrase].append(("la", None))
    for phrase, outcome in V.SEND_OUTCOMES.items():
        entries[phrase].append(("send", outcome))
    for phrase in V.NEW_FRAMEWORK_PHRASES:
        entries[phrase].append(("new_framework", None))
    for phrase, days in V.FIELDWORK_PHRASES.items():
        entries[phrase].append(("length", days))
    for phrase in V.UNGRADED_OLD_PHRASES:
        entries[phrase].append(("ungraded_old", None))
    for phrase in V.OTHER_VISITS:
        entries[phrase].append(("other_visit", None))
    automaton = ahocorasick.Automaton()
    for phrase, values in entries.items():
        automaton.add_word(phrase, (phrase, values))
    automaton.make_automaton()
    return automaton


@dataclass
class Terms:
    hits: list[tuple[int, int, str, str, Any]]  # start, end, phrase, kind, payload
    by_seg: dict[int, list[tuple[str, str, Any]]]


def find_terms(doc: Doc) -> Terms:
    raw: list[tuple[int, int, Any]] = []
    for end_idx, (phrase, values) in vocab_automaton().iter(doc.lower):
        start = end_idx - len(phrase) + 1
        if bounded(doc.lower, start, end_idx + 1):
            raw.append((start, end_idx + 1, (phrase, values)))
    hits: list[tuple[int, int, str, str, Any]] = []
    by_seg: dict[int, list[tuple[str, str, Any]]] = defaultdict(list)
    for start, end, (phrase, values) in longest(raw):
        seg = doc.seg_of(start)
        for kind, payload in values:
            hits.append((start, end, phrase, kind, payload))
            by_seg[seg].append((phrase, kind, payload))
    return Terms(hits=hits, by_seg=by_seg)


_PAST_SENTENCE_RE = re.compile("|".join(re.escape(p) for p in V.PAST_SENTENCE))
# "in the past month" is the story's own time, not a look back ("in the past" alone is)
_NOW_RE = re.compile(
    r"\b(now|latest|this inspection|most recent|recent|today|this week|this month|"
    r"in the (?:past|last) (?:few )?(?:days?|weeks?|fortnight|month)|"
    # "it is six weeks since the publication of the report": counted in weeks, it is recent
    r"(?:days|weeks) since|"
    # "its first inspection since the council's formation in 2023": this one
    r"first (?:[\w']+ ){0,4}since)\b"
)


# "following the inspection ... in December last year": the fieldwork's month; a report comes
# out within about three months of it, so in a story of January to March it is this report's
_LATE_MONTH_BEFORE_RE = re.compile(r"\b(?:october|november|december) $")
# a report is published some weeks after the inspection, and the press follows it
PUBLICATION_LAG_MONTHS = 3


def _fieldwork_last_year(doc: Doc, low: str, pos: int) -> bool:
    """Is the "last year" at ``pos`` the month of fieldwork a story early in the year reports?"""
    # (an undated story's "December last year" is as likely this report's fieldwork)
    early = doc.ref_date is None or (
        not doc.year_guessed and doc.ref_date.month <= PUBLICATION_LAG_MONTHS
    )
    return early and _LATE_MONTH_BEFORE_RE.search(low, max(0, pos - 10), pos) is not None


def _past_phrases(doc: Doc, low: str) -> list[int]:
    """Where the sentence ``low`` says a PAST_SENTENCE phrase that looks back."""
    return [
        m.start()
        for m in _PAST_SENTENCE_RE.finditer(low)
        if not (m.group() == "last year" and _fieldwork_last_year(doc, low, m.start()))
    ]


# a sentence recalling the earlier inspection by its date alone ("The previous inspection of
# the local authority's services for children looked after was in June 2012."), and the next
# one's plain past verdict on the same subject ("The local authority was judged to be good."):
# the SIF report's own wording, which the press copies
_RECALLED_DATE_RE = re.compile(
    r"\b(?:previous|last|earlier) (?:[\w'’-]+ ){0,10}?(?:inspection|inspected)\b[^.;]*?"
    r"\bwas (?:in|carried out in|held in|undertaken in) (?:[a-z]+ )?(?:19|20)\d\d\W*$"
)
_ITS_VERDICT_RE = re.compile(
    r"^\W*(?:the|it|this|that) ?(?:local authority|council|authority|service|services)? "
    r"(?:was|were) (?:judged|rated|graded|found)\b"
)


def _verdict_on_recalled(doc: Doc, seg: int, low: str) -> bool:
    """Sentence ``seg`` gives the verdict of the earlier inspection the sentence before dated."""
    return (
        seg > 0
        and _ITS_VERDICT_RE.match(low) is not None
        and _RECALLED_DATE_RE.search(doc.seg_text(seg - 1).lower()) is not None
    )


def past_markers(doc: Doc, seg: int) -> list[int]:
    """Offsets (in the text) of what makes sentence ``seg`` look back: a PAST_SENTENCE phrase,
    or a year before the story's; empty if it does not (or says "now", "latest")."""
    start, _end = doc.segs[seg]
    low = doc.seg_text(seg).lower()
    found = [start + pos for pos in _past_phrases(doc, low)]
    if found and _NOW_RE.search(low):
        found = []
    if not found and _verdict_on_recalled(doc, seg, low):
        found = [start]
    if doc.ref_year is not None:
        years = [
            (int(m.group()), m.start())
            for m in YEAR_RE.finditer(low)
            if not first_since(low, m.start())
        ]
        if years and max(y for y, _ in years) < doc.ref_year - 1:
            found += [start + pos for _, pos in years]
    return sorted(found)


def past_segment(doc: Doc, seg: int, *, years: bool = True) -> bool:
    """Sentence ``seg`` looks back: a PAST_SENTENCE phrase (without "now"), or (``years``) a
    year before the story's."""
    low = doc.seg_text(seg).lower()
    if _past_phrases(doc, low) and not _NOW_RE.search(low):
        return True
    if _verdict_on_recalled(doc, seg, low):
        return True
    if years and doc.ref_year is not None:
        stated = [int(m.group()) for m in YEAR_RE.finditer(low) if not first_since(low, m.start())]
        if stated and max(stated) < doc.ref_year - 1:
            return True
    return False
