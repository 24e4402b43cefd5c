"""Days chained across the nights (``scheduler.meetings.chain``): the walk over the days' orders against
every order and choice of counts, and the soft level's bound and best order against brute force over
every timetable of small problems of two and three short days (each night joins a day's last step to
the next day's first, so back-to-back pairs across it are common)."""

from __future__ import annotations

import itertools
import math
import random
import time as clock
from datetime import date, time
from types import SimpleNamespace

import pytest

from scheduler.domain import Room
from scheduler.domain.meetings import Attendee, MeetingProblem, Person, Session, Workdays
from scheduler.meetings import planner
from scheduler.meetings.atbound import Beside, groupings_at
from scheduler.meetings.chain import Chain, chains, walk
from scheduler.meetings.engine import run
from scheduler.meetings.measure import levels, measure
from scheduler.meetings.oneday import DayPricer
from scheduler.meetings.prepared import Prepared, prepare
from scheduler.meetings.terms import DEFAULT, TIMEFOLD, Term

DAYS = (date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4))
NO_STABILITY = tuple(t for t in TIMEFOLD if t.name != "room-stability")
"""The quickstart's terms but the one a night may add to (room stability, left out of the bound)."""


def short_days(seed: int) -> MeetingProblem:
    """Two or three days of one hour (9:00-10:00, a 15-minute grid), four meetings of 30 or 45 minutes
    among four people (one or two required, one optional at most), two rooms of 6 and 10 seats."""
    rnd = random.Random(seed)
    people = [f"人{k}" for k in range(4)]
    sessions = []
    for m in range(4):
        chosen = rnd.sample(people, rnd.randint(2, 3))
        required = chosen[: rnd.randint(1, 2)]
        attendees = tuple(Attendee(p) for p in required) + tuple(Attendee(p, False) for p in chosen[len(required) :])
        sessions.append(Session(f"会{m}", rnd.choice((30, 45)), attendees))
    return MeetingProblem(
        tuple(sessions),
        Workdays(DAYS[: rnd.randint(2, 3)], ((time(9), time(10)),), 15),
        (Room("甲", 1, 6), Room("乙", 1, 10)),
        people=tuple(Person(p) for p in people),
    )


def brute(prep: Prepared, objective: tuple[Term, ...]) -> tuple[int, int] | None:
    """The least (medium, soft) over every timetable keeping the rules (rooms and required people never
    double-booked), by the checker's arithmetic; ``None`` when none does."""
    rooms = [[r for c in prep.eligible[i] for r in prep.classes[c].rooms] for i in range(prep.n)]
    options = [[(s, r) for s in prep.starts[i] for r in rooms[i]] for i in range(prep.n)]
    required = [(a, b) for a, b in itertools.combinations(range(prep.n), 2) if _share_required(prep, a, b)]
    names = {t.name for t in objective}
    best = (math.inf, math.inf)
    for chosen in itertools.product(*options):
        if any(_overlap(prep, chosen, a, b) for a, b in required) or any(
            chosen[a][1] == chosen[b][1] and _overlap(prep, chosen, a, b)
            for a, b in itertools.combinations(range(prep.n), 2)
        ):
            continue
        found = levels(objective, measure(prep, [c[0] for c in chosen], [c[1] for c in chosen], names=names))
        best = min(best, (found["medium"], found["soft"]))
    return None if best[0] == math.inf else (int(best[0]), int(best[1]))


def _share_required(prep: Prepared, a: int, b: int) -> bool:
    return any(a in found and b in found for found in prep.required_of.values())


def _overlap(prep: Prepared, chosen: tuple[tuple[int, str], ...], a: int, b: int) -> bool:
    return chosen[a][0] < chosen[b][0] + prep.length[b] and chosen[b][0] < chosen[a][0] + prep.length[a]


def chained(prep: Prepared, objective: tuple[Term, ...], medium: int) -> tuple[Chain, list[dict[int, frozenset[int]]]]:
    """The chain of ``prep`` and every grouping at ``medium`` optional conflicts, walked to the end."""
    pricer = DayPricer(prep)
    walked = groupings_at(pricer, medium, clock.perf_counter() + 60)
    groupings = list(walked)
    assert walked.complete
    return Chain(prep, objective, pricer), groupings


