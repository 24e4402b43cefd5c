"""A lower bound on ``early`` and ``overlap`` weighed together, by a flow of the sessions' steps.

Each term's own counting bound (:func:`scheduler.meetings.planner.term_bounds`) looks at one term:
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
(lengths to positions to a sink, the sink's arcs priced 0, 1, 2, ... pairs), solved exactly; every
timetable keeping the rules is one such flow at its own cost, so the flow's minimum is a lower bound
on the two terms weighed together. ``tests/test_meetings_bounds.py`` holds it against brute force.
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
    from ortools.graph.python import min_cost_flow

    work = prep.problem.workdays
    positions = len(work.steps)
    capacity = sum(cls.total for cls in prep.classes)
    lengths = sorted(set(prep.length))
    scale = 2 * math.lcm(*lengths)  # integral costs: positions / length, and the constant's halves
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
    flow = min_cost_flow.SimpleMinCostFlow()
    sink = len(lengths) + positions
    for g, length in enumerate(lengths):
        flow.set_node_supply(g, supply[length])
        for p, many in covering[length].items():
            flow.add_arc_with_capacity_and_unit_cost(g, len(lengths) + p, many, early * p * (scale // length))
    for p in range(positions):
        for k in range(capacity):  # the (k+1)-th session running at p adds k pairs
            flow.add_arc_with_capacity_and_unit_cost(len(lengths) + p, sink, 1, overlap * k * scale)
    flow.set_node_supply(sink, -sum(supply.values()))
    if flow.solve() != flow.OPTIMAL:
        return 0  # the steps do not fit at all: the rules' own counts say so, nothing to add here
    constant = early * sum(length + 1 for length in prep.length) * (scale // 2)
    total = int(flow.optimal_cost()) + constant
    return -(-total // scale)
