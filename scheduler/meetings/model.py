"""The CP-SAT model of a meeting problem: time-indexed starts, room classes, counted preferences.

Variables (each family built once, queried by name):

* ``x[i][s]``: session ``i`` starts at clock step ``s`` (one per allowed start; exactly one holds);
* ``y[i][c]``: session ``i`` is held in room class ``c`` (exactly one);
* ``start[i]``: the clock step, ``sum(s * x[i][s])``;
* ``occ[i][t]``: session ``i`` runs during step ``t`` (made only when a counted term needs it).

Hard rules: the model implements the rules' port (:class:`scheduler.rules.ports.IntervalModel`)
and asks every rule of its :class:`~scheduler.meetings.prepared.Prepared` to post itself
(``post_intervals``): a no-overlap is intervals on the start variables plus, in the time-indexed
model, "at most one per step" cuts the LP reads directly; a room group's load is a cumulative
(a no-overlap for one room holding one at a time) of optional intervals, present when the session
chooses the group. Starts and rooms the rules forbid are out of the domains (while explaining they
stay in, each held out by the assumption literal of the instance forbidding it).

Terms are linear in the variables: pairwise counts are turned into per-step counts (total pairwise
overlap = sum over steps of C(n, 2)), and C(n, 2) into its tangents k*n - k(k+1)/2, exact at whole
numbers. ``back-to-back`` is a product of two per-step counts; ``room-stability`` the one pairwise
term (sessions sharing a required participant, usually few).
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from scheduler.meetings.engine import stopped
from scheduler.meetings.nearness import displacement, published_starts
from scheduler.meetings.prepared import OnPrepared, Prepared
from scheduler.meetings.terms import PER_PERSON, Term, scopes
from scheduler.rules.values import Instance, negated
from scheduler.solver.cpsat import CpModel

Terms = list[tuple[int, int]]  # (variable, coefficient)
Derive = Callable[[dict[int, int]], int]  # a derived variable's value from the others' values
PARTICIPANT_CUTS = 400_000  # terms: above this the per-step participant cuts cost more than they give


class BuildStopped(Exception):
    """The call's stop signal was heard while a model was built with ``stoppable`` (:meth:`MeetingModel.build`):
    the model is unfinished, and the caller returns the best timetable it has so far."""


@dataclass
class MeetingModel(OnPrepared):
    """The model and its variable families (see the module text)."""

    prep: Prepared
    cp: CpModel = field(default_factory=CpModel)
    x: list[dict[int, int]] = field(default_factory=list)
    y: list[dict[int, int]] = field(default_factory=list)
    start: list[int] = field(default_factory=list)
    _occ: list[dict[int, int]] | None = None
    term_vars: dict[str, Terms] = field(default_factory=dict)
    term_offset: dict[str, int] = field(default_factory=dict)
    # How each auxiliary variable follows from the others, in creation order: a complete hint.
    derived: list[tuple[int, Derive]] = field(default_factory=list)
    reasons: dict[Instance, int] = field(default_factory=dict)
    indexed: bool = True
    _apart_lists: set[tuple[int, ...]] = field(default_factory=set)
    _group_intervals: dict[tuple[int, int, int | None], int] = field(default_factory=dict)
    _days: dict[int, int] = field(default_factory=dict)
    _on_day: dict[tuple[int, int], int] = field(default_factory=dict)
    stoppable: bool = False
    until: float | None = None
    """With ``stoppable``, the ``time.perf_counter()`` past which the build gives up too (:class:`BuildStopped`):
    a build priced to fit may not, on a loaded machine, and its caller's answer so far is then returned."""

    # -- variables ---------------------------------------------------------------------------------

    def new_int(self, lo: int, hi: int) -> int:
        var = self.cp.proto.variables.add()
        var.domain.extend((lo, hi))
        self.cp._count += 1
        return self.cp._count - 1

    def listen(self) -> None:
        """Raise :class:`BuildStopped` once the call is stopped, while a ``stoppable`` model is built: looked
        at once per session, rule, term, person or step of the larger loops (a context variable and an
        ``is_set()``), so a stop ends a build of hundreds of meetings within a fraction of a second."""
        if self.stoppable and (stopped() or (self.until is not None and time.perf_counter() > self.until)):
            raise BuildStopped

    def occ(self) -> list[dict[int, int]]:
        """``occ[i][t]`` for every step a session may run in, tied to its starts."""
        if self._occ is None:
            occ: list[dict[int, int]] = []
            for i, starts in enumerate(self.prep.starts):
                self.listen()
                cover: dict[int, list[int]] = defaultdict(list)
                for s in starts:
                    for t in range(s, s + self.prep.length[i]):
                        cover[t].append(self.x[i][s])
                row = {}
                same: dict[tuple[int, ...], int] = {}  # steps covered by the same starts: one variable
                for t, lits in sorted(cover.items()):
                    if len(lits) == len(starts):
                        row[t] = -1  # always running: the constant 1
                        continue
                    if tuple(lits) not in same:
                        v = same[tuple(lits)] = self.cp.new_bool()
                        self.cp.linear([(v, -1)] + [(lit, 1) for lit in lits], 0, 0)
                        self.derived.append((v, _total([(lit, 1) for lit in lits])))
                    row[t] = same[tuple(lits)]
                occ.append(row)
            self._occ = occ  # whole or not at all: a build stopped halfway leaves none
        return self._occ

    def values(self, starts: Sequence[int], classes: Sequence[int]) -> dict[int, int]:
        """The time-indexed model's decision variables (starts and room classes) for sessions at ``starts``
        in room classes ``classes``: a hint (:meth:`complete` adds what is derived from them)."""
        values = {}
        for i, start in enumerate(starts):
            values.update({v: int(s == start) for s, v in self.x[i].items()})
            values.update({v: int(c == classes[i]) for c, v in self.y[i].items()})
        return values

    def light_values(self, starts: Sequence[int], classes: Sequence[int]) -> dict[int, int]:
        """The light model's values for sessions at ``starts`` in room classes ``classes`` (a hint)."""
        values = {}
        for i in range(self.prep.n):
            values[self.start[i]] = starts[i]
            for c, v in self.y[i].items():
                values[v] = int(c == classes[i])
        return values

    def light_placed(self, values: Sequence[int]) -> tuple[list[int], list[int]]:
        """The starts and room classes of a light model's solution ``values``."""
        starts = [values[v] for v in self.start]
        classes = [next(c for c, v in self.y[i].items() if values[v]) for i in range(self.prep.n)]
        return starts, classes

    # -- building ----------------------------------------------------------------------------------

    def build(
        self, terms: tuple[Term, ...], indexed: bool = True, stoppable: bool = False, until: float | None = None
    ) -> MeetingModel:
        """Post every rule (each through its ``post_intervals`` hook) and the given terms;
        ``indexed=False`` gives the light model: a start variable per session over its allowed
        starts, no time-indexed Booleans, no terms but the light form of optional conflicts (the
        fastest way to a first timetable). ``stoppable``: the call's stop is heard as the model is
        built (:meth:`listen`), raising :class:`BuildStopped` (the full models of a solve and of the
        alternatives, which take seconds at a few hundred meetings), and so is ``until`` (a
        ``time.perf_counter()``: past it the build gives up, as when stopped)."""
        prep = self.prep
        self.indexed = indexed
        self.stoppable = stoppable
        self.until = until
        for i in range(prep.n):
            self.listen()
            ys = self.cp.new_bools(len(prep.eligible[i]))
            self.y.append(dict(zip(prep.eligible[i], ys, strict=True)))
            self.cp.exactly_one(ys)
            if not indexed:
                self.start.append(self._domain_var(prep.starts[i]))
                continue
            xs = self.cp.new_bools(len(prep.starts[i]))
            self.x.append(dict(zip(prep.starts[i], xs, strict=True)))
            self.cp.exactly_one(xs)
            s = self.new_int(min(prep.starts[i], default=0), max(prep.starts[i], default=0))
            self.cp.linear([(s, -1)] + [(v, st) for st, v in self.x[i].items()], 0, 0)
            self.derived.append((s, _total([(v, st) for st, v in self.x[i].items()])))
            self.start.append(s)
        if prep.explaining:
            self._guard_limits()
        for rule in prep.rules:
            self.listen()
            rule.post_intervals(self)
        if indexed and not prep.explaining and self._cover_terms() <= PARTICIPANT_CUTS:
            self._participant_cuts()
        if not indexed and any(t.name == "optional-conflicts" for t in terms):
            self._pairwise_conflicts()
        if indexed:
            only = scopes(terms)
            for term in sorted({t.name for t in terms}):
                self.listen()
                build = getattr(self, "_term_" + term.replace("-", "_"))
                if term in PER_PERSON:
                    build(only.get(term, ()))
                else:
                    build()
        return self

    def _guard_limits(self) -> None:
        """While explaining, the starts and rooms the rules forbid are in the model; each is out only
        while an instance forbidding it holds."""
        prep = self.prep
        for (i, t), reasons in prep.forbidden_starts.items():
            lit = self.x[i].get(t) if self.indexed else None
            if lit is None:
                continue
            for instance in reasons:
                self.cp.bool_or([negated(lit), negated(self.reason(instance))])
        for (i, room), reasons in prep.forbidden_rooms.items():
            lit = self.y[i].get(prep.class_of_room[room])
            if lit is None:
                continue
            for instance in reasons:
                self.cp.bool_or([negated(lit), negated(self.reason(instance))])

    # -- the rules' port (scheduler.rules.ports.IntervalModel) -----------------------------------

    def reason(self, instance: Instance) -> int:
        if instance not in self.reasons:
            self.reasons[instance] = self.cp.new_bool()
        return self.reasons[instance]

    def _guard(self, reason: Instance | None) -> int | None:
        return self.reason(reason) if reason is not None and self.explaining else None

    def no_overlap(self, sessions: Sequence[int], after: int = 0, reason: Instance | None = None) -> None:
        guard = self._guard(reason)
        intervals = [self._interval(self.start[i], self.prep.length[i] + after, guard) for i in sessions]
        self.cp.proto.constraints.add().no_overlap.intervals.extend(intervals)
        self._apart_lists.add(tuple(sorted(sessions)))

    def spaced(self, sessions: Sequence[int], after: int, reason: Instance | None = None) -> None:
        """Per clock step ``u``: some session ends at ``u`` (``ended``) and some starts in ``[u, u + after)``
        (``begun``) are never both true (one session cannot do both: it starts once). The light model
        has no starts to say it with, and keeps the sessions apart as well (stricter)."""
        if not self.indexed:
            self.no_overlap(sessions, after, reason)
            return
        guard = self._guard(reason)
        ends: dict[int, list[int]] = defaultdict(list)
        begins: dict[int, list[int]] = defaultdict(list)
        for i in sessions:
            for s, lit in self.x[i].items():
                ends[s + self.prep.length[i]].append(lit)
                begins[s].append(lit)
        steps = sorted(begins)  # the starts within ``after`` of an end, found by bisection: never a walk over
        for u, enders in sorted(ends.items()):  # every step of a long gap (QA qaembed23 F7)
            self.listen()
            within = steps[bisect_left(steps, u) : bisect_left(steps, u + after)]
            starters = [lit for t in within for lit in begins[t]]
            if not starters:
                continue
            ended, begun = self._any(enders), self._any(starters)
            self.cp.bool_or([negated(ended), negated(begun)], enforce=[guard] if guard is not None else [])

    def _any(self, literals: list[int]) -> int:
        """A Boolean true when one of ``literals`` is (it may be true besides: only ever asked to be false)."""
        either = self.cp.new_bool()
        for lit in literals:
            self.cp.bool_or([negated(lit), either])
        self.derived.append((either, _any_of(literals)))
        return either

    def room_load(
        self,
        group: int,
        limit: int,
        after: int = 0,
        demands: Mapping[int, int] | None = None,
        reason: Instance | None = None,
        demand_reasons: Mapping[int, Instance] | None = None,
    ) -> None:
        guard = self._guard(reason)
        members = self.sessions_in(group)
        present = [self._both(self.y[i][group], guard) for i in members]
        intervals = [
            self._interval(self.start[i], self.prep.length[i] + after, p) for i, p in zip(members, present, strict=True)
        ]
        ct = self.cp.proto.constraints.add()
        if limit == 1 and demands is None:
            ct.no_overlap.intervals.extend(intervals)
            return
        ct.cumulative.capacity.offset = limit
        ct.cumulative.intervals.extend(intervals)
        waived = demand_reasons if demand_reasons is not None and self.explaining else {}
        for i in members:
            demand = ct.cumulative.demands.add()
            need = 1 if demands is None else demands[i]
            if i in waived and need > 1:  # need while the instance holds, else 1
                demand.vars.append(self.reason(waived[i]))
                demand.coeffs.append(need - 1)
                need = 1
            demand.offset = need

    def apart(self, group: int, sessions: Sequence[int], reason: Instance | None = None) -> None:
        guard = self._guard(reason)
        intervals = [self._in_group(i, group, guard) for i in sessions]
        self.cp.proto.constraints.add().no_overlap.intervals.extend(intervals)

    def apart_pairs(self, group: int, pairs: Sequence[tuple[int, int]]) -> None:
        for a, b in pairs:
            self.listen()
            self.apart(group, [a, b])

    def _in_group(self, i: int, group: int, guard: int | None) -> int:
        """Session ``i``'s interval while held in room group ``group`` (and ``guard`` holds), made
        once per session, group and guard: a session in many :meth:`apart` lists shares it."""
        key = (i, group, guard)
        if key not in self._group_intervals:
            self._group_intervals[key] = self._interval(
                self.start[i], self.prep.length[i], self._both(self.y[i][group], guard)
            )
        return self._group_intervals[key]

    def follows(self, first: int, then: int, after: int, same_day: bool, reason: Instance | None = None) -> None:
        """start[then] - start[first] >= length[first] + after, on the start variables of either form;
        for ``same_day``, each session's day number d with per_day * d <= start < per_day * (d + 1), and
        the two equal. While explaining, all of it holds only with the instance."""
        guard = self._guard(reason)
        enforce = [guard] if guard is not None else []
        a, b = self.start[first], self.start[then]
        self.cp.linear([(b, 1), (a, -1)], self.prep.length[first] + after, enforce=enforce)
        if same_day:
            days = [self._day(i) for i in (first, then)]
            self.cp.linear([(days[0], 1), (days[1], -1)], 0, 0, enforce=enforce)

    def _day(self, i: int) -> int:
        """Session ``i``'s calendar day number, tied to its start (made once per session)."""
        if i not in self._days:
            per_day = self.prep.problem.workdays.per_day()
            starts = self.prep.starts[i] or [0]
            day = self.new_int(min(starts) // per_day, max(starts) // per_day)
            s = self.start[i]
            self.cp.linear([(s, 1), (day, -per_day)], 0, per_day - 1)
            self.derived.append((day, _day_of(s, per_day)))
            self._days[i] = day
        return self._days[i]

    def same_room(self, sessions: Sequence[int], reason: Instance | None = None) -> None:
        guard = self._guard(reason)
        enforce = [guard] if guard is not None else []
        for a, b in pairwise(sessions):
            for c in set(self.y[a]) | set(self.y[b]):
                terms = [(self.y[a][c], 1)] if c in self.y[a] else []
                terms += [(self.y[b][c], -1)] if c in self.y[b] else []
                self.cp.linear(terms, 0, 0, enforce=enforce)

    def running_at_most(self, limit: int) -> None:
        """At any step at most ``limit`` sessions run in all (implied by the rooms: read by the LP)."""
        if limit >= self.prep.n:
            return
        if self.indexed:
            self._count_cut(limit)
            return
        intervals = [self._interval(self.start[i], self.prep.length[i], None) for i in range(self.prep.n)]
        ct = self.cp.proto.constraints.add()
        ct.cumulative.capacity.offset = limit
        ct.cumulative.intervals.extend(intervals)
        for _ in intervals:
            ct.cumulative.demands.add().offset = 1

    def _both(self, literal: int, guard: int | None) -> int:
        """``literal`` and ``guard`` as one literal (``literal`` itself without a guard)."""
        if guard is None:
            return literal
        both = self.cp.new_bool()
        self.cp.linear([(both, 1), (literal, -1)], hi=0)
        self.cp.linear([(both, 1), (guard, -1)], hi=0)
        self.cp.linear([(both, 1), (literal, -1), (guard, -1)], lo=-1)
        return both

    # -- the model's own parts ---------------------------------------------------------------------

    def _pairwise_conflicts(self) -> None:
        """The light model's version of ``optional-conflicts``: per pair of sessions sharing someone
        with an optional role, the overlap max(0, min(ends) - max(starts)), weighted by how many such
        people they share (busy steps of optional people are left to the checker's count)."""
        prep = self.prep
        _, weight = prep.shared()
        out: Terms = []
        for (a, b), count in weight.items():
            sa, sb, la, lb = self.start[a], self.start[b], prep.length[a], prep.length[b]
            hi = self.new_int(-(2**40), 2**40)
            lo = self.new_int(-(2**40), 2**40)
            ov = self.new_int(0, min(la, lb))
            self._max([(hi, -1)], 0, [([(sa, -1)], -la), ([(sb, -1)], -lb)])  # -hi = max(-ea, -eb)
            self._max([(lo, 1)], 0, [([(sa, 1)], 0), ([(sb, 1)], 0)])
            self._max([(ov, 1)], 0, [([(hi, 1), (lo, -1)], 0), ([], 0)])
            self.derived += [
                (hi, _sooner_end(sa, la, sb, lb)),
                (lo, _later_start(sa, sb)),
                (ov, _overlap(hi, lo)),
            ]
            out.append((ov, count))
        self.term_vars["optional-conflicts"] = out

    def _max(self, target: Terms, offset: int, exprs: list[tuple[Terms, int]]) -> None:
        """target + offset = max(expr + its offset)."""
        ct = self.cp.proto.constraints.add()
        for v, a in target:
            ct.lin_max.target.vars.append(v)
            ct.lin_max.target.coeffs.append(a)
        ct.lin_max.target.offset = offset
        for terms, off in exprs:
            expr = ct.lin_max.exprs.add()
            for v, a in terms:
                expr.vars.append(v)
                expr.coeffs.append(a)
            expr.offset = off

    def _domain_var(self, values: list[int]) -> int:
        """An integer variable over exactly ``values`` (sorted), as runs."""
        domain: list[int] = []
        for v in values:
            if domain and domain[-1] == v - 1:
                domain[-1] = v
            else:
                domain += [v, v]
        var = self.cp.proto.variables.add()
        var.domain.extend(domain)
        self.cp._count += 1
        return self.cp._count - 1

    def _interval(self, start: int, size: int, present: int | None) -> int:
        ct = self.cp.proto.constraints.add()
        if present is not None:
            ct.enforcement_literal.append(present)
        ct.interval.start.vars.append(start)
        ct.interval.start.coeffs.append(1)
        ct.interval.end.vars.append(start)
        ct.interval.end.coeffs.append(1)
        ct.interval.end.offset = size
        ct.interval.size.offset = size
        return len(self.cp.proto.constraints) - 1

    def _count_cut(self, capacity: int) -> None:
        """At every step, at most ``capacity`` sessions run: implied, but read by the LP."""
        for row in self._by_step().values():
            self.listen()
            lits = [v for v in row if v >= 0]
            fixed = len(row) - len(lits)
            if len(row) > capacity:
                self.cp.linear([(v, 1) for v in lits], -(2**62), capacity - fixed)

    def _by_step(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for row in self.occ():
            for t, v in row.items():
                out[t].append(v)
        return out

    def _cover_terms(self) -> int:
        """About how many terms the per-step cuts of the no-overlaps posted would take."""
        prep = self.prep
        return sum(len(prep.starts[i]) * prep.length[i] for ss in self._apart_lists for i in ss)

    def _participant_cuts(self) -> None:
        """At every step at most one session of each no-overlap posted (a participant's) runs: implied,
        but this time-indexed form is what makes the LP bound of "early" tight."""
        occ = self.occ()
        for sessions in sorted(self._apart_lists):
            self.listen()
            steps: dict[int, list[int]] = defaultdict(list)
            for i in sessions:
                for t, v in occ[i].items():
                    steps[t].append(v)
            posted: set[tuple[int, ...]] = set()  # steps whose sessions run on the same starts: one cut
            for row in steps.values():
                lits = [v for v in row if v >= 0]
                fixed = len(row) - len(lits)
                if len(row) > 1 and lits and (fixed, *lits) not in posted:
                    posted.add((fixed, *lits))
                    self.cp.linear([(v, 1) for v in lits], -(2**62), 1 - fixed)

    def _tangents(self, count: Terms, constant: int, top: int) -> int:
        """A variable >= C(count + constant, 2), exact at whole numbers; ``top`` bounds the count."""
        cost = self.new_int(0, top * (top - 1) // 2)
        for k in range(1, top):
            # cost >= k * (count + constant) - k(k+1)/2
            self.cp.linear([(cost, 1)] + [(v, -k * a) for v, a in count], k * constant - k * (k + 1) // 2)
        total = _total(count)
        self.derived.append((cost, lambda values: (lambda n: n * (n - 1) // 2)(total(values) + constant)))
        return cost

    def _term_early(self) -> None:
        prep = self.prep
        self.term_vars["early"] = [
            (v, prep.working(s) + prep.length[i]) for i in range(prep.n) for s, v in self.x[i].items()
        ]

    def _term_preferred_time(self) -> None:
        """One per session starting outside its preferred times (the starts :meth:`Prepared.unwished` gives)."""
        prep = self.prep
        out: Terms = []
        for i in range(prep.n):
            outside = prep.unwished(i)
            out += [(v, 1) for s, v in self.x[i].items() if s in outside] if outside else []
        self.term_vars["preferred-time"] = out

    def _term_overlap(self) -> None:
        capacity = sum(cls.total for cls in self.prep.classes)
        out: Terms = []
        offset = 0
        for row in self._by_step().values():
            self.listen()
            lits = [(v, 1) for v in row if v >= 0]
            fixed = len(row) - len(lits)
            top = min(len(row), capacity)
            if top < 2:
                continue
            if not lits:
                offset += fixed * (fixed - 1) // 2
                continue
            out.append((self._tangents(lits, fixed, top), 1))
        self.term_vars["overlap"] = out
        self.term_offset["overlap"] = offset

    def _term_optional_conflicts(self) -> None:
        prep = self.prep
        occ = self.occ()
        out: Terms = []
        offset = 0
        for name, sessions in prep.sessions_of.items():
            self.listen()
            required = set(prep.required_of.get(name, ()))
            busy = prep.busy.get(name, frozenset())
            if len(sessions) < 2 and not (busy and set(sessions) - required):
                continue
            steps: dict[int, list[int]] = defaultdict(list)
            for i in sessions:
                for t, v in occ[i].items():
                    steps[t].append(v)
            alike: dict[tuple[int, ...], int] = {}  # steps of the same running variables: one count, weighed
            for t, row in steps.items():
                lits = [(v, 1) for v in row if v >= 0]
                fixed = len(row) - len(lits) + (1 if t in busy else 0)
                # Required sessions never meet a busy step (their starts exclude it), so busy only
                # ever meets optional ones; two required sessions never overlap (a hard rule).
                top = min(len(row) + (1 if t in busy else 0), len(set(sessions) - required) + 1)
                if top < 2:
                    continue
                if not lits:
                    offset += fixed * (fixed - 1) // 2
                    continue
                key = (fixed, top, *(v for v, _ in lits))
                alike[key] = alike.get(key, 0) + 1
            out += [(self._tangents([(v, 1) for v in key[2:]], key[0], key[1]), k) for key, k in alike.items()]
        self.term_vars["optional-conflicts"] = out
        self.term_offset["optional-conflicts"] = offset
        self._clique_cut(out)

    def _clique_cut(self, conflicts: Terms) -> None:
        """A lower bound the LP can read: in a set S of sessions every two of which share someone,
        any two running at once cost at least one conflict per step (two sharing only required
        people never run at once), so conflicts >= sum over steps of C(n_S(t), 2). With S's total
        length above the steps available, this forces conflicts that C(k, 2) per person, spread
        thin by fractional starts, does not show."""
        clique = heaviest_clique(self.prep)
        if len(clique) < 3:
            return
        occ = self.occ()
        capacity = sum(cls.total for cls in self.prep.classes)
        steps: dict[int, list[int]] = defaultdict(list)
        for i in clique:
            for t, v in occ[i].items():
                steps[t].append(v)
        alike: dict[tuple[int, ...], int] = {}  # steps of the same running variables: one count, weighed
        for row in steps.values():
            lits = [v for v in row if v >= 0]
            fixed = len(row) - len(lits)
            top = min(len(row), capacity)
            if top >= 2 and lits:
                alike[(fixed, top, *lits)] = alike.get((fixed, top, *lits), 0) + 1
        cut: Terms = [(self._tangents([(v, 1) for v in key[2:]], key[0], key[1]), k) for key, k in alike.items()]
        if cut:
            # conflicts >= cut
            self.cp.linear(conflicts + [(v, -a) for v, a in cut], -self.term_offset["optional-conflicts"], 2**62)

    def _term_back_to_back(self) -> None:
        prep = self.prep
        ends: dict[int, Terms] = defaultdict(list)
        begins: dict[int, Terms] = defaultdict(list)
        for i in range(prep.n):
            for s, v in self.x[i].items():
                w = prep.joined(s)
                begins[w].append((v, 1))
                ends[w + prep.length[i]].append((v, 1))
        out: Terms = []
        for w in sorted(ends.keys() & begins.keys()):
            self.listen()
            e = self._sum(ends[w])
            b = self._sum(begins[w])
            p = self.new_int(0, len(ends[w]) * len(begins[w]))
            self.derived.append((p, _product(e, b)))
            ct = self.cp.proto.constraints.add()
            ct.int_prod.target.vars.append(p)
            ct.int_prod.target.coeffs.append(1)
            for var in (e, b):
                expr = ct.int_prod.exprs.add()
                expr.vars.append(var)
                expr.coeffs.append(1)
            out.append((p, 1))
        self.term_vars["back-to-back"] = out

    def _sum(self, terms: Terms) -> int:
        v = self.new_int(0, sum(a for _, a in terms))
        self.cp.linear([(v, -1)] + terms, 0, 0)
        self.derived.append((v, _total(terms)))
        return v

    def _term_larger_rooms(self) -> None:
        prep = self.prep
        finite = [r.seats for r in prep.problem.rooms if r.seats is not None]
        top = max(finite, default=0)
        sizes = [top if r.seats is None else r.seats for r in prep.problem.rooms]

        def cost(c: int) -> int:
            seats = prep.classes[c].seats
            own = top if seats is None else seats
            return sum(v - own for v in sizes if v > own)

        self.term_vars["larger-rooms"] = [(v, cost(c)) for i in range(prep.n) for c, v in self.y[i].items() if cost(c)]

    def _term_room_stability(self) -> None:
        """Pairs of a required participant's sessions within two steps (days joined: a break counts, a
        night does not), in different classes.

        With classes of several rooms this counts only changes of class: a lower bound of the true
        count (the checker counts rooms), so the bound stays valid; rooms are then numbered to keep
        such pairs together.
        """
        prep = self.prep
        weight: dict[tuple[int, int], int] = defaultdict(int)
        for sessions in prep.required_of.values():
            for k, a in enumerate(sessions):
                for b in sessions[k + 1 :]:
                    weight[(min(a, b), max(a, b))] += 1
        wstart: dict[int, int] = {}

        def working_start(i: int) -> int:
            if i not in wstart:
                ws = [prep.joined(s) for s in self.x[i]]
                v = self.new_int(min(ws), max(ws))
                terms = [(lit, prep.joined(s)) for s, lit in self.x[i].items()]
                self.cp.linear([(v, -1), *terms], 0, 0)
                self.derived.append((v, _total(terms)))
                wstart[i] = v
            return wstart[i]

        out: Terms = []
        for (a, b), count in weight.items():
            self.listen()
            if set(self.y[a]) == set(self.y[b]) and len(self.y[a]) == 1:
                continue  # one class for both: never a change of class
            wa, wb = working_start(a), working_start(b)
            near, far_ab, far_ba, diff = self.cp.new_bools(4)
            la, lb = prep.length[a], prep.length[b]
            self.cp.linear([(wb, 1), (wa, -1)], la + 3, 2**62, enforce=[far_ab])
            self.cp.linear([(wa, 1), (wb, -1)], lb + 3, 2**62, enforce=[far_ba])
            self.cp.bool_or([near, far_ab, far_ba])
            for c in set(self.y[a]) | set(self.y[b]):
                terms = [(diff, -1)]
                if c in self.y[a]:
                    terms.append((self.y[a][c], 1))
                if c in self.y[b]:
                    terms.append((self.y[b][c], -1))
                self.cp.linear(terms, -(2**62), 0)  # diff >= y[a][c] - y[b][c]
            pen = self.cp.new_bool()
            self.cp.linear([(pen, 1), (near, -1), (diff, -1)], -1, 2**62)  # pen >= near + diff - 1
            ya, yb = self.y[a], self.y[b]
            self.derived += [
                (far_ab, _apart(wa, wb, la)),
                (far_ba, _apart(wb, wa, lb)),
                (near, _neither(far_ab, far_ba)),
                (diff, _differ(ya, yb)),
                (pen, _product(near, diff)),
            ]
            out.append((pen, count))
        self.term_vars["room-stability"] = out

    def _term_moves(self) -> None:
        """A session is moved unless it keeps its reference start and (when known) its room."""
        prep = self.prep
        problem = prep.problem
        reference = problem.reference.by_title() if problem.reference is not None else {}
        out: Terms = []
        for i, s in enumerate(problem.sessions):
            ref = reference.get(s.title)
            if ref is None or ref.start is None:
                if problem.reference is not None:  # added: moved whatever happens (the checker's count)
                    self.term_offset["moves"] = self.term_offset.get("moves", 0) + 1
                continue
            moved = self.cp.new_bool()
            step = problem.workdays.step(ref.start)
            needed: list[int | None] = [self.x[i].get(step) if step is not None else None]
            if ref.room is not None:
                cls = prep.class_of_room.get(ref.room)
                needed.append(self.y[i].get(cls) if cls is not None else None)
            for lit in needed:  # moved >= 1 - lit (moved = 1 when the literal cannot hold)
                self.cp.linear([(moved, 1)] + ([(lit, 1)] if lit is not None else []), 1, 2**62)
            self.derived.append((moved, _moved(needed)))
            out.append((moved, 1))
        self.term_vars["moves"] = out

    def _term_displacement(self) -> None:
        """Per session with a reference time, its start's distance from it
        (:func:`~scheduler.meetings.nearness.displacement`, the one rule): linear in the start literals."""
        problem = self.prep.problem
        out: Terms = []
        for i, was in published_starts(problem).items():
            out += [(v, far) for s, v in self.x[i].items() if (far := displacement(problem, was, s))]
        self.term_vars["displacement"] = out

    def on_day(self, i: int, day: int) -> int:
        """Whether session ``i`` is held on ``day``: a Boolean (the sum of its starts that day), or ``-1``
        when all its starts are on that day (the constant 1; made once per session and day)."""
        key = (i, day)
        if key not in self._on_day:
            day_of = self.prep.problem.workdays.day_of
            lits = [(v, 1) for s, v in self.x[i].items() if day_of(s) == day]
            if len(lits) == len(self.x[i]):
                self._on_day[key] = -1
            else:
                z = self.cp.new_bool()
                self.cp.linear([(z, -1), *lits], 0, 0)
                self.derived.append((z, _total(lits)))
                self._on_day[key] = z
        return self._on_day[key]

    def _person_days(self, only: tuple[str, ...]) -> list[dict[int, list[int]]]:
        """Per person counted, the sessions (of theirs) that may be held on each day."""
        day_of = self.prep.problem.workdays.day_of
        out = []
        for _, sessions in self.prep.counted(only):
            days: dict[int, list[int]] = defaultdict(list)
            for i in sessions:
                for d in sorted({day_of(s) for s in self.x[i]}):
                    days[d].append(i)
            out.append(days)
        return out

    def _term_participant_days(self, only: tuple[str, ...] = ()) -> None:
        """Per person counted, one Boolean per day they may have to come, at least each of their sessions'
        "held that day"; the term is their sum less one per person (a day all of a session's starts are
        on is a constant 1)."""
        out: Terms = []
        offset = 0
        for days in self._person_days(only):
            self.listen()
            if not days:
                continue
            offset -= 1
            for d, sessions in days.items():
                lits = [self.on_day(i, d) for i in sessions]
                if -1 in lits:
                    offset += 1
                    continue
                present = self.cp.new_bool()
                for z in lits:
                    self.cp.linear([(present, 1), (z, -1)], 0, 2**62)  # present >= z
                self.derived.append((present, _any_of(lits)))
                out.append((present, 1))
        self.term_vars["participant-days"] = out
        self.term_offset["participant-days"] = offset

    def _term_idle(self, only: tuple[str, ...] = ()) -> None:
        """Per person counted and day with two or more of their sessions possible: ``first`` at most each
        start held that day, ``last`` at least each end, and idle >= last - first - the steps of their
        sessions held that day (required sessions never overlap; minimising makes it equal)."""
        out: Terms = []
        for days in self._person_days(only):
            self.listen()
            for d, sessions in days.items():
                if len(sessions) < 2:
                    continue
                out.append((self._idle_of(d, sessions), 1))
        self.term_vars["idle"] = out

    def _idle_of(self, day: int, sessions: list[int]) -> int:
        """One person's idle steps on ``day`` among ``sessions`` (see :meth:`_term_idle`)."""
        prep = self.prep
        day_of = prep.problem.workdays.day_of
        lo = min(s for i in sessions for s in self.x[i] if day_of(s) == day)
        hi = max(s + prep.length[i] for i in sessions for s in self.x[i] if day_of(s) == day)
        first, last, idle = self.new_int(lo, hi), self.new_int(lo, hi), self.new_int(0, hi - lo)
        held = [(i, self.on_day(i, day)) for i in sessions]
        busy: Terms = []
        fixed = 0
        for i, z in held:
            enforce = [] if z == -1 else [z]
            self.cp.linear([(first, 1), (self.start[i], -1)], -(2**62), 0, enforce=enforce)
            self.cp.linear([(last, 1), (self.start[i], -1)], prep.length[i], 2**62, enforce=enforce)
            if z == -1:
                fixed += prep.length[i]
            else:
                busy.append((z, prep.length[i]))
        # idle >= last - first - busy
        self.cp.linear([(idle, 1), (last, -1), (first, 1), *busy], -fixed, 2**62)
        self.derived += [
            (first, _first_held(held, self.start, lo)),
            (last, _last_held(held, self.start, prep.length, lo)),
            (idle, _idle_held(first, last, held, prep.length)),
        ]
        return idle

    def complete(self, values: dict[int, int]) -> dict[int, int]:
        """``values`` of the decision variables (x and y) completed with every derived one."""
        out = dict(values)
        for var, rule in self.derived:
            out[var] = rule(out)
        return out

    # -- objective -----------------------------------------------------------------------------

    def level_terms(self, terms: list[Term]) -> tuple[Terms, int]:
        """The weighted sum of ``terms`` as (variable, coefficient) pairs and a constant."""
        merged: dict[int, int] = defaultdict(int)
        offset = 0
        for term in terms:
            for v, a in self.term_vars[term.name]:
                merged[v] += term.weight * a
            offset += term.weight * self.term_offset.get(term.name, 0)
        return [(v, a) for v, a in merged.items() if a], offset


def _total(terms: Terms) -> Derive:
    return lambda values: sum(a * values[v] for v, a in terms)


# The derived variables' values (made by functions, not lambdas in the loops: each keeps its own variables).
def _sooner_end(a: int, la: int, b: int, lb: int) -> Derive:
    return lambda v: min(v[a] + la, v[b] + lb)


def _later_start(a: int, b: int) -> Derive:
    return lambda v: max(v[a], v[b])


def _overlap(hi: int, lo: int) -> Derive:
    return lambda v: max(0, v[hi] - v[lo])


def _product(a: int, b: int) -> Derive:
    return lambda v: v[a] * v[b]


def _apart(first: int, then: int, length: int) -> Derive:
    """1 when ``then`` starts at least ``length + 3`` steps after ``first``."""
    return lambda v: int(v[then] >= v[first] + length + 3)


def _day_of(start: int, per_day: int) -> Derive:
    return lambda values: values[start] // per_day


def _held(z: int, v: dict[int, int]) -> bool:
    return z == -1 or bool(v[z])


def _first_held(held: list[tuple[int, int]], start: list[int], lo: int) -> Derive:
    return lambda v: min((v[start[i]] for i, z in held if _held(z, v)), default=lo)


def _last_held(held: list[tuple[int, int]], start: list[int], length: list[int], lo: int) -> Derive:
    return lambda v: max((v[start[i]] + length[i] for i, z in held if _held(z, v)), default=lo)


def _idle_held(first: int, last: int, held: list[tuple[int, int]], length: list[int]) -> Derive:
    return lambda v: max(0, v[last] - v[first] - sum(length[i] for i, z in held if _held(z, v)))


def _any_of(literals: list[int]) -> Derive:
    return lambda v: int(any(v[lit] for lit in literals))


def _neither(f: int, g: int) -> Derive:
    return lambda v: int(not (v[f] or v[g]))


def _differ(ya: dict[int, int], yb: dict[int, int]) -> Derive:
    return lambda v: int(_chosen(ya, v) != _chosen(yb, v))


def _moved(needed: list[int | None]) -> Derive:
    return lambda v: int(not all(n is not None and v[n] for n in needed))


def _chosen(choice: dict[int, int], values: dict[int, int]) -> int | None:
    return next((c for c, v in choice.items() if values[v]), None)


def heaviest_clique(prep: Prepared, limit: int = 20000) -> list[int]:
    """Sessions every two of which share a participant, as long in total as found: a greedy start,
    then a bounded branch-and-bound (``limit`` nodes) over sessions by decreasing length."""
    n = prep.n
    # Neighbours through each participant's sessions, not by testing every pair (2,000 meetings:
    # 0.74 s over every pair, a few hundredths of a second this way).
    near: list[set[int]] = [set() for _ in range(n)]
    for sessions in prep.sessions_of.values():
        for i in sessions:
            near[i].update(sessions)
    for i in range(n):
        near[i].discard(i)
    order = sorted(range(n), key=lambda i: -prep.length[i])
    best: list[int] = []
    best_len = 0
    nodes = 0

    def grow(chosen: list[int], length: int, candidates: list[int]) -> None:
        nonlocal best, best_len, nodes
        nodes += 1
        if length > best_len:
            best, best_len = list(chosen), length
        if nodes > limit or length + sum(prep.length[c] for c in candidates) <= best_len:
            return
        for k, c in enumerate(candidates):
            rest = [d for d in candidates[k + 1 :] if d in near[c]]
            grow([*chosen, c], length + prep.length[c], rest)
            if nodes > limit:
                return

    grow([], 0, order)
    return best
