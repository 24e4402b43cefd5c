"""The bound of every level, held against brute force: never above what any timetable achieves.

A level's bound must hold for the lexicographic optimum (the best timetable, level by level); each
term's counting bound must hold for every timetable keeping the rules, term by term. Every placement
of every meeting is tried and judged by the checker alone.
"""

from __future__ import annotations

import itertools
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.domain.meetings import MeetingProblem, Placement, Plan
from scheduler.meetings.check import check_meetings
from scheduler.meetings.planner import solve_meetings, term_bounds
from scheduler.meetings.prepared import prepare
from scheduler.meetings.terms import DEFAULT, LEVELS, NAMES, TIMEFOLD
from tests.test_meetings_properties import tiny


def every_valid(problem: MeetingProblem, objective) -> list:
    days = problem.workdays
    options = [
        [(days.moment(t), r.name) for t in days.starts(problem.length(s)) for r in problem.rooms]
        for s in problem.sessions
    ]
    out = []
    for combo in itertools.product(*options):
        plan = Plan(tuple(Placement(s.title, t, r) for s, (t, r) in zip(problem.sessions, combo, strict=True)))
        report = check_meetings(problem, plan, objective)
        if report.ok:
            out.append(report)
    return out


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), timefold=st.booleans())
def test_bounds_never_above_any_timetable(seed, timefold):
    problem = tiny(random.Random(seed))
    objective = TIMEFOLD if timefold else DEFAULT
    valid = every_valid(problem, objective)
    if not valid:
        return
    result = solve_meetings(problem, objective, time_limit=10, workers=1)
    optimum = min(valid, key=lambda r: tuple(r.score[level] for level in LEVELS if level in r.score))
    for level, bound in result.bound.items():
        assert bound is not None, f"no bound for {level}"
        assert bound <= optimum.score[level] <= result.score[level], level
    counted = term_bounds(prepare(problem), set(NAMES))
    for name, low in counted.items():
        assert low <= min(r.terms[name] for r in valid), name
