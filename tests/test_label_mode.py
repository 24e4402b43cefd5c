"""Label mode (issue 16): the slot model without enumerating groups, for labels that allow too many.

The label model (:class:`scheduler.solver.labelled.LabelModel`) must say the same timetables as
the set-partitioning model: on small random tables (18-25 units; overlapping labels, rooms of 2, 3 and 5, mixed
rooms, links, unavailability, two categories) both prove the same optimum for ``compact`` and
``stable``, the label model's timetable passes the checker, and a round of the stable search (a
relaxation with absent units) has the same optimum in both. Past the group cap, a table the
greedy leaves at 7 moves now gets a better, proven answer. Speed is measured by the shape sweep
(``make bench-shapes``), not here.
"""

from __future__ import annotations

import pytest

import scheduler
import scheduler.solver.labelled as labelled
import scheduler.solver.model as model_module
import scheduler.solver.stable as stable_module
from benchmarks.shapes import Shape, build
from scheduler import validate
from scheduler.solver.deadline import Deadline
from scheduler.solver.labelled import LabelModel, NotExpressible, crowded, slot_model
from scheduler.solver.model import ModelBuilder
from scheduler.solver.objectives import OBJECTIVES, Stable
from scheduler.solver.pipeline import first_timetable, slot_groups_of
from scheduler.solver.result import Status
from scheduler.solver.rooms import assign_rooms
from scheduler.solver.stages import minimize, solve_stages
from tests.deterministic import HOUR, by_work

CAPACITIES = (2, 3, 5, (3, 2, 1), (5, 2))


def small(seed: int, objective: str) -> scheduler.Problem:
    """A random table of 18-25 units: labels overlapping (even seeds) or in groups of 2-5, rooms by seed."""
    capacity = CAPACITIES[seed % len(CAPACITIES)]
    rooms = 1 + seed % 3 if isinstance(capacity, int) else len(capacity)
    shape = Shape(
        f"label-mode-{seed}", 18 + seed % 8, rooms, capacity=capacity, overlap=seed % 2 == 0, paired=0.6,
        label_size=(2, 5) if seed % 2 else 4, links=0.1, seed=seed,
    )  # fmt: skip
    return build(shape, objective)


WORK = 60.0
"""CP-SAT's deterministic time for each search of a proof (:func:`tests.deterministic.by_work`): the longest
search of this file and test_label_fuzz.py together took 3.5 (185 searches, 18.6 in all, twenty-fifth session):
the proof is the same at any load."""


def optimum(model: ModelBuilder, objective: str) -> tuple[tuple[int, ...] | str, scheduler.Timetable | None]:
    """The model's proven optimum (every stage) and its timetable, or ``"infeasible"`` (proven so)."""
    problem = model.problem
    goal = OBJECTIVES[objective]
    stages = goal.stages(model)
    with by_work(WORK):
        staged = solve_stages(model.cp, stages, goal.stage_floors(problem), Deadline(HOUR), 2)
    if staged.status == "INFEASIBLE" and not staged.values:
        return "infeasible", None
    assert len(staged.proven) == len(stages), f"not proven in {WORK} s of deterministic time each search"
    return staged.proven, assign_rooms(problem, model.placements(staged.values), {})


@pytest.mark.parametrize("objective", ["compact", "stable"])
@pytest.mark.parametrize("seed", range(10))
def test_label_mode_and_the_enumerated_model_prove_the_same_optimum(seed, objective):
    problem = small(seed, objective)
    enumerated, _ = optimum(ModelBuilder(problem), objective)
    label = LabelModel(problem)
    assert len(label.groups) == len(problem.units)  # a start per unit, key and slot: no group enumerated
    found, timetable = optimum(label, objective)
    assert found == enumerated  # (a generated table may have no timetable: then both prove it)
    if timetable is not None:
        assert validate(problem, timetable).ok
        assert OBJECTIVES[objective].score(problem, timetable).values == found


