"""each-meeting-once alone: the model places each meeting once by construction; the checker names
what a hand-made table leaves out or repeats."""

from __future__ import annotations

from scheduler.rules.registry import rule
from tests.rules.meeting_helpers import FRAME, TWO_ROOMS, at, broken, meetings, plan, session, solution

RULE = rule("each-meeting-once")


def test_the_model_places_every_meeting_once():
    problem = meetings(session("一"), session("二", 60, "乙"))
    found = solution(problem, FRAME)
    assert [p.title for p in found.placements] == ["一", "二"]
    assert broken(RULE, problem, found) == []


def test_checker_names_each_kind_of_fault():
    problem = meetings(session("一"), session("二", 60, "乙"), session("三", 60, "丙"), rooms=TWO_ROOMS)
    table = plan(("一", at(8), "A"), ("一", at(9), "A"), ("二", None, "A"), ("四", at(9), "A"), ("三", at(10), None))
    tag = "  [rule each-meeting-once: every meeting is placed exactly once (time and room)]"
    assert broken(RULE, problem, table) == [
        "the table's meeting '四' is not in the problem" + tag,
        "meeting '一' is placed 2 times" + tag,
        "meeting '二' has no time" + tag,
        "meeting '三' has no room" + tag,
    ]
