"""The mail that carries a unit's invite: checked, composed and serialised, with no I/O.

Structure (what Outlook, Gmail, Apple Mail and Thunderbird need to show a
meeting request with Accept/Decline)::

    multipart/mixed
      multipart/alternative
        text/plain; charset=utf-8            the letter, in Chinese (base64)
        text/calendar; method=REQUEST; charset=UTF-8   the invite (base64, no disposition)
      application/ics; name="invite.ics"     the same bytes, as an attachment
      application/ics; name="deadlines.ics"  the unit's deadline calendar (PUBLISH), when it has one

``From`` is the organiser named in the invite, ``To`` the attendee's address;
names and the subject are RFC 2047 encoded (every encoded-word at most 75
characters, every header line at most 78), so the message is 7-bit ASCII
(unless an address has a non-ASCII local part: then it needs SMTPUTF8).
The ``Message-ID`` and the MIME boundaries derive from the invite's UID and
SEQUENCE: the same invite always gives the same message, apart from ``Date``.
docs/mail.md explains the choices.
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import policy
from email.encoders import encode_base64
from email.headerregistry import Address
from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import EmailPolicy
from email.utils import format_datetime, quote
from pathlib import PurePosixPath

from icalendar import Calendar

from scheduler.errors import InputError
from scheduler.files.addresses import AddressError, address_key, ascii_domain, check_address, visible, wire_address
from scheduler.invites.calendar import Invite
from scheduler.invites.changes import length_words, moved, new_length, zone_words
from scheduler.invites.vcalendar import prodid_language
from scheduler.text.messages import Message, invite_text, invites_in, invites_language, render, worded
from scheduler.text.times import format_clock, format_time

MAILED = ("REQUEST", "CANCEL")
"""The invite methods that are mailed (``PUBLISH``: the unit has no address)."""
INVITE_ATTACHMENT = "invite.ics"
DEADLINES_ATTACHMENT = "deadlines.ics"


@dataclass(frozen=True)
class Mail:
    """One message, ready to hand to a server: envelope, identity and the exact bytes.

    ``recipient`` is the envelope recipient (the attendee's address, the domain in
    its ASCII form), ``sender`` the envelope sender. ``smtputf8`` says the message
    holds a non-ASCII address and needs a server that offers SMTPUTF8.
    """

    unit: str
    uid: str
    sequence: int
    method: str
    recipient: str
    sender: str
    message_id: str
    subject: str
    data: bytes
    smtputf8: bool = False
    eml_name: str = ""
    start: str = ""
    """The invite's start (ISO, with its offset) and room, for the journal (an invite's message, or a meeting
    reminder's: what it reminded of)."""
    location: str = ""
    allow_bounced: bool = False
    """Mailed to an address whose mail bounced, by ``--allow-bounced``: the journal says so."""
    addressee: str = ""
    """Whom the summary lines name (:attr:`~scheduler.invites.calendar.Invite.addressee`); empty: ``unit``."""
    end: str = ""
    """The invite's end (ISO), for the journal: the next update's letter compares with it."""
    people: tuple[str, ...] = ()
    """A meeting's participants as the invite lists them, for the journal (empty for a unit's invite)."""
    summary: str = ""
    """The invite's SUMMARY as the message showed it (its subject names it), for the journal: a reply naming
    it is the invite's even after the title changed in an export not yet mailed (empty for a reminder)."""

    @property
    def named(self) -> str:
        """The message's addressee as the summary lines name it."""
        return self.addressee or self.unit


@dataclass(frozen=True)
class Before:
    """What the recipient's last message of this invite showed (the journal's): start (ISO) and room;
    its end (ISO, empty when the journal line did not keep it) and a meeting's participants (``None``
    when not kept: a line written before they were, or a unit's invite)."""

    start: str
    location: str
    end: str = ""
    people: tuple[str, ...] | None = None


def _text(key: str, **params: object) -> str:
    """Invite content is in the campaign's language whatever the CLI's (:func:`~scheduler.text.messages.invites_in`):
    the people invited read it."""
    return invite_text(key, **params)


def _refuse(invite: Invite, reason: Message) -> InputError:
    """Why ``invite`` cannot be mailed, naming its unit (or its meeting participant)."""
    return InputError(Message(worded("mail.refused", invite.shared), unit=visible(invite.unit), reason=reason))


