"""A lower bound on ``early`` and ``overlap`` weighed together, by a flow of the sessions' steps.

Each term's own counting bound (:func:`scheduler.meetings.bounds.term_bounds`) looks at one term:
``early`` packs every session onto as many lines as meetings can run at once, ``overlap`` spreads
them evenly over the whole working time. No timetable does both, so where the two are weighed on
one level (Timefold's soft level: 1 per step of end, 10 per pair running at once) their sum is far
below anything found (the Timefold demo: 2,396, against 3,854 for the best timetable on that level
alone found in 15 s). Weighed together they are a transportation problem:

* a session of length ``L`` starting at working position ``w`` covers the positions ``w .. w+L-1``
  and ends at ``w + L``, which is the mean of the positions it covers plus ``(L + 1) / 2``: so
  ``early`` is, up to a constant, each covered position divided by its session's length;
* ``overlap`` is the sum over positions of C(n, 2), n the sessions running then: the k-th session
  running at a position adds k - 1 pairs (convex in n);
* at most as many sessions run at a position as the rooms hold at once, and at most as many of one
  length as there are sessions of that length that may cover it.

Forgetting that a session's positions are consecutive and within one day leaves a minimum-cost flow
(lengths to positions to a sink, the sink's arcs priced 0, 1, 2, ... pairs), solved exactly with
costs times twice the lengths' lcm, or, where that is past OR-Tools' cost range (many distinct odd
lengths, a fine grid), with costs times a power of two rounded down (:data:`COST_RANGE`); every
timetable keeping the rules is one such flow at its own cost, so the flow's minimum is a lower bound
on the two terms weighed together (rounded-down costs only lower it). ``tests/test_meetings_bounds.py``
holds it against brute force.
"""

from __future__ import annotations

import math
from collections import defaultdict

from scheduler.meetings.prepared import Prepared

__all__ = ["early_and_overlap"]


def early_and_overlap(prep: Prepared, early: int, overlap: int) -> int:
    """A lower bound on ``early * early_term + overlap * overlap_term`` over every timetable keeping
    the rules (weights of zero or more); 0 when there is nothing to place."""
    if prep.n == 0 or early < 0 or overlap < 0:
        return 0
    work = prep.problem.workdays
    positions = len(work.steps)
    capacity = min(sum(cls.total for cls in prep.classes), prep.n)  # no step holds more than every session
    lengths = sorted(set(prep.length))
    # how many sessions of each length may cover each working position
    covering: dict[int, dict[int, int]] = {length: defaultdict(int) for length in lengths}
    for i in range(prep.n):
        length, reach = prep.length[i], -1  # positions covered so far run up to ``reach``
        row = covering[length]
        for w in sorted(w for w in map(work.working, prep.starts[i]) if w is not None):
            for p in range(max(w, reach + 1), w + length):
                row[p] += 1
            reach = max(reach, w + length - 1)
    supply = {length: length * prep.length.count(length) for length in lengths}
    scale = 2 * math.lcm(*lengths)  # integral costs: positions / length, and the constant's halves
    most = (early * positions + overlap * capacity) * (len(lengths) + positions + 2)
    if scale * most >= COST_RANGE:  # (many distinct odd lengths, a fine grid: QA review 12)
        scale = 1 << max(1, (COST_RANGE // most).bit_length() - 1)  # costs rounded down: still a bound
    while True:
        found = _flow(prep, early, overlap, covering, supply, scale)
        if found is not None or scale <= 2:
            break
        scale = max(2, scale >> 9 << 1)  # (the range guessed too wide for OR-Tools: narrower, even)
    if found is None:
        return 0  # no scale fits: cheap_bounds keeps each term's own bound, never one above a timetable
    if found < 0:
        return 0  # the steps do not fit at all: the rules' own counts say so, nothing to add here
    constant = early * sum(length + 1 for length in prep.length) * scale // 2
    return -(-(found + constant) // scale)


COST_RANGE = 1 << 52
"""The largest arc cost times the flow's nodes kept below this (OR-Tools' min-cost flow answers
BAD_COST_RANGE past 2**62 or so, and scales costs by the nodes): past it the costs are scaled by
a power of two and rounded down, which keeps the flow's minimum a lower bound."""


def _flow(
    prep: Prepared,
    early: int,
    overlap: int,
    covering: dict[int, dict[int, int]],
    supply: dict[int, int],
    scale: int,
) -> int | None:
    """The flow's minimum cost, costs times ``scale`` (rounded down where not integral); -1 when the
    steps do not fit; ``None`` when OR-Tools finds the costs out of its range."""
    from ortools.graph.python import min_cost_flow

    lengths = sorted(supply)
    positions = len(prep.problem.workdays.steps)
    capacity = min(sum(cls.total for cls in prep.classes), prep.n)  # no step holds more than every session
    flow = min_cost_flow.SimpleMinCostFlow()
    sink = len(lengths) + positions
    for g, length in enumerate(lengths):
        flow.set_node_supply(g, supply[length])
        for p, many in covering[length].items():
            flow.add_arc_with_capacity_and_unit_cost(g, len(lengths) + p, many, early * p * scale // length)
    for p in range(positions):
        for k in range(capacity):  # the (k+1)-th session running at p adds k pairs
            flow.add_arc_with_capacity_and_unit_cost(len(lengths) + p, sink, 1, overlap * k * scale)
    flow.set_node_supply(sink, -sum(supply.values()))
    status = flow.solve()
    if status == flow.BAD_COST_RANGE:
        return None
    return int(flow.optimal_cost()) if status == flow.OPTIMAL else -1
