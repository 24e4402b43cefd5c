"""within-window alone: the model has no variable outside the calendar; the checker catches the rest."""

from __future__ import annotations

from datetime import datetime

from scheduler import Room
from scheduler.rules.registry import rule
from scheduler.solver.model import ModelBuilder
from tests.conftest import at, small_problem
from tests.rules.helpers import FRAME, alone, broken, solution, table

RULE = rule("within-window")
TWO = [("甲", "", ""), ("乙", "", "")]


def test_the_rule_adds_nothing_to_the_model_which_has_no_slot_outside_the_calendar():
    problem = small_problem(TWO, hours=(8,), rooms=(Room("420", 1),))
    frame, full = ModelBuilder(problem, rules=FRAME), ModelBuilder(problem, rules=(*FRAME, RULE))
    assert len(full.cp.proto.constraints) == len(frame.cp.proto.constraints)
    assert full.cp.num_variables == frame.cp.num_variables
    assert alone(problem, RULE) == ("INFEASIBLE", "INFEASIBLE")  # two units, one hour: the frame says no


def test_every_start_the_model_gives_is_a_slot_of_the_calendar():
    problem = small_problem(TWO, hours=(8, 9))
    found = solution(problem, [*FRAME, RULE])
    assert all(m.start in problem.calendar.slots for m in found.meetings)
    assert broken(RULE, problem, found) == []


def test_checker_names_a_day_and_an_hour_outside():
    problem = small_problem(TWO)
    assert broken(RULE, problem, table(("甲", at(8, 12)), ("乙", datetime(2021, 9, 11, 8)))) == [
        "甲 is at Sep 8 12:00, outside the meeting days and hours (Sep 8 8:00, 9:00, 10:00, 11:00)"
        "  [rule within-window: meetings only on the listed days and hours]",
        "乙 is at Sep 11 8:00, outside the meeting days and hours (Sep 8 8:00, 9:00, 10:00, 11:00)"
        "  [rule within-window: meetings only on the listed days and hours]",
    ]


def test_a_row_off_the_slots_is_judged_by_every_other_rule_at_its_own_time():
    """Two 部门 rows moved to 12:00 (no slot) into one one-place room, the 镇办 at 9:00: within-window
    says 12:00 is no slot, and room-capacity, allowed-sharing and category-order judge 12:00 as the
    meeting checker judges a meeting off its grid (QA consist F1: they were silent)."""
    from datetime import date, time

    from scheduler import Calendar, Meeting, Problem, Timetable, Unit, validate

    calendar = Calendar((date(2026, 3, 2),), (time(8), time(9), time(10)))
    units = (Unit("区财政局", "部门"), Unit("区统计局", "部门"), Unit("红旗路街道", "镇办"))
    problem = Problem(units, calendar, rooms=(Room("420", 1),), categories=("部门", "镇办"))
    noon, nine = datetime(2026, 3, 2, 12), datetime(2026, 3, 2, 9)
    rows = (Meeting("区财政局", noon, "420"), Meeting("区统计局", noon, "420"), Meeting("红旗路街道", nine, "420"))
    report = validate(problem, Timetable(rows))
    assert {"within-window", "room-capacity", "category-order"} <= set(report.rules_broken())
    lines = report.lines("en")
    assert any("420 at Mar 2 12:00, over its capacity of 1" in line for line in lines)
    assert any("红旗路街道 (镇办) is at Mar 2 9:00" in line and "12:00" in line for line in lines)
