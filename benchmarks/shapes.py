"""Adversarial shapes for the sweep (``make bench-shapes``): instances built around a planted timetable.

:mod:`benchmarks.generate` draws instances like the benchmark's (about 15% slack, pairs,
a little unavailability). The shapes here stress what those never do: horizons with no
slack at all, one unit too many, heavy unavailability, many links and pins, pins that
clash with the category order, overlapping parallel-group labels (a unit in 1-3 labels),
one label shared by hundreds of units, rooms of 3 and 5, mixed rooms, 1 and 10 rooms,
300 to 5,000 units.

Every instance is built from a *planted* timetable: the groups (label-mates together, up
to the room's capacity) are laid into slots category by category, and everything else is
drawn around it: each unit's unavailability avoids its planted half-day, links join units
planted in consecutive slots, pins hold units at their planted slot. So a shape is
feasible by construction unless it says otherwise (``extra`` units beyond the calendar,
``clash`` pins against the category order), and the planted timetable is the table's
time column: ``validate`` accepts it and ``stable`` starts from it (with 1% of the units
then made unavailable at their planted time, as after publication). The sweep gives ``compact``
no time column (:func:`benchmarks.sweep.problem_of`): ``compact`` keeps a table's own times when
no timetable is better, so with the planted one it would measure a check, not the search; only
the objective ``compact-own`` (one shape) keeps them, to show what that check costs.

:func:`write_files` writes a shape as the office would keep it: a CSV table
(序号, 时间, 单位, 类别, 并行组, 房间) and its rules file (TOML, one ``[[unavailable]]``
entry per unit that has any), so the sweep can run the CLI on real files.

The same shape always gives the same problem.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from math import ceil
from pathlib import Path

from scheduler import Calendar, Link, Meeting, Pin, Problem, Room, Timetable, Unavailable, Unit

from .generate import working_days

HOURS = (8, 9, 10, 11, 15, 16, 17, 18)
HALF = len(HOURS) // 2
FIRST_DAY = date(2021, 9, 8)
CATEGORIES = ("部门", "镇办")


@dataclass(frozen=True)
class Shape:
    """What to build. Fractions are of the units; ``slack`` is of the planted slots (0: no
    free room-hour at all, the calendar filled to its last day)."""

    name: str
    units: int
    rooms: int
    capacity: int | tuple[int, ...] = 2
    slack: float = 0.15
    paired: float = 0.2
    """Units in a parallel-group label (labels of ``label_size`` units, within a category)."""
    label_size: int | tuple[int, int] = 2
    """Units per label, or the range each label's size is drawn from."""
    overlap: bool = False
    """Every unit in 1-3 labels drawn from a pool (labels of about ``label_size`` units)."""
    big_label: bool = False
    """Every street office shares one label."""
    unavailable: float = 0.1
    """Probability that a unit cannot come on a given half-day (never its planted one)."""
    links: float = 0.02
    pins: float = 0.0
    clash: int = 0
    """Street offices pinned into the departments' hours (and as many departments into the
    street offices' hours): no timetable exists, an explanation is due."""
    extra: int = 0
    """Street offices beyond what the calendar holds (with ``slack=0``: infeasible by counting)."""
    objectives: tuple[str, ...] = ("compact", "stable")
    seed: int = 0
    notes: str = field(default="", compare=False)

    @property
    def capacities(self) -> tuple[int, ...]:
        if isinstance(self.capacity, int):
            return (self.capacity,) * self.rooms
        return self.capacity


