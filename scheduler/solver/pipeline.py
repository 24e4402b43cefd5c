"""Solving: greedy first, CP-SAT when the greedy answer is not provably optimal.

1. A greedy timetable (:mod:`scheduler.solver.greedy`: the category-by-category packing
   for ``compact``, first-fit keeping reference times for ``stable``), checked by
   the checker.
2. If it meets the objective's lower bound it is optimal: done.
3. Otherwise CP-SAT solves the set-partitioning model: for ``compact`` hinted
   with the greedy timetable, on a horizon cut to the greedy's finish; for
   ``stable`` on small relaxed models around the units that must move, one
   criterion after the other (moved, then displacement, then end), grown until
   their optimum is exact (:mod:`scheduler.solver.stable`).
4. The user always gets the best valid timetable found: never worse than the
   greedy one, even when CP-SAT runs out of time.
5. When no timetable exists, :func:`scheduler.conflicts.explain.explain` names the clash.

Every timetable returned has passed :func:`scheduler.rules.check.validate`.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from scheduler.domain import Problem, Timetable
from scheduler.errors import InfeasibleError, ProblemError
from scheduler.rules.check import validate
from scheduler.solver.greedy import first_fit, packed
from scheduler.solver.objectives import OBJECTIVES, Objective, Score, Stable, category_slots_needed, reference_slots
from scheduler.solver.order import in_table_order
from scheduler.solver.rooms import SlotGroups, assign_rooms
from scheduler.text.messages import Message

if TYPE_CHECKING:
    import pandas as pd

    from scheduler.conflicts.explain import Conflict

OPTIMAL = "optimal"
FEASIBLE = "feasible"
INFEASIBLE = "infeasible"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Result:
    """The outcome of :func:`solve`.

    ``status`` is ``"optimal"`` (proven), ``"feasible"`` (best found in the time
    limit), ``"infeasible"`` (see ``conflict``) or ``"unknown"`` (nothing found in time).
    """

    problem: Problem
    objective: str
    status: str
    timetable: Timetable | None
    score: Score | None
    bound: Score | None
    runtime: float
    engine: str
    conflict: Conflict | None = None
    timings: Mapping[str, float] = field(default_factory=dict)
    """Seconds spent: ``greedy`` (the first timetable), ``build`` (the model), ``solve`` (CP-SAT)."""

    @property
    def optimal(self) -> bool:
        return self.status == OPTIMAL

    def moves(self) -> list[tuple[str, datetime | None, datetime | None]]:
        """(unit, reference time, new time) for every unit whose time changed."""
        if self.timetable is None:
            return []
        before = self.problem.reference.starts() if self.problem.reference else {}
        after = self.timetable.starts()
        return [
            (u.name, before.get(u.name), after.get(u.name))
            for u in self.problem.units
            if before.get(u.name) != after.get(u.name)
        ]

    def slots_used(self) -> int:
        """How many distinct slots hold a meeting."""
        return len({m.start for m in self.timetable.meetings}) if self.timetable else 0

    def last_meeting(self) -> datetime | None:
        """The start of the last meeting."""
        if not self.timetable:
            return None
        return max((m.start for m in self.timetable.meetings if m.start is not None), default=None)

    def to_dataframe(self) -> pd.DataFrame:
        """The timetable as a DataFrame: unit, start, room, category, group."""
        if self.timetable is None:
            raise InfeasibleError(self.conflict) if self.conflict else ProblemError(Message("solve.nothing"))
        frame = self.timetable.to_dataframe()
        frame["category"] = [self.problem.unit(u).category for u in frame["unit"]]
        frame["group"] = [self.problem.unit(u).group for u in frame["unit"]]
        return frame


def default_workers() -> int:
    """Solver threads: the machine's cores, at most 8."""
    return max(1, min(8, os.cpu_count() or 1))


