"""The meeting greedy's first free place on a long horizon (issue 16, limits16 F2): a session no longer
tries every start from the first one. A run of taken steps (a room filled day after day, a person's
sessions) is crossed in one look, and what one session learnt is where the next of its length begins,
so the packing greedy's work grows with the sessions, not with sessions x starts. Counted, never
timed; the places found are the ones a start-by-start scan finds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

from scheduler.domain.meetings import Attendee, MeetingProblem, Person, Room, Session, Window, Workdays
from scheduler.meetings import board as board_module
from scheduler.meetings.board import Board, Counts
from scheduler.meetings.greedy import packed
from scheduler.meetings.planner import _keeps_rules
from scheduler.meetings.prepared import Prepared, prepare
from scheduler.meetings.terms import Term


def one_room_for_months(meetings: int = 240, days: int = 60) -> MeetingProblem:
    """``meetings`` one-hour meetings of three people each (40 people), one room, ``days`` working days
    of 8:00-12:00 and 15:00-19:00 (8 meetings a day fill the room)."""
    first = date(2027, 1, 4)
    calendar = tuple(
        first + timedelta(days=d) for d in range(days * 7 // 5 + 3) if (first + timedelta(days=d)).weekday() < 5
    )
    people = [f"P{k:02d}" for k in range(40)]
    sessions = tuple(
        Session(f"会议{i:04d}", 60, tuple(Attendee(people[(i * 7 + j * 13) % 40]) for j in range(3)))
        for i in range(meetings)
    )
    return MeetingProblem(
        sessions,
        Workdays(calendar[:days], ((time(8), time(12)), (time(15), time(19))), 15),
        (Room("R0", 1, 50),),
        people=tuple(Person(p) for p in people),
    )


def scanned(board: Board, i: int) -> tuple[int, str] | None:
    """Session ``i``'s first free place by trying every start in order (what first_place did)."""
    prep = board.prep
    for s in prep.starts[i]:
        e = s + prep.length[i]
        if any(board.taken[p].window(s - prep.gap, e + prep.gap) for p in board.required[i]):
            continue
        name = board.free_room(i, s)
        if name is not None:
            return s, name
    return None


def placed_as_scanned(prep: Prepared) -> Board:
    """A board on which each session in turn took its first free place, checked against :func:`scanned`
    (no place, or the one a scan of every start finds)."""
    board = Board(prep, (Term("early"),))
    for i in range(prep.n):
        found = board.first_place(i)
        expected = scanned(board, i)
        assert (found is None and expected is None) or (found is not None and (found[1], found[2]) == expected)
        if found is not None:
            board.place(i, found[1], found[2])
    return board


def test_the_first_free_place_is_the_one_a_scan_of_every_start_finds():
    prep = prepare(one_room_for_months(120, 30))
    board = Board(prep, (Term("early"),))
    for i in range(prep.n):
        found = board.first_place(i)
        assert found is not None and (found[1], found[2]) == scanned(board, i)
        board.place(i, found[1], found[2])
    assert _keeps_rules(prep, *board.timetable())


def test_sessions_starting_on_other_days_find_the_places_a_scan_finds():
    """limits16 F2's fourth shape: each meeting with its own dated "not before" (a random day of the
    first 20), afternoons or mornings only for some: what one session learnt about the starts before
    its window is kept, and later sessions whose window opens earlier still find the first free place."""
    import random

    rnd = random.Random(7)
    problem = one_room_for_months(160, 30)
    days = problem.workdays.days
    sessions = tuple(
        replace(
            s,
            window=Window(
                part=rnd.choice(("", "", "morning", "afternoon")),
                not_before=datetime.combine(days[rnd.randrange(20)], time(8)),
            ),
        )
        for s in problem.sessions
    )
    prep = prepare(problem.replace(sessions=sessions))
    placed_as_scanned(prep)


