"""The sessions grouped into days at a target, searched to the end (``scheduler.meetings.atbound``): held
against every grouping priced by brute force on small problems of two and three days (found at the
optimum, proven none below it), its timetables against the checker, and the search of days
(``scheduler.meetings.days.by_days``) taking its grouping at the bound first."""

from __future__ import annotations

import itertools
import random
import threading
import time as clock
from collections.abc import Iterator
from datetime import date, time

import pytest

from scheduler.domain import Room
from scheduler.domain.meetings import Attendee, MeetingProblem, Person, Session, Workdays
from scheduler.meetings import atbound
from scheduler.meetings import days as days_module
from scheduler.meetings.atbound import Beside, grouped_at
from scheduler.meetings.bounds import term_bounds
from scheduler.meetings.check import check_meetings
from scheduler.meetings.days import by_days
from scheduler.meetings.engine import stopped
from scheduler.meetings.measure import levels, measure
from scheduler.meetings.oneday import DayPricer, applies
from scheduler.meetings.planner import solve_meetings, to_plan
from scheduler.meetings.prepared import Prepared, prepare
from scheduler.meetings.rooms import number_rooms
from scheduler.meetings.terms import TIMEFOLD, by_level
from tests.test_meetings_days import paired_problem

DAYS = (date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4))


def crowded(seed: int) -> MeetingProblem:
    """Two or three short days (9:00-10:30 on a 15-minute grid), 4 to 7 meetings of 30 to 60 minutes
    among five people (one or two required, up to two optional each), two rooms: the meetings
    sharing someone are often longer in all than the days, so the counting bound is above zero."""
    rnd = random.Random(seed)
    people = [f"人{k}" for k in range(5)]
    sessions = []
    for m in range(rnd.randint(4, 7)):
        chosen = rnd.sample(people, rnd.randint(2, 4))
        required = chosen[: rnd.randint(1, 2)]
        attendees = tuple(Attendee(p) for p in required) + tuple(Attendee(p, False) for p in chosen[len(required) :])
        sessions.append(Session(f"会{m}", rnd.choice((30, 45, 60)), attendees))
    return MeetingProblem(
        tuple(sessions),
        Workdays(DAYS[: rnd.randint(2, 3)], ((time(9), time(10, 30)),), 15),
        (Room("甲", 1, 10), Room("乙", 1, 10)),
        people=tuple(Person(p) for p in people),
    )


def fewest(pricer: DayPricer) -> int | None:
    """The fewest optional conflicts over every grouping of the sessions into days, each day priced
    exactly; ``None`` when no grouping has a placement."""
    prep = pricer.prep
    best = None
    options = [pricer.days_of(i) for i in range(prep.n)]
    for chosen in itertools.product(*options):
        total = 0
        for d in set(chosen):
            priced = pricer.value(d, frozenset(i for i in range(prep.n) if chosen[i] == d))
            if priced is None:
                break
            total += priced[0]
        else:
            best = total if best is None else min(best, total)
    return best


def _medium(prep: Prepared, placed: dict[int, tuple[int, int]]) -> int:
    starts = [placed[i][0] for i in range(prep.n)]
    rooms = number_rooms(prep, starts, [placed[i][1] for i in range(prep.n)])
    assert check_meetings(prep.problem, to_plan(prep, starts, rooms), TIMEFOLD).ok
    return levels(TIMEFOLD, measure(prep, starts, rooms))["medium"]


@pytest.mark.parametrize("seed", range(30))
def test_found_at_the_optimum_and_proven_none_below(seed: int) -> None:
    prep = prepare(crowded(seed), aggregate=False)
    assert applies(prep)
    optimum = fewest(DayPricer(prep))
    if optimum is None:
        assert grouped_at(DayPricer(prep), 10**6, clock.perf_counter() + 30) == grouped_at(
            DayPricer(prep), 10**6, clock.perf_counter() + 30
        )
        return
    assert optimum >= term_bounds(prep, {"optional-conflicts"})["optional-conflicts"]
    found = grouped_at(DayPricer(prep), optimum, clock.perf_counter() + 30)
    assert found is not None and found.placed and found.value == optimum
    assert _medium(prep, found.placed) == optimum
    if optimum > 0:
        below = grouped_at(DayPricer(prep), optimum - 1, clock.perf_counter() + 30)
        assert below is not None and not below.placed and below.value == optimum


