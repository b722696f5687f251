"""What each page shows, as plain data (the HTML templates and the JSON answers share it).

Reads only, each bounded: the national page runs the summary's two queries; a council page
reads that council's events (at most ``COUNCIL_EVENTS``) and their coverage (at most
``COUNCIL_ARTICLES``); the stories page reads one page of stories (at most ``MAX_PER_PAGE``)
and, for words to search, the ``SEARCH_ARTICLES`` best-matching articles.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode, urlsplit

from sqlalchemy import func, select

from monitor.councils import Council, FormerAuthority, gazetteer
from monitor.inspections import INSPECTION_TYPES, JUDGEMENTS
from monitor.models import Article, ArticleStory, Report, Story
from monitor.query import ListFilter, Query, QueryError, parse_range
from monitor.search import article_select, parse_search, story_select
from monitor.store import Store
from monitor.summary import (
    SEND_OUTCOMES,
    SORT_KEYS,
    SummaryFilter,
    filter_rows,
    inspected_recently,
    sort_rows,
    summary,
)
from monitor.timeline import GRADE_LABELS, timeline_select
from monitor.web import hexmap
from monitor.web.chart import GRADE_COLOURS, timeline_chart

PER_PAGE = 50
MAX_PER_PAGE = 100
MAX_PAGE = 200  # deeper than this, narrow the filters: OFFSET costs grow with depth
MAX_QUERY_CHARS = 300
SEARCH_ARTICLES = 500
COUNCIL_EVENTS = 500
COUNCIL_ARTICLES = 1000
STORY_HEADLINES = 3
NO_DATA = "#d5d8dc"
OFSTED_PROVIDER = "https://reports.ofsted.gov.uk/provider/44/{urn}"

_S = Story.__table__.c  # type: ignore[attr-defined]
_A = Article.__table__.c  # type: ignore[attr-defined]
_R = Report.__table__.c  # type: ignore[attr-defined]
_AS = ArticleStory.__table__.c  # type: ignore[attr-defined]


class BadRequest(ValueError):
    """A parameter the page cannot use; the message says what to write instead."""


class NotFound(LookupError):
    """No such council, page or feed."""


# -- colour schemes of the map ----------------------------------------------------------------
@dataclass(frozen=True)
class Scheme:
    name: str
    title: str
    legend: tuple[tuple[str, str, str], ...]  # (value, label, colour); value "" = no data
    value: Callable[[dict[str, Any], date], str]


SCHEMES: dict[str, Scheme] = {
    "overall": Scheme(
        "overall",
        "Latest overall judgement",
        (
            *((g, GRADE_LABELS[g], GRADE_COLOURS[g]) for g in reversed(GRADE_LABELS)),
            ("", "No graded inspection stored", NO_DATA),
        ),
        lambda row, today: row.get("judgement") or "",
    ),
    "send": Scheme(
        "send",
        "Area SEND outcome (2023 framework)",
        (
            ("positive", "Positive experiences and outcomes", "#27ae60"),
            ("inconsistent", "Inconsistent experiences and outcomes", "#e67e22"),
            ("systemic", "Widespread or systemic failings", "#c0392b"),
            ("", "No area SEND outcome stored", NO_DATA),
        ),
        lambda row, today: row.get("area_send_outcome") or "",
    ),
    "recent": Scheme(
        "recent",
        "Inspected or visited in the last 12 months",
        (
            ("yes", "Inspected or visited in the last 12 months", "#1f618d"),
            ("", "Not in the last 12 months (or nothing stored)", NO_DATA),
        ),
        lambda row, today: "yes" if inspected_recently(row, today) else "",
    ),
}
assert all(v in SEND_OUTCOMES for v, _, _ in SCHEMES["send"].legend if v)


def safe_href(url: Any) -> str | None:
    """An outside link only if it is http(s): a feed may carry ``javascript:`` links."""
    if not isinstance(url, str):
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def ofsted_page(council: Council | FormerAuthority) -> str | None:
    return OFSTED_PROVIDER.format(urn=council.ofsted_urn) if council.ofsted_urn else None


# -- the national page ------------------------------------------------------------------------
def summary_filter(params: Mapping[str, str]) -> SummaryFilter:
    """``region``, ``la_type``, ``judgement`` and ``since`` from a query string."""
    judgement = params.get("judgement") or None
    if judgement is not None and judgement not in JUDGEMENTS:
        raise BadRequest(f"judgement must be one of {', '.join(JUDGEMENTS)}")
    since = _date_param(params, "since")
    return SummaryFilter(
        regions=tuple(r for r in [params.get("region", "").strip()] if r),
        la_types=tuple(t for t in [params.get("la_type", "").strip()] if t),
        judgement=judgement,
        since=since,
    )


def national(store: Store, today: date, params: Mapping[str, str]) -> dict[str, Any]:
    """The map (every authority) and the summary table (filtered, sorted)."""
    scheme = SCHEMES.get(params.get("colour") or "overall")
    if scheme is None:
        raise BadRequest(f"colour must be one of {', '.join(SCHEMES)}")
    sort = params.get("sort") or "council"
    if sort not in SORT_KEYS:
        raise BadRequest(f"sort must be one of {', '.join(SORT_KEYS)}")
    descending = params.get("dir") == "desc"
    flt = summary_filter(params)
    councils = gazetteer().councils
    rows = summary(store.stream, councils, today)
    by_code = {row["ons_code"]: row for row in rows}
    colours = {value: colour for value, _, colour in scheme.legend}
    counts = dict.fromkeys(colours, 0)
    hexes = []
    for cell in hexmap.cells():
        row = by_code.get(cell.ons_code, {})
        value = scheme.value(row, today) if row else ""
        value = value if value in colours else ""
        counts[value] += 1
        hexes.append(
            {
                "ons_code": cell.ons_code,
                "name": cell.name,
                "points": cell.points,
                "value": value,
                "colour": colours[value],
                "label": _hex_label(cell.name, scheme, value),
            }
        )
    table = sort_rows(
        filter_rows([r for r in rows if _keeps(r, flt)], flt), sort, descending=descending
    )
    return {
        "today": today,
        "colour": scheme.name,
        "schemes": [(s.name, s.title) for s in SCHEMES.values()],
        "scheme_title": scheme.title,
        "legend": [
            {"value": v, "label": label, "colour": c, "count": counts[v]}
            for v, label, c in scheme.legend
        ],
        "hexes": hexes,
        "view_box": hexmap.view_box(hexmap.cells()),
        "attribution": hexmap.ATTRIBUTION,
        "sort": sort,
        "dir": "desc" if descending else "asc",
        "filters": {
            "region": ";".join(flt.regions),
            "la_type": ";".join(flt.la_types),
            "judgement": flt.judgement or "",
            "since": flt.since.isoformat() if flt.since else "",
        },
        "regions": sorted({c.region for c in councils}),
        "la_types": sorted({c.la_type for c in councils}),
        "rows": table,
    }


def _keeps(row: dict[str, Any], flt: SummaryFilter) -> bool:
    regions = {r.lower() for r in flt.regions}
    types = {t.lower() for t in flt.la_types}
    return (not regions or row["region"].lower() in regions) and (
        not types or row["la_type"].lower() in types
    )


def _hex_label(name: str, scheme: Scheme, value: str) -> str:
    label = next(label for v, label, _ in scheme.legend if v == value)
    return f"{name}: {label}"


def table_link(params: Mapping[str, str], **changes: str) -> str:
    """The national page's query string with some parameters changed (empty ones dropped)."""
    merged = {**params, **changes}
    kept = {k: v for k, v in merged.items() if v and k in _NATIONAL_PARAMS}
    return "?" + urlencode(kept) if kept else "?"


