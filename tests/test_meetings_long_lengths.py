"""Gaps, changeovers and capacities far beyond the calendar (QA qaembed23 F7, F8): a service takes them from
its users. A gap of a working day or more means "one meeting a day at most" and is solved as such; a gap or
a changeover no two meetings can keep is ``infeasible``, said with the rule; a room for any number of
meetings at once is one for as many as there are. Every search reads these lengths clamped at what the
calendar can hold (:meth:`MeetingProblem.steps_of`, :meth:`MeetingProblem.places`), so no loop walks the
steps of a gap of 10**9 minutes nor the places of a room of 10**9."""

from __future__ import annotations

import random
import sys
from datetime import date, datetime, time

import pytest

from scheduler.domain import Room
from scheduler.domain.meetings import Attendee, MeetingProblem, Person, Placement, Plan, Session, Workdays
from scheduler.meetings.board import Counts
from scheduler.meetings.check import check_meetings
from scheduler.meetings.counts import _bits, _measure
from scheduler.meetings.planner import solve_meetings
from scheduler.meetings.prepared import prepare

THREE_DAYS = Workdays((date(2027, 3, 1), date(2027, 3, 2), date(2027, 3, 3)), ((time(8), time(18)),))
AFTERNOONS = Workdays((date(2027, 3, 1), date(2027, 3, 2)), ((time(14), time(18)),))
PEOPLE = (Person("张三"), Person("李四"))


def one_person(
    workdays: Workdays, count: int, gap: int = 0, rooms: tuple[Room, ...] = (Room("301"),)
) -> MeetingProblem:
    sessions = tuple(Session(f"M{i}", 60, (Attendee("张三"),)) for i in range(count))
    return MeetingProblem(sessions, workdays, rooms, PEOPLE, gap=gap)


@pytest.mark.parametrize("gap", [600, 840, 1380])
def test_a_gap_of_a_working_day_or_more_gives_one_meeting_a_day(gap):
    """Before: ``unknown`` with no timetable in 2 s of a 10 s limit (the greedy's board read a gap reaching
    back before the first day's midnight from the other end of its arrays), although the checker accepts
    one meeting a day at 8:00."""
    problem = one_person(THREE_DAYS, 3, gap=gap)
    by_hand = Plan(tuple(Placement(f"M{i}", datetime(2027, 3, 1 + i, 8), "301") for i in range(3)))
    assert check_meetings(problem, by_hand).ok
    result = solve_meetings(problem, time_limit=10, workers=1)
    assert result.status == "optimal" and result.plan is not None
    assert check_meetings(problem, result.plan).ok
    assert sorted(p.start.date() for p in result.plan.placements if p.start is not None) == list(THREE_DAYS.days)
    kept = solve_meetings(problem, time_limit=10, workers=1, previous=by_hand)
    assert kept.status == "optimal" and kept.plan is not None and check_meetings(problem, kept.plan).ok


@pytest.mark.parametrize("gap", [3000, 100_000, 10**9, sys.maxsize])
def test_a_gap_no_two_meetings_can_keep_is_infeasible_and_said(gap):
    """Before: a raw ``IndexError`` from the board (3000, 100000) or a loop of ``gap`` shifts that ran past
    any limit (10**9: still counting after 10 minutes of a 5 s limit)."""
    problem = one_person(AFTERNOONS, 2, gap=gap)
    assert prepare(problem).gap == problem.reach == problem.gap_steps
    result = solve_meetings(problem, time_limit=5, workers=1)
    assert result.status == "infeasible" and result.conflict is not None
    assert any(i.rule == "gap" for i in result.conflict.instances)
    assert str(gap) in "\n".join(result.conflict.lines("en"))


