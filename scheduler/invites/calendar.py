"""Calendar invites for a timetable: one iTIP message per unit, the notice's deadlines, the office's calendar.

Pure: takes a problem, a timetable, the invite settings, the contacts and the
state of the previous export, and returns the bytes of every file and the new
state. :mod:`scheduler.invites.folder` reads and writes them; docs/invites.md
explains what a regeneration does.

Per unit (RFC 5545, iTIP RFC 5546):

* ``<unit>.ics``: ``METHOD:REQUEST`` with one VEVENT (the unit as ATTENDEE, the
  office as ORGANIZER, a VALARM), or ``METHOD:CANCEL`` once the unit is no longer
  in the timetable. A unit without an address gets ``METHOD:PUBLISH`` (no
  ATTENDEE: an appointment to import by hand). One UID per message, as iTIP
  requires, so the deadlines cannot travel in it:
* ``deadlines/<unit>.ics``: ``METHOD:PUBLISH``, one all-day item per deadline or
  period of the notice that concerns the unit (explicit dates, no RRULE).

``office.ics`` (``METHOD:PUBLISH``) holds every meeting and every deadline.

UIDs are UUIDs derived from the campaign and the unit (never the time). An item
whose content is unchanged keeps its SEQUENCE and DTSTAMP, so its bytes are
identical; a changed item gets SEQUENCE + 1 and a new DTSTAMP.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import cached_property, lru_cache, wraps
from typing import ParamSpec, TypeVar
from zoneinfo import ZoneInfo

from scheduler.domain import Problem, Timetable, Unit
from scheduler.errors import ArgumentError, wrong
from scheduler.files.addresses import address_key
from scheduler.files.contacts import ByUnit, Contact, unknown_units
from scheduler.invites.attendees import address_parts, cancelled_to, check_given
from scheduler.invites.lines import EventLines, address_line
from scheduler.invites.names import DEADLINES_DIR, FIXED_NAMES, OFFICE_FILE, file_key, file_name, unique_file
from scheduler.invites.state import (
    ADDRESS_COPY,
    STATE_NAME,
    Person,
    Record,
    Sent,
    State,
    address_copy_key,
    dump_state,
    is_address_copy,
)
from scheduler.invites.vcalendar import wrap_calendar
from scheduler.invites.versions import (
    DEADLINE,
    EPOCH,
    MEETING,
    MEETING_COPY,
    NEW,
    OFFICE_DEADLINE,
    OFFICE_MEETING,
    UNCHANGED,
    UPDATED,
    Versions,
    item_fingerprint,
    item_record,
)
from scheduler.text.messages import CATALOG, Message, invite_text, invites_in, invites_language, joined
from scheduler.text.names import name_key
from scheduler.text.times import dated, end_clock, format_day, format_time

__all__ = ["Export", "Invite", "InviteSettings", "Milestone", "Person", "build_invites", "meeting_uid"]

P = ParamSpec("P")
R = TypeVar("R")

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "docking-scheduler.invalid")
_ALL_DAY_REMINDER = timedelta(hours=-15)
"""Deadline reminders: 9:00 the day before an all-day item."""


@dataclass(frozen=True)
class Milestone:
    """A date the notice sets besides the meetings: who, what, when.

    ``who`` names categories or units (empty: every unit). ``dates`` holds one
    ``(first, last)`` pair per occurrence, both days included: a single day is a
    deadline ("by 9月13日"), a longer span a period ("9月26日至9月30日").
    """

    id: str
    what: str
    dates: tuple[tuple[date, date], ...]
    who: tuple[str, ...] = ()
    detail: str = ""
    location: str = ""
    line: int | None = None

    def concerns(self, unit: Unit) -> bool:
        """Whether the milestone is one of ``unit``'s."""
        return not self.who or unit.name in self.who or (bool(unit.category) and unit.category in self.who)


@dataclass(frozen=True)
class InviteSettings:
    """What the rules file says about invites (see docs/formats.md, "Invites").

    ``summary`` and ``description`` are templates (``str.format`` fields listed in
    :data:`TEMPLATE_FIELDS`); ``bring`` maps a category (or ``*``) to what its
    units bring; ``contacts`` is the contacts table's path as written, relative
    to ``base``.
    """

    campaign: str
    organizer: Person
    summary: str = ""
    description: str = ""
    bring: Mapping[str, str] = field(default_factory=dict)
    reminder_minutes: int = 30
    milestones: tuple[Milestone, ...] = ()
    contacts: str | None = None
    base: str | None = None
    calendar_name: str = ""
    language: str = "zh"
    """What the invites and letters are written in: ``zh`` or ``en`` (``[invites] language``, by default
    the table's: English headers give English invites; docs/mail.md)."""
    language_given: bool = False
    """Whether ``[invites] language`` said it: else a folder's invites keep the language they were written
    in (:func:`scheduler.invites.language.kept_language`)."""

    def items(self, units: int, further: int = 0) -> int:
        """At most how many calendar items an export of ``units`` units makes: each unit's
        invite and the office's copy of it, each milestone date in each unit's deadline file,
        and the office's own milestone items (what an export's time grows with); ``further``:
        the units' further addresses (:meth:`~scheduler.files.contacts.Contacts.further`), each
        with an invite of its own (5,000 units with three addresses each wrote 15,008 files where
        one address wrote 5,008, and the reserve did not grow: QA qashapes20 F3)."""
        dates = sum(len(m.dates) for m in self.milestones)
        return units * (2 + dates) + dates + further * FURTHER_ADDRESS_ITEMS


FURTHER_ADDRESS_ITEMS = 6
"""What a unit's further address costs to write, in calendar items: a file of its own, its calendar
rendered whole (made from the unit's rendering since the twentieth session; the count stays the late
line's floor, each file's own cost being what the run's sample does not measure). Measured on a calm
machine (load 0.6-1, nineteenth session's end): 5,000 units with long names,
``solve --objective stable --time-limit 2 --out`` ended 3.45 s after the start with one
address a unit and 7.22 s with three (10,000 further addresses: about 0.38 ms each), where an item's
expected share is about 0.066 ms (0.12 ms kept, 0.55 of it used)."""


TEMPLATE_FIELDS = (
    "unit",
    "category",
    "contact",
    "title",
    "time",
    "date",
    "end",
    "room",
    "bring",
    "milestones",
    "organizer",
    "organizer_email",
)


