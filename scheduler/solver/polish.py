"""``stable``: the units a timetable moves, each put again in the nearest place it may take.

The places are those the moved units took and the rooms no one uses. The greedy places the
units that must move one at a time, each as near its hour as it can when its turn comes, so
a unit placed early may take the place a later one needed more, and a unit pushed to a far
hole stays there when a nearer room is freed later. Given which units moved, a minimum-cost
flow of those units into the places they took and the rooms no one uses can only lower the
moves and the displacement, and moves no one else. Back home costs nothing; elsewhere one move
(more than every distance together) plus the distance in slots, so the fewest moves come first
and the least displacement second, as ``stable`` asks (weighing the distance alone, the flow
often found as little displacement with more moves: on the 2,000-unit shape of embed16 1,691
moved where 1,322 suffice at the same displacement).

**One node per slot** (:class:`_Flow`). Movers barred from the same slots and from the same
reference slot are interchangeable: one node, their number its supply. The places of a slot are
one node, their number its capacity. A kind of movers reaches the slots open to it straight
(one arc per reference slot and open slot) or, when that takes fewer arcs, through a *lane*: a
chain of nodes at the slots that kind comes from or may take, each step costing its distance.
The flow on the lane is read back by matching the entries to the exits in order, which on a line
costs what the flow paid. Before, one node per mover and one per mover's place (every mover
times every mover's place and free slot: 1.35 million arcs at 2,000 units, built in Python, 2.7 s),
so at short limits the flow did not fit and the greedy's places stood; now a table without
unavailability is a few thousand arcs whatever its size.

Only units alone in their room and in no link are placed again, one category at a time,
each only at an hour no rule forbids it and inside its category's span among the units of
the other categories (so the category order holds as before). Units sharing a room (parallel
groups) and linked units keep the greedy's places; the ``stable`` search's small CP-SAT models
(:mod:`scheduler.solver.stable`) move those. The result is checked like any other timetable by
the caller.

Bounded by the call's deadline (and its stop signal): a category whose flow would not be built and
solved in the time left is not placed again (:data:`ARC_SECONDS` per arc), and the building stops
when the deadline passes (a category left out keeps the greedy's places, which are valid).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping

from scheduler.domain import Meeting, Problem, Timetable
from scheduler.rules.registry import blocked_slots, follows, phases
from scheduler.solver.deadline import Deadline

Spot = tuple[int, str | None]
"""(slot, room)."""

ARC_SECONDS = 4e-6
"""Seconds one arc of the flow costs, built, solved and read back (3.7-3.9 µs of CPU measured on the
largest flows, 46,000 and 271,000 arcs at 2,000 and 5,000 units with half the units given half the
slots unavailable, load 6-8; a little over, so that a flow started fits what is left)."""
HEAR_EVERY = 32
"""Kinds of movers whose arcs are added between two looks at the deadline."""
STRIDE = 4
"""A lane's nodes are joined to their neighbours and, as shortcuts at the same cost, to those 4, 16,
64... places along: a flow along a bare chain of 1,300 nodes took the solver 0.3-0.6 s of CPU
(5,000 units, no unavailability), with the shortcuts 0.03-0.07 s."""


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
    fewer of them, or as many less far in all."""
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
    gathered: dict[int, list[str | None]] = defaultdict(list)
    for _, (t, room) in movers:
        gathered[t].append(room)  # (a mover's slot is inside the span: the timetable keeps the order)
    for t in range(first, last + 1):
        gathered[t].extend(r.name for r in problem.rooms if r.name not in used[t])
    places = {t: rooms for t, rooms in gathered.items() if rooms}
    kinds = _kinds(movers, blocked_slots(problem), reference)
    if deadline is not None and _arcs(kinds, sorted(places)) * ARC_SECONDS > deadline.remaining():
        return {}  # no time for this flow: the greedy's places stand
    return _assign(movers, places, kinds, reference, deadline)


Kinds = dict[frozenset[int], dict[int, list[str]]]
"""Movers by the slots barred to them, then by their reference slot: the movers of one entry are
interchangeable in the flow."""


