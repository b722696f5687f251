"""Every listing, dedup, story and outbox query uses an index, on both backends.

The statements are the real ones: each case calls the store (or the function in ``monitor``
that issues the query) on a populated database and captures what reaches the driver with a
``before_cursor_execute`` listener; each captured statement is then explained with its own
parameters (SQLite ``EXPLAIN QUERY PLAN``; PostgreSQL ``EXPLAIN`` with
``enable_seqscan = off``, so the planner's preference for scanning tiny tables does not
matter). A case fails when a plan scans one of the big tables in full, when none of the
indexes that should serve it is used, or (for the listings' default order) when the rows are
sorted instead of read in index order. Dropping an index makes its case fail
(``test_a_dropped_index_fails_its_case``).
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any, cast

import pytest
from sqlalchemy import event, insert, text
from sqlmodel import Session, col, select

from monitor.models import (
    Alert,
    AlertAttempt,
    Article,
    ArticleCouncil,
    ArticleSignature,
    ArticleStory,
    Report,
    Story,
)
from monitor.query import ListFilter
from monitor.store import Store

BIG_TABLES = {
    "article",
    "report",
    "story",
    "alert",
    "alert_attempt",
    "article_council",
    "article_story",
    "article_version",
    "article_signature",
}
PK = "primary key"  # SQLite's rowid / PostgreSQL's <table>_pkey, see _explain

NOW = datetime(2025, 6, 1, tzinfo=UTC)
COUNCILS = [f"E0{6000000 + i}" for i in range(150)]
TYPES = ["ilacs_full", "ilacs_short", "focused_visit", "monitoring_visit", "jtai", "area_send"]
GRADES = ["outstanding", "good", "requires_improvement", "inadequate", None]
SOURCES = [f"source-{i}" for i in range(20)]
CHANNELS = ["hooks", "mail", "ops"]
N_STORIES, N_ARTICLES, N_ALERTS = 1500, 6000, 4000


# -- a database the size of a few years of use ---------------------------------------------
def populate(store: Store) -> None:
    rng = random.Random(7)
    stories, reports, articles, councils, links, alerts, attempts, sigs = ([] for _ in range(8))
    for i in range(1, N_STORIES + 1):
        code = COUNCILS[i % len(COUNCILS)]
        day = date(2012, 1, 1) + timedelta(days=rng.randrange(4800))
        kind = rng.choice(TYPES)
        stories.append(
            {
                "id": i,
                "event_id": f"{code}-{kind}-{day}-{i}",
                "council": f"Council {code}",
                "ons_code": code,
                "inspection_type": kind,
                "judgement": rng.choice(GRADES),
                "published": None if i % 40 == 0 else day,
                "inspection_date": day - timedelta(days=30),
                "report_id": i,
                "first_seen_via": "ofsted",
                "created_at": NOW,
                "baseline": False,
            }
        )
        reports.append(
            {
                "id": i,
                "council": f"Council {code}",
                "ons_code": code,
                "label": "Children's services inspection",
                "inspection_type": kind,
                "judgement": stories[-1]["judgement"],
                "published": stories[-1]["published"],
                "url": f"https://reports.ofsted.gov.uk/provider/44/{i}",
                "pdf_url": f"https://files.ofsted.gov.uk/v1/file/{i}",
                "story_id": i,
                "first_seen_via": "ofsted",
                "source": "ofsted",
                "seen_at": NOW,
                "pdf_status": "ok" if i % 50 else "pending",
                "pdf_attempts": 0,
            }
        )
    for i in range(1, N_ARTICLES + 1):
        code = COUNCILS[i % len(COUNCILS)]
        published = NOW - timedelta(hours=rng.randrange(24 * 3000))
        story_id = i % N_STORIES + 1 if i % 4 == 0 else None
        articles.append(
            {
                "id": i,
                "url": f"https://news.example/{i}",
                "canonical_url": f"https://news.example/{i}",
                "title": f"Article {i} about children's services",
                "outlet": f"Outlet {i % 30}",
                "summary": "Ofsted inspectors visited the council",
                "text": f"Words of article {i} about an inspection",
                "content_hash": f"hash-{i}",
                "source": SOURCES[i % len(SOURCES)],
                "published": None if i % 25 == 0 else published,
                "fetched_at": published,
                "relevant": i % 8 == 0,
                "councils": [],
                "ons_codes": [code],
                "confidence": 0.5,
                "story_id": story_id,
                "version": 1,
            }
        )
        councils.append({"article_id": i, "ons_code": code})
        if story_id is not None:
            links.append({"article_id": i, "story_id": story_id})
        if i % 10 == 0:
            sigs.append({"article_id": i, "signature": bytes(512)})
    for i in range(1, N_ALERTS + 1):
        story_id = i % N_STORIES + 1
        status = rng.choices(
            ["sent", "pending", "failed", "held", "sending"], weights=[90, 3, 3, 3, 1]
        )[0]
        alerts.append(
            {
                "id": i,
                "event_id": stories[story_id - 1]["event_id"],
                "story_id": story_id,
                "channel": CHANNELS[(i // N_STORIES) % len(CHANNELS)],
                "kind": "webhook",
                "status": status,
                "attempts": 1,
                "next_attempt_at": NOW - timedelta(minutes=rng.randrange(10_000)),
                "created_at": NOW - timedelta(days=rng.randrange(3000)),
                "type": "report",
                "interruptions": 0,
                "claim_expires_at": NOW + timedelta(hours=1) if status == "sending" else None,
            }
        )
        attempts.append({"alert_id": i, "at": NOW, "duration_ms": 10})
    with store.engine.begin() as conn:
        for model, rows in (
            (Story, stories),
            (Report, reports),
            (Article, articles),
            (ArticleCouncil, councils),
            (ArticleStory, links),
            (ArticleSignature, sigs),
            (Alert, alerts),
            (AlertAttempt, attempts),
        ):
            conn.execute(insert(model.__table__), rows)  # type: ignore[union-attr]
        if store.dialect == "postgresql":
            for table in ("story", "report", "article", "alert"):
                conn.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 100000)")
                )
        conn.execute(text("ANALYZE"))


# -- capturing and explaining --------------------------------------------------------------
@contextmanager
def captured(store: Store) -> Iterator[list[tuple[str, Any]]]:
    """The reads and writes-with-a-WHERE that reach the driver while the block runs."""
    statements: list[tuple[str, Any]] = []

    def before(
        _conn: Any, _cursor: Any, statement: str, params: Any, _ctx: Any, many: bool
    ) -> None:
        head = statement.lstrip().split(None, 1)[0].upper()
        if not many and head in ("SELECT", "UPDATE", "DELETE", "WITH"):
            statements.append((statement, params))

    event.listen(store.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(store.engine, "before_cursor_execute", before)


@dataclass
class Plan:
    text: str
    indexes: set[str] = field(default_factory=set)
    full_scans: set[str] = field(default_factory=set)
    sorted: bool = False  # rows sorted after reading (not read in index order)
    rowid_scans: set[str] = field(default_factory=set)  # SQLite: table read in rowid order


_SQLITE_SCAN = re.compile(r"^SCAN (\w+)(?: AS \w+)?$")
_SQLITE_INDEX = re.compile(r"USING (?:COVERING )?INDEX (\w+)")


def _explain(store: Store, statement: str, params: Any) -> Plan:
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).all()
            plan = Plan("\n".join(str(r[3]) for r in rows))
            for row in rows:
                detail = str(row[3])
                scan = _SQLITE_SCAN.match(detail)
                if scan and scan.group(1) in BIG_TABLES:
                    plan.rowid_scans.add(scan.group(1))
                plan.indexes.update(_SQLITE_INDEX.findall(detail))
                if "INTEGER PRIMARY KEY" in detail:
                    plan.indexes.add(PK)
                if "TEMP B-TREE FOR ORDER BY" in detail or "TEMP B-TREE FOR RIGHT PART" in detail:
                    plan.sorted = True
            return plan
        conn.exec_driver_sql("SET enable_seqscan = off")
        raw = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, params).scalar()
        conn.rollback()
    tree = raw if isinstance(raw, list) else json.loads(str(raw))
    plan = Plan(json.dumps(tree, indent=1))

    def walk(node: dict[str, Any]) -> None:
        kind = node.get("Node Type")
        relation = node.get("Relation Name")
        if kind == "Seq Scan" and relation in BIG_TABLES:
            plan.full_scans.add(relation)
        if kind == "Sort":
            plan.sorted = True
        if "Index Name" in node:
            name = node["Index Name"]
            plan.indexes.add(PK if name.endswith("_pkey") else name)
        for child in node.get("Plans", []):
            walk(child)

    walk(tree[0]["Plan"])
    return plan


# -- the cases -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    """``run`` issues the queries; each set in ``expect`` names indexes of which one must be
    used (by any captured statement); ``in_order``: read in index order, no sort."""

    name: str
    run: Callable[[Store], object]
    expect: tuple[frozenset[str], ...]
    in_order: bool = False
    rowid_order: bool = False  # SQLite may read the table itself in rowid (= id) order


def one_of(*names: str) -> frozenset[str]:
    return frozenset(names)


CODE, CODES = COUNCILS[3], COUNCILS[3:5]
PUBLISHED = one_of("ix_article_published", "ix_article_published_desc")
REPORT_PUBLISHED = one_of("ix_report_published", "ix_report_published_desc")
STORY_PUBLISHED = one_of("ix_story_published", "ix_story_published_desc")
REPORT_BY_COUNCIL = one_of("ix_report_ons_code_published", "ix_report_ons_code")
STORY_BY_COUNCIL = one_of("ix_story_ons_code_published", "ix_story_ons_code")
COVERAGE = (one_of("ix_article_story_story_id"), one_of("ix_report_story_id"))
CANONICAL = one_of("sqlite_autoindex_article_1", "article_canonical_url_key")
DUE = one_of("ix_alert_due")
ALERT_STATUS = one_of("ix_alert_status_id", "ix_alert_due")


def _session_call(fn: Callable[[Store, Session], object]) -> Callable[[Store], object]:
    def run(store: Store) -> object:
        with store.session() as session:
            return fn(store, session)

    return run


def _build_event(store: Store, session: Session) -> object:
    from monitor.alerts.outbox import build_event

    story = session.get(Story, 8)
    assert story is not None
    return build_event(session, store, story)


def _claim(store: Store) -> object:
    from monitor.alerts.outbox import claim

    return claim(store, "hooks", NOW, limit=16, lease_s=60, token="test:1:ab", exclude={1, 2})


def _recover(store: Store) -> object:
    from monitor.alerts.outbox import recover_abandoned

    return recover_abandoned(store, cast(Any, None))


def _requeue(store: Store) -> object:
    from monitor.alerts.outbox import requeue

    return requeue(store, None)


def _alert_of_event(store: Store, session: Session) -> object:
    # outbox.enqueue and digest.build_due_digests: is there already an alert of this event?
    return session.exec(
        select(Alert.id).where(Alert.event_id == "x-event", Alert.channel == "hooks")
    ).first()


def _held_for_digest(store: Store, session: Session) -> object:
    # digest.build_due_digests: the channel's held alerts up to the digest's end
    return session.exec(
        select(Alert)
        .where(Alert.channel == "mail")
        .where(Alert.status == "held")
        .where(col(Alert.created_at) <= NOW)
        .order_by(col(Alert.id))
    ).all()


def _digest_members(store: Store, session: Session) -> object:
    # outbox._build_message: a digest's member alerts
    return session.exec(select(Alert).where(Alert.digest_id == 5).order_by(col(Alert.id))).all()


def _pdf_due(store: Store) -> object:
    from monitor.ingest import reports_due_for_pdf

    return reports_due_for_pdf(store, CODES, NOW, history=True)


def _weekly_count(store: Store) -> object:
    from monitor.schedule import weekly_count

    return weekly_count(store, cast(Any, SimpleNamespace(name=SOURCES[2])), NOW)


def _timeline(store: Store) -> object:
    from monitor.timeline import timeline_select

    return list(store.stream(timeline_select(CODES)))


def _story_alerts(store: Store) -> object:
    from monitor.search import story_alerts_select

    return list(store.stream(story_alerts_select(9)))


def _search(store: Store) -> object:
    from monitor.search import parse_search

    return list(store.iter_articles(ListFilter(query=parse_search("inspection"), limit=20)))


def _iter(method: str, **flt: Any) -> Callable[[Store], object]:
    return lambda store: list(getattr(store, method)(ListFilter(**flt)))


CASES = [
    # monitor reports / stories / articles (monitor.search, streamed)
    Case("reports", _iter("iter_reports", limit=20), (REPORT_PUBLISHED,), in_order=True),
    Case("reports --council", _iter("iter_reports", ons_codes=CODES), (REPORT_BY_COUNCIL,)),
    Case(
        "reports --since --until",
        _iter("iter_reports", since=date(2020, 1, 1), until=date(2020, 3, 1)),
        (REPORT_PUBLISHED,),
    ),
    Case("stories", _iter("iter_stories", limit=20), (STORY_PUBLISHED, *COVERAGE), in_order=True),
    Case("stories --council", _iter("iter_stories", ons_codes=CODES), (STORY_BY_COUNCIL,)),
    Case(
        "stories --since",
        _iter("iter_stories", since=date(2024, 1, 1), limit=20),
        (STORY_PUBLISHED,),
    ),
    Case("articles", _iter("iter_articles", limit=20), (PUBLISHED,), in_order=True),
    Case(
        "articles --council",
        _iter("iter_articles", ons_codes=CODES, limit=20),
        (one_of("ix_article_council_ons_code"),),
    ),
    Case(
        "articles --source",
        _iter("iter_articles", source=SOURCES[1], limit=20),
        # PostgreSQL may rather read the newest first and skip other sources (LIMIT 20)
        (one_of("ix_article_source_published", "ix_article_published_desc"),),
    ),
    Case(
        "articles --relevant",
        _iter("iter_articles", relevant=True, limit=20),
        (one_of("ix_article_relevant_published", "ix_article_published_desc"),),
    ),
    Case(
        "articles --since",
        _iter("iter_articles", since=date(2024, 1, 1), limit=20),
        (PUBLISHED,),
    ),
    Case("articles --search", _search, (one_of(PK, "ix_article_search_vector"),)),
    Case("timeline", _timeline, (STORY_BY_COUNCIL, one_of(PK))),
    # monitor show, monitor alerts (store)
    Case("show", lambda s: s.story_detail(7), (one_of("ix_report_story_id"), *COVERAGE[:1])),
    Case("show: alerts", _story_alerts, (one_of("ix_alert_story_id"),)),
    Case(
        "reports (store)",
        lambda s: s.list_reports(ListFilter(limit=20)),
        (REPORT_PUBLISHED,),
    ),
    Case(
        "stories (store)",
        lambda s: s.list_stories(ListFilter(ons_codes=CODES)),
        (STORY_BY_COUNCIL, *COVERAGE),
    ),
    Case(
        "articles (store)",
        lambda s: s.list_articles(ListFilter(source=SOURCES[1], limit=20)),
        (one_of("ix_article_source_published"),),
    ),
    Case(
        "alerts",
        lambda s: s.list_alerts(ListFilter(limit=20)),
        (one_of(PK),),
        in_order=True,
        rowid_order=True,
    ),
    Case(
        "alerts --status",
        lambda s: s.list_alerts(ListFilter(status="failed", limit=20)),
        (ALERT_STATUS,),
        in_order=True,
    ),
    Case("alerts count", lambda s: s.count_alerts("pending"), (ALERT_STATUS,)),
    Case("alerts show", lambda s: s.alert_attempts(11), (one_of("ix_alert_attempt_alert_id"),)),
    # dedup, stories, ingest
    Case(
        "known article urls",
        lambda s: s.known_article_urls(["https://news.example/5"]),
        (CANONICAL,),
    ),
    Case("article by url", lambda s: s.article_by_url("https://news.example/5"), (CANONICAL,)),
    Case(
        "article by hash",
        _session_call(lambda s, ses: s.article_by_hash(ses, "hash-5")),
        (one_of("ix_article_content_hash"),),
    ),
    Case("near-duplicate index", lambda s: s.near_duplicates(), (one_of(PK),)),
    Case(
        "stories of an article", _session_call(lambda s, ses: s.story_ids_of(ses, 8)), (one_of(PK),)
    ),
    Case(
        "stories of a council",
        _session_call(lambda s, ses: s.stories_for(ses, CODE)),
        (STORY_BY_COUNCIL,),
    ),
    Case(
        "previous judgement",
        _session_call(lambda s, ses: s.previous_judgement(ses, cast(Story, ses.get(Story, 300)))),
        (one_of("ix_story_ons_code_published"),),
    ),
    Case(
        "known report PDFs",
        lambda s: s.known_pdf_urls(CODE),
        (REPORT_BY_COUNCIL | {"uq_report_council_pdf", "sqlite_autoindex_report_1"},),
    ),
    Case(
        "report PDFs due",
        _pdf_due,
        (REPORT_BY_COUNCIL | {"ix_report_pdf_status", "uq_report_council_pdf"},),
    ),
    Case(
        "weekly count",
        _weekly_count,
        (one_of("ix_article_source_published"), one_of("ix_report_source_published")),
    ),
    Case(
        "prune (dry run)",
        lambda s: s.prune_articles(NOW - timedelta(days=2000), dry_run=True),
        (PUBLISHED,),
    ),
    # the outbox
    Case(
        "alert of an event",
        _session_call(_alert_of_event),
        (one_of("uq_alert_event_channel", "sqlite_autoindex_alert_1", "ix_alert_event_id"),),
    ),
    Case("claim due alerts", _claim, (DUE,), in_order=True),
    Case("held alerts for a digest", _session_call(_held_for_digest), (ALERT_STATUS,)),
    Case("digest members", _session_call(_digest_members), (one_of("ix_alert_digest_id"),)),
    Case("abandoned claims", _recover, (ALERT_STATUS,)),
    Case("requeue failed", _requeue, (ALERT_STATUS,)),
    Case(
        "alert content",
        _session_call(_build_event),
        (
            one_of("ix_article_story_id"),
            one_of("ix_article_story_story_id"),
            one_of("ix_story_ons_code_published"),
        ),
    ),
]
STREAMED_ALERTS = Case(
    "alerts (streamed)",
    _iter("iter_alerts", limit=20),
    (one_of(PK),),
    in_order=True,
    rowid_order=True,
)
CASES.append(STREAMED_ALERTS)
# Gaps that need a query change outside the store (reported; xfail until fixed):


def check(store: Store, case: Case) -> list[str]:
    """What is wrong with the plans of this case's statements (empty: all good)."""
    with captured(store) as statements:
        case.run(store)
    assert statements, f"{case.name}: no statement captured"
    problems: list[str] = []
    used: set[str] = set()
    for statement, params in statements:
        plan = _explain(store, statement, params)
        used |= plan.indexes
        scans = set(plan.full_scans)
        if store.dialect == "sqlite":
            if case.rowid_order and not plan.sorted and plan.rowid_scans:
                used.add(PK)  # the table is the rowid's index: read backwards, newest first
            else:
                scans |= plan.rowid_scans
        if scans:
            problems.append(f"{case.name}: full scan of {sorted(scans)}:\n{statement}\n{plan.text}")
        if case.in_order and plan.sorted:
            problems.append(
                f"{case.name}: sorts instead of reading an index in order:\n{plan.text}"
            )
    for wanted in case.expect:
        if not used & wanted:
            problems.append(f"{case.name}: none of {sorted(wanted)} used (used {sorted(used)})")
    return problems


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = Store(database_url)
    store.migrate()
    populate(store)
    yield store
    store.close()


def test_every_query_uses_an_index(store: Store) -> None:
    problems = [problem for case in CASES for problem in check(store, case)]
    assert not problems, "\n\n".join(problems)


@pytest.mark.parametrize(
    ("index", "case_name"),
    [
        ("ix_alert_due", "claim due alerts"),
        ("ix_alert_story_id", "show: alerts"),
        ("ix_article_source_published", "weekly count"),
        ("ix_story_ons_code_published", "previous judgement"),
    ],
)
def test_a_dropped_index_fails_its_case(store: Store, index: str, case_name: str) -> None:
    case = next(c for c in CASES if c.name == case_name)
    assert check(store, case) == []
    with store.engine.begin() as conn:
        conn.execute(text(f"DROP INDEX {index}"))
    store.engine.dispose()  # pysqlite caches prepared EXPLAINs, which SQLite never re-plans
    assert check(store, case) != []
