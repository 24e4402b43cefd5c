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
    board: Board, i: int, preferred: Collection[int], fixed: Collection[int], lookahead: int = 0
) -> tuple[int, str, list[int]] | None:
    """Session ``i``'s start, room and blockers where moving them costs least (see the module
    text), or ``None`` when every place is blocked by a session of ``fixed`` or breaks a rule.

    With ``lookahead``, up to that many places are weighed by their blockers too: a blocker that finds
    no free place of its own once the session is there counts :data:`STUCK_WEIGHT` moves more, since
    repairing it displaces others in turn (chains of repairs are what move many meetings)."""
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
                by_room = board.in_room(name, s - cls.changeover, e + cls.changeover)
                blockers = sorted(set(by_people) | by_room)
                if any(j in fixed for j in blockers):
                    continue
                if board.linked:  # its same-day followers need their place that day too
                    more = _followers_blockers(board, i, s, name, fixed)
                    if more is None:
                        continue
                    blockers = sorted(set(blockers) | more)
                moving = sum(1 for j in blockers if j in preferred)
                candidates.append(((moving, len(blockers), cost), s, name, blockers))
    candidates.sort(key=lambda c: c[0])
    best: tuple[tuple[int, object], int, str, list[int]] | None = None
    looked = 0
    for key, s, name, blockers in candidates:
        if best is not None and (key[0] >= best[0][0] or looked >= lookahead):
            break
        if not _keeps_without(board, i, s, name, blockers):
            continue
        looked += 1
        stuck = _stuck(board, i, s, name, blockers) if lookahead else 0
        rank = (key[0] + STUCK_WEIGHT * stuck, key)
        if best is None or rank < best[0]:
            best = (rank, s, name, blockers)
    return None if best is None else best[1:]


def blocking(board: Board, j: int, t: int, name: str) -> set[int]:
    """The sessions placed that session ``j`` at ``t`` in room ``name`` cannot sit beside: those sharing a
    required participant at overlapping times (the gap included) or holding the room then (changeover
    included)."""
    prep = board.prep
    e, gap = t + prep.length[j], prep.gap
    found = set()
    for p in prep.problem.sessions[j].required:
        for k in prep.required_of.get(p, ()):
            a = board.start[k]
            if k != j and a is not None and a - gap < e and t < a + prep.length[k] + gap:
                found.add(k)
    changeover = prep.classes[prep.class_of_room[name]].changeover
    return found | board.in_room(name, t - changeover, e + changeover)


def _followers_blockers(board: Board, i: int, s: int, name: str, fixed: Collection[int]) -> set[int] | None:
    """The blockers of session ``i``'s same-day followers not placed yet, each at its place that day
    after ``i`` at ``s`` (in ``name`` too when they share a series) blocked by fewest: a hearing's
    morning part is repaired where its afternoon part can be held as well. ``None`` when a follower
    has no such place free of the sessions in ``fixed`` (qamscale18 F5: the morning part was put back
    on a day whose afternoon a participant is away)."""
    prep = board.prep
    per_day = board.per_day
    series = prep.problem.sessions[i].series
    out: set[int] = set()
    for j, steps, same_day in board.order.after.get(i, ()):
        if not same_day or board.start[j] is not None:
            continue
        earliest = s + prep.length[i] + steps
        own = prep.problem.sessions[j].series
        rooms = [name] if series and own == series else [r for c in prep.eligible[j] for r in prep.classes[c].rooms]
        best: set[int] | None = None
        for t in prep.starts[j]:
            if t < earliest or t // per_day != s // per_day:
                continue
            for room in rooms:
                found = blocking(board, j, t, room)
                if not any(k in fixed for k in found) and (best is None or len(found) < len(best)):
                    best = found
        if best is None:
            return None
        out |= best
    return out


LOOKAHEAD = 40
"""Places (in the order above, every one keeping the rules) tried with ``lookahead``."""
STUCK_WEIGHT = 2
"""What a blocker finding no free place weighs, in moves: it will be repaired in turn, displacing
at least one more (1 chose as no lookahead did on gapcb below; 2, 3 and 5 alike)."""


def _stuck(board: Board, i: int, s: int, name: str, blockers: list[int]) -> int:
    """How many of ``blockers`` find no free place once session ``i`` is at ``s`` in ``name``, each
    put at its cheapest in turn (the board is left as it was)."""
    away = [(j, board.start[j], board.room[j]) for j in blockers]
    for j, a, room in away:
        assert a is not None and room is not None
        board.place(j, a, room, -1)
    board.place(i, s, name)
    placed = []
    stuck = 0
    for j in blockers:
        found = board.cheapest(j)
        if found is None:
            stuck += 1
            continue
        _, t, where = found
        board.place(j, t, where)
        placed.append((j, t, where))
    for j, t, where in placed:
        board.place(j, t, where, -1)
    board.place(i, s, name, -1)
    for j, a, room in away:
        assert a is not None and room is not None
        board.place(j, a, room)
    return stuck


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