def _kinds(
    movers: list[tuple[str, Spot]], blocked: Mapping[str, frozenset[int]], reference: Mapping[str, int]
) -> Kinds:
    kinds: Kinds = defaultdict(lambda: defaultdict(list))
    for name, _ in movers:
        kinds[blocked.get(name, frozenset())][reference[name]].append(name)
    return kinds


def _strides(points: int) -> list[int]:
    """The steps along a lane of ``points`` nodes that are joined by an arc each way (1, then
    :data:`STRIDE` times more each, while shorter than the lane)."""
    steps, step = [], 1
    while step < points:
        steps.append(step)
        step *= STRIDE
    return steps


def _lane_arcs(homes: Collection[int], open_slots: list[int]) -> int:
    """The arcs a kind takes through a lane: along it both ways, in from each reference slot (and
    straight home), out to each open slot."""
    points = len(set(homes) | set(open_slots))
    return sum(2 * (points - step) for step in _strides(points)) + 2 * len(homes) + len(open_slots)


def _lane(homes: Collection[int], open_slots: list[int]) -> bool:
    """Whether a kind's movers reach the places through a lane (fewer arcs) rather than straight."""
    return _lane_arcs(homes, open_slots) < len(homes) * len(open_slots)


def _arcs(kinds: Kinds, slots: list[int]) -> int:
    """How many arcs the flow of ``kinds`` into ``slots`` has (what it costs to build and solve)."""
    count = len(slots)
    for barred, homes in kinds.items():
        open_slots = [t for t in slots if t not in barred]
        count += min(len(homes) * len(open_slots), _lane_arcs(homes, open_slots))
    return count


def _assign(
    movers: list[tuple[str, Spot]],
    places: dict[int, list[str | None]],
    kinds: Kinds,
    reference: Mapping[str, int],
    deadline: Deadline | None = None,
) -> dict[str, Spot]:
    """A minimum-cost flow of ``movers`` into ``places`` (slot -> the rooms there: the movers' own
    and the free ones): unit -> new spot, if that moves fewer of them, or as many less far (nothing
    when ``deadline`` passes while the flow is built)."""
    horizon = 1 + max(*places, *(reference[name] for name, _ in movers))
    flow = _Flow(len(movers), horizon, sorted(places), {t: len(rooms) for t, rooms in places.items()})
    for i, (barred, homes) in enumerate(kinds.items()):
        if deadline is not None and i % HEAR_EVERY == 0 and deadline.expired():
            return {}
        flow.kind(barred, homes)
    targets = flow.solve()
    if targets is None:
        return {}
    now = sum(flow.cost(reference[name], spot[0]) for name, spot in movers)
    if sum(flow.cost(home, t) for (_, home), ts in targets.items() for t in ts) >= now:
        return {}
    return _seated(movers, places, kinds, targets)


def _seated(
    movers: list[tuple[str, Spot]],
    places: dict[int, list[str | None]],
    kinds: Kinds,
    targets: Mapping[tuple[frozenset[int], int], list[int]],
) -> dict[str, Spot]:
    """Each kind's movers given the slots the flow sent them to (a mover keeps its spot when its slot
    is among them), then a room free at that slot."""
    spot_of = dict(movers)
    slot_of: dict[str, int] = {}
    for key, ts in targets.items():
        names = kinds[key[0]][key[1]]
        left = sorted(ts)
        rest = []
        for name in names:
            if spot_of[name][0] in left:
                left.remove(spot_of[name][0])
                slot_of[name] = spot_of[name][0]
            else:
                rest.append(name)
        slot_of.update(zip(rest, left, strict=True))
    rooms = {t: list(names) for t, names in places.items()}
    kept = [name for name, t in slot_of.items() if spot_of[name][0] == t]
    for name in kept:
        rooms[slot_of[name]].remove(spot_of[name][1])
    out = {name: spot_of[name] for name in kept}
    for name, t in slot_of.items():
        if name not in out:
            out[name] = (t, rooms[t].pop(0))
    return out


