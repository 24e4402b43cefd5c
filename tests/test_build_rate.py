"""A model whose rules ran out of time teaches the build's rate: the same model asked again with less
time left than it already took is refused at once, not built past the limit."""

from __future__ import annotations

import types

import pytest

import scheduler.solver.model as model_module
from benchmarks.perturbed import Perturbed, build
from scheduler.rules.registry import UNIT_RULES
from scheduler.solver.deadline import Deadline, OutOfTime
from scheduler.solver.model import ModelBuilder


class _Clock:
    """A clock that moves only when told: the deadline's, and the build's own timing."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _problem():  # (a Problem)
    return build(Perturbed("pert-120u-1r", 120, chains=18, pins=18, broken=0.02, seed=0), "stable")


def test_rules_cut_short_make_the_same_model_refused_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    problem = _problem()
    clock = _Clock()
    monkeypatch.setattr(model_module, "time", types.SimpleNamespace(perf_counter=clock))
    monkeypatch.setattr(model_module, "_rate", [model_module.SECONDS_PER_VARIABLE, float("-inf")])
    later = UNIT_RULES[-1]

    posted: list[object] = []

    def slow(model: object) -> None:  # the last rule's posting takes 100 s: past the deadline
        posted.append(model)
        clock.now += 100.0

    monkeypatch.setattr(type(later), "post_slots", lambda self, model: slow(model))
    with pytest.raises(OutOfTime):
        ModelBuilder(problem, explaining=True, deadline=Deadline(50.0, clock=clock))
    # explaining: every unit at every time, 14,400 group variables and the rules' own (> 10,000: timed)
    assert 100.0 / 20_000 < model_module._rate[0] <= 100.0 / 14_400
    # the same model with 60 s left (less than the 100 s it already took) is refused before its rules
    with pytest.raises(OutOfTime):
        ModelBuilder(problem, explaining=True, deadline=Deadline(60.0, clock=clock))
    assert len(posted) == 1


def test_a_small_model_cut_short_teaches_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    problem = build(Perturbed("pert-40u-1r", 40, chains=6, pins=6, broken=0.02, seed=0), "stable")
    clock = _Clock()
    monkeypatch.setattr(model_module, "time", types.SimpleNamespace(perf_counter=clock))
    monkeypatch.setattr(model_module, "_rate", [model_module.SECONDS_PER_VARIABLE, float("-inf")])
    monkeypatch.setattr(type(UNIT_RULES[-1]), "post_slots", lambda self, model: setattr(clock, "now", 100.0))
    with pytest.raises(OutOfTime):
        ModelBuilder(problem, explaining=True, deadline=Deadline(50.0, clock=clock))
    assert model_module._rate[0] == model_module.SECONDS_PER_VARIABLE  # 1,600 variables: too few to time


def test_a_slow_build_is_not_held_against_the_process_for_ever(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long-lived process (the web app, an embedding service): one build cut short on a busy machine
    refuses the same model at once, but not every later call once the busy spell is past."""
    problem = _problem()
    clock = _Clock()
    monkeypatch.setattr(model_module, "time", types.SimpleNamespace(perf_counter=clock))
    monkeypatch.setattr(model_module, "_rate", [model_module.SECONDS_PER_VARIABLE, float("-inf")])
    later = UNIT_RULES[-1]
    real_post = type(later).post_slots
    busy = [True]

    def post(self: object, model: object) -> None:
        if busy[0]:
            clock.now += 100.0  # the busy spell: the last rule's posting takes 100 s
        real_post(self, model)  # type: ignore[arg-type]

    monkeypatch.setattr(type(later), "post_slots", post)
    with pytest.raises(OutOfTime):
        ModelBuilder(problem, explaining=True, deadline=Deadline(50.0, clock=clock))
    with pytest.raises(OutOfTime):  # at once: the lesson is fresh
        ModelBuilder(problem, explaining=True, deadline=Deadline(60.0, clock=clock))
    busy[0] = False
    clock.now += model_module.RATE_MEMORY + 1.0  # the machine calm again, a while later
    built = ModelBuilder(problem, explaining=True, deadline=Deadline(60.0, clock=clock))
    assert built.cp.num_variables > 10_000
    assert model_module._rate[0] == model_module.SECONDS_PER_VARIABLE  # the calm build's rate (0 s here)
