"""The scheduling rules: each defined once, serving both the solver and the checker.

A rule has a stable ``name`` (used in messages, explanations and docs) and up to
four hooks, side by side in one class so the two uses cannot drift apart:

* ``allows_group(problem, units)``: may these units share one room and hour?
  The solver only creates groups every rule allows; the checker asks the same
  question of each room and hour of a hand-made table.
* ``restrict(model)``: slots a unit may not start in (the solver drops them).
* ``post(model)``: constraints over the solver's start expressions.
* ``check(view)``: the violations of a concrete timetable, in plain words.

The property tests in ``tests/test_properties.py`` hold the two sides together:
every timetable the solver returns passes the checker, and every timetable the
checker accepts can be reproduced unchanged by the solver (``stable``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from itertools import combinations, pairwise
from types import MappingProxyType
from typing import TYPE_CHECKING, ClassVar

from scheduler.domain import Meeting, Problem, Room, Timetable, Unit
from scheduler.text.messages import Message, render

if TYPE_CHECKING:
    from scheduler.solver.model import ModelBuilder


def negated(literal: int) -> int:
    """The negation of a solver literal (the CP-SAT proto convention)."""
    return -literal - 1


_LABEL_SPLIT = re.compile(r"[;,，；、/\s]+")


@lru_cache(maxsize=4096)
def labels(unit: Unit) -> frozenset[str]:
    """The parallel-group labels of a unit (several may be given: ``A、B``)."""
    return frozenset(label for label in _LABEL_SPLIT.split(unit.group) if label)


@dataclass(frozen=True)
class Instance:
    """One instance of a rule, about one unit or link: the unit of explanation."""

    rule: str
    unit: str = ""
    other: str = ""

    def message(self, problem: Problem) -> Message:
        """What this instance demands, in the user's terms."""
        return RULES_BY_NAME[self.rule].describe(problem, self)


@dataclass(frozen=True)
class Violation:
    """A rule broken by a concrete timetable."""

    rule: str
    message: Message
    units: tuple[str, ...] = ()
    times: tuple[datetime, ...] = ()

    def text(self, lang: str = "zh") -> str:
        """One line naming the units, the time and the rule."""
        rule = RULES_BY_NAME[self.rule]
        title = render(Message(f"rule.{self.rule}"), lang)
        tag = "规则" if lang == "zh" else "rule"
        return f"{render(self.message, lang)}  [{tag} {rule.name}: {title}]"


@dataclass
class View:
    """A timetable resolved against a problem: which slot and room each meeting is in."""

    problem: Problem
    timetable: Timetable
    slot: list[int | None] = field(init=False)
    room: list[str | None] = field(init=False)
    by_unit: dict[str, list[int]] = field(init=False)
    by_slot: dict[int, list[int]] = field(init=False)

    def __post_init__(self) -> None:
        calendar = self.problem.calendar
        only_room = self.problem.rooms[0].name if len(self.problem.rooms) == 1 else None
        self.slot = [None if m.start is None else calendar.index(m.start) for m in self.timetable.meetings]
        self.room = [m.room if m.room is not None else only_room for m in self.timetable.meetings]
        self.by_unit = defaultdict(list)
        self.by_slot = defaultdict(list)
        for i, m in enumerate(self.timetable.meetings):
            self.by_unit[m.unit].append(i)
            slot = self.slot[i]
            if slot is not None:
                self.by_slot[slot].append(i)

    def meeting(self, i: int) -> Meeting:
        return self.timetable.meetings[i]

    def single_slot(self, unit: str) -> int | None:
        """The unit's slot when it has exactly one meeting inside the calendar."""
        found = self.by_unit.get(unit, [])
        if len(found) != 1:
            return None
        return self.slot[found[0]]

    def scheduled(self) -> Iterator[tuple[str, int]]:
        """Each (unit, slot) for units placed exactly once inside the calendar."""
        for unit in self.problem.units:
            slot = self.single_slot(unit.name)
            if slot is not None:
                yield unit.name, slot