@dataclass(frozen=True)
class Invite:
    """One unit's invite as exported: everything a mailer needs, and the exact bytes.

    ``method`` is ``REQUEST``, ``CANCEL``, or ``PUBLISH`` when the unit has no
    address (nothing to mail; the file is handed over by other means).
    ``change`` says what this export did to it: ``new``, ``updated``,
    ``cancelled`` or ``unchanged``. ``deadlines`` (may be ``None``) is the unit's
    deadline calendar, to attach beside the invite.
    """

    unit: str
    attendee: Person
    contact: str
    organizer: Person
    uid: str
    sequence: int
    method: str
    change: str
    start: datetime
    end: datetime
    location: str
    filename: str
    data: bytes
    cancelled: bool = False
    deadlines_filename: str | None = None
    deadlines: bytes | None = None
    deadlines_change: str = UNCHANGED
    key: str = ""
    """A meeting's invite to one of its participants (docs/meetings.md): the journal's key for this
    person's copy (``<UID>/<person>``), since every participant shares the meeting's UID; a unit's invite
    to one of its further addresses (docs/invites.md): its copy's (``<UID>/to-…``,
    :func:`~scheduler.invites.state.address_copy_key`). Empty for a unit's own invite, whose UID is its own."""
    delegates: tuple[str, ...] = ()
    """The addresses that may answer this invite for its attendee (the contacts' or people sheet's 代理邮箱):
    kept in ``state.json`` for ``replies``, never written into the invite itself."""
    delegated_from: str = ""
    """A meeting's copy to a delegate (RFC 5546 3.2.2.3, ``ATTENDEE;DELEGATED-FROM``): the participant who
    handed the meeting on to this address (the first in the meeting's order, when several did); empty for
    every other invite."""
    delegated_also: tuple[str, ...] = ()
    """The other participants who handed the same meeting on to the same address: one copy for them all, its
    ``DELEGATED-FROM`` a list (RFC 5545 3.2.4), and the delegate's one answer fills each of their seats."""

    @property
    def journal_key(self) -> str:
        """What the mail journal records this invite's messages under: ``key``, else the UID."""
        return self.key or self.uid

    @property
    def delegators(self) -> tuple[str, ...]:
        """Everyone who handed the meeting on to this copy's address (none: not a delegate's copy)."""
        return (self.delegated_from, *self.delegated_also) if self.delegated_from else ()

    @property
    def shared(self) -> bool:
        """Whether the invite is a meeting participant's (a meeting table's), not a unit's: a unit's copy to
        a further address has a key too, and is a unit's invite all the same."""
        return bool(self.key) and not is_address_copy(self.key)

    @property
    def addressee(self) -> str:
        """Whom a message of this invite is for, as every summary line names them: the unit (or person); a
        unit's further address with that address (``区财政局 <czj2@example.org>``), since the unit's own
        address may be mailed otherwise in the same run."""
        return f"{self.unit} <{self.attendee.address}>" if is_address_copy(self.key) else self.unit

    @property
    def changed(self) -> bool:
        """Whether this export wrote different bytes for the invite than the last one."""
        return self.change != UNCHANGED


def all_started(invites: Sequence[Invite], now: datetime) -> tuple[datetime, dict[str, str]] | None:
    """When every one of ``invites`` has started by ``now`` (aware): the first start, and the first and
    last starts and now as a message names them (``first``, ``last``, ``now``: each with its year when
    the other's differs, a table of 2021 written in 2026); else ``None``. The one test by which ``send``
    refuses (its mailed invites) and ``ics`` warns: such a table is usually one of another year."""
    starts = [i.start for i in invites]
    if not starts or max(starts) > now:
        return None
    first, last = min(starts), max(starts)
    here = now.astimezone(first.tzinfo).replace(tzinfo=None)
    said: dict[str, str] = {
        "first": format_time(first.replace(tzinfo=None), (here.year,)),
        "last": format_time(last.replace(tzinfo=None), (here.year,)),
        "now": format_time(here, (first.year,)),
    }
    return first, said


@dataclass(frozen=True)
class Export:
    """The result of an export: the invites, the office's calendar and the new state."""

    invites: tuple[Invite, ...]
    office: bytes
    office_change: str
    state: State
    unknown_contacts: tuple[str, ...] = ()
    previous: tuple[Sent, ...] = ()
    """The invites of the state this export started from: what each updated invite was before."""

    def before(self, invite: Invite) -> Sent | None:
        """What ``invite`` was in the export before this one (``None`` for a new one)."""
        return self._previous_by_key.get(invite.journal_key)

    @cached_property
    def _previous_by_key(self) -> dict[str, Sent]:
        """``previous`` by journal key, the first of a key kept (made once: a scan per invite took 2 s
        for 5,000 updated invites, review 9)."""
        out: dict[str, Sent] = {}
        for sent in self.previous:
            out.setdefault(sent.key or sent.uid, sent)
        return out

    def files(self) -> dict[str, bytes]:
        """Every file (path relative to the invites folder -> bytes), the state file last."""
        return {**self.calendars(), STATE_NAME: dump_state(self.state)}

    def calendars(self) -> dict[str, bytes]:
        """Every file of :meth:`files` but the state file: ready at once (the state's JSON is made
        when asked: 0.8 s at 5,000 units)."""
        out: dict[str, bytes] = {}
        for invite in self.invites:
            out[invite.filename] = invite.data
            if invite.deadlines_filename and invite.deadlines is not None:
                out[invite.deadlines_filename] = invite.deadlines
        out[OFFICE_FILE] = self.office
        return out

    @property
    def file_count(self) -> int:
        """How many files :meth:`files` gives, counted without making them (the state file's JSON
        alone took 0.9 s at 5,000 units)."""
        deadlines = len({i.deadlines_filename for i in self.invites if i.deadlines_filename and i.deadlines})
        return len({i.filename for i in self.invites}) + deadlines + 2  # the office's calendar, the state

    @property
    def changed(self) -> tuple[Invite, ...]:
        """The invites this export changed (new, moved, cancelled...)."""
        return tuple(i for i in self.invites if i.changed)

    @property
    def people(self) -> bool:
        """Whether the invites go to a meeting table's participants (people), not to units."""
        return any(i.shared for i in self.invites)

    @property
    def without_address(self) -> tuple[Invite, ...]:
        """Units in the timetable whose contact has no mail address."""
        return tuple(i for i in self.invites if i.attendee.address is None and not i.cancelled)