def test_some_crowded_problems_have_a_bound_above_zero() -> None:
    """The generator exercises the clique's cut: a counting bound above zero in several of them."""
    positive = sum(
        term_bounds(prepare(crowded(seed), aggregate=False), {"optional-conflicts"})["optional-conflicts"] > 0
        for seed in range(30)
    )
    assert positive >= 5


def test_out_of_time_says_nothing() -> None:
    prep = prepare(crowded(3), aggregate=False)
    assert grouped_at(DayPricer(prep), 0, clock.perf_counter() - 1) is None


def test_the_search_of_days_takes_the_grouping_found_beside(monkeypatch: pytest.MonkeyPatch) -> None:
    """The paired problem (tests/test_meetings_days.py) from its worst grouping (12 optional
    conflicts), the pair search and the annealing finding nothing: the grouping at the bound (0)
    that the search beside finds is the answer at once (before: no such search, a TypeError)."""
    monkeypatch.setattr(days_module, "_pair", lambda *args: None)
    monkeypatch.setattr(days_module, "_regrouped", lambda *args: None)
    prep = prepare(paired_problem())
    per_day = prep.problem.workdays.per_day()
    starts = [d * per_day + 9 * 4 for d in (0, 0, 1, 1, 2, 2)]
    classes = [prep.eligible[i][0] for i in range(prep.n)]
    rooms = number_rooms(prep, starts, classes)
    classes = [prep.class_of_room[r] for r in rooms]
    medium = list(by_level(TIMEFOLD)["medium"])
    until = clock.perf_counter() + 20
    found, chosen = by_days(prep, medium, (starts, classes), 12, 0, until, 1, Beside(DayPricer(prep), 0, until))
    assert clock.perf_counter() < until - 10  # at once, not at the end of its time
    rooms = number_rooms(prep, found, chosen)
    assert check_meetings(prep.problem, to_plan(prep, found, rooms), TIMEFOLD).ok
    assert levels(TIMEFOLD, measure(prep, found, rooms))["medium"] == 0


def test_the_search_beside_ends_with_the_call(monkeypatch: pytest.MonkeyPatch) -> None:
    """A grouping search beside that would run to the call's end (here one that never ends by
    itself) is told to stop and is gone when ``solve_meetings`` returns early, proven (before: it
    ran on to its clock after the call had returned)."""
    heard: list[bool] = []

    class Endless:
        complete = False

        def __iter__(self) -> Iterator[dict[int, frozenset[int]]]:
            while not stopped():
                clock.sleep(0.01)
            heard.append(True)
            return iter(())

    monkeypatch.setattr(atbound, "groupings_at", lambda pricer, target, until: Endless())
    result = solve_meetings(paired_problem(), TIMEFOLD, 30)
    assert result.status == "optimal"
    assert heard == [True]
    assert not [t for t in threading.enumerate() if t.name == "atbound"]


@pytest.mark.parametrize("seed", range(30))
def test_searched_again_higher_until_found_and_proven(seed: int) -> None:
    """Started at the counting bound, the search beside goes one higher each time it proves none
    there: it ends at the fewest conflicts of any grouping (brute force), proven."""
    prep = prepare(crowded(seed), aggregate=False)
    if not applies(prep):
        return
    optimum = fewest(DayPricer(prep))
    if optimum is None:
        return
    floor = term_bounds(prep, {"optional-conflicts"})["optional-conflicts"]
    beside = Beside(DayPricer(prep), floor, clock.perf_counter() + 30, scale=2)
    beside.thread.join()
    assert beside.result is not None and beside.result.value == optimum
    assert beside.bound() == 2 * optimum


