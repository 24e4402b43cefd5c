"""The category windows every model is cut to (``counting.category_windows``): no timetable lost.

Unless explaining, :class:`~scheduler.solver.model.ModelBuilder` gives a unit of an ordered category
variables only inside its category's window (after the slots the earlier categories fill at least,
before those of the later ones), so a one-room table of 2,000 units has a model of 226,000
variables, not 4 million. A window one slot too narrow would lose timetables: here every valid
timetable of seeded tiny tables, found by brute force (``tests/brute.py``, which shares nothing with
the solver), keeps each unit inside its window, and some of them meet on each window's edges, so a
narrower window fails. The whole ``stable`` model, windows and all, finds the brute-force optimum,
and so does the search the pipeline goes on with once that model holds a timetable (``searched_on``).
"""

from __future__ import annotations

import random
from datetime import date, time

import pytest

from scheduler import Calendar, Link, Meeting, Pin, Problem, Room, Timetable, Unavailable, Unit
from scheduler.solver.counting import category_windows
from scheduler.solver.deadline import deadline_of
from scheduler.solver.model import ModelBuilder
from scheduler.solver.objectives import Stable, end_slots
from scheduler.solver.pipeline import searched_on
from scheduler.solver.stages import Staged, solve_stages
from tests.brute import stable_scores, timetables

CATEGORIES = ("局", "镇", "村")


def tiny(seed: int) -> Problem:
    """4 units in 2-3 ordered categories, 4-5 times, one or two rooms of 1-2, a label, sometimes a
    link, a pin and an unavailable time: tight enough that the windows bind."""
    rng = random.Random(seed)
    hours = tuple(time(h) for h in (8, 9, 10, 11, 15)[: rng.randint(4, 5)])
    calendar = Calendar((date(2021, 9, 8),), hours)
    categories = CATEGORIES[: rng.randint(2, 3)]
    units = tuple(Unit(f"单位{i}", rng.choice(categories), rng.choice(("", "", "甲"))) for i in range(4))
    rooms = tuple(Room(f"{i + 1}室", rng.randint(1, 2)) for i in range(rng.randint(1, 2)))
    slots = calendar.slots
    pins = (Pin(units[0].name, rng.choice(slots)),) if rng.random() < 0.3 else ()
    links = (Link(units[2].name, units[3].name),) if rng.random() < 0.3 else ()
    away = (Unavailable(units[1].name, frozenset((rng.choice(slots),))),) if rng.random() < 0.5 else ()
    return Problem(
        units=units, calendar=calendar, rooms=rooms, categories=categories, pins=pins, links=links, unavailable=away
    )


SEEDS = range(120)


def test_every_valid_timetable_keeps_each_unit_inside_its_window_and_some_meet_on_the_edges():
    edges: set[str] = set()
    tables = 0
    for seed in SEEDS:
        problem = tiny(seed)
        full = category_windows(problem, len(problem.calendar))
        for slot, timetable in timetables(problem):
            tables += 1
            within = category_windows(problem, end_slots(problem, timetable))
            for unit in problem.units:
                t = slot[unit.name]
                for windows in (full, within):
                    window = windows[unit.category]
                    assert t in window, (seed, unit.name, t, window)
                    if t == window.start:
                        edges.add("start")
                    if t == window.stop - 1:
                        edges.add("stop")
    assert tables > 100
    assert edges == {"start", "stop"}  # windows one slot narrower on either side would fail above


@pytest.mark.parametrize("seed", range(0, 120, 3))
def test_the_whole_stable_model_finds_the_brute_force_optimum(seed: int):
    problem = tiny(seed)
    valid = list(timetables(problem))
    if not valid:
        return
    reference = valid[-1][1]
    moved = {u.name: (t + 1) % len(problem.calendar) for u, t in zip(problem.units, range(4), strict=True)}
    shifted = Timetable(tuple(Meeting(n, problem.calendar.slots[t]) for n, t in moved.items()))
    for chosen in (reference, shifted):  # one valid reference (nothing moves), one that is not
        with_reference = problem.replace(reference=chosen)
        model = ModelBuilder(with_reference)
        stages = Stable().stages(model)
        found = solve_stages(model.cp, stages, [0, 0, 0], deadline_of(20.0), 1)
        assert found.proven == min(stable_scores(with_reference))


@pytest.mark.parametrize("seed", range(1, 120, 4))
def test_searching_on_from_any_timetable_of_the_model_ends_at_the_brute_force_optimum(seed: int):
    """``pipeline.searched_on`` (the whole model's search once it holds a timetable the greedy did not
    find) starts from any solution, none of its stages proven, and proves every stage."""
    problem = tiny(seed)
    valid = list(timetables(problem))
    if not valid:
        return
    moved = {u.name: (t + 2) % len(problem.calendar) for u, t in zip(problem.units, range(4), strict=True)}
    reference = Timetable(tuple(Meeting(n, problem.calendar.slots[t]) for n, t in moved.items()))
    with_reference = problem.replace(reference=reference)
    model = ModelBuilder(with_reference)
    stages = Stable().stages(model)
    first = model.cp.solve(deadline_of(20.0), 1)  # any timetable of the model, no objective
    assert first.has_solution
    start = Staged((), first.values, None, "FEASIBLE")
    found = searched_on(model.cp, stages, [0, 0, 0], start, deadline_of(20.0), 1)
    best = min(stable_scores(with_reference))
    assert found.proven == best
    assert tuple(s.value(found.values) for s in stages) == best


def packed(seed: int) -> Problem:
    """4-5 units in 2-3 ordered categories, one room of one and as many times as units (no free time: each
    category's window is its block), sometimes a link, an unavailable time and a reference."""
    rng = random.Random(seed)
    size = rng.randint(4, 5)
    calendar = Calendar((date(2021, 9, 8),), tuple(time(h) for h in (8, 9, 10, 11, 15)[:size]))
    categories = CATEGORIES[: rng.randint(2, 3)]
    units = tuple(Unit(f"单位{i}", rng.choice(categories)) for i in range(size))
    slots = calendar.slots
    links = (Link(units[1].name, units[2].name),) if rng.random() < 0.5 else ()
    away = (Unavailable(units[0].name, frozenset((rng.choice(slots),))),) if rng.random() < 0.5 else ()
    return Problem(
        units=units, calendar=calendar, rooms=(Room("1室", 1),), categories=categories, links=links, unavailable=away
    )


def _holds(problem: Problem, slot: dict[str, int], horizon: int | None = None) -> bool:
    """Whether the model (its windows and the order's region flags, fixed where the windows allow) has
    a solution placing every unit at ``slot``'s time."""
    model = ModelBuilder(problem, horizon=horizon)
    for name, t in slot.items():
        model.linear([(v, 1) for v in model.start_terms(name, t)], lo=1)
    return model.cp.solve(deadline_of(10.0), 1).has_solution


def test_every_valid_timetable_is_a_solution_of_the_model_with_the_region_flags_fixed_outside_the_windows():
    """The order's region flags are variables only where a timetable's regions may begin
    (``regions._free_spans``): every valid timetable, found by brute force, is still a solution of the
    whole model and of the model cut to its own end, on tiny tables and on one-room tables with no free
    time. (A span one slot narrower at either end fails here: checked by editing ``_free_spans``.)"""
    tables = 0
    for problem in [tiny(seed) for seed in range(0, 120, 6)] + [packed(seed) for seed in range(40)]:
        for slot, timetable in timetables(problem):
            tables += 1
            assert _holds(problem, slot), (problem.categories, slot)
            assert _holds(problem, slot, end_slots(problem, timetable)), (problem.categories, slot)
    assert tables > 150
