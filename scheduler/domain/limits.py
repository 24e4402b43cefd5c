"""A unit's own limits: a time it must meet at (:class:`Pin`), times it cannot (:class:`Unavailable`).

A module of their own, loaded with the first one made (PEP 562, through :mod:`scheduler.domain`): a
table without pins or unavailability makes none, and ``scheduler.Pin``,
``from scheduler.domain import Pin`` are these classes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from scheduler.domain.frozen import FrozenSetField, shown_as_collections
from scheduler.errors import ProblemError, need, need_local, need_tuple, wrong
from scheduler.text.messages import Message


@dataclass(frozen=True)
class Pin:
    """``unit`` must be received at ``start``."""

    unit: str
    start: datetime

    def __post_init__(self) -> None:
        need("Pin.unit", self.unit, str, ProblemError)
        need_local("Pin.start", self.start, error=ProblemError)


@shown_as_collections
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


@dataclass(frozen=True)
class AsOf:
    """A problem planned as of a moment (docs/replanning.md, "Meetings that have started"): the one
    rule ``started``, read once by the model, the checker and the explanations.

    ``now``: the moment, naive, in the calendar's zone. ``held``: the units whose published meeting
    began before ``now``, each staying at that time. ``closed``: whether every slot begun by ``now``
    is closed to the other units (no one is placed in the past). The slots stay in the calendar
    (the held units are in them); the model makes no variable there. Each held unit and the closed
    past are instances of ``started`` an explanation names apart. ``released``: units neither held nor
    kept out of the past: the pinned ones (their pin says where they go, begun or not), and those whose
    meeting began but that an explanation's question lets go (dropping an instance only ever loosens
    the problem: a pin dropped leaves its unit released).
    """

    now: datetime
    held: tuple[Pin, ...] = ()
    closed: bool = True
    released: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        need_local("AsOf.now", self.now, error=ProblemError)
        need_tuple("AsOf.held", self.held, Pin)
        need_tuple("AsOf.released", self.released, str)
        need("AsOf.closed", self.closed, bool, ProblemError)
