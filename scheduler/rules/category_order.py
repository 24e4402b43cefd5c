"""category-order: every unit of an earlier category meets before any unit of a later one."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from itertools import combinations
from typing import TYPE_CHECKING, Any, ClassVar

from scheduler.domain import Problem, Unit
from scheduler.rules.base import Rule
from scheduler.rules.ports import SlotModel, Terms
from scheduler.rules.values import Instance, Teller, View, negated
from scheduler.text.messages import Message, Sentences

if TYPE_CHECKING:
    from scheduler.rules.regions import Regions
    from scheduler.rules.values.violation import Violation


class CategoryOrder(Rule):
    """Hard: every unit of an earlier category meets in an earlier hour than any unit
    of a later category (部门 before 镇办); no hour mixes categories.

    Model: a monotone region flag per category and slot (:class:`~scheduler.rules.regions.Regions`), loads
    bounded by the flags, and the counting bound per category (its slots times the
    rooms, plus the merges of groups, must cover its units) which lets CP-SAT prove
    optima fast. While explaining, each unit's place in the order is an instance of
    its own, guarded by an assumption literal.
    """

    name = "category-order"
    rank = 50
    grouping = "category"
    nameable = True
    TEXT: ClassVar[Sentences] = Sentences(
        {
            "rule.category-order": (
                "类别按顺序对接（如部门先于镇办）",
                "categories meet in the order the rules list them",
            ),
            "check.order_early": (
                "{unit}（{category}）安排在 {time}，不晚于 {count} 个应先对接的单位"
                "（最晚一个：{other}（{other_category}），{other_time}）",
                "{unit} ({category}) is at {time}, not after {count} {count|unit|units} that must come first "
                "(the latest: {other} ({other_category}) at {other_time})",
            ),
            "check.order_late": (
                "{unit}（{category}）安排在 {time}，不早于 {count} 个应后对接的单位"
                "（最早一个：{other}（{other_category}），{other_time}）",
                "{unit} ({category}) is at {time}, not before {count} {count|unit|units} that must come later "
                "(the earliest: {other} ({other_category}) at {other_time})",
            ),
            "explain.category-order.first": (
                "{unit} 是{category}，须排在所有{before}之前",
                "{unit} is a {category}: it must meet before every {before}",
            ),
            "explain.category-order.middle": (
                "{unit} 是{category}，须排在所有{after}之后、所有{before}之前",
                "{unit} is a {category}: it must meet after every {after} and before every {before}",
            ),
            "explain.category-order.last": (
                "{unit} 是{category}，须排在所有{after}之后",
                "{unit} is a {category}: it must meet after every {after}",
            ),
            "why.order.facts.before": (
                "{unit} {facts}，但作为{category}须排在 {others} 之前",
                "{unit} {facts}, but as a {category} it must meet before {others}",
            ),
            "why.order.facts.after": (
                "{unit} {facts}，但作为{category}须排在 {others} 之后",
                "{unit} {facts}, but as a {category} it must meet after {others}",
            ),
            "why.order.plain.before": (
                "{units} 是{category}，须排在 {others} 之前",
                "{units}, as {category}, must meet before {others}",
            ),
            "why.order.plain.after": (
                "{units} 是{category}，须排在 {others} 之后",
                "{units}, as {category}, must meet after {others}",
            ),
        }
    )

    # -- grouping and the greedy -----------------------------------------------------------

    def allows_group(self, problem: Problem, units: Sequence[Unit]) -> bool:
        return len(problem.categories) < 2 or len({u.category for u in units if u.category}) <= 1

    def phases(self, problem: Problem) -> Mapping[str, int]:
        if len(problem.categories) < 2:
            return {}
        return {u.name: problem.categories.index(u.category) for u in problem.units if u.category}

    # -- the model ---------------------------------------------------------------------------

    def post_slots(self, model: SlotModel) -> None:
        if len(model.problem.categories) < 2:
            return
        from scheduler.rules.regions import Regions  # with a model: a timetable the greedy proves needs none

        regions = Regions.post(model)
        if model.explaining:
            self._guard_mixed_groups(model)
            self._guard_each_unit(model, regions)
        else:
            for k, category in enumerate(model.problem.categories):
                self._bound_loads(model, regions, k, category)

    def _guard_mixed_groups(self, model: SlotModel) -> None:
        """While explaining, a group mixing categories may meet only if one of its units stands outside the order."""
        for var, units in model.variables():
            if self.allows_group(model.problem, units):
                continue
            for u, v in combinations(units, 2):
                if u.category and v.category and u.category != v.category:
                    guards = [model.reason(Instance(self.name, n)) for n in (u.name, v.name)]
                    model.bool_or([negated(var)] + [negated(g) for g in guards])

    def _guard_each_unit(self, model: SlotModel, regions: Regions) -> None:
        """While explaining, each unit meets inside its category's region unless its instance is dropped."""
        problem = model.problem
        for unit in problem.units:
            if not unit.category:
                continue
            k = problem.categories.index(unit.category)
            reason = Instance(self.name, unit.name)
            for i, t in enumerate(regions.horizon):
                terms, const = regions.of(k, i)
                lhs = [(v, 1) for v in model.start_terms(unit.name, t)]
                if lhs:
                    model.linear(lhs + [(v, -c) for v, c in terms], hi=const, reason=reason)

    def _bound_loads(self, model: SlotModel, regions: Regions, k: int, category: str) -> None:
        """Category ``k`` uses a slot's rooms only inside its region, and its region holds all its units."""
        problem = model.problem
        size = sum(1 for u in problem.units if u.category == category)
        if not size:
            return  # (nothing to bound: its region is never negative; a block's model has one category of 15)
        rooms = len(problem.rooms)
        covered: Terms = []
        covered_const = 0
        for i, t in enumerate(regions.horizon):
            groups = model.category_groups_at(t, category)
            terms, const = regions.of(k, i)
            if groups:
                load = [(v, 1) for v, _ in groups]
                model.linear(load + [(v, -rooms * c) for v, c in terms], hi=rooms * const)
            covered += model.merges_at(t, category)
            covered += [(v, rooms * c) for v, c in terms]
            covered_const += rooms * const
        model.linear(covered + model.excused(category), lo=size - covered_const)

    # -- the checker ---------------------------------------------------------------------------

    def check(self, view: View) -> Iterator[Violation]:
        problem = view.problem
        if len(problem.categories) < 2:
            return
        # every listed time, a slot or not (a row at 12:00 is judged at 12:00 too)
        placed = [(rank, when, u) for u, when in view.placed() if (rank := problem.category_rank(u)) is not None]
        reported: set[tuple[datetime, str]] = set()  # each listed time of a unit, once
        for rank in range(1, len(problem.categories)):
            earlier = [(when, u) for r, when, u in placed if r < rank]
            later = [(when, u) for r, when, u in placed if r >= rank]
            if not earlier or not later:
                continue
            last_early = max(earlier)
            first_late = min(later)
            if first_late[0] > last_early[0]:
                continue
            late_offenders = [(s, u) for s, u in later if s <= last_early[0]]
            early_offenders = [(s, u) for s, u in earlier if s >= first_late[0]]
            # Name the smaller side: one department placed too late, not every town after it.
            if len(early_offenders) < len(late_offenders):
                for when, unit in sorted(early_offenders):
                    if (when, unit) not in reported:
                        reported.add((when, unit))
                        after = list(dict.fromkeys(u for s, u in later if s <= when))
                        yield self._violation(problem, unit, when, after, first_late, "check.order_late")
            else:
                for when, unit in sorted(late_offenders):
                    if (when, unit) not in reported:
                        reported.add((when, unit))
                        before = list(dict.fromkeys(u for s, u in earlier if s >= when))
                        yield self._violation(problem, unit, when, before, last_early, "check.order_early")

    def _violation(
        self, problem: Problem, unit: str, when: datetime, others: list[str], extreme: tuple[datetime, str], code: str
    ) -> Violation:
        other_time = extreme[0]
        message = self.TEXT(
            code,
            unit=unit,
            category=problem.unit(unit).category,
            time=when,
            count=len(others),
            other=extreme[1],
            other_category=problem.unit(extreme[1]).category,
            other_time=other_time,
        )
        return self.violation(message, (unit, extreme[1]), (when, other_time))

    def forced_moves(
        self, problem: Problem, before: Mapping[str, datetime], after: Mapping[str, datetime]
    ) -> list[str]:
        """The units that moved (``before`` -> ``after``) and could not have stayed for this rule alone: at
        its old time, every other unit at its new one, the unit would meet no later than a unit of an
        earlier category or no earlier than one of a later category (as :meth:`check` compares them). In
        ``problem``'s unit order: what a replanning names as moved because of the order (QA jobs16 F7)."""
        count = len(problem.categories)
        if count < 2:
            return []
        rank = {u.name: problem.categories.index(u.category) for u in problem.units if u.category}
        latest: list[datetime | None] = [None] * count
        earliest: list[datetime | None] = [None] * count
        for name, r in rank.items():
            when = after.get(name)
            last, first = latest[r], earliest[r]
            if when is not None:
                latest[r] = when if last is None else max(when, last)
                earliest[r] = when if first is None else min(when, first)
        forced = []
        for name, r in rank.items():
            old, new = before.get(name), after.get(name)
            if old is None or new is None or old == new:
                continue
            early = [t for t in latest[:r] if t is not None]
            late = [t for t in earliest[r + 1 :] if t is not None]
            if (early and max(early) >= old) or (late and min(late) <= old):
                forced.append(name)
        return forced

    # -- explanations ----------------------------------------------------------------------------

    def instances(self, problem: Problem) -> Iterator[Instance]:
        if len(problem.categories) > 1:
            for unit in problem.units:
                if unit.category:
                    yield Instance(self.name, unit.name)

    def describe(self, problem: Problem, instance: Instance) -> Message:
        unit = problem.unit(instance.unit)
        rank = problem.categories.index(unit.category)
        later = list(problem.categories[rank + 1 :])
        earlier = list(problem.categories[:rank])
        part = "first" if not earlier else "last" if not later else "middle"
        return self.TEXT(
            f"explain.category-order.{part}", unit=unit.name, category=unit.category, before=later, after=earlier
        )

    def relax(self, problem: Problem, kept: set[Instance]) -> Mapping[str, Any]:
        """A unit whose instance is dropped stands outside the order (its category is cleared)."""
        if len(problem.categories) < 2:
            return {}
        return {
            "units": tuple(
                u if not u.category or Instance(self.name, u.name) in kept else replace(u, category="")
                for u in problem.units
            )
        }

    def tell(self, teller: Teller, instances: Sequence[Instance]) -> list[str]:
        """The earliest category's units against the later ones; a single unit with limits of its
        own is the subject, on whichever side it stands."""
        problem = teller.problem
        ordered = [i.unit for i in instances]
        rank = {u: problem.category_rank(u) or 0 for u in ordered}
        if not rank:
            return []
        first = min(rank.values())
        early = [u for u in ordered if rank[u] == first]
        late = [u for u in ordered if rank[u] != first]
        if not late:
            return []
        for subject, others, side in ((early, late, "before"), (late, early, "after")):
            if len(subject) == 1 and teller.has_facts(subject[0]):
                unit = subject[0]
                message = self.TEXT(
                    f"why.order.facts.{side}",
                    unit=unit,
                    facts=teller.facts(unit),
                    category=problem.unit(unit).category,
                    others=teller.names(others),
                )
                return [teller.say(message) + teller.others(others)]
        subject, others, side = (early, late, "before") if len(early) >= len(late) else (late, early, "after")
        category = list(dict.fromkeys(problem.unit(u).category for u in subject))
        message = self.TEXT(
            f"why.order.plain.{side}", units=teller.names(subject), category=category, others=teller.names(others)
        )
        text = teller.say(message)
        teller.told |= set(subject)
        text += teller.others(others)
        return [text + teller.also([u for u in subject if teller.has_facts(u)])]

    def crowding(self, problem: Problem, instances: Sequence[Instance]) -> int:
        """One side of the order with several units: then the rooms decide."""
        ranks: dict[int | None, int] = defaultdict(int)
        for instance in instances:
            ranks[problem.category_rank(instance.unit)] += 1
        return len(instances) if ranks and max(ranks.values()) > 1 else 0


RULE = CategoryOrder()
