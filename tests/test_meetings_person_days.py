"""The per-person terms ``participant-days`` and ``idle`` (QA jobs16 F1: a family's talks on one evening,
close together): the scorer's counts by hand, the model's optimum against brute force on tiny two-day
problems, the model's objective equal to the scorer's at any timetable, the board's costs equal to the
scorer's differences, and ``who`` (the people a term counts, by name or unit)."""

import itertools
import random
from dataclasses import replace
from datetime import date, datetime, time

import pytest

from scheduler.domain import Room
from scheduler.domain.meetings import Attendee, Busy, MeetingProblem, Person, Session, Workdays
from scheduler.errors import ProblemError
from scheduler.meetings.board import Board
from scheduler.meetings.check import check_meetings
from scheduler.meetings.measure import measure, required_overlaps
from scheduler.meetings.model import MeetingModel
from scheduler.meetings.planner import solve_meetings
from scheduler.meetings.prepared import prepare
from scheduler.meetings.terms import DEFAULT, LEVELS, Term, scopes
from tests.test_meetings_properties import brute

DAYS = (date(2027, 3, 10), date(2027, 3, 11))
EVENING = ((time(18), time(19)),)  # six steps of 10 minutes


def talks(pairs: list[tuple[str, str]], periods=EVENING, grid: int = 10, minutes: int = 10) -> MeetingProblem:
    """One talk per (family, teacher), each teacher in a room of their own."""
    teachers = sorted({t for _, t in pairs})
    sessions = tuple(
        Session(f"{f}-{t}", minutes, (Attendee(f), Attendee(t)), rooms=frozenset({f"R{t}"})) for f, t in pairs
    )
    people = [Person(f, "家长") for f in sorted({f for f, _ in pairs})] + [Person(t, "教师") for t in teachers]
    rooms = tuple(Room(f"R{t}") for t in teachers)
    return MeetingProblem(sessions, Workdays(DAYS, periods, grid), rooms, people=tuple(people), units=("家长", "教师"))


def at(problem: MeetingProblem, day: int, hour: int, minute: int) -> int:
    step = problem.workdays.step(datetime.combine(DAYS[day], time(hour, minute)))
    assert step is not None
    return step


def test_counts_by_hand():
    # 甲 sees A on day 1 at 18:00 and B at 18:40 (30 minutes waiting), C on day 2: two days, idle 3 steps
    problem = talks([("甲", "A"), ("甲", "B"), ("甲", "C"), ("乙", "A")])
    prep = prepare(problem)
    start = [at(problem, 0, 18, 0), at(problem, 0, 18, 40), at(problem, 1, 18, 0), at(problem, 1, 18, 30)]
    rooms = ["RA", "RB", "RC", "RA"]
    values = measure(prep, start, rooms, names={"participant-days", "idle"})
    # 甲: 2 days -> 1; A: 2 days -> 1; B, C, 乙: one day each
    assert values["participant-days"] == 2
    # 甲 waits 18:10-18:40 on day 1 (3 steps); A waits nothing (one talk a day)
    assert values["idle"] == 3
    families = measure(prep, start, rooms, names={"participant-days", "idle"}, only={"participant-days": ("家长",)})
    assert families["participant-days"] == 1  # only 甲 (a family: unit 家长), not the teacher A
    assert measure(prep, start, rooms, only={"idle": ("乙",)})["idle"] == 0


def test_idle_counts_a_break():
    periods = ((time(18), time(18, 30)), (time(19), time(19, 30)))
    problem = talks([("甲", "A"), ("甲", "B")], periods=periods)
    prep = prepare(problem)
    start = [at(problem, 0, 18, 20), at(problem, 0, 19, 0)]
    # 18:30-19:00 is a break: 甲 waits through it, 30 minutes
    assert measure(prep, start, ["RA", "RB"], names={"idle"})["idle"] == 3


def test_who_is_for_per_person_terms():
    with pytest.raises(ProblemError):
        Term("early", who=("甲",))
    assert scopes((Term("idle", who=("家长",)), Term("early"))) == {"idle": ("家长",)}


