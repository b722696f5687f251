"""SQL for the archive's listings and full-text search, on SQLite and PostgreSQL alike.

Builds SQLAlchemy Core statements (reads only) from a :class:`~monitor.query.ListFilter`;
``Store`` runs them with a streaming cursor. Full-text search has one entry point,
:func:`article_select`, with a backend per dialect:

- SQLite: the FTS5 external-content table ``article_fts(title, summary, text)`` (migration
  ``0006_archive``; triggers keep it in step with ``article``). Rank is ``-bm25`` with column
  weights title 10, summary 4, text 1; the snippet is FTS5's ``snippet()``.
- PostgreSQL: the generated ``article.search_vector`` column (title weight A, summary B, text
  C) with a GIN index. Rank is ``ts_rank`` (A counts most); the snippet is ``ts_headline``.

In both, a higher ``rank`` is a better match, and a word in the title outranks the same word
in the body. Matched words are marked ``**like this**`` in the snippet.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Select,
    and_,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
)

from monitor.councils import gazetteer
from monitor.models import Alert, Article, Report, Story
from monitor.query import (
    DEFAULT_ORDER,
    SORTABLE,
    Query,
    QueryError,
    fts5_exclude,
    fts5_match,
    parse,
    tsquery,
)

if TYPE_CHECKING:
    from monitor.query import ListFilter

SNIPPET_MARK = "**"
FTS5_WEIGHTS = "10.0, 4.0, 1.0"  # title, summary, text
TS_HEADLINE_OPTIONS = (
    f"StartSel={SNIPPET_MARK}, StopSel={SNIPPET_MARK}, MaxWords=18, MinWords=8, MaxFragments=1"
)
TS_MAX_CHARS = 200_000  # tsvector caps positions; long pages are indexed by their start

_fts = table("article_fts", column("rowid"))
A = Article.__table__.c  # type: ignore[attr-defined]
R = Report.__table__.c  # type: ignore[attr-defined]
S = Story.__table__.c  # type: ignore[attr-defined]
AL = Alert.__table__.c  # type: ignore[attr-defined]

ARTICLE_FIELDS = (
    "id",
    "url",
    "canonical_url",
    "title",
    "outlet",
    "source",
    "published",
    "fetched_at",
    "relevant",
    "councils",
    "ons_codes",
    "inspection_type",
    "judgement",
    "story_id",
)
REPORT_FIELDS = (
    "id",
    "council",
    "ons_code",
    "urn",
    "label",
    "inspection_type",
    "judgement",
    "sub_judgements",
    "send_outcome",
    "published",
    "inspection_start",
    "inspection_end",
    "url",
    "pdf_url",
    "story_id",
    "first_seen_via",
    "source",
)


def parse_search(text: str) -> Query:
    """Parse ``--search`` text and resolve its council names to ONS codes (QueryError if not)."""
    query = parse(text)
    return _with_codes(query)


def _with_codes(query: Query) -> Query:
    from dataclasses import replace

    return replace(
        query,
        councils=tuple(c for name in query.councils for c in council_codes(name)),
        not_councils=tuple(c for name in query.not_councils for c in council_codes(name)),
    )


def council_codes(name: str) -> tuple[str, ...]:
    """ONS codes for a council name, alias or code: current or former (abolished) authority."""
    gaz = gazetteer()
    council = gaz.lookup(name)
    if council is not None:
        return (council.ons_code,)
    former = gaz.former_authority(name)
    if former is not None and former.ons_code:
        return (former.ons_code,)
    hints = gaz.suggest(name)
    hint = f"; did you mean {' or '.join(repr(h) for h in hints)}?" if hints else ""
    raise QueryError(f"unknown council {name!r}{hint}")


# -- shared filter pieces ---------------------------------------------------------------------
def _day_range(col: Any, start: date | None, end: date | None, *, timestamp: bool) -> Any:
    conds = []
    if start is not None:
        conds.append(col >= (_midnight(start) if timestamp else start))
    if end is not None:
        conds.append(
            col < _midnight(end + timedelta(days=1)) if timestamp else col <= end  # inclusive
        )
    return and_(*conds)


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _common(
    flt: ListFilter, query: Query | None, *, code: Any, published: Any, itype: Any, grade: Any
) -> list[Any]:
    """Conditions every listing of events shares (council, dates, type, judgement)."""
    timestamp = published is A.published
    where: list[Any] = []
    if flt.ons_codes:
        where.append(code(list(flt.ons_codes)))
    if flt.since or flt.until:
        where.append(_day_range(published, flt.since, flt.until, timestamp=timestamp))
    if flt.inspection_type:
        where.append(itype == flt.inspection_type)
    if flt.judgement:
        where.append(grade == flt.judgement)
    if query is None:
        return where
    if query.councils:
        where.append(code(list(query.councils)))
    if query.not_councils:
        where.append(~code(list(query.not_councils)))
    if query.types:
        where.append(itype.in_(query.types))
    if query.not_types:
        where.append(or_(itype.is_(None), itype.not_in(query.not_types)))
    if query.judgements:
        where.append(grade.in_(query.judgements))
    if query.not_judgements:
        where.append(or_(grade.is_(None), grade.not_in(query.not_judgements)))
    if query.dates:
        where.append(
            or_(*(_day_range(published, d.start, d.end, timestamp=timestamp) for d in query.dates))
        )
    return where


def _order(kind: str, order: str | None, columns: dict[str, Any]) -> list[Any]:
    name, _, direction = (order or DEFAULT_ORDER[kind]).partition(":")
    expr = columns[name]
    descending = direction == "desc"
    tie = columns["id"]
    if name == "id":  # never null: NULLS LAST would keep PostgreSQL off the primary key
        return [tie.desc() if descending else tie.asc()]
    if descending:
        return [expr.desc().nulls_last(), tie.desc()]
    return [expr.asc().nulls_last(), tie.asc()]


def check_order(kind: str, order: str | None, *, ranked: bool = False) -> str | None:
    """Validate ``--order COLUMN[:asc|:desc]`` for a listing; ValueError with the choices."""
    if order is None:
        return None
    name, _, direction = order.partition(":")
    allowed = SORTABLE[kind]
    if name not in allowed or direction not in ("", "asc", "desc"):
        raise ValueError(
            f"cannot order {kind} by {order!r}: use one of {', '.join(allowed)}, "
            "optionally followed by :asc or :desc"
        )
    if name == "rank" and not ranked:
        raise ValueError("--order rank needs --search with words to rank by")
    return f"{name}:{direction or ('desc' if name == 'rank' else 'asc')}"


# -- listings -------------------------------------------------------------------------------
def report_select(flt: ListFilter) -> Select[Any]:
    query = _filters_only(flt.query, "reports")
    where = _common(
        flt,
        query,
        code=R.ons_code.in_,
        published=R.published,
        itype=R.inspection_type,
        grade=R.judgement,
    )
    statement = select(*(R[name] for name in REPORT_FIELDS)).where(*where)
    columns = {c: R[c] for c in SORTABLE["reports"]}
    statement = statement.order_by(*_order("reports", flt.order, columns))
    return statement.limit(flt.limit) if flt.limit else statement


def story_select(flt: ListFilter) -> Select[Any]:
    query = _filters_only(flt.query, "stories")
    where = _common(
        flt,
        query,
        code=S.ons_code.in_,
        published=S.published,
        itype=S.inspection_type,
        grade=S.judgement,
    )
    statement = select(*S).where(*where)
    columns = {c: S[c] for c in SORTABLE["stories"]}
    statement = statement.order_by(*_order("stories", flt.order, columns))
    return statement.limit(flt.limit) if flt.limit else statement


def alert_select(flt: ListFilter) -> Select[Any]:
    statement = select(*(c for c in AL if c.name != "payload"))
    if flt.status:
        statement = statement.where(AL.status == flt.status)
    columns = {c: AL[c] for c in SORTABLE["alerts"]}
    statement = statement.order_by(*_order("alerts", flt.order, columns))
    return statement.limit(flt.limit) if flt.limit else statement


def _filters_only(query: Query | None, kind: str) -> Query | None:
    if query is not None and query.has_text:
        raise QueryError(
            f"{kind} have no text to search: words, phrases and intitle: search articles; "
            "use council:, type:, judgement: and date: here"
        )
    if query is not None and (query.outlets or query.not_outlets):
        raise QueryError(f"{kind} have no outlet: outlet: filters articles")
    return query


def article_select(flt: ListFilter, dialect: str) -> Select[Any]:
    """Articles matching the filter and the ``--search`` query, with rank and snippet."""
    from monitor.models import ArticleCouncil

    query = flt.query

    def code(codes: Sequence[str]) -> ColumnElement[bool]:
        # IN, not EXISTS: SQLite then starts from the few articles linked to the council
        linked = select(ArticleCouncil.article_id).where(  # type: ignore[call-overload]
            ArticleCouncil.ons_code.in_(list(codes)),  # type: ignore[attr-defined]
        )
        return A.id.in_(linked)  # type: ignore[no-any-return]

    where = _common(
        flt, query, code=code, published=A.published, itype=A.inspection_type, grade=A.judgement
    )
    if flt.source:
        where.append(A.source == flt.source)
    if flt.relevant is not None:
        where.append(A.relevant == flt.relevant)
    if query is not None:
        if query.outlets:
            where.append(or_(*(_outlet(v) for v in query.outlets)))
        if query.not_outlets:
            where.append(or_(A.outlet.is_(None), ~or_(*(_outlet(v) for v in query.not_outlets))))
    fields = [A[name] for name in ARTICLE_FIELDS]
    ranked = query is not None and query.ranked
    if query is not None and query.has_text:
        if dialect == "postgresql":
            statement, rank = _postgres_text(query, fields)
        else:
            statement, rank = _sqlite_text(query, fields)
    else:
        statement, rank = select(*fields), literal_column("NULL")
    statement = statement.where(*where)
    columns = {c: A[c] for c in SORTABLE["articles"] if c != "rank"}
    columns["rank"] = rank
    order = flt.order or ("rank:desc" if ranked else None)
    statement = statement.order_by(*_order("articles", order, columns))
    return statement.limit(flt.limit) if flt.limit else statement


def _outlet(value: str) -> ColumnElement[bool]:
    lowered = value.lower()
    return or_(  # type: ignore[no-any-return]
        func.lower(A.outlet) == lowered,
        func.lower(A.outlet).like(lowered.replace("%", "").replace("_", "") + "%"),
        A.source == value,
    )


def _sqlite_text(query: Query, fields: list[Any]) -> tuple[Select[Any], Any]:
    match = fts5_match(query)
    if match is None:  # only excluded words: everything except what matches them
        excluded = select(_fts.c.rowid).where(text("article_fts MATCH :fts_exclude"))
        statement = select(*fields, literal_column("NULL").label("rank")).where(
            A.id.not_in(excluded.params(fts_exclude=fts5_exclude(query)))
        )
        return statement, literal_column("NULL")
    rank: ColumnClause[Any] = literal_column(f"-bm25(article_fts, {FTS5_WEIGHTS})")
    snippet: ColumnClause[Any] = literal_column(
        f"snippet(article_fts, -1, '{SNIPPET_MARK}', '{SNIPPET_MARK}', '…', 14)"
    )
    statement = (
        select(*fields, rank.label("rank"), snippet.label("snippet"))
        .select_from(_fts.join(Article.__table__, A.id == _fts.c.rowid))  # type: ignore[attr-defined]
        .where(text("article_fts MATCH :fts_match").bindparams(fts_match=match))
    )
    return statement, rank


def _postgres_text(query: Query, fields: list[Any]) -> tuple[Select[Any], Any]:
    tsq = func.to_tsquery(literal_column("'english'::regconfig"), tsquery(query))
    vector: ColumnClause[Any] = literal_column("article.search_vector")
    where = vector.op("@@")(tsq)
    if not query.ranked:
        return select(*fields, literal_column("NULL").label("rank")).where(where), literal_column(
            "NULL"
        )
    rank = func.ts_rank(vector, tsq)
    body = func.left(func.coalesce(A.text, A.summary, A.title, ""), TS_MAX_CHARS)
    snippet = func.ts_headline(
        literal_column("'english'::regconfig"), body, tsq, TS_HEADLINE_OPTIONS
    )
    statement = select(*fields, rank.label("rank"), snippet.label("snippet")).where(where)
    return statement, rank


def story_alerts_select(story_id: int) -> Select[Any]:
    """The outbox rows of one story (for ``monitor show``)."""
    return (
        select(*(c for c in AL if c.name != "payload"))
        .where(AL.story_id == story_id)
        .order_by(AL.id)
    )
