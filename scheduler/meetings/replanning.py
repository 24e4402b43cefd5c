"""Replanning a meeting timetable: apply a change and move as few meetings as possible.

:class:`MeetingChanges` says what is new since the timetable was published: busy time, meetings
fixed at a time (and room), meetings cancelled, meetings added. :func:`apply_meeting_changes`
gives the changed problem, whose ``reference`` is the published timetable of the meetings left;
:func:`replan_meetings` solves it with the ``moves`` term first.

**Fewest moves first.** A meeting is *moved* when its time or its room differs from the published
one; an added meeting always counts as moved. The objective puts ``moves`` on the medium level
with a weight larger than every optional conflict the problem can have together (``1 +`` that
count), so the medium level is lexicographic: fewest moves, then fewest optional conflicts; the
soft level is as before (finish early). A caller's ``objective`` (a loaded table's, say) gives the
terms after these (:func:`replan_terms`: its own ``moves`` and ``optional-conflicts`` terms give way
to them, and a term of its own on the medium level raises the moves' weight above all it can add
up to), so the moves still come first, strictly; ``moves_first=False`` solves with ``objective`` exactly as
given instead. The bound of each level is the solver's, so a proven result proves the fewest moves.

**Where the search starts.** The published timetable, with every meeting whose place still
keeps the rules kept there (taken in published order, each kept if the ones kept so far and it
break no rule), then the greedy placing the rest around them (the kept ones pinned); a displaced
meeting that fits nowhere among them takes the place whose blockers move fewest, and they are
placed around it (:mod:`scheduler.meetings.blockers`). That timetable is the solver's first answer
and hint, so the answer never moves more than it.

How changes combine (decided here, as for unit tables, docs/replanning.md): cancelled meetings go
first, with their pins and links; added meetings join the end; busy time adds to what people and units
already had; a new pin replaces the meeting's old one.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, replace

from scheduler.domain.meetings import Busy, MeetingMove, MeetingProblem, Pin, Plan, Session
from scheduler.errors import ArgumentError, ProblemError, need, need_tuple
from scheduler.meetings.arguments import budget, check_plan, check_problem, check_seconds, check_solving
from scheduler.meetings.check import check_meetings
from scheduler.meetings.engine import listening, stopped, tell
from scheduler.meetings.greedy import greedy
from scheduler.meetings.measure import levels, measure
from scheduler.meetings.neighbourhood import fewest_moves
from scheduler.meetings.planner import MeetingResult, solve_meetings, to_plan
from scheduler.meetings.prepared import Prepared, interchangeable_rooms, prepare
from scheduler.meetings.published import must_move
from scheduler.meetings.published import published_places as _published_places
from scheduler.meetings.terms import DEFAULT, LEVELS, Term, derived, scopes
from scheduler.solver.deadline import Deadline, ProgressCallback, StopSignal
from scheduler.text.messages import Message


@dataclass(frozen=True)
class MeetingChanges:
    """What changed since the timetable was published.

    ``busy``: more times people or units cannot attend; ``pins``: meetings that must be held at a
    time (and room); ``drop``: meetings cancelled (titles); ``add``: new meetings.
    """

    busy: tuple[Busy, ...] = ()
    pins: tuple[Pin, ...] = ()
    drop: tuple[str, ...] = ()
    add: tuple[Session, ...] = ()

    def __post_init__(self) -> None:
        need_tuple("MeetingChanges.drop", self.drop, str, ArgumentError, Message("kind.titles"))
        for name, kind in (("busy", Busy), ("pins", Pin), ("add", Session)):
            need_tuple(f"MeetingChanges.{name}", getattr(self, name), kind, ArgumentError)

    def __bool__(self) -> bool:
        return bool(self.busy or self.pins or self.drop or self.add)


def apply_meeting_changes(problem: MeetingProblem, published: Plan, changes: MeetingChanges) -> MeetingProblem:
    """The problem after ``changes``, with the published placements of the meetings left as its
    ``reference``; a cancelled meeting's pins and links go with it. The one place changes are applied
    (``reschedule``'s options are applied by it too). Raises :class:`~scheduler.errors.ProblemError` for
    a change naming an unknown meeting, adding one that exists, or pinning one meeting to two places
    (and :class:`~scheduler.errors.ArgumentError` for an argument of the wrong kind)."""
    check_problem(problem)
    check_plan("published", published)
    need("changes", changes, MeetingChanges)
    for title in changes.drop:
        if title not in {s.title for s in problem.sessions}:
            raise ProblemError(Message("meetings.unknown_session", title=title))
    dropped = set(changes.drop)
    sessions = [s for s in problem.sessions if s.title not in dropped]
    titles = {s.title for s in sessions}
    for s in changes.add:
        if s.title in titles or s.title in dropped:
            raise ProblemError(Message("meetings.add_exists", title=s.title))
        titles.add(s.title)
        sessions.append(s)
    new_pins: dict[str, Pin] = {}
    for pin in changes.pins:
        if pin.title not in titles:
            raise ProblemError(Message("meetings.unknown_session", title=pin.title))
        if pin.title in new_pins and new_pins[pin.title] != pin:
            raise ProblemError(Message("meetings.pinned_twice", title=pin.title))
        new_pins[pin.title] = pin
    pins = [p for p in problem.pins if p.title in titles and p.title not in new_pins] + list(new_pins.values())
    reference = Plan(tuple(p for p in published.placements if p.title in titles))
    links = tuple(k for k in problem.links if not {k.first, k.then} & dropped)  # a meeting called off
    return problem.replace(
        sessions=tuple(sessions),
        busy=(*problem.busy, *changes.busy),
        pins=tuple(pins),
        reference=reference,
        links=links,
    )


def replan_objective(problem: MeetingProblem, soft: tuple[Term, ...] = (Term("early"),)) -> tuple[Term, ...]:
    """Fewest moves, strictly first; then fewest optional conflicts, then ``soft`` (the caller's other
    terms, at their levels and weights) with :func:`nearness` among them. ``moves`` is on the medium level
    with a weight one more than everything else on that level can add up to (:func:`most` of each medium
    term, times its weight): optional conflicts, and any term of ``soft`` the caller put on the medium
    level. So the medium level is lexicographic, moves first, whatever the caller's terms
    (docs/replanning.md: decided); the moved meetings' nearness to their old times is on the soft level,
    below it, so it never costs a move or an optional conflict."""
    rest = (Term("optional-conflicts", "medium"), *soft, *nearness(soft))
    weight = 1 + sum(t.weight * most(problem, t.name) for t in rest if t.level == "medium")
    return (derived("moves", "medium", weight), *rest)


def nearness(soft: tuple[Term, ...]) -> tuple[Term, ...]:
    """The ``displacement`` term a replanning adds after the caller's terms (none when they weigh it
    themselves): each moved meeting's distance from its published start, in grid steps
    (:func:`~scheduler.meetings.nearness.displacement`), on the soft level with a weight one more than
    ``early``'s (one step nearer outweighs one step earlier: a meeting pushed out of 8:30 goes to 9:00
    the same day, not to the first free morning). Soft, so fewest moves and then fewest optional
    conflicts stay strictly first; the caller's other soft terms (a Timefold preset's ``overlap``, say)
    are weighed beside it at their own weights."""
    if any(t.name == "displacement" for t in soft):
        return ()
    early = sum(t.weight for t in soft if t.name == "early" and t.level == "soft")
    return (Term("displacement", "soft", early + 1),)


def replan_terms(problem: MeetingProblem, objective: tuple[Term, ...] = DEFAULT) -> tuple[Term, ...]:
    """The objective a replanning solves with, given the caller's (a loaded table's) ``objective``:
    :func:`replan_objective` (fewest moves, strictly, then fewest optional conflicts) with ``objective``'s
    other terms after them; its own ``moves`` and ``optional-conflicts`` terms give way to those two, and
    a medium-level term of its own weighs less than one move, however heavy (it is weighed with the
    optional conflicts, as the caller weighs it). The one rule for :func:`replan_meetings`,
    ``reschedule``, ``solve --objective stable`` and the web page's stable solve;
    ``replan_terms(p, DEFAULT) == replan_objective(p)``."""
    return replan_objective(problem, tuple(t for t in objective if t.name not in ("moves", "optional-conflicts")))


def most(problem: MeetingProblem, name: str) -> int:
    """An upper bound on the term ``name`` over every timetable of ``problem`` (unweighted, as
    :func:`scheduler.meetings.measure.measure` counts it): what one move must outweigh when the term
    shares the medium level with ``moves``. Coarse but cheap (no pair is listed but for the conflicts)."""
    lengths = sorted(problem.length(s) for s in problem.sessions)
    n = len(lengths)
    if name == "optional-conflicts":
        return most_conflicts(problem)
    if name == "early":  # each session ends within the working steps
        return n * (len(problem.workdays.steps) + (lengths[-1] if lengths else 0))
    if name == "overlap":  # every pair at once for the shorter's length
        return sum(length * (n - 1 - k) for k, length in enumerate(lengths))
    if name == "back-to-back":  # every ordered pair
        return n * (n - 1)
    if name == "larger-rooms":  # every session in the room with the most larger seats
        seats = [r.seats for r in problem.rooms]
        top = max((v for v in seats if v is not None), default=0)
        size = [top if v is None else v for v in seats]
        return n * max((sum(v - own for v in size if v > own) for own in size), default=0)
    if name == "displacement":  # every session from one end of the calendar to the other
        return n * problem.workdays.horizon
    if name == "preferred-time":  # every session with a preferred time
        return sum(1 for s in problem.sessions if s.prefer)
    if name == "room-stability":  # every pair of a required participant's sessions
        return sum(len(sessions) * (len(sessions) - 1) // 2 for sessions in problem.required_of.values())
    days = len(problem.workdays.days)
    if name == "participant-days":  # every required person on as many days as they have meetings
        return sum(min(len(sessions), days) - 1 for sessions in problem.required_of.values())
    if name == "idle":  # every required person's every day waited through whole
        return sum(min(len(sessions), days) for sessions in problem.required_of.values()) * problem.workdays.per_day()
    return n  # moves: every session


def most_conflicts(problem: MeetingProblem) -> int:
    """An upper bound on ``optional-conflicts``: every pair of a person's meetings (not both required)
    overlapping wholly, and every optional meeting wholly in busy time."""
    length = [problem.length(s) for s in problem.sessions]
    total = 0
    for name, sessions in problem.sessions_of.items():
        required = set(problem.required_of.get(name, ()))
        for k, a in enumerate(sessions):
            for b in sessions[k + 1 :]:
                if not (a in required and b in required):
                    total += min(length[a], length[b])
        if name in problem.busy_steps:
            total += sum(length[i] for i in sessions if i not in required)
    return total


def replan_meetings(
    problem: MeetingProblem,
    published: Plan,
    changes: MeetingChanges = MeetingChanges(),
    objective: tuple[Term, ...] | None = None,
    time_limit: float | Deadline = 10.0,
    workers: int = 2,
    stop: StopSignal | None = None,
    moves_first: bool = True,
    spare: float = 0.0,
    *,
    progress: ProgressCallback | None = None,
) -> MeetingResult:
    """The timetable after ``changes`` that moves the fewest meetings from ``published``, then has the
    fewest optional conflicts, then is best by ``objective``'s other terms (``None``: finishing early),
    within ``time_limit`` seconds (or by a :class:`~scheduler.solver.deadline.Deadline`, as for
    :func:`~scheduler.meetings.planner.solve_meetings`): the objective is :func:`replan_terms` of
    ``objective``, whose own ``moves`` and ``optional-conflicts`` terms give way to those two. With
    ``moves_first=False`` the objective is ``objective`` exactly as given (``None``:
    :data:`~scheduler.meetings.terms.DEFAULT`), moves counted only as far as it has a ``moves`` term.

    ``result.moves`` lists the meetings moved; ``result.terms["moves"]`` counts them (whatever the
    objective, whenever there is a timetable). ``stop`` ends the call early with the best timetable
    so far, as for :func:`~scheduler.meetings.planner.solve_meetings`, whose checks of the arguments
    it shares (:class:`~scheduler.errors.ArgumentError`). ``spare``: seconds past ``time_limit`` the
    search for a *first* timetable may use while none is found (the command line's second of grace,
    less what printing needs), as for ``solve_meetings``. ``progress`` hears the first timetable and each
    better one, as for ``solve_meetings``."""
    time_limit, stop, progress = budget(time_limit, stop, progress)
    check_solving(problem, DEFAULT if objective is None else objective, time_limit, workers, stop, progress)
    need("moves_first", moves_first, bool)
    check_seconds("spare", spare)
    began = time.perf_counter()
    changed = apply_meeting_changes(problem, published, changes)
    given = DEFAULT if objective is None else objective
    terms = replan_terms(changed, given) if moves_first else given
    with listening(stop, progress):
        prep = prepare(changed)  # once: for the start, the search and the rooms
        start = _start(prep, terms, began, time_limit, workers, spare)
        left = max(0.01, time_limit - (time.perf_counter() - began))
        late = max(0.0, spare - max(0.0, time.perf_counter() - began - time_limit))
        result = solve_meetings(changed, terms, left, workers, start_from=start, spare=late, prepared=prep)
        result = replace(_rooms_kept(prep, terms, result), wall_time=time.perf_counter() - began)
        tell(result.score, result.bound)  # its rooms kept may score better
    if result.plan is None:
        return replace(result, moves=())
    moves = tuple(moved(changed, result.plan))
    return replace(result, moves=moves, terms={**result.terms, "moves": len(moves)})


def _rooms_kept(prep: Prepared, terms: tuple[Term, ...], result: MeetingResult) -> MeetingResult:
    """``result`` with its rooms renumbered by :func:`keep_published_rooms` when that scores better
    (a search stopped by the clock may leave a meeting in another room of its kind at its own time)."""
    if result.plan is None or not result.starts:
        return result
    problem = prep.problem
    starts, rooms = list(result.starts), list(result.rooms)
    kept = keep_published_rooms(prep, starts, rooms)
    if kept == rooms:
        return result
    values = measure(prep, starts, kept, names={t.name for t in terms}, only=scopes(terms))
    score = levels(terms, values)
    if tuple(score.get(lv, 0) for lv in LEVELS) >= tuple(result.score.get(lv, 0) for lv in LEVELS):
        return result
    plan = to_plan(prep, starts, kept)
    if not check_meetings(problem, plan).ok:
        return result
    return replace(result, plan=plan, terms=values, score=score, rooms=tuple(kept))


def keep_published_rooms(prep: Prepared, starts: list[int], rooms: list[str]) -> list[str]:
    """``rooms`` renumbered within each class of interchangeable rooms so that meetings at their
    published time keep their published room wherever the others allow: a room-only move is never
    counted when trading rooms could avoid it.

    Kempe swaps: a meeting at its published time but in room A of its class, published in room B,
    trades rooms with everything linked to it through overlapping meetings (changeover included)
    in A and B; every meeting of that chain changes between A and B, so the rooms stay valid. A
    swap is made when more meetings of the chain gain their published room than lose it, until no
    swap gains: every swap keeps one more meeting in place, so it ends."""
    problem = prep.problem
    if problem.reference is None:
        return list(rooms)
    reference = problem.reference.by_title()
    out = list(rooms)
    for cls in interchangeable_rooms(problem, prep.rules):
        if cls.capacity != 1:
            continue
        members = set(cls.rooms)
        home: dict[int, str] = {}
        span: dict[int, tuple[int, int]] = {}
        for i, s in enumerate(problem.sessions):
            if out[i] not in members:
                continue
            span[i] = (starts[i], starts[i] + prep.length[i] + cls.changeover)
            ref = reference.get(s.title)
            same_time = ref is not None and ref.start is not None and problem.workdays.step(ref.start) == starts[i]
            if same_time and ref is not None and ref.room in members:
                home[i] = ref.room
        changed = True
        while changed:
            changed = False
            for i, want in home.items():
                if out[i] == want:
                    continue
                chain = _chain(i, (out[i], want), out, span)
                a, b = out[i], want
                swapped = {j: b if out[j] == a else a for j in chain}
                if sum((home.get(j) == swapped[j]) - (home.get(j) == out[j]) for j in chain) > 0:
                    for j, room in swapped.items():
                        out[j] = room
                    changed = True
    return out


def _chain(i: int, pair: tuple[str, str], rooms: list[str], span: dict[int, tuple[int, int]]) -> list[int]:
    """The meetings in the two rooms of ``pair`` linked to ``i`` through overlapping spans."""
    inside = [j for j in span if rooms[j] in pair]
    seen = {i}
    todo = [i]
    while todo:
        k = todo.pop()
        a, b = span[k]
        for j in inside:
            if j not in seen and span[j][0] < b and a < span[j][1]:
                seen.add(j)
                todo.append(j)
    return sorted(seen)


def moved(problem: MeetingProblem, plan: Plan) -> list[MeetingMove]:
    """Every meeting of ``plan`` whose time or room differs from the problem's reference, in table order."""
    return moved_from(problem.reference, plan, problem)