class _Flow:
    """The minimum-cost flow of the movers into the places, one node per slot.

    A place node per slot (its capacity: the rooms there) drains into the sink. The movers of one
    kind with one reference slot are one node (their number its supply): to each slot open to them
    directly (back home costs nothing; elsewhere :attr:`big` plus the distance, so fewer moves come
    first and less displacement second), or, when that takes fewer arcs, through a *lane* of the
    kind: a chain of nodes at the slots its movers come from or may take, each step costing its
    distance, entered at a mover's home slot for :attr:`big` and left at any open slot for nothing.
    On a line the flow's lane cost is that of matching entries to exits in order, which is how the
    lane's flow is read back.
    """

    def __init__(self, supply: int, horizon: int, slots: list[int], capacity: Mapping[int, int]) -> None:
        from ortools.graph.python import min_cost_flow

        self.flow = min_cost_flow.SimpleMinCostFlow()
        self.supply = supply
        self.slots = slots
        self.place = {t: 1 + i for i, t in enumerate(slots)}
        self.nodes = 1 + len(slots)
        self.big = supply * horizon + 1
        """What one move costs: more than all the movers' distances together."""
        self.add = self.flow.add_arc_with_capacity_and_unit_cost
        self.arcs = 0
        self.readers: list[tuple[str, frozenset[int], int, int, int]] = []
        """(what, kind, home, slot, arc): 'go' a direct arc or a stay, 'in' into a lane, 'out' of it."""
        for t in slots:
            self._arc(self.place[t], 0, capacity[t], 0)
        self.supplies: dict[int, int] = {0: -supply}

    def cost(self, home: int, t: int) -> int:
        """What a mover from ``home`` costs at slot ``t``."""
        return 0 if t == home else self.big + abs(t - home)

    def _arc(self, tail: int, head: int, capacity: int, cost: int) -> int:
        self.arcs += 1
        arc: int = self.add(tail, head, capacity, cost)  # (one at a time: the arrays' call loads numpy, 0.25 s)
        return arc

    def _node(self, supply: int = 0) -> int:
        self.nodes += 1
        if supply:
            self.supplies[self.nodes - 1] = supply
        return self.nodes - 1

    def kind(self, barred: frozenset[int], homes: Mapping[int, list[str]]) -> None:
        """The movers barred from ``barred``, by reference slot."""
        open_slots = [t for t in self.slots if t not in barred]
        count = sum(len(names) for names in homes.values())
        entry = {home: self._node(len(names)) for home, names in homes.items()}
        if not _lane(homes, open_slots):
            for home, node in entry.items():
                for t in open_slots:
                    arc = self._arc(node, self.place[t], count, self.cost(home, t))
                    self.readers.append(("go", barred, home, t, arc))
            return
        points = sorted(set(homes) | set(open_slots))
        lane = {t: self._node() for t in points}
        for step in _strides(len(points)):
            for a, b in zip(points, points[step:], strict=False):
                self._arc(lane[a], lane[b], count, b - a)
                self._arc(lane[b], lane[a], count, b - a)
        opened = set(open_slots)
        for home, node in entry.items():
            if home in opened:
                self.readers.append(("go", barred, home, home, self._arc(node, self.place[home], count, 0)))
            self.readers.append(("in", barred, home, home, self._arc(node, lane[home], count, self.big)))
        for t in open_slots:
            self.readers.append(("out", barred, -1, t, self._arc(lane[t], self.place[t], count, 0)))

    def solve(self) -> dict[tuple[frozenset[int], int], list[int]] | None:
        """(kind, home) -> the slots its movers go to, or ``None`` if the flow has no solution."""
        flow = self.flow
        for node, supply in self.supplies.items():
            flow.set_node_supply(node, supply)
        if flow.solve() != flow.OPTIMAL:
            return None
        amounts = [flow.flow(arc) for *_, arc in self.readers]
        targets: dict[tuple[frozenset[int], int], list[int]] = defaultdict(list)
        entering: dict[frozenset[int], list[int]] = defaultdict(list)
        leaving: dict[frozenset[int], list[int]] = defaultdict(list)
        for (what, barred, home, t, _), amount in zip(self.readers, amounts, strict=True):
            if what == "go":
                targets[barred, home] += [t] * amount
            elif what == "in":
                entering[barred] += [home] * amount
            else:
                leaving[barred] += [t] * amount
        for barred, homes in entering.items():
            for home, t in zip(sorted(homes), sorted(leaving[barred]), strict=True):
                targets[barred, home].append(t)
        return targets
