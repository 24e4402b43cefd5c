"""Our general meeting model on a Timefold-recipe instance, with Timefold's objective (the bench's "ours").

The instance becomes a :class:`scheduler.meetings.MeetingProblem` (one working period 8:00-18:00
on each of the four days, a 15-minute grid, rooms with their seats, people as participants) and is
solved with the ``timefold`` objective preset, whose terms count what the quickstart's soft and
medium constraints count; placements go back to grain indices for the common scorer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from benchmarks.timefold_recipe import DAY_START, GRAIN_MINUTES, GRAINS_PER_DAY, Instance, person_names
from scheduler.domain import Room
from scheduler.domain.meetings import Attendee, MeetingProblem, Person, Session, Workdays
from scheduler.meetings.planner import solve_meetings
from scheduler.meetings.terms import TIMEFOLD


@dataclass(frozen=True)
class Found:
    status: str
    bound: str
    placements: dict[str, tuple[int, str]]


def problem_of(instance: Instance) -> MeetingProblem:
    names = person_names(instance)
    end = DAY_START + GRAINS_PER_DAY * GRAIN_MINUTES
    workdays = Workdays(
        tuple(date.fromisoformat(d) for d in instance.days),
        ((time(DAY_START // 60, DAY_START % 60), time(end // 60, end % 60)),),
        GRAIN_MINUTES,
    )
    sessions = tuple(
        Session(
            m.topic,
            m.grains * GRAIN_MINUTES,
            tuple(Attendee(names[p]) for p in m.required) + tuple(Attendee(names[p], False) for p in m.preferred),
        )
        for m in instance.meetings
    )
    return MeetingProblem(
        sessions,
        workdays,
        tuple(Room(r.id, 1, r.seats) for r in instance.rooms),
        people=tuple(Person(names[p.id]) for p in instance.people),
        title=instance.name,
    )


def solve_instance(instance: Instance, seconds: float, workers: int = 2) -> Found:
    problem = problem_of(instance)
    result = solve_meetings(problem, TIMEFOLD, seconds, workers)
    placements = {}
    if result.plan is not None:
        per_day = problem.workdays.per_day()
        for m, step, room in zip(instance.meetings, result.starts, result.rooms, strict=True):
            day, minute = divmod(step, per_day)
            index = 1 + day * GRAINS_PER_DAY + (minute * GRAIN_MINUTES - DAY_START) // GRAIN_MINUTES
            placements[m.id] = (index, room)
    bound = "/".join(
        "?" if result.bound.get(level) is None else str(-result.bound[level]) for level in ("medium", "soft")
    )
    return Found(result.status, f"0/{bound}", placements)
