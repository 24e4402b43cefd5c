"""series-room: the meetings of one series (the same 系列 label) are held in one room."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from scheduler.rules.base import Rule
from scheduler.rules.ports import IntervalModel, SessionLimits
from scheduler.rules.values import Instance, PlanView, Violation
from scheduler.text.messages import Message, Sentences

if TYPE_CHECKING:
    from scheduler.domain.meetings import MeetingProblem


class SeriesRoom(Rule):
    """Hard: meetings with the same series label share one room (Timefold makes it a preference).

    The rule is about the very room, so it tells every room apart; model: the sessions of a
    series choose the same room. One instance per series.
    """

    name = "series-room"
    rank = 48
    nameable = True
    TEXT: ClassVar[Sentences] = Sentences(
        {
            "rule.series-room": ("同一系列的会议在同一会议室", "meetings of one series share one room"),
            "mcheck.series": (
                "系列“{series}”的会议不在同一会议室：{rooms}",
                "series '{series}' is spread over rooms: {rooms}",
            ),
            "explain.series-room": (
                "系列“{series}”的会议 {titles} 在同一会议室",
                "the meetings of series '{series}' ({titles}) share one room",
            ),
        }
    )

    def restrict_sessions(self, into: SessionLimits) -> None:
        if any(s.series for s in into.problem.sessions):
            into.rooms_apart()

    def same_room(self, problem: MeetingProblem) -> Iterator[list[int]]:
        return (members for members in _series(problem).values() if len(members) > 1)

    def post_intervals(self, model: IntervalModel) -> None:
        for series, members in _series(model.problem).items():
            if len(members) > 1:
                model.same_room(members, reason=Instance(self.name, series))

    def check_plan(self, view: PlanView) -> Iterator[Violation]:
        for series, members in sorted(_series(view.problem).items()):
            rooms = sorted({view.room[i] for i in members if i in view.room})
            if len(rooms) > 1:
                titles = tuple(view.title(i) for i in members)
                message = self.TEXT("mcheck.series", series=series, rooms=tuple(rooms))
                yield self.plan_violation(message, titles, rooms=rooms)

    def session_instances(self, problem: MeetingProblem) -> Iterator[Instance]:
        for series, members in _series(problem).items():
            if len(members) > 1:
                yield Instance(self.name, series)

    def describe_session(self, problem: MeetingProblem, instance: Instance) -> Message:
        titles = [problem.sessions[i].title for i in _series(problem)[instance.unit]]
        return self.TEXT("explain.series-room", series=instance.unit, titles=titles)


def _series(problem: MeetingProblem) -> dict[str, list[int]]:
    out: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(problem.sessions):
        if s.series:
            out[s.series].append(i)
    return dict(out)


RULE = SeriesRoom()
