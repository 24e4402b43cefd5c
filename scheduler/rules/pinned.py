"""pinned: a pinned unit (or meeting) is held exactly at its pinned time (and room)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from scheduler.domain import Problem
from scheduler.rules.base import Rule
from scheduler.rules.ports import Restrictions, SessionLimits
from scheduler.rules.started import RULE as _STARTED
from scheduler.rules.values import Instance, Teller, View
from scheduler.text.messages import Message, Sentences, room_name
from scheduler.text.times import format_time

if TYPE_CHECKING:
    from scheduler.domain.meetings import MeetingProblem, Pin
    from scheduler.rules.values.fact import Fact
    from scheduler.rules.values.plan_view import PlanView
    from scheduler.rules.values.violation import Violation


STARTED = _STARTED.name


def pin_instance(pin: Pin) -> Instance:
    """The instance that holds a meeting's pin: ``started`` for a meeting kept because it has begun
    (``pin.begun``: no one wrote that pin), ``pinned`` for the others."""
    return Instance(STARTED if pin.begun is not None else Pinned.name, pin.title)


class Pinned(Rule):
    """Hard: a pinned unit is received exactly at its pinned time.

    Forbidden starts only (every slot but the pinned one). The greedy places
    pinned units first (:meth:`fixed_starts`).

    Meeting problems: a pinned meeting starts at its pinned time, and is held in its pinned
    room when the pin names one (forbidden starts and rooms). One instance per pin.
    """

    name = "pinned"
    rank = 70
    nameable = True
    TEXT: ClassVar[Sentences] = Sentences(
        {
            "mrule.pinned": ("固定时间（会议室）的会议按固定安排", "a pinned meeting stays at its time (and room)"),
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
            "why.same_time": ("{units} 都固定在 {time}", "{units} are pinned to {time}"),
            "mcheck.pin": (
                "会议“{title}”固定在 {time}{room}，实际安排在 {actual}{placed}",
                "meeting '{title}' is pinned at {time}{room} but placed at {actual}{placed}",
            ),
            "explain.pinned_meeting": (
                "会议“{title}”固定在 {time}{room}",
                "meeting '{title}' is pinned at {time}{room}",
            ),
            "mpin.room": ("，在会议室“{room}”", " in room {room}"),
            "mpin.no_room": ("，未安排会议室", " without a room"),
        }
    )

    # -- meeting problems -----------------------------------------------------------------------

    def restrict_sessions(self, into: SessionLimits) -> None:
        problem = into.problem
        for pin in problem.pins:
            i = problem.index(pin.title)
            step = problem.workdays.step(pin.start)
            reason = pin_instance(pin)
            # every other start forbidden (each one when the pin is off the grid), without a word per start
            into.only_starts(i, () if step is None else (step,), reason)
            if pin.room is not None:
                for room in problem.rooms:
                    if room.name != pin.room:
                        into.forbid_room(i, room.name, reason)

    def check_plan(self, view: PlanView) -> Iterator[Violation]:
        problem = view.problem
        for pin in problem.pins:
            if pin.begun is not None:
                continue  # a meeting kept because it has begun: the rule ``started`` checks it
            i = problem.index(pin.title)
            at_time = view.step.get(i) == problem.workdays.step(pin.start)
            in_room = pin.room is None or view.room.get(i) == pin.room
            if not (at_time and in_room):
                actual: object = view.moment(i) if i in view.step else "—"
                placed: Message | str = ""
                where = view.room.get(i) or dict(view.unknown_room).get(pin.title)
                if not in_room:  # the room it is in (or that it has none): what differs from the pin
                    actual = format_time(view.moment(i)) if i in view.step else "—"
                    placed = self._room(where) if where is not None else self.TEXT("mpin.no_room")
                room = self._room(pin.room)
                message = self.TEXT(
                    "mcheck.pin", title=pin.title, time=pin.start, room=room, actual=actual, placed=placed
                )
                rooms = (pin.room, where if not in_room else None)
                yield self.plan_violation(message, (pin.title,), (pin.start,), rooms)

    def session_instances(self, problem: MeetingProblem) -> Iterator[Instance]:
        for pin in problem.pins:
            if pin.begun is None:
                yield Instance(self.name, pin.title)

    def describe_session(self, problem: MeetingProblem, instance: Instance) -> Message:
        pin = next(p for p in problem.pins if p.title == instance.unit)
        return self.TEXT("explain.pinned_meeting", title=pin.title, time=pin.start, room=self._room(pin.room))

    def _room(self, name: str | None) -> Message | str:
        """A room as these sentences say it after a time (" in room 301", ，在会议室“301”), or nothing."""
        return self.TEXT("mpin.room", room=room_name(name)) if name is not None else ""

    # -- unit problems ----------------------------------------------------------------------------

    def restrict(self, into: Restrictions) -> None:
        calendar = into.problem.calendar
        for pin in into.problem.pins:
            # every other slot: one set per pinned slot, shared by the units pinned there (5,000 units
            # pinned over 400 days made one of 3,200 slots each: 1.15 GB, limits16 finding 6)
            into.only_slot(pin.unit, calendar.index(pin.start), Instance(self.name, pin.unit))

    def check(self, view: View) -> Iterator[Violation]:
        for pin in view.problem.pins:
            for start in view.starts(pin.unit):  # every listed time, once
                if start != pin.start:
                    written = view.problem.calendar.written(start)
                    message = self.TEXT("check.pinned", unit=pin.unit, time=written, pinned=pin.start)
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
        from scheduler.rules.values.fact import Fact  # a conflict told: not every solve

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
