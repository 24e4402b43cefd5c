"""The 2021 notice end to end: the published table is valid, compact proves 23 hours,
stable reproduces the published table."""

from __future__ import annotations

from datetime import datetime

import scheduler


def test_published_table_satisfies_every_rule(notice):
    report = scheduler.validate(notice.problem, notice.timetable)
    assert report.ok, report.lines("en")


def test_transcription_matches_the_seed(notice):
    assert len(notice.problem.units) == 29
    assert notice.problem.units[0].name == "区自然资源局"
    assert notice.problem.units[-1].name == "柏庄镇政府"
    assert sum(u.category == "镇办" for u in notice.problem.units) == 10


def test_compact_proves_23_hours(notice):
    result = scheduler.solve(notice.problem, objective="compact", time_limit=20)
    assert result.status == "optimal"
    assert result.score.values == (23,)
    assert result.slots_used() == 23
    assert result.last_meeting() == datetime(2021, 9, 10, 17)
    assert scheduler.validate(notice.problem, result.timetable).ok


def test_stable_returns_the_published_table_unchanged(notice):
    result = scheduler.solve(notice.problem, objective="stable", time_limit=20)
    assert result.status == "optimal"
    assert result.moves() == []
    assert result.timetable.starts() == notice.timetable.starts()
