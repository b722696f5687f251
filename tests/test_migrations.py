"""The migrations build exactly the schema the models describe, on both backends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlmodel import SQLModel

import monitor.models  # noqa: F401
from monitor.migrations import comparison_filters
from monitor.store import Store


def test_one_linear_history() -> None:
    cfg = Config()
    cfg.set_main_option("script_location", "monitor:migrations")
    script = ScriptDirectory.from_config(cfg)
    assert len(script.get_heads()) == 1
    assert len(script.get_bases()) == 1


def _diff(store: Store) -> list[object]:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": False, **comparison_filters(connection.dialect.name)},
        )
        return list(compare_metadata(context, SQLModel.metadata))


def test_migrated_schema_matches_the_models(database_url: str) -> None:
    store = Store(database_url)
    store.migrate()
    store.migrate()  # a second start changes nothing
    diff = _diff(store)
    store.close()
    # the full-text machinery (FTS5 tables, tsvector column) and other software's tables
    # (procrastinate_*) are left out by monitor.migrations.comparison_filters
    assert diff == []


def test_comparison_ignores_procrastinate_tables(database_url: str) -> None:
    """Another package's tables in the same database are not ours to compare (or drop)."""
    store = Store(database_url)
    store.migrate()
    with store.engine.begin() as connection:
        connection.execute(text("CREATE TABLE procrastinate_probe (id INTEGER PRIMARY KEY)"))
        connection.execute(text("CREATE INDEX procrastinate_probe_ix ON procrastinate_probe (id)"))
    diff = _diff(store)
    with store.engine.begin() as connection:
        connection.execute(text("DROP TABLE procrastinate_probe"))
    store.close()
    assert diff == []


def test_a_dropped_index_is_noticed(database_url: str) -> None:
    """The comparison still sees the indexes (the filters leave out only what they should)."""
    store = Store(database_url)
    store.migrate()
    with store.engine.begin() as connection:
        connection.execute(text("DROP INDEX ix_alert_due"))
    diff = _diff(store)
    store.close()
    assert [(d[0], d[1].name) for d in diff] == [("add_index", "ix_alert_due")]  # type: ignore[index,attr-defined]
