"""How far the medium level of a Timefold-recipe instance is from the truth, from both sides
(``python -m benchmarks.timefold_medium``).

A measuring instrument for issue 15, not the library's search or bound: it says how far the library's
answer and its printed bound are from the medium optimum. Two independent sides:

* **From below: the configuration LP.** In any timetable keeping the hard rules, each grain has a set
  of meetings running at once; that set never holds two meetings sharing a required person, fits the
  rooms (for every seat count ``v``, no more meetings of more than ``v`` people than rooms of more
  than ``v`` seats), and costs, that grain, one medium point per person shared by two of its meetings
  (two meetings sharing a required person never run at once, so each shared person is preferred in
  one of them at least: the quickstart's two medium constraints). Counting the grains of each set
  gives a solution of the LP "cover each meeting's length with sets, at most 160 grains, least cost";
  its optimum is a lower bound on the medium level. It forgets that a meeting's grains are
  consecutive and in one day. Solved by column generation: HiGHS for the master, CP-SAT for the
  cheapest set at the duals (exact: its proven bound is used), and the bound reported is the
  Lagrangian one, ``sum(pi_i * length_i) + 160 * min(0, least reduced cost)``, valid at every round
  (the duals rounded up for CP-SAT's integer costs, which only lowers it); it equals the LP optimum
  when no set prices out.
* **From above: a search of its own.** Every meeting length of the recipe (8, 12, 16 grains) is a
  multiple of 4, so starts on 4-grain blocks are a restriction (never better than the truth, often
  as good): a time-indexed CP-SAT model on the blocks, the medium level alone, rooms given first-fit
  afterwards; every answer is scored by the common scorer (:mod:`benchmarks.timefold_score`) and kept
  only with hard 0.

``--ours SECONDS`` runs the library first (``timefold`` preset, as the bench does) and prints its
answer beside. Prints JSON lines.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from benchmarks.timefold_recipe import DAYS, GRAINS_PER_DAY, Instance, demo, generate
from benchmarks.timefold_score import Placement, score

SCALE = 1000
"""CP-SAT's costs are integers: the duals times this, rounded up."""


@dataclass(frozen=True)
class Conflicts:
    """What the configuration LP needs of an instance: per meeting its length and people, the pairs
    that may never run at once (a required person in both), the others' shared people, the seats."""

    length: list[int]
    size: list[int]
    hard: set[tuple[int, int]]
    shared: dict[tuple[int, int], int]
    seats: list[int]


def conflicts(instance: Instance) -> Conflicts:
    meetings = instance.meetings
    everyone = [set(m.required) | set(m.preferred) for m in meetings]
    hard: set[tuple[int, int]] = set()
    shared: dict[tuple[int, int], int] = {}
    for i, j in combinations(range(len(meetings)), 2):
        if set(meetings[i].required) & set(meetings[j].required):
            hard.add((i, j))
        elif everyone[i] & everyone[j]:
            shared[i, j] = len(everyone[i] & everyone[j])
    return Conflicts(
        [m.grains for m in meetings],
        [len(e) for e in everyone],
        hard,
        shared,
        sorted(r.seats for r in instance.rooms),
    )


def set_cost(chosen: frozenset[int], c: Conflicts) -> int:
    """One grain's medium points with ``chosen`` running."""
    return sum(c.shared.get(pair, 0) for pair in combinations(sorted(chosen), 2))


