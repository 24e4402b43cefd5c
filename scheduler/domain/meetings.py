"""Meeting problems: meetings of any length with their participants, rooms with seats, working hours.

The general problem behind the unit tables (docs/meetings.md): a **session** is one meeting to
place (a title, a length on the grid, required and optional participants, room wishes, a time
window); a participant is a **person** or a **unit**; the **workdays** are days with working
periods on a grid. Everything here is a small frozen dataclass that checks itself when built, so a
malformed problem never reaches the solver. (The unit table's :class:`scheduler.domain.Meeting` is a
timetable row; a placed session is a :class:`Placement`.)

Time inside the solver is counted in grid steps on two axes: the **clock axis** (steps since
midnight of the first day, calendar days, so nights, breaks and days off between the days, such
as a weekend, are real gaps) and the **working axis** (steps of working time only, running on
across breaks and days: what "as soon as possible" counts).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import Any, TypedDict, Unpack

from scheduler.domain import CLOSED as CLOSED
from scheduler.domain import Room, _day, _naive, check_fields, check_timezone, fold_label, repeated
from scheduler.domain.clock import Fault, changes_on, clock_fault, clock_message
from scheduler.domain.frozen import FrozenSetField, shown_as_collections
from scheduler.domain.periods import check_periods, period_minutes
from scheduler.errors import ProblemError, UnknownName, need, need_local, need_tuple, need_whole, wrong
from scheduler.text.messages import Message
from scheduler.text.times import exact_clock, format_clock, format_day


@dataclass(frozen=True)
class Person:
    """Someone who can be invited; ``unit`` is the unit they belong to (may be empty)."""

    name: str
    unit: str = ""
    email: str = ""

    def __post_init__(self) -> None:
        _kinds(self, _PERSON)
        if not self.name or self.name != self.name.strip():
            raise ProblemError(Message("meetings.name", name=self.name))
        _no_control("Person.name", self.name)


@dataclass(frozen=True)
class Attendee:
    """A participant of one session: a person's or a unit's name, required or optional."""

    name: str
    required: bool = True

    def __post_init__(self) -> None:
        _kinds(self, _ATTENDEE)


PARTS = {"上午": "morning", "morning": "morning", "下午": "afternoon", "afternoon": "afternoon"}
"""The parts of a day a session's window may name (the 时段 column's words and their English), and
the word kept for each."""


@dataclass(frozen=True)
class Window:
    """When a session may lie: ``part`` is ``"morning"`` (or ``"上午"``), ``"afternoon"`` (or ``"下午"``)
    or ``""`` (any), kept as the English word (:data:`PARTS`); ``not_before`` and ``not_after`` bound
    its start and its end, as a time of day (every day) or a date and time, local (without a time zone,
    as every time of the domain: an aware one is refused, naming the field). ``since`` is a second
    earliest start, a date and time, that holds with a ``not_before`` of the time of day (the problem as
    of a moment, :mod:`scheduler.meetings.as_of`): both hold, so the later of the two on each day."""

    part: str = ""
    not_before: time | datetime | None = None
    not_after: time | datetime | None = None
    since: datetime | None = None

    def __post_init__(self) -> None:
        need("Window.part", self.part, str, ProblemError)
        if self.part and self.part.lower() not in PARTS:
            raise ProblemError(Message("meetings.part", part=self.part))
        object.__setattr__(self, "part", PARTS.get(self.part.lower(), ""))
        for name in ("not_before", "not_after"):  # local, as every time of the domain: an aware one never equals a slot
            bound = getattr(self, name)
            if bound is not None and (not isinstance(bound, time | datetime) or bound.tzinfo is not None):
                raise wrong(f"Window.{name}", bound, Message("kind.window_bound"), ProblemError)
        need_local("Window.since", self.since, optional=True, error=ProblemError)
        first, last = self.not_before, self.not_after
        # Bounds of one kind compare; a time bound and a dated one may both hold on some day.
        if first is not None and last is not None and type(first) is type(last) and first >= last:  # type: ignore[operator]
            raise ProblemError(Message("meetings.window_order", first=first, last=last))

    @property
    def bounded(self) -> bool:
        """Whether the window holds anything back (a part of day or a bound)."""
        return bool(self.part) or any(b is not None for b in (self.not_before, self.not_after, self.since))


@shown_as_collections
@dataclass(frozen=True)
class Session:
    """One meeting to place.

    ``minutes`` is its length (a multiple of the grid); ``seats`` the chairs it needs (``None``: one
    per participant); ``rooms`` the rooms it may use (empty: any) and ``avoid`` those it may not;
    ``series`` a label shared by sessions held in one room; ``share`` labels of sessions allowed to
    share a room that holds several meetings at once (kept folded by width and case, as units' labels
    are compared). ``prefer`` the times it should preferably lie in, any one of them (empty: no wish):
    a wish, never a rule (the ``preferred-time`` objective term counts the sessions outside it).
    ``rooms``, ``avoid`` and ``share`` take any collection of names (a set, a list, a
    tuple) and are kept, and read, as a ``frozenset`` (:mod:`scheduler.domain.frozen`).
    """

    title: str
    minutes: int
    attendees: tuple[Attendee, ...]
    seats: int | None = None
    # a descriptor, not a shared default: each object keeps its own set (scheduler.domain.frozen)
    rooms: FrozenSetField[str] = FrozenSetField()  # noqa: RUF009
    avoid: FrozenSetField[str] = FrozenSetField()  # noqa: RUF009
    window: Window = Window()
    series: str = ""
    share: FrozenSetField[str] = FrozenSetField()  # noqa: RUF009
    note: str = ""
    prefer: tuple[Window, ...] = ()
    prefer_text: str = ""
    """``prefer`` as the table writes it (``周三上午``), for telling the wish in its own words; empty: said
    from the windows."""

    def __post_init__(self) -> None:
        _kinds(self, _SESSION)
        need_tuple("Session.prefer", self.prefer, Window)
        if type(self.minutes) is not int:  # a bool is an int, but no length
            need_whole("Session.minutes", self.minutes, 1, error=ProblemError, kind_only=True)
        if self.seats is not None and type(self.seats) is not int:
            need_whole("Session.seats", self.seats, 1, optional=True, error=ProblemError, kind_only=True)
        need_tuple("Session.attendees", self.attendees, Attendee)
        if not self.title or self.title != self.title.strip():
            raise ProblemError(Message("meetings.title", title=self.title))
        _no_control("Session.title", self.title)
        if self.minutes <= 0:
            raise ProblemError(Message("meetings.minutes", title=self.title, minutes=self.minutes))
        if not self.attendees:
            raise ProblemError(Message("meetings.no_attendees", title=self.title))
        names = [a.name for a in self.attendees]
        if len(set(names)) != len(names):
            twice = sorted({n for n in names if names.count(n) > 1})
            raise ProblemError(Message("meetings.attendee_twice", title=self.title, name=twice[0]))
        if self.seats is not None and self.seats < 1:
            raise ProblemError(Message("meetings.seats", title=self.title))
        object.__setattr__(self, "rooms", _name_set("Session.rooms", self.rooms))
        object.__setattr__(self, "avoid", _name_set("Session.avoid", self.avoid))
        # compared folded, as units' parallel-group labels are (Ｆ, F and f are one label)
        share = _name_set("Session.share", self.share)
        object.__setattr__(self, "share", frozenset(fold_label(label) for label in share) - {""})

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.attendees if a.required)

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.attendees if not a.required)

    @property
    def need(self) -> int:
        """Chairs needed: ``seats``, or one per participant."""
        return self.seats if self.seats is not None else len(self.attendees)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters no title or name holds (a tab and line breaks aside: a cell typed with Alt+Enter):
RFC 5545 TEXT excludes them, so an invite's SUMMARY or ATTENDEE would carry them raw (QA qaembed23 F10)."""


