"""unavailable alone: through the model (its forbidden starts), the checker and its explanation hooks."""

from __future__ import annotations

from datetime import datetime

from scheduler import Instance, Unavailable
from scheduler.domain.meetings import Busy, Person
from scheduler.rules.registry import restrictions, rule
from scheduler.rules.values.plan_view import PlanView
from tests.conftest import at, small_problem
from tests.rules import meeting_helpers as m
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
    assert RULE.fact(problem, blocked).text("en") == "is unavailable every slot before Sep 8 10:00"
    assert RULE.fact(problem, {at(8, 8), at(8, 10), at(8, 11)}).text("en") == "can come only at Sep 8 9:00"
    assert RULE.fact(problem, set(problem.calendar.slots)).text("en") == "cannot come at any meeting time"


def test_relax_drops_the_entries_not_kept_and_the_unit_is_fixed():
    entries = (Unavailable("甲局", frozenset({at(8, 8)})), Unavailable("乙局", frozenset({at(8, 9)})))
    problem = small_problem([("甲局", "", ""), ("乙局", "", "")], unavailable=entries)
    assert RULE.relax(problem, {Instance("unavailable", "乙局")}) == {"unavailable": entries[1:]}
    assert RULE.fixes(problem) == {"甲局", "乙局"}


def test_checker_names_the_unit_at_a_time_it_cannot_come():
    problem = small_problem([("甲局", "", "")], unavailable=(Unavailable("甲局", frozenset({at(8, 8)})),))
    assert broken(RULE, problem, table(("甲局", at(8, 8)))) == [
        "甲局 is at Sep 8 8:00, when it cannot come  [rule unavailable: no meeting when a unit cannot come]"
    ]


def test_checker_checks_every_time_of_a_unit_listed_twice_each_once():
    problem = small_problem([("甲局", "", "")], unavailable=(Unavailable("甲局", frozenset({at(8, 10)})),))
    rows = (("甲局", at(8, 8)), ("甲局", at(8, 10)), ("甲局", at(8, 10)))  # 10:00 listed twice: one line
    assert broken(RULE, problem, table(*rows)) == [
        "甲局 is at Sep 8 10:00, when it cannot come  [rule unavailable: no meeting when a unit cannot come]"
    ]


# -- meeting problems: people and units busy

BUSY = (Busy("财政局", datetime(2025, 3, 3, 8), datetime(2025, 3, 3, 12)), Busy("甲", m.at(14), m.at(16)))
PEOPLE = (Person("王某", "财政局"), Person("甲"), Person("乙"))


def meeting_problem(*sessions, busy=BUSY):
    return m.meetings(*sessions, rooms=m.TWO_ROOMS, people=PEOPLE, units=("财政局",), busy=busy)


def test_a_member_of_a_busy_unit_is_busy_too():
    # 王某's unit is closed all morning; two four-hour meetings of 王某 then have one afternoon.
    problem = meeting_problem(m.session("一", 240, "王某"), m.session("二", 240, "王某"))
    frame = (*m.FRAME, m.rule("no-double-booking"))
    assert m.status(problem, frame) == "OPTIMAL"
    assert m.status(problem, (*frame, RULE)) == "INFEASIBLE"


def test_an_optional_participant_may_be_busy():
    problem = meeting_problem(m.session("一", 120, "乙", optional=("甲",)))
    found = m.solution(problem, (*m.FRAME, RULE))
    assert m.broken(RULE, problem, m.plan(("一", m.at(14), "A"))) == []
    assert m.broken(RULE, problem, found) == []


def test_checker_and_explanation_words():
    problem = meeting_problem(m.session("协调会", 60, "王某"), m.session("汇报", 60, "甲"))
    tag = "  [rule unavailable: no required participant (person or unit) is placed while unavailable]"
    assert m.broken(RULE, problem, m.plan(("协调会", m.at(9), "A"), ("汇报", m.at(15), "B"))) == [
        "王某 is unavailable at Mar 3 9:00 (their unit 财政局 is unavailable Mar 3 8:00-12:00) "
        "but required at '协调会'" + tag,
        "甲 is unavailable at Mar 3 15:00 but required at '汇报'" + tag,
    ]
    assert list(RULE.session_instances(problem)) == [Instance("unavailable", "财政局"), Instance("unavailable", "甲")]
    said = RULE.describe_session(problem, Instance("unavailable", "甲"))
    assert said.text("zh") == "甲 不能参加的时间：3月3日 14:00-16:00"


