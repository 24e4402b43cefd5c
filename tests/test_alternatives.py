"""solve --alternatives: different timetables, all optimal, each passing the checker."""

from __future__ import annotations

from itertools import combinations

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scheduler
from scheduler import Meeting, Room, Timetable
from scheduler.cli.main import main
from scheduler.solver.alternatives import alternatives, pattern
from scheduler.solver.objectives import OBJECTIVES
from tests.brute import timetables
from tests.conftest import NOTICE, small_problem


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_compact_notice_has_several_different_optima(notice):
    found = alternatives(notice.problem, "compact", count=3, time_limit=60)
    assert found.count == 3
    for timetable in found.timetables:
        assert scheduler.validate(notice.problem, timetable).ok
        assert OBJECTIVES["compact"].score(notice.problem, timetable).values == (23,)
    patterns = [pattern(notice.problem, t, keep_reference=False) for t in found.timetables]
    for a, b in combinations(patterns, 2):
        assert a != b


def test_stable_notice_has_exactly_one(notice):
    found = alternatives(notice.problem, "stable", count=3)
    assert found.count == 1 and found.complete
    assert found.timetables[0].starts() == notice.timetable.starts()


def test_cli_says_how_many_exist_when_fewer():
    result = run("solve", str(NOTICE), "--objective", "stable", "--alternatives", "3", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "There are only 1 different optimal timetables (fewer than the 3 asked for)" in result.output


def test_cli_writes_one_valid_folder_per_alternative(tmp_path):
    out = tmp_path / "out"
    result = run("solve", str(NOTICE), "--alternatives", "2", "--out", str(out), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Optimal timetable 2 of 2" in result.output
    for number in (1, 2):
        check = run("validate", str(out / f"alternative-{number}" / "timetable.csv"))
        assert check.exit_code == 0, check.output
    first = (out / "alternative-1" / "timetable.csv").read_bytes()
    assert first != (out / "alternative-2" / "timetable.csv").read_bytes()


@st.composite
def tiny(draw: st.DrawFn):
    n = draw(st.integers(2, 4))
    hours = (8, 9, 10, 11)[: draw(st.integers(2, 4))]
    units = [(f"U{i}", draw(st.sampled_from(["部门", "镇办"])), draw(st.sampled_from(["", "A"]))) for i in range(n)]
    rooms = draw(st.sampled_from([(Room("1", 1),), (Room("1", 2),)]))
    problem = small_problem(units, hours=hours, rooms=rooms)
    if draw(st.booleans()):
        slots = problem.calendar.slots
        reference = Timetable(tuple(Meeting(name, draw(st.sampled_from(slots))) for name, _, _ in units))
        problem = problem.replace(reference=reference)
    return problem, draw(st.sampled_from(["compact", "stable"]))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny())
def test_alternatives_count_matches_brute_force(case):
    """Asked for many, alternatives lists every optimal pattern, as brute force counts them."""
    problem, objective = case
    goal = OBJECTIVES[objective]
    scored = [(goal.score(problem, t).values, t) for _, t in timetables(problem)]
    found = alternatives(problem, objective, count=50, time_limit=20, workers=1)
    if not scored:
        assert found.count == 0 and found.result.status == "infeasible"
        return
    best = min(s for s, _ in scored)
    keep = objective == "stable"
    expected = {frozenset(pattern(problem, t, keep).items()) for s, t in scored if s == best}
    assert found.complete
    assert {frozenset(pattern(problem, t, keep).items()) for t in found.timetables} == expected
    assert found.count == len(expected)