class Rule:
    """Base class: a rule that allows everything and demands nothing."""

    name: ClassVar[str] = ""
    hard_background: ClassVar[bool] = True
    """Background rules always hold; the others are named one instance at a time
    when no timetable exists (see :mod:`scheduler.conflicts.explain`)."""

    def allows_group(self, problem: Problem, units: Sequence[Unit]) -> bool:
        return True

    def restrict(self, model: ModelBuilder) -> None:
        return None

    def post(self, model: ModelBuilder) -> None:
        return None

    def check(self, view: View) -> Iterator[Violation]:
        return iter(())

    def instances(self, problem: Problem) -> Iterator[Instance]:
        return iter(())

    def describe(self, problem: Problem, instance: Instance) -> Message:
        return Message(f"rule.{self.name}")


class EachUnitOnce(Rule):
    """Hard: every unit is received exactly once."""

    name = "each-unit-once"

    def post(self, model: ModelBuilder) -> None:
        for unit in model.problem.units:
            model.exactly_one(model.all_starts(unit.name))

    def check(self, view: View) -> Iterator[Violation]:
        for unit in view.problem.units:
            found = view.by_unit.get(unit.name, [])
            timed = [i for i in found if view.meeting(i).start is not None]
            if not timed:
                yield Violation(self.name, Message("check.missing", unit=unit.name), (unit.name,))
            elif len(timed) > 1:
                times = tuple(view.meeting(i).start for i in timed)  # type: ignore[misc]
                yield Violation(
                    self.name,
                    Message("check.twice", unit=unit.name, count=len(timed), times=times),
                    (unit.name,),
                    times,
                )


class WithinWindow(Rule):
    """Hard: meetings start only at the calendar's days and hours.

    The solver has no variable outside the calendar, so it needs no constraint.
    """

    name = "within-window"

    def check(self, view: View) -> Iterator[Violation]:
        for i, m in enumerate(view.timetable.meetings):
            if m.start is not None and view.slot[i] is None:
                yield Violation(
                    self.name,
                    Message("check.outside", unit=m.unit, time=m.start, window=_window_text(view.problem)),
                    (m.unit,),
                    (m.start,),
                )


def _window_text(problem: Problem) -> str:
    cal = problem.calendar
    days = "、".join(f"{d.month}月{d.day}日" for d in cal.days)
    hours = "、".join(f"{h.hour}:{h.minute:02d}" for h in cal.hours)
    return f"{days} {hours}"


class AllowedSharing(Rule):
    """Hard: units share a room and hour only if they have a parallel-group label in common."""

    name = "allowed-sharing"

    def allows_group(self, problem: Problem, units: Sequence[Unit]) -> bool:
        if len(units) < 2:
            return True
        common = labels(units[0])
        for unit in units[1:]:
            common &= labels(unit)
        return bool(common)

    def check(self, view: View) -> Iterator[Violation]:
        for (slot, room), members in _rooms_in_use(view).items():
            if room is None or len(members) < 2:
                continue
            units = [view.problem.unit(name) for name in members]
            if not self.allows_group(view.problem, units):
                when = view.problem.calendar.slots[slot]
                yield Violation(
                    self.name,
                    Message("check.shared", units=tuple(members), time=when, room=room),
                    tuple(members),
                    (when,),
                )


class RoomCapacity(Rule):
    """Hard: a room never holds more units at once than its capacity.

    The solver counts groups per slot against the rooms, size class by size
    class, which is exactly when the groups can be given rooms (rooms are then
    numbered by :func:`scheduler.solver.rooms.assign_rooms`).
    """

    name = "room-capacity"

    def allows_group(self, problem: Problem, units: Sequence[Unit]) -> bool:
        return len(units) <= problem.max_capacity

    def post(self, model: ModelBuilder) -> None:
        rooms = model.problem.rooms
        # Groups of size s fit only rooms of capacity >= s (Hall's condition per size);
        # sizes every room holds are covered by the count of rooms.
        sizes = [s for s in range(2, model.problem.max_capacity + 1) if any(r.capacity < s for r in rooms)]
        for t in model.horizon:
            groups = model.groups_at(t)
            if not groups:
                continue
            model.at_most(groups, len(rooms))
            for size in sizes:
                big = [v for v, members in model.groups_with_size_at(t) if members >= size]
                limit = sum(1 for r in rooms if r.capacity >= size)
                if big and limit < len(big):
                    model.at_most(big, limit)

    def check(self, view: View) -> Iterator[Violation]:
        problem = view.problem
        rooms = {r.name: r for r in problem.rooms}
        for (slot, room), members in _rooms_in_use(view).items():
            when = problem.calendar.slots[slot]
            if room is not None:
                capacity = rooms[room].capacity
                if len(members) > capacity:
                    yield Violation(
                        self.name,
                        Message("check.over_capacity", units=tuple(members), time=when, room=room, capacity=capacity),
                        tuple(members),
                        (when,),
                    )
            elif seat(problem, [problem.unit(n) for n in members], list(problem.rooms)) is None:
                yield Violation(
                    self.name,
                    Message("check.no_seating", units=tuple(members), time=when, rooms=len(problem.rooms)),
                    tuple(members),
                    (when,),
                )


