"""What the solver, the greedy and the checker all derive from a meeting problem, computed once.

For each session: its length in grid steps, the clock steps where it may start and the room
classes it may use. The starts are those inside one working period that no rule forbids (the
rules say which, through :func:`scheduler.rules.registry.session_limits`: a window, busy
participants, a pin); the rooms those no rule forbids (seats, wishes, a pin's room).

Rooms that nothing tells apart (same seats, capacity and changeover, forbidden to the same
sessions, and no rule or objective term about the very room) form one **class**: the solver
chooses a class, and rooms within a class are numbered afterwards, which always succeeds because
sessions are intervals on a line (an interval graph is coloured with as many colours as it has
sessions at once). A room holding several meetings at once is always a class of its own.

While **explaining**, every start inside working hours and every room stays in the model, with
the rule instances forbidding it (``forbidden_starts``, ``forbidden_rooms``), so that the model
can hold each instance by an assumption literal; every room is then a class of its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from scheduler.domain import Room
from scheduler.domain.meetings import MeetingProblem, Window
from scheduler.rules.base import Rule
from scheduler.rules.meetings.time_window import outside_cache, unpreferred
from scheduler.rules.registry import RULES, ForbiddenStarts, session_limits
from scheduler.rules.values import Instance


@dataclass(frozen=True)
class RoomClass:
    """Interchangeable rooms: ``rooms`` (names), each holding ``capacity`` sessions at once."""

    rooms: tuple[str, ...]
    seats: int | None
    capacity: int
    changeover: int  # grid steps
    members: tuple[Room, ...] = ()

    @property
    def total(self) -> int:
        return len(self.rooms) * self.capacity


@dataclass
class Prepared:
    """Derived data of one problem (see the module text)."""

    problem: MeetingProblem
    rules: tuple[Rule, ...] = RULES
    explaining: bool = False
    length: list[int] = field(default_factory=list)
    starts: list[list[int]] = field(default_factory=list)
    """Each session's starts no rule forbids, sorted; sessions restricted alike share one list (never
    change one in place)."""
    classes: list[RoomClass] = field(default_factory=list)
    eligible: list[list[int]] = field(default_factory=list)
    class_of_room: dict[str, int] = field(default_factory=dict)
    busy: dict[str, frozenset[int]] = field(default_factory=dict)
    required_of: dict[str, list[int]] = field(default_factory=dict)
    sessions_of: dict[str, list[int]] = field(default_factory=dict)
    forbidden_starts: ForbiddenStarts = field(init=False)
    """(session, step) -> the instances forbidding it: a view over one set per instance (the rules'
    :class:`~scheduler.rules.registry.ForbiddenStarts`, set by :func:`prepare`), the reasons found when asked."""
    forbidden_rooms: dict[tuple[int, str], tuple[Instance, ...]] = field(default_factory=dict)
    gap: int = 0
    posted: dict[bool, float] = field(default_factory=dict)
    """Seconds to post the rules' constraints, per form of the model (time-indexed or light), counted
    when first asked (:func:`scheduler.meetings.posted.posted_seconds`)."""
    _unwished: dict[tuple[tuple[Window, ...], int], frozenset[int]] = field(default_factory=dict, repr=False)
    _outside: dict[tuple[Window, int], frozenset[int]] | None = field(default=None, repr=False)
    """Each window's starts outside it per length; ``None``: the ones shared per days and hours
    (:func:`~scheduler.rules.meetings.time_window.outside_cache`)."""

    @property
    def n(self) -> int:
        return len(self.problem.sessions)

    def shared(self) -> tuple[set[tuple[int, int]], dict[tuple[int, int], int]]:
        """Pairs of sessions ``(a, b)``, ``a < b``, sharing someone: those where someone is required in
        both (never at once), and the others weighted by how many people they share with an optional
        role in one of them (what an overlap of the two costs ``optional-conflicts`` a step). The light
        model's pairwise conflicts and the one-day solver read this one rule."""
        hard: set[tuple[int, int]] = set()
        weight: dict[tuple[int, int], int] = defaultdict(int)
        for name, sessions in self.sessions_of.items():
            required = set(self.required_of.get(name, ()))
            for k, a in enumerate(sessions):
                for b in sessions[k + 1 :]:
                    pair = (min(a, b), max(a, b))
                    if a in required and b in required:
                        hard.add(pair)
                    else:
                        weight[pair] += 1
        return hard, dict(weight)

    def counted(self, only: tuple[str, ...] = ()) -> list[tuple[str, list[int]]]:
        """The required participants a per-person term counts, each with the sessions requiring them:
        everyone with ``only`` empty, else those named in it or whose unit is (the people sheet's 单位).
        The one rule for the scorer, the model and the board."""
        if not only:
            return list(self.required_of.items())
        named = set(only)
        unit = {p.name: p.unit for p in self.problem.people}
        return [(name, found) for name, found in self.required_of.items() if name in named or unit.get(name) in named]

    def working(self, step: int) -> int:
        """A clock step's position on the working axis (0-based)."""
        found = self.problem.workdays.working(step)
        assert found is not None
        return found

    def unwished(self, i: int) -> frozenset[int]:
        """The starts inside working time (whether a rule forbids them or not) where session ``i`` is
        outside its preferred times (empty when it has none), by the one test of a wish
        (:func:`~scheduler.rules.meetings.time_window.unpreferred`), worked out once per wish and length:
        what ``preferred-time`` costs the model and the board. Not limited to :attr:`starts`, so that a
        copy with other starts (a day's search, :mod:`scheduler.meetings.days`) may share the cache."""
        s, problem, length = self.problem.sessions[i], self.problem, self.length[i]
        key = (s.prefer, length)  # what the answer depends on: sessions wishing alike share one set
        if key not in self._unwished:
            steps = problem.workdays.starts(length) if s.prefer else []
            outside = self._outside if self._outside is not None else outside_cache(problem.workdays)
            self._unwished[key] = unpreferred(problem, s, steps, length, outside)
        return self._unwished[key]

    def joined(self, step: int) -> int:
        """A clock step's position with the days joined end to start (breaks count, nights do not): the
        axis of ``back-to-back`` and ``room-stability`` (:meth:`scheduler.domain.meetings.Workdays.joined`)."""
        found = self.problem.workdays.joined(step)
        assert found is not None
        return found


