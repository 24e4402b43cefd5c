"""The other sheet of our own workbook holding the same timetable (:class:`Twin`): a module of its own,
loaded with the first one made (PEP 562, through :mod:`scheduler.files.tables`): a table read from a
text file or any other workbook makes none, and ``from scheduler.files.tables import Twin`` is this
class."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from scheduler.errors import InputError

T = TypeVar("T")
"""The twin's table: :class:`scheduler.files.tables.Table` (named so, this module imports nothing of it)."""


@dataclass(frozen=True)
class Twin(Generic[T]):
    """The other sheet of our own workbook holding the same timetable: its title, and its table as read
    with the sheet it is the twin of (or why it could not be read)."""

    title: str
    table: T | None
    error: InputError | None = None

    def read(self) -> T:
        """The twin's table; the error that reading it raised, if it did."""
        if self.table is None:
            assert self.error is not None
            raise self.error
        return self.table
