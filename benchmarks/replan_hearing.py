"""Replanning the hearing whose afternoon becomes busy, at several limits (``python -m benchmarks.replan_hearing``).

The data is ``tests/data/hearing_away``: qamscale18's m100 timetable (100 meetings over five full days,
six hearings of two parts), with 郭超 busy the afternoon of 3月1日, where his hearing 听证0017's afternoon
part was. Two searches are measured, each in a fresh process per limit so its CPU seconds are its own:

* ``around``: :func:`scheduler.meetings.neighbourhood.fewest_moves` alone, from the greedy's start
  (the search around the hearing, growing by whole days; it runs to its deadline);
* ``replan``: the whole :func:`scheduler.meetings.replanning.replan_meetings` at ``time_limit``.

Each row prints the moves found (the greedy's start moved 44-46; 26 is the best known, proven with
three days free), for ``replan`` the optional-conflict steps and how far the moved meetings went in all
(hours between published and new start, summed: the ``displacement`` term times the grid), the wall and
CPU seconds and the load. These were unit tests that asserted a number
of moves within a wall time; what they reach is the CPU the machine gave them, so they are measured
here (docs/benchmarks.md, "Replanning the hearing").
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent
DATA = HERE / "tests" / "data" / "hearing_away" / "timetable.csv"
AWAY = "郭超@3月1日下午"


def _away() -> tuple[Any, Any]:
    from scheduler.files import meeting_changes
    from scheduler.files.meeting_files import load_meetings
    from scheduler.meetings.replanning import replan_terms

    loaded = load_meetings(DATA)
    parsed = meeting_changes.parse_meeting_changes(loaded, (AWAY,), (), (), ())
    changed = meeting_changes.apply_meeting_changes(loaded, parsed)
    return changed.problem, replan_terms(changed.problem, loaded.objective)


def one(kind: str, limit: float) -> dict[str, Any]:
    """Run one search here and now (the child's work): moves, validity, wall and CPU seconds."""
    from scheduler.meetings import replanning
    from scheduler.meetings.check import check_meetings
    from scheduler.meetings.neighbourhood import fewest_moves
    from scheduler.meetings.prepared import prepare

    problem, terms = _away()
    conflicts: int | None = None
    hours: float | None = None
    started, cpu = time.perf_counter(), time.process_time()
    if kind == "around":
        prep = prepare(problem)
        prefer = replanning._published_places(problem)
        start = replanning._greedy_start(prep, prefer, time.perf_counter() + limit)
        found = fewest_moves(prep, terms, prefer, time.perf_counter() + limit, hint=start[1] if start else None)
        greedy = start[0][0] if start else None
        moves = (
            None if found is None else sum(prefer.get(i) != (d, r) for i, (d, r) in enumerate(zip(*found, strict=True)))
        )
        valid = None
    else:
        result = replanning.replan_meetings(problem, problem.reference, objective=terms, time_limit=limit)
        greedy = None
        moves = None if result.plan is None else len(result.moves)
        valid = None if result.plan is None else check_meetings(problem, result.plan).ok
        if result.plan is not None:
            conflicts, hours = _far(problem, result.plan)
    return {
        "kind": kind,
        "limit": limit,
        "greedy": greedy,
        "moves": moves,
        "valid": valid,
        "conflicts": conflicts,
        "hours": hours,
        "wall": round(time.perf_counter() - started, 2),
        "cpu": round(time.process_time() - cpu, 2),
    }


def _far(problem: Any, plan: Any) -> tuple[int, float]:
    """The optional-conflict steps of ``plan`` and its total displacement in hours (the ``displacement``
    term's grid steps, :func:`scheduler.meetings.published.displacement`, times the grid)."""
    from scheduler.meetings.measure import measure
    from scheduler.meetings.prepared import prepare

    prep = prepare(problem)
    by = plan.by_title()
    days = problem.workdays
    starts = [days.step(by[s.title].start) for s in problem.sessions]
    rooms = [by[s.title].room for s in problem.sessions]
    values = measure(prep, starts, rooms, names={"optional-conflicts", "displacement"})
    return values["optional-conflicts"], round(values["displacement"] * days.grid / 60, 1)


def run(kind: str, limit: float) -> dict[str, Any]:
    """One search in a fresh process; its JSON line, with the load when it ended."""
    args = [sys.executable, "-m", "benchmarks.replan_hearing", "--child", kind, str(limit)]
    done = subprocess.run(args, cwd=HERE, capture_output=True, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    row: dict[str, Any] = json.loads(lines[-1]) if done.returncode == 0 and lines else {"kind": kind, "limit": limit}
    if done.returncode != 0:
        row["error"] = (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]
    row["load"] = round(os.getloadavg()[0], 1)
    return row


def main(argv: list[str] | None = None) -> int:
    """Print one line per (search, limit, repeat)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limits", type=float, nargs="+", default=[5.0, 10.0, 30.0])
    parser.add_argument("--kinds", nargs="+", choices=("around", "replan"), default=["around", "replan"])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "LIMIT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(one(args.child[0], float(args.child[1]))))
        return 0
    print(
        f"{'search':8} {'limit':>6} {'greedy':>6} {'moves':>6} {'valid':>6} {'opt':>5} {'hours':>7}"
        f" {'wall':>7} {'cpu':>7} {'load':>5}"
    )
    for _ in range(args.repeats):
        for limit in args.limits:
            for kind in args.kinds:
                r = run(kind, limit)
                if "error" in r:
                    print(f"{kind:8} {limit:>6} error: {r['error']}")
                    continue
                cells = (
                    r["greedy"] or "-",
                    r["moves"],
                    r["valid"] or "-",
                    "-" if r["conflicts"] is None else r["conflicts"],
                    "-" if r["hours"] is None else r["hours"],
                    r["wall"],
                    r["cpu"],
                    r["load"],
                )
                widths = (6, 6, 6, 5, 7, 7, 7, 5)
                print(f"{kind:8} {limit:>6} " + " ".join(f"{c!s:>{w}}" for c, w in zip(cells, widths, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
