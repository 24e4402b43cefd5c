"""The domain: units, rooms, the calendar of meeting slots, problems and timetables.

Everything here is a small frozen dataclass that checks itself when built, so a
malformed problem never reaches the solver. Nothing here reads files or prints.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from contextvars import ContextVar
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

import scheduler.domain as domain  # domain.Pin on first use: typing.get_type_hints(Problem) resolves it
from scheduler.domain.clock import changes_on, clock_fault, clock_message
from scheduler.domain.zones import REFUSED_ZONES, known_timezone, timezone_refusal
from scheduler.errors import ProblemError, UnknownName, need, need_local, need_tuple, need_whole
from scheduler.text.messages import Message
from scheduler.text.nearest import nearest
from scheduler.text.times import format_slots, format_time

if TYPE_CHECKING:
    import pandas as pd

    from scheduler.domain.limits import AsOf as AsOf
    from scheduler.domain.limits import Pin as Pin
    from scheduler.domain.limits import Unavailable as Unavailable


@dataclass(frozen=True)
class Unit:
    """A unit to be received: a department, a street office, a town...

    ``group`` is the parallel-group label (并行组): units with the same non-empty
    label may be received together in one room and hour.
    """

    name: str
    category: str = ""
    group: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        for name in ("name", "category", "group", "note"):
            need(f"Unit.{name}", getattr(self, name), str, ProblemError)
        if not self.name or self.name != self.name.strip():
            raise ProblemError(Message("problem.unit_name", name=self.name))


CLOSED = "*"
"""A meeting problem's busy time (:class:`~scheduler.domain.meetings.Busy`) with this ``who`` is closed for
everyone (the rules file's ``unit = "*"``): one entry, told as the office's closure, held by every participant."""

_LABEL_SEPARATORS = str.maketrans(dict.fromkeys(";,，；、/", " "))
"""What separates a unit's labels besides white space (``A、B``, ``A;B``, ``A/B``): each read as a space,
then the text split at white space (``str.split``: the ``\\s`` of a pattern, no pattern compiled)."""


@lru_cache(maxsize=65536)  # every unit of the largest tables: at 4,096, 5,000 units in turn never hit it
def labels(unit: Unit) -> frozenset[str]:
    """The parallel-group labels of a unit (several may be given: ``A、B``), folded.

    Only units with a label in common may ever share a room and hour (the
    ``allowed-sharing`` rule says so); the solver draws its candidate groups from
    the labels, so it never builds a group that rule would refuse. Every reader of
    labels (the model's groups, the checker, the greedy and its board, the order of
    interchangeable units, the meeting model) goes through here, so they all fold
    alike: NFKC, then case (``Ｆ``, ``F`` and ``f`` are one label), because a label is
    a short code typed by hand and such a difference is a slip, never a second group."""
    return frozenset(fold_label(unit.group).translate(_LABEL_SEPARATORS).split())


def fold_label(text: str) -> str:
    """A label as it is compared (:func:`labels`; a meeting's sharing labels too): NFKC, then case."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


@dataclass(frozen=True)
class Room:
    """A room; ``capacity`` is how many meetings (units) it holds at once.

    ``seats`` is how many people it holds (``None``: as many as come) and ``changeover`` the
    minutes it needs free after each meeting; both matter to meeting problems
    (:mod:`scheduler.meetings`), not to unit tables.
    """

    name: str
    capacity: int = 1
    seats: int | None = None
    changeover: int = 0

    def __post_init__(self) -> None:
        need("Room.name", self.name, str, ProblemError)
        need_whole("Room.capacity", self.capacity, 1, error=ProblemError, kind_only=True)
        need_whole("Room.seats", self.seats, 1, optional=True, error=ProblemError, kind_only=True)
        need_whole("Room.changeover", self.changeover, 0, error=ProblemError, kind_only=True)
        if self.capacity < 1:
            raise ProblemError(Message("problem.room_capacity", room=self.name, capacity=self.capacity))
        if (self.seats is not None and self.seats < 1) or self.changeover < 0:
            raise ProblemError(Message("meetings.room", room=self.name))


@dataclass(frozen=True)
class Calendar:
    """The meeting slots: every listed day at every listed start time.

    Meetings last ``minutes``; a slot *directly follows* another when it starts
    the moment the other ends, on the same day.
    """

    days: tuple[date, ...]
    hours: tuple[time, ...]
    minutes: int = 60
    timezone: str = "Asia/Shanghai"
    slots: tuple[datetime, ...] = field(init=False, repr=False, compare=False)
    _index: Mapping[datetime, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._check_kinds()
        if not self.days or not self.hours:
            raise ProblemError(Message("problem.empty_calendar"))
        if list(self.days) != sorted(set(self.days)) or list(self.hours) != sorted(set(self.hours)):
            raise ProblemError(Message("problem.unsorted_calendar"))
        if self.minutes <= 0:
            raise ProblemError(Message("problem.minutes", minutes=self.minutes))
        length = timedelta(minutes=self.minutes)
        for a, b in zip(self.hours, self.hours[1:], strict=False):
            if datetime.combine(date.min, a) + length > datetime.combine(date.min, b):
                raise ProblemError(Message("problem.overlapping_hours", a=a, b=b, minutes=self.minutes))
        if self.minutes > 24 * 60 or datetime.combine(date.min, self.hours[-1]) + length > _NEXT_MIDNIGHT:
            raise ProblemError(Message("problem.past_midnight", hour=self.hours[-1], minutes=self.minutes))
        # A slot the clock skips or repeats (daylight saving, scheduler.domain.clock) is no slot; the
        # zone is asked once a day (per slot, a year of 1-minute slots was 525,600 asks, 7 s).
        slots = tuple(
            moment
            for d, changes in ((d, changes_on(d, self.timezone)) for d in self.days)
            for moment in (datetime.combine(d, h) for h in self.hours)
            if not changes or clock_fault(moment, self.minutes, self.timezone) is None
        )
        object.__setattr__(self, "slots", slots)
        object.__setattr__(self, "_index", {s: i for i, s in enumerate(slots)})

    def _check_kinds(self) -> None:
        need_tuple("Calendar.days", self.days, date, expected=Message("kind.day"), fits=_day)
        need_tuple("Calendar.hours", self.hours, time, expected=Message("kind.hour"), fits=_naive)
        need_whole("Calendar.minutes", self.minutes, 1, error=ProblemError, kind_only=True)
        check_timezone("Calendar.timezone", self.timezone)

    def __len__(self) -> int:
        return len(self.slots)

    def index(self, moment: datetime) -> int | None:
        """The slot number of a meeting time, or ``None`` if it is not a slot."""
        return self._index.get(moment)

    def indices(self, moments: Iterable[datetime]) -> list[int]:
        """The slot numbers of ``moments``, every one a slot (a lookup per moment at C speed:
        a long unavailability list is millions of them)."""
        return list(map(self._index.__getitem__, moments))

    def has_all(self, moments: AbstractSet[datetime]) -> bool:
        """Whether every one of ``moments`` is a slot (a set test, not a loop: long lists are common)."""
        return self._index.keys() >= moments

    def slot_set(self, moments: Iterable[datetime]) -> frozenset[int] | None:
        """The slot numbers of ``moments``, or ``None`` if one of them is not a slot (one lookup per
        moment at C speed, for checking and numbering at once)."""
        found = frozenset(map(self._index.get, moments))
        return None if None in found else found  # type: ignore[return-value]  # (no None left)

    def under_way(self, moment: datetime) -> bool:
        """Whether a campaign on this calendar has begun by ``moment`` (naive, the calendar's zone) and still
        has a slot to begin: planning as of ``moment`` then holds what started; before or after, the
        problem is planned as given."""
        return self.slots[0] < moment <= self.slots[-1]

    def next_slot(self, t: int) -> int | None:
        """The slot that directly follows slot ``t`` (same day, no gap), if any."""
        return self._index.get(self.slots[t] + timedelta(minutes=self.minutes))

    def longest_run(self) -> int:
        """The most slots one after another in a day, each directly following the one before (a
        chain of linked units longer than this has no place)."""
        longest = run = 0
        for t in range(len(self.slots)):
            run = run + 1 if t > 0 and self.next_slot(t - 1) == t else 1
            longest = max(longest, run)
        return longest

    def previous_slot(self, t: int) -> int | None:
        """The slot that slot ``t`` directly follows, if any."""
        return self._index.get(self.slots[t] - timedelta(minutes=self.minutes))

    def follows(self, a: datetime, b: datetime) -> bool:
        """Whether the meeting at ``b`` directly follows the one at ``a``."""
        return a + timedelta(minutes=self.minutes) == b and a.date() == b.date()

    def end(self, t: int) -> datetime:
        """When a meeting in slot ``t`` ends."""
        return self.slots[t] + timedelta(minutes=self.minutes)

    def describe(self, moments: Iterable[datetime]) -> list[str]:
        """Meetings as the clock time they take, runs joined: ``9月8日 8:00-12:00``, ``9月9日 8:00``
        (:func:`~scheduler.text.times.format_slots`; a message joins them in its language)."""
        return format_slots(moments, self.minutes)

    @property
    def years(self) -> frozenset[int]:
        """The years of its days."""
        return frozenset(d.year for d in self.days)

    def clock_refusal(self, moment: datetime) -> Message | None:
        """Why one of the calendar's days at one of its hours is no slot, or ``None``: the clock skips or
        repeats part of the meeting there (daylight saving), said in the clock's one sentence
        (:func:`~scheduler.domain.clock.clock_message`). ``None`` for a slot and for a time that is
        outside the days and hours anyway. The one test, for a pin, a table's time and validate."""
        if moment.date() not in self.days or moment.time() not in self.hours:
            return None
        fault = clock_fault(moment, self.minutes, self.timezone)
        return None if fault is None else clock_message(fault, moment, self.minutes, self.timezone)

    def slot_refusal(self, moment: datetime) -> Message | None:
        """Why ``moment`` is no slot of the calendar, or ``None`` for a slot: the clock skips or repeats
        part of the meeting there (:meth:`clock_refusal`), else it is outside the days and hours
        (``input.outside``). The one sentence for a table's time, a pin's and a move on the web page's grid
        (QA qadst23 F3: the grid's move into the repeated hour was "not one of the meeting days and hours")."""
        if self.index(moment) is not None:
            return None
        return self.clock_refusal(moment) or Message("input.outside", time=self.written(moment))

    def open_hours(self) -> tuple[time, ...]:
        """The hours that are a slot on at least one day: an hour the clock skips or repeats on every
        day of the campaign (daylight saving on a one-day campaign) is no time of the window."""
        return tuple(h for h in self.hours if any(datetime.combine(d, h) in self._index for d in self.days))

    def written(self, moment: datetime) -> str:
        """A time as a message names it: ``9月8日 8:00``, with its year when that is none of the calendar's
        (``2022年9月8日 8:00``, :func:`~scheduler.text.times.format_time`): a time of another year must not
        read as one of the campaign's days."""
        return format_time(moment, self.years)


_NEXT_MIDNIGHT = datetime.combine(date.min + timedelta(days=1), time())
"""A meeting ends by midnight, on its own day: one day's slots never reach into the next."""


def repeated(names: Iterable[str]) -> tuple[int, str] | None:
    """The first name of ``names`` seen before (its position, the name), or ``None``: what a refusal of a
    repeated room, person or unit names (the rooms of a problem, a table's people, a rules file's rooms)."""
    seen: set[str] = set()
    for index, name in enumerate(names):
        if name in seen:
            return index, name
        seen.add(name)
    return None


def _day(value: date) -> bool:
    return not isinstance(value, datetime)  # a datetime is a date too, but a day has no clock


def _naive(value: time) -> bool:
    return value.tzinfo is None  # the calendar's zone says where its hours are


def check_timezone(field: str, name: object) -> None:
    """Refuse (:class:`~scheduler.errors.ProblemError`) a ``field`` that is not the name of a zone
    (:func:`known_timezone`): the check of a unit calendar's and a meeting calendar's zone."""
    need(field, name, str, ProblemError)
    if not known_timezone(name):
        hinted = name in REFUSED_ZONES  # a name of the database refused as an abbreviation: say which zone
        raise ProblemError(timezone_refusal(name) if hinted else Message("problem.timezone", timezone=name))


@dataclass(frozen=True)
class Link:
    """``then`` is received directly after ``first``, on the same day."""

    first: str
    then: str


@dataclass(frozen=True)
class Meeting:
    """One row of a timetable: a unit, its start time (if any) and its room (if known)."""

    unit: str
    start: datetime | None
    room: str | None = None

    def __post_init__(self) -> None:
        # One test of the usual row (a name, a local time or none, a room name or none): 5,000 rows a table.
        start, room = self.start, self.room
        if (
            type(self.unit) is not str
            or (start is not None and (type(start) is not datetime or start.tzinfo is not None))
            or (room is not None and type(room) is not str)
        ):
            need("Meeting.unit", self.unit, str, ProblemError)
            need_local("Meeting.start", start, optional=True, error=ProblemError)
            if room is not None:
                need("Meeting.room", room, str, ProblemError)


@dataclass(frozen=True)
class Timetable:
    """A list of meetings, as solved or as written by hand.

    A hand-made timetable may be wrong: a unit twice, a time outside the
    calendar, a unit with no time. :func:`scheduler.validate` says what is wrong.
    """

    meetings: tuple[Meeting, ...]

    def __post_init__(self) -> None:
        need_tuple("Timetable.meetings", self.meetings, Meeting)

    def starts(self) -> dict[str, datetime]:
        """The start time of each unit that has one (the first, if listed twice)."""
        out: dict[str, datetime] = {}
        for m in self.meetings:
            if m.start is not None:
                out.setdefault(m.unit, m.start)
        return out

    def rooms(self) -> dict[str, str]:
        """The room of each unit whose room is known."""
        return {m.unit: m.room for m in self.meetings if m.room is not None}

    def to_dataframe(self) -> pd.DataFrame:
        """The meetings as a pandas DataFrame with columns unit, start, room."""
        import pandas as pd

        return pd.DataFrame(
            [{"unit": m.unit, "start": m.start, "room": m.room} for m in self.meetings],
            columns=["unit", "start", "room"],
        )


_NUMBERED: ContextVar[Mapping[int, frozenset[int]]] = ContextVar("numbered", default={})  # noqa: B039
"""While :meth:`Problem.replace` makes a copy: the slot numbers of the unavailable entries it
keeps, by the entry's identity (the entries are alive in the original meanwhile)."""


def check_fields(owner: object, changes: Iterable[str]) -> None:
    """Refuse (:class:`ProblemError`) a keyword of ``replace`` that is no field of ``owner`` (a dataclass),
    naming it and the nearest field: the one check of :meth:`Problem.replace` and
    :meth:`~scheduler.domain.meetings.MeetingProblem.replace`."""
    from dataclasses import fields

    names = [f.name for f in fields(owner) if f.init]  # type: ignore[arg-type]
    kind = type(owner).__name__
    for name in changes:
        if name not in names:
            near = nearest(name, names)
            said = Message("problem.unknown_field_near", owner=kind, field=name, near=near) if near else None
            raise ProblemError(said or Message("problem.unknown_field", owner=kind, field=name, known=names))


class ProblemChanges(TypedDict, total=False):
    """The fields :meth:`Problem.replace` may change, with their types (``mypy --strict`` checks a call's
    keywords against them; tests/test_api.py keeps them the fields of :class:`Problem`)."""

    units: tuple[Unit, ...]
    calendar: Calendar
    rooms: tuple[Room, ...]
    categories: tuple[str, ...]
    links: tuple[Link, ...]
    pins: tuple[domain.Pin, ...]
    unavailable: tuple[domain.Unavailable, ...]
    reference: Timetable | None
    title: str
    as_of: domain.AsOf | None


@dataclass(frozen=True)
class Problem:
    """Everything the solver and the checker need.

    ``categories`` lists the category names in meeting order (every unit of the
    first category meets before any unit of the second...); empty means no order.
    A unit whose category is empty stands outside the order and may meet at any time.
    ``reference`` holds the times already published, for the ``stable`` objective. ``as_of``: the
    problem planned as of a moment (:class:`~scheduler.domain.limits.AsOf`: who is held where, the
    slots begun closed to the others), or ``None``.
    """

    units: tuple[Unit, ...]
    calendar: Calendar
    rooms: tuple[Room, ...] = (Room("", 1),)
    categories: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    pins: tuple[domain.Pin, ...] = ()
    unavailable: tuple[domain.Unavailable, ...] = ()
    reference: Timetable | None = None
    title: str = ""
    as_of: domain.AsOf | None = None
    _by_name: Mapping[str, int] = field(init=False, repr=False, compare=False)
    _unavailable_slots: tuple[frozenset[int], ...] = field(init=False, repr=False, compare=False)
    _hash: int | None = field(init=False, repr=False, compare=False, default=None)

    def __hash__(self) -> int:
        """The hash of the fields compared, as the dataclass's own, computed once: the rules' and the
        objectives' caches (``lru_cache``) hash the problem at each call, and that hashes every unit and
        every unavailable entry again (19-22 calls in one ``solve``; 20 at 5,000 units: 0.07 s of CPU)."""
        known = self._hash
        if known is None:
            known = hash(tuple(getattr(self, f.name) for f in fields(self) if f.compare))
            object.__setattr__(self, "_hash", known)
        return known

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without the hash: another process hashes strings otherwise (``PYTHONHASHSEED``)."""
        return {**self.__dict__, "_hash": None}

    def __post_init__(self) -> None:
        self._check_kinds()
        by_name: dict[str, int] = {}
        for i, unit in enumerate(self.units):
            if unit.name in by_name:
                raise ProblemError(Message("problem.duplicate_unit", unit=unit.name))
            by_name[unit.name] = i
        object.__setattr__(self, "_by_name", by_name)
        if not self.rooms:
            raise ProblemError(Message("problem.no_rooms"))
        twice = repeated([r.name for r in self.rooms])
        if twice is not None:
            raise ProblemError(Message("problem.duplicate_room", room=twice[1]))
        if len(set(self.categories)) != len(self.categories):
            raise ProblemError(Message("problem.duplicate_category"))
        if self.categories:
            for unit in self.units:
                if unit.category and unit.category not in self.categories:
                    raise ProblemError(
                        Message(
                            "problem.unknown_category",
                            unit=unit.name,
                            category=unit.category,
                            known=list(self.categories),
                        )
                    )
        self._check_links()
        self._check_reference()
        for pin in self.pins:
            self._known(pin.unit)
            if self.calendar.index(pin.start) is None:
                refused = self.calendar.clock_refusal(pin.start)
                if refused is not None:
                    raise ProblemError(refused)
                raise ProblemError(
                    Message("problem.pin_not_slot", unit=pin.unit, time=self.calendar.written(pin.start))
                )
        if len({p.unit for p in self.pins}) != len(self.pins):
            raise ProblemError(Message("problem.pinned_twice"))
        numbered = []
        known = _NUMBERED.get()  # entries of the problem this one is a copy of, numbered already
        for entry in self.unavailable:
            self._known(entry.unit)
            slots = known.get(id(entry)) or self.calendar.slot_set(entry.starts)
            if slots is None:
                stray = [s for s in entry.starts if self.calendar.index(s) is None]
                for s in stray:  # not a time, or an aware one: said so, not "not a meeting slot"
                    need_local("Unavailable.starts", s, error=ProblemError)
                bad = min(stray)
                raise ProblemError(
                    Message("problem.unavailable_not_slot", unit=entry.unit, time=self.calendar.written(bad))
                )
            numbered.append(slots)
        object.__setattr__(self, "_unavailable_slots", tuple(numbered))
        self._check_as_of()

    def _check_as_of(self) -> None:
        """The held units are units of the problem, each once, none pinned, each at a slot begun by then."""
        if self.as_of is None:
            return
        pinned = {p.unit for p in self.pins}
        seen: set[str] = set()
        for held in self.as_of.held:
            self._known(held.unit)
            if held.unit in pinned or held.unit in seen:
                raise ProblemError(Message("problem.pinned_twice"))
            seen.add(held.unit)
            if self.calendar.index(held.start) is None or held.start >= self.as_of.now:
                raise ProblemError(
                    Message("problem.held_not_begun", unit=held.unit, time=self.calendar.written(held.start))
                )

    @property
    def begun(self) -> int:
        """How many slots have begun as of ``as_of.now`` (the first ones: slots are in time order);
        0 when the problem is not planned as of a moment."""
        if self.as_of is None:
            return 0
        return bisect_left(self.calendar.slots, self.as_of.now)

    def _check_kinds(self) -> None:
        """Each field of its kind (one ``isinstance`` per item), before anything reads them."""
        need("Problem.calendar", self.calendar, Calendar, ProblemError)
        for name, kind in (("units", Unit), ("rooms", Room), ("categories", str), ("links", Link)):
            need_tuple(f"Problem.{name}", getattr(self, name), kind)
        # Their classes (scheduler.domain.limits) load with the first pin or unavailability: none to check, none loaded.
        if self.pins != ():
            need_tuple("Problem.pins", self.pins, domain.Pin)
        if self.unavailable != ():
            need_tuple("Problem.unavailable", self.unavailable, domain.Unavailable)
        if self.reference is not None:
            need("Problem.reference", self.reference, Timetable, ProblemError)
        if self.as_of is not None:
            need("Problem.as_of", self.as_of, domain.AsOf, ProblemError)
        need("Problem.title", self.title, str, ProblemError)

    def unavailable_slots(self) -> tuple[frozenset[int], ...]:
        """Each ``unavailable`` entry's times as slot numbers, in the same order (numbered once,
        when the problem is made: at 5,000 units that is millions of times)."""
        return self._unavailable_slots

    def _known(self, name: str) -> None:
        if name not in self._by_name:
            raise ProblemError(Message("problem.unknown_unit", unit=name))

    def _check_reference(self) -> None:
        """The published times name units of the problem, each once, at meeting slots (a unit may have
        none: published without a time). Before, a wrong one gave a ``stable`` score that lied (a move
        of displacement 0 from 13:00, which is no slot)."""
        if self.reference is None:
            return
        seen: set[str] = set()
        for meeting in self.reference.meetings:
            self._known(meeting.unit)
            if meeting.unit in seen:
                raise ProblemError(Message("problem.reference_twice", unit=meeting.unit))
            seen.add(meeting.unit)
            if meeting.start is not None and self.calendar.index(meeting.start) is None:
                raise ProblemError(
                    Message("problem.reference_not_slot", unit=meeting.unit, time=self.calendar.written(meeting.start))
                )

    def _check_links(self) -> None:
        firsts: set[str] = set()
        thens: set[str] = set()
        for link in self.links:
            self._known(link.first)
            self._known(link.then)
            if link.first == link.then:
                raise ProblemError(Message("problem.self_link", unit=link.first))
            if link.first in firsts or link.then in thens:
                raise ProblemError(Message("problem.link_branch", first=link.first, then=link.then))
            firsts.add(link.first)
            thens.add(link.then)
        successor = {link.first: link.then for link in self.links}
        for start in successor:
            seen = {start}
            node = successor.get(start)
            while node is not None:
                if node in seen:
                    raise ProblemError(Message("problem.link_cycle", unit=start))
                seen.add(node)
                node = successor.get(node)

    def unit(self, name: str) -> Unit:
        """The unit called ``name`` (:class:`~scheduler.errors.UnknownName`, a ``KeyError``, if none)."""
        return self.units[self.position(name)]

    def position(self, name: str) -> int:
        """The unit's position in the table (0-based; :class:`~scheduler.errors.UnknownName` if none)."""
        found = self._by_name.get(name)
        if found is None:
            raise UnknownName(Message("problem.unknown_unit", unit=name))
        return found

    def has_unit(self, name: str) -> bool:
        """Whether a unit is called ``name``."""
        return name in self._by_name

    def category_rank(self, name: str) -> int | None:
        """The unit's position in the category order, or ``None`` if it stands outside it."""
        category = self.unit(name).category
        if len(self.categories) < 2 or not category:
            return None
        return self.categories.index(category)

    @property
    def max_capacity(self) -> int:
        """The largest room capacity."""
        return max(r.capacity for r in self.rooms)

    def replace(self, **changes: Unpack[ProblemChanges]) -> Problem:
        """A copy with some fields changed (validated again; the unavailable times it keeps, on
        the same calendar, are not numbered again: at 5,000 units that took 0.25 s a copy). A
        keyword that is no field is a :class:`ProblemError` naming it and the nearest field."""
        from dataclasses import replace

        check_fields(self, changes)
        same = "calendar" not in changes
        known = {id(e): s for e, s in zip(self.unavailable, self._unavailable_slots, strict=True)} if same else {}
        token = _NUMBERED.set(known)
        try:
            return replace(self, **changes)
        finally:
            _NUMBERED.reset(token)


if not TYPE_CHECKING:  # mypy sees the submodule itself; a module __getattr__ would hide typos as Any

    def __getattr__(name: str) -> Any:
        """``scheduler.domain.meetings`` imported on first use (PEP 562): annotations that name it so
        (:class:`scheduler.conflicts.conflict.Conflict`'s) resolve at run time without every command
        importing the meetings' model. :class:`Pin` and :class:`Unavailable` likewise, from
        :mod:`scheduler.domain.limits`: a table without pins or unavailability makes none."""
        from importlib import import_module

        if name == "meetings":
            return import_module(f"{__name__}.meetings")
        if name in ("Pin", "Unavailable", "AsOf"):
            value = getattr(import_module(f"{__name__}.limits"), name)
            globals()[name] = value
            return value
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
