"""The command line: ``docking-scheduler`` (or ``python cli.py`` from a checkout).

Exit codes: 0 success; 1 the timetable breaks rules, no timetable exists, or a message
could not be delivered; 3 no timetable was found in the time limit and none was proven impossible
(:data:`~scheduler.cli.options.NOT_FOUND_IN_TIME`); 2 bad input (file, row,
column named on one line), a bad option, or an unknown ``--lang``; 74 a full disk or quota
(:data:`NO_SPACE_EXIT`: nothing was changed); 130 interrupted
(Ctrl-C or SIGTERM: :func:`sigterm_interrupts`). A closed standard output (``| head``), or none at
all (``>&-``), changes nothing of this: the command carries on (:mod:`scheduler.cli.terminal`); one
that cannot be written (``> /dev/full``) makes a success 2 (:data:`OUTPUT_LOST`). :data:`EXIT_CODES`
maps the error tree (:mod:`scheduler.errors`) to them, here and nowhere else.
Heavy libraries (OR-Tools) are imported only by the commands that solve.
"""

from __future__ import annotations

import re
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from importlib import import_module
from pathlib import Path
from typing import Any

import click

from scheduler.cli.language import (
    UnknownLanguage,
    choose,
    click_text,
    current,
    install_click_translation,
    only_language,
)
from scheduler.cli.localized import Group, option
from scheduler.cli.options import NOT_FOUND_IN_TIME, lang_option, process_is_command
from scheduler.cli.solving import solve, validate
from scheduler.cli.terminal import Streams, neutral_streams, utf8_file_names
from scheduler.errors import (
    ArgumentError,
    BrokenRules,
    DeliveryError,
    InputError,
    NoTimetableError,
    ProblemError,
    SchedulerError,
    TimeLimitError,
)
from scheduler.text.messages import Message

EXIT_CODES: tuple[tuple[type[SchedulerError], int], ...] = (
    (InputError, 2),
    (ProblemError, 2),
    (ArgumentError, 2),
    (TimeLimitError, NOT_FOUND_IN_TIME),
    (NoTimetableError, 1),
    (BrokenRules, 1),
    (DeliveryError, 1),
    (SchedulerError, 2),
)
"""The error tree's exit codes: the first class the error is an instance of decides."""


INTERRUPTED = 130
"""The exit code of a command stopped by Ctrl-C (128 + SIGINT, as shells report it)."""

INTERNAL = 70
"""The exit code of a bug (an error outside the tree: ``EX_SOFTWARE``), told in one line."""

OUTPUT_LOST = 2
"""The exit code of a command that succeeded but could not write its standard output (``> /dev/full``,
a full disk: told in one line on standard error, :mod:`scheduler.cli.terminal`); a command that
failed keeps its own code. A reader gone (``| head``) or no standard output at all (``>&-``) is no failure."""


def leave(code: object) -> None:
    """End the process now with ``code`` (``None``: 0), without taking the interpreter apart: the
    exit handlers run and the standard streams are flushed, but the millions of objects a large
    table leaves (5,000 units: 2.5 million unavailable times) are not freed one by one (0.1-0.3 s
    after the last line of a 5,000-unit ``solve``), nor modules unloaded. Returns, for Python's own
    exit, when a thread is still running or ``code`` is not a number (a message to print)."""
    import atexit
    import os
    import threading

    code = 0 if code is None else code
    if not isinstance(code, int) or threading.active_count() > 1:
        return
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None: no such stream in this process (``>&-``, pythonw.exe)
                stream.flush()
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):  # a stream that cannot be flushed: Python's exit says so as it always did
        return
    os._exit(code)


NO_SPACE_EXIT = 74
"""The exit code of a command stopped by a full disk or a quota used up (``EX_IOERR``): the machine's
state, not the input (2), and nothing was changed: make room and run the same command again (QA qaint26
F3; decision of the twenty-fifth session). Told by the reason the error says (``os.reason.disk_full``,
``os.reason.quota``), which a worker process's error carries as well (its cause does not cross)."""

_NO_SPACE_REASONS = frozenset({"os.reason.disk_full", "os.reason.quota"})


