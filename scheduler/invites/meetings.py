"""Calendar invites for a meeting timetable: one per meeting, to every participant, per person.

Each meeting is one VEVENT with a UID derived from the campaign and the meeting's title (never its
time), the office as ORGANIZER and every participant with an address as ATTENDEE, with
``ROLE=REQ-PARTICIPANT`` or ``ROLE=OPT-PARTICIPANT`` (``CUTYPE=GROUP`` for a unit: a name in the
rules' ``units`` or some person's 单位), ``RSVP=TRUE``.
Every participant gets the meeting in a file of their own, ``<meeting>/<person>.ics``
(``METHOD:REQUEST``; ``METHOD:PUBLISH`` without ATTENDEE for someone without an address, to hand
over by other means), so that mail goes to each person exactly once through the same journal as unit invites:
each copy has its own journal key, ``<UID>/<person>`` (:attr:`~scheduler.invites.calendar.Invite.key`).

The result is an :class:`~scheduler.invites.calendar.Export` like a unit table's, with the same
``state.json`` (:mod:`scheduler.invites.state`): one record per meeting (kind ``session``: its
SEQUENCE, DTSTAMP and a fingerprint of its content) and one invite per meeting and person, so
``send``, ``send --remind`` and ``replies`` read it as they read a unit campaign's.

Regenerating after a change: a meeting whose time (an instant: a change of the rules' ``timezone`` is
one, :func:`~scheduler.invites.changes.another_instant`), room, title, note or required participants changed
gets SEQUENCE + 1 and a new DTSTAMP, and each participant an update. A change of its optional
participants alone does not (RFC 5546 asks a new SEQUENCE for a new time, not for a new attendee
list): the one added gets the invite, the one removed a CANCEL, and everyone else's copy is written
with the new list at the SEQUENCE they hold, unchanged for the mail (not mailed again, their answers
kept; docs/meetings.md). A change for one person alone (their address corrected, entered or cleared,
required or optional; invited again after a CANCEL) raises their copy's SEQUENCE alone
(:data:`PERSON_COPY`). A person no longer invited
(without STATUS, keeping their ROLE: the meeting still takes place), or every participant of a
meeting no longer held (``STATUS:CANCELLED``), gets ``METHOD:CANCEL`` saying so in its
DESCRIPTION; an unchanged meeting keeps its SEQUENCE and DTSTAMP, so its files are identical byte
for byte.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from scheduler.domain.meetings import Attendee, MeetingProblem, Plan, Session
from scheduler.errors import ProblemError, wrong
from scheduler.files.addresses import address_key, mailto
from scheduler.invites.attendees import address_parts, cal_address, cancelled_to, check_given
from scheduler.invites.calendar import (
    NAMESPACE,
    Export,
    Invite,
    InviteSettings,
    aware,
    in_invites_language,
    sent_record,
)
from scheduler.invites.changes import another_instant
from scheduler.invites.lines import EventLines
from scheduler.invites.names import FIXED_NAMES, OFFICE_FILE, file_key, file_name, unique_file
from scheduler.invites.state import Person, Record, Sent, State
from scheduler.invites.vcalendar import wrap_calendar
from scheduler.invites.versions import CANCELLED, NEW, UNCHANGED, UPDATED, item_fingerprint, unstamp
from scheduler.text.messages import Message, duration, invite_text, invites_language, joined, render
from scheduler.text.times import Dated, end_clock, format_time

SESSION = "session"
"""The state's kind for a meeting of a meeting table (a unit's invite is ``meeting``)."""


def dropped_copies(
    problem: MeetingProblem, settings: InviteSettings, previous: State | None, mailed: Mapping[str, str] | None = None
) -> list[tuple[str, str]]:
    """The (meeting UID, person) copies an export of ``problem`` cancels, whatever its timetable: those
    the previous export mailed (an address, or one the journal says it was mailed to: ``mailed``; not
    already cancelled) whose person the meeting no longer lists, or whose meeting is gone. Known once
    the table is read, before any search; the same copies :func:`build_meeting_invites` cancels (its
    loop over the old invites)."""
    if previous is None:
        return []
    current = {(meeting_uid(settings.campaign, s.title), a.name) for s in problem.sessions for a in s.attendees}
    items = previous.items
    return [
        (old.uid, old.unit)
        for old in previous.invites
        if not any((old.uid, name) in current for name in old.delegators or (old.unit,))
        and _recipient(old, mailed).address is not None
        and not (old.cancelled and (old.key or person_key(old.uid, old.unit)) in items)
    ]


def _recipient(old: Sent, mailed: Mapping[str, str] | None) -> Person:
    """Whom ``old``'s cancellation goes to: :func:`~scheduler.invites.attendees.cancelled_to` (the address
    the journal says it was last mailed to, else the last export's)."""
    return cancelled_to(old.attendee, (mailed or {}).get(old.key or person_key(old.uid, old.unit)))


@dataclass(frozen=True)
class SharedAddress:
    """Participants of one meeting invited at one address (a shared office mailbox)."""

    uid: str
    address: str
    names: tuple[str, ...]


