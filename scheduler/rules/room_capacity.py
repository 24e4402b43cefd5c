"""room-capacity: a room never holds more units (or meetings) at once than its capacity, and a room the
rules do not list holds none."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, ClassVar

from scheduler.domain import Problem, Room, Unit
from scheduler.rules.base import Rule
from scheduler.rules.ports import IntervalModel, SlotModel
from scheduler.rules.values import View
from scheduler.text.messages import Sentences

if TYPE_CHECKING:
    from scheduler.rules.values.plan_view import PlanView
    from scheduler.rules.values.violation import Violation


class RoomCapacity(Rule):
    """Hard: a room never holds more units at once than its capacity, and a room the rules do not list
    holds none.

    Model: groups are counted per slot against the rooms, size class by size
    class, which is exactly when the groups can be given rooms (rooms are then
    numbered by :func:`scheduler.solver.rooms.assign_rooms`, asking :meth:`seats`).

    Meeting problems: per room group, the sessions held there at any step are at most its
    rooms times their capacity (a no-overlap for a single room holding one at a time);
    rooms within a group are numbered afterwards.

    A row in a room the rules do not list (a typo, a timetable built in code) is this rule's
    violation in unit and meeting tables alike: such a room holds no one, and room-capacity is the
    one room rule both kinds of table have, so ``validate --json`` names the slip one way.
    """

    name = "room-capacity"
    rank = 40
    grouping = "seats"
    TEXT: ClassVar[Sentences] = Sentences(
        {
            "mrule.room-capacity": (
                "会议室同时举行的会议数不超过其容量；规则未列出的会议室不能安排会议",
                "a room never holds more meetings at once than its capacity, and a room not in the rules holds none",
            ),
            "rule.room-capacity": (
                "同一时段房间内单位数不超过容量；规则未列出的房间不能安排单位",
                "a room never holds more units at once than its capacity, and a room not in the rules holds none",
            ),
            "check.over_capacity": (
                "{time} {room} 安排了 {units}，超过容量 {capacity}",
                "{units} are all in {room} at {time}, over its capacity of {capacity}",
            ),
            "check.unknown_room": (
                "{time} {units} 安排在“{room}”，但规则中没有这个房间（已有：{known}）",
                "{units} at {time}: room '{room}' is not in the rules (known: {known})",
            ),
            "check.no_named_rooms": (
                "{time} {units} 安排在“{room}”，但规则没有列出房间（房间应留空）",
                "{units} at {time}: room '{room}' is not in the rules (they name no rooms: leave it empty)",
            ),
            "check.no_seating": (
                "{time} 的 {units} 无法分进 {rooms} 个房间",
                "{units} at {time} cannot be seated in the {rooms} rooms",
            ),
            "mcheck.unknown_room": (
                "会议“{title}”安排在“{room}”，但规则中没有这个会议室（已有：{known}）",
                "meeting '{title}' is in room '{room}', which is not in the rules (known: {known})",
            ),
            "mcheck.at_once": (
                "{room} 在 {time} 同时有 {count} 个会议（容量 {capacity}）：{titles}",
                "{room} holds {count} meetings at {time} (capacity {capacity}): {titles}",
            ),
        }
    )

    def post_intervals(self, model: IntervalModel) -> None:
        total = 0
        for g, rooms in enumerate(model.room_groups()):
            limit = len(rooms) * model.problem.places(rooms[0])  # at most the meetings there are
            total += limit
            if len(model.sessions_in(g)) > limit:
                model.room_load(g, limit)
        model.running_at_most(total)

    def check_plan(self, view: PlanView) -> Iterator[Violation]:
        known = tuple(r.name for r in view.problem.rooms)
        for title, name in view.unknown_room:  # a room not in the rules holds no meeting, as in unit tables
            message = self.TEXT("mcheck.unknown_room", title=title, room=name, known=known)
            yield self.plan_violation(message, (title,), rooms=(name,))
        for room in view.problem.rooms:
            at: dict[int, list[int]] = defaultdict(list)
            for i in view.in_room(room.name):
                for t in range(view.step[i], view.step[i] + view.length(i)):
                    at[t].append(i)
            told: set[tuple[int, ...]] = set()
            for t, members in sorted(at.items()):
                if len(members) > room.capacity and tuple(members) not in told:
                    told.add(tuple(members))
                    titles = tuple(view.title(i) for i in members)
                    when = view.problem.workdays.moment(t)
                    message = self.TEXT(
                        "mcheck.at_once", room=room.name, time=when, count=len(members), capacity=room.capacity,
                        titles=titles,
                    )  # fmt: skip
                    yield self.plan_violation(message, titles, (when,), (room.name,))

    def allows_group(self, problem: Problem, units: Sequence[Unit]) -> bool:
        return len(units) <= problem.max_capacity

    def seats(self, sizes: Sequence[int], rooms: Sequence[Room]) -> bool:
        """Pairing the largest group with the largest room, and so on, is enough:
        the groups fit exactly when each does against its partner."""
        ordered = sorted(sizes, reverse=True)
        capacities = sorted((r.capacity for r in rooms), reverse=True)
        return len(ordered) <= len(capacities) and all(s <= c for s, c in zip(ordered, capacities, strict=False))

    def post_slots(self, model: SlotModel) -> None:
        rooms = model.problem.rooms
        # Groups of size s fit only rooms of capacity >= s (Hall's condition per size);
        # sizes every room holds are covered by the count of rooms.
        sizes = [s for s in range(2, model.problem.max_capacity + 1) if any(r.capacity < s for r in rooms)]
        for t in model.horizon:
            groups = model.groups_at(t)
            if not groups:
                continue
            model.at_most(groups, len(rooms))
            for size in sizes:
                big = [v for v, members in model.groups_with_size_at(t) if members >= size]
                limit = sum(1 for r in rooms if r.capacity >= size)
                if big and limit < len(big):
                    model.at_most(big, limit)

    def check(self, view: View) -> Iterator[Violation]:
        problem = view.problem
        rooms = {r.name: r for r in problem.rooms}
        for (when, room), members in view.rooms_in_use().items():
            if room is not None and room not in rooms:  # a timetable built in code: a room that holds no one
                known = tuple(name for name in rooms if name)  # the default room has no name to list
                key = "check.unknown_room" if known else "check.no_named_rooms"
                message = self.TEXT(key, units=tuple(members), time=when, room=room, known=known)
                yield self.violation(message, tuple(members), (when,), (room,))
            elif room is not None:
                capacity = rooms[room].capacity
                if len(members) > capacity:
                    message = self.TEXT(
                        "check.over_capacity", units=tuple(members), time=when, room=room, capacity=capacity
                    )
                    yield self.violation(message, tuple(members), (when,), (room,))
            elif seat([problem.unit(n) for n in members], list(problem.rooms), view.allows) is None:
                message = self.TEXT("check.no_seating", units=tuple(members), time=when, rooms=len(problem.rooms))
                yield self.violation(message, tuple(members), (when,))


def seat(units: Sequence[Unit], rooms: list[Room], allows: Callable[[Sequence[Unit]], bool]) -> list[list[Unit]] | None:
    """Share ``units`` out over ``rooms`` so every room's units may share (``allows``) and fit, or ``None``."""
    rooms = sorted(rooms, key=lambda r: -r.capacity)
    placed: list[list[Unit]] = [[] for _ in rooms]

    def fits(unit: Unit, r: int) -> bool:
        members = placed[r] + [unit]
        return len(members) <= rooms[r].capacity and allows(members)

    def place(k: int) -> bool:
        if k == len(units):
            return True
        tried_empty: set[int] = set()  # empty rooms of one capacity are interchangeable
        for r in range(len(rooms)):
            if not placed[r]:
                if rooms[r].capacity in tried_empty:
                    continue
                tried_empty.add(rooms[r].capacity)
            if fits(units[k], r):
                placed[r].append(units[k])
                if place(k + 1):
                    return True
                placed[r].pop()
        return False

    return placed if place(0) else None


RULE = RoomCapacity()