def moved_from(reference: Plan | None, plan: Plan, problem: MeetingProblem) -> list[MeetingMove]:
    """Every meeting of ``plan`` whose time or room differs from ``reference`` (a meeting it has no
    time for counts as moved; a room it does not name, as any room), in ``problem``'s table order:
    the one rule for what moved, whoever asks (the replanning's objective, the web page's list)."""
    before = reference.by_title() if reference is not None else {}
    after = plan.by_title()
    out = []
    for s in problem.sessions:
        now, then = after[s.title], before.get(s.title)
        if then is None or then.start is None:
            out.append(MeetingMove(s.title, None, now))
        elif then.start != now.start or (then.room is not None and then.room != now.room):
            out.append(MeetingMove(s.title, then, now))
    return out


START_ROUNDS = 30
"""Greedy rounds for the start: each repair of a displaced meeting takes one (the one it displaces
may need one more); a round of 400 meetings takes about 0.06 s."""
LOOKAHEAD = 40
"""The start's greedy runs twice, its repairs without and with this lookahead
(:func:`scheduler.meetings.blockers.least_blocked`), and the one moving fewer is kept: neither wins
everywhere. Moves of the start without / with it: gapcb (200 meetings, P010 busy all 3月2日) 17 / 9;
the Timefold demo, the first meeting's first required person busy all the first day, 7 / 3; the
recipe's 100 meetings alike 7 / 13."""
START_SHARE = 0.5
"""Of the time limit, at most, for the start's greedy rounds (they stop as soon as one succeeds). A
start cut short leaves the search a fresh timetable, which moves nearly everything: at a quarter,
200 meetings (gapcb, 15 repairs, 0.12-0.13 s) raced a deadline of 0.125 s under ``reschedule
--time-limit 1`` and moved 22 or 188 meetings from run to run."""
NEIGHBOURHOOD_SHARE = 0.6
"""Of the time limit, counted from the call's start, until which the search around the displaced
meetings (:func:`scheduler.meetings.neighbourhood.fewest_moves`) may run: fewest moves come first,
and the whole search after it, hinted with its timetable, mostly improves the soft level. On 40
thesis defences (one professor away for a day; 10 moves proven fewest) it found the 10 in 1 s, where
the whole search moved 37 in 3 s and 21 in 10 s."""
NEIGHBOURHOOD_LATE = 0.2
"""Of the time limit, past :data:`NEIGHBOURHOOD_SHARE`, that the search around the displaced meetings
may go on while neither it nor the greedy found a timetable (with the caller's ``spare``): it is then
the search for a first timetable, and the whole search after it starts from nothing."""


