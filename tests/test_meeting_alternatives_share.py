"""``meeting_alternatives`` keeps 40% of its time for the alternatives only when it can build the model
they are searched in: when that model cannot be built in what is left, the first timetable's search takes
the whole time (QA qabig25 F4: 400 meetings, ``--alternatives 3 --time-limit 10``, ended at 6.0 s with no
alternative and the limit blamed)."""

from __future__ import annotations

import pytest

import scheduler.meetings.choices as choices
from scheduler.meetings.terms import DEFAULT
from tests.rules.meeting_helpers import TWO_ROOMS, meetings, session


@pytest.mark.parametrize(("build_seconds", "share"), [(0.001, choices.SOLVE_SHARE), (1000.0, 1.0)])
def test_the_first_search_takes_the_time_the_alternatives_cannot_use(monkeypatch, build_seconds, share):
    problem = meetings(session("甲会", 60, "甲"), session("乙会", 60, "乙"), rooms=TWO_ROOMS)
    given: list[float] = []
    real = choices.solve_meetings

    def recording(problem, objective, time_limit, *args, **kwargs):
        given.append(time_limit)
        assert kwargs["prepared"].problem is problem  # prepared once, for the search and the held model
        return real(problem, objective, time_limit, *args, **kwargs)

    monkeypatch.setattr(choices, "solve_meetings", recording)
    monkeypatch.setattr(choices, "full_build_seconds", lambda *args, **kwargs: build_seconds)
    found = choices.meeting_alternatives(problem, DEFAULT, count=3, time_limit=10)
    assert given == [pytest.approx(10 * share)]
    assert found.result.plan is not None
    if share == 1.0:
        assert found.plans == (found.result.plan,)  # the model priced too big to build: no alternatives
