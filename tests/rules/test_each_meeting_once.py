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


def test_a_meeting_placed_twice_is_judged_at_each_placement_by_every_rule():
    """QA consist F2: 预算会 (afternoon only, pinned at 14:00 in 301, 王主任 busy 9:00-10:00) written at
    9:00 twice, then at 9:00 and 15:00: each placement is judged by every rule, a fault both share is
    told once, and ``pinned`` names the placement that is not the pin (it said "placed at —")."""
    from datetime import date, datetime, time

    from scheduler.domain import Room
    from scheduler.domain.meetings import (
        Attendee,
        Busy,
        MeetingProblem,
        Person,
        Pin,
        Placement,
        Plan,
        Session,
        Window,
        Workdays,
    )
    from scheduler.meetings.check import check_meetings

    def on(hour: int) -> datetime:
        return datetime(2025, 3, 3, hour)

    problem = MeetingProblem(
        (Session("预算会", 60, (Attendee("王主任"),), window=Window(part="afternoon")),),
        Workdays((date(2025, 3, 3),), ((time(9), time(12)), (time(14), time(17))), 30),
        (Room("301", 1, 10),),
        people=(Person("王主任"),),
        busy=(Busy("王主任", on(9), on(10)),),
        pins=(Pin("预算会", on(14), "301"),),
    )
    morning = Placement("预算会", on(9), "301")
    once = check_meetings(problem, Plan((morning,)))
    twice = check_meetings(problem, Plan((morning, morning)))
    assert twice.rules_broken() == ["each-meeting-once", *once.rules_broken()]
    assert twice.lines("en")[1:] == once.lines("en")
    assert not twice.score  # no score for a table placing a meeting twice
    apart = check_meetings(problem, Plan((morning, Placement("预算会", on(15), "301"))))
    assert apart.rules_broken() == ["each-meeting-once", "time-window", "unavailable", "pinned"]
    pinned = [line for line in apart.lines("en") if "[rule pinned" in line]
    assert pinned == [
        "meeting '预算会' is pinned at Mar 3 14:00 in room 301 but placed at Mar 3 9:00"
        "  [rule pinned: a pinned meeting stays at its time (and room)]",
        "meeting '预算会' is pinned at Mar 3 14:00 in room 301 but placed at Mar 3 15:00"
        "  [rule pinned: a pinned meeting stays at its time (and room)]",
    ]
