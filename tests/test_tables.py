"""monitor.tables, the Core mirror of the models, is current and stores what the models read.

The cycle writes through the mirror and the commands read through the models (the ORM), so a
row must mean the same to both: same columns, same defaults, aware UTC datetimes either way.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import insert, select
from sqlmodel.sql.sqltypes import UTCDateTime as SQLModelUTCDateTime

from monitor import tables
from monitor.models import Alert, SourceState
from monitor.store import Store

ROOT = Path(__file__).resolve().parents[1]


def test_the_mirror_is_generated_from_the_current_models() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "tables.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    "value",
    [
        datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
        datetime(2026, 7, 1, 9, 30, tzinfo=timezone(timedelta(hours=1))),  # BST
        None,
    ],
)
def test_datetimes_bind_and_read_back_as_sqlmodel_does(value: datetime | None) -> None:
    ours, theirs = tables.UTCDateTime(), SQLModelUTCDateTime()
    dialect = Store("sqlite://").engine.dialect
    assert ours.process_bind_param(value, dialect) == theirs.process_bind_param(value, dialect)
    naive = None if value is None else value.astimezone(UTC).replace(tzinfo=None)
    read = ours.process_result_value(naive, dialect)
    assert read == theirs.process_result_value(naive, dialect)
    assert read is None or read.tzinfo == UTC


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        tables.UTCDateTime().process_bind_param(datetime(2026, 3, 1), None)


def test_a_row_written_through_the_mirror_reads_back_through_the_models(
    database_url: str,
) -> None:
    store = Store(database_url)
    store.migrate()
    when = datetime(2026, 7, 1, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    with store.connection() as connection:
        # only what the cycle gives: the mirror fills the models' defaults
        connection.execute(insert(tables.SOURCE).values(name="feed", kind="feed", url="u"))
        connection.execute(
            insert(tables.ALERT).values(
                event_id="e1", channel="hook", kind="webhook", created_at=when
            )
        )
    with store.session() as session:
        source = session.get(SourceState, "feed")
        alert = session.exec(select(Alert).where(Alert.event_id == "e1")).scalars().one()
    assert source is not None
    assert (source.interval_s, source.failures_in_a_row, source.items_seen) == (1800, 0, 0)
    assert (alert.status, alert.attempts, alert.type) == ("pending", 0, "report")
    assert alert.created_at == when and alert.created_at.tzinfo == UTC
    with store.connection() as connection:
        row = connection.execute(
            select(tables.ALERT.c.created_at).where(tables.ALERT.c.event_id == "e1")
        ).one()
    assert row.created_at == when and row.created_at.tzinfo == UTC
    store.close()


def _schema(path: Path) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    db = sqlite3.connect(path)
    try:
        objects = sorted(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
        return objects, sorted(db.execute("SELECT version_num FROM alembic_version"))
    finally:
        db.close()


def test_a_new_sqlite_database_gets_the_schema_the_migrations_build(tmp_path: Path) -> None:
    # every table, index, trigger and the full-text table, stamped at the same head: later
    # migrations then apply to it as to one built step by step
    by_migrations = Store(f"sqlite:///{tmp_path / 'migrated.db'}")
    by_migrations.migrate_with_alembic()
    by_migrations.close()
    code = (
        "import sys\n"
        "from monitor.store import Store\n"
        f"Store('sqlite:///{tmp_path / 'new.db'}').migrate()\n"
        "print('alembic' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "False"  # created without running the migrations
    assert _schema(tmp_path / "new.db") == _schema(tmp_path / "migrated.db")
    store = Store(f"sqlite:///{tmp_path / 'new.db'}")
    store.migrate()  # at head: nothing to do
    with store.connection() as connection:  # the full-text triggers work on it
        connection.execute(
            insert(tables.ARTICLE).values(
                url="u",
                canonical_url="u",
                title="Ofsted praises Northshire",
                content_hash="h",
                source="s",
                fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
                councils=[],
                ons_codes=[],
            )
        )
        hits = connection.exec_driver_sql(
            "SELECT rowid FROM article_fts WHERE article_fts MATCH 'northshire'"
        ).all()
    assert len(hits) == 1
    store.close()


def test_a_database_with_tables_is_left_to_the_migrations(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE someone_elses (x INTEGER)")
    db.commit()
    db.close()
    store = Store(f"sqlite:///{path}")
    store.migrate()  # not empty: Alembic builds the schema beside the other table
    objects, versions = _schema(path)
    assert ("table", "someone_elses") in {(kind, name) for kind, name, _, _ in objects}
    assert ("table", "article") in {(kind, name) for kind, name, _, _ in objects}
    assert versions and store._at_head()
    store.close()
