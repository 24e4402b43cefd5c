"""The shape sweep (``make bench-shapes``): every adversarial shape, end to end, in one table.

For each shape of :mod:`benchmarks.shapes` and each of its objectives, four runs, each
a fresh process:

* ``cli``: ``python cli.py solve TABLE --time-limit T --out DIR --format csv``, on the
  table and rules files the shape was written to (reading and writing files included);
  the timetable written is then read back and checked, outside the clock.
* ``lib``: :func:`scheduler.solve` on the same problem, built in the process (the
  build is not timed; the process's peak memory includes it).
* ``greedy``: the library's own greedy timetable alone (the packing and first-fit, keeping
  reference times for ``stable``): what the user would get without the solver.

``compact`` is run on a new table (no time or room column filled): ``compact`` keeps a table's
own times when no timetable is better, so the shapes' planted times would make it a check.
``compact-own`` (``base-1000u-4r`` only) is ``compact`` with the planted times as the table's own,
to show that check's cost.
* ``highs``: the same set-partitioning model as a MIP on HiGHS (``benchmarks/peers.py``).

Times are wall clock: ``cli_s`` the whole command (interpreter start to exit), the
others the method's own time; ``cli_cpu`` and ``lib_cpu`` are the CPU seconds (every thread)
of the same spans, what the run got of a shared machine. Peak memory is the whole process's: its ``VmHWM``,
read every 10 ms while it runs (``ru_maxrss`` from ``wait4`` is no use here: Linux
carries the parent's resident size at ``fork`` into the child's figure, so the sweep
also writes the shapes' files in a separate process and stays small itself). A run
is killed 30 s past its limit and shows ``killed``. Ratios are measured in this run:
``highs/lib`` is HiGHS's time over ours
(to the proven optimum when both prove it; ``>`` when HiGHS did not prove what we
proved), ``lib/greedy`` our time over the greedy's. ``gap`` is ours against our own
bound (first criterion that differs); ``vs greedy`` our score against the greedy's.

    python -m benchmarks.sweep                       # every shape (about half an hour)
    python -m benchmarks.sweep --quick               # four 300-unit shapes
    python -m benchmarks.sweep --only clash-300u-2r 5000u-1r --limit 5
    python -m benchmarks.sweep --code /tmp/base      # the same sweep on another checkout
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GRACE = 30.0
"""Seconds past the limit before a run is killed (``--grace``)."""
_GRACE = [GRACE]


def find(name: str) -> Any:
    """A shape of the sweep by name: :mod:`.shapes`, :mod:`.perturbed` (unit tables) or
    :mod:`.series_tables` (meeting tables); ``<name>-s<seed>``: that shape with another seed."""
    from dataclasses import replace

    from . import perturbed, series_tables
    from .shapes import SHAPES, TINY, shape_named

    if any(s.name == name for s in (*SHAPES, *TINY)) or name.rpartition("-s")[0] in {s.name for s in SHAPES}:
        return shape_named(name)
    for found in (*perturbed.SHAPES, *series_tables.SHAPES):
        base, _, seed = name.rpartition("-s")
        if found.name == name:
            return found
        if found.name == base and seed.isdigit():
            return replace(found, name=name, seed=int(seed))
    raise SystemExit(f"no shape named {name}")


def is_meetings(shape: Any) -> bool:
    """Whether the shape is a meeting table (solved from its files, no HiGHS run)."""
    from .series_tables import SeriesShape

    return isinstance(shape, SeriesShape)


def expected(shape: Any) -> str:
    """What every run of the shape should answer: ``timetable``, ``infeasible`` or ``infeasible, rules``."""
    if hasattr(shape, "expected"):
        return str(shape.expected)
    return "infeasible" if shape.extra or shape.clash else "timetable"


OWN_TIMES = "compact-own"
"""The sweep's second ``compact``: the shape's planted timetable kept as the table's own times."""


def solved_as(objective: str) -> str:
    """The library's objective of a sweep objective (``compact-own`` is ``compact``)."""
    return "compact" if objective == OWN_TIMES else objective


