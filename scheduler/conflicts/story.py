"""A conflict told in the office's terms: who cannot come when, who must meet before whom.

:func:`sentences` turns the rule instances of a minimal conflict into a few
sentences that connect them, e.g. "区财政局 is unavailable every slot before
9月9日 15:00, but as a 部门 it must meet before 红旗路街道办事处, which is pinned
to 9月9日 8:00". Each unit's own limits (its pin, its unavailability) are said
once, in the shortest true form ("every slot before 9月9日 15:00", "can come only
at ..."), and attached to the relation that makes them clash (the category
order, a link). What no relation explains, the crowding of the rooms, is said
last. The itemised list of instances stays beside it (``Conflict.lines``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from scheduler.domain import Problem
from scheduler.rules.base import Instance
from scheduler.text.messages import Message, render


def unavailable_fact(problem: Problem, starts: set[datetime]) -> Message:
    """The shortest true way to say a unit cannot come at ``starts``."""
    slots = problem.calendar.slots
    blocked = [s for s in slots if s in starts]
    free = [s for s in slots if s not in starts]
    if not free:
        return Message("fact.unavailable_all")
    k = len(blocked)
    if k and set(slots[:k]) == set(blocked):
        return Message("fact.unavailable_before", time=slots[k])
    if k and set(slots[len(slots) - k :]) == set(blocked):
        return Message("fact.unavailable_after", time=slots[len(slots) - k - 1])
    if len(free) < len(blocked):
        return Message("fact.only", times=problem.calendar.describe(free))
    return Message("fact.unavailable", times=problem.calendar.describe(blocked))


class _Teller:
    """Holds the conflict and renders its parts in one language."""

    def __init__(self, problem: Problem, instances: Sequence[Instance], lang: str) -> None:
        self.problem = problem
        self.lang = lang
        self.pinned: dict[str, datetime] = {}
        self.blocked: dict[str, set[datetime]] = defaultdict(set)
        self.ordered: list[str] = []
        self.links: list[tuple[str, str]] = []
        pins = {p.unit: p.start for p in problem.pins}
        for inst in instances:
            if inst.rule == "pinned":
                self.pinned[inst.unit] = pins[inst.unit]
            elif inst.rule == "unavailable":
                for entry in problem.unavailable:
                    if entry.unit == inst.unit:
                        self.blocked[inst.unit] |= entry.starts
            elif inst.rule == "category-order":
                self.ordered.append(inst.unit)
            elif inst.rule == "linked":
                self.links.append((inst.unit, inst.other))
        self.told: set[str] = set()

    def say(self, message: Message) -> str:
        return render(message, self.lang)

    def names(self, units: Sequence[str]) -> str:
        return ("、" if self.lang == "zh" else ", ").join(units)

    def has_facts(self, unit: str) -> bool:
        return unit in self.pinned or unit in self.blocked

    def facts(self, unit: str) -> str:
        """The unit's own limits in this conflict, joined (it is then told)."""
        self.told.add(unit)
        parts = []
        if unit in self.pinned:
            parts.append(self.say(Message("fact.pinned", time=self.pinned[unit])))
        if unit in self.blocked:
            parts.append(self.say(unavailable_fact(self.problem, self.blocked[unit])))
        return self.say(Message("fact.and")).join(parts)

    # -- the stories ---------------------------------------------------------------

    def order(self) -> list[str]:
        """The category order: the earliest category's units against the later ones."""
        if not self.ordered:
            return []
        rank = {u: self.problem.category_rank(u) or 0 for u in self.ordered}
        first = min(rank.values())
        early = [u for u in self.ordered if rank[u] == first]
        late = [u for u in self.ordered if rank[u] != first]
        if not late:
            return []
        # The subject is a single unit with limits of its own, on either side.
        for subject, others, side in ((early, late, "before"), (late, early, "after")):
            if len(subject) == 1 and self.has_facts(subject[0]):
                unit = subject[0]
                category = self.problem.unit(unit).category
                text = self.say(
                    Message(
                        f"why.order.facts.{side}",
                        unit=unit,
                        facts=self.facts(unit),
                        category=category,
                        others=self.names(others),
                    )
                )
                return [text + self._others(others)]
        subject, others, side = (early, late, "before") if len(early) >= len(late) else (late, early, "after")
        category = "、".join(dict.fromkeys(self.problem.unit(u).category for u in subject))
        text = self.say(
            Message(
                f"why.order.plain.{side}",
                units=self.names(subject),
                category=category,
                others=self.names(others),
            )
        )
        self.told |= set(subject)
        text += self._others(others)
        limited = [u for u in subject if self.has_facts(u)]
        return [text + "".join(self.say(Message("why.also", unit=u, facts=self.facts(u))) for u in limited)]

    def _others(self, others: Sequence[str]) -> str:
        limited = [u for u in others if self.has_facts(u)]
        self.told |= set(others) - set(limited)
        if len(limited) == 1 and len(others) == 1:
            return self.say(Message("why.which", unit=limited[0], facts=self.facts(limited[0])))
        return "".join(self.say(Message("why.also", unit=u, facts=self.facts(u))) for u in limited)

    def linked(self) -> list[str]:
        out = []
        for first, then in self.links:
            limited = [u for u in (first, then) if self.has_facts(u) and u not in self.told]
            if limited:
                unit = limited[0]
                text = self.say(Message("why.linked.facts", first=first, then=then, unit=unit, facts=self.facts(unit)))
                text += "".join(self.say(Message("why.also", unit=u, facts=self.facts(u))) for u in limited[1:])
            else:
                text = self.say(Message("why.linked", first=first, then=then))
            self.told |= {first, then}
            out.append(text)
        return out

    def alone(self) -> list[str]:
        """Units whose own limits are not told yet: a pin they cannot come to, pins sharing a time."""
        out = []
        rest = [u for u in dict.fromkeys([*self.pinned, *self.blocked]) if u not in self.told]
        by_time: dict[datetime, list[str]] = defaultdict(list)
        for unit in rest:
            pin = self.pinned.get(unit)
            if pin is not None and pin in self.blocked.get(unit, ()):
                out.append(self.say(Message("why.pinned_unavailable", unit=unit, time=pin)))
                self.told.add(unit)
            elif pin is not None and unit not in self.blocked:
                by_time[pin].append(unit)
        for when, units in by_time.items():
            if len(units) > 1:
                out.append(self.say(Message("why.same_time", units=self.names(units), time=when)))
                self.told |= set(units)
        for unit in rest:
            if unit not in self.told:
                out.append(self.say(Message("why.facts", unit=unit, facts=self.facts(unit))))
        return out

    def rooms(self, units: int) -> list[str]:
        """The rooms, when the clash is one of too many units for the hours left."""
        if units < 2:
            return []
        problem = self.problem
        rooms = self.names(
            [self.say(Message("why.room_capacity", room=r.name or "—", capacity=r.capacity)) for r in problem.rooms]
        )
        return [self.say(Message("why.rooms", rooms=len(problem.rooms), capacity=rooms))]


def sentences(problem: Problem, instances: Sequence[Instance], lang: str = "zh") -> list[str]:
    """The conflict as a few connected sentences in ``lang``."""
    teller = _Teller(problem, instances, lang)
    out = teller.order() + teller.linked() + teller.alone()
    crowded = _crowded(problem, instances)
    return out + (teller.rooms(crowded) if crowded else [])


def _crowded(problem: Problem, instances: Sequence[Instance]) -> int:
    """How many units the clash packs together when it is one of room space, else 0.

    A clash is about space when one side of the category order has several
    units, or several units are pinned to one time: then the rooms decide.
    """
    ordered = [i.unit for i in instances if i.rule == "category-order"]
    if ordered:
        ranks = defaultdict(int)
        for unit in ordered:
            ranks[problem.category_rank(unit)] += 1
        if max(ranks.values()) > 1:
            return len(ordered)
    pins = defaultdict(int)
    for inst in instances:
        if inst.rule == "pinned":
            pins[next(p.start for p in problem.pins if p.unit == inst.unit)] += 1
    return max(pins.values(), default=0) if max(pins.values(), default=0) > 1 else 0
