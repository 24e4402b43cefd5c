"""linked: a linked unit is received directly after the unit it follows, the same day."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from scheduler.domain import Problem
from scheduler.rules.base import Rule
from scheduler.rules.ports import Restrictions, SlotModel
from scheduler.rules.values import Instance, Teller, View
from scheduler.text.messages import Message, Sentences

if TYPE_CHECKING:
    from scheduler.rules.values.violation import Violation


class Linked(Rule):
    """Hard: a linked unit is received directly after the unit it follows, the same day.

    Forbidden starts: the first unit never in a day's last slot, the second never
    in a day's first. Model: the first starts in ``t`` exactly when the second
    starts in the slot after ``t``. The greedy places linked units as one chain
    (:meth:`follows`); rooms keep a chain in one room where they can.
    """

    name = "linked"
    rank = 80
    nameable = True
    TEXT: ClassVar[Sentences] = Sentences(
        {
            "rule.linked": (
                "紧随单位在前一单位之后紧接对接（同一天）",
                "a linked unit meets right after its predecessor, same day",
            ),
            "check.linked": (
                "{then} 应紧接 {first}（{first_time}）之后对接，实际在 {then_time}",
                "{then} must follow {first} ({first_time}) directly, but is at {then_time}",
            ),
            "explain.linked": (
                "{then} 须紧接 {first} 之后对接（同一天）",
                "{then} must meet directly after {first}, the same day",
            ),
            "why.linked": (
                "{then} 须在同一天紧接 {first} 之后对接",
                "{then} must meet directly after {first}, the same day",
            ),
            "why.linked.chain": (
                "{units} 须一个紧接一个对接，共 {count} 个，而一天最多只有 {run} 个前后紧接的对接时段",
                "{units} must meet one directly after another, {count} in a row, but a day has at most "
                "{run} meeting times each directly following the one before",
            ),
            "why.linked.facts": (
                "{then} 须在同一天紧接 {first} 之后对接，但 {unit} {facts}",
                "{then} must meet directly after {first}, the same day, but {unit} {facts}",
            ),
        }
    )

    def restrict(self, into: Restrictions) -> None:
        calendar = into.problem.calendar
        if not into.problem.links:
            return
        last = [t for t in range(len(calendar)) if calendar.next_slot(t) is None]  # of a day or a half-day
        first = [t for t in range(len(calendar)) if calendar.previous_slot(t) is None]
        for link in into.problem.links:
            reason = Instance(self.name, link.first, link.then)
            into.forbid_slots(link.first, last, reason)
            into.forbid_slots(link.then, first, reason)

    def post_slots(self, model: SlotModel) -> None:
        calendar = model.problem.calendar
        for link in model.problem.links:
            reason = Instance(self.name, link.first, link.then)
            # Only the slots where either end has a variable say anything (the others would post an empty
            # sum): walking every slot of the horizon for every link was half of a 2,000-unit model's build
            # (462 links x 2,000 slots, 5.9 s of 10.9 under cProfile). In slot order, as before.
            slots = set(model.start_slots(link.first))
            slots.update(t for f in model.start_slots(link.then) if (t := calendar.previous_slot(f)) is not None)
            for t in sorted(slots):
                follow = calendar.next_slot(t)
                if follow is None:
                    continue
                first = [(v, 1) for v in model.start_terms(link.first, t)]
                then = [(v, -1) for v in model.start_terms(link.then, follow)]
                if first or then:
                    model.linear(first + then, lo=0, hi=0, reason=reason)

    def check(self, view: View) -> Iterator[Violation]:
        follows = view.problem.calendar.follows
        for link in view.problem.links:
            firsts, thens = view.starts(link.first), view.starts(link.then)
            if not firsts or not thens:
                continue  # a unit without a time: each-unit-once says so
            # Every listed time of either end (a unit listed twice: each of them) needs its partner
            # right after or right before it; each lone time is named with the partner's nearest one.
            lone_firsts = [a for a in firsts if not any(follows(a, b) for b in thens)]
            lone_thens = [b for b in thens if not any(follows(a, b) for a in firsts)]
            for k in range(max(len(lone_firsts), len(lone_thens))):
                then = lone_thens[k] if k < len(lone_thens) else _nearest(thens, lone_firsts[k])
                first = lone_firsts[k] if k < len(lone_firsts) else _nearest(firsts, then)
                written = view.problem.calendar.written
                message = self.TEXT(
                    "check.linked", first=link.first, then=link.then, first_time=written(first), then_time=written(then)
                )
                yield self.violation(message, (link.first, link.then), (first, then))

    def tell_after(self, teller: Teller, instances: Sequence[Instance]) -> list[str]:
        """The figure that makes a chain of links impossible, when the links form one: longer than a
        day's longest run of following times (as :mod:`scheduler.solver.clash` finds it)."""
        after = {i.unit: i.other for i in instances if i.other is not None}
        if len(after) != len(instances) or len(set(after.values())) != len(after):
            return []
        heads = [u for u in after if u not in after.values()]
        if len(heads) != 1:
            return []
        chain = [heads[0]]
        while chain[-1] in after and len(chain) <= len(after):
            chain.append(after[chain[-1]])
        run = teller.problem.calendar.longest_run()
        if len(chain) != len(after) + 1 or len(chain) <= run:
            return []
        units = " → ".join(chain)
        return [teller.say(self.TEXT("why.linked.chain", units=units, count=len(chain), run=run))]

    def fixes(self, problem: Problem) -> set[str]:
        return {k.first for k in problem.links} | {k.then for k in problem.links}

    def follows(self, problem: Problem) -> Iterable[tuple[str, str]]:
        return [(k.first, k.then) for k in problem.links]

    # -- explanations -------------------------------------------------------------------------

    def instances(self, problem: Problem) -> Iterator[Instance]:
        for link in problem.links:
            yield Instance(self.name, link.first, link.then)

    def describe(self, problem: Problem, instance: Instance) -> Message:
        return self.TEXT("explain.linked", first=instance.unit, then=instance.other)

    def relax(self, problem: Problem, kept: set[Instance]) -> Mapping[str, Any]:
        return {"links": tuple(k for k in problem.links if Instance(self.name, k.first, k.then) in kept)}

    def tell(self, teller: Teller, instances: Sequence[Instance]) -> list[str]:
        """Each link, with the limits of whichever end has them."""
        out = []
        for instance in instances:
            first, then = instance.unit, instance.other
            limited = [u for u in (first, then) if teller.has_facts(u) and u not in teller.told]
            if limited:
                unit = limited[0]
                message = self.TEXT("why.linked.facts", first=first, then=then, unit=unit, facts=teller.facts(unit))
                text = teller.say(message) + teller.also(limited[1:])
            else:
                text = teller.say(self.TEXT("why.linked", first=first, then=then))
            teller.told |= {first, then}
            out.append(text)
        return out


def _nearest(times: Sequence[datetime], moment: datetime) -> datetime:
    """The one of ``times`` nearest ``moment`` (the earlier on a tie)."""
    return min(times, key=lambda t: (abs(t - moment), t))


RULE = Linked()
