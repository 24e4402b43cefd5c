"""A lower bound on one day's soft level at its fewest optional conflicts, without CP-SAT: the least of
``early``, ``overlap`` and ``back-to-back`` over every placement of the day's sessions at every start
they may take, by branch and bound, plus a floor of ``larger-rooms``.

:mod:`scheduler.meetings.chain` prices each day of a grouping in the full model (CP-SAT) and, before
that, counted a day not priced as 0; on the Timefold demo that meant 69 free CP-SAT searches (8.3-8.8 s
of CPU, and 1.4 s of model builds) to learn which of the 116 groupings at the medium optimum could lie
below the answer (docs/benchmarks.md, "Twenty-fourth session, issue 15"). The terms of this module are
pairwise in the sessions' starts (``early`` on one, ``overlap`` and ``back-to-back`` on two), so the
one-day search of :func:`scheduler.meetings.oneday.day_value` carries them in its tables: a session's
cost at each start is its ``early`` plus what it adds with the sessions placed (``overlap``'s steps,
``back-to-back``'s pair when one ends where the other starts), its optional conflicts weighed above
every soft term so that only placements at the day's fewest are counted. The terms' per-session
definitions are the checker's (:func:`scheduler.meetings.measure.early_of`,
:func:`~scheduler.meetings.measure.running`, :func:`~scheduler.meetings.measure.touching_span`: one
rule, one place), called to build the tables, so the floor counts what the checker counts. Unlike that search's
candidate starts, every allowed start is tried: a back-to-back pair is avoided by a gap of one step,
which the candidates need not hold.

``larger-rooms``: sessions running at once use as many rooms, each session paying its room's
(:func:`scheduler.meetings.measure.larger_rooms`), so at a step where ``n`` run the rooms cost at least
the ``n`` cheapest rooms' costs; steps no session spans together count apart (the most over such sets
of steps, by a sweep). ``room-stability`` and ``idle`` are never negative and are left out. So the
result is at most the day's soft level at its fewest conflicts in every placement: a bound, counted by
the chain for a day and (``b``, ``e``) not priced yet. Only where the day's conflicts are exact
(:func:`scheduler.meetings.oneday.applies`: rooms of one meeting at a time).
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from scheduler.meetings import measure as checker
from scheduler.meetings.engine import stopped
from scheduler.meetings.measure import larger_rooms
from scheduler.meetings.oneday import BIG, DayPricer, OutOfTime, _room_groups, pair_tables
from scheduler.meetings.prepared import Prepared
from scheduler.meetings.terms import Term

__all__ = ["SoftWeights", "soft_floor", "soft_weights"]

MOST_NODES = 400_000
"""The most nodes one day's search visits before it gives up (no floor then: the CP-SAT search
decides). The demo's dearest day took 192,025 nodes, 1.7 s of one CPU at load 10."""
CLOCK_NODES = 64
"""Nodes between two looks at the clock."""
COUNTED = frozenset({"early", "overlap", "back-to-back", "larger-rooms"})
IGNORED = frozenset({"room-stability", "idle"})
"""Soft terms never negative that the floor leaves out (at least 0: still a bound)."""


@dataclass(frozen=True)
class SoftWeights:
    """The weights of the soft terms the floor counts, and each room's ``larger-rooms`` cost weighted,
    cheapest first."""

    early: int
    overlap: int
    touching: int
    rooms: tuple[int, ...]


def soft_weights(pricer: DayPricer, soft: Sequence[Term]) -> SoftWeights | None:
    """The weights of ``soft`` (the objective's soft terms) when each is counted or left out as the
    module text says; ``None`` when one is neither."""
    if any(t.name not in COUNTED | IGNORED for t in soft):
        return None
    weight = {name: sum(t.weight for t in soft if t.name == name) for name in COUNTED}
    larger = larger_rooms(pricer.prep.problem)
    rooms = sorted(weight["larger-rooms"] * larger[r.name] for r in pricer.prep.problem.rooms)
    return SoftWeights(weight["early"], weight["overlap"], weight["back-to-back"], tuple(rooms))


