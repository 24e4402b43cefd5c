"""linked alone: through the model (forbidden starts and its equalities), the checker and its hooks."""

from __future__ import annotations

from scheduler import Instance, Link, Room, Unavailable
from scheduler.rules.registry import rule
from tests.conftest import at, small_problem
from tests.rules.helpers import FRAME, alone, broken, solution, table

RULE = rule("linked")
TWO = [("甲局", "", ""), ("乙局", "", "")]
LINK = (Link("甲局", "乙局"),)


def test_no_hour_follows_another_so_the_link_cannot_hold():
    problem = small_problem(TWO, hours=(8, 10), links=LINK)  # 10:00 does not follow 8:00 directly
    assert alone(problem, RULE) == ("OPTIMAL", "INFEASIBLE")


def test_the_second_unit_meets_in_the_hour_after_the_first():
    # The forbidden starts leave 甲局 8-10 and 乙局 9-11: the equality pairs them.
    problem = small_problem(TWO, hours=(8, 9, 10, 11), rooms=(Room("420", 1),), links=LINK)
    found = solution(problem, [*FRAME, RULE])
    starts = found.starts()
    assert problem.calendar.follows(starts["甲局"], starts["乙局"])
    assert broken(RULE, problem, found) == []


def test_hooks_for_the_greedy_the_order_and_explanations():
    problem = small_problem(TWO, links=LINK, unavailable=(Unavailable("乙局", frozenset({at(8, 9)})),))
    assert list(RULE.follows(problem)) == [("甲局", "乙局")]
    assert RULE.fixes(problem) == {"甲局", "乙局"}
    assert RULE.relax(problem, set()) == {"links": ()}
    (instance,) = RULE.instances(problem)
    assert instance == Instance("linked", "甲局", "乙局")
    assert RULE.describe(problem, instance).text("en") == "乙局 must meet directly after 甲局, the same day"


def test_checker_names_a_link_that_does_not_hold():
    problem = small_problem(TWO, links=LINK)
    assert broken(RULE, problem, table(("甲局", at(8, 8)), ("乙局", at(8, 10)))) == [
        "乙局 must follow 甲局 (Sep 8 8:00) directly, but is at Sep 8 10:00"
        "  [rule linked: a linked unit meets right after its predecessor, same day]"
    ]


def test_checker_checks_every_time_of_a_unit_listed_twice():
    problem = small_problem(TWO, links=LINK)
    said = "  [rule linked: a linked unit meets right after its predecessor, same day]"
    # 甲局 again at 10:00, with no 乙局 after it: the 10:00 row breaks the link
    assert broken(RULE, problem, table(("甲局", at(8, 8)), ("乙局", at(8, 9)), ("甲局", at(8, 10)))) == [
        "乙局 must follow 甲局 (Sep 8 10:00) directly, but is at Sep 8 9:00" + said
    ]
    # 乙局 again at 11:00, after no 甲局: named with 甲局's nearest time
    assert broken(RULE, problem, table(("甲局", at(8, 8)), ("乙局", at(8, 9)), ("乙局", at(8, 11)))) == [
        "乙局 must follow 甲局 (Sep 8 8:00) directly, but is at Sep 8 11:00" + said
    ]
    # both listed twice, each pair in order; or a row repeated: nothing to say but "twice"
    pairs = (("甲局", at(8, 8)), ("乙局", at(8, 9)), ("甲局", at(8, 10)), ("乙局", at(8, 11)))
    assert broken(RULE, problem, table(*pairs)) == []
    assert broken(RULE, problem, table(("甲局", at(8, 8)), ("乙局", at(8, 9)), ("乙局", at(8, 9)))) == []
