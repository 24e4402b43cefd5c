"""``stable`` on a small model: free a few units, relax the rest, grow until the answer is exact.

Most units keep their reference time in a ``stable`` optimum; only the units that
must move (:meth:`~scheduler.solver.objectives.Stable.forced`) and a few they push aside
change. So instead of the whole model (one variable per group and slot, every unit
free), each round builds a model where

* the *free* units (at first: the forced ones and both ends of every link the
  reference breaks, with their room-mates and link partners) may go anywhere;
  units freed by a later round may go within a reach of their reference slot
  (:data:`RADIUS`, widened by :data:`GROWTH` each time it proves too short), and
* every other unit either stays at its reference slot or is **absent**
  (``ModelBuilder(optional=...)``), as is a free unit outside its reach: absent
  costs what leaving costs at least (one unit moved; in displacement, the nearest
  slot outside its reach open to it) and takes no room.

A free unit's link partners are always free too: a held partner could not follow
it, and a valid timetable would no longer map onto the model.

**Why this bounds the true optimum.** Take any valid timetable and make absent
every held unit it moves. What remains is a solution of the round's model (units
only left; the counting bounds excuse an absent unit only where it could have
joined another group, see :meth:`~scheduler.solver.model.ModelBuilder.excused`), and it
scores no more than the timetable on the stage being solved: the same units moved,
no more displacement, no later end. So the model's optimum is a lower bound.

**Why the result is optimal, not just good.** The model minimises the stage's
criterion first and the number of absent units second. When its optimum has no
absent unit, that solution *is* a valid timetable (everyone held stays where the
reference put them), and it meets the lower bound: it is optimal. Otherwise the
absent units become free too, and the next round's model (fewer units relaxed) is
solved again; its bound can only rise. Stages run one after the other (moved,
displacement, end), each fixed at its proven value.

Every round's bound is valid whatever happens next, so when time runs out the
caller still reports a true lower bound beside the best valid timetable found.
See docs/performance.md for the measurements.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from scheduler.domain import Problem, Timetable, labels
from scheduler.rules.registry import blocked_slots, follows
from scheduler.solver.cpsat import AFTER_SEARCH
from scheduler.solver.deadline import Deadline, OutOfTime
from scheduler.solver.fewest import fewest_moves
from scheduler.solver.labelled import crowded, slot_model
from scheduler.solver.model import ModelBuilder, TooManyGroups
from scheduler.solver.objectives import Stable, reference_slots
from scheduler.solver.rooms import SlotGroups
from scheduler.solver.shifts import SLACK, Prices, Shifted
from scheduler.solver.stages import INFEASIBLE, OPTIMAL, Stage, StageOutcome, hold, solve_stage

GUIDED_REACHES = (128, 256)
"""Slots either side of its reference slot a unit may take in the model the displacement
bound's program suggests (:meth:`_Rounds.guided`): the first, and the next when that model
is proven to have no timetable at the floor of the moves (``5000u-4r``: at 64 it has none; at
128 CP-SAT reaches its optimum, 1,145, in the time left at 20 s; at 200 it was still at 1,283)."""
GUIDED_SIZE = 50_000
"""Free units times slots from which the first round's model is large enough (``5000u-4r``:
59 free units in 1,296 slots, 91,000 variables, 10-17 s to find the fewest moves) that the
program's model is tried first; below it, as on every shape proven before it, the rounds go first."""
GUIDED_MOVERS = "docs/performance.md#label-mode-the-first-improvement-sooner"
"""Where the choice is argued: on a crowded table (:func:`~scheduler.solver.labelled.crowded`) the guided model
first frees the units the best timetable (the greedy's) moves, with the forced units and whoever moves with
them, and asks it for the floor of the moves before the displacement program is solved; the program (2.1 s of
CPU at ``biglabel-5000u-4r``, the largest step before the model) comes after, for the displacement's bound and
prices, and says which units to free only when that first model is proven to have no timetable at the floor.
Measured (2026-12-06): on ``biglabel-2000u-4r`` and ``biglabel-5000u-4r`` every unit the program moves is
already free in the first round (:func:`first_free`), so that model holds the program's model and 8 units more."""
PRICED_SIZE = 45_000
"""Places (unit, slot) at most in the model the displacement program's prices leave
(:meth:`_Rounds.priced`): the limit on the displacement is lowered until they fit (``5000u-4r``:
36,083 at 1,145, where the model alone, unhinted, proves 1,145 in 6.1-6.5 s of CPU; 43,940 variables
at 1,148, 9.7 s; 513,425 places at 1,200; 161,000 places, unhinted, found nothing in 46 s; its table
as the sweep once wrote it, each unavailable half-day short of its last meeting (an easier problem,
optimum 1,108): 41,775 at 1,150, where 1,108 was proven in 38 s, and 60,000 at 1,159, where 1,138
was found in 25 s and not proven)."""
RADIUS = 8
"""Slots either side of its reference time a unit freed by a later round may take at first."""
GROWTH = 4
"""How much a freed unit's reach grows each time the model still places it elsewhere."""


