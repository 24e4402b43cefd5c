"""Numbering rooms (scheduler/solver/rooms.py): old rooms kept, linked units together, room changes told."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scheduler
from scheduler import Link, Meeting, Room, Timetable
from scheduler.cli.display import moves_lines
from scheduler.cli.main import main
from scheduler.solver.replan import replan
from scheduler.solver.result import Result, Status
from tests.conftest import at, small_problem

BIG, SMALL = Room("大会议室", 3), Room("小会议室", 1)


def _kept_table(tmp_path: Path) -> Path:
    """甲 and 乙 (both of group G) at 8:00 in two rooms, 丙 at 9:00: a valid table."""
    (tmp_path / "t.toml").write_text(
        'days = ["2021-09-08"]\nhours = ["8:00","9:00"]\n'
        '[[rooms]]\nname = "大会议室"\ncapacity = 3\n[[rooms]]\nname = "小会议室"\ncapacity = 1\n',
        encoding="utf-8",
    )
    table = tmp_path / "t.csv"
    rows = ["单位,时间,并行组,房间", "甲,2021-09-08 08:00,G,小会议室", "乙,2021-09-08 08:00,G,大会议室"]
    table.write_text("\n".join([*rows, "丙,2021-09-08 09:00,,小会议室"]) + "\n", encoding="utf-8")
    return table


def test_replan_with_no_change_keeps_every_room():
    """The solver may put 甲 and 乙 (group G) in one group; each still keeps its own old room."""
    problem = small_problem([("甲", "", "G"), ("乙", "", "G"), ("丙", "", "")], hours=(8, 9), rooms=(BIG, SMALL))
    reference = Timetable(
        (Meeting("甲", at(8, 8), "小会议室"), Meeting("乙", at(8, 8), "大会议室"), Meeting("丙", at(8, 9), "小会议室"))
    )
    problem = problem.replace(reference=reference, categories=())
    assert scheduler.validate(problem, reference).ok
    for result in (replan(problem), scheduler.solve(problem, "stable")):
        assert result.moves() == []
        assert result.timetable.rooms() == reference.rooms()


def test_reschedule_with_no_change_keeps_the_rooms_and_says_so(tmp_path):
    table = _kept_table(tmp_path)
    out = tmp_path / "out"
    done = CliRunner().invoke(main, ["--lang", "en", "reschedule", str(table), "--out", str(out), "--format", "csv"])
    assert done.exit_code == 0, done.output
    assert "No unit needs to move" in done.output
    written = (out / "timetable.csv").read_text(encoding="utf-8-sig")
    assert "甲,2021-09-08 08:00,G,小会议室" in written
    assert "乙,2021-09-08 08:00,G,大会议室" in written


def test_a_room_change_is_listed_even_when_nobody_moves():
    problem = small_problem([("甲", "", "G"), ("乙", "", "G")], hours=(8, 9), rooms=(BIG, SMALL), categories=())
    before = Timetable((Meeting("甲", at(8, 8), "小会议室"), Meeting("乙", at(8, 8), "大会议室")))
    after = Timetable((Meeting("甲", at(8, 8), "大会议室"), Meeting("乙", at(8, 8), "大会议室")))
    problem = problem.replace(reference=before)
    result = Result(problem, "stable", Status.OPTIMAL, after, None, None, 0.0, "greedy")
    lines = moves_lines(result, "en")
    assert lines[0] == "Units moved (1):"
    assert lines[-1].split() == ["甲", "Sep", "8", "8:00", "小会议室", "Sep", "8", "8:00", "大会议室"]


def test_linked_units_share_a_room_when_possible():
    """区自然资源局 is alone at 9:00: it takes the room its follower's group needs at 10:00."""
    units = [("区自然资源局", "部门", ""), ("北关区规划技术服务中心", "镇办", "H"), ("红旗路街道办事处", "镇办", "H")]
    rooms = (Room("大会议室", 2), Room("小会议室", 1))
    problem = small_problem(units, hours=(9, 10), rooms=rooms, links=(Link("区自然资源局", "北关区规划技术服务中心"),))
    timetable = scheduler.solve(problem).timetable
    assert scheduler.validate(problem, timetable).ok
    room = timetable.rooms()
    assert room["区自然资源局"] == room["北关区规划技术服务中心"]


