"""allowed-sharing: units share a room and hour only if they have a parallel-group label in common."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import ClassVar

from scheduler.domain import Problem, Unit, labels
from scheduler.rules.base import Rule
from scheduler.rules.values import View, Violation
from scheduler.text.messages import Sentences


class AllowedSharing(Rule):
    """Hard: units share a room and hour only if they have a parallel-group label in common.

    A grouping limit: the model only builds groups whose units share a label (it
    draws its candidate groups from :func:`scheduler.domain.labels`), so the rule
    needs no constraint of its own.
    """

    name = "allowed-sharing"
    rank = 30
    TEXT: ClassVar[Sentences] = Sentences(
        {
            "rule.allowed-sharing": (
                "只有同一并行组的单位可同时对接",
                "only units of one parallel group share a room and hour",
            ),
            "check.shared": (
                "{units} 同在 {time} 于 {room} 对接，但不属于同一并行组",
                "{units} share {room} at {time} but are not in one parallel group",
            ),
        }
    )

    def allows_group(self, problem: Problem, units: Sequence[Unit]) -> bool:
        if len(units) < 2:
            return True
        common = labels(units[0])
        for unit in units[1:]:
            common &= labels(unit)
        return bool(common)

    def check(self, view: View) -> Iterator[Violation]:
        for (slot, room), members in view.rooms_in_use().items():
            if room is None or len(members) < 2:
                continue
            units = [view.problem.unit(name) for name in members]
            if not self.allows_group(view.problem, units):
                when = view.problem.calendar.slots[slot]
                message = self.TEXT("check.shared", units=tuple(members), time=when, room=room)
                yield self.violation(message, tuple(members), (when,))


RULE = AllowedSharing()
