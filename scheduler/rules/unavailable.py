"""unavailable: a unit is never received at a time it said it cannot come."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, ClassVar

from scheduler.domain import Problem
from scheduler.rules.base import Rule
from scheduler.rules.ports import Restrictions
from scheduler.rules.values import Fact, Instance, View, Violation
from scheduler.text.messages import Message, Sentences


class Unavailability(Rule):
    """Hard: a unit is never received at a time it said it cannot come.

    Forbidden starts only: the model has no variable for them. One instance per
    unit that gave times (the times are told together).
    """

    name = "unavailable"
    rank = 60
    nameable = True
    TEXT: ClassVar[Sentences] = Sentences(
        {
            "rule.unavailable": ("不在单位不能参加的时间安排", "no meeting when a unit cannot come"),
            "check.unavailable": ("{unit} 安排在 {time}，但该时间不能参加", "{unit} is at {time}, when it cannot come"),
            "explain.unavailable": ("{unit} 不能参加：{times}", "{unit} cannot come at {times}"),
            "fact.unavailable": ("不能参加 {times}", "cannot come at {times}"),
            "fact.unavailable_before": ("在 {time} 之前的时段都不能参加", "is unavailable every slot before {time}"),
            "fact.unavailable_after": ("在 {time} 之后的时段都不能参加", "is unavailable every slot after {time}"),
            "fact.unavailable_all": ("所有时段都不能参加", "cannot come at any meeting time"),
            "fact.only": ("只能在 {times} 参加", "can come only at {times}"),
        }
    )

    def restrict(self, into: Restrictions) -> None:
        calendar = into.problem.calendar
        for entry in into.problem.unavailable:  # (the problem checks that every time is a slot)
            into.forbid_slots(entry.unit, calendar.indices(entry.starts), Instance(self.name, entry.unit))

    def check(self, view: View) -> Iterator[Violation]:
        blocked = self.blocked(view.problem)
        for m in view.timetable.meetings:
            if m.start is not None and m.start in blocked.get(m.unit, ()):
                yield self.violation(self.TEXT("check.unavailable", unit=m.unit, time=m.start), (m.unit,), (m.start,))

    def blocked(self, problem: Problem) -> dict[str, frozenset[datetime]]:
        """Each unit's times it cannot come (all its entries together; a unit's only entry as it
        is, not copied: at 5,000 units that is millions of times)."""
        out: dict[str, frozenset[datetime]] = {}
        for entry in problem.unavailable:
            found = out.get(entry.unit)
            out[entry.unit] = entry.starts if found is None else found | entry.starts
        return out

    def fixes(self, problem: Problem) -> set[str]:
        return {e.unit for e in problem.unavailable}

    # -- explanations -------------------------------------------------------------------------

    def instances(self, problem: Problem) -> Iterator[Instance]:
        for entry in problem.unavailable:
            yield Instance(self.name, entry.unit)

    def describe(self, problem: Problem, instance: Instance) -> Message:
        starts = [s for e in problem.unavailable if e.unit == instance.unit for s in e.starts]
        return self.TEXT("explain.unavailable", unit=instance.unit, times=problem.calendar.describe(starts))

    def relax(self, problem: Problem, kept: set[Instance]) -> Mapping[str, Any]:
        return {"unavailable": tuple(e for e in problem.unavailable if Instance(self.name, e.unit) in kept)}

    def facts(self, problem: Problem, instances: Sequence[Instance]) -> Iterator[Fact]:
        blocked = self.blocked(problem)
        for unit in dict.fromkeys(i.unit for i in instances):
            starts = blocked.get(unit, set())
            yield Fact(unit, self.fact(problem, starts), blocked=frozenset(starts))

    def fact(self, problem: Problem, starts: set[datetime]) -> Message:
        """The shortest true way to say a unit cannot come at ``starts``."""
        slots = problem.calendar.slots
        blocked = [s for s in slots if s in starts]
        free = [s for s in slots if s not in starts]
        if not free:
            return self.TEXT("fact.unavailable_all")
        k = len(blocked)
        if k and set(slots[:k]) == set(blocked):
            return self.TEXT("fact.unavailable_before", time=slots[k])
        if k and set(slots[len(slots) - k :]) == set(blocked):
            return self.TEXT("fact.unavailable_after", time=slots[len(slots) - k - 1])
        if len(free) < len(blocked):
            return self.TEXT("fact.only", times=problem.calendar.describe(free))
        return self.TEXT("fact.unavailable", times=problem.calendar.describe(blocked))


RULE = Unavailability()