@dataclass(frozen=True)
class Search:
    """What :func:`search` found.

    ``timetable`` is the best valid timetable (never worse than the one it started
    from); ``proven`` the optimal values of the first stages; ``bound`` a lower
    bound on the next stage (``None``: only its floor is known).
    """

    timetable: Timetable
    proven: tuple[int, ...]
    bound: int | None
    rounds: int
    free: int
    timings: Mapping[str, float] = field(default_factory=dict)


def search(
    problem: Problem,
    start: Timetable,
    deadline: Deadline,
    accept: Callable[[SlotGroups], Timetable | None],
    hint: Callable[[Timetable], SlotGroups],
) -> Search:
    """Solve ``stable`` stage by stage on growing neighbourhoods (see the module text).

    ``start`` is a valid timetable (the greedy one): the first hint and the
    fallback. ``accept`` turns a solution into a checked timetable (``None`` if the
    checker rejects it) and ``hint`` a timetable into slot groups.

    CP-SAT runs on one worker: deterministic (same input, same timetable) and, on
    these small models, 3-10x faster than two interleaved workers (docs/performance.md).
    """
    rounds = _Rounds(problem, start, deadline, accept, hint)
    try:
        while not rounds.done():
            if rounds.at_floor():
                continue
            if deadline.expired(rounds.checking + 0.01):
                break
            if rounds.one_more() or rounds.lifted() or rounds.guided() or rounds.priced():
                continue
            found = rounds.solve()
            if found is None or not found.has_solution or found.value is None or not rounds.take(found):
                break
    except OutOfTime:  # a step between two searches heard the deadline (a hint, a model): what is found stands
        pass
    return rounds.result()


