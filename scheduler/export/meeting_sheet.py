"""A meeting timetable laid out for the files we write: rows in time order, the CSV, the rules used.

A meeting table (docs/meetings.md) comes back out with the columns it went in with, its times
and rooms filled in (时间, 会议室), in time order, so the folder ``solve --out DIR`` writes
validates as it stands (``validate DIR/timetable.csv``). :func:`meeting_sheet` builds the rows
once; ``.xlsx``, ``.docx`` and ``.html`` each render them (``meeting_xlsx``, ``meeting_docx``,
``meeting_html``). The rules are written as read, with the people sheet copied into the folder
beside them (``people = "people_2025.csv"``), so the folder works wherever it is copied.
Nothing here writes files.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from scheduler.domain import Room
from scheduler.domain.meetings import MeetingProblem, Plan, Session, Workdays
from scheduler.errors import InputError
from scheduler.export.meeting_summary import wish_lines
from scheduler.export.paper import A4, Paper, paper_of
from scheduler.files.meeting_files import LoadedMeetings
from scheduler.files.reasons import file_reason
from scheduler.files.tables import (
    ANSWER,
    END,
    LENGTH,
    MEETING,
    NO,
    NOTE,
    OPTIONAL,
    PARTICIPANTS,
    ROOM,
    TIME,
    english_headers,
    render_table,
    written_labels,
)
from scheduler.text.messages import Message, render
from scheduler.text.times import dated, end_clock, format_iso, format_time

PRINTED = (NO, TIME, LENGTH, MEETING, ROOM, PARTICIPANTS, OPTIONAL, NOTE)
"""The columns a printed timetable shows, in this order; the table's others follow (not printed)."""
HEADERS = {ROOM: "会议室", TIME: "时间"}
"""Header texts of the columns an output adds to a meeting table that lacks them."""
PEOPLE_NAME = "people.csv"
"""The people sheet's name in an output folder when its own name is taken by our files."""


@dataclass(frozen=True)
class MeetingRow:
    """One meeting: where and when it is, its length, who comes, and the text of each column."""

    title: str
    start: datetime | None
    end: datetime | None
    room: str
    minutes: int
    required: tuple[str, ...]
    optional: tuple[str, ...]
    cells: dict[str, str]


@dataclass(frozen=True)
class MeetingSheet:
    """What every published format shows: a title, the columns, the rows in time order, the calendar."""

    title: str
    issued: date
    columns: tuple[str, ...]
    """Canonical column names: the printed ones first, then the table's others."""
    printed: tuple[str, ...]
    labels: dict[str, str]
    rows: tuple[MeetingRow, ...]
    workdays: Workdays
    rooms: tuple[Room, ...]
    wishes: tuple[str, ...] = ()
    """How many preferred times (时段偏好) the timetable meets, then each meeting placed outside its own,
    as ``validate`` says them (:func:`~scheduler.export.meeting_summary.wish_lines`, indents dropped);
    none when no meeting has one (QA qaoffice18 F12: the printed files did not say which were met)."""
    lang: str = "zh"
    """The language of the files' own words and dates: ``en`` for a table with English headers
    (:func:`~scheduler.files.tables.english_headers`, as the unit annex decides it), else ``zh``."""
    paper: Paper = A4
    """The paper every printed file is laid out for: the rules' ``paper`` (:mod:`scheduler.export.paper`)."""

    def label(self, column: str) -> str:
        """The header text of a column (as the input table wrote it, else the Chinese name)."""
        return self.labels.get(column, column)

    def said(self, key: str, /, **params: object) -> str:
        """The catalog's sentence ``key`` in the sheet's language."""
        return render(Message(key, **params), self.lang)

    def names(self, names: Sequence[str]) -> str:
        """Names as a printed grid lists them: 甲、乙; in English ``Dr. Smith; Jane Doe``, a semicolon
        between, since a name may hold a comma (``Doe, Jane``: docs/formats.md)."""
        return ("、" if self.lang == "zh" else "; ").join(names)


DASH = {"zh": "—", "en": "–"}
"""Between a meeting's start and end: ``8:00—10:00``; an en dash in English (``8:00–10:00``)."""


def length_text(minutes: int, lang: str = "zh") -> str:
    """A length as offices write it, and as the tables read it back: ``2小时``, ``90分钟`` (``2 hours``,
    ``90 min``)."""
    if lang == "en":
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}" if minutes % 60 == 0 else f"{minutes} min"
    return f"{minutes // 60}小时" if minutes % 60 == 0 else f"{minutes}分钟"


