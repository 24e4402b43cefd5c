"""A unit problem as of a moment (docs/replanning.md, "Meetings that have started"): a unit whose
published meeting has started by then is held where it was, and no other unit is placed in a slot that
has begun: the rule ``started`` (:mod:`scheduler.rules.started`), said once in the problem
(``Problem.as_of``). ``now`` is a value here (the edges read ``--now``, ``DOCKING_NOW`` or the clock)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from scheduler.domain import AsOf, Pin, Problem


def as_of(problem: Problem, now: datetime) -> Problem:
    """``problem`` (its changes applied) as of ``now`` (aware): each unit of ``problem.reference`` whose
    meeting started before ``now`` held there, every slot begun closed to the others. Not held: a unit
    pinned, nor closed out of the past (released: its pin says where it goes, begun or not), and a unit
    unavailable at its published time, which began by now: it did not come, and is placed again after
    now (docs/replanning.md). A campaign not begun,
    or whose last slot has begun (planned as given), is returned as it is."""
    calendar = problem.calendar
    moment = now.astimezone(ZoneInfo(calendar.timezone)).replace(tzinfo=None)
    if not calendar.under_way(moment):
        return problem
    reference = problem.reference.meetings if problem.reference is not None else ()
    begun = {m.unit: m.start for m in reference if m.start is not None and m.start < moment}
    pinned = tuple(dict.fromkeys(p.unit for p in problem.pins))
    away = set(pinned)
    away.update(e.unit for e in problem.unavailable if begun.get(e.unit) in e.starts)  # it did not come
    held = tuple(Pin(unit, start) for unit, start in begun.items() if unit not in away)
    return problem.replace(as_of=AsOf(moment, held, released=pinned))
