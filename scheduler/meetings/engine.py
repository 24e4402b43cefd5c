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

**Progress.** :func:`listening` sets the call's progress callback the same way; :func:`tell` hands it
a timetable's score as the unit calls' :class:`~scheduler.solver.progress.Progress`: the first one
as ``greedy``, then each better one (by the levels in order) as ``solving``; one no better is not told.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

from scheduler.meetings.terms import LEVELS
from scheduler.solver.cpsat import CpModel, Outcome, _watched, ceiling_mb, helper, parameters
from scheduler.solver.deadline import ProgressCallback, StopSignal
from scheduler.solver.memory import resident_mb

_STOP: ContextVar[StopSignal | None] = ContextVar("meeting_stop", default=None)
_TELLER: ContextVar[_Teller | None] = ContextVar("meeting_progress", default=None)
_HELD: ContextVar[float | None] = ContextVar("meeting_held_mb", default=None)
"""The process's resident memory when the outermost call listening began (:func:`run`'s memory guard)."""


class _Teller:
    """A call's progress callback, when the call began, and the best score told so far."""

    def __init__(self, progress: ProgressCallback) -> None:
        self.progress = progress
        self.began = time.perf_counter()
        self.best: tuple[int, ...] | None = None


@contextmanager
def listening(stop: StopSignal | None, progress: ProgressCallback | None = None) -> Iterator[None]:
    """Within the block, :func:`run` and the greedy hear ``stop`` and :func:`tell` tells ``progress``
    (``None``: the enclosing call's, if any); what the process holds as the outermost block begins is
    what :func:`run`'s memory guard counts from."""
    token = _STOP.set(stop if stop is not None else _STOP.get())
    teller = _TELLER.set(_Teller(progress) if progress is not None else _TELLER.get())
    held = _HELD.set(_HELD.get() if _HELD.get() is not None else resident_mb())
    try:
        yield
    finally:
        _HELD.reset(held)
        _TELLER.reset(teller)
        _STOP.reset(token)


def heard() -> bool:
    """Whether the call this step is part of has a progress callback (else its score need not be measured)."""
    return _TELLER.get() is not None


def tell(score: Mapping[str, int], bound: Mapping[str, int | None] | None = None) -> None:
    """Tell the call's progress callback of a timetable scoring ``score`` (per level, lower is better),
    when it is the first or better than every one told before: ``greedy`` for the first, ``solving`` after.
    ``criterion`` is the first level of the score (``medium`` when the objective has one), ``bound`` its
    bound when known."""
    teller = _TELLER.get()
    if teller is None or not score:
        return
    key = tuple(score.get(level, 0) for level in LEVELS)
    if teller.best is not None and key >= teller.best:
        return
    step = "greedy" if teller.best is None else "solving"
    teller.best = key
    criterion = next(level for level in LEVELS if level in score)
    from scheduler.solver.progress import Progress

    pairs = tuple((level, score[level]) for level in LEVELS if level in score)
    known = (bound or {}).get(criterion)
    teller.progress(Progress(step, criterion, score[criterion], time.perf_counter() - teller.began, known, pairs))


def current_stop() -> StopSignal | None:
    """The stop signal of the call this step is part of (``None``: nobody can stop it)."""
    return _STOP.get()


def stopped() -> bool:
    """Whether the call this step is part of was asked to stop."""
    stop = _STOP.get()
    return stop is not None and stop.is_set()


MEMORY_MB = 850
"""The process's resident memory at which a meeting search is stopped and its best answer kept (the
ceiling is 1 GB for the whole command). CP-SAT's learned clauses grew 1,000 meetings with 18,000 busy
spans from 180 MB at 2 s to 1.01 GB at ``--time-limit 60`` (limits16 F8); the unit solver's 600 MB
would stop meeting searches whose model alone is near it."""


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
    wrapper = helper().SolveWrapper()  # (OR-Tools loaded by the first search, not on import: mt2k19)
    wrapper.set_parameters(params)
    if extra.get("log_search_progress"):
        wrapper.add_log_callback(print)
    started = time.perf_counter()
    # the unit solver's watcher, for the stop (and Ctrl+C), and its memory guard at MEMORY_MB (or
    # HEADROOM_MB past what the process held when the call began: a web server past it still searches;
    # counted from the call, not the search, so that a search after one stopped there is stopped too)
    held = _HELD.get()
    ceiling = ceiling_mb(MEMORY_MB, resident_mb() if held is None else held)
    response = _watched(wrapper, model.proto, stop, started + params.max_time_in_seconds, ceiling)
    status = response.status.name
    has = status in ("OPTIMAL", "FEASIBLE")
    return Outcome(
        status=status,
        values=tuple(response.solution) if has else (),
        objective=response.objective_value if has else None,
        bound=response.best_objective_bound if has else None,
        wall_time=time.perf_counter() - started,
    )
