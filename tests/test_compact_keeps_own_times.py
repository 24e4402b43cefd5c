"""A compact solve keeps the table's own times among equally good timetables (QA qabig25 F6: a 2,000-unit
table already at the optimum came back with 1,978 units moved for no gain; meeting tables keep theirs
since qabigmeet22 F4). The tie-break is on the answers, never at the cost of a worse score."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import scheduler
from scheduler.domain import Timetable

ROOT = Path(__file__).resolve().parent.parent


def moved(reference: Timetable, timetable: Timetable) -> int:
    starts = timetable.starts()
    return sum(1 for unit, start in reference.starts().items() if starts.get(unit) != start)


@pytest.fixture(scope="module")
def notice():
    problem = scheduler.load(ROOT / "examples" / "notice_2021.csv").problem
    return problem.replace(reference=None)


def test_an_optimal_table_given_comes_back_as_it_is(notice):
    """Each of several different optimal timetables, given as the table's own times, is the answer."""
    choices = scheduler.alternatives(notice, "compact", count=4, time_limit=20)
    assert len(choices.timetables) >= 2  # else the test proves nothing: they differ from one another
    first = choices.timetables[0]
    assert any(moved(first, other) > 0 for other in choices.timetables[1:])
    for own in choices.timetables:
        result = scheduler.solve(notice.replace(reference=own), "compact", time_limit=20)
        assert result.status == "optimal"
        assert moved(own, result.timetable) == 0


def test_a_worse_table_given_is_still_improved(notice):
    """The table's own times lose to a better score: the tie-break is only among equals."""
    best = scheduler.solve(notice, "compact", time_limit=20)
    last = max(m.start for m in best.timetable.meetings)
    later = next(t for t in notice.calendar.slots if t > last)
    town = next(m for m in best.timetable.meetings if m.start == last)
    own = Timetable(tuple(replace(m, start=later) if m is town else m for m in best.timetable.meetings))
    assert scheduler.validate(notice, own).ok  # a valid table, one slot longer than the optimum
    result = scheduler.solve(notice.replace(reference=own), "compact", time_limit=20)
    assert result.status == "optimal" and result.score == best.score
    assert moved(own, result.timetable) >= 1
