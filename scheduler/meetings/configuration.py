"""A lower bound on ``optional-conflicts`` from the configuration LP, by column generation.

At each working step the sessions running at once form a set that never holds two sessions sharing a
required participant (the rule ``no-double-booking``: :meth:`~scheduler.meetings.prepared.Prepared.shared`'s
hard pairs), fits the rooms (for each room-class set ``E`` an eligible-set family can need, no more
sessions whose eligible classes all lie in ``E`` than ``E`` holds at once), and costs, that step, one
conflict per person shared by two of its sessions with an optional role in one (the pairs' weights of
:meth:`~scheduler.meetings.prepared.Prepared.shared`; a person's C(k, 2) is the number of pairs of their
k sessions running). Counting the steps each set runs gives a solution of the LP "cover each session's
length with sets, at most as many steps as there are working steps, least cost"; its optimum is a lower
bound on the term. It forgets that a session's steps are consecutive and in one working period, and busy
time of optional people (which only adds conflicts): no bound counting step by step gives more.

Column generation: GLOP (OR-Tools' LP solver) for the restricted master, CP-SAT for the cheapest set at
the duals, exact (its proven bound is what is used). The bound kept is the Lagrangian one of each round,
``sum(pi_i * length_i) + steps * min(0, least reduced cost)``, valid for every ``pi >= 0`` whether or not
the LP has converged (the duals are rounded up to CP-SAT's integer costs, which only lowers it), so a
call stopped at its deadline keeps a valid bound. Measured by ``benchmarks/timefold_medium.py`` on the
Timefold recipe: 40 at 50 meetings where the counting bound says 32 (2.2-4.1 s of CPU with HiGHS);
at 100 meetings it equals the counting bound and needs minutes, so it is asked only for small tables.
"""

from __future__ import annotations

import contextvars
import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from scheduler.meetings.atbound import Either
from scheduler.meetings.engine import current_stop, listening, run, stopped
from scheduler.meetings.prepared import Prepared
from scheduler.meetings.terms import Term, by_level
from scheduler.rules.values import negated
from scheduler.solver.cpsat import CpModel

SCALE = 1000
"""CP-SAT's costs are integers: the duals times this, rounded up."""
OVERFLOW = 1e4
"""The master's cost of a step past the working steps: keeps it feasible before the sets cover the sessions."""


@dataclass(frozen=True)
class _Sets:
    """What a set running at once must keep and costs: pairs never at once, pairs' weights, room rows
    (sessions and how many of them the rooms hold at once), the sessions' lengths and the steps."""

    length: list[int]
    hard: set[tuple[int, int]]
    weight: dict[tuple[int, int], int]
    rooms: list[tuple[list[int], int]]
    steps: int

    def cost(self, chosen: frozenset[int]) -> int:
        ordered = sorted(chosen)
        return sum(self.weight.get((a, b), 0) for k, a in enumerate(ordered) for b in ordered[k + 1 :])


def _sets_of(prep: Prepared) -> _Sets:
    hard, weight = prep.shared()
    rooms: list[tuple[list[int], int]] = []
    for family in {frozenset(e) for e in prep.eligible}:
        inside = [i for i in range(prep.n) if set(prep.eligible[i]) <= family]
        holds = sum(prep.classes[c].total for c in family)
        if len(inside) > holds:
            rooms.append((inside, holds))
    return _Sets(list(prep.length), hard, weight, rooms, len(prep.problem.workdays.steps))


LARGEST = 60
"""Meetings at most, for the bound to be sought (:func:`applies`): at 100 it needed 240 s of CPU."""


def applies(prep: Prepared, objective: tuple[Term, ...]) -> bool:
    """Whether the bound is worth seeking: the medium level is optional conflicts alone, for everyone
    (no scope), on a table of at most :data:`LARGEST` meetings."""
    medium = by_level(objective).get("medium", [])
    return prep.n <= LARGEST and [(t.name, t.who) for t in medium] == [("optional-conflicts", ())]


class Floor:
    """:func:`configuration_bound` on a thread of its own, beside the call's searches (GLOP and one CP-SAT
    worker; the call's context is copied to the thread, so its stop is heard); :meth:`bound` is the best
    bound so far, whenever asked (each round's is valid), and :meth:`close` ends it."""

    def __init__(self, prep: Prepared, until: float, starts: Sequence[int] | None = None) -> None:
        self.best = 0
        self.cancel = threading.Event()
        run = contextvars.copy_context().run
        seeds = running_sets(prep, starts) if starts is not None else []
        self.thread = threading.Thread(target=run, args=(self._search, prep, until, seeds), daemon=True, name="floor")
        self.thread.start()

    def _search(self, prep: Prepared, until: float, seeds: list[frozenset[int]]) -> None:
        with listening(Either(current_stop(), self.cancel)):
            configuration_bound(prep, until, 1, self._found, seeds)

    def _found(self, value: int) -> None:
        self.best = max(self.best, value)

    def bound(self) -> int:
        """The best bound found so far (0: none yet)."""
        return self.best

    def close(self) -> None:
        """Stop the search and wait for its thread (it hears the request between two CP-SAT nodes)."""
        self.cancel.set()
        self.thread.join()


