"""``stable`` a block of categories at a time on tables with no free time (``scheduler.solver.blocks``).

Held against brute force (``tests/brute.py``, which shares nothing with the solver) on seeded tiny
one-room tables with as many times as units (each category's window is exactly its block), links
within and across categories, unavailable times, pins and a reference that moves every unit: the blocks
are found only there, a block proven to have no timetable means the table has none, the stages the
blocks prove (summed) are the brute-force optimum, their bound is never above it, and ``solve`` gives
the brute-force optimum.
"""

from __future__ import annotations

import random
from datetime import date, time

import pytest

import scheduler
from scheduler import Calendar, Link, Meeting, Pin, Problem, Room, Timetable, Unavailable, Unit, validate
from scheduler.solver.blocks import by_blocks, category_blocks
from scheduler.solver.deadline import deadline_of
from scheduler.solver.objectives import Stable
from scheduler.solver.pipeline import slot_groups_of
from scheduler.solver.rooms import assign_rooms
from tests.brute import stable_scores
from tests.deterministic import HOUR, by_work

CATEGORIES = ("局", "镇", "村")


WORK = 30.0
"""CP-SAT's deterministic time for each search of a proof (:func:`tests.deterministic.by_work`): the 806
searches of the brute-force test took at most 4e-6 (twenty-fifth session)."""


