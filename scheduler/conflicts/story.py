"""A conflict told in the office's terms: who cannot come when, who must meet before whom.

:func:`sentences` turns the rule instances of a minimal conflict into a few
sentences that connect them, e.g. "区财政局 is unavailable every slot before
9月9日 15:00, but as a 部门 it must meet before 红旗路街道办事处, which is pinned
to 9月9日 8:00". The rules tell it, in their order:

1. each unit's own limits (its pin, its unavailability) are its *facts*
   (:meth:`~scheduler.rules.base.Rule.facts`), said once, in the shortest true form,
   limits that fix a time before those that only exclude times;
2. each rule tells its relations (the category order, a link:
   :meth:`~scheduler.rules.base.Rule.tell`), attaching the facts of the units involved;
3. then what is left (:meth:`~scheduler.rules.base.Rule.tell_after`: a pin a unit
   cannot come to, pins sharing a time), then any facts still untold, units with the same ones in
   one sentence (a time closed for every unit is said once, not once per unit);
4. last, when a rule says the clash is one of room space
   (:meth:`~scheduler.rules.base.Rule.crowding`), the rooms.

The itemised list of instances stays beside it (``Conflict.lines``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from scheduler.domain import Problem
from scheduler.rules.base import Rule
from scheduler.rules.registry import UNIT_RULES, by_rule
from scheduler.rules.values import Fact, Instance
from scheduler.text.messages import Message, joined, render, room_name

MOST = 20
"""The most units one sentence names, and the most sentences told: a conflict shrunk to the fewest
rules is short, one the time cut short may hold thousands (5,000 units: 900 KB on one screen)."""
FEW = 5
"""The most units whose own limits one sentence tells (each a clause of its own)."""


class _Teller:
    """Holds the conflict and its facts, and renders sentences in one language (the rules' ``Teller``)."""

    def __init__(self, problem: Problem, instances: Sequence[Instance], lang: str, rules: Sequence[Rule]) -> None:
        self.problem = problem
        self.lang = lang
        self.told: set[str] = set()
        self.groups = by_rule(instances, rules)
        found = [fact for rule, own in self.groups for fact in rule.facts(problem, own)]
        self._facts: dict[str, list[Fact]] = defaultdict(list)
        for fact in sorted(found, key=lambda f: not f.fixes):  # stable: rule order within each kind
            self._facts[fact.unit].append(fact)

    def say(self, message: Message) -> str:
        return render(message, self.lang)

    def names(self, units: Sequence[str]) -> str:
        """The units, joined; past :data:`MOST` the first of them and how many more (one sentence
        stays readable when a conflict not shrunk in time holds thousands)."""
        return names(units, self.lang)

    def limited(self) -> list[str]:
        """Units with facts, in the order they are told."""
        return list(self._facts)

    def has_facts(self, unit: str) -> bool:
        return unit in self._facts

    def facts(self, unit: str) -> str:
        """The unit's own limits in this conflict, joined (it is then told)."""
        self.told.add(unit)
        return self.say(Message("fact.and")).join(self.say(f.message) for f in self._facts[unit])

    def blocked(self, unit: str) -> frozenset[datetime] | None:
        """The starts the unit's facts exclude (``None``: no fact of it excludes any)."""
        sets = [f.blocked for f in self._facts.get(unit, []) if f.blocked is not None]
        return frozenset().union(*sets) if sets else None

    def others(self, others: Sequence[str]) -> str:
        """The other side of a relation: a single unit with limits is named with them."""
        limited = [u for u in others if self.has_facts(u)]
        self.told |= set(others) - set(limited)
        if len(limited) == 1 and len(others) == 1:
            return self.say(Message("why.which", unit=limited[0], facts=self.facts(limited[0])))
        return self.also(limited)

    def also(self, units: Sequence[str]) -> str:
        """Each unit's facts, appended (past :data:`FEW` units, how many more have limits)."""
        said = "".join(self.say(Message("why.also", unit=u, facts=self.facts(u))) for u in units[:FEW])
        self.told |= set(units)
        if len(units) > FEW:
            said += self.say(Message("why.also_more", more=len(units) - FEW))
        return said

    def rooms(self) -> str:
        """The rooms, when the clash is one of too many units for the hours left."""
        problem = self.problem
        if len(problem.rooms) == 1 and not problem.rooms[0].name:  # the default room: no name to give
            return self.say(Message("why.rooms_unnamed", capacity=problem.rooms[0].capacity))
        rooms = self.names(
            [self.say(Message("why.room_capacity", room=room_name(r.name), capacity=r.capacity)) for r in problem.rooms]
        )
        return self.say(Message("why.rooms", rooms=len(problem.rooms), capacity=rooms))


def names(units: Sequence[str], lang: str) -> str:
    """The units, joined, to name in one sentence in ``lang``: past :data:`MOST` the first of them
    and how many more (one sentence stays readable when a conflict holds thousands)."""
    if len(units) <= MOST:
        return joined(units, lang)
    return render(Message("why.and_more", units=list(units[:MOST]), more=len(units) - MOST), lang)


def sentences(
    problem: Problem, instances: Sequence[Instance], lang: str = "zh", rules: Sequence[Rule] = UNIT_RULES
) -> list[str]:
    """The conflict as a few connected sentences in ``lang``."""
    teller = _Teller(problem, instances, lang, rules)
    out = [line for rule, own in teller.groups for line in rule.tell(teller, own)]
    out += [line for rule, own in teller.groups for line in rule.tell_after(teller, own)]
    alike: dict[str, list[str]] = {}  # the same limits, said once for every unit they hold (a closed time)
    for unit in teller.limited():
        if unit not in teller.told:
            alike.setdefault(teller.facts(unit), []).append(unit)
    for facts, units in alike.items():
        key = "why.facts" if len(units) == 1 else "why.facts_alike"
        out.append(teller.say(Message(key, unit=teller.names(units), facts=facts)))
    crowded = next((n for rule, own in teller.groups if (n := rule.crowding(problem, own))), 0)
    if crowded >= 2:
        out.append(teller.rooms())
    if len(out) > MOST:
        out = [*out[:MOST], teller.say(Message("why.more_sentences", more=len(out) - MOST))]
    return out
