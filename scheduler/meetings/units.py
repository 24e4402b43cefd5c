"""A unit table's problem as a meeting problem: the general model as a fallback formulation.

Each unit becomes one session of the calendar's meeting length with the unit as its one required
participant; its 并行组 labels become sharing labels, so a room receiving two units at once (capacity
2) holds only units with a common label, without enumerating the groups. The calendar's meeting
hours become working periods (consecutive hours merge) on a grid of the meeting length, so sessions
start exactly at the listed hours; unavailable hours become busy time, pins stay pins.

Not carried over (the caller must keep them elsewhere or refuse): the category order and links;
meeting hours off the grid of the meeting length (8:30 with one-hour meetings) would let sessions
start between the listed hours. :func:`convertible` says whether a problem has none of these.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from scheduler.domain import Problem, labels
from scheduler.domain.meetings import Attendee, Busy, MeetingProblem, Pin, Session, Workdays


def convertible(problem: Problem) -> bool:
    """Whether every rule of the unit problem has a counterpart in the meeting model."""
    minutes = problem.calendar.minutes
    on_grid = all((h.hour * 60 + h.minute) % minutes == 0 for h in problem.calendar.hours)
    return not problem.links and len(problem.categories) < 2 and on_grid


def from_units(problem: Problem) -> MeetingProblem:
    """The meeting problem of a unit problem (see the module text for what is not carried over)."""
    calendar = problem.calendar
    minutes = calendar.minutes
    periods: list[tuple[datetime, datetime]] = []
    day = calendar.days[0]
    for hour in calendar.hours:
        begin = datetime.combine(day, hour)
        end = begin + timedelta(minutes=minutes)
        if periods and periods[-1][1] == begin:
            periods[-1] = (periods[-1][0], end)
        else:
            periods.append((begin, end))
    workdays = Workdays(
        calendar.days,
        tuple((a.time(), b.time()) for a, b in periods),
        minutes,
        calendar.timezone,
    )
    sessions = tuple(
        Session(
            unit.name,
            minutes,
            (Attendee(unit.name),),
            seats=1,
            share=labels(unit),
            note=unit.note,
        )
        for unit in problem.units
    )
    busy = tuple(
        Busy(entry.unit, start, start + timedelta(minutes=minutes))
        for entry in problem.unavailable
        for start in sorted(entry.starts)
    )
    return MeetingProblem(
        sessions,
        workdays,
        tuple(problem.rooms),
        units=tuple(unit.name for unit in problem.units),
        busy=busy,
        pins=tuple(Pin(pin.unit, pin.start) for pin in problem.pins),
        title=problem.title,
    )
