"""The ``--search`` query language: text -> :class:`Query` (an AST), then FTS5 or tsquery text.

Pure: no database, no I/O. :func:`parse` reads what a user types; :func:`fts5_match` and
:func:`tsquery` compile its text part for SQLite FTS5 ``MATCH`` and PostgreSQL ``to_tsquery``;
the field filters (``council:``, ``type:``, ...) become SQL conditions in ``monitor.search``.

Grammar (words are case-insensitive; stemming is the database's)::

    query    := clause*                      clauses are ANDed
    clause   := "-"? (alt | filter)          "-" excludes
    alt      := atom ("OR" atom)*            OR binds tighter than the implicit AND
    atom     := WORD | "quoted phrase" | intitle:(WORD | "phrase")
    filter   := council:NAME | type:TYPE | judgement:GRADE | outlet:NAME | date:RANGE
    RANGE    := DAY | DAY.. | ..DAY | DAY..DAY   DAY = YYYY, YYYY-MM or YYYY-MM-DD

Examples: ``"special measures" council:hull``, ``inadequate OR "requires improvement"
-school``, ``intitle:ofsted type:ilacs date:2024-01..2024-06``. A filter value with spaces is
quoted: ``outlet:"BBC News"``. Repeating a filter ORs its values (``council:hull
council:york``); ``-council:hull`` excludes one.
"""

from __future__ import annotations

import calendar
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from monitor.inspections import INSPECTION_TYPES, JUDGEMENTS

# the columns each listing sorts by (``--order``), and its default order
SORTABLE = {
    "reports": ("id", "council", "published", "inspection_type", "judgement", "inspection_start"),
    "articles": ("id", "published", "fetched_at", "outlet", "title", "rank"),
    "stories": ("id", "council", "published", "inspection_type", "judgement"),
    "alerts": ("id", "created_at", "sent_at", "status", "channel", "attempts"),
}
DEFAULT_ORDER = {
    "reports": "published:desc",
    "articles": "published:desc",
    "stories": "published:desc",
    "alerts": "id:desc",
}

FILTER_FIELDS = ("council", "type", "judgement", "outlet", "date")
TEXT_FIELDS = ("intitle",)


# Short forms people type, each standing for one or more vocabulary values.
TYPE_ALIASES: dict[str, tuple[str, ...]] = {
    "ilacs": ("ilacs_full", "ilacs_short"),
    "full": ("ilacs_full",),
    "short": ("ilacs_short",),
    "standard": ("ilacs_full",),
    "focused": ("focused_visit",),
    "monitoring": ("monitoring_visit",),
    "visit": ("focused_visit", "monitoring_visit"),
    "send": ("area_send",),
}
JUDGEMENT_ALIASES: dict[str, tuple[str, ...]] = {
    "ri": ("requires_improvement",),
    "requires_improvement_to_be_good": ("requires_improvement",),
    "graded": ("outstanding", "good", "requires_improvement", "inadequate"),
}

_TOKEN_RE = re.compile(
    r"""\s*(?:
        (?P<neg>-)?(?P<field>[A-Za-z_]+):(?:"(?P<fquoted>[^"]*)"?|(?P<fvalue>[^\s"]*))
      | (?P<qneg>-)?"(?P<phrase>[^"]*)"?
      | (?P<word>[^\s"]+)
    )""",
    re.X,
)
_DAY_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


class QueryError(ValueError):
    """The query cannot be parsed; the message says where and what to write instead."""


@dataclass(frozen=True)
class Term:
    """A word or a phrase (several words in order), optionally restricted to the title."""

    words: tuple[str, ...]
    title_only: bool = False

    @property
    def phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True)
class AnyOf:
    """At least one of these terms (``a OR b OR "c d"``)."""

    terms: tuple[Term, ...]


@dataclass(frozen=True)
class DateRange:
    start: date | None  # inclusive
    end: date | None  # inclusive


@dataclass(frozen=True)
class Query:
    """A parsed query: text clauses (ANDed), excluded terms, and field filters."""

    include: tuple[AnyOf, ...] = ()
    exclude: tuple[Term, ...] = ()
    councils: tuple[str, ...] = ()  # as typed; the caller resolves names to ONS codes
    not_councils: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    not_types: tuple[str, ...] = ()
    judgements: tuple[str, ...] = ()
    not_judgements: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    not_outlets: tuple[str, ...] = ()
    dates: tuple[DateRange, ...] = ()

    @property
    def has_text(self) -> bool:
        return bool(self.include or self.exclude)

    @property
    def ranked(self) -> bool:
        return bool(self.include)


