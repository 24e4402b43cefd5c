"""Clashes arithmetic proves (scheduler/meetings/counts.py), said alike by ``solve_meetings`` and
``explain_meetings``, and held against brute force: a participant's meetings longer than the time left
them, meetings longer than the rooms they may use, a meeting left no start (QA shapes #1, #2, #3, #6).
"""

from __future__ import annotations

import itertools
import threading
from datetime import date, datetime, time

import pytest

from scheduler.domain import Room
from scheduler.domain.meetings import (
    Attendee,
    Busy,
    MeetingProblem,
    Person,
    Pin,
    Placement,
    Plan,
    Session,
    Window,
    Workdays,
)
from scheduler.meetings.diagnose import explain_meetings
from scheduler.meetings.planner import solve_meetings
from scheduler.rules.registry import RULES, session_instances
from scheduler.rules.values import Instance, PlanView
from scheduler.solver.deadline import Deadline
from tests.rules.meeting_helpers import TWO_ROOMS, meetings, session
from tests.test_meetings_explain import feasible, relaxed

DAY = date(2025, 7, 15)


def _day(*periods: tuple[time, time], grid: int = 30) -> Workdays:
    return Workdays((DAY,), periods, grid)


def _people(*names: str) -> tuple[Person, ...]:
    return tuple(Person(n) for n in names)


def _minimal(problem: MeetingProblem, instances: tuple[Instance, ...]) -> None:
    """By brute force: the instances (with the rules that always hold) have no timetable, and without
    any one of them the rest has one (instances dropped by editing the problem)."""
    every = session_instances(problem)
    kept = set(instances)
    assert not feasible(relaxed(problem, kept, every))
    for inst in instances:
        assert feasible(relaxed(problem, kept - {inst}, every)), f"{inst} is not needed"


def _stopped() -> Deadline:
    stop = threading.Event()
    stop.set()
    return Deadline(10, stop)


def test_a_count_below_the_working_time_says_when_the_meetings_can_be_held():
    """QA explain19 F2: four 4-hour meetings of 甲 over two days of 8:00-12:00 and 14:00-17:00 (14 hours):
    "only 8 hours" read as a contradiction; the count now says where the 8 hours are (the mornings,
    the only periods a 4-hour meeting fits)."""
    days = Workdays((DAY, date(2025, 7, 16)), ((time(8), time(12)), (time(14), time(17))), 60)
    problem = MeetingProblem(
        tuple(Session(f"长会{k}", 240, (Attendee("甲"),)) for k in range(4)), days, TWO_ROOMS, people=_people("甲")
    )
    conflict = explain_meetings(problem, 5)
    assert conflict is not None
    assert conflict.lines("zh")[1] == (
        "  甲 须参加 4 个会议，共 16 小时，而可供这些会议的工作时间只有 8 小时"
        "（这些会议只能排在 7月15日 8:00-12:00、7月16日 8:00-12:00）"
    )
    assert conflict.lines("en")[1] == (
        "  甲 is required at 4 meetings lasting 16 hours in all, and has only 8 hours of working time for them"
        " (they can be held only in Jul 15 8:00-12:00, Jul 16 8:00-12:00)"
    )


def test_short_meetings_are_counted_in_minutes_not_decimal_hours():
    """QA jobs16 F10: four 10-minute talks in a 20-minute evening were told as "共 0.67 小时 … 只有 0.33
    小时"; a school counts minutes, and a length is said as hours and minutes, never a decimal."""
    talks = tuple(session(f"面谈{k}", 10, "家长005") for k in range(4))
    problem = MeetingProblem(talks, _day((time(18), time(18, 20)), grid=10), TWO_ROOMS, people=_people("家长005"))
    conflict = explain_meetings(problem, 5)
    assert conflict is not None
    assert conflict.lines("zh")[1] == "  家长005 须参加 4 个会议，共 40 分钟，而可供这些会议的工作时间只有 20 分钟"
    assert conflict.lines("en")[1] == (
        "  家长005 is required at 4 meetings lasting 40 minutes in all, and has only 20 minutes of working time for "
        "them"
    )


def test_a_duration_is_said_in_hours_and_minutes():
    from scheduler.text.messages import duration, render

    said = [render(duration(m), lang) for m in (1, 40, 60, 90, 510) for lang in ("zh", "en")]
    assert said == ["1 分钟", "1 minute", "40 分钟", "40 minutes", "1 小时", "1 hour", "1 小时 30 分钟",
                    "1 hour 30 minutes", "8 小时 30 分钟", "8 hours 30 minutes"]  # fmt: skip


