"""The commands on a meeting table (docs/meetings.md): the meeting side of ``validate``, ``solve``,
``explain``, ``reschedule`` and ``ics``.

Each command reads its table with :func:`scheduler.cli.loading.load_table` and comes here when
the table names meetings (会议 and 参会人员). Exit codes, one-line errors and atomic outputs are the
unit commands' own: 0 success, 1 the timetable breaks rules or none exists, 3 none was found in the
time limit (none proven impossible), 2 bad input with nothing written.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from scheduler.cli.json_mode import Answer
from scheduler.cli.options import echo_lines, folded, say
from scheduler.domain.meetings import Plan
from scheduler.files.meeting_changes import never_worse
from scheduler.files.meeting_files import LoadedMeetings
from scheduler.text.messages import Message, render

if TYPE_CHECKING:
    from scheduler.invites.guard import Consent


def validate_meetings(loaded: LoadedMeetings, lang: str, as_json: bool = False) -> Answer | None:
    """Check a hand-made meeting timetable against every rule; one line per violation (exit 1). A valid
    one: its score, and who of the optional participants misses which part of a meeting, and why.
    ``as_json``: all of it as the command's document."""
    from scheduler.cli.notes import tell_meeting_notes
    from scheduler.export.meeting_summary import check_score_lines
    from scheduler.invites.campaigns import full_plan
    from scheduler.meetings.check import check_meetings
    from scheduler.meetings.missed import missed_lines, missed_parts

    _timetable_columns(loaded)
    plan = full_plan(loaded)
    report = check_meetings(loaded.problem, plan, loaded.objective)
    if as_json:
        from scheduler.export.documents import meeting_validation

        tell_meeting_notes(loaded.problem, plan, lang)
        missed = missed_parts(loaded.problem, plan) if report.ok and report.score else ()
        document = meeting_validation(loaded.path, loaded.problem, report, missed, lang, loaded.objective, plan)
        return Answer(document, 0 if report.ok else 1)
    if report.ok:
        rooms = len({p.room for p in plan.placements})
        say("mshow.valid", lang, meetings=len(loaded.problem.sessions), rooms=rooms)
    else:
        say("show.violations", lang, count=len(report.violations))
        for line in report.lines(lang):
            click.echo(line)
        from scheduler.rules.meetings.working_hours import RULE as WORKING_HOURS

        if WORKING_HOURS.name in report.rules_broken():  # placed by hand: the way out solve and explain give
            from scheduler.meetings.counts import too_long

            longer = too_long(loaded.problem)
            if longer is not None:
                click.echo(render(longer, lang))
    # the wishes with the faults too (QA jobs17 F5: a move that repairs a fault may also meet a wish)
    for line in check_score_lines(loaded.problem, plan, loaded.objective, report, lang):
        click.echo(line)
    if report.ok:
        for message in missed_lines(missed_parts(loaded.problem, plan), loaded.problem, loaded.objective):
            click.echo(message.text(lang))
    tell_meeting_notes(loaded.problem, plan, lang)  # a note is no rule: valid or not, it is said
    if not report.ok:
        raise SystemExit(1)
    return None


def _timetable_columns(loaded: LoadedMeetings) -> None:
    """A hand-made timetable without a 时间 column (or, with several rooms, a 会议室 column) is refused in
    one line naming the file, the header's row, the column and the headers read (the columns not read,
    where a 召开时间 would be, are named on stderr as the table is read), instead of two violations per
    meeting (没有安排时间, 没有安排会议室)."""
    from scheduler.errors import InputError
    from scheduler.files.tables import MEETING_ALIASES, MEETING_WORDS, ROOM, TIME, column_name

    table = loaded.table
    if table is None:
        return
    needed = (TIME, ROOM) if len(loaded.problem.rooms) > 1 else (TIME,)
    for column in (c for c in needed if not table.has(c)):
        shown = column_name(table.labels, column, MEETING_WORDS)
        names = [name for name, meant in MEETING_ALIASES.items() if meant == column]
        said = Message("mvalid.no_column", column=shown, names=names)
        raise InputError(said, table.path, table.header_row, shown)


def _objective(loaded: LoadedMeetings, objective: str) -> tuple[LoadedMeetings, Any]:
    """``compact``: the rules' ``[objective]``; ``stable``: move as few meetings as possible from the table's
    times (the ``moves`` term first, as ``replan_meetings`` weighs it), the rules' own terms after; the
    problem's reference is then the table's timetable."""
    from dataclasses import replace

    from scheduler.errors import InputError
    from scheduler.meetings.replanning import replan_terms

    if objective != "stable":
        return loaded, loaded.objective
    if loaded.plan is None:
        raise InputError(Message("mopt.stable_needs_times"), loaded.path, column="--objective")
    problem = loaded.problem.replace(reference=loaded.plan)
    return replace(loaded, problem=problem), replan_terms(problem, loaded.objective)


def solve_meetings_command(
    loaded: LoadedMeetings,
    objective: str,
    out_dir: str | None,
    formats: tuple[str, ...],
    style: Any,
    deadline: Any,
    allow_cancel: bool,
    wanted: int | None,
    lang: str,
    as_json: bool = False,
) -> Answer | None:
    """``solve`` on a meeting table: the best timetable within the time limit (the whole command's),
    printed with its score and bound (``as_json``: the command's document); with ``--out``, its files
    and invites."""
    from scheduler.meetings.planner import solve_meetings

    loaded, terms = _objective(loaded, objective)
    if out_dir:
        _check_encoding(loaded, style.encoding)
    if wanted is not None:
        _alternatives(loaded, terms, wanted, out_dir, formats, style, deadline, lang)
        return None
    previous = _invites_ready(loaded, out_dir, allow_cancel)
    # the folder's timetable, else the table's own times: kept among equals, and an answer when it
    # keeps every rule and the search finds none better (QA qabigmeet22 F4; the web page passes its own)
    before = ((previous_timetable(out_dir) if out_dir else None) or loaded.plan) if objective != "stable" else None
    left = _search_seconds(deadline, loaded, formats, previous is not False, lang)  # just before the search
    kept = max(0.0, deadline.remaining() - left) if out_dir else 0.0  # the writing reserve, said if none is found
    published = (loaded.plan or previous_timetable(out_dir)) if out_dir else loaded.plan
    now_problem = as_of_now(loaded, published, lang)
    if objective == "stable":
        result = _replanned(loaded, terms, left)
    else:
        found = solve_meetings(
            now_problem, terms, time_limit=left, previous=before, spare=beyond_search(), grace=packing_grace()
        )
        result = never_worse(loaded, found, terms)
    moved = _moves(result, lang) if objective == "stable" and not as_json else []
    show_meeting_result(loaded, result, lang, moved, as_json, kept, written=bool(out_dir))
    if out_dir and result.plan is not None:
        invites = write_meeting_outputs(loaded, result.plan, out_dir, formats, style, previous, allow_cancel, lang)
        if objective != "stable":  # (jobs16 F9) a re-solve after mailing: say what it re-issues
            from scheduler.cli.invites import warn_remailing

            warn_remailing(invites, out_dir, lang)
    return _answer("solve", loaded, result, objective, lang, objective == "stable") if as_json else None


