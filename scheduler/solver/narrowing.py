"""Clashes seen by narrowing: each unit's free slots cut by the category order and the links, again
and again until nothing changes, and a unit left with none. No search, no OR-Tools.

A unit of a later category meets after the earliest slot every unit of an earlier one can still
have, and before the latest a unit of a later one can still have; a linked unit meets in the slot
right after its first, so each keeps only the slots the other allows. Each cut follows from the
rules, so a unit with no slot left proves there is no timetable. The pairwise checks of
:mod:`scheduler.solver.clash` see one such cut; a chain of them (a pin fixes where two categories
meet, a link across that boundary, one of its units unavailable there) needs a few rounds.

At 5,000 units with a fifth of them unavailable at their published half-day the conflict search
had no model small enough to ask (QA qashapes20 F4) and listed every rule of the table, 10,435 of
them; the narrowing says it in a fraction of a second with the few rules of the clash (the rules and
the figures: docs/benchmarks.md, "Twentieth session, explanations at 5,000 units").

The list: the units whose slots the cuts leading to the empty one came from (each cut remembers the
unit that made it), all their limits, places in the order and links; then less each one the
narrowing of the table relaxed to the rest still empties a unit without (irreducible for this
argument; the conflict search then asks whether fewer would do).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet

from scheduler.domain import Problem
from scheduler.rules.registry import Forbidden, follows, named_instances, phase_reasons, phases, restrictions
from scheduler.rules.values import Instance
from scheduler.solver.deadline import Deadline, heard
from scheduler.solver.seen import remembered

Narrowed = tuple[str | None, dict[str, set[str]], dict[str, int]]
"""What the narrowing of a table leaves: the unit left no slot (or ``None``), the units each unit's cuts
came from, and each unit's slots (bit masks) after the cuts."""


def narrowed(problem: Problem, forbidden: Forbidden, deadline: Deadline | None = None) -> Narrowed | None:
    """The table narrowed (the units in the order or linked; no one else is cut), or ``None`` when there
    is nothing to narrow by or a slot's next one is not the next in order. Asked once by
    :func:`~scheduler.solver.clash.clash_of` for this module and :mod:`scheduler.solver.hall`, and
    remembered (:mod:`scheduler.solver.seen`). :class:`~scheduler.solver.deadline.OutOfTime` once
    ``deadline`` has passed (asked every :data:`EVERY` units, and at each round of the cuts)."""
    return remembered(problem, "narrowed", lambda: _narrowed(problem, forbidden, deadline))


def _narrowed(problem: Problem, forbidden: Forbidden, deadline: Deadline | None) -> Narrowed | None:
    slots = len(problem.calendar)
    steps = _steps(problem)
    phase = phases(problem)
    pairs = follows(problem)
    if steps is None or not (phase or pairs):
        return None
    bit = [1 << t for t in range(slots)]
    every = (1 << slots) - 1
    linked = {u for pair in pairs for u in pair}
    free = {}
    for k, u in enumerate((*phase, *linked)):
        if k % EVERY == 0:
            heard(deadline)
        free[u] = every & ~_mask(bit, forbidden.blocked(u))
    return _narrow(free, phase, pairs, steps, deadline)


EVERY = 100
"""Units between two looks at the deadline in a pass over the units."""


def narrowed_clash(
    problem: Problem, forbidden: Forbidden | None = None, done: Narrowed | None = None, deadline: Deadline | None = None
) -> list[Instance] | None:
    """The instances whose cuts leave a unit no slot (irreducible for that reason, unless ``deadline``
    passed while they were dropped one at a time: :func:`fewest`), or ``None`` (``done``: the table
    already narrowed, :func:`narrowed`)."""
    forbidden = forbidden if forbidden is not None else restrictions(problem)
    found = done if done is not None else narrowed(problem, forbidden)
    emptied = found[0] if found is not None else None
    if found is None or emptied is None:
        return None
    causes = found[1]
    slots = len(problem.calendar)
    steps = _steps(problem)
    assert steps is not None  # (narrowed: else nothing was)
    phase = phases(problem)
    pairs = follows(problem)
    bit = [1 << t for t in range(slots)]
    every = (1 << slots) - 1
    linked = {u for pair in pairs for u in pair}
    free = {u: every & ~_mask(bit, forbidden.blocked(u)) for u in (*phase, *linked)}  # no one else is cut
    involved = _closure(emptied, causes)
    placed = phase_reasons(problem)
    tied = {(i.unit, i.other): i for i in named_instances(problem) if i.other}
    candidates: dict[Instance, None] = {}
    for unit in sorted(involved, key=problem.position):
        if unit in placed:
            candidates[placed[unit]] = None
        candidates.update(dict.fromkeys(forbidden.by_reason(unit)))
    for a, b in pairs:
        if a in involved and b in involved and (a, b) in tied:
            candidates[tied[a, b]] = None

    def clashes(kept: AbstractSet[Instance]) -> bool:
        # the units the kept rules name, not only those the first cuts came from: the table relaxed to
        # these rules, as the narrowing would see it (the others are cut by nothing)
        units = involved | {u for i in kept for u in (i.unit, i.other) if u in free}
        start = {u: every & ~_mask(bit, *(s for r, s in forbidden.by_reason(u).items() if r in kept)) for u in units}
        order = {u: phase[u] for u in units if u in phase and placed.get(u) in kept}
        links = [(a, b) for a, b in pairs if a in units and b in units and tied.get((a, b)) in kept]
        return _narrow(start, order, links, steps)[0] is not None

    items = list(candidates)
    if not clashes(set(items)):  # cannot happen (the cuts only used these), but never claim it unproven
        return None
    return fewest(items, clashes, deadline)


