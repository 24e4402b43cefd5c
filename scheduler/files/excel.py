"""Reading a unit table from an Excel workbook (``.xlsx``), with openpyxl.

* The sheet ``--sheet`` names is read (by name, or by its 1-based position when
  no sheet has that name); without it, the visible sheet whose header is a table's
  (a meeting table before a unit table; never a people sheet, which is read as
  the people), else the visible one whose first rows name the most known columns
  (its error says what its table lacks). Two visible sheets holding tables of
  the same kind (a sheet per day) are refused, naming them, rather than one read
  and the others dropped unseen; our own ``timetable.xlsx`` (its printable sheet,
  its 数据 sheet and an answers sheet) is the one workbook known to hold one
  timetable twice: its printable sheet is read, and the table says its 数据 sheet
  (:attr:`~scheduler.files.tables.Table.twin`).
* Rows keep their sheet numbers, so errors point at the row Excel shows.
* A title row above the header (a single cell, merged or not) is skipped; merged
  header cells are refused; a cell merged down over several data rows (a shared
  时间, as in the annex) gives its value to each of them.
* Dates and times typed into Excel arrive as dates: written back as text with
  their year when the cell's number format shows a year (``2021-09-08 08:00``),
  else without it (``9月8日 8:00``), since Excel silently gives a year-less entry
  the year it was typed in; the campaign's year is used instead.
* A duration typed into Excel (``[h]:mm``, a meeting's 时长) reads as ``1:30``.
* Text is read as Excel shows it: its escapes (``_x000D_`` a carriage return, ``_x0001_`` U+0001,
  ``_x005F_`` an underscore) decoded, then held to the table's rules as a CSV's text is (a control
  character refused, naming its cell).
* A formula whose result was never saved (a workbook written by a program, not
  by Excel) is an error rather than an empty cell; one whose saved result is the empty text
  (``=IF(C12="","",ROW()-3)`` filled down past the data) is an empty cell (:func:`empty_results`).

openpyxl is imported here only, when a workbook is read: the CLI stays fast.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from time import monotonic
from typing import TYPE_CHECKING, Any

from scheduler.errors import InputError
from scheduler.files.tables import (
    DATA_SHEET,
    HEAD_ROWS,
    MAIL,
    MEETING,
    PERSON,
    UNIT,
    Table,
    Twin,
    has_mail,
    header_at,
    header_kind,
    is_meeting_table,
    is_people_sheet,
    known_columns,
    meeting_own_columns,
    table_from_rows,
)
from scheduler.text.messages import Message
from scheduler.text.names import name_key

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet


MAX_XML_BYTES = 16_000_000
"""The most a workbook may hold once decompressed, all its parts together: about 40,000 rows of a
unit table, read in seconds. A small file can decompress to far more (a ZIP bomb)."""
MAX_MARKUP = 65_536
"""The longest XML comment or processing instruction a part may hold. Excel writes none this long;
the XML parser takes time quadratic in their length (10 MB: 10 s, 100 MB: hours)."""
MAX_CELLS = 1_000_000
"""The most cells (rows times columns) of a sheet that are read: one cell typed at XFD1048576 would
otherwise make 17 billion of them."""
MAX_SECONDS = 60.0
"""Past this, reading stops with an error (checked between the steps of reading)."""


def read_workbook(
    data: bytes,
    path: str,
    sheet: str | None = None,
    key: str | None = None,
    named: bool = True,
    contacts: bool = False,
) -> Table:
    """Read the unit table on one sheet of an ``.xlsx`` workbook given as bytes (``named``: whether its
    giver can name a sheet; ``contacts``: a contacts table is wanted; both
    :func:`scheduler.files.table_file.read_table`'s).

    The work is bounded (see :data:`MAX_XML_BYTES`, :data:`MAX_MARKUP`,
    :data:`MAX_CELLS`, :data:`MAX_SECONDS`): past a bound, an :class:`InputError` says which.
    """
    started = monotonic()
    check_archive(data, path)
    book = _open(data, path, data_only=False)
    ws, twin = _pick(book, path, sheet, key, named, contacts)
    table = _sheet_table(data, path, book, ws, key, started, contacts)
    if twin is not None:  # read from the same workbook now: reading it again later would parse it all again
        try:
            table.twin = Twin(twin, _sheet_table(data, path, book, book[twin], key, started))
        except InputError as error:
            table.twin = Twin(twin, None, error)
    return table


def _sheet_table(
    data: bytes, path: str, book: Workbook, ws: Worksheet, key: str | None, started: float, contacts: bool = False
) -> Table:
    """The table on the sheet ``ws`` of ``book`` (read from ``data``), its merged cells spread (``contacts``:
    a contacts table: :func:`~scheduler.files.tables.table_from_rows`)."""
    where = f"{path} [{ws.title}]" if len(book.worksheets) > 1 else path
    cells = ws.max_row * ws.max_column
    if cells > MAX_CELLS:
        raise InputError(Message("safety.xlsx_cells", rows=ws.max_row, columns=ws.max_column, limit=MAX_CELLS), where)
    formulas = {(c.row, c.column) for row in ws.iter_rows() for c in row if c.data_type == "f"}
    if formulas:
        _in_time(started, where)
        values, parts = _open_values(data, path)
        ws = values[ws.title]
        unsaved = {(c.row, c.column) for row in ws.iter_rows() for c in row if c.value is None}
        if formulas & unsaved and ws.title in parts:  # an empty text, or no result at all: only the XML tells
            formulas -= empty_results(data, parts[ws.title])
    _in_time(started, where)
    grid = _grid(ws, formulas, where, key)
    _in_time(started, where)
    if not any(any(cell.strip() for cell in row) for row in grid):
        raise InputError(Message("input.empty_sheet", sheet=ws.title), path)
    merged = [r for r in ws.merged_cells.ranges]
    for r in merged:
        for row in range(r.min_row + 1, r.max_row + 1):
            grid[row - 1][r.min_col - 1] = grid[r.min_row - 1][r.min_col - 1]
    table = table_from_rows(enumerate(grid, start=1), where, _merged_in(merged), key=key, contacts=contacts)
    table.sheets = tuple(book.sheetnames)
    table.merged_rows = tuple((r.min_row, r.max_row) for r in merged if r.max_row > r.min_row)
    hidden = {number for number, size in ws.row_dimensions.items() if size.hidden}  # hidden, or filtered out
    table.hidden = tuple(row.number for row in table.rows if row.number in hidden)
    table.hidden_sheets = tuple(sheet.title for sheet in book.worksheets if sheet.sheet_state != "visible")
    if is_meeting_table(table):  # a people sheet under another name is said, not read (QA qaexcel20 F5)
        others = [s for s in book.worksheets if s.title != ws.title and s.sheet_state == "visible"]
        heads = {sheet.title: _head(sheet) for sheet in others}
        table.unnamed_people = tuple(
            title
            for title, head in heads.items()
            if not is_people_sheet(title) and header_kind(head, PERSON) == PERSON and not meeting_own_columns(head)
        )
        table.not_people = tuple(  # named as people, shaped as a roster by meeting (QA review20 F6)
            (title, tuple(own))
            for title, head in heads.items()
            if is_people_sheet(title) and (own := meeting_own_columns(head))
        )
    return table


def _in_time(started: float, where: str) -> None:
    if monotonic() - started > MAX_SECONDS:
        raise InputError(Message("safety.xlsx_slow", seconds=int(MAX_SECONDS)), where)


def check_archive(data: bytes, path: str) -> None:
    """Refuse, before any XML is parsed, a workbook whose parts decompress to more than
    :data:`MAX_XML_BYTES` or hold a comment or processing instruction longer than :data:`MAX_MARKUP`.

    The sizes are those the archive declares; the ZIP reader never decompresses past them.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(Message("input.not_xlsx", reason=why_not_a_workbook(data)), path) from exc
    total = sum(part.file_size for part in parts)
    if total > MAX_XML_BYTES or len(parts) > 10_000:
        raise InputError(Message("safety.xlsx_big", size=_mb(total), limit=_mb(MAX_XML_BYTES)), path)
    for part in parts:
        if not part.filename.endswith((".xml", ".rels")):
            continue
        try:
            text = archive.read(part)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as exc:
            raise InputError(Message("input.not_xlsx", reason=Message("input.why_damaged")), path) from exc
        longest = max(_longest(text, b"<!--", b"-->"), _longest(text, b"<?", b"?>"))
        if longest > MAX_MARKUP:
            message = Message("safety.xlsx_markup", part=part.filename, size=_mb(longest), limit=MAX_MARKUP)
            raise InputError(message, path)


def _longest(text: bytes, opening: bytes, closing: bytes) -> int:
    """The longest span from ``opening`` to its ``closing`` in ``text`` (to the end when never closed)."""
    longest = 0
    start = text.find(opening)
    while start >= 0:
        end = text.find(closing, start + len(opening))
        stop = len(text) if end < 0 else end + len(closing)
        longest = max(longest, stop - start)
        start = text.find(opening, stop)
    return longest


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _open(data: bytes, path: str, data_only: bool) -> Workbook:
    book: Workbook = _reader(data, path, data_only).wb
    return book


def _open_values(data: bytes, path: str) -> tuple[Workbook, dict[str, str]]:
    """The workbook with formulas' saved results as its cells' values, and each sheet's part in the
    archive (by its title as loaded: openpyxl renames a second ``NOTES`` beside ``notes`` to ``NOTES1``, so
    the parts are paired with the worksheets in their order, as openpyxl reads them; QA review20 F9)."""
    reader = _reader(data, path, data_only=True)
    targets = [
        rel.target
        for _, rel in reader.parser.find_sheets()
        if rel.target in reader.valid_files and "chartsheet" not in rel.Type
    ]
    return reader.wb, {ws.title: target for ws, target in zip(reader.wb.worksheets, targets, strict=False)}


def _reader(data: bytes, path: str, data_only: bool) -> Any:
    """An openpyxl ``ExcelReader`` that has read the workbook ``data``."""
    from openpyxl.reader.excel import ExcelReader

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
            reader = ExcelReader(io.BytesIO(data), data_only=data_only)  # openpyxl.load_workbook's own steps
            reader.read_strings = lambda: _shared_strings(reader)
            reader.read()
            return reader
    except Exception as exc:  # a third-party parser on the user's file: whatever it raises
        # (lxml's XMLSyntaxError, zlib errors, a KeyError for a missing part...) means the file is not
        # a workbook we can read, which is bad input, not a traceback.
        raise InputError(Message("input.not_xlsx", reason=why_not_a_workbook(data)), path) from exc


def empty_results(data: bytes, part: str) -> set[tuple[int, int]]:
    """The (row, column) of the formula cells of the sheet stored at ``part`` of the workbook ``data``
    whose saved result is the empty text: typed ``str`` with an empty ``<v>``, as Excel, WPS and
    LibreOffice save ``=IF(C12="","",…)``. openpyxl reads these, and formulas never computed, both as
    ``None``; a program that writes a formula it cannot compute (openpyxl itself) writes no ``<v>``, or an
    empty one with no type (an empty number, which no computation gives): still refused, as unsaved."""
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    cell, formula, value = (f"{{{SHEET_MAIN_NS}}}{tag}" for tag in ("c", "f", "v"))
    found: set[tuple[int, int]] = set()
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(part.lstrip("/")) as source:
        for _, node in iterparse(source):
            if node.tag != cell:
                continue
            saved, at = node.find(value), node.get("r")
            if (
                node.get("t") == "str"
                and node.find(formula) is not None
                and saved is not None
                and not saved.text
                and at
            ):
                found.add(coordinate_to_tuple(at))
            node.clear()
    return found


def _shared_strings(reader: Any) -> None:
    """The workbook's shared strings, as its file stores them (``_x000D_`` and ``_x005F_`` left in, for
    :func:`excel_text`), on ``reader`` (an openpyxl ``ExcelReader``), in place of openpyxl's: it drops
    every ``x005F_`` and leaves the other escapes, so that ``_x005F_x000D_`` (the text ``_x000D_``) would
    read as a carriage return, and the same text inline (in the cell itself) as it is written."""
    from openpyxl.cell.text import Text
    from openpyxl.reader.excel import SHARED_STRINGS
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    part = reader.package.find(SHARED_STRINGS)
    if part is None:
        return
    item = f"{{{SHEET_MAIN_NS}}}si"
    strings: list[str] = []
    with reader.archive.open(part.PartName[1:]) as source:
        for _, node in iterparse(source):
            if node.tag == item:
                strings.append(Text.from_tree(node).content)
                node.clear()
    reader.shared_strings = strings


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
"""Excel's escape of a character in a cell's text (OOXML's ``ST_Xstring``): ``_x000D_`` a carriage
return, ``_x0001_`` U+0001, ``_x005F_`` an underscore (``_x005F_x000D_``: the text ``_x000D_``)."""


def excel_text(text: str) -> str:
    """A cell's text as it is stored (:data:`_ESCAPE`) turned into the text Excel shows: every escape
    decoded in one pass, left to right, so that an escaped underscore never starts another. A pair of
    escaped surrogates (``_xD83D__xDE00_``) is the one character they encode; a lone one stays, as a
    control character does, for the table's reading to refuse (:func:`~scheduler.files.tables.unwritable`)."""
    if "_x" not in text:
        return text
    text = _ESCAPE.sub(lambda found: chr(int(found[1], 16)), text)
    try:
        return text.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeDecodeError:  # a lone surrogate
        return text


def why_not_a_workbook(data: bytes) -> Message:
    """In words, what a file that starts like a workbook (a ZIP archive) but cannot be read as one is:
    cut short, a LibreOffice/WPS ``.ods``, another ZIP archive, or a workbook with damaged parts."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            kind = archive.read("mimetype")[:200] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error, KeyError):
        return Message("input.why_truncated")
    if b"opendocument.spreadsheet" in kind:
        return Message("input.why_ods")
    if not any(name.startswith("xl/") for name in names):
        return Message("input.why_zip")
    return Message("input.why_damaged")


def _pick(
    book: Workbook, path: str, sheet: str | None, key: str | None = None, named: bool = True, contacts: bool = False
) -> tuple[Worksheet, str | None]:
    """The sheet to read, and the title of its twin in our own workbook (the 数据 sheet, when the
    printable one is read without ``--sheet``; else ``None``)."""
    sheets = book.worksheets
    if not sheets:
        raise InputError(Message("input.empty_sheet", sheet=""), path)
    if sheet is None:  # a sheet Excel shows: a hidden one is never read unless named
        visible = [ws for ws in sheets if ws.sheet_state == "visible"]
        if not visible:
            said = "safety.no_visible_sheet" if named else "safety.no_visible_sheet_unhide"  # --sheet is the table's
            raise InputError(Message(said), path)
        return _table_sheet(visible, key, path, named, contacts)
    for ws in sheets:
        if ws.title == sheet or ws.title.strip() == sheet.strip():
            return ws, None
    folded = [ws for ws in sheets if _sheet_key(ws.title) == _sheet_key(sheet)]
    if len(folded) == 1:  # Excel's own rule: `data` is the sheet Data (it refuses two names differing so)
        return folded[0], None
    if sheet.strip().isdigit() and 1 <= int(sheet) <= len(sheets):
        return sheets[int(sheet) - 1], None
    if folded:  # two sheets only another program can write (notes, NOTES): which one is not guessed
        raise InputError(Message("input.sheet_ambiguous", sheet=sheet, known=_titles(folded)), path)
    raise InputError(Message("input.no_sheet", sheet=sheet, known=_titles(sheets)), path)


def _sheet_key(title: str) -> str:
    """A sheet's name as ``--sheet`` is matched to it when no name is the same: case aside, as Excel compares
    sheet names, and width and spaces aside, as every name is (:func:`~scheduler.text.names.name_key`). Never
    a name in another language (``Data`` is not ``数据``): without ``--sheet`` the table is found by its
    header, whatever its sheet is called (docs/formats.md, "Excel workbooks")."""
    return name_key(title).casefold()


def _titles(sheets: list[Worksheet]) -> list[str] | Message:
    """Sheets' titles as an error lists them: at most :data:`SHOWN_SHEETS`, then how many more."""
    known: list[str] | Message = [ws.title for ws in sheets[:SHOWN_SHEETS]]
    if len(sheets) > SHOWN_SHEETS:
        known = Message("safety.and_more", units=known, more=len(sheets) - SHOWN_SHEETS)
    return known


def _table_sheet(
    visible: list[Worksheet], key: str | None, path: str, named: bool, contacts: bool = False
) -> tuple[Worksheet, str | None]:
    """Of the visible sheets, the table's, told by its header rather than its place (an office puts
    the 人员 sheet or a 说明 sheet first): the meeting table (会议 and 参会人员), else the unit table
    (单位), a people sheet (with a 姓名 column) never; for a people file (``key``
    姓名), the people sheet; for a contacts file (``contacts``), the unit table with a mail column (of
    any name: 通讯录 and 联系人 are a contacts sheet's own names; an empty Sheet2, a 说明 sheet or the
    timetable beside it never). Several of the kind are refused, naming them (only one would be read),
    unless they are our own workbook's (:func:`_own_twin`). A sheet named as a people sheet is looked
    at only when no other sheet holds the table: a unit table on a sheet named 参会人员名单 or 人员信息 is
    read (QA review20 F1). Without one, the sheet that is not a people
    sheet whose first rows name the most known columns (the first of equals: its error says what its
    table lacks, or what each kind of table needs), so that a 说明 sheet in front is not the one blamed."""
    people = key == PERSON
    tables = [ws for ws in visible if people or contacts or not is_people_sheet(ws.title)]
    by_name = [ws for ws in visible if ws not in tables]  # named as a people sheet: looked at after the others
    for candidates in (tables, by_name):  # a unit table on a sheet named 参会人员名单 (a notice's 报名表) is still read
        found = _of_kind(candidates, key, path, named, contacts)
        if found is not None:
            return found
    if not tables:
        return visible[0], None
    heads = [_head(ws) for ws in tables]
    nearest = max(range(len(tables)), key=lambda i: known_columns(heads[i], key))  # the first of equals
    return tables[nearest], None  # its error says what the table lacks, not a 说明 sheet's (QA qaexcel20 F3)


def _of_kind(
    tables: list[Worksheet], key: str | None, path: str, named: bool, contacts: bool
) -> tuple[Worksheet, str | None] | None:
    """Of ``tables``, the one sheet whose header is the wanted kind's (:func:`_table_sheet`'s order of
    kinds) and its twin, ``None`` when none is; several of the kind refused unless our own workbook's."""
    heads = [_head(ws) for ws in tables]
    kinds = [header_kind(head, key) for head in heads]
    if contacts:  # the unit tables with a mail column, when some have one
        mail = [i for i, head in enumerate(heads) if kinds[i] == UNIT and has_mail(head)]
        kinds = [MAIL if i in mail else kind for i, kind in enumerate(kinds)]
    for wanted in (PERSON,) if key == PERSON else (MAIL, UNIT) if contacts else (MEETING, UNIT):
        same = [i for i, kind in enumerate(kinds) if kind == wanted]
        if len(same) == 1:
            return tables[same[0]], None
        if same:
            twin = _own_twin([tables[i].title for i in same], [heads[i] for i in same], key)
            if twin is None:
                titles = _titles([tables[i] for i in same])
                kind = Message(f"input.kind.{wanted}")
                said = "input.many_tables" if named else "input.many_tables_merge"
                raise InputError(Message(said, count=len(same), kind=kind, sheets=titles), path)
            return tables[same[0]], twin
    return None


def _own_twin(titles: list[str], heads: list[list[list[str]]], key: str | None) -> str | None:
    """The 数据 sheet's title when sheets holding tables of one kind (``titles``, their first rows
    ``heads``) are our own ``timetable.xlsx``'s, else ``None``: the printable sheet (a title row above
    its header), then the 数据 sheet (its header in row 1), then at most the answers sheet (答复情况),
    each under its own name. Columns added to one of them by hand do not matter."""
    from scheduler.text.messages import render

    if len(titles) not in (2, 3) or titles[1] != DATA_SHEET:
        return None
    if titles[2:] and titles[2] != render(Message("replies.sheet"), "zh"):
        return None
    printed, data = (header_at(head, key) for head in heads[:2])
    return DATA_SHEET if printed and data == 0 else None  # a title row above the printable sheet's header


def _head(ws: Worksheet) -> list[list[str]]:
    rows = ws.iter_rows(max_row=HEAD_ROWS, max_col=min(ws.max_column, 100), values_only=True)
    return [[cell_text(value) for value in row] for row in rows]


SHOWN_SHEETS = 10
"""At most this many sheet names are listed when the one asked for is not there."""


def _grid(ws: Worksheet, formulas: set[tuple[int, int]], where: str, key: str | None = None) -> list[list[str]]:
    """The sheet's cells as text; a formula without a saved result refused (:func:`_unsaved`)."""
    grid: list[list[str]] = []
    unsaved: tuple[int, int, str] | None = None
    for row in ws.iter_rows():
        cells = []
        for cell in row:
            if unsaved is None and cell.value is None and (cell.row, cell.column) in formulas:
                unsaved = (cell.row, cell.column, cell.coordinate)
            cells.append(cell_text(cell.value, cell.number_format))
        grid.append(cells)
    if unsaved is not None:
        raise _unsaved(grid, unsaved, where, key)
    return grid


def _unsaved(grid: list[list[str]], cell: tuple[int, int, str], where: str, key: str | None) -> InputError:
    """A formula without a saved result, named by its column's header as every error names a column, its
    cell beside it (``第 6 行, 列“时段偏好”: 单元格 L6 的公式…``); by its cell alone above the header or
    where the header has no text there (QA qaoffice18 F9: ``列“L6”`` read as a column named L6)."""
    row, column, coordinate = cell
    at = header_at(grid[:HEAD_ROWS], key)
    header = grid[at][column - 1] if at is not None and at + 1 < row and column <= len(grid[at]) else ""
    if not header.strip():
        return InputError(Message("input.formula"), where, row, coordinate)
    return InputError(Message("input.formula_cell", cell=coordinate), where, row, " ".join(header.split()))


def _merged_in(ranges: list[Any]) -> Callable[[int], list[str] | None]:
    def merged_in(row: int) -> list[str] | None:
        found = [r.coord for r in sorted(ranges, key=lambda r: (r.min_col, r.min_row)) if r.min_row <= row <= r.max_row]
        return found or None  # a list: the message joins it in its language

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
    if isinstance(value, timedelta):  # a duration cell ([h]:mm): a meeting's length, 1:30 (or 1:30:20)
        minutes, seconds = divmod(round(value.total_seconds()), 60)
        text = f"{minutes // 60}:{minutes % 60:02d}"
        return f"{text}:{seconds:02d}" if seconds else text
    return excel_text(str(value))
