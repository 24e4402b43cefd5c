"""Where each invitee stands: the answers read, weighed against the invites as they are now.

Pure: takes the invites' state (``state.json``), the mail journal's history
and the mails of the replies ledger, and returns one :class:`Standing` per
invitee (today a unit; a person, once meetings have several participants).

How an answer is judged (docs/replies.md):

* matched by UID to an invite (and, when several people share it, by the
  ATTENDEE's address to one of them); another UID is ``foreign``;
* trusted only when the ATTENDEE it answers for is the invitee's address
  (the one the invite went to: the current one, or one it was mailed to
  before) and the mail comes from that same address; otherwise it is shown
  as ``untrusted`` and does not count;
* an answer to a lower SEQUENCE than the current invite is ``outdated``: the
  invite changed since (a new time), so it is shown but does not count; an
  answer without SEQUENCE answers the mailed version whose time it names
  (its DTSTART; several: the latest mailed before it was written), else
  SEQUENCE 0;
* three exceptions, each named with the answer: an ATTENDEE whose ``SENT-BY`` is
  the mail's sender, an address the invite went to; an answer from one of the
  invitee's delegates (the contacts' 代理邮箱, a secretary: ``SENT-BY`` and
  sender that address, or ATTENDEE and sender that address), "X 代 Y 答复"; and
  the answer of a delegate (ATTENDEE and sender the same address) whom a trusted
  DELEGATED answer of the invitee named in its ``DELEGATED-TO``;
* an answer to a SEQUENCE higher than any mailed (a client that bumped it)
  is weighed as an answer to the highest one mailed *before it was written*
  (:func:`written`), and
  lower still when it is a REPLY whose DTSTART is not the current invite's
  time; it says so. An update mailed later never turns an old answer into an
  answer to that update;
* a mail about an invite that holds no calendar (a reply written by hand, an
  out-of-office reply), or whose calendar data could not be used at all (too
  large, broken), is a :class:`Letter` for the invitee it replies to or
  comes from: never an answer, shown on the row until an answer read after it;
* among the answers that count, the newest wins: the highest SEQUENCE, then
  when it was written (:func:`written`: the earliest of its DTSTAMP, the
  mail's Date, its arrival and its reading that is not before the first
  mailing), then the DTSTAMP and the Date as told, then the order of
  reading. The same mail read twice is one mail (the ledger).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from scheduler.files.addresses import address_key
from scheduler.invites.state import Sent, is_address_copy
from scheduler.invites.state import State as InviteState
from scheduler.mail.journal import REMIND, SENT, History
from scheduler.replies.answers import BOUNCE, REFRESH, Answer, ReadMail, Signal, State
from scheduler.replies.ledger import ReadingNote
from scheduler.replies.mime import invitation_of
from scheduler.text.messages import Message, one_line


class Verdict(StrEnum):
    """How an answer was judged."""

    CURRENT = "current"
    OUTDATED = "outdated"
    UNTRUSTED = "untrusted"
    FOREIGN = "foreign"
    CANCELLED = "cancelled"
    """An answer about a unit that is no longer in the timetable."""


@dataclass(frozen=True)
class SentLine:
    """A message the journal says was mailed (its ``sent`` line, the ``line``-th of the journal): to
    ``address`` and with ``message_id`` (both as compared), at ``at``; ``allow_bounced``: by
    ``send --allow-bounced``, to an address whose mail had bounced."""

    address: str
    at: datetime
    message_id: str
    line: int
    allow_bounced: bool = False


@dataclass(frozen=True)
class Invitee:
    """Someone who was (or will be) sent an invite, with what an answer is weighed against.

    ``sequence`` is the current invite's SEQUENCE (``state.json``); ``sent`` the
    highest SEQUENCE mailed (the journal), ``None`` when nothing was mailed yet;
    ``addresses`` every address this invite was mailed to, and the current one.
    """

    unit: str
    name: str
    address: str | None
    uid: str
    sequence: int
    method: str
    start: datetime | None
    end: datetime | None
    cancelled: bool = False
    sent: int | None = None
    addresses: frozenset[str] = frozenset()
    title: str = ""
    """The meeting, when the invite is a meeting's copy for one participant (docs/meetings.md)."""
    contact: str = ""
    """A unit's invite: the contacts' 联系人 for its address (empty: none written, or a meeting's copy)."""
    message_ids: frozenset[str] = frozenset()
    """The Message-IDs of the mails that carried this invite (and its reminders), as the journal has them."""
    mailings: tuple[tuple[int, datetime], ...] = ()
    """(SEQUENCE, when it was mailed) of every mailing of this invite, as the journal has them."""
    versions: tuple[tuple[int, datetime], ...] = ()
    """(SEQUENCE, the start it showed) of every mailing whose journal line keeps the start."""
    optional: bool = False
    """A meeting's optional participant (``ROLE=OPT-PARTICIPANT``)."""
    key: str = ""
    """What the mail journal records this invite under (:attr:`scheduler.invites.calendar.Invite.journal_key`)."""
    organizer: str = ""
    """The ORGANIZER's address of the invite."""
    items: frozenset[str] = frozenset()
    """The UIDs of the calendar items mailed to the invitee: the invite's, and its deadlines'."""
    sent_to: tuple[SentLine, ...] = ()
    """Every message the journal says was mailed for this invite, its reminders too: which address a bounce
    returned mail of, and what ends it (:func:`live_bounces`)."""
    delegates: frozenset[str] = frozenset()
    """The addresses (as compared: :func:`~scheduler.files.addresses.address_key`) that may answer for the
    invitee: the contacts' or people sheet's 代理邮箱 as they read now, else as the invites were last written."""
    summary: str = ""
    """The invite's SUMMARY, which its mail's subject names ("邀请：基层政务公开标准对接：区财政局")."""
    mailed_summaries: frozenset[str] = frozenset()
    """Every SUMMARY the journal says this invite was mailed with: the title a reply names when an export
    since (a contact renamed, a template edited) changed :attr:`summary` and was not mailed yet."""

    @property
    def mailed(self) -> bool:
        """Whether the invite gets mailed at all (it has an address, and is not a PUBLISH)."""
        return self.method in ("REQUEST", "CANCEL") and bool(self.address)


