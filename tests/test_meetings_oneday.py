"""One day's sessions placed with the fewest optional conflicts by branch and bound
(``scheduler.meetings.oneday``), held against CP-SAT's light model proven optimal on the same day,
and its placements against the checker; the search over the sessions' days priced by it."""

from __future__ import annotations

import random
import time as clock
from datetime import date, datetime, time

import pytest

from scheduler.domain import Room
from scheduler.domain.meetings import Attendee, Busy, MeetingProblem, Person, Session, Window, Workdays
from scheduler.meetings.check import check_meetings
from scheduler.meetings.engine import run
from scheduler.meetings.measure import levels, measure
from scheduler.meetings.model import MeetingModel
from scheduler.meetings.oneday import DayPricer, applies, by_day_sets, day_value
from scheduler.meetings.planner import to_plan
from scheduler.meetings.prepared import Prepared, prepare
from scheduler.meetings.rooms import number_rooms
from scheduler.meetings.terms import DEFAULT, by_level
from tests.test_meetings_days import paired_problem

DAY = date(2026, 3, 2)


def random_day(seed: int) -> MeetingProblem:
    """One day 8:00-12:00 on a 15-minute grid, 3 to 6 meetings of 30 to 90 minutes among six people
    (each meeting one or two required, up to three optional), three rooms of 4, 6 and 10 seats (so a
    large meeting may not use every room), sometimes a window."""
    rnd = random.Random(seed)
    people = [f"人{k}" for k in range(6)]
    sessions = []
    for m in range(rnd.randint(3, 6)):
        chosen = rnd.sample(people, rnd.randint(2, 5))
        required = chosen[: rnd.randint(1, min(2, len(chosen)))]
        attendees = tuple(Attendee(p) for p in required) + tuple(Attendee(p, False) for p in chosen[len(required) :])
        window = Window(not_before=time(9)) if rnd.random() < 0.2 else Window()
        seats = rnd.choice((None, None, 5, 8))
        sessions.append(Session(f"会{m}", rnd.choice((30, 45, 60, 90)), attendees, seats=seats, window=window))
    return MeetingProblem(
        tuple(sessions),
        Workdays((DAY,), ((time(8), time(12)),), 15),
        (Room("小", 1, 4), Room("中", 1, 6), Room("大", 1, 10)),
        people=tuple(Person(p) for p in people),
    )


def _light_optimum(prep: Prepared) -> int | None:
    """CP-SAT's light model on the whole (one-day) problem, proven: its fewest optional conflicts,
    ``None`` when it has no timetable."""
    medium = by_level(DEFAULT)["medium"]
    model = MeetingModel(prep).build(tuple(medium), indexed=False)
    terms, offset = model.level_terms(medium)
    model.cp.minimize(terms, offset)
    out = run(model.cp, 60, 2)
    if out.status == "INFEASIBLE":
        return None
    assert out.status == "OPTIMAL"
    return round(out.objective or 0)


@pytest.mark.parametrize("seed", range(40))
def test_a_day_is_priced_as_cp_sat_proves_it(seed: int) -> None:
    """The branch and bound's value equals the light model's proven optimum (or both find none),
    and its placement keeps every rule and has that many optional conflicts by the checker."""
    problem = random_day(seed)
    prep = prepare(problem, aggregate=False)
    assert applies(prep)
    pricer = DayPricer(prep)
    found = day_value(pricer, 0, list(range(prep.n)))
    expected = _light_optimum(prep)
    if expected is None:
        assert found is None
        return
    assert found is not None and found[0] == expected
    value, placed = found
    starts = [placed[i][0] for i in range(prep.n)]
    rooms = number_rooms(prep, starts, [placed[i][1] for i in range(prep.n)])
    assert check_meetings(problem, to_plan(prep, starts, rooms), DEFAULT).ok
    assert levels(DEFAULT, measure(prep, starts, rooms))["medium"] == value
    # told to look below the value, it finds nothing; below one more, the value again
    assert day_value(pricer, 0, list(range(prep.n)), below=value) is None
    again = day_value(pricer, 0, list(range(prep.n)), below=value + 1)
    assert again is not None and again[0] == value


def test_the_pricer_remembers_what_it_learnt() -> None:
    prep = prepare(random_day(3), aggregate=False)
    pricer = DayPricer(prep)
    everyone = frozenset(range(prep.n))
    full = pricer.value(0, everyone)
    assert full is not None
    assert pricer.value(0, everyone, below=full[0]) is None
    assert pricer.value(0, everyone, below=full[0] + 1) == full


