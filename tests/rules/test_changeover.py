"""changeover alone: a room stays free for its changeover after each meeting (one holding several at once
counts each meeting's changeover against its capacity, docs/meetings.md)."""

from __future__ import annotations

from datetime import time

from scheduler.domain import Room
from scheduler.domain.meetings import Pin, Window
from scheduler.rules.registry import rule
from scheduler.rules.values import Instance
from tests.rules.meeting_helpers import FRAME, alone, at, broken, meetings, plan, session, solution, status

RULE = rule("changeover")
ROOM = (Room("A", 1, 10, changeover=30),)


def test_two_meetings_filling_a_morning_leave_no_changeover():
    morning = Window(part="morning", not_before=time(9))
    problem = meetings(session("一", 90, window=morning), session("二", 90, "乙", window=morning), rooms=ROOM)
    frame = (*FRAME, rule("time-window"))
    assert status(problem, frame) == "OPTIMAL"  # 9:00-10:30 and 10:30-12:00
    assert status(problem, (*frame, RULE)) == "INFEASIBLE"


def test_the_model_keeps_the_changeover():
    problem = meetings(session("一", 60), session("二", 60, "乙"), rooms=ROOM)
    assert alone(problem, RULE) == ("OPTIMAL", "OPTIMAL")
    found = solution(problem, (*FRAME, RULE))
    assert broken(RULE, problem, found) == []


def test_a_room_holding_two_at_once_counts_the_changeover_as_taken():
    pair = (Room("厅", 2, 10, changeover=30),)
    one, two, three = (session(t, 60, p, share=frozenset({"x"})) for t, p in (("一", "甲"), ("二", "乙"), ("三", "丙")))
    problem = meetings(one, two, three, rooms=pair)
    assert broken(RULE, problem, plan(("一", at(8), "厅"), ("二", at(8), "厅"), ("三", at(9), "厅"))) == [
        "厅 is taken by 一, 二, 三 at Mar 3 9:00, changeovers included, over its capacity of 2 (changeover 30 minutes)"
        "  [rule changeover: a room's changeover time is kept between its meetings]"
    ]
    assert broken(RULE, problem, plan(("一", at(8), "厅"), ("二", at(8, 30), "厅"), ("三", at(9, 30), "厅"))) == []


def test_a_meeting_may_start_beside_the_changeover_of_one_it_may_not_share_with():
    """QA shapes #9, decided for the docs: in a room of two places, the changeover holds the place the
    meeting used, not the room; 接续会 and 上午会 never run at once, so no common label is asked. The
    checker (every rule) and the model agree; a room of one place stays free."""
    from scheduler.meetings.check import check_meetings

    early, late = session("上午会", 60, "甲"), session("接续会", 60, "乙")
    pair = meetings(early, late, rooms=(Room("报告厅", 2, 10, changeover=30),))
    placed = plan(("上午会", at(8), "报告厅"), ("接续会", at(9), "报告厅"))
    assert check_meetings(pair, placed).ok
    alone_room = meetings(early, late, rooms=(Room("报告厅", 1, 10, changeover=30),))
    assert [v.rule for v in check_meetings(alone_room, placed).violations] == ["changeover"]
    pinned = (Pin("上午会", at(8)), Pin("接续会", at(9)))
    assert status(pair.replace(pins=pinned), (*FRAME, RULE, rule("pinned"), rule("allowed-sharing"))) == "OPTIMAL"
    assert status(alone_room.replace(pins=pinned), (*FRAME, RULE, rule("pinned"))) == "INFEASIBLE"


def test_checker_and_explanation_words():
    problem = meetings(session("一", 60), session("二", 60, "乙"), rooms=ROOM)
    assert broken(RULE, problem, plan(("一", at(8), "A"), ("二", at(9), "A"))) == [
        "A starts '二' 0 minutes after '一' (changeover 30 minutes)"
        "  [rule changeover: a room's changeover time is kept between its meetings]"
    ]
    said = RULE.describe_session(problem, Instance("changeover", "A"))
    assert said.text("zh") == "A 每个会议之后需要 30 分钟准备时间"


def test_the_meeting_before_is_the_one_ending_last_not_the_neighbour_by_start():
    """QA office15 F2: 一 8:00-9:30 and 二 8:00-9:00 at once in a one-place room (room-capacity's), 三 at
    9:30. Before, only neighbours by start were compared, (二, 三) leaving 30 minutes, and the 0 minutes
    from 一 to 三 went unsaid; the pairs are found as gap finds them (PlanView.after_last)."""
    problem = meetings(session("一", 90), session("二", 60, "乙"), session("三", 60, "丙"), rooms=ROOM)
    said = broken(RULE, problem, plan(("一", at(8), "A"), ("二", at(8), "A"), ("三", at(9, 30), "A")))
    assert [line.split("  [")[0] for line in said] == ["A starts '三' 0 minutes after '一' (changeover 30 minutes)"]
