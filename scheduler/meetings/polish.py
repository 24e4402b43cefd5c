"""A timetable made cheaper one session at a time: each taken out and put back at its cheapest place.

After the solver, the soft level is often left where a short search left it: meetings packed
back to back (100 a pair in Timefold's weights) where one grid step between them would cost one.
Taking one session out and putting it back where it costs least beside all the others (the
greedy's board, :class:`~scheduler.meetings.board.Board`) lowers the total by exactly the
difference for every term the board counts, and the hard rules hold at every step: a place is
taken only where the session keeps them beside the others. Moves are taken only when they are
strictly cheaper, medium before soft, so the medium level never rises and the passes end. The
whole timetable is measured again at the end (room stability is not on the board) and kept only if
it is better.
"""

from __future__ import annotations

import time

from scheduler.meetings.board import Board
from scheduler.meetings.engine import stopped
from scheduler.meetings.measure import levels, measure
from scheduler.meetings.prepared import Prepared
from scheduler.meetings.terms import LEVELS, Term

Timetable = tuple[list[int], list[str]]
"""Clock steps and rooms, per session."""
ON_BOARD = frozenset({"optional-conflicts", "early", "back-to-back", "overlap", "larger-rooms"})
"""Terms the board counts; room stability is measured at the end; moves (replanning) are not counted
at all, so an objective with them is not polished."""


def applies(terms: tuple[Term, ...]) -> bool:
    """Whether :func:`polish` can lower this objective (every term but room stability is on the board)."""
    return all(t.name in ON_BOARD or t.name == "room-stability" for t in terms)


def polish(prep: Prepared, terms: tuple[Term, ...], timetable: Timetable, until: float) -> Timetable | None:
    """``timetable`` with sessions moved one by one to cheaper places until none is cheaper elsewhere,
    ``until`` (``time.perf_counter()``) passes or the call is stopped; ``None`` if nothing better."""
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
    if not moved:
        return None
    found = ([int(s) for s in board.start], [str(r) for r in board.room])  # every session placed
    return found if _key(prep, terms, found) < _key(prep, terms, timetable) else None


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


def _key(prep: Prepared, terms: tuple[Term, ...], timetable: Timetable) -> tuple[int, ...]:
    values = levels(terms, measure(prep, *timetable))
    return tuple(values.get(level, 0) for level in LEVELS)