@pytest.mark.parametrize("seed", range(12))
def test_bound_and_order_equal_brute_force(seed: int) -> None:
    """Without room stability (the only term a night adds to besides back-to-back), the bound from every
    grouping at the medium optimum is the soft optimum there, and the best order's timetable has it.
    (A walk without the nights' pairs fails it on three of these seeds; without ``early``'s steps for
    a day moved, the test of the walk below fails.)"""
    prep = prepare(short_days(seed), aggregate=False)
    assert chains(prep, NO_STABILITY)
    found = brute(prep, NO_STABILITY)
    if found is None:  # no timetable: no grouping either
        assert not list(groupings_at(DayPricer(prep), 10**6, clock.perf_counter() + 60))
        return
    medium, soft = found
    chain, groupings = chained(prep, NO_STABILITY, medium)
    assert chain.floor(groupings, clock.perf_counter() + 60) == soft
    total, best = chain.least(groupings, "value", clock.perf_counter() + 60)
    assert best is not None and total == soft
    placed = chain.timetable(best)
    starts, rooms = [placed[i][0] for i in range(prep.n)], [placed[i][1] for i in range(prep.n)]
    assert levels(NO_STABILITY, measure(prep, starts, rooms)) == {"medium": medium, "soft": soft}


@pytest.mark.parametrize("seed", range(12))
def test_with_room_stability_a_bound(seed: int) -> None:
    """With room stability (never negative across a night, left out), still a bound: never above the optimum."""
    prep = prepare(short_days(seed), aggregate=False)
    found = brute(prep, TIMEFOLD)
    if found is None:
        return  # (no timetable: the test above)
    medium, soft = found
    chain, groupings = chained(prep, TIMEFOLD, medium)
    assert chain.floor(groupings, clock.perf_counter() + 60) <= soft


def test_beside_walks_every_grouping_once_resumed() -> None:
    """The search beside (:class:`~scheduler.meetings.atbound.Beside`) with ``collect``: once its grouping is
    found and the caller resumes it, every grouping at its target, as the walk gives them."""
    for seed in range(12):
        prep = prepare(short_days(seed), aggregate=False)
        if brute(prep, NO_STABILITY) is not None:
            break
    beside = Beside(DayPricer(prep), 0, clock.perf_counter() + 60, collect=True)
    beside.found.wait(30)
    target = beside.proven
    assert beside() is not None and not beside.walked
    beside.resume.set()
    beside.thread.join(30)
    expected = list(groupings_at(DayPricer(prep), target, clock.perf_counter() + 60))
    assert beside.walked and beside.groupings == expected and expected


def test_only_where_the_days_chain() -> None:
    prep = prepare(short_days(0), aggregate=False)
    assert chains(prep, TIMEFOLD) and chains(prep, DEFAULT)
    assert not chains(prep, (*TIMEFOLD, Term("participant-days")))  # joins days otherwise than by nights
    assert not chains(prep, (Term("early"),))  # no medium level to hold


def _brute_walk(stub: SimpleNamespace, sets: dict[int, frozenset[int]], tables: dict) -> float:
    best = math.inf
    for order in itertools.permutations(stub.days):
        if any(stub.alike[d] != stub.alike[o] for d, o in zip(stub.days, order, strict=True)):
            continue
        given = {day: home for day, home in zip(stub.days, order, strict=True)}  # the day's set comes from home
        for cells in itertools.product(*(sorted(tables[given[d]]) for d in stub.days)):
            total = 0.0
            for k, (day, (b, e)) in enumerate(zip(stub.days, cells, strict=True)):
                home = given[day]
                # a table is the set's prices on its first alike day: moved from there
                moved = stub.shift[day] - stub.shift[stub.alike[home]]
                total += tables[home][b, e] + stub.early * len(sets[home]) * moved
                if k and stub.night[day]:
                    total += stub.pairs * cells[k - 1][1] * b
            best = min(best, total)
    return best


