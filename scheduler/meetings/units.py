"""A unit table's problem as a meeting problem: the general model as a fallback formulation.

Each unit becomes one session of the calendar's meeting length with the unit as its one required
participant; its 并行组 labels become sharing labels, so a room receiving two units at once (capacity
2) holds only units with a common label, without enumerating the groups. The calendar's meeting
hours become working periods (consecutive hours merge) on a grid of the meeting length, so sessions
start exactly at the listed hours; unavailable hours become busy time, pins stay pins.

Two rules have no counterpart in the meeting model and are carried over as restrictions: every
timetable of the meeting problem keeps the unit rules, not every unit timetable is one of them.

* **Links** (``then`` directly after ``first``, the same day): each chain of linked units becomes
  one session as long as the chain, every unit of it a required participant (so each one's busy
  time keeps the whole session away), sharing a room only on the labels all of them have, in one
  room throughout. A unit timetable may put a chain's units in two rooms; here it cannot.
* **The category order**: fixed at a split (:func:`category_splits`, e.g. a valid timetable's),
  each category's sessions within a window between its split and the next. A timetable with
  another split is not one of this problem's.

Not carried over at all (:func:`convertible` says no): meeting hours off the grid of the meeting
length (8:30 with one-hour meetings would let sessions start between the listed hours), a chain of
links over two categories, and a chain pinned at two places that disagree.
:func:`to_timetable` turns a plan back into a unit timetable; the caller checks it with the unit
checker.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from scheduler.domain import Meeting as Row
from scheduler.domain import Problem, Timetable, labels
from scheduler.domain.meetings import (
    Attendee,
    Busy,
    MeetingProblem,
    Pin,
    Placement,
    Plan,
    Session,
    Window,
    Workdays,
)

Chains = tuple[tuple[str, ...], ...]


def chains(problem: Problem) -> Chains | None:
    """Every unit's chain of links, first to last (a unit without links is a chain of one), in
    table order of their first unit (a problem's links are simple chains: the domain refuses a
    branch or a cycle); ``None`` when a chain mixes categories."""
    after = {link.first: link.then for link in problem.links}
    following = {link.then for link in problem.links}
    category = {u.name: u.category for u in problem.units}
    out: list[tuple[str, ...]] = []
    for unit in problem.units:
        if unit.name in following:
            continue
        chain = [unit.name]
        while chain[-1] in after:
            chain.append(after[chain[-1]])
        if len({category[name] for name in chain}) > 1:
            return None
        out.append(tuple(chain))
    return tuple(out)


def convertible(problem: Problem, splits: Sequence[int] | None = None) -> bool:
    """Whether :func:`from_units` can carry every rule of ``problem`` over, exactly or as a
    restriction; with two categories or more only when ``splits`` fixes where each one ends."""
    minutes = problem.calendar.minutes
    on_grid = all((h.hour * 60 + h.minute) % minutes == 0 for h in problem.calendar.hours)
    ordered = len(problem.categories) < 2 or (splits is not None and len(splits) == len(problem.categories) - 1)
    found = chains(problem)
    return on_grid and ordered and found is not None and _chain_pins(problem, found) is not None


def category_splits(problem: Problem, timetable: Timetable) -> tuple[int, ...] | None:
    """Where ``timetable`` splits the categories: for each category after the first, the slot
    before which every unit of an earlier category meets and from which every unit of it or a
    later one does; ``None`` when the timetable does not keep the order (or leaves a unit out)."""
    calendar = problem.calendar
    starts = timetable.starts()
    rank = {name: k for k, name in enumerate(problem.categories)}
    first = [len(calendar)] * len(problem.categories)
    last = [-1] * len(problem.categories)
    for unit in problem.units:
        k = rank.get(unit.category)
        if k is None:
            continue
        t = calendar.index(starts[unit.name]) if unit.name in starts else None
        if t is None:
            return None
        first[k], last[k] = min(first[k], t), max(last[k], t)
    splits = []
    for k in range(1, len(problem.categories)):
        split = max(last[:k]) + 1
        if split > min(first[k:]):
            return None
        splits.append(split)
    return tuple(splits)


def from_units(problem: Problem, splits: Sequence[int] = ()) -> MeetingProblem:
    """The meeting problem of a unit problem (see the module text for what becomes a restriction
    and what :func:`convertible` must allow first); ``splits`` fixes the category order."""
    calendar = problem.calendar
    minutes = calendar.minutes
    found = chains(problem)
    pins = _chain_pins(problem, found) if found is not None else None
    if found is None or pins is None:
        raise ValueError("a chain of links over two categories, or pinned at two places")
    units = {u.name: u for u in problem.units}
    windows = _windows(problem, splits)
    sessions = tuple(
        Session(
            chain[0],
            minutes * len(chain),
            tuple(Attendee(name) for name in chain),
            seats=1,
            share=frozenset.intersection(*(labels(units[name]) for name in chain)),
            window=windows.get(units[chain[0]].category, Window()),
            note=units[chain[0]].note,
        )
        for chain in found
    )
    busy = tuple(
        Busy(entry.unit, start, start + timedelta(minutes=minutes))
        for entry in problem.unavailable
        for start in sorted(entry.starts)
    )
    return MeetingProblem(
        sessions,
        _workdays(problem),
        tuple(problem.rooms),
        units=tuple(unit.name for unit in problem.units),
        busy=busy,
        pins=tuple(Pin(title, start) for title, start in pins.items()),
        reference=_reference(problem, found),
        title=problem.title,
    )


def to_timetable(problem: Problem, plan: Plan) -> Timetable:
    """The unit timetable of a plan of :func:`from_units`'s problem: each chain's units one after
    the other in its session's room, in table order."""
    step = timedelta(minutes=problem.calendar.minutes)
    found = chains(problem) or ()
    placed = plan.by_title()
    at: dict[str, tuple[datetime | None, str | None]] = {}
    for chain in found:
        p = placed.get(chain[0])
        for k, name in enumerate(chain):
            start = p.start + k * step if p is not None and p.start is not None else None
            at[name] = (start, p.room if p is not None else None)
    return Timetable(tuple(Row(u.name, *at.get(u.name, (None, None))) for u in problem.units))