def exit_code(error: SchedulerError) -> int:
    """The exit code of an error (see :data:`EXIT_CODES`; a full disk: :data:`NO_SPACE_EXIT`)."""
    if _says_no_space(error.message):
        return NO_SPACE_EXIT
    return next(code for kind, code in EXIT_CODES if isinstance(error, kind))


def _says_no_space(said: object) -> bool:
    """Whether a message (or a value of its parameters) gives a full disk as its reason."""
    if isinstance(said, Message):
        return said.key in _NO_SPACE_REASONS or any(_says_no_space(v) for v in said.params.values())
    if isinstance(said, list | tuple):
        return any(_says_no_space(v) for v in said)
    return False


LAZY_COMMANDS = {
    "explain": "scheduler.cli.explaining",
    "reschedule": "scheduler.cli.rescheduling",
    "ics": "scheduler.cli.invites",
    "example": "scheduler.cli.example",
    "send": "scheduler.cli.mail",
    "replies": "scheduler.cli.replies",
    "serve": "scheduler.cli.serve",
}
"""Commands whose module is imported only when they run or help is shown (name: module defining it
under that name): a table's commands start without them (docs/performance.md, start-up)."""


class _Commands(dict[str, click.Command]):
    """The group's commands: a lazy one (:data:`LAZY_COMMANDS`) is imported on first lookup."""

    def __missing__(self, name: str) -> click.Command:
        if name not in LAZY_COMMANDS:
            raise KeyError(name)
        found: click.Command = getattr(import_module(LAZY_COMMANDS[name]), name)
        self[name] = found
        return found