def _start(
    prep: Prepared,
    terms: tuple[Term, ...],
    began: float,
    time_limit: float,
    workers: int = 2,
    spare: float = 0.0,
) -> tuple[list[int], list[str]] | None:
    """The published timetable as far as it still keeps the rules (each meeting at its published
    place when the ones kept so far leave it free), the rest placed by the greedy around them,
    repaired where a displaced meeting fits nowhere (:mod:`scheduler.meetings.greedy`; its rounds
    stop at :data:`START_SHARE` of the limit); then the search around the displaced meetings
    (:mod:`scheduler.meetings.neighbourhood`, until :data:`NEIGHBOURHOOD_SHARE` of the limit, more
    while nothing is found): the one moving fewer."""
    if any(not s for s in prep.starts) or any(not c for c in prep.eligible):
        return None
    prefer = _published_places(prep.problem)
    late = NEIGHBOURHOOD_LATE * time_limit + spare
    until = began + START_SHARE * time_limit
    best = _greedy_start(prep, prefer, until, until + late, near_places(prep, prefer))
    if best is not None and best[0][0] == 0:
        return best[1]
    until = began + NEIGHBOURHOOD_SHARE * time_limit
    found = fewest_moves(prep, terms, prefer, until, workers, None if best is None else best[1], late)
    if found is not None:
        found = (found[0], keep_published_rooms(prep, *found))
        key = _start_key(prep, prefer, found)
        if best is None or key < best[0]:
            best = (key, found)
    return None if best is None else best[1]


