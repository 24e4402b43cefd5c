"""A decline of one meeting binds that meeting alone (QA qacamp24 F10, F11; docs/replies.md, "A meeting
table"): never the participant's other meetings at that time, never a unit's members, and an optional
participant's decline binds nothing. The rule (``unavailable``) keeps it in the solver, the checker,
pins and the replan alike; the rules file carries it as ``[[unavailable]]`` with ``meeting``."""

from __future__ import annotations

from datetime import datetime

import pytest

from scheduler.domain import Room
from scheduler.domain.meetings import Busy, MeetingProblem, Person, Pin, Placement, Plan, Workdays
from scheduler.errors import ProblemError
from scheduler.meetings.check import check_meetings
from scheduler.meetings.replanning import MeetingChanges, replan_meetings
from tests.test_meetings import DAY, HOURS, at, session

ROOMS = (Room("A", 1, 10), Room("B", 1, 10))


def office(*busy: Busy) -> MeetingProblem:
    """专题会25 needs the unit 区财政局; 专题会18 its member 郑处长, at the same hour in another room; 周例会
    needs 赵科员, who is optional in 专题会14 at the same hour as 周例会."""
    return MeetingProblem(
        (
            session("专题会25", 60, "区财政局", "王主任"),
            session("专题会18", 60, "郑处长", "李科长"),
            session("专题会14", 60, "孙科员", optional=("赵科员",)),
            session("周例会", 60, "赵科员", "钱会计"),
        ),
        Workdays((DAY,), HOURS, 30),
        ROOMS,
        people=tuple(Person(p) for p in ("王主任", "李科长", "孙科员", "赵科员", "钱会计"))
        + (Person("郑处长", "区财政局"),),
        units=("区财政局",),
        busy=busy,
    )


PUBLISHED = Plan(
    (
        Placement("专题会25", at(15), "A"),
        Placement("专题会18", at(15), "B"),
        Placement("专题会14", at(8), "A"),
        Placement("周例会", at(8), "B"),
    )
)


def broken(problem: MeetingProblem, plan: Plan = PUBLISHED) -> list[str]:
    return [v.message.text("zh") for v in check_meetings(problem, plan).violations]


def test_a_unit_s_decline_binds_its_meeting_not_its_member_s_meeting_at_that_hour():
    declined = Busy("区财政局", at(15), at(16), meeting="专题会25")
    problem = office(declined)
    assert broken(problem) == ["区财政局 在 3月3日 15:00 不能参加，但必须参加会议“专题会25”"]
    result = replan_meetings(problem, PUBLISHED, time_limit=10, workers=1)
    assert result.plan is not None and check_meetings(problem, result.plan).ok
    assert [m.title for m in result.moves] == ["专题会25"]  # 专题会18 (郑处长, a member) stays


def test_the_same_time_as_the_unit_s_plain_unavailability_still_covers_its_members():
    """The contrast: busy time without ``meeting`` is the unit's (the office closed), members included."""
    problem = office(Busy("区财政局", at(15), at(16)))
    assert len(broken(problem)) == 2
    result = replan_meetings(problem, PUBLISHED, time_limit=10, workers=1)
    assert sorted(m.title for m in result.moves) == ["专题会18", "专题会25"]


def test_an_optional_participant_s_decline_moves_none_of_their_required_meetings():
    problem = office(Busy("赵科员", at(8), at(9), meeting="专题会14"))
    assert broken(problem) == []
    assert problem.declined_steps == {}  # optional in 专题会14: nothing to keep away
    result = replan_meetings(problem, PUBLISHED, time_limit=10, workers=1)
    assert result.moves == ()
    # the same decline as plain busy time moved the meeting he goes to (the finding)
    plain = office(Busy("赵科员", at(8), at(9)))
    assert [m.title for m in replan_meetings(plain, PUBLISHED, time_limit=10, workers=1).moves] == ["周例会"]


def test_a_pin_over_a_declined_time_is_refused_for_that_meeting_only():
    problem = office(Busy("区财政局", at(15), at(16), meeting="专题会25"))
    with_pins = MeetingChanges(pins=(Pin("专题会18", at(15), "B"), Pin("专题会25", at(15, 30), "A")))
    result = replan_meetings(problem, PUBLISHED, with_pins, time_limit=10, workers=1)
    assert result.plan is None  # 专题会25 over the hour 区财政局 declined
    fine = MeetingChanges(pins=(Pin("专题会18", at(15), "B"),))
    result = replan_meetings(problem, PUBLISHED, fine, time_limit=10, workers=1)
    assert result.plan is not None and [m.title for m in result.moves] == ["专题会25"]


def test_a_decline_naming_no_meeting_of_the_problem_is_refused():
    with pytest.raises(ProblemError, match="专题会99"):
        office(Busy("区财政局", at(15), at(16), meeting="专题会99"))


def test_the_rules_file_reads_a_decline_of_one_meeting(tmp_path):
    """``[[unavailable]]`` with ``meeting``: the decline as ``reschedule --from-replies --out`` writes it;
    a title the table lacks is one line naming the entry's key."""
    from tests.test_cli import run  # the command line, as the office runs it

    folder = tmp_path / "m"
    assert run("example", "--meetings", "--out", str(folder)).exit_code == 0
    table = next(folder.glob("*.csv"))
    rules = next(p for p in folder.glob("*.toml"))
    base = rules.read_text(encoding="utf-8")
    entry = '\n[[unavailable]]\nunit = "区财政局"\nmeeting = "{}"\ntimes = ["7月16日"]\nreason = "审计"\n'
    rules.write_text(base + entry.format("季度检查培训"), encoding="utf-8")
    assert run("solve", str(table), "--time-limit", "10").exit_code == 0
    rules.write_text(base + entry.format("没有这个会"), encoding="utf-8")
    bad = run("solve", str(table), "--time-limit", "10")
    assert bad.exit_code == 2 and "meeting" in bad.output and "没有这个会" in bad.output
    assert "Traceback" not in bad.output


def test_busy_of_one_meeting_is_kept_by_its_kind_check():
    with pytest.raises(ProblemError):
        Busy("甲", datetime(2025, 3, 3, 8), datetime(2025, 3, 3, 9), meeting=1)  # type: ignore[arg-type]
