"""Several different meeting timetables, all optimal: so an office can choose.

**What "different" means** (as for unit tables, docs/alternatives.md): two timetables are the same
when every meeting starts at the same time, except that interchangeable meetings may trade
places: meetings alike in everything but their title and note (length, participants and their
roles, seats, room wishes, time window, series, sharing labels), with no pin and no published
place of their own. Rooms do not count: the same times in other rooms are the same timetable
(rooms are numbered within each kind of room afterwards). So each alternative changes *when*
some meeting is held in a way a swap of look-alike meetings cannot undo.

**How.** :func:`scheduler.meetings.planner.solve_meetings` finds and proves the optimum (with part
of the time). The model is built again with every level held at its proven value (when the optimum is
not proven: the levels proven held, the first other one minimised, each alternative's score told), and solved
repeatedly; after each timetable a constraint forbids its pattern (how many meetings of each kind
start at each time), so the next one differs. When the solver proves no further pattern exists,
the list is complete. One time limit covers the whole call; every timetable passes the checker
with the optimal score.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, replace

from scheduler.domain.meetings import MeetingProblem, Plan
from scheduler.errors import need_whole
from scheduler.meetings.arguments import budget, check_solving
from scheduler.meetings.check import check_meetings
from scheduler.meetings.engine import listening, run, stopped
from scheduler.meetings.model import BuildStopped, MeetingModel
from scheduler.meetings.planner import EXACT_ROOMS, MeetingResult, full_build_seconds, solve_meetings, to_plan
from scheduler.meetings.prepared import Prepared, prepare
from scheduler.meetings.rooms import number_rooms
from scheduler.meetings.terms import DEFAULT, Term, by_level
from scheduler.rules.values import negated
from scheduler.solver.deadline import Deadline

SOLVE_SHARE = 0.6
"""Of the time limit, what finding and proving the optimum may take; the rest lists alternatives."""
STOPPED_EARLY = 0.9
"""A search for the optimum that returned unproven before this part of its share of the time ended on its
own (its stages done), not at the limit: the proof is out of reach, not short of time. Since the planner's
rounds go on until the limit while the answer is unproven, this happens only for an objective those rounds
do not apply to (:func:`scheduler.meetings.polish.applies`); otherwise ``improved`` tells time from bound."""


@dataclass(frozen=True)
class MeetingAlternatives:
    """Up to ``wanted`` different timetables (``plans``, the first being ``result.plan``), all with its score.

    ``proven``: that score is proven optimal, so they are all optimal; else they equal the best found on
    the levels proven (``held``: whose bound meets its score) and are as good as the search could make
    them on the first other level, each with its own score (``scores``); and
    ``stopped_early`` says the search ended on its own before its share of the time (its stages
    done, the bound not met: more time would not likely prove it) rather than at the limit; and
    ``improved`` whether the searches for alternatives, each minimising that first other level from the
    best timetable, found one better there (``True``: the search was short of time, more finds better),
    or none (``False``: the gap is likely the bound's, which more time seldom closes); ``None`` when no
    such search returned a timetable.
    ``complete``: the solver proved there are no others with that score (then fewer than ``wanted``
    means that is how many exist). ``plans`` is empty only when there is no timetable.
    """

    result: MeetingResult
    plans: tuple[Plan, ...]
    wanted: int
    complete: bool
    proven: bool = True
    stopped_early: bool = False
    held: tuple[str, ...] = ()
    """The levels every plan has the first one's score on: all when ``proven``, else those proven (whose
    bound meets the score); the others are each plan's own (``scores``)."""
    scores: tuple[dict[str, int], ...] = ()
    """Each plan's score, as the checker gives it."""
    improved: bool | None = None

    @property
    def count(self) -> int:
        return len(self.plans)


def kinds(problem: MeetingProblem) -> list[object]:
    """Each meeting's kind: look-alike meetings share one (see the module text)."""
    own = {p.title for p in problem.pins}
    if problem.reference is not None:
        own |= {p.title for p in problem.reference.placements if p.start is not None}
    out: list[object] = []
    for s in problem.sessions:
        if s.title in own:
            out.append(("own", s.title))
        else:
            out.append((s.minutes, s.attendees, s.seats, s.rooms, s.avoid, s.window, s.series, s.share))
    return out


