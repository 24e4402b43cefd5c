"""When the light model's count of optional conflicts is the medium level itself
(scheduler.meetings.planner.light_exact) and its search goes on two days at a time (by_days), the
full model's medium stage is not run again: the light search had its time, and the level is held at
what it found (unproven) while the soft level is searched. Where someone optional is busy the light
count is not the level, and on one day the days are not searched: the stage stays there."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from scheduler.domain.meetings import Busy, MeetingProblem, Workdays
from scheduler.meetings import planner
from scheduler.meetings.check import check_meetings
from scheduler.meetings.planner import light_exact, solve_meetings
from scheduler.meetings.prepared import prepare
from scheduler.meetings.terms import DEFAULT, REPLAN, TIMEFOLD
from tests.test_meetings_polish import DAY, at, two_meetings


def two_days(problem: MeetingProblem) -> MeetingProblem:
    """``problem`` (of one day, :data:`DAY`) over that day and the next."""
    workdays = problem.workdays
    days = Workdays((DAY, DAY + timedelta(days=1)), workdays.periods, workdays.grid)
    return MeetingProblem(problem.sessions, days, problem.rooms, people=problem.people, busy=problem.busy)


def busy_optional() -> MeetingProblem:
    """:func:`two_meetings` over two days with 甲 (optional in 会二) busy 11:00-12:00 on the first."""
    problem = two_days(two_meetings(optional=True))
    late = Busy("甲", datetime.combine(DAY, time(11)), datetime.combine(DAY, time(12)))
    return MeetingProblem(problem.sessions, problem.workdays, problem.rooms, people=problem.people, busy=(late,))


def test_the_light_count_is_exact_unless_someone_optional_is_busy_or_other_terms_are_medium():
    assert light_exact(prepare(two_meetings(optional=True)), TIMEFOLD)
    assert light_exact(prepare(two_meetings(optional=True)), DEFAULT)
    assert not light_exact(prepare(two_meetings(optional=True)), REPLAN)  # moves on the medium level too
    assert not light_exact(prepare(busy_optional()), TIMEFOLD)


def staged(monkeypatch, problem: MeetingProblem):
    """Solve ``problem`` (Timefold's weights) from both meetings at 8:00 (甲 in both: 4 optional
    conflicts), no polish, no block search, and a light search that finds nothing better and proves 0: how many
    searches the full model ran, and the result."""
    prep = prepare(problem)
    both = ([at(prep, 8), at(prep, 8)], ["A", "B"])
    runs: list[float] = []
    real_run = planner.run

    def counted(cp, seconds, workers):
        runs.append(seconds)
        return real_run(cp, seconds, workers)

    monkeypatch.setattr(planner, "_objective_greedy", lambda *args: both)
    monkeypatch.setattr(planner, "polish", lambda *args, **kwargs: None)
    monkeypatch.setattr(planner, "_improve_medium", lambda *args, **kwargs: (None, 0))
    monkeypatch.setattr(planner, "_blocks_first", lambda judge, first, *args: first)  # (it finds 0 here)
    monkeypatch.setattr(planner, "run", counted)
    result = solve_meetings(problem, TIMEFOLD, time_limit=2, workers=1)
    assert result.plan is not None and check_meetings(problem, result.plan).ok
    assert result.score["medium"] <= 4  # never worse than the first timetable
    return runs, result


def test_the_medium_stage_is_not_searched_again_when_the_light_count_is_exact(monkeypatch):
    """Before, the time-indexed model searched the medium level again (two searches: medium, soft)."""
    runs, result = staged(monkeypatch, two_days(two_meetings(optional=True)))
    assert len(runs) == 1  # the soft level's search only
    assert result.bound["medium"] == 0  # the light search's, not the time-indexed model's


def test_the_medium_stage_stays_where_someone_optional_is_busy(monkeypatch):
    runs, result = staged(monkeypatch, busy_optional())
    assert len(runs) == 2  # medium, then soft
    assert result.score["medium"] == 0


def test_the_medium_stage_stays_on_one_day(monkeypatch):
    """No search of days (tf-50m-s0's case, where the time-indexed stage failing in its time left the
    last polish more of it, which lowered the count more than the light search did)."""
    runs, result = staged(monkeypatch, two_meetings(optional=True))
    assert len(runs) == 2
    assert result.score["medium"] == 0
