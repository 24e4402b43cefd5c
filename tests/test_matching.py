"""Matching units to slots, and Hall sets as the proof none exists: each claim held against brute
force (every assignment of units to slots) on random tiny cases."""

from __future__ import annotations

from collections import Counter
from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.solver.matching import hall_set


def placeable(domains: dict[str, int], places: int, slots: int) -> bool:
    """Whether every unit can have a slot of its domain, at most ``places`` to a slot (every assignment tried)."""
    names = list(domains)
    for choice in product(range(slots), repeat=len(names)):
        inside = all(domains[n] >> t & 1 for n, t in zip(names, choice, strict=True))
        if inside and max(Counter(choice).values(), default=0) <= places:
            return True
    return False


@st.composite
def cases(draw: st.DrawFn) -> tuple[dict[str, int], int, int]:
    slots = draw(st.integers(1, 4))
    count = draw(st.integers(1, 6))
    domains = {f"U{k}": draw(st.integers(0, (1 << slots) - 1)) for k in range(count)}
    return domains, draw(st.integers(1, 2)), slots


@settings(max_examples=400, deadline=None)
@given(cases())
def test_a_hall_set_is_a_proof_and_none_means_every_unit_has_a_place(case):
    domains, places, slots = case
    found = hall_set(domains, places)
    if found is None:
        assert placeable(domains, places, slots)
        return
    assert len(found.units) > found.room == places * found.slots.bit_count()
    assert all(domains[u] & ~found.slots == 0 for u in found.units)  # only these slots
    own = {u: domains[u] for u in found.units}
    assert not placeable(own, places, slots)
    assert not placeable(domains, places, slots)
    # inclusion-minimal: without any one unit, the rest can all be placed
    assert all(placeable({u: d for u, d in own.items() if u != left}, places, slots) for left in own)


def test_the_units_one_slot_short_are_found_among_many_that_fit():
    """Four units free only at slots 3-5 (three places), among forty free anywhere in 64 slots."""
    domains = {f"W{k}": (1 << 64) - 1 for k in range(40)}
    domains |= {f"N{k}": 0b111000 for k in range(4)}
    found = hall_set(domains, 1)
    assert found is not None and set(found.units) == {f"N{k}" for k in range(4)}
    assert found.slots == 0b111000 and found.room == 3
    assert hall_set(domains | {"N3": 0b1111000}, 1) is None


def test_a_search_cut_short_claims_nothing():
    """The augmenting paths get at most a second (a table short by thousands of places would search one
    path per unit left): with no time, no set is claimed, though one exists, and no "none" either
    (:class:`NoTime`: a caller shrinking a list must not read it as "no clash without this rule")."""
    import pytest

    from scheduler.solver.matching import NoTime

    domains = {f"N{k}": 0b11 for k in range(3)}
    assert hall_set(domains, 1) is not None
    with pytest.raises(NoTime):
        hall_set(domains, 1, seconds=0)
    assert hall_set({"N0": 0b1, "N1": 0b10}, 1, seconds=0) is None  # first-fit places them all: no search
