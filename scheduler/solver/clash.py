"""Clashes seen without a search: a unit the rules leave no slot, a link no two following slots,
a unit of an earlier category free only after every time a unit of a later one can come, a unit
whose free times leave the other side of the order too few slots by counting.

The conflict search (:mod:`scheduler.solver.diagnose`) asks CP-SAT for a core, which at
thousands of units is not found in any time a command has; the clash a user most often makes
(a unit unavailable at every time, a pin on a time the unit cannot come, a link whose units are
never free the same day) is plain in the starts the rules forbid (:func:`restrictions`), in one
pass over the units and links. No OR-Tools here: the pipeline asks when its greedy finds nothing,
before it builds a model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import cast

from scheduler.domain import Problem
from scheduler.rules.registry import (
    UNIT_RULES,
    Forbidden,
    follows,
    named_instances,
    phase_reasons,
    phases,
    restrictions,
)
from scheduler.rules.values import Instance
from scheduler.solver.counting import category_counts, count
from scheduler.solver.deadline import Deadline, heard
from scheduler.solver.hall import Hall, hall_clash
from scheduler.solver.narrowing import EVERY, narrowed, narrowed_clash
from scheduler.solver.narrowing import fewest as _fewest
from scheduler.solver.seen import keep, known, remembered


def obvious_clash(problem: Problem, matched: bool = True, deadline: Deadline | None = None) -> list[Instance] | None:
    """Named instances that clash on their own, seen from the starts the rules forbid, without a
    search (:func:`clash_of`; a clash by counting given as all its instances, a Hall set as every rule
    its units' slots come from, unchecked: the callers ask only whether there is a clash), or ``None``.
    Not ``matched``: without the matching (a caller that asks first-fit first, which settles most
    questions with a timetable at once). :class:`~scheduler.solver.deadline.OutOfTime` once
    ``deadline`` has passed."""
    found = clash_of(problem, told=False, matched=matched, deadline=deadline)
    if isinstance(found, Hall):
        return list(found.instances)
    return found.instances(problem) if isinstance(found, Crowded) else found


def clash_of(
    problem: Problem,
    expired: Callable[[], bool] = lambda: True,
    told: bool = True,
    matched: bool = True,
    deadline: Deadline | None = None,
) -> list[Instance] | Crowded | Hall | None:
    """A clash seen from the starts the rules forbid, without a search: instances that leave one
    unit no slot at all (an unavailability covering every time, a pin on a time the unit cannot
    come), a unit of an earlier category (phase) no time before the last a unit of a later one can
    come, or a link no slot of its first unit followed the same day by a slot of its second; each
    list irreducible for that reason; or a unit left no slot by the order and the links cut in turn
    (:func:`~scheduler.solver.narrowing.narrowed_clash`). Or a unit whose free times leave the other side of the order
    too few slots, by counting (:class:`Crowded`: told by its figures, not shrunk). Or, last, units
    whose slots so narrowed offer fewer places than there are units, by matching
    (:class:`~scheduler.solver.hall.Hall`: its rules shrunk one at a time until ``expired``; by
    default not at all; not ``told``: its rules unchecked, when only whether there is a clash is
    asked). ``None``: no such clash.

    About linear in the units (and links times slots), whatever the size: at 5,000 units CP-SAT's
    core is not found in any time a command has, and these are the clashes users most often make.

    One pass is asked once per problem (:mod:`scheduler.solver.seen`): the answer before the matching,
    the narrowing, the matching's (told, or only whether there is one) are kept. ``deadline``: heard
    between steps and inside their passes over the units (:class:`~scheduler.solver.deadline.OutOfTime`:
    nothing found yet; a list already proven but not yet made the fewest for its reason is given as it
    stands once the deadline passes, and the conflict search says so).
    """
    plain = remembered(problem, "clash", lambda: _plain(problem, deadline))
    if plain is not None or not matched:
        return plain
    asked, hall = known(problem, "hall told")
    if asked and (hall is None or not told or cast(Hall, hall).fewest):  # (told answers whether there is one)
        return cast(Hall | None, hall)
    forbidden = restrictions(problem)
    done = narrowed(problem, forbidden, deadline)  # (remembered: the pass above made it)
    if not told:
        return remembered(problem, "hall", lambda: hall_clash(problem, forbidden, expired, done, False, deadline))
    found = hall_clash(problem, forbidden, expired, done, True, deadline)
    keep(problem, "hall told", found)  # the first answer, the fewest rules or as far as the time went
    return found


def _plain(problem: Problem, deadline: Deadline | None) -> list[Instance] | Crowded | None:
    """:func:`clash_of` but the matching."""
    heard(deadline)
    forbidden = restrictions(problem)
    slots = len(problem.calendar)
    for unit in forbidden.units():
        if len(forbidden.blocked(unit)) >= slots:
            reasons = forbidden.by_reason(unit)
            return _fewest_blocking(reasons, slots)
    crowded = _pinned_together(problem)
    if crowded is not None:
        return crowded
    found = _out_of_order(problem, forbidden, slots, deadline)
    if found is not None:
        return found
    calendar = problem.calendar
    following = [(t, calendar.next_slot(t)) for t in range(slots)]
    for k, (a, b) in enumerate(follows(problem)):
        if k % EVERY == 0:
            heard(deadline)
        first, then = forbidden.by_reason(a), forbidden.by_reason(b)
        tie = next((r for r in first if r in then and (r.unit, r.other) == (a, b)), None)  # the link itself
        apart = _apart(first, then, tie, following)
        if apart(set(first) | set(then)):
            return _fewest(list(dict.fromkeys([*first, *then])), apart)
    chain = _chain_too_long(problem)
    if chain is not None:
        return chain
    done = narrowed(problem, forbidden, deadline)  # once, for both
    return narrowed_clash(problem, forbidden, done, deadline)


def _pinned_together(problem: Problem) -> list[Instance] | None:
    """Units fixed at one time (pins) that one slot cannot receive, by counting (rooms, capacity,
    parallel groups): the fewest of their pins that still do not fit. At 5,001 units every pin was
    listed as a possible cause after the whole limit (QA limits16 7); five pins and four rooms say it."""
    by_time: dict[object, list[tuple[Instance, str]]] = {}
    for rule in UNIT_RULES:
        fixed = rule.fixed_starts(problem)
        if not fixed or not rule.nameable:
            continue
        named = set(rule.instances(problem))
        for unit, start in fixed.items():
            if Instance(rule.name, unit) in named:
                by_time.setdefault(start, []).append((Instance(rule.name, unit), unit))
    for fixed_here in by_time.values():
        if len(fixed_here) < 2 or count(problem, [u for _, u in fixed_here]).slots <= 1:
            continue
        unit_of = dict(fixed_here)

        def too_many(kept: AbstractSet[Instance], unit_of: dict[Instance, str] = unit_of) -> bool:
            return count(problem, [unit_of[i] for i in kept]).slots > 1

        return _fewest([i for i, _ in fixed_here], too_many)
    return None


def _chain_too_long(problem: Problem) -> list[Instance] | None:
    """Linked units in a chain longer than the longest run of directly following slots in a day (each
    meets in the slot right after the one before, the same day): the fewest links of it that do not fit,
    one more unit than the run. At 2,000 units every link of the file was listed instead, the culprit
    not among those shown (QA limits16 10)."""
    pairs = follows(problem)
    if not pairs:
        return None
    longest = problem.calendar.longest_run()
    after: dict[str, str] = {}
    before: dict[str, str] = {}
    for a, b in pairs:
        if a in after or b in before:  # a unit with two links on one side: another kind of clash
            return None
        after[a], before[b] = b, a
    linked = {i.unit: i for i in named_instances(problem) if i.other and after.get(i.unit) == i.other}
    for head in (u for u in after if u not in before):
        chain = [head]
        while chain[-1] in after and len(chain) <= len(after):
            chain.append(after[chain[-1]])
        if len(chain) > longest and all(u in linked for u in chain[:longest]):
            return [linked[u] for u in chain[:longest]]
    return None


def _out_of_order(
    problem: Problem, forbidden: Forbidden, slots: int, deadline: Deadline | None = None
) -> list[Instance] | Crowded | None:
    """A unit of an earlier phase (category) free only at or after every time a unit of a later one
    can come: the order, and the limits of the two that leave it no way (a pin, unavailability)."""
    phase = phases(problem)
    if not phase:
        return None
    limited = set(forbidden.units())

    def earliest(unit: str) -> int:
        blocked = forbidden.blocked(unit) if unit in limited else frozenset()
        return next((t for t in range(slots) if t not in blocked), slots)

    def latest(unit: str) -> int:
        blocked = forbidden.blocked(unit) if unit in limited else frozenset()
        return next((t for t in reversed(range(slots)) if t not in blocked), -1)

    by_phase: dict[int, list[str]] = {}
    for unit, p in phase.items():
        by_phase.setdefault(p, []).append(unit)
    best: tuple[int, str] | None = None  # the latest earliest time of a unit of an earlier phase
    for p in sorted(by_phase):
        heard(deadline)
        for unit in by_phase[p]:
            if best is not None and best[0] >= latest(unit):
                return _fewest_out_of_order(problem, forbidden, best[1], unit, slots)
        for unit in by_phase[p]:
            if best is None or earliest(unit) > best[0]:
                best = (earliest(unit), unit)
    return _crowded(problem, forbidden, slots, by_phase, latest, earliest, deadline)


@dataclass(frozen=True)
class Crowded:
    """A unit free only up to a time (``before``: it must meet after the ``others``) or only from
    a time on (it must meet before them) that leaves the other side of the order fewer slots
    than counting says its units fill (:func:`~scheduler.solver.counting.category_counts`).

    ``own``: the unit's place in the order and the fewest of its limits that do it; ``others``:
    the units of the categories on the other side, whose places in the order the count rests on;
    ``bound``: the unit's last (``before``) or first free slot; ``room``: the slots left to the
    others there (before ``bound``, or after it)."""

    unit: str
    own: tuple[Instance, ...]
    others: tuple[str, ...]
    before: bool
    bound: int
    room: int

    def instances(self, problem: Problem) -> list[Instance]:
        """Every instance of the clash: the unit's own, then the others' places in the order."""
        reasons = phase_reasons(problem)
        return [*self.own, *(reasons[u] for u in self.others)]


def _crowded(
    problem: Problem,
    forbidden: Forbidden,
    slots: int,
    by_phase: dict[int, list[str]],
    latest: Callable[[str], int],
    earliest: Callable[[str], int],
    deadline: Deadline | None = None,
) -> Crowded | None:
    """A unit of a later phase free only up to a time before which the earlier phases' units do not
    fit, by counting (rooms full, categories apart); or, the other way, a unit of an earlier phase
    free only from a time after which the later phases' units do not fit."""
    order = sorted(by_phase)
    earlier: list[str] = []
    for p in order:
        heard(deadline)
        if earlier:
            need = _needed(problem, earlier)
            for unit in by_phase[p]:
                if need > latest(unit):
                    return _fewest_crowded(problem, forbidden, slots, unit, earlier, before=True)
        earlier += by_phase[p]
    later: list[str] = []
    for p in reversed(order):
        heard(deadline)
        if later:
            need = _needed(problem, later)
            for unit in by_phase[p]:
                if need > slots - 1 - earliest(unit):
                    return _fewest_crowded(problem, forbidden, slots, unit, later, before=False)
        later = [*by_phase[p], *later]
    return None


def _needed(problem: Problem, units: list[str]) -> int:
    """The fewest slots ``units`` fill, each category in slots of its own (the counting argument)."""
    return sum(found.slots for found in category_counts(problem, units).values())


def _fewest_crowded(
    problem: Problem, forbidden: Forbidden, slots: int, unit: str, others: list[str], before: bool
) -> Crowded:
    """The unit's place and the fewest of its limits that still leave the ``others`` too few slots."""
    own = forbidden.by_reason(unit)
    need = _needed(problem, others)

    def bound(kept: AbstractSet[Instance]) -> int:
        blocked = _union(own, kept)
        if before:
            return next((t for t in reversed(range(slots)) if t not in blocked), -1)
        return next((t for t in range(slots) if t not in blocked), slots)

    def left(kept: AbstractSet[Instance]) -> int:
        return bound(kept) if before else slots - 1 - bound(kept)

    limits = _fewest(list(own), lambda kept: need > left(kept))
    kept = set(limits)
    ordered = tuple(sorted(others, key=problem.position))
    return Crowded(unit, (phase_reasons(problem)[unit], *limits), ordered, before, bound(kept), left(kept))


def _fewest_out_of_order(problem: Problem, forbidden: Forbidden, early: str, late: str, slots: int) -> list[Instance]:
    """The two units' places in the order and the fewest of their limits that keep them apart."""
    reasons = phase_reasons(problem)
    first, then = forbidden.by_reason(early), forbidden.by_reason(late)
    ties = (reasons[early], reasons[late])

    def out_of_order(kept: AbstractSet[Instance]) -> bool:
        if not all(tie in kept for tie in ties):
            return False
        a, b = _union(first, kept), _union(then, kept)
        start = next((t for t in range(slots) if t not in a), slots)
        end = next((t for t in reversed(range(slots)) if t not in b), -1)
        return start >= end

    return _fewest(list(dict.fromkeys([*ties, *first, *then])), out_of_order)


def _apart(
    first: Mapping[Instance, AbstractSet[int]],
    then: Mapping[Instance, AbstractSet[int]],
    tie: Instance | None,
    following: list[tuple[int, int | None]],
) -> Callable[[AbstractSet[Instance]], bool]:
    """Whether the kept instances leave the linked pair no slot followed the same day by another."""

    def apart(kept: AbstractSet[Instance]) -> bool:
        if tie is None or tie not in kept:
            return False
        early, late = _union(first, kept), _union(then, kept)
        return not any(t not in early and u is not None and u not in late for t, u in following)

    return apart


def _union(reasons: Mapping[Instance, AbstractSet[int]], kept: AbstractSet[Instance]) -> set[int]:
    """The slots the ``kept`` instances among ``reasons`` forbid."""
    return set().union(*(slots for reason, slots in reasons.items() if reason in kept))


def _fewest_blocking(reasons: Mapping[Instance, AbstractSet[int]], slots: int) -> list[Instance]:
    """The fewest of a unit's limits (``reasons``: each one's blocked slots) that still block all ``slots``."""
    return _fewest(list(reasons), lambda kept: len(_union(reasons, kept)) >= slots)
