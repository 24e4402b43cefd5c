"""The values the rules speak in: instances, violations, a timetable's view, facts, the teller.

Shared by the rules (:mod:`scheduler.rules.base`), the ports they post through
(:mod:`scheduler.rules.ports`), the checker and the explainer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from scheduler.domain import Meeting, Problem, Timetable, Unit
from scheduler.text.messages import Message, render


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
        self.room = [m.room if m.room is not None else only_room for m in self.timetable.meetings]
        self.by_unit = defaultdict(list)
        self.by_slot = defaultdict(list)
        for i, m in enumerate(self.timetable.meetings):
            self.by_unit[m.unit].append(i)
            slot = self.slot[i]
            if slot is not None:
                self.by_slot[slot].append(i)

    def meeting(self, i: int) -> Meeting:
        return self.timetable.meetings[i]

    def single_slot(self, unit: str) -> int | None:
        """The unit's slot when it has exactly one meeting inside the calendar."""
        found = self.by_unit.get(unit, [])
        if len(found) != 1:
            return None
        return self.slot[found[0]]

    def scheduled(self) -> Iterator[tuple[str, int]]:
        """Each (unit, slot) for units placed exactly once inside the calendar."""
        for unit in self.problem.units:
            slot = self.single_slot(unit.name)
            if slot is not None:
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
