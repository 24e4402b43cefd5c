"""The command line: ``docking-scheduler`` (or ``python cli.py`` from a checkout).

Exit codes: 0 success; 1 the timetable breaks rules, no timetable exists, or
nothing was found in time; 2 bad input (file, row, column named on one line).
Heavy libraries (OR-Tools) are imported only by the commands that solve.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from .errors import SchedulerError
from .messages import Message, render

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
    type=click.Choice(["zh", "en"]),
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


def default_table() -> Path:
    """The 2021 notice: ./examples/notice_2021.csv, else the one in this checkout."""
    if EXAMPLE.exists():
        return EXAMPLE
    return Path(__file__).resolve().parent.parent / EXAMPLE


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
@click.option("--out", "out_dir", metavar="DIR", help="Write timetable.csv and the rules used here.")
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    metavar="S",
    help="Seconds the solver may take.",
)
@lang_option
def solve(
    table: str | None, rules_path: str | None, objective: str, out_dir: str | None, time_limit: float, lang: str
) -> None:
    """Solve TABLE (default: the 2021 notice) and print the timetable."""
    from .display import summary_lines, timetable_lines
    from .files import write_files
    from .load import load
    from .output import timetable_files
    from .solver import solve as run

    loaded = load(table or default_table(), rules_path, strict=True)
    sources = None
    if out_dir:
        from .invitefiles import INVITES_DIR, read_sources
        from .invitesettings import has_invites

        if has_invites(loaded.rules):
            sources = read_sources(loaded.rules, loaded.problem, Path(out_dir) / INVITES_DIR)
    result = run(loaded.problem, objective=objective, time_limit=time_limit)
    if result.timetable is None:
        if result.conflict is not None:
            click.echo(result.conflict.text(lang), err=True)
        for line in summary_lines(result, lang):
            click.echo(line, err=True)
        raise SystemExit(1)
    for line in timetable_lines(loaded.problem, result.timetable, lang):
        click.echo(line)
    click.echo()
    for line in summary_lines(result, lang):
        click.echo(line)
    if out_dir:
        from .invitefiles import INVITES_DIR, export
        from .invitesettings import rebase_rules

        files = timetable_files(loaded, result.timetable, rebase_rules(loaded.rules, out_dir))
        shown = list(files)
        invites = export(sources, loaded.problem, result.timetable) if sources is not None else None
        if invites is not None:
            files.update({f"{INVITES_DIR}/{name}": data for name, data in invites.files().items()})
        written = write_files(out_dir, files)
        for path in written[: len(shown)]:
            say("show.written", lang, path=path)
        if invites is not None:
            _report_invites(invites, Path(out_dir) / INVITES_DIR, lang)
        else:
            say("show.no_invites", lang)


@main.command()
@click.argument("table")
@rules_option
@lang_option
def validate(table: str, rules_path: str | None, lang: str) -> None:
    """Check a hand-made TABLE against every rule; one line per violation."""
    from .checker import validate as check
    from .load import load

    loaded = load(table, rules_path)
    report = check(loaded.problem, loaded.timetable)
    if report.ok:
        slots = len({m.start for m in loaded.timetable.meetings})
        say("show.valid", lang, units=len(loaded.problem.units), slots=slots)
        return
    say("show.violations", lang, count=len(report.violations))
    for line in report.lines(lang):
        click.echo(line)
    raise SystemExit(1)


# -- calendar invites (issue 3)
def _report_invites(invites: Any, directory: Path, lang: str) -> None:
    """What an export did: counts, each changed unit, units without an address, unknown contacts."""
    from .display import grid
    from .times import format_time

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
    from .checker import validate as check
    from .files import write_files
    from .invitefiles import export, read_sources
    from .load import load

    loaded = load(table, rules_path)
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


if __name__ == "__main__":
    main()