def soft_floor(
    pricer: DayPricer,
    day: int,
    sessions: Sequence[int],
    fewest: int,
    weights: SoftWeights,
    until: float = math.inf,
    most: int = MOST_NODES,
) -> int | None:
    """The least soft level the module text counts of ``sessions`` alone on ``day`` over every placement
    with ``fewest`` optional conflicts (their fewest there); ``None`` when there is no such placement,
    the search gave up before it was done (``most`` nodes), or ``(fewest + 1)`` times the day's scale
    (conflicts weighed above every soft level) reaches the tables' forbidden mark (a legitimate
    placement could be pruned as forbidden, so the least would not be a bound).
    :class:`~scheduler.meetings.oneday.OutOfTime` past ``until`` (or the call's stop)."""
    if not sessions:
        return 0
    try:
        search = _Search(pricer, day, list(sessions), fewest, weights, until, most)
        search.search(search.first, 0)
    except _GaveUp:
        return None
    if search.best >= search.limit:
        return None
    return int(search.best % search.scale)


class _GaveUp(Exception):
    """A day's search visited its most nodes before it was done, or its costs would reach :data:`BIG`."""


class _Search:
    """The tables of one day's search (as :func:`~scheduler.meetings.oneday.day_value`'s, on every
    start) and its state."""

    def __init__(
        self,
        pricer: DayPricer,
        day: int,
        sessions: list[int],
        fewest: int,
        weights: SoftWeights,
        until: float,
        most: int,
    ) -> None:
        import numpy as np

        prep = pricer.prep
        self.top = top = prep.problem.workdays.per_day()
        base = day * top
        self.sessions, self.until, self.most, self.rooms = sessions, until, most, weights.rooms
        m = len(sessions)
        found = [[s - base for s in pricer.starts_on[i].get(day, ())] for i in sessions]
        width = max(1, max(len(f) for f in found))
        start = np.full((m, width), -1, dtype=np.int64)
        for a, steps in enumerate(found):
            start[a, : len(steps)] = steps
        self.start, self.length = start, np.array([prep.length[i] for i in sessions], dtype=np.int64)
        weight, hard = pair_tables(pricer, sessions)
        early, overlap, touching = _terms(prep, sessions, start, base)
        # the conflicts weighed above every soft level the day can have (a pair's at most, in Python's
        # integers: huge weights never wrap in int64): only placements at its fewest count
        pair = weights.overlap * int(overlap.max(initial=0)) + weights.touching * int(touching.max(initial=0))
        self.scale = pair * m * m + weights.early * m * int(early.max()) + m * sum(weights.rooms) + 1
        self.limit = (fewest + 1) * self.scale
        if self.limit >= BIG:  # a placement at the fewest could cost BIG and be pruned as forbidden
            raise _GaveUp
        soft = weights.overlap * overlap + weights.touching * touching
        # past the fewest a placement is pruned whatever the excess: capped, the entries stay below int64's
        # (conflicts on the clock's steps, as the one-day search's: not on the term's definition)
        length = self.length
        sa, sb = start[:, :, None, None], start[None, None, :, :]
        ea, eb = sa + length[:, None, None, None], sb + length[None, None, :, None]
        clash = np.clip(np.minimum(ea, eb) - np.maximum(sa, sb), 0, None)
        conflict = np.minimum(weight[:, None, :, None] * clash, fewest + 1)
        penalty = np.where(hard[:, None, :, None] & (clash > 0), BIG, conflict * self.scale + soft)
        penalty = np.where((sa >= 0) & (sb >= 0), penalty, BIG)
        penalty[np.arange(m), :, np.arange(m), :] = 0
        self.penalty = penalty
        self.first = np.where(start >= 0, weights.early * early, BIG)
        self.best = self.limit
        _, self.sizes, self.options = _room_groups(prep, sessions)
        self.occ = [[0] * (top + 1) for _ in self.sizes]
        self.at = [0] * m
        self.left = list(range(m))
        self.nodes = 0

    # Long: one depth-first branch and bound (its state, bound and recursion share the day's tables).
    def search(self, cost: Any, so_far: int) -> None:
        """Every placement of the sessions left, from ``cost`` (per session left and start: what it
        would add), each placed one at a time, the most constrained first (as ``day_value``)."""
        import numpy as np

        self.nodes += 1
        if self.nodes > self.most:
            raise _GaveUp
        if self.nodes % CLOCK_NODES == 0 and (time.perf_counter() > self.until or stopped()):
            raise OutOfTime
        left = self.left
        if not left:
            self.best = min(self.best, so_far + self._rooms())
            return
        rows = cost[left]
        cheapest = rows.min(axis=1)
        if cheapest.max() >= BIG or so_far + int(cheapest.sum()) >= self.best:
            return
        open_ = (rows < BIG).sum(axis=1)
        a = left[int(np.lexsort((-cheapest, open_))[0])]  # fewest starts left, then dearest
        left.remove(a)
        li = int(self.length[a])
        for k in np.argsort(cost[a], kind="stable"):
            c = int(cost[a, k])
            if c >= BIG or so_far + c >= self.best:
                break
            s = int(self.start[a, k])
            child = None
            for g in self.options[self.sessions[a]]:
                row = self.occ[g]
                if max(row[s : s + li]) >= self.sizes[g]:
                    continue
                if child is None:
                    child = cost + self.penalty[a, k]
                for t in range(s, s + li):
                    row[t] += 1
                self.at[a] = s
                self.search(child, so_far + c)
                for t in range(s, s + li):
                    row[t] -= 1
        left.append(a)

    def _rooms(self) -> int:
        """``larger-rooms``' floor for the placement in :attr:`at` (the module text): the most, over sets
        of steps no session spans two of, of each step's cheapest rooms for the sessions running then."""
        rooms = self.rooms
        if not rooms or not any(rooms):
            return 0
        top = self.top
        running, earliest = [0] * (top + 1), list(range(top + 1))
        for a, s in enumerate(self.at):
            for t in range(s, s + int(self.length[a])):
                running[t] += 1
                earliest[t] = min(earliest[t], s)
        cheapest = [0]
        for c in rooms:
            cheapest.append(cheapest[-1] + c)
        best = [0] * (top + 2)  # best[t]: the most from steps before t
        for t in range(top + 1):
            here = cheapest[min(running[t], len(rooms))] + best[earliest[t]] if running[t] else 0
            best[t + 1] = max(best[t], here)
        return best[top + 1]


