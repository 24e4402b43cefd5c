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
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from icalendar import Calendar

from scheduler.errors import InputError
from scheduler.files.addresses import address_key, from_mailto
from scheduler.files.atomic import confined
from scheduler.files.reasons import file_reason
from scheduler.invites.calendar import NAMESPACE, meeting_uid
from scheduler.invites.names import DEADLINES_DIR, OFFICE_FILE
from scheduler.invites.state import (
    ADDRESS_COPY,
    STATE_NAME,
    Person,
    Record,
    Sent,
    State,
    address_copy_key,
    is_address_copy,
)
from scheduler.invites.versions import (
    DEADLINE,
    EPOCH,
    MEETING,
    MEETING_COPY,
    OFFICE_DEADLINE,
    OFFICE_MEETING,
    item_fingerprint,
    unstamp,
)
from scheduler.text.messages import CATALOG, Message

_BEGIN, _END = b"BEGIN:VEVENT\r\n", b"END:VEVENT\r\n"


def event_blocks(data: bytes) -> list[bytes]:
    """Each VEVENT of a calendar file's bytes, exactly as written: from a ``BEGIN:VEVENT`` line to the
    first ``END:VEVENT`` line after it, one after another (what the pattern
    ``BEGIN:VEVENT\\r\\n.*?END:VEVENT\\r\\n`` finds, found with ``bytes.find``: five times faster
    than the pattern, which steps through every byte; 10,000 files at 5,000 units)."""
    blocks: list[bytes] = []
    find = data.find
    start = find(_BEGIN)
    while start >= 0:
        end = find(_END, start + len(_BEGIN))
        if end < 0:
            break
        end += len(_END)
        blocks.append(data[start:end])
        start = find(_BEGIN, end)
    return blocks


@dataclass(frozen=True)
class Mailed:
    """What the mail journal says of one invite: its unit, the highest SEQUENCE it names and the address
    it was last mailed to (empty: never sent, nor in doubt)."""

    unit: str
    sequence: int
    address: str = ""
    start: str = ""
    """The start the invite was last mailed with (ISO with its offset; empty: not kept, or never sent)."""
    end: str = ""
    """Its end, likewise."""


def mailed_keys(mailed: Mapping[str, Mailed] | None) -> frozenset[str]:
    """The journal keys whose invite the journal says went out (or may have: in doubt)."""
    return frozenset(key for key, m in (mailed or {}).items() if m.address)


def last_times(mailed: Mapping[str, Mailed] | None) -> dict[str, tuple[str, str]]:
    """Journal key -> the (start, end) its invite was last mailed with: what a cancellation names as the
    time it calls off, the time its recipient was told (QA qacamp24 F4: an export not mailed since, a
    timezone changed and put back, must not put its time in the letter)."""
    return {key: (m.start, m.end) for key, m in (mailed or {}).items() if m.address and m.start}


def last_addresses(mailed: Mapping[str, Mailed] | None) -> dict[str, str]:
    """Journal key -> the address its invite was last mailed to: where a cancellation goes when the
    table no longer has one (the address cleared before the unit or person was taken off)."""
    return {key: m.address for key, m in (mailed or {}).items() if m.address}


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
        raise _fail(path, Message("input.unreadable", reason=file_reason(exc))) from exc
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
    blocks = event_blocks(data)
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
    mailed = {key: m for key, m in mailed.items() if meeting_uid(campaign, m.unit) == _unit_uid(key)}  # this campaign's
    names = set(units) | {m.unit for m in mailed.values()} | _office_names(office)
    owners = _by_uid(MEETING, campaign, names)
    items: dict[str, _Item] = {}
    salts: dict[str, bytes] = {}
    invites = [_unit_invite(path, root, campaign, owners, items, salts) for path in unit_files]
    invites += _address_copies(root, campaign, invites, items, salts)
    if office.is_file():
        for item in _office_items(office, campaign, names):
            items[item.record.uid] = _fingerprinted(item, b"")
    records = {uid: item.record for uid, item in items.items()}
    floored(records, campaign, mailed, set(units), root)
    return State(campaign, dict(sorted(records.items())), tuple(invites), OFFICE_FILE)


