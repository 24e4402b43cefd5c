"""gap: at least the problem's minimum gap between one required participant's meetings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from scheduler.rules.base import Rule
from scheduler.rules.ports import IntervalModel
from scheduler.rules.values import Instance, PlanView, Violation
from scheduler.text.messages import Message, Sentences

if TYPE_CHECKING:
    from scheduler.domain.meetings import MeetingProblem


class Gap(Rule):
    """Hard: at least ``gap`` minutes from the end of one of a required participant's meetings to
    the start of their next one.

    Model: each of the participant's sessions holds the gap (rounded up to the grid) after its
    end, and those lengthened sessions never overlap (no-double-booking always holds beside it).
    While explaining, the instance alone forbids only a start within the gap after an end, as the
    checker does: meetings running at once are no-double-booking's. The gap is on the clock: meetings on
    different days are a night apart, so the rule needs no notion of a day (a gap of a working day or
    more leaves one meeting a day). In the model the gap is at most the problem's reach
    (:meth:`~scheduler.domain.meetings.MeetingProblem.steps_of`: any longer one means the same). One
    instance per participant required in two or more meetings, when the problem has a gap.
    """

    name = "gap"
    rank = 66
    nameable = True
    TEXT: ClassVar[Sentences] = Sentences(
        {
            "rule.gap": (
                "同一人连续两个会议之间留出最短间隔",
                "a participant's consecutive meetings keep the minimum gap",
            ),
            "mcheck.gap": (
                "{who} 的会议“{a}”与“{b}”之间只隔 {minutes} 分钟（至少 {gap} 分钟）",
                "{who} has only {minutes} minutes between '{a}' and '{b}' (at least {gap})",
            ),
            "explain.gap": (
                "{who} 的两个会议之间至少间隔 {gap} 分钟（必须参加：{titles}）",
                "{who} needs at least {gap} minutes between meetings (required at {titles})",
            ),
        }
    )

    def post_intervals(self, model: IntervalModel) -> None:
        problem = model.problem
        after = problem.gap_steps  # at most what any two meetings can be apart (MeetingProblem.reach)
        if not after:
            return
        for who, sessions in problem.required_of.items():
            if len(sessions) > 1 and model.explaining:
                # As the checker has it: meetings running at once keep the gap (they break
                # no-double-booking). Before, the instance alone kept them apart too, and a conflict
                # named the gap alone where only the gap and no-double-booking together clash.
                model.spaced(sessions, after, reason=Instance(self.name, who))
            elif len(sessions) > 1:  # no-double-booking holds too: one no-overlap says both
                model.no_overlap(sessions, after=after)

    def check_plan(self, view: PlanView) -> Iterator[Violation]:
        problem = view.problem
        gap = problem.gap
        if not gap:
            return
        grid = problem.workdays.grid
        for who, sessions in problem.required_of.items():
            for a, b, steps in view.after_last(sessions):  # one line per meeting
                minutes = steps * grid
                if minutes < gap:
                    message = self.TEXT(
                        "mcheck.gap", who=who, a=view.title(a), b=view.title(b), minutes=minutes, gap=gap
                    )
                    titles = (view.title(a), view.title(b))
                    yield self.plan_violation(message, titles, (view.moment(b),), people=(who,))

    def session_instances(self, problem: MeetingProblem) -> Iterator[Instance]:
        if problem.gap:
            for who, sessions in problem.required_of.items():
                if len(sessions) > 1:
                    yield Instance(self.name, who)

    def describe_session(self, problem: MeetingProblem, instance: Instance) -> Message:
        titles = [problem.sessions[i].title for i in problem.required_of[instance.unit]]
        return self.TEXT("explain.gap", who=instance.unit, gap=problem.gap, titles=titles)


RULE = Gap()
