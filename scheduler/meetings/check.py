"""Checking a meeting timetable: every rule's own check, in the user's words, and every objective term.

The rules are those of the one registry (:mod:`scheduler.rules.registry`); each says what a
timetable breaks (its ``check_plan`` hook), naming the meetings, the people, the rooms and the
times. The solver's model posts the same rules (``post_intervals``); the property tests hold the
two together on small problems by brute force.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from scheduler.domain.meetings import MeetingProblem, Placement, Plan
from scheduler.errors import language
from scheduler.meetings.arguments import check_objective, check_plan, check_problem
from scheduler.meetings.measure import levels, measure, person_counts
from scheduler.meetings.prepared import prepare
from scheduler.meetings.terms import DEFAULT, PER_PERSON, Term, scopes
from scheduler.rules.base import Rule
from scheduler.rules.registry import RULES, check_rules
from scheduler.rules.values import PlanView, Violation


@dataclass(frozen=True)
class MeetingReport:
    """What the checker found: violations (empty: every rule holds) and, when the timetable is
    complete, each objective term's value and each level's weighted penalty."""

    violations: tuple[Violation, ...]
    terms: dict[str, int] = field(default_factory=dict)
    score: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether the timetable keeps every rule."""
        return not self.violations

    def lines(self, lang: str = "zh") -> list[str]:
        """One line per violation, in ``lang`` (``"zh"`` or ``"en"``: :func:`scheduler.errors.language`)."""
        lang = language(lang)
        return [v.text(lang) for v in self.violations]

    def rules_broken(self) -> list[str]:
        """The names of the broken rules, in checking order, each once."""
        return list(dict.fromkeys(v.rule for v in self.violations))


def check_meetings(
    problem: MeetingProblem, plan: Plan, objective: tuple[Term, ...] = DEFAULT, rules: Sequence[Rule] = RULES
) -> MeetingReport:
    """Every rule ``plan`` breaks, and its score when every session is placed inside working time
    (:class:`~scheduler.errors.ArgumentError` for a problem, a plan or an objective of another kind)."""
    check_problem(problem)
    check_plan("plan", plan)
    check_objective(objective, problem)
    check_rules(rules)
    view = PlanView(problem, plan)
    found = tuple(_found(view, rules))
    n = len(problem.sessions)
    days = problem.workdays
    complete = len(view.step) == n and len(view.room) == n and not view.twice
    if complete and all(days.working(t) is not None for t in view.step.values()):
        prep = prepare(problem, rules=rules)
        starts = [view.step[i] for i in range(n)]
        rooms = [view.room[i] for i in range(n)]
        values = measure(prep, starts, rooms, only=scopes(objective))
        return MeetingReport(found, values, levels(objective, values))
    return MeetingReport(found)


def person_tally(
    problem: MeetingProblem, plan: Plan, objective: Sequence[Term], rules: Sequence[Rule] = RULES
) -> dict[str, list[tuple[str, int]]]:
    """Per per-person term ``objective`` weighs (``participant-days``, ``idle``), the people it counts
    who add to it, most first (then by name): the families who come on two evenings, the longest
    waits (QA jobs17 F10). Empty when a meeting is unplaced or outside working time (no score)."""
    weighed = [t for t in objective if t.name in PER_PERSON]
    if not weighed:  # (no preparing of a large problem for nothing)
        return {}
    view = PlanView(problem, plan)
    n = len(problem.sessions)
    days = problem.workdays
    if len(view.step) != n or view.twice or any(days.working(t) is None for t in view.step.values()):
        return {}
    prep = prepare(problem, rules=rules)
    starts = [view.step[i] for i in range(n)]
    found = {}
    for term in weighed:
        counts = person_counts(prep, starts, term.name, term.who)
        found[term.name] = sorted(((p, k) for p, k in counts.items() if k), key=lambda pk: (-pk[1], pk[0]))
    return found


def keeps_rules(problem: MeetingProblem, plan: Plan, rules: Sequence[Rule] = RULES) -> bool:
    """Whether ``plan`` keeps every rule: the checker's verdict alone, stopping at the first violation,
    with no score measured (the solver asks it of every timetable it may return)."""
    return next(_found(PlanView(problem, plan), rules), None) is None


def _found(view: PlanView, rules: Sequence[Rule]) -> Iterator[Violation]:
    """Each rule's violations, lazily: the grid rule judges the plan as given, the others each
    session at its actual time (an off-grid start hides nothing else). A meeting placed more than
    once is judged at each of its placements (:meth:`PlanView.copies`; a fault they share told once)."""
    views = [(v, v.at_actual_times()) for v in view.copies()]
    for rule in rules:
        told: list[Violation] = []
        for grid, actual in views:
            for found in rule.check_plan(grid if rule.judges_grid else actual):
                if len(views) == 1 or found not in told:
                    told.append(found)
                    yield found


def packs(problem: MeetingProblem, until: float | None = None) -> bool:
    """Whether the greedy ``solve_meetings`` falls back on (:func:`~scheduler.meetings.greedy.packed`,
    every rule) finds a timetable the checker passes: then one exists, with no model built.
    ``until`` (``time.perf_counter()``): its rounds and passes stop there, a pass under way too
    (then ``False``)."""
    from scheduler.meetings.greedy import packed

    prep = prepare(problem)
    if any(not s for s in prep.starts) or any(not c for c in prep.eligible):
        return False
    found = packed(prep, until, cut=until is not None)
    return found is not None and keeps_rules(problem, plan_of(problem, *found))


def plan_of(problem: MeetingProblem, starts: list[int], rooms: list[str]) -> Plan:
    """The plan of clock steps and rooms, one per session."""
    days = problem.workdays
    return Plan(tuple(Placement(s.title, days.moment(starts[i]), rooms[i]) for i, s in enumerate(problem.sessions)))
