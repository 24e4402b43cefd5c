"""A meeting timetable resolved against its problem (:class:`PlanView`): what the rules check of a
meeting timetable."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from math import gcd
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scheduler.domain.meetings import MeetingProblem, Placement, Plan


@dataclass
class PlanView:
    """A meeting timetable (:class:`~scheduler.domain.meetings.Plan`) resolved against its problem.

    ``step`` and ``room``: each session's clock step and room, where the plan gives a usable one
    (a single room needs no name). What could not be resolved is kept for the rules that report
    it: ``unknown`` titles, titles placed ``twice`` (with their count), sessions ``missing`` a
    time, ``no_room``, ``unknown_room`` (title, room), and starts ``off_grid``.

    A title placed more than once is resolved by its placement number ``copy`` (from 0; its last
    when it has fewer): :meth:`copies` gives one view per placement, so that every rule judges each
    placement of such a meeting, as the unit checker judges every time a unit is listed at.
    """

    problem: MeetingProblem
    plan: Plan
    copy: int = 0
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
        every: dict[str, list[Placement]] = defaultdict(list)
        for p in self.plan.placements:
            every[p.title].append(p)
        done: set[str] = set()
        for first in self.plan.placements:
            if first.title not in known or first.title in done:
                continue
            done.add(first.title)
            # a title placed more than once: its ``copy``-th placement, where its first one stands (the
            # order of the meetings, hence of the names in a sentence, is the same in every copy)
            mine = every[first.title]
            p = mine[min(self.copy, len(mine) - 1)]
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

    def after_last(self, sessions: Iterable[int]) -> Iterator[tuple[int, int, int]]:
        """(a, b, steps from a's end to b's start) for each placed session ``b`` of ``sessions`` after
        another: ``a`` is the session ending last by b's start (of those, the one starting last), so a
        minimum time between one's end and the next one's start (a participant's gap, a room's
        changeover) is broken exactly when some pair breaks it; meetings running at once are another
        rule's (double-booking, room-capacity). Not merely the neighbour by start: with 9:00-11:00 and
        9:15-9:30 before 11:00, the meeting before 11:00 is the one ending at 11:00; with 8:00-9:30 and
        8:00-9:00 before 9:30, the one ending at 9:30. Sorted ends and a bisection: O(n log n)."""
        placed = sorted((i for i in sessions if i in self.step), key=lambda i: (self.step[i], i))
        ends = sorted((self.step[i] + self.length(i), self.step[i], i) for i in placed)
        keys = [end for end, _, _ in ends]
        for b in placed:
            k = bisect_right(keys, self.step[b])
            if k:
                end, _, a = ends[k - 1]
                yield a, b, self.step[b] - end

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
        return PlanView(self.problem.replace(workdays=replace(days, grid=grid)), self.plan, self.copy)

    def copies(self) -> list[PlanView]:
        """One view per placement of the meetings placed more than once (``[self]`` when none is): the
        first placement of each in the first view, the second in the second, and so on."""
        most = max(self.twice.values(), default=1)
        return [self] + [PlanView(self.problem, self.plan, k) for k in range(1, most)]


def _minute_of_day(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute
