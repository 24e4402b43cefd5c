"""``stable``: a lower bound on the displacement of every timetable that moves at most ``M`` units.

Once the fewest moves ``M`` are known (or bounded below), the displacement stage asks how
little the units can move in a timetable with ``M`` moves. The round models of
:mod:`scheduler.solver.stable` relax a held unit that leaves to the nearest slot open to it,
which says little when the places left free are far away (``5000u-4r``: 50, where the
timetables found move their units thousands of slots). This module bounds it from the other
side, with a linear program on the line of slots (docs/model.md, "A bound on the displacement
along the slots"):

* every unit with a reference slot either *stays* there (``stay[u]`` = 1) or *moves*; a forced
  unit always moves; a unit without a reference slot goes anywhere at no cost;
* a moving unit enters a one-way line (rightward or leftward: it never needs to walk back)
  at the nearest slot on either side of its reference slot that no rule forbids it and that
  lies in its category's window (paying that distance), walks along it at one per slot
  crossed, and leaves it at a slot of its category's window; a forced unit may also meet
  directly at any of its :data:`NEAR` nearest open slots on each side (its forbidden slots
  honoured there), entering the line only beyond them;
* at each slot the rooms hold what meets there: a unit alone in its room takes all of it; a
  unit sharing one (with at most ``c - 1`` others, ``c`` the largest room) takes ``1 / c``; a
  staying unit with a parallel-group label counts as sharing; and no slot receives more units
  than the rooms' seats;
* a moving unit shares only with a partner it may share with: one that stays, whose slot it
  joins directly (each staying unit receives at most ``c - 1`` so), or one that moves too
  (its entries into the sharing lines are at most the partners that do not stay);
* at most ``M`` units move (the forced ones among them);
* a category's window: every unit of an earlier category that stays lies before it, so with at
  most ``M - forced`` other units moving, the window starts after the earlier category's
  ``(M - forced + 1)``-th latest reference slot, and ends symmetrically before the later one's.

Every timetable with at most ``M`` moves gives a solution of this program of no more cost than
its displacement (each unit's path is the straight one from its reference slot to its slot),
so the program's optimum, rounded up, bounds the displacement of all of them. Links, whether a
unit sharing with a moving partner meets at its partner's slot, and a unit's forbidden slots
away from the ones it enters at are not looked at (each only widens the program). Solved
with OR-Tools' GLOP.

Its duals price every place a unit may take (:class:`Prices`): a timetable's displacement is at
least the dual bound plus its units' prices at their slots, so a place priced above the gap
between the best timetable and that bound is in no better timetable, and the places left make an
exact model small enough to prove (:func:`scheduler.solver.stable.priced_model`; docs/model.md,
"Places no better timetable takes").
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import partial
from typing import Any

from scheduler.domain import Problem, Unit, labels
from scheduler.rules.registry import allows, blocked_slots, phases
from scheduler.solver.deadline import Deadline

NEAR = 128
"""Open slots on each side of its reference slot a forced unit meets at directly (its forbidden
slots among them honoured) before it enters the line (where they are not)."""
EPSILON = 1e-6
"""Slack taken off the program's optimum before it is rounded up (floating point)."""


def windows(
    problem: Problem, reference: Mapping[str, int], forced: AbstractSet[str], others: int
) -> dict[int, tuple[int, int]]:
    """Category -> the first and last slot any of its units can meet in when at most ``others``
    units besides the forced ones move (see the module text)."""
    phase = phases(problem)
    slots = len(problem.calendar)
    kept: dict[int, list[int]] = defaultdict(list)
    for name, t in reference.items():
        k = phase.get(name)
        if k is not None and name not in forced:
            kept[k].append(t)
    for ts in kept.values():
        ts.sort()
    out: dict[int, tuple[int, int]] = {}
    for k in sorted(set(phase.values())):
        first, last = 0, slots - 1
        for other, ts in kept.items():
            if len(ts) <= others:
                continue  # all of them may move away
            if other < k:
                first = max(first, ts[-1 - others] + 1)
            elif other > k:
                last = min(last, ts[others] - 1)
        out[k] = (first, last)
    return out


