"""The ports through which a rule speaks to a formulation: small protocols, no solver inside.

A rule never imports the solver. It states its constraints through a port, and
each formulation implements the port it needs (docs/architecture.md, "The rule
interface"):

* :class:`Restrictions`: the starts a rule forbids. Implemented by the collector
  in :mod:`scheduler.rules.registry` (once per problem; the greedy, the bounds and
  every model read the result).
* :class:`SlotModel`: the set-partitioning CP-SAT model (one Boolean per group of
  units and start slot), implemented by :class:`scheduler.solver.model.ModelBuilder`.
* :class:`SessionLimits`: the starts and rooms a rule forbids a session of a meeting
  problem. Implemented by the collector in :mod:`scheduler.rules.registry`.
* :class:`IntervalModel`: the model of a meeting problem (sessions of any length as
  intervals, rooms chosen per session), implemented by
  :class:`scheduler.meetings.model.MeetingModel` in both its forms (time-indexed and light).

Variables and literals are plain integers (the CP-SAT proto convention: the
negation of literal ``v`` is ``-v - 1``, see :func:`~scheduler.rules.values.negated`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Mapping

    from scheduler.domain import Problem, Room, Unit
    from scheduler.domain.meetings import MeetingProblem
    from scheduler.rules.values import Instance

Terms = list[tuple[int, int]]
"""A linear expression: (variable, coefficient) pairs."""


class Restrictions(Protocol):
    """Where a rule says which starts it forbids (it depends on the problem alone)."""

    @property
    def problem(self) -> Problem: ...

    def forbid(self, unit: str, t: int, reason: Instance) -> None:
        """``unit`` may not start in slot ``t``, because of the rule instance ``reason``."""

    def forbid_slots(self, unit: str, slots: Iterable[int], reason: Instance) -> None:
        """``unit`` may start in none of ``slots``, because of ``reason`` (one call for a
        whole unavailability or pin: thousands of slots at 5,000 units)."""

    def only_slot(self, unit: str, slot: int | None, reason: Instance) -> None:
        """``unit`` may start in ``slot`` only (none when ``None``), because of ``reason`` (a pin, a held
        unit): every other slot is forbidden through one set per slot, shared by every unit kept
        there, never a set of thousands of slots per unit."""


class SlotModel(Protocol):
    """The set-partitioning model as the rules see it: variables and named queries over them.

    A *group* is a set of units meeting together in one room and hour; a group
    variable says the group meets in one slot. A unit starts in slot ``t`` when
    one of the group variables containing it at ``t`` is true.

    While ``explaining``, constraints posted with a ``reason`` hold only if the
    reason's assumption literal does, so the solver can say which rule instances
    clash; outside explaining, ``reason`` is ignored.
    """

    @property
    def problem(self) -> Problem: ...

    @property
    def horizon(self) -> range:
        """The slots the model may use (a prefix of the calendar)."""

    @property
    def explaining(self) -> bool:
        """Whether rule instances are guarded by assumption literals."""

    def new_bool(self) -> int:
        """A new Boolean variable."""

    def linear(self, terms: Terms, lo: int = ..., hi: int = ..., reason: Instance | None = None) -> None:
        """``lo <= sum(coefficient * variable) <= hi``."""

    def bool_or(self, literals: Sequence[int]) -> None:
        """At least one of ``literals`` holds."""

    def exactly_one(self, literals: Sequence[int]) -> None:
        """Exactly one of ``literals`` holds."""

    def at_most(self, literals: Sequence[int], limit: int) -> None:
        """At most ``limit`` of ``literals`` hold."""

    def reason(self, instance: Instance) -> int:
        """The assumption literal guarding a rule instance (explaining only)."""

    def all_starts(self, unit: str) -> list[int]:
        """Every variable that places ``unit`` somewhere."""

    def start_terms(self, unit: str, t: int) -> list[int]:
        """The variables whose sum says ``unit`` starts in slot ``t``."""

    def start_slots(self, unit: str) -> AbstractSet[int]:
        """The slots where :meth:`start_terms` of ``unit`` is not empty (a rule about a few units walks
        these, not every slot of the horizon)."""

    def category_window(self, category: str) -> range | None:
        """The slots the model keeps ``category``'s units in, ``None`` when it keeps them nowhere in
        particular (while explaining): every timetable the model stands for keeps them there."""

    def groups_at(self, t: int) -> list[int]:
        """The group variables of slot ``t``."""

    def groups_with_size_at(self, t: int) -> list[tuple[int, int]]:
        """(variable, group size) for every group variable of slot ``t``."""

    def category_groups_at(self, t: int, category: str) -> list[tuple[int, int]]:
        """(variable, members of ``category``) for the groups of ``category`` in slot ``t``."""

    def merges_at(self, t: int, category: str | None = None) -> Terms:
        """A sum that is, in every solution, the units meeting in slot ``t`` (of ``category``; ``None``:
        any) beyond one a room: what groups save on rooms, for the counting bounds."""

    def variables(self) -> list[tuple[int, tuple[Unit, ...]]]:
        """Every group variable with the units of its group."""

    def excused(self, category: str | None = None) -> Terms:
        """(literal, 1) for each absent unit a counting bound need not cover (the stable search's relaxation)."""


class SessionLimits(Protocol):
    """Where a rule says which starts and rooms it forbids a session (it depends on the problem alone).

    Sessions are named by their index in ``problem.sessions``; times are clock steps
    (:class:`~scheduler.domain.meetings.Workdays`).
    """

    @property
    def problem(self) -> MeetingProblem: ...

    def starts(self, session: int) -> Sequence[int]:
        """The steps the session may start at as far as working hours go (inside one working period)."""

    def forbid_start(self, session: int, step: int, reason: Instance) -> None:
        """The session may not start at ``step``, because of the rule instance ``reason`` (one step: for
        many, :meth:`forbid_starts`)."""

    def forbid_starts(self, session: int, steps: Iterable[int], reason: Instance) -> None:
        """The session may start at none of ``steps``, because of ``reason``. Kept as one set per
        (session, instance), never one entry per step: pass one frozenset for every session it
        concerns (a window's outside per length, a person's busy steps per length) and it is shared.
        Steps outside :meth:`starts` are allowed in it (they are never starts anyway)."""

    def only_starts(self, session: int, steps: Iterable[int], reason: Instance) -> None:
        """The session may start only at ``steps`` (a pin: one step), because of ``reason``: every other
        start is forbidden by it, without a word per start."""

    def forbid_room(self, session: int, room: str, reason: Instance) -> None:
        """The session may not be held in ``room``, because of ``reason``."""

    def rooms_apart(self) -> None:
        """The rule is about the very room a session is in: no two rooms may be taken as alike."""


class IntervalModel(Protocol):
    """The model of a meeting problem as the rules see it: sessions as intervals, rooms chosen per session.

    Rooms nothing tells apart (same seats, capacity and changeover, forbidden to the same
    sessions) form one *room group*: the model chooses a group per session and numbers
    the rooms afterwards, which always succeeds for intervals on a line. A group of rooms
    holding several sessions at once is always one room; while explaining, every room is its
    own group. Starts and rooms forbidden through :class:`SessionLimits` are already out of
    the model.

    While ``explaining``, constraints posted with a ``reason`` hold only if the reason's
    assumption literal does; outside explaining, ``reason`` is ignored.
    """

    @property
    def problem(self) -> MeetingProblem: ...

    @property
    def explaining(self) -> bool:
        """Whether rule instances are guarded by assumption literals."""

    def reason(self, instance: Instance) -> int:
        """The assumption literal guarding a rule instance (explaining only)."""

    def room_groups(self) -> Sequence[tuple[Room, ...]]:
        """The room groups, each the rooms it holds (all alike)."""

    def sessions_in(self, group: int) -> list[int]:
        """The sessions that may be held in room group ``group``."""

    def window(self, session: int) -> tuple[int, int]:
        """``(first, last)``: every step the session may run at lies in ``[first, last)`` (two sessions
        whose windows do not meet never run at once)."""

    def no_overlap(self, sessions: Sequence[int], after: int = 0, reason: Instance | None = None) -> None:
        """At most one of ``sessions`` runs at any step, each holding ``after`` more steps after its end."""

    def spaced(self, sessions: Sequence[int], after: int, reason: Instance | None = None) -> None:
        """No one of ``sessions`` starts within ``after`` steps after another one's end (at the end itself
        included); unlike :meth:`no_overlap`, they may run at once."""

    def room_load(
        self,
        group: int,
        limit: int,
        after: int = 0,
        demands: Mapping[int, int] | None = None,
        reason: Instance | None = None,
        demand_reasons: Mapping[int, Instance] | None = None,
    ) -> None:
        """At any step, the sessions held in room group ``group`` (each holding ``after`` more steps
        after its end, each counting ``demands[session]``, default 1) add up to at most ``limit``.

        While explaining, a session of ``demand_reasons`` counts its demand only while that instance
        holds, and 1 without it."""

    def running_at_most(self, limit: int) -> None:
        """At any step at most ``limit`` sessions run in all rooms together (implied by the room groups'
        loads; stated for the solver's bound)."""

    def apart(self, group: int, sessions: Sequence[int], reason: Instance | None = None) -> None:
        """No two of ``sessions`` ever run at once both in room group ``group`` (one constraint for
        them all, however many: not one per pair)."""

    def apart_pairs(self, group: int, pairs: Sequence[tuple[int, int]]) -> None:
        """The two sessions of each pair never run at once both in room group ``group`` (one call for
        them all: a count of what would be posted need not go through them one by one)."""

    def follows(self, first: int, then: int, after: int, same_day: bool, reason: Instance | None = None) -> None:
        """Session ``then`` starts at least ``after`` steps after session ``first`` ends (on the clock
        axis), and on the same calendar day when ``same_day``."""

    def same_room(self, sessions: Sequence[int], reason: Instance | None = None) -> None:
        """``sessions`` are all held in one room (rooms are then told apart: :meth:`SessionLimits.rooms_apart`)."""
