"""How long an invite export takes: the 2021 notice (29 units) and 1,000 generated units, and the
whole ``solve --out`` command at 5,000 units with invites.

Run with ``make bench-invites``. Prints seconds per export and per unit (best of three), for a
first export and for a regeneration where nothing changed (the common case), measured in this
run. The 1,000 units get one milestone each (the notice's 29 get all five). Then the sweep's
``5000u-4r`` shape, written with the notice's ``[invites]`` table, its five milestones and a
contacts table of 5,000 addresses, solved by ``cli.py solve --out`` (every format and the invites)
at ``--time-limit`` 1, 2, 3 and 5, then corrected by ``cli.py reschedule --out`` into that folder
(one unit unavailable at its own time, mid-campaign), without and with ``DOCKING_NOW`` in the middle
of the campaign (issue 16, sixteenth session): whole-process seconds, CPU seconds (the command and
its forked children) and the load, against the promise of T + 1.
"""

from __future__ import annotations

import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scheduler import Calendar, Meeting, Problem, Room, Timetable, Unit, load  # noqa: E402
from scheduler.files.contacts import Contact  # noqa: E402
from scheduler.invites.folder import export, read_sources  # noqa: E402

NOW = datetime(2021, 9, 6, tzinfo=UTC)


def timed(run: object, repeat: int = 3) -> tuple[float, object]:
    """The best of ``repeat`` runs (the machine is shared and noisy) and the result."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best, result


def generated(count: int) -> tuple[Problem, Timetable, dict[str, Contact]]:
    hours = tuple(datetime(2021, 1, 1, h).time() for h in (8, 9, 10, 11, 15, 16, 17, 18))
    days = tuple(date(2021, 9, 8) + timedelta(days=d) for d in range(-(-count // len(hours))))
    calendar = Calendar(days, hours)
    units = tuple(Unit(f"测试单位{i:04d}", "部门" if i % 3 else "镇办") for i in range(count))
    problem = Problem(units, calendar, (Room("区政府420房间", 1),), ("部门", "镇办"))
    meetings = tuple(Meeting(u.name, calendar.slots[i], "区政府420房间") for i, u in enumerate(units))
    contacts = {u.name: Contact(u.name, f"unit{i:04d}@units.test", "联络员") for i, u in enumerate(units)}
    return problem, Timetable(meetings), contacts


def main() -> None:
    loaded = load(ROOT / "examples" / "notice_2021.csv")
    sources = read_sources(loaded.rules, loaded.problem, ROOT / "benchmarks" / "no-such-folder")
    export(sources, loaded.problem, loaded.timetable, NOW)  # warm-up: icalendar loads lazily
    cases = [("notice 2021", loaded.problem, loaded.timetable, sources)]
    problem, timetable, contacts = generated(1000)
    big = replace(
        sources,
        settings=replace(sources.settings, milestones=sources.settings.milestones[:1]),
        contacts=replace(sources.contacts, by_unit=contacts),
    )
    cases.append(("1,000 units", problem, timetable, big))
    for name, problem, timetable, case in cases:
        first_s, first = timed(lambda p=problem, t=timetable, c=case: export(c, p, t, NOW))
        again_s, _ = timed(lambda p=problem, t=timetable, c=case, f=first: export(replace(c, state=f.state), p, t, NOW))
        units = len(problem.units)
        print(
            f"{name}: first export {first_s:.2f} s ({first_s / units * 1000:.1f} ms/unit), "
            f"regeneration {again_s:.2f} s ({again_s / units * 1000:.1f} ms/unit), "
            f"ratio regeneration/first {again_s / first_s:.2f}"
        )


def whole_command(limits: tuple[float, ...] = (1, 2, 3, 5)) -> None:
    """``cli.py solve --out`` at 5,000 units with invites: the whole process, once per limit."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "w"
        command = [sys.executable, "-m", "benchmarks.sweep", "--write", "5000u-4r", "stable", str(folder)]
        subprocess.run(command, cwd=ROOT, check=True)
        notice = (ROOT / "examples" / "notice_2021.toml").read_text(encoding="utf-8")
        with (folder / "table.toml").open("a", encoding="utf-8") as rules:
            rules.write("\n" + notice[notice.index("[invites]") :])
        with (folder / "table.csv").open(encoding="utf-8-sig") as table:
            names = [row[2] for row in list(csv.reader(table))[1:]]
        with (folder / "contacts_2021.csv").open("w", encoding="utf-8", newline="") as contacts:
            writer = csv.writer(contacts)
            writer.writerow(["单位", "邮箱", "联系人"])
            writer.writerows([name, f"unit{i:04d}@units.test", "联络员"] for i, name in enumerate(names))
        for limit in limits:
            out = Path(scratch) / f"out-{limit:g}"
            solve = [sys.executable, str(ROOT / "cli.py"), "solve", str(folder / "table.csv"), "--objective", "stable"]
            solve += ["--time-limit", f"{limit:g}", "--out", str(out), "--lang", "en"]
            took, cpu, code = _run(solve)
            files = sum(1 for _ in (out / "invites").iterdir()) if (out / "invites").exists() else 0
            verdict = "within" if took <= limit + 1 else "over"
            print(
                f"5,000 units, solve --out (every format, invites), --time-limit {limit:g}: {took:.2f} s "
                f"whole process ({cpu:.2f} s of CPU, its children included: steadier on a shared machine), "
                f"exit {code}, {files} invite files; {verdict} T + 1 "
                f"(load {os.getloadavg()[0]:.1f})"
            )
            rescheduled(out, limit)