@dataclass(frozen=True)
class Shifted:
    """The program's answer: the bound, and the units beyond the forced ones it moves (in part)."""

    bound: int
    movers: frozenset[str]
    pricing: Callable[[], Prices] | None = None
    """The program's prices (its duals read when asked for), to tell which places no timetable
    below a given displacement takes."""


def least_shift(
    problem: Problem,
    reference: Mapping[str, int],
    forced: AbstractSet[str],
    moves: int,
    deadline: Deadline | None = None,
) -> int | None:
    """A lower bound on the displacement of every timetable moving at most ``moves`` units
    (see the module text); ``None`` when no timetable moves so few by the program's reckoning
    (no bound from here) or it ran out of time."""
    found = shifted(problem, reference, forced, moves, deadline)
    return found.bound if found is not None else None


# Long: the program's lines, stays, direct moves and room counts are built in one pass over the units,
# each reading the same per-unit windows and blocked slots; the soundness argument (docs/model.md) follows it.
def shifted(
    problem: Problem,
    reference: Mapping[str, int],
    forced: AbstractSet[str],
    moves: int,
    deadline: Deadline | None = None,
) -> Shifted | None:
    """:func:`least_shift`, with the units the program's optimum moves."""
    from ortools.linear_solver import pywraplp

    others = moves - len(forced)
    if others < 0:
        return None
    slots = len(problem.calendar)
    phase = phases(problem)
    blocked = blocked_slots(problem)
    window = windows(problem, reference, forced, others)
    cap = problem.max_capacity
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        return None
    lp = _Program(solver)
    rooms = [lp.row(-lp.infinity, len(problem.rooms)) for _ in range(slots)]
    seats = [lp.row(-lp.infinity, sum(room.capacity for room in problem.rooms)) for _ in range(slots)]
    # a line per kind of unit (category, alone in its room or sharing it) and direction: a unit
    # that moves right never walks left, and the other way round; a node's row keeps what
    # enters equal to what leaves; a unit alone in its room takes all of it, one sharing 1 / c
    sharing = _sharers(problem)
    kinds = sorted({(phase.get(u.name, -1), alone) for u in problem.units for alone in (True, not labels(u))})
    nodes: dict[tuple[int, bool, int], list[Any]] = {}
    lines: dict[tuple[int, bool, int], _Line] = {}
    for kind in kinds:
        first, last = window.get(kind[0], (0, slots - 1))
        weight = 1.0 if kind[1] else 1.0 / cap
        for side in (-1, 1):
            # (a unit enters and leaves its line inside its window: the line need not go further)
            row = nodes[(*kind, side)] = [lp.row(0, 0) if first <= t <= last else None for t in range(slots)]
            line = lines[(*kind, side)] = _Line(first, last, [], [])
            for t in range(first, last):
                tail, head = (t, t + 1) if side > 0 else (t + 1, t)
                line.steps.append(lp.var(1.0, ((row[tail], -1.0), (row[head], 1.0))).index())
            for t in range(first, last + 1):  # out of the line: the unit meets at t
                line.exits.append(lp.var(0.0, ((row[t], -1.0), (rooms[t], weight), (seats[t], 1.0))).index())
    budget = lp.row(-lp.infinity, others)
    unplaced: dict[tuple[int, bool], int] = defaultdict(int)
    stays: dict[str, Any] = {}
    moving: set[str] = set()  # units that move in every timetable with so few moves
    for unit in problem.units:
        name, r = unit.name, reference.get(unit.name)
        first, last = window.get(phase.get(name, -1), (0, slots - 1))
        if r is None or name in forced:
            moving.add(name)
        elif first <= r <= last and r not in blocked.get(name, frozenset()):
            weight = 1.0 / cap if labels(unit) else 1.0
            stays[name] = lp.var(0.0, ((rooms[r], weight), (seats[r], 1.0)), upper=1.0)
        else:  # outside its category's window: it moves, and that counts
            moving.add(name)
            budget.SetBounds(-lp.infinity, budget.ub() - 1)
    hosts: dict[str, Any] = {}
    ways: dict[str, list[_Way]] = {}
    for count, unit in enumerate(problem.units):
        if count % 256 == 0 and deadline is not None and deadline.expired():
            return None
        name = unit.name
        k = phase.get(name, -1)
        r = reference.get(name)
        mates = sharing.get(name)
        if r is None:  # anywhere in its window at no cost (through its kind's pool, below)
            unplaced[(k, not labels(unit))] += 1
            continue
        first, last = window.get(k, (0, slots - 1))
        away = blocked.get(name, frozenset())
        once = lp.row(1, 1)  # it stays, or meets somewhere else in one of the ways below
        own = ways[name] = []
        if name in stays:
            stays[name].SetBounds(0.0, 1.0)
            once.SetCoefficient(stays[name], 1.0)
            own.append((stays[name].index(), r, None))
        mover = name in stays
        counted = [(budget, 1.0)] if mover else []
        # with few units it may share with: sharing needs one of them to stay where it joins
        # it, or to move too
        joined: list[Any] = []
        if labels(unit) and mates is not None:
            for mate in mates:
                there = reference.get(mate)
                if mate not in stays or there is None or there == r or there in away or not first <= there <= last:
                    continue
                if mate not in hosts:  # a staying unit receives at most c - 1 units beside it
                    hosts[mate] = lp.row(-lp.infinity, 0.0)
                    hosts[mate].SetCoefficient(stays[mate], -(cap - 1.0))
                terms = [(once, 1.0), *counted, (rooms[there], 1.0 / cap), (seats[there], 1.0), (hosts[mate], 1.0)]
                own.append((lp.var(float(abs(there - r)), terms, upper=1.0).index(), there, None))
            if not any(m in moving for m in mates):
                shared_row = lp.row(-lp.infinity, float(sum(1 for m in mates if m in stays)))
                for m in mates:
                    if m in stays:
                        shared_row.SetCoefficient(stays[m], 1.0)
                joined.append(shared_row)
        near = 0 if mover else NEAR
        for side, span in ((-1, range(min(r - 1, last), first - 1, -1)), (1, range(max(r + 1, first), last + 1))):
            entered_shared = not labels(unit)
            for t in (t for t in span if t not in away):
                terms = [(once, 1.0), *counted]
                if not entered_shared:  # into the line of units sharing a room, at the nearest
                    entered_shared = True
                    way = lp.var(
                        float(abs(t - r)),
                        [*terms, (nodes[(k, False, side)][t], 1.0)] + [(j, 1.0) for j in joined],
                        upper=1.0,
                    )
                    own.append((way.index(), t, (k, False, side)))
                if near > 0:  # meets right there, alone in a room: a slot open to it
                    near -= 1
                    way = lp.var(float(abs(t - r)), [*terms, (rooms[t], 1.0), (seats[t], 1.0)], upper=1.0)
                    own.append((way.index(), t, None))
                    continue
                way = lp.var(float(abs(t - r)), [*terms, (nodes[(k, True, side)][t], 1.0)], upper=1.0)  # or further on
                own.append((way.index(), t, (k, True, side)))
                break
            near = 0 if mover else NEAR
    if budget.ub() < 0:
        return None  # more units must move than that
    for kind, count in unplaced.items():
        first, last = window.get(kind[0], (0, slots - 1))
        pool = lp.row(count, count)
        for t in range(first, last + 1):
            lp.var(0.0, ((pool, 1.0), (nodes[(*kind, 1)][t], 1.0)))
    if deadline is not None:
        left = deadline.remaining()
        if left <= 0:
            return None
        if math.isfinite(left):  # (``Deadline.unlimited``: no limit to set)
            solver.SetTimeLimit(max(1, int(left * 1000)))
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    bound = math.ceil(float(solver.Objective().Value()) - EPSILON)
    movers = frozenset(n for n, v in stays.items() if v.solution_value() < 1 - EPSILON)
    return Shifted(bound, movers, partial(Prices.of, solver, len(problem.units), lines, ways))


