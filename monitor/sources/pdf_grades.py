"""Grades in Ofsted report text: this inspection's, its parts', the LSCB's, and a recalled one.

All functions take the *flat* text (whitespace collapsed, curly apostrophes straightened, see
``monitor.sources.pdf.flatten``) and are pure.

How Ofsted writes them, framework by framework:

- ILACS (2018+): a "Judgement / Grade" table on page 1, each label directly followed by its
  grade ("Overall effectiveness Requires improvement to be good"), wrapped over lines.
- SIF (Nov 2013 - 2018): a numbered table without an overall row ("1. Children who need help
  and protection Good", "2.1 Adoption performance Good"); the overall grade is a headline
  sentence ("The overall judgement is that children's services require improvement",
  "Children's services in X are good"). Reports combined with the LSCB review add "The
  effectiveness of the Local Safeguarding Children Board (LSCB) is good" (the board's grade,
  never the overall one).
- Pre-2013 safeguarding and looked-after-children inspections: a "Record of main findings"
  table on the last page, on the old four-point scale (Outstanding / Good / Adequate /
  Inadequate).
- Later reports and letters recall the previous grade ("since the last inspection in 2016,
  when services were rated as good overall", "The judgements for the local authority were:
  Overall effectiveness: inadequate", "following a judgement of inadequate for overall
  effectiveness in 2014"): that is ``previous_judgement``, never this inspection's grade.
"""

from __future__ import annotations

import re

_RI = r"requir(?:es?|ed|ing)\s+improvement(?:\s+to\s+be\s+good)?"
GRADE = rf"(?:{_RI}|outstanding|inadequate|good|adequate)"
_GRADE = re.compile(GRADE, re.IGNORECASE)


def grade_of(text: str) -> str | None:
    """'Requires improvement to be good', 'Require improvement' -> 'requires_improvement';
    'Adequate' -> 'adequate' (the old scale) etc.; None when no grade."""
    match = _GRADE.search(text)
    if not match:
        return None
    word = match[0].lower()
    return "requires_improvement" if word.startswith("requir") else word


# --- judgement tables -------------------------------------------------------------------------
# (regex of a table label, key); the overall judgement is None
_Labels = tuple[tuple[re.Pattern[str], str | None], ...]


def _labels(*pairs: tuple[str, str | None]) -> _Labels:
    return tuple((re.compile(pattern, re.IGNORECASE), key) for pattern, key in pairs)


TABLE_LABELS = _labels(
    (r"overall\s+effectiveness", None),
    # ILACS
    (
        r"impact\s+of\s+leaders\s+on\s+social\s+work\s+practice\s+with\s+children\s+and\s+families",
        "leadership",
    ),
    (r"progress\s+of\s+children\s+in\s+care\s+and\s+care\s+leavers", "children_in_care"),
    (r"progress\s+of\s+children\s+in\s+care(?!\s+and)", "children_in_care"),
    (r"progress\s+of\s+care\s+leavers", "care_leavers"),
    # ILACS and SIF
    (r"children\s+who\s+need\s+help\s+and\s+protection", "help_and_protection"),
    # SIF
    (r"children\s+looked\s+after\s+and\s+achieving\s+permanence", "children_in_care"),
    (r"adoption\s+performance", "adoption"),
    (r"leadership,?\s+management\s+and\s+governance", "leadership"),
)
# Pre-2013 frameworks ("Record of main findings"), old four-point scale
OLD_TABLE_LABELS = _labels(
    (r"overall\s+effectiveness", None),
    (r"capacity\s+(?:to|for)\s+improve(?:ment)?", "capacity_to_improve"),
    (r"outcomes\s+for\s+(?:looked\s+after\s+)?children\s+and\s+young\s+people", "outcomes"),
    (r"quality\s+of\s+provision", "quality_of_provision"),
    (r"leadership\s+and\s+management", "leadership"),
)
_OLD_TABLE_START = re.compile(r"record\s+of\s+main\s+findings", re.IGNORECASE)
# a table row: the grade follows its label at once ("... protection: Good", "... Good")
# (a footnote's marker may sit between a label and its grade: "governance 1 Outstanding")
_ROW_GRADE = re.compile(rf"\s*(?:\d{{1,2}}\s+)?[:\-–]?\s*({GRADE})\b", re.IGNORECASE)
# a list recalling the last inspection's judgements (SIF re-inspections): not this table
_RECALL_LIST = re.compile(
    r"last\s+inspection\s+report\b[^.]{0,200}\.\s*the\s+judgements\s+for\s+the\s+local\s+"
    r"authority\s+were:(?:[^.]{0,120}?:\s*" + GRADE + r"(?:\s+to\s+be\s+good)?)+",
    re.IGNORECASE,
)


