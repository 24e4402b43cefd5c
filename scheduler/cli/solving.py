"""The commands that solve and check: ``solve``, ``validate``, ``explain``, ``reschedule``."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import click

from scheduler.cli.invites import invite_sources, write_outputs
from scheduler.cli.options import (
    chosen_formats,
    lang_option,
    output_options,
    rules_option,
    say,
    sheet_option,
    time_limit_option,
)
from scheduler.errors import InputError
from scheduler.text.messages import Message, render


@click.command()
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
    allow_cancel: bool,
    wanted: int | None,
    lang: str,
) -> None:
    """Solve TABLE (default: the 2021 notice; CSV or .xlsx; a unit or a meeting table) and print the timetable."""
    from scheduler.files.either import load_either
    from scheduler.files.load import default_table
    from scheduler.files.meeting_files import LoadedMeetings
    from scheduler.solver.pipeline import solve as run

    began = time.perf_counter()
    chosen = chosen_formats(formats, out_dir)
    loaded = load_either(table or default_table(), rules_path, sheet=sheet, strict=True)
    if isinstance(loaded, LoadedMeetings):
        from scheduler.cli.meetings import solve_meetings_command

        solve_meetings_command(loaded, objective, out_dir, chosen, time_limit, allow_cancel, wanted, began, lang)
        return
    if wanted is not None:
        _solve_alternatives(loaded, objective, wanted, out_dir, time_limit, lang, chosen)
        return
    sources = invite_sources(loaded, out_dir, allow_cancel)
    result = run(loaded.problem, objective=objective, time_limit=time_limit)
    _show_result(result, lang)
    if out_dir:
        write_outputs(loaded, result.timetable, loaded.rules, out_dir, chosen, sources, lang)


@click.command()
@click.argument("table")
@rules_option
@sheet_option
@lang_option
def validate(table: str, rules_path: str | None, sheet: str | None, lang: str) -> None:
    """Check a hand-made TABLE (CSV or .xlsx; a unit or a meeting table) against every rule; one line per violation."""
    from scheduler.files.either import load_either
    from scheduler.files.meeting_files import LoadedMeetings
    from scheduler.rules.check import validate as check

    loaded = load_either(table, rules_path, sheet=sheet)
    if isinstance(loaded, LoadedMeetings):
        from scheduler.cli.meetings import validate_meetings

        validate_meetings(loaded, lang)
        return
    report = check(loaded.problem, loaded.timetable)
    if report.ok:
        slots = len({m.start for m in loaded.timetable.meetings})
        say("show.valid", lang, units=len(loaded.problem.units), slots=slots)
        return
    say("show.violations", lang, count=len(report.violations))
    for line in report.lines(lang):
        click.echo(line)
    raise SystemExit(1)


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


@click.command()
@click.argument("table")
@rules_option
@time_limit_option("Seconds each solver call may take.")
@sheet_option
@lang_option
def explain(table: str, rules_path: str | None, time_limit: float, sheet: str | None, lang: str) -> None:
    """Say why no timetable satisfies TABLE's rules: the fewest rules that cannot hold together."""
    from scheduler.files.either import load_either
    from scheduler.files.meeting_files import LoadedMeetings
    from scheduler.solver.diagnose import explain as find

    loaded = load_either(table, rules_path, sheet=sheet)
    if isinstance(loaded, LoadedMeetings):
        from scheduler.cli.meetings import explain_meetings

        explain_meetings(loaded, time_limit, lang)
        return
    conflict = find(loaded.problem, time_limit=time_limit)
    if conflict is None:
        say("why.none", lang)
        return
    click.echo(conflict.text(lang))
    raise SystemExit(1)


@click.command()
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
@click.option(
    "--from-replies",
    is_flag=True,
    help="Turn the declines and counter-proposals read by `replies` into unavailability (the unit's words "
    "as the reason) and proposed times.",
)
@click.option(
    "--ledger", "ledger_file", metavar="FILE", help="Replies ledger. Default: replies-ledger.jsonl beside TABLE."
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
    from_replies: bool,
    ledger_file: str | None,
    out_dir: str | None,
    formats: tuple[str, ...],
    sheet: str | None,
    time_limit: float,
    allow_cancel: bool,
    lang: str,
) -> None:
    """Apply changes to TABLE's timetable and move as few units as possible.

    \b
    Among the timetables that move the fewest units: the smallest total
    displacement, then the earliest finish. Prints who moved (from -> to).
    With --from-replies, the units' declines and counter-proposals (read by
    `replies`) are the changes; then mail the updates with `send`.
    Examples:
      docking-scheduler reschedule examples/notice_2021.csv --unavailable "区财政局@9月8日 11:00"
      docking-scheduler reschedule out/timetable.csv --from-replies --out out
    """
    from dataclasses import replace

    from scheduler.cli.display import moves_lines
    from scheduler.files.changes import changed, parse_changes
    from scheduler.files.either import load_either
    from scheduler.files.meeting_files import LoadedMeetings
    from scheduler.solver.replan import replan

    began = time.perf_counter()
    chosen = chosen_formats(formats, out_dir)
    loaded = load_either(table, rules_path, sheet=sheet, strict=True)
    if isinstance(loaded, LoadedMeetings):
        from scheduler.cli.meetings import reschedule_meetings

        if from_replies:
            message = Message("mopt.not_yet", option="--from-replies", what="replanning")
            raise InputError(message, column="--from-replies")
        options = (unavailable, pin, drop, add)
        reschedule_meetings(loaded, options, out_dir, chosen, time_limit, allow_cancel, began, lang)
        return
    changes = parse_changes(loaded, unavailable, pin, drop, add)
    reasons: dict[str, str] = {}
    if from_replies:
        from scheduler.cli.replies import replan_from_replies

        result, changes, reasons = replan_from_replies(loaded, table, changes, ledger_file, time_limit, lang)
    else:
        result = replan(loaded.problem, changes, time_limit=time_limit)
    moved = moves_lines(result, lang) if result.timetable is not None else []
    if result.score is not None and result.moves():
        moved.append(render(Message("replan.displacement", slots=result.score.as_dict()["displacement"]), lang))
    _show_result(result, lang, moved)
    if out_dir:
        new_table, new_rules = changed(loaded, changes, reasons)
        after = replace(loaded, problem=result.problem, table=new_table, rules=new_rules)
        sources = invite_sources(after, out_dir, allow_cancel)
        write_outputs(after, result.timetable, new_rules, out_dir, chosen, sources, lang)
