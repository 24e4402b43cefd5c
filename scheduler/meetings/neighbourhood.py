"""Replanning's fewest moves, found early: the published timetable kept, a growing neighbourhood freed.

A change (a professor away for a day) displaces a few meetings: their published place breaks a rule
now. Every other meeting can stay, and the fewest moves usually free only a few more: those that make
room for the displaced ones and those that take the places they leave. So instead of searching the
whole timetable at once (CP-SAT on 40 thesis defences needed 60 s to find the 10 moves it proves
fewest, and moved 37 in 3 s), the search here is the whole model with every meeting outside a
*neighbourhood* fixed at its published place: first the displaced meetings alone, then, while no
timetable is found or time is left, the neighbourhood grows by the meetings most related to it. A
neighbourhood of a few meetings is solved or proven impossible in hundredths of a second; each
timetable found hints the next, larger search, so the moves only go down.

*Related* (what the neighbourhood grows by): a meeting whose allowed starts include the published
start of a freed meeting (it can take the place that one leaves; counts :data:`VACATED_WEIGHT`), and,
for each freed meeting sharing a required participant with it, the freed meeting's allowed starts its
published place overlaps (it blocks them). On the defences above (one run, load about 4), free 4 → 7
→ 10 → 13 → 16 → 19 meetings, each proven impossible in 0.02-0.09 s, then 22 (13 moves in 0.3 s)
and 25 (10, the fewest, in 0.35 s).

The first neighbourhood holds the meetings linked to the displaced ones too (:func:`linked_with`). When
growing by relatedness finds nothing for :data:`DAYS_AFTER` steps, whole days are tried instead
(:func:`_days_to_free`): a hearing filling a day moves only to a day whose meetings make room for it.
A day where the freed meetings and those in their way can simply trade days (:func:`traded`) is tried
first, right after the first step, with that trade as its first timetable and hint.

Each neighbourhood of a larger table is searched in a model of its own (:func:`held`: a meeting outside
it has its kept start and room class only; a small table's whole model is narrowed instead,
:data:`WHOLE_SECONDS`), without CP-SAT's dual reductions (:data:`PRESOLVE`). Until the eighteenth
session one model of the whole table was built and its domains narrowed per step, and on the m100
hearing CP-SAT's presolve took seconds over what was fixed before a day's search began.
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import replace

from scheduler.meetings.blockers import blocking
from scheduler.meetings.board import Board
from scheduler.meetings.check import check_meetings
from scheduler.meetings.engine import run, stopped
from scheduler.meetings.measure import levels, measure
from scheduler.meetings.model import BuildStopped, MeetingModel
from scheduler.meetings.order import Order
from scheduler.meetings.planner import BUILD_SECONDS, to_plan
from scheduler.meetings.posted import posted_seconds
from scheduler.meetings.prepared import Prepared
from scheduler.meetings.published import must_move
from scheduler.meetings.rooms import number_rooms
from scheduler.meetings.terms import Term, scopes

Start = tuple[list[int], list[str]]
"""A timetable: each meeting's start (clock step) and room."""