def meeting_alternatives(
    problem: MeetingProblem,
    objective: tuple[Term, ...] = DEFAULT,
    count: int = 3,
    time_limit: float | Deadline = 30.0,
    workers: int = 2,
) -> MeetingAlternatives:
    """Up to ``count`` different timetables of ``problem``, all optimal for ``objective``, within
    ``time_limit`` seconds for the whole call (or by a :class:`~scheduler.solver.deadline.Deadline`, whose
    stop ends it early, as for :func:`~scheduler.meetings.planner.solve_meetings`). When the optimum is not
    proven the others listed equal the best timetable found on the levels proven, and the result says
    so (``proven``, ``held``, ``scores``); when no timetable exists none is listed. Its arguments are
    checked as :func:`~scheduler.meetings.planner.solve_meetings` checks them, and ``count`` must be a whole
    number of at least 1 (:class:`~scheduler.errors.ArgumentError`)."""
    seconds, stop, _ = budget(time_limit)
    check_solving(problem, objective, seconds, workers)
    need_whole("count", count, 1)
    with listening(stop):
        return _alternatives(problem, objective, count, seconds, workers)


# Long: the first timetable, the model holding its proven levels, then one search per other timetable,
# each forbidding the last one's pattern: the steps share the call's time and the plans found so far.
def _alternatives(
    problem: MeetingProblem, objective: tuple[Term, ...], count: int, time_limit: float, workers: int
) -> MeetingAlternatives:
    """:func:`meeting_alternatives` once its arguments are checked."""
    began = time.perf_counter()
    prep, share = _first_share(problem, objective, time_limit)
    result = solve_meetings(problem, objective, time_limit * share, workers, prepared=prep)
    if result.plan is None:
        return MeetingAlternatives(result, (), count, False, False)  # (no timetable: nothing held)
    optimal = proven(result)
    early = not optimal and time.perf_counter() - began < STOPPED_EARLY * time_limit * share
    first = result.plan
    if optimal:
        result = replace(result, status="optimal")
    held = [level for level in by_level(objective) if optimal or result.bound.get(level) == result.score[level]]
    alone = MeetingAlternatives(result, (first,), count, False, optimal, early, tuple(held), (result.score,))
    if stopped():  # the call was stopped (its first timetable is the best so far): no model to build
        return alone
    try:
        built = _held_model(problem, objective, result.score, held, time_limit - (time.perf_counter() - began), prep)
    except (KeyboardInterrupt, BuildStopped):  # Ctrl-C or the stop while building: the timetable found
        return alone
    if built is None:  # no time to build the model: the first timetable, no alternatives within the limit
        return alone
    prep, model = built
    kind = kinds(problem)
    plans, scores = [first], [result.score]
    complete = False
    free = next((level for level in by_level(objective) if level not in held), None)
    improved: bool | None = None
    pattern = Counter((kind[i], s) for i, s in enumerate(result.starts))
    starts, classes = list(result.starts), [prep.class_of_room[r] for r in result.rooms]
    try:
        while len(plans) < count and not stopped():
            _forbid(model, kind, pattern)
            # The last timetable as the hint: another optimum is often a few meetings away from it.
            model.cp.hint(model.complete(model.values(starts, classes)))
            left = time_limit - (time.perf_counter() - began) - 0.05
            if left <= 0.01:
                break
            # unproven: the first level not held is minimised, so each search gets its share of what is left
            out = run(model.cp, left if optimal else left / (count - len(plans)), workers)
            if out.status == "INFEASIBLE":
                complete = True
                break
            if not out.has_solution:
                break
            starts = [next(s for s, v in model.x[i].items() if out.values[v]) for i in range(prep.n)]
            classes = [next(c for c, v in model.y[i].items() if out.values[v]) for i in range(prep.n)]
            plan = to_plan(prep, starts, number_rooms(prep, starts, classes))
            report = check_meetings(problem, plan, objective)
            if report.ok and all(report.score.get(level) == result.score[level] for level in held):
                plans.append(plan)
                scores.append(report.score)
                if free is not None:
                    improved = bool(improved) or report.score.get(free, 0) < result.score.get(free, 0)
            pattern = Counter((kind[i], s) for i, s in enumerate(starts))
    except KeyboardInterrupt:  # Ctrl-C between or in the searches: the timetables found so far
        complete = False
        plans = plans[: len(scores)]  # (one appended, its score not yet, when the signal came between)
    held_levels, found = tuple(held), tuple(scores)
    return MeetingAlternatives(result, tuple(plans), count, complete, optimal, early, held_levels, found, improved)


