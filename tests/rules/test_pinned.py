"""pinned alone: through the model (its forbidden starts), the checker and its explanation hooks."""

from __future__ import annotations

from scheduler import Instance, Pin, Room
from scheduler.domain.meetings import Pin as MeetingPin
from scheduler.rules.registry import restrictions, rule
from tests.conftest import at, small_problem
from tests.rules import meeting_helpers as m
from tests.rules.helpers import FRAME, alone, broken, solution, table

RULE = rule("pinned")
TWO = [("甲局", "", ""), ("乙局", "", "")]


def test_two_units_pinned_to_one_hour_of_one_room_cannot_both_meet():
    pins = (Pin("甲局", at(8, 8)), Pin("乙局", at(8, 8)))
    problem = small_problem(TWO, hours=(8, 9), rooms=(Room("420", 1),), pins=pins)
    assert alone(problem, RULE) == ("OPTIMAL", "INFEASIBLE")
    assert RULE.crowding(problem, list(RULE.instances(problem))) == 2  # the room decides


def test_a_pinned_unit_meets_at_its_time():
    problem = small_problem(TWO, hours=(8, 9, 10), rooms=(Room("420", 1),), pins=(Pin("甲局", at(8, 10)),))
    found = solution(problem, [*FRAME, RULE])
    assert found.starts()["甲局"] == at(8, 10)
    assert broken(RULE, problem, found) == []
    assert RULE.fixed_starts(problem) == {"甲局": at(8, 10)}
    assert RULE.fixes(problem) == {"甲局"}


def test_relax_and_describe():
    pins = (Pin("甲局", at(8, 8)), Pin("乙局", at(8, 9)))
    problem = small_problem(TWO, pins=pins)
    assert RULE.relax(problem, {Instance("pinned", "乙局")}) == {"pins": pins[1:]}
    assert RULE.describe(problem, Instance("pinned", "甲局")).text("en") == "甲局 is pinned to Sep 8 8:00"


def test_checker_names_the_unit_away_from_its_pin():
    problem = small_problem(TWO, pins=(Pin("甲局", at(8, 8)),))
    assert broken(RULE, problem, table(("甲局", at(8, 9)), ("乙局", at(8, 8)))) == [
        "甲局 is at Sep 8 9:00 but is pinned to Sep 8 8:00  [rule pinned: a pinned unit meets at its pinned time]"
    ]


# -- meeting problems: a meeting pinned at a time and room


def test_two_meetings_pinned_to_one_room_at_once_cannot_both_meet():
    pins = (MeetingPin("一", m.at(8), "A"), MeetingPin("二", m.at(8, 30), "A"))
    problem = m.meetings(m.session("一"), m.session("二", 60, "乙"), rooms=m.TWO_ROOMS, pins=pins)
    assert m.alone(problem, RULE) == ("OPTIMAL", "INFEASIBLE")


def test_a_pinned_meeting_stays_at_its_time_and_room():
    problem = m.meetings(
        m.session("一"), m.session("二", 60, "乙"), rooms=m.TWO_ROOMS, pins=(MeetingPin("一", m.at(16), "B"),)
    )
    found = m.solution(problem, (*m.FRAME, RULE))
    assert found.placements[0].start == m.at(16) and found.placements[0].room == "B"
    assert m.broken(RULE, problem, found) == []


def test_meeting_checker_and_explanation_words():
    problem = m.meetings(m.session("一"), rooms=m.TWO_ROOMS, pins=(MeetingPin("一", m.at(16), "B"),))
    assert m.broken(RULE, problem, m.plan(("一", m.at(8), "A"))) == [
        "meeting '一' is pinned at Mar 3 16:00 in room B but placed at Mar 3 8:00 in room A"
        "  [rule pinned: a pinned meeting stays at its time (and room)]"
    ]
    said = RULE.describe_session(problem, Instance("pinned", "一"))
    assert said.text("zh") == "会议“一”固定在 3月3日 16:00，在会议室“B”"


def test_a_pinned_meeting_at_its_time_without_a_room_is_told_what_differs():
    """QA consist F3: "pinned at 16:00 in room B but placed at 16:00" read as a contradiction; the room
    is what differs, so the line says it has none."""
    from scheduler.text.messages import render

    problem = m.meetings(m.session("一"), rooms=m.TWO_ROOMS, pins=(MeetingPin("一", m.at(16), "B"),))
    assert m.broken(RULE, problem, m.plan(("一", m.at(16), None))) == [
        "meeting '一' is pinned at Mar 3 16:00 in room B but placed at Mar 3 16:00 without a room"
        "  [rule pinned: a pinned meeting stays at its time (and room)]"
    ]
    from scheduler.meetings.check import check_meetings

    (zh,) = [v for v in check_meetings(problem, m.plan(("一", m.at(16), None))).violations if v.rule == "pinned"]
    assert render(zh.message, "zh") == "会议“一”固定在 3月3日 16:00，在会议室“B”，实际安排在 3月3日 16:00，未安排会议室"


def test_units_pinned_at_one_slot_share_one_set_of_every_other_slot():
    """limits16 finding 6: each pin built its own set of every other slot (5,000 units pinned over 400
    days: 1.15 GB); units pinned at one slot now share one, and a unit's reasons are still named."""
    units = [(f"{k:02d}局", "", "") for k in range(12)]
    pins = tuple(Pin(name, at(8 + k % 3, 8)) for k, (name, _, _) in enumerate(units))  # 3 slots, 4 units each
    problem = small_problem(units, days=3, rooms=(Room("420", 4),), pins=pins)
    forbidden = restrictions(problem, [RULE])
    sets = {id(forbidden.blocked(name)) for name, _, _ in units}
    assert len(sets) == 3
    slots = len(problem.calendar)
    assert all(len(forbidden.blocked(name)) == slots - 1 for name, _, _ in units)
    keep = problem.calendar.index(at(8, 8))
    assert keep not in forbidden.blocked("00局") and (keep + 1) in forbidden.blocked("00局")
    assert forbidden["00局", keep + 1] == (Instance("pinned", "00局"),)
