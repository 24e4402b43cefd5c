"""Reading files (``make bench-reading``): ``validate`` from the notice to 5,000 units, ratios in one run.

For the 2021 notice and shapes of 1,000 to 5,000 units written as files (a CSV table,
an ``.xlsx`` copy, a rules file with one ``[[unavailable]]`` entry per unit), two
figures, medians of ``--repeats`` fresh processes:

* ``validate_s``: ``python cli.py validate TABLE``, the whole process;
* ``read_s``: reading alone, inside a process: the table, the rules file and the
  problem built from them (:func:`scheduler.files.load.load`);
* ``ics_s``: ``python cli.py ics TABLE --out DIR`` (CSV tables: the rules file then
  also sets up invites and names a contacts table, one address per unit), the whole
  process: reading the table, the rules, the contacts, writing one invite per unit.

``vs notice`` is ``validate_s`` over the notice's, measured in the same run.

    python -m benchmarks.reading
    python -m benchmarks.reading --code /tmp/base --sizes 1000   # another checkout
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

from .sweep import ROOT, environment, run_process, table

NOTICE = ROOT / "examples" / "notice_2021.csv"
SIZES = {1000: "base-1000u-4r", 2000: "2000u-1r", 5000: "5000u-4r"}

_READ = """
import json, sys, time
started = time.perf_counter()
from scheduler.files.load import load
imported = time.perf_counter()
loaded = load(sys.argv[1])
done = time.perf_counter()
print(json.dumps({"read": done - imported, "units": len(loaded.problem.units),
                  "entries": len(loaded.problem.unavailable)}))
"""


def write_xlsx(csv_path: Path) -> Path:
    """The same table as an ``.xlsx`` workbook, with a copy of its rules file beside it."""
    import csv

    import openpyxl

    target = csv_path.with_name(csv_path.stem + "-xlsx.xlsx")
    if not target.exists():
        book = openpyxl.Workbook()
        sheet = book.active
        with csv_path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.reader(handle):
                sheet.append(row)
        book.save(target)
        target.with_suffix(".toml").write_bytes(csv_path.with_suffix(".toml").read_bytes())
    return target


INVITES = """
[invites]
campaign = "bench-reading"
contacts = "{contacts}"

[invites.organizer]
name = "办公室"
email = "office@example.org"
"""


def with_invites(csv_path: Path) -> Path:
    """A copy of the table whose rules file sets up invites, with a contacts table for every unit."""
    import csv

    if "[invites]" in csv_path.with_suffix(".toml").read_text(encoding="utf-8"):
        return csv_path  # the notice: its own invites and contacts
    target = csv_path.with_name(csv_path.stem + "-ics.csv")
    if not target.exists():
        target.write_bytes(csv_path.read_bytes())
        contacts = csv_path.with_name(csv_path.stem + "-contacts.csv")
        with csv_path.open(encoding="utf-8-sig", newline="") as handle:
            units = [row["单位"] for row in csv.DictReader(handle)]
        lines = ["单位,邮箱,联系人"] + [f"{u},unit{k}@example.org,联系人{k}" for k, u in enumerate(units)]
        contacts.write_text("\n".join(lines) + "\n", encoding="utf-8")
        rules = csv_path.with_suffix(".toml").read_text(encoding="utf-8")
        target.with_suffix(".toml").write_text(rules + INVITES.format(contacts=contacts.name), encoding="utf-8")
    return target


def measure(path: Path, code: Path, repeats: int, ics: bool) -> dict[str, float | int]:
    env = environment(code)
    validate, read, invites = [], [], []
    found: dict[str, int] = {}
    for k in range(repeats):
        if ics:
            command = [sys.executable, str(code / "cli.py"), "ics", str(with_invites(path)), "--lang", "en"]
            command += ["--out", str(Path(tempfile.mkdtemp(prefix="invites-")) / f"run-{k}")]
            ran = run_process(command, 600, env)
            if ran["code"] != 0:
                raise SystemExit(f"ics failed on {path}: {ran['stderr'][-300:]}")
            invites.append(ran["wall"])
        command = [sys.executable, str(code / "cli.py"), "validate", str(path), "--lang", "en"]
        ran = run_process(command, 600, env)
        if ran["code"] not in (0, 1):
            raise SystemExit(f"validate failed on {path}: {ran['stderr'][-300:]}")
        validate.append(ran["wall"])
        ran = run_process([sys.executable, "-c", _READ, str(path)], 600, env)
        out = json.loads(ran["stdout"].strip().splitlines()[-1])
        read.append(out["read"])
        found = {"units": out["units"], "entries": out["entries"]}
    medians = {"validate": statistics.median(validate), "read": statistics.median(read)}
    if invites:
        medians["ics"] = statistics.median(invites)
    return {**medians, **found}


COLUMNS = ("table", "units", "entries", "files_kb", "validate_s", "read_s", "vs notice", "ics_s")


def main(argv: list[str] | None = None) -> int:
    from .shapes import build, shape_named, write_files

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", default=str(ROOT), help="the checkout whose cli.py and scheduler are run")
    parser.add_argument("--sizes", nargs="*", type=int, default=list(SIZES), help="units (1000, 2000, 5000)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-xlsx", action="store_true", help="CSV tables only")
    args = parser.parse_args(argv)
    code = Path(args.code).resolve()
    folder = Path(tempfile.mkdtemp(prefix="reading-"))
    cases: list[tuple[str, Path]] = [("notice", NOTICE)]
    for size in args.sizes:
        name = SIZES[size]
        path = write_files(build(shape_named(name)), folder / name)
        cases.append((f"{name} csv", path))
        if not args.no_xlsx:
            cases.append((f"{name} xlsx", write_xlsx(path)))
    rows = []
    base = None
    for name, path in cases:
        got = measure(path, code, args.repeats, ics=path.suffix == ".csv")
        base = base or got["validate"]
        size = path.stat().st_size + path.with_suffix(".toml").stat().st_size
        rows.append(
            {
                "table": name,
                "units": str(got["units"]),
                "entries": str(got["entries"]),
                "files_kb": f"{size / 1024:.0f}",
                "validate_s": f"{got['validate']:.3f}",
                "read_s": f"{got['read']:.3f}",
                "vs notice": f"{got['validate'] / base:.1f}x",
                "ics_s": f"{got['ics']:.3f}" if "ics" in got else "",
            }
        )
        print(rows[-1], flush=True)
    print()
    print(table(rows, COLUMNS))
    print(f"\ncode: {code}; medians of {args.repeats}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
