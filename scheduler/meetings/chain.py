"""The soft level of a grouping of the sessions into days, each day priced alone and the days chained
across the nights: the order of the days, and a bound on the soft level at a proven medium level.

Where the medium level is optional conflicts and it is proven at the least a grouping of the sessions
into days reaches (:mod:`scheduler.meetings.atbound`), every timetable at that level has each day at
its own fewest conflicts (no session crosses a night, so the level is the sum of the days'), and its
grouping is one of those the exhaustive walk yields (:func:`~scheduler.meetings.atbound.groupings_at`).
The soft terms this module knows join two days only in known ways:

* ``early`` counts each session's end on the working axis: a day's sessions moved to another day
  alike (the same working steps, the same starts) add the same number of steps each;
* ``back-to-back`` counts, across a night, every session ending at a day's last working step with
  every one starting at the next day's first (the quickstart's grains run on across the night): ``e``
  ending times ``b`` starting, and nothing else between two days;
* ``room-stability`` may count pairs across a night: never negative, so a bound leaves them out and
  a timetable is measured whole by the checker;
* ``overlap``, ``larger-rooms`` and ``idle`` are counted within a day.

So each distinct day (its set of sessions, on its first alike day) is priced alone in the full
time-indexed model (:class:`~scheduler.meetings.model.MeetingModel`, every rule and term of the
library), its optional conflicts held at the day's fewest, for a count ``b`` of sessions starting at
its first working step and ``e`` ending at its last; a walk over the days' order, its state the sets
placed so far and the last ``e`` (:func:`walk`), gives the least sum. Only what the walk's best path
asks for is priced (:meth:`Chain.least`: a (``b``, ``e``) not yet priced counts what the day's
search with both counts free, or with its ``b`` or its ``e`` alone held, proved, and before any its
floor found without CP-SAT (:mod:`scheduler.meetings.dayfloor`: with the bound, each day asked for is
floored first and the grouping walked again; on the demo 16 CP-SAT searches where 114 were, the
twenty-fifth session);
those searches also find whole rows and columns infeasible at once), best first over the groupings:
the demo's four days took 20-22 searches, not 64. With each priced day's value it chooses the order
of a grouping's days (the Timefold demo: the six-meeting day last, where its two meetings ending at
18:00 cost nothing, 5,130 against 5,182-5,381 with the days fuller first); with each day's proven
bound, least over every grouping at the proven medium level, it is a lower bound on the soft level
there (:meth:`Chain.floor`; docs/benchmarks.md, "Twenty-second session, issue 15, in the library").
Only where :func:`chains` says so.
"""

from __future__ import annotations

import heapq
import math
import time
from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from typing import Any

from scheduler.meetings.dayfloor import soft_floor, soft_weights
from scheduler.meetings.engine import run, stopped
from scheduler.meetings.model import MeetingModel
from scheduler.meetings.oneday import DayPricer, OutOfTime, applies, day_value
from scheduler.meetings.prepared import Prepared, prepare
from scheduler.meetings.terms import Term, by_level

__all__ = ["Chain", "Chained", "Priced", "chains", "walk"]

KNOWN = frozenset({"early", "back-to-back", "overlap", "larger-rooms", "room-stability", "idle"})
"""The soft terms whose joins between days the module text says (others: no chain)."""
RETRIES = 2
"""How many times a day's (``b``, ``e``) not proven is searched again, each time twice as long, when
the walk of the bound reads it (under load 13-16 some of the demo's were not proven in 5 s of wall)."""
MOST_DAYS = 10
"""The most days :func:`walk` orders (its states grow as 2 to the days)."""
PRICE_SECONDS = 5.0
"""The most work of one day's search for one (``b``, ``e``), in CP-SAT's deterministic time (its own
measure of work, about a second of one CPU: so a search under load is not cut short by the clock, as
some of the demo's were at 5 s of wall at load 13-34, then searched again; the call's clock still
ends it). The demo's: 0.03-1.4 s of CPU. Without the LP relaxation (``linearization_level=0``):
0.2 s of CPU where CP-SAT's default took 0.35-1.8 s on the demo's days (one run each, load 14);
without presolve, half of that (twelve days, 1.6-1.8 s of CPU against 3.0-3.4 s, load 12-15)."""

