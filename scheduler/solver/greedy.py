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

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence

from scheduler.domain import Problem, Unit, labels
from scheduler.rules.base import Rule
from scheduler.rules.registry import RULES, allows, blocked_slots, fixed_starts, follows, phases, seating
from scheduler.solver.deadline import Deadline
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
        self.used: dict[int, Counter[int]] = defaultdict(Counter)
        """Category rank -> how many of its units each slot holds so far."""
        self._span: dict[int, tuple[int, int]] = {}
        """Category rank -> (first, last) slot of ``used``, kept up to date."""
        self._allowed: dict[tuple[str, ...], bool] = {}
        self.full = [False] * len(problem.calendar)
        """Slot -> no room is free (a unit can only join a group there)."""
        self.open = _OpenSlots(len(problem.calendar))
        """The slots with a free room, found without walking past the full ones."""
        self.largest = problem.max_capacity
        self.joinable: dict[str, set[int]] = defaultdict(set)
        """Label -> slots holding a group with that label and a seat to spare (another unit may join)."""
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

    def _update_span(self, k: int, t: int) -> None:
        """Slot ``t`` lost a unit of rank ``k``: the span changes only if ``t`` was an end of it."""
        used = self.used[k]
        if used[t] > 0:
            return
        del used[t]
        first, last = self._span[k]
        if not used:
            self._span.pop(k, None)
        elif t in (first, last):
            self._span[k] = (min(used), max(used))

    def candidates(self, unit: Unit, start: int, near: int | None = None, stop: int | None = None) -> Iterator[int]:
        """The slots from ``start`` on where ``unit`` might go, in order (nearest to ``near``
        first, when given, among the slots up to ``stop``; then the rest in order): those with
        a free room and those with a group of its labels with a seat to spare. Full slots are
        skipped without being looked at, so placing every unit costs about as much as the
        slots it actually tries (not all the slots before them)."""
        joinable = sorted({t for label in labels(unit) for t in self.joinable.get(label, ()) if t >= start})
        if near is None or stop is None or stop < start:
            yield from _merged(self.open.after(start), iter(joinable))
            return
        near = min(max(near, start), stop)
        later = itertools.takewhile(
            lambda t: t <= stop, _merged(self.open.after(near), iter(t for t in joinable if t >= near))
        )
        earlier = _merged(self.open.before(near - 1, start), iter(reversed([t for t in joinable if t < near])), -1)
        yield from _nearest(near, later, earlier)
        yield from _merged(self.open.after(stop + 1), iter(t for t in joinable if t > stop))

    def target(self, unit: Unit, t: int) -> list[Unit] | None:
        """The group ``unit`` can join in slot ``t`` (a new empty one if it opens a room)."""
        if t in self.blocked.get(unit.name, ()) or not self.order_ok(unit, t):
            return None
        if self.full[t] and not any(t in self.joinable.get(label, ()) for label in labels(unit)):
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
            self.used[k][t] += 1
            first, last = self._span.get(k, (t, t))
            self._span[k] = (min(first, t), max(last, t))

    def _refresh(self, t: int, gone: frozenset[str] = frozenset()) -> None:
        """Slot ``t`` changed: whether it is full, and which labels may still join a group there
        (``gone``: the labels of a unit that just left it)."""
        self.full[t] = not self.fits([len(g) for g in self.slots[t]] + [1], self.problem.rooms)
        self.open.set(t, not self.full[t])
        spare: set[str] = set()
        for group in self.slots[t]:
            if group and len(group) < self.largest:
                spare |= frozenset.intersection(*(labels(u) for u in group))
        for label in gone | {label for g in self.slots[t] for u in g for label in labels(u)}:
            if label in spare:
                self.joinable[label].add(t)
            else:
                self.joinable[label].discard(t)

    def remove(self, unit: Unit) -> None:
        t = self.where.pop(unit.name)
        for group in self.slots[t]:
            if unit in group:
                group.remove(unit)
                if not group:
                    self.slots[t].remove(group)
                break
        self._refresh(t, labels(unit))
        k = self.rank(unit)
        if k is not None:
            self.used[k][t] -= 1
            self._update_span(k, t)

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


