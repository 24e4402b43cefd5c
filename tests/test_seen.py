"""An explanation's checks without a search: each asked once per table, each hearing the call's deadline.

``explain(problem, 0.5)`` on the pert shape at 2,000 units took 13.9 s of wall at a load of 12: the
clash, the narrowing, first-fit and the packing were made four times over, and none of them looked at
the clock (docs/benchmarks.md, "Twenty-second session, issue 16").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

import scheduler.solver.clash as clash_module
import scheduler.solver.diagnose as diagnose
import scheduler.solver.narrowing as narrowing
from benchmarks.perturbed import Perturbed, build
from scheduler import Problem
from scheduler.solver.deadline import Deadline
from scheduler.solver.diagnose import explain


def pert(units: int, seed: int, broken: float) -> Problem:
    """A draw of the pert shape (one room of one, no free time), as benchmarks/pert_seeds.py makes it."""
    scaled = units * 300 // 2000
    return build(Perturbed(f"pert-{units}u-1r", units, chains=scaled, pins=scaled, broken=broken, seed=seed), "stable")


def counted(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, asked: Counter[tuple[str, Problem]]) -> None:
    """``module.name`` counting the problems it is asked of (by content: two equal problems are one)."""
    made: Callable[..., Any] = getattr(module, name)

    def counting(problem: Problem, *args: Any, **kwargs: Any) -> Any:
        asked[name, problem] += 1
        return made(problem, *args, **kwargs)

    monkeypatch.setattr(module, name, counting)


def test_an_explanation_asks_each_check_once_per_table(monkeypatch):
    """100 units, broken 0.02, seed 0: the clash is proven by the arithmetic and shrunk by the solver,
    which asks the table relaxed many ways; the table itself is asked for its clash (explain), then
    whether it has a timetable (the clash without the matching, first-fit, the matching, the packing).
    Each check is made once per table (before: the clash and the narrowing twice or more of the same
    table, first-fit and the packing twice)."""
    asked: Counter[tuple[str, Problem]] = Counter()
    for module, name in [
        (clash_module, "_plain"),
        (narrowing, "_narrowed"),
        (diagnose, "first_fit"),
        (diagnose, "packed"),
    ]:
        counted(monkeypatch, module, name, asked)
    problem = pert(100, 0, 0.02)
    conflict = explain(problem, 20)
    assert conflict is not None and conflict.proven
    assert asked["_plain", problem] == 1 and asked["_narrowed", problem] == 1
    assert len({p for _, p in asked}) > 2  # the shrinking asked other tables too (the test saw them)
    assert max(asked.values()) == 1, [(name, n) for (name, _), n in asked.items() if n > 1]


def test_the_arithmetic_hears_the_deadline_inside_its_pass_over_the_units(monkeypatch):
    """A clock that moves a second for every unit's slots made (the narrowing's masks): with 10 s given,
    the pass stops within :data:`~scheduler.solver.narrowing.EVERY` units of the deadline, not at the end
    of the 300 units, and the explanation says that not even those checks were done in the time (not that
    they saw no clash), unproven."""
    now = [0.0]
    masks = [0]
    made = narrowing._mask

    def slow_mask(*args: Any) -> int:
        masks[0] += 1
        now[0] += 1.0
        return made(*args)

    monkeypatch.setattr(narrowing, "_mask", slow_mask)
    problem = pert(300, 0, 0.02)
    conflict = explain(problem, Deadline(10, clock=lambda: now[0]))
    assert conflict is not None and not conflict.instances and not conflict.proven
    assert "not even the checks without a search" in conflict.text("en") and "saw no clash" not in conflict.text("en")
    assert "时限内连不需搜索的检查" in conflict.text("zh")
    assert 10 <= masks[0] <= 10 + narrowing.EVERY < 300


def test_a_whole_model_that_found_nothing_searches_on_rather_than_an_explanation_building_it_again(monkeypatch):
    """``stable`` with no greedy timetable (pert, 100 units, seed 0: first-fit gets stuck) and no clash the
    checks without a search see: the whole model's first half finds nothing (held so here), and the same
    model searches on with all but a tenth of what is left, rather than the explanation building that
    model anew for the same question, a timetable it found there never given (pert 1,000 units, T = 20:
    "unknown" after 9 s of it; a timetable now). Its answer counts: here it proves there is none, and the
    explanation, with the time kept for it, says why."""
    import scheduler
    import scheduler.solver.stages as stages_module
    from scheduler.solver.result import Status

    searched: list[tuple[object, float]] = []
    real = stages_module.solve_stages

    def first_half_finds_nothing(cp: Any, stages: Any, floors: Any, deadline: Deadline, workers: int) -> Any:
        searched.append((cp, deadline.remaining()))
        if len(searched) == 1:
            return stages_module.Staged((), (), None, "UNKNOWN")
        return real(cp, stages, floors, deadline, workers)

    monkeypatch.setattr(stages_module, "solve_stages", first_half_finds_nothing)
    whole = Deadline(20)
    result = scheduler.solve(pert(100, 0, 0.02), "stable", time_limit=whole)
    assert len(searched) == 2 and searched[0][0] is searched[1][0]  # one model, searched twice
    assert searched[0][1] <= 10.5 < searched[1][1]  # half, then all but a tenth of what was left
    assert result.status is Status.INFEASIBLE and result.conflict is not None and result.conflict.proven
