"""each-meeting-once: every meeting of a meeting problem is placed exactly once, with a time and a room."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from scheduler.rules.base import Rule
from scheduler.rules.values import PlanView, Violation
from scheduler.text.messages import Sentences


class EachMeetingOnce(Rule):
    """Hard: every meeting is placed exactly once, at a time and in a room.

    Model: by construction (one start and one room per session, exactly). Checker: what
    the timetable's rows leave out or repeat (the plan's view resolves them). A room that is not
    in the rules is room-capacity's to say, as in unit tables (docs/model.md).
    """

    name = "each-meeting-once"
    rank = 12
    TEXT: ClassVar[Sentences] = Sentences(
        {
            "rule.each-meeting-once": (
                "每个会议安排且只安排一次（时间和会议室）",
                "every meeting is placed exactly once (time and room)",
            ),
            "mcheck.missing": ("会议“{title}”没有安排时间", "meeting '{title}' has no time"),
            "mcheck.no_room": ("会议“{title}”没有安排会议室", "meeting '{title}' has no room"),
            "mcheck.twice": ("会议“{title}”被安排了 {count} 次", "meeting '{title}' is placed {count} times"),
            "mcheck.unknown": ("表中的会议“{title}”不在问题中", "the table's meeting '{title}' is not in the problem"),
        }
    )

    def check_plan(self, view: PlanView) -> Iterator[Violation]:
        for title in view.unknown:
            yield self.plan_violation(self.TEXT("mcheck.unknown", title=title), (title,))
        for title, count in view.twice.items():
            yield self.plan_violation(self.TEXT("mcheck.twice", title=title, count=count), (title,))
        for title in view.missing:
            yield self.plan_violation(self.TEXT("mcheck.missing", title=title), (title,))
        for title in view.no_room:
            yield self.plan_violation(self.TEXT("mcheck.no_room", title=title), (title,))


RULE = EachMeetingOnce()
