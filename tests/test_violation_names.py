"""A violation names its rooms and people as data, not only in its sentence (``validate --json`` reads them)."""

from __future__ import annotations

import pytest

from scheduler import Room
from scheduler.domain.meetings import Busy, Pin
from scheduler.meetings.check import check_meetings
from scheduler.rules.check import validate
from tests.conftest import at, small_problem
from tests.rules import meeting_helpers as m
from tests.rules.helpers import table

PAIR = (Room("420", 2, 10),)


def named(violations, rule):
    """(units, rooms, people) of each violation of ``rule``."""
    return [(v.units, v.rooms, v.people) for v in violations if v.rule == rule]


@pytest.mark.parametrize(
    ("rooms", "expected"),
    [
        ((Room("420", 2),), ("420",)),
        ((Room("", 2),), ()),  # the unnamed room (no [[rooms]]) is not a name
    ],
)
def test_a_unit_tables_violation_names_the_room_it_is_about(rooms, expected):
    problem = small_problem([("甲", "", ""), ("乙", "", ""), ("丙", "", "")], rooms=rooms)
    shared = table(("甲", at(8, 8), rooms[0].name), ("乙", at(8, 8), rooms[0].name), ("丙", at(8, 9), rooms[0].name))
    report = validate(problem, shared)
    assert named(report.violations, "allowed-sharing") == [(("甲", "乙"), expected, ())]
    crowded = small_problem([("甲", "", "A"), ("乙", "", "A"), ("丙", "", "A")], rooms=rooms)
    three = table(*((u, at(8, 8), rooms[0].name) for u in ("甲", "乙", "丙")))
    assert named(validate(crowded, three).violations, "room-capacity") == [(("甲", "乙", "丙"), expected, ())]


CASES = [
    # (rule, problem, plan, (meetings, rooms, people) of its one violation)
    (
        "no-double-booking",
        m.meetings(m.session("一", 60, "甲"), m.session("二", 60, "甲"), rooms=m.TWO_ROOMS),
        (("一", m.at(8), "A"), ("二", m.at(8, 30), "B")),
        (("一", "二"), (), ("甲",)),
    ),
    (
        "gap",
        m.meetings(m.session("一", 60, "甲"), m.session("二", 60, "甲"), rooms=m.TWO_ROOMS, gap=30),
        (("一", m.at(8), "A"), ("二", m.at(9), "B")),
        (("一", "二"), (), ("甲",)),
    ),
    (
        "unavailable",
        m.meetings(m.session("一", 60, "乙"), busy=(Busy("乙", m.at(8), m.at(9)),)),
        (("一", m.at(8), "A"),),
        (("一",), (), ("乙",)),
    ),
    (
        "room-wishes",
        m.meetings(m.session("一", 60, rooms=frozenset({"B"})), rooms=m.TWO_ROOMS),
        (("一", m.at(8), "A"),),
        (("一",), ("A",), ()),
    ),
    (
        "room-seats",
        m.meetings(m.session("一", 60, "甲", "乙", "丙"), rooms=(Room("A", 1, 2),)),
        (("一", m.at(8), "A"),),
        (("一",), ("A",), ()),
    ),
    (
        "series-room",
        m.meetings(m.session("一", 60, series="周会"), m.session("二", 60, "乙", series="周会"), rooms=m.TWO_ROOMS),
        (("一", m.at(8), "A"), ("二", m.at(9), "B")),
        (("一", "二"), ("A", "B"), ()),
    ),
    (
        "changeover",
        m.meetings(m.session("一"), m.session("二", 60, "乙"), rooms=(Room("A", 1, 10, changeover=30),)),
        (("一", m.at(8), "A"), ("二", m.at(9), "A")),
        (("一", "二"), ("A",), ()),
    ),
    (
        "pinned",
        m.meetings(m.session("一"), rooms=m.TWO_ROOMS, pins=(Pin("一", m.at(8), "A"),)),
        (("一", m.at(8), "B"),),
        (("一",), ("A", "B"), ()),  # the room it is pinned to, and the one it is in
    ),
    (
        "each-meeting-once",
        m.meetings(m.session("一")),
        (("一", m.at(8), "A"), ("一", m.at(10), "A")),  # placed twice (an unknown room is room-capacity's)
        (("一",), (), ()),
    ),
    (
        "allowed-sharing",
        m.meetings(m.session("一", 60, "甲"), m.session("二", 60, "乙"), rooms=PAIR),
        (("一", m.at(8), "420"), ("二", m.at(8), "420")),
        (("一", "二"), ("420",), ()),
    ),
    (
        "room-capacity",
        m.meetings(
            *(m.session(t, 60, p, share=frozenset({"x"})) for t, p in zip("一二三", "甲乙丙", strict=True)), rooms=PAIR
        ),
        (("一", m.at(8), "420"), ("二", m.at(8), "420"), ("三", m.at(8), "420")),
        (("一", "二", "三"), ("420",), ()),
    ),
]


@pytest.mark.parametrize(("rule", "problem", "rows", "expected"), CASES, ids=[c[0] for c in CASES])
def test_a_meeting_tables_violation_names_its_meetings_rooms_and_people(rule, problem, rows, expected):
    report = check_meetings(problem, m.Plan(tuple(m.Placement(*row) for row in rows)))
    assert named(report.violations, rule) == [expected]
    for violation in report.violations:  # every name it carries is said in its sentence
        said = violation.text("en")
        assert all(name in said for name in (*violation.rooms, *violation.people)), said