RESCHEDULE_NOW = "2021-10-01T12:00+08:00"
"""``DOCKING_NOW`` of the second ``reschedule``: the campaign under way (the units before it held)."""


def _run(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """One command: its whole-process seconds, CPU seconds (its forked children included), exit code."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    ran = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **(env or {})})
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the command and the children it forks
    return took, after.ru_utime - used.ru_utime + after.ru_stime - used.ru_stime, ran.returncode


def rescheduled(out: Path, limit: float) -> None:
    """``reschedule --out`` of the folder ``solve --out`` wrote, a copy for each run: one unit of the
    middle of the campaign unavailable at its own time, without and with ``DOCKING_NOW``
    (:data:`RESCHEDULE_NOW`), at the same limit; the promise is T + 1 for it too."""
    import shutil

    with (out / "timetable.csv").open(encoding="utf-8-sig") as table:
        rows = sorted(list(csv.reader(table))[1:], key=lambda row: row[1])
    unit, when = rows[len(rows) * 2 // 3][2], rows[len(rows) * 2 // 3][1]
    for label, env in (("", None), (f", DOCKING_NOW={RESCHEDULE_NOW}", {"DOCKING_NOW": RESCHEDULE_NOW})):
        again = out.with_name(out.name + "-again")
        shutil.rmtree(again, ignore_errors=True)
        shutil.copytree(out, again)
        command = [sys.executable, str(ROOT / "cli.py"), "reschedule", str(again / "timetable.csv")]
        command += ["--unavailable", f"{unit}@{when}", "--time-limit", f"{limit:g}", "--out", str(again)]
        took, cpu, code = _run([*command, "--lang", "en"], env)
        verdict = "within" if took <= limit + 1 else "over"
        print(
            f"5,000 units, reschedule --out (every format, invites{label}), --time-limit {limit:g}: "
            f"{took:.2f} s whole process ({cpu:.2f} s of CPU), exit {code}; {verdict} T + 1 "
            f"(load {os.getloadavg()[0]:.1f})"
        )


if __name__ == "__main__":
    if "--whole" not in sys.argv:  # (``--whole``: only the whole commands at 5,000 units)
        main()
    whole_command()
