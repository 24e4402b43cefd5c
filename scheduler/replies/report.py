"""The answers in words: each invitee's line, the problems of the mails read, the outputs' column and sheet.

Times are shown in the campaign's zone as the notice writes them
(``9月9日 10:00``). The outputs (the 答复 column of ``timetable.csv``/``.xlsx``
and the sheet of who answered what) are in the table's language (:func:`table_language`: an English
table's read ``declined``, ``Sep 2 13:00``; QA qaeng22 F9), Chinese by default;
the terminal follows ``--lang``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, tzinfo

from scheduler.export.annex import Answers
from scheduler.files.addresses import address_key
from scheduler.invites.state import is_address_copy
from scheduler.replies.answers import BOUNCE, ReadMail, State
from scheduler.replies.ledger import ReadingNote
from scheduler.replies.mailboxes import Quota
from scheduler.replies.returns import bounce_cause
from scheduler.replies.standing import Invitee, Received, Standing, Standings, Verdict, letter_words, shown_person
from scheduler.text.messages import Message, joined, one_line, render, worded, writable
from scheduler.text.times import dated, format_time

STATE_ORDER = (State.ACCEPTED, State.DECLINED, State.TENTATIVE, State.COUNTER, State.DELEGATED, State.NO_ANSWER)


def local(moment: datetime | None, zone: tzinfo | None) -> datetime | None:
    """``moment`` as a naive time in the campaign's zone (a naive moment is taken to be in it already)."""
    if moment is None:
        return None
    if moment.tzinfo is None or zone is None:
        return moment.replace(tzinfo=None)
    return moment.astimezone(zone).replace(tzinfo=None)


def said(comment: str | None, inner: bool = False) -> Message | str:
    """A reply's words as a line quotes them, ``（“下午有会”）``, or nothing when it has none: not ``（“-”）``.
    ``inner``: inside a parenthesis of the line's own (``（对旧邀请的答复，“…”）``)."""
    words = one_line(comment or "", 60)
    return Message("replies.said_in" if inner else "replies.said", words=words) if words else ""


def word(state: State, lang: str = "zh") -> str:
    """The state as the office says it: 接受 / accepted ..."""
    return render(Message(f"replies.state.{state.value}"), lang)


def when_text(moment: datetime | None, zone: tzinfo | None) -> str:
    shown = local(moment, zone)
    return format_time(shown) if shown is not None else ""


def invite_version(sequence: int) -> Message:
    """An invite's version as a clerk counts them (QA qacamp24 F6: "第 0 版邀请" was iCalendar's numbering):
    SEQUENCE 0 is 最初的邀请 (the first invite), SEQUENCE n the n-th update (第 n 次更新)."""
    if sequence <= 0:
        return Message("replies.version.first")
    return Message("replies.version.update", number=sequence)


def notes(row: Standing, zone: tzinfo | None) -> list[Message]:
    """What else the office should know about an invitee's answer."""
    person = row.invitee
    out: list[Message] = []
    if not person.mailed:
        out.append(Message("replies.note.no_address"))
    elif person.sent is None:
        out.append(Message("replies.note.never_sent"))
    elif person.sent < person.sequence:
        out.append(Message("replies.note.update_unsent", version=invite_version(person.sequence)))
    if row.answer is not None and row.state == State.COUNTER:
        proposed = when_text(row.answer.answer.start, zone)
        out.append(
            Message("replies.note.proposed", time=proposed) if proposed else Message("replies.note.proposed_none")
        )
    if row.answer is not None and row.answer.why is not None:  # SENT-BY, a delegate, a SEQUENCE above
        out.append(row.answer.why)
    if row.answer is not None and row.state == State.DELEGATED:
        out.append(Message("replies.note.delegated", to=row.answer.answer.delegated_to or "-"))
    if row.outdated is not None:
        old = row.outdated
        out.append(
            Message(
                "replies.note.outdated",
                state=Message(f"replies.state.{old.state.value}"),
                version=invite_version(old.weighed),
            )
        )
    if row.bounced is not None:
        bounce = row.bounced.signal
        why = Message(f"mail.bounce_short.{bounce_cause(bounce)}")
        out.append(
            Message("replies.note.bounced", status=bounce.status or "-", why=why, address=bounce.attendee or "-")
        )
    if row.refresh is not None:
        out.append(Message("replies.note.refresh"))
    if row.letter is not None:
        mail = row.letter.mail
        words = letter_words(mail, 40)
        when = when_text(mail.shown_at, zone) or "-"
        if mail.plain:
            out.append(Message("replies.note.letter", when=when, words=words))
        else:  # calendar data that could not be used: why, as the line of the run that read it said
            out.append(Message("replies.note.letter_unusable", when=when, words=words, problem=mail.problems[0]))
    if row.away is not None:
        out.append(Message("replies.note.away", words=one_line(row.away.mail.text, 40) or "-"))
    if row.opened is not None and row.state == State.NO_ANSWER:  # opened, not answered: a reminder is for it
        out.append(Message("replies.note.opened", when=when_text(row.opened.mail.shown_at, zone) or "-"))
    if row.untrusted:
        last = max(row.untrusted, key=Received.rank)
        state = Message(f"replies.state.{last.state.value}")
        out.append(
            Message("replies.note.untrusted", count=len(row.untrusted), sender=last.mail.shown_sender, state=state)
        )
    return out + _unclear(row, zone)


def _unclear(row: Standing, zone: tzinfo | None) -> list[Message]:
    """The note of two answers whose order cannot be told (:func:`~scheduler.replies.standing.unclear_order`):
    when each arrived and says it was written, which one counts, and to confirm by phone."""
    if row.unclear is None or row.answer is None:
        return []
    late, best = row.unclear, row.answer
    return [
        Message(
            "replies.note.order_unclear",
            state=Message(f"replies.state.{best.state.value}"),
            arrived=when_text(best.mail.arrived, zone),
            written=when_text(best.written, zone),
            other=Message(f"replies.state.{late.state.value}"),
            other_arrived=when_text(late.mail.arrived, zone),
            other_written=when_text(late.written, zone),
        )
    ]


def table_language(loaded: object) -> str:
    """The language a loaded table's outputs are written in: ``en`` when its headers are English
    (:func:`~scheduler.files.tables.english_headers`), else ``zh`` (a table not in hand: ``zh``)."""
    from scheduler.files.tables import english_headers

    table = getattr(loaded, "table", None)
    return "en" if table is not None and english_headers(table.labels) else "zh"


def _colon(lang: str) -> str:
    return ": " if lang == "en" else "："


def answer_cell(row: Standing, zone: tzinfo | None, lang: str = "zh") -> str:
    """The 答复 column of the outputs: the answer, its comment, what else matters (in ``lang``)."""
    parts = [word(row.state, lang)]
    if row.comment:
        parts[0] += _colon(lang) + one_line(row.comment)
    parts += [render(n, lang) for n in notes(row, zone)]
    return ("; " if lang == "en" else "；").join(parts)


def person_cell(row: Standing, zone: tzinfo | None, lang: str = "zh") -> str:
    """One person's line of a meeting's 答复 cell: the name (marked （可选） for an optional participant, as
    ``replies`` prints it: QA qaimap26 F9, a decline read as a required person missing), then
    :func:`answer_cell`."""
    name = row.invitee.name
    if row.invitee.optional:
        name = render(Message("replies.optional", name=name), lang)
    return f"{name}{_colon(lang)}{answer_cell(row, zone, lang)}"


def open_answers(
    standings: Standings, zone: tzinfo | None, only: State | None = None, lang: str = "zh"
) -> dict[str, list[str]]:
    """Per meeting (unit), the lines of :func:`person_cell` of those who have not accepted their current
    invite: declined, tentative, proposed another time, delegated, not answered (bounced among them);
    ``only``: of those whose answer is that one and says nothing more, no comment and no note (the web page
    folds the plain unanswered; a bounce or a mail to read by hand stays in view, QA upgrade22 F4)."""
    out: dict[str, list[str]] = {}
    for row in standings.rows:
        if row.state == State.ACCEPTED:
            continue
        if only is not None and (row.state != only or row.comment or notes(row, zone)):
            continue
        out.setdefault(row.unit, []).append(writable(person_cell(row, zone, lang)))
    return out


def meeting_counts(standings: Standings) -> dict[str, dict[str, int]]:
    """Per meeting (unit), how many of its people stand at each answer (``accepted``, ``declined``,
    ``tentative``, ``counter``, ``delegated``, ``no-answer``; zeros too), counted as :func:`summary` counts
    the whole table; ``declined-optional``: of the declines, those of optional participants (the page says
    "拒绝 1（可选 1）")."""
    out: dict[str, dict[str, int]] = {}
    for row in standings.rows:
        counts = out.setdefault(row.unit, {state.value: 0 for state in STATE_ORDER} | {"declined-optional": 0})
        counts[row.state.value] += 1
        counts["declined-optional"] += row.state == State.DECLINED and row.invitee.optional
    return out


def summary(standings: Standings, lang: str) -> list[str]:
    """The counts line (and delegated, when any): of units, or of a meeting table's people (one count per
    person and meeting)."""
    counts = {s: standings.count(s) for s in STATE_ORDER}
    people = standings.meetings
    lines = [
        render(
            Message(
                "replies.summary.meetings"
                if people
                else "replies.summary.addresses"
                if standings.per_person  # a unit with several addresses: each answers for itself
                else "replies.summary",
                accepted=counts[State.ACCEPTED],
                declined=counts[State.DECLINED],
                tentative=counts[State.TENTATIVE],
                counter=counts[State.COUNTER],
                none=counts[State.NO_ANSWER],
                total=len(standings.rows),
                meetings=len({row.unit for row in standings.rows}),
            ),
            lang,
        )
    ]
    if counts[State.DELEGATED]:
        key = "replies.summary.delegated_people" if people else "replies.summary.delegated"
        lines.append(render(Message(key, count=counts[State.DELEGATED]), lang))
    lines += [render(said, lang) for said in unit_delegations(standings)]
    bounced = [_who(row.invitee, lang) for row in standings.rows if row.bounced is not None]
    if bounced:
        said = Message("replies.summary.bounced", count=len(bounced), who=_joined(bounced, lang))
        lines.append(render(said, lang))
    for key, flagged in (
        ("replies.summary.letters", [_who(row.invitee, lang) for row in standings.rows if row.letter is not None]),
        ("replies.summary.away", [_who(row.invitee, lang) for row in standings.rows if row.away is not None]),
        ("replies.summary.opened", [_who(row.invitee, lang) for row in standings.rows if _opened_only(row)]),
    ):
        if flagged:
            lines.append(render(Message(key, count=len(flagged), who=_joined(flagged, lang)), lang))
    withdrawn = _withdrawn(standings)
    if withdrawn:
        named = [_aside(_who(item.person, lang), word(item.state, lang), lang) for item in withdrawn if item.person]
        said = Message("replies.summary.cancelled", count=len(withdrawn), who=_joined(named, lang))
        lines.append(render(said, lang))
    return lines


def set_aside(standings: Standings, zone: tzinfo | None, concerned: Callable[[Standing], bool], lang: str) -> list[str]:
    """What ``reschedule --from-replies`` does not weigh, named where the office decides, a unit table's and a
    meeting table's alike (docs/replies.md): one line per invitee with a mail to read by hand (a reply in
    words, an answer that could not be used: :attr:`Standing.letter`) among the rows ``concerned`` keeps
    (the table's units, or meetings), then how many answers were not trusted (each answer once, however
    many rows share it)."""
    out = []
    for row in standings.rows:
        if row.letter is not None and concerned(row):
            mail = row.letter.mail
            when = when_text(mail.shown_at, zone) or "-"
            said = Message("replies.wish.letter", who=_who(row.invitee, lang), when=when, words=letter_words(mail, 60))
            out.append(render(said, lang))
    untrusted = {(item.mail.key, item.answer) for item in standings.received if item.verdict == Verdict.UNTRUSTED}
    if untrusted:
        out.append(render(Message("replies.untrusted_unused", count=len(untrusted)), lang))
    return out


def _joined(names: list[str], lang: str) -> str:
    """Names listed as the language lists them: 甲、乙 / A, B."""
    return joined(names, lang)


def _aside(text: str, note: str, lang: str) -> str:
    """``text`` with ``note`` in brackets, as the language writes them: 甲（接受） / A (accepted)."""
    return f"{text} ({note})" if lang == "en" else f"{text}（{note}）"


def _withdrawn(standings: Standings) -> list[Received]:
    """The last answer of each invitee whose invite was cancelled, when it does not decline: a withdrawn
    unit (or person) that may still think it is coming."""
    last: dict[int, Received] = {}
    for item in standings.received:
        if item.verdict != Verdict.CANCELLED or item.person is None or item.state == State.NO_ANSWER:
            continue
        if id(item.person) not in last or item.rank() > last[id(item.person)].rank():
            last[id(item.person)] = item
    return [item for item in last.values() if item.state != State.DECLINED]


def withdrawn_cells(standings: Standings, lang: str = "zh") -> dict[str, str]:
    """The 答复 line of each withdrawn unit (its invite cancelled, no longer in the timetable) whose last answer
    does not decline, by unit (Chinese, as the 答复 column): it may still think it is coming. Units only: a
    meeting's participants are in the meeting's cell."""
    out = {}
    for item in _withdrawn(standings):
        if item.person is not None and not item.person.title:
            state = Message(f"replies.state.{item.state.value}")
            out[item.person.unit] = writable(render(Message("replies.withdrawn_cell", state=state), lang))
    return out


def _named(person: Invitee) -> str | Message:
    """:func:`_who` for a line rendered later, in whichever language: a meeting's participant as a
    message (``甲（会议）`` / ``A (meeting)``: QA qacamp24 F5, the English lines had Chinese brackets)."""
    if person.title:
        return Message("replies.who_in_meeting", name=person.name, title=person.title)
    return _who(person)


def _opened_only(row: Standing) -> bool:
    """Whether the invitee's invite was opened (a read receipt) and not answered."""
    return row.opened is not None and row.state == State.NO_ANSWER


def _each_once(items: Iterable[str | Message]) -> list[str | Message]:
    """``items`` in order, each once."""
    out: list[str | Message] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def unit_delegations(standings: Standings) -> list[Message]:
    """One note for each unit whose delegation stands (:attr:`~scheduler.replies.standing.Standing.delegated_to`)
    to an address none of the unit's invites goes to. Decided (twenty-fifth session): a unit table's invites
    are not changed by a delegation, unlike a meeting's (:func:`scheduler.invites.meetings.handed_on`): a
    unit's recipients are the contacts table's, the office's word (as its 代理邮箱 are), so an answer read
    from the mailbox adds no one to them; the note says so and names the way: the delegate's address as one
    of the unit's further addresses in the contacts (a copy of its own, mailed once, updated and cancelled
    with the unit; their answers count for it)."""
    invited = {(p.invitee.uid, address_key(p.invitee.address)) for p in standings.rows if p.invitee.address}
    out = []
    for row in standings.rows:
        person = row.invitee
        if person.title or not row.delegated_to:
            continue  # a meeting's participant: the delegate gets a copy of their own
        named = [a.strip() for a in row.delegated_to.split(",") if "@" in a]
        if named and all((person.uid, address_key(a)) in invited for a in named):
            continue  # already one of the unit's addresses
        out.append(Message("replies.unit_delegated", who=_who(person), to=row.delegated_to))
    return out


def _who(person: Invitee, lang: str = "zh") -> str:
    """The unit, one of its further addresses with it (``区财政局 <czj2@example.org>``, as ``send`` names it:
    QA qamail18 F6), or a meeting's participant and the meeting."""
    if person.title:
        return _aside(person.name, person.title, lang)
    if is_address_copy(person.key) and person.address:
        return f"{person.unit} <{person.address}>"
    return person.unit


def sheet(standings: Standings, zone: tzinfo | None, lang: str = "zh") -> tuple[list[str], list[list[str]]]:
    """Who answered what: every answer read, newest first, with how it was judged. A meeting table's is
    headed 会议 (the meeting) and 人员, as ``replies`` prints it."""
    people = standings.per_person
    keys = (
        "mshow.meeting" if standings.meetings else "show.unit",
        *(("replies.col.person",) if people else ()),
        "replies.col.answer",
        "replies.col.comment",
        "replies.col.proposed",
        "replies.col.sequence",
        "replies.col.when",
        "replies.col.sender",
        "replies.col.verdict",
        "replies.col.subject",
    )
    header = [render(Message(k), lang) for k in keys]
    rows = []
    for item in sorted(standings.received, key=Received.rank, reverse=True):
        answer = item.answer
        cancelled = item.verdict == Verdict.CANCELLED  # a meeting's: the invite, not a unit (QA qacamp24 F6)
        verdict = render(
            Message(worded(f"replies.verdict.{item.verdict.value}", cancelled and standings.meetings)), lang
        )
        if item.why is not None:
            verdict += "：" + render(item.why, lang)
        proposed = when_text(answer.start, zone) if answer.method == "COUNTER" else ""
        rows.append(
            [
                item.unit or "",
                *([shown_person(item.person) if item.person is not None else answer.name] if people else []),
                word(item.state, lang),
                one_line(answer.comment),
                dated(proposed, lang),
                render(Message("replies.sequence_unstated", weighed=item.weighed), lang)
                if answer.unsequenced
                else str(answer.sequence),
                dated(when_text(item.when, zone), lang),
                _text(item.mail.shown_sender, lang),
                verdict,
                item.mail.subject,
            ]
        )
    return header, rows


def _text(value: str | Message, lang: str) -> str:
    return render(value, lang) if isinstance(value, Message) else value


def answers_for(standings: Standings, zone: tzinfo | None, lang: str = "zh") -> Answers:
    """The answers as the outputs carry them: the 答复 column and the sheet, in ``lang`` (the table's:
    :func:`table_language`; the sheet's name stays 答复情况, which the workbook reader knows). What the mails
    said (words, subjects, senders, names) is made :func:`~scheduler.text.messages.writable` here, the one
    way reply text reaches a file: a mail holding ``ESC`` or U+FFFE cannot make a table our readers refuse."""
    grouped: dict[str, list[Standing]] = {}
    for row in standings.rows:
        grouped.setdefault(row.unit, []).append(row)
    cells = {}
    for unit, rows_of in grouped.items():
        if len(rows_of) == 1 and not standings.per_person:
            cells[unit] = answer_cell(rows_of[0], zone, lang)
        else:  # a meeting's people, each with their answer
            cells[unit] = "\n".join(person_cell(r, zone, lang) for r in rows_of)
    header, rows = sheet(standings, zone, lang)
    clean = {unit: writable(text) for unit, text in cells.items()}
    read = [writable(render(line, lang)) for line in reading_lines(standings.reading, zone)]
    title = render(Message("replies.sheet"), "zh")
    return Answers(clean, title, header, [[writable(c) for c in r] for r in rows], read)


def reading_lines(note: ReadingNote | None, zone: tzinfo | None) -> list[Message]:
    """What the page's 答复 panel and the 答复情况 sheet say of the last reading (QA qaimap26 F3): when the
    answers were read and from which mailbox, or that the reading broke off and why (more answers may be
    waiting), and the mailbox nearly full when it was; none without a note (a ledger from before)."""
    if note is None:
        return []
    when = when_text(note.at, zone)
    if note.stopped is not None:
        lines = [Message("replies.read_stopped", when=when, mailbox=note.mailbox, reason=note.stopped)]
    else:
        lines = [Message("replies.read_at", when=when, mailbox=note.mailbox, examined=note.examined, new=note.new)]
    full = quota_line(Quota(*note.quota)) if note.quota is not None else None
    return [*lines, *([full] if full is not None else [])]


FOREIGN_NAMED = 3
"""Answers to other invites named one line each when no more of them were read at once; more are counted on
one line (QA: a mailbox shared with another campaign printed 27 such lines)."""


def mail_lines(mails: Sequence[ReadMail], standings: Standings, lang: str, zone: tzinfo | None) -> list[str]:
    """One line per problem of the mails given, per answer about another meeting, per untrusted answer."""
    keys = {m.key for m in mails}
    lines = []
    lettered = {letter.mail.key for letter in standings.letters if letter.mail.plain}
    for mail in mails:
        if mail.key in lettered:
            continue  # about one of our invites: named below with the unit it concerns
        for problem in mail.problems:
            lines.append(render(_about(mail, problem, zone), lang))
    lines += [render(line, lang) for line in _letter_lines(standings, keys, zone)]
    fresh = [item for item in standings.received if item.mail.key in keys]
    foreign = [item for item in fresh if item.verdict == Verdict.FOREIGN]
    if len(foreign) > FOREIGN_NAMED:  # a mailbox shared by several campaigns: one line, not one per answer
        uids = len({item.answer.uid for item in foreign})
        lines.append(render(Message("replies.foreign_many", count=len(foreign), uids=uids), lang))
    shared: set[tuple[str, int]] = set()
    for item in fresh:
        if item.why is not None and item.why.key == "replies.why.shared_address":
            once = (item.mail.key, item.mail.answers.index(item.answer))
            if once in shared:
                continue  # one line for an answer from a shared address, not one per participant
            shared.add(once)
        line = None if item in foreign and len(foreign) > FOREIGN_NAMED else _received_line(item, zone)
        if line is not None:
            lines.append(render(line, lang))
    lines += [render(line, lang) for line in _notice_lines(standings, keys)]
    # mails, however many calendars each holds; a reply carrying our invite is named above instead
    ignored = sum(1 for m in mails if m.ignored and not m.answers and m.key not in lettered)
    if ignored:
        lines.append(render(Message("replies.ignored", count=ignored), lang))
    return lines


_REMEDY = {
    "replies.why.not_invitee": "attendee",
    "replies.why.other_sender": "sender",
    "replies.why.on_behalf": "sender",
}
"""Of the reasons an answer is not trusted, those a 代理邮箱 entry mends, and which of the reason's addresses
it is (docs/replies.md, "A secretary the office named"): the line says so (QA qamailbox25 F6)."""


def _remedy(why: Message) -> Message | str:
    """How to make an untrusted answer count, when the contacts can: the address to add as 代理邮箱."""
    address = why.params.get(_REMEDY.get(why.key, ""))
    if not isinstance(address, str) or "@" not in address:  # (a From without an address: nothing to write down)
        return ""
    return Message("replies.untrusted_remedy", address=address)


def _received_line(item: Received, zone: tzinfo | None = None) -> Message | None:
    """The line an answer just read gets, if any: about another meeting, not trusted (with the mail's date
    and, where the contacts can mend it, how), from a unit whose invite was cancelled, or counted with a
    remark (a SEQUENCE above any mailed)."""
    subject = one_line(item.mail.subject, 60) or "-"
    sender = item.mail.shown_sender
    if item.verdict == Verdict.FOREIGN:
        return Message("replies.foreign", subject=subject, sender=sender, uid=item.answer.uid)
    if item.verdict == Verdict.UNTRUSTED and item.why is not None:
        date = when_text(item.mail.shown_at, zone) or "-"
        sender = Message("replies.sender_dated", sender=sender, date=date)
        why: Message | str = item.why
        remedy = _remedy(item.why)
        if remedy:
            why = Message("replies.why_remedy", why=item.why, remedy=remedy)
        person = item.person
        if person is not None and person.title:  # a meeting's participant: the person, then the meeting
            shared = item.why.key == "replies.why.shared_address"  # whose it is is not known: all who share it
            return Message(
                "replies.untrusted_person_line",
                subject=subject,
                sender=sender,
                person=item.why.params["names"] if shared else person.name,
                meeting=person.title,
                why=why,
            )
        return Message("replies.untrusted_line", subject=subject, sender=sender, unit=item.unit, why=why)
    if item.verdict == Verdict.CANCELLED and item.person is not None:
        state = Message(f"replies.state.{item.state.value}")
        return Message("replies.cancelled_line", subject=subject, sender=sender, who=_named(item.person), state=state)
    if item.why is not None:
        return Message("replies.noted_line", subject=subject, sender=sender, unit=item.unit, why=item.why)
    return None


def _notice_lines(standings: Standings, keys: set[str]) -> list[Message]:
    """One line per REFRESH and per bounce of this campaign's invites in the mails just read."""
    out = []
    for notice in standings.notices:
        person, signal, sender = notice.person, notice.signal, notice.mail.shown_sender
        if notice.mail.key not in keys or (person is None and not notice.about):
            continue  # a bounce of another mail, a REFRESH of another meeting: not this campaign's
        who = _named(person) if person is not None else notice.about
        if signal.kind == BOUNCE:
            advice = Message(f"mail.bounce_advice.{bounce_cause(signal)}")
            line = Message(
                "replies.bounce_line", who=who, address=signal.attendee or "-", status=signal.status, advice=advice
            )
            out.append(line)
        elif notice.verdict == Verdict.UNTRUSTED:  # not the invitee's: its invite must not go there (QA qaitip20 F2)
            subject = one_line(notice.mail.subject, 60) or "-"
            why = notice.why or "-"
            if notice.strangers:  # a list: joined as the language joins
                said = {"address": list(notice.strangers)}
                line = Message("replies.refresh_untrusted", subject=subject, sender=sender, who=who, why=why, **said)
            else:  # only invited addresses, not one invitee's: never "do not send" to one (QA review20 F2)
                line = Message("replies.refresh_unclear", subject=subject, sender=sender, who=who, why=why)
            out.append(line)
        elif notice.verdict == Verdict.CANCELLED:  # a withdrawn invitee: no invite to send (QA qaitip20 F3)
            out.append(Message("replies.refresh_cancelled", who=who, sender=sender))
        else:
            out.append(Message("replies.refresh_line", who=who, sender=sender))
    return out


def _letter_lines(standings: Standings, keys: set[str], zone: tzinfo | None) -> list[Message]:
    """One line per mail just read that is about an invite and holds no calendar answer: a reply written
    by hand (read it by hand), an automatic reply (the contact may be away)."""
    about: dict[str, list[Invitee]] = {}
    mails: dict[str, ReadMail] = {}
    for letter in standings.letters:
        if letter.mail.key in keys and letter.mail.plain:  # an unusable answer has its problem's line
            about.setdefault(letter.mail.key, []).append(letter.person)
            mails[letter.mail.key] = letter.mail
    out = []
    for key, people in about.items():
        mail = mails[key]
        who = _each_once(_named(p) for p in people)
        words = one_line(mail.text, 80) or "-"
        if mail.receipt:  # the invite was opened: no answer, nothing to read (QA qamailbox25 F2)
            date = when_text(mail.shown_at, zone) or "-"
            out.append(Message("replies.receipt_line", who=who, sender=mail.shown_sender, date=date))
            continue
        if mail.auto:
            out.append(Message("replies.away_line", who=who, sender=mail.shown_sender, words=words))
            continue
        tnef = any(p.key == "replies.no_calendar_tnef" for p in mail.problems)
        date = when_text(mail.date, zone) if mail.date is not None else "-"
        subject = one_line(mail.subject, 60) or "-"
        hint = Message("replies.letter_tnef") if tnef else ""
        quoted = Message("replies.words_quoted", words=words)
        if tnef and words == "-":  # a winmail.dat without words: where to read it, not "“-”" (QA qamailbox25 F7)
            quoted = Message("replies.words_tnef_short")
        line = Message(
            "replies.letter_line",
            subject=subject,
            sender=mail.shown_sender,
            date=date,
            who=who,
            words=quoted,
            hint=hint,
        )
        out.append(line)
    return out


def aside_line(people: Sequence[Invitee], zone: tzinfo | None) -> Callable[[ReadMail], Message | None]:
    """The line for a reply in words from an invited address that answers another mail and so is not filed
    (:func:`~scheduler.replies.standing.set_aside`): the mail, whose address, why, its words; else ``None``."""
    from scheduler.replies.standing import set_aside

    invited = set_aside(people)

    def line(mail: ReadMail) -> Message | None:
        found = invited(mail)
        if not found:
            return None
        date = when_text(mail.date, zone) if mail.date is not None else "-"
        who = _each_once(_named(p) for p in found)
        subject, words = one_line(mail.subject, 60) or "-", one_line(mail.text, 80) or "-"
        return Message("replies.aside_line", subject=subject, sender=mail.shown_sender, date=date, who=who, words=words)

    return line


ASIDE_LISTED = 3
"""Replies in words to other mails from one unit's address, read in one run, past which they are summed on
one line instead of one line each: a real office mailbox holds dozens a day from the units invited (replies
to the office's notices), which buried the bounces (QA qamailbox25 F1)."""


def aside_lines(lines: Sequence[Message]) -> list[Message]:
    """The :func:`aside_line` lines of one run as said: each unit's own, unless it has more than
    :data:`ASIDE_LISTED`; then one line for that unit, with how many and the first and last mail's dates,
    where its first mail's line would be."""
    by_who: dict[str, list[Message]] = {}
    for line in lines:
        by_who.setdefault(repr(line.params.get("who")), []).append(line)
    out: list[Message] = []
    for line in lines:
        group = by_who[repr(line.params.get("who"))]
        if len(group) <= ASIDE_LISTED:
            out.append(line)
        elif line is group[0]:
            first, last = group[0].params.get("date", "-"), group[-1].params.get("date", "-")
            out.append(
                Message("replies.aside_many", who=line.params.get("who"), count=len(group), first=first, last=last)
            )
    return out


def new_answers(mails: Sequence[ReadMail], standings: Standings | None = None) -> tuple[int, int]:
    """Of the mails read now that hold answers (or calendars that could not be used), how many are about
    this campaign's invites and how many answer only other invites (every answer in them judged
    :attr:`~scheduler.replies.standing.Verdict.FOREIGN` in ``standings``; none without it): not
    invitations, cancellations, REFRESH requests, bounces or mails without calendar data (a reply written
    by hand, an automatic reply), which are counted and named on their own lines. The headline said 1,335
    new answers where one was this campaign's (QA qamailbox25 F5)."""
    foreign: set[str] = set()
    if standings is not None:
        verdicts: dict[str, set[Verdict]] = {}
        for item in standings.received:
            verdicts.setdefault(item.mail.key, set()).add(item.verdict)
        foreign = {key for key, found in verdicts.items() if found == {Verdict.FOREIGN}}
    read = [m for m in mails if not m.plain and (m.answers or m.problems)]
    others = sum(1 for m in read if m.key in foreign and not m.problems)
    return len(read) - others, others


_STOPPED = {
    "replies.imap_login": "replies.stopped_login",
    "replies.imap_folder": "replies.stopped_folder",
    "replies.imap_select_refused": "replies.stopped_setup",
    "replies.imap_login_disabled": "replies.stopped_setup",
    "replies.imap_login_other": "replies.stopped_setup",
    "replies.imap_unreachable": "replies.stopped_unreachable",
    "replies.imap_tls_failed": "replies.stopped_setup",
    "replies.imap_tls_expired": "replies.stopped_setup",
    "replies.imap_tls_wrong_name": "replies.stopped_setup",
    "replies.imap_tls_other_ca": "replies.stopped_setup",
    "replies.imap_tls_broken": "replies.stopped_setup",
    "replies.imap_no_starttls": "replies.stopped_setup",
    "replies.imap_starttls_refused": "replies.stopped_setup",
    "replies.imap_no_auth_plain": "replies.stopped_setup",
    "replies.imap_no_greeting": "replies.stopped_setup",
    "replies.imap_not_implicit_tls": "replies.stopped_setup",
    "replies.imap_is_smtp": "replies.stopped_setup",
    "replies.ledger_unwritable": "replies.stopped_ledger",
}


def stopped_line(reason: Message) -> Message:
    """Why reading stopped and what to do: run the same command again (the connection dropped: the
    ledger goes on from there), or first fix what a new run cannot (the password, the folder's name, TLS,
    a full disk under the ledger)."""
    return Message(_STOPPED.get(reason.key, "replies.stopped"), reason=reason)


QUOTA_WARNING = 0.9
"""The share of its quota past which our mailbox is said to be filling up: past it, a few answers with
attachments fill it, and answers to a full mailbox bounce back to the units (QA qaimap26 F4)."""


def quota_line(quota: Quota | None) -> Message | None:
    """One line when the mailbox that receives the answers is nearly full or full (``quota``, as the server
    said it), naming what it means: answers bounced back to the units, never arriving; ``None`` below
    :data:`QUOTA_WARNING` or when the server said nothing."""
    if quota is None or quota.share < QUOTA_WARNING:
        return None
    percent = min(int(quota.share * 100), 100)
    used: Message | str
    most: Message | str
    if quota.resource == "MESSAGE":
        used, most = Message("replies.quota_mails", count=quota.used), Message("replies.quota_mails", count=quota.limit)
    else:
        used, most = _kilobytes(quota.used), _kilobytes(quota.limit)
    key = "replies.quota_full" if quota.share >= 1 else "replies.quota_nearly"
    return Message(key, used=used, limit=most, percent=percent)


def _kilobytes(count: int) -> str:
    """A size in KB (as IMAP quotas count STORAGE) in the unit a webmail shows it in."""
    for unit, size in (("GB", 1024 * 1024), ("MB", 1024)):
        if count >= size:
            return f"{count / size:.1f} {unit}".replace(".0 ", " ")
    return f"{count} KB"


def never_started(reason: Message | None) -> bool:
    """Whether reading stopped before it began, for a reason a new run cannot mend (a refused login, a folder
    that is not there, TLS refused): nothing was read, so the reason is all there is to say."""
    return reason is not None and _STOPPED.get(reason.key) in (
        "replies.stopped_login",
        "replies.stopped_folder",
        "replies.stopped_setup",
        "replies.stopped_unreachable",
    )


def _about(mail: ReadMail, problem: Message, zone: tzinfo | None) -> Message:
    date = when_text(mail.date, zone) if mail.date is not None else "-"
    subject = one_line(mail.subject, 60) or "-"
    return Message("replies.mail", subject=subject, sender=mail.shown_sender, date=date, problem=problem)
