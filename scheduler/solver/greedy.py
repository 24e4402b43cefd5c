"""A first-fit timetable: fast, deterministic, and the fallback when the solver is out of time.

Units are placed one by one (units with a fixed start first, units that follow
each other as one chain, then phase by phase in table order) into the earliest
slot where they fit, joining a group they may share with before opening a new
room. With ``prefer`` it first keeps every unit it can at its preferred slot
(repairing a published timetable). The result is checked by the checker like any other.

The greedy re-implements no rule: it asks the rules (:mod:`scheduler.rules.registry`)
for the starts they forbid, the groups they allow, the seats a slot's rooms give,
which units follow which (``linked``), which starts are fixed (``pinned``) and
the phases units meet in (``category-order``). What stays here is the placing
strategy itself: packing phase by phase is how a compact timetable is built, so
the greedy's structure follows the phases the rules give it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from scheduler.domain import Problem, Unit, labels
from scheduler.rules.base import Rule
from scheduler.rules.registry import RULES, allows, blocked_slots, fixed_starts, follows, phases, seating
from scheduler.solver.rooms import SlotGroups


def chains(problem: Problem, rules: Sequence[Rule] = RULES) -> list[list[str]]:
    """Units that follow each other as chains (first, then, then...), plus every other unit
    alone, in table order."""
    successor = dict(follows(problem, rules))
    followers = set(successor.values())
    out = []
    for unit in problem.units:
        if unit.name in followers:
            continue
        chain = [unit.name]
        while chain[-1] in successor:
            chain.append(successor[chain[-1]])
        out.append(chain)
    return out


class _State:
    def __init__(self, problem: Problem, rules: Sequence[Rule]) -> None:
        self.problem = problem
        self.rules = rules
        self.blocked = blocked_slots(problem, rules)
        self.phase = phases(problem, rules)
        self.fits = seating(rules)
        self.slots: list[list[list[Unit]]] = [[] for _ in problem.calendar.slots]
        self.where: dict[str, int] = {}
        self.used: dict[int, list[int]] = defaultdict(list)
        """Category rank -> the slots its units occupy so far."""
        self._span: dict[int, tuple[int, int]] = {}
        """Category rank -> (first, last) slot of ``used``, kept up to date."""
        self._allowed: dict[tuple[str, ...], bool] = {}
        self.full = [False] * len(problem.calendar)
        """Slot -> no room is free (a unit can only join a group there)."""
        by_label: dict[str, list[str]] = defaultdict(list)
        for unit in problem.units:
            for label in labels(unit):
                by_label[label].append(unit.name)
        self.mates: dict[str, set[str]] = defaultdict(set)
        """Unit -> the units it shares a parallel-group label with (the only ones it may join)."""
        for members in by_label.values():
            for name in members:
                self.mates[name].update(m for m in members if m != name)

    def rank(self, unit: Unit) -> int | None:
        return self.phase.get(unit.name)

    def allowed(self, members: Sequence[Unit]) -> bool:
        """Whether every rule lets ``members`` share a room (asked once per set of units)."""
        key = tuple(u.name for u in members)
        found = self._allowed.get(key)
        if found is None:
            found = self._allowed[key] = allows(self.problem, members, self.rules)
        return found

    def order_ok(self, unit: Unit, t: int) -> bool:
        k = self.rank(unit)
        if k is None:
            return True
        for other, (first, last) in self._span.items():
            if other < k and last >= t:
                return False
            if other > k and first <= t:
                return False
        return True

    def _update_span(self, k: int) -> None:
        used = self.used[k]
        if used:
            self._span[k] = (min(used), max(used))
        else:
            self._span.pop(k, None)

    def target(self, unit: Unit, t: int) -> list[Unit] | None:
        """The group ``unit`` can join in slot ``t`` (a new empty one if it opens a room)."""
        if t in self.blocked.get(unit.name, ()) or not self.order_ok(unit, t):
            return None
        if self.full[t] and not any(self.where.get(m) == t for m in self.mates.get(unit.name, ())):
            return None
        groups = self.slots[t]
        sizes = [len(g) for g in groups]
        for i, group in enumerate(groups):
            candidate = group + [unit]
            if self.allowed(candidate) and self.fits(sizes[:i] + [len(candidate)] + sizes[i + 1 :], self.problem.rooms):
                return group
        if self.fits(sizes + [1], self.problem.rooms):
            new: list[Unit] = []
            return new
        return None

    def place(self, unit: Unit, t: int) -> bool:
        group = self.target(unit, t)
        if group is None:
            return False
        if not group:
            self.slots[t].append(group)
        group.append(unit)
        self._placed(unit, t)
        return True

    def put(self, units: Sequence[Unit], t: int) -> None:
        """Open a room in slot ``t`` for ``units`` (the caller knows it is allowed and free)."""
        self.slots[t].append(list(units))
        for unit in units:
            self._placed(unit, t)

    def _placed(self, unit: Unit, t: int) -> None:
        self.where[unit.name] = t
        self._refresh(t)
        k = self.rank(unit)
        if k is not None:
            self.used[k].append(t)
            first, last = self._span.get(k, (t, t))
            self._span[k] = (min(first, t), max(last, t))

    def _refresh(self, t: int) -> None:
        self.full[t] = not self.fits([len(g) for g in self.slots[t]] + [1], self.problem.rooms)

    def remove(self, unit: Unit) -> None:
        t = self.where.pop(unit.name)
        for group in self.slots[t]:
            if unit in group:
                group.remove(unit)
                if not group:
                    self.slots[t].remove(group)
                break
        self._refresh(t)
        k = self.rank(unit)
        if k is not None:
            self.used[k].remove(t)
            self._update_span(k)

    def place_chain(self, chain: list[str], t: int | None) -> bool:
        calendar = self.problem.calendar
        placed: list[Unit] = []
        for name in chain:
            unit = self.problem.unit(name)
            if t is None or not self.place(unit, t):
                for done in placed:
                    self.remove(done)
                return False
            placed.append(unit)
            t = calendar.next_slot(t)
        return True


def _head_slot(problem: Problem, chain: list[str], member: int, t: int | None) -> int | None:
    """The chain's first slot when its ``member``-th unit is at ``t``."""
    for _ in range(member):
        if t is None:
            return None
        t = problem.calendar.previous_slot(t)
    return t


