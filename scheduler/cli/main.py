"""The command line: ``docking-scheduler`` (or ``python cli.py`` from a checkout).

Exit codes: 0 success; 1 the timetable breaks rules, no timetable exists, or
nothing was found in time; 2 bad input (file, row, column named on one line).
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
from scheduler.errors import SchedulerError


class _Group(click.Group):
    """Turns our errors into one line on stderr and their exit code, without a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SchedulerError as error:
            lang = ctx.meta.get("lang", default_lang())
            click.echo(error.text(lang), err=True)
            ctx.exit(error.exit_code)


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
