"""The ports through which a rule speaks to a formulation: small protocols, no solver inside.

A rule never imports the solver. It states its constraints through a port, and
each formulation implements the port it needs (docs/architecture.md, "The rule
interface"):

* :class:`Restrictions`: the starts a rule forbids. Implemented by the collector
  in :mod:`scheduler.rules.registry` (once per problem; the greedy, the bounds and
  every model read the result).
* :class:`SlotModel`: the set-partitioning CP-SAT model (one Boolean per group of
  units and start slot), implemented by :class:`scheduler.solver.model.ModelBuilder`.

A second formulation (issue 15's interval model for general meetings) adds its
own port here and one hook on :class:`~scheduler.rules.base.Rule`; the rules that
apply to it implement that hook in their own file.

Variables and literals are plain integers (the CP-SAT proto convention: the
negation of literal ``v`` is ``-v - 1``, see :func:`~scheduler.rules.values.negated`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from scheduler.domain import Problem, Unit
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

    def groups_at(self, t: int) -> list[int]:
        """The group variables of slot ``t``."""

    def groups_with_size_at(self, t: int) -> list[tuple[int, int]]:
        """(variable, group size) for every group variable of slot ``t``."""

    def category_groups_at(self, t: int, category: str) -> list[tuple[int, int]]:
        """(variable, members of ``category``) for the groups of ``category`` in slot ``t``."""

    def variables(self) -> list[tuple[int, tuple[Unit, ...]]]:
        """Every group variable with the units of its group."""

    def excused(self, category: str | None = None) -> Terms:
        """(literal, 1) for each absent unit a counting bound need not cover (the stable search's relaxation)."""
