"""working-hours: a meeting starts on the grid and lies inside one working period (no break, no day crossed)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, ClassVar

from scheduler.domain.clock import clock_message
from scheduler.rules.base import Rule
from scheduler.rules.values import PlanView, Violation
from scheduler.text.messages import Sentences
from scheduler.text.times import format_day, format_exact

if TYPE_CHECKING:
    from scheduler.domain.meetings import Workdays


class WorkingHours(Rule):
    """Hard: a meeting starts on the grid and lies inside one working period.

    Model: by construction: a session's only starts are those where it fits inside one
    working period (:meth:`scheduler.domain.meetings.Workdays.starts`), so the rule posts
    nothing and is never to blame alone (it is the frame of every explanation).
    """

    name = "working-hours"
    rank = 22
    judges_grid = True
    TEXT: ClassVar[Sentences] = Sentences(
        {
            "rule.working-hours": (
                "会议在工作时段内、按时间粒度开始，不跨午休或跨天",
                "meetings start on the grid inside working hours, never across a break or a day",
            ),
            "mcheck.outside": (
                "会议“{title}”安排在 {time}—{end}：{why}",
                "meeting '{title}' at {time}-{end}: {why}",
            ),
            "mcheck.clock": ("会议“{title}”：{why}", "meeting '{title}': {why}"),
            "mcheck.not_a_day": (
                "会议“{title}”安排在 {day}，这一天不是会议日（会议日：{days}）",
                "meeting '{title}' is on {day}, which is not a meeting day (meeting days: {days})",
            ),
            "mcheck.off_grid": (
                "会议“{title}”在 {time} 开始，不在 {grid} 分钟的时间格上",
                "meeting '{title}' starts at {time}, off the {grid}-minute grid",
            ),
            "mcheck.off_grid_outside": (
                "会议“{title}”在 {time} 开始，不在 {grid} 分钟的时间格上；而且 {why}",
                "meeting '{title}' starts at {time}, off the {grid}-minute grid; and {why}",
            ),
        }
    )

    def check_plan(self, view: PlanView) -> Iterator[Violation]:
        problem = view.problem
        for i, start in view.off_grid:
            yield self._off(problem.workdays, view.title(i), start, problem.sessions[i].minutes)
        allowed: dict[int, set[int]] = {}
        for i, step in sorted(view.step.items()):
            length = view.length(i)
            if length not in allowed:
                allowed[length] = set(problem.workdays.starts(length))
            if step not in allowed[length]:
                yield self._off(problem.workdays, view.title(i), view.moment(i), problem.sessions[i].minutes)

    def _off(self, workdays: Workdays, title: str, start: datetime, minutes: int) -> Violation:
        """The plainest of the reasons a start is not allowed: not a meeting day (with the year
        when it is not the calendar's: a wrong year is the usual slip), off the grid, or not
        inside one working period."""
        if start.date() not in workdays.days:
            years = {d.year for d in workdays.days}
            day = format_day(start.date(), years)
            days = [format_day(d, years) for d in workdays.days[:7]] + (["…"] if len(workdays.days) > 7 else [])
            text = self.TEXT("mcheck.not_a_day", title=title, day=day, days=days)
            return self.plan_violation(text, (title,), (start,))
        if (start.hour * 60 + start.minute) % workdays.grid or start.second or start.microsecond:
            # off the grid and out of the working periods too (20:55 for ten minutes, to 21:05): both said,
            # each way as itself (QA jobs16 F8: only the grid was)
            out = workdays.outside(start, minutes)
            shown = format_exact(start)  # with its seconds, if they are what is off
            if out is None:
                text = self.TEXT("mcheck.off_grid", title=title, time=shown, grid=workdays.grid)
            else:
                text = self.TEXT("mcheck.off_grid_outside", title=title, time=shown, grid=workdays.grid, why=out)
            return self.plan_violation(text, (title,), (start,))
        fault = workdays.clock_fault(start, minutes)
        if fault is not None:  # a time the clock skips or repeats (daylight saving): said as such
            said = clock_message(fault, start, minutes, workdays.timezone)
            text = self.TEXT("mcheck.clock", title=title, why=said)
            return self.plan_violation(text, (title,), (start,))
        end = (start + timedelta(minutes=minutes)).time()
        why = workdays.outside(start, minutes)  # the one rule of which way a time leaves the working periods
        text = self.TEXT("mcheck.outside", title=title, time=start, end=end, why=why or "")
        return self.plan_violation(text, (title,), (start,))


RULE = WorkingHours()