def test_only_what_it_models_exactly() -> None:
    problem = random_day(1)
    assert applies(prepare(problem))
    assert not applies(prepare(problem.replace(gap=15)))
    rooms = tuple(Room(r.name, r.capacity, r.seats, changeover=15) for r in problem.rooms)
    assert not applies(prepare(problem.replace(rooms=rooms)))
    optional = next(a.name for s in problem.sessions for a in s.attendees if not a.required)
    busy = (Busy(optional, datetime(2026, 3, 2, 8), datetime(2026, 3, 2, 9)),)
    assert not applies(prepare(problem.replace(busy=busy)))


def test_days_regrouped_to_the_bound() -> None:
    """The paired problem (tests/test_meetings_days.py): A, B and C meetings each on a day of their
    own cost 12; the search over days finds a grouping with none, checked by the checker."""
    prep = prepare(paired_problem())
    pricer = DayPricer(prep)
    out = by_day_sets(pricer, [0, 0, 1, 1, 2, 2], 0, clock.perf_counter() + 20)
    assert out is not None
    value, placed = out
    assert value == 0
    starts = [placed[i][0] for i in range(prep.n)]
    rooms = number_rooms(prep, starts, [placed[i][1] for i in range(prep.n)])
    plan = to_plan(prep, starts, rooms)
    assert check_meetings(prep.problem, plan, DEFAULT).ok
    assert levels(DEFAULT, measure(prep, starts, rooms))["medium"] == 0


@pytest.mark.parametrize("seed", range(12))
def test_placed_early_with_the_same_conflicts(seed: int) -> None:
    """``early`` changes only which of the placements with the fewest conflicts is returned: the
    same value, and a placement that keeps the rules and has it."""
    problem = random_day(seed)
    prep = prepare(problem, aggregate=False)
    pricer = DayPricer(prep)
    plain = day_value(pricer, 0, list(range(prep.n)))
    early = day_value(pricer, 0, list(range(prep.n)), early=True)
    if plain is None:
        assert early is None
        return
    assert early is not None and early[0] == plain[0]
    starts = [early[1][i][0] for i in range(prep.n)]
    rooms = number_rooms(prep, starts, [early[1][i][1] for i in range(prep.n)])
    assert check_meetings(problem, to_plan(prep, starts, rooms), DEFAULT).ok
    assert levels(DEFAULT, measure(prep, starts, rooms))["medium"] == plain[0]


@pytest.mark.parametrize("seed", range(40))
def test_a_day_floor_never_above_its_value(seed: int) -> None:
    """The floor of a day (sessions every two of which share someone, their length beyond the day's
    working steps) is at most the day's exact value, for the whole day and each session left out;
    on these crowded mornings it is above zero for some."""
    prep = prepare(random_day(seed), aggregate=False)
    pricer = DayPricer(prep)
    everyone = frozenset(range(prep.n))
    for sessions in [everyone, *(everyone - {i} for i in everyone)]:
        found = day_value(pricer, 0, sorted(sessions))
        if found is not None:
            assert pricer.floor(0, sessions) <= found[0]


def test_some_day_floor_is_above_zero() -> None:
    assert max(_floor(DayPricer(prepare(random_day(seed), aggregate=False))) for seed in range(40)) > 0


def _floor(pricer: DayPricer) -> int:
    """The floor of the whole day of ``pricer``'s problem."""
    return pricer.floor(0, frozenset(range(pricer.prep.n)))


def test_a_day_refused_by_its_floor_is_not_searched(monkeypatch: pytest.MonkeyPatch) -> None:
    """Asked for fewer conflicts than the day's floor, the pricer answers without a day's search;
    asked for a value, it stops searching at a placement at the floor (the search is told so)."""
    from scheduler.meetings import oneday

    pricer = next(p for p in (DayPricer(prepare(random_day(s), aggregate=False)) for s in range(40)) if _floor(p) > 0)
    everyone = frozenset(range(pricer.prep.n))
    floor = pricer.floor(0, everyone)
    asked: list[int] = []
    real = oneday.day_value

    def counting(*args: object, **kwargs: object) -> object:
        asked.append(int(kwargs.get("enough", -1)))  # type: ignore[call-overload]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(oneday, "day_value", counting)
    assert pricer.value(0, everyone, below=floor) is None
    assert asked == []
    pricer.value(0, everyone)
    assert asked == [floor]
