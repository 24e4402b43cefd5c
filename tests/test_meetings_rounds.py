"""Time left after the last polish goes to further rounds while the answer is not proven optimal
(scheduler.meetings.planner._last_polish): a call with an unproven answer uses its time limit, a
proven one still returns at once, and the whole call stays within its limit."""

from __future__ import annotations

import random
import time

from scheduler.meetings import planner, polish
from scheduler.meetings.check import check_meetings
from scheduler.meetings.greedy import greedy
from scheduler.meetings.measure import score_key
from scheduler.meetings.planner import _keeps_rules, solve_meetings
from scheduler.meetings.prepared import prepare
from scheduler.meetings.terms import DEFAULT, TIMEFOLD, Term
from tests.test_meetings_polish import two_meetings
from tests.test_meetings_properties import tiny
from tests.test_meetings_stop import timefold_demo


def test_an_unproven_answer_uses_its_time_when_the_polish_stalls(monkeypatch):
    """The light path (the full model priced out of reach, as for 100 meetings and more under the
    Timefold recipe) with a ruin and recreate that stalls at once (as it did after 18 s on
    tf-100m-s0 at 60 s on a quiet machine): before, the call returned when the light search's half
    ended, about 2 s of a 4 s limit (1.91 s measured), its medium level above its bound; now the
    rest goes to further rounds, up to the limit and within its second of grace."""
    monkeypatch.setattr(planner, "BUILD_SECONDS", 1.0)  # no full model: the light path
    monkeypatch.setattr(polish, "STALL", 0)  # ruin and recreate gives up at once
    problem = timefold_demo()
    limit = 4.0
    began = time.perf_counter()
    result = solve_meetings(problem, TIMEFOLD, time_limit=limit, workers=1)
    wall = time.perf_counter() - began
    assert result.status == "feasible" and result.plan is not None and check_meetings(problem, result.plan).ok
    assert 0.85 * limit <= wall <= limit + 1.0, wall  # the promise: within T + 1


def test_a_proven_answer_still_returns_at_once():
    """Two meetings, proven at every level by the solver in milliseconds: no rounds, the call ends long
    before its limit."""
    began = time.perf_counter()
    result = solve_meetings(two_meetings(optional=True), TIMEFOLD, time_limit=20, workers=1)
    assert result.status == "optimal"
    assert time.perf_counter() - began < 10


def test_a_further_round_of_ruin_and_recreate_keeps_the_rules_and_only_gets_better():
    """Another seed and larger groups (what the rounds use): whatever it returns keeps every hard rule
    and is strictly better, the medium level never higher."""
    for seed in range(40):
        prep = prepare(tiny(random.Random(seed)), aggregate=True)
        first = greedy(prep, (Term("early"),), rounds=3)
        if first is None:
            continue
        for objective in (TIMEFOLD, DEFAULT):
            again = polish.polish(prep, objective, first, 10**9, seed=3, group=7)
            if again is None:
                continue
            assert _keeps_rules(prep, *again)
            before, after = score_key(prep, objective, first), score_key(prep, objective, again)
            assert after < before and after[0] <= before[0]