def meeting_uid(campaign: str, unit: str) -> str:
    """The UID of ``unit``'s meeting: the same for every export of ``campaign``."""
    return _uid(campaign, MEETING, unit)


def _uid(campaign: str, *parts: str) -> str:
    """``str(uuid.uuid5(NAMESPACE, name))`` for the parts joined (tests hold the two together), from
    the namespace's SHA-1 state taken once: a 5,000-unit export derives 38,000 UIDs."""
    digest = _NAMESPACE_SHA1.copy()
    digest.update("\x1f".join((campaign, *parts)).encode("utf-8"))
    raw = bytearray(digest.digest()[:16])
    raw[6] = (raw[6] & 0x0F) | 0x50  # version 5
    raw[8] = (raw[8] & 0x3F) | 0x80  # the RFC 4122 variant
    text = raw.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


_NAMESPACE_SHA1 = hashlib.sha1(NAMESPACE.bytes, usedforsecurity=False)


def _text(key: str, **params: object) -> str:
    """Invite content is in the campaign's language whatever the CLI's (:func:`~scheduler.text.messages.invites_in`):
    the people invited read it."""
    return invite_text(key, **params)


def _template(key: str) -> str:
    """A catalog sentence with its ``{fields}`` left to fill (the defaults of ``summary`` and
    ``description``, filled like the rules file's own templates), in the invites' language."""
    return CATALOG[key][1 if invites_language() == "en" else 0]


@lru_cache(maxsize=256)
def _when(milestone: Milestone, years: frozenset[int], lang: str = "zh") -> str:
    """The milestone's dates as the notice writes them: ``9月13日前``, ``9月26日至9月30日`` (in English
    ``by Sep 13``, ``Sep 26 to Sep 30``); a day of none of the campaign's ``years`` says its year (a
    campaign across New Year has two)."""
    english = lang == "en"

    def day(moment: date) -> str:
        return dated(format_day(moment, years), lang)

    if all(first == last for first, last in milestone.dates):
        days = joined([day(first) for first, _ in milestone.dates], lang)
        return f"by {days}" if english else f"{days}前"
    between = " to " if english else "至"
    return joined(
        [day(first) if first == last else f"{day(first)}{between}{day(last)}" for first, last in milestone.dates], lang
    )


def _render(template: str, values: Mapping[str, str]) -> str:
    text = template.format(**values)
    text = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return re.sub(r"\n{3,}", "\n\n", text) if "\n\n\n" in text else text


@dataclass
class _Context:
    problem: Problem
    settings: InviteSettings
    zone: ZoneInfo
    years: frozenset[int]
    versions: Versions
    organizer: Person
    all_day_probes: dict[tuple[date, date, str, str, str], bytes] = field(default_factory=dict)
    told: dict[tuple[str, datetime, str, Contact | None], tuple[dict[str, str], str]] = field(default_factory=dict)
    """Each unit's meeting's values and summary as the first of its two items rendered them (the office's
    copy, made first, then the unit's invite): the same values for both."""
    around: tuple[tuple[object, ...], bytes, bytes] | None = None
    """The last meeting invite rendered with an ATTENDEE: what it was rendered from (UID, times, room, summary,
    description), its bytes before the ATTENDEE line and after it. A copy to one of the unit's further
    addresses, made right after, differs only in that line when its text is the same (a template that
    names the contact person makes it differ): it is these bytes around its own line, not a rendering of
    its own (5,000 units with three addresses each: 10,000 renderings fewer, QA qashapes20 F3)."""


def aware(now: object) -> datetime:
    """``now``, once it is known to be an aware ``datetime``: a naive one (``datetime.now()``) is
    refused with :class:`~scheduler.errors.ArgumentError`, as it would be read as UTC or as the
    machine's zone, and on a UTC+8 office PC stamp every invite 8 hours off. The one check of the
    invites' ``now``."""
    if not isinstance(now, datetime):
        raise wrong("now", now, Message("kind.a", type="datetime"))
    if now.utcoffset() is None:
        raise ArgumentError(Message("argument.naive", name="now", value=now))
    return now


def _context(problem: Problem, settings: InviteSettings, state: State | None, now: datetime) -> _Context:
    old = dict(state.items) if state is not None else {}
    zone = ZoneInfo(problem.calendar.timezone)
    return _Context(problem, settings, zone, problem.calendar.years, Versions(old, aware(now)), settings.organizer)


class _FileNames:
    """Each unit's invite file name: the one the state gave it, else its own (with 8 digits of its UID
    when another file takes that name on Windows or macOS), in the order asked."""

    def __init__(self, campaign: str, state: State | None) -> None:
        self.campaign = campaign
        invites = state.invites if state is not None else ()
        self.taken = {s.unit: s.file for s in invites if not s.key}
        self.copies = {s.key: s.file for s in invites if s.key}  # a unit's further addresses' copies
        self.used = {file_key(name) for name in (*self.taken.values(), *self.copies.values(), *FIXED_NAMES)}

    def __call__(self, unit: str) -> str:
        if unit not in self.taken:  # two names for one file on Windows or macOS: the second gets a suffix
            stem, suffix = file_name(unit), meeting_uid(self.campaign, unit)[:8]
            self.taken[unit] = unique_file(f"{stem}.ics", f"{stem}-{suffix}.ics", self.used)
        return self.taken[unit]

    def copy(self, unit: str, key: str, address: str) -> str:
        """The file of the copy ``key`` of ``unit``'s invite to a further ``address``: the one the state
        gave it, else ``<unit's file without .ics>/<address>.ics``."""
        if key not in self.copies:
            stem = f"{self(unit).removesuffix('.ics')}/{file_name(address)}"
            self.copies[key] = unique_file(f"{stem}.ics", f"{stem}-{key[-8:]}.ics", self.used)
        return self.copies[key]


@dataclass(frozen=True)
class UnitDeadlines:
    """One unit's deadline calendar as :func:`build_invites` makes it: the file (``deadlines/…``),
    its bytes (``None``: the unit has none), its change, the digest its invite carries, the items."""

    file: str
    data: bytes | None
    change: str
    digest: bytes
    records: tuple[Record, ...]


