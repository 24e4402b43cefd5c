"""The demo's soft proof measured alone: the walk of every grouping at the medium optimum, then their
pricing against the answer (``python -m benchmarks.timefold_proof``).

What a 60 s call of the library does after it has found the grouping at medium 40 and the answer
5,130 (:func:`scheduler.meetings.planner._soft_floor`), in one process and one thread, each step's CPU
from :func:`time.process_time`: the walk of every grouping at the medium level cold
(:func:`scheduler.meetings.atbound.groupings_at`, no day priced before), then
:meth:`scheduler.meetings.chain.Chain.least` over them with the days' proven bounds and the answer as
its cutoff, as the planner calls it. ``--no-floor``: the days' soft floors without CP-SAT
(:mod:`scheduler.meetings.dayfloor`) left out, as before they were built. Prints one JSON line: the
load before and after, the groupings, the walk's nodes and CPU, the pricing's CPU, its CP-SAT searches,
the days floored and the least it reached (at the cutoff or above: the answer proven)::

    python -m benchmarks.timefold_proof --instance demo --medium 40 --cutoff 5130

How the twenty-fifth session measured the floors (docs/benchmarks.md, "Twenty-fifth session, issue 15").
"""

from __future__ import annotations

import argparse
import json
import math
import os
import time

from benchmarks.timefold_ours import problem_of
from benchmarks.timefold_recipe import generate, suite


def main(argv: list[str] | None = None) -> None:
    from scheduler.meetings.atbound import groupings_at
    from scheduler.meetings.chain import Chain
    from scheduler.meetings.oneday import DayPricer
    from scheduler.meetings.prepared import prepare
    from scheduler.meetings.terms import TIMEFOLD

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instance", default="demo", help="a suite instance's name, or a number of meetings")
    parser.add_argument("--medium", type=int, default=40, help="the medium level, proven optimal (the demo's 40)")
    parser.add_argument("--cutoff", type=float, default=5130, help="the answer's soft level (the demo's 5,130)")
    parser.add_argument("--no-floor", action="store_true", help="without the days' floors (as before them)")
    args = parser.parse_args(argv)
    found = [i for i in suite() if i.name == args.instance]
    instance = found[0] if found else generate(int(args.instance), 0)
    prep = prepare(problem_of(instance))
    load = os.getloadavg()[0]
    began = time.process_time()
    pricer = DayPricer(prep)
    walk = groupings_at(pricer, args.medium, math.inf)
    groupings = list(walk)
    walked = time.process_time()
    chain = Chain(prep, TIMEFOLD, pricer)
    if args.no_floor:
        chain.weights = None
    least, _ = chain.least(groupings, "bound", math.inf, 1, cutoff=args.cutoff)
    priced = time.process_time()
    floored = [d for d in chain.priced.values() if d.floor is not None]
    row = {
        "load": [round(load, 1), round(os.getloadavg()[0], 1)],
        "floors": not args.no_floor,
        "groupings": len(groupings),
        "walk_nodes": walk.search.nodes,
        "walk_cpu": round(walked - began, 2),
        "pricing_cpu": round(priced - walked, 2),
        "solves": chain.solves,
        "days": len(chain.priced),
        "days_floored": len(floored),
        "least": least,
        "proven": least >= args.cutoff,
    }
    print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
