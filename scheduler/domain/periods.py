"""A working period's ends (``8:00-12:00``, ``15:00-24:00``): their minutes and the one check of their
order, for meeting and unit tables alike (a unit table's solve does not load the meeting model)."""

from __future__ import annotations

from datetime import time

from scheduler.text.messages import Message
from scheduler.text.times import DAY_END, format_clock


def period_minutes(t: time) -> int:
    """A working period's bound in minutes since midnight: 24:00 (:data:`~scheduler.text.times.DAY_END`)
    is 1440. The one reckoning of a period's ends, for the calendar and for what draws or counts it."""
    return 24 * 60 if t == DAY_END else t.hour * 60 + t.minute


def backwards_period(start: time, end: time) -> Message | None:
    """Why a working period from ``start`` to ``end`` (:data:`DAY_END` for 24:00) is none, or ``None``:
    it ends when it begins, or before (across midnight: to be written as two periods, split at 24:00).
    The one check of a period's order, for meeting and unit tables alike."""
    period = f"{format_clock(start)}-{format_clock(end)}"
    if period_minutes(end) == period_minutes(start):
        return Message("meetings.period_empty", period=period)
    if period_minutes(end) < period_minutes(start):
        late, early = f"{format_clock(start)}-24:00", f"0:00-{format_clock(end)}"
        if end == time():  # 10:00-0:00, 10:00-12:00 AM: the day's end, or noon, meant
            return Message("meetings.period_midnight_end", period=period, late=late)
        return Message("meetings.period_midnight", period=period, late=late, early=early)
    return None
