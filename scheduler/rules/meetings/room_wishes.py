"""room-wishes: a meeting is held only in a room it may use (any of those it needs, none it may not use)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from scheduler.rules.base import Rule
from scheduler.rules.ports import SessionLimits
from scheduler.rules.values import Instance, PlanView, Violation
from scheduler.text.messages import Message, Sentences

if TYPE_CHECKING:
    from scheduler.domain.meetings import MeetingProblem


class RoomWishes(Rule):
    """Hard: a meeting that names rooms it needs is held in one of them, never in one it may not use.

    Model: forbidden rooms only. One instance per meeting with wishes.
    """

    name = "room-wishes"
    rank = 46
    nameable = True
    TEXT: ClassVar[Sentences] = Sentences(
        {
            "rule.room-wishes": ("会议只用指定的会议室、不用排除的会议室", "a meeting uses only rooms it may use"),
            "mcheck.room_wish": ("会议“{title}”不能使用 {room}", "meeting '{title}' may not use {room}"),
            "explain.room-wishes": ("会议“{title}”只能使用 {rooms}", "meeting '{title}' may only use {rooms}"),
            "explain.room-wishes-avoid": ("会议“{title}”不用 {rooms}", "meeting '{title}' may not use {rooms}"),
            "explain.room-wishes-none": (
                "会议“{title}”没有可用的会议室（指定：{allowed}；不用：{avoided}）",
                "meeting '{title}' has no room it may use (may use: {allowed}; may not use: {avoided})",
            ),
        }
    )

    def restrict_sessions(self, into: SessionLimits) -> None:
        for i, s in enumerate(into.problem.sessions):
            if s.rooms or s.avoid:
                reason = Instance(self.name, s.title)
                for room in into.problem.rooms:
                    if not self._may_use(s.rooms, s.avoid, room.name):
                        into.forbid_room(i, room.name, reason)

    @staticmethod
    def _may_use(rooms: frozenset[str], avoid: frozenset[str], name: str) -> bool:
        return (not rooms or name in rooms) and name not in avoid

    def check_plan(self, view: PlanView) -> Iterator[Violation]:
        for i, name in sorted(view.room.items()):
            s = view.problem.sessions[i]
            if not self._may_use(s.rooms, s.avoid, name):
                message = self.TEXT("mcheck.room_wish", title=s.title, room=name)
                yield self.plan_violation(message, (s.title,), rooms=(name,))

    def session_instances(self, problem: MeetingProblem) -> Iterator[Instance]:
        for s in problem.sessions:
            if s.rooms or s.avoid:
                yield Instance(self.name, s.title)

    def describe_session(self, problem: MeetingProblem, instance: Instance) -> Message:
        s = problem.session(instance.unit)
        rooms = [r.name for r in problem.rooms if self._may_use(s.rooms, s.avoid, r.name)]
        if not rooms:  # the wishes leave nothing: say both lists, not an empty one
            allowed = sorted(s.rooms) or [r.name for r in problem.rooms]
            return self.TEXT("explain.room-wishes-none", title=s.title, allowed=allowed, avoided=sorted(s.avoid))
        if not s.rooms:  # 不用会议室 alone: said as the office wrote it, not as every other room
            return self.TEXT("explain.room-wishes-avoid", title=s.title, rooms=sorted(s.avoid))
        return self.TEXT("explain.room-wishes", title=s.title, rooms=rooms)


RULE = RoomWishes()
