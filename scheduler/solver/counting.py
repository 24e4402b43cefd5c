"""Counting: the fewest meeting times (slots) units fill, whatever else holds.

Two figures bound what one slot receives. Each room holds one group at a time (units
sharing a room and hour are a group, all of one parallel group: ``allowed-sharing``), so a
slot receives at most one group per room; and each room holds no more units than its
capacity or than the largest parallel group among them, so a slot receives at most
``per_slot`` of them. Units that form at least ``G`` groups therefore fill at least
``max(ceil(G / R), ceil(n / per_slot))`` slots with ``R`` rooms.

Categories in order never share a slot (``category-order``: every unit of an earlier
category meets in an earlier slot than any unit of a later one, the boundary slot
included), so the categories' figures add up. Every figure is a lower bound that every
timetable meets: a count above the slots there are proves there is no timetable; a count
that fits proves nothing (the limits it ignores, pins, unavailability and links, only take
slots away).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from math import ceil
from typing import NamedTuple

from scheduler.domain import Problem, labels


class Count(NamedTuple):
    """What counting says of some units: ``units`` of them form at least ``groups`` groups,
    ``rooms`` rooms receive at most one group each at a time, and one slot receives at most
    ``per_slot`` of them.

    A named tuple, not a frozen dataclass: four numbers, which a dataclass would cost every command's start-up
    some 3.3M instructions to define (its methods compiled at import; issue 16)."""

    units: int
    groups: int
    rooms: int
    per_slot: int

    @property
    def by_groups(self) -> int:
        """The fewest slots their groups fill, one group to a room."""
        return ceil(self.groups / self.rooms)

    @property
    def by_seats(self) -> int:
        """The fewest slots the units fill, ``per_slot`` at a time."""
        return ceil(self.units / self.per_slot) if self.units else 0

    @property
    def slots(self) -> int:
        """The fewest slots they fill: the larger figure."""
        return max(self.by_groups, self.by_seats)

    @property
    def seats_decide(self) -> bool:
        """Whether the seats a slot offers, not the groups, give :attr:`slots`."""
        return self.by_seats > self.by_groups


def min_groups(problem: Problem, units: Sequence[str]) -> int:
    """A lower bound on how many groups ``units`` need: labels merged as fully as rooms allow (a
    unit without a label meets alone; with units of several labels, the labelled ones merged as
    if they all shared one)."""
    largest = problem.max_capacity
    unit_labels = [labels(problem.unit(name)) for name in units]
    if largest == 1:
        return len(units)
    alone = sum(1 for found in unit_labels if not found)
    if any(len(found) > 1 for found in unit_labels):
        return alone + ceil((len(units) - alone) / largest)
    per_label = Counter(next(iter(found)) for found in unit_labels if found)
    return alone + sum(ceil(n / largest) for n in per_label.values())


def per_slot(problem: Problem, units: Sequence[str]) -> int:
    """The most of ``units`` one slot receives: each room one group, of at most its capacity and
    at most the largest parallel group among them (a group's units share a label, so it lies
    within the units carrying that label; a unit without a label meets alone)."""
    per_label = Counter(label for name in units for label in labels(problem.unit(name)))
    largest = max(per_label.values(), default=1)
    return sum(min(room.capacity, largest) for room in problem.rooms)


def count(problem: Problem, units: Sequence[str]) -> Count:
    """What counting says of ``units`` (names)."""
    return Count(len(units), min_groups(problem, units), len(problem.rooms), per_slot(problem, units))


def everyone(problem: Problem) -> Count:
    """What counting says of all the units, the order aside."""
    return count(problem, [u.name for u in problem.units])


def category_counts(problem: Problem, units: Iterable[str] | None = None) -> dict[str, Count]:
    """Per ordered category (in order, those with units among ``units``; default: every unit),
    what counting says of its units: categories never share a slot, so their slots add up."""
    if len(problem.categories) < 2:
        return {}
    names = [u.name for u in problem.units] if units is None else list(units)
    members: dict[str, list[str]] = {c: [] for c in problem.categories}
    for name in names:
        category = problem.unit(name).category
        if category:
            members[category].append(name)
    return {c: count(problem, found) for c, found in members.items() if found}


def category_slots_needed(problem: Problem) -> dict[str, int]:
    """Per ordered category, the fewest slots its units fill (categories never share a slot)."""
    if len(problem.categories) < 2:
        return {}
    needed = {c: found.slots for c, found in category_counts(problem).items()}
    return {c: needed.get(c, 0) for c in problem.categories}


def category_windows(problem: Problem, horizon: int) -> Mapping[str, range]:
    """Each ordered category's possible slots in a timetable that ends within ``horizon`` slots:
    after the fewest slots the earlier categories fill, before those the later ones fill (the
    categories never share a slot). Every such timetable keeps each unit inside its category's
    window, so a model cut to them loses no timetable (:class:`~scheduler.solver.model.ModelBuilder`)."""
    if len(problem.categories) < 2:
        return {}
    needed = category_slots_needed(problem)
    out = {}
    before = 0
    after = sum(needed.values())
    for category in problem.categories:
        after -= needed[category]
        out[category] = range(before, max(before, horizon - after))
        before += needed[category]
    return out


@lru_cache(maxsize=4)  # asked for by both objectives' bounds and the diagnosis (20 ms at 5,000 units)
def slots_needed(problem: Problem) -> int:
    """The fewest slots any timetable fills: by counting, all units and category by category."""
    return max(everyone(problem).slots, sum(c.slots for c in category_counts(problem).values()))
