"""Saying why a meeting problem has no timetable: a minimal set of rule instances that cannot hold together.

The same idea as for unit tables (:mod:`scheduler.solver.diagnose`), on the meeting model: every
instance a nameable rule names for a meeting problem (a meeting's time window, a person's busy
time, a pin, a meeting's room wishes or seats, a shared room's seats, a series, a room's
changeover, a participant required in several meetings, the gap) is guarded by an assumption literal of the model built
while *explaining* (every start inside working hours and every room stays in its domain, held
out only by the literals of the instances forbidding it). The rules that always hold (each
meeting once, inside one working period, a room's capacity, who may share a room) are the
background.

Counts come first (:mod:`scheduler.meetings.counts`): what even the background cannot hold, then a
clash arithmetic proves (pins, a meeting left no place, a participant's or the rooms' time), whose
instances are each asked of the packing greedy (:func:`scheduler.meetings.relaxed.each_needed`) and
else shrunk by the model's deletion below, starting from the clash.

A timetable found first by the greedy ``solve_meetings`` falls back on (every rule,
:func:`scheduler.meetings.greedy.packed`), checked, answers at once: nothing to explain (before,
``explain --time-limit 1`` listed unproven clashes on 200 meetings ``solve`` fills in 0.6 s).

CP-SAT's core of failed assumptions is sufficient, not minimal, and reliable only with one worker
(or-tools issue #3102), so it is asked for with one worker and then shrunk by deletion: drop an
instance, and leave it out when the rest still has no timetable. Every question is the same model
with other assumptions (an instance not assumed is free, so the solver may drop it), so the model
is built once, and each question starts from the last timetable found (the first from the greedy on
the rules that always hold): on the Timefold demo a question answered by a timetable took 3 to 5 s
without that start and a few tenths of a second with it. The result is irreducible: without any one
of its instances the rest has a timetable. When even the background has no timetable, no instance
is to blame and the conflict says what does not fit (``too_many``, with its ``shortfall``).
"""

from __future__ import annotations

import math
import time as clock

from scheduler.conflicts.conflict import Conflict
from scheduler.conflicts.story import MOST
from scheduler.domain.meetings import MeetingProblem
from scheduler.meetings.arguments import check_problem
from scheduler.meetings.check import keeps_rules, packs, plan_of
from scheduler.meetings.counts import Clash, clash, counted, no_room
from scheduler.meetings.greedy import greedy
from scheduler.meetings.model import MeetingModel
from scheduler.meetings.posted import posted_seconds
from scheduler.meetings.prepared import Prepared, prepare
from scheduler.meetings.relaxed import each_needed
from scheduler.meetings.terms import Term
from scheduler.rules.registry import session_instances
from scheduler.rules.values import Instance
from scheduler.solver.deadline import Deadline, deadline_of
from scheduler.text.messages import Message


