"""How a call goes (:class:`Progress`), as its progress callback hears it
(:mod:`scheduler.solver.deadline`): a module of its own, loaded with the first one heard."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    """How a call goes: ``step`` is ``"greedy"`` (a first timetable), ``"solving"`` (the solver
    improved ``criterion`` to ``value``) or ``"explaining"`` (looking for the clash). ``bound``: the
    lowest value of ``criterion`` proven possible, when one is known; ``score``: every level of the
    timetable just found as ``(name, value)`` pairs, when the call knows them all (the meeting calls'
    ``medium`` and ``soft``; the unit calls' first timetable, by their objective's stages)."""

    step: str
    criterion: str = ""
    value: int | None = None
    elapsed: float = 0.0
    bound: int | None = None
    score: tuple[tuple[str, int], ...] = ()
