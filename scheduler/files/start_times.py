"""Reading a row's 时间 (a meeting's start) as the office writes it in a table, shared by unit and meeting tables.

Besides a date with a time of day (:func:`scheduler.text.times.parse_datetime`), an office's table may
hold the meeting's span (``9月8日 8:00-9:00``: its start is read, and the span must be one meeting
long) or, in a workbook whose 时间 column was left in Excel's General format, the raw date serial
(``44447.3333333333``: 2021-09-08 08:00, read as Excel counts days). A separate 日期 column is
joined to 时间 when the table is read (:func:`scheduler.files.tables.table_from_rows`).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from scheduler.errors import InputError
from scheduler.text.messages import Message, refusal
from scheduler.text.times import TimeRefused, YearResolver, format_time, normalize, parse_datetime, parse_span

_WITH_OFFSET = r"^\s*(\d{4}-\d{1,2}-\d{1,2})[T ](\d{1,2}:\d{2})(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})\s*$"
"""An ISO time with its UTC offset (``2027-11-07 01:30-05:00``, ``2027-11-07T06:30Z``): an export's or a
careful reader's way to pin one instant, not a span (``-05:00`` is no end time)."""

EXCEL_EPOCH = datetime(1899, 12, 30)
"""Day 0 of Excel's (Windows) date serials: 1 is 1900-01-01, counting Excel's 1900-02-29."""
SERIALS = (20000.0, 80000.0)
"""Serials of the years 1954 to 2119: a bare number in this range in 时间 is a date Excel shows as a number."""


def excel_serial(text: str) -> datetime | None:
    """The date and time an Excel date serial stands for (``44447.3333333333`` -> 2021-09-08 08:00, to the
    minute), or ``None`` when ``text`` is not a number in :data:`SERIALS`."""
    try:
        value = float(text)
    except ValueError:
        return None
    if not SERIALS[0] <= value <= SERIALS[1]:
        return None
    return EXCEL_EPOCH + timedelta(minutes=round(value * 24 * 60))


def read_start(
    text: str,
    year_of: YearResolver | None,
    minutes: int | None,
    where: tuple[str, int, str | Message],
    length_column: str | Message | None = None,
) -> datetime:
    """The start written in a 时间 cell ``text``; ``minutes``: how long the meeting lasts (a span
    written must be that long; ``None``: not checked); ``where``: the file, row and column errors name;
    ``length_column``: the column the length comes from (a meeting table's 时长, as its header writes it),
    named when a span is of another length.

    Raises :class:`InputError` for a text that is no time, a span of another length, or an Excel
    serial of a whole day (a date without its time)."""
    try:
        return parse_datetime(text, year_of)
    except TimeRefused as exc:  # 9月14日（星期六） when the 14th is a Tuesday
        raise InputError(refusal(exc, Message("input.bad_time", value=text)), *where) from None
    except ValueError:
        pass
    offset = re.match(_WITH_OFFSET, text, re.I)  # (compiled on first use: a table of ISO times only)
    if offset is not None and _is_offset(text, offset, year_of, minutes):  # QA qadst23 F8: "lasts 210 minutes"
        wall = f"{offset.group(1)} {offset.group(2)}"
        raise InputError(Message("input.time_with_offset", value=text, wall=wall), *where)
    serial = excel_serial(text)
    if serial is not None:
        if serial.time() == datetime.min.time():
            raise InputError(Message("input.excel_serial", value=text), *where)
        return serial
    try:
        first, last = parse_span(text, year_of)
    except ValueError as exc:
        raise InputError(refusal(exc, Message("input.bad_time", value=text)), *where) from None
    if last <= first or not _has_clock(text):
        raise InputError(Message("input.bad_time", value=text), *where)
    if minutes is not None and last - first != timedelta(minutes=minutes):
        length = int((last - first).total_seconds() // 60)
        start = format_time(first)  # this row's day, not an example's, in the message's language
        key, column = ("input.span_length", "") if length_column is None else ("input.span_length_row", length_column)
        said = Message(key, value=text, length=length, minutes=minutes, start=start, column=column)
        raise InputError(said, *where)
    return first


def _is_offset(text: str, offset: re.Match[str], year_of: YearResolver | None, minutes: int | None) -> bool:
    """Whether ``text``, written as an ISO time with its UTC offset, is one: ``+08:00`` and ``Z`` always;
    ``-05:00`` reads as the end of a span too (``2025-07-15 8:00-10:00``), so it is an offset only where
    the time has its hour in two digits as ISO writes it (``01:30``, not ``8:00``) and the span it also
    reads as is not one of the meeting's length (a span of the right length is the span it says)."""
    if "-" not in text[offset.end(2) :]:
        return True
    if len(offset.group(2).split(":")[0]) != 2:
        return False
    try:
        first, last = parse_span(text, year_of)
    except ValueError:
        return True
    return not (last > first and (minutes is None or last - first == timedelta(minutes=minutes)))


def _has_clock(text: str) -> bool:
    """Whether a span names its times of day (``8:00-9:00``, ``2pm-3pm``, ``9-10am``: read as the span is,
    :func:`~scheduler.text.times.normalize`), not only days or parts of a day (``Mar 2 afternoon``)."""
    folded = normalize(text)
    return ":" in folded or "点" in folded or "时" in folded
