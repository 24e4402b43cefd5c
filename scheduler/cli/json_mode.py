"""``--json``: one JSON document on standard output instead of the text (docs/cli.md, "JSON output").

A command given ``--json`` runs with its standard output sent to standard error, so whatever it
says besides its answer (the files ``--out`` wrote, the invites' report) stays readable and out of
the way; it returns its answer (:class:`Answer`: the document of :mod:`scheduler.export.documents`
and the exit code), which is written alone to standard output, in UTF-8 whatever the locale, and
the command exits with that code: the one the text would have (0 success, 1 broken rules or no
timetable). Bad input is what it always is: one line on standard error, exit 2, nothing on
standard output.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from scheduler.cli.localized import option

if TYPE_CHECKING:  # mypy sees the class where it is; at run time it loads with --json (PEP 562, below)
    from scheduler.cli.answer import Answer as Answer


def json_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """The ``--json`` flag (``as_json``) on ``command``, which returns an :class:`Answer` when it is
    given (and ``None`` otherwise); the answer is written and the command exits with its code."""

    @functools.wraps(command)
    def run(*args: Any, as_json: bool, **kwargs: Any) -> None:
        if not as_json:
            command(*args, as_json=False, **kwargs)
            return
        from scheduler.cli.answer import Answer

        shown = sys.stdout
        sys.stdout = sys.stderr  # nothing but the document reaches standard output
        try:
            answer = command(*args, as_json=True, **kwargs)
        finally:
            sys.stdout = shown
        if not isinstance(answer, Answer):  # a bug: one line and exit 70 (scheduler.cli.main), no document
            raise TypeError(f"{command.__name__} --json answered {type(answer).__name__}, not a document")
        emit(answer.document)
        if answer.code:
            raise SystemExit(answer.code)

    flag = option("--json", "as_json", is_flag=True, help="help.opt.json")
    return flag(run)


def emit(document: dict[str, Any]) -> None:
    """``document`` as JSON on standard output, in UTF-8, safe for a terminal."""
    from scheduler.cli.terminal import json_safe, write_utf8
    from scheduler.export.documents import dumps

    write_utf8(json_safe(dumps(document)))


if not TYPE_CHECKING:  # a module __getattr__ seen by mypy would hide typos as Any

    def __getattr__(name: str) -> Any:
        """:class:`~scheduler.cli.answer.Answer` imported on first use (PEP 562): a command run without
        ``--json`` makes none."""
        if name == "Answer":
            from scheduler.cli.answer import Answer

            globals()[name] = Answer
            return Answer
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
