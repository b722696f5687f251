"""A feed's items against the database: load what is known in a few set-based queries, and
apply :mod:`monitor.decide`'s decisions in one transaction.

:func:`load_known` costs a fixed handful of statements per feed, whatever its length: stored
articles by canonical URL and by content hash, the near-duplicate candidates the in-memory
index names, the stories those articles cover, and every story of the councils involved.

:func:`apply` writes a whole feed at once with core (bulk) statements: new stories, new
articles (their primary story, copy-of, councils, signatures), article-story links, what
coverage adds to stories, new versions, the outbox rows of new stories, and the feed's fetch
state, so the items and the validators that say "seen" commit together or not at all. Two
workers storing the same URL at once: the loser's transaction fails on the unique canonical
URL, nothing of it is written, and it decides again against what the winner stored.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, bindparam, insert, or_, select, update

from monitor.alerts.outbox import StoryEvent, enqueue
from monitor.analyze.result import Classification
from monitor.config import Settings
from monitor.decide import (
    Candidate,
    Decision,
    Known,
    KnownArticle,
    NewStory,
    Policy,
    decide,
    story_views,
)
from monitor.fetchstate import FetchStateRow, save_fetch_state
from monitor.store import Store
from monitor.tables import (
    ARTICLE,
    ARTICLE_COUNCIL,
    ARTICLE_SIGNATURE,
    ARTICLE_STORY,
    ARTICLE_VERSION,
    FETCH_STATE,
    STORY,
)

log = logging.getLogger(__name__)

# Core tables (monitor.tables): storing a batch never loads SQLModel or the ORM
A = ARTICLE
S = STORY
LINKS = ARTICLE_STORY
COUNCILS = ARTICLE_COUNCIL
SIGS = ARTICLE_SIGNATURE
VERSIONS = ARTICLE_VERSION
FETCH = FETCH_STATE
_KNOWN_COLUMNS = (
    A.c.id,
    A.c.canonical_url,
    A.c.content_hash,
    A.c.title,
    A.c.summary,
    A.c.source,
    A.c.ons_codes,
    A.c.duplicate_of,
    A.c.story_id,
)
_STORY_COLUMNS = (
    S.c.id,
    S.c.event_id,
    S.c.ons_code,
    S.c.inspection_type,
    S.c.published,
    S.c.inspection_date,
    S.c.judgement,
    S.c.previous_judgement,
)
_CHUNK = 500  # ids / urls per IN (...) list
_KNOWN_INDEX = {c.name: n for n, c in enumerate(_KNOWN_COLUMNS)}

# The statements of every batch, built once: a statement built per call costs more in
# SQLAlchemy (coercing its clauses, its cache key) than the database takes to run it. The
# IN lists are "expanding" parameters, so one compiled form serves every list's length; they
# run on the session's connection (core), without the ORM session's per-statement work.
_LINKS_OF = (
    select(LINKS.c.article_id, LINKS.c.story_id)
    .where(LINKS.c.article_id.in_(bindparam("ids", expanding=True)))
    .order_by(LINKS.c.story_id)
)
_STORIES_OF = select(*_STORY_COLUMNS).where(S.c.ons_code.in_(bindparam("codes", expanding=True)))
_INSERT_LINKS, _INSERT_COUNCILS, _INSERT_SIGS = insert(LINKS), insert(COUNCILS), insert(SIGS)
_SET_COPY_OF = update(A).where(A.c.id == bindparam("b_id")).values(duplicate_of=bindparam("b_copy"))


@functools.cache
def _articles_where(names: tuple[str, ...]) -> Any:
    """The articles whose value of any of these columns is in its list (one expanding
    parameter per column, named after it; the IN lists joined by OR, which SQLite and
    PostgreSQL answer from each column's index)."""
    return select(*_KNOWN_COLUMNS).where(
        or_(*(A.c[name].in_(bindparam(name, expanding=True)) for name in names))
    )


@functools.cache
def _insert_returning(table: Any, key: Any) -> Any:
    return insert(table).returning(table.c.id, key)


# -- loading ----------------------------------------------------------------------------------
def known_by_url(
    store: Store, urls: Iterable[str], connection: Connection | None = None
) -> dict[str, KnownArticle]:
    """Stored articles under these canonical URLs, with their stories (two statements), on
    ``connection`` when given (else a session of its own)."""
    unique = list(dict.fromkeys(urls))
    if connection is not None:
        return _articles(connection, A.c.canonical_url, unique)
    with store.connection() as session:
        return _articles(session, A.c.canonical_url, unique)


def load_known(
    store: Store, candidates: Sequence[Candidate], by_url: dict[str, KnownArticle]
) -> Known:
    """Everything :func:`monitor.decide.decide` needs about these candidates (one session:
    the index's catch-up, the articles by URL, hash and near-duplicate id, their stories'
    links, the councils' stories)."""
    with store.connection() as session:
        return _load_known(session, store, candidates, by_url)


def _load_known(
    session: Connection,
    store: Store,
    candidates: Sequence[Candidate],
    by_url: dict[str, KnownArticle],
) -> Known:
    if not candidates:
        return Known(by_url={**by_url})
    signed = any(c.signature for c in candidates)
    index = store.near_duplicates(session) if signed else None
    near_ids: dict[str, list[int]] = {}
    if index is not None:
        for c in candidates:
            if c.signature is not None and c.canonical_url not in by_url:
                near_ids[c.canonical_url] = [i for i, _sim in index.query(c.signature)]
    missing = [c.canonical_url for c in candidates if c.canonical_url not in by_url]
    wanted = {i for ids in near_ids.values() for i in ids}
    found = _articles_by(
        session,
        {
            A.c.canonical_url: missing,
            A.c.content_hash: [c.content_hash for c in candidates],
            A.c.id: sorted(wanted),
        },
    )
    by_url = {**by_url, **found[A.c.canonical_url.name]}
    by_hash = found[A.c.content_hash.name]
    by_id = found[A.c.id.name]
    near = {url: [by_id[i] for i in ids if i in by_id] for url, ids in near_ids.items() if ids}
    codes: set[str] = set()
    for c in candidates:
        codes.update(x for x in c.cls.ons_codes if x)
    for group in (by_url.values(), by_hash.values(), by_id.values()):
        for a in group:
            codes.update(a.ons_codes)
    ordered = sorted(codes)
    rows: list[Any] = []
    connection = session
    for start in range(0, len(ordered), _CHUNK):
        rows += connection.execute(_STORIES_OF, {"codes": ordered[start : start + _CHUNK]}).all()
    stories = story_views(rows)
    return Known(by_url=by_url, by_hash=by_hash, near=near, stories=stories)


def _articles(session: Connection, column: Any, values: list[Any]) -> dict[Any, KnownArticle]:
    """Articles whose ``column`` is in ``values``, keyed by that value (the first stored wins),
    with the stories each covers."""
    return _articles_by(session, {column: values})[column.name]


def _articles_by(
    session: Connection, wanted: dict[Any, list[Any]]
) -> dict[str, dict[Any, KnownArticle]]:
    """For each column, the articles whose value of it is in its list, keyed by that value
    (the first stored wins), with the stories each covers: one statement for the articles
    (their ``IN`` lists joined by ``OR``) and one for their story links, in the usual case
    of lists shorter than ``_CHUNK``."""
    out: dict[str, dict[Any, KnownArticle]] = {column.name: {} for column in wanted}
    asked = {column: list(dict.fromkeys(values)) for column, values in wanted.items() if values}
    if not asked:
        return out
    rows: dict[int, Any] = {}
    connection = session
    if all(len(values) <= _CHUNK for values in asked.values()):
        statement = _articles_where(tuple(column.name for column in asked))
        params = {column.name: values for column, values in asked.items()}
        for r in connection.execute(statement, params).all():
            rows[r.id] = r
    else:
        for column, values in asked.items():
            for start in range(0, len(values), _CHUNK):
                chunk = {column.name: values[start : start + _CHUNK]}
                for r in connection.execute(_articles_where((column.name,)), chunk).all():
                    rows[r.id] = r
    ids = sorted(rows)
    linked: dict[int, list[int]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk_ids = ids[start : start + _CHUNK]
        for article_id, story_id in connection.execute(_LINKS_OF, {"ids": chunk_ids}):
            linked.setdefault(article_id, []).append(story_id)
    views: dict[int, KnownArticle] = {}
    for article_id in ids:  # in id order: the first stored wins a shared value
        r = rows[article_id]
        primary = [r.story_id] if r.story_id else []
        views[article_id] = KnownArticle(
            id=r.id,
            canonical_url=r.canonical_url,
            content_hash=r.content_hash,
            title=r.title,
            summary=r.summary,
            source=r.source,
            ons_codes=tuple(r.ons_codes or ()),
            duplicate_of=r.duplicate_of,
            story_ids=tuple(dict.fromkeys([*primary, *linked.get(r.id, [])])),
        )
    for column, values in asked.items():
        keyed = out[column.name]
        chosen = set(values)
        position = _KNOWN_INDEX[column.name]
        for article_id in ids:
            key = rows[article_id][position]
            if key in chosen and key not in keyed:
                keyed[key] = views[article_id]
    return out


def article_row(cls: Classification, **fields: Any) -> dict[str, Any]:
    """The ``article`` columns of a new article: ``fields`` (url, canonical_url, title,
    outlet, summary, text, content_hash, source, published, fetched_at) and what the analyser
    said of it."""
    return {
        **fields,
        "relevant": cls.relevant,
        "councils": list(cls.councils),
        "ons_codes": list(cls.ons_codes),
        "inspection_type": cls.inspection_type,
        "judgement": cls.judgement,
        "previous_judgement": cls.previous_judgement,
        "event_date": cls.event_date,
        "confidence": cls.confidence,
        "evidence": cls.evidence or None,
        "version": 1,
    }


# -- applying ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Applied:
    """What a batch wrote, for the summary and metrics."""

    new: int = 0
    versions: int = 0
    stories_new: int = 0
    stories_joined: int = 0
    alerts: int = 0
    article_ids: tuple[int | None, ...] = ()  # per candidate: the row it became or updated


def decide_and_apply(
    store: Store,
    settings: Settings,
    candidates: Sequence[Candidate],
    by_url: dict[str, KnownArticle],
    policy: Policy,
    *,
    now: datetime,
    fetch_state: FetchStateRow | None = None,
    session: Connection | None = None,
) -> tuple[list[Decision], Applied]:
    """:func:`load_known`, :func:`monitor.decide.decide` and :func:`apply` in one session:
    the reads, then the writes of the batch and its fetch state in one transaction (the
    driver begins it at the first write, so reading first never has to upgrade a lock).

    With ``session``, inside that transaction instead: the caller commits it, then hands the
    result to :func:`learn` (``monitor.writer``'s group commit)."""
    if session is None:
        with store.connection() as own:
            decided = decide_and_apply(
                store,
                settings,
                candidates,
                by_url,
                policy,
                now=now,
                fetch_state=fetch_state,
                session=own,
            )
        learn(store, candidates, *decided)
        return decided
    facts = _load_known(session, store, candidates, by_url)
    decisions = decide(candidates, facts, policy, now)
    applied = _apply(session, settings, candidates, decisions, now=now, baseline=policy.baseline)
    if fetch_state is not None:
        save_fetch_state(session, fetch_state, now)
    return decisions, applied


def learn(
    store: Store, candidates: Sequence[Candidate], decisions: Sequence[Decision], applied: Applied
) -> None:
    """After the commit: this process's near-duplicate index learns the batch's texts."""
    if applied.new or applied.versions:
        _update_index(store, candidates, decisions, applied)


def apply(
    store: Store,
    settings: Settings,
    candidates: Sequence[Candidate],
    decisions: Sequence[Decision],
    *,
    now: datetime,
    baseline: bool,
    fetch_state: FetchStateRow | None = None,
) -> Applied:
    """Write every decision of a batch, and its fetch state, in one transaction."""
    with store.connection() as session:
        applied = _apply(session, settings, candidates, decisions, now=now, baseline=baseline)
        if fetch_state is not None:
            save_fetch_state(session, fetch_state, now)
    learn(store, candidates, decisions, applied)
    return applied


def _apply(
    session: Connection,
    settings: Settings,
    candidates: Sequence[Candidate],
    decisions: Sequence[Decision],
    *,
    now: datetime,
    baseline: bool,
) -> Applied:
    """Write a batch's decisions in the caller's transaction: stories, articles, their rows."""
    ids = _Ids()
    planned = [s for d in decisions for s in d.new_stories]
    if planned:
        ids.stories = _insert_stories(session, planned, now=now, baseline=baseline)
    new = [(c, d) for c, d in zip(candidates, decisions, strict=True) if d.kind == "new"]
    if new:
        ids.articles = _insert_articles(session, new, ids)
    rows = _write_versions(session, candidates, decisions, ids, now)
    _insert_rows(session, rows)
    _fill_stories(session, decisions)
    alerts = _enqueue_alerts(session, settings, planned, ids, now)
    return Applied(
        new=len(new),
        versions=rows.versions,
        stories_new=len(planned),
        stories_joined=sum(d.joined for d in decisions),
        alerts=alerts,
        article_ids=tuple(
            None if d.kind == "duplicate" else ids.article(d.article_id) for d in decisions
        ),
    )


@dataclass
class _Ids:
    """The ids a batch's placeholders became (a placeholder is negative; a positive ref is
    already a stored row's id)."""

    stories: dict[int, int] = field(default_factory=dict)  # placeholder -> id
    articles: dict[int, int] = field(default_factory=dict)  # placeholder -> id

    def story(self, ref: int) -> int:
        """The id of a story ref."""
        return self.stories[ref] if ref < 0 else ref

    def article(self, ref: int | None) -> int:
        """The id of an article ref."""
        assert ref is not None
        return self.articles[ref] if ref < 0 else ref


@dataclass
class _Rows:
    """What a batch adds to its articles besides their own rows."""

    links: list[dict[str, int]] = field(default_factory=list)  # article-story links
    councils: list[dict[str, Any]] = field(default_factory=list)
    sigs: dict[int, bytes] = field(default_factory=dict)  # article id -> its new signature
    versions: int = 0


def _insert_stories(
    session: Connection, planned: list[NewStory], *, now: datetime, baseline: bool
) -> dict[int, int]:
    """Insert the batch's new stories; their ids by placeholder."""
    rows = [
        {
            "event_id": s.view.event_id,
            "council": s.council,
            "ons_code": s.view.ons_code,
            "inspection_type": s.view.inspection_type,
            "judgement": s.view.judgement,
            "previous_judgement": s.view.previous_judgement,
            "published": s.view.published,
            "inspection_date": s.view.inspection_date,
            "first_seen_via": s.first_seen_via,
            "created_at": now,
            "baseline": baseline,
        }
        for s in planned
    ]
    by_event = _inserted(session, S, S.c.event_id, rows)
    return {s.id: by_event[s.view.event_id] for s in planned}


def _insert_articles(
    session: Connection, new: list[tuple[Candidate, Decision]], ids: _Ids
) -> dict[int, int]:
    """Insert the batch's new articles (their primary story, what they copy); their ids by
    placeholder. A copy of another new article points at it once both have ids."""
    rows = []
    for c, d in new:
        row = dict(c.row)
        row["story_id"] = ids.story(d.links[0]) if d.links else None
        copy_of = d.copy_of
        row["duplicate_of"] = copy_of if copy_of is not None and copy_of > 0 else None
        rows.append(row)
    by_url = _inserted(session, A, A.c.canonical_url, rows)
    article_ids = {d.article_id or 0: by_url[c.canonical_url] for c, d in new}
    in_batch_copies = [
        {"b_id": article_ids[d.article_id or 0], "b_copy": article_ids[d.copy_of]}
        for _, d in new
        if d.copy_of is not None and d.copy_of < 0
    ]
    if in_batch_copies:
        session.execute(_SET_COPY_OF, in_batch_copies)
    return article_ids


def _write_versions(
    session: Connection,
    candidates: Sequence[Candidate],
    decisions: Sequence[Decision],
    ids: _Ids,
    now: datetime,
) -> _Rows:
    """Store each new version of an article as it comes; the links, councils and signatures
    the batch adds, to insert after."""
    rows = _Rows()
    for c, d in zip(candidates, decisions, strict=True):
        if d.kind == "duplicate":
            continue
        aid = ids.article(d.article_id)
        if d.kind == "version":
            rows.versions += 1
            # a feed listing one link twice under two headlines: the second is a version of
            # the first, new in this batch, whose signature it replaces (two rows of one
            # article's signature failed the batch, and so the feed, every cycle)
            rows.sigs.pop(aid, None)
            _new_version(session, aid, c, now)
        rows.links += [
            {"article_id": aid, "story_id": ids.story(ref)}
            for ref in d.links
            if ref not in d.already
        ]
        rows.councils += [{"article_id": aid, "ons_code": code} for code in d.ons_codes]
        if d.kind == "new" and c.kept_signature:
            rows.sigs[aid] = c.kept_signature
    return rows


def _insert_rows(connection: Connection, rows: _Rows) -> None:
    """Insert the batch's article-story links, article councils and signatures."""
    if rows.links:
        connection.execute(_INSERT_LINKS, rows.links)
    if rows.councils:
        connection.execute(_INSERT_COUNCILS, rows.councils)
    if rows.sigs:
        connection.execute(
            _INSERT_SIGS, [{"article_id": a, "signature": sig} for a, sig in rows.sigs.items()]
        )


def _fill_stories(session: Connection, decisions: Sequence[Decision]) -> None:
    """Fill what coverage adds to stored stories, each field only where it is still empty."""
    fills: dict[int, dict[str, Any]] = {}
    for d in decisions:
        for ref, fields in d.fills.items():
            if ref > 0:
                for key, value in fields.items():
                    fills.setdefault(ref, {}).setdefault(key, value)
    for story_id, fields in fills.items():
        # never overwrite what is known, even if another worker filled it meanwhile
        for key, value in fields.items():
            session.execute(
                update(S).where(and_(S.c.id == story_id, S.c[key].is_(None))).values({key: value})
            )


def _enqueue_alerts(
    session: Connection, settings: Settings, planned: list[NewStory], ids: _Ids, now: datetime
) -> int:
    """Write the outbox rows of the new stories that alert; how many."""
    alerts = 0
    for s in planned:
        if s.alert:
            alerts += enqueue(session, settings, _story_row(s, ids.story(s.id)), now)
    return alerts


def _inserted(
    session: Connection, table: Any, key: Any, rows: list[dict[str, Any]]
) -> dict[Any, int]:
    """Insert ``rows``; the new ids by each row's value of ``key`` (a unique column).

    The ids come back keyed by that column rather than in parameter order: asking for the
    order (``sort_by_parameter_order``) makes SQLite's driver insert one row per statement,
    while without it the rows go in a few multi-row ``INSERT ... RETURNING`` statements."""
    result = session.execute(_insert_returning(table, key), rows)
    return {value: row_id for row_id, value in result.all()}


def _story_row(s: Any, story_id: int) -> StoryEvent:
    """The new story's event, as the outbox reads it."""
    v = s.view
    return StoryEvent(
        id=story_id,
        event_id=v.event_id,
        ons_code=v.ons_code,
        inspection_type=v.inspection_type,
        judgement=v.judgement,
    )


def _new_version(session: Connection, article_id: int, c: Candidate, now: datetime) -> None:
    """Keep the stored text as a version and update the row (rare: a changed article)."""
    old = session.execute(select(A).where(A.c.id == article_id)).one()
    session.execute(
        insert(VERSIONS).values(
            article_id=article_id,
            version=old.version,
            title=old.title,
            summary=old.summary,
            text=old.text,
            content_hash=old.content_hash,
            published=old.published,
            fetched_at=old.fetched_at,
            replaced_at=now,
        )
    )
    fresh = c.row
    values = {
        name: fresh.get(name)
        for name in (
            "title",
            "summary",
            "text",
            "content_hash",
            "relevant",
            "inspection_type",
            "judgement",
            "previous_judgement",
            "event_date",
            "confidence",
            "evidence",
        )
    }
    values["published"] = old.published or fresh.get("published")
    values["councils"] = sorted(set(old.councils or []) | set(fresh.get("councils") or []))
    values["ons_codes"] = sorted(set(old.ons_codes or []) | set(fresh.get("ons_codes") or []))
    values["version"] = old.version + 1
    values["updated_at"] = now
    session.execute(update(A).where(A.c.id == article_id).values(values))
    session.execute(SIGS.delete().where(SIGS.c.article_id == article_id))
    if c.kept_signature:
        session.execute(insert(SIGS).values(article_id=article_id, signature=c.kept_signature))
    log.info("article updated article=%s version=%s", article_id, old.version + 1)


def _update_index(
    store: Store, candidates: Sequence[Candidate], decisions: Sequence[Decision], applied: Applied
) -> None:
    """This process's near-duplicate index learns the batch's texts (after the commit)."""
    index = store.__dict__.get("_near_dup_index")
    if index is None:
        return  # built from the table on first use
    for c, d, aid in zip(candidates, decisions, applied.article_ids, strict=True):
        if aid is None:
            continue
        if c.kept_signature:
            index.add(aid, c.kept_signature)
        elif d.kind == "version":
            index.remove(aid)
