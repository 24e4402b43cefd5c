"""``timetable.docx`` of a meeting timetable: the day x time grid of each room, one page per room.

A4 (portrait up to three day columns, landscape beyond): the title, then for each room its name and
a table with the days across and the steps of the day down; a meeting is one cell merged down over
its length, holding its title and its time and length always, and who comes as much as its height
holds (rows have one height so that a two-hour meeting is twice as tall as a one-hour one; that
height is at least one, so a short meeting whose title and time need more grows its rows rather than
having them cut). A double
line marks a break. Past five days a room's grid goes on in another table on the next page, under
the room's name again (two tables never touch: Word would join them into one, under the first one's
days). The 备注 of a room's meetings follow its last grid, one line each (:func:`note_lines`).
Every page is numbered at its foot ("第 N 页 共 M 页") and every run names its
East Asian font, as the unit annex does (:mod:`scheduler.export.docx`). Its own words, dates and page
numbers are in the table's language (:attr:`MeetingSheet.lang`: ``Wednesday, Sep 1``, ``Page 1 of 2``).
Each table's header and one template row are made through python-docx; the grid's rows are written
as XML text from that row's parts (:mod:`scheduler.export.docx_rows`).
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from scheduler.export.docx import (
    BODY_FONT,
    TITLE_FONT,
    default_fonts,
    document_properties,
    page_footer,
    row_flag,
    run_text,
    saved_and_let_go,
)
from scheduler.export.docx_rows import marker, markup, opened, run_content, with_rows
from scheduler.export.meeting_grid import Block, Layout, RoomGrid, clock, layout
from scheduler.export.meeting_sheet import DASH, MeetingSheet, length_text, note_lines
from scheduler.text.times import dated, end_clock, format_date, format_day, format_weekday

DAYS_PER_TABLE = 5
CLOCK_MM = 14
ROW_MM = (4.2, 7.5)
"""The rows' height: what fills the page (one room a page), within these bounds."""
TITLE_MM = 7.5
"""The height of each further line of a title that wraps (16 point, as the first is counted)."""
LINE_MM = 3.4
"""The height of one line of 8-point text in a cell, margins included."""
NOTE_MM = 5.0
"""The height of one line of 10.5-point text under the grid (a 备注's line): the rows of every grid are
shortened by the notes' lines, so the last room's page still holds its grid and the notes (within
:data:`ROW_MM`; many notes go on to a page of their own)."""


def render_meeting_docx(sheet: MeetingSheet) -> bytes:
    """The meeting timetable as ``.docx`` bytes."""
    from docx import Document as new_document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Pt

    grids = layout(sheet)
    chunks = [grids.days[i : i + DAYS_PER_TABLE] for i in range(0, len(grids.days), DAYS_PER_TABLE)] or [()]
    widest = max(sum(room.lanes.get(d, 1) for d in chunk) for chunk in chunks for room in grids.rooms)
    landscape = widest > 3
    doc = new_document()
    default_fonts(doc)
    _page(doc.sections[0], landscape, sheet)
    across, down = sheet.paper.size(landscape)
    usable = across - 24
    used = [room for room in grids.rooms if room.meetings]
    held = {room.name: {id(block.row) for block in room.starts.values()} for room in used}
    notes = {room.name: note_lines(sheet, [r for r in sheet.rows if id(r) in held[room.name]]) for room in used}
    placed = set().union(*held.values())
    others = note_lines(sheet, [r for r in sheet.rows if id(r) not in placed])  # those in no grid
    # the margins, the title, the room's name, the header; and the notes' lines under the room's grid
    # (under the last one, the wishes and the meetings without a room's too)
    after = [_lines(notes[room.name], usable) for room in used] or [0]
    after[-1] += _lines(others, usable) + _lines(list(sheet.wishes), usable) + (1 if grids.unplaced else 0) + 1
    height = down - 24 - 34 - NOTE_MM * max(after) - TITLE_MM * (_title_lines(sheet.title, usable) - 1)
    row_mm = min(ROW_MM[1], max(ROW_MM[0], height / max(1, len(grids.times))))
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(4)
    run_text(title, sheet.title, TITLE_FONT, 16)
    rows: list[bytes] = []  # each table's body rows, as XML text
    for n, room in enumerate(used):
        for k, chunk in enumerate(chunks):
            # a page per room and per five days: the break goes before the room's name, which stands
            # between two tables of a room (tables that touch are one table to Word)
            heading = doc.add_paragraph()
            heading.paragraph_format.space_before = Pt(2)
            heading.paragraph_format.space_after = Pt(3)
            heading.paragraph_format.keep_with_next = True
            if n or k:
                heading.add_run().add_break(WD_BREAK.PAGE)
            named = sheet.said("output.m.room_heading", room=room.name, seats=room.seats) if room.seats else room.name
            run_text(heading, named, TITLE_FONT, 13)
            rows += _table(doc, sheet, grids, room, list(chunk), (usable, row_mm), len(rows))
        for line in notes[room.name]:  # the room's meetings' 备注 under its grid (NOTE_MM)
            run_text(doc.add_paragraph(), line, BODY_FONT, 10.5)
    if grids.unplaced:
        names = sheet.names([r.title for r in grids.unplaced])
        run_text(doc.add_paragraph(), sheet.said("output.m.unplaced", names=names), BODY_FONT, 10.5)
    for line in others:
        run_text(doc.add_paragraph(), line, BODY_FONT, 10.5)
    _wishes(doc, sheet.wishes)
    issued = doc.add_paragraph()
    issued.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run_text(issued, dated(format_date(sheet.issued), sheet.lang), BODY_FONT, 10.5)
    document_properties(doc, sheet.title)
    saved = saved_and_let_go(doc)
    return with_rows(saved, rows) if rows else saved


