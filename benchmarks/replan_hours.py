"""Replanning a meeting campaign after its working hours change (``python -m benchmarks.replan_hours``).

The data is ``tests/data/campaign_hours``: QA qacamp24's two-week campaign (60 meetings over 10 workdays,
3 rooms, 24 people and units) as published after its third round of answers, 8:30-12:00 and
14:00-17:30. The office then starts at 9:00: the 14 meetings at 8:30 must move (14 moves is the fewest).
Each run copies the folder, writes the new hours and runs ``reschedule`` in a fresh process at the given
``--time-limit`` (default 30, the command's default), as the clerk does. Each row prints the moves, the
optional-conflict steps (the medium level after the moves; 3 is the optimum for 14 moves, proven by QA
qacamp24's `--time-limit 120` run),
how far the moved meetings went (days between published and new start: the most and the total; hours
between the two starts: the most and the total, the ``displacement`` term times the grid), the
wall and CPU seconds of the child and the load. Quality within the time is what this measures: what a
30 s limit reaches depends on the CPU the machine gives it, so the CPU seconds go with every row.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent
DATA = HERE / "tests" / "data" / "campaign_hours"
NOW = "2027-03-04T11:00+08:00"  # before the campaign's first changed day (3月8日)


def one(limit: float) -> dict[str, Any]:
    """One replan in a child process: moves, optional conflicts, days moved, wall and CPU seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "out"
        shutil.copytree(DATA, folder)
        rules = folder / "timetable.toml"
        rules.write_text(rules.read_text(encoding="utf-8").replace('"8:30-12:00"', '"9:00-12:00"'), encoding="utf-8")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        command = [sys.executable, str(HERE / "cli.py"), "reschedule", str(folder / "timetable.csv")]
        done = subprocess.run(
            [*command, "--time-limit", str(limit), "--json"],
            capture_output=True,
            text=True,
            env={**os.environ, "DOCKING_NOW": NOW},
            check=False,
        )
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    answer = json.loads(done.stdout)
    moved = [m for m in answer.get("moves", []) if m.get("before") and m.get("after")]
    days = [abs((_day(m["after"]) - _day(m["before"])).days) for m in moved]
    hours = [abs((_start(m["after"]) - _start(m["before"])).total_seconds()) / 3600 for m in moved]
    return {
        "limit": limit,
        "moves": answer["terms"]["moves"],
        "optional_conflicts": answer["terms"]["optional-conflicts"],
        "most_days_away": max(days, default=0),
        "days_away": sum(days),
        "most_hours_away": round(max(hours, default=0), 1),
        "hours_away": round(sum(hours), 1),
        "wall": round(wall, 1),
        "cpu": round(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, 1),
        "load": os.getloadavg()[0],
    }


def _day(place: Any) -> datetime:
    """The day of a move's place, as the JSON answer writes it."""
    return _start(place).replace(hour=0, minute=0)


def _start(place: Any) -> datetime:
    """The start of a move's place, as the JSON answer writes it."""
    text = place["start"] if isinstance(place, dict) else str(place)
    return datetime.fromisoformat(re.sub(r"[+-]\d\d:\d\d$", "", text))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limits", type=float, nargs="+", default=[30.0])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    for _ in range(args.repeat):
        for limit in args.limits:
            print(json.dumps(one(limit), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