def solve(
    problem: Problem,
    objective: str = "compact",
    time_limit: float = 30.0,
    workers: int | None = None,
) -> Result:
    """Find the best timetable for ``problem`` under ``objective`` within ``time_limit`` seconds.

    Never raises for an infeasible problem: the result's ``status`` is
    ``"infeasible"`` and ``conflict`` says which rules clash. ``workers``: CP-SAT
    threads for ``compact`` (default: the machine's cores, at most 8); the
    ``stable`` search always runs one (deterministic, and faster on its small models).
    """
    if objective not in OBJECTIVES:
        raise ProblemError(Message("solve.objective", objective=objective, known=", ".join(OBJECTIVES)))
    started = time.perf_counter()
    goal = OBJECTIVES[objective]
    reference = reference_slots(problem)
    prefer_rooms = problem.reference.rooms() if problem.reference else {}
    timings: dict[str, float] = {}

    def finish(
        status: str,
        timetable: Timetable | None,
        engine: str,
        bound: Score | None = None,
        conflict: Conflict | None = None,
    ) -> Result:
        score = goal.score(problem, timetable) if timetable is not None else None
        if status == OPTIMAL:
            bound = score
        runtime = time.perf_counter() - started
        return Result(problem, objective, status, timetable, score, bound, runtime, engine, conflict, timings)

    greedy = _greedy(problem, goal, reference, prefer_rooms)
    timings["greedy"] = time.perf_counter() - started
    lower = goal.lower_bound(problem)
    if greedy is not None and lower is not None and goal.score(problem, greedy).values <= lower.values:
        return finish(OPTIMAL, greedy, "greedy")

    if greedy is not None and isinstance(goal, Stable):
        # Few units move in a stable optimum: solve small models around them, exactly
        # (scheduler/neighbourhood.py), instead of the whole model.
        from scheduler.solver.stable import search

        found = search(
            problem,
            greedy,
            started + time_limit,
            lambda slot_groups: _checked(problem, in_table_order(problem, slot_groups, True), prefer_rooms),
            lambda timetable: _slot_groups(problem, timetable),
        )
        timings.update(found.timings)
        if len(found.proven) == len(goal.names):
            return finish(OPTIMAL, found.timetable, "cp-sat")
        floors = goal.stage_floors(problem)
        bound_values = [*found.proven, found.bound if found.bound is not None else floors[len(found.proven)]]
        bound_values += [0] * (len(goal.names) - len(bound_values))
        return finish(FEASIBLE, found.timetable, "cp-sat", Score(tuple(bound_values), goal.names))

    horizon = windows = None
    proven: list[int] = []
    if greedy is not None and objective == "compact":
        horizon = goal.score(problem, greedy).values[0]
        windows = _category_windows(problem, horizon)
    from scheduler.solver.model import ModelBuilder

    built = time.perf_counter()
    model = ModelBuilder(problem, horizon=horizon, windows=windows)
    stages = goal.stages(model)
    for stage, best in zip(stages, proven, strict=False):
        model.cp.linear(stage.terms, hi=best - stage.offset)
    if greedy is not None:
        model.hint(_slot_groups(problem, greedy))
    timings["build"] = time.perf_counter() - built

    solving = time.perf_counter()
    values: tuple[int, ...] = ()
    stage_bound: float | None = None
    verdict = "UNKNOWN"
    floors = goal.stage_floors(problem)
    for i, stage in enumerate(stages[len(proven) :], start=len(proven)):
        if values and sum(c * values[v] for v, c in stage.terms) + stage.offset <= floors[i]:
            proven.append(floors[i])  # already at a bound no timetable can beat
            model.cp.linear(stage.terms, hi=floors[i] - stage.offset)
            continue
        model.cp.minimize(stage.terms, stage.offset)
        remaining = time_limit - (time.perf_counter() - started)
        outcome = model.cp.solve(remaining, workers or default_workers(), light_presolve=True)
        timings[f"stage{i + 1}"] = outcome.wall_time
        if outcome.has_solution and outcome.objective is not None and round(outcome.objective) <= floors[i]:
            outcome = replace(outcome, status="OPTIMAL")  # a bound that holds whatever came before
        verdict = outcome.status
        if not outcome.has_solution:
            break
        values = outcome.values
        if outcome.status != "OPTIMAL":
            stage_bound = outcome.bound
            break
        best = round(outcome.objective)  # type: ignore[arg-type]
        proven.append(best)
        model.cp.linear(stage.terms, hi=best - stage.offset)  # keep this criterion at its optimum
        model.cp.hint(dict(enumerate(values)))
    timings["solve"] = time.perf_counter() - solving

    if values:
        tidy = in_table_order(problem, model.placements(values), objective == "stable")
        found = _checked(problem, tidy, prefer_rooms)
        if found is None:
            raise AssertionError("the solver returned a timetable the checker rejects")
        if greedy is not None and goal.score(problem, greedy).values < goal.score(problem, found).values:
            found = greedy
        if len(proven) == len(stages) and values:
            return finish(OPTIMAL, found, "cp-sat")
        # Lexicographic bound: the proven criteria, the bound of the one cut short, then nothing known.
        bound_values = [*proven, math.ceil(stage_bound - 1e-6) if stage_bound is not None else 0]
        bound_values += [0] * (len(stages) - len(bound_values))
        return finish(FEASIBLE, found, "cp-sat", Score(tuple(bound_values), goal.names))
    if verdict == "INFEASIBLE" and not proven:
        from scheduler.conflicts.explain import explain

        conflict = explain(problem, time_limit=max(1.0, time_limit))
        return finish(INFEASIBLE, None, "cp-sat", conflict=conflict)
    if greedy is not None:
        return finish(FEASIBLE, greedy, "greedy")
    return finish(UNKNOWN, None, "cp-sat")


