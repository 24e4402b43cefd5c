"""The command line: ``docking-scheduler`` (or ``python cli.py`` from a checkout).

Exit codes: 0 success; 1 the timetable breaks rules, no timetable exists, or
nothing was found in time; 2 bad input (file, row, column named on one line).
Heavy libraries (OR-Tools) are imported only by the commands that solve.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from scheduler.errors import SchedulerError
from scheduler.text.messages import LANGS, Message, render

EXAMPLE = Path("examples") / "notice_2021.csv"


class _Group(click.Group):
    """Turns our errors into one line on stderr and their exit code, without a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SchedulerError as error:
            lang = ctx.meta.get("lang", _default_lang())
            click.echo(error.text(lang), err=True)
            ctx.exit(error.exit_code)


def _default_lang() -> str:
    return "en" if os.environ.get("DOCKING_LANG", "zh").lower().startswith("en") else "zh"


def _set_lang(ctx: click.Context, _param: click.Parameter, value: str | None) -> str:
    lang = value or _default_lang()
    ctx.meta["lang"] = lang
    return lang


lang_option = click.option(
    "--lang",
    type=click.Choice(LANGS),
    default=None,
    is_eager=True,
    expose_value=True,
    callback=_set_lang,
    help="Language of messages (default zh, or $DOCKING_LANG).",
)
rules_option = click.option(
    "--rules",
    "rules_path",
    metavar="FILE",
    help="Rules file (TOML). Default: the .toml with the table's name, beside it.",
)

# -- file formats (issue 7): which sheet to read, which formats to write
sheet_option = click.option(
    "--sheet",
    metavar="NAME|N",
    help="Sheet of an .xlsx table to read: its name or number (default: the first).",
)
format_option = click.option(
    "--format",
    "formats",
    multiple=True,
    metavar="LIST",
    help="Files to write with --out: csv, xlsx, docx, html, comma-separated or repeated (default: all). "
    "timetable.toml (the rules used) is always written.",
)


def _chosen_formats(formats: tuple[str, ...], out_dir: str | None) -> tuple[str, ...]:
    """The ``--format`` values as formats; an error without ``--out`` (nothing to write)."""
    if not out_dir:
        if formats:
            from scheduler.errors import InputError

            raise InputError(Message("output.format_without_out"))
        return ()
    from scheduler.export.outputs import parse_formats

    return parse_formats(formats)


def time_limit_option(text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--time-limit S`` (30 s by default) with its help ``text``."""
    return click.option(
        "--time-limit", type=click.FloatRange(min=0.1), default=30.0, show_default=True, metavar="S", help=text
    )


def output_options(out_help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--out DIR``, ``--format``, ``--sheet`` and ``--time-limit``: the options of commands that write a timetable."""

    def apply(command: Callable[..., Any]) -> Callable[..., Any]:
        command = time_limit_option("Seconds the solver may take.")(command)
        command = sheet_option(command)
        command = format_option(command)
        return click.option("--out", "out_dir", metavar="DIR", help=out_help)(command)

    return apply


def default_table() -> Path:
    """The 2021 notice: ./examples/notice_2021.csv, else the one in this checkout."""
    if EXAMPLE.exists():
        return EXAMPLE
    return Path(__file__).resolve().parents[2] / EXAMPLE


def say(key: str, lang: str, err: bool = False, **params: Any) -> None:
    click.echo(render(Message(key, **params), lang), err=err)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="docking-scheduler")
def main() -> None:
    """Build, check and share meeting timetables (docking-scheduler).

    \b
    Examples:
      docking-scheduler solve --out out
      docking-scheduler validate examples/notice_2021.csv
      docking-scheduler reschedule examples/notice_2021.csv --unavailable "区财政局@9月8日 11:00"
      docking-scheduler explain TABLE
      docking-scheduler solve --alternatives 3
      docking-scheduler ics out/timetable.csv --out out/invites
      docking-scheduler send out/timetable.csv --smtp-host mail.example.org --user zwgk-office
    """


@main.command()
@click.argument("table", required=False)
@rules_option
@click.option(
    "--objective",
    type=click.Choice(["compact", "stable"]),
    default="compact",
    show_default=True,
    help="compact: finish as early as possible; stable: move as few units as possible from the table's times.",
)
@output_options("Write timetable.csv, .xlsx, .docx, .html and the rules used here.")
@click.option(
    "--alternatives",
    "wanted",
    type=click.IntRange(min=1, max=100),
    default=None,
    metavar="K",
    help="Show up to K different timetables, all optimal (with --out: DIR/alternative-1/, -2/...).",
)
@lang_option
def solve(
    table: str | None,
    rules_path: str | None,
    objective: str,
    out_dir: str | None,
    formats: tuple[str, ...],
    sheet: str | None,
    time_limit: float,
    wanted: int | None,
    lang: str,
) -> None:
    """Solve TABLE (default: the 2021 notice; CSV or .xlsx) and print the timetable."""
    from scheduler.files.load import load
    from scheduler.solver.pipeline import solve as run

    chosen = _chosen_formats(formats, out_dir)
    loaded = load(table or default_table(), rules_path, strict=True, sheet=sheet)
    if wanted is not None:
        _solve_alternatives(loaded, objective, wanted, out_dir, time_limit, lang, chosen)
        return
    sources = _invite_sources(loaded, out_dir)
    result = run(loaded.problem, objective=objective, time_limit=time_limit)
    _show_result(result, lang)
    if out_dir:
        _write_outputs(loaded, result.timetable, loaded.rules, out_dir, chosen, sources, lang)


@main.command()
@click.argument("table")
@rules_option
@sheet_option
@lang_option
def validate(table: str, rules_path: str | None, sheet: str | None, lang: str) -> None:
    """Check a hand-made TABLE (CSV or .xlsx) against every rule; one line per violation."""
    from scheduler.files.load import load
    from scheduler.rules.check import validate as check

    loaded = load(table, rules_path, sheet=sheet)
    report = check(loaded.problem, loaded.timetable)
    if report.ok:
        slots = len({m.start for m in loaded.timetable.meetings})
        say("show.valid", lang, units=len(loaded.problem.units), slots=slots)
        return
    say("show.violations", lang, count=len(report.violations))
    for line in report.lines(lang):
        click.echo(line)
    raise SystemExit(1)


# -- replanning, explanations and alternatives (issue 5) ----------------------------


def _show_result(result: Any, lang: str, between: Sequence[str] = ()) -> None:
    """The timetable, then ``between`` (e.g. who moved), then the summary; or why there is none (exit 1)."""
    from scheduler.cli.display import summary_lines, timetable_lines

    if result.timetable is None:
        _fail_infeasible(result, lang)
    for line in timetable_lines(result.problem, result.timetable, lang):
        click.echo(line)
    click.echo()
    if between:
        for line in between:
            click.echo(line)
        click.echo()
    for line in summary_lines(result, lang):
        click.echo(line)


def _fail_infeasible(result: Any, lang: str) -> None:
    """Print why there is no timetable (or that none was found in time) and exit 1."""
    from scheduler.cli.display import summary_lines

    if result.conflict is not None:
        click.echo(result.conflict.text(lang), err=True)
    for line in summary_lines(result, lang):
        click.echo(line, err=True)
    raise SystemExit(1)


def _solve_alternatives(
    loaded: Any,
    objective: str,
    wanted: int,
    out_dir: str | None,
    time_limit: float,
    lang: str,
    formats: tuple[str, ...],
) -> None:
    from scheduler.cli.display import summary_lines, timetable_lines
    from scheduler.export.outputs import timetable_files
    from scheduler.files.atomic import write_files
    from scheduler.solver.alternatives import alternatives

    found = alternatives(loaded.problem, objective=objective, count=wanted, time_limit=time_limit)
    result = found.result
    if result.timetable is None:
        _fail_infeasible(result, lang)
    if not found.timetables:
        say("alt.not_optimal", lang, err=True)
        timetables = [result.timetable]
    else:
        timetables = list(found.timetables)
    first = timetables[0].starts()
    for number, timetable in enumerate(timetables, start=1):
        say("alt.header", lang, number=number, count=len(timetables))
        for line in timetable_lines(loaded.problem, timetable, lang):
            click.echo(line)
        if number > 1:
            differs = sum(1 for unit, start in timetable.starts().items() if first.get(unit) != start)
            say("alt.differs", lang, count=differs)
        click.echo()
    for line in summary_lines(result, lang):
        click.echo(line)
    if found.timetables and len(timetables) < wanted:
        say("alt.all" if found.complete else "alt.some", lang, count=len(timetables), wanted=wanted)
    if out_dir:
        files: dict[str, bytes] = {}
        for number, timetable in enumerate(timetables, start=1):
            for name, data in timetable_files(loaded, timetable, formats=formats).items():
                files[f"alternative-{number}/{name}"] = data
        for path in write_files(out_dir, files):
            say("show.written", lang, path=path)


@main.command()
@click.argument("table")
@rules_option
@time_limit_option("Seconds each solver call may take.")
@sheet_option
@lang_option
def explain(table: str, rules_path: str | None, time_limit: float, sheet: str | None, lang: str) -> None:
    """Say why no timetable satisfies TABLE's rules: the fewest rules that cannot hold together."""
    from scheduler.conflicts.explain import explain as find
    from scheduler.files.load import load

    loaded = load(table, rules_path, sheet=sheet)
    conflict = find(loaded.problem, time_limit=time_limit)
    if conflict is None:
        say("why.none", lang)
        return
    click.echo(conflict.text(lang))
    raise SystemExit(1)


