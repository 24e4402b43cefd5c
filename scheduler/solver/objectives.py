"""Objectives: what makes one valid timetable better than another.

Each objective is defined once, as *stages*: its criteria in priority order, each
a small linear sum over the model's variables (:class:`~scheduler.solver.stages.Stage`, made
with the model: a timetable the greedy proves optimal needs none). Every search
states an objective this one way and solves the stages one after the other
(:mod:`scheduler.solver.stages`): solve, replan, the stable search and
alternatives alike. ``score`` evaluates a concrete timetable the same way,
``lower_bound`` gives a quick bound that proves a greedy answer optimal without
calling the solver, and ``stage_floors`` a bound per stage.

* ``compact``: finish as early as possible (fewest slots up to the last meeting).
* ``stable``: move as few units as possible from the reference times; then the
  smallest total displacement (in slots); then finish as early as possible.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, ClassVar, Literal

from scheduler.domain import Problem, Timetable
from scheduler.rules.ports import Terms
from scheduler.rules.registry import blocked_slots, fixed_starts, follows
from scheduler.solver.counting import slots_needed

if TYPE_CHECKING:
    from scheduler.solver.model import ModelBuilder
    from scheduler.solver.stages import Stage

ObjectiveName = Literal["compact", "stable"]
"""The objectives by name: ``compact`` (finish early), ``stable`` (move few units)."""


@dataclass(frozen=True)
class Score:
    """An objective's value; smaller tuples are better, compared level by level (lexicographically):
    ``result.score < other.score`` between scores of one objective (the same ``names``); scores of
    two objectives do not compare (``TypeError``)."""

    values: tuple[int, ...]
    names: tuple[str, ...]

    def _key(self, other: object) -> tuple[int, ...] | None:
        """``other``'s values when it is a score of the same objective, else ``None`` (no order)."""
        if isinstance(other, Score) and other.names == self.names:
            return other.values
        return None

    def __lt__(self, other: object) -> bool:
        theirs = self._key(other)
        return NotImplemented if theirs is None else self.values < theirs

    def __le__(self, other: object) -> bool:
        theirs = self._key(other)
        return NotImplemented if theirs is None else self.values <= theirs

    def __gt__(self, other: object) -> bool:
        theirs = self._key(other)
        return NotImplemented if theirs is None else self.values > theirs

    def __ge__(self, other: object) -> bool:
        theirs = self._key(other)
        return NotImplemented if theirs is None else self.values >= theirs

    def as_dict(self) -> dict[str, int]:
        """Each criterion's value by its name, in the objective's order: ``{"end_slots": 23}``."""
        return dict(zip(self.names, self.values, strict=True))


def end_slots(problem: Problem, timetable: Timetable) -> int:
    """Slots up to and including the last meeting (0 for an empty timetable)."""
    calendar = problem.calendar
    last = -1
    for m in timetable.meetings:
        t = calendar.index(m.start) if m.start is not None else None
        if t is not None:
            last = max(last, t)
    return last + 1


def reference_slots(problem: Problem) -> dict[str, int]:
    """Each unit's slot in the reference timetable, where it has one inside the calendar."""
    if problem.reference is None:
        return {}
    out: dict[str, int] = {}
    for unit, start in problem.reference.starts().items():
        t = problem.calendar.index(start)
        if t is not None and problem.has_unit(unit):
            out[unit] = t
    return out


def least_displacement(
    problem: Problem, names: Iterable[str], within: Mapping[str, AbstractSet[int]] | None = None
) -> dict[str, int]:
    """How far (in slots) each unit goes at least if it leaves its reference slot:
    to the nearest slot no rule forbids it (0 without a reference time). With
    ``within``, to the nearest such slot outside the unit's ``within`` slots."""
    reference = reference_slots(problem)
    blocked = blocked_slots(problem)
    slots = len(problem.calendar)
    out = {}
    for name in names:
        r = reference.get(name)
        out[name] = 0
        if r is not None:
            away = blocked.get(name, frozenset()) | (within or {}).get(name, frozenset()) | {r}
            out[name] = next(
                (d for d in range(1, slots) if any(0 <= t < slots and t not in away for t in (r - d, r + d))), 0
            )
    return out


class Objective:
    """Base class of objectives."""

    name: ClassVar[str] = ""
    names: ClassVar[tuple[str, ...]] = ()

    def stages(self, model: ModelBuilder) -> list[Stage]:
        """The criteria in priority order, for solving one after the other (see docs/performance.md)."""
        raise NotImplementedError

    def stage_floors(self, problem: Problem) -> list[int]:
        """Per stage, a bound every timetable meets (whatever the earlier stages): a stage
        that reaches it is optimal even when the engine has not closed its gap."""
        return [0] * len(self.names)

    def score(self, problem: Problem, timetable: Timetable) -> Score:
        raise NotImplementedError

    def lower_bound(self, problem: Problem) -> Score | None:
        return None


def end_flags(model: ModelBuilder) -> range:
    """Flags ``open[i]``: slot i is at or before the last meeting; with the counting bound
    (the open slots' rooms, plus the merges of groups, hold every unit). Their sum is
    the slots up to the last meeting."""
    horizon = list(model.horizon)
    flags = model.cp.new_bools(len(horizon))
    rooms = len(model.problem.rooms)
    for a, b in pairwise(flags):
        model.linear([(b, 1), (a, -1)], hi=0)
    merges: list[tuple[int, int]] = []
    for flag, t in zip(flags, horizon, strict=True):
        groups = model.groups_with_size_at(t)
        if groups:
            model.linear([(v, 1) for v, _ in groups] + [(flag, -rooms)], hi=0)
        merges += model.merges_at(t)
    model.linear([(f, rooms) for f in flags] + merges + model.excused(), lo=len(model.problem.units))
    return flags


