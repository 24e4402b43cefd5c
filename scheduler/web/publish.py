"""Publishing from the page: the annex files, the invites as one zip, and mailing them with their journal.

Everything goes through the functions ``solve --out``, ``ics`` and ``send``
use, on the project folder: the invites are brought up to date in
``DIR/invites/`` (as ``ics`` would), the journal is ``DIR/mail-journal.jsonl``
(as ``send DIR/timetable.csv`` uses), so the command line can resume or check
what the page did. The SMTP password comes with one sending and goes with it:
it is kept in no file, no log, no page and no job's report.
"""

from __future__ import annotations

import contextlib
import email
import io
import json
import ssl
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from email import policy
from pathlib import Path
from typing import Any

from scheduler.errors import InputError
from scheduler.export.outputs import FORMATS, file_name
from scheduler.files.addresses import AddressError, check_address, visible
from scheduler.files.load import Loaded
from scheduler.files.meeting_files import LoadedMeetings
from scheduler.invites.calendar import Export
from scheduler.mail.journal import JOURNAL_NAME
from scheduler.rules.check import validate
from scheduler.text.messages import Message, worded
from scheduler.web.context import in_field
from scheduler.web.project import Snapshot
from scheduler.web.standing import journal_mailed

MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
}


def annex_file(snapshot: Snapshot, fmt: str, folder: Path) -> tuple[str, bytes]:
    """One published file of the project's timetable: ``timetable.<fmt>`` and its bytes, with the answers
    of the project's ``folder`` (the 答复 column and sheet, as ``solve --out`` writes them)."""
    from scheduler.web.project import project_files

    if fmt not in FORMATS:
        raise InputError(Message("output.unknown_format", value=fmt, known=", ".join(FORMATS)))
    return file_name(fmt), project_files(folder, snapshot, (fmt,))[file_name(fmt)]


def invites_dir(folder: Path) -> Path:
    from scheduler.invites.folder import INVITES_DIR

    return folder / INVITES_DIR


def same_campaign(folder: Path, loaded: Loaded | LoadedMeetings) -> None:
    """Refuse to open, in ``folder``, a table whose rules name another campaign than the one the folder's
    invites belong to (``serve TABLE --out`` refuses a folder holding another project): its invites,
    the zip and the sending would all be refused, with advice (another folder) the page cannot follow."""
    from scheduler.invites.campaigns import meeting_settings
    from scheduler.invites.settings import has_invites, invite_settings
    from scheduler.invites.state import STATE_NAME, DamagedState, read_state

    try:
        state = read_state(invites_dir(folder) / STATE_NAME)
    except (DamagedState, InputError):
        return  # rebuilt from the invite files when next published, as ``ics`` does
    rules_path: str | None
    if isinstance(loaded, LoadedMeetings):
        rules_path = loaded.rules_path
        campaign = meeting_settings(loaded).campaign if "invites" in loaded.rules else None
    else:
        rules_path = loaded.rules.path
        campaign = invite_settings(loaded.rules).campaign if has_invites(loaded.rules) else None
    if state is not None and campaign is not None and campaign != state.campaign:
        message = Message("web.other_campaign", folder=folder.as_posix(), old=state.campaign, new=campaign)
        raise InputError(message, rules_path, key="invites.campaign")


def current_invites(snapshot: Snapshot, folder: Path) -> Export:
    """The invites of the project's timetable against the folder's last export (nothing written).

    Refused, as ``ics`` refuses, when the rules set up no invites or the timetable breaks a rule.
    """
    from scheduler.files.load import check_unit_names
    from scheduler.invites.folder import export, read_sources
    from scheduler.invites.settings import has_invites

    loaded = snapshot.loaded
    if isinstance(loaded, LoadedMeetings):
        return _meeting_invites(loaded, folder, check=False)
    if not has_invites(loaded.rules):
        raise InputError(Message("web.no_invites"), loaded.rules.path)
    check_unit_names(loaded.table)
    report = validate(loaded.problem, loaded.timetable)
    if not report.ok:
        raise InputError(Message("web.invites_refused", count=len(report.violations), first=report.lines()[0]))
    sources = read_sources(loaded.rules, loaded.problem, invites_dir(folder), mailed=journal_mailed(folder))
    return export(sources, loaded.problem, loaded.timetable)


