"""What changed in an update: an invite's time and room against what an earlier message or export
showed. One rule for the letter (``mail.message.what_changed``) and the ``ics`` report's 说明 column."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any

from scheduler.invites.calendar import Invite
from scheduler.text.messages import Message


@dataclass(frozen=True)
class Moved:
    """How an invite differs from what was shown before.

    ``was``: the earlier start as it was shown (its wall clock in the zone it was written in, with that
    zone's UTC offset; ``None`` when it cannot be read: not ISO); ``time``: the start is another instant
    (``False`` when ``was`` is ``None``); ``room``: the location changed; ``zone``: the earlier start was
    written in another zone than the invite's (the campaign's ``timezone`` changed since: the same instant
    has another UTC offset in the invite's zone, QA qadst23 F1), so its wall time is not the invite's
    zone's and a letter must not name it as if it were.
    """

    was: datetime | None
    time: bool
    room: bool
    zone: bool = False

    def offset(self) -> str:
        """The earlier time's zone as its UTC offset (``UTC-05:00``): what a letter can name of a zone the
        campaign left (the state and the journal keep times with their offsets, not zones' names)."""
        return offset_name(self.was) if self.was is not None else ""


def zone_words(change: Moved, invite: Invite) -> dict[str, object]:
    """What a letter and the 说明 column name of a meeting moved by a change of the campaign's zone
    (:attr:`Moved.zone`): the time shown before (``was``, on its own zone's clock, ``was_zone``:
    ``UTC-05:00``), the time now in the zone now (``now``, ``zone``) and on the earlier zone's clock
    (``now_then``): what the reader who kept the earlier zone's clock sees move."""
    from scheduler.text.times import format_time

    assert change.was is not None
    then = invite.start.astimezone(change.was.tzinfo)
    zone = str(getattr(invite.start.tzinfo, "key", "")) or offset_name(invite.start)
    return {
        "was": format_time(change.was.replace(tzinfo=None)),
        "was_zone": change.offset(),
        "now": format_time(invite.start.replace(tzinfo=None)),
        "zone": zone,
        "now_then": format_time(then.replace(tzinfo=None)),
    }


def offset_name(moment: datetime) -> str:
    """``UTC-05:00``, ``UTC+08:00``, ``UTC`` for an aware time."""
    offset = moment.utcoffset()
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def moved(start: str, location: str, invite: Invite) -> Moved:
    """``invite`` against an earlier ``start`` (ISO, as the state and the journal keep it) and ``location``.
    Compared as instants (a change of the campaign's zone moves every meeting, its wall times unchanged)."""
    was = earlier(start, invite)
    if was is None:
        return Moved(None, False, location != invite.location)
    return Moved(was, not same_time(was, invite.start), location != invite.location, _other_zone(was, invite.start))


def same_time(was: datetime, now: datetime) -> bool:
    """Whether an earlier time (as it was written) and ``now`` (the invite's) are one instant; as wall
    times when either has no offset (a hand-edited record)."""
    if was.tzinfo is None or now.tzinfo is None:
        return was.replace(tzinfo=None) == now.replace(tzinfo=None)
    return was == now


def another_instant(text: str, now: datetime) -> bool:
    """Whether an earlier start ``text`` (ISO, as the state keeps a copy's: with its UTC offset) is another
    instant than ``now`` (aware, in the campaign's zone now): the one test of "the time changed" for an
    item whose fingerprint is of wall times (a meeting's essence, :mod:`scheduler.invites.meetings`), so a
    change of the campaign's ``timezone`` is an update there as in a unit campaign (QA qacamp24 F4).
    ``False`` when ``text`` cannot be read."""
    was = earlier_in(text, now.tzinfo)
    return was is not None and not same_time(was, now)


def _other_zone(was: datetime, now: datetime) -> bool:
    """Whether ``was`` was written in another zone than ``now``'s: at its instant, ``now``'s zone has
    another UTC offset (one zone gives one instant one offset)."""
    if was.tzinfo is None or now.tzinfo is None:
        return False
    return was.utcoffset() != was.astimezone(now.tzinfo).utcoffset()


def earlier(text: str, invite: Invite) -> datetime | None:
    """A time kept as ISO text (the state's, the journal's) as it was shown: with its own UTC offset, the
    wall clock of the zone it was written in; ``None`` when it is empty (not kept) or cannot be read.
    A time in UTC (offset 0) where the invite's zone is not is UTC notation, not a zone (a record rebuilt
    from an ``.ics``, a line written by hand): read on the invite's zone's clock. (So a campaign that
    leaves a zone on UTC+0, London in winter, is not told as a change of zone: its times move all the same.)"""
    return earlier_in(text, invite.start.tzinfo)


def earlier_in(text: str, zone: tzinfo | None) -> datetime | None:
    """:func:`earlier` for an invite in ``zone``."""
    try:
        was = datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
    if was is None or zone is None or was.utcoffset() != timedelta(0):
        return was
    return was.astimezone(zone) if was.astimezone(zone).utcoffset() != timedelta(0) else was


def length_words(span: timedelta) -> Message:
    """A meeting's length as the letter and the 说明 column say it: ``2小时``, ``45分钟``."""
    minutes = int(span.total_seconds() // 60)
    if minutes % 60 == 0:
        return Message("mail.length.hours", hours=minutes // 60)
    return Message("mail.length.minutes", minutes=minutes)


def end_changed(text: str, invite: Invite) -> datetime | None:
    """The earlier end ``text`` (ISO, as written) when it is another instant than ``invite``'s; else ``None``."""
    was = earlier(text, invite)
    return was if was is not None and not same_time(was, invite.end) else None


@dataclass(frozen=True)
class Since:
    """What the folder can name of an updated invite's change since the export before: ``moved`` (its
    time, its room), ``address`` (its address changed), ``back`` (it was cancelled before). One rule for
    the ``ics`` report's reasons and for the updates counted as unexplained (:func:`unexplained`)."""

    moved: Moved
    address: bool
    back: bool
    was_end: datetime | None = None
    """The earlier end (as written) when the length changed (:func:`new_length`: a meeting made
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
    mailing, the page's preview too. Not those of a meeting someone joined or left in this export (a copy
    new or cancelled beside them): the report names that change, ``新增 万主任`` (QA qaint26 F8's polish)."""
    joined = {i.uid for i in invites.changed if i.shared and i.change in ("new", "cancelled")}
    return list(
        dict.fromkeys(
            i.unit
            for i in invites.changed
            if i.change == "updated"
            and i.journal_key in going
            and i.uid not in joined
            and invites.before(i) is not None
            and not since(i, invites.before(i)).named
        )
    )


@dataclass(frozen=True)
class ZoneChange:
    """The updates that move only because the campaign's ``timezone`` changed since they were shown
    (:attr:`Moved.zone`): ``units`` (each once), the zone(s) they were shown in (``UTC-05:00``) and the
    zone now. ``send`` refuses to mail them without consent (``--allow-zone-change``), ``ics`` says so."""

    units: tuple[str, ...]
    was: tuple[str, ...]
    zone: str
    count: int = 0
    """How many updates (a meeting table's: one per participant's copy, a person in several meetings
    counted in each); ``len(units)`` when not given."""

    def message(self, key: str) -> Message:
        """The line saying so (``key``: the command's): how many updates, the zones, the units (at most
        :data:`~scheduler.invites.guard.SHOWN` named, the rest counted)."""
        from scheduler.invites.guard import SHOWN

        shown: tuple[str, ...] | Message = self.units[:SHOWN]
        if len(self.units) > SHOWN:
            shown = Message("safety.and_more", units=shown, more=len(self.units) - SHOWN)
        return Message(key, count=self.count or len(self.units), was=" / ".join(self.was), zone=self.zone, units=shown)


def zone_changed(pairs: Iterable[tuple[Invite, Any]]) -> ZoneChange | None:
    """Of ``pairs`` (an updated invite and what it was before: a record with its ``start`` and
    ``location``, the export's before or the journal's last message), the invites written before in
    another zone than now (:attr:`Moved.zone`); ``None`` when there are none."""
    units: dict[str, None] = {}
    was: dict[str, None] = {}
    zone, count = "", 0
    for invite, before in pairs:
        change = moved(before.start, before.location, invite)
        if change.zone:
            count += 1
            units[invite.addressee] = None
            was[change.offset()] = None
            zone = str(getattr(invite.start.tzinfo, "key", "")) or offset_name(invite.start)
    return ZoneChange(tuple(units), tuple(was), zone, count) if units else None
