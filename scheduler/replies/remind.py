"""Reminder mails: which are due today, and the message of each (``send --remind``, run once a day).

Outlook and Google Calendar ignore the VALARM of a mailed invite, so the "the
day before" reminders of the invites and of the deadline calendar never ring
there. ``send --remind``, run daily by cron or Windows' Task Scheduler, mails
what is due on the day it runs (in the campaign's time zone):

* **answer** reminders, in rounds: a unit that has not answered its current
  invite gets round *k* once ``answer_after_days[k]`` days have passed since
  that invite was mailed; only the latest round due is sent (a run that was
  skipped for a few days does not send two at once), never after the meeting;
* a **meeting** reminder ``meeting_days_before`` days before the meeting (or
  later that day range, until the meeting starts), to every unit that has not
  declined or proposed another time;
* a **deadline** reminder ``deadline_days_before`` days before each of the
  unit's deadlines or periods (until the deadline passes).

Each reminder is one message in the mail journal, keyed by what it is about
(``<invite UID>/answer-1``, ``<invite UID>/meeting``, ``<deadline UID>/deadline``)
and the SEQUENCE of the invite (or deadline item) it reminds of, with the
method ``REMIND``: mailed exactly once, and again only when that invite changed
(a moved meeting is reminded of anew). A meeting reminder's line keeps the time and room it
reminded of: a new SEQUENCE that moved neither does not remind the same address of it again
on the same day. Nothing here sends or writes: the
planning is pure, composing builds bytes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from email.utils import format_datetime

from scheduler.files.addresses import address_key, ascii_domain
from scheduler.invites.calendar import Invite
from scheduler.invites.meetings import person_key
from scheduler.invites.reminder_settings import ReminderSettings
from scheduler.invites.state import Record, State, is_address_copy
from scheduler.invites.versions import DEADLINE
from scheduler.mail.journal import FAILED, REMIND, SENT, Entry, History
from scheduler.mail.message import Mail, eml_name, greeting
from scheduler.replies.answers import State as Answer
from scheduler.replies.returns import bounce_cause
from scheduler.replies.standing import Standing, Standings, letter_words
from scheduler.text.messages import Message, invite_text, invites_in, invites_language
from scheduler.text.times import dated, format_time

ANSWER, MEETING, DEADLINE_REMINDER = "answer", "meeting", "deadline"


@dataclass(frozen=True)
class Due:
    """One reminder due now: what kind, about which invite (and deadline item), and its journal key."""

    kind: str
    invite: Invite
    key: str
    sequence: int
    round: int = 0
    deadline: Record | None = None


@dataclass(frozen=True)
class Skipped:
    """A unit a reminder would have gone to, and why it did not (``reason`` is a catalog message)."""

    unit: str
    reason: Message
    meeting: str = ""
    """The meeting, for a meeting table's participant (a person is in several): its title."""


def _sent_on(history: History, uid: str, sequence: int) -> datetime | None:
    """When this invite (UID, SEQUENCE) was mailed: its ``sent`` line's time, else ``None``."""
    for entry in history.entries:
        if entry.uid == uid and entry.sequence == sequence and entry.state == SENT:
            return datetime.fromisoformat(entry.at.replace("Z", "+00:00"))
    return None


def _answer_round(settings: ReminderSettings, mailed: date, today: date) -> int:
    """The latest answer round due ``today`` for an invite mailed on ``mailed`` (0: none)."""
    due = [k for k, days in enumerate(settings.answer_after_days, start=1) if today >= mailed + timedelta(days=days)]
    return due[-1] if due else 0


