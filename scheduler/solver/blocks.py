"""``stable`` on a table with no free time, one block of categories at a time.

When the ordered categories need every slot of the calendar between them (counting:
:func:`~scheduler.solver.counting.category_windows` are then disjoint, each exactly as long as its
category needs), every timetable puts each category in a block of slots of its own, always the same.
Categories joined by a link across their boundary make one block. What happens in one block then says
nothing of another: a unit's unavailability, pin and reference are its own; the rooms, the groups and
the order are per slot, and the slots of a block hold its units only; the links stay inside a block.
So the lexicographic optimum of ``stable`` (units moved, then displacement; the end is the last slot in
every timetable) is the blocks' optima side by side, each found on a model of its block alone: its
units, links, pins, unavailability and reference, its units kept to its slots.

That model is a fraction of the whole one (a one-room table of 2,000 units in 15 categories: blocks of
a few hundred units in a few hundred slots, where the whole windowed model has 199,000 variables and
CP-SAT found no timetable in 20 s at a load of 9: docs/benchmarks.md, twenty-fourth session). The
blocks are solved one after the other, each with its share of the time (by its units) and one worker.
Every timetable they give is checked by the checker like any other; the pipeline keeps searching the
whole model from it when a block's optimum is not proven in its time.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from scheduler.domain import Problem
from scheduler.rules.registry import follows
from scheduler.solver.counting import category_windows
from scheduler.solver.deadline import Deadline, OutOfTime
from scheduler.solver.model import ModelBuilder, TooManyGroups
from scheduler.solver.rooms import SlotGroups
from scheduler.solver.stages import INFEASIBLE, Stage


@dataclass(frozen=True)
class Block:
    """Consecutive categories that share no slot with any other: their slots and their units' names."""

    slots: range
    units: tuple[str, ...]


def category_blocks(problem: Problem) -> list[Block] | None:
    """The table's blocks in order, or ``None`` when it has free time (two windows overlap), a unit
    stands outside the order, or all is one block (nothing to split)."""
    if any(not u.category for u in problem.units):
        return None
    windows = category_windows(problem, len(problem.calendar))
    categories = problem.categories
    if not windows or any(windows[a].stop > windows[b].start for a, b in pairwise(categories)):
        return None
    rank = {c: k for k, c in enumerate(categories)}
    joined: set[int] = set()  # k: categories k and k + 1 are in one block
    for first, then in follows(problem):
        ends = sorted(rank[problem.unit(n).category] for n in (first, then))
        joined.update(range(ends[0], ends[1]))
    members: dict[int, list[str]] = {}
    for unit in problem.units:
        members.setdefault(rank[unit.category], []).append(unit.name)
    blocks: list[Block] = []
    start, names = 0, []
    for k, category in enumerate(categories):
        names += members.get(k, [])
        if k in joined and k + 1 < len(categories):
            continue
        stop = windows[category].stop
        if names:
            blocks.append(Block(range(start, stop), tuple(names)))
        start, names = stop, []
    return blocks if len(blocks) > 1 else None


def block_problem(problem: Problem, block: Block) -> Problem:
    """The table of one block: its units, and the links, pins, unavailability and reference that name them."""
    inside = set(block.units)
    reference = problem.reference
    if reference is not None:
        reference = dataclasses.replace(reference, meetings=tuple(m for m in reference.meetings if m.unit in inside))
    return problem.replace(
        units=tuple(u for u in problem.units if u.name in inside),
        links=tuple(link for link in problem.links if link.first in inside),
        pins=tuple(p for p in problem.pins if p.unit in inside),
        unavailable=tuple(a for a in problem.unavailable if a.unit in inside),
        reference=reference,
    )


