"""``send --remind`` as one library function: check everything, take the journal's lock, plan, then mail.

The reminders go through the same journal as the invites (method ``REMIND``,
keyed by what they remind of): each is mailed exactly once, and a run that
stopped halfway is resumed by running it again. Reminders never change the
invites: a unit whose invite the current timetable changes (not mailed yet)
is left out until ``send`` mails the update. docs/replies.md explains when each
kind is due.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from scheduler.errors import InputError
from scheduler.files.addresses import AddressError, check_address, visible
from scheduler.files.atomic import write_files
from scheduler.files.folderlock import beside, folders_locked
from scheduler.files.now import given_now, planning_now
from scheduler.invites.campaigns import export_either, listed_delegates
from scheduler.invites.folder import read_invites
from scheduler.invites.reminder_settings import reminder_settings
from scheduler.invites.state import STATE_NAME, read_state
from scheduler.mail.batch import Interrupted, Outcome, deliver
from scheduler.mail.campaign import invites_folder, journal_path
from scheduler.mail.flow import Outcomes
from scheduler.mail.journal import SENT, History, Journal, read_history
from scheduler.mail.message import Mail
from scheduler.mail.server import Secret, Server
from scheduler.mail.smtp import SmtpTransport, Transport
from scheduler.replies.ledger import ledger_path, read_settled
from scheduler.replies.remind import Due, Skipped, compose_reminder, due_reminders
from scheduler.replies.standing import invitees, judge
from scheduler.text.messages import Message


@dataclass(frozen=True)
class RemindRequest:
    """What ``send --remind`` was asked: the campaign's files, the server, and the clock.

    ``password`` is called once, only when there is a reminder to mail and
    ``server.user`` is set. ``now`` is the moment reminders are judged due against (``--now``); ``None``:
    ``$DOCKING_NOW``, else the clock (:func:`~scheduler.files.now.planning_now`, the one ``send``
    judges started meetings by). ``dry_run``: write the messages as ``.eml`` files
    there instead of mailing them (the journal is only read).
    """

    table: str | Path
    rules: str | Path | None = None
    contacts: str | Path | None = None
    invites: str | Path | None = None
    journal: str | Path | None = None
    ledger: str | Path | None = None
    server: Server | None = None
    password: Callable[[], Secret] | None = field(default=None, repr=False)
    dry_run: str | Path | None = None
    envelope_from: str | None = None
    now: datetime | None = None
    sheet: str | None = None
    """The workbook sheet to read the table from (``--sheet``)."""
    check_copies: bool = False
    """Refuse the table when another copy of its timetable differs (:mod:`scheduler.files.copies`)."""


@dataclass(frozen=True)
class RemindReport(Outcomes):
    """What a run did: the reminders due, the units left out (and why), the messages and their outcomes.

    What the outcomes say (failed, not attempted, possible duplicates, unconfirmed, ``ok``) and the
    lines that say it are :class:`~scheduler.mail.flow.Outcomes`', as for invites.
    """

    due: tuple[Due, ...]
    skipped: tuple[Skipped, ...]
    mails: tuple[Mail, ...]
    outcomes: tuple[Outcome, ...] = ()
    stopped: Message | None = None
    journal: Path | None = None
    dry_run: Path | None = None
    interrupted: bool = False
    cut: Outcome | None = None

    @property
    def sent(self) -> tuple[Mail, ...]:
        """The reminders sent (their messages: :func:`kinds` counts them by kind)."""
        return tuple(o.mail for o in self.outcomes if o.state == SENT)


def _plan(
    request: RemindRequest, history: History, now: datetime, envelope_from: str | None
) -> tuple[list[Due], list[Skipped], list[Mail]]:
    """Everything checked and composed, nothing written: the reminders due now and their messages."""
    folder = Path(request.invites) if request.invites else invites_folder(request.table)
    made = export_either(
        request.table,
        request.rules,
        folder,
        request.contacts,
        now=now,
        check=False,
        sheet=request.sheet,
        copies=request.check_copies,
        then="read",  # reminders leave the copies as they are
    )
    settings = reminder_settings(made.rules)
    state = read_state(folder / STATE_NAME)
    if state is None:
        raise InputError(Message("replies.no_invites"), str(folder / STATE_NAME))
    invites = read_invites(folder)
    changing = frozenset(i.journal_key for i in made.export.changed)
    journal = Path(request.journal) if request.journal else journal_path(request.table)
    ledger = Path(request.ledger) if request.ledger else ledger_path(journal)
    delegates = listed_delegates(made.loaded, request.contacts)  # as `replies` weighs them
    standings = judge(invitees(state, history, delegates), read_settled(ledger).mails)  # not mid-reading (F7)
    zone = ZoneInfo(made.timezone)
    away = _away(made.loaded, invites, state)
    due, skipped = due_reminders(invites, state, history, standings, settings, now, zone, changing, away)
    mails = [compose_reminder(d, now, zone, envelope_from) for d in due]
    return due, skipped, mails


def _away(loaded: Any, invites: Sequence[Any], state: Any) -> frozenset[str]:
    """The journal keys of a meeting table's copies whose participant the rules make unavailable for the
    whole meeting (:func:`scheduler.meetings.missed.unavailable_throughout`); none for a unit table."""
    from scheduler.files.meeting_files import LoadedMeetings
    from scheduler.meetings.missed import unavailable_throughout

    if not isinstance(loaded, LoadedMeetings) or loaded.plan is None:
        return frozenset()
    pairs = unavailable_throughout(loaded.problem, loaded.plan)
    if not pairs:
        return frozenset()
    titles = {uid: item.summary for uid, item in state.items.items()}
    return frozenset(i.journal_key for i in invites if i.shared and (i.unit, titles.get(i.uid, "")) in pairs)


def _asked_first(request: RemindRequest, journal: Path, now: datetime, envelope_from: str | None) -> RemindRequest:
    """``request`` with its password asked now, before the folder's and the journal's locks are taken, when
    the journal as it stands (read without a lock) leaves a reminder to mail: a prompt left open holds no
    lock (QA review17b F1, as :func:`scheduler.mail.flow.send_invites`). Planned again under the locks."""
    server = request.server
    if server is None or not server.user or request.password is None or server.password is not None:
        return request
    if not _plan(request, read_history(journal), now, envelope_from)[2]:
        return request
    given = request.password()
    return replace(request, password=lambda: given)


def send_reminders(
    request: RemindRequest,
    progress: Callable[[Outcome], None] | None = None,
    *,
    transport: Transport | None = None,
) -> RemindReport:
    """Mail the reminders due now, each exactly once (the journal), or write them out for a dry run.

    Raises :class:`~scheduler.errors.InputError` for bad input (nothing written
    or sent). Ctrl-C while mailing is recorded in the journal (as for invites)
    and returns the report with ``interrupted`` set.
    """
    if request.server is None and request.dry_run is None:
        raise InputError(Message("mail.no_host"), column="--smtp-host")
    envelope_from = None
    if request.envelope_from is not None:
        try:
            envelope_from = check_address(request.envelope_from)
        except AddressError as exc:
            message = Message("input.bad_address", value=visible(request.envelope_from), reason=Message(exc.reason))
            raise InputError(message, column="--from") from exc
    now = request.now or planning_now()
    journal_at = Path(request.journal) if request.journal else journal_path(request.table)
    dry_run = Path(request.dry_run) if request.dry_run is not None else None
    if dry_run is None:
        request = _asked_first(request, journal_at, now, envelope_from)
    locked = [] if dry_run is not None else [*beside(request.table), *([request.invites] if request.invites else [])]
    with (
        folders_locked(locked, "send"),
        Journal(journal_at, readonly=dry_run is not None, at=given_now(request.now)) as journal,
    ):
        due, skipped, mails = _plan(request, journal.history, now, envelope_from)
        report = RemindReport(tuple(due), tuple(skipped), tuple(mails), journal=journal_at, dry_run=dry_run)
        if dry_run is not None:
            write_files(dry_run, {m.eml_name: m.data for m in mails})
            return report
        if not mails:
            return report
        server = request.server
        assert server is not None
        if server.user and request.password is not None and server.password is None:
            server = replace(server, password=request.password())
        try:
            batch = deliver(mails, journal, transport or SmtpTransport(server), progress=progress)
        except Interrupted as exc:
            batch = exc.batch
            return replace(
                report, outcomes=tuple(batch.outcomes), stopped=batch.stopped, interrupted=True, cut=batch.cut
            )
    return replace(report, outcomes=tuple(batch.outcomes), stopped=batch.stopped)


def kinds(mails: Sequence[Mail]) -> dict[str, int]:
    """How many reminders of each kind (``answer``, ``meeting``, ``deadline``)."""
    from scheduler.replies.remind import counts

    return dict(counts(mails))
