"""Alembic migrations (``monitor:migrations``) and what schema comparisons leave out.

:func:`include_name` and :func:`include_object_for` are the hooks ``env.py`` hands to Alembic;
``tests/test_migrations.py`` compares the migrated schema with the models through the same
hooks (:func:`comparison_filters`). Left out of the comparison:

- tables of other software sharing the database: Procrastinate's task queue
  (``procrastinate_*``, installed on PostgreSQL by migration ``0008_workers``);
- the full-text machinery that lives outside the models (migration ``0006_archive``): SQLite's
  FTS5 tables ``article_fts*``, PostgreSQL's generated ``article.search_vector`` column and its
  ``ix_article_search_vector`` index;
- indexes the models declare for another dialect (``monitor.models.postgresql_only``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

FOREIGN_TABLE_PREFIXES = ("procrastinate_",)
FULL_TEXT_TABLE_PREFIXES = ("article_fts",)
FULL_TEXT_COLUMNS = {("article", "search_vector")}
FULL_TEXT_INDEXES = {"ix_article_search_vector"}


def ignored_table(name: str | None) -> bool:
    """A table the models do not describe (never created, compared or dropped by them)."""
    return bool(name) and str(name).startswith(FOREIGN_TABLE_PREFIXES + FULL_TEXT_TABLE_PREFIXES)


def include_name(name: str | None, type_: Any, parent_names: Any) -> bool:
    """Alembic ``include_name``: skip reflecting what the models do not own."""
    if type_ == "table":
        return not ignored_table(name)
    if ignored_table(parent_names.get("table_name")):
        return False
    if type_ == "column":
        return (parent_names.get("table_name"), name) not in FULL_TEXT_COLUMNS
    if type_ == "index":
        return name not in FULL_TEXT_INDEXES
    return True


def include_object_for(dialect: str) -> Callable[[Any, str | None, str, bool, Any], bool]:
    """Alembic ``include_object`` for a database of this dialect."""

    def include_object(
        obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
    ) -> bool:
        if type_ == "table" and ignored_table(name):
            return False
        table = getattr(obj, "table", None)
        if table is not None and ignored_table(getattr(table, "name", None)):
            return False
        if type_ == "index" and not reflected:
            only = obj.info.get("dialect")
            if only is not None and only != dialect:
                return False
        return True

    return include_object


def comparison_filters(dialect: str) -> dict[str, Any]:
    """Both hooks, as ``MigrationContext.configure(opts=...)`` takes them."""
    return {"include_name": include_name, "include_object": include_object_for(dialect)}