def _page(section: Any, landscape: bool, sheet: MeetingSheet) -> None:
    """A4 (or the sheet's paper), upright or across, 12 mm margins, the page numbers in the footer (in the
    sheet's language)."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = (Mm(side) for side in sheet.paper.size(landscape))
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Mm(12))
    section.footer_distance = Mm(5)  # "第 N 页 共 M 页" within the 12 mm margin: the grid keeps its page
    page_footer(section, sheet.lang)


def _title_lines(title: str, usable: float) -> int:
    """How many lines the 16-point title takes in ``usable`` millimetres, on the safe side (a Chinese
    character 5.7 mm wide, a Latin one 3.3, as a wide serif face sets it): a title that wraps took the room
    the grid was given, and the last room's notes or date went onto a page of their own (QA print24 F10)."""
    from wcwidth import wcwidth

    return max(1, math.ceil(sum(5.7 if wcwidth(c) == 2 else 3.3 for c in title) / usable))


def _lines(texts: list[str], usable: float) -> int:
    """How many lines of 10.5-point text ``texts`` take in ``usable`` millimetres, each wrapped (a
    Chinese character 3.7 mm wide, a Latin one about half)."""
    from wcwidth import wcswidth

    per_line = max(1.0, usable / 1.85)
    return sum(max(1, math.ceil(max(0, wcswidth(text)) / per_line)) for text in texts)


def _wishes(doc: Any, lines: tuple[str, ...]) -> None:
    """``时段偏好：满足 m/n``, then each meeting outside its wish (validate's words: :attr:`MeetingSheet.wishes`),
    one paragraph each set close (no space after), so that each takes :data:`NOTE_MM` as the grids allow."""
    from docx.shared import Pt

    for line in lines:
        said = doc.add_paragraph()
        said.paragraph_format.space_after = Pt(0)
        run_text(said, line, BODY_FONT, 10.5)


def _table(
    doc: Any,
    sheet: MeetingSheet,
    grids: Layout,
    room: RoomGrid,
    days: list[date],
    size: tuple[float, float],
    number: int,
) -> list[bytes]:
    """The room's table for ``days``: its header made through python-docx, then a body row made as
    the template of the rows, which are written as XML text (returned, and the ``number``-th
    :func:`marker` left where they go). Made through python-docx, the 10,000 cells of 400 meetings in
    50 rooms took about a second."""
    from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    usable, row_mm = size  # the page's width and a row's height, in millimetres
    lanes = [(day, lane) for day in days for lane in range(room.lanes.get(day, 1))]
    width = (usable - CLOCK_MM) / max(1, len(lanes))
    table = doc.add_table(rows=1 + min(1, len(grids.times)), cols=1 + len(lanes))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [CLOCK_MM] + [width] * len(lanes)
    for j, column in enumerate(table.columns):
        column.width = Mm(widths[j])
    header = table.rows[0]
    row_flag(header, "w:tblHeader")
    column = 1
    for day in days:
        count = room.lanes.get(day, 1)
        cell = header.cells[column]
        if count > 1:
            cell = cell.merge(header.cells[column + count - 1])
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        lang = sheet.lang
        said = sheet.said(
            "output.m.day_head", day=dated(format_day(day), lang), weekday=dated(format_weekday(day), lang)
        )
        run_text(paragraph, said, BODY_FONT, 9.5, bold=True)
        column += count
    run_text(header.cells[0].paragraphs[0], sheet.said("output.time_header"), BODY_FONT, 8, bold=True)
    if not grids.times:
        return []
    template = table.rows[1]
    template.height = Mm(row_mm)
    template.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST  # exact, a short meeting's title and time were cut
    row_flag(template, "w:cantSplit")
    for j, cell in enumerate(template.cells):
        cell.width = Mm(widths[j])
        _tight_paragraph(cell.paragraphs[0])
    parts = _GridParts(template)
    table._tbl.replace(template._tr, marker(number))
    return [_grid_rows(parts, sheet, grids, room, lanes, (width, row_mm))]


