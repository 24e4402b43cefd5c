"""Counting: clashes a count proves are told at once, by their figures; a count never fires
where a timetable exists.

Each infeasible case is held against CP-SAT on the full model (the count's proof is checked by
a search that shares nothing with it) and has a near miss beside it, one meeting time or one
unit away, that has a timetable and that counting leaves alone. The property at the end holds
the bound itself against brute force on random tiny problems, shared rooms and limits included.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scheduler
import scheduler.solver.cpsat as cpsat
import scheduler.solver.diagnose as diagnose
import scheduler.solver.pipeline as pipeline
from scheduler import Instance, Pin, Problem, Room, Status, Unavailable, explain, solve
from scheduler.conflicts.conflict import relax
from scheduler.solver.clash import Crowded, clash_of
from scheduler.solver.counted import counted_clash, crowded_conflict
from scheduler.solver.counting import slots_needed
from scheduler.solver.deadline import deadline_of
from scheduler.solver.model import ModelBuilder
from tests.brute import feasible, timetables
from tests.conftest import small_problem

ALONE = (Room("A室", 1), Room("B室", 1))
"""Two rooms of one: two units at a time, none sharing."""


def cp_sat_finds_none(problem: Problem) -> bool:
    """CP-SAT on the whole model proves that no timetable exists (no counting of ours asked)."""
    model = ModelBuilder(problem)
    return model.cp.solve(deadline_of(20.0), 1).status == "INFEASIBLE"


def no_search(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any search from here on fails the test: counting must settle it."""

    def refused(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("counting should have settled it, without a search")

    monkeypatch.setattr(cpsat.CpModel, "solve", refused)
    monkeypatch.setattr(diagnose, "has_timetable", refused)
    monkeypatch.setattr(pipeline, "first_fit", refused)
    monkeypatch.setattr(pipeline, "packed", refused)


def departments_and_towns(departments: int, towns: int, hours: int, days: int = 1) -> Problem:
    """``departments`` 局 then ``towns`` 乡镇, none sharing, in two rooms of one, ``days`` of ``hours``."""
    units = [(f"局{k}", "局", "") for k in range(departments)] + [(f"镇{k}", "乡镇", "") for k in range(towns)]
    return small_problem(units, days, tuple(range(8, 8 + hours)), rooms=ALONE, categories=("局", "乡镇"))


# -- categories in meeting times of their own ------------------------------------------------------


def test_odd_categories_one_time_short_are_told_by_their_count_at_once(monkeypatch):
    """QA (the 3 + 5 version of 23 部门 + 25 镇办 in 24 times): 8 units, 8 places, but no time mixes
    categories: 2 + 3 = 5 times. Before, a list of 8 identical lines and no figure."""
    problem = departments_and_towns(3, 5, 4)
    assert not cp_sat_finds_none(departments_and_towns(3, 5, 5))  # the near miss has a timetable
    assert cp_sat_finds_none(problem)
    no_search(monkeypatch)
    result = solve(problem, time_limit=5)
    assert result.status is Status.INFEASIBLE and result.engine == "counting"
    conflict = result.conflict
    assert conflict is not None and conflict.proven and not conflict.too_many and not conflict.minimal
    assert conflict == explain(problem, time_limit=5)  # explain starts with the same count
    assert conflict.rules() == ["category-order"] and len(conflict.instances) == 8
    assert conflict.lines("zh") == [
        "没有满足全部规则的时间表。原因：",
        "  同一时段不混排类别，每个时段最多 2 个单位：局 3 个至少要 2 个时段、乡镇 5 个至少要 3 个时段，"
        "共需 2 + 3 = 5 个时段，而对接时段只有 4 个（1 天，每天 4 个）",
        "按以上计数，以下规则不能同时满足（要排出时间表，须放宽其中的规则，或增加对接时段、房间）：",
        "- 8 个单位：局0、局1、局2、镇0、镇1、镇2、镇3、镇4  [category-order: 类别按顺序对接（如部门先于镇办）]",
    ]
    assert conflict.lines("en")[1] == (
        "  Categories never share a meeting time, and at most 2 units meet at a time: 3 局 need at least 2, "
        "5 乡镇 need at least 3; 2 + 3 = 5 meeting times in all, and there are only 4 (1 day, 4 a day)"
    )


def test_the_count_is_one_line_at_any_size_and_json_gives_it():
    """110 units (55 + 55 in 55 times): before, the whole time limit and 20 of 110 lines "maybe
    fewer"; now one count and one line naming the first 20 units and how many more."""
    problem = departments_and_towns(55, 55, 11, days=5)
    conflict = counted_clash(problem)
    assert conflict is not None and len(conflict.instances) == 110
    lines = conflict.lines("en")
    assert len(lines) == 4 and "28 + 28 = 56 meeting times in all, and there are only 55" in lines[1]
    assert lines[3].startswith("- 110 units: 局0, 局1, ") and " and 90 more  [category-order: " in lines[3]
    from scheduler.export.documents import conflict as document

    said = document(conflict, "zh")
    assert said is not None and said["count"] == conflict.lines("zh")[1].strip() and said["reason"] is None
    assert said["minimal"] is False and said["proven"] is True and len(said["rules"]) == 110


def test_even_categories_that_fill_every_place_are_no_clash():
    """4 + 4 in 4 times of two rooms: every place taken, categories apart: a timetable."""
    problem = departments_and_towns(4, 4, 4)
    assert counted_clash(problem) is None
    assert solve(problem, time_limit=5).status is Status.OPTIMAL


def test_shared_rooms_count_the_seats_a_time_offers():
    """Rooms of 2 and 1, parallel groups A (局) and B (乡镇): a time receives 3 units at most. The
    5 局 fill 2 times, the 4 乡镇 2 more: 4 of 3 (counting groups only said 2 + 1 = 3, which fits)."""
    units = [(f"局{k}", "局", "A") for k in range(5)] + [(f"镇{k}", "乡镇", "B") for k in range(4)]
    rooms = (Room("大", 2), Room("小", 1))
    problem = small_problem(units, hours=(8, 9, 10), rooms=rooms, categories=("局", "乡镇"))
    conflict = counted_clash(problem)
    assert conflict is not None and cp_sat_finds_none(problem)
    assert (
        "每个时段最多 3 个单位：局 5 个至少要 2 个时段、乡镇 4 个至少要 2 个时段，共需 2 + 2 = 4 个时段"
        in conflict.text()
    )
    near = small_problem(units, hours=(8, 9, 10, 11), rooms=rooms, categories=("局", "乡镇"))
    assert counted_clash(near) is None and solve(near, time_limit=5).timetable is not None


def test_groups_decide_where_the_parallel_groups_are_small():
    """Rooms of 3 and 3. The 局 form 3 groups (A A A, B, C): 2 times, though 6 seats a time would
    hold them in 1; the 乡镇 (B, C) 1 more: 3 of 2. Without the order, the B and C pairs would
    share and 2 would do: the order is what does not fit."""
    units = [("局1", "局", "A"), ("局2", "局", "A"), ("局3", "局", "A"), ("局4", "局", "B"), ("局5", "局", "C")]
    units += [("镇1", "乡镇", "B"), ("镇2", "乡镇", "C")]
    rooms = (Room("甲", 3), Room("乙", 3))
    problem = small_problem(units, hours=(8, 9), rooms=rooms, categories=("局", "乡镇"))
    conflict = counted_clash(problem)
    assert conflict is not None and not conflict.too_many and cp_sat_finds_none(problem)
    assert conflict.lines("zh")[1] == (
        "  同一时段不混排类别，每个时段最多 2 组（只有同一并行组的单位可同处一室）："
        "局 5 个（至少 3 组）至少要 2 个时段、乡镇 2 个至少要 1 个时段（每个时段最多 2 个），"
        "共需 2 + 1 = 3 个时段，而对接时段只有 2 个（1 天，每天 2 个）"
    )
    assert solve(problem.replace(categories=()), time_limit=5).timetable is not None
    near = small_problem(units, hours=(8, 9, 10), rooms=rooms, categories=("局", "乡镇"))
    assert counted_clash(near) is None and solve(near, time_limit=5).timetable is not None


def test_unavailability_never_makes_the_category_count_fire_and_a_unit_left_no_time_comes_first():
    """The categories' count reads no unit's limits: a 局 away at the last time leaves the 2 + 3 = 5
    of 5 count silent, and a timetable. A 乡镇 away at every time, beside a count that does not
    fit, is told first, alone: it names the one rule to change (the count would list them all)."""
    problem = departments_and_towns(3, 5, 5)
    slots = problem.calendar.slots
    away = problem.replace(unavailable=(Unavailable("局0", frozenset({slots[4]})),))
    assert counted_clash(away) is None and solve(away, time_limit=5).timetable is not None
    short = departments_and_towns(3, 5, 4)
    gone = short.replace(unavailable=(Unavailable("镇0", frozenset(short.calendar.slots)),))
    assert counted_clash(gone) is not None
    result = solve(gone, time_limit=5)
    assert result.status is Status.INFEASIBLE and result.conflict is not None
    assert result.conflict.count is None and result.conflict.minimal
    assert result.conflict.instances == (Instance("unavailable", "镇0"),)


def test_too_many_for_the_seats_whatever_the_order():
    """Nine units of one parallel group, rooms of 3 and 1: 4 a time, so 3 times (groups said 2)."""
    units = [(f"U{k}", "", "A") for k in range(9)]
    problem = small_problem(units, hours=(8, 9), rooms=(Room("大", 3), Room("小", 1)), categories=())
    conflict = counted_clash(problem)
    assert conflict is not None and conflict.too_many and conflict.instances == ()
    assert cp_sat_finds_none(problem)
    assert conflict.lines("en")[1] == (
        "- 9 units do not fit: 2 rooms receive at most 4 units at a time (at most 3 to a room, shared only by "
        "units of one parallel group), so at least 3 meeting times are needed, and there are only 2 (1 day, "
        "2 a day)"
    )


# -- a unit's limits against the other side of the order -----------------------------------------


def test_a_late_unit_pinned_before_the_earlier_categories_fit_is_told_by_the_count(monkeypatch):
    """QA (b): a 村 pinned to the 4th time, after 3 局 and 3 镇 of two rooms of one: 2 + 2 = 4 times
    before it, only 3. Before, a third of the time limit and a list "maybe fewer"."""
    units = [(f"局{k}", "局", "") for k in range(3)] + [(f"镇{k}", "镇", "") for k in range(3)] + [("东村", "村", "")]
    problem = small_problem(units, hours=(8, 9, 10, 11, 14, 15), rooms=ALONE, categories=("局", "镇", "村"))
    slots = problem.calendar.slots
    pinned = problem.replace(pins=(Pin("东村", slots[3]),))
    assert cp_sat_finds_none(pinned)
    assert not cp_sat_finds_none(problem.replace(pins=(Pin("东村", slots[4]),)))  # one time later: fits
    monkeypatch.setattr(cpsat.CpModel, "solve", lambda *_a, **_k: pytest.fail("no model should be solved"))
    conflict = explain(pinned, time_limit=5)
    assert conflict is not None and conflict.proven and not conflict.minimal and conflict.count is not None
    assert set(conflict.instances) == {
        Instance("pinned", "东村"),
        *(Instance("category-order", u) for u, _, _ in units),
    }
    assert conflict.lines("zh")[1:3] == [
        "  东村 固定在 9月8日 11:00",
        "  东村 是村，最晚 9月8日 11:00 对接，须排在 6 个单位（局、镇）之后；同一时段不混排类别，"
        "每个时段最多 2 个单位：局 3 个至少要 2 个时段、镇 3 个至少要 2 个时段，"
        "共需 2 + 2 = 4 个时段，9月8日 11:00 之前却只有 3 个",
    ]
    assert conflict.lines("zh")[-1].startswith("- 6 个单位：局0、局1、局2、镇0、镇1、镇2  [category-order: ")


def test_an_early_unit_free_only_late_leaves_the_later_categories_too_few_times():
    """The mirror: a 局 away at the first 2 of 5 times must come before the 5 乡镇, which need 3
    times of two rooms of one; only 2 are left after its earliest. Away at the first time only: 3."""
    units = [("局0", "局", "")] + [(f"镇{k}", "乡镇", "") for k in range(5)]
    problem = small_problem(units, hours=(8, 9, 10, 11, 14), rooms=ALONE, categories=("局", "乡镇"))
    slots = problem.calendar.slots
    late = problem.replace(unavailable=(Unavailable("局0", frozenset(slots[:2])),))
    found = clash_of(late)
    assert isinstance(found, Crowded) and not found.before and found.room == 2
    assert cp_sat_finds_none(late)
    conflict = explain(late, time_limit=5)
    assert conflict is not None and conflict.count is not None
    assert Instance("unavailable", "局0") in conflict.instances
    assert "局0 是局，最早 9月8日 10:00 对接，须排在 5 个单位（乡镇）之前" in conflict.text()
    assert "乡镇 5 个至少要 3 个时段，共需 3 个时段，9月8日 10:00 之后却只有 2 个" in conflict.text()
    near = problem.replace(unavailable=(Unavailable("局0", frozenset(slots[:1])),))
    assert not isinstance(clash_of(near), Crowded) and solve(near, time_limit=5).timetable is not None


# -- the bound is sound: brute force on random tiny problems -----------------------------------------


@st.composite
def tiny_problems(draw: st.DrawFn) -> Problem:
    """Up to 5 units in up to 3 categories, parallel groups (one label, two, or none), rooms of
    1 to 3, 2 or 3 times, and sometimes a unit away or pinned."""
    n = draw(st.integers(2, 5))
    categories = ("甲", "乙", "丙")[: draw(st.integers(2, 3))]
    units = [
        (f"U{k}", draw(st.sampled_from([*categories, ""])), draw(st.sampled_from(["", "", "A", "B", "A、B"])))
        for k in range(n)
    ]
    rooms = tuple(Room(f"R{r}", draw(st.integers(1, 3))) for r in range(draw(st.integers(1, 2))))
    problem = small_problem(units, hours=(8, 9, 10)[: draw(st.integers(2, 3))], rooms=rooms, categories=categories)
    slots = problem.calendar.slots
    names = [u for u, _, _ in units]
    if draw(st.booleans()):
        unit = draw(st.sampled_from(names))
        problem = problem.replace(unavailable=(Unavailable(unit, frozenset({draw(st.sampled_from(slots))})),))
    if draw(st.booleans()):
        problem = problem.replace(pins=(Pin(draw(st.sampled_from(names)), draw(st.sampled_from(slots))),))
    return problem


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_problems())
def test_counting_never_fires_where_a_timetable_exists(problem: Problem):
    """Every timetable fills at least the slots counted; a counted clash has no timetable, nor
    has the problem relaxed to the instances it names."""
    used = [len(set(slot.values())) for slot, _ in timetables(problem)]
    assert all(n >= slots_needed(problem) for n in used)
    conflict = counted_clash(problem)
    found = clash_of(problem)
    if conflict is None and isinstance(found, Crowded):
        conflict = crowded_conflict(problem, found)
    if conflict is not None:
        assert not used
        assert not feasible(relax(problem, list(conflict.instances)))