@dataclass
class _Journal:
    """What the journal says of each invite, by its journal key: the highest SEQUENCE sent, the addresses
    mailed, the Message-IDs (reminders' too), (SEQUENCE, when) and (SEQUENCE, start shown) of each
    mailing, and every message sent (reminders' too)."""

    sent: dict[str, int] = field(default_factory=dict)
    mailed: dict[str, set[str]] = field(default_factory=dict)
    ids: dict[str, set[str]] = field(default_factory=dict)
    times: dict[str, list[tuple[int, datetime]]] = field(default_factory=dict)
    starts: dict[str, set[tuple[int, datetime]]] = field(default_factory=dict)
    sent_to: dict[str, list[SentLine]] = field(default_factory=dict)
    summaries: dict[str, set[str]] = field(default_factory=dict)

    @staticmethod
    def read(history: History) -> _Journal:
        out = _Journal()
        for line, entry in enumerate(history.entries):
            at = _moment(entry.at) if entry.state == SENT else None
            # a reminder's key is the invite's and its kind (``<key>/answer-1``): its Message-ID is the invite's
            # too. Only a reminder's: a copy's key (``<UID>/to-…``) is not its unit's own (QA qamail18 F3)
            keys = {entry.uid, entry.uid.rpartition("/")[0]} if entry.method == REMIND else {entry.uid}
            for key in keys - {""}:
                out.ids.setdefault(key, set()).add(_message_id(entry.message_id))
                if at is not None:
                    sent = SentLine(address_key(entry.to), at, _message_id(entry.message_id), line, entry.allow_bounced)
                    out.sent_to.setdefault(key, []).append(sent)
            if entry.state == SENT:
                out.sent[entry.uid] = max(entry.sequence, out.sent.get(entry.uid, -1))
                out.mailed.setdefault(entry.uid, set()).add(address_key(entry.to))
                if entry.summary:
                    out.summaries.setdefault(entry.uid, set()).add(entry.summary)
                if at is not None:
                    out.times.setdefault(entry.uid, []).append((entry.sequence, at))
                start = _moment(entry.start) if entry.start else None
                if start is not None:
                    out.starts.setdefault(entry.uid, set()).add((entry.sequence, start))
        return out


def invitees(
    state: InviteState | None, history: History, delegates: Mapping[str, Sequence[str]] | None = None
) -> tuple[Invitee, ...]:
    """Every invitee, in the invites' order, from the state file and the journal: a unit, or a meeting's
    participant (``unit`` the meeting, ``name`` the person, ``title`` the meeting).

    ``delegates``: the 代理邮箱 by unit (a meeting's: by person) as the contacts or the people sheet say
    now. The file is the office's truth: an invitee it lists gets those, one it does not list (or no
    file: ``None``) keeps the ones the invites were written with (``state.json``)."""
    if state is None:
        return ()
    journal = _Journal.read(history)
    owned: dict[str, set[str]] = {}
    for uid, record in state.items.items():
        if record.owner:
            owned.setdefault(record.owner, set()).add(uid)
    out = []
    several = {invite.unit for invite in state.invites if is_address_copy(invite.key)}
    own_contact = {invite.uid: invite.contact for invite in state.invites if not invite.key}
    for invite in state.invites:
        if invite.delegated_from:
            continue  # a delegate's copy: their answers count for the seat of the one who handed it on
        address = invite.attendee.address
        key = invite.key or invite.uid  # a meeting's participants share its UID: the journal keys each
        known = set(journal.mailed.get(key, set()))
        if address:
            known.add(address_key(address))
        # a meeting's copy for one participant (docs/meetings.md): the meeting, then the person
        meeting = bool(invite.key) and not is_address_copy(invite.key)
        title = state.items[invite.uid].summary if meeting and invite.uid in state.items else ""
        out.append(
            Invitee(
                unit=title or invite.unit,
                name=_name(invite, invite.unit in several),
                address=address,
                uid=invite.uid,
                sequence=invite.sequence,
                method=invite.method,
                start=datetime.fromisoformat(invite.start) if invite.start else None,
                end=datetime.fromisoformat(invite.end) if invite.end else None,
                cancelled=invite.cancelled,
                sent=journal.sent.get(key),
                addresses=frozenset(known),
                title=title,
                contact="" if meeting else invite.contact,
                message_ids=frozenset(journal.ids.get(key, ())),
                mailings=tuple(sorted(journal.times.get(key, ()))),
                versions=tuple(sorted(journal.starts.get(key, ()))),
                optional=invite.attendee.role == "OPT-PARTICIPANT",
                key=key,
                organizer=invite.organizer.address or "",
                items=frozenset({invite.uid, *owned.get(invite.unit, ())}),
                sent_to=tuple(journal.sent_to.get(key, ())),
                delegates=frozenset(address_key(a) for a in _listed(delegates, invite)),
                summary=_copy_summary(state, invite, own_contact.get(invite.uid, "")),
                mailed_summaries=frozenset(journal.summaries.get(key, ())),
            )
        )
    return tuple(out)


def _copy_summary(state: InviteState, invite: Sent, own_contact: str) -> str:
    """The SUMMARY of the invite mailed to ``invite``'s address: its item's, which a unit's own invite
    carries; a copy to a further address has an item of its own under its key, with its own title (a
    summary template with ``{contact}``, QA review21b F2: the copy's subject is its own title). Read from
    there (Twenty-first session: it was derived from the first copy's, its person's name replaced, which
    failed when the first address named no person); a state without that item, the derivation."""
    if is_address_copy(invite.key) and invite.key in state.items:
        return state.items[invite.key].summary
    record = state.items.get(invite.uid)
    if record is None:
        return ""
    summary = record.summary
    if is_address_copy(invite.key) and own_contact and invite.contact and own_contact in summary:
        return summary.replace(own_contact, invite.contact)
    return summary


def _name(invite: Sent, several: bool) -> str:
    """Who an invitee is beside its unit (or meeting): a meeting's participant; one of the people of a unit
    with several addresses (``several``: the contacts' 联系人, else the address), each answering for
    themselves (docs/replies.md); else the unit itself."""
    if several:
        return invite.contact or invite.attendee.address or invite.unit
    return invite.attendee.name or invite.unit


def shown_person(invitee: Invitee) -> str:
    """The 人员 column's word for an invitee: the contacts' 联系人 when written, for a unit of one address
    as for one of several (QA jobs17 F11: the one-address unit showed its own name), else its name."""
    return invitee.contact or invitee.name


def _listed(delegates: Mapping[str, Sequence[str]] | None, invite: Sent) -> Sequence[str]:
    """An invite's delegates: the contacts' (or people sheet's) when they list its unit (or person), else
    the state's."""
    name = invite.attendee.name if invite.key and not is_address_copy(invite.key) else invite.unit
    if delegates is not None and name in delegates:
        return delegates[name]
    return invite.delegates


def _moment(text: str) -> datetime | None:
    """A journal line's time (``2021-09-06T08:00:00Z``), aware; ``None`` when it cannot be read."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _message_id(text: str) -> str:
    return text.strip().strip("<>").strip().casefold()


@dataclass(frozen=True)
class Received:
    """One answer as read, the mail that brought it, and how it was judged (``why``: for ``untrusted``)."""

    answer: Answer
    mail: ReadMail
    verdict: Verdict
    unit: str | None = None
    why: Message | None = None
    order: int = 0
    person: Invitee | None = None
    """The invitee the answer was matched to (``None``: another meeting, or nobody invited at that address)."""
    sequence: int | None = None
    """The SEQUENCE the answer is weighed as, when lower than it says: no answer can be to an invite
    never mailed, so one above the highest SEQUENCE sent counts as an answer to that one."""

    @property
    def state(self) -> State:
        return self.answer.state

    @property
    def written(self) -> datetime | None:
        """When the attendee answered, as far as the clocks can be believed (:func:`written`)."""
        return written(self.answer, self.mail, self.person)

    @property
    def when(self) -> datetime | None:
        """When the attendee answered: :attr:`written`, else (no time can be believed) the answer's DTSTAMP,
        the mail's Date, when it arrived, or when it was read (:attr:`ReadMail.shown_at`)."""
        return self.written or self.answer.stamp or self.mail.shown_at

    @property
    def weighed(self) -> int:
        """The SEQUENCE the answer counts for (see ``sequence``)."""
        return self.answer.sequence if self.sequence is None else self.sequence

    def rank(self) -> tuple[int, float, float, float, int]:
        """Newest last: SEQUENCE (as weighed), then when it was written (:func:`written`); when two were
        written in the same second as far as that tells, their DTSTAMP and then their mail's Date as told
        (two clicks stamped in the same second or minute), then the order of reading."""
        told = (_seconds(self.answer.stamp), _seconds(self.mail.date))
        return (self.weighed, _seconds(self.written), *told, self.order)


