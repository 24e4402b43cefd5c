"""Numbering rooms once the groups of every slot are known.

The model only counts groups per slot against the rooms, size class by size
class; here every unit gets an actual room, slot by slot in time order, in one
step with one wish per unit, in this order of priority:

1. its reference room (its old one: ``prefer``);
2. else, for a linked unit (the rules' ``follows``), its predecessor's room;
3. else no wish: the groups left go largest first into the smallest free room that
   holds them (which always succeeds when the counts fit), beside units of their own
   group already seated when there is a seat, and a group whose unit is followed by a
   linked unit into a room big enough for the follower's group when the rest still fits.

The solver's groups are a proposal, not a promise: sharing is optional, so a group
may be split between rooms, and units of different groups may share a room when
every rule allows the whole room (``allows``) and it holds them. First every unit
gets its wish at once, when that is valid and the groups left still fit the free
rooms; otherwise the wishes are granted part by part (a group's units wishing one
room, with the group's units that wish nothing, else without them, else unit by
unit), references before links, each only while the groups still to be seated fit
the free rooms (the rules' seating). So a timetable that keeps every unit's time
keeps every unit's room when its reference is valid.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from scheduler.domain import Meeting, Problem, Room, Timetable, Unit
from scheduler.rules.registry import allows, seating
from scheduler.rules.registry import follows as pairs

SlotGroups = dict[int, list[tuple[Unit, ...]]]
"""Slot number -> the groups of units meeting in it."""


def assign_rooms(problem: Problem, slot_groups: SlotGroups, prefer: Mapping[str, str] | None = None) -> Timetable:
    """Turn slot -> groups into a timetable with a room for every meeting (see the module text)."""
    seater = _Seater(problem, slot_groups, prefer or {})
    order = seater.order
    meetings: list[tuple[int, int, int, Meeting]] = []
    calendar = problem.calendar
    for t in sorted(slot_groups):
        for name, room in seater.seat(t).items():
            meeting = Meeting(name, calendar.slots[t], room.name)
            meetings.append((t, order[room.name], problem.position(name), meeting))
    meetings.sort(key=lambda item: item[:3])
    return Timetable(tuple(m for *_, m in meetings))


class _Seater:
    """What every slot's seating asks: the wishes, the links, the rooms seated so far."""

    def __init__(self, problem: Problem, slot_groups: SlotGroups, prefer: Mapping[str, str]) -> None:
        self.problem = problem
        self.slot_groups = slot_groups
        known = {r.name for r in problem.rooms}
        self.prefer = {unit: room for unit, room in prefer.items() if room in known}
        links = pairs(problem)
        self.before = {then: first for first, then in links}
        self.after = {first: then for first, then in links}
        self.group_size = {u.name: len(g) for groups in slot_groups.values() for g in groups for u in g}
        self.fits = seating()
        self.room_of: dict[str, str] = {}
        self.rooms = {r.name: r for r in problem.rooms}
        self.order = {r.name: i for i, r in enumerate(problem.rooms)}

    def wish(self, unit: Unit) -> tuple[int, str] | None:
        """(priority, room): the unit's reference room (0), else its linked predecessor's (1)."""
        if unit.name in self.prefer:
            return 0, self.prefer[unit.name]
        first = self.before.get(unit.name)
        if first is not None and first in self.room_of:
            return 1, self.room_of[first]
        return None

    def follower_size(self, units: Sequence[Unit]) -> int:
        """The largest group a linked follower of ``units`` meets in (0 without one)."""
        followers = (self.after.get(u.name) for u in units)
        return max((self.group_size.get(f, 0) for f in followers if f is not None), default=0)

    def seat(self, t: int) -> dict[str, Room]:
        """Unit -> room in slot ``t``."""
        groups = sorted(self.slot_groups[t], key=lambda g: min(self.problem.position(u.name) for u in g))
        slot = _Slot(self, groups)
        if not slot.every_wish():
            slot = _Slot(self, groups)
            slot.wish_by_wish()
        slot.the_rest(t)
        self.room_of.update((name, room.name) for name, room in slot.placed.items())
        return slot.placed