def start_of(problem: Problem, meetings: MeetingProblem, timetable: Timetable) -> tuple[list[int], list[str]] | None:
    """A unit timetable as a start for the meeting solver (each session's clock step and room, from
    its chain's first unit), or ``None`` when a unit has no place. A chain split over rooms (the unit
    greedy's timetable of biglabel-2000u-4r split 9 of its 20) is repaired where it can be: moved
    whole, at its time, to a room free for all of it beside the other sessions (:func:`_room_for`),
    ``None`` when none is. The solver checks a start before taking it."""
    rows = {m.unit: m for m in timetable.meetings}
    steps: list[int] = []
    rooms: list[str] = []
    split: list[int] = []
    held: list[tuple[str, ...]] = []  # each split chain's rooms, unit by unit
    for chain, session in zip(chains(problem) or (), meetings.sessions, strict=True):
        first = rows.get(chain[0])
        step = meetings.workdays.step(first.start) if first is not None and first.start is not None else None
        if first is None or step is None or first.room is None or any(rows.get(name) is None for name in chain):
            return None
        if any(rows[name].room != first.room for name in chain):
            split.append(len(steps))
            held.append(tuple(rows[name].room or "" for name in chain))
        steps.append(step)
        rooms.append(first.room)
        assert session.title == chain[0]
    for k, units_rooms in zip(split, held, strict=True):
        room = _room_for(meetings, steps, rooms, k)
        if room is not None:
            rooms[k] = room
        elif not _swap(meetings, steps, rooms, k, units_rooms):
            return None
    return steps, rooms


