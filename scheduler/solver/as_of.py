"""A unit problem's replanning as of a moment (docs/replanning.md, "Meetings that have started"): a unit
whose published meeting has started by then stays where it was, and no unit is placed in a slot that
has begun. ``now`` is a value here (the edges read ``DOCKING_NOW`` or the clock)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from scheduler.domain import Pin, Problem, Unavailable
from scheduler.solver.replan import Changes


def as_of(problem: Problem, changes: Changes, now: datetime) -> Changes:
    """``changes`` with, as of ``now`` (aware): a pin for each unit of ``problem.reference`` whose meeting
    started before ``now`` (unless dropped or pinned already), and every slot that has begun unavailable
    to the other units. A campaign not begun, or whose last slot has begun (planned as given), gets none."""
    calendar = problem.calendar
    moment = now.astimezone(ZoneInfo(calendar.timezone)).replace(tzinfo=None)
    past = [s for s in calendar.slots if s < moment]
    if not past or len(past) == len(calendar.slots):
        return changes
    dropped = set(changes.drop)
    pinned = {p.unit for p in (*problem.pins, *changes.pins)} | dropped
    reference = problem.reference.meetings if problem.reference is not None else ()
    started = [
        Pin(m.unit, m.start)
        for m in reference
        if m.start is not None and m.start < moment and m.unit not in pinned and problem.has_unit(m.unit)
    ]
    kept = pinned | {p.unit for p in started}
    others = [u.name for u in (*problem.units, *changes.add) if u.name not in kept]
    closed = tuple(Unavailable(name, past) for name in others)
    return Changes(
        unavailable=(*changes.unavailable, *closed),
        pins=(*changes.pins, *started),
        drop=changes.drop,
        add=changes.add,
        links=changes.links,
    )