def span_text(start: datetime, end: datetime, lang: str = "zh") -> str:
    """``7月15日 8:00—10:00`` (``Jul 15 8:00–10:00``; a meeting never crosses a day)."""
    return f"{dated(format_time(start), lang)}{DASH[lang]}{end_clock(end)}"


def note_lines(sheet: MeetingSheet, rows: Sequence[MeetingRow] | None = None) -> list[str]:
    """The 备注 of ``rows`` (all the sheet's meetings by default) as the printed grids give them, after
    the grids, in time order: a heading line, then ``民生实事专题会（3月9日 8:00—9:30）：请带笔记本电脑``
    per meeting with a note (none: no line); in English ``Notes:``, ``Budget (Mar 9 8:00–9:30): Bring …``."""
    noted = [row for row in (sheet.rows if rows is None else rows) if row.cells.get(NOTE, "").strip()]
    if not noted:
        return []
    lang = sheet.lang
    return [sheet.said("output.m.notes")] + [
        sheet.said(
            "output.m.note_line",
            title=row.title,
            when=span_text(row.start, row.end, lang) if row.start and row.end else sheet.said("output.m.not_placed"),
            note=row.cells[NOTE],
        )
        for row in noted
    ]


def _row_cells(loaded: LoadedMeetings) -> dict[str, dict[str, str]]:
    """Each meeting's cells as the table wrote them (a meeting added by a change has none)."""
    out: dict[str, dict[str, str]] = {}
    if loaded.table is not None:
        for row in loaded.table.rows:
            out.setdefault(row.get(MEETING), row.cells)
    return out


def _session_cells(session: Session, lang: str = "zh") -> dict[str, str]:
    """The cells of a meeting that is not in the table (added by ``reschedule --add``): its length in the
    table's language (``90 min`` under English headers), its names joined with 、 in either, as the
    outputs write names (docs/formats.md: a name may hold a comma, ``Doe, Jane``)."""
    return {
        MEETING: session.title,
        LENGTH: length_text(session.minutes, lang),
        PARTICIPANTS: "、".join(session.required),
        OPTIONAL: "、".join(session.optional),
        NOTE: session.note,
    }


def in_time_order(problem: MeetingProblem, plan: Plan) -> list[tuple[Session, datetime | None, str]]:
    """Every meeting of the problem with its start and room, by time, then room, then the table's order;
    meetings without a time last."""
    placed = plan.by_title()
    rooms = {r.name: i for i, r in enumerate(problem.rooms)}
    items = []
    for index, session in enumerate(problem.sessions):
        where = placed.get(session.title)
        start = where.start if where is not None else None
        room = (where.room if where is not None else None) or ""
        if not room and start is not None and len(problem.rooms) == 1:
            room = problem.rooms[0].name
        items.append((start is None, start or datetime.max, rooms.get(room, -1), index, session, start, room))
    items.sort(key=lambda item: item[:4])
    return [(session, start, room) for *_, session, start, room in items]


def meeting_rows(
    loaded: LoadedMeetings,
    plan: Plan,
    time_text: Callable[[datetime], str],
    answers: Mapping[str, str] | None = None,
) -> tuple[list[str], list[MeetingRow]]:
    """The output table's columns (canonical) and rows: the input's columns in their order, 序号
    renumbered, 时间 written by ``time_text``, 会议室 filled; 时间 and 会议室 added when missing.
    ``answers`` (meeting -> text, from the replies ledger) fills a 答复 column; an input's own 答复
    column is never carried over (it may be stale)."""
    columns = list(loaded.table.columns) if loaded.table is not None else [MEETING, LENGTH, PARTICIPANTS, OPTIONAL]
    columns = [c for c in columns if c != ANSWER] + ([ANSWER] if answers is not None else [])
    if TIME not in columns:
        columns.insert(columns.index(NO) + 1 if NO in columns else 0, TIME)
    if ROOM not in columns:
        columns.insert(columns.index(TIME) + 1, ROOM)
    written = _row_cells(loaded)
    lang = table_language(loaded)
    rows = []
    for number, (session, start, room) in enumerate(in_time_order(loaded.problem, plan), start=1):
        cells = dict(written.get(session.title) or _session_cells(session, lang))
        cells[NO] = str(number)
        cells[TIME] = time_text(start) if start is not None else ""
        cells[ROOM] = room
        cells.pop(ANSWER, None)
        if answers is not None:
            cells[ANSWER] = answers.get(session.title, "")
        end = start + timedelta(minutes=session.minutes) if start is not None else None
        rows.append(
            MeetingRow(session.title, start, end, room, session.minutes, session.required, session.optional, cells)
        )
    return columns, rows


