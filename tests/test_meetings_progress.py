"""A meeting solve's progress callback (docs/python.md "Stop and progress", QA qawebmeet19 F3): the unit
calls' ``Progress``, told the first timetable (``greedy``), then each better one (``solving``), with
every level of its score and the level's bound when one is known."""

from __future__ import annotations

from benchmarks.timefold_ours import problem_of
from benchmarks.timefold_recipe import demo
from scheduler.meetings.planner import solve_meetings
from scheduler.meetings.replanning import replan_meetings
from scheduler.meetings.terms import TIMEFOLD
from scheduler.solver.progress import Progress


def _key(progress: Progress) -> tuple[int, ...]:
    score = dict(progress.score)
    return tuple(score.get(level, 0) for level in ("medium", "soft"))


def test_a_meeting_solve_tells_its_first_timetable_then_each_better_one():
    problem = problem_of(demo())
    heard: list[Progress] = []
    result = solve_meetings(problem, TIMEFOLD, time_limit=3, workers=1, progress=heard.append)
    assert result.plan is not None and heard, heard
    assert heard[0].step == "greedy" and all(p.step == "solving" for p in heard[1:])
    assert all(dict(p.score).keys() == result.score.keys() for p in heard)
    assert heard[0].criterion == "medium" and heard[0].value == dict(heard[0].score)["medium"]
    keys = [_key(p) for p in heard]
    assert keys == sorted(set(keys), reverse=True)  # each one better than the one before
    assert dict(heard[-1].score) == result.score  # the last one told is the answer
    assert all(p.bound is None or p.bound <= (p.value or 0) for p in heard)
    assert [p.elapsed for p in heard] == sorted(p.elapsed for p in heard)


def test_a_meeting_replan_tells_its_first_timetable():
    problem = problem_of(demo())
    published = solve_meetings(problem, TIMEFOLD, time_limit=1, workers=1).plan
    assert published is not None
    heard: list[Progress] = []
    result = replan_meetings(problem, published, time_limit=2, workers=1, progress=heard.append)
    assert result.plan is not None and heard and heard[0].step == "greedy"
    assert dict(heard[-1].score) == result.score