def test_packing_a_room_for_months_reads_each_count_a_few_times_per_session(monkeypatch):
    """240 meetings filling one room for 30 of 60 days: before, the k-th meeting tried about 4k starts
    (each a read of its three people's counts), about 350,000 reads in all; now a few per meeting."""
    reads = 0
    window = Counts.window

    def counted(self: Counts, first: int, last: int) -> int:
        nonlocal reads
        reads += 1
        return window(self, first, last)

    monkeypatch.setattr(Counts, "window", counted)
    prep = prepare(one_room_for_months())
    found = packed(prep)
    assert found is not None
    starts, rooms = found
    assert len(set(starts)) == prep.n and set(rooms) == {"R0"}  # one room: no two at once
    assert reads < 20 * prep.n, reads


def test_a_removal_forgets_what_was_learnt():
    """The local search takes sessions away again: a place freed is found again."""
    prep = prepare(one_room_for_months(16, 2))
    board = Board(prep, (Term("early"),))
    for i in range(prep.n):
        _, s, name = board.first_place(i) or (None, -1, "")
        board.place(i, s, name)
    first = board.start[0]
    assert first is not None
    board.place(0, first, "R0", -1)
    again = board.first_place(0)
    assert again is not None and again[1] == first


def test_skipping_keeps_the_counts_exact():
    counts = Counts(40)
    counts.add(4, 10)
    counts.add(12, 20)
    assert counts.free_after(0, 6) == 10  # the run 4-9 ends at 10
    assert counts.free_after(10, 12) == 10  # free
    starts = list(range(0, 40, 2))
    assert counts.clear_from(0, 0, 4, starts) == 0  # steps 0-3 are free
    assert counts.clear_from(2, 0, 4, starts) == 20  # 10-11 is too short for 4 steps
    counts.add(12, 20, -1)
    assert counts.clear_from(2, 0, 4, starts) == 10
    assert board_module.REBUILD_SHARE > 0


def test_a_person_in_one_meeting_holds_no_list_over_the_horizon():
    """limits16 F4's 1.13 GB: an explanation's relaxed problem makes each required participant a
    stand-in of their own in each meeting, and every one held a count over the whole horizon (3,000
    lists of 40,000 steps on 300 days). A person required in one meeting keeps only their steps;
    the places found are the same."""
    from scheduler.meetings.board import Lone

    problem = one_room_for_months(120, 30)
    alone = problem.replace(
        sessions=tuple(
            replace(s, attendees=tuple(Attendee(f"{a.name}#{k}") for a in s.attendees))
            for k, s in enumerate(problem.sessions)
        ),
        people=tuple(Person(f"{a.name}#{k}") for k, s in enumerate(problem.sessions) for a in s.attendees),
    )
    prep = prepare(alone)
    board = Board(prep, (Term("early"),))
    assert all(isinstance(c, Lone) and not c.values for c in board.taken.values())
    for i in range(prep.n):
        found = board.first_place(i)
        assert found is not None and (found[1], found[2]) == scanned(board, i)
        board.place(i, found[1], found[2])
    assert _keeps_rules(prep, *board.timetable())
    assert sum(len(c.steps) for c in board.taken.values() if isinstance(c, Lone)) == 3 * 4 * prep.n


def with_a_shared_room(problem: MeetingProblem, shared: int = 0) -> MeetingProblem:
    """``problem`` with a room holding two meetings at once (a 共用组 room, first among the rooms, as
    office tables list it) beside its own; every ``shared``-th session (none at 0) may share it."""
    sessions = tuple(
        replace(s, share=frozenset({"甲"}) if shared and k % shared == 0 else frozenset())
        for k, s in enumerate(problem.sessions)
    )
    return problem.replace(sessions=sessions, rooms=(Room("双场", 2, 50, 15), *problem.rooms))


def test_a_room_holding_two_meetings_is_crossed_in_one_look_by_meetings_that_share_with_none(monkeypatch):
    """mt2k19 (issue 16): at 2,000 meetings the room holding two at once (共用组) was first among the
    rooms, and a start where the people were free was taken as one where that room might be: each
    session asked every room at every such start (85,000 asks of 43 rooms for 2,000 meetings, 79,000
    of them finding none), where a meeting sharing with none needs that room empty."""
    asks = 0
    free_room = Board.free_room

    def counted(self: Board, i: int, s: int) -> str | None:
        nonlocal asks
        asks += 1
        return free_room(self, i, s)

    monkeypatch.setattr(Board, "free_room", counted)
    prep = prepare(with_a_shared_room(one_room_for_months()))
    found = packed(prep)
    assert found is not None and _keeps_rules(prep, *found)
    assert asks < 4 * prep.n, asks


