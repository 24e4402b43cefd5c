"""``timetable.xlsx`` of a meeting timetable: a printable sheet and a plain data sheet (XlsxWriter).

The first sheet, ``会议安排``, is for printing: the title merged over the printed columns (序号,
时间, 时长, 会议, 会议室, 参会人员, 可选参会人员, 备注), the header repeated on every page, one row
per meeting in time order, a heavier line where a day ends; the table's other columns (人数,
指定会议室, 时段, 系列 ...) follow outside the print area, so the sheet still validates as it
stands (``validate timetable.xlsx``). 时间 is a real Excel date shown ``7月15日 8:00``. When meetings
have a 时段偏好, a row between the title and the header says how many are met and which meetings are
outside theirs, as ``validate`` does (the reader skips it as it skips the title).

The second sheet, ``数据``, holds the same rows as plain data: one header row, no merged cell, 时间
with its year (``2025-07-15 08:00``) and 结束 beside it, an autofilter; it reads back with
``validate timetable.xlsx --sheet 数据`` and ``pandas.read_excel(path, sheet_name="数据")``.

An English table's workbook (:attr:`MeetingSheet.lang`) names its printable sheet ``Timetable``, shows
its times ``Sep 1 9:00`` and numbers its pages ``Page 1 of 2``; the data sheet keeps its name ``数据``,
the one the readers (and every older build on the office's other computers) find the plain copy by.
"""

from __future__ import annotations

from typing import Any

from scheduler.export.annex import Answers
from scheduler.export.meeting_sheet import MeetingRow, MeetingSheet
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
from scheduler.export.xlsx import TIME_FORMAT_EN
from scheduler.files.tables import (
    DATA_SHEET,
    END,
    HEADCOUNT,
    LENGTH,
    MEETING,
    NO,
    NOTE,
    OPTIONAL,
    PARTICIPANTS,
    TIME,
)

TIME_FORMAT = 'm"月"d"日" h:mm'
DATA_TIME_FORMAT = "yyyy-mm-dd hh:mm"
FIXED_WIDTHS = {NO: 6.0, TIME: 15.0, LENGTH: 9.0}
WIDE = {MEETING: 28.0, PARTICIPANTS: 36.0, OPTIONAL: 22.0, NOTE: 20.0}
THIN, MEDIUM = 1, 2  # XlsxWriter's border styles


def render_meeting_xlsx(sheet: MeetingSheet, answers: Answers | None = None) -> bytes:
    """The meeting timetable as ``.xlsx`` bytes; ``answers`` adds a sheet of who answered what."""
    book = Book(sheet.title, sheet.issued)
    _printable(book, sheet)
    _data(book, sheet)
    if answers is not None:
        head = book.format(font_name=FONTS[sheet.lang][0], font_size=11, bold=True)
        answers_sheet(book, answers, head, sheet.lang, sheet.paper)
    return book.saved()


def _value(row: MeetingRow, column: str) -> Any:
    text = row.cells.get(column, "")
    if column == TIME and row.start is not None:
        return row.start
    if column in (NO, HEADCOUNT) and text.strip().isdigit():  # numbers, for sorting and filtering
        return int(text)
    return text if text != "" else None


def _printable(book: Book, sheet: MeetingSheet) -> None:
    ws = book.sheet(sheet.said("output.m.sheet"))
    columns = list(sheet.columns)
    printed = len(sheet.printed)
    table_font, title_font = FONTS[sheet.lang]
    text = {"font_name": table_font, "font_size": 11, "valign": "vcenter", "text_wrap": True}
    title = book.format(font_name=title_font, font_size=16, bold=True, align="center", valign="vcenter", text_wrap=True)
    put(ws, 0, 0, sheet.title, title)
    ws.merge_range(0, 0, 0, printed - 1, None)  # (with no value and no format: the range alone)
    widths: list[float] = []
    rooms: list[int] = []  # what a line of each column holds (0: every text on one line, or not printed)
    for j, column in enumerate(columns):
        width, room = _column(sheet, column) if j < printed else (FIXED_WIDTHS.get(column) or _fitted(sheet, column), 0)
        widths.append(width)
        rooms.append(room)
    set_height(ws, 0, wrapped_height(lines_in(sheet.title, line_room(sum(widths[:printed]), size=16)), 34, 16))
    header = 1
    if sheet.wishes:  # under the title, above the header: a row the reader skips as it skips the title
        header = _wishes(book, ws, sheet, text, line_room(sum(widths[:printed])), printed)
    head = book.format(**text, bold=True, align="center", left=THIN, right=THIN, top=THIN, bottom=THIN)
    for j, column in enumerate(columns):
        put(ws, header, j, sheet.label(column), head)
    first = header + 1
    lefts = (MEETING, PARTICIPANTS, OPTIONAL, NOTE)
    for i, row in enumerate(sheet.rows):
        lines = 1
        last_of_day = i + 1 < len(sheet.rows) and _day(row) != _day(sheet.rows[i + 1])
        grid = {"left": THIN, "right": THIN, "top": THIN, "bottom": MEDIUM if last_of_day else THIN}
        for j, column in enumerate(columns):
            look = {**text, "align": "left" if column in lefts else "center", **grid}
            if column == TIME and row.start is not None:
                look["num_format"] = TIME_FORMAT_EN if sheet.lang == "en" else TIME_FORMAT
            value = _value(row, column)
            put(ws, first + i, j, value, book.format(**look))
            if rooms[j] and isinstance(value, str):
                lines = max(lines, lines_in(value, rooms[j]))
        set_height(ws, first + i, wrapped_height(lines, 20))  # tall enough for its wrapped text (nothing fits it)
    for j, width in enumerate(widths):
        set_width(ws, j, width)
    printed_page(ws, first, first + len(sheet.rows) - 1, printed, landscape=True, lang=sheet.lang, paper=sheet.paper)