def test_the_qa_table_is_counted_without_a_search(monkeypatch):
    """23 部门 and 25 镇办 in 24 times of two rooms of one (QA's e/mid): 12 + 13 = 25, at once."""
    no_search(monkeypatch)
    conflict = scheduler.explain(departments_and_towns(23, 25, 8, days=3), time_limit=0.5)
    assert conflict is not None and "局 23 个至少要 12 个时段、乡镇 25 个至少要 13 个时段" in conflict.text()


def test_the_stable_bounds_are_made_once_per_problem(monkeypatch):
    """The greedy, the pipeline, the stable search and its result each ask for the forced units, the
    bound and the stage floors: at 5,000 units each took 10-65 ms and a solve asked a dozen times
    (issue 16). They are made once per problem; the answers are the same each time."""
    from scheduler.files.load import load
    from scheduler.solver import counting, objectives
    from tests.conftest import NOTICE

    problem = load(NOTICE).problem.replace(title="made once")  # (a problem no other test asked about)
    made: list[str] = []
    follows, everyone = objectives.follows, counting.everyone
    monkeypatch.setattr(objectives, "follows", lambda p: made.append("forced") or follows(p))
    monkeypatch.setattr(counting, "everyone", lambda p: made.append("count") or everyone(p))
    stable = objectives.Stable()
    answers = {
        (tuple(sorted(stable.forced(problem))), stable.lower_bound(problem), tuple(stable.stage_floors(problem)))
        for _ in range(3)
    }
    assert len(answers) == 1 and sorted(made) == ["count", "forced"]
    assert objectives.Compact().lower_bound(problem).values == (stable.stage_floors(problem)[2],)
    assert sorted(made) == ["count", "forced"]


