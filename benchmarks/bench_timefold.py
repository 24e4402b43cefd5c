"""Ours against Timefold's meeting-scheduling quickstart, side by side in one run (``make bench-timefold``).

Instances: the quickstart's demo data and the same recipe at 50, 100, 200 and 400 meetings
(``benchmarks/timefold_recipe.py``). Each is solved by Timefold (``benchmarks/timefold_peer.py``, in
its own environment with a JDK) and by ours, with the same time limit (10 s and 60 s by default), and
both answers are scored by one scorer (``benchmarks/timefold_score.py``) that computes the
quickstart's hard/medium/soft score exactly. Ours also reports its bound: the best score any
timetable can have, as far as it proved. Timefold's time limit counts its solving only (its JVM
start and model building come on top and are shown); ours counts the whole call.

The table goes to stdout and a CSV to ``benchmarks/results/bench-timefold.csv``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.timefold_recipe import Instance, suite
from benchmarks.timefold_score import Score, score

Answer = dict[str, object]


def timefold(instance: Instance, seconds: float, python: str) -> Answer:
    """Run the peer in its own process; whole-process wall time included."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "instance.json"
        out = Path(tmp) / "answer.json"
        src.write_text(instance.to_json(), encoding="utf-8")
        env = dict(os.environ, PYTHONPATH=str(Path.cwd()))
        began = time.perf_counter()
        run = subprocess.run(
            [python, "-m", "benchmarks.timefold_peer", "solve", str(src), "--seconds", str(seconds), "--out", str(out)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.perf_counter() - began
        if run.returncode != 0:
            return {"error": run.stderr.strip().splitlines()[-1] if run.stderr.strip() else f"exit {run.returncode}"}
        answer = json.loads(out.read_text(encoding="utf-8"))
    placements = {k: (v[0], v[1]) for k, v in answer["placements"].items() if None not in v}
    answer["wall_s"] = round(wall, 2)
    answer["placed"] = len(placements)
    if len(placements) == len(instance.meetings):
        answer["checked"] = score(instance, placements)
    return answer


def ours(instance: Instance, seconds: float, workers: int = 2) -> Answer:
    """Our general model on the same instance (the Timefold score as its objective)."""
    from benchmarks.timefold_ours import solve_instance

    began = time.perf_counter()
    found = solve_instance(instance, seconds, workers)
    wall = time.perf_counter() - began
    answer: Answer = {"wall_s": round(wall, 2), "status": found.status, "bound": found.bound}
    answer["placed"] = len(found.placements)
    if len(found.placements) == len(instance.meetings):
        answer["checked"] = score(instance, found.placements)
    return answer


def _score(answer: Answer) -> str:
    checked = answer.get("checked")
    if not answer:  # not run (--no-timefold)
        return "not run"
    return str(checked) if isinstance(checked, Score) else f"({answer.get('placed', 0)} placed)"


def row(instance: Instance, seconds: float, tf: Answer, us: Answer) -> dict[str, object]:
    tf_score, us_score = tf.get("checked"), us.get("checked")
    verdict = ""
    if isinstance(us_score, Score) and tf:  # no verdict against a peer that was not run
        if not isinstance(tf_score, Score) or us_score.key() >= tf_score.key():
            verdict = "ours >= Timefold"
        else:
            verdict = "Timefold better"
    return {
        "instance": instance.name,
        "meetings": len(instance.meetings),
        "limit_s": seconds,
        "timefold_score": _score(tf),
        "timefold_own_score": tf.get("score", tf.get("error", "")),
        "timefold_solve_s": tf.get("solve_s", ""),
        "timefold_wall_s": tf.get("wall_s", ""),
        "ours_score": _score(us),
        "ours_bound": us.get("bound", ""),
        "ours_status": us.get("status", ""),
        "ours_wall_s": us.get("wall_s", ""),
        "verdict": verdict,
    }


def print_table(rows: list[dict[str, object]]) -> None:
    keys = list(rows[0])
    widths = {k: max(len(k), *(len(str(r[k])) for r in rows)) for k in keys}
    print("  ".join(k.ljust(widths[k]) for k in keys))
    for r in rows:
        print("  ".join(str(r[k]).ljust(widths[k]) for k in keys))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer-python", default=".venv-timefold/bin/python")
    parser.add_argument("--limits", type=float, nargs="+", default=[10, 60])
    parser.add_argument("--only", nargs="+", help="instance names (demo, tf-50m-s0, ...)")
    parser.add_argument("--no-timefold", action="store_true")
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT workers for ours (Timefold uses one thread)")
    parser.add_argument("--csv", type=Path, default=Path("benchmarks/results/bench-timefold.csv"))
    args = parser.parse_args(argv)
    print(f"# {platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}")
    print(f"# load average at start: {os.getloadavg()[0]:.2f} (other work shares these cores)")
    rows = []
    peer: Callable[[Instance, float], Answer] = lambda i, s: (  # noqa: E731
        {} if args.no_timefold else timefold(i, s, args.peer_python)
    )
    for instance in suite():
        if args.only and instance.name not in args.only:
            continue
        for seconds in args.limits:
            tf = peer(instance, seconds)
            us = ours(instance, seconds, args.workers)
            rows.append(row(instance, seconds, tf, us))
            print(json.dumps(rows[-1], ensure_ascii=False), file=sys.stderr, flush=True)
    print(f"# load average at end: {os.getloadavg()[0]:.2f}")
    print_table(rows)
    args.csv.parent.mkdir(parents=True, exist_ok=True)
    with args.csv.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main()