def _one_invite(path: Path) -> tuple[bytes, str, object, bytes]:
    """An invite file's bytes, its METHOD and its one event (with the event's own lines), refused
    (``safety.not_an_invite``) unless it is one event sent, updated, cancelled or published."""
    data, calendar = _read(path)
    pairs = _items(path, data, calendar)
    method = str(calendar.get("METHOD", ""))
    if len(pairs) != 1 or method not in ("REQUEST", "CANCEL", "PUBLISH"):
        raise _fail(path, Message("safety.not_an_invite"))
    event, block = pairs[0]
    return data, method, event, block


def _unit_uid(key: str) -> str:
    """The unit invite's UID a journal key names: the key itself, or the UID before a copy's tag."""
    return key.split(ADDRESS_COPY)[0]


def _unit_invite(
    path: Path,
    root: Path,
    campaign: str,
    owners: Mapping[str, str],
    items: dict[str, _Item],
    salts: dict[str, bytes] | None = None,
) -> Sent:
    """One unit's invite file read back: its item (and its deadlines' items) added to ``items``, its entry
    (``salts``: the digest of its deadlines its fingerprint took, by file, for its copies')."""
    data, method, event, block = _one_invite(path)
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
        if salts is not None and found:
            salts[path.name] = hashlib.sha256(fingerprints.encode()).digest()
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


def _address_copies(
    root: Path, campaign: str, invites: list[Sent], items: dict[str, _Item], salts: Mapping[str, bytes]
) -> list[Sent]:
    """The copies of unit invites to further addresses (``<unit>/<address>.ics``, docs/invites.md) read
    back: each one's record (keyed by its journal key, fingerprinted as the export does: with its unit's
    deadlines) added to ``items``, its entry. A file there that is no copy of a unit's invite of the
    campaign stops the rebuild, as a stray invite does."""
    mains = {Path(s.file).stem: s for s in invites}
    out = []
    for path in sorted(root.glob("*/*.ics")):
        if path.parent.name == DEADLINES_DIR or path.name.startswith("."):
            continue
        data, method, event, block = _one_invite(path)
        main = mains.get(path.parent.name)
        attendee = _person(event.get("ATTENDEE"))  # type: ignore[attr-defined]
        if main is None or attendee is None or attendee.address is None or str(event.get("UID")) != main.uid:  # type: ignore[attr-defined]
            raise _fail(path, Message("safety.foreign_invite", campaign=campaign))
        key = address_copy_key(main.uid, attendee.address)
        person = Person(main.unit, attendee.address)
        item = _record(path, event, block, MEETING_COPY, main.unit, person, method)
        cancelled = method == "CANCEL"  # with STATUS:CANCELLED, or without: the person uninvited, the meeting held
        item = replace(item, record=replace(item.record, uid=key, cancelled=item.record.cancelled or cancelled))
        items[key] = _fingerprinted(item, b"" if item.record.cancelled else salts.get(main.file, b""))
        record = items[key].record
        out.append(
            replace(
                main,
                sequence=record.sequence,
                method=method,
                file=path.relative_to(root).as_posix(),
                sha256=hashlib.sha256(data).hexdigest(),
                attendee=person,
                cancelled=record.cancelled,
                key=key,
                deadlines_file=None if record.cancelled else main.deadlines_file,
                deadlines_sha256=None if record.cancelled else main.deadlines_sha256,
            )
        )
    return out


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


def _holds(record: Record, address: str) -> bool:
    """Whether the unit's invite ``record`` goes to ``address`` (its mailbox, case aside)."""
    own = record.attendee.address if record.attendee is not None else None
    return bool(own and address) and address_key(own or "") == address_key(address)


