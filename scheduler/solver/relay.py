"""``stable`` once the fewest moves are proven to be the forced units and one more: which one.

When the stable search has proven that every timetable moves the forced units and at
least one unit more, and has found one that moves exactly one more, then every timetable
with the fewest moves moves the forced units and one other unit *r*, and nobody else
(nobody else may move: that would be a move more). For each *r* that is a small exact
model: the forced units and *r* free, everyone else at their reference slot. What is
left to find is which *r*, and this module settles it, displacement and end, with a proof.

Most *r* are ruled out at once by a lower bound on the displacement: the moving units
must each end in a place left free by the units that stay (a room no staying group needs,
or a seat beside a staying unit it may share with), as near as possible to where they
were; a minimum-cost flow of the moving units to those places, each at its distance in
slots, is at most the displacement of any timetable that moves them. It is a relaxation
of the exact model: it asks only what every valid placement has (an hour open to the
unit, inside its category's span among the units that stay, a room or seat there), lets a
free room take a second moving unit only if that one may share with another moving unit,
and does not look at links (the exact models keep them, so a unit in a link is a candidate
like any other). So a candidate whose bound is above the best displacement found cannot do
better, and when the best found is at or below every remaining bound it is optimal. The
exact models are solved nearest bound first, each only asked to beat the best found so far.

On ``2000u-1r`` ``stable`` (one room, 20 forced units, 21 moves proven) the bound
leaves 2 of 1,980 candidates (docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from scheduler.domain import Problem, Timetable, Unit
from scheduler.solver.deadline import Deadline, OutOfTime
from scheduler.solver.model import ModelBuilder, TooManyGroups
from scheduler.solver.objectives import Stable
from scheduler.solver.rooms import SlotGroups
from scheduler.solver.stages import OPTIMAL, hold, solve_stages
from scheduler.solver.vacancies import NEVER, Place, Vacancies, least_distance


@dataclass(frozen=True)
class Settled:
    """What :func:`settle` found: the best timetable with the fewest moves (``None``: none
    better than the one it was given), the proven values of displacement and end (as far as
    proven), and a lower bound on the first one not proven (``None``: nothing more known)."""

    timetable: Timetable | None
    values: tuple[int, int] | None
    proven: tuple[int, ...]
    bound: int | None


def candidates(
    problem: Problem, reference: Mapping[str, int], forced: AbstractSet[str], deadline: Deadline
) -> list[tuple[float, str]]:
    """Every unit that could be the one more to move, with its lower bound on the displacement,
    lowest first (:data:`NEVER`: the forced units and it cannot all find a place)."""
    free = Vacancies(problem, reference, forced)
    movers = [problem.unit(name) for name in sorted(forced)]
    enough = len(movers) + 1 + free.seats  # one slot's places may change when the extra unit leaves
    base = [free.places(m, None, enough) for m in movers]
    out: list[tuple[float, str]] = []
    for count, unit in enumerate(problem.units):
        name = unit.name
        t = reference.get(name)
        if name in forced or t is None:
            continue
        if count % 64 == 0 and deadline.expired():
            raise OutOfTime
        moved = free.window(unit, None) != free.window(unit, unit) or any(
            free.window(m, None) != free.window(m, unit) for m in movers
        )
        lists = (
            [free.places(m, unit, enough) for m in movers]
            if moved
            else [
                [p for p in places if p[0] != t] + _at(free, m, unit, t) for m, places in zip(movers, base, strict=True)
            ]
        )
        lists.append(free.places(unit, unit, len(movers) + 1, exclude=t))
        out.append((least_distance(free, [*movers, unit], lists, unit), name))
    out.sort()
    return out


def _at(free: Vacancies, unit: Unit, leaving: Unit, t: int) -> list[Place]:
    """``unit``'s place at slot ``t`` once ``leaving`` has left it (none if it cannot go there)."""
    first, last = free.window(unit, leaving)
    if t < first or t > last or t in free.blocked.get(unit.name, frozenset()):
        return []
    rooms, seats, staying = free.room_at(t, leaving)
    joins = any(free.may_share(unit, s) for s in staying)
    if seats <= 0 or (rooms == 0 and not joins):
        return []
    r = free.reference.get(unit.name)
    return [(t, abs(t - r) if r is not None else 0, rooms > 0, joins)]


def settle(
    problem: Problem,
    reference: Mapping[str, int],
    forced: AbstractSet[str],
    best: tuple[int, int] | None,
    floors: tuple[int, int],
    deadline: Deadline,
    accept: Callable[[SlotGroups], Timetable | None],
) -> Settled:
    """Displacement and end among the timetables moving the forced units and one more
    (see the module text). ``best``: the displacement and end of the best such timetable
    known (``None``: none known); ``floors``: bounds every timetable meets."""
    try:
        ranked = candidates(problem, reference, forced, deadline)
    except OutOfTime:
        return Settled(None, None, (), None)
    free = Vacancies(problem, reference, forced)
    goal = Stable()
    found: Timetable | None = None
    values = best
    for lower, name in ranked:
        if lower == NEVER:
            break
        if values is not None and (lower > values[0] or (lower == values[0] and values[1] <= floors[1])):
            break
        unit = problem.unit(name)
        t = reference[name]
        movers = [problem.unit(n) for n in sorted(forced)] + [unit]
        within: dict[str, frozenset[int]] = {
            u.name: frozenset((reference[u.name],)) for u in problem.units if u.name not in forced and u.name != name
        }
        for m in movers:
            within[m.name] = free.everywhere(m, unit, t if m is unit else None)
        try:
            model = ModelBuilder(problem, within=within, deadline=deadline)
            stages = goal.stages(model)
        except (TooManyGroups, OutOfTime):
            return _unfinished(found, values, lower)
        if values is not None:
            hold(model.cp, stages[1], values[0])  # only a timetable as good as the best helps
        staged = solve_stages(model.cp, stages[1:], [max(floors[0], int(lower)), floors[1]], deadline, 1)
        if staged.status not in (OPTIMAL, "INFEASIBLE") and len(staged.proven) < 2:
            return _unfinished(found, values, lower)
        if len(staged.proven) < 2 or not staged.values:
            continue  # nothing as good as the best with this unit moving
        mine = (staged.proven[0], staged.proven[1])
        if values is None or mine < values:
            timetable = accept(model.placements(staged.values))
            if timetable is None:
                raise AssertionError("the solver returned a timetable the checker rejects")
            found, values = timetable, mine
    if values is None:
        return Settled(None, None, (), None)
    return Settled(found, values, values, None)


def _unfinished(found: Timetable | None, values: tuple[int, int] | None, lower: float) -> Settled:
    """Cut short at a candidate whose bound is ``lower``: no candidate left does better than it."""
    floor = int(lower)
    if values is not None and values[0] <= floor:
        return Settled(found, values, (values[0],), None)
    return Settled(found, values, (), floor)