def due_reminders(
    invites: Sequence[Invite],
    state: State,
    history: History,
    standings: Standings,
    settings: ReminderSettings,
    now: datetime,
    zone: tzinfo,
    changing: frozenset[str] = frozenset(),
    away: frozenset[str] = frozenset(),
) -> tuple[list[Due], list[Skipped]]:
    """The reminders due ``now`` that the journal has not recorded as sent, and the units left out and why.

    ``changing``: the journal keys (:attr:`Invite.journal_key`) of the invites the current timetable
    changes (not mailed yet): they are reminded of nothing until ``send`` mails the update. ``away``: the
    journal keys of meeting copies whose participant the rules make unavailable for the whole meeting:
    neither asked to come nor to answer (their absence is known), said once per reminder due.
    """
    today = now.astimezone(zone).date()
    due: list[Due] = []
    skipped: list[Skipped] = []
    answers = {row.invitee.key: row for row in standings.rows}  # by journal key: one per copy, per address
    told = {(i.uid, address_key(i.attendee.address)) for i in invites if i.attendee.address and not i.cancelled}
    for invite in invites:
        if invite.method != "REQUEST" or not invite.attendee.address or invite.cancelled:
            continue
        mailed_at = _sent_on(history, invite.journal_key, invite.sequence)
        if invite.journal_key in changing or mailed_at is None:
            wanted = _would_remind(invite, settings, now, today)
            if wanted:
                skipped.append(_skip(invite, state, _not_mailed(invite, history, changing)))
            continue
        row = _seat(answers, invite)
        if row is not None and row.bounced is not None and not invite.delegated_from:  # mail there comes back
            bounce = row.bounced.signal
            advice = Message(f"mail.bounce_advice.{bounce_cause(bounce)}")
            said = Message("remind.skip.bounced", address=bounce.attendee, status=bounce.status, advice=advice)
            skipped.append(_skip(invite, state, said))
            continue
        answered = row.state if row is not None else Answer.NO_ANSWER
        if (
            invite.delegated_from and answered == Answer.DELEGATED
        ):  # the seat's DELEGATED: the delegate has not answered
            answered = Answer.NO_ANSWER
        started = now >= invite.start
        asked: list[Due] = []
        if settings.answer_after_days and answered == Answer.NO_ANSWER and not started:
            found = _answer_round(settings, mailed_at.astimezone(zone).date(), today)
            done = [k for k in range(found, len(settings.answer_after_days) + 1) if _sent(history, invite, ANSWER, k)]
            if found and not done:
                asked.append(Due(ANSWER, invite, _key(invite.journal_key, ANSWER, found), invite.sequence, found))
        meeting_day = invite.start.astimezone(zone).date()
        days = settings.meeting_days_before
        if days and not started and today >= meeting_day - timedelta(days=days):
            if answered in (Answer.DECLINED, Answer.COUNTER):
                skipped.append(_skip(invite, state, Message("remind.skip.declined")))
            elif row is not None and row.delegated_to and not invite.delegated_from:  # handed on: the delegate comes
                to = row.delegated_to
                named = (invite.uid, address_key(to.split(",")[0].strip())) in told if "@" in to else False
                key = "remind.skip.delegated_told" if named else "remind.skip.delegated"  # they have the meeting
                skipped.append(_skip(invite, state, Message(key, to=to)))
            elif not _sent(history, invite, MEETING) and not _reminded_today(history, invite, zone, today):
                asked.append(Due(MEETING, invite, _key(invite.journal_key, MEETING), invite.sequence))
        waiting = _waiting(row, invite, mailed_at, zone)
        if asked and invite.journal_key in away:  # the rules say they cannot come (QA qamonth21 F6)
            skipped.append(_skip(invite, state, Message("remind.skip.unavailable")))
        elif asked and waiting is not None:  # a mail of the unit's awaits a person: what it says is not known
            skipped.append(_skip(invite, state, waiting))
        else:
            due.extend(asked)
        due.extend(_deadlines(invite, state_items(state, invite.unit), history, settings, today))
    return due, skipped


def _seat(answers: Mapping[str, Standing], invite: Invite) -> Standing | None:
    """Where ``invite``'s seat stands: its own row, or for a delegate's copy (RFC 5546 3.2.2.3) the row of the
    (first) participant who handed the meeting on, which their answers fill: the delegate answers once for
    every seat handed on to them. (The copy's key keeps the first delegator of its first export, who may
    have taken the delegation back since: the seat is found by the name.)"""
    if invite.delegated_from:
        return answers.get(person_key(invite.uid, invite.delegated_from))
    return answers.get(invite.journal_key)


