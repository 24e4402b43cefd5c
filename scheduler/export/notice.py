"""The adjustment notice (调整通知) written after ``reschedule --out``: who moves, from when to when.

A change to a published timetable is announced to the units it concerns, not by
sending the whole annex again. :func:`adjustment` lists every unit whose meeting
changed: moved (old time and room -> new), added (no old time) and withdrawn (no
new time); :func:`notice_files` renders it as ``调整通知.docx`` (a one-page notice in
the office's layout: title, salutation, the table, the closing sentence, the
issuing office and the date) and ``调整通知.xlsx`` (the same table, one row per
unit, real datetimes). Both are in the annex's language, the table's (:attr:`Notice.lang`: Chinese, or
English for a table with English headers): the units read them. The file name stays 调整通知 in either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from scheduler.domain import Timetable
from scheduler.export.paper import A4, Paper
from scheduler.export.stamps import file_time, stamped_zip
from scheduler.text.messages import Message, render
from scheduler.text.times import dated, format_date, format_time

NOTICE_NAME = "调整通知"
"""The notice's file name, without the extension."""
MOVED, ADDED, WITHDRAWN = "moved", "added", "withdrawn"
COLUMNS = ("序号", "单位", "原定时间", "调整后时间", "地点")


@dataclass(frozen=True)
class Adjustment:
    """One unit in the notice: its old and new meeting (``None`` for an added or a withdrawn unit)."""

    unit: str
    before: datetime | None
    after: datetime | None
    room_before: str
    room_after: str

    @property
    def kind(self) -> str:
        """``moved``, ``added`` or ``withdrawn``."""
        if self.before is None:
            return ADDED
        return WITHDRAWN if self.after is None else MOVED


@dataclass(frozen=True)
class Notice:
    """Everything the notice shows."""

    title: str
    """The timetable's title (the rules' ``title``), or empty."""
    office: str
    """The issuing office (``[invites.organizer].name``), or empty."""
    issued: date
    rows: tuple[Adjustment, ...]
    rooms: bool = False
    """Whether there are several rooms: the table then has a 地点 column."""
    ordered: tuple[str, ...] = ()
    """The units among ``rows`` moved only because of the category order (QA jobs16 F7)."""
    categories: tuple[str, ...] = ()
    """The category order, named with ``ordered``."""
    lang: str = "zh"
    """The language of its words and times: the annex's (``en`` for a table with English headers)."""
    paper: Paper = A4
    """The paper it is laid out for: the annex's (the rules' ``paper``, :mod:`scheduler.export.paper`)."""

    def said(self, key: str, /, **params: object) -> str:
        """The catalog's sentence ``key`` in the notice's language."""
        return render(Message(key, **params), self.lang)


def adjustment(before: Timetable, after: Timetable) -> tuple[Adjustment, ...]:
    """Every unit whose time or room differs between ``before`` (the published timetable) and ``after``,
    in the order of their new times (a withdrawn unit at its old time), then by name. A table that
    names no room (one room, or rooms not written down) has no room to change."""
    old = {m.unit: m for m in before.meetings}
    new = {m.unit: m for m in after.meetings}
    rows = []
    for unit in [*new, *(u for u in old if u not in new)]:
        a, b = old.get(unit), new.get(unit)
        was = (a.start, a.room or "") if a is not None else (None, "")
        now = (b.start, b.room or "") if b is not None else (None, "")
        if was[0] == now[0] and (not was[1] or was[1] == now[1]):
            continue
        rows.append(Adjustment(unit, was[0], now[0], was[1], now[1]))
    return tuple(sorted(rows, key=lambda r: (r.after or r.before or datetime.min, r.unit)))


def office_of(extra: dict[str, Any]) -> str:
    """The issuing office named by the rules file's ``[invites.organizer].name``, if any."""
    organizer = extra.get("invites", {}).get("organizer", {}) if isinstance(extra.get("invites"), dict) else {}
    name = organizer.get("name", "") if isinstance(organizer, dict) else ""
    return name.strip() if isinstance(name, str) else ""


def _time(moment: datetime | None, empty: str, lang: str = "zh") -> str:
    return dated(format_time(moment), lang) if moment else empty


