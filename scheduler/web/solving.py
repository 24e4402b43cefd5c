"""Solving for the page: the library's own pipeline in the job's thread, ended by the stop button.

:func:`scheduler.solve` and :func:`scheduler.alternatives` take a cooperative
``stop`` signal (the job's event, which the stop button sets) and a ``progress``
callback (:class:`scheduler.Progress`). A stopped call returns the best
timetable found so far, as a call whose time ran out does: never worse than the
greedy one. The callback only records what it hears on the job, which the page
reads on its next look; it runs on the solver's thread and returns at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scheduler.domain import Problem
from scheduler.text.messages import Message
from scheduler.web.jobs import Job

if TYPE_CHECKING:
    from scheduler.conflicts.conflict import Conflict
    from scheduler.solver.objectives import ObjectiveName

STEPS = ("greedy", "solving", "explaining")
"""The steps the pipeline reports, each with its own words (``web.phase.<step>``)."""
CRITERIA = ("end_slots", "moved", "displacement")
"""The objectives' criteria, each with its own words (``web.criterion.<name>``)."""


def heard(job: Job) -> Any:
    """The progress callback for ``job``: the step, and the best value so far of the criterion being improved."""

    def tell(progress: Any) -> None:
        step = progress.step if progress.step in STEPS else "solving"
        news: dict[str, Any] = {"phase": Message(f"web.phase.{step}")}
        if progress.value is not None and progress.criterion in CRITERIA:
            news["best"] = Message(f"web.criterion.{progress.criterion}", value=progress.value)
        job.report(**news)

    return tell


def heard_meetings(job: Job) -> Any:
    """The progress callback of a meeting solve for ``job``: the step, and the best score so far, each
    level with the first one's bound when known ("目前最好：中 64（下界 40）、软 6219")."""

    def tell(progress: Any) -> None:
        step = progress.step if progress.step in STEPS else "solving"
        news: dict[str, Any] = {"phase": Message(f"web.phase.{step}")}
        parts = []
        for level, value in progress.score:
            name = Message(f"mshow.level.{level}")
            if level == progress.criterion and progress.bound is not None:
                parts.append(Message("mshow.level_bound", level=name, value=value, bound=progress.bound))
            else:
                parts.append(Message("web.level", level=name, value=value))
        if parts:
            news["best"] = Message("web.best_levels", levels=parts)
        job.report(**news)

    return tell


def run(
    job: Job, task: str, problem: Problem, objective: ObjectiveName, time_limit: float, count: int = 1
) -> dict[str, Any]:
    """Solve (``task`` = ``solve``) or list alternatives (``alternatives``) for ``job``.

    Returns ``{"result": Result, "alternatives": Alternatives | None, "stopped": bool}``.
    """
    import scheduler

    job.report(phase=Message("web.phase.starting"), limit=time_limit)
    if task == "alternatives":
        found = scheduler.alternatives(
            problem, objective, count=count, time_limit=time_limit, stop=job.stop_event, progress=heard(job)
        )
        return {"result": found.result, "alternatives": found, "stopped": job.stopping}
    result = scheduler.solve(problem, objective, time_limit=time_limit, stop=job.stop_event, progress=heard(job))
    return {"result": result, "alternatives": None, "stopped": job.stopping}


def stopped_lines(conflict: Conflict | None, stopped: bool, lang: str) -> list[str]:
    """An infeasible solve's explanation as ``explain`` prints it; a list the page's 停止 cut short says so,
    not that the time ran out (QA qaweb21 F8)."""
    from dataclasses import replace

    if conflict is None:
        return []
    return (replace(conflict, stopped=True) if stopped and not conflict.minimal else conflict).lines(lang)
