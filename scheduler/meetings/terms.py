"""The objective of a meeting problem: named terms, each with a level and a weight.

Levels are compared in order, as Timefold's hard / medium / soft are: any better medium score
beats any soft one. Hard rules are not terms: a timetable breaking one is no answer at all.

| term | counts (a penalty: lower is better) |
|---|---|
| ``optional-conflicts`` | grid steps an optional participant is wanted in two places (or is busy) |
| ``early`` | the sum of the sessions' end positions on the working axis (working steps, from 1) |
| ``moves`` | sessions whose time or room differs from the reference timetable (one without a reference place counts) |
| ``displacement`` | per session with a reference time, grid steps from its reference start (nights count) |
| ``back-to-back`` | ordered pairs of sessions, one starting the moment the other ends (never across a break) |
| ``overlap`` | grid steps two sessions run at once, per pair |
| ``larger-rooms`` | per session, the extra seats of every room larger than its own |
| ``room-stability`` | per required person, pairs of sessions in different rooms 2 steps apart at most (breaks count) |
| ``participant-days`` | per required person, the days they must come minus one (0 when each comes on one day) |
| ``idle`` | per required person and day, the steps from their first start to last end in no meeting (breaks count) |
| ``preferred-time`` | sessions outside their preferred times (``Session.prefer``: a wish, never a rule) |

The two per-person terms may count only some people (``who``: names of people, or of units whose
members count): a school weighs the families' evenings, not the teachers'.

``TIMEFOLD`` weighs them as the Timefold meeting-scheduling quickstart does, so that our score of a
timetable equals its score (docs/meetings.md).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from scheduler.errors import ArgumentError, ProblemError, need_tuple
from scheduler.text.messages import Message
from scheduler.text.names import unknown_name

LEVELS = ("medium", "soft")
NAMES = (
    "optional-conflicts",
    "early",
    "moves",
    "displacement",
    "back-to-back",
    "overlap",
    "larger-rooms",
    "room-stability",
    "participant-days",
    "idle",
    "preferred-time",
)
MAX_WEIGHT = 1_000_000
"""The largest weight a rules file may give a term. CP-SAT sums the objective in 64-bit integers
(at most about 9.2 × 10^18): a weight multiplies a term's largest possible value (``early`` on a year
of 1-minute steps with a thousand meetings is about 5 × 10^11), so 10^6 keeps every weighted sum
(and replanning's ``moves`` weight, one more than the medium terms' weighted most) far inside it,
while leaving a million-to-one between two terms, more than any office's preference needs."""
PER_PERSON = frozenset({"participant-days", "idle"})
"""The terms that may count only some people (:attr:`Term.who`)."""


@dataclass(frozen=True)
class Term:
    """One term of the objective: its name, level and weight (a whole number from 1 to :data:`MAX_WEIGHT`,
    the rules file's cap, refused past it when built: one check for a file's terms and a caller's);
    ``who`` (the per-person terms, :data:`PER_PERSON`): the people it counts, by their names or their
    units' (empty: everyone; a name given twice is kept once)."""

    name: str
    level: str = "soft"
    weight: int = 1
    who: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.name not in NAMES:
            raise ProblemError(Message("meetings.term", term=self.name, known=list(NAMES)))
        weight = self.weight
        if self.level not in LEVELS or not isinstance(weight, int) or isinstance(weight, bool) or weight < 1:
            raise ProblemError(Message("meetings.term_level", term=self.name))
        if weight > MAX_WEIGHT:  # CP-SAT's int64 sums: MAX_WEIGHT says why
            raise ProblemError(Message("meetings.term_weight_max", term=self.name, most=MAX_WEIGHT))
        if not isinstance(self.who, tuple) or not all(isinstance(n, str) and n for n in self.who):
            raise ProblemError(Message("meetings.term_who", term=self.name))
        if self.who and self.name not in PER_PERSON:
            raise ProblemError(Message("meetings.term_who_per_person", term=self.name, known=sorted(PER_PERSON)))
        object.__setattr__(self, "who", tuple(dict.fromkeys(self.who)))  # a name written twice counts once


def derived(name: str, level: str, weight: int) -> Term:
    """A term whose weight the library works out from the problem rather than takes from a caller
    (replanning's ``moves``, one more than every medium term together can add up to): it may pass
    :data:`MAX_WEIGHT`, which caps what is given; the terms it is worked out from are capped, so it
    stays far inside CP-SAT's int64 sums."""
    term = Term(name, level)
    object.__setattr__(term, "weight", weight)
    return term


def check_who(objective: Iterable[Term], known: Collection[str]) -> None:
    """Refuse a term whose ``who`` names someone ``known`` lacks (the problem's people and units):
    such a term would count no one, silently. The rules reader (on the key's line) and the meeting calls
    (:mod:`scheduler.meetings.arguments`) both check with this (QA qadocs18 F6: only the reader did)."""
    for term in objective:
        unknown = next((name for name in term.who if name not in known), None)
        if unknown is not None:
            said = Message("meetings.term_who_unknown", term=term.name, name=unknown)
            raise ProblemError(unknown_name(said, unknown, known))  # with the name meant, when one is near


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
PREFERRED = Term("preferred-time", "soft", 100)
"""The term a table's preferred times bring when its objective does not weigh them itself
(:func:`with_wishes`). It counts sessions, not grid steps: a wish is met or not (a defence half in the
afternoon is not half in the morning), and the count is what the office reads (met 37 of 40). Soft, so
a wish never outweighs an optional participant's conflict; weight 100, so one wish met is worth a
hundred grid steps of finishing earlier (``early`` adds one per step a session ends later: at a
30-minute grid, 50 hours), which in a campaign of a few days is more than moving that meeting to the
last day costs, so the wishes come before finishing early (docs/meetings.md, "Preferred times")."""


def with_wishes(objective: tuple[Term, ...], wishes: bool) -> tuple[Term, ...]:
    """``objective`` with :data:`PREFERRED` after its terms when ``wishes`` (some meeting has a preferred
    time) and it does not weigh ``preferred-time`` already (a rules file's ``[objective]`` may set its
    level and weight): written wishes are weighed by default. An ``objective`` that is not a tuple of
    :class:`Term` is refused (:class:`~scheduler.errors.ArgumentError`), as the meeting calls refuse it."""
    need_tuple("objective", objective, Term, ArgumentError, Message("kind.terms"))
    if not wishes or any(t.name == PREFERRED.name for t in objective):
        return objective
    return (*objective, PREFERRED)


def scopes(terms: tuple[Term, ...]) -> dict[str, tuple[str, ...]]:
    """The people each per-person term of ``terms`` is limited to (a term counting everyone: absent)."""
    return {t.name: t.who for t in terms if t.who}


def by_level(terms: tuple[Term, ...]) -> dict[str, list[Term]]:
    """The terms of each level that has any, in level order."""
    out: dict[str, list[Term]] = {}
    for level in LEVELS:
        found = [t for t in terms if t.level == level]
        if found:
            out[level] = found
    return out
