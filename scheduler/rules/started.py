"""started: as of a moment, a unit whose meeting has begun stays there, and no other unit is placed
in a slot that has begun (docs/replanning.md, "Meetings that have started").

The problem says it once (:class:`~scheduler.domain.limits.AsOf`, ``problem.as_of``); this rule is the
one reader of it for the checker, the explanations and the forbidden starts (the greedy and every
search ask those); the model makes no variable in a slot begun (``problem.begun``), so the closed
past costs nothing there.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from scheduler.domain import Problem
from scheduler.rules.base import Rule
from scheduler.rules.ports import Restrictions
from scheduler.rules.values import Instance, View
from scheduler.text.messages import Message, Sentences
from scheduler.text.times import format_time

if TYPE_CHECKING:
    from scheduler.domain.meetings import MeetingProblem
    from scheduler.rules.ports import IntervalModel
    from scheduler.rules.values.fact import Fact
    from scheduler.rules.values.plan_view import PlanView
    from scheduler.rules.values.violation import Violation

PAST = ""
"""The instance's unit for the closed past (every unit not held): one instance, named once."""


class Started(Rule):
    """Hard, as of a moment (``problem.as_of``): each held unit stays at the time its meeting began;
    every slot begun by then is closed to the other units. One instance per held unit, and one for
    the closed past (said once, with the moment)."""

    name = "started"
    rank = 68
    nameable = True
    TEXT: ClassVar[Sentences] = Sentences(
        {
            "rule.started": (
                "已开始的对接保持不动，已开始的时段不再安排",
                "a meeting that has started stays; no one is placed in a slot that has begun",
            ),
            "mrule.started": (
                "已开始的会议保持不动，不在现在之前安排会议",
                "a meeting that has started stays; no meeting is placed before now",
            ),
            "check.started_moved": (
                "{unit} 的对接已于 {started} 开始（现在 {now}），但安排在 {time}",
                "{unit}'s meeting started at {started} (now {now}) but is at {time}",
            ),
            "check.started_past": (
                "{unit} 安排在 {time}，该时段已开始（现在 {now}）",
                "{unit} is at {time}, which has begun (now {now})",
            ),
            "explain.started_held": (
                "{unit} 的对接 {time} 已开始（现在 {now}），保持不动",
                "{unit}'s meeting at {time} has started (now {now}) and stays",
            ),
            "explain.started_past": (
                "{first} 至 {last} 的时段已开始（现在 {now}），不再安排对接",
                "the slots from {first} to {last} have begun (now {now}): no one is placed there",
            ),
            "fact.started_held": ("对接 {time} 已开始（现在 {now}）", "met at {time}, begun by now ({now})"),
            "explain.started_meeting": (
                "会议“{title}”{time} 已开始（现在 {now}），保持不动",
                "meeting '{title}' at {time} has started (now {now}) and stays",
            ),
            "explain.started_meeting_room": (
                "会议“{title}”{time} 已开始（现在 {now}），在会议室“{room}”保持不动",
                "meeting '{title}' at {time} has started (now {now}) and stays in room {room}",
            ),
            "mcheck.started_moved": (
                "会议“{title}”已于 {started} 开始（现在 {now}），但安排在 {time}",
                "meeting '{title}' started at {started} (now {now}) but is at {time}",
            ),
        }
    )

    # -- meeting problems (a meeting of the published timetable kept because it has begun: a pin with
    # ``begun``, scheduler/meetings/as_of.py; its time and room are held by ``pinned``'s forbidden starts,
    # named by this rule: :func:`scheduler.rules.pinned.pin_instance`) -------------------------------

    def post_intervals(self, model: IntervalModel) -> None:
        """Nothing to post: a begun meeting's only start (and room) is forbidden every other way by
        ``pinned``'s restrictions, which name this rule's instance."""
        return None

    def check_plan(self, view: PlanView) -> Iterator[Violation]:
        problem = view.problem
        for pin in problem.pins:
            if pin.begun is None:
                continue
            i = problem.index(pin.title)
            at_time = view.step.get(i) == problem.workdays.step(pin.start)
            if not (at_time and (pin.room is None or view.room.get(i) == pin.room)):
                time: object = view.moment(i) if i in view.step else "—"
                now = format_time(pin.begun)
                message = self.TEXT("mcheck.started_moved", title=pin.title, started=pin.start, now=now, time=time)
                yield self.plan_violation(message, (pin.title,), (pin.start,), (pin.room,))

    def session_instances(self, problem: MeetingProblem) -> Iterator[Instance]:
        for pin in problem.pins:
            if pin.begun is not None:
                yield Instance(self.name, pin.title)

    def describe_session(self, problem: MeetingProblem, instance: Instance) -> Message:
        pin = next(p for p in problem.pins if p.title == instance.unit and p.begun is not None)
        assert pin.begun is not None
        now, key = format_time(pin.begun), "explain.started_meeting_room" if pin.room else "explain.started_meeting"
        return self.TEXT(key, title=pin.title, time=pin.start, room=pin.room or "", now=now)

    # -- unit problems ----------------------------------------------------------------------------

    def restrict(self, into: Restrictions) -> None:
        problem = into.problem
        as_of = problem.as_of
        if as_of is None:
            return
        calendar = problem.calendar
        for held in as_of.held:  # every slot but its own: one set per slot held, shared by its units
            keep = calendar.index(held.start)
            assert keep is not None  # the problem checked it
            into.only_slot(held.unit, keep, Instance(self.name, held.unit))
        if as_of.closed and problem.begun:
            past = frozenset(range(problem.begun))  # one set, shared by every unit (never copied)
            reason = Instance(self.name, PAST)
            free = {h.unit for h in as_of.held}.union(as_of.released)
            for unit in problem.units:
                if unit.name not in free:
                    into.forbid_slots(unit.name, past, reason)

    def check(self, view: View) -> Iterator[Violation]:
        problem = view.problem
        as_of = problem.as_of
        if as_of is None:
            return
        now = problem.calendar.written(as_of.now)
        held = {h.unit: h.start for h in as_of.held}
        released = set(as_of.released)
        for unit in problem.units:
            if unit.name in released:
                continue
            started = held.get(unit.name)
            for start in view.starts(unit.name):
                time = problem.calendar.written(start)
                if started is not None and start != started:
                    message = self.TEXT("check.started_moved", unit=unit.name, started=started, now=now, time=time)
                    yield self.violation(message, (unit.name,), (start, started))
                elif started is None and as_of.closed and start < as_of.now:
                    message = self.TEXT("check.started_past", unit=unit.name, time=time, now=now)
                    yield self.violation(message, (unit.name,), (start,))

    def fixes(self, problem: Problem) -> set[str]:
        return set(self.fixed_starts(problem))

    def fixed_starts(self, problem: Problem) -> Mapping[str, datetime]:
        return {h.unit: h.start for h in problem.as_of.held} if problem.as_of is not None else {}

    # -- explanations -------------------------------------------------------------------------

    def instances(self, problem: Problem) -> Iterator[Instance]:
        as_of = problem.as_of
        if as_of is None:
            return
        for held in as_of.held:
            yield Instance(self.name, held.unit)
        if as_of.closed and problem.begun and len(as_of.held) + len(as_of.released) < len(problem.units):
            yield Instance(self.name, PAST)

    def describe(self, problem: Problem, instance: Instance) -> Message:
        as_of = problem.as_of
        assert as_of is not None  # an instance names the moment the problem holds
        calendar = problem.calendar
        now = calendar.written(as_of.now)
        if instance.unit == PAST:
            first, last = calendar.slots[0], calendar.slots[problem.begun - 1]
            return self.TEXT("explain.started_past", first=first, last=last, now=now)
        start = next(h.start for h in as_of.held if h.unit == instance.unit)
        return self.TEXT("explain.started_held", unit=instance.unit, time=start, now=now)

    def relax(self, problem: Problem, kept: set[Instance]) -> Mapping[str, Any]:
        as_of = problem.as_of
        if as_of is None:
            return {}
        from dataclasses import replace

        held = tuple(h for h in as_of.held if Instance(self.name, h.unit) in kept)
        released = (*as_of.released, *(h.unit for h in as_of.held if h not in held))
        closed = as_of.closed and Instance(self.name, PAST) in kept
        return {"as_of": replace(as_of, held=held, closed=closed, released=released) if held or closed else None}

    def facts(self, problem: Problem, instances: Sequence[Instance]) -> Iterator[Fact]:
        from scheduler.rules.values.fact import Fact  # a conflict told: not every solve

        as_of = problem.as_of
        if as_of is None:
            return
        held = self.fixed_starts(problem)
        now = problem.calendar.written(as_of.now)
        for unit in dict.fromkeys(i.unit for i in instances if i.unit in held):
            yield Fact(unit, self.TEXT("fact.started_held", time=held[unit], now=now), fixes=True)


RULE = Started()
