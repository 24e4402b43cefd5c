"""Pinned meetings that cannot all be where they are pinned: found by arithmetic, before any model.

Two pins in one room for one meeting at a time overlap (or leave less than its changeover), two pins
share a required participant at once (or closer than the gap), or a pin falls in a participant's busy
time: the conflict is known at once (two clashing pins among 300 meetings were 240 unproven lines at
``--time-limit 1`` when only the model looked for them). Whether it is minimal is asked of the
packing greedy, on the problem edited to keep only the other instances
(:func:`scheduler.meetings.relaxed.each_needed`).
Rules are named through their objects (one rule, one place).
"""

from __future__ import annotations

from scheduler.domain import Room
from scheduler.domain.meetings import CLOSED, Pin
from scheduler.meetings.prepared import Prepared
from scheduler.rules.meetings.changeover import RULE as CHANGEOVER
from scheduler.rules.meetings.gap import RULE as GAP
from scheduler.rules.meetings.no_double_booking import RULE as NO_DOUBLE_BOOKING
from scheduler.rules.pinned import pin_instance
from scheduler.rules.unavailable import RULE as UNAVAILABLE
from scheduler.rules.values import Instance


def pin_clash(prep: Prepared) -> list[Instance] | None:
    """Rule instances that cannot hold together, by arithmetic on the pins alone: two pinned meetings
    in one room at once (the room's capacity always holds: the two pins), or within its changeover;
    two sharing a required participant at once, or within the gap; a pinned meeting while one of its
    required participants (or their unit) is busy. The first found, in the pins' order."""
    problem = prep.problem
    days = problem.workdays
    placed = []
    for pin in problem.pins:
        i = problem.index(pin.title)
        step = days.step(pin.start)
        if step is None:
            continue
        placed.append((pin, i, step, step + prep.length[i]))
    if not placed:
        return None
    own: dict[str, set[int]] = {}
    for busy in problem.busy:
        if not busy.meeting:  # a decline of one meeting: problem.declined_steps, below
            own.setdefault(busy.who, set()).update(days.span(busy.start, busy.end))
    units = problem.members()
    rooms = {r.name: r for r in problem.rooms}
    declined = problem.declined_steps
    for pin, i, a, b in placed:
        for who in problem.sessions[i].required:
            if any(t in declined.get((i, who), ()) for t in range(a, b)):
                return [pin_instance(pin), Instance(UNAVAILABLE.name, who)]
            for source in dict.fromkeys((who, units.get(who, ""), CLOSED)):
                if any(t in own.get(source, ()) for t in range(a, b)):
                    return [pin_instance(pin), Instance(UNAVAILABLE.name, source)]
    return _first_pair(prep, rooms, placed)


def _first_pair(
    prep: Prepared, rooms: dict[str, Room], placed: list[tuple[Pin, int, int, int]]
) -> list[Instance] | None:
    """The first two pins (in the pins' order) that clash, asked only of pairs close enough in time to
    (at once, or within a changeover or the gap): a sweep over the pins by start. Before, every pair
    was asked: 2,000 pinned meetings were 2 million pairs, seconds of a 2 s limit (limits16 finding 3)."""
    slack = max([prep.gap, *(prep.problem.steps_of(r.changeover) for r in prep.problem.rooms)])
    order = sorted(range(len(placed)), key=lambda k: placed[k][2])
    best: tuple[tuple[int, int], list[Instance]] | None = None
    for x, k in enumerate(order):
        end = placed[k][3]
        for m in order[x + 1 :]:
            if placed[m][2] >= end + slack:  # starts after this one ends (and its slack): so do the rest
                break
            pair = (min(k, m), max(k, m))
            if best is not None and pair >= best[0]:
                continue
            (pin, i, a, b), (other, j, c, d) = placed[pair[0]], placed[pair[1]]
            why = _pair_clash(prep, rooms, (pin.room, i, a, b), (other.room, j, c, d))
            if why is not None:
                best = (pair, [pin_instance(pin), pin_instance(other), *why])
    return None if best is None else best[1]


def _pair_clash(
    prep: Prepared,
    rooms: dict[str, Room],
    first: tuple[str | None, int, int, int],
    second: tuple[str | None, int, int, int],
) -> list[Instance] | None:
    """Why two pinned meetings (room, session, first step, end step) cannot both be where they are
    pinned: ``[]`` when the room's capacity alone forbids it, else the instance that does, or ``None``."""
    room, i, a, b = first
    other_room, j, c, d = second
    at_once = a < d and c < b
    if room is not None and room == other_room and rooms[room].capacity == 1:
        if at_once:
            return []
        after = prep.problem.steps_of(rooms[room].changeover)
        if after and a < d + after and c < b + after:
            return [Instance(CHANGEOVER.name, room)]
    shared = [p for p in prep.problem.sessions[i].required if p in set(prep.problem.sessions[j].required)]
    for who in shared:
        if at_once:
            return [Instance(NO_DOUBLE_BOOKING.name, who)]
        if prep.gap and a < d + prep.gap and c < b + prep.gap:
            return [Instance(GAP.name, who)]
    return None
