"""A user's script of the public API: ``mypy --strict`` must find nothing wrong here
(tests/test_api.py runs it). It reads as an engineer would write it."""

from __future__ import annotations

import threading
from datetime import datetime

import scheduler
from scheduler import (
    Changes,
    Conflict,
    Deadline,
    InfeasibleError,
    Message,
    Move,
    ObjectiveName,
    Progress,
    ProgressCallback,
    Score,
    Status,
    StopSignal,
    Unavailable,
)


def ends(score: Score | None) -> int:
    """A helper taking a score, annotated with the public name (not scheduler.solver.objectives)."""
    return score.as_dict().get("end_slots", 0) if score is not None else 0


def clashing(problem: scheduler.Problem, limit: float | Deadline) -> list[str]:
    """The rules that clash, read from the error as docs/explanations.md reads a conflict: no cast."""
    try:
        scheduler.solve(problem, time_limit=limit).require()
    except InfeasibleError as error:
        conflict: Conflict = error.conflict
        return [*error.conflict.rules(), str(error.conflict.minimal), *conflict.lines("en")]
    return []


def solve_quietly(problem: scheduler.Problem, stop: StopSignal, heard: ProgressCallback) -> Message | None:
    try:
        scheduler.solve(problem, time_limit=10, stop=stop, progress=heard)
    except scheduler.SchedulerError as error:
        return error.message
    return None


def summary(result: scheduler.Result) -> str:
    if result.status is Status.INFEASIBLE and result.conflict is not None:
        return "\n".join(result.conflict.lines("en"))
    moved: list[Move] = result.moves()
    names = ", ".join(move.unit for move in moved)
    score = result.score.as_dict() if result.score is not None else {}
    return f"{result.status.value} proven={result.proven} moved=[{names}] {score}"


def main() -> None:
    loaded = scheduler.load("examples/notice_2021.csv")
    report: scheduler.Report = scheduler.validate(loaded.problem, loaded.timetable)
    assert report.ok, report.lines("en")
    objective: ObjectiveName = "compact"
    heard: list[Progress] = []
    stop = threading.Event()
    result = scheduler.solve(loaded.problem, objective, time_limit=10, progress=heard.append, stop=stop)
    print(summary(result), result.runtime, result.bound, ends(result.score))
    print(clashing(loaded.problem, Deadline(10)), solve_quietly(loaded.problem, stop, heard.append))
    away = Unavailable("区财政局", frozenset({datetime(2021, 9, 8, 11)}))
    replanned = scheduler.replan(loaded.problem, Changes(unavailable=(away,)), time_limit=10)
    for unit, before, after in replanned.moves():
        print(unit, before, after)
    choices = scheduler.alternatives(loaded.problem, "stable", count=2, time_limit=10)
    print(len(choices.timetables), choices.complete)
    conflict = scheduler.explain(loaded.problem, time_limit=10)
    print(conflict is None)
    try:
        frame = result.to_dataframe()
        print(len(frame))
    except InfeasibleError as error:
        print(error.text("en"))
    except scheduler.SchedulerError as error:
        print(error.text("zh"))


if __name__ == "__main__":
    main()
