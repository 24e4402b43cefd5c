"""The values the rules speak in: instances, violations, a timetable's view, facts, the teller.

Shared by the rules (:mod:`scheduler.rules.base`), the ports they post through
(:mod:`scheduler.rules.ports`), the checker and the explainer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from math import gcd
from typing import TYPE_CHECKING, Protocol

from scheduler.domain import Meeting, Problem, Timetable, Unit
from scheduler.text.messages import Message, render, room_name

if TYPE_CHECKING:  # the meetings' model loads with a meeting table, not with every rule check
    from scheduler.domain.meetings import MeetingProblem, Plan


def negated(literal: int) -> int:
    """The negation of a solver literal (the CP-SAT proto convention)."""
    return -literal - 1


@dataclass(frozen=True)
class Instance:
    """One instance of a rule, about one unit or link: the unit of explanation."""

    rule: str
    unit: str = ""
    other: str = ""


@dataclass(frozen=True)
class Violation:
    """A rule broken by a concrete timetable; ``title`` is the rule's title."""

    rule: str
    message: Message
    units: tuple[str, ...] = ()
    times: tuple[datetime, ...] = ()
    title: Message | None = field(default=None, compare=False, repr=False)

    def text(self, lang: str = "zh") -> str:
        """One line naming the units, the time and the rule."""
        title = render(self.title, lang) if self.title is not None else ""
        tag = "规则" if lang == "zh" else "rule"
        return f"{render(self.message, lang)}  [{tag} {self.rule}: {title}]"


def _anything(units: Sequence[Unit]) -> bool:
    return True


@dataclass
class View:
    """A timetable resolved against a problem: which slot and room each meeting is in.

    ``allows`` says whether every rule lets a set of units share a room and hour
    (the checker passes the rules' grouping limits, for hours whose rooms are not stated).
    """

    problem: Problem
    timetable: Timetable
    allows: Callable[[Sequence[Unit]], bool] = _anything
    slot: list[int | None] = field(init=False)
    room: list[str | None] = field(init=False)
    by_unit: dict[str, list[int]] = field(init=False)
    by_slot: dict[int, list[int]] = field(init=False)

    def __post_init__(self) -> None:
        calendar = self.problem.calendar
        only_room = self.problem.rooms[0].name if len(self.problem.rooms) == 1 else None
        self.slot = [None if m.start is None else calendar.index(m.start) for m in self.timetable.meetings]
        rooms = (m.room if m.room is not None else only_room for m in self.timetable.meetings)
        self.room = [None if r is None else room_name(r) for r in rooms]  # the unnamed room reads 会场 in messages
        self.by_unit = defaultdict(list)
        self.by_slot = defaultdict(list)
        for i, m in enumerate(self.timetable.meetings):
            self.by_unit[m.unit].append(i)
            slot = self.slot[i]
            if slot is not None:
                self.by_slot[slot].append(i)

    def meeting(self, i: int) -> Meeting:
        return self.timetable.meetings[i]

    def starts(self, unit: str) -> list[datetime]:
        """Every time the unit is listed at, each once, in time order.

        A unit listed at several times breaks each-unit-once, which says so; every one of its
        times is still checked by every other rule (a second row at 18:00 can break the order
        too), and a time listed twice is checked once.
        """
        return sorted({start for i in self.by_unit.get(unit, []) if (start := self.meeting(i).start) is not None})

    def placed(self) -> Iterator[tuple[str, int]]:
        """Each (unit, slot) of the problem's units inside the calendar, each once, in table order
        (see :meth:`starts`: every listed time of a unit listed twice is checked)."""
        seen: set[tuple[str, int]] = set()
        for unit in self.problem.units:
            for i in self.by_unit.get(unit.name, []):
                slot = self.slot[i]
                if slot is not None and (unit.name, slot) not in seen:
                    seen.add((unit.name, slot))
                    yield unit.name, slot

    def rooms_in_use(self) -> dict[tuple[int, str | None], list[str]]:
        """Units per (slot, room) among meetings inside the calendar; room ``None`` = not stated.

        Each unit once: a unit listed twice at one time is each-unit-once's violation, not a
        second unit sharing its room (which would read "区财政局、区财政局 share ...").
        """
        out: dict[tuple[int, str | None], list[str]] = defaultdict(list)
        for slot, indices in sorted(self.by_slot.items()):
            for i in indices:
                members = out[(slot, self.room[i])]
                if self.meeting(i).unit not in members:
                    members.append(self.meeting(i).unit)
        return out


