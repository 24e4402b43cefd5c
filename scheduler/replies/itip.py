"""Reading iTIP answers (RFC 5546 REPLY and COUNTER, carried by mail as RFC 6047 says) out of one mail.

Real clients differ (the fixtures in ``tests/reply_mails.py`` follow each):

* Outlook and Exchange: ``multipart/alternative`` with ``text/calendar;
  method=REPLY``; the comment in ``COMMENT;LANGUAGE=zh-CN``; DTSTART in a
  Windows zone (``TZID=China Standard Time``); "propose new time" is a
  ``METHOD:COUNTER`` whose DTSTART/DTEND are the proposal and
  ``X-MS-OLK-ORIGINALSTART`` the time it replaces.
* Gmail: the calendar twice, inline and as ``invite.ics`` (``application/ics``,
  no ``method`` parameter); the comment in the ATTENDEE's
  ``X-RESPONSE-COMMENT`` parameter, HTML-escaped.
* Apple Mail: ``text/calendar; method=REPLY; name=...ics`` with quoted-printable.
* Thunderbird: UTF-8 8-bit calendar inline, and the same as ``application/ics``.
* Foxmail: headers and text in GBK/GB18030.

The calendar's own ``METHOD`` decides; the MIME ``method`` parameter stands in
when the calendar has none (and the mismatch is noted). A calendar with no
METHOD at all is not an answer: it is reported, with what it seems to say.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import UTC, date, datetime, tzinfo
from email.utils import getaddresses
from typing import Any

from icalendar import Calendar
from icalendar.parser import Contentline

from scheduler.files.addresses import address_key, from_mailto
from scheduler.replies.answers import ANSWER_METHODS, ANSWER_PARTSTATS, BOUNCE, REFRESH, Answer, ReadMail, Signal
from scheduler.replies.mime import (
    CalendarPart,
    auto_replied,
    calendar_parts,
    envelope,
    first_words,
    has_tnef,
    header_text,
    key_of,
    looks_like_answer,
    looks_returned,
    may_concern_us,
    parse_mail,
    read_receipt,
    references,
)
from scheduler.replies.returns import Returned, returned
from scheduler.text.messages import Message

MAIL_LIMIT = 64_000_000
"""Bytes of one mail beyond which it is not read (mail servers refuse far less)."""


def _address(value: Any) -> str:
    """The address an ORGANIZER or ATTENDEE names (``mailto:`` percent-decoded: our invites write a
    non-ASCII local part so, RFC 6068)."""
    return from_mailto(str(value or ""))


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _moment(event: Any, name: str) -> datetime | None:
    """A date-time property, aware (UTC if it said Z, its zone if known) or naive; ``None`` if absent or broken.

    A broken one (``DTSTART;TZID=…:2021-09-10 15:00``) is no reason to lose the answer: a REPLY needs no
    time, and a COUNTER without a readable one is a proposal "without saying which"."""
    prop = event.get(name)
    try:
        value = getattr(prop, "dt", None)
    except ValueError:  # icalendar's BrokenCalendarProperty: the value was kept as text, unparsed
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if prop is not None and name.startswith("X-"):
        from icalendar.prop import vDDDTypes

        try:
            parsed = vDDDTypes.from_ical(  # type: ignore[no-untyped-call]  # untyped in icalendar 7
                str(prop.to_ical().decode()), prop.params.get("TZID")
            )
        except (ValueError, AttributeError, TypeError):
            return None
        return parsed if isinstance(parsed, datetime) else None
    return None


def _comment(event: Any, attendee: Any) -> str:
    """COMMENT (Outlook, Thunderbird, Apple), else the ATTENDEE's X-RESPONSE-COMMENT (Gmail)."""
    parts = [str(c).strip() for c in _as_list(event.get("COMMENT")) if str(c).strip()]
    if not parts and attendee is not None:
        raw = str(attendee.params.get("X-RESPONSE-COMMENT", "")).strip()
        if raw:
            parts = [html.unescape(raw.replace("\\;", ";").replace("\\,", ",").replace("\\n", "\n"))]
    return "\n".join(parts).strip()


def _pick_attendee(attendees: list[Any], sender: str) -> Any:
    """The ATTENDEE an answer speaks for: the one with the sender's address, else the only one."""
    for attendee in attendees:
        if address_key(_address(attendee)) == address_key(sender):
            return attendee
    answered = [a for a in attendees if str(a.params.get("PARTSTAT", "")).upper() not in ("", "NEEDS-ACTION")]
    if len(answered) == 1:
        return answered[0]
    return attendees[0] if len(attendees) == 1 else None


