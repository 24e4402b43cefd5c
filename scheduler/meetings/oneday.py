"""One day's sessions placed with the fewest optional conflicts, exactly, by branch and bound; and the
sessions' days searched with every day priced that way.

Which sessions share a day decides most of the optional conflicts (docs/benchmarks.md, "Twelfth
session"): a search over days needs a day's best value in milliseconds, where the light model takes
0.5-1 s to prove it. On one day the optional conflicts are the overlaps of pairs of sessions sharing
someone not required in both, weighted by how many such people they share; rooms and required
people only forbid overlaps. For a fixed order of the sessions' starts and ends, that cost and those
rules are linear in the starts and the constraints are differences of two starts, so an optimal
placement has every start at a bound of its allowed starts, or at another session's start or end, or
a day's edge, plus or minus lengths: the **candidate starts** are the allowed starts on the points
reached from those bounds by adding and subtracting the sessions' lengths (on the Timefold demo,
lengths of 8, 12 and 16 steps, every fourth step). :func:`day_value` searches them depth first, the
most constrained session first, pruned by the cost so far plus, for each session left, its cheapest
start against the sessions placed.

A day's **floor** (:meth:`DayPricer.floor`) comes first: sessions every two of which share someone
overlap by at least their length beyond the day's working steps, each step a conflict (the
counting bound's clique, :func:`scheduler.meetings.bounds.term_bounds`, on one day). A day asked
for fewer is refused without a search, and a search ends at the first placement at its floor: on
the Timefold demo's grouping at the bound (:mod:`scheduler.meetings.atbound`) 1,742 of 2,410
refusals came from it alone and 601 of 694 values equal it.

Only for what the search models exactly (:func:`applies`): rooms holding one meeting at a time with
no changeover, no minimum gap, no series, and no busy time of an optional participant (the light
model leaves those to the checker). Rooms a day's sessions cannot tell apart (the same sessions may
use them) are counted together: at most as many of those sessions run at once as there are rooms,
which an interval colouring turns into rooms.

:func:`by_day_sets` searches the days themselves by simulated annealing: one to three sessions
moved to other days (or swapped, or rotated), each changed day priced by :func:`day_value`
(remembered by its set of sessions, and asked only whether it is below what the move may cost),
until the counting bound is met or the time is up. :func:`scheduler.meetings.days.by_days` runs it
on the second half of its time, from the pair search's answer (docs/benchmarks.md, "Thirteenth
session").
"""

from __future__ import annotations

import math
import random
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from scheduler.meetings.engine import stopped
from scheduler.meetings.prepared import Prepared

__all__ = ["DayPricer", "applies", "by_day_sets", "day_value"]

Placed = dict[int, tuple[int, int]]
"""Per session: its start (clock step) and room class."""


def applies(prep: Prepared) -> bool:
    """Whether :func:`day_value` is exact for ``prep``: rooms of one meeting at a time without
    changeover, no gap, no series, no linked meetings, no busy time of an optional participant."""
    if prep.explaining or prep.gap > 0 or prep.problem.links or any(s.series for s in prep.problem.sessions):
        return False  # (linked meetings: the day's order is not priced; the sessions' days are searched by the model)
    if any(c.capacity != 1 or c.changeover > 0 for c in prep.classes):
        return False
    for name, sessions in prep.sessions_of.items():
        if prep.busy.get(name) and set(sessions) - set(prep.required_of.get(name, ())):
            return False
    return True


