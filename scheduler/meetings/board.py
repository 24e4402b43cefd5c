"""Sessions placed one at a time, with what each place would cost: the greedy's and the local search's board.

The board keeps, per clock step, counts of every participant's sessions (required, optional, any),
of their busy time, of each room's sessions (changeover included) and of all sessions running, with
prefix sums, so a candidate start costs one subtraction per participant, not one per step. The cost
of a place is what the weighted objective grows by when the session goes there beside the sessions
already placed: medium first, then soft. For pairwise terms (overlap, back-to-back, optional
conflicts) that is exactly the session's share of the total, so moving one session from its place
to a cheaper one lowers the total by the difference (room stability, counted by neither, is
measured by the caller).
"""

from __future__ import annotations

import time
from array import array
from bisect import bisect_left
from itertools import accumulate

from scheduler.meetings.nearness import apart, offset, published_starts
from scheduler.meetings.order import Order
from scheduler.meetings.prepared import Prepared
from scheduler.meetings.terms import Term, scopes

Cost = tuple[int, int]
"""(medium, soft) of one place."""


class Counts:
    """A count per clock step, with its prefix sums rebuilt only when read often enough after a change."""

    __slots__ = ("_from", "_next", "_prefix", "_reads", "values")

    def __init__(self, size: int) -> None:
        # 4 bytes a step, zeroed at once: a list of ``size`` was 8 a step, and a board at 2,000 meetings
        # (2,942 counts of 13,344 steps, 310 MB) took 0.33-0.47 s of CPU to lay out, 0.03-0.13 s so (mt2k18)
        self.values = array("i", bytes(4 * size))
        self._prefix: list[int] | None = None
        self._reads = 0
        self._next: dict[int, int] = {}
        """Skip pointers over steps with a count: step -> a later step, every one between counted (kept
        while counts only grow, as in a greedy pass; a removal drops them)."""
        self._from: dict[tuple[int, int, int], tuple[int, int]] = {}
        """Per window shape (steps before the start, width, number of starts), a span ``[low, high)``
        none of whose starts has a window free of counts (kept, and dropped, as ``_next``)."""

    def add(self, first: int, last: int, amount: int = 1) -> None:
        values = self.values
        for t in range(max(first, 0), min(last, len(values))):  # (cut at the arrays' ends: Board)
            values[t] += amount
        self._prefix = None
        self._reads = 0
        if amount < 0:
            self._next.clear()
            self._from.clear()

    def clear_from(self, s: int, before: int, width: int, starts: list[int]) -> int:
        """The first of ``starts`` (sorted) at or after ``s`` whose window ``[start - before, start -
        before + width)`` may be free of counts (``s`` when its window is free), or a step past them
        all: no start between holds a free window. What is learnt is kept per window shape and list of
        starts (a session length's working starts, the same for every session of that length), so the
        next session of that shape begins where this one found the run end: in a greedy pass, a room
        filled day after day is not crossed again day by day for each session."""
        shape = (before, width, len(starts))
        low, high = self._from.get(shape, (s, s))
        start = high if low <= s < high else s
        while True:
            after = self.free_after(start - before, start - before + width) + before
            if after <= start:
                break
            k = bisect_left(starts, after)
            start = starts[k] if k < len(starts) else after
            if k == len(starts):
                break
            if low <= start < high:  # into the span known blocked: past it at once
                start = high
        if s <= high and start >= low:  # no start of ``starts`` in [min(s, low), start) is free
            self._from[shape] = (min(s, low), start)
        return start

    def free_after(self, first: int, last: int) -> int:
        """The least ``u`` such that no window starting at or after ``first`` and before ``u`` is free of
        counts when it reaches ``last``: the last counted step of ``[first, last)``, then the end of the
        run of counted steps it is in (``first`` when the window is free). A window of the same length
        that starts before ``u`` holds a counted step; the blocked run is crossed in one look (with
        path compression), not start by start."""
        values = self.values
        t, low = min(last, len(values)), max(first, 0)  # (steps outside the arrays count nothing)
        while t > low:  # the last counted step, looked for a chunk at a time (a long gap's window is long)
            chunk = max(low, t - FREE_CHUNK)
            if any(values[chunk:t]):
                t -= 1
                while not values[t]:
                    t -= 1
                break
            t = chunk
        else:
            return first
        path, skip, size = [], self._next, len(values)
        while t < size and values[t]:
            path.append(t)
            t = skip.get(t, t + 1)
        for p in path:
            skip[p] = t
        return t

    def window(self, first: int, last: int) -> int:
        """The sum over steps [first, last) (the arrays are padded: no index leaves them). After a
        change, reads add the steps up until the steps added come to :data:`REBUILD_SHARE` of the
        horizon; only then are the prefix sums (a pass over every step of the horizon) rebuilt, so a
        count read a few times between changes never pays for a pass over the horizon, and one read
        hundreds of times (the cheapest place of a session) pays for it once."""
        first, last = max(first, 0), min(last, len(self.values))  # cut at the arrays' ends (Board)
        if last <= first:
            return 0
        prefix = self._prefix
        if prefix is None:
            if self._reads < len(self.values) * REBUILD_SHARE:
                self._reads += last - first
                return sum(self.values[first:last])
            prefix = self._prefix = [0, *accumulate(self.values)]
        return prefix[last] - prefix[first]


