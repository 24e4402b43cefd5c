"""From files to a problem: a unit table plus its rules file.

``load`` is lenient by default, for checking a hand-made table: a unit listed
twice, a time outside the window or a unit without a time become violations the
checker names. ``strict=True`` (for solving) refuses them as bad input instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, datetime
from os import PathLike, fspath
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from scheduler.domain import Calendar, Link, Meeting, Problem, Timetable, Unit
from scheduler.errors import InputError, ProblemError
from scheduler.files.arguments import given_sheet, need_path
from scheduler.files.rules_file import EVERYONE, Entry, Rules, read_rules, rules_path_for
from scheduler.files.start_times import read_start
from scheduler.files.table_file import read_table
from scheduler.files.tables import (
    CATEGORY,
    GROUP,
    NOTE,
    ROOM,
    TIME,
    UNIT,
    Row,
    Table,
    english_headers,
    header_words,
    is_meeting_table,
    label,
    single_line,
    table_from_rows,
)
from scheduler.text.messages import Message, refusal
from scheduler.text.names import Spellings, name_key, unknown_name
from scheduler.text.times import format_iso, parse_datetime, parse_times, split_times

if TYPE_CHECKING:
    import pandas as pd

    from scheduler.domain.limits import Pin, Unavailable

FRAME = "DataFrame"
"""How errors name a table given as a pandas DataFrame (it has no file)."""


@dataclass(frozen=True)
class Loaded:
    """A table and its rules, turned into a problem and the timetable the table holds."""

    problem: Problem
    timetable: Timetable
    table: Table
    rules: Rules
    rows: tuple[int, ...]
    """The spreadsheet row of each meeting in ``timetable``."""
    __hash__: ClassVar[None] = None  # type: ignore[assignment]  # unhashable: said, not failed inside a generated hash

    @property
    def skipped(self) -> tuple[tuple[int, str], ...]:
        """The table's rows read as no data: (spreadsheet row, kind: ``note``, ``numbered`` or ``total``)."""
        return self.table.skipped


def load(
    table: str | Path | pd.DataFrame,
    rules_path: str | Path | None = None,
    strict: bool = False,
    sheet: str | int | None = None,
) -> Loaded:
    """Read a unit table and its rules (by default the ``.toml`` of the same name beside it).

    ``table`` is a file, CSV (UTF-8, UTF-8 with BOM, GBK) or ``.xlsx`` (``sheet`` picks a workbook's
    sheet by name or 1-based number, ``2`` or ``"2"``; default: the one whose header is a table's), or a
    pandas DataFrame with the table's columns (单位, 时间, 类别, 并行组... as in a
    file; then ``rules_path`` must be given, since nothing lies beside it). Errors
    name a DataFrame's row as a spreadsheet would (the header is row 1, the frame's first row 2:
    ``df.iloc[row - 2]``), with its index label beside it (``row 2 (index 100)``: ``df.loc[100]``). A meeting table (its
    header has 会议 and 参会人员) is refused in one line that says so, before its rules are read
    (they are a meeting table's): ``scheduler.files.meeting_files.load_meetings`` reads it.

    ``strict`` (for solving; the command line's ``solve`` reads so): a unit listed twice or a time
    outside the meeting days and hours is an :class:`InputError` at its row. By default (for
    checking a hand-made table) both load, and :func:`scheduler.validate` reports them.

    Anything else for ``table``, ``rules_path`` or ``sheet`` (a file object, ``None``, a sheet number
    of 0) is an :class:`ArgumentError` naming the argument: an upload held in memory is saved to a
    file first (docs/python.md, "Reading an upload").
    """
    need_path("table", table, frame=True)
    need_path("rules_path", rules_path, optional=True)
    sheet = given_sheet(sheet)
    if isinstance(table, str | PathLike):  # a path (os.PathLike, as Path is)
        path = fspath(table)
        read = _unit_table(read_table(path, sheet, asked="sheet"))
        rules = read_rules(rules_path if rules_path is not None else rules_path_for(path))
        return build(read, rules, strict)
    try:
        frame = _unit_table(frame_table(table))  # (a DataFrame: need_path said so)
        if rules_path is None:
            raise InputError(Message("input.frame_rules"), FRAME)
        return build(frame, read_rules(rules_path), strict)
    except InputError as error:
        _name_index(error, table)
        raise