def random_talks(rnd: random.Random) -> MeetingProblem:
    """Three or four talks over two evenings of three steps, a teacher sometimes away for a step: a
    family may have to come twice or wait, and ``early`` pulls the other way."""
    families, teachers = ("甲", "乙"), ("A", "B", "C")
    pairs: set[tuple[str, str]] = set()
    while len(pairs) < rnd.randint(3, 4):
        pairs.add((rnd.choice(families), rnd.choice(teachers)))
    problem = talks(sorted(pairs), periods=((time(18), time(18, 30)),))
    teachers_met = sorted({t for _, t in pairs})
    away = []
    for _ in range(2):  # a teacher away for a step or two, on one evening
        day, minute = rnd.choice(DAYS), rnd.choice((0, 10))
        until = time(18, minute + rnd.choice((10, 20)))
        away.append(
            Busy(rnd.choice(teachers_met), datetime.combine(day, time(18, minute)), datetime.combine(day, until))
        )
    problem = replace(problem, busy=tuple(away))
    return problem


OBJECTIVES = (
    (Term("participant-days", "medium"), Term("idle"), Term("early")),
    (Term("idle", "medium", 3), Term("participant-days", "soft", 2)),
    (Term("participant-days", "soft", 5, who=("家长",)), Term("idle", "soft", 1, who=("家长",)), Term("early")),
    (Term("early", "medium"), Term("participant-days", "soft", 2), Term("idle")),
)


@pytest.mark.parametrize("seed", range(12))
def test_model_equals_brute_force(seed):
    problem = random_talks(random.Random(seed))
    objective = OBJECTIVES[seed % len(OBJECTIVES)]
    expected = brute(problem, objective)
    result = solve_meetings(problem, objective, time_limit=10, workers=1)
    assert result.plan is not None and expected is not None
    report = check_meetings(problem, result.plan, objective)
    assert report.ok
    assert tuple(report.score.get(level, 0) for level in LEVELS) == expected
    assert result.status == "optimal"


@pytest.mark.parametrize("seed", range(4))
def test_model_objective_is_the_scorers(seed):
    """At random timetables where nobody is in two meetings at once (a hard rule), the model's terms
    completed from the starts are the scorer's."""
    rnd = random.Random(seed)
    problem = talks([(f, t) for f in ("甲", "乙", "丙") for t in ("A", "B", "C") if rnd.random() < 0.7])
    prep = prepare(problem, aggregate=False)
    objective = (Term("participant-days", who=("家长",) if seed % 2 else ()), Term("idle", weight=2))
    model = MeetingModel(prep).build(objective)
    tried = 0
    while tried < 20:
        starts = [rnd.choice(prep.starts[i]) for i in range(prep.n)]
        if required_overlaps(prep, starts):
            continue
        tried += 1
        classes = [prep.eligible[i][0] for i in range(prep.n)]
        rooms = [prep.classes[c].rooms[0] for c in classes]
        values = model.complete(model.values(starts, classes))
        counted = measure(prep, starts, rooms, names={t.name for t in objective}, only=scopes(objective))
        for term in objective:
            found, offset = model.level_terms([term])
            assert sum(a * values[v] for v, a in found) + offset == term.weight * counted[term.name]


def test_board_cost_is_the_scorers_difference():
    rnd = random.Random(5)
    problem = talks([(f, t) for f in ("甲", "乙", "丙", "丁") for t in ("A", "B", "C") if rnd.random() < 0.8])
    prep = prepare(problem, aggregate=False)
    objective = (Term("participant-days", "medium"), Term("idle", "soft", 2, who=("家长",)))
    names, only = {t.name for t in objective}, scopes(objective)
    board = Board(prep, objective)
    starts, rooms = [], []
    for i in range(prep.n):
        place = board.cheapest(i)
        assert place is not None
        board.place(i, place[1], place[2])
        starts.append(place[1])
        rooms.append(place[2])

    def score(start: list[int]) -> tuple[int, int]:
        v = measure(prep, start, rooms, names=names, only=only)
        return v["participant-days"], 2 * v["idle"]

    for i in range(prep.n):
        board.place(i, starts[i], rooms[i], -1)
        here = board.cost(i, starts[i], rooms[i])
        for s in prep.starts[i]:
            there = board.cost(i, s, rooms[i])
            if there is None or here is None:
                continue
            moved = [*starts[:i], s, *starts[i + 1 :]]
            delta = tuple(a - b for a, b in zip(score(moved), score(starts), strict=True))
            assert delta == (there[0] - here[0], there[1] - here[1])
        board.place(i, starts[i], rooms[i])


