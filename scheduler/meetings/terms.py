"""The objective of a meeting problem: named terms, each with a level and a weight.

Levels are compared in order, as Timefold's hard / medium / soft are: any better medium score
beats any soft one. Hard rules are not terms: a timetable breaking one is no answer at all.

| term | counts (a penalty: lower is better) |
|---|---|
| ``optional-conflicts`` | grid steps an optional participant is wanted in two places (or is busy) |
| ``early`` | the sum of the sessions' end positions on the working axis (working steps, from 1) |
| ``moves`` | sessions whose time or room differs from the reference timetable (one without a reference place counts) |
| ``back-to-back`` | ordered pairs of sessions, one starting the moment the other ends (never across a break) |
| ``overlap`` | grid steps two sessions run at once, per pair |
| ``larger-rooms`` | per session, the extra seats of every room larger than its own |
| ``room-stability`` | per required person, pairs of sessions in different rooms 2 steps apart at most (breaks count) |

``TIMEFOLD`` weighs them as the Timefold meeting-scheduling quickstart does, so that our score of a
timetable equals its score (docs/meetings.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.errors import ProblemError
from scheduler.text.messages import Message

LEVELS = ("medium", "soft")
NAMES = ("optional-conflicts", "early", "moves", "back-to-back", "overlap", "larger-rooms", "room-stability")


@dataclass(frozen=True)
class Term:
    """One term of the objective: its name, level and (positive) weight."""

    name: str
    level: str = "soft"
    weight: int = 1

    def __post_init__(self) -> None:
        if self.name not in NAMES:
            raise ProblemError(Message("meetings.term", term=self.name, known=list(NAMES)))
        if self.level not in LEVELS or self.weight < 1:
            raise ProblemError(Message("meetings.term_level", term=self.name))


DEFAULT = (Term("optional-conflicts", "medium"), Term("early", "soft"))
REPLAN = (Term("moves", "medium"), Term("optional-conflicts", "medium"), Term("early", "soft"))
"""The rules file's ``preset = "replan"``: moves and optional conflicts traded one for one.
:func:`scheduler.meetings.replanning.replan_meetings` weighs a move above every optional conflict
together instead (:func:`~scheduler.meetings.replanning.replan_objective`)."""
TIMEFOLD = (
    Term("optional-conflicts", "medium"),
    Term("early", "soft"),
    Term("back-to-back", "soft", 100),
    Term("overlap", "soft", 10),
    Term("larger-rooms", "soft"),
    Term("room-stability", "soft"),
)
PRESETS = {"default": DEFAULT, "replan": REPLAN, "timefold": TIMEFOLD}


def by_level(terms: tuple[Term, ...]) -> dict[str, list[Term]]:
    """The terms of each level that has any, in level order."""
    out: dict[str, list[Term]] = {}
    for level in LEVELS:
        found = [t for t in terms if t.level == level]
        if found:
            out[level] = found
    return out