def judgement_table(flat: str, *, old_scale: bool = False) -> tuple[str | None, dict[str, str]]:
    """(overall judgement, sub-judgements) from the label -> grade rows of the table.

    A label counts only where its grade follows at once (a row, not prose about the area);
    the first row of each label wins, and lists recalling the last inspection's grades are
    skipped. ``old_scale`` reads the pre-2013 "Record of main findings" instead, where
    ``adequate`` is a grade; elsewhere it is not one. On the old scale, overall rows that
    disagree (safeguarding and looked after children graded apart) give no overall grade.
    """
    labels = TABLE_LABELS
    if old_scale:
        labels = OLD_TABLE_LABELS
        start = _OLD_TABLE_START.search(flat)
        flat = flat[start.end() :] if start else flat
    skip = [(m.start(), m.end()) for m in _RECALL_LIST.finditer(flat)]
    overalls: list[str] = []
    subs: dict[str, str] = {}
    hits = sorted(
        (match.start(), match.end(), key)
        for pattern, key in labels
        for match in pattern.finditer(flat)
    )
    for begin, end, key in hits:
        if any(a <= begin < b for a, b in skip):
            continue
        row = _ROW_GRADE.match(flat, end)
        if row is None:
            continue
        value = grade_of(row[1])
        if value is None or (value == "adequate" and not old_scale):
            continue
        if key is None:
            overalls.append(value)
        else:
            subs.setdefault(key, value)
    if not overalls and not subs:
        return _column_table(flat, hits, skip, old_scale=old_scale)
    if old_scale and len(set(overalls)) > 1:
        # 2009-2012 safeguarding and looked after children inspections grade the two services
        # apart, each with its own "Overall effectiveness": no single judgement
        return None, subs
    return (overalls[0] if overalls else None), subs


# a column of grade cells, after an optional column heading
_GRADE_CELLS = re.compile(rf"\s*(?:grades?|judgements?)?\s*((?:{GRADE}\b\s*)+)", re.IGNORECASE)


def _column_table(
    flat: str,
    hits: list[tuple[int, int, str | None]],
    skip: list[tuple[int, int]],
    *,
    old_scale: bool,
) -> tuple[str | None, dict[str, str]]:
    """A table extracted column by column (every label, then every grade): the labels that
    follow one another with a few words between at most, then as many grades, paired in order.
    """
    run: list[tuple[int, int, str | None]] = []
    for begin, end, key in hits:
        if any(a <= begin < b for a, b in skip):
            continue
        gap = flat[run[-1][1] : begin] if run else ""
        if run and (begin < run[-1][1] or len(gap) > 40 or _GRADE.search(gap) or "." in gap):
            if begin >= run[-1][1]:
                run = []
            else:
                continue  # overlapping label patterns: the first stands
        run.append((begin, end, key))
        if len(run) < 2:
            continue
        cells = _GRADE_CELLS.match(flat, end)
        if cells is None:
            continue
        grades = [grade_of(m[0]) for m in _GRADE.finditer(cells[1])]
        if len(grades) < len(run):
            continue
        overall: str | None = None
        subs: dict[str, str] = {}
        for (_b, _e, label), grade in zip(run, grades, strict=False):
            if grade is None or (grade == "adequate" and not old_scale):
                return None, {}
            if label is None:
                overall = overall or grade
            else:
                subs.setdefault(label, grade)
        return overall, subs
    return None, {}