def previous_timetable(out_dir: str) -> Plan | None:
    """The meeting timetable ``solve --out`` wrote into ``out_dir`` before (its CSV, else its workbook,
    with the rules beside it), which the new solve keeps among equally good ones, so that solving
    an unchanged table again re-issues no invite (docs/meetings.md, "Solving again"); ``None`` when
    the folder holds none that can be read as a meeting table."""
    from scheduler.errors import InputError, ProblemError
    from scheduler.export.outputs import RULES_NAME, TABLE_NAME
    from scheduler.files.meeting_files import load_meetings

    folder = Path(out_dir)
    for name in (TABLE_NAME, "timetable.xlsx"):
        if (folder / name).is_file() and (folder / RULES_NAME).is_file():
            try:
                return load_meetings(folder / name, folder / RULES_NAME).plan
            except (InputError, ProblemError):
                return None
    return None


RETURN_SLACK = 0.3
"""Seconds of the command's second of grace the search for a first timetable leaves (printing that
none was found, or a timetable found at the last moment)."""
COMMAND_GRACE = 1.0
"""Seconds past ``--time-limit`` the whole command may end (docs/performance.md, "The time limit is a
promise for the whole command")."""


def beyond_search() -> float:
    """Seconds past the search's own limit (what the command's deadline leaves once the writing reserve is
    kept back, measured just before the search) that finding a *first* timetable may use when the greedies
    found none: the packing greedy's later rounds and the light search. The writing reserve is never lent:
    a timetable found then still has to be written, so the search ends where the reserve, and the printing,
    still fit in the command's T + 1 (before, the reserve itself was lent, and a timetable found late in it
    overran the limit by the whole writing time)."""
    return max(0.0, COMMAND_GRACE - RETURN_SLACK)


PASS_SLACK = 0.1
"""Seconds of the command's second of grace the greedies' passes for a first timetable leave (the packing's
rounds and the objective's, cut at ``solve_meetings``'s ``grace`` less its return margin): printing that
none was found (0.01 s of wall at 1,000 meetings under load 15). Not :data:`RETURN_SLACK`: a pass hears the
clock between two sessions, where a CP-SAT search overruns its limit, and a timetable it finds at the last
moment is printed within the writing reserve, which is kept after the search's limit (:func:`beyond_search`)."""


def packing_grace() -> float:
    """Seconds past the search's own limit that the greedies' passes for a *first* timetable may go when
    none was found (``solve_meetings``'s ``grace``): the command's second of grace less :data:`PASS_SLACK`.
    Before (until ef0e1588's session), :func:`beyond_search`'s 0.7 s: an office table of 1,000 meetings at
    ``--time-limit 2`` under load 10 had its packing pass cut 0.9 s before T + 1 and ended with no timetable
    (exit 3), where that pass needs 0.13 s of CPU and its timetable's printing 0.03 s (issue 16, left26,
    docs/benchmarks.md "a hurried meeting call")."""
    return max(0.0, COMMAND_GRACE - PASS_SLACK)


def _answer(
    command: str,
    loaded: LoadedMeetings,
    result: Any,
    objective: str,
    lang: str,
    moves: bool,
    dropped: Sequence[Any] = (),
) -> Answer:
    """``--json``: the result's document; with no timetable exit 1, or 3 when none was found in time, as
    the text's."""
    from scheduler.cli.options import no_timetable_code
    from scheduler.export.documents import meeting_result

    document = meeting_result(command, loaded.path, loaded.problem, result, objective, lang, moves, dropped)
    conflict = getattr(result, "conflict", None)
    return Answer(document, 0 if result.plan is not None else no_timetable_code(result.status, conflict))


def _search_seconds(
    deadline: Any, loaded: LoadedMeetings, formats: Sequence[str], invites: bool, lang: str | None = None
) -> float:
    """What the command's deadline leaves for the search, keeping back the time to print and write
    (a meeting counted as a unit is; each participant's invite as :data:`COPY_ITEMS` calendar items).
    With invites, where a child can be forked, the timetable's files are made beside them
    (:func:`write_meeting_outputs`): the longer of the two is kept, not their sum. With ``lang``, a
    deadline the first timetable and the files cannot meet is said (:func:`~scheduler.cli.options.say_if_late`)."""
    from scheduler.cli.forked import can_fork
    from scheduler.cli.options import for_search, say_if_late

    problem = loaded.problem
    copies = sum(len(s.attendees) for s in problem.sessions)
    items = COPY_ITEMS * copies if invites else 0
    grids = output_seconds(problem, formats)
    writing = {"invites": items, "beside": invites and can_fork(), "grids": grids}
    search = for_search(deadline, len(problem.sessions), formats, **writing)
    if lang is not None:
        late = "limit.late_meetings"
        say_if_late(deadline, len(problem.sessions), lang, formats, first=FIRST_PER_SESSION, key=late, **writing)
    return max(0.1, search.remaining())


