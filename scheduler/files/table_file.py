"""Reading a unit table from a file: a workbook or delimited text, told apart by content.

Kept apart from :mod:`scheduler.files.tables` (rows into a table) and
:mod:`scheduler.files.excel` (workbooks), which both build on ``tables``: this
module is the one that knows both.
"""

from __future__ import annotations

from pathlib import Path

from scheduler.errors import InputError
from scheduler.files.encodings import decode
from scheduler.files.tables import XLS_MAGIC, XLSX_MAGIC, Table, parse_table
from scheduler.text.messages import Message


def read_table(path: str | Path, sheet: str | None = None, key: str | None = None) -> Table:
    """Read a unit table (CSV/text or ``.xlsx``); raises :class:`InputError` naming file, row and column.

    The kind of file is told by its content, not its name: a ZIP archive is read as
    an Excel workbook (the first sheet, or ``sheet``: a name or a 1-based number),
    anything else as delimited text in the encoding :func:`scheduler.files.encodings.decode`
    decides.
    """
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise InputError(Message("input.no_file"), name) from exc
    except OSError as exc:
        raise InputError(Message("input.unreadable", reason=exc.strerror or str(exc)), name) from exc
    if data.startswith(XLSX_MAGIC):
        from scheduler.files.excel import read_workbook  # openpyxl loads only for a workbook

        return read_workbook(data, name, sheet, key)
    if data.startswith(XLS_MAGIC):
        raise InputError(Message("input.xls"), name)
    if sheet is not None:
        raise InputError(Message("input.sheet_not_xlsx"), name)
    return parse_table(decode(data, name).text, name, key)
