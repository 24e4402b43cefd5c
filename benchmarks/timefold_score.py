"""The exact hard/medium/soft score of Timefold's meeting-scheduling quickstart, computed by our own code.

Both sides of the benchmark are scored here, so the comparison does not rest on either solver's
word. The rules are the quickstart's published ones (its Python constraint provider, the version that
matches its Java original); each term below names the constraint it reproduces. Grain indices are
the quickstart's own (they run on across days), and so are its quirks: a meeting that ends on the
last grain of a day and one that starts on the first grain of the next are "consecutive".

``tests/test_timefold_score.py`` checks this scorer against scores that Timefold itself computed for
its own answers and for random (infeasible too) assignments, recorded in ``tests/data/``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from benchmarks.timefold_recipe import Instance

# One placed meeting: (start grain index, room id).
Placement = tuple[int, str]


@dataclass(frozen=True)
class Score:
    hard: int
    medium: int
    soft: int
    terms: dict[str, int] = field(default_factory=dict, compare=False)

    def __str__(self) -> str:
        return f"{self.hard}hard/{self.medium}medium/{self.soft}soft"

    def key(self) -> tuple[int, int, int]:
        """Larger is better, compared level by level."""
        return (self.hard, self.medium, self.soft)

    @classmethod
    def parse(cls, text: str) -> Score:
        """Read Timefold's notation, e.g. ``0hard/-3medium/-2519soft``."""
        hard, medium, soft = text.split("/")
        return cls(int(hard.removesuffix("hard")), int(medium.removesuffix("medium")), int(soft.removesuffix("soft")))


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Grains shared by two half-open grain ranges [start, end)."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score(instance: Instance, placement: dict[str, Placement]) -> Score:
    """The quickstart's score of a complete assignment {meeting id: (start grain index, room id)}."""
    grain_day = {g.index: g.day for g in instance.grains}
    seats = {r.id: r.seats for r in instance.rooms}
    meetings = {m.id: m for m in instance.meetings}
    missing = set(meetings) - set(placement)
    if missing:
        raise ValueError(f"meetings without a start and room: {sorted(missing)}")
    span = {mid: (start, start + meetings[mid].grains) for mid, (start, _) in placement.items()}
    last = {mid: s[1] - 1 for mid, s in span.items()}
    terms: dict[str, int] = defaultdict(int)
    ids = sorted(placement)

    for a, b in combinations(ids, 2):
        shared = overlap(span[a], span[b])
        if shared:
            if placement[a][1] == placement[b][1]:
                terms["Room conflict"] += shared
            terms["Overlapping meetings"] += 10 * shared
    for mid in ids:
        m = meetings[mid]
        start, room = placement[mid]
        if last[mid] not in grain_day:
            terms["Don't go in overtime"] += last[mid]
        elif grain_day[last[mid]] != grain_day[start]:
            terms["Start and end on same day"] += 1
        need = len(m.required) + len(m.preferred)
        if need > seats[room]:
            terms["Required room capacity"] += need - seats[room]
        terms["Do all meetings as soon as possible"] += last[mid]
        terms["Assign larger rooms first"] += sum(s - seats[room] for s in seats.values() if s > seats[room])

    ends_at: dict[int, int] = defaultdict(int)
    for mid in ids:
        ends_at[last[mid]] += 1
    for mid in ids:
        terms["One TimeGrain break between two consecutive meetings"] += 100 * ends_at.get(span[mid][0] - 1, 0)

    required: dict[str, list[str]] = defaultdict(list)
    preferred: dict[str, list[str]] = defaultdict(list)
    for m in instance.meetings:
        for p in m.required:
            required[p].append(m.id)
        for p in m.preferred:
            preferred[p].append(m.id)
    for mids in required.values():
        for a, b in combinations(mids, 2):
            terms["Required attendance conflict"] += overlap(span[a], span[b])
            first, second = (a, b) if span[a][0] < span[b][0] else (b, a)
            if (
                span[first][0] != span[second][0]
                and placement[first][1] != placement[second][1]
                and span[second][0] - span[first][1] <= 2
            ):
                terms["Room stability"] += 1
    for person, mids in preferred.items():
        for b in mids:
            for a in required.get(person, ()):
                terms["Required and preferred attendance conflict"] += overlap(span[a], span[b])
        for a, b in combinations(mids, 2):
            terms["Preferred attendance conflict"] += overlap(span[a], span[b])

    hard = sum(terms[t] for t in HARD)
    medium = sum(terms[t] for t in MEDIUM)
    soft = sum(terms[t] for t in SOFT)
    return Score(-hard, -medium, -soft, {t: v for t, v in terms.items() if v})


HARD = (
    "Room conflict",
    "Don't go in overtime",
    "Required attendance conflict",
    "Required room capacity",
    "Start and end on same day",
)
MEDIUM = ("Required and preferred attendance conflict", "Preferred attendance conflict")
SOFT = (
    "Do all meetings as soon as possible",
    "One TimeGrain break between two consecutive meetings",
    "Overlapping meetings",
    "Assign larger rooms first",
    "Room stability",
)
