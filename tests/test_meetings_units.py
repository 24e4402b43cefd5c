"""A unit problem converted into a meeting problem: the general model's timetable passes the unit
checker, parallel groups shared without enumerating them."""

from dataclasses import replace
from datetime import date, datetime, time

import scheduler
from scheduler.domain import Calendar, Link, Meeting, Pin, Problem, Room, Timetable, Unavailable, Unit
from scheduler.domain.meetings import Placement, Plan
from scheduler.meetings.check import check_meetings
from scheduler.meetings.planner import solve_meetings
from scheduler.meetings.units import category_splits, chains, convertible, from_units, start_of, to_timetable


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


def test_the_category_order_is_not_convertible_without_a_split():
    problem = unit_problem()
    assert not convertible(problem.replace(categories=("部门", "镇办")))


def ordered_problem() -> Problem:
    """Two categories, a chain of three linked units and a pinned one, busy time, labels."""
    departments = tuple(Unit(f"部门{i}", "部门", "甲组" if i < 2 else "") for i in range(4))
    towns = tuple(Unit(f"镇办{i}", "镇办", "乙组、丙组" if i < 3 else "") for i in range(5))
    return Problem(
        departments + towns,
        Calendar((date(2021, 9, 8), date(2021, 9, 9)), (time(8), time(9), time(10), time(11), time(15), time(16)), 60),
        rooms=(Room("420", 2), Room("421")),
        categories=("部门", "镇办"),
        links=(Link("镇办0", "镇办1"), Link("镇办1", "镇办2")),
        unavailable=(Unavailable("镇办2", frozenset({datetime(2021, 9, 8, 16)})),),
        pins=(Pin("镇办1", datetime(2021, 9, 9, 9)),),
    )


def test_a_chain_of_links_is_one_session_and_the_category_order_a_window():
    problem = ordered_problem()
    assert not convertible(problem)  # the category order needs a split
    assert chains(problem) == (
        ("部门0",),
        ("部门1",),
        ("部门2",),
        ("部门3",),
        ("镇办0", "镇办1", "镇办2"),
        ("镇办3",),
        ("镇办4",),
    )
    splits = (4,)  # 部门 in the first day's first four hours, 镇办 from 15:00
    assert convertible(problem, splits)
    meetings = from_units(problem, splits)
    chain = meetings.sessions[4]
    assert (chain.title, chain.minutes, [a.name for a in chain.attendees]) == (
        "镇办0",
        180,
        ["镇办0", "镇办1", "镇办2"],
    )
    assert chain.share == frozenset({"乙组", "丙组"})  # the labels every unit of the chain has
    assert (
        chain.window.not_before == datetime(2021, 9, 8, 15)
        and meetings.sessions[0].window.not_after == chain.window.not_before
    )
    assert [(p.title, p.start) for p in meetings.pins] == [
        ("镇办0", datetime(2021, 9, 9, 8))
    ]  # 镇办1 pinned one hour in
    result = solve_meetings(meetings, time_limit=10, workers=1)
    assert result.status in ("optimal", "feasible") and result.plan is not None
    timetable = to_timetable(problem, result.plan)
    assert scheduler.validate(problem, timetable).ok  # every unit rule, the links and the order included
    starts = timetable.starts()
    assert [starts[f"镇办{i}"] for i in range(3)] == [datetime(2021, 9, 9, h) for h in (8, 9, 10)]
    assert category_splits(problem, timetable) is not None
    assert start_of(problem, meetings, timetable) == (list(result.starts), list(result.rooms))