def test_more_units_pinned_at_one_time_than_it_receives_is_seen_without_a_search(monkeypatch):
    """Five units pinned at one time, four rooms of one: the five pins, at once (at 5,001 units every pin
    was listed as a possible cause after the whole limit: QA limits16 7)."""
    units = [(f"U{k}", "部门", "") for k in range(5)]
    rooms = tuple(Room(f"R{r}", 1) for r in range(4))
    problem = small_problem(units, hours=(8, 9), rooms=rooms, categories=("部门",))
    at = problem.calendar.slots[0]
    problem = problem.replace(pins=tuple(Pin(f"U{k}", at) for k in range(5)))
    found = clash_of(problem)
    assert found == [Instance("pinned", f"U{k}") for k in range(5)]
    assert not feasible(relax(problem, found))
    assert all(feasible(relax(problem, [i for i in found if i != left])) for left in found)  # irreducible
    shared = small_problem([(f"U{k}", "部门", "A") for k in range(5)], hours=(8, 9), rooms=(Room("R0", 2),) + rooms[1:])
    assert clash_of(shared.replace(pins=problem.pins)) is None  # two of one parallel group share a room of two


def test_a_linked_chain_longer_than_a_days_run_of_times_is_seen_without_a_search():
    """Units linked one after another, one more than the longest run of following times in a day: the
    fewest links that do not fit (at 2,000 units every link of the file was listed: QA limits16 10)."""
    units = [(f"U{k}", "部门", "") for k in range(4)]
    problem = small_problem(units, days=2, hours=(8, 9, 10), rooms=(Room("R0", 1),), categories=("部门",))
    chain = tuple(scheduler.Link(f"U{k}", f"U{k + 1}") for k in range(3))
    problem = problem.replace(links=chain)
    found = clash_of(problem)
    assert found == [Instance("linked", f"U{k}", f"U{k + 1}") for k in range(3)]
    assert not feasible(relax(problem, found))
    assert all(feasible(relax(problem, [i for i in found if i != left])) for left in found)
    assert clash_of(problem.replace(links=chain[:2])) is None  # three in a row fit a day of three