def problem_of(shape: Any, objective: str) -> Any:
    """The unit problem of a unit-table shape. For ``compact`` a new table: no reference (``compact``
    keeps a table's own times when no timetable is better, and the planted ones usually are the
    best, so the search would not be measured); ``compact-own`` keeps the planted times."""
    from . import perturbed, shapes

    if isinstance(shape, perturbed.Perturbed):
        problem = perturbed.build(shape, solved_as(objective))
    else:
        problem = shapes.build(shape, solved_as(objective))
    return problem.replace(reference=None) if objective == "compact" else problem


def child(shape_name: str, objective: str, method: str, limit: float) -> None:
    """Run one method on one shape in this process and print its result as JSON (a meeting
    table's runs are given its table's path for ``shape_name``)."""
    from .peers import run

    if shape_name.endswith(".csv"):
        from . import sweep_meetings

        table = Path(shape_name)
        found = sweep_meetings.lib(table, limit) if method == "lib" else sweep_meetings.greedy(table)
        print(json.dumps(found, default=str))
        return
    problem = problem_of(find(shape_name), objective)
    solved = solved_as(objective)
    if method == "lib":
        out = _lib(problem, solved, limit)
    elif method == "greedy":
        out = _greedy(problem, solved)
    else:
        out = run(method, problem, solved, limit)
    print(json.dumps(out, default=str))


def _greedy(problem: Any, objective: str) -> dict[str, Any]:
    """The greedy timetable the library starts from, checked and scored."""
    from scheduler.solver import pipeline
    from scheduler.solver.objectives import OBJECTIVES, reference_slots

    from .peers import _report

    started = time.perf_counter()
    if hasattr(pipeline, "first_timetable"):
        timetable = pipeline.first_timetable(problem, objective)
    else:  # before the house's pipeline (the baseline run of docs/benchmarks.md)
        prefer = problem.reference.rooms() if problem.reference else {}
        timetable = pipeline._greedy(problem, OBJECTIVES[objective], reference_slots(problem), prefer)
    total = time.perf_counter() - started
    return _report(problem, objective, timetable, status="heuristic", total=total)


def _lib(problem: Any, objective: str, limit: float) -> dict[str, Any]:
    import scheduler

    started, cpu = time.perf_counter(), time.process_time()
    result = scheduler.solve(problem, objective, time_limit=limit)
    total = time.perf_counter() - started
    status = str(getattr(result.status, "value", result.status))
    out: dict[str, Any] = {"status": status, "total": total, "cpu": time.process_time() - cpu}
    if result.timetable is not None:
        report = scheduler.validate(problem, result.timetable)
        out["valid"] = report.ok
        out["score"] = list(result.score.values) if result.score else None
    out["bound"] = list(result.bound.values) if result.bound else None
    out["proven"] = total if out["status"] == "optimal" else None
    conflict = getattr(result, "conflict", None)
    if conflict is not None:
        out["reason"] = _reason_kind(conflict)
    return out


def _reason_kind(conflict: Any) -> str:
    count = getattr(conflict, "count", None)
    if conflict.instances and getattr(count, "key", "") == "why.hall":
        return "matching"  # a Hall set: units matched to the times the narrowing leaves them
    if getattr(conflict, "too_many", False):
        return "counting"
    if not getattr(conflict, "proven", True):
        return "unproven"
    return "minimal" if getattr(conflict, "minimal", False) else "partial"