EDGE_SECONDS = 0.5
"""The longest :meth:`Chain._edges` looks at one day's edge (the demo's: a few milliseconds)."""

Placement = dict[int, tuple[int, str]]
"""Per session of a day: its start (clock step, on the day priced) and room."""


@dataclass(frozen=True)
class Priced:
    """One day for one (``b``, ``e``): the soft level found (``value``, weighted), the least it can be
    (``bound``, proven) and the placement found."""

    value: float
    bound: int
    placed: Placement
    proven: bool = True


@dataclass(frozen=True)
class Chained:
    """What :func:`walk` found: the least ``total``, and per day of the order the day set given to it
    and its (``b``, ``e``)."""

    total: float
    sets: dict[int, frozenset[int]]
    ends: dict[int, tuple[int, int]]


def chains(prep: Prepared, objective: tuple[Term, ...]) -> bool:
    """Whether the days chain as the module text says: the day's conflicts exact
    (:func:`~scheduler.meetings.oneday.applies`), optional conflicts the medium level's only term,
    soft terms among :data:`KNOWN`, no reference, and at most :data:`MOST_DAYS` days."""
    levels = by_level(objective)
    if [t.name for t in levels.get("medium", [])] != ["optional-conflicts"] or "soft" not in levels:
        return False
    if any(t.name not in KNOWN for t in levels["soft"]) or prep.problem.reference is not None:
        return False
    days = {prep.problem.workdays.day_of(s) for starts in prep.starts for s in starts}
    return applies(prep) and 1 < len(days) <= MOST_DAYS


