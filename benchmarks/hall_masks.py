"""A Hall set whose units are closed at most of the times, at 5,000 units (``python -m benchmarks.hall_masks``).

5,000 units in one room of one, 5,000 meeting times (625 days of 8), no categories; ``K + 1`` units
(spread over the table) closed at every time but the first ``K``, one ``[[unavailable]]`` each: a Hall
set of ``K + 1`` units in ``K`` times, which the matching of ``scheduler/solver/hall.py`` finds. Where
each unit's closed times are thousands, making them bit masks is the cost (docs/benchmarks.md,
"Twenty-first session, review: the matching's masks at 5,000 units"). Prints, per ``K``, the CPU and
wall seconds of ``clash_of`` and of ``explain`` with the limit given, and the size of what it says.
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import date, timedelta
from datetime import time as clock

from scheduler import Problem, Room, Unavailable, Unit, explain
from scheduler.domain import Calendar
from scheduler.solver.clash import clash_of

UNITS = 5000
HOURS = (8, 9, 10, 11, 15, 16, 17, 18)


def closed_problem(free: int, units: int = UNITS) -> Problem:
    """``units`` units, as many times; ``free + 1`` of them closed at every time but the first ``free``."""
    days = -(-units // len(HOURS))
    calendar = Calendar(tuple(date(2021, 9, 8) + timedelta(d) for d in range(days)), tuple(clock(h) for h in HOURS))
    closed = frozenset(calendar.slots[free:])
    names = [f"单位{k:04d}" for k in range(units)]
    step = max(1, units // (free + 1))
    return Problem(
        units=tuple(Unit(name) for name in names),
        calendar=calendar,
        rooms=(Room("R0", 1),),
        unavailable=tuple(Unavailable(names[k], closed) for k in range(0, units, step)[: free + 1]),
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--free", type=int, nargs="*", default=[300, 3000], help="the K of the module text")
    parser.add_argument("--time-limit", type=float, default=5.0, help="explain's limit (seconds)")
    args = parser.parse_args(argv)
    print(f"# load average at start: {os.getloadavg()[0]:.2f}")
    print("K  set  clash_of CPU s  wall s  explain CPU s  wall s  zh chars  en chars  lines")
    for free in args.free:
        problem = closed_problem(free)
        wall, cpu = time.perf_counter(), time.process_time()
        found = clash_of(problem)
        found_cpu, found_wall = time.process_time() - cpu, time.perf_counter() - wall
        wall, cpu = time.perf_counter(), time.process_time()
        conflict = explain(problem, time_limit=args.time_limit)
        said_cpu, said_wall = time.process_time() - cpu, time.perf_counter() - wall
        size = len(getattr(found, "units", ()))
        texts = [conflict.text(lang) if conflict else "" for lang in ("zh", "en")]
        lines = len(conflict.lines("zh")) if conflict else 0
        print(
            f"{free}  {size}  {found_cpu:.2f}  {found_wall:.2f}  {said_cpu:.2f}  {said_wall:.2f}"
            f"  {len(texts[0])}  {len(texts[1])}  {lines}"
        )


if __name__ == "__main__":
    main()