def _no_control(field_name: str, text: str) -> None:
    """Refuse (:class:`ProblemError`, naming the field and the character) a control character in ``text``."""
    found = _CONTROL.search(text)
    if found is not None:
        shown = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
        raise ProblemError(
            Message("meetings.control", field=field_name, text=shown, code=f"U+{ord(found.group()):04X}")
        )


def _name_set(name: str, value: object) -> frozenset[str]:
    """A session's set of names (rooms, labels) as kept: any collection of them, frozen; one str is
    refused (it would be taken letter by letter)."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise wrong(name, value, Message("kind.name_set"), ProblemError)
    names = value if type(value) is frozenset else frozenset(value)
    if names and not set(map(type, names)) <= {str}:  # one look at the kinds (str subclasses: the slow way)
        odd = next((n for n in names if not isinstance(n, str)), None)
        if odd is not None:
            raise wrong(name, odd, Message("kind.name_set"), ProblemError)
    return names


@dataclass(frozen=True)
class Workdays:
    """Days, working periods per day (start, end) and the grid in minutes."""

    days: tuple[date, ...]
    periods: tuple[tuple[time, time], ...]
    grid: int = 15
    timezone: str = "Asia/Shanghai"
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _work: Mapping[int, int] = field(init=False, repr=False, compare=False)
    _joined: Mapping[int, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        need_tuple("Workdays.days", self.days, date, expected=Message("kind.day"), fits=_day)
        need_tuple("Workdays.periods", self.periods, tuple, expected=Message("kind.periods"), fits=_period)
        need_whole("Workdays.grid", self.grid, 1, error=ProblemError, kind_only=True)
        if not self.days or not self.periods:
            raise ProblemError(Message("problem.empty_calendar"))
        if list(self.days) != sorted(set(self.days)):
            raise ProblemError(Message("problem.unsorted_calendar"))
        refused = grid_refusal(self.grid)
        if refused is not None:
            raise ProblemError(refused)
        check_timezone("Workdays.timezone", self.timezone)
        check_periods(self.periods, self.grid)  # each bad period said as itself
        # Every working step on the clock axis, in order; its number on the working axis. A step the
        # clock skips or repeats (daylight saving, scheduler.domain.clock) is no working time.
        steps: list[int] = []
        per_day = 24 * 60 // self.grid
        first = self.days[0]
        for day in self.days:
            base = (day - first).days * per_day
            changes = changes_on(day, self.timezone)
            for start, end in self.periods:
                span = range(base + _minutes(start) // self.grid, base + _minutes(end) // self.grid)
                steps.extend(s for s in span if not changes or self.clock_fault(self.moment(s), self.grid) is None)
        object.__setattr__(self, "_starts", tuple(steps))
        object.__setattr__(self, "_work", {step: i for i, step in enumerate(steps)})
        # Days joined end to start: within a day clock steps (breaks count), no night between days.
        opens, closes = _minutes(self.periods[0][0]) // self.grid, _minutes(self.periods[-1][1]) // self.grid
        joined = {step: step // per_day * (closes - opens) + step % per_day - opens for step in steps}
        object.__setattr__(self, "_joined", joined)

    @property
    def steps(self) -> tuple[int, ...]:
        """Working steps on the clock axis (steps since midnight of the first day)."""
        return self._starts

    def working(self, step: int) -> int | None:
        """A clock step's number on the working axis, or ``None`` outside working time."""
        return self._work.get(step)

    def joined(self, step: int) -> int | None:
        """A working clock step's position with the days joined end to start, or ``None`` outside working
        time: within a day it is clock time (a break counts its length), between days the night counts
        nothing (a day's last working step is followed by the next day's first), as on the grains of
        Timefold's quickstart, which has no breaks. Without breaks it is the working axis."""
        return self._joined.get(step)

    def per_day(self) -> int:
        return 24 * 60 // self.grid

    @property
    def years(self) -> frozenset[int]:
        """The years of its days (a day of another year is written with its year: :func:`format_day`)."""
        return frozenset(d.year for d in self.days)

    def refuses(self, start: datetime, minutes: int) -> Message | None:
        """Why a meeting of ``minutes`` cannot be held from ``start`` whatever else happens (not a
        meeting day, off the grid, in a break or outside working hours, running past its working
        period), or ``None``. The one check of a pin's time: :class:`MeetingProblem` refuses a pin
        it names, and the readers of rules files and of ``--pin`` say it at the file's line."""
        if start.date() not in self.days:
            days = [format_day(d) for d in self.days]
            return Message("mfile.pin_day", day=format_day(start.date()), days=days)
        clock = exact_clock(start)  # with its seconds, if they are what is off
        if self.step(start) is None:
            return Message("mtime.off_grid", time=clock, grid=self.grid)
        fault = self.clock_fault(start, minutes)
        if fault is not None:
            return clock_message(fault, start, minutes, self.timezone)
        return self.outside(start, minutes)

    def outside(self, start: datetime, minutes: int) -> Message | None:
        """Which way ``minutes`` from ``start`` (on a meeting day) leave the working periods, or ``None``
        when they lie inside one: before the day's first period, after its last, starting inside a break,
        running into a break, running past the day's end. The one rule, said by pins, ``--pin`` and the
        checker alike, each case with the times at fault (``12:30 在午休时间（12:00-13:00）内``)."""
        a, b = _minutes(start.time()), _minutes(start.time()) + minutes
        clock, end = _clock(start.time()), _clock((start + timedelta(minutes=minutes)).time())
        periods = self.periods
        if a < _minutes(periods[0][0]):
            return Message("hours.before", time=clock, first=_clock(periods[0][0]))
        if a >= _minutes(periods[-1][1]):
            return Message("hours.after", time=clock, last=_clock(periods[-1][1]))
        for index, (opens, closes) in enumerate(periods):
            following = periods[index + 1][0] if index + 1 < len(periods) else None
            if _minutes(opens) <= a < _minutes(closes):
                if b <= _minutes(closes):
                    return None
                if following is None:
                    return Message("hours.past_end", minutes=minutes, time=clock, end=end, last=_clock(closes))
                gap = f"{_clock(closes)}-{_clock(following)}"
                return Message("hours.into_break", minutes=minutes, time=clock, end=end, gap=gap)
            if following is not None and _minutes(closes) <= a < _minutes(following):
                return Message("hours.in_break", time=clock, gap=f"{_clock(closes)}-{_clock(following)}")
        return None

    def clock_fault(self, start: datetime, minutes: int) -> Fault | None:
        """Whether the zone's clock skips or repeats part of ``minutes`` from ``start`` (daylight
        saving: :func:`scheduler.domain.clock.clock_fault`), which makes it no meeting's time."""
        return clock_fault(start, minutes, self.timezone)

    @property
    def horizon(self) -> int:
        """Clock steps from midnight of the first day to midnight after the last: calendar days, so
        days between the working days (a weekend, a holiday) count too, as the clock axis does."""
        return ((self.days[-1] - self.days[0]).days + 1) * self.per_day()

    def moment(self, step: int) -> datetime:
        """The date and time a clock step starts."""
        return datetime.combine(self.days[0], time()) + timedelta(minutes=step * self.grid)

    def step(self, moment: datetime) -> int | None:
        """The clock step starting at ``moment``, if it is on the grid (working or not)."""
        delta = moment - datetime.combine(self.days[0], time())
        minutes = delta.total_seconds() / 60
        if minutes < 0 or minutes % self.grid:
            return None
        return int(minutes // self.grid)

    def span(self, start: datetime, end: datetime) -> range:
        """The clock steps a span of time touches (a step partly inside counts whole), within the
        calendar's days: a busy time on a day outside them touches nothing."""
        first = self.step(_floor(start, self.grid)) or 0
        last = self.step(_ceil(end, self.grid))
        horizon = self.horizon
        return range(min(first, horizon), min(last, horizon) if last is not None else first)

    def starts(self, length: int) -> list[int]:
        """Clock steps where a session of ``length`` steps may start: inside one working period. Worked
        out per run of working steps, not per step (a year of 1-minute steps is 525,600 of them, and
        the solver and the checks ask once per length, again and again)."""
        found = self._starts_by_length.get(length)
        if found is None:
            found = self._starts_by_length[length] = [
                s for first, end in self._runs if end - first >= length for s in range(first, end - length + 1)
            ]
        return list(found)

    def runs(self) -> list[tuple[int, int]]:
        """The working periods: runs ``(first, end)`` of consecutive working clock steps within one day,
        in order (a session never crosses from one to another)."""
        return list(self._runs)

    @cached_property
    def _runs(self) -> list[tuple[int, int]]:
        """The working steps as runs (first, end) of consecutive steps within one day."""
        runs: list[tuple[int, int]] = []
        per_day = self.per_day()
        first = previous = -2
        for step in self._starts:
            if step != previous + 1 or step // per_day != previous // per_day:
                if previous >= 0:
                    runs.append((first, previous + 1))
                first = step
            previous = step
        if previous >= 0:
            runs.append((first, previous + 1))
        return runs

    @cached_property
    def _starts_by_length(self) -> dict[int, list[int]]:
        return {}

    def day_of(self, step: int) -> int:
        """A clock step's calendar day, counted from the first day (days off included)."""
        return step // self.per_day()

    def minute_of_day(self, step: int) -> int:
        return step % self.per_day() * self.grid


def _period(value: tuple[Any, ...]) -> bool:
    """A (start, end) pair of naive times of day."""
    return len(value) == 2 and all(isinstance(t, time) and _naive(t) for t in value)


def _kinds(owner: object, fields: tuple[tuple[str, type | tuple[type, ...]], ...]) -> None:
    """Refuse (:class:`ProblemError`) a field that is not of its kind, naming it (``Session.title
    must be a str, not None``): one ``isinstance`` a field, the message made only for a refusal (a
    problem of 2,000 meetings with 40,000 busy spans builds them all)."""
    for name, kind in fields:
        value = getattr(owner, name)
        if not isinstance(value, kind):
            need(f"{type(owner).__name__}.{name}", value, kind, ProblemError)


_PERSON = (("name", str), ("unit", str), ("email", str))
_ATTENDEE = (("name", str), ("required", bool))
_SESSION = (("title", str), ("series", str), ("note", str), ("window", Window), ("prefer_text", str))
_BUSY = (("who", str), ("start", datetime), ("end", datetime), ("meeting", str))
"""Each class's fields and their kinds, for :func:`_kinds` (read when an object is built)."""


def grid_refusal(grid: int) -> Message | None:
    """Why ``grid`` minutes cannot be a calendar's grid (not more than 0, or not dividing a day), or
    ``None``: the one check, for :class:`Workdays` and the rules' ``grid_minutes``."""
    if grid <= 0:
        return Message("meetings.grid_positive", grid=grid)
    if 24 * 60 % grid:
        return Message("meetings.grid", grid=grid)
    return None


def _clock(t: time) -> str:
    return format_clock(t)


def _minutes(t: time) -> int:
    return period_minutes(t)


def _floor(moment: datetime, grid: int) -> datetime:
    minutes = moment.hour * 60 + moment.minute
    return moment.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(minutes=minutes - minutes % grid)


def _ceil(moment: datetime, grid: int) -> datetime:
    minutes = moment.hour * 60 + moment.minute + (1 if moment.second or moment.microsecond else 0)
    return moment.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(minutes=-(-minutes // grid) * grid)


@dataclass(frozen=True)
class Busy:
    """A person or unit (``who``) cannot attend during [start, end), local times (naive: in the
    workdays' zone); ``who`` :data:`CLOSED` (``*``): nobody can (the office is closed). ``meeting``: a
    decline of that one meeting (docs/replies.md, "A meeting table"): the time binds only that meeting,
    and only where ``who`` is required in it, never their other meetings nor a unit's members; empty:
    ``who`` is busy for every meeting. A field of the wrong kind, or an aware time, is refused naming it."""

    who: str
    start: datetime
    end: datetime
    meeting: str = ""

    def __post_init__(self) -> None:
        _kinds(self, _BUSY)
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            need_local("Busy.start", self.start, error=ProblemError)
            need_local("Busy.end", self.end, error=ProblemError)
        if self.end <= self.start:
            raise ProblemError(Message("meetings.busy_span", who=self.who))


@dataclass(frozen=True)
class Placement:
    """Where and when a session is held (either may be missing in a hand-made table): ``start`` a
    local time (naive: in the workdays' zone), ``room`` a room's name. A field of the wrong kind (a
    str start, an aware time, a number for a room) is refused with :class:`ProblemError` naming it."""

    title: str
    start: datetime | None
    room: str | None = None

    def __post_init__(self) -> None:
        start, room = self.start, self.room
        # one test of the usual placement, as Meeting's (a plan of 2,000 meetings builds them all)
        if (
            type(self.title) is not str
            or (start is not None and (type(start) is not datetime or start.tzinfo is not None))
            or (room is not None and type(room) is not str)
        ):
            need("Placement.title", self.title, str, ProblemError)
            need_local("Placement.start", start, optional=True, error=ProblemError)
            if room is not None:
                need("Placement.room", room, str, ProblemError)


@dataclass(frozen=True)
class MeetingMove:
    """A meeting whose time or room changed on replanning: ``before`` is its published placement
    (``None`` for an added meeting), ``after`` its new one."""

    title: str
    before: Placement | None
    after: Placement

    @property
    def minutes(self) -> int | None:
        """Minutes from the old start to the new one (negative: earlier; 0: a change of room alone), or
        ``None`` for a meeting added: how far it went, as the list of moves says it (``晚 2 小时``)."""
        if self.before is None or self.before.start is None or self.after.start is None:
            return None
        return int((self.after.start - self.before.start).total_seconds() // 60)


@dataclass(frozen=True)
class Plan:
    """A timetable of sessions: one placement per session (hand-made ones may be wrong)."""

    placements: tuple[Placement, ...]

    def __post_init__(self) -> None:
        need_tuple("Plan.placements", self.placements, Placement)

    def by_title(self) -> dict[str, Placement]:
        out: dict[str, Placement] = {}
        for p in self.placements:
            out.setdefault(p.title, p)
        return out


@dataclass(frozen=True)
class Pin:
    """A session fixed at ``start`` (and in ``room``, when given). ``begun``, when given, is the moment
    (naive, local) by which this meeting of the published timetable had started: it stays because it has
    begun, not because anyone pinned it (told by the rule ``started``, not ``pinned``)."""

    title: str
    start: datetime
    room: str | None = None
    begun: datetime | None = None

    def __post_init__(self) -> None:
        start, room, begun = self.start, self.room, self.begun
        # one test of the usual pin; each field said as itself, as the unit Pin's and Placement's are
        if (
            type(self.title) is not str
            or type(start) is not datetime
            or start.tzinfo is not None
            or (room is not None and type(room) is not str)
            or (begun is not None and (type(begun) is not datetime or begun.tzinfo is not None))
        ):
            need("Pin.title", self.title, str, ProblemError)
            need_local("Pin.start", start, error=ProblemError)
            if room is not None:
                need("Pin.room", room, str, ProblemError)
            need_local("Pin.begun", begun, optional=True, error=ProblemError)


def pinned_twice(first: Pin, second: Pin) -> Message:
    """Why ``second`` cannot join ``first``, a pin of the same meeting: both places named. The one
    refusal of :class:`MeetingProblem` and the rules reader's ``[[pins]]`` (said at the second's line)."""
    return Message("meetings.pin_twice", title=first.title, first=_pin_place(first), second=_pin_place(second))


def _pin_place(pin: Pin) -> Message | datetime:
    return pin.start if pin.room is None else Message("meetings.pin_place", time=pin.start, room=pin.room)


@dataclass(frozen=True)
class Link:
    """Meeting ``then`` starts only after meeting ``first`` has ended: at least ``gap`` minutes after
    its end (0: right after it), and on the same day when ``same_day``."""

    first: str
    then: str
    gap: int = 0
    same_day: bool = False

    def __post_init__(self) -> None:
        need("Link.first", self.first, str, ProblemError)
        need("Link.then", self.then, str, ProblemError)
        need_whole("Link.gap", self.gap, 0, error=ProblemError, kind_only=True)
        need("Link.same_day", self.same_day, bool, ProblemError)
        if self.gap < 0:
            raise ProblemError(Message("meetings.link_gap", first=self.first, then=self.then))
        if self.first == self.then:
            raise ProblemError(Message("meetings.link_self", title=self.first))


def link_cycle(links: Iterable[Link]) -> list[str] | None:
    """A cycle of ``links`` (meeting titles, the first repeated at the end: 甲, 乙, 甲), or ``None``:
    meetings that must each follow the other can never be placed."""
    after: dict[str, list[str]] = defaultdict(list)
    for link in links:
        after[link.first].append(link.then)
    state: dict[str, int] = {}  # 1: on the path being followed, 2: done
    for root in list(after):
        if root in state:
            continue
        path, stack = [root], [iter(after[root])]
        state[root] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(after.get(nxt, ())))
    return None


class MeetingProblemChanges(TypedDict, total=False):
    """The fields :meth:`MeetingProblem.replace` may change, with their types (``mypy --strict`` checks a
    call's keywords against them; tests/test_meetings_api.py keeps them the fields of :class:`MeetingProblem`)."""

    sessions: tuple[Session, ...]
    workdays: Workdays
    rooms: tuple[Room, ...]
    people: tuple[Person, ...]
    units: tuple[str, ...]
    busy: tuple[Busy, ...]
    gap: int
    pins: tuple[Pin, ...]
    reference: Plan | None
    title: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class MeetingProblem:
    """Everything the solver and the checker need for a meeting problem.

    ``gap`` is the minimum minutes between one required participant's consecutive sessions on a
    day; ``reference`` the timetable already published (the ``moves`` term counts changes to it).
    """

    sessions: tuple[Session, ...]
    workdays: Workdays
    rooms: tuple[Room, ...]
    people: tuple[Person, ...] = ()
    units: tuple[str, ...] = ()
    busy: tuple[Busy, ...] = ()
    gap: int = 0
    pins: tuple[Pin, ...] = ()
    reference: Plan | None = None
    title: str = ""
    links: tuple[Link, ...] = ()
    _by_title: Mapping[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        kinds = (("sessions", Session), ("rooms", Room), ("people", Person), ("busy", Busy), ("pins", Pin))
        for name, kind in (*kinds, ("links", Link)):
            need_tuple(f"MeetingProblem.{name}", getattr(self, name), kind)
        need_tuple("MeetingProblem.units", self.units, str)
        need("MeetingProblem.workdays", self.workdays, Workdays, ProblemError)
        need_whole("MeetingProblem.gap", self.gap, 0, error=ProblemError, kind_only=True)
        if self.reference is not None:
            need("MeetingProblem.reference", self.reference, Plan, ProblemError)
        need("MeetingProblem.title", self.title, str, ProblemError)
        by_title: dict[str, int] = {}
        for i, s in enumerate(self.sessions):
            if s.title in by_title:
                raise ProblemError(Message("meetings.duplicate", title=s.title))
            by_title[s.title] = i
        object.__setattr__(self, "_by_title", by_title)
        known = self._check_names()
        room_names = {r.name for r in self.rooms}
        for p in self.people:
            if p.unit and p.unit not in self.units:
                raise ProblemError(Message("meetings.unknown_unit", name=p.name, unit=p.unit))
        for s in self.sessions:
            if s.minutes % self.workdays.grid:
                raise ProblemError(Message("meetings.off_grid", title=s.title, grid=self.workdays.grid))
            for a in s.attendees:
                if a.name not in known:
                    raise ProblemError(Message("meetings.unknown_attendee", title=s.title, name=a.name))
            for r in s.rooms | s.avoid:
                if r not in room_names:
                    raise ProblemError(Message("meetings.unknown_room", title=s.title, room=r))
        for b in self.busy:
            if b.who not in known and b.who != CLOSED:
                raise ProblemError(Message("meetings.unknown_busy", name=b.who))
            if b.meeting and b.meeting not in self._by_title:
                raise ProblemError(Message("meetings.unknown_session", title=b.meeting))
        if self.gap < 0:
            raise ProblemError(Message("meetings.gap"))
        pinned: dict[str, Pin] = {}
        for pin in self.pins:
            if pin.title not in by_title:
                raise ProblemError(Message("meetings.unknown_session", title=pin.title))
            if pin.title in pinned:
                raise ProblemError(pinned_twice(pinned[pin.title], pin))
            pinned[pin.title] = pin
            why = self.workdays.refuses(pin.start, self.sessions[by_title[pin.title]].minutes)
            if why is not None:
                raise ProblemError(Message("meetings.bad_pin", title=pin.title, reason=why))
            if pin.room is not None and pin.room not in room_names:
                raise ProblemError(Message("meetings.pin_room", title=pin.title, room=pin.room))
        self._check_links(by_title)

    def _check_names(self) -> set[str]:
        """Rooms, people and units each named once, rooms' names as an invite's LOCATION can take them, an
        entry of the people list named like a unit the unit's own; the names a meeting may call on."""
        if not self.rooms:
            raise ProblemError(Message("problem.no_rooms"))
        for room in self.rooms:  # as a person's name: an empty one would be an empty LOCATION of an invite
            if not room.name or room.name != room.name.strip():
                raise ProblemError(Message("meetings.room_name", room=room.name))
        # each repeated name said (QA qaembed23 F4: "a name repeats" among 1,000 people gave none to look for)
        twice = repeated([r.name for r in self.rooms])
        if twice is not None:
            raise ProblemError(Message("problem.duplicate_room", room=twice[1]))
        twice = repeated([p.name for p in self.people])
        if twice is not None:
            raise ProblemError(Message("meetings.person_twice", name=twice[1]))
        twice = repeated(self.units)
        if twice is not None:
            raise ProblemError(Message("meetings.unit_twice", unit=twice[1]))
        people = {p.name for p in self.people}
        # An entry of the people list named like a unit is that unit's own (its address, its busy time: the
        # people sheet's row of 区发改委 in examples/people_2025.csv), as docs/meetings.md decides ("People
        # and units"); it cannot also belong to another unit (QA qaembed23 F3).
        units = set(self.units)
        odd = next((p for p in self.people if p.name in units and p.unit and p.unit != p.name), None)
        if odd is not None:
            raise ProblemError(Message("meetings.person_is_unit", name=odd.name, unit=odd.unit))
        return people | units

    def _check_links(self, by_title: Mapping[str, int]) -> None:
        """Each link names two meetings of the problem, and no meetings must each follow the other."""
        for link in self.links:
            for title in (link.first, link.then):
                if title not in by_title:
                    raise ProblemError(Message("meetings.unknown_session", title=title))
        cycle = link_cycle(self.links)
        if cycle is not None:
            raise ProblemError(Message("meetings.link_cycle", titles=" → ".join(cycle)))

    def session(self, title: str) -> Session:
        """The session called ``title`` (:class:`~scheduler.errors.UnknownName`, a ``KeyError``, if none)."""
        return self.sessions[self.index(title)]

    def index(self, title: str) -> int:
        """The session's position (0-based; :class:`~scheduler.errors.UnknownName` if none)."""
        found = self._by_title.get(title)
        if found is None:
            raise UnknownName(Message("meetings.unknown_session", title=title))
        return found

    def length(self, s: Session) -> int:
        """A session's length in grid steps."""
        return s.minutes // self.workdays.grid

    @cached_property
    def reach(self) -> int:
        """Clock steps from the first working step to the end of the last: no two meetings lie further
        apart. A gap or a changeover of more steps than this means what this many means (no two
        meetings of one person, or in one room), so every search reads them clamped at it
        (:meth:`steps_of`): a gap of 10**9 minutes is then no loop of 10**9 steps (QA qaembed23 F7, F8)."""
        steps = self.workdays.steps
        return steps[-1] - steps[0] + 1 if steps else 1

    def steps_of(self, minutes: int) -> int:
        """``minutes`` of a gap or a changeover in grid steps, rounded up, at most :attr:`reach`: the one
        conversion the rules, the preparation and the searches share."""
        return min(-(-minutes // self.workdays.grid), self.reach)

    @property
    def gap_steps(self) -> int:
        """The minimum gap between one participant's meetings in grid steps (:meth:`steps_of`)."""
        return self.steps_of(self.gap)

    def places(self, room: Room) -> int:
        """How many meetings ``room`` holds at once as far as this problem can tell: its capacity, at most
        the number of meetings (a room for several stays one for several). A capacity of 10**9 (an online
        room) is then no loop over 10**9 places (QA qaembed23 F8)."""
        return room.capacity if room.capacity <= 2 else min(room.capacity, max(2, len(self.sessions)))

    def members(self) -> dict[str, str]:
        """Each person's unit (people without one are left out)."""
        return {p.name: p.unit for p in self.people if p.unit}

    @cached_property
    def busy_steps(self) -> Mapping[str, frozenset[int]]:
        """Clock steps each person or unit is busy (a step partly busy counts whole); a unit's
        busy time covers its members too, a closure (:data:`CLOSED`) everyone. A decline of one meeting
        (``Busy.meeting``) is no busy time: :meth:`declined_steps` holds it."""
        days = self.workdays
        out: dict[str, set[int]] = defaultdict(set)
        members: dict[str, list[str]] = defaultdict(list)
        for person, unit in self.members().items():
            members[unit].append(person)
        members[CLOSED] = sorted({p.name for p in self.people} | set(self.units) | set(self.sessions_of))
        for b in self.busy:
            if b.meeting:
                continue
            steps = days.span(b.start, b.end)
            for who in (b.who, *members.get(b.who, ())):
                out[who].update(steps)
        return {who: frozenset(steps) for who, steps in out.items()}

    @cached_property
    def declined_steps(self) -> Mapping[tuple[int, str], frozenset[int]]:
        """The clock steps a required participant declined one meeting at (``Busy.meeting``), by (the
        meeting's index, the participant): they bind that meeting alone (an optional participant's
        decline binds nothing: they were never needed, and their other meetings are not declined)."""
        out: dict[tuple[int, str], set[int]] = defaultdict(set)
        for b in self.busy:
            if not b.meeting:
                continue
            i = self._by_title[b.meeting]
            if b.who in self.sessions[i].required:
                out[i, b.who].update(self.workdays.span(b.start, b.end))
        return {key: frozenset(steps) for key, steps in out.items()}

    @cached_property
    def required_of(self) -> Mapping[str, tuple[int, ...]]:
        """Each participant's sessions (by index) where they are required."""
        out: dict[str, list[int]] = defaultdict(list)
        for i, s in enumerate(self.sessions):
            for name in s.required:
                out[name].append(i)
        return {name: tuple(found) for name, found in out.items()}

    @cached_property
    def sessions_of(self) -> Mapping[str, tuple[int, ...]]:
        """Each participant's sessions (by index), required or optional."""
        out: dict[str, list[int]] = defaultdict(list)
        for i, s in enumerate(self.sessions):
            for a in s.attendees:
                out[a.name].append(i)
        return {name: tuple(found) for name, found in out.items()}

    def room(self, name: str) -> Room:
        """The room called ``name`` (:class:`~scheduler.errors.UnknownName`, a ``KeyError``, if none)."""
        for room in self.rooms:
            if room.name == name:
                return room
        raise UnknownName(Message("mfile.unknown_room", room=name, known=[r.name for r in self.rooms]))

    def replace(self, **changes: Unpack[MeetingProblemChanges]) -> MeetingProblem:
        """A copy with some fields changed (checked again, as when built). A keyword that is no field is a
        :class:`~scheduler.errors.ProblemError` naming it and the nearest field, as :meth:`Problem.replace`'s."""
        from dataclasses import replace

        check_fields(self, changes)
        return replace(self, **changes)
