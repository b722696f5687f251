"""Text -> Classification: is this page about an Ofsted inspection of an English council's
children's services, which councils, which kind of inspection, and with what outcome.

What it decides, and from what evidence
---------------------------------------
* **councils**: every variant of the 153 names and aliases (plus abolished authorities) is found
  with one Aho-Corasick pass over the lower-cased text, kept only on word boundaries, when the
  original starts with a capital, and when it is not the start of another name ("Derby County",
  "Wigan Athletic", "Sutton Coldfield", "NHS Herefordshire", "Julie Kent"). Each mention scores
  by where it sits (title, lead, a header line), what is around it ("X Council", "X's
  children's services", "visit to X") and whether its sentence reports an inspection; a
  sentence naming several councils beside a grade or an inspection type is a roundup. The URL
  adds evidence: a council's own site (``democracy.leeds.gov.uk``), an outlet named after a
  place (``burytimes``), a slug (``/north-somerset-...``). The councils kept are those scoring
  at least 3 and at least 40% of the best; ambiguous names ("Reading", "Bury", "Durham",
  "Westminster") count half unless something confirms them.
* **inspection_type**: phrases from ``vocabulary.TYPE_PHRASES``, weighted by position and
  discounted in sentences that look backwards ("the last inspection under the SIF"). A graded
  outcome rules out the ungraded visit types; a graded inspection with no framework named is
  dated: SIF from late 2013 to 2017, ILACS (full) from 2018. A "monitoring visit" to a council
  last judged good or requires improvement is re-typed as a focused visit (monitoring visits
  follow an inadequate grade).
* **judgement**: grade words with a rating word nearby ("rated", "judged", "overall",
  "'good' rating"); a grade is *previous* when a marker before or after it looks back
  ("previously", "since", "from X to", "in 2017" before the story's year), *sub* when an area
  names it ("impact of leaders ... Outstanding"), and ignored in statistics, grade scales and
  "between inadequate and good". Ungraded visit types get ``none`` and their grades become
  ``previous_judgement``. Councils in a roundup with different grades give ``None``.
* **relevant**: an inspectorate (or an LA inspection type) is named, a sentence reports an
  inspection event that is not only looking back, a subject council is found, and the LA
  children's-services evidence outweighs the negative topics (a single children's home, schools
  and nurseries, CQC adult social care, police/probation/youth justice, other nations'
  inspectorates, national reports, future inspections, peer reviews, budgets).

What it gets wrong
------------------
* It reads words, not meaning: a story told entirely in the past tense about an old grade,
  without "previous"/"last"/a year, reads as a new outcome.
* "Full inspection" is taken as a standard ILACS inspection even for an outstanding council
  whose real visit was a short one; short vs full is only as good as the wording.
* Council names that appear only in the body as "the council" are found only through the URL;
  a reposted story on an unrelated site loses them.
* Roundups whose grades are spread over separate paragraphs may get a single judgement where
  the labelling policy wants ``None``.

How to correct it
-----------------
Add wording to ``monitor/vocabulary.py`` (types, rating and past markers, negative topics,
names that are not councils), add aliases to ``monitor/data/local_authorities.csv``, then run
``python benchmarks/classify_eval.py`` to see the effect on the labelled corpus.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import unquote, urlsplit

import ahocorasick
from dateutil import parser as dateparser

from monitor import vocabulary as V
from monitor.councils import gazetteer

GRADES = ("outstanding", "good", "requires_improvement", "inadequate")


@dataclass(frozen=True)
class Classification:
    """The analyser's decision about one text (see the module docstring)."""

    relevant: bool
    councils: tuple[str, ...]
    ons_codes: tuple[str, ...]
    inspection_type: str | None
    judgement: str | None
    previous_judgement: str | None
    confidence: float
    inspection_date: dt.date | None = None
    report_date: dt.date | None = None
    sub_judgements: dict[str, str] = field(default_factory=dict)
    send_outcome: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_json(self, id: str | None = None) -> dict[str, Any]:
        """SPEC's classifier output object, plus the extra fields."""
        return {
            "id": id,
            "relevant": self.relevant,
            "councils": list(self.councils),
            "inspection_type": self.inspection_type,
            "judgement": self.judgement,
            "previous_judgement": self.previous_judgement,
            "confidence": round(self.confidence, 3),
            "ons_codes": list(self.ons_codes),
            "inspection_date": _iso(self.inspection_date),
            "report_date": _iso(self.report_date),
            "sub_judgements": dict(self.sub_judgements),
            "send_outcome": self.send_outcome,
            "evidence": self.evidence,
        }


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


# --- Text preparation ---------------------------------------------------------------------------

_FOLD: tuple[tuple[str, str], ...] = (
    ("‘", "'"),
    ("’", "'"),
    ("‛", "'"),
    ("“", '"'),
    ("”", '"'),
    ("\u00a0", " "),
    ("–", "-"),
    ("—", "-"),
)


def _fold(text: str) -> str:
    """Straight quotes, plain spaces and hyphens (same length, so offsets stay valid)."""
    if text.isascii():
        return text
    for old, new in _FOLD:
        if old in text:
            text = text.replace(old, new)
    return text


