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
from collections.abc import Set as AbstractSet
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
    """One block's model, its first two stages (moves, displacement: the end is its last slot in every
    timetable), a bound every timetable of it meets on each (:meth:`Stable.stage_floors` of its table), the
    best solution found so far, what is proven of it, and a lower bound on the next stage not proven."""

    model: ModelBuilder
    stages: list[Stage]
    floors: list[int]
    values: tuple[int, ...]
    proven: tuple[int, ...] = ()
    bound: int | None = None


STAGES = 2
"""The stages a block solves: moves and displacement (the end is the block's last slot in every timetable, so
its stage proves nothing new: 0.05-0.97 s of CPU a block on 2000 / 0.02 / 0, a quarter of the second pass)."""


def by_blocks(
    problem: Problem, blocks: Sequence[Block], first: Deadline, last: Deadline, start: SlotGroups | None = None
) -> ByBlocks:
    """A timetable of every block by ``first`` (the model's first solution, from ``start``'s slots when it is a
    timetable of the table, else hinted with the reference's slots that are still allowed), then each block's
    ``stable`` optimum searched from it by ``last``: first every block's moves, then every block's displacement
    (the moves of the whole table are proven as soon as every block's are), each in its share of that stage's
    time (its units among those left); on one worker (OR-Tools 9.15 aborted the process on such a model with
    two: docs/benchmarks.md, twenty-third session). Stops at the first block with no timetable found."""
    from scheduler.rules.registry import blocked_slots
    from scheduler.solver.objectives import Stable, least_displacement, reference_slots

    found: list[_Block] = []
    windows = category_windows(problem, len(problem.calendar))
    # Each block's floors and hint from the whole table's (cached) bounds, not its own table's: asked of a
    # dozen tables, the caches (four tables each) lost the whole table's, then made again after the deadline
    # (pert at T = 10, load 15-23: unknown answers 0.3-1.2 s later than before). Per unit, so per block alike.
    forced = Stable().forced(problem)
    least = least_displacement(problem, forced)
    reference, blocked = reference_slots(problem), blocked_slots(problem)
    for block in blocks:  # (each may take what is left of ``first``: a share by its units was too short
        # for the model's build and load under a load of 15, where the first solution takes milliseconds)
        table = block_problem(problem, block)
        made = _model(table, block, windows, first)
        if made is None:
            return ByBlocks(None)
        try:
            _hint(made[0], block, start, reference, blocked)
        except OutOfTime:  # (the model's hint looks at the clock: ``first`` passed, no verdict)
            return ByBlocks(None)
        outcome = made[0].cp.solve(first, 1, light_presolve=True)  # (1000 / 0.02 / 4: 1.1 s of CPU in all, not 2.7)
        if not outcome.has_solution:
            return ByBlocks(None, infeasible=outcome.status == INFEASIBLE)
        mine = forced.intersection(block.units)
        floors = [len(mine), sum(least[n] for n in mine)]  # (Stable.stage_floors of the block's table)
        found.append(_Block(made[0], made[1], floors, outcome.values, bound=floors[0]))
    for k in range(STAGES):
        stage_end = last if k + 1 == STAGES else last.sooner(last.remaining() / 2)
        going = [(block, solved) for block, solved in zip(blocks, found, strict=True) if len(solved.proven) == k]
        left = sum(len(block.units) for block, _ in going)
        for block, solved in going:
            share = stage_end.sooner(stage_end.remaining() * (1 - len(block.units) / left))
            left -= len(block.units)
            _staged(solved, k, share)
    return _together(found)


def _hint(
    model: ModelBuilder,
    block: Block,
    start: SlotGroups | None,
    reference: Mapping[str, int],
    blocked: Mapping[str, AbstractSet[int]],
) -> None:
    """Hint the block's first solve: ``start``'s groups in the block's slots (a whole timetable of it), or else
    each unit at its reference slot where no rule forbids it (the rest left to the search). 2000 / 0.02 / 0,
    the first pass's solves: 2.7 s of CPU without a hint, 1.8 s with the reference's (docs/benchmarks.md,
    twenty-fifth session)."""
    if start is not None:
        inside = set(block.units)
        mine = {t: [g for g in start.get(t, ()) if all(u.name in inside for u in g)] for t in block.slots}
        if sum(len(g) for groups in mine.values() for g in groups) == len(block.units):
            model.hint(mine)
            return
    table = model.problem
    wanted = {
        (i, t)
        for i, u in enumerate(table.units)
        if (t := reference.get(u.name)) is not None and t not in blocked.get(u.name, ())
    }
    model.cp.hint(
        {
            var: 1
            for var, g in enumerate(model.var_group)
            if len(model.groups[g]) == 1 and (model.groups[g][0], model.var_slot[var]) in wanted
        }
    )


def _model(
    problem: Problem, block: Block, windows: Mapping[str, range], deadline: Deadline
) -> tuple[ModelBuilder, list[Stage]] | None:
    """One block's model (its units kept to its slots and to the whole table's category ``windows``) and
    ``stable``'s first two stages on it; ``None`` when it is not built in time."""
    from scheduler.solver.labelled import slot_model
    from scheduler.solver.objectives import Stable

    kept = frozenset(block.slots)
    try:
        model = slot_model(
            problem,
            horizon=block.slots.stop,
            within=dict.fromkeys(block.units, kept),
            deadline=deadline,
            windows=windows,
        )
        return model, Stable().moves_and_displacement(model)
    except (TooManyGroups, OutOfTime):
        return None


def _staged(block: _Block, k: int, deadline: Deadline) -> None:
    """The block's stage ``k`` (the earlier ones proven and held) solved from its solution by ``deadline``, at
    once when that solution is at the stage's floor: its better solution, the stage proven and held, or a
    bound on it."""
    from scheduler.solver.stages import OPTIMAL, hold, solve_stage

    stage, floor = block.stages[k], block.floors[k]
    if stage.value(block.values) > floor:
        block.model.cp.hint(dict(enumerate(block.values)))
        found = solve_stage(block.model.cp, stage, floor, deadline, 1)
        if found.has_solution:
            block.values = found.values
        if found.status != OPTIMAL or found.value is None:
            block.bound = max(floor, found.bound or 0)
            return
    value = stage.value(block.values)
    hold(block.model.cp, stage, value)
    block.proven += (value,)
    block.bound = block.floors[k + 1] if k + 1 < len(block.floors) else None


def _together(blocks: Sequence[_Block]) -> ByBlocks:
    """The blocks' placements side by side, the stages every block proved (summed) and the sum of their
    bounds on the next one (a block with none known adds 0, a bound every timetable meets)."""
    placements: SlotGroups = {}
    for block in blocks:
        for t, at in block.model.placements(block.values).items():
            placements.setdefault(t, []).extend(at)
    done = min(min(len(b.proven) for b in blocks), STAGES)  # (the end is the last slot in every timetable)
    proven = tuple(sum(b.proven[k] for b in blocks) for k in range(done))
    if done == STAGES:
        return ByBlocks(placements, proven)
    bound = sum(b.proven[done] if len(b.proven) > done else b.bound or 0 for b in blocks)
    return ByBlocks(placements, proven, bound)