@dataclass(frozen=True)
class ByBlocks:
    """What :func:`by_blocks` found: every block's placements together (``None``: a block had none), the
    optima proven of the first stages (moves, then displacement: the blocks' sums, when every block proved
    them), a lower bound on the next stage (the sum of the blocks' bounds on it, ``None``: none known), and
    whether a block was proven to have no timetable (then the table has none)."""

    placements: SlotGroups | None
    proven: tuple[int, ...] = ()
    bound: int | None = None
    infeasible: bool = False


@dataclass
class _Block:
    """One block's model, its stages and the best solution found so far, with what is proven of it."""

    model: ModelBuilder
    stages: list[Stage]
    values: tuple[int, ...]
    proven: tuple[int, ...] = ()
    bound: int | None = None


def by_blocks(problem: Problem, blocks: Sequence[Block], first: Deadline, last: Deadline) -> ByBlocks:
    """A timetable of every block by ``first`` (the model's first solution), then each block's ``stable``
    optimum searched from it by ``last``, each in its share of that time (its units among those left); on
    one worker (OR-Tools 9.15 aborted the process on such a model with two: docs/benchmarks.md,
    twenty-third session). Stops at the first block with no timetable found."""
    found: list[_Block] = []
    windows = category_windows(problem, len(problem.calendar))
    for block in blocks:  # (each may take what is left of ``first``: a share by its units was too short
        # for the model's build and load under a load of 15, where the first solution takes milliseconds)
        made = _model(block_problem(problem, block), block, windows, first)
        if made is None:
            return ByBlocks(None)
        outcome = made[0].cp.solve(first, 1, light_presolve=True)  # (1000 / 0.02 / 4: 1.1 s of CPU in all, not 2.7)
        if not outcome.has_solution:
            return ByBlocks(None, infeasible=outcome.status == INFEASIBLE)
        found.append(_Block(*made, outcome.values))
    left = sum(len(b.units) for b in blocks)
    for block, solved in zip(blocks, found, strict=True):
        share = last.sooner(last.remaining() * (1 - len(block.units) / left))
        left -= len(block.units)
        _optimised(solved, share)
    return _together(found)


def _model(
    problem: Problem, block: Block, windows: Mapping[str, range], deadline: Deadline
) -> tuple[ModelBuilder, list[Stage]] | None:
    """One block's model (its units kept to its slots and to the whole table's category ``windows``) and
    ``stable``'s stages on it; ``None`` when it is not built in time."""
    from scheduler.solver.labelled import slot_model
    from scheduler.solver.objectives import OBJECTIVES

    kept = frozenset(block.slots)
    try:
        model = slot_model(
            problem,
            horizon=block.slots.stop,
            within=dict.fromkeys(block.units, kept),
            deadline=deadline,
            windows=windows,
        )
        return model, OBJECTIVES["stable"].stages(model)
    except (TooManyGroups, OutOfTime):
        return None


def _optimised(block: _Block, deadline: Deadline) -> None:
    """The block's stages solved from its solution by ``deadline``: its better solution and what is proven."""
    from scheduler.solver.stages import solve_stages

    block.model.cp.hint(dict(enumerate(block.values)))
    staged = solve_stages(block.model.cp, block.stages, [0] * len(block.stages), deadline, 1)
    if staged.values:
        block.values, block.proven, block.bound = staged.values, staged.proven, staged.bound


def _together(blocks: Sequence[_Block]) -> ByBlocks:
    """The blocks' placements side by side, the stages every block proved (summed) and the sum of their
    bounds on the next one (a block with none known adds 0, a bound every timetable meets)."""
    placements: SlotGroups = {}
    for block in blocks:
        for t, at in block.model.placements(block.values).items():
            placements.setdefault(t, []).extend(at)
    done = min(min(len(b.proven) for b in blocks), 2)  # (the end is the last slot in every timetable)
    proven = tuple(sum(b.proven[k] for b in blocks) for k in range(done))
    if done == 2:
        return ByBlocks(placements, proven)
    bound = sum(b.proven[done] if len(b.proven) > done else b.bound or 0 for b in blocks)
    return ByBlocks(placements, proven, bound)