def test_the_split_of_a_timetable_is_where_its_categories_meet_and_none_out_of_order():
    problem = ordered_problem()
    hours = [datetime(2021, 9, 8, h) for h in (8, 9, 10, 11, 15, 16)] + [datetime(2021, 9, 9, h) for h in (8, 9, 10)]
    names = [u.name for u in problem.units]
    rows = [Meeting(name, hours[k // 2] if k < 4 else hours[k - 2], "420") for k, name in enumerate(names)]
    assert category_splits(problem, Timetable(tuple(rows))) == (2,)
    swapped = [Meeting(rows[0].unit, hours[-1], "420"), *rows[1:]]
    assert category_splits(problem, Timetable(tuple(swapped))) is None  # a 部门 after the 镇办
    assert category_splits(problem, Timetable(tuple(rows[1:]))) is None  # a unit left out


def test_a_chain_over_two_categories_or_pinned_apart_is_not_convertible():
    problem = ordered_problem()
    splits = (4,)
    across = problem.replace(links=(Link("部门3", "镇办3"),))  # a chain over the split
    apart = problem.replace(
        pins=(*problem.pins, Pin("镇办2", datetime(2021, 9, 9, 11)))
    )  # the chain at 8:00 by one pin, 9:00 by the other
    assert chains(across) is None and chains(apart) is not None
    for case in (across, apart):
        assert not convertible(case, splits)


def test_the_reference_becomes_each_chain_at_its_first_units_time_in_any_room():
    problem = ordered_problem()
    rows = [
        Meeting(u.name, datetime(2021, 9, 8, 8) if k < 4 else datetime(2021, 9, 9, (8, 9, 10, 11, 15)[k - 4]), "420")
        for k, u in enumerate(problem.units)
    ]
    meetings = from_units(problem.replace(reference=Timetable(tuple(rows))), (4,))
    assert meetings.reference is not None
    placed = {p.title: (p.start, p.room) for p in meetings.reference.placements}
    assert placed["镇办0"] == (datetime(2021, 9, 9, 8), None) and "镇办1" not in placed


def test_a_chain_split_over_rooms_is_moved_whole_to_a_room_free_for_it():
    """The unit greedy may put a chain's units in two rooms (biglabel-2000u-4r: 9 of its 20 chains);
    before, such a timetable was no start at all and the meeting greedy began from nothing (no
    timetable after 34 s at T = 5). Now the chain goes whole, at its time, to a room free for it."""
    problem = ordered_problem()
    meetings = from_units(problem, (4,))
    result = solve_meetings(meetings, time_limit=2, workers=1)
    assert result.plan is not None
    timetable = to_timetable(problem, result.plan)
    rows = list(timetable.meetings)
    k = next(k for k, row in enumerate(rows) if row.unit == "镇办1")
    other = next(r.name for r in problem.rooms if r.name != rows[k].room)
    rows[k] = replace(rows[k], room=other)  # the middle of the chain in the other room
    start = start_of(problem, meetings, Timetable(tuple(rows)))
    assert start is not None
    steps, rooms = start
    plan = Plan(
        tuple(Placement(s.title, meetings.workdays.moment(steps[i]), rooms[i]) for i, s in enumerate(meetings.sessions))
    )
    assert not check_meetings(meetings, plan).violations


def test_a_split_chain_with_no_room_free_for_it_trades_rooms_where_its_unit_was_elsewhere():
    """biglabel-2000u-4r `stable`: 9 chains split, none with a room free for it whole (every one of
    them unlabelled, so alone in its room). 链0 at 8 in A, 链1 at 9 in B; A at 9 and B at 8 are
    taken. At 9, A and B trade what they hold: the chain stays in A, 单位1 goes to B."""
    day = date(2021, 9, 8)
    problem = Problem(
        tuple(Unit(name) for name in ("链0", "链1", "单位0", "单位1")),
        Calendar((day,), (time(8), time(9), time(10)), 60),
        rooms=(Room("A"), Room("B")),
        links=(Link("链0", "链1"),),
    )
    at = {h: datetime(2021, 9, 8, h) for h in (8, 9)}
    rows = (
        Meeting("链0", at[8], "A"),
        Meeting("链1", at[9], "B"),
        Meeting("单位0", at[8], "B"),
        Meeting("单位1", at[9], "A"),
    )
    assert scheduler.validate(problem, Timetable(rows)).ok
    meetings = from_units(problem)
    start = start_of(problem, meetings, Timetable(rows))
    assert start is not None
    steps, rooms = start
    placed = {s.title: (meetings.workdays.moment(steps[i]), rooms[i]) for i, s in enumerate(meetings.sessions)}
    assert placed == {"链0": (at[8], "A"), "单位0": (at[8], "B"), "单位1": (at[9], "B")}
