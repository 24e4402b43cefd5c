"""category-order's region flags in the set-partitioning model (:class:`Regions`): a module of their
own, loaded when a model is built (a timetable the greedy proves optimal builds none)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from scheduler.rules.ports import SlotModel, Terms


@dataclass(frozen=True)
class Regions:
    """Monotone flags ``starts[k][i]``: slot ``horizon[i]`` is at or after the start of category
    ``k``'s hours (for ``k >= 1``; category 0 starts at the first slot).

    A flag is a variable only between ``lows[k]`` and ``highs[k]`` (positions in the horizon): before,
    it is 0, from there on 1 (``starts[k][i - lows[k]]`` is the variable at ``i``). Where the model keeps
    each category's units in a window (:meth:`~scheduler.rules.ports.SlotModel.category_window`), a
    timetable's regions can always start where its first unit of category ``k`` or later meets, which
    lies in one of those windows: no earlier than category ``k``'s window starts, no later than the last
    slot of the first non-empty window from ``k`` on. On a one-room table with no free time that leaves a
    category's flags free only inside its own window, not on the whole horizon (2,000 units, 15
    categories: 28,000 flags and twice as many monotone constraints before, docs/performance.md).
    Without windows (explaining) every flag is a variable, as before."""

    horizon: tuple[int, ...]
    starts: Mapping[int, list[int]]
    count: int
    lows: Sequence[int]
    highs: Sequence[int]

    @classmethod
    def post(cls, model: SlotModel) -> Regions:
        """New flags, monotone in time and nested across categories."""
        count = len(model.problem.categories)
        horizon = tuple(model.horizon)
        lows, highs = _free_spans(model, len(horizon))
        starts = {k: [model.new_bool() for _ in range(lows[k], highs[k])] for k in range(1, count)}
        for k, flags in starts.items():
            for a, b in pairwise(flags):
                model.linear([(a, 1), (b, -1)], hi=0)
            if k + 1 < count:  # where the next one is a variable, so is this one (the spans are monotone)
                for i in range(max(lows[k + 1], lows[k]), min(highs[k + 1], highs[k])):
                    model.linear([(starts[k + 1][i - lows[k + 1]], 1), (flags[i - lows[k]], -1)], hi=0)
        return cls(horizon, starts, count, lows, highs)

    def flag(self, k: int, i: int) -> tuple[Terms, int]:
        """Whether slot ``horizon[i]`` is at or after category ``k``'s start, as (terms, constant)."""
        if k == 0:
            return [], 1
        if k >= self.count or i < self.lows[k]:
            return [], 0
        if i >= self.highs[k]:
            return [], 1
        return [(self.starts[k][i - self.lows[k]], 1)], 0

    def of(self, k: int, i: int) -> tuple[Terms, int]:
        """Slot ``horizon[i]`` belongs to category ``k``, as (terms, constant)."""
        terms, const = self.flag(k, i)
        later, after = self.flag(k + 1, i)
        return terms + [(v, -c) for v, c in later], const - after


def _free_spans(model: SlotModel, size: int) -> tuple[list[int], list[int]]:
    """Per category ``k``, the positions ``[lows[k], highs[k])`` where its start flag is a variable
    (see :class:`Regions`; ``[0, size)`` for every category when the model keeps no windows): from the
    earliest start, to the earliest last slot, of the windows of the categories from ``k`` on that have
    units (none: the region is empty, every flag 0). Both grow with ``k``, as the nesting needs."""
    problem = model.problem
    count = len(problem.categories)
    windows = [model.category_window(c) for c in problem.categories]
    if any(w is None for w in windows):
        return [0] * count, [size] * count
    peopled = {u.category for u in problem.units if u.category}
    lows, highs = [size] * count, [size] * count
    earliest = latest = size
    for k in range(count - 1, -1, -1):
        window = windows[k]
        if window is not None and problem.categories[k] in peopled:
            earliest = min(earliest, max(0, window.start))
            latest = min(latest, max(0, window.stop - 1))
        lows[k], highs[k] = earliest, max(earliest, latest)
    return lows, highs
