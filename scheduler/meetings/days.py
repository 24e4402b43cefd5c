"""Optional conflicts searched two days at a time (which sessions share a day), and the soft level
searched a day at a time.

The light model's search (:func:`scheduler.meetings.planner._improve_medium`) moves sessions within
and across days, but on the Timefold demo (24 meetings over four days) it stopped at 48 optional
conflicts where 40, the counting bound, is reachable: the fewest conflicts come from *which*
sessions share a day, and no single move of a session finds a better grouping. Here every session
outside two chosen days keeps its start and room class, the sessions of those days may go
anywhere within them (or a day between them), and the light model minimises the optional
conflicts from the current timetable; a better timetable is kept, then another pair of days is
tried, until the time is up or the bound is met. A column generation over days found the 40 in
11 minutes (docs/benchmarks.md); this finds it in seconds on most runs.

:func:`soft_by_days` does the same for the last level in the full (time-indexed) model: every
session outside one day (or two neighbouring days) is held at its start and room class, the
earlier levels are held at their values, and the day's sessions are placed anew at the least soft
cost. One day of the demo (six meetings) is proven in about a second, where the whole model's
search from the same timetable moved its soft level by 3 in 25 s (docs/benchmarks.md, "Ninth
session").
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise

from scheduler.meetings.atbound import Beside
from scheduler.meetings.engine import run, stopped
from scheduler.meetings.model import BuildStopped, MeetingModel
from scheduler.meetings.oneday import DayPricer, applies, by_day_sets
from scheduler.meetings.prepared import Prepared
from scheduler.meetings.terms import Term, by_level

__all__ = ["by_days", "days_used", "soft_by_days"]

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
    beside: Beside | None = None,
) -> tuple[list[int], list[int]]:
    """``found`` (starts, room classes) with fewer optional conflicts than ``value`` if a search of
    two days at a time finds one before ``until`` (or the ``bound``); else ``found``. With 8 s or
    more and a problem :func:`~scheduler.meetings.oneday.applies` to, the pair search gets half of
    the time and the search over the sessions' days, each priced exactly, the rest from its answer.
    ``beside``: a search running beside this one (:class:`~scheduler.meetings.atbound.Beside`, a
    grouping at the bound), asked between two steps; what it found is the answer at once. While it
    runs, the pair search has all the time (the annealing would share Python's lock with it)."""
    days = days_used(prep)
    pairs = [(a, b) for k, a in enumerate(days) for b in days[k:]]
    rng = random.Random(0)
    starts, classes = found
    # the annealing (Python) would share the lock with a grouping search beside (the pair search does not)
    alone = beside is None or not beside.running()
    regroup = applies(prep) and until - time.perf_counter() >= REGROUP_SECONDS and alone
    pairs_until = time.perf_counter() + REGROUP_SHARE * (until - time.perf_counter()) if regroup else until
    while value > bound and not stopped():
        if beside is not None and (at := beside()) is not None:
            return at
        left = pairs_until - time.perf_counter()
        if left < 0.05:
            break
        first, last = rng.choice(pairs)
        better = _pair(prep, medium, starts, classes, (first, last), min(SUBSOLVE_SECONDS, left), workers)
        if better is not None and better[0] <= value:  # sideways too: another grouping to go on from
            value, starts, classes = better
    if beside is not None and (at := beside()) is not None:
        return at
    if regroup and value > bound:  # then the days themselves, each priced exactly, from the pairs' answer
        regrouped = _regrouped(prep, starts, bound, until)
        if regrouped is not None and regrouped[0] < value:
            value, starts, classes = regrouped
    return starts, classes


REGROUP_SHARE = 0.5
"""Of :func:`by_days`'s time, what the pair search gets before the search over the sessions' days
(:func:`by_day_sets`) takes the rest from its answer."""
REGROUP_SECONDS = 8.0
"""The least time :func:`by_days` needs for :func:`by_day_sets` to run at all: with less (the demo at
10 s, about 4 s here), the annealing given half ended above where the pair search alone gets (60
and 61 against 52 and 52 under load 9), so the pair search keeps all of it."""


def _regrouped(prep: Prepared, starts: list[int], bound: int, until: float) -> tuple[int, list[int], list[int]] | None:
    """The best grouping of the sessions into days :func:`by_day_sets` finds from ``starts``' days
    before ``until``: its optional conflicts, starts and room classes; ``None`` if none."""
    workdays = prep.problem.workdays
    out = by_day_sets(DayPricer(prep), [workdays.day_of(s) for s in starts], bound, until)
    if out is None:
        return None
    value, placement = out
    return value, [placement[i][0] for i in range(prep.n)], [placement[i][1] for i in range(prep.n)]


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
    try:  # the call's stop ends the build (its loop asks only between two searches)
        light = MeetingModel(prep).build(tuple(medium), indexed=False, stoppable=True)
    except BuildStopped:
        return None
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


DAY_SECONDS = 2.0
"""The longest one day (or pair of neighbouring days) of :func:`soft_by_days` is searched."""

Timetable = tuple[list[int], list[int]]
"""Clock steps and room classes, per session."""


def soft_by_days(
    prep: Prepared,
    objective: tuple[Term, ...],
    found: Timetable,
    until: float,
    workers: int,
    better: Callable[[Timetable, Timetable], bool],
) -> Timetable:
    """``found`` with its last level lowered a day at a time before ``until``: each day, then each
    pair of neighbouring days, in turn, is searched in the full model with every other session held
    and the earlier levels held at their values; ``better(new, old)`` (the caller's exact measure)
    decides what is kept. Ends when every day and pair has been searched since the last gain and
    each day's search was proven, or when the time is up."""
    days = days_used(prep)
    if len(days) < 2 or len(by_level(objective)) < 1:
        return found
    around = [(d,) for d in days] + list(pairwise(days))
    done: set[tuple[int, ...]] = set()  # searched (and proven, for single days) since the last gain
    current = found
    k = 0
    while not stopped() and len(done) < len(around):
        left = until - time.perf_counter()
        if left < 0.05:
            break
        chosen = around[k % len(around)]
        k += 1
        if chosen in done:
            continue
        out = _day_search(prep, objective, current, chosen, min(DAY_SECONDS, left), workers)
        if out is not None and better(out[0], current):
            current, done = out[0], set()
        if out is None or out[1] or len(chosen) > 1:
            done.add(chosen)
    return current


def _day_search(
    prep: Prepared,
    objective: tuple[Term, ...],
    found: Timetable,
    days: tuple[int, ...],
    seconds: float,
    workers: int,
) -> tuple[Timetable, bool] | None:
    """The full model with every session outside ``days`` held and the earlier levels held at their
    values at ``found``: the best timetable for the last level in ``seconds`` and whether it is
    proven, or ``None``."""
    workdays = prep.problem.workdays
    starts, classes = found
    inside = [workdays.day_of(starts[i]) in days for i in range(prep.n)]
    held = replace(
        prep,
        starts=[
            [s for s in prep.starts[i] if workdays.day_of(s) in days] if inside[i] else [starts[i]]
            for i in range(prep.n)
        ],
        eligible=[list(prep.eligible[i]) if inside[i] else [classes[i]] for i in range(prep.n)],
        posted={},
    )
    try:
        model = MeetingModel(held).build(objective, stoppable=True)
    except BuildStopped:
        return None
    hint: dict[int, int] = {}
    for i in range(prep.n):
        hint.update({v: int(s == starts[i]) for s, v in model.x[i].items()})
        hint.update({v: int(c == classes[i]) for c, v in model.y[i].items()})
    values = model.complete(hint)
    stages = list(by_level(objective).values())
    for terms in stages[:-1]:
        earlier, offset = model.level_terms(terms)
        model.cp.linear(earlier, -(2**62), sum(a * values[v] for v, a in earlier))
    last, offset = model.level_terms(stages[-1])
    model.cp.minimize(last, offset)
    model.cp.hint(values)
    out = run(model.cp, seconds, workers)
    if not out.has_solution:
        return None
    new_starts = [next(s for s, v in model.x[i].items() if out.values[v]) for i in range(prep.n)]
    new_classes = [next(c for c, v in model.y[i].items() if out.values[v]) for i in range(prep.n)]
    return (new_starts, new_classes), out.status == "OPTIMAL"
