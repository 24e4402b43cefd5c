"""The bound of every level, held against brute force: never above what any timetable achieves.

A level's bound must hold for the lexicographic optimum (the best timetable, level by level); each
term's counting bound must hold for every timetable keeping the rules, term by term. Every placement
of every meeting is tried and judged by the checker alone.
"""

from __future__ import annotations

import itertools
import random
from datetime import time, timedelta
from unittest.mock import patch

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.domain import Room
from scheduler.domain.meetings import Attendee, MeetingProblem, Person, Placement, Plan, Session, Workdays
from scheduler.meetings import spread
from scheduler.meetings.bounds import cheap_bounds, term_bounds
from scheduler.meetings.check import check_meetings
from scheduler.meetings.planner import solve_meetings
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


def crowded(rnd: random.Random) -> MeetingProblem:
    """3-5 sessions of 15, 30 or 45 minutes on a 15-minute grid (lengths of 1 to 3 steps, odd ones
    where the constant's halves and the scale matter), in one room holding 2-4 at once, within one
    period or two with a break: many at once is the rule, not the exception (QA review 12, L5)."""
    periods = rnd.choice((((time(8), time(9, 15)),), ((time(8), time(8, 45)), (time(9), time(9, 30)))))
    people = tuple(f"p{k}" for k in range(6))
    sessions = []
    for k in range(rnd.randint(3, 5)):
        who = rnd.sample(people, 1 if rnd.random() < 0.8 else 2)
        attendees = tuple(Attendee(p, rnd.random() < 0.5) for p in who)
        sessions.append(Session(f"会{k}", rnd.choice((15, 15, 30, 45)), attendees))
    return MeetingProblem(
        tuple(sessions),
        Workdays((DAY,), periods, 15),
        (Room("R0", rnd.choice((2, 3, 4)), None, 0),),
        people=tuple(Person(p) for p in people),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), early=st.integers(1, 4), overlap=st.integers(1, 12), rounded=st.booleans())
def test_early_and_overlap_hold_with_long_mixed_lengths_and_rounded_costs(seed, early, overlap, rounded):
    """The joint bound against brute force where sessions of 1-3 steps crowd one room; ``rounded``: with
    the costs scaled by a power of two and rounded down, as when twice the lengths' lcm is past
    OR-Tools' cost range."""
    problem = crowded(random.Random(seed))
    objective = (Term("early", "soft", early), Term("overlap", "soft", overlap))
    valid = every_valid(problem, objective)
    if not valid:
        return
    with patch.object(spread, "COST_RANGE", 1 if rounded else spread.COST_RANGE):
        low = early_and_overlap(prepare(problem), early, overlap)
    assert low <= min(early * r.terms["early"] + overlap * r.terms["overlap"] for r in valid)


def test_a_scale_past_the_cost_range_still_gives_a_bound():
    """QA review 12, L1: nine sessions of distinct odd lengths (41 to 73 five-minute steps) make twice
    their lcm 1.1e16; OR-Tools refused the costs (BAD_COST_RANGE) and the bound fell to 0 unsaid. The
    costs are now scaled down and rounded down: a bound above 0, below a timetable found."""
    lengths = (41, 43, 47, 53, 59, 61, 67, 71, 73)
    problem = MeetingProblem(
        tuple(Session(f"会{k}", 5 * steps, (Attendee(f"人{k}"),)) for k, steps in enumerate(lengths)),
        Workdays(tuple(DAY + timedelta(days=d) for d in range(5)), ((time(8), time(18)),), 5),
        (Room("R0", 1, None, 0), Room("R1", 1, None, 0)),
        people=tuple(Person(f"人{k}") for k in range(len(lengths))),
    )
    objective = (Term("early", "soft", 1), Term("overlap", "soft", 10))
    low = early_and_overlap(prepare(problem), 1, 10)
    found = solve_meetings(problem, objective, time_limit=20, workers=1)
    assert 0 < low <= found.score["soft"]


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


def test_a_persons_meetings_one_after_another_bound_early():
    """QA jobs17 F9: a parents' evening of 11 ten-minute talks in 2 rooms (语文 with 7 families, 数学 with 4
    of them) ran to the limit, 38 against a bound of 36 (the rooms' lines). 语文's talks end at 1..7 at
    best and 数学's at 1..4: 28 + 10 = 38, the optimum, and the solve is proven at once."""
    from datetime import date

    talks = [(f"家长{k}", "语文") for k in range(1, 8)] + [(f"家长{k}", "数学") for k in range(1, 5)]
    sessions = tuple(Session(f"{f}-{t}", 10, (Attendee(f), Attendee(t))) for f, t in talks)
    workdays = Workdays((date(2027, 3, 10),), ((time(18), time(21)),), 10)
    people = tuple(Person(name) for name in sorted({n for pair in talks for n in pair}))
    problem = MeetingProblem(sessions, workdays, (Room("一"), Room("二")), people=people)
    assert term_bounds(prepare(problem), {"early"})["early"] == 38
    result = solve_meetings(problem, DEFAULT, time_limit=20, workers=1)
    assert result.proven and result.score["soft"] == 38, (result.status, result.score, result.bound)