_NATIONAL_PARAMS = ("colour", "sort", "dir", "region", "la_type", "judgement", "since")


# -- a council's page -------------------------------------------------------------------------
def council(store: Store, code: str, today: date) -> dict[str, Any]:
    """A council's latest outcomes, its history as a chart and table, and every story with its
    reports and coverage."""
    gaz = gazetteer()
    current = gaz.lookup(code)
    former = None if current is not None else gaz.former_authority(code)
    if current is None and former is None:
        raise NotFound(f"no council {code!r}")
    row: dict[str, Any] | None = None
    authority: Council | FormerAuthority
    if current is not None:
        name, ons_code, authority = current.name, current.ons_code, current
        row = summary(store.stream, [current], today)[0]
        predecessors = [
            {"name": f.name, "ons_code": f.ons_code, "end_date": f.end_date}
            for f in gaz.former
            if current.ons_code in f.successor_ons_codes and f.ons_code
        ]
        successors: list[dict[str, Any]] = []
    else:
        assert former is not None
        if not former.ons_code:
            raise NotFound(f"{former.name} has no ONS code to look its history up by")
        name, ons_code, authority = former.name, former.ons_code, former
        predecessors = []
        successors = [
            {"name": s, "ons_code": c}
            for s, c in zip(former.successors, former.successor_ons_codes, strict=False)
        ]
    events = list(store.stream(timeline_select([ons_code]).limit(COUNCIL_EVENTS)))
    stories = _stories_with_coverage(store, [e["story_id"] for e in events])
    return {
        "today": today,
        "council": {
            "name": name,
            "ons_code": ons_code,
            "la_type": getattr(authority, "la_type", "former"),
            "region": getattr(authority, "region", None),
            "ofsted_urn": authority.ofsted_urn,
            "ofsted_url": ofsted_page(authority),
            "abolished": getattr(authority, "end_date", None),
        },
        "summary": row,
        "predecessors": predecessors,
        "successors": successors,
        "chart": timeline_chart(events, href=lambda r: f"#story-{r['story_id']}"),
        "events": events,
        "stories": [stories[e["story_id"]] for e in reversed(events) if e["story_id"] in stories],
    }


