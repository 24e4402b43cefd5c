"""``timetable.xlsx``: the annex as an Excel sheet, with openpyxl.

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

import io
from typing import TYPE_CHECKING, Any

from wcwidth import wcswidth

from scheduler.export.annex import Annex, Answers
from scheduler.files.tables import NO, NOTE, ROOM, TIME, UNIT

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

TABLE_FONT = "宋体"  # SimSun: on every Chinese Windows, and mapped to a CJK font elsewhere
TITLE_FONT = "黑体"  # SimHei
TIME_FORMAT = 'm"月"d"日" h:mm'
DATA_SHEET = "数据"
DATA_TIME_FORMAT = "yyyy-mm-dd hh:mm"
FIXED_WIDTHS = {NO: 6.0, TIME: 16.0, NOTE: 16.0}


# Long: the printable annex (and the answers sheet) written top to bottom, as the workbook reads;
# every part uses the styles, widths and print setup made at the start.
def render_xlsx(annex: Annex, answers: Answers | None = None) -> bytes:
    """The annex as ``.xlsx`` bytes; ``answers`` adds a sheet of who answered what."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    ws = book.active
    ws.title = "对接计划表"
    columns = list(annex.columns)
    printed = len(annex.printed)
    thin = Side(style="thin")
    body_font, head_font = Font(name=TABLE_FONT, size=11), Font(name=TABLE_FONT, size=11, bold=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1)

    title = ws.cell(row=1, column=1, value=annex.title)
    title.font = Font(name=TITLE_FONT, size=16, bold=True)
    title.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=printed)
    ws.row_dimensions[1].height = 36

    for j, column in enumerate(columns, start=1):
        cell = ws.cell(row=2, column=j, value=annex.label(column))
        cell.font, cell.alignment = head_font, centre
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.row_dimensions[2].height = 22

    # Body cells take one of three named styles (registered once) instead of a font, an
    # alignment and a border each: setting them cell by cell cost 2 ms a row (10 s at 5,000 units).
    grid = Border(left=thin, right=thin, top=thin, bottom=thin)
    styles = {
        "body": NamedStyle("对接表正文", font=body_font, alignment=centre, border=grid),
        "left": NamedStyle("对接表正文左", font=body_font, alignment=left, border=grid),
        "time": NamedStyle("对接表时间", font=body_font, alignment=centre, border=grid, number_format=TIME_FORMAT),
    }
    for style in styles.values():
        book.add_named_style(style)
    first = 3
    for i, row in enumerate(annex.rows):
        r = first + i
        for j, column in enumerate(columns, start=1):
            text = row.cells.get(column, "")
            value: object = text
            style = "left" if column in (UNIT, NOTE) else "body"
            if column == TIME and row.start is not None:
                value, style = row.start, "time"
            elif column == NO and text.isdigit():
                value = int(text)
            cell = ws.cell(row=r, column=j, value=value if value != "" else None)
            cell.style = styles[style].name
        ws.row_dimensions[r].height = 20

    frames = _Borders(book)
    for run in annex.shared():
        if len(run) < 2:
            continue
        top, bottom = first + run.start, first + run.stop - 1
        for r in range(top, bottom + 1):
            for j in range(1, printed + 1):
                frames.put(
                    ws.cell(row=r, column=j),
                    "medium" if j == 1 else "thin",
                    "medium" if j == printed else "thin",
                    "medium" if r == top else "thin",
                    "medium" if r == bottom else "thin",
                )
        for column in (TIME, ROOM):
            if column in columns:
                j = columns.index(column) + 1
                _merge_column(ws, frames, j, top, bottom, "medium" if j == printed else "thin")

    for j, column in enumerate(columns, start=1):
        texts = [annex.label(column)] + [row.cells.get(column, "") for row in annex.rows]
        fitted = min(44.0, max(8.0, max(max(wcswidth(t), len(t)) for t in texts) + 3.0))
        ws.column_dimensions[get_column_letter(j)].width = FIXED_WIDTHS.get(column, fitted)

    last = first + len(annex.rows) - 1
    ws.freeze_panes = ws.cell(row=first, column=1)
    ws.print_area = f"A1:{get_column_letter(printed)}{max(last, 2)}"
    ws.print_title_rows = "2:2"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    _data_sheet(book.create_sheet(DATA_SHEET), annex)
    if answers is not None:
        _answers_sheet(book, answers, head_font)
    book.properties.title = annex.title
    book.properties.creator = "docking-scheduler"
    return workbook_bytes(book)