def _grid_rows(
    parts: _GridParts,
    sheet: MeetingSheet,
    grids: Layout,
    room: RoomGrid,
    lanes: list[tuple[date, int]],
    size: tuple[float, float],
) -> bytes:
    """The body rows of a room's table as XML text: each step's clock (on the hour and half hour,
    the first row and after a break), a double line above the rows after a break, and each meeting
    one shaded cell merged down over its length."""
    width, row_mm = size  # a lane's width and a row's height, in millimetres
    xml: list[str] = []
    for i, minute in enumerate(grids.times):
        after_break = i in grids.after_break
        xml.append(parts.start)
        shown = minute % 30 == 0 or after_break or i == 0
        xml.append(parts.cell(0, None, after_break))
        xml.append(parts.paragraph([(clock(minute), 7.5, False)] if shown else []))
        xml.append("</w:tc>")
        for j, (day, lane) in enumerate(lanes, start=1):
            block = room.starts.get((day, lane, i))
            if block is not None:
                merge = "restart" if block.span > 1 else None
                xml.append(parts.cell(j, merge, after_break, shaded=True))
                texts = _block_texts(sheet, block, width, row_mm)
                xml += (parts.paragraph([(text, 8, bold)]) for text, bold in texts)
            else:
                merge = "continue" if (day, lane, i) in room.covered else None
                xml += (parts.cell(j, merge, after_break), parts.paragraph([]))
            xml.append("</w:tc>")
        xml.append("</w:tr>")
    return "".join(xml).encode("utf-8")


