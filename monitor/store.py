"""The database: engine, migrations, sessions, and every query and write.

SQLite by default (WAL, foreign keys on), any SQLAlchemy URL for PostgreSQL. The schema is
created and upgraded by Alembic on start (:meth:`Store.migrate`; a new SQLite file gets the
head schema from the statements the migrations produce, ``migrations/sqlite_schema.json``).
SQLAlchemy errors are translated into :class:`~monitor.errors.DatabaseError` here, once.

Connections (:func:`make_engine`), for one process; several ``monitor serve`` processes, on
one or several machines, may share one database:

- **SQLite** (a file): a pool of up to 5 + 10 connections (``QueuePool``; each connection is
  set up once: WAL, ``synchronous=NORMAL``, foreign keys, and a busy timeout). Keeping
  connections open also keeps the WAL file from being checkpointed and deleted at every
  session's end. The busy timeout (30 s; ``?timeout=SECONDS`` in the URL overrides it) makes a
  writer wait for another process's write transaction instead of failing with "database is
  locked"; the driver opens a transaction at the first write of a session, so a read never
  has to be upgraded to a write (which SQLite cannot wait for). ``:memory:`` keeps SQLAlchemy's
  one-connection-per-thread default.
- **PostgreSQL**: ``QueuePool`` of 5 connections plus 5 overflow (a process runs a scheduler
  thread, the alert sender and the HTTP endpoints; ten processes then stay within the
  server's default ``max_connections`` of 100), a 30 s wait for a free one, LIFO reuse (idle
  extras age out), ``pool_pre_ping`` (a connection the server or a proxy dropped is replaced,
  not handed out), ``pool_recycle`` after 30 minutes (below common idle cut-offs of proxies
  and load balancers), a 10 s ``connect_timeout``, TCP keepalives, and
  ``application_name = "ofsted-monitor HOST:PID"`` so ``pg_stat_activity`` tells workers
  apart. ``connect_timeout`` and ``application_name`` in the URL's query win;
  ``MONITOR_DB_POOL_SIZE`` and ``MONITOR_DB_MAX_OVERFLOW`` override the pool size. Each
  connection plans every statement for its values (``plan_cache_mode =
  force_custom_plan``): the driver prepares a statement run five times, and the server then
  keeps one generic plan, chosen while the tables were small (a sequential scan), for a
  cycle that fills them. On a first 500-feed cycle the lookup of known articles took 10 ms
  each that way (7.6 s of the server's time; the cycle 11.2 s against 8.2 s), against 0.1 ms
  on its indexes.
- A process forked after the engine was made drops the inherited pool (never shares its
  parent's connections) and opens its own.

Migrations (:meth:`Store.migrate`) are safe when several processes start at once: on
PostgreSQL the upgrade runs while this process holds a session-level advisory lock
(``pg_advisory_lock(MIGRATION_LOCK_KEY)``) on a connection of its own; on SQLite while it
holds an exclusive ``flock`` on ``<database>.migrate-lock`` beside the file. The others wait
(up to ``MIGRATION_LOCK_WAIT_S``), then find the schema at head and do nothing.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import socket
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    and_,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    inspect,
    or_,
    text,
)
from sqlalchemy import select as sa_select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import QueuePool

from monitor import clock, tables
from monitor.clock import aware  # noqa: F401 - re-exported: its home was here
from monitor.errors import Conflict, DatabaseError
from monitor.errors import safe_url as _safe_url
from monitor.migrations.heads import MIGRATION_LOCK_WAIT_S, MIGRATIONS, head_revisions
from monitor.query import ListFilter
from monitor.sqlitefile import SQLITE_BUSY_TIMEOUT_S, set_up
from monitor.sqlitefile import file_lock as _file_lock

if TYPE_CHECKING:
    from sqlmodel import Session

    from monitor.dedup.lsh import NearDupIndex
    from monitor.models import (
        Alert,
        AlertAttempt,
        Article,
        FetchState,
        Report,
        SourceState,
        Story,
    )

log = logging.getLogger(__name__)

SQLITE_POOL_SIZE, SQLITE_MAX_OVERFLOW = 5, 10
POOL_SIZE, MAX_OVERFLOW = 5, 5
POOL_TIMEOUT_S = 30
POOL_RECYCLE_S = 1800
CONNECT_TIMEOUT_S = 10
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 60, "keepalives_interval": 10}
KEEPALIVES_COUNT = 5
APPLICATION_NAME = "ofsted-monitor"


def advisory_key(name: str) -> int:
    """A fixed pg_advisory_lock key for a name: the first 8 bytes of its sha256, signed."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


