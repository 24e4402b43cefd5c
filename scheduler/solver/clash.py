"""Clashes seen without a search: a unit the rules leave no slot, a link no two following slots.

The conflict search (:mod:`scheduler.solver.diagnose`) asks CP-SAT for a core, which at
thousands of units is not found in any time a command has; the clash a user most often makes
(a unit unavailable at every time, a pin on a time the unit cannot come, a link whose units are
never free the same day) is plain in the starts the rules forbid (:func:`restrictions`), in one
pass over the units and links. No OR-Tools here: the pipeline asks when its greedy finds nothing,
before it builds a model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet

from scheduler.domain import Problem
from scheduler.rules.registry import follows, restrictions
from scheduler.rules.values import Instance


def obvious_clash(problem: Problem) -> list[Instance] | None:
    """Named instances that clash on their own, seen from the starts the rules forbid, without a
    search: they leave one unit no slot at all (an unavailability covering every time, a pin on a
    time the unit cannot come), or a link no slot of its first unit followed the same day by a slot
    of its second. Each list is irreducible for that reason (``None``: no such clash).

    Linear in the units and links, whatever the size: at 5,000 units CP-SAT's core is not found in
    any time a command has, and this is the clash a user most often makes.
    """
    forbidden = restrictions(problem)
    slots = len(problem.calendar)
    for unit in forbidden.units():
        if len(forbidden.blocked(unit)) >= slots:
            reasons = forbidden.by_reason(unit)
            return _fewest(list(reasons), lambda kept, r=reasons: len(_union(r, kept)) >= slots)
    calendar = problem.calendar
    following = [(t, calendar.next_slot(t)) for t in range(slots)]
    for a, b in follows(problem):
        first, then = forbidden.by_reason(a), forbidden.by_reason(b)
        tie = next((r for r in first if r in then and (r.unit, r.other) == (a, b)), None)  # the link itself
        apart = _apart(first, then, tie, following)
        if apart(set(first) | set(then)):
            return _fewest(list(dict.fromkeys([*first, *then])), apart)
    return None


def _apart(
    first: Mapping[Instance, AbstractSet[int]],
    then: Mapping[Instance, AbstractSet[int]],
    tie: Instance | None,
    following: list[tuple[int, int | None]],
) -> Callable[[AbstractSet[Instance]], bool]:
    """Whether the kept instances leave the linked pair no slot followed the same day by another."""

    def apart(kept: AbstractSet[Instance]) -> bool:
        if tie is None or tie not in kept:
            return False
        early, late = _union(first, kept), _union(then, kept)
        return not any(t not in early and u is not None and u not in late for t, u in following)

    return apart


def _union(reasons: Mapping[Instance, AbstractSet[int]], kept: AbstractSet[Instance]) -> set[int]:
    """The slots the ``kept`` instances among ``reasons`` forbid."""
    return set().union(*(slots for reason, slots in reasons.items() if reason in kept))


def _fewest(items: list[Instance], clashes: Callable[[AbstractSet[Instance]], bool]) -> list[Instance]:
    """``items`` less each one the rest still ``clashes`` without."""
    kept = list(items)
    for item in items:
        trial = [i for i in kept if i != item]
        if clashes(set(trial)):
            kept = trial
    return kept
