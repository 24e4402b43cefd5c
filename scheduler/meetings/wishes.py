"""How many of a timetable's preferred times (``Session.prefer``) it meets, and which it does not.

A preferred time is a wish, never a rule: a timetable outside one keeps every rule, and the checker
says so; what it misses is told beside the score, as information (``validate``), and counted in a
solve's summary (``时段偏好：满足 37/40``). The test of a wish is the one the ``preferred-time`` term
counts with (:func:`scheduler.rules.meetings.time_window.preferred`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from scheduler.domain.meetings import MeetingProblem, Plan
from scheduler.rules.meetings.time_window import RULE, preferred, said_wish
from scheduler.text.messages import Message


@dataclass(frozen=True)
class Unmet:
    """A meeting placed outside its preferred time: where it is, and the wish in words."""

    title: str
    start: datetime
    end: datetime
    wish: Message

    def message(self) -> Message:
        """``会议“学生01论文答辩”安排在 5月19日 14:00—15:30，不在其时段偏好（上午）内``."""
        return RULE.TEXT("mwish.unmet", title=self.title, time=self.start, end=self.end.time(), wish=self.wish)


@dataclass(frozen=True)
class Wishes:
    """The meetings with a preferred time (``written``), those placed in it (``met``) and those placed
    outside it (``unmet``); a meeting not placed is neither, and counted in ``unplaced``, so that met,
    unmet and unplaced add up to written (QA qadocs18: '满足 7/12' beside 4 unmet lines left one unsaid)."""

    written: int
    met: int
    unmet: tuple[Unmet, ...]
    unplaced: int = 0


def wishes(problem: MeetingProblem, plan: Plan) -> Wishes:
    """Which of ``problem``'s preferred times ``plan`` meets: a meeting unplaced, or placed off the grid
    or outside working time, meets none (the checker says why as a violation)."""
    days = problem.workdays
    where = {p.title: p.start for p in plan.placements if p.start is not None}
    written = met = 0
    unmet = []
    for s in problem.sessions:
        if not s.prefer:
            continue
        written += 1
        start = where.get(s.title)
        step = days.step(start) if start is not None else None
        working = step is not None and days.working(step) is not None
        if working and step is not None and preferred(problem, s, step, s.minutes // days.grid):
            met += 1
            continue
        if start is not None:
            unmet.append(Unmet(s.title, start, start + timedelta(minutes=s.minutes), said_wish(s)))
    ordered = tuple(sorted(unmet, key=lambda u: (u.start, u.title)))
    return Wishes(written, met, ordered, written - met - len(ordered))