# --- annual children's services assessments (2009-2011) -------------------------------------
# "Performs excellently / well / adequately / poorly": only "adequately" is a word of SPEC's
# vocabulary ('adequate', which SPEC keeps for the annual ratings); the others are the annual
# scale's own and give no judgement (as the hand labels of the development sets do).
_ANNUAL_GRADE = re.compile(r"\bperforms?\s+(excellently|well|adequately|poorly)\b", re.I)


_ANNUAL_OVERALL = re.compile(
    r"\boverall\s+effectiveness\s+of\s+children's\s+services\W{0,3}(?:grade\s+\d\W{0,3})?"
    r"performs?\s+(excellently|well|adequately|poorly)\b",
    re.IGNORECASE,
)


def annual_rating(flat: str) -> str | None:
    """'adequate' for a council that "performs adequately", else None: the grade given for
    the overall effectiveness of children's services, else the first stated (a key to the
    scale printed elsewhere in the letter is not the council's grade)."""
    match = _ANNUAL_OVERALL.search(flat) or _ANNUAL_GRADE.search(flat)
    return "adequate" if match and match[1].lower() == "adequately" else None


# --- headline sentences -------------------------------------------------------------------------
_SERVICES = r"(?:the\s+local\s+authority's\s+)?children's\s+(?:social\s+care\s+)?services"
_HEADLINES = (
    # "The overall judgement is good." / "... is that children's services require improvement"
    # / "... is that services for children in X are inadequate"
    re.compile(
        r"\bthe\s+overall\s+judgement\s+is\s+(?:that\s+[^.]{0,140}?\s+(?:are|is)\s+"
        rf"|that\s+[^.]{{0,140}}?\s+(?=requir)|that\s+)?({GRADE})",
        re.IGNORECASE,
    ),
    # "Children's services in the Royal Borough of Kensington and Chelsea are outstanding"
    re.compile(
        rf"\b{_SERVICES}\s+in\s+[^.]{{1,120}}?\s+(?:(?:are|is)\s+(?:now\s+)?|(?=requir))({GRADE})",
        re.IGNORECASE,
    ),
    # an ILACS report's opening: "Services to children and families in Sefton Metropolitan
    # Borough Council are inadequate", "Services for children in X have declined and are now
    # inadequate" (not the SIF's title, "services for children in need of help and ...")
    re.compile(
        r"\bservices\s+(?:to|for)\s+children(?:\s+and\s+(?:families|young\s+people))?\s+in\s+"
        rf"(?!need\b)[^.]{{1,120}}?\s+(?:(?:are|is)\s+(?:now\s+)?|(?=requir))({GRADE})",
        re.IGNORECASE,
    ),
)
_LSCB = re.compile(
    r"\b(?:the\s+judgement\s+for\s+)?(?:the\s+effectiveness\s+of\s+)?the\s+local\s+"
    rf"safeguarding\s+children\s+board\s*(?:\(lscb\)\s*)?(?:is\s+)?({GRADE})",
    re.IGNORECASE,
)


def headline_judgement(flat: str) -> str | None:
    """The overall grade a SIF report gives as a sentence, from the first that does."""
    found: list[tuple[int, str]] = []
    for pattern in _HEADLINES:
        match = pattern.search(flat)
        if match and (grade := grade_of(match[1])) is not None and grade != "adequate":
            found.append((match.start(), grade))
    return min(found)[1] if found else None


def lscb_judgement(flat: str) -> str | None:
    """The Local Safeguarding Children Board's grade ("The effectiveness of the Local
    Safeguarding Children Board (LSCB) is good"), else None."""
    match = _LSCB.search(flat)
    if match is None:
        return None
    grade = grade_of(match[1])
    return None if grade == "adequate" else grade