def _answers(cal: Any, method: str, sender: str, part: str) -> tuple[list[Answer], list[Message]]:
    answers: list[Answer] = []
    problems: list[Message] = []
    for event in cal.walk("VEVENT"):
        uid = str(event.get("UID", "")).strip()
        if not uid:
            problems.append(Message("replies.no_uid", part=part))
            continue
        attendee = _pick_attendee(_as_list(event.get("ATTENDEE")), sender)
        if attendee is None:
            unread = _unread_line(event, "ATTENDEE")
            if unread:  # there is one, but the parser dropped it: say so, and quote it
                problems.append(Message("replies.bad_attendee", part=part, uid=uid, line=unread))
            else:
                problems.append(Message("replies.no_attendee", part=part, uid=uid))
            continue
        said = event.get("SEQUENCE")
        try:
            sequence = int(str(said if said is not None else 0).strip() or 0)
        except ValueError:
            problems.append(Message("replies.bad_sequence", part=part, value=str(event.get("SEQUENCE"))))
            continue
        partstat = str(attendee.params.get("PARTSTAT", "")).strip().upper()
        if method == "REPLY" and not partstat:  # a reply that says nothing: named, never silently ignored
            problems.append(Message("replies.no_partstat", part=part, uid=uid, attendee=_address(attendee)))
            continue
        if method == "REPLY" and partstat not in ANSWER_PARTSTATS:
            # NEEDS-ACTION, a to-do's status (IN-PROCESS, COMPLETED), an X- value: nothing about coming either
            # (QA qaitip20 F4: taken as a trusted 未答复, nothing to read); named, and no answer to replace another
            said = {"part": part, "uid": uid, "attendee": _address(attendee), "partstat": partstat}
            problems.append(Message("replies.partstat_unknown", **said))
            continue
        stamp = _moment(event, "DTSTAMP")
        answers.append(
            Answer(
                method=method,
                uid=uid,
                sequence=sequence,
                attendee=_address(attendee),
                name=str(attendee.params.get("CN", "")).strip(),
                partstat=partstat,
                comment=_comment(event, attendee),
                stamp=stamp.astimezone(UTC) if stamp is not None and stamp.tzinfo is not None else None,
                start=_moment(event, "DTSTART"),
                end=_moment(event, "DTEND"),
                original=_moment(event, "X-MS-OLK-ORIGINALSTART") if method == "COUNTER" else None,
                delegated_to=", ".join(_address(to) for to in _as_list(attendee.params.get("DELEGATED-TO"))),
                sent_by=_address(attendee.params.get("SENT-BY", "")),
                unsequenced=said is None,
            )
        )
    return answers, problems


def _unread_line(component: Any, name: str) -> str:
    """The first line named ``name`` the iCalendar parser could not read in ``component`` (its ``errors``), cut
    to 200 characters; empty when there is none."""
    for _, error in getattr(component, "errors", []):
        found = re.search(r"could not be parsed into parts: '(" + name + r"[;:].*?)': ", str(error), re.IGNORECASE)
        if found:
            return found[1][:200]
    return ""


Invitation = tuple[tuple[str, str], ...]
"""A calendar that is not an answer (an invitation, a cancellation, a published calendar): the UID and the
ORGANIZER's address of each of its events (``("", "")`` for a calendar without any)."""


_PERSON_LINE = re.compile(
    r"^(?P<name>(?i:ATTENDEE|ORGANIZER))(?P<params>;[^\r\n]*?)(?P<value>:(?i:mailto:)?[^\s:;\"<>]+@[^\s:;\"<>]+)\r?$",
    re.MULTILINE,
)
"""An ATTENDEE or ORGANIZER line whose address ends it (``mailto:`` or bare), whatever its parameters."""


def _mended(text: str) -> str:
    """A calendar with each ATTENDEE and ORGANIZER line the iCalendar parser cannot read (a CN with bare quotes,
    ``CN=陈"某"``, which drops the whole line and so the answer) written so it can: its parameters' quotes
    dropped, and a value holding ``;``, ``:`` or ``,`` quoted again. Lines that parse are left as they are."""

    def mend(found: re.Match[str]) -> str:
        line = found[0].rstrip("\r")
        if _parses(line):
            return found[0]
        params: list[str] = []
        for piece in found["params"].replace('"', "").split(";")[1:]:
            name, equals, _ = piece.partition("=")
            if (equals and re.fullmatch(r"[A-Za-z0-9-]+", name)) or not params:
                params.append(piece)
            else:
                params[-1] += ";" + piece  # a value that held a ';' (its quotes lost)
        quoted = []
        for param in params:
            name, _, value = param.partition("=")
            quoted.append(f'{name}="{value}"' if re.search(r"[;:,]", value) else param)
        return found["name"] + "".join(";" + p for p in quoted) + found["value"] + found[0][len(line) :]

    return _PERSON_LINE.sub(mend, text)