# -- calendar invites (issue 3) -------------------------------------------------------------


def _invite_sources(loaded: Any, out_dir: str | None) -> Any:
    """What invites need (settings, contacts, the last export's state), read before solving so
    bad input fails early; ``None`` without ``--out`` or when the rules define no invites."""
    if not out_dir:
        return None
    from scheduler.invites.folder import INVITES_DIR, check_unit_names, read_sources
    from scheduler.invites.settings import has_invites

    if not has_invites(loaded.rules):
        return None
    check_unit_names(loaded.table)
    return read_sources(loaded.rules, loaded.problem, Path(out_dir) / INVITES_DIR)


def _write_outputs(
    loaded: Any,
    timetable: Any,
    rules: Any,
    out_dir: str,
    formats: tuple[str, ...],
    sources: Any,
    lang: str,
) -> None:
    """The timetable in ``formats``, the rules used (paths rebased to DIR) and, when the rules
    define them, the invites in DIR/invites: all written, or none."""
    from scheduler.export.outputs import timetable_files
    from scheduler.files.atomic import write_files
    from scheduler.invites.folder import INVITES_DIR, export
    from scheduler.invites.settings import rebase_rules

    files = timetable_files(loaded, timetable, rebase_rules(rules, out_dir), formats=formats)
    shown = len(files)
    invites = export(sources, loaded.problem, timetable) if sources is not None else None
    if invites is not None:
        files.update({f"{INVITES_DIR}/{name}": data for name, data in invites.files().items()})
    for path in write_files(out_dir, files)[:shown]:
        say("show.written", lang, path=path)
    if invites is not None:
        _report_invites(invites, Path(out_dir) / INVITES_DIR, lang)
    else:
        say("show.no_invites", lang)


def _report_invites(invites: Any, directory: Path, lang: str) -> None:
    """What an export did: counts, each changed unit, units without an address, unknown contacts."""
    from scheduler.cli.display import grid
    from scheduler.text.times import format_time

    counts = {change: 0 for change in ("new", "updated", "cancelled", "unchanged")}
    for invite in invites.invites:
        counts[invite.change] += 1
    say("show.invites_written", lang, path=directory, count=len(invites.files()))
    say("show.invites_summary", lang, **counts)
    if invites.changed:
        header = [render(Message(key), lang) for key in ("show.change", "show.unit", "show.time", "show.invite")]
        rows = [
            [
                render(Message(f"show.change.{i.change}"), lang),
                i.unit,
                format_time(i.start.replace(tzinfo=None)),
                f"{i.method} SEQUENCE {i.sequence}",
            ]
            for i in invites.changed
        ]
        for line in grid(header, rows):
            click.echo(line)
    missing = [i.unit for i in invites.without_address]
    if missing:
        say("show.no_address", lang, err=True, count=len(missing), units="、".join(missing))
    if invites.unknown_contacts:
        units = "、".join(invites.unknown_contacts)
        say("show.unknown_contacts", lang, err=True, count=len(invites.unknown_contacts), units=units)


@main.command()
@click.argument("table")
@rules_option
@click.option(
    "--unavailable",
    multiple=True,
    metavar="UNIT@TIME[-TIME]",
    help='The unit cannot come then, e.g. "区财政局@9月8日 8:00-11:00" or "区财政局@9月8日". Repeatable.',
)
@click.option("--pin", multiple=True, metavar="UNIT@TIME", help="The unit must meet at TIME. Repeatable.")
@click.option("--drop", multiple=True, metavar="UNIT", help="The unit is withdrawn. Repeatable.")
@click.option(
    "--add",
    multiple=True,
    metavar="UNIT,CATEGORY[,GROUP]",
    help='A new unit, e.g. "区统计局,部门" or "新街道,镇办,F". Repeatable.',
)
@output_options("Write the new timetable (.csv, .xlsx, .docx, .html) and the rules used.")
@lang_option
def reschedule(
    table: str,
    rules_path: str | None,
    unavailable: tuple[str, ...],
    pin: tuple[str, ...],
    drop: tuple[str, ...],
    add: tuple[str, ...],
    out_dir: str | None,
    formats: tuple[str, ...],
    sheet: str | None,
    time_limit: float,
    lang: str,
) -> None:
    """Apply changes to TABLE's timetable and move as few units as possible.

    \b
    Among the timetables that move the fewest units: the smallest total
    displacement, then the earliest finish. Prints who moved (from -> to).
    Example:
      docking-scheduler reschedule examples/notice_2021.csv --unavailable "区财政局@9月8日 11:00"
    """
    from dataclasses import replace

    from scheduler.cli.display import moves_lines
    from scheduler.files.changes import changed, parse_changes
    from scheduler.files.load import load
    from scheduler.solver.replan import replan

    chosen = _chosen_formats(formats, out_dir)
    loaded = load(table, rules_path, strict=True, sheet=sheet)
    changes = parse_changes(loaded, unavailable, pin, drop, add)
    result = replan(loaded.problem, changes, time_limit=time_limit)
    moved = moves_lines(result, lang) if result.timetable is not None else []
    if result.score is not None and result.moves():
        moved.append(render(Message("replan.displacement", slots=result.score.as_dict()["displacement"]), lang))
    _show_result(result, lang, moved)
    if out_dir:
        new_table, new_rules = changed(loaded, changes)
        after = replace(loaded, problem=result.problem, table=new_table, rules=new_rules)
        sources = _invite_sources(after, out_dir)
        _write_outputs(after, result.timetable, new_rules, out_dir, chosen, sources, lang)


