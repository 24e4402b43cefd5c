"""Explanations: the fewest rule instances that cannot hold together, told in domain terms."""

from __future__ import annotations

import random
import shutil
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.shapes import build, shape_named
from scheduler import Calendar, Conflict, Instance, Link, Pin, Problem, Room, Status, Unavailable, Unit, explain, solve
from scheduler.cli.main import main
from scheduler.conflicts.conflict import instances, relax
from tests.brute import feasible
from tests.conftest import NOTICE, at, small_problem

ISSUE_EXAMPLE = (
    "区财政局 is unavailable every slot before Sep 9 15:00, but as a 部门 it must meet before "
    "红旗路街道办事处, which is pinned to Sep 9 8:00"
)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def issue_problem(notice):
    before = frozenset(s for s in notice.problem.calendar.slots if s < at(9, 15))
    return notice.problem.replace(
        unavailable=(Unavailable("区财政局", before),),
        pins=(Pin("红旗路街道办事处", at(9, 8)),),
    )


@pytest.fixture
def infeasible_table(tmp_path: Path) -> Path:
    """The notice with the issue's two changes written into its rules file."""
    table = tmp_path / "t.csv"
    shutil.copy(NOTICE, table)
    rules = NOTICE.with_suffix(".toml").read_text(encoding="utf-8")
    rules += '\n[[pins]]\nunit = "红旗路街道办事处"\ntime = "9月9日 8:00"\n'
    rules += '\n[[unavailable]]\nunit = "区财政局"\ntimes = ["9月8日", "9月9日 8:00-12:00"]\n'
    table.with_suffix(".toml").write_text(rules, encoding="utf-8")
    shutil.copy(NOTICE.with_name("contacts_2021.csv"), tmp_path)
    return table


# -- the issue's example ----------------------------------------------------------------------


def test_issue_example_names_exactly_four_instances(notice):
    conflict = explain(issue_problem(notice))
    assert conflict is not None and conflict.minimal
    assert set(conflict.instances) == {
        Instance("unavailable", "区财政局"),
        Instance("category-order", "区财政局"),
        Instance("category-order", "红旗路街道办事处"),
        Instance("pinned", "红旗路街道办事处"),
    }


def test_issue_example_reads_as_one_sentence(notice):
    conflict = explain(issue_problem(notice))
    assert f"  {ISSUE_EXAMPLE}" in conflict.lines("en")
    assert (
        "  区财政局 在 9月9日 15:00 之前的时段都不能参加，但作为部门须排在 红旗路街道办事处 之前，"
        "而 红旗路街道办事处 固定在 9月9日 8:00" in conflict.lines("zh")
    )


def test_no_conflict_when_a_timetable_exists(notice):
    assert explain(notice.problem) is None


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        # pinned where it cannot come
        (
            dict(pins=(Pin("区财政局", at(8, 11)),), unavailable=(Unavailable("区财政局", frozenset({at(8, 11)})),)),
            "区财政局 is pinned to Sep 8 11:00, but cannot come then",
        ),
        # a link that runs off the end of the day
        (
            dict(pins=(Pin("区自然资源局", at(8, 18)),)),
            "北关区规划技术服务中心 must meet directly after 区自然资源局, the same day, "
            "but 区自然资源局 is pinned to Sep 8 18:00",
        ),
        # two units that may not share, pinned to one hour
        (
            dict(pins=(Pin("区财政局", at(8, 11)), Pin("区发改委", at(8, 11)))),
            "区财政局, 区发改委 are pinned to Sep 8 11:00",
        ),
        # never available
        (dict(unavailable=(Unavailable("区财政局", frozenset()),)), None),
    ],
)
def test_other_conflicts_in_domain_terms(notice, changes, says):
    if says is None:  # every slot: built here, since the calendar is needed
        changes = dict(unavailable=(Unavailable("区财政局", frozenset(notice.problem.calendar.slots)),))
        says = "区财政局 cannot come at any meeting time"
    conflict = explain(notice.problem.replace(**changes))
    assert conflict is not None and conflict.minimal
    assert f"  {says}" in conflict.lines("en")


