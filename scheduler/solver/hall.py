"""Clashes proven by matching: units whose free slots, all together, offer fewer places than there
are units (Hall's theorem). No search, no OR-Tools.

Each unit keeps the slots the narrowing leaves it (:mod:`scheduler.solver.narrowing`: its own limits,
then the category order and the links cut in turn); a slot receives at most
:func:`~scheduler.solver.counting.per_slot` units (rooms, their capacity, the largest parallel group:
an upper figure, so the claim is never more than is proven). A matching of units to slots
(:func:`~scheduler.solver.matching.hall_set`) that cannot place them all gives the proof: ``N`` units
that can only meet in ``M`` slots of ``K`` places, ``K < N``.

QA qashapes20's 2,000-unit one-room table with a fifth of its units unavailable at their published
half-day (s4-pert) had no timetable that the count, the narrowing or a model small enough to build
could show; the matching finds 536 units of 类别01-类别04 with 535 times between two pins in 0.1 s
(docs/benchmarks.md, "Twenty-first session, explanations by matching").

The rules the proof rests on: each unit's place in the order and its own limits, for the units of the
set and those whose cuts narrowed them (each cut remembers the unit it came from), and the links among
them; then, in the time the caller gives, less each one the matching still finds a set without
(:attr:`Hall.fewest` says whether it got through them all).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Literal

from scheduler.domain import Problem, labels
from scheduler.rules.registry import Forbidden, follows, named_instances, phase_reasons, phases, restrictions
from scheduler.rules.values import Instance
from scheduler.solver.counting import per_slot
from scheduler.solver.deadline import Deadline, heard
from scheduler.solver.matching import SECONDS, HallSet, NoTime, hall_set
from scheduler.solver.narrowing import EVERY, Narrowed, _closure, _mask, _narrow, _steps, narrowed


@dataclass(frozen=True)
class Hall:
    """``units`` that can only meet in ``slots`` (indices), each receiving at most ``places`` of them:
    fewer places than units. ``instances``: the rules that leave them only those slots (``own``: of
    the units themselves, their places in the order and their own limits; the rest: of the units whose
    cuts narrowed them, and the links). ``fewest``: without any one instance the matching finds no
    such set (irreducible for this argument; ``False``: the time ran out first)."""

    units: tuple[str, ...]
    slots: tuple[int, ...]
    places: int
    instances: tuple[Instance, ...]
    own: tuple[Instance, ...]
    fewest: bool

    @property
    def room(self) -> int:
        """The places the slots offer together."""
        return self.places * len(self.slots)


def hall_clash(
    problem: Problem,
    forbidden: Forbidden | None = None,
    expired: Callable[[], bool] = lambda: False,
    done: Narrowed | None = None,
    told: bool = True,
    deadline: Deadline | None = None,
) -> Hall | None:
    """A Hall set of the table as the narrowing leaves it (``done``: already narrowed,
    :func:`~scheduler.solver.narrowing.narrowed`), with the rules it rests on (shrunk one at a time
    until ``expired``), or ``None`` when the matching places every unit (or a unit is left no slot at
    all: :func:`~scheduler.solver.narrowing.narrowed_clash` says that). Not ``told``: whether there is
    one is all that is asked (the set's rules are then every candidate, unchecked and unshrunk).
    ``deadline``: heard while the units' slots are made and by the matching
    (:class:`~scheduler.solver.deadline.OutOfTime`: nothing found yet)."""
    forbidden = forbidden if forbidden is not None else restrictions(problem)
    every = (1 << len(problem.calendar)) - 1
    table = _Table(problem, forbidden)
    start = {}
    for k, u in enumerate(sorted(table.limited, key=problem.position)):
        if k % EVERY == 0:
            heard(deadline)
        start[u] = every & ~table.blocked(u, None)
    found_narrowed = done if done is not None else narrowed(problem, forbidden, deadline)
    if found_narrowed is not None and found_narrowed[0] is not None:
        return None
    causes = found_narrowed[1] if found_narrowed is not None else {}
    domains = start | found_narrowed[2] if found_narrowed is not None else start
    found = None
    for among, places in table.passes(problem):  # the smaller set of the two
        heard(deadline)
        seconds = SECONDS if deadline is None else min(SECONDS, deadline.remaining())
        try:
            seen = hall_set({u: d for u, d in domains.items() if d != every and u in among}, places, seconds)
        except NoTime:  # no time to see one: nothing claimed
            heard(deadline)  # (the call's time, not the matching's own: nothing known)
            seen = None
        if seen is not None and (found is None or len(seen.units) < len(found.units)):
            found, table.among, table.places = seen, among, places
    if found is None:
        return None
    involved = _closure_of(found.units, causes)
    candidates: dict[Instance, None] = {}
    for unit in sorted(involved, key=problem.position):
        if unit in table.placed:
            candidates[table.placed[unit]] = None
        candidates.update(dict.fromkeys(forbidden.by_reason(unit)))
    for a, b in table.pairs:
        if a in involved and b in involved and (a, b) in table.tied:
            candidates[table.tied[a, b]] = None
    items = list(candidates)
    if not told:
        units = tuple(sorted(found.units, key=problem.position))
        slots = tuple(t for t in range(len(problem.calendar)) if found.slots >> t & 1)
        return Hall(units, slots, found.places, tuple(items), (), False)
    first = _asked(table, set(items))
    if not first:  # cannot happen (the set used only these), but never claim it unproven
        return None
    causing = {u for by in causes.values() for u in by}
    kept, fewest, final = _fewest(items, first, table, set(found.units), found.slots, expired, causing)
    members = set(final.units)
    own = tuple(i for i in kept if i.unit in members and not i.other)
    slots = tuple(t for t in range(len(problem.calendar)) if final.slots >> t & 1)
    units = tuple(sorted(final.units, key=problem.position))
    return Hall(units, slots, final.places, tuple(kept), own, fewest)


def _groups(
    kept: list[Instance], table: _Table, units: AbstractSet[str], slots: int, causing: AbstractSet[str]
) -> list[set[Instance]]:
    """Rules tried away together before one at a time, each group in one question: the set's units'
    own limits that close no slot outside its slots, of units no cut came from (they cut nothing);
    those of the units cuts came from too; the links; the other limits of the set's units that cut
    nothing and have no link (the order may close the same slots: QA's s4, 400 of 1,100 rules)."""
    inside = {i for i in kept if i.unit in units and table.closes(i, slots) is False}
    quiet = {i for i in inside if i.unit not in causing}
    alone = {i for i in kept if i.unit in units and i.unit not in causing and i.unit not in table.linked}
    limits = {i for i in alone if table.closes(i, slots) is not None} - inside
    return [quiet, inside - quiet, {i for i in kept if i.other}, limits]


def _fewest(
    items: list[Instance],
    first: HallSet,
    table: _Table,
    units: AbstractSet[str],
    slots: int,
    expired: Callable[[], bool],
    causing: AbstractSet[str] = frozenset(),
) -> tuple[list[Instance], bool, HallSet]:
    """``items`` less each one the rest still clashes without, until ``expired`` (then ``False``), and the
    Hall set of what is kept (``first``: of ``items``). A question the matching had no time for
    (:class:`~scheduler.solver.matching.NoTime`) keeps its rules and the list is not the fewest.

    First, a group at a time (:func:`_groups`: at 536 units, 1,200 rules at 40 ms a question did not
    get far one by one); then the rules of the units whose cuts narrowed the set (few, and the ones a
    clerk acts on), then the set's own, one at a time."""
    kept, last, settled = list(items), first, True
    for group in _groups(kept, table, units, slots, causing):
        if expired():
            return kept, False, last
        seen = _asked(table, set(kept) - group) if group else None
        settled = settled and seen is not False
        if seen:
            kept, last = [i for i in kept if i not in group], seen
    ordered = sorted(kept, key=lambda i: i.unit in units)
    base = table.domains(set(kept))
    for item in ordered:
        if expired():
            return kept, False, last
        if base is not None and _needed(table, set(kept), base, item):
            continue
        trial = [i for i in kept if i != item]
        seen = _asked(table, set(trial))
        settled = settled and seen is not False
        if seen:
            kept, last = trial, seen
            base = table.domains(set(kept))
    return kept, settled, last


def _asked(table: _Table, kept: AbstractSet[Instance]) -> HallSet | Literal[False] | None:
    """The Hall set of the table relaxed to ``kept`` (:meth:`_Table.clash`), ``None`` when there is none,
    ``False`` when the matching had no time to say."""
    try:
        return table.clash(kept)
    except NoTime:
        return False


def _needed(table: _Table, kept: AbstractSet[Instance], base: dict[str, int], item: Instance) -> bool:
    """Whether the matching places every unit once ``item`` is dropped, seen without narrowing again
    (``True`` proves it; ``False`` says nothing): a unit's own rule, of a unit with no link. Dropping a
    rule only widens what the narrowing leaves each unit, so ``base`` (what it leaves them with every
    ``kept`` rule) with the unit's own slots widened to a part of what it would have is less than the
    narrowing would give; a matching that places everyone there places them in the table relaxed.
    Out of the order, the unit has its own free slots; without a limit, its free slots within the span
    it had. At 536 units a question of the narrowing is 40 ms, this one a matching."""
    if item.other:  # a link: each of its units with no other link kept, within the span it had
        ties = [u for i in kept if i.other for u in (i.unit, i.other)]
        pair = (item.unit, item.other)
        if any(ties.count(u) != 1 or not base.get(u) for u in pair):
            return False
        widened = {u: _within(_free(table, kept, u, None), base[u]) for u in pair}
    else:
        unit = item.unit
        if unit in table.linked or not base.get(unit):
            return False
        free = _free(table, kept, unit, item)
        if item == table.placed.get(unit):
            widened = {unit: free}
        elif item in table.forbidden.by_reason(unit):
            widened = {unit: _within(free, base[unit])}
        else:
            return False
    domains = base | widened
    try:
        return (
            hall_set({u: d for u, d in domains.items() if d != table.every and u in table.among}, table.places) is None
        )
    except NoTime:  # no time to see: says nothing
        return False


def _free(table: _Table, kept: AbstractSet[Instance], unit: str, less: Instance | None) -> int:
    """The slots the ``kept`` limits of ``unit`` (less ``less``) leave it."""
    return table.every & ~table.blocked(unit, kept, less)


def _within(free: int, old: int) -> int:
    """``free`` within the span of ``old`` (its first slot to its last)."""
    low, high = (old & -old).bit_length() - 1, old.bit_length() - 1
    return free & ((2 << high) - (1 << low))


class _Table:
    """What the matching asks of a table: its order, links, limits and places, and the table relaxed to
    some of its rules (the others cut nothing)."""

    def __init__(self, problem: Problem, forbidden: Forbidden) -> None:
        self.slots = len(problem.calendar)
        self.every = (1 << self.slots) - 1
        self.bit = [1 << t for t in range(self.slots)]
        self.forbidden = forbidden
        self.phase = phases(problem)
        self.pairs = follows(problem)
        self.steps = _steps(problem)
        self.placed = phase_reasons(problem)
        self.tied = {(i.unit, i.other): i for i in named_instances(problem) if i.other}
        self.linked = {u for pair in self.pairs for u in pair}
        self.limited = set(forbidden.units()) | set(self.phase) | self.linked
        self.position = problem.position
        self.among: AbstractSet[str] = frozenset()
        self.places = 1
        self._masks: dict[tuple[str, Instance], int] = {}
        """Each unit's slots each of its rules forbids, as a bit mask: made once, not at every question
        (at 5,000 units, 3,001 of them closed 2,000 slots each, the masks were 8 of 9 s of one answer)."""

    def passes(self, problem: Problem) -> list[tuple[AbstractSet[str], int]]:
        """The units matched and what a slot receives of them: all of them, then, when fewer of them
        meet at once, the units of no parallel group (each meets alone: a slot receives one per room).
        Every unit is counted at the most a slot can receive of its kind, so no claim says more than
        holds: 3 units with no group free only at two times of a room of 2 are told though a pair of
        another group may share the room."""
        everyone = [u.name for u in problem.units]
        found: list[tuple[AbstractSet[str], int]] = [(frozenset(everyone), per_slot(problem, everyone))]
        alone = [u.name for u in problem.units if not labels(u)]
        if alone and per_slot(problem, alone) < found[0][1]:
            found.append((frozenset(alone), per_slot(problem, alone)))
        return found

    def mask(self, slots: AbstractSet[int]) -> int:
        return _mask(self.bit, slots) if slots else 0

    def blocked(self, unit: str, kept: AbstractSet[Instance] | None, less: Instance | None = None) -> int:
        """The slots the ``kept`` rules (``None``: all of them) but ``less`` forbid ``unit``, as a bit mask."""
        found = 0
        for reason, slots in self.forbidden.by_reason(unit).items():
            if (kept is None or reason in kept) and reason != less:
                found |= self._reason_mask(unit, reason, slots)
        return found

    def _reason_mask(self, unit: str, reason: Instance, slots: AbstractSet[int]) -> int:
        key = (unit, reason)
        found = self._masks.get(key)
        if found is None:
            found = self._masks[key] = self.mask(slots)
        return found

    def narrow(
        self, start: dict[str, int], order: dict[str, int], links: Sequence[tuple[str, str]]
    ) -> tuple[dict[str, int] | None, dict[str, set[str]]]:
        """Each unit's slots after the cuts (``None``: a unit left none), and the units each cut came from."""
        if self.steps is None or not (order or links):
            return start, {}
        emptied, causes, domains = _narrow(start, order, links, self.steps)
        return (None if emptied is not None else domains), causes

    def closes(self, instance: Instance, slots: int) -> bool | None:
        """Whether ``instance`` forbids its unit some slot outside ``slots`` (``None``: it forbids none
        itself, as a place in the order or a link)."""
        own = self.forbidden.by_reason(instance.unit).get(instance)
        return None if own is None else bool(self._reason_mask(instance.unit, instance, own) & ~slots)

    def clash(self, kept: AbstractSet[Instance]) -> HallSet | None:
        """A Hall set of the table relaxed to the ``kept`` rules, as the narrowing leaves it (a unit left no
        slot at all: every unit of it, with no slot), or ``None``."""
        domains = self.domains(kept)
        if domains is None:
            return HallSet((), 0, self.places)
        return hall_set({u: d for u, d in domains.items() if d != self.every and u in self.among}, self.places)

    def domains(self, kept: AbstractSet[Instance]) -> dict[str, int] | None:
        """What the narrowing of the table relaxed to the ``kept`` rules leaves the units they name
        (``None``: a unit left no slot)."""
        named = {u for i in kept for u in (i.unit, i.other) if u}
        units = sorted(named & self.limited, key=self.position)  # in table order: the same answer every run
        start = {u: self.every & ~self.blocked(u, kept) for u in units}
        order = {u: self.phase[u] for u in units if u in self.phase and self.placed.get(u) in kept}
        links = [(a, b) for a, b in self.pairs if a in units and b in units and self.tied.get((a, b)) in kept]
        return self.narrow(start, order, links)[0]


def _closure_of(units: Sequence[str], causes: dict[str, set[str]]) -> set[str]:
    """The units and every unit their cuts came from, and theirs."""
    found: set[str] = set()
    for unit in units:
        if unit not in found:
            found |= _closure(unit, causes)
    return found
