"""Mailing the invites from the command line: ``send``, a thin face on :func:`scheduler.mail.flow.send_invites`.

The command turns options into a :class:`~scheduler.mail.flow.SendRequest`, asks
for the password when the flow needs it, shows the plan and a progress line,
and prints the report. Everything else (the order of checks, the lock, the
journal) is the flow's.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from scheduler.cli.invites import record_contacts_used, report_invites, warn_shared
from scheduler.cli.localized import argument, command, option
from scheduler.cli.options import (
    FloatRange,
    IntRange,
    all_option,
    allow_cancel_option,
    allow_differing_send_option,
    lang_option,
    login_advice,
    remembered,
    rules_option,
    say,
    secret,
    sheet_option,
)
from scheduler.mail.tls import tls_context
from scheduler.text.messages import Message, render, worded


# Long: twenty options turned into one request, a field each; the flow (scheduler.mail.flow) does the work.
@command(help="help.send")
@argument("table", metavar="metavar.table")
@rules_option
@option("--contacts", "contacts_path", metavar="metavar.file", help="help.opt.contacts")
@option("--invites", "invites_dir", metavar="metavar.dir", help="help.opt.invites")
@option("--smtp-host", metavar="metavar.host", help="help.opt.smtp_host")
@option("--smtp-port", type=IntRange(1, 65535), metavar="metavar.port", help="help.opt.smtp_port")
@option("--smtp-timeout", type=FloatRange(min=1), metavar="metavar.seconds", help="help.opt.smtp_timeout")
@option("--starttls", is_flag=True, help="help.opt.starttls")
@option("--ssl", "use_ssl", is_flag=True, help="help.opt.ssl")
@option("--insecure-plain", is_flag=True, help="help.opt.insecure_plain")
@option("--cafile", metavar="metavar.file", help="help.opt.cafile")
@option("--user", metavar="metavar.user", help="help.opt.user")
@option("--from", "from_address", metavar="metavar.address", help="help.opt.from")
@option("--dry-run", "dry_run", metavar="metavar.dir", help="help.opt.dry_run")
@option("--only-changed", is_flag=True, help="help.opt.only_changed")
@option("--now", "now", metavar="metavar.now", help="help.opt.now")
@option("--journal", "journal_file", metavar="metavar.file", help="help.opt.journal")
@allow_cancel_option
@option("--allow-bounced", is_flag=True, help="help.opt.allow_bounced")
@option("--allow-zone-change", is_flag=True, help="help.opt.allow_zone_change")
@option("--remind", is_flag=True, help="help.opt.remind")
@option("--ledger", "ledger_file", metavar="metavar.file", help="help.opt.send_ledger")
@sheet_option
@allow_differing_send_option
@all_option
@lang_option
def send(
    table: str,
    rules_path: str | None,
    contacts_path: str | None,
    invites_dir: str | None,
    smtp_host: str | None,
    smtp_port: int | None,
    smtp_timeout: float | None,
    starttls: bool,
    use_ssl: bool,
    insecure_plain: bool,
    cafile: str | None,
    user: str | None,
    from_address: str | None,
    dry_run: str | None,
    only_changed: bool,
    now: str | None,
    journal_file: str | None,
    allow_cancel: bool,
    allow_bounced: bool,
    allow_zone_change: bool,
    remind: bool,
    ledger_file: str | None,
    sheet: str | None,
    allow_differing: bool,
    lang: str,
) -> None:
    """Mail each unit its invite for TABLE, exactly once (help: ``help.send`` in the catalog)."""
    from scheduler.errors import InputError
    from scheduler.files.now import planning_now
    from scheduler.mail.flow import SendInterrupted, SendRequest, send_invites
    from scheduler.mail.server import PLAIN, SSL, STARTTLS, Server
    from scheduler.replies.bounces import campaign_bounces
    from scheduler.replies.delegations import campaign_delegations

    if starttls + use_ssl + insecure_plain > 1:
        raise InputError(Message("mail.security"), column="--starttls/--ssl/--insecure-plain")
    if not smtp_host and not dry_run:
        raise InputError(Message("mail.no_host"), column="--smtp-host")
    if smtp_host and smtp_host.count(":") == 1:  # host:port as a mail program shows it (an IPv6 address has more)
        port = smtp_host.rpartition(":")[2]
        raise InputError(Message("mail.host_with_port", port=port), column="--smtp-host")
    security = SSL if use_ssl else PLAIN if insecure_plain else STARTTLS
    server = None
    if smtp_host and not dry_run:
        context = tls_context(cafile) if security != PLAIN else None
        server = Server(smtp_host, smtp_port, security, user, None, context, smtp_timeout, own_ca=cafile is not None)

    def asked_password() -> Any:
        assert user is not None
        value = _password(user, lang)
        if security == PLAIN:
            say("mail.plain_password", lang, err=True)
        return value

    password, used = remembered(asked_password)

    if remind:
        from scheduler.cli.replies import send_reminders_command

        _alone_with_remind(only_changed, allow_cancel, allow_bounced)
        paths = {"rules": rules_path, "contacts": contacts_path, "invites": invites_dir, "journal": journal_file}
        asked: dict[str, Any] = {**paths, "ledger": ledger_file, "server": server, "dry_run": dry_run}
        asked |= {"envelope_from": from_address, "sheet": sheet, "check_copies": not allow_differing}
        asked["now"] = None if now is None else planning_now(now)  # read as for invites: one "now" per command
        send_reminders_command(table, asked, password if user else None, used, lang)
        return

    _records_checked(table, journal_file, ledger_file, dry_run is None)
    request = SendRequest(
        table=table,
        rules=rules_path,
        contacts=contacts_path,
        invites=invites_dir,
        journal=journal_file,
        server=server,
        password=password if user else None,
        dry_run=dry_run,
        only_changed=only_changed,
        envelope_from=from_address,
        allow_cancel=allow_cancel,
        bounces=campaign_bounces(table, journal_file, ledger_file),
        delegations=campaign_delegations(table, journal_file, ledger_file),
        allow_bounced=allow_bounced,
        allow_zone_change=allow_zone_change,
        sheet=sheet,
        check_copies=not allow_differing,
        now=None if now is None else planning_now(now),
    )
    shown = _Shown(lang, ledger_file)
    try:
        report = send_invites(request, shown)
    except SendInterrupted as stop:
        shown.end()
        _print(stop.report, lang, user, used())
        raise SystemExit(130) from None
    shown.end()
    if contacts_path and not dry_run:  # the invites now hold its addresses: the later commands read it too
        record_contacts_used(table, rules_path, contacts_path, lang)
    try:
        _print(report, lang, user, used())
        if not report.ok:
            raise SystemExit(1)
        if not dry_run and report.sent:
            _bring_copies_in_step(table, rules_path, sheet, lang, contacts_path)
    except KeyboardInterrupt:  # after the mail went out: not "run again", there is nothing left to send
        say("mail.interrupted_done", lang, err=True)
        raise SystemExit(130) from None


def _bring_copies_in_step(
    table: str, rules: str | None, sheet: str | None, lang: str, contacts: str | None = None
) -> None:
    """The tables beside ``table`` rewritten after the mail went out
    (:func:`~scheduler.cli.replies.bring_copies_in_step`); when that fails (``timetable.xlsx`` open in
    Excel, a full disk) the mail is still sent: one warning line naming the file, exit 0, and the next
    ``replies --out`` or ``send`` brings them in step. A full disk's own line (``output.no_space``: nothing in
    the folder changed, run the same command again) is not said there: the journal and the state did change,
    and the mail is not sent again; only its reason is."""
    import copy

    from scheduler.cli.replies import bring_copies_in_step
    from scheduler.errors import InputError

    try:
        bring_copies_in_step(table, rules, sheet, lang, contacts)
    except InputError as error:
        said = copy.copy(error)
        if said.message.key == "output.no_space":  # not "nothing changed, run again": the mail went out
            said.message = Message("output.write", reason=said.message.params.get("reason", ""))
        say("send.copies_not_updated", lang, err=True, reason=said.text(lang))


def _alone_with_remind(only_changed: bool, allow_cancel: bool, allow_bounced: bool) -> None:
    """``--remind`` mails reminders only: an option about mailing invites given with it is bad input."""
    from scheduler.errors import InputError

    options = {"--only-changed": only_changed, "--allow-cancel": allow_cancel, "--allow-bounced": allow_bounced}
    given = [name for name, on in options.items() if on]
    if given:
        raise InputError(Message("remind.alone"), column=given[0])


def _records_checked(table: str, journal_file: str | None, ledger_file: str | None, written: bool) -> None:
    """The journal (written, unless a dry run) and the replies ledger (read for bounces) that ``send`` will
    open, checked together: all that would be refused are named at once (QA qahand24 F7 a)."""
    from scheduler.files.owned import check_records
    from scheduler.mail.campaign import journal_path
    from scheduler.replies.ledger import ledger_path

    journal = Path(journal_file) if journal_file else journal_path(table)
    ledger = Path(ledger_file) if ledger_file else ledger_path(journal)
    check_records([(journal, written), (ledger, False)])


class _Shown:
    """What the flow tells while it runs: the plan, then a progress line on a terminal (one line, written
    over), and each pause before a retry: on that line on a terminal, as a line of its own otherwise."""

    def __init__(self, lang: str, ledger_file: str | None = None) -> None:
        self.lang = lang
        self.ledger_file = ledger_file
        self.active = False
        self.shown = 0  # terminal columns of the progress line now on screen

    def __call__(self, event: Any) -> None:
        from scheduler.mail.flow import Finishing, Planned, Waiting

        if isinstance(event, Planned):
            self.planned(event)
            return
        if isinstance(event, Finishing):  # heard in a signal handler, never while this prints (batch.deliver)
            if self.active:
                click.echo("", err=True)  # below the progress line, which stays as it was
                self.active, self.shown = False, 0
            click.echo(render(event.message(), self.lang), err=True)
            return
        label = render(Message("mail.progress"), self.lang)
        line = f"{label} {event.done}/{event.total}"
        if isinstance(event, Waiting):
            line = render(event.message(), self.lang)
            if not sys.stderr.isatty():
                click.echo(line, err=True)
                return
        if sys.stderr.isatty():
            self.overwrite(line)

    def overwrite(self, line: str) -> None:
        """``line`` over the progress line: cut to the terminal's width (a wrapped line cannot be written
        over), the rest of a longer line before it blanked."""
        import shutil

        from scheduler.cli.localized import width

        room = max(20, shutil.get_terminal_size().columns - 1)
        while width(line) > room:
            line = line[:-2] + "…"
        used = width(line)
        raw = getattr(sys.stderr, "raw_stream", sys.stderr)  # our own \r, past the output filter
        raw.write(f"\r{line}{' ' * max(0, self.shown - used)}")
        raw.flush()
        self.shown = used
        self.active = True

    def planned(self, plan: Any) -> None:
        if plan.table is not None:  # how the table and its people were read, as solve says it (QA review20 F5)
            from scheduler.cli.loading import tell_reading

            tell_reading(plan.table, self.lang)
        if plan.rebuilt is not None:
            click.echo(render(plan.rebuilt, self.lang), err=True)
        if plan.refreshed:
            report_invites(plan.export, plan.folder, self.lang, plan.written, dry=plan.dry_run is not None)
        elif plan.export.people:  # the copies at one address are about to be mailed: say so now too
            from scheduler.mail.plan import SEND

            warn_shared(plan.export, self.lang, {s.invite.journal_key for s in plan.steps if s.action == SEND})
        self.declined(plan)
        self.unexplained(plan)
        if plan.zone is not None and plan.dry_run is not None and not plan.refreshed:  # (refreshed: said above)
            click.echo(render(plan.zone.message("show.zone_changed"), self.lang), err=True)
        if plan.dry_run is None and plan.mails:
            say("safety.planned", self.lang, count=plan.mails, cancels=len(plan.cancellations))
            if plan.cancellations:
                say("safety.planned_cancels", self.lang, units=list(plan.cancellations))

    def unexplained(self, plan: Any) -> None:
        """Before mailing: the updates about to go out whose time, room and address are unchanged, which
        an upgrade that writes invites differently makes of every invite (QA qaupgrade17 F5)."""
        units = plan.unexplained()
        if units:
            key = worded("show.unexplained_updates", plan.export.people)  # no deadlines in a meeting table
            say(key, self.lang, err=True, count=len(units), units=units)

    def declined(self, plan: Any) -> None:
        """A meeting table: each meeting about to be mailed at a time a required participant declined."""
        from scheduler.files.meeting_files import LoadedMeetings

        if isinstance(plan.table, LoadedMeetings):
            from pathlib import Path

            from scheduler.cli.meetings import warn_before_mailing
            from scheduler.mail.plan import SEND
            from scheduler.replies.ledger import ledger_path

            ledger = Path(self.ledger_file) if self.ledger_file else ledger_path(plan.journal)
            going = {s.invite.journal_key for s in plan.steps if s.action == SEND}
            warn_before_mailing(plan.table, plan.export.state, plan.journal, ledger, self.lang, going)

    def end(self) -> None:
        if self.active:
            click.echo(err=True)
            self.active = False
            self.shown = 0


def _print(report: Any, lang: str, user: str | None, password: Any) -> None:
    for message, problem in report.notices():
        click.echo(render(message, lang), err=problem)
        if message is report.stopped:
            login_advice(report.stopped, user, password, lang)


def _password(user: str, lang: str) -> Any:
    """The SMTP password: ``$DOCKING_SMTP_PASSWORD``, else a hidden prompt on a terminal (:func:`secret`)."""
    from scheduler.mail.server import PASSWORD_VARIABLE

    prompt = Message("mail.password_prompt", user=user)
    return secret((PASSWORD_VARIABLE,), prompt, Message("mail.no_password", variable=PASSWORD_VARIABLE), lang)
