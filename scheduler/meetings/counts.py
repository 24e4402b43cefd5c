"""No timetable, shown by counting and arithmetic alone, before any greedy, model or search.

Asked first by ``solve_meetings`` and ``explain_meetings`` alike, so both say the same. Two kinds:

* :func:`counted`: even the rules that always hold leave no timetable, and no rule instance is to
  blame: a meeting longer than every working period, or the meetings' total length beyond the
  rooms' working time.
* :func:`clash`: rule instances that cannot hold together, proven by arithmetic: pinned meetings
  that clash (:mod:`scheduler.meetings.pins`); a meeting left no start (its window, its required
  people's busy time, its pin) or no room (its seats, its wishes, its pin's room); a participant
  required at meetings longer in all (with the gap after each, when there is one) than the working
  time their windows, pins and busy times leave them; meetings longer in all than the working time
  of the only rooms they may use; linked meetings whose order leaves one of them no start
  (:func:`scheduler.meetings.order.order_clash`). A clash is proven, not minimal: the caller asks whether each of
  its instances is needed (:func:`scheduler.meetings.relaxed.each_needed`, then the model).

Before, the count per participant was missing: one person required at 17 half-hour meetings in an
8-hour day searched out the time limit and said "try a longer --time-limit" (2.9 s of 5), and a
30-meeting day of 1,030 minutes for one person in 1,000 listed 41 unproven lines that left the
person out; a meeting left no start was said minimal whether or not the rest had a timetable.
Rules are named through their objects (one rule, one place).
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as clock_time
from itertools import pairwise

from scheduler.conflicts.conflict import Conflict
from scheduler.domain import Room
from scheduler.domain.meetings import MeetingProblem, Workdays
from scheduler.domain.periods import period_minutes
from scheduler.meetings.order import order_clash
from scheduler.meetings.pins import pin_clash
from scheduler.meetings.prepared import Prepared
from scheduler.rules.meetings.gap import RULE as GAP
from scheduler.rules.meetings.no_double_booking import RULE as NO_DOUBLE_BOOKING
from scheduler.rules.meetings.series_room import RULE as SERIES_ROOM
from scheduler.rules.unavailable import RULE as UNAVAILABLE
from scheduler.rules.values import Instance
from scheduler.text.messages import Message, duration
from scheduler.text.times import format_span, format_time

Ranges = list[tuple[int, int]]  # disjoint, sorted (first step, end step) on the clock axis
Kept = frozenset[Instance] | None  # the instances held (None: every one)
MOST_SPANS = 6  # the most clock spans a count names (a month of mornings is not a line)
MOST_COVERS = 64  # distinct sets of steps (or rooms) per count tried as a subset; more: only the whole
MOST_SHRUNK = 40  # instances a count is shrunk over one at a time; more: kept all


@dataclass(frozen=True)
class Clash:
    """Rule instances that cannot hold together, proven by arithmetic; ``count`` says how, when a count
    shows it (told before the instances)."""

    instances: tuple[Instance, ...]
    count: Message | None = None


def counted(prep: Prepared) -> Conflict | None:
    """No timetable, shown by counting alone (no rule instance to blame): a meeting longer than every
    working period, or the meetings' total length beyond the rooms' working time. Before, 41 one-hour
    meetings in one room with 40 working hours searched out the time limit and said only that none
    was found in time."""
    why = too_long(prep.problem) or _room_time(prep)
    if why is not None:
        return Conflict(prep.problem, (), too_many=True, shortfall=why)
    return None


def clash(prep: Prepared, until: float | None = None) -> Clash | None:
    """The first clash arithmetic finds (see the module text), or ``None``. The counts per participant
    and per set of rooms, those that grow with the table, stop at ``until`` (``time.perf_counter()``):
    a clash not found then is left to the search, which the time limit bounds anyway. The steps each
    meeting may cover are worked out once for both counts, and each is compared with another set of
    them once per distinct pair, not once per meeting (QA qashapes20 F1: 3,000 meetings counted for
    16 s at load 8, past ``until``, and then again by ``explain``)."""
    pinned = pin_clash(prep)
    if pinned is not None:
        return Clash(tuple(pinned))
    starts = _Starts(prep)
    found = _no_place(prep) or _series_room(prep) or _person_time(prep, until, starts)
    return found or _rooms_time(prep, until, starts) or _linked(prep)


def _linked(prep: Prepared) -> Clash | None:
    """Links that cannot hold with their meetings' possible starts (:func:`scheduler.meetings.order.order_clash`)."""
    found = order_clash(prep)
    return Clash(found) if found is not None else None


