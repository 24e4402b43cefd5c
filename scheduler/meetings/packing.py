"""A lower bound on ``optional-conflicts`` per participant, by packing their meetings into working periods.

A participant's conflicts are, step by step, the pairs of their sessions running at once (two sessions
requiring them never do: a hard rule), so within one working period of ``S`` steps holding sessions of
``L`` steps in all they cost at least what ``L`` spread as evenly as possible over ``S`` costs:
:func:`spread_cost`, ``L - S`` when ``L`` is at most ``2S``. No session crosses a break or a night, so
every timetable puts each session in one period; the least sum over the periods of that cost, over
every way of putting the participant's sessions into periods (those its starts allow; the required
ones' length at most the period's), is a lower bound on the participant's conflicts, found by a
small branch and bound (:func:`person_floor`). Everyone's conflicts are counted apart, so the bounds
add up (:func:`person_floors`): where the heaviest clique's bound (sessions every two of which share
someone) takes the largest single excess, this adds one per participant, and counts the days' edges
(two meetings of 16 steps and one of 12 in days of 40 steps fit; three of 16 overlap by 8 steps
however the four days are shared).

The clique's bound and these are joined where they cannot count one step twice
(:func:`with_clique`): a participant with at most one session in the clique has none of the clique's
pairs among theirs.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections.abc import Sequence

from scheduler.meetings.prepared import Prepared

NODES = 4000
"""The branch and bound's nodes per participant; past them their bound is the periods merged
(:func:`spread_cost` over all their steps), lower but still valid."""


def spread_cost(length: int, steps: int) -> int:
    """The fewest pairs at once, summed over ``steps`` steps, of sessions ``length`` steps long in all:
    the sum of C(n_t, 2) with the n_t as even as they can be (C(n, 2) is convex)."""
    if steps <= 0:
        return 0 if length == 0 else length * (length - 1) // 2
    many, extra = divmod(length, steps)
    return steps * many * (many - 1) // 2 + extra * many


def optional_floor(prep: Prepared, clique: Sequence[int], until: float | None = None) -> int:
    """The optional conflicts' bound: the participants' floors (:func:`person_floors`) joined to the
    clique's (:func:`with_clique`), the clique's own sessions packed into the periods as one
    participant's are (every two of them running at once cost a conflict a step: two sharing only
    required people never do), never less than their length past the working steps."""
    sizes, bins = session_periods(prep)
    packed = person_floor([(prep.length[i], False, bins[i]) for i in clique], sizes) if len(clique) > 1 else 0
    excess = max(packed, sum(prep.length[i] for i in clique) - sum(sizes))
    return with_clique(prep, clique, excess, person_floors(prep, until, (sizes, bins)))


def session_periods(prep: Prepared) -> tuple[list[int], list[tuple[int, ...]]]:
    """The working periods' lengths (:meth:`~scheduler.domain.meetings.Workdays.runs`) and per session
    the periods its starts lie in."""
    runs = prep.problem.workdays.runs()
    bins_of: dict[int, tuple[int, ...]] = {}  # by the starts list's id: sessions alike share one
    session_bins: list[tuple[int, ...]] = []
    for i in range(prep.n):
        starts = prep.starts[i]
        if id(starts) not in bins_of:
            bins_of[id(starts)] = tuple(b for b, (first, end) in enumerate(runs) if _any_within(starts, first, end))
        session_bins.append(bins_of[id(starts)])
    return [end - first for first, end in runs], session_bins


def person_floors(
    prep: Prepared, until: float | None = None, periods: tuple[list[int], list[tuple[int, ...]]] | None = None
) -> dict[str, int]:
    """Per participant with two sessions or more, :func:`person_floor` of their sessions (those counted
    before ``until``, ``time.perf_counter()``: the others absent, so a sum of these stays a bound);
    ``periods``: :func:`session_periods`, when worked out already."""
    sizes, session_bins = session_periods(prep) if periods is None else periods
    out: dict[str, int] = {}
    for name, sessions in prep.sessions_of.items():
        if len(sessions) < 2:
            continue
        if until is not None and time.perf_counter() > until:  # one participant: 0.03 s of CPU at most, seen
            break
        required = set(prep.required_of.get(name, ()))
        out[name] = person_floor([(prep.length[i], i in required, session_bins[i]) for i in sessions], sizes)
    return out


def _any_within(starts: list[int], first: int, end: int) -> bool:
    """Whether the sorted ``starts`` hold one in ``[first, end)``."""
    k = bisect_left(starts, first)
    return k < len(starts) and starts[k] < end


def person_floor(items: Sequence[tuple[int, bool, tuple[int, ...]]], sizes: Sequence[int]) -> int:
    """The least sum over the periods of :func:`spread_cost`, over every way of putting each item
    (length, required, the periods it may use) into one of its periods with the required items'
    length at most the period's; 0 when no way is (the rules say so elsewhere). Past :data:`NODES`
    nodes, the periods merged into one."""
    order = sorted(items, key=lambda item: (-item[0], not item[1], item[2]))
    used = sorted({b for _, _, bins in order for b in bins})
    total = sum(length for length, _, _ in order)
    merged = spread_cost(total, sum(sizes[b] for b in used))
    if total <= min((sizes[b] for b in used), default=0) or not order:
        return 0
    search = _Packing(order, sizes, used)
    search.walk(0)
    if search.nodes > NODES:
        return merged  # not searched to the end: the best found is no bound
    return 0 if search.best is None else max(merged, search.best)


class _Packing:
    """The depth-first search of :func:`person_floor`: each period's length and required length so far."""

    def __init__(self, order: list[tuple[int, bool, tuple[int, ...]]], sizes: Sequence[int], used: list[int]) -> None:
        self.order, self.sizes = order, sizes
        self.load = dict.fromkeys(used, 0)
        self.held = dict.fromkeys(used, 0)
        self.rest = [sum(length for length, _, _ in order[k:]) for k in range(len(order) + 1)]
        # periods alike for what is still to place: the same size and the same items may use them
        self.kind = {b: (sizes[b], tuple(k for k, (_, _, bins) in enumerate(order) if b in bins)) for b in used}
        self.cost = 0
        self.slack = sum(sizes[b] for b in used)
        """The steps the periods still hold before a session added costs anything."""
        self.best: int | None = None
        self.floor = spread_cost(self.rest[0], sum(sizes[b] for b in used))
        self.nodes = 0

    def walk(self, k: int) -> None:
        self.nodes += 1
        if self.nodes > NODES or (self.best is not None and self.best <= self.floor):
            return
        if self.best is not None and self.cost + max(0, self.rest[k] - self.slack) >= self.best:
            return
        if k == len(self.order):
            self.best = self.cost
            return
        length, required, bins = self.order[k]
        tried: set[tuple[object, int, int]] = set()
        choices = []
        for b in bins:
            state = (self.kind[b], self.load[b], self.held[b])
            if state in tried or (required and self.held[b] + length > self.sizes[b]):
                continue
            tried.add(state)
            size = self.sizes[b]
            choices.append((spread_cost(self.load[b] + length, size) - spread_cost(self.load[b], size), b))
        for added, b in sorted(choices):  # the least added cost first: the first leaf is a good one
            room = max(0, self.sizes[b] - self.load[b])
            self.load[b] += length
            self.held[b] += length if required else 0
            self.cost += added
            self.slack -= room - max(0, self.sizes[b] - self.load[b])
            self.walk(k + 1)
            self.slack += room - max(0, self.sizes[b] - self.load[b])
            self.cost -= added
            self.load[b] -= length
            self.held[b] -= length if required else 0


def with_clique(prep: Prepared, clique: Sequence[int], excess: int, floors: dict[str, int]) -> int:
    """The optional conflicts' bound from the clique's ``excess`` and the participants' ``floors``:
    their sum, or the clique's excess and the floors of those with at most one session in it (their
    pairs are none of the clique's, and a pair at once costs one per participant sharing it)."""
    inside = set(clique)
    apart = sum(v for name, v in floors.items() if len(inside.intersection(prep.sessions_of[name])) <= 1)
    return max(sum(floors.values()), excess + apart)
