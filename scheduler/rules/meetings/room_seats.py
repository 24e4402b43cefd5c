"""room-seats: a meeting's room has a chair for everyone it needs (and rooms shared at once, for all of them)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from scheduler.domain import Room
from scheduler.rules.base import Rule
from scheduler.rules.ports import IntervalModel, SessionLimits
from scheduler.rules.values import Instance, PlanView, Violation
from scheduler.text.messages import Message, Sentences

if TYPE_CHECKING:
    from scheduler.domain.meetings import MeetingProblem


class RoomSeats(Rule):
    """Hard: the room has enough seats; meetings sharing a room at once together need at most its seats.

    A meeting needs its head count (``seats``), or one chair per participant, required and
    optional. Model: rooms with too few seats are forbidden to the session; in a room holding
    several meetings at once, the chairs of the meetings held there at any step add up to at
    most its seats. Instances: one per meeting that some room is too small for (without it, the
    meeting needs one chair), and one per room holding several meetings at once whose seats its
    meetings could overrun together (without it, they share the room whatever their chairs).
    """

    name = "room-seats"
    rank = 42
    nameable = True
    TEXT: ClassVar[Sentences] = Sentences(
        {
            "rule.room-seats": ("会议室座位数够用", "the room has enough seats"),
            "mcheck.seats": (
                "会议“{title}”需要 {need} 个座位，{room} 只有 {seats} 个",
                "meeting '{title}' needs {need} seats, {room} has {seats}",
            ),
            "mcheck.seats_shared": (
                "{room} 在 {time} 同时举行 {titles}，共需 {need} 个座位，只有 {seats} 个",
                "{room} holds {titles} at {time}, needing {need} seats together; it has {seats}",
            ),
            "explain.room-seats": (
                "会议“{title}”需要 {need} 个座位（够用的会议室：{rooms}）",
                "meeting '{title}' needs {need} seats (rooms large enough: {rooms})",
            ),
            "explain.no_room": ("无", "none"),
            "explain.room-seats-shared": (
                "{room} 同时举行的会议共用其 {seats} 个座位",
                "the meetings {room} holds at once share its {seats} seats",
            ),
        }
    )

    def restrict_sessions(self, into: SessionLimits) -> None:
        for i, s in enumerate(into.problem.sessions):
            for room in into.problem.rooms:
                if room.seats is not None and room.seats < s.need:
                    into.forbid_room(i, room.name, Instance(self.name, s.title))

    def post_intervals(self, model: IntervalModel) -> None:
        problem = model.problem
        sessions = problem.sessions
        own = {i: Instance(self.name, s.title) for i, s in enumerate(sessions) if _too_large(problem, s.need)}
        for g, rooms in enumerate(model.room_groups()):
            room = rooms[0]
            members = model.sessions_in(g)
            if room.capacity > 1 and room.seats is not None and sum(sessions[i].need for i in members) > room.seats:
                model.room_load(
                    g, room.seats, demands={i: sessions[i].need for i in members}, reason=_shared(self.name, room),
                    demand_reasons={i: own[i] for i in members if i in own},
                )  # fmt: skip

    def check_plan(self, view: PlanView) -> Iterator[Violation]:
        problem = view.problem
        for i, name in sorted(view.room.items()):
            s = problem.sessions[i]
            seats = problem.room(name).seats
            if seats is not None and s.need > seats:
                message = self.TEXT("mcheck.seats", title=s.title, need=s.need, room=name, seats=seats)
                yield self.plan_violation(message, (s.title,), rooms=(name,))
        for room in problem.rooms:
            if room.capacity > 1 and room.seats is not None:
                yield from self._shared(view, room.name, room.seats)

    def _shared(self, view: PlanView, room: str, seats: int) -> Iterator[Violation]:
        at: dict[int, list[int]] = defaultdict(list)
        for i in view.in_room(room):
            for t in range(view.step[i], view.step[i] + view.length(i)):
                at[t].append(i)
        told: set[tuple[int, ...]] = set()
        for t, members in sorted(at.items()):
            need = sum(view.problem.sessions[i].need for i in members)
            if len(members) > 1 and need > seats and tuple(members) not in told:
                told.add(tuple(members))
                titles = tuple(view.title(i) for i in members)
                when = view.problem.workdays.moment(t)
                message = self.TEXT("mcheck.seats_shared", room=room, time=when, titles=titles, need=need, seats=seats)
                yield self.plan_violation(message, titles, (when,), (room,))

    def session_instances(self, problem: MeetingProblem) -> Iterator[Instance]:
        for s in problem.sessions:
            if _too_large(problem, s.need):
                yield Instance(self.name, s.title)
        total = sum(s.need for s in problem.sessions)
        for room in problem.rooms:
            if room.capacity > 1 and room.seats is not None and total > room.seats:
                yield _shared(self.name, room)

    def describe_session(self, problem: MeetingProblem, instance: Instance) -> Message:
        if instance.other == SHARED:
            room = problem.room(instance.unit)
            return self.TEXT("explain.room-seats-shared", room=room.name, seats=room.seats)
        s = problem.session(instance.unit)
        rooms = [r.name for r in problem.rooms if r.seats is None or r.seats >= s.need]
        return self.TEXT("explain.room-seats", title=s.title, need=s.need, rooms=rooms or self.TEXT("explain.no_room"))


SHARED = "shared"
"""The ``other`` of a room's instance (the seats its meetings share at once); a meeting's has none."""


def _shared(name: str, room: Room) -> Instance:
    return Instance(name, room.name, SHARED)


def _too_large(problem: MeetingProblem, need: int) -> bool:
    """Whether some room has fewer seats than ``need``."""
    return any(r.seats is not None and r.seats < need for r in problem.rooms)


RULE = RoomSeats()
