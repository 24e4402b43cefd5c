"""The exceptions the library raises, under one base class.

``SchedulerError``
    ``InputError``      a file or value the user gave cannot be used (CLI exit 2)
        ``AddressError`` (files.addresses), ``Refused`` (mail.campaign),
        ``TooManyCancellations`` (invites.guard): edge subclasses
    ``ProblemError``    the problem, built in code, is not well formed (CLI exit 2)
    ``InfeasibleError`` no timetable satisfies the rules (CLI exit 1)
    ``BrokenRules``     a timetable breaks rules, so nothing made from it goes out (CLI exit 1)
    ``Failure``         (mail.smtp) one SMTP step failed; kept inside a mail batch's outcomes

Every error carries a :class:`~scheduler.text.messages.Message`, so it can be shown
in Chinese or English; ``str(error)`` gives the Chinese text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from scheduler.text.messages import Message, render

if TYPE_CHECKING:
    from scheduler.conflicts.explain import Conflict


class SchedulerError(Exception):
    """Base class of every error this library raises on purpose."""

    exit_code = 2

    def __init__(self, message: Message) -> None:
        super().__init__(render(message, "zh"))
        self.message = message

    def text(self, lang: str = "zh") -> str:
        """The error as one line in ``lang`` (``"zh"`` or ``"en"``)."""
        return render(self.message, lang)


class InputError(SchedulerError):
    """A file, row or value supplied by the user cannot be used.

    ``path``, ``row`` and ``column`` say where in a table (``row`` is the
    spreadsheet row number, the header being row 1); ``line`` and ``key`` say
    where in a rules file; a ``column`` that starts with ``-`` is a command-line
    option and is named as one (``选项 --smtp-host``, not ``列“--smtp-host”``).
    """

    def __init__(
        self,
        message: Message,
        path: str | None = None,
        row: int | None = None,
        column: str | None = None,
        line: int | None = None,
        key: str | None = None,
    ) -> None:
        self.path = path
        self.row = row
        self.column = column
        self.line = line
        self.key = key
        super().__init__(message)

    def text(self, lang: str = "zh") -> str:
        where = [self.path] if self.path else []
        for code, value in (("row", self.row), ("column", self.column), ("line", self.line), ("key", self.key)):
            if value is not None:
                if code == "column" and value.startswith("-"):
                    code = "option"
                where.append(render(Message(f"where.{code}", **{code: value}), lang))
        body = render(self.message, lang)
        return f"{', '.join(where)}: {body}" if where else body

    def __str__(self) -> str:
        return self.text("zh")


class ProblemError(SchedulerError):
    """A problem built in code breaks a structural requirement (unknown unit, bad slot...)."""


class InfeasibleError(SchedulerError):
    """No timetable satisfies the rules; ``conflict`` names the rules that clash."""

    exit_code = 1

    def __init__(self, conflict: Conflict) -> None:
        self.conflict = conflict
        super().__init__(Message("infeasible.header"))

    def text(self, lang: str = "zh") -> str:
        return self.conflict.text(lang)

    def __str__(self) -> str:
        return self.text("zh")


class _Lines(Protocol):
    def lines(self, lang: str = "zh") -> list[str]: ...


class BrokenRules(SchedulerError):
    """A timetable breaks rules, so no invite or mail is made from it; ``report`` says which (exit 1)."""

    exit_code = 1

    def __init__(self, report: _Lines) -> None:
        self.report = report
        super().__init__(Message("show.invites_refused"))

    def text(self, lang: str = "zh") -> str:
        return "\n".join([render(self.message, lang), *self.report.lines(lang)])

    def __str__(self) -> str:
        return self.text("zh")