class _Group(Group):
    """Chooses the language before click parses anything, turns our errors into one line on
    stderr and their exit code, without a traceback (a bug too: :data:`INTERNAL`), and keeps what
    files say from steering the terminal (:mod:`scheduler.cli.terminal`); the commands of
    :data:`LAZY_COMMANDS` load when used."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _Commands(self.commands)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        try:
            return self.commands[cmd_name]
        except KeyError:
            return None

    def main(self, args: Sequence[str] | None = None, *more: Any, **options: Any) -> Any:
        if args is None:  # the process's own command line (not a test's CliRunner): file names in UTF-8
            utf8_file_names()
        streams: Streams | None = None
        try:
            with neutral_streams() as streams, _freezes_kept(args is None):
                try:
                    return self._main(args, *more, **options)
                finally:
                    streams.out.flush()  # a standard output that cannot be written is known before the exit code
        except SystemExit as leaving:
            code = leaving.code
            if streams is not None and streams.out.failed is not None and code in (0, None):
                code = OUTPUT_LOST
            if process_is_command():
                leave(code)
            raise SystemExit(code) from None

    def _main(self, args: Sequence[str] | None, *more: Any, **options: Any) -> Any:
        try:
            choose(list(sys.argv[1:] if args is None else args))
        except UnknownLanguage as error:
            click.echo(error.text(), err=True)
            if options.get("standalone_mode", True):
                sys.exit(2)
            return 2
        install_click_translation()
        given = list(sys.argv[1:] if args is None else args)
        if only_language(given):  # --lang en alone: the help page in English, as the bare command's
            args = [*given, "--help"]
        return super().main(args, *more, **options)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with sigterm_interrupts():
                return super().invoke(ctx)
        except SchedulerError as error:
            click.echo(error.text(current()), err=True)
            ctx.exit(exit_code(error))
        except click.UsageError as error:
            # click's own checks (an unknown option, a value out of range): its sentence, which names
            # the option, and where to find help; two lines instead of the usage text before them
            said = error.format_message()
            if current() == "zh":  # click joins some sentences with its own "." ("缺少参数 '表格'."): 。
                said = re.sub(r"(?<![A-Za-z0-9])\.( |$)", "。", said)
            click.echo(click_text("Error: {message}").format(message=said), err=True)
            if error.ctx is not None and error.ctx.help_option_names:
                command = f"{error.ctx.command_path} {error.ctx.help_option_names[0]}"
                click.echo(click_text("Try {command!r} for help.").format(command=command), err=True)
            ctx.exit(error.exit_code)
        except KeyboardInterrupt:
            # Ctrl-C or SIGTERM while a command loads, plans, solves or writes, before or outside its own
            # handling: one line and 130, as docs/cli.md promises, not click's "Aborted!" and 1 (and
            # what was being written is cleaned up on the way). A command that has more to say (send's
            # summary) says it and exits itself.
            from scheduler.text.messages import Message, render

            click.echo(render(Message("interrupted"), current()), err=True)
            ctx.exit(INTERRUPTED)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise  # click's own ways out
        except Exception as error:
            # a bug (an internal check that failed): one line naming it, not a traceback, as for every
            # other error; what was being written has been cleaned up on the way. Not a bug: a folder
            # handed over that is still closed to us (its owner named, and the ways: QA qahand24 F1)
            from scheduler.files.owned import refused_access
            from scheduler.text.messages import Message, render

            closed = refused_access(error) if isinstance(error, OSError) else None
            if closed is not None:
                click.echo(closed.text(current()), err=True)
                ctx.exit(exit_code(closed))
            reason = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
            click.echo(render(Message("internal", reason=reason), current()), err=True)
            ctx.exit(INTERNAL)


def _freezes_kept(own: bool) -> AbstractContextManager[None]:
    """Nothing, for the process's own command line (the process ends with the command); else, what the
    command freezes is unfrozen at its end (:func:`scheduler.cli.freezing.command_inside`)."""
    if own:
        return nullcontext()
    from scheduler.cli.freezing import command_inside

    return command_inside()


@contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """SIGTERM (``timeout``, a service manager, a CI runner, a closed terminal) stops a command as
    Ctrl-C does: a :class:`KeyboardInterrupt`, so files being written are cleaned up, send's journal
    says what was in flight, and the command ends with one line and 130."""

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    from scheduler.files.signals import swapped_handlers

    with swapped_handlers((signal.SIGTERM,), interrupt):
        yield


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from importlib.metadata import version

    from scheduler.text.messages import Message, render

    prog = ctx.find_root().info_name or "docking-scheduler"
    built = _commit()
    said = Message("version", prog=prog, version=version("docking-scheduler"))
    if built is not None:
        commit, changed = built
        key = "version_commit_changed" if changed else "version_commit"
        said = Message(key, prog=prog, version=version("docking-scheduler"), commit=commit)
    click.echo(render(said, current()))
    ctx.exit()


def _commit(root: Path | None = None) -> tuple[str, bool] | None:
    """The commit this copy was run from and its date (``7c9a5ec8 2026-12-05 09:12 UTC``) when it is a git
    checkout (``git`` asked, 5 s at most each time), and whether its tracked files differ from that commit;
    ``None`` otherwise. The version number stays 0.1.0 from build to build: two clerks' copies of a shared
    drive are told apart by this (QA qaupgrade17 F4). Such a checkout is often another user's, which git
    refuses as of "dubious ownership": these two read-only questions name it ``safe.directory`` for
    themselves alone (QA review17b F3); nothing is written to any git configuration."""
    root = root or Path(__file__).resolve().parents[2]
    if not (root / ".git").exists():
        return None
    said = _git(root, "log", "-1", "--abbrev=8", "--format=%h %cd", "--date=format-local:%Y-%m-%d %H:%M UTC")
    if not said:
        return None
    status = _git(root, "status", "--porcelain", "--untracked-files=no")
    return said, bool(status)


def _git(root: Path, *args: str) -> str | None:
    """What ``git`` says (stripped) to ``args`` in the checkout ``root``, or ``None`` when it fails."""
    import os
    import subprocess

    command = ["git", "-c", f"safe.directory={root}", "-C", str(root), *args]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=5, env={**os.environ, "TZ": "UTC"})
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


@click.group(cls=_Group, help="help.main", context_settings={"help_option_names": ["-h", "--help"]})
@option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version, help="help.opt.version")
@lang_option
def main(lang: str) -> None:
    """Build, check and share meeting timetables (docking-scheduler); help in scheduler/text/catalog/cli.py."""


for command in (solve, validate):
    main.add_command(command)
