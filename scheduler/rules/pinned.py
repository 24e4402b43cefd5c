"""pinned: a pinned unit is received exactly at its pinned time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, ClassVar

from scheduler.domain import Problem
from scheduler.rules.base import Rule
from scheduler.rules.ports import Restrictions
from scheduler.rules.values import Fact, Instance, Teller, View, Violation
from scheduler.text.messages import Message, Sentences


class Pinned(Rule):
    """Hard: a pinned unit is received exactly at its pinned time.

    Forbidden starts only (every slot but the pinned one). The greedy places
    pinned units first (:meth:`fixed_starts`).
    """

    name = "pinned"
    rank = 70
    nameable = True
    TEXT: ClassVar[Sentences] = Sentences(
        {
            "rule.pinned": ("固定时间的单位按固定时间对接", "a pinned unit meets at its pinned time"),
            "check.pinned": (
                "{unit} 安排在 {time}，但固定在 {pinned}",
                "{unit} is at {time} but is pinned to {pinned}",
            ),
            "explain.pinned": ("{unit} 固定在 {time}", "{unit} is pinned to {time}"),
            "fact.pinned": ("固定在 {time}", "is pinned to {time}"),
            "why.pinned_unavailable": (
                "{unit} 固定在 {time}，但该时间不能参加",
                "{unit} is pinned to {time}, but cannot come then",
            ),
            "why.same_time": ("{units} 都固定在 {time}", "{units} are all pinned to {time}"),
        }
    )

    def restrict(self, into: Restrictions) -> None:
        calendar = into.problem.calendar
        for pin in into.problem.pins:
            keep = calendar.index(pin.start)
            others = (t for t in range(len(calendar)) if t != keep)
            into.forbid_slots(pin.unit, others, Instance(self.name, pin.unit))

    def check(self, view: View) -> Iterator[Violation]:
        for pin in view.problem.pins:
            for i in view.by_unit.get(pin.unit, []):
                start = view.meeting(i).start
                if start is not None and start != pin.start:
                    message = self.TEXT("check.pinned", unit=pin.unit, time=start, pinned=pin.start)
                    yield self.violation(message, (pin.unit,), (start, pin.start))

    def fixes(self, problem: Problem) -> set[str]:
        return {p.unit for p in problem.pins}

    def fixed_starts(self, problem: Problem) -> Mapping[str, datetime]:
        return {p.unit: p.start for p in problem.pins}

    # -- explanations -------------------------------------------------------------------------

    def instances(self, problem: Problem) -> Iterator[Instance]:
        for pin in problem.pins:
            yield Instance(self.name, pin.unit)

    def describe(self, problem: Problem, instance: Instance) -> Message:
        pin = next(p for p in problem.pins if p.unit == instance.unit)
        return self.TEXT("explain.pinned", unit=pin.unit, time=pin.start)

    def relax(self, problem: Problem, kept: set[Instance]) -> Mapping[str, Any]:
        return {"pins": tuple(p for p in problem.pins if Instance(self.name, p.unit) in kept)}

    def facts(self, problem: Problem, instances: Sequence[Instance]) -> Iterator[Fact]:
        pins = self.fixed_starts(problem)
        for unit in dict.fromkeys(i.unit for i in instances):
            yield Fact(unit, self.TEXT("fact.pinned", time=pins[unit]), fixes=True)

    def tell_after(self, teller: Teller, instances: Sequence[Instance]) -> list[str]:
        """Pinned units not told yet: a pin they cannot come to; pins sharing a time."""
        pins = self.fixed_starts(teller.problem)
        out = []
        by_time: dict[datetime, list[str]] = defaultdict(list)
        for unit in dict.fromkeys(i.unit for i in instances):
            if unit in teller.told:
                continue
            blocked = teller.blocked(unit)
            if blocked is not None and pins[unit] in blocked:
                out.append(teller.say(self.TEXT("why.pinned_unavailable", unit=unit, time=pins[unit])))
                teller.told.add(unit)
            elif blocked is None:
                by_time[pins[unit]].append(unit)
        for when, units in by_time.items():
            if len(units) > 1:
                out.append(teller.say(self.TEXT("why.same_time", units=teller.names(units), time=when)))
                teller.told |= set(units)
        return out

    def crowding(self, problem: Problem, instances: Sequence[Instance]) -> int:
        """Several units pinned to one time: then the rooms decide."""
        pins = self.fixed_starts(problem)
        at: dict[datetime, int] = defaultdict(int)
        for unit in dict.fromkeys(i.unit for i in instances):
            at[pins[unit]] += 1
        most = max(at.values(), default=0)
        return most if most > 1 else 0


RULE = Pinned()