def _rooms_in_use(view: View) -> dict[tuple[int, str | None], list[str]]:
    """Units per (slot, room) among meetings inside the calendar; room ``None`` = not stated."""
    out: dict[tuple[int, str | None], list[str]] = defaultdict(list)
    for slot, indices in sorted(view.by_slot.items()):
        for i in indices:
            out[(slot, view.room[i])].append(view.meeting(i).unit)
    return out


def seat(problem: Problem, units: Sequence[Unit], rooms: list[Room]) -> list[list[Unit]] | None:
    """Share ``units`` out over ``rooms`` so every room's units may share and fit, or ``None``."""
    rooms = sorted(rooms, key=lambda r: -r.capacity)
    placed: list[list[Unit]] = [[] for _ in rooms]

    def fits(unit: Unit, r: int) -> bool:
        members = placed[r] + [unit]
        return len(members) <= rooms[r].capacity and all(rule.allows_group(problem, members) for rule in RULES)

    def place(k: int) -> bool:
        if k == len(units):
            return True
        tried_empty: set[int] = set()  # empty rooms of one capacity are interchangeable
        for r in range(len(rooms)):
            if not placed[r]:
                if rooms[r].capacity in tried_empty:
                    continue
                tried_empty.add(rooms[r].capacity)
            if fits(units[k], r):
                placed[r].append(units[k])
                if place(k + 1):
                    return True
                placed[r].pop()
        return False

    return placed if place(0) else None


