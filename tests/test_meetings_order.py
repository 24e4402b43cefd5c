"""meeting-order (``[[links]]`` of a meeting table): a meeting starts only after the one it follows has ended.

The solver (time-indexed and light models), the greedies, the checker and the explainer are held
together by brute force on tiny problems over two days with links (a gap, the same day); the
checker's sentences are asserted exactly; a circle of links is refused when the problem is made.
"""

import csv
import io
import itertools
import random
import re
import shutil
import tomllib
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.cli.main import main
from scheduler.domain import Room
from scheduler.domain.meetings import (
    Attendee,
    Busy,
    Link,
    MeetingProblem,
    Person,
    Pin,
    Placement,
    Plan,
    Session,
    Workdays,
)
from scheduler.errors import ProblemError
from scheduler.meetings.check import check_meetings, keeps_rules, plan_of
from scheduler.meetings.counts import clash
from scheduler.meetings.diagnose import explain_meetings
from scheduler.meetings.engine import run
from scheduler.meetings.greedy import greedy, packed
from scheduler.meetings.model import MeetingModel
from scheduler.meetings.order import Order
from scheduler.meetings.planner import solve_meetings
from scheduler.meetings.prepared import prepare
from scheduler.meetings.replanning import replan_meetings
from scheduler.meetings.rooms import number_rooms
from scheduler.meetings.terms import DEFAULT, LEVELS, TIMEFOLD, Term
from tests.test_meetings_properties import brute

DAYS = (date(2025, 3, 3), date(2025, 3, 4))
PEOPLE = ("甲", "乙", "丙")


def tiny(rnd: random.Random) -> MeetingProblem:
    rooms = tuple(Room(f"R{k}", 1) for k in range(rnd.randint(1, 2)))
    sessions = []
    for k in range(rnd.randint(2, 3)):
        people = rnd.sample(PEOPLE, rnd.randint(1, 2))
        sessions.append(Session(f"会{k}", rnd.choice((30, 60)), tuple(Attendee(p) for p in people)))
    titles = [s.title for s in sessions]
    links = []
    pairs = list(itertools.combinations(titles, 2))
    for a, b in rnd.sample(pairs, rnd.randint(1, min(2, len(pairs)))):
        first, then = (a, b) if rnd.random() < 0.5 else (b, a)
        links.append(Link(first, then, rnd.choice((0, 0, 30, 60)), rnd.random() < 0.4))
    problem = MeetingProblem(
        tuple(sessions),
        Workdays(DAYS, ((time(9), time(10, 30)),), 30),
        rooms,
        people=tuple(Person(p) for p in PEOPLE),
        links=tuple(links),
    )
    if rnd.random() < 0.3:  # a pin may make the order impossible
        s = rnd.choice(sessions)
        problem = problem.replace(pins=(Pin(s.title, datetime(2025, 3, 3, 9)),))
    return problem


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), timefold=st.booleans())
def test_solver_checker_and_explainer_agree_with_brute_force_on_links(seed, timefold):
    problem = tiny(random.Random(seed))
    objective = TIMEFOLD if timefold else DEFAULT
    expected = brute(problem, objective)
    result = solve_meetings(problem, objective, time_limit=10, workers=1)
    if expected is None:
        assert result.status == "infeasible"
        conflict = explain_meetings(problem, 10)
        assert conflict is not None
        if brute(problem.replace(links=()), objective) is not None:  # the links are part of the clash
            assert any(inst.rule == "meeting-order" for inst in conflict.instances), conflict
        return
    assert result.plan is not None
    report = check_meetings(problem, result.plan, objective)
    assert report.ok, report.lines("en")
    assert tuple(report.score.get(level, 0) for level in LEVELS) == expected
    assert result.status == "optimal"
    assert explain_meetings(problem, 10) is None


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6))
def test_the_light_model_and_the_greedies_keep_the_links(seed):
    problem = tiny(random.Random(seed)).replace(pins=())
    feasible = brute(problem, DEFAULT) is not None
    prep = prepare(problem)
    light = MeetingModel(prep).build((), indexed=False)
    out = run(light.cp, 10, 1)
    assert out.has_solution == feasible
    if out.has_solution:
        starts, classes = light.light_placed(out.values)
        assert keeps_rules(problem, plan_of(problem, starts, number_rooms(prep, starts, classes)))
    for found in (packed(prep), greedy(prep, DEFAULT, rounds=5)):
        if found is not None:  # a greedy may find none; what it finds keeps every rule
            assert keeps_rules(problem, plan_of(problem, *found)), check_meetings(
                problem, plan_of(problem, *found)
            ).lines("en")


