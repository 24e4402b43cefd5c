"""Meeting tables at office scale (100-2,000 meetings), as the QA mscale tester's were drawn.

``python -m benchmarks.office_tables 2000 --pins 4 --out DIR`` writes ``DIR/meetings.csv``,
``DIR/people.csv`` and ``DIR/meetings.toml``: units of people (a few whole units taking part),
series of 3-5 meetings in one room, 上午/下午, 不早于 9:30, 不晚于 16:00, 指定会议室/不用会议室, 人数,
共用组 with one room of capacity 2, changeovers, a 15-minute gap, busy times per person (a whole day,
a span, every afternoon of a day) and per unit, ``[invites]``, every address on example.org. The
tester's generator (``gen.py N P DIR``) stayed with its report; this one follows its description
(docs/benchmarks.md, "Meeting tables at office scale"): m100 has 200 people, 4 days, 5 rooms; m400
600, 9, 11; m1000 1,500, 19, 23; m2000 3,000, 25, 43 (other sizes are scaled between them).

``--pins P`` pins P meetings, each at the place a timetable of the same table without pins gives
it (the objective's greedy, found once here, or a solve of 10 s when it finds none), so the pinned
table has a timetable by construction; pinned meetings are chosen among the larger ones, which the
greedy would place first without the pin (the QA finding: larger meetings took a pin's only place).
``--wishes``: a 时段偏好 on about half the rows and ``participant-days`` and ``idle`` counted for a few
units, as QA qamscale18's m2000nl (its generator is gone with its report; its hearings left out):
``python -m benchmarks.office_tables 2000 --wishes --out DIR`` is the 2,000-meeting table the T + 1
series of docs/benchmarks.md ("Eighteenth session: 2,000 meetings") time.
Seeded: the same arguments give the same files.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

SIZES = {100: (200, 4, 5), 400: (600, 9, 11), 1000: (1500, 19, 23), 2000: (3000, 25, 43)}
"""Meetings -> (people, days, rooms), the tester's."""
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力斌宇浩凯鹏飞鑫波"
    "宁琳雪梅晨阳晓峰亮春海燕婷欣怡佳慧颖琪"
)
UNITS = (
    "区财政局", "区发改委", "区自然资源局", "区教育局", "区卫健委", "区民政局", "区人社局", "区住建局",
    "区交通局", "区水务局", "区农业农村局", "区商务局", "区文旅局", "区应急局", "区市场监管局", "区统计局",
    "区审计局", "区司法局", "区生态环境局", "区城管局", "区退役军人局", "区医保局", "区信访局", "区数据局",
)  # fmt: skip
TOPICS = ("预算碰头会", "营商环境碰头会", "乡村振兴协调会", "安全生产例会", "政务公开推进会", "项目调度会",
          "专题研究会", "信访协调会", "数据共享对接会", "民生实事督办会", "招商引资汇报会", "审计整改会")  # fmt: skip
LENGTHS = ((30, 3), (45, 2), (60, 5), (90, 2), (120, 1), (180, 0.5))


def _size(meetings: int) -> tuple[int, int, int]:
    if meetings in SIZES:
        return SIZES[meetings]
    people, days, rooms = SIZES[min(SIZES, key=lambda m: abs(m - meetings))]
    scale = meetings / min(SIZES, key=lambda m: abs(m - meetings))
    return max(20, round(people * scale)), max(2, round(days * scale)), max(3, round(rooms * scale))


def _days(count: int) -> list[date]:
    out, day = [], date(2026, 3, 2)  # a Monday
    while len(out) < count:
        if day.weekday() < 5:
            out.append(day)
        day += timedelta(days=1)
    return out


def _wish(rnd: random.Random, days: list[date]) -> str:
    """A 时段偏好 cell as an office writes one: a part of day, a day or a part of one, a bound."""
    day, other = rnd.sample(days, 2) if len(days) > 1 else (days[0], days[0])
    forms = (
        rnd.choice(("上午", "下午")),
        f"{day.month}月{day.day}日",
        f"{day.month}月{day.day}日{rnd.choice(('上午', '下午'))}",
        f"{day.month}月{day.day}日、{other.month}月{other.day}日",
        f"周{'一二三四五'[day.weekday()]}下午",
        rnd.choice(("不早于 10:00", "不晚于 15:00", "10点前")),
    )
    return rnd.choice(forms)