_Way = tuple[int, int, tuple[int, bool, int] | None]
"""One way a unit meets in the program: its variable, the slot (where it stays, meets directly or
enters a line) and the line it enters (``None``: it meets at that slot)."""


@dataclass(frozen=True)
class _Line:
    """A line's slots, its steps (``first`` to ``first + 1``... or back) and exits, by variable."""

    first: int
    last: int
    steps: list[int]
    exits: list[int]


SLACK = 1e-4
"""Added to the gap a place must fit in before it is ruled out (floating point)."""


@dataclass(frozen=True)
class Prices:
    """Reduced costs of the program's variables and the dual bound they give (docs/model.md,
    "Places no better timetable takes").

    For any duals ``y`` (their signs made right for each row's finite side) and ``d = c - A^T y``,
    every solution ``x`` of the program has ``c x = dual + (nonnegative terms)``: a row's slack
    times its dual, and ``d_j x_j`` (``d_j >= 0``) or ``-d_j (u_j - x_j)`` (``d_j < 0``, ``u_j``
    the variable's upper bound, the number of units where it has none). A unit's own terms (its
    stay and its ways) and its steps and exit along a line are among them, so a timetable in which
    a unit meets where those come to more than ``limit - dual`` has a displacement above ``limit``.
    """

    dual: float
    reduced: Any
    lines: Mapping[tuple[int, bool, int], _Line]
    ways: Mapping[str, list[_Way]]

    @classmethod
    def of(
        cls,
        solver: Any,
        units: int,
        lines: Mapping[tuple[int, bool, int], _Line],
        ways: Mapping[str, list[_Way]],
    ) -> Prices:
        """The prices of the program ``solver`` solved, at its duals, the reduced costs
        recomputed from the program's own coefficients (so that they hold whatever the engine's
        tolerances); ``units`` bounds every variable without a bound of its own."""
        import numpy as np
        from ortools.linear_solver import linear_solver_pb2

        infinity = solver.infinity()
        duals = np.array([row.dual_value() for row in solver.constraints()], dtype=float)
        program = linear_solver_pb2.MPModelProto()
        solver.ExportModelToProto(program)
        lower = np.array([row.lower_bound for row in program.constraint], dtype=float)
        upper = np.array([row.upper_bound for row in program.constraint], dtype=float)
        duals = np.where(lower <= -infinity, np.minimum(duals, 0.0), duals)
        duals = np.where(upper >= infinity, np.maximum(duals, 0.0), duals)
        reduced = np.array([var.objective_coefficient for var in program.variable], dtype=float)
        for i, row in enumerate(program.constraint):
            if duals[i]:
                reduced[list(row.var_index)] -= duals[i] * np.array(row.coefficient, dtype=float)
        tops = np.array([var.upper_bound for var in program.variable], dtype=float)
        tops = np.where(tops >= infinity, float(units), tops)
        dual = float(
            np.sum(np.where(duals > 0, duals * np.where(duals > 0, lower, 0.0), 0.0))
            + np.sum(np.where(duals < 0, duals * np.where(duals < 0, upper, 0.0), 0.0))
            + np.sum(np.where(reduced < 0, reduced * tops, 0.0))
        )
        return cls(dual, reduced, lines, ways)

    def limit(self, best: int, most: int) -> int | None:
        """The largest displacement limit, at most ``best``, whose places are at most ``most``
        (``None``: not even at the dual bound)."""
        low, high = math.ceil(self.dual - SLACK), best
        if low > high or self.costs(low, most) is None:
            return None
        if self.costs(high, most) is not None:
            return high
        while low < high:  # the places at low fit, and every limit above high is out of reach
            middle = (low + high + 1) // 2
            if self.costs(middle, most) is None:
                high = middle - 1
            else:
                low = middle
        return low

    def places(self, limit: int) -> dict[str, frozenset[int]]:
        """Unit -> the slots it may meet at in a timetable of displacement at most ``limit`` (with
        at most the program's moves); units without a reference slot are not named (anywhere)."""
        costs = self.costs(limit)
        assert costs is not None
        return {name: frozenset(slots) for name, slots in costs.items()}

    def costs(self, limit: int, most: int | None = None) -> dict[str, dict[int, float]] | None:
        """:meth:`places`, each slot with the least of the unit's terms there: a timetable's
        displacement is at least :attr:`dual` plus the sum of its units' costs at their slots.
        ``None`` when the places are more than ``most``."""
        import numpy as np

        gap = limit - self.dual + SLACK
        up = np.maximum(self.reduced, 0.0)
        down = np.maximum(-self.reduced, 0.0)
        walks = {}
        for key, line in self.lines.items():
            steps = np.concatenate(([0.0], np.cumsum(up[line.steps]))) if line.steps else np.zeros(1)
            walks[key] = (line, steps, up[line.exits])
        out: dict[str, dict[int, float]] = {}
        total = 0
        for name, own in self.ways.items():
            base = float(sum(down[v] for v, _, _ in own))
            kept: dict[int, float] = {}
            for v, t, way in own:
                cost = base - down[v] + up[v]
                if cost > gap:
                    continue
                if way is None:
                    kept[t] = min(cost, kept.get(t, cost))
                    continue
                line, steps, exits = walks[way]
                at = t - line.first
                if way[2] > 0:  # rightward: from t to any slot after it
                    price = cost + steps[at : len(exits)] - steps[at] + exits[at:]
                    for i in np.flatnonzero(price <= gap):
                        kept[int(i) + t] = min(float(price[i]), kept.get(int(i) + t, math.inf))
                else:
                    price = cost + steps[at] - steps[: at + 1] + exits[: at + 1]
                    for i in np.flatnonzero(price <= gap):
                        kept[int(i) + line.first] = min(float(price[i]), kept.get(int(i) + line.first, math.inf))
            out[name] = kept
            total += len(kept)
            if most is not None and total > most:
                return None
        return out


