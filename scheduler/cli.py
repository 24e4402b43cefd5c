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
@click.option(
    "--out", "out_dir", metavar="DIR", help="Write timetable.csv, .xlsx, .docx, .html and the rules used here."
)
@format_option
@sheet_option
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
    table: str | None,
    rules_path: str | None,
    objective: str,
    out_dir: str | None,
    formats: tuple[str, ...],
    sheet: str | None,
    time_limit: float,
    lang: str,
) -> None:
    """Solve TABLE (default: the 2021 notice; CSV or .xlsx) and print the timetable."""
    from .display import summary_lines, timetable_lines
    from .errors import InputError
    from .files import write_files
    from .load import load
    from .output import parse_formats, timetable_files
    from .solver import solve as run

    chosen = parse_formats(formats)
    if formats and not out_dir:
        raise InputError(Message("output.format_without_out"))
    loaded = load(table or default_table(), rules_path, strict=True, sheet=sheet)
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
        for path in write_files(out_dir, timetable_files(loaded, result.timetable, formats=chosen)):
            say("show.written", lang, path=path)


@main.command()
@click.argument("table")
@rules_option
@sheet_option
@lang_option
def validate(table: str, rules_path: str | None, sheet: str | None, lang: str) -> None:
    """Check a hand-made TABLE (CSV or .xlsx) against every rule; one line per violation."""
    from .checker import validate as check
    from .load import load

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


if __name__ == "__main__":
    main()