class _Rounds:
    """The search between rounds: who is free and how far, the current model, what is proven."""

    def __init__(
        self,
        problem: Problem,
        start: Timetable,
        deadline: Deadline,
        accept: Callable[[SlotGroups], Timetable | None],
        hint: Callable[[Timetable], SlotGroups],
    ) -> None:
        self.problem, self.deadline, self.accept, self.hint = problem, deadline, accept, hint
        self.goal = Stable()
        self.reference = reference_slots(problem)
        self.slots = len(problem.calendar)
        self.chained = _chained(problem)
        self.mates = Mates(problem, self.reference)
        self.forced = self.goal.forced(problem)
        # Free units and how far from their reference slot they may go: the forced units
        # (and whoever moves with them) anywhere; units freed later within a growing reach.
        self.reach = dict.fromkeys(first_free(problem), self.slots)
        self.floors = self.goal.stage_floors(problem)
        self.best, self.best_values = start, self.goal.score(problem, start).values
        self.proven: list[int] = []
        self.bound: int | None = None
        self.rounds = 0
        self.timings: dict[str, float] = {"build": 0.0, "solve": 0.0}
        self.checking = 0.0  # the longest ``accept`` so far: kept in reserve before the deadline
        self.model: ModelBuilder | None = None
        self.stages: list[Stage] = []
        self.shape: tuple[object, ...] = ()
        self.relayed = False
        self.shift: int | None = None
        """A floor on the displacement once the fewest moves are proven (:mod:`scheduler.solver.shifts`)."""
        self.shifted = False
        self.program: tuple[int, Shifted | None] | None = None
        """The displacement program's answer and the moves it was solved for."""
        self.tried_guided = False
        self.tried_priced = False
        self.moves_floor = self.floors[0]
        """The fewest moves every timetable makes: the forced units, and as many more as the
        places the staying units leave say (:func:`scheduler.solver.fewest.fewest_moves`)."""
        if self.forced and not deadline.expired():
            self.moves_floor = max(self.moves_floor, fewest_moves(problem, self.reference, self.forced, deadline))
            if self.moves_floor > self.floors[0]:
                self.bound = self.moves_floor

    def done(self) -> bool:
        return len(self.proven) == len(self.floors)

    def at_floor(self) -> bool:
        """Close the next stage without a solve when the best timetable already meets its floor."""
        stage = len(self.proven)
        floor = self.floor(stage)
        if self.best_values[:stage] == tuple(self.proven) and self.best_values[stage] <= floor:
            self.proven.append(self.best_values[stage])  # a bound no timetable can beat
            self.bound = None
            return True
        return False

    def one_more(self) -> bool:
        """When the fewest moves are proven to be the forced units and one more, settle
        displacement and end by which unit that is (:mod:`scheduler.solver.relay`), once;
        ``True`` if that was tried (the search goes on from what it proved)."""
        if self.relayed or len(self.proven) != 1 or self.proven[0] != len(self.forced) + 1:
            return False
        from scheduler.solver.relay import settle

        self.relayed = True
        best = self.best_values[1:3] if self.best_values[0] == self.proven[0] else None
        started = time.perf_counter()
        found = settle(
            self.problem,
            self.reference,
            self.forced,
            (best[0], best[1]) if best else None,
            (self.floors[1], self.floors[2]),
            self.deadline,
            self.accept,
        )
        self.timings["relay"] = time.perf_counter() - started
        if found.timetable is not None:
            values = self.goal.score(self.problem, found.timetable).values
            if values < self.best_values:
                self.best, self.best_values = found.timetable, values
        if found.proven:
            self.proven.extend(found.proven)
            self.bound = None
        elif found.bound is not None:
            self.bound = max(self.bound or 0, found.bound)
        return True

    def lifted(self) -> bool:
        """Once the fewest moves are proven and the displacement is next, bound it from the line
        of slots (:func:`scheduler.solver.shifts.least_shift`), once: ``True`` if the best
        timetable meets that bound (the stage is proven)."""
        if self.shifted or len(self.proven) != 1:
            return False
        self.shifted = True
        found = self._program(self.proven[0])
        self.shift = found.bound if found is not None else None
        if self.shift is None:
            return False
        self.bound = max(self.bound or 0, self.shift)
        if self.best_values[0] == self.proven[0] and self.best_values[1] <= self.shift:
            self.proven.append(self.best_values[1])
            self.bound = None
            return True
        return False

    def _program(self, moves: int) -> Shifted | None:
        """The displacement program for ``moves`` moves (solved once for each)."""
        if self.program is None or self.program[0] != moves:
            from scheduler.solver.shifts import shifted

            started = time.perf_counter()
            self.program = (moves, shifted(self.problem, self.reference, self.forced, moves, self.deadline))
            self.timings["shift"] = self.timings.get("shift", 0.0) + time.perf_counter() - started
        return self.program[1]

    def guided(self) -> bool:
        """Before a large first round (:data:`GUIDED_SIZE`), or any first round when the labels allow
        too many groups to enumerate (:func:`~scheduler.solver.labelled.crowded`: its models are label
        models, and an exact one with few units free is solved far sooner than a relaxation; see
        docs/performance.md), once: the displacement program at the floor of the moves says which
        units beyond the forced ones move; an exact model where they and the forced units go within
        :data:`GUIDED_REACHES` slots (the next when the first has no timetable at that floor) and
        everyone else stays is asked for a timetable at that floor (which proves the moves) and then
        for the least displacement it has, until the deadline (half the time left at most). Every
        solution is a valid timetable; the model's optimum is not the problem's (the others held), so
        it proves only what meets a floor. ``True`` if it found a timetable at the floor."""
        if self.tried_guided or self.proven or self.best_values[0] <= self.moves_floor:
            return False
        self.tried_guided = True
        crowd = crowded(self.problem)
        if len(self.reach) * self.slots < GUIDED_SIZE and not crowd:
            return False
        if crowd:
            # the best timetable's own movers first, the program not asked (:data:`GUIDED_MOVERS`)
            tried = self._guided(first_free(self.problem, self._movers()), GUIDED_REACHES[0], None)
            if tried is not None:
                return tried
        found = self._program(self.moves_floor)
        if found is None or self.deadline.expired(self.checking + 0.01):
            return False
        free = first_free(self.problem, found.movers)
        for reach in GUIDED_REACHES:
            tried = self._guided(free, reach, found.bound)
            if tried is not None:
                return tried
        return False

    def _movers(self) -> set[str]:
        """The units the best timetable so far places away from their reference slot."""
        calendar = self.problem.calendar
        starts = self.best.starts()
        return {name for name, r in self.reference.items() if name in starts and calendar.index(starts[name]) != r}

    def _guided(self, free: AbstractSet[str], reach: int, shift: int | None) -> bool | None:
        """:meth:`guided` with the free units within ``reach``; ``None`` when that model is proven
        to have no timetable at the floor of the moves (a wider one may). ``shift``: the displacement
        program's bound, or ``None`` when it is not solved yet (it is then, once a timetable is at the
        floor: its bound ends the displacement's search sooner, and its prices are :meth:`priced`'s)."""
        if self.deadline.expired(self.checking + 0.01):
            return False
        within: dict[str, frozenset[int]] = {}
        for unit in self.problem.units:
            r = self.reference.get(unit.name)
            if unit.name not in free:
                within[unit.name] = frozenset((r,)) if r is not None else frozenset()
            elif r is not None:
                within[unit.name] = frozenset(range(max(0, r - reach), min(self.slots, r + reach + 1)))
        built = time.perf_counter()
        try:
            model = slot_model(self.problem, within=within, deadline=self.deadline)
            stages = self.goal.stages(model)
            model.hint(self.hint(self.best))
        except (TooManyGroups, OutOfTime):
            return False
        self.timings["guided"] = self.timings.get("guided", 0.0) + time.perf_counter() - built
        self.timings["guided_reach"] = reach
        after = self.checking + AFTER_SEARCH * model.cp.num_variables
        # Only a timetable at the floor of the moves is of use here, so the floor is a constraint: the search
        # looks for one at once rather than walking down from the first it finds (``biglabel-2000u-4r``: 0.57 ->
        # 0.17 s of CPU to 23 moves, from 57, one at a time); none at it is the model proven to have none.
        hold(model.cp, stages[0], self.moves_floor)
        moves = solve_stage(model.cp, stages[0], self.moves_floor, self.deadline, 1, reserve=after)
        self.rounds += 1
        if not moves.has_solution or moves.value != self.moves_floor:
            # none at the floor: proven (a wider model may have one), or the time ran out
            return None if moves.status in (OPTIMAL, INFEASIBLE) else False
        self._keep(model.placements(moves.values))
        if shift is None:
            program = self._program(self.moves_floor)
            shift = program.bound if program is not None else self.floors[1]
        floor = max(self.floors[1], shift)
        if self.best_values[1] > floor:
            # half the time left at most: the model of the places the prices leave (:meth:`priced`)
            # proves what this one only finds
            least = solve_stage(
                model.cp, stages[1], floor, self.deadline, 1, reserve=max(after, self.deadline.remaining() / 2)
            )
            self.rounds += 1
            if least.has_solution and least.value is not None:
                self._keep(model.placements(least.values))
        return True

    def priced(self) -> bool:
        """Once the fewest moves are proven and a timetable has them, once: the displacement
        program's prices rule out every place a unit takes in no timetable at most as displaced
        as the best one (:meth:`scheduler.solver.shifts.Prices.places`); the model of every unit
        free in the places left (an exact model of every such timetable, so its optimum is the
        problem's) is solved for the displacement and then the end. ``True`` if it was tried."""
        if self.tried_priced or len(self.proven) != 1 or self.best_values[0] != self.proven[0]:
            return False
        found = self.program[1] if self.program is not None and self.program[0] == self.proven[0] else None
        # the prices are read and the places counted without a look at the clock: begun only while the program's own
        # time is left (``biglabel-5000u-4r`` at load 13: the program 2.0 s of CPU, its prices and places 1.0 s,
        # begun 0.7 s before the deadline of a 20 s call and ended 3.8 s past it)
        if (
            found is None
            or found.pricing is None
            or self.deadline.expired(self.checking + self.timings.get("shift", 0.0))
        ):
            return False
        self.tried_priced = True
        built = time.perf_counter()
        prices = found.pricing()
        limit = prices.limit(self.best_values[1], PRICED_SIZE)
        if limit is None or limit < max(self.floor(1), self.bound or 0, (self.best_values[1] + prices.dual) / 2):
            # lowered below a known bound, or past half the gap to the dual bound (``overlap-1000u-4r``:
            # 72 against a best of 515 and an optimum of at least 199; a model of 680 MB for nothing)
            return False
        try:
            known = limit == self.best_values[1]
            priced = priced_model(self.problem, self.proven[0], prices, limit, PRICED_SIZE, self.deadline, known)
            if priced is None:
                return False
            model, stages = priced
            model.hint(self.hint(self.best))  # (above the limit, it is only a guide)
        except (TooManyGroups, OutOfTime):
            return False
        self.timings["priced"] = time.perf_counter() - built
        self.timings["priced_limit"] = limit
        self.timings["priced_at"] = self.deadline.elapsed()
        after = self.checking + AFTER_SEARCH * model.cp.num_variables
        for stage in (1, 2):
            if self.best_values[:stage] == tuple(self.proven) and self.best_values[stage] <= self.floor(stage):
                self.proven.append(self.best_values[stage])  # the best timetable meets a floor
                self.bound = None
                hold(model.cp, stages[stage], self.best_values[stage])
                continue
            found_stage = solve_stage(model.cp, stages[stage], self.floor(stage), self.deadline, 1, reserve=after)
            self.rounds += 1
            if found_stage.has_solution and found_stage.value is not None:
                self._keep(model.placements(found_stage.values))
            if stage == 1 and found_stage.status == INFEASIBLE:
                self.bound = max(self.bound or 0, limit + 1)  # no timetable within the limit
                return True
            if found_stage.status != OPTIMAL or found_stage.value is None:
                if found_stage.bound is not None:  # (every timetable within the limit is in the model)
                    self.bound = max(self.bound or 0, found_stage.bound)
                return True
            self.proven.append(found_stage.value)
            self.bound = None
            hold(model.cp, stages[stage], found_stage.value)
            model.hint(self.hint(self.best))
        return True

    def floor(self, stage: int) -> int:
        """What every timetable meets on ``stage`` (the earlier ones at their proven optima)."""
        if stage == 0:
            return self.moves_floor
        if stage == 1 and self.shift is not None:
            return max(self.floors[1], self.shift)
        return self.floors[stage]

    def solve(self) -> StageOutcome | None:
        """One round: the model for the units free now (kept while they do not change), its stage
        solved; ``None`` when the deadline or the size cap stopped the model being built."""
        stage = len(self.proven)
        built = time.perf_counter()
        exact_moves = bool(self.proven) and self.proven[0] <= self.floors[0]
        if self.model is None or self.shape != (tuple(self.reach.items()), exact_moves):
            self.shape = (tuple(self.reach.items()), exact_moves)
            forced = self.forced if exact_moves else None
            try:
                self.model = _build(self.problem, self.reference, self.reach, self.chained, forced, self.deadline)
                self.stages = self.goal.stages(self.model)
            except (TooManyGroups, OutOfTime):
                return None  # the best timetable so far and the bounds proven so far stand
            for done, value in zip(self.stages, self.proven, strict=False):
                hold(self.model.cp, done, value)
        else:  # the same units free: the model of the last stage, its optimum now a constraint
            hold(self.model.cp, self.stages[stage - 1], self.proven[-1])
        try:
            self.model.hint(self.hint(self.best))
        except OutOfTime:
            return None
        self.timings["build"] += time.perf_counter() - built
        absent = [(literal, 1) for literal in self.model.absent.values()]  # the fewest absent units, second
        after = self.checking + AFTER_SEARCH * self.model.cp.num_variables  # the stop heard, the answer checked
        floor = self.floor(stage)
        found = solve_stage(self.model.cp, self.stages[stage], floor, self.deadline, 1, absent, reserve=after)
        self.timings["solve"] += found.wall_time
        self.rounds += 1
        return found

    def take(self, found: StageOutcome) -> bool:
        """Learn from a round: a better timetable, a proven stage, or units to free; ``False`` to stop."""
        assert self.model is not None and found.value is not None
        stage = len(self.proven)
        gone = sorted(name for name, literal in self.model.absent.items() if found.values[literal])
        if not gone:  # a real timetable: everyone held is where the reference put them
            self._keep(self.model.placements(found.values))
        if found.status != OPTIMAL:  # cut short: keep what the engine proved of the stage
            self.bound = max(self.bound or 0, found.bound if found.bound is not None else self.floors[stage])
            return False
        if gone:
            self.bound = max(self.bound or 0, found.value)  # the optimum of a relaxation: a lower bound
            self._free(gone)
            return True
        self.proven.append(found.value)
        self.bound = None
        return True

    def _keep(self, placements: SlotGroups) -> None:
        checked = time.perf_counter()
        timetable = self.accept(placements)
        self.checking = max(self.checking, time.perf_counter() - checked)
        if timetable is None:
            raise AssertionError("the solver returned a timetable the checker rejects")
        values = self.goal.score(self.problem, timetable).values
        if values < self.best_values:
            self.best, self.best_values = timetable, values

    def _free(self, gone: list[str]) -> None:
        """Units the round placed elsewhere go free, with a reach that grows each time, and their mates."""
        for name in gone:
            self.reach[name] = min(self.slots, self.reach[name] * GROWTH) if name in self.reach else RADIUS
            for mate in sorted(self.mates.around({name})):
                self.reach[mate] = max(self.reach.get(mate, 0), self.reach[name])

    def result(self) -> Search:
        if len(self.proven) == 1 and self.program is not None and self.program[0] == self.proven[0]:
            found = self.program[1]  # the displacement's bound, even when no round was left time
            if found is not None:
                self.bound = max(self.bound or 0, found.bound)
        self.timings["rounds"] = self.rounds
        self.timings["free"] = len(self.reach)
        return Search(self.best, tuple(self.proven), self.bound, self.rounds, len(self.reach), self.timings)


