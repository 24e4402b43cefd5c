"""``timetable.xlsx`` of a meeting timetable: a printable sheet and a plain data sheet (openpyxl).

The first sheet, ``会议安排``, is for printing: the title merged over the printed columns (序号,
时间, 时长, 会议, 会议室, 参会人员, 可选参会人员, 备注), the header repeated on every page, one row
per meeting in time order, a heavier line where a day ends; the table's other columns (人数,
指定会议室, 时段, 系列 ...) follow outside the print area, so the sheet still validates as it
stands (``validate timetable.xlsx``). 时间 is a real Excel date shown ``7月15日 8:00``.

The second sheet, ``数据``, holds the same rows as plain data: one header row, no merged cell, 时间
with its year (``2025-07-15 08:00``) and 结束 beside it, an autofilter; it reads back with
``validate timetable.xlsx --sheet 数据`` and ``pandas.read_excel(path, sheet_name="数据")``.
"""

from __future__ import annotations

from typing import Any

from wcwidth import wcswidth

from scheduler.export.annex import Answers
from scheduler.export.meeting_sheet import MeetingRow, MeetingSheet
from scheduler.export.xlsx import _answers_sheet, workbook_bytes
from scheduler.files.tables import LENGTH, MEETING, NO, NOTE, OPTIONAL, PARTICIPANTS, TIME

TABLE_FONT = "宋体"
TITLE_FONT = "黑体"
TIME_FORMAT = 'm"月"d"日" h:mm'
DATA_SHEET = "数据"
DATA_TIME_FORMAT = "yyyy-mm-dd hh:mm"
END = "结束"
FIXED_WIDTHS = {NO: 6.0, TIME: 15.0, LENGTH: 9.0}
WIDE = {MEETING: 28.0, PARTICIPANTS: 36.0, OPTIONAL: 22.0, NOTE: 20.0}


def render_meeting_xlsx(sheet: MeetingSheet, answers: Answers | None = None) -> bytes:
    """The meeting timetable as ``.xlsx`` bytes; ``answers`` adds a sheet of who answered what."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    _printable(book.active, sheet)
    _data(book.create_sheet(DATA_SHEET), sheet)
    if answers is not None:
        _answers_sheet(book, answers, Font(name=TABLE_FONT, size=11, bold=True))
    book.properties.title = sheet.title
    book.properties.creator = "docking-scheduler"
    return workbook_bytes(book)


def _value(row: MeetingRow, column: str) -> Any:
    text = row.cells.get(column, "")
    if column == TIME and row.start is not None:
        return row.start
    if column == NO and text.isdigit():
        return int(text)
    return text if text != "" else None


def _printable(ws: Any, sheet: MeetingSheet) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    ws.title = "会议安排"
    columns = list(sheet.columns)
    printed = len(sheet.printed)
    thin, medium = Side(style="thin"), Side(style="medium")
    body, head = Font(name=TABLE_FONT, size=11), Font(name=TABLE_FONT, size=11, bold=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    title = ws.cell(row=1, column=1, value=sheet.title)
    title.font = Font(name=TITLE_FONT, size=16, bold=True)
    title.alignment = centre
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=printed)
    ws.row_dimensions[1].height = 34
    for j, column in enumerate(columns, start=1):
        cell = ws.cell(row=2, column=j, value=sheet.label(column))
        cell.font, cell.alignment = head, centre
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    first = 3
    for i, row in enumerate(sheet.rows):
        last_of_day = i + 1 < len(sheet.rows) and _day(row) != _day(sheet.rows[i + 1])
        for j, column in enumerate(columns, start=1):
            cell = ws.cell(row=first + i, column=j, value=_value(row, column))
            cell.font = body
            cell.alignment = left if column in (MEETING, PARTICIPANTS, OPTIONAL, NOTE) else centre
            cell.border = Border(left=thin, right=thin, top=thin, bottom=medium if last_of_day else thin)
            if column == TIME and row.start is not None:
                cell.number_format = TIME_FORMAT
    for j, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(j)].width = FIXED_WIDTHS.get(column) or _fitted(sheet, column)
    last = first + len(sheet.rows) - 1
    ws.freeze_panes = ws.cell(row=first, column=1)
    ws.print_area = f"A1:{get_column_letter(printed)}{max(last, 2)}"
    ws.print_title_rows = "2:2"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True


def _day(row: MeetingRow) -> object:
    return row.start.date() if row.start is not None else None


def _fitted(sheet: MeetingSheet, column: str) -> float:
    texts = [sheet.label(column)] + [row.cells.get(column, "") for row in sheet.rows]
    natural = max(max(wcswidth(t), len(t)) for t in texts) + 2.0
    return min(WIDE.get(column, 24.0), max(8.0, natural))


def _data(ws: Any, sheet: MeetingSheet) -> None:
    """Every column, plain: one header row, one row per meeting, 时间 and 结束 with their year."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    columns = list(sheet.columns)
    at = columns.index(TIME) + 1
    header = [sheet.label(c) for c in columns]
    header.insert(at, END)
    ws.append(header)
    for row in sheet.rows:
        values = [_value(row, c) for c in columns]
        values.insert(at, row.end)
        ws.append(values)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for col in (at, at + 1):
        letter = get_column_letter(col)
        for cell in ws[letter][1:]:
            cell.number_format = DATA_TIME_FORMAT
        ws.column_dimensions[letter].width = 17.0
    for j, column in enumerate(columns, start=1):
        k = j if j <= at else j + 1
        if column != TIME:
            ws.column_dimensions[get_column_letter(k)].width = FIXED_WIDTHS.get(column) or _fitted(sheet, column)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(sheet.rows) + 1}"
