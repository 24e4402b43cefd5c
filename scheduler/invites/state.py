"""The invites' state file (``state.json`` beside the ``.ics`` files): what was last exported.

For every calendar item ever exported (a unit's meeting, a deadline in a unit's
calendar, an item of the office's calendar) it keeps the UID, the SEQUENCE and
DTSTAMP last written, a fingerprint of the rest of its content, and what a
cancellation needs (summary, times, place, attendee). For every unit it keeps
the invite last written: file, method, SEQUENCE, attendee, the file's SHA-256 and
whether that export changed it. docs/invites.md describes it.

Parsing and dumping are pure; :func:`read_state` is the only function that reads.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from functools import lru_cache
from json.encoder import encode_basestring as _escape
from pathlib import Path
from typing import Any

from scheduler.errors import InputError, check_format
from scheduler.files.reasons import file_reason
from scheduler.text.messages import Message

FORMAT = 1
STATE_NAME = "state.json"


@dataclass(frozen=True)
class Person:
    """A calendar user: a display name and a mail address (``None`` when unknown).

    ``role`` is a meeting participant's ROLE in the invite last sent (``REQ-PARTICIPANT`` or
    ``OPT-PARTICIPANT``), which a later CANCEL for that person repeats; empty for a unit.
    """

    name: str
    address: str | None = None
    role: str = ""


@dataclass(frozen=True)
class Record:
    """One calendar item as last exported.

    ``kind`` is ``meeting`` (a unit's invite), ``deadline`` (an item of a unit's
    deadline calendar), ``office-meeting`` or ``office-deadline``; ``owner`` is the
    unit (empty for the office's items). ``start``/``end`` are ISO text: a date for
    all-day items, else a date-time with its UTC offset.
    """

    uid: str
    kind: str
    owner: str
    sequence: int
    dtstamp: datetime
    fingerprint: str
    summary: str
    start: str
    end: str
    location: str = ""
    attendee: Person | None = None
    cancelled: bool = False

    def __reduce__(self) -> tuple[type[Record], tuple[object, ...]]:
        """Pickled as its fields in order (rebuilt by the class): the 35,000 items of the deadline calendars
        that ``solve --out``'s forked child hands back at 5,000 units (issue 16) took 0.20 s to pickle as
        dictionaries of their fields, 0.12 s so."""
        return (Record, tuple(getattr(self, name) for name in _RECORD_FIELDS))


_RECORD_FIELDS = tuple(f.name for f in fields(Record))


@dataclass(frozen=True)
class Sent:
    """What a unit's invite file held after the last export (for a mailer reading it back)."""

    unit: str
    uid: str
    sequence: int
    method: str
    file: str
    sha256: str
    attendee: Person
    contact: str
    organizer: Person
    start: str
    end: str
    location: str
    change: str
    deadlines_file: str | None = None
    deadlines_sha256: str | None = None
    cancelled: bool = False
    key: str = ""
    """A meeting participant's journal key (``<UID>/<person>``), or a unit's further address's
    (``<UID>/to-<address>``, :func:`address_copy_key`); empty for a unit's own invite."""
    delegates: tuple[str, ...] = ()
    """The addresses that may answer for the attendee (the contacts' 代理邮箱), as this export read them."""
    delegated_from: str = ""
    """A meeting's copy to a delegate (RFC 5546 3.2.2.3): the participant who handed the meeting on to
    this address (``unit`` is the address; the first, when several did); empty for every other copy."""
    delegated_also: tuple[str, ...] = ()
    """The other participants who handed the meeting on to the same address (one copy for them all)."""

    @property
    def delegators(self) -> tuple[str, ...]:
        """Everyone who handed the meeting on to this copy's address (none: not a delegate's copy)."""
        return (self.delegated_from, *self.delegated_also) if self.delegated_from else ()


ADDRESS_COPY = "/to-"
"""What a journal key of a unit's invite to one of its further addresses holds after the UID."""


def address_copy_key(uid: str, address: str) -> str:
    """The journal key (and the state's record) of the copy of unit invite ``uid`` mailed to ``address``,
    one of the unit's further addresses (ASCII: it is part of the Message-ID). The address's mailbox
    decides (:func:`~scheduler.files.addresses.address_key`: case aside), so a copy stays the same copy
    whatever the order of the contacts' rows."""
    from scheduler.files.addresses import address_key  # (here: a unit solve loads the state, not addresses)

    digest = uuid.uuid5(uuid.NAMESPACE_URL, "mailto:" + address_key(address)).hex[:12]
    return f"{uid}{ADDRESS_COPY}{digest}"


def is_address_copy(key: str) -> bool:
    """Whether ``key`` is a unit invite's copy to a further address (not a meeting participant's copy)."""
    return ADDRESS_COPY in key


@dataclass(frozen=True)
class State:
    """The state of one campaign's invites folder."""

    campaign: str
    items: Mapping[str, Record] = field(default_factory=dict)
    invites: tuple[Sent, ...] = ()
    office_file: str | None = None


@lru_cache(maxsize=64)
def _stamp(moment: datetime) -> str:
    """(Cached: an export stamps most of its items with the same moment.)"""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _person(value: Person | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {"name": value.name, "address": value.address, **({"role": value.role} if value.role else {})}


def dump_state(state: State) -> bytes:
    """The state as JSON text (UTF-8, sorted, one item per UID)."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    stamps: dict[datetime, str] = {}
    items = [_item_line(state.items[uid], encode, stamps) for uid in sorted(state.items)]
    invites = [
        {
            "unit": s.unit,
            "uid": s.uid,
            "sequence": s.sequence,
            "method": s.method,
            "file": s.file,
            "sha256": s.sha256,
            "attendee": _person(s.attendee),
            "contact": s.contact,
            "organizer": _person(s.organizer),
            "start": s.start,
            "end": s.end,
            "location": s.location,
            "change": s.change,
            "deadlines_file": s.deadlines_file,
            "deadlines_sha256": s.deadlines_sha256,
            "cancelled": s.cancelled,
            **({"key": s.key} if s.key else {}),
            **({"delegates": list(s.delegates)} if s.delegates else {}),
            **({"delegated_from": s.delegated_from} if s.delegated_from else {}),
            **({"delegated_also": list(s.delegated_also)} if s.delegated_also else {}),
        }
        for s in state.invites
    ]
    data = {
        "format": FORMAT,
        "campaign": state.campaign,
        "office_file": state.office_file,
        "invites": invites,
        "items": items,
    }
    return _one_per_line(data).encode("utf-8")


class _Line(str):
    """A list entry :func:`_one_per_line` writes as it is: already JSON."""


def _item_line(r: Record, encode: Any, stamps: dict[datetime, str]) -> _Line:
    """An item's line, as the encoder writes the dictionary of its fields, written as text: each
    string escaped by the encoder's own escaper (38,340 items at 5,000 units: 0.12 s instead of 0.38 s
    of building and encoding dictionaries). A field of another type than its own (a state built in
    code) takes the dictionary's way."""
    stamp = stamps.get(r.dtstamp)
    if stamp is None:
        stamp = stamps[r.dtstamp] = _escape(_stamp(r.dtstamp))
    if type(r.sequence) is int and type(r.cancelled) is bool:  # (a bool is an int, and True is not 1 here)
        try:
            return _Line(
                f'{{"uid": {_escape(r.uid)}, "kind": {_escape(r.kind)}, "owner": {_escape(r.owner)}, '
                f'"sequence": {r.sequence}, "dtstamp": {stamp}, "fingerprint": {_escape(r.fingerprint)}, '
                f'"summary": {_escape(r.summary)}, "start": {_escape(r.start)}, "end": {_escape(r.end)}, '
                f'"location": {_escape(r.location)}, "attendee": {_person_line(r.attendee)}, '
                f'"cancelled": {"true" if r.cancelled else "false"}}}'
            )
        except TypeError:  # a field that is not a string
            pass
    fields = {
        "uid": r.uid,
        "kind": r.kind,
        "owner": r.owner,
        "sequence": r.sequence,
        "dtstamp": _stamp(r.dtstamp),
        "fingerprint": r.fingerprint,
        "summary": r.summary,
        "start": r.start,
        "end": r.end,
        "location": r.location,
        "attendee": _person(r.attendee),
        "cancelled": r.cancelled,
    }
    return _Line(encode(fields))


def _person_line(value: Person | None) -> str:
    """:func:`_person` as the encoder writes it (a ``TypeError`` for a field that is not a string)."""
    if value is None:
        return "null"
    address = "null" if value.address is None else _escape(value.address)
    role = f', "role": {_escape(value.role)}' if value.role else ""
    return f'{{"name": {_escape(value.name)}, "address": {address}{role}}}'


def _one_per_line(data: dict[str, Any]) -> str:
    """``data`` as JSON with each invite and item on a line of its own: readable and diffable like
    ``indent=1``, but written by the C encoder (``indent`` takes the pure-Python one: 5 of the 34 s
    of a 5,000-unit export under the profiler), one encoder for every line (``json.dumps`` with
    ``ensure_ascii=False`` makes a new one each time: 0.15 of 0.7 s at 5,000 units)."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    parts = []
    for key, value in data.items():
        if isinstance(value, list):
            rows = ",\n  ".join(v if isinstance(v, _Line) else encode(v) for v in value)
            parts.append(f" {json.dumps(key)}: [\n  {rows}\n ]" if value else f" {json.dumps(key)}: []")
        else:
            parts.append(f" {json.dumps(key)}: {encode(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


class DamagedState(InputError):
    """A state file that is not what :func:`dump_state` writes (or names a file outside its folder)."""

    def __init__(self, path: str | None) -> None:
        super().__init__(Message("input.bad_state"), path)


def _read_stamp(text: str, seen: dict[str, datetime]) -> datetime:
    """A record's ``dtstamp`` (``2021-09-06T08:00:00Z``), each distinct text parsed once (``seen``)."""
    found = seen.get(text)
    if found is None:
        found = seen[text] = datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return found


def parse_state(data: bytes, path: str | None = None) -> State:
    """Read state JSON written by :func:`dump_state`; anything else is a :class:`DamagedState`."""
    try:
        raw = json.loads(data.decode("utf-8"))
        check_format(raw.get("format"), FORMAT, path)  # another version's: said so, never rebuilt
        items = {}
        stamps: dict[str, datetime] = {}  # one export's items share a stamp: 38,340 strptime calls were 0.7 s
        for entry in raw["items"]:
            record = Record(
                uid=_uid(entry["uid"]),
                kind=str(entry["kind"]),
                owner=str(entry["owner"]),
                sequence=int(entry["sequence"]),
                dtstamp=_read_stamp(entry["dtstamp"], stamps),
                fingerprint=str(entry["fingerprint"]),
                summary=str(entry["summary"]),
                start=str(entry["start"]),
                end=str(entry["end"]),
                location=str(entry.get("location", "")),
                attendee=_read_person(entry.get("attendee")),
                cancelled=bool(entry.get("cancelled", False)),
            )
            items[record.uid] = record
        invites = tuple(
            Sent(
                unit=str(e["unit"]),
                uid=_uid(e["uid"]),
                sequence=int(e["sequence"]),
                method=str(e["method"]),
                file=str(e["file"]),
                sha256=str(e["sha256"]),
                attendee=_read_person(e["attendee"]) or Person(str(e["unit"])),
                contact=str(e.get("contact", "")),
                organizer=_read_person(e["organizer"]) or Person(""),
                start=str(e["start"]),
                end=str(e["end"]),
                location=str(e.get("location", "")),
                change=str(e["change"]),
                deadlines_file=_text_or_none(e.get("deadlines_file")),
                deadlines_sha256=_text_or_none(e.get("deadlines_sha256")),
                cancelled=bool(e.get("cancelled", False)),
                key=str(e.get("key", "")),
                delegates=tuple(str(a) for a in e.get("delegates", ())),
                delegated_from=str(e.get("delegated_from", "")),
                delegated_also=tuple(str(n) for n in e.get("delegated_also", ())),
            )
            for e in raw["invites"]
        )
        return State(str(raw["campaign"]), items, invites, _text_or_none(raw.get("office_file")))
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
        raise DamagedState(path) from exc


_UID = re.compile(r"[A-Za-z0-9._@/+=-]{1,200}")
"""A UID as this program writes them (a UUID, a participant's ``<uuid>/<12 hex>``) or a mail client
might: ASCII without spaces or invisible characters. Anything else (a ZERO WIDTH JOINER slipped into a
hand-edited state) is damage, rebuilt from the invite files and the journal: read as it was, the UID
named an invite never sent, and ``send`` mailed a cancellation of it (qafuzz17 #6)."""


def _uid(value: Any) -> str:
    if not isinstance(value, str) or not _UID.fullmatch(value):
        raise ValueError("uid")
    return value


def _text_or_none(value: Any) -> str | None:
    """A file name or digest as written (text) or none; any other JSON value is damage (a bool or a
    table is no file name: taken as one, it crashed the confinement check)."""
    if value is None or isinstance(value, str):
        return value
    raise TypeError(type(value).__name__)


def _read_person(value: Any) -> Person | None:
    if value is None:
        return None
    address = value.get("address")
    return Person(str(value["name"]), None if address is None else str(address), str(value.get("role", "")))


def read_state(path: str | Path) -> State | None:
    """The state file at ``path``, or ``None`` if there is none yet."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InputError(Message("input.unreadable", reason=file_reason(exc)), str(path)) from exc
    return parse_state(data, str(path))