def priced_model(
    problem: Problem,
    moves: int,
    prices: Prices,
    limit: int,
    most: int | None = None,
    deadline: Deadline | None = None,
    known: bool = False,
) -> tuple[ModelBuilder, list[Stage]] | None:
    """The exact model of every timetable with at most ``moves`` moves and a displacement of at
    most ``limit`` (``prices``: the displacement program's for ``moves``): each unit free in the
    places :meth:`~scheduler.solver.shifts.Prices.costs` leaves it, the moves held at ``moves`` and
    the displacement at ``limit``, the program's bound a constraint (:func:`_priced_cut`); with its
    stages. Its optimum is the problem's when it has one; with none, every timetable's displacement
    is above ``limit``. ``None`` when the places are more than ``most``. ``known``: a timetable of
    displacement ``limit`` is known (it is in the model, so the optimum is within the limit without
    the displacement held there)."""
    costs = prices.costs(limit, most)
    if costs is None:
        return None
    model = slot_model(problem, within={n: frozenset(c) for n, c in costs.items()}, deadline=deadline)
    stages = Stable().stages(model)
    hold(model.cp, stages[0], moves)
    if not known:
        hold(model.cp, stages[1], limit)  # (the places alone let the displacement pass the limit)
    _priced_cut(model, reference_slots(problem), costs, prices.dual)
    return model, stages


