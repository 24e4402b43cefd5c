"""The rule ``started`` alone: a problem as of a moment (``Problem.as_of``), through the model, the
checker and the explanation."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from scheduler import Calendar, Meeting, Problem, Room, Timetable, Unit, replan, solve, validate
from scheduler.domain import AsOf, Pin
from scheduler.errors import ArgumentError, ProblemError
from scheduler.solver.as_of import as_of

DAY = date(2027, 3, 1)
CALENDAR = Calendar((DAY,), (time(8), time(9), time(10)), timezone="UTC")
AT = [datetime.combine(DAY, time(h)) for h in (8, 9, 10)]


def _problem(*units: str, published: dict[str, datetime]) -> Problem:
    reference = Timetable(tuple(Meeting(u, published.get(u)) for u in units))
    return Problem(tuple(Unit(u) for u in units), CALENDAR, (Room("", 1),), reference=reference)


def test_a_held_unit_stays_and_no_one_goes_into_the_past() -> None:
    problem = _problem("A", "B", published={"A": AT[0], "B": AT[1]})
    result = replan(problem, now=datetime(2027, 3, 1, 8, 30, tzinfo=UTC))  # 8:00 begun, 9:00 not
    assert result.timetable is not None and result.timetable.starts() == {"A": AT[0], "B": AT[1]}
    held = result.problem.as_of
    assert held is not None and held.held == (Pin("A", AT[0]),) and result.problem.begun == 1


def test_the_past_closed_makes_a_clash_named_with_now() -> None:
    """Three units, three slots, the first begun and no one held there: no timetable."""
    problem = _problem("A", "B", "C", published={"A": AT[1], "B": AT[2]})
    result = solve(as_of(problem, datetime(2027, 3, 1, 8, 30, tzinfo=UTC)), time_limit=10)
    assert result.status == "infeasible" and result.conflict is not None
    told = "\n".join(result.conflict.lines("en"))
    assert "the slots from Mar 1 8:00 to Mar 1 8:00 have begun (now Mar 1 8:30): no one is placed there" in told


def test_the_checker_says_a_held_unit_moved_and_a_unit_in_the_past() -> None:
    problem = as_of(_problem("A", "B", published={"A": AT[0], "B": AT[1]}), datetime(2027, 3, 1, 9, 30, tzinfo=UTC))
    report = validate(problem, Timetable((Meeting("A", AT[2]), Meeting("B", AT[0]))))
    said = [v.text("zh").split("  [")[0] for v in report.violations if v.rule == "started"]
    assert said == [
        "A 的对接已于 3月1日 8:00 开始（现在 3月1日 9:30），但安排在 3月1日 10:00",
        "B 的对接已于 3月1日 9:00 开始（现在 3月1日 9:30），但安排在 3月1日 8:00",
    ]
    free = problem.replace(as_of=AsOf(problem.as_of.now, ()))  # nobody held: the past closed to both
    placed = Timetable((Meeting("A", AT[2]), Meeting("B", AT[0])))
    said = [v.text("en") for v in validate(free, placed).violations]
    assert any(line.startswith("B is at Mar 1 8:00, which has begun (now Mar 1 9:30)") for line in said), said


def test_a_problem_refuses_a_held_time_not_begun_and_replan_a_naive_now() -> None:
    problem = _problem("A", published={"A": AT[1]})
    with pytest.raises(ProblemError):
        problem.replace(as_of=AsOf(datetime(2027, 3, 1, 8, 30), (Pin("A", AT[1]),)))
    with pytest.raises(ArgumentError):
        replan(problem, now=datetime(2027, 3, 1, 8, 30))