def test_the_counts_per_person_stop_at_their_clock_and_stay_bounds():
    """qamscale18 F3: participant-days' and the wishes' counts per person ran with no clock (40 s of a
    ``--time-limit 2`` at 2,000 meetings, profiled). Stopped at ``until``, each is lower, still a bound."""
    from datetime import date

    from scheduler.meetings.bounds import term_bounds
    from scheduler.meetings.prepared import prepare

    days = tuple(date(2025, 3, 3 + k) for k in range(5))
    sessions = tuple(Session(f"会{k}", 180, (Attendee("甲"),)) for k in range(4))  # 12 hours in days of 4
    problem = MeetingProblem(
        sessions, Workdays(days, ((time(9), time(13)),), 30), (Room("R", 1),), people=(Person("甲"),)
    )
    prep = prepare(problem)
    assert term_bounds(prep, {"participant-days"}) == {"participant-days": 2}
    assert term_bounds(prep, {"participant-days"}, until=0.0) == {"participant-days": 0}


def test_no_clique_is_searched_where_none_can_outlast_the_working_steps():
    """mt2k19 (issue 16): the optional conflicts' counting bound is the heaviest clique's length past the
    working steps; at 2,000 meetings over 25 days no session with every session sharing someone with it
    comes near the steps, and the clique's search (20,000 nodes, 0.1-0.2 s of CPU) found 0 each time.
    Where one can outlast them, it is searched (the bound there is now the participants' own, higher:
    :mod:`scheduler.meetings.packing`)."""
    from scheduler.meetings import model

    searched = []
    heaviest = model.heaviest_clique
    days = Workdays((DAY,), ((time(8), time(10)),), 30)  # 4 steps
    with patch.object(model, "heaviest_clique", lambda *a, **k: searched.append(1) or heaviest(*a, **k)):
        short = [Session(f"会{k}", 30, (Attendee("甲"), Attendee("乙", False))) for k in range(2)]
        people = tuple(Person(p) for p in "甲乙丙")
        apart = MeetingProblem((*short, Session("另", 30, (Attendee("丙"),))), days, (Room("A", 2),), people=people)
        assert term_bounds(prepare(apart), {"optional-conflicts"}) == {"optional-conflicts": 0}
        assert searched == []
        many = [Session(f"会{k}", 60, (Attendee("甲", k == 0), Attendee("乙", k != 0))) for k in range(3)]
        crowded = MeetingProblem(tuple(many), days, (Room("A", 3),), people=people)
        # the clique says 2 (6 steps in 4); each of 甲 and 乙 has 6 steps in 4, 2 each (packing)
        assert term_bounds(prepare(crowded), {"optional-conflicts"}) == {"optional-conflicts": 4}
        assert searched == [1]


def test_sessions_the_cheapest_room_cannot_hold_cost_the_dearer_ones():
    """Three one-hour meetings in an hour, a room of 10 seats and two of 5: one meeting has the large
    room, the two others a small one each, 5 seats short each: larger-rooms 10 whatever the timetable,
    where each meeting alone in its cheapest room said 0 (the Timefold demo: 288 steps of meetings,
    160 in its largest room)."""
    sessions = tuple(Session(f"会{k}", 60, (Attendee(f"人{k}"),)) for k in range(3))
    problem = MeetingProblem(
        sessions,
        Workdays((DAY,), ((time(8), time(9)),), 30),
        (Room("大", 1, 10), Room("小一", 1, 5), Room("小二", 1, 5)),
        people=tuple(Person(f"人{k}") for k in range(3)),
    )
    objective = (Term("larger-rooms", "soft"),)
    least = min(r.terms["larger-rooms"] for r in every_valid(problem, objective))
    assert term_bounds(prepare(problem), {"larger-rooms"})["larger-rooms"] == least == 10


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6))
def test_the_rooms_bound_is_never_above_any_timetable_where_rooms_are_scarce(seed):
    rnd = random.Random(seed)
    sessions = tuple(
        Session(f"会{k}", rnd.choice((30, 60)), (Attendee(f"人{k}"),), seats=rnd.choice((None, 3)))
        for k in range(rnd.randint(2, 3))
    )
    problem = MeetingProblem(
        sessions,
        Workdays((DAY,), ((time(8), time(rnd.choice((9, 10)))),), 30),
        tuple(Room(f"R{k}", 1, rnd.choice((2, 4, 8, None))) for k in range(rnd.randint(2, 3))),
        people=tuple(Person(f"人{k}") for k in range(3)),
    )
    valid = every_valid(problem, (Term("larger-rooms", "soft"),))
    if valid:
        low = term_bounds(prepare(problem), {"larger-rooms"})["larger-rooms"]
        assert low <= min(r.terms["larger-rooms"] for r in valid)