def _start_key(
    prep: Prepared, prefer: dict[int, tuple[int, str]], found: tuple[list[int], list[str]]
) -> tuple[int, int, int, int]:
    """Moves first, then the optional conflicts (the medium level's next term, QA qacamp24 F2), then how
    far the moved meetings went (``displacement``, :func:`nearness`), then the sum of ends: which of two
    starts is better."""
    starts, rooms = found
    moves = sum(prefer.get(i) != (starts[i], rooms[i]) for i in range(prep.n))
    values = measure(prep, starts, rooms, names={"optional-conflicts", "displacement"})
    ends = sum(prep.working(s) + prep.length[i] for i, s in enumerate(starts))
    return moves, values["optional-conflicts"], values["displacement"], ends


START_TERMS = (Term("optional-conflicts", "medium"), Term("early"))
"""What the start's greedy weighs a meeting's place by, beyond its published (or nearest) one: the optional
conflicts first, as the replan's medium level does after the moves, then finishing early. Before, finishing
early alone: 14 meetings the office's new hours (9:00 for 8:30) pushed out went to the earliest free
places, days away, with 60 optional-conflict steps the 30 s search could not take back (QA qacamp24 F2)."""
NEAR_TERMS = (*START_TERMS, *nearness(START_TERMS))
"""The start's greedy once more, weighing how far a meeting goes from its published start above finishing
early (:func:`nearness`, as the replan's objective does), after the two passes with :data:`START_TERMS`: the
start it gives is kept only when it is better by :func:`_start_key` (moves, then optional conflicts, then
the distance moved), so the moves of the start never grow for it. With it alone instead, the m100 hearing's
start moved 44 meetings where these terms move 42 (0.42 s of CPU each, load 11-13)."""