def chain(links: tuple[Link, ...], days=DAYS) -> MeetingProblem:
    sessions = (
        Session("庭前会议", 60, (Attendee("甲"),)),
        Session("审理", 60, (Attendee("乙"),)),
        Session("宣判", 30, (Attendee("丙"),)),
    )
    return MeetingProblem(
        sessions,
        Workdays(days, ((time(9), time(12)),), 30),
        (Room("R", 1), Room("S", 1)),
        people=tuple(Person(p) for p in PEOPLE),
        links=links,
    )


def at(title: str, hour: int, minute: int = 0, day: int = 3, room: str = "R") -> Placement:
    return Placement(title, datetime(2025, 3, day, hour, minute), room)


@pytest.mark.parametrize(
    ("link", "lang", "said"),
    [
        (
            Link("庭前会议", "审理", 30),
            "zh",
            "会议“审理”须在“庭前会议”结束之后开始（至少间隔 30 分钟），"
            "现安排在 3月3日 10:00（“庭前会议”3月3日 10:00 结束）",
        ),
        (
            Link("庭前会议", "审理", 30),
            "en",
            "meeting '审理' must start after '庭前会议' ends (at least 30 minutes later); it is at Mar 3 10:00"
            " ('庭前会议' ends Mar 3 10:00)",
        ),
        (Link("庭前会议", "审理"), "zh", None),  # right after the end: kept
        (
            Link("庭前会议", "审理", same_day=True),
            "zh",
            "会议“审理”须在“庭前会议”结束之后开始（同一天），现安排在 3月4日 10:00（“庭前会议”3月3日 10:00 结束）",
        ),
    ],
)
def test_the_checker_names_a_broken_order_in_plain_words(link, lang, said):
    problem = chain((link,))
    day = 4 if link.same_day else 3
    plan = Plan((at("庭前会议", 9), at("审理", 10, day=day, room="S"), at("宣判", 11)))
    report = check_meetings(problem, plan)
    if said is None:
        assert report.ok
        return
    assert report.rules_broken() == ["meeting-order"]
    assert report.lines(lang)[0].split("  [")[0] == said


def test_a_chain_longer_than_a_day_is_explained_by_its_links():
    links = (Link("庭前会议", "审理", 60, True), Link("审理", "宣判", 30, True))
    problem = chain(links, days=DAYS[:1])  # 60 + 60 + 60 + 30 + 30 = 240 minutes in a 180-minute day
    result = solve_meetings(problem, DEFAULT, time_limit=10, workers=1)
    assert result.status == "infeasible"
    assert result.conflict is not None
    lines = result.conflict.lines("zh")
    assert any("会议“审理”须在“庭前会议”结束之后开始（同一天，至少间隔 60 分钟）" in line for line in lines), lines
    assert any("会议“宣判”须在“审理”结束之后开始（同一天，至少间隔 30 分钟）" in line for line in lines), lines
    # on two days, without "the same day", it fits: the solver and the greedy both keep the order
    loose = chain((Link("庭前会议", "审理", 60), Link("审理", "宣判", 30)))
    found = solve_meetings(loose, DEFAULT, time_limit=10, workers=1)
    assert found.plan is not None and check_meetings(loose, found.plan).ok
    assert found.status == "optimal"