_NOISE_LINE = re.compile(
    r"^\s*(read more|more news|advertising|advertisement|skip to|image caption|image source|"
    r"picture:|photo:|follow bbc|share this|register now|already have an account)",
    re.I,
)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[\"'(A-Z0-9•-])")
_YEAR_RE = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")
_EARLIER_YEAR_RE = re.compile(
    r"\b(?:last|previous|previously|earlier)\b[^.\n]{0,40}?\b(19[89]\d|20[0-4]\d)\b"
)
LEAD_CHARS = 420


@dataclass
class _Doc:
    text: str
    lower: str
    segs: list[tuple[int, int]]
    seg_starts: list[int]
    title_end: int
    ref_year: int | None

    def seg_of(self, pos: int) -> int:
        return bisect.bisect_right(self.seg_starts, pos) - 1

    def seg_text(self, i: int) -> str:
        start, end = self.segs[i]
        return self.text[start:end]


def _prepare(text: str, title: str | None, published: dt.date | None) -> _Doc:
    lines = [ln for ln in _fold(text).splitlines() if not _NOISE_LINE.match(ln)]
    body = "\n".join(lines)
    head = _fold(title or "").strip()
    full = f"{head}\n{body}" if head else body
    segs: list[tuple[int, int]] = []
    pos = 0
    for line in full.split("\n"):
        start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        last = 0
        for m in _SENTENCE_SPLIT.finditer(line):
            segs.append((start + last, start + m.start()))
            last = m.end()
        segs.append((start + last, start + len(line)))
    if not segs:
        segs = [(0, len(full))]
    ref_year = published.year if published else None
    if ref_year is None:
        years = [int(y) for y in _YEAR_RE.findall(full)]
        years += [int(y) + 1 for y in _EARLIER_YEAR_RE.findall(full.lower())]
        ref_year = max(years) if years else None
    return _Doc(
        text=full,
        lower=full.lower(),
        segs=segs,
        seg_starts=[s for s, _ in segs],
        title_end=len(head),
        ref_year=ref_year,
    )


def _as_date(value: str | dt.date | dt.datetime | None) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    try:
        return dateparser.parse(value, default=dt.datetime(2000, 1, 1)).date()
    except (ValueError, OverflowError):
        return None


def _bounded(lower: str, start: int, end: int) -> bool:
    """True if lower[start:end] is a whole word (or words)."""
    if start > 0 and lower[start - 1].isalnum():
        return False
    return not (end < len(lower) and lower[end].isalnum())


