"""The commands that solve and check: ``solve``, ``validate``, ``explain``, ``reschedule``."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click
from click.core import ParameterSource

from scheduler.cli.json_mode import json_option
from scheduler.cli.localized import argument, command, option
from scheduler.cli.options import (
    IntRange,
    allow_differing_read_option,
    chosen_formats,
    echo_lines,
    for_search,
    lang_option,
    output_options,
    rules_bytes,
    rules_option,
    say,
    sheet_option,
    time_limit_option,
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
    from scheduler.cli.loading import keep_edits, keep_recorded
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
        _solve_alternatives(loaded, objective, wanted, out_dir, search, lang, chosen, style)
        return None
    sources, beside, apart = _writing(loaded, out_dir, allow_cancel, chosen)
    items = sources.settings.items(units) if sources is not None else 0
    kept = rules_bytes(loaded.rules.path, out_dir)
    early = _early_items(out_dir, sources, units)
    search = for_search(deadline, units, chosen, items, kept, beside=beside, split_off=apart, early=early)
    invited = invited_times(sources)  # (as they stand before the new invites replace them)
    with _early_deadlines(loaded, out_dir, sources) as early:  # (the deadlines made while it solves)
        result = run(loaded.problem, objective=objective, time_limit=search)

        def show() -> None:
            moved = _moved(result, lang, invited=invited) if objective == "stable" and not as_json else ()
            _show_result(result, lang, moved, as_json)

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
        return load_table(table, rules_path, sheet=sheet, strict=True, allow_differing=allow_differing, **how)
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


def _show_result(result: Any, lang: str, between: Sequence[str] = (), as_json: bool = False) -> None:
    """The timetable, then ``between`` (e.g. who moved), then the summary; or why there is none (exit 1).
    Then, on the standard error, what the units' notes seem to ask (:mod:`scheduler.cli.notes`); with
    ``as_json`` that alone (the document is the command's answer)."""
    from scheduler.cli.display import summary_lines, timetable_lines
    from scheduler.cli.notes import tell_notes

    if as_json or result.timetable is None:
        tell_notes(result.problem, result.timetable, lang)
        if as_json:
            return
        _fail_infeasible(result, lang)
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
    """``--json``: the result's document; exit 1 when there is no timetable, as the text's. ``invited``:
    :func:`invited_times`, the old time of a moved unit the table gives none."""
    from scheduler.cli.answer import Answer
    from scheduler.export.documents import result as document

    answer = document(command, loaded.table.path, result, lang, moves, withdrawn, invited or {}, by_order)
    return Answer(answer, 0 if result.timetable is not None else 1)


def _fail_infeasible(result: Any, lang: str) -> NoReturn:
    """Print why there is no timetable (or that none was found in time) and exit 1."""
    from scheduler.cli.display import summary_lines

    if result.conflict is not None:
        click.echo(result.conflict.text(lang), err=True)
    for line in summary_lines(result, lang):
        click.echo(line, err=True)
    raise SystemExit(1)


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
    for number, timetable in enumerate(timetables, start=1):
        if found.timetables:
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
    if found.timetables and len(timetables) < wanted:
        say("alt.all" if found.complete else "alt.some", lang, count=len(timetables), wanted=wanted)
    tell_notes(loaded.problem, timetables[0], lang)  # where the first timetable puts the units
    if out_dir:
        from scheduler.cli.invites import alternative_files

        for path in write_files(out_dir, alternative_files(loaded, timetables, formats, style)):
            say("show.written", lang, path=path)


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

        return Answer(explanation(loaded.table.path, "units", conflict, lang), 0 if conflict is None else 1)
    if conflict is None:
        say("why.none", lang)
        return None
    click.echo(conflict.text(lang))
    raise SystemExit(1)


# Long: one replan from the table read to the files written, each step a helper (unit and meeting tables
# part after reading); the checks of the options and the folder come first, before anything is solved.
@command(help="help.reschedule")
@argument("table", metavar="metavar.table")
@rules_option
@option("--unavailable", multiple=True, metavar="metavar.who_span", help="help.opt.unavailable")
@option("--only", multiple=True, metavar="metavar.unit_span", help="help.opt.only")
@option("--pin", multiple=True, metavar="metavar.pin", help="help.opt.pin")
@option("--drop", multiple=True, metavar="metavar.name", help="help.opt.drop")
@option("--add", multiple=True, metavar="metavar.values", help="help.opt.add")
@option("--link", multiple=True, metavar="metavar.link", help="help.opt.link")
@option("--from-replies", is_flag=True, help="help.opt.from_replies")
@option("--ledger", "ledger_file", metavar="metavar.file", help="help.opt.ledger_reschedule")
@output_options("help.opt.out_reschedule", keeps_style=True)
@json_option
@lang_option
def reschedule(
    table: str,
    rules_path: str | None,
    unavailable: tuple[str, ...],
    only: tuple[str, ...],
    pin: tuple[str, ...],
    drop: tuple[str, ...],
    add: tuple[str, ...],
    link: tuple[str, ...],
    from_replies: bool,
    ledger_file: str | None,
    out_dir: str | None,
    formats: tuple[str, ...],
    encoding: str,
    time_format: str,
    sheet: str | None,
    deadline: Any,
    allow_cancel: bool,
    allow_differing: bool,
    lang: str,
    as_json: bool,
) -> Answer | None:
    """Apply changes to TABLE's timetable and move as few units as possible; write the adjustment notice."""
    from dataclasses import replace

    from scheduler.cli.invites import (
        ShownFirst,
        early_deadlines,
        early_items,
        formats_beside,
        invite_sources,
        split_off,
    )
    from scheduler.cli.loading import keep_edits, load_table
    from scheduler.export.outputs import CsvStyle, check_encoding, kept_style
    from scheduler.files.changes import changed, parse_changes, parse_links
    from scheduler.files.load import Loaded
    from scheduler.files.now import planning_now

    chosen = chosen_formats(formats, out_dir)
    loaded = load_table(table, rules_path, sheet=sheet, strict=True, tell=lang, allow_differing=allow_differing)
    keep_edits(out_dir, chosen, table, allow_differing)
    given = click.get_current_context().get_parameter_source
    style = kept_style(
        loaded.table,
        CsvStyle(encoding.lower(), time_format),
        encoding=given("encoding") is not ParameterSource.DEFAULT,
        times=given("time_format") is not ParameterSource.DEFAULT,
    )
    if not isinstance(loaded, Loaded):  # a meeting table (the meetings' readers load only for one)
        from scheduler.cli.meetings import reschedule_meetings

        for option, value, said in (("--only", only, "mopt.not_meetings"), ("--link", link, "mopt.link_meetings")):
            if value:  # a meeting table's order is written in its rules file ([[links]])
                raise InputError(Message(said, option=option), column=option)
        options = (unavailable, pin, drop, add)
        answers = (table, from_replies, ledger_file)
        return reschedule_meetings(
            loaded, options, out_dir, chosen, style, deadline, allow_cancel, lang, as_json, answers
        )
    if out_dir:
        check_encoding(loaded.table, style.encoding)
    asked = parse_changes(loaded, unavailable, pin, drop, add, only)
    links = parse_links(loaded, link, asked)
    items, before, size = 0, None, rules_bytes(loaded.rules.path, out_dir)
    if out_dir:  # a table that lost its rows stops here, before solving and before anything is shown
        staying = {u.name for u in loaded.problem.units} - set(asked.drop) | {u.name for u in asked.add}
        before = invite_sources(loaded, out_dir, allow_cancel, units=staying)
        items = before.settings.items(len(staying)) if before is not None else 0
    beside, apart = formats_beside(out_dir, before), split_off(chosen, before) if out_dir else None
    units = len(loaded.problem.units)
    every = not asked.drop and not asked.add  # (else its deadlines are made after the search)
    early = early_items(out_dir, before, units) if every else 0
    search = for_search(deadline, units, chosen, items, size, beside=beside, split_off=apart, early=early)
    # the deadline calendars made while it solves, as solve's; ended (what it staged removed) before the
    # folder's lock is let go: ended with the command, an infeasible reschedule left an empty DIR behind
    with early_deadlines(loaded, out_dir, before) as early:
        reasons: dict[str, str] = {}
        proposed: dict[str, str] = {}
        if from_replies:
            from scheduler.cli.replies import replan_from_replies

            linked = replace(loaded, problem=_linked(loaded.problem, links))
            replied = replan_from_replies(linked, table, asked, ledger_file, search, lang)
            result, asked, reasons, proposed = replied.result, replied.changes, replied.reasons, replied.proposed
            loaded = replace(loaded, rules=replied.loaded.rules)  # without the pins newer answers lifted
        else:
            # as of now: started units stay, none is placed in the past (rule started)
            result = _replan(loaded.problem, replace(asked, links=links), search, planning_now())
        dropped = set(asked.drop)
        withdrawn = [(m.unit, m.start) for m in loaded.timetable.meetings if m.unit in dropped]

        invited = invited_times(before)
        ordered = forced_by_order(result, asked)

        def show() -> None:
            moved = [*_moved(result, lang, withdrawn, invited), *_ordered_line(result, ordered, lang)]
            _show_result(result, lang, moved if not as_json else (), as_json)

        if not out_dir or result.timetable is None:
            show()
        else:  # printed while a second process makes a file
            with ShownFirst(show) as shown:
                new_table, new_rules = changed(loaded, asked, reasons, links, proposed)
                after = replace(loaded, problem=result.problem, table=new_table, rules=new_rules)
                sources = invite_sources(after, out_dir, allow_cancel, again=before)  # (the folder as read above)
                how = (chosen, sources, lang, style, shown, ordered, same_deadlines(early, before, sources))
                _write_round(loaded, after, result.timetable, new_rules, out_dir, *how)
        return _answer("reschedule", loaded, result, lang, True, withdrawn, invited, ordered) if as_json else None


def same_deadlines(early: Any, before: Any, sources: Any) -> Any:
    """``early`` (:class:`~scheduler.cli.invites.EarlyDeadlines`, made from what ``reschedule`` read
    before it solved: ``before``) when the export's ``sources`` are those (the same settings, the
    same state: the folder read once), else ``None`` (the export makes its own). Its units are the
    table's: a ``--drop`` or ``--add`` leaves it unused (:meth:`EarlyDeadlines.deadlines`)."""
    if early is None or before is None or sources is None:
        return None
    return early if sources.state is before.state and sources.settings == before.settings else None


def forced_by_order(result: Any, changes: Any) -> list[str]:
    """The units ``result`` moved only because of the category order: none of ``changes`` names them, and
    their old time, every other unit at its new one, breaks the order
    (:meth:`~scheduler.rules.category_order.CategoryOrder.forced_moves`). The terminal and the notice name
    them, so that nobody wonders why 街道05 moves for 区局03's absence (QA jobs16 F7)."""
    from scheduler.rules.category_order import CategoryOrder

    problem = result.problem
    if result.timetable is None or problem.reference is None:
        return []
    named = {u.unit for u in changes.unavailable} | {p.unit for p in changes.pins} | set(changes.drop)
    named |= {u.name for u in changes.add}
    before, after = problem.reference.starts(), result.timetable.starts()
    return [u for u in CategoryOrder().forced_moves(problem, before, after) if u not in named]


def _ordered_line(result: Any, units: Sequence[str], lang: str) -> list[str]:
    """One line naming the units moved only because of the category order, with the rule's name."""
    if not units:
        return []
    order = " → ".join(result.problem.categories)
    return [render(Message("replan.by_order", count=len(units), order=order, units=list(units)), lang)]


def _replan(problem: Any, changes: Any, time_limit: Any, now: Any) -> Any:
    """``replan`` as of ``now``; a ``--link`` that gives a unit two neighbours or closes a circle is named
    as the option's."""
    from scheduler.errors import InputError, ProblemError
    from scheduler.solver.replan import apply_changes, replan

    try:
        apply_changes(problem, changes)  # cheap: the links are checked before anything is solved
    except ProblemError as exc:
        raise InputError(exc.message, column="--link" if changes.links else None) from exc
    return replan(problem, changes, time_limit=time_limit, now=now)


def _linked(problem: Any, links: Sequence[Any]) -> Any:
    """``problem`` with ``links`` added; a link that branches or closes a circle is named as ``--link``'s."""
    if not links:
        return problem
    from scheduler.errors import InputError, ProblemError

    try:
        return problem.replace(links=problem.links + tuple(links))
    except ProblemError as exc:
        raise InputError(exc.message, column="--link") from exc


def _write_round(
    loaded: Any,
    after: Any,
    timetable: Any,
    rules: Any,
    out_dir: str,
    formats: tuple[str, ...],
    sources: Any,
    lang: str,
    style: Any,
    show: Any = None,
    ordered: Sequence[str] = (),
    early: Any = None,
) -> None:
    """The new timetable's files and the adjustment notice; when nothing moved, no notice (the last round's
    stays as it was), and a line saying so. ``show``, ``early``: as :func:`write_outputs`'s; ``ordered``:
    the units moved only because of the category order (:func:`forced_by_order`), which the notice names."""
    notice = _notice(loaded, timetable, rules, formats, sources, ordered)
    from scheduler.cli.invites import write_outputs

    write_outputs(after, timetable, rules, out_dir, formats, sources, lang, style, notice, show, early)
    if notice is None:
        _say_no_notice(out_dir, lang)


def _invited(before: Any, sources: Any) -> Any:
    """``before`` with the time of each unit the table gives none taken from the invite it already holds
    (:func:`invited_times`): the notice never calls a unit invited long ago （新增） (QA excel #4: a time
    lost to a CSV, or cleared by hand for the unit to be placed again)."""
    import dataclasses

    times = invited_times(sources)
    if not any(m.start is None and m.unit in times for m in before.meetings):
        return before
    meetings = tuple(
        dataclasses.replace(m, start=times[m.unit]) if m.start is None and m.unit in times else m
        for m in before.meetings
    )
    return dataclasses.replace(before, meetings=meetings)


def invited_times(sources: Any) -> dict[str, Any]:
    """The time each unit was invited at, as the invites folder of ``sources`` (:func:`invite_sources`;
    ``None``: no ``--out``) holds it (:func:`scheduler.invites.invited.held_starts`): the old time of a
    unit the table gives none, in the notice, the moves table and ``--json``'s moves. Without sources
    none was invited, and the invites' modules are not loaded (``solve`` without ``--out``)."""
    if sources is None:
        return {}
    from scheduler.invites.invited import held_starts

    return held_starts(sources.state)


def _say_no_notice(out_dir: str, lang: str) -> None:
    """No unit moved, so no notice was written: say so, and that the last round's (if any) was left alone."""
    from scheduler.export.notice import NOTICE_NAME

    kept = [
        f"{NOTICE_NAME}.{suffix}" for suffix in ("docx", "xlsx") if (Path(out_dir) / f"{NOTICE_NAME}.{suffix}").exists()
    ]
    say("replan.notice_kept" if kept else "replan.no_notice", lang, files=list(kept))


def _notice(
    loaded: Any,
    timetable: Any,
    rules: Any,
    formats: tuple[str, ...],
    sources: Any = None,
    ordered: Sequence[str] = (),
) -> dict[str, bytes] | None:
    """调整通知.docx/.xlsx: who moves, from the table's times to the new ones; none when nobody moves.
    ``sources``: the invites' (:func:`invite_sources`), whose times stand for a unit the table gives none."""
    from scheduler.export.notice import Notice, adjustment, notice_files, office_of
    from scheduler.export.stamps import made_on

    rows = adjustment(_invited(loaded.timetable, sources), timetable)
    if not rows:  # a notice that adjusts nothing is not written (nor does it replace the last round's)
        return None
    many_rooms = len(loaded.problem.rooms) > 1
    notice = Notice(rules.title or loaded.problem.title, office_of(rules.extra), made_on(), rows, many_rooms)
    if ordered:
        from dataclasses import replace

        notice = replace(notice, ordered=tuple(ordered), categories=loaded.problem.categories)
    return notice_files(notice, formats)
