"""What the commands share: the language, the options every command repeats, the example table.

Help texts and placeholders are catalog keys (``scheduler/text/catalog/cli.py``),
rendered in the run's language by :mod:`scheduler.cli.localized`.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from scheduler.cli.language import current, set_current
from scheduler.cli.localized import option
from scheduler.text.messages import Message, render

if TYPE_CHECKING:
    from scheduler.solver.deadline import Deadline

CSV_ENCODINGS = ("utf-8", "gbk", "gb18030")
"""``--encoding``: UTF-8 with BOM (Excel 2016+, WPS), GBK (older Excel and WPS on Chinese Windows) or
GB18030 (GBK's superset: the same bytes for every GBK character, and rare characters too)."""
TIME_FORMATS = ("iso", "notice")
"""``--time-format``: how timetable.csv writes 时间 (``2021-09-08 08:00`` or ``9月8日 8:00``)."""


def default_lang() -> str:
    """The language of this run (see :mod:`scheduler.cli.language`)."""
    return current()


def _set_lang(ctx: click.Context, _param: click.Parameter, value: str | None) -> str:
    if value is not None:
        set_current(value)  # already checked before parsing; this keeps the last one given
    lang = current()
    ctx.meta["lang"] = lang
    return lang


lang_option = option(
    "--lang",
    default=None,
    is_eager=True,
    expose_value=True,
    callback=_set_lang,
    metavar="metavar.lang",
    help="help.opt.lang",
)
"""``--lang zh|en``: on the group, and still accepted after a command."""


rules_option = option("--rules", "rules_path", metavar="metavar.file", help="help.opt.rules")


def _set_all(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta["show_all"] = True


all_option = option("--all", "show_all", is_flag=True, expose_value=False, callback=_set_all, help="help.opt.show_all")
"""``--all``: every row on the terminal, where past a threshold rows are counted, not listed (the files
keep every one): :func:`show_all`."""


def show_all() -> bool:
    """Whether the running command was given ``--all`` (``False`` outside a command)."""
    ctx = click.get_current_context(silent=True)
    return ctx is not None and bool(ctx.meta.get("show_all"))


LISTED_ROWS = 200
"""Rows (units or meetings) past which a timetable written to files (``--out``) is not listed on the
terminal, unless ``--all`` (:func:`folded`): ``reschedule --from-replies`` of 1,000 meetings listed them all
again before its 168 moves (QA qabigmeet22 F3); ``solve --out`` of 5,000 units printed every row (QA
qabig25 F1). Here, not with the meeting commands, so a unit table's command never loads those."""


def folded(rows: int, written: bool) -> bool:
    """Whether a timetable of ``rows`` rows written to files (``written``) is counted, not listed."""
    return written and rows > LISTED_ROWS and not show_all()


sheet_option = option("--sheet", metavar="metavar.sheet", help="help.opt.sheet")

format_option = option("--format", "formats", multiple=True, metavar="metavar.list", help="help.opt.format")


def chosen_formats(formats: tuple[str, ...], out_dir: str | None) -> tuple[str, ...]:
    """The ``--format`` values as formats; an error without ``--out`` (nothing to write), or when
    ``--out`` names a file, a timetable file there is a folder, or a folder of its invites cannot be
    written (checked now, before anything is read or solved)."""
    from scheduler.errors import InputError

    if not out_dir:
        if formats:
            raise InputError(Message("output.format_without_out"), column="--format")
        return ()
    from pathlib import Path

    from scheduler.export.outputs import RULES_NAME, parse_formats
    from scheduler.files.atomic import check_folder, check_targets
    from scheduler.invites.folder import INVITES_DIR

    check_folder(Path(out_dir), "--out")
    try:
        chosen = parse_formats(formats)
    except InputError as error:
        raise InputError(error.message, column="--format") from error
    names = [*(f"timetable.{fmt}" for fmt in chosen), RULES_NAME]
    check_targets(Path(out_dir), names, (INVITES_DIR,), "--out")
    return chosen


class FloatRange(click.FloatRange):
    """click's FloatRange, named in the run's language in its error (``不是有效的数``), which
    refuses NaN (``nan`` passes click's range check: every comparison with it is false) and
    infinity (a time limit is a number of seconds: ``inf`` is no budget to share out)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if math.isnan(number):
            self.fail(render(Message("type.not_a_number", value=value), current()), param, ctx)
        if math.isinf(number):
            self.fail(render(Message("type.not_finite", value=value), current()), param, ctx)
        return number

    @property
    def name(self) -> str:
        return render(Message("type.number"), current())

    @name.setter
    def name(self, _value: str) -> None:
        pass


class IntRange(click.IntRange):
    """click's IntRange, named in the run's language in its error (``不是有效的整数``)."""

    @property
    def name(self) -> str:
        return render(Message("type.integer"), current())

    @name.setter
    def name(self, _value: str) -> None:
        pass


def _start_clock(_ctx: click.Context, _param: click.Parameter, value: float) -> Any:
    """The command's deadline, started as its options are read (before any file is), less the
    time the process has already run (Python's start and the imports: a second or more on a
    busy machine), so the promise holds from the moment the command was started. Only when
    the process is the command (``cli.py``, ``docking-scheduler``): a command run inside
    another program (a test's ``CliRunner``) starts its clock when it starts."""
    from scheduler.solver.deadline import Deadline

    if not process_is_command():
        return Deadline(value)
    left = value - process_age()
    deadline = Deadline(max(0.05, left))
    deadline.beyond = max(0.0, 0.05 - left)  # a start past the limit: counted by the late line (QA review20 F3)
    return deadline


def process_is_command() -> bool:
    """Whether this process is the command itself (``cli.py``, ``docking-scheduler``), not a
    program that runs a command inside it (a test's ``CliRunner``)."""
    return Path(sys.argv[0]).stem in ("cli", "docking-scheduler")


def process_age(system: str | None = None) -> float:
    """Seconds since this process started, as the system (``sys.platform`` unless ``system``) tells it:
    Linux's ``/proc/self/stat``, Windows' ``GetProcessTimes``, macOS's ``sysctl`` (``kern.proc.pid``); 0
    where it does not (another system, or the call failed): the clock then starts as the options are
    read, as it did everywhere but Linux."""
    ages = {"linux": _linux_age, "win32": _windows_age, "darwin": _mac_age}
    system = system or sys.platform
    try:
        return max(0.0, ages[system]()) if system in ages else 0.0
    except (OSError, ValueError, IndexError, AttributeError, TypeError):
        return 0.0


def _linux_age() -> float:
    """The ``starttime`` of ``/proc/self/stat`` (clock ticks after boot) against the boot-time clock."""
    with open("/proc/self/stat", encoding="ascii") as stat:  # noqa: PTH123
        fields = stat.read().rsplit(")", 1)[1].split()
    started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
    return time.clock_gettime(time.CLOCK_BOOTTIME) - started


FILETIME_TICKS = 10_000_000
"""A Windows FILETIME counts 100-nanosecond steps (since 1601, UTC)."""


def _windows_age() -> float:
    """The process's creation time (``GetProcessTimes``) against the system's time now, both FILETIMEs."""
    import ctypes

    kernel = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
    created, exited, in_kernel, in_user, now = (ctypes.c_ulonglong() for _ in range(5))
    times = (ctypes.byref(created), ctypes.byref(exited), ctypes.byref(in_kernel), ctypes.byref(in_user))
    if not kernel.GetProcessTimes(kernel.GetCurrentProcess(), *times):
        raise OSError(ctypes.get_last_error(), "GetProcessTimes")  # type: ignore[attr-defined,unused-ignore]
    kernel.GetSystemTimeAsFileTime(ctypes.byref(now))
    return (now.value - created.value) / FILETIME_TICKS


KINFO_PROC_SIZE = 648
"""``sizeof(struct kinfo_proc)`` on 64-bit macOS; its first member, ``kp_proc.p_starttime``, is a
``struct timeval`` (seconds, microseconds since the epoch)."""


def _mac_age() -> float:
    """``p_starttime`` of ``sysctl({CTL_KERN, KERN_PROC, KERN_PROC_PID, pid})`` against the time now."""
    import ctypes
    import ctypes.util

    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    mib = (ctypes.c_int * 4)(1, 14, 1, os.getpid())  # CTL_KERN, KERN_PROC, KERN_PROC_PID
    info = ctypes.create_string_buffer(KINFO_PROC_SIZE)
    size = ctypes.c_size_t(KINFO_PROC_SIZE)
    if libc.sysctl(mib, 4, info, ctypes.byref(size), None, 0) != 0 or size.value < 16:
        raise OSError(ctypes.get_errno(), "sysctl")
    seconds = ctypes.c_long.from_buffer(info, 0).value
    micros = ctypes.c_int32.from_buffer(info, ctypes.sizeof(ctypes.c_long)).value
    return time.time() - (seconds + micros / 1_000_000)


def time_limit_option(key: str = "help.opt.time_limit") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--time-limit S`` (30 s by default) with the help text of catalog ``key``: the command
    receives a started :class:`~scheduler.solver.deadline.Deadline` as ``deadline`` (see
    :func:`for_search`)."""
    return option(
        "--time-limit",
        "deadline",
        type=FloatRange(min=0.1),
        default=30.0,
        show_default=True,
        metavar="metavar.seconds",
        help=key,
        callback=_start_clock,
    )


# Seconds per unit each output takes to make and write: what was measured at 5,000 units on an idle
# machine (the slowest of three shapes), with a margin of a quarter to a half (docs/performance.md,
# "The time limit"); but .xlsx's 0.15 ms is the top of what was measured under load (0.09-0.15 ms a
# unit at load 3.5-4.7, once written with XlsxWriter), without a margin, not measured idle. Under
# load the command's second of grace absorbs the rest; a larger margin took seconds from the search
# (5,000 units, every format: 6.3 s kept back for 1.75 s of writing).
PER_UNIT = {"print": 0.00005, "csv": 0.00005, "html": 0.00005, "xlsx": 0.00015, "docx": 0.00012}
PER_INVITE_ITEM = 0.00012
"""Seconds per calendar item of the invites (:meth:`InviteSettings.items`): rendered, recorded in
the state and written. 0.087 ms measured at 5,000 units with the notice's five milestones (45,007
items: `solve --format csv --out` with and without `[invites]`, 4.9 against 1.0 s, idle machine),
with a margin of 40%; it was 0.5 ms when icalendar rendered every line (0.35-0.4 ms measured then),
which kept 22 s back at that size for 4 s of writing."""
PER_EARLY_ITEM = 0.00006
"""Seconds per calendar item made beside the search in a forked child (each unit's deadline items:
:func:`scheduler.cli.invites.early_items`), kept back instead of :data:`PER_INVITE_ITEM`: after the
search such an item costs only its share of the state's JSON and of the wait for the child's files.
Measured (issue 16, seventeenth session; docs/performance.md): the whole command after the search at
5,000 units with the notice's five milestones (40,000 such items, 10,008 others) took 3.5 s at load 0.5,
0.67 s of it waiting for the child where the search had had no time; 6.55 s was kept back, now 4.15 s."""
FIXED = 0.3
"""Seconds kept whatever the size: checking the timetable, printing the summary, exiting."""
PER_RULES_BYTE = 6e-8
"""Seconds per byte of the rules file, written again beside the timetable with ``--out`` (its
``[[unavailable]]`` lists are not bounded by the units: 19 MB for 5,000 units took 0.3-0.8 s)."""


def for_search(deadline: Deadline, units: int, *args: Any, **how: Any) -> Deadline:
    """What is left of the command's ``deadline`` for the search: the time to print and write
    the answer is kept back (:func:`writing_seconds`, which takes the other arguments), or, on a
    machine slower than calm (:func:`slowdown`), the writing's expected cost at that pace where that
    is more (:func:`expected_writing`): under load 19-22 the search took what the calm reserve left it
    and the writing then ended 16-18 s past T + 1 (twenty-first session)."""
    kept = writing_seconds(units, *args, **how)
    slower = slowdown()
    if slower > 1.0:
        kept = max(kept, slower * expected_writing(units, slower, *args, **how))
    return deadline.sooner(kept)


def slowdown() -> float:
    """How many times slower than calm the rest of the command is expected to run: the slower of its
    own :func:`pace` so far and the machine's :func:`crowding`."""
    return max(pace(), crowding())


def expected_writing(units: int, slower: float, *args: Any, **how: Any) -> float:
    """The writing's expected seconds on a calm machine (:func:`writing_seconds` with ``expected``,
    which takes the other arguments), the processes made beside each other (``beside``) counted one
    after the other as the machine is busier (:data:`CROWDED_PACE`): its other core is taken then."""
    writing = writing_seconds(units, *args, **{**how, "expected": True})
    if how.get("beside"):
        alone = writing_seconds(units, *args, **{**how, "expected": True, "beside": False})
        writing += (alone - writing) * min(1.0, (slower - 1.0) / (CROWDED_PACE - 1.0))
    return writing


def writing_seconds(
    units: int,
    formats: Sequence[str] = (),
    invites: int = 0,
    rules_bytes: int = 0,
    alternatives: int = 1,
    beside: bool = False,
    split_off: str | None = None,
    grids: float = 0.0,
    early: int = 0,
    expected: bool = False,
    rendering: float | None = None,
) -> float:
    """Seconds kept back after the search to print and write the answer (the ``formats`` and
    ``invites`` calendar items with ``--out``, and the rules file of ``rules_bytes`` written beside
    them). ``beside``: the formats and the rules file are made in a second process while the
    invites are (:func:`scheduler.cli.invites.formats_beside`), so the longer of the two is kept,
    not their sum. With ``alternatives`` timetables, each after the first is printed and written in
    its own folder too, and keeps :data:`LATER_ALTERNATIVE` of the first's reserve. ``split_off``: a
    format made in a second process while the others are (:func:`scheduler.cli.invites.split_off`),
    so the longer of it and the rest is kept. ``grids``: seconds the formats take beyond ``units``
    (a meeting table's room grids and the Office libraries), made with them. ``early``: how many of
    the ``invites`` items are made beside the search (:data:`PER_EARLY_ITEM`). ``expected``: what
    the writing was measured to take on a calm machine (:data:`EXPECTED_SHARE`), not the reserve
    with its margins: what :func:`say_if_late` adds up. ``rendering``: the CPU seconds this run measured
    for making the invites made after the search (:func:`scheduler.cli.invites.rendering_seconds`):
    the invites' part is then the larger of the count and :data:`WRITING_PER_RENDERING` times that (plus
    the ``early`` items), for the late line; the reserve keeps the larger of that, with the reserve's
    margin, and the count."""
    printing = units * PER_UNIT["print"]
    tables = units * sum(PER_UNIT[f] for f in formats) + rules_bytes * PER_RULES_BYTE + grids
    if split_off is not None and split_off in formats:
        apart = units * PER_UNIT[split_off]
        tables = max(apart, tables - apart)
    calendars = (invites - early) * PER_INVITE_ITEM + early * PER_EARLY_ITEM
    measured = None if rendering is None else rendering * WRITING_PER_RENDERING
    if expected:
        shares = EXPECTED_SHARE
        printing, tables, calendars = printing * shares[0], tables * shares[0], calendars * shares[1]
        if measured is not None:  # (the count keeps what the sample does not make: each file's own cost)
            calendars = max(calendars, measured + early * EARLY_AFTER)
    elif measured is not None:
        calendars = max(calendars, measured / EXPECTED_SHARE[1] + early * PER_EARLY_ITEM)
    writing = max(tables, calendars) if beside else tables + calendars
    later = LATER_ALTERNATIVE * (alternatives - 1) * (printing + tables)
    fixed = FIXED * EXPECTED_SHARE[0] if expected else FIXED
    return fixed + printing + writing + later


EXPECTED_SHARE = (0.35, 0.55)
"""Of the reserve :func:`writing_seconds` keeps, the share the writing was measured to take after
the search at 5,000 units (``5000u-4r``, ``stable``, every format; issue 16, nineteenth session,
docs/performance.md "The time limit is a promise for the whole command"): the fixed part, the
printing and the formats about 0.3 (1.95 s kept, 0.55 s of the command's CPU after the search with
the `.xlsx` in its child); the invites' calendar items about 0.45 (4.15 s kept with the notice's
five milestones; the whole command 3.2-3.6 s on a calm machine, of which reading and the greedy
about 1.65 s). Raised from (0.3, 0.45) at the session's end: on a calm machine (load 0.5-1.2) the
5,000-unit command at ``--time-limit 2`` took 3.29 s, 0.29 s past T + 1, and said nothing; at T = 1 it
said 1.0 s late and was 1.32 s late."""
WRITING_PER_RENDERING = 2.5
"""Wall seconds the invites take after the search on a calm machine per CPU second of making them as
:func:`scheduler.cli.invites.rendering_seconds` measures it on the run (its sample: their calendars, the
state's records and JSON); the rest is writing the files (system time, per byte and per file, which
grows with the bytes rendered), the state's JSON in its child, the report printed. The shape's own cost
(long names, several addresses a unit, long templates) is in the measurement, not in this ratio.
Twentieth session (docs/performance.md, "A limit that cannot be held is said"): from the nineteenth
session's calm runs of 5,000 units, one address a unit with 160-character names (about 1.3 s after the
search for 0.5 s measured: the shape whose 0.45-0.54 s past T + 1 went unsaid) and the notice's (1.6 s
for 0.45 s and its deadlines); no calm machine this session to measure it again."""
EARLY_AFTER = 0.0000125
"""Seconds a calendar item made beside the search (:data:`PER_EARLY_ITEM`) still costs after it, in the
late line when the invites are measured (:data:`WRITING_PER_RENDERING`): its share of the state's JSON and
of the wait for the child's files (the notice's 40,000 deadline items: about 0.5 s of the 1.6 s)."""
GREEDY_PER_UNIT = 0.0001
"""Seconds per unit of the first (greedy) timetable, which is always made whatever the limit:
0.44-0.57 s of CPU at 5,000 units (``5000u-4r``, ``stable``, nineteenth session), read as 0.1 ms."""
GRACE = 1.0
"""The second past the time limit the promise allows (``--time-limit T`` returns within T + 1 s)."""
NOT_FOUND_IN_TIME = 3
"""The exit code of ``solve`` and ``reschedule`` (unit and meeting tables, text and ``--json``) when the time
ran out before any timetable was found and none was proven impossible: not 1, which says the rules cannot
all hold (a pipeline running ``solve --time-limit 0.5`` on a feasible 400-meeting table read
"infeasible", QA qabig25 F8). Mapped from :class:`~scheduler.errors.TimeLimitError` in
:data:`scheduler.cli.main.EXIT_CODES`."""


def no_timetable_code(status: str, conflict: object = None) -> int:
    """The exit code of an answer with no timetable: 1 when it is proven that none exists (``status``
    ``infeasible``, or a ``conflict`` that is ``proven``), else :data:`NOT_FOUND_IN_TIME`. A conflict alone
    proves nothing: a unit table's ``unknown`` always carries one (what the explanation found in the time
    left, not proven: :meth:`scheduler.solver.pipeline._Run.unsettled`)."""
    proven = conflict is not None and bool(getattr(conflict, "proven", False))
    return 1 if proven or str(status) == "infeasible" else NOT_FOUND_IN_TIME


def explained_code(conflict: object) -> int:
    """The exit code of ``explain``: 0 when a timetable exists (no ``conflict``), 1 when the rules listed are
    proven to clash, :data:`NOT_FOUND_IN_TIME` when the time ran out before that was known (its ``unknown``
    says no more than ``solve``'s)."""
    return 0 if conflict is None else no_timetable_code("unknown", conflict)


CALM_PACE = 1.3
"""Wall seconds per CPU second of the command from its start to its search on a calm machine (the
start, the imports, reading the files: nearly all CPU), with a margin; at load 6-13 on two cores it
was 1.8-4.1 (5,000 units, nineteenth session)."""


def pace() -> float:
    """How many times slower than on a calm machine the command has run so far: its wall seconds since
    the process started per CPU second, against :data:`CALM_PACE`; never below 1, and 1 where the
    process is not the command (a test's ``CliRunner``) or does not know its age."""
    if not process_is_command():
        return 1.0
    age, cpu = process_age(), time.process_time()
    return max(1.0, age / cpu / CALM_PACE) if age > 0 and cpu > 0 else 1.0


def crowding() -> float:
    """How many times slower than calm the machine's other programs make the work ahead: its load average
    over the last minute (the programs running or waiting to, this command included) per core this process
    may run on (:func:`cores`), never below 1; 1 where the system does not tell it (Windows) or the process
    is not the command (a test's ``CliRunner``: the machine's load is not its own). The command's
    :func:`pace` so far is one process's; after the search its three write at once, and on two cores shared
    with ten other programs they ran 4-8 times slower than calm where the pace had been 2-2.8 (twenty-first
    session, docs/performance.md "A limit that cannot be held is said")."""
    if not process_is_command():
        return 1.0
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # (no load average on Windows)
        return 1.0
    return max(1.0, load / max(1, cores()))


def cores() -> int:
    """The cores this process may run on (its affinity where the system tells it, else the machine's)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def say_if_late(
    deadline: Deadline, units: int, lang: str, *args: Any, first: float = 0.0, key: str = "limit.late", **how: Any
) -> None:
    """One line on stderr, before the search, when even the greedy timetable and the writing
    (:func:`writing_seconds` with ``expected``, which takes the other arguments), at the :func:`pace`
    the command has run at so far or the machine's :func:`crowding`, whichever is slower, cannot end
    within the command's ``deadline`` and its :data:`GRACE`, counted from the command's start (time
    already spent past the limit included: :meth:`Deadline.left`): the promise is not broken silently.
    When the command's own pace says it fits and only the machine's crowding foretells the overrun, the
    line is said as a risk (``…_risk``: under load 9-12 on two cores, 4 of 10 commands it was said of ended
    within T + 1, QA qabig25 F7), and the end still says it if the limit was not held.
    The command goes on and its answer is whole (files included); nothing is said when it fits, and
    then :func:`said_at_end` says it should the command end late after all. ``first``: seconds per
    unit of the first timetable (a meeting table's, each session's); :data:`GREEDY_PER_UNIT` unless
    given. ``key``: the line said (a meeting table's, ``limit.late_meetings``, promises no first timetable:
    its greedies hear the clock, and a command that finds none in the grace exits :data:`NOT_FOUND_IN_TIME`)."""
    per = first or GREEDY_PER_UNIT
    own, busy = pace(), crowding()

    def past(slower: float) -> tuple[float, float]:  # seconds needed at that pace, and how far past T + 1
        needed = slower * (units * per + expected_writing(units, slower, *args, **how))
        return needed, needed - deadline.left() - GRACE  # the time already past the limit counts (QA review20 F3)

    needed, late = past(max(own, busy))
    if late > 0 and (busy <= own or past(own)[1] > 0):
        say(key, lang, err=True, needed=f"{needed:.1f}", late=f"{late:.1f}")
    elif late > 0:  # the load per core alone foretells it: a risk (QA qabig25 F7: 4 of 10 ended in time)
        say(f"{key}_risk", lang, err=True, needed=f"{needed:.1f}", late=f"{late:.1f}", load=f"{busy:.1f}")
        said_at_end(deadline, lang)
    else:
        said_at_end(deadline, lang)


def said_at_end(deadline: Deadline, lang: str) -> None:
    """Where the forecast of :func:`say_if_late` was silent: as the command ends (its click context
    closes, after its last line, whatever way it ends), one line on stderr when it ended past the
    ``deadline`` and its :data:`GRACE` (catalog ``limit.was_late``, by how much): a machine that got
    busier after the forecast, or writing slower than measured, no longer breaks the promise silently
    (issue 16, twenty-first session). Nothing outside a command (no click context)."""
    context = click.get_current_context(silent=True)
    if context is not None:
        context.call_on_close(lambda: say_if_was_late(deadline, lang))


def say_if_was_late(deadline: Deadline, lang: str) -> None:
    """The line of :func:`said_at_end`, when the command is past ``deadline`` and its :data:`GRACE` now."""
    late = -deadline.left() - GRACE
    if late > 0:
        say("limit.was_late", lang, err=True, late=f"{max(late, 0.1):.1f}")


CROWDED_PACE = 2.0
"""The :func:`pace` from which the late line counts the formats and the invites (``beside``: made in two
processes at once) one after the other: their calm cost is the longer of the two, as the machine's second
core makes the other; at twice a calm machine's pace or slower that core is taken by other programs, and
the two take their sum (linearly between). Twentieth session, load 11-13 on two cores: 5,000 units with
one address a unit at ``--time-limit 8`` ended 12-16 s after the start with nothing said, the pace
(about 2.5) applied to the longer of the two only."""


LATER_ALTERNATIVE = 0.6
"""Of the first timetable's writing reserve, for each further alternative (``solve --alternatives``).
:data:`PER_UNIT` keeps the slowest shape's cost with a margin; measured at 5,000 units, every
format and the rules file, one alternative takes 1.4-1.7 s to print and write (5000u-4r, 5000u-1r,
biglabel and heavy shapes), 0.41-0.48 of that reserve. Before, each kept the full reserve: 8.9 s of
``--time-limit 10`` for 3 alternatives of 5,000 units, which then found 2 in 4.1 s."""


def rules_bytes(path: str | None, out_dir: str | None) -> int:
    """The size of the rules file at ``path`` when it is written again (``--out``), else 0."""
    if not out_dir or not path:
        return 0
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0


allow_cancel_option = option("--allow-cancel", is_flag=True, help="help.opt.allow_cancel")

allow_differing_option = option(
    "--allow-differing-copy", "allow_differing", is_flag=True, help="help.opt.allow_differing_copy"
)
"""``--allow-differing-copy``: read the table given although another copy of its timetable differs
(:mod:`scheduler.files.copies`), and let ``--out`` overwrite that copy."""
allow_differing_read_option = option(
    "--allow-differing-copy", "allow_differing", is_flag=True, help="help.opt.allow_differing_copy_read"
)
"""``--allow-differing-copy`` of a command that writes no timetable (``validate``, ``explain``; ``ics``, whose
``--out`` holds invites)."""
allow_differing_send_option = option(
    "--allow-differing-copy", "allow_differing", is_flag=True, help="help.opt.allow_differing_copy_send"
)
"""``--allow-differing-copy`` of ``send``: mail from the table given; the other copy is rewritten after."""


def output_options(out_help: str, keeps_style: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--out DIR``, ``--format``, ``--encoding``, ``--time-format``, ``--sheet``, ``--time-limit``,
    ``--allow-cancel`` and ``--allow-differing-copy``: the options of commands that write a timetable.
    ``keeps_style``: the command keeps the table's own encoding and time format unless told otherwise
    (``reschedule``), so its help shows no ``[default: utf-8]`` / ``[default: iso]`` it does not use."""
    kept = "_kept" if keeps_style else ""

    def apply(command: Callable[..., Any]) -> Callable[..., Any]:
        command = allow_differing_option(command)
        command = allow_cancel_option(command)
        command = time_limit_option("help.opt.time_limit")(command)
        command = sheet_option(command)
        command = option(
            "--time-format",
            type=click.Choice(TIME_FORMATS),
            default="iso",
            show_default=not keeps_style,
            help=f"help.opt.time_format{kept}",
        )(command)
        command = option(
            "--encoding",
            type=click.Choice(CSV_ENCODINGS, case_sensitive=False),
            default="utf-8",
            show_default=not keeps_style,
            help=f"help.opt.encoding{kept}",
        )(command)
        command = format_option(command)
        command = all_option(command)
        return option("--out", "out_dir", metavar="metavar.dir", help=out_help)(command)

    return apply


def say(key: str, lang: str, err: bool = False, **params: Any) -> None:
    click.echo(render(Message(key, **params), lang), err=err)


def echo_lines(lines: Iterable[str], err: bool = False) -> None:
    """``lines`` printed as one text (nothing when there are none): the very characters of one
    ``click.echo`` a line, without its flush and terminal check per line (10,000 lines at 5,000 units
    with invites: 20,000 system calls, issue 16)."""
    listed = list(lines)
    if listed:
        click.echo("\n".join(listed), err=err)


def login_advice(stopped: Message | None, user: str | None, password: Any, lang: str) -> None:
    """After the server refused the login for good (``stopped``, a batch's reason to stop): which user name
    and which password (``password``, the :class:`~scheduler.mail.server.Secret` the login used, or None if
    none was asked) to check, since running again with the same ones cannot help. On stderr."""
    from scheduler.mail.smtp import LOGIN_REFUSED

    if stopped is None or stopped.key != LOGIN_REFUSED or not user or password is None:
        return
    if password.source is not None:
        source = Message("mail.password_from_variable", variable=password.source)
    else:
        source = Message("mail.password_from_prompt")
    say("mail.check_login", lang, err=True, user=user, source=source)


def remembered(password: Callable[[], Any]) -> tuple[Callable[[], Any], Callable[[], Any]]:
    """``password`` (a callable asking for a password only when a login needs it) and a second callable
    telling what the first returned last, or None if it was never asked: for :func:`login_advice`."""
    given: list[Any] = []

    def ask() -> Any:
        given.append(password())
        return given[-1]

    return ask, lambda: given[-1] if given else None


def secret(
    variables: tuple[str, ...],
    prompt: Message,
    missing: Message,
    lang: str,
    option: str = "--user",
    confirm: bool = False,
) -> Any:
    """A password from the first of ``variables`` that is set, else a hidden prompt on a terminal; never an
    argument, never shown. Without a terminal there is nothing to ask (a scheduled job must not hang):
    :class:`~scheduler.errors.InputError` naming ``option`` (the one that asked for a login) with
    ``missing``, which says how to give it. At the prompt, Ctrl-C is a :class:`KeyboardInterrupt` (the
    command's exit 130) and Ctrl-D an :class:`~scheduler.errors.InputError`: no password typed. ``confirm``:
    a password being set (``serve``'s login), not checked by a server, is typed twice, and asked again
    until both agree, so a typo at the hidden prompt cannot lock the user out."""
    import os

    from scheduler.errors import InputError
    from scheduler.mail.server import Secret

    source = next((v for v in variables if os.environ.get(v) is not None), None)
    value = os.environ[source] if source is not None else None
    if value is None:
        if not can_prompt():
            raise InputError(missing, column=option)
        value = _hidden(render(prompt, lang), variables[0], option)
        while confirm and _hidden(render(Message("input.password_again"), lang), variables[0], option) != value:
            say("input.passwords_differ", lang, err=True)
            value = _hidden(render(prompt, lang), variables[0], option)
    return Secret(str(value), source)


def _hidden(prompt: str, variable: str, option: str) -> str:
    """What is typed at a hidden prompt (:func:`secret`)."""
    from scheduler.errors import InputError

    try:
        return str(click.prompt(prompt, hide_input=True, err=True))
    except click.Abort as exc:
        # click makes both Ctrl-C and Ctrl-D an Abort, the key pressed kept as its context. Ctrl-C stops
        # the command as anywhere else (exit 130); Ctrl-D says no password was typed: the user was at
        # a terminal, so "set the variable, or run in a terminal" (``missing``) would be wrong.
        if isinstance(exc.__context__, KeyboardInterrupt):
            raise KeyboardInterrupt from None
        raise InputError(Message("input.no_password_typed", variable=variable), column=option) from exc


def can_prompt() -> bool:
    """Whether a hidden prompt can be shown (else Python's getpass would warn and echo)."""
    import sys

    return sys.stdin is not None and sys.stdin.isatty()  # None: no standard input at all (``<&-``, pythonw.exe)