def written(answer: Answer, mail: ReadMail, person: Invitee | None) -> datetime | None:
    """When an answer was written, as far as the clocks can be believed; ``None`` when none can be.

    The earliest of its DTSTAMP, the mail's Date, when the mail arrived (IMAP INTERNALDATE, Maildir
    delivery) and when ``replies`` read it, each taken only when it is not before the invite was first
    mailed (the journal; a time before is a wrong clock). An answer is written before its mail is sent,
    and sent before it arrives and is read: a DTSTAMP after any of those is a wrong clock too, and the
    earliest of them stands in for it. The newest answer (``Received.rank``) and the SEQUENCE an answer
    above every one mailed is weighed as (:func:`_cap`) both go by this one moment.
    """
    first = person.mailings[0][1] if person is not None and person.mailings else None
    moments = [
        moment
        for moment in (answer.stamp, mail.date, mail.arrived, mail.read_at)
        if moment is not None and moment.tzinfo is not None and (first is None or moment >= first)
    ]
    return min(moments, default=None)


UNCLEAR = timedelta(minutes=10)
"""How far the order two answers were written in and the order they reached the mailbox in must disagree
(each way) before it is said: a few minutes are a mail server's queue and clocks a little off."""


def unclear_order(best: Received, others: Sequence[Received]) -> Received | None:
    """The answer among ``others`` that makes ``best`` (the newest by :meth:`Received.rank`) doubtful: of
    another kind, to the same invite version, it reached the mailbox (IMAP INTERNALDATE, Maildir delivery:
    the office's own server's clock) more than :data:`UNCLEAR` after ``best``, yet says it was written more
    than that before it. A computer clock behind (its DTSTAMP and Date both early) and an outbox that sent
    a day late leave the same data, and the right answer differs: the one always right is to say so and ask
    (QA qaimap26 F2; docs/mail.md, "Which answer is the last"). ``None`` when the two orders agree, or the
    mailbox did not say when mails arrived (an mbox, saved ``.eml`` files)."""
    arrived, written_at = best.mail.arrived, best.written
    if arrived is None or written_at is None:
        return None
    doubtful = [
        other
        for other in others
        if other.state != best.state
        and other.weighed == best.weighed
        and other.mail.arrived is not None
        and other.written is not None
        and other.mail.arrived - arrived > UNCLEAR
        and written_at - other.written > UNCLEAR
    ]
    return max(doubtful, key=lambda other: _seconds(other.mail.arrived)) if doubtful else None


def _seconds(moment: datetime | None) -> float:
    return moment.timestamp() if moment is not None else 0.0


@dataclass(frozen=True)
class Notice:
    """A REFRESH or a bounce (:class:`~scheduler.replies.answers.Signal`), the mail that brought it, and
    the invitee it concerns (``None``: none of this campaign's)."""

    signal: Signal
    mail: ReadMail
    person: Invitee | None = None
    order: int = 0
    """The mail's place in the ledger."""
    verdict: Verdict = Verdict.CURRENT
    """A REFRESH judged as an answer is (:func:`_judge`): ``untrusted`` when it does not come from the
    invitee (nor its delegate, nor on its behalf from an address the invite went to), ``cancelled`` when
    the invite it asks for was cancelled. A bounce is always ``current``."""
    why: Message | None = None
    """Why a REFRESH is not trusted."""
    about: str = ""
    """The unit (a meeting table's: the meeting) an untrusted REFRESH asks about, when no one invitee is
    told by its address."""
    strangers: tuple[str, ...] = ()
    """The addresses of an untrusted REFRESH (From, ATTENDEE, SENT-BY) that were not invited to that
    event: where its invite must not be sent."""


@dataclass(frozen=True)
class Letter:
    """A mail with no calendar data about an invitee's invite (a reply written by hand, an out-of-office
    reply, a winmail.dat), or with calendar data none of which could be used (:func:`unusable`): not an
    answer, to be read by hand. ``order``: its place in the ledger."""

    mail: ReadMail
    person: Invitee
    order: int = 0


@dataclass(frozen=True)
class Standing:
    """An invitee's answer to its current invite.

    ``state`` is what counts (``no-answer`` when nothing does); ``answer`` the
    answer it comes from; ``outdated`` the newest trusted answer to an earlier
    invite, when no answer to this one counts; ``untrusted`` answers shown but
    not counted.
    """

    invitee: Invitee
    state: State
    answer: Received | None = None
    outdated: Received | None = None
    untrusted: tuple[Received, ...] = ()
    bounced: Notice | None = None
    """The last bounce of a mail to the invitee's current address still live (:func:`live_bounces`): neither
    invites nor reminders are mailed there."""
    refresh: Notice | None = None
    """The invitee asked for its invite again (REFRESH) and has not answered it since."""
    letter: Letter | None = None
    """The last mail about the invite that is no calendar answer (written by hand…) and that no answer
    read after it replaced: the office should read it."""
    away: Letter | None = None
    """The last automatic reply (out of office) to the invite: the contact may be away."""
    opened: Letter | None = None
    """The last read receipt of the invite (:attr:`ReadMail.receipt`): it was opened; no answer, no letter to
    read, nothing that holds a reminder (QA qamailbox25 F2)."""
    unclear: Received | None = None
    """An answer of another kind to the same invite that reached the mailbox after :attr:`answer` but says it
    was written before it (:func:`unclear_order`): which was the invitee's last word cannot be told."""

    @property
    def unit(self) -> str:
        return self.invitee.unit

    @property
    def comment(self) -> str:
        return self.answer.answer.comment if self.answer is not None else ""

    @property
    def delegated_to(self) -> str:
        """The address(es) the invitee handed the invite on to (RFC 5546 3.2.2.3), when their last trusted
        answer, to this invite or an earlier one, is their ``DELEGATED`` or their delegate's answer; else
        empty. Those delegates are not among the invite's recipients: what is mailed of it goes to the
        invitee (QA qacamp24 F8, :func:`scheduler.replies.declined.delegated_lines`)."""
        last = self.answer or self.outdated
        if last is None:
            return ""
        if last.why is not None and last.why.key == "replies.why.delegate":
            return last.answer.attendee
        if last.state == State.DELEGATED:
            return ", ".join(a.strip() for a in last.answer.delegated_to.split(",") if a.strip()) or "-"
        return ""