def _greedy(
    problem: Problem, goal: Objective, reference: Mapping[str, int], prefer_rooms: Mapping[str, str]
) -> Timetable | None:
    """The best checked greedy timetable for the objective, or ``None``.

    ``compact``: the packing, which usually meets the counting bound; first-fit too
    when it does not. ``stable``: first-fit keeping reference times; the packing
    when that gets stuck (a valid answer, however many units it moves).
    """
    lower = goal.lower_bound(problem)
    found: list[Timetable] = []
    if goal.name == "stable":
        builders = [lambda: first_fit(problem, reference), lambda: packed(problem), lambda: first_fit(problem)]
    else:
        builders = [lambda: packed(problem), lambda: first_fit(problem)]
    for build in builders:
        timetable = _checked(problem, build(), prefer_rooms)
        if timetable is None:
            continue
        found.append(timetable)
        if goal.name == "stable" or (lower is not None and goal.score(problem, timetable).values <= lower.values):
            break
    return min(found, key=lambda t: goal.score(problem, t).values, default=None)


def _checked(problem: Problem, slot_groups: SlotGroups | None, prefer_rooms: Mapping[str, str]) -> Timetable | None:
    """Rooms numbered and the checker passed, or ``None``."""
    if slot_groups is None:
        return None
    timetable = assign_rooms(problem, slot_groups, prefer_rooms)
    return timetable if validate(problem, timetable).ok else None


def _slot_groups(problem: Problem, timetable: Timetable) -> SlotGroups:
    """Slot -> groups of a timetable (units sharing a room and hour form a group)."""
    calendar = problem.calendar
    groups: dict[tuple[int, str | None], list] = {}
    for m in timetable.meetings:
        t = calendar.index(m.start) if m.start is not None else None
        if t is not None:
            groups.setdefault((t, m.room), []).append(problem.unit(m.unit))
    out: SlotGroups = {}
    for (t, _), units in groups.items():
        out.setdefault(t, []).append(tuple(units))
    return out


def _category_windows(problem: Problem, horizon: int) -> dict[str, range]:
    """Each category's possible slots in a timetable that ends within ``horizon``:
    after the fewest slots the earlier categories need, before those the later ones need."""
    if len(problem.categories) < 2:
        return {}
    needed = category_slots_needed(problem)
    out = {}
    before = 0
    after = sum(needed.values())
    for category in problem.categories:
        after -= needed[category]
        out[category] = range(before, max(before, horizon - after))
        before += needed[category]
    return out
