"""The rules and the units as forms: filled from the project, read back through the CLI's own checks.

What the page sends is turned into rules-file data and read by the same
:func:`scheduler.files.rules_file.parse_rules` and :func:`scheduler.files.load.build`
the command line uses, so a bad value gets the same one-line message as
``validate`` gives. The message is placed at the field it is about: the checks
name a key and a line of the rules text, and this module writes that text
itself, so it knows which form row each line came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from scheduler.errors import InputError
from scheduler.files.load import Loaded, build
from scheduler.files.rules_file import KNOWN_KEYS, Entry, Rules, parse_rules, rules_data
from scheduler.files.tables import CATEGORY, GROUP, NOTE, UNIT, Row, Table, zero_label
from scheduler.files.toml_lines import KeyLines
from scheduler.text.messages import Message, render, unwritable

SECTIONS = ("rooms", "links", "pins", "unavailable", "only")
"""The rules that are lists of entries, one form row each."""
SHOWN = {
    "links": ("first", "then"),
    "pins": ("unit", "time"),
    "unavailable": ("unit", "times"),
    "only": ("unit", "times"),
}
"""The keys of each section's entries that its form rows show (``times``: one a line). An entry's other keys
(a pin's ``from`` and ``reason``, an unavailability's ``reason``) are not shown: the row carries the index of
the entry it was filled from (``row``, as a unit's row does), and saving keeps that entry's other keys."""
UNIT_FIELDS = {"name": UNIT, "category": CATEGORY, "group": GROUP, "note": NOTE}


def form_of(loaded: Loaded) -> dict[str, Any]:
    """The project's rules and units as the page's forms show them (text as the rules file holds it)."""
    data = rules_data(loaded.rules)
    form: dict[str, Any] = {
        "title": data.get("title", ""),
        "timezone": data.get("timezone", ""),
        "year": str(data.get("year", "")),
        "days": "\n".join(data["days"]),
        "hours": "\n".join(data["hours"]),
        "meeting_minutes": str(data["meeting_minutes"]),
        "categories": "\n".join(data.get("categories", [])),
        "rooms": [{"name": r["name"], "capacity": str(r["capacity"])} for r in data["rooms"]],
        **{section: _rows(getattr(loaded.rules, section), keys) for section, keys in SHOWN.items()},
        "units": [
            {"row": i, **{name: row.get(column) for name, column in UNIT_FIELDS.items()}}
            for i, row in enumerate(loaded.table.rows)
        ],
    }
    return form


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _rows(entries: tuple[Entry, ...], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """A section's entries as form rows: the keys shown (a list one item a line), and the entry's index."""

    def shown(value: object) -> str:
        return "\n".join(_text(v) for v in value) if isinstance(value, list) else _text(value)

    return [{"row": i, **{k: shown(e.values.get(k)) for k in keys}} for i, e in enumerate(entries)]


@dataclass(frozen=True)
class FieldError(Exception):
    """A form value the checks refused: the field it is about and the CLI's line for it."""

    field: str
    error: InputError

    def payload(self, lang: str) -> dict[str, str]:
        """The field, the message for it, and the CLI's line (without a line number: the text the
        checks read was written from the form, so its line numbers mean nothing to the user)."""
        e = self.error
        line = InputError(e.message, e.path, e.row, e.column, None, e.key).text(lang)
        return {"field": self.field, "message": render(e.message, lang), "line": line}


def read_form(form: dict[str, Any], loaded: Loaded) -> tuple[Table, Rules]:
    """The table and rules the form describes, checked as the CLI checks files; :class:`FieldError` if not."""
    path = loaded.rules.path
    data, number = _rules_data(form, loaded.rules)
    text = _toml(data)
    try:
        rules = parse_rules(data, path, text)
    except InputError as error:
        raise FieldError(_field_of(error, text, number), error) from error
    table = _table(form, loaded.table)
    try:
        build(table, rules)
    except InputError as error:
        if error.row is not None and error.path == table.path:
            named = error.column if isinstance(error.column, str) else ""  # a missing column: a Message
            column = {v: k for k, v in UNIT_FIELDS.items()}.get(named, "name")
            raise FieldError(f"units.{error.row - 2}.{column}", error) from error
        raise FieldError(_field_of(error, text, number), error) from error
    return table, rules


def _rules_data(form: dict[str, Any], rules: Rules) -> tuple[dict[str, Any], dict[str, int]]:
    """Rules-file data from the form, the values as typed (the rules reader checks them)."""
    data: dict[str, Any] = {}
    if str(form.get("title", "")).strip():
        data["title"] = str(form["title"]).strip()
    data["timezone"] = str(form.get("timezone", "")).strip()
    year = str(form.get("year", "")).strip()
    if year:
        data["year"] = _number(year)
    data["days"] = _lines(form.get("days"))
    data["hours"] = _lines(form.get("hours"))
    minutes = str(form.get("meeting_minutes", "")).strip()
    data["meeting_minutes"] = _number(minutes)
    categories = _lines(form.get("categories"))
    if categories:
        data["categories"] = categories
    data.update({k: v for k, v in rules.extra.items() if k not in KNOWN_KEYS})
    rooms = []
    for entry in _entries(form, "rooms"):
        capacity = str(entry.get("capacity", "")).strip()
        rooms.append({"name": str(entry.get("name", "")).strip(), "capacity": _number(capacity)})
    data["rooms"] = rooms
    counts = {"rooms": len(rooms)}
    for section, keys in SHOWN.items():
        entries = [_entry(e, keys, getattr(rules, section)) for e in _entries(form, section)]
        if entries:
            data[section] = entries
        counts[section] = len(entries)
    return data, counts


def _number(text: str) -> int | str:
    """A number typed in the form as the rules file would hold it (``-60`` too: refused by the same range
    as in the file, QA qarules20 F5), anything else as typed (refused by the rules reader in words)."""
    return int(text) if re.fullmatch(r"[+-]?\d+", text) else text


def _entry(row: dict[str, Any], keys: tuple[str, ...], entries: tuple[Entry, ...]) -> dict[str, Any]:
    """A section's entry from its form row: the keys shown, as typed (``times`` one a line), and the keys
    the form does not show kept from the entry the row was filled from (its ``row``; none for a new row)."""
    entry: dict[str, Any] = {k: _lines(row.get(k)) if k == "times" else str(row.get(k, "")).strip() for k in keys}
    source = row.get("row")
    if isinstance(source, int) and not isinstance(source, bool) and 0 <= source < len(entries):
        entry.update({k: v for k, v in entries[source].values.items() if k not in keys})
    return entry


def _entries(form: dict[str, Any], section: str) -> list[dict[str, Any]]:
    value = form.get(section) or []
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


def _lines(value: object) -> list[str]:
    return [line.strip() for line in str(value or "").splitlines() if line.strip()]


def _toml(data: dict[str, Any]) -> str:
    import tomli_w

    return tomli_w.dumps(data)


def _field_of(error: InputError, text: str, counts: dict[str, int]) -> str:
    """The form field an error about the rules text is about: ``pins.2.time``, ``days``, or ``""`` (the form).

    The entry is found by the line the readers give (:class:`~scheduler.files.toml_lines.KeyLines`, theirs),
    whether the entries were written inline (``pins = [{...}]``) or as tables (``[[unavailable]]``: an
    entry holding a list); only rows that came from the form count (not the file's other entries)."""
    key = error.key or ""
    if error.line is None:
        return key if key in ("days", "hours", "meeting_minutes", "timezone", "year", "categories", "rooms") else ""
    where = KeyLines(text)
    leaf = key.rsplit(".", 1)[-1]  # rooms[1].name: name
    for section in SECTIONS:
        keys = SHOWN.get(section, ("name", "capacity"))
        for entry in range(counts.get(section, 0)):
            if any(where.in_array(section, entry, k) == error.line for k in (*keys, leaf)):
                return f"{section}.{entry}.{leaf}" if leaf in keys else f"{section}.{entry}"
    return key


def _table(form: dict[str, Any], table: Table) -> Table:
    """The units table the form describes: each row keeps its other cells (time, room...)."""
    rows: list[Row] = []
    columns = list(table.columns)
    for number, entry in enumerate(_entries(form, "units"), start=2):
        original = entry.get("row")
        cells = (
            dict(table.rows[original].cells) if isinstance(original, int) and 0 <= original < len(table.rows) else {}
        )
        for name, column in UNIT_FIELDS.items():
            value = " ".join(str(entry.get(name, "")).split())
            code = unwritable(value)
            refused = Message("input.unwritable", code=code) if code is not None else zero_label(column, value)
            if refused is not None:  # as a table holding it is refused when read (the written file would be)
                raise FieldError(f"units.{number - 2}.{name}", InputError(refused, table.path, number, column))
            if value or column in cells:
                cells[column] = value
            if value and column not in columns:
                columns.append(column)
        if not cells.get(UNIT):
            error = InputError(Message("input.empty_unit"), table.path, number, UNIT)
            raise FieldError(f"units.{number - 2}.name", error)
        rows.append(Row(number, cells))
    return replace(table, columns=columns, rows=rows, labels=dict(table.labels))