class CategoryOrder(Rule):
    """Hard: every unit of an earlier category meets in an earlier hour than any unit
    of a later category (部门 before 镇办); no hour mixes categories.

    Solver: a monotone region flag per category and slot, loads bounded by the
    flags, and the counting bound per category (its slots times the rooms, plus
    the merges of groups, must cover its units) which lets CP-SAT prove optima fast.
    """

    name = "category-order"
    hard_background = False

    def allows_group(self, problem: Problem, units: Sequence[Unit]) -> bool:
        return len(problem.categories) < 2 or len({u.category for u in units if u.category}) <= 1

    def instances(self, problem: Problem) -> Iterator[Instance]:
        if len(problem.categories) > 1:
            for unit in problem.units:
                if unit.category:
                    yield Instance(self.name, unit.name)

    def describe(self, problem: Problem, instance: Instance) -> Message:
        unit = problem.unit(instance.unit)
        rank = problem.categories.index(unit.category)
        later = "、".join(problem.categories[rank + 1 :])
        earlier = "、".join(problem.categories[:rank])
        part = "first" if not earlier else "last" if not later else "middle"
        return Message(
            f"explain.category-order.{part}", unit=unit.name, category=unit.category, before=later, after=earlier
        )

    def post(self, model: ModelBuilder) -> None:
        problem = model.problem
        count = len(problem.categories)
        if count < 2:
            return
        horizon = list(model.horizon)
        # starts[k][i]: slot horizon[i] is at or after the start of category k's hours.
        starts = {k: [model.new_bool() for _ in horizon] for k in range(1, count)}
        for k, flags in starts.items():
            for a, b in pairwise(flags):
                model.linear([(a, 1), (b, -1)], hi=0)
            if k + 1 < count:
                for a, b in zip(starts[k + 1], flags, strict=False):
                    model.linear([(a, 1), (b, -1)], hi=0)

        def region(k: int, i: int) -> tuple[list[tuple[int, int]], int]:
            """Slot horizon[i] belongs to category k, as (terms, constant)."""
            terms = [] if k == 0 else [(starts[k][i], 1)]
            if k + 1 < count:
                terms.append((starts[k + 1][i], -1))
            return terms, 1 if k == 0 else 0

        rooms = len(problem.rooms)
        if model.explaining:
            for var, units in model.variables():
                if not self.allows_group(problem, units):
                    for u, v in combinations(units, 2):
                        if u.category and v.category and u.category != v.category:
                            # the mixed group may meet only if u or v stands outside the order
                            guards = [model.reason(Instance(self.name, n)) for n in (u.name, v.name)]
                            model.cp.bool_or([negated(var)] + [negated(g) for g in guards])
            for unit in problem.units:
                if not unit.category:
                    continue
                k = problem.categories.index(unit.category)
                reason = Instance(self.name, unit.name)
                for i, t in enumerate(horizon):
                    terms, const = region(k, i)
                    lhs = [(v, 1) for v in model.start_terms(unit.name, t)]
                    if lhs:
                        model.linear(lhs + [(v, -c) for v, c in terms], hi=const, reason=reason)
            return
        for k, category in enumerate(problem.categories):
            covered: list[tuple[int, int]] = []
            covered_const = 0
            for i, t in enumerate(horizon):
                groups = model.category_groups_at(t, category)
                terms, const = region(k, i)
                if groups:
                    load = [(v, 1) for v, _ in groups]
                    model.linear(load + [(v, -rooms * c) for v, c in terms], hi=rooms * const)
                covered += [(v, members - 1) for v, members in groups if members > 1]
                covered += [(v, rooms * c) for v, c in terms]
                covered_const += rooms * const
            size = sum(1 for u in problem.units if u.category == category)
            model.linear(covered + model.excused(category), lo=size - covered_const)

    def check(self, view: View) -> Iterator[Violation]:
        problem = view.problem
        if len(problem.categories) < 2:
            return
        placed = [(rank, slot, u) for u, slot in view.scheduled() if (rank := problem.category_rank(u)) is not None]
        reported: set[str] = set()
        for rank in range(1, len(problem.categories)):
            earlier = [(slot, u) for r, slot, u in placed if r < rank]
            later = [(slot, u) for r, slot, u in placed if r >= rank]
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
                for slot, unit in sorted(early_offenders):
                    if unit not in reported:
                        reported.add(unit)
                        after = [u for s, u in later if s <= slot]
                        yield self._violation(problem, unit, slot, after, first_late, "check.order_late")
            else:
                for slot, unit in sorted(late_offenders):
                    if unit not in reported:
                        reported.add(unit)
                        before = [u for s, u in earlier if s >= slot]
                        yield self._violation(problem, unit, slot, before, last_early, "check.order_early")

    def _violation(
        self, problem: Problem, unit: str, slot: int, others: list[str], extreme: tuple[int, str], code: str
    ) -> Violation:
        when = problem.calendar.slots[slot]
        other_time = problem.calendar.slots[extreme[0]]
        return Violation(
            self.name,
            Message(
                code,
                unit=unit,
                category=problem.unit(unit).category,
                time=when,
                count=len(others),
                other=extreme[1],
                other_category=problem.unit(extreme[1]).category,
                other_time=other_time,
            ),
            (unit, extreme[1]),
            (when, other_time),
        )


class Unavailability(Rule):
    """Hard: a unit is never received at a time it said it cannot come."""

    name = "unavailable"
    hard_background = False

    def instances(self, problem: Problem) -> Iterator[Instance]:
        for entry in problem.unavailable:
            yield Instance(self.name, entry.unit)

    def describe(self, problem: Problem, instance: Instance) -> Message:
        starts = [s for e in problem.unavailable if e.unit == instance.unit for s in e.starts]
        return Message("explain.unavailable", unit=instance.unit, times=problem.calendar.describe(starts))

    def restrict(self, model: ModelBuilder) -> None:
        calendar = model.problem.calendar
        for entry in model.problem.unavailable:
            reason = Instance(self.name, entry.unit)
            for start in entry.starts:
                model.forbid(entry.unit, calendar.index(start), reason)  # type: ignore[arg-type]

    def check(self, view: View) -> Iterator[Violation]:
        blocked = defaultdict(set)
        for entry in view.problem.unavailable:
            blocked[entry.unit] |= entry.starts
        for m in view.timetable.meetings:
            if m.start is not None and m.start in blocked.get(m.unit, ()):
                yield Violation(
                    self.name, Message("check.unavailable", unit=m.unit, time=m.start), (m.unit,), (m.start,)
                )


