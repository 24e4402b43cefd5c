"""A first timetable in a fraction of a second: each session, hardest first, at its cheapest place.

Used as the solver's hint, and as the answer when the solver finds none in time (so the user always
gets a timetable when this finds one). Sessions with a single allowed start (pinned) go first, then
the rest by most required participant-steps (the hardest to fit), then fewest allowed starts, then
longest; each goes where the weighted objective
grows least (medium before soft), among starts where its required participants are free (gap
included) and a room of an eligible class is free (changeover included). When a session finds no
place it goes first and the pass starts again ("squeaky wheel"). Once a pass places every
session, one more pass takes the shortest first (the rule for a sum of ends) and the cheaper of the
two is kept (not when replanning, whose order is the published timetable's). Counts per clock step
are kept with prefix sums, so a candidate start costs one subtraction per participant, not one per
step.

Sessions with a *preferred* place (a start and a room: replanning's published timetable) go first,
in the order given, each at that place when it keeps the rules there; those whose place is not
free then go first among the rest (so a displaced meeting never takes a place another keeps).
When one of the rest then finds no place, putting it first would change nothing (the preferred
sessions still go before it), so it is *repaired* instead: it takes the place whose blockers move
fewest (:mod:`scheduler.meetings.blockers`), as a preferred place ahead of all others, and its
blockers lose theirs and go first among the rest. On the Timefold demo (24 meetings, a required
participant of the first one made busy for its first hour) every round failed alike before, and
replanning started from a fresh timetable (17 to 20 meetings moved in 5 s); repaired, the greedy
moves 3, the fewest there are (proven in 30 s).

A session with same-day followers (``[[links]] same_day``: a hearing's morning part before its
afternoon part) keeps a place only when each follower not yet placed still finds one beside it
(:meth:`~scheduler.meetings.board.Board.followers_fit`); else its day is banned to it on this board
and it looks again, and a preferred place failing so is deferred with its followers. Before, the
morning part took its first free morning whatever its afternoon held, in every round. Once a part is
placed, the parts following it the same day go next (:meth:`~scheduler.meetings.order.Order.due`),
before any other session takes the place they were found: before, the afternoon part came much later
in the order, the meetings placed between took its afternoon, and each round gave one hearing its
place (2,000 meetings with 64 hearings: no timetable in 30 rounds, qawebmeet19 F1).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Mapping

from scheduler.meetings.blockers import least_blocked
from scheduler.meetings.board import Board
from scheduler.meetings.engine import stopped
from scheduler.meetings.prepared import Prepared
from scheduler.meetings.terms import Term

GREEDY_ROUNDS = 3
"""Rounds of the greedies that open a solve (:func:`scheduler.meetings.planner.solve_meetings`)."""
PACKED_ROUNDS = 12
"""Rounds of :func:`packed`. Each round puts one more failed session first: three left 1,000
meetings (4 pins) without a timetable, where the fourth round found one. Given a clock by every
caller that has a time limit, so the rounds cost no more than the time there is."""
HURRIED_TRIES = 128
"""Free places a session weighs, at most, once its pass is past its deadline: the earliest without an
optional conflict, else the one with fewest of these. At 2,000 meetings with the default objective
(``benchmarks/office_tables.py``, an earlier draw; ``--time-limit 1``, every session placed so): one
place each gave medium 2,543 where the whole pass gives 0, 8 gave 456, 32 gave 22, 128 gave 0 and
the whole pass's soft 289,196, in 1.3 s of CPU against the whole pass's 6.7 s (with ``early`` in
the objective, the earliest place without a conflict is mostly the cheapest)."""
HEAR_EVERY = 16
"""Sessions placed between two looks at the clock within a pass of the greedy."""
PACE_SLACK = 2.0
"""How much faster than its pace so far a hurried pass may still go (its hardest sessions come first):
only a pass that would not end by its cut even so takes first free places alone. With none, 2,000
meetings (QA qashapes20 m8, load 7) took them too early and ended at 8-78 optional conflicts where
the whole hurried pass ends in time at 0; with 2, at 26 in three runs of three, until the rule was
asked only in the second half of the time from hurrying to the cut (0 in two of two, load 10)."""
HURRIED_SECONDS = 0.001
"""Seconds a session left takes, about, to find its first free places once its pass is hurried
(:meth:`~scheduler.meetings.board.Board.first_place`, :data:`HURRIED_TRIES`): a pass stops weighing
places this long per session left before its deadline, so that the whole pass, not only its weighed
part, ends there. Measured (mt2k18, 2,000 meetings with wishes, every session hurried): 1.43-1.67 s
of CPU, 2.1-2.4 s of wall at load 3 on two cores. Before, the pass stopped weighing at its deadline
and then took that long again: ``solve --time-limit 5`` at 2,000 meetings ended at 6.4 s. Since mt2k19
(the rooms at a start crossed in one look) the pass takes 0.47-0.58 s of CPU there (0.25-0.3 ms a
session), 1.5-2.5 s of wall at load 9-10; kept at 1 ms, so the pass still ends early under load."""


def packed(
    prep: Prepared, until: float | None = None, cut: bool = False, rounds: int = 0
) -> tuple[list[int], list[str]] | None:
    """Every session placed where it ends earliest (``early`` alone), in :data:`PACKED_ROUNDS` rounds:
    packing each person's sessions early fragments their time least, so this finds a timetable where
    the objective's own greedy does not. ``solve_meetings``'s timetable of last resort, and
    ``explain_meetings``'s first question (a timetable found: nothing to explain); its rounds stop
    at ``until`` (``time.perf_counter()``) when given. Each session takes its first free place
    (:meth:`~scheduler.meetings.board.Board.first_place`, the cheapest for ``early``), so a pass
    costs a fraction of the objective's (0.99 s at 2,000 meetings when every start was weighed).
    ``cut``: a pass past ``until`` (or stopped) gives up too, and the answer is ``None`` (an
    explanation's question, and the last resort of a solve: neither may outlast the call; until the
    Nineteenth session a solve's pass always ended, 3.5-12 s past ``--time-limit 10`` at 2,000 meetings
    under load, QA qashapes20 F2). ``rounds``: how many (default :data:`PACKED_ROUNDS`), for a caller
    with nothing else to spend its time on."""
    return greedy(prep, (Term("early"),), rounds=rounds or PACKED_ROUNDS, deadline=until, first_fit=True, cut=cut)


def greedy(
    prep: Prepared,
    terms: tuple[Term, ...],
    rounds: int = 30,
    deadline: float | None = None,
    prefer: Mapping[int, tuple[int, str]] | None = None,
    lookahead: int = 0,
    second: bool = True,
    first_until: float | None = None,
    second_until: float | None = None,
    first_fit: bool = False,
    cut: bool = False,
    cut_at: float | None = None,
) -> tuple[list[int], list[str]] | None:
    """Starts (clock steps) and rooms of every session, or ``None`` when none was found.

    A session that finds no place goes to the front of the order and the greedy starts again, at
    most ``rounds`` times, not past ``deadline`` (``time.perf_counter()``) and not once the call is
    stopped (:func:`scheduler.meetings.engine.stopped`). A pass the clock (or the stop) interrupts is
    not thrown away: the sessions it has not placed yet take their first free place
    (:func:`_one_pass`), so a partial greedy is still a start and the answer a whole timetable.
    ``prefer``: session -> (start, room) it takes first when the rules allow (see the module text);
    ``lookahead``: how many of a repair's places are weighed by whether their blockers find a free
    place (:func:`scheduler.meetings.blockers.least_blocked`); ``second``: whether a timetable found
    may be followed by a shortest-first pass when there is time for one (:func:`_or_shortest_first`);
    ``first_until``: when the first pass stops weighing places (default ``deadline``; the rounds
    after it hear ``deadline``); ``second_until``: the shortest-first pass runs only when it should
    end by then, and stops weighing places then (default ``deadline``); ``first_fit``: every session
    takes its first free place (the packing greedy); ``cut``: a pass past ``deadline`` (or stopped)
    gives up rather than finishing with first free places (then ``None``); ``cut_at``: a pass still
    going then (``time.perf_counter()``) gives up, hurried or not (the pass finishing with first free
    places past ``deadline`` never looked at the clock again: 2,000 meetings, 13 s in the objective's
    greedy at ``--time-limit 10`` under load, QA qashapes20 F2).
    """
    prefer = dict(prefer or {})
    order = list(prefer) + sorted((i for i in range(prep.n) if i not in prefer), key=lambda i: _hardest(prep, i))
    fixed: set[int] = set()  # sessions given a place by a repair: never released again
    began = time.perf_counter()
    for done in range(1, rounds + 1):
        until = first_until if done == 1 and first_until is not None else deadline
        if done > 1 and until is not None and time.perf_counter() > until:  # no new board past the end
            return None
        placed, failed, board = _one_pass(prep, terms, order, prefer, until, first_fit, cut, cut_at)
        if placed is not None:
            extra = deadline if second_until is None else second_until
            if prefer or not second or first_fit or stopped() or not _time_for_one_more(began, done, extra):
                return placed
            return _or_shortest_first(prep, terms, placed, board.spent, extra)
        late = (deadline is not None and time.perf_counter() > deadline) or stopped()
        if late or (cut_at is not None and time.perf_counter() > cut_at):
            return None
        spot = least_blocked(board, failed, prefer, fixed, lookahead) if prefer else None
        if spot is None:  # the squeaky wheel: the session that found no place goes first
            order.remove(failed)
            order.insert(0, failed)
            continue
        s, name, blockers = spot
        fixed.add(failed)
        released = set(blockers)
        prefer = {failed: (s, name), **{j: p for j, p in prefer.items() if j not in released and j != failed}}
        for j in blockers:
            order.remove(j)
            order.insert(0, j)
    return None


def _hardest(prep: Prepared, i: int) -> tuple[int, int, int, int]:
    """The greedy's order (smallest first): sessions with a single allowed start (pinned) before all
    others, then the most required participant-steps, the fewest allowed starts, the longest. Before,
    a pinned meeting went after every larger one, which could take its only place: four pins among
    400 meetings failed all three rounds (each round puts one failed session first), and no
    timetable was found at all."""
    return (
        len(prep.starts[i]) > 1,
        -len(prep.problem.sessions[i].required) * prep.length[i],
        len(prep.starts[i]),
        -prep.length[i],
    )


EXTRA_PASS_SLACK = 1
"""The shortest-first pass (:func:`_or_shortest_first`) runs when it should end within this many times
the rounds' own time (``deadline``). It was 4 when ``solve_meetings`` gave the rounds an eighth of its
limit; they have half of it now (so that one pass over 2,000 meetings fits), and the pass, which
cannot be cut short, must end within that half. It is worth more than the search time it takes (the
light search and the polish gained 3,000 of the 40,000 it gains on 1,000 meetings)."""


def _time_for_one_more(began: float, done: int, deadline: float | None) -> bool:
    """Whether one more pass, as long as the ``done`` so far on average, ends in the slack."""
    if deadline is None:
        return True
    now = time.perf_counter()
    return now + (now - began) / done <= began + EXTRA_PASS_SLACK * (deadline - began)


class _Cut:
    """A pass's cut (``at``, ``time.perf_counter()``) and the places a hurried session weighs before it."""

    def __init__(self, at: float, sessions: int) -> None:
        self.at, self.sessions = at, sessions
        self.since: tuple[float, int] | None = None  # when (and at which session) hurried placing was first timed
        self.last = (0.0, 0)  # and last
        self.tries = HURRIED_TRIES
        """How many free places a hurried session weighs now."""

    def look(self, k: int, hurried: bool) -> bool:
        """Whether the cut is still ahead at the ``k``-th session; a hurried one weighs one free place
        from then on when, past half the time from hurrying to the cut and at its pace (the faster of
        since hurried and since the last look: the hardest go first, a pause is noise), the rest would
        not end by the cut even :data:`PACE_SLACK` times faster."""
        now = time.perf_counter()
        if now > self.at:
            return False
        if hurried:
            # only in the second half of the time from hurrying to the cut: the first sessions hurried
            # are the hardest (QA qashapes20 m8: medium 26 in 3 runs of 3 when judged from them, 0 after)
            if self.since is not None and k > self.last[1] and now - self.since[0] > self.at - now:
                pace = min((now - self.since[0]) / (k - self.since[1]), (now - self.last[0]) / (k - self.last[1]))
                self.tries = 1 if now + pace * (self.sessions - k) / PACE_SLACK > self.at else HURRIED_TRIES
            self.since, self.last = self.since or (now, k), (now, k)
        return True


