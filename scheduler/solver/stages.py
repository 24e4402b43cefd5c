"""Solving an objective stage by stage: the one place a stage meets the engine.

An objective is a list of :class:`Stage` (its criteria in priority order, each stated by
:mod:`scheduler.solver.objectives`). :func:`solve_stage` minimises one stage on a model,
optionally with a *tie-break* below it (the stable search: the criterion first,
then the fewest absent units), and says what the engine found in the terms every
search needs: proven (or at a floor no timetable beats), cut short with a lower
bound, or nothing. :func:`hold` keeps a proven stage at its optimum while the next
is solved. :func:`solve_stages` is the whole lexicographic loop on one model
(``solve``); the stable search runs the same step round by round on growing
models (:mod:`scheduler.solver.stable`), and alternatives hold every stage at
the proven optimum (:mod:`scheduler.solver.alternatives`).

Why stages and not one weighted sum: one sum needs huge weights (the moved
units weigh more than any displacement), which makes the engine's bound useless
for proving; small coefficients per stage are proven quickly
(docs/performance.md).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scheduler.rules.ports import Terms
from scheduler.solver.cpsat import CpModel
from scheduler.solver.deadline import Deadline

OPTIMAL = "OPTIMAL"
INFEASIBLE = "INFEASIBLE"
FEASIBLE = "FEASIBLE"


@dataclass(frozen=True)
class Stage:
    """One criterion of a lexicographic objective: minimise ``sum(terms) + offset``."""

    terms: Terms
    offset: int = 0
    name: str = ""

    def value(self, values: Sequence[int]) -> int:
        """The criterion's value in a solution."""
        return sum(c * values[v] for v, c in self.terms) + self.offset


@dataclass(frozen=True)
class StageOutcome:
    """What one stage's solve found.

    ``status``: ``"OPTIMAL"`` (proven, or at its floor), ``"FEASIBLE"`` (cut short:
    ``bound`` is a lower bound on the stage, never below its floor), or the engine's
    status when it found no solution (``"INFEASIBLE"``, ``"UNKNOWN"``...). ``relaxed``:
    the solution takes a tie-break literal (in the stable search, a unit absent), so
    ``value`` only bounds the stage from below.
    """

    status: str
    values: tuple[int, ...] = ()
    value: int | None = None
    bound: int | None = None
    relaxed: bool = False
    wall_time: float = 0.0

    @property
    def has_solution(self) -> bool:
        return bool(self.values)


def minimize(cp: CpModel, stage: Stage, tiebreak: Sequence[tuple[int, int]] = ()) -> int:
    """Make ``stage`` the objective, then ``tiebreak`` (0/1 literals) below it; returns the weight
    of the stage (one more than the tie-break can ever add)."""
    weight = len(tiebreak) + 1
    cp.minimize([(v, c * weight) for v, c in stage.terms] + list(tiebreak), stage.offset * weight)
    return weight


def hold(cp: CpModel, stage: Stage, value: int) -> None:
    """Keep ``stage`` at ``value`` or below from now on."""
    cp.linear(stage.terms, hi=value - stage.offset)


def solve_stage(
    cp: CpModel,
    stage: Stage,
    floor: int,
    deadline: Deadline,
    workers: int,
    tiebreak: Sequence[tuple[int, int]] = (),
    reserve: float = 0.0,
) -> StageOutcome:
    """Minimise ``stage`` (then ``tiebreak``) within ``deadline`` (less ``reserve``).

    A solution at ``floor`` (a bound every timetable meets) is optimal even when the
    engine has not closed its gap: the search ends at the first one that takes no
    tie-break literal (a floor found by counting outside the model is a bound the engine
    does not know, and would otherwise spend the rest of its time trying to prove).
    """
    weight = minimize(cp, stage, tiebreak)

    def heard(objective: float) -> None:
        deadline.report("solving", stage.name, math.floor((objective + 1e-6) / weight))

    def at_floor(objective: float) -> bool:
        value, broken = divmod(round(objective), weight)  # the stage, and the tie-break literals taken
        return value <= floor and broken == 0

    on_value = heard if deadline.progress is not None else None
    outcome = cp.solve(deadline, workers, light_presolve=True, reserve=reserve, on_value=on_value, enough=at_floor)
    if not outcome.has_solution:
        return StageOutcome(outcome.status, wall_time=outcome.wall_time)
    values = outcome.values
    value = stage.value(values)
    relaxed = any(values[v] for v, _ in tiebreak)
    if outcome.status == OPTIMAL or (value <= floor and not relaxed):
        return StageOutcome(OPTIMAL, values, value, None, relaxed, outcome.wall_time)
    bound = floor
    if outcome.bound is not None:
        # stage * weight + tie-break >= engine bound, and the tie-break adds less than the weight
        bound = max(floor, math.ceil((outcome.bound - (weight - 1)) / weight - 1e-6))
    return StageOutcome(FEASIBLE, values, value, bound, relaxed, outcome.wall_time)


@dataclass(frozen=True)
class Staged:
    """What :func:`solve_stages` found: the proven optima of the first stages, the last
    solution (empty if none), a lower bound on the first stage not proven (``None``: only its
    floor is known), and the status of the last solve."""

    proven: tuple[int, ...]
    values: tuple[int, ...]
    bound: int | None
    status: str


def solve_stages(
    cp: CpModel, stages: Sequence[Stage], floors: Sequence[int], deadline: Deadline, workers: int
) -> Staged:
    """Each stage in turn, held at its optimum once proven, each solve hinted with the last solution."""
    proven: list[int] = []
    values: tuple[int, ...] = ()
    status = "UNKNOWN"
    for stage, floor in zip(stages, floors, strict=True):
        if values and stage.value(values) <= floor:
            proven.append(floor)  # already at a bound no timetable can beat
            hold(cp, stage, floor)
            continue
        found = solve_stage(cp, stage, floor, deadline, workers)
        status = found.status
        if not found.has_solution:
            return Staged(tuple(proven), values, None, status)
        values = found.values
        if found.status != OPTIMAL or found.value is None:
            return Staged(tuple(proven), values, found.bound, status)
        proven.append(found.value)
        hold(cp, stage, found.value)
        cp.hint(dict(enumerate(values)))
    return Staged(tuple(proven), values, None, status)