MIGRATION_LOCK_KEY = advisory_key("ofsted-monitor migrations")  # -7725201196211439505
MIGRATION_LOCK_POLL_S = 0.2


def utcnow() -> datetime:
    return clock.now()


def _sqlite_pragmas(busy_timeout_s: float) -> Any:
    def connect(dbapi_connection: Any, _record: Any) -> None:
        set_up(dbapi_connection, busy_timeout_s)

    return connect


def application_name() -> str:
    """``ofsted-monitor HOST:PID`` (at most 63 bytes, PostgreSQL's limit)."""
    name = f"{APPLICATION_NAME} {socket.gethostname()}:{os.getpid()}"
    return name.encode()[:63].decode(errors="ignore")


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise DatabaseError(f"{name} must be a whole number, not {value!r}") from None
    if number < 0:
        raise DatabaseError(f"{name} must not be negative")
    return number


_ENGINES: weakref.WeakSet[Engine] = weakref.WeakSet()


def _forget_pools_after_fork() -> None:
    """In a forked child: drop the parent's pooled connections without closing them (they
    are the parent's), so the child opens its own."""
    for engine in list(_ENGINES):
        engine.dispose(close=False)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pools_after_fork)


def make_engine(
    url: str, *, pool_size: int | None = None, max_overflow: int | None = None
) -> Engine:
    """An engine tuned for this backend (see the module docstring)."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        engine = _sqlite_engine(url, parsed, pool_size=pool_size, max_overflow=max_overflow)
    elif backend == "postgresql":
        engine = _postgres_engine(url, parsed, pool_size=pool_size, max_overflow=max_overflow)
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_recycle=POOL_RECYCLE_S)
    _ENGINES.add(engine)
    return engine


def _sqlite_engine(
    url: str, parsed: URL, *, pool_size: int | None, max_overflow: int | None
) -> Engine:
    timeout = parsed.query.get("timeout")
    busy_s = float(timeout if isinstance(timeout, str) else SQLITE_BUSY_TIMEOUT_S)
    memory = parsed.database in (None, "", ":memory:") or "mode=memory" in url
    if memory:
        engine = create_engine(url)
    else:
        engine = create_engine(
            url,
            poolclass=QueuePool,
            pool_size=pool_size if pool_size is not None else SQLITE_POOL_SIZE,
            max_overflow=max_overflow if max_overflow is not None else SQLITE_MAX_OVERFLOW,
            pool_timeout=POOL_TIMEOUT_S,
            connect_args={"timeout": busy_s, "check_same_thread": False},
        )
    event.listen(engine, "connect", _sqlite_pragmas(busy_s))
    return engine


def _postgres_engine(
    url: str, parsed: URL, *, pool_size: int | None, max_overflow: int | None
) -> Engine:
    connect_args: dict[str, Any] = {}
    libpq = parsed.get_driver_name() in ("psycopg", "psycopg2")
    if libpq:
        if "connect_timeout" not in parsed.query:
            connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
        for key, value in {**KEEPALIVES, "keepalives_count": KEEPALIVES_COUNT}.items():
            if key not in parsed.query:
                connect_args[key] = value
    engine = create_engine(
        url,
        poolclass=QueuePool,
        pool_size=pool_size
        if pool_size is not None
        else _env_int("MONITOR_DB_POOL_SIZE", POOL_SIZE),
        max_overflow=max_overflow
        if max_overflow is not None
        else _env_int("MONITOR_DB_MAX_OVERFLOW", MAX_OVERFLOW),
        pool_timeout=POOL_TIMEOUT_S,
        pool_pre_ping=True,
        pool_recycle=POOL_RECYCLE_S,
        pool_use_lifo=True,
        connect_args=connect_args,
    )
    event.listen(engine, "connect", _custom_plans)
    if libpq and "application_name" not in parsed.query:

        def name_connection(
            _dialect: Any, _record: Any, _cargs: Any, cparams: dict[str, Any]
        ) -> None:
            cparams.setdefault("application_name", application_name())  # this process's pid

        event.listen(engine, "do_connect", name_connection)
    return engine


def _custom_plans(dbapi_connection: Any, _record: Any) -> None:
    """Plan each statement for its values, never with a cached generic plan (see the module
    docstring). PostgreSQL 12 and later; an older server keeps its default."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("SET plan_cache_mode = force_custom_plan")
    except Exception as exc:  # an older server: no such setting
        dbapi_connection.rollback()
        log.debug("plan_cache_mode not set: %s", exc)
    else:
        dbapi_connection.commit()
    finally:
        cursor.close()


