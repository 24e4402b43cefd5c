"""Timefold's meeting-scheduling demo data, recreated from its recipe, and larger instances like it.

The quickstart's generator (Python, seeded with ``Random(0)``) makes 20 people with random names,
three rooms (30, 20 and 16 seats), four days of 15-minute grains from 8:00 to 17:45 (indices 1..160,
running on across days), and 24 meetings: a length of 8, 12 or 16 grains, 2 to 10 required attendees
and 1 to 9 preferred ones (never a required one), drawn from fixed weighted distributions. This
module draws the same numbers in the same order from the same seed, so ``demo()`` is the
quickstart's own instance (``tests/test_timefold_recipe.py`` pins a few of its facts), written with
our own code.

Larger instances (``scaled(n)``) follow the same recipe at ``n`` meetings. Decision: the load stays
the demo's (about 60% of the room-grains), so people and rooms grow with the meetings (20 people and
3 rooms per 24 meetings, the rooms' seats repeating 30, 20, 16) and the horizon stays four days.

``write_tables`` writes an instance in our own format: a meeting table (会议, 时长, 参会人员,
可选参会人员), a people sheet and a rules file (docs/meetings.md).
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from math import ceil
from pathlib import Path

FIRST_NAMES = [
    "Amy",
    "Beth",
    "Carl",
    "Dan",
    "Elsa",
    "Flo",
    "Gus",
    "Hugo",
    "Ivy",
    "Jay",
    "Jeri",
    "Hope",
    "Avis",
    "Lino",
    "Lyle",
    "Nick",
    "Dino",
    "Otha",
    "Gwen",
    "Jose",
    "Dena",
    "Jana",
    "Dave",
    "Russ",
    "Josh",
    "Dana",
    "Katy",
]
LAST_NAMES = [
    "Cole",
    "Fox",
    "Green",
    "Jones",
    "King",
    "Li",
    "Poe",
    "Rye",
    "Smith",
    "Watt",
    "Howe",
    "Lowe",
    "Wise",
    "Clay",
    "Carr",
    "Hood",
    "Long",
    "Horn",
    "Haas",
    "Meza",
]
TOPICS = (
    "Strategize B2B",
    "Fast track e-business",
    "Cross sell virtualization",
    "Profitize multitasking",
    "Transform one stop shop",
    "Engage braindumps",
    "Downsize data mining",
    "Ramp up policies",
    "On board synergies",
    "Reinvigorate user experience",
    "Strategize e-business",
    "Fast track virtualization",
    "Cross sell multitasking",
    "Profitize one stop shop",
    "Transform braindumps",
    "Engage data mining",
    "Downsize policies",
    "Ramp up synergies",
    "On board user experience",
    "Reinvigorate B2B",
    "Strategize virtualization",
    "Fast track multitasking",
    "Cross sell one stop shop",
    "Reinvigorate multitasking",
)
# (count, weight): the quickstart's published distributions.
DURATIONS = ((8, 1.0), (12, 1.0), (16, 1.0))
REQUIRED = ((2, 0.45), (3, 0.15), (4, 0.10), (5, 0.10), (6, 0.08), (7, 0.05), (8, 0.04), (10, 0.03))
PREFERRED = (
    (1, 0.25),
    (2, 0.30),
    (3, 0.20),
    (4, 0.10),
    (5, 0.06),
    (6, 0.04),
    (7, 0.02),
    (8, 0.02),
    (9, 0.01),
    (10, 0.00),
)
ROOM_SEATS = (30, 20, 16)
GRAIN_MINUTES = 15
DAY_START = 8 * 60
GRAINS_PER_DAY = 40  # 8:00 .. 17:45
DAYS = 4
# Timefold dates its grains from tomorrow; only "same day or not" matters to its score, so fixed
# dates (a Monday to a Thursday) make our files reproducible.
FIRST_DAY = date(2025, 3, 3)


@dataclass(frozen=True)
class Grain:
    index: int
    day: int  # 0-based day number
    minute: int  # minute of the day it starts


@dataclass(frozen=True)
class Room:
    id: str
    name: str
    seats: int


@dataclass(frozen=True)
class Person:
    id: str
    name: str


@dataclass(frozen=True)
class Meeting:
    id: str
    topic: str
    grains: int
    required: tuple[str, ...]  # person ids
    preferred: tuple[str, ...]


@dataclass(frozen=True)
class Instance:
    """One problem in the quickstart's terms (grain indices, person and room ids)."""

    name: str
    grains: tuple[Grain, ...]
    rooms: tuple[Room, ...]
    people: tuple[Person, ...]
    meetings: tuple[Meeting, ...]
    days: tuple[str, ...] = field(default=())

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Instance:
        raw = json.loads(text)
        return cls(
            name=raw["name"],
            grains=tuple(Grain(**g) for g in raw["grains"]),
            rooms=tuple(Room(**r) for r in raw["rooms"]),
            people=tuple(Person(**p) for p in raw["people"]),
            meetings=tuple(
                Meeting(m["id"], m["topic"], m["grains"], tuple(m["required"]), tuple(m["preferred"]))
                for m in raw["meetings"]
            ),
            days=tuple(raw.get("days", ())),
        )


def _pick(rnd: random.Random, distribution: tuple[tuple[int, float], ...]) -> int:
    (value,) = rnd.choices(population=[c for c, _ in distribution], weights=[w for _, w in distribution])
    return value