def _terms(prep: Prepared, sessions: list[int], start: Any, base: int) -> tuple[Any, Any, Any]:
    """The checker's per-session definitions (:func:`~scheduler.meetings.measure.early_of`,
    :func:`~scheduler.meetings.measure.running`, :func:`~scheduler.meetings.measure.touching_span`) at
    each of ``start``'s steps (the day's, from ``base``; -1 for none: 0), and per pair of sessions and
    starts (``[a, k, b, l]``) the steps both run and the ordered pairs where one's end is the other's
    start: the floor's tables, equal to the checker's terms by construction."""
    import numpy as np

    m, width = start.shape
    early = np.zeros((m, width), dtype=np.int64)
    spans = np.zeros((2, m, width, 2), dtype=np.int64)  # running, touching: (first, end)
    for a, i in enumerate(sessions):
        for k in range(width):
            s = int(start[a, k])
            if s >= 0:
                early[a, k] = checker.early_of(prep, i, base + s)
                spans[0, a, k] = checker.running(prep, i, base + s)
                spans[1, a, k] = checker.touching_span(prep, i, base + s)
    first, end = spans[..., 0], spans[..., 1]
    fa, fb = first[:, :, :, None, None], first[:, None, None, :, :]
    ea, eb = end[:, :, :, None, None], end[:, None, None, :, :]
    overlap = np.clip(np.minimum(ea[0], eb[0]) - np.maximum(fa[0], fb[0]), 0, None)
    touching = (ea[1] == fb[1]).astype(np.int64) + (eb[1] == fa[1])
    return early, overlap, touching