@st.composite
def two_room_problems(draw: st.DrawFn) -> tuple[scheduler.Problem, Timetable]:
    """A small two-room problem and a valid timetable of it with its rooms shuffled slot by slot."""
    n = draw(st.integers(3, 6))
    groups = st.sampled_from(["", "F", "G", "F、G"])
    units = [(f"U{i}", "", draw(groups)) for i in range(n)]
    rooms = (Room("R0", draw(st.integers(1, 3))), Room("R1", draw(st.integers(1, 3))))
    problem = small_problem(units, hours=(8, 9, 10), rooms=rooms, categories=())
    found = scheduler.solve(problem, time_limit=10).timetable
    if found is None:
        return problem, Timetable(())
    swap = {start: draw(st.booleans()) for start in found.starts().values()}
    other = {"R0": "R1", "R1": "R0"}
    meetings = tuple(Meeting(m.unit, m.start, other[m.room] if swap[m.start] else m.room) for m in found.meetings)
    shuffled = Timetable(meetings)
    return problem, shuffled if scheduler.validate(problem, shuffled).ok else found


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(two_room_problems())
def test_replan_with_no_change_keeps_every_room_of_a_valid_table(case):
    problem, reference = case
    if not reference.meetings:
        return
    result = replan(problem.replace(reference=reference))
    assert result.moves() == []
    assert result.timetable.rooms() == reference.rooms()


# -- the default room has no name: messages still read as sentences ------------------------


def _unnamed(**extra: object) -> scheduler.Problem:
    """甲 and 乙 in the default room (the rules state no [[rooms]]), one hour."""
    return small_problem([("甲", "", ""), ("乙", "", "")], hours=(8,), rooms=(Room("", 1),), categories=(), **extra)


def test_violations_in_the_unnamed_room_name_it_in_words():
    problem = _unnamed()
    report = scheduler.validate(problem, Timetable((Meeting("甲", at(8, 8)), Meeting("乙", at(8, 8)))))
    en, zh = report.lines("en"), report.lines("zh")
    assert any("甲, 乙 are all in the room at Sep 8 8:00, over its capacity of 1" in line for line in en)
    assert any("9月8日 8:00 会场 安排了 甲、乙" in line for line in zh)
    # sharing is judged where a room holds several (in a room of one, two is room-capacity's fault alone)
    problem = small_problem([("甲", "", ""), ("乙", "", "")], hours=(8,), rooms=(Room("", 2),), categories=())
    report = scheduler.validate(problem, Timetable((Meeting("甲", at(8, 8)), Meeting("乙", at(8, 8)))))
    en, zh = report.lines("en"), report.lines("zh")
    assert any("甲, 乙 share the room at Sep 8 8:00" in line for line in en)
    assert any("于 会场 对接" in line for line in zh)
    assert not [line for line in en + zh if "  " in line.split("  [")[0]]  # the rule follows two spaces


def test_an_explanation_in_the_unnamed_room_has_no_dash_for_its_name():
    from scheduler import Pin

    problem = _unnamed(pins=(Pin("甲", at(8, 8)), Pin("乙", at(8, 8))))
    problem = problem.replace(calendar=small_problem([], hours=(8, 9)).calendar)
    conflict = scheduler.explain(problem, time_limit=10)
    assert conflict is not None
    en, zh = conflict.text("en"), conflict.text("zh")
    assert "At any one time only 1 unit can be received" in en
    assert "同一时段只能接待 1 个单位" in zh
    assert "—" not in en and "—" not in zh


def test_the_web_app_lists_a_room_change_too():
    from scheduler.web.views import moves

    problem = small_problem([("甲", "", "G"), ("乙", "", "G")], hours=(8, 9), rooms=(BIG, SMALL), categories=())
    before = Timetable((Meeting("甲", at(8, 8), "小会议室"), Meeting("乙", at(8, 8), "大会议室")))
    after = Timetable((Meeting("甲", at(8, 8), "大会议室"), Meeting("乙", at(8, 8), "大会议室")))
    listed = moves(problem.replace(reference=before), after)
    assert listed == [{"unit": "甲", "from": "9月8日 8:00 小会议室", "to": "9月8日 8:00 大会议室"}]