def shared_addresses(invites: Sequence[Invite]) -> list[SharedAddress]:
    """Each address at which several participants of one meeting are invited (cancelled copies left out).

    The mailbox gets one REQUEST per participant with the same UID and SEQUENCE: a calendar client keeps one
    of them, and an answer from it cannot be told apart (:func:`scheduler.replies.standing.sharing`)."""
    groups: dict[tuple[str, str], list[Invite]] = {}
    for invite in invites:
        if invite.shared and not invite.cancelled and invite.attendee.address:
            groups.setdefault((invite.uid, address_key(invite.attendee.address)), []).append(invite)
    return [
        SharedAddress(uid, group[0].attendee.address or "", tuple(i.attendee.name or i.unit for i in group))
        for (uid, _), group in groups.items()
        if len(group) > 1
    ]


def units_at_one_address(invites: Sequence[Invite]) -> list[tuple[str, tuple[str, ...]]]:
    """Each address at which the invites of several units are written (cancelled ones left out), with
    those units in order: in a unit table's contacts, far more often a copy-paste or fill-down slip than a
    shared mailbox (QA qaoffice18 F6), so it is told (the meetings' own sharing: :func:`shared_addresses`)."""
    groups: dict[str, list[Invite]] = {}
    for invite in invites:
        if not invite.shared and not invite.cancelled and invite.attendee.address:
            groups.setdefault(address_key(invite.attendee.address), []).append(invite)
    out = []
    for group in groups.values():
        units = tuple(dict.fromkeys(invite.unit for invite in group))
        if len(units) > 1:
            out.append((group[0].attendee.address or "", units))
    return out


