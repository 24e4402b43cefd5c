"""The commands that solve and check a table: ``solve`` and ``validate``, and what ``reschedule`` and
``explain`` (:mod:`scheduler.cli.rescheduling`, :mod:`scheduler.cli.explaining`) share with them."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import click

from scheduler.cli.json_mode import json_option
from scheduler.cli.localized import argument, command, option
from scheduler.cli.options import (
    IntRange,
    allow_differing_read_option,
    chosen_formats,
    echo_lines,
    folded,
    for_search,
    lang_option,
    output_options,
    rules_bytes,
    rules_option,
    say,
    say_if_late,
    sheet_option,
)
from scheduler.errors import InputError
from scheduler.text.messages import Message, render

if TYPE_CHECKING:
    from scheduler.cli.answer import Answer
    from scheduler.solver.objectives import ObjectiveName


@command(help="help.solve")
@argument("table", required=False, metavar="metavar.table")
@rules_option
@option(
    "--objective",
    type=click.Choice(["compact", "stable"]),
    default="compact",
    show_default=True,
    help="help.opt.objective",
)
@output_options("help.opt.out_solve")
@option(
    "--alternatives",
    "wanted",
    type=IntRange(min=1, max=100),
    default=None,
    metavar="metavar.count",
    help="help.opt.alternatives",
)
@option("--discard-changes", is_flag=True, help="help.opt.discard_changes")
@json_option
@lang_option
def solve(
    table: str | None,
    rules_path: str | None,
    objective: ObjectiveName,  # click's Choice: one of them
    out_dir: str | None,
    formats: tuple[str, ...],
    encoding: str,
    time_format: str,
    sheet: str | None,
    deadline: Any,
    allow_cancel: bool,
    allow_differing: bool,
    wanted: int | None,
    discard_changes: bool,
    lang: str,
    as_json: bool,
) -> Answer | None:
    """Solve TABLE (default: the built-in 2021 example; a unit or a meeting table) and print the timetable."""
    from scheduler.cli.loading import check_folder_round, keep_edits, keep_recorded
    from scheduler.files.load import Loaded, default_table
    from scheduler.solver.pipeline import solve as run

    if as_json and wanted is not None:
        raise InputError(Message("alt.no_json"), column="--json")
    chosen = chosen_formats(formats, out_dir)
    if table is None:
        table = str(default_table())
        say("example.default_table", lang, err=True, path=table)  # nobody wonders which table was solved
    loaded = _solvable(table, rules_path, sheet, lang, allow_differing)
    if wanted is None:  # (alternatives go into folders of their own)
        keep_edits(out_dir, chosen, table, allow_differing)
        check_folder_round(out_dir, loaded)
        keep_recorded(out_dir, loaded, discard_changes, lang)
    if not isinstance(loaded, Loaded):  # a meeting table (the meetings' readers load only for one)
        from scheduler.cli.meetings import solve_meetings_command

        options = (objective, out_dir, chosen, _csv_style(encoding, time_format), deadline, allow_cancel, wanted)
        return solve_meetings_command(loaded, *options, lang=lang, as_json=as_json)
    style = _csv_style(encoding, time_format) if out_dir or wanted is not None else None  # (only files use it)
    if out_dir:
        from scheduler.export.outputs import check_encoding

        check_encoding(loaded.table, encoding.lower())
    loaded = _as_of_now(loaded)
    units = len(loaded.problem.units)
    if wanted is not None:
        kept = rules_bytes(loaded.rules.path, out_dir)
        search = for_search(deadline, units, chosen, rules_bytes=kept, alternatives=wanted)
        say_if_late(deadline, units, lang, chosen, rules_bytes=kept, alternatives=wanted)  # QA review20 F4
        _solve_alternatives(loaded, objective, wanted, out_dir, search, lang, chosen, style)
        return None
    sources, beside, apart = _writing(loaded, out_dir, allow_cancel, chosen)
    items = sources.settings.items(units, sources.contacts.further()) if sources is not None else 0
    kept = rules_bytes(loaded.rules.path, out_dir)
    early = _early_items(out_dir, sources, units)
    rendering = _rendering(loaded.problem, sources, units, early)
    writing = {"invites": items, "rules_bytes": kept, "beside": beside, "split_off": apart, "early": early}
    writing["rendering"] = rendering
    search = for_search(deadline, units, chosen, **writing)
    say_if_late(deadline, units, lang, chosen, **writing)
    invited = invited_times(sources)  # (as they stand before the new invites replace them)
    with _early_deadlines(loaded, out_dir, sources) as early:  # (the deadlines made while it solves)
        result = run(loaded.problem, objective=objective, time_limit=search)

        def show() -> None:
            moved = _moved(result, lang, invited=invited) if objective == "stable" and not as_json else ()
            _show_result(result, lang, moved, as_json, written=bool(out_dir))

        if out_dir and result.timetable is not None:  # printed while a second process makes a file
            from scheduler.cli.invites import write_outputs

            how = (chosen, sources, lang, style)
            write_outputs(loaded, result.timetable, loaded.rules, out_dir, *how, show=show, early=early)
        else:
            show()
    return _answer("solve", loaded, result, lang, objective == "stable", invited=invited) if as_json else None


def _writing(loaded: Any, out_dir: str | None, allow_cancel: bool, chosen: tuple[str, ...]) -> tuple[Any, bool, Any]:
    """What ``solve --out`` reads and plans before it solves (:mod:`scheduler.cli.invites`): the invites'
    sources, whether the formats are made beside them, which are split off. Without ``--out`` none of
    them, and that module is not loaded."""
    if not out_dir:
        return None, False, None
    from scheduler.cli.invites import formats_beside, invite_sources, split_off

    sources = invite_sources(loaded, out_dir, allow_cancel)
    return sources, formats_beside(out_dir, sources), split_off(chosen, sources)


def _early_items(out_dir: str | None, sources: Any, units: int) -> int:
    """:func:`scheduler.cli.invites.early_items`; without ``--out`` none, that module not loaded."""
    if not out_dir:
        return 0
    from scheduler.cli.invites import early_items

    return early_items(out_dir, sources, units)


def _rendering(problem: Any, sources: Any, units: int, early: int) -> float | None:
    """:func:`scheduler.cli.invites.rendering_seconds` for the invites made after the search; ``None``
    without invites (that module not loaded without ``--out``)."""
    if sources is None:
        return None
    from scheduler.cli.invites import rendering_seconds

    return rendering_seconds(problem, sources, units, early > 0)


def _early_deadlines(loaded: Any, out_dir: str | None, sources: Any) -> Any:
    """:func:`scheduler.cli.invites.early_deadlines`' block; without ``--out`` an empty one, that module
    not loaded."""
    if not out_dir:
        return contextlib.nullcontext(None)
    from scheduler.cli.invites import early_deadlines

    return early_deadlines(loaded, out_dir, sources)


def _csv_style(encoding: str, time_format: str) -> Any:
    """The CSV's :class:`~scheduler.export.outputs.CsvStyle` (``--encoding``, ``--time-format``): the
    writers' module is loaded only by a command that may write files (not by a solve that prints)."""
    from scheduler.export.outputs import CsvStyle

    return CsvStyle(encoding.lower(), time_format)


