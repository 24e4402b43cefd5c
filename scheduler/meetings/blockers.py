"""Where a session that fits nowhere does least harm: the place whose blocking sessions move fewest.

Replanning's greedy keeps every published meeting at its place first; a displaced meeting can then
find every place taken (a required participant of it, or the room, is in another meeting). Moving
it to the front of the order changes nothing there, since the kept meetings always go first. So
the greedy asks this module for the place of the displaced meeting whose *blockers* (the sessions
placed there that it cannot sit beside) would move fewest: blockers keeping their preferred
(published) place count first, then all blockers; the session's own cost breaks ties. The caller
then gives the displaced meeting that place and releases its blockers, which are placed around it.

A blocker shares a required participant with the session at overlapping times (the gap included)
or holds the room at overlapping times (the changeover included; in a room for several at once,
every session there at that time, which may count too many). A place is only offered when the
board, with its blockers taken away, keeps the rules there (a series' one room, seats, who may
share), and never when a session in ``fixed`` (given its place by an earlier repair) blocks it,
so repairs never undo each other.
"""

from __future__ import annotations

from collections.abc import Collection

from scheduler.meetings.board import Board


def least_blocked(
    board: Board, i: int, preferred: Collection[int], fixed: Collection[int]
) -> tuple[int, str, list[int]] | None:
    """Session ``i``'s start, room and blockers where moving them costs least (see the module
    text), or ``None`` when every place is blocked by a session of ``fixed`` or breaks a rule."""
    prep = board.prep
    length = prep.length[i]
    gap = prep.gap
    mates = {j for p in prep.problem.sessions[i].required for j in prep.required_of.get(p, ()) if j != i}
    placed_mates = [j for j in mates if board.start[j] is not None]
    candidates = []
    for s in prep.starts[i]:
        e = s + length
        by_people = []
        for j in placed_mates:
            a = board.start[j]
            assert a is not None
            if a - gap < e and s < a + prep.length[j] + gap:
                by_people.append(j)
        if any(j in fixed for j in by_people):
            continue
        found = board.time_cost(i, s)  # None while a blocker holds a participant: ranked after
        cost = (0, *found) if found is not None else (1, 0, 0)
        for c in prep.eligible[i]:
            cls = prep.classes[c]
            for name in cls.rooms:
                by_room = [j for a, b, j in board.held[name] if a < e + cls.changeover and s < b + cls.changeover]
                blockers = sorted(set(by_people) | set(by_room))
                if any(j in fixed for j in blockers):
                    continue
                moving = sum(1 for j in blockers if j in preferred)
                candidates.append(((moving, len(blockers), cost), s, name, blockers))
    candidates.sort(key=lambda c: c[0])
    for _, s, name, blockers in candidates:
        if _keeps_without(board, i, s, name, blockers):
            return s, name, blockers
    return None


def _keeps_without(board: Board, i: int, s: int, name: str, blockers: list[int]) -> bool:
    """Whether session ``i`` keeps the rules at ``s`` in ``name`` once ``blockers`` are taken away
    (the board is left as it was)."""
    away = [(j, board.start[j], board.room[j]) for j in blockers]
    for j, a, room in away:
        assert a is not None and room is not None
        board.place(j, a, room, -1)
    try:
        return board.keeps(i, s, name)
    finally:
        for j, a, room in away:
            assert a is not None and room is not None
            board.place(j, a, room)
