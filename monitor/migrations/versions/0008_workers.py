"""workers: Procrastinate's job-queue schema, for several ``monitor serve`` on PostgreSQL

On PostgreSQL, ``monitor serve`` shares the sources between workers through Procrastinate
(:mod:`monitor.workers`). Its tables (``procrastinate_jobs``, ``procrastinate_workers``, ...),
types and functions are installed here, from the SQL that ships with the installed
Procrastinate, so that every worker finds them and two workers starting at once never race to
create them (migrations run under an advisory lock). SQLite has no shared workers: nothing to do.

Upgrading Procrastinate across a schema change means a new migration applying the files in
``procrastinate/sql/migrations`` between the two versions.

Revision ID: 0008_workers
Revises: 0007_indexes
"""

from __future__ import annotations

from alembic import op

from monitor.errors import DatabaseError

revision = "0008_workers"
down_revision = "0007_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    try:
        from procrastinate.schema import SchemaManager
    except ImportError as exc:
        raise DatabaseError(
            "PostgreSQL needs the postgres extra: pip install 'ofsted-monitor[postgres]'"
        ) from exc

    exists = bind.exec_driver_sql("SELECT to_regclass('procrastinate_jobs') IS NOT NULL").scalar()
    if not exists:
        # psycopg reads "%" as a placeholder even with no parameters: escape it, as
        # Procrastinate's own apply_schema does
        bind.exec_driver_sql(SchemaManager.get_schema().replace("%", "%%"))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    rows = bind.exec_driver_sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
        "AND tablename LIKE 'procrastinate%'"
    ).all()
    for (table,) in rows:
        bind.exec_driver_sql(f'DROP TABLE IF EXISTS "{table}" CASCADE')
    functions = bind.exec_driver_sql(
        "SELECT p.oid::regprocedure::text FROM pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate%'"
    ).all()
    for (signature,) in functions:
        bind.exec_driver_sql(f"DROP FUNCTION IF EXISTS {signature} CASCADE")
    types = bind.exec_driver_sql(
        "SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
        "WHERE n.nspname = current_schema() AND t.typname LIKE 'procrastinate%' "
        "AND t.typtype = 'e'"
    ).all()
    for (name,) in types:
        bind.exec_driver_sql(f'DROP TYPE IF EXISTS "{name}" CASCADE')
