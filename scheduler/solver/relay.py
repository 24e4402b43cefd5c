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

import math
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from scheduler.domain import Problem, Timetable, Unit, labels
from scheduler.rules.registry import allows, blocked_slots, phases
from scheduler.solver.deadline import Deadline, OutOfTime
from scheduler.solver.model import ModelBuilder, TooManyGroups
from scheduler.solver.objectives import Stable
from scheduler.solver.rooms import SlotGroups
from scheduler.solver.stages import OPTIMAL, hold, solve_stages

NEVER = math.inf


@dataclass(frozen=True)
class Settled:
    """What :func:`settle` found: the best timetable with the fewest moves (``None``: none
    better than the one it was given), the proven values of displacement and end (as far as
    proven), and a lower bound on the first one not proven (``None``: nothing more known)."""

    timetable: Timetable | None
    values: tuple[int, int] | None
    proven: tuple[int, ...]
    bound: int | None


class _Free:
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
                kept.remove(gone)  # type: ignore[arg-type]
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

    def places(
        self, unit: Unit, leaving: Unit | None, enough: int, exclude: int | None = None
    ) -> list[tuple[int, int, bool, bool]]:
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
        out: list[tuple[int, int, bool, bool]] = []
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


def bound(
    free: _Free, movers: Sequence[Unit], lists: Sequence[list[tuple[int, int, bool, bool]]], leaving: Unit | None
) -> float:
    """The least total distance of ``movers`` into the places ``lists`` give them (a
    minimum-cost flow), or :data:`NEVER` if they do not all fit."""
    from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped]

    # A free room takes one moving unit, and more only beside one it may share with: the first
    # of each room goes through "open", the others through "beside", open only to the units
    # that may share with another moving unit.
    pairs = {i for i, a in enumerate(movers) for b in movers if a is not b and free.may_share(a, b)}
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = 0, 1
    nodes: dict[tuple[str, int], int] = {}

    def node(kind: str, t: int) -> int:
        key = (kind, t)
        if key not in nodes:
            nodes[key] = 2 + len(movers) + len(nodes)
        return nodes[key]

    for i, places in enumerate(lists):
        flow.add_arc_with_capacity_and_unit_cost(source, 2 + i, 1, 0)
        for t, distance, opens, joins in places:
            if opens:
                flow.add_arc_with_capacity_and_unit_cost(2 + i, node("open", t), 1, distance)
                if i in pairs and free.cap > 1:
                    flow.add_arc_with_capacity_and_unit_cost(2 + i, node("beside", t), 1, distance)
            if joins:
                flow.add_arc_with_capacity_and_unit_cost(2 + i, node("join", t), 1, distance)
    slots = {t for _, t in nodes}
    for t in slots:
        rooms, seats, _ = free.room_at(t, leaving)
        for kind, room in (("open", rooms), ("beside", rooms * (free.cap - 1)), ("join", seats)):
            if (kind, t) in nodes:
                flow.add_arc_with_capacity_and_unit_cost(nodes[(kind, t)], node("slot", t), room, 0)
        flow.add_arc_with_capacity_and_unit_cost(node("slot", t), sink, seats, 0)
    flow.set_node_supply(source, len(movers))
    flow.set_node_supply(sink, -len(movers))
    if flow.solve() != flow.OPTIMAL:
        return NEVER
    return float(flow.optimal_cost())


def fit_alone(problem: Problem, reference: Mapping[str, int], forced: AbstractSet[str]) -> bool:
    """Whether the forced units might all find a place with everyone else where the reference
    put them (``False``: the bound says they cannot, so every timetable moves one more)."""
    free = _Free(problem, reference, forced)
    movers = [problem.unit(name) for name in sorted(forced)]
    lists = [free.places(m, None, len(movers) + free.seats) for m in movers]
    return bound(free, movers, lists, None) != NEVER


def candidates(
    problem: Problem, reference: Mapping[str, int], forced: AbstractSet[str], deadline: Deadline
) -> list[tuple[float, str]]:
    """Every unit that could be the one more to move, with its lower bound on the displacement,
    lowest first (:data:`NEVER`: the forced units and it cannot all find a place)."""
    free = _Free(problem, reference, forced)
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
        out.append((bound(free, [*movers, unit], lists, unit), name))
    out.sort()
    return out


def _at(free: _Free, unit: Unit, leaving: Unit, t: int) -> list[tuple[int, int, bool, bool]]:
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
    free = _Free(problem, reference, forced)
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