VACATED_WEIGHT = 2
"""What being able to take a freed meeting's published start weighs against blocking one allowed start
of a freed meeting (1 each): the meetings that fill the places left are the second link of every chain
of moves (scored by blocking alone, or by shared participants, the defences above were still
impossible with 27 of 40 meetings free)."""
GROW = 0.15
"""How much the neighbourhood grows at each step, of its size (at least :data:`GROW_LEAST`): the first
neighbourhood that has a timetable is the hardest search, so it should be no larger than needed. On
the defences (a second, each step half the time left), growing by half first found a timetable with
33 free meetings (27 moves; 23 at the end of the second), by a quarter with 25 (20; 19), by 0.15 with
22 (13; 11)."""
GROW_LEAST = 3
"""Meetings added at least at each step."""
SLICE = 0.75
"""Of the time left, at most, for one step's search: an impossible neighbourhood is proven so in
hundredths of a second, but the first with a timetable needs most of what is left (on the defences,
growing by 0.15, a second: half the time left ended at 11 moves, three quarters at the 10 fewest)."""
DAYS_AFTER = 2
"""Steps that found no timetable after which the neighbourhood grows by whole days instead
(:func:`_days_to_free`). A hearing in two parts (the whole morning, the whole afternoon) whose afternoon
became busy moves only to another day whose meetings make room for it, and those go to the day it
left: on the m100 table of qamscale18 (100 meetings, five full days) growing by relatedness found
nothing in 10 steps (25 meetings free, 2 s), and the greedy's start moved 46; the two days free (38
meetings) give 26 moves, the fewest with any three days free, proven in 3-6 s. A day with a trade
(:func:`traded`) is tried after the first step already, and once the days are tried the search may go
on to ``late`` (the time past the share), as while nothing is found: there the whole search after it
moves no fewer (m100: 45 after 10 s from the greedy's 46)."""
PROBE = 1.0
"""Seconds, at most, of a day's neighbourhood's first try (:data:`DAYS_AFTER`): on m100 most days are
proven impossible in 0.15-0.4 s, and the one that has a timetable first found one in about 1 s (0.6-2.7
s under load); one neither solved nor proven impossible then is tried again, with the time left, after
the others (a probe of 0.3 s left the day that had one to its second try)."""
WHOLE_SECONDS = 0.1
"""The whole table's model, when its build is estimated at most this long, is built once and its
domains narrowed per step (as before the eighteenth session), not a model per neighbourhood: on the 40
defences (0.04 s) a model per step took 0.07-0.5 s of wall each under load 10-15 where narrowing took
hundredths, and ``reschedule --time-limit 3`` moved 37 (a fresh timetable) where it had moved 10. On
m100 (0.56 s) the narrowed whole model's presolve took seconds per day."""
PRESOLVE = {"keep_all_feasible_solutions_in_presolve": True}
"""CP-SAT's parameters for a neighbourhood's search: no dual reductions in presolve. On the m100
hearing's day neighbourhoods (38 free meetings) the dominance detection alone took most of a second
of CPU and added 80,000 implications before any search; without it the search began at 0.3 s and
found its first timetable at 0.6 s where it began at 4-5 s (load 14; docs/benchmarks.md, "Eighteenth
session: replanning meetings")."""
BUILD_SHARE = 0.3
"""Of the time given, at most, for building the whole table's model: a table whose model is too large
for that is left to the whole search (:func:`scheduler.meetings.planner.solve_meetings`). The time
given counts ``late`` even when there is a hint, as the day steps may use it: against the share alone,
the m100 hearing's model (estimated 0.56 s) was refused in 2 of 5 ``reschedule --time-limit 5`` runs,
and the greedy's 46 moves stayed the answer. Each step's own model (a day's is about a third of the
whole) is held to the same share of the time left then (:func:`_build_seconds`): a step too large is
not begun. Decided (eighteenth session): the whole table's price stays the gate, although the
neighbourhoods' models are smaller, so the tables searched here are the same as before (on a 300-meeting
table, the greedy's 2 moves, the search went on to its deadline for nothing: 2.5 s of CPU, 0.6 before)."""


def kept_and_displaced(
    prep: Prepared, prefer: Mapping[int, tuple[int, str]]
) -> tuple[dict[int, tuple[int, str]], list[int]]:
    """Each meeting's published place (``prefer``) where it still keeps the rules beside those kept
    before it (in table order), and the meetings that have none: the displaced and the added."""
    board = Board(prep, (Term("early"),))
    kept: dict[int, tuple[int, str]] = {}
    displaced = []
    for i in range(prep.n):
        place = prefer.get(i)
        if place is not None and board.keeps(i, *place):
            board.place(i, *place)
            kept[i] = place
        else:
            displaced.append(i)
    return kept, displaced