FIRST_PER_SESSION = 0.00045
"""Seconds per meeting session of what ``solve`` does after reading a meeting table whatever the limit:
preparing, the greedy's hurried pass, the counting bounds, judging the timetable and the answer (2,000
meetings at ``--time-limit 2``: about 0.9 s of CPU, issue 16's eighteenth session, docs/benchmarks.md)."""


COPY_ITEMS = 7
"""Calendar items (:data:`scheduler.cli.options.PER_INVITE_ITEM`) each participant's copy of a
meeting's invite is reserved as: each copy is its own file, written and synced. Measured (mscale,
1,000 meetings, 4,412 copies, every format, load about 6 on two cores): making the invites 0.61 s
CPU, writing the files 1.92 s CPU (3.4 s wall), 0.57 ms CPU a copy, where the two items reserved
before kept 0.24 ms; at 2,000 meetings (8,876 copies) the writing then overran the limit by seconds.
Measured again once the timetable's files were made beside the invites (issue 16, meeting invites:
from the search's end to the command's, ``solve --out --json``, every format, load 1.4-2.3): 2,000
meetings (10,320 copies) 8.5-9.1 s of wall, 6.6-7.7 s of this process's CPU; 1,000 meetings (5,060
copies) 3.1-4.9 s. Five items (0.6 ms a copy, 6.2 s at 10,320) kept about 2.5 s too little there;
seven keep 0.84 ms (8.7 s), the printing and the fixed part on top. Most of it is the system's
creation of each file (0.2-0.9 ms a file on this ext4, depending on the other jobs' disk work)."""


# What a meeting timetable's files cost beyond a unit table's: the grid of each room, one cell per room
# and working step (Word lays each out), and loading the Office libraries. First measured on Timefold's
# demo (480 cells) under load 7-8.7: docx 2.5-8 ms a cell. Measured again on an idle machine (fifth
# session of issue 16): docx 0.48 ms a cell on the demo (0.23 s) and 0.40 ms on 400 meetings in 50
# rooms (8,000 cells, 3.2 s), HTML 0.004 ms; the old 6 ms kept 48 s back for 3.2 s of writing, so
# `solve --out` on 400 meetings at `--time-limit 5` searched 0.1 s and returned no timetable at all.
# Sixth session: the Word grid's cells looked up once and merged by writing w:vMerge (the XML unchanged):
# 400 meetings in 50 rooms 5.79 -> 1.06 s under load 4 (0.13 ms a cell), so 0.15 ms is kept.
# The workbook's 0.6 s was openpyxl's loading; workbooks are written with XlsxWriter since 4 December
# (scheduler/export/workbooks.py). Measured 5 December (QA review16 finding 8, load 4.6-4.9 on two
# cores): `import xlsxwriter` 0.06-0.10 s wall, 0.04-0.05 s CPU; `reschedule --out --format xlsx` of
# 150 meetings took 0.05-0.14 s longer from the search's end to exit than `--format csv`. The 0.6 s
# kept back about five times what the workbook costs, so 0.25 s (twice the most measured).
PER_CELL = {"docx": 0.00015, "html": 0.00002}
LIBRARIES = {"xlsx": 0.25, "docx": 0.4}


def output_seconds(problem: Any, formats: Sequence[str], copies: int = 1) -> float:
    """Seconds kept back for writing ``copies`` timetables of ``problem`` in ``formats``."""
    cells = len(problem.rooms) * len(problem.workdays.steps)
    return copies * sum(PER_CELL.get(f, 0.0) * cells for f in formats) + sum(LIBRARIES.get(f, 0.0) for f in formats)


LATER_MEETING_ALTERNATIVE = 0.9
"""Of the first timetable's writing reserve (the libraries' loading and the fixed part aside), for each
further alternative of a meeting table (``solve --alternatives N --out``). Measured with
``benchmarks/meeting_alternatives_writing.py`` (docs/performance.md, "The time limit is a promise"):
a later alternative of 200 and 400 meetings, every format, took 0.69-0.79 of that reserve (0.55-0.63 s
and 1.12-1.19 s), a little more under load; 0.9 keeps a margin of about a quarter. Not the unit
table's 0.6 (:data:`scheduler.cli.options.LATER_ALTERNATIVE`): a meeting table's reserve is mostly
the Word grid, measured closer (0.15 ms a cell for 0.13). The small tables' later ones (0.07-0.1 s:
a file's fixed cost) are covered by the first's reserve, which keeps 1.3 s for 0.1-0.3 s of work."""


def alternatives_reserve(problem: Any, formats: Sequence[str]) -> tuple[float, float]:
    """Seconds kept back for printing and writing the first timetable of ``solve --alternatives``
    (with the Office libraries' loading and the command's fixed part) and for each later one."""
    from scheduler.cli.options import FIXED, PER_UNIT

    each = len(problem.sessions) * (PER_UNIT["print"] + sum(PER_UNIT[f] for f in formats))
    each += output_seconds(problem, formats) - output_seconds(problem, formats, 0)
    return FIXED + each + output_seconds(problem, formats, 0), LATER_MEETING_ALTERNATIVE * each


def _alternatives(
    loaded: LoadedMeetings,
    terms: Any,
    wanted: int,
    out_dir: str | None,
    formats: tuple[str, ...],
    style: Any,
    deadline: Any,
    lang: str,
) -> None:
    """``solve --alternatives K`` on a meeting table: up to K different optimal timetables (the
    library's ``meeting_alternatives``), each printed; with ``--out``, each in DIR/alternative-N/ with
    its rules and people sheet, so each folder stands on its own (no invites: nothing is chosen yet)."""
    from scheduler.cli.options import say_if_late
    from scheduler.export.meeting_outputs import meeting_timetable_files
    from scheduler.files.atomic import write_files
    from scheduler.meetings.choices import meeting_alternatives

    reserve, later = alternatives_reserve(loaded.problem, formats)
    left = max(0.1, deadline.sooner(reserve + later * (wanted - 1)).remaining())
    sessions, grids = len(loaded.problem.sessions), output_seconds(loaded.problem, formats)
    late = "limit.late_meetings"
    say_if_late(deadline, sessions, lang, formats, first=FIRST_PER_SESSION, key=late, grids=grids, alternatives=wanted)
    found = meeting_alternatives(loaded.problem, terms, count=wanted, time_limit=left)
    if found.result.plan is None:
        no_meeting_plan(loaded, found.result, lang)
    plans = _show_alternatives(loaded, found, wanted, lang)
    if out_dir:
        files: dict[str, bytes] = {}
        for number, plan in enumerate(plans, start=1):
            for name, data in meeting_timetable_files(loaded, plan, formats, csv=style).items():
                files[f"alternative-{number}/{name}"] = data
        for path in write_files(out_dir, files):
            say("show.written", lang, path=path)


