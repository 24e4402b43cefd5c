"""The contenders, each run the same way: ``run(method, problem, objective, limit) -> dict``.

* ``ours``: :func:`scheduler.solve`.
* ``greedy``: first-fit alone (keeping reference times for ``stable``), as a baseline.
* ``highs``: the same set-partitioning model as a MIP on HiGHS (one weighted
  objective, as :meth:`Objective.post` writes it), the horizon cut to first-fit's
  finish for ``compact`` (the trimming PERFORMANCE.md measured), no hint.
* ``conference-scheduler``: PyconUK's conference scheduler (PuLP + CBC) on the part
  of the problem it can express: one unit per room-hour (it cannot let an allowed
  pair share a room), unavailability. It cannot express category order, links or
  finishing early; for ``stable`` it minimises its number of changes from the
  reference. Its timetable is then checked against every rule: it breaks the ones
  it cannot express.
"""

from __future__ import annotations

import time
from typing import Any

from scheduler import Problem, Timetable, validate
from scheduler.domain import Meeting
from scheduler.solver.objectives import OBJECTIVES, reference_slots
from scheduler.solver.rooms import assign_rooms

METHODS = ("ours", "greedy", "highs", "conference-scheduler")


def run(method: str, problem: Problem, objective: str, limit: float) -> dict[str, Any]:
    """Solve ``problem`` with ``method``; times in seconds from the call."""
    return {
        "ours": _ours,
        "greedy": _greedy,
        "highs": _highs,
        "conference-scheduler": _conference,
    }[method](problem, objective, limit)


def _report(problem: Problem, objective: str, timetable: Timetable | None, **fields: Any) -> dict[str, Any]:
    goal = OBJECTIVES[objective]
    out = dict(fields)
    if timetable is not None:
        report = validate(problem, timetable)
        out["valid"] = report.ok
        out["broken"] = report.rules_broken()
        out["score"] = list(goal.score(problem, timetable).values)
    else:
        out.update(valid=None, broken=[], score=None)
    return out


def _ours(problem: Problem, objective: str, limit: float) -> dict[str, Any]:
    from scheduler import solve
    from scheduler.solver.model import ModelBuilder  # noqa: F401  (OR-Tools, imported before the clock as for HiGHS)

    started = time.perf_counter()
    result = solve(problem, objective, time_limit=limit)
    total = time.perf_counter() - started
    return _report(
        problem,
        objective,
        result.timetable,
        status=result.status,
        engine=result.engine,
        bound=list(result.bound.values) if result.bound else None,
        build=result.timings.get("build", 0.0),
        first=result.timings.get("greedy"),
        proven=total if result.optimal else None,
        total=total,
    )


def _greedy(problem: Problem, objective: str, limit: float) -> dict[str, Any]:
    from scheduler.solver.greedy import first_fit

    started = time.perf_counter()
    groups = first_fit(problem, reference_slots(problem) if objective == "stable" else None)
    total = time.perf_counter() - started
    timetable = assign_rooms(problem, groups) if groups is not None else None
    return _report(problem, objective, timetable, status="heuristic", first=total, total=total, build=0.0)


def _highs(problem: Problem, objective: str, limit: float) -> dict[str, Any]:
    from scheduler.solver.greedy import first_fit
    from scheduler.solver.model import ModelBuilder, TooManyGroups
    from scheduler.solver.objectives import end_slots
    from scheduler.solver.order import in_table_order

    from .mip import solve_mip

    started = time.perf_counter()
    horizon = None
    if objective == "compact":
        groups = first_fit(problem)
        if groups is not None:  # (the model cuts each category to its window within the horizon)
            horizon = end_slots(problem, assign_rooms(problem, groups))
    try:
        model = ModelBuilder(problem, horizon=horizon)
    except TooManyGroups:  # the same model as ours: too large to build, for HiGHS as for CP-SAT
        return _report(problem, objective, None, status="model too large", total=time.perf_counter() - started)
    _one_objective(model, objective)
    build = time.perf_counter() - started
    outcome = solve_mip(model.cp, limit - build)
    total = time.perf_counter() - started
    timetable = None
    if outcome.values:
        slots = in_table_order(problem, model.placements(outcome.values), objective == "stable")
        timetable = assign_rooms(problem, slots)
    return _report(
        problem,
        objective,
        timetable,
        status=outcome.status.lower(),
        build=build,
        first=build + outcome.first_solution if outcome.first_solution is not None else None,
        proven=total if outcome.status == "OPTIMAL" else None,
        total=total,
        gap=_gap(outcome.objective, outcome.bound),
    )


