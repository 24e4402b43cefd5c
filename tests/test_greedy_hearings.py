"""The greedies and hearings in two parts (``[[links]] same_day``): the afternoon part keeps the place its
morning part was placed beside (qawebmeet19 F1: 600 to 2,000 meetings with a few dozen hearings got no
timetable at all).

The generated shape: ``n`` hearings (a whole morning, then two hours of the afternoon, one series each)
and ``n`` three-hour meetings, all in one room, over ``2 n`` days. Hardest first puts every morning part
before the meetings and the meetings before the afternoon parts; each meeting then takes the earliest
afternoon, the one a morning part was placed beside, and every afternoon part is left without a place.
"""

from datetime import date, time, timedelta

import pytest

from scheduler.domain import Room
from scheduler.domain.meetings import Attendee, Link, MeetingProblem, Person, Session, Workdays
from scheduler.meetings.check import keeps_rules, plan_of
from scheduler.meetings.greedy import GREEDY_ROUNDS, PACKED_ROUNDS, greedy, packed
from scheduler.meetings.prepared import prepare
from scheduler.meetings.terms import DEFAULT


def hearings(n: int) -> MeetingProblem:
    """``n`` two-part hearings and ``n`` afternoon-long meetings in one room over ``2 n`` working days."""
    first = date(2027, 3, 1)
    days = tuple(first + timedelta(days=k) for k in range(2 * n))
    sessions: list[Session] = []
    links: list[Link] = []
    people: list[str] = []
    for k in range(n):
        panel = tuple(f"听证{k}-{m}" for m in range(3))
        others = tuple(f"会议{k}-{m}" for m in range(3))
        people += [*panel, *others]
        attendees = tuple(Attendee(p) for p in panel)
        sessions += [
            Session(f"听证{k}（上午）", 240, attendees, series=f"听证{k}"),
            Session(f"听证{k}（下午）", 120, attendees, series=f"听证{k}"),
            Session(f"专题会{k}", 180, tuple(Attendee(p) for p in others)),
        ]
        links.append(Link(f"听证{k}（上午）", f"听证{k}（下午）", same_day=True))
    return MeetingProblem(
        tuple(sessions),
        Workdays(days, ((time(8), time(12)), (time(14, 30), time(17, 30))), 15),
        (Room("大会议室", 1, seats=20),),
        people=tuple(Person(p) for p in people),
        links=tuple(links),
    )


@pytest.mark.parametrize("n", [GREEDY_ROUNDS + 1, PACKED_ROUNDS + 1])
def test_each_greedy_places_every_hearing_in_its_first_round(n: int) -> None:
    """Before, each round put one afternoon part first (the squeaky wheel), so more hearings than rounds
    left both greedies without a timetable; each part following the same day now goes right after the
    part it follows, so one round places them all."""
    problem = hearings(n)
    prep = prepare(problem)
    for found in (greedy(prep, DEFAULT, rounds=1), packed(prep)):
        assert found is not None
        assert keeps_rules(problem, plan_of(problem, *found))
