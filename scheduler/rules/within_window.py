"""within-window: meetings start only at the calendar's days and hours."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from scheduler.domain import Problem
from scheduler.rules.base import Rule
from scheduler.rules.values import View
from scheduler.text.messages import Sentences

if TYPE_CHECKING:
    from scheduler.rules.values.violation import Violation


class WithinWindow(Rule):
    """Hard: meetings start only at the calendar's days and hours.

    The model has no variable outside the calendar, so the rule posts nothing;
    only a hand-made table can break it.
    """

    name = "within-window"
    rank = 20
    TEXT: ClassVar[Sentences] = Sentences(
        {
            "rule.within-window": ("只在对接日期和时段内安排", "meetings only on the listed days and hours"),
            "check.outside": (
                "{unit} 安排在 {time}，不在对接时间内（{window}）",
                "{unit} is at {time}, outside the meeting days and hours ({window})",
            ),
        }
    )

    def check(self, view: View) -> Iterator[Violation]:
        told: set[tuple[str, datetime]] = set()  # a row repeated is each-unit-once's to say, not a second line here
        for i in view.rows():
            m = view.meeting(i)
            if m.start is not None and view.slot[i] is None and (m.unit, m.start) not in told:
                told.add((m.unit, m.start))
                message = self.TEXT("check.outside", unit=m.unit, time=m.start, window=window_text(view.problem))
                yield self.violation(message, (m.unit,), (m.start,))


def window_text(problem: Problem) -> str:
    """The calendar's days and hours, as the notice writes them."""
    cal = problem.calendar
    days = "、".join(f"{d.month}月{d.day}日" for d in cal.days)
    hours = "、".join(f"{h.hour}:{h.minute:02d}" for h in cal.hours)
    return f"{days} {hours}"


RULE = WithinWindow()