# --- the previous grade a report or letter recalls ----------------------------------------------
# a past-tense judgement: "were judged to be good", "judged all services as requiring
# improvement to be good", "was rated as good overall", "required improvement to be good"
_PAST_GRADE = re.compile(
    r"\b(?:(?:judged|rated|graded)\b(?:\s+(?!not\b)[\w'’]+){0,5}?\s+(?:to\s+be\s+|as\s+)?['\"]?"
    rf"({GRADE})|(required\s+improvement(?:\s+to\s+be\s+good)?)"
    # "were found to be good", "found to require improvement", "were assessed as inadequate"
    # (the grade at once: "found that ... was good" is a finding, not a grade)
    rf"|(?:found|assessed|deemed)\s+(?:to\s+be\s+|to\s+|as\s+)?['\"]?({GRADE}))",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# "following a judgement of inadequate for overall effectiveness in 2014"
_JUDGEMENT_OF = re.compile(rf"\b(?:a|the)\s+judgement\s+of\s+['\"]?({GRADE})", re.IGNORECASE)
# the sentence looks back: an earlier inspection, a year, "when", "since", "following"
_BACK = re.compile(
    r"\b(?:last|previous|previously|earlier|prior|since|when|following|"
    r"in\s+(?:[a-z]+\s+)?(?:19|20)\d{2})\b",  # "in 2019", "in November 2016"
    re.IGNORECASE,
)
# the grade is of the whole service ...
_WHOLE = re.compile(
    r"\b(?:services?|local\s+authority|council|authority|they|it|overall)\b", re.IGNORECASE
)
# ... not of one part of it, one setting, or another council's
_PART = re.compile(
    r"\b(?:safeguarding|looked\s+after|looked-after|fostering|adoption|children's\s+homes?|"
    r"home|homes|provision|school|schools|care\s+leavers|leadership|help\s+and\s+protection|"
    r"protection\s+of\s+children|predecessor|lscb|board|partnership)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[,;(]|\b(?:when|since|where|which|and|following)\b", re.I)


_SENTENCE_BREAK = re.compile(
    r"(?<=[.!?])\s+(?=[^a-z])"  # a full stop before anything but a lower-case word
    # a table row's grade before a capitalised word: the row ended (rows have no full stop)
    r"|(?P<grade>\b(?:[Gg]ood|[Oo]utstanding|[Ii]nadequate|[Aa]dequate))\s+(?=[A-Z][a-z])"
    r"|\s*[\u2022\u2212\u25aa\u25fc\uf0b7\uf0a7\uf0d8]\s*"  # a bullet (PDF symbol fonts too)
)


def _sentences(flat: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs; bullets end sentences too (lists of previous inspections)."""
    out: list[tuple[int, str]] = []
    start = 0
    for stop in _SENTENCE_BREAK.finditer(flat):
        end = stop.end("grade") if stop["grade"] else stop.start()  # the row keeps its grade
        if end > start:
            out.append((start, flat[start:end]))
        start = stop.end()
    out.append((start, flat[start:]))
    return out


def _clause_before(sentence: str, index: int) -> str:
    """The words between the last clause break and ``index`` (the subject of the verb)."""
    head = sentence[:index]
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(head)]
    return head[breaks[-1] if breaks else 0 :]


def _recalls_whole_service(sentence: str, match: re.Match[str]) -> bool:
    """The past-tense grade is of the council's services as a whole: the words before it in
    its sentence name the services, the authority or "overall", and its own clause names no
    part (safeguarding, looked after children, fostering, a home) nor a predecessor council."""
    before = sentence[: match.start()]
    verb = match[0]
    if re.search(r"\bnow\s*$", before, re.IGNORECASE):
        return False
    if _PART.search(f"{_clause_before(sentence, match.start())} {verb} {before[-60:]}"):
        return False
    after = sentence[match.end() : match.end() + 12]
    return bool(
        _WHOLE.search(before[-100:])
        or _WHOLE.search(verb)
        or re.match(r"\s+overall\b", after, re.IGNORECASE)
    )


def _recall_in(sentence: str, everything_is_past: bool) -> tuple[int, str] | None:
    """(offset in the sentence, grade) of the first earlier overall grade it recalls."""
    found: list[tuple[int, str]] = []
    for match in _JUDGEMENT_OF.finditer(sentence):
        clause = sentence[match.end() : match.end() + 40].split(".")[0]
        if not _PART.search(clause) and (grade := grade_of(match[1])) is not None:
            found.append((match.start(), grade))
            break
    looks_back = _BACK.search(sentence) is not None
    if everything_is_past or looks_back:
        for match in _PAST_GRADE.finditer(sentence):
            if match[3] and not looks_back:
                continue  # a visit's own finding ("services were found to be good")
            if _recalls_whole_service(sentence, match):
                grade = grade_of(match[1] or match[2] or match[3])
                if grade is not None:
                    found.append((match.start(), grade))
                    break
    return min(found) if found else None


def _latest_year(sentence: str) -> int | None:
    years = [int(year) for year in _YEAR.findall(sentence)]
    return max(years) if years else None


# a line or table row that names the earlier inspection and gives its grade as a cell
# ("Previous inspection judgement: Good (June 2019)", "Overall effectiveness at the last
# inspection (2015) Inadequate"): the grade capitalised, as a cell is, and ending the row
_PREVIOUS_ROW = re.compile(
    r"(?:previous|last)\s+inspection"
    r"(?:\s+(?:judgements?|grades?|outcomes?|overall\s+effectiveness))?\s*"
    r"(?:\([^)]{0,30}\)\s*)?[:\-–]?\s*"
    rf"(?-i:(?=[A-Z]))({GRADE})(?-i:(?![ \t]*[a-z]))",
    re.IGNORECASE,
)


def _previous_row(flat: str) -> tuple[int, str] | None:
    """(offset, grade) of the first previous-inspection line or row (found with str.find: a
    case-blind regex scan of a whole report costs a millisecond)."""
    best: tuple[int, str] | None = None
    for words in ("revious inspection", "ast inspection", "REVIOUS INSPECTION", "AST INSPECTION"):
        at = flat.find(words)
        while at > 0 and (best is None or at < best[0]):
            row = _PREVIOUS_ROW.match(flat, at - 1)
            if row and (grade := grade_of(row[1])) is not None and grade != "adequate":
                best = (at - 1, grade)
                break
            at = flat.find(words, at + 1)
    return best


def previous_judgement(flat: str, *, everything_is_past: bool = False) -> str | None:
    """The earlier overall grade of this council that the text recalls: the first one stated,
    or, where the next sentences recall another with a later year ("Services were judged
    inadequate in 2018. At the most recent inspection, in 2022, they were judged to require
    improvement to be good."), the latest of them.

    ``everything_is_past``: a letter that gives no grade of its own (a visit), where any
    "was judged inadequate" is the previous inspection's.
    """
    found: list[tuple[int, str]] = []
    recall_list = _RECALL_LIST.search(flat)
    if recall_list:
        overall = re.search(rf"overall\s+effectiveness:?\s*({GRADE})", recall_list[0], re.I)
        if overall and (grade := grade_of(overall[1])):
            found.append((recall_list.start(), grade))
    if (row := _previous_row(flat)) is not None:
        found.append(row)
        found.sort()
    sentences = _sentences(flat)
    first: int | None = None  # the index of the sentence of the first recall
    for index, (offset, sentence) in enumerate(sentences):
        if found and offset > found[0][0]:
            break
        if (recall := _recall_in(sentence, everything_is_past)) is not None:
            found.append((offset + recall[0], recall[1]))
            first = index
    if not found:
        return None
    if first is None or min(found)[0] < sentences[first][0]:
        return min(found)[1]
    # the recalls in the sentences right after the first one: the one of the latest year
    grade = found[-1][1]
    year = _latest_year(sentences[first][1])
    for _offset, sentence in sentences[first + 1 : first + 3]:
        recall = _recall_in(sentence, everything_is_past)
        later = _latest_year(sentence)
        if recall is None or later is None:
            continue
        if year is None:
            break
        if later > year:
            grade, year = recall[1], later
    return grade
