"""Optional conflicts searched two days at a time (``scheduler.meetings.days``): which sessions share a
day. On the Timefold demo the light search stopped at 48 where the counting bound, 40, is reachable
by grouping the meetings into other days (docs/benchmarks.md); no move of one session finds that."""

from __future__ import annotations

import time as clock
from datetime import date, time

import pytest

from scheduler.domain import Room
from scheduler.domain.meetings import Attendee, MeetingProblem, Person, Session, Workdays
from scheduler.meetings.check import check_meetings
from scheduler.meetings.days import by_days, days_used, soft_by_days
from scheduler.meetings.measure import levels, measure
from scheduler.meetings.planner import to_plan
from scheduler.meetings.prepared import Prepared, prepare
from scheduler.meetings.rooms import number_rooms
from scheduler.meetings.terms import DEFAULT, TIMEFOLD, by_level

DAYS = (date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4))


def paired_problem() -> MeetingProblem:
    """Three one-hour days, two rooms: each day holds two meetings side by side. 甲 is optional in
    A1 and A2, 乙 in B1 and B2, 丙 in C1 and C2: only days that pair A, B and C meetings across the
    letters have no optional conflict."""
    workdays = Workdays(DAYS, ((time(9), time(10)),), 15)
    sessions = []
    for letter, optional in (("A", "甲"), ("B", "乙"), ("C", "丙")):
        for k in (1, 2):
            required = Attendee(f"{letter}{k}主持")
            sessions.append(Session(f"{letter}{k}", 60, (required, Attendee(optional, False))))
    people = {a.name for s in sessions for a in s.attendees}
    return MeetingProblem(
        tuple(sessions),
        workdays,
        (Room("一号", 1, 10), Room("二号", 1, 10)),
        people=tuple(Person(name) for name in sorted(people)),
    )


def _conflicts(prep: Prepared, starts: list[int], rooms: list[str]) -> int:
    return levels(TIMEFOLD, measure(prep, starts, rooms))["medium"]


def test_sessions_regrouped_across_days_lose_their_optional_conflicts() -> None:
    prep = prepare(paired_problem())
    assert days_used(prep) == [0, 1, 2]
    per_day = prep.problem.workdays.per_day()
    nine = 9 * 60 // 15
    # A1 A2 on day 0, B1 B2 on day 1, C1 C2 on day 2: every optional person in two meetings at once.
    starts = [d * per_day + nine for d in (0, 0, 1, 1, 2, 2)]
    classes = [prep.eligible[i][0] for i in range(prep.n)]
    rooms = number_rooms(prep, starts, classes)
    classes = [prep.class_of_room[r] for r in rooms]
    before = _conflicts(prep, starts, rooms)
    assert before == 3 * 4  # three people, an hour (4 steps) each
    medium = list(by_level(TIMEFOLD)["medium"])
    found, chosen = by_days(prep, medium, (starts, classes), before, 0, clock.perf_counter() + 20, 1)
    rooms = number_rooms(prep, found, chosen)
    assert _conflicts(prep, found, rooms) == 0
    assert check_meetings(prep.problem, to_plan(prep, found, rooms), TIMEFOLD).ok
    assert sorted(prep.problem.workdays.day_of(s) for s in found) == [0, 0, 1, 1, 2, 2]


def test_a_timetable_at_the_bound_is_never_made_worse() -> None:
    """Told a value above the truth (1 against 0), the search runs and takes equal timetables: what it
    returns still has no optional conflict and keeps the rules, on the same days."""
    prep = prepare(paired_problem())
    per_day = prep.problem.workdays.per_day()
    nine = 9 * 60 // 15
    starts = [d * per_day + nine for d in (0, 1, 1, 2, 2, 0)]  # A1+C2, A2+B1, B2+C1: none shared
    classes = [prep.eligible[i][0] for i in range(prep.n)]
    rooms = number_rooms(prep, starts, classes)
    classes = [prep.class_of_room[r] for r in rooms]
    assert _conflicts(prep, starts, rooms) == 0
    medium = list(by_level(TIMEFOLD)["medium"])
    found, chosen = by_days(prep, medium, (starts, classes), 1, 0, clock.perf_counter() + 20, 1)
    rooms = number_rooms(prep, found, chosen)
    assert _conflicts(prep, found, rooms) == 0
    assert check_meetings(prep.problem, to_plan(prep, found, rooms), TIMEFOLD).ok


