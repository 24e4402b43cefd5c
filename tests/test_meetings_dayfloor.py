"""A day's soft floor without CP-SAT (``scheduler.meetings.dayfloor``) against brute force over every
placement of small one-day problems, and in the chain: the same bound, fewer CP-SAT searches."""

from __future__ import annotations

import itertools
import math
import random
import time as clock
from datetime import date, time

import pytest

from scheduler.domain import Room
from scheduler.domain.meetings import Attendee, MeetingProblem, Person, Session, Workdays
from scheduler.meetings.chain import Chain
from scheduler.meetings.dayfloor import SoftWeights, soft_floor, soft_weights
from scheduler.meetings.measure import levels, measure
from scheduler.meetings.oneday import DayPricer
from scheduler.meetings.prepared import Prepared, prepare
from scheduler.meetings.terms import TIMEFOLD, Term, by_level
from tests.test_meetings_chain import chained, short_days

NO_ROOMS = (
    Term("optional-conflicts", "medium"),
    Term("early"),
    Term("back-to-back", "soft", 100),
    Term("overlap", "soft", 10),
)
"""The terms the floor counts exactly (``larger-rooms`` only at a floor, ``room-stability`` left out)."""


def one_day(seed: int) -> MeetingProblem:
    """One day of 9:00-10:30 and 11:00-11:45 (a break between: a 15-minute grid), four or five meetings
    of 15 to 45 minutes among five people, two or three rooms of differing seats."""
    rnd = random.Random(seed)
    people = [f"人{k}" for k in range(5)]
    sessions = []
    for m in range(rnd.randint(4, 5)):
        chosen = rnd.sample(people, rnd.randint(1, 3))
        required = chosen[: rnd.randint(1, len(chosen))]
        attendees = tuple(Attendee(p) for p in required) + tuple(Attendee(p, False) for p in chosen[len(required) :])
        sessions.append(Session(f"会{m}", rnd.choice((15, 30, 45)), attendees))
    rooms = (Room("甲", 1, 6), Room("乙", 1, 10), Room("丙", 1, 16))[: rnd.randint(2, 3)]
    return MeetingProblem(
        tuple(sessions),
        Workdays((date(2026, 3, 2),), ((time(9), time(10, 30)), (time(11), time(11, 45))), 15),
        rooms,
        people=tuple(Person(p) for p in people),
    )


def brute(prep: Prepared, objective: tuple[Term, ...]) -> tuple[int, int] | None:
    """The least (medium, soft) over every placement keeping the rules, by the checker's arithmetic."""
    rooms = [[r for c in prep.eligible[i] for r in prep.classes[c].rooms] for i in range(prep.n)]
    options = [[(s, r) for s in prep.starts[i] for r in rooms[i]] for i in range(prep.n)]
    required = [
        (a, b)
        for a, b in itertools.combinations(range(prep.n), 2)
        if any(a in found and b in found for found in prep.required_of.values())
    ]
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


def _overlap(prep: Prepared, chosen: tuple[tuple[int, str], ...], a: int, b: int) -> bool:
    return chosen[a][0] < chosen[b][0] + prep.length[b] and chosen[b][0] < chosen[a][0] + prep.length[a]


def floor_of(prep: Prepared, objective: tuple[Term, ...]) -> int | None:
    pricer = DayPricer(prep)
    weights = soft_weights(pricer, by_level(objective)["soft"])
    assert weights is not None
    fewest = pricer.value(0, frozenset(range(prep.n)))
    if fewest is None:
        return None
    return soft_floor(pricer, 0, list(range(prep.n)), fewest[0], weights)


@pytest.mark.parametrize("seed", range(16))
def test_exact_on_the_terms_it_counts(seed: int) -> None:
    """With ``early``, ``overlap`` and ``back-to-back`` alone the floor is the least over every placement
    at the day's fewest conflicts (so never above it, and not a weaker number); a search on the
    one-day search's candidate starts alone, or one leaving out the pairs, fails it."""
    prep = prepare(one_day(seed), aggregate=False)
    found = brute(prep, NO_ROOMS)
    if found is None:
        assert floor_of(prep, NO_ROOMS) is None
        return
    assert floor_of(prep, NO_ROOMS) == found[1]


@pytest.mark.parametrize("seed", range(16))
def test_with_the_rooms_never_above_the_least(seed: int) -> None:
    """With ``larger-rooms`` (a floor: the rooms at once) and ``room-stability`` (left out), never above
    the least over every placement at the fewest conflicts; and where rooms are used at once (seed 0
    among others), above the floor without ``larger-rooms``."""
    prep = prepare(one_day(seed), aggregate=False)
    found = brute(prep, TIMEFOLD)
    floor = floor_of(prep, TIMEFOLD)
    if found is None:
        assert floor is None
        return
    assert floor is not None and floor <= found[1]
    without = floor_of(prep, NO_ROOMS)
    assert without is not None and without <= floor


