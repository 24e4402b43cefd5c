"""Saying why no timetable exists: a minimal set of rule instances that cannot hold together.

Every instance of a nameable rule (a unit's unavailability, a pin, a link, a
unit's place in the category order) is guarded by an assumption literal.
CP-SAT's core of failed assumptions is sufficient but not minimal, and reliable
only with one worker, so we ask for it with one worker, then shrink it by
deletion: drop an instance, and leave it out if the rest still has no
timetable. Each of those questions is answered on the problem *relaxed* to the
remaining instances (each rule says how: :func:`scheduler.rules.registry.relaxed`),
by the fast path (first-fit, then the solving model with its counting bounds),
which settles them in milliseconds. The result is irreducible: dropping any one
instance leaves a problem that has a timetable.

What a conflict is and how it is told lives in :mod:`scheduler.conflicts`; this
module only finds one, since that needs the solver.
"""

from __future__ import annotations

from math import ceil

from scheduler.conflicts.conflict import Conflict
from scheduler.domain import Problem
from scheduler.rules.check import validate
from scheduler.rules.registry import named_instances, relaxed
from scheduler.rules.values import Instance
from scheduler.solver.deadline import Deadline, deadline_of
from scheduler.solver.greedy import first_fit
from scheduler.solver.model import ModelBuilder
from scheduler.solver.objectives import end_flags, min_groups
from scheduler.solver.rooms import assign_rooms


def has_timetable(problem: Problem, deadline: Deadline | float, workers: int = 2) -> bool | None:
    """Whether any timetable satisfies every rule (``None``: not settled in time)."""
    greedy = first_fit(problem)
    if greedy is not None and validate(problem, assign_rooms(problem, greedy)).ok:
        return True
    model = ModelBuilder(problem)
    # The counting bound over all slots: implied, but without it CP-SAT can take
    # minutes to find a timetable when the slots are exactly enough (docs/explanations.md).
    end_flags(model)
    outcome = model.cp.solve(deadline, workers)
    if outcome.has_solution:
        return True
    return False if outcome.status == "INFEASIBLE" else None


def explain(problem: Problem, time_limit: float | Deadline = 30.0) -> Conflict | None:
    """A minimal conflict, or ``None`` when a timetable exists.

    ``time_limit`` (seconds, or the deadline of the call this one is part of) covers
    the whole search; a question it leaves unsettled keeps its instance, and the
    conflict is then marked not ``minimal``.
    """
    deadline = deadline_of(time_limit)
    deadline.report("explaining")
    named = named_instances(problem)
    order = {inst: i for i, inst in enumerate(named)}
    verdict = has_timetable(relaxed(problem, ()), deadline)
    if verdict is False:
        groups = min_groups(problem, [u.name for u in problem.units])
        needed = ceil(groups / len(problem.rooms))  # the order is dropped here too: counted without it
        return Conflict(problem, (), too_many=True, needed=needed, groups=groups)
    core = _assumption_core(problem, named, deadline)
    if core is None:
        return None
    if has_timetable(relaxed(problem, core), deadline) is not False:
        core = list(named)  # not confirmed: shrink from everything instead
    minimal = True
    i = 0
    while i < len(core):
        trial = core[:i] + core[i + 1 :]
        verdict = has_timetable(relaxed(problem, trial), deadline)
        if verdict is False:
            core = trial
        else:
            minimal = minimal and verdict is True
            i += 1
    return Conflict(problem, tuple(sorted(core, key=order.__getitem__)), minimal=minimal)


def _assumption_core(problem: Problem, named: list[Instance], deadline: Deadline) -> list[Instance] | None:
    """CP-SAT's sufficient set of failed assumptions (one worker), every instance if it is
    not found in time, or ``None`` when the problem has a timetable after all."""
    model = ModelBuilder(problem, explaining=True)
    literal = {inst: model.reason(inst) for inst in named}
    model.cp.assume(list(literal.values()))
    outcome = model.cp.solve(deadline, workers=1)
    if outcome.has_solution:
        return None
    if outcome.status != "INFEASIBLE":
        return list(named)
    failed = set(outcome.core)
    return [inst for inst in named if literal[inst] in failed] or list(named)