def run_process(command: list[str], limit: float, env: dict[str, str]) -> dict[str, Any]:
    """Run ``command``; wall time, peak memory (MB), exit code, output; killed past the limit."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err, env=env, start_new_session=True)
        killed = False
        peak = 0.0
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _resident_peak(process.pid))
            if time.perf_counter() - started > limit + _GRACE[0]:
                os.killpg(process.pid, signal.SIGKILL)
                killed = True
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.01)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {
            "wall": wall,
            "cpu": usage.ru_utime + usage.ru_stime,
            "peak_mb": peak or usage.ru_maxrss / 1024,
            "code": process.returncode,
            "killed": killed,
            "stdout": out.read().decode("utf-8", "replace"),
            "stderr": err.read().decode("utf-8", "replace"),
        }


def _resident_peak(pid: int) -> float:
    """A running process's peak resident memory so far (MB), from ``/proc``."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:  # noqa: PTH123
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def environment(code: Path) -> dict[str, str]:
    """The environment a run sees: the checkout under test first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(code), str(ROOT)])
    env["SWEEP_CODE"] = str(code)
    env.pop("DOCKING_LANG", None)
    return env


def spawn(shape: str, objective: str, method: str, limit: float, code: Path) -> dict[str, Any]:
    """One method on one shape in a fresh process."""
    command = [sys.executable, "-m", "benchmarks.sweep", "--child", shape, objective, method, str(limit)]
    ran = run_process(command, limit, environment(code))
    if ran["killed"] or ran["code"] != 0 or not ran["stdout"].strip():
        reason = "killed" if ran["killed"] else "error: " + (ran["stderr"].strip().splitlines() or ["?"])[-1][:60]
        return {"status": reason, "peak_mb": ran["peak_mb"], "process": ran["wall"]}
    out = json.loads(ran["stdout"].strip().splitlines()[-1])
    out["peak_mb"] = ran["peak_mb"]
    out["process"] = ran["wall"]
    return out


def files_of(shape: str, objective: str, folder: Path) -> Path:
    """The shape written as a table and its rules file (once per sweep)."""
    target = folder / f"{shape}-{objective}"
    table = target / ("meetings.csv" if is_meetings(find(shape)) else "table.csv")
    if not table.exists():  # in another process: building a 5,000-unit shape would grow this one
        command = [sys.executable, "-m", "benchmarks.sweep", "--write", shape, objective, str(target)]
        subprocess.run(command, cwd=ROOT, check=True, env=environment(ROOT))
    return table


def cli_run(table: Path, objective: str, limit: float, code: Path) -> dict[str, Any]:
    """``cli.py solve`` on the written files; the written timetable read back and scored."""
    from . import sweep_meetings

    meetings = table.name == "meetings.csv"
    out_dir = table.parent / "out"
    if out_dir.exists():
        for path in sorted(out_dir.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
    command = [sys.executable, str(code / "cli.py"), "solve", str(table)]
    command += [] if meetings else ["--objective", solved_as(objective)]  # a meeting table's: its rules file's
    command += ["--time-limit", f"{limit:g}", "--out", str(out_dir), "--format", "csv", "--lang", "en"]
    ran = run_process(command, limit, environment(code))
    text = ran["stdout"] + ran["stderr"]
    status = next((line.split(":", 1)[1].split()[0] for line in text.splitlines() if line.startswith("Status:")), "")
    if meetings:
        status = sweep_meetings.status_of(text) if status else ""
    out: dict[str, Any] = {"process": ran["wall"], "cpu": ran["cpu"], "peak_mb": ran["peak_mb"], "code": ran["code"]}
    out["status"] = "killed" if ran["killed"] else status or f"exit {ran['code']}"
    written = out_dir / "timetable.csv"
    if written.exists():
        out.update(sweep_meetings.written(written) if meetings else _score_file(written, table, objective))
    elif ran["code"] == 1:
        out["reason"] = _reason_of(text)
    elif ran["code"] not in (0, 1):
        out["error"] = (ran["stderr"].strip().splitlines() or ["?"])[-1][:80]
    return out


def _reason_of(text: str) -> str:
    """What the CLI said when it printed no timetable."""
    lowered = text.lower()
    if "can only meet in" in lowered:  # a Hall set (its list then says "by counting, as above")
        return "matching"
    if "units need at least" in lowered or "units do not fit" in lowered:  # (the second: since the house)
        return "counting"
    if "by counting" in lowered:  # the categories' own times, or the order against a unit's limits
        return "counting"
    if "none was proven impossible" in lowered:
        return "unproven"
    if "may not be the smallest" in lowered or "may not be minimal" in lowered or "so far" in lowered:
        return "partial"
    if "these rules cannot all hold" in lowered:
        return "minimal"
    return "none"


def _score_file(written: Path, table: Path, objective: str) -> dict[str, Any]:
    """The written timetable checked against the problem read from the shape's own files."""
    import scheduler
    from scheduler.files.load import load

    problem = load(table, strict=True).problem
    timetable = load(written, table.with_suffix(".toml")).timetable
    report = scheduler.validate(problem, timetable)
    from .peers import _report

    scored = _report(problem, solved_as(objective), timetable)
    return {"valid": report.ok, "score": scored["score"]}


