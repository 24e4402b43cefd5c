"""The range of every whole-number key of a rules file, and the one check that refuses any other value.

A number past what the readers can use was once an internal error (``meeting_minutes =
99999999999999999999``: Python's ``timedelta`` overflowed), an ``IndexError`` in the solver
(``gap_minutes = 5000``, a 500 typed with one 0 too many) or a ``solve`` that ran past
``--time-limit`` (``gap_minutes = 99999999999999999999``): QA qarules20 F2. Each key's range is
therefore written here, once for the command line and the web rules form (which reads the form through
the same readers), and a value outside it, or not a whole number, is one line naming the file, the line,
the key and the range, with an example to copy; a number written in quotes (``capacity = "2"``) is told
to lose its quotes. The ranges are wide (a day for minutes; 1970-2100 for a year): they keep out slips,
not unusual campaigns. ``[invites]``' ``reminder_minutes``, ``[invites.reminders]`` and the objective's
weights keep the ranges their own readers check.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scheduler.errors import InputError
from scheduler.files.toml_lines import KeyLines
from scheduler.text.messages import Message


@dataclass(frozen=True)
class Whole:
    """A whole number from ``low`` to ``high`` (both included); ``example`` is shown in the message."""

    low: int
    high: int
    example: int


DAY = 24 * 60
YEAR = Whole(1970, 2100, 2021)
MEETING_MINUTES = Whole(1, DAY, 60)
CAPACITY = Whole(1, 1000, 2)

UNIT_NUMBERS: Mapping[str, Whole] = {
    "year": YEAR,
    "meeting_minutes": MEETING_MINUTES,
    "rooms.capacity": CAPACITY,
}
"""A unit table's rules file: ``rooms.capacity`` is each ``[[rooms]]`` entry's ``capacity``."""

MEETING_NUMBERS: Mapping[str, Whole] = {
    "year": YEAR,
    "meeting_minutes": MEETING_MINUTES,
    "grid_minutes": Whole(1, DAY, 15),
    "gap_minutes": Whole(0, DAY, 15),
    "rooms.capacity": CAPACITY,
    "rooms.seats": Whole(1, 100_000, 40),
    "rooms.changeover_minutes": Whole(0, DAY, 15),
    "links.gap_minutes": Whole(0, 30 * DAY, 15),
}
"""A meeting table's rules file (a link's gap may span days: up to 30)."""


def check_numbers(data: Mapping[str, Any], lines: KeyLines, path: str | None, numbers: Mapping[str, Whole]) -> None:
    """Refuse the first key of ``numbers`` that ``data`` (a rules file as read) holds with a value that is
    not a whole number in its range: one line naming the file, the line, the key (``rooms[2].capacity``)
    and the range. A key not written is not checked (its reader's default applies)."""
    for name, whole in numbers.items():
        section, _, key = name.rpartition(".")
        if not section:
            if key in data:
                _check(data[key], whole, key, key, lines.top(key) or lines.anywhere(key), path)
            continue
        entries = data.get(section)
        for index, entry in enumerate(entries if isinstance(entries, list) else ()):
            if isinstance(entry, dict) and key in entry:
                line = lines.in_array(section, index, key)
                _check(entry[key], whole, key, f"{section}[{index + 1}].{key}", line, path)


def _check(value: Any, whole: Whole, key: str, shown: str, line: int | None, path: str | None) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and whole.low <= value <= whole.high:
        return
    if isinstance(value, str) and re.fullmatch(r"\s*\d{1,9}\s*", value) and whole.low <= int(value) <= whole.high:
        said = Message("input.number_quoted", key=key, value=int(value))
    else:
        # a string in quotes; anything else as itself: the renderer spells true, { a = 1 } and lists as
        # the file writes them (Python's True and {'a': 1} were echoed before)
        text = _said(value) if isinstance(value, str) else value
        said = Message("input.number_range", key=key, low=whole.low, high=whole.high, value=text, example=whole.example)
    raise InputError(said, path, line=line, key=shown)


def _said(value: str) -> str:
    """A string as the file writes it: in quotes."""
    return f'"{value}"'
