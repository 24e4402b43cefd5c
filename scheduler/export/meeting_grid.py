"""The day x time grid of a meeting timetable, one per room: what the page and the Word file draw.

Rows are steps of the day (the coarsest step that every working period, start and length is a
multiple of: 30 minutes when everything is on the half hour), only inside working time plus
wherever a meeting lies; a break (lunch, the night) is a mark between two rows. Columns are the
days. A meeting is a block starting at its row and spanning one row per step of its length, so
its length is seen as well as read. A room that holds several meetings at once (capacity > 1)
gives a day as many lanes as it needs side by side. Pure: the renderers only draw it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from math import gcd

from scheduler.domain.periods import period_minutes
from scheduler.export.meeting_sheet import MeetingRow, MeetingSheet


@dataclass(frozen=True)
class Block:
    """A meeting in the grid: its first row, how many rows it spans, and its lane in its day."""

    row: MeetingRow
    first: int
    span: int
    lane: int


@dataclass
class RoomGrid:
    """One room's grid: each day's lanes and the blocks that start in each (day, lane, row)."""

    name: str
    seats: int | None
    lanes: dict[date, int] = field(default_factory=dict)
    starts: dict[tuple[date, int, int], Block] = field(default_factory=dict)
    covered: set[tuple[date, int, int]] = field(default_factory=set)
    """(day, lane, row) cells a block covers below its first row."""

    @property
    def meetings(self) -> int:
        return len(self.starts)


@dataclass(frozen=True)
class Layout:
    """The rows (minute of the day each starts at), the step, which rows follow a break, the rooms."""

    step: int
    times: tuple[int, ...]
    after_break: frozenset[int]
    days: tuple[date, ...]
    rooms: tuple[RoomGrid, ...]
    unplaced: tuple[MeetingRow, ...]
    """Meetings without a time or without a room: listed under the grids."""


def _minute(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


def layout(sheet: MeetingSheet) -> Layout:
    """The grids of ``sheet``: every room of the rules (in their order), then any other room a meeting names."""
    days_set = set(sheet.workdays.days)
    numbers = [sheet.workdays.grid]
    for start, end in sheet.workdays.periods:
        numbers += [period_minutes(start), period_minutes(end)]
    placed = [r for r in sheet.rows if _placed(r)]
    for r in placed:
        assert r.start is not None
        numbers += [_minute(r.start), r.minutes]
        days_set.add(r.start.date())
    step = 0
    for n in numbers:
        step = gcd(step, n)
    step = max(step, 5)
    marks: set[int] = set()
    for start, end in sheet.workdays.periods:
        marks.update(range(period_minutes(start), period_minutes(end), step))
    for r in placed:
        assert r.start is not None
        first = _minute(r.start)
        marks.update(range(first, min(first + r.minutes, 24 * 60), step))
    times = tuple(sorted(marks))
    row_of = {t: i for i, t in enumerate(times)}
    after_break = frozenset(i for i in range(1, len(times)) if times[i - 1] + step != times[i])
    grids = {room.name: RoomGrid(room.name, room.seats) for room in sheet.rooms}
    days = tuple(sorted(days_set))
    by_room_day: dict[tuple[str, date], list[MeetingRow]] = {}
    for r in placed:
        assert r.start is not None
        grids.setdefault(r.room, RoomGrid(r.room, None))
        by_room_day.setdefault((r.room, r.start.date()), []).append(r)
    for (room, day), rows in by_room_day.items():
        grid = grids[room]
        lane_ends: list[int] = []
        for r in sorted(rows, key=lambda r: (r.start, r.title)):
            assert r.start is not None
            first = _minute(r.start)
            lane = next((k for k, end in enumerate(lane_ends) if end <= first), len(lane_ends))
            if lane == len(lane_ends):
                lane_ends.append(0)
            lane_ends[lane] = first + r.minutes
            top = row_of[first]
            span = sum(1 for t in times[top:] if t < first + r.minutes)
            grid.starts[(day, lane, top)] = Block(r, top, span, lane)
            grid.covered.update((day, lane, top + k) for k in range(1, span))
        grid.lanes[day] = len(lane_ends)
    for grid in grids.values():
        for day in days:
            grid.lanes.setdefault(day, 1)
    unplaced = tuple(r for r in sheet.rows if not _placed(r))
    return Layout(step, times, after_break, days, tuple(grids.values()), unplaced)


def _placed(row: MeetingRow) -> bool:
    """Whether a meeting has a time and a room (a block in a grid), else it is listed under the grids.
    (Asked of each row in turn: ``row not in placed`` compared every row with every placed one.)"""
    return row.start is not None and row.end is not None and bool(row.room)


def clock(minute: int) -> str:
    """``8:00``, ``15:30``."""
    return f"{minute // 60}:{minute % 60:02d}"
