"""What the rules forbid a meeting's starts, kept as one set per rule instance (never one entry per
(meeting, start)) with the reasons found when asked, and the count made against the time left after now.

Issue 16 (limits16 findings 1, 3, 8): a window cutting off the past ("not before now" when the days
straddle now), a pin and people's busy spans each stored every forbidden (meeting, start) as its own
dict entry, before the count was asked: 2,401 meetings over 300 days took 3.6 GB and 31 s at
``--time-limit 2``; 2,000 meetings with 480 hours left after now got no reason at all."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

import scheduler.meetings.pins as pins_module
from scheduler.domain import Room
from scheduler.domain.meetings import Attendee, Busy, MeetingProblem, Person, Pin, Session, Window, Workdays
from scheduler.meetings.as_of import as_of
from scheduler.meetings.counts import counted
from scheduler.meetings.pins import _pair_clash, pin_clash
from scheduler.meetings.planner import solve_meetings
from scheduler.meetings.prepared import Prepared, prepare
from scheduler.rules.meetings.time_window import in_window
from scheduler.rules.registry import session_limits
from scheduler.rules.values import Instance
from scheduler.text.messages import duration

HOURS = ((time(8), time(12)), (time(14), time(18)))


def _days(first: date, count: int) -> tuple[date, ...]:
    out: list[date] = []
    day = first
    while len(out) < count:
        if day.weekday() < 5:
            out.append(day)
        day += timedelta(days=1)
    return tuple(out)


def _straddling(meetings: int, days: int = 20) -> MeetingProblem:
    """``meetings`` one-hour meetings of their own person each, one room, ``days`` working days of 8 hours."""
    sessions = tuple(Session(f"会议{k:03d}", 60, (Attendee(f"人{k:03d}"),)) for k in range(meetings))
    people = tuple(Person(f"人{k:03d}") for k in range(meetings))
    workdays = Workdays(_days(date(2027, 1, 4), days), HOURS, 15)
    return MeetingProblem(sessions, workdays, (Room("会议室", 1, 10),), people=people)


def test_not_before_now_is_one_set_shared_by_every_meeting_and_the_count_says_at_once() -> None:
    # 100 hours of meetings, 160 hours in the campaign, 40 left after now (the 16th working day begins)
    problem = _straddling(100)
    assert counted(prepare(problem)) is None  # without now they fit the room's time
    now = datetime.fromisoformat("2027-01-25T08:00:00+08:00")  # 5 days (40 hours) are left
    late = as_of(problem, None, now)
    limits = session_limits(late)
    per_meeting = len(limits.candidates(0))
    # one set of the past starts for all 100 meetings, not 100 x (the past starts) entries
    assert limits.kept() < 2 * per_meeting
    assert len(limits.starts) == 100 * (per_meeting - len(limits.allowed(0)))  # the view still counts them all
    result = solve_meetings(late, time_limit=10, workers=1)
    assert result.status == "infeasible"
    assert result.conflict is not None and result.conflict.shortfall is not None
    said = result.conflict.shortfall
    assert said.key == "infeasible.room_time_left"
    assert said.params["needed"] == duration(6000) and said.params["available"] == duration(2400)


def test_a_pin_keeps_one_start_and_names_itself_for_every_other() -> None:
    problem = _straddling(40, days=5)
    pins = tuple(Pin(s.title, datetime(2027, 1, 4 + k // 8, 8 + k % 4), None) for k, s in enumerate(problem.sessions))
    pinned = problem.replace(pins=pins)
    limits = session_limits(pinned)
    assert limits.kept() == 40  # one step a pin
    prep = prepare(pinned)
    step = pinned.workdays.step(pins[0].start)
    assert prep.starts[0] == [step]
    other = next(t for t in limits.candidates(0) if t != step)
    assert prep.forbidden_starts[(0, other)] == (Instance("pinned", "会议000"),)
    assert (0, step) not in prep.forbidden_starts


def test_each_forbidden_start_still_names_every_instance_forbidding_it() -> None:
    """A window, a busy person and a pin on one meeting: each start's reasons are those of the rules that
    forbid it, as when each (meeting, start) had its own entry."""
    workdays = Workdays(_days(date(2027, 1, 4), 2), HOURS, 30)
    window = Window("morning")
    sessions = (
        Session("周会", 60, (Attendee("甲"),), window=window),
        Session("评审", 60, (Attendee("乙"),)),
    )
    busy = (Busy("甲", datetime(2027, 1, 4, 9), datetime(2027, 1, 4, 10)),)
    people = (Person("甲"), Person("乙"))
    problem = MeetingProblem(sessions, workdays, (Room("A", 1, 10),), people=people, busy=busy)
    problem = problem.replace(pins=(Pin("周会", datetime(2027, 1, 5, 8), None),))
    limits = session_limits(problem)
    busy_steps = problem.busy_steps["甲"]
    pin = workdays.step(datetime(2027, 1, 5, 8))
    expected: dict[tuple[int, int], tuple[Instance, ...]] = {}
    for t in limits.candidates(0):
        why = []
        if not in_window(problem, sessions[0], t, 2):
            why.append(Instance("time-window", "周会"))
        if any(t <= b < t + 2 for b in busy_steps):
            why.append(Instance("unavailable", "甲"))
        if t != pin:
            why.append(Instance("pinned", "周会"))
        if why:
            expected[(0, t)] = tuple(why)
    found = dict(limits.starts.items())
    assert {k: set(v) for k, v in found.items()} == {k: set(v) for k, v in expected.items()}
    assert limits.allowed(0) == [pin] and limits.allowed(1) == limits.candidates(1)
    kept = frozenset({Instance("time-window", "周会")})
    assert limits.starts.allowed(0, kept) == [t for t in limits.candidates(0) if in_window(problem, sessions[0], t, 2)]
    assert set(limits.starts.instances(0)) == {
        Instance("time-window", "周会"),
        Instance("unavailable", "甲"),
        Instance("pinned", "周会"),
    }


def _every_pair(prep: Prepared) -> list[Instance] | None:
    """What pin_clash said before the sweep: every pair asked, in the pins' order."""
    problem = prep.problem
    rooms = {r.name: r for r in problem.rooms}
    placed = [(p, problem.index(p.title), problem.workdays.step(p.start)) for p in problem.pins]
    for k, (pin, i, a) in enumerate(placed):
        for other, j, c in placed[k + 1 :]:
            assert a is not None and c is not None
            first = (pin.room, i, a, a + prep.length[i])
            second = (other.room, j, c, c + prep.length[j])
            why = _pair_clash(prep, rooms, first, second)
            if why is not None:
                return [Instance("pinned", pin.title), Instance("pinned", other.title), *why]
    return None