def refreshed_invites(snapshot: Snapshot, folder: Path, allow_cancel: bool = False) -> Export:
    """The invites brought up to date on disk (``DIR/invites/``), as ``ics`` does: more than a few
    new cancellations need ``allow_cancel`` (the page's box for ``--allow-cancel``)."""
    from scheduler.invites.guard import check_cancellations
    from scheduler.invites.state import STATE_NAME, read_state
    from scheduler.mail.campaign import refresh_invites

    loaded = snapshot.loaded
    if isinstance(loaded, LoadedMeetings):  # one file per meeting and participant (docs/meetings.md)
        made = _meeting_invites(loaded, folder, check=True, allow_cancel=allow_cancel)
        refresh_invites(invites_dir(folder), made)
        return made
    result = current_invites(snapshot, folder)
    state = read_state(invites_dir(folder) / STATE_NAME)
    check_cancellations(state, set(loaded.timetable.starts()), allow_cancel, loaded.table.path)
    refresh_invites(invites_dir(folder), result)
    return result


def _meeting_invites(loaded: LoadedMeetings, folder: Path, check: bool, allow_cancel: bool = False) -> Export:
    """A meeting project's invites against the folder's last export, refused (as ``ics`` refuses) without
    ``[invites]`` or when the timetable breaks a rule; with ``check``, more than a few cancellations too."""
    from scheduler.invites.campaigns import export_meetings
    from scheduler.meetings.check import check_meetings
    from scheduler.web.meeting_views import table_plan

    if "invites" not in loaded.rules:
        raise InputError(Message("web.no_invites"), loaded.rules_path)
    plan = table_plan(loaded)
    report = check_meetings(loaded.problem, plan, loaded.objective)
    if not report.ok:
        raise InputError(Message("web.invites_refused", count=len(report.violations), first=report.lines()[0]))
    from scheduler.mail.journal import JOURNAL_NAME
    from scheduler.replies.delegations import delegations_at

    mailed = journal_mailed(folder)
    handed = delegations_at(invites_dir(folder), folder / JOURNAL_NAME)  # as ics and send (docs/mail.md)
    made, _, _ = export_meetings(
        loaded, invites_dir(folder), plan, allow_cancel, check=check, mailed=mailed, delegations=handed
    )
    return made


def invites_zip(result: Export) -> bytes:
    """The calendar files of an export as one zip (names in UTF-8, as the invites folder holds them)."""
    from scheduler.invites.state import STATE_NAME

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in result.files().items():
            if name != STATE_NAME:
                archive.writestr(name, data)
    return buffer.getvalue()


def journal_at(folder: Path) -> Path:
    return folder / JOURNAL_NAME


# -- sending --------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)  # its own __repr__ (no password); none generated to be thrown away
class Sending:
    """One sending as the page asked for it. ``password`` lives as long as this object."""

    host: str
    port: int | None
    security: str
    user: str | None
    password: str | None
    envelope_from: str | None
    only_changed: bool
    context: ssl.SSLContext | None
    """The certificate checks (with the CA the form gave), as ``send --cafile`` makes them; ``None``: plain."""
    allow_cancel: bool = False
    allow_zone_change: bool = False
    """Mail the updates that move only because the rules' zone changed (``send --allow-zone-change``)."""
    own_ca: bool = False
    """The form gave a CA file (``context`` trusts it): a failed check says so (``Server.own_ca``)."""

    def __repr__(self) -> str:
        return f"Sending(host={self.host!r}, security={self.security!r}, user={self.user!r}, password='***')"


