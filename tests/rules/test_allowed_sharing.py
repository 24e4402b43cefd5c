"""allowed-sharing alone: through the model (its groups) and the checker."""

from __future__ import annotations

from scheduler import Room
from scheduler.rules.registry import rule
from scheduler.solver.model import allowed_groups
from tests.conftest import at, small_problem
from tests.rules.helpers import FRAME, broken, solution, status, table

RULE = rule("allowed-sharing")
ONE_HOUR = dict(hours=(8,), rooms=(Room("420", 2),))


def test_units_without_a_common_label_cannot_share_the_one_hour():
    problem = small_problem([("甲", "", "A"), ("乙", "", "B")], **ONE_HOUR)
    assert allowed_groups(problem, [RULE]) == [(0,), (1,)]
    assert status(problem, [*FRAME, RULE]) == "INFEASIBLE"


def test_units_with_a_common_label_share_it():
    problem = small_problem([("甲", "", "A、B"), ("乙", "", "B")], **ONE_HOUR)
    assert allowed_groups(problem, [RULE]) == [(0,), (1,), (0, 1)]
    found = solution(problem, [*FRAME, RULE])
    assert {m.start for m in found.meetings} == {at(8, 8)}
    assert broken(RULE, problem, table(("甲", at(8, 8), "420"), ("乙", at(8, 8), "420"))) == []


def test_the_grouping_limit_itself():
    problem = small_problem([("甲", "", "A"), ("乙", "", "A、C"), ("丙", "", "C")])
    units = problem.units
    assert RULE.allows_group(problem, [units[0], units[1]])
    assert not RULE.allows_group(problem, [units[0], units[2]])
    assert not RULE.allows_group(problem, list(units))  # no label common to all three


def test_checker_names_units_sharing_a_room_without_a_common_label():
    problem = small_problem([("甲", "", ""), ("乙", "", "")])
    assert broken(RULE, problem, table(("甲", at(8, 8), "420"), ("乙", at(8, 8), "420"))) == [
        "甲, 乙 share 420 at 9月8日 8:00 but are not in one parallel group"
        "  [rule allowed-sharing: only units of one parallel group share a room and hour]"
    ]
