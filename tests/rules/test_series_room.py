"""series-room alone: the meetings of a series share one room."""

from __future__ import annotations

from scheduler.domain import Room
from scheduler.rules.registry import rule
from scheduler.rules.values import Instance
from tests.rules.meeting_helpers import FRAME, alone, at, broken, meetings, plan, session, solution

RULE = rule("series-room")
ROOMS = (Room("A", 1, 10), Room("B", 1, 10))


def test_a_series_of_three_all_morning_meetings_cannot_share_a_room():
    problem = meetings(
        *(session(f"周会{k}", 240, p, series="周会") for k, p in enumerate(("甲", "乙", "丙"))), rooms=ROOMS
    )
    assert alone(problem, RULE) == ("OPTIMAL", "INFEASIBLE")


def test_the_model_keeps_a_series_in_one_room():
    problem = meetings(
        session("周会1", 60, series="周会"),
        session("周会2", 60, "乙", series="周会"),
        session("别的", 60, "丙", rooms=frozenset({"A"})),
        rooms=ROOMS,
    )
    found = solution(problem, (*FRAME, RULE, rule("room-wishes")))
    rooms = {p.title: p.room for p in found.placements}
    assert rooms["周会1"] == rooms["周会2"]
    assert broken(RULE, problem, found) == []


def test_checker_and_explanation_words():
    problem = meetings(session("周会1", 60, series="周会"), session("周会2", 60, "乙", series="周会"), rooms=ROOMS)
    assert broken(RULE, problem, plan(("周会1", at(8), "A"), ("周会2", at(9), "B"))) == [
        "series '周会' is spread over rooms: A, B  [rule series-room: meetings of one series share one room]"
    ]
    said = RULE.describe_session(problem, Instance("series-room", "周会"))
    assert said.text("zh") == "系列“周会”的会议 周会1、周会2 在同一会议室"