def test_the_shared_room_gives_the_places_a_scan_finds():
    """Sessions that share the room (every third) and sessions that share with none, a changeover of
    15 minutes: the first free place is the one a start-by-start scan finds."""
    prep = prepare(with_a_shared_room(one_room_for_months(200, 20), shared=3))
    board = placed_as_scanned(prep)
    assert _keeps_rules(prep, *board.timetable())


def test_the_free_room_asked_first_is_the_one_that_would_be_chosen(monkeypatch):
    """mt2k19 (issue 16): a start's free room is the one with the fewest seats in larger rooms
    (``larger-rooms``' cost, the largest room first); the rooms are asked in that order and the first
    free one is it, where every class was asked before (43 rooms at each start of 2,000 meetings)."""
    asked: list[str] = []
    room_free = Board.room_free

    def counted(self: Board, i: int, s: int, name: str) -> bool:
        asked.append(name)
        return room_free(self, i, s, name)

    problem = one_room_for_months(4, 2)
    rooms = tuple(Room(f"R{k}", 1, seats) for k, seats in enumerate((60, 8, 30, 8, 12, 6)))
    prep = prepare(problem.replace(rooms=rooms), aggregate=False)
    board = Board(prep, (Term("early"), Term("larger-rooms")))
    board.place(1, prep.starts[1][0], "R0")  # the largest room taken at the first start
    monkeypatch.setattr(Board, "room_free", counted)
    assert board.free_room(0, prep.starts[0][0]) == "R2"  # the next largest
    assert asked == ["R2"], asked  # (R0's class is full then: not asked)


def rooms_filling_first(meetings: int = 480, rooms: int = 8) -> MeetingProblem:
    """``meetings`` one-hour meetings of three people each, no one in two of them (600 people), in
    ``rooms`` rooms over 8 weeks: the rooms, not the people, fill day after day."""
    problem = one_room_for_months(meetings, 40)
    people = [f"Q{k:03d}" for k in range(600)]
    sessions = tuple(
        Session(f"会议{i:04d}", 60, tuple(Attendee(people[(3 * i + j) % 600]) for j in range(3)))
        for i in range(meetings)
    )
    many = tuple(Room(f"R{k}", 1, 50) for k in range(rooms))
    return problem.replace(sessions=sessions, rooms=many, people=tuple(Person(p) for p in people))


def test_rooms_filled_day_after_day_are_crossed_without_asking_each_room_at_each_start(monkeypatch):
    """mt2k19 (issue 16): a start where the people are free asked every room of the session whether it
    was free from there (each room's own runs crossed in one look, but 43 rooms asked at 12,000
    starts of 2,000 meetings). The rooms' busy steps (a class full at some step the session would
    run) now answer at once that one may be free, and what no room has free is kept per set of
    rooms and length: 480 meetings in 8 rooms read the counts 18 times a meeting before, 8 now."""
    reads = 0
    clear_from = Counts.clear_from

    def counted(self: Counts, *args: Any) -> int:
        nonlocal reads
        reads += 1
        return clear_from(self, *args)

    monkeypatch.setattr(Counts, "clear_from", counted)
    prep = prepare(rooms_filling_first(), aggregate=False)
    found = packed(prep)
    assert found is not None and _keeps_rules(prep, *found)
    assert reads < 10 * prep.n, reads


def test_many_rooms_give_the_places_a_scan_finds():
    """The same shape, some meetings only in the first three rooms and some sharing none of the
    first room: the first free place is the one a start-by-start scan finds."""
    problem = rooms_filling_first(240, 5)
    sessions = tuple(
        replace(s, rooms=frozenset({"R0", "R1", "R2"})) if k % 4 == 0 else replace(s, avoid=frozenset({"R0"}))
        for k, s in enumerate(problem.sessions)
    )
    prep = prepare(problem.replace(sessions=sessions), aggregate=False)
    placed_as_scanned(prep)