def test_the_rooms_at_once_raise_the_floor() -> None:
    """Three sessions that must run at once (nine steps of working time, three of nine steps each with
    people apart) pay the three rooms' costs: 0, 4 and 10 for rooms of 16, 12 and 6 seats."""
    sessions = tuple(Session(f"会{k}", 135, (Attendee(f"人{k}"),)) for k in range(3))
    problem = MeetingProblem(
        sessions,
        Workdays((date(2026, 3, 2),), ((time(9), time(11, 15)),), 15),
        (Room("甲", 1, 6), Room("乙", 1, 12), Room("丙", 1, 16)),
        people=tuple(Person(f"人{k}") for k in range(3)),
    )
    prep = prepare(problem, aggregate=False)
    rooms = (*NO_ROOMS, Term("larger-rooms"))
    assert floor_of(prep, rooms) == floor_of(prep, NO_ROOMS) + 0 + 4 + (10 + 6)  # type: ignore[operator]
    assert brute(prep, rooms) == (0, floor_of(prep, rooms))


def test_gives_up_past_its_nodes() -> None:
    """Past its most nodes the search gives no floor (the CP-SAT search decides), never a guess."""
    prep = prepare(one_day(1), aggregate=False)
    pricer = DayPricer(prep)
    weights = soft_weights(pricer, by_level(TIMEFOLD)["soft"])
    fewest = pricer.value(0, frozenset(range(prep.n)))
    assert weights is not None and fewest is not None
    assert soft_floor(pricer, 0, list(range(prep.n)), fewest[0], weights, most=3) is None


@pytest.mark.parametrize("seed", range(12))
def test_the_chain_least_the_same_with_fewer_searches(seed: int) -> None:
    """The chain's bound over every grouping is the same with the days' floors as without, and never
    needs more CP-SAT searches; on some seeds fewer (the floors cut groupings unpriced)."""
    from tests.test_meetings_chain import brute as brute_days

    prep = prepare(short_days(seed), aggregate=False)
    found = brute_days(prep, TIMEFOLD)
    if found is None:
        return
    medium, soft = found
    with_floors, groupings = chained(prep, TIMEFOLD, medium)
    without = Chain(prep, TIMEFOLD, DayPricer(prep))
    without.weights = None
    until = clock.perf_counter() + 60
    assert with_floors.least(groupings, "bound", until, cutoff=soft) == without.least(
        groupings, "bound", until, cutoff=soft
    )
    assert with_floors.solves <= without.solves


def test_no_floor_when_the_scale_reaches_the_forbidden_mark() -> None:
    """The conflicts are weighed by the day's scale (above every soft level it can have) in the tables
    that mark a forbidden start with ``BIG``: once ``(fewest + 1) * scale`` reaches it, a placement at
    the fewest conflicts could be pruned as forbidden, so no floor (the CP-SAT search decides), never a
    number; just below, huge weights still give the brute force's least (no int64 wraps)."""
    import dataclasses

    from scheduler.meetings.oneday import BIG

    prep = prepare(one_day(0), aggregate=False)  # three optional conflicts at the fewest
    pricer = DayPricer(prep)
    weights = soft_weights(pricer, by_level(NO_ROOMS)["soft"])
    fewest = pricer.value(0, frozenset(range(prep.n)))
    assert weights is not None and fewest is not None
    sessions = list(range(prep.n))
    least = brute(prep, NO_ROOMS)
    assert least is not None and soft_floor(pricer, 0, sessions, fewest[0], weights) == least[1]
    huge = dataclasses.replace(weights, overlap=BIG // 8, touching=BIG // 8)
    assert soft_floor(pricer, 0, sessions, fewest[0], huge) is None

    def times(k: int) -> SoftWeights:
        return SoftWeights(weights.early * k, weights.overlap * k, weights.touching * k, weights.rooms)

    # every weight times 2**30: the least times as much, the scale about 2**42, four of it below BIG
    assert fewest[0] == 3 and soft_floor(pricer, 0, sessions, fewest[0], times(2**30)) == least[1] * 2**30
    # times 2**38: four of the scale past BIG (a placement's entry with two conflicts is BIG or more):
    # without the guard 69,818,988,363,776, above the least (253 * 2**38 = 69,544,110,456,832): no bound
    assert soft_floor(pricer, 0, sessions, fewest[0], times(2**38)) is None
    assert soft_floor(pricer, 0, sessions, fewest[0], times(2**37)) is None


VARIANTS = {
    "early_of": lambda prep, i, s: prep.working(s),  # counted at the start, not the end
    "running": lambda prep, i, s: (s, s + prep.length[i] + 1),  # a step after each session counted
    "touching_span": lambda prep, i, s: (prep.joined(s), prep.joined(s) + prep.length[i] + 1),  # a step apart
}
"""Other definitions of the floor's terms than the checker's (:mod:`scheduler.meetings.measure`)."""


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_the_floor_follows_the_checker_s_definitions(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """One rule, one place: with a term's per-session definition changed in the checker's module alone,
    the floor is still the least the checker counts over every placement (it builds its tables from
    the same functions); the change moves that least on some day, so a floor with its own copy of the
    definitions would fail here."""
    from scheduler.meetings import measure as checker

    before = {seed: brute(prepare(one_day(seed), aggregate=False), NO_ROOMS) for seed in range(8)}
    monkeypatch.setattr(checker, name, VARIANTS[name])
    moved = False
    for seed in range(8):
        prep = prepare(one_day(seed), aggregate=False)
        found = brute(prep, NO_ROOMS)
        moved |= found != before[seed]
        assert floor_of(prep, NO_ROOMS) == (None if found is None else found[1])
    assert moved
