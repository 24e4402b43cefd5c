"""The configuration LP's bound on optional conflicts (scheduler.meetings.configuration) is never above
the least count of any timetable keeping the rules, found by brute force on small random problems (every
start and room of every meeting, the checker's verdict and count); it is above 0 on some, and on the
Timefold recipe's 50 meetings it is the instrument's 40 where the counting bound says 32."""

from __future__ import annotations

import random
import time
from datetime import date
from datetime import time as clock
from itertools import product

from benchmarks.timefold_ours import problem_of
from benchmarks.timefold_recipe import demo, generate
from scheduler.domain import Room
from scheduler.domain.meetings import Attendee, MeetingProblem, Person, Session, Workdays
from scheduler.meetings.check import keeps_rules
from scheduler.meetings.configuration import Floor, configuration_bound
from scheduler.meetings.measure import measure
from scheduler.meetings.planner import to_plan
from scheduler.meetings.prepared import prepare
from tests.deterministic import HOUR, by_work

PEOPLE = ("甲", "乙", "丙", "丁")


def _random_problem(rnd: random.Random) -> MeetingProblem:
    """3-4 meetings of 30-45 minutes among two to four of four people (mostly optional), one morning
    of 4-5 steps, 2-3 rooms of 3-4 seats: crowded, so that conflicts are forced."""
    sessions = []
    for k in range(rnd.randint(3, 4)):
        who = rnd.sample(PEOPLE, rnd.randint(2, 4))
        attendees = tuple(Attendee(p, rnd.random() < 0.3) for p in who)
        if not any(a.required for a in attendees):
            attendees = (Attendee(who[0]), *attendees[1:])
        sessions.append(Session(f"会{k}", rnd.choice((30, 45)), attendees))
    end = clock(9, 0) if rnd.random() < 0.5 else clock(9, 15)
    rooms = tuple(Room(f"R{r}", 1, rnd.randint(3, 4)) for r in range(rnd.randint(2, 3)))
    return MeetingProblem(
        tuple(sessions),
        Workdays((date(2026, 3, 2),), ((clock(8), end),), 15),
        rooms,
        people=tuple(Person(p) for p in PEOPLE),
    )


def _least(problem: MeetingProblem) -> int | None:
    """The fewest optional conflicts of any timetable keeping every rule (``None``: there is none)."""
    prep = prepare(problem, aggregate=False)
    rooms = [r.name for r in problem.rooms]
    best = None
    for starts in product(*prep.starts):
        for placed in product(rooms, repeat=prep.n):
            if keeps_rules(problem, to_plan(prep, list(starts), list(placed))):
                found = measure(prep, list(starts), list(placed), names={"optional-conflicts"})["optional-conflicts"]
                best = found if best is None else min(best, found)
    return best


def test_the_bound_is_never_above_the_brute_force_optimum():
    rnd = random.Random(15)
    above_zero = 0
    for _ in range(20):
        problem = _random_problem(rnd)
        least = _least(problem)
        if least is None:
            continue
        bound = configuration_bound(prepare(problem, aggregate=False), time.perf_counter() + 10)
        assert bound <= least, (problem, bound, least)
        above_zero += bound > 0
    assert above_zero >= 3  # (the draws do have conflicts to bound)


def test_the_demo_bound_is_its_proven_optimum():
    with by_work(30.0):  # (as below: not the load)
        assert configuration_bound(prepare(problem_of(demo()), aggregate=False), time.perf_counter() + HOUR) == 40


def test_beside_the_bound_is_the_same_and_a_close_ends_it_at_once():
    floor = Floor(prepare(problem_of(demo()), aggregate=False), time.perf_counter() + 60)
    floor.thread.join()
    assert floor.bound() == 40
    fifty = Floor(prepare(problem_of(generate(50, 0)), aggregate=False), time.perf_counter() + 600)
    began = time.perf_counter()
    fifty.close()
    assert not fifty.thread.is_alive() and time.perf_counter() - began < 5
    assert 0 <= fifty.bound() <= 40  # (valid whenever stopped: 40 is the LP's optimum there)


def test_seeded_with_any_sets_the_bound_is_still_never_above_the_brute_force_optimum():
    """Twenty-fifth session: the master may start with a timetable's running sets (:func:`running_sets`);
    each round's bound is valid for any duals, so whatever the seeds (here every set of two or more
    sessions, those that may never run at once included) the bound stays below the optimum, and with a
    timetable's own running sets the demo's is still its proven optimum."""
    from itertools import combinations

    from scheduler.meetings.configuration import running_sets

    rnd = random.Random(25)
    above_zero = 0
    for _ in range(12):
        problem = _random_problem(rnd)
        least = _least(problem)
        if least is None:
            continue
        prep = prepare(problem, aggregate=False)
        seeds = [frozenset(c) for k in range(2, prep.n + 1) for c in combinations(range(prep.n), k)]
        bound = configuration_bound(prep, time.perf_counter() + 10, seeds=seeds)
        assert bound <= least, (problem, bound, least)
        above_zero += bound > 0
    assert above_zero >= 2
    prep = prepare(problem_of(demo()), aggregate=False)
    starts = [prep.starts[i][0] for i in range(prep.n)]  # (any starts: all at their first)
    sets = running_sets(prep, starts)
    assert sets and all(len(s) > 1 for s in sets)
    steps = range(min(starts), max(s + n for s, n in zip(starts, prep.length, strict=True)))
    for chosen in sets:  # each set runs at once at some step
        assert any(all(starts[i] <= t < starts[i] + prep.length[i] for i in chosen) for t in steps)
    with by_work(30.0):  # (each pricing bounded by CP-SAT's work, the rounds by the LP's end: not the load)
        assert configuration_bound(prep, time.perf_counter() + HOUR, seeds=sets) == 40
