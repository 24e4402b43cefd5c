"""What the solver, the greedy and the checker all derive from a meeting problem, computed once.

For each session: its length in grid steps, the clock steps where it may start (inside one working
period, inside its window, when every required participant is free, at its pin) and the room
classes it may use. Rooms that nothing tells apart (same seats, capacity and changeover, named by no
wish, pin, series or reference) form one **class**: the solver chooses a class, and rooms within a
class are numbered afterwards, which always succeeds because sessions are intervals on a line
(an interval graph is coloured with as many colours as it has sessions at once).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time

from scheduler.domain import Room
from scheduler.meetings.domain import MeetingProblem, Session

NOON = 12 * 60


@dataclass(frozen=True)
class RoomClass:
    """Interchangeable rooms: ``rooms`` (names), each holding ``capacity`` sessions at once."""

    rooms: tuple[str, ...]
    seats: int | None
    capacity: int
    changeover: int  # grid steps

    @property
    def total(self) -> int:
        return len(self.rooms) * self.capacity


@dataclass
class Prepared:
    """Derived data of one problem (see the module text)."""

    problem: MeetingProblem
    length: list[int] = field(default_factory=list)
    starts: list[list[int]] = field(default_factory=list)
    classes: list[RoomClass] = field(default_factory=list)
    eligible: list[list[int]] = field(default_factory=list)
    class_of_room: dict[str, int] = field(default_factory=dict)
    busy: dict[str, set[int]] = field(default_factory=dict)
    required_of: dict[str, list[int]] = field(default_factory=dict)
    sessions_of: dict[str, list[int]] = field(default_factory=dict)
    gap: int = 0

    @property
    def n(self) -> int:
        return len(self.problem.sessions)

    def working(self, step: int) -> int:
        """A clock step's position on the working axis (0-based)."""
        found = self.problem.workdays.working(step)
        assert found is not None
        return found


def prepare(problem: MeetingProblem, aggregate: bool = True) -> Prepared:
    """Derive the data every formulation and the checker share; ``aggregate=False`` keeps every room
    a class of its own (needed when a term depends on which room, not which kind of room)."""
    days = problem.workdays
    grid = days.grid
    out = Prepared(problem, gap=-(-problem.gap // grid))
    out.busy = _busy_steps(problem)
    for i, s in enumerate(problem.sessions):
        length = s.minutes // grid
        out.length.append(length)
        for a in s.attendees:
            out.sessions_of.setdefault(a.name, []).append(i)
            if a.required:
                out.required_of.setdefault(a.name, []).append(i)
    out.classes, out.class_of_room = _classes(problem, aggregate)
    pins = {p.title: p for p in problem.pins}
    for i, s in enumerate(problem.sessions):
        length = out.length[i]
        blocked: set[int] = set()
        for name in s.required:
            blocked |= out.busy.get(name, set())
        allowed = [
            st
            for st in days.starts(length)
            if _in_window(problem, s, st, length) and not any(st + k in blocked for k in range(length))
        ]
        pin = pins.get(s.title)
        room_names = _room_names(problem, s)
        if pin is not None:
            pinned = days.step(pin.start)
            allowed = [st for st in allowed if st == pinned]
            if pin.room is not None:
                room_names = [r for r in room_names if r == pin.room]
        out.starts.append(allowed)
        out.eligible.append(sorted({out.class_of_room[r] for r in room_names}))
    return out


def _busy_steps(problem: MeetingProblem) -> dict[str, set[int]]:
    """Clock steps each participant is busy; a unit's busy time covers its members too."""
    days = problem.workdays
    out: dict[str, set[int]] = defaultdict(set)
    members: dict[str, list[str]] = defaultdict(list)
    for person, unit in problem.members().items():
        members[unit].append(person)
    for b in problem.busy:
        first = days.step(_floor(b.start, days.grid)) or 0
        last = days.step(_ceil(b.end, days.grid))
        steps = set(range(first, last if last is not None else first))
        for who in (b.who, *members.get(b.who, ())):
            out[who] |= steps
    return dict(out)


def _floor(moment: datetime, grid: int) -> datetime:
    minutes = moment.hour * 60 + moment.minute
    return moment.replace(hour=0, minute=0, second=0, microsecond=0) + _delta(minutes - minutes % grid)


def _ceil(moment: datetime, grid: int) -> datetime:
    minutes = moment.hour * 60 + moment.minute + (1 if moment.second or moment.microsecond else 0)
    return moment.replace(hour=0, minute=0, second=0, microsecond=0) + _delta(-(-minutes // grid) * grid)


def _delta(minutes: int) -> object:
    from datetime import timedelta

    return timedelta(minutes=minutes)


def _in_window(problem: MeetingProblem, s: Session, start: int, length: int) -> bool:
    days = problem.workdays
    w = s.window
    a = days.minute_of_day(start)
    b = a + length * days.grid
    if w.part == "morning" and b > NOON:
        return False
    if w.part == "afternoon" and a < NOON:
        return False
    if w.not_before is not None and not _after(days.moment(start), a, w.not_before):
        return False
    return w.not_after is None or _after_end(days.moment(start + length), b, w.not_after)


def _after(moment: datetime, minute: int, bound: time | datetime) -> bool:
    if isinstance(bound, datetime):
        return moment >= bound
    return minute >= bound.hour * 60 + bound.minute


def _after_end(moment: datetime, minute: int, bound: time | datetime) -> bool:
    if isinstance(bound, datetime):
        return moment <= bound
    return minute <= bound.hour * 60 + bound.minute


def _room_names(problem: MeetingProblem, s: Session) -> list[str]:
    return [
        r.name
        for r in problem.rooms
        if (r.seats is None or r.seats >= s.need) and (not s.rooms or r.name in s.rooms) and r.name not in s.avoid
    ]


def _classes(problem: MeetingProblem, aggregate: bool) -> tuple[list[RoomClass], dict[str, int]]:
    grid = problem.workdays.grid
    named: set[str] = set()
    for s in problem.sessions:
        named |= s.rooms | s.avoid
    named |= {p.room for p in problem.pins if p.room}
    apart = not aggregate or problem.reference is not None or any(s.series for s in problem.sessions)
    groups: dict[tuple[object, ...], list[Room]] = {}
    for r in problem.rooms:
        alone = apart or r.name in named or r.capacity > 1
        key: tuple[object, ...] = (r.name,) if alone else (r.seats, r.capacity, r.changeover)
        groups.setdefault(key, []).append(r)
    classes = []
    of_room = {}
    for rooms in groups.values():
        first = rooms[0]
        for r in rooms:
            of_room[r.name] = len(classes)
        classes.append(
            RoomClass(tuple(r.name for r in rooms), first.seats, first.capacity, -(-first.changeover // grid))
        )
    return classes, of_room