def _as_of_now(loaded: Any) -> Any:
    """``loaded`` with its problem as of now (``DOCKING_NOW``, else the clock), as ``reschedule`` and the
    web page's 求解 plan (docs/replanning.md, "Meetings that have started"): a unit whose time in the
    table (a published timetable) has begun stays there, and no unit is placed in a slot that has begun."""
    from dataclasses import replace
    from zoneinfo import ZoneInfo

    from scheduler.files.now import planning_now

    calendar, now = loaded.problem.calendar, planning_now()
    if not calendar.under_way(now.astimezone(ZoneInfo(calendar.timezone)).replace(tzinfo=None)):
        return loaded  # not begun, or over (planned as given, as_of's own rule): nothing more is loaded
    from scheduler.solver.as_of import as_of

    return replace(loaded, problem=as_of(loaded.problem, now))


def _solvable(
    table: str, rules_path: str | None, sheet: str | None, lang: str, allow_differing: bool, explaining: bool = False
) -> Any:
    """The table ``solve`` reads (strictly: :func:`~scheduler.cli.loading.load_table`). A time outside the
    meeting days and hours says how to go on: ``solve`` plans the times anew, so the 时间 column can be
    cleared (newcomer12: the example's own times, after its ``days`` were changed). ``explaining``:
    ``explain`` reads it so too, since it says why ``solve`` fails (docsaudit #15: it said "no conflict"
    on a table ``solve`` refuses), but tells no skipped rows and leaves the other copy as it is."""
    from scheduler.cli.loading import load_table
    from scheduler.errors import InputError

    try:
        how: dict[str, Any] = {"then": "read"} if explaining else {"tell": lang}
        loaded = load_table(table, rules_path, sheet=sheet, strict=True, allow_differing=allow_differing, **how)
        if explaining:  # how its people were read, the hidden rows read, as solve says it (QA review20 F5)
            from scheduler.cli.loading import tell_reading

            tell_reading(loaded, lang)
        return loaded
    except InputError as error:
        from scheduler.files.load import NO_SLOT

        if error.row is None or error.message.key not in NO_SLOT:  # a rules file's pin: no column to clear
            raise
        said = Message("input.outside_solve", said=error.message)
        raise InputError(said, error.path, error.row, error.column) from error


