"""Testing one rule alone on meeting problems: through the interval model (its port) and the checker.

The *frame* of a meeting model is every meeting placed once inside working hours, and a room
holding no more meetings at once than its capacity (``each-meeting-once``, ``working-hours``,
``room-capacity``). A rule's infeasible case is feasible in the frame alone and infeasible with
the rule added, so it is the rule, and nothing else, that forbids it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from scheduler.domain import Room
from scheduler.domain.meetings import Attendee, MeetingProblem, Person, Placement, Plan, Session, Workdays
from scheduler.meetings.model import MeetingModel
from scheduler.meetings.prepared import prepare
from scheduler.meetings.rooms import number_rooms
from scheduler.rules.base import Rule
from scheduler.rules.registry import rule
from scheduler.rules.values import PlanView

FRAME = (rule("each-meeting-once"), rule("working-hours"), rule("room-capacity"))
DAY = date(2025, 3, 3)
HOURS = ((time(8), time(12)), (time(14), time(18)))


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 3, 3, hour, minute)


def session(title: str, minutes: int = 60, *required: str, optional: Sequence[str] = (), **more: object) -> Session:
    attendees = tuple(Attendee(p) for p in required or ("甲",)) + tuple(Attendee(p, False) for p in optional)
    return Session(title, minutes, attendees, **more)  # type: ignore[arg-type]


def meetings(*sessions: Session, rooms: Sequence[Room] = (Room("A", 1, 10),), **more: object) -> MeetingProblem:
    """A one-day problem (8:00-12:00, 14:00-18:00, a 30-minute grid) with people 甲 乙 丙."""
    people = more.pop("people", (Person("甲"), Person("乙"), Person("丙")))
    return MeetingProblem(sessions, Workdays((DAY,), HOURS, 30), tuple(rooms), people=people, **more)  # type: ignore[arg-type]


TWO_ROOMS = (Room("A", 1, 10), Room("B", 1, 10))


def frame_without(named: Rule) -> tuple[Rule, ...]:
    return tuple(r for r in FRAME if r is not named)


def built(problem: MeetingProblem, rules: Sequence[Rule]) -> MeetingModel:
    """The interval model of ``problem`` built from ``rules`` only."""
    return MeetingModel(prepare(problem, rules=rules)).build(())


def status(problem: MeetingProblem, rules: Sequence[Rule]) -> str:
    """CP-SAT's verdict on the model of ``problem`` built from ``rules`` only."""
    return built(problem, rules).cp.solve(10, 1).status


def alone(problem: MeetingProblem, named: Rule) -> tuple[str, str]:
    """(status in the frame alone, status with the rule added)."""
    frame = frame_without(named)
    return status(problem, frame), status(problem, (*frame, named))


def solution(problem: MeetingProblem, rules: Sequence[Rule]) -> Plan:
    """A timetable the model built from ``rules`` only allows, rooms numbered within their classes."""
    model = built(problem, rules)
    outcome = model.cp.solve(10, 1)
    assert outcome.has_solution, outcome.status
    prep = model.prep
    starts = [next(s for s, v in model.x[i].items() if outcome.values[v]) for i in range(prep.n)]
    classes = [next(c for c, v in model.y[i].items() if outcome.values[v]) for i in range(prep.n)]
    rooms = number_rooms(prep, starts, classes)
    days = problem.workdays
    return Plan(tuple(Placement(s.title, days.moment(starts[i]), rooms[i]) for i, s in enumerate(problem.sessions)))


def broken(named: Rule, problem: MeetingProblem, plan: Plan) -> list[str]:
    """The rule's own violations of ``plan``, in English."""
    return [v.text("en") for v in named.check_plan(PlanView(problem, plan))]


def plan(*rows: tuple[str, datetime | None, str | None]) -> Plan:
    return Plan(tuple(Placement(*row) for row in rows))
