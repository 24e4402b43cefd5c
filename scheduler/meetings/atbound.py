"""The sessions grouped into days with no more optional conflicts than a target, or proof that none is,
by an exhaustive search over which sessions share a day, each day priced exactly.

The counting bound of optional conflicts (:func:`scheduler.meetings.bounds.term_bounds`) comes from a
set of sessions every two of which share someone (the heaviest clique, ``C``): on one day ``d`` with
``W_d`` working steps, its sessions there overlap by at least their length beyond ``W_d``, each step
of it a conflict. So a day holding the sessions ``S`` costs at least ``max(value(S), L_C(S) - W_d)``
(``value``: :meth:`scheduler.meetings.oneday.DayPricer.value`, the day's exact fewest conflicts,
which only grows as sessions are added), and the clique length ``R`` not yet given a day costs what
the days' slack cannot absorb (of the days' slacks only the largest, as many as the clique has sessions
left: :func:`overflow`): for a partial grouping the sum over the days of that, plus ``R`` less
the slack, is a lower bound on every grouping that completes it. At the root it is the counting
bound itself, so with the bound as the target the search cuts every grouping that wastes a single
step: the Timefold demo's 24 meetings are grouped at 40 (its optimum) after 1,366 days priced,
1.2-1.3 s of one CPU (3,108 and 3.1 s before each day's own floor refused most days unpriced:
:meth:`scheduler.meetings.oneday.DayPricer.floor`), where the searches before reached 40 in one
run of ten (docs/benchmarks.md, "Eighteenth session" and "Nineteenth session, issue 15").

Depth first: the clique's sessions longest first, then the others longest first (among equals, those
fewest others may run beside without a step beyond the bound's first: 2,300 days priced on the demo
instead of 4,900), each to a day it may use; days alike (every session has the same starts there,
counted from the day's beginning) are priced as one, and of the alike days still empty only the
first is tried (the others give the same groupings with the days renamed). Exact only where
:func:`scheduler.meetings.oneday.applies` (no one optional is busy there, so the light count is the
medium level); the caller checks that.
"""

from __future__ import annotations

import contextvars
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass

from scheduler.meetings.engine import current_stop, listening, stopped
from scheduler.meetings.model import heaviest_clique
from scheduler.meetings.oneday import DayPricer, OutOfTime, Placed, day_value
from scheduler.solver.deadline import StopSignal

__all__ = ["Beside", "Either", "Grouped", "Groupings", "grouped_at", "groupings_at", "placed_early"]


@dataclass(frozen=True)
class Grouped:
    """What :func:`grouped_at` found: ``value`` (optional conflicts, at most the target) and each
    session's start and room class; ``placed`` is empty when the search proved that no grouping
    reaches the target (``value`` is then the target plus one, a lower bound)."""

    value: int
    placed: Placed


def grouped_at(pricer: DayPricer, target: int, until: float) -> Grouped | None:
    """A grouping of the sessions into days whose days, each placed with its fewest optional
    conflicts, cost at most ``target`` in all (each day placed early among its equals, as
    :func:`scheduler.meetings.oneday.by_day_sets` does); a :class:`Grouped` without placements when
    none does (searched to the end); ``None`` when ``until`` (``time.perf_counter()``) or the call's
    stop came first."""
    if time.perf_counter() > until or stopped():
        return None
    search = _search_for(pricer, target, until)
    try:
        found = search.descend(0)
    except OutOfTime:
        return None
    if not found:
        return Grouped(target + 1, {})
    return placed_early(pricer, search.sets, search.alike, until)


def groupings_at(pricer: DayPricer, target: int, until: float) -> Groupings:
    """Every grouping of the sessions into days whose days, each at its fewest optional conflicts, cost
    at most ``target`` in all, one after the other (:func:`grouped_at`'s search, gone on past the
    first); alike days renamed give the same grouping, which comes once."""
    return Groupings(_search_for(pricer, target, until))


class Groupings:
    """The groupings :func:`groupings_at` walks: each day's set of sessions, in turn; :attr:`complete`
    once walked to the end (not when the clock or the call's stop ended it); :attr:`alike`: per day,
    the first day alike to it (the days a grouping's sets may be given to instead)."""

    def __init__(self, search: _Search) -> None:
        self.search = search
        self.alike = search.alike
        self.complete = False

    def __iter__(self) -> Iterator[dict[int, frozenset[int]]]:
        with suppress(OutOfTime):
            for _ in self.search.walk(0):
                yield dict(self.search.sets)
            self.complete = True