class _OpenSlots:
    """Which slots have a free room, in blocks, so the next (or previous) one is found by
    skipping whole full blocks: near-constant work per query instead of a walk over every
    full slot (with one room and 5,000 units, that walk made first-fit quadratic)."""

    BLOCK = 64

    def __init__(self, slots: int) -> None:
        self.is_open = [True] * slots
        self.count = [min(self.BLOCK, slots - b) for b in range(0, slots, self.BLOCK)]

    def set(self, t: int, is_open: bool) -> None:
        if self.is_open[t] != is_open:
            self.is_open[t] = is_open
            self.count[t // self.BLOCK] += 1 if is_open else -1

    def after(self, t: int) -> Iterator[int]:
        """The open slots from ``t`` on, in order (reflecting changes made while iterating)."""
        size = len(self.is_open)
        while t < size:
            if self.count[t // self.BLOCK] == 0:
                t = (t // self.BLOCK + 1) * self.BLOCK
                continue
            if self.is_open[t]:
                yield t
            t += 1

    def before(self, t: int, stop: int) -> Iterator[int]:
        """The open slots from ``t`` down to ``stop``, latest first."""
        while t >= stop:
            if self.count[t // self.BLOCK] == 0:
                t = (t // self.BLOCK) * self.BLOCK - 1
                continue
            if self.is_open[t]:
                yield t
            t -= 1


def _merged(a: Iterator[int], b: Iterator[int], step: int = 1) -> Iterator[int]:
    """Two sorted streams of slots as one, without repeats (``step=-1``: both descending)."""
    x, y = next(a, None), next(b, None)
    while x is not None or y is not None:
        if y is None or (x is not None and x * step <= y * step):
            if x != y:
                yield x  # type: ignore[misc]
            x = next(a, None)
        else:
            yield y
            y = next(b, None)


def _nearest(near: int, later: Iterator[int], earlier: Iterator[int]) -> Iterator[int]:
    """Slots from two streams (ascending from ``near``, descending below it) by distance to ``near``."""
    x, y = next(later, None), next(earlier, None)
    while x is not None or y is not None:
        if y is None or (x is not None and x - near <= near - y):
            yield x  # type: ignore[misc]
            x = next(later, None)
        else:
            yield y
            y = next(earlier, None)


def _head_slot(problem: Problem, chain: list[str], member: int, t: int | None) -> int | None:
    """The chain's first slot when its ``member``-th unit is at ``t``."""
    for _ in range(member):
        if t is None:
            return None
        t = problem.calendar.previous_slot(t)
    return t


def first_fit(
    problem: Problem,
    prefer: Mapping[str, int] | None = None,
    rules: Sequence[Rule] = RULES,
    eject: bool = True,
    deadline: Deadline | None = None,
) -> SlotGroups | None:
    """A valid timetable as slot -> groups, or ``None`` if first-fit gets stuck.

    ``eject``: a unit that finds no place in its category may move on one that keeps its
    preferred slot (:func:`_eject`), up to :data:`EJECT_BUDGET` tries, and only while less
    than half of ``deadline``'s time is gone (nothing else here waits on a clock)."""
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

    fixed = set(pinned) | {name for chain in todo if len(chain) > 1 for name in chain}
    """Units that are never moved on to make room for another: pinned or chained."""
    budget = _Budget(EJECT_BUDGET, deadline)
    # Phase by phase (units outside the order first): with ``prefer``, every
    # chain that can keeps its preferred slot, then the others go first-fit. Taking
    # one category at a time lets a unit that must move push the next category's
    # first units out of its way instead of getting stuck.
    rest.sort(key=lambda chain: (rank(chain[0]), problem.position(chain[0])))
    by_rank: dict[int, list[list[str]]] = defaultdict(list)
    for chain in rest:
        by_rank[rank(chain[0])].append(chain)
    first_wish: dict[int, int] = {}
    """Rank -> the earliest preferred slot of its units: where a later category means to start."""
    for chain in rest:
        wanted = prefer.get(chain[0]) if prefer else None
        if wanted is not None:
            first_wish[rank(chain[0])] = min(first_wish.get(rank(chain[0]), wanted), wanted)
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
        later = [t for r, t in first_wish.items() if r > k] if k >= 0 else []
        window = (start, min(later) - 1 if later else len(calendar) - 1)
        moved: list[str] = []
        """Units of this phase placed away from their preferred slot, one by one."""
        for chain in waiting:
            if not _place_away(state, chain, window, prefer, moved, fixed if eject else None, budget):
                return None

    return {t: [tuple(g) for g in groups] for t, groups in enumerate(state.slots) if groups}


def _place_away(
    state: _State,
    chain: list[str],
    window: tuple[int, int],
    prefer: Mapping[str, int] | None,
    moved: list[str],
    fixed: set[str] | None,
    budget: _Budget,
) -> bool:
    """Place a chain that could not keep its preferred slot (or had none): as near to it as it
    can before the next category means to start (``window``: a small move that pushes no
    later unit aside); failing that, in the slot of a unit moved before it, or (``fixed``
    given: who may not be moved on) of a unit still at its own slot, which moves on; else
    first-fit, past where the next category means to start. ``False`` if stuck."""
    start, stop = window
    wish = prefer.get(chain[0]) if prefer else None
    head = state.problem.unit(chain[0])
    beyond: list[int] = []
    tries = state.candidates(head, start, wish, stop)
    if any(state.place_chain(chain, t) for t in _upto(tries, stop, beyond)):
        moved.extend(chain if len(chain) == 1 else ())
        return True
    if (
        prefer is not None
        and len(chain) == 1
        and (
            _make_room(state, head, moved, window, prefer, set())
            or (fixed is not None and _eject(state, head, moved, window, prefer, fixed, budget))
        )
    ):
        moved.append(head.name)
        return True
    return any(state.place_chain(chain, t) for t in itertools.chain(beyond, tries))


def _make_room(
    state: _State,
    unit: Unit,
    moved: list[str],
    window: tuple[int, int],
    prefer: Mapping[str, int],
    seen: set[str],
    budget: int | None = None,
) -> bool:
    """Place ``unit``, which found no slot, where a unit moved earlier in its phase sits, and
    move that one on, to a free slot or (in turn) where another moved unit sits: an
    augmenting path, as in a bipartite matching. First-fit hands the free seats out one
    unit at a time, nearest first, so a unit that can go in few places may find them taken
    by units that could have gone elsewhere. Only units that move anyway are moved again:
    no unit is added to the moves. ``False``, with the state unchanged, when no path exists."""
    wish = prefer.get(unit.name, window[0])
    blocked = state.blocked.get(unit.name, frozenset())
    spots = {state.where[m] for m in moved if m not in seen} - blocked
    for t in sorted(spots, key=lambda t: (abs(t - wish), t)):
        for name in [m for m in moved if m not in seen and state.where.get(m) == t]:
            if budget is not None and len(seen) >= budget:
                return False
            other = state.problem.unit(name)
            state.remove(other)
            if state.place(unit, t):
                seen.add(name)
                if _nearby(state, other, window, prefer.get(name)):
                    return True
                if _make_room(state, other, moved, window, prefer, seen, budget):
                    return True
                state.remove(unit)
            if not state.place(other, t):
                raise AssertionError("a unit could not go back to the slot it just left")
    return False


EJECT_TRIES = 256
"""Units still at their preferred slot a stuck unit tries to move on, nearest first."""
EJECT_BUDGET = 1024
"""The same, for the whole timetable: a bound on the time it adds to the greedy (about 0.5 ms a
try on a 5,000-unit table: up to a second, where the greedy alone takes 0.1-0.4 s)."""
PATH_BUDGET = 8
"""Moved units an augmenting path for a unit moved on (:func:`_eject`) may pass through."""


class _Budget:
    """How many more units still at their preferred slot may be tried (:func:`_eject`), in all."""

    def __init__(self, tries: int, deadline: Deadline | None) -> None:
        self.tries, self.deadline = tries, deadline

    def spend(self) -> bool:
        """One try spent; ``False`` once none is left or half the deadline's time is gone."""
        self.tries -= 1
        late = self.deadline is not None and self.deadline.remaining() < self.deadline.elapsed()
        return self.tries > 0 and not late


def _upto(slots: Iterator[int], stop: int, beyond: list[int]) -> Iterator[int]:
    """``slots`` up to ``stop``; the first one past it is kept in ``beyond``."""
    for t in slots:
        if t > stop:
            beyond.append(t)
            return
        yield t


def _nearby(state: _State, unit: Unit, window: tuple[int, int], wish: int | None) -> bool:
    """Place ``unit`` in a free place within ``window``, nearest ``wish`` first."""
    return any(state.place(unit, t) for t in _upto(state.candidates(unit, window[0], wish, window[1]), window[1], []))


class _Ways:
    """Where units moved on within a window can end up: the free places (a free room, a
    label-mate's spare seat) and the moved units from which a path of moves leads to one,
    found backwards from the free places. Availability is all it looks at (sharing and the
    order are left to placing), so it never rules out a path that exists: it rules out at
    once the units that could go nowhere, most of them when the window is full."""

    def __init__(self, state: _State, moved: list[str], window: tuple[int, int]) -> None:
        self.state, self.window = state, window
        start, stop = window
        self.free = list(itertools.takewhile(lambda t: t <= stop, state.open.after(start)))
        exits: set[int] = set()
        found: set[str] = set()
        reached = {m for m in moved if self.free_for(m)}
        while reached:
            found |= reached
            exits |= {state.where[m] for m in reached}
            reached = {m for m in moved if m not in found and exits - self._barred(m)}
        self.exits = exits
        self.movers = [m for m in moved if m in found]
        """The moved units a path may pass through, in the order they moved."""

    def _barred(self, name: str) -> frozenset[int]:
        return self.state.blocked.get(name, frozenset())

    def free_for(self, name: str) -> bool:
        """Whether a free room or a label-mate's spare seat in the window is open to ``name``."""
        barred = self._barred(name)
        if any(t not in barred for t in self.free):
            return True
        start, stop = self.window
        seats = (t for label in labels(self.state.problem.unit(name)) for t in self.state.joinable.get(label, ()))
        return any(start <= t <= stop and t not in barred for t in seats)

    def hopeful(self, name: str) -> bool:
        """Whether ``name`` could end up somewhere free, directly or along a path."""
        return self.free_for(name) or bool(self.exits - self._barred(name))


def _eject(
    state: _State,
    unit: Unit,
    moved: list[str],
    window: tuple[int, int],
    prefer: Mapping[str, int],
    fixed: set[str],
    budget: _Budget,
) -> bool:
    """Place ``unit`` where a unit still at its preferred slot sits alone, and move that one on,
    within ``window`` (one move more): better than a slot past the window, which pushes
    every unit of the next category up to it aside. ``False``, state unchanged, if none can."""
    start, stop = window
    wish = prefer.get(unit.name, start)
    blocked = state.blocked.get(unit.name, frozenset())
    away = set(moved)
    ways = _Ways(state, moved, window)
    tried = 0
    for t in sorted(range(start, stop + 1), key=lambda t: (abs(t - wish), t)):
        if t in blocked or not state.order_ok(unit, t):
            continue
        for other in [g[0] for g in state.slots[t] if len(g) == 1]:
            if other.name in fixed or other.name in away:
                continue
            if not ways.hopeful(other.name):
                continue
            tried += 1
            state.remove(other)
            if state.place(unit, t):
                if _nearby(state, other, window, prefer.get(other.name)) or _make_room(
                    state, other, ways.movers, window, prefer, set(), PATH_BUDGET
                ):
                    moved.append(other.name)
                    return True
                state.remove(unit)
            if not state.place(other, t):
                raise AssertionError("a unit could not go back to the slot it just left")
            if tried >= EJECT_TRIES or not budget.spend():
                return False
    return False


def packed(problem: Problem, rules: Sequence[Rule] = RULES) -> SlotGroups | None:
    """A compact timetable: each category packed into the fewest slots, in category order.

    Units sharing a parallel-group label are merged into groups (as many as the
    smallest room holds, where they have an hour in common); linked chains are placed
    first-fit. The groups of a category then go into the slots after the previous
    category by bipartite matching with augmenting paths (each slot takes as many
    groups as it has free rooms), widening the window one slot at a time until every
    group has a slot. Given the groups and the chains, each category thus ends as early
    as it can, so the result often meets the counting bound and needs no solver.
    Units with a fixed start (pins) and their chains are placed first, where they must be;
    each category is then packed around them, before the first slot a later category holds.
    ``None`` (use :func:`first_fit`) when it gets stuck.
    """
    state = _State(problem, rules)
    size = min(r.capacity for r in problem.rooms)
    horizon = len(problem.calendar)
    free = max(state.phase.values(), default=-1) + 1  # units without a phase go last

    def rank(name: str) -> int:
        return state.phase.get(name, free)

    fixed = {unit: problem.calendar.index(start) for unit, start in fixed_starts(problem, rules).items()}
    classes: dict[int, list[list[str]]] = defaultdict(list)
    for chain in chains(problem, rules):
        pins = {_head_slot(problem, chain, i, fixed[n]) for i, n in enumerate(chain) if n in fixed}
        if not pins:
            classes[rank(chain[0])].append(chain)
        elif len(pins) != 1 or not state.place_chain(chain, pins.pop()):
            return None
    for k in sorted(classes):
        ordered = k < free
        start = max((last + 1 for other, (_, last) in state._span.items() if other < k), default=0) if ordered else 0
        # a later category's pinned units already hold slots: this one must end before them
        end = (
            min((first for other, (first, _) in state._span.items() if other > k), default=horizon)
            if ordered
            else horizon
        )
        singles: list[Unit] = []
        for chain in classes[k]:
            if len(chain) == 1:
                singles.append(problem.unit(chain[0]))
            elif not any(state.place_chain(chain, t) for t in state.candidates(problem.unit(chain[0]), start)):
                return None
        groups = _merge(state, _join_placed(state, singles, start, end), size, start)
        if groups is None:
            return None
        rooms_free = [len(problem.rooms) - len(state.slots[t]) if t < end else 0 for t in range(horizon)]
        slot_of = _match(groups, rooms_free, start)
        if slot_of is None:
            return None
        for (members, _), t in zip(groups, slot_of, strict=True):
            state.put(members, t)
    return {t: [tuple(g) for g in groups] for t, groups in enumerate(state.slots) if groups}


def _join_placed(state: _State, units: list[Unit], start: int, end: int) -> list[Unit]:
    """Units whose label-mate is already placed (pinned, or in a chain) with a seat to spare join
    it, each saving a room; the others are returned, to be packed."""
    left = []
    for unit in units:
        slots = sorted({t for label in labels(unit) for t in state.joinable.get(label, ()) if start <= t < end})
        if not any(state.target(unit, t) and state.place(unit, t) for t in slots):
            left.append(unit)
    return left


def _merge(state: _State, units: list[Unit], size: int, start: int) -> list[tuple[list[Unit], frozenset[int]]] | None:
    """Units as groups (label-mates together, up to ``size``), each with the slots it may not use.

    A group's possible slots are every slot from ``start`` on but these: kept as the
    (small) set of exceptions, never as the list of every slot (5,000 units times
    5,000 slots was over a gigabyte)."""
    horizon = len(state.problem.calendar)

    def free_count(blocked: frozenset[int]) -> bool:
        """Whether some slot from ``start`` on is not in ``blocked`` (found within a few steps:
        a unit is rarely unavailable for long)."""
        return any(t not in blocked for t in range(start, horizon))

    none: frozenset[int] = frozenset()
    here = {u.name for u in units}
    done: set[str] = set()
    out: list[tuple[list[Unit], frozenset[int]]] = []
    for unit in units:
        if unit.name in done:
            continue
        members = [unit]
        common = state.blocked.get(unit.name, none)
        for mate in sorted((state.mates.get(unit.name, set()) & here) - done, key=state.problem.position):
            if len(members) == size:
                break
            other = state.problem.unit(mate)
            both = common | state.blocked.get(mate, none)
            if free_count(both) and mate not in {m.name for m in members} and state.allowed([*members, other]):
                members.append(other)
                common = both
        done.update(m.name for m in members)
        if not free_count(common):
            return None
        out.append((members, common))
    return out


# Long: the union-find, the assignment and the augmenting search share the matching's state (loads,
# members per slot, the window); split apart they would pass all of it around on every call.
def _match(groups: list[tuple[list[Unit], frozenset[int]]], rooms_free: list[int], start: int) -> list[int] | None:
    """A slot for every group, each slot within its free rooms, ending as early as possible.

    Groups go, most restricted first, to the first slot with a free room they may use (a
    union-find over full slots finds it without walking past them); a group left over
    then takes an augmenting path (breadth first, stopping at the first slot with room to
    spare), and the window grows by one slot only when none exists.
    """
    horizon = len(rooms_free)
    if sum(rooms_free[start:]) < len(groups):
        return None  # fewer free rooms than groups whatever the window: no search can help
    load = [0] * horizon
    members_at: dict[int, list[int]] = defaultdict(list)
    slot_of = [-1] * len(groups)
    end = start
    capacity = 0
    while end < horizon and capacity < len(groups):
        capacity += rooms_free[end]
        end += 1
    after = list(range(horizon + 1))
    """Union-find: the first slot at or after t that may still take a group (``horizon``: none)."""

    def find(t: int) -> int:
        root = t
        while after[root] != root:
            root = after[root]
        while after[t] != root:
            after[t], t = root, after[t]
        return root

    for t in range(horizon):
        if rooms_free[t] <= 0:
            after[t] = t + 1

    def assign(g: int, t: int) -> None:
        old = slot_of[g]
        if old >= 0:
            load[old] -= 1
            members_at[old].remove(g)
        slot_of[g] = t
        load[t] += 1
        members_at[t].append(g)
        if load[t] >= rooms_free[t]:
            after[t] = t + 1  # a slot never loses a group for good: moves along a path end one slot fuller

    def usable(g: int) -> Iterator[int]:
        blocked = groups[g][1]
        return (t for t in range(start, end) if t not in blocked)

    def augment(g: int) -> bool:
        """Breadth-first search for an alternating path from ``g`` to a slot with a free room."""
        parent: dict[int, tuple[int, int]] = {}
        queue: list[int] = []

        def reach(t: int, mover: int, previous: int) -> bool:
            parent[t] = (mover, previous)
            if load[t] < rooms_free[t]:
                while t >= 0:
                    mover, previous = parent[t]
                    assign(mover, t)
                    t = previous
                return True
            queue.append(t)
            return False

        for t in usable(g):
            if t not in parent and reach(t, g, -1):
                return True
        for t in queue:
            for h in list(members_at[t]):
                for u in usable(h):
                    if u not in parent and reach(u, h, t):
                        return True
        return False

    order = sorted(range(len(groups)), key=lambda g: -len(groups[g][1]))  # the most restricted first
    waiting = []
    for g in order:
        blocked = groups[g][1]
        t = find(start)
        while t < end and t in blocked:
            t = find(t + 1)
        if t < end:
            assign(g, t)
        else:
            waiting.append(g)
    while waiting:
        waiting = [g for g in waiting if not augment(g)]
        if waiting:
            if end == horizon:
                return None
            end += 1
    return slot_of