def cells(row: Adjustment, rooms: bool, lang: str = "zh") -> list[str]:
    """A row's texts under :data:`COLUMNS` (without 序号; 地点 only when ``rooms``), in ``lang``."""
    room = row.room_after or row.room_before
    if rooms and row.kind == MOVED and row.room_before and row.room_before != row.room_after:
        room = f"{row.room_before} → {row.room_after}"
    added, cancelled = (render(Message(key), lang) for key in ("notice.added", "notice.cancelled"))
    out = [row.unit, _time(row.before, added, lang), _time(row.after, cancelled, lang)]
    return [*out, room] if rooms else out


def heading(notice: Notice) -> str:
    """The notice's title."""
    return notice.said("notice.heading", title=notice.title) if notice.title else notice.said("notice.heading_untitled")


def sentences(notice: Notice) -> tuple[str, str, str]:
    """The salutation, the sentence before the table and the one after it."""
    salutation = notice.said("notice.salutation")
    if not notice.rows:
        return salutation, notice.said("notice.none"), notice.said("notice.none_after")
    withdrawn = notice.said("notice.withdrawn") if any(r.kind == WITHDRAWN for r in notice.rows) else ""
    return (
        salutation,
        notice.said("notice.before", count=len(notice.rows), ordered=_ordered(notice)),
        notice.said("notice.after", withdrawn=withdrawn),
    )


def _ordered(notice: Notice) -> str:
    """The units moved only because of the category order, said after the count: （其中 15 个单位因…随之调整）."""
    if not notice.ordered:
        return ""
    return notice.said("notice.ordered", count=len(notice.ordered), order=list(notice.categories))


def _labels(notice: Notice, columns: Sequence[str]) -> list[str]:
    """The table's header in the notice's language."""
    return [notice.said(f"notice.col.{column}") for column in columns]


def notice_files(notice: Notice, formats: Sequence[str]) -> dict[str, bytes]:
    """``调整通知.docx`` and ``调整通知.xlsx`` (as ``formats`` asks: ``docx``, ``xlsx``), stamped reproducibly."""
    files = {}
    moment = file_time(notice.issued)
    if "docx" in formats:
        files[f"{NOTICE_NAME}.docx"] = stamped_zip(render_notice_docx(notice), moment)
    if "xlsx" in formats:
        files[f"{NOTICE_NAME}.xlsx"] = render_notice_xlsx(notice)  # dated as it is written
    return files


def _rooms(notice: Notice) -> bool:
    return notice.rooms


