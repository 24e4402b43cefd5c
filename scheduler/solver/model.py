"""The set-partitioning model: one Boolean per (group, start slot).

A *group* is a set of units received together in one room and hour: a single
unit, or units that every rule allows to share (an allowed pair, usually).
Variable ``x[g, t]`` says group ``g`` meets in slot ``t``. A unit's start in slot
``t`` is the sum of the variables of the groups containing it. Rooms are not
variables: the capacity rule bounds the number of groups per slot, size class
by size class, and rooms are numbered afterwards (:mod:`scheduler.solver.rooms`).

Why this formulation: pairwise "these two may not share" clauses never proved
the notice's optimum in minutes; this one proves it in milliseconds (see
docs/model.md and docs/performance.md).

The builder is the rules' :class:`~scheduler.rules.ports.SlotModel` port: each
rule posts its own constraints into it (``Rule.post_slots``) through the named
queries below (``start_terms``, ``groups_at``...), never through raw indices.

The builder serves two modes. Solving drops forbidden starts from the model.
Explaining keeps them and guards each rule instance with an assumption literal,
so the solver can say which instances clash (:mod:`scheduler.solver.diagnose`).
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from itertools import chain

from scheduler.domain import Problem, Unit, labels
from scheduler.rules.base import Rule
from scheduler.rules.ports import Terms
from scheduler.rules.registry import UNIT_RULES, allows, restrictions
from scheduler.rules.values import Instance
from scheduler.solver.counting import category_windows
from scheduler.solver.cpsat import INT_MAX, CpModel
from scheduler.solver.deadline import Deadline, OutOfTime

MAX_GROUPS = 200_000
"""More groups than this and the set-partitioning model is not built (:class:`TooManyGroups`):
the caller keeps the greedy timetable and its bound instead (docs/performance.md)."""


MAX_VARIABLES = 2_000_000
"""A model of more group variables than this is not built: about 300 bytes each, it would
pass the 1 GB the library promises to stay under (docs/performance.md)."""
SECONDS_PER_VARIABLE = 15e-6
"""What building a model costs per group variable, rules and objective included (measured
about 5-10 us on the benchmark machine; the margin covers a busy one)."""


RATE_MEMORY = 120.0
"""Seconds a rate learned from a slow build is trusted: long enough for the rest of the command
that learned it (its explanation asked right after), short enough that a long-lived process
(the web app, an embedding service) does not refuse every later model after one busy spell:
a refused model builds nothing, so it could never learn that the machine is calm again."""

_rate = [SECONDS_PER_VARIABLE, -math.inf]
"""The build cost per variable used for estimates and when it was learned: the default, or
slower for :data:`RATE_MEMORY` seconds if a model built in this process took longer (a busy
machine)."""


def _build_rate() -> float:
    """The rate estimates use: the learned one while it is fresh, else the default."""
    rate, learned = _rate
    return rate if time.perf_counter() - learned <= RATE_MEMORY else SECONDS_PER_VARIABLE


class TooManyGroups(Exception):
    """The groups the labels allow are too many for the set-partitioning model."""


def allowed_groups(
    problem: Problem,
    rules: Sequence[Rule] = UNIT_RULES,
    within: Mapping[str, AbstractSet[int]] | None = None,
    limit: int = MAX_GROUPS,
    deadline: Deadline | None = None,
) -> list[tuple[int, ...]]:
    """Every group of units (as table positions) that all rules allow to share a room-hour.

    Singletons come first, then multi-unit groups drawn from each parallel-group label.
    With ``within`` (unit -> the slots it is limited to), only groups whose members share
    a slot: a label of hundreds of units held at their own slots makes few groups, not
    every pair of them. :class:`TooManyGroups` past ``limit``; :class:`OutOfTime` once
    ``deadline`` has passed or its call was stopped (a look every 1,024 groups asked about:
    at 5,000 units the groups take half a second).
    """
    groups: list[tuple[int, ...]] = [(i,) for i in range(len(problem.units))]
    by_label: dict[str, list[int]] = defaultdict(list)
    for i, unit in enumerate(problem.units):
        for label in sorted(labels(unit)):
            by_label[label].append(i)
    limits = within or {}
    slots_of = [limits.get(u.name) for u in problem.units]
    seen: set[tuple[int, ...]] = set()
    largest = problem.max_capacity
    combos = chain.from_iterable(_combos(m, min(largest, len(m)), slots_of) for m in by_label.values())
    for asked, combo in enumerate(combos, 1):
        if asked % 1024 == 0 and deadline is not None and deadline.expired():
            raise OutOfTime
        if combo in seen:
            continue
        units = [problem.units[i] for i in combo]
        if allows(problem, units, rules):
            seen.add(combo)
            groups.append(combo)
            if len(groups) > limit:
                raise TooManyGroups
    return groups


def _combos(members: list[int], largest: int, slots_of: Sequence[AbstractSet[int] | None]) -> Iterator[tuple[int, ...]]:
    """Subsets of ``members`` of 2 to ``largest`` units whose slots (``None``: any) intersect, in order."""

    def grow(combo: tuple[int, ...], common: AbstractSet[int] | None, rest: int) -> Iterator[tuple[int, ...]]:
        if len(combo) >= 2:
            yield combo
        if len(combo) == largest:
            return
        for k in range(rest, len(members)):
            other = slots_of[members[k]]
            both = common if other is None else other if common is None else common & other
            if both is None or both:
                yield from grow((*combo, members[k]), both, k + 1)

    for k, first in enumerate(members):
        yield from grow((first,), slots_of[first], k + 1)


class ModelBuilder:
    """Builds the CP-SAT model of a problem; rules and objectives post into it.

    ``horizon`` limits the slots used (the first ``horizon`` slots; from a known
    solution, so it never cuts off an optimum). Unless explaining, each category's
    units meet only inside its window within the horizon
    (:func:`~scheduler.solver.counting.category_windows`: after the slots the earlier
    categories fill at least, before those of the later ones), which every timetable
    keeps when the category order is among ``rules``: a one-room table of 2,000 units in
    15 categories has 226,000 variables instead of 4 million, and ``stable`` without a
    greedy timetable gets a model at all (docs/benchmarks.md, "Twenty-second session").
    While explaining, the order stays a constraint of its own, so it can be named.
    ``fixed`` holds units at a slot (``stable``, once the fewest moves are known to keep
    them); ``within`` limits units to sets of slots. ``windows`` replaces the problem's own category
    windows (a block of a larger table, :mod:`scheduler.solver.blocks`: that table's windows).

    ``optional`` (units limited by ``fixed`` or ``within``) makes a *relaxation* for
    the ``stable`` bounds (:mod:`scheduler.solver.stable`): each such unit either
    meets within its slots or is *absent* (:attr:`absent`, one literal per unit,
    standing for "somewhere else"), and an absent unit that could share a room no
    longer counts in the counting bounds (:meth:`excused`). Every timetable maps
    onto this model with the optional units it places elsewhere absent, so the
    model's optimum (with absence costing what leaving costs at least) bounds the
    real one from below.
    """

    def __init__(
        self,
        problem: Problem,
        horizon: int | None = None,
        explaining: bool = False,
        rules: Sequence[Rule] = UNIT_RULES,
        fixed: Mapping[str, int] | None = None,
        optional: Iterable[str] = (),
        within: Mapping[str, AbstractSet[int]] | None = None,
        deadline: Deadline | None = None,
        group_limit: int | None = None,
        switch: Callable[[ModelBuilder, int, Mapping[str, range]], bool] | None = None,
        ahead: Callable[[ModelBuilder, Mapping[str, range]], bool] | None = None,
        windows: Mapping[str, range] | None = None,
    ) -> None:
        started = time.perf_counter()
        self.problem = problem
        self.deadline = deadline
        """Checked while building: :class:`~scheduler.solver.deadline.OutOfTime` once it has passed."""
        self.group_limit = MAX_GROUPS if group_limit is None else group_limit
        """More groups than this and the model is not built (:class:`TooManyGroups`)."""
        self._switch = switch
        """Asked with the estimated group variables and the category windows before any is made:
        ``True`` and the model is not built (:class:`TooManyGroups`; :func:`scheduler.solver.labelled.slot_model`).
        ``ahead``, asked with the category windows before the groups are enumerated, says ``True`` when ``switch``
        would surely say so (or the groups pass the cap): the model is then refused before its groups are made."""
        self.check_time()  # a call stopped (or out of time) before the build: not a moment spent on it
        self.explaining = explaining
        self.cp = CpModel()
        slots = len(problem.calendar)
        self.horizon = range(min(slots, horizon if horizon is not None else slots))
        # The slots rules forbid depend on the problem only: collected once (cached).
        self._forbidden = restrictions(problem, rules)
        self._reasons: dict[Instance, int] = {}
        # While explaining, a nameable rule's grouping limits become guarded
        # constraints that the rule posts itself, so they can be named too.
        self.within: dict[str, AbstractSet[int]] = dict(within or {})
        """Unit -> the slots it is limited to (``fixed`` and ``within`` together)."""
        self.within.update((name, frozenset((t,))) for name, t in (fixed or {}).items())
        grouping = [r for r in rules if not r.nameable or not explaining]
        ordered = not explaining and any(rule.phases(problem) for rule in rules)
        if ordered and windows is None:
            windows = category_windows(problem, len(self.horizon))
        self.windows: Mapping[str, range] = windows if ordered and windows is not None else {}
        """Each ordered category's window its units are kept in (empty: none kept, as while explaining)."""
        if ahead is not None and ahead(self, self.windows):
            raise TooManyGroups  # ``switch``'s answer known before a group is made (the groups are the cost)
        self.groups = self._grouped(grouping)
        self._make_variables(self.windows)
        self.absent: dict[str, int] = {}
        """Optional unit -> the literal "it is absent" (numbered right after the group variables)."""
        for name in optional:
            literal = self.absent[name] = self.cp.new_bool()
            self._by_unit[name].append(literal)
        if explaining:
            self._post_forbidden_as_constraints()
        try:
            for rule in rules:
                self.check_time()
                rule.post_slots(self)
            self.check_time()
        except OutOfTime:
            # Every variable made, the rules cut short: the whole build costs at least this much a variable,
            # so the same model asked again with less time left is refused at once (pert, 2,000 units,
            # T = 20, load 11: the pipeline's model ran out of its half after 11.4 s, the explanation then
            # built it again with 5.5 s left of its share and ended 6 s past the limit).
            if self.cp.num_variables > 10_000:
                now = time.perf_counter()
                _rate[:] = [max(_build_rate(), (now - started) / self.cp.num_variables), now]
            raise
        if self.cp.num_variables > 10_000:  # large enough to time: learn how fast models build here
            now = time.perf_counter()
            _rate[:] = [max(SECONDS_PER_VARIABLE, (now - started) / self.cp.num_variables), now]

    def _grouped(self, grouping: Sequence[Rule]) -> list[tuple[int, ...]]:
        """The groups the model has a variable for: every group ``grouping`` allows
        (:func:`allowed_groups`; :class:`TooManyGroups` past :attr:`group_limit` or :data:`MAX_GROUPS`)."""
        return allowed_groups(self.problem, grouping, self.within, min(self.group_limit, MAX_GROUPS), self.deadline)

    def _check_size(self, windows: Mapping[str, range]) -> None:
        """Refuse (:class:`TooManyGroups`) a model too large to fit in memory, or (:class:`OutOfTime`)
        one whose building alone would take more time than is left: counted before a variable is made."""
        horizon = len(self.horizon)
        units = self.problem.units
        estimate = 0
        for members in self.groups:
            limits = [self.within[units[i].name] for i in members if units[i].name in self.within]
            window = windows.get(units[members[0]].category)
            estimate += min([horizon, *(len(limit) for limit in limits), *([len(window)] if window else [])])
        if estimate > MAX_VARIABLES or (self._switch is not None and self._switch(self, estimate, windows)):
            raise TooManyGroups
        self._deadline_allows(estimate)

    def _deadline_allows(self, estimate: int) -> None:
        """:class:`OutOfTime` when building ``estimate`` variables would take more time than is left."""
        if self.deadline is not None and estimate * _build_rate() > self.deadline.remaining():
            raise OutOfTime

    def check_time(self) -> None:
        """Stop building (raise :class:`~scheduler.solver.deadline.OutOfTime`) once the deadline has passed."""
        if self.deadline is not None and self.deadline.expired():
            raise OutOfTime

    # -- building ----------------------------------------------------------------

    def _start_indexes(self) -> None:
        """The empty indexes of the group variables (by group, slot, unit, category)."""
        self.var_group: list[int] = []
        self.var_slot: list[int] = []
        self._by_unit_slot: dict[tuple[str, int], list[int]] = defaultdict(list)
        self._by_unit: dict[str, list[int]] = defaultdict(list)
        self._slots_of: dict[str, set[int]] = defaultdict(set)
        self._by_slot: dict[int, list[tuple[int, int]]] = defaultdict(list)
        self._by_slot_category: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)

    def _make_variables(self, windows: Mapping[str, range]) -> None:
        problem = self.problem
        names = [u.name for u in problem.units]
        self._start_indexes()
        everywhere = frozenset(self.horizon)
        blocked = self._forbidden.blocked
        self._check_size(windows)
        since_check = 0
        for g, members in enumerate(self.groups):
            if since_check > 20_000:  # a look at the clock every few milliseconds of building
                self.check_time()
                since_check = 0
            member_names = [names[i] for i in members]
            category = next((problem.units[i].category for i in members if problem.units[i].category), "")
            in_category = sum(1 for i in members if problem.units[i].category == category)
            window = windows.get(category)
            limits = [self.within[n] for n in member_names if n in self.within]
            open_slots = everywhere.intersection(*limits) if limits else everywhere
            if window is not None:
                open_slots = open_slots.intersection(window)
            if not self.explaining:  # forbidden starts get no variable (set operations, not a loop)
                open_slots = open_slots.difference(*(blocked(n) for n in member_names))
            ordered = sorted(open_slots)
            made = self.cp.new_bools(len(ordered))
            since_check += len(ordered) + 1
            self.var_group.extend([g] * len(ordered))
            self.var_slot.extend(ordered)
            for n in member_names:
                self._by_unit[n].extend(made)
                self._slots_of[n].update(ordered)
            size = len(members)
            for var, t in zip(made, ordered, strict=True):
                for n in member_names:
                    self._by_unit_slot[(n, t)].append(var)
                self._by_slot[t].append((var, size))
                self._by_slot_category[(t, category)].append((var, in_category))

    def _post_forbidden_as_constraints(self) -> None:
        for unit in self._forbidden.units():
            for reason, slots in self._forbidden.by_reason(unit).items():
                for t in sorted(slots):
                    for var in self._by_unit_slot.get((unit, t), []):
                        self.cp.linear([(var, 1)], hi=0, enforce=[self.reason(reason)])

    def reason(self, instance: Instance) -> int:
        """The assumption literal guarding a rule instance (explaining only)."""
        if instance not in self._reasons:
            self._reasons[instance] = self.cp.new_bool()
        return self._reasons[instance]

    @property
    def reasons(self) -> dict[Instance, int]:
        """Every rule instance guarded so far, with its literal."""
        return dict(self._reasons)

    # -- what rules call (the SlotModel port) ---------------------------------------

    def new_bool(self) -> int:
        return self.cp.new_bool()

    def bool_or(self, literals: Sequence[int]) -> None:
        self.cp.bool_or(literals)

    def start_terms(self, unit: str, t: int) -> list[int]:
        """Variables whose sum says ``unit`` starts in slot ``t``."""
        return self._by_unit_slot.get((unit, t), [])

    def all_starts(self, unit: str) -> list[int]:
        """Every variable that places ``unit`` somewhere."""
        return self._by_unit.get(unit, [])

    def category_window(self, category: str) -> range | None:
        """The slots ``category``'s units are kept in (``None``: not kept, as while explaining)."""
        return self.windows.get(category)

    def start_slots(self, unit: str) -> AbstractSet[int]:
        """The slots where ``unit`` has a variable (where :meth:`start_terms` is not empty)."""
        return self._slots_of.get(unit, frozenset())

    def excused(self, category: str | None = None) -> Terms:
        """(literal, 1) for each absent unit that a counting bound need not cover.

        An absent unit (``optional``) that could share a room may have joined
        another group, so it needs no room of its own; one that shares with no one
        still takes a room in its category's hours, so it stays counted.
        ``category=None``: every such unit, whatever its category."""
        units = self.problem.units
        if self.problem.max_capacity < 2:
            return []
        return [
            (literal, 1)
            for name, literal in self.absent.items()
            if labels(unit := units[self.problem.position(name)]) and (category is None or unit.category == category)
        ]

    def groups_at(self, t: int) -> list[int]:
        """The group variables of slot ``t``."""
        return [v for v, _ in self._by_slot.get(t, [])]

    def groups_with_size_at(self, t: int) -> list[tuple[int, int]]:
        """(variable, group size) for every group variable of slot ``t``."""
        return self._by_slot.get(t, [])

    def category_groups_at(self, t: int, category: str) -> list[tuple[int, int]]:
        """(variable, members of ``category``) for the groups of ``category`` in slot ``t``.

        A group's category is that of its members that have one."""
        return self._by_slot_category.get((t, category), [])

    def merges_at(self, t: int, category: str | None = None) -> Terms:
        """(variable, members - 1) for each group of two or more in slot ``t`` (of ``category``; ``None``:
        any): the units there beyond one a room."""
        groups = self.groups_with_size_at(t) if category is None else self.category_groups_at(t, category)
        return [(v, members - 1) for v, members in groups if members > 1]

    def linear(
        self,
        terms: Terms,
        lo: int = -INT_MAX,
        hi: int = INT_MAX,
        reason: Instance | None = None,
    ) -> None:
        """``lo <= sum <= hi``; while explaining, guarded by ``reason``'s literal."""
        enforce = [self.reason(reason)] if self.explaining and reason is not None else []
        self.cp.linear(terms, lo, hi, enforce)

    def exactly_one(self, variables: Sequence[int]) -> None:
        self.cp.exactly_one(variables)

    def at_most(self, variables: Sequence[int], limit: int) -> None:
        if limit == 1:
            self.cp.at_most_one(variables)
        else:
            self.cp.linear([(v, 1) for v in variables], hi=limit)

    def variables(self) -> list[tuple[int, tuple[Unit, ...]]]:
        """Every group variable with the units of its group."""
        units = self.problem.units
        return [(var, tuple(units[i] for i in self.groups[g])) for var, g in enumerate(self.var_group)]

    # -- reading a solution --------------------------------------------------------

    def placements(self, values: Sequence[int]) -> dict[int, list[tuple[Unit, ...]]]:
        """Slot -> the groups (as units) meeting in it, for a solution's values."""
        out: dict[int, list[tuple[Unit, ...]]] = defaultdict(list)
        units = self.problem.units
        for var, g in enumerate(self.var_group):
            if values[var]:
                out[self.var_slot[var]].append(tuple(units[i] for i in self.groups[g]))
        return dict(out)

    def hint(self, slot_groups: Mapping[int, Iterable[tuple[Unit, ...]]]) -> int:
        """Hint a known timetable; returns how many of its groups have a variable."""
        index = {members: g for g, members in enumerate(self.groups)}
        position = {u.name: i for i, u in enumerate(self.problem.units)}
        wanted: set[tuple[int, int]] = set()
        for t, groups in slot_groups.items():
            for group in groups:
                key = tuple(sorted(position[u.name] for u in group))
                if key in index:
                    wanted.add((index[key], t))
        self.check_time()
        values = {var: int((g, self.var_slot[var]) in wanted) for var, g in enumerate(self.var_group)}
        hinted = sum(values.values())
        placed = {
            self.problem.units[i].name for var, g in enumerate(self.var_group) if values[var] for i in self.groups[g]
        }
        values.update((literal, int(name not in placed)) for name, literal in self.absent.items())
        self.cp.hint(values)
        return hinted
