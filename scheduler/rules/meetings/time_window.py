"""time-window: a meeting keeps to its part of day (morning, afternoon) and its not-before / not-after times."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time
from typing import TYPE_CHECKING, ClassVar

from scheduler.rules.base import Rule
from scheduler.rules.ports import SessionLimits
from scheduler.rules.values import Instance, PlanView, Violation
from scheduler.text.messages import Message, Sentences

if TYPE_CHECKING:
    from scheduler.domain.meetings import MeetingProblem, Session, Window

NOON = 12 * 60
"""Morning ends and afternoon begins (minutes after midnight)."""


class TimeWindow(Rule):
    """Hard: morning only, afternoon only, not before, not after.

    Model: forbidden starts only. *Morning* is a meeting that ends by 12:00, *afternoon* one that
    starts at or after 12:00; "not before" bounds the start and "not after" the end, as a time of
    day (every day) or a date and time. One instance per meeting with a window.
    """

    name = "time-window"
    rank = 24
    nameable = True
    TEXT: ClassVar[Sentences] = Sentences(
        {
            "rule.time-window": (
                "会议在规定的上午/下午、不早于/不晚于的时间内",
                "meetings keep to their morning/afternoon and not before/after times",
            ),
            "mcheck.window": (
                "会议“{title}”安排在 {time}—{end}，不符合其时间要求（{rule}）",
                "meeting '{title}' at {time}-{end} breaks its time window ({rule})",
            ),
            "explain.time-window": ("会议“{title}”只能安排在：{rule}", "meeting '{title}' keeps to its time: {rule}"),
            "mcheck.part_morning": ("仅上午", "morning only"),
            "mcheck.part_afternoon": ("仅下午", "afternoon only"),
            "mcheck.not_before": ("不早于 {bound}", "not before {bound}"),
            "mcheck.not_after": ("不晚于 {bound}", "not after {bound}"),
        }
    )

    def restrict_sessions(self, into: SessionLimits) -> None:
        problem = into.problem
        # The starts outside a window, per length: one set shared by every session with that window
        # (thousands of meetings "not before now" share one), never a word per start.
        outside: dict[tuple[Window, int], frozenset[int]] = {}
        for i, s in enumerate(problem.sessions):
            if s.window.bounded:
                length = s.minutes // problem.workdays.grid
                key = (s.window, length)  # a session's starts depend only on its length
                if key not in outside:
                    outside[key] = frozenset(t for t in into.starts(i) if not in_window(problem, s, t, length))
                if outside[key]:
                    into.forbid_starts(i, outside[key], Instance(self.name, s.title))

    def check_plan(self, view: PlanView) -> Iterator[Violation]:
        problem = view.problem
        for i, step in sorted(view.step.items()):
            s = problem.sessions[i]
            if not in_window(problem, s, step, view.length(i)):
                message = self.TEXT(
                    "mcheck.window", title=s.title, time=view.moment(i), end=view.end(i).time(), rule=self._parts(s)
                )
                yield self.plan_violation(message, (s.title,), (view.moment(i),))

    def _parts(self, s: Session) -> list[Message]:
        parts = []
        if s.window.part:
            parts.append(self.TEXT(f"mcheck.part_{s.window.part}"))
        if s.window.not_before is not None:
            parts.append(self.TEXT("mcheck.not_before", bound=s.window.not_before))
        if s.window.since is not None:
            parts.append(self.TEXT("mcheck.not_before", bound=s.window.since))
        if s.window.not_after is not None:
            parts.append(self.TEXT("mcheck.not_after", bound=s.window.not_after))
        return parts

    def session_instances(self, problem: MeetingProblem) -> Iterator[Instance]:
        for s in problem.sessions:
            if s.window.bounded:
                yield Instance(self.name, s.title)

    def describe_session(self, problem: MeetingProblem, instance: Instance) -> Message:
        s = problem.session(instance.unit)
        return self.TEXT("explain.time-window", title=s.title, rule=self._parts(s))


def in_window(problem: MeetingProblem, s: Session, start: int, length: int) -> bool:
    """Whether session ``s`` of ``length`` steps starting at clock step ``start`` keeps to its window."""
    days = problem.workdays
    w = s.window
    a = days.minute_of_day(start)
    b = a + length * days.grid
    if w.part == "morning" and b > NOON:
        return False
    if w.part == "afternoon" and a < NOON:
        return False
    if w.not_before is not None and not _at_or_after(days.moment(start), a, w.not_before):
        return False
    if w.since is not None and days.moment(start) < w.since:
        return False
    return w.not_after is None or _at_or_before(days.moment(start + length), b, w.not_after)


def _at_or_after(moment: datetime, minute: int, bound: time | datetime) -> bool:
    if isinstance(bound, datetime):
        return moment >= bound
    return minute >= bound.hour * 60 + bound.minute


def _at_or_before(moment: datetime, minute: int, bound: time | datetime) -> bool:
    if isinstance(bound, datetime):
        return moment <= bound
    return minute <= bound.hour * 60 + bound.minute


RULE = TimeWindow()
