"""The meeting model against the checker, by brute force on tiny random problems.

For each problem every placement of every session (each start inside working hours, each room) is
checked; the model must say "infeasible" exactly when none passes, and otherwise return a timetable
that passes, proven optimal, with the brute force's best score at every level.
"""

import itertools
import random
from datetime import date, time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.domain import Room
from scheduler.domain.meetings import (
    Attendee,
    Busy,
    MeetingProblem,
    Person,
    Placement,
    Plan,
    Session,
    Window,
    Workdays,
)
from scheduler.meetings.check import check_meetings
from scheduler.meetings.planner import solve_meetings
from scheduler.meetings.prepared import prepare
from scheduler.meetings.terms import DEFAULT, LEVELS, TIMEFOLD

DAY = date(2025, 3, 3)
PEOPLE = ("甲", "乙", "丙")


def tiny(rnd: random.Random) -> MeetingProblem:
    periods = ((time(8), time(10)), (time(10, 30), time(11, 30)))
    rooms = []
    for k in range(rnd.randint(1, 2)):
        capacity = rnd.choice((1, 1, 2))
        rooms.append(Room(f"R{k}", capacity, rnd.choice((2, 3, 4, None)), rnd.choice((0, 0, 30))))
    sessions = []
    for k in range(rnd.randint(2, 3)):
        people = rnd.sample(PEOPLE, rnd.randint(1, 3))
        required = people[: rnd.randint(1, len(people))]
        attendees = tuple(Attendee(p, p in required) for p in people)
        window = (
            Window(part="morning")
            if rnd.random() < 0.1
            else Window(not_before=time(9))
            if rnd.random() < 0.1
            else Window()
        )
        sessions.append(
            Session(
                f"会{k}",
                rnd.choice((30, 60)),
                attendees,
                window=window,
                share=frozenset(rnd.sample(("x", "y"), rnd.randint(0, 1))),
                series="s" if rnd.random() < 0.15 else "",
                avoid=frozenset({"R0"}) if len(rooms) > 1 and rnd.random() < 0.15 else frozenset(),
            )
        )
    busy = ()
    if rnd.random() < 0.3:
        who = rnd.choice(PEOPLE)
        busy = (Busy(who, DAY_AT(9), DAY_AT(10)),)
    return MeetingProblem(
        tuple(sessions),
        Workdays((DAY,), periods, 30),
        tuple(rooms),
        people=tuple(Person(p) for p in PEOPLE),
        busy=busy,
        gap=rnd.choice((0, 0, 30)),
    )


def DAY_AT(hour: int):
    from datetime import datetime

    return datetime(2025, 3, 3, hour)


def brute(problem: MeetingProblem, objective) -> tuple[int, ...] | None:
    """The best score by levels over every placing (a session's rooms only where it names some: the
    others break room-wishes anyway), or ``None`` when none keeps the rules."""
    prep = prepare(problem)
    days = problem.workdays
    options = [
        [
            (days.moment(s), r.name)
            for s in days.starts(prep.length[i])
            for r in problem.rooms
            if not session.rooms or r.name in session.rooms
        ]
        for i, session in enumerate(problem.sessions)
    ]
    best = None
    for combo in itertools.product(*options):
        plan = Plan(tuple(Placement(s.title, t, r) for s, (t, r) in zip(problem.sessions, combo, strict=True)))
        report = check_meetings(problem, plan, objective)
        if report.ok:
            key = tuple(report.score.get(level, 0) for level in LEVELS)
            best = key if best is None or key < best else best
    return best


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), timefold=st.booleans())
def test_model_equals_brute_force(seed, timefold):
    problem = tiny(random.Random(seed))
    objective = TIMEFOLD if timefold else DEFAULT
    expected = brute(problem, objective)
    result = solve_meetings(problem, objective, time_limit=10, workers=1)
    if expected is None:
        assert result.status == "infeasible"
        return
    assert result.plan is not None
    report = check_meetings(problem, result.plan, objective)
    assert report.ok, report.lines("en")
    assert tuple(report.score.get(level, 0) for level in LEVELS) == expected
    assert result.status == "optimal"
