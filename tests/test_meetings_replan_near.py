"""Where a replan's start puts a meeting whose published place is gone (QA qacamp24 F2): the nearest start
on the same day in the same room first, and, past it, the place with the fewest optional conflicts before
the earliest one. The figures at the campaign's size (60 meetings, new working hours) are measured in
``benchmarks/replan_hours.py``, not here: what a time limit reaches is the CPU the machine gives it."""

from __future__ import annotations

from datetime import date, datetime, time
from types import SimpleNamespace

from scheduler.domain import Room
from scheduler.domain.meetings import Attendee, MeetingProblem, Person, Placement, Plan, Session, Workdays
from scheduler.meetings.planner import to_plan
from scheduler.meetings.prepared import prepare
from scheduler.meetings.replanning import _greedy_start, _published_places, moved, near_places

DAYS = (date(2027, 3, 8), date(2027, 3, 9))
OLD = ((time(8, 30), time(12)), (time(14), time(17, 30)))
NEW = ((time(9), time(12)), (time(14), time(17, 30)))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 3, 8 + day, hour, minute)


def campaign(hours, published: Plan) -> MeetingProblem:
    """专题会55 (王主任) on the second day at 8:30 in 大会议室; 专题会18 (王主任, optional 赵科员) and 周例会
    (赵科员) elsewhere; the first day is free at 9:00, as the campaign's earlier week was."""
    required = Attendee
    sessions = (
        Session("专题会55", 60, (required("王主任"),)),
        Session("周例会", 60, (required("赵科员"),)),
        Session("专题会18", 60, (required("李科长"), Attendee("赵科员", False))),
    )
    people = tuple(Person(p) for p in ("王主任", "赵科员", "李科长"))
    rooms = (Room("大会议室", 1, 20), Room("420会议室", 1, 12))
    return MeetingProblem(sessions, Workdays(DAYS, hours, 15), rooms, people=people, reference=published)


PUBLISHED = Plan(
    (
        Placement("专题会55", at(1, 8, 30), "大会议室"),
        Placement("周例会", at(0, 10), "420会议室"),
        Placement("专题会18", at(1, 14), "大会议室"),
    )
)


def test_a_meeting_the_new_hours_push_out_tries_the_nearest_start_that_day_in_its_room():
    problem = campaign(NEW, PUBLISHED)
    prep = prepare(problem)
    near = near_places(prep, _published_places(problem))
    assert {problem.sessions[i].title: (problem.workdays.moment(s), room) for i, (s, room) in near.items()} == {
        "专题会55": (at(1, 9), "大会议室")
    }
    found = _greedy_start(prep, _published_places(problem), float("inf"), near=near)
    assert found is not None
    plan = to_plan(prep, *found[1])
    assert plan.by_title()["专题会55"] == Placement("专题会55", at(1, 9), "大会议室")  # not the first day
    assert [m.title for m in moved(problem, plan)] == ["专题会55"]
    assert found[0][0] == 1  # counted as a move from the published place, whatever it tried first


def test_a_place_that_still_keeps_its_rules_gets_no_other():
    problem = campaign(OLD, PUBLISHED)
    assert near_places(prepare(problem), _published_places(problem)) == {}


def test_the_start_weighs_optional_conflicts_before_finishing_early():
    """周例会 (赵科员 required) pushed out of 8:30 with nothing near free in its room that day: the greedy
    takes a place where 赵科员's optional 专题会18 does not run (before: the earliest place, over it)."""
    published = Plan(
        (
            Placement("专题会55", at(0, 9), "420会议室"),  # the nearest start of 周例会's day and room, taken
            Placement("周例会", at(0, 8, 30), "420会议室"),
            Placement("专题会18", at(0, 9, 15), "大会议室"),  # 9:15-10:15: the earliest free place is 420 at 10:00
        )
    )
    problem = campaign(NEW, published)
    prep = prepare(problem)
    found = _greedy_start(
        prep, _published_places(problem), float("inf"), near=near_places(prep, _published_places(problem))
    )
    assert found is not None
    moves, conflicts, _far, _ends = found[0]
    assert (moves, conflicts) == (1, 0)
    place = to_plan(prep, *found[1]).by_title()["周例会"]
    assert not (at(0, 8, 15) < place.start < at(0, 10, 15)), place  # not over 专题会18, which 赵科员 may attend


def test_reschedule_says_when_the_medium_level_is_not_proven():
    """The advice line (stderr) after a replan whose medium level has a gap; none when it is proven."""
    import click
    from click.testing import CliRunner

    from scheduler.cli.meetings import _advise_longer

    def said(score: int, bound: int | None) -> str:
        result = SimpleNamespace(plan=PUBLISHED, score={"medium": score, "soft": 1}, bound={"medium": bound})

        @click.command()
        def show() -> None:
            _advise_longer(result, "zh", False)

        return CliRunner().invoke(show).output

    assert "可延长 --time-limit 再试" in said(45070, 45010) and "45070" in said(45070, 45010)
    assert said(45013, 45013) == "" and said(45013, None) == ""