def test_not_searched_past_a_timetable_known() -> None:
    """Told of a timetable one above the counting bound, the search beside stops once it proves none
    below (that timetable is the optimum), not searching on for a grouping at it."""
    seed = next(s for s in range(30) if _gap(s))
    prep = prepare(crowded(seed), aggregate=False)
    floor = term_bounds(prep, {"optional-conflicts"})["optional-conflicts"]
    beside = Beside(DayPricer(prep), floor, clock.perf_counter() + 30, ceiling=floor + 1)
    beside.thread.join()
    assert beside.result is None and beside.bound() == floor + 1


def _gap(seed: int) -> bool:
    """Whether the fewest conflicts of ``crowded(seed)`` are above its counting bound."""
    prep = prepare(crowded(seed), aggregate=False)
    optimum = fewest(DayPricer(prep)) if applies(prep) else None
    return optimum is not None and optimum > term_bounds(prep, {"optional-conflicts"})["optional-conflicts"]


def test_a_grouping_found_late_is_taken_when_better() -> None:
    """What the planner does with a grouping found beside, after the stages or while the soft level
    is searched a day at a time: taken, rooms numbered, when better than the timetable so far (the
    paired problem's worst grouping, 12 optional conflicts), with its proven bound; not otherwise."""
    from scheduler.meetings import planner

    prep = prepare(paired_problem())
    per_day = prep.problem.workdays.per_day()
    worst = [d * per_day + 9 * 4 for d in (0, 0, 1, 1, 2, 2)]
    worst_timetable = (worst, number_rooms(prep, worst, [prep.eligible[i][0] for i in range(prep.n)]))
    beside = Beside(DayPricer(prep), 0, clock.perf_counter() + 20)
    beside.thread.join()
    judge = planner._Judge(prep, TIMEFOLD)
    bound: dict[str, int | None] = {"medium": None}
    taken = planner._grouping_taken(judge, beside, worst_timetable, bound, {})
    assert taken is not None and judge.levels(taken)["medium"] == 0 < judge.levels(worst_timetable)["medium"]
    assert judge.keeps(taken) and bound["medium"] == 0
    assert planner._grouping_taken(judge, beside, taken, bound, {}) is None


def _canonical(sets: dict[int, frozenset[int]], alike: dict[int, int]) -> frozenset[tuple[int, frozenset[int]]]:
    """A grouping up to the names of alike days: its non-empty days' sets, each with its alike day."""
    return frozenset((alike[d], s) for d, s in sets.items() if s)


@pytest.mark.parametrize("seed", range(30))
def test_every_grouping_at_the_target_walked_once(seed: int) -> None:
    """``groupings_at`` walks every grouping whose days, each at its fewest conflicts, cost at most the
    target (here the optimum), each once up to the names of alike days: brute force over every
    assignment of sessions to days."""
    prep = prepare(crowded(seed), aggregate=False)
    if not applies(prep):
        return
    pricer = DayPricer(prep)
    optimum = fewest(pricer)
    if optimum is None:
        return
    walk = atbound.groupings_at(pricer, optimum, clock.perf_counter() + 30)
    walked = [_canonical(sets, walk.alike) for sets in walk]
    assert walk.complete and len(walked) == len(set(walked)) > 0
    brute = set()
    for chosen in itertools.product(*(pricer.days_of(i) for i in range(prep.n))):
        sets = {d: frozenset(i for i in range(prep.n) if chosen[i] == d) for d in set(chosen)}
        priced = [pricer.value(d, s) for d, s in sets.items()]
        if all(p is not None for p in priced) and sum(p[0] for p in priced if p is not None) <= optimum:
            brute.add(_canonical(sets, walk.alike))
    assert set(walked) == brute


