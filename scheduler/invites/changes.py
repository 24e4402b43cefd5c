"""What changed in an update: an invite's time and room against what an earlier message or export
showed. One rule for the letter (``mail.message.what_changed``) and the ``ics`` report's 说明 column."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from scheduler.invites.calendar import Invite
from scheduler.text.messages import Message


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
    was = earlier(start, invite)
    time = was is not None and was.replace(tzinfo=None) != invite.start.replace(tzinfo=None)
    return Moved(was, time, location != invite.location)


def earlier(text: str, invite: Invite) -> datetime | None:
    """A time kept as ISO text (the state's, the journal's) in ``invite``'s zone; ``None`` when it is
    empty (not kept) or cannot be read."""
    try:
        was = datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
    if was is not None and was.tzinfo is not None and invite.start.tzinfo is not None:
        was = was.astimezone(invite.start.tzinfo)
    return was


def length_words(span: timedelta) -> Message:
    """A meeting's length as the letter and the 说明 column say it: ``2小时``, ``45分钟``."""
    minutes = int(span.total_seconds() // 60)
    if minutes % 60 == 0:
        return Message("mail.length.hours", hours=minutes // 60)
    return Message("mail.length.minutes", minutes=minutes)


def end_changed(text: str, invite: Invite) -> datetime | None:
    """The earlier end ``text`` (ISO) when it differs from ``invite``'s (wall-clock, its zone); else ``None``."""
    was = earlier(text, invite)
    return was if was is not None and was.replace(tzinfo=None) != invite.end.replace(tzinfo=None) else None


@dataclass(frozen=True)
class Since:
    """What the folder can name of an updated invite's change since the export before: ``moved`` (its
    time, its room), ``address`` (its address changed), ``back`` (it was cancelled before). One rule for
    the ``ics`` report's reasons and for the updates counted as unexplained (:func:`unexplained`)."""

    moved: Moved
    address: bool
    back: bool
    was_end: datetime | None = None
    """The earlier end (the invite's zone) when the length changed (:func:`new_length`: a meeting made
    longer or shorter, QA qamonth21 F3, whether or not it moved too, review21 F1); ``None`` otherwise."""
    contact: bool = False
    """The unit's contact (the person its letter greets, and its title names with ``{contact}``) was renamed
    (twenty-second session: such an update was "time and room unchanged" and warned of as unexplained)."""

    @property
    def named(self) -> bool:
        """Whether any change is named: else only its text, deadlines, participants or the way this
        version writes invites changed, which the folder cannot tell apart (QA qaupgrade17 F5)."""
        moved = (self.moved.time and self.moved.was is not None) or self.moved.room
        return moved or self.address or self.back or self.was_end is not None or self.contact


def since(invite: Invite, before: Any) -> Since:
    """``invite`` against ``before``, its record in the export before (its ``start``, ``location``,
    ``attendee`` and ``cancelled``)."""
    from scheduler.files.addresses import address_key

    address = address_key(before.attendee.address or "") != address_key(invite.attendee.address or "")
    change = moved(before.start, before.location, invite)
    contact = not address and before.contact != invite.contact  # (a new address has its own person: said so)
    return Since(change, address, bool(before.cancelled), new_length(change, before.end, invite), contact)


def new_length(change: Moved, end: str, invite: Invite) -> datetime | None:
    """The earlier end (``end``, ISO, the record's) when the meeting's length changed since the record
    (``change``: its earlier start): with the start kept, when the end moved; with a new start, when
    the end did not move with it (review21 F1). ``None`` otherwise, or when the record names no span
    (no readable start, an end not after it). One rule for the letter and the 说明 column."""
    ended = end_changed(end, invite) if change.was is not None else None
    if ended is None or change.was is None or ended <= change.was:
        return None  # not a span: a hand-edited record names no end
    return ended if ended - change.was != invite.end - invite.start else None


def unexplained(invites: Any, going: Collection[str]) -> list[str]:
    """The units (people) of the updated invites among ``going`` (journal keys) whose time, room and
    address did not change (no change :class:`Since` names), each once: ``send`` warns of them before
    mailing, the page's preview too."""
    return list(
        dict.fromkeys(
            i.unit
            for i in invites.changed
            if i.change == "updated"
            and i.journal_key in going
            and invites.before(i) is not None
            and not since(i, invites.before(i)).named
        )
    )
