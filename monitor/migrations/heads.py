"""The head revision(s) of the migrations, read without Alembic (a start whose database is
already at head never imports it)."""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

MIGRATIONS = Path(__file__).parent / "versions"
MIGRATION_LOCK_WAIT_S = 600.0  # how long a start waits for another process's migration
_REVISION = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)


@functools.cache
def head_revisions() -> frozenset[str]:
    """The head revision(s) of ``monitor/migrations/versions``, read from each file's
    ``revision`` and ``down_revision`` lines (Alembic's script directory, without Alembic)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in MIGRATIONS.glob("*.py"):
        fields = {k: ast.literal_eval(v.strip()) for k, v in _REVISION.findall(path.read_text())}
        if "revision" not in fields:
            continue
        revisions.add(fields["revision"])
        down = fields.get("down_revision")
        parents.update((down,) if isinstance(down, str) else (down or ()))
    return frozenset(revisions - parents)