def _single_line(text: str) -> bool:
    return not any(unicodedata.category(c).startswith("C") or unicodedata.category(c) in ("Zl", "Zp") for c in text)


def _checked_address(invite: Invite, address: str | None) -> str:
    if not address:
        raise _refuse(invite, Message("mail.no_address"))
    try:
        tidy = check_address(address)
    except AddressError as exc:
        raise _refuse(invite, Message("input.bad_address", value=visible(address), reason=Message(exc.reason))) from exc
    if tidy != address:  # the export stores addresses tidied: anything else was edited by hand
        raise _refuse(invite, Message("input.bad_address", value=visible(address), reason=Message("mail.untidy")))
    return address


@dataclass(frozen=True)
class _Event:
    summary: str
    description: str
    called_off: bool
    """``STATUS:CANCELLED``: the event itself is cancelled (a CANCEL without it only uninvites the attendee)."""
    people: tuple[str, ...] = ()
    """A meeting's participants (the ATTENDEE names of an invite shared by several; empty for a unit's)."""


def _read_invite(invite: Invite) -> _Event:
    """The invite's own calendar, checked against what the state file says it is."""
    try:
        calendar = Calendar.from_ical(invite.data)
        events = calendar.walk("VEVENT")
        method = str(calendar.get("METHOD", ""))
    except ValueError as exc:
        raise _refuse(invite, Message("mail.bad_calendar", reason=str(exc))) from exc
    if len(events) != 1 or method != invite.method:
        raise _refuse(invite, Message("mail.mismatch", what="METHOD"))
    event = events[0]
    if str(event.get("UID", "")) != invite.uid:
        raise _refuse(invite, Message("mail.mismatch", what="UID"))
    if int(event.get("SEQUENCE", -1)) != invite.sequence:
        raise _refuse(invite, Message("mail.mismatch", what="SEQUENCE"))
    attendees = event.get("ATTENDEE")
    attendees = attendees if isinstance(attendees, list) else [attendees] if attendees is not None else []
    wanted = address_key(invite.attendee.address or "")
    found = sum(1 for a in attendees if address_key(str(a)) == wanted)
    # a meeting's event lists every participant: two at one shared mailbox are both there (ics warns of it)
    if found < 1 or (not invite.shared and (found != 1 or len(attendees) != 1)):
        raise _refuse(invite, Message("mail.mismatch", what="ATTENDEE"))
    if address_key(str(event.get("ORGANIZER", ""))) != address_key(invite.organizer.address or ""):
        raise _refuse(invite, Message("mail.mismatch", what="ORGANIZER"))
    summary = str(event.get("SUMMARY", "")).strip()
    if not _single_line(summary):
        raise _refuse(invite, Message("input.bad_person", value=visible(summary)))
    called_off = str(event.get("STATUS", "")).upper() == "CANCELLED"
    people = tuple(str(a.params.get("CN", "")) for a in attendees) if invite.shared else ()
    return _Event(summary, str(event.get("DESCRIPTION", "")).strip(), called_off, people)


def _checked(invite: Invite) -> _Event:
    """The invite's event, or an :class:`InputError` naming the unit when it cannot be mailed safely.

    Names that go into headers must be one line (no CR/LF or other control
    characters: no header injection); addresses must be valid and one each;
    the calendar must be the one the state file describes (METHOD, UID,
    SEQUENCE, ATTENDEE, ORGANIZER), so the journal records what is really sent.
    """
    if invite.method not in MAILED:
        raise _refuse(invite, Message("mail.no_address"))
    for name in (invite.unit, invite.attendee.name, invite.organizer.name, invite.contact):
        if not _single_line(name):
            raise _refuse(invite, Message("input.bad_person", value=visible(name)))
    _checked_address(invite, invite.attendee.address)
    _checked_address(invite, invite.organizer.address)
    return _read_invite(invite)


def message_id(invite: Invite) -> str:
    """``<UID.SEQUENCE@organiser's domain>``: the same invite always has the same Message-ID."""
    domain = (invite.organizer.address or "@").rsplit("@", 1)[1]
    ident = invite.journal_key.replace("/", ".")
    return f"<{ident}.{invite.sequence}@{ascii_domain(domain) or 'invalid'}>"