@dataclass(frozen=True)
class Deadlines:
    """The units' deadline calendars, made before the timetable exists (they depend on none of it:
    a unit's dates come from its category and the milestones): :func:`build_deadlines`."""

    units: dict[str, UnitDeadlines]

    def files(self) -> dict[str, bytes]:
        """The calendars' files, as :meth:`Export.calendars` names them (relative to the invites folder)."""
        return {d.file: d.data for d in self.units.values() if d.data is not None}


def in_invites_language(build: Callable[P, R]) -> Callable[P, R]:
    """``build`` writing in the language of the :class:`InviteSettings` it is given
    (:func:`~scheduler.text.messages.invites_in`)."""

    @wraps(build)
    def built(*args: P.args, **kwargs: P.kwargs) -> R:
        settings = kwargs.get("settings") or next((a for a in args if isinstance(a, InviteSettings)), None)
        with invites_in(settings.language if isinstance(settings, InviteSettings) else "zh"):
            return build(*args, **kwargs)

    return built


@in_invites_language
def build_deadlines(problem: Problem, settings: InviteSettings, state: State | None, now: datetime) -> Deadlines:
    """Each unit's deadline calendar, as :func:`build_invites` makes it for a timetable that holds
    every unit of ``problem`` (``solve``'s always does): made while the timetable is searched for, and
    handed to :func:`build_invites` with the same ``state`` and ``now``."""
    ctx = _context(problem, settings, state, now)
    file_for = _FileNames(settings.campaign, state)
    units: dict[str, UnitDeadlines] = {}
    for unit in sorted(problem.units, key=lambda u: problem.position(u.name)):
        filename = file_for(unit.name)
        data, change, digest = _deadlines(ctx, unit.name, unit)
        records = tuple(ctx.versions.records.values())
        ctx.versions.records.clear()  # (each unit's items are its own: none is looked at for another)
        units[unit.name] = UnitDeadlines(f"{DEADLINES_DIR}/{filename}", data, change, digest, records)
    return Deadlines(units)


# Long: one pass decides every unit's invite (new, updated, unchanged, cancelled) and the state it
# leaves, then the office's own calendar; the steps share the previous state and the versions.
@in_invites_language
def build_invites(
    problem: Problem,
    timetable: Timetable,
    settings: InviteSettings,
    contacts: Mapping[str, Contact],
    state: State | None,
    now: datetime,
    mailed: Mapping[str, str] | None = None,
    deadlines: Deadlines | Callable[[], Deadlines | None] | None = None,
) -> Export:
    """Every invite file for ``timetable`` and the new state.

    ``state`` is the previous export's (``None`` for the first); ``now`` (aware)
    becomes the DTSTAMP of whatever changed. Units without a start time are
    treated as not in the timetable: check the timetable first. A naive ``now``
    is refused (:class:`~scheduler.errors.ArgumentError`, :func:`aware`).
    ``mailed``: the address each invite (UID) was last mailed to, from the journal: a unit's
    cancellation goes there, even when its address was cleared before it left the table.
    ``deadlines``: the units' deadline calendars made beforehand by :func:`build_deadlines` from
    the same problem, settings, state and ``now`` (each unit's is used when it is there; the same
    bytes either way), or a function that gives them (or ``None``): called once the office's copies of
    the meetings, which need none, are made (``solve --out`` waits there for the child making them:
    issue 16, eighteenth session).
    """
    ctx = _context(problem, settings, state, now)
    contacts = _spelled_as_sent(state, _holder_first(state, contacts, mailed or {}))
    given = [(c.unit, a) for c in contacts.values() for a in (c.address, *c.delegates)]
    check_given([*given, (settings.organizer.name, settings.organizer.address)])
    zone = ctx.zone
    starts = timetable.starts()
    rooms = timetable.rooms()
    # a unit without a room in the timetable is in the only room; among several, no room is guessed (the
    # rooms' names joined once read as the room of a unit whose room was left blank: QA qarules20 F1)
    default_room = problem.rooms[0].name if len(problem.rooms) == 1 else ""
    length = timedelta(minutes=problem.calendar.minutes)
    file_for = _FileNames(settings.campaign, state)

    invites: list[Invite] = []
    office_meetings: list[bytes] = []
    taken_off = _first_taken_off(ctx, state, contacts, mailed or {})
    scheduled = [u for u in problem.units if u.name in starts]
    scheduled.sort(key=lambda u: (starts[u.name], problem.position(u.name)))
    for unit in scheduled:  # (first: they need no deadline calendar)
        start = starts[unit.name].replace(tzinfo=zone)
        room = rooms.get(unit.name) or default_room
        office_meetings.append(_office_meeting(ctx, unit, contacts.get(unit.name), start, start + length, room))
    beforehand = deadlines() if callable(deadlines) else deadlines
    ready = beforehand.units if beforehand is not None else {}
    for unit in sorted(scheduled, key=lambda u: problem.position(u.name)):
        contact = contacts.get(unit.name)
        start = starts[unit.name].replace(tzinfo=zone)
        room = rooms.get(unit.name) or default_room
        filename = file_for(unit.name)
        made = ready.get(unit.name)
        if made is not None and made.file == f"{DEADLINES_DIR}/{filename}":
            calendar, change, digest = made.data, made.change, made.digest
            ctx.versions.records.update((record.uid, record) for record in made.records)
        else:
            calendar, change, digest = _deadlines(ctx, unit.name, unit)
        attached = (f"{DEADLINES_DIR}/{filename}", calendar, change) if calendar is not None else None
        invite = _meeting(ctx, unit, contact, start, start + length, room, filename, digest, attached=attached)
        invites.append(invite)
        if contact is not None and contact.more:
            invites += _address_copies(ctx, unit, contact, invite, file_for, digest)
    for record in ctx.versions.leftover(MEETING):
        invite = _cancelled_meeting(ctx, record, file_for(record.owner), (mailed or {}).get(record.uid))
        calendar, change, _ = _deadlines(ctx, record.owner, None)
        if calendar is not None:
            name = f"{DEADLINES_DIR}/{invite.filename}"
            invite = replace(invite, deadlines_filename=name, deadlines=calendar, deadlines_change=change)
        invites.append(invite)
    held = {i.unit for i in invites if not i.cancelled}  # units whose meeting goes on: a copy is only uninvited
    names = _names_before(state)
    for record in taken_off:
        filename = file_for.copy(record.owner, record.uid, (record.attendee or Person("")).address or "")
        invites.append(_cancelled_meeting(ctx, record, filename, None, record.owner in held, names))
    live = {(i.unit, address_key(i.attendee.address)) for i in invites if i.attendee.address and not i.cancelled}
    for record in ctx.versions.leftover(MEETING_COPY):
        if record.attendee is not None and (record.owner, address_key(record.attendee.address or "")) in live:
            continue  # its address is now the unit's own (its first row gone): that invite reaches it
        filename = file_for.copy(record.owner, record.uid, (record.attendee or Person("")).address or "")
        mailed_to = (mailed or {}).get(record.uid)
        invites.append(_cancelled_meeting(ctx, record, filename, mailed_to, record.owner in held, names))
    for record in ctx.versions.leftover(OFFICE_MEETING):
        office_meetings.append(_office_cancelled(ctx, record))

    office_items = office_meetings + _office_deadlines(ctx)
    days = [
        datetime.fromisoformat(r.start).astimezone(zone).date()
        for r in ctx.versions.records.values()
        if r.kind == OFFICE_MEETING
    ]
    office_name = settings.calendar_name or _text("invite.office_calendar", title=problem.title or settings.campaign)
    office = wrap_calendar("PUBLISH", office_items, zone, days, office_name)
    office_uids = [r for r in ctx.versions.records.values() if r.kind in (OFFICE_MEETING, OFFICE_DEADLINE)]
    office_change = _combined(ctx, office_uids)

    new_state = State(
        campaign=settings.campaign,
        items=dict(sorted(ctx.versions.records.items())),
        invites=tuple(sent_record(i) for i in invites),
        office_file=OFFICE_FILE,
    )
    unknown = tuple(unknown_units(contacts, {u.name for u in problem.units} | {i.unit for i in invites}))
    previous = state.invites if state is not None else ()
    return Export(tuple(invites), office, office_change, new_state, unknown, previous)


