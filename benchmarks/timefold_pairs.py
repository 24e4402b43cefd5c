"""Ours on a Timefold-recipe instance, two source trees alternated (``python -m benchmarks.timefold_pairs``).

Each run is a fresh process with ``PYTHONPATH`` set to one tree, so the two builds share the machine's
load as equally as a noisy machine allows; the order of the two is flipped every pair. Each run prints
one JSON line: the tree's tag, the instance, the limit, the checked score, the printed bound, the
status, the call's wall seconds, the process's CPU seconds (user + system) and the load average
before and after. The run's code is passed to the process as text, so a base tree made before this
module existed is measured the same way (it needs ``benchmarks.timefold_recipe`` and
``benchmarks.bench_timefold.ours``, there since the eighth session)::

    python -m benchmarks.timefold_pairs /tmp/base /tmp/new --instance demo --seconds 10 --pairs 5

How the twenty-first session measured its bounds (docs/benchmarks.md, "Twenty-first session, bounds").
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ONE_RUN = """
import json, os, resource, sys
from benchmarks.bench_timefold import ours
from benchmarks.timefold_recipe import generate, suite
name, seconds, tag = sys.argv[1], float(sys.argv[2]), sys.argv[3]
found = [i for i in suite() if i.name == name]
instance = found[0] if found else generate(int(name), 0)
before = os.getloadavg()[0]
answer = ours(instance, seconds, 2)
used = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({
    "tag": tag, "instance": instance.name, "seconds": seconds, "score": str(answer.get("checked")),
    "bound": answer["bound"], "status": answer["status"], "wall": answer["wall_s"],
    "cpu": round(used.ru_utime + used.ru_stime, 2), "load": [round(before, 1), round(os.getloadavg()[0], 1)],
}), flush=True)
"""
"""One run in a fresh process: ``python -c ONE_RUN INSTANCE SECONDS TAG`` (an instance of the suite by
name, or a number of meetings: the recipe's instance of that size, seed 0)."""


def order(pair: int) -> tuple[str, str]:
    """Which tree runs first in pair ``pair`` (from 0): the base in even pairs, the new build in odd ones."""
    return ("base", "new") if pair % 2 == 0 else ("new", "base")


def run_one(tree: Path, instance: str, seconds: float, tag: str) -> str:
    """One run of ours in ``tree``, in a process of its own; its JSON line."""
    done = subprocess.run(
        [sys.executable, "-c", ONE_RUN, instance, str(seconds), tag],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path, help="the tree measured against (a clone at the base commit)")
    parser.add_argument("new", type=Path, help="the tree with the change")
    parser.add_argument("--instance", default="demo", help="a suite instance's name, or a number of meetings")
    parser.add_argument("--seconds", type=float, default=10.0, help="the time limit of each run")
    parser.add_argument("--pairs", type=int, default=3, help="how many alternated pairs")
    args = parser.parse_args(argv)
    trees = {"base": args.base.resolve(), "new": args.new.resolve()}
    for pair in range(args.pairs):
        for tag in order(pair):
            print(run_one(trees[tag], args.instance, args.seconds, tag), flush=True)


if __name__ == "__main__":
    main()
