"""room-seats alone: a meeting's room seats everyone it needs; meetings sharing a room share its seats."""

from __future__ import annotations

from scheduler.domain import Room
from scheduler.rules.registry import rule
from scheduler.rules.values import Instance
from tests.rules.meeting_helpers import FRAME, alone, at, broken, meetings, plan, session, solution, status

RULE = rule("room-seats")
ROOMS = (Room("小", 1, 2), Room("大", 1, 30))


def test_two_all_day_meetings_of_three_cannot_both_have_a_large_room():
    problem = meetings(session("一", 240, "甲", "乙", "丙"), session("二", 240, "甲", "乙", "丙"), rooms=ROOMS)
    assert alone(problem, RULE)[0] == "OPTIMAL"
    four = meetings(*(session(f"会{k}", 240, "甲", "乙", "丙") for k in range(3)), rooms=ROOMS)
    assert alone(four, RULE) == ("OPTIMAL", "INFEASIBLE")  # two four-hour periods, one room of 30


def test_a_shared_room_seats_all_its_meetings_at_once():
    pair = (Room("厅", 2, 5),)
    problem = meetings(
        session("一", 240, "甲", "乙", "丙", share=frozenset({"x"})),
        session("二", 240, "乙", optional=("丙", "甲"), share=frozenset({"x"})),
        session("三", 240, "丙", share=frozenset({"x"})),
        rooms=pair,
    )
    frame = (*FRAME, rule("allowed-sharing"))
    assert status(problem, frame) == "OPTIMAL"  # 3 + 3 + 1 chairs; the room holds two meetings at once
    found = solution(problem, (*frame, RULE))
    assert broken(RULE, problem, found) == []
    assert broken(RULE, problem, plan(("一", at(8), "厅"), ("二", at(8), "厅"), ("三", at(14), "厅"))) == [
        "厅 holds 一, 二 at Mar 3 8:00, needing 6 seats together; it has 5"
        "  [rule room-seats: the room has enough seats]"
    ]


def test_checker_and_explanation_words():
    problem = meetings(session("大会", 60, "甲", "乙", "丙"), rooms=ROOMS)
    assert broken(RULE, problem, plan(("大会", at(8), "小"))) == [
        "meeting '大会' needs 3 seats, 小 has 2  [rule room-seats: the room has enough seats]"
    ]
    assert broken(RULE, problem, solution(problem, (*FRAME, RULE))) == []
    said = RULE.describe_session(problem, Instance("room-seats", "大会"))
    assert said.text("zh") == "会议“大会”需要 3 个座位（够用的会议室：大）"