def cheapest_set(c: Conflicts, duals: list[float], seconds: float) -> tuple[float, list[frozenset[int]]]:
    """A lower bound on the least ``cost(S) - sum(duals[i] for i in S)`` over the sets that may run at
    once (CP-SAT's proven bound, the duals rounded up), and the sets found below 0."""
    from ortools.sat.python import cp_model

    gain = [math.ceil(d * SCALE - 1e-9) for d in duals]
    live = [i for i in range(len(duals)) if gain[i] > 0]  # one with no gain only adds cost: never in the least
    model = cp_model.CpModel()
    y = {i: model.new_bool_var(f"y{i}") for i in live}
    for i, j in c.hard:
        if i in y and j in y:
            model.add_bool_or([y[i].negated(), y[j].negated()])
    for v in [0, *sorted(set(c.seats))]:
        big = [y[i] for i in live if c.size[i] > v]
        if len(big) > sum(1 for s in c.seats if s > v):
            model.add(sum(big) <= sum(1 for s in c.seats if s > v))
    cost = []
    for (i, j), k in c.shared.items():
        if i in y and j in y:
            both = model.new_bool_var("")
            model.add_bool_or([y[i].negated(), y[j].negated(), both])
            cost.append(SCALE * k * both)
    model.minimize(sum(cost) - sum(gain[i] * y[i] for i in live))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 2
    found: list[frozenset[int]] = []

    class Keep(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            if self.objective_value < 0:
                found.append(frozenset(i for i in live if self.value(y[i])))

    solver.solve(model, Keep())
    return min(0.0, solver.best_objective_bound / SCALE), found


def master(c: Conflicts, columns: list[frozenset[int]], grains: int) -> tuple[float, list[float], float]:
    """The restricted master LP (HiGHS): its value, the coverage rows' duals and the grains row's. A
    column past the grains (cost 10^4 a grain) keeps it feasible before the columns cover the meetings."""
    import highspy
    import numpy as np

    n = len(c.length)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(columns) + 1, n + 1
    lp.col_cost_ = np.array([float(set_cost(s, c)) for s in columns] + [1e4])
    lp.col_lower_ = np.zeros(len(columns) + 1)
    lp.col_upper_ = np.full(len(columns) + 1, highspy.kHighsInf)
    lp.row_lower_ = np.array([float(x) for x in c.length] + [-highspy.kHighsInf])
    lp.row_upper_ = np.array([float(x) for x in c.length] + [float(grains)])
    starts: list[int] = []
    index: list[int] = []
    value: list[float] = []
    for s in columns:
        starts.append(len(index))
        index += [*sorted(s), n]
        value += [1.0] * (len(s) + 1)
    starts.append(len(index))
    index.append(n)
    value.append(-1.0)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.array([*starts, len(index)])
    lp.a_matrix_.index_ = np.array(index)
    lp.a_matrix_.value_ = np.array(value)
    highs = highspy.Highs()  # type: ignore[no-untyped-call]
    highs.setOptionValue("output_flag", False)
    highs.passModel(lp)
    highs.run()
    duals = list(highs.getSolution().row_dual)
    return highs.getInfo().objective_function_value, duals[:n], duals[n]


def running_sets(instance: Instance, placement: dict[str, Placement]) -> list[frozenset[int]]:
    """The sets running at once, grain by grain, in a timetable: the columns to start from."""
    index = {m.id: i for i, m in enumerate(instance.meetings)}
    out = set()
    for g in range(1, DAYS * GRAINS_PER_DAY + 1):
        running = frozenset(
            index[k] for k, (start, _) in placement.items() if start <= g < start + instance.meetings[index[k]].grains
        )
        if len(running) > 1:
            out.add(running)
    return sorted(out, key=sorted)


def configuration_bound(
    instance: Instance, seconds: float, start: dict[str, Placement] | None = None, price_seconds: float = 20.0
) -> dict[str, Any]:
    """The configuration LP's bound on the medium level of ``instance`` (the module's docstring), by column
    generation for at most ``seconds`` of wall time; ``start``: a timetable whose grains' sets seed the columns."""
    seeds = running_sets(instance, start) if start else []
    return lp_bound(conflicts(instance), DAYS * GRAINS_PER_DAY, seconds, seeds, price_seconds)


def lp_bound(
    c: Conflicts, grains: int, seconds: float, seeds: Sequence[frozenset[int]] = (), price_seconds: float = 20.0
) -> dict[str, Any]:
    """Column generation on ``c`` over ``grains`` grains: the best Lagrangian bound of its rounds (rounded
    up: the medium level is whole), the last master's value, and how it ended."""
    columns = [frozenset([i]) for i in range(len(c.length))] + list(seeds)
    seen, best, rounds, value = set(columns), 0.0, 0, float("inf")
    began, cpu = time.perf_counter(), time.process_time()
    converged = False
    while time.perf_counter() - began < seconds:
        rounds += 1
        value, duals, per_grain = master(c, columns, grains)
        least, found = cheapest_set(c, duals, price_seconds)
        best = max(best, sum(d * x for d, x in zip(duals, c.length, strict=True)) + grains * least)
        fresh = [s for s in found if s not in seen and set_cost(s, c) - sum(duals[i] for i in s) < per_grain - 1e-9]
        converged = best >= value - 1e-6  # the Lagrangian bound meets the master: the LP's optimum
        if converged or not fresh:
            break
        seen.update(fresh)
        columns += fresh
    return {
        "bound": math.ceil(best - 1e-6),
        "lp": round(value, 3),
        "rounds": rounds,
        "columns": len(columns),
        "converged": converged,
        "cpu_s": round(time.process_time() - cpu, 1),
    }


def block_search(
    instance: Instance, seconds: float, hint: dict[str, Placement] | None = None
) -> tuple[dict[str, Placement] | None, Any]:
    """The medium level alone on 4-grain block starts (CP-SAT, 2 workers, for ``seconds``), rooms
    first-fit; the best answer with hard 0 and its score (the common scorer's), or ``None``."""
    from ortools.sat.python import cp_model

    model, x, per_day = _block_model(instance, hint)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 2
    kept: list[tuple[dict[str, Placement], Any]] = []

    class Keep(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            starts = {
                i: 1 + (b // per_day) * GRAINS_PER_DAY + (b % per_day) * 4 for (i, b), v in x.items() if self.value(v)
            }
            placed = _rooms_first_fit(instance, starts)
            found = score(instance, placed)
            if found.hard == 0 and (not kept or found.key() > kept[-1][1].key()):
                kept.append((placed, found))

    solver.solve(model, Keep())
    return kept[-1] if kept else (None, None)


def _block_model(instance: Instance, hint: dict[str, Placement] | None) -> tuple[Any, dict[tuple[int, int], Any], int]:
    """The time-indexed model of :func:`block_search`: one boolean per meeting and block start, per person
    and block the count of their meetings running, its C(n, 2) from below by its tangents up to the
    rooms' count (no more run at once), so exact where the objective pushes it down."""
    from ortools.sat.python import cp_model

    meetings, per_day = instance.meetings, GRAINS_PER_DAY // 4
    model = cp_model.CpModel()
    x: dict[tuple[int, int], Any] = {}
    run: dict[tuple[int, int], list[Any]] = {}
    for i, m in enumerate(meetings):
        span = m.grains // 4
        for b in (d * per_day + o for d in range(DAYS) for o in range(per_day - span + 1)):
            x[i, b] = model.new_bool_var("")
            for q in range(b, b + span):
                run.setdefault((i, q), []).append(x[i, b])
            if hint and m.id in hint:
                model.add_hint(x[i, b], hint[m.id][0] == 1 + (b // per_day) * GRAINS_PER_DAY + (b % per_day) * 4)
        model.add_exactly_one([v for (k, _), v in x.items() if k == i])
    size = [len(m.required) + len(m.preferred) for m in meetings]
    seats = [r.seats for r in instance.rooms]
    cost = []
    for q in range(DAYS * per_day):
        for v in [0, *sorted(set(seats))]:
            lits = [v2 for i in range(len(meetings)) if size[i] > v for v2 in run.get((i, q), [])]
            if len(lits) > sum(1 for s in seats if s > v):
                model.add(sum(lits) <= sum(1 for s in seats if s > v))
        for person in instance.people:
            required = [v2 for i, m in enumerate(meetings) if person.id in m.required for v2 in run.get((i, q), [])]
            if len(required) > 1:
                model.add_at_most_one(required)
            every = required + [
                v2 for i, m in enumerate(meetings) if person.id in m.preferred for v2 in run.get((i, q), [])
            ]
            if len(every) > 1:
                pairs = model.new_int_var(0, len(every) * (len(every) - 1) // 2, "")
                for k in range(1, min(len(every), len(seats))):  # at most one meeting a room at once
                    model.add(pairs >= k * sum(every) - k * (k + 1) // 2)
                cost.append(pairs)
    model.minimize(4 * sum(cost))
    return model, x, per_day


def _rooms_first_fit(instance: Instance, starts: dict[int, int]) -> dict[str, Placement]:
    """Rooms for the starts: by start, the larger meetings first, the smallest free room with the seats."""
    rooms = sorted(instance.rooms, key=lambda r: r.seats)
    busy: dict[str, list[tuple[int, int]]] = {r.id: [] for r in rooms}
    placed: dict[str, Placement] = {}
    meetings = instance.meetings
    need = {i: len(meetings[i].required) + len(meetings[i].preferred) for i in starts}
    for i in sorted(starts, key=lambda i: (starts[i], -need[i])):
        begin, end = starts[i], starts[i] + meetings[i].grains
        free = [r.id for r in rooms if r.seats >= need[i] and all(e <= begin or end <= s for s, e in busy[r.id])] or [
            rooms[-1].id
        ]  # none free: the scorer then says hard, and the answer is not kept
        busy[free[0]].append((begin, end))
        placed[meetings[i].id] = (begin, free[0])
    return placed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="*", default=["50"], help="recipe instances (meetings, seed 0), or demo")
    parser.add_argument("--bound-seconds", type=float, default=600.0, help="column generation's wall time at most")
    parser.add_argument("--search-seconds", type=float, default=300.0, help="the block search's wall time")
    parser.add_argument("--ours", type=float, default=0.0, help="run the library first for this many seconds")
    parser.add_argument("--hint", action="store_true", help="start the block search from the library's answer")
    args = parser.parse_args(argv)
    for size in args.sizes:
        instance = demo() if size == "demo" else generate(int(size), 0)
        line: dict[str, Any] = {"instance": instance.name, "load_start": round(os.getloadavg()[0], 2)}
        start = None
        if args.ours > 0:
            from benchmarks.timefold_ours import solve_instance

            ours = solve_instance(instance, args.ours)
            start = ours.placements or None
            line["ours"] = str(score(instance, ours.placements)) if ours.placements else None
            line["ours_bound"] = ours.bound
        line["configuration"] = configuration_bound(instance, args.bound_seconds, start)
        if args.search_seconds > 0:
            began = time.process_time()
            _, found = block_search(instance, args.search_seconds, start if args.hint else None)
            line["blocks"] = str(found) if found else None
            line["blocks_cpu_s"] = round(time.process_time() - began, 1)
        line["load_end"] = round(os.getloadavg()[0], 2)
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
