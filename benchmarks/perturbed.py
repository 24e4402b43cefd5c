"""A published one-room table broken after publication (QA qashapes20's ``s4-pert``), for the sweep.

One room of one, exactly as many meeting times as units (no slack), the units laid one a time in
category order (15 categories), chains of 2-4 units linked in consecutive times of a half-day, pins
at the planted times, most units unavailable on 1-4 other half-days: that planted timetable keeps
every rule. Then a fifth of the unpinned units become unavailable at their own planted half-day, as
after publication. No timetable is left; the clash is proven by matching units to the times the
narrowing leaves them (a Hall set: ``scheduler/solver/hall.py``, docs/explanations.md), and the
rules it rests on are named.

The QA's generator and perturbation (``gen_units.py``, ``perturb.py``) stayed with its report; this
one follows them with this repository's types and names (shorter unit names, weekdays only). The
same shape and seed always give the same problem.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, time
from itertools import pairwise

from scheduler import Calendar, Link, Meeting, Pin, Problem, Room, Timetable, Unavailable, Unit

from .generate import working_days

HOURS = (8, 9, 10, 11, 15, 16, 17, 18)
HALF = len(HOURS) // 2
FIRST_DAY = date(2021, 9, 8)


@dataclass(frozen=True)
class Perturbed:
    """What to build: ``units`` in one room of one, ``units`` meeting times."""

    name: str
    units: int
    categories: int = 15
    chains: int = 300
    """Attempts at a chain of 2-4 linked units (a chain is dropped when it meets a unit already linked)."""
    pins: int = 300
    unavailable: float = 0.9
    """Share of units unavailable on 1-4 half-days other than their planted one."""
    broken: float = 0.2
    """Share of the unpinned units then made unavailable at their planted half-day."""
    objectives: tuple[str, ...] = ("compact", "stable")
    seed: int = 8
    """Seed 8: a clash the matching proves, 2 units that can only meet in 1 time, 8 rules, the fewest for
    the count, as in the QA's s4-pert. Other draws differ: of this shape with seeds 0-8 (in a script,
    ``time_limit=5``, load 15) 0 was proven by the narrowing's arithmetic, 2, 4 and 8 by a matching, 7
    had a timetable and 1, 3, 5, 6 ended with nothing proven (docs/benchmarks.md)."""
    expected: str = "infeasible, rules"
    """What the sweep expects of every run: no timetable, and rules named as why."""


SHAPES: tuple[Perturbed, ...] = (Perturbed("pert-2000u-1r", 2000),)


def build(shape: Perturbed, objective: str = "compact") -> Problem:
    """The problem of ``shape``; its planted timetable is the reference (``stable`` starts from it)."""
    rng = random.Random(f"{shape.name}-{shape.seed}")  # as benchmarks.shapes: `<name>-s<seed>` is another draw
    n = shape.units
    days = working_days(FIRST_DAY, -(-n // len(HOURS)))
    calendar = Calendar(days, tuple(time(h) for h in HOURS))
    categories = tuple(f"类别{c + 1:02d}" for c in range(shape.categories))
    category_of = [c * shape.categories // n for c in range(n)]  # unit i planted at time i, blocks in order
    names = [f"单位{i + 1:05d}" for i in range(n)]
    links = _chains(rng, shape)
    linked = {u for pair in links for u in pair}
    free = [i for i in range(n) if i not in linked]
    rng.shuffle(free)
    pinned = sorted(free[: shape.pins])
    halves = len(calendar) // HALF
    blocked: dict[int, set[int]] = {}
    for i in range(n):
        if rng.random() < shape.unavailable:
            others = [h for h in range(halves) if h != i // HALF]
            blocked[i] = set(rng.sample(others, min(len(others), rng.randint(1, 4))))
    held = set(pinned)
    for i in range(n):
        if i not in held and rng.random() < shape.broken:
            blocked.setdefault(i, set()).add(i // HALF)
    units = tuple(Unit(names[i], categories[category_of[i]]) for i in range(n))
    room = Room("401会议室", 1)
    reference = Timetable(tuple(Meeting(names[i], calendar.slots[i], room.name) for i in range(n)))
    unavailable = tuple(
        Unavailable(names[i], frozenset(calendar.slots[s] for h in sorted(away) for s in _half(h)))
        for i, away in sorted(blocked.items())
    )
    return Problem(
        units=units,
        calendar=calendar,
        rooms=(room,),
        categories=categories,
        links=tuple(Link(names[a], names[b]) for a, b in links),
        pins=tuple(Pin(names[i], calendar.slots[i]) for i in pinned),
        unavailable=unavailable,
        reference=reference,
        title=f"{shape.name} (seed {shape.seed}, {objective})",
    )


def _half(h: int) -> range:
    return range(h * HALF, h * HALF + HALF)


def _chains(rng: random.Random, shape: Perturbed) -> list[tuple[int, int]]:
    """Chains of 2-4 units planted in consecutive times of one half-day, each pair linked in order."""
    links: list[tuple[int, int]] = []
    used: set[int] = set()
    for _ in range(shape.chains):
        for _attempt in range(50):
            t = rng.randrange(shape.units - 1)
            chain = [s for s in range(t, t + rng.randint(2, 4)) if s < shape.units and s // HALF == t // HALF]
            if len(chain) < 2 or used.intersection(chain):
                continue
            used.update(chain)
            links += list(pairwise(chain))
            break
    return links
