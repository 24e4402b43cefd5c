"""A solved timetable laid out as the notice's annex, for the published formats.

The annex of the 2021 notice is a table 序号 / 时间 / 单位 / 备注, in time order,
under a title. :func:`annex` builds that once; ``export_xlsx``, ``export_docx``
and ``export_html`` each render it. Nothing here writes files.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from scheduler.domain import Calendar, Room, Timetable
from scheduler.export.paper import A4, Paper, paper_of
from scheduler.files.load import Loaded
from scheduler.files.tables import CATEGORY, NO, NOTE, ROOM, TIME, UNIT, english_headers, written_labels
from scheduler.text.messages import Message, render
from scheduler.text.times import format_time

ANNEX_COLUMNS = (NO, TIME, UNIT, NOTE)
"""The annex's own columns, in its order (房间 joins them when there are several rooms)."""


@dataclass(frozen=True)
class Answers:
    """The units' answers for the outputs: the 答复 column (unit -> text) and a sheet of who answered what."""

    cells: Mapping[str, str]
    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    read: Sequence[str] = ()
    """When the answers were read and whether that reading broke off (or the mailbox is filling up), one
    line each: above the sheet's header, so that the sheet handed on says how fresh it is."""


@dataclass(frozen=True)
class AnnexRow:
    """One meeting: its time, room and category, and the text of each column (canonical name -> text)."""

    start: datetime | None
    room: str | None
    category: str
    cells: dict[str, str]


@dataclass(frozen=True)
class Annex:
    """What every published format shows: a title, columns, rows in time order, and the calendar."""

    title: str
    issued: date
    columns: tuple[str, ...]
    """Canonical column names: the annex's (序号, 时间, 单位, 备注, [房间]) first, then the input's others."""
    printed: tuple[str, ...]
    """The columns a printed annex shows (the annex's own)."""
    labels: dict[str, str]
    rows: tuple[AnnexRow, ...]
    calendar: Calendar
    categories: tuple[str, ...]
    rooms: tuple[Room, ...]
    lang: str = "zh"
    """The language the annex's own words are printed in: ``en`` for a table with English headers
    (:func:`~scheduler.files.tables.english_headers`): the Word annex and the page follow it (dates,
    weekdays, words, footer), the workbook in its times and footer (its sheets keep their names)."""
    paper: Paper = A4
    """The paper every printed file is laid out for: the rules' ``paper`` (:mod:`scheduler.export.paper`)."""

    def label(self, column: str) -> str:
        """The header text of a column (as the input table wrote it, else the Chinese name)."""
        return self.labels.get(column, column)

    def shared(self) -> list[range]:
        """Runs of consecutive rows that meet together (same time and room): the grouped hours."""
        runs: list[range] = []
        start = 0
        for i in range(1, len(self.rows) + 1):
            if i == len(self.rows) or not _together(self.rows[start], self.rows[i]):
                runs.append(range(start, i))
                start = i
        return [r for r in runs if r]

    @property
    def many_rooms(self) -> bool:
        return len(self.rooms) > 1


def _together(a: AnnexRow, b: AnnexRow) -> bool:
    return a.start is not None and a.start == b.start and a.room == b.room


def meeting_cells(loaded: Loaded, timetable: Timetable, time_text: Callable[[datetime], str]) -> list[dict[str, str]]:
    """Each meeting's cells, in order: its unit's row from the table (备注, 类别 and any
    other column), 序号 renumbered, 时间 written by ``time_text``, and 房间."""
    first_cells: dict[str, dict[str, str]] = {}
    for row in loaded.table.rows:
        first_cells.setdefault(row.get(UNIT), row.cells)
    out = []
    for number, meeting in enumerate(timetable.meetings, start=1):
        cells = dict(first_cells.get(meeting.unit, {UNIT: meeting.unit}))
        cells[NO] = str(number)
        cells[TIME] = time_text(meeting.start) if meeting.start else ""
        cells[ROOM] = meeting.room or ""
        out.append(cells)
    return out


def annex(loaded: Loaded, timetable: Timetable, issued: date | None = None) -> Annex:
    """The annex of a timetable whose units come from ``loaded``'s table.

    Each meeting keeps the cells of its unit's row (备注, 类别, 并行组 and any
    other column); 序号 is renumbered and 时间 written as the notice writes it.
    ``issued`` is the date printed under the Word annex (default: today).
    """
    table = loaded.table
    problem = loaded.problem
    many_rooms = len(problem.rooms) > 1
    own = [*ANNEX_COLUMNS, *([ROOM] if many_rooms else [])]
    columns = own + [c for c in table.columns if c not in own]
    if not many_rooms and ROOM in columns and not any(r.get(ROOM) for r in table.rows):
        columns.remove(ROOM)
    rows = []
    for meeting, cells in zip(timetable.meetings, meeting_cells(loaded, timetable, format_time), strict=True):
        category = problem.unit(meeting.unit).category if problem.has_unit(meeting.unit) else cells.get(CATEGORY, "")
        rows.append(AnnexRow(meeting.start, meeting.room, category, {c: cells.get(c, "") for c in columns}))
    title = problem.title or loaded.rules.title or render(Message("output.title"), "zh")
    labels = written_labels(table, columns)
    return Annex(
        title=title,
        issued=issued or date.today(),
        columns=tuple(columns),
        printed=tuple(own),
        labels=labels,
        rows=tuple(rows),
        calendar=problem.calendar,
        categories=problem.categories,
        rooms=problem.rooms,
        lang="en" if english_headers(table.labels) else "zh",
        paper=paper_of(loaded.rules.extra),
    )
