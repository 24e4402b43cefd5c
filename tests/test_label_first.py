"""Label mode, the first improvement sooner (issue 16, twenty-fifth session): what the ``stable`` search does first
on a crowded table, and that the cheaper order still proves what it proved.

* The greedy begins with first-fit without ejections there, and the ejecting one only when that gets stuck
  (:data:`scheduler.solver.pipeline.CROWDED_FIRST`); elsewhere the order is as before.
* The guided model frees the greedy's movers and asks for the floor of the moves before the displacement
  program is solved (:data:`scheduler.solver.stable.GUIDED_MOVERS`); when that model has no timetable at the
  floor, the program says who moves, as before.
* The priced model's prices are begun only while the program's own time is left.

Speed is measured by the shape sweep (docs/benchmarks.md), not here.
"""

from __future__ import annotations

from typing import Any

import pytest

import scheduler
import scheduler.solver.model as model_module
import scheduler.solver.pipeline as pipeline
import scheduler.solver.shifts as shifts
import scheduler.solver.stable as stable
from benchmarks.shapes import Shape, build
from scheduler import Status, validate
from scheduler.solver.deadline import Deadline
from scheduler.solver.labelled import crowded
from scheduler.solver.objectives import OBJECTIVES
from tests.deterministic import HOUR, by_work
from tests.test_label_mode import small

WORK = 30.0
"""CP-SAT's deterministic time for each search of a proof (:func:`tests.deterministic.by_work`): these tests'
14 searches took at most 0.61 (twenty-fifth session)."""


def traced(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The search's steps in order: ``"program"`` for each displacement program solved, ``("kept", values)`` for
    each timetable the search keeps (its score once kept)."""
    steps: list[Any] = []
    program, keep = shifts.shifted, stable._Rounds._keep

    def counted(*args: Any, **how: Any) -> Any:
        steps.append("program")
        return program(*args, **how)

    def kept(self: stable._Rounds, placements: Any) -> None:
        keep(self, placements)
        steps.append(("kept", self.best_values))

    monkeypatch.setattr(shifts, "shifted", counted)
    monkeypatch.setattr(stable._Rounds, "_keep", kept)
    return steps


def test_on_a_crowded_table_the_guided_model_answers_before_the_program(monkeypatch):
    """One label for every street office (past a cap of 100 groups): the greedy's 6 moves, then a timetable at the
    floor of 3 from the model freeing the greedy's movers, before any displacement program; then proven optimal."""
    monkeypatch.setattr(model_module, "MAX_GROUPS", 100)
    problem = build(Shape("biglabel", 120, 2, big_label=True, seed=3), "stable")
    assert crowded(problem)
    steps = traced(monkeypatch)
    with by_work(WORK):  # (the proof bounded by CP-SAT's work, not the machine's load)
        result = scheduler.solve(problem, "stable", time_limit=HOUR, workers=1)
    assert result.status is Status.OPTIMAL and result.timetable is not None
    assert validate(problem, result.timetable).ok
    assert result.score is not None and result.score.values[0] == 3
    first = steps[0]
    assert first != "program" and first[1][0] == 3, steps
    assert "program" in steps  # (the displacement's bound and prices, after)


def test_when_the_greedy_movers_are_not_enough_the_program_says_who_moves(monkeypatch):
    """A table where the model freeing the greedy's movers has no timetable at the floor of the moves: the program
    is solved and its movers freed, as before this session, and the optimum is proven all the same."""
    monkeypatch.setattr(model_module, "MAX_GROUPS", 100)
    problem = build(Shape("biglabel", 90, 2, big_label=True, seed=2), "stable")
    steps = traced(monkeypatch)
    with by_work(WORK):  # (the proof bounded by CP-SAT's work, not the machine's load)
        result = scheduler.solve(problem, "stable", time_limit=HOUR, workers=1)
    assert steps[0] == "program", steps
    assert result.status is Status.OPTIMAL and result.score is not None
    assert result.score.values == (3, 6, 35)


def first_fits(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each first-fit the greedy begins ejects."""
    begun: list[bool] = []
    real = pipeline.first_fit

    def counted(*args: Any, **how: Any) -> Any:
        begun.append(how.get("eject", True))
        return real(*args, **how)

    monkeypatch.setattr(pipeline, "first_fit", counted)
    return begun


def test_on_a_crowded_table_the_greedy_begins_without_ejections(monkeypatch):
    monkeypatch.setattr(model_module, "MAX_GROUPS", 100)
    problem = build(Shape("biglabel", 120, 2, big_label=True, seed=3), "stable")
    begun = first_fits(monkeypatch)
    timetable = pipeline.first_timetable(problem, "stable")
    assert timetable is not None and validate(problem, timetable).ok
    assert begun == [False]  # (it found one: the ejecting first-fit is not begun)


def test_elsewhere_the_greedy_begins_with_ejections_and_tries_both():
    problem = small(5, "stable")
    assert not crowded(problem)
    with pytest.MonkeyPatch.context() as patch:
        begun = first_fits(patch)
        timetable = pipeline.first_timetable(problem, "stable")
    assert timetable is not None
    assert begun[:2] == [True, False]


def test_the_prices_are_not_begun_when_less_than_the_programs_time_is_left(monkeypatch):
    """With the fewest moves proven and the program solved, the priced model is tried when the program's time is
    left, and not when less is (its prices and places are made without a look at the clock)."""
    monkeypatch.setattr(model_module, "MAX_GROUPS", 100)
    problem = build(Shape("biglabel", 120, 2, big_label=True, seed=3), "stable")
    greedy = pipeline.first_timetable(problem, "stable")
    assert greedy is not None

    def rounds(program_seconds: float) -> stable._Rounds:
        found = stable._Rounds(problem, greedy, Deadline(60), lambda _: greedy, lambda _: {})
        found.proven = [found.best_values[0]]
        found._program(found.best_values[0])
        assert found.program is not None and found.program[1] is not None
        found.timings["shift"] = program_seconds
        return found

    late = rounds(120.0)
    assert not late.priced() and not late.tried_priced
    assert rounds(0.0).priced()


def test_the_greedy_of_a_crowded_table_scores_as_the_objective_says(monkeypatch):
    """The timetable the cheaper order gives is checked and scored like any other (never worse than what the
    search returns)."""
    monkeypatch.setattr(model_module, "MAX_GROUPS", 100)
    problem = build(Shape("biglabel", 90, 2, big_label=True, seed=1), "stable")
    greedy = pipeline.first_timetable(problem, "stable")
    assert greedy is not None and validate(problem, greedy).ok
    with by_work(WORK):  # (the proof bounded by CP-SAT's work, not the machine's load)
        result = scheduler.solve(problem, "stable", time_limit=HOUR, workers=1)
    assert result.score is not None
    assert result.score.values <= OBJECTIVES["stable"].score(problem, greedy).values
