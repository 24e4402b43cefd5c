"""A lower bound on ``larger-rooms`` where the rooms that cost least cannot hold every session.

Each session costs the seats of every room larger than its own (:func:`room_cost`); in its cheapest
allowed room it costs least, but a room class holds at most its rooms' meetings at once over the
working steps (``total × steps`` steps of sessions), so when the sessions are longer than that, some go
to dearer rooms. The least cost of sharing the sessions out over the classes, each session split as
it likes (a linear program: a transportation problem, solved by GLOP), is a lower bound, rounded up
since every timetable's cost is whole. On the Timefold demo: 80 where each session in its cheapest
room says 0 (288 steps of meetings, 160 in its largest room).
"""

from __future__ import annotations

import math

from scheduler.meetings.prepared import Prepared

SLACK = 1e-6
"""What is taken off the linear program's value, relative to it, before rounding up (its floating-point
error)."""


def room_cost(prep: Prepared, c: int) -> int:
    """What a session costs ``larger-rooms`` in room class ``c``: the seats of every larger room
    beyond its own (a room without a number of seats counts as the largest that has one)."""
    finite = [r.seats for r in prep.problem.rooms if r.seats is not None]
    top = max(finite, default=0)
    seats = prep.classes[c].seats
    own = top if seats is None else seats
    return sum(
        (top if r.seats is None else r.seats) - own
        for r in prep.problem.rooms
        if (top if r.seats is None else r.seats) > own
    )


def least_larger(prep: Prepared) -> int:
    """The bound (the module text): each session in its cheapest allowed class, or more where the
    cheap classes' steps are too few for the sessions that may use them."""
    cost = [room_cost(prep, c) for c in range(len(prep.classes))]
    cheapest = sum(min(cost[c] for c in prep.eligible[i]) for i in range(prep.n) if prep.eligible[i])
    steps = len(prep.problem.workdays.steps)
    free = [c for c in range(len(cost)) if cost[c] == 0]
    held = sum(prep.classes[c].total for c in free) * steps
    if sum(prep.length[i] for i in range(prep.n) if any(cost[c] == 0 for c in prep.eligible[i])) <= held:
        return cheapest  # room enough in the rooms costing nothing (and each dearer one only as dear as alone)
    from ortools.linear_solver import pywraplp

    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        return cheapest
    share = {(i, c): solver.NumVar(0, 1, "") for i in range(prep.n) for c in prep.eligible[i]}
    for i in range(prep.n):
        if prep.eligible[i]:
            solver.Add(sum(share[i, c] for c in prep.eligible[i]) == 1)
    for c, cls in enumerate(prep.classes):
        mine = [share[i, c] * prep.length[i] for i in range(prep.n) if (i, c) in share]
        if mine:
            solver.Add(sum(mine) <= cls.total * steps)
    solver.Minimize(sum(var * cost[c] for (_, c), var in share.items()))
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return cheapest
    value = float(solver.Objective().Value())
    return max(cheapest, math.ceil(value - SLACK * max(1.0, abs(value))))
