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
        "甲 is at 9月8日 12:00, outside the meeting days and hours (9月8日 8:00、9:00、10:00、11:00)"
        "  [rule within-window: meetings only on the listed days and hours]",
        "乙 is at 9月11日 8:00, outside the meeting days and hours (9月8日 8:00、9:00、10:00、11:00)"
        "  [rule within-window: meetings only on the listed days and hours]",
    ]