def what_changed(invite: Invite, before: Before) -> str:
    """An update's line on its time and room: ``原定 9月8日 9:00，改为 9月9日 10:00（地点不变：区政府420房间）``,
    the room's change likewise, or that neither changed (then something else did: the text says it);
    a new length beside a new start or room is named after it (``结束时间原定 17:00，改为 16:45（1小时 →
    45分钟）``, review21 F1), as the 说明 column names it (:func:`~scheduler.invites.changes.new_length`)."""
    change = moved(before.start, before.location, invite)
    if change.was is None:
        return ""
    if change.zone:  # the campaign's zone changed: its wall times are not comparable (QA qadst23 F1)
        said = _text("mail.change.zone", **zone_words(change, invite))
        if change.room:
            said += _text("mail.change.zone_room", was=before.location or "—", now=invite.location or "—")
        return said
    old_time, new_time = format_time(change.was), format_time(invite.start)
    was_end = new_length(change, before.end, invite)
    ends = _ends(change.was, was_end, invite) if was_end is not None else None
    where = f"{new_time}，{invite.location}" if invite.location else new_time
    if change.time and change.room:
        old_place = f"{old_time}，{before.location}" if before.location else old_time
        said = _text("mail.change.both", was=old_place, now=where)
    elif change.time:
        key = "mail.change.time_in" if invite.location else "mail.change.time"
        said = _text(key, was=old_time, now=new_time, room=invite.location)
    elif change.room:
        key = "mail.change.room_start" if ends else "mail.change.room"
        said = _text(key, was=before.location or "—", now=invite.location or "—", time=new_time)
    else:
        return _text("mail.change.end", where=where, **ends) if ends else _text("mail.change.neither", where=where)
    return said + (_text("mail.change.length", **ends) if ends else "")


def _ends(was_start: datetime, was_end: datetime, invite: Invite) -> dict[str, str]:
    """The earlier and the new end and both lengths, as a letter names a new length: each end a clock
    when both fall on the new end's day, else with its day."""
    same = was_end.date() == invite.end.date()
    return {
        "was": format_clock(was_end.time()) if same else format_time(was_end),
        "now": format_clock(invite.end.time()) if same else format_time(invite.end),
        "was_length": _length(was_end - was_start),
        "length": _length(invite.end - invite.start),
    }


def who_changed(before: Before, people: tuple[str, ...]) -> str:
    """An update's line on a meeting's participants against the message before (``before.people``):
    ``参会人员有变：新增 何律师；不再参加 高律师。``; empty when they are the same or were not kept."""
    if before.people is None:
        return ""
    added = [p for p in people if p not in before.people]
    removed = [p for p in before.people if p not in people]
    parts = [
        _text(key, names=names)
        for key, names in (("mail.people.added", added), ("mail.people.removed", removed))
        if names
    ]
    return _text("mail.people.changed", parts="；".join(parts)) if parts else ""


def _length(span: timedelta) -> str:
    return render(length_words(span), invites_language())


def _when_note(invite: Invite, now: datetime) -> str:
    """What the letter's times leave out: the zone, always (an invite reaches people abroad, whose
    calendars show it in their own zone: QA qadst23 F7, a Shanghai letter said 8:00 to a reader whose
    calendar said 17:00 the day before), Asia/Shanghai as a Chinese reader says it (北京时间); and the year,
    for a meeting in another year than the letter's date (a campaign across New Year, one planned a year
    ahead). The .ics holds both; this is the words'."""
    zone = getattr(invite.start.tzinfo, "key", None)
    notes = []
    if zone == "Asia/Shanghai":
        notes.append(_text("mail.when_beijing"))
    elif zone:
        notes.append(_text("mail.when_zone", zone=zone))
    year = invite.start.year
    if year != now.astimezone(invite.start.tzinfo).year:
        others = _deadline_years(invite.deadlines)
        if others - {year}:  # one year for the letter would be wrong for some of its deadlines (QA qareuse22 F5)
            notes.append(_text("mail.when_years", year=year, years=[str(y) for y in sorted(others)]))
        else:
            notes.append(_text("mail.when_year", year=year))
    return "".join(notes)