def read_sending(form: dict[str, Any], preview: bool = False) -> Sending:
    """The send form, checked with the CLI's messages, each naming the form's field as the page labels it."""
    from scheduler.mail.server import PLAIN, SSL, STARTTLS

    host = str(form.get("host") or "").strip()
    if not host and not preview:
        raise in_field(Message("web.no_host"), "ui.smtp_host")
    port_text = str(form.get("port") or "").strip()
    port = None
    if port_text:
        if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
            raise in_field(Message("web.bad_port", value=port_text), "ui.smtp_port")
        port = int(port_text)
    security = str(form.get("security") or STARTTLS)
    if security not in (STARTTLS, SSL, PLAIN):
        raise in_field(Message("web.bad_security"), "ui.security")
    sender = str(form.get("from") or "").strip() or None
    envelope_from = None
    if sender is not None:
        try:
            envelope_from = check_address(sender)
        except AddressError as exc:
            message = Message("input.bad_address", value=visible(sender), reason=Message(exc.reason))
            raise in_field(message, "ui.send_from") from exc
    user = str(form.get("user") or "").strip() or None
    password = form.get("password")
    ca_data, ca_name = _ca_file(form)
    context = None if security == PLAIN else ca_context(ca_data, ca_name)
    return Sending(
        host=host,
        port=port,
        security=security,
        user=user,
        password=str(password) if user and password is not None else None,
        envelope_from=envelope_from,
        only_changed=bool(form.get("only_changed")),
        context=context,
        own_ca=context is not None and ca_data is not None,
        allow_cancel=bool(form.get("allow_cancel")),
        allow_zone_change=bool(form.get("allow_zone_change")),
    )


def _ca_file(form: dict[str, Any]) -> tuple[bytes | None, str | None]:
    """The CA field's file: its bytes (``ca_file``, base64, as the page sends it; or ``ca``, PEM text)
    and its name as the user knows it (``ca_name``)."""
    import base64
    import binascii

    from scheduler.web.uploads import shown_name

    name = shown_name(str(form.get("ca_name") or "")) or None
    encoded = form.get("ca_file")
    if encoded:
        try:
            return base64.b64decode(str(encoded), validate=True), name
        except (binascii.Error, ValueError) as exc:
            raise InputError(Message("web.bad_request")) from exc
    text = str(form.get("ca") or "").strip()
    return (text.encode("utf-8") if text else None), name


def ca_context(data: bytes | None, name: str | None = None) -> ssl.SSLContext:
    """Certificate checks with the CA file ``data`` (none: the system's CAs), read as ``--cafile`` reads
    a file (:func:`scheduler.mail.tls.tls_context`, on the bytes written out); a file it cannot use gets
    the command's line, naming ``name`` and the page's field."""
    import tempfile

    from scheduler.mail.tls import tls_context

    if data is None:
        return tls_context(None)
    with tempfile.TemporaryDirectory(prefix="docking-ca-") as temp:
        path = Path(temp) / "ca.pem"
        path.write_bytes(data)
        try:
            return tls_context(path, column=None)
        except InputError as exc:  # named as the user knows the file, never by our temporary path
            raise in_field(exc.message, "ui.ca_file", path=name) from exc


def _request(
    folder: Path, sending: Sending, dry_run: Path | None = None, unchanged: Callable[[], object] | None = None
) -> Any:
    """The sending as the send flow's request, on the project's own table (its invites and journal beside it);
    ``unchanged``: the check, under the folder's lock, that the files are still the version the page showed."""
    from scheduler.export.outputs import TABLE_NAME
    from scheduler.mail.flow import SendRequest
    from scheduler.mail.server import Secret, Server
    from scheduler.replies.bounces import campaign_bounces
    from scheduler.replies.delegations import campaign_delegations

    server = None
    if dry_run is None:
        server = Server(
            sending.host, sending.port, sending.security, sending.user, None, sending.context, own_ca=sending.own_ca
        )
    password = sending.password

    def secret() -> Secret:
        return Secret(password or "")

    return SendRequest(
        table=folder / TABLE_NAME,
        server=server,
        password=secret if sending.user else None,
        dry_run=dry_run,
        only_changed=sending.only_changed,
        envelope_from=sending.envelope_from,
        allow_cancel=sending.allow_cancel,
        allow_zone_change=sending.allow_zone_change,
        bounces=campaign_bounces(folder / TABLE_NAME),
        delegations=campaign_delegations(folder / TABLE_NAME),
        unchanged=unchanged,
        writer="serve-send",
    )