def _gap(score: list[int] | None, bound: list[int] | None) -> str:
    if not score or not bound:
        return ""
    for s, b in zip(score, bound, strict=False):
        if s != b:
            return f"{abs(s - b) / max(1, abs(s)):.1%}"
    return "0%"


def _versus(score: list[int] | None, other: list[int] | None) -> str:
    """Our score against another's: first criterion that differs (``-3``: three better)."""
    if not score or not other:
        return ""
    for s, o in zip(score, other, strict=False):
        if s != o:
            return f"{s - o:+d}"
    return "="


def _time_ratio(theirs: dict[str, Any], ours: dict[str, Any]) -> str:
    mine = ours.get("proven") or ours.get("total")
    other = theirs.get("proven") if ours.get("proven") and theirs.get("proven") else None
    marker = ""
    if other is None:
        other = theirs.get("total") or theirs.get("process")
        if ours.get("proven"):
            marker = ">"
    if not mine or not other:
        return ""
    return f"{marker}{other / mine:.1f}x"


COLUMNS = (
    "shape",
    "objective",
    "units",
    "cli_s",
    "cli_cpu",
    "cli_mb",
    "cli",
    "lib_s",
    "lib_cpu",
    "lib_mb",
    "status",
    "score",
    "bound",
    "gap",
    "highs",
    "highs/lib",
    "greedy",
    "vs greedy",
    "lib/greedy",
    "expected",
)


def _score_text(out: dict[str, Any]) -> str:
    return "/".join(str(v) for v in out.get("score") or [])


def _status_text(out: dict[str, Any]) -> str:
    status = str(out.get("status", ""))
    if out.get("valid") is False:
        status += " INVALID"
    if out.get("reason"):
        status += f" ({out['reason']})"
    if out.get("error"):
        status += f" [{out['error']}]"
    return status


def met(expect: str, out: dict[str, Any]) -> bool:
    """Whether a run answered what its shape expects (see :func:`expected`)."""
    status = str(out.get("status", ""))
    if expect == "timetable":
        # the command's "Status: best found in the time limit …" is the library's "feasible"
        return status in ("optimal", "feasible", "best") and out.get("valid") is not False
    if expect == "infeasible, rules":
        return status == "infeasible" and out.get("reason") in ("minimal", "partial", "matching", "counting")
    return status == "infeasible"


def _expected_text(expect: str, runs: dict[str, dict[str, Any]]) -> str:
    """The expectation and the runs that missed it (``ok`` when the command's and the library's met it)."""
    missed = [m for m in ("cli", "lib") if m in runs and not met(expect, runs[m])]
    return f"{expect}: " + (f"MISSED by {'+'.join(missed)}" if missed else "ok")


def row_of(shape: str, objective: str, units: int, runs: dict[str, dict[str, Any]], expect: str = "") -> dict[str, str]:
    """One line of the table from the four runs."""
    cli, lib, greedy, highs = (runs.get(m, {}) for m in ("cli", "lib", "greedy", "highs"))

    def seconds(value: Any) -> str:
        return "" if value is None else f"{value:.2f}"

    highs_text = _status_text(highs)
    if highs.get("score"):
        highs_text += " " + _score_text(highs)
    ratio_greedy = ""
    if lib.get("total") and greedy.get("total"):
        ratio_greedy = f"{lib['total'] / greedy['total']:.1f}x"
    return {
        "shape": shape,
        "objective": objective,
        "units": str(units),
        "cli_s": seconds(cli.get("process")),
        "cli_cpu": seconds(cli.get("cpu")),
        "cli_mb": f"{cli.get('peak_mb', 0):.0f}" if cli else "",
        "cli": _status_text(cli) + (" " + _score_text(cli) if cli.get("score") else ""),
        "lib_s": seconds(lib.get("total") if lib.get("total") is not None else lib.get("process")),
        "lib_cpu": seconds(lib.get("cpu")),
        "lib_mb": f"{lib.get('peak_mb', 0):.0f}" if lib else "",
        "status": _status_text(lib),
        "score": _score_text(lib),
        "bound": "/".join(str(v) for v in lib.get("bound") or []),
        "gap": _gap(lib.get("score"), lib.get("bound")),
        "highs": highs_text,
        "highs/lib": _time_ratio(highs, lib) if highs and lib else "",
        "greedy": _score_text(greedy)
        if greedy.get("score")
        else "none"
        if greedy.get("total")
        else _status_text(greedy),
        "vs greedy": _versus(lib.get("score"), greedy.get("score")),
        "lib/greedy": ratio_greedy,
        "expected": _expected_text(expect, runs) if expect else "",
    }


