"""What ``python cli.py solve`` on a unit table imports (docs/performance.md, start-up): not the
meetings' readers and model, not the mail address checks, not the annex of the published formats,
not the other commands' modules, not the conflicts (a solve that finds a timetable has none to
tell), not the stamps of written files nor the threads that sync them (it writes none), not the
rules of meeting problems, not the message catalog's areas it never says. A behaviour
test (which modules load), not a timed one: the time is ``make bench``'s
(benchmarks.bench.cli_timings)."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import json
import pkgutil
import subprocess
import sys

from click.testing import CliRunner

import scheduler
from scheduler.cli import terminal
from scheduler.cli.main import LAZY_COMMANDS, main
from scheduler.files import atomic, encodings, rules_file, tables, toml_lines
from scheduler.rules.registry import RULES, UNIT_RULES
from scheduler.text import messages, names, times
from tests.conftest import NOTICE, ROOT

NOT_FOR_A_UNIT_TABLE = (
    "scheduler.files.meeting_files",
    "scheduler.domain.meetings",
    "scheduler.meetings.terms",
    "scheduler.files.addresses",
    "scheduler.export.annex",
    "scheduler.cli.meetings",
    *LAZY_COMMANDS.values(),
    "scheduler.conflicts.conflict",
    "scheduler.export.stamps",
    "concurrent.futures",
    "scheduler.rules.meetings",
    "encodings.utf_16_le",  # a UTF-8 table: no UTF-16 codec (tables.ENCRYPTED is written as bytes)
    *(
        f"scheduler.text.catalog.{area}"  # the sentences of other commands and of meeting tables
        for area in ("conflicts", "invites", "mail", "meetings", "meeting_edge", "replies", "safety", "web")
    ),
)

# Told at exit: the command ends its process itself (``scheduler.cli.main.leave``), exit handlers run.
_RUN = """
import atexit, json, runpy, sys
atexit.register(lambda: print(json.dumps(sorted(sys.modules)), file=sys.stderr))
sys.argv = ["cli.py", *sys.argv[1:]]
runpy.run_path("cli.py", run_name="__main__")
"""


def loaded_by(*args: str) -> tuple[object, set[str]]:
    """The exit code of ``python cli.py ARGS`` and the modules it had loaded when it ended."""
    done = subprocess.run([sys.executable, "-c", _RUN, *args], cwd=ROOT, capture_output=True, text=True)
    return done.returncode, set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_solving_a_unit_table_loads_nothing_only_meetings_or_other_commands_need():
    code, modules = loaded_by("solve", str(NOTICE))
    assert code in (0, None)
    assert "scheduler.solver.pipeline" in modules  # the run really solved
    assert sorted(m for m in NOT_FOR_A_UNIT_TABLE if m in modules) == []


NOT_WITHOUT_OUT = (
    "scheduler.invites.invited",
    "scheduler.invites.state",
    "scheduler.files.copies",
    "scheduler.cli.forked",
    "scheduler.export",
    "scheduler.export.outputs",
    "scheduler.cli.invites",  # (with the ics command's, now lazy: cli.main.LAZY_COMMANDS)
    "scheduler.files.atomic",  # (the SIGTERM handler's swap lives in files.signals)
    "scheduler.files.swap",
)
"""Without ``--out`` nobody is invited and nothing is written: the invites' state (with four dataclasses
and a pattern), the copies' check, the forking module (with ``pickle``) and the writers' module (its
``CsvStyle``) are not loaded to say so, nor what ``--out`` plans (``scheduler.cli.invites``), nor the
atomic writers (a command that names no folder checks none)."""


def test_solving_without_out_loads_no_invites_state():
    code, modules = loaded_by("solve", str(NOTICE))
    assert code in (0, None)
    assert sorted(m for m in (*NOT_WITHOUT_OUT, "pickle") if m in modules) == []


def test_solving_a_table_spelt_right_loads_no_difflib():
    """The nearest known name (``text.nearest``) is looked for only for a misspelt one: ``difflib``
    (with ``heapq``) is imported then, not by every command that reads a table."""
    code, modules = loaded_by("solve", str(NOTICE))
    assert code in (0, None) and "scheduler.text.nearest" in modules
    assert sorted(m for m in ("difflib", "heapq") if m in modules) == []


MEETING_RULES = sorted(type(rule).__module__ for rule in RULES if rule not in UNIT_RULES)
"""The modules of the rules of meeting problems only (``scheduler/rules/meetings/``)."""


def test_solving_a_unit_table_loads_no_rule_of_meeting_problems():
    _, modules = loaded_by("solve", str(NOTICE))
    assert len(MEETING_RULES) == 10
    assert "scheduler.rules.pinned" in modules  # the unit rules are there
    assert sorted(m for m in MEETING_RULES if m in modules) == []


_BUILT = """
import atexit, json, runpy, sys

