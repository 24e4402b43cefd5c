"""The board the greedy builds a timetable on: who sits where, and what each slot still takes.

:class:`Board` asks the rules (:mod:`scheduler.rules.registry`) for the starts they forbid, the
groups they allow, the seats a slot's rooms give and the phases units meet in, and keeps what
a placing strategy needs to ask quickly: the slots with a free room, the slots where a label may
still join a group, each category's span. :mod:`scheduler.solver.greedy` places on it, and
:mod:`scheduler.solver.repair` moves units on it.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import NamedTuple

from scheduler.domain import Problem, Unit, labels
from scheduler.rules.base import Rule
from scheduler.rules.registry import allows, blocked_slots, phases, seating


class Board:
    """A timetable being built: who sits where, and what each slot still takes (free rooms,
    spare seats by label, each category's span), kept up to date as units come and go."""

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
        self._mates: dict[str, set[str]] | None = None
        self._journal: list[_Change] | None = None
        """Changes since the oldest open :meth:`trial`, to take back exactly (``None``: no trial)."""
        self._trials = 0

    @property
    def mates(self) -> dict[str, set[str]]:
        """Unit -> the units it shares a parallel-group label with (the only ones it may join): made when first
        asked (the packing asks; first-fit never does), since one label shared by thousands of units makes millions
        of entries (``biglabel-5000u-4r``: 2,777,888, 0.27 s of CPU a board, two boards a ``stable`` greedy)."""
        if self._mates is None:
            by_label: dict[str, list[str]] = defaultdict(list)
            for unit in self.problem.units:
                for label in labels(unit):
                    by_label[label].append(unit.name)
            self._mates = defaultdict(set)
            for members in by_label.values():
                for name in members:
                    self._mates[name].update(m for m in members if m != name)
        return self._mates

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
        if self._journal is not None:
            self._journal.append(_Change(unit, t))
        return True

    def trial(self) -> Trial:
        """Changes that may be taken back: ``with board.trial() as trial: ... trial.undo()``.

        Placing back a unit that was just removed does not undo the removal: :meth:`place`
        joins the first group that takes the unit, so who shares a room depends on the order
        units came in. With rooms of different sizes and parallel groups, a pair split while
        others came and went may end as two units holding two rooms, and the unit that left
        finds none. :meth:`Trial.undo` restores every slot's groups exactly instead."""
        return Trial(self)

    def put(self, units: Sequence[Unit], t: int) -> None:
        """Open a room in slot ``t`` for ``units`` (the caller knows it is allowed and free)."""
        self.slots[t].append(list(units))
        for unit in units:
            self._placed(unit, t)
            if self._journal is not None:
                self._journal.append(_Change(unit, t))

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
        groups = self.slots[t]
        g = next(i for i, group in enumerate(groups) if unit in group)
        at = groups[g].index(unit)
        del groups[g][at]
        emptied = not groups[g]
        if self._journal is not None:
            self._journal.append(_Change(unit, t, g, at, emptied))
        if emptied:
            del groups[g]
        self._refresh(t, labels(unit))
        k = self.rank(unit)
        if k is not None:
            self.used[k][t] -= 1
            self._update_span(k, t)

    def restore(self, unit: Unit, t: int, group: int, seat: int, emptied: bool) -> None:
        """Put ``unit`` back where :meth:`remove` took it from (the slot otherwise as it was then)."""
        groups = self.slots[t]
        if emptied:
            groups.insert(group, [])
        groups[group].insert(seat, unit)
        self._placed(unit, t)

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


class _Change(NamedTuple):
    """One change to a board: ``unit`` placed in slot ``t`` (``group`` is ``None``), or removed from
    it: from the ``group``-th group of the slot, at ``seat`` in it (``emptied``: the group left with it).
    A named tuple, not a frozen dataclass: a private record, made in the board's hot path, which a
    dataclass would cost every command's start-up 3.3M instructions more to define (its methods
    compiled at import; issue 16)."""

    unit: Unit
    t: int
    group: int | None = None
    seat: int = 0
    emptied: bool = False


class Trial:
    """Changes to a :class:`Board` that :meth:`undo` takes back exactly (see :meth:`Board.trial`).
    Trials nest; the board keeps its journal only while one is open."""

    def __init__(self, board: Board) -> None:
        self.board = board
        self.journal: list[_Change] = []
        self.mark = 0

    def __enter__(self) -> Trial:
        board = self.board
        if board._journal is None:
            board._journal = []
        board._trials += 1
        self.journal = board._journal
        self.mark = len(self.journal)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        board = self.board
        board._trials -= 1
        if board._trials == 0:
            board._journal = None

    def undo(self) -> None:
        """Every change since the trial began taken back, latest first: the board as it was."""
        board, journal = self.board, self.journal
        board._journal = None  # taking back is not itself noted
        while len(journal) > self.mark:
            change = journal.pop()
            if change.group is None:
                board.remove(change.unit)
            else:
                board.restore(change.unit, change.t, change.group, change.seat, change.emptied)
        board._journal = journal


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
        if x is not None and (y is None or x * step <= y * step):
            if x != y:
                yield x
            x = next(a, None)
        elif y is not None:  # always, here: x is None or comes after y
            yield y
            y = next(b, None)


def _nearest(near: int, later: Iterator[int], earlier: Iterator[int]) -> Iterator[int]:
    """Slots from two streams (ascending from ``near``, descending below it) by distance to ``near``."""
    x, y = next(later, None), next(earlier, None)
    while x is not None or y is not None:
        if x is not None and (y is None or x - near <= near - y):
            yield x
            x = next(later, None)
        elif y is not None:  # always, here: x is None or farther than y
            yield y
            y = next(earlier, None)
