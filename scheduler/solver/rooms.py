"""Numbering rooms once the groups of every slot are known.

The model only counts groups per slot against the rooms, size class by size
class; here each group gets an actual room. A unit that follows another (the
rules' ``follows``: linked units) keeps its predecessor's room and units keep a
preferred room (their old one) where that still lets every other group fit (the
rules' seating, asked); the rest go largest group first into the smallest free
room that holds them, which always succeeds when the counts fit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from scheduler.domain import Meeting, Problem, Room, Timetable, Unit
from scheduler.rules.registry import follows as pairs
from scheduler.rules.registry import seating

SlotGroups = dict[int, list[tuple[Unit, ...]]]
"""Slot number -> the groups of units meeting in it."""


def assign_rooms(problem: Problem, slot_groups: SlotGroups, prefer: Mapping[str, str] | None = None) -> Timetable:
    """Turn slot -> groups into a timetable with a room for every meeting."""
    prefer = dict(prefer or {})
    fits = seating()
    follows = {then: first for first, then in pairs(problem)}
    order = {r.name: i for i, r in enumerate(problem.rooms)}
    room_of: dict[str, str] = {}
    meetings: list[tuple[int, int, int, Meeting]] = []
    calendar = problem.calendar
    for t in sorted(slot_groups):
        groups = sorted(slot_groups[t], key=lambda g: min(problem.position(u.name) for u in g))
        free = list(problem.rooms)
        chosen: dict[int, Room] = {}

        def wish(group: Sequence[Unit]) -> str | None:
            for unit in group:
                before = follows.get(unit.name)
                if before in room_of:
                    return room_of[before]
            for unit in group:
                if unit.name in prefer:
                    return prefer[unit.name]
            return None

        for i, group in enumerate(groups):
            wanted = wish(group)
            room = next((r for r in free if r.name == wanted), None)
            if room is None or room.capacity < len(group):
                continue
            rest_groups = [g for j, g in enumerate(groups) if j not in chosen and j != i]
            rest_rooms = [r for r in free if r is not room]
            if fits([len(g) for g in rest_groups], rest_rooms):
                chosen[i] = room
                free.remove(room)
        for i in sorted(range(len(groups)), key=lambda j: (-len(groups[j]), j)):
            if i in chosen:
                continue
            fitting = [r for r in free if r.capacity >= len(groups[i])]
            if not fitting:
                raise AssertionError(f"no room left for {[u.name for u in groups[i]]} at slot {t}")
            room = min(fitting, key=lambda r: (r.capacity, order[r.name]))
            chosen[i] = room
            free.remove(room)
        for i, group in enumerate(groups):
            for unit in group:
                room_of[unit.name] = chosen[i].name
                meetings.append(
                    (
                        t,
                        order[chosen[i].name],
                        problem.position(unit.name),
                        Meeting(unit.name, calendar.slots[t], chosen[i].name),
                    )
                )
    meetings.sort(key=lambda item: item[:3])
    return Timetable(tuple(m for *_, m in meetings))
