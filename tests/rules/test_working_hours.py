"""working-hours alone: sessions start on the grid inside one working period, never across a break."""

from __future__ import annotations

from scheduler.rules.registry import rule
from tests.rules.meeting_helpers import FRAME, alone, at, broken, meetings, plan, session, solution

RULE = rule("working-hours")


def test_a_meeting_longer_than_any_period_has_no_place():
    problem = meetings(session("太长", 300))  # 5 hours: each period is 4
    assert alone(problem, RULE) == ("INFEASIBLE", "INFEASIBLE")  # by construction: the frame holds it
    assert solution(meetings(session("长会", 240)), FRAME).placements[0].start in (at(8), at(14))


def test_checker_names_a_meeting_across_the_break_and_one_off_the_grid():
    problem = meetings(session("评审", 90), session("短会", 30, "乙"))
    assert broken(RULE, problem, plan(("评审", at(11), "A"), ("短会", at(8, 10), "A"))) == [
        "meeting '短会' starts at 3月3日 8:10, off the 30-minute grid  [rule working-hours: meetings start on"
        " the grid inside working hours, never across a break or a day]",
        "meeting '评审' at 3月3日 11:00-12:30 is not inside one working period (outside hours or across a break)"
        "  [rule working-hours: meetings start on the grid inside working hours, never across a break or a day]",
    ]
    assert broken(RULE, problem, plan(("评审", at(10, 30), "A"), ("短会", at(17, 30), "A"))) == []
