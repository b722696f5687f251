"""Alembic environment: runs on the connection ``store.migrate`` hands over.

On PostgreSQL each migration runs in a transaction of its own (``transaction_per_migration``):
an index on a big table is built ``CONCURRENTLY``, which must run outside a transaction
(:mod:`monitor.migrations.concurrent`). SQLite keeps one transaction for the whole upgrade.

Autogenerate and the schema comparison ignore what the models do not describe (other
software's ``procrastinate_*`` tables, the full-text machinery, indexes for another dialect):
see :mod:`monitor.migrations`.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import monitor.models  # noqa: F401  (registers the tables)
from monitor.migrations import include_name, include_object_for

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        from sqlalchemy import create_engine

        engine = create_engine(context.config.get_main_option("sqlalchemy.url") or "")
        with engine.connect() as conn:
            _run(conn)
        return
    _run(connection)


def _run(connection: Connection) -> None:
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
