"""room-wishes alone: a meeting is held only in a room it may use."""

from __future__ import annotations

from scheduler.domain import Room
from scheduler.rules.registry import rule
from scheduler.rules.values import Instance
from tests.rules.meeting_helpers import FRAME, alone, at, broken, meetings, plan, session, solution

RULE = rule("room-wishes")
ROOMS = (Room("A", 1, 10), Room("B", 1, 10))


def test_three_all_morning_meetings_needing_one_room_cannot_fit():
    problem = meetings(
        *(session(f"会{k}", 240, p, rooms=frozenset({"A"})) for k, p in enumerate(("甲", "乙", "丙"))), rooms=ROOMS
    )
    assert alone(problem, RULE) == ("OPTIMAL", "INFEASIBLE")  # A holds two of them in a day


def test_the_model_keeps_wishes():
    problem = meetings(
        session("一", 60, avoid=frozenset({"A"})), session("二", 60, "乙", rooms=frozenset({"A"})), rooms=ROOMS
    )
    found = solution(problem, (*FRAME, RULE))
    assert {p.title: p.room for p in found.placements} == {"一": "B", "二": "A"}
    assert broken(RULE, problem, found) == []


def test_checker_and_explanation_words():
    problem = meetings(session("一", 60, avoid=frozenset({"A"})), rooms=ROOMS)
    assert broken(RULE, problem, plan(("一", at(8), "A"))) == [
        "meeting '一' may not use A  [rule room-wishes: a meeting uses only rooms it may use]"
    ]
    said = RULE.describe_session(problem, Instance("room-wishes", "一"))
    assert said.text("zh") == "会议“一”不用 A"  # as the office wrote it (was: 只能使用 B, every other room)