def meeting_uid(campaign: str, title: str) -> str:
    """The meeting's UID: the same for every regeneration, whatever its time or room."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join((campaign, SESSION, title))))


DELEGATE_COPY = "/for-"
"""What a journal key of a delegate's copy holds after its delegator's key (:func:`delegate_key`)."""


def delegate_key(uid: str, name: str, address: str) -> str:
    """The mail journal's key for the copy of meeting ``uid`` mailed to ``address``, the delegate ``name``
    handed it on to (ASCII: it is part of the Message-ID): one key per delegator and delegate, so the
    delegate is mailed once, whatever the order of exports and answers (the journal's exactly-once)."""
    digest = uuid.uuid5(NAMESPACE, "mailto:" + address_key(address)).hex[:12]
    return f"{person_key(uid, name)}{DELEGATE_COPY}{digest}"


Delegations = Mapping[tuple[str, str], str]
"""Who handed which meeting on to whom: (meeting UID, participant's name) -> the delegate's address, as
the replies read so far say (:func:`scheduler.replies.delegations.campaign_delegations`)."""


def handed_on(
    meeting: _Meeting, emails: Mapping[str, str], delegations: Delegations | None, previous: Sequence[Sent]
) -> dict[str, str]:
    """The participants of ``meeting`` invited by mail who handed it on, with their delegate's address:
    from ``delegations`` (the answers), or, when ``None`` (a caller who did not read them: ``ics``,
    ``solve --out``), the delegate copies the last export wrote (``previous``), so a delegate is never
    cancelled by a command that did not look. Decided: a delegate already invited to this meeting at that
    address (a co-participant) is left out: no second copy to a mailbox that has the meeting, no line
    changed in anyone's copy; their own invite and answer stand for themselves, and ``replies`` still
    shows the participant as 已转交 (the answer is what it is). An address a live delegate copy has
    (``previous``), in another case, is written as that copy spells it: the same copy, its key kept."""
    if delegations is None:
        delegations = {(old.uid, name): old.attendee.address or "" for old in previous for name in old.delegators}
    invited = {address_key(emails[n]) for n in meeting.invited}
    spelled = {address_key(old.attendee.address): old.attendee.address for old in previous if old.attendee.address}
    out = {}
    for name in meeting.invited:
        address = delegations.get((meeting.uid, name), "")
        if address and address_key(address) not in invited:
            out[name] = spelled.get(address_key(address), address)  # a live copy's spelling: the same copy
    return out


def delegates_of(meeting: _Meeting) -> dict[str, tuple[str, ...]]:
    """Each delegate of ``meeting`` (the address as the first delegator's answer spelled it) with everyone
    who handed the meeting on to them, in the meeting's order: two participants who name one address give
    it one ATTENDEE line, ``DELEGATED-FROM`` listing both (RFC 5545 3.2.4: a list), and one copy."""
    spelled: dict[str, str] = {}
    out: dict[str, tuple[str, ...]] = {}
    for name, address in meeting.handed.items():
        first = spelled.setdefault(address_key(address), address)
        out[first] = (*out.get(first, ()), name)
    return out


def known_as(address: str, emails: Mapping[str, str]) -> str:
    """The name the people sheet gives ``address`` (a delegate who is one of the campaign's people, invited
    to other meetings), else empty: the delegate's CN and letter then name them so, not by their address."""
    key = address_key(address)
    return next((name for name, own in emails.items() if address_key(own) == key), "")


def person_key(uid: str, name: str) -> str:
    """The mail journal's key for ``name``'s copy of meeting ``uid`` (ASCII: it is part of the Message-ID)."""
    return f"{uid}/{uuid.uuid5(NAMESPACE, name).hex[:12]}"


@dataclass(frozen=True)
class _Meeting:
    """A meeting as its invites show it, before SEQUENCE and DTSTAMP are known."""

    session: Session
    uid: str
    start: datetime
    end: datetime
    room: str
    invited: dict[str, bool]
    """Every participant with an address: name -> required."""
    description: str
    fingerprint: str
    """Everything the invites show (the state of an earlier release kept this)."""
    essence: str
    """What decides a new SEQUENCE (:func:`_fingerprints`): all but the optional participants and the
    addresses."""
    handed: Mapping[str, str] = field(default_factory=dict)
    """Participants who handed the meeting on (PARTSTAT=DELEGATED): name -> the delegate's address
    (:func:`handed_on`). Not in the essence: like an optional participant, a delegate changes no SEQUENCE."""


ESSENCE = "essence:"
"""How a session record's fingerprint that is an essence begins (one without it is an earlier release's
whole fingerprint, compared as it was: an upgrade alone mails nothing)."""
FILE_PRINT = "file:"
"""How the fingerprint of a session record rebuilt from its files begins (``file:<METHOD>:<digest>``, the
digest of its copies' VEVENT with SEQUENCE 0 and the fixed DTSTAMP, :mod:`scheduler.invites.rebuild`):
the meeting is unchanged when it renders to the same bytes again."""


def _text(key: str, **params: object) -> str:
    """Invite content is in the campaign's language whatever the CLI's (:func:`~scheduler.text.messages.invites_in`):
    the people invited read it."""
    return invite_text(key, **params)


def _length(minutes: int) -> str:
    if invites_language() == "en":
        return render(duration(minutes), "en")
    return f"{minutes // 60}小时" if minutes % 60 == 0 else f"{minutes}分钟"


def check_placed(problem: MeetingProblem, plan: Plan) -> None:
    """Refuse (:class:`~scheduler.errors.ProblemError`) a timetable that gives a meeting of ``problem`` no
    time, naming the first: the one check before invites are made of it (a meeting without a time would
    be announced as cancelled)."""
    placed = plan.by_title()
    for session in problem.sessions:
        where = placed.get(session.title)
        if where is None or where.start is None:
            raise ProblemError(Message("minvite.unplaced", title=session.title))


def _describe(session: Session, start: datetime, end: datetime, room: str, optional: bool = True) -> str:
    begins = format_time(start)
    time = Dated(f"{begins}—{end_clock(end)}", f"{begins.english}-{end_clock(end)}")
    lang = invites_language()
    lines = [
        _text(
            "minvite.description",
            title=session.title,
            time=time,
            length=_length(session.minutes),
            room=room or "—",
            required=joined(session.required, lang),
        )
    ]
    if session.optional and optional:
        lines.append(_text("minvite.optional", names=joined(session.optional, lang)))
    if session.note:
        lines.append(_text("minvite.note", note=session.note))
    return "\n".join(lines)


def _meetings(problem: MeetingProblem, plan: Plan, emails: dict[str, str], settings: InviteSettings) -> list[_Meeting]:
    out = []
    placed = plan.by_title()
    rooms = problem.rooms
    for session in problem.sessions:
        where = placed.get(session.title)
        if where is None or where.start is None:
            continue
        start = where.start
        end = start + timedelta(minutes=session.minutes)
        room = where.room or (rooms[0].name if len(rooms) == 1 else "")
        invited = {a.name: a.required for a in session.attendees if a.name in emails}
        description = _describe(session, start, end, room)
        fingerprint, essence = _fingerprints(session, start, end, room, emails, settings)
        uid = meeting_uid(settings.campaign, session.title)
        out.append(_Meeting(session, uid, start, end, room, invited, description, fingerprint, essence))
    return out


def _fingerprints(
    session: Session,
    start: datetime,
    end: datetime,
    room: str,
    emails: Mapping[str, str],
    settings: InviteSettings,
    legacy: bool = False,
) -> tuple[str, str]:
    """The meeting's whole fingerprint (everything its invites show) and its essence (all but the optional
    participants and everyone's address: what decides a new SEQUENCE). ``legacy``: the essence as written
    until 6 December, with the required participants' addresses (:func:`_legacy_essence`)."""
    invited = {a.name: a.required for a in session.attendees if a.name in emails}
    content = {
        "title": session.title,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "room": room,
        "attendees": sorted([n, r, emails[n]] for n, r in invited.items()),
        "description": _describe(session, start, end, room),
        "organizer": [settings.organizer.name, settings.organizer.address],
        "reminder": settings.reminder_minutes,
    }
    required = [[n, emails[n]] for n, r in invited.items() if r] if legacy else [[n] for n in session.required]
    essential = {**content, "attendees": sorted(required), "description": _describe(session, start, end, room, False)}
    return _digest(content), ESSENCE + _digest(essential)


def _digest(content: dict[str, object]) -> str:
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _as_before(meeting: _Meeting, copies: Sequence[Sent], settings: InviteSettings) -> _Meeting | None:
    """The meeting with the participants the previous export invited (``copies``: its live copies, in
    the session's order, each with its ROLE), all else as now: how a state an earlier release wrote is
    told apart from a change of optional participants alone. ``None`` when the copies cannot say."""
    if not copies or any(c.attendee.role not in (_role(True), _role(False)) for c in copies):
        return None
    attendees = tuple(Attendee(c.unit, c.attendee.role == _role(True)) for c in copies)
    try:
        session = replace(meeting.session, attendees=attendees)
    except ProblemError:
        return None
    emails = {c.unit: c.attendee.address for c in copies if c.attendee.address}
    fingerprint, essence = _fingerprints(session, meeting.start, meeting.end, meeting.room, emails, settings)
    return replace(meeting, session=session, fingerprint=fingerprint, essence=essence)


def _legacy_essence(meeting: _Meeting, copies: Sequence[Sent], settings: InviteSettings) -> str:
    """The essence a state written until 6 December holds for the meeting as it is now but with the
    addresses its live ``copies`` were last exported to: equal to the record's when nothing but
    addresses changed since (then the meeting is the same: QA qacamp24 F7)."""
    emails = {c.unit: c.attendee.address for c in copies if c.attendee.address}
    return _fingerprints(meeting.session, meeting.start, meeting.end, meeting.room, emails, settings, True)[1]


def _same(
    before: Record,
    meeting: _Meeting,
    copies: Sequence[Sent],
    settings: InviteSettings,
    probe: Callable[[str], bytes],
) -> bool:
    """Whether the meeting is, for its participants, the one last exported: the same essence (only its
    optional participants and anyone's address may differ; ``copies``: its live copies last exported).
    An essence written until 6 December held the required participants' addresses: compared with that
    essence of the meeting at the addresses of then (:func:`_legacy_essence`), so upgrading mails nothing
    and a corrected address still concerns its person alone. A record an earlier release wrote holds the
    whole fingerprint: the same one, or that of the meeting with the participants it had then, whose
    essence is this one's.
    A record rebuilt from the files holds their bytes (:data:`FILE_PRINT`): the same bytes again
    (``probe(method)``: the VEVENT as rendered now, with SEQUENCE 0 and the fixed DTSTAMP)."""
    if before.cancelled:
        return False
    if before.fingerprint.startswith(FILE_PRINT):
        method, _, digest = before.fingerprint.removeprefix(FILE_PRINT).partition(":")
        return method in ("REQUEST", "PUBLISH") and item_fingerprint(method, b"", probe(method)) == digest
    if before.fingerprint.startswith(ESSENCE):
        same = before.fingerprint == meeting.essence
        return same or before.fingerprint == _legacy_essence(meeting, copies, settings)
    if before.fingerprint == meeting.fingerprint:
        return True
    earlier = _as_before(meeting, copies, settings)
    return earlier is not None and before.fingerprint == earlier.fingerprint and earlier.essence == meeting.essence


def _readdressed(
    meeting: _Meeting,
    name: str,
    emails: Mapping[str, str],
    old_invites: dict[tuple[str, str], Sent],
    mailed: Mapping[str, str] | None = None,
) -> bool:
    """Whether ``name``'s address changed since their live copy was last exported or mailed: now another
    one (after a bounce), or none (cleared). The essence leaves addresses out, so this is what
    gives their copy a new SEQUENCE (theirs alone, :func:`_copy_version`): a copy at the SEQUENCE already
    sent would be planned ``already`` by ``send``, and a copy turned ``PUBLISH`` would change without an
    update. The address compared is the last export's, or, when that export had none (cleared in
    between), the one the journal says the copy was last mailed to (``mailed``)."""
    old = old_invites.get((meeting.uid, name))
    if old is None or old.cancelled:
        return False
    now = emails.get(name)
    if old.attendee.address is not None:
        return now is None or address_key(old.attendee.address) != address_key(now)
    last = (mailed or {}).get(old.key or person_key(old.uid, old.unit))
    return now is not None and last is not None and address_key(last) != address_key(now)


def _held(meeting: _Meeting, old_invites: dict[tuple[str, str], Sent], old_items: Mapping[str, Record]) -> int:
    """The highest SEQUENCE a copy of the meeting's present participants holds (-1: none): a copy of
    their own (:data:`PERSON_COPY`) or a cancellation sent to someone invited again. A change of the
    meeting goes above it (a client ignores an invite older than the one it holds)."""
    held = [-1]
    for attendee in meeting.session.attendees:
        old = old_invites.get((meeting.uid, attendee.name))
        if old is not None:
            record = old_items.get(old.key or person_key(meeting.uid, attendee.name))
            held += [old.sequence, record.sequence if record is not None else -1]
    return max(held)


def _live_copies(old_invites: Mapping[tuple[str, str], Sent]) -> dict[str, list[Sent]]:
    """Each meeting's live copies as last exported (by UID, in the session's order). Their start (ISO with
    its UTC offset) is the meeting's as shown: its essence is of wall times, so this is what tells a
    change of the campaign's ``timezone``, the same wall time now another instant
    (:func:`~scheduler.invites.changes.another_instant`)."""
    live: dict[str, list[Sent]] = {}
    for (uid, _), old in old_invites.items():
        if not old.cancelled:
            live.setdefault(uid, []).append(old)
    return live


PERSON_COPY = "session-copy"
"""The state's kind for a participant's copy at a SEQUENCE of its own, above its meeting's (keyed by the
journal key): their address changed or was cleared, or they were invited again after a CANCEL, while the
meeting did not change for the others (docs/meetings.md)."""
OWN_PRINT = "own"
"""The fingerprint of a :data:`PERSON_COPY` record this module wrote; one without it (raised to what a
file or the journal holds, :func:`scheduler.invites.rebuild.floored_copies`) counts as changed."""


def _copy_version(
    meeting: _Meeting,
    name: str,
    meeting_version: tuple[int, datetime, bool],
    now: datetime,
    emails: Mapping[str, str],
    old_invites: dict[tuple[str, str], Sent],
    old_items: Mapping[str, Record],
    mailed: Mapping[str, str] | None,
) -> tuple[int, datetime, bool, bool]:
    """``name``'s copy's SEQUENCE and DTSTAMP, whether it changed, and whether it is above the meeting's
    (then kept in a :data:`PERSON_COPY` record). A meeting changed for everyone sets every copy; else a
    copy readdressed or cleared goes one above the SEQUENCE it held, one invited again one above their
    CANCEL (at least the meeting's), and the rest keep what they hold."""
    sequence, stamp, changed = meeting_version
    if changed:
        return sequence, stamp, True, False
    old = old_invites.get((meeting.uid, name))
    if old is None:
        return sequence, stamp, False, False
    record = old_items.get(old.key or person_key(meeting.uid, name))
    own = record if record is not None and record.kind == PERSON_COPY else None
    if old.cancelled:
        above = max(old.sequence, record.sequence if record is not None else -1) + 1
        return (above, now, True, True) if above > sequence else (sequence, stamp, False, False)
    held = max(old.sequence, own.sequence if own is not None else -1)
    if _readdressed(meeting, name, emails, old_invites, mailed) or (own is not None and own.fingerprint != OWN_PRINT):
        return held + 1, now, True, True
    if own is not None and own.sequence >= sequence:
        return own.sequence, own.dtstamp, False, True
    return sequence, stamp, False, False


# Long: as build_invites, one pass over meetings and people decides each file and the state it
# leaves; the steps share the previous state and the versions.
@in_invites_language
def build_meeting_invites(
    problem: MeetingProblem,
    plan: Plan,
    emails: dict[str, str],
    settings: InviteSettings,
    previous: State | None = None,
    now: datetime | None = None,
    delegates: Mapping[str, tuple[str, ...]] | None = None,
    mailed: Mapping[str, str] | None = None,
    *,
    partial: bool = False,
    told: Mapping[str, tuple[str, str]] | None = None,
    delegations: Delegations | None = None,
) -> Export:
    """The invites of ``plan`` for every participant, given the state of the previous export.

    A meeting of ``problem`` that ``plan`` gives no time is refused (:class:`~scheduler.errors.ProblemError`
    naming it): its invites would tell everyone it is cancelled while it is still to be held. A meeting
    called off is dropped from the problem (``MeetingChanges(drop=...)``, ``reschedule --drop``), and its
    participants then get the cancellation. ``partial``: such a meeting is left out instead (read as
    cancelled), for reading a folder's state only (``send --remind``, the web page's standing), never for
    invites to send.

    ``delegates``: per person, the addresses that may answer for them (the people sheet's 代理邮箱), kept
    in the state for ``replies`` and never in the invites.

    Pure: returns every file's bytes and the new state (written by the caller, all or none).
    ``now`` (aware; default: now) is the DTSTAMP of what changed: a naive one is refused
    (:class:`~scheduler.errors.ArgumentError`). ``mailed``: the address each copy (its journal key)
    was last mailed to, from the journal: a cancellation goes there, even when the person's address
    was cleared before they were taken off the meeting. ``told``: the (start, end) each copy (its journal
    key) was last mailed with, from the journal: a cancellation made now names that time, the one its
    recipient knows, not an export's never mailed (a timezone changed and put back, QA qacamp24 F4).
    ``delegations``: who handed which meeting on to whom (RFC 5546 3.2.2.3, :func:`handed_on`; ``None``:
    as the last export had them): each delegate gets a copy of their own, ``ATTENDEE;DELEGATED-FROM`` in
    every copy beside the participant's ``PARTSTAT=DELEGATED;DELEGATED-TO``, mailed once and then updated
    and cancelled with the meeting; a delegation taken back cancels the delegate's copy.
    """
    now = (datetime.now(UTC) if now is None else aware(now)).astimezone(UTC).replace(microsecond=0)
    if not isinstance(emails, Mapping):
        raise wrong("emails", emails, Message("kind.emails"))
    if not partial:
        check_placed(problem, plan)
    given = [*emails.items(), *((name, a) for name, each in (delegates or {}).items() for a in each)]
    given += [(name, a) for (_, name), a in (delegations or {}).items()]
    check_given([*given, (settings.organizer.name, settings.organizer.address)])
    zone = ZoneInfo(problem.workdays.timezone)
    days = list(problem.workdays.days)
    old_items = dict(previous.items) if previous is not None else {}
    old_invites = {(s.uid, s.unit): s for s in previous.invites} if previous is not None else {}
    units = set(problem.units) | {p.unit for p in problem.people if p.unit}
    items: dict[str, Record] = {}
    invites: list[Invite] = []
    taken: set[str] = {file_key(s.file) for s in old_invites.values()}
    organizer = settings.organizer
    live = _live_copies(old_invites)
    handed_before = {uid: [c for c in copies if c.delegated_from] for uid, copies in live.items()}
    meetings = [
        replace(m, handed=handed_on(m, emails, delegations, handed_before.get(m.uid, [])))
        for m in _meetings(problem, plan, emails, settings)
    ]
    for meeting in meetings:
        before = old_items.get(meeting.uid)

        def probe(method: str, meeting: _Meeting = meeting) -> bytes:
            event = _event(meeting, 0, now, organizer, emails, units, zone, settings.reminder_minutes, method)
            return unstamp(event) or b""

        copies = live.get(meeting.uid, [])
        same = before is not None and _same(before, meeting, copies, settings, probe)
        shown = copies[0].start if copies else ""
        same = same and not another_instant(shown, meeting.start.replace(tzinfo=zone))
        if before is not None and same:
            sequence, stamp, changed = before.sequence, before.dtstamp, False
        else:
            held = _held(meeting, old_invites, old_items)
            sequence = max(before.sequence if before is not None else -1, held) + 1
            stamp, changed = now, True
        items[meeting.uid] = Record(
            meeting.uid, SESSION, meeting.session.title, sequence, stamp, meeting.essence,
            meeting.session.title, meeting.start.isoformat(), meeting.end.isoformat(), meeting.room,
        )  # fmt: skip
        events: dict[tuple[str, int, datetime], bytes] = {}  # each rendered once and only when someone needs it
        for name, required in ((a.name, a.required) for a in meeting.session.attendees):
            address = emails.get(name)
            old = old_invites.get((meeting.uid, name))
            key = person_key(meeting.uid, name)
            version = (sequence, stamp, changed)
            mine, mine_stamp, mine_changed, own = _copy_version(
                meeting, name, version, now, emails, old_invites, old_items, mailed
            )
            if own:
                items[key] = Record(
                    key, PERSON_COPY, name, mine, mine_stamp, OWN_PRINT, meeting.session.title,
                    meeting.start.isoformat(), meeting.end.isoformat(), meeting.room, Person(name, address),
                )  # fmt: skip
            live_before = old is not None and not old.cancelled
            change = NEW if not live_before else UPDATED if mine_changed else UNCHANGED
            method = "REQUEST" if address else "PUBLISH"
            if (method, mine, mine_stamp) not in events:
                reminder = settings.reminder_minutes
                events[method, mine, mine_stamp] = _event(
                    meeting, mine, mine_stamp, organizer, emails, units, zone, reminder, method
                )
            invites.append(
                Invite(
                    unit=name, attendee=Person(name, address, _role(required)), contact="", organizer=organizer,
                    uid=meeting.uid, sequence=mine, method=method, change=change,
                    start=meeting.start.replace(tzinfo=zone), end=meeting.end.replace(tzinfo=zone),
                    location=meeting.room,
                    filename=old.file if old is not None else _file(meeting.session.title, name, taken),
                    data=wrap_calendar(method, [events[method, mine, mine_stamp]], zone, days), key=key,
                    delegates=(delegates or {}).get(name, ()),
                )
            )  # fmt: skip

        def request(seq: int, at: datetime, meeting: _Meeting = meeting) -> bytes:
            return _event(meeting, seq, at, organizer, emails, units, zone, settings.reminder_minutes, "REQUEST")

        for address, names in delegates_of(meeting).items():
            invites.append(
                _delegate_copy(
                    meeting, names, address, (sequence, stamp, changed), now, emails, old_invites, old_items,
                    mailed, events, request, organizer, taken, zone, days,
                )
            )  # fmt: skip
    current = {(i.uid, i.unit) for i in invites}
    cancels: list[tuple[str, Record, Sent, str]] = []
    for (uid, name), old in old_invites.items():
        recipient = _recipient(old, mailed)
        if (uid, name) in current or recipient.address is None:
            continue  # still invited, or never mailed (a PUBLISH copy): nothing to cancel
        key = old.key or person_key(uid, name)
        record = old_items.get(key) if old.cancelled else None
        change = UNCHANGED
        if record is None:  # cancelled by this export: the meeting's new SEQUENCE, or the meeting is gone
            meeting_record = items.get(uid)
            if meeting_record is None and uid in old_items:
                gone = old_items[uid]
                meeting_record = Record(**{**gone.__dict__, "sequence": gone.sequence + 1, "dtstamp": now})
                items[uid] = Record(**{**meeting_record.__dict__, "cancelled": True})
            held = uid in items and not items[uid].cancelled  # the person removed, the meeting still held
            sequence = meeting_record.sequence if meeting_record is not None else old.sequence + 1
            start, end = (told or {}).get(key, (old.start, old.end))
            record = Record(
                key, UNINVITED_COPY if held else CANCELLED_COPY, name, max(sequence, old.sequence + 1), now,
                "" if held else ALL_LISTED,
                _summary(old_items, uid, name), start, end or old.end, old.location, recipient, True,
            )  # fmt: skip
            change = CANCELLED
        items[key] = record
        cancels.append((uid, record, old, change))
    everyone: dict[tuple[str, int], list[Person | None]] = {}  # a meeting called off: all its attendees
    for uid, record, _, _ in cancels:
        if record.fingerprint == ALL_LISTED:
            everyone.setdefault((uid, record.sequence), []).append(record.attendee)
    for uid, record, old, change in cancels:
        listed = everyone[uid, record.sequence] if record.fingerprint == ALL_LISTED else [record.attendee]
        invites.append(_cancelled(uid, record, old, organizer, change, zone, days, listed))
    for uid, record in old_items.items():  # meetings called off before keep their record
        if record.kind == SESSION and record.cancelled:
            items.setdefault(uid, record)
    described = {m.uid: m.description for m in meetings}
    office = _office(items, organizer, zone, days, settings.calendar_name or problem.title, described)
    office_change = NEW if previous is None else UPDATED if any(i.changed for i in invites) else UNCHANGED
    state = State(settings.campaign, items, tuple(sent_record(i) for i in invites), OFFICE_FILE)
    return Export(tuple(invites), office, office_change, state, previous=previous.invites if previous else ())


def _delegate_copy(
    meeting: _Meeting,
    names: tuple[str, ...],
    address: str,
    version: tuple[int, datetime, bool],
    now: datetime,
    emails: Mapping[str, str],
    old_invites: dict[tuple[str, str], Sent],
    old_items: Mapping[str, Record],
    mailed: Mapping[str, str] | None,
    events: dict[tuple[str, int, datetime], bytes],
    render_event: Callable[[int, datetime], bytes],
    organizer: Person,
    taken: set[str],
    zone: ZoneInfo,
    days: list[date],
) -> Invite:
    """The one copy of ``meeting`` for ``address``, the delegate ``names`` handed it on to (one or more
    participants): a REQUEST of its own under one journal key, so mailed once: the key its last export
    had (a delegation taken back, or another added, keeps it), else :func:`delegate_key` of the first of
    ``names``. At the meeting's SEQUENCE, new the first time and updated whenever the meeting changes for
    everyone (:func:`_copy_version`, with the delegate's address as their own); ``REQ-PARTICIPANT`` when
    any of ``names`` is required."""
    old = old_invites.get((meeting.uid, address))
    key = old.key if old is not None and old.key else delegate_key(meeting.uid, names[0], address)
    mine, stamp, changed, _ = _copy_version(
        meeting, address, version, now, {**emails, address: address}, old_invites, old_items, mailed
    )
    change = NEW if old is None or old.cancelled else UPDATED if changed else UNCHANGED
    if ("REQUEST", mine, stamp) not in events:
        events["REQUEST", mine, stamp] = render_event(mine, stamp)
    role = _role(any(meeting.invited[n] for n in names))
    return Invite(
        unit=address, attendee=Person(known_as(address, emails), address, role), contact="",
        organizer=organizer, uid=meeting.uid, sequence=mine,
        method="REQUEST", change=change, start=meeting.start.replace(tzinfo=zone),
        end=meeting.end.replace(tzinfo=zone), location=meeting.room,
        filename=old.file if old is not None else _file(meeting.session.title, address, taken),
        data=wrap_calendar("REQUEST", [events["REQUEST", mine, stamp]], zone, days), key=key,
        delegated_from=names[0], delegated_also=names[1:],
    )  # fmt: skip


CANCELLED_COPY = "session-cancel"
"""The state's kind for a participant's copy of a meeting called off (keyed by the journal key)."""
UNINVITED_COPY = "session-uninvite"
"""The state's kind for the copy of someone no longer invited to a meeting still held (keyed alike)."""
ALL_LISTED = "listed:all"
"""The fingerprint of a cancelled copy whose CANCEL lists every attendee of the meeting called off (RFC
5546 3.2.5); a CANCEL an earlier release wrote (empty) named its recipient only, and keeps its bytes."""


def _role(required: bool) -> str:
    return "REQ-PARTICIPANT" if required else "OPT-PARTICIPANT"


def _summary(items: dict[str, Record], uid: str, name: str) -> str:
    record = items.get(uid)
    return record.summary if record is not None else name


# Long: the CANCEL's lines in the order a client reads them, then the invite around them.
def _cancelled(
    uid: str,
    record: Record,
    old: Sent,
    organizer: Person,
    change: str,
    zone: ZoneInfo,
    days: list[date],
    listed: Sequence[Person | None],
) -> Invite:
    """A participant's CANCEL: the same bytes on every later export (its record keeps SEQUENCE and DTSTAMP).

    A meeting called off has ``STATUS:CANCELLED`` and, as RFC 5546 3.2.5 asks of a whole event
    cancelled, every attendee (``listed``: each copy's recipient with their ROLE, in the order the
    meeting listed them; their records keep them, marked :data:`ALL_LISTED`, so the list never
    changes afterwards). Someone no
    longer invited to a meeting still held gets a CANCEL without STATUS (the event itself is not
    cancelled) naming only them, with their ROLE. Either way its DESCRIPTION says what was cancelled,
    and the letter repeats it. Each person still gets their own file and mail (one journal key each).
    """
    attendee = record.attendee
    assert attendee is not None and attendee.address is not None
    start, end = _local(record.start, zone), _local(record.end, zone)
    held = record.kind == UNINVITED_COPY
    event = EventLines().text("UID", uid).value("sequence", record.sequence).value("dtstamp", record.dtstamp)
    event.value("dtstart", start).value("dtend", end).text("SUMMARY", record.summary)
    if record.location:
        event.text("LOCATION", record.location)
    time = start.replace(tzinfo=None)
    description = _text(
        "minvite.uninvited" if held else "minvite.cancelled",
        title=record.summary,
        time=time,
        room=record.location or "—",
    )
    event.text("DESCRIPTION", description)
    if not held:
        event.text("STATUS", "CANCELLED")
    event.person("organizer", cal_address(organizer))
    for person in listed:
        assert person is not None and person.address is not None
        role = person.role or _role(True)  # a state written before roles were kept: its CANCELs said REQ
        event.person("attendee", cal_address(person, role=role))
    data = wrap_calendar("CANCEL", [event.done()], zone, days)
    return Invite(
        unit=old.unit, attendee=attendee, contact="", organizer=organizer, uid=uid, sequence=record.sequence,
        method="CANCEL", change=change, start=start, end=end, location=record.location, filename=old.file, data=data,
        cancelled=True, key=record.uid,
    )  # fmt: skip


def _local(text: str, zone: ZoneInfo) -> datetime:
    """An ISO time from the state (with its offset, or naive local time) in the campaign's zone."""
    moment = datetime.fromisoformat(text)
    return moment.astimezone(zone) if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def copy_files(title: str, name: str) -> tuple[str, str]:
    """The two names ``name``'s copy of meeting ``title`` may have: ``<meeting>/<person>.ics``, made safe
    for file systems (:func:`~scheduler.invites.names.file_name`; a meeting named as the invites
    folder's own files, ``state.json``, ``office.ics``, gets ``_`` after it), and the same with a
    short suffix (when the first was taken)."""
    folder, person = file_name(title), file_name(name)
    folder = f"{folder}_" if file_key(folder) in FIXED_NAMES else folder
    return f"{folder}/{person}.ics", f"{folder}/{person}-{uuid.uuid5(NAMESPACE, title + name).hex[:6]}.ics"


def _file(title: str, name: str, taken: set[str]) -> str:
    """The copy's file (:func:`copy_files`): the plain name, or the suffixed one when a file that is the
    same on Windows or macOS (``Review/…`` and ``review/…``) is taken (``taken``: their
    :func:`~scheduler.invites.names.file_key`)."""
    return unique_file(*copy_files(title, name), taken)


def _event(
    meeting: _Meeting,
    sequence: int,
    stamp: datetime,
    organizer: Person,
    emails: dict[str, str],
    units: set[str],
    zone: ZoneInfo,
    reminder: int,
    method: str,
) -> bytes:
    """The meeting's VEVENT for a ``REQUEST``, or for a ``PUBLISH`` copy: without ATTENDEE (RFC 5546 3.2.1)."""
    event = EventLines().text("UID", meeting.uid).value("sequence", sequence).value("dtstamp", stamp)
    event.value("dtstart", meeting.start.replace(tzinfo=zone)).value("dtend", meeting.end.replace(tzinfo=zone))
    event.text("SUMMARY", meeting.session.title)
    if meeting.room:
        event.text("LOCATION", meeting.room)
    event.text("DESCRIPTION", meeting.description).text("STATUS", "CONFIRMED").text("TRANSP", "OPAQUE")
    event.person("organizer", cal_address(organizer))
    if method == "REQUEST":
        _attendees(event, meeting, emails, units)
    if reminder:
        alarm = EventLines("VALARM").text("ACTION", "DISPLAY")
        alarm.text("DESCRIPTION", _text("minvite.alarm", minutes=reminder, title=meeting.session.title))
        event.component(alarm.value("trigger", timedelta(minutes=-reminder)))
    return event.done()


def _attendees(event: EventLines, meeting: _Meeting, emails: Mapping[str, str], units: set[str]) -> None:
    """Every participant's ATTENDEE line, in the meeting's order. RFC 5546 3.2.2.3: one who handed the
    meeting on is kept, ``PARTSTAT=DELEGATED`` and ``DELEGATED-TO``; their delegate follows the first of
    those who named them, once, ``DELEGATED-FROM`` listing them all (RFC 5545 3.2.4), required when
    any of them is."""
    delegates = {address_key(a): (a, names) for a, names in delegates_of(meeting).items()}
    for name, required in meeting.invited.items():
        role, cutype = _role(required), "GROUP" if name in units else "INDIVIDUAL"
        attendee = Person(name, emails[name])
        delegate = meeting.handed.get(name)
        if delegate is None:
            partstat = {"partstat": "NEEDS-ACTION", "rsvp": "TRUE"}
            event.person("attendee", cal_address(attendee, role=role, cutype=cutype, **partstat))
            continue
        address, names = delegates[address_key(delegate)]
        to = mailto(address)
        event.person("attendee", cal_address(attendee, role=role, cutype=cutype, partstat="DELEGATED", delegated_to=to))
        if name != names[0]:
            continue  # their delegate's line follows the first who named them
        by = [mailto(emails[n]) for n in names]
        line = address_parts(
            Person(known_as(address, emails), address), role=_role(any(meeting.invited[n] for n in names)),
            cutype="INDIVIDUAL", partstat="NEEDS-ACTION", rsvp="TRUE",
        )  # fmt: skip
        event.address("attendee", line[0], (*line[1], ("DELEGATED-FROM", by[0] if len(by) == 1 else tuple(by))))


def _office(
    items: dict[str, Record],
    organizer: Person,
    zone: ZoneInfo,
    days: list[date],
    name: str,
    described: Mapping[str, str],
) -> bytes:
    """``office.ics`` (``METHOD:PUBLISH``): every meeting, in time order, cancelled ones marked so; a
    meeting held with the participants' description (``described``, by UID: who must come, who may, the
    备注), as a unit table's office calendar names its contact (QA qaics19 F3)."""
    events = []
    for record in sorted(items.values(), key=lambda r: (r.start, r.owner)):
        if record.kind != SESSION:
            continue
        event = EventLines().text("UID", str(uuid.uuid5(NAMESPACE, f"office\x1f{record.uid}")))
        event.value("sequence", record.sequence).value("dtstamp", record.dtstamp)
        event.value("dtstart", _local(record.start, zone)).value("dtend", _local(record.end, zone))
        event.text("SUMMARY", record.summary)
        if record.location:
            event.text("LOCATION", record.location)
        if not record.cancelled and record.uid in described:
            event.text("DESCRIPTION", described[record.uid])
        event.text("STATUS", "CANCELLED" if record.cancelled else "CONFIRMED")
        events.append(event.person("organizer", cal_address(organizer)).done())
    return wrap_calendar("PUBLISH", events, zone, days, name)