@dataclass(frozen=True)
class Standings:
    """Everyone's standing, and every answer read (for the sheet of who answered what)."""

    rows: tuple[Standing, ...]
    received: tuple[Received, ...]
    mails: tuple[ReadMail, ...]
    notices: tuple[Notice, ...] = ()
    letters: tuple[Letter, ...] = ()
    """Every mail about an invite that is not a calendar answer, with the invitee it is about."""
    reading: ReadingNote | None = None
    """The last run of ``replies`` (the ledger's note): when the answers were read, and whether that reading
    broke off (the page and the files say it: QA qaimap26 F3); ``None`` when the ledger holds no note."""

    def count(self, state: State) -> int:
        return sum(1 for row in self.rows if row.state == state)

    @property
    def meetings(self) -> bool:
        """Whether the invites are a meeting table's (each row a participant of a meeting)."""
        return any(row.invitee.title for row in self.rows)

    @property
    def per_person(self) -> bool:
        """Whether invites go to people rather than to units (then each person has a row of their own)."""
        return any(row.invitee.name != row.invitee.unit for row in self.rows)

    def of(self, unit: str) -> Standing | None:
        """The standing of ``unit`` (``None`` when it has no invite in the timetable)."""
        return next((row for row in self.rows if row.unit == unit), None)

    @property
    def foreign(self) -> tuple[Received, ...]:
        return tuple(r for r in self.received if r.verdict == Verdict.FOREIGN)


def _invitee(answer: Answer, candidates: Sequence[Invitee]) -> Invitee | None:
    """The invitee an answer speaks for: the one invited at its ATTENDEE's address, else the only one."""
    attendee = address_key(answer.attendee)
    for person in candidates:
        if attendee in person.addresses:
            return person
    return candidates[0] if len(candidates) == 1 else None


def sharing(answer: Answer, candidates: Sequence[Invitee]) -> list[Invitee]:
    """The participants of one meeting invited at the address an answer speaks for, when there are several
    (a shared office mailbox) and its ATTENDEE's CN names none of them alone: who answered cannot be told.

    The mailbox got one REQUEST per participant with the same UID and SEQUENCE, and a calendar client keeps
    only one of them; its answer's CN is the mailbox's name as often as the person's. Decision: such an
    answer counts for none of them (each row says so) rather than for whichever was listed first."""
    attendee = address_key(answer.attendee)
    found = [person for person in candidates if attendee in person.addresses]
    if len(found) < 2:
        return []
    named = [person for person in found if answer.name and person.name == answer.name.strip()]
    return [] if len(named) == 1 else found


def _pick(answer: Answer, candidates: Sequence[Invitee]) -> Sequence[Invitee]:
    """The candidates, with the one the ATTENDEE's CN names first when several share its address."""
    attendee = address_key(answer.attendee)
    named = [p for p in candidates if attendee in p.addresses and answer.name and p.name == answer.name.strip()]
    return [*named, *(p for p in candidates if p not in named)]


PREDATES = timedelta(days=1)
"""A mail whose Date and delivery are both more than this before an invite was first mailed predates it:
clocks differ by minutes, a mail of last round by months (:func:`predates`)."""


def predates(mail: ReadMail, person: Invitee) -> bool:
    """Whether ``mail`` was written and delivered before ``person``'s invite was first mailed (the journal):
    when the mailbox got it and its Date (when it has one) both more than :data:`PREDATES` before; never
    without the mailbox's time (a mail not yet filed, a file given alone). Such a mail is last round's,
    though it names the same UID or Message-ID (a campaign id kept for a new round) or the same SUMMARY (a
    new id, the same title): never an answer, letter or bounce of this round's invite (QA qareuse22 F2,
    F4). A PC whose clock is wrong still has its mail delivered now."""
    if not person.mailings:
        return False
    first = min(at for _, at in person.mailings)
    if mail.arrived is None or mail.arrived.tzinfo is None:
        return False
    times = [moment for moment in (mail.date, mail.arrived) if moment is not None and moment.tzinfo is not None]
    return all(moment < first - PREDATES for moment in times)


def _judge(answer: Answer, mail: ReadMail, candidates: Sequence[Invitee], order: int) -> Received:
    if not candidates or all(predates(mail, person) for person in candidates):
        return Received(answer, mail, Verdict.FOREIGN, None, order=order)
    invitee = _invitee(answer, candidates)
    unit = (invitee or candidates[0]).unit
    if invitee is not None and invitee.cancelled:
        return Received(answer, mail, Verdict.CANCELLED, unit, order=order, person=invitee)
    attendee = address_key(answer.attendee)
    principal = _principal(answer, mail, candidates)
    if principal is not None and (invitee is None or attendee not in invitee.addresses):
        # a delegate (代理邮箱) answering as themselves, from their own address, for the one invitee they stand for
        return _weighed(answer, mail, principal, order, _for(answer.attendee, principal))
    owner = _alias_owner(answer, mail, candidates)
    if owner is not None and (invitee is None or attendee not in invitee.addresses):
        # the invited mailbox answering under its alias (DingTalk, Alimail, Exchange's primary address), the
        # alias named by the office as its 代理邮箱: both addresses the office wrote down for it (QA qamailbox25 F6)
        return _weighed(answer, mail, owner, order, _for(answer.attendee, owner))
    if invitee is None or attendee not in invitee.addresses:
        invited = invitee.address if invitee is not None else [p.address or "-" for p in candidates]
        why = Message("replies.why.not_invitee", attendee=answer.attendee, invitee=invited or "-")
        return Received(answer, mail, Verdict.UNTRUSTED, unit, why, order, invitee)
    if _from_attendee(answer, mail):
        return _weighed(answer, mail, invitee, order, _written_by(answer, invitee))
    if answer.sent_by and address_key(mail.sender) == address_key(answer.sent_by):
        # on someone's behalf: counted only from an address the office itself mailed this invitee
        if address_key(answer.sent_by) in invitee.addresses:
            return _weighed(answer, mail, invitee, order, Message("replies.why.sent_by", sender=answer.sent_by))
        if address_key(answer.sent_by) in invitee.delegates:
            return _weighed(answer, mail, invitee, order, _for(answer.sent_by, invitee))
        why = Message("replies.why.on_behalf", sender=answer.sent_by, attendee=answer.attendee)
        return Received(answer, mail, Verdict.UNTRUSTED, unit, why, order, invitee)
    if not answer.sent_by and mail.sender and address_key(mail.sender) in invitee.delegates:
        # the invitee's own ATTENDEE from an address the office named as theirs (a "send mail as" alias, a
        # forwarding rule answered as the invited address: QA qacamp24 F9)
        return _weighed(answer, mail, invitee, order, _for(mail.sender, invitee))
    why = Message("replies.why.other_sender", sender=mail.shown_sender, attendee=answer.attendee)
    return Received(answer, mail, Verdict.UNTRUSTED, unit, why, order, invitee)


def _written_by(answer: Answer, invitee: Invitee) -> Message | None:
    """Who wrote an answer from the invitee's own address on its behalf (Exchange's "send on behalf": From the
    unit, ``SENT-BY`` a secretary; QA qaimap21 F5): named with it, as docs/replies.md promises; ``None`` when
    it names nobody else."""
    if not answer.sent_by or address_key(answer.sent_by) == address_key(answer.attendee):
        return None
    if address_key(answer.sent_by) in invitee.delegates:
        return _for(answer.sent_by, invitee)
    return Message("replies.why.sent_by", sender=answer.sent_by)


