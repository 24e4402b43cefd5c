"""Rooms numbered within each class of alike rooms, once the solver has chosen each session's start and class:
an interval graph needs no more rooms than it has sessions at once."""

from __future__ import annotations

from scheduler.meetings.prepared import Prepared


def number_rooms(prep: Prepared, starts: list[int], classes: list[int]) -> list[str]:
    """Rooms within each class, by start time (an interval graph needs no more rooms than it has
    sessions at once); a session takes, when free, the room its required participants just left."""
    rooms = [""] * prep.n
    free_at: dict[str, list[int]] = {}
    for cls in prep.classes:
        for name in cls.rooms:
            free_at[name] = [-(10**9)] * cls.capacity
    last_room: dict[str, tuple[int, str]] = {}
    for i in sorted(range(prep.n), key=lambda i: starts[i]):
        cls = prep.classes[classes[i]]
        s = starts[i]
        open_rooms = [name for name in cls.rooms if min(free_at[name]) <= s]
        wanted = [
            last_room[p][1]
            for p in prep.problem.sessions[i].required
            if p in last_room and prep.joined(s) - last_room[p][0] <= 2 and last_room[p][1] in open_rooms
        ]
        name = wanted[0] if wanted else open_rooms[0]
        slots = free_at[name]
        slot = slots.index(min(slots))
        slots[slot] = s + prep.length[i] + cls.changeover
        rooms[i] = name
        for p in prep.problem.sessions[i].required:
            last_room[p] = (prep.joined(s) + prep.length[i], name)
    return rooms
