"""Reading a unit table from an Excel workbook (``.xlsx``), with openpyxl.

* The first worksheet is read, or the one ``--sheet`` names (by name, or by its
  1-based position when no sheet has that name).
* Rows keep their sheet numbers, so errors point at the row Excel shows.
* A title row above the header (a single cell, merged or not) is skipped; merged
  header cells are refused; a cell merged down over several data rows (a shared
  时间, as in the annex) gives its value to each of them.
* Dates and times typed into Excel arrive as dates: written back as text with
  their year when the cell's number format shows a year (``2021-09-08 08:00``),
  else without it (``9月8日 8:00``), since Excel silently gives a year-less entry
  the year it was typed in; the campaign's year is used instead.
* A formula whose result was never saved (a workbook written by a program, not
  by Excel) is an error rather than an empty cell.

openpyxl is imported here only, when a workbook is read: the CLI stays fast.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Callable
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from scheduler.errors import InputError
from scheduler.files.tables import Table, table_from_rows
from scheduler.text.messages import Message

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet


def read_workbook(data: bytes, path: str, sheet: str | None = None, key: str | None = None) -> Table:
    """Read the unit table on one sheet of an ``.xlsx`` workbook given as bytes."""
    book = _open(data, path, data_only=False)
    ws = _pick(book, path, sheet)
    where = f"{path} [{ws.title}]" if len(book.worksheets) > 1 else path
    formulas = {(c.row, c.column) for row in ws.iter_rows() for c in row if c.data_type == "f"}
    if formulas:
        ws = _open(data, path, data_only=True)[ws.title]
    grid = _grid(ws, formulas, where)
    if not any(any(cell.strip() for cell in row) for row in grid):
        raise InputError(Message("input.empty_sheet", sheet=ws.title), path)
    merged = [r for r in ws.merged_cells.ranges]
    for r in merged:
        for row in range(r.min_row + 1, r.max_row + 1):
            grid[row - 1][r.min_col - 1] = grid[r.min_row - 1][r.min_col - 1]
    return table_from_rows(enumerate(grid, start=1), where, _merged_in(merged), key=key)


def _open(data: bytes, path: str, data_only: bool) -> Workbook:
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
            return openpyxl.load_workbook(io.BytesIO(data), data_only=data_only)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        reason = "不是 Excel 工作簿" if isinstance(exc, KeyError) else type(exc).__name__
        raise InputError(Message("input.not_xlsx", reason=reason), path) from exc


def _pick(book: Workbook, path: str, sheet: str | None) -> Worksheet:
    sheets = book.worksheets
    if not sheets:
        raise InputError(Message("input.empty_sheet", sheet=""), path)
    if sheet is None:
        return sheets[0]
    for ws in sheets:
        if ws.title == sheet or ws.title.strip() == sheet.strip():
            return ws
    if sheet.strip().isdigit() and 1 <= int(sheet) <= len(sheets):
        return sheets[int(sheet) - 1]
    raise InputError(Message("input.no_sheet", sheet=sheet, known="、".join(ws.title for ws in sheets)), path)


def _grid(ws: Worksheet, formulas: set[tuple[int, int]], where: str) -> list[list[str]]:
    grid: list[list[str]] = []
    for row in ws.iter_rows():
        cells = []
        for cell in row:
            if cell.value is None and (cell.row, cell.column) in formulas:
                raise InputError(Message("input.formula"), where, cell.row, cell.coordinate)
            cells.append(cell_text(cell.value, cell.number_format))
        grid.append(cells)
    return grid


def _merged_in(ranges: list[Any]) -> Callable[[int], str | None]:
    def merged_in(row: int) -> str | None:
        found = [r.coord for r in sorted(ranges, key=lambda r: (r.min_col, r.min_row)) if r.min_row <= row <= r.max_row]
        return "、".join(found) or None

    return merged_in


_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def shows_year(number_format: str) -> bool:
    """Whether an Excel number format displays the year (``yyyy-mm-dd`` yes, ``m"月"d"日"`` no)."""
    return bool(re.search(r"[ye]", _LITERALS.sub("", number_format or "").lower()))


def cell_text(value: object, number_format: str = "General") -> str:
    """A cell's value as the text a CSV of the same table would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return format(value, ".15g")
    if isinstance(value, datetime):
        clock = f"{value.hour}:{value.minute:02d}"
        has_clock = value.time() != time(0) or "h" in _LITERALS.sub("", number_format.lower())
        day = value.strftime("%Y-%m-%d") if shows_year(number_format) else f"{value.month}月{value.day}日"
        return f"{day} {clock}" if has_clock else day
    if isinstance(value, date):
        return value.isoformat() if shows_year(number_format) else f"{value.month}月{value.day}日"
    if isinstance(value, time):
        return f"{value.hour}:{value.minute:02d}"
    return str(value)
