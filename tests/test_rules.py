"""Each rule alone: a timetable that breaks it, one that holds, and the solver obeying it.

Violation texts are asserted exactly, in both languages where it matters.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from scheduler import Link, Meeting, Pin, Room, Timetable, Unavailable, solve, validate
from tests.conftest import at, small_problem


def table(*rows: tuple) -> Timetable:
    """Meetings from (unit, day, hour) or (unit, day, hour, room); day/hour None = no time."""
    meetings = []
    for row in rows:
        unit, day, hour, *room = row
        start = None if day is None else datetime(2021, 9, day, hour)
        meetings.append(Meeting(unit, start, room[0] if room else None))
    return Timetable(tuple(meetings))


def broken(problem, timetable) -> list[tuple[str, str]]:
    return [(v.rule, v.text("en")) for v in validate(problem, timetable).violations]


TWO = [("甲局", "部门", ""), ("乙局", "部门", "")]


# -- each-unit-once ------------------------------------------------------------------


def test_each_unit_once_holds():
    assert validate(small_problem(TWO), table(("甲局", 8, 8), ("乙局", 8, 9))).ok


def test_each_unit_once_missing_and_twice():
    problem = small_problem(TWO)
    assert broken(problem, table(("甲局", None, None), ("乙局", 8, 9), ("乙局", 8, 10))) == [
        ("each-unit-once", "甲局 has no meeting time  [rule each-unit-once: every unit meets exactly once]"),
        (
            "each-unit-once",
            "乙局 is listed 2 times: Sep 8 9:00, Sep 8 10:00  [rule each-unit-once: every unit meets exactly once]",
        ),
    ]


def test_a_unit_listed_twice_has_each_time_checked_by_every_rule_once():
    # 乙局 listed at 9:00 (fine) and twice at 11:00 (after the town, when it cannot come, not its
    # pinned time); 甲局 again at 13:00 (twice), outside the hours. Each time is said once, and
    # "listed twice" only by each-unit-once.
    problem = small_problem(
        [*TWO, ("子街道", "镇办", "")],
        rooms=(Room("420", 1),),
        pins=(Pin("乙局", at(8, 9)),),
        unavailable=(Unavailable("乙局", frozenset({at(8, 11)})),),
        links=(Link("甲局", "乙局"),),
    )
    rows = [("甲局", 8, 8), ("乙局", 8, 9), ("子街道", 8, 10)]
    assert validate(problem, table(*rows)).ok
    rows += [("乙局", 8, 11), ("乙局", 8, 11), ("甲局", 8, 13), ("甲局", 8, 13)]
    assert [(rule, line.split("  [")[0]) for rule, line in broken(problem, table(*rows))] == [
        ("each-unit-once", "甲局 is listed 3 times: Sep 8 8:00, Sep 8 13:00, Sep 8 13:00"),
        ("each-unit-once", "乙局 is listed 3 times: Sep 8 9:00, Sep 8 11:00, Sep 8 11:00"),
        (
            "within-window",
            "甲局 is at Sep 8 13:00, outside the meeting days and hours (Sep 8 8:00, 9:00, 10:00, 11:00)",
        ),
        (
            "category-order",
            # 甲局's 13:00 is no slot but a time all the same: it counts (QA consist F1)
            "子街道 (镇办) is at Sep 8 10:00, not after 2 units that must come first "
            "(the latest: 甲局 (部门) at Sep 8 13:00)",
        ),
        ("unavailable", "乙局 is at Sep 8 11:00, when it cannot come"),
        ("pinned", "乙局 is at Sep 8 11:00 but is pinned to Sep 8 9:00"),
        # 甲局's 13:00 with no 乙局 after it and 乙局's 11:00 with no 甲局 before it: one line pairs them
        ("linked", "乙局 must follow 甲局 (Sep 8 13:00) directly, but is at Sep 8 11:00"),
    ]


def test_each_unit_once_in_chinese():
    problem = small_problem(TWO)
    report = validate(problem, table(("甲局", None, None), ("乙局", 8, 9)))
    assert report.lines("zh") == ["甲局 没有安排对接时间  [规则 each-unit-once: 每个单位安排且只安排一次]"]


def test_solver_places_every_unit_once():
    result = solve(small_problem(TWO))
    assert sorted(m.unit for m in result.timetable.meetings) == ["乙局", "甲局"]


# -- within-window ---------------------------------------------------------------------


def test_within_window_breaks_on_a_day_and_an_hour_outside():
    problem = small_problem(TWO)
    assert broken(problem, table(("甲局", 8, 12), ("乙局", 11, 8))) == [
        (
            "within-window",
            "甲局 is at Sep 8 12:00, outside the meeting days and hours (Sep 8 8:00, 9:00, 10:00, 11:00)"
            "  [rule within-window: meetings only on the listed days and hours]",
        ),
        (
            "within-window",
            "乙局 is at Sep 11 8:00, outside the meeting days and hours (Sep 8 8:00, 9:00, 10:00, 11:00)"
            "  [rule within-window: meetings only on the listed days and hours]",
        ),
    ]


# -- allowed-sharing and room-capacity -----------------------------------------------------


def test_two_departments_in_one_hour_break_allowed_sharing():
    problem = small_problem(TWO)
    assert broken(problem, table(("甲局", 8, 8), ("乙局", 8, 8))) == [
        (
            "allowed-sharing",
            "甲局, 乙局 share 420 at Sep 8 8:00 but are not in one parallel group"
            "  [rule allowed-sharing: only units of one parallel group share a room and hour]",
        )
    ]


def test_units_of_one_group_may_share():
    problem = small_problem([("甲局", "部门", "A"), ("乙局", "部门", "A")])
    assert validate(problem, table(("甲局", 8, 8), ("乙局", 8, 8))).ok
    result = solve(problem)
    assert result.slots_used() == 1


def test_room_capacity_breaks_past_capacity():
    problem = small_problem([(n, "部门", "A") for n in ("甲", "乙", "丙")])
    assert [rule for rule, _ in broken(problem, table(("甲", 8, 8), ("乙", 8, 8), ("丙", 8, 8)))] == ["room-capacity"]


def test_solver_respects_capacity():
    problem = small_problem([(n, "部门", "A") for n in ("甲", "乙", "丙")])
    result = solve(problem)
    assert result.slots_used() == 2
    assert validate(problem, result.timetable).ok


def test_unseatable_hour_without_room_column():
    rooms = (Room("一号", 1), Room("二号", 1))
    problem = small_problem([("甲", "部门", "A"), ("乙", "部门", "A"), ("丙", "部门", "")], rooms=rooms)
    assert [rule for rule, _ in broken(problem, table(("甲", 8, 8), ("乙", 8, 8), ("丙", 8, 8)))] == ["room-capacity"]
    assert validate(problem, table(("甲", 8, 8), ("乙", 8, 8), ("丙", 8, 9))).ok


def test_pairs_only_in_rooms_large_enough():
    rooms = (Room("大", 2), Room("小", 1))
    problem = small_problem([(n, "部门", "A") for n in ("甲", "乙", "丙", "丁")], rooms=rooms, hours=(8,))
    result = solve(problem)
    assert result.status == "infeasible"
    problem = small_problem([(n, "部门", "A") for n in ("甲", "乙", "丙")], rooms=rooms, hours=(8,))
    result = solve(problem)
    assert {m.room for m in result.timetable.meetings} == {"大", "小"}
    assert validate(problem, result.timetable).ok


# -- category-order ----------------------------------------------------------------------


ORDERED = [("甲局", "部门", ""), ("乙局", "部门", ""), ("子街道", "镇办", "")]


def test_street_office_before_a_department_breaks_order():
    problem = small_problem(ORDERED)
    assert broken(problem, table(("甲局", 8, 8), ("乙局", 8, 10), ("子街道", 8, 9))) == [
        (
            "category-order",
            "子街道 (镇办) is at Sep 8 9:00, not after 1 unit that must come first "
            "(the latest: 乙局 (部门) at Sep 8 10:00)"
            "  [rule category-order: categories meet in the order the rules list them]",
        )
    ]


def test_order_names_the_smaller_side():
    units = [("甲局", "部门", "")] + [(f"街道{i}", "镇办", "") for i in range(3)]
    problem = small_problem(units, hours=(8, 9, 10, 11, 15))
    report = validate(problem, table(("街道0", 8, 8), ("街道1", 8, 9), ("街道2", 8, 10), ("甲局", 8, 11)))
    assert [v.units[0] for v in report.violations] == ["甲局"]


def test_mixed_categories_in_one_hour_break_order():
    problem = small_problem([("甲局", "部门", "A"), ("子街道", "镇办", "A")])
    assert [rule for rule, _ in broken(problem, table(("甲局", 8, 8), ("子街道", 8, 8)))] == ["category-order"]


def test_solver_puts_departments_first():
    problem = small_problem([("子街道", "镇办", ""), ("甲局", "部门", "")])
    result = solve(problem)
    assert result.timetable.starts() == {"甲局": at(8, 8), "子街道": at(8, 9)}


# -- unavailable -------------------------------------------------------------------------


def test_unavailable_breaks_and_holds():
    problem = small_problem(TWO, unavailable=(Unavailable("甲局", frozenset({at(8, 8)})),))
    assert broken(problem, table(("甲局", 8, 8), ("乙局", 8, 9))) == [
        (
            "unavailable",
            "甲局 is at Sep 8 8:00, when it cannot come  [rule unavailable: no meeting when a unit cannot come]",
        )
    ]
    assert validate(problem, table(("甲局", 8, 9), ("乙局", 8, 8))).ok
    assert solve(problem).timetable.starts()["甲局"] != at(8, 8)


# -- pinned ------------------------------------------------------------------------------


def test_pinned_breaks_and_holds():
    problem = small_problem(TWO, pins=(Pin("乙局", at(8, 10)),))
    assert broken(problem, table(("甲局", 8, 8), ("乙局", 8, 9))) == [
        (
            "pinned",
            "乙局 is at Sep 8 9:00 but is pinned to Sep 8 10:00  [rule pinned: a pinned unit meets at its pinned time]",
        )
    ]
    assert validate(problem, table(("甲局", 8, 8), ("乙局", 8, 10))).ok
    assert solve(problem).timetable.starts()["乙局"] == at(8, 10)


# -- linked ------------------------------------------------------------------------------


def test_linked_breaks_across_lunch_and_holds_directly_after():
    problem = small_problem(TWO, hours=(8, 11, 15), links=(Link("甲局", "乙局"),))
    assert broken(problem, table(("甲局", 8, 11), ("乙局", 8, 15))) == [
        (
            "linked",
            "乙局 must follow 甲局 (Sep 8 11:00) directly, but is at Sep 8 15:00"
            "  [rule linked: a linked unit meets right after its predecessor, same day]",
        )
    ]
    assert broken(problem, table(("甲局", 8, 8), ("乙局", 8, 11))) != []


def test_linked_across_days_breaks():
    problem = small_problem(TWO, days=2, hours=(8, 9), links=(Link("甲局", "乙局"),))
    assert [r for r, _ in broken(problem, table(("甲局", 8, 9), ("乙局", 9, 8)))] == ["linked"]
    result = solve(problem)
    first, then = result.timetable.starts()["甲局"], result.timetable.starts()["乙局"]
    assert (then - first).seconds == 3600 and first.date() == then.date()


@pytest.mark.parametrize("objective", ["compact", "stable"])
def test_linked_chain_is_solved(objective):
    units = [("甲", "部门", ""), ("乙", "部门", ""), ("丙", "部门", ""), ("丁", "部门", "")]
    problem = small_problem(units, days=2, hours=(8, 9, 10), links=(Link("甲", "乙"), Link("乙", "丙")))
    result = solve(problem, objective=objective)
    assert validate(problem, result.timetable).ok
    starts = result.timetable.starts()
    assert starts["乙"].hour == starts["甲"].hour + 1 and starts["丙"].hour == starts["乙"].hour + 1