# -- a participant's time (QA shapes #1) ------------------------------------------------------------


def test_one_person_required_beyond_the_working_day_is_shown_by_a_count_at_once():
    """17 half-hour meetings for 甲 in an 8-hour day: a count proves it with no search (the stop is set
    before the call). Before, solve said no timetable was found in time ("try a longer --time-limit"),
    and explain could not prove it in 5 s."""
    problem = meetings(*(session(f"汇报会{k:02}", 30, "甲") for k in range(1, 18)), rooms=TWO_ROOMS)
    stopped = explain_meetings(problem, _stopped())
    assert stopped is not None and stopped.proven and stopped.instances == (Instance("no-double-booking", "甲"),)
    conflict = explain_meetings(problem, 5)
    assert conflict is not None and conflict.minimal and conflict.proven and not conflict.too_many
    assert conflict.lines("en")[1] == (
        "  甲 is required at 17 meetings lasting 8 hours 30 minutes in all, and has only 8 hours of working time for "
        "them"
    )
    assert conflict.lines("zh")[1] == "  甲 须参加 17 个会议，共 8 小时 30 分钟，而可供这些会议的工作时间只有 8 小时"
    assert conflict.rules() == ["no-double-booking"]
    result = solve_meetings(problem, time_limit=5, stop=threading.Event())
    assert result.status == "infeasible" and result.conflict == conflict


def test_a_person_whose_morning_meetings_overrun_the_mornings_is_named_with_their_windows():
    """Three one-hour morning meetings of 甲 in a two-hour morning (and a fourth at any time): the count
    over the morning ones names their windows and 甲; each is needed (brute force)."""
    morning = tuple(Session(f"晨会{k}", 60, (Attendee("甲"),), window=Window(part="morning")) for k in range(3))
    problem = MeetingProblem(
        (*morning, Session("例会", 60, (Attendee("甲"),))),
        _day((time(8), time(10)), (time(14), time(16)), grid=60),
        (Room("A"), Room("B")),
        people=_people("甲"),
    )
    conflict = explain_meetings(problem, 5)
    assert conflict is not None and conflict.minimal and conflict.proven
    assert conflict.rules() == ["time-window", "no-double-booking"]
    assert conflict.lines("en")[1] == (
        "  甲 is required at 晨会0, 晨会1, 晨会2, lasting 3 hours in all, and the working time they may be held in"
        " has only 2 hours (they can be held only in Jul 15 8:00-10:00)"
    )
    assert (
        conflict.lines("zh")[1]
        == "  甲 须参加的 晨会0、晨会1、晨会2 共 3 小时，而这些会议可以安排的工作时间只有 2 小时"
        "（这些会议只能排在 7月15日 8:00-10:00）"
    )
    _minimal(problem, conflict.instances)
    assert solve_meetings(problem, time_limit=5).conflict == conflict


def test_a_busy_time_that_leaves_too_little_is_named_with_the_person():
    """甲's two 2-hour meetings, 甲 busy all afternoon: 4 hours needed, 2 left (the morning)."""
    problem = MeetingProblem(
        (Session("一", 120, (Attendee("甲"),)), Session("二", 120, (Attendee("甲"), Attendee("乙")))),
        _day((time(8), time(10)), (time(14), time(16))),
        (Room("A"), Room("B")),
        people=_people("甲", "乙"),
        busy=(Busy("甲", datetime(2025, 7, 15, 14), datetime(2025, 7, 15, 16)),),
    )
    conflict = explain_meetings(problem, 5)
    assert conflict is not None and conflict.minimal
    assert conflict.rules() == ["unavailable", "no-double-booking"]
    assert "甲 is required at 2 meetings lasting 4 hours in all, and has only 2 hours" in conflict.lines("en")[1]
    _minimal(problem, conflict.instances)


# -- the gap (QA shapes #6) -------------------------------------------------------------------------


def _gapped() -> MeetingProblem:
    """Three half-hour meetings of 甲 in 8:00-9:30, a 30-minute gap, two rooms: with the gap and no
    double booking, 2.5 hours in 1.5 (and the gap after); the gap alone lets two run at once (8:00,
    8:00 and 9:00 keep it, as the checker says)."""
    return MeetingProblem(
        tuple(Session(f"议题{k}", 30, (Attendee("甲"),)) for k in range(3)),
        _day((time(8), time(9, 30))),
        (Room("A"), Room("B")),
        people=_people("甲"),
        gap=30,
    )


