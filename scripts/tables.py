"""Regenerate what is derived from the models and the migrations:

- monitor/tables.py, the Core mirror of the SQLModel tables in monitor/models.py;
- monitor/migrations/sqlite_schema.json, the schema the migrations build on SQLite, as the
  statements that create it on an empty file (``Store.migrate`` runs them instead of every
  migration when it creates a database: the same schema, without importing Alembic).

    python scripts/tables.py          # rewrite both
    python scripts/tables.py --check  # exit 1 when either is stale (tests/test_tables.py)

monitor/models.py stays the one description of the schema (with the migrations); the mirror
repeats each table's columns, types, keys and defaults as plain SQLAlchemy Core, so that the
code that only runs Core statements (a cycle's bookkeeping, its fetch state, the stored batch
of a feed, the outbox's count) never imports SQLModel, pydantic's models or the ORM.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "monitor" / "tables.py"
SQLITE_SCHEMA = ROOT / "monitor" / "migrations" / "sqlite_schema.json"
sys.path.insert(0, str(ROOT))

HEAD = '''"""The tables as plain SQLAlchemy Core, GENERATED from monitor/models.py.

Do not edit: change the model (and add a migration), then run ``python scripts/tables.py``,
which writes this file; tests/test_tables.py fails while it is stale. Core statements (the
cycle's bookkeeping in :mod:`monitor.ledger`, :mod:`monitor.fetchstate`, :mod:`monitor.batch`,
the outbox's counts) are built on these, so a cycle never imports SQLModel or the ORM (about
0.25 s of CPU at every start); the ORM code keeps using the models. Both describe the same
columns, types (:class:`monitor.sqltypes.UTCDateTime` behaves as SQLModel's) and defaults.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

from monitor.sqltypes import UTCDateTime

METADATA = MetaData()
'''

TYPES = {
    "AutoString": "String()",
    "UTCDateTime": "UTCDateTime()",
    "Boolean": "Boolean()",
    "Date": "Date()",
    "Float": "Float()",
    "Integer": "Integer()",
    "JSON": "JSON()",
    "LargeBinary": "LargeBinary()",
    "Text": "Text()",
}


def _literal(value: object) -> str:
    """A Python literal as ruff formats it (strings in double quotes)."""
    return json.dumps(value) if isinstance(value, str) else repr(value)


def render() -> str:
    from sqlmodel import SQLModel

    import monitor.models  # noqa: F401  (registers the tables)

    out = [HEAD]
    names = []
    for table in sorted(SQLModel.metadata.sorted_tables, key=lambda t: t.name):
        var = table.name.upper()
        names.append(var)
        out.append(f"\n{var} = Table(\n    {_literal(table.name)},\n    METADATA,")
        for column in table.columns:
            kind = type(column.type).__name__
            if kind not in TYPES:
                raise SystemExit(f"{table.name}.{column.name}: no Core mirror for type {kind}")
            args = [_literal(column.name), TYPES[kind]]
            if column.primary_key:
                args.append("primary_key=True")
            if column.nullable != (not column.primary_key):
                args.append(f"nullable={column.nullable!r}")
            if column.default is not None:
                if not column.default.is_scalar:
                    raise SystemExit(f"{table.name}.{column.name}: only scalar defaults mirror")
                args.append(f"default={_literal(column.default.arg)}")
            out.append(f"    Column({', '.join(args)}),")
        out.append(")\n")
    out.append(
        "\n__all__ = [\n"
        + "".join(f'    "{n}",\n' for n in sorted(["METADATA", *names, "UTCDateTime"]))
        + "]\n"
    )
    return "\n".join(out)


def render_sqlite_schema() -> str:
    """The statements that build the head schema on an empty SQLite file, in the order
    SQLite keeps them (creation order), and the head revision(s) they stand for."""
    import sqlite3
    import tempfile

    from monitor.store import Store, head_revisions

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "schema.db"
        store = Store(f"sqlite:///{path}")
        store.migrate_with_alembic()
        store.close()
        db = sqlite3.connect(path)
        try:
            shadow = {
                name
                for (name,) in db.execute("SELECT name FROM pragma_table_list WHERE type='shadow'")
            }
            statements = [
                sql
                for name, sql in db.execute(
                    "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
                )
                if name not in shadow and not name.startswith("sqlite_")
            ]
            versions = sorted(v for (v,) in db.execute("SELECT version_num FROM alembic_version"))
        finally:
            db.close()
    assert versions == sorted(head_revisions()), (versions, head_revisions())
    return json.dumps({"head": versions, "statements": statements}, indent=1) + "\n"


def main(argv: list[str]) -> int:
    outputs = {TARGET: render(), SQLITE_SCHEMA: render_sqlite_schema()}
    if "--check" in argv:
        stale = [p for p, text in outputs.items() if not p.exists() or p.read_text("utf-8") != text]
        for path in stale:
            print(
                f"{path.relative_to(ROOT)} is stale: run python scripts/tables.py", file=sys.stderr
            )
        return 1 if stale else 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