@main.command()
@click.argument("table")
@rules_option
@click.option(
    "--contacts",
    "contacts_path",
    metavar="FILE",
    help="Contacts table (单位, 邮箱, 联系人). Default: the one the rules file names.",
)
@click.option(
    "--out",
    "out_dir",
    metavar="DIR",
    required=True,
    help="Folder of the invites and their state file; export into the same folder every time.",
)
@lang_option
def ics(table: str, rules_path: str | None, contacts_path: str | None, out_dir: str, lang: str) -> None:
    """Write calendar invites for TABLE into DIR: one .ics per unit and one for the office.

    Run again after a change: moved units get an update, units no longer in
    TABLE a cancellation, and unchanged units keep identical files.
    """
    from scheduler.files.atomic import write_files
    from scheduler.files.load import load
    from scheduler.invites.folder import check_unit_names, export, read_sources
    from scheduler.rules.check import validate as check

    loaded = load(table, rules_path)
    check_unit_names(loaded.table)
    sources = read_sources(loaded.rules, loaded.problem, out_dir, contacts_path)
    report = check(loaded.problem, loaded.timetable)
    if not report.ok:
        say("show.invites_refused", lang, err=True)
        for line in report.lines(lang):
            click.echo(line, err=True)
        raise SystemExit(1)
    invites = export(sources, loaded.problem, loaded.timetable)
    write_files(out_dir, invites.files())
    _report_invites(invites, Path(out_dir), lang)


# -- mailing the invites (issue 4) ----------------------------------------------------------


@main.command()
@click.argument("table")
@rules_option
@click.option(
    "--contacts",
    "contacts_path",
    metavar="FILE",
    help="Contacts table (单位, 邮箱, 联系人). Default: the one the rules file names.",
)
@click.option("--invites", "invites_dir", metavar="DIR", help="Invites folder. Default: invites/ beside TABLE.")
@click.option("--smtp-host", metavar="HOST", help="The mail server (not needed with --dry-run).")
@click.option("--smtp-port", type=click.IntRange(1, 65535), metavar="PORT", help="Default: 587, 465 with --ssl.")
@click.option("--starttls", is_flag=True, help="Upgrade the connection with STARTTLS (the default).")
@click.option("--ssl", "use_ssl", is_flag=True, help="TLS from the first byte (port 465).")
@click.option(
    "--insecure-plain", is_flag=True, help="No TLS at all: everything, the password too, in clear text (port 25)."
)
@click.option(
    "--cafile", metavar="FILE", help="Trust the server certificate's CA from FILE (PEM), e.g. an intranet CA."
)
@click.option(
    "--user", metavar="USER", help="Log in as USER; the password comes from $DOCKING_SMTP_PASSWORD or a prompt."
)
@click.option(
    "--from",
    "from_address",
    metavar="ADDR",
    help="Mailbox that sends (envelope sender and Sender header). From: stays the organiser. Default: the organiser.",
)
@click.option("--dry-run", "dry_run", metavar="DIR", help="Write each message as DIR/<unit>.eml; send nothing.")
@click.option("--only-changed", is_flag=True, help="Only units mailed before whose invite has a higher SEQUENCE now.")
@click.option(
    "--journal", "journal_file", metavar="FILE", help="Mail journal. Default: mail-journal.jsonl beside TABLE."
)
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
    """Mail each unit its invite for TABLE, exactly once, and resume where a failed run stopped.

    \b
    The invites folder is first brought up to date as `ics` would (moved units
    get updates, removed units cancellations), then the invites on disk are
    mailed. A journal records every message; run the same command again after
    a failure: only what was not sent goes out. See docs/mail.md.
    Example:
      DOCKING_SMTP_PASSWORD=... docking-scheduler send out/timetable.csv --smtp-host mail.example.org --user office
    """
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
        _report_invites(result, folder, lang)
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


if __name__ == "__main__":
    main()