def test_the_soft_level_searched_a_day_at_a_time_holds_the_medium_level() -> None:
    """Two one-hour meetings sharing an optional person, each at 10:00 on its own day: the soft
    level (the sum of ends) is lowest with both on the first day, side by side in the two rooms,
    but that costs the optional person four conflicts; the search a day at a time holds the medium
    level, so it puts them one after the other on the first day (ends 4 and 8 on the working axis)."""
    workdays = Workdays(DAYS[:2], ((time(9), time(11)),), 15)
    sessions = (
        Session("A", 60, (Attendee("甲"), Attendee("丙", False))),
        Session("B", 60, (Attendee("乙"), Attendee("丙", False))),
    )
    problem = MeetingProblem(
        sessions,
        workdays,
        (Room("一号", 1, 10), Room("二号", 1, 10)),
        people=tuple(Person(name) for name in ("甲", "乙", "丙")),
    )
    objective = DEFAULT
    prep = prepare(problem, aggregate=False)
    per_day = workdays.per_day()
    ten = 10 * 60 // 15
    starts = [ten, per_day + ten]
    classes = [prep.eligible[0][0], prep.eligible[1][0]]

    def key(placed: tuple[list[int], list[int]]) -> tuple[int, int]:
        rooms = number_rooms(prep, *placed)
        found = levels(objective, measure(prep, placed[0], rooms))
        return found["medium"], found["soft"]

    assert key((starts, classes)) == (0, 8 + 16)
    found = soft_by_days(
        prep, objective, (starts, classes), clock.perf_counter() + 20, 1, lambda new, old: key(new) < key(old)
    )
    assert key(found) == (0, 4 + 8)
    rooms = number_rooms(prep, *found)
    assert check_meetings(problem, to_plan(prep, found[0], rooms), objective).ok
    assert sorted(found[0]) == [9 * 60 // 15, ten]


def test_the_day_by_day_search_is_skipped_once_every_level_is_proven(monkeypatch):
    """Review: soft_by_days ran after the last level was proven optimal, where it can find nothing
    better, and still spent its time proving each day. The worked example spans several days and is
    proven: the day-by-day search is not called (it is where the result is not proven)."""
    from pathlib import Path

    from scheduler.files.meeting_files import load_meetings
    from scheduler.meetings import planner

    loaded = load_meetings(Path(__file__).resolve().parents[1] / "examples" / "meetings_2025.csv")
    assert len(days_used(prepare(loaded.problem))) > 1
    called: list[float] = []
    real = planner._by_day
    monkeypatch.setattr(
        planner,
        "_by_day",
        lambda judge, found, until, workers: called.append(until) or real(judge, found, until, workers),
    )
    result = planner.solve_meetings(loaded.problem, loaded.objective, time_limit=60, workers=2)
    assert result.status == "optimal" and called == []


def test_the_days_priced_exactly_take_the_second_half(monkeypatch: pytest.MonkeyPatch) -> None:
    """With 8 s or more, the search over the sessions' days (scheduler.meetings.oneday) takes the
    second half of by_days' time from the pair search's answer: with the pair search finding
    nothing, it alone regroups the paired problem to no conflict; with less time it does not run."""
    from scheduler.meetings import days as days_module

    def nothing(*args: object) -> None:
        clock.sleep(0.05)

    monkeypatch.setattr(days_module, "_pair", nothing)
    prep = prepare(paired_problem())
    per_day = prep.problem.workdays.per_day()
    nine = 9 * 60 // 15
    starts = [d * per_day + nine for d in (0, 0, 1, 1, 2, 2)]
    rooms = number_rooms(prep, starts, [prep.eligible[i][0] for i in range(prep.n)])
    classes = [prep.class_of_room[r] for r in rooms]
    medium = list(by_level(TIMEFOLD)["medium"])
    short = by_days(prep, medium, (starts, classes), 12, 0, clock.perf_counter() + 2, 1)
    assert short == (starts, classes)
    found, chosen = by_days(prep, medium, (starts, classes), 12, 0, clock.perf_counter() + 8.5, 1)
    rooms = number_rooms(prep, found, chosen)
    assert _conflicts(prep, found, rooms) == 0
    assert check_meetings(prep.problem, to_plan(prep, found, rooms), TIMEFOLD).ok