def _keeps(problem: MeetingProblem, ignored: set[tuple[str, str]]) -> bool:
    """Whether some placement keeps every rule but the (rule, person) pairs ``ignored``, by the checker."""
    days = problem.workdays
    options = [
        [(days.moment(t), r.name) for t in days.starts(problem.length(s)) for r in problem.rooms]
        for s in problem.sessions
    ]
    for combo in itertools.product(*options):
        plan = Plan(tuple(Placement(s.title, t, r) for s, (t, r) in zip(problem.sessions, combo, strict=True)))
        view = PlanView(problem, plan)
        broken = [v for rule in RULES for v in rule.check_plan(view)]
        if all((v.rule, who) in ignored for v in broken for who in v.people or ("",)):
            return True
    return False


def test_a_gap_is_named_with_no_double_booking_when_only_both_clash():
    """QA shapes #6: the gap alone was named the whole conflict, though the checker passes a timetable
    keeping it (two meetings at once, the third a gap after). Now both are named: each is needed."""
    problem = _gapped()
    assert _keeps(problem, {("no-double-booking", "甲")})  # the gap alone holds
    assert _keeps(problem, {("gap", "甲")})  # no double booking alone holds
    assert not _keeps(problem, set())
    conflict = explain_meetings(problem, 5)
    assert conflict is not None and conflict.minimal
    assert conflict.rules() == ["no-double-booking", "gap"]
    assert conflict.lines("en")[1] == (
        "  甲 is required at 3 meetings needing 3 hours in all with the 30-minute gap after each, and has only "
        "2 hours for them (working time, each stretch with the gap after it)"
    )
    assert solve_meetings(problem, time_limit=5).conflict == conflict


# -- the rooms' time ------------------------------------------------------------------------------


def test_meetings_only_one_room_seats_are_counted_against_its_time():
    """Three 2-hour meetings of 8 chairs, only room A seats them, 4 working hours: the count names
    their seats; each is needed (without it that meeting needs one chair and takes B)."""
    problem = MeetingProblem(
        tuple(Session(f"大会{k}", 120, (Attendee(p),), seats=8) for k, p in enumerate("甲乙丙")),
        _day((time(8), time(10)), (time(14), time(16)), grid=60),
        (Room("A", 1, 10), Room("B", 1, 4)),
        people=_people("甲", "乙", "丙"),
    )
    conflict = explain_meetings(problem, 5)
    assert conflict is not None and conflict.minimal and conflict.rules() == ["room-seats"]
    assert conflict.lines("en")[1] == (
        "  3 meetings (大会0, 大会1, 大会2) may be held only in A: they need 6 hours in all, and those rooms offer"
        " only 4 hours of working time"
    )
    assert conflict.lines("zh")[1] == (
        "  3 个会议（大会0、大会1、大会2）只能在 A 举行，共需 6 小时，而这些会议室在工作时间内一共只能提供 4 小时"
    )
    _minimal(problem, conflict.instances)


def test_meetings_only_one_room_holds_are_counted_against_the_times_they_can_be_held():
    """QA explain19 F1: in room A only (8 chairs), two 4-hour meetings fit only the 4-hour mornings and a
    third is morning-only: 9 hours of mornings against A's 8 over two days (A has 14 working hours).
    Counted at once, as one person's meetings are, and each instance is needed."""
    days = Workdays((DAY, date(2025, 7, 16)), ((time(8), time(12)), (time(14), time(17))), 60)
    problem = MeetingProblem(
        (
            Session("甲会", 60, (Attendee("甲"),), seats=8, window=Window("上午")),
            Session("乙会", 240, (Attendee("乙"),), seats=8),
            Session("丙会", 240, (Attendee("丙"),), seats=8),
        ),
        days,
        (Room("A", 1, 10), Room("B", 1, 4)),
        people=_people("甲", "乙", "丙"),
    )
    conflict = explain_meetings(problem, 10)
    assert conflict is not None and conflict.minimal
    assert conflict.lines("en")[1] == (
        "  3 meetings (甲会, 乙会, 丙会) may be held only in A: they need 9 hours in all, and those rooms offer"
        " only 8 hours at the times these meetings can be held"
    )
    assert conflict.lines("zh")[1] == (
        "  3 个会议（甲会、乙会、丙会）只能在 A 举行，共需 9 小时，"
        "而这些会议室在这些会议能排的时间内一共只能提供 8 小时"
    )
    _minimal(problem, conflict.instances)