FREE_CHUNK = 64
"""Steps :meth:`Counts.free_after` looks at in one go, from the window's end back (a gap of a day at 1-minute
steps is 1,440 of them: looked at step by step before)."""
HEAR_STARTS = 4096
"""Starts weighed between two looks at the clock in :meth:`Board.cheapest` (a few milliseconds)."""
REBUILD_SHARE = 0.5
"""Steps a changed :class:`Counts` adds up, as a share of its horizon, before its prefix sums are
rebuilt. It was 16 reads whatever their length: on 300 days of 15-minute steps (40,000 steps) the
first free place of 1,000 one-hour meetings rebuilt a prefix of 40,000 for reads of 4 steps (3.9 s of
its 5.1 s); the first free place of 2,000 meetings rebuilt about 40,000 of them, most read once or
twice. Rebuilding once the reads have cost about as much as a rebuild is at most twice the cost of
the better choice made knowing the reads to come."""


class Lone(Counts):
    """The count of a person required in one session only: the steps it is placed at, not a list over
    the horizon. A relaxed problem (:mod:`scheduler.meetings.relaxed`) makes every required participant
    a stand-in of their own in each meeting: on 300 days of 15-minute steps 3,000 stand-ins held
    3,000 lists of 40,000 steps (1.13 GB) for counts that are never more than one session."""

    __slots__ = ("steps",)

    def __init__(self) -> None:
        super().__init__(0)
        self.steps: dict[int, int] = {}

    def add(self, first: int, last: int, amount: int = 1) -> None:
        steps = self.steps
        for t in range(first, last):
            value = steps.get(t, 0) + amount
            if value:
                steps[t] = value
            else:
                steps.pop(t, None)
        if amount < 0:
            self._from.clear()

    def window(self, first: int, last: int) -> int:
        steps = self.steps
        if last - first > len(steps):  # a long gap's window: the few steps held, not every step of it
            return sum(v for t, v in steps.items() if first <= t < last)
        return sum(steps.get(t, 0) for t in range(first, last)) if steps else 0

    def free_after(self, first: int, last: int) -> int:
        steps = self.steps
        inside = [t for t in steps if first <= t < last] if last - first > len(steps) else None
        if inside is not None:  # (as window: the steps held, not every step of a long gap's window)
            t = max(inside, default=first - 1)
        else:
            t = last - 1
            while t >= first and not steps.get(t):
                t -= 1
        if t < first:
            return first
        while steps.get(t):
            t += 1
        return t