SHAPES: tuple[Shape, ...] = (
    # The benchmark's own shape, for reference.
    Shape("base-1000u-4r", 1000, 4, objectives=("compact", "compact-own", "stable"), notes="the benchmark's shape"),
    # Horizons: no slack at all; one unit more than fits.
    Shape("tight-1000u-4r", 1000, 4, slack=0.0, objectives=("compact",), notes="no free room-hour"),
    Shape("tight-heavy-300u-2r", 300, 2, slack=0.0, unavailable=0.4, objectives=("compact",)),
    Shape("short-1000u-4r", 1000, 4, slack=0.0, extra=1, objectives=("compact",), notes="one unit too many"),
    Shape("short-5000u-4r", 5000, 4, slack=0.0, extra=1, objectives=("compact",)),
    # Unavailability, links and pins.
    Shape("heavy-1000u-4r", 1000, 4, unavailable=0.4, notes="40% of half-days unavailable"),
    Shape("links-pins-1000u-4r", 1000, 4, links=0.2, pins=0.05, notes="20% linked, 5% pinned"),
    Shape("clash-300u-2r", 300, 2, clash=3, objectives=("compact",), notes="pins against the category order"),
    Shape("clash-1000u-4r", 1000, 4, clash=2, objectives=("compact",)),
    # Labels: overlapping, and one shared by every street office.
    Shape("overlap-1000u-4r", 1000, 4, overlap=True, label_size=10, notes="units in 1-3 labels"),
    Shape("biglabel-2000u-4r", 2000, 4, big_label=True, notes="one label for every street office"),
    # Rooms of 3 and 5, mixed rooms.
    Shape("cap3-300u-2r", 300, 2, capacity=3, paired=0.6, label_size=(2, 6), notes="labels of 2-6 units"),
    Shape("cap5-1000u-4r", 1000, 4, capacity=5, paired=0.6, label_size=(2, 9)),
    Shape("mixed-1000u-3r", 1000, 3, capacity=(3, 2, 1), paired=0.4, label_size=(2, 5), notes="rooms of 3, 2, 1"),
    # One room and ten rooms, 300 to 5,000 units.
    Shape("300u-1r", 300, 1),
    Shape("1000u-1r", 1000, 1),
    Shape("2000u-1r", 2000, 1),
    Shape("5000u-1r", 5000, 1),
    Shape("1000u-10r", 1000, 10),
    Shape("5000u-4r", 5000, 4),
    Shape("5000u-10r", 5000, 10),
    # The hard shapes again at 5,000 units (found on 2026-12-03: pins and links left the packing
    # out and first-fit stuck, so no timetable at all; mixed rooms made the packing search 12 s).
    Shape("links-pins-5000u-4r", 5000, 4, links=0.2, pins=0.05),
    Shape("mixed-5000u-3r", 5000, 3, capacity=(3, 2, 1), paired=0.4, label_size=(2, 5)),
    Shape("overlap-5000u-4r", 5000, 4, overlap=True, label_size=10),
    Shape("biglabel-5000u-4r", 5000, 4, big_label=True),
    Shape("heavy-5000u-4r", 5000, 4, unavailable=0.4),
)
QUICK = ("tight-heavy-300u-2r", "clash-300u-2r", "cap3-300u-2r", "300u-1r")
TINY = (Shape("tiny-40u-1r", 40, 1, clash=0), Shape("tiny-clash-40u-1r", 40, 1, clash=1, objectives=("compact",)))


def shape_named(name: str) -> Shape:
    """A shape by name (``<shape>-s<seed>``: that shape with another seed)."""
    base, _, seed = name.rpartition("-s")
    if base and seed.isdigit() and any(s.name == base for s in (*SHAPES, *TINY)):
        found = shape_named(base)
        return Shape(**{**found.__dict__, "name": name, "seed": int(seed)})
    return next(s for s in (*SHAPES, *TINY) if s.name == name)


@dataclass
class _Plan:
    """The planted timetable as it is built: slot -> groups (unit positions)."""

    slots: list[list[list[int]]] = field(default_factory=list)
    slot_of: dict[int, int] = field(default_factory=dict)


