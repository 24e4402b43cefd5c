"""gap alone: at least the minimum gap between one participant's meetings."""

from __future__ import annotations

import random
from datetime import timedelta

from scheduler.domain.meetings import Window, Workdays
from scheduler.rules.registry import rule
from scheduler.rules.values import Instance
from tests.rules.meeting_helpers import FRAME, TWO_ROOMS, alone, at, broken, meetings, plan, session, solution, status

RULE = rule("gap")


def test_four_hour_morning_cannot_hold_two_two_hour_meetings_with_a_gap():
    morning = Window(part="morning")
    problem = meetings(session("一", 120, window=morning), session("二", 120, window=morning), rooms=TWO_ROOMS, gap=30)
    frame = (*FRAME, rule("no-double-booking"), rule("time-window"))
    assert status(problem, frame) == "OPTIMAL"  # 8:00-10:00 and 10:00-12:00
    assert status(problem, (*frame, RULE)) == "INFEASIBLE"


def test_the_model_keeps_the_gap_and_the_checker_agrees():
    problem = meetings(session("一", 60), session("二", 60), rooms=TWO_ROOMS, gap=30)
    found = solution(problem, (*FRAME, RULE))
    starts = sorted(p.start for p in found.placements)
    assert (starts[1] - starts[0]).seconds >= 90 * 60
    assert broken(RULE, problem, found) == []
    assert alone(problem, RULE) == ("OPTIMAL", "OPTIMAL")


def test_checker_and_explanation_words():
    problem = meetings(session("一", 60), session("二", 60), rooms=TWO_ROOMS, gap=30)
    assert broken(RULE, problem, plan(("一", at(8), "A"), ("二", at(9), "B"))) == [
        "甲 has only 0 minutes between '一' and '二' (at least 30)"
        "  [rule gap: a participant's consecutive meetings keep the minimum gap]"
    ]
    assert broken(RULE, problem, plan(("一", at(8), "A"), ("二", at(9, 30), "B"))) == []
    said = RULE.describe_session(problem, Instance("gap", "甲"))
    assert said.text("en") == "甲 needs at least 30 minutes between meetings (required at 一, 二)"


def test_the_meeting_before_is_the_one_ending_last_not_the_neighbour_by_start():
    """Before, only neighbours by start were compared: with 一 8:00-11:00 and 二 8:30-9:00 (a double
    booking), the 0 minutes from 一 to 三 at 11:00 went unsaid."""
    problem = meetings(session("一", 180), session("二", 30), session("三", 30), rooms=TWO_ROOMS, gap=30)
    said = broken(RULE, problem, plan(("一", at(8), "A"), ("二", at(8, 30), "B"), ("三", at(11), "B")))
    assert said == [
        "甲 has only 0 minutes between '一' and '三' (at least 30)"
        "  [rule gap: a participant's consecutive meetings keep the minimum gap]"
    ]
    # The meeting ending last may run on through the next one: the one that ended is still the one before.
    problem = meetings(session("一", 240), session("二", 30), session("三", 30), rooms=TWO_ROOMS, gap=30)
    said = broken(RULE, problem, plan(("一", at(8), "A"), ("二", at(9), "B"), ("三", at(9, 30), "B")))
    assert [line.split("  [")[0] for line in said] == ["甲 has only 0 minutes between '二' and '三' (at least 30)"]


def test_the_checker_names_a_gap_exactly_when_some_pair_breaks_it():
    """Hand-made timetables of one person's many meetings (overlaps included) against every pair."""
    rnd = random.Random(7)
    for _ in range(40):
        count = rnd.randint(2, 30)
        problem = meetings(*(session(f"会{k}", rnd.choice((30, 60, 90))) for k in range(count)), gap=30)
        starts = [at(8) + timedelta(minutes=30 * rnd.randrange(16)) for _ in range(count)]
        said = broken(RULE, problem, plan(*((f"会{k}", s, "A") for k, s in enumerate(starts))))
        ends = [s + timedelta(minutes=m.minutes) for s, m in zip(starts, problem.sessions, strict=True)]
        close = any(timedelta(0) <= b - e < timedelta(minutes=30) for e in ends for b in starts)
        assert bool(said) == close


def test_the_explaining_model_holds_the_gap_alone_as_the_checker_does():
    """QA shapes #6: three half-hour meetings of 甲 in 8:00-9:30 with a 30-minute gap, two rooms. The
    checker passes 8:00, 8:00 and 9:00 for the gap (two at once are no-double-booking's); so the
    explaining model, with the gap's instance alone held, finds a timetable; with no double booking
    held too, none. Before, the gap's instance kept the meetings apart as well, and a conflict named
    the gap alone."""
    from scheduler.meetings.model import MeetingModel
    from scheduler.meetings.prepared import prepare

    problem = meetings(*(session(f"议题{k}", 30) for k in range(3)), rooms=TWO_ROOMS, gap=30)
    problem = problem.replace(workdays=Workdays(problem.workdays.days, ((at(8).time(), at(9, 30).time()),), 30))
    placed = plan(("议题0", at(8), "A"), ("议题1", at(8), "B"), ("议题2", at(9), "A"))
    assert broken(RULE, problem, placed) == []
    model = MeetingModel(prepare(problem, explaining=True)).build(())
    gap, twice = model.reason(Instance("gap", "甲")), model.reason(Instance("no-double-booking", "甲"))
    model.cp.assume([gap])
    assert model.cp.solve(5, workers=1).has_solution
    model.cp.assume([gap, twice])
    assert model.cp.solve(5, workers=1).status == "INFEASIBLE"
    model.cp.assume([twice])
    assert model.cp.solve(5, workers=1).has_solution
