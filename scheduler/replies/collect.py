"""Reading a mailbox into the replies ledger, and weighing the ledger against a campaign's invites.

:func:`collect` reads a source (a Maildir, an mbox, ``.eml`` files or an IMAP
folder) and writes every new mail with calendar data to the ledger, one
durable line each, as it goes: an interrupted run keeps what it read, and the
same command run again goes on from there. :func:`standings` reads the ledger,
the invites' state and the mail journal and says where every invitee stands.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from scheduler.export.annex import Answers
from scheduler.invites.folder import INVITES_DIR
from scheduler.invites.state import STATE_NAME, read_state
from scheduler.invites.state import State as InviteState
from scheduler.mail.journal import JOURNAL_NAME, read_history
from scheduler.replies.answers import ReadMail
from scheduler.replies.imap import ImapFailure
from scheduler.replies.itip import MAIL_LIMIT, read_mail, reply_head
from scheduler.replies.ledger import (
    LEDGER_NAME,
    Checkpoint,
    Ledger,
    LedgerWriteError,
    ReadingNote,
    ledger_path,
    read_ledger,
    read_settled,
)
from scheduler.replies.mailboxes import Fetched, Known, Missed, Passed, Quota, Seen
from scheduler.replies.report import answers_for, table_language
from scheduler.replies.standing import Standings, invitees, judge
from scheduler.text.messages import Message

if TYPE_CHECKING:
    from scheduler.files.load import Loaded
    from scheduler.files.meeting_files import LoadedMeetings


class Source(Protocol):
    """Where mail is read from: :class:`~scheduler.replies.mailboxes.Maildir`, ``Mbox``, ``EmlFolder``,
    :class:`~scheduler.replies.imap.ImapFolder`."""

    label: str

    def check(self) -> None: ...

    def messages(
        self, known: Known, limit: int, checkpoint: Checkpoint | None = None
    ) -> Iterator[Fetched | Passed | Seen | Missed | Quota]: ...


@dataclass(frozen=True)
class Reading:
    """What one run read.

    ``examined``: messages looked at; ``new``: mails with calendar data written
    to the ledger now (answers, or problems to show); ``again``: such mails
    already in the ledger (read before, or a second copy); ``stopped``: why
    reading ended early (the server went away...), ``None`` if it did not;
    ``missed``: why each message the server named but did not hand over was not read (it is read next run);
    ``relooked``: of those examined, the messages an older version of the reading had read, looked at again
    (IMAP, UIDs up to ``upto``), and ``recognised``: the mails among them written to the ledger now.
    """

    source: str
    examined: int
    new: tuple[ReadMail, ...]
    again: int
    stopped: Message | None = None
    missed: tuple[Message, ...] = ()
    relooked: int = 0
    recognised: int = 0
    upto: int = 0
    aside: tuple[Message, ...] = ()
    """The line of each mail not kept that ``collect``'s ``aside`` named (a reply in words to another mail
    from an invited address)."""
    elsewhere: tuple[ReadMail, ...] = ()
    """Of ``new``, the mails ``collect``'s ``elsewhere`` found to answer only other invites: the ledger keeps
    their keys alone, so these are weighed with the ledger's mails for this run's lines."""
    quota: Quota | None = None
    """How full the mailbox is, when the server says (IMAP QUOTA): a full one bounces the answers."""

    def with_lines(self, aside: tuple[Message, ...], elsewhere: tuple[ReadMail, ...]) -> Reading:
        """This reading with the lines of the mails set aside and the mails answering other invites."""
        return replace(self, aside=aside, elsewhere=elsewhere)


def collect(
    source: Source,
    ledger: Ledger,
    limit: int = MAIL_LIMIT,
    progress: Callable[[int], None] | None = None,
    about: Callable[[ReadMail], bool] | None = None,
    zone: tzinfo | None = None,
    aside: Callable[[ReadMail], Message | None] | None = None,
    elsewhere: Callable[[ReadMail], bool] | None = None,
) -> Reading:
    """Read ``source`` into ``ledger``; never raises for a bad mail (it is recorded with its problems).

    ``about`` says which mails are kept: a mail without calendar data (a reply written by hand, an
    automatic reply) is written to the ledger only when it is about one of the campaign's invites
    (:func:`~scheduler.replies.standing.concerns`); without it, every such mail is kept.

    An IMAP failure, or a ledger line that cannot be written (a full disk),
    ends the reading with ``stopped`` set: everything read before it is in
    the ledger (the mail whose line failed is not, and is read again next
    run). ``progress(n)`` is called after each message. ``zone``: the office's, in which a mail's ``Date:``
    that names none is read. ``aside``: the line to say of a mail ``about`` did not keep, if any (read whole
    for it: its words are said); said once: the mail is then written down as set aside
    (:meth:`~scheduler.replies.ledger.Ledger.set_aside`), known to later runs. ``elsewhere``: whether a new
    mail answers only other invites; it is then written down by its key alone, as a mail set aside is, and
    returned in ``new`` and ``elsewhere`` for this run's lines.
    """
    examined = again = relooked = recognised = 0
    new: list[ReadMail] = []
    missed: list[Message] = []
    set_aside: list[Message] = []
    others: list[ReadMail] = []
    stopped = full = None
    checkpoint = ledger.contents.seen.get(source.label)
    try:
        for item in source.messages(ledger.has, limit, checkpoint):
            if isinstance(item, Seen | Quota):
                full = _noted(ledger, item, full)
                continue
            examined += 1
            relooked += item.relook
            if isinstance(item, Missed):
                missed.append(item.reason)
                continue
            if isinstance(item, Passed):
                again += item.known
                if progress is not None:
                    progress(examined)
                continue
            head = reply_head(item.data, item.source) if about is not None else None
            if head is not None and item.arrived is not None:  # when the mailbox got it: a mail before the invite
                head = replace(head, arrived=item.arrived)  # is no letter to read (QA qamailbox25 F1)
            if head is not None and about is not None and not about(head):
                mail = None  # a reply about something else (its headers say so): not read whole, not kept
                if aside is not None and aside(head) is not None:
                    mail = read_mail(item.data, item.source, limit, item.size, zone)  # its words, for its line
            else:
                mail = read_mail(item.data, item.source, limit, item.size, zone)
            if mail is not None and item.arrived is not None:
                mail = replace(mail, arrived=item.arrived)
            if mail is not None and about is not None and not about(mail):
                said = aside(mail) if aside is not None else None
                if said is not None and not ledger.has(mail.key):  # said once: remembered as seen, not ours
                    ledger.set_aside(mail)
                    set_aside.append(said)
                mail = None  # a reply about something else: not the campaign's, not kept
            if mail is not None:
                if ledger.has(mail.key):
                    again += 1
                elif elsewhere is not None and elsewhere(mail):  # another campaign's answer: its key only
                    ledger.set_aside(mail)
                    new.append(mail)
                    others.append(mail)
                else:
                    new.append(ledger.add(mail))
                    recognised += item.relook
            if progress is not None:
                progress(examined)
    except ImapFailure as failure:
        stopped = failure.reason
    except LedgerWriteError as error:  # a full disk: what is in the ledger stays, the rest is read next run
        stopped = Message("replies.ledger_unwritable", path=error.path, problem=error.message)
    upto = checkpoint.uid if checkpoint is not None and relooked else 0
    _note(ledger, ReadingNote(source.label, ledger.now(), examined, len(new), stopped, full.triple if full else None))
    found = Reading(source.label, examined, tuple(new), again, stopped, tuple(missed), relooked, recognised, upto)
    return replace(found, quota=full).with_lines(tuple(set_aside), tuple(others))


def _note(ledger: Ledger, note: ReadingNote) -> None:
    """The run's note written beside the ledger (when the answers were read, and whether the reading broke
    off: the web page and the files say it), unless the run stopped before the ledger held anything (it is
    then removed: no ledger means no 答复 column); a note that cannot be written is left (a full disk is
    said already)."""
    contents = ledger.contents
    if note.stopped is not None and not contents.keys and not contents.seen:
        return
    with contextlib.suppress(LedgerWriteError):
        ledger.note(note)


def _noted(ledger: Ledger, item: Seen | Quota, full: Quota | None) -> Quota | None:
    """A checkpoint written to the ledger, or how full the mailbox is kept: the reading's quota."""
    if isinstance(item, Quota):
        return item
    ledger.seen(item.mailbox, item.uidvalidity, item.uid, item.reader)
    return full


def standings(
    invites: str | Path | InviteState,
    journal: str | Path,
    ledger: str | Path | None = None,
    *,
    table: Loaded | LoadedMeetings | None = None,
    contacts: str | Path | None = None,
    settled: bool = True,
) -> Standings:
    """Where every invitee stands, from the ledger (beside the journal by default).

    ``invites`` is the invites folder (its ``state.json`` is read) or a state
    already in hand (an export about to be written). ``table``: the campaign's table as loaded; who may
    answer for each unit (or person) is then what its contacts (``contacts``, else the one its rules name)
    or its people sheet say now (:func:`~scheduler.invites.campaigns.listed_delegates`, as ``replies``
    weighs them); without it, the 代理邮箱 the invites were written with. ``settled``: a ``replies`` run
    writing the ledger is waited for (3 s) and then refused, naming it (:func:`~scheduler.replies.ledger.read_settled`:
    its answers are half read); the web page, which says when the answers were read, reads without waiting.
    """
    state = invites if isinstance(invites, InviteState) else read_state(Path(invites) / STATE_NAME)
    delegates = None
    if table is not None:
        from scheduler.invites.campaigns import listed_delegates

        delegates = listed_delegates(table, contacts)
    people = invitees(state, read_history(journal), delegates)
    at = ledger if ledger is not None else ledger_path(journal)
    contents = read_settled(at, "replies.ledger_busy") if settled else read_ledger(at)
    return replace(judge(people, contents.mails), reading=contents.last_reading)


def outputs_answers(
    folder: str | Path,
    state: InviteState | None,
    timezone: str,
    table: Loaded | LoadedMeetings | None = None,
    contacts: str | Path | None = None,
) -> Answers | None:
    """The answers for the outputs written to ``folder`` (the 答复 column and sheet), or ``None`` when the
    folder holds no replies ledger (nothing was read yet) or no invites.

    ``state`` is the invites' state the outputs go with (an export about to be
    written), else the one in ``folder/invites``. Answers to invites that this
    export changes count as outdated: the unit has not answered its new time. ``table``: the table the
    outputs are made from, whose contacts (``contacts``, else the one its rules name; or its people sheet)
    say who may answer for whom (:func:`standings`).
    """
    found = outputs_standings(folder, state, table, contacts)
    if found is None:
        return None
    from zoneinfo import ZoneInfo

    return answers_for(found, ZoneInfo(timezone), table_language(table))


def outputs_standings(
    folder: str | Path,
    state: InviteState | None,
    table: Loaded | LoadedMeetings | None = None,
    contacts: str | Path | None = None,
    settled: bool = True,
) -> Standings | None:
    """Where every invitee of the campaign in ``folder`` stands (:func:`outputs_answers`), or ``None``
    without a replies ledger or invites there (``settled``: :func:`standings`)."""
    root = Path(folder)
    ledger = root / LEDGER_NAME
    if not ledger.exists():
        return None
    if state is None:
        state = read_state(root / INVITES_DIR / STATE_NAME)
        if state is None:
            return None
    return standings(state, root / JOURNAL_NAME, ledger, table=table, contacts=contacts, settled=settled)
