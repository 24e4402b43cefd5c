"""The whole ``send`` flow as one library function: check everything, take the lock, then write and mail.

:func:`send_invites` is what the ``send`` command, the web app and anything
else that mails a campaign's invites calls; the command only prints what it
reports. The order is the promise (docs/promises.md):

1. **Check**, writing nothing: the request's own values, the table (a unit
   table or a meeting table: :mod:`scheduler.invites.campaigns`) and its
   rules, the contacts, the invites folder's state, that the timetable keeps
   every rule, and the export's cancellations (more than a few need
   ``allow_cancel``).
2. **Lock**: open the journal for this run (another run on it is refused; a
   damaged journal stops here). A dry run reads the journal as it stands, without
   its lock: it is neither refused while another run mails nor refuses one.
3. **Plan** against the journal, still writing nothing: what to send, each
   message composed (an invite that cannot be mailed safely is refused here,
   naming the unit), the invites held back because mail to their address
   bounced (``bounces``; ``allow_bounced`` mails them), the cancellations that
   would be mailed (more than a few need ``allow_cancel``).
4. **Write**: the invites folder brought up to date (all files or none); a dry
   run writes only its ``.eml`` files, never the folder (its ``state.json`` neither).
5. **Mail**, the journal written before and after each message; ``progress``
   hears of the plan first (:class:`Planned`: how many messages, which are
   cancellations) and then of each message (:class:`Delivered`).

Nothing is written before step 4, so any bad input leaves every file as it was. The project folder's
lock (:mod:`scheduler.files.folderlock`) is held from step 1 to the last message, whoever sends (the
command, the web page): another writer (``reschedule --out``, another page) is refused meanwhile, so no
unit is mailed a time the folder no longer holds. A dry run writes nothing there and takes no folder lock.

The password is asked before step 1, before any lock is taken, and only when the plan made against the
journal as it stands (read without its lock) sends something: a clerk who leaves the prompt open keeps no
other writer out (QA review17b F1).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path

from scheduler.errors import InputError
from scheduler.files.addresses import AddressError, check_address, shown_address, visible
from scheduler.files.atomic import check_folder, write_files
from scheduler.files.folderlock import beside, folders_locked
from scheduler.files.load import Loaded
from scheduler.files.meeting_files import LoadedMeetings
from scheduler.files.now import given_now, now_utc, planning_now
from scheduler.invites.calendar import Export, all_started
from scheduler.invites.campaigns import export_either
from scheduler.invites.changes import ZoneChange
from scheduler.invites.guard import TooManyCancellations, cancel_limit
from scheduler.mail.batch import NOT_ATTEMPTED, Heeding, Interrupted, Outcome, Retry, Retrying, deliver, heeding_sleep
from scheduler.mail.campaign import files_to_refresh, invites_folder, journal_path, prepare_batch
from scheduler.mail.journal import DEFERRED, FAILED, INTERRUPTED, REMIND, SENT, History, Journal, read_history
from scheduler.mail.message import MAILED, Mail
from scheduler.mail.plan import (
    ALREADY,
    BOUNCED,
    BOUNCED_CANCEL,
    NEVER_SENT,
    NO_ADDRESS,
    NOT_INVITED,
    PAST,
    SEND,
    Bounced,
    Step,
)
from scheduler.mail.server import Secret, Server
from scheduler.mail.smtp import LOGIN_REFUSED, SmtpTransport, Transport
from scheduler.text.messages import Message, worded
from scheduler.text.times import format_time

Bounces = Callable[[Export, History], Mapping[str, Bounced]]
Delegating = Callable[[Path, History], Mapping[tuple[str, str], str] | None]
"""Who handed which meeting on to whom (meeting UID, participant -> the delegate's address), given the
invites folder and the journal: :func:`scheduler.replies.delegations.campaign_delegations` reads it from the
replies ledger; ``None``: the delegates the last export wrote, kept."""
"""The invites whose address bounced and still is the invitee's (journal key -> the bounce), judged against
the export about to be mailed and the journal: :func:`scheduler.replies.bounces.campaign_bounces` reads them
from the replies ledger."""


@dataclass(frozen=True)
class SendRequest:
    """What to mail and how: the ``send`` command's options as values.

    ``table`` is the timetable (its rules file beside it unless ``rules``);
    ``invites`` defaults to ``invites/`` beside it and ``journal`` to
    ``mail-journal.jsonl`` beside it. ``server`` is needed unless ``dry_run``
    names a folder for the ``.eml`` files. ``password`` is called once, only
    when there is something to send and ``server.user`` is set (a prompt, a
    keyring, the web app's form). ``envelope_from``: the mailbox that sends
    (``--from``). ``allow_cancel``: go ahead even when more than a few invites
    would be cancelled (see :mod:`scheduler.invites.guard`). ``bounces``: which
    invites' addresses bounced (the command and the web app pass
    :func:`scheduler.replies.bounces.campaign_bounces`, the replies ledger);
    those are not mailed and not journaled, and the report names them. Without
    it nothing is held back. ``allow_bounced``: mail them all the same
    (``--allow-bounced``: the office knows the mailbox works again); their journal
    lines say so (``allow_bounced``), which ends those bounces for later runs.
    """

    table: str | Path
    rules: str | Path | None = None
    contacts: str | Path | None = None
    invites: str | Path | None = None
    journal: str | Path | None = None
    server: Server | None = None
    password: Callable[[], Secret] | None = field(default=None, repr=False)
    dry_run: str | Path | None = None
    only_changed: bool = False
    envelope_from: str | None = None
    allow_cancel: bool = False
    bounces: Bounces | None = field(default=None, repr=False)
    allow_bounced: bool = False
    allow_zone_change: bool = False
    """Mail the updates that move only because the campaign's ``timezone`` changed since they were mailed
    (``--allow-zone-change``): without it such a sending is refused, naming the zones (QA qadst23 F1)."""
    writer: str = "send"
    """The name the folder's lock gives this sending (:mod:`scheduler.files.folderlock`), for another
    writer refused meanwhile: the command's, or ``serve-send`` (said 网页发送) for the web page's."""
    delegations: Delegating | None = field(default=None, repr=False)
    """Who handed which meeting on to whom (:data:`Delegating`): each delegate is added to the meeting's
    invites and mailed their copy once, through the journal like every copy (RFC 5546 3.2.2.3, docs/replies.md);
    ``None``: the delegates the last export wrote are kept, none added or taken back."""
    unchanged: Callable[[], object] | None = field(default=None, repr=False)
    """Called under the folders' locks before anything is read: raises (an :class:`InputError`) to refuse
    the sending when the files are no longer those the caller showed (the web app: the version its page
    showed, QA qaconc22 F2); ``None``: the files as they are."""
    sheet: str | None = None
    """The workbook sheet to read the table from (``--sheet``; default: the one whose header is a table's)."""
    check_copies: bool = False
    """Refuse the table when another copy of its timetable differs (:mod:`scheduler.files.copies`): the
    command line's default, which ``--allow-differing-copy`` turns off; the web app keeps its own folder."""
    now: datetime | None = None
    """The moment meetings are judged started against (``--now``); ``None``: ``$DOCKING_NOW``, else the
    clock (:func:`~scheduler.files.now.planning_now`). A meeting that has started is not mailed (its
    invitation, update or cancellation listed as past); a campaign all of whose meetings have started is
    refused in one line."""


@dataclass(frozen=True)
class Planned:
    """Everything is checked and the invites folder is up to date; nothing is mailed yet.

    ``export``: the invites as now on disk (``export.changed``: what this run
    changed in them; ``refreshed``: whether calendar files were rewritten, or, in a dry run, would be
    by a real run: the dry run writes nothing there, ``written`` is 0). ``steps``: the
    decision for each invite. ``mails``: how many messages go out now, of which
    ``cancellations`` (the units) are CANCELs. ``rebuilt``: why ``state.json`` was
    rebuilt from the invite files and the journal, if it was.
    """

    export: Export
    folder: Path
    refreshed: bool
    steps: tuple[Step, ...]
    mails: int
    cancellations: tuple[str, ...]
    journal: Path
    dry_run: Path | None = None
    rebuilt: Message | None = None
    table: Loaded | LoadedMeetings | None = None
    """The table as read: its rules and timetable (a meeting table's: who declined a time it keeps)."""
    written: int = 0
    """How many files of the invites folder this run wrote (the others held their bytes already)."""
    all_past: Message | None = None
    """A dry run of a timetable whose meetings have all started: the line saying its drafts are as they
    would have been mailed before the first meeting (a real send is refused)."""
    zone: ZoneChange | None = None
    """The updates mailed now that move only because the campaign's zone changed since they were mailed
    (a real send needs ``allow_zone_change``; a dry run drafts them, and the command says so)."""

    def units(self, action: str) -> tuple[str, ...]:
        """The units (a further address with it, :attr:`Invite.addressee`) whose step is ``action`` (``send``,
        ``already``, ``no-address``, ``bounced``...)."""
        return tuple(s.invite.addressee for s in self.steps if s.action == action)

    def unexplained(self) -> list[str]:
        """The units (people) of the updates mailed now whose time, room and address did not change
        (:func:`scheduler.invites.changes.unexplained`; none when no calendar file was rewritten): what
        an upgrade writing invites differently makes of every invite (QA qaupgrade17 F5). ``send`` and
        the page's preview warn of them before mailing."""
        from scheduler.invites.changes import unexplained

        if not self.refreshed:
            return []
        return unexplained(self.export, {s.invite.journal_key for s in self.steps if s.action == SEND})

    def past(self) -> list[Message]:
        """The meetings (each once, with its time) whose invitations, updates or cancellations are not
        mailed because they have started: ``审核一（12月1日 10:00）`` / ``Review (Dec 1 10:00)``."""
        shown: list[Message] = []
        for step in self.steps:
            if step.action == PAST:
                item = self.export.state.items.get(step.invite.uid)
                title = item.summary if item is not None else step.invite.unit
                when = format_time(step.invite.start.replace(tzinfo=None))
                said = Message("mail.aside", text=title, note=when)
                if said not in shown:
                    shown.append(said)
        return shown

    def never_sent_meetings(self) -> list[Message]:
        """A meeting table's invites ``--only-changed`` leaves because they were never mailed, one line per
        meeting with its people and what to do (QA qamonth21 F4: "participants never mailed" was said of
        people with many invites mailed, of a meeting added by ``reschedule --add``)."""
        meetings: dict[str, list[str]] = {}
        for step in self.steps:
            if step.action == NEVER_SENT:
                item = self.export.state.items.get(step.invite.uid)
                title = item.summary if item is not None else step.invite.unit
                meetings.setdefault(title, []).append(step.invite.addressee)
        return [
            Message("mail.summary.never_sent.meeting", meeting=title, count=len(who), units=who)
            for title, who in meetings.items()
        ]

    def bounced(self) -> list[Message]:
        """One line per unit (or person) held back because mail to its address bounced: the address, the
        status, and a person's meetings."""
        held: dict[tuple[str, Bounced], list[str]] = {}
        for step in self.steps:
            if step.action == BOUNCED and step.bounce is not None:
                item = self.export.state.items.get(step.invite.uid)
                meetings = held.setdefault((step.invite.unit, step.bounce), [])
                if step.invite.shared and item is not None:
                    meetings.append(item.summary)
        key = worded("mail.bounced", self.export.people)
        return [
            Message(key, unit=unit, address=by.address, status=by.status, advice=by.advice, meetings=list(meetings))
            for (unit, by), meetings in held.items()
        ]


@dataclass(frozen=True)
class Delivered:
    """One message's outcome; ``done`` of ``total`` messages of this run are through."""

    outcome: Outcome
    done: int
    total: int


@dataclass(frozen=True)
class Waiting:
    """A message about to be tried again (:class:`~scheduler.mail.batch.Retrying`), while ``done`` of
    ``total`` messages of this run are through."""

    retrying: Retrying
    done: int
    total: int

    def message(self) -> Message:
        """The line ``send`` prints for this pause, and the web page shows as its progress (``发送邀请 1/29：
        32 秒后重试（第 5/5 次）：区自然资源局 <…> 暂时失败（…）``): one sentence for both."""
        retrying = self.retrying
        address = shown_address(retrying.mail.recipient)
        return Message(
            _keyed("mail.retrying", retrying.mail.unit, address),
            number=self.done + 1,
            total=self.total,
            unit=retrying.mail.unit,
            address=address,
            reason=retrying.reason,
            seconds=f"{retrying.seconds:g}",
            attempt=retrying.attempt,
            retries=retrying.retries,
        )


@dataclass(frozen=True)
class Finishing:
    """Ctrl-C (or SIGTERM) came while message ``done + 1`` of ``total`` was being handed over: it is let
    finish and its answer recorded, then the run stops; a second Ctrl-C stops it at once
    (:func:`~scheduler.mail.batch.deliver`)."""

    mail: Mail
    done: int
    total: int

    def message(self) -> Message:
        """The line ``send`` prints at once, so a server slow to answer is not taken for a hung command."""
        address = shown_address(self.mail.recipient)
        key = _keyed("mail.finishing", self.mail.unit, address)
        return Message(key, number=self.done + 1, total=self.total, unit=self.mail.unit, address=address)


def _keyed(key: str, unit: str, address: str) -> str:
    """``key``, or its ``.bare`` form for a recipient named by their address alone (a delegate the people
    sheet does not list): the address said once, not ``delegate0@example.org <delegate0@example.org>``
    (QA qaint26 F6)."""
    return f"{key}.bare" if unit.strip().casefold() == address.strip().casefold() else key


Event = Planned | Delivered | Waiting | Finishing
"""What ``progress`` hears: the plan once, then each message, each pause before a retry, and a Ctrl-C
heard while a message is being handed over."""


NOT_BY_RUNNING_AGAIN = frozenset(
    {
        "mail.no_starttls",
        "mail.tls_failed",
        "mail.tls_expired",
        "mail.tls_wrong_name",
        "mail.tls_other_ca",
        "mail.tls_broken",
        "mail.not_implicit_tls",
        "mail.no_greeting",  # STARTTLS asked of an implicit-TLS port: the same again (QA qamail18 F14)
        "mail.needs_login",
        "mail.no_auth",
        "mail.no_common_login",
        "mail.unreachable",
        "mail.refused_content",  # a spam filter's verdict holds until the provider lifts it (QA qasmtp20 F2)
        LOGIN_REFUSED,
    }
)
"""Why a batch stops that running it again as it is will not mend (TLS refused, the login refused or
missing, a server name that does not exist): the messages left are counted without "run again", which
the line above them contradicts (QA crash 3); the stop's own line says what to change."""


class Outcomes:
    """What a run's messages became, and the lines that say it: shared by :class:`SendReport` and the
    reminders' report (:class:`scheduler.replies.reminders.RemindReport`), which both hold ``outcomes``,
    ``stopped`` (why the batch stopped early) and ``interrupted`` (stopped from outside: Ctrl-C, SIGTERM),
    with ``cut``, the outcome of the message in flight then (:attr:`scheduler.mail.batch.Batch.cut`).
    """

    outcomes: tuple[Outcome, ...]
    stopped: Message | None
    interrupted: bool
    cut: Outcome | None

    def _units(self, *states: str, doubt: bool | None = None) -> tuple[str, ...]:
        return tuple(o.mail.named for o in self.outcomes if o.state in states and (doubt is None or o.doubt == doubt))

    def count(self, state: str) -> int:
        return sum(1 for o in self.outcomes if o.state == state)

    @property
    def failed(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.state == FAILED)

    @property
    def deferred(self) -> tuple[str, ...]:
        """Units whose recipient's server put the message off (greylisting): the next run sends them."""
        return self._units(DEFERRED)

    @property
    def not_attempted(self) -> tuple[str, ...]:
        """Units whose message this run did not deliver because it stopped first (or while delivering it,
        before the server could have it). A message in doubt (the server may have it) is :attr:`unconfirmed`
        only: counted in both, "未尝试 24" and the doubt's line did not add up (QA qaupgrade17 F7)."""
        return tuple(
            o.mail.named for o in self.outcomes if o.state == NOT_ATTEMPTED or (o.state == INTERRUPTED and not o.doubt)
        )

    @property
    def possible_duplicates(self) -> tuple[str | Message, ...]:
        """Units sent in this run whose message may have reached them before (same Message-ID); in a
        meeting campaign each person with the meeting, its title and time (a person has several: the
        office must know which invite may have come twice, QA crash 4)."""
        return self._named(o for o in self.outcomes if o.state == SENT and o.doubt)

    def _named(self, outcomes: Iterable[Outcome], address: bool = True) -> tuple[str | Message, ...]:
        """Each outcome's addressee as every line about it names it: in a meeting campaign the person with
        the meeting, its title and time (``李科长（答疑会 7月15日 16:00）``: a person has several invites, and
        the office must know which one failed, may have come twice or may have arrived, QA crash 4, QA
        qasmtp20 F1); otherwise the unit, with a further address's own (``address=False``: without it, for a
        line that shows the address anyway)."""
        titles = self._titles()
        named: list[str | Message] = []
        for outcome in outcomes:
            title = titles.get(outcome.mail.uid)
            if title is None:
                named.append(outcome.mail.named if address else outcome.mail.unit)
                continue
            with contextlib.suppress(ValueError):
                title = f"{title} {format_time(datetime.fromisoformat(outcome.mail.start))}"
            named.append(Message("mail.aside", text=outcome.mail.unit, note=title))
        return tuple(named)

    def _titles(self) -> Mapping[str, str]:
        """The meeting of each invite (by UID) where one person has several (a meeting campaign); none here."""
        return {}

    @property
    def unconfirmed(self) -> tuple[str | Message, ...]:
        """Units whose message may have arrived although this run could not confirm it."""
        return self._named(o for o in self.outcomes if o.state in (FAILED, INTERRUPTED) and o.doubt)

    @property
    def ok(self) -> bool:
        return self.stopped is None and not self.interrupted and all(o.state == SENT for o in self.outcomes)

    def problems(self) -> list[tuple[Message, bool]]:
        """The lines before the summary: each failure with the server's answer, why the batch stopped, an
        interruption (all problems: ``True``)."""
        out: list[tuple[Message, bool]] = []
        too_big = [o for o in self.failed if o.reason is not None and o.reason.key == "mail.too_big"]
        for outcome, named in zip(self.failed, self._named(self.failed, address=False), strict=True):
            if outcome in too_big:
                continue
            reason = outcome.reason or Message("mail.server_reply", reply=outcome.reply)
            address = shown_address(outcome.mail.recipient)  # as the contacts wrote it, not the wire's xn--
            key = _keyed("mail.failed", outcome.mail.unit, address)
            message = Message(key, unit=named, address=address, reason=reason)
            out.append((message, True))
        if too_big:  # one line, not one per message: the server's limit is the same for all (QA qasmtp20 F5)
            sizes = [int(o.reason.params["size"]) for o in too_big if o.reason is not None]
            limit = too_big[0].reason.params["limit"] if too_big[0].reason is not None else 0
            units = list(self._named(too_big))
            said = {"count": len(too_big), "smallest": min(sizes), "largest": max(sizes), "limit": limit}
            out.append((Message("mail.too_big_units", units=units, **said), True))
        if self.stopped is not None:
            out.append((self.stopped, True))
        if self.interrupted:
            out.append((Message(self._interruption()), True))
        return out

    def _interruption(self) -> str:
        """The key of the line that says where the interruption came: every message dealt with first;
        between two messages (or before the one in hand reached the server); the message in flight finished
        and recorded (a single Ctrl-C waits for it); cut short (a second one), after its content had gone
        out (it may have arrived) or before."""
        if not self.not_attempted and not self.unconfirmed:
            return "mail.interrupted_done"
        cut = self.cut
        if cut is None or cut.state == NOT_ATTEMPTED:
            return "safety.interrupted"
        if cut.state != INTERRUPTED:
            return "safety.interrupted_finished"
        return "safety.interrupted_cut_out" if cut.doubt else "safety.interrupted_cut"

    def aftermath(self) -> list[tuple[Message, bool]]:
        """The lines after the summary: how many were not attempted, the copies sent again after a doubt,
        and the messages that may have arrived unconfirmed (``True`` marks a problem)."""
        out: list[tuple[Message, bool]] = []
        if self.deferred:
            units: list[str | Message] = list(self.deferred)  # named, as failures and doubts are (QA qamail18 F16)
            out.append((Message("mail.summary.deferred", count=len(self.deferred), units=units), False))
        if self.not_attempted:
            stuck = self.stopped is not None and self.stopped.key in NOT_BY_RUNNING_AGAIN and not self.interrupted
            key = "mail.summary.not_attempted_held" if stuck else "mail.summary.not_attempted"
            out.append((Message(key, count=len(self.not_attempted)), False))
        if self.possible_duplicates:
            units = list(self.possible_duplicates)
            # a reminder is a plain letter: no calendar merges its two copies (QA qamail18 F11)
            doubted = [o.mail.method for o in self.outcomes if o.state == SENT and o.doubt]
            key = "mail.summary.resent_reminders" if all(m == REMIND for m in doubted) else "mail.summary.resent"
            out.append((Message(key, count=len(self.possible_duplicates), units=units), False))
        if self.unconfirmed:
            units = list(self.unconfirmed)
            out.append((Message("safety.unconfirmed", count=len(self.unconfirmed), units=units), True))
        return out


@dataclass(frozen=True)
class SendReport(Outcomes):
    """What a run did: the plan, each message's outcome, and why it stopped early if it did.

    ``interrupted``: stopped from outside (Ctrl-C, SIGTERM); the journal says
    which message was in flight, ``cut`` what became of it. ``ok``: every planned message was sent.
    """

    plan: Planned
    outcomes: tuple[Outcome, ...] = ()
    stopped: Message | None = None
    interrupted: bool = False
    cut: Outcome | None = None

    @property
    def sent(self) -> tuple[str, ...]:
        return self._units(SENT)

    def _titles(self) -> Mapping[str, str]:
        export = self.plan.export
        if not export.people:
            return {}
        items = export.state.items
        return {i.journal_key: items[i.uid].summary for i in export.invites if i.uid in items}

    def notices(self) -> list[tuple[Message, bool]]:
        """The end of a run as messages, in order; ``True`` marks a problem (the CLI writes those to stderr)."""
        plan = self.plan
        out: list[tuple[Message, bool]] = []
        if plan.dry_run is not None:
            counts = {"already": len(plan.units(ALREADY)), "no_address": len(plan.units(NO_ADDRESS))}
            out.append((Message("mail.dry_summary", count=plan.mails, **counts), False))
            out.extend(_skipped(plan))
            out.append((Message("mail.dry_run", count=plan.mails, path=plan.dry_run), False))
            return out
        out.extend(self.problems())
        summary = Message(
            "mail.summary",
            sent=len(self.sent),
            already=len(plan.units(ALREADY)),
            no_address=len(plan.units(NO_ADDRESS)),
            failed=len(self.failed),
        )
        out.append((summary, False))
        out.extend(self.aftermath())
        out.extend(_skipped(plan))
        out.extend(journal_notice(plan.journal))
        return out


class SendInterrupted(KeyboardInterrupt):
    """Ctrl-C (or SIGTERM) while mailing: ``report`` says what was done; the journal says it too."""

    def __init__(self, report: SendReport) -> None:
        super().__init__("interrupted")
        self.report = report


def journal_notice(path: Path | None) -> list[tuple[Message, bool]]:
    """A summary's last line, naming the journal; none when there is no journal to name (a run stopped
    before its first line, by a refused login or a server that cannot be reached, leaves none)."""
    return [(Message("mail.journal", path=path), False)] if path is not None and path.exists() else []


def _skipped(plan: Planned) -> list[tuple[Message, bool]]:
    out: list[tuple[Message, bool]] = []
    for action, key in (
        (NO_ADDRESS, "mail.no_address_units"),
        (NEVER_SENT, "mail.summary.never_sent"),
        (NOT_INVITED, "mail.summary.not_invited"),
        (BOUNCED_CANCEL, "mail.summary.bounced_cancel"),
    ):
        if action == NEVER_SENT and plan.export.people:  # by meeting: its people had other invites
            out.extend((message, False) for message in plan.never_sent_meetings())
            continue
        units = tuple(dict.fromkeys(plan.units(action)))  # a meeting table's person once, however many meetings
        if units:
            message = Message(worded(key, plan.export.people), count=len(units), units=list(units))
            out.append((message, action == NO_ADDRESS))
    out.extend((message, True) for message in plan.bounced())
    past = plan.past()
    if past:
        out.append((Message("mail.summary.past", count=len(past), meetings=past), False))
        changed = [s.invite.unit for s in plan.steps if s.action == PAST and s.updated]
        if changed:  # decided: not mailed, as the rest of a started meeting; said, so the office tells them
            told = list(dict.fromkeys(changed))
            key = worded("mail.summary.past_changed", plan.export.people)
            out.append((Message(key, count=len(told), units=told), False))
    if plan.all_past is not None:
        out.append((plan.all_past, False))
    return out


@dataclass(frozen=True)
class _Checked:
    export: Export
    folder: Path
    journal: Path
    dry_run: Path | None
    envelope_from: str | None
    rebuilt: Message | None = None
    table: Loaded | LoadedMeetings | None = None


def check_request(request: SendRequest) -> _Checked:
    """Step 1: every input read and checked, the invites exported in memory; nothing written."""
    if request.server is None and request.dry_run is None:
        raise InputError(Message("mail.no_host"), column="--smtp-host")
    envelope_from = None
    if request.envelope_from is not None:
        try:
            envelope_from = check_address(request.envelope_from)
        except AddressError as exc:
            reason = Message(exc.reason)
            message = Message("input.bad_address", value=visible(request.envelope_from), reason=reason)
            raise InputError(message, column="--from") from exc
    table = Path(request.table)
    folder = Path(request.invites) if request.invites is not None else invites_folder(table)
    journal = Path(request.journal) if request.journal is not None else journal_path(table)
    dry_run = Path(request.dry_run) if request.dry_run is not None else None
    for target, option in ((folder, "--invites"), (dry_run, "--dry-run")):
        if target is not None:
            check_folder(target, option)
    history = read_history(journal)  # read again under the lock before anything is planned
    mailed = history.mailed()
    delegations = request.delegations(folder, history) if request.delegations is not None else None
    made = export_either(
        table,
        request.rules,
        folder,
        request.contacts,
        request.allow_cancel,
        mailed=mailed,
        sheet=request.sheet,
        copies=request.check_copies,
        delegations=delegations,
    )
    return _Checked(made.export, folder, journal, dry_run, envelope_from, made.rebuilt, made.loaded)


def _not_all_past(made: Export, history: History, now: datetime, dry_run: bool) -> tuple[datetime, Message | None]:
    """Refuse, in one line, a campaign whose every mailed meeting has started by ``now``: nothing of it is
    to be mailed, and such a table is usually one of another year, or the rules' ``year`` is missing.

    A dry run is not refused (it mails nothing, and the first hour's tutorial drafts the 2021 notice's
    messages): it drafts every message as it would be mailed before the first meeting, and returns that
    moment with the line saying so; otherwise ``now`` and no line.

    Invites written or mailed before and changed since (a deadline moved after the meetings, review14 F12) are not
    mailed either (decided: send mails nothing about a meeting that has started), and the line says
    so plainly, how many, rather than "nothing to mail": the units are to be told another way."""
    mailed = [i for i in made.invites if i.method in MAILED]
    started = all_started(mailed, now)
    if started is None:
        return now, None
    first, said = started
    if dry_run:
        return first - timedelta(seconds=1), Message("send.all_past_drafted", **said)
    # written before, or mailed; a cancellation is no change to tell: the meeting was held (QA qareuse22 F3)
    changed = [i for i in mailed if (history.last_sent(i.journal_key) or 0) < i.sequence and i.method != "CANCEL"]
    if changed:
        key = worded("send.all_past_changed", made.people)
        raise InputError(Message(key, count=len(changed), **said), column="--now")
    raise InputError(Message("send.all_past", **said), column="--now")


def _zone_consent(steps: Sequence[Step], request: SendRequest, dry_run: bool) -> ZoneChange | None:
    """The updates this run would mail whose earlier message gave their time in another zone than the
    campaign's now (:func:`scheduler.invites.changes.zone_changed`): a ``timezone`` changed in the rules
    (corrected, or mistyped as another valid zone) re-mails the whole campaign, every meeting at another
    instant. Refused without ``allow_zone_change`` (the house rule: what would undo much of what was sent
    asks for an explicit option); a dry run drafts them."""
    from scheduler.invites.changes import zone_changed

    found = zone_changed((s.invite, s.before) for s in steps if s.action == SEND and s.before is not None)
    if found is not None and not request.allow_zone_change and not dry_run:
        raise InputError(found.message("send.zone_changed"), str(request.table))
    return found


def _mailed_cancellations(steps: Sequence[Step], history: History, request: SendRequest, path: str) -> list[str]:
    """The addressees this run would mail a CANCEL; more than the limit without ``allow_cancel`` is refused.

    A unit campaign counts units, as the export's guard does: a unit's several addresses are one
    withdrawal, and the units mailed are the units (QA qamail18 F5: one unit of four people needed the
    flag, "已发出邀请的单位 32 个" of 29). A meeting campaign counts each participant's copy."""
    cancels = [s.invite.addressee for s in steps if s.action == SEND and s.invite.method == "CANCEL"]
    people = any(s.invite.shared for s in steps)
    mailed = len(
        {s.invite.journal_key if people else s.invite.unit for s in steps if history.maybe_sent(s.invite.journal_key)}
    )
    withdrawn = list(dict.fromkeys(s.invite.unit for s in steps if s.action == SEND and s.invite.method == "CANCEL"))
    named = cancels if people else withdrawn
    if not request.allow_cancel and len(named) > cancel_limit(mailed):
        raise TooManyCancellations(named, mailed, path, mailing=True, people=people)
    return cancels


def send_invites(
    request: SendRequest,
    progress: Callable[[Event], None] | None = None,
    *,
    transport: Transport | None = None,
    retry: Retry | None = None,
    sleep: Callable[[float], None] | None = None,
    now: datetime | None = None,
    stop: threading.Event | None = None,
) -> SendReport:
    """Mail each unit its invite exactly once (see the module docstring for the order of the steps).

    Raises :class:`~scheduler.errors.InputError` (bad input: nothing written),
    :class:`~scheduler.errors.BrokenRules` (the timetable breaks rules: nothing
    written) or :class:`SendInterrupted` (Ctrl-C while mailing, with the report).
    ``transport``, ``retry`` and ``sleep`` replace the SMTP connection, the retry
    policy and the backoff's sleep (tests, a web app's cancel button). ``stop``, set from another thread
    (the web app's server stopping), ends the run as Ctrl-C does, :class:`SendInterrupted`, but only
    between messages or in a retry's wait: the message being handed over is finished first
    (:class:`~scheduler.mail.batch.Heeding`).
    """
    request = _asked_first(request, now)  # the password before any lock: a prompt left open holds none
    locked = _refreshed(request) if request.dry_run is None else []  # a dry run only reads: no folder lock
    with folders_locked(locked, request.writer):  # from the first read to the last message
        if request.unchanged is not None:
            request.unchanged()
        checked = check_request(request)
        return _send_checked(request, checked, progress, transport, retry, sleep, now, stop)


def _asked_first(request: SendRequest, now: datetime | None) -> SendRequest:
    """``request`` with its password asked now, before the folder's and the journal's locks are taken, when
    a look at the journal as it stands (no lock) finds something to mail: a clerk who leaves the prompt open
    blocks no other writer (QA review17b F1). The plan is made again under the locks; a password asked and
    then not needed (another send mailed meanwhile) is not used."""
    server = request.server
    if request.dry_run is not None or server is None or not server.user or request.password is None:
        return request
    checked = check_request(request)
    _steps, mails, _past = _planned(request, checked, read_history(checked.journal), now)
    if not mails:
        return request
    given = request.password()
    return replace(request, password=lambda: given)


def _planned(
    request: SendRequest, checked: _Checked, history: History, now: datetime | None
) -> tuple[list[Step], list[Mail], Message | None]:
    """The steps and the messages to send against ``history``, and the line saying every meeting is past."""
    made = checked.export
    bounced = None if request.bounces is None else request.bounces(made, history)
    now_given = request.now or planning_now()
    clock, all_past = _not_all_past(made, history, now_given, checked.dry_run is not None)
    steps, mails = prepare_batch(
        made.invites,
        history,
        now or now_utc(),
        request.only_changed,
        checked.envelope_from,
        bounced,
        request.allow_bounced,
        clock,
    )
    return steps, mails, all_past


def _refreshed(request: SendRequest) -> list[str | Path]:
    """The folders a send reads its table from and refreshes its invites in, locked until its last message
    is through (:mod:`scheduler.files.folderlock`): the web app's sending as the command's. Let go once the
    invites were refreshed, a ``reschedule --out`` run meanwhile was saved while the units it moved were
    mailed their old time, unsaid (QA qaupgrade17 F3)."""
    table = Path(request.table)
    invites = Path(request.invites) if request.invites is not None else invites_folder(table)
    return [*beside(table), *([invites] if invites.is_dir() else [])]


# Long: the steps of one mailing (plan, journal, deliver, report) in the order the module text gives,
# each telling progress; split, the reader would lose the order that makes it exactly-once.
def _send_checked(
    request: SendRequest,
    checked: _Checked,
    progress: Callable[[Event], None] | None,
    transport: Transport | None,
    retry: Retry | None,
    sleep: Callable[[float], None] | None,
    now: datetime | None,
    stop: threading.Event | None = None,
) -> SendReport:
    """:func:`send_invites` once the request is checked, under the folders' locks and then the journal's."""
    made = checked.export
    with Journal(checked.journal, readonly=checked.dry_run is not None, at=given_now(request.now)) as journal:
        steps, mails, all_past = _planned(request, checked, journal.history, now)
        cancels = _mailed_cancellations(steps, journal.history, request, str(request.table))
        zone = _zone_consent(steps, request, checked.dry_run is not None)
        server = request.server
        if mails and server is not None and server.user and request.password is not None and not checked.dry_run:
            server = replace(server, password=request.password())
        files, changed = files_to_refresh(checked.folder, made)
        if (
            checked.dry_run is not None
        ):  # a preview writes nothing of the folder, state.json neither (QA qaupgrade17 F1)
            files = {}
        if files:
            write_files(checked.folder, files)
        plan = Planned(
            export=made,
            folder=checked.folder,
            refreshed=changed,
            steps=tuple(steps),
            mails=len(mails),
            cancellations=tuple(cancels),
            journal=checked.journal,
            dry_run=checked.dry_run,
            rebuilt=checked.rebuilt,
            table=checked.table,
            written=len(files),
            all_past=all_past,
            zone=zone,
        )
        if checked.dry_run is not None:
            write_files(checked.dry_run, {mail.eml_name: mail.data for mail in mails})
            if progress is not None:
                progress(plan)
            return SendReport(plan)
        if progress is not None:
            progress(plan)
        if not mails:
            return SendReport(plan)
        assert server is not None
        done = 0

        def heard(outcome: Outcome) -> None:
            nonlocal done
            done += 1
            if progress is not None:
                progress(Delivered(outcome, done, len(mails)))

        def paused(retrying: Retrying) -> None:
            if progress is not None:
                progress(Waiting(retrying, done, len(mails)))

        def holding(mail: Mail) -> None:
            if progress is not None:
                progress(Finishing(mail, done, len(mails)))

        try:
            transport = transport or SmtpTransport(server)
            if stop is not None:
                transport, sleep = Heeding(transport, stop), heeding_sleep(stop)
            batch = deliver(mails, journal, transport, retry, sleep, heard, paused, holding)
        except Interrupted as exc:
            report = SendReport(plan, tuple(exc.batch.outcomes), exc.batch.stopped, True, exc.batch.cut)
            raise SendInterrupted(report) from None
    return SendReport(plan, tuple(batch.outcomes), batch.stopped)


__all__ = [
    "Bounces",
    "Delivered",
    "Event",
    "Finishing",
    "Outcomes",
    "Planned",
    "SendInterrupted",
    "SendReport",
    "SendRequest",
    "Waiting",
    "check_request",
    "journal_notice",
    "send_invites",
]