def floored(
    records: dict[str, Record], campaign: str, mailed: Mapping[str, Mailed], units: Collection[str], root: Path
) -> bool:
    """What the journal says was mailed is never undercut: a higher SEQUENCE than the file's (or the
    state's) wins, and its content counts as changed. Whether anything was raised."""
    raised = False
    for uid, sent in mailed.items():
        if meeting_uid(campaign, sent.unit) != _unit_uid(uid):  # another campaign's line in a shared journal
            continue
        record = records.get(uid)
        if record is not None:
            if sent.sequence > record.sequence:
                records[uid] = replace(record, sequence=sent.sequence, fingerprint="")
                raised = True
            continue
        if is_address_copy(uid):  # a copy to a further address, its file gone: as its unit's meeting was
            base = records.get(_unit_uid(uid))
            if base is not None and _holds(base, sent.address):
                continue  # its address holds the unit's own invite now (the first taken off): nothing lost
            if base is None or not base.start:
                raise _fail(root / STATE_NAME, Message("safety.mailed_file_missing", unit=sent.unit))
            if _same_address(base, sent.address):  # its address now has the unit's own invite (the first
                if sent.sequence > base.sequence:  # address taken off): that record is its (QA jobs17 F3)
                    records[base.uid] = replace(base, sequence=sent.sequence, fingerprint="")
                    raised = True
                continue
            person = Person(sent.unit, sent.address or None)
            records[uid] = replace(
                base, uid=uid, kind=MEETING_COPY, sequence=sent.sequence, fingerprint="", attendee=person
            )
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
            dtstamp=EPOCH,
            fingerprint="",
            summary="",
            start="",
            end="",
            attendee=Person(sent.unit),
        )
    return raised


def _same_address(record: Record, address: str) -> bool:
    """Whether ``record`` is mailed to ``address`` (compared without case, as mail servers do)."""
    mine = record.attendee.address if record.attendee is not None else None
    return bool(address) and bool(mine) and str(mine).casefold() == address.casefold()


def settled_state(
    root: Path,
    campaign: str,
    rebuild: Callable[[], State | None],
    floor: Callable[[dict[str, Record], State], bool],
    days: Sequence[date] = (),
    timezone: str = "UTC",
    mailed: Collection[str] = (),
    clock_year: bool = False,
) -> tuple[State | None, Message | None]:
    """The state of the invites folder ``root``, for either kind of campaign, and why it was rebuilt
    (``None``: read as it was). One rule for both: a missing state, a damaged one or one that names a
    file outside its folder is rebuilt (``rebuild()``: from the files and the journal); a state of
    another campaign, or of last round (``mailed``: the journal keys mailed) for rules whose ``days``
    (in ``timezone``; ``clock_year``: their year the current one's) are a new round's, is refused
    (:func:`scheduler.invites.rounds.check_round`); a
    state behind its files or the journal (``floor``: raises the records to what was mailed, whether it
    did) is raised, and counts as rebuilt."""
    from scheduler.files.now import planning_now
    from scheduler.invites.rounds import check_round
    from scheduler.invites.state import DamagedState, read_state

    if root.exists() and not root.is_dir():
        raise InputError(Message("safety.not_a_folder"), str(root))
    path = root / STATE_NAME
    try:
        state = read_state(path)
        if state is not None and not state_is_confined(state):
            raise DamagedState(str(path))
    except DamagedState:
        state = rebuild()
        check_round(state, campaign, days, timezone, planning_now(), str(path), mailed, clock_year)
        return state, Message("safety.rebuilt", why=Message("safety.state_damaged"), path=path)
    if state is None:
        state = rebuild()
        check_round(state, campaign, days, timezone, planning_now(), str(path), mailed, clock_year)
        return state, Message("safety.rebuilt", why=Message("safety.state_missing"), path=path) if state else None
    check_round(state, campaign, days, timezone, planning_now(), str(path), mailed, clock_year)
    records = dict(state.items)
    behind = raised_to_files(records, file_sequences(root, state))
    if floor(records, state) or behind:
        state = replace(state, items=records)
        return state, Message("safety.rebuilt", why=Message("safety.state_behind"), path=path)
    return state, None


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
    edited, may say less than the files beside it), by record: a meeting participant's cancellation
    has a record of its own (its journal key). Files that cannot be read are left to the export."""
    names: list[tuple[str, str]] = [
        (s.file, s.key if s.cancelled or is_address_copy(s.key) or s.key in state.items else "") for s in state.invites
    ]
    names += [(s.deadlines_file, "") for s in state.invites if s.deadlines_file]
    if state.office_file:
        names.append((state.office_file, ""))
    found: dict[str, int] = {}
    for name, own in names:
        try:
            data = (root / name).read_bytes()
        except OSError:
            continue
        for block in event_blocks(data):
            uid, sequence = _UID.search(block), _SEQUENCE.search(block)
            if uid and sequence:
                key = own or uid[1].decode("utf-8", "replace")
                found[key] = max(found.get(key, 0), int(sequence[1]))
    return found


def raised_to_files(records: dict[str, Record], sequences: Mapping[str, int]) -> bool:
    """Records whose file holds a higher SEQUENCE get it (and count as changed); whether any did."""
    raised = False
    for uid, sequence in sequences.items():
        record = records.get(uid)
        if record is not None and sequence > record.sequence:
            records[uid] = _raised(record, sequence)
            raised = True
    return raised


# -- a meeting campaign's state (one file per meeting and participant, ``<meeting>/<person>.ics``)


def _copy_owner(path: Path, title: str, names: Collection[str]) -> str | None:
    """The participant a copy's file belongs to: the name whose ``<meeting>/<person>.ics`` (or the
    name with its short suffix, :func:`scheduler.invites.meetings.copy_file`) is this file's."""
    from scheduler.invites.meetings import copy_files
    from scheduler.invites.names import file_key

    relative = file_key(f"{path.parent.name}/{path.name}")  # Windows' and macOS' folder may be another case's
    for name in sorted(names):
        if relative in map(file_key, copy_files(title, name)):
            return name
    return None


