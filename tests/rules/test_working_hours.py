"""working-hours alone: sessions start on the grid inside one working period, never across a break."""

from __future__ import annotations

from scheduler.rules.registry import rule
from scheduler.rules.values import PlanView
from tests.rules.meeting_helpers import FRAME, alone, at, broken, meetings, plan, session, solution

RULE = rule("working-hours")


def test_a_meeting_longer_than_any_period_has_no_place():
    problem = meetings(session("太长", 300))  # 5 hours: each period is 4
    assert alone(problem, RULE) == ("INFEASIBLE", "INFEASIBLE")  # by construction: the frame holds it
    assert solution(meetings(session("长会", 240)), FRAME).placements[0].start in (at(8), at(14))


def test_checker_names_a_meeting_across_the_break_and_one_off_the_grid():
    problem = meetings(session("评审", 90), session("短会", 30, "乙"))
    assert broken(RULE, problem, plan(("评审", at(11), "A"), ("短会", at(8, 10), "A"))) == [
        "meeting '短会' starts at Mar 3 8:10, off the 30-minute grid  [rule working-hours: meetings start on"
        " the grid inside working hours, never across a break or a day]",
        "meeting '评审' at Mar 3 11:00-12:30: a 90-minute meeting from 11:00 ends at 12:30, running into the break"
        " (12:00-14:00)"
        "  [rule working-hours: meetings start on the grid inside working hours, never across a break or a day]",
    ]
    assert broken(RULE, problem, plan(("评审", at(10, 30), "A"), ("短会", at(17, 30), "A"))) == []


def test_each_way_out_of_the_working_periods_is_said_as_itself():
    """QA timecal14 M2: four faults had one sentence, 'outside hours or across a break'. Periods 8:00-12:00
    and 14:00-18:00 (the helpers'), a one-hour meeting each."""
    problem = meetings(*(session(t, 60, "甲") for t in ("午休会", "跨午会", "晚会", "早会", "拖堂会")))
    found = broken(
        RULE,
        problem,
        plan(("午休会", at(12), "A"), ("跨午会", at(11, 30), "A"), ("晚会", at(19), "A"), ("早会", at(7, 30), "A"),
             ("拖堂会", at(17, 30), "A")),
    )  # fmt: skip
    said = sorted(line.split("  [rule")[0] for line in found)
    assert said == [
        "meeting '午休会' at Mar 3 12:00-13:00: 12:00 is inside the break (12:00-14:00)",
        "meeting '拖堂会' at Mar 3 17:30-18:30: a 60-minute meeting from 17:30 ends at 18:30, past the end of"
        " working hours at 18:00",
        "meeting '早会' at Mar 3 7:30-8:30: 7:30 is before working hours begin at 8:00",
        "meeting '晚会' at Mar 3 19:00-20:00: at 19:00 working hours are over (they end at 18:00)",
        "meeting '跨午会' at Mar 3 11:30-12:30: a 60-minute meeting from 11:30 ends at 12:30, running into the break"
        " (12:00-14:00)",
    ]


def test_a_meeting_at_the_days_end_and_one_off_the_grid_past_it_are_said_as_they_are():
    """QA jobs16 F8: a meeting starting at 18:00, the end, was '18:00 after the end (18:00)'; one off the
    grid that also runs past the end was told only the grid."""
    problem = meetings(session("收尾会", 30, "甲"), session("加会", 30, "乙"), session("短会", 30, "丙"))
    found = broken(RULE, problem, plan(("收尾会", at(18), "A"), ("加会", at(17, 50), "A"), ("短会", at(8, 10), "A")))
    said = sorted(line.split("  [rule")[0] for line in found)
    assert said == [
        "meeting '加会' starts at Mar 3 17:50, off the 30-minute grid; and a 30-minute meeting from 17:50 ends at"
        " 18:20, past the end of working hours at 18:00",
        "meeting '收尾会' at Mar 3 18:00-18:30: at 18:00 working hours are over (they end at 18:00)",
        "meeting '短会' starts at Mar 3 8:10, off the 30-minute grid",
    ]
    chinese = [v.text("zh").split("  [")[0] for v in RULE.check_plan(PlanView(problem, plan(("收尾会", at(18), "A"))))]
    assert chinese == ["会议“收尾会”安排在 3月3日 18:00—18:30：18:00 开始时工作时间已结束（18:00）"]