PRICE_SCALE = 1000
"""The prices of :func:`_priced_cut` in thousandths of a slot (each less :data:`SLACK` for the
floating point, and rounded down: the cut stays true)."""


def _priced_cut(
    model: ModelBuilder, reference: Mapping[str, int], costs: Mapping[str, Mapping[int, float]], dual: float
) -> None:
    """The displacement program's dual bound as one constraint of ``model`` (docs/model.md, "Places no
    better timetable takes"): a timetable's displacement less its units' prices at their slots is at
    least the dual bound. Redundant for the timetables, but CP-SAT's own relaxation is far weaker
    without it (``5000u-4r``: 598 against 1,051 after 90 s)."""
    units = model.problem.units
    terms: list[tuple[int, int]] = []
    for var, g in enumerate(model.var_group):
        t = model.var_slot[var]
        coefficient = 0
        for i in model.groups[g]:
            name = units[i].name
            r = reference.get(name)
            if r is not None and name in costs:
                coefficient += PRICE_SCALE * abs(t - r) - math.floor(PRICE_SCALE * (costs[name][t] - SLACK))
        if coefficient:
            terms.append((var, coefficient))
    model.cp.linear(terms, lo=math.floor(PRICE_SCALE * (dual - SLACK)))


def first_free(problem: Problem, more: Iterable[str] = ()) -> set[str]:
    """The units free from the first round: the forced ones, both ends of every link
    the reference breaks, and (``more``) any others; with whoever moves with them
    (:func:`grow`). A free unit's link partners must be free too, or the model is no
    longer a relaxation (a held partner could not follow it)."""
    reference = reference_slots(problem)
    return grow(problem, reference, Stable().forced(problem) | _broken_links(problem, reference) | set(more))