def running_sets(prep: Prepared, starts: Sequence[int]) -> list[frozenset[int]]:
    """The sets of sessions running at once at each step of a timetable starting them at ``starts``
    (clock steps), each once: the master's first columns besides the single sessions."""
    at: dict[int, set[int]] = {}
    for i, start in enumerate(starts):
        for t in range(start, start + prep.length[i]):
            at.setdefault(t, set()).add(i)
    return list({frozenset(running) for running in at.values() if len(running) > 1})


def configuration_bound(
    prep: Prepared,
    until: float,
    workers: int = 1,
    found: Callable[[int], None] | None = None,
    seeds: Sequence[frozenset[int]] = (),
) -> int:
    """A lower bound on the ``optional-conflicts`` term of every timetable of ``prep`` keeping the rules
    (unweighted), found by column generation until ``until`` (``time.perf_counter()``) or the call's stop;
    0 when nothing is proven by then. Each round's Lagrangian bound is valid; the best one is returned
    (rounded up), and told to ``found`` as each round raises it. ``seeds``: sets to start the master with
    besides the single sessions (a timetable's :func:`running_sets`: on tf-50m-s0 the greedy's cut the
    rounds to 40 from 130 to 85, twenty-fifth session); the bound is valid whatever they are, since each
    round's is valid for any duals."""
    sets = _sets_of(prep)
    if not sets.weight:
        return 0
    columns = [frozenset([i]) for i in range(prep.n)]
    columns += [s for s in dict.fromkeys(seeds) if len(s) > 1]
    seen, best = set(columns), 0.0
    while time.perf_counter() < until and not stopped():
        value, duals, per_step = _master(sets, columns)
        priced = _cheapest(sets, duals, until, workers)
        if priced is None:
            break
        least, fresh_sets = priced
        best = max(best, sum(d * n for d, n in zip(duals, sets.length, strict=True)) + sets.steps * least)
        if found is not None:
            found(max(0, math.ceil(best - 1e-6)))
        fresh = [s for s in fresh_sets if s not in seen and sets.cost(s) - sum(duals[i] for i in s) < per_step - 1e-9]
        if best >= value - 1e-6 or not fresh:
            break  # the Lagrangian bound meets the master: the LP's optimum (or nothing left to add)
        seen.update(fresh)
        columns += fresh
    return max(0, math.ceil(best - 1e-6))


def _master(sets: _Sets, columns: list[frozenset[int]]) -> tuple[float, list[float], float]:
    """The restricted master (GLOP): its value, the covering rows' duals (at least 0) and the steps row's."""
    from ortools.linear_solver import pywraplp

    lp = pywraplp.Solver.CreateSolver("GLOP")
    lam = [lp.NumVar(0, lp.infinity(), "") for _ in columns]
    past = lp.NumVar(0, lp.infinity(), "")
    cover = [lp.Constraint(float(n), lp.infinity()) for n in sets.length]
    within = lp.Constraint(-lp.infinity(), float(sets.steps))
    objective = lp.Objective()
    for var, chosen in zip(lam, columns, strict=True):
        objective.SetCoefficient(var, float(sets.cost(chosen)))
        within.SetCoefficient(var, 1.0)
        for i in chosen:
            cover[i].SetCoefficient(var, 1.0)
    objective.SetCoefficient(past, OVERFLOW)
    within.SetCoefficient(past, -1.0)
    objective.SetMinimization()
    lp.Solve()
    return objective.Value(), [max(0.0, row.dual_value()) for row in cover], within.dual_value()


def _cheapest(sets: _Sets, duals: list[float], until: float, workers: int) -> tuple[float, list[frozenset[int]]] | None:
    """A lower bound on the least ``cost(S) - sum(duals[i] for i in S)`` over the sets that may run at
    once (CP-SAT's proven bound, the duals rounded up), and the sets it found below 0; ``None`` when the
    time ran out before it proved anything."""
    gain = [math.ceil(d * SCALE - 1e-9) for d in duals]
    live = [i for i in range(len(duals)) if gain[i] > 0]  # one with no gain only adds cost: never in the least
    model = CpModel()
    y = dict(zip(live, model.new_bools(len(live)), strict=True))
    for a, b in sets.hard:
        if a in y and b in y:
            model.bool_or([negated(y[a]), negated(y[b])])
    for inside, holds in sets.rooms:
        chosen = [y[i] for i in inside if i in y]
        if len(chosen) > holds:
            model.linear([(v, 1) for v in chosen], 0, holds)
    cost: list[tuple[int, int]] = []
    for (a, b), k in sets.weight.items():
        if a in y and b in y:
            both = model.new_bool()
            model.bool_or([negated(y[a]), negated(y[b]), both])
            cost.append((both, SCALE * k))
    model.minimize(cost + [(y[i], -gain[i]) for i in live])
    left = until - time.perf_counter()
    if left <= 0:
        return None
    out = run(model, left, workers)
    if out.bound is None:
        return None
    found = []
    if out.has_solution and (out.objective or 0) < 0:
        found.append(frozenset(i for i in live if out.values[y[i]]))
    return min(0.0, out.bound / SCALE), found
