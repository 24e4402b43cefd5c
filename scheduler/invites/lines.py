"""A unit's VEVENT written line by line: the bytes icalendar's ``Event.add`` and ``to_ical`` give.

A 5,000-unit export makes 10,000 timed events (each unit's invite and the office's copy), and
icalendar's per-property machinery (type lookup, parameters, content lines) was two thirds of
the export's time. Here each line that differs from unit to unit is a TEXT value, escaped by
:func:`escape` (RFC 5545's TEXT escaping: icalendar's ``vText`` byte for byte, less its reading of
``\\N`` as a line break) and folded by :func:`fold`; every
other line (the times, the organizer, an attendee, a trigger) is rendered by icalendar itself,
once per distinct value (units share slots, the organizer and the reminder).
``tests/test_invite_lines.py`` holds the result against an ``Event`` built and serialised by
icalendar, for any text.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import UTC, date, datetime, timedelta
from datetime import tzinfo as tzinfo_type
from functools import lru_cache

from icalendar import Component, Event, vCalAddress
from icalendar.parser import Contentline, Parameters

from scheduler.domain.clock import unclear_wall

__all__ = ["EventLines", "address_line", "escape", "fold", "ical", "text_line"]

_CONTINUATION = range(0x80, 0xC0)


def fold(line: str, limit: int = 75) -> bytes:
    """``Contentline(line).to_ical()``, byte for byte (tests hold the two together), cut at UTF-8
    boundaries instead of walking the line a character at a time: each piece is the longest that
    stays under ``limit`` octets, and a piece never ends in the ``\\`` or ``^`` of an escape."""
    data = line.encode("utf-8")
    if len(data) < limit:
        return data
    pieces = []
    start = 0
    while len(data) - start >= limit:
        end = start + limit - 1
        while data[end] in _CONTINUATION:
            end -= 1
        if end - start > 1 and data[end - 1] in b"\\^":
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)


def ical(component: Component) -> bytes:
    """``component.to_ical(sorted=False)``, byte for byte, with each distinct content line folded
    once: icalendar folds a line character by character, and thousands of invites repeat the same
    long lines (a deadline's description, the organizer, the time zone)."""
    return b"\r\n".join(_folded(line) for line in component.content_lines(sorted=False) if line) + b"\r\n"


@lru_cache(maxsize=4096)
def _folded(line: Contentline) -> bytes:
    return fold(line)


@lru_cache(maxsize=4096)
def _property(name: str, value: Hashable, zone: str) -> bytes:
    """The content line (folded, CRLF) icalendar writes for ``Event().add(name, value)``. ``zone``
    is part of the key only: aware times in two zones at one instant are equal, their lines not."""
    event = Event()
    event.add(name, value)
    return _inner(event)


def text_line(name: str, value: str) -> bytes:
    """A TEXT property's content line (escaped by :func:`escape`, folded, CRLF)."""
    return fold(f"{name.upper()}:{escape(value)}") + b"\r\n"


def escape(text: str) -> str:
    """A TEXT value escaped as RFC 5545 says: ``\\`` ``;`` ``,`` escaped, and every line break (CR LF,
    LF or a lone CR) written ``\\n``. Byte for byte what icalendar's ``vText(text).to_ical()`` gives for
    every text without ``\\N`` (tests hold the two together); icalendar first reads a ``\\N`` in the
    text as a line break, which turned a room ``C:\\会议室\\New楼`` into ``C:\\会议室``, a line break
    and ``ew楼``: here a backslash is always a backslash, and comes back as one from every reader
    (libical, icalendar's parser, vobject). Without the ``vText`` object and its parameters: 75,000
    TEXT lines at 5,000 units."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _time_line(name: str, value: datetime) -> bytes:
    """An aware time's line: its zone's prefix as icalendar writes it (``DTSTART;TZID=…:``), then the
    time as icalendar formats it; each unit has its own times, so they are not rendered one by one.
    A time its zone's clock skips or repeats (daylight saving, :func:`~scheduler.domain.clock.unclear_wall`)
    is written in UTC (``…Z``), the one instant every reader takes (RFC 5545 lets DTSTART and DTEND differ
    in this).

    Each distinct time is written once (:func:`_time_lines`): units share slots (5,000 units in 1,128
    slots, and every probe's DTSTAMP is one time), and the clock check alone took 0.1 s of a 5,000-unit
    export's 1.2 s (issue 16, eighteenth session)."""
    return _time_lines(name, value, value.tzinfo, value.fold)


@lru_cache(maxsize=8192)
def _time_lines(name: str, value: datetime, zone: object, fold: int) -> bytes:
    """:func:`_time_line`'s bytes. ``zone`` and ``fold`` are part of the key only: aware times at one
    instant in two zones are equal, and so are a repeated hour's two readings (``fold`` 0 and 1) in
    one zone, whose lines (each written in UTC) are not."""
    if unclear_wall(value):
        value = value.astimezone(UTC)
    shape = _time_shape(name, str(value.tzinfo), value.tzinfo)
    if shape is None:
        return _property(name, value, str(value.tzinfo))
    prefix, suffix = shape
    stamp = f"{value.year:04}{value.month:02}{value.day:02}T{value.hour:02}{value.minute:02}{value.second:02}"
    return prefix + stamp.encode() + suffix


@lru_cache(maxsize=256)
def _time_shape(name: str, zone: str, tzinfo: object) -> tuple[bytes, bytes] | None:
    """What icalendar writes around a time in ``zone`` (``None``: not prefix + time + suffix, or long
    enough to be folded; such times are rendered by icalendar)."""
    assert isinstance(tzinfo, tzinfo_type)
    sample = datetime(2001, 2, 3, 4, 5, 6, tzinfo=tzinfo)
    line = _property(name, sample, zone)
    stamp = b"20010203T040506"
    at = line.find(stamp)
    if at < 0 or line.count(stamp) != 1 or len(line) > 60 or b"\r\n " in line:
        return None
    return line[:at], line[at + len(stamp) :]


Params = tuple[tuple[str, str | tuple[str, ...]], ...]
"""A content line's parameters in order: a value, or several (``DELEGATED-FROM`` listing several
delegators, RFC 5545 3.2.4: written quoted and comma-separated)."""


def _address(name: str, address: str, params: Params) -> bytes:
    """An ORGANIZER or ATTENDEE line as icalendar's ``content_line`` writes it (``params`` in the
    order they were set): written here when every parameter is written as it is (no RFC 6868 escape,
    no quotes: :func:`_plain_parameter`), no key is given twice and the address holds no line break
    (which icalendar refuses), by icalendar otherwise
    (:func:`_address_by_icalendar`). An attendee's line is one of a kind: icalendar's address and
    parameter objects cost 0.1 ms a line, 5,000 at 5,000 units (issue 16)."""
    parts = [part for key, param in params if (part := _plain_parameter(key, param)) is not None]
    once = len({key.upper() for key, _ in params}) == len(params)  # (a key given twice: icalendar keeps one)
    if not parts or len(parts) < len(params) or not once or "\n" in address or "\r" in address:
        return _address_by_icalendar(name, address, params)
    return fold(f"{name.upper()};{';'.join(parts)}:{address}") + b"\r\n"


def _address_by_icalendar(name: str, address: str, params: Params) -> bytes:
    """:func:`_address` through icalendar's ``vCalAddress`` and ``Contentline.from_parts``."""
    value = vCalAddress(address)
    for key, param in params:
        value.params[key] = param
    return fold(Contentline.from_parts(name.upper(), value.params, value, sorted=False)) + b"\r\n"


_ESCAPED_OR_QUOTED = frozenset('^"\n\r,;:’')  # (icalendar's QUOTABLE has the ’)
"""What icalendar's ``Parameters.to_ical`` writes otherwise than as it is in any parameter's value: RFC
6868's escapes (``^``, ``"``, line breaks) and the characters that make it quote the value."""


def _plain_parameter(key: str, value: object) -> str | None:
    """``KEY=value`` as icalendar writes a parameter that needs neither an escape nor quotes, else
    ``None`` (its parameter tables say which keys are always quoted, and which take quotes for more
    characters: ``CN`` for a space or an apostrophe)."""
    upper = key.upper()
    if not isinstance(value, str) or upper in Parameters.always_quoted or (upper == "TZID" and value == "UTC"):
        return None
    if not _ESCAPED_OR_QUOTED.isdisjoint(value) or not frozenset(Parameters.quote_also.get(upper, "")).isdisjoint(
        value
    ):
        return None
    return f"{upper}={value}"


_addresses = lru_cache(maxsize=1024)(_address)
"""The organizer's line is the same in every item."""


def address_line(name: str, address: str, params: Params) -> bytes:
    """An ORGANIZER or ATTENDEE content line (folded, CRLF), as :meth:`EventLines.address` adds it."""
    return _addresses(name, address, params)


def _inner(event: Event) -> bytes:
    data = ical(event)
    return data[len(b"BEGIN:VEVENT\r\n") : -len(b"END:VEVENT\r\n")]


class EventLines:
    """A VEVENT's bytes built in icalendar's order: properties as added, then subcomponents."""

    def __init__(self, kind: str = "VEVENT") -> None:
        self.kind = kind
        self.parts: list[bytes] = [b"BEGIN:" + kind.encode() + b"\r\n"]

    def text(self, name: str, value: str) -> EventLines:
        """A TEXT property (SUMMARY, LOCATION, DESCRIPTION, UID...)."""
        self.parts.append(text_line(name, value))
        return self

    def value(self, name: str, value: datetime | date | timedelta | int) -> EventLines:
        """A property icalendar types itself: a time, a date, a duration, a number."""
        if isinstance(value, datetime) and value.tzinfo is not None:
            self.parts.append(_time_line(name, value))
        else:
            self.parts.append(_property(name, value, ""))
        return self

    def address(self, name: str, address: str, params: Params) -> EventLines:
        """An ORGANIZER or ATTENDEE (``address`` a ``mailto:`` URI, ``params`` upper-case names)."""
        self.parts.append(address_line(name, address, params))
        return self

    def line(self, line: bytes) -> EventLines:
        """A content line already made (folded, CRLF: :func:`address_line`'s); nothing when empty."""
        if line:
            self.parts.append(line)
        return self

    def done_so_far(self) -> bytes:
        """The bytes of the lines added so far (the BEGIN line included): what :meth:`done` starts with."""
        return b"".join(self.parts)

    def person(self, name: str, value: vCalAddress) -> EventLines:
        """An ORGANIZER or ATTENDEE given as icalendar's ``vCalAddress`` (its parameters in order)."""
        return self.address(name, str(value), tuple(value.params.items()))

    def component(self, inner: EventLines) -> EventLines:
        """A subcomponent (a VALARM), after every property."""
        self.parts.append(inner.done())
        return self

    def done(self) -> bytes:
        """The component's bytes, END line included."""
        return b"".join(self.parts) + b"END:" + self.kind.encode() + b"\r\n"