def build(
    problem: Problem,
    reach: Mapping[str, int],
    exact_moves: bool = False,
) -> ModelBuilder:
    """A round's model (see :func:`search`): units in ``reach`` (from :func:`first_free`
    and :func:`grow`) free within that many slots of their reference slot, the others
    held. ``exact_moves``: the fewest moves are proven to be the forced units alone."""
    reference = reference_slots(problem)
    return _build(problem, reference, reach, _chained(problem), Stable().forced(problem) if exact_moves else None)


def _chained(problem: Problem) -> set[str]:
    """Units that follow another or are followed (their slots must match their partner's)."""
    return {n for pair in follows(problem) for n in pair}


def _build(
    problem: Problem,
    reference: Mapping[str, int],
    reach: Mapping[str, int],
    chained: AbstractSet[str],
    forced: AbstractSet[str] | None,
    deadline: Deadline | None = None,
) -> ModelBuilder:
    """The round's model: free units within their reach, every other unit at its
    reference slot. Each unit so limited is optional (may be absent, i.e. somewhere
    else) if some slot outside its limit is open to it, unless ``forced`` is given:
    the fewest moves are then proven to be the forced units alone, so everyone else
    stays exactly where the reference put them (an exact model, not a relaxation)."""
    slots = len(problem.calendar)
    blocked = blocked_slots(problem)
    within: dict[str, frozenset[int]] = {}
    for unit in problem.units:
        name = unit.name
        r = reference.get(name)
        if name not in reach:
            within[name] = frozenset((r,)) if r is not None else frozenset()
        elif r is not None and name not in chained and reach[name] < slots:
            # (a linked unit's slots must match its partner's: linked units go anywhere)
            within[name] = frozenset(range(max(0, r - reach[name]), min(slots, r + reach[name] + 1)))
    optional = [
        name
        for name, limit in within.items()
        if (forced is None or name in forced) and len(limit | blocked.get(name, frozenset())) < slots
    ]
    return slot_model(problem, within=within, optional=optional, deadline=deadline)