# Long: one loop of steps (relatedness, then days with their trades), each step's time, hint and model
# chosen from what the steps before it found; split, the state passed between the parts would be most of it.
def fewest_moves(
    prep: Prepared,
    terms: tuple[Term, ...],
    prefer: Mapping[int, tuple[int, str]],
    deadline: float,
    workers: int = 2,
    hint: tuple[list[int], list[str]] | None = None,
    late: float = 0.0,
) -> tuple[list[int], list[str]] | None:
    """A timetable moving few meetings from ``prefer`` (session -> published start and room), or
    ``None`` when none was found by ``deadline`` (``time.perf_counter()``; ``late`` seconds more while
    none is found). ``terms``: the objective's level holding ``moves`` is minimized (the others are
    left to the whole search). ``hint``: a timetable already found (the greedy's), the first hint."""
    level = next((t.level for t in terms if t.name == "moves"), None)
    if level is None or stopped():
        return None
    size = sum(len(prep.starts[i]) * prep.length[i] for i in range(prep.n))
    last = deadline + late  # while nothing is found, and once the days are searched (DAYS_AFTER)
    refused = size * BUILD_SECONDS + posted_seconds(prep) > BUILD_SHARE * (last - time.perf_counter())
    if refused and hint is None:
        return None  # the whole table's model: the bound of the largest neighbourhood
    kept, displaced = kept_and_displaced(prep, prefer)
    if not displaced:
        return None  # the greedy keeps everything there
    chosen = tuple(t for t in terms if t.level == level)
    if refused:  # no model in time, but a day's trade needs none
        return _trade(prep, chosen, level, prefer, kept, linked_with(prep, displaced), hint)
    whole_model = None
    if size * BUILD_SECONDS <= WHOLE_SECONDS:  # small: built once, its domains narrowed per step
        try:  # the call's stop ends the build (the loop below then ends at once)
            whole_model = MeetingModel(prep).build(chosen, stoppable=True)
        except BuildStopped:
            return None
        objective, offset = whole_model.level_terms(list(chosen))
        whole_model.cp.minimize(objective, offset)
    best: tuple[float, tuple[list[int], list[str]]] | None = None
    free = linked = linked_with(prep, displaced)
    days: list[tuple[set[int], bool, Start | None]] | None = None  # worked out when first wanted
    trial, failed, probing, trade, by_days = free, 0, False, None, False
    least = sum(t.weight for t in chosen if t.name == "moves") * len(must_move(prep, prefer))
    while not stopped():
        short = not by_days and (best is not None or (hint is not None and failed < DAYS_AFTER))
        until = deadline if short else last
        if until - time.perf_counter() <= 0.01:
            break
        whole = len(trial) == prep.n
        if whole and (best is not None or hint is not None):
            break  # the whole model from that timetable: the search after this one does just that
        if _build_seconds(prep, trial) > BUILD_SHARE * (until - time.perf_counter()):
            break  # its model would take too much of the time left to build
        start = best[1] if best is not None else trade if trade is not None else hint
        share = 1.0 if trade is not None and best is not None else SLICE  # a trade's day: searched to the end
        most = PROBE if probing else None
        out, impossible = _fixed_run(prep, chosen, kept, trial, start, until, share, most, workers, whole_model)
        if out is not None:
            free = trial  # a neighbourhood with a timetable: the next grows from it
            if best is None or out[0] < best[0]:
                best = out
        elif probing and not impossible and days is not None:
            days.append((trial, True, trade))  # cut short: tried again, longer, after the other days
        if whole or (best is not None and best[0] <= least):
            break
        failed = 0 if best is not None else failed + 1
        if days is None and best is None:
            beat = None if hint is None else _moved(prefer, hint)
            days = [(block, False, trade) for block, trade in _days_to_free(prep, prefer, kept, linked, beat)]
        if days and (failed >= DAYS_AFTER or (best is None and days[0][2] is not None)):
            block, probed, trade = days.pop(0)
            trial, probing, by_days = free | block, not probed, True
            valued = None if trade is None else _valued(prep, chosen, level, trade)
            if valued is not None and (best is None or valued[0] < best[0]):
                best, free, probing = valued, trial, False  # a timetable there already: searched from it
        else:
            trade = None
            free = trial = free | _related(prep, prefer, kept, free, max(GROW_LEAST, int(len(free) * GROW)))
            probing = False
    return _trade(prep, chosen, level, prefer, kept, linked, hint) if best is None else best[1]


