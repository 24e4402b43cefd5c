"""Working periods (``8:00-12:00``, ``15:00-24:00``): the one reader and checker of the rules' ``hours``
written as periods, for meeting and unit tables alike, in the same words (``period.*``), each bad period
said as itself. A unit table's solve loads no meeting model, so this lives apart from it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time

from scheduler.errors import ProblemError
from scheduler.text.messages import Message
from scheduler.text.times import DAY_END, format_clock, parse_period


def period_minutes(t: time) -> int:
    """A working period's bound in minutes since midnight: 24:00 (:data:`~scheduler.text.times.DAY_END`)
    is 1440. The one reckoning of a period's ends, for the calendar and for what draws or counts it."""
    return 24 * 60 if t == DAY_END else t.hour * 60 + t.minute


def said(start: time, end: time) -> str:
    """A working period as the rules write it, ``8:00-12:00`` (``22:00-24:00``)."""
    return f"{format_clock(start)}-{format_clock(end)}"


def read_period(value: object) -> tuple[time, time]:
    """A working period as written in the rules' ``hours`` (:func:`~scheduler.text.times.parse_period`):
    its start and end. Raises :class:`~scheduler.errors.ProblemError` for what reads as no period
    (``period.unreadable``) and for one that ends where it begins or before (:func:`backwards_period`)."""
    try:
        start, end = parse_period(str(value))
    except ValueError as exc:
        raise ProblemError(Message("period.unreadable", value=value)) from exc
    backwards = backwards_period(start, end)
    if backwards is not None:
        raise ProblemError(backwards)
    return start, end


def backwards_period(start: time, end: time) -> Message | None:
    """Why a working period from ``start`` to ``end`` (:data:`DAY_END` for 24:00) is none, or ``None``:
    it ends when it begins, or before (across midnight: to be written as two periods, split at 24:00).
    The one check of a period's order, for meeting and unit tables alike."""
    period = said(start, end)
    if period_minutes(end) == period_minutes(start):
        return Message("period.empty", period=period)
    if period_minutes(end) < period_minutes(start):
        late, early = f"{format_clock(start)}-24:00", f"0:00-{format_clock(end)}"
        if end == time():  # 10:00-0:00, 10:00-12:00 AM: the day's end, or noon, meant
            return Message("period.midnight_end", period=period, late=late)
        return Message("period.midnight", period=period, late=late, early=early)
    return None


def check_periods(periods: Sequence[tuple[time, time]], grid: int | None = None) -> None:
    """Refuse the first bad one of working periods listed in this order, in its own words
    (:class:`~scheduler.errors.ProblemError`): ending where it begins or before (:func:`backwards_period`),
    an end off the ``grid`` of minutes (a meeting table's; a unit table has none), before or overlapping
    the one listed before it, or touching it (a break of no minutes: write one period, or leave a
    break). The one check of a list of periods, for meeting and unit tables alike."""
    before: tuple[time, time] | None = None
    for start, end in periods:
        period = said(start, end)
        backwards = backwards_period(start, end)
        if backwards is not None:
            raise ProblemError(backwards)
        for clock, key in ((start, "period.start_grid"), (end, "period.end_grid")):
            if grid is not None and period_minutes(clock) % grid:
                raise ProblemError(Message(key, period=period, time=format_clock(clock), grid=grid))
        if before is not None and period_minutes(start) <= period_minutes(before[1]):
            if period_minutes(start) == period_minutes(before[1]):  # a break no meeting could cross
                joined = said(before[0], end)
                raise ProblemError(Message("period.touch", period=period, before=said(*before), joined=joined))
            raise ProblemError(Message("period.order", period=period, before=said(*before)))
        before = (start, end)
