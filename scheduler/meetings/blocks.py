"""A first search of the medium level on block starts: every session starting on a multiple of the
sessions' common length, counted from the start of its working period.

When every length is a multiple of ``g`` steps (Timefold's recipe: 8, 12 and 16 grains, ``g = 4``),
starting only on the ``g``-step blocks of each working period is a restriction of the problem: every
timetable found there keeps every rule of the real one (the same model, the same rules, fewer starts),
and the time-indexed model, four times smaller in its starts, moves where the whole one stalls
(twenty-third session, ``benchmarks/timefold_medium.py``: 80 optional conflicts at 50 meetings where
the library's 60 s answer had 100-132; the same model on every step found no timetable in 400 s).
Its answer is a timetable for the medium level alone; the whole model's stages start from it.

Nothing here is a rule: the model is :class:`~scheduler.meetings.model.MeetingModel` on a copy of the
preparation whose starts are thinned (a session none of whose starts falls on a block keeps all of
them, a pinned one for example).
"""

from __future__ import annotations

import math
import time
from dataclasses import replace

from scheduler.meetings.engine import run, stopped
from scheduler.meetings.model import BuildStopped, MeetingModel
from scheduler.meetings.prepared import Prepared
from scheduler.meetings.rooms import number_rooms
from scheduler.meetings.terms import Term, by_level

LEAST_BLOCK = 2
"""Blocks of fewer steps than this are no restriction worth a model of its own."""


def block_steps(prep: Prepared) -> int:
    """The sessions' common length in steps (their greatest common divisor; 0 with no session)."""
    g = 0
    for length in prep.length:
        g = math.gcd(g, length)
    return g


def on_blocks(prep: Prepared, g: int) -> Prepared | None:
    """A copy of ``prep`` whose sessions start only on ``g``-step blocks of their working period
    (a session with no such start keeps its own); ``None`` when that removes no start at all."""
    first_of: dict[int, int] = {}
    for first, end in prep.problem.workdays.runs():
        for s in range(first, end):
            first_of[s] = first
    thinned: dict[int, list[int]] = {}  # sessions restricted alike share one list: thinned once
    starts: list[list[int]] = []
    fewer = False
    for own in prep.starts:
        kept = thinned.get(id(own))
        if kept is None:
            kept = [s for s in own if (s - first_of.get(s, s)) % g == 0] or own
            thinned[id(own)] = kept
        fewer = fewer or len(kept) < len(own)
        starts.append(kept)
    if not fewer:
        return None
    # (the rules' posting time is priced per model: this one is smaller)
    out = replace(prep, starts=starts, posted={}, _unwished=prep._unwished, _outside=prep._outside)
    out.forbidden_starts = prep.forbidden_starts  # (not a field of its constructor)
    return out


def applies(prep: Prepared, objective: tuple[Term, ...]) -> bool:
    """Whether a block search is worth trying: the medium level is optional conflicts alone and the
    sessions' lengths share a block of at least :data:`LEAST_BLOCK` steps."""
    medium = by_level(objective).get("medium", [])
    return [t.name for t in medium] == ["optional-conflicts"] and block_steps(prep) >= LEAST_BLOCK


def block_search(
    prep: Prepared,
    objective: tuple[Term, ...],
    first: tuple[list[int], list[str]] | None,
    until: float,
    workers: int,
) -> tuple[list[int], list[str]] | None:
    """The medium level of ``objective`` minimised on block starts (:func:`on_blocks`) until ``until``,
    hinted with ``first``'s sessions moved to the nearest block; its best timetable (rooms numbered),
    or ``None`` when it does not apply, its build is stopped or it finds none. Not proven anything: a
    restriction's optimum bounds nothing of the real problem."""
    if not applies(prep, objective) or stopped():
        return None
    blocked = on_blocks(prep, block_steps(prep))
    if blocked is None:
        return None
    medium = tuple(by_level(objective)["medium"])
    try:
        model = MeetingModel(blocked).build(medium, stoppable=True, until=until)
    except BuildStopped:
        return None
    if first is not None:
        near = [_nearest(blocked.starts[i], at) for i, at in enumerate(first[0])]
        classes = [prep.class_of_room[r] for r in first[1]]
        model.cp.hint(model.complete(model.values(near, classes)))
    model.cp.minimize(*model.level_terms(list(medium)))
    left = until - time.perf_counter()
    if left <= 0:
        return None
    out = run(model.cp, left, workers)
    if not out.has_solution:
        return None
    values = out.values
    starts = [next(s for s, v in model.x[i].items() if values[v]) for i in range(prep.n)]
    classes = [next(c for c, v in model.y[i].items() if values[v]) for i in range(prep.n)]
    return starts, number_rooms(prep, starts, classes)


def _nearest(starts: list[int], at: int) -> int:
    """The start of ``starts`` nearest ``at`` (the earlier of two as near)."""
    return min(starts, key=lambda s: (abs(s - at), s))