def test_too_many_units_for_the_slots():
    problem = small_problem([(f"U{i}", "", "") for i in range(5)], hours=(8, 9), rooms=(Room("1", 2),))
    conflict = explain(problem)
    assert conflict is not None and conflict.too_many
    assert (  # none may share
        "5 units do not fit: only units of one parallel group may share a room (at most 2 to a room), so they form "
        "at least 5 groups; 1 room receives at most 1 group at a time, so at least 5 meeting times are needed, "
        "and there are only 2 (1 day, 2 a day)"
    ) in conflict.text("en")


# -- the command line ---------------------------------------------------------------------------


def test_cli_explain_prints_the_sentence_and_exits_1(infeasible_table):
    result = run("explain", str(infeasible_table), "--lang", "en")
    assert result.exit_code == 1
    assert ISSUE_EXAMPLE in result.output
    assert "at least one must give way" in result.output


def test_cli_explain_on_a_feasible_table_says_so():
    result = run("explain", str(NOTICE), "--lang", "en")
    assert result.exit_code == 0
    assert "there is no conflict" in result.output


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("29,9 月 10 日 17:00,柏庄镇政府,,镇办,F\n", "29,9 月 10 日 17:00,柏庄镇政府,,镇办,F\n30,,区财政局,,部门,\n"),
        ("1,9 月 8 日 8:00,区自然资源局", "1,9 月 7 日 8:00,区自然资源局"),
    ],
    ids=["a unit twice", "a time outside the days"],
)
def test_cli_explain_refuses_the_table_solve_refuses(example, old, new):
    """docsaudit #15: explain said "no conflict" (exit 0) on a table solve refuses as bad input (exit 2),
    so a user asking why solve fails was told all is well. It refuses it with solve's own line."""
    text = (example / "notice_2021.csv").read_text(encoding="utf-8-sig")
    assert old in text
    (example / "notice_2021.csv").write_text(text.replace(old, new), encoding="utf-8-sig")
    table = str(example / "notice_2021.csv")
    solved, explained = run("solve", table), run("explain", table)
    assert solved.exit_code == 2 and explained.exit_code == 2, explained.output
    assert explained.output == solved.output and explained.output.count("\n") == 1


def test_cli_solve_explains_and_writes_nothing(infeasible_table, tmp_path):
    out = tmp_path / "out"
    result = run("solve", str(infeasible_table), "--out", str(out), "--lang", "en")
    assert result.exit_code == 1
    assert ISSUE_EXAMPLE in result.output
    assert not out.exists()


# -- property: really in conflict, and minimal ------------------------------------------------


@st.composite
def infeasible_problems(draw: st.DrawFn):
    """A tiny problem, made infeasible on purpose by pinning units one by one."""
    n = draw(st.integers(2, 4))
    hours = (8, 9, 10, 11)[: draw(st.integers(2, 4))]
    units = [(f"U{i}", draw(st.sampled_from(["部门", "镇办"])), draw(st.sampled_from(["", "", "A"]))) for i in range(n)]
    rooms = draw(st.sampled_from([(Room("1", 1),), (Room("1", 2),), (Room("1", 1), Room("2", 1))]))
    problem = small_problem(units, hours=hours, rooms=rooms)
    slots = problem.calendar.slots
    names = [u for u, _, _ in units]
    blocked = draw(st.dictionaries(st.sampled_from(names), st.sets(st.sampled_from(slots), min_size=1), max_size=2))
    links = ()
    if draw(st.booleans()):
        first, then = draw(st.permutations(names))[:2]
        links = (Link(first, then),)
    problem = problem.replace(
        unavailable=tuple(Unavailable(u, frozenset(s)) for u, s in blocked.items()),
        links=links,
    )
    pins: list[Pin] = []
    for name in draw(st.permutations(names)):
        if not feasible(problem):
            break
        pins.append(Pin(name, draw(st.sampled_from(slots))))
        problem = problem.replace(pins=tuple(pins))
    if feasible(problem):  # still feasible with every unit pinned: add a plain clash
        name = pins[0].unit
        others = [e for e in problem.unavailable if e.unit != name]
        problem = problem.replace(unavailable=(*others, Unavailable(name, frozenset({pins[0].start}))))
    return problem


