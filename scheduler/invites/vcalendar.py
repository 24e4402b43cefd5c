"""The VCALENDAR around rendered events: its shell (VERSION, PRODID, METHOD, a name) and the VTIMEZONE of the
days it covers, each onset in the local time before it, as strict readers expect."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Calendar, Timezone, TimezoneDaylight, TimezoneStandard

from scheduler.invites.lines import ical, text_line
from scheduler.text.messages import invites_language

PRODID = "-//docking-scheduler//invites//ZH"
"""No version number in it: a new release must not make every unit look changed. Its last part is the
invites' language (:data:`PRODID_EN` for English ones): the letter that carries an invite is written in it."""
PRODID_EN = "-//docking-scheduler//invites//EN"


def prodid_language(prodid: str) -> str:
    """The language a calendar's PRODID says its invites are written in: ``en`` or ``zh``."""
    return "en" if prodid.strip().upper().endswith("//EN") else "zh"


def vtimezone(zone: ZoneInfo, first: date, last: date) -> Timezone:
    """A VTIMEZONE for the days of a calendar.

    When the offset does not change in the years of those days (Asia/Shanghai since 1991),
    a single STANDARD block, so that no client reads China's 1986-91 summer time
    into it; otherwise the transitions of the years concerned, read from zoneinfo, each onset in
    the local time before it (:func:`_observances`), even when the days fall between two changes.
    """
    return _vtimezone(zone, _zone_span(zone, first, last))


ZoneSpan = tuple[str, object, object]
"""What a VTIMEZONE for some days depends on: ``("fixed", offset, name)`` or ``("years", first, last)``."""


@lru_cache(maxsize=256)
def _zone_span(zone: ZoneInfo, first: date, last: date) -> ZoneSpan:
    """What the VTIMEZONE of the days from ``first`` to ``last`` depends on; once for each span (each of
    a meeting table's 10,000 copies has the campaign's days: 0.6 s CPU when computed for each)."""
    observances = _observances(zone, first.year, last.year)
    if len(observances) == 1 and len(next(iter(observances.values()))) == 1:  # no change in those years
        return ("fixed", next(iter(observances))[1], datetime.combine(first, time(12), zone).tzname() or zone.key)
    # A zone that changes its clocks in those years gets them all, even for days between two changes
    # (QA qadst23 F11: a July campaign in London sent "Europe/London is +0100 all year", a false
    # definition under the real zone's name, and a later update into October another one).
    return ("years", first.year, last.year)


def _vtimezone(zone: ZoneInfo, span: ZoneSpan) -> Timezone:
    kind, a, b = span
    if kind == "fixed":
        tz = Timezone()
        tz.add("tzid", zone.key)
        standard = TimezoneStandard()
        standard.add("dtstart", datetime(1970, 1, 1))
        standard.add("tzoffsetfrom", a)
        standard.add("tzoffsetto", a)
        standard.add("tzname", b)
        tz.add_component(standard)
        return tz
    assert isinstance(a, int) and isinstance(b, int)
    tz = Timezone()
    tz.add("tzid", zone.key)
    for (before, after, name, is_standard), onsets in _observances(zone, a, b).items():
        sub = TimezoneStandard() if is_standard else TimezoneDaylight()
        sub.add("dtstart", onsets[0])
        if onsets[1:]:
            sub.add("rdate", onsets[1:])
        sub.add("tzname", name)
        sub.add("tzoffsetfrom", before)
        sub.add("tzoffsetto", after)
        tz.add_component(sub)
    return tz


_SCAN = timedelta(hours=6)
"""The step of the search for changes of offset (no zone has changed twice within six hours)."""
Observance = tuple[timedelta, timedelta, str, bool]
"""The offset before an onset, the offset from it on, its name and whether it is standard time."""