def _name_index(error: InputError, frame: Any) -> None:
    """A DataFrame's row named by its index label too: the row is counted as in a spreadsheet (the
    header row 1, the frame's first row 2, whatever its index), the label is what ``df.loc`` takes."""
    if error.path != FRAME or error.row is None or error.row < 2:
        return
    labels = getattr(frame, "index", None)
    if labels is not None and error.row - 2 < len(labels):
        error.index = labels[error.row - 2]


def _unit_table(table: Table) -> Table:
    """``table``, unless it is a meeting table: then the error says which loader reads it (before,
    its rules file was blamed, being a meeting table's: "cannot read the hour '8:00-12:00'")."""
    if is_meeting_table(table):
        raise InputError(Message("input.meeting_table"), table.path)
    return table


def check_unit_names(table: Table) -> None:
    """Unit names go into calendar files and mail headers: a line break (an Excel Alt+Enter) or control
    character in one (:func:`single_line`) is an :class:`InputError` naming the file, the row and the
    column, when the table is read (:func:`build`), so every command says it alike."""
    for row in table.rows:
        name = row.get(UNIT)
        if not single_line(name):
            from scheduler.files.addresses import visible  # an error told: not every reading (nor its import)

            raise InputError(
                Message("input.unit_name", value=visible(name)), table.path, row.number, label(table, UNIT)
            )


def _merge_lost(table: Table) -> None:
    """Refuse the trace of a 时间 merged over a parallel group and saved as CSV (our own timetable.xlsx
    merges it; Excel, WPS and LibreOffice write a merged value into its first row only): a row with an
    empty 时间 right under a row of the same 并行组 (itself a time, or such a row), in a table whose other
    rows all have a time. Read as it stands, each such unit would be one without a time: a unit already
    invited that reschedule places anew and calls （新增）."""
    if not table.has(GROUP) or not table.has(TIME):
        return
    traces: list[Row] = []
    above: Row | None = None
    timed = False  # the run of rows of ``above``'s group above this one opens with a time
    for row in table.rows:
        group = row.get(GROUP)
        same = above is not None and group and above.get(GROUP) == group and row.number == above.number + 1
        timed = bool(row.get(TIME)) or bool(same and timed)
        if same and timed and not row.get(TIME):
            traces.append(row)
        above = row
    if not traces or any(not row.get(TIME) for row in table.rows if row not in traces):
        return
    first = traces[0]
    raise InputError(Message("input.merged_time_lost"), table.path, first.number, label(table, TIME))


def frame_table(frame: Any) -> Table:
    """A DataFrame (anything with ``columns`` and ``itertuples``: :func:`load` checks it first, with
    :func:`~scheduler.files.arguments.need_path`) read as a table file would be."""
    header = [str(c) for c in frame.columns]
    rows = [(1, header)] + [
        (number, [_cell(value, number, column) for value, column in zip(values, header, strict=False)])
        for number, values in enumerate(frame.itertuples(index=False, name=None), start=2)
    ]
    try:
        return table_from_rows(rows, FRAME)
    except InputError as error:
        if error.row == 1:  # the header, which a DataFrame has as its columns, not as a row
            error.row = None
        raise


def _published(meetings: list[Meeting], rows: list[int], first_row: dict[str, int], calendar: Calendar) -> Timetable:
    """The published times: each unit's first row, at a slot (a time outside the days and hours is the
    checker's to report, not a place to stay at: ``Problem`` refuses it in a reference)."""
    return Timetable(
        tuple(
            m
            for m, r in zip(meetings, rows, strict=True)
            if first_row[m.unit] == r and (m.start is None or calendar.index(m.start) is not None)
        )
    )