def _copy_attendee(event: object, name: str, method: str) -> Person:
    """The participant's ATTENDEE in their copy (a REQUEST names everyone: the one whose CN is theirs)."""
    from scheduler.invites.attendees import cn_text

    found = event.get("ATTENDEE")  # type: ignore[attr-defined]
    every = found if isinstance(found, list) else [found] if found is not None else []
    attendees = [a for a in every if str(getattr(a, "params", {}).get("CN", "")) == cn_text(name)]
    if not attendees and method == "CANCEL" and len(every) == 1:  # a CANCEL names its recipient
        attendees = every
    if not attendees:
        return Person(name)
    person = _person(attendees[0]) or Person(name)
    role = str(getattr(attendees[0], "params", {}).get("ROLE", ""))
    return Person(name, person.address, role)


def rebuild_meeting_state(
    directory: str | Path,
    campaign: str,
    titles: Collection[str],
    names: Collection[str],
    mailed: Mapping[str, Mailed] | None = None,
) -> State | None:
    """A meeting campaign's state rebuilt from its copies (``<meeting>/<person>.ics``) and ``mailed``, or
    ``None`` when there is nothing to rebuild from. ``titles`` and ``names``: the table's meetings and
    people (with those the journal names, a copy's owner is found among them by its file's name).

    Each meeting's record takes the SEQUENCE, DTSTAMP and place of its live copies (REQUEST, or PUBLISH
    for someone without an address) and, as its fingerprint, their bytes (:data:`FILE_PRINT`): a
    meeting that renders the same again is unchanged. A meeting whose copies are all cancellations is
    a meeting called off; each CANCEL keeps its own record, so it stays byte-identical. The journal
    then raises what was mailed above the files (:func:`floored_copies`).
    Raises :class:`InputError` naming the file when the folder cannot be read back safely.
    """
    from scheduler.invites.meetings import CANCELLED_COPY, FILE_PRINT, SESSION
    from scheduler.invites.meetings import meeting_uid as session_uid

    root = Path(directory)
    mailed = dict(mailed or {})
    paths = sorted(p for p in root.glob("*/*.ics") if not p.name.startswith(".") and p.parent.name != DEADLINES_DIR)
    if not paths and not mailed:
        return None
    people = set(names) | {m.unit for m in mailed.values()}
    known = {session_uid(campaign, t): t for t in titles}
    items: dict[str, Record] = {}
    live: dict[str, list[tuple[Record, str, bytes | None]]] = {}
    invites: list[Sent] = []
    for path in paths:
        sent, item = _meeting_copy(path, campaign, known, people)
        invites.append(sent)
        if sent.cancelled:
            items[sent.key] = item.record
        else:
            live.setdefault(sent.uid, []).append((item.record, sent.method, item.probe))
    for uid, copies in live.items():
        base = min(r.sequence for r, _, _ in copies)  # copies above it were raised alone (their own record)
        items[uid] = _session_record([c for c in copies if c[0].sequence == base], FILE_PRINT)
        items.update(own_copies([(r, s) for (r, _, _), s in zip(copies, _live(invites, uid), strict=True)], base))
    called_off: dict[str, Record] = {}  # a meeting whose copies are all cancellations was called off
    for record in sorted(items.values(), key=lambda r: -r.sequence):
        uid = record.uid.split("/")[0]
        if record.kind == CANCELLED_COPY and uid not in live:
            called_off.setdefault(uid, record)  # the highest SEQUENCE of its cancellations
    for uid, record in called_off.items():
        items[uid] = replace(
            record, uid=uid, kind=SESSION, owner=record.summary, fingerprint="", attendee=None,
            start=_naive(record.start), end=_naive(record.end),
        )  # fmt: skip
    floored_copies(items, invites, campaign, mailed, known, root, rebuilt=True)
    return State(campaign, dict(sorted(items.items())), tuple(invites), OFFICE_FILE)


