"""The sharing rule on meeting problems with many labelled sessions (issue 16): what it posts is counted
before a model is built, and a build the clock cannot hold is not started (the greedy's timetable
stands). No timing here: the tests count what would be posted and which builds were started."""

import random
from dataclasses import replace
from datetime import date, time
from itertools import combinations

from scheduler.domain import Room
from scheduler.domain.meetings import Attendee, MeetingProblem, Person, Session, Window, Workdays
from scheduler.meetings.board import Board
from scheduler.meetings.check import check_meetings
from scheduler.meetings.model import MeetingModel
from scheduler.meetings.planner import solve_meetings
from scheduler.meetings.posted import Posted
from scheduler.meetings.prepared import prepare
from scheduler.meetings.terms import Term

DAYS = tuple(date(2025, 3, d) for d in (3, 4, 5))
HOURS = ((time(8), time(12)), (time(15), time(19)))
PAIRS = tuple(Room(f"40{k}会议室", 2, 10) for k in range(1, 5))  # rooms holding two meetings at once


def labelled(count: int, labels: int, days: tuple[date, ...] = DAYS, **more: object) -> MeetingProblem:
    """``count`` half-hour meetings of one person each, labelled ``组1`` to ``组<labels>`` in turn."""
    sessions = tuple(
        Session(f"会议{i:03d}", 30, (Attendee(f"人{i:03d}"),), share=frozenset({f"组{i % labels + 1}"}), **more)
        for i in range(count)
    )
    people = tuple(Person(f"人{i:03d}") for i in range(count))
    return MeetingProblem(sessions, Workdays(days, HOURS, 30), PAIRS, people=people)


def sharing_posted(problem: MeetingProblem) -> Posted:
    prep = prepare(problem)
    count = Posted(prep)
    next(rule for rule in prep.rules if rule.name == "allowed-sharing").post_intervals(count)
    return count


def test_labelled_sessions_without_a_label_in_common_are_counted_pair_by_pair_per_room():
    problem = labelled(60, 6)
    clashes = sum(1 for a, b in combinations(problem.sessions, 2) if not a.share & b.share)
    count = sharing_posted(problem)
    assert count.constraints == len(PAIRS) * clashes  # two sessions each, no list with the unlabelled
    assert count.intervals == 2 * count.constraints


def test_sessions_whose_windows_never_meet_are_not_paired():
    """Morning and afternoon meetings of one day never run at once: nothing to keep apart between them
    (a window is a session's first start to its last end: over several days they would meet)."""
    morning = labelled(20, 20, DAYS[:1], window=Window(part="morning")).sessions
    afternoon = labelled(20, 20, DAYS[:1], window=Window(part="afternoon")).sessions
    afternoon = tuple(replace(s, title=s.title + "下午", share=frozenset({"下午"})) for s in afternoon)
    problem = labelled(20, 20, DAYS[:1]).replace(sessions=morning + afternoon)
    assert sharing_posted(problem).constraints == len(PAIRS) * 20 * 19 // 2  # the mornings' pairs only


def test_unlabelled_sessions_take_the_whole_room_in_one_constraint_per_room():
    """Before, one list per labelled session with every unlabelled one (933 lists of 1,048 per room
    on biglabel-2000u-4r as meetings)."""
    base = labelled(30, 1)  # one label: no pair without a label in common
    alone = tuple(replace(s, title=s.title + "无组", share=frozenset()) for s in base.sessions)
    problem = base.replace(sessions=base.sessions + alone)
    assert sharing_posted(problem).constraints == len(PAIRS)
    result = solve_meetings(problem, (Term("early"),), 1.0, 1)  # the model keeps them apart, the checker agrees
    assert result.plan is not None and not check_meetings(problem, result.plan).violations


def test_a_build_the_sharing_pairs_make_too_long_for_the_limit_is_not_started(monkeypatch):
    """300 meetings in 50 labels and 4 rooms of two: 174,000 pairs to keep apart. Before, the build
    estimate counted only the time-indexed size (14,400 terms, about 0.2 s) and the model was built
    whatever the pairs cost (1.97 million on biglabel-2000u-4r as meetings: 41 s past a 5 s limit);
    now the pairs are priced and the greedy's timetable is the answer."""
    built = []
    real_build = MeetingModel.build

    def build(self: MeetingModel, terms: tuple[Term, ...], indexed: bool = True) -> MeetingModel:
        built.append(indexed)
        return real_build(self, terms, indexed)

    monkeypatch.setattr(MeetingModel, "build", build)
    problem = labelled(300, 50)
    result = solve_meetings(problem, (Term("early"), Term("overlap")), 2.0, 1)
    assert built == []
    assert result.plan is not None and not check_meetings(problem, result.plan).violations


def test_the_boards_shared_room_test_reads_the_sessions_at_the_steps_tried():
    """The board keeps who is in each room per clock step: a place is tested against the sessions
    running then, not by scanning every session held in the room (biglabel-2000u-4r as meetings:
    345 million comparisons, 150 s). Its answers are those of the scan, on random placements."""
    problem = labelled(80, 5)
    prep = prepare(problem)
    board = Board(prep, (Term("early"),))
    rng = random.Random(16)
    room = PAIRS[0].name
    held: list[tuple[int, int, int]] = []
    for i in range(40):
        s = rng.choice(prep.starts[i])
        if board.room_free(i, s, room):
            board.place(i, s, room)
            held.append((s, s + prep.length[i], i))
    assert len(held) > 10
    for i in range(40, 80):
        for s in prep.starts[i]:
            e = s + prep.length[i]
            running = {j for a, b, j in held if a < e and s < b}
            assert board.in_room(room, s, e) == running
            scan = len(running) < 2 and all(problem.sessions[i].share & problem.sessions[j].share for j in running)
            assert board.room_free(i, s, room) == scan
    s, e, i = held[0]
    board.place(i, s, room, -1)  # taken away: no longer read
    assert i not in board.in_room(room, s, e)
