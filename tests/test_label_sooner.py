"""Label mode reached sooner (issue 16, twenty-fourth session): what the build skips must not change what is built.

* On a crowded table the set-partitioning model is refused before its groups are enumerated when a count
  (:func:`scheduler.solver.labelled._surely_larger`) already shows that enumerating them would refuse it:
  the count must be a floor on what the enumeration finds, on random tables and random limits.
* The label model's start slots, now read from a unit's limit rather than from a set of the whole horizon,
  are the enumerated model's (horizon cut, category windows, limits of one slot, of several, none).
* The displacement program no longer fails on a deadline that never comes (``first_timetable``'s).

Speed is measured by the shape sweep (docs/benchmarks.md), not here.
"""

from __future__ import annotations

import contextlib
import random

import pytest

import scheduler.solver.labelled as labelled
import scheduler.solver.model as model_module
from benchmarks.shapes import Shape, build
from scheduler.domain import Problem
from scheduler.solver.deadline import Deadline
from scheduler.solver.labelled import LabelModel, NotExpressible, crowded, slot_model
from scheduler.solver.model import ModelBuilder, TooManyGroups
from scheduler.solver.objectives import Stable, reference_slots
from scheduler.solver.shifts import shifted
from tests.test_label_mode import small


def limits(problem: Problem, seed: int) -> dict[str, frozenset[int]]:
    """Random limits as the stable search makes them: most units held at their reference slot (or at none),
    some within a reach of it, some free (no limit)."""
    draw = random.Random(seed)
    slots = len(problem.calendar)
    reference = reference_slots(problem)
    within: dict[str, frozenset[int]] = {}
    for unit in problem.units:
        r = reference.get(unit.name, draw.randrange(slots))
        kind = draw.random()
        if kind < 0.6:
            within[unit.name] = frozenset((r,))
        elif kind < 0.7:
            within[unit.name] = frozenset()
        elif kind < 0.9:
            reach = draw.choice((1, 2, 4, 8))
            within[unit.name] = frozenset(range(max(0, r - reach), min(slots, r + reach + 1)))
    return within


def counted(problem: Problem, within: dict[str, frozenset[int]], horizon: int | None = None) -> tuple[bool, str]:
    """What the count ahead says, and what enumerating the groups finds: ``"cap"`` (the groups pass it),
    ``"larger"`` (more than :data:`~scheduler.solver.labelled.SMALLER` times the label model's variables),
    or ``"built"``."""
    said: list[bool] = []
    found: list[str] = []

    def ahead(model: ModelBuilder, windows) -> bool:
        said.append(labelled._surely_larger(model, windows))
        return False

    def switch(model: ModelBuilder, estimate: int, windows) -> bool:
        found.append("larger" if labelled._larger(model, estimate, windows) else "built")
        return True  # (enough is known: no variable made)

    with contextlib.suppress(TooManyGroups):
        ModelBuilder(problem, within=within, horizon=horizon, ahead=ahead, switch=switch)
    return said[0], found[0] if found else "cap"