def test_a_circle_of_links_is_refused_naming_it():
    with pytest.raises(ProblemError) as caught:
        chain((Link("庭前会议", "审理"), Link("审理", "宣判"), Link("宣判", "庭前会议")))
    assert caught.value.message.text("zh") == "会议先后顺序构成循环，无法安排：庭前会议 → 审理 → 宣判 → 庭前会议"
    with pytest.raises(ProblemError):
        Link("审理", "审理")
    with pytest.raises(ProblemError):
        chain((Link("庭前会议", "没有"),))


# -- through the command line -----------------------------------------------------------------------

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
DOCS = Path(__file__).resolve().parent.parent / "docs" / "meetings.md"
LINKS = "\n" + re.search(r"### Meetings in order.*?```toml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)[1]
"""The worked example of docs/meetings.md ("Meetings in order"), as written there."""


def cli(*args: object):
    env = {"DOCKING_LANG": None, "SOURCE_DATE_EPOCH": "1751500800"}
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def linked_example(folder: Path, links: str = LINKS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("meetings_2025.csv", "meetings_2025.toml", "people_2025.csv"):
        shutil.copy(EXAMPLES / name, folder / name)
    rules = folder / "meetings_2025.toml"
    rules.write_text(rules.read_text(encoding="utf-8") + links, encoding="utf-8")
    return folder / "meetings_2025.csv"


def table_rows(path: Path) -> dict[str, dict[str, str]]:
    return {r["会议"]: r for r in csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig")))}


def ends_before(rows: dict[str, dict[str, str]], first: str, then: str, gap: int) -> bool:
    a = datetime.fromisoformat(rows[first]["时间"]) + timedelta(minutes=int(rows[first]["时长"].rstrip("分钟") or 0))
    return datetime.fromisoformat(rows[then]["时间"]) >= a + timedelta(minutes=gap)


def test_links_through_solve_validate_reschedule_and_explain(tmp_path):
    table = linked_example(tmp_path / "in")
    out = tmp_path / "out"
    solved = cli("solve", table, "--time-limit", "5", "--out", out)
    assert solved.exit_code == 0, solved.output
    rows = table_rows(out / "timetable.csv")
    a, b = (datetime.fromisoformat(rows[t]["时间"]) for t in ("标准目录审核（一）", "标准目录审核（二）"))
    assert b >= a + timedelta(minutes=90 + 30)
    c, d = (datetime.fromisoformat(rows[t]["时间"]) for t in ("检查方案碰头会", "答疑会"))
    assert d >= c + timedelta(minutes=45) and d.date() == c.date()
    written = tomllib.loads((out / "timetable.toml").read_text(encoding="utf-8"))["links"]
    assert written[1] == {"first": "检查方案碰头会", "then": "答疑会", "same_day": True}
    assert cli("validate", out / "timetable.csv").exit_code == 0

    # a hand-made table breaking the order: told in plain words, exit 1
    broken = tmp_path / "broken"
    shutil.copytree(out, broken)
    (broken / "timetable.xlsx").unlink()
    text = (broken / "timetable.csv").read_bytes().decode("utf-8-sig")
    first, then = rows["标准目录审核（一）"]["时间"], rows["标准目录审核（二）"]["时间"]
    text = text.replace(first, "@A").replace(then, first).replace("@A", then)
    (broken / "timetable.csv").write_bytes(("\ufeff" + text).encode("utf-8"))
    checked = cli("validate", broken / "timetable.csv")
    assert checked.exit_code == 1
    assert "会议“标准目录审核（二）”须在“标准目录审核（一）”结束之后开始（至少间隔 30 分钟）" in checked.output
    assert "[规则 meeting-order:" in checked.output

    # reschedule: a participant of the first meeting away on its day; the order holds after
    folder = tmp_path / "re"
    shutil.copytree(out, folder)
    day = rows["标准目录审核（二）"]["时间"].split()[0]
    moved = cli(
        "reschedule", folder / "timetable.csv", "--unavailable", f"区自然资源局@{day}",
        "--time-limit", "5", "--out", folder,
    )  # fmt: skip
    assert moved.exit_code == 0, moved.output
    after = table_rows(folder / "timetable.csv")
    assert not after["标准目录审核（二）"]["时间"].startswith(day)
    a, b = (datetime.fromisoformat(after[t]["时间"]) for t in ("标准目录审核（一）", "标准目录审核（二）"))
    assert b >= a + timedelta(minutes=120)
    assert cli("validate", folder / "timetable.csv").exit_code == 0
    assert len(tomllib.loads((folder / "timetable.toml").read_text(encoding="utf-8"))["links"]) == 2


def test_a_chain_that_cannot_hold_is_explained_and_a_circle_refused(tmp_path):
    far = LINKS.replace("same_day = true", "same_day = true\ngap_minutes = 600")  # 10 hours later, same day
    table = linked_example(tmp_path / "far", far)
    explained = cli("explain", table, "--time-limit", "10")
    assert explained.exit_code == 1, explained.output
    assert "会议“答疑会”须在“检查方案碰头会”结束之后开始（同一天，至少间隔 600 分钟）" in explained.output
    solved = cli("solve", table, "--time-limit", "5")
    assert solved.exit_code == 1 and "meeting-order" in solved.output
    circle = LINKS + '\n[[links]]\nfirst = "标准目录审核（二）"\nthen = "标准目录审核（一）"\n'
    refused = cli("solve", linked_example(tmp_path / "circle", circle), "--time-limit", "5")
    assert refused.exit_code == 2
    assert refused.output.strip().endswith(
        "会议先后顺序构成循环，无法安排：标准目录审核（一） → 标准目录审核（二） → 标准目录审核（一）"
    ), refused.output


def test_a_link_against_a_pin_is_told_by_counting_before_any_search():
    problem = chain((Link("庭前会议", "审理"),)).replace(pins=(Pin("庭前会议", datetime(2025, 3, 4, 11)),))
    found = clash(prepare(problem))
    assert found is not None
    assert {(i.rule, i.unit) for i in found.instances} == {("meeting-order", "庭前会议"), ("pinned", "庭前会议")}
    result = solve_meetings(problem, DEFAULT, time_limit=10, workers=1)
    assert result.status == "infeasible" and result.conflict is not None
    assert sorted(i.rule for i in result.conflict.instances) == ["meeting-order", "pinned"]
    # the same day: the first meeting's last start on the first day leaves the second none that day
    same = chain((Link("庭前会议", "审理", same_day=True),)).replace(pins=(Pin("庭前会议", datetime(2025, 3, 3, 11)),))
    assert clash(prepare(same)) is not None
    assert clash(prepare(chain((Link("庭前会议", "审理", same_day=True),)))) is None


def test_the_greedy_order_puts_a_chain_together_as_early_as_its_earliest_member():
    """The squeaky wheel puts a linked meeting that found no place first: the meetings it follows go
    first with it, and it right after them (before, it went after every unlinked meeting ranked
    before its predecessor, when their day was full)."""
    problem = chain((Link("庭前会议", "审理"), Link("审理", "宣判")))
    order = Order(problem)
    first, then, last = (problem.index(t) for t in ("庭前会议", "审理", "宣判"))
    assert order.sorted([last, then, first]) == [first, then, last]
    unlinked = problem.replace(
        sessions=(*problem.sessions, Session("其他", 30, (Attendee("甲"),))), links=(Link("庭前会议", "审理"),)
    )
    other = unlinked.index("其他")
    assert Order(unlinked).sorted([then, other, first, last]) == [first, then, other, last]


def test_reschedule_link_on_a_meeting_table_says_where_an_order_is_written(tmp_path):
    table = linked_example(tmp_path / "in", "")
    out = tmp_path / "out"
    assert cli("solve", table, "--time-limit", "3", "--out", out).exit_code == 0
    refused = cli("reschedule", out / "timetable.csv", "--link", "答疑会,检查方案碰头会", "--out", out)
    assert refused.exit_code == 2
    assert "会议的先后顺序请写在规则文件的 [[links]] 中" in refused.output, refused.output


@pytest.mark.parametrize("solver", ["greedy", "model"])
def test_replanning_a_timetable_that_breaks_a_new_link_moves_the_fewest_and_keeps_the_order(solver):
    problem = chain((Link("庭前会议", "审理", 30),))
    published = Plan((at("庭前会议", 10), at("审理", 9, room="S"), at("宣判", 11)))  # made before the link
    assert check_meetings(problem, published).rules_broken() == ["meeting-order"]
    prep = prepare(problem.replace(reference=published))
    if solver == "greedy":  # the replanning's first timetable: the published places kept where the rules allow
        prefer = {i: (problem.workdays.step(p.start), p.room) for i, p in enumerate(published.placements)}
        found = greedy(prep, DEFAULT, rounds=5, prefer=prefer)
        assert found is not None and keeps_rules(problem, plan_of(problem, *found))
        return
    result = replan_meetings(problem, published, time_limit=10, workers=1)
    assert result.plan is not None and check_meetings(problem, result.plan).ok
    assert len(result.moves) == 1  # one of the two linked meetings moves, nothing else


def test_dropping_a_linked_meeting_takes_its_links_with_it(tmp_path):
    table = linked_example(tmp_path / "in")
    out = tmp_path / "out"
    assert cli("solve", table, "--time-limit", "3", "--out", out).exit_code == 0
    dropped = cli(
        "reschedule", out / "timetable.csv", "--drop", "答疑会", "--time-limit", "3", "--out", out, "--allow-cancel"
    )  # fmt: skip
    assert dropped.exit_code == 0, dropped.output
    links = tomllib.loads((out / "timetable.toml").read_text(encoding="utf-8"))["links"]
    assert [link["then"] for link in links] == ["标准目录审核（二）"]
    assert cli("validate", out / "timetable.csv").exit_code == 0


@pytest.mark.parametrize(
    ("value", "said"), [("true", "true"), ('{ a = 1, b = "x" }', '{ a = 1, b = "x" }'), ("[false]", "false")]
)
def test_a_rules_value_is_echoed_in_tomls_spelling(tmp_path, value, said):
    """Review16 §10: `gap_minutes = true` was echoed as "True" (Python's spelling, and an inline table as
    {'a': 1}); every message that echoes a value of the rules file says it as the file writes it."""
    table = linked_example(
        tmp_path, LINKS + f'\n[[links]]\nfirst = "答疑会"\nthen = "检查方案碰头会"\ngap_minutes = {value}\n'
    )
    refused = cli("validate", table)
    assert refused.exit_code == 2
    # the type's line quotes it; the range's line (a number expected) names it bare, then an example
    assert f"而不是“{said}”" in refused.output or f"而不是 {said}；" in refused.output, refused.output
    table = linked_example(tmp_path / "hours", LINKS)  # the hours alone wrong (every number is checked first)
    hours = tmp_path / "hours" / "meetings_2025.toml"
    text = hours.read_text(encoding="utf-8")
    hours.write_text(re.sub(r"(?m)^hours = .*$", "hours = [true]", text, count=1), encoding="utf-8")
    assert "工作时段“true”读不懂" in cli("validate", table).output


def hearing(busy_first_afternoon: bool = True) -> MeetingProblem:
    """A hearing in two parts (the whole morning, then the whole afternoon, the same day and room), one
    of its people busy the first afternoon (qamscale18 F1's tiny case): only the second day holds it."""
    people = (Attendee("甲"), Attendee("乙"))
    sessions = (
        Session("听证（上午）", 210, people, series="听证"),
        Session("听证（下午）", 240, people, series="听证"),
    )
    busy = (Busy("乙", datetime(2025, 3, 3, 13, 30), datetime(2025, 3, 3, 17, 30)),) if busy_first_afternoon else ()
    return MeetingProblem(
        sessions,
        Workdays(DAYS, ((time(8, 30), time(12)), (time(13, 30), time(17, 30))), 15),
        (Room("一号庭", 1, seats=10),),
        people=(Person("甲"), Person("乙")),
        busy=busy,
        links=(Link("听证（上午）", "听证（下午）", same_day=True),),
    )


def test_the_greedies_place_a_hearings_parts_on_a_day_that_holds_both():
    """Before, both greedies put the morning part at its first free morning (the first day), where the
    afternoon part had no place, in every round (the squeaky wheel puts the morning part first again)."""
    problem = hearing()
    prep = prepare(problem)
    for found in (greedy(prep, DEFAULT, rounds=3), packed(prep)):
        assert found is not None
        assert keeps_rules(problem, plan_of(problem, *found))
        assert {problem.workdays.day_of(s) for s in found[0]} == {1}


def test_a_deadline_already_past_still_returns_the_greedys_timetable_of_a_hearing():
    """The greedies' timetable is the answer whatever ends the search (qamscale18 F4): here the time is
    gone before any search, and the hearing still gets its day."""
    problem = hearing()
    result = solve_meetings(problem, DEFAULT, time_limit=0.001, workers=1, grace=0.0)
    assert result.plan is not None and keeps_rules(problem, result.plan)


def _published_hearing(extra: tuple[Session, ...] = ()) -> tuple[MeetingProblem, dict[int, tuple[int, str]]]:
    """:func:`hearing` (乙 away the first afternoon) with the places published before: both parts the
    first day, and ``extra`` meetings at 8:30 the second day in 二号庭."""
    base = hearing()
    problem = base.replace(sessions=(*base.sessions, *extra), rooms=(*base.rooms, Room("二号庭", 1, seats=10)))
    days = problem.workdays
    prefer = {
        problem.index("听证（上午）"): (days.step(datetime(2025, 3, 3, 8, 30)), "一号庭"),
        problem.index("听证（下午）"): (days.step(datetime(2025, 3, 3, 13, 30)), "一号庭"),
    }
    for s in extra:
        prefer[problem.index(s.title)] = (days.step(datetime(2025, 3, 4, 8, 30)), "二号庭")
    return problem, prefer


def test_replanning_moves_a_hearings_morning_part_with_its_afternoon_part():
    """qamscale18 F5: a participant away for the afternoon part only. Before, the morning part kept its
    published place (it still fitted), so the afternoon part, tied to that day, had none in any round."""
    problem, prefer = _published_hearing()
    found = greedy(prepare(problem), DEFAULT, rounds=30, prefer=prefer)
    assert found is not None and keeps_rules(problem, plan_of(problem, *found))


def test_a_repaired_hearing_part_takes_a_day_its_other_part_can_have():
    """The second day's morning is taken by a published meeting of 甲's: the morning part's repair must
    take that day (moving the meeting), not its own free first-day morning, whose afternoon 乙 is away."""
    problem, prefer = _published_hearing((Session("碰头会", 60, (Attendee("甲"),)),))
    found = greedy(prepare(problem), (Term("early"),), rounds=30, prefer=prefer)
    assert found is not None and keeps_rules(problem, plan_of(problem, *found))
    assert {problem.workdays.day_of(found[0][i]) for i in (0, 1)} == {1}


def test_a_circle_is_refused_at_the_link_that_closes_it_when_more_links_follow(tmp_path):
    """QA qashapes20 F1: the circle check ran after every link (400 links: 1 s at load 8); it now runs
    once, and a circle is still refused at the line of the link that closes it, not at the last link."""
    circle = (
        LINKS
        + '\n[[links]]\nfirst = "标准目录审核（二）"\nthen = "标准目录审核（一）"\n'
        + '\n[[links]]\nfirst = "答疑会"\nthen = "检查方案碰头会"\n'
    )
    table = linked_example(tmp_path / "circle", circle)
    refused = cli("solve", table, "--time-limit", "5")
    assert refused.exit_code == 2
    lines = (tmp_path / "circle" / "meetings_2025.toml").read_text(encoding="utf-8").splitlines()
    closing = lines.index('first = "标准目录审核（二）"') + 2  # its ``then``, counted from 1
    assert f"第 {closing} 行" in refused.output, refused.output
    assert "标准目录审核（一） → 标准目录审核（二） → 标准目录审核（一）" in refused.output
