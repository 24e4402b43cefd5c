"""Replanning a hearing in two parts whose afternoon becomes busy: the search around it grows by whole
days (:func:`scheduler.meetings.neighbourhood.fewest_moves`, ``DAYS_AFTER``).

The data (tests/data/hearing_away) is qamscale18's m100 timetable: 100 meetings over five full days, six
hearings of two parts (the whole morning, the whole afternoon, linked the same day). 郭超 becomes busy
the afternoon of 3月1日, where his hearing 听证0017's afternoon part was. The two parts cannot simply
move to another day: the days are full, and the hearing's four people have meetings every day. A 20 s
search over the home day and each other day finds 26 moves at best (three days free: 26, proven in 3-6
s); the greedy's repair moved 46, and the neighbourhood grown by relatedness found nothing in 25 meetings,
so ``reschedule --time-limit 5`` moved 46 before."""

from __future__ import annotations

import time
from datetime import date, datetime
from datetime import time as clock
from pathlib import Path

import pytest

from scheduler.domain import Room
from scheduler.domain.meetings import Busy, Link, MeetingProblem, Person, Placement, Plan, Workdays
from scheduler.meetings import neighbourhood, replanning
from scheduler.meetings.check import check_meetings
from scheduler.meetings.neighbourhood import _days_to_free, fewest_moves, held, kept_and_displaced, linked_with
from scheduler.meetings.planner import to_plan
from scheduler.meetings.prepared import prepare
from tests.rules.meeting_helpers import session
from tests.test_meetings_neighbourhood import away_from

DATA = Path(__file__).parent / "data" / "hearing_away" / "timetable.csv"
GREEDY = 46
"""The greedy's repaired start moved this many (and the answer did, before); 44 since a hearing's
afternoon part is placed right after its morning part (qawebmeet19 F1)."""


def _away():  # type: ignore[no-untyped-def]
    return away_from(DATA, "郭超@3月1日下午")


def _moves(prefer, found) -> int:  # type: ignore[no-untyped-def]
    return sum(prefer.get(i) != (found[0][i], found[1][i]) for i in range(len(found[0])))


def test_the_displaced_part_is_freed_with_the_part_it_is_linked_to():
    problem, _ = _away()
    prep = prepare(problem)
    _, displaced = kept_and_displaced(prep, replanning._published_places(problem))
    assert [problem.sessions[i].title for i in displaced] == ["听证0017（下午）"]
    titles = sorted(problem.sessions[i].title for i in linked_with(prep, displaced))
    assert titles == ["听证0017（上午）", "听证0017（下午）"]


@pytest.mark.serial
def test_the_search_around_the_hearing_never_answers_worse_than_its_greedy_start():
    """The search around the hearing starts from the greedy's timetable (44 moves) and answers a valid
    timetable never moving more. How many fewer it reaches (26 at best, 27 in 10 s, 37 in 3 s at load 4-6)
    is the CPU the machine gave it by its deadline, so that is measured in
    ``python -m benchmarks.replan_hearing`` (docs/benchmarks.md), not asserted here: asserting "at most
    30 in 30 s" failed under load (2 of 2 at load 20 beside 9 busy loops). Something is always found:
    the day's trade needs no search (below)."""
    problem, terms = _away()
    prep = prepare(problem)
    prefer = replanning._published_places(problem)
    start = replanning._greedy_start(prep, prefer, time.perf_counter() + 30)
    assert start is not None and start[0][0] <= GREEDY
    found = fewest_moves(prep, terms, prefer, time.perf_counter() + 3, hint=start[1])
    assert found is not None and check_meetings(problem, to_plan(prep, *found)).ok
    assert _moves(prefer, found) <= start[0][0]


@pytest.mark.serial
def test_a_replan_of_the_hearing_is_valid_and_never_moves_more_than_the_greedy():
    """``time_limit=8``: the answer is valid, keeps the rest of the hearings, and moves no more than the
    greedy's 46 (how many fewer is measured by ``python -m benchmarks.replan_hearing``: 37 at 3 s, 35 at
    10 s at load 5-7; 26 at best)."""
    problem, terms = _away()
    result = replanning.replan_meetings(problem, problem.reference, objective=terms, time_limit=8)
    assert result.plan is not None and check_meetings(problem, result.plan).ok
    assert len(result.moves) <= GREEDY, len(result.moves)