# Long: the deletion filter's steps (the counts, a clash by arithmetic, the background, then each
# instance in turn) share one model, its literals and the last timetable found; the order is the function.
def explain_meetings(
    problem: MeetingProblem,
    time_limit: float | Deadline = 30.0,
    infeasible: bool = False,
    kept_back: float = 0.0,
    found: Clash | None = None,
) -> Conflict | None:
    """A minimal conflict of ``problem``, or ``None`` when a timetable exists.

    ``time_limit`` (seconds, or the deadline of the call this one is part of) covers the whole
    search; a question it leaves unsettled keeps its instance, and the conflict is then marked not
    ``minimal``. When the time runs out before even the instances it lists are known to clash, it
    is marked not ``proven`` (unless ``infeasible``: the caller already proved no timetable exists).
    When the model that would settle it takes longer to build than the time leaves it, the conflict
    says so (:attr:`~scheduler.conflicts.conflict.Conflict.unsettled`) with a limit to try: the time it
    would need plus ``kept_back``, the seconds the caller keeps back from its own limit (a command's
    printing), so the limit named is the one the user gives. ``found``: the clash the caller's arithmetic
    already proved on this very problem (:func:`~scheduler.meetings.counts.clash`), not counted again.
    Raises :class:`~scheduler.errors.ArgumentError` for a problem of another kind or a time limit of
    zero or less.
    """
    check_problem(problem)
    deadline = deadline_of(time_limit)
    deadline.report("explaining")
    began, limit = clock.perf_counter(), deadline.remaining()
    prep = prepare(problem, explaining=True)
    too_many = counted(prep)
    if too_many is not None:
        return too_many
    named = session_instances(problem)
    order = {inst: k for k, inst in enumerate(named)}
    # A clash arithmetic proves (pins, a meeting left no place, a count): whether each of its
    # instances is needed is asked of the packing greedy, else of the model's deletion below, when
    # the time left pays for building it (two clashing pins among 300 meetings: 240 unproven lines at
    # --time-limit 1 before, 3 lines now). Before, a meeting left no start was said minimal unasked.
    # The arithmetic grows with the table (2,000 meetings: 3 s of CPU, 6 s at load 7): at most a share
    # of the time, so the packing greedy below can still settle a table that has a timetable (QA
    # qamscale18 F9: a feasible 2,000-meeting table was left with no time for it and listed 3,324 rules);
    # until the deadline when the caller proved no timetable exists: the count is then the answer, but
    # the time limit holds (QA qashapes20 F1: that count ran unbounded, 17 s past --time-limit 2).
    if found is None:
        share = max(CLASH_FLOOR, CLASH_SHARE * deadline.remaining())
        found = clash(prep, _clock(deadline) if infeasible else clock.perf_counter() + share)
    shown: list[Instance] | None = None
    if found is not None:
        shown = sorted(found.instances, key=order.__getitem__)
        minimal = each_needed(problem, shown, deadline)
        if minimal is not False:  # proven minimal, or no time left to ask the model
            return Conflict(problem, tuple(shown), minimal=bool(minimal), proven=True, count=found.count)
    elif not infeasible and packs(problem, until=_clock(deadline)):
        return None
    building = build_seconds(prep)
    if deadline.expired() or building > EXPLAIN_BUILD_SHARE * deadline.remaining():
        # No time to build the model (2,000 meetings: 8 s): the best reason so far, not minimal, and
        # why, when it was the building and not the time running out (QA explain19 F5).
        spent = clock.perf_counter() - began
        why = None if deadline.expired() else _too_large(limit + kept_back, building, spent + kept_back)
        return _unexplained(problem, named, shown, infeasible, found, why)
    model = MeetingModel(prep).build(())
    literal = {inst: model.reason(inst) for inst in named}
    for inst, lit in model.reasons.items():  # an instance no rule names for this problem always holds
        if inst not in literal:
            model.cp.linear([(lit, 1)], 1, 1)

    # The last timetable found (every variable's value) guides the next question: most questions
    # whose answer is "a timetable exists" are then settled at once.
    last: dict[int, int] = _background(prep, model, _clock(deadline)) or {}

    def verdict(kept: list[Instance]) -> tuple[bool | None, list[Instance]]:
        """Whether ``kept`` (with the background) has no timetable: True, False, or None (not settled
        in time); when True, the instances CP-SAT found sufficient for that."""
        model.cp.assume([literal[i] for i in kept])
        held = set(kept)
        model.cp.hint({**last, **{lit: int(i in held) for i, lit in literal.items()}})
        out = model.cp.solve(deadline, workers=1, light_presolve=True)
        if out.status == "INFEASIBLE":
            failed = set(out.core)
            return True, [i for i in kept if literal[i] in failed] or kept
        if out.has_solution:
            last.clear()
            last.update(enumerate(out.values))
            return False, kept
        return None, kept

    clashing: bool | None
    if shown is not None:  # a question the greedy did not settle: the model shrinks the clash
        clashing, core = True, shown
    else:
        background = False if last else verdict([])[0]
        if background:
            return Conflict(problem, (), too_many=True, shortfall=no_room(prep))
        clashing, core = verdict(named)
    if clashing is False:
        return None
    if clashing is None and shown is None and not infeasible and len(named) > MOST and deadline.expired():
        return Conflict(problem, (), minimal=False, proven=False)  # nothing settled: no list of innocent rules
    minimal = clashing is True
    proven = clashing is True or infeasible
    i = 0
    while i < len(core):
        if deadline.expired():  # each question would hint every instance: stop asking
            minimal = False
            break
        trial = core[:i] + core[i + 1 :]
        answer, smaller = verdict(trial)
        if answer is True:
            # CP-SAT's own sufficient subset (one worker) may drop more at once; what came before
            # ``i`` is needed in a larger set, hence in any smaller one, so it stays.
            kept = set(smaller)
            core = [inst for inst in trial if inst in kept]
        else:
            minimal = minimal and answer is False
            i += 1
    if not core:  # even the rules that always hold leave no timetable (the clash was not to blame)
        return Conflict(problem, (), too_many=True, shortfall=no_room(prep))
    if not minimal and len(core) > MOST and (len(core) == len(named) or not proven):
        return not_narrowed(problem, len(named), len(core), proven)
    # the count still says why when the deletion kept every instance it named
    count = found.count if found is not None and set(core) == set(found.instances) else None
    return Conflict(problem, tuple(sorted(core, key=order.__getitem__)), minimal=minimal, proven=proven, count=count)


def _clock(deadline: Deadline) -> float:
    """``deadline`` on ``time.perf_counter()``'s clock, as the greedy hears it."""
    return clock.perf_counter() + deadline.remaining()