def _trade(
    prep: Prepared,
    chosen: tuple[Term, ...],
    level: str,
    prefer: Mapping[int, tuple[int, str]],
    kept: Mapping[int, tuple[int, str]],
    free: set[int],
    hint: Start | None,
) -> Start | None:
    """The first day's :func:`traded` timetable when it keeps every rule and moves fewer than ``hint``
    (a trade moves every meeting of ``free`` at least, so none is sought when ``hint`` moves no more):
    the answer when no neighbourhood's model can be built in time (under load, the m100 hearing's
    greedy start can leave too little for the whole table's model, :data:`BUILD_SHARE`)."""
    beat = None if hint is None else _moved(prefer, hint)
    if beat is None or beat <= len(free):
        return None
    _, trade = _days_to_free(prep, prefer, kept, free, beat)[0]
    valued = None if trade is None else _valued(prep, chosen, level, trade)
    return None if valued is None else valued[1]


def linked_with(prep: Prepared, meetings: list[int]) -> set[int]:
    """``meetings`` and every meeting joined to one of them by a chain of links (``[[links]]``, a
    series): the first neighbourhood. A displaced part of a hearing moves only with the parts linked to
    it (the same day, in order), so they are freed together from the start."""
    order = Order(prep.problem)
    out = set(meetings)
    todo = list(meetings)
    while todo:
        i = todo.pop()
        for j, _, _ in (*order.before.get(i, ()), *order.after.get(i, ())):
            if j not in out:
                out.add(j)
                todo.append(j)
    return out


def _moved(prefer: Mapping[int, tuple[int, str]], found: Start) -> int:
    """How many meetings ``found`` moves from ``prefer``."""
    return sum(prefer.get(i) != (s, room) for i, (s, room) in enumerate(zip(*found, strict=True)))


def _days_to_free(
    prep: Prepared,
    prefer: Mapping[int, tuple[int, str]],
    kept: Mapping[int, tuple[int, str]],
    free: set[int],
    beat: int | None = None,
) -> list[tuple[set[int], Start | None]]:
    """The neighbourhoods to try, one at a time, when growing by relatedness finds nothing (see
    :data:`DAYS_AFTER`): the kept meetings of the days ``free``'s meetings leave (their published days)
    with those of one other day, each other day in turn, each with its :func:`traded` timetable when
    there is one moving fewer than ``beat`` (the greedy's start; none without it). The days with such
    a trade first (their neighbourhood has a timetable better than the start), then those with fewest
    kept meetings (the smaller search), then those where fewest share a required participant with
    ``free``. Decided: a trade counts only against a start it beats. On the 40 defences (no greedy
    start) a day's trade moved 21, and searching from it ended at 16-17 at ``time_limit=3``, where
    the days proven impossible and growing by relatedness found the 10 fewest."""
    workdays = prep.problem.workdays
    on_day: dict[int, set[int]] = {}
    for j, (s, _) in kept.items():
        if j not in free:
            on_day.setdefault(workdays.day_of(s), set()).add(j)
    left = {workdays.day_of(kept[i][0]) for i in free if i in kept}
    home = set().union(*(on_day.get(d, set()) for d in left))
    people = {p for i in free for p in prep.problem.sessions[i].required}
    mates = {j for p in people for j in prep.required_of.get(p, ()) if j in kept and j not in free}
    others = [d for d in on_day if d not in left]
    published = {workdays.day_of(prefer[i][0]) for i in free if i in prefer}  # a trade's home day
    trades: dict[int, Start | None] = dict.fromkeys(others)
    for d in others if beat is not None else ():
        found = traded(prep, prefer, kept, free, published, d) if d not in published else None
        trades[d] = found if found is not None and beat is not None and _moved(prefer, found) < beat else None
    others.sort(key=lambda d: (trades[d] is None, len(on_day[d]), len(on_day[d] & mates), d))
    return [(home | on_day[d], trades[d]) for d in others] or [(home, None)]


