"""each-unit-once alone: through the model (with room-capacity as its frame) and the checker."""

from __future__ import annotations

from scheduler import Room, validate
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
        "乙 is listed 2 times: Sep 8 8:00, Sep 8 9:00  [rule each-unit-once: every unit meets exactly once]",
    ]


def test_checker_names_a_unit_the_table_has_and_the_problem_does_not():
    """A timetable built in code naming a unit not in the problem (library QA report 9, finding 3):
    beside others in a room it raised ``KeyError`` from allowed-sharing; alone in a free hour it
    passed as valid. Now one line under this rule, wherever the row sits, and no other rule
    judges the row (the room it shares is still the other units' alone)."""
    problem = small_problem(THREE, rooms=(Room("420", 2),))
    shared = table(("甲", at(8, 8), "420"), ("丁", at(8, 8), "420"), ("乙", at(8, 9)), ("丙", at(8, 10)))
    alone_ = table(("甲", at(8, 8)), ("乙", at(8, 9)), ("丙", at(8, 10)), ("丁", at(8, 11)), ("丁", at(9, 18)))
    line = "the table's unit '丁' is not in the problem  [rule each-unit-once: every unit meets exactly once]"
    assert broken(RULE, problem, shared) == [line]
    assert broken(RULE, problem, alone_) == [line]
    for timetable in (shared, alone_):
        report = validate(problem, timetable)
        assert [v.text("en") for v in report.violations] == [line]
        assert report.violations[0].units == ("丁",)
    zh = "表中的单位“丁”不在问题中  [规则 each-unit-once: 每个单位安排且只安排一次]"
    assert validate(problem, alone_).lines("zh") == [zh]
