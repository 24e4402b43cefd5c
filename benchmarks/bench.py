"""The benchmark suite (``make bench``): our solver against its peers, side by side.

Each (instance, objective, method) runs in a fresh Python process, bounded by a
wall-clock limit and a memory cap; the parent watches the child's peak memory
(VmHWM) and kills it if it overruns. One table goes to the terminal with each
peer's time as a ratio to ours, measured in this same run; every row also goes to
a CSV (``benchmarks/results/bench.csv`` by default).

    python -m benchmarks.bench                 # the suite (a few minutes)
    python -m benchmarks.bench --quick         # the notice and 29 units only
    python -m benchmarks.bench --only 1000u-4r --limit 60

Times: ``build`` the model, ``first`` the first valid timetable, ``proven`` the
optimum proven (empty when not proven in the limit, then ``gap`` says how far the
bound is), ``total`` the method's own time. ``ratio`` is the peer's time to its
answer over ours (proven optimum where both prove it).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NOTICE = ROOT / "examples" / "notice_2021.csv"
MEMORY_CAP_MB = 4000


@dataclass(frozen=True)
class Case:
    """One instance of the suite and the objectives and methods run on it."""

    name: str
    units: int  # 0: the 2021 notice
    rooms: int
    objectives: tuple[str, ...] = ("compact", "stable")
    methods: tuple[str, ...] = ("ours", "greedy", "highs", "conference-scheduler")
    seed: int = 0


SUITE = (
    Case("notice", 0, 1),
    Case("29u-1r", 29, 1),
    Case("300u-2r", 300, 2),
    Case("1000u-4r", 1000, 4),
    Case("1000u-1r", 1000, 1, ("compact",), ("ours", "greedy", "highs")),
    Case("2000u-4r", 2000, 4, methods=("ours", "greedy", "highs")),
)
QUICK = SUITE[:2]
EXTRA = (Case("1000u-2r", 1000, 2, ("stable",), ("ours", "greedy", "highs")),)
"""Cases run only when named with ``--only`` (the stable seed sweep, ``make bench-stable``)."""


def case_named(name: str) -> Case:
    """A case by name; ``<case>-s<seed>`` is that case generated with another seed."""
    base, _, seed = name.rpartition("-s")
    if base and seed.isdigit():
        return replace(case_named(base), name=name, seed=int(seed))
    return next(c for c in (*SUITE, *EXTRA, *TINY) if c.name == name)


def problem_of(case: Case, objective: str) -> Any:
    """The problem of a case (the notice from examples/, or a generated one). ``compact`` is given no
    reference (the notice's own times dropped): it keeps a table's own times when no timetable is
    better, which would measure that check, not the search."""
    if case.units == 0:
        from scheduler import load

        problem = load(NOTICE).problem
        return problem.replace(reference=None) if objective == "compact" else problem
    from .generate import generate

    return generate(case.units, case.rooms, case.seed, stable=objective == "stable")


def child(case_name: str, objective: str, method: str, limit: float) -> None:
    """Run one method on one case in this process and print its result as JSON."""
    import resource

    from .peers import run

    case = case_named(case_name)
    problem = problem_of(case, objective)
    started = time.perf_counter()
    out = run(method, problem, objective, limit)
    out["wall"] = time.perf_counter() - started
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


TINY = (Case("tiny", 12, 1, methods=("ours", "greedy", "highs", "conference-scheduler")),)


def spawn(case: Case, objective: str, method: str, limit: float) -> dict[str, Any]:
    """Run one method in a fresh process; kill it 10 s past the limit or the memory cap."""
    command = [sys.executable, "-m", "benchmarks.bench", "--child", case.name, objective, method, str(limit)]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    killed = ""
    while process.poll() is None:
        peak = max(peak, _peak_mb(process.pid))
        elapsed = time.perf_counter() - started
        if elapsed > limit + 10:
            killed = "timeout"
        elif peak > MEMORY_CAP_MB:
            killed = "memory"
        if killed:
            process.kill()
            break
        time.sleep(0.02)
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - started
    if killed or process.returncode != 0 or not stdout.strip():
        reason = killed or (stderr.strip().splitlines() or ["failed"])[-1][:80]
        return {"status": f"killed ({reason})" if killed else f"error: {reason}", "peak_mb": peak, "process": wall}
    out = json.loads(stdout.strip().splitlines()[-1])
    out["process"] = wall
    out["peak_mb"] = max(out.get("peak_mb", 0.0), peak)
    return out


def _peak_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


COLUMNS = (
    "instance",
    "objective",
    "method",
    "status",
    "valid",
    "score",
    "gap",
    "build_s",
    "first_s",
    "proven_s",
    "total_s",
    "process_s",
    "peak_mb",
    "ratio",
    "broken",
)


def row_of(case: Case, objective: str, method: str, out: dict[str, Any], ours: dict[str, Any] | None) -> dict[str, str]:
    """One table row, with the ratio of this method's time to ours."""

    def seconds(value: Any) -> str:
        return "" if value is None else f"{value:.3f}"

    gap = out.get("gap")
    if gap is None and out.get("bound") and out.get("score") and out["bound"] != out["score"]:
        gap = _lex_gap(out["score"], out["bound"])
    return {
        "instance": case.name,
        "objective": objective,
        "method": method,
        "status": out.get("status", ""),
        "valid": {True: "yes", False: "NO", None: ""}[out.get("valid")],
        "score": "/".join(str(v) for v in out.get("score") or []),
        "gap": "" if gap is None else f"{gap:.1%}",
        "build_s": seconds(out.get("build")),
        "first_s": seconds(out.get("first")),
        "proven_s": seconds(out.get("proven")),
        "total_s": seconds(out.get("total")),
        "process_s": seconds(out.get("process")),
        "peak_mb": f"{out.get('peak_mb', 0):.0f}",
        "ratio": _ratio(out, ours) if ours is not None and method != "ours" else "",
        "broken": " ".join(out.get("broken") or []),
    }


def _lex_gap(score: list[int], bound: list[int]) -> float:
    for s, b in zip(score, bound, strict=False):
        if s != b:
            return abs(s - b) / max(1, abs(s))
    return 0.0


def _ratio(out: dict[str, Any], ours: dict[str, Any]) -> str:
    """Peer time over ours: to the proven optimum when both prove it, else to the answer."""
    mine = ours.get("proven") or ours.get("total") or ours.get("process")
    theirs = out.get("proven") if ours.get("proven") and out.get("proven") else None
    marker = ""
    if theirs is None:
        theirs = out.get("total") or out.get("process")
        if ours.get("proven") and out.get("valid") is not False:
            marker = ">"  # not proven in the limit: the real ratio is larger
    if not mine or not theirs:
        return ""
    return f"{marker}{theirs / mine:.1f}x"


def stale_bytecode(root: Path = ROOT) -> list[str]:
    """Our modules (``scheduler/``, ``cli.py``) under ``root`` whose cached bytecode is missing or older
    than their source. With ``PYTHONDONTWRITEBYTECODE`` set (as in this project's shells) Python never
    rewrites it, and compiles each such module again at every start: the start-up timed here then
    measures the compiler (15 ms of 12 stale modules, 13th session), not our code."""
    import importlib.util

    stale = []
    for source in sorted([*(root / "scheduler").rglob("*.py"), root / "cli.py"]):
        cached = Path(importlib.util.cache_from_source(str(source)))
        try:
            header = cached.read_bytes()[:16]
        except OSError:
            stale.append(str(source.relative_to(root)))
            continue
        flags = int.from_bytes(header[4:8], "little")
        if flags & 1:  # hash-based bytecode (PEP 552): checked by its hash, not its time
            continue
        held = source.stat()
        written = (int.from_bytes(header[8:12], "little"), int.from_bytes(header[12:16], "little"))
        if written != (int(held.st_mtime) & 0xFFFFFFFF, held.st_size & 0xFFFFFFFF):
            stale.append(str(source.relative_to(root)))
    return stale


def cli_timings(repeats: int = 5) -> list[dict[str, str]]:
    """``python cli.py --help``, ``python cli.py solve`` and the bare import of what solve loads.

    Two baselines: the third-party libraries solve loads (click, wcwidth; OR-Tools when
    a model is solved), and every library module it loads, the standard library's
    included (tomllib, csv, zoneinfo...). Against the second, what is left is our own
    code only: our modules' import and the run.
    """
    python = sys.executable
    listed = subprocess.run([python, "-c", _LIBRARIES_OF_SOLVE], cwd=ROOT, capture_output=True, text=True)
    third, every = listed.stderr.strip().split("\n")[-2:]
    commands = {
        "cli --help": [python, "cli.py", "--help"],
        "cli solve (notice)": [python, "cli.py", "solve", str(NOTICE)],
        "import third-party": [python, "-c", f"import {third}"],
        "import every library": [python, "-c", f"import {every}"],
    }
    medians = {}
    for name, command in commands.items():
        runs = []
        for _ in range(repeats):
            started = time.perf_counter()
            subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
            runs.append(time.perf_counter() - started)
        medians[name] = statistics.median(runs)
    solve = medians["cli solve (notice)"]
    notes = {"import third-party": third.replace(",", " "), "import every library": f"{every.count(',') + 1} modules"}
    stale = stale_bytecode()
    if stale:  # timed with the compiler: say so beside the figure (python -m compileall scheduler cli.py)
        modules = "1 module" if len(stale) == 1 else f"{len(stale)} modules"
        notes["cli solve (notice)"] = f"bytecode stale or missing: {modules} (compileall)"
    rows = [{"what": name, "median_s": f"{value:.3f}", "note": notes.get(name, "")} for name, value in medians.items()]
    return rows + [
        {"what": "solve / third-party", "median_s": f"{solve / medians['import third-party']:.2f}x", "note": ""},
        {
            "what": "solve / every library",
            "median_s": f"{solve / medians['import every library']:.2f}x",
            "note": "target <= 1.3x",
        },
    ]


_LIBRARIES_OF_SOLVE = """
import atexit, runpy, sys

def report():
    loaded = set(sys.modules)  # what `cli.py solve` itself loaded, nothing more
    from importlib.metadata import packages_distributions

    known = packages_distributions()
    tops = {name.split(".")[0] for name in loaded}
    third = sorted(n for n in tops if n in known and n != "scheduler" and not n.startswith("_"))
    heavy = sorted(n for n in loaded if n.startswith("ortools.sat.python."))
    ours = ("scheduler", "__main__")
    every = sorted(n for n in loaded if not n.startswith(ours) and "." not in n and not n.startswith("_"))
    print(",".join([n for n in third if n != "ortools"] + heavy), file=sys.stderr)
    print(",".join(every), file=sys.stderr)

atexit.register(report)
sys.argv = ["cli.py", "solve", "examples/notice_2021.csv"]
runpy.run_path("cli.py", run_name="__main__")
"""


def table(rows: list[dict[str, str]], columns: tuple[str, ...]) -> str:
    """Rows as an aligned plain-text table."""
    widths = {c: max(len(c), *(len(r.get(c, "")) for r in rows)) for c in columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in columns)]
    lines += ["  ".join(r.get(c, "").ljust(widths[c]) for c in columns) for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=4, metavar=("CASE", "OBJECTIVE", "METHOD", "LIMIT"), help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=float, default=20.0, help="seconds per run (default 20)")
    parser.add_argument("--quick", action="store_true", help="the notice and a 29-unit instance only")
    parser.add_argument("--tiny", action="store_true", help="one 12-unit instance (for the tests)")
    parser.add_argument("--only", nargs="*", help="instance names to run")
    parser.add_argument("--methods", nargs="*", help="methods to run")
    parser.add_argument("--objectives", nargs="*", help="objectives to run (compact, stable)")
    parser.add_argument("--seeds", nargs="*", type=int, help="run each chosen instance with these seeds")
    parser.add_argument("--no-cli", action="store_true", help="skip the command-line timings")
    parser.add_argument("--csv", default=str(ROOT / "benchmarks" / "results" / "bench.csv"), help="CSV to write")
    args = parser.parse_args(argv)
    if args.child:
        case, objective, method, limit = args.child
        child(case, objective, method, float(limit))
        return 0
    cases = TINY if args.tiny else QUICK if args.quick else SUITE
    if args.only:
        cases = tuple(c for c in (*cases, *EXTRA) if c.name in args.only)
    if args.seeds:
        cases = tuple(case_named(f"{c.name}-s{seed}") for c in cases if c.units for seed in args.seeds)
    rows: list[dict[str, str]] = []
    for case in cases:
        for objective in case.objectives:
            if args.objectives and objective not in args.objectives:
                continue
            ours = None
            for method in case.methods:
                if args.methods and method not in args.methods:
                    continue
                out = spawn(case, objective, method, args.limit)
                if method == "ours":
                    ours = out
                rows.append(row_of(case, objective, method, out, ours))
                print(table(rows[-1:], COLUMNS).splitlines()[1], flush=True)
    print()
    print(table(rows, COLUMNS))
    path = Path(args.csv)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    print(f"\nwritten: {path}")
    if not args.no_cli and not args.tiny:
        print()
        print(table(cli_timings(), ("what", "median_s", "note")))
    print(f"\nmachine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
