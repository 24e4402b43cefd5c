"""The link rule posts its constraints only at the slots where either end has a variable: the same
constraints, in the same order, as walking every slot of the horizon (the walk was half of a
2,000-unit model's build)."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.perturbed import Perturbed, build
from scheduler.domain import Problem
from scheduler.rules.linked import Linked
from scheduler.rules.values import Instance
from scheduler.solver.model import ModelBuilder


def _problem(units: int, broken: float, seed: int) -> Problem:
    scaled = units * 300 // 2000
    shape = Perturbed(f"pert-{units}u-1r", units, chains=scaled, pins=scaled, broken=broken, seed=seed)
    return build(shape, "stable")


class _Recording:
    """A built model whose ``linear`` only records what a rule posts."""

    def __init__(self, model: ModelBuilder) -> None:
        self.model = model
        self.posted: list[tuple[Any, ...]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.model, name)

    def linear(self, terms: Any, lo: int = 0, hi: int = 0, reason: Instance | None = None) -> None:
        self.posted.append((tuple(terms), lo, hi, reason))


def _every_slot(model: ModelBuilder) -> list[tuple[Any, ...]]:
    """What the rule posted before: every slot of the horizon for every link."""
    calendar = model.problem.calendar
    out: list[tuple[Any, ...]] = []
    for link in model.problem.links:
        reason = Instance(Linked.name, link.first, link.then)
        for t in model.horizon:
            follow = calendar.next_slot(t)
            if follow is None:
                continue
            first = [(v, 1) for v in model.start_terms(link.first, t)]
            then = [(v, -1) for v in model.start_terms(link.then, follow)]
            if first or then:
                out.append((tuple(first + then), 0, 0, reason))
    return out


@pytest.mark.parametrize(
    ("units", "broken", "seed", "options", "then_only"),
    [
        (100, 0.02, 0, {}, True),
        (100, 0.2, 1, {}, True),
        (120, 0.02, 2, {"horizon": 100}, False),
        (60, 0.2, 3, {"explaining": True}, False),
    ],
)
def test_links_posted_as_walking_every_slot(
    units: int, broken: float, seed: int, options: dict[str, Any], then_only: bool
) -> None:
    problem = _problem(units, broken, seed)
    assert problem.links
    model = ModelBuilder(problem, **options)
    recorded = _Recording(model)
    Linked().post_slots(recorded)
    expected = _every_slot(model)
    assert recorded.posted == expected
    # where only the second unit of a link has a variable (the category windows): among them
    assert any(all(c < 0 for _, c in terms) for terms, *_ in expected) is then_only