def _meeting_copy(path: Path, campaign: str, known: Mapping[str, str], people: Collection[str]) -> tuple[Sent, _Item]:
    """One participant's copy read back: its entry, and its item (the meeting's, for a live copy; for a
    CANCEL, the cancellation's own record, keyed by the copy's journal key)."""
    from scheduler.invites.meetings import ALL_LISTED, CANCELLED_COPY, SESSION, UNINVITED_COPY, person_key
    from scheduler.invites.meetings import meeting_uid as session_uid

    data, method, event, block = _one_invite(path)
    uid = str(event.get("UID", ""))  # type: ignore[attr-defined]
    summary = str(event.get("SUMMARY", ""))  # type: ignore[attr-defined]
    title = known.get(uid) or (summary if session_uid(campaign, summary) == uid else None)
    owner = title and (_copy_owner(path, title, people) or _copy_owner(path, title, [path.stem]))
    if title is None or not owner:
        raise _fail(path, Message("safety.foreign_invite", campaign=campaign))
    attendee = _copy_attendee(event, owner, method) if method != "PUBLISH" else Person(owner)
    item = _record(path, event, block, SESSION, title, None, method)
    record, key = item.record, person_key(uid, owner)
    if method == "CANCEL":  # without STATUS: this person uninvited, the meeting still held
        kind = CANCELLED_COPY if record.cancelled else UNINVITED_COPY
        found = event.get("ATTENDEE")  # type: ignore[attr-defined]
        listed = ALL_LISTED if kind == CANCELLED_COPY and isinstance(found, list) and len(found) > 1 else ""
        copy = replace(record, uid=key, kind=kind, owner=owner, fingerprint=listed, attendee=attendee, cancelled=True)
        item = replace(item, record=copy)
    organizer = _person(event.get("ORGANIZER")) or Person("")  # type: ignore[attr-defined]
    sent = Sent(
        unit=owner, uid=uid, sequence=record.sequence, method=method, file=f"{path.parent.name}/{path.name}",
        sha256=hashlib.sha256(data).hexdigest(), attendee=attendee, contact="", organizer=organizer,
        start=record.start, end=record.end, location=record.location, change="unchanged",
        cancelled=method == "CANCEL", key=key,
    )  # fmt: skip
    return sent, item


def _naive(text: str) -> str:
    """A session record's time as the export keeps it: local, without its offset."""
    return datetime.fromisoformat(text).replace(tzinfo=None).isoformat() if text else text


def _live(invites: Sequence[Sent], uid: str) -> list[Sent]:
    """The live copies of meeting ``uid`` among ``invites``, in their order."""
    return [s for s in invites if s.uid == uid and not s.cancelled]


