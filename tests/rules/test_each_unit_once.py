"""each-unit-once alone: through the model (with room-capacity as its frame) and the checker."""

from __future__ import annotations

from scheduler import Room
from scheduler.rules.registry import rule
from tests.conftest import at, small_problem
from tests.rules.helpers import alone, broken, solution, table

RULE = rule("each-unit-once")
THREE = [("甲", "", ""), ("乙", "", ""), ("丙", "", "")]


def test_three_units_in_two_hours_of_one_room_is_infeasible_only_with_the_rule():
    problem = small_problem(THREE, hours=(8, 9), rooms=(Room("420", 1),))
    assert alone(problem, RULE) == ("OPTIMAL", "INFEASIBLE")  # without it, nobody need be placed


def test_every_unit_is_placed_exactly_once_when_they_fit():
    problem = small_problem(THREE, hours=(8, 9, 10), rooms=(Room("420", 1),))
    assert alone(problem, RULE) == ("OPTIMAL", "OPTIMAL")
    found = solution(problem, [rule("room-capacity"), RULE])
    assert sorted(m.unit for m in found.meetings) == ["丙", "乙", "甲"]
    assert broken(RULE, problem, found) == []


def test_checker_names_a_missing_unit_and_a_unit_listed_twice():
    problem = small_problem(THREE)
    timetable = table(("甲", None), ("乙", at(8, 8)), ("乙", at(8, 9)), ("丙", at(8, 10)))
    assert broken(RULE, problem, timetable) == [
        "甲 has no meeting time  [rule each-unit-once: every unit meets exactly once]",
        "乙 is listed 2 times: 9月8日 8:00, 9月8日 9:00  [rule each-unit-once: every unit meets exactly once]",
    ]