def _combined(ctx: _Context, records: Sequence[Record]) -> str:
    """A whole file's change: unchanged only if every item in it is."""
    old = ctx.versions.old
    if not records:
        return UNCHANGED
    if all(r.uid in old and old[r.uid].fingerprint == r.fingerprint for r in records):
        return UNCHANGED
    return NEW if not any(r.uid in old for r in records) else UPDATED


def sent_record(invite: Invite) -> Sent:
    """What ``state.json`` keeps of an exported invite (a unit's or a meeting participant's)."""
    return Sent(
        unit=invite.unit,
        uid=invite.uid,
        sequence=invite.sequence,
        method=invite.method,
        file=invite.filename,
        sha256=hashlib.sha256(invite.data).hexdigest(),
        attendee=invite.attendee,
        contact=invite.contact,
        organizer=invite.organizer,
        start=invite.start.isoformat(),
        end=invite.end.isoformat(),
        location=invite.location,
        change=invite.change,
        deadlines_file=invite.deadlines_filename,
        deadlines_sha256=hashlib.sha256(invite.deadlines).hexdigest() if invite.deadlines is not None else None,
        cancelled=invite.cancelled,
        key=invite.key,
        delegates=invite.delegates,
        delegated_from=invite.delegated_from,
        delegated_also=invite.delegated_also,
    )


def _unit_milestones(ctx: _Context, unit: Unit) -> list[Milestone]:
    return [m for m in ctx.settings.milestones if m.concerns(unit)]


def _values(
    ctx: _Context, unit: Unit, contact: Contact | None, start: datetime, end: datetime, room: str
) -> dict[str, str]:
    settings = ctx.settings
    bring = settings.bring.get(unit.category) or settings.bring.get("*", "")
    lang = invites_language()
    colon = ": " if lang == "en" else "："
    lines = [f"· {_when(m, ctx.years, lang)}{colon}{m.what}" for m in _unit_milestones(ctx, unit)]
    return {
        "unit": unit.name,
        "category": unit.category,
        "contact": contact.person if contact else "",
        "title": ctx.problem.title,
        "time": dated(format_time(start), lang),
        "date": dated(format_day(start.date()), lang),
        "end": end_clock(end),
        "room": room,
        "bring": bring,
        "milestones": "\n".join(lines),
        "organizer": ctx.organizer.name,
        "organizer_email": ctx.organizer.address or "",
    }


def _summary(ctx: _Context, values: Mapping[str, str]) -> str:
    return _render(ctx.settings.summary or _template("invite.summary_default"), values)


def _default_description(values: Mapping[str, str]) -> str:
    """The default DESCRIPTION: the catalog's paragraphs, less those whose every field is empty
    (no ``请携带：`` line when nothing is to be brought, no dates heading without dates)."""
    kept = []
    for paragraph in _template("invite.description_default").split("\n\n"):
        fields = re.findall(r"\{(\w+)\}", paragraph)
        if not fields or any(values.get(f) for f in fields):
            kept.append(paragraph)
    return _render("\n\n".join(kept), values)