@pytest.mark.parametrize("changeover", [3000, 10**6, sys.maxsize])
def test_a_changeover_no_two_meetings_can_keep_is_infeasible_and_said(changeover):
    """Before: a raw ``IndexError`` from the board (``Counts.add``) at 10**6 minutes."""
    sessions = (Session("A", 60, (Attendee("张三"),)), Session("B", 60, (Attendee("李四"),)))
    problem = MeetingProblem(sessions, AFTERNOONS, (Room("301", changeover=changeover),), PEOPLE)
    assert prepare(problem).classes[0].changeover == problem.reach
    result = solve_meetings(problem, time_limit=5, workers=1)
    assert result.status == "infeasible" and result.conflict is not None
    assert any(i.rule == "changeover" for i in result.conflict.instances)


@pytest.mark.parametrize("capacity", [10**9, sys.maxsize])
def test_a_room_for_any_number_at_once_holds_as_many_as_there_are_meetings(capacity):
    """Before: one flow arc per place the room holds (10**9: 79 s of a 5 s limit), and a capacity past
    CP-SAT's integers searched the whole limit for ``feasible``."""
    sessions = (
        Session("A", 60, (Attendee("张三"),)),
        Session("B", 60, (Attendee("李四"),)),
        Session("C", 60, (Attendee("李四"),)),
    )
    problem = MeetingProblem(sessions, AFTERNOONS, (Room("线上", capacity=capacity),), PEOPLE)
    assert [c.capacity for c in prepare(problem).classes] == [3]
    result = solve_meetings(problem, time_limit=10, workers=1)
    assert result.status == "optimal" and result.plan is not None and check_meetings(problem, result.plan).ok


def test_a_few_places_are_kept_as_they_are():
    problem = one_person(AFTERNOONS, 1, rooms=(Room("301", capacity=2), Room("302", capacity=5)))
    assert [problem.places(r) for r in problem.rooms] == [2, 2]  # one meeting: a room for several stays so
    assert problem.steps_of(60) == 4 and problem.reach == 24 * 4 + 16  # from 14:00 on day 1 to 18:00 on day 2


def test_grown_masks_are_counted_as_the_ranges_are():
    """The counting argument grows each stretch of time by the gap in log2(gap) shifts (before: one shift a
    step of the gap), counting what :func:`_measure` counts of the same ranges."""
    rng = random.Random(7)
    for _ in range(200):
        ranges = sorted({(a, a + rng.randint(1, 6)) for a in rng.sample(range(200), rng.randint(1, 12))})
        mask = 0
        for a, b in ranges:
            mask |= ((1 << (b - a)) - 1) << a
        gap = rng.choice([0, 1, 2, 3, 7, 16, 33, 100, 257])
        assert _bits(mask, gap) == _measure(ranges, gap)


def test_a_window_reaching_before_the_first_day_counts_from_its_midnight():
    counts = Counts(10)
    counts.add(8, 10)
    assert counts.window(-5, 3) == 0 and counts.free_after(-5, 3) == -5
    counts.add(0, 1)
    assert counts.window(-5, 3) == 1 and counts.free_after(-5, 3) == 1


def _free_after_step_by_step(values: list[int], first: int, last: int) -> int:
    """:meth:`Counts.free_after` as it read the steps before, one at a time (within the arrays)."""
    t, low = min(last, len(values)) - 1, max(first, 0)
    while t >= low and not values[t]:
        t -= 1
    if t < low:
        return first
    while t < len(values) and values[t]:
        t += 1
    return t


def test_free_after_reads_long_windows_a_chunk_at_a_time_with_the_same_answer():
    rng = random.Random(11)
    for _ in range(2000):
        size = rng.randint(1, 400)
        counts = Counts(size)
        for _ in range(rng.randint(0, 6)):  # spans past both ends too: cut there
            a = rng.randint(-20, size + 20)
            counts.add(a, a + rng.randint(1, 30))
        first = rng.randint(-50, size + 10)
        last = first + rng.randint(0, 300)
        expected = _free_after_step_by_step(list(counts.values), first, last)
        fresh = Counts(size)
        fresh.values = counts.values  # (no skip pointers learnt: the answer from the counts alone)
        assert fresh.free_after(first, last) == expected
        assert fresh.window(first, last) == sum(counts.values[max(first, 0) : max(0, min(last, size))])