def preview(folder: Path, sending: Sending) -> dict[str, Any]:
    """What a sending would mail now (the send flow's dry run): each message's unit, address, subject
    and text; who is skipped and why; and, for a meeting table, ``declined``: the line ``send`` prints for
    each meeting it would mail at a time a required participant declined
    (:func:`scheduler.replies.declined.before_mailing`); ``past``: the line saying every meeting has
    started (the sending would be refused), else ``None``; ``unexplained``: the line counting the
    updates whose time, room and address did not change (``send``'s own), else ``None``. Nothing of
    the project folder is written, as ``send --dry-run`` writes nothing there."""
    import tempfile

    from scheduler.mail.flow import send_invites
    from scheduler.mail.message import eml_name
    from scheduler.mail.plan import SEND

    with tempfile.TemporaryDirectory(prefix="docking-preview-") as temp:
        report = send_invites(_request(folder, sending, Path(temp)))
        declined = _declined(report.plan)
        mails = []
        for step in report.plan.steps:
            if step.action != SEND:
                continue
            message = email.message_from_bytes((Path(temp) / eml_name(step.invite)).read_bytes(), policy=policy.default)
            mails.append(
                {
                    "unit": step.invite.unit,
                    "to": str(message["To"]),
                    "subject": str(message["Subject"]),
                    "method": step.invite.method,
                    "text": _plain(message),
                }
            )
    return {
        "mails": mails,
        "skipped": [_skipped(s, report.plan.export) for s in report.plan.steps if s.action != SEND],
        "cancellations": list(report.plan.cancellations),
        "declined": declined,
        "past": _past(report.plan.all_past),
        "unexplained": _unexplained(report.plan.unexplained(), report.plan.export.people),
    }


def _unexplained(units: list[str], people: bool = False) -> Message | None:
    """The line ``send`` prints before mailing updates whose time, room and address did not change, in
    the page's words (the preview is the dry run the command's line points to), else ``None``; ``people``:
    a meeting table's, which names no deadlines."""
    return Message(worded("web.unexplained_updates", people), count=len(units), units=units) if units else None


def _past(line: Message | None) -> Message | None:
    """The dry run's line for a campaign whose every meeting has started (the sending will be refused), in
    the page's words (no ``--now`` here: the rules' year, or ``serve`` restarted with ``DOCKING_NOW``)."""
    return None if line is None else Message("web.all_past_drafted", **line.params)


def _skipped(step: Any, export: Any) -> dict[str, str]:
    """A copy not mailed: its unit (or person), a unit's further address with that address as ``send``'s
    lines name it (:attr:`Invite.addressee`: two rows of one unit were alike), why (``action``) and, a
    meeting's copy, the meeting's title (``meeting``; empty for a unit's invite): a person is in several
    meetings."""
    record = export.state.items.get(step.invite.uid) if step.invite.shared else None
    meeting = record.summary if record is not None else ""
    return {"unit": step.invite.addressee, "action": step.action, "meeting": meeting}


def _declined(plan: Any) -> list[Message]:
    """A meeting table's lines for the meetings mailed at a time a required participant declined, as
    ``send`` prints them (none for a unit table, or without a replies ledger beside the journal)."""
    from scheduler.files.meeting_files import LoadedMeetings

    if not isinstance(plan.table, LoadedMeetings):
        return []
    from scheduler.files.now import planning_now
    from scheduler.mail.plan import SEND
    from scheduler.replies.declined import before_mailing
    from scheduler.replies.ledger import ledger_path

    going = {s.invite.journal_key for s in plan.steps if s.action == SEND}
    return before_mailing(plan.table, plan.export.state, plan.journal, ledger_path(plan.journal), planning_now(), going)


def _plain(message: Any) -> str:
    body = message.get_body(preferencelist=("plain",))
    return body.get_content() if body is not None else ""


AGAIN = {"send": "ui.send"}
"""What a page does to run the same command again: press 发送."""