def _cell(value: Any, row: int, column: str) -> str:
    """A DataFrame cell as the text a CSV file would hold: empty for a missing value, whole
    numbers without ``.0``, times in ISO notation. A time with a zone (``pd.to_datetime(utc=True)``, a
    database's timestamptz) is refused at its cell, as its text form is: its clock is another zone's,
    and which zone the office meant is theirs to say (``tz_convert``); one with seconds likewise, not
    cut to the minute."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or str(value) in ("NaT", "nan", "<NA>"):
        return ""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            raise InputError(Message("input.frame_aware", value=str(value)), FRAME, row, column)
        if value.second or value.microsecond:
            raise InputError(Message("input.bad_time", value=str(value)), FRAME, row, column)
        return format_iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# Long: one pass over the rows, each column's check beside where it is read (and its error naming the
# column as the table's header writes it).
def build(table: Table, rules: Rules, strict: bool = False) -> Loaded:
    """Turn a read table and rules into a :class:`Loaded` problem."""
    path = table.path
    calendar = rules.calendar
    check_unit_names(table)
    _merge_lost(table)
    if rules.categories and not table.has(CATEGORY):
        header = None if path == FRAME else table.header_row  # a DataFrame's header is no row
        raise InputError(
            Message("input.missing_category", known=header_words([CATEGORY])), path, header, label(table, CATEGORY)
        )
    room_names = {r.name for r in rules.rooms}
    rooms = Spellings(room_names)
    spelled = Spellings()  # each unit as its first row writes it: 区财政局(国资办) after 区财政局（国资办） is it again

    units: dict[str, Unit] = {}
    first_row: dict[str, int] = {}
    meetings: list[Meeting] = []
    rows: list[int] = []
    for row in table.rows:
        name = spelled.add(row.get(UNIT))
        start = _time(row, rules, path, label(table, TIME))
        room = rooms.get(row.get(ROOM)) or row.get(ROOM) or None
        if room is not None and room not in room_names:
            known = sorted(name for name in room_names if name)  # the default room has no name to list
            key = "input.unknown_room" if known else "input.no_named_rooms"
            said = unknown_name(Message(key, room=room, known=known), room, known)
            raise InputError(said, path, row.number, label(table, ROOM))
        category = row.get(CATEGORY)
        if rules.categories and category not in rules.categories:
            key = "input.bad_category" if category else "input.empty_category"
            raise InputError(
                Message(key, value=category, known=list(rules.categories)),
                path,
                row.number,
                label(table, CATEGORY),
            )
        if name in units:
            if strict:
                raise InputError(
                    Message("input.duplicate_unit", unit=name, first=first_row[name]),
                    path,
                    row.number,
                    label(table, UNIT),
                )
        else:
            units[name] = Unit(name, category, row.get(GROUP), row.get(NOTE))
            first_row[name] = row.number
        if strict and start is not None and calendar.index(start) is None:
            raise InputError(_no_slot(calendar, start), path, row.number, label(table, TIME))
        meetings.append(Meeting(name, start, room))
        rows.append(row.number)

    timetable = Timetable(tuple(meetings))
    spans: dict[tuple[str, bool], frozenset[datetime]] = {}
    reference = _published(meetings, rows, first_row, calendar)
    try:
        problem = Problem(
            units=tuple(units.values()),
            calendar=calendar,
            rooms=rules.rooms,
            categories=rules.categories,
            links=tuple(Link(*_units(e, ("first", "then"), units, rules)) for e in rules.links),
            pins=tuple(_pin(e, units, rules) for e in rules.pins),
            unavailable=_unavailability(units, rules, spans),
            reference=reference,
            title=rules.title,
        )
    except ProblemError as exc:
        raise InputError(exc.message, rules.path) from exc
    rules = replace(rules, table_language="en" if english_headers(table.labels) else "zh")
    return Loaded(problem, timetable, table, rules, tuple(rows))


def _time(row: Row, rules: Rules, path: str, column: str | Message) -> datetime | None:
    text = row.get(TIME)
    if not text:
        return None
    return read_start(text, rules.year_of, rules.calendar.minutes, (path, row.number, column))


NO_SLOT = frozenset({"input.outside", "clock.skips", "clock.repeats", "clock.end_skips", "clock.end_repeats"})
"""The keys of :func:`_no_slot`'s messages: a table's time said so may be cleared for ``solve``."""


def _no_slot(calendar: Calendar, start: datetime) -> Message:
    """Why a table's time or a pin's (not a slot) is none (:meth:`~scheduler.domain.Calendar.slot_refusal`)."""
    return calendar.slot_refusal(start) or Message("input.outside", time=calendar.written(start))


def _units(entry: Entry, keys: tuple[str, ...], units: dict[str, Unit], rules: Rules) -> list[str]:
    """The units an entry's ``keys`` name, each as the table writes it (:func:`~scheduler.text.names.name_key`:
    ``区财政局(国资办)`` for the table's ``区财政局（国资办）``, QA qaunicode20 F5)."""
    out = []
    for key in keys:
        name = str(entry.values[key]).strip()
        if name not in units:
            name = next((unit for unit in units if name_key(unit) == name_key(name)), name)
        if name not in units:
            said = unknown_name(Message("problem.unknown_unit", unit=name), name, units)
            raise InputError(said, rules.path, line=entry.line(key), key=entry.key(key))
        out.append(name)
    return out


