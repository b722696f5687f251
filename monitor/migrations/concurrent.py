"""Index builds and drops that never lock a big table on PostgreSQL.

A plain ``CREATE INDEX`` takes a SHARE lock: every insert, update and delete on the table
waits until the index is built, minutes on a table of millions of rows. On PostgreSQL these
helpers build with ``CREATE INDEX CONCURRENTLY`` (and drop with ``DROP INDEX CONCURRENTLY``),
which lets writes go on. Such statements cannot run inside a transaction: they run in
Alembic's ``autocommit_block()``, which commits what the migration did before them, so
``env.py`` runs each migration in a transaction of its own on PostgreSQL
(``transaction_per_migration``). Builds say ``IF NOT EXISTS`` and drops ``IF EXISTS``, and an
``INVALID`` index left by an interrupted concurrent build is dropped before building again.
A migration that only touches indexes (``0007``) can then simply be run again after an
interruption; one that also adds columns (``0003``-``0006``) has committed them before its
build, so after an interruption inside the build its columns exist without its version
stamp (``alembic stamp`` it once the index is there). Call these last in a migration.
SQLite (one writer, small files) keeps the plain statements inside the migration's
transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from alembic import op
from sqlalchemy import text


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _drop_if_invalid(name: str) -> None:
    invalid = op.get_bind().execute(
        text(
            "SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE c.relname = :name AND NOT i.indisvalid"
        ),
        {"name": name},
    )
    if invalid.first() is not None:
        op.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{name}"')


def create_index(
    name: str, table: str, columns: Sequence[Any], *, unique: bool = False, using: str | None = None
) -> None:
    """``CREATE INDEX`` that lets writes to ``table`` go on while it builds (PostgreSQL)."""
    if not _postgres():
        op.create_index(op.f(name), table, list(columns), unique=unique)
        return
    options: dict[str, Any] = {"postgresql_concurrently": True, "if_not_exists": True}
    if using:
        options["postgresql_using"] = using
    with op.get_context().autocommit_block():
        _drop_if_invalid(name)
        op.create_index(op.f(name), table, list(columns), unique=unique, **options)


def drop_index(name: str, table: str) -> None:
    """``DROP INDEX`` that does not wait for, nor hold up, the table's writers (PostgreSQL)."""
    if not _postgres():
        op.drop_index(op.f(name), table_name=table)
        return
    with op.get_context().autocommit_block():
        op.drop_index(op.f(name), table_name=table, postgresql_concurrently=True, if_exists=True)