def test_a_series_longer_than_any_room_s_time_is_counted():
    """QA explain19 F3: a series of 9 hours, one room each, and every room has 8 hours (a day of 8:00-12:00
    and 14:00-18:00): the series' one-room rule is named with the count that proves it."""
    problem = MeetingProblem(
        tuple(Session(f"审{k}", 180, (Attendee(p),), series="审") for k, p in enumerate("甲乙丙")),
        _day((time(8), time(12)), (time(14), time(18)), grid=60),
        (Room("A", 1, 10), Room("B", 1, 10)),
        people=_people("甲", "乙", "丙"),
    )
    conflict = explain_meetings(problem, 10)
    assert conflict is not None and conflict.minimal and conflict.rules() == ["series-room"]
    assert conflict.lines("en")[1] == (
        "  the 3 meetings of series '审' must share one room and need 9 hours in all, and A, B offer no more than"
        " 8 hours of working time each"
    )
    assert conflict.lines("zh")[1] == (
        "  系列“审”的 3 个会议须在同一会议室举行，共需 9 小时，而 A、B 的工作时间各不超过 8 小时"
    )
    _minimal(problem, conflict.instances)


# -- a meeting left no start: minimal only when checked (QA shapes #2) --------------------------------


def test_a_pin_inside_a_busy_time_that_is_not_needed_is_left_out():
    """QA shapes x1: 丙's two half-hour meetings, 丙 busy 8:00-9:30 of 8:00-10:00, one pinned at 8:00.
    solve named the busy time and the pin, "without any one of them the rest could": without the pin
    there is still no timetable. Now solve and explain name the busy time alone."""
    problem = MeetingProblem(
        (Session("方案会", 30, (Attendee("丙"),)), Session("总结会", 30, (Attendee("丙"),))),
        _day((time(8), time(10)), grid=15),
        (Room("一号会议室", 1, 10),),
        people=_people("丙"),
        busy=(Busy("丙", datetime(2025, 7, 15, 8), datetime(2025, 7, 15, 9, 30)),),
        pins=(Pin("方案会", datetime(2025, 7, 15, 8)),),
    )
    result = solve_meetings(problem, time_limit=5)
    assert result.status == "infeasible" and result.conflict is not None
    assert result.conflict.instances == (Instance("unavailable", "丙"),) and result.conflict.minimal
    assert result.conflict == explain_meetings(problem, 5)


def test_a_window_is_not_blamed_when_the_rooms_cannot_hold_the_meetings_anyway():
    """QA shapes x3: 预算会 (not after 8:30) has no start, but without its window the one room cannot
    hold two one-hour meetings in 8:00-9:30 and 10:00-10:30 either: nothing is to blame (solve said the
    window, minimal)."""
    problem = MeetingProblem(
        (
            Session("预算会", 60, (Attendee("甲"),), window=Window(not_after=time(8, 30))),
            Session("规划会", 60, (Attendee("乙"),)),
        ),
        _day((time(8), time(9, 30)), (time(10), time(10, 30))),
        (Room("一号会议室"),),
        people=_people("甲", "乙"),
    )
    for conflict in (solve_meetings(problem, time_limit=5).conflict, explain_meetings(problem, 5)):
        assert conflict is not None and conflict.too_many and conflict.instances == ()
        assert conflict.lines("en")[1].startswith("- 2 meetings do not fit")


def test_a_busy_unit_is_named_alone_when_its_members_meetings_find_no_start():
    """QA shapes fuzz seed 237: 会1 (morning only) has no start for 丁 of 财政局, busy 11:00-11:20; solve
    named the window too, but without it the busy unit alone leaves the one room no two hours."""
    problem = MeetingProblem(
        (
            Session("会1", 60, (Attendee("丁"), Attendee("丙")), seats=1, window=Window(part="morning")),
            Session("会2", 60, (Attendee("丁"), Attendee("财政局")), seats=3, window=Window(not_before=time(10, 30))),
        ),
        _day((time(11), time(13))),
        (Room("R1", 1, 4),),
        people=(Person("丙"), Person("丁", "财政局")),
        units=("财政局",),
        busy=(Busy("财政局", datetime(2025, 7, 15, 11), datetime(2025, 7, 15, 11, 20)),),
    )
    result = solve_meetings(problem, time_limit=5)
    assert result.status == "infeasible" and result.conflict is not None and result.conflict.minimal
    assert result.conflict == explain_meetings(problem, 5)
    _minimal(problem, result.conflict.instances)


# -- a meeting of optional participants only (QA shapes #3) ------------------------------------------


