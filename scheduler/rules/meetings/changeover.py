"""changeover: a room stays free for its changeover minutes after each meeting held there (a room holding
several at once: each meeting's changeover holds one of its places)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from scheduler.rules.base import Rule
from scheduler.rules.ports import IntervalModel
from scheduler.rules.values import Instance, PlanView, Violation
from scheduler.text.messages import Message, Sentences

if TYPE_CHECKING:
    from scheduler.domain.meetings import MeetingProblem


class Changeover(Rule):
    """Hard: each meeting holds its room for the room's changeover minutes after it ends.

    At any moment, the meetings in a room plus those still in their changeover there are at
    most its capacity: for a room holding one meeting at a time, the next meeting starts at
    least the changeover after the last one ends. Model: the room group's load with each
    session lengthened by the changeover (rounded up to the grid). One instance per room with a
    changeover (while explaining, every room is its own group).
    """

    name = "changeover"
    rank = 44
    nameable = True
    TEXT: ClassVar[Sentences] = Sentences(
        {
            "rule.changeover": (
                "同一会议室两个会议之间留出准备时间",
                "a room's changeover time is kept between its meetings",
            ),
            "mcheck.changeover": (
                "{room} 在会议“{a}”之后 {minutes} 分钟就开始“{b}”（准备时间 {changeover} 分钟）",
                "{room} starts '{b}' {minutes} minutes after '{a}' (changeover {changeover} minutes)",
            ),
            "mcheck.changeover_shared": (
                "{room} 在 {time} 连同准备时间被 {titles} 占用，超过容量 {capacity}（准备时间 {changeover} 分钟）",
                "{room} is taken by {titles} at {time}, changeovers included, over its capacity of {capacity} "
                "(changeover {changeover} minutes)",
            ),
            "explain.changeover": (
                "{room} 每个会议之后需要 {changeover} 分钟准备时间",
                "{room} needs {changeover} minutes of changeover after each meeting",
            ),
        }
    )

    def post_intervals(self, model: IntervalModel) -> None:
        problem = model.problem
        for g, rooms in enumerate(model.room_groups()):
            room = rooms[0]
            if room.changeover and len(model.sessions_in(g)) > 1:
                after = problem.steps_of(room.changeover)  # at most what two meetings can be apart
                model.room_load(
                    g, len(rooms) * problem.places(room), after=after, reason=Instance(self.name, room.name)
                )

    def check_plan(self, view: PlanView) -> Iterator[Violation]:
        grid = view.problem.workdays.grid
        for room in view.problem.rooms:
            if not room.changeover:
                continue
            held = view.in_room(room.name)
            after = view.problem.steps_of(room.changeover)
            if room.capacity == 1:
                for a, b, steps in view.after_last(held):  # the one ending last, not the neighbour by start
                    minutes = steps * grid
                    if minutes < room.changeover:
                        message = self.TEXT(
                            "mcheck.changeover", room=room.name, a=view.title(a), b=view.title(b), minutes=minutes,
                            changeover=room.changeover,
                        )  # fmt: skip
                        titles = (view.title(a), view.title(b))
                        yield self.plan_violation(message, titles, (view.moment(b),), (room.name,))
                continue
            yield from self._shared(view, room.name, room.capacity, room.changeover, held, after)

    def _shared(
        self, view: PlanView, room: str, capacity: int, changeover: int, held: list[int], after: int
    ) -> Iterator[Violation]:
        """Rooms holding several at once: steps where running and changing-over meetings exceed the capacity,
        while the running ones alone do not (that is room-capacity's)."""
        running: dict[int, list[int]] = defaultdict(list)
        taken: dict[int, list[int]] = defaultdict(list)
        for i in held:
            end = view.step[i] + view.length(i)
            for t in range(view.step[i], end + after):
                taken[t].append(i)
                if t < end:
                    running[t].append(i)
        told: set[tuple[int, ...]] = set()
        for t, members in sorted(taken.items()):
            if len(members) > capacity >= len(running[t]) and tuple(members) not in told:
                told.add(tuple(members))
                titles = tuple(view.title(i) for i in members)
                message = self.TEXT(
                    "mcheck.changeover_shared", room=room, time=view.problem.workdays.moment(t), titles=titles,
                    capacity=capacity, changeover=changeover,
                )  # fmt: skip
                yield self.plan_violation(message, titles, rooms=(room,))

    def session_instances(self, problem: MeetingProblem) -> Iterator[Instance]:
        for room in problem.rooms:
            if room.changeover:
                yield Instance(self.name, room.name)

    def describe_session(self, problem: MeetingProblem, instance: Instance) -> Message:
        room = problem.room(instance.unit)
        return self.TEXT("explain.changeover", room=room.name, changeover=room.changeover)


RULE = Changeover()