def test_four_talks_in_three_steps_need_two_evenings():
    """The counting bound proves a family with four talks and evenings of three steps comes twice."""
    problem = talks([("甲", t) for t in "ABCD"], periods=((time(18), time(18, 30)),))
    objective = (Term("participant-days", "medium"), Term("idle"))
    result = solve_meetings(problem, objective, time_limit=10, workers=1)
    assert result.status == "optimal"
    assert result.terms == {"participant-days": 1, "idle": 0}
    assert result.bound == {"medium": 1, "soft": 0}
    from scheduler.meetings.bounds import term_bounds

    assert term_bounds(prepare(problem), {"participant-days"}) == {"participant-days": 1}  # no search
    assert term_bounds(prepare(problem), {"participant-days"}, {"participant-days": ("教师",)}) == {
        "participant-days": 0
    }


def test_off_by_default():
    assert not {"participant-days", "idle"} & {t.name for t in DEFAULT}


def write_evenings(folder, objective: str) -> None:
    """A school's two evenings in files: families 甲 and 乙 (单位 家长), teachers A, B and C (单位 教师)."""
    folder.mkdir(parents=True, exist_ok=True)
    talks = [("甲", "A"), ("甲", "B"), ("甲", "C"), ("乙", "A"), ("乙", "C")]
    lines = ["会议,时长,参会人员,指定会议室"] + [f"{f}-{t},10分钟,{f}、{t},{t}室" for f, t in talks]
    (folder / "conf.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    people = ["姓名,单位,不可用", "甲,家长,", "乙,家长,2027年3月10日", "A,教师,", "B,教师,", "C,教师,"]
    (folder / "people.csv").write_text("\n".join(people) + "\n", encoding="utf-8")
    rooms = "".join(f'\n[[rooms]]\nname = "{t}室"\n' for t in "ABC")
    (folder / "conf.toml").write_text(
        'timezone = "Asia/Shanghai"\ndays = ["2027-03-10", "2027-03-11"]\nhours = ["18:00-18:40"]\n'
        f'grid_minutes = 10\npeople = "people.csv"\n{rooms}\n{objective}',
        encoding="utf-8",
    )


ON = '[objective.participant-days]\nlevel = "medium"\nwho = "家长"\n\n[objective.idle]\nweight = 10\nwho = ["家长"]\n'


def test_rules_file_turns_them_on_and_solve_and_validate_say_them(tmp_path):
    import json

    from click.testing import CliRunner

    from scheduler.cli.main import main

    write_evenings(tmp_path, ON)
    runner = CliRunner()
    env = {"DOCKING_LANG": None}
    out = tmp_path / "out"
    result = runner.invoke(main, ["solve", str(tmp_path / "conf.csv"), "--time-limit", "5", "--out", str(out)], env=env)
    assert result.exit_code == 0, result.output
    assert "按人计：家长多来的天数 0；家长等待共 0 格（0 分钟）" in result.output
    checked = runner.invoke(main, ["validate", str(out / "timetable.csv")], env=env)
    assert checked.exit_code == 0, checked.output
    assert "按人计：家长多来的天数 0；家长等待共 0 格（0 分钟）" in checked.output
    as_json = runner.invoke(main, ["solve", str(tmp_path / "conf.csv"), "--time-limit", "5", "--json"], env=env)
    assert as_json.exit_code == 0, as_json.output
    terms = json.loads(as_json.output)["terms"]
    assert (terms["participant-days"], terms["idle"]) == (0, 0)


@pytest.mark.parametrize(
    ("objective", "said"),
    [
        ('[objective.idle]\nwho = "丙"\n', "目标项“idle”的 who 中的“丙”既不是人员也不是单位"),
        ('[objective.early]\nwho = "家长"\n', "目标项“early”不按人计算，不能用 who"),
        ("[objective.idle]\nwho = 3\n", "目标项“idle”的 who 应为人员或单位的名称"),
        ('[objective.idle]\nwho = ""\n', "目标项“idle”的 who 应为人员或单位的名称"),
        ('[objective.idle]\nwho = ["家长", ""]\n', "目标项“idle”的 who 应为人员或单位的名称"),
        ("[objective.idle]\nwho = []\n", "目标项“idle”的 who 是空的：要计所有人，请删去 who 这一行"),
    ],
)
def test_a_wrong_who_is_one_line(tmp_path, objective, said):
    """Said on the line of ``who`` and its key (review17 finding 5: ``""`` was said on key idle with no
    line; ``[]`` was taken as everyone)."""
    from click.testing import CliRunner

    from scheduler.cli.main import main

    write_evenings(tmp_path, objective)
    result = CliRunner().invoke(
        main, ["solve", str(tmp_path / "conf.csv"), "--time-limit", "2"], env={"DOCKING_LANG": None}
    )
    assert result.exit_code == 2, result.output
    assert said in result.output and "conf.toml" in result.output and "Traceback" not in result.output
    text = (tmp_path / "conf.toml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, written in enumerate(text, 1) if written.startswith("who"))
    assert f"第 {line} 行, 键“who”" in result.output, result.output


def test_a_name_written_twice_in_who_counts_once(tmp_path):
    """Review17 finding 5: ``who = ["家长", "家长"]`` was echoed twice in the summary."""
    from scheduler.files.meeting_files import load_meetings

    assert Term("idle", who=("甲", "乙", "甲")).who == ("甲", "乙")
    write_evenings(tmp_path, '[objective.idle]\nweight = 10\nwho = ["家长", "家长"]\n')
    loaded = load_meetings(tmp_path / "conf.csv", tmp_path / "conf.toml")
    assert next(t for t in loaded.objective if t.name == "idle").who == ("家长",)


@pytest.mark.parametrize("seed", range(-1, 3))
def test_replanning_weighs_a_move_above_them(seed):
    """``most`` (what one move must outweigh when a term shares the medium level with ``moves``) is an
    upper bound of each per-person term over every placement (two talks an evening apart wait 4 steps,
    more than the number of sessions, which it said before), and replanning keeps ``who``."""
    from scheduler.meetings.replanning import most, replan_terms

    problem = talks([("甲", "A"), ("甲", "B")]) if seed < 0 else random_talks(random.Random(seed))
    prep = prepare(problem)
    days = problem.workdays
    options = [days.starts(prep.length[i]) for i in range(prep.n)]
    rooms = [next(iter(s.rooms)) for s in problem.sessions]
    top = {name: 0 for name in ("participant-days", "idle")}
    for starts in itertools.product(*options):
        values = measure(prep, list(starts), rooms, names=set(top))
        top = {name: max(top[name], values[name]) for name in top}
    assert all(top[name] <= most(problem, name) for name in top)
    idle = Term("idle", "medium", 2, who=("家长",))
    assert idle in replan_terms(problem, (*DEFAULT, idle))


def test_the_people_behind_the_per_person_terms_are_named():
    """QA jobs17 F10: only the totals were said; the school must phone the families who come twice and
    apologise to the one who waits longest. The tally's sums are the terms; the summary names them."""
    from scheduler.export.meeting_summary import person_lines
    from scheduler.meetings.check import person_tally, plan_of

    problem = talks([("甲", "A"), ("甲", "B"), ("甲", "C"), ("乙", "A")])
    start = [at(problem, 0, 18, 0), at(problem, 0, 18, 40), at(problem, 1, 18, 0), at(problem, 1, 18, 30)]
    plan = plan_of(problem, start, ["RA", "RB", "RC", "RA"])
    objective = (Term("participant-days"), Term("idle"))
    tally = person_tally(problem, plan, objective)
    assert tally == {"participant-days": [("A", 1), ("甲", 1)], "idle": [("甲", 3)]}
    terms = measure(prepare(problem), start, ["RA", "RB", "RC", "RA"], names={"participant-days", "idle"})
    assert {name: sum(k for _, k in people) for name, people in tally.items()} == terms
    assert person_lines(objective, terms, 10, "zh", tally) == [
        "按人计：多来的天数 2；等待共 3 格（30 分钟）",
        "  来了不止一天的：A（2 天）、甲（2 天）",
        "  等待最久的：甲（30 分钟）",
    ]
    assert person_lines(objective, terms, 10, "en", tally)[2] == "  longest waits: 甲 (30 min)"


def test_validate_json_lists_the_people_behind_them(tmp_path):
    import json

    from click.testing import CliRunner

    from scheduler.cli.main import main

    write_evenings(tmp_path, ON)
    rows = [("甲-A", "3月10日 18:00"), ("甲-B", "3月10日 18:30"), ("甲-C", "3月11日 18:00"), ("乙-A", "3月11日 18:10"),
            ("乙-C", "3月11日 18:20")]  # fmt: skip
    lines = ["会议,时长,参会人员,会议室,时间"]
    lines += [f"{m},10分钟,{m.replace('-', '、')},{m[-1]}室,{when}" for m, when in rows]
    (tmp_path / "conf.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {"DOCKING_LANG": None}
    checked = CliRunner().invoke(main, ["validate", str(tmp_path / "conf.csv")], env=env)
    assert checked.exit_code == 0, checked.output
    assert "  来了不止一天的：甲（2 天）\n  等待最久的：甲（20 分钟）\n" in checked.output
    document = json.loads(CliRunner().invoke(main, ["validate", str(tmp_path / "conf.csv"), "--json"], env=env).output)
    assert document["per_person"] == {
        "participant-days": [{"person": "甲", "count": 1}],
        "idle": [{"person": "甲", "count": 2, "minutes": 20}],
    }


@pytest.mark.parametrize(
    ("objective", "key", "said"),
    [
        (ON.replace('who = ["家长"]', 'who = "丙"'), "who", "目标项“idle”的 who 中的“丙”"),
        (f'{ON}\n[objective.early]\nwho = "家长"\n', "who", "目标项“early”不按人计算"),
        (ON.replace("weight = 10", "weight = 1.5"), "weight", "目标项“idle”的级别应为"),
        (ON.replace("weight = 10", 'weight = 10\nlevel = "hard"'), "level", "目标项“idle”的级别应为"),
        (ON.replace("weight = 10", "weight = 2000000"), "weight", "目标项“idle”的权重最大为"),
    ],
)
def test_a_wrong_key_of_the_second_term_is_said_on_its_own_line(tmp_path, objective, key, said):
    """QA qadocs18 F1: with two terms, idle's ``who`` was said on participant-days' ``who`` line (the
    first in the file), and a bad weight on no line at all."""
    from scheduler.errors import InputError
    from scheduler.files.meeting_files import load_meetings

    write_evenings(tmp_path, objective)
    with pytest.raises(InputError) as caught:
        load_meetings(tmp_path / "conf.csv", tmp_path / "conf.toml")
    text = (tmp_path / "conf.toml").read_text(encoding="utf-8").splitlines()
    header = max(i for i, written in enumerate(text) if written.startswith("[objective."))
    line = next(i for i, written in enumerate(text[header:], header + 1) if written.startswith(f"{key} ="))
    assert (caught.value.line, caught.value.key) == (line, key), str(caught.value)
    assert said in str(caught.value)


def test_a_wrong_who_inline_is_said_on_the_term_s_line(tmp_path):
    """``[objective]`` with ``idle = { who = "丙" }``: that line (QA qadocs18 F1: no line at all)."""
    from scheduler.errors import InputError
    from scheduler.files.meeting_files import load_meetings

    write_evenings(tmp_path, '[objective]\npreset = "default"\nidle = { weight = 2, who = "丙" }\n')
    with pytest.raises(InputError) as caught:
        load_meetings(tmp_path / "conf.csv", tmp_path / "conf.toml")
    text = (tmp_path / "conf.toml").read_text(encoding="utf-8").splitlines()
    assert caught.value.line == next(i for i, t in enumerate(text, 1) if t.startswith("idle =")), str(caught.value)


def test_a_program_s_who_naming_nobody_is_refused_as_the_file_s_is():
    """QA qadocs18 F6: ``Term("idle", who=("李课长",))`` (a typo) was taken by ``solve_meetings`` and
    ``check_meetings`` and counted no one; the rules reader refused it. One check (``check_who``) for both."""
    from scheduler.domain.meetings import Plan
    from scheduler.meetings.choices import meeting_alternatives
    from scheduler.meetings.replanning import replan_meetings

    problem = talks([("甲", "A"), ("乙", "A")])
    typo = (*DEFAULT, Term("idle", who=("家长", "丙")))
    said = "目标项“idle”的 who 中的“丙”既不是人员也不是单位"
    plan = solve_meetings(problem, DEFAULT, time_limit=5).plan
    assert isinstance(plan, Plan)
    calls = [
        lambda: solve_meetings(problem, typo, time_limit=5),
        lambda: check_meetings(problem, plan, typo),
        lambda: replan_meetings(problem, plan, objective=typo, time_limit=5),
        lambda: meeting_alternatives(problem, typo, time_limit=5),
    ]
    for call in calls:
        with pytest.raises(ProblemError) as caught:
            call()
        assert caught.value.text("zh") == said
    fine = (*DEFAULT, Term("idle", who=("家长", "A")))  # a unit and a person of the problem
    assert solve_meetings(problem, fine, time_limit=5).status in ("optimal", "feasible")


def test_the_score_s_parts_name_the_people_a_per_person_term_counts(tmp_path):
    """QA qadocs18 F8: reschedule's parts called the term 人员多来的天数 where its line above said
    家长多来的天数 (``who = "家长"``: only the families count)."""
    from click.testing import CliRunner

    from scheduler.cli.main import main

    write_evenings(tmp_path, ON)
    env = {"DOCKING_LANG": None}
    out = tmp_path / "out"
    solved = CliRunner().invoke(main, ["solve", str(tmp_path / "conf.csv"), "--out", str(out)], env=env)
    assert solved.exit_code == 0, solved.output
    moved = CliRunner().invoke(
        main, ["reschedule", str(out / "timetable.csv"), "--unavailable", "A@2027年3月10日"], env=env
    )
    assert moved.exit_code == 0, moved.output
    assert "家长多来的天数（每人到场天数减一）" in moved.output and "人员多来的天数" not in moved.output, moved.output


def test_a_long_who_is_cut_to_its_first_names_in_the_summary():
    """QA qamscale18 F10: with ``who`` = 200 people the 按人计 line named all of them, twice (4 kB on one
    line); it names the first five and how many in all. A short ``who`` is named whole, as before."""
    from scheduler.export.meeting_summary import person_lines

    everyone = tuple(f"人员{i:03d}" for i in range(200))
    objective = (Term("participant-days", who=everyone), Term("idle", who=("甲", "乙")))
    terms = {"participant-days": 4, "idle": 3}
    zh = person_lines(objective, terms, 10, "zh")
    assert zh == [
        "按人计：人员000、人员001、人员002、人员003、人员004等 200 人多来的天数 4；甲、乙等待共 3 格（30 分钟）"
    ]
    en = person_lines(objective, terms, 10, "en")
    assert en[0].startswith("Per person: extra days of 人员000, 人员001, 人员002, 人员003, 人员004 and 195 more 4;")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_long_who_is_cut_in_the_score_parts_as_in_the_per_person_line(lang):
    """review18 F3: reschedule's score-parts line named all 200 people of ``who`` (``_term_name``), the
    按人计 line beside it the first five: one rule names a long ``who`` in both."""
    from scheduler.export.meeting_summary import _term_name
    from scheduler.text.messages import render

    everyone = tuple(f"人员{i:03d}" for i in range(200))
    said = render(_term_name(Term("participant-days", who=everyone)), lang)
    assert "人员004" in said and "人员005" not in said and ("等 200 人" in said or "and 195 more" in said)
    short = render(_term_name(Term("participant-days", who=("甲", "乙"))), lang)
    assert ("甲、乙" if lang == "zh" else "甲, 乙") in short
