"""Saying why no timetable exists: a minimal set of rule instances that cannot hold together.

Every instance of a non-background rule (a unit's unavailability, a pin, a link,
a unit's place in the category order) is guarded by an assumption literal.
CP-SAT's core of failed assumptions is sufficient but not minimal, and reliable
only with one worker, so we ask for it with one worker, then shrink it by
deletion: drop an instance, and leave it out if the rest still has no
timetable. Each of those questions is answered on the problem *relaxed* to the
remaining instances, by the fast path (first-fit, then the solving model with
its counting bounds), which settles them in milliseconds. The result is
irreducible: dropping any one instance leaves a problem that has a timetable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from scheduler.domain import Problem
from scheduler.rules.base import RULES, Instance
from scheduler.rules.check import validate
from scheduler.solver.greedy import first_fit
from scheduler.solver.objectives import slots_needed
from scheduler.solver.rooms import assign_rooms
from scheduler.text.messages import Message, render


@dataclass(frozen=True)
class Conflict:
    """Rule instances that cannot all hold (empty with ``too_many`` when units simply do not fit)."""

    problem: Problem
    instances: tuple[Instance, ...]
    minimal: bool = True
    too_many: bool = False

    def lines(self, lang: str = "zh") -> list[str]:
        """The clash: what goes wrong in a few sentences, then one line per rule instance."""
        if self.too_many:
            problem = self.problem
            reason = Message(
                "infeasible.too_many",
                units=len(problem.units),
                needed=slots_needed(problem),
                slots=len(problem.calendar),
                rooms=len(problem.rooms),
            )
            return [render(Message("infeasible.header"), lang), f"- {render(reason, lang)}"]
        from scheduler.conflicts.story import sentences

        out = [render(Message("why.header"), lang)]
        out += [f"  {line}" for line in sentences(self.problem, self.instances, lang)]
        out.append(render(Message("why.list" if self.minimal else "why.list_not_minimal"), lang))
        for instance in self.instances:
            title = render(Message(f"rule.{instance.rule}"), lang)
            out.append(f"- {render(instance.message(self.problem), lang)}  [{instance.rule}: {title}]")
        return out

    def text(self, lang: str = "zh") -> str:
        return "\n".join(self.lines(lang))

    def rules(self) -> list[str]:
        """The names of the rules in conflict."""
        return list(dict.fromkeys(i.rule for i in self.instances))


def instances(problem: Problem) -> list[Instance]:
    """Every instance of the rules that can be named in an explanation, in report order."""
    return [i for rule in RULES if not rule.hard_background for i in rule.instances(problem)]


def relax(problem: Problem, keep: Iterable[Instance]) -> Problem:
    """The problem with only the ``keep`` instances of the nameable rules.

    A unit whose category-order instance is dropped stands outside the order.
    """
    kept = set(keep)
    units = tuple(
        u
        if not u.category or len(problem.categories) < 2 or Instance("category-order", u.name) in kept
        else replace(u, category="")
        for u in problem.units
    )
    return problem.replace(
        units=units,
        unavailable=tuple(e for e in problem.unavailable if Instance("unavailable", e.unit) in kept),
        pins=tuple(p for p in problem.pins if Instance("pinned", p.unit) in kept),
        links=tuple(k for k in problem.links if Instance("linked", k.first, k.then) in kept),
    )


def has_timetable(problem: Problem, time_limit: float, workers: int = 2) -> bool | None:
    """Whether any timetable satisfies every rule (``None``: not settled in time)."""
    from scheduler.solver.model import ModelBuilder

    greedy = first_fit(problem)
    if greedy is not None and validate(problem, assign_rooms(problem, greedy)).ok:
        return True
    from scheduler.solver.objectives import _post_end_flags

    model = ModelBuilder(problem)
    # The counting bound over all slots: implied, but without it CP-SAT can take
    # minutes to find a timetable when the slots are exactly enough (docs/explanations.md).
    _post_end_flags(model)
    outcome = model.cp.solve(time_limit, workers)
    if outcome.has_solution:
        return True
    return False if outcome.status == "INFEASIBLE" else None


def explain(problem: Problem, time_limit: float = 30.0) -> Conflict | None:
    """A minimal conflict, or ``None`` when a timetable exists.

    ``time_limit`` bounds each solver call; a call that runs out of time keeps
    its instance, and the conflict is then marked not ``minimal``.
    """
    named = instances(problem)
    order = {inst: i for i, inst in enumerate(named)}
    verdict = has_timetable(relax(problem, ()), time_limit)
    if verdict is False:
        return Conflict(problem, (), too_many=True)
    core = _assumption_core(problem, named, time_limit)
    if core is None:
        return None
    if has_timetable(relax(problem, core), time_limit) is not False:
        core = list(named)  # not confirmed: shrink from everything instead
    minimal = True
    i = 0
    while i < len(core):
        trial = core[:i] + core[i + 1 :]
        verdict = has_timetable(relax(problem, trial), time_limit)
        if verdict is False:
            core = trial
        else:
            minimal = minimal and verdict is True
            i += 1
    return Conflict(problem, tuple(sorted(core, key=order.__getitem__)), minimal=minimal)


def _assumption_core(problem: Problem, named: list[Instance], time_limit: float) -> list[Instance] | None:
    """CP-SAT's sufficient set of failed assumptions (one worker), every instance if it is
    not found in time, or ``None`` when the problem has a timetable after all."""
    from scheduler.solver.model import ModelBuilder

    model = ModelBuilder(problem, explaining=True)
    literal = {inst: model.reason(inst) for inst in named}
    model.cp.assume(list(literal.values()))
    outcome = model.cp.solve(time_limit, workers=1)
    if outcome.has_solution:
        return None
    if outcome.status != "INFEASIBLE":
        return list(named)
    failed = set(outcome.core)
    return [inst for inst in named if literal[inst] in failed] or list(named)
