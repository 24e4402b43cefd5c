"""Solving a meeting problem: the greedy first, then the model level by level, within one deadline.

Levels are solved in order (medium, then soft): each stage minimises its level's weighted terms
with every earlier level held at the value found, so a better medium score is never traded for a
soft one. A stage that proves its optimum reports it; the bound of every later level is then the
solver's bound on that level. The answer is never worse than the greedy's, and the time limit holds
for the whole call (preparation and model building included).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from scheduler.conflicts.conflict import Conflict
from scheduler.domain.meetings import MeetingMove, MeetingProblem, Plan
from scheduler.meetings import blocks, configuration, oneday
from scheduler.meetings.arguments import budget, check_plan, check_seconds, check_solving, check_start_from
from scheduler.meetings.atbound import Beside, Either
from scheduler.meetings.bounds import cheap_bounds
from scheduler.meetings.chain import Chain, chains
from scheduler.meetings.check import plan_of
from scheduler.meetings.counts import Clash, clash, counted
from scheduler.meetings.days import by_days, days_used, soft_by_days
from scheduler.meetings.diagnose import explain_meetings
from scheduler.meetings.engine import current_stop, heard, listening, run, stopped, tell
from scheduler.meetings.greedy import GREEDY_ROUNDS, greedy, packed
from scheduler.meetings.measure import levels, measure
from scheduler.meetings.model import BuildStopped, MeetingModel
from scheduler.meetings.polish import GROUP, applies, polish
from scheduler.meetings.posted import posted_seconds
from scheduler.meetings.prepared import Prepared, prepare
from scheduler.meetings.previous import previous_places, settle
from scheduler.meetings.rooms import number_rooms
from scheduler.meetings.terms import DEFAULT, LEVELS, Term, by_level, scopes
from scheduler.solver.deadline import Deadline, ProgressCallback, StopSignal


@dataclass(frozen=True)
class MeetingResult:
    """What solving a meeting problem gave.

    ``status``: ``optimal`` (every level proven), ``feasible`` (a timetable, not proven best),
    ``infeasible`` (proven: no timetable satisfies the rules) or ``unknown`` (none found in time).
    ``score`` is the penalty of each level (lower is better) and ``bound`` the lowest penalty the
    solver proved possible for it (``None``: nothing proven for that level). When ``infeasible``,
    ``conflict`` says which rule instances clash (minimal unless the time ran out:
    :func:`scheduler.meetings.diagnose.explain_meetings`), within the same time limit.
    """

    status: str
    plan: Plan | None
    objective: tuple[Term, ...]
    terms: dict[str, int] = field(default_factory=dict)
    score: dict[str, int] = field(default_factory=dict)
    bound: dict[str, int | None] = field(default_factory=dict)
    wall_time: float = 0.0
    starts: tuple[int, ...] = ()
    rooms: tuple[str, ...] = ()
    conflict: Conflict | None = None
    moves: tuple[MeetingMove, ...] = ()
    """Replanning only: the meetings moved from the published timetable
    (:func:`scheduler.meetings.replanning.replan_meetings`)."""
    __hash__: ClassVar[None] = None  # type: ignore[assignment]  # unhashable: said, not failed inside a generated hash

    @property
    def proven(self) -> bool:
        return self.status == "optimal"


def solve_meetings(
    problem: MeetingProblem,
    objective: tuple[Term, ...] = DEFAULT,
    time_limit: float | Deadline = 10.0,
    workers: int = 2,
    start_from: tuple[list[int], list[str]] | None = None,
    stop: StopSignal | None = None,
    previous: Plan | None = None,
    spare: float = 0.0,
    grace: float = 1.0,
    prepared: Prepared | None = None,
    *,
    progress: ProgressCallback | None = None,
) -> MeetingResult:
    """The best timetable found for ``problem`` within ``time_limit`` seconds (the whole call), or by a
    :class:`~scheduler.solver.deadline.Deadline` (its time left, and its stop: :func:`budget`).

    ``previous`` (the timetable this campaign already published, e.g. the one in ``solve --out``'s
    folder) wins among equals: no meeting leaves its previous time or room unless that makes the
    answer better at some level of the objective or the previous place no longer keeps the rules
    (:mod:`scheduler.meetings.previous`), so a re-solve of an unchanged problem re-issues no invite.

    ``start_from`` (clock steps and rooms per session, e.g. replanning's published timetable kept
    where it still fits) is taken as the first timetable when it keeps the rules and scores no
    worse than the greedy's: the answer is then never worse than it. ``stop`` (anything with
    ``is_set()``, e.g. a ``threading.Event``) ends the call early, as the time running out does:
    the greedy's rounds and every CP-SAT search hear it (:func:`scheduler.meetings.engine.listening`)
    and the best timetable so far is returned, ``feasible`` unless already proven. ``spare``: seconds
    past ``time_limit`` the search for a *first* timetable may use when the greedies found none (the
    command line gives its second of grace, less what printing needs: the writing reserve itself is
    kept, since a timetable found then has to be written). ``grace``: seconds past ``time_limit``, at
    most, that the packing greedy's rounds after its first may go when nothing else was found
    (:data:`PACKED_GRACE`; counted from the call's end, not from when the greedy starts).
    ``prepared``: :func:`~scheduler.meetings.prepared.prepare` of this very ``problem``, when the
    caller made it already (replanning: one preparation for its start, this search and its rooms;
    1,000 meetings with 18,000 busy spans took 0.36 s a preparation beyond the rules' limits).
    ``progress`` hears the first timetable and each better one, as the unit calls' does
    (:func:`scheduler.meetings.engine.tell`: ``Progress`` with every level of the score).

    Raises :class:`~scheduler.errors.ArgumentError` for an argument it cannot use (a time limit of
    zero or less, an objective that is not a tuple of ``Term``, ``workers`` below 1, a ``stop``
    without ``is_set()``, a ``start_from`` not one start and room per meeting, ``spare`` or ``grace``
    not seconds of at least 0), as :func:`scheduler.solve` does."""
    seconds, stop, progress = budget(time_limit, stop, progress)
    check_solving(problem, objective, seconds, workers, stop, progress)
    if previous is not None:
        check_plan("previous", previous)
    check_start_from(start_from, problem)
    check_seconds("spare", spare)
    check_seconds("grace", grace)
    with listening(stop, progress):
        spares = (max(0.0, spare), max(0.0, grace))
        beside: list[
            Beside | configuration.Floor
        ] = []  # a search the call starts on a thread of its own ends with the call
        try:
            return _solve(problem, objective, seconds, workers, start_from, previous, *spares, prepared, beside)
        finally:
            for search in beside:
                search.close()


# Long: the meeting pipeline's steps (greedy, light model, full model level by level) share one
# deadline and the best plan so far; each step is a call, and their order is the function.
def _solve(
    problem: MeetingProblem,
    objective: tuple[Term, ...],
    time_limit: float,
    workers: int,
    start_from: tuple[list[int], list[str]] | None,
    previous: Plan | None = None,
    spare: float = 0.0,
    grace: float = 1.0,
    prepared: Prepared | None = None,
    opened: list[Beside | configuration.Floor] | None = None,
) -> MeetingResult:
    """The steps of :func:`solve_meetings`; a search started on a thread of its own is put in
    ``opened`` for the caller to close."""
    began = time.perf_counter()
    deadline = began + time_limit
    # Room stability depends on the very room: keep rooms apart unless the problem is large (then
    # the model counts changes of class, a lower bound, and rooms are numbered to keep people put).
    exact_rooms = any(t.name == "room-stability" for t in objective) and len(problem.sessions) <= EXACT_ROOMS
    # a caller's preparation of this problem serves when its rooms are kept apart as asked (a reference
    # keeps every room apart whatever ``aggregate`` says)
    given = prepared is not None and prepared.problem is problem and (not exact_rooms or problem.reference is not None)
    prep = prepared if given and prepared is not None else prepare(problem, aggregate=not exact_rooms)
    too_many = counted(prep)  # a count proves there is none: said at once, no search
    if too_many is not None:
        return MeetingResult("infeasible", None, objective, wall_time=time.perf_counter() - began, conflict=too_many)
    counting = began + COUNTING_SHARE * time_limit  # the counts per participant and room grow with the table
    clashing = clash(prep, counting)
    if clashing is not None or any(not s for s in prep.starts) or any(not c for c in prep.eligible):
        # a clash arithmetic proves (pins, a meeting left no place, a count): explained at once, as explain
        # does, from the clash found here (QA qashapes20 F1: explain counted the 3,000 meetings again)
        return _infeasible(problem, objective, began, deadline, clashing)
    judge = _Judge(prep, objective, previous_places(prep, previous) if previous is not None else None)
    hard = deadline + grace - RETURN_MARGIN  # no pass of a greedy goes on past this (QA qashapes20 F2)
    first = _first_greedy(judge, began, time_limit, hard)
    if (
        start_from is not None
        and judge.keeps(start_from)
        and (first is None or judge.key(start_from) <= judge.key(first))
    ):
        first = start_from
    from_published = first is not None and first is start_from
    kept = _kept_previous(judge) if start_from is None else None
    if kept is not None and (first is None or judge.key(kept) <= judge.key(first)):
        # the previous timetable keeping every rule is an answer, and the search's first timetable
        # when the greedies found none or none better (QA qabigmeet22 F4: 2,000 meetings whose folder
        # held a valid timetable got "no timetable found")
        first = kept
    # The full model's size is about one term per (session, start, step covered); building it costs
    # about BUILD_SECONDS per term on this kind of machine. It pays off when the objective's own
    # greedy found a timetable (the problem is not tight) or the problem is small, and it can be
    # built in the time left. The rules' constraints over intervals are priced besides (the sharing
    # rule's pairs: 1.97 million on biglabel-2000u-4r as meetings, 41 s, where the size said 2 s).
    # (no time left, no model to price: the greedy's pass at 2,000 meetings may end past a short limit)
    room = deadline - time.perf_counter()
    fits = room > 0 and full_build_seconds(prep, objective, 0.3 * room) <= 0.3 * room
    full = fits and (first is not None or prep.n <= EXACT_ROOMS)
    if first is None:  # packing each person's sessions early fragments their time least
        # Its rounds until ``grace`` (PACKED_GRACE) past the call's end: it is the answer when nothing
        # else is found (cut at a quarter of 0.5 s, 400 meetings had none; 200 meetings at 0.1 s find
        # theirs in the second round), but 3 unbounded rounds took 56 s of a 10 s limit at 2,000
        # meetings under load. Counted from the call's end, not from now. A pass still going then
        # gives up (until the Nineteenth session it always finished: 3.5-12 s past --time-limit 10 at
        # 2,000 meetings under load, QA qashapes20 F2); and when the light search will not be tried
        # after it (too little time to build it), its rounds go on until then rather than stopping at
        # PACKED_ROUNDS with half the limit unused (the same table, 4.6 s of 10, "try a longer limit").
        light_later = _first_light_fits(prep, deadline + spare, LIGHT_FIRST_SHARE)
        if time.perf_counter() < hard:  # (its board alone is 0.3 s at 2,000 meetings)
            first = packed(prep, hard, cut=True, rounds=0 if light_later else UNTIL_THE_END)
    if first is None and not _first_light_fits(prep, deadline + spare, LIGHT_FIRST_SHARE):
        # nothing found and no time left to search: no bounds to count for a timetable there is not
        # (0.7 s at 2,000 meetings under load, past the limit: QA qashapes20 F2)
        return _finish(judge, None, None, {}, began, {})
    # What returning costs (checking and measuring the two candidates, the counting bounds),
    # measured here on this machine and load rather than guessed per session: the search may use
    # everything but that.
    cheap, returning = _returning_cost(judge, first, deadline - RETURN_MARGIN)
    judge.until = deadline - returning  # putting meetings back where they were, before returning
    judge.tell(first, cheap)
    returning += _settle_seconds(judge, returning, time_limit)
    if first is not None and judge.keeps(first) and judge.meets(first, cheap):
        # The counting bounds prove it at every level (one hour-long meeting after another in one room
        # with no optional people): nothing to search for. Before, 40 such meetings searched on for 4.6 s.
        return _finish(judge, None, first, {}, began, cheap)
    if stopped():  # stopped: no model to build nor search to run, the best timetable so far (QA qaembed23 F1:
        # the light model of 2,000 meetings was still built, 3 s of CPU after the stop)
        return _finish(judge, None, first, {}, began, cheap)
    if not full:
        # (the light search starts from the greedy's timetable as it is: from a polished one, 100
        # meetings ended at 620-627 optional conflicts in three runs of 10 s, against 488-532)
        tail = LIGHT_POLISH_SHARE * time_limit if applies(objective) else 0.0
        return _light(judge, first, deadline, workers, began, cheap, returning + tail, returning, spare)
    first = _polished(prep, objective, first, time.perf_counter() + POLISH_SHARE * time_limit)
    tail = FINAL_POLISH_SHARE * time_limit if applies(objective) else 0.0
    reserve = returning + tail  # the searches stop in time for the last polish and for returning
    try:
        model = MeetingModel(prep).build(objective, stoppable=True, until=deadline - reserve)
    except BuildStopped:  # stopped while building (or its time gone): the best timetable so far, as when stopped
        return _light(judge, first, deadline, workers, began, cheap, reserve, returning, spare)
    if first is None:
        found = _first_light(prep, deadline + spare, workers)
        if isinstance(found, str):
            return _infeasible(problem, objective, began, deadline)
        first = found
        judge.tell(first, cheap)
    light_bound = None
    beside: Beside | None = None
    floor: configuration.Floor | None = None
    chain: Chain | None = None
    ordered: tuple[list[int], list[str]] | None = None
    first_values: dict[int, int] | None = None
    overrun = 0.0
    # the light search and its days' searches take the medium stage's time too when they can use it
    window = (deadline - time.perf_counter()) * LIGHT_EXACT_SHARE - reserve
    exact = light_exact(prep, objective) and _regroups(prep, window)
    if first is not None:
        half = time.perf_counter() + (deadline - time.perf_counter()) * (LIGHT_EXACT_SHARE if exact else LIGHT_SHARE)
        beside = _beside(prep, objective, cheap.get("medium", 0), deadline - reserve) if exact else None
        if beside is not None and opened is not None:
            opened.append(beside)
        if not exact:  # the medium level on block starts first, where the lengths share a block
            floor = _floor(judge, first, cheap, time_limit, deadline - reserve)
            if floor is not None and opened is not None:
                opened.append(floor)
            first = _blocks_first(judge, first, cheap, half - reserve, workers)
        better, light_bound = _improve_medium(
            prep, objective, first, half, workers, reserve, cheap.get("medium", 0), beside
        )
        if better is not None and judge.keeps(better) and judge.key(better) <= judge.key(first):
            first = better
            judge.tell(first, _bounds(objective, {"medium": light_bound}, cheap))
        # The light search ran until ``half - reserve``: how far past that CP-SAT and the steps
        # after it went is kept for the last stage, on top of the reserve.
        overrun = max(0.0, time.perf_counter() - (half - reserve))
        chain = _chain_of(prep, objective, beside, deadline - reserve)
        if chain is not None and beside is not None:  # a grouping at the bound: its days in the best order
            beside.walk_until = deadline - returning  # (proven, the answer is not polished: its time is the proof's)
            ordered = _days_ordered(judge, chain, first, _chain_until(deadline - reserve), workers, beside)
            if ordered is not None:
                first = ordered
        first_values = model.complete(_hint(model, prep, first[0], first[1]))
        model.cp.hint(first_values)
        if not from_published and any(t.name == "moves" for t in objective):
            # No published timetable to start from (replanning's start found none): the first
            # stage is hinted with the published places, so it searches near them.
            model.cp.hint(model.complete(_hint(model, prep, *_near_published(prep, *first))))
    best_values: Mapping[int, int] | None = None
    bound: dict[str, int | None] = {level: None for level in by_level(objective)}
    proven_so_far = True
    last_proven = False
    stages = list(by_level(objective).items())
    status = "unknown"
    by_day = len(days_used(prep)) > 1
    for k, (level, terms) in enumerate(stages):
        objective_terms, offset = model.level_terms(terms)
        if level == "medium" and _met(model, terms, first_values, light_bound):
            # The light search proved the first timetable's optional conflicts fewest: hold them
            # and give the time to the next level (the time-indexed model searching for that proof
            # again found nothing in 1.5 s on 70 meetings, and the soft level was never searched).
            assert first_values is not None
            best_values, status = first_values, "feasible"
            bound[level] = held = _value(model, terms, first_values)
            model.cp.linear(objective_terms, -(2**62), held - offset)
            continue
        if level == "medium" and exact and light_bound is not None and first_values is not None:
            # The light search (its pairs and days included) searched this very count and had this
            # stage's time: hold what it found, unproven, and go on to the next level. The time-indexed
            # search from its answer never lowered it on the demo (13.4 s at 60 s, traces).
            best_values, status, proven_so_far = first_values, "feasible", False
            model.cp.linear(objective_terms, -(2**62), _value(model, terms, first_values) - offset)
            continue
        if ordered is not None and k == len(stages) - 1:
            break  # the days chained were this level's search: the days' search below goes on from them
        model.cp.minimize(objective_terms, offset)
        left = deadline - time.perf_counter() - reserve - overrun
        share = left / (len(stages) - k) if k < len(stages) - 1 else left
        if k == len(stages) - 1 and by_day:
            share *= 1 - DAY_SOFT_SHARE  # the rest for the search a day at a time, after this one
        if share <= 0.01:
            break
        # a grouping found beside while this stage runs ends it: the stage is run again from it below
        giving_way = beside is not None and beside() is None
        with listening(beside.until_found() if giving_way and beside is not None else None):
            out = run(model.cp, share, workers)
        overrun = max(overrun, out.wall_time - share)
        if out.status == "INFEASIBLE":
            status = "infeasible"
            break
        if not out.has_solution:
            break
        best_values = dict(enumerate(out.values))
        status = "feasible"
        value = round(out.objective or 0)
        if proven_so_far and out.bound is not None:
            bound[level] = value if out.status == "OPTIMAL" else math.ceil(out.bound - 1e-6)
        if heard():  # each stage's timetable told (measured only when someone hears)
            judge.tell(_placed(model, prep, best_values), _bounds(objective, bound, cheap))
        if out.status != "OPTIMAL":
            proven_so_far = False
        last_proven = proven_so_far and k == len(stages) - 1  # every level proven: nothing for the days
        # Hold this level at what was found, and start the next stage from the better of this
        # timetable and the first one (when that one is as good on this level) at the next level.
        if k < len(stages) - 1:
            model.cp.linear(objective_terms, -(2**62), value - offset)
        hint = dict(best_values)
        if first_values is not None and k + 1 < len(stages) and _value(model, terms, first_values) <= value:
            _, following = stages[k + 1]
            if _value(model, following, first_values) < _value(model, following, hint):
                hint = first_values
        model.cp.hint(hint)
    if status == "infeasible":
        return _infeasible(problem, objective, began, deadline)
    if light_bound is not None and "medium" in bound:
        known = bound["medium"]
        bound["medium"] = light_bound if known is None else max(known, light_bound)
    if beside is not None and "medium" in bound:  # searched to the end above the counting bound
        bound["medium"] = max(bound["medium"] or 0, beside.bound())
    found = first  # no stage found a timetable: the time left polishes the first one
    if best_values is not None and ordered is None:
        found = _placed(model, prep, best_values)
    grouped = _grouping_taken(judge, beside, found, bound, cheap)  # found while the stages ran
    if grouped is not None:
        found, status = grouped, "feasible"
        chain = _chain_of(prep, objective, beside, deadline - reserve - overrun)
        if chain is not None and beside is not None:
            beside.walk_until = deadline - returning
            ordered = _days_ordered(judge, chain, found, _chain_until(deadline - reserve - overrun), workers, beside)
        if ordered is not None:
            found = ordered
        else:
            # the last level searched again from it, the levels before held at its values (the medium
            # stage held the light search's worse count)
            left = deadline - time.perf_counter() - reserve - overrun
            found = _last_level_from(judge, model, found, left * (1 - DAY_SOFT_SHARE if by_day else 1.0), workers)
    proving = chain is not None and beside is not None and ordered is not None and status != "unknown"
    day_share = 0.0  # when the days were chained: the search a day at a time's share, after the bound's
    if proving and chain is not None and beside is not None and found is not None:
        # the soft level's bound first, its groupings priced as the walk gives them; the search a day at a
        # time keeps its share (it mends the rooms across the nights: 5,132 to 5,130 on the demo)
        left = deadline - reserve - overrun - time.perf_counter()
        day_share = max(CHAINED_DAY_SECONDS, CHAINED_DAY_SHARE * left)
        _soft_floor(judge, chain, beside, found, bound, deadline - reserve - overrun - day_share, workers)
    if by_day and found is not None and status != "unknown" and not last_proven and not judge.meets(found, bound):
        # the days' search of the soft level gives way to a grouping found meanwhile, taken as it is
        waiting = beside is not None and grouped is None and beside() is None and beside.running()
        with listening(beside.until_found() if waiting and beside is not None else None):
            until = deadline - reserve - overrun
            if ordered is not None:  # the rest for the soft level's bound, its walk going on meanwhile
                until = min(until, time.perf_counter() + max(day_share, CHAINED_DAY_SECONDS))
            found = _by_day(judge, found, until, workers, _bounds(objective, bound, cheap) if proving else None)
        if waiting and (late := _grouping_taken(judge, beside, found, bound, cheap)) is not None:
            found, status = late, "feasible"
    if chain is not None and beside is not None and found is not None and status != "unknown":
        _soft_floor(judge, chain, beside, found, bound, deadline - returning, workers)  # (on from what is priced)
    if floor is not None:  # the configuration LP's bound, as far as it got
        floor.close()
        bound["medium"] = max(bound.get("medium") or 0, _medium_weight(objective) * floor.bound())
    if beside is not None:
        beside.close()  # nothing reads it after this: the polish has Python's lock to itself
    solved = _answer_polished(judge, found, bound, cheap, last_proven, deadline - returning, workers)
    return _finish(judge, solved, first, bound, began, cheap)


def _answer_polished(
    judge: _Judge,
    found: tuple[list[int], list[str]] | None,
    bound: dict[str, int | None],
    cheap: dict[str, int],
    last_proven: bool,
    until: float,
    workers: int,
) -> tuple[list[int], list[str]] | None:
    """The answer's last polish until ``until``: none when ``found`` meets its bound at every level by
    the checker's measure (proven: nothing is better; the demo's chained days, proven, had the polish
    take the rest of its share, 5.7 s of a 60 s call, for nothing); one when the solver proved every
    level (its measure is the checker's); else :func:`_last_polish`'s rounds."""
    if found is not None and judge.keeps(found) and judge.meets(found, _bounds(judge.objective, bound, cheap)):
        return found
    if last_proven:
        return _polished(judge.prep, judge.objective, found, until)
    return _last_polish(judge, found, bound, cheap, until, workers)


def _blocks_first(
    judge: _Judge,
    first: tuple[list[int], list[str]],
    cheap: Mapping[str, int],
    until: float,
    workers: int,
) -> tuple[list[int], list[str]]:
    """``first``, or the block search's timetable (:mod:`scheduler.meetings.blocks`) when it keeps the
    rules and is better by the checker's measure (then told): :data:`BLOCK_SHARE` of the time before
    ``until``, when that is at least :data:`BLOCK_LEAST_SECONDS`, ``first`` is above the medium level's
    counting bound and the search applies."""
    prep, objective = judge.prep, judge.objective
    if not blocks.applies(prep, objective) or judge.levels(first).get("medium", 0) <= cheap.get("medium", 0):
        return first
    now = time.perf_counter()
    if BLOCK_SHARE * (until - now) < BLOCK_LEAST_SECONDS:
        return first  # too short for its build and a search: the light search keeps the time
    found = blocks.block_search(prep, objective, first, now + BLOCK_SHARE * (until - now), workers)
    if found is None or not judge.keeps(found) or judge.key(found) >= judge.key(first):
        return first
    judge.tell(found, cheap)
    return found


BLOCK_SHARE = 0.5
"""Of the light search's time, for the block search before it (:func:`_blocks_first`)."""
BLOCK_LEAST_SECONDS = 2.0
"""The least time the block search is given: with less (tf-50m-s0 at 10 s under load 14-15, 0.5 s
of wall, 1.4-1.5 s of CPU for the whole call) it found nothing and the light search lost its time
(146 optional conflicts in three runs against the base's 136-143)."""


def _floor(
    judge: _Judge, first: tuple[list[int], list[str]], cheap: Mapping[str, int], time_limit: float, until: float
) -> configuration.Floor | None:
    """The configuration LP's bound on the medium level (:mod:`scheduler.meetings.configuration`) sought
    on a thread beside the searches until ``until``, when ``first`` is above the counting bound, the call's
    limit is at least :data:`CONFIGURATION_LEAST_LIMIT` and the LP applies; ``None`` else."""
    prep, objective = judge.prep, judge.objective
    if time_limit < CONFIGURATION_LEAST_LIMIT or not configuration.applies(prep, objective):
        return None
    if judge.levels(first).get("medium", 0) <= cheap.get("medium", 0):
        return None
    return configuration.Floor(prep, until, first[0])  # (its running sets the master's first columns)


def _medium_weight(objective: tuple[Term, ...]) -> int:
    """The weight of the medium level's only term (optional conflicts, where the floor applies)."""
    return by_level(objective)["medium"][0].weight


CONFIGURATION_LEAST_LIMIT = 30.0
"""The configuration LP's bound is sought only in calls of at least this many seconds: at 50 meetings of
Timefold's recipe it needs 2.2-4.1 s of CPU (40 where counting says 32), a tenth to a half of what a
10 s call gets on this machine; in a call of 60 s it runs beside the searches on one core."""


def _chain_of(prep: Prepared, objective: tuple[Term, ...], beside: Beside | None, until: float) -> Chain | None:
    """The days of ``prep`` to chain (:mod:`scheduler.meetings.chain`) once ``beside`` found its grouping
    at the medium level's proven bound, where they chain; ``None`` else. Its days priced serve the
    chain (read only: its thread goes on walking every grouping at the bound, which adds days the
    chain never asks for). Not when fewer than :data:`CHAIN_LEAST_SECONDS` are left before ``until``."""
    if beside is None or beside() is None or not chains(prep, objective):
        return None
    if time.perf_counter() + CHAIN_LEAST_SECONDS > until:
        return None  # (the search beside waits for its walk until it is closed)
    return Chain(prep, objective, beside.pricer)


def _chain_until(until: float) -> float:
    """Until when :func:`_days_ordered` may price days: :data:`CHAIN_SHARE` of the time left before ``until``."""
    now = time.perf_counter()
    return now + CHAIN_SHARE * max(0.0, until - now)


CHAINED_DAY_SECONDS = 15.0
CHAINED_DAY_SHARE = 0.25
"""When the days were chained, the search a day at a time from them (:func:`_by_day`) gets this share of
the time left, or :data:`CHAINED_DAY_SECONDS` when more, after the soft level's bound has had the rest
first (:func:`_soft_floor`, which goes on after it from what it priced). Without it the demo's 60 s
answers kept the chained days' 5,132 (two room changes across a night) where the base's search a day
at a time mended them to 5,130 (twenty-third session, load 14-16)."""
CHAIN_LEAST_SECONDS = 8.0
"""The least time left for ordering the days at all: the demo's four days took 4-7.5 s of CPU, 10-26 s
of wall at load 9-17; with less, the whole model's soft stage and the search a day at a time keep it
(a 10 s call finding the grouping late would give them nothing)."""
CHAIN_SHARE = 0.8
"""Of the time left, at most, for pricing the days of the grouping found and choosing their order
(the rest: the search a day at a time from it, :func:`_by_day`, and the soft level's bound)."""


def _days_ordered(
    judge: _Judge,
    chain: Chain,
    found: tuple[list[int], list[str]],
    until: float,
    workers: int,
    beside: Beside | None = None,
) -> tuple[list[int], list[str]] | None:
    """``found``'s grouping of the sessions into days, each day priced alone for the soft level and the
    days in the order whose walk costs least (:meth:`~scheduler.meetings.chain.Chain.least`), when that
    timetable keeps the rules and is better than ``found`` by the checker's measure (then told);
    ``None`` else, or when ``until`` comes first. ``beside``'s walk of every grouping then starts
    (:attr:`~scheduler.meetings.atbound.Beside.resume`). One CP-SAT worker a search: a day's models are
    small (two workers took 7.5 s of CPU for 10 searches where one took 6.4 s for 20, load 15-17)."""
    day_of = judge.prep.problem.workdays.day_of
    sets: dict[int, frozenset[int]] = {d: frozenset() for d in chain.days}
    for i, s in enumerate(found[0]):
        sets[day_of(s)] |= {i}
    _, chained = chain.least([sets], "value", until, 1)
    if beside is not None:
        beside.resume.set()  # its walk of every grouping at the bound, for the soft level's bound, may start
    if chained is None:
        return None
    placed = chain.timetable(chained)
    timetable = ([placed[i][0] for i in range(judge.prep.n)], [placed[i][1] for i in range(judge.prep.n)])
    if not judge.keeps(timetable) or judge.key(timetable) >= judge.key(found):
        return None
    judge.tell(timetable)
    return timetable


def _soft_floor(
    judge: _Judge,
    chain: Chain,
    beside: Beside,
    found: tuple[list[int], list[str]],
    bound: dict[str, int | None],
    until: float,
    workers: int = 1,
) -> None:
    """Where ``found``'s medium level is ``beside``'s proven bound and its thread walks every grouping
    at that level to the end before ``until``, the soft level's bound from them
    (:meth:`~scheduler.meetings.chain.Chain.least`, each day's proven bound), put in ``bound`` when
    higher; nothing when the walk has not ended (the counting bound stands). Each grouping is priced
    as the walk gives it, while the walk goes on (its Python and CP-SAT's searches share the
    machine's two cores), and only until its least reaches ``found``'s soft level (nothing below it
    to find there). One CP-SAT worker a search, as :func:`_days_ordered`'s (with two, a 300 s call
    priced 85 days' counts in 95 s of CPU)."""
    if judge.levels(found).get("medium") != beside.bound() or judge.meets(found, bound):
        return
    cutoff = judge.levels(found).get("soft", 0)
    least, done = math.inf, 0
    while time.perf_counter() < until and not stopped():
        walked = beside.walked  # (read before the groupings: none comes after)
        if not walked and not beside.running():
            return  # the walk ended before every grouping (its clock): no bound from it
        fresh = beside.groupings[done:]
        if fresh:
            found_least, _ = chain.least(fresh, "bound", until, 1, cutoff=cutoff)
            least, done = min(least, found_least), done + len(fresh)
        elif walked:
            break
        else:
            beside.thread.join(PROOF_POLL)
    if beside.walked and done == len(beside.groupings):
        floor = math.ceil(least - 1e-6) if least < math.inf else 0
        bound["soft"] = max(bound.get("soft") or 0, floor)


PROOF_POLL = 0.05
"""Seconds :func:`_soft_floor` waits for the walk's next grouping when it has priced every one so far."""


def _grouping_taken(
    judge: _Judge,
    beside: Beside | None,
    found: tuple[list[int], list[str]] | None,
    bound: dict[str, int | None],
    cheap: Mapping[str, int],
) -> tuple[list[int], list[str]] | None:
    """The grouping ``beside`` found, rooms numbered, when it is better than ``found`` (then told,
    and its proven bound put in ``bound``); ``None`` when there is none or it is not better."""
    at = beside() if beside is not None else None
    if beside is None or at is None:
        return None
    grouped = (at[0], number_rooms(judge.prep, *at))
    if found is not None and judge.key(grouped) >= judge.key(found):
        return None
    bound["medium"] = max(bound.get("medium") or 0, beside.bound())
    judge.tell(grouped, _bounds(judge.objective, bound, cheap))
    return grouped


def _last_level_from(
    judge: _Judge, model: MeetingModel, found: tuple[list[int], list[str]], seconds: float, workers: int
) -> tuple[list[int], list[str]]:
    """The objective's last level minimised for ``seconds`` from ``found``, the levels before it held
    at ``found``'s values; ``found`` itself when the search finds nothing better."""
    stages = list(by_level(judge.objective).values())
    if seconds < LAST_LEVEL_SECONDS or len(stages) < 2:
        return found
    values = model.complete(_hint(model, judge.prep, *found))
    for terms in stages[:-1]:
        held, offset = model.level_terms(terms)
        model.cp.linear(held, -(2**62), _value(model, terms, values) - offset)
    model.cp.minimize(*model.level_terms(stages[-1]))
    model.cp.hint(values)
    out = run(model.cp, seconds, workers)
    if not out.has_solution:
        return found
    better = _placed(model, judge.prep, dict(enumerate(out.values)))
    return better if judge.keeps(better) and judge.key(better) <= judge.key(found) else found


LAST_LEVEL_SECONDS = 0.5
"""The least time :func:`_last_level_from` searches for (less: the timetable as found)."""


def _placed(model: MeetingModel, prep: Prepared, values: Mapping[int, int]) -> tuple[list[int], list[str]]:
    """The timetable of the full model's complete ``values``."""
    starts = [next(s for s, v in model.x[i].items() if values[v]) for i in range(prep.n)]
    classes = [next(c for c, v in model.y[i].items() if values[v]) for i in range(prep.n)]
    return starts, number_rooms(prep, starts, classes)


def _by_day(
    judge: _Judge,
    found: tuple[list[int], list[str]],
    until: float,
    workers: int,
    bound: Mapping[str, int | None] | None = None,
) -> tuple[list[int], list[str]]:
    """``found`` with its last level searched a day at a time (:func:`soft_by_days`) until ``until``;
    a timetable is taken only when it keeps the rules and is better by the checker's measure. With
    ``bound`` (proven at every level), it ends once a timetable taken meets it: nothing better is."""
    prep = judge.prep
    met = threading.Event()

    def timetable(placed: tuple[list[int], list[int]]) -> tuple[list[int], list[str]]:
        return placed[0], number_rooms(prep, placed[0], placed[1])

    def better(new: tuple[list[int], list[int]], old: tuple[list[int], list[int]]) -> bool:
        candidate = timetable(new)
        if judge.keeps(candidate) and judge.key(candidate) < judge.key(timetable(old)):
            judge.tell(candidate)
            if bound is not None and judge.meets(candidate, bound):
                met.set()
            return True
        return False

    classes = [prep.class_of_room[r] for r in found[1]]
    with listening(Either(current_stop(), met)):
        placed = soft_by_days(prep, judge.objective, (list(found[0]), classes), until, workers, better)
    out = timetable(placed)
    return out if judge.keeps(out) and judge.key(out) <= judge.key(found) else found


DAY_SOFT_SHARE = 0.5
"""Of the last stage's time, when the sessions spread over several days, for :func:`soft_by_days`
after the whole model's search (the demo, same timetable, 25 s each: 5,844 to 5,841 by the whole
model, to 5,378 a day at a time)."""


class _Judge:
    """Within one call, whether each timetable keeps the rules and what it scores, each computed
    once (the same timetable is asked about by several steps), and only the objective's terms."""

    def __init__(
        self,
        prep: Prepared,
        objective: tuple[Term, ...],
        previous: tuple[list[int | None], list[str | None]] | None = None,
    ) -> None:
        self.prep, self.objective = prep, objective
        self.previous = previous
        """Each session's previous place (:func:`previous_places`), which wins among equals."""
        self.until = math.inf
        """Until when (``time.perf_counter()``) the answer may be settled towards ``previous``."""
        self.names = {t.name for t in objective}
        self.only = scopes(objective)
        self._kept: dict[tuple[tuple[int, ...], tuple[str, ...]], bool] = {}
        self._values: dict[tuple[tuple[int, ...], tuple[str, ...]], dict[str, int]] = {}

    def keeps(self, timetable: tuple[list[int], list[str]]) -> bool:
        """Whether ``timetable`` keeps every hard rule (the checker's verdict)."""
        key = (tuple(timetable[0]), tuple(timetable[1]))
        if key not in self._kept:
            self._kept[key] = _keeps_rules(self.prep, *timetable)
        return self._kept[key]

    def values(self, timetable: tuple[list[int], list[str]]) -> dict[str, int]:
        """The objective's terms (unweighted) at ``timetable``, by the checker's arithmetic."""
        key = (tuple(timetable[0]), tuple(timetable[1]))
        if key not in self._values:
            self._values[key] = measure(self.prep, *timetable, names=self.names, only=self.only)
        return self._values[key]

    def levels(self, timetable: tuple[list[int], list[str]]) -> dict[str, int]:
        return levels(self.objective, self.values(timetable))

    def key(self, timetable: tuple[list[int], list[str]]) -> tuple[int, ...]:
        """(medium, soft), compared as tuples: smaller is better."""
        found = self.levels(timetable)
        return tuple(found.get(level, 0) for level in LEVELS)

    def tell(
        self, timetable: tuple[list[int], list[str]] | None, bound: Mapping[str, int | None] | None = None
    ) -> None:
        """Tell the call's progress callback of ``timetable`` when it keeps the rules and is better than
        every one told before (:func:`scheduler.meetings.engine.tell`); measured only when one hears."""
        if timetable is not None and heard() and self.keeps(timetable):
            tell(self.levels(timetable), bound)

    def meets(self, timetable: tuple[list[int], list[str]], bound: Mapping[str, int | None]) -> bool:
        """Whether ``timetable`` scores its level's bound at every level: proven optimal."""
        score = self.levels(timetable)
        return all(bound.get(level) is not None and score[level] == bound[level] for level in score)


def _infeasible(
    problem: MeetingProblem, objective: tuple[Term, ...], began: float, deadline: float, found: Clash | None = None
) -> MeetingResult:
    """No timetable: say which rule instances clash, in what is left of the time limit (from ``found``,
    the clash arithmetic already proved, when there is one)."""
    left = Deadline(max(0.05, deadline - time.perf_counter()), current_stop())
    conflict = explain_meetings(problem, left, infeasible=True, found=found)
    return MeetingResult("infeasible", None, objective, wall_time=time.perf_counter() - began, conflict=conflict)


def _met(model: MeetingModel, terms: list[Term], values: Mapping[int, int] | None, bound: int | None) -> bool:
    """Whether complete ``values`` meet ``bound`` on ``terms`` (so they are proven best there)."""
    return values is not None and bound is not None and _value(model, terms, values) <= bound


def _value(model: MeetingModel, terms: list[Term], values: Mapping[int, int]) -> int:
    """The model's value of ``terms`` (weighted) at complete ``values``."""
    found, offset = model.level_terms(terms)
    return offset + sum(a * values[v] for v, a in found)


def _objective_greedy(
    prep: Prepared, objective: tuple[Term, ...], began: float, time_limit: float, hard: float | None = None
) -> tuple[list[int], list[str]] | None:
    """The objective's own greedy. Its first pass weighs every place until :data:`GREEDY_SHARE` of the
    time limit, then puts the sessions left at their first free place (:func:`greedy`): the work done
    is kept (until 4 December a first pass cut at that share was thrown away, and 2,000 meetings at
    30 s got the packing greedy's medium 556 where 5 s got 0; then, until the next day, it was never
    cut, 6.7 s of CPU at 2,000 meetings whatever the limit), and what it leaves unweighed the polish
    and the searches after it take up. Rounds after a failed pass hear the clock until the call's
    end (no timetable yet: nothing to search from; at 2,000 meetings with 4 pins the second round
    places everything). The shortest-first pass after a timetable found runs only within the same
    share, and not at all when one pass is expected to take longer than that share. A pass still going
    at ``hard`` (the call's end and its grace) gives up, hurried or not (:func:`greedy`'s ``cut_at``)."""
    share = began + GREEDY_SHARE * time_limit
    end = began + time_limit - RETURN_MARGIN
    second = greedy_pass_seconds(prep) <= GREEDY_SHARE * time_limit
    return greedy(
        prep, objective, GREEDY_ROUNDS, end, second=second, first_until=share, second_until=share, cut_at=hard
    )


def _first_greedy(judge: _Judge, began: float, time_limit: float, hard: float) -> tuple[list[int], list[str]] | None:
    """The first timetable: the objective's own greedy (:func:`_objective_greedy`), or, when one of its passes
    would take more than :data:`GREEDY_SHARE` of the time left (its pass is hurried to first free places
    anyway), the packing greedy first (:func:`~scheduler.meetings.greedy.packed`, its rounds cut at ``hard``),
    then the objective's as well while the call's time lasts, the better of the two. Before, a short limit went
    to the objective's greedy alone: on Timefold's recipe at 400 meetings no pass of it finds a timetable
    (3 rounds, weighed or hurried) where the packing finds one in 0.1 s of CPU, and ``solve --time-limit 1``
    (0.1 s left for the search once the command had read the table under load) ended past ``hard`` with
    nothing, exit 3 (docs/benchmarks.md, issue 16, 6 December)."""
    prep, objective = judge.prep, judge.objective
    left = began + time_limit - time.perf_counter()
    if greedy_pass_seconds(prep) <= GREEDY_SHARE * left:
        return _objective_greedy(prep, objective, began, time_limit, hard)
    found = packed(prep, hard, cut=True)
    if time.perf_counter() >= began + time_limit - RETURN_MARGIN:
        return found
    other = _objective_greedy(prep, objective, began, time_limit, hard)
    if other is None or found is None:
        return found or other
    return other if judge.key(other) <= judge.key(found) else found


def greedy_pass_seconds(prep: Prepared) -> float:
    """About how long one pass of the greedy takes: a few tenths of a microsecond per candidate start
    and participant (measured on this kind of machine, 0.1 to 0.43: 600 meetings 0.28 s, 2,000 0.79 s)."""
    work = sum(len(prep.starts[i]) * (1 + len(s.attendees)) for i, s in enumerate(prep.problem.sessions))
    return 0.4e-6 * work


GREEDY_SHARE = 0.5
COUNTING_SHARE = 0.25
"""Of the time limit, from the call's start, until which the count per participant looks for a clash
(:func:`scheduler.meetings.counts.clash`): 0.7 s of CPU at 2,000 meetings, all of ``--time-limit 1``
once the table is prepared. A clash it does not reach is the search's to find."""
"""Of the time limit, at most, for the objective's greedy (its rounds, and within a pass)."""


def _returning_cost(
    judge: _Judge, first: tuple[list[int], list[str]] | None, until: float | None = None
) -> tuple[dict[str, int], float]:
    """The counting bounds, and the seconds to keep for returning: checking and measuring the one
    timetable not yet judged (timed on ``first``, the same work, whose verdict and score are kept),
    and a margin for CP-SAT's return past its limit, twice over for a load that changes meanwhile.
    Before, the counting bounds' own time (done here, never again) was kept back too, and all of
    it three times: at 2,000 meetings about 6 s for 1.2 s of work. The counts per person in the bounds
    stop at ``until`` (:func:`~scheduler.meetings.bounds.term_bounds`: still bounds, lower)."""
    # A large table past the call's end already (a greedy that used it all): no bounds, the timetable
    # is told unproven (0.7 s at 2,000 meetings under load, past the limit: QA qashapes20 F2); a small
    # table's are done in far less, and get at least BOUNDS_SECONDS.
    now = time.perf_counter()
    late = until is not None and now >= until and judge.prep.n > LATE_BOUNDS_MEETINGS
    cheap = (
        {}
        if late
        else cheap_bounds(judge.prep, judge.objective, None if until is None else max(until, now + BOUNDS_SECONDS))
    )
    began = time.perf_counter()
    if first is not None:
        judge.keeps(first)
        judge.values(first)
        to_plan(judge.prep, *first)
    return cheap, RETURN_MARGIN + 2 * (time.perf_counter() - began)


def _polished(
    prep: Prepared, objective: tuple[Term, ...], timetable: tuple[list[int], list[str]] | None, until: float
) -> tuple[list[int], list[str]] | None:
    """``timetable`` polished until ``until`` (:mod:`scheduler.meetings.polish`) when the objective
    allows it; the same timetable when nothing cheaper was found."""
    if timetable is None or not applies(objective):
        return timetable
    return polish(prep, objective, timetable, until) or timetable


POLISH_SHARE = 0.1
"""Of the time limit, for polishing the greedy's timetable before the solver (full model), and again
for the solver's answer. Ruin and recreate uses all it is given. At 10 s, one run each (medium /
soft): 0.05 and 0.05 gave the demo 48 / 5,894 and 50 meetings 121 / 17,877; 0.1 and 0.1 gave
48 / 5,035 and 120 / 18,127; 0.3 before gave 52 on the demo (the solver then had too little time
from a polished start to find 48) and 104 on 50 meetings."""
FINAL_POLISH_SHARE = POLISH_SHARE
"""Of the time limit, kept back from the solver for polishing its answer."""
LIGHT_POLISH_SHARE = 0.5
"""Of the time limit, for the polish after the light search (its ruin and recreate lowers optional
conflicts on 100 to 400 meetings as fast as that search: at 10 s, one run each, 0.05 / 0.5 / 0.8 of
the time gave 487 / 453 / 472 on 100 meetings, 1106 / 1103 / 1007 on 200, 3378 / 3154 / 3079 on 400)."""


def _settle_seconds(judge: _Judge, returning: float, time_limit: float) -> float:
    """Seconds kept back for :func:`settle` when there is a previous timetable: a check and a
    measure (timed in ``returning``) for each session and one more, at most
    :data:`SETTLE_SHARE` of the time limit."""
    if judge.previous is None:
        return 0.0
    each = max(0.001, (returning - RETURN_MARGIN) / 2)
    return min(SETTLE_SHARE * time_limit, each * (judge.prep.n + 1))


BOUNDS_SECONDS = 0.1
LATE_BOUNDS_MEETINGS = 500
"""Above this many meetings, no counting bounds are counted once the call's end has passed (0.7 s of
wall at 2,000 meetings under load: QA qashapes20 F2)."""
"""The least time the counting bounds' counts per person get past the call's deadline (a small table's
are done in far less; at 2,000 meetings a greedy that ran past the deadline leaves them this)."""
SETTLE_SHARE = 0.1
"""Of the time limit, at most, for putting meetings back where the previous timetable had them."""
PACKED_GRACE = 1.0
"""Seconds past the time limit, at most, that the packing greedy's rounds after its first may go when
nothing else was found: a timetable a second late is worth more than none (``solve_meetings``'s
``grace``; the command line gives less, what its own second of grace leaves after printing)."""
RETURN_MARGIN = 0.12  # seconds: CP-SAT's overrun past its limit and copying its answer out
BUILD_SECONDS = 15e-6
LIGHT_SHARE = 0.5  # of the time left, for the light model's search on optional conflicts
EXACT_ROOMS = 60


def _kept_previous(judge: _Judge) -> tuple[list[int], list[str]] | None:
    """The previous timetable (``judge.previous``) when it places every session where its rules allow and
    keeps every rule, else ``None``."""
    if judge.previous is None:
        return None
    steps, rooms = judge.previous
    if any(s is None for s in steps) or any(r is None for r in rooms):
        return None
    whole = ([s for s in steps if s is not None], [r for r in rooms if r is not None])
    return whole if judge.keeps(whole) else None


def _finish(
    judge: _Judge,
    solved: tuple[list[int], list[str]] | None,
    first: tuple[list[int], list[str]] | None,
    bound: dict[str, int | None],
    began: float,
    cheap: dict[str, int] | None = None,
) -> MeetingResult:
    """The better of the solver's and the greedy's timetables, measured exactly by the checker's
    arithmetic; ``optimal`` when that timetable's score meets the bound at every level (proven by
    the solver or by counting), else ``feasible``."""
    prep, objective = judge.prep, judge.objective
    candidates = [c for c in (solved, first) if c is not None and judge.keeps(c)]
    if not candidates:
        return MeetingResult("unknown", None, objective, wall_time=time.perf_counter() - began)
    starts, rooms = min(candidates, key=judge.key)
    if judge.previous is not None:
        starts, rooms = settle((starts, rooms), judge.previous, judge.keeps, judge.key, prep.length, judge.until)
    values = judge.values((starts, rooms))
    score = levels(objective, values)
    full_bound = _bounds(objective, bound, cheap_bounds(prep, objective) if cheap is None else cheap)
    tell(score, full_bound)
    # Optimal exactly when the score meets the bound at every level: a solver's "optimal" that the
    # answer does not meet is not one, and a "feasible" that meets it is (before, 40 meetings at
    # medium 0 (bound 0), soft 3280 (bound 3280) were reported "not proven optimal").
    status = "optimal" if all(score.get(lv) == full_bound.get(lv) for lv in full_bound) else "feasible"
    return MeetingResult(
        status,
        to_plan(prep, starts, rooms),
        objective,
        values,
        score,
        full_bound,
        time.perf_counter() - began,
        tuple(starts),
        tuple(rooms),
    )


def _bounds(
    objective: tuple[Term, ...], bound: Mapping[str, int | None], cheap: Mapping[str, int]
) -> dict[str, int | None]:
    """Per level of ``objective``, the higher of the solver's ``bound`` and the counting bound ``cheap``."""
    out = {level: bound.get(level) for level in by_level(objective)}
    for level, value in cheap.items():
        if level in out:
            known = out[level]
            out[level] = value if known is None else max(known, value)
    return out


def _last_polish(
    judge: _Judge,
    found: tuple[list[int], list[str]] | None,
    bound: dict[str, int | None],
    cheap: Mapping[str, int] | None,
    until: float,
    workers: int,
) -> tuple[list[int], list[str]] | None:
    """``found`` polished until ``until``; then, while time is left and the answer does not meet its
    bound at every level (not proven optimal), further rounds until ``until``: the optional conflicts
    searched again from it (:func:`_improve_medium`, half of what is left, while their bound is not
    met) and ruin and recreate with another seed and larger groups, each kept when better by the
    checker's measure. Before, the polish ended when its ruin and recreate stalled (:data:`~scheduler.
    meetings.polish.STALL`), and tf-100m-s0 at 60 s returned at 48.25 s, medium 456 against a bound
    of 48. ``bound`` gains what the searches prove (the medium level's)."""
    prep, objective = judge.prep, judge.objective
    best = _polished(prep, objective, found, until)
    if best is None or not applies(objective) or not judge.keeps(best):
        return best
    judge.tell(best, _bounds(objective, bound, cheap or {}))
    floor = dict(cheap or {})
    k = 0
    while until - time.perf_counter() > ROUND_SECONDS and not stopped():
        proven = _bounds(objective, bound, floor)
        if judge.meets(best, proven):
            break
        k += 1
        candidate = best
        if judge.levels(best).get("medium", 0) != proven.get("medium", 0):
            half = time.perf_counter() + ROUND_MEDIUM_SHARE * (until - time.perf_counter())
            better, medium_bound = _improve_medium(prep, objective, best, half, workers, 0.0, floor.get("medium", 0))
            if medium_bound is not None:
                bound["medium"] = max(bound.get("medium") or 0, medium_bound)
            if better is not None and judge.keeps(better):
                candidate = better
        group = GROUP + min(k, GROUP)
        candidate = polish(prep, objective, candidate, until, seed=k, group=group) or candidate
        if judge.keeps(candidate) and judge.key(candidate) < judge.key(best):
            best = candidate
            judge.tell(best, _bounds(objective, bound, floor))
    return best


ROUND_SECONDS = 0.2
"""The least time left for another round of :func:`_last_polish` (a light model's build and search
at 100 meetings, a round of ruin and recreate)."""
ROUND_MEDIUM_SHARE = 0.5
"""Of what is left, for a round's search of the optional conflicts (the rest to its ruin and recreate,
as :data:`LIGHT_POLISH_SHARE`)."""


def _light(
    judge: _Judge,
    first: tuple[list[int], list[str]] | None,
    deadline: float,
    workers: int,
    began: float,
    cheap: dict[str, int] | None = None,
    reserve: float = 0.1,
    returning: float = 0.1,
    spare: float = 0.0,
) -> MeetingResult:
    """Large or tight problems: the light model (a start variable per session, intervals), first
    for any timetable when the greedy found none, then, when optional conflicts are the medium
    level's only term, minimising them pair by pair from the best timetable so far. The soft level
    is left as this search leaves it, then polished (:mod:`scheduler.meetings.polish`); its bound
    is not proven. ``reserve``: the seconds the searches keep back; ``returning``: those the polish
    leaves; ``spare``: seconds past ``deadline`` the search for a first timetable may use."""
    prep, objective = judge.prep, judge.objective
    if first is None:
        found = _first_light(prep, deadline + spare, workers, share=LIGHT_FIRST_SHARE)
        if isinstance(found, str):
            return _infeasible(prep.problem, objective, began, deadline)
        first = found
        judge.tell(first, cheap)
    bound: dict[str, int | None] = {}
    solved = None
    if first is not None:
        floor = (cheap or {}).get("medium", 0)
        solved, medium_bound = _improve_medium(prep, objective, first, deadline, workers, reserve, floor)
        if medium_bound is not None:
            bound["medium"] = medium_bound
        judge.tell(solved, _bounds(objective, bound, cheap or {}))
        solved = _last_polish(judge, solved or first, bound, cheap, deadline - returning, workers)
    return _finish(judge, solved, first, bound, began, cheap)


def _improve_medium(
    prep: Prepared,
    objective: tuple[Term, ...],
    first: tuple[list[int], list[str]],
    until: float,
    workers: int,
    reserve: float = 0.1,
    floor: int = 0,
    beside: Beside | None = None,
) -> tuple[tuple[list[int], list[str]] | None, int | None]:
    """Optional conflicts minimised pair by pair in the light model from ``first``, until ``until``:
    its large-neighbourhood search moves whole sessions cheaply, which the time-indexed model does
    not. Only when they are the medium level's only term; returns the timetable and a lower bound
    (pairwise overlaps leave out optional people's busy steps, so the bound stays valid), never
    below ``floor`` (the counting bound). When that search stops above the bound and the sessions
    spread over several days, the rest of the time goes to :func:`by_days`. ``beside``: a grouping
    of the sessions into days at ``floor`` searched on a thread of its own (:func:`_beside`); what it
    finds meanwhile is the answer (the Timefold demo's 40)."""
    medium = by_level(objective).get("medium", [])
    if [t.name for t in medium] != ["optional-conflicts"]:
        return None, None
    room = until - time.perf_counter() - reserve
    if room <= 0 or stopped() or light_build_seconds(prep) > LIGHT_BUILD_SHARE * room:
        return None, None  # building it would eat the time its search needs (2,000 meetings: 3.9 s)
    try:  # a stop heard while it is built ends the build (2,000 meetings: seconds under load)
        light = MeetingModel(prep).build(tuple(medium), indexed=False, stoppable=True, until=until - reserve)
    except BuildStopped:
        return None, None
    light.cp.hint(light.complete(_light_hint(light, prep, *first)))
    terms, offset = light.level_terms(medium)
    light.cp.minimize(terms, offset)
    window = until - time.perf_counter() - reserve
    several = _regroups(prep, window)
    # a grouping found beside is the medium level's optimum (at the bound): the searches here give way
    with listening(beside.until_found() if beside is not None else None):
        out = run(light.cp, max(0.01, window * (DAYS_LIGHT_SHARE if several else 1.0)), workers)
        at = beside() if beside is not None else None
        if not out.has_solution and at is None:
            return None, None
        bound = max(floor, math.ceil(out.bound - 1e-6)) if out.bound is not None else floor
        if at is None:
            starts, classes = light.light_placed(out.values)
            value = round(out.objective or 0)
            if beside is not None:
                beside.known(value)
                bound = max(bound, beside.bound())
            if several and value > bound and out.status != "OPTIMAL":
                found = (starts, classes)
                starts, classes = by_days(prep, medium, found, value, bound, until - reserve, workers, beside)
                at = beside() if beside is not None else None
    if beside is not None:
        bound = max(bound, beside.bound())
    if at is not None:
        starts, classes = at
    return (starts, number_rooms(prep, starts, classes)), bound


def _beside(prep: Prepared, objective: tuple[Term, ...], floor: int, until: float) -> Beside | None:
    """A grouping of the sessions into days at the medium level's counting bound ``floor``, searched
    to the end until ``until`` on a thread of its own (:class:`~scheduler.meetings.atbound.Beside`),
    where a day's branch and bound is exact (:func:`~scheduler.meetings.oneday.applies`). It runs
    beside the light search, the pair search and the later stages (CP-SAT searches outside Python's
    lock): on a loaded machine (load 14) the demo's took 30 s of wall for 3.3 s of its thread's CPU,
    1.2-1.5 s of CPU since each day's floor, found 11-35 s into 60 s calls at load 6-20 (docs/benchmarks.md,
    "Nineteenth session, issue 15")."""
    if not oneday.applies(prep):
        return None
    weight = max(1, by_level(objective)["medium"][0].weight)  # optional conflicts, the level's only term
    names, only = {t.name for t in objective}, scopes(objective)

    def soft(starts: list[int], classes: list[int]) -> int:
        """The soft level of a grouping found, placed early: which of the first few to tell."""
        found = measure(prep, starts, number_rooms(prep, starts, classes), names=names, only=only)
        return levels(objective, found).get("soft", 0)

    collect = chains(prep, objective)  # every grouping at the bound, for the soft level's
    return Beside(oneday.DayPricer(prep), -(-floor // weight), until, scale=weight, soft=soft, collect=collect)


def light_exact(prep: Prepared, objective: tuple[Term, ...]) -> bool:
    """Whether the light model's count of optional conflicts (:func:`_improve_medium`) is the medium
    level itself: optional conflicts are its only term and no one has busy time while optional in
    some session (the light model leaves those steps to the checker's count; required sessions
    never meet busy time). The full model's medium stage then searches the same count again; where
    :func:`by_days` runs too, its time goes to the light search instead (:data:`LIGHT_EXACT_SHARE`).
    Elsewhere (tf-50m-s0 at 10 s: 132 twice against 126 and 116) that stage stays: its search fails
    there within its time and the last polish, which then has it, lowers the count more."""
    medium = by_level(objective).get("medium", [])
    if [t.name for t in medium] != ["optional-conflicts"]:
        return False
    for name, sessions in prep.sessions_of.items():
        if prep.busy.get(name) and set(sessions) - set(prep.required_of.get(name, ())):
            return False
    return True


LIGHT_EXACT_SHARE = 0.75
"""Of the time left, for the light search when it is exact (:func:`light_exact`) and searches days
(:func:`by_days`): its own :data:`LIGHT_SHARE` and the medium stage's half of the rest, so the soft
stage keeps its quarter."""


def _regroups(prep: Prepared, window: float) -> bool:
    """Whether :func:`by_days` runs in a light search of ``window`` seconds."""
    days = len(days_used(prep))
    return days > 1 and 2 * prep.n <= DAYS_PAIR_SESSIONS * days and DAYS_BUILDS * light_build_seconds(prep) < window


DAYS_LIGHT_SHARE = 0.25
"""Of the light search's time, what its first run gets when :func:`by_days` may use the rest."""
DAYS_PAIR_SESSIONS = 16
""":func:`by_days` runs only when two days hold at most this many sessions on average: its searches of
two days then end or improve within their second. Measured (60 s, one run each): the demo, 12 a pair,
40 against 48; 50 meetings, 25 a pair, 100 against 84 with the light search alone, 100 meetings 468
against 437."""
DAYS_BUILDS = 20
""":func:`by_days` runs only when its time holds at least this many builds of the light model."""


def full_build_seconds(prep: Prepared, objective: tuple[Term, ...], most: float = math.inf) -> float:
    """About how long the full model (:meth:`~scheduler.meetings.model.MeetingModel.build`) takes to
    build: :data:`BUILD_SECONDS` per (session, start, step covered), the optional conflicts' tangents
    and the rules' constraints over intervals besides. Once a part alone passes ``most`` seconds (the time
    the caller has for it), the rest is not priced: the price is already too high."""
    size = sum(len(prep.starts[i]) * prep.length[i] for i in range(prep.n))
    seconds = size * BUILD_SECONDS
    if seconds > most:
        return seconds
    seconds += _tangent_seconds(prep, objective)
    return seconds if seconds > most else seconds + posted_seconds(prep)


def _tangent_seconds(prep: Prepared, objective: tuple[Term, ...]) -> float:
    """About how long the full model's optional conflicts take to post beyond its size: per person
    and step, a tangent per count of their sessions running then, each over every session that may
    run then. 200 meetings with 15 optional people each: 73 million terms by this count, 4.9 s to
    build, where the size alone said 1.3 s (and ``solve --time-limit 5`` took 7.3 s)."""
    if not any(t.name == "optional-conflicts" for t in objective):
        return 0.0
    terms = 0
    for name, sessions in prep.sessions_of.items():
        optional = len(set(sessions) - set(prep.required_of.get(name, ())))
        top = min(len(sessions), optional + 1)
        if top >= 2:
            terms += (top - 1) * sum(len(prep.starts[i]) * prep.length[i] for i in sessions)
    return TANGENT_SECONDS * terms


TANGENT_SECONDS = 0.07e-6
"""Per term of :func:`_tangent_seconds`'s count (0.067 µs measured on 200 meetings with 15 optional
people each, 0.17-0.2 µs on the Timefold demo recipe's, where the model's size dominates)."""


def light_build_seconds(prep: Prepared) -> float:
    """About how long the light model with optional conflicts takes to build: a few terms per pair of
    sessions sharing someone not required in both (measured on this kind of machine: 2,000
    meetings, 106,648 such pairs, 3.9 s; 200 meetings with 15 optional people each, 94,208 pairs
    over 19,900 distinct ones, 1.0 s; 600 meetings, 0.8 s)."""
    pairs = 0
    for name, sessions in prep.sessions_of.items():
        both = len(prep.required_of.get(name, ()))
        pairs += len(sessions) * (len(sessions) - 1) // 2 - both * (both - 1) // 2
    distinct = min(pairs, prep.n * (prep.n - 1) // 2)
    return 3e-6 * pairs + 40e-6 * distinct + 1e-4 * prep.n + posted_seconds(prep, indexed=False)


LIGHT_BUILD_SHARE = 0.3
"""Of the time left for the light search, at most, for building its model (as the full model's ``fits``)."""


def _first_light(
    prep: Prepared, deadline: float, workers: int, share: float = 1 / 3
) -> tuple[list[int], list[str]] | str | None:
    """Any timetable from the light model (``share`` of the time left), ``"infeasible"`` if proven none;
    ``None`` without building it when too little time is left for its build (:data:`FIRST_LIGHT_SECONDS`
    per session): the best timetable so far is then the answer."""
    if stopped() or not _first_light_fits(prep, deadline, share):
        return None
    try:
        light = MeetingModel(prep).build((), indexed=False, stoppable=True, until=deadline)
    except BuildStopped:
        return None
    out = run(light.cp, max(0.01, (deadline - time.perf_counter()) * share), workers)
    if out.status == "INFEASIBLE":
        return "infeasible"
    if not out.has_solution:
        return None
    starts, classes = light.light_placed(out.values)
    return starts, number_rooms(prep, starts, classes)


def _first_light_fits(prep: Prepared, deadline: float, share: float) -> bool:
    """Whether ``share`` of the time left before ``deadline`` pays for :func:`_first_light`'s build and a search."""
    room = (deadline - time.perf_counter()) * share
    # the per-session part first: past the deadline the rules' constraints are not counted at all (QA
    # qaembed23 F2: 1.3 s of counting at 2,000 meetings after a 2 s limit, twice)
    return room >= FIRST_LIGHT_SECONDS * prep.n and room >= FIRST_LIGHT_SECONDS * prep.n + posted_seconds(
        prep, indexed=False
    )


LIGHT_FIRST_SHARE = 0.8
"""Of the time left, for the light search of a first timetable when no greedy found one (:func:`_light`)."""
UNTIL_THE_END = 10**6
"""Rounds of the packing greedy of last resort when nothing else will use the time: as many as its time allows."""
FIRST_LIGHT_SECONDS = 0.5e-3
"""Per session, the least time :func:`_first_light` needs for its build and a search: 1,000 meetings
(a room of capacity 2 among 23) built and searched in 0.85 s at load 8 on two cores (0.57 s CPU)."""


def _light_hint(model: MeetingModel, prep: Prepared, starts: list[int], rooms: list[str]) -> dict[int, int]:
    return model.light_values(starts, [prep.class_of_room[r] for r in rooms])


def _hint(model: MeetingModel, prep: Prepared, starts: list[int], rooms: list[str]) -> dict[int, int]:
    return model.values(starts, [prep.class_of_room[r] for r in rooms])


def _near_published(prep: Prepared, starts: list[int], rooms: list[str]) -> tuple[list[int], list[str]]:
    """Every session at its published place (the problem's reference) where its rules allow that
    start and room alone, else where ``starts`` and ``rooms`` put it: a hint, not a timetable."""
    problem = prep.problem
    reference = problem.reference.by_title() if problem.reference is not None else {}
    near_starts, near_rooms = list(starts), list(rooms)
    for i, s in enumerate(problem.sessions):
        ref = reference.get(s.title)
        step = problem.workdays.step(ref.start) if ref is not None and ref.start is not None else None
        if ref is None or step is None or step not in prep.starts[i]:
            continue
        near_starts[i] = step
        if ref.room is not None and prep.class_of_room.get(ref.room) in prep.eligible[i]:
            near_rooms[i] = ref.room
    return near_starts, near_rooms


def to_plan(prep: Prepared, starts: list[int], rooms: list[str]) -> Plan:
    """The plan of clock steps and rooms (:func:`scheduler.meetings.check.plan_of`)."""
    return plan_of(prep.problem, starts, rooms)


def _keeps_rules(prep: Prepared, starts: list[int], rooms: list[str]) -> bool:
    """Whether a timetable keeps every hard rule (the checker's verdict), before it is returned."""
    from scheduler.meetings.check import keeps_rules

    return keeps_rules(prep.problem, to_plan(prep, starts, rooms))
