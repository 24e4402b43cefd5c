"""docking-scheduler: build, check and share meeting timetables.

The public API, in one list (:data:`__all__`)::

    import scheduler
    loaded = scheduler.load("examples/notice_2021.csv")     # a table + the rules file beside it
    report = scheduler.validate(loaded.problem, loaded.timetable)
    result = scheduler.solve(loaded.problem, objective="compact", time_limit=10)
    result.status                                           # Status.OPTIMAL
    frame = result.to_dataframe()
    replanned = scheduler.replan(loaded.problem, scheduler.Changes(drop=("区财政局",)))
    replanned.moves()                                       # [Move(unit, before, after), ...]
    choices = scheduler.alternatives(loaded.problem, "compact", count=3)

Importing the package is cheap: each name loads its module on first use (PEP 562),
and OR-Tools loads only when a model has to be solved. Every name may be imported
in any order (``from scheduler import Loaded`` then ``scheduler.load(...)``): no
module of the package is named after a public name, so importing one never hides
another. The modules behind the names are listed once, in the ``TYPE_CHECKING``
block below (type checkers read it; :func:`__getattr__` reads it too).
"""

from __future__ import annotations

import re
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

__all__ = [
    "RULES",
    "Alternatives",
    "ArgumentError",
    "BrokenRules",
    "Calendar",
    "Changes",
    "Conflict",
    "Deadline",
    "DeliveryError",
    "InfeasibleError",
    "InputError",
    "Instance",
    "Link",
    "Loaded",
    "Meeting",
    "Message",
    "Move",
    "NoTimetableError",
    "ObjectiveName",
    "OtherFormat",
    "Pin",
    "Problem",
    "ProblemError",
    "Progress",
    "ProgressCallback",
    "Report",
    "Result",
    "Room",
    "RoomChange",
    "SchedulerError",
    "Score",
    "Status",
    "StopSignal",
    "TimeLimitError",
    "Timetable",
    "Unavailable",
    "Unit",
    "UnknownName",
    "Violation",
    "alternatives",
    "apply_changes",
    "explain",
    "load",
    "replan",
    "solve",
    "validate",
]

if TYPE_CHECKING:
    from scheduler.conflicts.conflict import Conflict, InfeasibleError
    from scheduler.domain import Calendar, Link, Meeting, Pin, Problem, Room, Timetable, Unavailable, Unit
    from scheduler.errors import (
        ArgumentError,
        BrokenRules,
        DeliveryError,
        InputError,
        NoTimetableError,
        OtherFormat,
        ProblemError,
        SchedulerError,
        TimeLimitError,
        UnknownName,
    )
    from scheduler.files.load import Loaded, load
    from scheduler.rules.check import Report, validate
    from scheduler.rules.registry import RULES
    from scheduler.rules.values import Instance, Violation
    from scheduler.solver.alternatives import Alternatives, alternatives
    from scheduler.solver.deadline import Deadline, ProgressCallback, StopSignal
    from scheduler.solver.diagnose import explain
    from scheduler.solver.objectives import ObjectiveName, Score
    from scheduler.solver.pipeline import solve
    from scheduler.solver.progress import Progress
    from scheduler.solver.replan import Changes, apply_changes, replan
    from scheduler.solver.result import Move, Result, RoomChange, Status
    from scheduler.text.messages import Message

    __version__: str

_HOMES: dict[str, str] | None = None
"""Public name -> its module, read from the ``TYPE_CHECKING`` block above on first use."""


def _homes() -> dict[str, str]:
    """The public names' modules, made whole before they are shared: threads using the package for the
    first time at once each see either nothing (and make it too) or the whole table, never a table half
    filled (one saw ``module 'scheduler' has no attribute 'load'``: QA embed16 4)."""
    global _HOMES
    if _HOMES is None:
        source = Path(__file__).read_text(encoding="utf-8")
        block = source.split("if TYPE_CHECKING:", 1)[1].split("\n\n", 1)[0]
        homes: dict[str, str] = {}
        for module, grouped, single in re.findall(r"from (scheduler[.\w]*) import (?:\(([^)]*)\)|([^\n]*))", block):
            for name in re.findall(r"\w+", grouped or single):
                homes[name] = module
        _HOMES = homes
    return _HOMES


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("docking-scheduler")
    except PackageNotFoundError:  # a checkout used without installing it
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        value: Any = _version()
    else:
        module = _homes().get(name) if name in __all__ else None
        if module is None:
            raise AttributeError(f"module 'scheduler' has no attribute {name!r}")
        value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*__all__, "__version__"])