def _meeting(
    ctx: _Context,
    unit: Unit,
    contact: Contact | None,
    start: datetime,
    end: datetime,
    room: str,
    filename: str,
    deadlines: bytes = b"",
    key: str = "",
    attached: tuple[str, bytes, str] | None = None,
    said: tuple[str, str] | None = None,
) -> Invite:
    """The unit's REQUEST (or PUBLISH without an address).

    ``deadlines`` (a digest of the unit's deadline items) makes a change there
    a change of the invite too, so that a mailer sends the new deadlines. ``key``: the copy of the
    invite to one of the unit's further addresses (``contact`` holding that address and its person),
    which has its own SEQUENCE, record and journal key (:func:`~scheduler.invites.state.address_copy_key`).
    ``attached``: the unit's deadline calendar (its file, bytes and change), carried by the invite
    (made with it, not copied after: 5,000 ``dataclasses.replace`` calls were 3 % of an export).
    ``said``: its SUMMARY and DESCRIPTION when already known (a further address's copy whose text is
    the unit's invite's: :func:`_address_copies`).
    """
    if said is not None:
        summary, description = said
    else:
        told = None if key else ctx.told.pop((unit.name, start, room, contact), None)  # (the second of its two items)
        values, summary = told if told is not None else _told(ctx, unit, contact, start, end, room)
        template = ctx.settings.description
        description = _render(template, values) if template else _default_description(values)
    attendee = Person(unit.name, contact.address if contact else None)
    method = "REQUEST" if attendee.address else "PUBLISH"
    uid = meeting_uid(ctx.settings.campaign, unit.name)
    minutes = ctx.settings.reminder_minutes

    shape = (uid, start, end, room, summary, description)
    line = b""
    if attendee.address:
        parts = address_parts(attendee, role="REQ-PARTICIPANT", partstat="NEEDS-ACTION", rsvp="TRUE")
        line = address_line("attendee", *parts)
    if line and ctx.around is not None and ctx.around[0] == shape:  # a further address's copy
        probe = ctx.around[1] + line + ctx.around[2]
    else:
        event = _head(uid, start, end, summary, room, description, ctx.organizer)
        before = event.done_so_far()
        event.line(line)
        event.text("STATUS", "CONFIRMED").text("TRANSP", "OPAQUE")
        if minutes > 0:
            event.component(_alarm(timedelta(minutes=-minutes), _text("invite.reminder", summary=summary)))
        probe = event.done()
        if line:
            ctx.around = (shape, before, probe[len(before) + len(line) :])
    kind = MEETING_COPY if key else MEETING
    snapshot = item_record(kind, unit.name, summary, start.isoformat(), end.isoformat(), room, attendee, False)
    probe, change = ctx.versions.make(key or uid, method, probe, snapshot, deadlines)
    data = wrap_calendar(method, [probe], ctx.zone, [start.date()])
    record = ctx.versions.records[key or uid]
    return Invite(
        unit.name,
        attendee,
        contact.person if contact else "",
        ctx.organizer,
        uid,
        record.sequence,
        method,
        change,
        start,
        end,
        room,
        filename,
        data,
        deadlines_filename=attached[0] if attached else None,
        deadlines=attached[1] if attached else None,
        deadlines_change=attached[2] if attached else UNCHANGED,
        key=key,
        delegates=contact.delegates if contact else (),
    )


def _spelled_as_sent(state: State | None, contacts: Mapping[str, Contact]) -> Mapping[str, Contact]:
    """``contacts`` with each address that differs from the one its unit's invite was exported to only in
    case (``CZJ2@Example.ORG`` retyped for ``czj2@example.org``: one mailbox, :func:`address_key`) written
    as exported, so that a case-only edit changes no invite and mails nobody again (QA qaoffice18 F17)."""
    if state is None:
        return contacts
    sent = {
        (name_key(s.unit), address_key(s.attendee.address)): s.attendee.address
        for s in state.invites
        if s.attendee.address and not s.cancelled
    }
    if not sent:
        return contacts

    def spelled(unit: str, address: str) -> str:
        return sent.get((name_key(unit), address_key(address)), address)

    out = dict(contacts)
    for unit, contact in contacts.items():
        if contact.address is None:
            continue
        more = tuple((spelled(unit, address), person) for address, person in contact.more)
        address = spelled(unit, contact.address)
        if address != contact.address or more != contact.more:
            out[unit] = replace(contact, address=address, more=more)
    return ByUnit(out)


def _holder_first(
    state: State | None, contacts: Mapping[str, Contact], mailed: Mapping[str, str]
) -> Mapping[str, Contact]:
    """``contacts`` with each unit's address that holds the unit's own invite (the one it was last mailed
    to, else last exported to) put first, when it is still one of the unit's addresses: the unit's own
    invite stays with that person whatever the order of the rows or of the addresses in a cell, and an
    address added, above or below, gets a copy of its own (docs/invites.md, "A unit sending several
    people"). Only a unit whose holder is gone from its addresses gets a new first one."""
    if state is None:
        return contacts
    held = {
        name_key(s.unit): mailed.get(s.uid) or s.attendee.address
        for s in state.invites
        if not s.key and not s.cancelled
    }  # by the unit's name width aside, as the contacts find it (ByUnit)
    out = dict(contacts)
    for unit, contact in contacts.items():
        holder = held.get(name_key(unit))
        if not holder or not contact.more or contact.address is None:
            continue
        pairs = [(contact.address, contact.person), *contact.more]
        at = next((i for i, (a, _) in enumerate(pairs) if address_key(a) == address_key(holder)), 0)
        if at:
            address, person = pairs.pop(at)
            out[unit] = replace(contact, address=address, person=person, more=tuple(pairs))
    return ByUnit(out)


def _first_taken_off(
    ctx: _Context, state: State | None, contacts: Mapping[str, Contact], mailed: Mapping[str, str]
) -> list[Record]:
    """The units with several addresses whose first one (the unit's own invite's) was taken off while they
    keep others: a cancellation for that address, as a copy's (its record seeded to follow the invite it
    had), is returned for each. And the unit's invite, now going to the address that was its second, is
    numbered above that address's copy (a calendar ignores an invite older than the one it holds)."""
    if state is None:
        return []
    copies = {s.key: s for s in state.invites if is_address_copy(s.key) and not s.cancelled}
    several = {s.unit for s in copies.values()}
    out = []
    for sent in state.invites:
        contact = contacts.get(sent.unit)
        if sent.key or sent.cancelled or sent.unit not in several or contact is None or not contact.address:
            continue
        old = mailed.get(sent.uid) or sent.attendee.address
        before = ctx.versions.old.get(sent.uid)
        if not old or before is None or address_key(old) == address_key(contact.address):
            continue
        now = copies.get(address_copy_key(sent.uid, contact.address))
        if now is not None and now.sequence > before.sequence:
            ctx.versions.seed(replace(before, sequence=now.sequence))
        key = address_copy_key(sent.uid, old)
        if key in ctx.versions.old:
            continue  # a copy of its own was made for it before: that one's record goes on
        person = Person(sent.unit, old)
        record = replace(before, uid=key, kind=MEETING_COPY, owner=sent.unit, fingerprint="", attendee=person)
        ctx.versions.seed(record)  # its copy (or its cancellation) follows the invite it had
        if not any(address_key(a) == address_key(old) for a, _ in contact.more):
            out.append(record)
    return out


