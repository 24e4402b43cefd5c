"""The optional conflicts' bound per participant (:mod:`scheduler.meetings.packing`), held against brute force.

Every start of every session is tried (rooms left out: they only forbid more, so the least found over
these is at most the least over timetables keeping every rule), keeping the one rule the bound leans
on, that two sessions requiring one person never run at once; the bound is never above the least
count of optional conflicts found.
"""

from __future__ import annotations

import itertools
import random
from datetime import date, datetime, time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.domain import Room
from scheduler.domain.meetings import Attendee, Busy, MeetingProblem, Person, Session, Window, Workdays
from scheduler.meetings.bounds import term_bounds
from scheduler.meetings.measure import measure
from scheduler.meetings.packing import person_floor, spread_cost
from scheduler.meetings.planner import solve_meetings
from scheduler.meetings.prepared import Prepared, prepare
from scheduler.meetings.terms import DEFAULT

DAYS = (date(2025, 3, 3), date(2025, 3, 4))
PEOPLE = ("甲", "乙", "丙", "丁")


def least_conflicts(prep: Prepared) -> int | None:
    """The fewest optional conflicts over every start of every session with no one required twice at once."""
    best = None
    rooms = [prep.problem.rooms[0].name] * prep.n
    for start in itertools.product(*prep.starts):
        busy: set[tuple[str, int]] = set()
        clash = False
        for i, s in enumerate(start):
            for name in prep.problem.sessions[i].required:
                steps = {(name, t) for t in range(s, s + prep.length[i])}
                clash = clash or bool(busy & steps)
                busy |= steps
        if clash:
            continue
        value = measure(prep, list(start), rooms, {"optional-conflicts"})["optional-conflicts"]
        best = value if best is None else min(best, value)
    return best


def crowded(rnd: random.Random) -> MeetingProblem:
    """3-5 sessions of 30 to 90 minutes among four people, over one or two days of one or two
    periods: a person's sessions often outlast a period, so how they fall into periods matters."""
    periods = rnd.choice((((time(8), time(10)),), ((time(8), time(9)), (time(9, 30), time(10, 30)))))
    days = DAYS[: rnd.randint(1, 2)]
    sessions = []
    for k in range(rnd.randint(3, 5)):
        who = rnd.sample(PEOPLE, rnd.randint(1, 3))
        attendees = tuple(Attendee(p, n == 0 or rnd.random() < 0.3) for n, p in enumerate(who))
        window = Window(part="morning") if rnd.random() < 0.1 else Window()
        sessions.append(Session(f"会{k}", rnd.choice((30, 60, 60, 90)), attendees, window=window))
    busy = (Busy("丁", *(_at(days[0], 8), _at(days[0], 9))),) if rnd.random() < 0.2 else ()
    return MeetingProblem(
        tuple(sessions),
        Workdays(days, periods, 30),
        tuple(Room(f"R{k}") for k in range(5)),
        people=tuple(Person(p) for p in PEOPLE),
        busy=busy,
    )


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6))
def test_the_bound_is_never_above_the_fewest_conflicts(seed):
    prep = prepare(crowded(random.Random(seed)))
    least = least_conflicts(prep)
    if least is None:
        return
    assert term_bounds(prep, {"optional-conflicts"})["optional-conflicts"] <= least


def three_of_jia() -> MeetingProblem:
    """Three 90-minute meetings of 甲 (required in 会0, wanted in the others; 人k required in 会k) over two
    mornings of two hours."""
    sessions = tuple(Session(f"会{k}", 90, (Attendee(f"人{k}"), Attendee("甲", k == 0))) for k in range(3))
    return MeetingProblem(
        sessions,
        Workdays(DAYS, ((time(8), time(10)),), 30),
        tuple(Room(f"R{k}") for k in range(3)),
        people=tuple(Person(p) for p in ("甲", "人0", "人1", "人2")),
    )


def test_meetings_that_cannot_share_out_the_days_are_counted():
    """Three 90-minute meetings of 甲 (required in one, wanted in two) over two mornings of two hours:
    4.5 hours in 4, so the clique's bound is one step; but no morning holds two of them apart, so
    two share a morning and overlap by an hour (two steps), the optimum."""
    problem = three_of_jia()
    prep = prepare(problem)
    assert term_bounds(prep, {"optional-conflicts"})["optional-conflicts"] == least_conflicts(prep) == 2
    result = solve_meetings(problem, DEFAULT, time_limit=10, workers=1)
    assert result.bound["medium"] == 2 == result.score["medium"]


def test_each_participants_bound_adds_up():
    """Two people, each wanted in two one-hour meetings of one hour's working time: one conflict step
    each whatever the timetable; the largest clique alone says 1."""
    sessions = tuple(
        Session(f"{who}{k}", 60, (Attendee(f"{who}主{k}"), Attendee(who, False))) for who in "甲乙" for k in range(2)
    )
    people = tuple(Person(p) for p in ("甲", "乙", "甲主0", "甲主1", "乙主0", "乙主1"))
    problem = MeetingProblem(
        sessions, Workdays(DAYS[:1], ((time(8), time(9)),), 30), tuple(Room(f"R{k}") for k in range(4)), people=people
    )
    prep = prepare(problem)
    assert term_bounds(prep, {"optional-conflicts"})["optional-conflicts"] == least_conflicts(prep) == 4


def test_a_search_past_its_nodes_falls_back_to_the_periods_merged(monkeypatch):
    from scheduler.meetings import packing

    items = [(3, False, (0, 1))] * 3
    assert person_floor(items, [4, 4]) == 2
    monkeypatch.setattr(packing, "NODES", 1)
    assert person_floor(items, [4, 4]) == spread_cost(9, 8) == 1


def test_spread_cost_is_the_fewest_pairs():
    for length in range(0, 13):
        for steps in range(1, 5):
            fewest = min(
                sum(n * (n - 1) // 2 for n in split)
                for split in itertools.product(range(length + 1), repeat=steps)
                if sum(split) == length
            )
            assert spread_cost(length, steps) == fewest


def test_the_participants_counts_stop_at_their_clock():
    """Past ``until`` no participant is counted (each counted one is a part of a sum: what is counted is
    still a bound); the clique's bound is still there."""
    from scheduler.meetings.packing import person_floors

    problem = three_of_jia()
    prep = prepare(problem)
    assert person_floors(prep) == {"甲": 2}
    assert person_floors(prep, until=0.0) == {}
    assert term_bounds(prep, {"optional-conflicts"}, until=0.0) == {"optional-conflicts": 2}  # the clique packed