class Chain:
    """The days of one problem, their prices (remembered by day and set, each (``b``, ``e``) priced
    only when a walk asks for it: :meth:`least`) and their order."""

    def __init__(self, prep: Prepared, objective: tuple[Term, ...], pricer: DayPricer | None = None) -> None:
        self.prep, self.objective = prep, objective
        self.pricer = pricer if pricer is not None else DayPricer(prep)
        workdays = prep.problem.workdays
        self.per_day = per_day = workdays.per_day()
        self.days = sorted({d for i in range(prep.n) for d in self.pricer.days_of(i)})
        steps: dict[int, list[int]] = {d: [] for d in self.days}
        for t in workdays.steps:
            if workdays.day_of(t) in steps:
                steps[workdays.day_of(t)].append(t)
        self.first = {d: steps[d][0] for d in self.days}
        self.last = {d: steps[d][-1] for d in self.days}
        self.shift = {d: prep.working(self.first[d]) for d in self.days}
        # two days are alike when every session has the same starts there and the same working steps
        shape = {
            d: (
                tuple(t - d * per_day for t in steps[d]),
                tuple(tuple(s - d * per_day for s in self.pricer.starts_on[i].get(d, ())) for i in range(prep.n)),
            )
            for d in self.days
        }
        self.alike = {d: next(e for e in self.days if shape[e] == shape[d]) for d in self.days}
        # a night joins two days when the last step of one is followed by the first of the next
        self.night = {
            d: k > 0 and prep.joined(self.last[self.days[k - 1]]) + 1 == prep.joined(self.first[d])
            for k, d in enumerate(self.days)
        }
        soft = by_level(objective)["soft"]
        self.pairs = sum(t.weight for t in soft if t.name == "back-to-back")
        self.early = sum(t.weight for t in soft if t.name == "early")
        self.most = sum(c.total for c in prep.classes)
        self.priced: dict[tuple[int, frozenset[int]], _Day] = {}
        self.weights = soft_weights(self.pricer, soft)
        """What :func:`~scheduler.meetings.dayfloor.soft_floor` counts (``None``: no floor without CP-SAT)."""
        self.solves = 0
        """CP-SAT searches run (one per day and (``b``, ``e``) asked for, and one per day with both free)."""
        self.until = math.inf
        """Until when the days' floors may search (:meth:`least`'s clock)."""

    def day(self, day: int, sessions: frozenset[int]) -> _Day:
        """What is known of ``sessions`` on ``day`` (priced on its first alike day); remembered."""
        key = (self.alike[day], sessions)
        found = self.priced.get(key)
        if found is None:
            top = min(len(sessions), self.most) if self.pairs else 0
            found = self.priced[key] = _Day(key[0], sessions, top)
            fewest = self.pricer.value(key[0], sessions) if sessions else None
            if not sessions:
                found.free = found.cells[0, 0] = Priced(0, 0, {})
            elif fewest is None:  # no placement on that day at all
                found.free = None
            elif top:
                self._edges(found, fewest[0])
        return found

    def _edges(self, day: _Day, fewest: int) -> None:
        """The row ``b = 0`` and the column ``e = 0`` of ``day`` infeasible, without a CP-SAT search,
        when every placement at the day's fewest conflicts has a session starting at its first step
        (ending at its last): the day's exact conflicts (:func:`~scheduler.meetings.oneday.day_value`)
        with those starts barred are above the fewest. On the Timefold demo every day at 40 is so
        (required chains fill it from 8:00 to 18:00): 80 of the 207 searches of its bound were those
        rows and columns, proven infeasible by CP-SAT (14 s of CPU at load 11)."""
        first, last = self.first[day.own], self.last[day.own] + 1
        length, starts_on = self.prep.length, self.pricer.starts_on
        ordered = sorted(day.sessions)
        until = time.perf_counter() + EDGE_SECONDS
        for edge, at_start in (("rows", True), ("columns", False)):
            allowed = {
                i: [s for s in starts_on[i].get(day.own, ()) if (s != first if at_start else s + length[i] != last)]
                for i in ordered
            }
            try:
                if day_value(self.pricer, day.own, ordered, fewest + 1, until, allowed_on=allowed) is None:
                    getattr(day, edge)[0] = None
            except OutOfTime:
                return  # (the CP-SAT search decides it, when asked)

    def costs(self, day: _Day, key: str) -> dict[tuple[int, int], tuple[float, bool]]:
        """Per (``b``, ``e``) the day may have: its ``key`` (``value`` or ``bound``) and whether it is
        priced; one not yet priced is at the least the day has with both counts free, with its ``b``
        alone held and with its ``e`` alone held, as far as those are searched (0 before)."""
        if day.free is None:
            return {}
        out: dict[tuple[int, int], tuple[float, bool]] = {}
        for b in range(day.top + 1):
            for e in range(day.top + 1):
                cell = day.cells.get((b, e), _NOT_YET)
                row, column = day.rows.get(b, _NOT_YET), day.columns.get(e, _NOT_YET)
                if cell is None or row is None or column is None:
                    continue
                if cell is not _NOT_YET:
                    out[b, e] = (float(getattr(cell, key)), True)
                    continue
                floors = [float(getattr(p, key)) for p in (day.free, row, column) if p is not _NOT_YET]
                floors += [] if day.floor is None else [day.floor]
                out[b, e] = (max(floors, default=0.0), False)
        return out

    def least(
        self,
        groupings: Sequence[Mapping[int, frozenset[int]]],
        key: str,
        until: float,
        workers: int = 1,
        cutoff: float = math.inf,
    ) -> tuple[float, Chained | None]:
        """The least over ``groupings`` of :func:`walk` with the days' ``key``, pricing only what the
        walk's best asks for (best first: a day not priced counts the least it can, so the walk's
        least is a lower bound until every day and (``b``, ``e``) on its path is priced; then it is
        the least). Returns that least and its order, or, when ``until`` or the call's stop comes
        first, the least proven so far (with ``bound``: still a lower bound) and ``None``; likewise,
        once the least so far reaches ``cutoff`` (a timetable already has it: nothing below to find),
        that least and ``None``."""
        self.until = until
        heap: list[tuple[float, int]] = []
        for k, sets in enumerate(groupings):
            found = self._walk(sets, key)
            if found is not None:
                heapq.heappush(heap, (found[0].total, k))
        while heap:
            total, k = heapq.heappop(heap)
            if total >= cutoff:
                return total, None
            found = self._walk(groupings[k], key)
            if found is None:
                continue
            chained, asked = found
            if chained.total > total:
                heapq.heappush(heap, (chained.total, k))
                continue
            if not asked:
                return chained.total, chained
            floors = [day for day, _ in asked if key == "bound" and self._floorable(day)]
            for day in floors:  # (their floors first: the grouping walked again before any CP-SAT search)
                if time.perf_counter() >= until or stopped():
                    return total, None
                self._floored(day)
            for day, cell in [] if floors else asked:
                if time.perf_counter() >= until or stopped():
                    return total, None
                self._price(day, cell, until, workers)
            heapq.heappush(heap, (chained.total, k))
        return math.inf, None

    def floor(self, groupings: Sequence[Mapping[int, frozenset[int]]], until: float, workers: int = 1) -> int:
        """The least soft level of every timetable whose grouping of the sessions into days is one of
        ``groupings`` and whose days are each at their fewest optional conflicts: ``groupings`` chained
        with their days' proven bounds (:meth:`least`, ``bound``). When they are every grouping at the
        medium level's proven optimum (:func:`~scheduler.meetings.atbound.groupings_at`, walked to the
        end), a bound on the soft level there. When ``until`` or the call's stop comes first, the least
        proven so far (still a bound)."""
        least, _ = self.least(groupings, "bound", until, workers)
        return math.ceil(least - 1e-6) if least < math.inf else 0

    def _walk(
        self, sets: Mapping[int, frozenset[int]], key: str
    ) -> tuple[Chained, list[tuple[_Day, tuple[int, int]]]] | None:
        """:func:`walk` over ``sets`` with what is known, and what its path asks to be priced (a day's
        free search first, ``None``; else the (``b``, ``e``) taken)."""
        days = {d: self.day(d, sets.get(d, frozenset())) for d in self.days}
        costs = {d: self.costs(day, key) for d, day in days.items()}
        chained = walk(self, sets, {d: {be: c[0] for be, c in cost.items()} for d, cost in costs.items()})
        if chained is None:
            return None
        asked: list[tuple[_Day, tuple[int, int]]] = []
        for d, sessions in chained.sets.items():
            day = self.day(d, sessions)
            cell = chained.ends[d]
            known = day.cells.get(cell)
            if not self.costs(day, key)[cell][1]:
                asked.append((day, cell))
            elif key == "bound" and known is not None and not known.proven and day.tries.get(cell, 0) < RETRIES:
                asked.append((day, cell))  # searched again, longer: its bound is what the walk reads
        return chained, asked

    def _floorable(self, day: _Day) -> bool:
        """Whether ``day`` may have a floor without CP-SAT and has not been given one (nor its free search)."""
        return self.weights is not None and not day.floored and bool(day.sessions) and day.free is _NOT_YET

    def _floored(self, day: _Day) -> None:
        """``day``'s soft floor without CP-SAT (:func:`~scheduler.meetings.dayfloor.soft_floor`), the
        least any of its (``b``, ``e``) not priced yet counts, once (before its free search: the demo's
        69 days in 5.2 s of one CPU, against 8.3-8.8 s for their free searches and 1.4 s for their
        models, at load 8-10); nothing when the search gives up (:data:`~scheduler.meetings.dayfloor.MOST_NODES`)."""
        if not self._floorable(day) or self.weights is None:
            return
        fewest = self.pricer.value(day.own, day.sessions)
        with suppress(OutOfTime):  # (the clock: tried again when a walk asks next)
            if fewest is not None:
                day.floor = soft_floor(self.pricer, day.own, sorted(day.sessions), fewest[0], self.weights, self.until)
            day.floored = True

    def _price(self, day: _Day, cell: tuple[int, int], until: float, workers: int) -> None:
        """One search of ``day`` towards the price of ``cell``: with both counts free first, then with
        its ``b`` alone held, then its ``e`` alone (each a least for a row or column of cells, and
        infeasible at once for all of them), then both held."""
        b, e = cell
        if day.free is _NOT_YET:
            held: tuple[int | None, int | None] = (None, None)
        elif b not in day.rows:
            held = (b, None)
        elif e not in day.columns:
            held = (None, e)
        else:
            held = cell
        tries = 0
        if held == cell and cell in day.cells:  # searched before, not proven: longer
            tries = day.tries[cell] = day.tries.get(cell, 0) + 1
        if day.model is None:
            fewest = self.pricer.value(day.own, day.sessions)
            assert fewest is not None
            day.model = self._day_model(day.own, sorted(day.sessions), fewest[0])
        model, sub, ids, counts = day.model
        for var, count, edge in zip(counts, held, (day.rows, day.columns), strict=True):
            domain = model.cp.proto.variables[var].domain
            domain.clear()  # (0 barred when known infeasible there: the same least, found sooner)
            domain.extend(((1 if 0 in edge and edge[0] is None else 0), len(ids)) if count is None else (count, count))
        self.solves += 1
        work = PRICE_SECONDS * 2**tries  # CP-SAT's deterministic time: the same search at any load
        seconds = max(0.01, until - time.perf_counter())
        out = run(
            model.cp, seconds, workers, linearization_level=0, cp_model_presolve=False, max_deterministic_time=work
        )
        priced: Priced | None = None
        if out.status == "INFEASIBLE":
            priced = None
        elif not out.has_solution or out.bound is None:  # nothing found in time: no better least known
            priced = Priced(math.inf, 0, {}, proven=False)
        else:
            starts = [next(s for s, v in model.x[k].items() if out.values[v]) for k in range(sub.n)]
            rooms = [
                next(sub.classes[c].rooms[0] for c, v in model.y[k].items() if out.values[v]) for k in range(sub.n)
            ]
            placed = {i: (starts[k], rooms[k]) for k, i in enumerate(ids)}
            proven = out.status == "OPTIMAL"
            priced = Priced(round(out.objective or 0), math.ceil(out.bound - 1e-6), placed, proven)
            if out.status == "OPTIMAL" and None in held:  # the least of its cells, so that of its own
                first, last = self.first[day.own], self.last[day.own] + 1
                own = (
                    sum(starts[k] == first for k in range(sub.n)) if self.pairs else 0,
                    sum(starts[k] + sub.length[k] == last for k in range(sub.n)) if self.pairs else 0,
                )
                day.cells[own] = priced
        if held == (None, None):
            day.free = priced
            if not self.pairs:
                day.cells[0, 0] = priced
        elif held[1] is None:
            day.rows[b] = priced
        elif held[0] is None:
            day.columns[e] = priced
        else:
            day.cells[cell] = priced

    def _day_model(
        self, own: int, ids: list[int], fewest: int
    ) -> tuple[MeetingModel, Prepared, list[int], tuple[int, int]]:
        """The full model of the sessions ``ids`` alone on day ``own`` (every room apart), the medium level
        held at ``fewest``, the soft level minimised; with variables counting the sessions starting at
        the day's first step (``b``) and ending at its last (``e``)."""
        prep, problem = self.prep, self.prep.problem
        titles = {problem.sessions[i].title for i in ids}
        sub_problem = replace(
            problem,
            sessions=tuple(problem.sessions[i] for i in ids),
            pins=tuple(p for p in problem.pins if p.title in titles),
        )
        sub = prepare(sub_problem, aggregate=False, rules=prep.rules)
        day_of = problem.workdays.day_of
        starts = [[s for s in prep.starts[i] if day_of(s) == own] for i in ids]
        eligible = [
            sorted({sub.class_of_room[r] for c in prep.eligible[i] for r in prep.classes[c].rooms}) for i in ids
        ]
        sub = replace(sub, starts=starts, eligible=eligible, posted={})
        model = MeetingModel(sub).build(self.objective)
        levels = by_level(self.objective)
        held, offset = model.level_terms(levels["medium"])
        model.cp.linear(held, -(2**62), fewest * levels["medium"][0].weight - offset)
        first, last = self.first[own], self.last[own] + 1
        counts = []
        for at_edge in (
            [(model.x[k][first], 1) for k in range(sub.n) if first in model.x[k]],
            [(model.x[k][last - sub.length[k]], 1) for k in range(sub.n) if last - sub.length[k] in model.x[k]],
        ):
            var = model.new_int(0, len(ids))
            model.cp.linear([(var, -1), *at_edge], 0, 0)
            counts.append(var)
        soft, offset = model.level_terms(levels["soft"])
        model.cp.minimize(soft, offset)
        return model, sub, ids, (counts[0], counts[1])

    def timetable(self, chained: Chained) -> dict[int, tuple[int, str]]:
        """Each session's start and room in the order ``chained`` found (every day on its path priced):
        each day's placement moved to the day it is given."""
        out: dict[int, tuple[int, str]] = {}
        for d, sessions in chained.sets.items():
            priced = self.day(d, sessions).cells[chained.ends[d]]
            assert priced is not None
            moved = (d - self.alike[d]) * self.per_day
            out.update({i: (s + moved, r) for i, (s, r) in priced.placed.items()})
        return out