class _Slot:
    """One slot being seated: the units still to seat (by solver group), who holds each room."""

    def __init__(self, seater: _Seater, groups: Sequence[tuple[Unit, ...]]) -> None:
        self.seater = seater
        self.pending = [list(g) for g in groups]
        self.held: dict[str, list[Unit]] = {}
        self.free = list(seater.problem.rooms)
        self.placed: dict[str, Room] = {}
        self.group_of = {u.name: g for g, group in enumerate(groups) for u in group}
        self.rooms_of_group: dict[int, list[Room]] = {}

    def can_take(self, room: Room, units: Sequence[Unit]) -> bool:
        """Whether ``room`` holds ``units`` beside its units, every rule allowing them together."""
        together = [*self.held.get(room.name, []), *units]
        return len(together) <= room.capacity and allows(self.seater.problem, together)

    def rest_fits(self, room: Room | None = None, units: Sequence[Unit] = ()) -> bool:
        """Whether the groups left (without ``units``) fit the free rooms (without ``room``)."""
        going = {u.name for u in units}
        sizes = [n for g in self.pending if (n := sum(1 for u in g if u.name not in going))]
        return self.seater.fits(sizes, [r for r in self.free if r is not room])

    def put(self, room: Room, units: Sequence[Unit]) -> None:
        going = {u.name for u in units}
        self.pending = [[u for u in g if u.name not in going] for g in self.pending]
        self.held.setdefault(room.name, []).extend(units)
        self.placed.update((u.name, room) for u in units)
        for g in {self.group_of[u.name] for u in units}:
            if room not in self.rooms_of_group.setdefault(g, []):
                self.rooms_of_group[g].append(room)
        if room in self.free:
            self.free.remove(room)

    def every_wish(self) -> bool:
        """Every unit in the room it wishes, if each room holds its wishers and the rest fits."""
        rooms = self.seater.rooms
        wishers: dict[str, list[Unit]] = {}
        for unit in (u for g in self.pending for u in g):
            wish = self.seater.wish(unit)
            if wish is not None:
                wishers.setdefault(wish[1], []).append(unit)
        for name, units in wishers.items():
            if not self.can_take(rooms[name], units):
                return False
            self.put(rooms[name], units)
        return self.rest_fits()

    def wish_by_wish(self) -> None:
        """Wishes granted part by part (references first), each while the rest still fits."""
        rooms = self.seater.rooms
        wishes = {u.name: self.seater.wish(u) for g in self.pending for u in g}  # fixed within a slot
        parts: dict[tuple[int, int, str], list[Unit]] = {}
        for g, group in enumerate(self.pending):
            for unit in group:
                wish = wishes[unit.name]
                if wish is not None:
                    parts.setdefault((wish[0], g, wish[1]), []).append(unit)
        for (_, g, name), part in sorted(parts.items(), key=lambda item: item[0][:2]):
            room = rooms[name]
            companions = [u for u in self.pending[g] if wishes[u.name] is None]
            if not any(self.grant(room, units) for units in ([*part, *companions], part) if units):
                for unit in part:
                    self.grant(room, [unit])

    def grant(self, room: Room, units: Sequence[Unit]) -> bool:
        """Seat ``units`` in ``room`` if it holds them and the rest still fits."""
        if self.can_take(room, units) and self.rest_fits(room, units):
            self.put(room, units)
            return True
        return False

    def the_rest(self, t: int) -> None:
        """The units without a room: largest group first, beside their own group if there is a
        seat, else into the smallest free room that holds them (one big enough for a linked
        follower's group first, when the rest still fits)."""
        order = self.seater.order
        blocks = sorted((g for g in self.pending if g), key=lambda g: (-len(g), self.group_of[g[0].name]))
        for block in blocks:
            mates = self.rooms_of_group.get(self.group_of[block[0].name], [])
            beside = [r for r in mates if self.can_take(r, block)]
            if beside:
                self.put(beside[0], block)
                continue
            want = self.seater.follower_size(block)
            fitting = sorted(
                (r for r in self.free if r.capacity >= len(block)),
                key=lambda r: (r.capacity < want, r.capacity, order[r.name]),
            )
            room = next((r for r in fitting if self.rest_fits(r, block)), None)
            if room is None:
                raise AssertionError(f"no room left for {[u.name for u in block]} at slot {t}")
            self.put(room, block)
