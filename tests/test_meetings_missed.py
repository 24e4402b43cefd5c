"""Where a valid meeting timetable's medium points come from (docs/meetings.md, "From the command line"):
each optional participant who misses part of a meeting, when and why, in zh and en; the parts' steps add
up to the ``optional-conflicts`` term (the medium score under the default objective) on generated
tables, on the worked example and on a case with a busy optional person; at most 20 lines then how many
more; printed by ``validate`` and shown on the web page's check."""

from __future__ import annotations

import random
import shutil
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.domain import Room
from scheduler.domain.meetings import Attendee, Busy, MeetingProblem, Person, Placement, Plan, Session, Workdays
from scheduler.files.meeting_files import load_meetings
from scheduler.invites.campaigns import full_plan
from scheduler.meetings.check import check_meetings
from scheduler.meetings.missed import MissedPart, missed_lines, missed_parts
from scheduler.meetings.terms import DEFAULT, TIMEFOLD, Term

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DAY = date(2025, 3, 3)
PEOPLE = ("甲", "乙", "丙", "丁")

# The worked example's optimum (medium 0), then with two meetings moved by hand: 网站栏目设置讨论 onto
# 标准目录审核（三） (李科长 is optional at the first, required at the second) and 检查方案碰头会 onto 7月16日,
# the day 周工程师 (optional there) is unavailable. The timetable still keeps every rule.
OPTIMUM = {
    "标准目录审核（三）": ("2025-07-15 08:00", "301小会议室"),
    "网站栏目设置讨论": ("2025-07-15 09:30", "420会议室"),
    "季度检查培训": ("2025-07-15 10:30", "大会议室"),
    "检查方案碰头会": ("2025-07-15 15:00", "大会议室"),
    "答疑会": ("2025-07-15 16:00", "420会议室"),
    "标准目录审核（二）": ("2025-07-15 17:15", "301小会议室"),
    "标准目录审核（一）": ("2025-07-16 08:00", "301小会议室"),
    "政务公开工作推进会": ("2025-07-16 09:45", "大会议室"),
}
MOVED = {
    **OPTIMUM,
    "网站栏目设置讨论": ("2025-07-15 08:30", "420会议室"),
    "检查方案碰头会": ("2025-07-16 15:00", "大会议室"),
}


