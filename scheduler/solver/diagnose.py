"""Saying why no timetable exists: a minimal set of rule instances that cannot hold together.

Every instance of a nameable rule (a unit's unavailability, a pin, a link, a
unit's place in the category order) is guarded by an assumption literal.
CP-SAT's core of failed assumptions is sufficient but not minimal, and reliable
only with one worker, so we ask for it with one worker, then shrink it by
deletion: drop an instance, and leave it out if the rest still has no
timetable. Each of those questions is answered on the problem *relaxed* to the
remaining instances (each rule says how: :func:`scheduler.rules.registry.relaxed`),
by the fast path (first-fit, then the solving model with its counting bounds),
which settles them in milliseconds. The result is irreducible: dropping any one
instance leaves a problem that has a timetable.

Before the core, the questions that need no search: whether the units fit at all, and
whether they fit with each category in meeting times of its own (counting:
:func:`scheduler.solver.counted.counted_clash`, told by its figures), whether a unit is left no
slot, a link no two, or a unit's limits leave the other side of the category order too few
meeting times (:func:`scheduler.solver.clash.clash_of`; the last told by its count), and
whether the greedies ``solve`` starts with (first-fit, the packing) find a timetable (then
there is no conflict).
At thousands of units the core is not found in the time a command has, so without
them a table with a timetable, or with one unit unavailable every time, was told as
"no timetable found" and every rule listed; a tight table only the packing fills
was told so at any size.

What a conflict is and how it is told lives in :mod:`scheduler.conflicts`; this
module only finds one, since that needs the solver.
"""

from __future__ import annotations

import time

from scheduler.conflicts.conflict import Conflict
from scheduler.conflicts.story import MOST
from scheduler.domain import Problem
from scheduler.errors import need
from scheduler.rules.check import validate
from scheduler.rules.registry import named_instances, relaxed
from scheduler.rules.values import Instance
from scheduler.solver.clash import Crowded, clash_of, obvious_clash
from scheduler.solver.counted import counted_clash, crowded_conflict, hall_conflict
from scheduler.solver.counting import everyone, slots_needed
from scheduler.solver.deadline import Deadline, OutOfTime, deadline_of, heard
from scheduler.solver.greedy import first_fit, packed
from scheduler.solver.hall import Hall
from scheduler.solver.model import ModelBuilder, TooManyGroups
from scheduler.solver.objectives import end_flags
from scheduler.solver.rooms import SlotGroups, assign_rooms
from scheduler.solver.seen import known, remembered
from scheduler.text.messages import Message


def has_timetable(problem: Problem, deadline: Deadline | float, workers: int = 2) -> bool | None:
    """Whether any timetable satisfies every rule (``None``: not settled in time, or the model was
    refused as too large to build)."""
    try:
        return _settle(problem, deadline, workers)
    except TooManyGroups:
        return None


PACE_MEMORY = 120.0
"""Seconds a pace learned from the checks without a search (:data:`_pace`) is trusted, as the model's build
rate is (:data:`scheduler.solver.model.RATE_MEMORY`)."""

_pace = [0.0, -PACE_MEMORY]
"""Wall seconds a unit of the last pass of the checks without a search made afresh (:func:`_arithmetic` on a
problem not asked before: every question of the shrinking is one), and when it was learned."""


def _affordable(problem: Problem, deadline: Deadline | None, asked: bool = True) -> bool:
    """Whether a pass of the checks without a search of ``problem`` would end before ``deadline`` at the pace
    of the last one made afresh (one already made for this very problem is remembered: always, unless not
    ``asked``: a step of its own as long, the packing). None of
    their steps but the clash's hears the clock inside (first-fit, the packing, the count: pure Python),
    so a question begun with less time left ended past it: explanations of one-room draws at 1,000 and
    2,000 units 0.9-2.3 s past T + 1 (docs/benchmarks.md, issue 16, 6 December)."""
    if deadline is None:
        return True
    if deadline.expired():
        return False
    if asked and known(problem, "first-fit")[0]:
        return True
    seconds, learned = _pace
    fresh = time.perf_counter() - learned <= PACE_MEMORY
    return not fresh or deadline.remaining() > seconds * len(problem.units)