def traded(
    prep: Prepared,
    prefer: Mapping[int, tuple[int, str]],
    kept: Mapping[int, tuple[int, str]],
    free: set[int],
    left: set[int],
    day: int,
) -> Start | None:
    """A timetable where ``free``'s meetings go to ``day`` at their published times of day and rooms,
    and every meeting in their way trades days the same way (a meeting of ``day`` goes to the day
    ``free`` left, at its own time and room; one of that day in the way of it, to ``day``), the rest
    kept; ``None`` when the chain breaks a rule or reaches a meeting twice, or ``free`` left more than
    one day. Cheap (a hundredth of a second on m100) and, when found, a timetable of the day's
    neighbourhood at once: the search's hint there. On the m100 hearing, 3月2日's trade moves 37 (the
    greedy's start 46, the fewest 26), and the other days' break a rule."""
    if len(left) != 1 or any(i not in prefer for i in free):
        return None
    (home,) = left
    shift = (day - home) * prep.problem.workdays.per_day()
    board = Board(prep, (Term("early"),))
    place = dict(kept)
    for i, (s, room) in kept.items():
        if i not in free:
            board.place(i, s, room)
    queue = sorted(free, key=lambda i: prefer[i][0])
    moved: set[int] = set()
    while queue:
        i = queue.pop(0)
        s, room = prefer[i]
        on = prep.problem.workdays.day_of(s)
        if i in moved or on not in (home, day):
            return None
        t = s + shift if on == home else s - shift
        for j in sorted(blocking(board, i, t, room)):
            board.place(j, *place[j], -1)
            queue.append(j)
        if not board.keeps(i, t, room):
            return None
        board.place(i, t, room)
        place[i] = (t, room)
        moved.add(i)
    return [place[i][0] for i in range(prep.n)], [place[i][1] for i in range(prep.n)]


def _valued(prep: Prepared, chosen: tuple[Term, ...], level: str, found: Start) -> tuple[float, Start] | None:
    """``found``'s value on the level ``chosen`` is on, if it keeps every rule (the checker's word:
    a :func:`traded` timetable is built on the greedy's board)."""
    if not check_meetings(prep.problem, to_plan(prep, *found)).ok:
        return None
    values = measure(prep, *found, names={t.name for t in chosen}, only=scopes(chosen))
    return float(levels(chosen, values)[level]), found


def _build_seconds(prep: Prepared, free: set[int]) -> float:
    """About how long the model of the neighbourhood ``free`` takes to build (:data:`BUILD_SECONDS`
    per session, start and step covered; a held meeting has one start)."""
    size = sum(len(prep.starts[i]) * prep.length[i] if i in free else prep.length[i] for i in range(prep.n))
    return size * BUILD_SECONDS


def held(prep: Prepared, kept: Mapping[int, tuple[int, str]], free: set[int]) -> Prepared:
    """``prep`` with every meeting outside ``free`` held at its kept place (one start, its room's
    class): a neighbourhood's own, smaller model (:func:`_fixed_run`)."""
    return replace(
        prep,
        starts=[prep.starts[i] if i in free else [kept[i][0]] for i in range(prep.n)],
        eligible=[prep.eligible[i] if i in free else [prep.class_of_room[kept[i][1]]] for i in range(prep.n)],
        posted={},
    )


