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
    "errors": (
        "ArgumentError",
        "DeliveryError",
        "InfeasibleError",
        "InputError",
        "NoTimetableError",
        "ProblemError",
        "SchedulerError",
        "TimeLimitError",
    ),
    "conflicts.conflict": ("Conflict",),
    "solver.diagnose": ("explain",),
    "files.load": ("Loaded", "load"),
    "solver.replan": ("Changes", "apply_changes", "replan"),
    "rules.registry": ("RULES",),
    "rules.base": ("Instance", "Violation"),
    "solver.pipeline": ("solve",),
    "solver.result": ("Move", "Result", "Status"),
    "solver.deadline": ("Progress",),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = [
    "RULES",
    "Alternatives",
    "ArgumentError",
    "Calendar",
    "Changes",
    "Conflict",
    "DeliveryError",
    "InfeasibleError",
    "InputError",
    "Instance",
    "Link",
    "Loaded",
    "Meeting",
    "Move",
    "NoTimetableError",
    "Pin",
    "Problem",
    "ProblemError",
    "Progress",
    "Report",
    "Result",
    "Room",
    "SchedulerError",
    "Status",
    "TimeLimitError",
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
    from scheduler.conflicts.conflict import Conflict
    from scheduler.domain import Calendar, Link, Meeting, Pin, Problem, Room, Timetable, Unavailable, Unit
    from scheduler.errors import (
        ArgumentError,
        DeliveryError,
        InfeasibleError,
        InputError,
        NoTimetableError,
        ProblemError,
        SchedulerError,
        TimeLimitError,
    )
    from scheduler.files.load import Loaded, load
    from scheduler.rules.check import Report, validate
    from scheduler.rules.registry import RULES
    from scheduler.rules.values import Instance, Violation
    from scheduler.solver.alternatives import Alternatives, alternatives
    from scheduler.solver.deadline import Progress
    from scheduler.solver.diagnose import explain
    from scheduler.solver.pipeline import solve
    from scheduler.solver.replan import Changes, apply_changes, replan
    from scheduler.solver.result import Move, Result, Status