def test_clashing_pins_are_found_by_a_sweep_over_time_and_the_first_in_the_pins_order_is_said(monkeypatch) -> None:
    """limits16 finding 3: every pair of 2,000 pins was asked (2 million); now only pairs close in time.
    Two clashes: the later in time comes first in the pins' order, and is the one said, as before."""
    rooms = (Room("A", 1, 10, changeover=30), Room("B", 1, 10), Room("C", 1, 10))
    problem = _straddling(60, days=5).replace(rooms=rooms, gap=15)
    hours = (8, 9, 10, 11, 14, 15, 16, 17)
    sessions = list(problem.sessions)
    # 48 pins over three days, two an hour in B and C: no two clash
    pins = [
        Pin(sessions[k].title, datetime(2027, 1, 4 + k // 16, hours[(k % 16) // 2]), "B" if k % 2 else "C")
        for k in range(48)
    ]
    quiet = problem.replace(pins=tuple(pins))
    asked: list[object] = []

    def counted_pair(*args: Any) -> list[Instance] | None:
        asked.append(args)
        return _pair_clash(*args)

    monkeypatch.setattr(pins_module, "_pair_clash", counted_pair)
    assert pin_clash(prepare(quiet)) is None and _every_pair(prepare(quiet)) is None
    assert 0 < len(asked) < 48 * 4  # pairs close in time only, not 48 x 47 / 2 = 1,128
    # two pins at once in room A late in time, pinned first and last but one; a meeting of 人000's
    # pinned at the time of 人000's first pinned meeting, early in time, pinned last
    late = Pin(sessions[50].title, datetime(2027, 1, 8, 17), "A")
    late_too = Pin(sessions[51].title, datetime(2027, 1, 8, 17), "A")
    sessions[52] = replace(sessions[52], attendees=sessions[0].attendees)
    early = Pin(sessions[52].title, pins[0].start, "A")
    clashing = problem.replace(sessions=tuple(sessions), pins=(late, *pins, late_too, early))
    prep = prepare(clashing)
    found = pin_clash(prep)
    assert found == _every_pair(prep)
    assert found == [Instance("pinned", late.title), Instance("pinned", late_too.title)]
    # without the first, the other clash is said (a shared person at once)
    assert pin_clash(prepare(clashing.replace(pins=(*pins, late_too, early)))) == [
        Instance("pinned", pins[0].title),
        Instance("pinned", early.title),
        Instance("no-double-booking", "人000"),
    ]


def test_the_shared_allowed_lists_keep_what_their_keys_name_alive() -> None:
    """The allowed lists shared by sessions restricted alike are keyed by the sets' ids: the cache keeps
    those objects, so a set replaced and freed can never lend its id to another and hand a session a
    list that is not its own (QA review16, low: no repro, a trap for the next caller)."""
    now = datetime.fromisoformat("2027-01-25T08:00:00+08:00")
    limits = session_limits(as_of(_straddling(6), None, now))
    assert all(limits.allowed(i) for i in range(6))
    cache = limits._alike
    assert cache
    for key, (_found, kept) in cache.items():
        ids = {k for k in key[1:] if k is not None}
        assert ids <= {id(obj) for obj in kept}