def _fixed_run(
    prep: Prepared,
    chosen: tuple[Term, ...],
    kept: Mapping[int, tuple[int, str]],
    free: set[int],
    start: tuple[list[int], list[str]] | None,
    until: float,
    share: float,
    most: float | None,
    workers: int,
    whole: MeetingModel | None = None,
) -> tuple[tuple[float, tuple[list[int], list[str]]] | None, bool]:
    """The level ``chosen`` minimized with every meeting outside ``free`` at its kept place, until
    ``share`` of the time to ``until`` (``time.perf_counter()``; at most ``most`` seconds when given): the level's
    value and the timetable, if one was found, and whether none can be (proven infeasible). The
    model is the neighbourhood's own (:func:`held`, :data:`PRESOLVE`); ``start``'s places of the
    meetings in ``free`` hint it."""
    if whole is None:
        try:  # the call's stop ends the build: nothing found here
            model = MeetingModel(held(prep, kept, free)).build(chosen, stoppable=True)
        except BuildStopped:
            return None, False
        objective, offset = model.level_terms(list(chosen))
        model.cp.minimize(objective, offset)
    else:
        model = whole
    if start is not None:
        starts = [start[0][i] if i in free else kept[i][0] for i in range(prep.n)]
        rooms = [start[1][i] if i in free else kept[i][1] for i in range(prep.n)]
        model.cp.hint(_values(model, prep, starts, rooms))
    seconds = until - time.perf_counter()
    seconds = max(0.02, seconds if len(free) == prep.n else seconds * share)
    variables = model.cp.proto.variables
    narrowed = []  # the whole model: every meeting outside ``free`` held at its kept place for this run
    for i, (s, room) in kept.items() if whole is not None else ():
        if i not in free:
            for v in (model.x[i].get(s), model.y[i].get(prep.class_of_room[room])):
                if v is not None:
                    narrowed.append((v, variables[v].domain[0]))
                    variables[v].domain[0] = 1
    try:
        out = run(model.cp, seconds if most is None else min(seconds, most), workers, **PRESOLVE)
    finally:
        for v, low in narrowed:
            variables[v].domain[0] = low
    if not out.values or out.objective is None:
        return None, out.status == "INFEASIBLE"
    values = out.values
    starts = [next(s for s, v in model.x[i].items() if values[v]) for i in range(prep.n)]
    classes = [next(c for c, v in model.y[i].items() if values[v]) for i in range(prep.n)]
    return (out.objective, (starts, number_rooms(prep, starts, classes))), False


def _values(model: MeetingModel, prep: Prepared, starts: list[int], rooms: list[str]) -> dict[int, int]:
    """The model's every variable for the timetable (a complete hint)."""
    return model.complete(model.values(starts, [prep.class_of_room[r] for r in rooms]))


def _related(
    prep: Prepared,
    prefer: Mapping[int, tuple[int, str]],
    kept: Mapping[int, tuple[int, str]],
    free: set[int],
    count: int,
) -> set[int]:
    """The ``count`` kept meetings outside ``free`` most related to it (see the module text)."""
    score = dict.fromkeys((j for j in kept if j not in free), 0)
    allowed = {j: set(prep.starts[j]) for j in score}
    for i in free:
        left = prefer.get(i)  # the place it leaves
        if left is not None:
            for j in score:
                if left[0] in allowed[j]:
                    score[j] += VACATED_WEIGHT
        starts = sorted(prep.starts[i])
        mates = {j for p in prep.problem.sessions[i].required for j in prep.required_of.get(p, ())}
        for j in mates:
            if j in score:
                a = kept[j][0]
                lo, hi = a - prep.gap - prep.length[i] + 1, a + prep.length[j] + prep.gap - 1
                score[j] += bisect_right(starts, hi) - bisect_left(starts, lo)
    ranked = sorted(score, key=lambda j: (-score[j], j))
    return set(ranked[:count])
