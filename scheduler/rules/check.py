"""Checking a timetable against every rule, with each violation named in plain words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

import scheduler.rules.values as values  # values.Violation on first use: typing.get_type_hints(Report) resolves it
from scheduler.domain import Problem, Timetable
from scheduler.errors import language, need
from scheduler.rules.base import Rule
from scheduler.rules.registry import UNIT_RULES, allows, check_rules
from scheduler.rules.values import View


@dataclass(frozen=True)
class Report:
    """The outcome of a check: no violations means the timetable satisfies every rule."""

    violations: tuple[values.Violation, ...]

    @property
    def ok(self) -> bool:
        """Whether the timetable satisfies every rule."""
        return not self.violations

    def lines(self, lang: str = "zh") -> list[str]:
        """One line per violation, in ``lang`` (``"zh"`` or ``"en"``: :func:`scheduler.errors.language`)."""
        lang = language(lang)
        return [v.text(lang) for v in self.violations]

    def rules_broken(self) -> list[str]:
        """The names of the broken rules, in checking order, each once."""
        return list(dict.fromkeys(v.rule for v in self.violations))


def validate(problem: Problem, timetable: Timetable, rules: Sequence[Rule] = UNIT_RULES) -> Report:
    """Check ``timetable`` against every rule of ``problem`` (:class:`~scheduler.errors.ArgumentError`
    if either is not one). A row naming a unit not in the problem is a violation (``each-unit-once``),
    never an error."""
    need("problem", problem, Problem)
    need("timetable", timetable, Timetable)
    check_rules(rules)
    view = View(problem, timetable, partial(allows, problem, rules=rules))
    return Report(tuple(v for rule in rules for v in rule.check(view)))