def write(meetings: int, folder: Path, pins: int = 0, seed: int = 0, wishes: bool = False) -> Path:
    """Write the table, the people sheet and the rules into ``folder``; returns the table's path.

    ``wishes``: a 时段偏好 on about half the rows and the per-person terms ``participant-days`` and
    ``idle`` (``who`` a few units), as QA qamscale18's m2000nl (its hearings left out)."""
    rnd = random.Random(seed * 100_003 + meetings)
    n_people, n_days, n_rooms = _size(meetings)
    days = _days(n_days)
    n_units = max(8, min(120, n_people // 25))
    units = [UNITS[k % len(UNITS)] + ("" if k < len(UNITS) else f"（{k // len(UNITS) + 1}）") for k in range(n_units)]
    whole = units[: min(12, n_units // 2)]  # units taking part as a whole
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n_people:
        name = rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2))))
        if name not in seen:
            seen.add(name)
            names.append(name)
    unit_of = {name: units[k % n_units] for k, name in enumerate(names)}
    members: dict[str, list[str]] = {}
    for name in names:
        members.setdefault(unit_of[name], []).append(name)
    rooms = [("第二会议室（双场）", 30, 2, 15)]
    for k in range(1, n_rooms):
        seats = rnd.choice((6, 8, 12, 12, 20, 30, 60))
        rooms.append((f"{300 + k}会议室", seats, 1, rnd.choice((0, 0, 15))))
    room_names = [r[0] for r in rooms]
    big = max(seats for _, seats, _, _ in rooms)

    def someone(unit: str) -> str:
        crew = members[unit]
        return crew[min(len(crew) - 1, int(rnd.expovariate(1 / 4)))]  # a unit's first few are busiest

    head = "序号,会议,时长,参会人员,可选参会人员,人数,指定会议室,不用会议室,时段,不早于,不晚于,系列,共用组"
    rows = [head + (",时段偏好" if wishes else "")]
    titles: list[str] = []
    lengths: list[int] = []
    i = 0
    while i < meetings:
        unit = rnd.choice(units)
        topic = rnd.choice(TOPICS)
        series = ""
        count = 1
        if rnd.random() < 0.04 and meetings - i >= 3:
            count = rnd.randint(3, min(5, meetings - i))
            series = f"系列{i + 1}"
        required = list(dict.fromkeys(someone(unit) for _ in range(rnd.randint(2, 6))))
        if rnd.random() < 0.3:
            other = rnd.choice(units)
            required += [p for p in (someone(other),) if p not in required]
        if rnd.random() < 0.08:
            required.append(rnd.choice(whole))
        optional = [p for p in dict.fromkeys(someone(rnd.choice(units)) for _ in range(rnd.randint(0, 3)))]
        optional = [p for p in optional if p not in required]
        (length,) = rnd.choices([m for m, _ in LENGTHS], weights=[w for _, w in LENGTHS])
        need = str(rnd.randint(len(required) + len(optional), big // 2)) if rnd.random() < 0.1 else ""
        allowed = forbidden = part = after = before = share = ""
        roll = rnd.random()
        heads = int(need) if need else len(required) + len(optional)
        fitting = [name for name, seats, _, _ in rooms[1:] if seats >= heads]
        if roll < 0.05 and fitting:
            allowed = "、".join(rnd.sample(fitting, min(3, len(fitting))))
        elif roll < 0.1:
            forbidden = rnd.choice(room_names[1:])
        roll = rnd.random()
        if roll < 0.15:
            part = rnd.choice(("上午", "下午"))
        elif roll < 0.2 and length <= 120:
            after = "9:30"
        elif roll < 0.25 and length <= 120:
            before = "16:00"
        if not series and rnd.random() < 0.05:
            share = rnd.choice(("甲", "乙", "甲、乙"))
        wish = _wish(rnd, days) if wishes and rnd.random() < 0.5 else ""
        for _ in range(count):
            i += 1
            title = f"{topic}（{i}）"
            titles.append(title)
            lengths.append(length)
            cells = (title, f"{length}分钟", "、".join(required), "、".join(optional), need, allowed, forbidden)
            tail_cells = (wish,) if wishes else ()
            rows.append(",".join((str(i), *cells, part, after, before, series, share, *tail_cells)))
    table = folder / "meetings.csv"
    folder.mkdir(parents=True, exist_ok=True)
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    people = ["姓名,单位,邮箱,不可用"]
    for k, name in enumerate(names):
        busy = ""
        roll = rnd.random()
        day = rnd.choice(days)
        if roll < 0.04:
            busy = f"{day.month}月{day.day}日"
        elif roll < 0.08:
            busy = f"{day.month}月{day.day}日 {rnd.choice((9, 10, 14, 15))}:00-{rnd.choice((11, 16, 17))}:00"
        elif roll < 0.1:
            busy = f"{day.month}月{day.day}日下午"
        mail = "" if rnd.random() < 0.05 else f"p{k}@example.org"
        people.append(f"{name},{unit_of[name]},{mail},{busy}")
    people += [f"{unit},,{'unit' + str(k)}@example.org," for k, unit in enumerate(whole)]
    (folder / "people.csv").write_text("\n".join(people) + "\n", encoding="utf-8")
    rules = [
        f"# {meetings} meetings at office scale (benchmarks/office_tables.py, seed {seed}, {pins} pins)",
        f'title = "{meetings}场会议"',
        'timezone = "Asia/Shanghai"',
        f"days = [{', '.join(chr(34) + d.isoformat() + chr(34) for d in days)}]",
        'hours = ["8:30-12:00", "14:00-17:30"]',
        "grid_minutes = 15",
        "gap_minutes = 15",
        f"units = [{', '.join(chr(34) + u + chr(34) for u in whole)}]",
        'people = "people.csv"',
        "",
    ]
    for name, seats, capacity, changeover in rooms:
        rules += ["[[rooms]]", f'name = "{name}"', f"seats = {seats}"]
        rules += [f"capacity = {capacity}"] if capacity > 1 else []
        rules += [f"changeover_minutes = {changeover}"] if changeover else []
        rules.append("")
    for unit in rnd.sample(whole, min(2, len(whole))):
        day = rnd.choice(days)
        rules += ["[[unavailable]]", f'unit = "{unit}"', f'times = "{day.month}月{day.day}日上午"', ""]
    tail = ["[objective]", 'preset = "default"', ""]
    if wishes:
        counted = ", ".join(chr(34) + u + chr(34) for u in units[: max(2, n_units // 8)])
        tail += ["[objective.participant-days]", f"who = [{counted}]", ""]
        tail += ["[objective.idle]", f"who = [{counted}]", ""]
    tail += [
        "[invites]",
        f'campaign = "office-{meetings}"',
        "",
        "[invites.organizer]",
        'name = "区政府办公室"',
        'email = "office@example.org"',
        "",
    ]
    rules_file = folder / "meetings.toml"
    rules_file.write_text("\n".join(rules + tail), encoding="utf-8")
    if pins:
        places = _places(table)
        chosen = sorted(range(len(titles)), key=lambda k: -lengths[k])[: 4 * pins]
        picked = rnd.sample(chosen, pins)
        for k in picked:
            when, room = places[titles[k]]
            rules += ["[[pins]]", f'meeting = "{titles[k]}"', f'time = "{when}"', f'room = "{room}"', ""]
        rules_file.write_text("\n".join(rules + tail), encoding="utf-8")
    return table


def _places(table: Path) -> dict[str, tuple[str, str]]:
    """Each meeting's start and room in the objective greedy's timetable of ``table`` (no pins)."""
    from scheduler.files.meeting_files import load_meetings
    from scheduler.meetings.greedy import greedy
    from scheduler.meetings.planner import solve_meetings, to_plan
    from scheduler.meetings.prepared import prepare

    loaded = load_meetings(str(table))
    prep = prepare(loaded.problem)
    found = greedy(prep, loaded.objective, rounds=3, second=False)
    if found is not None:
        plan = to_plan(prep, *found)
    else:  # small tight tables: the greedy finds none where the light model does
        plan = solve_meetings(loaded.problem, loaded.objective, time_limit=10, workers=1).plan
        if plan is None:
            raise SystemExit(f"{table}: no timetable found to take pins from")
    return {p.title: (f"{p.start:%Y-%m-%d %H:%M}", p.room or "") for p in plan.placements if p.start is not None}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("meetings", type=int)
    parser.add_argument("--pins", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--wishes", action="store_true", help="时段偏好 on half the rows, per-person terms")
    args = parser.parse_args(argv)
    print(write(args.meetings, args.out, args.pins, args.seed, args.wishes))


if __name__ == "__main__":
    main()