@pytest.mark.parametrize("seed", range(12))
def test_the_count_ahead_never_refuses_a_model_enumerating_would_build(seed, monkeypatch):
    """Whenever the count says "refuse", the enumeration refuses too (past the cap, or larger); on tables with
    one label for all and with small labels, caps low and high, limits drawn as the stable search draws them."""
    if seed % 2:
        problem = build(Shape("biglabel", 60 + 10 * (seed % 4), 2, big_label=True, seed=seed), "stable")
    else:
        problem = small(seed, "stable" if seed % 4 else "compact")
    monkeypatch.setattr(model_module, "MAX_GROUPS", (50, 200, 2_000)[seed % 3])
    monkeypatch.setattr(labelled, "SMALLER", (1, 4)[seed % 2])
    refused = 0
    for draw in range(6):
        within = limits(problem, 100 * seed + draw) if draw else {}
        said, found = counted(problem, within, None if draw % 3 else len(problem.calendar) // 2 + 1)
        if said:
            assert found in ("cap", "larger"), (draw, found)
            refused += 1
    if seed % 2 and seed % 3 == 0:
        assert refused, "the count never decided on a crowded table with a cap of 50"


def test_pairs_meeting_counts_each_pair_of_a_key_whose_slots_meet_once():
    """Held units by slot, free units with everyone, limits of several slots by their overlap."""
    names = [f"u{i}" for i in range(7)]

    class Unit:
        def __init__(self, name: str) -> None:
            self.name = name

    units = [Unit(n) for n in names]
    within = {
        "u0": frozenset({3}),
        "u1": frozenset({3}),
        "u2": frozenset({5}),
        "u3": frozenset({2, 3, 4}),  # meets u0, u1 and u6; not u2
        "u5": frozenset(),  # no slot: no pair
        "u6": frozenset({4, 5}),  # meets u2 (held at 5), u3
    }
    # u4 is free: a pair with every unit of its key that has a slot (u0, u1, u2, u3, u6)
    keys = [[0]] * 7
    pairs = labelled._pairs_meeting(within, units, keys, 1)  # type: ignore[arg-type]
    assert pairs == 1 + 2 + 1 + 1 + 5  # u0-u1; u3-u0, u3-u1; u6-u2; u3-u6; u4 with five
    keys[4] = [0, 1]  # of two keys: left out, so a pair is never counted twice
    assert labelled._pairs_meeting(within, units, keys, 2) == 5  # type: ignore[arg-type]


def test_on_a_crowded_table_the_count_skips_the_enumeration(monkeypatch):
    """A guided-like model (all but a few units held) on a table past a cap of 100 groups: the label model,
    and no group enumerated to find out."""
    monkeypatch.setattr(model_module, "MAX_GROUPS", 100)
    problem = build(Shape("biglabel", 90, 2, big_label=True, seed=1), "stable")
    assert crowded(problem)

    def refused(*args, **options):
        raise AssertionError("groups enumerated")

    monkeypatch.setattr(model_module, "allowed_groups", refused)
    reference = reference_slots(problem)
    free = sorted(Stable().forced(problem))[:3]
    within = {u.name: frozenset((reference[u.name],)) for u in problem.units if u.name not in free}
    assert type(slot_model(problem, within=within)) is LabelModel


def test_when_the_rules_refuse_what_the_count_took_the_groups_decide(monkeypatch):
    """The count takes a key's units to share as the label model does; when the label model cannot be built
    after the count refused the enumerated one, the groups are enumerated and decide as before."""
    monkeypatch.setattr(model_module, "MAX_GROUPS", 100)
    problem = build(Shape("biglabel", 90, 2, big_label=True, seed=1), "stable")
    monkeypatch.setattr(model_module, "MAX_GROUPS", 100_000)
    monkeypatch.setattr(labelled, "crowded", lambda p: True)
    monkeypatch.setattr(labelled, "SMALLER", 0)  # the count says "larger" at once

    def never(self, *args, **options):
        raise NotExpressible

    monkeypatch.setattr(LabelModel, "__init__", never)
    monkeypatch.setattr(labelled, "_larger", lambda *args: False)  # what the enumeration then says
    assert type(slot_model(problem)) is ModelBuilder


@pytest.mark.parametrize("seed", range(6))
def test_label_mode_starts_where_the_enumerated_model_does(seed):
    """A unit's start slots: the horizon, its limit, its category's window, less what the rules forbid, the
    same in both models (the enumerated model's singletons), with the horizon cut or not."""
    problem = small(seed, "compact" if seed % 2 else "stable")
    within = limits(problem, seed)
    horizon = None if seed % 3 else max(2, len(problem.calendar) * 2 // 3)
    try:
        label = LabelModel(problem, within=within, horizon=horizon)
    except NotExpressible:
        pytest.skip("the label model does not state this table's rules")
    enumerated = ModelBuilder(problem, within=within, horizon=horizon)
    for unit in problem.units:
        assert set(label.start_slots(unit.name)) == set(enumerated.start_slots(unit.name)), unit.name


def test_the_displacement_program_takes_a_deadline_that_never_comes():
    problem = build(Shape("biglabel", 90, 2, big_label=True, seed=1), "stable")
    reference = reference_slots(problem)
    forced = Stable().forced(problem)
    found = shifted(problem, reference, forced, len(forced) + 3, Deadline.unlimited())
    assert found is not None and found.bound >= 0