def build(shape: Shape, objective: str = "compact") -> Problem:
    """The problem of a shape; for ``stable`` with its reference timetable, broken in 1% of units."""
    rng = random.Random(f"{shape.name}-{shape.seed}")
    capacities = shape.capacities
    departments = round(shape.units * 2 / 3)
    category = [0] * departments + [1] * (shape.units - departments)
    labels = _labels(rng, shape, category)
    groups = _groups(rng, shape, category, labels)
    plan = _plant(groups, capacities, category)
    if shape.slack == 0:  # fill every room-hour up to the last day: departments' last slot, then the days
        _fill(plan, category, labels, capacities, 0)
        _fill(plan, category, labels, capacities, 1)
    days = working_days(FIRST_DAY, ceil(len(plan.slots) * (1 + shape.slack) / len(HOURS)))
    calendar = Calendar(days, tuple(time(h) for h in HOURS))
    names = _names(category)
    links = _links(rng, shape, plan, category, labels, calendar)
    linked = {u for pair in links for u in pair}
    pinned = _pins(rng, shape, plan, linked)
    blocked = {i: _half_days(rng, shape, calendar, plan.slot_of[i]) for i in range(len(category))}
    for i in linked | set(pinned):
        blocked[i] = set()
    clash = _clash(shape, plan, category, linked | set(pinned))
    for i, t in clash.items():
        pinned[i] = t
        blocked[i] = set()
    extra = []
    for k in range(shape.extra):
        category.append(1)
        labels.append(())
        names.append(f"新增街道{k + 1:03d}")
        extra.append(len(category) - 1)
        blocked[len(category) - 1] = set()
    units = tuple(Unit(names[i], CATEGORIES[category[i]], "、".join(labels[i])) for i in range(len(category)))
    room_list = tuple(Room(f"{401 + r}会议室", c) for r, c in enumerate(capacities))
    reference = _reference(plan, units, room_list, calendar)
    if objective == "stable":  # 1% made unavailable at their planted slot (the table built once: 5,000
        # units' unavailability is millions of times, and a second copy stayed in the process's memory)
        movable = [i for i in range(len(units)) if i not in linked and i not in pinned and i in plan.slot_of]
        for i in rng.sample(movable, max(2, len(units) // 100)):
            blocked[i] = blocked[i] | {plan.slot_of[i]}
    return Problem(
        units=units,
        calendar=calendar,
        rooms=room_list,
        categories=CATEGORIES,
        links=tuple(Link(names[a], names[b]) for a, b in links),
        pins=tuple(Pin(names[i], calendar.slots[t]) for i, t in sorted(pinned.items())),
        unavailable=_unavailable(names, calendar, blocked),
        reference=reference,
        title=f"{shape.name} (seed {shape.seed})",
    )


def _names(category: list[int]) -> list[str]:
    out = []
    for i, k in enumerate(category):
        out.append(f"区直部门{i + 1:04d}" if k == 0 else f"第{i + 1:04d}街道办事处")
    return out


def _labels(rng: random.Random, shape: Shape, category: list[int]) -> list[tuple[str, ...]]:
    """Each unit's parallel-group labels."""
    out: list[tuple[str, ...]] = [() for _ in category]
    for k in (0, 1):
        members = [i for i, c in enumerate(category) if c == k]
        prefix = "甲乙"[k]
        if shape.big_label and k == 1:
            for i in members:
                out[i] = ("街道",)
            continue
        sizes = shape.label_size if isinstance(shape.label_size, tuple) else (shape.label_size,) * 2
        if shape.overlap:
            pool = max(2, round(len(members) * 2 / sizes[1]))  # about 2 labels a unit
            for i in members:
                count = rng.choice((1, 1, 2, 2, 3))
                out[i] = tuple(sorted({f"{prefix}{rng.randrange(pool) + 1}" for _ in range(count)}))
            continue
        chosen = rng.sample(members, round(len(members) * shape.paired))
        n = number = 0
        while n + sizes[0] <= len(chosen):
            size = rng.randint(*sizes)
            number += 1
            for i in chosen[n : n + size]:
                out[i] = (f"{prefix}{number}",)
            n += size
    return out


def _groups(rng: random.Random, shape: Shape, category: list[int], labels: list[tuple[str, ...]]) -> list[list[int]]:
    """The planted groups, category by category: label-mates together, up to the largest room."""
    largest = max(shape.capacities)
    out: list[list[int]] = []
    for k in (0, 1):
        members = [i for i, c in enumerate(category) if c == k]
        rng.shuffle(members)
        free = set(members)
        by_label: dict[str, list[int]] = defaultdict(list)
        for i in members:
            for label in labels[i]:
                by_label[label].append(i)
        for i in members:
            if i not in free:
                continue
            free.discard(i)
            group = [i]
            for label in labels[i]:
                for j in by_label[label]:
                    if len(group) < largest and j in free and all(label in labels[m] for m in group):
                        group.append(j)
                        free.discard(j)
            out.append(group)
    return out


def _plant(groups: list[list[int]], capacities: tuple[int, ...], category: list[int]) -> _Plan:
    """Groups into slots in order, a category never sharing a slot with the next; each slot's
    groups fit its rooms (each room takes the first waiting group of its category that fits)."""
    plan = _Plan()
    order = sorted(capacities, reverse=True)
    pending = list(groups)
    while pending:
        k = category[pending[0][0]]
        slot: list[list[int]] = []
        for capacity in order:
            pick = next((n for n, g in enumerate(pending) if len(g) <= capacity and category[g[0]] == k), None)
            if pick is not None:
                slot.append(pending.pop(pick))
        for g in slot:
            for i in g:
                plan.slot_of[i] = len(plan.slots)
        plan.slots.append(slot)
    return plan


def _fill(plan: _Plan, category: list[int], labels: list[tuple[str, ...]], caps: tuple[int, ...], k: int) -> None:
    """Add singleton units of category ``k`` to its last slot's free rooms (towns: to the end of the day)."""
    slots = [t for t, groups in enumerate(plan.slots) if groups and category[groups[0][0]] == k]
    if not slots:
        return
    last = slots[-1]
    targets = [last]
    if k == 1:
        end = ceil(len(plan.slots) / len(HOURS)) * len(HOURS)
        plan.slots += [[] for _ in range(end - len(plan.slots))]
        targets = list(range(last, end))
    for t in targets:
        while len(plan.slots[t]) < len(caps):
            category.append(k)
            labels.append(())
            i = len(category) - 1
            plan.slots[t].append([i])
            plan.slot_of[i] = t


def _links(
    rng: random.Random,
    shape: Shape,
    plan: _Plan,
    category: list[int],
    labels: list[tuple[str, ...]],
    calendar: Calendar,
) -> list[tuple[int, int]]:
    """Pairs (a, b) of unlabelled units alone in their rooms, b planted in the slot directly after a."""
    alone: dict[int, list[int]] = defaultdict(list)
    for t, groups in enumerate(plan.slots):
        for g in groups:
            if len(g) == 1 and not labels[g[0]]:
                alone[t].append(g[0])
    wanted = round(len(category) * shape.links / 2)
    starts = [t for t in range(len(plan.slots)) if calendar.next_slot(t) is not None]
    rng.shuffle(starts)
    used: set[int] = set()
    out = []
    for t in starts:
        if len(out) >= wanted:
            break
        after = calendar.next_slot(t)
        a = next((u for u in alone[t] if u not in used), None)
        if a is None or after is None:
            continue
        b = next((u for u in alone.get(after, []) if u not in used and category[u] == category[a]), None)
        if b is None:
            continue
        used |= {a, b}
        out.append((a, b))
    return sorted(out)


def _pins(rng: random.Random, shape: Shape, plan: _Plan, linked: set[int]) -> dict[int, int]:
    candidates = sorted(i for i in plan.slot_of if i not in linked)
    chosen = rng.sample(candidates, round(len(plan.slot_of) * shape.pins))
    return {i: plan.slot_of[i] for i in chosen}


def _clash(shape: Shape, plan: _Plan, category: list[int], taken: set[int]) -> dict[int, int]:
    """``clash`` street offices pinned into the first slots and as many departments into the last ones."""
    if not shape.clash:
        return {}
    towns = [i for t in range(len(plan.slots) - 1, -1, -1) for g in plan.slots[t] for i in g if category[i] == 1]
    departments = [i for t in range(len(plan.slots)) for g in plan.slots[t] for i in g if category[i] == 0]
    towns = [i for i in towns if i not in taken][: shape.clash]
    departments = [i for i in departments if i not in taken][: shape.clash]
    out = {i: k for k, i in enumerate(towns)}
    out.update({i: len(plan.slots) - 1 - k for k, i in enumerate(departments)})
    return out


def _half_days(rng: random.Random, shape: Shape, calendar: Calendar, planted: int) -> set[int]:
    out: set[int] = set()
    for half in range(len(calendar) // HALF):
        if half == planted // HALF:
            continue
        if rng.random() < shape.unavailable:
            out |= set(range(half * HALF, half * HALF + HALF))
    return out


def _unavailable(names: list[str], calendar: Calendar, blocked: dict[int, set[int]]) -> tuple[Unavailable, ...]:
    return tuple(
        Unavailable(names[i], frozenset(calendar.slots[t] for t in slots))
        for i, slots in sorted(blocked.items())
        if slots
    )


def _reference(plan: _Plan, units: tuple[Unit, ...], rooms: tuple[Room, ...], calendar: Calendar) -> Timetable:
    """The planted timetable, largest group in the largest room; extra units without a time."""
    meetings = []
    order = sorted(rooms, key=lambda r: -r.capacity)
    for t, groups in enumerate(plan.slots):
        for g, room in zip(sorted(groups, key=len, reverse=True), order, strict=False):
            meetings += [Meeting(units[i].name, calendar.slots[t], room.name) for i in g]
    placed = {m.unit for m in meetings}
    meetings += [Meeting(u.name, None, None) for u in units if u.name not in placed]
    position = {u.name: i for i, u in enumerate(units)}
    return Timetable(tuple(sorted(meetings, key=lambda m: position[m.unit])))


def _span(calendar: Calendar, slots: list[int]) -> list[str]:
    """Slots as half-day spans (``2021-09-08 8:00-12:00``: from the first meeting's start to the last one's
    end, as the rules file reads a span) and single times."""
    out = []
    ordered = sorted(slots)
    k = 0
    while k < len(ordered):
        t = ordered[k]
        if t % HALF == 0 and ordered[k : k + HALF] == list(range(t, t + HALF)):
            first, end = calendar.slots[t], calendar.slots[t + HALF - 1] + timedelta(minutes=calendar.minutes)
            out.append(f"{first:%Y-%m-%d} {first.hour}:{first.minute:02d}-{end.hour}:{end.minute:02d}")
            k += HALF
        else:
            out.append(_when(calendar.slots[t]))
            k += 1
    return out


def _when(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d} {moment.hour}:{moment.minute:02d}"


def write_files(problem: Problem, folder: Path, name: str = "table") -> Path:
    """Write ``folder/name.csv`` and ``folder/name.toml``; return the CSV. One row per unit, in the
    problem's order: its time and room from the reference where it has one, empty otherwise (a problem
    without a reference is a new table: every time and room empty)."""
    import tomli_w

    from scheduler.files.tables import render_table

    folder.mkdir(parents=True, exist_ok=True)
    calendar = problem.calendar
    given = {m.unit: m for m in problem.reference.meetings} if problem.reference else {}
    columns = ["序号", "时间", "单位", "类别", "并行组", "房间"]
    rows = []
    for number, unit in enumerate(problem.units, start=1):
        m = given.get(unit.name)
        rows.append(
            {
                "序号": str(number),
                "时间": _when(m.start) if m is not None and m.start is not None else "",
                "单位": unit.name,
                "类别": unit.category,
                "并行组": unit.group,
                "房间": (m.room or "") if m is not None else "",
            }
        )
    table = folder / f"{name}.csv"
    table.write_bytes(render_table(columns, rows))
    data: dict[str, object] = {
        "title": problem.title,
        "timezone": calendar.timezone,
        "days": [d.isoformat() for d in calendar.days],
        "hours": [f"{h.hour}:{h.minute:02d}" for h in calendar.hours],
        "meeting_minutes": calendar.minutes,
        "categories": list(problem.categories),
        "rooms": [{"name": r.name, "capacity": r.capacity} for r in problem.rooms],
    }
    if problem.links:
        data["links"] = [{"first": k.first, "then": k.then} for k in problem.links]
    if problem.pins:
        data["pins"] = [{"unit": p.unit, "time": _when(p.start)} for p in problem.pins]
    if problem.unavailable:
        data["unavailable"] = [
            {"unit": e.unit, "times": _span(calendar, sorted(calendar.index(s) or 0 for s in e.starts))}
            for e in problem.unavailable
        ]
    (folder / f"{name}.toml").write_bytes(tomli_w.dumps(data).encode("utf-8"))
    return table