def _show_alternatives(loaded: LoadedMeetings, found: Any, wanted: int, lang: str) -> list[Plan]:
    """Print ``found`` (:class:`~scheduler.meetings.choices.MeetingAlternatives`): each timetable under its
    header, how many meetings differ from the first, the summary, whether the list is complete. Not proven
    optimal: first why (the search ended on its own, or the time), naming the levels every timetable
    shares; each alternative then with its own score. The timetables printed, in order."""
    from scheduler.cli.display import meeting_lines
    from scheduler.export.meeting_summary import meeting_summary_lines, score_lines

    result = found.result
    if not found.proven:
        _say_unproven(found, lang)
    plans: list[Plan] = list(found.plans) or [result.plan]
    first = plans[0].by_title()
    short = not found.complete and len(plans) < wanted  # then the count found is not how many exist
    for number, plan in enumerate(plans, start=1):
        if found.proven and short:
            say("alt.header_short", lang, number=number, count=len(plans), wanted=wanted)
        elif found.proven:
            say("alt.header", lang, number=number, count=len(plans))
        elif len(plans) > 1:
            say("malt.equal_header", lang, number=number, count=len(plans))
        else:
            say("alt.best_found", lang)  # not proven optimal: never headed "optimal timetable 1 of 1"
        for line in meeting_lines(loaded.problem, plan, lang):
            click.echo(line)
        if number > 1:
            differs = sum(1 for p in plan.placements if first[p.title].start != p.start)
            say("malt.differs", lang, count=differs)
            for line in score_lines(found.scores[number - 1], {}, lang) if not found.proven else ():
                click.echo(line)  # its own score: the levels not proven may differ from the first's
        click.echo()
    for line in meeting_summary_lines(result, loaded.problem, result.plan, lang):
        click.echo(line)
    if len(plans) < wanted:
        said = ("alt.all", "alt.some") if found.proven else ("malt.equal_all", "malt.equal_some")
        if not found.proven and not found.complete and len(plans) == 1:
            said = (said[0], "malt.equal_none")  # the answer alone is no alternative (QA qamscale18 F12)
        say(said[0] if found.complete else said[1], lang, count=len(plans), wanted=wanted)
    return plans


def _say_unproven(found: Any, lang: str) -> None:
    """Why the alternatives of ``found`` are not all optimal, on stderr, with advice that holds: more time
    only when the search was short of it (the searches for alternatives found better on the first level not
    proven), the bound when they found none better or the search ended on its own (review14 F7)."""
    levels = [Message(f"mshow.level.{level}") for level in found.held]
    held = Message("malt.held", levels=levels) if levels else Message("malt.none_held")
    if len(found.plans) < 2:  # only the answer: no alternatives "below" to promise (QA qamscale18 F12)
        held = Message("malt.none_other")
    free = next((level for level in found.result.score if level not in found.held), None)
    level = Message(f"mshow.level.{free}") if free is not None else ""
    if found.stopped_early:
        key = "malt.stopped_unproven"
    elif found.improved is None:
        key = "malt.time_unproven"
    else:
        key = "malt.time_short" if found.improved else "malt.bound_unproven"
    say(key, lang, err=True, held=held, level=level)


def _check_encoding(loaded: LoadedMeetings, encoding: str) -> None:
    """Every cell of the table can be written in ``encoding`` (``--encoding gbk``), checked before solving."""
    from scheduler.export.outputs import check_encoding

    check_encoding(loaded.table, encoding)


KEPT_SAID = 1.0
"""Seconds of the limit kept back for writing (``--out``) from which "no timetable found" says them: the
reserve is never lent to the search (:func:`beyond_search`), so at 2,000 meetings with 10,850 invite
copies a search of 0.7 s of ``--time-limit 5`` said only "try a longer limit" (QA qabigmeet22 F2)."""


def no_meeting_plan(loaded: LoadedMeetings, result: Any, lang: str, kept: float = 0.0) -> NoReturn:
    """Say why ``result`` has no timetable (the rules that clash, or that none was found in time, and the
    ``kept`` seconds of the limit kept back for writing when they are :data:`KEPT_SAID` or more); exit 1
    when none exists, 3 when none was found in time (:func:`~scheduler.cli.options.no_timetable_code`)."""
    from scheduler.cli.options import no_timetable_code
    from scheduler.export.meeting_summary import meeting_summary_lines

    conflict = getattr(result, "conflict", None)
    if conflict is not None:  # why: the minimal set of rule instances that clash
        click.echo(conflict.text(lang), err=True)
    elif result.status != "infeasible" and kept >= KEPT_SAID:
        say("mshow.not_found_kept", lang, err=True, search=f"{result.wall_time:.1f}", kept=f"{kept:.1f}")
    else:
        say("mshow.infeasible" if result.status == "infeasible" else "mshow.not_found", lang, err=True)
    for line in meeting_summary_lines(result, loaded.problem, None, lang):
        click.echo(line, err=True)
    raise SystemExit(no_timetable_code(result.status, conflict))