PAGE_WORDS: dict[str, tuple[str, dict[str, str]]] = {
    "mail.no_starttls": ("web.mail.no_starttls", {"field": "ui.security", "plain": "ui.security_plain"}),
    "mail.no_greeting": ("web.mail.no_greeting", {"field": "ui.security"}),
    "mail.not_implicit_tls": ("web.mail.not_implicit_tls", {"field": "ui.security"}),
    "mail.tls_failed": ("web.mail.tls_failed", {"field": "ui.ca_file"}),
    "mail.tls_wrong_name": ("web.mail.tls_wrong_name", {"field": "ui.smtp_host"}),
    "mail.tls_other_ca": ("web.mail.tls_other_ca", {"field": "ui.ca_file"}),
    "mail.no_auth": ("web.mail.no_auth", {"field": "ui.smtp_user", "server": "ui.smtp_host", "port": "ui.smtp_port"}),
    "mail.needs_login": ("web.mail.needs_login", {"field": "ui.smtp_user", "password": "ui.smtp_password"}),
    "mail.refused_sender": ("web.mail.refused_sender", {"field": "ui.smtp_user", "sender": "ui.send_from"}),
    "mail.auth_refused": ("web.mail.auth_refused", {"field": "ui.smtp_user", "password": "ui.smtp_password", **AGAIN}),
    "mail.journal_stopped": ("web.mail.journal_stopped", AGAIN),
    "mail.too_big_units": ("web.mail.too_big_units", AGAIN),
    "mail.refused_content": ("web.mail.refused_content", AGAIN),
    "mail.busy": ("web.mail.busy", AGAIN),
    "mail.rate_limited": ("web.mail.rate_limited", AGAIN),
    "mail.gave_up": ("web.mail.gave_up", AGAIN),
    "mail.summary.deferred": ("web.mail.deferred", AGAIN),
    "mail.summary.not_attempted": ("web.mail.not_attempted", AGAIN),
    "safety.interrupted": ("web.mail.interrupted", AGAIN),
    "safety.interrupted_finished": ("web.mail.interrupted_finished", AGAIN),
    "safety.interrupted_cut": ("web.mail.interrupted_cut", AGAIN),
    "safety.interrupted_cut_out": ("web.mail.interrupted_cut_out", AGAIN),
}
"""The send flow's lines that name ``send``'s options (``--ssl``, ``--cafile``, ``--user``...) or say to run
the same command again, and the same sentence naming the page's fields (its 发送 button) instead: the page
has no options and no command (docs/web.md)."""


def in_page_words(message: Any) -> Any:
    """``message`` (and any message among its values) as the page says it: :data:`PAGE_WORDS`."""
    if not isinstance(message, Message):
        return message
    params = {name: in_page_words(value) for name, value in message.params.items()}
    if message.key not in PAGE_WORDS:
        return Message(message.key, **params) if message.own is None and params != message.params else message
    key, fields = PAGE_WORDS[message.key]
    return Message(key, **params, **{name: Message(field) for name, field in fields.items()})


def send(folder: Path, sending: Sending, job: Any, unchanged: Callable[[], object] | None = None) -> dict[str, Any]:
    """Mail the invites through the send flow (:func:`scheduler.mail.flow.send_invites`): each exactly
    once, every step in the journal; the job hears the plan, then each message. ``unchanged`` refuses,
    under the folder's lock, files that are no longer the version the page showed (QA qaconc22 F2)."""
    from scheduler.mail.flow import Planned, SendInterrupted, Waiting, send_invites

    def progress(event: Any) -> None:
        if isinstance(event, Planned):
            job.report(total=event.mails, done=0, retrying=None)
        elif isinstance(event, Waiting):  # the line send prints before a pause: a wait is never silent (qaweb21 F3)
            job.report(done=event.done, total=event.total, retrying=event.message())
        else:
            job.report(done=event.done, total=event.total, retrying=None)

    with contextlib.suppress(OSError):  # a new sending: the last one's note is no longer the news
        (folder / STOPPED_NAME).unlink()
    try:
        report = send_invites(_request(folder, sending, unchanged=unchanged), progress, stop=job.stop_event)
    except SendInterrupted as cut:  # the server stopping (Ctrl-C, SIGTERM): said in its terminal and here
        result = {**_sent(cut.report), "interrupted": True}
        _note_stopped(folder, result)
        return result
    return {**_sent(report), "interrupted": False}


def _sent(report: Any) -> dict[str, Any]:
    """A sending's report as the page's job result."""
    return {
        "sent": len(report.sent),
        "failed": [
            {
                "unit": o.mail.unit,
                "to": o.mail.recipient,
                "reason": in_page_words(o.reason or Message("mail.server_reply", reply=o.reply)),
            }
            for o in report.failed
        ],
        "not_attempted": len(report.not_attempted),
        "stopped": in_page_words(report.stopped),
        "skipped": sum(1 for s in report.plan.steps if s.action != "send"),
        "notices": [in_page_words(message) for message, _problem in report.notices()],  # (qaweb21 F2)
        "ok": report.ok,
        "field": stop_field(report.stopped),
    }


