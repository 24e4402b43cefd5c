"""Replanning meeting timetables (fewest moves) and alternatives, held against brute force.

The brute force tries every placement of every meeting (each start inside working hours, each
room) and judges it by the checker alone (rules and score): the fewest moves, the best score at
every level, and how many different optimal timetables there are.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.domain import Room
from scheduler.domain.meetings import (
    Attendee,
    Busy,
    Link,
    MeetingMove,
    MeetingProblem,
    Person,
    Pin,
    Placement,
    Plan,
    Session,
    Window,
    Workdays,
)
from scheduler.errors import ProblemError
from scheduler.meetings.check import check_meetings
from scheduler.meetings.choices import kinds, meeting_alternatives
from scheduler.meetings.planner import solve_meetings, to_plan
from scheduler.meetings.prepared import prepare
from scheduler.meetings.replanning import (
    MeetingChanges,
    _greedy_start,
    _published_places,
    apply_meeting_changes,
    keep_published_rooms,
    most,
    moved,
    moved_from,
    nearness,
    replan_meetings,
    replan_objective,
    replan_terms,
)
from scheduler.meetings.terms import DEFAULT, LEVELS, NAMES, TIMEFOLD, Term
from tests.rules.meeting_helpers import TWO_ROOMS, at, meetings, session

DAY = date(2025, 3, 3)
PEOPLE = ("甲", "乙", "丙")


def week() -> tuple[MeetingProblem, Plan]:
    """Four meetings in two rooms, published; 乙 is in 预算会 and 规划会."""
    problem = meetings(
        session("预算会", 60, "甲", "乙"),
        session("规划会", 60, "乙", "丙"),
        session("例会", 120, "丙"),
        session("碰头会", 30, "甲"),
        rooms=TWO_ROOMS,
    )
    published = Plan(
        (
            Placement("预算会", at(8), "A"),
            Placement("规划会", at(9), "A"),
            Placement("例会", at(10), "A"),
            Placement("碰头会", at(9), "B"),
        )
    )
    assert check_meetings(problem, published).ok
    return problem, published


def test_one_meeting_moves_when_its_person_becomes_busy():
    problem, published = week()
    result = replan_meetings(problem, published, MeetingChanges(busy=(Busy("乙", at(9), at(10)),)), time_limit=10)
    assert result.status == "optimal"
    assert result.terms["moves"] == 1
    (move,) = result.moves
    assert move.title == "规划会" and move.before == Placement("规划会", at(9), "A")
    assert move.after.start is not None and not (at(9) <= move.after.start < at(10))
    assert check_meetings(result_problem(problem, published, busy=(Busy("乙", at(9), at(10)),)), result.plan).ok


def result_problem(problem: MeetingProblem, published: Plan, **changes) -> MeetingProblem:
    return apply_meeting_changes(problem, published, MeetingChanges(**changes))


def test_nothing_moves_without_a_change_and_an_added_meeting_counts_as_moved():
    problem, published = week()
    same = replan_meetings(problem, published, time_limit=10)
    assert same.status == "optimal" and same.moves == () and same.plan.by_title() == published.by_title()
    added = replan_meetings(problem, published, MeetingChanges(add=(session("新会", 30, "甲"),)), time_limit=10)
    assert [m.title for m in added.moves] == ["新会"]
    assert added.moves[0].before is None
    dropped = replan_meetings(problem, published, MeetingChanges(drop=("预算会",)), time_limit=10)
    assert dropped.moves == () and "预算会" not in dropped.plan.by_title()


def test_a_pin_on_a_taken_place_moves_the_fewest():
    # 碰头会 must now be at 8:00 in A, where 预算会 is: 预算会 has to go (2 moves at least: 碰头会 and it).
    problem, published = week()
    result = replan_meetings(problem, published, MeetingChanges(pins=(Pin("碰头会", at(8), "A"),)), time_limit=10)
    assert result.status == "optimal"
    assert sorted(m.title for m in result.moves) == ["碰头会", "预算会"]


@pytest.mark.parametrize(
    "changes",
    [
        MeetingChanges(drop=("没有的会",)),  # cancels a meeting that does not exist
        MeetingChanges(add=(session("例会", 30),)),  # adds a meeting that exists
        MeetingChanges(pins=(Pin("例会", at(8)), Pin("例会", at(9)))),  # pins one meeting to two times
        MeetingChanges(pins=(Pin("没有的会", at(8)),)),  # pins a meeting that does not exist
        MeetingChanges(drop=("例会",), add=(session("例会", 30),)),  # cancels and adds the same title
    ],
)
def test_bad_changes_are_refused(changes):
    problem, published = week()
    with pytest.raises(ProblemError):
        apply_meeting_changes(problem, published, changes)


def test_dropping_a_linked_meeting_takes_its_links_with_it():
    # 碰头会 follows 预算会 and 例会 follows 碰头会: calling off 碰头会 leaves 预算会 and 例会 unlinked, as --drop does
    problem, published = week()
    linked = problem.replace(links=(Link("预算会", "碰头会"), Link("碰头会", "例会"), Link("预算会", "例会")))
    changed = apply_meeting_changes(linked, published, MeetingChanges(drop=("碰头会",)))
    assert changed.links == (Link("预算会", "例会"),)
    result = replan_meetings(linked, published, MeetingChanges(drop=("碰头会",)), time_limit=10)
    assert "碰头会" not in result.plan.by_title()


# -- against brute force ----------------------------------------------------------------------


def tiny(rnd: random.Random) -> MeetingProblem:
    periods = ((time(8), time(10)), (time(10, 30), time(11, 30)))
    rooms = tuple(Room(f"R{k}", 1, rnd.choice((3, None))) for k in range(rnd.randint(1, 2)))
    sessions = []
    for k in range(3):
        people = rnd.sample(PEOPLE, rnd.randint(1, 3))
        required = people[: rnd.randint(1, len(people))]
        window = rnd.choice((Window(), Window(), Window(not_before=time(9))))
        attendees = tuple(Attendee(p, p in required) for p in people)
        sessions.append(Session(f"会{k}", rnd.choice((30, 60)), attendees, window=window))
    return MeetingProblem(
        tuple(sessions), Workdays((DAY,), periods, 30), rooms, people=tuple(Person(p) for p in PEOPLE)
    )


def placements(problem: MeetingProblem):
    days = problem.workdays
    options = [
        [(days.moment(t), r.name) for t in days.starts(problem.length(s)) for r in problem.rooms]
        for s in problem.sessions
    ]
    for combo in itertools.product(*options):
        yield Plan(tuple(Placement(s.title, t, r) for s, (t, r) in zip(problem.sessions, combo, strict=True)))


def best(problem: MeetingProblem, objective) -> tuple[tuple[int, ...] | None, list[Plan], int | None]:
    """The best score at every level, every timetable that has it, and the fewest moves of any."""
    found: dict[tuple[int, ...], list[Plan]] = {}
    fewest = None
    for plan in placements(problem):
        report = check_meetings(problem, plan, objective)
        if report.ok:
            found.setdefault(tuple(report.score.get(level, 0) for level in LEVELS), []).append(plan)
            moves = report.terms["moves"]
            fewest = moves if fewest is None else min(fewest, moves)
    if not found:
        return None, [], None
    key = min(found)
    return key, found[key], fewest


def changes_for(rnd: random.Random, problem: MeetingProblem) -> MeetingChanges:
    kind = rnd.choice(("busy", "pin", "drop", "add"))
    if kind == "busy":
        hour = rnd.choice((8, 9, 10))
        return MeetingChanges(
            busy=(Busy(rnd.choice(PEOPLE), datetime(2025, 3, 3, hour), datetime(2025, 3, 3, hour + 1)),)
        )
    if kind == "pin":
        return MeetingChanges(
            pins=(Pin(rnd.choice(problem.sessions).title, datetime(2025, 3, 3, rnd.choice((8, 9))), None),)
        )
    if kind == "drop":
        return MeetingChanges(drop=(rnd.choice(problem.sessions).title,))
    return MeetingChanges(add=(Session("加会", 30, (Attendee(rnd.choice(PEOPLE)),)),))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6))
def test_replan_moves_fewest_by_brute_force(seed):
    rnd = random.Random(seed)
    problem = tiny(rnd)
    first = solve_meetings(problem, DEFAULT, time_limit=10, workers=1)
    if first.plan is None:
        return
    changes = changes_for(rnd, problem)
    changed = apply_meeting_changes(problem, first.plan, changes)
    objective = replan_objective(changed)
    expected, _, fewest = best(changed, objective)
    result = replan_meetings(problem, first.plan, changes, time_limit=10, workers=1)
    if expected is None:
        assert result.status == "infeasible"
        return
    report = check_meetings(changed, result.plan, objective)
    assert report.ok, report.lines("en")
    assert tuple(report.score.get(level, 0) for level in LEVELS) == expected
    assert result.status == "optimal"
    assert result.terms["moves"] == fewest == len(result.moves)
    assert all(isinstance(m, MeetingMove) for m in result.moves)


def distinct(problem: MeetingProblem, plans: list[Plan]) -> set[frozenset]:
    """Plans told apart as the alternatives tell them: times per kind of meeting, rooms ignored."""
    kind = kinds(problem)
    out = set()
    for plan in plans:
        by = plan.by_title()
        out.add(frozenset(Counter((kind[i], by[s.title].start) for i, s in enumerate(problem.sessions)).items()))
    return out


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6))
def test_alternatives_are_every_optimum_by_brute_force(seed):
    problem = tiny(random.Random(seed))
    expected, optima, _ = best(problem, DEFAULT)
    found = meeting_alternatives(problem, DEFAULT, count=4, time_limit=20, workers=1)
    if expected is None:
        assert found.plans == () and found.result.status == "infeasible"
        return
    patterns = distinct(problem, optima)
    assert found.result.status == "optimal"
    for plan in found.plans:
        report = check_meetings(problem, plan, DEFAULT)
        assert report.ok and tuple(report.score.get(level, 0) for level in LEVELS) == expected
    assert len(distinct(problem, list(found.plans))) == found.count
    assert found.count == min(4, len(patterns))
    assert found.complete == (len(patterns) < 4) or (found.complete and len(patterns) == 4)


def test_alternatives_differ_in_times_not_rooms():
    problem = meetings(session("甲会", 60, "甲"), session("乙会", 60, "乙"), rooms=TWO_ROOMS)
    found = meeting_alternatives(problem, DEFAULT, count=5, time_limit=10)
    # Both at 8:00 is the only optimum (finish early): one timetable, whichever rooms.
    assert found.count == 1 and found.complete


def test_a_displaced_meeting_never_takes_a_place_another_keeps():
    # 甲 is now busy at 8:00: 会1 must move. Placed first in table order it would take 9:00 (the
    # earliest free time) before 会2 is back there; the greedy places every kept meeting first.
    from scheduler.meetings.greedy import greedy
    from scheduler.meetings.prepared import prepare
    from scheduler.meetings.terms import Term

    problem = meetings(session("会1", 60, "甲"), session("会2", 60, "乙"), session("会3", 60, "丙"))
    published = Plan((Placement("会1", at(8), "A"), Placement("会2", at(9), "A"), Placement("会3", at(10), "A")))
    changed = result_problem(problem, published, busy=(Busy("甲", at(8), at(9)),))
    days = changed.workdays
    prefer = {i: (days.step(p.start), p.room) for i, p in enumerate(published.placements)}
    starts, _ = greedy(prepare(changed), (Term("early"),), prefer=prefer)
    assert [days.moment(s) for s in starts] == [at(11), at(9), at(10)]


def full_room(busy: tuple[str, ...]) -> tuple[MeetingProblem, Plan, MeetingChanges]:
    """One room full all day (eight meetings of an hour: 会1 甲's, 会2 乙's, the rest 丙's), then
    ``busy`` people busy at 8:00, when 会1 is: it has no free place, so it must trade places with
    another meeting (2 moves, the fewest)."""
    hours = (8, 9, 10, 11, 14, 15, 16, 17)
    owner = {1: "甲", 2: "乙"}
    problem = meetings(*(session(f"会{k}", 60, owner.get(k, "丙")) for k in range(1, 9)))
    published = Plan(tuple(Placement(f"会{k}", at(h), "A") for k, h in enumerate(hours, 1)))
    assert check_meetings(problem, published).ok
    return problem, published, MeetingChanges(busy=tuple(Busy(p, at(8), at(9)) for p in busy))


@pytest.mark.parametrize(
    "busy, greedy_moves",  # greedy_moves: the most the repaired greedy moves
    [
        (("甲",), 2),  # 会1 takes 9:00, 会2 takes the 8:00 it left
        (("甲", "乙"), 3),  # 会2 cannot go to 8:00 either: repaired in turn (10:00), 会3 goes to 8:00
    ],
)
def test_a_displaced_meeting_with_no_free_place_trades_places(busy, greedy_moves):
    # Before the repair the greedy put 会1 first in its order, behind the kept meetings all the same:
    # every round failed alike and it found no timetable (replanning then started afresh).
    from scheduler.meetings.greedy import greedy
    from scheduler.meetings.prepared import prepare
    from scheduler.meetings.terms import Term

    problem, published, changes = full_room(busy)
    changed = apply_meeting_changes(problem, published, changes)
    days = changed.workdays
    prefer = {i: (days.step(p.start), p.room) for i, p in enumerate(published.placements)}
    found = greedy(prepare(changed), (Term("early"),), rounds=3, prefer=prefer)
    assert found is not None
    starts, rooms = found
    plan = Plan(tuple(Placement(s.title, days.moment(starts[i]), rooms[i]) for i, s in enumerate(changed.sessions)))
    assert check_meetings(changed, plan).ok
    assert len(moved(changed, plan)) <= greedy_moves
    result = replan_meetings(problem, published, changes, time_limit=10)
    assert result.terms["moves"] == 2 and "会1" in {m.title for m in result.moves}


def test_what_moved_is_one_rule_for_the_objective_and_the_web_page():
    """A meeting moved is one whose time differs, or whose room differs from a room the table
    named; one the table gave no time counts as moved; a room the table left blank is any room."""
    problem = meetings(
        session("甲会"),
        session("乙会", 60, "乙"),
        session("丙会", 60, "丙"),
        session("丁会", 60, "丙"),
        rooms=TWO_ROOMS,
    )
    table = Plan(
        (
            Placement("甲会", at(8), "A"),
            Placement("乙会", at(9), None),
            Placement("丙会", None),
            Placement("丁会", at(10), "A"),
        )
    )
    after = Plan(
        (
            Placement("甲会", at(8), "A"),
            Placement("乙会", at(9), "B"),
            Placement("丙会", at(11), "A"),
            Placement("丁会", at(10), "B"),
        )
    )
    moves = moved_from(table, after, problem)
    assert [(m.title, m.before is None) for m in moves] == [("丙会", True), ("丁会", False)]
    assert moved(replace(problem, reference=table), after) == moves


FOUR_ROOMS = (Room("A", 1, 10), Room("B", 1, 10), Room("C", 1, 10), Room("D", 1, 10))


def _renumbered(problem: MeetingProblem, published: Plan, now: Plan) -> dict[str, str | None]:
    """The rooms :func:`keep_published_rooms` gives ``now`` (``problem`` replanned from ``published``)."""
    changed = problem.replace(reference=published)
    prep = prepare(changed)
    places = now.by_title()
    starts = [changed.workdays.step(places[s.title].start) for s in changed.sessions]
    rooms = keep_published_rooms(prep, starts, [places[s.title].room for s in changed.sessions])
    assert check_meetings(
        changed, Plan(tuple(replace(places[s.title], room=r) for s, r in zip(changed.sessions, rooms, strict=True)))
    ).ok
    return {s.title: r for s, r in zip(changed.sessions, rooms, strict=True)}


def test_a_chain_of_room_only_moves_is_undone():
    """甲乙丙 keep their 8:00 but each was pushed one room on by 丁, which moved there from 14:00: each gets
    its published room back and 丁 takes the free one (the QA case: R02→R03→R04→R06→R07, R07 free)."""
    problem = meetings(
        session("甲会", 60, "甲"),
        session("乙会", 60, "乙"),
        session("丙会", 60, "丙"),
        session("丁会", 60, "丁"),
        rooms=FOUR_ROOMS,
        people=(Person("甲"), Person("乙"), Person("丙"), Person("丁")),
    )
    published = Plan(
        (
            Placement("甲会", at(8), "A"),
            Placement("乙会", at(8), "B"),
            Placement("丙会", at(8), "C"),
            Placement("丁会", at(14), "A"),
        )
    )
    now = Plan(
        (
            Placement("甲会", at(8), "B"),
            Placement("乙会", at(8), "C"),
            Placement("丙会", at(8), "D"),
            Placement("丁会", at(8), "A"),
        )
    )
    assert _renumbered(problem, published, now) == {"甲会": "A", "乙会": "B", "丙会": "C", "丁会": "D"}


def test_a_room_trade_carries_the_meetings_linked_to_it():
    """甲会 (8:00-10:00) is back at its time in B, published in A; A holds 乙会 (9:00-11:00, moved
    there from 14:00), which overlaps it: the two trade rooms. 丙会 (11:00, B) touches neither."""
    problem = meetings(
        session("甲会", 120, "甲"), session("乙会", 120, "乙"), session("丙会", 60, "丙"), rooms=TWO_ROOMS
    )
    published = Plan((Placement("甲会", at(8), "A"), Placement("乙会", at(14), "A"), Placement("丙会", at(11), "B")))
    now = Plan((Placement("甲会", at(8), "B"), Placement("乙会", at(9), "A"), Placement("丙会", at(11), "B")))
    assert _renumbered(problem, published, now) == {"甲会": "A", "乙会": "B", "丙会": "B"}


def test_a_room_trade_that_costs_a_published_room_is_not_made():
    """甲会 wants A back, but A holds 乙会 at its own published time and room: trading would move it."""
    problem = meetings(session("甲会", 120, "甲"), session("乙会", 120, "乙"), rooms=TWO_ROOMS)
    published = Plan((Placement("甲会", at(8), "A"), Placement("乙会", at(9), "A")))
    now = Plan((Placement("甲会", at(8), "B"), Placement("乙会", at(9), "A")))
    assert _renumbered(problem, published, now) == {"甲会": "B", "乙会": "A"}


def test_alternatives_trust_a_score_that_meets_its_bound(monkeypatch):
    """A result whose score meets its bound at every level is optimal whatever its status says (the
    pipeline may say ``feasible``: 40 one-hour meetings in one room were refused alternatives after
    2.8 s with score == bound): the alternatives are listed, and the result says optimal."""
    import scheduler.meetings.choices as choices

    problem = meetings(session("甲会", 60, "甲"), session("乙会", 60, "乙"), rooms=(Room("A", 1, 10),))

    def unsure(*args: object, **kwargs: object):
        result = solve_meetings(*args, **kwargs)  # type: ignore[arg-type]
        assert result.status == "optimal" and result.score == result.bound
        return replace(result, status="feasible")

    monkeypatch.setattr(choices, "solve_meetings", unsure)
    found = meeting_alternatives(problem, DEFAULT, count=3, time_limit=10)
    assert found.result.status == "optimal"
    assert found.count == 2 and found.complete  # 甲会 then 乙会, or the other way round


def test_alternatives_of_an_unproven_score_equal_it_on_the_levels_proven(monkeypatch):
    """QA office15 F3: a normal office week's soft level is never proven, and no alternative was ever
    listed ("not proven in the time limit", though the search had ended on its own). Now the levels whose
    bound meets the score are held, the first other one minimised, each alternative with its own score;
    the result stays unproven and says whether the search ended on its own (here at once)."""
    import scheduler.meetings.choices as choices

    problem = meetings(session("甲会", 60, "甲"), session("乙会", 60, "乙"), rooms=(Room("A", 1, 10),))

    def open_gap(*args: object, **kwargs: object):
        result = solve_meetings(*args, **kwargs)  # type: ignore[arg-type]
        return replace(result, status="feasible", bound={**result.bound, "soft": result.score["soft"] - 1})

    monkeypatch.setattr(choices, "solve_meetings", open_gap)
    found = meeting_alternatives(problem, DEFAULT, count=3, time_limit=10)
    assert found.result.status == "feasible" and not found.proven and found.stopped_early
    assert found.held == ("medium",) and found.count == 3
    # 甲会 then 乙会 at 8:00 and 9:00 or the other way round, then the best of the others (soft is free)
    assert [score["soft"] for score in found.scores] == [6, 6, 7]
    for plan, score in zip(found.plans, found.scores, strict=True):
        report = check_meetings(problem, plan, DEFAULT)
        assert report.ok and report.score == score
        assert all(score[level] == found.result.score[level] for level in found.held)


def test_alternatives_tell_a_short_search_from_a_weak_bound(monkeypatch):
    """review14 F7: since the solve rounds until its limit while unproven, ``stopped_early`` never held and
    the user was told to lengthen the limit when that could not help. ``improved`` says whether the
    searches for alternatives (each minimising the first level not proven, from the best timetable)
    found one lower there: here none is (the best's soft 6 is the least), so the bound is the gap's cause."""
    import scheduler.meetings.choices as choices

    problem = meetings(session("甲会", 60, "甲"), session("乙会", 60, "乙"), rooms=(Room("A", 1, 10),))

    def open_gap(*args: object, **kwargs: object):
        result = solve_meetings(*args, **kwargs)  # type: ignore[arg-type]
        return replace(result, status="feasible", bound={**result.bound, "soft": result.score["soft"] - 1})

    monkeypatch.setattr(choices, "solve_meetings", open_gap)
    monkeypatch.setattr(choices, "STOPPED_EARLY", 0.0)  # as when the search runs to its limit
    found = meeting_alternatives(problem, DEFAULT, count=3, time_limit=10)
    assert not found.proven and not found.stopped_early and found.improved is False

    def worse_first(*args: object, **kwargs: object):
        result = open_gap(*args, **kwargs)
        late = to_plan(prepare(problem), [result.starts[0] + 4, result.starts[1] + 4], list(result.rooms))
        report = check_meetings(problem, late, DEFAULT)
        starts = tuple(s + 4 for s in result.starts)
        return replace(result, plan=late, score=report.score, terms=report.terms, starts=starts)

    monkeypatch.setattr(choices, "solve_meetings", worse_first)
    found = meeting_alternatives(problem, DEFAULT, count=3, time_limit=10)
    assert found.improved is True  # an alternative is lower on soft than the "best": the search was short


def test_a_repair_avoids_a_place_whose_blocker_finds_no_other():
    """甲 is now busy the first morning, where 会X (甲乙, all morning) was, and every other half-day
    holds one meeting of 甲 or 乙. The first it tries, the first afternoon, is blocked by 会Y (乙丙,
    all afternoon), which finds no free half-day of its own (丙 is busy the first morning) and would
    displace another in turn: three moves or more. Weighing that, the start moves two (会X and one
    short or movable meeting of the second or third morning), the fewest. (The greedy's start, before
    the search around the displaced meetings, which would find the two anyway.)"""
    days = Workdays(
        (date(2025, 3, 3), date(2025, 3, 4), date(2025, 3, 5)), ((time(8), time(12)), (time(14), time(18))), 30
    )
    problem = MeetingProblem(
        (
            session("会X", 240, "甲", "乙"),
            session("会Y", 240, "乙", "丙"),
            session("会S", 30, "甲", "乙"),
            session("会T", 240, "乙", "丙"),
            session("会W", 210, "甲", "丙"),
            session("会U", 240, "乙"),
        ),
        days,
        TWO_ROOMS,
        people=(Person("甲"), Person("乙"), Person("丙")),
        busy=(Busy("丙", datetime(2025, 3, 3, 8), datetime(2025, 3, 3, 12)),),
    )
    published = Plan(
        (
            Placement("会X", datetime(2025, 3, 3, 8), "A"),
            Placement("会Y", datetime(2025, 3, 3, 14), "A"),
            Placement("会S", datetime(2025, 3, 4, 8), "B"),
            Placement("会T", datetime(2025, 3, 4, 14), "A"),
            Placement("会W", datetime(2025, 3, 5, 8, 30), "A"),
            Placement("会U", datetime(2025, 3, 5, 14), "B"),
        )
    )
    assert check_meetings(problem, published).ok
    change = MeetingChanges(busy=(Busy("甲", datetime(2025, 3, 3, 8), datetime(2025, 3, 3, 12)),))
    changed = apply_meeting_changes(problem, published, change)
    found = _greedy_start(prepare(changed), _published_places(changed), float("inf"))
    assert found is not None
    titles = [m.title for m in moved(changed, to_plan(prepare(changed), *found[1]))]
    assert len(titles) == 2 and "会X" in titles and "会Y" not in titles, titles


def _two_for_one() -> tuple[MeetingProblem, Plan, MeetingChanges]:
    """甲 has 碰头会 at 8:00 and 预算会 at 9:00 in the one room (gap 30 min); 甲 becomes busy at 8:00.
    Moving 碰头会 to 10:30 moves one meeting; finishing earliest moves both (QA consist F5)."""
    workdays = Workdays((DAY,), ((time(8), time(10)), (time(10, 30), time(11, 30))), 30)
    problem = MeetingProblem(
        (
            Session("碰头会", 30, (Attendee("甲"),)),
            Session("预算会", 60, (Attendee("甲"), Attendee("乙")), window=Window(not_before=time(9))),
        ),
        workdays,
        (Room("R0", 1),),
        people=(Person("甲"), Person("乙")),
        gap=30,
    )
    published = Plan((Placement("碰头会", at(8), "R0"), Placement("预算会", at(9), "R0")))
    return problem, published, MeetingChanges(busy=(Busy("甲", at(8), at(8, 30)),))


def test_a_callers_objective_still_moves_fewest_first() -> None:
    """A loaded table's objective (``DEFAULT`` here, or the Timefold weights) gives the terms after the
    moves, never replaces them: one move, as with no objective, and ``terms["moves"]`` counts it."""
    problem, published, changes = _two_for_one()
    for objective in (None, DEFAULT, TIMEFOLD):
        result = replan_meetings(problem, published, changes, objective, time_limit=10, workers=1)
        assert result.status == "optimal"
        assert [m.title for m in result.moves] == ["碰头会"], objective
        assert result.terms["moves"] == 1


def test_moves_first_false_takes_the_objective_as_given() -> None:
    """``moves_first=False``: the caller's objective alone (here: finish early, which moves both
    meetings), and ``terms["moves"]`` still counts the moves."""
    problem, published, changes = _two_for_one()
    result = replan_meetings(problem, published, changes, DEFAULT, time_limit=10, workers=1, moves_first=False)
    assert result.status == "optimal"
    assert len(result.moves) == 2
    assert result.terms["moves"] == 2
    assert result.terms["early"] == 8


def test_replan_terms_is_the_one_rule() -> None:
    """The default objective is ``replan_terms`` of ``DEFAULT``; a caller's ``moves`` and
    ``optional-conflicts`` give way to the heavy moves term; the other terms follow in order."""
    problem, _, _ = _two_for_one()
    assert replan_terms(problem, DEFAULT) == replan_objective(problem)
    mine = (Term("moves", "soft", 5), Term("optional-conflicts", "soft"), *TIMEFOLD[1:])
    assert replan_terms(problem, mine) == replan_objective(problem, TIMEFOLD[1:])


def test_a_callers_medium_term_never_buys_a_move() -> None:
    """QA consist: ``replan_terms`` kept a caller's other medium terms on the moves' level, weighed with
    them: finishing early at weight 2 on the medium level moved both meetings (8 rather than 9, for one
    move more). Decided (docs/replanning.md): the moves come strictly first; such a term is weighed with
    the optional conflicts, after them, and the moves' weight outweighs all it can add up to."""
    problem, published, changes = _two_for_one()
    mine = (Term("optional-conflicts", "medium"), Term("early", "medium", 2))
    result = replan_meetings(problem, published, changes, mine, time_limit=10, workers=1)
    assert result.status == "optimal"
    assert [m.title for m in result.moves] == ["碰头会"]
    terms = replan_terms(problem, mine)
    assert terms[0].name == "moves" and terms[0].weight == 1 + 2 * most(problem, "early")
    assert terms[1:-1] == mine  # the caller's terms as the caller weighs them, after the moves
    assert terms[-1] == Term("displacement", "soft", 1)  # and the moved meetings' nearness below them


def test_most_bounds_every_term_of_every_timetable() -> None:
    """:func:`most` is an upper bound of each term (what the moves' weight must outweigh): the 2025
    example's meetings placed at random, in rooms at random (rules ignored: a bound over every timetable)."""
    from pathlib import Path

    from scheduler.files.meeting_files import load_meetings
    from scheduler.meetings.measure import measure

    loaded = load_meetings(Path(__file__).resolve().parent.parent / "examples" / "meetings_2025.csv")
    problem = loaded.problem.replace(reference=loaded.plan)
    prep = prepare(problem)
    steps = problem.workdays.steps
    rooms = [r.name for r in problem.rooms]
    bounds = {name: most(problem, name) for name in NAMES}
    chance = random.Random(7)
    n = len(problem.sessions)
    for _ in range(200):
        start = [chance.choice(steps[:3]) if chance.random() < 0.5 else chance.choice(steps) for _ in range(n)]
        room = [chance.choice(rooms[:1]) if chance.random() < 0.5 else chance.choice(rooms) for _ in range(n)]
        values = measure(prep, start, room)
        assert all(values[name] <= bounds[name] for name in NAMES), (values, bounds)


def test_alternatives_whose_model_would_not_build_in_time_give_the_first_timetable(monkeypatch):
    """limits16 F5: 1,000 meetings over 300 days, ``--alternatives 3 --time-limit 2``: the held model was
    built whatever its size (killed at 120 s, 6.2 GB, nothing printed). Its build is priced as the solve
    prices its own (``full_build_seconds``); when it does not fit in half the time left, the first
    timetable is the answer, with no alternatives and the list not complete."""
    import scheduler.meetings.choices as choices
    from scheduler.meetings.model import MeetingModel

    problem = meetings(session("甲会", 60, "甲"), session("乙会", 60, "乙"), rooms=TWO_ROOMS)
    monkeypatch.setattr(choices, "full_build_seconds", lambda prep, objective: 1e9)
    monkeypatch.setattr(MeetingModel, "build", lambda *a, **k: pytest.fail("the held model was built"))
    found = meeting_alternatives(problem, DEFAULT, count=3, time_limit=10)
    assert found.result.plan is not None and found.plans == (found.result.plan,)
    assert found.count == 1 and not found.complete and found.scores == (found.result.score,)


def test_ctrl_c_while_listing_alternatives_gives_the_timetables_found(monkeypatch):
    """limits16 F5: after Ctrl-C only "interrupted" was printed, though the first timetable was found.
    A KeyboardInterrupt while the held model is built, or during a search, returns what was found."""
    import scheduler.meetings.choices as choices

    problem = meetings(session("甲会", 60, "甲"), session("乙会", 60, "乙"), rooms=TWO_ROOMS)
    real_model = choices._held_model

    def interrupted_build(*args: object, **kwargs: object):
        raise KeyboardInterrupt

    monkeypatch.setattr(choices, "_held_model", interrupted_build)
    found = meeting_alternatives(problem, DEFAULT, count=3, time_limit=10)
    assert found.plans == (found.result.plan,) and not found.complete
    monkeypatch.setattr(choices, "_held_model", real_model)
    searched: list[int] = []

    def interrupted_search(*args: object, **kwargs: object):
        searched.append(1)
        raise KeyboardInterrupt

    monkeypatch.setattr(choices, "run", interrupted_search)
    found = meeting_alternatives(problem, DEFAULT, count=3, time_limit=10)
    assert searched and found.plans == (found.result.plan,) and not found.complete


def _pushed_out(days: int = 1) -> tuple[MeetingProblem, Plan, MeetingChanges]:
    """规划会 published at 16:00 on the last of ``days`` days (one room, nothing else on), 乙 then busy
    16:00-17:00: finishing early alone sends it to the first day's 8:00."""
    problem = MeetingProblem(
        (session("规划会", 60, "乙"),),
        Workdays(tuple(date(2025, 3, 3 + k) for k in range(days)), ((time(8), time(12)), (time(14), time(18))), 30),
        (Room("A", 1, 10),),
        people=(Person("乙"),),
    )
    last = datetime(2025, 3, 2 + days, 16)
    published = Plan((Placement("规划会", last, "A"),))
    return problem, published, MeetingChanges(busy=(Busy("乙", last, last.replace(hour=17)),))


@pytest.mark.parametrize("days", [1, 2])
def test_a_moved_meeting_goes_to_the_nearest_free_time_not_the_earliest(days: int) -> None:
    """The ``displacement`` term (:func:`nearness`): 规划会 pushed out of 16:00 goes an hour away (15:00,
    the earlier of 15:00 and 17:00, as finishing early breaks the tie), the same day, not to 8:00 or to
    the first day; still one move. Without the term (``moves_first=False`` with the old objective) the
    same search sends it to the first day's 8:00: the term is what keeps it near."""
    problem, published, changes = _pushed_out(days)
    result = replan_meetings(problem, published, changes, time_limit=10, workers=1)
    assert result.status == "optimal"
    (move,) = result.moves
    assert move.after.start == datetime(2025, 3, 2 + days, 15) and move.minutes == -60
    assert result.terms["displacement"] == 2  # two 30-minute steps
    changed = apply_meeting_changes(problem, published, changes)
    old = (replan_objective(changed)[0], Term("optional-conflicts", "medium"), Term("early"))
    far = replan_meetings(problem, published, changes, old, time_limit=10, workers=1, moves_first=False)
    assert far.moves[0].after.start == datetime(2025, 3, 3, 8)


def test_nearness_is_below_every_move_and_a_callers_own_is_kept() -> None:
    """Nearness is soft, one heavier than ``early`` (a step nearer beats a step earlier), and never added
    twice: a caller weighing ``displacement`` themselves keeps their weight and level."""
    assert nearness((Term("early", "soft", 3),)) == (Term("displacement", "soft", 4),)
    assert nearness(()) == (Term("displacement", "soft", 1),)
    mine = (Term("displacement", "medium", 2),)
    assert nearness(mine) == ()
    problem, _, _ = _pushed_out()
    terms = replan_terms(problem, mine)
    assert [t for t in terms if t.name == "displacement"] == [mine[0]]
    assert terms[0].weight == 1 + most(problem, "optional-conflicts") + 2 * most(problem, "displacement")


def test_displacement_counts_grid_steps_nights_included() -> None:
    """The one rule (:func:`scheduler.meetings.nearness.displacement`): the time between the two starts
    in grid steps, rounded up; a night and a weekend count as the clock does."""
    from scheduler.meetings.nearness import displacement

    problem = MeetingProblem(
        (session("会", 30, "乙"),),
        Workdays((date(2025, 3, 7), date(2025, 3, 10)), ((time(8), time(12)),), 15),
        (Room("A", 1, 10),),
        people=(Person("乙"),),
    )
    days = problem.workdays
    was = datetime(2025, 3, 7, 9)
    assert displacement(problem, was, days.step(datetime(2025, 3, 7, 11))) == 8
    assert displacement(problem, was, days.step(datetime(2025, 3, 7, 8, 45))) == 1
    assert displacement(problem, was, days.step(datetime(2025, 3, 10, 9))) == 3 * 96  # Friday to Monday
    assert displacement(problem, datetime(2025, 3, 7, 9, 5), days.step(was)) == 1  # off the grid: rounded up


def test_the_moves_list_says_how_far_each_meeting_went() -> None:
    """``reschedule``'s list of moves: a column saying how far (早 1 小时 / 1 hour earlier), and a meeting
    added has none; the JSON answer's ``minutes``."""
    from scheduler.cli.display import meeting_moves_lines

    moves = (
        MeetingMove("规划会", Placement("规划会", at(16), "A"), Placement("规划会", at(15), "A")),
        MeetingMove("例会", Placement("例会", at(9), "A"), Placement("例会", datetime(2025, 3, 5, 11, 30), "A")),
        MeetingMove("碰头会", Placement("碰头会", at(9), "A"), Placement("碰头会", at(9), "B")),
        MeetingMove("新会", None, Placement("新会", at(8), "A")),
    )
    zh = "\n".join(meeting_moves_lines(moves, "zh"))
    en = "\n".join(meeting_moves_lines(moves, "en"))
    assert "相差" in zh and "早 1 小时" in zh and "晚 2 天 2 小时 30 分钟" in zh and "时间不变" in zh
    assert "Moved by" in en and "1 hour earlier" in en and "2 days 2 hours 30 minutes later" in en
    assert "same time" in en
    assert [m.minutes for m in moves] == [-60, 2 * 1440 + 150, 0, None]


def test_a_rules_file_may_weigh_nearness_with_the_optional_conflicts(tmp_path) -> None:
    """``[objective] displacement = { level = "medium" }``: the office's choice of nearness over its optional
    participants' time (docs/replanning.md); the replan keeps that term as written, the moves still above
    everything on the medium level (its most: every session across the whole calendar)."""
    import shutil
    from pathlib import Path

    from scheduler.files.meeting_files import load_meetings

    examples = Path(__file__).resolve().parent.parent / "examples"
    for name in ("meetings_2025.csv", "people_2025.csv"):
        shutil.copy(examples / name, tmp_path / name)
    rules = (examples / "meetings_2025.toml").read_text(encoding="utf-8")
    assert rules.count('[objective]\npreset = "default"\n') == 1
    medium = '[objective]\npreset = "default"\ndisplacement = { level = "medium" }\n'
    (tmp_path / "meetings_2025.toml").write_text(rules.replace('[objective]\npreset = "default"\n', medium), "utf-8")
    loaded = load_meetings(tmp_path / "meetings_2025.csv")
    assert Term("displacement", "medium") in loaded.objective
    terms = replan_terms(loaded.problem, loaded.objective)
    assert [t for t in terms if t.name == "displacement"] == [Term("displacement", "medium")]
    problem = loaded.problem
    assert terms[0].weight == 1 + most(problem, "optional-conflicts") + most(problem, "displacement")