def _search_for(pricer: DayPricer, target: int, until: float) -> _Search:
    """The depth-first search's state at its root (the module text: the order, the alike days)."""
    prep = pricer.prep
    workdays = prep.problem.workdays
    per_day = workdays.per_day()
    days = sorted({d for i in range(prep.n) for d in pricer.days_of(i)})
    steps = {d: 0 for d in days}
    for t in workdays.steps:
        if t // per_day in steps:
            steps[t // per_day] += 1
    clique = set(heaviest_clique(prep))
    beside = _beside(pricer, clique)
    order = sorted(range(prep.n), key=lambda i: (i not in clique, -prep.length[i], beside[i], i))
    shape = {
        d: tuple(tuple(s - d * per_day for s in pricer.starts_on[i].get(d, ())) for i in range(prep.n)) for d in days
    }
    alike = {d: next(e for e in days if shape[e] == shape[d]) for d in days}
    return _Search(pricer, target, until, order, clique, steps, alike)


def placed_early(pricer: DayPricer, sets: dict[int, frozenset[int]], alike: dict[int, int], until: float) -> Grouped:
    """The grouping ``sets``, each day placed with its fewest optional conflicts, early and apart
    (within :data:`PLACE_SECONDS` past ``until``), the fuller of alike days first."""
    prep = pricer.prep
    per_day = prep.problem.workdays.per_day()
    placed: Placed = {}
    total = 0
    # days alike are interchangeable: the fuller ones first, for the soft level's "as soon as possible"
    ordered = _fuller_first(sets, alike, prep.length)
    for d, sessions in ordered.items():
        own = alike[d]
        priced = pricer.value(own, sessions)
        assert priced is not None
        early = sorted(sessions)
        with suppress(OutOfTime):  # the same conflicts, placed early and apart for the soft level after
            priced = day_value(pricer, own, early, priced[0] + 1, until + PLACE_SECONDS, early=True) or priced
        total += priced[0]
        placed.update({i: (s + (d - own) * per_day, c) for i, (s, c) in priced[1].items()})
    return Grouped(total, placed)


def _beside(pricer: DayPricer, clique: set[int]) -> list[int]:
    """Per session, how many others may run beside it without a step beyond the bound's: those sharing
    no one, and for two of the clique those sharing one person optional in one of them."""
    n = pricer.prep.n
    out = [0] * n
    for a in range(n):
        for b in range(a + 1, n):
            if (a, b) in pricer.hard:
                continue
            weight = pricer.weight.get((a, b), 0)
            if weight == 0 or (weight == 1 and a in clique and b in clique):
                out[a] += 1
                out[b] += 1
    return out


class Beside:
    """:func:`grouped_at` on a thread of its own, beside the searches that follow it (CP-SAT's run
    outside Python's lock, the annealing shares it): a timetable at the target as soon as it is
    found, where before it waited its turn after them. It hears the call's stop and clock as
    :func:`grouped_at` does (the call's context is copied to the thread), and :meth:`close`.

    Searched to the end without a grouping at the target, it searches again one higher (the
    pricer remembers the days priced), so :attr:`proven` rises: no grouping has fewer conflicts. It
    stops there once :attr:`ceiling` (the fewest any search has found, :meth:`known`) is reached:
    that timetable is then proven. ``scale``: what one conflict weighs at the level
    (:meth:`bound`)."""

    def __init__(
        self,
        pricer: DayPricer,
        target: int,
        until: float,
        scale: int = 1,
        ceiling: int | None = None,
        soft: Callable[[list[int], list[int]], int] | None = None,
        collect: bool = False,
    ) -> None:
        self.n = pricer.prep.n
        self.collect = collect
        self.groupings: list[dict[int, frozenset[int]]] = []
        """With ``collect``, once its grouping is found: every grouping at the target, walked to the end
        on the same thread (:attr:`walked` then; appended as they come, so a caller may price them
        meanwhile), for the soft level's bound (:meth:`scheduler.meetings.chain.Chain.floor`)."""
        self.walked = False
        self.walk_until = until
        """Until when that walk may go (``time.perf_counter()``): the caller may move it before it sets
        :attr:`resume` (the planner's proof may use the time its last polish would have had)."""
        self.resume = threading.Event()
        """Set by the caller when the walk of every grouping (``collect``) may begin: until then the
        thread waits, leaving the machine to the caller's searches."""
        self.soft = soft
        self.pricer = pricer
        """The days priced (read once the search has ended: it is not shared while it runs)."""
        self.scale = scale
        self.result: Grouped | None = None
        self.proven = target
        """Conflicts every grouping has at least (the target, or past it when searched to the end)."""
        self.ceiling: int | None = None
        if ceiling is not None:
            self.known(ceiling)
        self.cancel = threading.Event()
        self.found = threading.Event()
        run = contextvars.copy_context().run
        self.thread = threading.Thread(
            target=run, args=(self._search, pricer, target, until), daemon=True, name="atbound"
        )
        self.thread.start()

    def _search(self, pricer: DayPricer, target: int, until: float) -> None:
        with listening(Either(current_stop(), self.cancel)):
            while self.ceiling is None or target < self.ceiling:
                walk = groupings_at(pricer, target, until)
                found = self._best_of(walk, until)
                if found is not None:
                    self.result = found
                    self.found.set()
                    if self.collect:  # once the caller is done with the days it needs first
                        while not self.resume.wait(RESUME_POLL):
                            if stopped():
                                return
                        if not stopped():  # (closed: resumed only to end at once)
                            self._collect(pricer, target, max(until, self.walk_until))
                    return
                if not walk.complete:
                    return
                self.proven = target = target + 1

    def _collect(self, pricer: DayPricer, target: int, until: float) -> None:
        """Every grouping at ``target`` into :attr:`groupings`, :attr:`walked` once the walk has ended
        (the days priced by the search before are remembered: the demo's 116 groupings at 40 took
        25 s of CPU from none priced)."""
        walk = groupings_at(pricer, target, until)
        for sets in walk:
            self.groupings.append(dict(sets))  # (read as it grows: :attr:`walked` says when it is whole)
        self.walked = walk.complete

    def _best_of(self, walk: Groupings, until: float) -> Grouped | None:
        """The first grouping of ``walk``, or with :attr:`soft` the one of the first
        :data:`MORE_GROUPINGS` (walked within :data:`MORE_SECONDS` of the first and :data:`MORE_SHARE`
        of the time left) whose days placed early cost least at the soft level: on the Timefold demo
        the fifth, 0.05 s of CPU after the first, leads the soft level to 5,182 where the first leads
        to 5,488 (each day searched by CP-SAT; docs/benchmarks.md, "Twentieth session, issue 15")."""
        best: tuple[int, Grouped] | None = None
        for k, sets in enumerate(walk):
            grouped = placed_early(walk.search.pricer, sets, walk.alike, until)
            if self.soft is None:
                return grouped
            starts = [grouped.placed[i][0] for i in range(self.n)]
            cost = self.soft(starts, [grouped.placed[i][1] for i in range(self.n)])
            if best is None or cost < best[0]:
                best = (cost, grouped)
            if k == 0:  # the walk on, within its own clock (it hears it between two nodes)
                now = time.perf_counter()
                walk.search.until = min(walk.search.until, now + min(MORE_SECONDS, MORE_SHARE * (until - now)))
            if k + 1 >= MORE_GROUPINGS:
                break
        return None if best is None else best[1]

    def __call__(self) -> tuple[list[int], list[int]] | None:
        """The starts and room classes found at the target, ``None`` while there are none (yet)."""
        found = self.result
        if found is None or not found.placed:
            return None
        return [found.placed[i][0] for i in range(self.n)], [found.placed[i][1] for i in range(self.n)]

    def known(self, value: int) -> None:
        """Another search found a timetable of ``value`` at the level: no need to search past it."""
        conflicts = -(-value // max(1, self.scale))
        self.ceiling = conflicts if self.ceiling is None else min(self.ceiling, conflicts)

    def bound(self) -> int:
        """The level's value every timetable has at least, as far as this search proved it."""
        return self.proven * self.scale

    def running(self) -> bool:
        """Whether the search has not ended yet."""
        return self.thread.is_alive()

    def close(self) -> None:
        """Stop the search and wait for its thread: nothing of it runs once this returns (it hears
        the request within a few milliseconds, between two nodes)."""
        self.cancel.set()
        self.resume.set()  # a thread waiting to walk on ends at once, not at its next look
        self.thread.join()

    def until_found(self) -> Either:
        """A stop signal set when this search has found its grouping or the call is stopped: a
        search run under it (:func:`~scheduler.meetings.engine.listening`) gives way at once."""
        return Either(current_stop(), self.found)


class Either:
    """A stop signal set when either of two is (``None``: never)."""

    def __init__(self, first: StopSignal | None, second: StopSignal | None) -> None:
        self.first, self.second = first, second

    def is_set(self) -> bool:
        """Whether either signal is set."""
        return any(s is not None and s.is_set() for s in (self.first, self.second))


MORE_GROUPINGS = 16
"""Groupings at the target :class:`Beside` weighs at the soft level before it tells the first."""
MORE_SECONDS = 2.0
"""How long after the first grouping :class:`Beside` walks on to weigh others (wall clock), at most."""
MORE_SHARE = 0.1
"""Of the search's time left when the first grouping is found, the most the walk on takes (a 10 s
call finding it at 5 s waits 0.4 s for it, not 2 s)."""

RESUME_POLL = 0.05
"""Seconds between two looks at the call's stop while :class:`Beside` waits for :attr:`Beside.resume`."""

PLACE_SECONDS = 0.2
"""How long past its end the search may place each day of its answer early (else as it was priced)."""


def _fuller_first(
    sets: dict[int, frozenset[int]], alike: dict[int, int], length: list[int]
) -> dict[int, frozenset[int]]:
    """The day sets, those of alike days given to the days in order of how many sessions they hold
    (then their length), most first."""
    out: dict[int, frozenset[int]] = {}
    for own in sorted(set(alike.values())):
        group = [d for d in sets if alike[d] == own]
        chosen = sorted((sets[d] for d in group), key=lambda s: (-len(s), -sum(length[i] for i in s), sorted(s)))
        out.update(zip(sorted(group), chosen, strict=True))
    return out


class _Search:
    """The depth-first search's state: each day's sessions (as a set and as bits), exact value and
    clique length so far, and the sums :meth:`lower` needs, kept as the search goes (the demo's walk
    of every grouping at 40 visits some 990,000 nodes: each node's work is what it costs)."""

    def __init__(
        self,
        pricer: DayPricer,
        target: int,
        until: float,
        order: list[int],
        clique: set[int],
        steps: dict[int, int],
        alike: dict[int, int],
    ) -> None:
        self.pricer, self.target, self.until = pricer, target, until
        self.order, self.clique, self.steps, self.alike = order, clique, steps, alike
        length = pricer.prep.length
        self.clique_len = [length[i] if i in clique else 0 for i in range(pricer.prep.n)]
        self.rest = [sum(self.clique_len[i] for i in order[k:]) for k in range(len(order) + 1)]
        self.left = [sum(1 for i in order[k:] if i in clique) for k in range(len(order) + 1)]
        """Per depth: how many of the clique's sessions are still to be given a day (:func:`overflow`)."""
        self.days_of = [pricer.days_of(i) for i in range(pricer.prep.n)]
        self.sets = {d: frozenset[int]() for d in steps}
        self.masks = dict.fromkeys(steps, 0)
        self.value = dict.fromkeys(steps, 0)
        self.held = dict.fromkeys(steps, 0)
        self.floors = dict.fromkeys(steps, 0)
        self.slacks = dict(steps)  # per day: its steps + value - clique length, at least 0
        self.floor_total, self.slack_total = 0, sum(steps.values())
        self.exact: dict[tuple[int, int], int] = {}
        """Per (alike day, sessions as bits): the day's fewest conflicts, as the pricer found them."""
        self.at_least: dict[tuple[int, int], float] = {}
        """Per (alike day, sessions as bits): what the day's fewest are known not to be below."""
        self.nodes = 0

    def floor(self, d: int) -> int:
        """What day ``d`` costs at least whatever joins it: its value, its clique length's excess."""
        return max(self.value[d], self.held[d] - self.steps[d])

    def lower(self, rest: int, left: int) -> int:
        """A lower bound on every grouping completing this one (the module text), ``rest`` the clique's
        length still to be given a day in ``left`` sessions (:func:`overflow`)."""
        slacks = [max(0, self.steps[d] + self.value[d] - self.held[d]) for d in self.steps]
        return sum(self.floor(d) for d in self.steps) + overflow(rest, left, slacks)

    def priced(self, own: int, mask: int, sessions: frozenset[int], below: int) -> int | None:
        """:meth:`~scheduler.meetings.oneday.DayPricer.value` of ``sessions`` (``mask``) on ``own`` when
        below ``below``, else ``None``; what it said remembered here by bits (its own memory hashes
        the set on every ask)."""
        key = (own, mask)
        known = self.exact.get(key)
        if known is not None:
            return known if known < below else None
        if self.at_least.get(key, 0) >= below:
            return None
        found = self.pricer.value(own, sessions, below, self.until)
        if found is None:
            self.at_least[key] = max(self.at_least.get(key, 0), below)
            return None
        self.exact[key] = found[0]
        return found[0]

    def descend(self, k: int) -> bool:
        """Whether a grouping completing this one reaches the target (:attr:`sets` holds it then)."""
        return next(self.walk(k), False)

    def walk(self, k: int) -> Iterator[bool]:
        """Each grouping completing this one that reaches the target, in turn (:attr:`sets` holds it
        while the caller has it): a day already tried for a session, or an alike day while empty, is
        not tried again, so each grouping comes once, up to the names of alike days. Cut where
        :meth:`lower` passes the target (computed from the sums kept, a day changed at a time)."""
        self.nodes += 1
        if self.nodes % CLOCK_NODES == 0 and (time.perf_counter() > self.until or stopped()):
            raise OutOfTime
        if k == len(self.order):
            yield True
            return
        i = self.order[k]
        bit, grows, rest, left = 1 << i, self.clique_len[i], self.rest[k + 1], self.left[k + 1]
        few = 0 < left < len(self.steps)  # (the clique's last few sessions: fewer than the days)
        empty_tried: set[int] = set()
        for d in self.days_of[i]:
            own, mask = self.alike[d], self.masks[d]
            if not mask:
                if own in empty_tried:
                    continue
                empty_tried.add(own)
            others = self.floor_total - self.floors[d]
            sessions = self.sets[d] | {i}
            value = self.priced(own, mask | bit, sessions, self.target - others + 1)
            if value is None:
                continue
            held = self.held[d] + grows
            floor = max(value, held - self.steps[d])
            slack = max(0, self.steps[d] + value - held)
            slack_total = self.slack_total - self.slacks[d] + slack
            if others + floor + max(0, rest - slack_total) > self.target:
                continue
            if few and others + floor + overflow(rest, left, self._slacks_with(d, slack)) > self.target:
                continue  # (the pooled slack above is this with every day able to take some)
            before = (self.sets[d], mask, self.value[d], self.held[d], self.floors[d], self.slacks[d])
            totals = (self.floor_total, self.slack_total)
            self.sets[d], self.masks[d], self.value[d], self.held[d] = sessions, mask | bit, value, held
            self.floors[d], self.slacks[d] = floor, slack
            self.floor_total, self.slack_total = others + floor, slack_total
            yield from self.walk(k + 1)
            self.sets[d], self.masks[d], self.value[d], self.held[d], self.floors[d], self.slacks[d] = before
            self.floor_total, self.slack_total = totals

    def _slacks_with(self, day: int, slack: int) -> list[int]:
        """Each day's slack, ``day``'s being ``slack``."""
        return [slack if d == day else self.slacks[d] for d in self.steps]


def overflow(rest: int, left: int, slacks: list[int]) -> int:
    """The least conflicts the clique's sessions still to be given a day (``left`` of them, ``rest``
    steps long in all) add to the days' floors, each day having ``slacks[d]`` steps of its own before
    its clique length passes its working steps plus its conflicts: a day given ``a`` of those steps
    costs at least ``max(0, a - slack)`` more (its clique's length beyond its steps is so many
    conflicts, and its exact conflicts only grow), and the ``left`` sessions reach at most ``left``
    days, so at most the ``left`` largest slacks absorb anything: ``rest`` less those, at least 0. On
    the Timefold demo the walk of every grouping at 40 spent most of its 991,093 nodes placing the
    clique's last two or three sessions, where the slack counted over all four days hid this."""
    if rest <= 0:
        return 0
    room = sum(slacks) if left >= len(slacks) else sum(sorted(slacks, reverse=True)[:left])
    return max(0, rest - room)


CLOCK_NODES = 16
"""Nodes between two looks at the clock (a node prices at most one day: up to a few milliseconds)."""
