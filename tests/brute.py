"""A brute-force oracle for tiny problems: every assignment of units to slots, judged by the checker.

It shares nothing with the solver (no model, no greedy), so tests can hold the
solver's answers against it: whether a timetable exists, the fewest moves.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import product

from scheduler import Meeting, Problem, Timetable, validate


def timetables(problem: Problem) -> Iterator[tuple[dict[str, int], Timetable]]:
    """Every valid timetable (rooms left unstated: the checker seats each hour) with its slots."""
    slots = problem.calendar.slots
    names = [u.name for u in problem.units]
    for choice in product(range(len(slots)), repeat=len(names)):
        timetable = Timetable(tuple(Meeting(n, slots[t]) for n, t in zip(names, choice, strict=True)))
        if validate(problem, timetable).ok:
            yield dict(zip(names, choice, strict=True)), timetable


def feasible(problem: Problem) -> bool:
    """Whether any timetable satisfies every rule."""
    return next(timetables(problem), None) is not None


def stable_scores(problem: Problem) -> list[tuple[int, int, int]]:
    """(moved, displacement, end) of every valid timetable, counted here from the reference."""
    calendar = problem.calendar
    reference = {}
    if problem.reference is not None:
        for unit, start in problem.reference.starts().items():
            if problem.has_unit(unit) and calendar.index(start) is not None:
                reference[unit] = calendar.index(start)
    out = []
    for slot, _ in timetables(problem):
        moved = sum(1 for u, t in slot.items() if reference.get(u) != t)
        displacement = sum(abs(t - reference[u]) for u, t in slot.items() if u in reference)
        out.append((moved, displacement, max(slot.values(), default=-1) + 1))
    return out
