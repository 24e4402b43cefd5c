"""What every workbook we write shares (``timetable.xlsx`` of either kind of table, ``调整通知.xlsx``).

They are written with XlsxWriter, which writes a 5,000-unit timetable in about half of openpyxl's
time and imports in a fifth (docs/performance.md); openpyxl stays the reader
(:mod:`scheduler.files.excel`). Here, once:

* **no formula, ever**: text is written as text (a unit's comment, a mail's subject, a note opening
  with ``=``, ``=HYPERLINK(...)``, ``=_=`` must not run when the office opens the file), and no
  text becomes a link or a number;
* the **same inputs give the same bytes**: the document's created and modified time and its ZIP
  entries' times are :func:`~scheduler.export.stamps.file_time` (``SOURCE_DATE_EPOCH``, else the
  day the file is issued);
* column widths in Excel's characters (what openpyxl stored), one :class:`Format` per look.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from wcwidth import wcswidth, wcwidth

from scheduler.export.paper import A4, Paper
from scheduler.export.stamps import dated_zip, file_time

if TYPE_CHECKING:
    from scheduler.export.annex import Answers

CREATOR = "docking-scheduler"
_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
_DIGIT = 7  # pixels of a digit in Calibri 11: XlsxWriter stores a width of n * 7 pixels as n characters
# (and a height of p * 4 / 3 pixels as p points)
_CHARACTER = 7.5  # pixels of a half of a Chinese character in 11-point 宋体 (14.67 px), or of a digit in it, with room
PAGE_FOOTER = "&C第 &P 页 共 &N 页"
"""Every printable sheet's footer: the page's number and the count, centred (as ``timetable.docx``'s)."""
_LINE = 14.5  # points of a line of 11-point 宋体 (Excel's own row for it is 14.25)


class Book:
    """A workbook being written: its sheets, a format per distinct look, and at the end its bytes."""

    def __init__(self, title: str, issued: date) -> None:
        import xlsxwriter

        self._out = io.BytesIO()
        self._moment = file_time(issued)
        self.workbook = xlsxwriter.Workbook(self._out, _OPTIONS)
        self.workbook.set_properties({"title": title, "author": CREATOR, "created": self._moment})
        self._formats: dict[tuple[tuple[str, object], ...], Any] = {}

    def sheet(self, name: str) -> Any:
        """A new worksheet, after the others, with the page margins our files have always printed with
        (openpyxl's: 0.75 inch at the sides, 1 at the top and bottom, 0.5 for the header and footer)."""
        ws = self.workbook.add_worksheet(name)
        ws.set_margins(left=0.75, right=0.75, top=1.0, bottom=1.0)
        ws.set_header("", {"margin": 0.5})
        ws.set_footer("", {"margin": 0.5})
        return ws

    def format(self, **properties: object) -> Any:
        """The format with these XlsxWriter properties (``bold=True``, ``border=1`` ...), made once."""
        key = tuple(sorted(properties.items()))
        made = self._formats.get(key)
        if made is None:
            made = self._formats[key] = self.workbook.add_format(dict(properties))
        return made

    def saved(self) -> bytes:
        """The workbook, closed, as ``.xlsx`` bytes dated as the module says."""
        self.workbook.close()
        return dated_zip(self._out.getvalue(), self._moment)


def put(ws: Any, row: int, column: int, value: object, style: Any = None) -> None:
    """One cell (0-based ``row`` and ``column``): text always as text, numbers, dates; ``None`` or
    ``""`` leaves it empty (with ``style``'s borders and format, if any)."""
    if value is None or value == "":
        if style is not None:
            ws.write_blank(row, column, None, style)
    elif isinstance(value, str):
        ws.write_string(row, column, value, style)
    elif isinstance(value, datetime):
        ws.write_datetime(row, column, value, style)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        ws.write_number(row, column, value, style)
    else:
        ws.write_string(row, column, str(value), style)


def set_width(ws: Any, column: int, characters: float) -> None:
    """``column`` (0-based) ``characters`` wide as Excel stores a width (the number openpyxl wrote)."""
    ws.set_column_pixels(column, column, characters * _DIGIT)


def set_height(ws: Any, row: int, points: float) -> None:
    """``row`` (0-based) ``points`` high, exactly (``set_row`` rounds to whole pixels: 22 became 21.75)."""
    ws.set_row_pixels(row, points * 4 / 3)


def fitted_width(texts: Iterable[str], pad: float, widest: float) -> float:
    """A column's width for ``texts`` in characters: the widest text's display width (a Chinese
    character counts two; a text ``wcswidth`` cannot measure, such as one with a line break, by its
    length) plus ``pad``, at least 8 and at most ``widest``."""
    return min(widest, max(8.0, max(max(wcswidth(t), len(t)) for t in texts) + pad))


def line_room(width: float, indent: bool = False, size: float = 11) -> int:
    """How many digits' width of text a line of a wrapped column ``width`` characters wide holds
    (``size``-point 宋体 or 黑体, a Chinese character counting two): on the safe side, a character a
    little wider than two digits (as in Excel; LibreOffice's are narrower), the cell's padding (and
    ``indent``'s) off the width, one digit less for the rule that keeps ``，`` and ``）`` off a
    line's start."""
    room = width * _DIGIT - 6 - (10 if indent else 0)
    return max(2, int(room / (_CHARACTER * size / 11)) - 1)


def wrapping_column(texts: Iterable[str], widest: float, indent: bool = False) -> tuple[float, int]:
    """A printed, wrapped column's width in characters for ``texts``, and what a line of it holds
    (:func:`line_room`), 0 when every text is sure to stay on one line: as wide as the widest text
    needs in Excel (where a Chinese character is a little over two digits, and ``indent`` and the
    padding take their part), at least 8 and at most ``widest``, past which longer texts wrap."""
    shown, broken = 0, False
    for text in texts:
        if "\n" in text:
            broken = True
            shown = max(shown, *(_shown(line) for line in text.split("\n")))
        else:
            shown = max(shown, _shown(text))
    needed = ((shown + 1) * _CHARACTER + 6 + (10 if indent else 0)) / _DIGIT
    width = min(widest, max(8.0, math.ceil(needed * 4) / 4))  # in quarters: line_room of it holds ``shown``
    room = line_room(width, indent)
    return width, 0 if room >= shown and not broken else room


def lines_in(text: str, room: int) -> int:
    """How many lines ``text`` takes in a column whose line holds ``room`` (:func:`line_room`): each of
    its lines (a line break in a cell is kept) wraps at the column's edge."""
    if 2 * len(text) <= room and "\n" not in text:  # most cells: one line, not measured
        return 1
    return sum(-(-max(1, _shown(line)) // room) for line in text.split("\n"))


def wrapped_height(lines: int, least: float, size: float = 11) -> float:
    """A row's height in points for ``lines`` wrapped lines of ``size``-point text, at least ``least``:
    Excel and WPS do not fit a row's height to its wrapped text when the file sets it, and
    LibreOffice does not fit a row the file leaves at the default either, so the writer sets it."""
    return max(least, math.ceil(lines * _LINE * size / 11 + 5))  # whole points


def fit_row(ws: Any, row: int, cells: Iterable[tuple[object, float]]) -> None:
    """A plain sheet's row ``row`` (0-based) as tall as its most wrapped text, given each cell's value
    and its column's width in characters (:func:`line_room` of it, :func:`wrapped_height`); a row whose
    texts all stay on one line keeps the default height (QA print24 F13: LibreOffice ran a wrapped cell
    of a row left at the default into the rows below it)."""
    lines = max((lines_in(v, line_room(w)) for v, w in cells if isinstance(v, str) and v), default=1)
    if lines > 1:
        set_height(ws, row, wrapped_height(lines, 15))


def _shown(text: str) -> int:
    width = wcswidth(text)
    return width if width >= 0 else sum(max(0, wcwidth(c)) for c in text)


FONTS = {"zh": ("宋体", "黑体"), "en": ("Calibri", "Calibri")}
"""A printed sheet's fonts (its text's, its title's) by the workbook's language: 宋体 (SimSun) and 黑体 (SimHei)
for a Chinese one; Excel's own Calibri for an English one, whose office's Excel may have no Chinese font
(an English Windows installs SimSun only with the optional Chinese fonts) and whose font box said 宋体
(QA print24 F8). Calibri is narrower than 宋体, so the rows counted for 宋体 hold its lines."""


def printed_page(
    ws: Any, first: int, last: int, printed: int, landscape: bool = False, lang: str = "zh", paper: Paper = A4
) -> None:
    """A printable sheet's page: panes frozen above row ``first``, the print area to row ``last`` over
    ``printed`` columns, the header row (the one above ``first``) repeated on every page, A4 one page
    wide (or ``paper``'s), centred, "第 N 页 共 M 页" (``Page N of M`` in ``en``) at the foot of every page."""
    ws.freeze_panes(first, 0)
    ws.print_area(0, 0, max(last, first - 1), printed - 1)
    ws.repeat_rows(first - 1)
    ws.set_paper(paper.excel)  # 9: A4, 1: Letter
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.set_footer(page_footer(lang), {"margin": 0.5})


def page_footer(lang: str) -> str:
    """The footer's text in ``lang``, Excel's codes for the page and the count in it (the catalog's
    ``output.page_footer``, as ``timetable.docx``'s): :data:`PAGE_FOOTER` in Chinese."""
    from scheduler.text.messages import Message, render

    return "&C" + render(Message("output.page_footer", page="&P", pages="&N"), lang)


def answers_sheet(book: Book, answers: Answers, head: Any, lang: str = "zh", paper: Paper = A4) -> None:
    """A plain sheet (no merges, a header row in ``head``, filters) of every answer read, its long
    texts wrapped in rows as tall as they need; printed as the data sheet is (printing the whole
    workbook prints it: ``paper`` landscape, one page wide, the header on every page, numbered)."""
    ws = book.sheet(answers.title)
    wrap = book.format(text_wrap=True, valign="top")
    widths = [
        fitted_width([str(label)] + [str(r[j]) for r in answers.rows], 2.0, 50.0)
        for j, label in enumerate(answers.header)
    ]
    top = len(answers.read)  # when the answers were read, above the header (QA qaimap26 F3)
    for i, line in enumerate(answers.read):
        put(ws, i, 0, line, None)
    for j, label in enumerate(answers.header):
        put(ws, top, j, label, head)
    for i, row in enumerate(answers.rows, start=top + 1):
        for j, value in enumerate(row):
            put(ws, i, j, value, wrap if isinstance(value, str) else None)
        fit_row(ws, i, zip(row, widths, strict=False))
    for j, width in enumerate(widths):
        set_width(ws, j, width)
    last = top + len(answers.rows)
    if answers.rows:
        ws.autofilter(top, 0, last, len(answers.header) - 1)
    printed_page(ws, top + 1, last, len(answers.header), landscape=True, lang=lang, paper=paper)