def _paced(problem: Problem, deadline: Deadline | None) -> bool | None:
    """:func:`_arithmetic`, refused (:class:`OutOfTime`) when it would not end in time (:func:`_affordable`),
    and its pace learned when it was made afresh."""
    if not _affordable(problem, deadline):
        raise OutOfTime
    afresh = not known(problem, "first-fit")[0]
    began = time.perf_counter()
    try:
        return _arithmetic(problem, deadline)
    finally:
        if afresh and problem.units:
            now = time.perf_counter()
            seconds, learned = _pace
            # (a pass that ended at its first step says little of the next: the last one's half is kept)
            kept = seconds / 2 if now - learned <= PACE_MEMORY else 0.0
            _pace[:] = [max(kept, (now - began) / len(problem.units)), now]


def _settle(problem: Problem, deadline: Deadline | float, workers: int = 2) -> bool | None:
    """:func:`has_timetable`, but a model refused as too large raises :class:`TooManyGroups`
    instead of answering ``None``, so a caller can tell that from the time running out.

    The checks before the model hear the deadline (``None`` once it has passed) and are asked once per
    problem (:mod:`scheduler.solver.seen`): an explanation asks the table itself several times."""
    clock = deadline if isinstance(deadline, Deadline) else None
    try:
        verdict = _paced(problem, clock)
    except OutOfTime:
        return None
    if verdict is not None:
        return verdict
    try:
        model = ModelBuilder(problem, deadline=clock)
    except OutOfTime:
        return None
    # The counting bound over all slots: implied, but without it CP-SAT can take
    # minutes to find a timetable when the slots are exactly enough (docs/explanations.md).
    end_flags(model)
    outcome = model.cp.solve(deadline, workers)
    if outcome.has_solution:
        return True
    return False if outcome.status == "INFEASIBLE" else None


def _arithmetic(problem: Problem, deadline: Deadline | None) -> bool | None:
    """Whether the table has a timetable, by the checks without a model (``None``: they do not say):
    counting, the clash the rules' forbidden starts show, first-fit, the matching, the packing.
    :class:`OutOfTime` once ``deadline`` has passed (before each step, and inside the clash's)."""
    heard(deadline)
    if slots_needed(problem) > len(problem.calendar):
        return False  # counting settles it without a search
    heard(deadline)
    if obvious_clash(problem, matched=False, deadline=deadline) is not None:
        return False  # so does a unit left no slot, or a link no two following slots
    heard(deadline)
    if remembered(problem, "first-fit", lambda: _fits(problem, first_fit(problem))):
        return True
    heard(deadline)
    if clash_of(problem, told=False, deadline=deadline) is not None:
        return False  # units with fewer places than units (asked after first-fit: 0.1 s at 5,000 units)
    heard(deadline)
    if packs(problem):  # a tight table first-fit leaves: at 5,000 units no model is small enough to ask
        return True
    return None


def packs(problem: Problem) -> bool:
    """Whether the packing ``solve`` starts ``compact`` with finds a valid timetable: a tight
    table it fills at once, the model alone may not settle in any time a call has (asked once per
    problem: :mod:`scheduler.solver.seen`)."""
    return remembered(problem, "packs", lambda: _fits(problem, packed(problem)))


def _fits(problem: Problem, found: SlotGroups | None) -> bool:
    """Whether a greedy's slot groups make a valid timetable."""
    return found is not None and validate(problem, assign_rooms(problem, found)).ok


def too_many(problem: Problem) -> Conflict:
    """The units do not fit, whatever else holds (the bare problem has no timetable): the groups
    they form at least (only units of one parallel group share a room) and the slots those fill
    with every room busy (a bound short of the truth: then said plainly)."""
    total = everyone(problem)
    return Conflict(problem, (), too_many=True, needed=total.slots, groups=total.groups)


