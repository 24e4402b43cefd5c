"""The command line: ``docking-scheduler`` (or ``python cli.py`` from a checkout).

Exit codes: 0 success; 1 the timetable breaks rules, no timetable exists, nothing
was found in time, or a message could not be delivered; 2 bad input (file, row,
column named on one line). :data:`EXIT_CODES` maps the error tree
(:mod:`scheduler.errors`) to them, here and nowhere else.
Heavy libraries (OR-Tools) are imported only by the commands that solve.
"""

from __future__ import annotations

from typing import Any

import click

from scheduler.cli.invites import ics
from scheduler.cli.mail import send
from scheduler.cli.options import default_lang
from scheduler.cli.replies import replies
from scheduler.cli.serve import serve
from scheduler.cli.solving import explain, reschedule, solve, validate
from scheduler.errors import (
    ArgumentError,
    BrokenRules,
    DeliveryError,
    InputError,
    NoTimetableError,
    ProblemError,
    SchedulerError,
)

EXIT_CODES: tuple[tuple[type[SchedulerError], int], ...] = (
    (InputError, 2),
    (ProblemError, 2),
    (ArgumentError, 2),
    (NoTimetableError, 1),
    (BrokenRules, 1),
    (DeliveryError, 1),
    (SchedulerError, 2),
)
"""The error tree's exit codes: the first class the error is an instance of decides."""


def exit_code(error: SchedulerError) -> int:
    """The exit code of an error (see :data:`EXIT_CODES`)."""
    return next(code for kind, code in EXIT_CODES if isinstance(error, kind))


class _Group(click.Group):
    """Turns our errors into one line on stderr and their exit code, without a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SchedulerError as error:
            lang = ctx.meta.get("lang", default_lang())
            click.echo(error.text(lang), err=True)
            ctx.exit(exit_code(error))


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
      docking-scheduler replies out/timetable.csv --imap-host mail.example.org --user zwgk-office
      docking-scheduler serve
    """


for command in (solve, validate, explain, reschedule, ics, send, replies, serve):
    main.add_command(command)
