"""no-double-booking: no required participant (a person or a unit) is in two meetings at once."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations
from typing import TYPE_CHECKING, ClassVar

from scheduler.rules.base import Rule
from scheduler.rules.ports import IntervalModel
from scheduler.rules.values import Instance, PlanView, Violation
from scheduler.text.messages import Message, Sentences

if TYPE_CHECKING:
    from scheduler.domain.meetings import MeetingProblem


class NoDoubleBooking(Rule):
    """Hard: no required participant is in two meetings at once.

    Model: one no-overlap over each participant's required sessions. A unit is one participant
    (its delegation), and a person who belongs to it is not blocked by the unit's meetings (the
    office may send someone else). One instance per participant required in two or more meetings.
    """

    name = "no-double-booking"
    rank = 64
    nameable = True
    TEXT: ClassVar[Sentences] = Sentences(
        {
            "rule.no-double-booking": (
                "必须参会人员同一时间只参加一个会议",
                "no required participant is in two meetings at once",
            ),
            "mcheck.double": (
                "{who} 必须同时参加会议“{a}”和“{b}”（{time}）",
                "{who} is required at '{a}' and '{b}' at once ({time})",
            ),
            "explain.no-double-booking": (
                "{who} 同一时间只能参加一个会议（必须参加：{titles}）",
                "{who} can be in one meeting at a time (required at {titles})",
            ),
        }
    )

    def post_intervals(self, model: IntervalModel) -> None:
        for who, sessions in model.problem.required_of.items():
            if len(sessions) > 1:
                model.no_overlap(sessions, reason=Instance(self.name, who))

    def check_plan(self, view: PlanView) -> Iterator[Violation]:
        for who, sessions in view.problem.required_of.items():
            placed = [i for i in sessions if i in view.step]
            for a, b in combinations(placed, 2):
                sa, sb = view.step[a], view.step[b]
                if sa < sb + view.length(b) and sb < sa + view.length(a):
                    when = view.problem.workdays.moment(max(sa, sb))
                    message = self.TEXT("mcheck.double", who=who, a=view.title(a), b=view.title(b), time=when)
                    yield self.plan_violation(message, (view.title(a), view.title(b)), (when,), people=(who,))

    def session_instances(self, problem: MeetingProblem) -> Iterator[Instance]:
        for who, sessions in problem.required_of.items():
            if len(sessions) > 1:
                yield Instance(self.name, who)

    def describe_session(self, problem: MeetingProblem, instance: Instance) -> Message:
        titles = [problem.sessions[i].title for i in problem.required_of[instance.unit]]
        return self.TEXT("explain.no-double-booking", who=instance.unit, titles=titles)


RULE = NoDoubleBooking()
