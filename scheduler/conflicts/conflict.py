"""What a conflict is: rule instances that cannot all hold, and how it is told.

:class:`Conflict` is what :func:`scheduler.explain` returns and what a result
carries when nothing fits. It asks the rules for everything it says (their titles,
their instances in words, their stories: :mod:`scheduler.conflicts.story`), so it
never branches on a rule's name. Finding a minimal conflict needs the solver:
:mod:`scheduler.solver.diagnose` for unit tables, :mod:`scheduler.meetings.diagnose` for
meeting problems (the same class: a meeting problem's instances are told by the rules'
``describe_session`` and titled by their ``meeting_title``; the unit story of
:mod:`scheduler.conflicts.story` is about units and is left out).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import scheduler.domain as domain
from scheduler.conflicts.story import MOST, names, sentences
from scheduler.domain import Problem
from scheduler.errors import NoTimetableError, language
from scheduler.rules.registry import by_rule, named_instances, relaxed, rule
from scheduler.rules.values import Instance
from scheduler.text.messages import Message, render

if TYPE_CHECKING:
    import scheduler.domain.meetings  # noqa: F401  (domain.meetings below, for mypy)


@dataclass(frozen=True, repr=False)
class Conflict:
    """Rule instances that cannot all hold.

    ``minimal``: dropping any one of them leaves a problem with a timetable (false
    when the search ran out of time). ``too_many``: no instance is to blame, the
    units simply do not fit: they form at least ``groups`` groups (only units of one
    parallel group share a room), so they need ``needed`` meeting times at least
    with every room busy (or, when ``per_slot`` is given, since a meeting time receives
    at most ``per_slot`` of them); ``instances`` is then empty. For a meeting problem,
    ``shortfall`` says why they do not fit (the meetings' lengths against the
    working periods, or against the rooms' working time).

    ``count``: the instances cannot hold together *by counting*, and this sentence gives the
    figures (the categories' meeting times against the times there are; the earlier categories
    before a unit's last free time). Proven at once, without a search; ``counted`` are the
    instances the count rests on en bloc (every unit's place in the order), told as one line, and
    the list is not shrunk (``minimal`` is false: dropping one of them may not be enough).
    """

    problem: Problem | domain.meetings.MeetingProblem
    """A unit problem or a meeting problem (named through :mod:`scheduler.domain`, which imports its
    ``meetings`` on first use: a unit table's commands start without the meetings' model)."""
    instances: tuple[Instance, ...]
    minimal: bool = True
    too_many: bool = False
    needed: int = 0
    groups: int = 0
    proven: bool = True
    """Whether these instances are known to have no timetable together (false: the time ran out
    before even that was settled; the list is then where the search had got to, said as such)."""
    shortfall: Message | None = None
    too_large: bool = False
    """Not ``minimal`` only because a question's model was refused as too large to build (not
    because the time ran out): the list may not be the smallest, said as such."""
    unasked: bool = False
    """Not ``minimal`` only because no time was left to ask whether fewer would do, about a clash
    arithmetic proved (a pin on a time its unit cannot come: each instance needed for that reason),
    said as such, not as the solver running out of time (QA qashapes20 F5)."""
    stopped: bool = False
    """Not ``minimal`` because the search was stopped (the web page's 停止) while it shortened the list:
    said as a stop, not as the time running out (QA qaweb21 F8)."""
    per_slot: int = 0
    """With ``too_many``: the most units a meeting time receives, when that (not the groups) gives
    ``needed``; 0 otherwise."""
    count: Message | None = None
    """The count that proves the instances cannot all hold, in one sentence, told before the list
    (``None``: not counted): a unit table's categories' own meeting times, a meeting participant's
    meetings longer than the time left them, meetings longer than the rooms they may use."""
    counted: tuple[Instance, ...] = ()
    """Of :attr:`instances`, those the count rests on en bloc, told in one line per rule."""
    fewest: bool = False
    """With :attr:`count`: without any one of the instances the count no longer shows the clash
    (irreducible for the count, not asked of the solver; a matching's Hall set,
    :mod:`scheduler.solver.hall`), said as such in the list's header."""
    unsettled: Message | None = None
    """With not :attr:`proven`: why nothing was settled when it was not the time running out (the model
    that would settle it takes longer to build than the limit leaves), said instead of the time-out's
    words (``None``: the time ran out). With no :attr:`instances` and :attr:`proven`: why no rules are
    listed though no timetable exists (none narrowed in the time: every rule of the table is no list)."""

    def lines(self, lang: str = "zh") -> list[str]:
        """The clash: what goes wrong in a few sentences, then one line per rule instance."""
        lang = language(lang)
        why = self.reason()
        if why is not None:
            return [render(Message("infeasible.header"), lang), f"- {render(why, lang)}"]
        if not self.instances and not self.too_many and (self.unsettled is not None or not self.proven):
            return [render(self.unsettled or Message("why.undecided"), lang)]  # nothing narrowed, or settled
        if self.count is not None and isinstance(self.problem, Problem):  # (a meeting problem's: below)
            return self._counted_lines(lang)
        told = (
            [f"  {line}" for line in sentences(self.problem, self.instances, lang)]
            if isinstance(self.problem, Problem)
            else []
        )
        told += [f"  {render(self.count, lang)}"] if self.count is not None else []
        # "because:" only with sentences under it; else the list says it (no dangling 原因：)
        header = "why.unproven_header" if not self.proven else "why.header" if told else "why.header_plain"
        said = self.unsettled if not self.proven and self.unsettled is not None else Message(header)
        out = [render(said, lang), *told]
        listed = (
            "why.list"
            if self.minimal
            else "why.list_too_large"
            if self.too_large
            else "why.list_unasked"
            if self.unasked
            else "why.list_stopped"
            if self.stopped
            else "why.list_not_minimal"
        )
        out.append(render(Message(listed if self.proven else "why.list_unproven"), lang))
        # A minimal list is told whole (every line is part of the clash); one the time cut short
        # may be every rule of the table, so its first few stand for it.
        shown = self.instances if self.minimal and self.proven else self.instances[:MOST]
        out += self._listed(shown, lang)
        if len(shown) < len(self.instances):
            out.append(f"- {render(Message('why.more_rules', more=len(self.instances) - len(shown)), lang)}")
        return out

    def _counted_lines(self, lang: str) -> list[str]:
        """A clash proven by counting: the story of the instances of its own, the count, then the
        list, the instances the count rests on told en bloc (one line per rule)."""
        assert isinstance(self.problem, Problem) and self.count is not None
        bulk = set(self.counted)
        own = [instance for instance in self.instances if instance not in bulk]
        out = [render(Message("why.header"), lang)]
        if len(own) <= MOST or not bulk:  # (a large Hall set's hundreds of rules: the count says it)
            out += [f"  {line}" for line in sentences(self.problem, own, lang)]
        header = (
            "why.list"
            if self.minimal
            else "why.list_counted_fewest"
            if self.fewest
            else "why.list_unasked"
            if self.unasked
            else "why.list_counted"
        )
        out += [f"  {render(self.count, lang)}", render(Message(header), lang)]
        out += self._listed(own[:MOST], lang)  # a Hall set's cause rules, not yet shrunk, may be hundreds
        if len(own) > MOST:
            out.append(f"- {render(Message('why.more_rules', more=len(own) - MOST), lang)}")
        for named, group in by_rule(self.counted):
            listed = names([i.unit for i in group], lang)
            units = render(Message("why.counted_units", count=len(group), units=listed), lang)
            out.append(f"- {units}  [{named.name}: {render(named.title, lang)}]")
        return out

    def _listed(self, shown: Sequence[Instance], lang: str) -> list[str]:
        """The list's lines for ``shown``: a unit problem's told by each rule for its instances together
        (:meth:`~scheduler.rules.base.Rule.describe_all`: what several share said once), rule by rule
        (the report's order); a meeting problem's one per instance."""
        if not isinstance(self.problem, Problem):
            return [self._line(instance.rule, *self.told(instance), lang) for instance in shown]
        problem = self.problem
        return [
            self._line(named.name, said, named.title, lang)
            for named, own in by_rule(shown)
            for said in named.describe_all(problem, own)
        ]

    @staticmethod
    def _line(name: str, said: Message, title: Message, lang: str) -> str:
        return f"- {render(said, lang)}  [{name}: {render(title, lang)}]"

    def told(self, instance: Instance) -> tuple[Message, Message]:
        """What ``instance`` (one of :attr:`instances`) demands, in the user's terms, and its rule's title
        (a meeting problem's wording where the rule has one): each line of the list :meth:`lines` says."""
        named = rule(instance.rule)
        if not isinstance(self.problem, Problem):  # a meeting problem
            return named.describe_session(self.problem, instance), named.meeting_title
        return named.describe(self.problem, instance), named.title

    def reason(self) -> Message | None:
        """Why the units (or meetings) do not fit when no instance is to blame (:attr:`too_many`), else None."""
        if not self.too_many:
            return None
        return self.shortfall if self.shortfall is not None else self._too_many()

    def _too_many(self) -> Message:
        """Why the units do not fit, in the office's terms: what limits how many meet at once.

        Decision: "84 slots needed, only 80 slots x 2 rooms" read as a contradiction (160 places);
        the sentence says what the count is made of: the groups the parallel groups allow, the
        groups the rooms receive at once, the meeting times that takes and the times there are.
        """
        problem = self.problem
        assert isinstance(problem, Problem)
        calendar = problem.calendar
        counts = dict(
            units=len(problem.units),
            groups=self.groups,
            rooms=len(problem.rooms),
            capacity=problem.max_capacity,
            needed=self.needed,
            slots=len(calendar),
            days=len(calendar.days),
            hours=len(calendar.hours),
        )
        if self.needed > len(calendar):
            key = "infeasible.too_many" if problem.max_capacity > 1 else "infeasible.too_many_alone"
            if self.per_slot:
                key = "infeasible.too_many_seats"
            return Message(key, **counts, per_slot=self.per_slot)
        return Message("infeasible.no_seating", **counts)  # a bound short of the truth: say it plainly

    def text(self, lang: str = "zh") -> str:
        """:meth:`lines`, joined."""
        return "\n".join(self.lines(lang))

    def rules(self) -> list[str]:
        """The names of the rules in conflict."""
        return list(dict.fromkeys(i.rule for i in self.instances))

    def __repr__(self) -> str:
        """Short, for a REPL or a log line: the rules, how many instances, whether proven and minimal;
        not the whole problem (``text(lang)`` says the conflict in full)."""
        return (
            f"Conflict(rules={self.rules()}, instances={len(self.instances)}, proven={self.proven}, "
            f"minimal={self.minimal}, too_many={self.too_many})"
        )


def instances(problem: Problem) -> list[Instance]:
    """Every instance of the rules that can be named in an explanation, in report order."""
    return named_instances(problem)


def relax(problem: Problem, keep: Sequence[Instance]) -> Problem:
    """The problem with only the ``keep`` instances of the nameable rules (each rule says how
    its instances are dropped: a unit whose category-order instance goes stands outside the order)."""
    return relaxed(problem, keep)


class InfeasibleError(NoTimetableError):
    """No timetable satisfies the rules; ``conflict`` (a :class:`Conflict`: ``rules()``, ``minimal``,
    ``lines(lang)``...) names the rule instances that clash.

    One of the error tree of :mod:`scheduler.errors`, defined here beside what it carries, so that
    ``error.conflict`` is typed as a :class:`Conflict` (the errors sit below the rules and cannot
    name it: before, it was a protocol of ``lines`` and ``text`` only, and ``error.conflict.rules()``
    needed a cast under ``mypy --strict``)."""

    def __init__(self, conflict: Conflict) -> None:
        self.conflict = conflict
        super().__init__(Message("infeasible.header"))

    def text(self, lang: str = "zh") -> str:
        """The conflict in ``lang``: the rule instances that cannot hold together (:meth:`Conflict.text`)."""
        return self.conflict.text(lang)