def _address_copies(
    ctx: _Context, unit: Unit, contact: Contact, invite: Invite, file_for: _FileNames, digest: bytes
) -> list[Invite]:
    """The unit's invite (``invite``) as each of its further addresses gets it: the same meeting with that
    address as ATTENDEE and that person as the contact, its own SEQUENCE and journal key, the unit's
    deadlines attached."""
    out = []
    said = _said(ctx, invite.uid)
    attached = None
    if invite.deadlines_filename is not None and invite.deadlines is not None:
        attached = (invite.deadlines_filename, invite.deadlines, UNCHANGED)  # (the unit's change, not the copy's)
    for address, person in contact.more:
        key = address_copy_key(invite.uid, address)
        own = replace(contact, address=address, person=person, more=())
        filename = file_for.copy(unit.name, key, address)
        start, end, room = invite.start, invite.end, invite.location
        out.append(_meeting(ctx, unit, own, start, end, room, filename, digest, key, attached, said))
    return out


def _said(ctx: _Context, uid: str) -> tuple[str, str] | None:
    """The SUMMARY and DESCRIPTION of the meeting invite ``uid`` just rendered (:attr:`_Context.around`),
    which its copies to the unit's further addresses say too unless a template names the contact
    person (any field named ``contact`` in either template); ``None``: each copy's text is its own."""
    settings = ctx.settings
    if ctx.around is None or ctx.around[0][0] != uid or "contact" in settings.summary + settings.description:
        return None
    summary, description = ctx.around[0][4:6]
    assert isinstance(summary, str) and isinstance(description, str)
    return summary, description


def _names_before(state: State | None) -> dict[tuple[str, str], str]:
    """Each (unit, mailbox) the previous export named a person for (the contacts' 联系人): a person taken
    off the contacts is greeted by name in their cancellation, as in the invitation they had."""
    out: dict[tuple[str, str], str] = {}
    for sent in state.invites if state is not None else ():
        if sent.contact and sent.attendee.address:
            out.setdefault((sent.unit, address_key(sent.attendee.address)), sent.contact)
    return out


def _cancelled_meeting(
    ctx: _Context,
    record: Record,
    filename: str,
    mailed: str | None = None,
    held: bool = False,
    names: Mapping[tuple[str, str], str] | None = None,
) -> Invite:
    """A unit's cancellation, to the address its invite was last mailed to (``mailed``, the journal's),
    else the last export's: a unit whose address was cleared before it left the table is told too. A
    record of a copy to a further address (:data:`MEETING_COPY`, keyed by its journal key) is that
    address's cancellation: the unit left the table, or the address left the contacts.

    ``held``: the unit's meeting still takes place (the unit is in the table). A copy's cancellation
    then only takes that person off the list, as the meeting tables' does: no ``STATUS:CANCELLED``
    (the event itself is not cancelled; the letter's subject says 您已不在参会名单中), and its
    DESCRIPTION says the unit's meeting goes on (QA qamail18 F2). A cancellation already written
    keeps its wording: its bytes, so its SEQUENCE, stay, and it is never mailed again for this.
    ``names``: :func:`_names_before`, whom a copy's letter greets."""
    copy = record.kind == MEETING_COPY
    uid = record.uid.split(ADDRESS_COPY)[0] if copy else record.uid
    start = datetime.fromisoformat(record.start).astimezone(ctx.zone)
    end = datetime.fromisoformat(record.end).astimezone(ctx.zone)
    attendee = cancelled_to(record.attendee or Person(record.owner), mailed)
    method = "CANCEL" if attendee.address else "PUBLISH"

    def probe(uninvited: bool) -> bytes:
        key = "invite.uninvited" if uninvited else "invite.cancelled"
        description = _text(key, unit=record.owner, time=start.replace(tzinfo=None), room=record.location)
        event = _head(uid, start, end, record.summary, record.location, description, ctx.organizer)
        if attendee.address:
            event.address("attendee", *address_parts(attendee, role="REQ-PARTICIPANT"))
        if not uninvited:
            event.text("STATUS", "CANCELLED")
        return event.done()

    done = probe(copy and held)
    before = ctx.versions.old.get(record.uid)
    if copy and before is not None and before.cancelled and item_fingerprint(method, b"", done) != before.fingerprint:
        other = probe(not held)
        if item_fingerprint(method, b"", other) == before.fingerprint:
            done = other  # the cancellation this person was already sent (or is about to be) stays as it was
    contact = (names or {}).get((record.owner, address_key(attendee.address or ""))) if copy else None
    snapshot = item_record(
        record.kind, record.owner, record.summary, record.start, record.end, record.location, attendee, True
    )
    done, change = ctx.versions.make(record.uid, method, done, snapshot)
    data = wrap_calendar(method, [done], ctx.zone, [start.date()])
    return Invite(
        record.owner,
        attendee,
        contact or "",
        ctx.organizer,
        uid,
        ctx.versions.records[record.uid].sequence,
        method,
        change,
        start,
        end,
        record.location,
        filename,
        data,
        cancelled=True,
        key=record.uid if copy else "",
    )


def _head(
    uid: str,
    start: datetime | date,
    end: datetime | date,
    summary: str,
    location: str,
    description: str,
    organizer: Person,
) -> EventLines:
    """An item's first lines, with SEQUENCE 0 and the fixed DTSTAMP (``_Versions.make`` puts the
    real ones in)."""
    event = EventLines().text("UID", uid).value("dtstamp", EPOCH).value("sequence", 0)
    event.value("dtstart", start).value("dtend", end).text("SUMMARY", summary)
    if location:
        event.text("LOCATION", location)
    if description:
        event.text("DESCRIPTION", description)
    return event.address("organizer", *_organizer(organizer))


@lru_cache(maxsize=16)
def _organizer(organizer: Person) -> tuple[str, tuple[tuple[str, str], ...]]:
    """What :func:`~scheduler.invites.attendees.cal_address` makes of the organizer, as
    :meth:`EventLines.address` takes it: the same in every item (10,000 of them at 5,000 units)."""
    return address_parts(organizer)


def _alarm(trigger: timedelta, text: str) -> EventLines:
    return EventLines("VALARM").text("ACTION", "DISPLAY").value("trigger", trigger).text("DESCRIPTION", text)


