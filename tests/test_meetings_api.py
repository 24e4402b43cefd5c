"""The meetings API from Python (docs/python.md, "Meetings"): its calls refuse arguments they cannot
use with the unit calls' ``ArgumentError`` (the same checks, named in the message), and a
``MeetingProblem`` refuses a pin or a time zone that cannot hold, as the unit ``Problem`` does."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from datetime import UTC, datetime, time
from typing import Any

import pytest

from scheduler import ArgumentError, ProblemError, load
from scheduler.domain import Room
from scheduler.domain.meetings import (
    Attendee,
    Busy,
    MeetingProblem,
    Person,
    Pin,
    Placement,
    Plan,
    Session,
    Window,
    Workdays,
)
from scheduler.errors import UnknownName
from scheduler.invites import InviteSettings, build_meeting_invites
from scheduler.invites import Person as InvitePerson
from scheduler.meetings.check import check_meetings
from scheduler.meetings.choices import meeting_alternatives
from scheduler.meetings.diagnose import explain_meetings
from scheduler.meetings.planner import solve_meetings
from scheduler.meetings.replanning import MeetingChanges, replan_meetings, replan_objective
from scheduler.meetings.terms import DEFAULT, MAX_WEIGHT, Term, with_wishes
from scheduler.solver.deadline import Deadline
from tests.conftest import ROOT
from tests.rules.meeting_helpers import DAY, HOURS, at, meetings, session

PROBLEM = meetings(session("预算会", 60, "甲"), session("规划会", 60, "乙"))
PLAN = Plan(())

# (the call, the start of its English message); each is refused before any search
LIMIT = "the time limit must be a finite number of seconds above 0"
CALLS: list[tuple[Callable[[], Any], str]] = [
    (lambda: solve_meetings(PROBLEM, time_limit=0), "the time limit must be a finite number of seconds above 0, not 0"),
    (
        lambda: solve_meetings(PROBLEM, time_limit=-1),
        "the time limit must be a finite number of seconds above 0, not -1",
    ),
    (lambda: solve_meetings(PROBLEM, time_limit=math.nan), f"{LIMIT}, not nan"),
    (lambda: solve_meetings(PROBLEM, time_limit=math.inf), f"{LIMIT}, not inf"),  # QA qaembed23 F10: no limit at all
    (
        lambda: solve_meetings(PROBLEM, time_limit="5"),
        "the time limit must be a finite number of seconds above 0, not '5'",
    ),  # type: ignore[arg-type]
    (lambda: solve_meetings(None), "problem must be a MeetingProblem, not None"),  # type: ignore[arg-type]
    (  # a unit problem where a meeting problem is wanted
        lambda: solve_meetings(load(ROOT / "examples" / "notice_2021.csv").problem),  # type: ignore[arg-type]
        "problem must be a MeetingProblem, not Problem",
    ),
    (  # the command line's word for the rules' objective
        lambda: solve_meetings(PROBLEM, "compact"),  # type: ignore[arg-type]
        "objective must be a tuple of Term (such as scheduler.meetings.terms.DEFAULT",
    ),
    (lambda: solve_meetings(PROBLEM, workers=0), "workers must be a whole number of at least 1, not 0"),
    (lambda: solve_meetings(PROBLEM, stop=True), "stop must be None or an object with is_set()"),  # type: ignore[arg-type]
    (  # the class for an event (QA qaembed23 F10): its is_set is unbound, a raw TypeError deep inside
        lambda: solve_meetings(PROBLEM, stop=threading.Event),  # type: ignore[arg-type]
        "stop must be None or an object with is_set() (such as threading.Event()), not type",
    ),
    (lambda: solve_meetings(PROBLEM, previous={}), "previous must be a Plan, not dict"),  # type: ignore[arg-type]
    (lambda: meeting_alternatives(PROBLEM, count=0), "count must be a whole number of at least 1, not 0"),
    (lambda: meeting_alternatives(PROBLEM, time_limit=0), "the time limit must be a finite number of seconds above 0"),
    (lambda: explain_meetings(None), "problem must be a MeetingProblem, not None"),  # type: ignore[arg-type]
    (lambda: replan_meetings(PROBLEM, None), "published must be a Plan, not None"),  # type: ignore[arg-type]
    (
        lambda: replan_meetings(PROBLEM, PLAN, {"drop": ("预算会",)}),  # type: ignore[arg-type]
        "changes must be a MeetingChanges, not dict",
    ),
    (lambda: replan_meetings(PROBLEM, PLAN, time_limit=0), "the time limit must be a finite number of seconds above 0"),
    (  # one title where a tuple of titles is wanted: before, read letter by letter ("no meeting '预'")
        lambda: MeetingChanges(drop="预算会"),  # type: ignore[arg-type]
        "MeetingChanges.drop must be a tuple of meeting titles (not one str), not '预算会'",
    ),
    (lambda: MeetingChanges(pins=[]), "MeetingChanges.pins must be a tuple of Pin, not list"),  # type: ignore[arg-type]
    (lambda: check_meetings(PROBLEM, None), "plan must be a Plan, not None"),  # type: ignore[arg-type]
    (lambda: check_meetings(PROBLEM, PLAN, "compact"), "objective must be a tuple of Term"),  # type: ignore[arg-type]
    # before, raw Python errors from inside (qapyapi19 F6): IndexError, TypeError, AttributeError
    (
        lambda: solve_meetings(PROBLEM, start_from=([0], ["A"])),
        "start_from must be None or (starts, rooms): a list of clock steps and a list of room names, one of each"
        " per meeting",
    ),
    (lambda: solve_meetings(PROBLEM, start_from=[0, 1]), "start_from must be None or (starts, rooms)"),  # type: ignore[arg-type]
    (lambda: solve_meetings(PROBLEM, grace="1"), "grace must be a number of seconds of at least 0, not '1'"),  # type: ignore[arg-type]
    (lambda: solve_meetings(PROBLEM, spare=-1), "spare must be a number of seconds of at least 0, not -1"),
    (lambda: replan_meetings(PROBLEM, PLAN, spare="1"), "spare must be a number of seconds of at least 0, not '1'"),  # type: ignore[arg-type]
    (lambda: with_wishes("compact", True), "objective must be a tuple of Term"),  # type: ignore[arg-type]
    (
        lambda: build_meeting_invites(PROBLEM, PLAN, [("甲", "jia@example.org")], INVITES, None, NOW),  # type: ignore[arg-type]
        "emails must be a dict of names to mail addresses, not list",
    ),
]
INVITES = InviteSettings("test", InvitePerson("办公室", "office@example.org"))
NOW = datetime(2025, 3, 1, tzinfo=UTC)


@pytest.mark.parametrize(("call", "says"), CALLS)
def test_a_meeting_call_refuses_an_argument_it_cannot_use(call: Callable[[], Any], says: str) -> None:
    with pytest.raises(ArgumentError) as caught:
        call()
    assert caught.value.text("en").startswith(says)
    assert isinstance(caught.value, ValueError)  # as the unit calls' errors


def test_good_arguments_still_solve() -> None:
    result = solve_meetings(PROBLEM, DEFAULT, time_limit=5, workers=1)
    assert result.status == "optimal" and result.plan is not None
    assert check_meetings(PROBLEM, result.plan).ok
    assert meeting_alternatives(PROBLEM, DEFAULT, count=1, time_limit=5).count == 1


# (the pin, the English message): a pin that cannot hold whatever else happens is refused when the
# problem is built (before, solving said "infeasible" with a conflict that did not say why)
PINS = [
    (Pin("预算会", at(9, 10)), "the pin of meeting '预算会' cannot hold: 9:10 is not on the 30-minute grid"),
    (
        Pin("预算会", at(12)),
        "the pin of meeting '预算会' cannot hold: 12:00 is inside the break (12:00-14:00)",
    ),
    (
        Pin("预算会", datetime(2025, 3, 4, 9)),
        "the pin of meeting '预算会' cannot hold: Mar 4 is not a meeting day (days: Mar 3)",
    ),
    (
        Pin("预算会", at(11, 30)),
        "the pin of meeting '预算会' cannot hold: a 60-minute meeting from 11:30 ends at 12:30, running into the"
        " break (12:00-14:00)",
    ),
    (Pin("预算会", at(9), "999"), "meeting '预算会' is pinned to room '999', which does not exist"),
    (Pin("没有", at(9)), "there is no meeting '没有'"),
]


@pytest.mark.parametrize(("pin", "says"), PINS)
def test_a_pin_that_cannot_hold_is_refused_when_the_problem_is_built(pin: Pin, says: str) -> None:
    with pytest.raises(ProblemError) as caught:
        PROBLEM.replace(pins=(pin,))
    assert caught.value.text("en").startswith(says)


def test_a_pin_that_cannot_hold_is_refused_by_replanning_too() -> None:
    published = solve_meetings(PROBLEM, time_limit=5).plan
    assert published is not None
    with pytest.raises(ProblemError, match="会议“预算会”的固定时间不可用"):
        replan_meetings(PROBLEM, published, MeetingChanges(pins=(Pin("预算会", at(12)),)), time_limit=5)


def test_a_good_pin_in_a_named_room_is_said_with_the_room() -> None:
    problem = PROBLEM.replace(rooms=(Room("A", 1, 10), Room("301", 1, 10)), pins=(Pin("预算会", at(9), "301"),))
    report = check_meetings(problem, Plan(()))
    said = [line for line in report.lines("en") if "pinned" in line]
    assert said and said[0].startswith("meeting '预算会' is pinned at Mar 3 9:00 in room 301 but placed at")
    said = [line for line in report.lines("zh") if "固定" in line]
    assert said and said[0].startswith("会议“预算会”固定在 3月3日 9:00，在会议室“301”，实际安排在")


@pytest.mark.parametrize(
    ("zone", "says"),
    [
        ("Nope/Zone", "time zone 'Nope/Zone' is unknown (an IANA name is needed, such as Asia/Shanghai)"),
        (None, "Workdays.timezone must be a str, not None"),
    ],
)
def test_meeting_workdays_refuse_an_unknown_time_zone(zone: object, says: str) -> None:
    with pytest.raises(ProblemError) as caught:
        Workdays((DAY,), HOURS, 30, zone)  # type: ignore[arg-type]
    assert caught.value.text("en") == says
    assert "“'" not in caught.value.text("zh")  # one pair of quotes (before: 时区“'Mars/Base'”)


# (building it, the English message): a field of the wrong kind is refused where it is given, as the
# unit domain classes refuse theirs (before, a str length failed later in a comparison, a str of rooms
# in "str | frozenset", a list where a tuple is wanted went through)
KINDS: list[tuple[Callable[[], Any], str]] = [
    (lambda: session("x", "60"), "Session.minutes must be a whole number of at least 1, not '60'"),  # type: ignore[arg-type]
    (lambda: Session("x", 60, [Attendee("甲")]), "Session.attendees must be a tuple of Attendee, not list"),  # type: ignore[arg-type]
    (
        lambda: session("x", 60, rooms="301"),
        "Session.rooms must be a collection of names (a frozenset, set or tuple; not one str), not '301'",
    ),
    (lambda: session("x", 60, avoid={301}), "Session.avoid must be a collection of names"),
    (lambda: session("x", 60, seats="3"), "Session.seats must be None or a whole number of at least 1, not '3'"),
    (lambda: session(None), "Session.title must be a str, not None"),  # type: ignore[arg-type]
    (lambda: Attendee("甲", "yes"), "Attendee.required must be a bool, not 'yes'"),  # type: ignore[arg-type]
    (lambda: Person("甲", None), "Person.unit must be a str, not None"),  # type: ignore[arg-type]
    (
        lambda: Window(not_before="9:00"),  # type: ignore[arg-type]
        "Window.not_before must be None, or a time of day or a datetime without a time zone",
    ),
    # an aware bound (a calendar API's, datetime.now().astimezone()): before, a raw TypeError when
    # solving, checking or explaining; an aware time of day was kept and its zone silently dropped
    (
        lambda: Window(not_before=at(9).replace(tzinfo=UTC)),
        "Window.not_before must be None, or a time of day or a datetime without a time zone",
    ),
    (
        lambda: Window(not_after=time(15, tzinfo=UTC)),
        "Window.not_after must be None, or a time of day or a datetime without a time zone",
    ),
    (lambda: Window(since=at(9).replace(tzinfo=UTC)), "Window.since must be None or a datetime without a time zone"),
    (lambda: Busy("甲", "2025-03-03 9:00", at(10)), "Busy.start must be a datetime, not '2025-03-03 9:00'"),  # type: ignore[arg-type]
    (  # an aware time (datetime.now().astimezone(), a calendar library's): before, a raw TypeError when solving
        lambda: Busy("甲", at(9).replace(tzinfo=UTC), at(10).replace(tzinfo=UTC)),
        "Busy.start must be a datetime without a time zone",
    ),
    (lambda: Busy("甲", at(9), at(10).replace(tzinfo=UTC)), "Busy.end must be a datetime without a time zone"),
    # a placement's fields (before, accepted and failing as a raw TypeError in check_meetings/replan_meetings)
    (lambda: Placement("预算会", "9:00"), "Placement.start must be None or a datetime without a time zone"),  # type: ignore[arg-type]
    (
        lambda: Placement("预算会", at(9).replace(tzinfo=UTC), "A"),
        "Placement.start must be None or a datetime without a time zone",
    ),
    (lambda: Placement("预算会", None, 5), "Placement.room must be a str, not 5"),  # type: ignore[arg-type]
    (lambda: Placement(None, at(9)), "Placement.title must be a str, not None"),  # type: ignore[arg-type]
    (lambda: Workdays([DAY], HOURS, 30), "Workdays.days must be a tuple of date (no time of day), not list"),  # type: ignore[arg-type]
    (lambda: Workdays((DAY,), (HOURS[0][0],), 30), "Workdays.periods must be a tuple of (start, end) pairs of time"),  # type: ignore[arg-type]
    (lambda: Plan([]), "Plan.placements must be a tuple of Placement, not list"),  # type: ignore[arg-type]
    # a pin's fields, checked where it is built as the unit Pin's are (before, a str begun failed as a raw
    # AttributeError in check_meetings, a list room as "unhashable type: 'list'", an aware begun was kept)
    (lambda: Pin("预算会", at(9).replace(tzinfo=UTC)), "Pin.start must be a datetime without a time zone"),
    (lambda: Pin("预算会", DAY), "Pin.start must be a datetime without a time zone (local time"),  # type: ignore[arg-type]
    (lambda: Pin(None, at(9)), "Pin.title must be a str, not None"),  # type: ignore[arg-type]
    (lambda: Pin("预算会", at(9), ["A"]), "Pin.room must be a str, not list"),  # type: ignore[arg-type]
    (lambda: Pin("预算会", at(9), begun="9:00"), "Pin.begun must be None or a datetime without a time zone"),  # type: ignore[arg-type]
    (
        lambda: Pin("预算会", at(9), begun=at(9).replace(tzinfo=UTC)),
        "Pin.begun must be None or a datetime without a time zone",
    ),
    # one meeting pinned twice: before, accepted, then "infeasible" naming one pin only (F9)
    (
        lambda: PROBLEM.replace(pins=(Pin("预算会", at(9)), Pin("规划会", at(9)), Pin("预算会", at(14), "A"))),
        "meeting '预算会' is pinned twice, at Mar 3 9:00 and at Mar 3 14:00 in room A: a meeting is held in one"
        " place, so keep one of its pins",
    ),
    (
        lambda: MeetingProblem(list(PROBLEM.sessions), PROBLEM.workdays, PROBLEM.rooms),  # type: ignore[arg-type]
        "MeetingProblem.sessions must be a tuple of Session, not list",
    ),
    (lambda: PROBLEM.replace(gap="5"), "MeetingProblem.gap must be a whole number of at least 0, not '5'"),
]


@pytest.mark.parametrize(
    ("said", "kept"), [("上午", "morning"), ("下午", "afternoon"), ("Morning", "morning"), ("", "")]
)
def test_a_window_takes_the_tables_words_for_the_part_of_day(said: str, kept: str) -> None:
    # before, Window(part="上午") was refused in words telling to write 上午
    assert Window(part=said).part == kept
    assert Window(part=said) == Window(part=kept)


def test_a_part_of_day_refused_is_said_with_the_values_it_takes() -> None:
    with pytest.raises(ProblemError) as caught:
        Window(part="晚上")
    assert caught.value.text("en") == "part of day '晚上' must be 'morning', 'afternoon' or empty"
    assert caught.value.text("zh") == "时段“晚上”应为“上午”（morning）、“下午”（afternoon）或空"


@pytest.mark.parametrize(("build", "says"), KINDS)
def test_a_meeting_domain_field_of_the_wrong_kind_is_refused(build: Callable[[], Any], says: str) -> None:
    with pytest.raises(ProblemError) as caught:
        build()
    assert caught.value.text("en").startswith(says)


@pytest.mark.serial
def test_a_meeting_call_takes_a_deadline_as_its_budget_as_the_unit_calls_do() -> None:
    """Review16 §10: the meeting calls refused ``time_limit=Deadline(...)`` ("not Deadline") while the unit
    calls take one and docs/python.md presents it as the one budget of a request; its stop is heard."""
    import threading

    from scheduler import Deadline

    budget = Deadline(30)
    result = solve_meetings(PROBLEM, time_limit=budget, workers=1)
    assert result.status == "optimal" and result.plan is not None
    replanned = replan_meetings(PROBLEM, result.plan, MeetingChanges(), time_limit=budget, workers=1)
    assert replanned.plan is not None and replanned.moves == ()
    assert meeting_alternatives(PROBLEM, DEFAULT, count=1, time_limit=budget).count == 1
    assert explain_meetings(PROBLEM, time_limit=budget) is None
    stopped = threading.Event()
    stopped.set()  # a request cancelled: the deadline's stop ends the call at once, with what it has
    began = budget.elapsed()
    solve_meetings(PROBLEM, time_limit=Deadline(30, stopped), workers=1)
    assert budget.elapsed() - began < 5
    with pytest.raises(ArgumentError, match="stop"):
        solve_meetings(PROBLEM, time_limit=budget, stop=object())  # type: ignore[arg-type]


@pytest.mark.parametrize("weight", [MAX_WEIGHT + 1, 10**19])
def test_a_term_heavier_than_the_rules_files_cap_is_refused_when_built(weight: int) -> None:
    # before, accepted from Python: a false bound past int64 at 10**17, a raw OR-Tools TypeError at 10**19
    with pytest.raises(ProblemError) as caught:
        Term("early", weight=weight)
    assert caught.value.text("en") == f"term 'early': the weight is at most {MAX_WEIGHT}"
    assert Term("early", weight=MAX_WEIGHT).weight == MAX_WEIGHT


def test_replannings_own_moves_weight_may_pass_the_cap() -> None:
    # the weight replanning derives (one more than every medium term together) is not a caller's
    heavy = (Term("optional-conflicts", "medium", MAX_WEIGHT),)
    shared = (session("预算会", 60, "甲", optional=("乙",)), session("规划会", 60, "丙", optional=("乙",)))
    terms = replan_objective(PROBLEM.replace(sessions=shared), heavy)
    assert terms[0].name == "moves" and terms[0].weight > MAX_WEIGHT


def test_replace_refuses_an_unknown_field_naming_the_nearest_as_problem_replace_does() -> None:
    # before, a raw TypeError from dataclasses, and mypy --strict passed it (replace(**changes: Any))
    with pytest.raises(ProblemError) as caught:
        PROBLEM.replace(sesions=())  # type: ignore[call-arg]
    assert caught.value.text("en") == "MeetingProblem has no field 'sesions' (did you mean sessions?)"
    with pytest.raises(ProblemError) as caught:
        PROBLEM.replace(zzz=1)  # type: ignore[call-arg]
    assert caught.value.text("en").startswith("MeetingProblem has no field 'zzz' (fields: sessions, workdays,")
    assert PROBLEM.replace(title="改").title == "改"


def test_replace_s_keywords_are_the_meeting_problem_s_fields() -> None:
    import typing
    from dataclasses import fields

    from scheduler.domain.meetings import MeetingProblemChanges

    names = [f.name for f in fields(MeetingProblem) if f.init]
    assert list(MeetingProblemChanges.__annotations__) == names
    hints, typed = typing.get_type_hints(MeetingProblem), typing.get_type_hints(MeetingProblemChanges)
    assert all(typed[name] == hints[name] for name in names)


def test_a_room_looked_up_by_a_name_the_problem_lacks_is_unknown_name() -> None:
    # before, a bare StopIteration escaped (a RuntimeError inside a generator)
    assert PROBLEM.room("A").name == "A"
    with pytest.raises(UnknownName) as caught:
        PROBLEM.room("没有")
    assert caught.value.text("en") == "there is no room '没有' (rooms: A)"
    assert isinstance(caught.value, KeyError)


def test_a_time_off_the_grid_by_seconds_is_said_with_its_seconds() -> None:
    # a database timestamp (15:00:30): before, "starts at 3月3日 9:00, off the grid", a time on the grid
    late = at(9).replace(second=30)
    report = check_meetings(PROBLEM, Plan((Placement("预算会", late, "A"), Placement("规划会", at(10), "A"))))
    assert any("starts at Mar 3 9:00:30, off the 30-minute grid" in line for line in report.lines("en"))
    with pytest.raises(ProblemError) as caught:
        PROBLEM.replace(pins=(Pin("预算会", late),))
    assert "9:00:30 is not on the 30-minute grid" in caught.value.text("en")


def test_a_deadline_of_infinite_seconds_is_refused_and_the_librarys_own_unlimited_one_holds():
    """An infinite limit is no promise (QA qaembed23 F10): refused from callers as nan is; the library's own
    step run to its end (``first_timetable``) says so with :meth:`Deadline.unlimited`, which stays unlimited
    when brought forward or joined with a stop."""
    with pytest.raises(ArgumentError):
        Deadline(math.inf)
    endless = Deadline.unlimited()
    assert endless.remaining() == math.inf and not endless.expired()
    stop = threading.Event()
    joined = endless.sooner(5).hearing(stop, None)
    assert joined.remaining() == math.inf
    stop.set()
    assert joined.remaining() == 0.0
