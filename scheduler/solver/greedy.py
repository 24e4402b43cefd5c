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
from collections.abc import Iterator, Mapping, Sequence

from scheduler.domain import Problem, Unit, labels
from scheduler.rules.base import Rule
from scheduler.rules.registry import UNIT_RULES, blocked_slots, fixed_starts, follows, phases
from scheduler.solver.board import Board
from scheduler.solver.deadline import Deadline
from scheduler.solver.repair import EJECT_BUDGET, Budget, Repair
from scheduler.solver.rooms import SlotGroups


def chains(problem: Problem, rules: Sequence[Rule] = UNIT_RULES) -> list[list[str]]:
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
    rules: Sequence[Rule] = UNIT_RULES,
    eject: bool = True,
    deadline: Deadline | None = None,
) -> SlotGroups | None:
    """A valid timetable as slot -> groups, or ``None`` if first-fit gets stuck.

    ``eject``: a unit that finds no place in its category may move on one that keeps its
    preferred slot (:mod:`scheduler.solver.repair`), up to
    :data:`~scheduler.solver.repair.EJECT_BUDGET` tries, and only while less than half of
    ``deadline``'s time is gone (nothing else here waits on a clock)."""
    state = Board(problem, rules)
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
    budget = Budget(EJECT_BUDGET, deadline)
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
        repair = Repair(state, window, prefer, fixed if eject else None, budget)
        if not all(repair.place(chain) for chain in waiting):
            return None

    return {t: [tuple(g) for g in groups] for t, groups in enumerate(state.slots) if groups}