@dataclass
class _Builder:
    include: list[AnyOf] = field(default_factory=list)
    exclude: list[Term] = field(default_factory=list)
    lists: dict[str, list[str]] = field(default_factory=dict)
    dates: list[DateRange] = field(default_factory=list)

    def add(self, name: str, value: str) -> None:
        self.lists.setdefault(name, []).append(value)

    def get(self, name: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.lists.get(name, [])))


def parse(text: str) -> Query:
    """Parse a ``--search`` string; raises :class:`QueryError` with a hint on bad input."""
    b = _Builder()
    pending_or = False
    for match in _TOKEN_RE.finditer(text):
        if not match.group(0).strip():
            continue
        token = match.group(0).strip()
        if match.group("field") is not None:
            name = match.group("field").lower()
            value = match.group("fquoted")
            if value is None:
                value = match.group("fvalue") or ""
            negated = bool(match.group("neg"))
            if name in TEXT_FIELDS:
                term = _term(value, title_only=True, token=token)
                pending_or = _place(b, term, negated, pending_or, token)
                continue
            if name not in FILTER_FIELDS:
                close = difflib.get_close_matches(name, [*FILTER_FIELDS, *TEXT_FIELDS], n=1)
                hint = f"; did you mean {close[0]}:?" if close else ""
                known = ", ".join(f"{f}:" for f in (*FILTER_FIELDS, *TEXT_FIELDS))
                raise QueryError(f"unknown field {name}: in {token!r}{hint} (fields: {known})")
            if pending_or:
                raise QueryError(f"OR must stand between two words or phrases, not before {token}")
            if not value.strip():
                raise QueryError(f"{name}: needs a value, e.g. {_EXAMPLE[name]}")
            _filter(b, name, value.strip(), negated)
            continue
        if match.group("phrase") is not None:
            term = _term(match.group("phrase"), title_only=False, token=token)
            pending_or = _place(b, term, bool(match.group("qneg")), pending_or, token)
            continue
        word = match.group("word")
        if word == "OR":
            if not b.include or pending_or:
                raise QueryError("OR must stand between two words or phrases")
            pending_or = True
            continue
        negated = word.startswith("-") and len(word) > 1
        term = _term(word[1:] if negated else word, title_only=False, token=token)
        pending_or = _place(b, term, negated, pending_or, token)
    if pending_or:
        raise QueryError("OR must stand between two words or phrases, not at the end")
    types = _expand_all(b.get("type"), INSPECTION_TYPES, TYPE_ALIASES, "type")
    not_types = _expand_all(b.get("-type"), INSPECTION_TYPES, TYPE_ALIASES, "type")
    grades = _expand_all(b.get("judgement"), JUDGEMENTS, JUDGEMENT_ALIASES, "judgement")
    not_grades = _expand_all(b.get("-judgement"), JUDGEMENTS, JUDGEMENT_ALIASES, "judgement")
    return Query(
        include=tuple(b.include),
        exclude=tuple(b.exclude),
        councils=b.get("council"),
        not_councils=b.get("-council"),
        types=types,
        not_types=not_types,
        judgements=grades,
        not_judgements=not_grades,
        outlets=b.get("outlet"),
        not_outlets=b.get("-outlet"),
        dates=tuple(b.dates),
    )


_EXAMPLE = {
    "council": 'council:hull or council:"Cheshire West and Chester"',
    "type": "type:ilacs_full or type:ilacs",
    "judgement": "judgement:inadequate",
    "outlet": 'outlet:"BBC News"',
    "date": "date:2024-01..2024-06",
}


def _term(value: str, *, title_only: bool, token: str) -> Term | None:
    words = tuple(w for w in re.split(r"[^\w']+", value.lower()) if w.strip("'"))
    if not words and title_only:
        raise QueryError(f"intitle: needs a word or a quoted phrase in {token!r}")
    return Term(words, title_only=title_only) if words else None


def _place(b: _Builder, term: Term | None, negated: bool, pending_or: bool, token: str) -> bool:
    if term is None:  # punctuation only: nothing to search for
        if pending_or:
            raise QueryError(f"OR must stand between two words or phrases, not before {token}")
        return False
    if negated:
        if pending_or:
            raise QueryError(f"OR cannot join an excluded term ({token})")
        b.exclude.append(term)
        return False
    if pending_or:
        b.include[-1] = AnyOf((*b.include[-1].terms, term))
    else:
        b.include.append(AnyOf((term,)))
    return False


