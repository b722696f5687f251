"""Alembic environment: runs on the connection ``store.migrate`` hands over.

On PostgreSQL each migration runs in a transaction of its own (``transaction_per_migration``):
an index on a big table is built ``CONCURRENTLY``, which must run outside a transaction
(:mod:`monitor.migrations.concurrent`). SQLite keeps one transaction for the whole upgrade.

The models are the target metadata only for the ``alembic`` command (autogenerate, check);
``Store.migrate`` upgrades without loading them. Autogenerate and the schema comparison
ignore what the models do not describe (other software's ``procrastinate_*`` tables, the
full-text machinery, indexes for another dialect): see :mod:`monitor.migrations`.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy.engine import Connection

from monitor.migrations import include_name, include_object_for


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:  # the alembic command (autogenerate, check): compare with the models
        from sqlalchemy import create_engine
        from sqlmodel import SQLModel

        import monitor.models  # noqa: F401  (registers the tables)

        engine = create_engine(context.config.get_main_option("sqlalchemy.url") or "")
        with engine.connect() as conn:
            _run(conn, SQLModel.metadata)
        return
    # Store.migrate: an upgrade, which reads only the migration scripts (not loading the
    # models keeps SQLModel and the ORM out of a cycle that creates its database)
    _run(connection, None)


def _run(connection: Connection, target_metadata: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,
        include_object=include_object_for(connection.dialect.name),
        # PostgreSQL: indexes on big tables are built CONCURRENTLY, outside any transaction
        # (monitor.migrations.concurrent), so each migration commits on its own
        transaction_per_migration=connection.dialect.name == "postgresql",
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