def near_places(prep: Prepared, prefer: Mapping[int, tuple[int, str]]) -> dict[int, tuple[int, str]]:
    """For each meeting whose published place no longer keeps its own rules (new working hours, busy time,
    a window: :func:`~scheduler.meetings.published.must_move`, or a start the calendar no longer has), the
    start nearest its published time on the same day, in the same room, that its own rules allow (the
    earlier of two as near): the place the start's greedy tries for it first (QA qacamp24 F2: 8:30 under
    new hours from 9:00 went five days away, where 9:00 the same day was free)."""
    problem = prep.problem
    reference = problem.reference.by_title() if problem.reference is not None else {}
    days = problem.workdays
    gone = set(must_move(prep, prefer))
    out: dict[int, tuple[int, str]] = {}
    for i, s in enumerate(problem.sessions):
        was = reference.get(s.title)
        if was is None or was.start is None or was.room is None or (i in prefer and i not in gone):
            continue
        cls = prep.class_of_room.get(was.room)
        if cls is None or cls not in prep.eligible[i]:
            continue
        then = was.start
        day = [t for t in prep.starts[i] if days.moment(t).date() == then.date()]
        if day:
            out[i] = (min(day, key=lambda t: (abs(days.moment(t) - then), t)), was.room)
    return out


def _greedy_start(
    prep: Prepared,
    prefer: dict[int, tuple[int, str]],
    deadline: float,
    late: float | None = None,
    near: Mapping[int, tuple[int, str]] | None = None,
) -> tuple[tuple[int, int, int, int], tuple[list[int], list[str]]] | None:
    """The greedy's timetable around the published places, without and with the repairs' lookahead, then
    weighing nearness (:data:`NEAR_TERMS`, with the better of the two lookaheads): the best by its key
    (:func:`_start_key`: moving fewer first), with that key. Its rounds stop at ``deadline``, or at
    ``late`` while neither has found one: the published timetable repaired is the answer of last
    resort, and a start cut short leaves the search a fresh timetable (400 meetings at ``time_limit=1``
    moved 355 or 3 from run to run, as the rounds raced the deadline). ``near``: the places tried first
    by the meetings whose published place is gone (:func:`near_places`); moves are counted from
    ``prefer``, the published places, whatever ``near`` offered."""
    tried = {**prefer, **(near or {})}
    best: tuple[tuple[int, int, int, int], tuple[list[int], list[str]]] | None = None
    depth = 0
    for terms, lookahead in ((START_TERMS, 0), (START_TERMS, LOOKAHEAD), (NEAR_TERMS, None)):
        if best is not None and (time.perf_counter() > deadline or stopped()):
            break
        lookahead = depth if lookahead is None else lookahead  # the nearness pass: the better lookahead's
        until = deadline if best is not None or late is None else max(deadline, late)
        found = greedy(prep, terms, START_ROUNDS, until, tried, lookahead)
        if found is None:
            continue
        found = (found[0], keep_published_rooms(prep, *found))
        key = _start_key(prep, prefer, found)
        if best is None or key < best[0]:
            best, depth = (key, found), lookahead
    return best