def _filter(b: _Builder, name: str, value: str, negated: bool) -> None:
    if name == "date":
        if negated:
            raise QueryError("date: cannot be excluded; give the range you want")
        b.dates.append(parse_range(value))
        return
    b.add(("-" if negated else "") + name, value)


def _expand_all(
    values: tuple[str, ...],
    vocabulary: tuple[str, ...],
    aliases: dict[str, tuple[str, ...]],
    name: str,
) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        key = value.lower().replace("-", "_").replace(" ", "_")
        if key in vocabulary:
            out.append(key)
        elif key in aliases:
            out.extend(aliases[key])
        else:
            known = [*vocabulary, *aliases]
            close = difflib.get_close_matches(key, known, n=2)
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            raise QueryError(f"unknown {name} {value!r}{hint} (one of {', '.join(known)})")
    return tuple(dict.fromkeys(out))


def parse_range(text: str) -> DateRange:
    """'2024-01..2024-06' -> 1 Jan to 30 Jun 2024; '2024' a year; '2024-03..' open-ended."""
    if ".." in text:
        first, _, last = text.partition("..")
        start = _day(first, end=False) if first else None
        end = _day(last, end=True) if last else None
        if start is None and end is None:
            raise QueryError("date: needs at least one end, e.g. date:2024-01..2024-06")
    else:
        start, end = _day(text, end=False), _day(text, end=True)
    if start and end and start > end:
        raise QueryError(f"date:{text} ends before it starts")
    return DateRange(start, end)


def _day(text: str, *, end: bool) -> date:
    match = _DAY_RE.match(text.strip())
    if not match:
        raise QueryError(f"{text!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match.group(1))
    month = int(match.group(2) or (12 if end else 1))
    try:
        if match.group(3):
            return date(year, month, int(match.group(3)))
        return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    except ValueError:
        raise QueryError(f"{text!r} is not a real date") from None


# -- compilers ------------------------------------------------------------------------------
def _fts5_term(term: Term) -> str:
    quoted = '"' + " ".join(term.words).replace('"', '""') + '"'
    return f"title : {quoted}" if term.title_only else quoted


def fts5_match(query: Query) -> str | None:
    """The FTS5 MATCH expression for the included terms (None when there are none).

    Excluded terms are appended with ``NOT`` so one MATCH does the whole job; with no
    included term, :func:`fts5_exclude` gives the expression to filter out with NOT IN.
    """
    if not query.include:
        return None
    parts = []
    for alt in query.include:
        inner = " OR ".join(_fts5_term(t) for t in alt.terms)
        parts.append(f"({inner})" if len(alt.terms) > 1 else inner)
    expression = " AND ".join(parts)
    if query.exclude:
        expression = f"({expression}) NOT ({fts5_exclude(query)})"
    return expression


def fts5_exclude(query: Query) -> str | None:
    """The excluded terms as one FTS5 expression (``a OR b``), or None."""
    if not query.exclude:
        return None
    return " OR ".join(_fts5_term(t) for t in query.exclude)


def _ts_term(term: Term) -> str:
    weight = ":A" if term.title_only else ""
    lexemes = ["'" + w.replace("'", "''").replace("\\", "") + "'" + weight for w in term.words]
    return "(" + " <-> ".join(lexemes) + ")" if len(lexemes) > 1 else lexemes[0]


def tsquery(query: Query) -> str | None:
    """Text for PostgreSQL ``to_tsquery('english', ...)``; weight A is the title."""
    if not query.include and not query.exclude:
        return None
    parts = []
    for alt in query.include:
        inner = " | ".join(_ts_term(t) for t in alt.terms)
        parts.append(f"({inner})" if len(alt.terms) > 1 else inner)
    parts += [f"!{_ts_term(t)}" for t in query.exclude]
    return " & ".join(parts)


@dataclass
class ListFilter:
    """What a listing shows: the CLI's filters and its parsed ``--search`` (None = no filter)."""

    ons_codes: Sequence[str] | None = None
    since: date | None = None
    until: date | None = None
    inspection_type: str | None = None
    judgement: str | None = None
    search: str | None = None
    source: str | None = None
    status: str | None = None
    limit: int | None = None
    query: Query | None = None  # parsed --search (monitor.search.parse_search)
    order: str | None = None  # "column:asc|desc", checked by monitor.search.check_order
    relevant: bool | None = None
