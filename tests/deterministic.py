"""Searches bounded by CP-SAT's deterministic time, not the wall clock: a test that asks for a proof gets
the same answer at any load of the machine (the wall-clock limit it gives is one no run reaches).

CP-SAT's ``max_deterministic_time`` counts the work done, not the seconds passed; with one worker, or several
interleaved (:meth:`scheduler.solver.cpsat.CpModel.solve`'s ``deterministic``, the default), the same model
gives the same answer whatever the machine's load. Used where a test checks a proof of a small table: under a
load of 15 on 2 cores, 30-60 s of wall clock were sometimes too few ("not proven in 30 s")."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from unittest import mock

from scheduler.meetings import engine
from scheduler.solver.cpsat import CpModel, parameters

HOUR = 3600.0
"""A wall-clock limit no test run reaches: the search is bounded by its work (:func:`by_work`)."""


@contextlib.contextmanager
def by_work(seconds: float) -> Iterator[list[float]]:
    """Within it, each CP-SAT search (the unit solver's and the meeting planner's) stops after ``seconds`` of
    deterministic time, or at its wall-clock limit when that comes first (give the caller's search
    :data:`HOUR`). Yields the deterministic time each search was given, in order."""
    given: list[float] = []
    real = CpModel._parameters

    def bounded(self: CpModel, *args: object, **kwargs: object) -> object:
        params = real(self, *args, **kwargs)  # type: ignore[arg-type]
        params.max_deterministic_time = seconds
        given.append(seconds)
        return params

    def fresh() -> object:  # (the meeting planner's searches: scheduler.meetings.engine.run)
        params = parameters()
        params.max_deterministic_time = seconds
        given.append(seconds)
        return params

    with mock.patch.object(CpModel, "_parameters", bounded), mock.patch.object(engine, "parameters", fresh):
        yield given
