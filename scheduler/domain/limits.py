"""A unit's own limits: a time it must meet at (:class:`Pin`), times it cannot (:class:`Unavailable`).

A module of their own, loaded with the first one made (PEP 562, through :mod:`scheduler.domain`): a
table without pins or unavailability makes none, and ``scheduler.Pin``,
``from scheduler.domain import Pin`` are these classes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from scheduler.domain.frozen import FrozenSetField
from scheduler.errors import ProblemError, need, need_local, wrong
from scheduler.text.messages import Message


@dataclass(frozen=True)
class Pin:
    """``unit`` must be received at ``start``."""

    unit: str
    start: datetime

    def __post_init__(self) -> None:
        need("Pin.unit", self.unit, str, ProblemError)
        need_local("Pin.start", self.start, error=ProblemError)


@dataclass(frozen=True)
class Unavailable:
    """``unit`` cannot be received at any of ``starts``.

    ``starts`` may be given as any collection of times (a set, a list...): it is kept, and read, as
    a ``frozenset`` (:mod:`scheduler.domain.frozen`), so the entry stays hashable. Each time is
    checked against the calendar by :class:`~scheduler.domain.Problem`, which numbers them anyway (at
    5,000 units, millions).
    """

    unit: str
    starts: FrozenSetField[datetime] = FrozenSetField(required=True)  # noqa: RUF009 (a descriptor)

    def __post_init__(self) -> None:
        need("Unavailable.unit", self.unit, str, ProblemError)
        starts: object = self.starts
        if type(starts) is not frozenset:
            if isinstance(starts, str | bytes) or not isinstance(starts, Iterable):
                raise wrong("Unavailable.starts", starts, Message("kind.times"), ProblemError)
            object.__setattr__(self, "starts", frozenset(starts))
