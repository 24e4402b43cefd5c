"""no-double-booking alone: a required participant is in one meeting at a time."""

from __future__ import annotations

from scheduler.domain import Room
from scheduler.domain.meetings import Person
from scheduler.rules.registry import rule
from scheduler.rules.values import Instance
from tests.rules.meeting_helpers import FRAME, TWO_ROOMS, alone, at, broken, meetings, plan, session, solution, status

RULE = rule("no-double-booking")
WIDE = (Room("A", 1, 10), Room("B", 1, 10), Room("C", 1, 10))


def test_one_person_in_three_long_meetings_on_a_short_day_cannot_attend_all():
    # Three rooms hold three 4-hour meetings at once, but 甲 needs 12 hours; the day has 8.
    problem = meetings(*(session(f"会{k}", 240) for k in range(3)), rooms=WIDE)
    assert alone(problem, RULE) == ("OPTIMAL", "INFEASIBLE")


def test_a_unit_and_its_member_are_two_participants():
    # 财政局 fills both four-hour periods; its member 王某 can still attend a third meeting (the office
    # sends someone else to one of the unit's).
    people = (Person("王某", "财政局"), Person("甲"))
    sessions = (session("一", 240, "财政局"), session("二", 240, "财政局"), session("三", 240, "王某"))
    problem = meetings(*sessions, rooms=WIDE, people=people, units=("财政局",))
    assert status(problem, (*FRAME, RULE)) == "OPTIMAL"
    assert broken(RULE, problem, plan(("一", at(8), "A"), ("二", at(14), "B"), ("三", at(8), "C"))) == []


def test_checker_and_explanation_words():
    problem = meetings(session("预算会", 60, "甲"), session("规划会", 60, "甲"), rooms=TWO_ROOMS)
    assert broken(RULE, problem, plan(("预算会", at(8), "A"), ("规划会", at(8, 30), "B"))) == [
        "甲 is required at '预算会' and '规划会' at once (Mar 3 8:30)"
        "  [rule no-double-booking: no required participant is in two meetings at once]"
    ]
    assert broken(RULE, problem, solution(problem, (*FRAME, RULE))) == []
    assert list(RULE.session_instances(problem)) == [Instance("no-double-booking", "甲")]
    said = RULE.describe_session(problem, Instance("no-double-booking", "甲"))
    assert said.text("zh") == "甲 同一时间只能参加一个会议（必须参加：预算会、规划会）"
