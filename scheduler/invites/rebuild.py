"""A lost or damaged ``state.json`` rebuilt from the invite files and the mail journal: SEQUENCE never goes back.

Without its state an export would start every item again at SEQUENCE 0, and
calendars ignore an update whose SEQUENCE is not higher than the one they hold.
Every fact the state keeps is also in the files it describes, so the state is
rebuilt from them:

* each ``<unit>.ics`` gives its invite (UID, SEQUENCE, DTSTAMP, times, place,
  attendee, whether cancelled); ``deadlines/<unit>.ics`` the unit's deadline
  items; ``office.ics`` the office's items;
* each item's fingerprint is computed again from its own bytes (the VEVENT with
  SEQUENCE 0 and the fixed DTSTAMP, as the export computes it), so an unchanged
  unit stays unchanged: byte-identical files, nothing mailed;
* the owner of each invite is the unit whose UID it carries (UIDs derive from the
  campaign and the unit's name), looked up among the table's units, the names the
  journal and the files give;
* the journal then sets a floor: a unit mailed a higher SEQUENCE than its file says
  (the folder restored from an old copy) gets that SEQUENCE, and its content
  counts as changed, so the next invite goes out with a SEQUENCE above it.

What cannot be rebuilt is refused, naming the file: an invite file that is not
ours or belongs to no unit of this campaign, or a unit the journal says was
mailed whose invite file is gone and that is no longer in the table (its
cancellation could not be written).
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from icalendar import Calendar

from scheduler.errors import InputError
from scheduler.files.addresses import from_mailto
from scheduler.files.atomic import confined
from scheduler.invites.calendar import (
    DEADLINE,
    DEADLINES_DIR,
    MEETING,
    NAMESPACE,
    OFFICE_DEADLINE,
    OFFICE_FILE,
    OFFICE_MEETING,
    item_fingerprint,
    meeting_uid,
    unstamp,
)
from scheduler.invites.state import STATE_NAME, Person, Record, Sent, State
from scheduler.text.messages import CATALOG, Message

_EVENT = re.compile(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", re.S)
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Mailed:
    """What the mail journal says of one invite: its unit and the highest SEQUENCE it names."""

    unit: str
    sequence: int


@dataclass(frozen=True)
class _Item:
    record: Record
    method: str
    probe: bytes | None


def _fail(path: Path, reason: Message) -> InputError:
    return InputError(Message("safety.cannot_rebuild", reason=reason), str(path))


def _read(path: Path) -> tuple[bytes, Calendar]:
    try:
        data = path.read_bytes()
        return data, Calendar.from_ical(data)
    except OSError as exc:
        raise _fail(path, Message("input.unreadable", reason=exc.strerror or str(exc))) from exc
    except ValueError as exc:
        raise _fail(path, Message("safety.not_a_calendar")) from exc


def _person(value: object) -> Person | None:
    if value is None:
        return None
    address = from_mailto(str(value))
    name = str(getattr(value, "params", {}).get("CN", ""))
    return Person(name, address or None)


def _iso(value: object) -> str:
    moment = getattr(value, "dt", value)
    if isinstance(moment, date):  # a date-time is a date too
        return moment.isoformat()
    raise ValueError("time")


def _items(path: Path, data: bytes, calendar: Calendar) -> list[tuple[object, bytes]]:
    """Each VEVENT of a file with its exact bytes (what the fingerprint is taken from)."""
    events = calendar.walk("VEVENT")
    blocks = _EVENT.findall(data)
    if len(events) != len(blocks):
        raise _fail(path, Message("safety.not_a_calendar"))
    return list(zip(events, blocks, strict=True))


def _record(
    path: Path, event: object, block: bytes, kind: str, owner: str, attendee: Person | None, method: str
) -> _Item:
    try:
        get = event.get  # type: ignore[attr-defined]
        stamp = get("DTSTAMP").dt.astimezone(UTC)
        record = Record(
            uid=str(get("UID")),
            kind=kind,
            owner=owner,
            sequence=int(get("SEQUENCE", 0)),
            dtstamp=stamp,
            fingerprint="",
            summary=str(get("SUMMARY", "")),
            start=_iso(get("DTSTART")),
            end=_iso(get("DTEND")),
            location=str(get("LOCATION", "")),
            attendee=attendee,
            cancelled=str(get("STATUS", "")).upper() == "CANCELLED",
        )
    except (AttributeError, TypeError, ValueError) as exc:
        raise _fail(path, Message("safety.not_a_calendar")) from exc
    return _Item(record, method, unstamp(block))


def _by_uid(kind: str, campaign: str, names: Collection[str]) -> dict[str, str]:
    """The UID each name would have for ``kind`` in ``campaign`` (UIDs derive from both)."""
    return {str(uuid.uuid5(NAMESPACE, "\x1f".join((campaign, kind, name)))): name for name in names}


def _office_names(path: Path) -> set[str]:
    """The unit names the office calendar's items carry in their summaries (``对接：{unit}``)."""
    if not path.is_file():
        return set()
    before, _, after = CATALOG["invite.office_summary"][0].partition("{unit}")
    _, calendar = _read(path)
    names = set()
    for event in calendar.walk("VEVENT"):
        summary = str(event.get("SUMMARY", ""))
        if summary.startswith(before) and summary.endswith(after):
            names.add(summary[len(before) : len(summary) - len(after) or None])
    return names