def show_meeting_result(
    loaded: LoadedMeetings,
    result: Any,
    lang: str,
    between: Sequence[str] = (),
    as_json: bool = False,
    kept: float = 0.0,
    written: bool = False,
) -> None:
    """The timetable, ``between`` (who moved), the summary; or that there is none (exit 1; ``kept``: the
    seconds of the limit kept back for writing, :func:`no_meeting_plan`). Then, on the standard error,
    what the meetings' notes seem to ask (:mod:`scheduler.cli.notes`); with ``as_json`` that alone (the
    document is the command's answer). ``written``: the timetable goes to files (``--out``), which hold
    every row: past :data:`~scheduler.cli.options.LISTED_ROWS` meetings it is then not listed, unless ``--all``."""
    from scheduler.cli.display import meeting_lines
    from scheduler.cli.notes import tell_meeting_notes
    from scheduler.export.meeting_summary import meeting_summary_lines

    if as_json or result.plan is None:
        tell_meeting_notes(loaded.problem, result.plan, lang)
        if as_json:
            return
        no_meeting_plan(loaded, result, lang, kept)
    if folded(len(result.plan.placements), written):
        say("mshow.rows_folded", lang, count=len(result.plan.placements))
    else:
        echo_lines(meeting_lines(loaded.problem, result.plan, lang))
    click.echo()
    if between:
        for line in between:
            click.echo(line)
        click.echo()
    for line in meeting_summary_lines(result, loaded.problem, result.plan, lang):
        click.echo(line)
    tell_meeting_notes(loaded.problem, result.plan, lang)


def _invites_ready(loaded: LoadedMeetings, out_dir: str | None, allow_cancel: Consent) -> Any:
    """Before solving, with ``--out`` and ``[invites]``: the settings and the invites folder's state read and
    checked, and the cancellations the table's removed rows and people make refused without
    ``allow_cancel``, so bad input stops the command before anything is computed; ``False`` when no
    invites."""
    if not out_dir or "invites" not in loaded.rules:
        return False
    from scheduler.invites.campaigns import meeting_settings, meeting_state
    from scheduler.invites.folder import INVITES_DIR
    from scheduler.invites.guard import check_copies_cancelled
    from scheduler.invites.meetings import dropped_copies
    from scheduler.invites.rebuild import last_addresses
    from scheduler.mail.journal import JOURNAL_NAME, mailed_in

    settings = meeting_settings(loaded)
    mailed = mailed_in(Path(out_dir) / JOURNAL_NAME)
    state, _ = meeting_state(Path(out_dir) / INVITES_DIR, settings, loaded, mailed)
    # The copies a removed row or person cancels do not depend on the timetable: refused now, not
    # after the whole search (reschedule searched 15 s of 20 before saying "add --allow-cancel").
    dropped = dropped_copies(loaded.problem, settings, state, last_addresses(mailed))
    renamed = _renamed_before(loaded, settings.campaign, state, dropped)
    check_copies_cancelled(state, dropped, allow_cancel, loaded.path, renamed=renamed, told="safety.renamed_people")
    return state


def _renamed_before(
    loaded: LoadedMeetings, campaign: str, state: Any, dropped: Sequence[tuple[str, str]]
) -> list[tuple[str, str]]:
    """Before the search: the meetings the table drops every copy of while a meeting new to the folder lists
    the same people (old title, new title), a title edited in the table, said as such (QA qaint26 F5; its
    new time is not known yet, so only the people are compared)."""
    from scheduler.invites.meetings import meeting_uid

    if state is None:
        return []
    gone: dict[str, set[str]] = {}
    for uid, person in dropped:
        gone.setdefault(uid, set()).add(person)
    standing: dict[str, set[str]] = {}
    for sent in state.invites:
        if not sent.cancelled:
            standing.setdefault(sent.uid, set()).add(sent.unit)
    titles = {r.uid: r.summary for r in state.items.values()}
    new = [s for s in loaded.problem.sessions if meeting_uid(campaign, s.title) not in titles]
    found = []
    for uid, people in gone.items():
        match = next((s.title for s in new if {a.name for a in s.attendees} == people), None)
        if match is not None and people == standing.get(uid):
            found.append((titles.get(uid, ""), match))
    return found


def write_meeting_outputs(
    loaded: LoadedMeetings,
    plan: Plan,
    out_dir: str,
    formats: tuple[str, ...],
    style: Any,
    previous: Any,
    allow_cancel: Consent,
    lang: str,
) -> Any:
    """The timetable's files, the rules used and the people sheet, and (when the rules set them up) the
    invites in DIR/invites: all written, or none. Returns the invites' export (``None``: no invites).

    With invites, the timetable's files are made in a forked child (:class:`~scheduler.cli.forked.Forked`)
    while this process makes the invites, and the invites' files are written to disk
    (:class:`~scheduler.files.atomic.Staging`) while the child still works and the state's JSON is made
    in a second child, as a unit table's are (:func:`scheduler.cli.invites.write_outputs`): at 2,000
    meetings the 10,320 copies' files are seconds of the system's work, the Word and Excel files
    seconds of this process's."""
    from contextlib import ExitStack

    from scheduler.cli.forked import Forked
    from scheduler.cli.invites import formats_beside, ledger_delegations, outputs_answers, report_invites
    from scheduler.cli.loading import collector_paused
    from scheduler.export.meeting_outputs import meeting_timetable_files
    from scheduler.files.atomic import Staging
    from scheduler.invites.campaigns import export_meetings
    from scheduler.invites.folder import INVITES_DIR
    from scheduler.invites.state import STATE_NAME, dump_state
    from scheduler.mail.journal import JOURNAL_NAME, mailed_in
    from scheduler.text.messages import render

    def tables(answers: Any) -> dict[str, bytes]:
        return meeting_timetable_files(loaded, plan, formats, answers=answers, csv=style)

    timezone = loaded.problem.workdays.timezone
    invites = rebuilt = earlier = None
    with Staging(out_dir) as staging, ExitStack() as stack:
        stack.enter_context(collector_paused())
        # Beside the invites from the start only without a replies ledger: with one, the 答复 column and
        # sheet go with the new invites (a meeting moved shows 未答复), as a unit table's (QA qawin19 F2)
        beside = previous is not False and formats_beside(out_dir, True)
        made = stack.enter_context(Forked(tables, None)) if beside else None
        if previous is not False:
            mailed = mailed_in(Path(out_dir) / JOURNAL_NAME)
            folder = Path(out_dir) / INVITES_DIR
            handed = ledger_delegations(folder, Path(out_dir) / JOURNAL_NAME)  # as ics (docs/mail.md)
            invites, earlier, rebuilt = export_meetings(
                loaded, folder, plan, allow_cancel, mailed=mailed, delegations=handed
            )
            if made is None:
                made = stack.enter_context(Forked(tables, outputs_answers(out_dir, invites.state, timezone, loaded)))
            state = stack.enter_context(Forked(dump_state, invites.state))
            staging.add({f"{INVITES_DIR}/{name}": data for name, data in invites.calendars().items()})
        files = made.result() if made is not None else tables(outputs_answers(out_dir, None, timezone, loaded))
        staging.add(files)
        if invites is not None:
            staging.add({f"{INVITES_DIR}/{STATE_NAME}": state.result()})  # the last renamed, as before
        staging.commit()
    for name in files:
        say("show.written", lang, path=Path(out_dir) / name)
    if rebuilt is not None:
        click.echo(render(rebuilt, lang), err=True)
    if invites is not None:
        from scheduler.cli.invites import campaign_year_line

        workdays = loaded.problem.workdays
        campaign_year_line(earlier, invites.state.campaign, workdays.days, lang, workdays.timezone, mailed)
        inside = Path(out_dir) / INVITES_DIR  # the targets are this folder's paths joined: no resolving
        count = sum(1 for path in staging.written if path.parent == inside or inside in path.parents)
        report_invites(invites, Path(out_dir) / INVITES_DIR, lang, count)
    else:
        say("show.no_invites", lang)
    return invites


