"""within-window: meetings start only at the calendar's days and hours."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from scheduler.domain import Problem
from scheduler.rules.base import Rule
from scheduler.rules.values import View
from scheduler.text.messages import Message, Sentences
from scheduler.text.times import format_day

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
                "{unit} 安排在 {time}，不在对接时间内（{days} {hours}）",
                "{unit} is at {time}, outside the meeting days and hours ({days} {hours})",
            ),
            "check.clock": ("单位“{unit}”：{why}", "{unit}: {why}"),
        }
    )

    def check(self, view: View) -> Iterator[Violation]:
        told: set[tuple[str, datetime]] = set()  # a row repeated is each-unit-once's to say, not a second line here
        for i in view.rows():
            m = view.meeting(i)
            if m.start is not None and view.slot[i] is None and (m.unit, m.start) not in told:
                told.add((m.unit, m.start))
                yield self.violation(self._outside(view.problem, m.unit, m.start), (m.unit,), (m.start,))

    def _outside(self, problem: Problem, unit: str, start: datetime) -> Message:
        """Why a start is no slot: a day and hour of the calendar the clock skips or repeats (daylight
        saving: :func:`scheduler.domain.clock.clock_message`, the one wording), else outside its days and hours."""
        cal = problem.calendar
        refused = cal.clock_refusal(start)
        if refused is not None:
            return self.TEXT("check.clock", unit=unit, why=refused)
        time, (days, hours) = cal.written(start), window_text(problem, start.year)
        return self.TEXT("check.outside", unit=unit, time=time, days=days, hours=hours)


def window_text(problem: Problem, year: int) -> tuple[list[str], list[str]]:
    """The calendar's days and hours, as the notice writes them (lists: the message joins them in its
    language); a day with its year when that is not the year of the day before it, the first day's
    compared with ``year`` (the year of the time said to be outside them): ``2021年9月8日、9月9日``
    beside a time of 2022."""
    cal = problem.calendar
    years = (year, *(d.year for d in cal.days))
    days: list[str] = [format_day(d, (before,)) for d, before in zip(cal.days, years, strict=False)]
    hours = [f"{h.hour}:{h.minute:02d}" for h in cal.open_hours()]  # not an hour the clock always refuses
    return days, hours


RULE = WithinWindow()