# Long: the explanation's steps in the order they are asked (counting, the clash by arithmetic, each kind
# told its own way, whether there is a timetable at all, the core, its shrinking), as meetings/diagnose.py.
def explain(problem: Problem, time_limit: float | Deadline = 30.0, infeasible: bool = False) -> Conflict | None:
    """A minimal conflict, or ``None`` when a timetable exists.

    ``time_limit`` (seconds, or the deadline of the call this one is part of) covers
    the whole search; a question it leaves unsettled keeps its instance, and the
    conflict is then marked not ``minimal``. When the time runs out before even the
    instances it lists are known to clash, it is marked not ``proven`` (unless
    ``infeasible``: the caller already proved that no timetable exists).
    """
    need("problem", problem, Problem)
    deadline = deadline_of(time_limit)
    deadline.report("explaining")
    named = named_instances(problem)
    order = {inst: i for i, inst in enumerate(named)}
    counted = counted_clash(problem)
    if counted is not None and counted.too_many:  # counting alone says it, before any search
        return counted
    try:
        clash = clash_of(problem, deadline.expired, deadline=deadline)
    except OutOfTime:  # nothing seen before the deadline (a clash found is kept, as far as it was shrunk)
        return counted if counted is not None else not_narrowed(problem, len(named), infeasible, checked=False)
    if clash is not None and not isinstance(clash, (Crowded, Hall)):
        # a unit left no slot, a link no two slots: said at once, whatever the size, and before a
        # count (it names the few rules to change). Proven already; the questions of the fewest get
        # the time there is (a third left the 9 rules of QA qashapes20 F4 unconfirmed after 9 s of 20:
        # each question of a 5,000-unit table takes 0.3 s of CPU, 1 s of wall at a load of 12)
        if not deadline.expired() and has_timetable(relaxed(problem, ()), deadline) is False:
            return too_many(problem)  # (every list would shrink to nothing)
        shrunk, minimal, too_large = shrink(problem, clash, deadline, halves=False)
        ordered = tuple(sorted(shrunk, key=order.__getitem__))
        # the arithmetic's own list, kept whole for want of time: proven, told so (QA qashapes20 F5)
        unasked = not minimal and not too_large and len(shrunk) == len(clash)
        return Conflict(problem, ordered, minimal=minimal, too_large=too_large, unasked=unasked)
    if counted is not None:  # the categories' own meeting times do not fit: told by the count
        return counted
    if isinstance(clash, Crowded):  # the other side of the order does not fit: told by the count
        return crowded_conflict(problem, clash)
    if isinstance(clash, Hall):  # units with fewer places than units, by matching: told by the count
        return _matched(problem, clash, deadline, order)
    if not deadline.expired() and has_timetable(relaxed(problem, ()), deadline) is False:
        return too_many(problem)
    if not infeasible:
        # Most tables asked about have a timetable, and solve's greedies usually find it at once
        # (first-fit inside has_timetable); the solving model with its counting bound gets a
        # third of the time to find one or prove none.
        if _affordable(problem, deadline, asked=False) and packs(problem):  # (the packing hears no deadline)
            return None
        verdict = has_timetable(problem, deadline.sooner(deadline.remaining() * 2 / 3))
        if verdict is True:
            return None
        infeasible = verdict is False
    # CP-SAT's core of failed assumptions is the quick way in, but on a large problem it may
    # take all the time there is: it gets a third, and the shrinking below the rest.
    core = _assumption_core(problem, named, deadline.sooner(deadline.remaining() * 2 / 3))
    if core is None:
        return None
    proven = True
    confirmed = has_timetable(relaxed(problem, core), deadline)
    if confirmed is not False:
        # the core not confirmed; when it is every instance, that question was about the problem itself
        verdict = confirmed if core == named else has_timetable(problem, deadline)
        if verdict is True:
            return None
        core = list(named)  # not confirmed: shrink from everything instead
        proven = infeasible or verdict is False  # (``infeasible``: the caller's solver proved it)
    size = len(core)
    core, minimal, too_large = shrink(problem, core, deadline)
    proven = proven or len(core) < size  # a list kept by shrinking has no timetable
    if not minimal and len(core) == len(named) > MOST:
        return not_narrowed(problem, len(named), proven)
    ordered = tuple(sorted(core, key=order.__getitem__))
    return Conflict(problem, ordered, minimal=minimal and proven, proven=proven, too_large=too_large)


