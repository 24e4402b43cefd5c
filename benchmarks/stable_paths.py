"""Which stable instances take the hard path: the greedy moves more units than those forced to move.

    python -m benchmarks.stable_paths                       # 300u-2r, 1000u-4r, 1000u-2r, seeds 0-4
    python -m benchmarks.stable_paths 300,2 --seeds 0 1 2

For each generated instance: the units forced to move (no reference time, or a rule
now forbids it), how many the greedy timetable moves, and so whether the greedy
alone proves the fewest moves (``easy``) or the solver must show that the extra
moves are needed (``hard``). Seconds, no solver.
"""

from __future__ import annotations

import argparse

from scheduler.solver.objectives import Stable
from scheduler.solver.pipeline import first_timetable

from .generate import generate

SIZES = ((300, 2), (1000, 4), (1000, 2))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", help="units,rooms (default: 300,2 1000,4 1000,2)")
    parser.add_argument("--seeds", nargs="*", type=int, default=[0, 1, 2, 3, 4])
    args = parser.parse_args(argv)
    sizes = [tuple(int(x) for x in size.split(",")) for size in args.sizes] or SIZES
    goal = Stable()
    print(f"{'instance':14s} {'forced':>6s} {'greedy':>14s}  path")
    hard = total = 0
    for units, rooms in sizes:
        for seed in args.seeds:
            problem = generate(units, rooms, seed, stable=True)
            greedy = first_timetable(problem, "stable")
            forced = len(goal.forced(problem))
            score = goal.score(problem, greedy).values if greedy is not None else None
            path = "hard" if score is None or score[0] > forced else "easy"
            hard += path == "hard"
            total += 1
            shown = "/".join(map(str, score)) if score else "-"
            print(f"{f'{units}u-{rooms}r-s{seed}':14s} {forced:6d} {shown:>14s}  {path}")
    print(f"hard path: {hard} of {total}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