def _longest(hits: list[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """Non-overlapping hits, preferring the longest at each place."""
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out: list[tuple[int, int, Any]] = []
    last_end = -1
    for hit in hits:
        if hit[0] >= last_end:
            out.append(hit)
            last_end = hit[1]
    return out


# --- Vocabulary matching ------------------------------------------------------------------------


@cache
def _vocab_automaton() -> ahocorasick.Automaton:
    entries: dict[str, list[tuple[str, Any]]] = defaultdict(list)
    for phrase, (kind, weight) in V.TYPE_PHRASES.items():
        entries[phrase].append(("type", (kind, weight)))
    for phrase, (kind, weight) in V.NEGATIVE_TERMS.items():
        entries[phrase].append(("neg", (kind, weight)))
    for phrase in V.INSPECTORATE_TERMS:
        entries[phrase].append(("insp", None))
    for phrase in V.EVENT_TERMS:
        entries[phrase].append(("event", None))
    for phrase in V.LA_TERMS:
        entries[phrase].append(("la", None))
    for phrase, outcome in V.SEND_OUTCOMES.items():
        entries[phrase].append(("send", outcome))
    automaton = ahocorasick.Automaton()
    for phrase, values in entries.items():
        automaton.add_word(phrase, (phrase, values))
    automaton.make_automaton()
    return automaton


@dataclass
class _Terms:
    hits: list[tuple[int, int, str, str, Any]]  # start, end, phrase, kind, payload
    by_seg: dict[int, list[tuple[str, str, Any]]]


def _find_terms(doc: _Doc) -> _Terms:
    raw: list[tuple[int, int, Any]] = []
    for end_idx, (phrase, values) in _vocab_automaton().iter(doc.lower):
        start = end_idx - len(phrase) + 1
        if _bounded(doc.lower, start, end_idx + 1):
            raw.append((start, end_idx + 1, (phrase, values)))
    hits: list[tuple[int, int, str, str, Any]] = []
    by_seg: dict[int, list[tuple[str, str, Any]]] = defaultdict(list)
    for start, end, (phrase, values) in _longest(raw):
        seg = doc.seg_of(start)
        for kind, payload in values:
            hits.append((start, end, phrase, kind, payload))
            by_seg[seg].append((phrase, kind, payload))
    return _Terms(hits=hits, by_seg=by_seg)


_PAST_SENTENCE_RE = re.compile("|".join(re.escape(p) for p in V.PAST_SENTENCE))
_NOW_RE = re.compile(r"\b(now|latest|this inspection|most recent|recent|today|this week)\b")


def _past_segment(doc: _Doc, seg: int) -> bool:
    low = doc.seg_text(seg).lower()
    if _PAST_SENTENCE_RE.search(low) and not _NOW_RE.search(low):
        return True
    if doc.ref_year is not None:
        years = [int(y) for y in _YEAR_RE.findall(low)]
        if years and max(years) < doc.ref_year - 1:
            return True
    return False


# --- Councils -----------------------------------------------------------------------------------

_SUFFIX_RE = re.compile(
    r"^(?:'s)?\s*(?:county |city |borough |metropolitan borough |metropolitan district |"
    r"district )?council\b|^(?:'s)?\s+children(?:'s)? (?:services|social care|first|trust)|"
    r"^'s children|^'s (?:local authority )?children's"
)
_BEFORE_STRONG_RE = re.compile(
    r"(?:children's services|children's social care|department|services|visit|visits|"
    r"inspection|inspections|"
    r"inspected|inspectors visited|report for|letter to|found) (?:in|at|of|to|for|on)?\s*"
    r"(?:the )?$"
)
_NOT_COUNCIL_RE = re.compile(r"^\s*(?:" + V.NOT_COUNCIL_FOLLOWERS + r")\b")
_PRECEDER_RE = re.compile(r"([A-Za-z][A-Za-z']*)[ ]$")
_HEADER_RE = re.compile(
    r"^\W*(?:the )?\S.{0,60}?\s*(?:(?:metropolitan |london )?(?:borough |county |city |"
    r"district )?council)?\W*$"
)


@dataclass(frozen=True)
class _Authority:
    name: str
    ons_code: str
    former: bool
    end_year: int | None


@cache
def _council_index() -> tuple[ahocorasick.Automaton, dict[str, _Authority]]:
    """The gazetteer's names as one automaton, and compact keys for URL host labels."""
    gaz = gazetteer()
    keys: dict[str, tuple[_Authority, str]] = {}
    compact: dict[str, _Authority] = {}

    def variants(name: str) -> set[str]:
        low = name.lower().replace("’", "'")
        out = {low}
        for suffix in (", city of", ", county of"):
            if low.endswith(suffix):
                core = low[: -len(suffix)]
                out |= {core, f"{suffix[2:]} {core}"}
        for text in list(out):
            out.add(text.replace("&", "and"))
            out.add(text.replace(" and ", " & "))
            out.add(text.replace("st. ", "st "))
        return {v.replace(" & ", " & ") for v in out if len(v) >= 3}

    for council in gaz.councils:
        auth = _Authority(council.name, council.ons_code, False, None)
        for variant in council.names:
            for key in variants(variant):
                keys.setdefault(key, (auth, variant))
        for variant in council.names:
            squashed = re.sub(r"[^a-z]", "", variant.lower())
            if len(squashed) >= 4 and not variant.isupper():
                compact.setdefault(squashed, auth)
    for former in gaz.former:
        end_year = int(former.end_date[:4]) if former.end_date else None
        auth = _Authority(former.name, former.ons_code or "", True, end_year)
        for key in variants(former.name):
            keys.setdefault(key, (auth, former.name))
        compact.setdefault(re.sub(r"[^a-z]", "", former.name.lower()), auth)
    automaton = ahocorasick.Automaton()
    for key, value in keys.items():
        automaton.add_word(key, (key, value))
    automaton.make_automaton()
    return automaton, compact


@dataclass
class _Mention:
    auth: _Authority
    start: int
    end: int
    seg: int
    surface: str
    strong: bool


def _title_case(segment: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z']+", segment) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) > 0.6


def _find_mentions(doc: _Doc) -> list[_Mention]:
    automaton, _ = _council_index()
    raw: list[tuple[int, int, Any]] = []
    for end_idx, (key, value) in automaton.iter(doc.lower):
        start = end_idx - len(key) + 1
        if _bounded(doc.lower, start, end_idx + 1):
            raw.append((start, end_idx + 1, value))
    mentions: list[_Mention] = []
    for start, end, (auth, variant) in _longest(raw):
        surface = doc.text[start:end]
        if not surface[0].isupper():
            continue
        if variant.isupper() and not surface[:2].isupper():
            continue  # abbreviations only in capitals
        after = doc.lower[end : end + 40]
        if _NOT_COUNCIL_RE.match(after) and not _SUFFIX_RE.match(after):
            continue
        seg = doc.seg_of(start)
        seg_start = doc.segs[seg][0]
        before = doc.text[max(seg_start, start - 30) : start]
        prev = _PRECEDER_RE.search(before)
        if prev:
            word = prev.group(1)
            if word.upper() == "NHS":
                continue
            if (
                word[0].isupper()
                and word.lower() not in V.NAME_PRECEDERS_OK
                and not _title_case(doc.seg_text(seg))
            ):
                continue
        low_key = surface.lower()
        if low_key in V.AMBIGUOUS_NAMES and start == seg_start and not _SUFFIX_RE.match(after):
            continue  # "Reading the report ..." at the start of a sentence
        strong = bool(_SUFFIX_RE.match(after)) or bool(
            _BEFORE_STRONG_RE.search(doc.lower[max(seg_start, start - 40) : start])
        )
        mentions.append(_Mention(auth, start, end, seg, surface, strong))
    return mentions


def _url_evidence(url: str | None) -> dict[_Authority, float]:
    if not url:
        return {}
    automaton, compact = _council_index()
    parts = urlsplit(url if "//" in url else f"//{url}")
    host = (parts.hostname or "").lower()
    site = any(marker in host for marker in V.COUNCIL_SITE_MARKERS)
    found: dict[_Authority, float] = {}
    for label in host.split("."):
        if label in {"www", "co", "uk", "com", "org", "net", "gov", "news", "feeds"}:
            continue
        for length in range(len(label), 3, -1):
            auth = compact.get(label[:length])
            if auth is None:
                continue
            if auth.former and not site:
                break
            if site and length == len(label):
                found[auth] = max(found.get(auth, 0.0), 6.0)
            else:
                found[auth] = max(found.get(auth, 0.0), 3.0)
            break
    slug = re.sub(r"[^a-z0-9]+", " ", unquote(parts.path).lower())
    for end_idx, (key, (auth, _variant)) in automaton.iter(slug):
        start = end_idx - len(key) + 1
        if _bounded(slug, start, end_idx + 1) and not auth.former:
            found[auth] = max(found.get(auth, 0.0), 2.0)
    return found


@dataclass
class _CouncilResult:
    chosen: list[_Authority]
    scores: dict[_Authority, float]
    roundup: bool
    surfaces: dict[str, str]


def _choose_councils(
    doc: _Doc,
    mentions: list[_Mention],
    terms: _Terms,
    grade_segs: set[int],
    url: str | None,
    published: dt.date | None,
) -> _CouncilResult:
    per_seg: dict[int, set[_Authority]] = defaultdict(set)
    for m in mentions:
        per_seg[m.seg].add(m.auth)
    scores: dict[_Authority, float] = defaultdict(float)
    confirmed: set[_Authority] = set()
    roundup_members: set[_Authority] = set()
    lead_end = doc.title_end + LEAD_CHARS
    for m in mentions:
        seg_terms = terms.by_seg.get(m.seg, [])
        kinds = {kind for _, kind, _ in seg_terms}
        typed = any(kind == "type" and p[1] >= 1.5 for _, kind, p in seg_terms)
        eventful = "event" in kinds or typed or m.seg in grade_segs
        prev_seg = m.seg - 1
        in_list = prev_seg >= 0 and doc.seg_text(prev_seg).rstrip().endswith(":")
        if in_list and (
            prev_seg in grade_segs or any(k == "type" for _, k, _ in terms.by_seg.get(prev_seg, []))
        ):
            eventful = True
        score = 1.0
        if m.start < doc.title_end:
            score += 3.0
            confirmed.add(m.auth)
        elif m.start < lead_end:
            score += 1.0
        if m.strong:
            score += 2.0
            confirmed.add(m.auth)
        if eventful:
            score += 1.0
        seg_text = doc.seg_text(m.seg)
        if len(seg_text) < 70 and _HEADER_RE.match(seg_text) and m.start >= doc.title_end:
            score += 1.0
        several = len(per_seg[m.seg]) >= 2
        if (several and (m.seg in grade_segs or typed)) or (in_list and prev_seg in grade_segs):
            score += 2.0
            roundup_members.add(m.auth)
        if "peer review" in seg_text.lower() or "review" in {
            p for p, k, _ in seg_terms if k == "neg"
        }:
            score -= 2.0
        scores[m.auth] += score
    for auth, bonus in _url_evidence(url).items():
        scores[auth] += bonus
        confirmed.add(auth)
    confirmed |= roundup_members
    for auth in list(scores):
        ambiguous = auth.name.lower() in V.AMBIGUOUS_NAMES or any(
            m.surface.lower() in V.AMBIGUOUS_NAMES for m in mentions if m.auth == auth
        )
        if ambiguous and auth not in confirmed:
            scores[auth] *= 0.5
        if auth.former and published and auth.end_year and published.year > auth.end_year + 1:
            scores[auth] *= 0.5
    chosen: list[_Authority] = []
    if scores:
        top = max(scores.values())
        order = sorted(scores, key=lambda a: (-scores[a], a.name))
        chosen = [a for a in order if scores[a] >= 3.0 and scores[a] >= 0.4 * top]
        if not chosen and len(order) == 1 and top >= 2.0:
            chosen = order  # the only council named, once, beside the inspection
    surfaces = {m.surface: m.auth.name for m in mentions if m.auth in chosen}
    roundup = len([a for a in chosen if a in roundup_members]) >= 2
    return _CouncilResult(chosen, dict(scores), roundup, surfaces)


# --- Judgements ---------------------------------------------------------------------------------

_GRADE_RE = re.compile(
    r"\b(?:"
    + "|".join(f"(?P<g{i}>{pattern})" for i, (_, pattern) in enumerate(V.GRADE_PATTERNS))
    + r")\b"
)
_STRONG_RATING_RE = re.compile(
    r"\b(?:rated|rating|ratings|judged|judgement|judgment|graded|grade|grades|awarded|given|"
    r"branded|deemed|downgraded|upgraded|found to be|remains?|remained|retains?|retained|"
    r"overall|effectiveness|verdict|out of|improved|improves|improving|condemns|condemned|"
    r"declared|assessed|received|receive|achieve|achieved|achieving|maintain|secured)\b"
)
_WEAK_RATING_RE = re.compile(r"\b(?:was|were|are|is|be|as|to|from|now|still)\W{0,2}$")
_AFTER_RATING_RE = re.compile(
    r"^\W{0,3}(?:-rated|rated|rating|ratings|judgement|judgment|grade|overall|for overall|"
    r"in all|across the board|by ofsted|in every|in (?:three|two|four|most) of)"
)
_PAST_BEFORE_RE = re.compile(r"\b(?:" + V.PAST_BEFORE + r")\b")
_PAST_AFTER_RE = re.compile(
    r"^\W{0,3}(?:rating |judgement |grade |rated |judged )?(?:last|previously|in the past|"
    r"at the last|at the time|before)\b"
)
_CURRENT_BEFORE_RE = re.compile(r"\b(?:" + V.CURRENT_BEFORE + r")\b")
_NEGATION_RE = re.compile(r"\b(?:no|not|never|nor)\b")
_OVERALL_RE = re.compile(
    r"overall effectiveness|overall judgement|overall judgment|overall rating|overall grade|"
    r"overall conclusion"
)
_LIST_AFTER_RE = re.compile(
    r"^\W{0,2}\s*(?:or|and|,|/)\s*\W{0,2}(?:outstanding|good|inadequate|requires? improvement)\b"
)
_LIST_BEFORE_RE = re.compile(
    r"\b(?:outstanding|good|inadequate|improvement|be good)\W{0,2}\s*(?:or|,|/)\s*\W{0,2}$"
)
_BETWEEN_RE = re.compile(r"\bbetween\W{0,2}(?:inadequate|good|outstanding|requires? improvement)")
_CONTINUE_RE = re.compile(r"(?<=[a-z,])\n(?=[a-z])")
_SPLIT_GRADE_RE = re.compile(r"\b(requires?|requiring)\s*\n\s*(improvement)", re.I)
_CLAUSE_SPLIT_RE = re.compile(r"[;,]|\bwhile\b|\bwhereas\b|\bbut\b")
_AREA_RE = re.compile(
    r"\b("
    + "|".join(re.escape(a) for a in sorted(V.SUB_JUDGEMENT_AREAS, key=len, reverse=True))
    + r")\b"
)
_ALL_AREAS_RE = re.compile(r"\b(?:all|every|most|\w+ of (?:the )?\w+) (?:areas|categories)\b")


@dataclass
class _Grade:
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


def _grade_name(match: re.Match[str]) -> str:
    for name, value in match.groupdict().items():
        if value is not None:
            return V.GRADE_PATTERNS[int(name[1:])][0]
    raise RuntimeError("grade pattern matched no group")


def _nearest_year(doc: _Doc, seg: int, pos: int) -> int | None:
    start, end = doc.segs[seg]
    best: tuple[int, int] | None = None
    for m in _YEAR_RE.finditer(doc.text, start, end):
        distance = abs(m.start() - pos)
        if best is None or distance < best[0]:
            best = (distance, int(m.group()))
    return best[1] if best else None


def _table_context(doc: _Doc, seg: int) -> tuple[bool, str | None]:
    """For a grade alone on its line, the row label a few lines up."""
    for back in range(seg - 1, max(-1, seg - 5), -1):
        label = doc.seg_text(back).lower().strip()
        if _GRADE_RE.fullmatch(label.strip(" '\"-:")) or _YEAR_RE.fullmatch(label) or not label:
            continue
        if "overall" in label:
            return True, None
        area = _AREA_RE.search(label)
        return False, V.SUB_JUDGEMENT_AREAS[area.group(1)] if area else None
    return False, None


def _find_grades(doc: _Doc, named_segs: set[int]) -> list[_Grade]:
    """Grade words that read as ratings; ``named_segs`` are sentences naming a council."""
    grades: list[_Grade] = []
    seg_grades: dict[int, set[str]] = defaultdict(set)
    matches = [(m, doc.seg_of(m.start())) for m in _GRADE_RE.finditer(doc.lower)]
    for m, seg in matches:
        seg_grades[seg].add(_grade_name(m))
    past_cache: dict[int, bool] = {}
    for m, seg in matches:
        grade = _grade_name(m)
        seg_start, seg_end = doc.segs[seg]
        seg_low = doc.lower[seg_start:seg_end]
        if "%" in seg_low or "per cent" in seg_low:
            continue
        if len(seg_grades[seg]) >= 3 and seg not in named_segs:
            continue  # a grading scale or national statistics
        if _BETWEEN_RE.search(seg_low):
            continue
        before = doc.lower[max(seg_start, m.start() - 80) : m.start()]
        after = doc.lower[m.end() : min(seg_end, m.end() + 50)]
        if _LIST_AFTER_RE.match(after) or _LIST_BEFORE_RE.search(before):
            continue
        words = before.split()
        short = " ".join(words[-6:])
        if _NEGATION_RE.search(" ".join(words[-7:])):
            continue
        bare = seg_low.strip(" '\"-:*•.") == m.group().lower()
        overall = bool(_OVERALL_RE.search(" ".join(words[-4:])) or "overall" in after[:25])
        sub: str | None = None
        area = _AREA_RE.search(" ".join(words[-8:]))
        if area:
            sub = V.SUB_JUDGEMENT_AREAS[area.group(1)]
        elif re.match(r"^\W*\s*(?:rating |ratings )?(?:\w+ ){0,2}?(?:for|in) (?:the )?", after):
            tail = _AREA_RE.search(after[:45])
            if tail and not _ALL_AREAS_RE.search(after[:45]):
                sub = V.SUB_JUDGEMENT_AREAS[tail.group(1)]
        if bare:
            overall, sub = _table_context(doc, seg)
            weight = 1.0
        elif (
            grade == "requires_improvement"
            or _STRONG_RATING_RE.search(short)
            or _AFTER_RATING_RE.match(after)
        ):
            weight = 1.0
        elif _WEAK_RATING_RE.search(before):
            weight = 0.6
        elif grade == "inadequate":
            weight = 0.5
        else:
            continue
        if not overall and sub is None and _OVERALL_RE.search(doc.lower[seg_start : m.start()]):
            overall = True
        if overall and sub == "other":
            sub = None
        if seg not in past_cache:
            past_cache[seg] = _past_segment(doc, seg)
        near_words = " ".join(words[-5:])
        past = bool(_PAST_BEFORE_RE.search(near_words)) or bool(_PAST_AFTER_RE.match(after))
        year = _nearest_year(doc, seg, m.start())
        after_year = _YEAR_RE.search(after[:30])
        if after_year and doc.ref_year and int(after_year.group()) < doc.ref_year - 1:
            past = True
        if past_cache[seg]:
            past = True
        before_years = [int(y) for y in _YEAR_RE.findall(" ".join(words[-8:]))]
        if before_years and doc.ref_year and max(before_years) < doc.ref_year - 1:
            past = True
        if _CURRENT_BEFORE_RE.search(" ".join(words[-3:])):
            past = False
        from_ = bool(re.search(r"\bfrom\W*$", before)) or "out of" in near_words
        grades.append(
            _Grade(grade, m.start(), m.end(), seg, weight, past, sub, overall, year, from_)
        )
        if re.search(r"\b(remains?|remained|retains?|retained|maintain|still)\b", short):
            grades.append(
                _Grade(grade, m.start(), m.end(), seg, weight, True, sub, overall, year, False)
            )
    return grades


def _vote(
    doc: _Doc, grades: list[_Grade], council_segs: set[int]
) -> tuple[str | None, float, _Grade | None]:
    totals: dict[str, float] = defaultdict(float)
    best_mention: dict[str, _Grade] = {}
    lead_end = doc.title_end + LEAD_CHARS
    for g in grades:
        if g.past or g.sub is not None:
            continue
        w = g.weight
        if g.start < doc.title_end:
            w *= 3.0
        elif g.start < lead_end:
            w *= 1.5
        if g.overall:
            w *= 2.0
        if g.seg in council_segs:
            w *= 1.5
        totals[g.grade] += w
        best_mention.setdefault(g.grade, g)
    if not totals:
        return None, 0.0, None
    grade = max(totals, key=lambda k: totals[k])
    if totals[grade] < 0.9:
        return None, totals[grade], None
    return grade, totals[grade] / (sum(totals.values()) or 1.0), best_mention[grade]


def _previous(grades: list[_Grade], ungraded: bool) -> str | None:
    pool = [g for g in grades if g.sub is None and (g.past or ungraded)]
    if not pool:
        return None
    best = max(pool, key=lambda g: (g.year or 0, 0 if g.from_ else 1, -g.start))
    return best.grade


def _roundup_conflict(
    doc: _Doc, grades: list[_Grade], mentions: list[_Mention], chosen: list[_Authority]
) -> dict[str, str]:
    """Per-council grades in a roundup, from clauses that name one council and one grade."""
    by_council: dict[str, str] = {}
    current = [g for g in grades if not g.past and g.sub is None]
    for g in current:
        start, end = doc.segs[g.seg]
        cuts = [start] + [m.end() for m in _CLAUSE_SPLIT_RE.finditer(doc.lower, start, end)]
        cuts.append(end)
        for a, b in itertools.pairwise(cuts):
            if a <= g.start < b:
                for m in mentions:
                    if m.auth in chosen and a <= m.start < b:
                        by_council.setdefault(m.auth.name, g.grade)
    return by_council


# --- Inspection type ----------------------------------------------------------------------------

_ERA_SIF = (2013, 2017)


_TYPE_PAST_AFTER_RE = re.compile(
    r"^\W{0,3}(?:[\w']+ ){0,3}?(?:last year|in the past|previously|"
    r"(?:in|during|of) (?:\w+ )?(19[89]\d|20[0-4]\d))\b"
)


def _type_mention_past(doc: _Doc, start: int, end: int) -> bool:
    seg_start, seg_end = doc.segs[doc.seg_of(start)]
    before = " ".join(doc.lower[max(seg_start, start - 60) : start].split()[-5:])
    if _PAST_BEFORE_RE.search(before):
        return True
    m = _TYPE_PAST_AFTER_RE.match(doc.lower[end : min(seg_end, end + 40)])
    if not m:
        return False
    year = m.group(1)
    return year is None or (doc.ref_year is not None and int(year) < doc.ref_year - 1)


def _type_scores(doc: _Doc, terms: _Terms) -> tuple[dict[str, float], dict[str, int]]:
    scores: dict[str, float] = defaultdict(float)
    where: dict[str, int] = {}
    lead_end = doc.title_end + LEAD_CHARS
    for start, end, phrase, kind, payload in terms.hits:
        if kind != "type":
            continue
        if phrase == "full inspection" and doc.lower.startswith(" report", end):
            continue
        name, weight = payload
        factor = 2.5 if start < doc.title_end else 1.5 if start < lead_end else 1.0
        if _type_mention_past(doc, start, end):
            factor *= 0.3
        scores[name] += weight * factor
        where.setdefault(name, doc.seg_of(start))
    return dict(scores), where


def _graded_type(doc: _Doc, scores: dict[str, float]) -> str:
    framework_cue = max(scores.get("ilacs_full", 0.0), scores.get("ilacs_short", 0.0))
    sif = scores.get("sif", 0.0)
    other = max(
        (k for k in ("annual_rating_2009", "other") if scores.get(k, 0.0) >= 2.0),
        key=lambda k: scores[k],
        default=None,
    )
    if other and scores[other] > max(sif, framework_cue):
        return other
    if sif > framework_cue:
        return "sif"
    if framework_cue > 0 or scores.get("focused_visit", 0.0) > 0:
        chosen = "ilacs_full"
    elif doc.ref_year and doc.ref_year < 2009:
        return "other"
    elif doc.ref_year and _ERA_SIF[0] <= doc.ref_year <= _ERA_SIF[1]:
        return "sif"
    else:
        chosen = "ilacs_full"
    if scores.get("ilacs_short", 0.0) > scores.get("ilacs_full", 0.0):
        return "ilacs_short"
    return chosen


def _choose_type(doc: _Doc, scores: dict[str, float], graded: bool) -> tuple[str | None, bool]:
    """The inspection type, and whether an ungraded visit type overrides any grade found."""
    ungraded = {k: v for k, v in scores.items() if k in V.UNGRADED_TYPES}
    graded_scores = {k: v for k, v in scores.items() if k not in V.UNGRADED_TYPES}
    best_u = max(ungraded, key=lambda k: ungraded[k], default=None)
    top_u = ungraded.get(best_u, 0.0) if best_u else 0.0
    top_g = max(graded_scores.values(), default=0.0)
    if best_u and top_u >= 3.0 and top_u > 2.0 * top_g:
        return best_u, True
    if graded:
        return _graded_type(doc, graded_scores), False
    best = max(scores, key=lambda k: scores[k], default=None)
    if best is None or scores[best] < 1.0:
        return None, False
    if best == "ilacs_full" and scores.get("ilacs_short", 0.0) >= scores[best] * 0.8:
        return "ilacs_short", False
    return best, False


# --- Relevance ----------------------------------------------------------------------------------


@dataclass
class _Relevance:
    relevant: bool
    score: float
    terms: list[str]


_NEUTRALISED_BY = {"justice": {"jtai"}, "school": {"area_send"}, "review": set(V.UNGRADED_TYPES)}


def _relevance(
    doc: _Doc,
    terms: _Terms,
    councils: _CouncilResult,
    type_scores: dict[str, float],
    itype: str | None,
    grade_segs: set[int],
    current_grade_segs: set[int],
) -> _Relevance:
    found: list[str] = []
    inspectorate = False
    la = 0.0
    negatives: dict[str, float] = defaultdict(float)
    for start, _end, phrase, kind, payload in terms.hits:
        in_title = start < doc.title_end
        if kind == "insp":
            inspectorate = True
            found.append(phrase)
        elif kind == "la":
            la += 1.0
        elif kind == "neg":
            category, weight = payload
            negatives[category] += weight * (3.0 if in_title else 1.0)
    best_type = max(type_scores.values(), default=0.0)
    if best_type >= 2.0:
        inspectorate = True
    current_event = False
    for seg, seg_terms in terms.by_seg.items():
        kinds = {k for _, k, _ in seg_terms}
        typed = any(k == "type" and p[1] >= 1.5 for _, k, p in seg_terms)
        has_event = "event" in kinds or typed or seg in grade_segs
        has_subject = "insp" in kinds or typed or "la" in kinds
        if seg in current_grade_segs and has_subject:
            current_event = True
            break
        if has_event and has_subject and not _past_segment(doc, seg):
            current_event = True
            break
    if councils.roundup:
        negatives.pop("national", None)
    for category, types in _NEUTRALISED_BY.items():
        if itype in types:
            negatives.pop(category, None)
    negative = sum(min(v, 12.0) for v in negatives.values())
    positive = 2.0 * inspectorate + 2.0 * current_event + min(la, 8.0) * 0.5
    positive += min(best_type, 4.0)
    top_council = max((councils.scores[a] for a in councils.chosen), default=0.0)
    positive += min(top_council, 8.0) * 0.5
    score = positive - negative
    relevant = bool(councils.chosen) and inspectorate and current_event and score >= 5.0
    if negatives.get("future", 0.0) >= 4.0 and not councils.roundup:
        relevant = False  # "has not yet been notified of its inspection"
    found += [f"-{k}:{v:g}" for k, v in negatives.items()]
    return _Relevance(relevant, score, found)


# --- Dates --------------------------------------------------------------------------------------

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE_RE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + _MONTHS + r")\b\.?,?(?:\s+((?:19|20)\d\d))?"
)
_INSPECTION_CUE = re.compile(
    r"inspection dates?|inspected|visited|visit|took place|on site|carried out|inspection"
)
_PUBLISHED_CUE = re.compile(r"published|publication")


def _first_date(found: list[re.Match[str]], years: list[str | None]) -> dt.date | None:
    for m, year in zip(found, years, strict=True):
        if not year:
            continue
        try:
            return dateparser.parse(f"{m.group(1)} {m.group(2)} {year}").date()
        except (ValueError, OverflowError):
            continue
    return None


def _dates(doc: _Doc) -> tuple[dt.date | None, dt.date | None]:
    """The first inspection date and report date stated with a full day, month and year."""
    by_seg: dict[int, list[re.Match[str]]] = defaultdict(list)
    for m in _DATE_RE.finditer(doc.lower):
        by_seg[doc.seg_of(m.start())].append(m)
    inspection: dt.date | None = None
    report: dt.date | None = None
    for seg in sorted(by_seg):
        found = by_seg[seg]
        years = [m.group(3) for m in found]
        for j in range(len(years) - 2, -1, -1):
            years[j] = years[j] or years[j + 1]
        low = doc.seg_text(seg).lower()
        is_report = report is None and bool(_PUBLISHED_CUE.search(low))
        is_inspection = not is_report and inspection is None and bool(_INSPECTION_CUE.search(low))
        if not (is_report or is_inspection):
            continue
        parsed = _first_date(found, years)
        if parsed is None:
            continue
        if is_report:
            report = parsed
        else:
            inspection = parsed
    return inspection, report


# --- Putting it together ------------------------------------------------------------------------


def classify(
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    published: str | dt.date | dt.datetime | None = None,
) -> Classification:
    """Classify one page (see the module docstring for the rules)."""
    pub = _as_date(published)
    text = _SPLIT_GRADE_RE.sub(r"\1 \2", _CONTINUE_RE.sub(" ", text or ""))
    doc = _prepare(text, title, pub)
    terms = _find_terms(doc)
    mentions = _find_mentions(doc)
    grades = _find_grades(doc, {m.seg for m in mentions})
    grade_segs = {g.seg for g in grades}
    council_result = _choose_councils(doc, mentions, terms, grade_segs, url, pub)
    chosen = council_result.chosen
    council_segs = {m.seg for m in mentions if m.auth in chosen}
    judgement, grade_share, grade_mention = _vote(doc, grades, council_segs)
    type_scores, type_where = _type_scores(doc, terms)
    itype, _override = _choose_type(doc, type_scores, graded=judgement is not None)
    type_sentence = doc.seg_text(type_where[itype]).strip() if itype in type_where else None
    previous = _previous(grades, ungraded=itype in V.UNGRADED_TYPES)
    if itype == "visit":
        itype = "monitoring_visit" if previous == "inadequate" else "focused_visit"
    if (
        itype == "monitoring_visit"
        and previous in ("requires_improvement", "good", "outstanding")
        and not any(g.grade == "inadequate" for g in grades)
    ):
        itype = "focused_visit"  # monitoring visits follow an inadequate grade
    by_council: dict[str, str] = {}
    if itype in V.UNGRADED_TYPES:
        judgement = "none"
    elif len(chosen) >= 2 and judgement is not None:
        by_council = _roundup_conflict(doc, grades, mentions, chosen)
        if len(set(by_council.values())) >= 2:
            judgement = None
    if judgement not in (None, "none") and previous is None:
        previous = _previous(grades, ungraded=False)
    current_segs = {g.seg for g in grades if not g.past and g.sub is None}
    relevance = _relevance(doc, terms, council_result, type_scores, itype, grade_segs, current_segs)
    sub_judgements = {g.sub: g.grade for g in grades if g.sub and g.sub != "other" and not g.past}
    send_outcome = None
    if itype == "area_send":
        outcomes = [p for _s, _e, _ph, k, p in terms.hits if k == "send"]
        send_outcome = outcomes[0] if outcomes else None
    inspection_date, report_date = _dates(doc)
    confidence = 1.0 / (1.0 + pow(2.718281828, -(relevance.score - 5.0) / 2.0))
    if not relevance.relevant:
        confidence = min(confidence, 0.49) if chosen else min(confidence, 0.2)
        confidence = 1.0 - confidence if confidence < 0.5 else confidence
    elif judgement in GRADES:
        confidence = min(1.0, confidence * (0.8 + 0.2 * grade_share))
    evidence: dict[str, Any] = {
        "councils": council_result.surfaces,
        "council_scores": {a.name: round(s, 2) for a, s in council_result.scores.items()},
        "inspection_type": type_sentence,
        "judgement": doc.seg_text(grade_mention.seg).strip() if grade_mention else None,
        "relevance": relevance.terms,
        "relevance_score": round(relevance.score, 2),
    }
    if by_council:
        evidence["judgements_by_council"] = by_council
    return Classification(
        relevant=relevance.relevant,
        councils=tuple(a.name for a in chosen),
        ons_codes=tuple(a.ons_code for a in chosen),
        inspection_type=itype,
        judgement=judgement,
        previous_judgement=previous,
        confidence=round(confidence, 3),
        inspection_date=inspection_date,
        report_date=report_date,
        sub_judgements=sub_judgements,
        send_outcome=send_outcome,
        evidence=evidence,
    )
