"""Calendar invites from the command line: ``ics``, and the invites ``solve --out`` writes."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import click

from scheduler.cli.localized import argument, command, option
from scheduler.cli.options import (
    all_option,
    allow_cancel_option,
    allow_differing_read_option,
    echo_lines,
    lang_option,
    rules_option,
    say,
    sheet_option,
    show_all,
)
from scheduler.files.reasons import file_reason
from scheduler.text.messages import Message, render, worded


def invite_sources(
    loaded: Any, out_dir: str | None, allow_cancel: bool = False, units: Any = None, again: Any = None
) -> Any:
    """What invites need (settings, contacts, the last export's state), read before solving so
    bad input fails early; ``None`` without ``--out`` or when the rules define no invites.

    Every unit of the problem gets a time, so the units the export would cancel are known
    now: more than a few stop the command here, before solving, unless ``allow_cancel``.
    ``units``: the names the export will hold when they are not the problem's (``reschedule``
    checks the table's units less those it drops, plus those it adds, before it solves).
    ``again``: what this command read with this function before, from the same folder
    (:func:`~scheduler.invites.folder.read_sources` says what it takes from it)."""
    if not out_dir:
        return None
    from scheduler.files.load import check_unit_names
    from scheduler.invites.folder import INVITES_DIR, read_sources
    from scheduler.invites.guard import check_cancellations
    from scheduler.invites.settings import has_invites
    from scheduler.mail.journal import JOURNAL_NAME, mailed_in

    if not has_invites(loaded.rules):
        return None
    check_unit_names(loaded.table)
    mailed = mailed_in(Path(out_dir) / JOURNAL_NAME)
    sources = read_sources(loaded.rules, loaded.problem, Path(out_dir) / INVITES_DIR, mailed=mailed, again=again)
    names = {u.name for u in loaded.problem.units} if units is None else set(units)
    check_cancellations(sources.state, names, allow_cancel, loaded.table.path)
    _warn_past_milestones(loaded, sources)
    return sources


def _warn_past_milestones(loaded: Any, sources: Any) -> None:
    """One line on the standard error per milestone already past in a campaign still to come
    (:func:`scheduler.invites.settings.past_milestones`)."""
    if not sources.settings.milestones:
        return
    from zoneinfo import ZoneInfo

    from scheduler.cli.language import current
    from scheduler.files.now import planning_now
    from scheduler.invites.settings import past_milestones

    calendar = loaded.problem.calendar
    today = planning_now().astimezone(ZoneInfo(calendar.timezone)).date()
    for hint in past_milestones(sources.settings, loaded.rules, calendar.days, today):
        click.echo(hint.text(current()), err=True)


def formats_beside(out_dir: str | None, sources: Any) -> bool:
    """Whether :func:`write_outputs` makes the formats in a second process from the start, while the
    invites are made: with invites, and no replies ledger in DIR (the answers the formats then
    carry go with the new invites), where a process can be forked."""
    if sources is None or not out_dir:
        return False
    from scheduler.cli.forked import can_fork
    from scheduler.replies.ledger import LEDGER_NAME

    return not (Path(out_dir) / LEDGER_NAME).exists() and can_fork()


class EarlyDeadlines:
    """``solve --out``'s and ``reschedule --out``'s deadline calendars
    (:func:`~scheduler.invites.folder.export_deadlines`) made in a forked child while the timetable is
    searched for, and their files staged there too (:func:`~scheduler.files.atomic.stage_apart`): they
    depend on no timetable that holds every unit, which ``solve``'s always does (``reschedule``'s when
    it drops and adds none, and exports with the settings and state it read before solving).
    :func:`write_outputs` takes the calendars for the export (:meth:`deadlines`) and the staged files
    into its own write (:meth:`adopt`), renamed with the rest, all or none. Leaving the block otherwise
    (no timetable, an error, an interruption) ends the child and removes what it staged, and the folders
    it made."""

    def __init__(self, loaded: Any, out_dir: str, sources: Any) -> None:
        from scheduler.cli.forked import ForkedSteps
        from scheduler.files.atomic import new_trees
        from scheduler.files.now import now_utc
        from scheduler.invites.folder import INVITES_DIR
        from scheduler.invites.names import DEADLINES_DIR

        self.now = now_utc()
        """The DTSTAMP of what changed, for the deadlines and the export alike."""
        self.units = {u.name for u in loaded.problem.units}
        self.folders = [Path(out_dir) / INVITES_DIR, Path(out_dir) / INVITES_DIR / DEADLINES_DIR]
        self.missing = [] if self.folders[-1].exists() else [self.folders[-1]]
        while (
            self.missing[-1:] and not self.missing[-1].parent.exists() and self.missing[-1].parent != self.missing[-1]
        ):
            self.missing.append(self.missing[-1].parent)  # (DIR itself too, and its parents: the child makes them)
        self.trees = new_trees(out_dir, (INVITES_DIR,))
        """A new ``invites/`` is staged whole, by the child and by :func:`write_outputs` alike."""
        self.steps: Any = ForkedSteps(_deadline_steps, sources, loaded.problem, self.now, out_dir, self.trees)
        self.staged: Any = None
        self.adopted = False
        self.given: Any = None
        """The calendars :meth:`asked`'s function gave (``None``: not asked, or dropped)."""

    def __enter__(self) -> EarlyDeadlines:
        self.steps.__enter__()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def deadlines(self, timetable: Any) -> Any:
        """The calendars, for a ``timetable`` that holds every unit (else ``None``, and the child's
        work is dropped: the export makes its own)."""
        if set(timetable.starts()) != self.units:
            self.close()
            return None
        return self.steps.next()

    def asked(self, timetable: Any) -> Callable[[], Any]:
        """:meth:`deadlines` as a function for the export, which calls it once the office's copies of the
        meetings are made (the child finishing its calendars meanwhile); what it gave is then :attr:`given`."""

        def ask() -> Any:
            self.given = self.deadlines(timetable)
            return self.given

        return ask

    def adopt(self, staging: Any) -> None:
        """The child's staged files into ``staging`` (waiting for the child to have made them durable)."""
        self.staged = self.steps.next()
        self._sweep_failed()
        staging.adopt(self.staged)
        self.adopted = True

    def close(self) -> None:
        """End the child; unless adopted, remove what it staged and the folders made for it."""
        self.steps.__exit__()
        if self.adopted:
            return
        import shutil

        from scheduler.files.atomic import sweep_writer

        if self.staged is not None:
            for temp, _ in self.staged.files:
                Path(temp).unlink(missing_ok=True)
            self.staged = None
        if self.steps.child is not None:
            sweep_writer(self.folders, self.steps.child)
        for tree in self.trees.values():  # (the staging folder of a new invites/: this command's own)
            shutil.rmtree(Path(self.folders[0].parent, tree), ignore_errors=True)
        for folder in self.missing:  # (innermost first)
            with contextlib.suppress(OSError):
                folder.rmdir()

    def _sweep_failed(self) -> None:
        if self.steps.failed is not None:  # (its work was done here instead)
            from scheduler.files.atomic import sweep_writer

            sweep_writer(self.folders, self.steps.failed)


