"""The block search (scheduler.meetings.blocks): starts thinned to the sessions' common length, counted
from each working period's start, are a restriction of the problem, so every timetable it finds keeps
every rule."""

from __future__ import annotations

import time
from dataclasses import replace

from benchmarks.timefold_ours import problem_of
from benchmarks.timefold_recipe import generate
from scheduler.meetings import blocks
from scheduler.meetings.check import check_meetings
from scheduler.meetings.engine import run
from scheduler.meetings.greedy import greedy
from scheduler.meetings.planner import to_plan
from scheduler.meetings.prepared import prepare
from scheduler.meetings.terms import REPLAN, TIMEFOLD
from tests.test_meetings_polish import two_meetings


def test_the_blocks_thin_the_starts_to_each_working_periods_multiples():
    prep = prepare(problem_of(generate(12, 0)))
    g = blocks.block_steps(prep)
    assert g == 4  # the recipe's lengths: 8, 12 and 16 grains
    thinned = blocks.on_blocks(prep, g)
    assert thinned is not None and thinned.problem is prep.problem
    runs = prep.problem.workdays.runs()
    for own, kept in zip(prep.starts, thinned.starts, strict=True):
        assert kept and set(kept) <= set(own) and len(kept) < len(own)
        for s in kept:
            first = next(a for a, b in runs if a <= s < b)
            assert (s - first) % g == 0
    assert prep.starts[0] is not thinned.starts[0]  # the preparation itself is untouched


def test_no_block_no_search():
    problem = two_meetings(optional=True)
    sessions = (problem.sessions[0], replace(problem.sessions[1], minutes=75))
    odd = prepare(type(problem)(sessions, problem.workdays, problem.rooms, people=problem.people))
    assert blocks.block_steps(odd) == 1 and not blocks.applies(odd, TIMEFOLD)
    assert not blocks.applies(prepare(problem_of(generate(12, 0))), REPLAN)  # moves on the medium level too


HOUR = 3600.0
"""A wall-clock limit no test run reaches: the tests below are bounded by rounds and CP-SAT's deterministic
time, so the machine's load cannot decide them (at 5 s of wall clock, a load of 15 could)."""


def test_the_block_search_keeps_every_rule_and_never_worsens_its_hint(monkeypatch):
    problem = problem_of(generate(20, 1))
    prep = prepare(problem)
    first = greedy(prep, TIMEFOLD, 3, None)  # (three rounds: no clock)
    assert first is not None
    searches = []

    def deterministic(model, time_limit, workers=2, **extra):
        searches.append(time_limit)
        return run(model, time_limit, workers, max_deterministic_time=5.0, **extra)

    monkeypatch.setattr(blocks, "run", deterministic)
    found = blocks.block_search(prep, TIMEFOLD, first, time.perf_counter() + HOUR, 1)
    assert len(searches) == 1  # (the search ran, bounded by its deterministic time, not the wall clock)
    assert found is not None
    assert check_meetings(problem, to_plan(prep, *found)).ok
    assert all(s in blocks.on_blocks(prep, 4).starts[i] for i, s in enumerate(found[0]))  # type: ignore[union-attr]


def test_the_calls_block_step_keeps_every_rule_and_is_never_worse():
    """The planner's step (:func:`planner._blocks_first`): the block search's timetable when it keeps
    every rule and is better by the checker's measure, else the first one."""
    from scheduler.meetings import planner
    from scheduler.meetings.bounds import cheap_bounds

    problem = problem_of(generate(50, 0))
    prep = prepare(problem, aggregate=False)
    judge = planner._Judge(prep, TIMEFOLD)
    first = greedy(prep, TIMEFOLD, 3, time.perf_counter() + 5)
    assert first is not None
    found = planner._blocks_first(judge, first, cheap_bounds(prep, TIMEFOLD), time.perf_counter() + 10, 2)
    assert check_meetings(problem, to_plan(prep, *found)).ok
    assert judge.key(found) <= judge.key(first)