_DEADLINE_DAY = re.compile(rb"^DTSTART;VALUE=DATE:(\d{4})\d{4}\r?$", re.MULTILINE)


def _deadline_years(deadlines: bytes | None) -> set[int]:
    """The years of the deadline calendar's days (all-day items: their ``DTSTART;VALUE=DATE``)."""
    return {int(found) for found in _DEADLINE_DAY.findall(deadlines or b"")}


def greeting(invite: Invite) -> str:
    """A letter's first line, in the invites' language: ``区财政局 陈某：``; ``Dear Jane Doe (Finance Office),``,
    the person then the unit (QA qadst23 F6: "Dear Finance Office Jane Doe," was the Chinese word for word).
    One rule for invitations, updates, cancellations and reminders."""
    if invites_language() == "en":
        return _text("mail.dear", name=f"{invite.contact} ({invite.unit})" if invite.contact else invite.unit)
    return f"{invite.unit} {invite.contact}：" if invite.contact else f"{invite.unit}："


def _body(invite: Invite, event: _Event, updated: bool, before: Before | None = None, note: str = "") -> str:
    organizer = invite.organizer
    parts = [greeting(invite)]
    if invites_language() != "en":  # "Dear …," then the letter (no "Hello" after it)
        parts.append(_text("mail.hello"))
    if invite.method == "REQUEST" and invite.shared:
        parts.append(_text("mail.intro.meeting_updated" if updated else "mail.intro.meeting", organizer=organizer.name))
        if invite.delegated_from:  # a delegate's copy (RFC 5546 3.2.2.3): who handed the meeting on to them
            several = len(invite.delegators) > 1  # one copy for all who named this address; one answer for each
            parts.append(
                _text(
                    "mail.intro.delegated_several" if several else "mail.intro.delegated", who=list(invite.delegators)
                )
            )
    elif invite.method == "REQUEST":
        parts.append(_text("mail.intro.updated" if updated else "mail.intro.new", organizer=organizer.name))
    if invite.method == "REQUEST" and updated and before is not None:
        parts.append(what_changed(invite, before))
        parts.append(who_changed(before, event.people))
    if event.description:
        parts.append(event.description)
    parts.append(note)
    if invite.method == "REQUEST" and invite.shared:
        parts.append(_text("mail.attachment.meeting"))
    elif invite.method == "REQUEST":
        parts.append(_text("mail.attachments" if invite.deadlines else "mail.attachment"))
    elif invite.deadlines:
        parts.append(_text("mail.attachments.cancelled"))
    parts.append(_text("mail.reply"))
    parts.append(f"{organizer.name}\n{organizer.address}")
    text = "\n\n".join(part.strip("\n") for part in parts if part)
    return text.replace("\r\n", "\n") + "\n"


def _boundary(invite: Invite, kind: str) -> str:
    digest = hashlib.sha256(f"{invite.journal_key}\x1f{invite.sequence}\x1f{kind}".encode()).hexdigest()[:24]
    return f"=_{kind}_{digest}"


def eml_name(invite: Invite) -> str:
    """The dry run's file name: the invite's file name with ``.eml``."""
    return str(PurePosixPath(invite.filename).with_suffix(".eml"))


@dataclass(frozen=True)
class _Letter:
    """Everything a message holds, before it is written out."""

    from_name: str
    from_address: str
    sender: str | None
    to_name: str
    to_address: str
    subject: str
    date: str
    message_id: str
    body: str
    method: str
    calendar: bytes
    attachments: tuple[tuple[str, bytes], ...]
    mixed: str
    alternative: str


_ASCII = policy.compat32.clone(linesep="\r\n")
_LINE = 78
"""Characters in a header line (RFC 5322's "SHOULD"); the values below are folded to it."""
_WORD_BYTES = 42
"""UTF-8 bytes in one encoded-word: base64 makes them 56 characters, 68 with ``=?utf-8?b?`` and ``?=``
(RFC 2047: at most 75), so that ``Subject: `` and one word fit a line."""
_PLAIN_WORD = 60
"""The longest space-free run of an ASCII name or subject written as it is (longer ones are encoded)."""
_SPECIALS = re.compile(r'[][\\()<>@,:;".]')
"""What makes a name a quoted string rather than a phrase of atoms (RFC 5322 specials)."""