def _stories_with_coverage(store: Store, story_ids: list[int]) -> dict[int, dict[str, Any]]:
    if not story_ids:
        return {}
    out: dict[int, dict[str, Any]] = {}
    for row in store.stream(select(*_S).where(_S.id.in_(story_ids))):
        out[row["id"]] = {**row, "reports": [], "coverage": []}
    report_fields = ("id", "story_id", "label", "inspection_type", "judgement", "published")
    reports = select(
        *(_R[c] for c in report_fields), _R.url, _R.pdf_url, _R.source, _R.send_outcome
    )
    for row in store.stream(reports.where(_R.story_id.in_(story_ids)).order_by(_R.published)):
        out[row["story_id"]]["reports"].append(row)
    coverage = (
        select(_AS.story_id, _A.id, _A.title, _A.url, _A.outlet, _A.published)
        .select_from(ArticleStory.__table__.join(Article.__table__, _A.id == _AS.article_id))  # type: ignore[attr-defined]
        .where(_AS.story_id.in_(story_ids))
        .order_by(_A.published.asc().nulls_last(), _A.id)
        .limit(COUNCIL_ARTICLES)
    )
    for row in store.stream(coverage):
        out[row.pop("story_id")]["coverage"].append(row)
    return out


# -- the stories page -------------------------------------------------------------------------
@dataclass(frozen=True)
class StoriesParams:
    q: str = ""
    council: str = ""
    type: str = ""
    judgement: str = ""
    since: date | None = None
    until: date | None = None
    page: int = 1
    per_page: int = PER_PAGE

    def link(self, **changes: Any) -> str:
        """This listing's query string with some parameters changed."""
        merged = replace(self, **changes)
        params = {
            "q": merged.q,
            "council": merged.council,
            "type": merged.type,
            "judgement": merged.judgement,
            "since": merged.since.isoformat() if merged.since else "",
            "until": merged.until.isoformat() if merged.until else "",
            "page": str(merged.page) if merged.page > 1 else "",
            "per_page": str(merged.per_page) if merged.per_page != PER_PAGE else "",
        }
        kept = {k: v for k, v in params.items() if v}
        return "?" + urlencode(kept) if kept else "?"


def stories_params(params: Mapping[str, str]) -> StoriesParams:
    q = (params.get("q") or "").strip()
    if len(q) > MAX_QUERY_CHARS:
        raise BadRequest(f"the search is too long: at most {MAX_QUERY_CHARS} characters")
    itype = params.get("type") or ""
    if itype and itype not in INSPECTION_TYPES:
        raise BadRequest(f"type must be one of {', '.join(INSPECTION_TYPES)}")
    judgement = params.get("judgement") or ""
    if judgement and judgement not in JUDGEMENTS:
        raise BadRequest(f"judgement must be one of {', '.join(JUDGEMENTS)}")
    page = _int_param(params, "page", 1, 1, MAX_PAGE)
    per_page = _int_param(params, "per_page", PER_PAGE, 1, MAX_PER_PAGE)
    return StoriesParams(
        q=q,
        council=(params.get("council") or "").strip()[:100],
        type=itype,
        judgement=judgement,
        since=_date_param(params, "since"),
        until=_date_param(params, "until", end=True),
        page=page,
        per_page=per_page,
    )


