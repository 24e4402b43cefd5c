"""What a table's 备注 seems to ask, said as the rule to add: a hint, never a rule.

Clerks write a unit's limits in its 备注 ("9月8日上午外出", "周三不行", "只能上午", "请安排在周五"),
and the scheduler does not read notes into the rules (free text is too easily misread: "9月8日前报送材料"
is a deadline). So the command line (``validate``, ``solve``, ``reschedule``, on the standard error) and
the web app (beside the check) say one line per unit (a meeting table: per meeting) whose note names
campaign days or half-days the way a limit is said (:func:`scheduler.text.named_days.days_said`, the
recogniser a decline's words are read with), with the ``[[unavailable]]`` or ``[[only]]`` entry and the
option that would make it a rule, and where the timetable puts the unit when that is inside the time it
cannot come (outside the time it can). A unit whose rules already keep it from those times gets no line.
The timetable is never changed by a note.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from scheduler.text.messages import Message, one_line

if TYPE_CHECKING:  # a table without notes loads neither the recogniser nor the meeting problem
    from scheduler.domain import Problem, Timetable
    from scheduler.domain.meetings import MeetingProblem, Plan
    from scheduler.text.named_days import NamedDay

NOTE_WIDTH = 40
"""A note is quoted up to this many characters (the hint is one line)."""


def unit_note_hints(problem: Problem, timetable: Timetable | None) -> list[Message]:
    """One message per unit whose 备注 names days or half-days it cannot come (``[[unavailable]]``) or can
    only come (``[[only]]``) that its rules do not say yet; the unit's start in ``timetable`` is named when
    it is inside the first (outside the second)."""
    from scheduler.text.named_days import AWAY, WANTED, covered, days_said, merged, not_blocked

    calendar = problem.calendar
    blocked: dict[str, set[datetime]] = {}
    for entry in problem.unavailable:
        blocked.setdefault(entry.unit, set()).update(entry.starts)
    starts = timetable.starts() if timetable is not None else {}
    out = []
    for unit in problem.units:
        if not unit.note:
            continue
        said = days_said(unit.note, calendar.days, None)
        own = blocked.get(unit.name, set())
        away = not_blocked(merged(s.named for s in said if s.how == AWAY), calendar.slots, own)
        wanted = merged(s.named for s in said if s.how == WANTED)
        allowed = {slot for named in wanted for slot in covered(named, calendar.slots)}
        if all(slot in own or slot in allowed for slot in calendar.slots):
            wanted = []  # the rules already keep it to those times (or the words name none)
        start = starts.get(unit.name)
        inside = start is not None and any(start in covered(n, calendar.slots) for n in away)
        outside = start is not None and start not in allowed
        said_as = _Said(unit.name, unit.note, calendar.days, start)
        hint = said_as.hint(("notes.away", "notes.only"), away, wanted, inside, outside)
        if hint is not None:
            out.append(hint)
    return out


def meeting_note_hints(problem: MeetingProblem, plan: Plan | None) -> list[Message]:
    """One message per meeting whose 备注 names days or half-days it cannot be held or can only be held;
    its start in ``plan`` is named when it is inside the first (outside the second)."""
    from scheduler.text.named_days import AWAY, WANTED, covered, days_said, merged

    days = problem.workdays.days
    starts = {p.title: p.start for p in plan.placements} if plan is not None else {}
    out = []
    for session in problem.sessions:
        if not session.note:
            continue
        said = days_said(session.note, days, None, held=True)  # 3月10日召开: the day it is held
        away = merged(s.named for s in said if s.how == AWAY)
        wanted = merged(s.named for s in said if s.how == WANTED)
        start = starts.get(session.title)
        inside = start is not None and any(covered(n, [start]) for n in away)
        outside = start is not None and not any(covered(n, [start]) for n in wanted)
        said_as = _Said(session.title, session.note, days, start)
        hint = said_as.hint(("notes.meeting_away", "notes.meeting_only"), away, wanted, inside, outside)
        if hint is not None:
            out.append(hint)
    return out


@dataclass(frozen=True)
class _Said:
    """A unit's (a meeting's) note, the campaign's days and its start in the timetable (``None``: none)."""

    name: str
    note: str
    days: Sequence[date]
    start: datetime | None

    def hint(
        self, keys: tuple[str, str], away: Sequence[NamedDay], wanted: Sequence[NamedDay], inside: bool, outside: bool
    ) -> Message | None:
        """The line for the days it cannot come (``keys[0]``) and those it can only come (``keys[1]``), the
        start named when ``inside`` the first (``outside`` the second); ``None`` when there are neither."""
        parts = []
        if away:
            parts.append(self._one(keys[0], away, self.start if inside else None))
        if wanted:
            parts.append(self._one(keys[1], wanted, self.start if outside else None))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Message("notes.both", away=parts[0], only=parts[1])

    def _one(self, key: str, named: Sequence[NamedDay], at: datetime | None) -> Message:
        from scheduler.text.times import Dated, dated

        times = _written(named, self.days)
        listed = Dated(", ".join(f'"{t}"' for t in times), ", ".join(f'"{dated(t, "en")}"' for t in times))
        placed = Message("notes.placed", time=at) if at is not None else ""
        note = one_line(self.note, NOTE_WIDTH)
        return Message(key, name=self.name, note=note, times=list(times), listed=listed, placed=placed)


_EVERY_DAY = {"上午": "morning", "下午": "afternoon", "": "all day"}
"""A half (or the whole) of every campaign day as an English hint writes it, which the rules read back."""


def _written(named: Sequence[NamedDay], days: Iterable[date]) -> list[str]:
    """The days as the rules and options take them: ``上午`` for the mornings of every campaign day, each a
    :class:`~scheduler.text.times.Dated` whose English form they read too (``morning``, ``Sep 8 morning``:
    QA qaeng22 F7, an English hint said ``(上午)``)."""
    from scheduler.text.times import Dated

    every = sorted(set(days))
    parts = {n.part for n in named}
    if len(parts) == 1 and len(every) > 1 and sorted(n.day for n in named) == every:
        part = parts.pop()
        return [Dated(part or "全天", _EVERY_DAY[part])]
    return [n.text() for n in named]
