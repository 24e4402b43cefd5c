"""The checkers and the replanning against oracles of their own, on tiny seeded random problems.

Made from QA's consistency harness (QA consist: its generators, trimmed to run in seconds):

* unit tables: random tables, mutated as hands mutate them (a row moved, put at 12:00 where no
  slot is, listed twice, overbooked, dropped), judged by the checker and by a per-rule oracle that
  shares no code with it: every listed time of every row is judged by every rule (QA consist F1:
  a row at 12:00 was judged by within-window alone);
* meeting tables: a row written twice is each-meeting-once's fault and hides none of the others
  (QA consist F2: every other rule forgot the meeting);
* replanning: ``replan_meetings`` with no objective, ``DEFAULT`` or ``TIMEFOLD`` moves the fewest
  meetings brute force finds, and ``terms["moves"]`` counts them (QA consist F5: an objective
  dropped the moves).

Seeded ``random`` draws, not hypothesis: each failure names its seed, and the run is the same each
time. A few seconds in all.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

import pytest

from scheduler import Calendar, Link, Meeting, Pin, Problem, Room, Timetable, Unavailable, Unit, validate
from scheduler.domain import labels
from scheduler.domain.meetings import (
    Attendee,
    Busy,
    MeetingProblem,
    Person,
    Placement,
    Plan,
    Session,
    Window,
    Workdays,
)
from scheduler.domain.meetings import Pin as MeetingPin
from scheduler.meetings.check import check_meetings
from scheduler.meetings.replanning import MeetingChanges, replan_meetings
from scheduler.meetings.terms import DEFAULT, TIMEFOLD

Row = tuple[str, datetime, str]

# -- unit tables ----------------------------------------------------------------------------------


def unit_problem(rng: random.Random) -> Problem:
    """1-5 units, 1-2 days of 2-4 hours (15:00 after a break), 1-3 rooms of 1-3 places, categories,
    labels, a link, pins and unavailability, each now and then."""
    days = tuple(date(2026, 3, 2) + timedelta(days=i) for i in range(rng.choice((1, 1, 2))))
    hours = (time(8), time(9), time(10), time(15))[: rng.choice((2, 3, 4))]
    calendar = Calendar(days, hours)
    categories = rng.choice(((), ("部门", "镇办"), ("A", "B", "C")))
    units = tuple(
        Unit(f"u{i}", category=rng.choice(categories) if categories else "", group=rng.choice(("", "F", "G", "F、G")))
        for i in range(rng.randint(1, 5))
    )
    names = [u.name for u in units]
    slots = calendar.slots
    links = (Link(*rng.sample(names, 2)),) if len(names) >= 2 and rng.random() < 0.35 else ()
    pins = tuple(Pin(n, rng.choice(slots)) for n in names if rng.random() < 0.15)
    busy = tuple(
        Unavailable(n, frozenset(rng.sample(slots, rng.randint(1, len(slots))))) for n in names if rng.random() < 0.3
    )
    rooms = tuple(Room(f"R{j}", rng.choice((1, 2, 2, 3))) for j in range(rng.choice((1, 1, 2, 3))))
    return Problem(units, calendar, rooms=rooms, categories=categories, links=links, pins=pins, unavailable=busy)


def mutated(rng: random.Random, problem: Problem) -> list[Row]:
    """A random table (every unit at a slot, in a room) after one or two hand edits."""
    slots, rooms = problem.calendar.slots, [r.name for r in problem.rooms]
    rows = [(u.name, rng.choice(slots), rng.choice(rooms)) for u in problem.units]
    for _ in range(rng.randint(1, 2)):
        i = rng.randrange(len(rows))
        unit, start, room = rows[i]
        kind = rng.choice(("move", "noon", "noon", "twice", "overbook", "drop"))
        if kind == "move":
            rows[i] = (unit, rng.choice(slots), rng.choice(rooms))
        elif kind == "noon":  # no slot: the hours are 8-10 and 15
            rows[i] = (unit, datetime.combine(rng.choice(problem.calendar.days), time(12)), room)
        elif kind == "twice":
            rows.append((unit, rng.choice(slots), rng.choice(rooms)))
        elif kind == "overbook" and len(rows) >= 2:
            j = rng.randrange(len(rows))
            rows[j] = (rows[j][0], start, room)
        elif kind == "drop" and len(rows) >= 2:
            del rows[i]
    return rows


def unit_oracle(problem: Problem, rows: list[Row]) -> set[str]:
    """The rules ``rows`` break, every listed (unit, time, room) judged by every rule, each once."""
    calendar = problem.calendar
    out = set()
    if sorted(u for u, _, _ in rows) != sorted(u.name for u in problem.units):
        out.add("each-unit-once")
    if any(calendar.index(t) is None for _, t, _ in rows):
        out.add("within-window")
    rows = list(dict.fromkeys(rows))
    out |= _rooms_oracle(problem, rows)
    for pin in problem.pins:
        if any(u == pin.unit and t != pin.start for u, t, _ in rows):
            out.add("pinned")
    for entry in problem.unavailable:
        if any(u == entry.unit and t in entry.starts for u, t, _ in rows):
            out.add("unavailable")
    for link in problem.links:
        firsts = {t for u, t, _ in rows if u == link.first}
        thens = {t for u, t, _ in rows if u == link.then}
        lone = any(not any(calendar.follows(a, b) for b in thens) for a in firsts) or any(
            not any(calendar.follows(a, b) for a in firsts) for b in thens
        )
        if firsts and thens and lone:
            out.add("linked")
    if len(problem.categories) >= 2:
        rank = {u.name: problem.categories.index(u.category) for u in problem.units if u.category}
        placed = {(rank[u], t) for u, t, _ in rows if u in rank}
        if any(ra < rb and ta >= tb for (ra, ta), (rb, tb) in itertools.permutations(placed, 2)):
            out.add("category-order")
    return out


def _rooms_oracle(problem: Problem, rows: list[Row]) -> set[str]:
    """room-capacity and allowed-sharing: units per (time, room), slot or not; sharing judged only in a
    room of two places or more (two in a room of one are room-capacity's fault alone)."""
    cell: dict[tuple[datetime, str], set[str]] = {}
    for u, t, r in rows:
        cell.setdefault((t, r), set()).add(u)
    capacity = {r.name: r.capacity for r in problem.rooms}
    out = set()
    for (_, room), members in cell.items():
        if len(members) > capacity[room]:
            out.add("room-capacity")
        common = set.intersection(*(set(labels(problem.unit(u))) for u in members))
        if len(members) >= 2 and capacity[room] >= 2 and not common:
            out.add("allowed-sharing")
    return out


def test_the_unit_checker_judges_every_listed_time_by_every_rule():
    for seed in range(300):
        rng = random.Random(seed)
        problem = unit_problem(rng)
        rows = mutated(rng, problem)
        report = validate(problem, Timetable(tuple(Meeting(u, t, r) for u, t, r in rows)))
        assert set(report.rules_broken()) == unit_oracle(problem, rows), (seed, rows, report.lines("en"))


# -- meeting tables -------------------------------------------------------------------------------

DAY = date(2025, 3, 3)
PEOPLE = ("甲", "乙", "丙")


def meeting_problem(rng: random.Random) -> MeetingProblem:
    """1-3 meetings of 30-90 minutes on one day (two periods, a break between), 1-2 rooms of 1-2
    places, people busy now and then, windows, sharing labels, a pin, a gap."""
    periods = rng.choice((((time(8), time(10)), (time(10, 30), time(11, 30))), ((time(9), time(11)),)))
    rooms = tuple(Room(f"R{k}", rng.choice((1, 1, 2))) for k in range(rng.randint(1, 2)))
    sessions = []
    for k in range(rng.randint(1, 3)):
        who = rng.sample(PEOPLE, rng.randint(1, 2))
        required = who[: rng.randint(1, len(who))]
        window = rng.choice((Window(),) * 3 + (Window(not_before=time(9)), Window(not_after=time(10))))
        share = frozenset(rng.sample(("x", "y"), rng.randint(0, 1)))
        attendees = tuple(Attendee(p, p in required) for p in who)
        sessions.append(Session(f"会{k}", rng.choice((30, 60)), attendees, window=window, share=share))
    busy = []
    for who in PEOPLE:
        if rng.random() < 0.25:
            start = datetime.combine(DAY, periods[0][0]) + timedelta(minutes=30 * rng.randint(0, 2))
            busy.append(Busy(who, start, start + timedelta(minutes=30)))
    start = datetime.combine(DAY, periods[0][0])
    pins = (MeetingPin("会0", start, rng.choice((None, "R0"))),) if rng.random() < 0.2 else ()
    workdays = Workdays((DAY,), periods, 30)
    return MeetingProblem(
        tuple(sessions),
        workdays,
        rooms,
        people=tuple(Person(p) for p in PEOPLE),
        busy=tuple(busy),
        gap=rng.choice((0, 0, 30)),
        pins=pins,
    )


def options(problem: MeetingProblem, title: str) -> list[tuple[datetime, str]]:
    days = problem.workdays
    session = next(s for s in problem.sessions if s.title == title)
    return [(days.moment(t), r.name) for t in days.starts(problem.length(session)) for r in problem.rooms]


def plans(problem: MeetingProblem) -> Iterator[Plan]:
    """Every placement of every meeting (each start inside working hours, each room)."""
    choices = [options(problem, s.title) for s in problem.sessions]
    for combo in itertools.product(*choices):
        yield Plan(tuple(Placement(s.title, t, r) for s, (t, r) in zip(problem.sessions, combo, strict=True)))


def test_a_meeting_written_twice_hides_none_of_its_faults():
    """The same row twice: each-meeting-once, and every line the single row has; a second row
    elsewhere: every line of either placement (QA consist F2)."""
    for seed in range(150):
        rng = random.Random(seed)
        problem = meeting_problem(rng)
        rows = [Placement(s.title, *rng.choice(options(problem, s.title))) for s in problem.sessions]
        copied = rng.choice(rows)
        once = check_meetings(problem, Plan(tuple(rows)))
        twice = check_meetings(problem, Plan((*rows, copied)))
        assert twice.rules_broken()[0] == "each-meeting-once", seed
        assert set(twice.lines("en")) == set(once.lines("en")) | {twice.lines("en")[0]}, seed
        other = Placement(copied.title, *rng.choice(options(problem, copied.title)))
        elsewhere = [other if p is copied else p for p in rows]
        apart = check_meetings(problem, Plan((*rows, other)))
        alone = set(once.lines("en")) | set(check_meetings(problem, Plan(tuple(elsewhere))).lines("en"))
        assert set(apart.lines("en")) - {apart.lines("en")[0]} == alone, seed


# -- replanning -----------------------------------------------------------------------------------


def fewest_moves(problem: MeetingProblem, published: Plan) -> int | None:
    """Brute force: the fewest meetings whose time or room differs from ``published`` in a timetable
    keeping every rule (``None``: there is none)."""
    before = {p.title: (p.start, p.room) for p in published.placements}
    best = None
    for plan in plans(problem):
        if check_meetings(problem, plan).ok:
            moves = sum(before[p.title] != (p.start, p.room) for p in plan.placements)
            best = moves if best is None else min(best, moves)
    return best


DRAWS = 5
"""Problems replanned per objective (each a few solves and one brute force of a few hundred timetables)."""


@pytest.mark.parametrize("objective", [None, DEFAULT, TIMEFOLD], ids=["none", "default", "timefold"])
def test_replanning_moves_the_fewest_whatever_the_objective(objective):
    """Published: the latest-finishing valid timetable (so finishing early alone would move meetings);
    then a required person of one meeting is busy at its time. Proven answers move what brute force
    says is fewest, with no change nothing moves, and ``terms["moves"]`` counts the moves (QA consist F5)."""
    tried = 0
    for seed in range(40):
        rng = random.Random(seed)
        problem = meeting_problem(rng)
        reports = [(check_meetings(problem, p), p) for p in plans(problem)]
        valid = [(report.score.get("soft", 0), p) for report, p in reports if report.ok]
        if not valid or tried == DRAWS:
            continue
        tried += 1
        published = max(valid, key=lambda sp: sp[0])[1]
        same = replan_meetings(problem, published, MeetingChanges(), objective, time_limit=10, workers=1)
        assert same.moves == () and same.terms["moves"] == 0, seed
        placed = published.placements[0]
        session = problem.sessions[0]
        who = next(a.name for a in session.attendees if a.required)
        change = MeetingChanges(busy=(Busy(who, placed.start, placed.start + timedelta(minutes=session.minutes)),))
        result = replan_meetings(problem, published, change, objective, time_limit=10, workers=1)
        least = fewest_moves(problem.replace(busy=problem.busy + change.busy), published)
        if least is None:
            assert result.status == "infeasible", seed
            continue
        assert result.plan is not None and result.terms["moves"] == len(result.moves), seed
        if result.status == "optimal":
            assert len(result.moves) == least, (seed, result.moves, least)
    assert tried == DRAWS
