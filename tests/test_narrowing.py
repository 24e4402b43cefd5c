"""Narrowing: the order and the links cut each unit's free times in turn; a unit left with none is a
clash said at once, with the few rules whose cuts led there (QA qashapes20 F4: at 5,000 units every
rule of the table was listed instead). Each claim is held against brute force on random tiny tables.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scheduler.solver.model as model_module
from scheduler import Instance, Link, Pin, Problem, Room, Unavailable, Unit, explain
from scheduler.conflicts.conflict import relax
from scheduler.solver.clash import clash_of
from scheduler.solver.narrowing import narrowed_clash
from tests.brute import feasible
from tests.conftest import small_problem

HOURS = (8, 9, 10, 11, 15, 16)
"""One day, 8:00-11:00 one after another and 15:00-16:00: a morning run of four, an afternoon of two."""


def boundary_with_a_link() -> Problem:
    """A 部门 pinned at 10:00 and a 镇办 at 11:00 fix where the categories meet: 部门 up to 10:00,
    镇办 from 11:00. X (部门) is linked to Y (镇办), so they can only be 10:00 and 11:00, and Y cannot
    come at 11:00. No pair of the rules says so alone (QA qashapes20 F4, seven units of it)."""
    units = [("A", "部门", ""), ("X", "部门", ""), ("B", "镇办", ""), ("Y", "镇办", ""), ("C", "镇办", "")]
    problem = small_problem(units, hours=HOURS, rooms=(Room("R0", 1), Room("R1", 1)))
    at = problem.calendar.slots
    return problem.replace(
        pins=(Pin("A", at[2]), Pin("B", at[3])),
        links=(Link("X", "Y"),),
        unavailable=(Unavailable("Y", frozenset({at[3]})),),
    )


def test_a_link_across_a_pinned_category_boundary_is_seen_without_a_search():
    problem = boundary_with_a_link()
    found = clash_of(problem)
    expected = {
        Instance("category-order", "A"),
        Instance("category-order", "X"),
        Instance("category-order", "B"),
        Instance("category-order", "Y"),
        Instance("pinned", "A"),
        Instance("pinned", "B"),
        Instance("linked", "X", "Y"),
        Instance("unavailable", "Y"),
    }
    assert isinstance(found, list) and set(found) == expected
    assert not feasible(relax(problem, found))
    assert all(feasible(relax(problem, [i for i in found if i != left])) for left in found)  # irreducible
    at = problem.calendar.slots
    free = problem.replace(unavailable=(Unavailable("Y", frozenset({at[4]})),))
    assert clash_of(free) is None and feasible(free)  # Y free at 11:00: X 10:00, Y 11:00


def test_with_no_model_small_enough_the_explanation_is_the_clash_not_every_rule(monkeypatch):
    """At 5,000 units no model of the table is small enough to build (QA qashapes20 F4): before, the
    explanation was every rule of the table, unproven. The narrowing needs no model."""
    monkeypatch.setattr(model_module, "MAX_VARIABLES", 0)
    problem = boundary_with_a_link()
    conflict = explain(problem, time_limit=5)
    assert conflict is not None and conflict.proven and conflict.minimal
    assert len(conflict.instances) == 8


@st.composite
def linked_tables(draw: st.DrawFn) -> Problem:
    """Up to four units in two or three ordered categories, a chain of links, pins and unavailability,
    on a day of up to five times (some following each other): small enough to try every timetable."""
    count = draw(st.integers(2, 4))
    categories = ("甲", "乙", "丙")[: draw(st.integers(1, 3))]
    units = [(f"U{k}", draw(st.sampled_from(categories)), "") for k in range(count)]
    hours = tuple(sorted(draw(st.sets(st.sampled_from([8, 9, 10, 15, 16]), min_size=2, max_size=5))))
    rooms = (Room("R0", 1),) if draw(st.booleans()) else (Room("R0", 1), Room("R1", 1))
    problem = small_problem(units, hours=hours, rooms=rooms, categories=categories if len(categories) > 1 else ())
    slots = problem.calendar.slots
    names = [n for n, _, _ in units]
    length = draw(st.integers(0, count - 1))
    links = tuple(Link(names[k], names[k + 1]) for k in range(length))
    pinned = draw(st.lists(st.sampled_from(names), unique=True, max_size=2))
    pins = tuple(Pin(n, draw(st.sampled_from(slots))) for n in pinned)
    unavailable = tuple(
        Unavailable(n, frozenset(draw(st.sets(st.sampled_from(slots), min_size=1, max_size=2))))
        for n in draw(st.lists(st.sampled_from(names), unique=True, max_size=3))
    )
    return problem.replace(links=links, pins=pins, unavailable=unavailable)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(linked_tables())
def test_a_narrowed_clash_never_has_a_timetable(problem: Problem):
    """Every clash the narrowing names has no timetable, nor has the table relaxed to its rules; and
    without any one of them the narrowing no longer sees it."""
    found = narrowed_clash(problem)
    if found is None:
        return
    assert not feasible(problem)
    assert not feasible(relax(problem, found))
    assert all(narrowed_clash(relax(problem, [i for i in found if i != left])) is None for left in found)


def test_with_nothing_narrowed_the_answer_says_so_instead_of_listing_every_rule(monkeypatch):
    """No check without a search sees the clash and no model can be built (QA qashapes20 F4 at 5,000
    units): the explanation listed every rule of the table, unproven, from the first unit on. It says
    what was tried and what to do instead, with no list."""
    import scheduler.solver.clash as clash_module

    monkeypatch.setattr(model_module, "MAX_VARIABLES", 0)
    monkeypatch.setattr(clash_module, "narrowed_clash", lambda problem, forbidden=None, done=None, deadline=None: None)

    def unmatched(problem, forbidden=None, expired=None, done=None, told=True, deadline=None):
        return None  # nor matched

    monkeypatch.setattr(clash_module, "hall_clash", unmatched)
    problem = boundary_with_a_link()
    more = tuple(Unit(f"Z{k}", "镇办", "") for k in range(20))
    rooms = tuple(Room(f"R{k}", 1) for k in range(10))
    problem = problem.replace(units=problem.units + more, rooms=rooms)
    conflict = explain(problem, time_limit=5)
    assert conflict is not None and not conflict.instances and not conflict.minimal
    said = conflict.text("en")
    assert "29 rules, 25 units" in said and "saw no clash" in said and "- " not in said
    assert "计数和不需搜索的检查" in conflict.text("zh")


def test_a_tight_table_first_fit_leaves_is_settled_by_the_packing_with_no_model(monkeypatch):
    """Each question of the shrinking is a table with few rules left; at 5,000 units first-fit left
    some of them and no model was small enough to ask (QA qashapes20 F4: the 9 rules narrowed were
    'maybe fewer' after 20 s). The packing solve starts with answers them."""
    from benchmarks.shapes import build, shape_named
    from scheduler.solver.diagnose import has_timetable
    from scheduler.solver.greedy import first_fit

    monkeypatch.setattr(model_module, "MAX_VARIABLES", 0)
    problem = build(shape_named("tight-heavy-300u-2r"), "compact")
    assert first_fit(problem) is None
    assert has_timetable(problem, 10) is True


def test_the_questions_of_the_fewest_get_the_time_there_is(monkeypatch):
    """A clash proven by arithmetic is shrunk in the time the call has, not a third of it: at 5,000
    units the 9 rules narrowed were left unconfirmed after 9 s of a 20 s limit (QA qashapes20 F4)."""
    from scheduler.solver import diagnose

    given: list[float] = []
    original = diagnose.shrink

    def timed(problem, core, deadline, **how):
        given.append(deadline.remaining())
        return original(problem, core, deadline, **how)

    monkeypatch.setattr(diagnose, "shrink", timed)
    assert explain(boundary_with_a_link(), time_limit=30) is not None
    assert given and given[0] > 20


def test_a_list_arithmetic_made_irreducible_is_asked_about_one_rule_at_a_time(monkeypatch):
    """Eight rules, each needed: eight questions, not halves and quarters first (3 + 5 + 8 = 16 at 9
    rules of 5,000 units, a second each on a loaded machine: QA qashapes20 F4)."""
    from scheduler.solver import diagnose

    asked: list[int] = []
    original = diagnose._asked

    def counted(problem, deadline):
        asked.append(1)
        return original(problem, deadline)

    monkeypatch.setattr(diagnose, "_asked", counted)
    conflict = explain(boundary_with_a_link(), time_limit=30)
    assert conflict is not None and conflict.minimal and len(conflict.instances) == 8
    assert len(asked) == 8


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(linked_tables())
def test_every_proven_explanation_of_a_linked_table_holds_against_brute_force(problem: Problem):
    """Whatever found it (the count, the checks without a search, the narrowing, the core): a proven
    list has no timetable, a minimal one has one without any of its rules, and no answer where a
    timetable exists."""
    conflict = explain(problem, time_limit=10)
    if conflict is None:
        assert feasible(problem)
        return
    assert not feasible(problem)
    if conflict.too_many or not conflict.proven:
        return
    kept = list(conflict.instances)
    assert not feasible(relax(problem, kept))
    if conflict.minimal:
        assert all(feasible(relax(problem, [i for i in kept if i != left])) for left in kept)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 299), st.integers(0, 120)), max_size=6), st.sets(st.integers(0, 299)))
def test_a_mask_of_many_slots_added_run_by_run_is_the_sum_of_their_bits(runs, scattered):
    """Review, Twenty-first session: masks of many slots are made run by run (a week closed to a unit); the
    mask is the slots' bits, runs, gaps, a run at slot 0 and scattered slots alike."""
    from scheduler.solver.narrowing import _mask

    bit = [1 << t for t in range(300)]
    slots = frozenset(t for a, n in runs for t in range(a, min(a + n, 300))) | scattered
    assert _mask(bit, slots) == sum(bit[t] for t in slots)
    assert _mask(bit, slots, frozenset(range(0, 300, 7))) == sum(bit[t] for t in slots | set(range(0, 300, 7)))