def _principal(answer: Answer, mail: ReadMail, candidates: Sequence[Invitee]) -> Invitee | None:
    """The invitee whose delegate (代理邮箱) answers as themselves (ATTENDEE and sender their own address):
    the only one among ``candidates`` they stand for and that is not cancelled, else ``None``."""
    if not _from_attendee(answer, mail):
        return None
    attendee = address_key(answer.attendee)
    found = [person for person in candidates if attendee in person.delegates and not person.cancelled]
    return found[0] if len(found) == 1 else None


def _alias_owner(answer: Answer, mail: ReadMail, candidates: Sequence[Invitee]) -> Invitee | None:
    """The invitee an answer comes from under another name: the mail from one of its invited addresses, the
    ATTENDEE one of its delegates (代理邮箱); the only one among ``candidates`` and not cancelled, else ``None``."""
    sender, attendee = address_key(mail.sender) if mail.sender else "", address_key(answer.attendee)
    found = [
        person
        for person in candidates
        if sender in person.addresses and attendee in person.delegates and not person.cancelled
    ]
    return found[0] if len(found) == 1 else None


def _for(delegate: str, invitee: Invitee) -> Message:
    """ "X 代 Y 答复": the remark on an answer a delegate gave for an invitee."""
    return Message("replies.why.delegate_for", sender=delegate, who=invitee.name)


def _from_attendee(answer: Answer, mail: ReadMail) -> bool:
    """Whether the mail comes from the address the answer speaks for."""
    return bool(mail.sender) and address_key(mail.sender) == address_key(answer.attendee)


def _weighed(answer: Answer, mail: ReadMail, invitee: Invitee, order: int, why: Message | None = None) -> Received:
    """A trusted answer, current or outdated by its SEQUENCE (``why``: a remark shown with it)."""
    if _another_round(answer, invitee):
        return Received(answer, mail, Verdict.FOREIGN, None, order=order)
    sent = invitee.sequence if invitee.sent is None else invitee.sent
    if answer.sequence > sent:  # an invite never mailed cannot be answered: weighed as one mailed before it
        cap, key = _cap(answer, mail, invitee, sent)
        above = Message(key, sequence=answer.sequence, sent=cap)
        verdict = Verdict.OUTDATED if cap < invitee.sequence else Verdict.CURRENT
        return Received(answer, mail, verdict, invitee.unit, above, order, invitee, cap)
    timed = _by_time(answer, mail, invitee) if answer.unsequenced else None
    if timed is not None and timed != answer.sequence:
        verdict = Verdict.OUTDATED if timed < invitee.sequence else Verdict.CURRENT
        why = why or Message("replies.why.sequence_by_time", sequence=timed)
        return Received(answer, mail, verdict, invitee.unit, why, order, invitee, timed)
    verdict = Verdict.OUTDATED if answer.sequence < invitee.sequence else Verdict.CURRENT
    return Received(answer, mail, verdict, invitee.unit, why, order, invitee)


ROUND_APART = timedelta(days=60)
"""An answer whose time is further than this from every time mailed answers another round's invite (as
:data:`scheduler.invites.rounds.ROUND_DAYS` tells a new round from a round moved)."""


def _another_round(answer: Answer, invitee: Invitee) -> bool:
    """Whether a trusted answer names a time (its DTSTART; a COUNTER's original start) further than
    :data:`ROUND_APART` from every time the journal says this invite showed: last round's answer under the
    same UID (the campaign id kept for a new round, QA qareuse22 F4), never counted for this round's."""
    named = answer.original if answer.method == "COUNTER" else answer.start
    if named is None or not invitee.versions:
        return False
    return all(_apart(named, start) > ROUND_APART for _, start in invitee.versions)


def _apart(said: datetime, start: datetime) -> timedelta:
    """How far an answer's time is from a time mailed (a time without a zone read on the other's clock)."""
    if said.tzinfo is None or start.tzinfo is None:
        return abs(said.replace(tzinfo=None) - start.replace(tzinfo=None))
    return abs(said - start)


def _by_time(answer: Answer, mail: ReadMail, invitee: Invitee) -> int | None:
    """The SEQUENCE an answer without one answers, told by the time it names: among the mailed versions (the
    journal keeps each mailing's start) whose start is the answer's DTSTART (a COUNTER's
    ``X-MS-OLK-ORIGINALSTART``: its DTSTART is the proposal), the only one, else the latest first mailed no
    later than the answer was written (:func:`written`: an update that kept the time, such as a new room, or
    a unit moved away and back); ``None`` when no time is named, no version showed it, or several did and no
    time tells which (then RFC 5545's default, 0, stands)."""
    named = answer.original if answer.method == "COUNTER" else answer.start
    if named is None:
        return None
    found = {sequence for sequence, start in invitee.versions if _same_start(named, start)}
    if len(found) <= 1:
        return found.pop() if found else None
    moment = written(answer, mail, invitee)
    if moment is None:
        return None
    first: dict[int, datetime] = {}
    for sequence, at in invitee.mailings:  # sorted: a version's first mailing comes first
        first.setdefault(sequence, at)
    before = [sequence for sequence in found if sequence in first and first[sequence] <= moment]
    return max(before, default=None)


def _cap(answer: Answer, mail: ReadMail, invitee: Invitee, sent: int) -> tuple[int, str]:
    """The SEQUENCE an answer above every one mailed is weighed as, and the message key saying why.

    The highest SEQUENCE mailed no later than the answer was written (:func:`written`). Judged from the
    ledger and the journal at every run, it stays the same when updates are mailed later. A REPLY whose
    DTSTART is not the current invite's time answered an earlier one.
    """
    if not invitee.mailings:
        return sent, "replies.why.sequence_above"
    cap = sent
    moment = written(answer, mail, invitee)
    if moment is not None:
        cap = max((seq for seq, at in invitee.mailings if at <= moment), default=sent)
    if cap >= invitee.sequence and answer.method == "REPLY" and not _same_start(answer.start, invitee.start):
        earlier = [seq for seq, _at in invitee.mailings if seq < invitee.sequence]
        if earlier:
            return max(earlier), "replies.why.sequence_above_time"
    return cap, "replies.why.sequence_above"


def _same_start(said: datetime | None, start: datetime | None) -> bool:
    """Whether an answer's DTSTART is the invite's start (no time said: nothing tells otherwise; a time
    without a zone is read on the invite's own clock)."""
    if said is None or start is None:
        return True
    if said.tzinfo is None or start.tzinfo is None:
        return said.replace(tzinfo=None) == start.replace(tzinfo=None)
    return said == start


def _delegates(received: Sequence[Received]) -> dict[tuple[str, str], dict[int, Received]]:
    """(UID, delegate's address) -> for each invitee who named that delegate in a trusted DELEGATED answer
    (by the invitee's ``id``: several participants of one meeting may hand it on to one address), their
    last such answer."""
    out: dict[tuple[str, str], dict[int, Received]] = {}
    for item in received:
        if item.verdict in (Verdict.CURRENT, Verdict.OUTDATED) and item.state == State.DELEGATED:
            for to in item.answer.delegated_to.split(","):
                if to.strip() and item.person is not None:
                    out.setdefault((item.answer.uid, address_key(to)), {})[id(item.person)] = item
    return out