def prepare(
    problem: MeetingProblem, aggregate: bool = True, rules: Sequence[Rule] = RULES, explaining: bool = False
) -> Prepared:
    """Derive the data every formulation and the checker share from ``rules``' limits; ``aggregate=False``
    keeps every room a class of its own (needed when a term depends on which room, not which kind)."""
    days = problem.workdays
    limits = session_limits(problem, rules)
    out = Prepared(problem, tuple(rules), explaining, gap=problem.gap_steps)
    out.busy = dict(problem.busy_steps)
    out.required_of = {name: list(found) for name, found in problem.required_of.items()}
    out.sessions_of = {name: list(found) for name, found in problem.sessions_of.items()}
    out.forbidden_starts = limits.starts
    out.forbidden_rooms = limits.rooms
    apart = not aggregate or explaining or limits.apart or problem.reference is not None
    out.classes, out.class_of_room = _classes(problem, limits.rooms, apart)
    for i, s in enumerate(problem.sessions):
        out.length.append(s.minutes // days.grid)
        # Sessions restricted alike (a length, one window, no one busy) share one list: read, never changed.
        out.starts.append(limits.candidates(i) if explaining else limits.allowed(i))
        rooms = [r.name for r in problem.rooms if explaining or (i, r.name) not in limits.rooms]
        out.eligible.append(sorted({out.class_of_room[r] for r in rooms}))
    if not explaining:  # (explaining keeps every room: the model holds the group to one room itself)
        _narrow_to_shared_rooms(out)
    return out


def _narrow_to_shared_rooms(prep: Prepared) -> None:
    """Each session of a group its rules hold in one room (a series) may use only the classes every
    session of the group may use (:meth:`scheduler.rules.base.Rule.same_room`): before, a series whose
    first meeting placed was small opened in a room a larger sibling could not use, and 2,000 meetings
    got no timetable at any limit (QA qabigmeet22 F1). Empty when they share none: then arithmetic
    names the rules (:func:`scheduler.meetings.counts.clash`)."""
    for rule in prep.rules:
        for group in rule.same_room(prep.problem):
            shared = set(prep.eligible[group[0]]).intersection(*(prep.eligible[i] for i in group[1:]))
            kept = sorted(shared)
            for i in group:
                prep.eligible[i] = list(kept)


def _classes(
    problem: MeetingProblem, forbidden: dict[tuple[int, str], tuple[Instance, ...]], apart: bool
) -> tuple[list[RoomClass], dict[str, int]]:
    refused: dict[str, set[int]] = {r.name: set() for r in problem.rooms}
    for i, room in forbidden:
        refused[room].add(i)
    groups: dict[tuple[object, ...], list[Room]] = {}
    for r in problem.rooms:
        alone = apart or r.capacity > 1
        key: tuple[object, ...] = (
            (r.name,) if alone else (r.seats, r.capacity, r.changeover, frozenset(refused[r.name]))
        )
        groups.setdefault(key, []).append(r)
    classes: list[RoomClass] = []
    of_room = {}
    for rooms in groups.values():
        first = rooms[0]
        for r in rooms:
            of_room[r.name] = len(classes)
        classes.append(
            RoomClass(
                tuple(r.name for r in rooms),
                first.seats,
                problem.places(first),
                problem.steps_of(first.changeover),
                tuple(rooms),
            )
        )
    return classes, of_room


def interchangeable_rooms(problem: MeetingProblem, rules: Sequence[Rule] = RULES) -> list[RoomClass]:
    """The classes of two or more rooms nothing tells apart, as :func:`prepare` groups them when it may
    aggregate, even for a problem with a reference (replanning keeps every room a class of its own,
    because a move counts the very room): a session may trade its room for another of its class at
    the same time without breaking a rule. None when a rule needs every room told apart (a series)."""
    limits = session_limits(problem, rules)
    classes, _ = _classes(problem, limits.rooms, limits.apart)
    return [c for c in classes if len(c.rooms) > 1]


class OnPrepared:
    """What the rules' port (:class:`scheduler.rules.ports.IntervalModel`) reads of the problem, the same
    for the model that builds (:class:`~scheduler.meetings.model.MeetingModel`) and the one that only
    counts (:class:`~scheduler.meetings.posted.Posted`): both hold ``prep``."""

    prep: Prepared
    _by_group: dict[int, list[int]] | None = None
    """The sessions of each room class, worked out on the first :meth:`sessions_in` (one pass over the sessions,
    not one a room class: 2,000 meetings and 408 room loads were 1.8 s of a 2 s limit pricing a model)."""

    @property
    def problem(self) -> MeetingProblem:
        return self.prep.problem

    @property
    def explaining(self) -> bool:
        return self.prep.explaining

    def room_groups(self) -> list[tuple[Room, ...]]:
        return [cls.members for cls in self.prep.classes]

    def sessions_in(self, group: int) -> list[int]:
        """The sessions that may be held in room class ``group``."""
        if self._by_group is None:
            by_group: dict[int, list[int]] = {}
            for i, eligible in enumerate(self.prep.eligible):
                for g in eligible:
                    by_group.setdefault(g, []).append(i)
            self._by_group = by_group
        return list(self._by_group.get(group, ()))

    def window(self, session: int) -> tuple[int, int]:
        """From the session's first start to its last start's end (``(0, 0)`` without a start)."""
        starts = self.prep.starts[session]
        return (min(starts), max(starts) + self.prep.length[session]) if starts else (0, 0)