def _or_shortest_first(
    prep: Prepared,
    terms: tuple[Term, ...],
    placed: tuple[list[int], list[str]],
    spent: tuple[int, int],
    until: float | None = None,
) -> tuple[list[int], list[str]]:
    """``placed`` (which cost ``spent``) or, when it costs less, one more pass taking the shortest
    sessions first (then the hardest, as above): the classic rule for a sum of ends (``early``),
    where hardest first puts the long sessions early and every short one after them. On 600 and
    1,000 meetings of 15 minutes to 4 hours in 25 rooms (no optional conflict possible) hardest first
    ended at 69,232 and 91,968, a trivial shortest-first greedy at 34,203 and 51,290, and neither
    the light search nor the polish recovered the difference in 10 s. Costs are the board's: every
    term but room stability, exactly (a pairwise term counted once, when the later of a pair goes)."""
    order = sorted(
        range(prep.n),
        key=lambda i: (prep.length[i], -len(prep.problem.sessions[i].required), len(prep.starts[i])),
    )
    other, _, board = _one_pass(prep, terms, order, {}, until)  # cut at ``until``: rarely cheaper, never late
    return other if other is not None and board.spent < spent else placed


def _one_pass(
    prep: Prepared,
    terms: tuple[Term, ...],
    order: list[int],
    prefer: Mapping[int, tuple[int, str]],
    deadline: float | None = None,
    first_fit: bool = False,
    cut: bool = False,
    cut_at: float | None = None,
) -> tuple[tuple[list[int], list[str]] | None, int, Board]:
    """One greedy pass in ``order``: the timetable, or ``None`` and the first session left out (with
    the board as that session found it). Each session goes to its cheapest place until ``deadline``
    passes or the call is stopped (heard every :data:`HEAR_EVERY` sessions: one pass over 2,000
    meetings takes 6-7 s of CPU), or when the sessions left would not find their first free places
    by then (:data:`HURRIED_SECONDS` each), then, and throughout with ``first_fit``, to its first free place
    (:meth:`~scheduler.meetings.board.Board.first_place`): the work done is kept and the pass still
    ends with every session placed when they fit (before, a pass past its deadline was thrown away,
    and the first one was never cut: 2,000 meetings at ``--time-limit 5`` spent 6.7 s of CPU in it).
    With ``cut`` the pass gives up there instead (``None`` and the session it was at), and, hurried or
    not, at ``cut_at``; a hurried pass whose pace (since hurried, and over its last :data:`HEAR_EVERY`
    sessions, the faster; :data:`PACE_SLACK`) would not end by then takes each session's first free
    place alone, not the best of :data:`HURRIED_TRIES`,
    until the pace allows them again (a loaded machine: the pass then may still end in time, where
    the estimate per session, :data:`HURRIED_SECONDS`, was measured unloaded)."""
    board = Board(prep, terms)
    order = board.order.sorted(order)  # linked meetings: each after the ones it follows
    deferred: list[int] = []  # sessions whose preferred place is not free: placed after the rest kept theirs
    hurried = first_fit
    watch = _Cut(math.inf if cut_at is None else cut_at, prep.n)
    due: list[int] = []  # same-day followers of the session just placed: placed next (see the module text)

    def sequence() -> Iterator[tuple[int, bool]]:
        yield from ((i, True) for i in prefer)
        # a preferred part's followers that keep no preferred place: before the rest take their day
        yield from ((j, False) for i in prefer if board.start[i] is not None for j in board.order.due(i, board.start))
        yield from ((i, False) for i in board.order.sorted(deferred))  # a deferred chain in link order
        yield from ((i, False) for i in order if i not in prefer)

    def following() -> Iterator[tuple[int, bool]]:
        for item in sequence():
            while due:
                yield due.pop(0), False
            if item[1] or board.start[item[0]] is None:  # one placed already, with the part it follows: done
                yield item
        while due:
            yield due.pop(0), False

    for k, (i, preferred) in enumerate(following(), 1):
        if k % HEAR_EVERY == 0 and not watch.look(k, hurried and not first_fit):
            return None, i, board
        if (cut or not hurried) and k % HEAR_EVERY == 0:
            finish = 0.0 if cut else HURRIED_SECONDS * max(0, prep.n - k)  # the hurried rest, within ``deadline``
            late = (deadline is not None and time.perf_counter() + finish > deadline) or stopped()
            if late and cut:
                return None, i, board
            hurried = hurried or late
        if preferred:
            s, name = prefer[i]
            if board.keeps(i, s, name):
                board.place(i, s, name)
                if not board.linked or board.followers_fit(i):
                    continue
                board.place(i, s, name, -1)  # its same-day followers have no place that day: it moves too
            deferred.append(i)
            continue
        while True:  # until a place where its same-day followers fit too (each failed day banned)
            if hurried:
                best = board.first_place(i, 1 if first_fit else watch.tries)
            else:  # one session's starts may be a year of minutes: the clock is heard within them too
                best = board.cheapest(i, deadline, HURRIED_TRIES)
                hurried = deadline is not None and time.perf_counter() > deadline
            if best is None:
                board.banned.pop(i, None)  # a repair weighs its days afresh, its followers' places with them
                return None, i, board
            cost, s, name = best
            board.place(i, s, name)
            if not board.linked or board.followers_fit(i):
                break
            board.place(i, s, name, -1)
            board.ban(i, s)
        board.spent = (board.spent[0] + cost[0], board.spent[1] + cost[1])
        if board.linked:
            due.extend(board.order.due(i, board.start))
    return board.timetable(), -1, board
