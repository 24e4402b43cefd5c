"""The ``reschedule`` command: a timetable replanned after changes, with the least moved. A module of its
own, imported when the command runs (``scheduler.cli.main.LAZY_COMMANDS``): its fourteen options and its
helpers are not built and loaded at every start (a solve of the notice: about 3M instructions)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click.core import ParameterSource

from scheduler.cli.json_mode import json_option
from scheduler.cli.localized import argument, command, option
from scheduler.cli.options import (
    chosen_formats,
    for_search,
    lang_option,
    output_options,
    rules_bytes,
    rules_option,
    say,
    say_if_late,
)
from scheduler.cli.solving import _answer, _moved, _show_result, invited_times
from scheduler.errors import InputError
from scheduler.text.messages import Message, render

if TYPE_CHECKING:
    from scheduler.cli.answer import Answer


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
        rendering_seconds,
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
    from_now: list[Message] = []
    asked = parse_changes(loaded, unavailable, pin, drop, add, only, planning_now(), from_now)
    links = parse_links(loaded, link, asked)
    items, before, size = 0, None, rules_bytes(loaded.rules.path, out_dir)
    if out_dir:  # a table that lost its rows stops here, before solving and before anything is shown
        staying = {u.name for u in loaded.problem.units} - set(asked.drop) | {u.name for u in asked.add}
        before = invite_sources(loaded, out_dir, allow_cancel, units=staying)
        items = before.settings.items(len(staying), before.contacts.further()) if before is not None else 0
    for note in from_now:  # (review21 F4) a span begun before now counts from now, said as a meeting table's,
        click.echo(render(note, lang), err=as_json)  # once the changes are known good (a refusal: one line)
    beside, apart = formats_beside(out_dir, before), split_off(chosen, before) if out_dir else None
    units = len(loaded.problem.units)
    every = not asked.drop and not asked.add  # (else its deadlines are made after the search)
    early = early_items(out_dir, before, units) if every else 0
    writing: dict[str, Any] = {
        "invites": items,
        "rules_bytes": size,
        "beside": beside,
        "split_off": apart,
        "early": early,
        "rendering": rendering_seconds(loaded.problem, before, len(staying), early > 0) if before is not None else None,
    }
    search = for_search(deadline, units, chosen, **writing)
    say_if_late(deadline, units, lang, chosen, **writing)
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
            _show_result(result, lang, moved if not as_json else (), as_json, written=bool(out_dir))

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
    from scheduler.export.paper import paper_of
    from scheduler.export.stamps import made_on
    from scheduler.files.tables import english_headers

    rows = adjustment(_invited(loaded.timetable, sources), timetable)
    if not rows:  # a notice that adjusts nothing is not written (nor does it replace the last round's)
        return None
    many_rooms = len(loaded.problem.rooms) > 1
    lang = "en" if loaded.table is not None and english_headers(loaded.table.labels) else "zh"  # the annex's
    title = rules.title or loaded.problem.title
    notice = Notice(title, office_of(rules.extra), made_on(), rows, many_rooms, lang=lang, paper=paper_of(rules.extra))
    if ordered:
        from dataclasses import replace

        notice = replace(notice, ordered=tuple(ordered), categories=loaded.problem.categories)
    return notice_files(notice, formats)