def build_seconds(prep: Prepared) -> float:
    """About how long the explaining model takes to build: a few microseconds per (session, start,
    step covered), as the solving model's ``BUILD_SECONDS`` (measured on this kind of machine with
    every start kept: 600 meetings 2.6 s, 1,000 meetings 3.0 s, 2,000 meetings 8.3 s; 2-3.2 µs each)."""
    size = sum(len(prep.starts[i]) * prep.length[i] for i in range(prep.n))
    return EXPLAIN_BUILD_SECONDS * size + posted_seconds(prep)  # the rules' constraints over intervals besides


CLASH_SHARE = 0.3
"""Of the time left, at most, for the clash arithmetic (:func:`~scheduler.meetings.counts.clash`); the
packing greedy and the model's questions need the rest; at least ``CLASH_FLOOR`` seconds, so a count
proves a small table's clash even with no time left (a person's meetings beyond the working day)."""
CLASH_FLOOR = 0.3
EXPLAIN_BUILD_SECONDS = 3.5e-6
EXPLAIN_BUILD_SHARE = 0.5
"""Of the time left, at most, for building the explaining model: the questions need the rest. Before,
``explain --time-limit 1`` built it whatever its cost (1,000 meetings 4.6 s, 2,000 meetings 12 s)."""


SUGGEST_MARGIN = 1.25
"""The limit a too-large table is told to try, over what the estimate needs: the build time is an
estimate, and a loaded machine builds slower."""


def _too_large(limit: float, building: float, spent: float) -> Message:
    """Why nothing was settled within ``limit`` seconds: the model takes about ``building`` seconds to
    build, more than its share of the time left after ``spent`` (and what the caller keeps back); with a
    limit that would leave it that."""
    suggest = math.ceil(SUGGEST_MARGIN * (spent + building / EXPLAIN_BUILD_SHARE))
    return Message("why.too_large_to_tell", limit=round(limit), seconds=math.ceil(building), suggest=suggest)


def _unexplained(
    problem: MeetingProblem,
    named: list[Instance],
    shown: list[Instance] | None,
    infeasible: bool,
    found: Clash | None,
    why: Message | None = None,
) -> Conflict:
    """The best reason found when the model cannot be built in time, marked not minimal: the clash
    arithmetic found (so proven), else every instance, proven only when ``infeasible``; not proven
    and more than :data:`~scheduler.conflicts.story.MOST` of them, none (the time settled nothing).
    ``why``: what kept the model from being built, when not the time running out."""
    if shown is not None:
        return Conflict(problem, tuple(shown), minimal=False, proven=True, count=found.count if found else None)
    if not infeasible and len(named) > MOST:  # every rule of a table, cut to its first few, is no reason
        return Conflict(problem, (), minimal=False, proven=False, unsettled=why)  # (QA qamscale18 F9)
    if len(named) > MOST:  # proven by the caller, but every rule of the table is no list either
        return not_narrowed(problem, len(named), len(named), True)
    return Conflict(problem, tuple(named), minimal=False, proven=infeasible, unsettled=why)


def not_narrowed(problem: MeetingProblem, rules: int, listed: int, proven: bool) -> Conflict:
    """Nothing narrowed in the time to a list worth reading: ``listed`` of the table's ``rules`` rule
    instances kept, more than :data:`~scheduler.conflicts.story.MOST`, not shown to be irreducible (and,
    not ``proven``, not even shown to clash). One sentence with the counts, as a unit table's
    (:func:`scheduler.solver.diagnose.not_narrowed`): QA qabigmeet22 saw 20 time windows "may be why"
    and "……等 3616 条" at 2,000 meetings, every rule of the table, none of them the cause."""
    if proven:
        said = Message("why.meetings_not_narrowed", rules=rules, meetings=len(problem.sessions))
    else:
        said = Message("why.meetings_not_narrowed_unproven", listed=listed, rules=rules, meetings=len(problem.sessions))
    return Conflict(problem, (), minimal=False, proven=proven, unsettled=said)


def _background(prep: Prepared, model: MeetingModel, until: float) -> dict[int, int] | None:
    """A timetable keeping the rules that always hold (the greedy's, checked), as values of every
    variable of ``model`` with every instance off; ``None`` when the greedy finds none by ``until``
    (``time.perf_counter()``)."""

    background = tuple(rule for rule in prep.rules if not rule.nameable)
    found = greedy(prepare(prep.problem, aggregate=False, rules=background), (Term("early"),), rounds=3, deadline=until)
    if found is None:
        return None
    starts, rooms = found
    if not keeps_rules(prep.problem, plan_of(prep.problem, starts, rooms), rules=background):
        return None
    values: dict[int, int] = {}
    for i in range(prep.n):
        for step, v in model.x[i].items():
            values[v] = int(step == starts[i])
        for c, v in model.y[i].items():
            values[v] = int(c == prep.class_of_room[rooms[i]])
    values.update({lit: 0 for lit in model.reasons.values()})
    return model.complete(values)