def rebuild_state(
    directory: str | Path, campaign: str, units: Collection[str], mailed: Mapping[str, Mailed] | None = None
) -> State | None:
    """The state of the invites folder ``directory`` rebuilt from its files and ``mailed`` (the journal),
    or ``None`` when there is nothing to rebuild from (a new campaign). ``units``: the table's units.

    Raises :class:`InputError` naming the file when the folder cannot be read back safely.
    """
    root = Path(directory)
    mailed = dict(mailed or {})
    unit_files = sorted(p for p in root.glob("*.ics") if p.name != OFFICE_FILE and not p.name.startswith("."))
    office = root / OFFICE_FILE
    if not unit_files and not office.is_file() and not mailed:
        return None
    mailed = {uid: m for uid, m in mailed.items() if meeting_uid(campaign, m.unit) == uid}  # this campaign's
    names = set(units) | {m.unit for m in mailed.values()} | _office_names(office)
    owners = _by_uid(MEETING, campaign, names)
    items: dict[str, _Item] = {}
    invites = [_unit_invite(path, root, campaign, owners, items) for path in unit_files]
    if office.is_file():
        for item in _office_items(office, campaign, names):
            items[item.record.uid] = _fingerprinted(item, b"")
    records = {uid: item.record for uid, item in items.items()}
    floored(records, campaign, mailed, set(units), root)
    return State(campaign, dict(sorted(records.items())), tuple(invites), OFFICE_FILE)


def _unit_invite(path: Path, root: Path, campaign: str, owners: Mapping[str, str], items: dict[str, _Item]) -> Sent:
    """One unit's invite file read back: its item (and its deadlines' items) added to ``items``, its entry."""
    data, calendar = _read(path)
    pairs = _items(path, data, calendar)
    method = str(calendar.get("METHOD", ""))
    if len(pairs) != 1 or method not in ("REQUEST", "CANCEL", "PUBLISH"):
        raise _fail(path, Message("safety.not_an_invite"))
    event, block = pairs[0]
    attendee = _person(event.get("ATTENDEE"))  # type: ignore[attr-defined]
    uid = str(event.get("UID", ""))  # type: ignore[attr-defined]
    named = attendee.name if attendee else ""  # the CN: a name's " written as “ ” (calendar.cn_text)
    unquoted = named.replace("“", '"').replace("”", '"')
    owner = owners.get(uid) or _by_uid(MEETING, campaign, {path.stem, named, unquoted}).get(uid)
    if owner is None:
        raise _fail(path, Message("safety.foreign_invite", campaign=campaign))
    person = Person(owner, attendee.address if attendee is not None else None)
    item = _record(path, event, block, MEETING, owner, person, method)
    deadlines = root / DEADLINES_DIR / path.name
    salt = b""
    deadlines_sha = None
    if deadlines.is_file():
        extra, deadline_calendar = _read(deadlines)
        found = [
            _record(deadlines, e, b, DEADLINE, owner, None, "PUBLISH")
            for e, b in _items(deadlines, extra, deadline_calendar)
        ]
        for found_item in found:
            items[found_item.record.uid] = _fingerprinted(found_item, b"")
        fingerprints = "".join(items[i.record.uid].record.fingerprint for i in found)
        salt = hashlib.sha256(fingerprints.encode()).digest() if found and not item.record.cancelled else b""
        deadlines_sha = hashlib.sha256(extra).hexdigest()
    items[item.record.uid] = _fingerprinted(item, salt)
    record = items[item.record.uid].record
    organizer = _person(event.get("ORGANIZER")) or Person("")  # type: ignore[attr-defined]
    return Sent(
        unit=owner,
        uid=uid,
        sequence=record.sequence,
        method=method,
        file=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        attendee=person,
        contact="",
        organizer=organizer,
        start=record.start,
        end=record.end,
        location=record.location,
        change="unchanged",
        deadlines_file=f"{DEADLINES_DIR}/{path.name}" if deadlines_sha else None,
        deadlines_sha256=deadlines_sha,
        cancelled=record.cancelled,
    )


