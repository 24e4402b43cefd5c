"""``stable``: the units a timetable moves, each put again in the nearest place it may take.

The places are those the moved units took and the rooms no one uses. The greedy places the
units that must move one at a time, each as near its hour as it can when its turn comes, so
a unit placed early may take the place a later one needed more, and a unit pushed to a far
hole stays there when a nearer room is freed later. Given which units
moved, a minimum-cost flow of those units into the places they took and the rooms no one
uses (each at its distance in slots from its reference hour; back home costs nothing, and is
then no move at all) can only lower the moves and the displacement, and moves no one else.

Only units alone in their room and in no link are placed again, one category at a time,
each only at an hour no rule forbids it and inside its category's span among the units of
the other categories (so the category order holds as before). The result is checked like
any other timetable by the caller.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from scheduler.domain import Meeting, Problem, Timetable
from scheduler.rules.registry import blocked_slots, follows, phases

Spot = tuple[int, str | None]
"""(slot, room)."""


def polish(problem: Problem, timetable: Timetable, reference: Mapping[str, int]) -> Timetable | None:
    """``timetable`` with its moved units placed again to move them less, or ``None`` if that
    helps none of them."""
    calendar = problem.calendar
    phase = phases(problem)
    chained = {name for pair in follows(problem) for name in pair}
    changed = False
    for k in sorted({phase.get(n) for n in reference} | {None}, key=lambda k: (k is None, k or 0)):
        where: dict[str, Spot] = {
            m.unit: (calendar.index(m.start), m.room)  # type: ignore[misc]
            for m in timetable.meetings
            if m.start is not None
        }
        better = _category(problem, where, reference, phase, chained, k)
        if better:
            changed = True
            timetable = Timetable(
                tuple(
                    Meeting(m.unit, calendar.slots[better[m.unit][0]], better[m.unit][1]) if m.unit in better else m
                    for m in timetable.meetings
                )
            )
    return timetable if changed else None


def _category(
    problem: Problem,
    where: Mapping[str, Spot],
    reference: Mapping[str, int],
    phase: Mapping[str, int],
    chained: set[str],
    k: int | None,
) -> dict[str, Spot]:
    """The moved units of category ``k`` placed again (unit -> new spot), only if that moves
    them less in all."""
    taken: dict[Spot, list[str]] = defaultdict(list)
    for name, spot in where.items():
        taken[spot].append(name)
    movers = [
        (name, spot)
        for spot, names in taken.items()
        for name in names[:1]
        if len(names) == 1
        and phase.get(name) == k
        and name not in chained
        and reference.get(name) not in (None, spot[0])
    ]
    if not movers:
        return {}
    first, last = 0, len(problem.calendar) - 1
    if k is not None:
        for name, (t, _) in where.items():
            other = phase.get(name)
            if other is not None and other < k:
                first = max(first, t + 1)
            elif other is not None and other > k:
                last = min(last, t - 1)
    used: dict[int, set[str | None]] = defaultdict(set)
    for t, room in taken:
        used[t].add(room)
    free = {t: [r.name for r in problem.rooms if r.name not in used[t]] for t in range(first, last + 1)}
    free = {t: rooms for t, rooms in free.items() if rooms}
    return _assign(movers, free, blocked_slots(problem), reference)


def _assign(
    movers: list[tuple[str, Spot]],
    free: dict[int, list[str]],
    blocked: Mapping[str, frozenset[int]],
    reference: Mapping[str, int],
) -> dict[str, Spot]:
    """A minimum-cost flow of ``movers`` into their own spots (one unit each) and the free
    rooms of ``free`` (slot -> room names): unit -> new spot, if that moves them less in all."""
    from ortools.graph.python import min_cost_flow

    spots = [spot for _, spot in movers]
    nodes = len(movers) + len(spots)
    free_node = {t: 2 + nodes + i for i, t in enumerate(sorted(free))}
    flow = min_cost_flow.SimpleMinCostFlow()
    for i, (name, _) in enumerate(movers):
        flow.add_arc_with_capacity_and_unit_cost(0, 2 + i, 1, 0)
        barred, home = blocked.get(name, frozenset()), reference[name]
        for j, (t, _) in enumerate(spots):
            if t not in barred:
                flow.add_arc_with_capacity_and_unit_cost(2 + i, 2 + len(movers) + j, 1, abs(t - home))
        for t, node in free_node.items():
            if t not in barred:
                flow.add_arc_with_capacity_and_unit_cost(2 + i, node, 1, abs(t - home))
    for j in range(len(spots)):
        flow.add_arc_with_capacity_and_unit_cost(2 + len(movers) + j, 1, 1, 0)
    for t, node in free_node.items():
        flow.add_arc_with_capacity_and_unit_cost(node, 1, len(free[t]), 0)
    flow.set_node_supply(0, len(movers))
    flow.set_node_supply(1, -len(movers))
    if flow.solve() != flow.OPTIMAL:
        return {}
    if flow.optimal_cost() >= sum(abs(spot[0] - reference[name]) for name, spot in movers):
        return {}
    slot_of = {node: t for t, node in free_node.items()}
    out: dict[str, Spot] = {}
    for arc in range(flow.num_arcs()):
        tail, head = flow.tail(arc), flow.head(arc)
        if flow.flow(arc) and 2 <= tail < 2 + len(movers) and head >= 2 + len(movers):
            name = movers[tail - 2][0]
            if head < 2 + nodes:
                out[name] = spots[head - 2 - len(movers)]
            else:
                t = slot_of[head]
                out[name] = (t, free[t].pop(0))
    return out
