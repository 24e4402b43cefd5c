"""meeting-order: a linked meeting starts only after the meeting it follows has ended (``[[links]]``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from scheduler.rules.base import Rule
from scheduler.rules.ports import IntervalModel
from scheduler.rules.values import Instance, PlanView, Violation
from scheduler.text.messages import Message, Sentences

if TYPE_CHECKING:
    from scheduler.domain.meetings import Link, MeetingProblem


class MeetingOrder(Rule):
    """Hard: for each link, meeting ``then`` starts at least ``gap`` minutes after meeting ``first``
    ends (right after it when the gap is 0), on the same day when ``same_day``.

    Model: one linear constraint between the two sessions' start variables, start(then) >= start(first)
    + length(first) + the gap in grid steps (rounded up: starts are on the grid, so this is exact), and
    for ``same_day`` each session's day number tied to its start and the two days equal
    (:meth:`~scheduler.rules.ports.IntervalModel.follows`): the same in the time-indexed and the light
    model. Times are on the clock axis, so a night between two days counts as the time it is. One
    instance per link, named by its two meetings.
    """

    name = "meeting-order"
    rank = 69
    nameable = True
    TEXT: ClassVar[Sentences] = Sentences(
        {
            "rule.meeting-order": (
                "有先后顺序的会议按顺序安排",
                "linked meetings keep their order",
            ),
            "mcheck.order": (
                "会议“{then}”须在“{first}”结束之后开始{rule}，现安排在 {time}（“{first}”{end} 结束）",
                "meeting '{then}' must start after '{first}' ends{rule}; it is at {time} ('{first}' ends {end})",
            ),
            "explain.meeting-order": (
                "会议“{then}”须在“{first}”结束之后开始{rule}",
                "meeting '{then}' starts after '{first}' ends{rule}",
            ),
            "mcheck.order_gap": ("（至少间隔 {gap} 分钟）", " (at least {gap} minutes later)"),
            "mcheck.order_day": ("（同一天）", " (on the same day)"),
            "mcheck.order_both": (
                "（同一天，至少间隔 {gap} 分钟）",
                " (on the same day, at least {gap} minutes later)",
            ),
        }
    )

    def post_intervals(self, model: IntervalModel) -> None:
        problem = model.problem
        grid = problem.workdays.grid
        for link in problem.links:
            a, b = problem.index(link.first), problem.index(link.then)
            model.follows(a, b, -(-link.gap // grid), link.same_day, reason=_instance(self.name, link))

    def check_plan(self, view: PlanView) -> Iterator[Violation]:
        problem = view.problem
        days = problem.workdays
        for link in problem.links:
            a, b = problem.index(link.first), problem.index(link.then)
            if a not in view.step or b not in view.step:
                continue  # a meeting without a time: each-meeting-once's to say
            minutes = (view.moment(b) - view.end(a)).total_seconds() / 60
            apart = days.day_of(view.step[a]) != days.day_of(view.step[b])
            if minutes < link.gap or (link.same_day and apart):
                message = self.TEXT(
                    "mcheck.order",
                    then=link.then,
                    first=link.first,
                    rule=self._rule(link),
                    time=view.moment(b),
                    end=view.end(a),
                )
                yield self.plan_violation(message, (link.first, link.then), (view.moment(b),))

    def _rule(self, link: Link) -> Message | str:
        if link.same_day and link.gap:
            return self.TEXT("mcheck.order_both", gap=link.gap)
        if link.same_day:
            return self.TEXT("mcheck.order_day")
        return self.TEXT("mcheck.order_gap", gap=link.gap) if link.gap else ""

    def session_instances(self, problem: MeetingProblem) -> Iterator[Instance]:
        for link in problem.links:
            yield _instance(self.name, link)

    def describe_session(self, problem: MeetingProblem, instance: Instance) -> Message:
        link = next(k for k in problem.links if _instance(self.name, k) == instance)
        return self.TEXT("explain.meeting-order", then=link.then, first=link.first, rule=self._rule(link))


def _instance(name: str, link: Link) -> Instance:
    """A link's instance, named by its two meetings."""
    return Instance(name, link.first, link.then)


RULE = MeetingOrder()
