"""How long an invite export takes: the 2021 notice (29 units) and 1,000 generated units.

Run with ``make bench-invites``. Prints seconds per export and per unit (best of three), for a
first export and for a regeneration where nothing changed (the common case), measured in this
run. The 1,000 units get one milestone each (the notice's 29 get all five).
"""

from __future__ import annotations

import sys
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


if __name__ == "__main__":
    main()