def first_fit(
    problem: Problem, prefer: Mapping[str, int] | None = None, rules: Sequence[Rule] = RULES
) -> SlotGroups | None:
    """A valid timetable as slot -> groups, or ``None`` if first-fit gets stuck."""
    state = _State(problem, rules)
    calendar = problem.calendar
    pinned = {unit: calendar.index(start) for unit, start in fixed_starts(problem, rules).items()}
    todo = chains(problem, rules)

    rest = []
    for chain in todo:
        pins = [(i, pinned[n]) for i, n in enumerate(chain) if n in pinned]
        if not pins:
            rest.append(chain)
            continue
        heads = {_head_slot(problem, chain, i, t) for i, t in pins}
        if len(heads) != 1 or not state.place_chain(chain, heads.pop()):
            return None

    def rank(name: str) -> int:
        return state.phase.get(name, -1)

    # Phase by phase (units outside the order first): with ``prefer``, every
    # chain that can keeps its preferred slot, then the others go first-fit. Taking
    # one category at a time lets a unit that must move push the next category's
    # first units out of its way instead of getting stuck.
    rest.sort(key=lambda chain: (rank(chain[0]), problem.position(chain[0])))
    by_rank: dict[int, list[list[str]]] = defaultdict(list)
    for chain in rest:
        by_rank[rank(chain[0])].append(chain)
    for k, todo_k in sorted(by_rank.items()):
        waiting = todo_k
        if prefer:
            waiting = []
            for chain in todo_k:
                heads = {_head_slot(problem, chain, i, prefer.get(n)) for i, n in enumerate(chain)}
                if len(heads) == 1 and None not in heads and state.place_chain(chain, heads.pop()):
                    continue
                waiting.append(chain)
        earlier = [last for other, (_, last) in state._span.items() if 0 <= other < k]
        start = max((last + 1 for last in earlier), default=0)
        for chain in waiting:
            if not any(state.place_chain(chain, t) for t in range(start, len(calendar))):
                return None

    return {t: [tuple(g) for g in groups] for t, groups in enumerate(state.slots) if groups}


