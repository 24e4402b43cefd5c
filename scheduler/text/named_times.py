"""The meeting times a text names (:class:`Times`), as :func:`scheduler.text.times.parse_times` reads
them: a module of its own, loaded with the first one made (a table of meeting times makes none)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta


@dataclass(frozen=True)
class Times:
    """The times a text names: from ``first`` to ``last`` (both ``None``: any day) whose clock time lies
    in ``daily`` (``None``: any time of day).

    ``clock`` says whether ``first`` and ``last`` are clock times (``9月8日 9:00``, ``9:00-10:00``: time as
    the clock reads it) or days and parts of days (``9月8日``, ``下午``: decided by when a meeting starts,
    so a one-hour 18:00 meeting is the afternoon's). Which meetings they name is :meth:`meetings`' to say:
    the one rule for the solver, the checker and the explanations, which all read the slots it gives.
    """

    first: datetime | None
    last: datetime | None
    daily: tuple[time, time] | None = None
    clock: tuple[bool, bool] = (False, False)

    def meetings(self, starts: Sequence[datetime], minutes: int, whole: bool) -> list[datetime]:
        """The meetings of ``starts`` (sorted; each lasting ``minutes``) these times name.

        ``whole=False``, what a unit cannot come to (``unavailable``): every meeting running at some
        moment of them (a single time: the meeting running then; ``9:00-10:00``: every meeting that
        overlaps it, a 8:30-10:00 one too). ``whole=True``, what a unit can come to (``only``): the
        meetings wholly within them (a single time: the meeting starting then). Days and parts of days
        take the meetings that start in them, either way."""
        length = timedelta(minutes=minutes)
        if self.first is not None and self.last is not None:  # one run of the sorted starts
            starts = starts[bisect_left(starts, self.first - length) : bisect_right(starts, self.last)]
        fits = self._within if whole else self._during
        return [s for s in starts if fits(s, length)]

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
        if self.clock[1] and self.first < self.last:
            return start + length <= self.last
        return start <= self.last