def _encoded_words(text: str) -> list[str]:
    """``text`` as RFC 2047 encoded-words (UTF-8, base64), cut between characters, never inside one."""
    pieces: list[str] = []
    start = size = 0
    for index, char in enumerate(text):
        width = len(char.encode())
        if size + width > _WORD_BYTES:
            pieces.append(text[start:index])
            start, size = index, 0
        size += width
    pieces.append(text[start:])
    return [f"=?utf-8?b?{base64.b64encode(piece.encode()).decode('ascii')}?=" for piece in pieces if piece]


def _plain(text: str) -> bool:
    """Whether ``text`` can be written as it is: printable ASCII, short words, nothing like an encoded-word."""
    return (
        all(" " <= c <= "~" for c in text)
        and "=?" not in text
        and all(len(word) <= _PLAIN_WORD for word in text.split(" "))
    )


def _folded(field: str, tokens: Sequence[str]) -> str:
    """The value of header ``field``: ``tokens`` separated by spaces, a line folded before a token
    that would take it past 78 characters (unfolding gives back the same value)."""
    value, width = "", len(field) + 1
    for token in tokens:
        if value and token and width + 1 + len(token) > _LINE:
            value += "\r\n " + token
            width = 1 + len(token)
        else:
            value += (" " if value else "") + token
            width += 1 + len(token)
    return value


def text_header(field: str, text: str) -> str:
    """An unstructured header's value (a subject), 7-bit: encoded-words of at most 68 characters
    unless the text is plain ASCII, folded at 78."""
    return _folded(field, text.split(" ") if _plain(text) else _encoded_words(text))


def address_header(field: str, name: str, address: str) -> str:
    """An address header's value, ``name <address>``, 7-bit: the name as a phrase (quoted when
    needed) if it is plain ASCII, else as encoded-words; folded at 78. ``address`` is ASCII."""
    if not name:
        return address
    if _plain(name):
        phrase = (f'"{quote(name)}"' if _SPECIALS.search(name) else name).split(" ")
    else:
        phrase = _encoded_words(name)
    return _folded(field, [*phrase, f"<{address}>"])


UTF8 = policy.SMTPUTF8.clone(refold_source="none")
"""The policy of a UTF-8 (SMTPUTF8) message whose headers :func:`put_address` and :func:`put_text` wrote:
it keeps their folding, whose first line always carries a word (the email package's own folder writes
``From:`` alone on a line when the next word does not fit after it)."""

SEVEN_BIT = policy.SMTP.clone(refold_source="none")
"""The modern API's policy for a 7-bit message whose headers :func:`put_address` and :func:`put_text`
wrote: it keeps their folding (its own folder writes encoded-words of 76 characters)."""


def put_address(msg: EmailMessage, field: str, name: str, address: str) -> None:
    """Set an address header of a modern message: UTF-8 under :data:`UTF8` (RFC 6532), else
    :func:`address_header` (the message's policy must then be :data:`SEVEN_BIT`)."""
    if isinstance(msg.policy, EmailPolicy) and msg.policy.utf8:
        local, domain = address.rsplit("@", 1)
        header = Address(name, username=local, domain=domain)
        if len(f"{field}: {header}") <= _LINE:
            msg[field] = header
        elif _fits(field, str(header)):  # folded by us: the email package's folder may leave "From:" alone on
            msg.set_raw(field, _folded(field, str(header).split(" ")))  # its first line (a long word next)
        else:  # the email package cannot fold a name without spaces (Chinese): RFC 2047 words, folded
            bare = Address(username=local, domain=domain).addr_spec
            msg.set_raw(field, "\r\n ".join([*_encoded_words(name), f"<{bare}>"]))
    else:
        msg.set_raw(field, address_header(field, name, address))


