"""docking-scheduler: build, check and share meeting timetables.

The public API::

    import scheduler
    loaded = scheduler.files.load("examples/notice_2021.csv")    # table + rules beside it
    report = scheduler.validate(loaded.problem, loaded.timetable)
    result = scheduler.solve(loaded.problem, objective="compact")
    frame = result.to_dataframe()
    replanned = scheduler.solver.replan(loaded.problem, scheduler.Changes(drop=("区财政局",)))
    choices = scheduler.solver.alternatives(loaded.problem, "compact", count=3)

Importing the package is cheap: each name loads its module on first use (PEP 562),
and OR-Tools loads only when a model has to be solved.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "solver.alternatives": ("Alternatives", "alternatives"),
    "rules.check": ("Report", "validate"),
    "domain": ("Calendar", "Link", "Meeting", "Pin", "Problem", "Room", "Timetable", "Unavailable", "Unit"),
    "errors": ("InfeasibleError", "InputError", "ProblemError", "SchedulerError"),
    "conflicts.explain": ("Conflict", "explain"),
    "files.load": ("Loaded", "load"),
    "solver.replan": ("Changes", "apply_changes", "replan"),
    "rules.base": ("RULES", "Instance", "Violation"),
    "solver.pipeline": ("Result", "solve"),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = [
    "RULES",
    "Alternatives",
    "Calendar",
    "Changes",
    "Conflict",
    "InfeasibleError",
    "InputError",
    "Instance",
    "Link",
    "Loaded",
    "Meeting",
    "Pin",
    "Problem",
    "ProblemError",
    "Report",
    "Result",
    "Room",
    "SchedulerError",
    "Timetable",
    "Unavailable",
    "Unit",
    "Violation",
    "alternatives",
    "apply_changes",
    "explain",
    "load",
    "replan",
    "solve",
    "validate",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'scheduler' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:
    from scheduler.conflicts.explain import Conflict, explain
    from scheduler.domain import Calendar, Link, Meeting, Pin, Problem, Room, Timetable, Unavailable, Unit
    from scheduler.errors import InfeasibleError, InputError, ProblemError, SchedulerError
    from scheduler.files.load import Loaded, load
    from scheduler.rules.base import RULES, Instance, Violation
    from scheduler.rules.check import Report, validate
    from scheduler.solver.alternatives import Alternatives, alternatives
    from scheduler.solver.pipeline import Result, solve
    from scheduler.solver.replan import Changes, apply_changes, replan
