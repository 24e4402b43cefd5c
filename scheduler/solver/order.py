"""Putting interchangeable units back in table order.

Two units are interchangeable when swapping them can break no rule and change
no score: same category, same parallel-group labels, no rule ties either down
individually (a pin, a link, unavailability: the rules' ``fixes``) and no
reference time of their own. Among such units the solver's choice is arbitrary;
we give the earliest slots to the units listed first, so the timetable reads in
the table's order and is the same on every run.
"""

from __future__ import annotations

from collections import defaultdict

from scheduler.domain import Problem, Unit, labels
from scheduler.rules.registry import fixed_units
from scheduler.solver.objectives import reference_slots
from scheduler.solver.rooms import SlotGroups


def _key(problem: Problem, unit: Unit, fixed: set[str]) -> tuple[object, ...]:
    if unit.name in fixed:
        return ("fixed", unit.name)
    return ("free", unit.category, tuple(sorted(labels(unit))))


def _fixed(problem: Problem, keep_reference: bool) -> set[str]:
    fixed = fixed_units(problem)
    if keep_reference:
        fixed |= set(reference_slots(problem))
    return fixed


def kinds(problem: Problem, keep_reference: bool = True) -> dict[str, tuple[object, ...]]:
    """Each unit's kind: units of one kind are interchangeable (a unit with a pin, a link,
    unavailability or, with ``keep_reference``, a reference time is a kind of its own)."""
    fixed = _fixed(problem, keep_reference)
    return {unit.name: _key(problem, unit, fixed) for unit in problem.units}


def in_table_order(
    problem: Problem, slot_groups: SlotGroups, keep_reference: bool = True, whole_slots: bool = True
) -> SlotGroups:
    """The same timetable with interchangeable units reordered to follow the table.

    With ``keep_reference`` (the ``stable`` objective) units with a reference
    time are never swapped, since that would change how many units moved.
    ``whole_slots=False`` keeps each slot's pattern of kinds where it is
    (alternatives differ by that pattern: :mod:`scheduler.solver.alternatives`).
    """
    fixed = _fixed(problem, keep_reference)
    places: dict[tuple[object, ...], list[tuple[int, int, int]]] = defaultdict(list)
    members: dict[tuple[object, ...], list[Unit]] = defaultdict(list)
    groups = {t: [list(g) for g in gs] for t, gs in slot_groups.items()}
    for t in sorted(groups):
        for g, group in enumerate(groups[t]):
            for m, unit in enumerate(group):
                key = _key(problem, unit, fixed)
                places[key].append((t, g, m))
                members[key].append(unit)
    for key, spots in places.items():
        ordered = sorted(members[key], key=lambda u: problem.position(u.name))
        for (t, g, m), unit in zip(spots, ordered, strict=True):
            groups[t][g][m] = unit
    if not whole_slots:
        return {t: [tuple(g) for g in content] for t, content in groups.items()}
    return _slots_in_table_order(problem, groups, fixed)


def _slots_in_table_order(problem: Problem, groups: dict[int, list[list[Unit]]], fixed: set[str]) -> SlotGroups:
    """Whole slots whose units are all free may trade places with slots of the same
    categories: a slot holding earlier-listed units comes first."""
    kinds: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for t, content in groups.items():
        units = [u for g in content for u in g]
        if not any(u.name in fixed for u in units):
            kinds[tuple(sorted({u.category for u in units}))].append(t)
    out = {t: [tuple(g) for g in content] for t, content in groups.items()}
    for slots in kinds.values():
        first = {t: min(problem.position(u.name) for g in groups[t] for u in g) for t in slots}
        for t, source in zip(sorted(slots), sorted(slots, key=first.__getitem__), strict=True):
            out[t] = [tuple(g) for g in groups[source]]
    return out