def put_text(msg: EmailMessage, field: str, text: str) -> None:
    """Set an unstructured header (a subject) of a modern message, as :func:`put_address` does."""
    if isinstance(msg.policy, EmailPolicy) and msg.policy.utf8 and len(f"{field}: {text}") <= _LINE:
        msg[field] = text
    elif isinstance(msg.policy, EmailPolicy) and msg.policy.utf8 and _fits(field, text):
        msg.set_raw(field, _folded(field, text.split(" ")))  # the first line never empty (see put_address)
    elif isinstance(msg.policy, EmailPolicy) and msg.policy.utf8:
        msg.set_raw(field, "\r\n ".join(_encoded_words(text)))  # RFC 2047 words are allowed under RFC 6532 too
    else:
        msg.set_raw(field, text_header(field, text))


_LONGEST = 998
"""RFC 5322 2.1.1: no line of a message longer than this, in bytes, without its CRLF."""


def _fits(field: str, value: str) -> bool:
    """Whether ``field: value`` fits on one line (in UTF-8, RFC 6532), so it needs no folding."""
    return len(f"{field}: {value}".encode()) <= _LONGEST


class _OneLine:
    """A header value the classic API (compat32) writes as it is, unfolded: a Message-ID is one token, and
    folding it only moves it to a line of its own, which ``message_from_bytes(...)["Message-ID"]`` (compat32,
    what many scripts use) returns with the line break and the space (QA qamail18 F13: a copy's, 82
    characters with its field name). It is far under RFC 5322's 998."""

    def __init__(self, value: str) -> None:
        self.value = value

    def encode(self, linesep: str = "\n", maxlinelen: int | None = None) -> str:
        return self.value

    def __str__(self) -> str:
        return self.value


def put_message_id(msg: EmailMessage, value: str) -> None:
    """Set the Message-ID of a modern message on one line (see :class:`_OneLine`): its policy must keep
    raw values as they are (:data:`UTF8`, :data:`SEVEN_BIT`)."""
    msg.set_raw("Message-ID", value)


def _ascii_message(letter: _Letter) -> bytes:
    """The message, 7-bit: names and subject RFC 2047 encoded, every part base64.

    Built with the email package's classic classes (compat32), which write it
    about seven times faster than the modern API; the headers are all checked
    one-line values by then.
    """
    msg = MIMEMultipart("mixed", boundary=letter.mixed, policy=_ASCII)
    del msg["Content-Type"], msg["MIME-Version"]
    msg["From"] = address_header("From", letter.from_name, letter.from_address)
    if letter.sender is not None:
        msg["Sender"] = letter.sender
    msg["To"] = address_header("To", letter.to_name, letter.to_address)
    msg["Subject"] = text_header("Subject", letter.subject)
    msg["Date"] = letter.date
    msg["Message-ID"] = _OneLine(letter.message_id)  # type: ignore[assignment]
    msg["MIME-Version"] = "1.0"
    msg["Content-Type"] = f'multipart/mixed; boundary="{letter.mixed}"'
    alternative = MIMEMultipart("alternative", boundary=letter.alternative, policy=_ASCII)
    text = MIMEText(letter.body.replace("\n", "\r\n"), "plain", "utf-8", policy=_ASCII)
    calendar = MIMEBase("text", "calendar", policy=_ASCII)
    del calendar["Content-Type"]
    calendar["Content-Type"] = f"text/calendar; method={letter.method}; charset=UTF-8"
    calendar.set_payload(letter.calendar)
    encode_base64(calendar)
    alternative.attach(text)
    alternative.attach(calendar)
    msg.attach(alternative)
    for name, data in letter.attachments:
        part = MIMEApplication(data, "ics", policy=_ASCII, name=name)
        part.add_header("Content-Disposition", "attachment", filename=name)
        msg.attach(part)
    for inner in msg.walk():
        if inner is not msg:
            del inner["MIME-Version"]
    return msg.as_bytes()


