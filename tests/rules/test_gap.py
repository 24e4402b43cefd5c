"""gap alone: at least the minimum gap between one participant's meetings."""

from __future__ import annotations

from scheduler.domain.meetings import Window
from scheduler.rules.registry import rule
from scheduler.rules.values import Instance
from tests.rules.meeting_helpers import FRAME, TWO_ROOMS, alone, at, broken, meetings, plan, session, solution, status

RULE = rule("gap")


def test_four_hour_morning_cannot_hold_two_two_hour_meetings_with_a_gap():
    morning = Window(part="morning")
    problem = meetings(session("一", 120, window=morning), session("二", 120, window=morning), rooms=TWO_ROOMS, gap=30)
    frame = (*FRAME, rule("no-double-booking"), rule("time-window"))
    assert status(problem, frame) == "OPTIMAL"  # 8:00-10:00 and 10:00-12:00
    assert status(problem, (*frame, RULE)) == "INFEASIBLE"


def test_the_model_keeps_the_gap_and_the_checker_agrees():
    problem = meetings(session("一", 60), session("二", 60), rooms=TWO_ROOMS, gap=30)
    found = solution(problem, (*FRAME, RULE))
    starts = sorted(p.start for p in found.placements)
    assert (starts[1] - starts[0]).seconds >= 90 * 60
    assert broken(RULE, problem, found) == []
    assert alone(problem, RULE) == ("OPTIMAL", "OPTIMAL")


def test_checker_and_explanation_words():
    problem = meetings(session("一", 60), session("二", 60), rooms=TWO_ROOMS, gap=30)
    assert broken(RULE, problem, plan(("一", at(8), "A"), ("二", at(9), "B"))) == [
        "甲 has only 0 minutes between '一' and '二' (at least 30)"
        "  [rule gap: a participant's consecutive meetings keep the minimum gap]"
    ]
    assert broken(RULE, problem, plan(("一", at(8), "A"), ("二", at(9, 30), "B"))) == []
    said = RULE.describe_session(problem, Instance("gap", "甲"))
    assert said.text("en") == "甲 needs at least 30 minutes between meetings (required at 一, 二)"