@functools.cache
def _sqlite_snapshot() -> dict[str, Any] | None:
    """``migrations/sqlite_schema.json``: ``{"head": [...], "statements": [...]}``."""
    import json

    path = MIGRATIONS.parent / "sqlite_schema.json"
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def at_head(engine: Engine) -> bool:
    """True when the database's ``alembic_version`` names exactly the code's head(s)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return False
        rows = connection.execute(text("SELECT version_num FROM alembic_version"))
        return frozenset(row[0] for row in rows) == head_revisions()


STREAM_BATCH = 1000
_SIGS = tables.ARTICLE_SIGNATURE
# relevant articles' signatures only (``Candidate.kept_signature``): an archive written before
# 2026-12-04 also holds those of articles found not relevant, which match nothing now
_SIGNATURES_AFTER = (
    sa_select(_SIGS.c.article_id, _SIGS.c.signature)
    .join(tables.ARTICLE, tables.ARTICLE.c.id == _SIGS.c.article_id)
    .where(_SIGS.c.article_id > bindparam("last_id"), tables.ARTICLE.c.relevant)
    .order_by(_SIGS.c.article_id)
)


class Store:
    """One database. Methods either read or write; writes commit in one transaction."""

    def __init__(self, url: str) -> None:
        self.url = url
        # set while a cycle's writer holds SQLite's write transaction open across feeds
        # (monitor.writer): called before any other session, it commits that transaction, so
        # no write here waits on a lock this process holds
        self.write_barrier: Callable[[], None] | None = None
        try:
            self.engine = make_engine(url)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise DatabaseError(f"cannot open database {_safe_url(url)}") from exc

    # -- lifecycle -------------------------------------------------------------------------
    def migrate(self) -> None:
        """Create or upgrade the schema to the latest migration.

        Safe when several processes start at once: the upgrade runs under a lock that only
        one of them holds at a time (module docstring); the others then find it done.
        A database already at head costs one look at ``alembic_version`` and never imports
        Alembic (:func:`at_head`): that is every start but the first after an upgrade.
        """
        if self.dialect == "sqlite":
            # Under the file lock: on a fresh file, a first connection (it switches the journal
            # to WAL) racing the migrating process can make SQLite answer "database is locked"
            # at once, without waiting (tests/test_migrate_concurrent.py). The lock is a flock.
            with self._migration_lock():
                if self._at_head() or self._create_from_snapshot():
                    return
        elif self._at_head():
            return
        self.migrate_with_alembic()

    def migrate_with_alembic(self) -> None:
        """Run the migrations that the database has not had (every one on a new database)."""
        from alembic import command  # about 0.15 s of imports: only when there is work
        from alembic.config import Config as AlembicConfig

        cfg = AlembicConfig()
        cfg.set_main_option("script_location", "monitor:migrations")
        try:
            # PostgreSQL: Alembic opens a transaction per migration itself, and leaves it for
            # the indexes built CONCURRENTLY (monitor.migrations.concurrent)
            opened = self.engine.connect() if self.dialect == "postgresql" else self.engine.begin()
            with self._migration_lock(), opened as connection:
                cfg.attributes["connection"] = connection
                command.upgrade(cfg, "head")
        except OperationalError as exc:
            raise DatabaseError(f"cannot reach or migrate database {_safe_url(self.url)}") from exc
        except SQLAlchemyError as exc:
            raise DatabaseError(f"cannot migrate database {_safe_url(self.url)}") from exc

    def _create_from_snapshot(self) -> bool:
        """A new SQLite file (no table yet) gets the head schema in one transaction from the
        statements the migrations produce (``migrations/sqlite_schema.json``, regenerated
        by ``scripts/tables.py`` and checked by tests/test_tables.py), stamped at head:
        the same schema as running every migration, without Alembic (about 0.15 s of CPU
        on a cycle's first start). False (Alembic does it) when the file has tables or the
        snapshot is not of the code's head."""
        snapshot = _sqlite_snapshot()
        if snapshot is None or frozenset(snapshot["head"]) != head_revisions():
            return False
        try:
            with self.engine.connect() as connection:
                if connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar():
                    return False
                connection.exec_driver_sql("BEGIN IMMEDIATE")  # the DDL too: all or nothing
                for statement in snapshot["statements"]:
                    connection.exec_driver_sql(statement)
                connection.execute(
                    text("INSERT INTO alembic_version (version_num) VALUES (:version)"),
                    [{"version": version} for version in snapshot["head"]],
                )
                connection.commit()
        except OperationalError as exc:
            raise DatabaseError(f"cannot reach or migrate database {_safe_url(self.url)}") from exc
        except SQLAlchemyError as exc:
            raise DatabaseError(f"cannot migrate database {_safe_url(self.url)}") from exc
        return True

    def _at_head(self) -> bool:
        try:
            return at_head(self.engine)
        except SQLAlchemyError:
            return False  # Alembic says what is wrong, or migrates

    @contextmanager
    def _migration_lock(self, wait_s: float = MIGRATION_LOCK_WAIT_S) -> Iterator[None]:
        """Hold the database's migration lock (PostgreSQL advisory lock, SQLite file lock)."""
        if self.dialect == "postgresql":
            with _advisory_lock(self.engine, MIGRATION_LOCK_KEY, wait_s, self.url):
                yield
            return
        database = make_url(self.url).database if self.dialect == "sqlite" else None
        if not database or database == ":memory:" or database.startswith("file:"):
            yield  # one process only (or a URI form we do not parse): nothing to serialise
            return
        with _file_lock(Path(database + ".migrate-lock"), wait_s):
            yield

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose commit failures become DatabaseError (nothing partial is kept)."""
        from sqlmodel import Session

        self._barrier()
        session = Session(self.engine, expire_on_commit=False)
        try:
            with self.committed(session):
                yield session
        finally:
            session.close()

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """A Core connection in one transaction, committed at the end, with the same errors
        as :meth:`session`. For code that only runs Core statements on :mod:`monitor.tables`
        (a cycle's bookkeeping): it never loads SQLModel or the ORM."""
        self._barrier()
        with self.engine.connect() as connection, self.committed(connection):
            yield connection

    def _barrier(self) -> None:
        if self.write_barrier is not None:
            self.write_barrier()

    @contextmanager
    def committed(self, work: Session | Connection) -> Iterator[None]:
        """Commit ``work`` at the end; on any error roll it back, a unique row already stored
        raised as Conflict and other database errors as DatabaseError."""
        try:
            yield
            work.commit()
        except IntegrityError as exc:
            work.rollback()
            raise Conflict("row already stored") from exc
        except SQLAlchemyError as exc:
            work.rollback()
            raise self.database_error(exc) from exc
        except BaseException:
            work.rollback()
            raise

    def database_error(self, exc: SQLAlchemyError) -> DatabaseError:
        """What a failed write is raised as (the URL without its password)."""
        error = DatabaseError(f"database write failed on {_safe_url(self.url)}")
        error.__cause__ = exc
        return error

    # -- sources ---------------------------------------------------------------------------
    def source_state(self, session: Session, name: str, kind: str, url: str) -> SourceState:
        from monitor.models import SourceState

        state = session.get(SourceState, name)
        if state is None:
            state = SourceState(name=name, kind=kind, url=url)
            session.add(state)
        state.kind, state.url = kind, url
        return state

    def fetch_state(self, url: str) -> FetchState | None:
        from monitor.models import FetchState

        with self.session() as session:
            return session.get(FetchState, url)

    def list_sources(self) -> list[SourceState]:
        from sqlmodel import select

        from monitor.models import SourceState

        with self.session() as session:
            return list(session.exec(select(SourceState).order_by(SourceState.name)))

    # -- articles --------------------------------------------------------------------------
    def known_article_urls(self, urls: Sequence[str]) -> set[str]:
        """Which of these canonical URLs are already stored."""
        from sqlmodel import col, select

        from monitor.models import Article

        if not urls:
            return set()
        with self.session() as session:
            rows = session.exec(
                select(Article.canonical_url).where(col(Article.canonical_url).in_(list(urls)))
            )
            return set(rows)

    def article_by_hash(self, session: Session, content_hash: str) -> Article | None:
        from sqlmodel import select

        from monitor.models import Article

        return session.exec(select(Article).where(Article.content_hash == content_hash)).first()

    def article_by_url(self, canonical: str) -> Article | None:
        """The stored article with this canonical URL."""
        from sqlmodel import select

        from monitor.models import Article

        with self.session() as session:
            return session.exec(select(Article).where(Article.canonical_url == canonical)).first()

    def near_duplicates(self, connection: Connection | None = None) -> NearDupIndex:
        """This process's near-duplicate index, built from the stored signatures on first use
        and caught up on every later call with the rows added since (by any process), on
        ``connection`` when given (else a connection of its own)."""
        from monitor.dedup.lsh import NearDupIndex

        index: NearDupIndex | None = self.__dict__.get("_near_dup_index")
        if index is None:
            index = self.__dict__["_near_dup_index"] = NearDupIndex()
        if connection is None:
            with self.connection() as own:
                self._catch_up(own, index)
        else:
            self._catch_up(connection, index)
        return index

    @staticmethod
    def _catch_up(connection: Connection, index: NearDupIndex) -> None:
        # one Core statement built once: no ORM work per call
        rows = connection.execute(_SIGNATURES_AFTER, {"last_id": index.last_id})
        index.add_many((article_id, bytes(sig)) for article_id, sig in rows)

    def story_ids_of(self, session: Session, article_id: int) -> list[int]:
        """Every story an article covers (``article_story``), primary story first."""
        from sqlmodel import col, select

        from monitor.models import Article, ArticleStory

        article = session.get(Article, article_id)
        linked = session.exec(
            select(ArticleStory.story_id)
            .where(ArticleStory.article_id == article_id)
            .order_by(col(ArticleStory.story_id))
        )
        primary = [article.story_id] if article is not None and article.story_id else []
        return list(dict.fromkeys([*primary, *linked]))

    def link_story(self, session: Session, article: Article, story_id: int) -> bool:
        """Attach an article to a story (the first becomes its primary); False if already."""
        from monitor.models import ArticleStory

        assert article.id is not None
        if article.story_id is None:
            article.story_id = story_id
        if session.get(ArticleStory, (article.id, story_id)) is not None:
            return False
        session.add(ArticleStory(article_id=article.id, story_id=story_id))
        session.flush()
        return True

    def list_articles(self, flt: ListFilter) -> list[Article]:
        from sqlmodel import col, select

        from monitor.models import Article, ArticleCouncil

        with self.session() as session:
            query = select(Article)
            if flt.ons_codes:
                linked = select(ArticleCouncil.article_id).where(
                    col(ArticleCouncil.ons_code).in_(list(flt.ons_codes))
                )
                query = query.where(col(Article.id).in_(linked))
            if flt.since:
                query = query.where(col(Article.published) >= _start(flt.since))
            if flt.until:
                query = query.where(col(Article.published) < _end(flt.until))
            if flt.inspection_type:
                query = query.where(Article.inspection_type == flt.inspection_type)
            if flt.judgement:
                query = query.where(Article.judgement == flt.judgement)
            if flt.source:
                query = query.where(Article.source == flt.source)
            if flt.search:
                like = f"%{flt.search}%"
                query = query.where(
                    or_(col(Article.title).ilike(like), col(Article.text).ilike(like))
                )
            query = query.order_by(col(Article.published).desc(), col(Article.id).desc())
            if flt.limit:
                query = query.limit(flt.limit)
            return list(session.exec(query))

    # -- reports ---------------------------------------------------------------------------
    def known_pdf_urls(self, ons_code: str) -> set[str]:
        from sqlmodel import select

        from monitor.models import Report

        with self.session() as session:
            return set(session.exec(select(Report.pdf_url).where(Report.ons_code == ons_code)))

    def list_reports(self, flt: ListFilter) -> list[Report]:
        from sqlmodel import col, select

        from monitor.models import Report

        with self.session() as session:
            query = select(Report)
            if flt.ons_codes:
                query = query.where(col(Report.ons_code).in_(list(flt.ons_codes)))
            if flt.since:
                query = query.where(col(Report.published) >= flt.since)
            if flt.until:
                query = query.where(col(Report.published) <= flt.until)
            if flt.inspection_type:
                query = query.where(Report.inspection_type == flt.inspection_type)
            if flt.judgement:
                query = query.where(Report.judgement == flt.judgement)
            query = query.order_by(col(Report.published).desc(), col(Report.id).desc())
            if flt.limit:
                query = query.limit(flt.limit)
            return list(session.exec(query))

    # -- stories ---------------------------------------------------------------------------
    def stories_for(self, session: Session, ons_code: str) -> list[Story]:
        from sqlmodel import select

        from monitor.models import Story

        return list(session.exec(select(Story).where(Story.ons_code == ons_code)))

    def coverage_counts(self, session: Session, story_ids: Sequence[int]) -> dict[int, int]:
        from sqlmodel import col, select

        from monitor.models import ArticleStory, Report

        if not story_ids:
            return {}
        counts: dict[int, int] = dict.fromkeys(story_ids, 0)
        for story_col in (ArticleStory.story_id, Report.story_id):
            rows = session.exec(
                select(story_col, func.count())  # type: ignore[call-overload]
                .where(col(story_col).in_(list(story_ids)))
                .group_by(col(story_col))
            )
            for story_id, count in rows:
                if story_id is not None:
                    counts[story_id] += count
        return counts

    def list_stories(self, flt: ListFilter) -> list[tuple[Story, int]]:
        from sqlmodel import col, select

        from monitor.models import Story

        with self.session() as session:
            query = select(Story)
            if flt.ons_codes:
                query = query.where(col(Story.ons_code).in_(list(flt.ons_codes)))
            if flt.since:
                query = query.where(col(Story.published) >= flt.since)
            if flt.until:
                query = query.where(col(Story.published) <= flt.until)
            if flt.inspection_type:
                query = query.where(Story.inspection_type == flt.inspection_type)
            if flt.judgement:
                query = query.where(Story.judgement == flt.judgement)
            query = query.order_by(col(Story.published).desc(), col(Story.id).desc())
            if flt.limit:
                query = query.limit(flt.limit)
            stories = list(session.exec(query))
            counts = self.coverage_counts(session, [s.id for s in stories if s.id is not None])
            return [(s, counts.get(s.id or 0, 0)) for s in stories]

    def story_detail(self, story_id: int) -> tuple[Story, list[Report], list[Article]] | None:
        from sqlmodel import col, select

        from monitor.models import Article, ArticleStory, Report, Story

        with self.session() as session:
            story = session.get(Story, story_id)
            if story is None:
                return None
            reports = list(session.exec(select(Report).where(Report.story_id == story_id)))
            linked = select(ArticleStory.article_id).where(ArticleStory.story_id == story_id)
            articles = list(
                session.exec(
                    select(Article)
                    .where(col(Article.id).in_(linked))
                    .order_by(col(Article.published), col(Article.id))
                )
            )
            return story, reports, articles

    def previous_judgement(self, session: Session, story: Story) -> str | None:
        """The grade of the council's latest graded event before this one."""
        from sqlmodel import col, select

        from monitor.models import Story

        query = (
            select(Story)
            .where(Story.ons_code == story.ons_code)
            .where(col(Story.id) != story.id)
            .where(
                col(Story.judgement).in_(
                    ["outstanding", "good", "requires_improvement", "inadequate"]
                )
            )
        )
        if story.published is not None:
            query = query.where(col(Story.published) < story.published)
        earlier = session.exec(query.order_by(col(Story.published).desc())).first()
        return earlier.judgement if earlier else story.previous_judgement

    def get(self, model: type[Any], ident: int) -> Any:
        with self.session() as session:
            return session.get(model, ident)

    # -- archive listings (streamed) ----------------------------------------------------
    def stream(self, statement: Any, *, batch: int = STREAM_BATCH) -> Iterator[dict[str, Any]]:
        """Rows of a Core select as dicts, fetched ``batch`` at a time (a server-side cursor
        on PostgreSQL), so an export of any size runs in constant memory."""
        try:
            with self.engine.connect() as connection:
                result = connection.execution_options(yield_per=batch).execute(statement)
                for row in result:
                    yield dict(row._mapping)
        except OperationalError as exc:
            raise DatabaseError(f"query failed on {_safe_url(self.url)}: {exc.orig}") from exc
        except SQLAlchemyError as exc:
            raise DatabaseError(f"query failed on {_safe_url(self.url)}") from exc

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def iter_reports(self, flt: ListFilter) -> Iterator[dict[str, Any]]:
        from monitor.search import report_select

        return self.stream(report_select(flt))

    def iter_articles(self, flt: ListFilter) -> Iterator[dict[str, Any]]:
        """Articles, full-text searched and ranked when ``flt.query`` has words."""
        from monitor.search import article_select

        return self.stream(article_select(flt, self.dialect))

    def iter_stories(self, flt: ListFilter) -> Iterator[dict[str, Any]]:
        """Stories with their ``coverage_count``, counted a batch at a time."""
        from monitor.search import story_select

        rows = self.stream(story_select(flt))
        while True:
            chunk = [row for _, row in zip(range(STREAM_BATCH), rows, strict=False)]
            if not chunk:
                return
            with self.session() as session:
                counts = self.coverage_counts(session, [row["id"] for row in chunk])
            for row in chunk:
                row["coverage_count"] = counts.get(row["id"], 0)
                yield row

    def iter_alerts(self, flt: ListFilter) -> Iterator[dict[str, Any]]:
        from monitor.search import alert_select

        return self.stream(alert_select(flt))

    # -- retention -----------------------------------------------------------------------
    def prune_articles(
        self, before: datetime, *, dry_run: bool, batch: int = 2000
    ) -> tuple[int, int]:
        """Delete articles published (or, undated, fetched) before ``before`` that are not
        coverage of a story. Returns (deleted or would-be-deleted, old ones kept as coverage).

        Reports and stories are never deleted. Rows of other tables that hang off an article
        (council links, signatures, versions: any foreign key to ``article.id``) go with it.
        Works in batches of ``batch`` articles, one transaction each.
        """
        from sqlmodel import SQLModel, col, select

        from monitor.models import Article

        article = SQLModel.metadata.tables["article"]
        dependents = [
            (table, fk.parent)
            for table in SQLModel.metadata.sorted_tables
            for fk in table.foreign_keys
            if fk.column is article.c.id
        ]
        covered: ColumnElement[bool] = col(Article.story_id).is_not(None)
        for table, column in dependents:
            if table.name == "article_story":
                covered = or_(covered, col(Article.id).in_(select(column)))
        # coalesce(published, fetched_at) < before, spelled so that each half has an index
        old = select(col(Article.id)).where(
            or_(
                col(Article.published) < before,
                and_(col(Article.published).is_(None), col(Article.fetched_at) < before),
            )
        )
        with self.session() as session:
            kept = session.exec(select(func.count()).select_from(old.where(covered).subquery()))
            kept_count = kept.one()
            if dry_run:
                doomed = session.exec(
                    select(func.count()).select_from(old.where(~covered).subquery())
                )
                return doomed.one(), kept_count
        deleted = 0
        while True:
            with self.session() as session:
                ids = list(session.exec(old.where(~covered).limit(batch)))
                if not ids:
                    return deleted, kept_count
                for table, column in dependents:
                    session.execute(delete(table).where(column.in_(ids)))
                session.execute(delete(Article).where(col(Article.id).in_(ids)))
                deleted += len(ids)

    # -- alerts ----------------------------------------------------------------------------
    def list_alerts(self, flt: ListFilter) -> list[Alert]:
        from sqlmodel import col, select

        from monitor.models import Alert

        with self.session() as session:
            query = select(Alert)
            if flt.status:
                query = query.where(Alert.status == flt.status)
            query = query.order_by(col(Alert.id).desc())
            if flt.limit:
                query = query.limit(flt.limit)
            return list(session.exec(query))

    def alert_attempts(self, alert_id: int) -> list[AlertAttempt]:
        from sqlmodel import col, select

        from monitor.models import AlertAttempt

        with self.session() as session:
            return list(
                session.exec(
                    select(AlertAttempt)
                    .where(AlertAttempt.alert_id == alert_id)
                    .order_by(col(AlertAttempt.id))
                )
            )

    def count_alerts(self, status: str) -> int:
        table = tables.ALERT
        with self.connection() as session:  # Core (a cycle counts on monitor.database's path)
            count = session.execute(
                sa_select(func.count()).select_from(table).where(table.c.status == status)
            ).scalar_one()
            return int(count)


def _start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _end(day: date) -> datetime:
    from datetime import timedelta

    return _start(day) + timedelta(days=1)


@contextmanager
def _advisory_lock(engine: Engine, key: int, wait_s: float, url: str) -> Iterator[None]:
    """Hold PostgreSQL's session-level advisory lock ``key`` on a connection of its own.

    The lock belongs to that connection's session, not to a transaction: it is held while the
    caller works on other connections, released by ``pg_advisory_unlock`` afterwards, and by
    the server if this process dies. A connection whose unlock failed is discarded, never
    returned to the pool still holding the lock.
    """
    connection = engine.connect()
    try:
        # Waiting polls, each try a transaction of its own: a waiter blocked inside one would
        # hold a snapshot that the holder's CREATE INDEX CONCURRENTLY waits for (a deadlock
        # PostgreSQL cannot see, as it goes through the holder's other connection).
        deadline = time.monotonic() + wait_s
        waiting = False
        while True:
            got = connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key})
            locked = bool(got.scalar())
            connection.commit()  # the lock outlives the transaction; do not sit idle in one
            if locked:
                break
            if not waiting:
                log.info("another process is migrating the database; waiting for it")
                waiting = True
            if time.monotonic() >= deadline:
                raise DatabaseError(
                    f"another process has been migrating {_safe_url(url)} for more than "
                    f"{wait_s:.0f}s; see pg_stat_activity and pg_locks (advisory key {key})"
                )
            time.sleep(MIGRATION_LOCK_POLL_S)
    except BaseException:
        connection.invalidate()
        connection.close()
        raise
    try:
        yield
    finally:
        try:
            connection.rollback()
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
            connection.commit()
        except SQLAlchemyError:
            log.warning("could not release the migration lock; closing its connection")
            connection.invalidate()
        finally:
            connection.close()
