"""A unit problem converted into a meeting problem: the general model's timetable passes the unit
checker, parallel groups shared without enumerating them."""

from datetime import date, datetime, time

import scheduler
from scheduler.domain import Calendar, Meeting, Pin, Problem, Room, Timetable, Unavailable, Unit
from scheduler.meetings.planner import solve_meetings
from scheduler.meetings.units import convertible, from_units


def unit_problem() -> Problem:
    units = tuple(Unit(f"单位{i}", group=("甲组" if i < 4 else "乙组" if i < 6 else "")) for i in range(8))
    return Problem(
        units,
        Calendar((date(2021, 9, 8),), (time(8), time(9), time(10), time(15), time(16)), 60),
        rooms=(Room("420", 2),),
        unavailable=(Unavailable("单位0", frozenset({datetime(2021, 9, 8, 8)})),),
        pins=(Pin("单位7", datetime(2021, 9, 8, 16)),),
    )


def test_the_general_model_solves_a_unit_problem_the_unit_checker_accepts():
    problem = unit_problem()
    assert convertible(problem)
    meetings = from_units(problem)
    assert [p for p in meetings.workdays.periods] == [(time(8), time(11)), (time(15), time(17))]
    result = solve_meetings(meetings, time_limit=10, workers=1)
    assert result.status == "optimal"
    timetable = Timetable(tuple(Meeting(p.title, p.start, p.room) for p in result.plan.placements))
    report = scheduler.validate(problem, timetable)
    assert report.ok, report
    starts = timetable.starts()
    assert starts["单位7"] == datetime(2021, 9, 8, 16) and starts["单位0"] != datetime(2021, 9, 8, 8)
    # Eight units in five hours: 甲组 must meet as two pairs and 乙组 as one, as the unit rules allow.
    assert len(set(starts.values())) == 5


def test_too_many_units_alone_is_infeasible_in_both_models():
    problem = unit_problem().replace(units=(*unit_problem().units, Unit("单位8"), Unit("单位9")))
    assert solve_meetings(from_units(problem), time_limit=10, workers=1).status == "infeasible"
    assert scheduler.solve(problem, time_limit=10).status == "infeasible"


def test_links_and_category_order_are_not_convertible():
    problem = unit_problem()
    assert not convertible(problem.replace(categories=("部门", "镇办")))