@pytest.mark.parametrize("seed", range(30))
def test_walk_equals_every_order_and_count(seed: int) -> None:
    """The walk's least over orders (alike days only) and counts, against all of them; nights missing
    between some days, and two kinds of day."""
    rnd = random.Random(seed)
    days = [0, 1, 2, 4, 5][: rnd.randint(2, 5)]
    kind = {d: rnd.randint(0, 1) for d in days}
    alike = {d: next(e for e in days if kind[e] == kind[d]) for d in days}
    stub = SimpleNamespace(
        days=days,
        alike=alike,
        night={d: k > 0 and days[k - 1] == d - 1 for k, d in enumerate(days)},
        shift={d: 10 * d for d in days},
        early=rnd.choice((0, 1)),
        pairs=rnd.choice((0, 100)),
    )
    sets = {d: frozenset(range(3 * d, 3 * d + rnd.randint(0, 3))) for d in days}
    tables = {
        d: {
            (b, e): float(rnd.randint(0, 300))
            for b, e in itertools.product(range(3), repeat=2)
            if rnd.random() < 0.5 or (b, e) == (1, 1)
        }
        for d in days
    }
    found = walk(stub, sets, tables)  # type: ignore[arg-type]
    assert found is not None
    assert found.total == _brute_walk(stub, sets, tables)
    assert sorted(found.sets.values(), key=sorted) == sorted(sets.values(), key=sorted)
    assert all(alike[d] == alike[next(h for h in days if sets[h] == s)] for d, s in found.sets.items() if s)


def _edge_cases() -> list[tuple[Chain, frozenset[int]]]:
    """Per seed, the chain of ``short_days`` and each distinct day of every grouping at its medium optimum."""
    out = []
    for seed in range(12):
        prep = prepare(short_days(seed), aggregate=False)
        found = brute(prep, NO_STABILITY)
        if found is None:
            continue
        chain, groupings = chained(prep, NO_STABILITY, found[0])
        out += [(chain, s) for s in {s for g in groupings for s in g.values() if s}]
    return out


def test_edges_barred_without_a_search_are_infeasible() -> None:
    """A day's row ``b = 0`` or column ``e = 0`` marked infeasible by its exact conflicts with those starts
    barred (no CP-SAT search) is infeasible by the day's CP-SAT search too, and the others are not
    marked: the same verdict on every day of these problems (some days are marked, some not)."""
    marked = unmarked = 0
    for chain, sessions in _edge_cases():
        own = chain.alike[chain.days[0]]
        day = chain.day(own, sessions)
        if day.free is None or not day.top:
            continue
        fewest = chain.pricer.value(own, sessions)
        assert fewest is not None
        model, _, ids, counts = chain._day_model(own, sorted(sessions), fewest[0])
        for edge, var, other in ((day.rows, counts[0], counts[1]), (day.columns, counts[1], counts[0])):
            for v, lo_hi in ((var, (0, 0)), (other, (0, len(ids)))):
                domain = model.cp.proto.variables[v].domain
                domain.clear()
                domain.extend(lo_hi)
            out = run(model.cp, 10, 1)
            assert (out.status == "INFEASIBLE") == (0 in edge and edge[0] is None)
            marked, unmarked = marked + (0 in edge), unmarked + (0 not in edge)
    assert marked and unmarked


@pytest.mark.parametrize("seed", range(12))
def test_least_stops_at_the_cutoff_with_a_bound(seed: int) -> None:
    """With a ``cutoff`` (a soft level a timetable has), the least returned is still a lower bound: the
    optimum when the cutoff is above it, at least the cutoff and at most the optimum when it is not."""
    prep = prepare(short_days(seed), aggregate=False)
    found = brute(prep, NO_STABILITY)
    if found is None:
        return
    medium, soft = found
    chain, groupings = chained(prep, NO_STABILITY, medium)
    above, _ = chain.least(groupings, "bound", clock.perf_counter() + 60, cutoff=soft + 1)
    assert above == soft
    for cutoff in (soft, soft - 100):
        least, _ = Chain(prep, NO_STABILITY, DayPricer(prep)).least(
            groupings, "bound", clock.perf_counter() + 60, cutoff=cutoff
        )
        assert cutoff <= least <= soft