@dataclass
class DayPricer:
    """What :func:`day_value` needs of a problem, computed once: pair weights, pairs forbidden to
    overlap, each session's allowed starts per day, and the values found so far by set of sessions."""

    prep: Prepared
    weight: dict[tuple[int, int], int] = field(default_factory=dict)
    hard: set[tuple[int, int]] = field(default_factory=set)
    starts_on: list[dict[int, list[int]]] = field(default_factory=list)
    known: dict[tuple[int, frozenset[int]], tuple[int, Placed]] = field(default_factory=dict)
    at_least: dict[tuple[int, frozenset[int]], float] = field(default_factory=dict)
    working: dict[int, int] = field(default_factory=dict)
    cliques: dict[tuple[int, frozenset[int]], tuple[int, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        prep = self.prep
        self.hard, self.weight = prep.shared()
        days = prep.problem.workdays
        for i in range(prep.n):
            on: dict[int, list[int]] = defaultdict(list)
            for s in prep.starts[i]:
                on[days.day_of(s)].append(s)
            self.starts_on.append(dict(on))
        for t in days.steps:
            self.working[days.day_of(t)] = self.working.get(days.day_of(t), 0) + 1
        self.near = [set[int]() for _ in range(prep.n)]
        for a, b in (*self.weight, *self.hard):
            self.near[a].add(b)
            self.near[b].add(a)

    def floor(self, day: int, sessions: frozenset[int]) -> int:
        """A lower bound on :meth:`value`: sessions every two of which share someone (a clique found by
        a bounded search, longest first) overlap by at least their length beyond the day's working
        steps, and each step of it is at least one conflict (two sessions with someone required in
        both never overlap). Remembered by day and set."""
        return max(0, sum(self.prep.length[i] for i in self.clique(day, sessions)) - self.working.get(day, 0))

    def clique(self, day: int, sessions: frozenset[int]) -> tuple[int, ...]:
        """Sessions of ``sessions`` every two of which share someone, as long in all as a bounded
        search finds (longest first): :meth:`floor`'s, and the day's search's bound. Remembered."""
        key = (day, sessions)
        found = self.cliques.get(key)
        if found is None:
            order = sorted(sessions, key=lambda i: -self.prep.length[i])
            found = self.cliques[key] = _longest_clique(order, self.near, self.prep.length)
        return found

    def days_of(self, i: int) -> list[int]:
        """The days session ``i`` may start on."""
        return sorted(self.starts_on[i])

    def value(
        self, day: int, sessions: frozenset[int], below: int | None = None, until: float = math.inf
    ) -> tuple[int, Placed] | None:
        """The fewest optional conflicts of ``sessions`` alone on ``day`` and a placement with them,
        or ``None`` when they have no placement there (with ``below``: none with fewer than
        ``below``). Remembered: the values found, and what is known not to be below.
        :class:`OutOfTime` past ``until``."""
        key = (day, sessions)
        found = self.known.get(key)
        if found is not None:
            return found if below is None or found[0] < below else None
        floor = max(self.at_least.get(key, 0.0), self.floor(day, sessions))
        if floor >= (math.inf if below is None else below):
            self.at_least[key] = floor
            return None
        priced = day_value(self, day, sorted(sessions), below, until, enough=int(floor))
        if priced is None:
            self.at_least[key] = math.inf if below is None else below
        else:
            self.known[key] = priced
        return priced


CLIQUE_NODES = 2000
"""Nodes of :func:`_clique_length`'s search at most (a day holds a few to some twenty sessions)."""


def _longest_clique(
    order: list[int], near: list[set[int]], length: list[int], limit: int = CLIQUE_NODES
) -> tuple[int, ...]:
    """Sessions of ``order`` every two of which are ``near``, the longest in total found by a
    depth-first search in that order of at most ``limit`` nodes (so possibly not the longest)."""
    best: tuple[int, ...] = ()
    best_length = 0
    nodes = 0

    def grow(chosen: tuple[int, ...], total: int, candidates: list[int]) -> None:
        nonlocal best, best_length, nodes
        nodes += 1
        if total > best_length:
            best, best_length = chosen, total
        if nodes > limit or total + sum(length[c] for c in candidates) <= best_length:
            return
        for k, c in enumerate(candidates):
            grow((*chosen, c), total + length[c], [d for d in candidates[k + 1 :] if d in near[c]])

    grow((), 0, order)
    return best


def _candidates(
    pricer: DayPricer, day: int, sessions: Sequence[int], allowed_on: Mapping[int, Sequence[int]] | None = None
) -> dict[int, list[int]] | None:
    """Each session's candidate starts on ``day`` (the module text), or ``None`` when one has none;
    ``allowed_on``: per session, its allowed starts there instead of the pricer's."""
    prep = pricer.prep
    base = day * prep.problem.workdays.per_day()
    top = prep.problem.workdays.per_day()
    lengths = sorted({prep.length[i] for i in sessions})
    allowed: dict[int, list[int]] = {}
    seeds = {0, top}
    for i in sessions:
        own = pricer.starts_on[i].get(day, ()) if allowed_on is None else allowed_on[i]
        steps = [s - base for s in own]
        if not steps:
            return None
        allowed[i] = steps
        for k, s in enumerate(steps):  # the bounds of each run of allowed starts, and their ends
            if k == 0 or steps[k - 1] != s - 1:
                seeds.update((s, s + prep.length[i]))
            if k == len(steps) - 1 or steps[k + 1] != s + 1:
                seeds.update((s, s + prep.length[i]))
    points = set(seeds)
    frontier = list(seeds)
    while frontier:
        p = frontier.pop()
        for step in lengths:
            for q in (p - step, p + step):
                if 0 <= q <= top and q not in points:
                    points.add(q)
                    frontier.append(q)
    return {i: [s for s in allowed[i] if s in points] for i in sessions}


class OutOfTime(Exception):
    """A day's search heard the clock (or the call's stop) before it ended."""


class _Enough(Exception):
    """A day's search found a placement at the least value possible: it ends there."""


CLOCK_NODES = 64
"""Nodes of a day's search between two looks at the clock (a node takes some 20-50 µs)."""

TIE_OVERLAP = 10
"""Per step two sessions run at once, in ``early``'s tie-break (the ``overlap`` term's weight)."""

BIG = 1 << 50
"""A cost standing for "forbidden" in the tables (a required person twice, or no such start)."""


# Long: one depth-first branch and bound (its state, bound and recursion share the day's tables).
def day_value(
    pricer: DayPricer,
    day: int,
    sessions: Sequence[int],
    below: int | None = None,
    until: float = math.inf,
    early: bool = False,
    enough: int = -1,
    allowed_on: Mapping[int, Sequence[int]] | None = None,
) -> tuple[int, Placed] | None:
    """The fewest optional conflicts of ``sessions`` alone on ``day`` (every other session ignored)
    and a placement (clock step, room class) with them, or ``None`` when they cannot all be placed
    (with ``below``: when they cannot be placed with fewer than ``below``). :class:`OutOfTime` past
    ``until`` (heard every :data:`CLOCK_NODES` nodes). ``early``: of the placements with the fewest
    conflicts, one where the sessions overlap least and end earliest (:data:`TIE_OVERLAP` per step
    two sessions run at once, one per step of each session's end in the day), as the soft level
    of the ``timefold`` preset would have them; slower, for the placement kept, not for pricing.
    ``enough``: a value known to be the least possible (:meth:`DayPricer.floor`): the search ends at
    the first placement with no more (not with ``early``, whose tie-breaks go on). ``allowed_on``: per
    session, the starts (clock steps on ``day``) it may take, instead of all it may (a subset of them:
    the candidate starts of the module text are the same argument on fewer starts, so still exact)."""
    import numpy as np

    prep = pricer.prep
    if not sessions:
        return (0, {}) if below is None or below > 0 else None
    found = _candidates(pricer, day, sessions, allowed_on)
    if found is None:
        return None
    top = prep.problem.workdays.per_day()
    groups, sizes, options = _room_groups(prep, sessions)
    if any(not options[i] for i in sessions):
        return None
    m = len(sessions)
    width = max(len(found[i]) for i in sessions)
    start = np.full((m, width), -1, dtype=np.int64)
    for a, i in enumerate(sessions):
        start[a, : len(found[i])] = found[i]
    length = np.array([prep.length[i] for i in sessions], dtype=np.int64)
    weight, hard = pair_tables(pricer, sessions)
    # overlap[a, ka, b, kb]: steps a started at its ka-th candidate and b at its kb-th run at once
    sa = start[:, :, None, None]
    sb = start[None, None, :, :]
    ends = np.minimum(sa + length[:, None, None, None], sb + length[None, None, :, None])
    overlap = np.clip(ends - np.maximum(sa, sb), 0, None)
    penalty = weight[:, None, :, None] * overlap + np.where(hard[:, None, :, None] & (overlap > 0), BIG, 0)
    first = np.where(start >= 0, 0, BIG)
    scale = 1
    if early:  # the conflicts scaled above every tie-break: the tie-breaks never outweigh one conflict
        scale = TIE_OVERLAP * m * m * top + m * top + 1
        penalty = np.where(penalty < BIG, penalty * scale + TIE_OVERLAP * overlap, BIG)
        first = np.where(start >= 0, start + length[:, None], BIG)
        below = None if below is None else below * scale
    penalty[np.arange(m), :, np.arange(m), :] = 0
    occ = [[0] * (top + 1) for _ in sizes]
    at = [0] * m
    room = [0] * m
    beat: list[int | None] = [below]  # the value to beat: ``below``, then the best found
    placed: list[Placed] = []
    left = list(range(m))

    nodes = [0]

    def search(cost: np.ndarray, so_far: int) -> None:
        nodes[0] += 1
        if nodes[0] % CLOCK_NODES == 0 and (time.perf_counter() > until or stopped()):
            raise OutOfTime
        if not left:
            if beat[0] is None or so_far < beat[0]:
                beat[0] = so_far
                placed[:] = [{sessions[a]: (day * top + at[a], room[a]) for a in range(m)}]
                if so_far <= enough and not early:
                    raise _Enough
            return
        rows = cost[left]
        cheapest = rows.min(axis=1)
        if cheapest.max() >= BIG:
            return
        if beat[0] is not None and so_far + int(cheapest.sum()) >= beat[0]:
            return
        open_ = (rows < BIG).sum(axis=1)
        a = left[int(np.lexsort((-cheapest, open_))[0])]  # fewest starts left, then dearest
        left.remove(a)
        li = int(length[a])
        order = np.argsort(cost[a], kind="stable")
        for k in order:
            c = int(cost[a, k])
            if c >= BIG or (beat[0] is not None and so_far + c >= beat[0]):
                break
            s = int(start[a, k])
            child = None
            for g in options[sessions[a]]:
                row = occ[g]
                if max(row[s : s + li]) >= sizes[g]:
                    continue
                if child is None:
                    child = cost + penalty[a, k]
                for t in range(s, s + li):
                    row[t] += 1
                at[a], room[a] = s, g
                search(child, so_far + c)
                for t in range(s, s + li):
                    row[t] -= 1
        left.append(a)

    with suppress(_Enough):
        search(first, 0)
    if not placed or beat[0] is None:
        return None
    return beat[0] // scale, _rooms_in_groups(placed[0], groups, prep.length)


def _room_groups(prep: Prepared, sessions: Sequence[int]) -> tuple[list[list[int]], list[int], dict[int, list[int]]]:
    """The rooms the day's sessions cannot tell apart, together: per group its room classes (one
    entry per room), its size, and per session the groups it may use."""
    groups: dict[frozenset[int], list[int]] = defaultdict(list)
    for c, room_class in enumerate(prep.classes):
        users = frozenset(i for i in sessions if c in prep.eligible[i])
        if users:
            groups[users] += [c] * len(room_class.rooms)
    members = list(groups.values())
    options = {i: [g for g, users in enumerate(groups) if i in users] for i in sessions}
    return members, [len(g) for g in members], options


def _rooms_in_groups(placed: Placed, members: list[list[int]], length: list[int]) -> Placed:
    """Each session's group of rooms turned into one room class of it, by colouring the group's
    intervals in order of start (never more at once than the group has rooms)."""
    out: Placed = {}
    by_group: dict[int, list[int]] = defaultdict(list)
    for i, (_, g) in placed.items():
        by_group[g].append(i)
    for g, sessions in by_group.items():
        free_at = [0] * len(members[g])  # per room of the group: when it is free again
        for i in sorted(sessions, key=lambda i: placed[i][0]):
            s = placed[i][0]
            r = next(r for r in range(len(free_at)) if free_at[r] <= s)
            free_at[r] = s + length[i]
            out[i] = (s, members[g][r])
    return out


def by_day_sets(
    pricer: DayPricer, days_of: Sequence[int], bound: int, until: float, seed: int = 0
) -> tuple[int, Placed] | None:
    """From the sessions' days ``days_of``, the grouping with the fewest optional conflicts found
    before ``until`` (or the ``bound``), each day priced exactly (:meth:`DayPricer.value`), by
    simulated annealing: one, two or three sessions moved to other days (or two swapped, or three
    in a ring), a change kept when it costs at most a random threshold that shrinks as the time
    passes. Returns the best value and its placement, or ``None`` when a day of the start has no
    placement."""
    rng = random.Random(seed)
    n = len(days_of)
    current = list(days_of)
    days = sorted({d for i in range(n) for d in pricer.days_of(i)} | set(current))
    sets = {d: frozenset(i for i in range(n) if current[i] == d) for d in days}
    values: dict[int, int] = {}
    try:
        for d in days:
            priced = pricer.value(d, sets[d], until=until)
            if priced is None:
                return None
            values[d] = priced[0]
    except OutOfTime:
        return None
    total = sum(values.values())
    best = (total, list(current))
    began = time.perf_counter()
    while best[0] > bound and not stopped():
        now = time.perf_counter()
        if now >= until:
            break
        heat = ANNEAL_FROM * (until - now) / max(until - began, 1e-9) + ANNEAL_TO
        move = _random_move(pricer, rng, current)
        if move is None:
            continue
        changed = _changed(sets, current, move)
        if not changed:
            continue
        allowed = -heat * math.log(1.0 - rng.random()) + sum(values[d] for d in changed)
        new: dict[int, int] = {}
        try:
            for d, sessions in sorted(changed.items(), key=lambda kv: len(kv[1])):
                priced = pricer.value(d, sessions, math.floor(allowed - sum(new.values())) + 1, until)
                if priced is None:
                    break
                new[d] = priced[0]
        except OutOfTime:
            break
        if len(new) == len(changed):
            for d, sessions in changed.items():
                sets[d], values[d] = sessions, new[d]
            for i, d in move.items():
                current[i] = d
            total = sum(values.values())
            if total < best[0]:
                best = (total, list(current))
    value, chosen = best
    placement: Placed = {}
    for d in days:
        sessions = frozenset(i for i in range(n) if chosen[i] == d)
        priced = pricer.value(d, sessions)
        assert priced is not None
        with suppress(OutOfTime):  # the same conflicts, placed early and apart for the soft level after
            priced = day_value(pricer, d, sorted(sessions), priced[0] + 1, until + PLACE_SECONDS, early=True) or priced
        placement.update(priced[1])
    return value, placement


PLACE_SECONDS = 0.2
"""How long past its end the search may place each day of its answer early (else as it was priced)."""


ANNEAL_FROM = 8.0
"""The annealing's temperature at the start (optional conflicts; it falls linearly with the time)."""
ANNEAL_TO = 0.5
"""The annealing's temperature at the end."""


def _random_move(pricer: DayPricer, rng: random.Random, current: list[int]) -> dict[int, int] | None:
    """One, two or three sessions and their new days: each to a random day it may use, or two
    swapped, or three in a ring; ``None`` when a session would go to a day it may not use."""
    r = rng.random()
    k = 1 if r < 0.35 else 2 if r < 0.7 else 3
    chosen = rng.sample(range(len(current)), k)
    if k > 1 and rng.random() < 0.5:  # a swap or a ring: each to the next one's day
        move = {i: current[chosen[(m + 1) % k]] for m, i in enumerate(chosen)}
    else:
        move = {i: rng.choice(pricer.days_of(i)) for i in chosen}
    if any(d not in pricer.starts_on[i] for i, d in move.items()):
        return None
    return move


def _changed(sets: dict[int, frozenset[int]], current: list[int], move: dict[int, int]) -> dict[int, frozenset[int]]:
    """The day sets ``move`` (session: new day) changes, after it."""
    out: dict[int, set[int]] = {}
    for i in move:
        out.setdefault(current[i], set(sets[current[i]])).discard(i)
    for i, d in move.items():
        out.setdefault(d, set(sets[d])).add(i)
    return {d: frozenset(found) for d, found in out.items() if frozenset(found) != sets[d]}


def pair_tables(pricer: DayPricer, sessions: Sequence[int]) -> tuple[Any, Any]:
    """Per pair of ``sessions`` (by position): the optional conflicts a step of their overlap costs,
    and whether they may never overlap (numpy arrays; the day's search here and its floor's,
    :mod:`scheduler.meetings.dayfloor`)."""
    import numpy as np

    m = len(sessions)
    weight = np.zeros((m, m), dtype=np.int64)
    hard = np.zeros((m, m), dtype=bool)
    for a, i in enumerate(sessions):
        for b, j in enumerate(sessions):
            if a != b:
                pair = (min(i, j), max(i, j))
                weight[a, b] = pricer.weight.get(pair, 0)
                hard[a, b] = pair in pricer.hard
    return weight, hard