def packed(seed: int) -> Problem:
    """4-5 units in 2-3 ordered categories, one room of one, as many times as units; a link (sometimes across
    two categories), an unavailable time, a pin; a reference that is each unit a time or two off."""
    rng = random.Random(seed)
    size = rng.randint(4, 5)
    calendar = Calendar((date(2021, 9, 8),), tuple(time(h) for h in (8, 9, 10, 11, 14)[:size]))
    categories = CATEGORIES[: rng.randint(2, 3)]
    units = tuple(
        Unit(f"单位{i}", categories[min(i * len(categories) // size, len(categories) - 1)]) for i in range(size)
    )
    slots = calendar.slots
    a = rng.randrange(size - 1)
    links = (Link(units[a].name, units[a + 1].name),) if rng.random() < 0.6 else ()
    away = tuple(Unavailable(units[i].name, frozenset((rng.choice(slots),))) for i in range(size) if rng.random() < 0.3)
    pins = (Pin(units[-1].name, rng.choice(slots)),) if rng.random() < 0.2 else ()
    shift = [rng.choice((1, 2)) for _ in units]
    reference = Timetable(
        tuple(Meeting(u.name, slots[(i + d) % size]) for i, (u, d) in enumerate(zip(units, shift, strict=True)))
    )
    return Problem(
        units=units,
        calendar=calendar,
        rooms=(Room("1室", 1),),
        categories=categories,
        links=links,
        pins=pins,
        unavailable=away,
        reference=reference,
    )


SEEDS = range(60)


def test_blocks_only_where_no_free_time_and_never_across_a_link():
    found = 0
    for seed in SEEDS:
        problem = packed(seed)
        blocks = category_blocks(problem)
        if blocks is None:
            continue
        found += 1
        block_of = {name: k for k, b in enumerate(blocks) for name in b.units}
        assert sorted(block_of) == sorted(u.name for u in problem.units)
        for link in problem.links:
            assert block_of[link.first] == block_of[link.then]
        assert [b.slots.start for b in blocks[1:]] == [b.slots.stop for b in blocks[:-1]]
        roomier = problem.replace(calendar=Calendar(problem.calendar.days, (*problem.calendar.hours, time(16))))
        assert category_blocks(roomier) is None  # a free time: the windows overlap
    assert found > 20


@pytest.mark.parametrize("seed", SEEDS)
def test_the_blocks_prove_the_brute_force_optimum(seed: int):
    problem = packed(seed)
    blocks = category_blocks(problem)
    if blocks is None:
        return
    scores = stable_scores(problem)
    with by_work(WORK):  # (the proofs bounded by CP-SAT's work, not the machine's load)
        found = by_blocks(problem, blocks, deadline_of(HOUR), deadline_of(HOUR))
    if not scores:
        assert found.placements is None
        assert found.infeasible
        return
    assert not found.infeasible
    assert found.placements is not None
    best = min(scores)
    assert found.proven == best[:2]
    with by_work(WORK):
        result = scheduler.solve(problem, "stable", time_limit=HOUR)
    assert result.score is not None and result.score.values == best
    assert result.status is scheduler.Status.OPTIMAL
    assert result.timetable is not None
    # from a whole timetable's slots (the pipeline's greedy one), the same optimum
    start = slot_groups_of(problem, result.timetable)
    with by_work(WORK):
        assert by_blocks(problem, blocks, deadline_of(HOUR), deadline_of(HOUR), start).proven == best[:2]


@pytest.mark.parametrize("seed", range(0, 60, 3))
def test_a_bound_cut_short_never_passes_the_optimum(seed: int):
    """With no time for the second pass, the blocks' timetable stands with the bound their first solutions
    give (0, a bound every timetable meets); with some, any stage proven is the optimum's."""
    problem = packed(seed)
    blocks = category_blocks(problem)
    scores = stable_scores(problem)
    if blocks is None or not scores:
        return
    best = min(scores)
    found = by_blocks(problem, blocks, deadline_of(20.0), deadline_of(0.001))
    assert found.placements is not None
    assert found.proven == best[: len(found.proven)]
    if len(found.proven) < 2 and found.bound is not None:
        assert found.bound <= best[len(found.proven)]
    assert found.placements is not None
    timetable = assign_rooms(problem, found.placements)
    assert validate(problem, timetable).ok
    assert Stable().score(problem, timetable).values >= best


def test_no_time_left_at_the_hint_is_no_verdict_not_an_error(monkeypatch: pytest.MonkeyPatch):
    """The hint of a whole timetable looks at the clock (``ModelBuilder.hint``): when ``first`` passes there,
    no timetable and no verdict (2000 / 0.02 / 0 once ended its process with that OutOfTime)."""
    from scheduler.solver.deadline import OutOfTime
    from scheduler.solver.model import ModelBuilder

    def late(*_: object) -> int:
        raise OutOfTime

    for seed in SEEDS:
        problem = packed(seed)
        blocks = category_blocks(problem)
        if blocks is None or not stable_scores(problem):
            continue
        result = scheduler.solve(problem, "stable", time_limit=20)
        assert result.timetable is not None
        start = slot_groups_of(problem, result.timetable)
        monkeypatch.setattr(ModelBuilder, "hint", late)
        found = by_blocks(problem, blocks, deadline_of(20.0), deadline_of(20.0), start)
        assert found.placements is None and not found.infeasible
        return
    raise AssertionError("no table with blocks and a timetable")


@pytest.mark.parametrize("seed", SEEDS)
def test_each_blocks_floors_are_its_own_tables(seed: int, monkeypatch: pytest.MonkeyPatch):
    """A block's floors on its moves and displacement, taken from the whole table's cached bounds (twenty-fifth
    session), are those :meth:`Stable.stage_floors` gives the block's own table: never above what a timetable
    of the block meets (a floor above would prove a wrong optimum), never below (a proof lost)."""
    from scheduler.solver import blocks as module

    problem = packed(seed)
    found = category_blocks(problem)
    if found is None or not stable_scores(problem):  # (no timetable: a block may have none, and no floors)
        return
    made: list[list[int]] = []
    real = module._Block

    def recorded(*args: object, **kwargs: object) -> object:
        made.append(list(args[2]))  # type: ignore[call-overload]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(module, "_Block", recorded)
    with by_work(WORK):
        by_blocks(problem, found, deadline_of(HOUR), deadline_of(0.001))
    own = [Stable().stage_floors(module.block_problem(problem, b))[:2] for b in found]
    assert made == own[: len(made)] and made
