"""Matching units to slots: each unit one slot of those it may have (a bit mask), each slot at most
``places`` units. When no such placement exists, Hall's theorem gives the proof: some units whose
slots, all together, offer fewer places than there are units.

First-fit by fewest slots places most units at once (bit masks: the first slot with a place left is
the lowest bit of the unit's slots less the full ones); each one left is then moved in by an
augmenting path (a breadth-first search over units and the full slots they may have). A search that
finds no free place has reached a Hall set: the units it reached, every slot they may have full
with units among them, and one unit more. That set is also inclusion-minimal: every unit of it is
reached by an alternating path, so moving along it places all the others, and no smaller part of it
is short of places (a property test holds both against brute force).

No OR-Tools, no problem: the caller says what each unit may have and what one slot receives.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from time import perf_counter
from typing import NamedTuple


class HallSet(NamedTuple):
    """``units`` that may only have ``slots`` (a bit mask), which offer ``places`` each: more units
    than ``places`` times the slots, so they cannot all be placed."""

    units: tuple[str, ...]
    slots: int
    places: int

    @property
    def room(self) -> int:
        """The places the slots offer together."""
        return self.places * self.slots.bit_count()


TRIES = 20
"""Units left over whose search is tried for a smaller Hall set (each search is linear in the
units and slots it reaches; a table short by hundreds of places would otherwise try them all)."""


SECONDS = 1.0
"""The most time the augmenting paths get (first-fit leaves few units at the sizes measured, 0.01-0.1 s
at 2,000-5,000 units; a table short by thousands of places, which counting tells first anyway, would
search one path per unit left)."""


class NoTime(Exception):
    """The augmenting paths ran out of their time with units left untried and no Hall set found: nothing
    is claimed either way. Not "no clash": a caller asking whether a rule is needed (the rest have no
    Hall set without it) must not read it so (review, Twenty-first session)."""


def hall_set(domains: Mapping[str, int], places: int, seconds: float = SECONDS) -> HallSet | None:
    """The smallest Hall set found (of up to :data:`TRIES` units left over), or ``None`` when every
    unit can have a slot of its ``domains`` with at most ``places`` units to a slot. :class:`NoTime` when
    none was found in ``seconds`` with units left untried (the smallest found so far when one was)."""
    if places < 1:
        raise ValueError("a slot receives at least one unit")
    load: dict[int, list[str]] = {}
    at: dict[str, int] = {}
    full = 0
    left: list[str] = []
    for unit in sorted(domains, key=lambda u: (domains[u].bit_count(), domains[u])):
        open_ = domains[unit] & ~full
        if not open_:
            left.append(unit)
            continue
        slot = (open_ & -open_).bit_length() - 1
        _put(unit, slot, load, at)
        if len(load[slot]) >= places:
            full |= 1 << slot
    best: HallSet | None = None
    tries = 0
    started = perf_counter()
    for unit in left:
        if perf_counter() - started >= seconds:
            if best is None:
                raise NoTime
            break
        reached = _augment(unit, domains, places, load, at)
        if reached is None:
            continue
        tries += 1
        found = HallSet(tuple(sorted(reached[0])), reached[1], places)
        if best is None or len(found.units) < len(best.units):
            best = found
        if tries >= TRIES:
            break
    return best


def _put(unit: str, slot: int, load: dict[int, list[str]], at: dict[str, int]) -> None:
    """Place ``unit`` in ``slot``."""
    load.setdefault(slot, []).append(unit)
    at[unit] = slot


def _augment(
    start: str, domains: Mapping[str, int], places: int, load: dict[int, list[str]], at: dict[str, int]
) -> tuple[set[str], int] | None:
    """Place ``start`` by moving units along an augmenting path (``None``), or the units reached and
    the slots they may have (all full, with units among those reached) when there is no such path."""
    came_from: dict[str, tuple[str, int] | None] = {start: None}  # unit: (unit before it, slot it leaves)
    seen = 0
    queue = deque([start])
    while queue:
        unit = queue.popleft()
        new = domains[unit] & ~seen
        seen |= new
        while new:
            low = new & -new
            new ^= low
            slot = low.bit_length() - 1
            holders = load.get(slot, [])
            if len(holders) < places:
                _shift(unit, slot, came_from, load, at)
                return None
            for other in holders:
                if other not in came_from:
                    came_from[other] = (unit, slot)
                    queue.append(other)
    return set(came_from), seen


def _shift(
    unit: str, slot: int, came_from: dict[str, tuple[str, int] | None], load: dict[int, list[str]], at: dict[str, int]
) -> None:
    """Move ``unit`` into ``slot``, the unit before it on the path into the one ``unit`` leaves, and so
    on back to the unit the search started from."""
    while True:
        old = at.get(unit)
        if old is not None:
            load[old].remove(unit)
        _put(unit, slot, load, at)
        step = came_from[unit]  # the unit before it on the path may have the slot it left
        if step is None:
            return
        unit, slot = step
