"""A unit's own limits: a time it must meet at (:class:`Pin`), times it cannot (:class:`Unavailable`).

A module of their own, loaded with the first one made (PEP 562, through :mod:`scheduler.domain`): a
table without pins or unavailability makes none, and ``scheduler.Pin``,
``from scheduler.domain import Pin`` are these classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Pin:
    """``unit`` must be received at ``start``."""

    unit: str
    start: datetime


@dataclass(frozen=True)
class Unavailable:
    """``unit`` cannot be received at any of ``starts``."""

    unit: str
    starts: frozenset[datetime]