def _swap(meetings: MeetingProblem, steps: Sequence[int], rooms: list[str], k: int, units_rooms: Sequence[str]) -> bool:
    """Session ``k`` kept in its first unit's room throughout: at each step its unit was elsewhere, the
    two rooms trade what they hold then (each held it together in the unit timetable). Only rooms
    alike (capacity, seats, changeover), sessions one step long starting then, no room wishes;
    ``rooms`` is changed only when every step can trade."""
    sessions, grid = meetings.sessions, meetings.workdays.grid
    by_name = {r.name: r for r in meetings.rooms}
    home = rooms[k]
    trades: dict[int, str] = {}
    for d, there in enumerate(units_rooms):
        if there == home:
            continue
        a, b = by_name[home], by_name[there]
        if (a.capacity, a.seats, a.changeover) != (b.capacity, b.seats, b.changeover):
            return False
        t = steps[k] + d
        for j in range(len(sessions)):
            if j == k or rooms[j] not in (home, there):
                continue
            length = sessions[j].minutes // grid
            if not steps[j] < t + 1 or not t < steps[j] + length:
                continue  # not running at t
            if length != 1 or steps[j] != t or sessions[j].rooms or sessions[j].avoid:
                return False
            trades[j] = there if rooms[j] == home else home
    if sessions[k].rooms or sessions[k].avoid:
        return False
    for j, room in trades.items():
        rooms[j] = room
    return True


def _room_for(meetings: MeetingProblem, steps: Sequence[int], rooms: Sequence[str], k: int) -> str | None:
    """A room session ``k`` may hold throughout at ``steps[k]`` beside the others where ``rooms`` puts
    them: fewer of them there at each of its steps than the room holds, every one with a label in
    common with it (allowed-sharing), none of the rooms its session may not use."""
    sessions, grid = meetings.sessions, meetings.workdays.grid
    session = sessions[k]
    first, last = steps[k], steps[k] + session.minutes // grid
    for room in meetings.rooms:
        if (session.rooms and room.name not in session.rooms) or room.name in session.avoid:
            continue
        there = [
            j
            for j in range(len(sessions))
            if j != k and rooms[j] == room.name and steps[j] < last and first < steps[j] + sessions[j].minutes // grid
        ]
        if any(not session.share & sessions[j].share for j in there) if room.capacity > 1 else there:
            continue
        load = [
            sum(1 for j in there if steps[j] <= t < steps[j] + sessions[j].minutes // grid) for t in range(first, last)
        ]
        if max(load, default=0) < room.capacity:
            return room.name
    return None


def _workdays(problem: Problem) -> Workdays:
    """The calendar's hours as working periods on the grid of the meeting length."""
    calendar = problem.calendar
    minutes = calendar.minutes
    periods: list[tuple[datetime, datetime]] = []
    day = calendar.days[0]
    for hour in calendar.hours:
        begin = datetime.combine(day, hour)
        end = begin + timedelta(minutes=minutes)
        if periods and periods[-1][1] == begin:
            periods[-1] = (periods[-1][0], end)
        else:
            periods.append((begin, end))
    return Workdays(calendar.days, tuple((a.time(), b.time()) for a, b in periods), minutes, calendar.timezone)


def _chain_pins(problem: Problem, found: Chains) -> dict[str, datetime] | None:
    """Each pinned chain's start (a unit pinned ``k`` places into its chain pins the chain ``k``
    meetings earlier); ``None`` when two pins of one chain disagree."""
    step = timedelta(minutes=problem.calendar.minutes)
    where = {name: (chain[0], k) for chain in found for k, name in enumerate(chain)}
    out: dict[str, datetime] = {}
    for pin in problem.pins:
        if pin.unit not in where:
            continue
        title, k = where[pin.unit]
        start = pin.start - k * step
        if out.setdefault(title, start) != start:
            return None
    return out


def _windows(problem: Problem, splits: Sequence[int]) -> Mapping[str, Window]:
    """Each category's window: from its split (the first slot it may take) to the next one's."""
    slots = problem.calendar.slots
    out = {}
    for k, name in enumerate(problem.categories if splits else ()):
        begin = splits[k - 1] if k > 0 else 0
        end = splits[k] if k < len(splits) else len(slots)
        if begin >= end:
            continue  # (a category with no slot has no units in a timetable that gave the splits)
        out[name] = Window(
            not_before=slots[begin] if begin > 0 else None,
            not_after=slots[end] if end < len(slots) else None,
        )
    return out


def _reference(problem: Problem, found: Chains) -> Plan | None:
    """The reference timetable as a plan: each chain at its first unit's reference time (a time
    only: a unit keeping its time in another room has not moved, as the unit objective counts)."""
    if problem.reference is None:
        return None
    starts = problem.reference.starts()
    return Plan(tuple(Placement(chain[0], starts[chain[0]]) for chain in found if chain[0] in starts))
