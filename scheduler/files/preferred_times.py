"""A meeting's preferred times (the 时段偏好 column) as the windows they name.

A wish is written in the words a window is written in (时段's 上午 / 下午, 不早于 / 不晚于 a time or a
date and time), or as a day, a part of one, a weekday or a span of clock time as the people sheet's
不可用 names them (``5月20日``, ``5月20日上午``, ``周三下午``, ``5月20日 8:30-11:30``), or as a period of
every day as the rules' ``hours`` are (``9:00-12:00``). Several, separated by 、 ， ; , are
alternatives: the wish is met in any one of them. Each becomes a :class:`~scheduler.domain.meetings.Window`,
so a wish is tested by the very test of a window (``scheduler.rules.meetings.time_window.within``):
上午 means what 时段 上午 means (ending by 12:00), a day the whole of it. A weekday none of the meeting
days is (``周五下午`` in a campaign moved to a Monday and a Tuesday) is that weekday after the last
meeting day: a wish no timetable meets, told when the table is read as a date outside the days is, not
refused (QA qamscale18 F8: it refused the whole table).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

from scheduler.domain.meetings import PARTS, Window
from scheduler.text.times import TimeRefused, parse_clock, parse_datetime, parse_period, parse_times, split_times

_BOUND = re.compile(r"^(不早于|不晚于|not\s*before|not\s*after)\s*[:：]?\s*(.+)$", re.IGNORECASE)


def read_preferred(text: str, year_of: Any) -> tuple[Window, ...]:
    """The windows ``text`` names (see the module text), one or more per alternative; raises
    ``ValueError`` (a :class:`~scheduler.text.times.TimeRefused` with its reason, when the times say
    why) for an alternative that reads as none."""
    out: list[Window] = []
    parts = split_times(text)
    shared = _shared_part(parts)
    for number, part in enumerate(parts):
        windows = _windows(part, year_of)
        if shared and number < len(parts) - 1 and not _ALL_DAY.search(part) and all(map(_whole_days, windows)):
            windows = [replace(window, part=shared) for window in windows]  # 周二、周三上午: Tuesday morning too
        out += windows
    if not out:
        raise ValueError(text)
    return tuple(out)


_ALL_DAY = re.compile(r"全天|整天|全日|all\s*day|whole\s*day", re.IGNORECASE)


def _shared_part(parts: list[str]) -> str:
    """The part of day (上午, 下午) the last of several wishes ends with after a day (``周二、周三上午``,
    ``7月15日、16日上午``): as office writing means it, the part of every bare day listed before it
    (docs/formats.md, 时段偏好); ``""`` when there is none."""
    if len(parts) < 2:
        return ""
    last = parts[-1].lower()
    return next((word for word in PARTS if last.endswith(word) and len(last) > len(word)), "")


def _whole_days(window: Window) -> bool:
    """Whether ``window`` is whole days and nothing else (a bare day or weekday: ``周二``, ``7月15日``)."""
    first, last = window.not_before, window.not_after
    return (
        not window.part
        and isinstance(first, datetime)
        and isinstance(last, datetime)
        and first.time() == time()
        and last.time() == time()
    )


_BY_CLOCK = re.compile(
    r"^(上午|下午)?\s*(\d{1,2})\s*(?:[:：]\s*(\d{2})|点\s*(?:(\d{1,2})\s*分?|(半))?)\s*(前|以前|之前|后|以后|之后)$"
)
"""``10点前``, ``16点以前``, ``9点以后``, ``上午9点前``, ``9:30之后``: how an office writes 不晚于 / 不早于 a time."""


def _by_clock(word: str) -> Window | None:
    """The window :data:`_BY_CLOCK` reads (``10点前``: not after 10:00; ``下午3点后``: not before 15:00,
    in the afternoon), else ``None``."""
    found = _BY_CLOCK.match(word)
    if found is None:
        return None
    part, hour, minute = found[1] or "", int(found[2]), int(found[3] or found[4] or (30 if found[5] else 0))
    hour += 12 if part == "下午" and hour < 12 else 0
    if hour > 23 or minute > 59:
        return None
    moment = time(hour, minute)
    return Window(part, not_after=moment) if found[6].endswith("前") else Window(part, not_before=moment)


def _windows(text: str, year_of: Any) -> list[Window]:
    word = text.strip()
    if word.lower() in PARTS:
        return [Window(word)]
    by_clock = _by_clock(word)
    if by_clock is not None:
        return [by_clock]
    bound = _BOUND.match(word)
    if bound is not None:
        moment = read_bound(bound[2].strip(), year_of)
        before = bound[1].replace(" ", "").lower() in ("不早于", "notbefore")
        return [Window(not_before=moment) if before else Window(not_after=moment)]
    try:
        start, end = parse_period(word)
    except ValueError:
        pass
    else:
        if start < end:
            return [Window(not_before=start, not_after=end)]
    part = next((p for p in PARTS if word.lower().endswith(p) and len(word) > len(p)), "")
    rest = word[: len(word) - len(part)].strip() if part else word
    try:
        times = parse_times(rest, year_of)
    except TimeRefused as exc:
        after = _weekday_after(exc)
        if after is None:
            raise
        return [_days(part, after, after)]
    if times.days is not None:  # 周三 of a campaign with several Wednesdays: each of them
        return [_days(part, day, day) for day in sorted(times.days)]
    if times.first is not None and times.last is not None:
        if all(times.clock):  # 5月20日 8:30-11:30: the span as the clock reads it
            return [Window(part, times.first, times.last)]
        return [_days(part, times.first.date(), times.last.date())]
    if times.daily is not None:  # 晚上, 全天: a part of every day
        return [Window(part, times.daily[0], times.daily[1])]
    raise ValueError(text)


def _weekday_after(refused: TimeRefused) -> date | None:
    """For a weekday none of the meeting days is, the first such weekday after the last of them (no
    start in working time lies on it); ``None`` for any other refusal."""
    days = refused.params.get("days") if refused.key == "time.weekday_none" else None
    if not days:
        return None
    last: date = days[-1]
    return last + timedelta(days=(refused.params["weekday"] - last.weekday()) % 7 or 7)


def _days(part: str, first: date, last: date) -> Window:
    """The whole days from ``first`` to ``last``, within ``part`` of them (上午, 下午) if given."""
    return Window(part, datetime.combine(first, time()), datetime.combine(last + timedelta(days=1), time()))


def read_bound(text: str, year_of: Any) -> time | datetime:
    """A not-before or not-after bound: a time of day (every day) or a date and time (raises
    ``ValueError`` for neither): the 不早于 and 不晚于 columns' reading."""
    try:
        return parse_clock(text)
    except ValueError:
        return parse_datetime(text, year_of)