def example(folder: Path, times: dict[str, tuple[str, str]]) -> Path:
    """The worked example in ``folder`` with 时间 and 会议室 filled in from ``times``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("meetings_2025.toml", "people_2025.csv"):
        shutil.copy(EXAMPLES / name, folder / name)
    lines = (EXAMPLES / "meetings_2025.csv").read_text(encoding="utf-8").splitlines()
    out = [lines[0] + ",时间,会议室"]
    for line in lines[1:]:
        title = line.split(",")[1]
        out.append(line + ",{},{}".format(*times[title]))
    (folder / "meetings_2025.csv").write_text("\n".join(out) + "\n", encoding="utf-8")
    return folder / "meetings_2025.csv"


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], env={"DOCKING_LANG": None})


def generated(seed: int) -> tuple[MeetingProblem, Plan]:
    """A random problem with optional people, a unit whose busy time covers its member, busy stretches
    with holes, and a random (not necessarily valid) placement of every meeting inside working hours."""
    rnd = random.Random(seed)
    workdays = Workdays((DAY, DAY + timedelta(days=1)), ((time(8), time(12)), (time(14), time(17))), 15)
    sessions = []
    for k in range(rnd.randint(3, 9)):
        people = rnd.sample((*PEOPLE, "乙局"), rnd.randint(1, 4))
        required = set(people[: rnd.randint(0, len(people) - 1)] or people[:1])
        attendees = tuple(Attendee(p, p in required) for p in people)
        sessions.append(Session(f"会{k}", 15 * rnd.randint(1, 8), attendees))
    busy = []
    for who in rnd.sample((*PEOPLE, "乙局"), 2):
        at = datetime.combine(DAY + timedelta(days=rnd.randint(0, 1)), time(rnd.randint(8, 15), 15 * rnd.randint(0, 3)))
        busy.append(Busy(who, at, at + timedelta(minutes=15 * rnd.randint(1, 6))))
    people = tuple(Person(p, "乙局" if p == "乙" else "") for p in PEOPLE)
    problem = MeetingProblem(tuple(sessions), workdays, (Room("R"),), people, ("乙局",), tuple(busy))
    plan = []
    for s in sessions:
        start = rnd.choice(workdays.starts(problem.length(s)))
        plan.append(Placement(s.title, workdays.moment(start), "R"))
    return problem, Plan(tuple(plan))


@pytest.mark.parametrize("seed", range(40))
def test_the_parts_add_up_to_the_optional_conflicts_term_on_generated_tables(seed):
    problem, plan = generated(seed)
    parts = missed_parts(problem, plan)
    report = check_meetings(problem, plan, DEFAULT)
    assert sum(p.steps for p in parts) == report.terms["optional-conflicts"] == report.score["medium"]
    assert sum(p.steps for p in parts) == check_meetings(problem, plan, TIMEFOLD).terms["optional-conflicts"]
    busy = problem.busy_steps
    for p in parts:
        session = problem.session(p.meeting)
        assert p.person in session.optional or (p.other and p.person in problem.session(p.other).optional)
        first, last = problem.workdays.step(p.start), problem.workdays.step(p.end)
        assert last - first == p.steps > 0
        if not p.other:  # unavailable: every step of the part is busy, and the person is optional there
            assert p.person in session.optional and all(t in busy[p.person] for t in range(first, last))


def test_no_one_misses_anything_on_the_examples_optimum(tmp_path):
    loaded = load_meetings(example(tmp_path, OPTIMUM))
    report = check_meetings(loaded.problem, full_plan(loaded), loaded.objective)
    assert report.ok and report.score["medium"] == 0
    assert missed_parts(loaded.problem, full_plan(loaded)) == ()
    assert missed_lines((), loaded.problem, loaded.objective) == []


def test_the_moved_example_names_who_misses_what_and_why(tmp_path):
    loaded = load_meetings(example(tmp_path, MOVED))
    plan = full_plan(loaded)
    report = check_meetings(loaded.problem, plan, loaded.objective)
    parts = missed_parts(loaded.problem, plan)
    assert report.ok and report.score["medium"] == 7 == sum(p.steps for p in parts)
    at, until = datetime(2025, 7, 15, 8, 30), datetime(2025, 7, 15, 9, 30)
    busy, free = datetime(2025, 7, 16, 15), datetime(2025, 7, 16, 15, 45)
    assert parts == (
        MissedPart("李科长", "网站栏目设置讨论", at, until, 4, "标准目录审核（三）"),
        MissedPart("周工程师", "检查方案碰头会", busy, free, 3),  # no other meeting: unavailable then
    )
    said = [m.text("zh") for m in missed_lines(parts, loaded.problem, loaded.objective)]
    assert said == [
        "可选参会人员未能全程参加（每缺席 15 分钟：中 1 分）：",
        "  李科长 缺席“网站栏目设置讨论”7月15日 8:30—9:30（60 分钟）：同时在“标准目录审核（三）”",
        "  周工程师 缺席“检查方案碰头会”7月16日 15:00—15:45（45 分钟）：该时间不可参加",
    ]


def test_validate_prints_the_parts_in_both_languages(tmp_path):
    table = example(tmp_path, MOVED)
    chinese = run("validate", table)
    assert chinese.exit_code == 0, chinese.output
    assert chinese.output.splitlines()[1:] == [
        "得分（越低越好）：中 7；软 219",
        "可选参会人员未能全程参加（每缺席 15 分钟：中 1 分）：",
        "  李科长 缺席“网站栏目设置讨论”7月15日 8:30—9:30（60 分钟）：同时在“标准目录审核（三）”",
        "  周工程师 缺席“检查方案碰头会”7月16日 15:00—15:45（45 分钟）：该时间不可参加",
    ]
    english = run("validate", table, "--lang", "en")
    assert english.output.splitlines()[2:] == [
        "Optional participants who miss part of a meeting (medium 1 per 15 minutes missed):",
        "  李科长 misses Jul 15 8:30–9:30 of '网站栏目设置讨论' (60 min): in '标准目录审核（三）' at that time",
        "  周工程师 misses Jul 16 15:00–15:45 of '检查方案碰头会' (45 min): unavailable at that time",
    ]
    optimum = run("validate", example(tmp_path / "optimum", OPTIMUM))
    assert optimum.output.splitlines()[1:] == ["得分（越低越好）：中 0；软 191"]  # nothing missed: nothing more


def test_at_most_twenty_lines_then_how_many_more():
    workdays = Workdays((DAY,), ((time(8), time(18)),), 15)
    people = tuple(Person(f"人{k}") for k in range(25))
    sessions = (
        Session("大会", 60, (Attendee("甲"), *(Attendee(p.name, False) for p in people))),
        Session("小会", 60, tuple(Attendee(p.name) for p in people)),
    )
    problem = MeetingProblem(sessions, workdays, (Room("R", 2),), (Person("甲"), *people))
    plan = Plan((Placement("大会", datetime(2025, 3, 3, 9), "R"), Placement("小会", datetime(2025, 3, 3, 9), "R")))
    parts = missed_parts(problem, plan)
    assert len(parts) == 25 and sum(p.steps for p in parts) == check_meetings(problem, plan).score["medium"]
    said = [m.text("en") for m in missed_lines(parts, problem, DEFAULT)]
    assert len(said) == 22 and said[-1] == "  … and 5 more"
    assert [m.text("zh") for m in missed_lines(parts, problem, DEFAULT, limit=3)][-1] == "  ……另有 22 条"
    weighed = missed_lines(parts, problem, (Term("optional-conflicts", "soft", 10),))[0].text("en")
    assert weighed == "Optional participants who miss part of a meeting (soft 10 per 15 minutes missed):"
    unscored = missed_lines(parts, problem, (Term("early"),))[0].text("zh")
    assert unscored == "可选参会人员未能全程参加（不计分）："


def test_a_meeting_without_a_time_has_no_parts():
    problem, plan = generated(1)
    first = plan.placements[0]
    assert missed_parts(problem, Plan((Placement(first.title, None, "R"), *plan.placements[1:]))) == ()


def test_the_web_page_shows_the_parts_with_its_check(tmp_path):
    from scheduler.web.meeting_views import meeting_project_data

    loaded = load_meetings(example(tmp_path, MOVED))
    data = meeting_project_data(loaded, "v", "zh", can_undo=False)
    assert data["violations"] == [] and data["score"] == ["得分（越低越好）：中 7；软 219"]
    assert data["missed"] == [
        "可选参会人员未能全程参加（每缺席 15 分钟：中 1 分）：",
        "李科长 缺席“网站栏目设置讨论”7月15日 8:30—9:30（60 分钟）：同时在“标准目录审核（三）”",
        "周工程师 缺席“检查方案碰头会”7月16日 15:00—15:45（45 分钟）：该时间不可参加",
    ]


def test_the_docs_examples_are_what_validate_prints(tmp_path):
    printed = run("validate", example(tmp_path, MOVED)).output.splitlines()
    meetings = (ROOT / "docs" / "meetings.md").read_text(encoding="utf-8")
    block = meetings.split("  ```text\n")[1].split("  ```")[0]  # the one text block, indented in its bullet
    assert [x[2:] for x in block.splitlines()] == printed
    cli = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8").splitlines()
    first = cli.index("    时间表满足全部规则（8 个会议，3 个会议室）")
    assert [x[4:] for x in cli[first : first + len(printed)]] == printed
