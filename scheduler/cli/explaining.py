"""The ``explain`` command: why no timetable satisfies a table's rules. A module of its own, imported
when the command runs (``scheduler.cli.main.LAZY_COMMANDS``): its options are not built at every start."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from scheduler.cli.json_mode import json_option
from scheduler.cli.localized import argument, command
from scheduler.cli.options import (
    allow_differing_read_option,
    explained_code,
    for_search,
    lang_option,
    rules_option,
    say,
    sheet_option,
    time_limit_option,
)
from scheduler.cli.solving import _as_of_now, _solvable

if TYPE_CHECKING:
    from scheduler.cli.answer import Answer


@command(help="help.explain")
@argument("table", metavar="metavar.table")
@rules_option
@time_limit_option("help.opt.time_limit")
@sheet_option
@allow_differing_read_option
@json_option
@lang_option
def explain(
    table: str,
    rules_path: str | None,
    deadline: Any,
    sheet: str | None,
    allow_differing: bool,
    lang: str,
    as_json: bool,
) -> Answer | None:
    """Say why no timetable satisfies TABLE's rules: the fewest rules that cannot hold together.

    When the time runs out first, the rules found so far are shown, marked as not
    the fewest."""
    from scheduler.files.load import Loaded
    from scheduler.solver.diagnose import explain as find

    loaded = _solvable(table, rules_path, sheet, lang, allow_differing, explaining=True)
    if not isinstance(loaded, Loaded):  # a meeting table (the meetings' readers load only for one)
        from scheduler.cli.meetings import explain_meetings

        return explain_meetings(loaded, deadline, lang, as_json)
    loaded = _as_of_now(loaded)  # why solve fails: as of now too (started units held, the past closed)
    conflict = find(loaded.problem, time_limit=for_search(deadline, len(loaded.problem.units)))
    if as_json:
        from scheduler.cli.answer import Answer
        from scheduler.export.documents import explanation

        return Answer(explanation(loaded.table.path, "units", conflict, lang), explained_code(conflict))
    if conflict is None:
        say("why.none", lang)
        return None
    click.echo(conflict.text(lang))
    raise SystemExit(explained_code(conflict))
