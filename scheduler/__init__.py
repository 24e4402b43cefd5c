"""docking-scheduler: build, check and share meeting timetables.

The public API::

    import scheduler
    loaded = scheduler.load("examples/notice_2021.csv")    # table + rules beside it
    report = scheduler.validate(loaded.problem, loaded.timetable)
    result = scheduler.solve(loaded.problem, objective="compact")
    frame = result.to_dataframe()
    replanned = scheduler.replan(loaded.problem, scheduler.Changes(drop=("区财政局",)))
    choices = scheduler.alternatives(loaded.problem, "compact", count=3)

Importing the package is cheap: OR-Tools loads on the first solve.
"""

from .alternatives import Alternatives, alternatives
from .checker import Report, validate
from .domain import Calendar, Link, Meeting, Pin, Problem, Room, Timetable, Unavailable, Unit
from .errors import InfeasibleError, InputError, ProblemError, SchedulerError
from .explain import Conflict, explain
from .load import Loaded, load
from .replan import Changes, apply_changes, replan
from .rules import RULES, Instance, Violation
from .solver import Result, solve

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
