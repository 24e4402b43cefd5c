"""The published timetable a replanning starts from: each meeting's published place, and the meetings
that must move from it whatever else moves (the one count of them, for the search's early stop and for
the ``moves`` term's bound by counting)."""

from __future__ import annotations

from collections.abc import Mapping

from scheduler.domain.meetings import MeetingProblem
from scheduler.meetings.board import Board
from scheduler.meetings.prepared import Prepared
from scheduler.meetings.terms import Term


def published_places(problem: MeetingProblem) -> dict[int, tuple[int, str]]:
    """Session -> its published start (clock step) and room, for those the reference places."""
    reference = problem.reference.by_title() if problem.reference is not None else {}
    prefer = {}
    for i, s in enumerate(problem.sessions):
        was = reference.get(s.title)
        step = problem.workdays.step(was.start) if was is not None and was.start is not None else None
        if was is not None and step is not None and was.room is not None:
            prefer[i] = (step, was.room)
    return prefer


def must_move(prep: Prepared, prefer: Mapping[int, tuple[int, str]]) -> list[int]:
    """The meetings whose published place (``prefer``) breaks a rule of their own, alone on the board
    (busy time, a pin, a window, a room they may no longer use): every timetable moves them, so their
    count is a lower bound on the moves. Not those that only clash with another kept meeting (a link
    added, a participant shared): either of the two may move (QA review16 finding 4: a bound counting
    the later of the two stopped the search at 2 moves where moving the earlier alone did)."""
    empty = Board(prep, (Term("early"),))
    return [i for i, place in prefer.items() if not empty.keeps(i, *place)]


def least_moves(prep: Prepared) -> int:
    """A lower bound on the ``moves`` term, by counting: the meetings that must move from their
    published place (:func:`must_move`) and those added (no published time: moved whatever happens).
    0 without a reference."""
    problem = prep.problem
    if problem.reference is None:
        return 0
    reference = problem.reference.by_title()
    added = 0
    for s in problem.sessions:
        was = reference.get(s.title)
        added += was is None or was.start is None
    return len(must_move(prep, published_places(problem))) + added
