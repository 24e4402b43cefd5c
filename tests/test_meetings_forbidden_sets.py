"""What the rules forbid a meeting's starts, kept as one set per rule instance (never one entry per
(meeting, start)) with the reasons found when asked, and the count made against the time left after now.

Issue 16 (limits16 findings 1, 3, 8): a window cutting off the past ("not before now" when the days
straddle now), a pin and people's busy spans each stored every forbidden (meeting, start) as its own
dict entry, before the count was asked: 2,401 meetings over 300 days took 3.6 GB and 31 s at
``--time-limit 2``; 2,000 meetings with 480 hours left after now got no reason at all."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from scheduler.domain import Room
from scheduler.domain.meetings import Attendee, Busy, MeetingProblem, Person, Pin, Session, Window, Workdays
from scheduler.meetings.as_of import as_of
from scheduler.meetings.counts import counted
from scheduler.meetings.planner import solve_meetings
from scheduler.meetings.prepared import prepare
from scheduler.rules.meetings.time_window import in_window
from scheduler.rules.registry import session_limits
from scheduler.rules.values import Instance

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
    assert said.params["needed"] == "100" and said.params["available"] == "40"


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