def _own(received: Sequence[Received]) -> dict[int, list[Received]]:
    """Each invitee's own trusted answers (by the invitee's ``id``), before any delegate's is weighed."""
    out: dict[int, list[Received]] = {}
    for item in received:
        trusted = item.verdict in (Verdict.CURRENT, Verdict.OUTDATED) and item.state != State.NO_ANSWER
        if item.person is not None and trusted:
            out.setdefault(id(item.person), []).append(item)
    return out


def _still_handed(own: Sequence[Received], answer: Received, to: str) -> bool:
    """Whether the seat was still handed on to ``to`` (compared) when the delegate wrote ``answer``: the
    delegator's last own answer before it (:meth:`Received.rank`) is a DELEGATED naming ``to``, or none of
    theirs comes before it. An own answer between took the delegation back (review26: the deputy kept the
    copy for another participant, and their later answer overrode the taker-back's own)."""
    before = [r for r in own if r.rank() < answer.rank()]
    if not before:
        return True
    last = max(before, key=Received.rank)
    named = {address_key(a) for a in last.answer.delegated_to.split(",") if a.strip()}
    return last.state == State.DELEGATED and to in named


def _as_delegate(
    item: Received, delegations: dict[tuple[str, str], dict[int, Received]], own: Mapping[int, list[Received]]
) -> list[Received]:
    """An answer from someone not invited, trusted when an invitee delegated to that address (RFC 5546
    3.2.2.3), had not taken it back when it was written (:func:`_still_handed`, by their ``own`` answers)
    and the mail comes from it: one answer for each seat handed on to them (two participants who named one
    delegate: the delegate answers once, for both); otherwise ``item`` as it was judged."""
    if item.verdict != Verdict.UNTRUSTED or item.why is None or item.why.key != "replies.why.not_invitee":
        return [item]
    to = address_key(item.answer.attendee)
    delegated = delegations.get((item.answer.uid, to), {})
    if not delegated or not _from_attendee(item.answer, item.mail):
        return [item]
    out = []
    for delegation in delegated.values():
        assert delegation.person is not None
        why = Message("replies.why.delegate", attendee=item.answer.attendee, delegator=delegation.answer.attendee)
        weighed = _weighed(item.answer, item.mail, delegation.person, item.order, why)
        if _still_handed(own.get(id(delegation.person), ()), weighed, to):
            out.append(weighed)
    return out or [item]


def judge(people: Sequence[Invitee], mails: Iterable[ReadMail]) -> Standings:
    """Every invitee's standing from the mails read (in the ledger's order).

    Several invitees may share one invite (a meeting with several participants):
    an answer then counts for the one whose address it answers for.
    """
    by_uid: dict[str, list[Invitee]] = {}
    for person in people:
        by_uid.setdefault(person.uid, []).append(person)
    received: list[Received] = []
    kept: list[ReadMail] = []
    for mail in mails:
        kept.append(mail)
        for answer in mail.answers:
            candidates = by_uid.get(answer.uid, [])
            shared = sharing(answer, candidates)
            if shared and not any(p.cancelled for p in shared):
                names = [p.name for p in shared]
                why = Message("replies.why.shared_address", address=answer.attendee, names=names)
                for person in shared:
                    item = Received(answer, mail, Verdict.UNTRUSTED, person.unit, why, len(received), person)
                    received.append(item)
                continue
            received.append(_judge(answer, mail, _pick(answer, candidates), len(received)))
    delegations, own = _delegates(received), _own(received)
    received = [weighed for item in received for weighed in _as_delegate(item, delegations, own)]
    notices = tuple(_notices(people, kept))
    letters = tuple(_letters(people, kept))
    since = _Since.of(people, kept)
    place = {mail.key: number for number, mail in enumerate(kept)}
    rows = []
    for person in people:
        if person.cancelled:
            continue
        mine = [r for r in received if r.person is person]
        counted = [r for r in mine if r.verdict == Verdict.CURRENT and r.state != State.NO_ANSWER]
        earlier = [r for r in mine if r.verdict == Verdict.OUTDATED and r.state != State.NO_ANSWER]
        untrusted = tuple(r for r in mine if r.verdict == Verdict.UNTRUSTED)
        bounced, refresh = _flags(person, notices, since, bool(counted))
        answered = max((place.get(r.mail.key, -1) for r in mine if r.verdict != Verdict.UNTRUSTED), default=-1)
        letter, away, opened = _letters_of(person, letters, answered)
        if counted:
            best = max(counted, key=Received.rank)
            row = Standing(person, best.state, best, None, untrusted, bounced, refresh, letter, away, opened)
            rows.append(replace(row, unclear=unclear_order(best, counted)))
        else:
            last = max(earlier, key=Received.rank) if earlier else None
            row = Standing(person, State.NO_ANSWER, None, last, untrusted, bounced, refresh, letter, away, opened)
            rows.append(row)
    return Standings(tuple(rows), tuple(received), tuple(kept), notices, letters)


@dataclass(frozen=True)
class _Ours:
    """What a plain mail is told to be about the campaign's invites by: the Message-IDs (as compared) of the
    mails that carried each invitee's invite (or reminder), the UIDs of the calendar items mailed and the
    organisers' addresses (as compared)."""

    by_id: dict[str, list[Invitee]]
    items: frozenset[str]
    organizers: frozenset[str]

    def carried(self, mail: ReadMail) -> bool:
        """Whether every calendar a plain mail carries (none, or our invite kept attached to a reply) is one
        of ours: a UID we mailed, with us as ORGANIZER. Another calendar makes it no letter about our invites."""
        return all(uid in self.items and address_key(by) in self.organizers for uid, by in mail.invitations)


def _ours(people: Sequence[Invitee]) -> _Ours:
    by_id: dict[str, list[Invitee]] = {}
    for person in people:
        for message_id in person.message_ids:
            by_id.setdefault(message_id, []).append(person)
    items = frozenset(uid for person in people for uid in person.items)
    organizers = frozenset(address_key(p.organizer) for p in people if p.organizer)
    return _Ours(by_id, items, organizers)


def _addressees(mail: ReadMail, people: Sequence[Invitee], ours: _Ours) -> list[Invitee]:
    """The invitees a plain mail is about: those whose invite it replies to (``In-Reply-To`` or
    ``References`` naming a Message-ID the journal recorded) and those invited at the address it comes
    from, or whose delegate (代理邮箱) it comes from; of these, the ones whose unit (or meeting) its subject
    names, when it names any; else the ones it replies to; else the ones at its address. None when it
    carries a calendar that is not ours."""
    if not ours.carried(mail):
        return []
    by_id = ours.by_id
    by_reference = list(dict.fromkeys(p for ref in mail.refs for p in by_id.get(_message_id(ref), [])))
    by_reference = [p for p in by_reference if not predates(mail, p)]
    sender = address_key(mail.sender) if mail.sender else ""
    # its own address, or one the office named to answer for it (代理邮箱: QA qaimap21 F4)
    invited = [p for p in people if sender and (sender in p.addresses or sender in p.delegates)]
    invited = [p for p in invited if not predates(mail, p)]
    if not by_reference and not mail.invitations and invited and _elsewhere(mail):  # (our invite attached: ours)
        invited = [p for p in invited if _names_invite(mail.subject, p)]
    named = [p for p in dict.fromkeys([*by_reference, *invited]) if p.unit and p.unit in mail.subject]
    return named or by_reference or invited


