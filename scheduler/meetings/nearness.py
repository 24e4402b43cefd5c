"""How far a replanned meeting went from its published start: the ``displacement`` term's one rule, for
the model (:mod:`scheduler.meetings.model`), the checker's arithmetic (:mod:`scheduler.meetings.measure`)
and the greedy's board (:mod:`scheduler.meetings.board`) alike."""

from __future__ import annotations

from datetime import datetime, time

from scheduler.domain.meetings import MeetingProblem


def published_starts(problem: MeetingProblem) -> dict[int, datetime]:
    """Session -> its published start, for those the reference gives a time (whatever their room, and
    even a time the calendar no longer has): what ``displacement`` is measured from."""
    reference = problem.reference.by_title() if problem.reference is not None else {}
    out = {}
    for i, s in enumerate(problem.sessions):
        was = reference.get(s.title)
        if was is not None and was.start is not None:
            out[i] = was.start
    return out


def offset(problem: MeetingProblem, was: datetime) -> float:
    """``was`` in minutes from midnight of the calendar's first day (the clock axis, in minutes)."""
    return (was - datetime.combine(problem.workdays.days[0], time())).total_seconds() / 60


def apart(grid: int, was: float, step: int) -> int:
    """Grid steps, rounded up, between ``was`` (:func:`offset`) and clock step ``step``."""
    return -int(-abs(step * grid - was) // grid)


def displacement(problem: MeetingProblem, was: datetime, step: int) -> int:
    """How far a meeting published at ``was`` moves when it starts at clock step ``step``: the time
    between the two starts in grid steps, rounded up (nights, weekends and breaks count: a meeting two
    hours later the same day is 8 steps of 15 minutes away, the same time the next day 96). The one
    rule of the ``displacement`` term; a meeting without a published time (added) is never displaced."""
    return apart(problem.workdays.grid, offset(problem, was), step)
