"""The exceptions the library raises, under one base class.

``SchedulerError``
    ``InputError``      a file or value the user gave cannot be used (CLI exit 2)
    ``ProblemError``    the problem, built in code, is not well formed (CLI exit 2)
    ``InfeasibleError`` no timetable satisfies the rules (CLI exit 1)

Every error carries a :class:`~scheduler.messages.Message`, so it can be shown
in Chinese or English; ``str(error)`` gives the Chinese text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .messages import Message, render

if TYPE_CHECKING:
    from .explain import Conflict


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

    ``path``, ``row`` and ``column`` say where, as far as they are known; ``row``
    is the spreadsheet row number (the header is row 1).
    """

    def __init__(
        self,
        message: Message,
        path: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = path
        self.row = row
        self.column = column
        super().__init__(message)

    def text(self, lang: str = "zh") -> str:
        where = []
        if self.path:
            where.append(self.path)
        if self.row is not None:
            where.append(render(Message("where.row", row=self.row), lang))
        if self.column:
            where.append(render(Message("where.column", column=self.column), lang))
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


def one_of(values: Sequence[str]) -> str:
    """Join choices for a message: ``a, b, c``."""
    return ", ".join(values)