def packed(problem: Problem, rules: Sequence[Rule] = RULES) -> SlotGroups | None:
    """A compact timetable: each category packed into the fewest slots, in category order.

    Units sharing a parallel-group label are merged into groups (as many as the
    smallest room holds, where they have an hour in common); linked chains are placed
    first-fit. The groups of a category then go into the slots after the previous
    category by bipartite matching with augmenting paths (each slot takes as many
    groups as it has free rooms), widening the window one slot at a time until every
    group has a slot. Given the groups and the chains, each category thus ends as early
    as it can, so the result often meets the counting bound and needs no solver.
    ``None`` (use :func:`first_fit`) for units with a fixed start or when it gets stuck.
    """
    if fixed_starts(problem, rules):
        return None
    state = _State(problem, rules)
    size = min(r.capacity for r in problem.rooms)
    horizon = len(problem.calendar)
    free = max(state.phase.values(), default=-1) + 1  # units without a phase go last

    def rank(name: str) -> int:
        return state.phase.get(name, free)

    classes: dict[int, list[list[str]]] = defaultdict(list)
    for chain in chains(problem, rules):
        classes[rank(chain[0])].append(chain)
    for k in sorted(classes):
        ordered = k < free
        start = max((last + 1 for other, (_, last) in state._span.items() if other < k), default=0) if ordered else 0
        singles: list[Unit] = []
        for chain in classes[k]:
            if len(chain) == 1:
                singles.append(problem.unit(chain[0]))
            elif not any(state.place_chain(chain, t) for t in range(start, horizon)):
                return None
        groups = _merge(state, singles, size, start)
        if groups is None:
            return None
        rooms_free = [len(problem.rooms) - len(state.slots[t]) for t in range(horizon)]
        slot_of = _match(groups, rooms_free, start)
        if slot_of is None:
            return None
        for (members, _), t in zip(groups, slot_of, strict=True):
            state.put(members, t)
    return {t: [tuple(g) for g in groups] for t, groups in enumerate(state.slots) if groups}


def _merge(state: _State, units: list[Unit], size: int, start: int) -> list[tuple[list[Unit], list[int]]] | None:
    """Units as groups (label-mates together, up to ``size``), each with its free slots from ``start``."""
    horizon = len(state.problem.calendar)
    free = {u.name: [t for t in range(start, horizon) if t not in state.blocked.get(u.name, ())] for u in units}
    here = {u.name for u in units}
    done: set[str] = set()
    out: list[tuple[list[Unit], list[int]]] = []
    for unit in units:
        if unit.name in done:
            continue
        members = [unit]
        common = set(free[unit.name])
        for mate in sorted((state.mates.get(unit.name, set()) & here) - done, key=state.problem.position):
            if len(members) == size:
                break
            other = state.problem.unit(mate)
            both = common.intersection(free[mate])
            if both and mate not in {m.name for m in members} and state.allowed([*members, other]):
                members.append(other)
                common = both
        done.update(m.name for m in members)
        if not common:
            return None
        out.append((members, sorted(common)))
    return out


def _match(groups: list[tuple[list[Unit], list[int]]], rooms_free: list[int], start: int) -> list[int] | None:
    """A slot for every group, each slot within its free rooms, ending as early as possible."""
    horizon = len(rooms_free)
    load = [0] * horizon
    members_at: dict[int, list[int]] = defaultdict(list)
    slot_of = [-1] * len(groups)
    end = start
    capacity = 0
    while end < horizon and capacity < len(groups):
        capacity += rooms_free[end]
        end += 1

    def assign(g: int, t: int) -> None:
        old = slot_of[g]
        if old >= 0:
            load[old] -= 1
            members_at[old].remove(g)
        slot_of[g] = t
        load[t] += 1
        members_at[t].append(g)

    def augment(g: int) -> bool:
        """Breadth-first search for an alternating path from ``g`` to a slot with a free room."""
        parent: dict[int, tuple[int, int]] = {}
        queue: list[int] = []
        for t in groups[g][1]:
            if t >= end:
                break
            if t not in parent:
                parent[t] = (g, -1)
                queue.append(t)
        for t in queue:
            if load[t] < rooms_free[t]:
                while t >= 0:
                    mover, previous = parent[t]
                    assign(mover, t)
                    t = previous
                return True
            for h in members_at[t]:
                for u in groups[h][1]:
                    if u >= end:
                        break
                    if u not in parent:
                        parent[u] = (h, t)
                        queue.append(u)
        return False

    order = sorted(range(len(groups)), key=lambda g: len(groups[g][1]))
    waiting = []
    for g in order:
        t = next((t for t in groups[g][1] if t < end and load[t] < rooms_free[t]), None)
        if t is None:
            waiting.append(g)
        else:
            assign(g, t)
    while waiting:
        waiting = [g for g in waiting if not augment(g)]
        if waiting:
            if end == horizon:
                return None
            end += 1
    return slot_of