def generate(
    meetings: int = 24, seed: int = 0, name: str | None = None, seats: tuple[int, ...] = ROOM_SEATS
) -> Instance:
    """An instance of ``meetings`` meetings drawn by the quickstart's recipe (``seats``: the rooms' cycle)."""
    rnd = random.Random(seed)
    scale = meetings / 24
    n_people = 20 if meetings == 24 else ceil(20 * scale)
    n_rooms = 3 if meetings == 24 else ceil(3 * scale)
    people = [Person(str(i), f"{rnd.choice(FIRST_NAMES)} {rnd.choice(LAST_NAMES)}") for i in range(n_people)]
    durations = [_pick(rnd, DURATIONS) for _ in range(meetings)]
    required: list[list[Person]] = []
    for _ in range(meetings):
        required.append(rnd.sample(people, min(_pick(rnd, REQUIRED), len(people))))
    preferred: list[list[Person]] = []
    for i in range(meetings):
        count = _pick(rnd, PREFERRED)
        taken = {p.id for p in required[i]}
        free = [p for p in people if p.id not in taken]
        preferred.append(rnd.sample(free, count) if len(free) >= count else [])
    rounds = len(TOPICS)
    topics = [TOPICS[i % rounds] + ("" if i < rounds else f" {i // rounds + 1}") for i in range(meetings)]
    rooms = [Room(f"R{i + 1}", f"Room {i + 1}", seats[i % len(seats)]) for i in range(n_rooms)]
    grains = tuple(
        Grain(1 + d * GRAINS_PER_DAY + g, d, DAY_START + g * GRAIN_MINUTES)
        for d in range(DAYS)
        for g in range(GRAINS_PER_DAY)
    )
    return Instance(
        name=name or ("demo" if (meetings, seed) == (24, 0) else f"tf-{meetings}m-s{seed}"),
        grains=grains,
        rooms=tuple(rooms),
        people=tuple(people),
        meetings=tuple(
            Meeting(
                str(i),
                topics[i],
                durations[i],
                tuple(p.id for p in required[i]),
                tuple(p.id for p in preferred[i]),
            )
            for i in range(meetings)
        ),
        days=tuple((FIRST_DAY + timedelta(days=d)).isoformat() for d in range(DAYS)),
    )


def demo() -> Instance:
    """The quickstart's own demo data (24 meetings, 20 people, 3 rooms, 4 days)."""
    return generate(24, 0)


SIZES = (50, 100, 200, 400)


def suite(seed: int = 0) -> list[Instance]:
    """The benchmark's instances: the demo, then the recipe at 50, 100, 200 and 400 meetings."""
    return [demo()] + [generate(n, seed) for n in SIZES]


# -- our own format ------------------------------------------------------------------------------


def person_names(instance: Instance) -> dict[str, str]:
    """A unique name per person id: the generated name, numbered when it repeats (names collide)."""
    seen: dict[str, int] = {}
    out: dict[str, str] = {}
    for p in instance.people:
        seen[p.name] = seen.get(p.name, 0) + 1
    counter: dict[str, int] = {}
    for p in instance.people:
        if seen[p.name] > 1:
            counter[p.name] = counter.get(p.name, 0) + 1
            out[p.id] = f"{p.name} {counter[p.name]}"
        else:
            out[p.id] = p.name
    return out


def _csv_cell(text: str) -> str:
    return f'"{text}"' if any(c in text for c in ',"\n') else text


def write_tables(instance: Instance, folder: Path) -> Path:
    """Write the instance as meetings.csv, people.csv and meetings.toml; returns the table's path."""
    folder.mkdir(parents=True, exist_ok=True)
    names = person_names(instance)
    rows = ["序号,会议,时长,参会人员,可选参会人员"]
    for i, m in enumerate(instance.meetings, start=1):
        rows.append(
            ",".join(
                [
                    str(i),
                    _csv_cell(m.topic),
                    f"{m.grains * GRAIN_MINUTES}分钟",
                    "、".join(names[p] for p in m.required),
                    "、".join(names[p] for p in m.preferred),
                ]
            )
        )
    table = folder / "meetings.csv"
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    people = ["姓名,邮箱"] + [f"{names[p.id]},person{p.id}@example.org" for p in instance.people]
    (folder / "people.csv").write_text("\n".join(people) + "\n", encoding="utf-8")
    end = DAY_START + GRAINS_PER_DAY * GRAIN_MINUTES
    rooms = "\n".join(f'[[rooms]]\nname = "{r.name}"\nseats = {r.seats}\n' for r in instance.rooms)
    rules = (
        f"# {instance.name}: Timefold's meeting-scheduling recipe (benchmarks/timefold_recipe.py)\n"
        f'title = "{instance.name}"\n'
        f"days = [{', '.join(repr(d).replace(chr(39), chr(34)) for d in instance.days)}]\n"
        f'hours = ["{DAY_START // 60}:{DAY_START % 60:02d}-{end // 60}:{end % 60:02d}"]\n'
        f"grid_minutes = {GRAIN_MINUTES}\n"
        f'people = "people.csv"\n\n{rooms}'
        "\n# The quickstart's hard/medium/soft constraints, weighed as it weighs them (docs/meetings.md).\n"
        '[objective]\npreset = "timefold"\n'
    )
    (folder / "meetings.toml").write_text(rules, encoding="utf-8")
    return table


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/timefold-instances"))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    for instance in suite(args.seed):
        path = write_tables(instance, args.out / instance.name)
        (args.out / instance.name / "instance.json").write_text(instance.to_json(), encoding="utf-8")
        print(path)


if __name__ == "__main__":
    main()
