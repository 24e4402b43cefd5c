"""The meeting times a text names (:class:`Times`), as :func:`scheduler.text.times.parse_times` reads
them: a module of its own, loaded with the first one made (a table of meeting times makes none)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time


@dataclass(frozen=True)
class Times:
    """The meeting times a text names: those from ``first`` to ``last`` (both ``None``: any
    day) whose clock time lies in ``daily`` (``None``: any time of day)."""

    first: datetime | None
    last: datetime | None
    daily: tuple[time, time] | None = None

    def covers(self, moment: datetime) -> bool:
        """Whether a meeting starting at ``moment`` is one of these times."""
        if self.first is not None and self.last is not None and not self.first <= moment <= self.last:
            return False
        return self.daily is None or self.daily[0] <= moment.time() <= self.daily[1]
