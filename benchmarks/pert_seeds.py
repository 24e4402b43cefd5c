"""``stable`` over many draws of the pert shape (``python -m benchmarks.pert_seeds``), one room.

Each draw of :mod:`benchmarks.perturbed` (one room of one, as many meeting times as units, 15
categories, chains of links, pins, then a share ``broken`` of the unpinned units made unavailable at
their own planted half-day; pins and chain attempts scaled to the units: 300 at 2,000) is solved
by ``scheduler.solve(problem, "stable", time_limit=LIMIT)`` in a fresh process, which prints one
JSON line: status, wall and CPU seconds (every thread), peak memory, the seconds to the first
timetable heard (the progress callback), score, bound. ``--base DIR`` runs the same draw with the
checkout in ``DIR`` first, then this one, draw by draw (alternated: the machine's load falls on
both alike). A small ``broken`` gives draws with timetables, 0.2 (the sweep's) mostly draws
without. docs/benchmarks.md, "Twenty-second session, issue 16".
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent


def one(units: int, seed: int, broken: float, limit: float) -> dict[str, Any]:
    """Solve one draw here and now (the child process's work)."""
    import scheduler
    from benchmarks.perturbed import Perturbed, build

    scaled = units * 300 // 2000
    shape = Perturbed(f"pert-{units}u-1r", units, chains=scaled, pins=scaled, broken=broken, seed=seed)
    problem = build(shape, "stable")
    heard: list[float] = []

    def hear(progress: Any) -> None:
        if progress.value is not None:
            heard.append(progress.elapsed)

    started, cpu = time.perf_counter(), time.process_time()
    result = scheduler.solve(problem, "stable", time_limit=limit, progress=hear)
    return {
        "status": str(result.status),
        "wall": round(time.perf_counter() - started, 2),
        "cpu": round(time.process_time() - cpu, 2),
        "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "first": round(heard[0], 2) if heard else None,
        "score": list(result.score.values) if result.score else None,
        "bound": list(result.bound.values) if result.bound else None,
        "reason": reason_of(result),
    }


def reason_of(result: Any) -> str | None:
    """What a result without a timetable says: ``None`` with a timetable; ``bare`` when it carries no
    explanation at all; else the kind (``matching``, ``counting``, ``minimal``, ``partial``: proven;
    ``list``: rules that may clash, unproven), or the key of the sentence said instead of a list."""
    if result.timetable is not None:
        return None
    conflict = result.conflict
    if conflict is None:
        return "bare"
    count = getattr(conflict, "count", None)
    if conflict.instances and getattr(count, "key", "") == "why.hall":
        return "matching"
    if conflict.too_many or count is not None:
        return "counting"
    if not conflict.instances:
        said = conflict.unsettled
        return said.key.removeprefix("why.") if said is not None else "undecided"
    if not conflict.proven:
        return "list"
    return "minimal" if conflict.minimal else "partial"


def run(code: Path, units: int, seed: int, broken: float, limit: float) -> dict[str, Any]:
    """One draw in a fresh process on the checkout ``code`` (its ``scheduler`` and ``benchmarks``)."""
    args = [sys.executable, "-c", _CHILD, str(HERE), str(units), str(seed), str(broken), str(limit)]
    done = subprocess.run(args, cwd=code, capture_output=True, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    found: dict[str, Any] = json.loads(lines[-1]) if done.returncode == 0 and lines else {"status": "error"}
    return found


_CHILD = """
import importlib.util, json, sys
sys.path.insert(0, '.')
spec = importlib.util.spec_from_file_location('pert_seeds', sys.argv[1] + '/benchmarks/pert_seeds.py')
here = importlib.util.module_from_spec(spec)
spec.loader.exec_module(here)
print(json.dumps(here.one(int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]))))
"""
"""The child: the checkout's own ``scheduler`` and ``benchmarks.perturbed`` (the cwd), this module
read from this tree by its path (an older checkout has none)."""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, nargs="+", default=[1000, 2000])
    parser.add_argument("--broken", type=float, nargs="+", default=[0.2, 0.02])
    parser.add_argument("--seeds", type=int, nargs="+", default=list(range(5)))
    parser.add_argument("--limit", type=float, default=20.0)
    parser.add_argument("--base", type=Path, help="a checkout run first on each draw (alternated)")
    options = parser.parse_args(argv)
    builds = [("base", options.base), ("this", HERE)] if options.base else [("this", HERE)]
    print("| units | broken | seed | build | load | status | wall s | CPU s | MB | first s | score | bound | reason |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    done: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in builds}
    for units in options.units:
        for broken in options.broken:
            for seed in options.seeds:
                for name, code in builds:
                    load = os.getloadavg()[0]
                    r = run(code, units, seed, broken, options.limit)
                    done[name].append({**r, "load": load})
                    cells = [units, broken, seed, name, f"{load:.1f}", r["status"]]
                    cells += [r.get(k) for k in ("wall", "cpu", "mb", "first", "score", "bound", "reason")]
                    print("| " + " | ".join("-" if c is None else str(c) for c in cells) + " |", flush=True)
    print()
    print(summary(done, options.limit))


def summary(done: dict[str, list[dict[str, Any]]], limit: float) -> str:
    """One row per build: the runs past T + 1, wall (median, max), CPU and memory at most, the answers,
    and the answers without a timetable by what they say (:func:`reason_of`)."""
    lines = [
        "| T | build | load | past T + 1 | wall: median, max | CPU max | MB max | infeasible / feasible / unknown |"
        " no timetable: what it says |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, runs in done.items():
        ok = [r for r in runs if "wall" in r]
        if not ok:
            continue
        walls = sorted(r["wall"] for r in ok)
        statuses = [r["status"].lower().rpartition(".")[2] for r in ok]
        counts = " / ".join(str(statuses.count(s)) for s in ("infeasible", "feasible", "unknown"))
        reasons: dict[str, int] = {}
        for r in ok:
            if r.get("reason"):
                reasons[r["reason"]] = reasons.get(r["reason"], 0) + 1
        said = ", ".join(f"{k} {v}" for k, v in sorted(reasons.items()))
        loads = [r["load"] for r in runs]
        cells = [
            f"{limit:g}",
            name,
            f"{min(loads):.1f}-{max(loads):.1f}",
            str(sum(w > limit + 1 for w in walls)),
            f"{walls[len(walls) // 2]}, {walls[-1]}",
            str(max(r["cpu"] for r in ok)),
            str(max(r["mb"] for r in ok)),
            counts + (f" (+{len(runs) - len(ok)} errors)" if len(ok) < len(runs) else ""),
            said or "-",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
