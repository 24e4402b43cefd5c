"""Testing one rule alone: through the solver's port (the set-partitioning model) and the checker.

A model needs a *frame* to say anything: every unit placed once (``each-unit-once``)
and no more groups in a slot than rooms (``room-capacity``). A rule's infeasible
case must be feasible in the frame alone and infeasible with the rule added, so it
is the rule, and nothing else, that forbids it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from scheduler import Meeting, Problem, Timetable
from scheduler.rules.base import Rule
from scheduler.rules.registry import allows, rule
from scheduler.rules.values import View
from scheduler.solver.model import ModelBuilder

FRAME = (rule("each-unit-once"), rule("room-capacity"))


def frame_without(named: Rule) -> tuple[Rule, ...]:
    """The frame, less the rule under test when it is part of the frame."""
    return tuple(r for r in FRAME if r is not named)


def status(problem: Problem, rules: Sequence[Rule]) -> str:
    """CP-SAT's verdict on the model of ``problem`` built from ``rules`` only."""
    return ModelBuilder(problem, rules=rules).cp.solve(10, 1).status


def solution(problem: Problem, rules: Sequence[Rule]) -> Timetable:
    """A timetable the model built from ``rules`` only allows (no rooms: the checker seats each hour)."""
    model = ModelBuilder(problem, rules=rules)
    outcome = model.cp.solve(10, 1)
    assert outcome.has_solution, outcome.status
    slots = problem.calendar.slots
    placed = model.placements(outcome.values)
    meetings = [Meeting(u.name, slots[t]) for t, groups in placed.items() for group in groups for u in group]
    return Timetable(tuple(meetings))


def alone(problem: Problem, named: Rule) -> tuple[str, str]:
    """(status in the frame alone, status with the rule added)."""
    frame = frame_without(named)
    return status(problem, frame), status(problem, (*frame, named))


def broken(named: Rule, problem: Problem, timetable: Timetable) -> list[str]:
    """The rule's own violations of ``timetable``, in English."""
    view = View(problem, timetable, lambda units: allows(problem, units))
    return [v.text("en") for v in named.check(view)]


def table(*rows: tuple[str, datetime | None] | tuple[str, datetime | None, str]) -> Timetable:
    """A timetable from (unit, start) or (unit, start, room) rows."""
    return Timetable(tuple(Meeting(*row) for row in rows))