def workbook_bytes(book: Any) -> bytes:
    """The workbook saved, every cell that looks like a formula kept as text (data type ``s``).

    We never write formulas: a string opening with ``=`` is a unit's comment, a mail's subject, a note
    (``=HYPERLINK(...)``, ``=_=``), and must not run when the office opens the file.
    """
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class _Borders:
    """Cell borders by their four sides' styles, each kind added to the workbook once.

    ``cell.border = Border(...)`` looks each new border up among every one the workbook has:
    linear per call, so with openpyxl's ``merge_cells`` (which checks each new range against
    every earlier one) a 5,000-unit table with 4,681 shared slots took 6.6 s to render
    (docs/performance.md). Here a border kind's id is looked up once."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.ids: dict[tuple[str | None, ...], int] = {}

    def put(self, cell: Any, left: str | None, right: str | None, top: str | None, bottom: str | None) -> None:
        key = (left, right, top, bottom)
        border_id = self.ids.get(key)
        if border_id is None:
            from openpyxl.styles import Border, Side

            sides = {name: Side(style=style) for name, style in zip(_SIDES, key, strict=True) if style}
            if len(sides) < len(_SIDES):  # a merged cell's: openpyxl's merge writes the others empty
                sides = {name: Side(style=style) for name, style in zip(_SIDES, key, strict=True)}
                sides["diagonal"] = Side()
            border_id = self.ids[key] = self.book._borders.add(Border(**sides))
        if not cell._style:  # (a merged cell has none yet)
            from openpyxl.styles.cell_style import StyleArray

            cell._style = StyleArray()
        cell._style.borderId = border_id  # what ``cell.border = ...`` sets, without the search


_SIDES = ("left", "right", "top", "bottom")


def _merge_column(ws: Worksheet, frames: _Borders, column: int, top: int, bottom: int, right: str) -> None:
    """Merge rows ``top``-``bottom`` of ``column`` inside a shared hour's frame, as openpyxl's
    ``merge_cells`` does but without its search of every earlier range (the annex's runs never
    overlap): a merged cell is drawn with its first cell's border (medium above and below, thin on
    the left, ``right`` on the right), and the cells below it become merged cells carrying that
    border's left and right sides, and its bottom side on the last row."""
    from openpyxl.cell.cell import MergedCell
    from openpyxl.worksheet.cell_range import CellRange

    frames.put(ws.cell(row=top, column=column), "thin", right, "medium", "medium")
    # (a plain range: the file records its reference only, and ``MergedCellRange`` would add the
    # last cell's right and bottom sides to the first cell's, which already has them)
    ws.merged_cells.ranges.add(CellRange(min_col=column, min_row=top, max_col=column, max_row=bottom))
    for r in range(top + 1, bottom + 1):
        merged = MergedCell(ws, row=r, column=column)
        ws._cells[r, column] = merged
        frames.put(merged, "thin", right, None, "medium" if r == bottom else None)


def _data_sheet(ws: Worksheet, annex: Annex) -> None:
    """One row per unit, no merges, real datetimes, an autofilter: the annex as data."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    columns = list(annex.columns)
    ws.append([annex.label(c) for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in annex.rows:
        values: list[object] = []
        for column in columns:
            text = row.cells.get(column, "")
            if column == TIME:
                values.append(row.start)
            elif column == NO and text.isdigit():
                values.append(int(text))
            else:
                values.append(text or None)
        ws.append(values)
    if TIME in columns:
        j = columns.index(TIME) + 1
        for r in range(2, len(annex.rows) + 2):
            ws.cell(row=r, column=j).number_format = DATA_TIME_FORMAT
    for j, column in enumerate(columns, start=1):
        texts = [annex.label(column)] + [row.cells.get(column, "") for row in annex.rows]
        fitted = min(44.0, max(8.0, max(wcswidth(t) for t in texts) + 3.0))
        ws.column_dimensions[get_column_letter(j)].width = 18.0 if column == TIME else fitted
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A1:{last}{len(annex.rows) + 1}"
    ws.freeze_panes = "A2"


def _answers_sheet(book: Any, answers: Answers, head: Any) -> None:
    """A plain sheet (no merges, a header row, filters) of every answer read."""
    from openpyxl.utils import get_column_letter

    ws = book.create_sheet(answers.title)
    ws.append(list(answers.header))
    for row in answers.rows:
        ws.append(list(row))
    for cell in ws[1]:
        cell.font = head
    for j, _ in enumerate(answers.header, start=1):
        texts = [str(answers.header[j - 1])] + [str(r[j - 1]) for r in answers.rows]
        ws.column_dimensions[get_column_letter(j)].width = min(
            50.0, max(8.0, max(max(wcswidth(t), len(t)) for t in texts) + 2.0)
        )
    ws.freeze_panes = "A2"
    if answers.rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(answers.header))}{len(answers.rows) + 1}"
