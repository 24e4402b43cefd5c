"""Optional conflicts searched two days at a time: which sessions share a day.

The light model's search (:func:`scheduler.meetings.planner._improve_medium`) moves sessions within
and across days, but on the Timefold demo (24 meetings over four days) it stopped at 48 optional
conflicts where 40, the counting bound, is reachable: the fewest conflicts come from *which*
sessions share a day, and no single move of a session finds a better grouping. Here every session
outside two chosen days keeps its start and room class, the sessions of those days may go
anywhere within them (or a day between them), and the light model minimises the optional
conflicts from the current timetable; a better timetable is kept, then another pair of days is
tried, until the time is up or the bound is met. A column generation over days found the 40 in
11 minutes (docs/benchmarks.md); this finds it in seconds on most runs.
"""

from __future__ import annotations

import random
import time

from scheduler.meetings.engine import run, stopped
from scheduler.meetings.model import MeetingModel
from scheduler.meetings.prepared import Prepared
from scheduler.meetings.terms import Term

__all__ = ["by_days", "days_used"]

SUBSOLVE_SECONDS = 1.0
"""The longest one pair of days is searched (on the demo most improvements came within 0.5 s)."""


def days_used(prep: Prepared) -> list[int]:
    """The days on which some session may start, in order."""
    workdays = prep.problem.workdays
    return sorted({workdays.day_of(s) for starts in prep.starts for s in starts})


def by_days(
    prep: Prepared,
    medium: list[Term],
    found: tuple[list[int], list[int]],
    value: int,
    bound: int,
    until: float,
    workers: int,
) -> tuple[list[int], list[int]]:
    """``found`` (starts, room classes) with fewer optional conflicts than ``value`` if a search of
    two days at a time finds one before ``until`` (or the ``bound``); else ``found``."""
    days = days_used(prep)
    pairs = [(a, b) for k, a in enumerate(days) for b in days[k:]]
    rng = random.Random(0)
    starts, classes = found
    while value > bound and not stopped():
        left = until - time.perf_counter()
        if left < 0.05:
            break
        first, last = rng.choice(pairs)
        better = _pair(prep, medium, starts, classes, (first, last), min(SUBSOLVE_SECONDS, left), workers)
        if better is not None and better[0] <= value:  # sideways too: another grouping to go on from
            value, starts, classes = better
    return starts, classes


def _pair(
    prep: Prepared,
    medium: list[Term],
    starts: list[int],
    classes: list[int],
    days: tuple[int, int],
    seconds: float,
    workers: int,
) -> tuple[int, list[int], list[int]] | None:
    """The light model with every session outside ``days`` held where it is: its best (value,
    starts, classes) in ``seconds``, or ``None``."""
    workdays = prep.problem.workdays
    per_day = workdays.per_day()
    light = MeetingModel(prep).build(tuple(medium), indexed=False)
    for i in range(prep.n):
        if workdays.day_of(starts[i]) in days:
            light.cp.linear([(light.start[i], 1)], days[0] * per_day, (days[1] + 1) * per_day - 1)
        else:
            light.cp.linear([(light.start[i], 1)], starts[i], starts[i])
            light.cp.linear([(light.y[i][classes[i]], 1)], 1, 1)
    light.cp.hint(light.complete(light.light_values(starts, classes)))
    terms, offset = light.level_terms(medium)
    light.cp.minimize(terms, offset)
    out = run(light.cp, seconds, workers)
    if not out.has_solution:
        return None
    return (round(out.objective or 0), *light.light_placed(out.values))
