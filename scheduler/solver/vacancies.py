"""What the units that stay at their reference slots leave free, and how many moving units fit there.

For the ``stable`` objective's bounds (:mod:`scheduler.solver.relay`,
:mod:`scheduler.solver.fewest`): every moving unit ends in a place the staying units leave,
a room none of their groups needs or a seat beside a staying unit it may share with, inside
its category's span among the staying units, at an hour open to it. :class:`Vacancies` lists
those places; :func:`least_distance` (a minimum-cost flow) and :func:`most_placed` (a maximum
flow) say how near, and how many, the moving units can be placed at once. Both relax the
exact problem (they ask only what every valid placement has, and let a free room take a second
moving unit only if that one may share with another moving unit; links are not looked at), so
what they say bounds every timetable.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet

from scheduler.domain import Problem, Unit, labels
from scheduler.rules.registry import allows, blocked_slots, phases

NEVER = math.inf
"""The least distance when the moving units cannot all be placed."""

Place = tuple[int, int, bool, bool]
"""(slot, distance from the unit's reference slot, may open a room, may join a staying unit)."""


class Vacancies:
    """What the units that stay at their reference slot leave free, slot by slot."""

    def __init__(self, problem: Problem, reference: Mapping[str, int], moving: AbstractSet[str]) -> None:
        self.problem = problem
        self.reference = reference
        self.slots = len(problem.calendar)
        self.rooms = len(problem.rooms)
        self.cap = problem.max_capacity
        self.seats = sum(room.capacity for room in problem.rooms)
        self.blocked = blocked_slots(problem)
        self.phase = phases(problem)
        self.staying: dict[int, list[Unit]] = defaultdict(list)
        for unit in problem.units:
            t = reference.get(unit.name)
            if t is not None and unit.name not in moving:
                self.staying[t].append(unit)
        spans: dict[int, list[int]] = defaultdict(list)
        for t, units in self.staying.items():
            for unit in units:
                k = self.phase.get(unit.name)
                if k is not None:
                    spans[k].append(t)
        self.ends = {k: sorted(ts) for k, ts in spans.items()}
        """Phase -> the sorted slots its staying units hold (their first and last bound the others)."""
        self._pairs: dict[tuple[str, str], bool] = {}
        self._rooms: dict[int, tuple[int, int, list[Unit]]] = {}
        self._open: list[int] | None = None
        self.by_label: dict[str, set[int]] = defaultdict(set)
        """Parallel-group label -> the slots where a staying unit has it."""
        for t, units in self.staying.items():
            for unit in units:
                for label in labels(unit):
                    self.by_label[label].add(t)

    def may_share(self, a: Unit, b: Unit) -> bool:
        key = (a.name, b.name) if a.name < b.name else (b.name, a.name)
        found = self._pairs.get(key)
        if found is None:
            found = self._pairs[key] = allows(self.problem, (a, b))
        return found

    def window(self, unit: Unit, leaving: Unit | None) -> tuple[int, int]:
        """The slots ``unit`` may take among the staying units' phases (``leaving`` also gone)."""
        k = self.phase.get(unit.name)
        if k is None:
            return 0, self.slots - 1
        gone = self.reference.get(leaving.name) if leaving is not None else None
        gone_phase = self.phase.get(leaving.name) if leaving is not None else None
        first, last = 0, self.slots - 1
        for other, ts in self.ends.items():
            kept = ts
            if other == gone_phase and gone in (ts[0], ts[-1]):
                kept = list(ts)
                kept.remove(gone)
            if not kept:
                continue
            if other < k:
                first = max(first, kept[-1] + 1)
            elif other > k:
                last = min(last, kept[0] - 1)
        return first, last

    def room_at(self, t: int, leaving: Unit | None) -> tuple[int, int, list[Unit]]:
        """(rooms no staying group needs, seats left, the staying units) at slot ``t``."""
        if leaving is None or self.reference.get(leaving.name) != t:
            found = self._rooms.get(t)
            if found is None:
                found = self._rooms[t] = self._room_at(t, None)
            return found
        return self._room_at(t, leaving)

    def _room_at(self, t: int, leaving: Unit | None) -> tuple[int, int, list[Unit]]:
        staying = [u for u in self.staying.get(t, ()) if u is not leaving]
        n = len(staying)
        if n == 0:
            return self.rooms, self.seats, staying
        return max(0, self.rooms - self._fewest_groups(staying)), max(0, self.seats - n), staying

    def _fewest_groups(self, units: list[Unit]) -> int:
        """Rooms ``units`` need at least: a group's units may all share, so it lies within one
        part of the graph of who may share with whom, and a part of ``c`` units needs
        ``ceil(c / capacity)`` rooms at least (exact for pairs of label-mates)."""
        part = list(range(len(units)))

        def find(i: int) -> int:
            while part[i] != i:
                part[i] = part[part[i]]
                i = part[i]
            return i

        for i, a in enumerate(units):
            for j in range(i + 1, len(units)):
                if self.may_share(a, units[j]):
                    part[find(i)] = find(j)
        sizes: dict[int, int] = defaultdict(int)
        for i in range(len(units)):
            sizes[find(i)] += 1
        return sum(math.ceil(c / self.cap) for c in sizes.values())

    def _pool(self, unit: Unit, leaving: Unit | None) -> list[int]:
        """The slots where ``unit`` might find a place, sorted: a room free, a staying unit it
        shares a parallel-group label with (the only ones it may join), the leaving unit's slot."""
        if self._open is None:
            self._open = [t for t in range(self.slots) if self.room_at(t, None)[0] > 0 and self.room_at(t, None)[1] > 0]
        pool = set(self._open)
        for label in labels(unit):
            pool.update(self.by_label.get(label, ()))
        if leaving is not None and leaving.name in self.reference:
            pool.add(self.reference[leaving.name])
        return sorted(pool)

    def places(self, unit: Unit, leaving: Unit | None, enough: int, exclude: int | None = None) -> list[Place]:
        """The slots nearest ``unit``'s reference slot where it could go, as (slot, distance,
        may open a room, may join a staying unit), until they hold ``enough`` units (a free
        room counted as one): a minimum-cost flow never needs a farther one (at most
        ``enough - 1`` others take places here, so one of these is left for it, no farther)."""
        first, last = self.window(unit, leaving)
        r = self.reference.get(unit.name)
        home = r if r is not None else first
        blocked = self.blocked.get(unit.name, frozenset())
        pool = self._pool(unit, leaving)
        up = bisect_left(pool, home)
        down = up - 1
        out: list[Place] = []
        held = 0
        while held < enough and (down >= 0 or up < len(pool)):
            if up < len(pool) and (down < 0 or pool[up] - home <= home - pool[down]):
                t, up = pool[up], up + 1
            else:
                t, down = pool[down], down - 1
            if t < first or t > last or t in blocked or t == exclude:
                continue
            rooms, seats, staying = self.room_at(t, leaving)
            if seats <= 0:
                continue
            opens = rooms > 0
            joins = any(self.may_share(unit, s) for s in staying)
            if not opens and not joins:
                continue
            out.append((t, abs(t - home) if r is not None else 0, opens, joins))
            held += min(seats, (rooms if opens else 0) + (seats if joins else 0))
        return out

    def everywhere(self, unit: Unit, leaving: Unit | None, exclude: int | None) -> frozenset[int]:
        """Every slot where ``unit`` could go (the exact model's slots for it)."""
        return frozenset(t for t, *_ in self.places(unit, leaving, self.slots * self.seats + 1, exclude))


def _network(
    free: Vacancies, movers: Sequence[Unit], lists: Sequence[list[Place]], leaving: Unit | None
) -> list[tuple[int, int, int, int]]:
    """The flow network's arcs (tail, head, capacity, cost): source 0 -> each mover -> its
    places by kind -> the slot -> sink 1. A free room takes one moving unit ("open"), and more
    only beside one it may share with ("beside", open only to units that may share with another
    moving unit); "join" is a seat beside a staying unit; the slot holds its seats at most."""
    pairs = {i for i, a in enumerate(movers) for b in movers if a is not b and free.may_share(a, b)}
    nodes: dict[tuple[str, int], int] = {}

    def node(kind: str, t: int) -> int:
        key = (kind, t)
        if key not in nodes:
            nodes[key] = 2 + len(movers) + len(nodes)
        return nodes[key]

    arcs: list[tuple[int, int, int, int]] = []
    for i, places in enumerate(lists):
        arcs.append((0, 2 + i, 1, 0))
        for t, distance, opens, joins in places:
            if opens:
                arcs.append((2 + i, node("open", t), 1, distance))
                if i in pairs and free.cap > 1:
                    arcs.append((2 + i, node("beside", t), 1, distance))
            if joins:
                arcs.append((2 + i, node("join", t), 1, distance))
    for t in sorted({t for _, t in nodes}):
        rooms, seats, _ = free.room_at(t, leaving)
        for kind, room in (("open", rooms), ("beside", rooms * (free.cap - 1)), ("join", seats)):
            if (kind, t) in nodes:
                arcs.append((nodes[(kind, t)], node("slot", t), room, 0))
        arcs.append((node("slot", t), 1, seats, 0))
    return arcs


def least_distance(
    free: Vacancies, movers: Sequence[Unit], lists: Sequence[list[Place]], leaving: Unit | None
) -> float:
    """The least total distance of ``movers`` into the places ``lists`` give them (a
    minimum-cost flow; ``leaving``: a unit that leaves too), or :data:`NEVER` if they do not all fit."""
    from ortools.graph.python import min_cost_flow

    flow = min_cost_flow.SimpleMinCostFlow()
    for tail, head, capacity, cost in _network(free, movers, lists, leaving):
        flow.add_arc_with_capacity_and_unit_cost(tail, head, capacity, cost)
    flow.set_node_supply(0, len(movers))
    flow.set_node_supply(1, -len(movers))
    if flow.solve() != flow.OPTIMAL:
        return NEVER
    return float(flow.optimal_cost())


def most_placed(free: Vacancies, movers: Sequence[Unit], lists: Sequence[list[Place]]) -> int:
    """How many of ``movers`` can be placed at once in the places ``lists`` give them (a
    maximum flow through the same network as :func:`least_distance`)."""
    from ortools.graph.python import max_flow

    flow = max_flow.SimpleMaxFlow()
    for tail, head, capacity, _ in _network(free, movers, lists, None):
        flow.add_arc_with_capacity(tail, head, capacity)
    if flow.solve(0, 1) != flow.OPTIMAL:
        return 0
    return int(flow.optimal_flow())
