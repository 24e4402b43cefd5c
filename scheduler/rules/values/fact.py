"""A unit's own limit in a conflict (:class:`Fact`): made only when a conflict is told."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from scheduler.text.messages import Message


@dataclass(frozen=True)
class Fact:
    """A unit's own limit in a conflict (its pin, its unavailability), told once.

    ``fixes``: the limit fixes the unit's time (told before limits that only
    exclude times). ``blocked``: the starts it excludes, ``None`` if it excludes
    none by itself (a pin).
    """

    unit: str
    message: Message
    fixes: bool = False
    blocked: frozenset[datetime] | None = None
