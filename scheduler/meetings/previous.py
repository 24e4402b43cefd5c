"""Among equally good timetables, the previous one wins: a re-solve moves nothing for nothing.

A meeting's invites are re-issued (SEQUENCE + 1, mailed by ``send --only-changed``) whenever its time
or room changes, so a new solve of a campaign whose timetable is already out must not change a
meeting's place unless that makes the answer better at some level of the objective or the old place
no longer keeps the rules. Which of several equally good timetables a time-limited search returns
depends on the machine's load, so this is settled after the search, not left to it
(docs/meetings.md, "Solving again"):

1. the whole previous timetable, when it keeps every rule and scores no worse than the one found, is
   the answer;
2. otherwise each meeting placed elsewhere is put back where it was (its time and room, its room
   alone, or its time alone; trading rooms with the meeting that took its room), one at a time, each
   kept when the timetable still keeps the rules and scores no worse.

The judge (whether a timetable keeps the rules, and its score as a tuple compared lexicographically,
smaller better) is the planner's: the checker's arithmetic, one rule, one place.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from scheduler.domain.meetings import Plan
from scheduler.meetings.prepared import Prepared

Timetable = tuple[list[int], list[str]]
"""Clock steps and rooms, one each per session (the planner's)."""


def previous_places(prep: Prepared, plan: Plan) -> tuple[list[int | None], list[str | None]]:
    """Each session's previous clock step and room in ``plan``, ``None`` where it had none that its
    rules still allow (a new meeting, a time now outside its window, a room now too small)."""
    problem = prep.problem
    placed = plan.by_title()
    starts: list[int | None] = []
    rooms: list[str | None] = []
    for i, session in enumerate(problem.sessions):
        where = placed.get(session.title)
        step = problem.workdays.step(where.start) if where is not None and where.start is not None else None
        starts.append(step if step is not None and step in prep.starts[i] else None)
        room = where.room if where is not None else None
        cls = prep.class_of_room.get(room) if room is not None else None
        rooms.append(room if cls is not None and cls in prep.eligible[i] else None)
    return starts, rooms


def settle(
    found: Timetable,
    previous: tuple[list[int | None], list[str | None]],
    keeps: Callable[[Timetable], bool],
    key: Callable[[Timetable], tuple[int, ...]],
    lengths: list[int],
    until: float,
) -> Timetable:
    """``found``, or the timetable closest to ``previous`` that keeps the rules and scores no worse
    (see the module text), looked for until ``until`` (``time.perf_counter()``)."""
    old_starts, old_rooms = previous
    if all(s is not None for s in old_starts) and all(r is not None for r in old_rooms):
        whole = ([s for s in old_starts if s is not None], [r for r in old_rooms if r is not None])
        if keeps(whole) and key(whole) <= key(found):
            return whole
    current = (list(found[0]), list(found[1]))
    changed = True
    while changed:
        changed = False
        for i in range(len(current[0])):
            if time.perf_counter() >= until:
                return current
            for candidate in _back(current, lengths, i, old_starts[i], old_rooms[i]):
                if keeps(candidate) and key(candidate) <= key(current):
                    current, changed = candidate, True
                    break
    return current


def _back(current: Timetable, lengths: list[int], i: int, start: int | None, room: str | None) -> list[Timetable]:
    """Session ``i`` (``lengths``: each session's, in steps) put back, as far as it can be: time and
    room, room alone, time alone; each room change also tried as a trade with the sessions in that
    room at the same time."""
    starts, rooms = current
    places: list[tuple[int, str]] = []
    if start is not None and room is not None and (starts[i], rooms[i]) != (start, room):
        places.append((start, room))
    if room is not None and rooms[i] != room and (start is None or starts[i] != start):
        places.append((starts[i], room))
    if start is not None and starts[i] != start and (room is None or rooms[i] != room):
        places.append((start, rooms[i]))
    out: list[Timetable] = []
    for s, r in places:
        moved = (list(starts), list(rooms))
        moved[0][i], moved[1][i] = s, r
        out.append(moved)
        if r != rooms[i]:  # the meeting that took this room may take ours
            traded = (list(moved[0]), list(moved[1]))
            for j, other in enumerate(rooms):
                if j != i and other == r and starts[j] < s + lengths[i] and s < starts[j] + lengths[j]:
                    traded[1][j] = rooms[i]
            out.append(traded)
    return out