def _office_meeting(
    ctx: _Context, unit: Unit, contact: Contact | None, start: datetime, end: datetime, room: str
) -> bytes:
    uid = _uid(ctx.settings.campaign, OFFICE_MEETING, unit.name)
    told = ctx.told.get((unit.name, start, room, contact))
    if told is None:
        told = ctx.told[unit.name, start, room, contact] = _told(ctx, unit, contact, start, end, room)
    summary = _text("invite.office_summary", unit=unit.name)
    description = _text(
        "invite.office_description",
        summary=told[1],
        contact=(_listed(contact, 1) if contact else "") or _text("invite.no_contact"),
        address=(_listed(contact, 0) if contact else "") or _text("invite.no_contact"),
    )

    event = _head(uid, start, end, summary, room, description, ctx.organizer)
    event.text("STATUS", "CONFIRMED").text("TRANSP", "OPAQUE")
    snapshot = item_record(OFFICE_MEETING, unit.name, summary, start.isoformat(), end.isoformat(), room, None, False)
    return ctx.versions.make(uid, "PUBLISH", event.done(), snapshot)[0]


def _told(
    ctx: _Context, unit: Unit, contact: Contact | None, start: datetime, end: datetime, room: str
) -> tuple[dict[str, str], str]:
    """The values of a unit's meeting (:func:`_values`) and its summary."""
    values = _values(ctx, unit, contact, start, end, room)
    return values, _summary(ctx, values)


def _listed(contact: Contact, part: int) -> str:
    """The contact's addresses (``part`` 0) or persons (1), every one the unit has, joined by 、 (the
    office's calendar names them all): one, as ever, for a unit with one address."""
    pairs = [(contact.address or "", contact.person), *contact.more]
    return joined([pair[part] for pair in pairs if pair[part]], invites_language())


def _office_cancelled(ctx: _Context, record: Record) -> bytes:
    start = datetime.fromisoformat(record.start).astimezone(ctx.zone)
    end = datetime.fromisoformat(record.end).astimezone(ctx.zone)
    description = _text("invite.cancelled", unit=record.owner, time=start.replace(tzinfo=None), room=record.location)
    return _cancelled_item(ctx, record, start, end, description)


def _cancelled_item(ctx: _Context, record: Record, start: date, end: date, description: str) -> bytes:
    """A PUBLISH item of the last export withdrawn: same UID, STATUS:CANCELLED, higher SEQUENCE."""

    event = _head(record.uid, start, end, record.summary, record.location, description, ctx.organizer)
    event.text("STATUS", "CANCELLED").text("TRANSP", "TRANSPARENT")
    snapshot = item_record(
        record.kind, record.owner, record.summary, record.start, record.end, record.location, None, True
    )
    return ctx.versions.make(record.uid, "PUBLISH", event.done(), snapshot)[0]


def _all_day(
    ctx: _Context, uid: str, kind: str, owner: str, milestone: Milestone, first: date, last: date, summary: str
) -> bytes:
    description = milestone.detail or milestone.what
    end = last + timedelta(days=1)

    # Only the UID differs between the owners' copies of one milestone's dates (a UUID, never
    # folded): render the copy once and put each UID in. Rendering every copy took 6 of the 10 s
    # that 5,000 units with the notice's five milestones took.
    key = (first, last, summary, milestone.location, description)
    template = ctx.all_day_probes.get(key)
    if template is None:
        event = _head(_PLACEHOLDER_UID, first, end, summary, milestone.location, description, ctx.organizer)
        event.text("STATUS", "CONFIRMED").text("TRANSP", "TRANSPARENT")
        template = ctx.all_day_probes[key] = event.component(_alarm(_ALL_DAY_REMINDER, summary)).done()
    probe = template.replace(_PLACEHOLDER_LINE, b"\r\nUID:" + uid.encode() + b"\r\n", 1)
    snapshot = item_record(kind, owner, summary, first.isoformat(), end.isoformat(), milestone.location, None, False)
    return ctx.versions.make(uid, "PUBLISH", probe, snapshot)[0]


_PLACEHOLDER_UID = str(uuid.UUID(int=0))
_PLACEHOLDER_LINE = b"\r\nUID:" + _PLACEHOLDER_UID.encode() + b"\r\n"


def _all_day_cancelled(ctx: _Context, record: Record) -> bytes:
    first, end = date.fromisoformat(record.start), date.fromisoformat(record.end)
    return _cancelled_item(ctx, record, first, end, _text("invite.item_cancelled"))


@lru_cache(maxsize=1024)
def _item_summary(milestone: Milestone, first: date, last: date) -> str:
    return _text("invite.deadline_summary", what=milestone.what) if first == last else milestone.what


def _deadlines(ctx: _Context, owner: str, unit: Unit | None) -> tuple[bytes | None, str, bytes]:
    """The unit's deadline calendar (``None`` when it has none, now or before), its change and a digest."""
    events = []
    produced = []
    if unit is not None:
        for milestone in _unit_milestones(ctx, unit):
            for index, (first, last) in enumerate(milestone.dates):
                uid = _uid(ctx.settings.campaign, DEADLINE, milestone.id, str(index), owner)
                summary = _item_summary(milestone, first, last)
                events.append(_all_day(ctx, uid, DEADLINE, owner, milestone, first, last, summary))
                produced.append(uid)
    for record in ctx.versions.leftover(DEADLINE, owner):
        events.append(_all_day_cancelled(ctx, record))
        produced.append(record.uid)
    if not events:
        return None, UNCHANGED, b""
    name = _text("invite.deadline_calendar", unit=owner)
    data = wrap_calendar("PUBLISH", events, ctx.zone, [], name)
    records = [ctx.versions.records[u] for u in produced]
    digest = hashlib.sha256("".join(r.fingerprint for r in records).encode()).digest()
    return data, _combined(ctx, records), digest


def _office_deadlines(ctx: _Context) -> list[bytes]:
    events = []
    for milestone in ctx.settings.milestones:
        who = joined(list(milestone.who), invites_language()) if milestone.who else _text("invite.everyone")
        for index, (first, last) in enumerate(milestone.dates):
            uid = _uid(ctx.settings.campaign, OFFICE_DEADLINE, milestone.id, str(index))
            summary = _text("invite.office_deadline", summary=_item_summary(milestone, first, last), who=who)
            events.append(_all_day(ctx, uid, OFFICE_DEADLINE, "", milestone, first, last, summary))
    for record in ctx.versions.leftover(OFFICE_DEADLINE):
        events.append(_all_day_cancelled(ctx, record))
    return events