def explain_meetings(loaded: LoadedMeetings, deadline: Any, lang: str, as_json: bool = False) -> Answer | None:
    """Say that a timetable keeps every rule of a meeting table, or why none does: the minimal
    conflict in the rules' words (exit 1), or what was found when the time ran out before a proof (exit 3:
    :func:`~scheduler.cli.options.explained_code`); ``as_json``: as the command's document."""
    from scheduler.cli.options import explained_code
    from scheduler.meetings.diagnose import explain_meetings as find

    problem = as_of_now(loaded, loaded.plan, lang, quiet=True)  # why solve fails: as of now, as it plans
    search = _search_seconds(deadline, loaded, (), False)
    conflict = find(problem, time_limit=search, kept_back=max(0.0, deadline.seconds - search))  # loading, printing
    if as_json:
        from scheduler.export.documents import explanation

        return Answer(explanation(loaded.path, "meetings", conflict, lang), explained_code(conflict))
    if conflict is None:
        say("why.none", lang)
        return None
    click.echo(conflict.text(lang))
    raise SystemExit(explained_code(conflict))


def reschedule_meetings(
    loaded: LoadedMeetings,
    changes: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]],
    out_dir: str | None,
    formats: tuple[str, ...],
    style: Any,
    deadline: Any,
    allow_cancel: bool,
    lang: str,
    as_json: bool = False,
    answers: tuple[str, bool, str | None] = ("", False, None),
) -> Answer | None:
    """``reschedule`` on a meeting table: the changes applied, the fewest meetings moved from the table's
    times, who moved (``as_json``: the command's document); with ``--out``, the new files, the rules
    with the changes, and the invites. ``answers``: the table's path, ``--from-replies`` and
    ``--ledger``: with ``--from-replies`` the participants' declines are their unavailability; without,
    a meeting left at a time one of its required participants declined is named (docs/replies.md)."""
    from scheduler.files.meeting_changes import apply_meeting_changes, parse_meeting_changes, refuse_held_drops
    from scheduler.files.now import planning_now
    from scheduler.meetings.replanning import replan_terms
    from scheduler.text.messages import render

    unavailable, pins, drop, add = changes
    now = planning_now()
    parsed = parse_meeting_changes(loaded, unavailable, pins, drop, add, now)
    from_now = parsed.from_now  # said once the changes are known good: a refusal stays one line
    table, from_replies, ledger_file = answers
    found = _answers(loaded, table, ledger_file, from_replies) if table else None
    declined = _declines_in(loaded, found) if found is not None else []
    if from_replies:
        _show_declines(loaded, declined, lang, as_json, parsed.busy)
        _show_set_aside(loaded, found, lang, as_json)
        parsed = _with_declines(parsed, declined, loaded.problem)
    refuse_held_drops(loaded, parsed, now)
    changed = apply_meeting_changes(loaded, parsed)
    if out_dir:
        _check_encoding(loaded, style.encoding)
    consent: Consent = allow_cancel or frozenset(parsed.drops)  # the meetings called off here: asked for (F9)
    previous = _invites_ready(changed, out_dir, consent)
    for note in from_now:
        click.echo(render(note, lang), err=as_json)
    terms = replan_terms(changed.problem, loaded.objective)
    left = _search_seconds(deadline, changed, formats, previous is not False, lang)
    result = _replanned(changed, terms, left)
    published = {p.title: p for p in (loaded.plan.placements if loaded.plan is not None else ())}
    dropped = [published[title] for title in parsed.drops if title in published]
    moves = _moves(result, lang, dropped) if not as_json else ()
    show_meeting_result(changed, result, lang, moves, as_json, written=bool(out_dir))
    _advise_longer(result, lang, as_json)
    from scheduler.cli.held import unavailable_where

    where = unavailable_where(loaded, changed, unavailable, out_dir, lang)
    _say_not_held(changed, result, now, lang, as_json, where)
    if result.plan is not None and not from_replies:
        _warn_declined(changed, declined, result.plan, now, lang, as_json)
    if out_dir and result.plan is not None:
        write_meeting_outputs(changed, result.plan, out_dir, formats, style, previous, consent, lang)
    return _answer("reschedule", changed, result, "stable", lang, True, dropped) if as_json else None