HELD_BUILD_SHARE = 0.5
"""Of the time left after the first timetable, at most, for building the model the alternatives are
searched in (the rest searches). Before, it was built whatever its size: 1,000 meetings over 300 days
at ``--time-limit 2`` built for over 120 s, past 6 GB, and printed nothing."""


def _first_share(problem: MeetingProblem, objective: tuple[Term, ...], time_limit: float) -> tuple[Prepared, float]:
    """The prepared problem (made once: the first search and the held model share it) and the share of
    ``time_limit`` the first timetable may take: :data:`SOLVE_SHARE`, or all of it when the held model
    could not be built in what that leaves (:data:`HELD_BUILD_SHARE` of it, as :func:`_held_model`
    prices it): no alternative would be searched, and the rest went unused (QA qabig25 F4: 400 meetings
    at ``--time-limit 10``, ``--alternatives 3``, ended at 6.0 s with none and the limit blamed)."""
    exact_rooms = any(t.name == "room-stability" for t in objective) and len(problem.sessions) <= EXACT_ROOMS
    prep = prepare(problem, aggregate=not exact_rooms)
    rest = time_limit * (1 - SOLVE_SHARE)
    return prep, SOLVE_SHARE if full_build_seconds(prep, objective) <= HELD_BUILD_SHARE * rest else 1.0


def _held_model(
    problem: MeetingProblem,
    objective: tuple[Term, ...],
    score: dict[str, int],
    held: list[str],
    left: float,
    prepared: Prepared | None = None,
) -> tuple[Prepared, MeetingModel] | None:
    """The model (and its prepared problem) with each ``held`` level at most its ``score``; the first level
    not held (when the optimum is not proven) is the objective, the levels below it free. ``None`` when
    its build, as the solve prices it (:func:`~scheduler.meetings.planner.full_build_seconds`), takes
    more than :data:`HELD_BUILD_SHARE` of the ``left`` seconds. ``prepared``: :func:`_first_share`'s, else made here."""
    exact_rooms = any(t.name == "room-stability" for t in objective) and len(problem.sessions) <= EXACT_ROOMS
    prep = prepared if prepared is not None else prepare(problem, aggregate=not exact_rooms)
    if full_build_seconds(prep, objective) > HELD_BUILD_SHARE * left:
        return None
    model = MeetingModel(prep).build(objective, stoppable=True)
    model.cp.proto.clear_objective()
    free = None
    for level, terms in by_level(objective).items():
        linear, offset = model.level_terms(terms)
        if level in held:
            model.cp.linear(linear, hi=score[level] - offset)
        elif free is None:
            free = (linear, offset)
    if free is not None:
        model.cp.minimize(*free)
    return prep, model


def proven(result: MeetingResult) -> bool:
    """Whether ``result`` is proven optimal: its status says so, or its score meets its bound at every
    level (a proof whatever the status: the pipeline may report ``feasible`` for a timetable whose
    score a counting bound or an earlier stage's bound already meets, e.g. 40 one-hour meetings in
    one room, many optimal orders, which the first stage does not prove in time)."""
    if result.status == "optimal":
        return True
    return (
        result.status == "feasible"
        and bool(result.score)
        and all(result.bound.get(level) == value for level, value in result.score.items())
    )


def _forbid(model: MeetingModel, kind: list[object], pattern: Counter[tuple[object, int]]) -> None:
    """No later timetable has ``pattern``: for some (kind, start) of it, fewer meetings of that kind
    start then (the kinds' sizes are fixed, so this is exactly "another pattern")."""
    members: dict[object, list[int]] = {}
    for i, k in enumerate(kind):
        members.setdefault(k, []).append(i)
    clause = []
    for (k, s), c in pattern.items():
        lits = [model.x[i][s] for i in members[k] if s in model.x[i]]
        if len(lits) == 1 and c == 1:
            clause.append(negated(lits[0]))
            continue
        fewer = model.cp.new_bool()
        model.cp.linear([(v, 1) for v in lits], hi=c - 1, enforce=[fewer])
        clause.append(fewer)
    model.cp.bool_or(clause)
