"""The bound of every level, held against brute force: never above what any timetable achieves.

A level's bound must hold for the lexicographic optimum (the best timetable, level by level); each
term's counting bound must hold for every timetable keeping the rules, term by term. Every placement
of every meeting is tried and judged by the checker alone.
"""

from __future__ import annotations

import itertools
import random
from datetime import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.domain import Room
from scheduler.domain.meetings import Attendee, MeetingProblem, Person, Placement, Plan, Session, Workdays
from scheduler.meetings.check import check_meetings
from scheduler.meetings.planner import cheap_bounds, solve_meetings, term_bounds
from scheduler.meetings.prepared import prepare
from scheduler.meetings.spread import early_and_overlap
from scheduler.meetings.terms import DEFAULT, LEVELS, NAMES, TIMEFOLD, Term
from tests.test_meetings_properties import DAY, tiny


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


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), early=st.integers(1, 3), overlap=st.integers(1, 20))
def test_early_and_overlap_together_never_above_any_timetable(seed, early, overlap):
    problem = tiny(random.Random(seed))
    objective = (Term("early", "soft", early), Term("overlap", "soft", overlap))
    valid = every_valid(problem, objective)
    if not valid:
        return
    low = early_and_overlap(prepare(problem), early, overlap)
    assert low <= min(early * r.terms["early"] + overlap * r.terms["overlap"] for r in valid)


def test_early_and_overlap_weighed_together_prove_what_each_alone_cannot():
    # Two 15-minute meetings, two rooms, half an hour: both first costs 2 (ends) + 10 (a pair at
    # once), one after the other 1 + 2 = 3. Each term's own bound says 2 + 0; together they say 3.
    problem = MeetingProblem(
        (Session("甲会", 15, (Attendee("甲"),)), Session("乙会", 15, (Attendee("乙"),))),
        Workdays((DAY,), ((time(8), time(8, 30)),), 15),
        (Room("R0", 1, None, 0), Room("R1", 1, None, 0)),
        people=(Person("甲"), Person("乙")),
    )
    objective = (Term("early", "soft"), Term("overlap", "soft", 10))
    prep = prepare(problem)
    counted = term_bounds(prep, {"early", "overlap"})
    assert counted["early"] + 10 * counted["overlap"] == 2
    best = min(r.score["soft"] for r in every_valid(problem, objective))
    assert cheap_bounds(prep, objective)["soft"] == best == 3  # proven with no search
