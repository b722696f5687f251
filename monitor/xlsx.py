"""Rows as an .xlsx workbook, through openpyxl (the optional ``xlsx`` extra).

``pip install 'ofsted-monitor[xlsx]'``; without it :class:`XlsxUnavailable` says so. Cells
get real types (dates as dates, numbers as numbers), so a spreadsheet sorts and filters them;
lists and dicts become text, as in CSV. The header row is frozen and filterable.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_ILLEGAL = {c: None for c in range(32) if chr(c) not in "\t\n\r"}


class XlsxUnavailable(RuntimeError):
    """openpyxl is not installed."""

    def __init__(self) -> None:
        super().__init__("xlsx output needs openpyxl: pip install 'ofsted-monitor[xlsx]'")


def available() -> bool:
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        return False
    return True


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)  # Excel has no time zones; stored values are UTC
    if isinstance(value, date | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False)
    return str(value).translate(_ILLEGAL)


def to_xlsx(
    rows: Iterable[dict[str, Any]], columns: Sequence[str], sheet: str = "summary"
) -> bytes:
    """The workbook's bytes: one header row, then one row per dict."""
    try:
        from openpyxl import Workbook
    except ImportError as exc:
        raise XlsxUnavailable() from exc
    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet)
    ws.freeze_panes = "A2"
    ws.append(list(columns))
    count = 0
    for row in rows:
        ws.append([_text_cell(ws, _cell(row.get(c))) for c in columns])
        count += 1
    ws.auto_filter.ref = f"A1:{_column_letter(len(columns))}{count + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text_cell(ws: Any, value: Any) -> Any:
    """Text that starts with '=' stays text: openpyxl would write it as a formula."""
    if not (isinstance(value, str) and value.startswith("=")):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    return cell


def _column_letter(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