# Long: as render_docx, the page, the title and the table set up top to bottom, as Word lays them out.
def render_notice_docx(notice: Notice) -> bytes:
    """The notice as a Word document: A4, 黑体 title, 仿宋 text, the table in 宋体."""
    from docx import Document as new_document
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    from scheduler.export.docx import (
        BODY_FONT,
        TITLE_FONT,
        default_fonts,
        document_properties,
        row_flag,
        run_text,
        saved_and_let_go,
    )

    doc = new_document()
    default_fonts(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = (Mm(side) for side in notice.paper.size())
    section.top_margin, section.bottom_margin = Mm(30), Mm(25)
    section.left_margin, section.right_margin = Mm(26), Mm(26)

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(18)
    run_text(title, heading(notice), TITLE_FONT, 18)
    salutation, before, after = sentences(notice)
    run_text(doc.add_paragraph(), salutation, TEXT_FONT, 14)
    intro = doc.add_paragraph()
    intro.paragraph_format.first_line_indent = Pt(28)
    intro.paragraph_format.space_after = Pt(10)
    run_text(intro, before, TEXT_FONT, 14)

    rooms = _rooms(notice)
    columns = list(COLUMNS if rooms else COLUMNS[:-1])
    widths = WIDTHS_ROOMS if rooms else WIDTHS
    if notice.rows:
        table = doc.add_table(rows=1 + len(notice.rows), cols=len(columns))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        texts = [_labels(notice, columns)]
        texts += [[str(i), *cells(r, rooms, notice.lang)] for i, r in enumerate(notice.rows, start=1)]
        for i, (row, values) in enumerate(zip(table.rows, texts, strict=True)):
            row.height = Mm(9)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            row_flag(row, "w:cantSplit")
            for j, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
                cell.width = Mm(widths[columns[j]])
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                paragraph = cell.paragraphs[0]
                paragraph.alignment = (
                    WD_ALIGN_PARAGRAPH.LEFT if columns[j] == "单位" and i else WD_ALIGN_PARAGRAPH.CENTER
                )
                run_text(paragraph, value, BODY_FONT, 12, bold=i == 0)
        row_flag(table.rows[0], "w:tblHeader")
        for j, column in enumerate(table.columns):
            column.width = table.rows[0].cells[j].width

    closing = doc.add_paragraph()
    closing.paragraph_format.first_line_indent = Pt(28)
    closing.paragraph_format.space_before = Pt(10)
    run_text(closing, after, TEXT_FONT, 14)
    for index, text in enumerate(t for t in (notice.office, dated(format_date(notice.issued), notice.lang)) if t):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if index == 0:
            paragraph.paragraph_format.space_before = Pt(28)
        run_text(paragraph, text, TEXT_FONT, 14)

    document_properties(doc, heading(notice))
    return saved_and_let_go(doc)


TEXT_FONT = "仿宋"  # FangSong: the body text of an official notice
WIDTHS = {"序号": 14, "单位": 64, "原定时间": 40, "调整后时间": 40}
WIDTHS_ROOMS = {"序号": 12, "单位": 46, "原定时间": 34, "调整后时间": 34, "地点": 32}
XLSX_WIDTHS = (6.0, 28.0, 16.0, 16.0, 22.0)
"""The workbook's columns in Excel's characters: 单位 wraps past 28, the row growing for it."""


def render_notice_xlsx(notice: Notice) -> bytes:
    """The notice's table as a sheet: a title line, a header, one row per unit (times as real
    datetimes), printed as the annex is (:func:`~scheduler.export.workbooks.printed_page`): the title
    merged and centred over the table, a grid, 单位 wrapped in rows tall enough, the header repeated."""
    from scheduler.export.workbooks import (
        FONTS,
        Book,
        line_room,
        lines_in,
        printed_page,
        put,
        set_height,
        set_width,
        wrapped_height,
    )

    book = Book(heading(notice), notice.issued)
    ws = book.sheet(notice.said("notice.sheet"))
    rooms = _rooms(notice)
    columns = list(COLUMNS if rooms else COLUMNS[:-1])
    widths = XLSX_WIDTHS[: len(columns)]
    table_font, title_font = FONTS[notice.lang]
    title = book.format(font_name=title_font, font_size=14, bold=True, align="center", valign="vcenter", text_wrap=True)
    put(ws, 0, 0, heading(notice), title)
    ws.merge_range(0, 0, 0, len(columns) - 1, None)  # (with no value and no format: the range alone)
    set_height(ws, 0, wrapped_height(lines_in(heading(notice), line_room(sum(widths), size=14)), 30, 14))
    grid = {"font_name": table_font, "font_size": 11, "valign": "vcenter", "text_wrap": True, "border": 1}
    head = book.format(**grid, bold=True, align="center")
    for j, label in enumerate(_labels(notice, columns)):
        put(ws, 1, j, label, head)
    set_height(ws, 1, 22)
    body, left = book.format(**grid, align="center"), book.format(**grid, align="left")
    when = book.format(**grid, align="center", num_format="mmm d h:mm" if notice.lang == "en" else 'm"月"d"日" h:mm')
    room = [line_room(w) for w in widths]
    for number, row in enumerate(notice.rows, start=1):
        texts = cells(row, rooms, notice.lang)
        values: list[object] = [number, row.unit, row.before or texts[1], row.after or texts[2], *texts[3:]]
        lines = 1
        for j, value in enumerate(values):
            put(ws, number + 1, j, value, when if isinstance(value, datetime) else left if j == 1 else body)
            if isinstance(value, str):
                lines = max(lines, lines_in(value, room[j]))
        set_height(ws, number + 1, wrapped_height(lines, 20))
    for j, width in enumerate(widths):
        set_width(ws, j, width)
    printed_page(ws, 2, len(notice.rows) + 1, len(columns), lang=notice.lang, paper=notice.paper)
    if notice.rows:
        ws.autofilter(1, 0, len(notice.rows) + 1, len(columns) - 1)
    return book.saved()
