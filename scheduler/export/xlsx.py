"""``timetable.xlsx``: the annex as an Excel sheet (written with XlsxWriter: :mod:`.workbooks`).

Row 1 is the title (merged over the annex's columns); row 2 the header; then one
row per unit in time order. Units that meet together have one merged 时间 cell and
a frame around their rows. Times are real Excel dates shown as the notice writes
them (``9月10日 9:00``), so the sheet sorts and filters. The columns that carry
the rules' data (类别, 并行组, ...) follow the annex's own and are left out of the
print area: the printed page is the annex, while the file still validates as it
stands (``validate timetable.xlsx``). Page setup: A4 portrait, one page wide, the
header repeated on every page.

A second sheet, ``数据``, holds the same rows as plain data: one header row, one
row per unit, no merged cell, 时间 a real date and time with its year
(``2021-09-08 08:00``), an autofilter: it sorts and filters in Excel and WPS and
reads back with ``pandas.read_excel(path, sheet_name="数据")``. The annex stays
the first sheet, the one a printout and ``validate`` take by default.
"""

from __future__ import annotations

from typing import Any

from scheduler.export.annex import Annex, Answers
from scheduler.export.workbooks import (
    FONTS,
    Book,
    answers_sheet,
    fit_row,
    fitted_width,
    line_room,
    lines_in,
    printed_page,
    put,
    set_height,
    set_width,
    wrapped_height,
    wrapping_column,
)
from scheduler.files.tables import DATA_SHEET, NO, NOTE, ROOM, TIME, UNIT
from scheduler.text.messages import Message, render

TIME_FORMAT = 'm"月"d"日" h:mm'
TIME_FORMAT_EN = "mmm d h:mm"
"""The printed sheet's times for a table with English headers (``Sep 8 9:00``, as the Word annex)."""
DATA_TIME_FORMAT = "yyyy-mm-dd hh:mm"
FIXED_WIDTHS = {NO: 6.0, TIME: 16.0, NOTE: 16.0}
THIN, MEDIUM = 1, 2  # XlsxWriter's border styles
GRID = (THIN, THIN, THIN, THIN)
Sides = tuple[int | None, int | None, int | None, int | None]
"""A cell's border, left, right, top, bottom: :data:`THIN`, :data:`MEDIUM` or none."""


def render_xlsx(annex: Annex, answers: Answers | None = None) -> bytes:
    """The annex as ``.xlsx`` bytes; ``answers`` adds a sheet of who answered what."""
    book = Book(annex.title, annex.issued)
    _annex_sheet(book, annex)
    _data_sheet(book, annex)
    if answers is not None:
        head = book.format(font_name=FONTS[annex.lang][0], font_size=11, bold=True)
        answers_sheet(book, answers, head, annex.lang, annex.paper)
    return book.saved()


# Long: the printable annex written top to bottom, as the sheet reads: title, header, rows, widths, page.
def _annex_sheet(book: Book, annex: Annex) -> None:
    """The printable annex: the title merged over the printed columns, the header, a row per unit
    (the hours units share framed, their 时间 and 房间 merged), widths, panes and the page."""
    ws = book.sheet(render(Message("output.sheet"), annex.lang))  # nothing finds it by name: 数据 is read
    columns = list(annex.columns)
    printed = len(annex.printed)
    table_font, title_font = FONTS[annex.lang]
    text = {"font_name": table_font, "font_size": 11, "valign": "vcenter", "text_wrap": True}
    title = book.format(font_name=title_font, font_size=16, bold=True, align="center", valign="vcenter", text_wrap=True)
    put(ws, 0, 0, annex.title, title)
    ws.merge_range(0, 0, 0, printed - 1, None)  # (with no value and no format: the range alone)
    kinds = ["left" if c in (UNIT, NOTE) else "body" for c in columns]
    widths: list[float] = []
    rooms: list[int] = []  # what a line of each column holds (0: every text on one line, or not printed)
    for j, (column, kind) in enumerate(zip(columns, kinds, strict=True)):
        width, room = _width(annex, column, kind == "left")
        widths.append(width)
        rooms.append(room if j < printed else 0)
    set_height(ws, 0, wrapped_height(lines_in(annex.title, line_room(sum(widths[:printed]), size=16)), 36, 16))
    head = book.format(**text, bold=True, align="center", **_border(GRID))
    for j, column in enumerate(columns):
        put(ws, 1, j, annex.label(column), head)
    set_height(ws, 1, 22)

    looks = {"body": {**text, "align": "center"}, "left": {**text, "align": "left", "indent": 1}}
    looks["time"] = {**looks["body"], "num_format": TIME_FORMAT_EN if annex.lang == "en" else TIME_FORMAT}
    looks["merged"] = {}  # a cell under a merged one: its border only
    styles: dict[tuple[str, Sides], Any] = {}
    frames = _Frames(annex, columns, printed)
    first = 2
    for i, row in enumerate(annex.rows):
        r = first + i
        lines = 1
        for j, column in enumerate(columns):
            value: object = row.cells.get(column, "")
            kind = kinds[j]
            if (i, j) in frames.under:
                value, kind = None, "merged"
            elif column == TIME and row.start is not None:
                value, kind = row.start, "time"
            elif column == NO and isinstance(value, str) and value.isdigit():
                value = int(value)
            key = (kind, frames.sides.get((i, j), GRID))
            style = styles.get(key)
            if style is None:
                style = styles[key] = book.format(**looks[kind], **_border(key[1]))
            put(ws, r, j, value, style)
            if rooms[j] and value:
                lines = max(lines, lines_in(str(value), rooms[j]))
        set_height(ws, r, wrapped_height(lines, 20))  # tall enough for its wrapped text (Excel does not fit it)
    for top, bottom, j in frames.merges:
        ws.merge_range(first + top, j, first + bottom, j, None)

    for j, width in enumerate(widths):
        set_width(ws, j, width)
    printed_page(ws, first, first + len(annex.rows) - 1, printed, lang=annex.lang, paper=annex.paper)


