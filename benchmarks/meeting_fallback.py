"""The general meeting model as a second formulation for unit shapes with too many groups (issue 16).

For each shape and objective, in a fresh process each: the unit greedy's timetable (what the unit
solver returns past the cap on groups), the shape converted into a meeting problem
(:mod:`scheduler.meetings.units`: links as one session per chain, the category order fixed at the
greedy's split), the meeting solver given the time limit and, where it can take it, the greedy's
timetable as its start (``moves`` then ``early`` for ``stable``, ``early`` for ``compact``), its plan
turned back into a unit timetable and checked by the unit checker, and both scored by the unit
objective. ``--relax`` drops the links first (a relaxation: the greedy's timetable is then always a
valid start, but the answer is one of an easier problem, not of the shape). ``--replan`` (``stable``):
the meeting side's fewest-moves replanning instead
(:func:`~scheduler.meetings.replanning.replan_meetings`), from the reference timetable with its
rooms, which makes its own start (the reference kept where it still fits, the rest placed around it).

    python -m benchmarks.meeting_fallback --limit 10
    python -m benchmarks.meeting_fallback --only overlap-1000u-4r --objectives stable --relax
    python -m benchmarks.meeting_fallback --objectives stable --replan
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any

from .sweep import ROOT, environment, find, run_process

SHAPES = ("biglabel-2000u-4r", "biglabel-5000u-4r", "overlap-1000u-4r")


def child(shape_name: str, objective: str, limit: float, how: str) -> dict[str, Any]:
    """One shape and objective in this process: the greedy, then the meeting model from it
    (``how``: ``relax`` drops the links, ``replan`` replans from the reference)."""
    import scheduler
    from scheduler.domain.meetings import Placement, Plan
    from scheduler.meetings.planner import solve_meetings
    from scheduler.meetings.replanning import replan_meetings
    from scheduler.meetings.terms import Term
    from scheduler.meetings.units import category_splits, convertible, from_units, start_of, to_timetable
    from scheduler.solver.objectives import OBJECTIVES
    from scheduler.solver.pipeline import first_timetable

    from .sweep import problem_of

    problem = problem_of(find(shape_name), objective)  # compact: a new table, as the sweep's
    if how == "relax":
        problem = problem.replace(links=())
    goal = OBJECTIVES[objective]
    began, cpu = time.perf_counter(), time.process_time()
    greedy = first_timetable(problem, objective)  # type: ignore[arg-type]
    out: dict[str, Any] = {"greedy_s": time.perf_counter() - began}
    if greedy is None:
        return {**out, "status": "no greedy timetable"}
    out["greedy"] = list(goal.score(problem, greedy).values)
    splits = category_splits(problem, greedy)
    if splits is None or not convertible(problem, splits):
        return {**out, "status": "not convertible"}
    meetings = from_units(problem, splits)
    start = start_of(problem, meetings, greedy)
    out["start"] = start is not None
    terms = (Term("moves", "medium"), Term("early")) if objective == "stable" else (Term("early"),)
    if how == "replan" and problem.reference is not None:
        rows = {m.unit: m for m in problem.reference.meetings}
        published = Plan(
            tuple(
                Placement(s.title, rows[s.title].start, rows[s.title].room)
                for s in meetings.sessions
                if s.title in rows
            )
        )
        result = replan_meetings(meetings.replace(reference=published), published, time_limit=limit, workers=1)
    else:
        result = solve_meetings(meetings, terms, limit, 1, start_from=start, grace=0.0)
    out.update(status=result.status, wall=time.perf_counter() - began, cpu=time.process_time() - cpu)
    if result.plan is not None:
        timetable = to_timetable(problem, result.plan)
        out["valid"] = scheduler.validate(problem, timetable).ok
        out["meetings"] = list(goal.score(problem, timetable).values)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=list(SHAPES))
    parser.add_argument("--objectives", nargs="*", default=["stable", "compact"])
    parser.add_argument("--limit", type=float, default=10.0)
    parser.add_argument("--relax", action="store_true", help="drop the links first (a relaxation)")
    parser.add_argument("--replan", action="store_true", help="stable: the meeting side's replanning")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        shape, objective, limit, how = args.child
        print(json.dumps(child(shape, objective, float(limit), how)))
        return
    how = "relax" if args.relax else "replan" if args.replan else "start"
    print(f"limit {args.limit} s, {how}, load {os.getloadavg()}")
    print("shape  objective  greedy  meetings  valid  status  start  wall_s  cpu_s  peak_mb  process_s")
    for shape in args.only:
        for objective in args.objectives:
            command = [sys.executable, "-m", "benchmarks.meeting_fallback", "--child"]
            ran = run_process([*command, shape, objective, str(args.limit), how], args.limit, environment(ROOT))
            lines = ran["stdout"].strip().splitlines()
            found = (
                json.loads(lines[-1])
                if ran["code"] == 0 and lines
                else {"status": "killed" if ran["killed"] else "error"}
            )
            cells = [found.get(k, "") for k in ("greedy", "meetings", "valid", "status", "start")]
            cells = ["/".join(map(str, c)) if isinstance(c, list) else str(c) for c in cells]
            times = [f"{found['wall']:.2f}" if "wall" in found else "", f"{found['cpu']:.2f}" if "cpu" in found else ""]
            print(shape, objective, *cells, *times, f"{ran['peak_mb']:.0f}", f"{ran['wall']:.2f}", sep="  ", flush=True)
    print(f"load {os.getloadavg()}")


if __name__ == "__main__":
    main()