@pytest.mark.serial
def test_a_meeting_with_only_optional_participants_does_not_break_the_explanation():
    """Two pins clash on 甲; 读书会 has only an optional participant. Checking whether each instance is
    needed rebuilt every meeting with its required participants only, and 读书会 was refused as having
    none (ProblemError from solve_meetings and explain_meetings)."""
    problem = MeetingProblem(
        (
            Session("预算会", 60, (Attendee("甲"),)),
            Session("规划会", 60, (Attendee("甲"),)),
            Session("读书会", 60, (Attendee("乙", required=False),)),
        ),
        _day((time(8), time(12))),
        (Room("一号会议室"), Room("二号会议室")),
        people=_people("甲", "乙"),
        pins=(Pin("预算会", datetime(2025, 7, 15, 8)), Pin("规划会", datetime(2025, 7, 15, 8, 30))),
    )
    result = solve_meetings(problem, time_limit=3)
    assert result.status == "infeasible" and result.conflict is not None and result.conflict.minimal
    assert result.conflict.rules() == ["no-double-booking", "pinned"]
    assert result.conflict == explain_meetings(problem, 3)


def _seats_problem() -> MeetingProblem:
    """Three 2-hour meetings only room A seats, 4 working hours: the rooms' count alone shows it."""
    return MeetingProblem(
        tuple(Session(f"大会{k}", 120, (Attendee(p),), seats=8) for k, p in enumerate("甲乙丙")),
        _day((time(8), time(10)), (time(14), time(16)), grid=60),
        (Room("A", 1, 10), Room("B", 1, 4)),
        people=_people("甲", "乙", "丙"),
    )


def test_the_rooms_count_hears_the_deadline():
    """QA qashapes20 F1: the count per set of rooms never looked at ``until`` (the per-participant one
    did): at 3,000 meetings it ran 5 s past a limit of 2. With the deadline already past it leaves the
    clash to the search; with time left it finds it."""
    import time as clock

    from scheduler.meetings.counts import clash
    from scheduler.meetings.prepared import prepare

    prep = prepare(_seats_problem())
    assert clash(prep, clock.perf_counter() - 1) is None
    found = clash(prep, clock.perf_counter() + 60)
    assert found is not None and found.count is not None and found.count.key == "count.rooms"


def test_solve_counts_once_and_explains_from_that_count(monkeypatch):
    """QA qashapes20 F1: ``solve_meetings`` counted, found the clash, threw it away and asked
    ``explain_meetings``, which counted the whole table again (twice 5-8 s at 3,000 meetings). The clash
    found is handed on: one count per call, and the same explanation as ``explain`` gives."""
    from scheduler.meetings import counts, diagnose, planner

    calls: list[float | None] = []
    real = counts.clash

    def counting(prep, until=None):
        calls.append(until)
        return real(prep, until)

    monkeypatch.setattr(planner, "clash", counting)
    monkeypatch.setattr(diagnose, "clash", counting)
    problem = _seats_problem()
    result = solve_meetings(problem, time_limit=5)
    assert result.status == "infeasible" and result.conflict is not None
    assert len(calls) == 1 and calls[0] is not None
    assert result.conflict.rules() == ["room-seats"] and result.conflict.minimal
    assert result.conflict == explain_meetings(problem, 5)


def test_the_count_of_a_participant_compares_each_distinct_cover_once(monkeypatch):
    """QA qashapes20 F1: each meeting's steps were compared with each other set of steps, meeting by
    meeting (3,000 meetings, 800 people: 10 s of CPU). Meetings covering the same steps are compared
    once: 32 half-hour meetings of one person, in two windows, ask at most 2 x 2 questions, and the count
    still finds the 17 morning ones beyond the two mornings (16 hours in all, 8 in the mornings)."""
    from scheduler.meetings import counts
    from scheduler.meetings.prepared import prepare

    asked: list[tuple[int, int]] = []
    real = counts._Starts.within

    def within(self, inner, outer):
        asked.append((inner, outer))
        return real(self, inner, outer)

    monkeypatch.setattr(counts._Starts, "within", within)
    days = Workdays((DAY, date(2025, 7, 16)), ((time(8), time(12)), (time(14), time(18))), 30)
    sessions = tuple(
        Session(f"会{k}", 30, (Attendee("甲"),), window=Window("上午" if k < 17 else "下午")) for k in range(32)
    )
    problem = MeetingProblem(sessions, days, TWO_ROOMS, people=_people("甲"))
    prep = prepare(problem, explaining=True)
    found = counts._short(counts._Starts(prep), list(range(32)), 0, None)
    assert found is not None and found[0] == list(range(17)) and found[1:] == (17, 16)
    assert len(asked) <= 4
    said = counts.clash(prep)
    assert said is not None and said.count is not None and said.count.key == "count.held_only"
    assert said.count.params["said"].params["titles"] == [f"会{k}" for k in range(17)]