def _one_objective(model: Any, objective: str) -> None:
    """A MIP solver takes one objective: the stages summed with weights large enough that the
    sum is lexicographic (moved, then displacement, then the end; the weights ``stable`` had
    when our solver, too, solved it as one sum)."""
    stages = OBJECTIVES[objective].stages(model)
    weights = [1]
    if objective == "stable":
        horizon = len(model.horizon)
        w_displacement = horizon + 1
        most = sum(max(r, horizon - 1 - r) for r in reference_slots(model.problem).values())
        weights = [w_displacement * (most + 1), w_displacement, 1]
    terms: dict[int, int] = {}
    offset = 0
    for weight, stage in zip(weights, stages, strict=True):
        for var, coeff in stage.terms:
            terms[var] = terms.get(var, 0) + weight * coeff
        offset += weight * stage.offset
    model.cp.minimize([(v, c) for v, c in terms.items() if c], offset)


def _gap(objective: float | None, bound: float | None) -> float | None:
    if objective is None or bound is None:
        return None
    return abs(objective - bound) / max(1.0, abs(objective))


def _conference(problem: Problem, objective: str, limit: float) -> dict[str, Any]:
    import pulp
    from conference_scheduler import lp_problem as lp
    from conference_scheduler.lp_problem import objective_functions as objectives
    from conference_scheduler.resources import Event, ScheduledItem, Shape, Slot

    started = time.perf_counter()
    calendar = problem.calendar
    slots = [
        Slot(venue=room.name, starts_at=start, duration=calendar.minutes, capacity=1, session=str(start.date()))
        for start in calendar.slots
        for room in problem.rooms
    ]
    by_time: dict[Any, list[Slot]] = {}
    for slot in slots:
        by_time.setdefault(slot.starts_at, []).append(slot)
    blocked = {e.unit: e.starts for e in problem.unavailable}
    events = [
        Event(
            u.name, calendar.minutes, 0, unavailability=[s for t in sorted(blocked.get(u.name, ())) for s in by_time[t]]
        )
        for u in problem.units
    ]
    shape = Shape(len(events), len(slots))
    model = pulp.LpProblem()
    x = lp.utils.variables(shape)
    for constraint in lp.constraints.all_constraints(events, slots, x, None, "lpsum"):
        model += constraint.condition
    if objective == "stable" and problem.reference is not None:
        index = {(s.venue, s.starts_at): i for i, s in enumerate(slots)}
        reference = [
            ScheduledItem(events[problem.position(m.unit)], slots[index[(m.room, m.start)]])
            for m in problem.reference.meetings
            if (m.room, m.start) in index
        ]
        model += objectives.number_of_changes(slots, events, reference, x)
    build = time.perf_counter() - started
    status = model.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=max(1, int(limit - build)), threads=2))
    total = time.perf_counter() - started
    timetable = None
    found = pulp.LpStatus[status] == "Optimal"  # CBC also says so for a solution cut short by the limit
    chosen = [(e, s) for (e, s), var in x.items() if (var.value() or 0) > 0.5] if found else []
    if chosen:
        meetings = [Meeting(events[e].name, slots[s].starts_at, slots[s].venue) for e, s in chosen]
        timetable = Timetable(tuple(sorted(meetings, key=lambda m: problem.position(m.unit))))
    proven = found and model.sol_status == pulp.LpSolutionOptimal and objective == "stable"
    return _report(
        problem,
        objective,
        timetable,
        status=("optimal" if proven else "feasible") if timetable is not None else pulp.LpStatus[status].lower(),
        build=build,
        proven=total if proven else None,
        total=total,
    )
