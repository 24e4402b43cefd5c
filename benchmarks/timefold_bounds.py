"""The counting bounds of the Timefold-recipe instances, with no search (``python -m benchmarks.timefold_bounds``).

Per instance: the medium level's bound from the heaviest clique alone (what the bench printed up to the
twentieth session), from the participants' sessions packed into the working periods
(:mod:`scheduler.meetings.packing`), and the two joined (what :func:`scheduler.meetings.bounds.cheap_bounds`
gives now), with the CPU seconds of the whole counting; and the soft level's counting bound. ``--lp``:
beside, the configuration LP's medium bound (:mod:`benchmarks.timefold_medium`: the most any argument
counting grain by grain, forgetting that a meeting's grains are consecutive and in one day, can give).
"""

from __future__ import annotations

import argparse
import os
import time

from benchmarks.timefold_medium import configuration_bound
from benchmarks.timefold_ours import problem_of
from benchmarks.timefold_recipe import generate, suite
from scheduler.meetings.bounds import cheap_bounds
from scheduler.meetings.model import heaviest_clique
from scheduler.meetings.packing import person_floors
from scheduler.meetings.prepared import prepare
from scheduler.meetings.terms import TIMEFOLD


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", help="more recipe instances (meetings), seed 0")
    parser.add_argument(
        "--lp",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="also the configuration LP's medium bound (benchmarks.timefold_medium), at most SECONDS each",
    )
    args = parser.parse_args(argv)
    print(f"# load average at start: {os.getloadavg()[0]:.2f}")
    print(
        "instance  meetings  clique  persons  medium bound  soft bound  CPU s"
        + ("  LP (converged, CPU s)" if args.lp else "")
    )
    for instance in suite() + [generate(n, 0) for n in args.sizes or ()]:
        prep = prepare(problem_of(instance))
        steps = len(prep.problem.workdays.steps)
        clique = max(0, sum(prep.length[i] for i in heaviest_clique(prep)) - steps)
        persons = sum(person_floors(prep).values())
        began = time.process_time()
        bounds = cheap_bounds(prep, TIMEFOLD)
        spent = time.process_time() - began
        lp = ""
        if args.lp > 0:
            found = configuration_bound(instance, args.lp)
            lp = f"  {found['bound']} ({'yes' if found['converged'] else 'no'}, {found['cpu_s']})"
        print(
            f"{instance.name}  {len(instance.meetings)}  {clique}  {persons}  {bounds['medium']}"
            f"  {bounds['soft']}  {spent:.2f}{lp}"
        )


if __name__ == "__main__":
    main()
