"""The meetings' grid (scheduler/export/meeting_grid.py): every meeting with a time and a room is one
block in its room's grid, every other one is listed under the grids in the table's order, and telling
them apart takes one look at each meeting (it compared every meeting with every placed one: 0.4 to 1 s
at 2,000 meetings)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from benchmarks.timefold_recipe import generate, write_tables
from scheduler.domain.meetings import Placement, Plan
from scheduler.export.meeting_grid import Layout, layout
from scheduler.export.meeting_sheet import MeetingRow, MeetingSheet, meeting_sheet
from scheduler.files.meeting_files import load_meetings
from tests.test_meeting_invites import TIMES

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "meetings_2025.csv"
UNPLACED = ("标准目录审核（二）", "答疑会")
"""Two of the example's meetings left without a time and a room."""


def example_sheet() -> MeetingSheet:
    loaded = load_meetings(EXAMPLE)
    placements = (
        Placement(t, None, None) if t in UNPLACED else Placement(t, datetime.fromisoformat(w), r)
        for t, (w, r) in TIMES.items()
    )
    return meeting_sheet(loaded, Plan(tuple(placements)), date(2025, 7, 3))


def generated_sheet(folder: Path, meetings: int) -> MeetingSheet:
    """Timefold's recipe at ``meetings`` meetings, placed anyhow (a grid does not check rules), every
    tenth one without a time and a room."""
    loaded = load_meetings(write_tables(generate(meetings), folder))
    problem = loaded.problem
    rooms, days = [r.name for r in problem.rooms], problem.workdays.days
    placements = []
    for i, session in enumerate(problem.sessions):
        day = datetime.combine(days[i % len(days)], time(8))
        start = day + timedelta(minutes=15 * (i // len(days) % 12))
        placed = i % 10 != 9
        placements.append(
            Placement(session.title, start if placed else None, rooms[i % len(rooms)] if placed else None)
        )
    return meeting_sheet(loaded, Plan(tuple(placements)), date(2025, 7, 3))


def blocks(grids: Layout) -> dict[str, list[tuple[str, date, int, int, int]]]:
    """Each room's blocks: (title, day, lane, first row, rows spanned), in grid order."""
    return {
        g.name: [(b.row.title, day, lane, b.first, b.span) for (day, lane, _row), b in g.starts.items()]
        for g in grids.rooms
    }


def test_the_example_grid_lists_its_unplaced_meetings_under_it_in_table_order():
    grids = layout(example_sheet())
    assert [r.title for r in grids.unplaced] == ["标准目录审核（二）", "答疑会"]
    assert grids.step == 15 and (grids.times[0], grids.times[-1], len(grids.times)) == (480, 1125, 32)
    assert grids.days == (date(2025, 7, 15), date(2025, 7, 16), date(2025, 7, 17))
    assert blocks(grids) == {
        "大会议室": [
            ("标准目录审核（三）", date(2025, 7, 15), 0, 0, 6),
            ("季度检查培训", date(2025, 7, 15), 0, 10, 6),
            ("检查方案碰头会", date(2025, 7, 15), 0, 16, 3),
            ("标准目录审核（一）", date(2025, 7, 16), 0, 0, 6),
            ("政务公开工作推进会", date(2025, 7, 16), 0, 7, 8),
        ],
        "420会议室": [],
        "301小会议室": [("网站栏目设置讨论", date(2025, 7, 15), 0, 6, 4)],
    }


def test_a_generated_grid_places_each_meeting_once_and_lists_the_others_in_order(tmp_path):
    sheet = generated_sheet(tmp_path, 240)
    grids = layout(sheet)
    unplaced = [r.title for r in sheet.rows if r.start is None or not r.room]
    assert len(unplaced) == 24 and [r.title for r in grids.unplaced] == unplaced
    titles = [title for room in blocks(grids).values() for title, *_ in room]
    assert sorted(titles) == sorted(r.title for r in sheet.rows if r.title not in unplaced)


def test_laying_out_compares_no_two_meetings(tmp_path, monkeypatch):
    """Was: ``row not in placed`` (a list) compared each meeting with the placed ones: 0.05 s at 400
    meetings, 0.4 to 1 s at 2,000. Counted, not timed: no comparison at all now."""
    sheet = generated_sheet(tmp_path, 48)
    compared = []

    def counted(self: MeetingRow, other: object) -> bool:
        compared.append(1)
        return self is other

    monkeypatch.setattr(MeetingRow, "__eq__", counted)
    grids = layout(sheet)
    assert len(grids.unplaced) == 4
    assert compared == []
