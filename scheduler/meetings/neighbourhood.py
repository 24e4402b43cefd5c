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
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from collections.abc import Mapping

from scheduler.meetings.board import Board
from scheduler.meetings.engine import run, stopped
from scheduler.meetings.model import MeetingModel
from scheduler.meetings.order import Order
from scheduler.meetings.planner import BUILD_SECONDS
from scheduler.meetings.posted import posted_seconds
from scheduler.meetings.prepared import Prepared
from scheduler.meetings.published import must_move
from scheduler.meetings.rooms import number_rooms
from scheduler.meetings.terms import Term

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
meetings) give 26 moves, the fewest with any three days free, proven in 3-6 s."""
PROBE = 1.0
"""Seconds, at most, of a day's neighbourhood's first try (:data:`DAYS_AFTER`): on m100 most days are
proven impossible in 0.15-0.4 s, and the one that has a timetable first found one in about 1 s (0.6-2.7
s under load); one neither solved nor proven impossible then is tried again, with the time left, after
the others (a probe of 0.3 s left the day that had one to its second try)."""
BUILD_SHARE = 0.3
"""Of the time given, at most, for building the model: a model too large for that is left to the
whole search (:func:`scheduler.meetings.planner.solve_meetings`). The time given counts ``late`` even
when there is a hint, as the day steps may use it: against the share alone, the m100 hearing's model
(estimated 0.56 s, built in well under 0.2 s) was refused in 2 of 5 ``reschedule --time-limit 5``
runs, whose clock starts with the command, and the greedy's 46 moves stayed the answer."""


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
    last = deadline + late  # while nothing is found: with a hint, only for the days (DAYS_AFTER)
    if size * BUILD_SECONDS + posted_seconds(prep) > BUILD_SHARE * (last - time.perf_counter()):
        return None
    kept, displaced = kept_and_displaced(prep, prefer)
    if not displaced:
        return None  # the greedy keeps everything there
    chosen = tuple(t for t in terms if t.level == level)
    model = MeetingModel(prep).build(chosen)
    objective, offset = model.level_terms(list(chosen))
    model.cp.minimize(objective, offset)
    best: tuple[float, tuple[list[int], list[str]]] | None = None
    if hint is not None:
        model.cp.hint(_values(model, prep, *hint))
    free = linked_with(prep, displaced)
    days = [(block, False) for block in _days_to_free(prep, kept, free)]
    trial, failed, probing = free, 0, False
    least = sum(t.weight for t in chosen if t.name == "moves") * len(must_move(prep, prefer))
    while not stopped():
        short = best is not None or (hint is not None and failed < DAYS_AFTER)
        left = (deadline if short else last) - time.perf_counter()
        if left <= 0.01:
            break
        whole = len(trial) == prep.n
        if whole and (best is not None or hint is not None):
            break  # the whole model from that timetable: the search after this one does just that
        seconds = left if whole else max(0.02, left * SLICE)
        out, impossible = _fixed_run(model, prep, kept, trial, min(seconds, PROBE) if probing else seconds, workers)
        if out is not None:
            free = trial  # a neighbourhood with a timetable: the next grows from it
            if best is None or out[0] < best[0]:
                best = out
                model.cp.hint(_values(model, prep, *out[1]))
        elif probing and not impossible:
            days.append((trial, True))  # cut short: tried again, longer, after the other days
        if whole or (best is not None and best[0] <= least):
            break
        failed = 0 if best is not None else failed + 1
        if failed >= DAYS_AFTER and days:
            block, probed = days.pop(0)
            trial, probing = free | block, not probed
        else:
            free = trial = free | _related(prep, prefer, kept, free, max(GROW_LEAST, int(len(free) * GROW)))
            probing = False
    return None if best is None else best[1]


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


def _days_to_free(prep: Prepared, kept: Mapping[int, tuple[int, str]], free: set[int]) -> list[set[int]]:
    """The neighbourhoods to try, one at a time, when growing by relatedness finds nothing (see
    :data:`DAYS_AFTER`): the kept meetings of the days ``free``'s meetings leave (their published days)
    with those of one other day, each other day in turn: the days with fewest kept meetings first (the
    smaller search), then those where fewest share a required participant with ``free``."""
    workdays = prep.problem.workdays
    on_day: dict[int, set[int]] = {}
    for j, (s, _) in kept.items():
        if j not in free:
            on_day.setdefault(workdays.day_of(s), set()).add(j)
    left = {workdays.day_of(kept[i][0]) for i in free if i in kept}
    home = set().union(*(on_day.get(d, set()) for d in left))
    people = {p for i in free for p in prep.problem.sessions[i].required}
    mates = {j for p in people for j in prep.required_of.get(p, ()) if j in kept and j not in free}
    others = sorted((d for d in on_day if d not in left), key=lambda d: (len(on_day[d]), len(on_day[d] & mates), d))
    return [home | on_day[d] for d in others] or [home]


def _fixed_run(
    model: MeetingModel,
    prep: Prepared,
    kept: Mapping[int, tuple[int, str]],
    free: set[int],
    seconds: float,
    workers: int,
) -> tuple[tuple[float, tuple[list[int], list[str]]] | None, bool]:
    """The model solved with every meeting outside ``free`` at its kept place (its variables' domains
    narrowed for the search and put back after): the level's value and the timetable, if one was found,
    and whether none can be (proven infeasible)."""
    variables = model.cp.proto.variables
    narrowed = []
    for i, (s, room) in kept.items():
        if i in free:
            continue
        for v in (model.x[i].get(s), model.y[i].get(prep.class_of_room[room])):
            if v is not None:
                narrowed.append((v, variables[v].domain[0]))
                variables[v].domain[0] = 1
    try:
        out = run(model.cp, seconds, workers)
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
