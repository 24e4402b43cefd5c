"""What a solve returns: a typed :class:`Result` with a :class:`Status`, the score and its bound.

``solve``, ``replan`` and ``alternatives`` all return (or carry) a :class:`Result`.
It never hides why there is no timetable: ``status`` says whether the answer is
proven optimal, the best found in time, impossible (``conflict`` says which rules
clash) or unknown (nothing found in time). :meth:`Result.moves` lists each unit whose
time changed from the reference, as typed :class:`Move` records; :meth:`Result.room_changes`
each unit that kept its time but not its room.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar, NamedTuple

import scheduler.conflicts as conflicts  # conflicts.conflict on first use: typing.get_type_hints(Result) resolves it
from scheduler.domain import Problem, Timetable
from scheduler.errors import TimeLimitError
from scheduler.solver.objectives import ObjectiveName, Score
from scheduler.text.messages import Message

if TYPE_CHECKING:
    import pandas as pd

    import scheduler.conflicts.conflict  # noqa: F401  (conflicts.conflict below, for mypy)


class Status(StrEnum):
    """How a solve ended. A ``StrEnum``: ``Status.OPTIMAL == "optimal"``."""

    OPTIMAL = "optimal"
    """The timetable is proven optimal."""
    FEASIBLE = "feasible"
    """The best timetable found in the time limit; ``bound`` says how far the optimum can be."""
    INFEASIBLE = "infeasible"
    """No timetable satisfies the rules; ``conflict`` says which clash."""
    UNKNOWN = "unknown"
    """Nothing was found in the time limit (nor proven impossible)."""


class Move(NamedTuple):
    """A unit whose time changed: ``before`` (the reference time, ``None`` for a new unit)
    and ``after`` (its new time). A tuple too: ``unit, before, after = move``."""

    unit: str
    before: datetime | None
    after: datetime | None


class RoomChange(NamedTuple):
    """A unit that keeps its time (``start``) but not its room: ``before`` (its reference room)
    and ``after`` (its new one). Not a move (the ``stable`` objective counts times), still a
    change the unit must hear of."""

    unit: str
    start: datetime
    before: str
    after: str


def room_changes(problem: Problem, timetable: Timetable) -> list[RoomChange]:
    """Every unit of ``timetable`` at its reference time in another room than its reference one
    (a reference that names no room has none to change), in table order."""
    if problem.reference is None:
        return []
    before = {m.unit: m for m in problem.reference.meetings}
    out = []
    for m in sorted(timetable.meetings, key=lambda m: problem.position(m.unit)):
        was = before.get(m.unit)
        if was is not None and m.start is not None and was.start == m.start and was.room and was.room != m.room:
            out.append(RoomChange(m.unit, m.start, was.room, m.room or ""))
    return out


@dataclass(frozen=True, repr=False)
class Result:
    """The outcome of :func:`scheduler.solve` (and of ``replan``).

    ``score`` is the timetable's value under ``objective`` (``None`` without a
    timetable); ``bound`` a lower bound on the optimum (equal to ``score`` when
    ``proven``); ``runtime`` the seconds the whole call took; ``engine`` what
    found the timetable (``"greedy"`` or ``"cp-sat"``); ``timings`` the seconds
    each step took (``greedy``, ``build``, ``solve``...).
    """

    problem: Problem
    objective: ObjectiveName
    status: Status
    timetable: Timetable | None
    score: Score | None
    bound: Score | None
    runtime: float
    engine: str
    conflict: conflicts.conflict.Conflict | None = None
    timings: Mapping[str, float] = field(default_factory=dict)
    __hash__: ClassVar[None] = None  # type: ignore[assignment]  # unhashable: said, not failed inside a generated hash

    @property
    def proven(self) -> bool:
        """Whether the timetable is proven optimal."""
        return self.status is Status.OPTIMAL

    def __repr__(self) -> str:
        """Short, for a REPL or a log line: the status, the score and bound, the size; not the whole
        problem and timetable (7,000 characters for the notice, 800,000 at 5,000 units)."""
        score = self.score.as_dict() if self.score is not None else None
        bound = self.bound.as_dict() if self.bound is not None else None
        placed = len(self.timetable.meetings) if self.timetable is not None else None
        conflict = f", conflict={self.conflict!r}" if self.conflict is not None else ""
        return (
            f"Result(status={self.status.value!r}, objective={self.objective!r}, score={score}, bound={bound}, "
            f"units={len(self.problem.units)}, placed={placed}, engine={self.engine!r}, "
            f"runtime={self.runtime:.2f}{conflict})"
        )

    @property
    def optimal(self) -> bool:
        """Same as :attr:`proven`."""
        return self.proven

    def moves(self) -> list[Move]:
        """Every unit whose time changed from the problem's reference, in table order."""
        if self.timetable is None:
            return []
        before = self.problem.reference.starts() if self.problem.reference else {}
        after = self.timetable.starts()
        return [
            Move(u.name, before.get(u.name), after.get(u.name))
            for u in self.problem.units
            if before.get(u.name) != after.get(u.name)
        ]

    def room_changes(self) -> list[RoomChange]:
        """Every unit that keeps its reference time but not its room (see :class:`RoomChange`)."""
        return room_changes(self.problem, self.timetable) if self.timetable is not None else []

    def slots_used(self) -> int:
        """How many distinct slots hold a meeting."""
        return len({m.start for m in self.timetable.meetings}) if self.timetable else 0

    def last_meeting(self) -> datetime | None:
        """The start of the last meeting."""
        if not self.timetable:
            return None
        return max((m.start for m in self.timetable.meetings if m.start is not None), default=None)

    def require(self) -> Timetable:
        """The timetable, or the reason there is none: :class:`~scheduler.conflicts.conflict.InfeasibleError`
        (with the conflict) or :class:`~scheduler.errors.TimeLimitError`."""
        if self.timetable is not None:
            return self.timetable
        if self.conflict is not None:
            from scheduler.conflicts.conflict import InfeasibleError  # with the conflict it carries

            raise InfeasibleError(self.conflict)
        raise TimeLimitError(Message("solve.nothing"))

    def to_dataframe(self) -> pd.DataFrame:
        """The timetable as a DataFrame: unit, start, room, category, group
        (raises as :meth:`require` does when there is none)."""
        frame = self.require().to_dataframe()
        frame["category"] = [self.problem.unit(u).category for u in frame["unit"]]
        frame["group"] = [self.problem.unit(u).group for u in frame["unit"]]
        return frame