@command(help="help.validate")
@argument("table", metavar="metavar.table")
@rules_option
@sheet_option
@allow_differing_read_option
@json_option
@lang_option
def validate(
    table: str, rules_path: str | None, sheet: str | None, allow_differing: bool, lang: str, as_json: bool
) -> Answer | None:
    """Check a hand-made TABLE against every rule; one line per violation."""
    from scheduler.cli.loading import load_table
    from scheduler.cli.notes import tell_notes
    from scheduler.files.load import Loaded
    from scheduler.rules.check import validate as check

    loaded = load_table(table, rules_path, sheet=sheet, tell=lang, allow_differing=allow_differing, then="read")
    if not isinstance(loaded, Loaded):  # a meeting table (the meetings' readers load only for one)
        from scheduler.cli.meetings import validate_meetings

        return validate_meetings(loaded, lang, as_json)
    report = check(loaded.problem, loaded.timetable)
    if as_json:
        from scheduler.cli.answer import Answer
        from scheduler.export.documents import validation

        tell_notes(loaded.problem, loaded.timetable, lang)
        return Answer(validation(loaded.table.path, loaded.problem, report, lang), 0 if report.ok else 1)
    if report.ok:
        slots = len({m.start for m in loaded.timetable.meetings})
        say("show.valid", lang, units=len(loaded.problem.units), slots=slots)
    else:
        say("show.violations", lang, count=len(report.violations))
        for line in report.lines(lang):
            click.echo(line)
    tell_notes(loaded.problem, loaded.timetable, lang)  # a note is no rule: valid or not, it is said
    if not report.ok:
        raise SystemExit(1)
    return None


def _show_result(
    result: Any, lang: str, between: Sequence[str] = (), as_json: bool = False, written: bool = False
) -> None:
    """The timetable, then ``between`` (e.g. who moved), then the summary; or why there is none (exit 1).
    Then, on the standard error, what the units' notes seem to ask (:mod:`scheduler.cli.notes`); with
    ``as_json`` that alone (the document is the command's answer). ``written``: the timetable goes to files
    (``--out``), which hold every row: past :data:`~scheduler.cli.options.LISTED_ROWS` units it is then not
    listed, unless ``--all``, as a meeting table's (QA qabig25 F1: 5,000 rows printed where ``--help`` said not)."""
    from scheduler.cli.display import summary_lines, timetable_lines
    from scheduler.cli.notes import tell_notes

    if as_json or result.timetable is None:
        tell_notes(result.problem, result.timetable, lang)
        if as_json:
            return
        _fail_infeasible(result, lang)
    if folded(len(result.timetable.meetings), written):
        say("show.rows_folded", lang, count=len(result.timetable.meetings))
    else:
        echo_lines(timetable_lines(result.problem, result.timetable, lang))
    click.echo()
    if between:
        echo_lines(between)
        click.echo()
    echo_lines(summary_lines(result, lang))
    tell_notes(result.problem, result.timetable, lang)


def _moved(
    result: Any, lang: str, withdrawn: Sequence[tuple[str, Any]] = (), invited: dict[str, Any] | None = None
) -> list[str]:
    """Who moved from when to when, and by how many slots in all: what ``reschedule`` and ``solve
    --objective stable`` print between the timetable and the summary. ``invited``: :func:`invited_times`."""
    from scheduler.cli.display import moves_lines

    if result.timetable is None:
        return []
    moved = moves_lines(result, lang, withdrawn, invited or {})
    if result.score is not None and result.moves():
        moved.append(render(Message("replan.displacement", slots=result.score.as_dict()["displacement"]), lang))
    return moved