class _NotYet:
    """A price not searched for yet."""


_NOT_YET: Any = _NotYet()


@dataclass
class _Day:
    """What is known of one day set on its first alike day: its search's least with both counts free
    (``free``: :data:`_NOT_YET`, ``None`` when it has no placement), and per (``b``, ``e``) searched
    its price (``None``: infeasible); its model, built once."""

    own: int
    sessions: frozenset[int]
    top: int
    free: Any = _NOT_YET
    cells: dict[tuple[int, int], Priced | None] = field(default_factory=dict)
    rows: dict[int, Priced | None] = field(default_factory=dict)
    tries: dict[tuple[int, int], int] = field(default_factory=dict)
    columns: dict[int, Priced | None] = field(default_factory=dict)
    model: tuple[MeetingModel, Prepared, list[int], tuple[int, int]] | None = None
    floor: int | None = None
    """The least its soft level can be at its fewest conflicts, found without CP-SAT (``None``: unknown)."""
    floored: bool = False


def walk(
    chain: Chain, sets: Mapping[int, frozenset[int]], tables: Mapping[int, Mapping[tuple[int, int], float]]
) -> Chained | None:
    """The least over the orders of ``sets`` (each given to a day alike to its own) and each day's
    (``b``, ``e``) of the days' costs in ``tables`` (per day of ``sets``: per (``b``, ``e``)), plus
    ``early``'s steps for a day moved and ``back-to-back``'s ``e * b`` across each night: by the days
    in order, the state the sets used so far and the last ``e``. ``None``: no order fits."""
    days = chain.days
    items = [(d, sets.get(d, frozenset())) for d in days]
    # state: (sets used, last e) -> (total, the choices so far: (item, b, e) per day)
    states: dict[tuple[int, int], tuple[float, tuple[tuple[int, int, int], ...]]] = {(0, 0): (0.0, ())}
    for day in days:
        step: dict[tuple[int, int], tuple[float, tuple[tuple[int, int, int], ...]]] = {}
        for (used, last_e), (so_far, path) in states.items():
            for j, (home, sessions) in enumerate(items):
                if used >> j & 1 or chain.alike[home] != chain.alike[day]:
                    continue
                moved = chain.early * len(sessions) * (chain.shift[day] - chain.shift[chain.alike[home]])
                for (b, e), cost in tables[home].items():
                    night = chain.pairs * last_e * b if chain.night[day] else 0
                    total = so_far + cost + moved + night
                    state = (used | 1 << j, e)
                    if state not in step or total < step[state][0]:
                        step[state] = (total, (*path, (j, b, e)))
        states = step
        if not states:
            return None
    total, path = min(states.values(), key=lambda found: found[0])
    return Chained(
        total,
        {day: items[j][1] for day, (j, _, _) in zip(days, path, strict=True)},
        {day: (b, e) for day, (_, b, e) in zip(days, path, strict=True)},
    )
