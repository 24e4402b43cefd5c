"""allowed-sharing alone: through the model (its groups) and the checker."""

from __future__ import annotations

from scheduler import Room
from scheduler.meetings.units import from_units
from scheduler.rules.base import Rule
from scheduler.rules.registry import rule
from scheduler.rules.values import View
from scheduler.solver.model import allowed_groups
from tests.conftest import at, small_problem
from tests.rules import meeting_helpers as m
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
        "甲, 乙 share 420 at Sep 8 8:00 but are not in one parallel group"
        "  [rule allowed-sharing: only units of one parallel group share a room and hour]"
    ]


def test_labels_differing_only_in_width_or_case_are_one_label():
    problem = small_problem([("甲", "", "F"), ("乙", "", "Ｆ "), ("丙", "", "f")], **ONE_HOUR)
    assert allowed_groups(problem, [RULE]) == [(0,), (1,), (2,), (0, 1), (0, 2), (1, 2)]
    assert broken(RULE, problem, table(("甲", at(8, 8), "420"), ("乙", at(8, 8), "420"))) == []
    assert from_units(problem).sessions[1].share == frozenset({"f"})  # the meeting model folds alike


def test_checker_shows_the_labels_as_written():
    problem = small_problem([("甲", "", "F"), ("乙", "", "Ｇ"), ("丙", "", "")])
    assert broken(RULE, problem, table(("甲", at(8, 8), "420"), ("乙", at(8, 8), "420"))) == [
        "甲, 乙 share 420 at Sep 8 8:00 but are not in one parallel group (groups: F / Ｇ)"
        "  [rule allowed-sharing: only units of one parallel group share a room and hour]"
    ]
    view = View(problem, table(("丙", at(8, 9), "420"), ("甲", at(8, 9), "420")))
    assert [v.text() for v in RULE.check(view)] == [
        "丙、甲 同在 9月8日 9:00 于 420 对接，但不属于同一并行组（并行组：— / F）"
        "  [规则 allowed-sharing: 只有同一并行组的单位可同时对接]"
    ]


# -- meeting problems: sharing labels in a room holding several at once


def test_meetings_without_a_common_label_never_share_a_room_at_once():
    pair = (Room("厅", 2, 10),)
    sessions = (m.session("一", 240, "甲", share=frozenset({"x"})), m.session("二", 240, "乙", share=frozenset({"y"})))
    problem = m.meetings(*sessions, m.session("三", 240, "丙", share=frozenset({"x", "y"})), rooms=pair)
    assert m.status(problem, m.FRAME) == "OPTIMAL"
    assert m.status(problem, (*m.FRAME, RULE)) == "OPTIMAL"  # 三 shares with either
    four = m.meetings(*sessions, *(m.session(f"会{k}", 240, p) for k, p in enumerate(("丙", "丙"))), rooms=pair)
    assert m.status(four, m.FRAME) == "OPTIMAL"
    assert m.status(four, (*m.FRAME, RULE)) == "INFEASIBLE"  # four meetings, two periods, nobody shares


def test_meeting_sharing_labels_differing_only_in_width_or_case_are_one_label():
    """As units' parallel-group labels: a full-width or capital label typed for the same group is that group."""
    pair = (Room("厅", 2, 10),)
    one = m.session("一", 60, "甲", share=frozenset({"Ｆ "}))
    two = m.session("二", 60, "乙", share=frozenset({"f"}))
    assert one.share == two.share == frozenset({"f"})
    problem = m.meetings(one, two, rooms=pair)
    assert m.broken(RULE, problem, m.plan(("一", m.at(8), "厅"), ("二", m.at(8), "厅"))) == []


def test_meeting_checker_words():
    pair = (Room("厅", 2, 10),)
    problem = m.meetings(m.session("一", 60, "甲", share=frozenset({"x"})), m.session("二", 60, "乙"), rooms=pair)
    found = m.solution(problem, (*m.FRAME, RULE))
    assert m.broken(RULE, problem, found) == []
    assert m.broken(RULE, problem, m.plan(("一", m.at(8), "厅"), ("二", m.at(8, 30), "厅"))) == [
        "一, 二 share 厅 at Mar 3 8:30 but may not share"
        "  [rule allowed-sharing: only meetings with a sharing label in common share a room at once]"
    ]


def test_meetings_sharing_no_label_are_kept_apart_by_one_constraint_not_one_per_pair():
    """A room of capacity 2 and 40 meetings without a label: before, 780 pairwise constraints (467,287
    at 1,000 meetings, over 10 s and 1 GB to build); then one list, and one per labelled meeting; now
    (share16) one cumulative in which an unlabelled meeting takes the whole room, and a list per pair of
    labelled meetings with no label in common."""
    pair = (Room("厅", 2, 10),)
    plain = [m.session(f"会{k}", 30, "甲乙丙"[k % 3]) for k in range(40)]
    labelled = [m.session(f"组{k}", 30, "甲", share=frozenset({"x" if k else "y"})) for k in range(3)]
    problem = m.meetings(*plain, *labelled, rooms=pair)

    def lists(rules: tuple[Rule, ...]) -> tuple[int, int]:
        model = m.built(problem, rules)  # kept: the proto's items live as long as it does
        constraints = [model.cp.proto.constraints[k] for k in range(len(model.cp.proto.constraints))]
        return sum(c.has_no_overlap() for c in constraints), sum(c.has_cumulative() for c in constraints)

    (lists_with, loads_with), (lists_without, loads_without) = lists((*m.FRAME, RULE)), lists(m.FRAME)
    assert lists_with - lists_without == 2  # 组0 with 组1 and with 组2, nothing per unlabelled meeting
    assert loads_with - loads_without == 1  # the 40 and the labelled ones in one cumulative
    four = m.meetings(*plain[:2], *labelled[:2], rooms=pair)
    assert m.status(four, (*m.FRAME, RULE)) == "OPTIMAL"


def test_two_in_a_room_that_holds_one_are_room_capacitys_fault_alone():
    """QA consist F4: two unlabelled units (or meetings) in a room of capacity 1 were told twice, under
    room-capacity and allowed-sharing, once only with a common label. The model leaves such rooms to
    room-capacity; the checker now does too: one fault, one line, whatever the labels."""
    from scheduler import validate
    from scheduler.meetings.check import check_meetings

    one = (Room("420", 1),)
    for names in ([("甲", "", ""), ("乙", "", "")], [("甲", "", "F"), ("乙", "", "F")]):
        problem = small_problem(names, rooms=one)
        report = validate(problem, table(("甲", at(8, 8), "420"), ("乙", at(8, 8), "420")))
        assert report.rules_broken() == ["room-capacity"], names
    for share in (frozenset(), frozenset({"x"})):
        single = (Room("301", 1, 10),)
        problem = m.meetings(
            m.session("一", 60, "甲", share=share), m.session("二", 60, "乙", share=share), rooms=single
        )
        plan = m.plan(("一", m.at(9), "301"), ("二", m.at(9), "301"))
        assert check_meetings(problem, plan).rules_broken() == ["room-capacity"], share