def _fingerprinted(item: _Item, salt: bytes) -> _Item:
    """The item with the fingerprint the export would give its bytes ("" if they are not ours: changed)."""
    fingerprint = item_fingerprint(item.method, salt, item.probe) if item.probe is not None else ""
    return replace(item, record=replace(item.record, fingerprint=fingerprint))


def _office_items(path: Path, campaign: str, names: Collection[str]) -> list[_Item]:
    data, calendar = _read(path)
    owners = _by_uid(OFFICE_MEETING, campaign, names)
    out = []
    for event, block in _items(path, data, calendar):
        timed = isinstance(getattr(event.get("DTSTART"), "dt", None), datetime)  # type: ignore[attr-defined]
        kind = OFFICE_MEETING if timed else OFFICE_DEADLINE
        owner = owners.get(str(event.get("UID", ""))) if timed else ""  # type: ignore[attr-defined]
        out.append(_record(path, event, block, kind, owner or "", None, "PUBLISH"))
    return out


def floored(
    records: dict[str, Record], campaign: str, mailed: Mapping[str, Mailed], units: Collection[str], root: Path
) -> bool:
    """What the journal says was mailed is never undercut: a higher SEQUENCE than the file's (or the
    state's) wins, and its content counts as changed. Whether anything was raised."""
    raised = False
    for uid, sent in mailed.items():
        if meeting_uid(campaign, sent.unit) != uid:  # another campaign's line in a shared journal
            continue
        record = records.get(uid)
        if record is not None:
            if sent.sequence > record.sequence:
                records[uid] = replace(record, sequence=sent.sequence, fingerprint="")
                raised = True
            continue
        if sent.unit not in units:  # mailed, its file gone, and no longer in the table: no way to cancel it
            raise _fail(root / STATE_NAME, Message("safety.mailed_file_missing", unit=sent.unit))
        raised = True
        records[uid] = Record(
            uid=uid,
            kind=MEETING,
            owner=sent.unit,
            sequence=sent.sequence,
            dtstamp=_EPOCH,
            fingerprint="",
            summary="",
            start="",
            end="",
            attendee=Person(sent.unit),
        )
    return raised


def state_is_confined(state: State) -> bool:
    """Whether every file a state names stays inside its folder (a damaged or hostile state may not)."""
    names = [s.file for s in state.invites] + [s.deadlines_file for s in state.invites if s.deadlines_file]
    if state.office_file is not None:
        names.append(state.office_file)
    return all(confined(name) for name in names)


_UID = re.compile(rb"\r\nUID:([^\r\n]+)\r\n")
_SEQUENCE = re.compile(rb"\r\nSEQUENCE:(\d+)\r\n")


def file_sequences(root: Path, state: State) -> dict[str, int]:
    """The SEQUENCE each item has in the files ``state`` names (a state restored from an old copy, or
    edited, may say less than the files beside it). Files that cannot be read are left to the export."""
    names = [s.file for s in state.invites] + [s.deadlines_file for s in state.invites if s.deadlines_file]
    if state.office_file:
        names.append(state.office_file)
    found: dict[str, int] = {}
    for name in names:
        try:
            data = (root / name).read_bytes()
        except OSError:
            continue
        for block in _EVENT.findall(data):
            uid, sequence = _UID.search(block), _SEQUENCE.search(block)
            if uid and sequence:
                key = uid[1].decode("utf-8", "replace")
                found[key] = max(found.get(key, 0), int(sequence[1]))
    return found


def raised_to_files(records: dict[str, Record], sequences: Mapping[str, int]) -> bool:
    """Records whose file holds a higher SEQUENCE get it (and count as changed); whether any did."""
    raised = False
    for uid, sequence in sequences.items():
        record = records.get(uid)
        if record is not None and sequence > record.sequence:
            records[uid] = replace(record, sequence=sequence, fingerprint="")
            raised = True
    return raised
