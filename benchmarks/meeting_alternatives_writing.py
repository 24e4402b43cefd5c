"""What writing each timetable of ``solve --alternatives N --out`` costs on a meeting table, against
what the command keeps back for it (docs/performance.md, "Alternatives of a meeting table").

``python -m benchmarks.meeting_alternatives_writing [--count 3] [--meetings 200 ...]``: the example table
(examples/meetings_2025.csv) and one of each ``--meetings`` count drawn by Timefold's recipe
(benchmarks/timefold_recipe.py ``generate``, written as a CLI table), each solved once; then, as the
command does, each of ``--count`` timetables printed and made in every format (CSV, Excel, Word,
HTML, the rules and the people sheet), and all written in one go. The first timetable's time holds
the Office libraries' loading; the later ones' is what each further alternative costs. Printed: the
seconds of each, and the reserve the command keeps for the first and for each later one.
"""

from __future__ import annotations

import argparse
import io
import os
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

from benchmarks.timefold_recipe import generate, write_tables
from scheduler.cli.display import meeting_lines
from scheduler.cli.meetings import LATER_MEETING_ALTERNATIVE, alternatives_reserve
from scheduler.export.meeting_outputs import meeting_timetable_files
from scheduler.export.outputs import FORMATS
from scheduler.files.atomic import write_files
from scheduler.files.meeting_files import LoadedMeetings, load_meetings
from scheduler.meetings.planner import solve_meetings

ROOT = Path(__file__).resolve().parent.parent


def measure(loaded: LoadedMeetings, count: int, folder: Path) -> list[float]:
    """Seconds to print and make each of ``count`` timetables (the same plan each time: the writing
    does not depend on which plan it is), the writing of all added to the last."""
    plan = solve_meetings(loaded.problem, loaded.objective, time_limit=20.0).plan
    assert plan is not None
    seconds: list[float] = []
    files: dict[str, bytes] = {}
    for number in range(1, count + 1):
        began = time.perf_counter()
        with redirect_stdout(io.StringIO()):
            print("\n".join(meeting_lines(loaded.problem, plan, "zh")))
        for name, data in meeting_timetable_files(loaded, plan, FORMATS).items():
            files[f"alternative-{number}/{name}"] = data
        seconds.append(time.perf_counter() - began)
    began = time.perf_counter()
    write_files(folder, files)
    share = (time.perf_counter() - began) / count  # one write of all folders: each its share
    return [s + share for s in seconds]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3)
    parser.add_argument("--meetings", type=int, nargs="+", default=[200])
    args = parser.parse_args(argv)
    print(f"# load average at start: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        tables = [("meetings_2025", ROOT / "examples" / "meetings_2025.csv")]
        for meetings in args.meetings:
            instance = generate(meetings)
            tables.append((instance.name, write_tables(instance, Path(tmp) / instance.name)))
        for name, table in tables:
            loaded = load_meetings(table)
            seconds = measure(loaded, args.count, Path(tmp) / f"out-{name}")
            first, later = alternatives_reserve(loaded.problem, FORMATS)
            problem = loaded.problem
            print(
                f"{name}: {len(problem.sessions)} meetings, {len(problem.rooms)} rooms;"
                f" first {seconds[0]:.3f} s (kept {first:.3f} s),"
                f" later {', '.join(f'{s:.3f}' for s in seconds[1:])} s (kept {later:.3f} s each:"
                f" {LATER_MEETING_ALTERNATIVE} of the first's writing, {later / LATER_MEETING_ALTERNATIVE:.3f} s)"
            )


if __name__ == "__main__":
    main()
