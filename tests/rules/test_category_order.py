"""category-order alone: through the model (both modes), the checker and its explanation hooks."""

from __future__ import annotations

from scheduler import Instance, Room
from scheduler.rules.registry import rule
from scheduler.solver.model import ModelBuilder
from tests.conftest import at, small_problem
from tests.rules.helpers import FRAME, alone, broken, solution, table

RULE = rule("category-order")
ROOMS = (Room("一", 1), Room("二", 1))


def test_a_department_and_a_town_cannot_share_the_one_hour():
    problem = small_problem([("甲局", "部门", ""), ("子街道", "镇办", "")], hours=(8,), rooms=ROOMS)
    assert alone(problem, RULE) == ("OPTIMAL", "INFEASIBLE")


def test_departments_meet_before_towns_when_there_is_room():
    units = [("子街道", "镇办", ""), ("甲局", "部门", ""), ("丑街道", "镇办", ""), ("乙局", "部门", "")]
    problem = small_problem(units, hours=(8, 9, 10), rooms=ROOMS)
    found = solution(problem, [*FRAME, RULE])
    starts = found.starts()
    assert max(starts["甲局"], starts["乙局"]) < min(starts["子街道"], starts["丑街道"])
    assert broken(RULE, problem, found) == []


def test_explaining_guards_each_unit_by_its_own_instance():
    problem = small_problem([("甲局", "部门", ""), ("子街道", "镇办", "")], hours=(8,), rooms=ROOMS)
    model = ModelBuilder(problem, explaining=True, rules=[*FRAME, RULE])
    guards = {i: model.reason(i) for i in RULE.instances(problem)}
    assert set(guards) == {Instance("category-order", "甲局"), Instance("category-order", "子街道")}
    model.cp.assume(list(guards.values()))
    assert model.cp.solve(10, 1).status == "INFEASIBLE"
    model.cp.assume([guards[Instance("category-order", "甲局")]])  # 子街道 outside the order
    assert model.cp.solve(10, 1).status == "OPTIMAL"


def test_relax_puts_units_whose_instance_is_dropped_outside_the_order():
    problem = small_problem([("甲局", "部门", ""), ("子街道", "镇办", "")])
    kept = {Instance("category-order", "甲局")}
    units = RULE.relax(problem, kept)["units"]
    assert [(u.name, u.category) for u in units] == [("甲局", "部门"), ("子街道", "")]
    assert RULE.phases(problem) == {"甲局": 0, "子街道": 1}


def test_describe_says_which_side_of_the_order_a_unit_is_on():
    problem = small_problem([("甲局", "部门", ""), ("子街道", "镇办", "")])
    said = [RULE.describe(problem, i).text("en") for i in RULE.instances(problem)]
    assert said == ["甲局 is a 部门: it must meet before every 镇办", "子街道 is a 镇办: it must meet after every 部门"]


def test_checker_names_the_town_placed_before_a_department():
    problem = small_problem([("甲局", "部门", ""), ("乙局", "部门", ""), ("子街道", "镇办", "")])
    assert broken(RULE, problem, table(("甲局", at(8, 8)), ("乙局", at(8, 10)), ("子街道", at(8, 9)))) == [
        "子街道 (镇办) is at Sep 8 9:00, not after 1 unit that must come first "
        "(the latest: 乙局 (部门) at Sep 8 10:00)"
        "  [rule category-order: categories meet in the order the rules list them]"
    ]


def test_checker_checks_every_time_of_a_unit_listed_twice():
    # 乙局 listed at 9:00 and again at 11:00, after the towns: each-unit-once says "twice", and the
    # 11:00 row breaks the order too, so it is said here (naming that time), and said once even
    # when the row is there twice.
    towns = [("子街道", "镇办", ""), ("丑街道", "镇办", "")]
    problem = small_problem([("甲局", "部门", ""), ("乙局", "部门", ""), *towns])
    rows = [("甲局", at(8, 8)), ("乙局", at(8, 9)), ("子街道", at(8, 10)), ("丑街道", at(8, 10))]
    assert broken(RULE, problem, table(*rows)) == []
    rows += [("乙局", at(8, 11)), ("乙局", at(8, 11))]
    assert broken(RULE, problem, table(*rows)) == [
        "乙局 (部门) is at Sep 8 11:00, not before 2 units that must come later "
        "(the earliest: 丑街道 (镇办) at Sep 8 10:00)"
        "  [rule category-order: categories meet in the order the rules list them]"
    ]
