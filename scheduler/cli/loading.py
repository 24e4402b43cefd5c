"""Reading a command's table: every command that takes a table loads it here.

A large table is millions of small objects (5,000 units with a tenth of their hours
unavailable: 2.5 million times in sets) that live until the command ends. Python's cyclic
collector scans every tracked object again at each full collection and its young
generations fill up thousands of times while they are made: at 5,000 units that was 0.8 s
of a 2.6 s ``solve`` (measured with the collector off: 1.8 s). So the collector is paused
while the files are read, and what was read is then frozen (:func:`gc.freeze`): later
collections look only at what the command makes afterwards. The process ends with the
command, so nothing is kept that would otherwise be freed; a command run inside a process that
outlives it (a test's ``CliRunner``) unfreezes it when it ends (:mod:`scheduler.cli.freezing`:
the garbage frozen with it was 10 MB a call). The library's own ``load`` leaves the
collector alone: a process that calls it decides for itself.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from scheduler.cli import freezing
from scheduler.files.either import load_either

if TYPE_CHECKING:
    from scheduler.errors import InputError
    from scheduler.files.load import Loaded
    from scheduler.files.meeting_files import LoadedMeetings
    from scheduler.text.messages import Message


@contextmanager
def collector_paused(freeze: bool = False) -> Iterator[None]:
    """Python's cycle collector off for the block: making the files builds some 10^5 objects that
    live until the files are made (the workbook's cells, python-docx's elements, the invites' lines),
    and each collection on the way went through all of them again (5,000 units: the ``.xlsx`` took
    1.1 s with it, 0.8 s without, written with openpyxl; with XlsxWriter 0.45-0.75 s against
    0.32-0.35 s).

    ``freeze``: what the process holds as the block ends, what the block made with it, is frozen then
    (:func:`gc.freeze`, as what :func:`load_table` read is), for a block after which the command only tells
    what it did and ends: otherwise the first
    collections after it went through all of it once more, to free nothing (``solve --out`` with invites
    at 5,000 units: a young and a middle collection of about 80 ms each, 27 objects collected, while
    the invites were told; issue 16, twenty-second session). Cycles the block left are then kept until
    the process ends, as the table's are."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:  # (through freezing: a command inside a longer-lived process unfreezes it at its end)
            freezing.freeze()
        if was:
            gc.enable()


def load_table(
    path: str | Path,
    rules: str | Path | None = None,
    sheet: str | None = None,
    strict: bool = False,
    tell: str | None = None,
    allow_differing: bool = False,
    then: str = "out",
) -> Loaded | LoadedMeetings:
    """:func:`scheduler.files.either.load_either`, with the collector paused while it reads; with ``tell``
    (a language), the rows the table skipped are said (:func:`tell_skipped`). Another copy of the
    timetable that differs (:func:`scheduler.files.copies.check_copies`) is refused unless
    ``allow_differing`` (``--allow-differing-copy``; ``then``: what the command does to that copy, as
    :func:`~scheduler.files.copies.check_copies` says it)."""
    with collector_paused():
        try:
            loaded = load_either(path, rules, sheet=sheet, strict=strict)
        finally:
            freezing.freeze()  # (a command run inside a longer-lived process unfreezes it at its end)
    table = loaded.table
    beside = table is not None and table.twin is None and Path(path).with_suffix(".xlsx").is_file()
    if not allow_differing and table is not None and (table.twin is not None or beside):
        from scheduler.files.copies import check_copies  # (after the freeze: the copies read are garbage)
        from scheduler.invites.invited import invited_times

        check_copies(path, table, invited_times, then)
    if tell is not None:
        tell_skipped(loaded, tell)
    return loaded


def keep_edits(out_dir: str | None, formats: tuple[str, ...], table: str | None, allow_differing: bool) -> None:
    """``--out DIR`` that would overwrite a ``timetable.xlsx`` whose copies disagree (edited since they were
    written: :func:`scheduler.files.copies.check_overwrite`) is refused unless ``allow_differing``;
    ``table``: the table the command read (``None``: none of DIR's)."""
    if not out_dir or allow_differing:
        return
    from scheduler.files.copies import check_overwrite

    check_overwrite(out_dir, tuple(f"timetable.{fmt}" for fmt in formats), table)


def tell_skipped(loaded: Loaded | LoadedMeetings, lang: str) -> None:
    """One line on stderr per kind of row the table skipped (notes, rows numbered in advance and left
    empty, total rows, headings), so that nothing is dropped unseen, and one naming a workbook's hidden data
    rows, read as the others (:attr:`Table.hidden`); stdout is left as it was."""
    import click

    from scheduler.cli.display import skipped_lines

    for line in skipped_lines(loaded.skipped, lang):
        click.echo(line, err=True)
    tell_reading(loaded, lang)
    _tell_unmeetable(getattr(loaded, "unmet_wishes", ()), lang)
    unread: tuple[str, ...] = getattr(loaded, "unread", ())  # a meeting table's columns not read
    if unread:
        from scheduler.text.messages import Message, render

        click.echo(render(Message("mfile.unread_columns", columns=list(unread)), lang), err=True)


def tell_reading(loaded: Loaded | LoadedMeetings, lang: str) -> None:
    """On stderr, how the table and its people were read: the workbook's hidden data rows (the table's, its
    own people sheet's, a people workbook's the rules name), read as the others and named with their file
    and sheet (QA qaexcel20 F6, review20 F8), and the table's notes (which sheet gave the people, which was
    not read). Said by every command that reads a table to answer from it, ``send``, ``ics`` and
    ``explain`` too (QA review20 F5)."""
    import click

    from scheduler.files.reading import reading_lines

    for line in reading_lines(loaded, lang):
        click.echo(line, err=True)


def _tell_unmeetable(hints: Sequence[InputError], lang: str) -> None:
    """A meeting table's wishes no timetable meets, on stderr, as many as the page shows
    (:func:`~scheduler.files.meeting_files.capped_hints`)."""
    if not hints:  # (a unit table has none: the meeting reader stays unloaded, tests/test_startup.py)
        return
    import click

    from scheduler.files.meeting_files import capped_hints

    for hint in capped_hints(hints):
        click.echo(hint.text(lang), err=True)


SHOWN = 12
"""At most this many of a folder's changes are named on the refusal's one line (then how many more)."""


def check_folder_round(out_dir: str | None, loaded: Loaded | LoadedMeetings) -> None:
    """``solve --out DIR``: ``DIR``'s invites of another campaign, or of last round
    (:func:`scheduler.invites.rounds.check_round`), refused first, before the folder's changes are weighed
    (:func:`keep_recorded`): those of a round the folder cannot take are no question (QA qareuse22 F6).
    A damaged or missing state is left to the export, which rebuilds it and checks it the same way."""
    if not out_dir:
        return
    from scheduler.errors import SchedulerError
    from scheduler.files.load import Loaded
    from scheduler.files.now import planning_now
    from scheduler.invites.folder import INVITES_DIR
    from scheduler.invites.rebuild import mailed_keys
    from scheduler.invites.rounds import check_round
    from scheduler.invites.settings import has_invites, invite_settings, view_of
    from scheduler.invites.state import STATE_NAME, read_state
    from scheduler.mail.journal import JOURNAL_NAME, mailed_in

    path = Path(out_dir) / INVITES_DIR / STATE_NAME
    try:
        state = read_state(path)
    except (OSError, SchedulerError):
        return
    if state is None:
        return
    if isinstance(loaded, Loaded):
        if not has_invites(loaded.rules):
            return
        campaign = invite_settings(view_of(loaded.rules)).campaign
        days, timezone = loaded.problem.calendar.days, loaded.problem.calendar.timezone
        clock_year = loaded.rules.clock_year
    else:
        from scheduler.files.rules_file import days_take_the_clock_year
        from scheduler.invites.campaigns import meeting_settings, meeting_view

        if not has_invites(meeting_view(loaded)):
            return
        campaign = meeting_settings(loaded).campaign
        days, timezone = loaded.problem.workdays.days, loaded.problem.workdays.timezone
        clock_year = days_take_the_clock_year(loaded.rules)
    mailed = mailed_keys(mailed_in(Path(out_dir) / JOURNAL_NAME))
    check_round(state, campaign, days, timezone, planning_now(), str(path), mailed, clock_year)


def keep_recorded(out_dir: str | None, loaded: Loaded | LoadedMeetings, discard: bool, lang: str) -> None:
    """``solve --out DIR``: the changes ``DIR`` records that the table and rules being solved lack are refused
    on one line naming them and the two ways on (exit 2, nothing written); with ``discard``
    (``--discard-changes``) they are dropped, and said so on stderr. They are ``DIR/timetable.toml``'s
    entries (a ``reschedule``'s ``[[unavailable]]``, ``[[pins]]``, ``[[only]]``, ``[[links]]``:
    :func:`scheduler.files.recorded.recorded_changes`) and the units or meetings ``DIR``'s table lacks or
    holds beyond the table solved (``reschedule --drop``/``--add``: :func:`~scheduler.files.recorded.table_changes`).
    Writing over them unasked put an ill professor back on the day he cannot come (QA jobs16 F0) and
    re-invited a withdrawn unit (QA review16 finding 2)."""
    if not out_dir:
        return
    import click

    from scheduler.errors import InputError
    from scheduler.export.outputs import RULES_NAME
    from scheduler.files.load import Loaded
    from scheduler.files.recorded import SUBJECTS, meeting_meaning, recorded_changes, table_changes, unit_meaning
    from scheduler.text.messages import Message, render

    if isinstance(loaded, Loaded):
        rules = loaded.rules
        given = {s: [e.values for e in getattr(rules, s)] for s in SUBJECTS}
        names = [u.name for u in loaded.problem.units]
        known: set[str] = set(names)
        named, table = rules.path or loaded.table.path, loaded.table.path
        meaning = unit_meaning(rules)
    else:
        problem = loaded.problem
        given = {s: list(loaded.rules.get(s) or []) for s in SUBJECTS}
        names = [s.title for s in problem.sessions]
        known = set(names) | {a.name for s in problem.sessions for a in s.attendees}
        known |= {p.name for p in problem.people} | set(problem.units)
        named, table = loaded.rules_path or loaded.path, loaded.path
        meaning = meeting_meaning(problem.workdays)
    folder_rules = Path(out_dir) / RULES_NAME
    if _same_file(folder_rules, named):
        return  # solving the folder's own rules: nothing of theirs is lost
    found = recorded_changes(folder_rules, given, known, meaning)
    rows = table_changes(Path(out_dir), names, not isinstance(loaded, Loaded))
    if rows and _same_file(Path(rows.path), table):
        rows = type(rows)(rows.path, (), ())  # the folder's own table
    elif rows.withdrawn:  # only what the folder's invites called off: a row added to the source is no change
        called_off = _called_off(Path(out_dir))
        rows = type(rows)(rows.path, tuple(n for n in rows.withdrawn if n in called_off), rows.added)
    contacts = _contacts_change(folder_rules, loaded) if isinstance(loaded, Loaded) else None
    entries = [*(r.message() for r in found), *rows.messages(not isinstance(loaded, Loaded))]
    if contacts is not None:
        entries.append(contacts[0])
    if not entries:
        return
    count = len(entries)
    if count > SHOWN:  # a folder holding another notice's timetable: the first few, and how many in all
        entries = [*entries[:SHOWN], Message("recorded.more", more=count - SHOWN)]
    if discard:
        said = Message("recorded.discarded", count=count, entries=entries)
        click.echo(render(said, lang), err=True)
        return
    said = Message("recorded.kept", rules=named, table=table, count=count, entries=entries)
    if found:
        raise InputError(said, str(folder_rules), line=found[0].line, key=found[0].section)
    if contacts is not None and not (rows.withdrawn or rows.added):
        raise InputError(said, str(folder_rules), line=contacts[1], key="invites.contacts")
    raise InputError(said, rows.path)


def _contacts_change(folder_rules: Path, loaded: Loaded) -> tuple[Message, int | None] | None:
    """The folder's ``[invites] contacts`` line when it names another table than the copy of the source's
    that ``solve --out`` writes there (``send --contacts FILE`` recorded FILE, docs/mail.md), with its line:
    solving the source again would write the source's contacts back, and their addresses into the invites
    (QA upgrade22 F3). ``None`` when it names that copy, or either rules file names none."""
    import tomllib

    from scheduler.errors import SchedulerError
    from scheduler.files.rules_file import read_rules_text
    from scheduler.files.toml_lines import KeyLines
    from scheduler.invites.settings import invite_settings
    from scheduler.text.messages import Message

    try:
        source = invite_settings(loaded.rules).contacts
    except SchedulerError:
        return None
    if not source or not folder_rules.is_file():
        return None
    try:
        text = read_rules_text(folder_rules)
        invites = tomllib.loads(text).get("invites")
    except (SchedulerError, ValueError):
        return None
    named = invites.get("contacts") if isinstance(invites, dict) else None
    if not isinstance(named, str) or named == Path(source).name:
        return None
    said = Message("recorded.contacts", named=named, rules=str(loaded.rules.path or ""), source=source)
    return said, KeyLines(text).in_table("invites", "contacts")


def _called_off(folder: Path) -> set[str]:
    """The units or meetings whose invites the folder's invites state holds as cancelled: those a
    ``reschedule --drop`` withdrew after they were invited, which solving the source table would invite
    again. A unit or meeting the folder's table lacks but nobody was told of (added to the source since,
    or dropped before any invite) is no change to keep: solving it in is what the source says."""
    from scheduler.errors import SchedulerError
    from scheduler.invites.folder import INVITES_DIR
    from scheduler.invites.state import STATE_NAME, parse_state

    path = folder / INVITES_DIR / STATE_NAME
    try:
        state = parse_state(path.read_bytes(), str(path))
    except (OSError, SchedulerError):
        return set()
    return {r.owner for r in state.items.values() if r.cancelled}


def _same_file(one: Path, other: str | Path) -> bool:
    """Whether ``one`` and ``other`` are the same existing file."""
    return one.is_file() and Path(other).is_file() and one.samefile(other)
