"""The keys a rules file may hold, one list per table, and the check that refuses any other.

A key the readers do not know was once read as nothing: ``capacty = 2`` in a ``[[rooms]]`` entry left
the room at capacity 1, ``meeting_minute = 30`` left the meetings at 60 minutes, and a top-level key
written below the last ``[[rooms]]`` (``people = "people.csv"`` appended at the end of the file) was
part of that room's entry (TOML's rule) and silently dropped: a proven-optimal timetable and the
invites built on a default nobody asked for. Every key is therefore known here, for each table of
each kind of rules file (a unit table's, docs/formats.md "The rules file"; a meeting table's,
"The meeting table, its people sheet and rules keys"; the invites' keys of both), and any other is
one line naming the file, the line and the key, with the nearest known key (:func:`scheduler.text.nearest.nearest`).
A reader that starts to read a new key adds it here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scheduler.errors import InputError
from scheduler.files.toml_lines import KeyLines
from scheduler.text.messages import Message
from scheduler.text.nearest import nearest

Known = Mapping[str, frozenset[str] | None]
"""A table's dotted name (``""`` for the top level, ``rooms`` for each ``[[rooms]]`` entry,
``invites.organizer``; ``objective.*`` for every table under ``[objective]``) -> its keys
(``None``: any key, as ``[invites.bring]``'s categories)."""

_INVITES: dict[str, frozenset[str] | None] = {
    "invites": frozenset(
        {"campaign", "contacts", "summary", "description", "reminder_minutes", "calendar_name", "language"}
        | {"organizer", "bring", "reminders"}
    ),
    "invites.organizer": frozenset({"name", "email"}),
    "invites.bring": None,  # keyed by category, and "*"
    "invites.reminders": frozenset({"answer_after_days", "meeting_days_before", "deadline_days_before"}),
    "milestones": frozenset({"id", "what", "when", "who", "detail", "where"}),
}

UNIT_KEYS: Known = {
    "": frozenset(
        {"title", "timezone", "year", "days", "hours", "meeting_minutes", "categories", "paper"}
        | {"rooms", "links", "pins", "unavailable", "only", "invites", "milestones"}
    ),
    "rooms": frozenset({"name", "capacity"}),
    "links": frozenset({"first", "then"}),
    "pins": frozenset({"unit", "time", "from", "reason"}),
    "unavailable": frozenset({"unit", "times", "reason"}),
    "only": frozenset({"unit", "times"}),
    **_INVITES,
}
"""A unit table's rules file (:func:`scheduler.files.rules_file.parse_rules`)."""

MEETING_KEYS: Known = {
    "": frozenset(
        {"title", "timezone", "year", "days", "hours", "grid_minutes", "meeting_minutes", "gap_minutes", "units"}
        | {"people", "rooms", "pins", "links", "unavailable", "objective", "invites", "milestones", "paper"}
        | {"only", "categories"}  # a unit table's: refused before, in words of their own
    ),
    "rooms": frozenset({"name", "capacity", "seats", "changeover_minutes"}),
    "pins": frozenset({"meeting", "time", "room"}),
    "links": frozenset({"first", "then", "gap_minutes", "same_day"}),
    "unavailable": frozenset({"person", "unit", "meeting", "times", "reason"}),
    "objective": None,  # preset and the terms' names (checked by their reader, naming the known ones)
    "objective.*": frozenset({"level", "weight", "who"}),
    **_INVITES,
}
"""A meeting table's rules file (:func:`scheduler.files.meeting_files.build_meetings`)."""


ARRAYS = frozenset({"rooms", "links", "pins", "unavailable", "only", "milestones"})
"""The tables written ``[[name]]``, one header per entry (or inline, ``rooms = [{...}]``)."""
TABLES = frozenset({"invites", "invites.organizer", "invites.bring", "invites.reminders", "objective"})
"""The tables written ``[name]``, once."""


EXAMPLES = {
    "title": 'title = "对接计划表"',
    "timezone": 'timezone = "Asia/Shanghai"',
    "days": 'days = ["9月8日", "9月9日"]',
    "hours": 'hours = ["8:00", "9:00"]',
    "categories": 'categories = ["部门", "镇办"]',
    "units": 'units = ["区财政局", "区发改委"]',
    "people": 'people = "people.csv"',
    "times": 'times = ["9月8日上午", "9月9日"]',
    "same_day": "same_day = true",
    "paper": 'paper = "letter"',
}
"""How each key that takes a text, a list or a yes/no is written: shown when its value is of another kind."""


def kind_refusal(key: str) -> Message:
    """The message for ``key`` holding a value of the wrong kind: how to write it, with an example to copy
    (QA qarules20 F5: it said only "wrong kind of value, see docs/formats.md in the source")."""
    example = EXAMPLES.get(key.rsplit(".", 1)[-1])
    if example is None:
        return Message("input.rules_type", key=key)
    return Message("input.rules_kind", key=key, example=example)


LISTS = ("days", "hours", "categories", "units")
"""The top-level keys holding a list of short items, none of which holds a comma of its own."""


def check_list_items(data: Mapping[str, Any], lines: KeyLines, path: str | None) -> None:
    """Refuse a list item holding a Chinese comma or 、 (``categories = ["部门，镇办"]``: two items typed as one),
    at the key's line, showing the list as it should be (QA qarules20 F7: it was blamed on the table's
    类别, or, for a meeting table's ``units``, accepted: those units were no longer whole units)."""
    for key in LISTS:
        value = data.get(key)
        for item in value if isinstance(value, list) else ():
            if isinstance(item, str) and any(sign in item for sign in "，、；"):  # no regex: start-up
                parts = [p.strip() for p in item.replace("、", "，").replace("；", "，").split("，") if p.strip()]
                example = "[" + ", ".join(f'"{p}"' for p in parts) + "]"
                said = Message("input.list_comma", item=item, example=f"{key} = {example}")
                raise InputError(said, path, line=lines.top(key) or lines.anywhere(key), key=key)


PAPERS = ("A4", "Letter")
"""The papers a rules file's ``paper`` may name (in any case; :mod:`scheduler.export.paper` lays them out)."""


def check_paper(data: Mapping[str, Any], lines: KeyLines, path: str | None) -> None:
    """Refuse a ``paper`` that is not one of :data:`PAPERS` (``paper = "A5"``, ``paper = 4``), at its line."""
    value = data.get("paper")
    if value is None:
        return
    line = lines.top("paper") or lines.anywhere("paper")
    if not isinstance(value, str):
        raise InputError(kind_refusal("paper"), path, line=line, key="paper")
    if value.strip().lower() not in {p.lower() for p in PAPERS}:
        said = Message("input.paper", value=value, known=", ".join(PAPERS))
        raise InputError(said, path, line=line, key="paper")


def check_brackets(data: Mapping[str, Any], lines: KeyLines, path: str | None) -> None:
    """Refuse a table written with the wrong brackets (``[rooms]`` for ``[[rooms]]``, ``[[invites]]`` for
    ``[invites]``: the likeliest slip when a section is copied by hand, QA qarules20 F4), saying which to
    write, at its header's line. Checked before the readers, which would name a key inside it, or none."""
    for name in sorted(ARRAYS | TABLES):
        value = _at(data, name)
        if name in ARRAYS and isinstance(value, dict):
            said = Message("input.write_array", name=name)
        elif name in TABLES and isinstance(value, list):
            said = Message("input.write_table", name=name)
        else:
            continue
        line = lines.in_table(name, "") if "." in name else lines.header(name)
        raise InputError(said, path, line=line, key=name)


def check_keys(data: Mapping[str, Any], lines: KeyLines, path: str | None, known: Known) -> None:
    """Refuse the first key of ``data`` (a rules file as read) that ``known`` does not list: one line
    naming the file, the line and the key (``rooms[1].capacty``), with the nearest known key. A
    top-level key found inside a table is said to belong at the top: TOML puts a key written below a
    ``[[rooms]]`` or ``[invites]`` header into that table, wherever the writer meant it."""
    top = known[""] or frozenset()
    for key in data:
        if key not in top:
            line = lines.top(key) or lines.header(key) or lines.anywhere(key)
            raise _unknown(key, top, path, line, key, _home(key, known, ""))
    for name, keys in known.items():
        if not name:
            continue
        section, _, leaf = name.rpartition(".")
        if leaf == "*":
            parent = _at(data, section)
            for child, value in parent.items() if isinstance(parent, dict) else ():
                if isinstance(value, dict):
                    _check_table(value, f"{section}.{child}", keys, known, lines, path)
            continue
        value = _at(data, name)
        if isinstance(value, dict):
            _check_table(value, name, keys, known, lines, path)
        elif isinstance(value, list):
            for index, entry in enumerate(value):
                if isinstance(entry, dict):
                    _check_table(entry, name, keys, known, lines, path, index)


def _at(data: Mapping[str, Any], name: str) -> Any:
    value: Any = data
    for part in name.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _check_table(
    table: dict[str, Any],
    name: str,
    keys: frozenset[str] | None,
    known: Known,
    lines: KeyLines,
    path: str | None,
    index: int | None = None,
) -> None:
    top = known[""] or frozenset()
    for key in table:
        if keys is None and key not in top:
            continue  # a table of any keys ([invites.bring]'s categories): only a top-level key is a slip
        if keys is not None and key in keys:
            continue
        if index is None:
            line = lines.in_table(name, key)
            shown, header = f"{name}.{key}", f"[{name}]"
        else:
            line = lines.in_array(name, index, key)
            shown, header = f"{name}[{index + 1}].{key}", f"[[{name}]]"
        if key in top or keys is None:
            said = Message("input.key_below_table", key=key, header=header)
            raise InputError(said, path, line=line, key=shown)
        raise _unknown(key, keys, path, line, shown, _home(key, known, name))


def _home(key: str, known: Known, here: str) -> str | None:
    """The table that takes ``key`` when the table ``here`` does not (``[invites]`` for ``reminder_minutes``
    written at the top, ``[[rooms]]`` for ``capacity``), written as its header, or ``None``."""
    for name, keys in known.items():
        if name and name != here and "*" not in name and keys is not None and key in keys:
            return f"[[{name}]]" if name in ARRAYS else f"[{name}]"
    return None


def _unknown(
    key: str, keys: frozenset[str], path: str | None, line: int | None, shown: str, home: str | None = None
) -> InputError:
    if home is not None:  # a key of another table: not "did you mean" a key here (QA qarules20 F12)
        return InputError(Message("input.key_elsewhere", key=key, header=home), path, line=line, key=shown)
    near = nearest(key, keys)
    if near is not None:
        said = Message("input.unknown_key_near", key=key, near=near)
    else:
        said = Message("input.unknown_key", key=key, known=sorted(keys))
    return InputError(said, path, line=line, key=shown)