def _deadline_steps(sources: Any, problem: Any, now: Any, out_dir: str, trees: Any) -> Iterator[Any]:
    """:class:`EarlyDeadlines`' child: the calendars, then their files staged."""
    from scheduler.files.atomic import stage_apart
    from scheduler.invites.folder import INVITES_DIR, export_deadlines

    deadlines = export_deadlines(sources, problem, now)
    yield deadlines
    yield stage_apart(out_dir, {f"{INVITES_DIR}/{name}": data for name, data in deadlines.files().items()}, trees)


def early_deadlines(loaded: Any, out_dir: str | None, sources: Any) -> Any:
    """An :class:`EarlyDeadlines` block where the invites have deadlines and a child can be forked;
    else a block that gives ``None`` (without invites the forking module is not even loaded)."""
    if out_dir is None or not _early(out_dir, sources):
        return contextlib.nullcontext(None)
    return EarlyDeadlines(loaded, out_dir, sources)


def early_items(out_dir: str | None, sources: Any, units: int) -> int:
    """How many of the invites' calendar items of ``units`` units :func:`early_deadlines` makes beside
    the search (each unit's deadline items; :data:`scheduler.cli.options.PER_EARLY_ITEM`): none where
    it makes none. Counted for a timetable that holds every unit (``reschedule`` that drops or adds
    units has its deadlines made after the search: it passes none)."""
    if not _early(out_dir, sources):
        return 0
    return units * sum(len(m.dates) for m in sources.settings.milestones)


SAMPLE_UNITS = 40
"""How many units' invites :func:`rendering_seconds` makes to time them (spread over the table)."""
SAMPLE_CLOCK = time.process_time
"""The clock :func:`rendering_seconds` times its sample by: this process's CPU seconds (the pace the
machine runs the command at is counted apart: :func:`scheduler.cli.options.pace`)."""


