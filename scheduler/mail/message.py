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
names and the subject are RFC 2047 encoded, so the message is 7-bit ASCII
(unless an address has a non-ASCII local part: then it needs SMTPUTF8).
The ``Message-ID`` and the MIME boundaries derive from the invite's UID and
SEQUENCE: the same invite always gives the same message, apart from ``Date``.
docs/mail.md explains the choices.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.encoders import encode_base64
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr
from pathlib import PurePosixPath

from icalendar import Calendar

from scheduler.errors import InputError
from scheduler.files.addresses import AddressError, check_address, visible
from scheduler.invites.calendar import Invite
from scheduler.text.messages import Message, render, worded

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


def _text(key: str, **params: object) -> str:
    """Mail content is in Chinese whatever the CLI's language: the units read it."""
    return render(Message(key, **params), "zh")


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


def _ascii_domain(domain: str) -> str | None:
    """The domain in its ASCII (IDNA) form, or ``None`` when it has none."""
    if domain.isascii():
        return domain
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def _wire_address(address: str) -> tuple[str, bool]:
    """The address as it travels, and whether that needs SMTPUTF8 (a non-ASCII local part)."""
    local, domain = address.rsplit("@", 1)
    ascii_domain = _ascii_domain(domain)
    if local.isascii() and ascii_domain is not None:
        return f"{local}@{ascii_domain}", False
    return address, True


@dataclass(frozen=True)
class _Event:
    summary: str
    description: str
    called_off: bool
    """``STATUS:CANCELLED``: the event itself is cancelled (a CANCEL without it only uninvites the attendee)."""


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
    wanted = f"mailto:{invite.attendee.address}".casefold()
    found = sum(1 for a in attendees if str(a).casefold() == wanted)
    if found != 1 or (len(attendees) != 1 and not invite.shared):
        raise _refuse(invite, Message("mail.mismatch", what="ATTENDEE"))
    if str(event.get("ORGANIZER", "")).casefold() != f"mailto:{invite.organizer.address}".casefold():
        raise _refuse(invite, Message("mail.mismatch", what="ORGANIZER"))
    summary = str(event.get("SUMMARY", "")).strip()
    if not _single_line(summary):
        raise _refuse(invite, Message("input.bad_person", value=visible(summary)))
    called_off = str(event.get("STATUS", "")).upper() == "CANCELLED"
    return _Event(summary, str(event.get("DESCRIPTION", "")).strip(), called_off)


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
    return f"<{ident}.{invite.sequence}@{_ascii_domain(domain) or 'invalid'}>"


def _body(invite: Invite, event: _Event, updated: bool) -> str:
    organizer = invite.organizer
    greeting = f"{invite.unit} {invite.contact}：" if invite.contact else f"{invite.unit}："
    parts = [greeting, _text("mail.hello")]
    if invite.method == "REQUEST" and invite.shared:
        parts.append(_text("mail.intro.meeting_updated" if updated else "mail.intro.meeting", organizer=organizer.name))
    elif invite.method == "REQUEST":
        parts.append(_text("mail.intro.updated" if updated else "mail.intro.new", organizer=organizer.name))
    if event.description:
        parts.append(event.description)
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


def _ascii_message(letter: _Letter) -> bytes:
    """The message, 7-bit: names and subject RFC 2047 encoded, every part base64.

    Built with the email package's classic classes (compat32), which write it
    about seven times faster than the modern API; the headers are all checked
    one-line values by then.
    """
    msg = MIMEMultipart("mixed", boundary=letter.mixed, policy=_ASCII)
    del msg["Content-Type"], msg["MIME-Version"]
    msg["From"] = formataddr((letter.from_name, letter.from_address), charset="utf-8")
    if letter.sender is not None:
        msg["Sender"] = letter.sender
    msg["To"] = formataddr((letter.to_name, letter.to_address), charset="utf-8")
    msg["Subject"] = Header(letter.subject, "utf-8", header_name="Subject")
    msg["Date"] = letter.date
    msg["Message-ID"] = letter.message_id
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
    for part in msg.walk():
        if part is not msg:
            del part["MIME-Version"]
    return msg.as_bytes()


def _utf8_address(name: str, address: str) -> Address:
    local, domain = address.rsplit("@", 1)
    return Address(name, username=local, domain=domain)


def _utf8_message(letter: _Letter) -> bytes:
    """The same message for an address with a non-ASCII local part: headers in UTF-8 (RFC 6532, SMTPUTF8)."""
    msg = EmailMessage(policy=policy.SMTPUTF8)
    msg["From"] = _utf8_address(letter.from_name, letter.from_address)
    if letter.sender is not None:
        msg["Sender"] = _utf8_address("", letter.sender)
    msg["To"] = _utf8_address(letter.to_name, letter.to_address)
    msg["Subject"] = letter.subject
    msg["Date"] = letter.date
    msg["Message-ID"] = letter.message_id
    msg.set_content(letter.body, subtype="plain", charset="utf-8", cte="base64")
    msg.add_alternative(letter.calendar, maintype="text", subtype="calendar", cte="base64")
    calendar = msg.get_payload()[1]
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


def compose(invite: Invite, now: datetime, updated: bool = False, envelope_from: str | None = None) -> Mail:
    """The message for ``invite`` (a REQUEST or a CANCEL with an attendee address).

    ``updated``: the unit was mailed an earlier SEQUENCE of this invite (the
    subject and the letter say so). ``envelope_from``: the mailbox that sends
    (``--from``); when it differs from the organiser it becomes the envelope
    sender and the ``Sender`` header, while ``From`` stays the organiser.
    ``now`` (aware) is the ``Date``. Raises :class:`InputError` naming the unit
    when the invite cannot be mailed safely (see :func:`_checked`).
    """
    event = _checked(invite)
    assert invite.attendee.address is not None and invite.organizer.address is not None
    to_address, utf8_to = _wire_address(invite.attendee.address)
    from_address, utf8_from = _wire_address(invite.organizer.address)
    sender_address, utf8_sender = _wire_address(envelope_from or invite.organizer.address)
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
        body=_body(invite, event, updated),
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
    )