@pytest.mark.serial
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(infeasible_problems())
def test_explanation_is_in_conflict_and_minimal(problem):
    assert not feasible(problem)
    conflict = explain(problem, time_limit=10)
    assert conflict is not None
    if conflict.too_many:
        assert not feasible(relax(problem, ()))
        return
    core = list(conflict.instances)
    if conflict.count is not None:  # proven by its count, told by it, not shrunk: the rules it names clash
        assert conflict.proven and not feasible(relax(problem, core))
        return
    assert conflict.minimal
    assert not feasible(relax(problem, core)), "the instances named are not in conflict"
    for i in range(len(core)):
        assert feasible(relax(problem, core[:i] + core[i + 1 :])), f"{core[i]} is not needed"
    assert conflict.lines("en") and conflict.lines("zh")


@pytest.mark.serial
def test_deletion_shrinks_a_core_that_is_not_minimal(notice, monkeypatch):
    """CP-SAT's core is only sufficient: handed every instance, deletion still ends irreducible.

    (It then finds another clash of the same problem: 红旗路街道办事处 pinned to
    9月9日 8:00 leaves eight hours for the departments, too few for them all.)
    """
    import importlib

    module = importlib.import_module("scheduler.solver.diagnose")
    monkeypatch.setattr(module, "_assumption_core", lambda problem, named, time_limit: list(named))
    problem = issue_problem(notice)
    conflict = explain(problem)
    assert conflict.minimal
    core = list(conflict.instances)
    assert len(core) < len(instances(problem))
    assert Instance("pinned", "红旗路街道办事处") in core
    assert module.has_timetable(relax(problem, core), 30) is False
    for i in range(len(core)):
        assert module.has_timetable(relax(problem, core[:i] + core[i + 1 :]), 30) is True


# -- tables of hundreds and thousands of units ---------------------------------------------------