def _parses(line: str) -> bool:
    """Whether the iCalendar parser reads a content line into its name, parameters and value."""
    try:
        Contentline(line).parts()  # type: ignore[no-untyped-call]  # untyped in icalendar 7
    except ValueError:
        return False
    return True


def _read_part(part: CalendarPart, sender: str) -> tuple[list[Answer], list[Message], Invitation | None]:
    """Answers, problems, and what the calendar is when it is not an answer (an invitation, a cancellation)."""
    try:
        cal = Calendar.from_ical(_mended(part.text))
    except (ValueError, IndexError, KeyError):
        # our own words, not the parser's English (which quotes a slice of the calendar: qafuzz17 #11)
        reason = Message("replies.calendar_damaged")
        return [], [Message("replies.bad_calendar", part=part.name, reason=reason)], None
    if cal.name != "VCALENDAR":
        return [], [Message("replies.bad_calendar", part=part.name, reason=cal.name)], None
    method = str(cal.get("METHOD", "")).strip().upper() or part.method
    if not method:
        events = cal.walk("VEVENT")
        said = ""
        for event in events:
            for attendee in _as_list(event.get("ATTENDEE")):
                said = said or str(attendee.params.get("PARTSTAT", ""))
        uids = " ".join(str(event.get("UID", "")).strip() for event in events)
        return [], [Message("replies.no_method", part=part.name, partstat=said or "-", uid=uids)], None
    if method == "DECLINECOUNTER":  # RFC 5546: the organizer's; from an attendee it is malformed, so named
        return [], [Message("replies.declinecounter", part=part.name)], None
    if method not in (*ANSWER_METHODS, "REFRESH"):  # REFRESH: read as an answer, then set apart as a Signal
        answered = _answered_anyway(cal, sender)
        if answered is not None:  # an invitee's answer sent as a REQUEST or a PUBLISH: named, with what it says
            partstat, comment = answered
            shown = {"part": part.name, "method": method, "partstat": partstat}
            problem = (
                Message("replies.not_a_reply_said", **shown, comment=comment)
                if comment
                else Message("replies.not_a_reply", **shown)
            )
            return [], [problem], None
        invitation = tuple((str(e.get("UID", "")).strip(), _address(e.get("ORGANIZER"))) for e in cal.walk("VEVENT"))
        return [], [], invitation or (("", ""),)
    answers, problems = _answers(cal, method, sender, part.name)
    return answers, problems, None


def _answered_anyway(cal: Any, sender: str) -> tuple[str, str] | None:
    """(PARTSTAT, comment) of a calendar that is not an answer (a REQUEST, a PUBLISH) but whose ATTENDEE of
    the sender's own address, the sender not being its ORGANIZER, says ACCEPTED, DECLINED…: some clients
    send an answer so. ``None`` for an invitation as sent (our invite kept attached: ``NEEDS-ACTION``; an
    organizer's, whatever the other guests' PARTSTAT)."""
    mine = address_key(sender) if sender else ""
    for event in cal.walk("VEVENT"):
        if not mine or address_key(_address(event.get("ORGANIZER"))) == mine:
            continue
        for attendee in _as_list(event.get("ATTENDEE")):
            partstat = str(attendee.params.get("PARTSTAT", "")).strip().upper()
            if address_key(_address(attendee)) == mine and partstat not in ("", "NEEDS-ACTION"):
                return partstat, _comment(event, attendee)
    return None