def grow(problem: Problem, reference: Mapping[str, int], units: Iterable[str]) -> set[str]:
    """``units`` with the units that move with them: the label-mates sharing their
    reference slot (a pair that moves together) and their link partners."""
    return Mates(problem, reference).around(units)


class Mates:
    """Who moves with whom (:func:`grow`), indexed once: a search frees thousands of units one by
    one (5,000 units, 3,286 freed after the first round), and indexing every unit for each of them
    took 4-6 s past a 3 s limit."""

    def __init__(self, problem: Problem, reference: Mapping[str, int]) -> None:
        self.problem, self.reference = problem, reference
        self.mates: dict[tuple[int, str], list[str]] = {}
        for unit in problem.units:
            t = reference.get(unit.name)
            if t is not None:
                for label in labels(unit):
                    self.mates.setdefault((t, label), []).append(unit.name)
        self.partner: dict[str, set[str]] = {}
        for first, then in follows(problem):
            self.partner.setdefault(first, set()).add(then)
            self.partner.setdefault(then, set()).add(first)

    def around(self, units: Iterable[str]) -> set[str]:
        """``units`` with the units that move with them."""
        out = set(units)
        todo = list(out)
        while todo:
            name = todo.pop()
            t = self.reference.get(name)
            near = set(self.partner.get(name, ()))
            if t is not None:
                for label in labels(self.problem.unit(name)):
                    near.update(self.mates.get((t, label), ()))
            for other in near - out:
                out.add(other)
                todo.append(other)
        return out


def _broken_links(problem: Problem, reference: Mapping[str, int]) -> set[str]:
    """Both ends of every link the reference does not keep (one of them must move)."""
    calendar = problem.calendar
    out: set[str] = set()
    for a, b in follows(problem):
        first, then = reference.get(a), reference.get(b)
        if first is None or then is None or calendar.next_slot(first) != then:
            out |= {a, b}
    return out