def test_a_chain_too_long_is_told_with_its_figure():
    """Review16 §10: the story of a chain clash only restated its links; it says the figure that makes it
    impossible: how many units meet one after another, and the most following meeting times a day has."""
    units = [(f"U{k}", "部门", "") for k in range(4)]
    problem = small_problem(units, days=2, hours=(8, 9, 10), rooms=(Room("R0", 1),), categories=("部门",))
    problem = problem.replace(links=tuple(scheduler.Link(f"U{k}", f"U{k + 1}") for k in range(3)))
    conflict = explain(problem, time_limit=10)
    assert conflict is not None
    said = conflict.lines("zh")
    assert "  U0 → U1 → U2 → U3 须一个紧接一个对接，共 4 个，而一天最多只有 3 个前后紧接的对接时段" in said
    assert "4 in a row, but a day has at most 3 meeting times" in "\n".join(conflict.lines("en"))
    shorter = small_problem(units, days=2, hours=(8, 9, 11), rooms=(Room("R0", 1),), categories=("部门",))
    links = (scheduler.Link("U0", "U1"), scheduler.Link("U1", "U2"))
    pinned = shorter.replace(links=links, pins=(Pin("U0", shorter.calendar.slots[1]),))
    told = explain(pinned, time_limit=10)  # a chain that fits a day, clashing with a pin: no figure to say
    assert told is not None and not any("→" in line for line in told.lines("zh"))
