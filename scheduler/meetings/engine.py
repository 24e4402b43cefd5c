"""Running CP-SAT on a meeting model with the parameters that suit it.

The meeting model is large and its linear relaxation weak for the pairwise terms, so the search
leans on large-neighbourhood moves from the greedy's timetable; presolve is kept light (full
probing of a time-indexed model can take longer than the whole time limit).
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model_helper as cmh

from scheduler.solver.cpsat import CpModel, Outcome


def run(model: CpModel, time_limit: float, workers: int = 2, **extra: object) -> Outcome:
    """Solve within ``time_limit`` seconds of wall clock; ``extra`` sets further SatParameters."""
    params = cmh.SatParameters()
    params.max_time_in_seconds = max(0.01, time_limit)
    params.num_workers = max(1, workers)
    params.max_presolve_iterations = 1
    params.symmetry_level = 0
    params.cp_model_probing_level = 0
    for key, value in extra.items():
        setattr(params, key, value)
    wrapper = cmh.SolveWrapper()
    wrapper.set_parameters(params)
    if extra.get("log_search_progress"):
        wrapper.add_log_callback(print)
    started = time.perf_counter()
    response = wrapper.solve(model.proto)
    status = response.status.name
    has = status in ("OPTIMAL", "FEASIBLE")
    return Outcome(
        status=status,
        values=tuple(response.solution) if has else (),
        objective=response.objective_value if has else None,
        bound=response.best_objective_bound if has else None,
        wall_time=time.perf_counter() - started,
    )