def no_room(prep: Prepared) -> Message:
    """Why the meetings do not fit the rooms' working time, with no rule instance to blame."""
    problem = prep.problem
    counts = dict(meetings=len(problem.sessions), rooms=len(problem.rooms))
    return _room_time(prep) or Message("infeasible.meetings_no_fit", **counts)


# -- the rules that always hold ------------------------------------------------------------------


def too_long(problem: MeetingProblem) -> Message | None:
    """A meeting longer than every working period fits nowhere, whatever the other rules say (said with
    the way out: its parts, linked; ``validate`` says it too, under a hand-placed one's violation).

    Only a meeting whose length really is longer: a meeting left no start by its people's busy
    time or its window is not one, and is left to :func:`clash`. Before, a 90-minute meeting whose
    required person was away every working day was said to be longer than the 240-minute period."""
    longest = max(period_minutes(b) - period_minutes(a) for a, b in problem.workdays.periods)
    for s in problem.sessions:
        if s.minutes > longest:
            return Message("infeasible.meeting_too_long", title=s.title, minutes=s.minutes, longest=longest)
    return None


def _room_time(prep: Prepared) -> Message | None:
    """The meetings' total length against the rooms' working time (each room's capacity counted as
    that many rooms), when it is more."""
    problem = prep.problem
    days = problem.workdays
    needed = sum(s.minutes for s in problem.sessions)
    first, last = _dated_span(problem)
    lo = 0 if first is None else _steps_to(days, first, up=True)
    hi = days.horizon if last is None else _steps_to(days, last, up=False)
    steps = max(0, bisect_left(days.steps, hi) - bisect_left(days.steps, lo))
    available = sum(r.capacity for r in problem.rooms) * steps * days.grid
    if needed <= available:
        return None
    counts = dict(meetings=len(problem.sessions), rooms=len(problem.rooms))
    if first is None and last is None:
        return Message("infeasible.room_time", needed=duration(needed), available=duration(available), **counts)
    # a window of another year than the campaign's says its year (QA qaembed23 F5: "from Jan 1 9:00" of 2026)
    since = format_time(first or days.moment(days.steps[0]), days.years)
    until = format_time(last or days.moment(days.steps[-1] + 1), days.years)
    return Message(
        "infeasible.room_time_left",
        needed=duration(needed),
        available=duration(available),
        since=since,
        until=until,
        **counts,
    )


def _dated_span(problem: MeetingProblem) -> tuple[datetime | None, datetime | None]:
    """The earliest moment a meeting may start and the latest one may end, when every meeting's window has a
    dated bound there ("not before now" when the days straddle now): the rooms' time outside is no use
    to any meeting. Before, the count offered the past hours too: 2,000 meetings of an hour in one room,
    with 480 working hours left after now, searched 22 s (3 GB) and said only that none was found."""
    firsts: list[datetime] = []
    lasts: list[datetime] = []
    for s in problem.sessions:
        w = s.window
        dated = [b for b in (w.not_before, w.since) if isinstance(b, datetime)]
        if dated:
            firsts.append(max(dated))
        if isinstance(w.not_after, datetime):
            lasts.append(w.not_after)
    n = len(problem.sessions)
    return (min(firsts) if n and len(firsts) == n else None), (max(lasts) if n and len(lasts) == n else None)


