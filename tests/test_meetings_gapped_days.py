"""Meeting days with gaps between them (a weekend, a holiday): the usual office week.

The clock axis counts calendar days from the first meeting day, so a weekend between two meeting
days is a stretch of steps with no working time. Every part (the greedy's board, busy times, the
checker, the model, explain, replanning, alternatives, invites, the CLI) must index it the same
way; the board once sized its arrays by the number of meeting days and crashed past a gap, and busy
times past a gap were silently dropped.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime, time
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.domain import Room
from scheduler.domain.meetings import Busy, MeetingProblem, Person, Pin, Placement, Plan, Session, Window, Workdays
from scheduler.errors import ProblemError
from scheduler.meetings.check import check_meetings
from scheduler.meetings.choices import meeting_alternatives
from scheduler.meetings.diagnose import explain_meetings
from scheduler.meetings.greedy import greedy
from scheduler.meetings.planner import solve_meetings
from scheduler.meetings.prepared import prepare
from scheduler.meetings.replanning import MeetingChanges, replan_meetings
from scheduler.meetings.terms import DEFAULT
from tests.rules.meeting_helpers import session

ROOT = Path(__file__).resolve().parent.parent
HOURS = ((time(8), time(12)), (time(14), time(18)))
FRI, MON = date(2025, 3, 7), date(2025, 3, 10)
WEEKEND = (FRI, MON)
GAPS = (date(2025, 3, 3), date(2025, 3, 5), date(2025, 3, 7), date(2025, 3, 11), date(2025, 3, 21))
TWO_ROOMS = (Room("A", 1, 10), Room("B", 1, 10))


def on(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def problem(days: tuple[date, ...], *sessions: Session, **more: object) -> MeetingProblem:
    people = tuple(Person(p) for p in ("甲", "乙", "丙"))
    rooms = more.pop("rooms", TWO_ROOMS)
    return MeetingProblem(sessions, Workdays(days, HOURS, 30), rooms, people=people, **more)  # type: ignore[arg-type]


def solved(p: MeetingProblem) -> Plan:
    result = solve_meetings(p, DEFAULT, time_limit=10, workers=1)
    assert result.plan is not None, result.status
    report = check_meetings(p, result.plan)
    assert report.ok, report.lines("en")
    assert report.score == result.score
    return result.plan


def test_the_clock_axis_covers_calendar_days_and_busy_time_past_a_gap_is_kept():
    days = Workdays(WEEKEND, HOURS, 30)
    assert days.horizon == 4 * 48  # Fri, Sat, Sun, Mon
    assert days.moment(days.steps[-1]) == on(MON, 17, 30)
    p = problem(WEEKEND, session("例会", 60, "甲"), busy=(Busy("甲", on(MON, 8), on(MON, 9)),))
    assert p.busy_steps["甲"] == frozenset(range(3 * 48 + 16, 3 * 48 + 18))


def test_one_meeting_over_a_weekend_solves():
    p = problem(WEEKEND, session("周例会", 60, "甲"))
    assert solved(p).placements[0].start == on(FRI, 8)


def test_meetings_pushed_past_the_weekend_keep_every_rule():
    # 甲 is away all Friday: both 甲 meetings go to Monday, one after the other; 乙's stays on Friday.
    p = problem(
        WEEKEND,
        session("预算会", 120, "甲", "乙"),
        session("规划会", 120, "甲"),
        session("碰头会", 60, "乙"),
        busy=(Busy("甲", on(FRI, 0), on(FRI, 23)), Busy("乙", on(MON, 8), on(MON, 10))),
        gap=30,
    )
    starts = {pl.title: pl.start for pl in solved(p).placements}
    assert starts["碰头会"] is not None and starts["碰头会"].date() == FRI
    assert {starts["预算会"], starts["规划会"]} <= {on(MON, h, m) for h in range(8, 18) for m in (0, 30)}
    assert starts["预算会"] is not None and starts["预算会"] >= on(MON, 10)  # 乙 is busy until 10:00


def test_several_gaps_the_greedy_and_the_solver_agree_with_the_checker():
    sessions = [session(f"会{k}", 60 * (1 + k % 3), ("甲", "乙", "丙")[k % 3]) for k in range(12)]
    busy = tuple(Busy(p, on(d, 8), on(d, 18)) for p, d in (("甲", GAPS[0]), ("乙", GAPS[2]), ("丙", GAPS[3])))
    windows = {"会0": Window(not_before=on(GAPS[-1], 9)), "会4": Window("afternoon")}
    sessions = [Session(s.title, s.minutes, s.attendees, window=windows.get(s.title, Window())) for s in sessions]
    pins = (Pin("会5", on(GAPS[1], 14), "B"),)
    p = problem(GAPS, *sessions, busy=busy, pins=pins)
    found = greedy(prepare(p), DEFAULT)
    assert found is not None
    starts, rooms = found
    greedy_plan = Plan(
        tuple(Placement(s.title, p.workdays.moment(starts[i]), rooms[i]) for i, s in enumerate(p.sessions))
    )
    assert check_meetings(p, greedy_plan).ok
    plan = solved(p)
    by_title = plan.by_title()
    assert by_title["会0"].start is not None and by_title["会0"].start >= on(GAPS[-1], 9)
    assert by_title["会5"].start == on(GAPS[1], 14)
    assert all(pl.start is not None and pl.start.date() in GAPS for pl in plan.placements)


def test_the_checker_sees_busy_time_and_days_off_past_a_gap():
    p = problem(WEEKEND, session("周例会", 60, "甲"), busy=(Busy("甲", on(MON, 8), on(MON, 12)),))
    busy = check_meetings(p, Plan((Placement("周例会", on(MON, 9), "A"),)))
    assert {v.rule for v in busy.violations} == {"unavailable"}
    saturday = check_meetings(p, Plan((Placement("周例会", on(date(2025, 3, 8), 9), "A"),)))
    assert {v.rule for v in saturday.violations} == {"working-hours"}
    assert check_meetings(p, Plan((Placement("周例会", on(MON, 14), "A"),))).ok


def test_explain_names_the_busy_time_past_a_gap():
    p = problem(
        WEEKEND,
        session("预算会", 240, "甲"),
        session("规划会", 240, "甲"),
        session("例会", 240, "甲"),
        session("碰头会", 240, "甲"),
        busy=(Busy("甲", on(MON, 8), on(MON, 9)),),
    )
    conflict = explain_meetings(p, 10)
    assert conflict is not None and "unavailable" in conflict.rules()
    assert solve_meetings(p, time_limit=10).status == "infeasible"


def test_replanning_and_alternatives_over_a_weekend():
    p = problem(WEEKEND, session("预算会", 60, "甲", "乙"), session("规划会", 60, "乙"), rooms=TWO_ROOMS[:1])
    published = Plan((Placement("预算会", on(MON, 8), "A"), Placement("规划会", on(MON, 9), "A")))
    assert check_meetings(p, published).ok
    result = replan_meetings(p, published, MeetingChanges(busy=(Busy("甲", on(MON, 8), on(MON, 9)),)), time_limit=10)
    assert result.plan is not None and result.status == "optimal"
    moved = {pl.title: pl.start for pl in result.plan.placements}
    assert moved["规划会"] == on(MON, 9) and moved["预算会"] not in (on(MON, 8), on(MON, 9))
    found = meeting_alternatives(problem(WEEKEND, session("甲会", 60, "甲")), DEFAULT, count=3, time_limit=10)
    assert found.count == 1 and found.complete


def test_unsorted_days_are_refused_by_the_library():
    with pytest.raises(ProblemError):
        Workdays((MON, FRI), HOURS, 30)


# -- the command line, on the shipped example with gapped and unsorted days


def gapped_example(folder: Path, days: str) -> Path:
    for name in ("meetings_2025.csv", "people_2025.csv"):
        shutil.copy(ROOT / "examples" / name, folder / name)
    rules = (ROOT / "examples" / "meetings_2025.toml").read_text(encoding="utf-8")
    start = rules.index("\ndays = ")
    end = rules.index("\n", start + 1)
    (folder / "meetings_2025.toml").write_text(rules[:start] + f"\ndays = {days}" + rules[end:], encoding="utf-8")
    return folder / "meetings_2025.csv"


def run(*args: str):
    return CliRunner().invoke(
        main, ["--lang", "en", *args], env={"DOCKING_LANG": None, "SOURCE_DATE_EPOCH": "1751500800"}
    )


@pytest.mark.parametrize(
    "days",
    [
        '["2025-07-17", "2025-07-18", "2025-07-21"]',  # Thu, Fri, Mon
        '["2025-07-15", "2025-07-18"]',
        '["2025-07-21", "2025-07-15", "2025-07-18", "2025-08-04"]',  # unsorted, gaps of 3, 3 and 14 days
    ],
)
def test_every_command_runs_on_the_example_with_gapped_days(tmp_path, days):
    table = gapped_example(tmp_path, days)
    out = tmp_path / "out"
    solve = run("solve", str(table), "--out", str(out), "--time-limit", "5")
    assert solve.exit_code == 0, solve.output
    assert run("validate", str(out / "timetable.csv")).exit_code == 0
    assert run("explain", str(table), "--time-limit", "5").exit_code == 0
    assert run("solve", str(table), "--alternatives", "2", "--time-limit", "5").exit_code == 0
    ics = run("ics", str(out / "timetable.csv"), "--out", str(out / "invites"))
    assert ics.exit_code == 0, ics.output
    assert len(list((out / "invites").rglob("*.ics"))) > 8
    rescheduled = run(
        "reschedule",
        str(out / "timetable.csv"),
        "--unavailable",
        "李科长@7月18日上午",
        "--out",
        str(out),
        "--time-limit",
        "5",
    )
    assert rescheduled.exit_code == 0, rescheduled.output
    assert "Traceback" not in solve.output + rescheduled.output