def _not_mailed(invite: Invite, history: History, changing: frozenset[str]) -> Message:
    """Why ``invite`` (not mailed in its current version) is not reminded: it changes with the timetable,
    its address was refused for good (``send`` again would only be refused again: QA qamail18 F6), or
    it was not mailed yet."""
    if invite.journal_key in changing:
        return Message("remind.skip.changing", sequence=invite.sequence)
    last = history.last(invite.journal_key, invite.sequence)
    if last is not None and last.state == FAILED and last.permanent:
        status = _STATUS.match(last.reply.strip())
        said = f"{last.code} {status.group(0)}" if last.code and status else str(last.code or "") or last.reply
        return Message("remind.skip.refused", reply=said)
    return Message("remind.skip.not_mailed", sequence=invite.sequence)


_STATUS = re.compile(r"[245]\.\d{1,3}\.\d{1,3}")
"""An enhanced status code (RFC 3463) at the start of a server's reply: ``5.1.1``."""


def _skip(invite: Invite, state: State, reason: Message) -> Skipped:
    """``invite``'s addressee not reminded, and why: a unit, one of its further addresses with it
    (:attr:`Invite.addressee`: ``区财政局 <czj2@example.org>``, QA qamail18 F6), or a meeting's participant
    with the meeting's title."""
    record = state.items.get(invite.uid) if invite.shared else None
    return Skipped(invite.addressee, reason, record.summary if record is not None else "")


def _waiting(row: Standing | None, invite: Invite, mailed_at: datetime, zone: tzinfo) -> Message | None:
    """Why the invitee is not reminded to answer or to come, when a mail of its awaits a person: a mail about
    the invite that is no usable calendar answer (``有邮件待人工查看``), received after the current invite was
    mailed and not followed by an answer. It may say "不参加": a reminder would ask the unit to come all the
    same. A mail from before that mailing was about an earlier invite: reminders go on. A mail whose time
    is not known (no delivery time, as an ``.eml`` or mbox file has none, and no Date with a zone) counts
    as from before, unless it replies to the current invite's own Message-ID (QA review 12: when it was
    read says nothing of when it was written; read after every mailing, it held the reminders until
    someone answered). Either way it stays listed as awaiting a person."""
    letter = row.letter if row is not None else None
    if letter is None:
        return None
    mail = letter.mail
    came = mail.arrived or mail.date
    if came is None or came.tzinfo is None:
        from scheduler.mail.message import message_id

        current = _bare(message_id(invite))
        if not any(_bare(ref) == current for ref in mail.refs):
            return None
    elif came < mailed_at:
        return None
    when = mail.shown_at  # as the unit's row shows it
    shown = format_time(when.astimezone(zone).replace(tzinfo=None)) if when is not None else "-"
    return Message("remind.skip.letter", when=shown, words=letter_words(mail, 40))


def _bare(message_id: str) -> str:
    return message_id.strip().strip("<>").strip().casefold()


def _would_remind(invite: Invite, settings: ReminderSettings, now: datetime, today: date) -> bool:
    """Whether a meeting reminder would be due (to say why a unit not mailed yet got none)."""
    days = settings.meeting_days_before
    return bool(days) and now < invite.start and today >= invite.start.date() - timedelta(days=days)


def state_items(state: State, unit: str) -> list[Record]:
    """The unit's deadline items in the state, not cancelled, by date."""
    items = [r for r in state.items.values() if r.kind == DEADLINE and r.owner == unit and not r.cancelled]
    return sorted(items, key=lambda r: (r.start, r.uid))


def _deadlines(
    invite: Invite, items: Sequence[Record], history: History, settings: ReminderSettings, today: date
) -> list[Due]:
    days = settings.deadline_days_before
    if not days:
        return []
    out = []
    for item in items:
        first = date.fromisoformat(item.start)
        last = date.fromisoformat(item.end) - timedelta(days=1)  # all-day items end the day after
        if first - timedelta(days=days) <= today <= last:
            key = _key(item.uid + _copy_tag(invite), DEADLINE_REMINDER)
            if history.state(key, item.sequence) != SENT:
                out.append(Due(DEADLINE_REMINDER, invite, key, item.sequence, deadline=item))
    return out


def _copy_tag(invite: Invite) -> str:
    """What tells a unit's further address's deadline reminders from its own address's (``/to-…``, the
    copy's journal key after its UID); nothing for a unit's own invite or a meeting's copy."""
    return invite.key[len(invite.uid) :] if is_address_copy(invite.key) else ""


