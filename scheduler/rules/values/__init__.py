"""The values the rules speak in: instances, violations, a timetable's view, facts, the teller.

Shared by the rules (:mod:`scheduler.rules.base`), the ports they post through
(:mod:`scheduler.rules.ports`), the checker and the explainer. A violation, a meeting timetable's
view and a fact each live in a module of their own, loaded on first use (PEP 562): a unit table
solved is neither checked against a broken rule, nor a meeting timetable, nor explained.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from scheduler.domain import Meeting, Problem, Timetable, Unit
from scheduler.text.messages import Message, room_name

if TYPE_CHECKING:  # mypy sees the classes where they are; at run time they load on first use
    from scheduler.rules.values.fact import Fact
    from scheduler.rules.values.plan_view import PlanView
    from scheduler.rules.values.violation import Violation

__all__ = ["Fact", "Instance", "PlanView", "Teller", "View", "Violation", "negated"]


def negated(literal: int) -> int:
    """The negation of a solver literal (the CP-SAT proto convention)."""
    return -literal - 1


@dataclass(frozen=True)
class Instance:
    """One instance of a rule, about one unit or link: the unit of explanation."""

    rule: str
    unit: str = ""
    other: str = ""


def _anything(units: Sequence[Unit]) -> bool:
    return True


@dataclass
class View:
    """A timetable resolved against a problem: which slot and room each meeting is in.

    ``allows`` says whether every rule lets a set of units share a room and hour
    (the checker passes the rules' grouping limits, for hours whose rooms are not stated).
    ``unknown``: the units the table names that are not in the problem (a typo, a unit added
    in code), each once, in table order; each-unit-once says so, and no other rule sees
    their rows (``by_time``, :meth:`rows`), as no rule knows anything about them.

    Every rule judges a row at the time it is listed at, a slot of the calendar or not: a row at
    12:00 (no slot) is within-window's fault, and room-capacity, allowed-sharing and category-order
    judge it at 12:00 all the same (``by_time``, :meth:`placed`, :meth:`rooms_in_use`), as the
    meeting checker judges a meeting off its grid; ``slot`` says which rows are on a slot.
    """

    problem: Problem
    timetable: Timetable
    allows: Callable[[Sequence[Unit]], bool] = _anything
    slot: list[int | None] = field(init=False)
    room: list[str | None] = field(init=False)
    by_unit: dict[str, list[int]] = field(init=False)
    by_time: dict[datetime, list[int]] = field(init=False)
    unknown: list[str] = field(init=False)

    def __post_init__(self) -> None:
        calendar = self.problem.calendar
        only_room = self.problem.rooms[0].name if len(self.problem.rooms) == 1 else None
        self.slot = [None if m.start is None else calendar.index(m.start) for m in self.timetable.meetings]
        rooms = (m.room if m.room is not None else only_room for m in self.timetable.meetings)
        self.room = [None if r is None else room_name(r) for r in rooms]  # the unnamed room reads 会场 in messages
        self.by_unit = defaultdict(list)
        self.by_time = defaultdict(list)
        for i, m in enumerate(self.timetable.meetings):
            self.by_unit[m.unit].append(i)
        self.unknown = [name for name in self.by_unit if not self.problem.has_unit(name)]
        for i in self.rows():
            start = self.meeting(i).start
            if start is not None:
                self.by_time[start].append(i)

    def rows(self) -> Iterator[int]:
        """The table's rows that name a unit of the problem, in table order."""
        unknown = set(self.unknown)
        return (i for i, m in enumerate(self.timetable.meetings) if m.unit not in unknown)

    def meeting(self, i: int) -> Meeting:
        return self.timetable.meetings[i]

    def starts(self, unit: str) -> list[datetime]:
        """Every time the unit is listed at, each once, in time order.

        A unit listed at several times breaks each-unit-once, which says so; every one of its
        times is still checked by every other rule (a second row at 18:00 can break the order
        too), and a time listed twice is checked once.
        """
        return sorted({start for i in self.by_unit.get(unit, []) if (start := self.meeting(i).start) is not None})

    def placed(self) -> Iterator[tuple[str, datetime]]:
        """Each (unit, time) of the problem's units, each once, in table order, whether or not the
        time is a slot (see :meth:`starts`: every listed time of a unit listed twice is checked)."""
        seen: set[tuple[str, datetime]] = set()
        for unit in self.problem.units:
            for i in self.by_unit.get(unit.name, []):
                start = self.meeting(i).start
                if start is not None and (unit.name, start) not in seen:
                    seen.add((unit.name, start))
                    yield unit.name, start

    def rooms_in_use(self) -> dict[tuple[datetime, str | None], list[str]]:
        """Units per (time, room), in time order, slots of the calendar or not; room ``None`` = not stated.

        Each unit once: a unit listed twice at one time is each-unit-once's violation, not a
        second unit sharing its room (which would read "区财政局、区财政局 share ...").
        """
        out: dict[tuple[datetime, str | None], list[str]] = defaultdict(list)
        for start, indices in sorted(self.by_time.items()):
            for i in indices:
                members = out[(start, self.room[i])]
                if self.meeting(i).unit not in members:
                    members.append(self.meeting(i).unit)
        return out


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


_LAZY = {"Fact": "fact", "PlanView": "plan_view", "Violation": "violation"}
"""The values in modules of their own, by the module that holds each."""

if not TYPE_CHECKING:  # mypy sees the classes themselves (imported above for it)

    def __getattr__(name: str) -> Any:
        """:class:`Violation`, :class:`PlanView` and :class:`Fact` imported on first use (PEP 562):
        ``from scheduler.rules.values import Violation`` still works, and annotations that name
        ``values.Violation`` resolve at run time (``typing.get_type_hints``)."""
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from importlib import import_module

        value = getattr(import_module(f"{__name__}.{module}"), name)
        globals()[name] = value
        return value
