"""An upgrade on PostgreSQL does not hold up the writers of a big table (needs PostgreSQL).

Indexes on existing tables are built ``CONCURRENTLY`` (:mod:`monitor.migrations.concurrent`).
Checked with locks rather than millions of rows: a writer holds the ``article`` table open
(ROW EXCLUSIVE, as any insert does) while the upgrade from ``0006_archive`` runs. A plain
``CREATE``/``DROP INDEX`` queues for a SHARE/ACCESS EXCLUSIVE lock behind that writer, and
every new writer then queues behind the index build: the table is locked for the whole build.
A concurrent build waits for the old writer too, but new writers go straight on.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

from monitor.store import Store
from tests.test_migrate_concurrent import fresh_database, head, versions


def upgrade_to(url: str, revision: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", "monitor:migrations")
    engine = create_engine(url)
    with engine.connect() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)
    engine.dispose()


def test_new_writers_are_not_locked_out_while_indexes_build(
    database_url: str, tmp_path: Path
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("CONCURRENTLY is PostgreSQL's; SQLite builds in the migration's transaction")
    with fresh_database(database_url, tmp_path) as url:
        upgrade_to(url, "0006_archive")
        engine = create_engine(url)
        old_writer = engine.connect()
        new_writer = engine.connect()
        errors: list[BaseException] = []

        def migrate() -> None:
            try:
                store = Store(url)
                store.migrate()
                store.close()
            except BaseException as exc:  # reported below
                errors.append(exc)

        try:
            old_writer.execute(text("LOCK TABLE article IN ROW EXCLUSIVE MODE"))  # open, held
            upgrade = threading.Thread(target=migrate, daemon=True)
            upgrade.start()
            deadline = time.monotonic() + 60
            while True:  # until the upgrade is waiting on the old writer
                with engine.connect() as probe:
                    waiting = probe.execute(
                        text(
                            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                            " AND wait_event_type = 'Lock' AND query ILIKE '%INDEX%'"
                        )
                    ).scalar()
                if waiting or time.monotonic() > deadline or not upgrade.is_alive():
                    break
                time.sleep(0.1)
            assert waiting, errors or "the upgrade never reached an index on article"

            # a new writer arrives while the index waits to be built: it must not queue
            new_writer.execute(text("SET lock_timeout = '2s'"))
            new_writer.execute(text("LOCK TABLE article IN ROW EXCLUSIVE MODE"))
            new_writer.commit()
        finally:
            old_writer.rollback()
            old_writer.close()
            new_writer.rollback()
            new_writer.close()
        upgrade.join(120)
        assert not upgrade.is_alive() and not errors, errors
        engine.dispose()
        assert versions(url) == [head()]
        with create_engine(url).connect() as conn:
            invalid = conn.execute(
                text("SELECT count(*) FROM pg_index WHERE NOT indisvalid")
            ).scalar()
        assert invalid == 0
