"""Several different timetables, all optimal: so an office can choose.

**What "different" means.** Two timetables are the same when every unit
starts at the same time, except that interchangeable units (same category,
same parallel-group labels, no pin, link, unavailability or published time of
their own: :func:`scheduler.solver.order.kinds`) may trade places. Rooms do not count:
the same hours in other rooms are the same timetable. So each alternative
changes *when* some unit meets in a way a swap of look-alike units cannot undo.

**How.** :func:`scheduler.solve` finds and proves the optimum. Exchanges come first:
two units alone in their rooms, of different kinds, trade hours; each exchange the
checker accepts at the same score is an alternative, found in milliseconds (the
solver needs seconds to find a second timetable exactly as tight as the first: 300
units took the whole 30 s for one or two). If exchanges do not give enough, the model is then
built again with every stage of the objective held at its proven value (the
same stages every search states: :mod:`scheduler.solver.stages`), and solved
repeatedly; after each timetable a constraint forbids its pattern (how many
units of each kind meet in each slot), so the next one differs. When the solver
proves no further pattern exists, the list is complete and we say how many there
are. One deadline covers the whole call. Every timetable passes the checker.

**Fewer than asked.** The list is either complete (proven: that is how many exist) or cut short, and
then :attr:`Alternatives.stopped_by` says by what: the time limit, the stop signal, the memory guard
(:func:`scheduler.solver.cpsat.ceiling_mb`) or a model too large to build. It never claims there are
no more when the search did not prove it (:meth:`Alternatives.shortfall` says which, in words).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import ClassVar

from scheduler.domain import Meeting, Problem, Timetable
from scheduler.errors import need, need_whole
from scheduler.rules.check import validate
from scheduler.rules.registry import blocked_slots, fixed_starts, follows
from scheduler.solver.deadline import Deadline, OutOfTime, ProgressCallback, StopSignal, deadline_of, default_workers
from scheduler.solver.model import ModelBuilder, TooManyGroups
from scheduler.solver.objectives import ObjectiveName
from scheduler.solver.order import in_table_order, kinds
from scheduler.solver.pipeline import objective_named, slot_groups_of, solve_within
from scheduler.solver.result import Result, Status
from scheduler.solver.rooms import SlotGroups, assign_rooms
from scheduler.solver.stages import hold
from scheduler.text.messages import Message

Pattern = Counter[tuple[tuple[object, ...], int | None]]
"""(kind, slot) -> how many units of that kind meet in that slot."""


@dataclass(frozen=True)
class Alternatives:
    """Up to ``wanted`` different optimal timetables; ``result`` is the first, as :func:`solve` gives it.

    ``complete`` is true when the solver proved there are no others than these
    (then ``len(timetables) < wanted`` means that is how many exist).
    ``timetables`` is empty unless ``result`` is proven optimal.
    ``stopped_by``: why the search ended with fewer than ``wanted`` and without proving there are no
    more: ``"time"`` (the time limit), ``"stop"`` (the stop signal), ``"memory"`` (the memory guard) or
    ``"model"`` (the model for further timetables has too many groups to build); ``None`` when all
    ``wanted`` were found, the list is complete, or the optimum was not proven.
    """

    result: Result
    timetables: tuple[Timetable, ...]
    wanted: int
    complete: bool
    stopped_by: str | None = None
    __hash__: ClassVar[None] = None  # type: ignore[assignment]  # unhashable: said, not failed inside a generated hash

    @property
    def count(self) -> int:
        """How many timetables were found (``len(timetables)``, at most ``wanted``)."""
        return len(self.timetables)

    def shortfall(self) -> Message | None:
        """What to say when fewer than ``wanted`` were found (``None`` when all were, or when none
        are listed): that is all there are (``complete``), or the search stopped and by what, so there
        may be more."""
        if not self.timetables or len(self.timetables) >= self.wanted:
            return None
        key = "alt.all" if self.complete else f"alt.short.{self.stopped_by or 'time'}"
        return Message(key, count=len(self.timetables), wanted=self.wanted)


def pattern(problem: Problem, timetable: Timetable, keep_reference: bool) -> Pattern:
    """What two timetables must share to count as the same (see the module text)."""
    kind = kinds(problem, keep_reference)
    calendar = problem.calendar
    return Counter((kind[unit], calendar.index(start)) for unit, start in timetable.starts().items())


def alternatives(
    problem: Problem,
    objective: ObjectiveName = "compact",
    count: int = 3,
    time_limit: float | Deadline = 30.0,
    workers: int | None = None,
    *,
    stop: StopSignal | None = None,
    progress: ProgressCallback | None = None,
) -> Alternatives:
    """Up to ``count`` different timetables, all optimal for ``objective``.

    ``time_limit`` covers the whole search (``stop`` and ``progress`` as for
    :func:`scheduler.solve`). When the optimum is not proven in time (or no
    timetable exists) the result says so and no alternatives are listed.
    """
    need("problem", problem, Problem)
    need_whole("count", count, 1)
    deadline = deadline_of(time_limit, stop, progress)
    goal = objective_named(objective)
    result = solve_within(problem, objective, deadline, workers)
    if result.status is not Status.OPTIMAL or result.timetable is None or result.score is None:
        return Alternatives(result, (), count, False)
    stable = objective == "stable"
    found = [result.timetable]
    seen = [pattern(problem, result.timetable, stable)]
    if count <= 1:
        return Alternatives(result, tuple(found), count, False)
    prefer = problem.reference.rooms() if problem.reference else {}
    for timetable in _swaps(problem, result, stable, prefer, deadline):
        key = pattern(problem, timetable, stable)
        if key not in seen:
            found.append(timetable)
            seen.append(key)
        if len(found) >= count:
            break
    if len(found) >= count:
        return Alternatives(result, tuple(found), count, False)

    try:
        model = ModelBuilder(problem, horizon=result.score.as_dict()["end_slots"], deadline=deadline)
        stages = goal.stages(model)  # (``stable``'s look at the deadline as they are posted)
    except TooManyGroups:
        return Alternatives(result, tuple(found), count, False, "model")
    except OutOfTime:
        return Alternatives(result, tuple(found), count, False, _timed_out(deadline))
    for stage, value in zip(stages, result.score.values, strict=True):
        hold(model.cp, stage, value)  # every alternative is exactly as good
    kind = kinds(problem, stable)
    complete, stopped_by = False, None
    for key in seen[:-1]:
        _forbid(model, key, kind)
    while len(found) < count:
        _forbid(model, seen[-1], kind)
        if deadline.expired(0.05):
            stopped_by = _timed_out(deadline)
            break
        outcome = model.cp.solve(deadline, workers or default_workers())
        if outcome.status == "INFEASIBLE":
            complete = True
            break
        if not outcome.has_solution:
            stopped_by = outcome.cut or _timed_out(deadline)
            break
        timetable = _checked(
            problem, in_table_order(problem, model.placements(outcome.values), stable, whole_slots=False), prefer
        )
        if goal.score(problem, timetable) != result.score:
            raise AssertionError("an alternative timetable is not optimal")
        found.append(timetable)
        seen.append(pattern(problem, timetable, stable))
    return Alternatives(result, tuple(found), count, complete, stopped_by)


def _timed_out(deadline: Deadline) -> str:
    """Why a search that ran out of its deadline ended: its stop signal, or the time."""
    return "stop" if deadline.stopped() else "time"


def _swaps(
    problem: Problem, result: Result, stable: bool, prefer: Mapping[str, str], deadline: Deadline
) -> Iterator[Timetable]:
    """Optimal timetables one exchange away from the first: two units alone in their rooms, of
    different kinds, trade their hours and rooms; each that passes the checker and scores the
    same is an alternative (found in milliseconds, where the solver needs a whole model to
    find a second timetable as tight as the first), then put in table order and given rooms
    as the first was (rows in time order). Units with a reference time stay put for
    ``stable`` (an exchange would move them)."""
    assert result.timetable is not None
    meetings = list(result.timetable.meetings)
    kind = kinds(problem, stable)
    blocked = blocked_slots(problem)
    calendar = problem.calendar
    shared = Counter((m.start, m.room) for m in meetings)
    alone = [i for i, m in enumerate(meetings) if m.start is not None and shared[(m.start, m.room)] == 1]
    goal = objective_named(result.objective)
    tied = {name for pair in follows(problem) for name in pair} | set(fixed_starts(problem))
    alone = [i for i in alone if meetings[i].unit not in tied]  # an exchange would break their link or pin
    category = {u.name: u.category for u in problem.units}
    for a, b in combinations(alone, 2):
        if deadline.expired(0.05):
            return
        first, second = meetings[a], meetings[b]
        if first.start == second.start or kind[first.unit] == kind[second.unit]:
            continue
        if category[first.unit] != category[second.unit]:
            continue  # categories never share hours: the exchange would break their order
        ta, tb = calendar.index(first.start), calendar.index(second.start)  # type: ignore[arg-type]
        if tb in blocked.get(first.unit, ()) or ta in blocked.get(second.unit, ()):
            continue
        swapped = list(meetings)
        swapped[a] = Meeting(first.unit, second.start, second.room)
        swapped[b] = Meeting(second.unit, first.start, first.room)
        # as every timetable is written: look-alike units in table order, rows in time order; then one
        # check of the timetable that is kept (the exchange itself is not checked apart)
        tidy = in_table_order(problem, slot_groups_of(problem, Timetable(tuple(swapped))), stable, whole_slots=False)
        timetable = assign_rooms(problem, tidy, prefer)
        if validate(problem, timetable).ok and goal.score(problem, timetable) == result.score:
            yield timetable


def _forbid(model: ModelBuilder, seen: Pattern, kind: Mapping[str, tuple[object, ...]]) -> None:
    """The next solution must put fewer units of some kind in some slot than ``seen`` does."""
    cp = model.cp
    units = model.problem.units
    count: dict[tuple[tuple[object, ...], int | None], list[tuple[int, int]]] = {}
    for var, g in enumerate(model.var_group):
        t = model.var_slot[var]
        per_kind = Counter(kind[units[i].name] for i in model.groups[g])
        for k, n in per_kind.items():
            if (k, t) in seen:
                count.setdefault((k, t), []).append((var, n))
    flags = []
    for key, n in seen.items():
        flag = cp.new_bool()
        cp.linear(count.get(key, []), hi=n - 1, enforce=[flag])
        flags.append(flag)
    cp.bool_or(flags)


def _checked(problem: Problem, slot_groups: SlotGroups, prefer: Mapping[str, str]) -> Timetable:
    timetable = assign_rooms(problem, slot_groups, prefer)
    report = validate(problem, timetable)
    if not report.ok:
        raise AssertionError("the solver returned a timetable the checker rejects: " + "; ".join(report.lines("en")))
    return timetable