class Board:
    """What is placed, and what placing one more session would cost (see the module text)."""

    def __init__(self, prep: Prepared, terms: tuple[Term, ...]) -> None:
        self.prep = prep
        self._terms(prep, terms)
        days = prep.problem.workdays
        # The clock axis runs over calendar days (a weekend between working days counts), plus one
        # spare day after the last. A gap or a changeover reaching past it, or back before midnight of
        # the first day, is cut at the arrays' ends (Counts): no meeting runs there, so nothing is lost
        # (QA qaembed23 F7: a gap longer than the night before the first meeting read steps from the
        # arrays' other end, a longer one indexed past them). Not padded: a gap of weeks on a year of
        # 1-minute steps would double every count's array.
        size = days.horizon + days.per_day()
        self._people(prep, size)
        self._rooms(prep, size)
        self.series: dict[str, list[int]] = {}
        """Sessions placed of each series (a series keeps one room)."""
        self.running = Counts(size)
        self.places = [cls.total for cls in prep.classes]
        self.in_class = [[0] * size for _ in prep.classes]
        """Per room class and clock step, the places taken (changeover included)."""
        self.full = [0] * size
        """Per clock step, the room classes all of whose places are taken then (a bit each): a session
        starting then has no room there, said without asking each room (the first free place of
        2,000 meetings asked 3.6 million rooms, 6 s)."""
        self.classes_of = [sum(1 << c for c in eligible) for eligible in prep.eligible]
        self.ends: dict[int, int] = {}
        self.begins: dict[int, int] = {}
        self.at: dict[str, dict[int, list[int]]] = {r.name: {} for r in prep.problem.rooms}
        """Per room and clock step, the sessions placed there running then (changeover not included):
        who a session would share a room with is read at its own steps, not found by scanning every
        session in the room (biglabel-2000u-4r as meetings: 345 million comparisons, 150 s)."""
        self.shares = [s.share for s in prep.problem.sessions]
        finite = [r.seats for r in prep.problem.rooms if r.seats is not None]
        top = max(finite, default=0)
        seats = {r.name: top if r.seats is None else r.seats for r in prep.problem.rooms}
        self.larger = {name: sum(v - own for v in seats.values() if v > own) for name, own in seats.items()}
        self.required = [s.required for s in prep.problem.sessions]  # each session's, worked out once
        self.start: list[int | None] = [None] * prep.n
        self.room: list[str | None] = [None] * prep.n
        self.spent: Cost = (0, 0)
        """What the places taken by :meth:`cheapest` cost together, kept by the greedy."""
        self._working: dict[int, list[int]] = {}
        self.order = Order(prep.problem)
        """The linked meetings (``meeting-order``): a place breaking a link with a placed session is no place."""
        self.linked = bool(self.order)
        """Whether the problem has links (else no place is asked about them: one look per candidate)."""
        self.per_day = days.per_day()
        self._unwished: dict[int, frozenset[int]] = {}
        self.banned: dict[int, set[int]] = {}
        """Per session, the days (``step // per_day``) it may no longer take: a day where, placed, its
        same-day followers found no place (:meth:`followers_fit`)."""

    def _terms(self, prep: Prepared, terms: tuple[Term, ...]) -> None:
        """The weights of the terms a place is priced by, and the people the per-person terms count."""
        weights = {t.name: (0 if t.level == "medium" else 1, t.weight) for t in terms}
        self.early, self.overlap = weights.get("early"), weights.get("overlap")
        self.touching, self.conflicts = weights.get("back-to-back"), weights.get("optional-conflicts")
        self.roomy = weights.get("larger-rooms", (1, 0))[1]
        self.days_weight, self.idle_weight = weights.get("participant-days"), weights.get("idle")
        only = scopes(terms)
        self.days_counted = set(dict(prep.counted(only.get("participant-days", ())))) if self.days_weight else set()
        self.idle_counted = set(dict(prep.counted(only.get("idle", ())))) if self.idle_weight else set()
        self.on_days: dict[str, dict[int, list[tuple[int, int]]]] = {
            name: {} for name in self.days_counted | self.idle_counted
        }
        """Per person a per-person term counts, their placed sessions' (start, end) by day."""
        self.wished = weights.get("preferred-time")
        self.displaced = weights.get("displacement")
        self.was = {i: offset(prep.problem, w) for i, w in published_starts(prep.problem).items()}

    def _rooms(self, prep: Prepared, size: int) -> None:
        """The rooms' counts: each room's sessions per step (changeover included) and, in rooms holding
        several at once, the sessions running (a session sharing with none needs the room empty while
        it runs, :meth:`_room_after`) and the chairs taken (where the room has a number of seats)."""
        rooms = prep.problem.rooms
        self.rooms = {r.name: Counts(size) for r in rooms}
        self.held = {r.name: Counts(size) for r in rooms if r.capacity > 1}
        self.chairs = {r.name: Counts(size) for r in rooms if r.capacity > 1 and r.seats is not None}
        self.single = sum(1 << c for c, cls in enumerate(prep.classes) if cls.capacity == 1)
        """The room classes holding one session at a time (a bit each)."""
        self._sized: dict[int, list[tuple[int, str]]] = {}
        self._sized_by: dict[tuple[int, ...], list[tuple[int, str]]] = {}
        self._asked: dict[int, list[str]] = {}
        self._no_room: dict[tuple[int, int, bool], tuple[int, int]] = {}
        """Per set of rooms, length and sharing, a span of starts known to have none of them free."""

    def _people(self, prep: Prepared, size: int) -> None:
        """The people's counts, only where they are read."""
        # Counts only where they are read: a person's required sessions for every required participant,
        # their optional and all sessions and busy time for those optional somewhere (optional
        # conflicts); 2,000 meetings made 7,072 counts of 3,264 steps for every new board before.
        sessions = prep.problem.sessions
        optional = {a.name for s in sessions for a in s.attendees if not a.required}
        self.taken = {  # required participants' sessions
            name: Counts(size) if len(found) > 1 else Lone() for name, found in prep.required_of.items()
        }
        self.anywhere = {name: Counts(size) for name in optional}  # all their sessions
        self.optional = {name: Counts(size) for name in optional}  # sessions they are optional in
        self.busy: dict[str, Counts] = {}
        for name, steps in prep.busy.items():
            if name in optional:
                self.busy[name] = Counts(size)
                for t in steps:
                    self.busy[name].add(t, t + 1)
        self.nothing = Counts(size)
        """Read for a count nobody keeps (never changed)."""

    def unlinked(self, i: int, s: int) -> bool:
        """Whether starting session ``i`` at ``s`` breaks the order of a link with a placed session, or
        is on a day banned to it (:meth:`ban`)."""
        banned = self.banned.get(i)
        if banned and s // self.per_day in banned:
            return True
        return not self.order.allows(i, s, self.prep.length, self.start)

    def followers_fit(self, i: int) -> bool:
        """Whether every session following placed session ``i`` the same day (a ``same_day`` link), not
        placed yet, still finds a place beside what is placed (its first free one,
        :meth:`first_place`): a hearing's morning part is placed only where its afternoon part fits."""
        return all(
            self.first_place(j) is not None
            for j, _, same_day in self.order.after.get(i, ())
            if same_day and self.start[j] is None
        )

    def ban(self, i: int, s: int) -> None:
        """Session ``i`` may no longer start on the day of step ``s`` (on this board)."""
        self.banned.setdefault(i, set()).add(s // self.per_day)

    def time_cost(self, i: int, s: int) -> Cost | None:
        """What starting session ``i`` at ``s`` costs beside the placed sessions (its room aside), or
        ``None`` when one of its required participants is busy then (gap included)."""
        prep = self.prep
        session = prep.problem.sessions[i]
        length = prep.length[i]
        e = s + length
        gap = prep.gap
        taken = self.taken
        if any(taken[name].window(s - gap, e + gap) for name in self.required[i]):
            return None
        if self.linked and self.unlinked(i, s):
            return None
        w = prep.working(s)
        cost = [0, 0]
        if self.early is not None:
            cost[self.early[0]] += self.early[1] * (w + length)
        if self.overlap is not None:
            cost[self.overlap[0]] += self.overlap[1] * self.running.window(s, e)
        if self.touching is not None:
            j = prep.joined(s)
            cost[self.touching[0]] += self.touching[1] * (self.ends.get(j, 0) + self.begins.get(j + length, 0))
        if self.conflicts is not None:
            nothing = self.nothing
            value = sum(self.optional.get(name, nothing).window(s, e) for name in self.required[i]) + sum(
                self.anywhere[name].window(s, e) + self.busy.get(name, nothing).window(s, e)
                for name in session.optional
            )
            cost[self.conflicts[0]] += self.conflicts[1] * value
        if self.on_days:
            self._per_person(i, s, e, cost)
        if self.wished is not None and s in self._unwished_of(i):
            cost[self.wished[0]] += self.wished[1]
        if self.displaced is not None and i in self.was:
            cost[self.displaced[0]] += self.displaced[1] * apart(prep.problem.workdays.grid, self.was[i], s)
        return cost[0], cost[1]

    def _unwished_of(self, i: int) -> frozenset[int]:
        """:meth:`Prepared.unwished` of session ``i``, looked up once per board: it is asked for every
        start weighed, and its cache's key (the wish, the length) cost more to hash than the test
        (2,000 meetings: 1.9 million look-ups, 10 s of a 24 s ``--time-limit 2``, qamscale18 F3)."""
        found = self._unwished.get(i)
        if found is None:
            found = self._unwished[i] = self.prep.unwished(i)
        return found

    def _per_person(self, i: int, s: int, e: int, cost: list[int]) -> None:
        """What ``participant-days`` and ``idle`` grow by with session ``i`` at ``[s, e)``: a day more for
        a person counted who has sessions placed, none that day; the idle steps its span adds (less
        the steps it fills inside the span, a negative cost)."""
        day = self.prep.problem.workdays.day_of(s)
        for name in self.required[i]:
            placed = self.on_days.get(name)
            if placed is None:
                continue
            here = placed.get(day)
            if self.days_weight is not None and not here and placed and name in self.days_counted:
                cost[self.days_weight[0]] += self.days_weight[1]
            if self.idle_weight is not None and here and name in self.idle_counted:
                lo, hi = min(a for a, _ in here), max(b for _, b in here)
                grown = max(hi, e) - min(lo, s) - (hi - lo) - (e - s)
                cost[self.idle_weight[0]] += self.idle_weight[1] * grown

    def keeps(self, i: int, s: int, name: str) -> bool:
        """Whether session ``i`` may start at ``s`` in room ``name`` beside what is placed."""
        prep = self.prep
        cls = prep.class_of_room.get(name)
        if cls is None or cls not in prep.eligible[i] or s not in prep.starts[i]:
            return False
        e = s + prep.length[i]
        if any(self.taken[p].window(s - prep.gap, e + prep.gap) for p in self.required[i]):
            return False
        if self.linked and self.unlinked(i, s):
            return False
        return self.room_free(i, s, name)

    def room_free(self, i: int, s: int, name: str) -> bool:
        """Whether room ``name`` can take session ``i`` starting at ``s`` (changeover included; in a room
        holding several at once, only beside sessions it may share with)."""
        prep = self.prep
        session = prep.problem.sessions[i]
        if session.series and any(self.room[j] != name for j in self.series.get(session.series, ()) if j != i):
            return False
        cls = prep.classes[prep.class_of_room[name]]
        length = prep.length[i]
        if cls.capacity == 1:
            return not self.rooms[name].window(s, s + length + cls.changeover)
        held = self.rooms[name].values
        if any(held[t] >= cls.capacity for t in range(s, min(s + length + cls.changeover, len(held)))):
            return False
        chairs, seats = self.chairs.get(name), cls.seats
        if (
            chairs is not None
            and seats is not None
            and any(chairs.values[t] + session.need > seats for t in range(s, s + length))
        ):
            return False
        labels, shares, at = session.share, self.shares, self.at[name]
        return all(labels & shares[j] for t in range(s, s + length) for j in at.get(t, ()))

    def in_room(self, name: str, first: int, last: int) -> set[int]:
        """The sessions placed in room ``name`` running at some step of ``[first, last)``."""
        at = self.at[name]
        return {j for t in range(first, last) for j in at.get(t, ())}

    def free_room(self, i: int, s: int) -> str | None:
        """The cheapest free room of an eligible class for session ``i`` starting at ``s``."""
        prep = self.prep
        series = prep.problem.sessions[i].series
        placed = [j for j in self.series.get(series, ()) if j != i] if series else []
        if placed:  # a sibling of its series holds a room: that room or none (no other room is free to it)
            name = self.room[placed[0]]
            ok = name is not None and prep.class_of_room[name] in prep.eligible[i] and self.room_free(i, s, name)
            return name if ok else None
        mask = self.classes_of[i]
        full = self.full[s] | self.full[s + prep.length[i] - 1]  # a class full at either end has no room
        if full & mask == mask:
            return None
        return next((name for c, name in self._by_cost(i) if not full >> c & 1 and self.room_free(i, s, name)), None)

    def _by_cost(self, i: int) -> list[tuple[int, str]]:
        """Session ``i``'s rooms (class, name) in the order :meth:`free_room` chooses among the free ones:
        fewest seats in larger rooms first (``larger-rooms``' cost), then its classes' order, then each
        class's own, so the first free room is the one chosen. Before (mt2k19), every class was asked
        for its first free room and the cheapest of these taken: 43 asks at each start of 2,000
        meetings, where the first free in this order is mostly among the first few."""
        found = self._sized.get(i)
        if found is None:
            prep = self.prep
            key = tuple(prep.eligible[i])
            found = self._sized_by.get(key)
            if found is None:
                rooms = [(c, name) for c in key for name in prep.classes[c].rooms]
                found = self._sized_by[key] = sorted(rooms, key=lambda room: self.larger[room[1]])  # stable
            self._sized[i] = found
        return found

    def cost(self, i: int, s: int, name: str) -> Cost | None:
        """What session ``i`` at ``s`` in room ``name`` costs beside the placed sessions."""
        found = self.time_cost(i, s)
        return None if found is None else (found[0], found[1] + self.larger[name] * self.roomy)

    def cheapest(self, i: int, until: float | None = None, tries: int = 1) -> tuple[Cost, int, str] | None:
        """Session ``i``'s cheapest place beside the placed sessions (``None``: nowhere). With ``until``
        (``time.perf_counter()``), the clock is heard every :data:`HEAR_STARTS` starts: past it, the
        cheapest place weighed so far is the answer, else the best of the first ``tries`` free ones
        (:meth:`first_place`).
        A year of 1-minute steps is 525,600 starts a session, about a second each to weigh."""
        best: tuple[Cost, int, str] | None = None
        for k, s in enumerate(self.prep.starts[i], 1):
            if until is not None and k % HEAR_STARTS == 0 and time.perf_counter() > until:
                return best if best is not None else self.first_place(i, tries)
            cost = self.time_cost(i, s)
            if cost is None or (best is not None and cost >= best[0]):
                continue
            chosen = self.free_room(i, s)
            if chosen is None:
                continue
            key = (cost[0], cost[1] + self.larger[chosen] * self.roomy)
            if best is None or key < best[0]:
                best = (key, s, chosen)
        return best

    def first_place(self, i: int, tries: int = 1) -> tuple[Cost, int, str] | None:
        """Session ``i``'s earliest place beside the placed sessions (``None``: nowhere) among the first
        ``tries`` free ones: the earliest costing nothing at the medium level, else the one costing
        least there. The greedy's way to finish a pass the clock cut short, and, with one try, the
        packing greedy's (with ``early`` its only term, the earliest place is the cheapest, as the
        starts are in order). A few costs are worked out, not one per start: the earliest free
        places of 2,000 meetings are found in about a second, where weighing every start took 6-7 s."""
        required = self.required[i]
        taken, gap, length = self.taken, self.prep.gap, self.prep.length[i]
        best: tuple[Cost, int, str] | None = None
        starts = self.prep.starts[i]
        shared = self.working_starts(length)
        k = 0
        while k < len(starts):
            s = starts[k]
            bound = max((taken[name].clear_from(s, gap, length + 2 * gap, shared) for name in required), default=s)
            if bound <= s:  # its required participants are free: is a room?
                bound = self._room_after(i, s)
            chosen = self.free_room(i, s) if bound <= s else None
            if chosen is None:  # no start before ``bound`` is free to them
                k = bisect_left(starts, bound, k + 1)
                continue
            k += 1
            if self.linked and self.unlinked(i, s):
                continue
            cost = self.cost(i, s, chosen)
            assert cost is not None  # its required participants are free then
            if best is None or cost[0] < best[0][0]:
                best = (cost, s, chosen)
            tries -= 1
            if tries <= 0 or best[0][0] == 0:
                break
        return best

    def _room_after(self, i: int, s: int) -> int:
        """A start before which session ``i`` finds no free room (``s``: one may be free at ``s``): the
        earliest end of a run of taken steps among its rooms; in a room holding several at once, of
        the steps it holds any session for a session that shares with none (it needs the room empty
        while it runs), else ``s`` (a session that may share is asked by :meth:`free_room` alone).
        Before (mt2k19), such a room always answered ``s``: listed first, as an office's 共用组 room
        is, it had 2,000 meetings ask all 43 rooms at 85,000 starts, 79,000 of them with none free.
        What is learnt is kept per set of rooms and length, as :meth:`Counts.clear_from` keeps it per
        room: a later session of that shape crosses the span known full in one look, not room by room
        (kept while sessions are only added, as in a greedy pass; a removal drops it)."""
        prep = self.prep
        series = prep.problem.sessions[i].series
        placed = [j for j in self.series.get(series, ()) if j != i] if series else []
        if placed:
            name = self.room[placed[0]]
            return self._rooms_clear(
                i, s, [name] if name is not None and prep.class_of_room[name] in prep.eligible[i] else []
            )
        alone = self.classes_of[i] & self.single
        if alone:  # a class of rooms holding one at a time not full at any step it would run: maybe free
            busy, full = 0, self.full
            for t in range(s, s + prep.length[i]):
                busy |= full[t]
            if busy & alone != alone:
                return s
        rooms = self._by_cost(i)
        key = (id(rooms), prep.length[i], bool(self.shares[i]))
        low, high = self._no_room.get(key, (s, s))
        if low <= s < high:  # known: no room of these free for a session this long from ``low`` to ``high``
            return high
        names = self._asked.get(id(rooms))
        if names is None:  # rooms holding several first: one that may be free answers at once
            single = self.single
            names = [name for c, name in rooms if not single >> c & 1] + [n for c, n in rooms if single >> c & 1]
            self._asked[id(rooms)] = names
        after = self._rooms_clear(i, s, names)
        if after > s and s <= high and after >= low:
            self._no_room[key] = (min(s, low), max(after, high))
        return after

    def _rooms_clear(self, i: int, s: int, names: list[str]) -> int:
        """:meth:`_room_after` over the rooms ``names``, each asked."""
        prep = self.prep
        length = prep.length[i]
        shared = self.working_starts(length)
        bound = None
        for name in names:
            cls = prep.classes[prep.class_of_room[name]]
            if cls.capacity == 1:
                after = self.rooms[name].clear_from(s, 0, length + cls.changeover, shared)
            else:
                held = self.held.get(name)
                if held is None or self.shares[i]:
                    return s
                after = held.clear_from(s, 0, length, shared)
            if after <= s:
                return s
            bound = after if bound is None else min(bound, after)
        return s + 1 if bound is None else bound

    def working_starts(self, length: int) -> list[int]:
        """Every step where a session of ``length`` steps may start as far as working hours go (the
        starts of each session of that length are among them)."""
        found = self._working.get(length)
        if found is None:
            found = self._working[length] = self.prep.problem.workdays.starts(length)
        return found

    def timetable(self) -> tuple[list[int], list[str]]:
        """Every session's start and room, once all are placed."""
        starts = [s for s in self.start if s is not None]
        rooms = [r for r in self.room if r is not None]
        if len(starts) < len(self.start) or len(rooms) < len(self.room):
            raise ValueError("a session is not placed")  # the caller's mistake, never a user's
        return starts, rooms

    def place(self, i: int, s: int, name: str, amount: int = 1) -> None:
        """Put session ``i`` at ``s`` in room ``name`` (``amount=-1``: take it away again)."""
        prep = self.prep
        session = prep.problem.sessions[i]
        length = prep.length[i]
        e = s + length
        cls = prep.class_of_room[name]
        changeover = prep.classes[cls].changeover
        self.rooms[name].add(s, e + changeover, amount)
        if amount < 0:
            self._no_room.clear()
        held = self.held.get(name)
        if held is not None:
            held.add(s, e, amount)
        load, places, full, bit = self.in_class[cls], self.places[cls], self.full, 1 << cls
        for t in range(s, min(e + changeover, len(load))):  # (a changeover past the arrays: cut, Counts)
            load[t] += amount
            if load[t] >= places:
                full[t] |= bit
            else:
                full[t] &= ~bit
        at = self.at[name]
        if amount > 0:
            for t in range(s, e):
                at.setdefault(t, []).append(i)
            self.start[i], self.room[i] = s, name
            if session.series:
                self.series.setdefault(session.series, []).append(i)
        else:
            for t in range(s, e):
                at[t].remove(i)
            self.start[i], self.room[i] = None, None
            if session.series:
                self.series[session.series].remove(i)
        if name in self.chairs:
            self.chairs[name].add(s, e, amount * session.need)
        day = prep.problem.workdays.day_of(s)
        for a in session.attendees:
            (self.taken if a.required else self.optional)[a.name].add(s, e, amount)
            on_days = self.on_days.get(a.name) if a.required else None
            if on_days is not None:
                if amount > 0:
                    on_days.setdefault(day, []).append((s, e))
                else:
                    on_days[day].remove((s, e))
                    if not on_days[day]:
                        del on_days[day]
            everywhere = self.anywhere.get(a.name)
            if everywhere is not None:
                everywhere.add(s, e, amount)
        self.running.add(s, e, amount)
        j = prep.joined(s)  # back to back: the axis with the days joined (a break counts)
        self.ends[j + length] = self.ends.get(j + length, 0) + amount
        self.begins[j] = self.begins.get(j, 0) + amount
