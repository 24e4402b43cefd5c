"""Reading a meeting table, its people sheet and its rules file into a meeting problem.

The files an office writes for meetings (docs/formats.md, "The meeting table"): a table
with 会议, 时长, 参会人员 (names separated by 、), 可选参会人员 and the other optional columns; a people
sheet (姓名, 单位, 邮箱, 不可用); a rules file with the days, the working periods, the grid, the rooms
with their seats. Every error names the file, the row and the column (or the rules file's line and
key), on one line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, ClassVar

from scheduler.domain import Room, repeated
from scheduler.domain.meetings import (
    CLOSED,
    PARTS,
    Attendee,
    Busy,
    Link,
    MeetingProblem,
    Person,
    Pin,
    Placement,
    Plan,
    Session,
    Window,
    Workdays,
    grid_refusal,
    link_cycle,
    pinned_twice,
)
from scheduler.domain.periods import read_period
from scheduler.domain.zones import known_timezone, timezone_refusal
from scheduler.errors import InputError, ProblemError
from scheduler.files.addresses import AddressError, check_address, check_addresses, visible
from scheduler.files.arguments import given_sheet, need_path
from scheduler.files.preferred_times import read_bound, read_preferred
from scheduler.files.rules_file import (
    EVERYONE,
    check_characters,
    parse_toml,
    read_days,
    read_rules_text,
    rules_path_for,
)
from scheduler.files.rules_keys import (
    MEETING_KEYS,
    check_brackets,
    check_keys,
    check_list_items,
    check_paper,
    kind_refusal,
)
from scheduler.files.rules_numbers import MEETING_NUMBERS, check_numbers
from scheduler.files.start_times import excel_serial, read_start
from scheduler.files.table_file import read_table
from scheduler.files.tables import (
    ANSWER,
    DELEGATE,
    EMAIL,
    END,
    HEADCOUNT,
    LENGTH,
    MEETING,
    MEETING_ALIASES,
    NO,
    NOT_AFTER,
    NOT_BEFORE,
    NOTE,
    OPTIONAL,
    PART,
    PARTICIPANTS,
    PEOPLE_ALIASES,
    PEOPLE_COLUMNS,
    PERSON,
    PREFERRED,
    ROOM,
    ROOMS_ALLOWED,
    ROOMS_AVOIDED,
    SERIES,
    SHARE,
    TIME,
    UNAVAILABLE,
    UNIT,
    Row,
    Table,
    canonical,
    clean_cell,
    excel_fraction,
    header_word,
    is_meeting_table,
    is_people_sheet,
    single_line,
)
from scheduler.files.tables import label as _label  # a column as its header reads in the file
from scheduler.files.toml_lines import KeyLines
from scheduler.meetings.terms import DEFAULT, LEVELS, PRESETS, Term, check_who, with_wishes
from scheduler.meetings.terms import NAMES as TERM_NAMES
from scheduler.text.messages import Message, in_meeting_words, refusal
from scheduler.text.names import Spellings, name_key, unknown_name
from scheduler.text.times import (
    TimeRefused,
    format_day,
    format_time,
    normalize,
    parse_clock,
    parse_datetime,
    parse_times,
    split_times,
    year_resolver,
)

NAMES = re.compile(r"\s*[、,，;；\n]\s*")
_SEPARATED = re.compile(r"\s*([、,，;；\n])\s*")
_KIND = str.maketrans("，；", ",;")
"""A separator's kind: a full-width comma or semicolon is the half-width one."""


def _pieces(text: str) -> tuple[list[str], list[str]]:
    """The names of ``text`` split on every separator, and after each the kinds of the separators
    that follow it (``""`` after the last; separators before the first name are dropped)."""
    pieces = _SEPARATED.split(text)
    parts: list[str] = []
    after: list[str] = []
    for i, part in enumerate(pieces[0::2]):
        if part:
            parts.append(part)
            after.append("")
        if after and 2 * i + 1 < len(pieces):
            after[-1] += pieces[2 * i + 1].translate(_KIND)
    return parts, after


def _joined(parts: Sequence[str], between: Sequence[str]) -> tuple[str, ...]:
    return tuple(x for pair in zip(parts, [*between, ""], strict=True) for x in pair)[:-1]


def name_joins(known: Iterable[str]) -> dict[tuple[str, ...], str]:
    """The known names (a people sheet's, the rules' units) that hold a separator of :data:`NAMES`
    (``Doe, Jane``: Outlook's "Surname, Given"), by their parts and the kinds of separator between
    them: what :func:`split_names` keeps whole."""
    out = {}
    for name in known:
        parts, after = _pieces(name)
        if len(parts) > 1:
            out[_joined(parts, after[:-1])] = name
    return out