def own_copies(copies: Sequence[tuple[Record, Sent]], base: int) -> dict[str, Record]:
    """The records of a meeting's live copies above its SEQUENCE ``base`` (a person's change alone: their
    address, or invited again after a CANCEL), each with its SEQUENCE and DTSTAMP, keyed by journal key."""
    from scheduler.invites.meetings import OWN_PRINT, PERSON_COPY

    return {
        sent.key: replace(
            record,
            uid=sent.key,
            kind=PERSON_COPY,
            owner=sent.unit,
            fingerprint=OWN_PRINT,
            attendee=sent.attendee,
            start=_naive(record.start),
            end=_naive(record.end),
            cancelled=False,
        )
        for record, sent in copies
        if record.sequence > base
    }


def _session_record(copies: list[tuple[Record, str, bytes | None]], prefix: str) -> Record:
    """A meeting's record from its live copies: the highest SEQUENCE, and as fingerprint the bytes every
    REQUEST (else every PUBLISH) copy shares ("" when they differ or are not ours: changed)."""
    top = max(copies, key=lambda c: c[0].sequence)[0]
    method = "REQUEST" if any(m == "REQUEST" for _, m, _ in copies) else "PUBLISH"
    probes = {p for r, m, p in copies if m == method and r.sequence == top.sequence}
    fingerprint = ""
    if len(probes) == 1 and None not in probes and all(r.sequence == top.sequence for r, _, _ in copies):
        (probe,) = probes
        assert probe is not None
        fingerprint = f"{prefix}{method}:{item_fingerprint(method, b'', probe)}"
    return replace(top, fingerprint=fingerprint, start=_naive(top.start), end=_naive(top.end), cancelled=False)


def floored_copies(
    records: dict[str, Record],
    invites: Collection[Sent],
    campaign: str,
    mailed: Mapping[str, Mailed],
    meetings: Mapping[str, str],
    root: Path,
    rebuilt: bool = False,
) -> bool:
    """:func:`floored` for a meeting campaign, whose journal names each participant's copy
    (``<UID>/<person>``): a copy mailed at a higher SEQUENCE than its record (its cancellation's, else its
    meeting's) raises that record, which then counts as changed. ``meetings``: the table's, UID -> title.

    A line whose meeting neither the records nor the table know is another campaign's (a shared
    journal) and is left alone. In a state ``rebuilt`` from the files, a copy mailed without an entry
    is a copy whose file is gone, which could not be updated or cancelled: refused, naming the person.
    (A state an export wrote may lack a copy an earlier release dropped: a person without an address
    taken off a meeting. Nothing is refused for it.) Whether anything was raised."""
    from scheduler.invites.meetings import SESSION, person_key

    raised = False
    copies = {(s.uid, s.unit) for s in invites}
    for key, sent in mailed.items():
        uid = key.split("/")[0]
        if "/" not in key or person_key(uid, sent.unit) != key or (uid not in records and uid not in meetings):
            continue  # a unit campaign's line, a reminder's, or another campaign's meeting
        if rebuilt and (uid, sent.unit) not in copies:
            raise _fail(root / STATE_NAME, Message("safety.mailed_copy_missing", person=sent.unit))
        target = key if key in records else uid
        record = records.get(target)
        if record is None:  # every file of the meeting is gone, the meeting is in the table
            title = meetings[uid]
            records[uid] = Record(uid, SESSION, title, sent.sequence, EPOCH, "", title, "", "")
            raised = True
        elif sent.sequence > record.sequence:
            records[target] = _raised(record, sent.sequence)
            raised = True
    return raised


def _raised(record: Record, sequence: int) -> Record:
    """``record`` at ``sequence``, counting as changed (no fingerprint); a cancelled meeting copy keeps its
    mark of listing every attendee (:data:`scheduler.invites.meetings.ALL_LISTED`), which is its shape."""
    from scheduler.invites.meetings import ALL_LISTED

    return replace(record, sequence=sequence, fingerprint=ALL_LISTED if record.fingerprint == ALL_LISTED else "")