def _advise_longer(result: Any, lang: str, as_json: bool) -> None:
    """After a replan whose medium level (the moves, then the optional participants' conflicts) is not
    proven: one line on stderr saying a longer ``--time-limit`` may lower it (QA qacamp24 F2: 60
    optional-conflict steps at the default 30 s where 120 s proved 3 for the same 14 moves, and nothing
    said so). Nothing when the level is proven, or has no bound."""
    score, bound = result.score.get("medium"), result.bound.get("medium")
    if result.plan is None or score is None or bound is None or score <= bound:
        return
    click.echo(render(Message("mreplan.longer", score=score, bound=bound), lang), err=True)


def _answers(loaded: LoadedMeetings, table: str, ledger_file: str | None, needed: bool) -> Any:
    """The participants' answers read by ``replies`` (the ledger beside the table's journal, or
    ``ledger_file``), weighed against the invites beside the table, with the delegates its people sheet
    names now (as ``replies`` weighs them). ``needed`` (``--from-replies``): no
    invites beside the table is an error; otherwise there is simply nothing to weigh (``None``)."""
    from scheduler.errors import InputError
    from scheduler.invites.state import STATE_NAME, read_state
    from scheduler.mail.campaign import invites_folder, journal_path
    from scheduler.replies.collect import standings
    from scheduler.replies.ledger import ledger_path

    folder = invites_folder(table)
    journal = journal_path(table)
    ledger = Path(ledger_file) if ledger_file else ledger_path(journal)
    if not needed and not (ledger.exists() and (folder / STATE_NAME).exists()):
        return None
    state = read_state(folder / STATE_NAME)
    if state is None:
        raise InputError(Message("replies.no_invites"), str(folder / STATE_NAME))
    return standings(state, journal, ledger, table=loaded)


def _declines_in(loaded: LoadedMeetings, found: Any) -> list[Any]:
    """The declines and counter-proposals among the answers ``found`` of the table's participants."""
    from scheduler.replies.declined import declines_in

    return declines_in(loaded, found)


def _show_set_aside(loaded: LoadedMeetings, found: Any, lang: str, as_json: bool) -> None:
    """After the declines, as a unit table's replan says them (:func:`scheduler.replies.report.set_aside`,
    QA qaitip20 F1): the mails about the table's meetings still waiting to be read by hand, one line each,
    and how many answers were not trusted (on stderr with ``--json``); then the blank line that ends the
    answers' part."""
    from zoneinfo import ZoneInfo

    from scheduler.replies.report import set_aside

    titles = {s.title for s in loaded.problem.sessions}
    zone = ZoneInfo(loaded.problem.workdays.timezone)
    for line in set_aside(found, zone, lambda row: row.unit in titles, lang):
        click.echo(line, err=as_json)
    click.echo(err=as_json)


def warn_before_mailing(
    loaded: LoadedMeetings, state: Any, journal: Path, ledger: Path, lang: str, going: Collection[str] | None = None
) -> None:
    """``send`` on a meeting table: before anything is mailed, the line ``reschedule`` prints for each
    meeting the timetable keeps at a time one of its required participants declined, and one for each copy
    ``going`` (journal keys) to a participant who delegated the meeting (nothing without a replies ledger;
    :func:`scheduler.replies.declined.before_mailing`)."""
    from scheduler.files.now import planning_now
    from scheduler.replies.declined import before_mailing
    from scheduler.text.messages import render

    for line in before_mailing(loaded, state, journal, ledger, planning_now(), going):
        click.echo(render(line, lang))


def _with_declines(parsed: Any, declined: Sequence[Any], problem: Any) -> Any:
    """The command line's changes and the required participants' declines, each binding its own meeting
    (written into the rules as ``[[unavailable]]`` with ``meeting`` and the participant's words as the
    reason; a time the rules already keep that meeting away from for them is not written again, so
    running the command twice writes no second entry). An optional participant's decline asks nothing
    (docs/replies.md, "A meeting table")."""
    from dataclasses import replace

    from scheduler.text.times import format_span

    entries = []
    asking = [item for item in declined if not item.optional]
    for item in asking:
        known = any(
            b.who == item.who and b.meeting in ("", item.meeting) and b.start <= item.start and item.end <= b.end
            for b in problem.busy
        )
        if known:
            continue
        kind = "unit" if item.who in problem.units else "person"
        times = [format_span(item.start, item.end)]
        entries.append({kind: item.who, "meeting": item.meeting, "times": times, "reason": item.reason()})
    busy = tuple(item.busy() for item in asking)
    return replace(parsed, busy=parsed.busy + busy, unavailable_entries=parsed.unavailable_entries + tuple(entries))


def _show_declines(
    loaded: LoadedMeetings, declined: Sequence[Any], lang: str, as_json: bool, asked: Sequence[Any] = ()
) -> None:
    """What the answers ask, one line each (on stderr with ``--json``), before anything is solved (then
    :func:`_show_set_aside`, which ends the part with a blank line); a line
    whose words name a day is followed by the ``--unavailable`` to add by hand (:func:`_named_days_hint`;
    ``asked``: the command line's busy times, which the hint leaves out as the rules' are)."""
    from scheduler.replies.report import said
    from scheduler.text.times import format_span

    if not declined:
        say("mreplies.none", lang, err=as_json)
        return
    say("mreplies.wishes", lang, err=as_json, count=len(declined))
    for item in declined:
        params = {"meeting": item.meeting, "who": item.who, "time": format_span(item.start, item.end)}
        params["said"] = said(item.comment)
        if item.outdated:
            say("mreplies.outdated", lang, err=as_json, **{**params, "said_in": said(item.comment, inner=True)})
        elif item.proposed is not None:
            _show_counter(loaded.problem, item, params, lang, as_json)
        else:
            say("mreplies.declined_optional" if item.optional else "mreplies.declined", lang, err=as_json, **params)
        _named_days_hint(loaded.problem, item, (*loaded.problem.busy, *asked), lang, as_json)


