"""What the rules post into the meeting model, counted without building it: the build estimates' measure.

The planner bounds every model it builds by the clock (a build it cannot finish in the time left is
not started: the greedy's or the polished timetable stands). The model's size in time-indexed terms
says most of that cost, but not the rules' constraints over intervals: the sharing rule alone posted
1.97 million no-overlaps on biglabel-2000u-4r as meetings (41 s to build, a 5 s limit broken
threefold). :func:`posted_seconds` runs every rule's ``post_intervals`` against :class:`Posted`, which
implements the rules' port (:class:`scheduler.rules.ports.IntervalModel`) by counting, and prices
what it counted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scheduler.meetings.prepared import OnPrepared, Prepared
from scheduler.rules.values import Instance


@dataclass
class Posted(OnPrepared):
    """The rules' port, counting: constraints posted and the intervals (or literals) they hold."""

    prep: Prepared
    indexed: bool = True
    constraints: int = 0
    intervals: int = 0

    def reason(self, instance: Instance) -> int:
        return 0  # nothing is built: any literal will do

    def _count(self, size: int) -> None:
        self.constraints += 1
        self.intervals += size

    def no_overlap(self, sessions: Sequence[int], after: int = 0, reason: Instance | None = None) -> None:
        self._count(len(sessions))

    def spaced(self, sessions: Sequence[int], after: int, reason: Instance | None = None) -> None:
        # time-indexed: about a clause per end step over the starts within ``after`` of it
        size = len(sessions) if not self.indexed else sum(len(self.prep.starts[i]) for i in sessions) * (after + 1)
        self._count(size)

    def room_load(
        self,
        group: int,
        limit: int,
        after: int = 0,
        demands: Mapping[int, int] | None = None,
        reason: Instance | None = None,
        demand_reasons: Mapping[int, Instance] | None = None,
    ) -> None:
        self._count(len(self.sessions_in(group)))

    def running_at_most(self, limit: int) -> None:
        self._count(self.prep.n)

    def apart(self, group: int, sessions: Sequence[int], reason: Instance | None = None) -> None:
        self._count(len(sessions))

    def apart_pairs(self, group: int, pairs: Sequence[tuple[int, int]]) -> None:
        self.constraints += len(pairs)
        self.intervals += 2 * len(pairs)

    def follows(self, first: int, then: int, after: int, same_day: bool, reason: Instance | None = None) -> None:
        self._count(6 if same_day else 2)  # a linear constraint; with the day, two day variables tied to the starts

    def same_room(self, sessions: Sequence[int], reason: Instance | None = None) -> None:
        self._count(2 * len(sessions) * len(self.prep.classes))


def posted_seconds(prep: Prepared, indexed: bool = True) -> float:
    """About how long posting the rules' constraints takes (counted once per problem and form)."""
    if indexed not in prep.posted:
        count = Posted(prep, indexed)
        for rule in prep.rules:
            rule.post_intervals(count)
        prep.posted[indexed] = CONSTRAINT_SECONDS * count.constraints + INTERVAL_SECONDS * count.intervals
    return prep.posted[indexed]


CONSTRAINT_SECONDS = 3e-6
INTERVAL_SECONDS = 1e-6
