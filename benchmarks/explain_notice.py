"""How long explanations, replanning and alternatives take on the 2021 notice (issue 5).

Target: explaining a notice-sized conflict takes seconds, not minutes (< 10 s
each here, on 2 shared cores). Each figure is the median of 3 runs in this
process, and is also shown as a ratio to one CP-SAT solve of the notice's
compact model measured in the same run (the greedy alone proves the plain
notice, too fast to be a unit), which is steadier across machines than seconds.

Run: make bench-explain
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import scheduler
from scheduler.domain import Pin, Unavailable
from scheduler.solver.alternatives import alternatives
from scheduler.solver.deadline import default_workers
from scheduler.solver.model import ModelBuilder
from scheduler.solver.objectives import OBJECTIVES
from scheduler.solver.replan import Changes, replan
from scheduler.solver.stages import minimize

TARGET_SECONDS = 10.0
NOTICE = Path(__file__).resolve().parent.parent / "examples" / "notice_2021.csv"


def median_time(job: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        job()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    problem = scheduler.load(NOTICE).problem
    slots = problem.calendar.slots

    def at(day: int, hour: int) -> datetime:
        return datetime(2021, 9, day, hour)

    conflicts = {
        "issue example (unavailable before 9/9 15:00 + pin)": problem.replace(
            unavailable=(Unavailable("区财政局", frozenset(s for s in slots if s < at(9, 15))),),
            pins=(Pin("红旗路街道办事处", at(9, 8)),),
        ),
        "镇办 pinned at 9/8 10:00 (crowding, link)": problem.replace(pins=(Pin("红旗路街道办事处", at(8, 10)),)),
        "部门 available only at 9/10 15:00": problem.replace(
            unavailable=(Unavailable("区财政局", frozenset(s for s in slots if s != at(10, 15))),),
        ),
        "link off the end of the day": problem.replace(pins=(Pin("区自然资源局", at(8, 18)),)),
    }

    def model_solve() -> None:
        model = ModelBuilder(problem)
        (stage,) = OBJECTIVES["compact"].stages(model)
        minimize(model.cp, stage)
        model.cp.solve(60, default_workers())

    base = median_time(model_solve)
    print(f"CP-SAT solve of the notice's compact model, the unit of the ratios: {base:.3f} s")
    worst = 0.0
    for name, case in conflicts.items():
        seconds = median_time(lambda case=case: scheduler.explain(case))
        conflict = scheduler.explain(case)
        size = len(conflict.instances) if conflict else 0
        worst = max(worst, seconds)
        print(f"explain {name}: {seconds:.3f} s = {seconds / base:.1f}x solve; {size} rule instances")
    away = Changes(unavailable=(Unavailable("区财政局", frozenset({at(8, 11)})),))
    seconds = median_time(lambda: replan(problem, away))
    print(f"replan 区财政局 away at 9/8 11:00: {seconds:.3f} s = {seconds / base:.1f}x solve")
    seconds = median_time(lambda: alternatives(problem, "compact", count=5), runs=1)
    print(f"solve --alternatives 5 (compact): {seconds:.3f} s = {seconds / base:.1f}x solve")
    verdict = "PASS" if worst < TARGET_SECONDS else "FAIL"
    print(f"{verdict}: slowest explanation {worst:.2f} s (target < {TARGET_SECONDS:.0f} s)")


if __name__ == "__main__":
    main()
