"""A timetable made cheaper one session at a time: each taken out and put back at its cheapest place.

After the solver, the soft level is often left where a short search left it: meetings packed
back to back (100 a pair in Timefold's weights) where one grid step between them would cost one.
Taking one session out and putting it back where it costs least beside all the others (the
greedy's board, :class:`~scheduler.meetings.board.Board`) lowers the total by exactly the
difference for every term the board counts, and the hard rules hold at every step: a place is
taken only where the session keeps them beside the others. Moves are taken only when they are
strictly cheaper, medium before soft, so the medium level never rises and the passes end. Then,
while time is left, *ruin and recreate*: a few sessions that share people are taken out together
and put back one by one, each at its cheapest place, kept only if the whole is cheaper (the way
local-search schedulers such as Timefold's work; here it starts from the solver's answer). The
whole timetable is measured again at the end (room stability is not on the board) and kept only if
it is better.
"""

from __future__ import annotations

import random
import time

from scheduler.meetings.board import Board
from scheduler.meetings.engine import stopped
from scheduler.meetings.measure import score_key
from scheduler.meetings.prepared import Prepared
from scheduler.meetings.terms import Term

Timetable = tuple[list[int], list[str]]
"""Clock steps and rooms, per session."""
ON_BOARD = frozenset(
    {
        "optional-conflicts",
        "early",
        "back-to-back",
        "overlap",
        "larger-rooms",
        "participant-days",
        "idle",
        "preferred-time",
    }
)
"""Terms the board counts; room stability is measured at the end; moves (replanning) are not counted
at all, so an objective with them is not polished."""


def applies(terms: tuple[Term, ...]) -> bool:
    """Whether :func:`polish` can lower this objective (every term but room stability is on the board)."""
    return all(t.name in ON_BOARD or t.name == "room-stability" for t in terms)


def polish(
    prep: Prepared,
    terms: tuple[Term, ...],
    timetable: Timetable,
    until: float,
    seed: int = 0,
    group: int = 0,
) -> Timetable | None:
    """``timetable`` with sessions moved one by one to cheaper places until none is cheaper elsewhere,
    ``until`` (``time.perf_counter()``) passes or the call is stopped; ``None`` if nothing better
    (at once when ``until`` is past: laying out the board alone took 0.2 s at 2,000 meetings).
    ``seed`` and ``group`` (sessions taken out together, :data:`GROUP` when 0) make a further round
    of ruin and recreate from a timetable an earlier round left: other groups, larger ones."""
    if time.perf_counter() >= until or stopped():
        return None
    board = Board(prep, terms)
    starts, rooms = timetable
    for i in range(prep.n):
        board.place(i, starts[i], rooms[i])
    moved = False
    out_of_time = False
    while not (out_of_time or stopped()):
        changed = False
        for i in range(prep.n):
            if time.perf_counter() >= until:
                out_of_time = True
                break
            if _move(board, i):
                changed = moved = True
        if not changed:
            break
    if not out_of_time and prep.n > 1:
        moved |= _rebuild(board, until, seed, group or GROUP)
    if not moved:
        return None
    found = board.timetable()  # every session placed
    return found if score_key(prep, terms, found) < score_key(prep, terms, timetable) else None


GROUP = 4
"""Sessions taken out together by one ruin-and-recreate step."""
SEEDS = 1_000_003
"""Apart from the number of sessions, which seeds the first round, what sets the rounds' seeds apart."""
STALL = 100
"""Ruin and recreate ends after this many steps per session without a cheaper timetable (or at its time)."""


def _rebuild(board: Board, until: float, seed: int = 0, size: int = GROUP) -> bool:
    """Ruin and recreate until ``until``, or until :data:`STALL` steps a session bring nothing: take
    out a session and up to ``size`` - 1 sessions sharing someone with it, put each back at its
    cheapest place (in a random order), keep the result when it is cheaper in all (medium before
    soft), else put them back where they were. The change in cost is the sum of what each costs
    where it goes back less what it cost where it was taken out (each beside the sessions placed at
    that moment), exact for the board's terms. Seeded: the same timetable and time give the same
    moves (another ``seed``, other moves). Whether anything moved."""
    prep = board.prep
    rng = random.Random(prep.n + SEEDS * seed)
    related = _related(prep)
    moved = False
    idle = 0
    while idle < STALL * prep.n and time.perf_counter() < until and not stopped():
        idle += 1
        first = rng.randrange(prep.n)
        others = related[first]
        group = [first, *rng.sample(others, min(size - 1, len(others)))]
        was = [(j, board.start[j], board.room[j]) for j in group]
        out = [0, 0]
        for j, s, name in was:
            assert s is not None and name is not None
            board.place(j, s, name, -1)
            cost = board.cost(j, s, name)
            assert cost is not None  # it was there, beside these very sessions
            out[0] += cost[0]
            out[1] += cost[1]
        rng.shuffle(group)
        back = [0, 0]
        placed: list[int] = []
        for j in group:
            best = board.cheapest(j)
            if best is None:
                break
            board.place(j, best[1], best[2])
            placed.append(j)
            back[0] += best[0][0]
            back[1] += best[0][1]
        if len(placed) == len(group) and (back[0], back[1]) < (out[0], out[1]):
            moved, idle = True, 0
            continue
        for j in placed:
            s, name = board.start[j], board.room[j]
            assert s is not None and name is not None
            board.place(j, s, name, -1)
        for j, s, name in was:
            assert s is not None and name is not None
            board.place(j, s, name)
    return moved


def _related(prep: Prepared) -> list[list[int]]:
    """Per session, the other sessions sharing a participant with it (every other one if none does)."""
    of: dict[str, list[int]] = {}
    for i, session in enumerate(prep.problem.sessions):
        for a in session.attendees:
            of.setdefault(a.name, []).append(i)
    out = []
    for i, session in enumerate(prep.problem.sessions):
        near = sorted({j for a in session.attendees for j in of[a.name] if j != i})
        out.append(near or [j for j in range(prep.n) if j != i])
    return out


def _move(board: Board, i: int) -> bool:
    """Put session ``i`` at its cheapest place if that is cheaper than where it is; whether it moved."""
    s, name = board.start[i], board.room[i]
    assert s is not None and name is not None
    board.place(i, s, name, -1)
    here = board.cost(i, s, name)
    best = board.cheapest(i)
    if best is not None and here is not None and best[0] < here:
        board.place(i, best[1], best[2])
        return True
    board.place(i, s, name)
    return False
