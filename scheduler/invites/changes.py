"""What changed in an update: an invite's time and room against what an earlier message or export
showed. One rule for the letter (``mail.message.what_changed``) and the ``ics`` report's 说明 column."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from scheduler.invites.calendar import Invite


@dataclass(frozen=True)
class Moved:
    """How an invite differs from what was shown before.

    ``was``: the earlier start in the invite's zone (``None`` when it cannot be read: not ISO);
    ``time``: the start changed (compared as wall-clock times in that zone; ``False`` when ``was`` is
    ``None``); ``room``: the location changed.
    """

    was: datetime | None
    time: bool
    room: bool


def moved(start: str, location: str, invite: Invite) -> Moved:
    """``invite`` against an earlier ``start`` (ISO, as the state and the journal keep it) and ``location``."""
    try:
        was: datetime | None = datetime.fromisoformat(start)
    except ValueError:
        was = None
    if was is not None and was.tzinfo is not None and invite.start.tzinfo is not None:
        was = was.astimezone(invite.start.tzinfo)
    time = was is not None and was.replace(tzinfo=None) != invite.start.replace(tzinfo=None)
    return Moved(was, time, location != invite.location)
