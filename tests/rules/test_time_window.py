"""time-window alone: morning, afternoon, not before, not after, through the model and the checker."""

from __future__ import annotations

from datetime import time

from scheduler.domain.meetings import Window
from scheduler.rules.registry import rule
from scheduler.rules.values import Instance
from tests.rules.meeting_helpers import FRAME, TWO_ROOMS, alone, at, broken, meetings, plan, session, solution, status

RULE = rule("time-window")


def test_two_morning_meetings_of_one_person_after_ten_cannot_both_fit():
    late = Window(part="morning", not_before=time(10))
    problem = meetings(session("一", 90, window=late), session("二", 90, window=late), rooms=TWO_ROOMS)
    frame = (*FRAME, rule("no-double-booking"))  # 甲 is in both: 10:00-12:00 holds one of them
    assert status(problem, frame) == "OPTIMAL"
    assert status(problem, (*frame, RULE)) == "INFEASIBLE"


def test_the_model_keeps_the_window():
    problem = meetings(
        session("下午会", 60, window=Window(part="afternoon")),
        session("晚", 60, "乙", window=Window(not_after=time(9))),
    )
    assert alone(problem, RULE) == ("OPTIMAL", "OPTIMAL")
    found = solution(problem, (*FRAME, RULE))
    starts = {p.title: p.start for p in found.placements}
    assert starts["下午会"] >= at(14) and starts["晚"] == at(8)
    assert broken(RULE, problem, found) == []


def test_checker_and_explanation_words():
    problem = meetings(session("下午会", 60, window=Window(part="afternoon", not_before=time(15))))
    assert broken(RULE, problem, plan(("下午会", at(9), "A"))) == [
        "meeting '下午会' at Mar 3 9:00-10:00 breaks its time window (afternoon only, not before 15:00)"
        "  [rule time-window: meetings keep to their morning/afternoon and not before/after times]"
    ]
    assert list(RULE.session_instances(problem)) == [Instance("time-window", "下午会")]
    said = RULE.describe_session(problem, Instance("time-window", "下午会"))
    assert said.text("zh") == "会议“下午会”只能安排在：仅下午、不早于 15:00"