def read_mail(
    data: bytes, source: str = "", limit: int = MAIL_LIMIT, size: int | None = None, zone: tzinfo | None = None
) -> ReadMail | None:
    """The answers in one mail (its bytes as stored), or ``None`` for a mail with no calendar data.

    Never raises: a mail that cannot be used comes back with ``problems`` (one
    line each), so the caller can show it and go on. The same calendar carried
    twice (inline and attached) gives its answers once. ``size`` is the mail's
    whole size when ``data`` holds only its headers (a mail over ``limit`` is
    not fetched whole: it is reported from its headers). ``zone``: the office's, in which a ``Date:`` that
    names none is read (:func:`~scheduler.replies.mime.mail_date`).
    """
    try:
        return _read_mail(data, source, limit, len(data) if size is None else size, zone)
    except Exception as exc:  # the last guard: one damaged mail never stops the reading of a mailbox
        deep = isinstance(exc, RecursionError)  # parts in parts thousands deep (QA qasec23 F4)
        problem = Message("replies.too_deep") if deep else Message("replies.unreadable_mail", reason=type(exc).__name__)
        try:  # named by its headers, as every other mail is
            return _mail(_head(data, zone), data, source, problems=(problem,), size=size)
        except Exception:  # not even its headers: named by where it is
            return ReadMail(key_of("", data), source, "", "", size=len(data), problems=(problem,))


def _head(data: bytes, zone: tzinfo | None) -> Any:
    """The envelope of a mail read from its headers alone (a mail not read whole: too large, or too deep)."""
    head = re.split(rb"\r?\n\r?\n", data[:256_000], maxsplit=1)[0]
    return envelope(parse_mail(head + b"\r\n\r\n"), zone)


def _read_mail(data: bytes, source: str, limit: int, size: int, zone: tzinfo | None) -> ReadMail | None:
    if size > limit:
        env = _head(data, zone)
        problem = Message("replies.too_large", size=_megabytes(size), limit=_megabytes(limit))
        return _mail(env, data, source, problems=(problem,), size=size)
    msg = parse_mail(data)
    env = envelope(msg, zone)
    bounce = returned(msg)
    if bounce is not None:  # our own invite came back: its calendar is ours, not an answer
        return _mail(env, data, source, signals=_bounced(bounce))
    answers: list[Answer] = []
    problems: list[Message] = []
    notes: list[Message] = []
    invitations: list[tuple[str, str]] = []
    ignored = 0
    found = False
    texts: set[str] = set()
    for item in calendar_parts(msg):
        found = True
        if isinstance(item, Message):
            problems.append(item)
            continue
        same = _as_compared(item.text)
        if same in texts:
            continue  # the same calendar inline and attached (Gmail, Thunderbird): read once
        texts.add(same)
        notes.extend(item.notes)
        try:
            got, trouble, invitation = _read_part(item, env.sender)
        except Exception as exc:  # a calendar the parser chokes on must not stop the reading of the mailbox
            broken = Message("replies.bad_calendar", part=item.name, reason=type(exc).__name__)
            got, trouble, invitation = [], [broken], None
        if invitation is not None:
            ignored += 1
            invitations += invitation
        problems.extend(trouble)
        for answer in got:
            if answer not in answers:
                answers.append(answer)
    signals = tuple(
        Signal(REFRESH, a.uid, a.attendee, a.sequence, sent_by=a.sent_by) for a in answers if a.method == "REFRESH"
    )
    answers = [a for a in answers if a.method != "REFRESH"]
    answered = {answer.uid for answer in answers}
    problems = [p for p in problems if not _answered_elsewhere(p, answered)]
    if not found:
        return _plain(msg, env, data, source)
    if ignored and not answers and not problems and not signals:
        # no answer, only calendars that are not answers: an invitation forwarded back with words ("转发：邀请：…"),
        # a reply that kept the invite attached (QQ Mail, Foxmail); whether they are ours, the invites say
        plain = _plain(msg, env, data, source, tuple(dict.fromkeys(invitations)))
        if plain is not None:
            return replace(plain, ignored=ignored)
    return _mail(env, data, source, tuple(answers), tuple(problems), tuple(notes), ignored, signals=signals)


def reply_head(data: bytes, source: str = "") -> ReadMail | None:
    """A single-part text mail that may be about an invite, read from its headers only (no calendar can be in
    it; its text is left out): so a reader can tell from them whether the mail concerns the campaign before
    reading it whole. ``None`` for any other mail, and for one whose subject reads as an answer (named
    wherever it comes from, and for one that may be returned mail: read whole, to see whether it is a bounce)."""
    end = re.search(rb"\r?\n\r?\n", data)
    msg = parse_mail(data[: end.end()] if end else data)
    if msg.get_content_type() not in ("text/plain", "text/html"):
        return None
    env = envelope(msg)
    if looks_like_answer(env.subject) or looks_returned(env.subject, env.sender_name, env.sender):
        return None
    refs, auto = references(msg), auto_replied(msg)
    if not may_concern_us(env.subject, bool(refs), auto):
        return None
    return replace(_mail(env, data, source), plain=True, refs=refs, auto=auto)


