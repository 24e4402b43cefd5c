"""The polish after the solver: one session at a time moved to its cheapest place (scheduler.meetings.polish).

It must keep every hard rule, never raise the medium level, only ever return something better, and
end by itself; objectives it cannot count are left alone."""

from __future__ import annotations

import random
import time as clock
from datetime import date, datetime, time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.domain import Room
from scheduler.domain.meetings import Attendee, MeetingProblem, Person, Session, Workdays
from scheduler.meetings.greedy import greedy
from scheduler.meetings.measure import score_key
from scheduler.meetings.planner import _keeps_rules
from scheduler.meetings.polish import applies, polish
from scheduler.meetings.prepared import prepare
from scheduler.meetings.terms import DEFAULT, REPLAN, TIMEFOLD, Term
from tests.test_meetings_properties import tiny

DAY = date(2025, 3, 3)
LATER = 10**9  # no time limit in these tests: the polish ends by itself


def two_meetings(optional: bool = False) -> MeetingProblem:
    """Two one-hour meetings of different people on a 15-minute grid, 8:00-12:00; with ``optional``,
    甲 is wanted (optional) at the second too, so the two should not overlap."""
    second = (Attendee("乙"), Attendee("甲", False)) if optional else (Attendee("乙"),)
    return MeetingProblem(
        (Session("会一", 60, (Attendee("甲"),)), Session("会二", 60, second)),
        Workdays((DAY,), ((time(8), time(12)),), 15),
        (Room("A", 1, 10), Room("B", 1, 10)) if optional else (Room("A", 1, 10),),
        people=(Person("甲"), Person("乙")),
    )


def at(prep, hour: int, minute: int = 0) -> int:
    """The clock step of ``hour:minute`` on the day."""
    return prep.problem.workdays.step(datetime.combine(DAY, time(hour, minute)))


def test_back_to_back_meetings_are_moved_one_step_apart():
    """Timefold's weights: a meeting that starts as another ends costs 100, a step later costs 1. The
    hand-made 8:00 and 9:00 become 8:00 and 9:15 (or the same the other way round): the optimum."""
    prep = prepare(two_meetings())
    packed = ([at(prep, 8), at(prep, 9)], ["A", "A"])
    assert score_key(prep, TIMEFOLD, packed) == (0, 4 + 8 + 100)
    better = polish(prep, TIMEFOLD, packed, LATER)
    assert better is not None and _keeps_rules(prep, *better)
    assert score_key(prep, TIMEFOLD, better) == (0, 4 + 9)  # one hour, a step, one hour: nothing cheaper
    assert sorted(better[0]) == [at(prep, 8), at(prep, 9, 15)]
    assert polish(prep, TIMEFOLD, better, LATER) is None  # where it ends, no session has a cheaper place


def test_the_medium_level_never_rises_for_a_lower_soft_one():
    """Moving the second meeting to 8:00 in the other room would end it earlier (soft) but put 甲 in
    two meetings at once (an optional conflict: medium): it stays where it is."""
    prep = prepare(two_meetings(optional=True))
    apart = ([at(prep, 8), at(prep, 9, 15)], ["A", "B"])
    before = score_key(prep, TIMEFOLD, apart)
    assert before[0] == 0
    better = polish(prep, TIMEFOLD, apart, LATER)
    assert better is None or (score_key(prep, TIMEFOLD, better)[0] == 0 and score_key(prep, TIMEFOLD, better) < before)


def test_an_objective_it_cannot_count_is_left_alone():
    """Moves from a published timetable are not on the board: replanning is never polished."""
    assert applies(TIMEFOLD) and applies(DEFAULT)
    assert not applies(REPLAN) and not applies((Term("moves", "medium"),))


def test_the_polish_stops_at_its_time():
    prep = prepare(two_meetings())
    packed = ([at(prep, 8), at(prep, 9)], ["A", "A"])
    assert polish(prep, TIMEFOLD, packed, clock.perf_counter() - 1) is None  # no time: nothing moved


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), timefold=st.booleans())
def test_whatever_it_returns_keeps_the_rules_and_is_better(seed, timefold):
    """On random small problems (rooms shared or not, gaps, changeovers, busy people, windows), from
    the early-packing greedy's timetable: the polished one keeps every hard rule, is strictly
    better, never worse on the medium level; polished again, it only ever gets better."""
    problem = tiny(random.Random(seed))
    objective = TIMEFOLD if timefold else DEFAULT
    prep = prepare(problem, aggregate=not timefold)
    first = greedy(prep, (Term("early"),), rounds=3)
    if first is None:
        return
    better = polish(prep, objective, first, LATER)
    if better is None:
        return
    assert _keeps_rules(prep, *better)
    before, after = score_key(prep, objective, first), score_key(prep, objective, better)
    assert after < before and after[0] <= before[0]
    again = polish(prep, objective, better, LATER)  # ruin and recreate may find more from there; never less
    assert again is None or (_keeps_rules(prep, *again) and score_key(prep, objective, again) < after)