def _utf8_message(letter: _Letter) -> bytes:
    """The same message for an address with a non-ASCII local part: headers in UTF-8 (RFC 6532, SMTPUTF8)."""
    msg = EmailMessage(policy=UTF8)
    put_address(msg, "From", letter.from_name, letter.from_address)
    if letter.sender is not None:
        put_address(msg, "Sender", "", letter.sender)
    put_address(msg, "To", letter.to_name, letter.to_address)
    put_text(msg, "Subject", letter.subject)
    msg["Date"] = letter.date
    put_message_id(msg, letter.message_id)
    msg.set_content(letter.body, subtype="plain", charset="utf-8", cte="base64")
    msg.add_alternative(letter.calendar, maintype="text", subtype="calendar", cte="base64")
    calendar = list(msg.iter_parts())[1]
    del calendar["Content-Type"], calendar["MIME-Version"]
    calendar.set_raw("Content-Type", f"text/calendar; method={letter.method}; charset=UTF-8")
    msg.set_boundary(letter.alternative)
    msg.make_mixed()
    msg.set_boundary(letter.mixed)
    for name, data in letter.attachments:
        msg.add_attachment(data, maintype="application", subtype="ics", filename=name, params={"name": name})
    for part in msg.walk():
        if part is not msg:
            del part["MIME-Version"]
    return msg.as_bytes()


def invite_language(data: bytes) -> str:
    """The language an invite file is written in, by its PRODID (:func:`~scheduler.invites.vcalendar.prodid_language`):
    the letter that carries it is written in the same."""
    found = re.search(rb"^PRODID:([^\r\n]*)", data, re.MULTILINE)
    return prodid_language(found[1].decode("ascii", "replace")) if found else "zh"


def compose(
    invite: Invite,
    now: datetime,
    updated: bool = False,
    envelope_from: str | None = None,
    before: Before | None = None,
) -> Mail:
    """:func:`_compose`, the letter in the invite's own language (:func:`invite_language`)."""
    with invites_in(invite_language(invite.data)):
        return _compose(invite, now, updated, envelope_from, before)


def _compose(
    invite: Invite,
    now: datetime,
    updated: bool = False,
    envelope_from: str | None = None,
    before: Before | None = None,
) -> Mail:
    """The message for ``invite`` (a REQUEST or a CANCEL with an attendee address).

    ``updated``: the unit was mailed an earlier SEQUENCE of this invite at this
    address (the subject and the letter say so); ``before``: what that message
    showed (the letter names the old time and room). ``envelope_from``: the mailbox that sends
    (``--from``); when it differs from the organiser it becomes the envelope
    sender and the ``Sender`` header, while ``From`` stays the organiser.
    ``now`` (aware) is the ``Date``. Raises :class:`InputError` naming the unit
    when the invite cannot be mailed safely (see :func:`_checked`).
    """
    event = _checked(invite)
    assert invite.attendee.address is not None and invite.organizer.address is not None
    to_address, utf8_to = wire_address(invite.attendee.address)
    from_address, utf8_from = wire_address(invite.organizer.address)
    sender_address, utf8_sender = wire_address(envelope_from or invite.organizer.address)
    smtputf8 = utf8_to or utf8_from or utf8_sender
    if invite.method == "CANCEL":
        subject = _text(
            "mail.subject.cancelled" if event.called_off else "mail.subject.uninvited", summary=event.summary
        )
    else:
        subject = _text("mail.subject.updated" if updated else "mail.subject.new", summary=event.summary)
    attachments = [(INVITE_ATTACHMENT, invite.data)]
    if invite.deadlines:
        attachments.append((DEADLINES_ATTACHMENT, invite.deadlines))
    letter = _Letter(
        from_name=invite.organizer.name,
        from_address=from_address,
        sender=sender_address if sender_address.casefold() != from_address.casefold() else None,
        to_name=invite.attendee.name,
        to_address=to_address,
        subject=subject,
        date=format_datetime(now),
        message_id=message_id(invite),
        body=_body(invite, event, updated, before, _when_note(invite, now)),
        method=invite.method,
        calendar=invite.data,
        attachments=tuple(attachments),
        mixed=_boundary(invite, "mixed"),
        alternative=_boundary(invite, "alternative"),
    )
    return Mail(
        unit=invite.unit,
        uid=invite.journal_key,
        sequence=invite.sequence,
        method=invite.method,
        recipient=to_address,
        sender=sender_address,
        message_id=letter.message_id,
        subject=subject,
        data=_utf8_message(letter) if smtputf8 else _ascii_message(letter),
        smtputf8=smtputf8,
        eml_name=eml_name(invite),
        start=invite.start.isoformat(),
        location=invite.location,
        addressee=invite.addressee,
        end=invite.end.isoformat(),
        people=event.people,
        summary=event.summary,
    )