def _answer(
    command: str,
    loaded: Any,
    result: Any,
    lang: str,
    moves: bool,
    withdrawn: Sequence[tuple[str, Any]] = (),
    invited: dict[str, Any] | None = None,
    by_order: Sequence[str] = (),
) -> Answer:
    """``--json``: the result's document; with no timetable exit 1, or 3 when none was found in time
    (:func:`~scheduler.cli.options.no_timetable_code`), as the text's. ``invited``:
    :func:`invited_times`, the old time of a moved unit the table gives none."""
    from scheduler.cli.answer import Answer
    from scheduler.export.documents import result as document

    answer = document(command, loaded.table.path, result, lang, moves, withdrawn, invited or {}, by_order)
    from scheduler.cli.options import no_timetable_code

    code = 0 if result.timetable is not None else no_timetable_code(result.status, result.conflict)
    return Answer(answer, code)


def _fail_infeasible(result: Any, lang: str) -> NoReturn:
    """Print why there is no timetable (or that none was found in time) and exit 1 (or 3 when none was
    found in time: :func:`~scheduler.cli.options.no_timetable_code`)."""
    from scheduler.cli.display import summary_lines
    from scheduler.cli.options import no_timetable_code

    if result.conflict is not None:
        click.echo(result.conflict.text(lang), err=True)
    for line in summary_lines(result, lang):
        click.echo(line, err=True)
    raise SystemExit(no_timetable_code(result.status, result.conflict))


def _solve_alternatives(
    loaded: Any,
    objective: ObjectiveName,  # click's Choice: one of them
    wanted: int,
    out_dir: str | None,
    time_limit: Any,
    lang: str,
    formats: tuple[str, ...],
    style: Any,
) -> None:
    from scheduler.cli.display import summary_lines, timetable_lines
    from scheduler.cli.notes import tell_notes
    from scheduler.files.atomic import write_files
    from scheduler.solver.alternatives import alternatives

    found = alternatives(loaded.problem, objective=objective, count=wanted, time_limit=time_limit)
    result = found.result
    if result.timetable is None:
        tell_notes(loaded.problem, None, lang)
        _fail_infeasible(result, lang)
    if not found.timetables:
        say("alt.not_optimal", lang, err=True)
        timetables = [result.timetable]
    else:
        timetables = list(found.timetables)
    first = timetables[0].starts()
    short = not found.complete and len(timetables) < wanted  # then the count found is not how many exist
    for number, timetable in enumerate(timetables, start=1):
        if found.timetables and short:
            say("alt.header_short", lang, number=number, count=len(timetables), wanted=wanted)
        elif found.timetables:
            say("alt.header", lang, number=number, count=len(timetables))
        else:
            say("alt.best_found", lang)  # not proven optimal: never headed "optimal timetable 1 of 1"
        echo_lines(timetable_lines(loaded.problem, timetable, lang))
        if number > 1:
            differs = sum(1 for unit, start in timetable.starts().items() if first.get(unit) != start)
            say("alt.differs", lang, count=differs)
        click.echo()
    for line in summary_lines(result, lang):
        click.echo(line)
    shortfall = found.shortfall()  # all there are, or why the search stopped short
    if shortfall is not None:
        click.echo(shortfall.text(lang))
    tell_notes(loaded.problem, timetables[0], lang)  # where the first timetable puts the units
    if out_dir:
        from scheduler.cli.invites import alternative_files

        for path in write_files(out_dir, alternative_files(loaded, timetables, formats, style)):
            say("show.written", lang, path=path)


def invited_times(sources: Any) -> dict[str, Any]:
    """The time each unit was invited at, as the invites folder of ``sources`` (:func:`invite_sources`;
    ``None``: no ``--out``) holds it (:func:`scheduler.invites.invited.held_starts`): the old time of a
    unit the table gives none, in the notice, the moves table and ``--json``'s moves. Without sources
    none was invited, and the invites' modules are not loaded (``solve`` without ``--out``)."""
    if sources is None:
        return {}
    from scheduler.invites.invited import held_starts

    return held_starts(sources.state)
