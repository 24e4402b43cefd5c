"""What an export did to each calendar item: new, updated, cancelled or unchanged. An unchanged item keeps
its SEQUENCE and DTSTAMP (its bytes identical); a changed one gets SEQUENCE + 1 and a new DTSTAMP. The
item is first rendered as a *probe* (SEQUENCE 0, a fixed DTSTAMP) whose fingerprint decides."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import lru_cache

from scheduler.invites.state import Person, Record

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
"""The fixed DTSTAMP of a probe."""

MEETING, DEADLINE, OFFICE_MEETING, OFFICE_DEADLINE = "meeting", "deadline", "office-meeting", "office-deadline"
MEETING_COPY = "meeting-copy"
"""A unit's invite to one of its further addresses (the contacts' second row, or second address in a cell):
its record is keyed by its journal key (:func:`~scheduler.invites.state.address_copy_key`)."""
NEW, UPDATED, CANCELLED, UNCHANGED = "new", "updated", "cancelled", "unchanged"


class Versions:
    """Keeps SEQUENCE and DTSTAMP of unchanged items, bumps them for changed ones."""

    def __init__(self, old: Mapping[str, Record], now: datetime) -> None:
        self.old = old
        self.now = now.astimezone(UTC).replace(microsecond=0)  # build_invites' now, checked (aware)
        self.records: dict[str, Record] = {}
        self._by_kind: dict[str, list[Record]] = {}
        self._by_owner: dict[tuple[str, str], list[Record]] = {}
        for record in old.values():  # (sorted when asked for: most are produced again, and never are)
            self._by_kind.setdefault(record.kind, []).append(record)
            self._by_owner.setdefault((record.kind, record.owner), []).append(record)

    def make(
        self,
        uid: str,
        method: str,
        probe: bytes,
        snapshot: Record,
        salt: bytes = b"",
    ) -> tuple[bytes, str]:
        """The item's VEVENT bytes and what this export did to it.

        ``probe`` is the item rendered with SEQUENCE 0 and a fixed DTSTAMP; its
        fingerprint is taken from those bytes (and ``salt``: what else must count
        as a change of this item), and the real SEQUENCE and DTSTAMP lines are
        then put in (both are short lines, never folded).
        """
        fingerprint = item_fingerprint(method, salt, probe)
        before = self.old.get(uid)
        if before is not None and before.fingerprint == fingerprint:
            sequence, stamp, change = before.sequence, before.dtstamp, UNCHANGED
        elif before is not None:
            sequence, stamp = before.sequence + 1, self.now
            newly = not before.cancelled or (not _told(before) and _told(snapshot))
            change = CANCELLED if snapshot.cancelled and newly else UPDATED
        else:
            sequence, stamp, change = 0, self.now, CANCELLED if snapshot.cancelled else NEW
        self.records[uid] = Record(
            uid=uid,
            kind=snapshot.kind,
            owner=snapshot.owner,
            sequence=sequence,
            dtstamp=stamp,
            fingerprint=fingerprint,
            summary=snapshot.summary,
            start=snapshot.start,
            end=snapshot.end,
            location=snapshot.location,
            attendee=snapshot.attendee,
            cancelled=snapshot.cancelled,
        )
        return _restamp(probe, sequence, stamp), change

    def seed(self, record: Record) -> None:
        """Count ``record`` as last exported (its SEQUENCE the floor of the item's next version): a unit's
        first address taken off, whose cancellation follows the unit's invite it had; the unit's invite
        now going to an address whose copy was numbered higher. Not a leftover of :meth:`leftover`."""
        self.old = {**self.old, record.uid: record}

    def leftover(self, kind: str, owner: str | None = None) -> list[Record]:
        """Items of the last export that this one has not produced (to cancel), in a stable order."""
        found = self._by_kind.get(kind, []) if owner is None else self._by_owner.get((kind, owner), [])
        return sorted((r for r in found if r.uid not in self.records), key=_leftover_order)


def _leftover_order(record: Record) -> tuple[str, str, str]:
    """The order of the items :meth:`Versions.leftover` gives: by start, owner and UID."""
    return record.start, record.owner, record.uid


_PROBE_STAMP = b"\r\nDTSTAMP:" + EPOCH.strftime("%Y%m%dT%H%M%SZ").encode() + b"\r\n"
_PROBE_SEQUENCE = b"\r\nSEQUENCE:0\r\n"


_REAL_STAMP = re.compile(rb"\r\nDTSTAMP:\d{8}T\d{6}Z\r\n")
_REAL_SEQUENCE = re.compile(rb"\r\nSEQUENCE:\d+\r\n")


def _told(record: Record) -> bool:
    """Whether ``record`` is a cancellation its unit is sent: cancelled, to an address. A cancellation
    first written without one (a PUBLISH: the address cleared, no journal to say where the invite went)
    and now sent as a CANCEL is reported and mailed as a cancellation, not an update."""
    if not record.cancelled:
        return False
    return record.kind != MEETING or (record.attendee is not None and record.attendee.address is not None)


def item_fingerprint(method: str, salt: bytes, probe: bytes) -> str:
    """What decides whether an item changed: its bytes with SEQUENCE 0 and the fixed DTSTAMP, the
    calendar's METHOD and ``salt`` (a meeting's deadline items)."""
    return hashlib.sha256(method.encode() + b"\n" + salt + b"\n" + probe).hexdigest()


def unstamp(event: bytes) -> bytes | None:
    """A VEVENT as written back to its probe (SEQUENCE 0, the fixed DTSTAMP): the inverse of
    :func:`_restamp`, for rebuilding a lost state from the files; ``None`` if it is not ours."""
    if len(_REAL_STAMP.findall(event)) != 1 or len(_REAL_SEQUENCE.findall(event)) != 1:
        return None
    return _REAL_SEQUENCE.sub(_PROBE_SEQUENCE, _REAL_STAMP.sub(_PROBE_STAMP, event))


def _restamp(probe: bytes, sequence: int, stamp: datetime) -> bytes:
    """``probe`` (rendered with SEQUENCE 0 and the fixed DTSTAMP) with the real values."""
    assert probe.count(_PROBE_STAMP) == 1 and probe.count(_PROBE_SEQUENCE) == 1
    real_stamp = _stamp_line(stamp)
    real_sequence = b"\r\nSEQUENCE:%d\r\n" % sequence
    return probe.replace(_PROBE_STAMP, real_stamp).replace(_PROBE_SEQUENCE, real_sequence)


@lru_cache(maxsize=64)
def _stamp_line(stamp: datetime) -> bytes:
    """A DTSTAMP line (cached: most items of an export carry one of a few moments)."""
    return b"\r\nDTSTAMP:" + stamp.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ").encode() + b"\r\n"


def item_record(
    kind: str, owner: str, summary: str, start: str, end: str, location: str, attendee: Person | None, cancelled: bool
) -> Record:
    """What the state keeps of an item before :meth:`Versions.make` numbers it (no UID, SEQUENCE or
    fingerprint yet)."""
    return Record("", kind, owner, 0, EPOCH, "", summary, start, end, location, attendee, cancelled)
