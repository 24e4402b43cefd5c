"""unavailable: a unit (or a person) is never required at a time it said it cannot come."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from scheduler.domain import CLOSED, Problem
from scheduler.rules.base import Rule
from scheduler.rules.ports import Restrictions, SessionLimits
from scheduler.rules.values import Instance, View
from scheduler.text.messages import Message, Sentences
from scheduler.text.times import format_span

if TYPE_CHECKING:
    from scheduler.domain.meetings import MeetingProblem
    from scheduler.rules.values.fact import Fact
    from scheduler.rules.values.plan_view import PlanView
    from scheduler.rules.values.violation import Violation


class Unavailability(Rule):
    """Hard: a unit is never received at a time it said it cannot come.

    Forbidden starts only: the model has no variable for them. One instance per
    unit that gave times (the times are told together).

    Meeting problems: a person or unit is never *required* in a meeting that overlaps its busy
    time (an optional participant's busy time is a preference); a unit's busy time covers its
    members too (the office is closed). A decline of one meeting (``Busy.meeting``) binds that
    meeting alone, where the one who declined is required in it. One instance per person or unit
    with busy time that some meeting requires.
    """

    name = "unavailable"
    rank = 60
    nameable = True
    TEXT: ClassVar[Sentences] = Sentences(
        {
            "mrule.unavailable": (
                "必须参会人员（人员或单位）不在其不能参加的时间参会",
                "no required participant (person or unit) is placed while unavailable",
            ),
            "rule.unavailable": ("不在单位不能参加的时间安排", "no meeting when a unit cannot come"),
            "check.unavailable": ("{unit} 安排在 {time}，但该时间不能参加", "{unit} is at {time}, when it cannot come"),
            "explain.unavailable": ("{unit} 不能参加：{times}", "{unit} cannot come at {times}"),
            "explain.unavailable_all": ("{unit} 所有时段都不能参加", "{unit} cannot come at any meeting time"),
            "explain.only": ("{unit} 只能在 {times} 参加", "{unit} can come only at {times}"),
            "explain.closed": (
                "所有单位都不能参加：{times}（休会；这里涉及其中 {count} 个：{units}）",
                "no unit can come at {times} (closed; {count} of them here: {units})",
            ),
            "explain.unavailable_also": ("{unit} 还不能参加：{times}", "{unit} also cannot come at {times}"),
            "fact.unavailable": ("不能参加 {times}", "cannot come at {times}"),
            "fact.unavailable_before": ("在 {time} 之前的时段都不能参加", "is unavailable every slot before {time}"),
            "fact.unavailable_after": ("在 {time} 之后的时段都不能参加", "is unavailable every slot after {time}"),
            "fact.unavailable_all": ("所有时段都不能参加", "cannot come at any meeting time"),
            "fact.only": ("只能在 {times} 参加", "can come only at {times}"),
            "mcheck.busy": (
                "{who} 在 {time} 不能参加，但必须参加会议“{title}”",
                "{who} is unavailable at {time} but required at '{title}'",
            ),
            "mcheck.busy_unit": (
                "{who} 在 {time} 不能参加（所属单位 {why}），但必须参加会议“{title}”",
                "{who} is unavailable at {time} (their unit {why}) but required at '{title}'",
            ),
            "explain.busy": ("{who} 不能参加的时间：{spans}", "{who} is unavailable {spans}"),
            "explain.busy_closed": ("所有人都不能参加：{spans}（休会）", "nobody can attend {spans} (closed)"),
            "mcheck.busy_closed": (
                "{who} 在 {time} 不能参加（休会：{spans}），但必须参加会议“{title}”",
                "{who} is unavailable at {time} (closed: {spans}) but required at '{title}'",
            ),
            "explain.unit_busy": (
                "{who} 不能参加的时间：{spans}（其成员 {members} 须参加：{titles}）",
                "{who} is unavailable {spans} (its members {members} are required at {titles})",
            ),
        }
    )

    # -- meeting problems -----------------------------------------------------------------------

    def restrict_sessions(self, into: SessionLimits) -> None:
        problem = into.problem
        own = _own_busy(problem)
        units = problem.members()
        hit: dict[tuple[str, int], frozenset[int]] = {}  # the starts a source's busy time touches, per length
        for i, s in enumerate(problem.sessions):
            length = s.minutes // problem.workdays.grid
            # each source once a session: the closure (or a unit) of 80 participants was joined to
            # itself 80 times (QA qashapes20 F1: 3,000 meetings, 2.5 s of a --time-limit 2 at load 8)
            for source in dict.fromkeys(src for who in s.required for src in (who, units.get(who, ""), CLOSED)):
                busy = own.get(source)
                if not busy:
                    continue
                if (source, length) not in hit:
                    hit[source, length] = frozenset(t - k for t in busy for k in range(length))
                # one set per (source, length), shared by every session of theirs
                into.forbid_starts(i, hit[source, length], Instance(self.name, source))
        for (i, who), steps in problem.declined_steps.items():  # a decline binds its own meeting alone
            length = problem.sessions[i].minutes // problem.workdays.grid
            starts = frozenset(t - k for t in steps for k in range(length))
            into.forbid_starts(i, starts, Instance(self.name, who))

    def check_plan(self, view: PlanView) -> Iterator[Violation]:
        problem = view.problem
        busy, declined = problem.busy_steps, problem.declined_steps
        for i, step in sorted(view.step.items()):
            s = problem.sessions[i]
            for who in s.required:
                steps = busy.get(who, frozenset()) | declined.get((i, who), frozenset())
                hit = [t for t in range(step, step + view.length(i)) if t in steps]
                if hit:
                    when = problem.workdays.moment(hit[0])
                    message = self._busy(problem, who, hit[0], s.title)
                    yield self.plan_violation(message, (s.title,), (when,), people=(who,))

    def _busy(self, problem: MeetingProblem, who: str, step: int, title: str) -> Message:
        """Why ``who`` cannot be at ``step``: their own busy time, else their unit's, named in the words
        the explanation names a unit's busy time with (a clerk finds nothing in the person's own row)."""
        when = problem.workdays.moment(step)
        unit = problem.members().get(who, "")
        own = [
            b
            for b in problem.busy
            if b.who == who and b.meeting in ("", title) and step in problem.workdays.span(b.start, b.end)
        ]
        closed = [
            b
            for b in problem.busy
            if b.who == CLOSED and not b.meeting and step in problem.workdays.span(b.start, b.end)
        ]
        if closed and not own:  # the office's closure, not a time the person gave (QA explain19 F4)
            spans = [format_span(b.start, b.end, problem.workdays.years) for b in closed]
            return self.TEXT("mcheck.busy_closed", who=who, time=when, spans=spans, title=title)
        of_unit = [
            b for b in problem.busy if b.who == unit and not b.meeting and step in problem.workdays.span(b.start, b.end)
        ]
        if own or not unit or not of_unit:
            return self.TEXT("mcheck.busy", who=who, time=when, title=title)
        spans = [format_span(b.start, b.end, problem.workdays.years) for b in of_unit]
        why = self.TEXT("explain.busy", who=unit, spans=spans)
        return self.TEXT("mcheck.busy_unit", who=who, time=when, why=why, title=title)

    def session_instances(self, problem: MeetingProblem) -> Iterator[Instance]:
        units = problem.members()
        needed = {source for who in problem.required_of for source in (who, units.get(who, ""), CLOSED)}
        for who in dict.fromkeys(b.who for b in problem.busy):
            if who in needed:
                yield Instance(self.name, who)

    def describe_session(self, problem: MeetingProblem, instance: Instance) -> Message:
        years = problem.workdays.years  # a day of another year says its year (QA qaembed23 F5)
        spans = [format_span(b.start, b.end, years) for b in problem.busy if b.who == instance.unit]
        if instance.unit == CLOSED:
            return self.TEXT("explain.busy_closed", spans=spans)
        members = sorted(
            p for p, unit in problem.members().items() if unit == instance.unit and p in problem.required_of
        )
        if not members:
            return self.TEXT("explain.busy", who=instance.unit, spans=spans)
        titles = list(dict.fromkeys(problem.sessions[i].title for p in members for i in problem.required_of[p]))
        return self.TEXT(
            "explain.unit_busy", who=instance.unit, spans=spans, members=_few(members), titles=_few(titles)
        )

    # -- unit problems ----------------------------------------------------------------------------

    def restrict(self, into: Restrictions) -> None:
        problem = into.problem
        for entry, slots in zip(problem.unavailable, problem.unavailable_slots(), strict=True):
            into.forbid_slots(entry.unit, slots, Instance(self.name, entry.unit))

    def check(self, view: View) -> Iterator[Violation]:
        blocked = self.blocked(view.problem)
        for unit in view.problem.units:
            for start in view.starts(unit.name) if unit.name in blocked else ():  # every listed time, once
                if start in blocked[unit.name]:
                    message = self.TEXT("check.unavailable", unit=unit.name, time=start)
                    yield self.violation(message, (unit.name,), (start,))

    def blocked(self, problem: Problem) -> dict[str, frozenset[datetime]]:
        """Each unit's times it cannot come (all its entries together; a unit's only entry as it
        is, not copied: at 5,000 units that is millions of times)."""
        out: dict[str, frozenset[datetime]] = {}
        for entry in problem.unavailable:
            found = out.get(entry.unit)
            out[entry.unit] = entry.starts if found is None else found | entry.starts
        return out

    def fixes(self, problem: Problem) -> set[str]:
        return {e.unit for e in problem.unavailable}

    # -- explanations -------------------------------------------------------------------------

    def instances(self, problem: Problem) -> Iterator[Instance]:
        for entry in problem.unavailable:
            yield Instance(self.name, entry.unit)

    def describe(self, problem: Problem, instance: Instance) -> Message:
        starts = {s for e in problem.unavailable if e.unit == instance.unit for s in e.starts}
        if all(s in starts for s in problem.calendar.slots):  # not every hour of 160 days, one by one
            return self.TEXT("explain.unavailable_all", unit=instance.unit)
        free = [s for s in problem.calendar.slots if s not in starts]
        if len(free) < len(starts):  # as an [[only]] entry says it: the few times left
            return self.TEXT("explain.only", unit=instance.unit, times=problem.calendar.describe(free))
        return self.TEXT("explain.unavailable", unit=instance.unit, times=problem.calendar.describe(starts))

    def describe_all(self, problem: Problem, instances: Sequence[Instance]) -> list[Message]:
        """A time closed for every unit (:meth:`closed`) said once, naming the units of ``instances``, then
        what each of them cannot come at besides; one line per unit when nothing is closed."""
        closed = self.closed(problem) if len(instances) > 1 else frozenset()
        if not closed:
            return super().describe_all(problem, instances)
        units = [i.unit for i in instances]
        times = problem.calendar.describe(closed)
        out = [self.TEXT("explain.closed", times=times, count=len(units), units=_few(units, NAMED))]
        blocked = self.blocked(problem)
        for unit in units:
            own = blocked.get(unit, frozenset()) - closed
            if own:
                out.append(self.TEXT("explain.unavailable_also", unit=unit, times=problem.calendar.describe(own)))
        return out

    def closed(self, problem: Problem) -> frozenset[datetime]:
        """The times every unit cannot come (a half-day closed for all: ``unit = "*"``), when there are
        two units or more; else none."""
        if len(problem.units) < 2:
            return frozenset()
        blocked = self.blocked(problem)
        if len(blocked) < len(problem.units):
            return frozenset()
        return frozenset.intersection(*blocked.values())

    def relax(self, problem: Problem, kept: set[Instance]) -> Mapping[str, Any]:
        return {"unavailable": tuple(e for e in problem.unavailable if Instance(self.name, e.unit) in kept)}

    def facts(self, problem: Problem, instances: Sequence[Instance]) -> Iterator[Fact]:
        from scheduler.rules.values.fact import Fact  # a conflict told: not every solve

        blocked = self.blocked(problem)
        for unit in dict.fromkeys(i.unit for i in instances):
            starts = blocked.get(unit, frozenset())
            yield Fact(unit, self.fact(problem, starts), blocked=frozenset(starts))

    def fact(self, problem: Problem, starts: AbstractSet[datetime]) -> Message:
        """The shortest true way to say a unit cannot come at ``starts``."""
        slots = problem.calendar.slots
        blocked = [s for s in slots if s in starts]
        free = [s for s in slots if s not in starts]
        if not free:
            return self.TEXT("fact.unavailable_all")
        k = len(blocked)
        if k and set(slots[:k]) == set(blocked):
            return self.TEXT("fact.unavailable_before", time=slots[k])
        if k and set(slots[len(slots) - k :]) == set(blocked):
            return self.TEXT("fact.unavailable_after", time=slots[len(slots) - k - 1])
        if len(free) < len(blocked):
            return self.TEXT("fact.only", times=problem.calendar.describe(free))
        return self.TEXT("fact.unavailable", times=problem.calendar.describe(blocked))


NAMED = 20
"""The most units the line of a closed time names (the story's most, too)."""


def _few(names: list[str], most: int = 5) -> list[str]:
    """At most ``most`` names, then an ellipsis: an explanation line stays a line."""
    return names if len(names) <= most else [*names[:most], "…"]


def _own_busy(problem: MeetingProblem) -> dict[str, set[int]]:
    """The clock steps each person or unit gave as busy itself (a unit's are not spread to its members)."""
    out: dict[str, set[int]] = defaultdict(set)
    for b in problem.busy:
        if not b.meeting:  # a decline of one meeting binds that meeting alone (restrict_sessions)
            out[b.who].update(problem.workdays.span(b.start, b.end))
    return dict(out)


RULE = Unavailability()