def _key(uid: str, kind: str, number: int = 0) -> str:
    return f"{uid}/{kind}" + (f"-{number}" if number else "")


def _sent(history: History, invite: Invite, kind: str, number: int = 0) -> bool:
    return history.state(_key(invite.journal_key, kind, number), invite.sequence) == SENT


def _reminded_today(history: History, invite: Invite, zone: tzinfo, today: date) -> bool:
    """Whether this copy's address already got a meeting reminder today, at an earlier SEQUENCE, of the same
    time and room: a new SEQUENCE that moved nothing (an attendee list or someone's address changed) does
    not remind of the day again (loop 12). The time and room are the reminder's journal line's, else (a
    line written before they were kept) those of the invite it reminded of; neither known: not the same."""
    key = _key(invite.journal_key, MEETING)
    for entry in history.entries:
        if entry.uid != key or entry.state != SENT or entry.sequence == invite.sequence:
            continue
        if address_key(entry.to) != address_key(invite.attendee.address or ""):
            continue
        if datetime.fromisoformat(entry.at.replace("Z", "+00:00")).astimezone(zone).date() != today:
            continue
        start, room = (entry.start, entry.location) if entry.start else _shown(history, invite.journal_key, entry)
        if start and datetime.fromisoformat(start) == invite.start and room == invite.location:
            return True
    return False


def _shown(history: History, key: str, reminder: Entry) -> tuple[str, str]:
    """The time and room of the invite (``key``) at the reminder's SEQUENCE, as its journal line has them."""
    for entry in history.entries:
        if entry.uid == key and entry.sequence == reminder.sequence and entry.state == SENT and entry.start:
            return entry.start, entry.location
    return "", ""


# -- the messages ------------------------------------------------------------------------------


def _text(key: str, **params: object) -> str:
    """Reminders are in their invite's language whatever the CLI's (:func:`compose_reminder`): the people
    invited read them."""
    return invite_text(key, **params)


def _when(moment: datetime, zone: tzinfo) -> str:
    return dated(format_time(moment.astimezone(zone).replace(tzinfo=None)), invites_language())


def _day_word(day: date, today: date) -> str:
    gap = (day - today).days
    if gap == 0:
        return _text("remind.today")
    if gap == 1:
        return _text("remind.tomorrow")
    return _text("remind.in_days", days=gap) if gap > 1 else ""


def _body(due: Due, zone: tzinfo, today: date, summary: str) -> tuple[str, str]:
    """(subject, letter) of a reminder."""
    invite = due.invite
    when = _when(invite.start, zone)
    room = invite.location
    greeted = greeting(invite)
    meeting = ".meeting" if invite.shared else ""  # a meeting table's: a person, a meeting (not a unit's 对接)
    if due.kind == ANSWER:
        subject = _text("remind.subject.answer", summary=summary)
        lines = [_text(f"remind.answer{meeting}", time=when, room=room, summary=summary), _text("remind.answer_how")]
    elif due.kind == MEETING:
        day = _day_word(invite.start.astimezone(zone).date(), today)
        subject = _text("remind.subject.meeting", day=day, time=when, summary=summary)
        lines = [_text(f"remind.meeting{meeting}", day=day, time=when, room=room, summary=summary)]
    else:
        item = due.deadline
        assert item is not None
        first = date.fromisoformat(item.start)
        last = date.fromisoformat(item.end) - timedelta(days=1)
        span = f"{first.month}月{first.day}日" + ("" if first == last else f"至{last.month}月{last.day}日")
        subject = _text("remind.subject.deadline", what=item.summary, when=span)
        lines = [_text("remind.deadline", what=item.summary, when=span)]
    organizer = invite.organizer
    hello = [] if invites_language() == "en" else [_text("mail.hello")]  # "Dear …," needs no "Hello" after it
    parts = [greeted, *hello, *lines, _text("remind.sign"), f"{organizer.name}\n{organizer.address}"]
    return subject, "\n\n".join(p.strip("\n") for p in parts if p) + "\n"