def meeting_sheet(
    loaded: LoadedMeetings, plan: Plan, issued: date, answers: Mapping[str, str] | None = None
) -> MeetingSheet:
    """The timetable of ``plan`` as the published formats show it (times as ``7月15日 8:00``), its own words
    in the table's language (:func:`table_language`)."""
    lang = table_language(loaded)
    columns, rows = meeting_rows(loaded, plan, lambda moment: dated(format_time(moment), lang), answers)
    for row in rows:  # the printed page always says how long each meeting is
        row.cells[LENGTH] = row.cells.get(LENGTH) or length_text(row.minutes, lang)
    printed = [c for c in PRINTED if c in columns or c in (LENGTH, ROOM)]
    ordered = printed + [c for c in columns if c not in printed]
    labels = written_labels(loaded.table, (*ordered, END), HEADERS)
    problem = loaded.problem
    said = wish_lines(problem, plan, lang, each=True)  # the files' language, as all of it (QA qaeng22 F7)
    title = problem.title or str(loaded.rules.get("title", "")) or render(Message("output.m.title"), lang)
    return MeetingSheet(
        title=title,
        issued=issued,
        columns=tuple(ordered),
        printed=tuple(printed),
        labels=labels,
        rows=tuple(rows),
        workdays=problem.workdays,
        rooms=problem.rooms,
        wishes=tuple(line.strip() for line in said),
        lang=lang,
        paper=paper_of(loaded.rules),
    )


def table_language(loaded: LoadedMeetings) -> str:
    """The language the printed files say their own words in: ``en`` when the meeting table's headers are
    English (:func:`~scheduler.files.tables.english_headers`: ``Meeting,Length,Participants``), else ``zh``;
    as the unit annex decides it, whatever ``--lang`` (the language of messages) says."""
    return "en" if loaded.table is not None and english_headers(loaded.table.labels) else "zh"


def table_bytes(
    loaded: LoadedMeetings,
    plan: Plan,
    answers: Mapping[str, str] | None = None,
    encoding: str = "utf-8",
    times: str = "iso",
) -> bytes:
    """``timetable.csv``: the table with its times (``2025-07-15 08:00``, or ``7月15日 8:00`` with
    ``times="notice"``, ``Jul 15 8:00`` under English headers: QA print24 F7) and rooms, UTF-8 with BOM
    (or ``encoding="gbk"``)."""
    lang = table_language(loaded)
    notice = lambda moment: dated(format_time(moment), lang)  # noqa: E731
    columns, rows = meeting_rows(loaded, plan, notice if times == "notice" else format_iso, answers)
    labels = written_labels(loaded.table, columns, HEADERS)
    header = [labels[c] for c in columns]
    cells = [{labels[c]: row.cells.get(c, "") for c in columns} for row in rows]
    return render_table(header, cells, encoding)


def bundle_meeting_rules(loaded: LoadedMeetings, taken: set[str]) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The rules as they are written into an output folder, and the people sheet to copy in beside them.

    The people sheet the rules name is copied under its own name (``people.csv`` when that name is
    one of ``taken``, our own files) and the rules name it by that bare name: the folder holds
    everything it needs wherever it is copied; a people sheet read from the table's own workbook is
    written as ``people.csv`` (its header as written). A people sheet that cannot be read is an
    :class:`InputError` naming it.
    """
    data = dict(loaded.rules)
    if not loaded.people_path and loaded.people_sheet is not None:  # the table's workbook's own people sheet
        sheet = loaded.people_sheet
        header = [sheet.labels.get(c, c) for c in sheet.columns]
        cells = [{sheet.labels.get(c, c): row.cells.get(c, "") for c in sheet.columns} for row in sheet.rows]
        data["people"] = PEOPLE_NAME
        return data, {PEOPLE_NAME: render_table(header, cells, "utf-8")}
    if not loaded.people_path:
        return data, {}
    source = Path(loaded.people_path)
    try:
        people = source.read_bytes()
    except OSError as exc:
        raise InputError(Message("input.unreadable", reason=file_reason(exc)), str(source)) from exc
    name = source.name
    if name in taken or name.startswith("."):
        name = PEOPLE_NAME
    data["people"] = name
    return data, {name: people}


def rules_bytes(data: dict[str, Any], source: str | None) -> bytes:
    """The rules as TOML text (UTF-8), with a comment saying where they came from."""
    import tomli_w

    from scheduler.files.rules_file import WRITTEN_HEAD

    head = WRITTEN_HEAD
    if source:
        head += f" (from {source})"
    head += "; fields: docs/meetings.md\n"
    return (head + tomli_w.dumps(data)).encode("utf-8")


def source_name(loaded: LoadedMeetings) -> str | None:
    """The rules file's own name, for the comment at the top of the rules written."""
    return Path(loaded.rules_path).name if loaded.rules_path else None