def fewest(
    items: list[Instance], clashes: Callable[[AbstractSet[Instance]], bool], deadline: Deadline | None = None
) -> list[Instance]:
    """``items`` less each one the rest still ``clashes`` without (one rule dropped at a time, in order:
    every clash list of :mod:`scheduler.solver.clash` and this module is shrunk so). Once ``deadline`` has
    passed, the list as far as it got (it still clashes; the conflict search then says it may not be the
    fewest)."""
    kept = list(items)
    for item in items:
        if deadline is not None and deadline.expired():
            break
        trial = [i for i in kept if i != item]
        if clashes(set(trial)):
            kept = trial
    return kept


def _mask(bit: Sequence[int], *parts: AbstractSet[int]) -> int:
    """The slots of ``parts`` (their union) as a bit mask. Many slots are added run by run of following
    ones (a day, a week closed): each addition of a slot's bit costs the mask's whole width, so 2,000
    slots of 5,000 one by one took 1 ms, a quarter of a 5,000-unit Hall set's answer."""
    found = parts[0] if len(parts) == 1 else frozenset().union(*parts)
    if len(found) < RUNS_FROM:
        return sum(map(bit.__getitem__, found))
    mask = 0
    first = last = -2
    for t in sorted(found):
        if t != last + 1:
            if first >= 0:
                mask |= ((1 << (last - first + 1)) - 1) << first
            first = t
        last = t
    return mask | ((1 << (last - first + 1)) - 1) << first


RUNS_FROM = 64
"""Slots from which :func:`_mask` adds runs rather than bits one by one."""


def _steps(problem: Problem) -> tuple[int, int] | None:
    """Masks of the slots that directly follow the one before (``later``) and that the next one directly
    follows (``earlier``); ``None`` when a slot's next one is not the next in order (then a link's
    slots are not a shift, and the narrowing is not tried)."""
    calendar = problem.calendar
    later = earlier = 0
    for t in range(len(calendar)):
        following = calendar.next_slot(t)
        if following is None:
            continue
        if following != t + 1:
            return None
        earlier |= 1 << t
        later |= 1 << following
    return later, earlier


def _narrow(
    free: dict[str, int],
    phase: Mapping[str, int],
    pairs: Sequence[tuple[str, str]],
    steps: tuple[int, int],
    deadline: Deadline | None = None,
) -> tuple[str | None, dict[str, set[str]], dict[str, int]]:
    """Cut each unit's ``free`` slots (bit masks) by the order and the links until nothing changes:
    the unit left with none (or ``None``), for each unit the units its cuts came from, and the slots
    each unit keeps (:mod:`scheduler.solver.hall` matches units to them). ``deadline``: heard at each
    round (:class:`~scheduler.solver.deadline.OutOfTime`)."""
    domain = dict(free)
    causes: dict[str, set[str]] = {u: set() for u in domain}
    empty = next((u for u, d in domain.items() if not d), None)
    if empty is not None:
        return empty, causes, domain
    by_phase: dict[int, list[str]] = {}
    for unit, p in phase.items():
        by_phase.setdefault(p, []).append(unit)
    order = sorted(by_phase)
    later, earlier = steps

    def cut(unit: str, kept: int, by: str) -> bool:
        found = domain[unit] & kept
        if found == domain[unit]:
            return False
        domain[unit] = found
        causes[unit].add(by)
        return True

    changed = True
    while changed:
        heard(deadline)
        changed = False
        bound: tuple[int, str] | None = None  # the latest first slot of an earlier category, and whose
        for p in order:
            if bound is not None:
                above = ~((2 << bound[0]) - 1)
                for unit in by_phase[p]:
                    changed = cut(unit, above, bound[1]) or changed
                    if not domain[unit]:
                        return unit, causes, domain
            for unit in by_phase[p]:
                first = (domain[unit] & -domain[unit]).bit_length() - 1
                if bound is None or first > bound[0]:
                    bound = (first, unit)
        bound = None  # the earliest last slot of a later category
        for p in reversed(order):
            if bound is not None:
                below = (1 << bound[0]) - 1
                for unit in by_phase[p]:
                    changed = cut(unit, below, bound[1]) or changed
                    if not domain[unit]:
                        return unit, causes, domain
            for unit in by_phase[p]:
                last = domain[unit].bit_length() - 1
                if bound is None or last < bound[0]:
                    bound = (last, unit)
        for a, b in pairs:
            changed = cut(b, (domain[a] << 1) & later, a) or changed
            changed = cut(a, (domain[b] >> 1) & earlier, b) or changed
            if not domain[a] or not domain[b]:
                return (a if not domain[a] else b), causes, domain
    return None, causes, domain


def _closure(unit: str, causes: Mapping[str, AbstractSet[str]]) -> set[str]:
    """``unit`` and every unit its cuts came from, and theirs."""
    seen = {unit}
    todo = [unit]
    while todo:
        for other in causes.get(todo.pop(), ()):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen
