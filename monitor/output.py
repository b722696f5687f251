"""Table, JSON Lines and CSV rendering shared by every listing.

Rows are plain dicts with JSON-ready values (dates as ISO strings, unknown as None). JSON and
CSV are written row by row, so a long export runs in constant memory.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import IO, Any

FORMATS = ("table", "json", "csv")
MAX_CELL = 48
WIDE_CELLS = {"snippet": 110, "title": 64}  # columns people read in full


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        text = value.isoformat()
        return text.replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    return value


def render(rows: Iterable[dict[str, Any]], columns: Sequence[str], fmt: str, out: IO[str]) -> int:
    """Write rows in the chosen format; returns how many were written."""
    if fmt == "json":
        count = 0
        for row in rows:
            out.write(
                json.dumps({c: jsonable(row.get(c)) for c in columns}, ensure_ascii=False) + "\n"
            )
            count += 1
        return count
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        count = 0
        for row in rows:
            writer.writerow([_csv_cell(jsonable(row.get(c))) for c in columns])
            count += 1
        return count
    return _table(list(rows), columns, out)


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _cell(value: Any, width: int = MAX_CELL) -> str:
    text = _csv_cell(jsonable(value)) if value is not None else "-"
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(rows: list[dict[str, Any]], columns: Sequence[str], out: IO[str]) -> int:
    if not rows:
        out.write("(no rows)\n")
        return 0
    limits = [WIDE_CELLS.get(c, MAX_CELL) for c in columns]
    cells = [[_cell(row.get(c), w) for c, w in zip(columns, limits, strict=True)] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    total = shutil.get_terminal_size((200, 20)).columns
    line = "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()
    out.write(line[:total] + "\n")
    out.write("  ".join("-" * w for w in widths)[:total] + "\n")
    for r in cells:
        out.write(
            "  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip()[:total] + "\n"
        )
    return len(rows)