def kept_in_windows(
    problem: Problem, prefer: Mapping[str, int], rules: Sequence[Rule] = UNIT_RULES
) -> dict[str, int] | None:
    """``prefer`` less the units whose preferred slot lies outside their category's *window*, or
    ``None`` when that drops no one (or no windows fit).

    The category order gives each category a run of slots after the previous one's. When the
    preferred slots are spread over the calendar (a table whose categories are interleaved),
    :func:`first_fit` keeps the first category's units wherever they are, the first category's
    span is then the whole calendar, and the next has no room: stuck, and the packing moves nearly
    everyone (embed16's shape, 5,000 units: 4,993 moved where 3,286 must). Here the windows are
    chosen first, one after the other from the first slot, each at least as long as its category
    needs (its units over the rooms), so that as many units as possible prefer a slot inside their
    own window (a slot counts at most as many units as it has rooms; a unit barred from its
    preferred slot does not count): a linear pass over the slots per category. Given this
    ``prefer``, :func:`first_fit` keeps those units and places the rest in the holes of their
    window. Units without a category keep their preferred slots."""
    phase = phases(problem, rules)
    order = sorted(set(phase.values()))
    if len(order) < 2:
        return None
    slots, rooms = len(problem.calendar), len(problem.rooms)
    blocked = blocked_slots(problem, rules)
    rank = {k: i for i, k in enumerate(order)}
    count = [[0] * slots for _ in order]
    needed = [0] * len(order)
    for name, k in phase.items():
        needed[rank[k]] += 1
        t = prefer.get(name)
        if t is not None and 0 <= t < slots and t not in blocked.get(name, ()):
            count[rank[k]][t] += 1
    lengths = [-(-n // max(rooms, 1)) for n in needed]
    bounds = _windows([[min(c, rooms) for c in row] for row in count], lengths, slots)
    if bounds is None:
        return None
    window = {k: (bounds[i], bounds[i + 1]) for k, i in rank.items()}
    out = {
        name: t
        for name, t in prefer.items()
        if name not in phase or window[phase[name]][0] <= t < window[phase[name]][1]
    }
    return out if len(out) < len(prefer) else None


def _windows(count: list[list[int]], lengths: list[int], slots: int) -> list[int] | None:
    """Bounds ``b`` (``b[0] = 0``, ``b[-1] = slots``) with category ``i``'s window ``b[i]:b[i + 1]``
    at least ``lengths[i]`` slots long, keeping the most ``count[i][t]`` inside (``None``: they do
    not fit). Best ending at each slot, category by category, with a running maximum: linear."""
    if sum(lengths) > slots:
        return None
    low = float("-inf")
    best = [0.0] + [low] * slots
    """Category ``i - 1``'s window ending at slot e: the most kept so far."""
    back: list[list[int]] = []
    for row, length in zip(count, lengths, strict=True):
        prefix = [0]
        for c in row:
            prefix.append(prefix[-1] + c)
        now, came = [low] * (slots + 1), [0] * (slots + 1)
        top, arg = low, 0
        for e in range(length, slots + 1):
            s = e - length  # windows starting at s at the latest may end at e
            if best[s] - prefix[s] > top:
                top, arg = best[s] - prefix[s], s
            if top > low:
                now[e], came[e] = top + prefix[e], arg
        best = now
        back.append(came)
    if best[slots] == low:
        return None
    bounds = [slots]
    for came in reversed(back):
        bounds.append(came[bounds[-1]])
    return bounds[::-1]


def packed(problem: Problem, rules: Sequence[Rule] = UNIT_RULES, largest: int | None = None) -> SlotGroups | None:
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

    Rooms of different sizes: groups of up to the largest room's seats first, each matched to a room of
    its own in a slot, one that seats it (:func:`_match_rooms`); as above when that gets stuck. With the
    smallest room's size alone, rooms of 3, 2 and 1 seats held one unit each: 1,000 units of
    ``mixed-1000u-3r`` did not fit in their 304 slots, and ``compact`` kept first-fit's 264 against the
    bound 258, which the packing by rooms meets (docs/performance.md). ``largest``: that many at most.
    """
    capacities = sorted((r.capacity for r in problem.rooms), reverse=True)
    if largest is not None:
        return _packed(problem, rules, max(capacities[-1], min(largest, capacities[0])))
    if capacities[0] > capacities[-1]:
        found = _packed(problem, rules, capacities[0])
        if found is not None:
            return found
    return _packed(problem, rules, capacities[-1])


def _packed(problem: Problem, rules: Sequence[Rule], size: int) -> SlotGroups | None:
    """:func:`packed` with groups of at most ``size`` units (matched to rooms that seat them when some room
    seats fewer)."""
    state = Board(problem, rules)
    capacities = sorted((r.capacity for r in problem.rooms), reverse=True)
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
        if size > capacities[-1]:
            groups = _balanced(groups, capacities)
            slot_of = _match_rooms(state, groups, capacities, start, end)
        else:
            rooms_free = [len(problem.rooms) - len(state.slots[t]) if t < end else 0 for t in range(horizon)]
            slot_of = _match(groups, rooms_free, start)
        if slot_of is None:
            return None
        for (members, _), t in zip(groups, slot_of, strict=True):
            state.put(members, t)
    return {t: [tuple(g) for g in groups] for t, groups in enumerate(state.slots) if groups}


def _join_placed(state: Board, units: list[Unit], start: int, end: int) -> list[Unit]:
    """Units whose label-mate is already placed (pinned, or in a chain) with a seat to spare join
    it, each saving a room; the others are returned, to be packed."""
    left = []
    for unit in units:
        slots = sorted({t for label in labels(unit) for t in state.joinable.get(label, ()) if start <= t < end})
        if not any(state.target(unit, t) and state.place(unit, t) for t in slots):
            left.append(unit)
    return left


MANY_MATES = 64
"""A unit with more label-mates than this (one label shared by every street office) is joined by them in
table order, and its mates' counts of mates left are not kept up (:func:`_merge`): by fewest left first, the
packing of ``biglabel-5000u-4r`` took 1.66 s of CPU against 0.79 s, for the same groups."""


def _merge(state: Board, units: list[Unit], size: int, start: int) -> list[tuple[list[Unit], frozenset[int]]] | None:
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
    everyone = state.mates
    position = state.problem.position
    unplaced = {u.name: len(everyone.get(u.name, ())) for u in units}
    """Each unit's mates not yet in a group (of every category: a count to order by)."""
    done: set[str] = set()
    out: list[tuple[list[Unit], frozenset[int]]] = []
    # the units with the fewest mates first, each joined by its mates with the fewest left first: with labels
    # overlapping, table order made 527 groups of 1,000 units (133 slots), this 501 (126, the bound: overlap-1000u-4r)
    for unit in sorted(units, key=lambda u: (not unplaced[u.name], unplaced[u.name], position(u.name))):
        if unit.name in done:
            continue
        members = [unit]
        common = state.blocked.get(unit.name, none)
        left = (everyone.get(unit.name, set()) & here) - done
        for mate in sorted(left, key=position if len(left) > MANY_MATES else lambda m: (unplaced[m], position(m))):
            if len(members) == size:
                break
            other = state.problem.unit(mate)
            both = common | state.blocked.get(mate, none)
            if free_count(both) and mate not in {m.name for m in members} and state.allowed([*members, other]):
                members.append(other)
                common = both
        done.update(m.name for m in members)
        for member in members:
            theirs = everyone.get(member.name, ())
            for mate in theirs if len(theirs) <= MANY_MATES else ():
                if mate in unplaced:
                    unplaced[mate] -= 1
        if not free_count(common):
            return None
        out.append((members, common))
    return out


class _Barred:
    """The rooms of slots a group may not use, as :func:`_match` asks (``r in barred``, ``len``): room ``r`` is
    room ``r % rooms`` of slot ``r // rooms``, barred when the slot is or the room seats fewer than the group."""

    __slots__ = ("rooms", "size", "slots", "small")

    def __init__(self, slots: frozenset[int], small: frozenset[int], rooms: int, horizon: int) -> None:
        self.slots, self.small, self.rooms = slots, small, rooms
        self.size = len(slots) * rooms + len(small) * horizon

    def __contains__(self, r: object) -> bool:
        return isinstance(r, int) and (r // self.rooms in self.slots or r % self.rooms in self.small)

    def __len__(self) -> int:
        return self.size


def _free_rooms(capacities: Sequence[int], sizes: Sequence[int]) -> list[int]:
    """The rooms (positions in ``capacities``, largest first) left free in a slot holding groups of ``sizes``,
    each seated in the smallest free room that seats it."""
    free = list(range(len(capacities)))
    for size in sorted(sizes, reverse=True):
        room = next((j for j in reversed(free) if capacities[j] >= size), None)
        if room is None:
            return []
        free.remove(room)
    return free


def _balanced(
    groups: list[tuple[list[Unit], frozenset[int]]], capacities: Sequence[int]
) -> list[tuple[list[Unit], frozenset[int]]]:
    """``groups`` split until, for each room size but the largest, the groups larger than it are no more than
    the rooms larger than it hold in the slots all the groups need at the least (the groups over the rooms a
    slot has): with labels overlapping, groups of three for one room of three a slot made the matching widen
    its window past the horizon, a room at a time (600 units, rooms of 3, 2, 1: 71 s of CPU, then nothing).
    A group split keeps the slots its whole closed to it (a few more than its parts need)."""
    rooms = len(capacities)
    out = list(groups)
    for size in sorted(set(capacities))[-2::-1]:  # (from the largest but one: its splits' parts are smaller)
        larger = sum(1 for c in capacities if c > size)
        while True:
            big = [i for i, (members, _) in enumerate(out) if len(members) > size]
            excess = len(big) - larger * -(-len(out) // rooms)
            if excess <= 0:
                break
            for i in big[-max(1, excess // 2) :]:  # (each split adds a group, and the slots needed grow)
                members, blocked = out[i]
                out[i] = (members[:size], blocked)
                out.append((members[size:], blocked))
    return out


def _match_rooms(
    state: Board, groups: list[tuple[list[Unit], frozenset[int]]], capacities: Sequence[int], start: int, end: int
) -> list[int] | None:
    """:func:`_match` with rooms of different sizes: a slot for every group, each in a room of its own that
    seats it (the matching is of groups to the rooms of slots, one each, room by room)."""
    rooms = len(capacities)
    horizon = len(state.slots)
    rooms_free = [0] * (horizon * rooms)
    for t in range(start, end):
        for j in _free_rooms(capacities, [len(g) for g in state.slots[t]]):
            rooms_free[t * rooms + j] = 1
    barred = [
        (members, _Barred(blocked, frozenset(j for j, c in enumerate(capacities) if c < len(members)), rooms, horizon))
        for members, blocked in groups
    ]
    slot_of = _match(barred, rooms_free, start * rooms, rooms)  # type: ignore[arg-type]  # (a slot at a time)
    return None if slot_of is None else [r // rooms for r in slot_of]


# Long: the union-find, the assignment and the augmenting search share the matching's state (loads,
# members per slot, the window); split apart they would pass all of it around on every call.
def _match(
    groups: list[tuple[list[Unit], frozenset[int]]], rooms_free: list[int], start: int, step: int = 1
) -> list[int] | None:
    """A slot for every group, each slot within its free rooms, ending as early as possible.

    Groups go, most restricted first, to the first slot with a free room they may use (a
    union-find over full slots finds it without walking past them); a group left over
    then takes an augmenting path (breadth first, stopping at the first slot with room to
    spare), and the window grows by one slot only when none exists (``step`` places at a time: a
    slot's rooms, when the places are rooms, :func:`_match_rooms`).
    """
    horizon = len(rooms_free)
    if sum(rooms_free[start:]) < len(groups):
        return None  # fewer free rooms than groups whatever the window: no search can help
    load = [0] * horizon
    members_at: dict[int, list[int]] = defaultdict(list)
    slot_of = [-1] * len(groups)
    end = start
    capacity = 0
    while end < horizon and (capacity < len(groups) or (end - start) % step):
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
            end = min(horizon, end + step)
    return slot_of
