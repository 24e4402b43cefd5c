"""The meeting calls' arguments, checked where a caller hands them in, as the unit calls check theirs.

``solve_meetings``, ``replan_meetings``, ``meeting_alternatives``, ``check_meetings`` and
``explain_meetings`` refuse a value they cannot use with :class:`~scheduler.errors.ArgumentError`
naming the argument, before any work: a time limit of zero or less (or not a number), a ``stop``
without ``is_set()``, ``workers`` or ``count`` below 1, an objective that is not a tuple of
:class:`~scheduler.meetings.terms.Term` (``"compact"`` is the command line's word for the rules'
objective), a problem or a timetable of another kind. A term's ``who`` naming no person or unit of
the problem is refused as the rules reader refuses it (:class:`~scheduler.errors.ProblemError`,
:func:`~scheduler.meetings.terms.check_who`). The checks themselves are the unit calls'
(:func:`scheduler.solver.deadline.check_limits`, :func:`scheduler.errors.need`...): one rule, one
place.
"""

from __future__ import annotations

from scheduler.domain.meetings import MeetingProblem, Plan
from scheduler.errors import ArgumentError, need, need_tuple, need_whole, wrong
from scheduler.meetings.terms import Term, check_who
from scheduler.solver.deadline import Deadline, ProgressCallback, StopSignal, check_limits, deadline_of
from scheduler.text.messages import Message


def check_problem(problem: object) -> None:
    """Refuse anything but a :class:`MeetingProblem` (a unit ``Problem`` included)."""
    need("problem", problem, MeetingProblem)


def check_objective(objective: object, problem: object) -> None:
    """Refuse an objective that is not a tuple of :class:`Term`, or whose ``who`` names no person or
    unit of ``problem`` (:func:`~scheduler.meetings.terms.check_who`, the rules reader's check:
    :class:`~scheduler.errors.ProblemError`)."""
    need_tuple("objective", objective, Term, ArgumentError, Message("kind.terms"))
    if isinstance(problem, MeetingProblem) and isinstance(objective, tuple):  # else refused already
        check_who(objective, {p.name for p in problem.people} | set(problem.units))


def check_solving(
    problem: object,
    objective: object,
    time_limit: object,
    workers: object,
    stop: StopSignal | None = None,
    progress: object = None,
) -> None:
    """What every solving call takes: the problem, the objective, the time limit, the workers, the stop,
    the progress callback."""
    check_problem(problem)
    check_objective(objective, problem)
    check_limits(time_limit, stop, progress)
    need_whole("workers", workers, 1)


def budget(
    time_limit: float | Deadline, stop: StopSignal | None = None, progress: ProgressCallback | None = None
) -> tuple[float, StopSignal | None, ProgressCallback | None]:
    """The seconds, the stop signal and the progress callback a meeting call runs by. ``time_limit`` may
    be a :class:`~scheduler.solver.deadline.Deadline` a caller already holds, as the unit calls take it
    (one budget for a whole request): then the seconds it has left, and its stop and progress heard with
    a ``stop`` and ``progress`` given beside it. Seconds are returned as given, for :func:`check_solving`
    to check."""
    if not isinstance(time_limit, Deadline):
        return time_limit, stop, progress
    deadline = deadline_of(time_limit, stop, progress)
    return max(1e-3, deadline.remaining()), deadline.stop, deadline.progress


def check_seconds(name: str, value: object) -> None:
    """Refuse seconds that are not a number of at least 0 (``spare``, ``grace``), naming the argument."""
    if not isinstance(value, int | float) or isinstance(value, bool) or not value >= 0:  # nan is not >= 0
        raise wrong(name, value, Message("kind.seconds"))


def check_start_from(start_from: object, problem: MeetingProblem) -> None:
    """Refuse a ``start_from`` that is not ``None`` or (starts, rooms), one clock step (a whole number)
    and one room name per meeting of ``problem``."""
    if start_from is None:
        return
    n = len(problem.sessions)
    pair: list[object] = list(start_from) if isinstance(start_from, tuple | list) else []
    starts, rooms = pair if len(pair) == 2 else (None, None)
    shaped = (
        isinstance(starts, list | tuple)
        and isinstance(rooms, list | tuple)
        and len(starts) == len(rooms) == n
        and all(type(s) is int for s in starts)
        and all(isinstance(r, str) for r in rooms)
    )
    if not shaped:
        raise wrong("start_from", start_from, Message("kind.start_from"))


def check_plan(name: str, plan: object) -> None:
    """Refuse a timetable (``name``: the argument) that is not a :class:`Plan`."""
    need(name, plan, Plan)
