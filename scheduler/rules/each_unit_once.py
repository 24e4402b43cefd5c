"""each-unit-once: every unit is received exactly once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from scheduler.rules.base import Rule
from scheduler.rules.ports import SlotModel
from scheduler.rules.values import View
from scheduler.text.messages import Sentences

if TYPE_CHECKING:
    from scheduler.rules.values.violation import Violation


class EachUnitOnce(Rule):
    """Hard: every unit is received exactly once.

    Model: exactly one of the unit's group variables holds. Checker: a unit with no
    time, or listed at several times, and a unit the table names that is not in the problem
    (which no other rule can judge).
    """

    name = "each-unit-once"
    rank = 10
    TEXT: ClassVar[Sentences] = Sentences(
        {
            "rule.each-unit-once": ("每个单位安排且只安排一次", "every unit meets exactly once"),
            "check.missing": ("{unit} 没有安排对接时间", "{unit} has no meeting time"),
            "check.unknown": ("表中的单位“{unit}”不在问题中", "the table's unit '{unit}' is not in the problem"),
            "check.twice": ("{unit} 被安排了 {count} 次：{times}", "{unit} is listed {count} times: {times}"),
            "check.twice_same": (
                "{unit} 在 {time} 重复列出了 {count} 次（应只列一行）",
                "{unit} is listed {count} times at the same time, {time} (it needs one row)",
            ),
        }
    )

    def post_slots(self, model: SlotModel) -> None:
        for unit in model.problem.units:
            model.exactly_one(model.all_starts(unit.name))

    def check(self, view: View) -> Iterator[Violation]:
        for name in view.unknown:
            times = tuple(sorted({start for i in view.by_unit[name] if (start := view.meeting(i).start) is not None}))
            yield self.violation(self.TEXT("check.unknown", unit=name), (name,), times)
        for unit in view.problem.units:
            found = view.by_unit.get(unit.name, [])
            times = tuple(sorted(start for i in found if (start := view.meeting(i).start) is not None))
            if not times:
                yield self.violation(self.TEXT("check.missing", unit=unit.name), (unit.name,))
            elif len(set(times)) == 1 and len(times) > 1:
                written = view.problem.calendar.written(times[0])
                message = self.TEXT("check.twice_same", unit=unit.name, count=len(times), time=written)
                yield self.violation(message, (unit.name,), times[:1])
            elif len(times) > 1:  # in time order, whatever the table's
                listed = tuple(map(view.problem.calendar.written, times))
                message = self.TEXT("check.twice", unit=unit.name, count=len(times), times=listed)
                yield self.violation(message, (unit.name,), times)


RULE = EachUnitOnce()
