"""Replanning and explanations of meeting problems on the Timefold demo (24 meetings), timed in one run.

``python -m benchmarks.meetings_extras [--limit 10]``:

1. the demo solved with the default objective (the published timetable);
2. the first meeting's first required person made busy for the hour it is held, and
   ``replan_meetings`` asked for the timetable moving the fewest meetings: how many it moved, its
   score and bound (the medium bound over the moves' weight proves how few moves are possible);
3. the busiest required person made busy from 10:00 of the first day to the end of the last, so no
   timetable exists, and ``explain_meetings`` asked why: its time and the instances it names.

Figures are whole calls of the library in this process (no CLI: the command line does not read
meeting tables yet); the load average is printed, as other work shares the machine.
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import datetime, timedelta

from benchmarks.timefold_ours import problem_of
from benchmarks.timefold_recipe import suite
from scheduler.domain.meetings import Busy
from scheduler.meetings.diagnose import explain_meetings
from scheduler.meetings.planner import solve_meetings
from scheduler.meetings.replanning import MeetingChanges, replan_meetings
from scheduler.meetings.terms import DEFAULT


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=float, default=10.0, help="seconds for each call")
    args = parser.parse_args(argv)
    print(f"# load average at start: {os.getloadavg()[0]:.2f}")
    problem = problem_of(next(i for i in suite() if i.name == "demo"))

    began = time.perf_counter()
    first = solve_meetings(problem, DEFAULT, args.limit)
    print(f"solve: {first.status} in {time.perf_counter() - began:.2f} s, score {first.score}, bound {first.bound}")
    assert first.plan is not None

    placed = first.plan.placements[0]
    assert placed.start is not None
    who = problem.session(placed.title).required[0]
    change = MeetingChanges(busy=(Busy(who, placed.start, placed.start + timedelta(hours=1)),))
    began = time.perf_counter()
    again = replan_meetings(problem, first.plan, change, time_limit=args.limit)
    print(
        f"replan ({who} busy at {placed.start:%m-%d %H:%M}): {again.status} in {time.perf_counter() - began:.2f} s,"
        f" moved {again.terms.get('moves')} {[m.title for m in again.moves]}, score {again.score},"
        f" bound {again.bound}"
    )

    busiest = max(
        problem.required_of, key=lambda w: sum(problem.length(problem.sessions[i]) for i in problem.required_of[w])
    )
    days = problem.workdays.days
    busy = Busy(busiest, datetime.combine(days[0], datetime.min.time()).replace(hour=10),
                datetime.combine(days[-1], datetime.min.time()).replace(hour=23))  # fmt: skip
    began = time.perf_counter()
    conflict = explain_meetings(problem.replace(busy=(busy,)), args.limit)
    print(f"explain ({busiest} busy from day one 10:00): {time.perf_counter() - began:.2f} s")
    print(conflict.text("en") if conflict is not None else "no conflict")
    print(f"# load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