def name_runs(text: str, joins: Mapping[tuple[str, ...], str]) -> list[tuple[str, str]]:
    """A participants text's names (as :func:`split_names` reads them), each with the kinds of the
    separators that follow it (``,`` for a half- or full-width comma; ``""`` after the last): where
    ``reschedule --add`` finds the comma between its required and optional participants."""
    parts, after = _pieces(text)
    longest = max((len(k) + 1) // 2 for k in joins) if joins else 1
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(parts):
        for size in range(min(longest, len(parts) - i), 1, -1):
            name = joins.get(_joined(parts[i : i + size], after[i : i + size - 1]))
            if name is not None:
                out.append((name, after[i + size - 1]))
                i += size
                break
        else:
            out.append((parts[i], after[i]))
            i += 1
    return out


def written_apart(name: str, text: str, joins: Mapping[tuple[str, ...], str]) -> str | None:
    """The known name holding a separator that ``name``, read from ``text``, is the first part of when
    ``text`` holds its other parts too (``Doe、Jane`` or ``Doe; Jane`` for ``Doe, Jane``: parts join only
    across the name's own separators, :func:`split_names`), to say so in the error; else ``None``."""
    for key, whole in joins.items():
        parts = key[0::2]
        if parts[0] == name and all(part in text for part in parts[1:]):
            return whole
    return None


def _as_known(names: list[str], spelled: Spellings, auto: bool) -> list[str]:
    """Each name as the people sheet (or the rules' units) writes it when it differs from it only as
    :func:`~scheduler.text.names.name_key` folds (``区财政局(国资办)`` for ``区财政局（国资办）``); without a
    people sheet (``auto``), as the table first writes it (``John　Smith`` after ``Ｊｏｈｎ Ｓｍｉｔｈ``: one
    person, QA qaunicode20 F3)."""
    if auto:
        return [spelled.add(name) for name in names]
    return [spelled.get(name) or name for name in names]


def split_names(text: str, joins: Mapping[tuple[str, ...], str]) -> list[str]:
    """A participants cell's names: split on every separator (:data:`NAMES`), except that parts which
    together are a known name holding one (``joins``, :func:`name_joins`), with the same kinds of
    separator between them (a comma half- or full-width, a semicolon, 、, a line break), are that
    name, the longest first: ``Doe, Jane; Smith, John`` is two people when the people sheet lists
    ``Doe, Jane`` and ``Smith, John``, ``Doe、Jane`` is two names (、 only ever lists names). Known
    names first, then splitting."""
    return [name for name, _ in name_runs(text, joins)]


NUMBERED = re.compile(r"^\s*(?:\d+\s*[.．、)）]|[(（]\d+[)）]|[①-⑳])\s*")
"""A number before a name (``1.王主任``, ``（2）李科长``, ``①``): a list numbered in the cell."""
RUN_TOGETHER = re.compile(r"\s*[/|\\／｜＼]\s*|\s+(?=\S)|(?<=\S)\s*(?=(?:\d+\s*[.．、)）]|[(（]\d+[)）]|[①-⑳]))")
"""What people type between names instead of 、: a slash, a bar, a backslash, spaces (the input method's
half-width or ideographic), a number opening the next name (``1.王主任 2.李科长``)."""


@dataclass(frozen=True)
class LoadedMeetings:
    """A meeting problem read from files, the timetable the table holds (if it has times), the
    objective the rules file asks for."""

    problem: MeetingProblem
    plan: Plan | None
    objective: tuple[Term, ...] = DEFAULT
    table: Table | None = None
    emails: dict[str, str] = field(default_factory=dict)
    rules: dict[str, Any] = field(default_factory=dict)
    """The rules file's data as read (written back out with the timetable)."""
    rules_path: str = ""
    people_path: str = ""
    """The people sheet the rules name (empty: none)."""
    people_sheet: Table | None = None
    """The people sheet read from the table's own workbook, when the rules name no people file."""
    delegates: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Per person, the addresses that may answer their invites for them (the people sheet's 代理邮箱)."""
    people_file: Table | None = None
    """The people file the rules name, as read (its hidden rows are said: QA review20 F8); ``None`` without one."""
    __hash__: ClassVar[None] = None  # type: ignore[assignment]  # unhashable: said, not failed inside a generated hash

    @property
    def path(self) -> str:
        """The table's file, as errors name it."""
        return self.table.path if self.table is not None else ""

    @property
    def skipped(self) -> tuple[tuple[int, str], ...]:
        """The table's rows read as no data: (spreadsheet row, kind: ``note``, ``numbered`` or ``total``)."""
        return self.table.skipped if self.table is not None else ()

    @property
    def unmet_wishes(self) -> tuple[InputError, ...]:
        """One hint per meeting whose 时段偏好 no time in the days and hours can meet (a day outside
        ``days``, 晚上 outside ``hours``: :func:`~scheduler.rules.meetings.time_window.never_preferred`),
        naming its row and column; told on stderr, the table still read (QA jobs17 F1)."""
        from scheduler.domain.clock import change_words
        from scheduler.rules.meetings.time_window import clock_bound, never_preferred

        table = self.table
        if table is None or not table.has(PREFERRED):
            return ()
        rows = {row.get(MEETING): row for row in table.rows}
        said = []
        never = never_preferred(self.problem)
        outside_sessions = never_preferred(self.problem, own_window=False, among=never)
        outside = {s.title for s in outside_sessions}
        clock = {s.title for s in clock_bound(self.problem, outside_sessions)}
        days = self.problem.workdays
        changes = [w for w in (change_words(d, days.timezone) for d in days.days) if w is not None]
        for s in never:
            row = rows.get(s.title)
            if row is not None:
                if s.title in clock:  # the days and hours hold it; the clock's change takes it away
                    hint = Message("mfile.wish_clock", value=row.get(PREFERRED), zone=days.timezone, change=changes)
                    said.append(InputError(hint, table.path, row.number, _label(table, PREFERRED)))
                    continue
                key = "mfile.wish_never_met" if s.title in outside else "mfile.wish_against_window"
                hint = Message(key, value=row.get(PREFERRED))
                said.append(InputError(hint, table.path, row.number, _label(table, PREFERRED)))
        return tuple(said)

    @property
    def unread(self) -> tuple[str, ...]:
        """The table's columns not read, as their headers are written (:func:`unread_columns`)."""
        return unread_columns(self.table) if self.table is not None else ()


def load_meetings(path: str | Path, rules: str | Path | None = None, sheet: str | int | None = None) -> LoadedMeetings:
    """Read a meeting table and the rules file beside it (or ``rules``); ``sheet``: a workbook's sheet
    by name or 1-based number. Another kind of ``path``, ``rules`` or ``sheet`` (a file object,
    ``None``) is an :class:`ArgumentError` naming it, as :func:`scheduler.files.load.load` says."""
    need_path("path", path)
    need_path("rules", rules, optional=True)
    table = read_table(path, given_sheet(sheet), asked="sheet")
    if not is_meeting_table(table):
        raise InputError(Message("mfile.not_meetings"), table.path, column=_label(table, MEETING))
    rules_path = Path(rules) if rules is not None else rules_path_for(path)
    data, lines = read_rules_data(rules_path)
    return build_meetings(table, data, lines, str(rules_path), workbook_people(path, table, data))


def workbook_people(path: str | Path, table: Table, data: dict[str, Any]) -> Table | None:
    """The people sheet inside the meeting table's own ``.xlsx`` workbook: the one visible sheet named as
    in :data:`PEOPLE_SHEETS`, other than the one the table was read from, read as a people file is (its
    header, its one-line errors naming the file and the sheet). ``None`` when the rules name a people
    file (the explicit file wins), the table is not a workbook, or no visible sheet has such a name. A
    sheet so named whose header names a meeting table's own columns (a roster by meeting) is not the people
    sheet, and said; an error in the sheet read says why it was read (QA review20 F6).
    Two such sheets are refused, naming both; which one was read, a hidden one not read, and a visible
    sheet with a 姓名 column under another name are said (:attr:`Table.notes`; QA qaexcel20 F5)."""
    if "people" in data:
        return None
    others = table.sheets if len(table.sheets) > 1 else ()  # a workbook of one sheet: the table's own
    rosters = dict(table.not_people)  # named as people, with a meeting table's columns: not people (QA review20 F6)
    named = [t for t in others if is_people_sheet(t) and not table.path.endswith(f" [{t}]") and t not in rosters]
    shown = [t for t in named if t not in table.hidden_sheets]
    book = str(path)
    notes = [InputError(Message("mfile.people_sheet_hidden", sheet=t), book) for t in named if t not in shown]
    notes += [
        InputError(Message("mfile.people_sheet_roster", sheet=t, columns=list(c)), book) for t, c in rosters.items()
    ]
    if len(shown) > 1:
        raise InputError(Message("mfile.people_sheets_many", sheets=shown), book)
    if shown:
        notes.append(InputError(Message("mfile.people_sheet_read", sheet=shown[0]), book))
    else:
        notes += [InputError(Message("mfile.people_sheet_unnamed", sheet=t), book) for t in table.unnamed_people]
    table.notes += notes
    if not shown:
        return None
    try:
        return read_table(path, shown[0], key=PERSON)
    except InputError as error:
        raise _read_as_people(error) from error


def _read_as_people(error: InputError) -> InputError:
    """``error``, on a row of the people sheet read from the meeting table's own workbook, saying why that
    sheet was read as the people (its name and its 姓名 column) and how not to (QA review20 F6)."""
    said = Message("mfile.people_sheet_why", error=error.message)
    return InputError(said, error.path, error.row, error.column, error.line, error.key)


def read_rules_data(path: Path) -> tuple[dict[str, Any], KeyLines]:
    """A meeting table's rules file as data, with each key's line (errors name the file and the line)."""
    text = read_rules_text(path)
    return parse_toml(text, str(path)), KeyLines(text)


@dataclass
class _Rules:
    """The rules file's keys, checked, with where each is written."""

    data: dict[str, Any]
    lines: KeyLines
    path: str

    def fail(self, message: Message, key: str, section: str | None = None, index: int = 0) -> InputError:
        """``message`` on ``key`` (of the ``index``-th ``[[section]]`` entry: named ``pins[1].room``, its line)."""
        line = self.lines.anywhere(key) if section is None else self.lines.in_array(section, index, key)
        shown = key if section is None else f"{section}[{index + 1}]" + (f".{key}" if key != section else "")
        return InputError(message, self.path, line=line, key=shown)

    def term_fail(self, message: Message, term: str, key: str) -> InputError:
        """``message`` on ``[objective.<term>]``'s ``key`` (its line there; an inline
        ``[objective] <term> = {...}``: that line), not the first ``key`` of the file: QA qadocs18 F1,
        idle's ``who`` was said on participant-days' line."""
        lines = self.lines
        line = lines.in_table(f"objective.{term}", key) or lines.in_table("objective", term) or lines.anywhere(term)
        return InputError(message, self.path, line=line, key=key)

    def get(self, key: str, kind: type | tuple[type, ...], default: Any) -> Any:
        value = self.data.get(key, default)
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
            raise self.fail(kind_refusal(key), key)
        return value


def build_meetings(
    table: Table, data: dict[str, Any], lines: KeyLines, rules_path: str, people_sheet: Table | None = None
) -> LoadedMeetings:
    """Turn a read table and rules data into a :class:`LoadedMeetings` (errors name file, row, column).
    ``people_sheet``: the people read from the table's own workbook (:func:`workbook_people`), used
    when the rules name no people file."""
    _first_checks(table, data, lines, rules_path)
    rules = _Rules(data, lines, rules_path)
    _unit_rules(rules)
    workdays = _workdays(rules)
    year_of = year_resolver(workdays.days, None)
    rooms = _rooms(rules, workdays.grid)
    default_minutes = rules.get("meeting_minutes", int, 60)
    try:
        people, emails, delegates, busy, people_file = _people(rules, year_of, workdays.days, people_sheet)
    except InputError as error:
        if people_sheet is None or _people_path(rules) is not None or error.path != people_sheet.path:
            raise
        raise _read_as_people(error) from error
    units = _units(rules, people)
    known = {p.name for p in people} | set(units)
    joins = name_joins(known)  # Doe, Jane: read as one when the people sheet has it so
    auto = not people  # no people sheet: every participant is a person of that name
    room_names = {r.name for r in rooms}
    spelled = Spellings(sorted(known))
    sessions, placements = _meeting_rows(
        table, default_minutes, workdays.grid, known, spelled, auto, room_names, year_of, joins
    )
    if auto:
        _run_together(table, {a.name for s in sessions for a in s.attendees}, set(units))
        names = sorted({a.name for s in sessions for a in s.attendees})
        people = [Person(n) for n in names]
    titles = {s.title for s in sessions}
    busy += _unavailable(rules, year_of, {p.name for p in people} | set(units), workdays.days, titles)
    pins = _pins(rules, year_of, {s.title: s for s in sessions}, room_names, workdays)
    gap = rules.get("gap_minutes", int, 0)  # in its range: _first_checks
    links = _links(rules, {s.title for s in sessions})
    check_keys(data, lines, rules_path, MEETING_KEYS)  # after the keys' own checks: a missing key says so
    check_paper(data, lines, rules_path)
    try:
        problem = MeetingProblem(
            tuple(sessions),
            workdays,
            tuple(rooms),
            people=tuple(people),
            units=tuple(units),
            busy=tuple(busy),
            gap=gap,
            pins=tuple(pins),
            title=str(data.get("title", "")),
            links=links,
        )
    except ProblemError as exc:
        raise InputError(exc.message, rules_path) from exc
    plan = Plan(tuple(placements)) if any(p.start for p in placements) else None
    people_path = str(_people_path(rules)) if _people_path(rules) is not None else ""
    inside = people_sheet if not people_path else None
    table = _without_end(table)
    table.notes = [*table.notes, *_unused_units(rules, people, units, sessions, people_file)]
    objective = _objective(rules, {p.name for p in people} | set(units))
    objective = with_wishes(objective, any(s.prefer for s in sessions))  # wishes written: weighed
    outside = people_file if people_path else None
    return LoadedMeetings(
        problem, plan, objective, table, emails, data, rules_path, people_path, inside, delegates, outside
    )


def _first_checks(table: Table, data: dict[str, Any], lines: KeyLines, rules_path: str) -> None:
    """What is checked before any reader uses the table's columns or the rules' values: the columns'
    lengths and look-alike headers, the rules' characters, brackets, list items and every number's range."""
    _length_columns(table)
    lookalike_columns(table, MEETING)
    check_characters(data, lines, rules_path)
    check_brackets(data, lines, rules_path)
    check_list_items(data, lines, rules_path)
    check_numbers(data, lines, rules_path, MEETING_NUMBERS)


SHEET_UNITS_UNUSED = 20
"""More of the people sheet's units than this that no meeting concerns: a sheet shared by many, each left
unsaid (:func:`_unused_units`; and no name compared against every participant for each)."""


def _unused_units(
    rules: _Rules, people: list[Person], units: list[str], sessions: list[Session], sheet: Table | None
) -> list[InputError]:
    """The units no meeting names and none of whose people takes part, said (not refused: a unit may wait
    for a meeting to come), each with the participant it most likely misspells
    (:func:`~scheduler.text.names.unknown_name`): one of the rules' ``units``, on that key; one of the people
    sheet's 单位 only when a participant's name is near it (a sheet lists every person's unit, most of them
    no meeting's concern), on its first row. A misspelt ``units`` entry left the table's unit a person of
    that name; a misspelt 单位 left its people out of their unit's meetings (Twentieth session)."""
    attending = {a.name for s in sessions for a in s.attendees}
    members = {p.unit for p in people if p.name in attending}
    named = {p.name for p in people}
    listed = {_named_as(clean_cell(u), named) for u in rules.data.get("units", [])}
    out: list[InputError] = []
    line = rules.lines.anywhere("units")
    unused = [u for u in units if u and u not in attending and u not in members]
    if len(unused) - len(listed) > SHEET_UNITS_UNUSED:  # a sheet shared by many units: none misspelt alone
        unused = [u for u in unused if u in listed]
    for unit in unused:
        if unit in listed:
            said = unknown_name(Message("mfile.unit_unused", unit=unit), unit, attending)
            out.append(InputError(said, rules.path, line=line, key="units"))
            continue
        said = unknown_name(Message("mfile.sheet_unit_unused", unit=unit), unit, attending)
        row = next((r for r in sheet.rows if r.get(UNIT) == unit), None) if sheet is not None else None
        if said.key == "names.near" and sheet is not None:
            out.append(InputError(said, sheet.path, row.number if row else None, _label(sheet, UNIT)))
    return out


def _units(rules: _Rules, people: list[Person]) -> list[str]:
    """The units: those the people sheet names and those the rules' ``units`` list, each as the people
    sheet writes it when it lists it too (its address), matched NFC and width aside (QA qaunicode20 F5)."""
    listed = rules.get("units", list, [])
    if not all(isinstance(u, str) for u in listed):  # a number or table among them: one line on the key
        raise rules.fail(kind_refusal("units"), "units")
    named = {p.name for p in people}
    return sorted({p.unit for p in people if p.unit} | {_named_as(clean_cell(unit), named) for unit in listed})


def _meeting_rows(
    table: Table,
    default_minutes: int,
    grid: int,
    known: set[str],
    spelled: Spellings,
    auto: bool,
    room_names: set[str],
    year_of: Any,
    joins: Mapping[tuple[str, ...], str],
) -> tuple[list[Session], list[Placement]]:
    """The table's meetings, each row read (title once, length, participants) with where it is placed."""
    sessions: list[Session] = []
    placements: list[Placement] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        session = _session(table, row, default_minutes, grid, known, spelled, auto, room_names, year_of, joins)
        _not_seen(table, row, session.title, seen)
        seen[name_key(session.title)] = row.number
        sessions.append(session)
        start = _time(table, row, year_of, session.minutes)
        _check_end(table, row, start, session.minutes, year_of)
        room = _named_as(row.get(ROOM), room_names) or None
        if room is not None and room not in room_names:
            raise InputError(_unknown_room(room, room_names), table.path, row.number, _label(table, ROOM))
        placements.append(Placement(session.title, start, room))
    return sessions, placements


TITLES = (
    "主任", "科长", "局长", "处长", "书记", "部长", "厅长", "司长", "县长", "区长", "市长", "镇长", "乡长", "主席",
    "秘书", "经理", "总监", "院长", "校长", "所长", "站长", "队长", "组长", "委员", "干事", "科员", "工程师",
    "老师", "教授", "律师", "会计", "专员", "调研员", "主管", "助理", "总",
)  # fmt: skip
"""The words an office writes after a surname to name a person by post (``王主任``, ``李科长``, ``张总``)."""
TITLED = re.compile(rf"[\u4e00-\u9fff·]+(?:{'|'.join(TITLES)})")
"""A person named by surname and post (``王主任``, ``欧阳处长``): two of them with a space between are two
people; two parts without a post (``阿不都 热合曼``, ``司马 相如``) are one person's name typed apart."""


def run_together(name: str, known: set[str]) -> list[str] | None:
    """The names a participant's text holds when it is several written together, else ``None``: a list
    numbered in the cell (``1.王主任``), names split by a slash, bar or backslash (a name never holds one),
    or by spaces when every part is a name ``known`` or every part is a person named by post
    (:data:`TITLED`: ``王主任 李科长``). Other spaced text is one name: ``阿不都 热合曼``, ``司马 相如``,
    ``王主任 （视频参会）`` (a remark kept in the name), ``王  伟`` (padded), ``John Smith``."""
    if name in known:
        return None
    parts = [NUMBERED.sub("", part) for part in RUN_TOGETHER.split(name)]
    parts = [part for part in parts if part]
    if NUMBERED.match(name) or re.search(r"[/|\\／｜＼]", name):
        return parts or None
    if len(parts) < 2:
        return None
    titled = all(TITLED.fullmatch(part) for part in parts)
    return parts if titled or all(part in known for part in parts) else None


def _run_together(table: Table, names: set[str], units: set[str]) -> None:
    """Refuse a participant of a table without a people sheet whose text is several names written together
    (:func:`run_together`): read as one person, each of them could be booked twice at the same hour.
    ``names``: every participant the table names; ``units``: the rules' units (a unit's name may hold a
    space)."""
    alone = units | {n for n in names if run_together(n, set()) is None and not re.search(r"\s", n)}
    for row in table.rows:
        for column in (PARTICIPANTS, OPTIONAL):
            for name in (n for n in NAMES.split(row.get(column)) if n):
                parts = run_together(name, alone)
                if parts is not None:
                    message = Message("mfile.run_together", name=visible(name), names=list(parts))
                    raise InputError(message, table.path, row.number, _label(table, column))


def _unknown_room(room: str, rooms: Collection[str]) -> Message:
    """No room ``room`` among ``rooms``: the rooms there are, and the one meant when one is near."""
    return unknown_name(Message("mfile.unknown_room", room=room, known=sorted(rooms)), room, rooms)


def _named_as(name: str, known: Collection[str]) -> str:
    """``name`` as ``known`` writes it, width and spaces aside (:func:`~scheduler.text.names.name_key`:
    ``Ｒ１`` for a room ``R1``, ``Ｋｉｃｋｏｆｆ`` for a meeting ``Kickoff``), else itself."""
    if not name or name in known:
        return name
    key = name_key(name)
    return next((each for each in known if name_key(each) == key), name)


def _not_seen(table: Table, row: Row, title: str, seen: dict[str, int]) -> None:
    """Refuse a meeting listed twice, naming the row it is first in; a meeting drawn over rows merged in a
    workbook (会议 merged down, the participants split over the rows) is said to be so. ``seen``: the
    rows by :func:`~scheduler.text.names.name_key` (``Ｋｉｃｋｏｆｆ`` is ``Kickoff`` listed again)."""
    first = seen.get(name_key(title))
    if first is None:
        return
    merged = any(top <= first and row.number <= bottom for top, bottom in table.merged_rows)
    said = Message("mfile.merged_meeting" if merged else "mfile.duplicate", title=title, first=first, last=row.number)
    raise InputError(said, table.path, row.number, _label(table, MEETING))


def _workdays(rules: _Rules) -> Workdays:
    listed = rules.get("days", list, None) if "days" in rules.data else _missing(rules, "days")
    year = rules.get("year", int, None) if "year" in rules.data else None  # as in a unit table's rules
    days = read_days(listed, year, lambda message: rules.fail(in_meeting_words(message), "days"))
    periods = []
    for value in rules.get("hours", list, ["8:00-12:00", "15:00-19:00"]):
        try:
            periods.append(read_period(value))
        except ProblemError as exc:
            raise rules.fail(exc.message, "hours") from exc
    if not days:
        raise rules.fail(Message("problem.empty_calendar"), "days")
    grid = rules.get("grid_minutes", int, 15)
    refused = grid_refusal(grid)
    if refused is not None:
        raise rules.fail(refused, "grid_minutes")
    zone = rules.data.get("timezone", "Asia/Shanghai")
    if not known_timezone(zone):
        raise rules.fail(timezone_refusal(zone), "timezone")
    try:
        return Workdays(tuple(sorted(set(days))), tuple(periods), grid, str(zone))
    except ProblemError as exc:
        raise rules.fail(exc.message, "hours") from exc


def _missing(rules: _Rules, key: str) -> list[Any]:
    raise InputError(Message("input.rules_missing", key=key), rules.path, key=key)


def _rooms(rules: _Rules, grid: int) -> list[Room]:
    rooms = []
    for i, entry in enumerate(rules.get("rooms", list, [{"name": "会议室"}])):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise rules.fail(kind_refusal("rooms"), "name", "rooms", i)
        values: dict[str, int] = {"capacity": 1, "changeover_minutes": 0}  # no seats: as many as come
        for key, low in (("capacity", 1), ("seats", 1), ("changeover_minutes", 0)):
            value = entry.get(key, values.get(key))
            if value is None:
                continue
            if not isinstance(value, int) or isinstance(value, bool) or value < low:
                raise rules.fail(Message("mfile.room_number", key=key, value=value), key, "rooms", i)
            values[key] = value
        name = clean_cell(entry["name"])  # NFC, no format character: as the table's cells
        rooms.append(Room(name, values["capacity"], values.get("seats"), values["changeover_minutes"]))
    twice = repeated(name_key(r.name) for r in rooms)  # said at the second one's entry, naming it
    if twice is not None:
        raise rules.fail(Message("problem.duplicate_room", room=rooms[twice[0]].name), "name", "rooms", twice[0])
    return rooms


def _objective(rules: _Rules, known: set[str]) -> tuple[Term, ...]:
    """The rules' ``[objective]``: a preset and its terms changed or added; a per-person term's ``who``
    (a name or a list of them) must name people or units (``known``)."""
    raw = rules.get("objective", dict, {})
    preset = raw.get("preset", "default")
    if not isinstance(preset, str):  # a list or table is no preset's name (and cannot be looked up)
        raise rules.fail(kind_refusal("objective.preset"), "preset")
    if preset not in PRESETS:
        raise rules.fail(Message("mfile.preset", value=preset, known=list(PRESETS)), "preset")
    terms = {t.name: t for t in PRESETS[preset]}
    for name, spec in raw.items():
        if name == "preset":
            continue
        if not isinstance(spec, dict):
            from scheduler.text.nearest import nearest

            near = nearest(name, {"preset", *TERM_NAMES}) if name not in TERM_NAMES else None  # prest: preset (F9)
            said = Message("input.unknown_key_near", key=name, near=near) if near else kind_refusal(f"objective.{name}")
            raise rules.fail(said, name)
        who = spec.get("who", ())
        if who == []:  # written, naming no one: not taken as "everyone", which is who left out
            raise rules.term_fail(Message("meetings.term_who_empty", term=name), name, "who")
        try:
            term = Term(
                name,
                spec.get("level", "soft"),
                spec.get("weight", 1),
                (who,) if isinstance(who, str) else tuple(who) if isinstance(who, list) else who,
            )
            check_who((term,), known)
        except ProblemError as exc:  # Term (its weight's cap too) and check_who check (one place); said on its key
            raise rules.term_fail(exc.message, name, _wrong_key(exc.message.key, name, spec)) from exc
        terms[name] = term
    return tuple(terms.values())


def _wrong_key(said: str, term: str, spec: dict[str, Any]) -> str:
    """The key of ``[objective.<term>]`` a :class:`Term` refusal (message key ``said``) is about."""
    if said.startswith("meetings.term_who") or said == "names.near":  # a who misspelt, with the name meant
        return "who"
    if said == "meetings.term_weight_max":
        return "weight"
    if said == "meetings.term_level":
        return "weight" if spec.get("level", "soft") in LEVELS else "level"
    return term  # no such term: its name


def _people_path(rules: _Rules) -> Path | None:
    """The people sheet the rules name, resolved against the rules file's folder (``None``: none)."""
    path = rules.data.get("people")
    if path is None:
        return None
    if not isinstance(path, str) or not path.strip():
        raise rules.fail(kind_refusal("people"), "people")
    return Path(path) if Path(path).is_absolute() else Path(rules.path).parent / path


def _no_wishes(sheet: Table) -> None:
    """Refuse a people sheet's 时段偏好 (a person's wish): it would be kept and not read, the wish lost
    without a word. A preferred time is a meeting's (docs/meetings.md, "Preferred times", why)."""
    for column in sheet.columns:
        if canonical(column, MEETING_ALIASES) == PREFERRED:
            header = _label(sheet, column)
            raise InputError(Message("mfile.people_preferred", header=header), sheet.path, sheet.header_row, header)


def _people(
    rules: _Rules, year_of: Any, days: Sequence[date], inside: Table | None = None
) -> tuple[list[Person], dict[str, str], dict[str, tuple[str, ...]], list[Busy], Table | None]:
    """The people file the rules name, else ``inside`` (the table's own workbook's people sheet): the
    people, their addresses, their delegates' addresses (代理邮箱), their busy time (every day means
    each of ``days``) and the sheet read (``None``: none)."""
    where = _people_path(rules)
    if where is not None:
        if not where.is_file():  # named by the rules: say where it was named, and where it was looked for
            raise rules.fail(Message("mfile.no_people", path=str(where)), "people")
        sheet = read_table(where, key=PERSON, named=False)
    elif inside is not None:
        sheet = inside
    else:
        return [], {}, {}, [], None
    lookalike_columns(sheet, PERSON)
    _no_wishes(sheet)
    people, emails, busy = [], {}, []
    delegates: dict[str, tuple[str, ...]] = {}
    seen: dict[str, int] = {}
    for row in sheet.rows:

        def fail(message: Message, column: str, row: Row = row) -> InputError:
            return InputError(message, sheet.path, row.number, _label(sheet, column))

        name = row.get(PERSON)
        if not name:
            raise fail(Message("mfile.people_empty"), PERSON)
        if name in seen:
            raise fail(Message("mfile.person_twice", name=name, first=seen[name]), PERSON)
        seen[name] = row.number
        unit = row.get(UNIT)
        if len([u for u in NAMES.split(unit) if u]) > 1:  # 办公室、信息中心: a person belongs to one unit
            raise fail(Message("mfile.one_unit", value=unit), UNIT)
        people.append(Person(name, unit))
        if _unsafe(name):
            raise fail(Message("input.bad_person", value=visible(name)), PERSON)
        email = row.get(EMAIL)
        if email:
            try:
                emails[name] = check_address(email)
            except AddressError as exc:  # one mailbox per person, as per unit: each copy has one ATTENDEE
                reason = "address.several_person" if exc.reason == "address.several" else exc.reason
                message = Message("input.bad_address", value=visible(email), reason=Message(reason))
                raise fail(message, EMAIL) from exc
        if row.get(DELEGATE):
            try:
                delegates[name] = check_addresses(row.get(DELEGATE))
            except AddressError as exc:
                message = Message("input.bad_delegate", value=visible(row.get(DELEGATE)), reason=Message(exc.reason))
                raise fail(message, DELEGATE) from exc
        for text in NAMES.split(row.get(UNAVAILABLE)) if row.get(UNAVAILABLE) else ():
            try:
                busy += busy_spans(name, text, year_of, days)
            except ValueError as exc:
                said = general_number(text) or refusal(
                    exc, _bad_span(text, days, "mfile.bad_span_sheet"), meetings=True
                )
                raise fail(said, UNAVAILABLE) from exc
    return people, emails, delegates, busy, sheet


LOOKALIKES = {
    PERSON: {
        PERSON: ("名字", "fullname"),
        UNIT: ("处室", "科室", "organization", "organisation"),
        EMAIL: ("电邮", "emails"),
        UNAVAILABLE: ("没空", "无空", "notavailable"),
    },
    MEETING: {
        OPTIONAL: ("可选", "可选参会", "选择", "选择参会", "非必须", "非必须参会", "非必需", "非必需参会",
                   "optionalattendees"),
        HEADCOUNT: ("座位", "座位数", "席位", "席位数", "seat"),
        PART: ("上午或下午", "上午下午", "半天", "halfday", "ampm"),
        NOT_BEFORE: ("最早", "最早开始", "开始不早于", "earliest", "earlieststart"),
        NOT_AFTER: ("最晚", "最晚结束", "结束不晚于", "latest", "latestend"),
        SERIES: (),  # 所属系列: its headers (系列, series) with an affix
        ROOMS_ALLOWED: ("指定", "指定房间", "指定场地", "会议室要求", "场地要求", "房间要求", "可用会议室",
                        "allowed", "allowedrooms"),
        ROOMS_AVOIDED: ("不用", "不用房间", "不用场地", "避开会议室", "排除会议室", "禁用会议室",
                        "forbidden", "forbiddenrooms", "avoid", "avoidrooms", "roomsavoided"),
        SHARE: ("共用", "共用会议室", "共用房间", "shared", "sharegroup", "sharing"),
        ROOM: ("地点", "会场", "场地", "开会地点", "venue", "place"),
        PREFERRED: ("偏好", "时间偏好", "希望", "期望", "首选", "希望时段", "期望时段", "首选时段", "时间段偏好",
                    "偏好时间段", "优先时段", "优先时间", "优先时间段", "希望时间段", "首选时间段",
                    "preference", "preferences", "timepreference", "timepreferences", "preferred",
                    "preferredslot", "preferredslots"),
    },
}  # fmt: skip
"""Per kind of table (people sheet, meeting table), the columns a look-alike header may mean, each with
the words besides its headers (``PEOPLE_ALIASES``, ``MEETING_ALIASES``) that are it written another way
(compared folded, :func:`_header_words`). A header that is one of them or of the headers, whole or once
:data:`LOOKALIKE_AFFIXES` are taken off (``Email Address``, ``不可用日期``, ``出席人数``, ``会议室要求``,
``Optional guests``), is refused when the table lacks that column, not silently dropped; a header that
only holds one among other words (``SharePoint链接``, ``报到地点``, ``办公室邮编``, ``部门电话``) is a column
of its own, kept and not read (docs/formats.md, "Headers")."""
LOOKALIKE_AFFIXES = (
    ("会议", "参会", "出席", "与会", "所属", "所需", "需要", "所在", "是否", "meeting", "numberof", "noof"),
    ("要求", "日期", "时间", "地址", "名称", "名单", "列表", "人员", "信息", "安排", "设置", "参加", "参会",
     "address", "addresses", "date", "dates", "time", "times", "needed", "required", "requirement",
     "requirements", "list", "guests", "attendees", "participants", "people", "group", "groups", "name"),
)  # fmt: skip
"""The words a look-alike header may carry around one of :data:`LOOKALIKES` (prefixes, suffixes)."""
MEETING_READ = (MEETING, LENGTH, PARTICIPANTS, OPTIONAL, HEADCOUNT, ROOMS_ALLOWED, ROOMS_AVOIDED, PART,
                NOT_BEFORE, NOT_AFTER, PREFERRED, SERIES, SHARE, END, TIME, ROOM, NOTE, NO, ANSWER)  # fmt: skip
"""The columns a meeting table's reader reads (答复 is ours, written from the replies ledger); others are
kept, written back unchanged, and named on stderr (:func:`unread_columns`)."""


def lookalike_columns(table: Table, kind: str) -> None:
    """Refuse a column of a people sheet (``kind`` :data:`PERSON`) or meeting table (:data:`MEETING`) that
    is one of its own it lacks written another way (:data:`LOOKALIKES`), for it is not read (file, header
    row, column; the header to write). Other columns (a phone number, a title, a second address beside
    邮箱, a SharePoint link) are kept and not read."""
    own = PEOPLE_COLUMNS if kind == PERSON else MEETING_READ
    for column in table.columns:
        if column in own:
            continue
        meant = _lookalike(column, LOOKALIKES[kind], PEOPLE_ALIASES if kind == PERSON else MEETING_ALIASES)
        if meant is not None and not table.has(meant):
            if kind == PERSON:
                said = Message("mfile.people_column", header=_label(table, column), column=meant)
            else:  # the header to write, in the run's language (Optional, 可选参会人员)
                word = Message("header.meeting_room") if meant == ROOM else header_word(meant)
                said = Message("mfile.meeting_column", header=_label(table, column), column=word)
            raise InputError(said, table.path, table.header_row, _label(table, column))


def meant_column(header: str) -> str | None:
    """The meeting table's column ``header`` is, or is written another way (:data:`LOOKALIKES`), else ``None``."""
    named = canonical(header, MEETING_ALIASES)
    return named if named in MEETING_READ else _lookalike(header, LOOKALIKES[MEETING], MEETING_ALIASES)


def _lookalike(header: str, words: Mapping[str, tuple[str, ...]], aliases: dict[str, str]) -> str | None:
    """The column ``header`` is written another way: the header whole is one of its ``words`` or is
    named by ``aliases`` (the table's headers, one of ours the table lacks), else the
    header once prefixes and suffixes of :data:`LOOKALIKE_AFFIXES` are taken off (the whole header first:
    会议室要求 is 指定会议室, not 会议室 with a 要求)."""
    for forms in ([_header_words(header)], _unaffixed(_header_words(header))):
        for form in forms:
            named = canonical(form, aliases)
            if named in words:
                return named
        for column, said in words.items():
            if any(form in said for form in forms):
                return column
    return None


def _header_words(header: str) -> str:
    """A header as :data:`LOOKALIKES` are written: lower case, without what is in brackets, spaces,
    punctuation and digits (``上午或下午（半天）`` is 上午或下午, ``E-mail Address 2`` emailaddress)."""
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】", "", unicodedata.normalize("NFKC", header).lower())
    return "".join(c for c in text if c.isalpha())


def _unaffixed(text: str) -> list[str]:
    """``text`` with any prefixes and suffixes of :data:`LOOKALIKE_AFFIXES` taken off, each way of doing it."""
    prefixes, suffixes = LOOKALIKE_AFFIXES
    found, todo = [text], [text]
    while todo:
        now = todo.pop()
        for cut in [now[len(p) :] for p in prefixes if now.startswith(p)] + [
            now[: -len(s)] for s in suffixes if now.endswith(s)
        ]:
            if cut and cut not in found:
                found.append(cut)
                todo.append(cut)
    return found[1:]


def unread_columns(table: Table) -> tuple[str, ...]:
    """A meeting table's columns its reader does not read, as their headers are written (kept and written
    back unchanged: a phone number, 主持人, 联系人), for a line on stderr."""
    return tuple(table.labels.get(c, c) for c in table.columns if c not in MEETING_READ)


def _unsafe(name: str) -> bool:
    """A line break or control character: names go into calendar files and mail headers (:func:`single_line`)."""
    return not single_line(name)


UNIT_RULES = ("only", "categories")
"""Keys of a unit table's rules file (docs/formats.md) that a meeting problem has no rule for."""


def _unit_rules(rules: _Rules) -> None:
    """Refuse a unit table's rules (``[[only]]``, ``categories``) in a meeting table's rules file, naming
    the line and the key: before, they were read as nothing (yet written back into ``timetable.toml`` as
    if they held). (``[[links]]`` is read for meetings too, with keys of its own: :func:`_links`.)"""
    for key in UNIT_RULES:
        if rules.data.get(key):
            line = rules.lines.in_array(key, 0, key) or rules.lines.anywhere(key)
            shown = f"[[{key}]]" if key != "categories" else key
            raise InputError(Message("mfile.unit_rules", key=shown), rules.path, line=line, key=key)


def _entry(
    rules: _Rules, section: str, i: int, entry: object, keys: tuple[str, ...], missing: Message | None = None
) -> dict[str, Any]:
    """The ``i``-th ``[[section]]`` entry, a table with a value for one of ``keys`` at least (else refused,
    naming the entry's line and the first key, saying ``missing`` or that the key is missing)."""
    if not isinstance(entry, dict):
        raise rules.fail(kind_refusal(section), section, section, i)
    if not any(entry.get(key) not in (None, "", []) for key in keys):
        said = missing or Message("input.entry_key", section=section, key=keys[0])
        raise rules.fail(said, keys[0], section, i)
    return entry


def _pins(rules: _Rules, year_of: Any, sessions: dict[str, Session], rooms: set[str], workdays: Workdays) -> list[Pin]:
    """``[[pins]]``: ``meeting`` fixed at ``time`` (and in ``room``, when given), a time the calendar has."""
    out: list[Pin] = []
    pinned: dict[str, Pin] = {}
    for i, entry in enumerate(rules.get("pins", list, [])):
        for key in ("meeting", "time"):  # a key left out is said so, not read as "None"
            _entry(rules, "pins", i, entry, (key,))
        title = entry.get("meeting")
        title = _named_as(title.strip(), sessions) if isinstance(title, str) else title
        if not isinstance(title, str) or title not in sessions:
            said = unknown_name(Message("meetings.unknown_session", title=title), str(title), sessions)
            raise rules.fail(said, "meeting", "pins", i)
        try:
            start = parse_datetime(str(entry.get("time", "")), year_of)
        except ValueError as exc:
            said = refusal(exc, Message("input.bad_time", value=entry.get("time", "")), meetings=True)
            raise rules.fail(said, "time", "pins", i) from exc
        wrong = workdays.refuses(start, sessions[title].minutes)
        if wrong is not None:
            raise rules.fail(wrong, "time", "pins", i)
        room = entry.get("room")
        room = _named_as(room, rooms) if isinstance(room, str) else room
        if room is not None and room not in rooms:
            raise rules.fail(_unknown_room(str(room), rooms), "room", "pins", i)
        pin = Pin(title, start, room)
        if pin.title in pinned:  # MeetingProblem's refusal, said at the second pin's line
            raise rules.fail(pinned_twice(pinned[pin.title], pin), "meeting", "pins", i)
        pinned[pin.title] = pin
        out.append(pin)
    return out


def _links(rules: _Rules, titles: set[str]) -> tuple[Link, ...]:
    """``[[links]]``: meeting ``then`` starts after meeting ``first`` ends, at least ``gap_minutes`` later
    (default 0), on the same day with ``same_day = true``; each refused at its line, a circle of links
    (甲 after 乙 after 甲) naming its meetings."""
    out = []
    for i, entry in enumerate(rules.get("links", list, [])):
        for key in ("first", "then"):
            _entry(rules, "links", i, entry, (key,))
            title = entry.get(key)
            if not isinstance(title, str) or _named_as(title.strip(), titles) not in titles:
                said = unknown_name(Message("meetings.unknown_session", title=title), str(title), titles)
                raise rules.fail(said, key, "links", i)
        gap, same_day = entry.get("gap_minutes", 0), entry.get("same_day", False)
        if type(same_day) is not bool:
            raise rules.fail(kind_refusal("same_day"), "same_day", "links", i)
        try:
            first, then = (_named_as(entry[key].strip(), titles) for key in ("first", "then"))
            out.append(Link(first, then, gap, same_day))
        except ProblemError as exc:
            raise rules.fail(exc.message, "then", "links", i) from exc
    if link_cycle(out) is not None:  # asked once, not after each link (400 links: 1 s at load 8)
        i = _first_cycle(out)
        said = Message("meetings.link_cycle", titles=" → ".join(link_cycle(out[: i + 1]) or ()))
        raise rules.fail(said, "then", "links", i)
    return tuple(out)


def _first_cycle(links: list[Link]) -> int:
    """The index of the link that closes the first circle of ``links`` (a circle among some links is
    one among every longer run of them: halved, not asked link by link)."""
    lo, hi = 0, len(links) - 1  # links[: hi + 1] has a circle
    while lo < hi:
        mid = (lo + hi) // 2
        if link_cycle(links[: mid + 1]) is None:
            lo = mid + 1
        else:
            hi = mid
    return hi


HINTS = 20
"""At most this many wishes no timetable meets are told one line each; then one line says how many more
(QA qamscale18 F11: 231 lines before every answer; ``--json``'s ``preferences.unmet`` lists them all)."""


def capped_hints(hints: Sequence[InputError]) -> list[InputError]:
    """The wishes no timetable meets (:attr:`LoadedMeetings.unmet_wishes`) as they are told, by the
    commands on stderr and on the web page alike: the first :data:`HINTS`, then one saying how many more
    (review18 F4: the page put up every one)."""
    if len(hints) <= HINTS:
        return list(hints)
    more = Message("mfile.wish_never_met_more", count=len(hints) - HINTS)
    return [*hints[:HINTS], InputError(more, hints[0].path, column=hints[0].column)]


def busy_spans(who: str, text: str, year_of: Any, days: Sequence[date]) -> list[Busy]:
    """``who`` is busy during a time or span as offices write it (``7月15日 8:00-10:00``, ``7月15日``,
    ``7月15日下午``), or a part of every one of ``days`` (``下午``, ``每天上午``, ``全天``) or of those
    a weekday names (``周三下午``), as in a unit table's rules (docs/formats.md, "Times of day");
    several of them separated by 、，,；; or a line break (:func:`~scheduler.text.times.split_times`)."""
    out = []
    for part in split_times(text):
        times = parse_times(part, year_of)
        if times.first is None or times.last is None:
            since, until = times.daily or (time.min, time.max)
            on = [day for day in days if times.days is None or day in times.days]
            out += [_busy(who, datetime.combine(day, since), datetime.combine(day, until)) for day in on]
            continue
        out.append(_busy(who, times.first, times.last))
    if not out:
        raise ValueError(text)
    return out


def _bad_span(text: str, days: Sequence[date], key: str) -> Message:
    """A busy time that cannot be read, with examples on the campaign's own first day (a people sheet's
    ``key`` also says a reason goes in 备注: "3月10日上午外出" is how a clerk writes it)."""
    day = format_day(days[0]) if days else "9月8日"
    return Message(key, value=text, day=day)


def _busy(who: str, first: datetime, last: datetime) -> Busy:
    if last == first:
        last = first + timedelta(minutes=1)  # one moment: the grid step that holds it
    return Busy(who, first, last)


def _unavailable(
    rules: _Rules, year_of: Any, known: set[str], days: Sequence[date], titles: Collection[str] = frozenset()
) -> list[Busy]:
    """``[[unavailable]]``: a person or unit busy at ``times``; with ``meeting``, a decline of that one
    meeting (``reschedule --from-replies`` writes it so): the time binds that meeting alone."""
    out = []
    for i, entry in enumerate(rules.get("unavailable", list, [])):
        _entry(rules, "unavailable", i, entry, ("person", "unit"), Message("mfile.unavailable_nobody"))
        _entry(rules, "unavailable", i, entry, ("times",))
        key = "person" if entry.get("person") else "unit"  # the key written, named in a refusal
        who = entry.get(key)
        who = _named_as(clean_cell(who), known) if isinstance(who, str) else who
        everyone = who in EVERYONE  # unit = "*": a day or half-day closed for all, as in a unit table
        if not isinstance(who, str) or (who not in known and not everyone):
            said = unknown_name(Message("mfile.unavailable_who", who=visible(str(who))), str(who), known)
            raise rules.fail(said, key, "unavailable", i)
        meeting = _declined_meeting(rules, i, entry, titles)
        times = entry.get("times", [])
        if isinstance(times, str):  # times = "7月15日": one time, not a list of its characters
            times = [times]
        if not isinstance(times, list):
            raise rules.fail(kind_refusal("times"), "times", "unavailable", i)
        for text in times:
            try:
                spans = busy_spans(who, str(text), year_of, days)
                if everyone:  # one closure
                    spans = [Busy(CLOSED, s.start, s.end) for s in spans]
                out += [Busy(s.who, s.start, s.end, meeting) for s in spans] if meeting else spans
            except ValueError as exc:
                said = refusal(exc, _bad_span(str(text), days, "mfile.bad_span"), meetings=True)
                raise rules.fail(said, "times", "unavailable", i) from exc
    return out


def _declined_meeting(rules: _Rules, i: int, entry: dict[str, Any], titles: Collection[str]) -> str:
    """The ``meeting`` an ``[[unavailable]]`` entry is limited to (empty: none), a meeting of the table."""
    title = entry.get("meeting")
    if title is None or title == "":
        return ""
    title = _named_as(title.strip(), titles) if isinstance(title, str) else title
    if not isinstance(title, str) or title not in titles:
        said = unknown_name(Message("meetings.unknown_session", title=title), str(title), titles)
        raise rules.fail(said, "meeting", "unavailable", i)
    return title


def _session(
    table: Table,
    row: Row,
    default_minutes: int,
    grid: int,
    known: set[str],
    spelled: Spellings,
    auto: bool,
    rooms: set[str],
    year_of: Any,
    joins: Mapping[tuple[str, ...], str],
) -> Session:
    def fail(message: Message, column: str) -> InputError:
        return InputError(message, table.path, row.number, _label(table, column))

    title = row.get(MEETING)
    if _unsafe(title):
        raise fail(Message("input.bad_person", value=visible(title)), MEETING)
    length = row.get(LENGTH)
    bare = bare_minutes(table)
    minutes = parse_length(length, bare) if length else default_minutes
    wrong = length_problem(minutes, length or str(default_minutes), grid, bare)
    if wrong is not None:
        raise fail(wrong, LENGTH)
    assert minutes is not None
    required = _as_known(split_names(row.get(PARTICIPANTS), joins), spelled, auto)
    optional = _as_known(split_names(row.get(OPTIONAL), joins), spelled, auto)
    if not required:
        raise fail(Message("mfile.no_participants"), PARTICIPANTS)
    for column, names in ((PARTICIPANTS, required), (OPTIONAL, optional)):
        for name in names:
            if not auto and name not in known:
                parts = run_together(name, known)
                if parts is not None and all(part in known for part in parts):
                    raise fail(Message("mfile.run_together", name=visible(name), names=list(parts)), column)
                whole = written_apart(name, row.get(column), joins)
                if whole is not None:
                    raise fail(Message("mfile.written_apart", name=visible(name), whole=visible(whole)), column)
                raise fail(unknown_name(Message("mfile.unknown_person", name=visible(name)), name, known), column)
            if names.count(name) > 1:
                raise fail(Message("mfile.named_twice", name=name), column)
    both = set(required) & set(optional)
    if both:
        raise fail(Message("mfile.both", name=sorted(both)[0]), OPTIONAL)
    if row.get(HEADCOUNT) and (not row.get(HEADCOUNT).isdigit() or int(row.get(HEADCOUNT)) < 1):
        raise fail(Message("mfile.bad_headcount", value=row.get(HEADCOUNT)), HEADCOUNT)
    seats = int(row.get(HEADCOUNT)) if row.get(HEADCOUNT) else None
    wishes: dict[str, frozenset[str]] = {}
    for column in (ROOMS_ALLOWED, ROOMS_AVOIDED):
        named = frozenset(_named_as(n, rooms) for n in NAMES.split(row.get(column)) if n)
        unknown = sorted(named - rooms)
        if unknown:
            raise fail(_unknown_room(unknown[0], rooms), column)
        wishes[column] = named
    if not (wishes[ROOMS_ALLOWED] or rooms) - wishes[ROOMS_AVOIDED]:  # a row that leaves itself no room
        left = Message("mfile.no_room_left", allowed=sorted(wishes[ROOMS_ALLOWED] or rooms))
        raise fail(left, ROOMS_AVOIDED)
    window = _window(table, row, year_of, minutes)
    return Session(
        title,
        minutes,
        tuple(Attendee(n) for n in required) + tuple(Attendee(n, False) for n in optional),
        seats,
        wishes[ROOMS_ALLOWED],
        wishes[ROOMS_AVOIDED],
        window,
        row.get(SERIES),
        frozenset(n for n in NAMES.split(row.get(SHARE)) if n),
        row.get(NOTE),
        _preferred(table, row, year_of),
        "、".join(line.strip() for line in row.get(PREFERRED).splitlines() if line.strip()),  # the wish's words
    )


ADD_COLUMNS = (OPTIONAL, HEADCOUNT, ROOMS_ALLOWED, ROOMS_AVOIDED, PART, NOT_BEFORE, NOT_AFTER, PREFERRED, SERIES, SHARE,
               NOTE)  # fmt: skip
"""The columns ``reschedule --add`` takes as ``KEY=VALUE`` parts after MEETING, LENGTH and REQUIRED
(:func:`meeting_of_cells`): a meeting's own columns but its time and room, which are the replanning's."""


def meeting_of_cells(cells: Mapping[str, str], labels: Mapping[str, str], problem: MeetingProblem) -> Session:
    """One meeting from ``cells`` (canonical column -> text), read by the very reader of a table's row, against
    ``problem``'s people, rooms and days: ``reschedule --add`` (``scheduler.files.meeting_changes``). An
    error names the column by ``labels`` (the key as the user wrote it), with no file or row."""
    table = Table("", list(cells), [Row(0, dict(cells))], dict(labels))
    known = {p.name for p in problem.people} | set(problem.units)
    year_of = year_resolver(problem.workdays.days, None)
    rooms = {r.name for r in problem.rooms}
    grid = problem.workdays.grid
    spelled = Spellings(sorted(known))
    auto = not problem.people
    return _session(table, table.rows[0], 60, grid, known, spelled, auto, rooms, year_of, name_joins(known))


def _window(table: Table, row: Row, year_of: Any, minutes: int) -> Window:
    """The row's 时段, 不早于 and 不晚于, checked: one of its own that leaves no time of day is bad input."""

    def fail(message: Message, column: str) -> InputError:
        return InputError(message, table.path, row.number, _label(table, column))

    part = row.get(PART)
    if part and part.lower() not in PARTS:
        raise fail(Message("mfile.bad_part", value=part), PART)
    first, last = _bound(table, row, NOT_BEFORE, year_of), _bound(table, row, NOT_AFTER, year_of)
    # 不早于 17:00, 不晚于 9:00 (or 9:00 and 9:30 for an hour), or two such dated bounds: no time fits.
    # Checked here, before the domain's own check, so the refusal names the row in the table's words.
    if _no_room(first, last, minutes):
        said = Message(
            "mfile.bounds_reversed",
            meeting=row.get(MEETING),
            first=row.get(NOT_BEFORE),
            last=row.get(NOT_AFTER),
            minutes=minutes,
        )
        raise fail(said, NOT_AFTER)
    return Window(PARTS.get(part.lower(), "") if part else "", first, last)


def _no_room(first: time | datetime | None, last: time | datetime | None, minutes: int) -> bool:
    """Whether bounds of one kind (two times of day, or two dated times) leave less than ``minutes``."""
    if isinstance(first, datetime) and isinstance(last, datetime):
        return (last - first).total_seconds() < minutes * 60
    if isinstance(first, time) and isinstance(last, time):
        return _of_day(first) + minutes > _of_day(last)
    return False


def _preferred(table: Table, row: Row, year_of: Any) -> tuple[Window, ...]:
    """The row's 时段偏好: the windows it names (:func:`~scheduler.files.preferred_times.read_preferred`),
    a value that names none refused on one line (file, row, column)."""
    text = row.get(PREFERRED)
    if not text:
        return ()
    serial = excel_serial(text) if text.isascii() and text.isdigit() else None
    if serial is not None:  # 45854: a date typed in a General column, or a CSV saved from a date column
        said = Message("mfile.preferred_serial", value=text, day=format_day(serial.date()))
        raise InputError(said, table.path, row.number, _label(table, PREFERRED))
    try:
        return read_preferred(text, year_of)
    except (ValueError, ProblemError) as exc:  # (a span that ends before it begins: no window)
        said = refusal(exc, Message("mfile.bad_preferred", value=text), meetings=True)
        raise InputError(said, table.path, row.number, _label(table, PREFERRED)) from exc


def _bound(table: Table, row: Row, column: str, year_of: Any) -> time | datetime | None:
    text = row.get(column)
    if not text:
        return None
    try:
        return read_bound(text, year_of)
    except ValueError as exc:
        said = general_number(text) or refusal(exc, Message("mfile.bad_bound", value=text), meetings=True)
        raise InputError(said, table.path, row.number, _label(table, column)) from exc


def general_number(text: str) -> Message | None:
    """Why an unreadable time is an Excel value left in the General format (常规), said as the 时间 column
    says it, else ``None``: ``0.375`` a time (9:00), ``45853`` a date serial (2025-07-15). The cell shows
    9:00 or 2025/7/15 in Excel, and "cannot read" would leave the clerk guessing (QA qaexcel20 F7)."""
    clock = excel_fraction(text)
    if clock is not None:
        return Message("input.time_fraction", value=text, clock=clock)
    serial = excel_serial(text) if text.isascii() and text.isdigit() else None
    if serial is not None:
        return Message("mfile.general_serial", value=text, day=format_day(serial.date()))
    return None


def _of_day(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def _time(table: Table, row: Row, year_of: Any, minutes: int) -> datetime | None:
    text = row.get(TIME)
    if not text:
        return None
    length = _label(table, LENGTH) if row.get(LENGTH) else None  # an empty 时长: the rules' meeting_minutes
    return read_start(text, year_of, minutes, (table.path, row.number, _label(table, TIME)), length)


def _check_end(table: Table, row: Row, start: datetime | None, minutes: int, year_of: Any) -> None:
    """A row's 结束 (our own workbook's 数据 sheet writes one) must be its 时间 plus its 时长: a clerk who
    changed only one of them is told, on one line naming the row, rather than having 时长 silently win.
    A 结束 without a 时间 says nothing (the meeting has no time to end)."""
    text = row.get(END)
    if not text or start is None:
        return

    def fail(message: Message) -> InputError:
        return InputError(message, table.path, row.number, _label(table, END))

    try:
        end = parse_datetime(text, year_of)
    except TimeRefused as exc:  # 7月15日（星期六） when the 15th is a Tuesday: why, not "cannot read"
        raise fail(refusal(exc, Message("mfile.bad_bound", value=text), meetings=True)) from exc
    except ValueError:
        try:
            end = datetime.combine(start.date(), parse_clock(text))
        except ValueError as exc:
            raise fail(Message("mfile.bad_bound", value=text)) from exc
    expected = start + timedelta(minutes=minutes)
    if end != expected:
        said = Message("mfile.end_disagrees", end=text, start=format_time(start), minutes=minutes,
                       expected=format_time(expected))  # fmt: skip
        raise fail(said)


def _without_end(table: Table) -> Table:
    """The table without its 结束 column, once checked: never data to copy out again (the writers
    compute each meeting's end from its time and length)."""
    if not table.has(END):
        return table
    rows = [Row(row.number, {k: v for k, v in row.cells.items() if k != END}) for row in table.rows]
    labels = {k: v for k, v in table.labels.items() if k != END}
    return replace(table, columns=[c for c in table.columns if c != END], rows=rows, labels=labels)


EXCEL_LENGTH_BELOW = 1 / 6
"""A bare fraction under 时长 below this (4 hours as an Excel time value: ``0.0625`` is 1:30) is read as an
Excel duration left in the General format; ``0.25``, ``0.5``, ``0.75`` are a quarter, half, three quarters
of an hour far more often than 6, 12, 18-hour meetings, and are told as hours written without 小时."""


MOST_BARE_HOURS = 12
"""The most hours a bare number under a header in hours (时长（小时）) may say: past it (``90``, ``45``), minutes
were typed under the hours header, and the cell is refused rather than the meeting failing every day
(QA qaexcel20 F4). 12 is also where a bare number under 时长 in minutes stops being told as hours."""


def length_problem(minutes: int | None, said: str, grid: int, bare: int = 1) -> Message | None:
    """Why a length written ``said`` (read as ``minutes``, ``None``: unreadable; a bare number counting
    ``bare`` minutes, :func:`bare_minutes`) is not a meeting's, or ``None``."""
    fraction = excel_fraction(said) if minutes is None else None
    if fraction is not None and float(said) < EXCEL_LENGTH_BELOW:  # 1:30 typed, then the format set to 常规
        return Message("mfile.length_fraction", value=said, clock=fraction)
    if minutes is None and bare == 1 and re.fullmatch(r"\d*\.\d+", said.strip()):  # 0.5, 1.5: hours
        return Message("mfile.bare_decimal", value=said.strip())
    if minutes is None:
        return Message("mfile.bad_length", value=said)
    if minutes <= 0:
        return Message("mfile.zero_length", value=said)
    if bare == 60 and minutes > MOST_BARE_HOURS * 60 and re.fullmatch(r"\d+(?:\.\d+)?", said.strip()):
        return Message("mfile.bare_minutes", value=said.strip())  # 90 under 时长（小时）: minutes meant
    if minutes % grid and said.strip().isdigit() and minutes <= 12:  # 2 under 时长, meant as two hours
        return Message("mfile.bare_hours", value=said.strip(), grid=grid)
    if minutes % grid:
        return Message("mfile.off_grid", value=said, grid=grid)
    return None


def bare_minutes(table: Table) -> int:
    """The minutes a bare number in the table's length column stands for: 60 under a header that says
    hours (``时长（小时）``), else 1."""
    header = normalize(table.labels.get(LENGTH, "")).lower()
    return 60 if any(word in header for word in ("小时", "hour", "(h)")) else 1


LENGTH_WORDS = ("时长", "length", "duration")
"""Words of a header that means the meeting's length: one we do not read is refused, not left at the default."""


def _length_columns(table: Table) -> None:
    """Refuse a header that speaks of the length but is not one we read (``时长(天)``): every meeting
    would silently get the default length."""
    for column in table.columns:
        if column != LENGTH and any(word in column.lower() for word in LENGTH_WORDS):
            said = Message("mfile.length_column", header=_label(table, column))
            raise InputError(said, table.path, table.header_row, _label(table, column))


_LENGTH = re.compile(
    r"^(?:(?P<h>\d+(?:\.\d+)?)\s*(?:小时|个小时|钟头|个钟头|个钟|h|hr|hours?))?\s*"
    r"(?:(?P<m>\d+)\s*(?:分钟|分|m|min|minutes?))?$"
)
_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _chinese_numbers(text: str) -> str:
    """Chinese numerals up to 99 written as digits (``两小时``: 2小时, ``三十分钟``: 30分钟, ``一个半小时`` and
    ``两小时半``: 1.5小时 and 2.5小时, ``一刻钟``: 15分钟), as people type a length into a form."""

    def number(match: re.Match[str]) -> str:
        word = match[0]
        if "十" not in word:
            return "".join(str(_DIGITS[c]) for c in word)
        tens, _, ones = word.partition("十")
        return str((_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0))

    text = re.sub(r"[一二两三四五六七八九]?十[一二三四五六七八九]?|[零一二两三四五六七八九]+", number, text)
    text = re.sub(r"(\d+)个?(?:半(?:小时|钟头|个钟头|个钟)|(?:小时|钟头|钟)半$)", r"\1.5小时", text)
    return re.sub(r"^(\d+)刻钟?$", lambda m: f"{int(m[1]) * 15}分钟", text)  # 一刻钟: a quarter of an hour


def parse_length(text: str, bare: int = 1) -> int | None:
    """Minutes in ``90分钟``, ``1.5小时``, ``2小时``, ``1小时30分``, ``1:30``, ``1:30:00``, ``90`` (minutes), ``2h``,
    ``1h30m``, and Chinese numerals (``两小时``, ``一个半小时``, ``三十分钟``: :func:`_chinese_numbers`);
    a bare number counts ``bare`` minutes each (60: ``1.5`` under a header saying hours)."""
    text = _chinese_numbers(normalize(text).lower().replace(" ", ""))
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        minutes = float(text) * bare
        return int(minutes) if minutes == int(minutes) else None
    clock = re.fullmatch(r"(\d+):(\d{2})(?::(\d{2}))?", text)  # H:MM, or H:MM:SS (an Excel duration)
    if clock:
        return int(clock[1]) * 60 + int(clock[2]) if not int(clock[3] or 0) else None
    if text == "半小时":
        return 30
    match = _LENGTH.match(text)
    if not match or not (match["h"] or match["m"]):
        return None
    minutes = float(match["h"] or 0) * 60 + int(match["m"] or 0)
    return int(minutes) if minutes == int(minutes) else None