def rendering_seconds(problem: Any, sources: Any, units: int, early: bool = False) -> float:
    """CPU seconds this machine takes, on this run, to make the invites of ``units`` units of ``problem``
    (their calendars, the state's record of them and its JSON), timed on a sample of
    :data:`SAMPLE_UNITS` of its units spread over the table with their own contacts, names, addresses and
    settings, and scaled to ``units``: what an export's time grows with, measured rather than counted
    (long names, several addresses a unit, long templates; QA qashapes20 F3). ``early``: the deadline
    calendars are made beside the search (:func:`early_deadlines`), so the sample makes none. 0 when
    there is nothing to time (no units, no slot). Nothing of the sample is kept or written."""
    from dataclasses import replace

    from scheduler.cli.loading import collector_paused
    from scheduler.domain import Meeting, Timetable
    from scheduler.files.now import now_utc
    from scheduler.invites.calendar import build_invites
    from scheduler.invites.state import dump_state

    every = problem.units
    if not every or not problem.calendar.slots or units <= 0:
        return 0.0
    sample = every[:: max(1, len(every) // SAMPLE_UNITS)][:SAMPLE_UNITS]
    slot, room = problem.calendar.slots[0], problem.rooms[0].name if problem.rooms else None
    timetable = Timetable(tuple(Meeting(unit.name, slot, room) for unit in sample))
    contacts = sources.contacts.by_unit
    theirs = {unit.name: contacts[unit.name] for unit in sample if unit.name in contacts}
    settings = replace(sources.settings, milestones=()) if early else sources.settings
    now = now_utc()

    def spent(meetings: Any) -> float:
        started = SAMPLE_CLOCK()
        dump_state(build_invites(problem, Timetable(meetings), settings, theirs, None, now).state)
        return SAMPLE_CLOCK() - started

    with collector_paused():  # (as the export is made: write_outputs)
        one = spent(timetable.meetings[:1])  # what an export costs whatever its size (and the first calls' caches)
        per_unit = max(0.0, spent(timetable.meetings) - one) / max(1, len(sample) - 1)
    return one + per_unit * (units - 1)


def _early(out_dir: str | None, sources: Any) -> bool:
    if sources is None or not out_dir or not sources.settings.milestones:
        return False
    from scheduler.cli.forked import can_fork

    return can_fork()


def write_outputs(
    loaded: Any,
    timetable: Any,
    rules: Any,
    out_dir: str,
    formats: tuple[str, ...],
    sources: Any,
    lang: str,
    style: Any = None,
    extra: dict[str, bytes] | None = None,
    show: Callable[[], None] | None = None,
    early: EarlyDeadlines | None = None,
) -> None:
    """The timetable in ``formats``, the rules used, the contacts they name (copied in, so DIR
    holds everything it needs), ``extra`` files and, when the rules define them, the invites in
    DIR/invites: all written, or none. When DIR holds a replies ledger, the CSV and Excel files
    carry the units' answers (against the new invites).

    With invites, the formats are made in a second process (:class:`~scheduler.cli.forked.Forked`)
    while this one makes the invites, the state's JSON in a third while the invites' files are written
    to disk (:class:`~scheduler.files.atomic.Staging`): at 5,000 units each is seconds of work.
    ``show``: what the command prints before it tells the files (the timetable), called once the
    second process has started (it works while this one prints), and before any error is told.
    ``early``: the deadline calendars made, and their files staged, while the timetable was searched
    for (:class:`EarlyDeadlines`)."""
    with ShownFirst(show) as shown:
        _write_outputs(loaded, timetable, rules, out_dir, formats, sources, lang, style, extra or {}, shown, early)


def _write_outputs(
    loaded: Any,
    timetable: Any,
    rules: Any,
    out_dir: str,
    formats: tuple[str, ...],
    sources: Any,
    lang: str,
    style: Any,
    extra: dict[str, bytes],
    shown: Callable[[], None],
    early: EarlyDeadlines | None,
) -> None:
    from scheduler.cli.forked import Forked
    from scheduler.cli.loading import collector_paused
    from scheduler.export.outputs import OUTPUT_NAMES, CsvStyle, timetable_files
    from scheduler.files.atomic import Staging, new_trees
    from scheduler.invites.folder import INVITES_DIR, export
    from scheduler.invites.settings import bundle_rules
    from scheduler.invites.state import STATE_NAME, dump_state
    from scheduler.mail.journal import JOURNAL_NAME
    from scheduler.replies.ledger import LEDGER_NAME

    written, contacts = bundle_rules(rules, taken={*OUTPUT_NAMES, *extra, INVITES_DIR, JOURNAL_NAME, LEDGER_NAME})
    timezone = loaded.problem.calendar.timezone

    def tables(answers: Any, only: tuple[str, ...] = formats, rules: bool = True) -> dict[str, bytes]:
        csv = style or CsvStyle()
        made = timetable_files(loaded, timetable, written, formats=only, csv=csv, answers=answers, with_rules=rules)
        return {**made, **extra, **contacts} if rules else made

    invites = deadlines = None
    # A new invites/ is written in a staging folder and renamed into place whole (10,002 files at 5,000 units)
    trees = None if sources is None else early.trees if early is not None else new_trees(out_dir, (INVITES_DIR,))
    with Staging(out_dir, trees) as staging, ExitStack() as stack:
        stack.enter_context(collector_paused(freeze=True))  # (the command then tells what it wrote, and ends)
        if sources is None:
            files = _split(tables, formats, outputs_answers(out_dir, None, timezone, loaded), shown)
        else:
            made = stack.enter_context(Forked(tables, None)) if formats_beside(out_dir, sources) else None
            shown()
            now, asked = (early.now, early.asked(timetable)) if early is not None else (None, None)
            invites = export(sources, loaded.problem, timetable, now, asked)
            deadlines = early.given if early is not None else None
            if made is None:
                made = stack.enter_context(Forked(tables, outputs_answers(out_dir, invites.state, timezone, loaded)))
            # The state's JSON in a second child, forked before the staging thread starts: made here,
            # beside that thread, each of its system calls waited for this process's switch interval
            state = stack.enter_context(Forked(dump_state, invites.state))
            calendars = invites.calendars()
            if deadlines is not None:  # (their files are staged already: the very bytes the export took)
                for name, data in deadlines.files().items():
                    assert calendars.pop(name) is data
            staging.add({f"{INVITES_DIR}/{name}": data for name, data in calendars.items()})
            files = made.result()
        staging.add(files)
        if deadlines is not None and early is not None:
            early.adopt(staging)
        if invites is not None:
            staging.add({f"{INVITES_DIR}/{STATE_NAME}": state.result()})  # the last renamed, as before
        staging.commit()
    for name in files:
        say("show.written", lang, path=Path(out_dir) / name)
    if sources is not None and sources.rebuilt is not None:
        click.echo(render(sources.rebuilt, lang), err=True)
    if sources is not None:
        sources_year_line(sources, loaded.problem.calendar, lang)
    if invites is not None:
        inside = Path(out_dir) / INVITES_DIR  # the targets are this folder's paths joined: no resolving
        wrote = sum(1 for path in staging.written if path.parent == inside or inside in path.parents)
        report_invites(invites, Path(out_dir) / INVITES_DIR, lang, wrote)
    else:
        say("show.no_invites", lang)


def alternative_files(loaded: Any, timetables: Any, formats: tuple[str, ...], style: Any) -> dict[str, bytes]:
    """``solve --alternatives K --out DIR``'s files: each timetable's formats, rules and contacts in
    ``alternative-N/`` (each folder stands on its own), made as :func:`write_outputs` makes one
    timetable's (the collector paused, the ``.xlsx`` in a forked child while the rest is made)."""
    from scheduler.cli.loading import collector_paused
    from scheduler.export.outputs import OUTPUT_NAMES, timetable_files
    from scheduler.invites.settings import bundle_rules

    rules, contacts = bundle_rules(loaded.rules, taken=OUTPUT_NAMES)
    files: dict[str, bytes] = {}
    with collector_paused():
        for number, timetable in enumerate(timetables, start=1):

            def tables(
                _answers: Any, only: tuple[str, ...] = formats, whole: bool = True, made: Any = timetable
            ) -> Any:
                some = timetable_files(loaded, made, rules, only, csv=style, with_rules=whole)
                return {**some, **contacts} if whole else some

            for name, data in _split(tables, formats, None, lambda: None).items():
                files[f"alternative-{number}/{name}"] = data
    return files


def outputs_answers(out_dir: str, state: Any, timezone: str, loaded: Any = None) -> Any:
    """:func:`scheduler.replies.collect.outputs_answers` (none without a replies ledger in DIR), its
    module loaded only when there is a ledger: it loads the mail clients (30-40 ms of a 5,000-unit
    ``solve --out``, which has no answers to carry)."""
    from scheduler.replies.ledger import LEDGER_NAME

    if not (Path(out_dir) / LEDGER_NAME).exists():
        return None
    from scheduler.replies.collect import outputs_answers as answers

    return answers(out_dir, state, timezone, loaded)


def ledger_delegations(folder: str | Path, journal: str | Path) -> Any:
    """Who handed which meeting on to whom, as the replies ledger beside ``journal`` records it
    (:func:`scheduler.replies.delegations.delegations_at`), for the invites about to be written in
    ``folder``: ``ics`` and ``solve --out`` read it here, at the command's edge, as ``send`` gives the flow
    its reader. ``None`` without a ledger (the delegates the last export wrote kept); the module loaded only
    when there is one (it loads the answers' readers)."""
    from scheduler.replies.ledger import ledger_path

    if not ledger_path(journal).exists():
        return None
    from scheduler.replies.delegations import delegations_at

    return delegations_at(folder, journal)


SPLIT_OFF = "xlsx"
"""The format made in a second process while this one makes the others, when there are no invites
to make beside them: the slowest when it was chosen (5,000 units: 0.8-1.2 s of the 2.2 s all four
took, written with openpyxl); written with XlsxWriter, 0.4-0.5 s, about ``.docx``'s or less."""


def split_off(formats: tuple[str, ...], sources: Any) -> str | None:
    """The format :func:`write_outputs` makes in a second process while it makes the other formats
    (:data:`SPLIT_OFF`, when asked for with others, and no invites are made: with invites, all the
    formats are made beside them); ``None``: none is."""
    from scheduler.cli.forked import can_fork

    if sources is not None or SPLIT_OFF not in formats or len(formats) < 2 or not can_fork():
        return None
    return SPLIT_OFF


def _split(tables: Any, formats: tuple[str, ...], answers: Any, shown: Callable[[], None]) -> dict[str, bytes]:
    """``tables(answers)``, with :func:`split_off`'s format made in a forked child while the command
    prints (``shown``) and makes the rest and the rules file (the same bytes either way; should the
    child fail, :class:`~scheduler.cli.forked.Forked` makes it here)."""
    from scheduler.cli.forked import Forked
    from scheduler.export.outputs import file_name

    if split_off(formats, None) is None:
        shown()
        return tables(answers)  # type: ignore[no-any-return]
    rest = tuple(f for f in formats if f != SPLIT_OFF)
    name = file_name(SPLIT_OFF)

    def apart(given: Any) -> bytes:
        return tables(given, (SPLIT_OFF,), False)[name]  # type: ignore[no-any-return]

    with Forked(apart, answers) as made:
        shown()
        files: dict[str, bytes] = tables(answers, rest)
        files[name] = made.result()
    order = [file_name(f) for f in formats]  # the files in the order they are told, as before
    return {**{n: files[n] for n in order if n in files}, **files}


class ShownFirst:
    """``show`` (what a command prints before its files: the timetable) called at most once: when
    called, or at the end of the block if it was not (an error before the files were started is
    told after what the command printed, as it always was)."""

    def __init__(self, show: Callable[[], None] | None) -> None:
        self.show = show

    def __call__(self) -> None:
        show, self.show = self.show, None
        if show is not None:
            show()

    def __enter__(self) -> ShownFirst:
        return self

    def __exit__(self, *_exc: object) -> None:
        self()


def warn_remailing(invites: Any, out_dir: str, lang: str) -> None:
    """After ``solve --out DIR`` re-solved a meeting table whose invites were already mailed (DIR's mail
    journal names them): one line on stderr saying how many of the mailed invites this solve changed
    (each re-sent, each person asked to answer again), pointing to ``reschedule`` for a small correction
    (QA jobs16 F9: one committee corrected re-issued 159 of 200 invitations). Nothing when none."""
    from scheduler.mail.journal import JOURNAL_NAME, mailed_in

    if invites is None:
        return
    mailed = {key for key, sent in mailed_in(Path(out_dir) / JOURNAL_NAME).items() if sent.address}
    changed = [i for i in invites.invites if i.change in ("updated", "cancelled") and i.journal_key in mailed]
    if changed:
        table = Path(out_dir) / "timetable.csv"
        meetings = len({i.uid for i in changed})
        say("mshow.remailing", lang, err=True, count=len(changed), meetings=meetings, table=table)


def _warn_zone_changed(invites: Any, lang: str) -> None:
    """One line when updates move only because the rules' ``timezone`` changed since the export before
    (:func:`scheduler.invites.changes.zone_changed`): ``send`` will ask for ``--allow-zone-change``."""
    from scheduler.invites.changes import zone_changed

    pairs = ((i, invites.before(i)) for i in invites.changed if i.change == "updated")
    found = zone_changed((i, b) for i, b in pairs if b is not None)
    if found is not None:
        click.echo(render(found.message("show.zone_changed"), lang), err=True)


def report_invites(invites: Any, directory: Path, lang: str, written: int | None = None, dry: bool = False) -> None:
    """What an export did: the files written (``written``: how many were, the others holding their bytes
    already; ``None``: all), counts, each changed unit, units without an address, unknown contacts.
    ``dry``: ``send --dry-run``'s, which wrote nothing (said so; its summary names the units without one)."""

    counts = {change: 0 for change in ("new", "updated", "cancelled", "unchanged")}
    for invite in invites.invites:
        counts[invite.change] += 1
    meetings = any(i.shared for i in invites.invites)
    total = invites.file_count
    count = total if written is None else written
    if dry:
        say("show.invites_dry", lang, path=directory)
    elif count == 0:
        say("show.invites_unchanged", lang, path=directory, same=total)
    elif count < total:
        say("show.invites_some_written", lang, path=directory, count=count, same=total - count)
    else:
        say("show.invites_written", lang, path=directory, count=count)
    if meetings:
        held = [i for i in invites.invites if not i.cancelled]  # the cancelled copies are counted apart (取消 N)
        titles = {i.uid for i in held}
        summary = Message("show.minvites_summary", meetings=len(titles), people=len(held), **counts)
    else:
        summary = Message("show.invites_summary", **counts)
    click.echo(render(summary, lang))
    if invites.changed:
        _show_changes(invites, meetings, lang)
        _warn_zone_changed(invites, lang)
    if meetings:
        warn_shared(invites, lang)
    else:
        from scheduler.invites.meetings import units_at_one_address

        for address, sharing in units_at_one_address(invites.invites):
            say("show.units_one_address", lang, err=True, units=list(sharing), address=address)
    missing = list(dict.fromkeys(i.unit for i in invites.without_address))
    if missing and not dry:
        say(worded("show.no_address", meetings), lang, err=True, count=len(missing), units=missing)
    if invites.unknown_contacts:  # each with the unit left without an address it most likely means
        from scheduler.text.names import unknown_name

        units = [unknown_name(Message("show.contact_unit", unit=u), u, missing) for u in invites.unknown_contacts]
        say("show.unknown_contacts", lang, err=True, count=len(invites.unknown_contacts), units=units)


def _show_changes(invites: Any, meetings: bool, lang: str) -> None:
    """Each changed copy (unit, or a meeting's participant) on a row; past :data:`LISTED_CHANGES` copies the
    new ones counted and the others listed, a meeting table's one row a meeting (:func:`_listed_changes`)."""
    from scheduler.cli.display import grid
    from scheduler.text.times import dated, format_time

    keys = ("show.change", "mshow.person" if meetings else "show.unit", "show.time", "show.invite", "show.why")
    header = [render(Message(key), lang) for key in keys]
    if meetings:
        header.insert(2, render(Message("mshow.meeting"), lang))
    rows = []
    listed, people = _listed_changes(invites.changed, meetings)
    for i in listed:
        row = [
            render(Message(f"show.change.{i.change}"), lang),
            render(Message("show.people_count", count=people[(i.change, i.uid)]), lang)
            if people is not None and meetings
            else i.unit
            if i.shared or not i.key
            else f"{i.unit} <{i.attendee.address}>",  # a further address's
            dated(format_time(i.start.replace(tzinfo=None)), lang),
            f"{i.method} SEQUENCE {i.sequence}",
            _why(i, invites.before(i), lang, meetings, _people_changed(invites, i, lang))
            if i.change == "updated"
            else "",
        ]
        if meetings:
            row.insert(2, _summary(invites, i.uid))
        rows.append(row)
    if rows:
        echo_lines(grid(header, rows))
    if people is not None:
        new = sum(1 for i in invites.changed if i.change == "new")
        key = "show.changes_folded" if meetings else "show.changes_folded_units"
        say(key, lang, new=new, count=len(invites.changed))


LISTED_CHANGES = 200
"""Changed copies of a meeting table's invites past which the terminal counts the new ones and gives the
updated and cancelled one row a meeting (its first copy's, with how many people), unless ``--all``:
``ics`` of 2,000 meetings printed 10,854 lines, one a participant's copy (QA qabigmeet22 F3)."""


def _listed_changes(changed: Sequence[Any], meetings: bool) -> tuple[list[Any], dict[tuple[str, str], int] | None]:
    """The changed copies to list, and (when folded, else ``None``) how many copies each (change, meeting)
    row stands for."""
    if len(changed) <= LISTED_CHANGES or show_all():
        return list(changed), None
    people: dict[tuple[str, str], int] = {}
    listed = []
    for invite in changed:
        if invite.change == "new":
            continue
        if not meetings:  # a unit's copies: each listed, the new ones counted (QA qabig25 F1)
            listed.append(invite)
            people[(invite.change, invite.uid)] = 1
            continue
        key = (invite.change, invite.uid)
        if key not in people:
            listed.append(invite)
        people[key] = people.get(key, 0) + 1
    return listed, people


def _why(invite: Any, before: Any, lang: str, people: bool = False, who: str = "") -> str:
    """What changed in an updated invite since the export before: its time, its room, its end, its
    address, who joined or left the meeting (``who``: :func:`_people_changed`), or (none of these) its
    text, deadlines, participants or the way this version writes it: which of these the folder cannot
    tell (QA qaupgrade17 F5: an upgrade's new writing was told as the user's content).
    ``people``: a meeting table's, which has no deadlines to name (QA qaics19 F2)."""
    if before is None:
        return ""
    reasons = [*_reasons(invite, before, lang), *([who] if who else [])]
    return ("；" if lang == "zh" else "; ").join(reasons) or render(Message(worded("show.why.content", people)), lang)


def _people_changed(invites: Any, invite: Any, lang: str) -> str:
    """Who joined (a new copy) or left (a copy cancelled) ``invite``'s meeting in this export, as the
    letter says it (QA qamonth21 F3); empty for a unit's invite, or when nobody did."""
    if not invite.shared:
        return ""
    same = [i for i in invites.changed if i.uid == invite.uid and i.journal_key != invite.journal_key]
    added = [i.unit for i in same if i.change == "new"]
    removed = [i.unit for i in same if i.change == "cancelled"]
    keys = (("mail.people.added", added), ("mail.people.removed", removed))
    parts = [render(Message(key, names=names), lang) for key, names in keys if names]
    return ("，" if lang == "zh" else ", ").join(parts)


def _reasons(invite: Any, before: Any, lang: str) -> list[str]:
    """The changes of an updated invite the folder can name (:func:`scheduler.invites.changes.since`):
    its time, its room, its address, its contact's name, back in the table."""
    from scheduler.invites.changes import length_words, since, zone_words
    from scheduler.text.times import format_clock, format_time

    parts = []
    change = since(invite, before)
    if change.moved.zone:  # the campaign's zone changed: named with the clocks of both (QA qadst23 F1)
        parts.append(render(Message("show.why.zone", **zone_words(change.moved, invite)), lang))
    elif change.moved.time and change.moved.was is not None:
        parts.append(render(Message("show.why.time", was=format_time(change.moved.was.replace(tzinfo=None))), lang))
    if change.moved.room:
        parts.append(render(Message("show.why.room", was=before.location or "—"), lang))
    if change.was_end is not None and change.moved.was is not None:
        was_end, was_start = change.was_end, change.moved.was
        lengths = {"was_length": length_words(was_end - was_start), "length": length_words(invite.end - invite.start)}
        ended = (
            format_clock(was_end.time())
            if was_end.date() == invite.end.date()
            else format_time(was_end.replace(tzinfo=None))
        )
        parts.append(render(Message("show.why.end", was=ended, **lengths), lang))
    if change.address:
        address = invite.attendee.address
        said = Message("show.why.address", address=address) if address else Message("show.why.address_removed")
        parts.append(render(said, lang))
    if change.contact:
        said = Message("show.why.contact", contact=invite.contact) if invite.contact else Message("show.why.no_contact")
        parts.append(render(said, lang))
    if change.back:
        parts.append(render(Message("show.why.back"), lang))
    return parts


def warn_shared(invites: Any, lang: str, going: Collection[str] | None = None) -> None:
    """One line per meeting whose copies for several participants go to one address (docs/replies.md);
    ``going``: only meetings with a copy among these journal keys (the ones ``send`` mails now)."""
    from scheduler.invites.meetings import shared_addresses

    for shared in shared_addresses(invites.invites):
        if going is not None and not any(i.journal_key in going for i in invites.invites if i.uid == shared.uid):
            continue
        names = list(shared.names)
        meeting = _summary(invites, shared.uid)
        say("mshow.shared_address", lang, err=True, meeting=meeting, names=names, address=shared.address)


def _summary(invites: Any, uid: str) -> str:
    """A meeting's title, from the export's state."""
    record = invites.state.items.get(uid)
    return record.summary if record is not None else ""


@command(help="help.ics")
@argument("table", metavar="metavar.table")
@rules_option
@option("--contacts", "contacts_path", metavar="metavar.file", help="help.opt.contacts")
@option("--out", "out_dir", metavar="metavar.dir", required=True, help="help.opt.out_ics")
@allow_cancel_option
@sheet_option
@allow_differing_read_option  # --out writes invites, never the other copy of the timetable
@all_option
@lang_option
def ics(
    table: str,
    rules_path: str | None,
    contacts_path: str | None,
    out_dir: str,
    allow_cancel: bool,
    sheet: str | None,
    allow_differing: bool,
    lang: str,
) -> None:
    """Write calendar invites for TABLE into DIR: one .ics per unit and one for the office.

    Run again after a change: moved units get an update, units no longer in
    TABLE a cancellation, and unchanged units keep identical files. More than a
    few cancellations need --allow-cancel.
    """
    from scheduler.cli.loading import load_table, tell_reading
    from scheduler.errors import BrokenRules, InputError
    from scheduler.files.atomic import write_files
    from scheduler.files.load import check_unit_names
    from scheduler.files.meeting_files import LoadedMeetings
    from scheduler.invites.folder import export, read_sources
    from scheduler.invites.guard import check_cancellations
    from scheduler.mail.campaign import journal_path
    from scheduler.mail.journal import mailed_in
    from scheduler.rules.check import validate as check

    loaded = load_table(table, rules_path, sheet=sheet, allow_differing=allow_differing, then="read")
    tell_reading(loaded, lang)  # which sheet gave the people, the hidden rows read (QA review20 F5)
    if isinstance(loaded, LoadedMeetings):  # one file per meeting and participant (docs/meetings.md)
        from scheduler.invites.campaigns import export_meetings

        if contacts_path is not None:
            raise InputError(Message("minvite.contacts"), column="--contacts")
        mailed = mailed_in(journal_path(table))
        handed = ledger_delegations(out_dir, journal_path(table))  # the delegates the answers name (docs/mail.md)
        made, before, rebuilt = export_meetings(loaded, out_dir, None, allow_cancel, mailed=mailed, delegations=handed)
        wrote: list[Path] = []
        write_files(out_dir, made.files(), wrote)
        if rebuilt is not None:
            click.echo(render(rebuilt, lang), err=True)
        workdays = loaded.problem.workdays
        campaign_year_line(before, made.state.campaign, workdays.days, lang, workdays.timezone, mailed)
        report_invites(made, Path(out_dir), lang, len(wrote))
        _all_started(made, lang)
        return
    check_unit_names(loaded.table)
    mailed = mailed_in(journal_path(table))
    sources = read_sources(loaded.rules, loaded.problem, out_dir, contacts_path, mailed)
    report = check(loaded.problem, loaded.timetable)
    if not report.ok:
        raise BrokenRules(report)
    check_cancellations(sources.state, set(loaded.timetable.starts()), allow_cancel, loaded.table.path)
    _warn_past_milestones(loaded, sources)
    invites = export(sources, loaded.problem, loaded.timetable)
    changed: list[Path] = []
    write_files(out_dir, invites.files(), changed)
    if sources.rebuilt is not None:
        click.echo(render(sources.rebuilt, lang), err=True)
    sources_year_line(sources, loaded.problem.calendar, lang)
    report_invites(invites, Path(out_dir), lang, len(changed))
    if contacts_path is not None:  # the invites now hold its addresses: a later send without it keeps them
        record_contacts_used(table, rules_path, contacts_path, lang)
    _all_started(invites, lang)


def record_contacts_used(table: str, rules: str | None, contacts: str, lang: str) -> None:
    """The rules file names ``contacts`` (``--contacts FILE`` of ``send`` or ``ics``) from now on, so the later
    commands (``send`` and ``ics`` without it, ``replies``, ``reschedule`` and ``solve --out``, which have no
    such option) read the table the invites were written from (:mod:`scheduler.files.rules_contacts`); said
    on one line, or why it could not be. The office's own rules file is not written: the line to change in
    it is said."""
    from pathlib import Path

    from scheduler.files.rules_contacts import ContactsLine, contacts_value, record_contacts
    from scheduler.files.rules_file import rules_path_for
    from scheduler.text.messages import Message

    path = Path(rules) if rules else rules_path_for(table)
    try:
        done = record_contacts(path, Path(contacts))
    except OSError as exc:
        why = Message("send.contacts_reason", reason=file_reason(exc))
        say("send.contacts_not_recorded", lang, err=True, rules=str(path), contacts=contacts, reason=why)
        return
    if done is None:
        say("send.contacts_not_recorded", lang, err=True, rules=str(path), contacts=contacts, reason="")
    elif isinstance(done, ContactsLine):  # the office's own rules: never rewritten, the line said
        key = "send.contacts_to_add" if done.added else "send.contacts_to_change"
        say(key, lang, err=True, rules=str(path), line=done.line, contacts=contacts, written=done.written)
    elif done:
        named = contacts_value(path, Path(contacts))
        outside = Path(named).is_absolute()  # the folder now needs a file outside it: said, to copy it along
        key = "send.contacts_recorded_outside" if outside else "send.contacts_recorded"
        say(key, lang, err=True, rules=str(path), contacts=named)


def _all_started(made: Any, lang: str) -> None:
    """One line on stderr when every meeting of the invites written has started by now (``DOCKING_NOW``,
    else the clock): the files are written, but ``send`` refuses to mail them (usually a table of another
    year), as ``send --dry-run`` says of its drafts."""
    from scheduler.files.now import planning_now
    from scheduler.invites.calendar import all_started

    started = all_started(made.invites, planning_now())
    if started is not None:
        click.echo(render(Message("ics.all_past", **started[1]), lang), err=True)


def sources_year_line(sources: Any, calendar: Any, lang: str) -> None:
    """:func:`campaign_year_line` for a unit table's export: its sources (state before, campaign, what was
    mailed) and its calendar (days, zone)."""
    campaign_year_line(sources.state, sources.settings.campaign, calendar.days, lang, calendar.timezone, sources.mailed)


def campaign_year_line(
    before: Any, campaign: str, days: Any, lang: str, timezone: str = "UTC", mailed: Any = None
) -> None:
    """At a campaign's first export into a folder (``before``: no state there), one line on stderr when its
    id names a year none of its ``days`` is in (:func:`scheduler.invites.rounds.campaign_year`); at a later
    one, when the days move the meetings mailed (``mailed``: the journal's) and not yet held more than a
    year's worth later (:func:`scheduler.invites.rounds.postponed`: a year typed wrong?)."""
    from scheduler.files.now import planning_now
    from scheduler.invites.rebuild import mailed_keys
    from scheduler.invites.rounds import campaign_year, postponed

    if before is None:
        note = campaign_year(campaign, days)
    else:
        note = postponed(before, days, timezone, planning_now(), mailed_keys(mailed))
    if note is not None:
        click.echo(render(note, lang), err=True)
