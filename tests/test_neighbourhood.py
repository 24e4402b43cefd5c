"""The stable search on small models (scheduler/neighbourhood.py), held against independent answers.

* Every round's model is a relaxation: on random tiny problems, whatever units are
  free and however far they may go, its optimum never beats the brute-force optimum
  (stage by stage), and a round with no absent unit finds that optimum exactly.
* ``solve(objective="stable")`` finds the brute-force optimum on random references.
* On generated instances where the greedy moves more units than it must (the hard
  path), the search agrees with the whole model solved exactly, gives the same
  timetable in every process, and answers within a very short time limit.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from benchmarks.generate import generate
from benchmarks.shapes import Shape
from benchmarks.shapes import build as build_shape
from scheduler import Calendar, Meeting, Problem, Room, Timetable, Unavailable, Unit, solve, validate
from scheduler.solver import relay
from scheduler.solver.deadline import Deadline
from scheduler.solver.fewest import fewest_moves
from scheduler.solver.model import ModelBuilder
from scheduler.solver.objectives import Stable, reference_slots
from scheduler.solver.rooms import assign_rooms
from scheduler.solver.stable import build, first_free
from scheduler.solver.vacancies import Vacancies
from tests.brute import stable_scores
from tests.test_properties import SETTINGS, problems

pytestmark = pytest.mark.usefixtures("search_not_stopped_by_the_suites_memory")

ROOT = Path(__file__).resolve().parent.parent


def with_reference(problem: Problem, data: st.DataObject) -> Problem:
    """``problem`` with a random reference: each unit at some slot, or missing (valid or not)."""
    slots = problem.calendar.slots
    picks = [data.draw(st.integers(0, len(slots))) for _ in problem.units]
    meetings = tuple(Meeting(u.name, slots[i]) for u, i in zip(problem.units, picks, strict=True) if i < len(slots))
    return problem.replace(reference=Timetable(meetings))


def lexicographic(model: ModelBuilder, known: tuple[int, ...], start: int = 0) -> list[tuple[int, bool]]:
    """Each stage's optimum on ``model`` from ``start`` on, as the search poses it (the
    criterion first, then the fewest absent units), with the earlier stages held at the
    true optima ``known``: (value, whether some unit is absent)."""
    stages = Stable().stages(model)
    for stage, value in zip(stages[:start], known, strict=False):
        model.cp.linear(stage.terms, hi=value - stage.offset)
    out = []
    for k in range(start, len(stages)):
        stage = stages[k]
        weight = len(model.absent) + 1
        model.cp.minimize(
            [(v, c * weight) for v, c in stage.terms] + [(a, 1) for a in model.absent.values()], stage.offset * weight
        )
        outcome = model.cp.solve(20, 1)
        assert outcome.status == "OPTIMAL"
        value = sum(c * outcome.values[v] for v, c in stage.terms) + stage.offset
        out.append((value, any(outcome.values[a] for a in model.absent.values())))
        model.cp.linear(stage.terms, hi=known[k] - stage.offset)
    return out


@SETTINGS
@given(problems(), st.data())
def test_each_round_bounds_the_true_optimum_from_below(problem: Problem, data: st.DataObject):
    problem = with_reference(problem, data)
    scores = stable_scores(problem)
    if not scores:
        return
    best = min(scores)
    names = [u.name for u in problem.units]
    free = first_free(problem, data.draw(st.sets(st.sampled_from(names))))
    slots = len(problem.calendar)
    reach = {name: data.draw(st.integers(0, slots)) for name in sorted(free)}
    for k, (value, absent) in enumerate(lexicographic(build(problem, reach), best)):
        assert value <= best[k], f"stage {k + 1}: the relaxation claims {value}, the true optimum is {best[k]}"
        if not absent:
            assert value == best[k]  # a real timetable, so no better than the optimum
    if best[0] == len(Stable().forced(problem)):
        # Only the forced units move: the model holding everyone else is exact.
        for k, (value, absent) in enumerate(lexicographic(build(problem, reach, exact_moves=True), best, 1), 1):
            assert value <= best[k]
            if not absent:
                assert value == best[k]


def test_an_absent_unit_that_could_share_needs_no_room_of_its_own():
    """丙 must leave slot 1 and can only join 乙 (same label) in slot 0; held out of its
    reach, it is absent. The counting bound (2 slots x 1 room must hold 3 units) would
    call that impossible unless it excuses an absent unit that could have shared."""
    calendar = Calendar((date(2021, 9, 8), date(2021, 9, 9)), (time(8),))
    slot = calendar.slots
    problem = Problem(
        units=(Unit("甲"), Unit("乙", group="A"), Unit("丙", group="A")),
        calendar=calendar,
        rooms=(Room("房0", 2),),
        unavailable=(
            Unavailable("甲", frozenset({slot[0]})),
            Unavailable("乙", frozenset({slot[1]})),
            Unavailable("丙", frozenset({slot[1]})),
        ),
        reference=Timetable((Meeting("甲", slot[1]), Meeting("乙", slot[0]), Meeting("丙", slot[1]))),
    )
    best = min(stable_scores(problem))
    assert best == (1, 1, 2)
    (moved, absent), *_ = lexicographic(build(problem, {"丙": 0}), best)
    assert absent and moved == 1


@SETTINGS
@given(problems(), st.data())
def test_stable_finds_the_brute_force_optimum(problem: Problem, data: st.DataObject):
    problem = with_reference(problem, data)
    scores = stable_scores(problem)
    result = solve(problem, objective="stable", time_limit=20, workers=1)
    if not scores:
        assert result.status == "infeasible"
        return
    assert result.status == "optimal"
    assert validate(problem, result.timetable).ok
    assert result.score.values == min(scores)


# Generated instances where the greedy moves more units than the forced ones
# (found by benchmarks/generate.py seeds; the greedy's moves vs the forced units in brackets).
HARD = [(20, 1, 21), (30, 2, 8), (40, 2, 18), (60, 2, 20)]  # 7/2, 25/2, 35/2, 54/2


def exact_on_whole_model(problem: Problem) -> tuple[int, ...]:
    """The staged optimum on the whole model (every unit free), an independent answer."""
    model = ModelBuilder(problem)
    values = []
    for stage in Stable().stages(model):
        model.cp.minimize(stage.terms, stage.offset)
        outcome = model.cp.solve(60, 2, light_presolve=True)
        assert outcome.status == "OPTIMAL"
        values.append(round(outcome.objective))
        model.cp.linear(stage.terms, hi=values[-1] - stage.offset)
    return tuple(values)


def test_the_hard_path_agrees_with_the_whole_model():
    for units, rooms, seed in HARD:
        problem = generate(units, rooms, seed, stable=True)
        result = solve(problem, objective="stable", time_limit=60)
        assert result.status == "optimal", (units, rooms, seed)
        assert validate(problem, result.timetable).ok
        assert result.score.values == exact_on_whole_model(problem), (units, rooms, seed)
        assert result.score.values[0] > len(Stable().forced(problem))  # really the hard path


_RUN = """
import json, sys
from benchmarks.generate import generate
from benchmarks.shapes import Shape
from benchmarks.shapes import build as build_shape
from scheduler import solve
result = solve(generate(60, 2, 20, stable=True), objective="stable", time_limit=60)
print(json.dumps([result.status, sorted((m.unit, str(m.start), m.room) for m in result.timetable.meetings)]))
"""


def test_the_hard_path_gives_the_same_timetable_in_every_process():
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        out = subprocess.run([sys.executable, "-c", _RUN], cwd=ROOT, env=env, capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        runs.append(json.loads(out.stdout))
    assert runs[0][0] == "optimal"
    assert runs[0] == runs[1]


@pytest.mark.serial
def test_a_very_short_limit_still_answers_with_a_true_bound():
    problem = generate(300, 2, 0, stable=True)
    result = solve(problem, objective="stable", time_limit=0.2)
    assert result.status in ("optimal", "feasible")
    assert validate(problem, result.timetable).ok
    assert result.bound.values <= result.score.values
    assert result.bound.values[0] >= len(Stable().forced(problem))
    assert result.runtime < 0.2 + 2  # the limit, with room for a busy machine


# Shapes where the fewest moves are the forced units and one more: the relay search
# (scheduler/solver/relay.py) settles displacement and end by which unit that is.
ONE_MORE = [  # (a shape's name seeds its generator: these are the names they were found under)
    Shape("x6", 60, 1, seed=6, unavailable=0.3, paired=0.4),
    Shape("y7", 120, 1, seed=7, unavailable=0.4),
    Shape("y2", 60, 2, capacity=(3, 1), paired=0.4, label_size=(2, 4), seed=2),
    Shape("y7", 60, 1, overlap=True, label_size=4, seed=7),
    Shape("y7", 80, 2, links=0.1, pins=0.05, seed=7),
]


def test_one_more_mover_is_settled_as_the_whole_model_says():
    for shape in ONE_MORE:
        if shape.units > 100 or shape.overlap:
            continue  # the whole model takes 5-6 s on these two: they are held to their bounds below
        problem = build_shape(shape, "stable")
        result = solve(problem, objective="stable", time_limit=60)
        assert "relay" in result.timings, shape.name  # the relay search really ran
        assert result.status == "optimal", shape.name
        assert validate(problem, result.timetable).ok
        assert result.score.values == exact_on_whole_model(problem), shape.name
    for shape in ONE_MORE:  # the others: the relay ran and proved its answer
        result = solve(build_shape(shape, "stable"), objective="stable", time_limit=60)
        assert "relay" in result.timings and result.status == "optimal", shape.name


def test_no_unit_beats_its_bound_in_its_own_exact_model():
    """The relay's bound for each candidate is at most the displacement of the candidate's
    exact model (the forced units and it free, everyone else held), and a candidate ruled
    out as unable to fit has no timetable at all."""
    for shape in ONE_MORE:
        problem = build_shape(shape, "stable")
        reference = reference_slots(problem)
        forced = Stable().forced(problem)
        for lower, name in relay.candidates(problem, reference, forced, Deadline(60.0)):
            within = {u.name: frozenset((reference[u.name],)) for u in problem.units if u.name not in forced}
            everywhere = frozenset(range(len(problem.calendar)))
            for mover in forced:
                within[mover] = everywhere  # the exact model, not the relay's narrowed one
            within[name] = everywhere - {reference[name]}
            model = ModelBuilder(problem, within=within)
            stage = Stable().stages(model)[1]
            model.cp.minimize(stage.terms, stage.offset)
            outcome = model.cp.solve(60, 1)
            if lower == relay.NEVER:
                assert outcome.status == "INFEASIBLE", (shape.name, name)
            else:
                assert outcome.status in ("OPTIMAL", "INFEASIBLE"), (shape.name, name)
                if outcome.status == "OPTIMAL":
                    assert lower <= round(outcome.objective), (shape.name, name)


def test_staying_units_that_may_not_share_keep_their_rooms():
    """One hour, four rooms of two: a pair of label-mates and three single units stay. They
    need four rooms (the pair shares one), so none is free for a moving unit; counting seats
    (five units, two to a room: three rooms) would have left one free and made the relay's
    bound far too low (heavy-1000u-4r: 14 against a true 411)."""
    calendar = Calendar((date(2021, 9, 8),), (time(8), time(9)))
    units = (
        Unit("甲1", "部门", "甲"),
        Unit("甲2", "部门", "甲"),
        Unit("乙", "部门"),
        Unit("丙", "部门"),
        Unit("丁", "部门"),
    )
    at8 = calendar.slots[0]
    problem = Problem(
        units=(*units, Unit("戊", "部门")),
        calendar=calendar,
        rooms=tuple(Room(name, 2) for name in "ABCD"),
        categories=("部门",),
        reference=Timetable(tuple(Meeting(u.name, at8) for u in units) + (Meeting("戊", calendar.slots[1]),)),
    )
    free = Vacancies(problem, reference_slots(problem), {"戊"})
    rooms, seats, staying = free.room_at(0, None)
    assert (rooms, seats, len(staying)) == (0, 3, 5)
    assert free.room_at(1, None)[:2] == (4, 8)


def test_forced_units_with_no_place_among_those_who_stay_lift_the_floor_of_moves():
    """One room, hours 8-11: 甲 (8:00) may come neither at 8 nor at 11, the only free hour; 乙
    and 丙 hold 9 and 10. 甲 cannot move alone, so every timetable moves two units: that is
    known before any search (the best: 甲 to 9, 乙 to 8, the hour 甲 left)."""
    calendar = Calendar((date(2021, 9, 8),), tuple(time(h) for h in (8, 9, 10, 11)))
    slots = calendar.slots
    problem = Problem(
        units=(Unit("甲"), Unit("乙"), Unit("丙")),
        calendar=calendar,
        rooms=(Room("A"),),
        unavailable=(Unavailable("甲", frozenset((slots[0], slots[3]))),),
        reference=Timetable((Meeting("甲", slots[0]), Meeting("乙", slots[1]), Meeting("丙", slots[2]))),
    )
    assert fewest_moves(problem, reference_slots(problem), {"甲"}) == 2
    result = solve(problem, objective="stable", time_limit=10)
    assert result.status == "optimal"
    assert result.score.values[:2] == (2, 2)
    assert validate(problem, result.timetable).ok


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(problems(), st.data())
def test_the_relay_settles_what_brute_force_says_when_one_unit_more_moves(problem: Problem, data: st.DataObject):
    """On random tiny problems whose fewest moves are the forced units and one more (by brute
    force), the relay search alone finds the brute-force optimum's displacement and end, and a
    timetable that has them; and its lifted floor of moves never rises above the truth."""
    problem = with_reference(problem, data)
    reference = reference_slots(problem)
    forced = Stable().forced(problem)
    scores = stable_scores(problem)
    assume(scores and forced)
    best = min(scores)
    assert fewest_moves(problem, reference, forced) <= best[0]
    assume(best[0] == len(forced) + 1)

    def accept(slot_groups):
        timetable = assign_rooms(problem, slot_groups)
        return timetable if validate(problem, timetable).ok else None

    floors = Stable().stage_floors(problem)
    found = relay.settle(problem, reference, forced, None, (floors[1], floors[2]), Deadline(60.0), accept)
    assert found.proven == best[1:]
    assert found.timetable is not None
    assert Stable().score(problem, found.timetable).values == best


@SETTINGS
@given(problems(), st.data())
def test_the_fewest_moves_bound_never_passes_the_truth(problem: Problem, data: st.DataObject):
    """On random tiny problems (categories, labels, rooms of 1-3, pins, links), the bound on the
    fewest moves from the places the staying units leave is never above brute force's."""
    problem = with_reference(problem, data)
    scores = stable_scores(problem)
    assume(scores)
    reference = reference_slots(problem)
    assert fewest_moves(problem, reference, Stable().forced(problem)) <= min(scores)[0]


def test_the_fewest_moves_bound_on_shapes_is_at_most_the_proven_moves():
    """On the shapes whose fewest moves the search proves (one unit more than the forced ones),
    the bound is at most that."""
    for shape in ONE_MORE:
        problem = build_shape(shape, "stable")
        forced = Stable().forced(problem)
        result = solve(problem, objective="stable", time_limit=60)
        assert result.status == "optimal"
        assert fewest_moves(problem, reference_slots(problem), forced) <= result.score.values[0]
