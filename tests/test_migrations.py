"""The migrations build exactly the schema the models describe, on both backends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import monitor.models  # noqa: F401
from monitor.store import Store


def test_one_linear_history() -> None:
    cfg = Config()
    cfg.set_main_option("script_location", "monitor:migrations")
    script = ScriptDirectory.from_config(cfg)
    assert len(script.get_heads()) == 1
    assert len(script.get_bases()) == 1


def test_migrated_schema_matches_the_models(database_url: str) -> None:
    store = Store(database_url)
    store.migrate()
    store.migrate()  # a second start changes nothing
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        diff = compare_metadata(context, SQLModel.metadata)
    # the full-text machinery (FTS5 tables, tsvector column) lives outside the models
    diff = [d for d in diff if "fts" not in str(d[1]) and "search_vector" not in str(d)]
    store.close()
    assert diff == []