def _pin(entry: Entry, units: dict[str, Unit], rules: Rules) -> Pin:
    (unit,) = _units(entry, ("unit",), units, rules)
    text = str(entry.values["time"])
    try:
        start = parse_datetime(text, rules.year_of)
    except ValueError as exc:
        said = refusal(exc, Message("input.bad_time", value=text))
        raise InputError(said, rules.path, line=entry.line("time"), key=entry.key("time")) from exc
    if rules.calendar.index(start) is None:
        raise InputError(_no_slot(rules.calendar, start), rules.path, line=entry.line("time"), key=entry.key("time"))
    from scheduler.domain.limits import Pin  # loaded with the first pin (scheduler.domain.limits)

    return Pin(unit, start)


def _unavailability(
    units: dict[str, Unit], rules: Rules, spans: dict[tuple[str, bool], frozenset[datetime]]
) -> tuple[Unavailable, ...]:
    """``[[unavailable]]`` and ``[[only]]`` as the slots each unit cannot come, one entry per unit.

    ``[[only]]`` lists when a unit *can* come: every other slot is unavailable; two
    entries for one unit add up (mornings, and the 10th all day). ``unit = "*"`` (or ``"全部"``,
    :data:`~scheduler.files.rules_file.EVERYONE`) is every unit: a half-day closed for all. ``spans``
    remembers each text's slots, as unavailable and as only (the same half-days recur).
    """
    blocked: dict[str, list[frozenset[datetime]]] = {}
    for entry in rules.unavailable:
        named = _entry_units(entry, units, rules)
        slots = _entry_slots(entry, rules, spans, whole=False)
        for unit in named:
            blocked.setdefault(unit, []).extend(slots)
    allowed: dict[str, list[frozenset[datetime]]] = {}
    for entry in rules.only:
        named = _entry_units(entry, units, rules)
        slots = _entry_slots(entry, rules, spans, whole=True)
        for unit in named:
            allowed.setdefault(unit, []).extend(slots)
    if allowed:
        every = frozenset(rules.calendar.slots)
        for unit, parts in allowed.items():
            blocked.setdefault(unit, []).append(every.difference(*parts))
    if not blocked:
        return ()
    from scheduler.domain.limits import Unavailable  # loaded with the first unavailability

    # One union per unit of all its spans (not a set per entry copied again per unit: at 5,000
    # units that is millions of times copied twice).
    return tuple(Unavailable(unit, frozenset().union(*parts)) for unit, parts in blocked.items())


