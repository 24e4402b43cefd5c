"""A seeded generator of realistic reception problems, for benchmarks and tests.

An instance looks like the 2021 notice grown to a city: ``units`` units (about
two thirds departments 部门, one third street offices and towns 镇办, departments
first), ``rooms`` rooms that each receive up to two units at once, one-hour
meetings at the notice's hours (8-11 and 15-18 o'clock), as many days as it
takes to leave about 15% of the room-hours free, about 20% of units in allowed
pairs (a shared 并行组 label), about 10% of each unit's hours unavailable (whole
half-days, the way offices say it), and a few linked units (one received
directly after another).

With ``stable=True`` the instance also carries a reference timetable (a valid
first-fit timetable of the same units) and then a few units become unavailable
at their reference hour, as happens after a timetable is published.

The same arguments always give the same problem.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, time, timedelta
from math import ceil

from scheduler import Calendar, Link, Meeting, Problem, Room, Timetable, Unavailable, Unit

HOURS = (8, 9, 10, 11, 15, 16, 17, 18)
FIRST_DAY = date(2021, 9, 8)
CATEGORIES = ("部门", "镇办")
SLACK = 0.15
PAIRED = 0.20
UNAVAILABLE = 0.10


@dataclass(frozen=True)
class Spec:
    """What to generate: the size, the seed and the objective it is meant for."""

    units: int
    rooms: int
    seed: int = 0
    stable: bool = False

    @property
    def name(self) -> str:
        return f"{self.units}u-{self.rooms}r-s{self.seed}{'-stable' if self.stable else ''}"


def working_days(start: date, count: int) -> tuple[date, ...]:
    """``count`` weekdays from ``start`` on."""
    out: list[date] = []
    day = start
    while len(out) < count:
        if day.weekday() < 5:
            out.append(day)
        day += timedelta(days=1)
    return tuple(out)


def generate(units: int, rooms: int, seed: int = 0, stable: bool = False) -> Problem:
    """A reception problem with ``units`` units and ``rooms`` rooms (see the module docstring)."""
    if units < 2 or rooms < 1:
        raise ValueError("need at least 2 units and 1 room")
    rng = random.Random(f"{units}-{rooms}-{seed}")
    departments = round(units * 2 / 3)
    category = [CATEGORIES[0] if i < departments else CATEGORIES[1] for i in range(units)]
    names = [f"区直部门{i + 1:04d}" for i in range(departments)]
    names += [f"第{i + 1:04d}街道办事处" for i in range(units - departments)]

    # Allowed pairs: about PAIRED of the units, two by two within a category.
    groups = [""] * units
    pair_count = round(units * PAIRED / 2)
    for k, (a, b) in enumerate(_pairs(rng, category, pair_count)):
        groups[a] = groups[b] = f"并{k + 1}"

    meetings = units - pair_count
    slots = ceil(meetings / rooms * (1 + SLACK))
    days = working_days(FIRST_DAY, ceil(slots / len(HOURS)))
    calendar = Calendar(days, tuple(time(h) for h in HOURS))

    links = _links(rng, category, groups, max(1, units // 60))
    blocked = {i: _half_days(rng, calendar) for i in range(units)}
    linked = {link_unit for a, b in links for link_unit in (a, b)}
    for i in linked:  # a linked unit comes whenever its partner does: keep them simple
        blocked[i] = set()
    unit_list = tuple(Unit(names[i], category[i], groups[i]) for i in range(units))
    problem = Problem(
        units=unit_list,
        calendar=calendar,
        rooms=tuple(Room(f"{401 + r}会议室", 2) for r in range(rooms)),
        categories=CATEGORIES,
        links=tuple(Link(names[a], names[b]) for a, b in links),
        unavailable=_unavailable(names, calendar, blocked),
        title=f"生成的对接计划 {units} 个单位 {rooms} 个房间 (seed {seed})",
    )
    if not stable:
        return problem
    slot_of = _baseline(category, groups, links, blocked, rooms, len(calendar))
    room_of: dict[int, str] = {}
    taken: dict[int, dict[str, str]] = {}
    for i in range(units):  # paired units share a room; everyone else takes the next free one
        in_slot = taken.setdefault(slot_of[i], {})
        room_of[i] = in_slot.get(groups[i]) if groups[i] in in_slot else problem.rooms[len(in_slot)].name  # type: ignore[assignment]
        in_slot[groups[i] or names[i]] = room_of[i]
    reference = Timetable(tuple(Meeting(names[i], calendar.slots[slot_of[i]], room_of[i]) for i in range(units)))
    movable = [i for i in range(units) if i not in linked]
    for i in rng.sample(movable, max(2, units // 100)):
        blocked[i] = blocked[i] | {slot_of[i]}
    return problem.replace(reference=reference, unavailable=_unavailable(names, calendar, blocked))


def from_spec(spec: Spec) -> Problem:
    """The problem a :class:`Spec` describes."""
    return generate(spec.units, spec.rooms, spec.seed, spec.stable)


def _baseline(
    category: list[str],
    groups: list[str],
    links: list[tuple[int, int]],
    blocked: dict[int, set[int]],
    rooms: int,
    slots: int,
) -> dict[int, int]:
    """A published timetable, the way an office makes one: units in table order, each
    meeting (a pair together, a linked unit right after its partner) at the first hour
    with a free room that every member can come to, departments before street offices."""
    follower = dict(links)
    partner: dict[str, list[int]] = {}
    for i, label in enumerate(groups):
        if label:
            partner.setdefault(label, []).append(i)
    used = [0] * slots
    slot_of: dict[int, int] = {}
    start = 0
    current = category[0]
    for i in range(len(category)):
        if i in slot_of or i in follower.values():
            continue
        if category[i] != current:
            current, start = category[i], max(slot_of.values()) + 1
        members = partner[groups[i]] if groups[i] else [i]
        chain = [members] + ([[follower[i]]] if i in follower else [])
        t = start
        half = len(HOURS) // 2  # a linked unit's hour must directly follow: not the first of a half-day
        while not all(
            used[t + k] < rooms and not any(t + k in blocked[m] for m in part) and (k == 0 or (t + k) % half != 0)
            for k, part in enumerate(chain)
        ):
            t += 1
            if t + len(chain) > slots:
                raise ValueError("no room for the baseline timetable: raise SLACK")
        for k, part in enumerate(chain):
            used[t + k] += 1
            for m in part:
                slot_of[m] = t + k
    return slot_of


def _pairs(rng: random.Random, category: list[str], count: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    by_category = {c: [i for i, k in enumerate(category) if k == c] for c in CATEGORIES}
    share = {c: round(count * len(members) / len(category)) for c, members in by_category.items()}
    for c, members in by_category.items():
        chosen = rng.sample(members, min(len(members) // 2 * 2, 2 * share[c]))
        out += [(min(a, b), max(a, b)) for a, b in zip(chosen[::2], chosen[1::2], strict=True)]
    return sorted(out)


def _links(rng: random.Random, category: list[str], groups: list[str], count: int) -> list[tuple[int, int]]:
    """Neighbouring units of one category, neither of them paired, one received right after the other."""
    candidates = [
        i for i in range(len(category) - 1) if category[i] == category[i + 1] and not groups[i] and not groups[i + 1]
    ]
    rng.shuffle(candidates)
    used: set[int] = set()
    out: list[tuple[int, int]] = []
    for i in candidates:
        if len(out) == count:
            break
        if {i, i + 1} & used:
            continue
        used |= {i, i + 1}
        out.append((i, i + 1))
    return sorted(out)


def _half_days(rng: random.Random, calendar: Calendar) -> set[int]:
    """Slots of the half-days a unit cannot come (each half-day with probability UNAVAILABLE)."""
    half = len(HOURS) // 2
    out: set[int] = set()
    for d in range(len(calendar.days)):
        for h in range(2):
            if rng.random() < UNAVAILABLE:
                first = d * len(HOURS) + h * half
                out |= set(range(first, first + half))
    return out


def _unavailable(names: list[str], calendar: Calendar, blocked: dict[int, set[int]]) -> tuple[Unavailable, ...]:
    return tuple(
        Unavailable(names[i], frozenset(calendar.slots[t] for t in sorted(slots)))
        for i, slots in sorted(blocked.items())
        if slots
    )