@pytest.mark.serial
def test_a_small_hearing_moves_with_the_one_meeting_in_its_way():
    """Three days of 8-12 and 13-17, rooms A and B; the hearing (two four-hour parts, linked the same
    day) fills A on the first day, sixteen one-hour meetings fill B that day and A the second; 甲 (in
    the hearing and in 会4, the second day) becomes busy the first afternoon. The two parts move to
    another day, with at most one other meeting (3 moves, the fewest found, before and after). A guard
    for the linked parts freed together (it passed before as well: the small table's neighbourhood
    reached the morning part in its second step)."""
    days = Workdays(tuple(date(2025, 3, 3 + k) for k in range(3)), ((clock(8), clock(12)), (clock(13), clock(17))), 60)
    parts = ("听证（上午）", "听证（下午）")
    others = [session(f"会{k}", 60, f"人{k}", *(["甲"] if k % 4 == 0 else [])) for k in range(16)]
    people = (Person("甲"), Person("乙"), *(Person(f"人{k}") for k in range(16)))
    problem = MeetingProblem(
        (*(session(t, 240, "甲", "乙") for t in parts), *others),
        days,
        (Room("A", 1, 10), Room("B", 1, 10)),
        people=people,
        links=(Link(*parts, same_day=True),),
    )
    hours = [(d, h) for d in (0, 1) for h in (8, 9, 10, 11, 13, 14, 15, 16)]
    published = Plan(
        (
            Placement(parts[0], datetime(2025, 3, 3, 8), "A"),
            Placement(parts[1], datetime(2025, 3, 3, 13), "A"),
            *(
                Placement(f"会{k}", datetime(2025, 3, 3 + d, h), "B" if d == 0 else "A")
                for k, (d, h) in enumerate(hours)
            ),
        )
    )
    busy = Busy("甲", datetime(2025, 3, 3, 13), datetime(2025, 3, 3, 17))
    result = replanning.replan_meetings(problem, published, replanning.MeetingChanges(busy=(busy,)), time_limit=2)
    assert result.plan is not None and check_meetings(problem.replace(busy=(busy,)), result.plan).ok
    moved = {m.title for m in result.moves}
    assert set(parts) <= moved and len(moved) <= 3, moved


def test_the_hearing_trades_days_with_the_one_day_whose_meetings_make_room():
    """The day 3月2日's meetings in the hearing's way go to 3月1日 at their own times and rooms (and the
    ones there in their way to 3月2日): a valid timetable of 37 moves, found without a search, and that
    day is tried first. Before, the days were tried by size (3月2日 third, after two impossible ones)
    and each neighbourhood's first timetable came from the search alone (about 1 s of CPU)."""
    problem, _ = _away()
    prep = prepare(problem)
    prefer = replanning._published_places(problem)
    kept, displaced = kept_and_displaced(prep, prefer)
    free = linked_with(prep, displaced)
    days = _days_to_free(prep, prefer, kept, free, GREEDY)
    block, trade = days[0]
    assert {problem.workdays.day_of(kept[i][0]) for i in block} == {0, 1}  # 3月1日 and 3月2日
    assert trade is not None and check_meetings(problem, to_plan(prep, *trade)).ok
    assert _moves(prefer, trade) == 37 < GREEDY
    assert [t for _, t in days[1:]] == [None, None, None]


def test_a_trade_is_the_answer_when_the_searches_find_nothing(monkeypatch):
    """With every neighbourhood's search finding nothing, the day's trade is still returned (it moves
    fewer than the greedy's start); before, nothing was (the greedy's 46 stayed the answer)."""
    problem, terms = _away()
    prep = prepare(problem)
    prefer = replanning._published_places(problem)
    start = replanning._greedy_start(prep, prefer, time.perf_counter() + 5)
    assert start is not None
    monkeypatch.setattr(neighbourhood, "_fixed_run", lambda *_args: (None, True))
    found = fewest_moves(prep, terms, prefer, time.perf_counter() + 5, hint=start[1])
    assert found is not None and check_meetings(problem, to_plan(prep, *found)).ok
    assert _moves(prefer, found) == 37


def test_a_neighbourhood_model_holds_every_meeting_outside_it_at_its_place():
    """Each neighbourhood is searched in a model of its own (``held``): a meeting outside it has one
    start and its room's class, so the model is a fraction of the whole (before, the whole model's
    domains were narrowed, and CP-SAT's presolve spent seconds on what was fixed)."""
    problem, _ = _away()
    prep = prepare(problem)
    kept, displaced = kept_and_displaced(prep, replanning._published_places(problem))
    free = linked_with(prep, displaced)
    small = held(prep, kept, free)
    for i in range(prep.n):
        if i in free:
            assert small.starts[i] == prep.starts[i] and small.eligible[i] == prep.eligible[i]
        else:
            assert small.starts[i] == [kept[i][0]] and small.eligible[i] == [prep.class_of_room[kept[i][1]]]


def test_a_trade_is_the_answer_when_no_model_can_be_built_in_time(monkeypatch):
    """Under load the greedy's start can leave too little time for the whole table's model (the
    gate, ``BUILD_SHARE``): the day's trade, which needs none, is still the answer (37 moves); before,
    nothing was, and the greedy's 46 stayed."""
    problem, terms = _away()
    prep = prepare(problem)
    prefer = replanning._published_places(problem)
    start = replanning._greedy_start(prep, prefer, time.perf_counter() + 5)
    assert start is not None
    monkeypatch.setattr(neighbourhood, "BUILD_SECONDS", 1.0)  # every model priced far beyond the time
    found = fewest_moves(prep, terms, prefer, time.perf_counter() + 5, hint=start[1])
    assert found is not None and check_meetings(problem, to_plan(prep, *found)).ok
    assert _moves(prefer, found) == 37