@dataclass
class PlanView:
    """A meeting timetable (:class:`~scheduler.domain.meetings.Plan`) resolved against its problem.

    ``step`` and ``room``: each session's clock step and room, where the plan gives a usable one
    (a single room needs no name). What could not be resolved is kept for the rules that report
    it: ``unknown`` titles, titles placed ``twice`` (with their count), sessions ``missing`` a
    time, ``no_room``, ``unknown_room`` (title, room), and starts ``off_grid``.
    """

    problem: MeetingProblem
    plan: Plan
    step: dict[int, int] = field(init=False, default_factory=dict)
    room: dict[int, str] = field(init=False, default_factory=dict)
    unknown: list[str] = field(init=False, default_factory=list)
    twice: dict[str, int] = field(init=False, default_factory=dict)
    missing: list[str] = field(init=False, default_factory=list)
    no_room: list[str] = field(init=False, default_factory=list)
    unknown_room: list[tuple[str, str]] = field(init=False, default_factory=list)
    off_grid: list[tuple[int, datetime]] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        problem = self.problem
        rooms = {r.name for r in problem.rooms}
        only = problem.rooms[0].name if len(problem.rooms) == 1 else None
        seen: dict[str, int] = defaultdict(int)
        for p in self.plan.placements:
            seen[p.title] += 1
        known = {s.title for s in problem.sessions}
        self.unknown = [title for title in seen if title not in known]
        self.twice = {title: count for title, count in seen.items() if count > 1 and title in known}
        self.missing = [s.title for s in problem.sessions if s.title not in seen]
        for p in self.plan.placements:
            if p.title not in known or p.title in self.twice:
                continue
            i = problem.index(p.title)
            if p.start is None:
                self.missing.append(p.title)
            elif (step := problem.workdays.step(p.start)) is None:
                self.off_grid.append((i, p.start))
            else:
                self.step[i] = step
            room = p.room if p.room is not None else only
            if room is None:
                self.no_room.append(p.title)
            elif room not in rooms:
                self.unknown_room.append((p.title, room))
            else:
                self.room[i] = room

    def title(self, i: int) -> str:
        return self.problem.sessions[i].title

    def length(self, i: int) -> int:
        """Session ``i``'s length in grid steps."""
        return self.problem.sessions[i].minutes // self.problem.workdays.grid

    def moment(self, i: int) -> datetime:
        """When session ``i`` starts."""
        return self.problem.workdays.moment(self.step[i])

    def end(self, i: int) -> datetime:
        """When session ``i`` ends."""
        return self.moment(i) + timedelta(minutes=self.problem.sessions[i].minutes)

    def in_room(self, name: str) -> list[int]:
        """The sessions placed in room ``name`` with a start, by start."""
        return sorted((i for i, r in self.room.items() if r == name and i in self.step), key=self.step.__getitem__)

    def at_actual_times(self) -> PlanView:
        """The same timetable on a grid fine enough for every start off the problem's grid (itself when
        none is off it), so the rules that do not judge the grid see such a meeting at its actual time:
        9:10 is off a 15-minute grid, and still clashes with a meeting at 9:00-10:00 in its room.
        Starts not on a whole minute stay off (and unjudged but by the grid)."""
        days = self.problem.workdays
        offsets = [_minute_of_day(start) for _, start in self.off_grid if not (start.second or start.microsecond)]
        grid = gcd(days.grid, *offsets)
        if grid == days.grid:
            return self
        return PlanView(self.problem.replace(workdays=replace(days, grid=grid)), self.plan)


def _minute_of_day(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


@dataclass(frozen=True)
class Fact:
    """A unit's own limit in a conflict (its pin, its unavailability), told once.

    ``fixes``: the limit fixes the unit's time (told before limits that only
    exclude times). ``blocked``: the starts it excludes, ``None`` if it excludes
    none by itself (a pin).
    """

    unit: str
    message: Message
    fixes: bool = False
    blocked: frozenset[datetime] | None = None


class Teller(Protocol):
    """What a rule's story may use: the conflict's units, their facts, words (see :mod:`scheduler.conflicts.story`)."""

    problem: Problem
    told: set[str]

    def say(self, message: Message) -> str: ...

    def names(self, units: Sequence[str]) -> str: ...

    def has_facts(self, unit: str) -> bool: ...

    def facts(self, unit: str) -> str: ...

    def blocked(self, unit: str) -> frozenset[datetime] | None: ...

    def others(self, others: Sequence[str]) -> str: ...

    def also(self, units: Sequence[str]) -> str: ...