def generated(units: int, days: int, seed: int = 2) -> Problem:
    """A QA-style table: four ordered categories in turn, about half the units in parallel pairs,
    three rooms of two, eight hours a day (as /tmp/qa2_unit/scale/gen.py made them)."""
    rng = random.Random(seed)
    categories = ("部门", "镇办", "企业", "学校")
    rows: list[Unit] = []
    group = 0
    while len(rows) < units:
        category = categories[min(3, len(rows) * 4 // units)]
        if rng.random() < 0.5 and len(rows) + 1 < units:
            group += 1
            rows += [Unit(f"单位{len(rows) + k + 1:05d}号", category, f"G{group}") for k in range(2)]
        else:
            rows.append(Unit(f"单位{len(rows) + 1:05d}号", category, ""))
    calendar = Calendar(
        tuple(date(2025, 3, 3) + timedelta(d) for d in range(days)),
        tuple(time(h) for h in (8, 9, 10, 11, 15, 16, 17, 18)),
    )
    rooms = tuple(Room(f"{401 + r}室", 2) for r in range(3))
    return Problem(units=tuple(rows), calendar=calendar, rooms=rooms, categories=categories)


def test_a_table_with_a_timetable_is_said_to_have_one_at_200_units():
    """QA's e200bare: 200 units, nothing but the order; solve finds the optimum at once, but
    explain asked CP-SAT for a core first, which ran out of time, and said "no timetable found"
    with every unit listed (exit 1 in 3.3 s at --time-limit 5)."""
    problem = generated(200, 9)
    assert explain(problem, time_limit=5) is None


@pytest.mark.serial
def test_a_unit_that_can_never_come_is_the_whole_explanation_at_any_size():
    """QA's t5000x, at 2,000 units: one unit unavailable at every time. The 29-unit notice says it
    in one line; at 2,000 units the core was not found in time and every rule was listed."""
    problem = generated(2000, 64)
    everything = frozenset(problem.calendar.slots)
    problem = problem.replace(unavailable=(Unavailable("单位01500号", everything),))
    conflict = explain(problem, time_limit=5)
    assert conflict is not None and conflict.proven and conflict.minimal
    assert conflict.instances == (Instance("unavailable", "单位01500号"),)
    assert conflict.lines("en") == [
        "No timetable satisfies the rules, because:",
        "  单位01500号 cannot come at any meeting time",
        "These rules cannot all hold; without any one of them the rest could"
        " (for a timetable, at least one must give way):",
        "- 单位01500号 cannot come at any meeting time  [unavailable: no meeting when a unit cannot come]",
    ]
    result = solve(problem, time_limit=5)
    assert result.status is Status.INFEASIBLE and result.conflict == conflict


@pytest.mark.serial
def test_a_pin_on_a_time_the_unit_cannot_come_is_found_without_a_search():
    problem = generated(2000, 64)
    slots = problem.calendar.slots
    problem = problem.replace(
        unavailable=(Unavailable("单位00700号", frozenset(slots[:16])),),
        pins=(Pin("单位00700号", slots[3]),),
    )
    conflict = explain(problem, time_limit=5)
    assert conflict is not None and conflict.proven and conflict.minimal
    assert set(conflict.instances) == {Instance("unavailable", "单位00700号"), Instance("pinned", "单位00700号")}


@pytest.mark.serial
def test_a_link_whose_units_are_never_free_together_is_found_without_a_search():
    """The first unit can come only at 8:00 on the first day, the second not at 9:00 that day."""
    problem = generated(2000, 64)
    slots = problem.calendar.slots
    first, then = problem.units[0].name, problem.units[1].name  # (a parallel pair or not: no matter)
    problem = problem.replace(
        unavailable=(Unavailable(first, frozenset(slots[1:])), Unavailable(then, frozenset({slots[1]}))),
        links=(Link(first, then),),
    )
    # The limit is a ceiling, not what is tested (no search is needed): 5 s was eaten by a loaded machine
    # (load 11-14, an answer cut short, not minimal).
    conflict = explain(problem, time_limit=60)
    assert conflict is not None and conflict.proven and conflict.minimal
    assert set(conflict.instances) == {
        Instance("unavailable", first),
        Instance("unavailable", then),
        Instance("linked", first, then),
    }


def test_a_list_the_time_cut_short_shows_its_first_rules_and_how_many_more():
    """What is printed when the search is cut short is bounded: 5,000 units printed 900 KB."""
    problem = generated(2000, 64)
    problem = problem.replace(
        unavailable=tuple(Unavailable(u.name, frozenset(problem.calendar.slots[:2])) for u in problem.units)
    )
    named = instances(problem)
    conflict = Conflict(problem, tuple(named), minimal=False, proven=False)
    for lang in ("zh", "en"):
        lines = conflict.lines(lang)
        assert len(lines) < 50 and max(map(len, lines)) < 2000
    lines = conflict.lines("en")
    assert lines[-1] == f"- … and {len(named) - 20} more"
    # the order's sentence names 20 units of each side, the limits of 5, then says how many more
    assert "单位00520号 and 1480 more, as 镇办, 企业, 学校, must meet after" in lines[1]
    assert "单位00020号 and 480 more" in lines[1]
    assert lines[1].endswith("; 1495 more units have limits of their own")


@pytest.mark.serial
def test_a_late_category_pinned_before_an_early_one_can_come_is_found_without_a_search():
    """A 学校 pinned to the first hour, with 2,000 units: the order and the pin (the core is not
    found in time at this size; the pair is plain from the units' earliest and latest times, no
    search: ``clash_of``). Each of its three rules is then asked about (a question of 2,000 units,
    about 1 s of wall in all at a load of 9, 0.4 s of CPU): the limit leaves them the time a loaded
    machine takes, so that they are settled (minimal) is not the clock's to decide; explain returns
    once they are."""
    from scheduler.solver.clash import clash_of

    problem = generated(2000, 64)
    school = problem.units[-1].name
    problem = problem.replace(pins=(Pin(school, problem.calendar.slots[0]),))
    expected = [("category-order", False), ("category-order", True), ("pinned", True)]
    plain = clash_of(problem)
    assert plain is not None and sorted((i.rule, i.unit == school) for i in plain) == expected
    conflict = explain(problem, time_limit=120)
    assert conflict is not None and conflict.proven and conflict.minimal
    assert sorted((i.rule, i.unit == school) for i in conflict.instances) == expected


@pytest.mark.serial
def test_a_pin_before_the_earlier_categories_fit_is_proven_at_once_by_counting():
    """A 镇办 pinned to the 101st hour, with 2,000 units: the 500 部门 need about 125 hours before
    it. Counted, not searched: proven (the list may be left long when the time is short, so its
    length is not asserted), made of the pin, the 镇办's place and 部门's places only."""
    problem = generated(2000, 64)
    town = next(u.name for u in problem.units if u.category == "镇办")
    problem = problem.replace(pins=(Pin(town, problem.calendar.slots[100]),))
    conflict = explain(problem, time_limit=5)
    assert conflict is not None and conflict.proven and not conflict.too_many
    assert {Instance("pinned", town), Instance("category-order", town)} <= set(conflict.instances)
    others = [i for i in conflict.instances if i.unit != town]
    assert others and all(i.rule == "category-order" and problem.unit(i.unit).category == "部门" for i in others)


@pytest.mark.parametrize("objective", ["compact", "stable"])
def test_a_tight_table_solve_fills_at_once_is_not_told_as_a_clash(objective):
    # Two rooms, slots exactly enough: the packing solve starts with fills it, first-fit and the
    # model alone did not in any time explain had, so it told a clash of rules that do not clash.
    problem = build(shape_named("tight-heavy-300u-2r"), objective)
    assert solve(problem, objective, time_limit=10).timetable is not None
    assert explain(problem, time_limit=5) is None


def test_a_list_left_long_because_the_model_was_too_large_says_so_not_that_time_ran_out(notice, monkeypatch):
    """QA: a 5,000-unit clash settled in 1.8 s of 30 said "the solver ran out of time", because each
    shrinking question's model was refused as too large (TooManyGroups). The questions here find
    no greedy timetable and their model is refused the same way: the list is kept whole, not minimal,
    and says the true reason in both languages (with time to spare)."""
    import importlib

    from scheduler.solver.deadline import deadline_of
    from scheduler.solver.model import TooManyGroups

    module = importlib.import_module("scheduler.solver.diagnose")

    def refused(*args: object, **kwargs: object) -> None:
        raise TooManyGroups

    monkeypatch.setattr(module, "ModelBuilder", refused)
    monkeypatch.setattr(module, "first_fit", lambda problem: None)
    monkeypatch.setattr(module, "packs", lambda problem: False)  # (the packing answers them too)
    problem = issue_problem(notice)
    core = [i for i in instances(problem) if i.rule == "pinned"]
    core += [Instance("unavailable", "区财政局")]
    shrunk, minimal, too_large = module.shrink(problem, core, deadline_of(30.0))
    assert not minimal and too_large
    conflict = Conflict(problem, tuple(shrunk), minimal=minimal, too_large=too_large)
    assert "too large to check every rule instance" in "\n".join(conflict.lines("en"))
    assert "ran out of time" not in "\n".join(conflict.lines("en"))
    assert "表太大" in "\n".join(conflict.lines("zh")) and "超时" not in "\n".join(conflict.lines("zh"))
    # the time running out is still said as such
    _, minimal, too_large = module.shrink(problem, core, deadline_of(1e-9))
    assert not minimal and not too_large


def test_a_time_closed_for_every_unit_is_said_once_not_once_per_unit(notice):
    """Leftovers 5: two days closed for every unit (``unit = "*"``, or ``--unavailable "*@…"``): the list said
    the closed days once per unit of the clash, the story each unit's limit in a sentence of its own. The
    list says them once, naming the units; the story says the units with the same limits in one sentence;
    a unit's own time besides is said after the closed days, alone."""
    problem = notice.problem
    closed = frozenset(s for s in problem.calendar.slots if s.day in (8, 9))
    closing = "9月8日 8:00-12:00、9月8日 15:00-19:00、9月9日 8:00-12:00、9月9日 15:00-19:00"

    def told(own: dict[str, frozenset]) -> tuple[list[str], list[str], list[str]]:
        """The units of the clash's unavailability, its story and its list."""
        blocked = tuple(Unavailable(u.name, closed | own.get(u.name, frozenset())) for u in problem.units)
        conflict = explain(problem.replace(unavailable=blocked))
        assert conflict is not None and conflict.minimal
        lines = conflict.lines()
        cut = next(i for i, line in enumerate(lines) if line.startswith("以下"))
        assert sum(line.startswith("- no unit can come at ") for line in conflict.lines("en")) == 1
        return [i.unit for i in conflict.instances if i.rule == "unavailable"], lines[1:cut], lines[cut + 1 :]

    units, story, listed = told({})
    assert len(units) >= 7  # the closed days leave one day of 8 times: some 7 or 8 units clash there
    said = [line for line in listed if "不能参加" in line]
    title = "  [unavailable: 不在单位不能参加的时间安排]"
    assert said == [f"- 所有单位都不能参加：{closing}（休会；这里涉及其中 {len(units)} 个：{'、'.join(units)}）{title}"]
    alike = [line for line in story if "各自在 9月10日 8:00 之前的时段都不能参加" in line]
    assert len(alike) == 1 and sum(u in alike[0] for u in units) >= 2  # units alike in one sentence

    own = units[-1]  # a unit of the clash with a time of its own besides
    units, story, listed = told({own: frozenset({at(10, 17)})})
    said = [line for line in listed if "不能参加" in line]
    assert said[0].startswith(f"- 所有单位都不能参加：{closing}（休会；这里涉及其中 {len(units)} 个")
    if own in units:
        assert said[1:] == [f"- {own} 还不能参加：9月10日 17:00{title}"]


def test_a_clash_found_by_arithmetic_with_no_time_to_ask_is_not_told_as_the_solver_timing_out(notice, monkeypatch):
    """QA qashapes20 F5: a pin on a time its unit cannot come, found by arithmetic at 5,000 units, was told
    "the solver ran out of time, the list may not be the smallest" when the reading had used the limit
    and no question was asked. It is proven by arithmetic (each of its rules needed for that reason),
    and said so; the questions of the smallest list were just not asked."""
    from scheduler.solver import diagnose

    problem = notice.problem.replace(
        pins=(Pin("区财政局", at(8, 11)),), unavailable=(Unavailable("区财政局", frozenset({at(8, 11)})),)
    )
    monkeypatch.setattr(diagnose, "_settle", lambda problem, deadline, workers=2: None)  # no time to settle any
    conflict = explain(problem, 5, infeasible=True)
    assert conflict is not None and conflict.proven and not conflict.minimal and conflict.unasked
    zh, en = "\n".join(conflict.lines("zh")), "\n".join(conflict.lines("en"))
    assert "求解超时" not in zh and "ran out of time" not in en
    assert "由计算即可证明" in zh and "proven by arithmetic" in en, en
    assert "  区财政局 is pinned to Sep 8 11:00, but cannot come then" in conflict.lines("en")


def test_a_list_the_page_s_stop_cut_short_says_it_was_stopped_not_timed_out():
    """QA qaweb21 F8: 停止 while the list was being shortened read "求解超时"; the page's explanation says
    the stop (scheduler/web/views.py: stopped_lines), a minimal list is told as it is."""
    from dataclasses import replace

    from scheduler.web.solving import stopped_lines

    problem = generated(20, 4)
    problem = problem.replace(
        unavailable=tuple(Unavailable(u.name, frozenset(problem.calendar.slots[:2])) for u in problem.units)
    )
    cut = Conflict(problem, tuple(instances(problem)), minimal=False, proven=True)
    said = stopped_lines(cut, True, "zh")
    assert "不能同时满足的规则（缩短这个列表时已停止，可能还能再少）：" in said and not any("超时" in s for s in said)
    assert "The rules that cannot all hold (stopped while shortening this list" in "\n".join(
        stopped_lines(cut, True, "en")
    )
    assert any("求解超时" in line for line in stopped_lines(cut, False, "zh"))  # the time ran out: as before
    whole = replace(cut, minimal=True)
    assert stopped_lines(whole, True, "zh") == whole.lines("zh")
    assert stopped_lines(None, True, "zh") == []