def _plain(msg: Any, env: Any, data: bytes, source: str, invitations: Invitation = ()) -> ReadMail | None:
    """A mail with no calendar data (``invitations``: none that is an answer, only these calendars'
    events): ``None``, unless it may be about one of our invites (a reply written by hand, an automatic
    reply, a winmail.dat, a subject that reads as an answer): then a plain mail, to be named for reading by
    hand, with what it says on one line."""
    tnef = has_tnef(msg)
    refs = references(msg)
    auto = auto_replied(msg)
    if not may_concern_us(env.subject, bool(refs), auto, tnef):
        return None
    problems: tuple[Message, ...] = ()
    if tnef:
        problems = (Message("replies.no_calendar_tnef", subject=env.subject or "-"),)
    elif looks_like_answer(env.subject) and not invitations:
        problems = (Message("replies.no_calendar", subject=env.subject or "-"),)
    plain = _mail(env, data, source, problems=problems)
    receipt = not tnef and not invitations and read_receipt(msg, first_words(msg, 400))
    text = first_words(msg)
    return replace(plain, plain=True, refs=refs, text=text, auto=auto, receipt=receipt, invitations=invitations)


def _bounced(bounce: Returned) -> tuple[Signal, ...]:
    """One signal per invite in the returned mail (its UID and SEQUENCE), else one naming its Message-ID."""
    mail = bounce.mail
    to = message_id = ""
    if mail is not None:
        message_id = " ".join(str(mail.get("Message-ID", "")).split())
        # as written: an SMTPUTF8 mail's raw UTF-8 (财务科@…) read as any header is, not as the parser's U+FFFD
        written = [header_text(str(value)) for key, value in mail.raw_items() if key.lower() == "to"]
        to = next((a for _, a in getaddresses(written) if "@" in a), "")
    signals = []
    for part in calendar_parts(mail) if mail is not None else ():
        if isinstance(part, CalendarPart):
            signals += [
                Signal(BOUNCE, uid, to or bounce.recipient, sequence, bounce.status, message_id, cause=bounce.cause)
                for uid, sequence in _events(part.text)
            ]
    return tuple(dict.fromkeys(signals)) or (
        Signal(BOUNCE, "", to or bounce.recipient, None, bounce.status, message_id, cause=bounce.cause),
    )


def _events(text: str) -> list[tuple[str, int | None]]:
    """(UID, SEQUENCE) of each event of an invite's calendar (REQUEST or CANCEL: not the deadlines
    attached as PUBLISH); nothing when it cannot be read."""
    try:
        cal = Calendar.from_ical(text)
    except (ValueError, IndexError, KeyError):
        return []
    if str(cal.get("METHOD", "")).strip().upper() not in ("REQUEST", "CANCEL"):
        return []
    events = cal.walk("VEVENT")
    out = []
    for event in events:
        sequence = str(event.get("SEQUENCE", "")).strip()
        out.append((str(event.get("UID", "")).strip(), int(sequence) if sequence.isdigit() else None))
    return [(uid, seq) for uid, seq in out if uid]


def _as_compared(text: str) -> str:
    """A calendar's text as two copies of it are compared: its lines without their ends or blank lines
    (Thunderbird's inline copy lacks the attached one's last CRLF)."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _answered_elsewhere(problem: Message, answered: set[str]) -> bool:
    """A calendar without METHOD whose every event another part of the mail answered (Thunderbird attaches
    the inline ``method=REPLY`` calendar again as ``invite.ics``, without the parameter): nothing was lost."""
    uids = str(problem.params.get("uid", "")).split()
    return problem.key == "replies.no_method" and bool(uids) and set(uids) <= answered


def _mail(
    env: Any,
    data: bytes,
    source: str,
    answers: tuple[Answer, ...] = (),
    problems: tuple[Message, ...] = (),
    notes: tuple[Message, ...] = (),
    ignored: int = 0,
    size: int | None = None,
    signals: tuple[Signal, ...] = (),
) -> ReadMail:
    return ReadMail(
        key=key_of(env.message_id, data, env),
        source=source,
        message_id=env.message_id,
        sender=env.sender,
        sender_name=env.sender_name,
        on_behalf=env.on_behalf,
        subject=env.subject,
        date=env.date,
        client=env.client,
        size=len(data) if size is None else size,
        answers=answers,
        problems=problems,
        notes=notes,
        ignored=ignored,
        signals=signals,
    )


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"
