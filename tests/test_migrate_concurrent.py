"""Several processes starting at once on a fresh database: one migrates, the others wait.

Real OS processes (multiprocessing, spawn) each call ``Store(url).migrate()`` the moment a
barrier lets them all go. On PostgreSQL each run gets a database of its own (``h_db_*``-style:
the test database's name plus a suffix), dropped afterwards.

Without the lock (``python -m tests.test_migrate_concurrent --no-lock URL``) the same race
fails: the processes create the same tables at once ("table already exists", "duplicate key
value violates unique constraint pg_type_typname_nsp_index") or record the version twice.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import socket
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from monitor.store import MIGRATION_LOCK_KEY, Store

WORKERS = 6


def _migrate(url: str, barrier: Any, results: Any, locked: bool) -> None:
    """One process: wait for the others, then migrate."""
    try:
        store = Store(url)
        if not locked:
            store._migration_lock = contextlib.nullcontext  # type: ignore[method-assign,assignment]
        barrier.wait(timeout=60)
        store.migrate()
        store.close()
        results.put(("ok", ""))
    except BaseException as exc:  # reported to the parent
        results.put(("error", f"{type(exc).__name__}: {exc} / {exc.__cause__!r}"))


def race(url: str, *, workers: int = WORKERS, locked: bool = True) -> list[tuple[str, str]]:
    """Start ``workers`` processes migrating ``url`` at the same moment; their outcomes."""
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(workers)
    results = ctx.Queue()
    processes = [
        ctx.Process(target=_migrate, args=(url, barrier, results, locked)) for _ in range(workers)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=240) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    return outcomes


def head() -> str:
    cfg = Config()
    cfg.set_main_option("script_location", "monitor:migrations")
    (only,) = ScriptDirectory.from_config(cfg).get_heads()
    return str(only)


@contextlib.contextmanager
def fresh_database(database_url: str, tmp_path: Path) -> Iterator[str]:
    """An empty database nobody has touched: a new SQLite file, or a new PostgreSQL database
    beside the test database (same server), dropped afterwards."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    url = make_url(database_url)
    name = f"{url.database}_mig_{uuid.uuid4().hex[:8]}"
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def versions(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))]
    finally:
        engine.dispose()


@pytest.mark.timeout(600)
def test_workers_starting_together_migrate_once(database_url: str, tmp_path: Path) -> None:
    with fresh_database(database_url, tmp_path) as url:
        outcomes = race(url)
        assert [status for status, _ in outcomes] == ["ok"] * WORKERS, outcomes
        assert versions(url) == [head()]
        store = Store(url)
        store.migrate()  # and a later start finds nothing to do
        store.close()
        assert versions(url) == [head()]


def test_the_migration_lock_is_released(database_url: str) -> None:
    """After migrate() nobody holds the lock: another session can take it at once."""
    store = Store(database_url)
    store.migrate()
    if store.dialect == "postgresql":
        other = create_engine(database_url)
        with other.connect() as conn:
            got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
            assert got.scalar() is True
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY})
        other.dispose()
        with store.engine.connect() as conn:  # and no pooled connection kept it
            held = conn.execute(
                text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = "
                    "(SELECT oid FROM pg_database WHERE datname = current_database())"
                )
            ).scalar()
            assert held == 0
    else:
        import fcntl

        database = make_url(database_url).database
        assert database is not None
        with open(database + ".migrate-lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # would raise if still held
    store.close()


def test_connection_settings(database_url: str) -> None:
    """The engine's per-backend settings reach the connections (module docstring of store)."""
    store = Store(database_url)
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        else:
            name = conn.exec_driver_sql("SHOW application_name").scalar()
            assert name == f"ofsted-monitor {socket.gethostname()}:{os.getpid()}"[:63]
            # statements the driver prepares are planned for their values, never with a
            # generic plan cached while the tables were empty (a first cycle's lookups)
            assert conn.exec_driver_sql("SHOW plan_cache_mode").scalar() == "force_custom_plan"
            lookup = "SELECT oid FROM pg_class WHERE relname = %(u)s"
            # psycopg prepares it at the fifth run; the server's default then switches to a
            # generic plan after five custom ones (4 generic of 9 here without the setting)
            for n in range(14):
                conn.exec_driver_sql(lookup, {"u": f"table_{n}"}).all()
            plans = conn.exec_driver_sql(
                "SELECT generic_plans, custom_plans FROM pg_prepared_statements "
                "WHERE statement LIKE 'SELECT oid FROM pg_class WHERE relname%%'"
            ).all()
            assert plans and all(generic == 0 and custom > 0 for generic, custom in plans)
    pool: Any = store.engine.pool
    assert type(pool).__name__ == "QueuePool"
    assert pool.size() == 5
    store.close()


if __name__ == "__main__":  # python -m tests.test_migrate_concurrent [--no-lock] URL
    args = sys.argv[1:]
    locked = "--no-lock" not in args
    target = next(a for a in args if not a.startswith("--"))
    for attempt in range(3):
        with fresh_database(target, Path(f"/tmp/migrate-race-{os.getpid()}-{attempt}")) as fresh:
            Path(f"/tmp/migrate-race-{os.getpid()}-{attempt}").mkdir(exist_ok=True)
            outcome = race(fresh, locked=locked)
            rows = versions(fresh) if any(s == "ok" for s, _ in outcome) else []
            print(f"attempt {attempt}: {outcome}\n  alembic_version rows: {rows}")
