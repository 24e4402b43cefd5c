"""room-capacity alone: through the model (with each-unit-once as its frame) and the checker."""

from __future__ import annotations

from scheduler import Room
from scheduler.rules.registry import rule
from tests.conftest import at, small_problem
from tests.rules import meeting_helpers as m
from tests.rules.helpers import alone, broken, solution, table

RULE = rule("room-capacity")
PAIRS = [("甲", "", "A"), ("乙", "", "A"), ("丙", "", "A"), ("丁", "", "A")]
TITLE = "a room never holds more units at once than its capacity, and a room not in the rules holds none"
MEETING_TITLE = "a room never holds more meetings at once than its capacity, and a room not in the rules holds none"


def test_four_label_mates_in_one_hour_need_two_pair_rooms():
    # Without the rule any number of groups meets at once; with it, one big and one small
    # room hold a pair and a single only.
    problem = small_problem(PAIRS, hours=(8,), rooms=(Room("大", 2), Room("小", 1)))
    assert alone(problem, RULE) == ("OPTIMAL", "INFEASIBLE")


def test_two_pairs_fit_two_rooms_of_two():
    problem = small_problem(PAIRS, hours=(8,), rooms=(Room("一", 2), Room("二", 2)))
    assert alone(problem, RULE) == ("OPTIMAL", "OPTIMAL")
    found = solution(problem, [rule("each-unit-once"), RULE])
    assert broken(RULE, problem, found) == []  # the hour seats, rooms left to the checker


def test_seats_pairs_largest_with_largest():
    rooms = (Room("大", 3), Room("小", 1))
    assert RULE.seats([1, 3], rooms)
    assert not RULE.seats([2, 2], rooms)
    assert not RULE.seats([1, 1, 1], rooms)


def test_checker_names_a_room_over_capacity_and_an_hour_that_cannot_be_seated():
    problem = small_problem(PAIRS[:3], rooms=(Room("一", 1), Room("二", 1)))
    over = table(("甲", at(8, 8), "一"), ("乙", at(8, 8), "一"), ("丙", at(8, 9), "二"))
    assert broken(RULE, problem, over) == [
        f"甲, 乙 are all in 一 at Sep 8 8:00, over its capacity of 1  [rule room-capacity: {TITLE}]"
    ]
    unseated = table(("甲", at(8, 8)), ("乙", at(8, 8)), ("丙", at(8, 8)))
    assert broken(RULE, problem, unseated) == [
        f"甲, 乙, 丙 at Sep 8 8:00 cannot be seated in the 2 rooms  [rule room-capacity: {TITLE}]"
    ]


# -- meeting problems: meetings at once in a room


def test_three_all_morning_meetings_in_one_room_cannot_fit():
    problem = m.meetings(*(m.session(f"会{k}", 240, p) for k, p in enumerate(("甲", "乙", "丙"))))
    assert m.status(problem, m.frame_without(RULE)) == "OPTIMAL"
    assert m.status(problem, m.FRAME) == "INFEASIBLE"


def test_a_room_holding_two_holds_two_meetings_at_once():
    pair = (Room("厅", 2, 10),)
    problem = m.meetings(*(m.session(f"会{k}", 240, p) for k, p in enumerate(("甲", "乙", "丙", "甲"))), rooms=pair)
    found = m.solution(problem, m.FRAME)
    assert m.broken(RULE, problem, found) == []
    assert m.broken(RULE, problem, m.plan(*((f"会{k}", m.at(8), "厅") for k in range(3)), ("会3", m.at(14), "厅"))) == [
        f"厅 holds 3 meetings at Mar 3 8:00 (capacity 2): 会0, 会1, 会2  [rule room-capacity: {MEETING_TITLE}]"
    ]


def test_checker_names_a_room_the_rules_do_not_have():
    # A timetable built in code may name any room; the checker said KeyError instead of this.
    problem = small_problem(PAIRS[:2], rooms=(Room("一", 1), Room("二", 1)))
    stray = table(("甲", at(8, 8), "一"), ("乙", at(8, 8), "会议室B"))
    assert broken(RULE, problem, stray) == [
        f"乙 at Sep 8 8:00: room '会议室B' is not in the rules (known: 一, 二)  [rule room-capacity: {TITLE}]"
    ]


def test_a_room_the_rules_do_not_have_is_room_capacitys_in_meeting_tables_too():
    """QA consist F6: the same slip was room-capacity in unit tables and each-meeting-once in meeting
    tables. room-capacity is the one room rule both kinds have (a room not in the rules holds no
    one), so both say it there; and two units in such a room are no sharing fault (F4's rule)."""
    from scheduler import validate
    from scheduler.meetings.check import check_meetings

    problem = m.meetings(m.session("一"), m.session("二", 60, "乙"), rooms=m.TWO_ROOMS)
    report = check_meetings(problem, m.plan(("一", m.at(8), "C"), ("二", m.at(9), "A")))
    assert report.rules_broken() == ["room-capacity"]
    assert report.lines("en") == [
        f"meeting '一' is in room 'C', which is not in the rules (known: A, B)  [rule room-capacity: {MEETING_TITLE}]"
    ]
    units = small_problem(PAIRS[:2], rooms=(Room("一", 2),))
    assert validate(units, table(("甲", at(8, 8), "三"), ("乙", at(8, 8), "三"))).rules_broken() == ["room-capacity"]


def test_the_rules_title_says_it_covers_a_room_not_in_the_rules_too():
    """An unknown room is room-capacity's fault in both kinds of table (above), so its title, the words
    beside every violation line, says so in both languages: it named only the capacity."""
    from scheduler import validate
    from scheduler.meetings.check import check_meetings

    units = small_problem(PAIRS[:1], rooms=(Room("一", 1),))
    zh = validate(units, table(("甲", at(8, 8), "三"))).lines("zh")
    assert len(zh) == 1 and zh[0].endswith(
        "[规则 room-capacity: 同一时段房间内单位数不超过容量；规则未列出的房间不能安排单位]"
    )
    meetings = check_meetings(m.meetings(m.session("一"), rooms=m.TWO_ROOMS), m.plan(("一", m.at(8), "C")))
    zh = meetings.lines("zh")
    assert len(zh) == 1 and zh[0].endswith(
        "[规则 room-capacity: 会议室同时举行的会议数不超过其容量；规则未列出的会议室不能安排会议]"
    )
