"""A user's script of the public API: ``mypy --strict`` must find nothing wrong here
(tests/test_api.py runs it). It reads as an engineer would write it."""

from __future__ import annotations

import threading
from datetime import datetime

import scheduler
from scheduler import Changes, InfeasibleError, Move, ObjectiveName, Progress, Status, Unavailable


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
    print(summary(result), result.runtime, result.bound)
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
