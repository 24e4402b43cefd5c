"""``stable``: a lower bound on the fewest moves, from the places the staying units leave.

The forced units of a category must each end in a place inside the category's span among
the units that stay (:class:`~scheduler.solver.vacancies.Vacancies`). A maximum flow says
how many of them fit there at once; the rest, the *deficit*, need room that only units
leaving can make. A unit that leaves frees one seat, so it lets at most one more forced
unit in (at most a room's capacity, when two forced units of the category may share a
room): ``deficit / c`` more units move. A span can also widen: the next category's first
slots (or the previous one's last) given up, at the cost of every unit staying there, which
must then move. So every timetable moves at least

    forced + max over categories of min over widenings (cost + ceil(deficit / c)).

Narrowing a span is never better: fewer places, and the units in the slots given up move
too. The maximum over categories, not the sum: a unit pushed out of one category's way may
be the one that makes room in another's. Links are not looked at (a relaxation).

Measured (docs/performance.md): ``5000u-4r`` ``stable`` 58 against 59 found (the forced
units alone: 50); ``cap5-1000u-4r`` 11, which the greedy meets, so the fewest moves are
proven before any search.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from collections.abc import Set as AbstractSet

from scheduler.domain import Problem
from scheduler.rules.registry import phases
from scheduler.solver.deadline import Deadline
from scheduler.solver.vacancies import Vacancies, most_placed

WIDEN = 8
"""Slots a category's span may take from each neighbour in the bound (each costs every unit
staying there, so a few are all a bound below the greedy's moves can afford)."""


def fewest_moves(
    problem: Problem, reference: Mapping[str, int], forced: AbstractSet[str], deadline: Deadline | None = None
) -> int:
    """How many units every timetable moves at least (see the module text). A category not
    finished before ``deadline`` adds nothing: the bound stays true, only weaker."""
    phase = phases(problem)
    by_phase: dict[int | None, list[str]] = defaultdict(list)
    for name in sorted(forced):
        by_phase[phase.get(name)].append(name)
    staying: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    """Phase -> slot -> its units that stay."""
    for unit in problem.units:
        k, t = phase.get(unit.name), reference.get(unit.name)
        if k is not None and t is not None and unit.name not in forced:
            staying[k][t].append(unit.name)
    more = 0
    for k, names in by_phase.items():
        earlier = _edge(staying, k, -1)
        later = _edge(staying, k, +1)
        least: int | None = None
        # index len(edge) + 1 on a side (when it has a neighbour) stands for every wider span: it
        # pushes at least all the units of the slots listed, and one more if the listing stopped
        # at WIDEN slots, whatever fits after
        for low in range(len(earlier) + 1 + bool(earlier)):
            for high in range(len(later) + 1 + bool(later)):
                pushed = {n for slot in earlier[:low] + later[:high] for n in slot}
                wider = (low > len(earlier) and len(earlier) == WIDEN) + (high > len(later) and len(later) == WIDEN)
                cost = len(pushed) + wider
                if least is not None and cost >= least:
                    continue  # this widening costs more than the best so far
                if low <= len(earlier) and high <= len(later):
                    if deadline is not None and deadline.expired():
                        return len(forced) + more  # this category unfinished: it adds nothing
                    cost += _deficit(problem, reference, forced | pushed, names)
                least = cost if least is None else min(least, cost)
        more = max(more, least or 0)
    return len(forced) + more


def _edge(staying: Mapping[int, Mapping[int, list[str]]], k: int | None, side: int) -> list[list[str]]:
    """The staying units of the category next to ``k`` (``side`` -1: the one before it, +1:
    after), slot by slot from the one nearest ``k``, for :data:`WIDEN` slots."""
    if k is None:
        return []
    neighbours = [o for o in staying if (o < k if side < 0 else o > k)]
    if not neighbours:
        return []
    by_slot = staying[max(neighbours) if side < 0 else min(neighbours)]
    return [by_slot[t] for t in sorted(by_slot, reverse=side < 0)[:WIDEN]]


def _deficit(problem: Problem, reference: Mapping[str, int], moving: AbstractSet[str], names: list[str]) -> int:
    """How many more units must move for ``names`` (forced units of one category) to fit, with
    ``moving`` gone from their reference slots: each unit that leaves lets at most ``c`` in."""
    free = Vacancies(problem, reference, moving)
    movers = [problem.unit(name) for name in names]
    lists = [free.places(m, None, len(movers) + free.seats) for m in movers]
    short = len(movers) - most_placed(free, movers, lists)
    sharing = any(free.may_share(a, b) for i, a in enumerate(movers) for b in movers[i + 1 :])
    return math.ceil(short / (free.cap if sharing else 1))