def _show_counter(problem: Any, item: Any, params: dict[str, Any], lang: str, as_json: bool) -> None:
    """A current counter-proposal's line: its time offered as the ``--pin`` that takes it; a time the
    calendar cannot hold the meeting at named as such, with the reason ``--pin`` would give, and for a
    time only off the grid the next start on it (QA qacamp24 F1: each such suggestion exited 2)."""
    from scheduler.replies.meeting_wishes import proposal
    from scheduler.text.times import format_time

    found = proposal(problem.workdays, item.proposed, problem.session(item.meeting).minutes)
    proposed = format_time(item.proposed)
    if found.refused is None:
        say("mreplies.counter", lang, err=as_json, proposed=proposed, **params)
    elif found.nearest is not None:
        near = format_time(found.nearest)
        say("mreplies.counter_nearest", lang, err=as_json, proposed=proposed, why=found.refused, nearest=near, **params)
    else:
        say("mreplies.counter_refused", lang, err=as_json, proposed=proposed, why=found.refused, **params)


def _named_days_hint(problem: Any, item: Any, busy: Sequence[Any], lang: str, as_json: bool) -> None:
    """When a decline's words name a day or half-day of the campaign the participant is not yet unavailable
    all of (``busy``), the ``--unavailable`` to add by hand, as a unit table's decline gives it
    (:func:`scheduler.cli.replies._named_days_hint`, :mod:`scheduler.text.named_days`: a hint, never a rule).
    A named day counts as one of the workdays' periods in it (8:00-12:00, 14:00-18:00) each of which the
    participant's busy times cover whole."""
    from datetime import datetime

    from scheduler.text.messages import one_line
    from scheduler.text.named_days import covered, named_days

    if not item.comment:
        return
    workdays = problem.workdays
    own = [b for b in busy if b.who == item.who]

    def free(named: Any) -> bool:
        if named.day not in workdays.days:  # 那天 of an answer to a time no day of the campaign
            return False
        periods = [(datetime.combine(named.day, a), datetime.combine(named.day, b)) for a, b in workdays.periods]
        inside = [(a, b) for a, b in periods if covered(named, [a])]
        return any(not any(x.start <= a and b <= x.end for x in own) for a, b in inside)

    said = named_days(item.comment, [item.start], workdays.days, item.proposed)
    days = [n.text() for n in said if free(n)]
    if days:
        words = one_line(item.comment, 60)
        say("mreplies.named_days", lang, err=as_json, words=words, days=days, who=item.who)


def _warn_declined(
    loaded: LoadedMeetings, declined: Sequence[Any], plan: Plan, now: Any, lang: str, as_json: bool
) -> None:
    """Each meeting ``plan`` puts at a time one of its required participants declined, not begun by
    ``now``, one line each (``reschedule`` after its result; :func:`scheduler.replies.declined.declined_lines`)."""
    from scheduler.replies.declined import declined_lines
    from scheduler.text.messages import render

    for line in declined_lines(loaded, declined, plan, now):
        click.echo(render(line, lang), err=as_json)


def _say_not_held(
    loaded: LoadedMeetings, result: Any, now: Any, lang: str, as_json: bool, where: Callable[[str], str]
) -> None:
    """Each meeting of the table's timetable that began before ``now`` but is placed again because a
    required participant was unavailable over it (rules, ``--unavailable`` or a decline read by
    ``--from-replies``): one line saying it is treated as not held, and where it goes (QA qamonth21 F2,
    F5; :func:`scheduler.meetings.as_of.not_held`); ``where``: which entry to edit if it was held after all
    (:func:`scheduler.cli.held.unavailable_where`)."""
    from scheduler.meetings.as_of import local_now, not_held
    from scheduler.text.messages import render
    from scheduler.text.times import format_time

    if result.plan is None:
        return
    after = {p.title: p for p in result.plan.placements}
    moment = format_time(local_now(loaded.problem, now))
    for title, (start, who) in not_held(loaded.problem, loaded.plan, now).items():
        place = after.get(title)
        if place is None or place.start is None or place.start == start:
            continue
        shown = list(dict.fromkeys(where(name) for name in who))  # a list: render joins it in lang
        params = {"meeting": title, "time": format_time(start), "who": list(who), "now": moment, "where": shown}
        said = Message("mshow.not_held", to=format_time(place.start), **params)
        click.echo(render(said, lang), err=as_json)


def _replanned(loaded: LoadedMeetings, terms: Any, seconds: float) -> Any:
    """The library's ``replan_meetings`` from the table's timetable (the problem's reference, the changes
    already applied to the problem), as of now (:func:`as_of_now`), never worse than the table as it stands.
    While no timetable is found, the search may use the command's second of grace as ``solve`` does
    (:func:`beyond_search`)."""
    from scheduler.meetings.replanning import replan_meetings

    published = loaded.problem.reference or Plan(())
    problem = as_of_now(loaded, published, "", quiet=True)
    found = replan_meetings(problem, published, objective=terms, time_limit=seconds, spare=beyond_search())
    return never_worse(loaded, found, terms)


def as_of_now(loaded: LoadedMeetings, published: Plan | None, lang: str, quiet: bool = False) -> Any:
    """``loaded``'s problem as of now (``DOCKING_NOW``, else the clock: :func:`~scheduler.meetings.as_of.as_of`):
    the meetings of ``published`` that have started stay where they were, none is placed before now. A
    campaign whose days are all over is planned as given, with one warning line (unless ``quiet``). A
    begun meeting whose time cannot be held (off the grid) is refused at its row's 时间 cell when
    the table holds the times (:func:`~scheduler.files.meeting_changes.begun_as_of`)."""
    from scheduler.files.meeting_changes import begun_as_of
    from scheduler.files.now import planning_now
    from scheduler.meetings.as_of import is_over, local_now
    from scheduler.text.times import format_time

    problem, now = loaded.problem, planning_now()
    if is_over(problem, now):
        if not quiet:
            say("meetings.all_past", lang, err=True, now=format_time(local_now(problem, now)))
        return problem
    return begun_as_of(loaded, published, now)


def _moves(result: Any, lang: str, dropped: Sequence[Any] = ()) -> list[str]:
    """Who moved (``result.moves``) and which meetings were called off (``dropped``: their published
    places), when there is a timetable."""
    from scheduler.cli.display import meeting_moves_lines

    return meeting_moves_lines(result.moves, lang, dropped) if result.plan is not None else []