def test_the_search_beside_tells_the_grouping_cheapest_at_the_soft_level(monkeypatch: pytest.MonkeyPatch) -> None:
    """Given the soft level's measure, the search beside tells, of the first groupings at the target
    it walks, the one whose days placed early cost least (not the first found, on some of these
    problems)."""
    monkeypatch.setattr(atbound, "MORE_SECONDS", 30.0)
    other = 0
    for seed in range(30):
        prep = prepare(crowded(seed), aggregate=False)
        if not applies(prep) or (optimum := fewest(DayPricer(prep))) is None:
            continue

        def soft(starts: list[int], classes: list[int], prep: Prepared = prep) -> int:
            return levels(TIMEFOLD, measure(prep, starts, number_rooms(prep, starts, classes)))["soft"]

        pricer = DayPricer(prep)
        walk = atbound.groupings_at(pricer, optimum, clock.perf_counter() + 30)
        costs = []
        for sets in walk:
            placed = atbound.placed_early(pricer, sets, walk.alike, clock.perf_counter() + 30).placed
            costs.append(soft([placed[i][0] for i in range(prep.n)], [placed[i][1] for i in range(prep.n)]))
        beside = Beside(DayPricer(prep), optimum, clock.perf_counter() + 30, soft=soft)
        beside.thread.join()
        told = beside()
        assert told is not None and beside.result is not None and beside.result.value == optimum
        assert soft(*told) == min(costs[: atbound.MORE_GROUPINGS])
        other += min(costs[: atbound.MORE_GROUPINGS]) < costs[0]
    assert other > 0


def test_overflow_never_above_the_least_over_every_assignment() -> None:
    """:func:`~scheduler.meetings.atbound.overflow` is at most the least, over every assignment of the
    clique's sessions left to the days, of each day's length beyond its slack (brute force, random
    lengths and slacks), and above the slack pooled over all days where fewer sessions than days are
    left (one 16-step session, four days of 4 spare steps: at least 12, pooled 0)."""
    rnd = random.Random(5)
    above = 0
    for _ in range(400):
        days = rnd.randint(1, 4)
        lengths = [rnd.choice((4, 8, 12, 16)) for _ in range(rnd.randint(0, 5))]
        slacks = [rnd.randint(0, 20) for _ in range(days)]
        least = min(
            sum(max(0, sum(lengths[k] for k in range(len(lengths)) if chosen[k] == d) - slacks[d]) for d in range(days))
            for chosen in itertools.product(range(days), repeat=len(lengths))
        )
        found = atbound.overflow(sum(lengths), len(lengths), slacks)
        assert found <= least
        above += found > max(0, sum(lengths) - sum(slacks))
    assert above > 0
    assert atbound.overflow(16, 1, [4, 4, 4, 4]) == 12


@pytest.mark.parametrize("seed", range(30))
def test_every_grouping_above_the_optimum_walked_once(seed: int) -> None:
    """As :func:`test_every_grouping_at_the_target_walked_once` with the target a few conflicts above
    the optimum (more groupings, more of the walk's cuts tried)."""
    prep = prepare(crowded(seed), aggregate=False)
    if not applies(prep):
        return
    pricer = DayPricer(prep)
    optimum = fewest(pricer)
    if optimum is None:
        return
    target = optimum + 1 + seed % 4
    walk = atbound.groupings_at(pricer, target, clock.perf_counter() + 30)
    walked = [_canonical(sets, walk.alike) for sets in walk]
    assert walk.complete and len(walked) == len(set(walked)) > 0
    brute = set()
    for chosen in itertools.product(*(pricer.days_of(i) for i in range(prep.n))):
        sets = {d: frozenset(i for i in range(prep.n) if chosen[i] == d) for d in set(chosen)}
        priced = [pricer.value(d, s) for d, s in sets.items()]
        if all(p is not None for p in priced) and sum(p[0] for p in priced if p is not None) <= target:
            brute.add(_canonical(sets, walk.alike))
    assert set(walked) == brute