def table(rows: list[dict[str, str]], columns: tuple[str, ...]) -> str:
    """Rows as an aligned plain-text table."""
    widths = {c: max([len(c)] + [len(r.get(c, "")) for r in rows]) for c in columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in columns)]
    lines += ["  ".join(r.get(c, "").ljust(widths[c]) for c in columns) for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    if "SWEEP_CODE" in os.environ:  # a run of a sweep: ``-m`` put the working directory (this
        # checkout) ahead of PYTHONPATH, so ``lib`` runs measured this code, not ``--code``'s
        sys.path.insert(0, os.environ["SWEEP_CODE"])
    from . import perturbed, series_tables
    from .shapes import QUICK, SHAPES, TINY

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=4, metavar=("SHAPE", "OBJECTIVE", "METHOD", "LIMIT"), help=argparse.SUPPRESS)
    parser.add_argument("--write", nargs=3, metavar=("SHAPE", "OBJECTIVE", "DIR"), help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=float, default=10.0, help="--time-limit of every run (default 10 s)")
    parser.add_argument("--grace", type=float, default=GRACE, help="seconds past the limit before a run is killed")
    parser.add_argument("--quick", action="store_true", help="four 300-unit shapes")
    parser.add_argument("--tiny", action="store_true", help="two 40-unit shapes (for the tests)")
    parser.add_argument("--only", nargs="*", help="shape names to run (<name>-s<seed>: another seed)")
    parser.add_argument("--objectives", nargs="*", help="objectives to run (compact, compact-own, stable)")
    parser.add_argument("--methods", nargs="*", default=["cli", "lib", "greedy", "highs"], help="runs per shape")
    parser.add_argument("--code", default=str(ROOT), help="the checkout whose scheduler and cli.py are run")
    parser.add_argument("--files", default=None, help="where the shapes' files go (default: a temporary folder)")
    parser.add_argument("--csv", default=str(ROOT / "benchmarks" / "results" / "sweep.csv"), help="CSV to write")
    args = parser.parse_args(argv)
    if args.child:
        shape, objective, method, limit = args.child
        child(shape, objective, method, float(limit))
        return 0
    if args.write:
        from .shapes import write_files

        name, objective, target = args.write
        shape = find(name)
        if is_meetings(shape):
            series_tables.write(shape.meetings, Path(target), series=shape.series, seed=shape.seed)
        else:
            write_files(problem_of(shape, objective), Path(target))
        return 0
    _GRACE[0] = args.grace
    code = Path(args.code).resolve()
    every = [s.name for s in (*SHAPES, *perturbed.SHAPES, *series_tables.SHAPES)]
    names = [s.name for s in TINY] if args.tiny else list(QUICK) if args.quick else every
    if args.only:
        names = args.only
    folder = Path(args.files) if args.files else Path(tempfile.mkdtemp(prefix="shapes-"))
    rows: list[dict[str, str]] = []
    print(f"code: {code}; files: {folder}; limit {args.limit:g} s", flush=True)
    print(table([], COLUMNS).splitlines()[0], flush=True)
    for name in names:
        shape = find(name)
        for objective in shape.objectives:
            if args.objectives and objective not in args.objectives:
                continue
            runs: dict[str, dict[str, Any]] = {}
            table_path = files_of(name, objective, folder)
            units = sum(1 for _ in table_path.open(encoding="utf-8-sig")) - 1
            for method in args.methods:
                if method == "cli":
                    runs[method] = cli_run(table_path, objective, args.limit, code)
                elif is_meetings(shape) and method == "highs":
                    runs[method] = {"status": "n/a"}  # no model of a meeting table
                else:
                    runs[method] = spawn(
                        str(table_path) if is_meetings(shape) else name, objective, method, args.limit, code
                    )
            rows.append(row_of(name, objective, units, runs, expected(shape)))
            print(table(rows[-1:], COLUMNS).splitlines()[1], flush=True)
    print()
    print(table(rows, COLUMNS))
    path = Path(args.csv)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    print(f"\nwritten: {path}\nmachine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
