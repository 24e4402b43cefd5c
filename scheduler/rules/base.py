"""The rule interface: everything a scheduling rule knows, in one class, one file per rule.

A rule has a stable ``name`` (used in messages, explanations and docs), its own
sentences (``TEXT``: title, violations, explanations) and hooks, grouped by who
asks. Every hook has a default that says "this rule has nothing to add", so a rule
file implements only what the rule is about:

* **Grouping limit** (``allows_group``): may these units share one room and hour?
  The solver only builds groups every rule allows; the checker asks the same of
  each room and hour of a hand-made table.
* **Forbidden starts** (``restrict``): slots a unit may not start in, through the
  :class:`~scheduler.rules.ports.Restrictions` port.
* **The set-partitioning model** (``post_slots``): constraints through the
  :class:`~scheduler.rules.ports.SlotModel` port.
* **Meeting problems** (the general problem of :mod:`scheduler.domain.meetings`, a second
  formulation): ``restrict_sessions`` (starts and rooms forbidden, through
  :class:`~scheduler.rules.ports.SessionLimits`), ``post_intervals`` (constraints through
  :class:`~scheduler.rules.ports.IntervalModel`), ``check_plan`` (the violations of a meeting
  timetable), ``session_instances`` and ``describe_session`` (explanations).
* **The checker** (``check``): the violations of a concrete timetable, in plain words.
* **Explanations**: ``instances`` (the parts of the rule that can be named one at
  a time when nothing fits), ``describe`` (one instance in words), ``relax`` (the
  problem without the dropped instances), ``facts`` (a unit's own limits),
  ``tell`` / ``tell_after`` (the conflict in connected sentences), ``crowding``
  (whether the clash is one of room space).
* **Canonical order** (``fixes``): units the rule ties down individually, so they
  are never swapped with look-alike units.
* **The greedy** (``follows``, ``fixed_starts``, ``phases``, ``seats``): what a
  first-fit placement must respect, asked instead of re-implemented.

The property tests in ``tests/test_properties.py`` hold the solver and the checker
together: every timetable the solver returns passes the checker, and every
timetable the checker accepts can be reproduced unchanged by the solver.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from scheduler.domain import Problem, Room, Unit
from scheduler.rules.ports import IntervalModel, Restrictions, SessionLimits, SlotModel
from scheduler.rules.values import Instance, Teller, View
from scheduler.text.messages import Message, Sentences

if TYPE_CHECKING:
    from scheduler.domain.meetings import MeetingProblem
    from scheduler.rules.values.fact import Fact
    from scheduler.rules.values.plan_view import PlanView
    from scheduler.rules.values.violation import Violation


class Rule:
    """Base class: a rule that allows everything, demands nothing and has nothing to explain."""

    name: ClassVar[str] = ""
    """The stable name: messages, explanations and docs use it."""
    rank: ClassVar[int] = 0
    """Where the checker reports the rule and explanations list its instances (lowest first)."""
    nameable: ClassVar[bool] = False
    """Whether the rule is named one instance at a time when nothing fits (else it always holds
    while explaining, as background)."""
    TEXT: ClassVar[Sentences] = Sentences({})
    """The rule's sentences: ``rule.<name>`` (its title), its violations, its explanations."""
    judges_grid: ClassVar[bool] = False
    """Whether ``check_plan`` judges the grid itself (sees a start off the grid as such); every other
    rule judges a meeting starting off the grid at its actual time (:meth:`PlanView.at_actual_times`)."""

    # -- words ------------------------------------------------------------------------

    @property
    def title(self) -> Message:
        """The rule's title, e.g. "a pinned unit meets at its pinned time"."""
        return self.TEXT(f"rule.{self.name}")

    def violation(
        self,
        message: Message,
        units: tuple[str, ...] = (),
        times: tuple[datetime, ...] = (),
        rooms: Iterable[str | None] = (),
    ) -> Violation:
        """A violation of this rule, carrying its title (``rooms``: those it names; an unnamed one is left out)."""
        from scheduler.rules.values.violation import Violation

        return Violation(self.name, message, units, times, self.title, _named(rooms))

    @property
    def meeting_title(self) -> Message:
        """The rule's title as said of meeting problems: ``mrule.<name>`` when the rule serves unit and
        meeting problems alike and words them differently, else its title."""
        key = f"mrule.{self.name}"
        return self.TEXT(key) if key in self.TEXT else self.title

    def plan_violation(
        self,
        message: Message,
        sessions: tuple[str, ...] = (),
        times: tuple[datetime, ...] = (),
        rooms: Iterable[str | None] = (),
        people: tuple[str, ...] = (),
    ) -> Violation:
        """A violation of this rule by a meeting timetable (``sessions``: the meetings' titles; ``rooms`` and
        ``people``: those it names, an unnamed room left out)."""
        from scheduler.rules.values.violation import Violation

        return Violation(self.name, message, sessions, times, self.meeting_title, _named(rooms), people)

    # -- the grouping limit and the forbidden starts -------------------------------------

    grouping: ClassVar[str] = ""
    """What :meth:`allows_group` asks of a group, for a formulation that states it without enumerating
    groups (the label model, :mod:`scheduler.solver.labelled`): ``"label"`` (a label in common),
    ``"seats"`` (no more units than the largest room seats), ``"category"`` (one category); ``""``
    for a rule that limits no group (a rule that does, in another way, keeps that model out)."""

    def allows_group(self, problem: Problem, units: Sequence[Unit]) -> bool:
        """Whether ``units`` may share one room and hour."""
        return True

    def restrict(self, into: Restrictions) -> None:
        """Forbid starts (``into.forbid(unit, slot, reason)``)."""
        return None

    # -- formulations ----------------------------------------------------------------------

    def post_slots(self, model: SlotModel) -> None:
        """Post constraints into the set-partitioning model. The default posts nothing: the
        rule holds by the model's construction (its groups and the forbidden starts)."""
        return None

    # -- meeting problems: the interval formulation ------------------------------------------

    def restrict_sessions(self, into: SessionLimits) -> None:
        """Forbid starts and rooms of sessions: ``into.forbid_starts(session, steps, reason)`` (a set of
        steps, one frozenset shared by every session it concerns), ``into.only_starts(session, steps,
        reason)`` (every start but these: a pin), ``into.forbid_room``. ``into.forbid_start`` (one step)
        still works, but a rule forbidding many starts hands them over as one set: the registry keeps one
        set per (session, instance), never one entry per start, and finds a start's reasons when asked."""
        return None

    def same_room(self, problem: MeetingProblem) -> Iterable[Sequence[int]]:
        """Groups of sessions this rule holds in one room. Each session of a group may then use only the
        rooms every session of it may use: the solver, the greedies and the first timetable read the
        rooms so narrowed (:func:`scheduler.meetings.prepared.prepare`), so a group is never opened in a
        room one of its sessions cannot use (QA qabigmeet22 F1)."""
        return ()

    def post_intervals(self, model: IntervalModel) -> None:
        """Post constraints into the meeting model. The default posts nothing when the rule holds by
        the model's domains (it restricts sessions) or has no instance in the problem, and refuses
        otherwise, so a rule the meeting model does not know is never silently dropped."""
        restricts = type(self).restrict_sessions is not Rule.restrict_sessions
        if not restricts and next(self.session_instances(model.problem), None) is not None:
            raise NotImplementedError(f"rule {self.name} has no interval formulation")

    def check_plan(self, view: PlanView) -> Iterator[Violation]:
        """The violations of a meeting timetable."""
        return iter(())

    def session_instances(self, problem: MeetingProblem) -> Iterator[Instance]:
        """The instances of a meeting problem that can be named in an explanation (``nameable`` rules)."""
        return iter(())

    def describe_session(self, problem: MeetingProblem, instance: Instance) -> Message:
        """What one instance of a meeting problem demands, in the user's terms."""
        return self.title

    # -- the checker -------------------------------------------------------------------------

    def check(self, view: View) -> Iterator[Violation]:
        """The violations of a concrete timetable."""
        return iter(())

    # -- explanations ------------------------------------------------------------------------

    def instances(self, problem: Problem) -> Iterator[Instance]:
        """The instances that can be named in an explanation (``nameable`` rules only)."""
        return iter(())

    def describe(self, problem: Problem, instance: Instance) -> Message:
        """What one instance demands, in the user's terms."""
        return self.title

    def describe_all(self, problem: Problem, instances: Sequence[Instance]) -> list[Message]:
        """The lines a conflict's list says for ``instances`` (this rule's, in order): one per instance
        (:meth:`describe`), unless the rule says what several share once (a time closed for every unit)."""
        return [self.describe(problem, instance) for instance in instances]

    def relax(self, problem: Problem, kept: set[Instance]) -> Mapping[str, Any]:
        """The changes to ``problem`` (``Problem.replace`` keywords) that drop every instance
        of this rule not in ``kept``."""
        return {}

    def facts(self, problem: Problem, instances: Sequence[Instance]) -> Iterator[Fact]:
        """Each unit's own limit that ``instances`` of this rule state (told with the relations)."""
        return iter(())

    def tell(self, teller: Teller, instances: Sequence[Instance]) -> list[str]:
        """Sentences for a relation between units (an order, a link), with their facts attached."""
        return []

    def tell_after(self, teller: Teller, instances: Sequence[Instance]) -> list[str]:
        """Sentences told after every relation, about units not told yet."""
        return []

    def crowding(self, problem: Problem, instances: Sequence[Instance]) -> int:
        """How many units ``instances`` pack together when the clash is one of room space, else 0."""
        return 0

    # -- canonical order and the greedy ---------------------------------------------------------

    def fixes(self, problem: Problem) -> set[str]:
        """Units this rule ties down individually: never swapped with look-alike units."""
        return set()

    def follows(self, problem: Problem) -> Iterable[tuple[str, str]]:
        """(first, then): ``then`` must start in the slot directly after ``first``'s."""
        return ()

    def fixed_starts(self, problem: Problem) -> Mapping[str, datetime]:
        """Units whose start this rule fixes."""
        return {}

    def phases(self, problem: Problem) -> Mapping[str, int]:
        """Unit -> phase: every unit of a lower phase meets in an earlier slot than any of a higher one."""
        return {}

    def seats(self, sizes: Sequence[int], rooms: Sequence[Room]) -> bool | None:
        """Whether groups of these sizes can all have a room at once (``None``: this rule does not say)."""
        return None


def _named(rooms: Iterable[str | None]) -> tuple[str, ...]:
    """The rooms a violation names, as plain names; the unnamed room (``""``, ``None``) is not one."""
    return tuple(str(room) for room in rooms if room)