@pytest.mark.parametrize("seed", [1, 4, 8])
def test_a_relaxed_round_of_the_stable_search_has_the_same_optimum_in_both(seed, monkeypatch):
    """The round's units held at their reference times may be absent; the counting bounds then read
    the units beyond one a room exactly in both (``merges_at``), so the relaxations are the same."""
    problem = build(Shape("biglabel", 90, 2, big_label=True, seed=seed), "stable")
    reach = dict.fromkeys(stable_module.first_free(problem), len(problem.calendar))
    values = []
    for kind in (ModelBuilder, LabelModel):
        monkeypatch.setattr(stable_module, "slot_model", lambda p, _kind=kind, **options: _kind(p, **options))
        model = stable_module.build(problem, reach)
        assert type(model) is kind
        stages = Stable().stages(model)
        weight = minimize(model.cp, stages[0], [(literal, 1) for literal in model.absent.values()])
        outcome = model.cp.solve(60.0, 1, light_presolve=True)
        assert outcome.status == "OPTIMAL"
        values.append(divmod(round(outcome.objective or 0), weight))  # (moved, absent)
    assert values[0] == values[1]


def test_the_greedy_timetable_hinted_is_a_solution_of_the_label_model():
    """Every group of the greedy's timetable finds a key and a room; fixed at the hint, the model has a
    solution, and it is the greedy's timetable (every unit in the same slot) as the checker accepts it."""
    problem = build(Shape("biglabel", 90, 2, big_label=True, seed=1), "stable")
    greedy = first_timetable(problem, "stable")
    assert greedy is not None
    model = LabelModel(problem)
    wanted = slot_groups_of(problem, greedy)
    assert model.hint(wanted) == sum(len(groups) for groups in wanted.values())
    hint = model.cp.proto.solution_hint
    for var, value in zip(hint.vars, hint.values, strict=True):
        model.cp.linear([(var, 1)], lo=value, hi=value)
    outcome = model.cp.solve(60.0, 1)
    assert outcome.has_solution
    found = model.placements(outcome.values)

    def slots(slot_groups: dict[int, list[tuple[scheduler.Unit, ...]]]) -> dict[int, list[str]]:
        return {t: sorted(u.name for g in groups for u in g) for t, groups in slot_groups.items()}

    assert slots(found) == slots(dict(wanted))  # (a key's units shared out over its rooms in its own way)
    assert validate(problem, assign_rooms(problem, found, {})).ok


def test_past_the_group_cap_a_table_gets_a_better_proven_timetable_than_the_greedy(monkeypatch):
    """One label shared by every street office, past a cap of 100 groups: once the greedy's 7 moves
    and a bound of 3 (every round refused), now the label model's rounds prove the optimum."""
    monkeypatch.setattr(model_module, "MAX_GROUPS", 100)
    built: list[str] = []
    real = LabelModel.__init__

    def counted(self, *args, **options):
        built.append("label")
        real(self, *args, **options)

    monkeypatch.setattr(LabelModel, "__init__", counted)
    problem = build(Shape("biglabel", 90, 2, big_label=True, seed=1), "stable")
    assert crowded(problem)
    greedy = first_timetable(problem, "stable")
    assert greedy is not None
    result = scheduler.solve(problem, "stable", time_limit=60, workers=1)
    assert built, "the label model was never built"
    assert result.timetable is not None and validate(problem, result.timetable).ok
    assert result.score is not None
    assert result.score < OBJECTIVES["stable"].score(problem, greedy)
    assert result.status is Status.OPTIMAL


def test_a_problem_whose_labels_allow_few_groups_keeps_the_enumerated_model(monkeypatch):
    problem = small(3, "compact")
    assert not crowded(problem)
    monkeypatch.setattr(labelled, "SMALLER", 0)  # would switch at any size, if the problem were crowded
    assert type(slot_model(problem)) is ModelBuilder


def test_no_label_model_while_explaining_or_for_a_grouping_limit_it_cannot_state():
    problem = small(2, "compact")
    with pytest.raises(NotExpressible):
        LabelModel(problem, explaining=True)

    class Odd(scheduler.rules.base.Rule):
        name = "odd-grouping"

        def allows_group(self, problem, units):
            return len(units) != 2

    with pytest.raises(NotExpressible):
        LabelModel(problem, rules=(*scheduler.rules.registry.UNIT_RULES, Odd()))


@pytest.mark.parametrize("seed", range(4))
def test_label_mode_says_the_slots_where_each_unit_may_start_as_the_port_asks(seed):
    """``start_slots`` is the set of slots where ``start_terms`` is not empty, in label mode as in the
    enumerated model: the linked rule walks only these (label mode once said none, so no link was
    posted and its timetables broke links: a fresh clone's make test caught it)."""
    problem = small(seed, "compact")
    for model in (ModelBuilder(problem), LabelModel(problem)):
        for unit in problem.units:
            said = set(model.start_slots(unit.name))
            assert said == {t for t in model.horizon if model.start_terms(unit.name, t)}, unit.name
            assert said, unit.name