def _observances(zone: ZoneInfo, first: int, last: int) -> dict[Observance, list[datetime]]:
    """The onsets of each observance of ``zone`` from the start of year ``first`` to the end of year
    ``last``, in the order they first occur: the one in force on January 1 (its offset before it its
    own), then each change of UTC offset. An onset is written in the local time in force BEFORE it
    (RFC 5545 3.6.5 and 3.8.3.3: ``DTSTART:20250330T020000`` with ``TZOFFSETFROM:+0100`` for Berlin's
    spring change at 01:00Z), as libical's zone data is; icalendar's ``Timezone.from_tzinfo`` writes a
    spring onset in the new offset (03:00), which a strict reader places an hour late."""
    moment = datetime(first, 1, 1, tzinfo=zone).astimezone(UTC)
    end = datetime(last + 1, 1, 1, tzinfo=zone).astimezone(UTC)
    here = moment.astimezone(zone)
    out: dict[Observance, list[datetime]] = {_observance(here, here.utcoffset()): [here.replace(tzinfo=None)]}
    while moment < end:
        step = min(moment + _SCAN, end)
        if step.astimezone(zone).utcoffset() != here.utcoffset():
            onset = _change(zone, moment, step)
            before = here.utcoffset()
            assert before is not None
            here = onset.astimezone(zone)
            out.setdefault(_observance(here, before), []).append((onset + before).replace(tzinfo=None))
        moment = step
    return out


def _observance(local: datetime, before: timedelta | None) -> Observance:
    """Standard time is the one an onset turns the clocks back to (Europe/Dublin's winter GMT, whose
    ``dst()`` is negative, included); what is in force on January 1 is standard unless ``dst()`` says
    it is summer time (Australia/Sydney)."""
    after = local.utcoffset()
    assert after is not None and before is not None
    dst = local.dst()
    standard = after < before if after != before else dst is None or dst <= timedelta()
    return (before, after, local.tzname() or str(after), standard)


def _change(zone: ZoneInfo, low: datetime, high: datetime) -> datetime:
    """The first UTC second after ``low`` whose offset in ``zone`` is ``high``'s (a change between them)."""
    offset = high.astimezone(zone).utcoffset()
    while high - low > timedelta(seconds=1):
        middle = low + timedelta(seconds=(high - low) // timedelta(seconds=1) // 2)
        if middle.astimezone(zone).utcoffset() == offset:
            high = middle
        else:
            low = middle
    return high


def wrap_calendar(method: str, events: Sequence[bytes], zone: ZoneInfo, days: Sequence[date], name: str = "") -> bytes:
    """A VCALENDAR around already rendered VEVENTs (with a VTIMEZONE when ``days`` has timed items)."""
    span = _zone_span(zone, min(days), max(days)) if days else None
    shell = _shell(method, zone, span, invites_language())
    if name:  # right after METHOD, where ``cal.add`` would put it; a shell for each name missed 5,000 times
        at = shell.index(b"\r\nMETHOD:") + 2
        at = shell.index(b"\r\n", at) + 2
        shell = shell[:at] + _name_line(name) + shell[at:]
    end = b"END:VCALENDAR\r\n"
    return shell[: -len(end)] + b"".join(events) + end


def _name_line(name: str) -> bytes:
    """The folded ``X-WR-CALNAME`` line, a TEXT value, escaped: icalendar writes a plain str of an
    X- property raw ("," and ";" would split it)."""
    return text_line("X-WR-CALNAME", name)


@lru_cache(maxsize=64)
def _shell(method: str, zone: ZoneInfo, span: ZoneSpan | None, lang: str = "zh") -> bytes:
    """The VCALENDAR without its events or name, made once for each method, zone and what its
    VTIMEZONE depends on (not the very days: 5,000 units on a hundred days missed a cache keyed
    by them 8,000 times in 10,000 files, 1.2 s)."""
    cal = Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", PRODID_EN if lang == "en" else PRODID)
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if span is not None:
        cal.add_component(_vtimezone(zone, span))
    return ical(cal)
