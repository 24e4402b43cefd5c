"""Reading and writing the unit table (CSV).

The table is what the office keeps: one row per unit with 序号, 时间, 单位, 备注
(the annex's columns) plus 类别 and 并行组 (and 房间 when there are several rooms).
Headers may be Chinese or English and may carry stray spaces (``单 位``).
Files may be UTF-8, UTF-8 with BOM, or GBK/GB18030 as saved by Excel on Chinese
Windows. Errors name the file, the spreadsheet row (header = row 1) and the column.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .messages import Message

UNIT, TIME, NO, NOTE, CATEGORY, GROUP, ROOM = "单位", "时间", "序号", "备注", "类别", "并行组", "房间"
KNOWN = (NO, TIME, UNIT, NOTE, CATEGORY, GROUP, ROOM)

ALIASES = {
    "单位": UNIT,
    "单位名称": UNIT,
    "unit": UNIT,
    "name": UNIT,
    "时间": TIME,
    "对接时间": TIME,
    "time": TIME,
    "start": TIME,
    "序号": NO,
    "no": NO,
    "no.": NO,
    "#": NO,
    "备注": NOTE,
    "note": NOTE,
    "notes": NOTE,
    "remark": NOTE,
    "类别": CATEGORY,
    "category": CATEGORY,
    "并行组": GROUP,
    "group": GROUP,
    "parallelgroup": GROUP,
    "parallel": GROUP,
    "房间": ROOM,
    "room": ROOM,
}


def canonical(header: str) -> str:
    """The column a header names (``单 位`` and ``Unit`` both give ``单位``), or the header itself."""
    folded = "".join(unicodedata.normalize("NFKC", header).split())
    return ALIASES.get(folded.lower(), folded)


@dataclass
class Row:
    """One data row: its spreadsheet row number and its cells by canonical column."""

    number: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass
class Table:
    """A unit table as read: its columns (canonical names, in file order) and rows."""

    path: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    """Canonical column -> the header text as written in the file."""

    def has(self, column: str) -> bool:
        return column in self.columns


def decode(data: bytes, path: str) -> str:
    """UTF-8 (with or without BOM) if the bytes are valid UTF-8, else GB18030 (a superset of GBK)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise InputError(Message("input.encoding"), path) from exc


def read_table(path: str | Path) -> Table:
    """Read a CSV unit table; raises :class:`InputError` naming file, row and column."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise InputError(Message("input.no_file"), name) from exc
    except OSError as exc:
        raise InputError(Message("input.unreadable", reason=exc.strerror or str(exc)), name) from exc
    return parse_table(decode(data, name), name)


def parse_table(text: str, path: str) -> Table:
    """Parse CSV text into a :class:`Table`."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if "\t" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header: list[str] | None = None
    table: Table | None = None
    for number, cells in enumerate(reader, start=1):
        if header is None:
            if not any(c.strip() for c in cells):
                continue
            header = [canonical(c) for c in cells]
            labels = {h: " ".join(c.split()) for h, c in zip(header, cells, strict=True) if h}
            columns = [c for c in header if c]
            for column in columns:
                if columns.count(column) > 1:
                    raise InputError(Message("input.duplicate_column"), path, number, column)
            if UNIT not in columns:
                raise InputError(Message("input.missing_column", known=", ".join(KNOWN)), path, number, UNIT)
            table = Table(path, columns, labels=labels)
            continue
        if not any(c.strip() for c in cells):
            continue
        assert table is not None
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            raise InputError(Message("input.extra_cells"), path, number)
        row = {h: unicodedata.normalize("NFC", c).strip() for h, c in zip(header, cells, strict=False) if h}
        if not row.get(UNIT):
            raise InputError(Message("input.empty_unit"), path, number, UNIT)
        table.rows.append(Row(number, row))
    if table is None:
        raise InputError(Message("input.empty_table"), path)
    return table


def render_table(columns: list[str], rows: list[dict[str, str]]) -> bytes:
    """CSV bytes, UTF-8 with BOM so Excel on Chinese Windows opens it without mojibake."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return buffer.getvalue().encode("utf-8-sig")
