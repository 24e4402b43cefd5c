"""unavailable alone: through the model (its forbidden starts), the checker and its explanation hooks."""

from __future__ import annotations

from scheduler import Instance, Unavailable
from scheduler.rules.registry import restrictions, rule
from tests.conftest import at, small_problem
from tests.rules.helpers import FRAME, alone, broken, solution, table

RULE = rule("unavailable")


def test_a_unit_unavailable_at_the_only_hour_cannot_meet():
    problem = small_problem([("甲局", "", "")], hours=(8,), unavailable=(Unavailable("甲局", frozenset({at(8, 8)})),))
    assert alone(problem, RULE) == ("OPTIMAL", "INFEASIBLE")


def test_the_unit_meets_at_another_hour():
    problem = small_problem([("甲局", "", "")], hours=(8, 9), unavailable=(Unavailable("甲局", frozenset({at(8, 8)})),))
    found = solution(problem, [*FRAME, RULE])
    assert found.starts() == {"甲局": at(8, 9)}
    assert broken(RULE, problem, found) == []
    assert restrictions(problem, [RULE]) == {("甲局", 0): (Instance("unavailable", "甲局"),)}


def test_facts_say_it_the_shortest_true_way():
    problem = small_problem([("甲局", "", "")], hours=(8, 9, 10, 11))
    blocked = {at(8, 8), at(8, 9)}
    assert RULE.fact(problem, blocked).text("en") == "is unavailable every slot before 9月8日 10:00"
    assert RULE.fact(problem, {at(8, 8), at(8, 10), at(8, 11)}).text("en") == "can come only at 9月8日 9:00"
    assert RULE.fact(problem, set(problem.calendar.slots)).text("en") == "cannot come at any meeting time"


def test_relax_drops_the_entries_not_kept_and_the_unit_is_fixed():
    entries = (Unavailable("甲局", frozenset({at(8, 8)})), Unavailable("乙局", frozenset({at(8, 9)})))
    problem = small_problem([("甲局", "", ""), ("乙局", "", "")], unavailable=entries)
    assert RULE.relax(problem, {Instance("unavailable", "乙局")}) == {"unavailable": entries[1:]}
    assert RULE.fixes(problem) == {"甲局", "乙局"}


def test_checker_names_the_unit_at_a_time_it_cannot_come():
    problem = small_problem([("甲局", "", "")], unavailable=(Unavailable("甲局", frozenset({at(8, 8)})),))
    assert broken(RULE, problem, table(("甲局", at(8, 8)))) == [
        "甲局 is at 9月8日 8:00, when it cannot come  [rule unavailable: no meeting when a unit cannot come]"
    ]