def _width(annex: Annex, column: str, indent: bool) -> tuple[float, int]:
    """The annex column's width and what a line of it holds (:func:`wrapping_column`): fixed (序号 and
    时间 on one line, 备注 wrapping), else as wide as its widest text, up to 44 (then it wraps)."""
    if column in FIXED_WIDTHS:
        return FIXED_WIDTHS[column], line_room(FIXED_WIDTHS[column], indent) if column == NOTE else 0
    texts = [annex.label(column)] + [row.cells.get(column, "") for row in annex.rows]
    return wrapping_column(texts, 44.0, indent)


def _border(sides: Sides) -> dict[str, int]:
    return {name: style for name, style in zip(("left", "right", "top", "bottom"), sides, strict=True) if style}


class _Frames:
    """The borders that are not the plain grid, by (row, column) from 0, and the merged cells. Each
    hour units share is framed in medium lines over the printed columns; its 时间 and 房间 are merged,
    their first cell medium above and below, the cells under it (:attr:`under`) keeping their left and
    right sides and the last its bottom (as openpyxl's ``merge_cells`` drew them before)."""

    def __init__(self, annex: Annex, columns: list[str], printed: int) -> None:
        self.sides: dict[tuple[int, int], Sides] = {}
        self.under: set[tuple[int, int]] = set()
        self.merges: list[tuple[int, int, int]] = []  # (first row, last row, column)
        merged = [columns.index(c) for c in (TIME, ROOM) if c in columns]
        for run in annex.shared():
            if len(run) > 1:
                self._frame(run.start, run.stop - 1, printed, merged)

    def _frame(self, top: int, bottom: int, printed: int, merged: list[int]) -> None:
        for i in range(top, bottom + 1):
            for j in range(printed):
                self.sides[i, j] = (
                    MEDIUM if j == 0 else THIN,
                    MEDIUM if j == printed - 1 else THIN,
                    MEDIUM if i == top else THIN,
                    MEDIUM if i == bottom else THIN,
                )
        for j in merged:
            right = MEDIUM if j == printed - 1 else THIN
            self.sides[top, j] = (THIN, right, MEDIUM, MEDIUM)
            for i in range(top + 1, bottom + 1):
                self.sides[i, j] = (THIN, right, None, MEDIUM if i == bottom else None)
                self.under.add((i, j))
            self.merges.append((top, bottom, j))


def _data_width(annex: Annex, column: str) -> float:
    return fitted_width([annex.label(column)] + [row.cells.get(column, "") for row in annex.rows], 3.0, 44.0)


def _data_sheet(book: Book, annex: Annex) -> None:
    """One row per unit, no merges, real datetimes, an autofilter: the annex as data, a long text
    wrapped in a row as tall as it needs; printed (as printing the whole workbook does) on A4
    landscape, one page wide, its header on every page."""
    ws = book.sheet(DATA_SHEET)
    columns = list(annex.columns)
    bold, when = book.format(bold=True), book.format(num_format=DATA_TIME_FORMAT, valign="top")
    wrap = book.format(text_wrap=True, valign="top")  # a 备注 past 44 characters or of two lines (QA print24 F13)
    top = book.format(valign="top")  # every cell of a taller row at its top, as its wrapped text
    widths = [
        18.0
        if column == TIME
        else fitted_width([annex.label(column)] + [r.cells.get(column, "") for r in annex.rows], 3.0, 44.0)
        for column in columns
    ]
    for j, column in enumerate(columns):
        put(ws, 0, j, annex.label(column), bold)
    for i, row in enumerate(annex.rows, start=1):
        texts = [row.cells.get(column, "") for column in columns]
        for j, (column, text) in enumerate(zip(columns, texts, strict=True)):
            if column == TIME:
                put(ws, i, j, row.start, when)
            elif column == NO and text.isdigit():
                put(ws, i, j, int(text), top)
            else:
                put(ws, i, j, text, wrap if text else None)
        fit_row(ws, i, ((t, w) for c, t, w in zip(columns, texts, widths, strict=True) if c != TIME))
    for j, width in enumerate(widths):
        set_width(ws, j, width)
    ws.autofilter(0, 0, len(annex.rows), len(columns) - 1)
    printed_page(ws, 1, len(annex.rows), len(columns), landscape=True, lang=annex.lang, paper=annex.paper)
