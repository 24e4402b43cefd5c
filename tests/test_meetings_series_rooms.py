"""A series holds all its meetings in one room, so each of them may use only the rooms every one of
them may use (QA qabigmeet22 F1: a series whose first meeting placed was small took the smallest room
that fitted it, and a larger sibling then had no room: 2,000 meetings got no timetable at any limit)."""

from datetime import date, time

from scheduler.domain import Room
from scheduler.domain.meetings import Attendee, MeetingProblem, Person, Session, Workdays
from scheduler.meetings.check import check_meetings
from scheduler.meetings.greedy import greedy, packed
from scheduler.meetings.planner import solve_meetings
from scheduler.meetings.prepared import prepare
from scheduler.meetings.terms import DEFAULT

DAY = date(2025, 3, 3)
HOURS = ((time(8), time(12)), (time(14), time(18)))
ROOMS = (Room("小", 1, 4), Room("中", 1, 8), Room("大", 1, 20))


def _problem(*sessions: Session) -> MeetingProblem:
    people = sorted({a.name for s in sessions for a in s.attendees})
    return MeetingProblem(sessions, Workdays((DAY,), HOURS, 30), ROOMS, people=tuple(Person(p) for p in people))


def _session(title: str, who: str, seats: int | None, series: str = "", **more: object) -> Session:
    return Session(title, 60, (Attendee(who),), seats=seats, series=series, **more)  # type: ignore[arg-type]


def _small_first() -> MeetingProblem:
    """Two series whose first meetings are small and whose last needs the large room."""
    sessions = []
    for k in range(2):
        sessions += [
            _session(f"系{k}-1", f"人{k}", 2, f"系{k}"),
            _session(f"系{k}-2", f"人{k}", 3, f"系{k}"),
            _session(f"系{k}-3", f"人{k}", 15, f"系{k}"),
        ]
    return _problem(*sessions)


def test_each_meeting_of_a_series_may_use_only_the_rooms_all_of_it_may_use():
    prep = _small_first()
    found = prepare(prep)
    big = {found.class_of_room["大"]}
    assert all(set(found.eligible[i]) == big for i in range(found.n))


def test_a_room_wish_of_one_meeting_narrows_its_siblings():
    problem = _problem(
        _session("一", "甲", None, "系", rooms=frozenset({"中", "大"})),
        _session("二", "乙", None, "系", avoid=frozenset({"大"})),
        _session("别的", "丙", None),
    )
    found = prepare(problem)
    assert [sorted(found.classes[c].rooms[0] for c in found.eligible[i]) for i in range(3)] == [
        ["中"],
        ["中"],
        ["中", "大", "小"],
    ]


def test_the_greedies_open_a_series_in_a_room_its_largest_meeting_fits():
    problem = _small_first()
    prep = prepare(problem)
    for found in (greedy(prep, DEFAULT, rounds=1), packed(prep, rounds=1)):
        assert found is not None
        assert set(found[1]) == {"大"}


def test_a_table_of_series_small_first_gets_a_timetable():
    problem = _small_first()
    result = solve_meetings(problem, DEFAULT, time_limit=10, workers=1)
    assert result.plan is not None, result.status
    assert check_meetings(problem, result.plan, DEFAULT).ok
