"""Wall-clock times and the instants they are in a zone: the one place where a campaign's naive local
times (its days, working periods, slots) meet daylight saving.

A campaign is planned on the wall clock (``3月14日 9:00``), and a wall-clock time is one instant in its
zone except on the two nights a year a zone changes its clocks: in spring an hour is skipped (New
York, 2027-03-14: 1:59 EST is followed by 3:00 EDT, so 2:30 does not exist) and in autumn an hour
occurs twice (2027-11-07: 1:30 EDT, then 1:30 EST). The decision (docs/invites.md, "Daylight
saving"): a meeting may neither start nor end at such a time, nor run across a change, so every
meeting's start and end are each one instant and it lasts as long as it says; such times are
unavailable for everyone, and a pin or timetable that names one is told why."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

from scheduler.text.messages import Message
from scheduler.text.times import Dated, end_clock, format_day

Fault = Literal["skips", "repeats"]
"""Why a span of wall-clock time is not a meeting's: the clock skips part of it, or repeats part."""


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _instant(moment: datetime, zone: ZoneInfo, fold: int = 0) -> datetime:
    return moment.replace(tzinfo=zone, fold=fold).astimezone(UTC)


def _unclear(moment: datetime, zone: ZoneInfo) -> Fault | None:
    """Whether a wall-clock time does not exist (``"skips"``) or exists twice (``"repeats"``)."""
    first, second = _instant(moment, zone, 0), _instant(moment, zone, 1)
    if first == second:
        return None
    # fold=0 reads a skipped time with the offset before the gap, which puts it after the fold=1 reading
    return "skips" if first > second else "repeats"


def clock_fault(start: datetime, minutes: int, zone: str) -> Fault | None:
    """Why ``minutes`` of wall-clock time from ``start`` (naive, in ``zone``) cannot be a meeting, or
    ``None``: its start or end does not exist (``"skips"``) or exists twice (``"repeats"``), or a clock
    change inside it makes it shorter or longer than it says."""
    where = _zone(zone)
    end = start + timedelta(minutes=minutes)
    fault = _unclear(start, where) or _unclear(end, where)
    if fault is not None:
        return fault
    real = _instant(end, where) - _instant(start, where)
    if real == timedelta(minutes=minutes):
        return None
    return "skips" if real < timedelta(minutes=minutes) else "repeats"


def changes_on(day: date, zone: str) -> bool:
    """Whether ``zone`` may change its clocks on ``day`` (its offset at the day's midnight differs from
    the next day's, or that midnight is itself skipped or repeated): the days whose times
    :func:`clock_fault` must look at one by one (one check a day, not one per slot). A zone that
    changes twice in one day and comes back to the same offset is not seen (none does)."""
    where = _zone(zone)
    midnight = datetime.combine(day, time())
    following = midnight + timedelta(days=1)
    return (
        _unclear(midnight, where) is not None
        or midnight.replace(tzinfo=where).utcoffset() != following.replace(tzinfo=where).utcoffset()
    )


def clock_message(fault: Fault, start: datetime, minutes: int, zone: str) -> Message:
    """The one sentence for a meeting time :func:`clock_fault` refuses: ``3月14日 2:00-3:00：
    America/New_York 的时钟跳过这段时间（夏令时开始），不能安排会议``; for a meeting whose start is one
    instant but whose end is not, its end named with the clock's change (QA qadst23 F5: "0:00-1:00: the
    clock skips this hour" read as a bug): ``3月28日 0:00-1:00：结束时间 1:00 在 Europe/London 不存在（夏令时开始，
    时钟从 1:00 直接拨到 2:00）…``."""
    end = start + timedelta(minutes=minutes)
    day, clock = format_day(start.date()), f"{start.hour}:{start.minute:02d}-{end_clock(end)}"
    when = Dated(f"{day} {clock}", f"{day.english} {clock}")
    where = _zone(zone)
    if _unclear(start, where) is None and _unclear(end, where) is not None:
        first, last = _unclear_span(end, where)
        return Message(
            f"clock.end_{fault}", time=when, zone=zone, end=end_clock(end), first=_clock(first), last=_clock(last)
        )
    return Message(f"clock.{fault}", time=when, zone=zone)


def _unclear_span(moment: datetime, where: ZoneInfo) -> tuple[datetime, datetime]:
    """The wall-clock span the clock skips or repeats around ``moment`` (one that is): its first minute
    and the minute after its last (``1:00`` and ``2:00`` for London's spring night)."""
    first = moment
    while _unclear(first - timedelta(minutes=1), where) is not None:
        first -= timedelta(minutes=1)
    last = moment
    while _unclear(last, where) is not None:
        last += timedelta(minutes=1)
    return first, last


def change_words(day: date, zone: str) -> Dated | None:
    """How ``zone``'s clock changes on ``day``, as a sentence names it (``3月28日 时钟从 1:00 直接拨到 2:00``,
    ``on Mar 28 the clocks go from 1:00 straight to 2:00``; ``…拨回…``, ``go back from 2:00 to 1:00``), or
    ``None`` when it does not (looked at minute by minute: said only in a hint)."""
    where = _zone(zone)
    moment = datetime.combine(day, time())
    for _ in range(24 * 60):
        fault = _unclear(moment, where)
        if fault is not None:
            first, last = _unclear_span(moment, where)
            shown = format_day(day)
            a, b = _clock(first), _clock(last)
            if fault == "skips":
                return Dated(
                    f"{shown} 时钟从 {a} 直接拨到 {b}", f"on {shown.english} the clocks go from {a} straight to {b}"
                )
            return Dated(f"{shown} 时钟从 {b} 拨回 {a}", f"on {shown.english} the clocks go back from {b} to {a}")
        moment += timedelta(minutes=1)
    return None


def _clock(moment: datetime) -> str:
    return f"{moment.hour}:{moment.minute:02d}"


def unclear_wall(moment: datetime) -> bool:
    """Whether an aware time's wall clock is skipped or repeated in its zone (written as it is, with
    its zone's name, a reader could take another instant): an .ics writes such a time in UTC."""
    zone = moment.tzinfo
    return isinstance(zone, ZoneInfo) and _unclear(moment.replace(tzinfo=None), zone) is not None