def message_id(due: Due) -> str:
    """``<KEY.SEQUENCE@organiser's domain>`` (the key's ``/`` as ``.``): the same reminder, the same Message-ID."""
    domain = (due.invite.organizer.address or "@").rsplit("@", 1)[1]
    return f"<{due.key.replace('/', '.')}.{due.sequence}@{ascii_domain(domain) or 'invalid'}>"


def compose_reminder(due: Due, now: datetime, zone: tzinfo, envelope_from: str | None = None) -> Mail:
    """The message of one reminder: a short letter in the invite's language (base64), with the invite attached
    again to an answer reminder so that it can be answered from this mail.

    The invite's own message is composed first (:func:`scheduler.mail.message.compose`): the same checks
    (one-line names, valid addresses, the file as the state file says) and the same envelope.
    """
    from scheduler.mail.message import invite_language

    invite = due.invite
    with invites_in(invite_language(invite.data)):
        return _reminder(due, now, zone, envelope_from)


def _reminder(due: Due, now: datetime, zone: tzinfo, envelope_from: str | None) -> Mail:
    from email import message_from_bytes
    from email.message import EmailMessage
    from email.utils import parseaddr

    from scheduler.mail.message import SEVEN_BIT, UTF8, compose, put_address, put_message_id, put_text

    invite = due.invite
    base = compose(invite, now, envelope_from=envelope_from)
    from_address = parseaddr(str(message_from_bytes(base.data)["From"]))[1]
    subject, letter = _body(due, zone, now.astimezone(zone).date(), _summary(invite))
    msg = EmailMessage(policy=UTF8 if base.smtputf8 else SEVEN_BIT)
    put_address(msg, "From", invite.organizer.name, from_address)
    if base.sender.casefold() != from_address.casefold():
        put_address(msg, "Sender", "", base.sender)
    put_address(msg, "To", invite.attendee.name, base.recipient)
    put_text(msg, "Subject", subject)
    msg["Date"] = format_datetime(now)
    put_message_id(msg, message_id(due))
    msg.set_content(letter, charset="utf-8", cte="base64")
    if due.kind == ANSWER:
        # as the invite's own attachment: named in Content-Type too, no MIME-Version in the part (QA qamail18 F12)
        msg.add_attachment(
            invite.data, maintype="application", subtype="ics", filename="invite.ics", params={"name": "invite.ics"}
        )
        for part in msg.iter_parts():
            del part["MIME-Version"]
        digest = hashlib.sha256(f"{due.key}\x1f{due.sequence}".encode()).hexdigest()[:24]
        msg.set_boundary(f"=_remind_{digest}")
    name = eml_name(invite).removesuffix(".eml") + f"-{_file_tag(due)}.eml"
    return Mail(
        unit=invite.unit,
        uid=due.key,
        sequence=due.sequence,
        method=REMIND,
        recipient=base.recipient,
        sender=base.sender,
        message_id=message_id(due),
        subject=subject,
        data=msg.as_bytes(),
        smtputf8=base.smtputf8,
        eml_name=f"reminders/{name}",
        start=invite.start.isoformat() if due.kind == MEETING else "",
        location=invite.location if due.kind == MEETING else "",
    )


def _file_tag(due: Due) -> str:
    """What ends a reminder's dry-run file name after the unit: its kind (``answer-1``, ``meeting``); a
    deadline reminder's also its item's first day and UID's start, one file per item (QA qadocs18 F14:
    two deadlines due the same day shared ``<unit>-deadline.eml``, the second written over the first)."""
    kind = due.key.rsplit("/", 1)[1]
    item = due.deadline
    return kind if item is None else f"{kind}-{item.start[:10]}-{item.uid[:8]}"


def _summary(invite: Invite) -> str:
    from icalendar import Calendar

    events = Calendar.from_ical(invite.data).walk("VEVENT")
    return str(events[0].get("SUMMARY", "")).strip() if events else invite.unit


def counts(mails: Sequence[Mail]) -> Mapping[str, int]:
    """How many of each kind of reminder."""
    out = {ANSWER: 0, MEETING: 0, DEADLINE_REMINDER: 0}
    for mail in mails:
        kind = mail.uid.rsplit("/", 1)[1].split("-")[0]
        out[kind] = out.get(kind, 0) + 1
    return out
