"""working-hours: a meeting starts on the grid and lies inside one working period (no break, no day crossed)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import ClassVar

from scheduler.rules.base import Rule
from scheduler.rules.values import PlanView, Violation
from scheduler.text.messages import Sentences


class WorkingHours(Rule):
    """Hard: a meeting starts on the grid and lies inside one working period.

    Model: by construction: a session's only starts are those where it fits inside one
    working period (:meth:`scheduler.domain.meetings.Workdays.starts`), so the rule posts
    nothing and is never to blame alone (it is the frame of every explanation).
    """

    name = "working-hours"
    rank = 22
    TEXT: ClassVar[Sentences] = Sentences(
        {
            "rule.working-hours": (
                "会议在工作时段内、按时间粒度开始，不跨午休或跨天",
                "meetings start on the grid inside working hours, never across a break or a day",
            ),
            "mcheck.outside": (
                "会议“{title}”安排在 {time}—{end}，不在同一个工作时段内",
                "meeting '{title}' at {time}-{end} is not inside one working period",
            ),
        }
    )

    def check_plan(self, view: PlanView) -> Iterator[Violation]:
        problem = view.problem
        for i, start in view.off_grid:
            yield self._outside(view.title(i), start, problem.sessions[i].minutes)
        allowed: dict[int, set[int]] = {}
        for i, step in sorted(view.step.items()):
            length = view.length(i)
            if length not in allowed:
                allowed[length] = set(problem.workdays.starts(length))
            if step not in allowed[length]:
                yield self._outside(view.title(i), view.moment(i), problem.sessions[i].minutes)

    def _outside(self, title: str, start: datetime, minutes: int) -> Violation:
        end = (start + timedelta(minutes=minutes)).time()
        return self.plan_violation(self.TEXT("mcheck.outside", title=title, time=start, end=end), (title,), (start,))


RULE = WorkingHours()
