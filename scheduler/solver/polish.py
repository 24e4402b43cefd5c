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

Bounded by the call's deadline (and its stop signal): a category whose flow would not be built and
solved in the time left is not placed again (:data:`ARC_SECONDS` per arc), and the building stops
when the deadline passes. At 2,000 units, 10 rooms and 30 days three flows of about 450,000 arcs
each took 2.7 s, and a call given 0.3 s returned after 5.4 s; a category left out keeps the
greedy's places, which are valid.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from scheduler.domain import Meeting, Problem, Timetable
from scheduler.rules.registry import blocked_slots, follows, phases
from scheduler.solver.deadline import Deadline

Spot = tuple[int, str | None]
"""(slot, room)."""

ARC_SECONDS = 3e-6
"""Seconds one arc of the flow costs, built, solved and read back (1.8-2.7 µs measured at 2,000 units
on a loaded 2-core machine; a little over, so that a flow started fits what is left)."""
HEAR_EVERY = 32
"""Movers whose arcs are added between two looks at the deadline."""


def polish(
    problem: Problem, timetable: Timetable, reference: Mapping[str, int], deadline: Deadline | None = None
) -> Timetable | None:
    """``timetable`` with its moved units placed again to move them less, or ``None`` if that
    helps none of them; within ``deadline`` when given (a category there is no time for keeps its
    places)."""
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
        if deadline is not None and deadline.expired():
            break
        better = _category(problem, where, reference, phase, chained, k, deadline)
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
    deadline: Deadline | None = None,
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
    if deadline is not None and len(movers) * (len(movers) + len(free)) * ARC_SECONDS > deadline.remaining():
        return {}  # no time for this flow: the greedy's places stand
    return _assign(movers, free, blocked_slots(problem), reference, deadline)


def _assign(
    movers: list[tuple[str, Spot]],
    free: dict[int, list[str]],
    blocked: Mapping[str, frozenset[int]],
    reference: Mapping[str, int],
    deadline: Deadline | None = None,
) -> dict[str, Spot]:
    """A minimum-cost flow of ``movers`` into their own spots (one unit each) and the free
    rooms of ``free`` (slot -> room names): unit -> new spot, if that moves them less in all
    (nothing when ``deadline`` passes while the flow is built)."""
    from ortools.graph.python import min_cost_flow

    spots = [spot for _, spot in movers]
    nodes = len(movers) + len(spots)
    free_node = {t: 2 + nodes + i for i, t in enumerate(sorted(free))}
    flow = min_cost_flow.SimpleMinCostFlow()
    for i, (name, _) in enumerate(movers):
        if deadline is not None and i % HEAR_EVERY == 0 and deadline.expired():
            return {}
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
