"""Placing a unit that cannot keep its preferred slot: near it, else by moving others on.

First-fit with a preferred slot per unit (repairing a published timetable) hands the free
places out one unit at a time, nearest first; plain first-fit (no preferred slots) earliest
first. A unit that finds no place in its category then tries, before going past where the next
category means to start (which pushes every unit of that category up to it aside) or, in plain
first-fit, before giving up:

* the slot of a unit moved before it, which moves on to a free place or, in turn, to the
  slot of another moved unit: an augmenting path, as in a bipartite matching, adding no move;
* the slot of a unit still at its preferred slot, which moves on the same way: one move more
  (:data:`EJECT_TRIES` per unit, :data:`EJECT_BUDGET` in all, and only while less than half
  the call's time is gone: nothing else in the greedy waits on a clock).

Before the augmenting paths, ``links-pins-5000u-4r`` got no first-fit timetable at all (the
packing's, moving 4,686 units, stood) and ``heavy-1000u-4r`` moved 74 units for 10 that had
to (now 11): docs/performance.md. Plain first-fit took no augmenting path until report 9 of the
library QA: on 300 units in rooms for 2, 1 and 1, ``compact``'s greedy found nothing where
``stable``'s (the same first-fit with paths) found a timetable, and ``compact`` said "no
timetable found" after 30 s. A path is tried only where plain first-fit would have stopped, so
it costs nothing where that succeeds.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator, Mapping

from scheduler.domain import Unit
from scheduler.solver.board import Board
from scheduler.solver.deadline import Deadline

EJECT_TRIES = 256
"""Units still at their preferred slot a stuck unit tries to move on, nearest first."""
EJECT_BUDGET = 1024
"""The same, for the whole timetable: a bound on the time it adds to the greedy (about 0.5 ms a
try on a 5,000-unit table: up to a second, where the greedy alone takes 0.1-0.4 s)."""
PATH_BUDGET = 8
"""Moved units an augmenting path for a unit moved on may pass through."""
PATH_LIMIT = 128
"""Moved units the search for a stuck unit's augmenting path may try, in all. The search recurses
once per unit it moves on: unbounded, a tight table (``tight-1000u-4r``, plain first-fit) went
1,000 deep and out of Python's stack, after 1.5 s. The deepest search on the sweep's shapes that
found a path tried 31 (``heavy-5000u-4r``, first-fit with reference times)."""


class Budget:
    """How many more units still at their preferred slot may be tried, in all."""

    def __init__(self, tries: int, deadline: Deadline | None) -> None:
        self.tries, self.deadline = tries, deadline

    def spend(self) -> bool:
        """One try spent; ``False`` once none is left or half the deadline's time is gone."""
        self.tries -= 1
        late = self.deadline is not None and self.deadline.remaining() < self.deadline.elapsed()
        return self.tries > 0 and not late


class Repair:
    """One category's units placed away from their preferred slot (``prefer``; ``None`` or empty:
    plain first-fit, earliest first) on ``board``, within ``window``: from the category's start to just before the
    next category means to start. ``fixed``: units never moved on (pinned or linked), ``None``
    to move no unit that keeps its slot."""

    def __init__(
        self,
        board: Board,
        window: tuple[int, int],
        prefer: Mapping[str, int] | None,
        fixed: set[str] | None,
        budget: Budget,
    ) -> None:
        self.board, self.window, self.prefer, self.fixed, self.budget = board, window, prefer, fixed, budget
        self.moved: list[str] = []
        """Units of this category placed away from their preferred slot, one by one."""

    def place(self, chain: list[str]) -> bool:
        """Place a chain that could not keep its preferred slot (or had none): as near to it as
        it can within the window (a small move that pushes no later unit aside); failing that,
        in the slot of a unit moved before it, or of a unit still at its own slot, which moves
        on; else first-fit, past where the next category means to start. ``False`` if stuck."""
        board, (start, stop) = self.board, self.window
        head = board.problem.unit(chain[0])
        beyond: list[int] = []
        tries = board.candidates(head, start, self.wish(head.name), stop)
        if any(board.place_chain(chain, t) for t in _upto(tries, stop, beyond)):
            self.moved.extend(chain if len(chain) == 1 else ())
            return True
        if len(chain) == 1 and (self._make_room(head, self.moved, set(), PATH_LIMIT) or self._eject(head)):
            self.moved.append(head.name)
            return True
        return any(board.place_chain(chain, t) for t in itertools.chain(beyond, tries))

    def wish(self, name: str) -> int | None:
        return self.prefer.get(name) if self.prefer else None

    def _nearby(self, unit: Unit) -> bool:
        """Place ``unit`` in a free place within the window, nearest its wish first."""
        start, stop = self.window
        return any(
            self.board.place(unit, t)
            for t in _upto(self.board.candidates(unit, start, self.wish(unit.name), stop), stop, [])
        )

    def _make_room(self, unit: Unit, movers: list[str], seen: set[str], limit: int | None = None) -> bool:
        """Place ``unit``, which found no place, where one of ``movers`` (units moved earlier in
        its category) sits, and move that one on, to a free place or (in turn) where another of
        them sits: an augmenting path. Only units that move anyway are moved again. At most
        ``limit`` of them are tried; ``False``, the board unchanged, when no path is found (a
        failed path is taken back exactly: :meth:`~scheduler.solver.board.Board.trial`)."""
        board = self.board
        wish = self.wish(unit.name)
        home = wish if wish is not None else self.window[0]
        at: dict[int, list[str]] = defaultdict(list)  # a failed path leaves every mover where it was
        for m in movers:
            if m not in seen:
                at[board.where[m]].append(m)
        spots = set(at) - board.blocked.get(unit.name, frozenset())
        for t in sorted(spots, key=lambda t: (abs(t - home), t)):
            for name in [m for m in at[t] if m not in seen]:
                if limit is not None and len(seen) >= limit:
                    return False
                other = board.problem.unit(name)
                with board.trial() as trial:
                    board.remove(other)
                    if board.place(unit, t):
                        seen.add(name)
                        if self._nearby(other) or self._make_room(other, movers, seen, limit):
                            return True
                    trial.undo()
        return False

    def _eject(self, unit: Unit) -> bool:
        """Place ``unit`` where a unit still at its preferred slot sits alone, and move that one
        on within the window, to a free place or along a short augmenting path (one move more):
        better than a slot past the window, which pushes every unit of the next category up to
        it aside. ``False``, the board unchanged, if none can."""
        if self.fixed is None:
            return False
        board, (start, stop) = self.board, self.window
        wish = self.wish(unit.name)
        home = wish if wish is not None else start
        blocked = board.blocked.get(unit.name, frozenset())
        away = set(self.moved)
        tried = 0
        for t in sorted(range(start, stop + 1), key=lambda t: (abs(t - home), t)):
            if t in blocked or not board.order_ok(unit, t):
                continue
            for other in [g[0] for g in board.slots[t] if len(g) == 1]:
                if other.name in self.fixed or other.name in away:
                    continue
                tried += 1
                with board.trial() as trial:
                    board.remove(other)
                    if board.place(unit, t) and (
                        self._nearby(other) or self._make_room(other, self.moved, set(), PATH_BUDGET)
                    ):
                        self.moved.append(other.name)
                        return True
                    trial.undo()
                if tried >= EJECT_TRIES or not self.budget.spend():
                    return False
        return False


def _upto(slots: Iterator[int], stop: int, beyond: list[int]) -> Iterator[int]:
    """``slots`` up to ``stop``; the first one past it is kept in ``beyond``."""
    for t in slots:
        if t > stop:
            beyond.append(t)
            return
        yield t
