"""A large organisation's meeting table with many series of differing seats (QA qabigmeet22's ``ms500``).

``python -m benchmarks.series_tables 500 --out DIR`` writes ``DIR/meetings.csv``, ``DIR/people.csv``
and ``DIR/meetings.toml``: 500 meetings of 800 people over 5 days, rooms of 6-50 seats (enough for
about 55% of the working time), 15 minutes to 3 hours, 2-6 required and 0-3 optional people each,
上午/下午 on a fifth, 人数 on 5%, a tenth of the people away for a half-day, one person required in the
first 40 meetings, and a series (系列) of 3 meetings started at 30% of the rows. A series' meetings
draw their own people, so they need different seats, and share one room: a series opened in the
smallest room its first meeting fits left the others nowhere (QA qabigmeet22 F1, fixed by narrowing a
series' rooms to those all of it may use). The tester's generator (``gen.py``) stayed with its
report; this one follows it. Seeded: the same arguments give the same files. Addresses on example.org.
"""

from __future__ import annotations

import argparse
import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .office_tables import GIVEN, SURNAMES

LENGTHS = (15, 30, 45, 60, 60, 90, 120, 180)
SEATS = (6, 8, 10, 12, 16, 20, 30, 50)


@dataclass(frozen=True)
class SeriesShape:
    """A table of the sweep (``make bench-shapes``): written by :func:`write`, solved from its files."""

    name: str
    meetings: int
    series: float = 0.3
    seed: int = 0
    objectives: tuple[str, ...] = ("default",)
    """The rules file's own objective (``[objective] preset = "default"``)."""
    expected: str = "timetable"


SHAPES: tuple[SeriesShape, ...] = (SeriesShape("series-500m", 500),)


def write(meetings: int, folder: Path, people: int = 0, days: int = 0, series: float = 0.3, seed: int = 0) -> Path:
    """Write the table, its people sheet and rules into ``folder``; return the table's path.

    ``people`` and ``days`` default to 1.6 a meeting and one day per 100 meetings (the QA's 800 and 5
    at 500); ``series``: the chance that a row starts a series of 3."""
    rnd = random.Random(f"series-{meetings}-{seed}")
    n_people = people or max(20, meetings * 8 // 5)
    n_days = days or max(2, meetings // 100)
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n_people:
        name = rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN)
        if name not in seen:
            seen.add(name)
            names.append(name)
    hub, others = names[0], names[1:]
    day_list = _days(n_days)
    n_rooms = max(6, math.ceil(meetings * sum(LENGTHS) / len(LENGTHS) / (n_days * 420 * 0.55)))
    rooms = [
        (f"{r + 1:02d}{rnd.choice(('会议室', '洽谈室', '报告厅'))}", SEATS[r % len(SEATS)]) for r in range(n_rooms)
    ]
    rows = ["序号,会议,时长,参会人员,可选参会人员,人数,时段,系列"]
    left, label = 0, ""
    for m in range(meetings):
        length = rnd.choice(LENGTHS)
        required = rnd.sample(others, rnd.randint(2, 6))
        optional = [p for p in rnd.sample(others, rnd.randint(0, 3)) if p not in required]
        if m < 40:
            required, length = [hub, *required[:3]], rnd.choice((15, 30, 45))
        part = rnd.choice(("",) * 8 + ("上午", "下午"))
        if left == 0 and rnd.random() < series:
            left, label = 3, f"系列{m + 1}"
        in_series = label if left else ""
        left = max(0, left - 1)
        seats = str(min(len(required) + len(optional) + 10, 30)) if rnd.random() < 0.05 else ""
        cells = (f"议题{m + 1:04d}", f"{length}分钟", "、".join(required), "、".join(optional), seats, part, in_series)
        rows.append(",".join((str(m + 1), *cells)))
    folder.mkdir(parents=True, exist_ok=True)
    table = folder / "meetings.csv"
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    sheet = ["姓名,单位,邮箱,不可用"]
    for k, name in enumerate(names):
        away = ""
        if k and rnd.random() < 0.1:
            day = rnd.choice(day_list)
            away = f"{day.month}月{day.day}日{rnd.choice(('上午', '下午'))}"
        sheet.append(f"{name},第{k % max(8, n_people // 25) + 1}处,p{k}@example.org,{away}")
    (folder / "people.csv").write_text("\n".join(sheet) + "\n", encoding="utf-8")
    rules = [
        f"# {meetings} meetings, series of differing seats (benchmarks/series_tables.py, seed {seed})",
        f'title = "{meetings}场会议（系列）"',
        'timezone = "Asia/Shanghai"',
        f"days = [{', '.join(chr(34) + d.isoformat() + chr(34) for d in day_list)}]",
        'hours = ["8:30-12:00", "14:00-17:30"]',
        "grid_minutes = 15",
        'people = "people.csv"',
        "",
    ]
    for name, seats in rooms:
        rules += ["[[rooms]]", f'name = "{name}"', f"seats = {seats}", ""]
    rules += ["[objective]", 'preset = "default"', ""]
    (folder / "meetings.toml").write_text("\n".join(rules), encoding="utf-8")
    return table


def _days(count: int) -> list[date]:
    out, day = [], date(2027, 3, 1)  # a Monday
    while len(out) < count:
        if day.weekday() < 5:
            out.append(day)
        day += timedelta(days=1)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("meetings", type=int)
    parser.add_argument("--series", type=float, default=0.3, help="chance a row starts a series of 3")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    print(write(args.meetings, args.out, series=args.series, seed=args.seed))


if __name__ == "__main__":
    main()