def report():
    found, todo = set(), [object]
    while todo:
        for cls in type.__subclasses__(todo.pop()):
            if cls not in found:
                found.add(cls)
                todo.append(cls)
    ours = [c for c in found if c.__module__.startswith("scheduler")]
    built = [c.__qualname__ for c in ours if "__dataclass_fields__" in vars(c)]
    print(json.dumps(sorted(built)), file=sys.stderr)

atexit.register(report)
sys.argv = ["cli.py", *sys.argv[1:]]
runpy.run_path("cli.py", run_name="__main__")
"""

NEVER_MADE_BY_A_SOLVE = (
    *("Violation", "PlanView", "Fact", "Times", "Regions", "Stage", "Progress", "Pin", "Unavailable"),
    *("Answer", "CsvStyle", "Crowded", "Twin", "_Change"),
)
"""Dataclasses solving the notice never makes (it breaks no rule, is no meeting timetable, has no
conflict, no pin nor unavailability, builds no model, has nobody hearing its progress, answers no
``--json``, writes no CSV, is no workbook with a twin sheet, and its greedy finds a timetable: no
clash is looked for, ``solver.clash`` is not loaded; the board's journal of changes is a named tuple, the
greedy opens no trial): defined at import, each cost every command's start-up the methods
``dataclass`` compiles for it."""


def test_solving_a_unit_table_builds_no_dataclass_it_never_makes():
    done = subprocess.run(
        [sys.executable, "-c", _BUILT, "solve", str(NOTICE)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    built = set(json.loads(done.stderr.strip().splitlines()[-1]))
    assert {"Problem", "Unit", "Calendar"} <= built  # the recording works: classes the run makes
    assert sorted(name for name in NEVER_MADE_BY_A_SOLVE if name in built) == []


RECORDS = ("Count", "Decoded", "Streams", "Row")
"""Records a solve makes (counting's figures, a file's text and encoding, the wrapped output, a table's rows):
named tuples, which cost a seventh of a dataclass to define (0.5M instructions against 3.3-3.8M)."""


def test_solving_a_unit_table_builds_no_dataclass_for_its_private_records():
    done = subprocess.run(
        [sys.executable, "-c", _BUILT, "solve", str(NOTICE)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    built = set(json.loads(done.stderr.strip().splitlines()[-1]))
    assert {"Problem", "Unit", "Calendar"} <= built  # the recording works: classes the run makes
    assert sorted(name for name in RECORDS if name in built) == []


def test_writing_a_workbook_loads_no_workbook_reader(tmp_path):
    """The ``.xlsx`` is written with XlsxWriter; openpyxl, the reader (0.16-0.2 s to import), is
    loaded only where a workbook is read. (One format and no invites: it is made in this process.)"""
    table = tmp_path / "t.csv"
    table.write_text("单位,备注\n区档案馆,=1+2\n区审计局,\n", encoding="utf-8")
    table.with_suffix(".toml").write_text('days = ["2021-09-08"]\nhours = ["9:00", "10:00"]\n', encoding="utf-8")
    code, modules = loaded_by("solve", str(table), "--out", str(tmp_path / "out"), "--format", "xlsx")
    assert code in (0, None) and (tmp_path / "out" / "timetable.xlsx").is_file()
    assert "xlsxwriter" in modules and "openpyxl" not in modules


def test_writing_without_a_replies_ledger_loads_no_mail_client(tmp_path):
    """The answers the files carry come from a replies ledger in DIR; without one, the module that
    reads them (and the IMAP and SMTP clients it imports: 30-40 ms) is not loaded."""
    table = tmp_path / "t.csv"
    table.write_text("单位\n区档案馆\n区审计局\n", encoding="utf-8")
    table.with_suffix(".toml").write_text('days = ["2021-09-08"]\nhours = ["9:00", "10:00"]\n', encoding="utf-8")
    code, modules = loaded_by("solve", str(table), "--out", str(tmp_path / "out"))
    assert code in (0, None) and (tmp_path / "out" / "timetable.docx").is_file()
    assert "scheduler.cli.invites" in modules
    assert sorted(m for m in ("scheduler.replies.collect", "scheduler.replies.imap", "imaplib") if m in modules) == []


def test_writing_invites_without_a_replies_ledger_loads_no_mail_parser(tmp_path, example):
    """``solve --out`` with invites asks whether DIR holds a replies ledger (its file name): the mail
    parser the ledger's reader uses (``scheduler.replies.mime``, the ``email`` package's policies:
    30-50 ms of the command's chain, issue 16) loads only when a ledger is read."""
    code, modules = loaded_by("solve", str(example / NOTICE.name), "--out", str(tmp_path / "out"))
    assert code in (0, None) and (tmp_path / "out" / "invites" / "state.json").is_file()
    assert "scheduler.replies.ledger" in modules  # (its name was asked for)
    assert sorted(m for m in ("scheduler.replies.mime", "email.policy", "email.parser") if m in modules) == []


def test_validating_a_unit_table_loads_no_meetings_either():
    code, modules = loaded_by("validate", str(NOTICE))
    assert code in (0, None)
    assert sorted(m for m in NOT_FOR_A_UNIT_TABLE if m in modules) == []


FIRST_USE_PATTERNS = {
    "times._RANGE_CLOCK": times._RANGE_CLOCK,
    "times._RANGE_FULL": times._RANGE_FULL,
    **{  # weekdays, English dates and time words, the day's end: the notice's times (9 月 8 日 8:00) have none
        f"times.{name}": getattr(times, name)
        for name in ("_DATED_WEEKDAY", "_LEADING_WEEKDAY", "_EN_DATE", "_TWELVE_HOUR", "_NOON", "_MIDNIGHT_END")
        + ("_TWELVE_HOUR_RANGE", "_AFTER_MONTH", "_DAY_END")
    },
    **{f"times._ENGLISH_WORDS[{i}]": pattern for i, (pattern, _word) in enumerate(times._ENGLISH_WORDS)},
    "atomic._TEMP": atomic._TEMP,
    "encodings._UTF8_CHAR": encodings._UTF8_CHAR,
    "tables._HAS_DATE": tables._HAS_DATE,
    **{  # the rows a table skips and the days it compares (QA's office sheets): the notice has none
        f"tables.{name}": getattr(tables, name)
        for name in ("_DAY", "DAY_HEADING", "SECTION_HEADING", "END_MARK", "NOTE_OPENS", "PHONE", "_NOTE_HINT", "COUNT")
    },
    "messages._PLURAL": messages._PLURAL,  # the notice's solve says no sentence with a plural
    "messages.UNWRITABLE": messages.UNWRITABLE,  # its rules' texts have line breaks, no control
    "terminal._UNSAFE": terminal._UNSAFE,  # its output has line breaks, no control
    "times._ENGLISH": times._ENGLISH,  # no English time word (no Latin letter) in its times
    "times._PERIOD": times._PERIOD,  # its hours are single clock times
    "tables._ANNOTATED": tables._ANNOTATED,  # its headers name their columns as they stand
    "tables.TOTAL": tables.TOTAL,  # its rows' labels are 序号 numbers
}
"""Patterns compiled on first use: solving the notice (a UTF-8 table of full times, written nowhere)
never matches them, and compiled at import they cost every command's start-up."""

_COMPILING = """
import atexit, json, re, runpy, sys
compiled = []
_compile = re._compile
def _recording(pattern, flags):
    compiled.append(repr(getattr(pattern, "pattern", pattern)))
    return _compile(pattern, flags)
re._compile = _recording
atexit.register(lambda: print(json.dumps(compiled), file=sys.stderr))
sys.argv = ["cli.py", *sys.argv[1:]]
runpy.run_path("cli.py", run_name="__main__")
"""


def test_solving_a_unit_table_compiles_no_pattern_it_never_matches():
    done = subprocess.run(
        [sys.executable, "-c", _COMPILING, "solve", str(NOTICE)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    compiled = set(json.loads(done.stderr.strip().splitlines()[-1]))
    assert repr(times._CLOCK.pattern) in compiled  # the recording works: a pattern the run uses
    wanted = {name: repr(getattr(pattern, "pattern", pattern)) for name, pattern in FIRST_USE_PATTERNS.items()}
    assert sorted(name for name, pattern in wanted.items() if pattern in compiled) == []


OUR_PATTERNS = {
    "times._CN_DATE": times._CN_DATE.pattern,  # the notice's times: 9 月 8 日 8:00
    "times._ISO_DATE": times._ISO_DATE.pattern,  # its rules' days: 2021-09-08
    "times._CLOCK": times._CLOCK.pattern,
    **{f"toml_lines.{name}": getattr(toml_lines, name).pattern for name in ("_HEADER", "_KEY")},  # its rules' lines
    "rules_file._BARE_KEY": rules_file._BARE_KEY.pattern,
    "a path's control characters": r"[\x00-\x1f\x7f]",  # rules_file.check_characters
    "names._FULL_WIDTH": names._FULL_WIDTH.pattern,  # every name compared (name_key)
}
"""The only patterns our own code compiles to solve the notice (the standard library's and wcwidth's aside):
the times it reads and the lines of its rules file. A unit's labels (``A``) are split without one."""

_OURS_COMPILING = """
import atexit, json, re, runpy, sys
compiled = []
_compile = re._compile
def _recording(pattern, flags):
    caller = sys._getframe(1)
    while caller.f_code.co_filename.startswith(re.__path__[0]):
        caller = caller.f_back
    if "/scheduler/" in caller.f_code.co_filename.replace("\\\\", "/") and not isinstance(pattern, re.Pattern):
        compiled.append(getattr(pattern, "pattern", pattern))
    return _compile(pattern, flags)
re._compile = _recording
atexit.register(lambda: print(json.dumps(compiled), file=sys.stderr))
sys.argv = ["cli.py", *sys.argv[1:]]
runpy.run_path("cli.py", run_name="__main__")
"""


def test_solving_a_unit_table_compiles_only_the_patterns_it_matches():
    done = subprocess.run(
        [sys.executable, "-c", _OURS_COMPILING, "solve", str(NOTICE)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    compiled = set(json.loads(done.stderr.strip().splitlines()[-1]))
    assert times._CLOCK.pattern in compiled  # the recording works: a pattern the run uses
    assert sorted(compiled - set(OUR_PATTERNS.values())) == []


_COMMANDS = """
import atexit, json, runpy, sys
import click
built = []
_init = click.Command.__init__
def _recording(self, name, *args, **kwargs):
    built.append(name)
    _init(self, name, *args, **kwargs)
click.Command.__init__ = _recording
atexit.register(lambda: print(json.dumps(built), file=sys.stderr))
sys.argv = ["cli.py", *sys.argv[1:]]
runpy.run_path("cli.py", run_name="__main__")
"""


def test_solving_builds_no_command_of_the_other_table_commands_but_validate():
    """``explain`` and ``reschedule`` (their options, fourteen for ``reschedule``) are built when they run or
    help is shown (:data:`LAZY_COMMANDS`), not by every command's start-up."""
    done = subprocess.run(
        [sys.executable, "-c", _COMMANDS, "solve", str(NOTICE)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    built = json.loads(done.stderr.strip().splitlines()[-1])
    assert sorted(built) == ["main", "solve", "validate"]


def test_help_still_lists_every_command_the_lazy_ones_included():
    out = CliRunner().invoke(main, ["--help", "--lang", "en"]).output
    listed = out.split("Commands:")[1]
    for name in ("example", "solve", "validate", "explain", "reschedule", "ics", "send", "replies", "serve"):
        assert f"\n  {name} " in listed, name
    assert sorted(main.list_commands(None)) == main.list_commands(None)


def test_a_lazy_command_is_found_by_name_and_an_unknown_one_is_not():
    assert main.get_command(None, "replies") is main.commands["replies"]
    assert main.get_command(None, "no-such-command") is None
    result = CliRunner().invoke(main, ["no-such-command", "--lang", "en"])
    assert result.exit_code == 2 and "no-such-command" in result.output


def test_no_dataclass_has_a_method_generated_that_its_own_replaces():
    """A dataclass that writes its own ``__init__``, ``__repr__`` or ``__eq__`` says so (``init=False``,
    ``repr=False``, ``eq=False``): else ``dataclass`` compiles one at import anyway, then keeps the
    class's (compiling those methods is most of what our dataclasses cost at start-up,
    docs/performance.md)."""
    both = []
    for info in pkgutil.walk_packages(scheduler.__path__, "scheduler."):
        module = importlib.import_module(info.name)
        for name, cls in vars(module).items():
            if not (inspect.isclass(cls) and cls.__module__ == info.name and dataclasses.is_dataclass(cls)):
                continue
            params = cls.__dataclass_params__
            for method, generated in (("__init__", params.init), ("__repr__", params.repr), ("__eq__", params.eq)):
                own = inspect.unwrap(cls.__dict__[method]) if method in cls.__dict__ else None
                if generated and own is not None and own.__code__.co_filename != "<string>":
                    both.append(f"{info.name}.{name}.{method}")
    assert both == []


def test_the_meeting_solver_loads_no_cp_sat_until_it_searches():
    """mt2k19 (issue 16): the meeting solver's engine loaded OR-Tools' compiled layer as it was imported
    (0.15-0.3 s of CPU, 0.6 s of wall under load), so ``solve --time-limit 2`` on 2,000 meetings, whose
    greedy leaves no time for any search, paid for it before its greedy began. It is loaded by the
    first search, as the unit solver's is (:func:`scheduler.solver.cpsat.helper`)."""
    code = (
        "import sys\n"
        "import scheduler.meetings.planner, scheduler.meetings.replanning, scheduler.meetings.diagnose\n"
        "print(sorted(m for m in sys.modules if m.startswith('ortools')))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
