"""The meeting times a text names (:class:`Times`), as :func:`scheduler.text.times.parse_times` reads
them: a module of its own, loaded with the first one made (a table of meeting times makes none)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta


@dataclass(frozen=True)
class Times:
    """The times a text names: from ``first`` to ``last`` (both ``None``: any day) whose clock time lies
    in ``daily`` (``None``: any time of day), on one of ``days`` (``None``: any; ``周三`` when the campaign
    has several Wednesdays: these times on each of them, as written on its date).

    ``clock`` says whether ``first`` and ``last`` (with ``days``, ``daily``'s ends) are clock times
    (``9月8日 9:00``, ``9:00-10:00``: time as the clock reads it) or days and parts of days (``9月8日``,
    ``下午``: decided by when a meeting starts, so a one-hour 18:00 meeting is the afternoon's). Which
    meetings they name is :meth:`meetings`' to say: the one rule for the solver, the checker and the
    explanations, which all read the slots it gives.
    """

    first: datetime | None
    last: datetime | None
    daily: tuple[time, time] | None = None
    clock: tuple[bool, bool] = (False, False)
    days: frozenset[date] | None = None

    def meetings(self, starts: Sequence[datetime], minutes: int, whole: bool) -> list[datetime]:
        """The meetings of ``starts`` (sorted; each lasting ``minutes``) these times name.

        ``whole=False``, what a unit cannot come to (``unavailable``): every meeting running at some
        moment of them (a single time: the meeting running then; ``9:00-10:00``: every meeting that
        overlaps it, a 8:30-10:00 one too). ``whole=True``, what a unit can come to (``only``): the
        meetings wholly within them (a single time: the meeting starting then). Days and parts of days
        take the meetings that start in them, either way."""
        if self.days is not None:  # a weekday of several days: the times on each, as on a date
            return sorted({s for day in self.days for s in self.on(day).meetings(starts, minutes, whole)})
        length = timedelta(minutes=minutes)
        if self.first is not None and self.last is not None:  # one run of the sorted starts
            starts = starts[bisect_left(starts, self.first - length) : bisect_right(starts, self.last)]
        fits = self._within if whole else self._during
        return [s for s in starts if fits(s, length)]

    def on(self, day: date) -> Times:
        """These times on ``day`` as written with its date: ``周三 9:00-10:00`` on 9月8日 is
        ``9月8日 9:00-10:00``, ``周三下午`` ``9月8日下午``, ``周三`` the whole of 9月8日."""
        since, until = self.daily or (time.min, time.max)
        return Times(datetime.combine(day, since), datetime.combine(day, until), clock=self.clock)

    def _daily(self, start: datetime) -> bool:
        return self.daily is None or self.daily[0] <= start.time() <= self.daily[1]

    def _during(self, start: datetime, length: timedelta) -> bool:
        """Whether a meeting from ``start`` runs at some moment of these times."""
        if not self._daily(start):
            return False
        if self.first is None or self.last is None:
            return True
        early, late = self.clock
        if not (start + length > self.first if early else start >= self.first):
            return False
        if late and self.first < self.last:
            return start < self.last  # a span of clock time: its end is when the unit is back
        return start <= self.last

    def _within(self, start: datetime, length: timedelta) -> bool:
        """Whether a meeting from ``start`` lies wholly within these times."""
        if not self._daily(start):
            return False
        if self.first is None or self.last is None:
            return True
        if start < self.first:
            return False
        if self.clock[1] and self.first < self.last:  # an end at 24:00 (time.max) is the next midnight
            end = self.last + timedelta(microseconds=1) if self.last.time() == time.max else self.last
            return start + length <= end
        return start <= self.last