def stories(store: Store, sp: StoriesParams) -> dict[str, Any]:
    """One page of stories, newest first; words in ``q`` search the coverage's full text."""
    codes: list[str] = []
    query: Query | None = None
    try:
        if sp.council:
            from monitor.search import council_codes

            codes = list(council_codes(sp.council))
        if sp.q:
            query = parse_search(sp.q)
    except QueryError as exc:
        raise BadRequest(str(exc)) from None
    story_query, text_query = _split(query)
    flt = ListFilter(
        ons_codes=codes or None,
        since=sp.since,
        until=sp.until,
        inspection_type=sp.type or None,
        judgement=sp.judgement or None,
        query=story_query,
    )
    statement = story_select(flt)
    matched: int | None = None
    if text_query is not None:
        articles = ListFilter(query=text_query, limit=SEARCH_ARTICLES)
        ids = [row["id"] for row in store.stream(article_select(articles, store.dialect))]
        matched = len(ids)
        linked = select(_AS.story_id).where(_AS.article_id.in_(ids or [-1]))
        statement = statement.where(_S.id.in_(linked))
    offset = (sp.page - 1) * sp.per_page
    rows = list(store.stream(statement.limit(sp.per_page + 1).offset(offset)))
    more = len(rows) > sp.per_page
    rows = rows[: sp.per_page]
    ids = [r["id"] for r in rows]
    with store.session() as session:
        counts = store.coverage_counts(session, ids)
    headlines = _headlines(store, ids)
    for row in rows:
        row["coverage_count"] = counts.get(row["id"], 0)
        row["headlines"] = headlines.get(row["id"], [])
    return {
        "params": sp,
        "filters": {
            "q": sp.q,
            "council": sp.council,
            "type": sp.type,
            "judgement": sp.judgement,
            "since": sp.since.isoformat() if sp.since else "",
            "until": sp.until.isoformat() if sp.until else "",
        },
        "types": INSPECTION_TYPES,
        "judgements": JUDGEMENTS,
        "page": sp.page,
        "per_page": sp.per_page,
        "stories": rows,
        "next": sp.link(page=sp.page + 1) if more and sp.page < MAX_PAGE else None,
        "previous": sp.link(page=sp.page - 1) if sp.page > 1 else None,
        "articles_matched": matched,
        "articles_limit": SEARCH_ARTICLES,
    }


def _split(query: Query | None) -> tuple[Query | None, Query | None]:
    """The story filters (council:, type:, judgement:, date:) and the coverage search (words,
    phrases, intitle:, outlet:) of one query."""
    if query is None:
        return None, None
    text = Query(
        include=query.include,
        exclude=query.exclude,
        outlets=query.outlets,
        not_outlets=query.not_outlets,
    )
    filters = replace(query, include=(), exclude=(), outlets=(), not_outlets=())
    has_text = bool(text.include or text.exclude or text.outlets or text.not_outlets)
    return filters, (text if has_text else None)


def ranked_coverage(story_ids: list[int]) -> Any:
    """Each story's coverage numbered newest first (``n``): a subquery to cut at N per story."""
    return (
        select(
            _AS.story_id,
            _A.id,
            _A.title,
            _A.url,
            _A.outlet,
            _A.published,
            func.row_number()
            .over(partition_by=_AS.story_id, order_by=[_A.published.desc().nulls_last(), _A.id])
            .label("n"),
        )
        .select_from(ArticleStory.__table__.join(Article.__table__, _A.id == _AS.article_id))  # type: ignore[attr-defined]
        .where(_AS.story_id.in_(story_ids))
        .subquery()
    )


def _headlines(store: Store, story_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Up to ``STORY_HEADLINES`` coverage headlines per story, newest first."""
    if not story_ids:
        return {}
    ranked = ranked_coverage(story_ids)
    out: dict[int, list[dict[str, Any]]] = {}
    statement = select(ranked).where(ranked.c.n <= STORY_HEADLINES).order_by(ranked.c.n)
    for row in store.stream(statement):
        row.pop("n")
        out.setdefault(row.pop("story_id"), []).append(row)
    return out


# -- parameters -------------------------------------------------------------------------------
def _date_param(params: Mapping[str, str], name: str, *, end: bool = False) -> date | None:
    """A day; a year or month stands for its first day (its last with ``end``)."""
    value = (params.get(name) or "").strip()
    if not value:
        return None
    try:
        days = parse_range(value)
        return days.end if end else days.start
    except QueryError:
        raise BadRequest(f"{name} must be a date: YYYY, YYYY-MM or YYYY-MM-DD") from None


def _int_param(params: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    value = (params.get(name) or "").strip()
    if not value:
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise BadRequest(f"{name} must be a whole number from {low} to {high}")
    return int(value)