def test_a_member_blocked_by_the_unit_is_told_the_unit_s_busy_time():
    """QA office15 F5: 王某's own row has no busy time, his unit's has; the line names the unit and its time
    in the words the explanation uses for a unit's (explain.busy), so the clerk knows which row to read.
    Before: "王某 在 3月3日 9:00 不能参加，但必须参加会议“协调会”"."""
    problem = meeting_problem(m.session("协调会", 60, "王某"))
    (violation,) = RULE.check_plan(PlanView(problem, m.plan(("协调会", m.at(9), "A"))))
    assert violation.message.text("zh") == (
        "王某 在 3月3日 9:00 不能参加（所属单位 财政局 不能参加的时间：3月3日 8:00-12:00），但必须参加会议“协调会”"
    )
    # his own busy time beside the unit's: his own is the reason, as before
    own = (*BUSY, Busy("王某", datetime(2025, 3, 3, 9), datetime(2025, 3, 3, 10)))
    problem = meeting_problem(m.session("协调会", 60, "王某"), busy=own)
    (violation,) = RULE.check_plan(PlanView(problem, m.plan(("协调会", m.at(9), "A"))))
    assert violation.message.text("zh") == "王某 在 3月3日 9:00 不能参加，但必须参加会议“协调会”"


def test_a_closure_is_told_once_a_meeting_however_many_attend():
    """QA qashapes20 F1: a closure (and a unit's busy time) was handed to the limits once per required
    participant, each time joined to itself: 3,000 meetings of up to 80 people spent 2.5 s there. Each
    source is told once a meeting."""
    from scheduler.domain import CLOSED

    closed = Busy(CLOSED, m.at(14), m.at(18))
    problem = m.meetings(m.session("大会", 60, "甲", "乙", "丙"), m.session("小会", 60, "甲"), busy=(closed,))
    told: list[tuple[int, Instance]] = []

    class Port:
        def __init__(self) -> None:
            self.problem = problem

        def starts(self, session: int) -> list[int]:
            return problem.workdays.starts(1)

        def forbid_starts(self, session: int, steps: object, reason: Instance) -> None:
            told.append((session, reason))

    RULE.restrict_sessions(Port())
    assert told == [(0, Instance("unavailable", CLOSED)), (1, Instance("unavailable", CLOSED))]


def test_a_unit_free_at_few_times_is_listed_by_them_as_its_only_entry_says_it():
    """newcomer22: ``[[only]] times = ["9月8日 8:00-10:00"]`` was listed in a clash as "区发改委 不能参加：" and six
    spans, words that appear nowhere in the rules the office wrote; the rule's line says it the shortest true
    way, as the facts do (fewer free times than blocked: "只能在 … 参加")."""
    problem = small_problem([("甲局", "", "")], days=2, hours=(8, 9, 10, 11))
    free = {at(8, 8), at(8, 9)}
    few = Unavailable("甲局", frozenset(s for s in problem.calendar.slots if s not in free))
    problem = small_problem([("甲局", "", "")], days=2, hours=(8, 9, 10, 11), unavailable=(few,))
    assert RULE.describe(problem, Instance("unavailable", "甲局")).text("zh") == "甲局 只能在 9月8日 8:00-10:00 参加"
    many = Unavailable("甲局", frozenset({at(8, 8), at(8, 9)}))
    problem = small_problem([("甲局", "", "")], days=2, hours=(8, 9, 10, 11), unavailable=(many,))
    assert RULE.describe(problem, Instance("unavailable", "甲局")).text("zh") == "甲局 不能参加：9月8日 8:00-10:00"
