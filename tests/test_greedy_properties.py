"""The greedy and the pipeline on random problems of every kind at once (library QA report 9).

Rooms of mixed sizes, parallel groups (one or two labels), categories, links, unavailability and
a pin, together: what broke the repair (rooms of 2, 1 and 1 with groups) and left ``compact``
with no timetable where first-fit had one. For every problem:

* no greedy raises, and whatever it returns is seated and passes the checker; ``compact``'s
  greedy finds a timetable wherever ``stable``'s does (with no reference, both ask first-fit);
* ``solve`` never raises, under either objective, nor ``replan`` from its answer;
* when any greedy found a timetable, ``solve`` returns one (never "no timetable" where the
  library's own first-fit has one), and every timetable returned passes the checker;
* ``infeasible`` only where no greedy found anything.

Not timed; kept to a few seconds (small calendars, a limit of 1 s: the greedy settles most).
"""

from __future__ import annotations

from datetime import date, time

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from scheduler import Calendar, Changes, Link, Pin, Problem, Room, Timetable, Unavailable, Unit, replan, solve, validate
from scheduler.errors import ProblemError
from scheduler.solver.greedy import first_fit, packed
from scheduler.solver.pipeline import first_timetable
from scheduler.solver.result import Status
from scheduler.solver.rooms import SlotGroups, assign_rooms

CATEGORIES = ("部门", "镇办", "其他")
GROUPS = ("", "", "", "g1", "g2", "g1、g2")
ROOMS = ([2, 1, 1], [2, 1], [3, 1], [2, 2, 1], [3, 2, 1])
"""Rooms of mixed sizes, the more common case here (tables near full: units get stuck)."""


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    days = draw(st.integers(1, 3))
    hours = sorted(draw(st.sets(st.sampled_from([8, 9, 10, 11, 15, 16]), min_size=2, max_size=6)))
    calendar = Calendar(tuple(date(2021, 9, 6 + d) for d in range(days)), tuple(time(h) for h in hours))
    slots = calendar.slots
    sizes = draw(st.sampled_from(ROOMS) | st.lists(st.integers(1, 3), min_size=1, max_size=3))
    rooms = tuple(Room(f"R{i}", size) for i, size in enumerate(sizes))
    categories = CATEGORIES[: draw(st.sampled_from([0, 2, 3]))]
    places = len(rooms) * len(slots)  # room-hours: a unit that shares with no one takes one
    count = draw(st.integers(max(2, places * 2 // 3), max(2, min(36, places + places // 3))))
    units = tuple(
        Unit(
            f"U{i}",
            draw(st.sampled_from(categories)) if categories else "",
            draw(st.sampled_from(GROUPS)),
        )
        for i in range(count)
    )
    unavailable = []
    for unit in units:
        if draw(st.integers(0, 3)) == 0:
            gone = frozenset(s for s in slots if draw(st.integers(0, 2)) == 0)
            if gone:
                unavailable.append(Unavailable(unit.name, gone))
    links = ()
    if count >= 3 and draw(st.booleans()):
        first, then = draw(st.sampled_from([(a, b) for a in units for b in units if a is not b]))
        if first.category == then.category:
            links = (Link(first.name, then.name),)
    pins = ()
    if draw(st.integers(0, 3)) == 0:
        pins = (Pin(units[-1].name, draw(st.sampled_from(slots))),)
    try:
        return Problem(
            units=units,
            calendar=calendar,
            rooms=rooms,
            categories=categories,
            links=links,
            pins=pins,
            unavailable=tuple(unavailable),
        )
    except ProblemError:
        assume(False)
        raise


def seated(problem: Problem, groups: SlotGroups | None) -> Timetable | None:
    """The greedy's groups with rooms, checked: a greedy that returns groups returns valid ones."""
    if groups is None:
        return None
    timetable = assign_rooms(problem, groups)
    report = validate(problem, timetable)
    assert report.ok, report.lines("en")
    return timetable


SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(problems())
def test_solve_answers_whenever_a_greedy_does_and_what_it_answers_holds(problem: Problem) -> None:
    greedy = [seated(problem, found) for found in (first_fit(problem), first_fit(problem, {}), packed(problem))]
    some = any(t is not None for t in greedy)
    if first_timetable(problem, "stable") is not None:  # compact's greedy is no weaker than stable's
        assert first_timetable(problem, "compact") is not None
    for objective in ("compact", "stable"):
        result = solve(problem, objective, time_limit=1, workers=1)
        if some:
            assert result.timetable is not None, (objective, result.status)
            assert result.status is not Status.INFEASIBLE
        if result.timetable is not None:
            assert validate(problem, result.timetable).ok
        else:
            assert result.status in (Status.INFEASIBLE, Status.UNKNOWN)


@SETTINGS
@given(problems(), st.data())
def test_replanning_answers_whenever_its_greedy_does(problem: Problem, data: st.DataObject) -> None:
    published = solve(problem, "compact", time_limit=1, workers=1).timetable
    assume(published is not None)
    assert published is not None
    start = {m.unit: m.start for m in published.meetings}
    unit = data.draw(st.sampled_from([u.name for u in problem.units if u.name not in {p.unit for p in problem.pins}]))
    changes = Changes(unavailable=(Unavailable(unit, frozenset({start[unit]})),))  # the published time is gone
    base = problem.replace(reference=published)
    result = replan(base, changes, time_limit=1, workers=1)
    if result.timetable is not None:
        assert validate(result.problem, result.timetable).ok
    after = result.problem
    reference = {m.unit: after.calendar.index(m.start) for m in published.meetings if m.start is not None}
    prefer = {u: t for u, t in reference.items() if t is not None}
    found = [first_fit(after, prefer, eject=False), first_fit(after), packed(after)]  # none waits on a clock
    if any(seated(after, g) is not None for g in found):
        assert result.timetable is not None, result.status