def _steps_to(days: Workdays, moment: datetime, up: bool) -> int:
    """The clock step at ``moment``, rounded up (a first start) or down (a last end)."""
    minutes = (moment - days.moment(0)).total_seconds() / 60
    return int(-(-minutes // days.grid) if up else minutes // days.grid)


# -- a meeting left no start or no room ----------------------------------------------------------


def _no_place(prep: Prepared) -> Clash | None:
    """A meeting every working-hours start (or every room) of which some rule instance forbids: those
    instances, fewest by deletion (without any one of them the meeting has a start, or a room)."""
    problem = prep.problem
    starts, rooms = prep.forbidden_starts, prep.forbidden_rooms
    candidates: dict[int, list[int]] = {}
    for i in range(prep.n):
        if not prep.explaining and prep.starts[i] and prep.eligible[i]:
            continue  # its starts and rooms are those no instance forbids
        length = prep.length[i]
        if length not in candidates:
            candidates[length] = problem.workdays.starts(length)
        if candidates[length] and not starts.allowed(i):  # its sets, not start by start
            return Clash(_cover([starts[(i, t)] for t in candidates[length]]))
        if all((i, r.name) in rooms for r in problem.rooms):
            return Clash(_cover([rooms[(i, r.name)] for r in problem.rooms]))
    return None


def _series_room(prep: Prepared) -> Clash | None:
    """A series whose meetings have no room in common that each may use: the series' one-room rule
    and the instances forbidding each room to one of its meetings (fewest by deletion). Before, only
    the model could find it: at 400 meetings ``explain`` listed 660 time windows and never the series."""
    problem = prep.problem
    members: dict[str, list[int]] = {}
    for i, s in enumerate(problem.sessions):
        if s.series:
            members.setdefault(s.series, []).append(i)
    forbidden = prep.forbidden_rooms
    steps = len(problem.workdays.steps)
    for series, sessions in members.items():
        if len(sessions) < 2:
            continue
        needed = sum(prep.length[i] for i in sessions)
        # a room too small in time for the whole series counts as blocked by the series' rule alone
        short = [room for room in problem.rooms if needed > room.capacity * steps]
        blocked = [
            tuple(dict.fromkeys(inst for i in sessions for inst in forbidden.get((i, room.name), ())))
            for room in problem.rooms
            if room not in short
        ]
        if all(blocked):
            count = _series_count(prep, series, sessions, short, needed) if short else None
            return Clash((Instance(SERIES_ROOM.name, series), *_cover(blocked)), count)
    return None


def _series_count(prep: Prepared, series: str, sessions: list[int], short: list[Room], needed: int) -> Message:
    """A series longer than the working time of each room in ``short`` (QA explain19 F3), in one sentence."""
    grid = prep.problem.workdays.grid
    most = max(room.capacity for room in short) * len(prep.problem.workdays.steps)
    return Message(
        "count.series_room",
        series=series,
        meetings=len(sessions),
        needed=duration(needed * grid),
        available=duration(most * grid),
        rooms=[room.name for room in short],
    )


def _cover(blocked: list[tuple[Instance, ...]]) -> tuple[Instance, ...]:
    """Instances that between them block every option, fewest by deletion (those blocking most kept)."""
    sets = [set(b) for b in blocked]
    seen = dict.fromkeys(inst for b in blocked for inst in b)  # first met first
    chosen = sorted(seen, key=lambda inst: -sum(inst in b for b in sets))
    for inst in list(chosen):
        rest = set(chosen) - {inst}
        if all(b & rest for b in sets):
            chosen.remove(inst)
    return tuple(chosen)


# -- a participant's time ------------------------------------------------------------------------


def _person_time(prep: Prepared, until: float | None = None, starts: _Starts | None = None) -> Clash | None:
    """A participant required at meetings that need more time than is left them: see :func:`_person_short`
    (not past ``until``; ``starts``: the covers already worked out, shared with the rooms' count)."""
    starts = starts or _Starts(prep)
    for who, sessions in prep.problem.required_of.items():
        if len(sessions) < 2:
            continue
        if _past(until):
            return None
        for gap in dict.fromkeys((0, prep.gap)):
            found = _person_short(starts, who, sessions, gap)
            if found is not None:
                return found
    return None


def _past(until: float | None) -> bool:
    return until is not None and time.perf_counter() > until


def _person_short(starts: _Starts, who: str, sessions: Sequence[int], gap: int) -> Clash | None:
    """``who``'s meetings (all of them, or those that can only be held within the time another of them
    can) against the working time their starts leave: each meeting, and each stretch of that time,
    lengthened by the ``gap`` after it (in steps). Lengthened so, one person's meetings never overlap
    (no-double-booking and the gap), so more length than time means no timetable. The instances
    named: the participant's no-double-booking (and gap), and the fewest of those that forbid starts
    (busy times, windows, pins) for which the count still fails."""
    prep = starts.prep
    base = (Instance(NO_DOUBLE_BOOKING.name, who), *((Instance(GAP.name, who),) if gap else ()))

    def short(kept: Kept) -> tuple[list[int], int, int] | None:
        return _short(starts, sessions, gap, kept)

    if short(None) is None:
        return None
    units = prep.problem.members()
    own = frozenset(Instance(UNAVAILABLE.name, source) for source in (who, units.get(who, "")) if source)
    kept = _fewest(short, starts.blocking(sessions), own)
    found = short(kept)
    assert found is not None
    chosen, needed, available = found
    grid = prep.problem.workdays.grid
    values: dict[str, object] = dict(
        who=who, needed=duration(needed * grid), available=duration(available * grid), gap=gap * grid
    )
    if len(chosen) == len(sessions):
        key, values["count"] = "count.person", len(chosen)
    else:
        key, values["titles"] = "count.person_some", [prep.problem.sessions[i].title for i in chosen]
    said = Message(key + ("_gap" if gap else ""), **values)
    cover = _merged(r for i in chosen for r in starts.cover(i, kept))
    if _measure(cover, 0) < len(prep.problem.workdays.steps):  # less than the day: say when (QA explain19 F2)
        said = Message("count.held_only", said=said, spans=_spans(prep.problem.workdays, cover))
    return Clash((*base, *sorted(kept, key=str)), said)


def _spans(days: Workdays, ranges: Ranges, most: int = MOST_SPANS) -> list[str]:
    """``ranges`` of steps as clock spans (split where the steps are not back to back: a break, a
    night), at most ``most`` of them, then an ellipsis."""
    out: list[str] = []
    grid = timedelta(minutes=days.grid)
    for a, b in ranges:
        first = days.moment(a)
        for t in range(a + 1, b + 1):
            end = days.moment(t - 1) + grid
            if t == b or days.moment(t) != end:
                if len(out) == most:
                    return [*out, "…"]
                out.append(format_span(first, end))
                if t < b:
                    first = days.moment(t)
    return out


def _short(starts: _Starts, sessions: Sequence[int], gap: int, kept: Kept) -> tuple[list[int], int, int] | None:
    """(the sessions, their length with the gap after each, the time they may be held in with the gap
    after each stretch) for the first set of ``sessions`` that is longer than its time, or ``None``.
    Sessions covering the same steps are taken together: one comparison per distinct pair of covers."""
    ids = {i: starts.cover_id(i, kept) for i in sessions}
    need: dict[int, int] = {}  # per cover, the sessions' length with the gap after each
    for i in sessions:
        need[ids[i]] = need.get(ids[i], 0) + starts.prep.length[i] + gap
    total = sum(need.values())
    available = _bits(starts.union(need), gap)
    if total > available:
        return list(sessions), total, available
    if len(need) > MOST_COVERS:
        return None
    for cover in need:
        inside = {c for c in need if starts.within(c, cover)}
        needed = sum(need[c] for c in inside)
        available = _bits(starts.mask(cover), gap)
        if needed > available:
            return [i for i in sessions if ids[i] in inside], needed, available
    return None


class _Starts:
    """Each session's working-hours starts and the steps it may cover while some instances hold
    (those while every instance holds computed once). Covers are kept once each, by number
    (:meth:`cover_id`), so sessions covering the same steps are compared with another cover once."""

    def __init__(self, prep: Prepared) -> None:
        self.prep = prep
        self._covers: dict[int, int] = {}  # session: its cover's number, every instance holding
        self._numbers: dict[tuple[tuple[int, int], ...], int] = {}
        self._ranges: list[Ranges] = []
        self._by_starts: dict[tuple[int, tuple[int, ...]], int] = {}  # (length, starts): the cover's number
        self._masks: list[int] = []  # each cover's steps as bits

    def cover_id(self, i: int, kept: Kept) -> int:
        """The number of the steps session ``i`` may cover, starting where no instance of ``kept`` forbids."""
        if kept is None and i in self._covers:
            return self._covers[i]
        prep = self.prep
        allowed = prep.forbidden_starts.allowed(i, kept)  # set by set, not start by start
        key = (prep.length[i], tuple(allowed))  # sessions restricted alike: one cover (hashed, not walked)
        number = self._by_starts.get(key)
        if number is None:
            number = self._by_starts[key] = self._number(_ranges(allowed, prep.length[i]))
        if kept is None:
            self._covers[i] = number
        return number

    def cover(self, i: int, kept: Kept) -> Ranges:
        """The steps session ``i`` may cover, starting where no instance of ``kept`` forbids."""
        return self._ranges[self.cover_id(i, kept)]

    def ranges(self, number: int) -> Ranges:
        return self._ranges[number]

    def mask(self, number: int) -> int:
        """The steps of cover ``number`` as the bits of one integer (bit ``t``: step ``t``)."""
        return self._masks[number]

    def union(self, numbers: Iterable[int]) -> int:
        """The steps of any of the covers ``numbers``, as :meth:`mask`."""
        found = 0
        for number in numbers:
            found |= self._masks[number]
        return found

    def within(self, inner: int, outer: int) -> bool:
        """Whether cover ``inner`` lies inside cover ``outer``: its steps are among the other's (a
        stretch of steps among them lies inside one stretch, since stretches are kept apart)."""
        return not self._masks[inner] & ~self._masks[outer]

    def _number(self, ranges: Ranges) -> int:
        key = tuple(ranges)
        number = self._numbers.get(key)
        if number is None:
            number = self._numbers[key] = len(self._ranges)
            self._ranges.append(ranges)
            self._masks.append(sum(((1 << (b - a)) - 1) << a for a, b in ranges))
        return number

    def blocking(self, sessions: Sequence[int]) -> frozenset[Instance]:
        """Every instance forbidding some start of ``sessions``."""
        forbidden = self.prep.forbidden_starts
        return frozenset(inst for i in sessions for inst in forbidden.instances(i))


def _blocked(reasons: tuple[Instance, ...], kept: Kept) -> bool:
    return bool(reasons) and (kept is None or any(r in kept for r in reasons))


def _fewest(
    fails: Callable[[Kept], object | None], every: frozenset[Instance], first: frozenset[Instance]
) -> frozenset[Instance]:
    """The fewest instances (of ``every``) for which ``fails`` still does: none, or those of ``first``
    (shrunk), or all (shrunk one by one when they are few)."""
    if fails(frozenset()) is not None:
        return frozenset()
    start = first & every if fails(first & every) is not None else every
    if len(start) > MOST_SHRUNK:
        return start
    kept = set(start)
    for inst in sorted(start, key=str):
        if fails(frozenset(kept - {inst})) is not None:
            kept.discard(inst)
    return frozenset(kept)


def _ranges(starts: Sequence[int], length: int) -> Ranges:
    """The steps sessions of ``length`` starting at any of ``starts`` (sorted) may cover: a stretch
    ends where the next start is past the last one's end."""
    if not starts:
        return []
    out: Ranges = []
    first = starts[0]
    for before, t in pairwise(starts):
        if t > before + length:
            out.append((first, before + length))
            first = t
    out.append((first, starts[-1] + length))
    return out


def _merged(ranges: Iterable[tuple[int, int]]) -> Ranges:
    out: Ranges = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _measure(ranges: Ranges, gap: int) -> int:
    """Steps in ``ranges``, each stretch followed by ``gap`` more (where they overlap, counted once)."""
    return sum(b - a for a, b in _merged((a, b + gap) for a, b in ranges))


def _bits(mask: int, gap: int) -> int:
    """Steps in ``mask`` (bit ``t``: step ``t``), each stretch followed by ``gap`` more (where they
    overlap, counted once), as :func:`_measure` counts ranges."""
    grown, done = mask, 0  # each stretch grown by ``done`` steps; doubled each time: log2(gap) shifts
    while done < gap:
        step = min(done + 1, gap - done)
        grown |= grown << step
        done += step
    return grown.bit_count()


# -- the rooms' time -----------------------------------------------------------------------------


def _rooms_time(prep: Prepared, until: float | None = None, starts: _Starts | None = None) -> Clash | None:
    """Meetings that may be held only in some of the rooms (their seats, wishes, a pin's room), longer in
    all than those rooms' working time (each room's capacity counted as that many rooms). The
    instances named: the fewest of those keeping them out of the other rooms for which the count
    still fails (those keeping them out of the rooms alone first: a window is named only when the
    count needs it). Not past ``until``; ``starts``: the covers already worked out."""
    problem = prep.problem
    names = frozenset(r.name for r in problem.rooms)
    out: dict[int, dict[str, tuple[Instance, ...]]] = {}  # the rooms forbidden each session, and why
    for (i, room), why in prep.forbidden_rooms.items():
        out.setdefault(i, {})[room] = why
    always = {i: _rooms_of(names, out, i, None) for i in out}  # while every instance holds
    every = list(dict.fromkeys(always.values()))
    if len(every) > MOST_COVERS:
        return None
    starts = starts or _Starts(prep)
    for rooms in every:
        if _past(until):
            return None

        def short(kept: Kept, rooms: frozenset[str] = rooms) -> tuple[list[int], int, int] | None:
            return _rooms_short(starts, names, out, rooms, kept, always)

        if not rooms or short(None) is None:  # no room at all: a meeting left no place
            continue
        blocking = frozenset(
            inst for found in out.values() for room, why in found.items() if room not in rooms for inst in why
        )
        held = [i for i in out if always[i] <= rooms]
        kept = _fewest(short, blocking | starts.blocking(held), blocking)
        found = short(kept)
        assert found is not None
        chosen, needed, available = found
        grid = problem.workdays.grid
        whole = available == sum(r.capacity for r in problem.rooms if r.name in rooms) * len(problem.workdays.steps)
        count = Message(
            "count.rooms" if whole else "count.rooms_when",
            meetings=len(chosen),
            titles=[problem.sessions[i].title for i in chosen],
            rooms=sorted(rooms),
            needed=duration(needed * grid),
            available=duration(available * grid),
        )
        return Clash(tuple(sorted(kept, key=str)), count)
    return None


def _rooms_of(
    names: frozenset[str], out: dict[int, dict[str, tuple[Instance, ...]]], i: int, kept: Kept
) -> frozenset[str]:
    """The rooms session ``i`` may be held in while ``kept`` holds (``out``: the rooms forbidden it, and why)."""
    return names - {room for room, why in out.get(i, {}).items() if _blocked(why, kept)}


def _rooms_short(
    starts: _Starts,
    names: frozenset[str],
    out: dict[int, dict[str, tuple[Instance, ...]]],
    rooms: frozenset[str],
    kept: Kept,
    always: dict[int, frozenset[str]],
) -> tuple[list[int], int, int] | None:
    """(the sessions held only in ``rooms``, or those of them held only within the time another of them
    can be, their length, the rooms' time there), in steps, when longer: each session counted in the
    steps its starts may cover (:meth:`_Starts.cover`, as a person's are: a 4-hour meeting only in the
    4-hour mornings), each room's capacity as that many rooms. Sessions covering the same steps are
    taken together, as a person's are (:func:`_short`); ``always``: each session's rooms while every
    instance holds."""
    prep = starts.prep
    held = [i for i in out if (always[i] if kept is None else _rooms_of(names, out, i, kept)) <= rooms]
    if not held:
        return None
    capacity = sum(r.capacity for r in prep.problem.rooms if r.name in rooms)
    ids = {i: starts.cover_id(i, kept) for i in held}
    need: dict[int, int] = {}
    for i in held:
        need[ids[i]] = need.get(ids[i], 0) + prep.length[i]
    available = capacity * _bits(starts.union(need), 0)
    if sum(need.values()) > available:
        return sorted(held), sum(need.values()), available
    if len(need) > MOST_COVERS:
        return None
    for cover in need:
        inside = {c for c in need if starts.within(c, cover)}
        needed = sum(need[c] for c in inside)
        available = capacity * _bits(starts.mask(cover), 0)
        if needed > available:
            return sorted(i for i in held if ids[i] in inside), needed, available
    return None


def _minutes(moment: clock_time) -> int:
    return moment.hour * 60 + moment.minute