@pytest.mark.parametrize("seed", range(12))
def test_the_planner_prices_the_groupings_as_the_walk_gives_them(seed: int) -> None:
    """The planner's soft bound (each grouping priced as the search beside walks it, up to the answer's
    soft level) equals the soft optimum over every timetable, given the optimum's timetable."""
    prep = prepare(short_days(seed), aggregate=False)
    found = brute(prep, NO_STABILITY)
    if found is None:
        return
    medium, soft = found
    chain, groupings = chained(prep, NO_STABILITY, medium)
    _, best = chain.least(groupings, "value", clock.perf_counter() + 60)
    assert best is not None
    placed = chain.timetable(best)
    timetable = ([placed[i][0] for i in range(prep.n)], [placed[i][1] for i in range(prep.n)])
    beside = Beside(DayPricer(prep), medium, clock.perf_counter() + 60, collect=True)
    beside.found.wait(30)
    beside.resume.set()
    bound: dict[str, int | None] = {"medium": medium, "soft": None}
    planner._soft_floor(planner._Judge(prep, NO_STABILITY), chain, beside, timetable, bound, clock.perf_counter() + 60)
    beside.close()
    assert beside.walked and bound["soft"] == soft


@pytest.mark.parametrize("seed", range(8))
def test_a_proven_answer_is_not_polished(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The answer meeting its bound at every level (by the checker's measure) is returned as it is, no
    polish run; one that does not is polished."""
    prep = prepare(short_days(seed), aggregate=False)
    found = brute(prep, NO_STABILITY)
    if found is None:
        return
    medium, soft = found
    chain, groupings = chained(prep, NO_STABILITY, medium)
    _, best = chain.least(groupings, "value", clock.perf_counter() + 60)
    assert best is not None
    placed = chain.timetable(best)
    timetable = ([placed[i][0] for i in range(prep.n)], [placed[i][1] for i in range(prep.n)])
    judge = planner._Judge(prep, NO_STABILITY)
    assert judge.levels(timetable) == {"medium": medium, "soft": soft}
    polished: list[int] = []
    monkeypatch.setattr(planner, "polish", lambda *args, **kwargs: polished.append(1))
    until = clock.perf_counter() + 0.5
    proven: dict[str, int | None] = {"medium": medium, "soft": soft}
    assert planner._answer_polished(judge, timetable, proven, {}, False, until, 1) == timetable
    assert polished == []
    open_bound: dict[str, int | None] = {"medium": medium, "soft": soft - 1}
    planner._answer_polished(judge, timetable, open_bound, {}, False, until, 1)
    assert polished


def test_the_day_search_ends_once_its_answer_meets_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """With a bound proven at every level, the search a day at a time hears a stop once a timetable it
    took meets it (nothing better to find); without a bound, or below it, it goes on."""
    prep = prepare(short_days(1), aggregate=False)
    found = brute(prep, NO_STABILITY)
    assert found is not None
    medium, soft = found
    chain, groupings = chained(prep, NO_STABILITY, medium)
    _, best = chain.least(groupings, "value", clock.perf_counter() + 60)
    assert best is not None
    placed = chain.timetable(best)
    at_bound = ([placed[i][0] for i in range(prep.n)], [placed[i][1] for i in range(prep.n)])
    judge = planner._Judge(prep, NO_STABILITY)
    worse = (list(at_bound[0]), list(at_bound[1]))
    worse[0][0] += 1  # (any other start: the fake search below says it is what it found first)
    heard: list[bool] = []

    def fake(prep_, objective, start, until, workers, better):  # type: ignore[no-untyped-def]
        classes = [prep.class_of_room[r] for r in at_bound[1]]
        taken = better((at_bound[0], classes), start)
        heard.append(taken and planner.stopped())
        return (at_bound[0], classes)

    monkeypatch.setattr(planner, "soft_by_days", fake)
    judge.keeps = lambda timetable: True  # type: ignore[method-assign]
    judge.key = lambda timetable: (0, 0) if timetable[0] == at_bound[0] else (1, 1)  # type: ignore[method-assign]
    bound: dict[str, int | None] = {"medium": medium, "soft": soft}
    planner._by_day(judge, worse, clock.perf_counter() + 5, 1, bound)
    planner._by_day(judge, worse, clock.perf_counter() + 5, 1, None)
    planner._by_day(judge, worse, clock.perf_counter() + 5, 1, {"medium": medium, "soft": soft - 1})
    assert heard == [True, False, False]