REACH_FIELDS = {
    "mail.unreachable": "ui.smtp_host",
    "mail.tls_broken": "ui.security",
    "mail.tls_expired": "ui.smtp_host",
}
"""The stops :data:`PAGE_WORDS` does not name a field for, and the field they are about: a server that
cannot be reached (a wrong name or port: the name's field, the first of the two), TLS the two sides do
not share (the 加密 chosen), a certificate out of date (the server's: its name's field)."""


def stop_field(stopped: Message | None) -> str | None:
    """The send form's field a sending's stop is about (``smtp_user`` for a refused login, ``ca_file`` for a
    certificate no CA known signed, ``smtp_host`` for a server that cannot be reached), as the page's
    refusals name theirs (``field`` of :func:`scheduler.web.context.error_response`); ``None``: none
    (QA qaweb24 F9: only a malformed port was marked, never what the server refused)."""
    if stopped is None:
        return None
    if stopped.key == "mail.stopped" and isinstance(stopped.params.get("reason"), Message):
        return stop_field(stopped.params["reason"])  # reached after its retries: what stopped it
    named = PAGE_WORDS.get(stopped.key, ("", {}))[1].get("field") or REACH_FIELDS.get(stopped.key)
    return named.removeprefix("ui.") if named else None


STOPPED_NAME = ".sending-stopped"
"""In the project folder: what a sending stopped by the server (Ctrl-C, SIGTERM) had done, for the page
opened after the restart (:func:`stopped_sending`); removed when a sending starts."""


def _note_stopped(folder: Path, result: dict[str, Any]) -> None:
    """Keep what the stopped sending did, with the journal's size then (a send run later makes it old)."""
    from scheduler.files.atomic import write_files

    journal = journal_at(folder)
    size = journal.stat().st_size if journal.exists() else 0
    note = {"sent": result["sent"], "left": result["not_attempted"], "journal": size}
    with contextlib.suppress(OSError, InputError):  # (a note: the journal is what counts)
        write_files(folder, {STOPPED_NAME: json.dumps(note).encode("utf-8")})


def stopped_sending(folder: Path) -> Message | None:
    """The line saying the last sending was stopped before its end (how many were not sent, and that
    nothing sends now), while no run has written the journal since; ``None`` otherwise (QA qaconc22 F1)."""
    try:
        note = json.loads((folder / STOPPED_NAME).read_text(encoding="utf-8"))
        journal = journal_at(folder)
        if int(note["journal"]) != (journal.stat().st_size if journal.exists() else 0):
            return None
        return Message("web.sending_stopped", sent=int(note["sent"]), left=int(note["left"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def journal_rows(folder: Path, timezone: str | None = None) -> list[dict[str, Any]]:
    """Who got what, when: one row per message (its invite and SEQUENCE) in its latest state, in the
    order the messages were first written, each naming the meeting it was for (the invite's summary).
    ``at`` is the journal's UTC time; ``shown`` the same in ``timezone`` (the project's, as the rest of
    the page says times), or in UTC, saying so, without one."""
    from scheduler.mail.journal import read_history

    summaries = _summaries(folder)
    return [
        {
            "at": e.at,
            "shown": _local(e.at, timezone),
            "unit": e.unit,
            "to": e.to,
            "state": e.state,
            "method": e.method,
            "sequence": e.sequence,
            "reply": e.reply,
            "meeting": summaries.get(e.uid.split("/", 1)[0], ""),
        }
        for e in read_history(journal_at(folder)).messages()
    ]


def _local(at: str, timezone: str | None) -> str:
    """A journal time (``2026-12-04T21:54:02Z``) as the page says it: ``2026-12-05 05:54:02`` in the
    project's time zone, else ``2026-12-04 21:54:02 UTC`` (and as written when it cannot be read)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return at
    if timezone is None or moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M:%S") + (" UTC" if moment.tzinfo is not None else "")
    return moment.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M:%S")


def _summaries(folder: Path) -> dict[str, str]:
    """Each exported invite's UID -> its summary (a meeting's title), from the invites' state file."""
    from scheduler.invites.state import STATE_NAME, DamagedState, read_state

    try:
        state = read_state(invites_dir(folder) / STATE_NAME)
    except (DamagedState, InputError):
        return {}
    return {uid: record.summary for uid, record in state.items.items()} if state is not None else {}