def _elsewhere(mail: ReadMail) -> bool:
    """Whether a plain mail's own headers say it answers some other mail (docs/replies.md, "Mails about an
    invite that hold no calendar"; QA qaimap21 F3): its ``In-Reply-To``/``References`` name Message-IDs (none
    of ours: the caller asks only then), or its subject is a reply to an invitation (``回复：邀请：…``). Such a
    mail from an invited address is about that invitee's invite only when its subject names the invite's
    SUMMARY: another campaign's invitation, or the unit's other business with the office, is not."""
    return bool(mail.refs) or invitation_of(mail.subject) is not None


def _names_invite(subject: str, invitee: Invitee) -> bool:
    """Whether a subject names the invitee's invite: its SUMMARY in it ("回复：转发：邀请：基层政务公开标准对接：
    区发改委"), or a reply to an invitation whose title is how that SUMMARY opens (a subject cut short after
    the campaign's title, "回复：邀请：基层政务公开标准对接"). The SUMMARY as the invites are written now, or
    as any message of the invite was mailed with (the journal's: a contact renamed in an export not yet
    mailed changed the first, and the reply names what was mailed)."""
    titles = {invitee.summary, *invitee.mailed_summaries} - {""}
    if any(title in subject for title in titles):
        return True
    named = (invitation_of(subject) or "").rstrip("：:. ")
    return bool(named) and any(title.startswith(named) for title in titles)


def concerns(people: Sequence[Invitee]) -> Callable[[ReadMail], bool]:
    """Whether a mail read is worth keeping in the ledger: any mail with calendar data or whose subject
    reads as an answer (named, wherever it comes from), and a reply written by hand or an automatic reply
    only when it is about one of ``people``'s invites (a reply carrying calendars that are not answers is kept
    whatever they are: counted as such when they are not ours)."""
    ours = _ours(people)

    def wanted(mail: ReadMail) -> bool:
        return not mail.plain or bool(mail.problems or mail.ignored) or bool(_addressees(mail, people, ours))

    return wanted


def set_aside(people: Sequence[Invitee]) -> Callable[[ReadMail], list[Invitee]]:
    """For a mail :func:`concerns` did not keep: the invitees at whose address (or delegate's) a plain mail
    came from that was left out because its own headers say it answers another mail (:func:`_elsewhere`:
    the office's notice, another campaign's invite); empty for any other mail, and for a mail written and
    delivered before the invitee's invite was first mailed (:func:`predates`: it cannot be about it; QA
    qamailbox25 F1). Such a mail is not filed, but said for the clerk to read (docs/replies.md; QA
    review21b F3)."""
    ours = _ours(people)

    def aside(mail: ReadMail) -> list[Invitee]:
        if not mail.plain or mail.invitations or mail.receipt or not ours.carried(mail) or not _elsewhere(mail):
            return []  # (a read receipt of another mail: nothing to read)
        if any(ours.by_id.get(_message_id(ref)) for ref in mail.refs):
            return []
        sender = address_key(mail.sender) if mail.sender else ""
        found = [p for p in people if sender and (sender in p.addresses or sender in p.delegates)]
        return [p for p in found if not predates(mail, p)]

    return aside


def elsewhere(people: Sequence[Invitee]) -> Callable[[ReadMail], bool]:
    """Whether a mail read holds only answers to other invites (no UID of ``people``'s), all of them usable,
    and nothing else to say (no bounce, no REFRESH, no problem): another campaign's answer in the same
    mailbox. Said when read (summed past a few), it is then remembered by its key alone (QA qamailbox25 F9:
    9,667 of them made an 11.5 MB ledger that every command reads)."""
    uids = frozenset(person.uid for person in people)

    def other(mail: ReadMail) -> bool:
        if mail.plain or not mail.answers or mail.problems or mail.signals:
            return False
        return all(answer.uid not in uids for answer in mail.answers)

    return other


def unusable(mail: ReadMail) -> bool:
    """Whether a mail held calendar data of which nothing could be used (too large to read, broken base64, a
    calendar that cannot be parsed, a DECLINECOUNTER…): like a reply written by hand, a person must read it."""
    return not mail.plain and bool(mail.problems) and not mail.answers and not mail.signals


def _letters(people: Sequence[Invitee], mails: Sequence[ReadMail]) -> Iterator[Letter]:
    ours = _ours(people)
    for number, mail in enumerate(mails):
        if mail.plain or unusable(mail):
            for person in _addressees(mail, people, ours):
                yield Letter(mail, person, number)


def letter_words(mail: ReadMail, width: int) -> Message:
    """What a letter's mail says, quoted, on one line of at most ``width`` characters: its first words, else
    its subject, else ``-``; a winmail.dat without words is said to be one, not quoted by its subject
    ("已接受: …" read as an accept: QA qamailbox25 F7)."""
    text = one_line(mail.text, width)
    if not text and any(problem.key == "replies.no_calendar_tnef" for problem in mail.problems):
        return Message("replies.words_tnef")
    return Message("replies.words_quoted", words=text or one_line(mail.subject, width) or "-")


_Found = tuple[Letter | None, Letter | None, Letter | None]


def _letters_of(person: Invitee, letters: Sequence[Letter], answered: int) -> _Found:
    """The invitee's last plain mail not followed by an answer read after it, its last automatic reply and
    its last read receipt (never a letter to read: QA qamailbox25 F2)."""
    mine = [letter for letter in letters if letter.person is person]
    receipts = [letter for letter in mine if letter.mail.receipt]
    mine = [letter for letter in mine if not letter.mail.receipt]
    written = [letter for letter in mine if not letter.mail.auto and letter.order > answered]
    away = [letter for letter in mine if letter.mail.auto]
    return (written[-1] if written else None), (away[-1] if away else None), (receipts[-1] if receipts else None)


def _notices(people: Sequence[Invitee], mails: Iterable[ReadMail]) -> Iterator[Notice]:
    """Each REFRESH and bounce, matched to the invitee it concerns: by UID (and the address, when several
    people share the invite), else a bounce by the Message-ID the journal recorded for the invitee, else (a
    bounce that returns nothing of the mail) by the failed address, one the journal says was mailed."""
    by_uid: dict[str, list[Invitee]] = {}
    for invitee in people:
        by_uid.setdefault(invitee.uid, []).append(invitee)
    for order, mail in enumerate(mails):
        for signal in mail.signals:
            candidates = by_uid.get(signal.uid, [])
            if signal.kind == REFRESH and candidates:
                yield _refresh(signal, mail, candidates, order)
                continue
            answer = Answer("", signal.uid, 0, signal.attendee)
            person: Invitee | None = _invitee(answer, candidates) if candidates else None
            if person is None and signal.kind == BOUNCE and signal.message_id:
                wanted = _message_id(signal.message_id)
                person = next((p for p in people if wanted in p.message_ids), None)
            elif person is None and signal.kind == BOUNCE and not signal.uid and signal.attendee:
                # a bounce that returns nothing of the mail (some mail systems' own shape): by the address alone
                failed = address_key(signal.attendee)
                person = next((p for p in people if failed in {s.address for s in p.sent_to}), None)
            if person is not None and predates(mail, person):
                person = None  # last round's bounce: it returned no mail of this round's
            yield Notice(signal, mail, person, order)