def _entry_units(entry: Entry, units: dict[str, Unit], rules: Rules) -> list[str]:
    """The unit an ``[[unavailable]]`` or ``[[only]]`` entry is about, or every unit for ``"*"``."""
    if str(entry.values["unit"]).strip() in EVERYONE:
        return list(units)
    return _units(entry, ("unit",), units, rules)


def _entry_slots(
    entry: Entry, rules: Rules, spans: dict[tuple[str, bool], frozenset[datetime]], whole: bool
) -> list[frozenset[datetime]]:
    """Each time text's slots (parsed once per distinct text, remembered in ``spans``)."""
    values = entry.values["times"]
    texts = values if set(map(type, values)) <= {str} else [str(v) for v in values]
    keys = [(text, whole) for text in texts]
    parts = list(map(spans.get, keys))  # at C speed: most texts recur (650,000 at 5,000 units)
    if None in parts:
        for i, key in enumerate(keys):
            if parts[i] is None:
                found = spans.get(key)
                if found is None:
                    found = frozenset(
                        slots_in(texts[i], rules, rules.path, entry.line("times"), entry.key("times"), whole)
                    )
                    spans[key] = found
                parts[i] = found
    return parts  # type: ignore[return-value]  # (no None left)


def slots_in(
    text: str, rules: Rules, path: str | None, line: int | None, key: str, whole: bool = False
) -> set[datetime]:
    """The meeting slots a text names: a time, a span (``9月8日 8:00-11:00``, ``9月8日``), a part of a
    day (``9月8日下午``, ``上午`` for every morning), or several of them (``9月8日下午、9月9日上午``); as a
    unit's unavailable times, or with ``whole`` as its only times (:func:`meetings_named`). A text that
    names no slot is an error naming ``path``, ``line`` and ``key``."""
    found: set[datetime] = set()
    for part in split_times(text) or [text]:
        try:
            found.update(meetings_named(part, rules, whole))
        except NoMeeting as none:
            raise InputError(none.message(part, rules.calendar.minutes), path, line=line, key=key) from none
        except ValueError as exc:
            said = refusal(exc, Message("input.bad_span", value=part))
            raise InputError(said, path, line=line, key=key) from exc
    return found


class NoMeeting(ValueError):
    """A time that names no meeting (:func:`meetings_named`)."""

    def __init__(self, partly: bool) -> None:
        super().__init__("no meeting")
        self.partly = partly
        """Some meeting runs partly within it, none wholly: an ``only`` shorter than a meeting."""

    def message(self, value: str, minutes: int, option: str = "", given: str = "") -> Message:
        """What to say, in the rules file (or for ``option`` given as ``given``)."""
        where = {"option": option, "value": given, "time": value} if option else {"value": value}
        prefix = "option" if option else "input"
        if self.partly:
            return Message(f"{prefix}.no_whole_slot", minutes=minutes, **where)
        return Message(f"{prefix}.no_slots", **where)


def meetings_named(part: str, rules: Rules, whole: bool) -> list[datetime]:
    """The slots one time text names (:meth:`~scheduler.text.named_times.Times.meetings`, the one rule):
    as a unit's unavailable times every meeting running at some moment of it, with ``whole`` (its only
    times) the meetings wholly within it. Raises :class:`NoMeeting` when it names none, ``ValueError``
    when it is not a time. The rules file's ``times`` and the options ``--unavailable`` and ``--only``
    both read through it."""
    times = parse_times(part, rules.year_of)
    calendar = rules.calendar
    found = times.meetings(calendar.slots, calendar.minutes, whole)
    if not found:
        raise NoMeeting(whole and bool(times.meetings(calendar.slots, calendar.minutes, False)))
    return found


def default_table() -> Path:
    """The built-in 2021 example (package data, :mod:`scheduler.files.bundled`): the table ``solve``
    and ``serve`` use when none is given, wherever the package is installed."""
    from scheduler.files.bundled import example_table

    return example_table()
