"""Running CP-SAT on a meeting model with the parameters that suit it, and the call's stop signal.

The meeting model is large and its linear relaxation weak for the pairwise terms, so the search
leans on large-neighbourhood moves from the greedy's timetable; presolve is kept light (full
probing of a time-indexed model can take longer than the whole time limit).

**Stopping.** :func:`listening` sets the stop signal of a whole call (``solve_meetings``,
``replan_meetings``: anything with ``is_set()``, e.g. the web page's ``threading.Event``) for every
step beneath it, including steps added later: each :func:`run` is watched as the unit solver's
CP-SAT calls are (:func:`scheduler.solver.cpsat._watched`, interrupted within
:data:`~scheduler.solver.deadline.POLL` seconds) and does not start once the signal is set, and
the greedy stops between its rounds (:func:`stopped`). The caller keeps the best timetable so far.
The signal lives in a context variable, so two calls on two threads (two web jobs) never hear
each other's.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from ortools.sat.python import cp_model_helper as cmh

from scheduler.solver.cpsat import CpModel, Outcome, _watched, parameters
from scheduler.solver.deadline import StopSignal

_STOP: ContextVar[StopSignal | None] = ContextVar("meeting_stop", default=None)


@contextmanager
def listening(stop: StopSignal | None) -> Iterator[None]:
    """Within the block, :func:`run` and the greedy hear ``stop`` (``None``: the enclosing call's, if any)."""
    token = _STOP.set(stop if stop is not None else _STOP.get())
    try:
        yield
    finally:
        _STOP.reset(token)


def current_stop() -> StopSignal | None:
    """The stop signal of the call this step is part of (``None``: nobody can stop it)."""
    return _STOP.get()


def stopped() -> bool:
    """Whether the call this step is part of was asked to stop."""
    stop = _STOP.get()
    return stop is not None and stop.is_set()


def run(model: CpModel, time_limit: float, workers: int = 2, **extra: object) -> Outcome:
    """Solve within ``time_limit`` seconds of wall clock; ``extra`` sets further SatParameters.
    Once the call's stop signal is set, nothing is solved (``UNKNOWN``) or the search is interrupted."""
    stop = _STOP.get()
    if stop is not None and stop.is_set():
        return Outcome("UNKNOWN", (), None, None, 0.0)
    params = parameters()
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
    # the unit solver's watcher, for the stop (and Ctrl+C) only: its memory guard (a whole command's 600 MB)
    # would end every search at once in a long-lived process past it (a web server), and meeting
    # searches never had it
    response = _watched(wrapper, model.proto, stop, started + params.max_time_in_seconds)
    status = response.status.name
    has = status in ("OPTIMAL", "FEASIBLE")
    return Outcome(
        status=status,
        values=tuple(response.solution) if has else (),
        objective=response.objective_value if has else None,
        bound=response.best_objective_bound if has else None,
        wall_time=time.perf_counter() - started,
    )
