"""``stable``'s greedy on a table whose categories are interleaved (issue 16, seventeenth session).

When the reference's slots of every category are spread over the calendar, first-fit keeping
the reference times keeps the first category's units wherever they are, and the next category
has no room: both reference-keeping first-fits get stuck, and the packing moved nearly everyone
(embed16's shape: 4,993 of 5,000 moved where 3,286 must). The pass that keeps only the units whose
reference slot lies inside their category's window (:func:`kept_in_windows`) keeps a third."""

from __future__ import annotations

import itertools
import random
from datetime import date, datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler import Calendar, Meeting, Problem, Room, Timetable, Unavailable, Unit, validate
from scheduler.solver import pipeline
from scheduler.solver.deadline import Deadline
from scheduler.solver.greedy import _windows, first_fit, kept_in_windows, packed
from scheduler.solver.objectives import OBJECTIVES, reference_slots
from scheduler.solver.pipeline import first_timetable
from scheduler.solver.rooms import assign_rooms

CATEGORIES = ("部门", "镇办", "企业")


def interleaved(n: int, days: int, seed: int, unavailable: bool = False) -> Problem:
    """embed16's generator, small: units of the three categories in turn, each at a random reference
    slot, rooms enough for every unit and a slot's more (``unavailable``: half the units barred from
    half the slots)."""
    rnd = random.Random(seed)
    calendar = Calendar(
        tuple(date(2026, 3, 2) + timedelta(days=i) for i in range(days)),
        tuple(time(h) for h in (8, 9, 10, 11, 14, 15, 16, 17)),
    )
    slots: list[datetime] = list(calendar.slots)
    units = tuple(Unit(f"U{i:03d}", category=CATEGORIES[i % 3]) for i in range(n))
    barred = (
        tuple(Unavailable(u.name, frozenset(rnd.sample(slots, len(slots) // 2))) for u in units if rnd.random() < 0.5)
        if unavailable
        else ()
    )
    reference = Timetable(tuple(Meeting(u.name, rnd.choice(slots)) for u in units))
    rooms = tuple(Room(f"R{k}") for k in range(-(-n // len(slots)) + 1))
    return Problem(units, calendar, rooms=rooms, categories=CATEGORIES, unavailable=barred, reference=reference)


def moved(problem: Problem, timetable: Timetable) -> int:
    return OBJECTIVES["stable"].score(problem, timetable).values[0]


def test_interleaved_categories_keep_a_third_of_the_units():
    """120 units over 3 days, categories interleaved: both reference-keeping first-fits get stuck.
    The packing's timetable moves 115 (before, the greedy's start; the polish's flow then brought it
    to 80); the pass keeping the units inside their category's window moves 78 alone, which is the
    optimum (``solve`` proves it), and so does the greedy."""
    problem = interleaved(120, 3, seed=5)
    reference = reference_slots(problem)
    assert first_fit(problem, reference, eject=False) is None
    assert first_fit(problem, reference) is None
    packing = packed(problem)
    assert packing is not None and moved(problem, assign_rooms(problem, packing)) == 115
    prefer = kept_in_windows(problem, reference)
    assert prefer is not None and len(prefer) == 120 - OPTIMUM
    kept = first_fit(problem, prefer)
    assert kept is not None and moved(problem, assign_rooms(problem, kept)) == OPTIMUM
    greedy = first_timetable(problem, "stable")
    assert greedy is not None and validate(problem, greedy).ok
    assert moved(problem, greedy) == OPTIMUM


OPTIMUM = 78
"""The fewest moves of ``interleaved(120, 3, seed=5)`` (``solve(..., "stable")`` proves it in under a second)."""


def test_windows_keep_the_most():
    """The linear pass over the slots finds the windows a brute force over every bound finds."""
    rnd = random.Random(3)
    for _ in range(200):
        slots = rnd.randint(2, 9)
        categories = rnd.randint(1, 3)
        count = [[rnd.randint(0, 3) for _ in range(slots)] for _ in range(categories)]
        lengths = [rnd.randint(0, 3) for _ in range(categories)]
        best = None
        for cut in itertools.combinations_with_replacement(range(slots + 1), categories - 1):
            bounds = [0, *cut, slots]
            if all(bounds[i + 1] - bounds[i] >= lengths[i] for i in range(categories)):
                kept = sum(sum(count[i][bounds[i] : bounds[i + 1]]) for i in range(categories))
                best = kept if best is None else max(best, kept)
        found = _windows(count, lengths, slots)
        if best is None:
            assert found is None
            continue
        assert found is not None and found[0] == 0 and found[-1] == slots
        assert all(found[i + 1] - found[i] >= lengths[i] for i in range(categories))
        assert sum(sum(count[i][found[i] : found[i + 1]]) for i in range(categories)) == best


def test_nothing_dropped_means_no_second_pass():
    """References already in category order: the windows drop no one, so the pass is not tried."""
    problem = interleaved(24, 1, seed=1)
    by_category = {c: [u.name for u in problem.units if u.category == c] for c in CATEGORIES}
    rooms = len(problem.rooms)
    reference = {name: 3 * k + j // rooms for k, c in enumerate(CATEGORIES) for j, name in enumerate(by_category[c])}
    assert kept_in_windows(problem, reference) is None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(6, 60), st.integers(1, 2), st.integers(0, 10_000), st.booleans())
def test_greedy_valid_and_never_worse_than_the_packing(n: int, days: int, seed: int, unavailable: bool):
    """On random interleaved tables (some with half the units barred from half the slots): the
    greedy's timetable passes the checker, and where both reference-keeping first-fits get stuck
    (the only case the new pass changes) it scores no worse than the packing, which was the greedy's
    start there before (the polish after it can only lower both)."""
    problem = interleaved(n, days, seed, unavailable)
    greedy = first_timetable(problem, "stable")
    if greedy is None:  # (half the slots barred to half the units: some tables have no timetable)
        assert packed(problem) is None
        return
    assert validate(problem, greedy).ok
    reference = reference_slots(problem)
    if first_fit(problem, reference) is not None or first_fit(problem, reference, eject=False) is not None:
        return  # the first two found one: the greedy's path is the one before
    groups = packed(problem)
    if groups is not None:
        score = OBJECTIVES["stable"].score
        assert score(problem, greedy).values <= score(problem, assign_rooms(problem, groups)).values


class Clock:
    """A clock for the deadline that moves only when told (the builders' and the check's times)."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def greedy_with(monkeypatch, limit: float, windowed: float, check: float) -> tuple[list[str], Timetable | None]:
    """The greedy of ``interleaved(120, 3, seed=5)`` on a clock where the windowed pass takes
    ``windowed`` seconds and each check ``check``; the steps begun, in order."""
    clock = Clock()
    steps: list[str] = []
    goal = pipeline.objective_named("stable")
    run = pipeline._Run(interleaved(120, 3, seed=5), goal, Deadline(limit, clock=clock), 1)
    real_windowed, real_checked, real_packed = run.windowed, run.checked, pipeline.packed

    def slow_windowed(reference):
        steps.append("windowed")
        clock.now += windowed
        return real_windowed(reference)

    def slow_checked(groups):
        clock.now += check if groups is not None else 0.0
        return real_checked(groups)

    def counted_packed(problem):
        steps.append("packed")
        return real_packed(problem)

    def counted_polish(timetable):
        steps.append("polish")
        return timetable

    monkeypatch.setattr(run, "windowed", slow_windowed)
    monkeypatch.setattr(run, "checked", slow_checked)
    monkeypatch.setattr(run, "polished", counted_polish)
    monkeypatch.setattr(pipeline, "packed", counted_packed)
    return steps, run.greedy()


def test_no_builder_begun_with_less_time_left_than_the_last_took(monkeypatch):
    """None of the greedy's builders hears the deadline: the packing is not begun when less time is
    left than the windowed pass and its check took (0.55 s of 0.8 s: 0.25 s left), nor the polish with
    less left than two checks (before, both were begun while any time was left, and a 5,000-unit
    call with ``time_limit=1`` returned after 1.5-1.6 s under load)."""
    steps, greedy = greedy_with(monkeypatch, 0.8, 0.4, 0.15)
    assert steps == ["windowed"] and greedy is not None and moved(interleaved(120, 3, seed=5), greedy) == OPTIMUM
    steps, _ = greedy_with(monkeypatch, 2.0, 0.4, 0.1)
    assert steps == ["windowed", "packed", "polish"]  # 1.5 s left, then 1.4 s: both begun
    steps, _ = greedy_with(monkeypatch, 1.55, 0.4, 0.3)
    assert steps == ["windowed", "packed"]  # 0.85 s left, then 0.55 s: not two checks of 0.3 s