class Compact(Objective):
    """Finish as early as possible."""

    name = "compact"
    names = ("end_slots",)

    def stages(self, model: ModelBuilder) -> list[Stage]:
        from scheduler.solver.stages import Stage

        return [Stage([(f, 1) for f in end_flags(model)], name="end_slots")]

    def score(self, problem: Problem, timetable: Timetable) -> Score:
        return Score((end_slots(problem, timetable),), self.names)

    def lower_bound(self, problem: Problem) -> Score:
        return _compact_bound(problem)

    def stage_floors(self, problem: Problem) -> list[int]:
        return list(self.lower_bound(problem).values)


class Stable(Objective):
    """Move as few units as possible from the reference; then move them as little as
    possible; then finish early. Units without a reference time count as moved."""

    name = "stable"
    names = ("moved", "displacement", "end_slots")

    def stages(self, model: ModelBuilder) -> list[Stage]:
        """Units moved, then total displacement, then the end: each with small coefficients,
        so each stage's bound is proven quickly (one weighted sum needs huge weights)."""
        from scheduler.solver.stages import Stage

        flags = end_flags(model)
        return [*self.moves_and_displacement(model), Stage([(f, 1) for f in flags], 0, "end_slots")]

    def moves_and_displacement(self, model: ModelBuilder) -> list[Stage]:
        """The first two of :meth:`stages`, without the end's flags (a block of a table with no free time
        ends at its last slot in every timetable: :mod:`scheduler.solver.blocks`)."""
        from scheduler.solver.stages import Stage

        reference = reference_slots(model.problem)
        names = [u.name for u in model.problem.units]
        stay: Terms = []
        displacement: Terms = []
        for var, g in enumerate(model.var_group):
            if var % 65536 == 0:
                model.check_time()  # a large round's model: stop when the deadline passes
            t = model.var_slot[var]
            kept = moved = 0
            for i in model.groups[g]:
                r = reference.get(names[i])
                if r is not None:
                    kept += r == t
                    moved += abs(t - r)
            if kept:
                stay.append((var, -kept))
            if moved:
                displacement.append((var, moved))
        # An absent unit (a relaxation, see ModelBuilder's ``optional``) has moved somewhere:
        # at least as far as its nearest allowed slot.
        steps = least_displacement(model.problem, model.absent, model.within)
        displacement += [(literal, steps[name]) for name, literal in model.absent.items() if steps[name]]
        return [Stage(stay, len(names), "moved"), Stage(displacement, 0, "displacement")]

    def stage_floors(self, problem: Problem) -> list[int]:
        forced = _forced(problem)
        return [len(forced), _least_displacement_forced(problem), Compact().lower_bound(problem).values[0]]

    def forced(self, problem: Problem) -> set[str]:
        """Units that must move: no reference time, or a rule now forbids it (a link kept
        in the reference moves as a whole, so one end forced forces the other)."""
        return set(_forced(problem))

    def lower_bound(self, problem: Problem) -> Score:
        """Every forced unit moves, each at least to its nearest allowed slot; a timetable
        that moves no one else keeps everyone else's end (see docs/performance.md)."""
        return _stable_bound(problem)

    def score(self, problem: Problem, timetable: Timetable) -> Score:
        reference = reference_slots(problem)
        calendar = problem.calendar
        moved = displacement = 0
        starts = timetable.starts()
        for unit, start in starts.items():
            t = calendar.index(start)
            r = reference.get(unit)
            if r is None or t != r:
                moved += 1
            if r is not None and t is not None:
                displacement += abs(t - r)
        moved += sum(1 for u in problem.units if u.name not in starts)
        return Score((moved, displacement, end_slots(problem, timetable)), self.names)


OBJECTIVES: dict[str, Objective] = {o.name: o for o in (Compact(), Stable())}
"""The objectives by name."""


# The bounds below are asked for several times per call (the greedy, the pipeline, the stable
# search and its result each want them): made once per problem, as ``blocked_slots`` is. At
# 5,000 units each took 10-65 ms, and a solve asked for them a dozen times.


@lru_cache(maxsize=4)
def _compact_bound(problem: Problem) -> Score:
    bound = slots_needed(problem)
    calendar = problem.calendar
    for start in fixed_starts(problem).values():
        bound = max(bound, (calendar.index(start) or 0) + 1)
    return Score((bound,), Compact.names)


@lru_cache(maxsize=4)
def _forced(problem: Problem) -> frozenset[str]:
    calendar = problem.calendar
    reference = reference_slots(problem)
    blocked = blocked_slots(problem)
    forced = {u.name for u in problem.units if u.name not in reference}
    forced |= {name for name, t in reference.items() if t in blocked.get(name, ())}
    kept = [(a, b) for a, b in follows(problem) if a in reference and b in reference]
    kept = [(a, b) for a, b in kept if calendar.next_slot(reference[a]) == reference[b]]
    changed = True
    while changed:
        changed = False
        for first, then in kept:
            if (first in forced) != (then in forced):
                forced |= {first, then}
                changed = True
    return frozenset(forced)


@lru_cache(maxsize=4)
def _least_displacement_forced(problem: Problem) -> int:
    return sum(least_displacement(problem, _forced(problem)).values())


@lru_cache(maxsize=4)
def _stable_bound(problem: Problem) -> Score:
    reference = reference_slots(problem)
    forced = _forced(problem)
    staying = [t for name, t in reference.items() if name not in forced]
    end = max(max(staying, default=-1) + 1, slots_needed(problem))
    return Score((len(forced), _least_displacement_forced(problem), end), Stable.names)