def _block_texts(sheet: MeetingSheet, block: Block, width: float, row_mm: float) -> list[tuple[str, bool]]:
    """A meeting's cell: its title (bold) and its time and length, always (the rows are at least as
    tall as the text, so a short meeting's rows grow for them); then who comes, in the lines its
    height holds beside those, the title's and the time's lines counted as wrapped in ``width``."""
    row = block.row
    assert row.start is not None and row.end is not None
    lines = max(1, int(block.span * row_mm // LINE_MM))
    when = f"{clock(row.start.hour * 60 + row.start.minute)}{DASH[sheet.lang]}{end_clock(row.end)}"
    said = sheet.said("output.m.when_length", when=when, length=length_text(row.minutes, sheet.lang))
    texts = [(row.title, True), (said, False)]
    left = lines - sum(_wrapped(text, width) for text, _ in texts)
    if left >= 1:
        texts.append((_people(sheet, row.required, row.optional, left * _columns(width)), False))
    return texts


def _columns(width: float) -> int:
    """How many half-width characters of 8-point text a line holds in a cell ``width`` mm wide (a Chinese
    character 2.8 mm, two columns; the cell's margins, 1.9 mm a side, off)."""
    return max(1, int((width - 3.8) / 1.45))


def _wrapped(text: str, width: float) -> int:
    """How many lines ``text`` takes in 8-point type in a cell ``width`` mm wide, on the safe side."""
    from wcwidth import wcswidth

    return max(1, math.ceil(max(0, wcswidth(text)) / _columns(width)))


class _GridParts:
    """The XML text of a grid row's parts, taken once from a body row as python-docx made it (its
    height, its cells' widths and tight paragraphs): the row's start, each column's cell up to its
    paragraphs for each merge, double line above and shade, and a tight paragraph holding runs of
    each size and weight, each written by the same python-docx calls as before."""

    def __init__(self, template: Any) -> None:
        from copy import deepcopy

        from docx.oxml.ns import qn

        self._story = template.cells[0]  # the python-docx parent of the runs made below
        row = deepcopy(template._tr)
        self._cells = list(row.tc_lst)
        for tc in self._cells:
            row.remove(tc)
            for p in tc.findall(qn("w:p")):
                tc.remove(p)
        self.start = opened(row)
        self._paragraph = template._tr.tc_lst[0].find(qn("w:p"))
        self._opened = opened(self._paragraph)
        self._empty = markup(self._paragraph)
        self._made: dict[Any, str] = {}

    def cell(self, j: int, merge: str | None, after_break: bool, shaded: bool = False) -> str:
        """Column ``j``'s cell up to its paragraphs."""
        key = (j, merge, after_break, shaded)
        made = self._made.get(key)
        if made is None:
            from copy import deepcopy

            tc = deepcopy(self._cells[j])
            if after_break:
                _border_top(tc)
            if merge is not None:
                tc.vMerge = merge
            if shaded:
                _shade(tc)
            made = self._made[key] = opened(tc)
        return made

    def paragraph(self, runs: list[tuple[str, float, bool]]) -> str:
        """A tight paragraph holding a run for each (text, size, bold)."""
        if not runs:
            return self._empty
        return (
            self._opened
            + "".join(self._run(size, bold) + run_content(text) + "</w:r>" for text, size, bold in runs)
            + "</w:p>"
        )

    def _run(self, size: float, bold: bool) -> str:
        key = (size, bold)
        made = self._made.get(key)
        if made is None:
            from copy import deepcopy

            from docx.text.paragraph import Paragraph

            p = deepcopy(self._paragraph)
            run_text(Paragraph(p, self._story), "", BODY_FONT, size, bold)
            made = self._made[key] = opened(p[-1])
        return made


def _people(sheet: MeetingSheet, required: tuple[str, ...], optional: tuple[str, ...], room: int) -> str:
    """Who comes, in about ``room`` half-width columns (a Chinese character two, a Latin letter one): every
    name when they fit, else the first names that fit whole and ``…等 9 人`` (``… (9 in all)``). Cut by
    characters, an English list lost half its room and its names mid-word (``Jean-Bap… (10 in all)``,
    ``With… (3 in all)``: QA print24 F4); a Chinese list whose names are all Chinese is cut as before."""
    from wcwidth import wcswidth

    text = _listed(sheet, required, optional)
    if _width(text) <= room:
        return text
    total = len(required) + len(optional)
    tail = sheet.said("output.m.cut", count=total)
    if sheet.lang == "zh" and wcswidth(text) == 2 * len(text):  # all wide: the cut as it always was
        return text[: max(1, room // 2 - len(tail))] + tail
    for upto in range(total - 1, 0, -1):
        shown = _listed(sheet, required, optional, upto) + tail
        if _width(shown) <= room:
            return shown
    return tail.lstrip("…").strip()


def _listed(sheet: MeetingSheet, required: tuple[str, ...], optional: tuple[str, ...], upto: int | None = None) -> str:
    """The first ``upto`` (all) of who comes, as a block lists them: ``甲、乙；可选：丙``, ``A; B (optional: C)``."""
    names = [*required, *optional][:upto]
    shown = names[len(required) :]
    said = sheet.said("output.m.optional", names=sheet.names(shown)) if shown else ""
    return sheet.names(names[: len(required)]) + said


def _width(text: str) -> int:
    """``text``'s display width in half-width columns (its length when ``wcswidth`` cannot measure it)."""
    from wcwidth import wcswidth

    return max(wcswidth(text), len(text))


def _tight_paragraph(paragraph: Any) -> None:
    """No space before or after, single lines, in a paragraph that has no properties yet: ``w:spacing``
    written at once, as python-docx's setters write it (which took 1.1 s for 10,000 cells)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = OxmlElement("w:pPr")
    properties.append(OxmlElement("w:spacing", {qn(k): v for k, v in _TIGHT.items()}))
    paragraph._p.insert(0, properties)


_TIGHT = {"w:before": "0", "w:after": "0", "w:line": "240", "w:lineRule": "auto"}
"""What python-docx writes for ``space_before = space_after = Pt(0)`` and ``line_spacing = 1.0``."""


def _border_top(tc: Any) -> None:
    """A double line above the cell: the break before its row."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    top = OxmlElement("w:top")
    top.set(qn("w:val"), "double")
    top.set(qn("w:sz"), "6")
    top.set(qn("w:color"), "71717A")
    borders.append(top)
    properties.append(borders)


def _shade(tc: Any) -> None:
    """The cell shaded: a meeting."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shade = OxmlElement("w:shd")
    shade.set(qn("w:val"), "clear")
    shade.set(qn("w:fill"), "DBEAFE")
    tc.get_or_add_tcPr().append(shade)