class Pinned(Rule):
    """Hard: a pinned unit is received exactly at its pinned time."""

    name = "pinned"
    hard_background = False

    def instances(self, problem: Problem) -> Iterator[Instance]:
        for pin in problem.pins:
            yield Instance(self.name, pin.unit)

    def describe(self, problem: Problem, instance: Instance) -> Message:
        pin = next(p for p in problem.pins if p.unit == instance.unit)
        return Message("explain.pinned", unit=pin.unit, time=pin.start)

    def restrict(self, model: ModelBuilder) -> None:
        calendar = model.problem.calendar
        for pin in model.problem.pins:
            keep = calendar.index(pin.start)
            reason = Instance(self.name, pin.unit)
            for t in range(len(calendar)):
                if t != keep:
                    model.forbid(pin.unit, t, reason)

    def check(self, view: View) -> Iterator[Violation]:
        for pin in view.problem.pins:
            for i in view.by_unit.get(pin.unit, []):
                start = view.meeting(i).start
                if start is not None and start != pin.start:
                    yield Violation(
                        self.name,
                        Message("check.pinned", unit=pin.unit, time=start, pinned=pin.start),
                        (pin.unit,),
                        (start, pin.start),
                    )


class Linked(Rule):
    """Hard: a linked unit is received directly after the unit it follows, the same day."""

    name = "linked"
    hard_background = False

    def instances(self, problem: Problem) -> Iterator[Instance]:
        for link in problem.links:
            yield Instance(self.name, link.first, link.then)

    def describe(self, problem: Problem, instance: Instance) -> Message:
        return Message("explain.linked", first=instance.unit, then=instance.other)

    def restrict(self, model: ModelBuilder) -> None:
        calendar = model.problem.calendar
        for link in model.problem.links:
            reason = Instance(self.name, link.first, link.then)
            for t in range(len(calendar)):
                if calendar.next_slot(t) is None:
                    model.forbid(link.first, t, reason)
                if calendar.previous_slot(t) is None:
                    model.forbid(link.then, t, reason)

    def post(self, model: ModelBuilder) -> None:
        calendar = model.problem.calendar
        for link in model.problem.links:
            reason = Instance(self.name, link.first, link.then)
            for t in model.horizon:
                follow = calendar.next_slot(t)
                if follow is None:
                    continue
                first = [(v, 1) for v in model.start_terms(link.first, t)]
                then = [(v, -1) for v in model.start_terms(link.then, follow)]
                if first or then:
                    model.linear(first + then, lo=0, hi=0, reason=reason)

    def check(self, view: View) -> Iterator[Violation]:
        calendar = view.problem.calendar
        for link in view.problem.links:
            first = [view.meeting(i).start for i in view.by_unit.get(link.first, [])]
            then = [view.meeting(i).start for i in view.by_unit.get(link.then, [])]
            if len(first) != 1 or len(then) != 1 or first[0] is None or then[0] is None:
                continue
            if not calendar.follows(first[0], then[0]):
                yield Violation(
                    self.name,
                    Message("check.linked", first=link.first, then=link.then, first_time=first[0], then_time=then[0]),
                    (link.first, link.then),
                    (first[0], then[0]),
                )


RULES: tuple[Rule, ...] = (
    EachUnitOnce(),
    WithinWindow(),
    AllowedSharing(),
    RoomCapacity(),
    CategoryOrder(),
    Unavailability(),
    Pinned(),
    Linked(),
)
"""Every rule, in the order the checker reports them."""

RULES_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}


class _Restrictions:
    """Collects what the rules' ``restrict`` hooks forbid (it depends on the problem alone)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.forbidden: dict[tuple[str, int], tuple[Instance, ...]] = {}

    def forbid(self, unit: str, t: int, reason: Instance) -> None:
        self.forbidden[(unit, t)] = (*self.forbidden.get((unit, t), ()), reason)


def restrictions(problem: Problem, rules: Sequence[Rule] = RULES) -> Mapping[tuple[str, int], tuple[Instance, ...]]:
    """(unit, slot) -> the rule instances forbidding the unit to start there.

    Remembered for the last few problems: the greedy, the bounds and every model ask."""
    return _restrictions(problem, tuple(rules))


@lru_cache(maxsize=4)
def _restrictions(problem: Problem, rules: tuple[Rule, ...]) -> Mapping[tuple[str, int], tuple[Instance, ...]]:
    collector = _Restrictions(problem)
    for rule in rules:
        rule.restrict(collector)  # type: ignore[arg-type]
    return MappingProxyType(collector.forbidden)