SHARERS = 16
"""Units a unit may share with, at most, for its sharing to be tied to theirs in the program
(more: it may share anywhere, as if someone it may share with were always there)."""


def _sharers(problem: Problem) -> dict[str, list[str]]:
    """Unit -> the units it may share a room with, where they are at most :data:`SHARERS`."""
    by_label: dict[str, list[Unit]] = defaultdict(list)
    for unit in problem.units:
        for label in labels(unit):
            by_label[label].append(unit)
    out: dict[str, list[str]] = {}
    for unit in problem.units:
        if any(len(by_label[label]) > SHARERS + 1 for label in labels(unit)):
            continue  # more than SHARERS others in one label alone (one label of 3,333 units: 0.7 s to list them)
        near = {o.name: o for label in labels(unit) for o in by_label[label] if o.name != unit.name}
        if len(near) <= SHARERS:
            out[unit.name] = sorted(n for n, o in near.items() if allows(problem, (unit, o)))
    return out


class _Program:
    """A linear program written row by row through OR-Tools' own calls (its operator
    overloading costs three times the solve at 5,000 units)."""

    def __init__(self, solver: Any) -> None:
        self.solver = solver
        self.infinity = solver.infinity()
        self.objective = solver.Objective()
        self.objective.SetMinimization()

    def row(self, lower: float, upper: float) -> Any:
        return self.solver.Constraint(lower, upper)

    def var(self, cost: float, terms: Iterable[tuple[Any, float]], upper: float | None = None) -> Any:
        var = self.solver.NumVar(0.0, self.infinity if upper is None else upper, "")
        if cost:
            self.objective.SetCoefficient(var, cost)
        for row, coefficient in terms:
            row.SetCoefficient(var, coefficient)
        return var
