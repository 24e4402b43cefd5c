"""A first timetable in a fraction of a second: each session, hardest first, at its cheapest place.

Used as the solver's hint, and as the answer when the solver finds none in time (so the user always
gets a timetable when this finds one). Sessions are taken by most required participant-steps (the
hardest to fit), then fewest allowed starts, then longest; each goes where the weighted objective
grows least (medium before soft), among starts where its required participants are free (gap
included) and a room of an eligible class is free (changeover included). When a session finds no
place it goes first and the pass starts again ("squeaky wheel"). Counts per clock step are kept with
prefix sums, so a candidate start costs one subtraction per participant, not one per step.

Sessions with a *preferred* place (a start and a room: replanning's published timetable) go first,
in the order given, each at that place when it keeps the rules there; those whose place is not
free then go first among the rest (so a displaced meeting never takes a place another keeps).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from itertools import accumulate

from scheduler.meetings.engine import stopped
from scheduler.meetings.prepared import Prepared
from scheduler.meetings.terms import Term


class _Counts:
    """A count per clock step, with its prefix sums rebuilt only when read after a change."""

    __slots__ = ("_prefix", "values")

    def __init__(self, size: int) -> None:
        self.values = [0] * size
        self._prefix: list[int] | None = None

    def add(self, first: int, last: int, amount: int = 1) -> None:
        values = self.values
        for t in range(first, last):
            values[t] += amount
        self._prefix = None

    def window(self, first: int, last: int) -> int:
        """The sum over steps [first, last) (the arrays are padded: no index leaves them)."""
        prefix = self._prefix
        if prefix is None:
            prefix = self._prefix = [0, *accumulate(self.values)]
        return prefix[last] - prefix[first]


def greedy(
    prep: Prepared,
    terms: tuple[Term, ...],
    rounds: int = 30,
    deadline: float | None = None,
    prefer: Mapping[int, tuple[int, str]] | None = None,
) -> tuple[list[int], list[str]] | None:
    """Starts (clock steps) and rooms of every session, or ``None`` when none was found.

    A session that finds no place goes to the front of the order and the greedy starts again, at
    most ``rounds`` times, not past ``deadline`` (``time.perf_counter()``) and not once the call is
    stopped (:func:`scheduler.meetings.engine.stopped`). ``prefer``: session ->
    (start, room) it takes first when the rules allow (see the module text).
    """
    prefer = prefer or {}
    order = list(prefer) + sorted(
        (i for i in range(prep.n) if i not in prefer),
        key=lambda i: (-len(prep.problem.sessions[i].required) * prep.length[i], len(prep.starts[i]), -prep.length[i]),
    )
    for _ in range(rounds):
        placed, failed = _one_pass(prep, terms, order, prefer)
        if placed is not None:
            return placed
        if (deadline is not None and time.perf_counter() > deadline) or stopped():
            return None
        order.remove(failed)
        order.insert(0, failed)
    return None


# Long: the greedy's inner loop over sessions, with its per-person and per-room arrays in locals on
# this hot path; split up, every piece would take and return all of them.
def _one_pass(
    prep: Prepared, terms: tuple[Term, ...], order: list[int], prefer: Mapping[int, tuple[int, str]]
) -> tuple[tuple[list[int], list[str]] | None, int]:
    """One greedy pass in ``order``: the timetable, or ``None`` and the first session left out."""
    weights = {t.name: (0 if t.level == "medium" else 1, t.weight) for t in terms}
    early, overlap = weights.get("early"), weights.get("overlap")
    touching, conflicts = weights.get("back-to-back"), weights.get("optional-conflicts")
    days = prep.problem.workdays
    # One spare day after the last: gaps and changeovers never index past the arrays (working
    # time never starts at midnight, so "start - gap" never goes below 0 either).
    size = (len(days.days) + 1) * days.per_day()
    names = {a.name for s in prep.problem.sessions for a in s.attendees}
    taken = {name: _Counts(size) for name in names}  # required participants' sessions
    anywhere = {name: _Counts(size) for name in names}  # all their sessions
    optional = {name: _Counts(size) for name in names}  # sessions they are optional in
    busy = {name: _Counts(size) for name in names}
    for name, steps in prep.busy.items():
        if name in busy:
            for t in steps:
                busy[name].add(t, t + 1)
    rooms = {r.name: _Counts(size) for r in prep.problem.rooms}
    running = _Counts(size)
    ends: dict[int, int] = {}
    begins: dict[int, int] = {}
    start: list[int] = [0] * prep.n
    room: list[str] = [""] * prep.n
    larger = _larger(prep)
    gap = prep.gap
    held: dict[str, list[tuple[int, int, int]]] = {r.name: [] for r in prep.problem.rooms}  # (start, end, session)
    deferred: list[int] = []  # sessions whose preferred place is not free: placed after the rest kept theirs

    def sequence() -> Iterator[tuple[int, bool]]:
        yield from ((i, True) for i in prefer)
        yield from ((i, False) for i in deferred)
        yield from ((i, False) for i in order if i not in prefer)

    for i, preferred in sequence():
        session = prep.problem.sessions[i]
        length = prep.length[i]
        required = session.required
        optional_names = session.optional
        best: tuple[tuple[int, int], int, str] | None = None
        if preferred:
            if not _keeps(prep, i, *prefer[i], taken, rooms, held):
                deferred.append(i)
                continue
            best = ((0, 0), *prefer[i])
        for s in prep.starts[i] if best is None else ():
            e = s + length
            if any(taken[name].window(s - gap, e + gap) for name in required):
                continue
            w = prep.working(s)
            cost = [0, 0]
            if early is not None:
                cost[early[0]] += early[1] * (w + length)
            if overlap is not None:
                cost[overlap[0]] += overlap[1] * running.window(s, e)
            if touching is not None:
                cost[touching[0]] += touching[1] * (ends.get(w, 0) + begins.get(w + length, 0))
            if conflicts is not None:
                value = sum(optional[name].window(s, e) for name in required) + sum(
                    anywhere[name].window(s, e) + busy[name].window(s, e) for name in optional_names
                )
                cost[conflicts[0]] += conflicts[1] * value
            if best is not None and (cost[0], cost[1]) >= best[0]:
                continue
            chosen = _free_room(prep, i, s, rooms, larger, held)
            if chosen is None:
                continue
            extra = larger[chosen] * weights.get("larger-rooms", (1, 0))[1]
            key = (cost[0], cost[1] + extra)
            if best is None or key < best[0]:
                best = (key, s, chosen)
        if best is None:
            return None, i
        _, s, chosen = best
        start[i], room[i] = s, chosen
        e = s + length
        changeover = prep.classes[prep.class_of_room[chosen]].changeover
        rooms[chosen].add(s, e + changeover)
        held[chosen].append((s, e, i))
        for a in session.attendees:
            anywhere[a.name].add(s, e)
            if a.required:
                taken[a.name].add(s, e)
            else:
                optional[a.name].add(s, e)
        running.add(s, e)
        w = prep.working(s)
        ends[w + length] = ends.get(w + length, 0) + 1
        begins[w] = begins.get(w, 0) + 1
    return (start, room), -1


def _larger(prep: Prepared) -> dict[str, int]:
    """Per room, the extra seats of every larger room (rooms of unlimited seats count as the largest)."""
    finite = [r.seats for r in prep.problem.rooms if r.seats is not None]
    top = max(finite, default=0)
    size = {r.name: top if r.seats is None else r.seats for r in prep.problem.rooms}
    return {name: sum(v - own for v in size.values() if v > own) for name, own in size.items()}


def _keeps(
    prep: Prepared,
    i: int,
    s: int,
    name: str,
    taken: dict[str, _Counts],
    rooms: dict[str, _Counts],
    held: dict[str, list[tuple[int, int, int]]],
) -> bool:
    """Whether session ``i`` may start at ``s`` in room ``name`` beside what is placed."""
    cls = prep.class_of_room.get(name)
    if cls is None or cls not in prep.eligible[i] or s not in prep.starts[i]:
        return False
    e = s + prep.length[i]
    if any(taken[p].window(s - prep.gap, e + prep.gap) for p in prep.problem.sessions[i].required):
        return False
    return _room_free(prep, i, s, name, rooms, held)


def _room_free(
    prep: Prepared,
    i: int,
    s: int,
    name: str,
    rooms: dict[str, _Counts],
    held: dict[str, list[tuple[int, int, int]]],
) -> bool:
    """Whether room ``name`` can take session ``i`` starting at ``s`` (changeover included; in a room
    holding several at once, only beside sessions it may share with)."""
    cls = prep.classes[prep.class_of_room[name]]
    length = prep.length[i]
    if cls.capacity == 1:
        return not rooms[name].window(s, s + length + cls.changeover)
    if any(rooms[name].values[t] >= cls.capacity for t in range(s, s + length + cls.changeover)):
        return False
    labels = prep.problem.sessions[i].share
    return not any(a < s + length and s < b and not labels & prep.problem.sessions[j].share for a, b, j in held[name])


def _free_room(
    prep: Prepared,
    i: int,
    s: int,
    rooms: dict[str, _Counts],
    larger: dict[str, int],
    held: dict[str, list[tuple[int, int, int]]],
) -> str | None:
    """The cheapest free room of an eligible class for session ``i`` starting at ``s`` (in a room
    holding several at once, only beside sessions it may share with)."""
    found = []
    for c in prep.eligible[i]:
        name = next((name for name in prep.classes[c].rooms if _room_free(prep, i, s, name, rooms, held)), None)
        if name is not None:
            found.append(name)
    return min(found, key=lambda name: larger[name]) if found else None