def _matched(problem: Problem, hall: Hall, deadline: Deadline, order: dict[Instance, int]) -> Conflict:
    """A Hall set told by its count; when its rules are few (at most :data:`MOST`), first asked one at a
    time whether fewer would do, as a clash of the narrowing is: a list the solver confirms irreducible
    keeps the count and is marked minimal, a shorter one is told by its rules (the count no longer holds
    for it: the matching sees less than the solver). Hundreds of rules are not asked (one question of a
    2,000-unit table is 0.1-0.3 s): the count is the proof, its rules the fewest for it or not."""
    if len(hall.instances) > MOST:
        return hall_conflict(problem, hall)
    shrunk, minimal, too_large = shrink(problem, list(hall.instances), deadline, halves=False)
    if len(shrunk) == len(hall.instances):
        return hall_conflict(problem, hall, minimal=minimal)
    ordered = tuple(sorted(shrunk, key=order.__getitem__))
    return Conflict(problem, ordered, minimal=minimal, too_large=too_large)


def not_narrowed(problem: Problem, rules: int, proven: bool, checked: bool = True) -> Conflict:
    """Nothing narrowed in the time: no list, but what was and was not settled, and that none of the
    checks without a search saw a clash (not ``checked``: that the time ran out before they were done, at
    thousands of units under load). Every rule of the table was listed instead (QA qashapes20 F4: 10,435
    of them at 5,000 units, from unit 00000 on): nothing a clerk could act on."""
    key = "why.not_narrowed" if proven else "why.not_narrowed_unproven"
    if not checked:  # the time ran out in the checks without a search themselves: not "they saw no clash"
        key = "why.not_checked" if proven else "why.not_checked_unproven"
    said = Message(key, rules=rules, units=len(problem.units))
    return Conflict(problem, (), minimal=False, proven=proven, unsettled=said)


def shrink(
    problem: Problem, core: list[Instance], deadline: Deadline, halves: bool = True
) -> tuple[list[Instance], bool, bool]:
    """Drop instances while the rest still has no timetable: halves of the list first, then
    quarters... down to one at a time, which makes the result irreducible (``True``).

    Dropping a large share at once settles a large core in a few questions instead of one
    question per instance. Every list kept along the way has no timetable, so when the
    deadline comes first the one reached so far is returned (``False``: maybe not the fewest).
    The third value says the list may not be the fewest only because a question's model was
    refused as too large (:class:`TooManyGroups`), not because the time ran out: before, a
    5,000-unit clash settled in 1.8 s of 30 said "the solver ran out of time".

    Without ``halves``, one at a time from the start: a list arithmetic made irreducible for its own
    reason (:func:`~scheduler.solver.clash.clash_of`) is seldom shorter, and halves and quarters first
    asked 17 questions of its 9 rules instead of 9 (QA qashapes20 F4, a second of wall each at 5,000
    units on a loaded machine).
    """
    chunk = max(1, len(core) // 2) if halves else 1
    while True:
        refused = timed_out = False
        i = 0
        while i < len(core):
            if deadline.expired():
                return core, False, False
            trial = core[:i] + core[i + chunk :]
            verdict, too_large = _asked(relaxed(problem, trial), deadline)
            if verdict is False:
                core = trial
            else:
                refused = refused or too_large
                timed_out = timed_out or (verdict is None and not too_large)
                i += chunk
        if chunk == 1:
            return core, not (refused or timed_out), refused and not timed_out
        chunk = max(1, chunk // 2)


def _asked(problem: Problem, deadline: Deadline) -> tuple[bool | None, bool]:
    """:func:`has_timetable`, and whether it was left open because its model was too large."""
    try:
        return _settle(problem, deadline), False
    except TooManyGroups:
        return None, True


def _assumption_core(problem: Problem, named: list[Instance], deadline: Deadline) -> list[Instance] | None:
    """CP-SAT's sufficient set of failed assumptions (one worker), every instance if it is
    not found in time, or ``None`` when the problem has a timetable after all."""
    try:
        model = ModelBuilder(problem, explaining=True, deadline=deadline)
    except (TooManyGroups, OutOfTime):
        return list(named)
    literal = {inst: model.reason(inst) for inst in named}
    model.cp.assume(list(literal.values()))
    outcome = model.cp.solve(deadline, workers=1)
    if outcome.has_solution:
        return None
    if outcome.status != "INFEASIBLE":
        return list(named)
    failed = set(outcome.core)
    return [inst for inst in named if literal[inst] in failed] or list(named)
