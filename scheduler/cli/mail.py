"""Mailing the invites from the command line: ``send``."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from scheduler.cli.invites import report_invites
from scheduler.cli.localized import argument, command, option
from scheduler.cli.options import IntRange, lang_option, rules_option, say
from scheduler.text.messages import Message, render


@command(help="help.send")
@argument("table", metavar="metavar.table")
@rules_option
@option("--contacts", "contacts_path", metavar="metavar.file", help="help.opt.contacts")
@option("--invites", "invites_dir", metavar="metavar.dir", help="help.opt.invites")
@option("--smtp-host", metavar="metavar.host", help="help.opt.smtp_host")
@option("--smtp-port", type=IntRange(1, 65535), metavar="metavar.port", help="help.opt.smtp_port")
@option("--starttls", is_flag=True, help="help.opt.starttls")
@option("--ssl", "use_ssl", is_flag=True, help="help.opt.ssl")
@option("--insecure-plain", is_flag=True, help="help.opt.insecure_plain")
@option("--cafile", metavar="metavar.file", help="help.opt.cafile")
@option("--user", metavar="metavar.user", help="help.opt.user")
@option("--from", "from_address", metavar="metavar.address", help="help.opt.from")
@option("--dry-run", "dry_run", metavar="metavar.dir", help="help.opt.dry_run")
@option("--only-changed", is_flag=True, help="help.opt.only_changed")
@option("--journal", "journal_file", metavar="metavar.file", help="help.opt.journal")
@lang_option
def send(
    table: str,
    rules_path: str | None,
    contacts_path: str | None,
    invites_dir: str | None,
    smtp_host: str | None,
    smtp_port: int | None,
    starttls: bool,
    use_ssl: bool,
    insecure_plain: bool,
    cafile: str | None,
    user: str | None,
    from_address: str | None,
    dry_run: str | None,
    only_changed: bool,
    journal_file: str | None,
    lang: str,
) -> None:
    """Mail each unit its invite for TABLE, exactly once (help: ``help.send`` in the catalog)."""
    from scheduler.errors import InputError
    from scheduler.files.addresses import AddressError, check_address, visible
    from scheduler.files.load import load
    from scheduler.invites.folder import check_unit_names, export, now_utc, read_invites, read_sources
    from scheduler.mail.campaign import invites_folder, journal_path, prepare_batch, refresh_invites, write_dry_run
    from scheduler.mail.journal import Journal, read_history
    from scheduler.mail.smtp import PLAIN, SSL, STARTTLS, Server
    from scheduler.rules.check import validate as check

    if starttls + use_ssl + insecure_plain > 1:
        raise InputError(Message("mail.security"), column="--starttls/--ssl/--insecure-plain")
    if not smtp_host and not dry_run:
        raise InputError(Message("mail.no_host"), column="--smtp-host")
    envelope_from = None
    if from_address is not None:
        try:
            envelope_from = check_address(from_address)
        except AddressError as exc:
            message = Message("input.bad_address", value=visible(from_address), reason=Message(exc.reason))
            raise InputError(message, column="--from") from exc
    security = SSL if use_ssl else PLAIN if insecure_plain else STARTTLS
    context = _tls_context(cafile) if security != PLAIN and not dry_run else None

    loaded = load(table, rules_path)
    check_unit_names(loaded.table)
    folder = Path(invites_dir) if invites_dir else invites_folder(table)
    sources = read_sources(loaded.rules, loaded.problem, folder, contacts_path)
    report = check(loaded.problem, loaded.timetable)
    if not report.ok:
        say("show.invites_refused", lang, err=True)
        for line in report.lines(lang):
            click.echo(line, err=True)
        raise SystemExit(1)
    result = export(sources, loaded.problem, loaded.timetable)
    if refresh_invites(folder, result):
        report_invites(result, folder, lang)
    invites = read_invites(folder)
    journal_at = Path(journal_file) if journal_file else journal_path(table)

    if dry_run:
        steps, mails = prepare_batch(invites, read_history(journal_at), now_utc(), only_changed, envelope_from)
        write_dry_run(dry_run, mails)
        counts = _step_counts(steps)
        say("mail.dry_summary", lang, count=len(mails), already=counts["already"], no_address=counts["none"])
        _skipped(steps, lang)
        say("mail.dry_run", lang, count=len(mails), path=dry_run)
        return

    with Journal(journal_at) as journal:
        steps, mails = prepare_batch(invites, journal.history, now_utc(), only_changed, envelope_from)
        password = _password(user, lang) if user and mails else None
        if password is not None and security == PLAIN:
            say("mail.plain_password", lang, err=True)
        assert smtp_host is not None
        server = Server(smtp_host, smtp_port, security, user, password, context)
        batch = _deliver(mails, journal, server, lang)
    _send_summary(steps, batch, journal_at, lang)
    if batch.stopped is not None or any(o.state != "sent" for o in batch.outcomes):
        raise SystemExit(1)


def _tls_context(cafile: str | None) -> Any:
    """Certificate checks as a browser does them; ``cafile`` adds a CA (or a server's own certificate)."""
    import ssl

    from scheduler.errors import InputError

    try:
        return ssl.create_default_context(cafile=cafile)
    except (OSError, ssl.SSLError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise InputError(Message("input.unreadable", reason=reason), cafile, column="--cafile") from exc


def _password(user: str, lang: str) -> Any:
    """The password from $DOCKING_SMTP_PASSWORD, else a hidden prompt; never an argument, never shown."""
    from scheduler.errors import InputError
    from scheduler.mail.smtp import PASSWORD_VARIABLE, Secret

    value = os.environ.get(PASSWORD_VARIABLE)
    if value is None:
        try:
            value = click.prompt(render(Message("mail.password_prompt", user=user), lang), hide_input=True, err=True)
        except click.Abort as exc:
            raise InputError(Message("mail.no_password", variable=PASSWORD_VARIABLE)) from exc
    return Secret(str(value))


def _deliver(mails: Any, journal: Any, server: Any, lang: str) -> Any:
    from scheduler.mail.smtp import SmtpTransport, deliver

    if not mails:
        from scheduler.mail.smtp import Batch

        return Batch()
    # Position and ETA only: click clears the line by counting characters, and a Chinese unit
    # name (two columns a character) would leave pieces of itself behind.
    with click.progressbar(
        length=len(mails), label=render(Message("mail.progress"), lang), file=sys.stderr, show_pos=True, width=30
    ) as bar:
        return deliver(mails, journal, SmtpTransport(server), progress=lambda _mail: bar.update(1))


def _step_counts(steps: Any) -> dict[str, int]:
    from scheduler.mail.smtp import ALREADY, NO_ADDRESS

    return {
        "already": sum(1 for s in steps if s.action == ALREADY),
        "none": sum(1 for s in steps if s.action == NO_ADDRESS),
    }


def _skipped(steps: Any, lang: str) -> None:
    """Units left out on purpose, and those without an address, named."""
    from scheduler.mail.smtp import NEVER_SENT, NO_ADDRESS, NOT_INVITED

    for action, key in (
        (NO_ADDRESS, "mail.no_address_units"),
        (NEVER_SENT, "mail.summary.never_sent"),
        (NOT_INVITED, "mail.summary.not_invited"),
    ):
        units = [s.invite.unit for s in steps if s.action == action]
        if units:
            say(key, lang, err=action == NO_ADDRESS, count=len(units), units="、".join(units))


def _send_summary(steps: Any, batch: Any, journal: Path, lang: str) -> None:
    """The end of a run: counts, each failure with the server's answer, what was skipped, the journal."""
    counts = _step_counts(steps)
    sent = [o for o in batch.outcomes if o.state == "sent"]
    failed = [o for o in batch.outcomes if o.state == "failed"]
    waiting = [o for o in batch.outcomes if o.state == "not-attempted"]
    for outcome in failed:
        reason = outcome.reason if outcome.reason is not None else Message("mail.server_reply", reply=outcome.reply)
        say("mail.failed", lang, err=True, unit=outcome.mail.unit, address=outcome.mail.recipient, reason=reason)
    if batch.stopped is not None:
        click.echo(render(batch.stopped, lang), err=True)
    say("mail.summary", lang, sent=len(sent), already=counts["already"], no_address=counts["none"], failed=len(failed))
    if waiting:
        say("mail.summary.not_attempted", lang, count=len(waiting))
    interrupted = {s.invite.uid for s in steps if s.interrupted}
    doubtful = [o.mail.unit for o in sent if o.mail.uid in interrupted or o.doubtful]
    if doubtful:
        say("mail.summary.resent", lang, count=len(doubtful), units="、".join(doubtful))
    _skipped(steps, lang)
    say("mail.journal", lang, path=journal)
