"""Solving: one pipeline, greedy first, CP-SAT when the greedy answer is not provably optimal.

1. A greedy timetable (:mod:`scheduler.solver.greedy`: the phase-by-phase packing
   for ``compact``, first-fit keeping reference times for ``stable``), checked by
   the checker.
2. If it meets the objective's lower bound it is optimal: done.
3. Otherwise CP-SAT solves the objective's stages one after the other
   (:mod:`scheduler.solver.stages`): for ``compact`` on the whole model, hinted
   with the greedy timetable, on a horizon cut to the greedy's finish; for
   ``stable`` on small relaxed models around the units that must move, grown
   until their optimum is exact (:mod:`scheduler.solver.stable`).
4. The user always gets the best valid timetable found: never worse than the
   greedy one, even when CP-SAT runs out of time or is stopped.
5. When no timetable exists, :func:`scheduler.solver.diagnose.explain` names the clash
   (at once, before any model, when the greedy finds nothing and the clash is one
   :func:`scheduler.solver.clash.obvious_clash` sees: a unit left no slot, a link no two).
   Before all of this, counting (:func:`scheduler.solver.counted.counted_clash`, the check
   ``explain`` starts with too): units too many for the rooms and times, or for the times once
   categories keep to times of their own, are told by their figures, no search made.

One :class:`~scheduler.solver.deadline.Deadline` covers the whole call, the
explanation included. Every timetable returned has passed :func:`scheduler.rules.check.validate`.

OR-Tools loads only when a model is built: the modules that need it (the model,
the stages, the stable search, the conflict search) are imported where they are
used, so a problem the greedy settles (the 2021 notice) never loads it.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, get_args

from scheduler.domain import Problem, Timetable, Unit
from scheduler.errors import ArgumentError, need, need_whole
from scheduler.rules.check import validate
from scheduler.solver.counted import counted_clash
from scheduler.solver.deadline import (
    Deadline,
    OutOfTime,
    ProgressCallback,
    StopSignal,
    deadline_of,
    default_workers,
    heard,
)
from scheduler.solver.greedy import first_fit, kept_in_windows, packed
from scheduler.solver.objectives import (
    OBJECTIVES,
    Objective,
    ObjectiveName,
    Score,
    reference_slots,
)
from scheduler.solver.order import in_table_order
from scheduler.solver.result import Result, Status
from scheduler.solver.rooms import SlotGroups, assign_rooms
from scheduler.text.messages import Message

if TYPE_CHECKING:
    from collections.abc import Sequence

    from scheduler.conflicts.conflict import Conflict
    from scheduler.solver.cpsat import CpModel
    from scheduler.solver.stages import Stage, Staged


def solve(
    problem: Problem,
    objective: ObjectiveName = "compact",
    time_limit: float | Deadline = 30.0,
    workers: int | None = None,
    *,
    stop: StopSignal | None = None,
    progress: ProgressCallback | None = None,
) -> Result:
    """Find the best timetable for ``problem`` under ``objective`` within ``time_limit`` seconds
    (or by a :class:`~scheduler.solver.deadline.Deadline` the caller already holds).

    Never raises for an infeasible problem: the result's ``status`` is
    ``Status.INFEASIBLE`` and ``conflict`` says which rules clash. ``workers``:
    CP-SAT threads for ``compact`` (default: the machine's cores, at most 8); the
    ``stable`` search always runs one (deterministic, and faster on its small
    models). ``stop`` (e.g. a ``threading.Event``) ends the call early with the
    best timetable found so far; ``progress`` hears how it goes
    (:class:`~scheduler.solver.deadline.Progress`).

    Raises :class:`~scheduler.errors.ArgumentError` for an unknown objective, a
    time limit of zero or less, or an argument of the wrong kind.
    """
    need("problem", problem, Problem)
    return solve_within(problem, objective, deadline_of(time_limit, stop, progress), workers)


def objective_named(name: str) -> Objective:
    """The objective called ``name`` (:class:`~scheduler.errors.ArgumentError` if there is none)."""
    if name not in OBJECTIVES:
        known = ", ".join(get_args(ObjectiveName))
        raise ArgumentError(Message("solve.objective", objective=name, known=known))
    return OBJECTIVES[name]


def first_timetable(problem: Problem, objective: ObjectiveName = "compact") -> Timetable | None:
    """The pipeline's first step alone: the best checked greedy timetable, or ``None``."""
    return _Run(problem, objective_named(objective), Deadline.unlimited(), 1).greedy()


def _obvious_clash(problem: Problem, deadline: Deadline) -> bool:
    """Whether :func:`scheduler.solver.clash.obvious_clash` sees a clash: asked only when the greedy
    finds nothing, so a solve that finds a timetable does not load the module (nor its dataclass).
    ``False`` once the deadline passes first (the explanation after the model says what there is)."""
    from scheduler.solver.clash import obvious_clash

    try:
        return obvious_clash(problem, deadline=deadline) is not None
    except OutOfTime:
        return False


def solve_within(problem: Problem, objective: ObjectiveName, deadline: Deadline, workers: int | None) -> Result:
    """:func:`solve` inside a call that already holds its deadline (``replan``, ``alternatives``)."""
    need_whole("workers", workers, 1, optional=True)
    run = _Run(problem, objective_named(objective), deadline, workers)
    counted = counted_clash(problem)  # the units do not fit, by counting: no search can help
    if counted is not None and not counted.too_many:
        # the categories' own meeting times do not fit: explain tells it, by the count (or the few
        # rules that leave a unit no slot at all, if there are such: they name what to change)
        from scheduler.solver.diagnose import explain

        counted = explain(problem, deadline, infeasible=True)
    if counted is not None:
        return run.finish(Status.INFEASIBLE, None, "counting", conflict=counted)
    greedy = run.greedy()
    if greedy is None and _obvious_clash(problem, deadline):
        # a unit left no slot, a link no two: proven at once, told before any model is built
        from scheduler.solver.diagnose import explain

        return run.finish(Status.INFEASIBLE, None, "greedy", conflict=explain(problem, deadline, infeasible=True))
    lower = run.goal.lower_bound(problem)
    if greedy is not None and lower is not None and run.score(greedy) <= lower.values:
        return run.finish(Status.OPTIMAL, greedy, "greedy")
    if run.goal.name == "stable":
        by_blocks = run.by_blocks(greedy)
        if by_blocks is not None:
            return by_blocks
        if greedy is not None:
            return run.neighbourhoods(greedy)
    return run.whole_model(greedy)


GREEDY_PAST = "docs/performance.md#the-greedy-at-the-deadline"
"""Where the choice is argued: no greedy builder but the first is begun when one as long as the longest so far
would end more than :data:`GREEDY_GRACE` past the deadline, even when none found a timetable. Measured
(2026-12-06): on the 20 `stable` shapes of the sweep the first builder always finds one; on 120 one-room draws
with no free time (200-1,000 units) it got stuck on 116 and a later one found a timetable on 8 of those (the
packing 2, plain first-fit 6; first-fit without ejections and the windowed pass never). All five take 0.35 s
of CPU at 2,000 units, several seconds of wall under load, so stopping them costs a timetable only when the
limit is shorter than that."""


CROWDED_FIRST = "docs/performance.md#label-mode-the-first-improvement-sooner"
"""Where the choice is argued: ``stable`` on a crowded table (:func:`~scheduler.solver.labelled.crowded`) begins
with first-fit without ejections, and first-fit with them only when that one gets stuck. Measured (2026-12-06,
CPU seconds with the check): ``biglabel-5000u-4r`` 0.21 + 0.10 against 0.78 + 0.10 for the same timetable
(58/3,809/961 before the polish), ``biglabel-2000u-4r`` 0.05 + 0.06 for 28/1,792/385 against 0.43 + 0.04 for
29/1,801/385: on one label shared by thousands of units the ejections look at every label-mate and gain
nothing, and the guided label model is what moves the answer on there."""


GREEDY_GRACE = 0.5
"""Seconds past the deadline within which a greedy builder after the first may still be expected to end when
none has found a timetable: the next is begun while one as long as the longest so far would end within them
(the longest, not the last: the five builders' CPU seconds on one pert 2,000-unit draw were 0.13, 0.014,
0.01, 0.17, 0.016, so a quick stuck one says little of the next). A builder of a small table takes
milliseconds (the 2021 notice replanned with 9月8日 8:00 cancelled: the first gets stuck, the packing finds
the timetable in 1.3 ms), so a call just past its deadline still gets the timetable; a loaded machine's
call seconds past it does not wait for more builders (at T = 2 under load 25-39 they gave two timetables
5-10 s late: docs/benchmarks.md, twenty-third session)."""


REASON = 1.0
"""Seconds at least an explanation keeps when the whole model searches on after its first half found
nothing and the checks without a search saw no clash (:meth:`_Run.whole_model`)."""


def _nothing_seen(problem: Problem) -> bool:
    """Whether the checks without a search, the matching included, were made of ``problem`` (the pipeline
    asks them when the greedy finds nothing) and saw no clash: an explanation would find none there."""
    from scheduler.solver.seen import known

    plain, clash = known(problem, "clash")
    if not plain or clash is not None:
        return False
    matched, hall = known(problem, "hall")
    told, hall_told = known(problem, "hall told")
    return (matched and hall is None) or (told and hall_told is None)


BLOCKS_KEPT = 0.1
"""The share of the time left that the blocks' search (:meth:`_Run.by_blocks`) leaves for reading, checking and
telling its timetable."""


POLISH_CHECKS = 2.0
"""``stable``'s polish (:mod:`scheduler.solver.polish`) is begun only while this many of the greedy's
checks of a timetable (its longest, wall clock) are left: the polish reads the timetable, builds its
flows and makes a new one, then checks it (5,000 units, embed16's shape, load 10: the polish and its
check 0.51 s against the greedy's checks of 0.26-0.33 s; each takes the same multiple longer under load)."""


class _Run:
    """One call of the pipeline: the problem, the objective, the deadline, what was found."""

    def __init__(self, problem: Problem, goal: Objective, deadline: Deadline, workers: int | None) -> None:
        self.problem = problem
        self.goal = goal
        self.deadline = deadline
        self.workers = workers or default_workers()
        self.prefer_rooms = problem.reference.rooms() if problem.reference else {}
        self.reference = problem.reference.starts() if problem.reference else {}
        """Each unit's start in the reference timetable (:meth:`ranked`)."""
        self.timings: dict[str, float] = {}
        self.cut: tuple[int, int] | None = None
        self.always = 0
        """The greedy's last builder always begun: the first, or the packing after the table's own
        timetable (:meth:`given`: a check alone, and the packing is the builder that finds one)."""
        """The greedy's builders begun and all of them, when the deadline stopped it with nothing found."""

    def score(self, timetable: Timetable) -> tuple[int, ...]:
        return self.goal.score(self.problem, timetable).values

    def ranked(self, timetable: Timetable) -> tuple[tuple[int, ...], int]:
        """The score, then how many units left their reference time: of two equally good timetables the
        one that keeps more of the table's own times wins (``compact``, QA qabig25 F6; ``stable`` counts
        them in its score already). Computed on the answers, not in the model: free at the score's levels."""
        if self.problem.reference is None:
            return self.score(timetable), 0
        reference = self.reference
        starts = timetable.starts()
        return self.score(timetable), sum(1 for unit, t in reference.items() if starts.get(unit) != t)

    def checked(self, slot_groups: SlotGroups | None) -> Timetable | None:
        """Rooms numbered and the checker passed, or ``None``."""
        if slot_groups is None:
            return None
        timetable = assign_rooms(self.problem, slot_groups, self.prefer_rooms)
        return timetable if validate(self.problem, timetable).ok else None

    def finish(
        self,
        status: Status,
        timetable: Timetable | None,
        engine: str,
        bound: Score | None = None,
        conflict: Conflict | None = None,
    ) -> Result:
        score = self.goal.score(self.problem, timetable) if timetable is not None else None
        if status is Status.OPTIMAL:
            bound = score
        objective: ObjectiveName = "stable" if self.goal.name == "stable" else "compact"
        runtime = self.deadline.elapsed()
        return Result(self.problem, objective, status, timetable, score, bound, runtime, engine, conflict, self.timings)

    def cut_short(self, timetable: Timetable, engine: str, proven: tuple[int, ...], bound: int | None) -> Result:
        """A feasible answer: the proven stages, a bound on the first one cut short, then nothing known."""
        floors = self.goal.stage_floors(self.problem)
        values = [*proven, bound if bound is not None else floors[len(proven)]]
        values += [0] * (len(self.goal.names) - len(values))
        return self.finish(Status.FEASIBLE, timetable, engine, Score(tuple(values), self.goal.names))

    # -- the steps ----------------------------------------------------------------------

    def greedy(self) -> Timetable | None:
        """The best checked greedy timetable for the objective, or ``None`` (the builders:
        :meth:`builders`). A builder whose internal check fails counts as finding nothing. None
        of them hears the deadline, so one is begun only while more time is left than the last
        took, and ``stable``'s polish only while :data:`POLISH_CHECKS` checks fit. The first is always
        begun, and the packing after ``compact``'s check of the table's own timetable (:attr:`always`): a
        caller that keeps all its time for writing, ``solve --out`` at 5,000 units with invites, gets its
        timetable; with nothing found yet, the next is begun while one as long as the longest so
        far would end within :data:`GREEDY_GRACE` past the deadline (a stop signal does not end them: the
        first timetable is finished), none after: the call then answers that no timetable was found in the
        time (a time limit is a promise for the whole call; what was measured for this choice:
        :data:`GREEDY_PAST`)."""
        lower = self.goal.lower_bound(self.problem)
        builders, enough = self.builders()
        found: list[Timetable] = []
        last = longest = checking = 0.0  # wall seconds: the last builder with its check, the longest; the longest check
        for k, build in enumerate(builders):
            if found and (k in enough or self.deadline.expired(last)):
                break  # (near the deadline the first one is all there is time for)
            if k > self.always and self.deadline.left() - longest < -GREEDY_GRACE:
                self.cut = (k, len(builders)) if not found else None
                break  # none begun that would end well past the deadline, even with nothing found (GREEDY_PAST)
            began = self.deadline.elapsed()  # (the deadline's clock)
            try:
                groups = build()
                checked = self.deadline.elapsed()
                timetable = self.checked(groups)
            except AssertionError:
                # one heuristic's internal check failed (a bug, as the repair's once did): it found
                # nothing, and the others and the model still answer, rather than the call raising
                continue
            finally:
                last = self.deadline.elapsed() - began
                longest = max(longest, last)
            if timetable is None:
                continue
            checking = max(checking, self.deadline.elapsed() - checked)
            found.append(timetable)
            if lower is not None and self.score(timetable) <= lower.values:
                break
        best = min(found, key=self.ranked, default=None)
        if best is not None and self.goal.name == "stable" and not self.deadline.expired(POLISH_CHECKS * checking):
            best = self.polished(best)
        self.timings["greedy"] = self.deadline.elapsed()
        if best is not None:
            score = self.score(best)
            self.deadline.report(
                "greedy", self.goal.names[0], score[0], score=tuple(zip(self.goal.names, score, strict=True))
            )
        return best

    def builders(self) -> tuple[list[Callable[[], SlotGroups | None]], set[int]]:
        """The greedy's builders in the order tried, and the places in that order where it stops
        when one of those before found a timetable.

        ``compact``: the reference timetable as it stands when there is one (the table's own times,
        :meth:`given`): a valid table that meets the counting bound stands, and among equally good
        timetables it comes first, so :meth:`greedy` keeps it (QA qabig25 F6: an optimal 2,000-unit table
        came back with 1,978 units moved for no gain); then the packing, which usually meets the counting
        bound; first-fit too when it does not; first-fit keeping the reference times (a valid table given
        stands) when all find nothing. ``stable``: first-fit keeping reference times, the better of
        two (a stuck unit moving a unit on within its category, or going past it; on a crowded table the
        second only when the first, going past it, gets stuck: :data:`CROWDED_FIRST`); when both
        get stuck, the same keeping only the units inside their category's window
        (:meth:`windowed`) and the packing, the better of the two; plain first-fit when all
        get stuck (a valid answer, however many units it moves).
        """
        problem = self.problem
        if self.goal.name == "stable":
            from scheduler.solver.labelled import crowded

            reference = reference_slots(problem)
            ejecting = lambda: first_fit(problem, reference, deadline=self.deadline)  # noqa: E731
            plain = lambda: first_fit(problem, reference, eject=False)  # noqa: E731
            rest = [lambda: self.windowed(reference), lambda: packed(problem), lambda: first_fit(problem)]
            if crowded(problem):  # (:data:`CROWDED_FIRST`)
                return [plain, ejecting, *rest], {1, 2, 4}
            return [ejecting, plain, *rest], {2, 4}
        builders: list[Callable[[], SlotGroups | None]] = [lambda: packed(problem), lambda: first_fit(problem)]
        if problem.reference is None:
            return builders, set()
        # the table's own timetable first, as it is (one check: first-fit keeping its times cost 0.3-1 s of
        # CPU at 5,000 units with overlapping labels, where the reference was not kept anyway); first-fit
        # keeping the reference times when all get stuck
        builders.insert(0, self.given)
        self.always = 1
        builders.append(lambda: first_fit(problem, reference_slots(problem), eject=False))
        return builders, {3}

    def given(self) -> SlotGroups | None:
        """``compact``: the reference timetable as it stands, when it gives every unit a time (the
        checker then judges it in :meth:`checked`), else ``None``."""
        reference = self.problem.reference
        if reference is None or any(unit.name not in self.reference for unit in self.problem.units):
            return None
        return slot_groups_of(self.problem, reference)

    def windowed(self, reference: Mapping[str, int]) -> SlotGroups | None:
        """``stable``: first-fit keeping the reference times that lie inside their category's window
        (:func:`~scheduler.solver.greedy.kept_in_windows`), ``None`` when that keeps as many as the
        two before it tried."""
        prefer = kept_in_windows(self.problem, reference)
        return first_fit(self.problem, prefer, deadline=self.deadline) if prefer is not None else None

    def polished(self, timetable: Timetable) -> Timetable:
        """``stable``: the moved units exchanged among their places to move them less
        (:mod:`scheduler.solver.polish`), if that checks and scores better."""
        from scheduler.solver.polish import polish

        better = polish(self.problem, timetable, reference_slots(self.problem), self.deadline)
        if better is None or not validate(self.problem, better).ok or self.score(better) >= self.score(timetable):
            return timetable
        return better

    def neighbourhoods(self, greedy: Timetable) -> Result:
        """``stable``: few units move in an optimum, so small models around them, exactly."""
        from scheduler.solver.stable import search

        problem = self.problem
        found = search(
            problem,
            greedy,
            self.deadline,
            lambda slot_groups: self.checked(in_table_order(problem, slot_groups, True)),
            lambda timetable: slot_groups_of(problem, timetable),
        )
        self.timings.update(found.timings)
        engine = "greedy" if found.timetable is greedy else "cp-sat"
        if len(found.proven) == len(self.goal.names):
            return self.finish(Status.OPTIMAL, found.timetable, engine)
        polished = found.timetable if self.deadline.expired() else self.polished(found.timetable)
        return self.cut_short(polished, engine, found.proven, found.bound)

    def by_blocks(self, greedy: Timetable | None) -> Result | None:
        """``stable`` on a table with no free time: each block of categories on a model of its own
        (:mod:`scheduler.solver.blocks`), a timetable of each in half the time left, then their optima until
        :data:`BLOCKS_KEPT` of it is left. Optimal when every block proved its moves and displacement; else
        the better of the blocks' timetable and ``greedy``'s, with the stages all blocks proved and the sum of
        their bounds; no timetable when a block has none (and there is no ``greedy``); when a block found no
        timetable in its time, the neighbourhoods from ``greedy`` (``None``) or, without one, what the
        explanation says in the time left; ``None`` (as before the blocks) when the table has free time.
        (With no free time the neighbourhoods do not move a greedy timetable towards its bound: 1000 / 0.02 / 4
        kept 91 moves against the 51 the whole model proves, docs/benchmarks.md, twenty-second session.)"""
        from scheduler.solver.blocks import by_blocks, category_blocks
        from scheduler.solver.diagnose import explain

        blocks = category_blocks(self.problem)
        if blocks is None:
            return None
        began = time.perf_counter()
        first = self.deadline.sooner(self.deadline.remaining() / 2)
        last = self.deadline.sooner(self.deadline.remaining() * BLOCKS_KEPT)
        start = slot_groups_of(self.problem, greedy) if greedy is not None else None
        found = by_blocks(self.problem, blocks, first, last, start)
        self.timings["blocks"] = time.perf_counter() - began
        if found.infeasible and greedy is None:
            return self.finish(Status.INFEASIBLE, None, "cp-sat", conflict=explain(self.problem, self.deadline, True))
        if found.placements is None:
            # No verdict in half the time: without a greedy timetable, the explanation gets the other half (its
            # check asks the whole windowed model, the one the pipeline would search next: 2000 / 0.2 / 3 at
            # T = 20, load 11, proven with no timetable that way and not when the model came first)
            return None if greedy is not None else self.no_timetable("cp-sat")
        timetable = self.checked(in_table_order(self.problem, found.placements, True))
        if timetable is None:
            raise AssertionError("the blocks' timetable is one the checker rejects")
        if greedy is not None and self.score(greedy) < self.score(timetable):
            timetable = greedy  # (never worse than the greedy's; the blocks' bounds hold of every timetable)
        engine = "greedy" if timetable is greedy else "cp-sat"
        if len(found.proven) >= 2:
            return self.finish(Status.OPTIMAL, timetable, engine)
        floor = self.goal.stage_floors(self.problem)[len(found.proven)]
        return self.cut_short(timetable, engine, found.proven, max(floor, found.bound or 0))

    def whole_model(self, greedy: Timetable | None) -> Result:
        """Every stage on the whole model (cut to the greedy's finish for ``compact``)."""
        from scheduler.solver.cpsat import AFTER_SEARCH
        from scheduler.solver.diagnose import explain
        from scheduler.solver.labelled import slot_model
        from scheduler.solver.model import TooManyGroups
        from scheduler.solver.stages import solve_stages

        problem = self.problem
        horizon = None
        if greedy is not None and self.goal.name == "compact":
            horizon = self.score(greedy)[0]  # (the model cuts each category to its window within it)
        # Without a timetable yet, the model's build and its search keep half the time for an
        # explanation: the user gets a timetable or a reason, never nothing (pert, 2,000 units at a
        # load of 15: a build of 16-18 s of 20 left the explanation nothing, and it ended at 24-25 s).
        searching = self.deadline if greedy is not None else self.deadline.sooner(self.deadline.remaining() / 2)
        built = time.perf_counter()
        try:
            # none begun once the time is up (pert, 2,000 units, T = 5, load 16: its preparation took
            # 0.5 s of wall past the deadline before the build first looked at the clock)
            heard(self.deadline)
            model = slot_model(problem, horizon=horizon, deadline=searching)
            stages = self.goal.stages(model)
            if greedy is not None:
                model.hint(slot_groups_of(problem, greedy))
        except (TooManyGroups, OutOfTime):
            # the model cannot be built (the labels allow too many groups) or not in time: the
            # greedy timetable stands, with the bound every timetable meets
            self.timings["build"] = time.perf_counter() - built
            if greedy is not None:
                return self.cut_short(greedy, "greedy", (), None)
            return self.no_timetable()
        self.timings["build"] = time.perf_counter() - built
        solving = time.perf_counter()
        floors = self.goal.stage_floors(problem)
        # With a timetable, the time to read the solution, check it and free the model is kept back.
        after = AFTER_SEARCH * model.cp.num_variables if greedy is not None else 0.0
        search = searching.sooner(after)
        staged = solve_stages(model.cp, stages, floors, search, self.workers)
        if greedy is None:
            staged = self.searched_more(model.cp, stages, floors, staged)
        self.timings["solve"] = time.perf_counter() - solving
        if staged.values:
            tidy = in_table_order(problem, model.placements(staged.values), self.goal.name == "stable")
            found = self.checked(tidy)
            if found is None:
                raise AssertionError("the solver returned a timetable the checker rejects")
            if greedy is not None and self.ranked(greedy) < self.ranked(found):
                found = greedy  # (of equal scores, the one keeping more of the table's own times)
            if len(staged.proven) == len(stages):
                return self.finish(Status.OPTIMAL, found, "cp-sat")
            return self.cut_short(found, "cp-sat", staged.proven, staged.bound)
        if staged.status == "INFEASIBLE" and not staged.proven:
            conflict = explain(problem, self.deadline, infeasible=True)
            return self.finish(Status.INFEASIBLE, None, "cp-sat", conflict=conflict)
        if greedy is None and not staged.proven:
            return self.no_timetable("cp-sat")  # no timetable in half the time: look for why
        if greedy is not None:
            return self.cut_short(greedy, "greedy", staged.proven, staged.bound)
        return self.no_timetable("cp-sat")

    def searched_more(self, cp: CpModel, stages: Sequence[Stage], floors: Sequence[int], staged: Staged) -> Staged:
        """The whole model with no greedy timetable, after the half of the time it keeps for an
        explanation: searched on when that half found nothing and an explanation would only ask the same
        model again, or from the timetable it found (:func:`searched_on`)."""
        from scheduler.solver.cpsat import AFTER_SEARCH
        from scheduler.solver.stages import solve_stages

        if not staged.values and staged.status != "INFEASIBLE" and _nothing_seen(self.problem):
            # Nothing in half the time, and the checks without a search (asked before the model) saw no clash:
            # what is left of an explanation is this model's question again, on a model of its own built anew
            # (pert, 1,000 units, T = 20, load 10: 9 s of build and search past the first half, then
            # "unknown", a timetable found there never given). The same model searches on, and the
            # explanation keeps a tenth of what is left (at least REASON seconds) for what it still says.
            rest = self.deadline.sooner(max(REASON, self.deadline.remaining() / 10))
            staged = solve_stages(cp, stages, floors, rest, self.workers)
        if staged.values and len(staged.proven) < len(stages):
            # a timetable now, so no explanation is needed: the half kept for one is the search's
            # (pert, 1,000 units, load 13: 297 moves against 276 proven when it stopped at 11 s of 20)
            reserve = self.deadline.sooner(AFTER_SEARCH * cp.num_variables)  # (to read and check it)
            staged = searched_on(cp, stages, floors, staged, reserve, self.workers)
        return staged

    def no_timetable(self, engine: str = "greedy") -> Result:
        """No timetable found (and no model to search, or none found in its time): the reason,
        proven, or the best explanation found in the time left, so the answer is never nothing."""
        from scheduler.solver.diagnose import explain

        conflict = explain(self.problem, self.deadline)
        if conflict is not None and conflict.proven:
            return self.finish(Status.INFEASIBLE, None, engine, conflict=conflict)
        return self.finish(Status.UNKNOWN, None, engine, conflict=self.unsettled(conflict))

    def unsettled(self, conflict: Conflict | None) -> Conflict:
        """What an answer with no timetable and no proof says, never nothing: what the explanation found, with
        the search this call made told when it says nothing else (its "no clash seen" also blamed a model too
        large to build, where the whole model was built and searched; its "checks not done" said nothing of
        the greedy's builders tried before the deadline stopped them); ``None`` from the explanation (it saw
        that a timetable exists, and this call has none) told as such."""
        from scheduler.conflicts.conflict import Conflict

        if conflict is None:
            return Conflict(self.problem, (), minimal=False, proven=False, unsettled=Message("why.exists_not_kept"))
        said = conflict.unsettled
        if conflict.instances or said is None:
            return conflict
        searched = self.timings.get("solve")
        if said.key == "why.not_narrowed_unproven" and searched is not None:
            told = Message("why.searched_unproven", **said.params, seconds=f"{searched:.1f}")
        elif said.key == "why.not_checked_unproven" and self.cut is not None:
            # the time ran out in the greedy itself: which of its builders were tried is what was checked
            told = Message("why.builders_unproven", **said.params, tried=self.cut[0], builders=self.cut[1])
        else:
            return conflict
        return dataclasses.replace(conflict, unsettled=told)


def searched_on(
    cp: CpModel, stages: Sequence[Stage], floors: Sequence[int], staged: Staged, deadline: Deadline, workers: int
) -> Staged:
    """``staged`` (a solution, its first stages proven) searched on from its first stage not proven, until
    ``deadline``, hinted with its solution: the better solution, the proven stages, the bound after them."""
    from scheduler.solver.stages import Staged, solve_stages

    done = len(staged.proven)
    cp.hint(dict(enumerate(staged.values)))
    more = solve_stages(cp, stages[done:], floors[done:], deadline, workers)
    if not more.values:
        return staged
    if not more.proven:  # two bounds on the same stage: the larger
        bounds = [b for b in (staged.bound, more.bound) if b is not None]
        bound = max(bounds) if bounds else None
    else:
        bound = more.bound
    values = more.values
    if [s.value(staged.values) for s in stages] < [s.value(values) for s in stages]:
        values = staged.values  # (cannot happen with the stages held, kept for safety: never worse)
    return Staged(staged.proven + more.proven, values, bound, more.status)


def slot_groups_of(problem: Problem, timetable: Timetable) -> SlotGroups:
    """Slot -> groups of a timetable (units sharing a room and hour form a group)."""
    calendar = problem.calendar
    groups: dict[tuple[int, str | None], list[Unit]] = {}
    for m in timetable.meetings:
        t = calendar.index(m.start) if m.start is not None else None
        if t is not None:
            groups.setdefault((t, m.room), []).append(problem.unit(m.unit))
    out: SlotGroups = {}
    for (t, _), units in groups.items():
        out.setdefault(t, []).append(tuple(units))
    return out