def _refresh(signal: Signal, mail: ReadMail, candidates: Sequence[Invitee], order: int) -> Notice:
    """A REFRESH of one of our invites, trusted as an answer is (:func:`_judge`: the invitee's own address,
    its delegate, or on its behalf from an address the invite went to): the UID alone never makes it the
    invitee's request (QA qaitip20 F2: a stranger holding a forwarded invite was told as the unit asking)."""
    asked = Answer("REFRESH", signal.uid, signal.sequence or 0, signal.attendee, sent_by=signal.sent_by)
    judged = _judge(asked, mail, _pick(asked, candidates), order)
    said = (mail.sender, signal.attendee, signal.sent_by)
    owner = _owner(said, candidates)
    if judged.verdict == Verdict.UNTRUSTED and owner is not None:  # its own and its delegates' addresses only
        judged = _weighed(asked, mail, owner, order)
    known = {a for p in candidates for a in (*p.addresses, *p.delegates)}
    strangers = tuple(dict.fromkeys(a for a in said if a and address_key(a) not in known))
    return Notice(signal, mail, judged.person, order, judged.verdict, judged.why, judged.unit or "", strangers)


def _owner(said: Sequence[str], candidates: Sequence[Invitee]) -> Invitee | None:
    """The one invitee (not cancelled) whose addresses and delegates (代理邮箱) hold every address ``said``
    (a REFRESH's From, ATTENDEE and SENT-BY), else ``None``. Such a REFRESH is its request whichever of them
    is From and which ATTENDEE: the invite goes to its own addresses only (QA review20 F2), and a ledger line
    written before SENT-BY was kept (an Outlook delegate's REFRESH from an address the invite went to) is
    judged as it was then (QA review20 F7)."""
    shown = {address_key(a) for a in said if a}
    found = [p for p in candidates if not p.cancelled and shown and shown <= {*p.addresses, *p.delegates}]
    return found[0] if len(found) == 1 else None


def _flags(
    person: Invitee, notices: Sequence[Notice], since: _Since, answered: bool
) -> tuple[Notice | None, Notice | None]:
    """The invitee's live bounce (:func:`live_bounces`) and unanswered REFRESH (a trusted one)."""
    mine = [n for n in notices if n.person is person]
    asked = (Verdict.CURRENT, Verdict.OUTDATED)
    refreshes = [n for n in mine if n.signal.kind == REFRESH and n.verdict in asked and not answered]
    return _live_bounce(person, notices, since), (refreshes[-1] if refreshes else None)


@dataclass(frozen=True)
class _Since:
    """What ends a bounce, per address (as compared): the ledger's places of the mails read from it, and the
    messages the journal says were mailed to it."""

    heard: dict[str, list[int]]
    mailed: dict[str, list[SentLine]]

    @staticmethod
    def of(people: Sequence[Invitee], mails: Sequence[ReadMail]) -> _Since:
        heard: dict[str, list[int]] = {}
        for order, mail in enumerate(mails):
            if mail.sender and not any(signal.kind == BOUNCE for signal in mail.signals):
                heard.setdefault(address_key(mail.sender), []).append(order)
        mailed: dict[str, list[SentLine]] = {}
        for person in people:
            for sent in person.sent_to:
                mailed.setdefault(sent.address, []).append(sent)
        return _Since(heard, mailed)

    def ended(self, bounce: Notice, address: str) -> bool:
        """Whether a bounce of mail to ``address`` is over: a mail from that address was read after it (an
        answer, a reply: the mailbox works), or ``send --allow-bounced`` mailed that address after the
        message that bounced (the journal's order; when the journal does not have that message, at or
        after the second the bounce was read). A bounce of that later message is a new one, live again."""
        if any(order > bounce.order for order in self.heard.get(address, ())):
            return True
        allowed = [sent for sent in self.mailed.get(address, []) if sent.allow_bounced]
        returned = _returned(bounce)
        lines = [sent.line for sent in self.mailed.get(address, []) if returned and sent.message_id == returned]
        if lines:
            return any(sent.line > max(lines) for sent in allowed)
        read = bounce.mail.read_at or bounce.mail.arrived or bounce.mail.date
        return read is not None and read.tzinfo is not None and any(sent.at >= read for sent in allowed)


def _returned(bounce: Notice) -> str:
    """The Message-ID (as compared) of the mail a bounce returned; empty when it does not say."""
    return _message_id(bounce.signal.message_id) if bounce.signal.message_id else ""


def _bounced_address(bounce: Notice) -> str:
    """The address (as compared) whose mail ``bounce`` returned: the one the journal says the returned message
    went to (what was mailed, whatever a relay or a rewritten ``To:`` makes the report name), else the one
    the bounce names, else the invitee's address now."""
    person = bounce.person
    returned = _returned(bounce)
    went = [sent.address for sent in person.sent_to if returned and sent.message_id == returned] if person else []
    if went:
        return went[-1]
    if bounce.signal.attendee:
        return address_key(bounce.signal.attendee)
    return address_key(person.address or "") if person is not None else ""


def _live_bounce(person: Invitee, notices: Sequence[Notice], since: _Since) -> Notice | None:
    """The last bounce still live for ``person`` (see :func:`live_bounces`)."""
    current = address_key(person.address or "")
    if not current:
        return None
    bounces = [
        n
        for n in notices
        if n.signal.kind == BOUNCE
        and n.person is not None
        and _bounced_address(n) == current
        and not since.ended(n, current)
    ]
    return bounces[-1] if bounces else None


def live_bounces(people: Sequence[Invitee], mails: Sequence[ReadMail]) -> dict[str, Notice]:
    """Each invitee's last live bounce in the mails of the ledger, by the invite's journal key; cancelled
    invites too (their CANCEL would go to the same address). Neither ``send`` nor ``send --remind`` mails
    an invitee while it has one.

    A bounce is live when it returned a mail to the address the invitee has now (one of its own invites,
    or any of this campaign's mails to that same address: a meeting's participant invited to several
    meetings, the address that bounced for one bounces for all of them), and until either a mail from that
    address is read after it (an answer, a reply written by hand or an automatic one: the mailbox works),
    or a message other than the one that bounced is mailed to that address once the bounce was read (the
    journal shows it: ``send --allow-bounced``). A new bounce of that later message is live again. Once the
    contacts give the invitee another address, the bounce of the old one no longer concerns it.
    """
    notices = list(_notices(people, mails))
    since = _Since.of(people, mails)
    out = {}
    for person in people:
        bounce = _live_bounce(person, notices, since)
        if bounce is not None:
            out[person.key or person.uid] = bounce
    return out
