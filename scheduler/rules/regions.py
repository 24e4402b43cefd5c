"""category-order's region flags in the set-partitioning model (:class:`Regions`): a module of their
own, loaded when a model is built (a timetable the greedy proves optimal builds none)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise

from scheduler.rules.ports import SlotModel, Terms


@dataclass(frozen=True)
class Regions:
    """Monotone flags ``starts[k][i]``: slot ``horizon[i]`` is at or after the start of category
    ``k``'s hours (for ``k >= 1``; category 0 starts at the first slot)."""

    horizon: tuple[int, ...]
    starts: Mapping[int, list[int]]
    count: int

    @classmethod
    def post(cls, model: SlotModel) -> Regions:
        """New flags, monotone in time and nested across categories."""
        count = len(model.problem.categories)
        horizon = tuple(model.horizon)
        starts = {k: [model.new_bool() for _ in horizon] for k in range(1, count)}
        for k, flags in starts.items():
            for a, b in pairwise(flags):
                model.linear([(a, 1), (b, -1)], hi=0)
            if k + 1 < count:
                for a, b in zip(starts[k + 1], flags, strict=False):
                    model.linear([(a, 1), (b, -1)], hi=0)
        return cls(horizon, starts, count)

    def of(self, k: int, i: int) -> tuple[Terms, int]:
        """Slot ``horizon[i]`` belongs to category ``k``, as (terms, constant)."""
        terms = [] if k == 0 else [(self.starts[k][i], 1)]
        if k + 1 < self.count:
            terms.append((self.starts[k + 1][i], -1))
        return terms, 1 if k == 0 else 0