def _wishes(book: Book, ws: Any, sheet: MeetingSheet, text: dict[str, Any], room: int, printed: int) -> int:
    """The preferred times met and the meetings outside theirs (:attr:`MeetingSheet.wishes`) in one cell
    merged over the printed columns under the title, each on its line (QA qaoffice18 F12); the header's row."""
    said = "\n".join(sheet.wishes)
    put(ws, 1, 0, said, book.format(**text, align="left"))
    ws.merge_range(1, 0, 1, printed - 1, None)
    set_height(ws, 1, wrapped_height(sum(lines_in(line, room) for line in sheet.wishes), 20))
    return 2


def _day(row: MeetingRow) -> object:
    return row.start.date() if row.start is not None else None


def _column(sheet: MeetingSheet, column: str) -> tuple[float, int]:
    """A printed column's width and what a line of it holds (:func:`wrapping_column`)."""
    if column == LENGTH:
        return _length_width(sheet), 0
    if column in FIXED_WIDTHS:
        return FIXED_WIDTHS[column], 0
    texts = [sheet.label(column)] + [row.cells.get(column, "") for row in sheet.rows]
    return wrapping_column(texts, WIDE.get(column, 24.0))


def _length_width(sheet: MeetingSheet) -> float:
    """时长's width: 9 characters, or as wide as its longest text and header need, up to 18: an English
    length (``90 minutes``, ``45 minutes``) and the header ``Duration`` wrapped in 9, and a row counted one
    line tall clipped the second line (QA print24 F5). A Chinese one (``90分钟``) keeps 9."""
    texts = [sheet.label(LENGTH)] + [row.cells.get(LENGTH, "") for row in sheet.rows]
    return max(FIXED_WIDTHS[LENGTH], fitted_width(texts, 2.0, 18.0))  # as the data sheet fits its columns


def _fitted(sheet: MeetingSheet, column: str) -> float:
    texts = [sheet.label(column)] + [row.cells.get(column, "") for row in sheet.rows]
    return fitted_width(texts, 2.0, WIDE.get(column, 24.0))


def _data_width(sheet: MeetingSheet, column: str) -> float:
    return _length_width(sheet) if column == LENGTH else FIXED_WIDTHS.get(column) or _fitted(sheet, column)


def _data(book: Book, sheet: MeetingSheet) -> None:
    """Every column, plain: one header row, one row per meeting, 时间 and 结束 with their year; printed
    (as printing the whole workbook does) on A4 landscape, one page wide, its header on every page."""
    ws = book.sheet(DATA_SHEET)
    columns = list(sheet.columns)
    at = columns.index(TIME) + 1
    header = [sheet.label(c) for c in columns]
    header.insert(at, sheet.label(END))
    bold, when = book.format(bold=True), book.format(num_format=DATA_TIME_FORMAT, valign="top")
    top = book.format(valign="top")  # a number of a taller row at its top, as the wrapped text beside it
    wrap = book.format(text_wrap=True, valign="top")  # a long 参会人员 wraps, on screen and on paper (qaoffice18 F11)
    widths = [
        17.0
        if column == TIME
        else _length_width(sheet)
        if column == LENGTH
        else FIXED_WIDTHS.get(column) or _fitted(sheet, column)
        for column in columns
    ]
    widths.insert(at, 17.0)
    for j, label in enumerate(header):
        put(ws, 0, j, label, bold)
    for i, row in enumerate(sheet.rows, start=1):
        values = [_value(row, c) for c in columns]
        values.insert(at, row.end)
        for j, value in enumerate(values):
            style = (
                when if j in (at - 1, at) else wrap if isinstance(value, str) else top if value is not None else None
            )
            put(ws, i, j, value, style)
        fit_row(ws, i, zip(values, widths, strict=True))  # LibreOffice runs a wrapped cell into the rows below
    for k, width in enumerate(widths):
        set_width(ws, k, width)
    ws.autofilter(0, 0, len(sheet.rows), len(header) - 1)
    printed_page(ws, 1, len(sheet.rows), len(header), landscape=True, lang=sheet.lang, paper=sheet.paper)
