"""Reading and writing the rules file (TOML) that sits next to a unit table.

The fields are documented in docs/formats.md. Errors name the file, the line
and the key. A key no reader knows is refused (:mod:`scheduler.files.rules_keys`);
the keys read elsewhere (``[invites]``, ``[[milestones]]``) are kept in ``extra`` as
they are and written back out with the rest.
"""

from __future__ import annotations

import itertools
import json
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from scheduler.domain import Calendar, Room, repeated
from scheduler.domain.periods import check_periods, read_period, said
from scheduler.domain.zones import known_timezone, timezone_refusal
from scheduler.errors import InputError, ProblemError
from scheduler.files.reasons import file_reason
from scheduler.files.rules_keys import (
    UNIT_KEYS,
    check_brackets,
    check_keys,
    check_list_items,
    check_paper,
    kind_refusal,
)
from scheduler.files.rules_numbers import UNIT_NUMBERS, check_numbers
from scheduler.files.tables import clean_cell
from scheduler.files.toml_lines import KeyLines, key_lines
from scheduler.text.messages import Message, refusal, unwritable
from scheduler.text.names import name_key
from scheduler.text.nearest import nearest
from scheduler.text.times import (
    DAY_END,
    NoYear,
    looks_like_period,
    nearest_year,
    parse_clock,
    parse_date,
    year_resolver,
)

KNOWN_KEYS = (
    "title",
    "timezone",
    "year",
    "days",
    "hours",
    "meeting_minutes",
    "categories",
    "rooms",
    "links",
    "pins",
    "unavailable",
    "only",
)

EVERYONE = ("*", "全部")
"""The names that mean every unit: in ``[[unavailable]]`` and ``[[only]]`` (a half-day closed for all),
and in a milestone's ``who``."""


@dataclass(frozen=True)
class Entry:
    """One ``[[links]]``, ``[[pins]]`` or ``[[unavailable]]`` entry, with where it was written."""

    values: dict[str, Any]
    lines: dict[str, int | None] = field(default_factory=dict)
    """The line each key is written on."""
    where: str = ""
    """The entry as an error names it: ``unavailable[1]`` (its table array and its place, from 1)."""

    def line(self, key: str) -> int | None:
        return self.lines.get(key)

    def key(self, key: str) -> str:
        """``key`` of this entry as an error names it: ``unavailable[1].unit``, as every entry's key is."""
        return f"{self.where}.{key}" if self.where else key


@dataclass(frozen=True)
class Rules:
    """The rules that are not per unit: calendar, rooms, order, links, pins, unavailability."""

    path: str | None
    title: str
    calendar: Calendar
    categories: tuple[str, ...]
    rooms: tuple[Room, ...]
    links: tuple[Entry, ...] = ()
    pins: tuple[Entry, ...] = ()
    unavailable: tuple[Entry, ...] = ()
    only: tuple[Entry, ...] = ()
    """``[[only]]``: units that can come only at the times listed (``times = ["上午"]``)."""
    year: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    table_language: str = "zh"
    """The language of the table these rules were read with: ``en`` when its headers are English
    (:func:`~scheduler.files.tables.english_headers`); what its invites are written in unless
    ``[invites] language`` says (docs/mail.md)."""
    clock_year: bool = False
    """Nothing written gave the days their year (:func:`days_take_the_clock_year`): the current year did."""

    @cached_property
    def year_of(self) -> Callable[[int, int], int]:
        """Resolves a year-less date (``9月8日``) to the year nearest the campaign (made once: every time read asks)."""
        return year_resolver(self.calendar.days, self.year)


def rules_path_for(table: str | Path) -> Path:
    """The rules file used for a table when none is given: same folder, same name, ``.toml``."""
    return Path(table).with_suffix(".toml")


def parse_toml(text: str, path: str | None = None) -> dict[str, Any]:
    """TOML text as data. rtoml (compiled) reads a rules file with thousands of entries
    about 8x faster than the standard library's tomllib (1 s for 5 MB here); text it
    refuses goes to tomllib, whose error names the line and column as it always has. A bare key holding a
    Chinese character (``镇办 = "…"``) is read as if quoted (:func:`~scheduler.files.toml_errors.quote_bare_key`).
    With the file's ``path``, an error is the one-line :class:`InputError` of every reader
    (:func:`scheduler.files.toml_errors.toml_error`; a table given as the rules file said to be one), and a
    file with no key at all (empty, a BOM, only comments) is said to be empty; without, tomllib's own."""
    import rtoml

    try:
        data = rtoml.loads(text)
    except rtoml.TomlParsingError:
        data = _slow_toml(text, path)
    if path is not None and not data:
        raise InputError(Message("input.rules_empty"), path)
    return data


BARE_KEYS = 50
"""How many bare Chinese keys one rules file has quoted for it (:func:`_slow_toml`) before its error is said."""


def _slow_toml(text: str, path: str | None) -> dict[str, Any]:
    """``text`` read by tomllib, each bare Chinese key quoted (up to :data:`BARE_KEYS`); its error, else."""
    from scheduler.files.toml_errors import is_table, quote_bare_key, toml_error  # only for a file not TOML

    source = text
    for tries in range(BARE_KEYS + 1):
        try:
            return tomllib.loads(source)
        except tomllib.TOMLDecodeError as exc:
            quoted = quote_bare_key(source, exc) if tries < BARE_KEYS else None
            if quoted is not None:
                source = quoted
                continue
            if path is None:
                raise
            if is_table(text):  # a CSV table given as the rules file (QA qarules20 F11)
                raise InputError(Message("input.rules_is_table", kind=Message("input.table_kind_csv")), path) from exc
            raise toml_error(exc, path, source) from exc
    raise AssertionError("unreachable: the last try returns or raises")  # pragma: no cover


LONGEST_PAUSE = timedelta(days=300)
"""Neighbouring days (in date order) further apart than this are refused (:func:`read_days`): a campaign
may run for years, one day after another (5,000 units in one room take some 600 working days), but one
that pauses for ten months is a year typed wrong."""


def read_days(values: list[Any], year: int | None, fail: Callable[[Message], InputError]) -> list[date]:
    """A rules file's ``days`` (TOML dates, ``"2021-09-08"``, ``"9月8日"``), in their order; ``fail`` makes
    the error for the key.

    Days written with their year may come in any order. A day written without one takes the year that
    puts it nearest the day listed before it (:func:`~scheduler.text.times.nearest_year`), so that
    ``["12月29日", …, "1月4日"]`` crosses New Year; the first listed takes ``year`` (the rules' key), else
    the year that puts it nearest the first day written with its year, else the current year, and then
    the days may not cross a year (the clock must not decide where a campaign across New Year falls).
    With a day without a year, the days must come out strictly increasing (their order gave the years):
    otherwise refused, naming the day. Two neighbouring days (in date order) more than
    :data:`LONGEST_PAUSE` apart are refused, naming both: ``["2021-09-08", "2021-09-09", "2026-09-10"]`` is
    a year typed wrong (and ``["9月8日", "2021-09-09"]`` once gave 9月8日 the current year without a word);
    a long campaign whose days follow one another is not."""
    days: list[date | None] = []
    undated: dict[int, tuple[int, int]] = {}  # index -> (month, day) of a day written without a year
    for value in values:
        if isinstance(value, datetime):  # a TOML date-time is a date too: a day has no clock
            raise fail(Message("input.bad_day", value=value.isoformat(sep=" ")))
        try:
            days.append(value if isinstance(value, date) else parse_date(str(value)))
        except NoYear:
            try:  # its month and day (2月29日 too); its weekday is checked once it has its year
                leap = parse_date(str(value), lambda _month, _day: 2000, check_weekday=False)
            except ValueError as exc:
                raise fail(Message("input.bad_day", value=value)) from exc
            undated[len(days)] = (leap.month, leap.day)
            days.append(None)
        except ValueError as exc:
            raise fail(refusal(exc, Message("input.bad_day", value=value))) from exc
    if undated:
        _date_undated(values, days, undated, year, fail)
    found = [d for d in days if d is not None]
    ordered = sorted(found)
    for first, last in itertools.pairwise(ordered):
        if last - first > LONGEST_PAUSE:
            raise fail(
                Message("input.days_apart", first=first.isoformat(), last=last.isoformat(), days=(last - first).days)
            )
    return found


def days_take_the_clock_year(data: Mapping[str, Any]) -> bool:
    """Whether a rules file's data (a unit or a meeting table's, as read) leaves its days' year to the clock:
    no ``year`` key and no day written with its year (:func:`read_days`). Such a file reused a year later
    reads as that year's: the refusal of a folder of last round then says so (docs/mail.md, "A new round")."""
    if data.get("year") is not None:
        return False
    values = data.get("days")
    if not isinstance(values, list) or not values:
        return False
    for value in values:
        if isinstance(value, date):
            return False
        try:
            parse_date(str(value))
        except NoYear:
            continue
        except ValueError:
            return False
        return False
    return True


def _date_undated(
    values: list[Any],
    days: list[date | None],
    undated: dict[int, tuple[int, int]],
    year: int | None,
    fail: Callable[[Message], InputError],
) -> None:
    """Give the days written without a year theirs, in place (:func:`read_days` says how)."""
    dated = next((d for d in days if d is not None), None)
    guessed = year is None and dated is None  # nothing written says the year: the clock's, within it
    for index, (month, day) in undated.items():
        before = days[index - 1] if index else None
        if before is not None:
            chosen = nearest_year(month, day, before)
        elif year is not None:
            chosen = year
        elif dated is not None:
            chosen = nearest_year(month, day, dated)
        else:
            chosen = date.today().year
        if guessed and before is not None and chosen != before.year:
            raise fail(Message("input.days_across_no_year", value=values[index], before=values[index - 1]))
        try:
            days[index] = parse_date(str(values[index]), year_resolver([], chosen))
        except ValueError as exc:  # 2月29日 of a year without one; 9月14日（星期二） of one whose 14th is not
            raise fail(refusal(exc, Message("input.bad_day", value=values[index]))) from exc
    for index in range(1, len(days)):
        before, this = days[index - 1], days[index]
        assert before is not None and this is not None
        if this <= before:
            raise fail(Message("input.days_order", value=values[index], before=values[index - 1]))


def read_hours(values: list[Any], minutes: int, fail: Callable[[Message], InputError]) -> list[time]:
    """A unit table's ``hours``: meeting starts (``"8:00"``, a TOML time) or working periods
    (``"9:00-11:30"``, read and checked as a meeting table's, :func:`~scheduler.domain.periods.read_period`
    and :func:`~scheduler.domain.periods.check_periods`, in the same words), which give meetings of
    ``minutes`` back to back from the period's start for as long as they end by its end (``"9:00-11:30"``
    of 30-minute meetings: 9:00, 9:30 ... 11:00). A bad period, or one that holds no meeting, is refused,
    naming it, and so is a start given twice; ``fail`` makes the error for the key."""
    hours: list[time] = []
    periods: list[tuple[time, time]] = []
    try:
        for value in values:
            if isinstance(value, time):
                hours.append(value)
            elif not looks_like_period(str(value)):
                hours.append(_start(value))
            else:
                periods.append(read_period(value))
        check_periods(periods)  # no grid: a unit table's meetings start at their period's start
    except ProblemError as exc:
        raise fail(exc.message) from exc
    length = timedelta(minutes=minutes)
    for first, last in periods:
        start, end = datetime.combine(date.min, first), datetime.combine(date.min, last)
        if last == DAY_END:  # 24:00: the last meeting may end at midnight
            end = datetime.combine(date.min + timedelta(days=1), time())
        if start + length > end:
            raise fail(Message("period.short", period=said(first, last), minutes=minutes))
        while start + length <= end:
            hours.append(start.time())
            start += length
    seen: set[time] = set()
    for hour in hours:  # the same start twice ("8:00", "8:00"; a period's start and the start itself)
        if hour in seen:  # is two meetings 0 minutes apart: refused as starts too close are (Calendar)
            raise fail(Message("input.hour_twice", hour=hour, minutes=minutes))
        seen.add(hour)
    return hours


def _start(value: object) -> time:
    """A unit table's meeting start written in ``hours`` (``"8:00"``, ``"上午9点"``)."""
    try:
        return parse_clock(str(value))
    except ValueError as exc:
        raise ProblemError(Message("input.bad_hour", value=value)) from exc


def read_rules(path: str | Path) -> Rules:
    """Read and check a rules file."""
    name = str(path)
    text = read_rules_text(path)
    return parse_rules(parse_toml(text, name), name, text)


def read_rules_text(path: str | Path) -> str:
    """A rules file's text (:func:`rules_text`); a missing or unreadable file is one line naming it."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise InputError(Message("input.no_rules"), name) from exc
    except OSError as exc:  # a folder, no permission: bad input, not a traceback
        raise InputError(Message("input.unreadable", reason=file_reason(exc)), name) from exc
    return rules_text(data, name)


def rules_text(data: bytes, path: str) -> str:
    """A rules file's bytes as text. TOML is UTF-8 (with a BOM or not), but Notepad saves "ANSI" (GBK on
    Chinese Windows) or "Unicode" (UTF-16 with a BOM) when asked to, and an office cannot know the
    difference: they are read too, told apart as a table's text is
    (:func:`scheduler.files.encodings.decode`: never a guess between UTF-8 and GBK). Bytes that are
    none of these are one line saying how to save the file as UTF-8; a line of another encoding pasted
    into the file is named as a table's is."""
    from scheduler.files.encodings import decode

    if data.startswith(b"PK\x03\x04"):  # a workbook (a ZIP archive) given as the rules file (QA qarules20 F11)
        raise InputError(Message("input.rules_is_table", kind=Message("input.table_kind_xlsx")), path)
    try:
        return decode(data, path).text
    except InputError as error:
        if error.message.key in ("input.broken_utf8", "input.mixed_encoding"):
            raise
        raise InputError(Message("input.rules_encoding"), path, line=error.row) from error


# Long: one check per key of the rules file, in the order docs/formats.md gives them, each next to
# where it is read, so a key's rule and its error message are found in one place.
def parse_rules(data: dict[str, Any], path: str | None = None, text: str = "") -> Rules:
    """Check parsed TOML data and build :class:`Rules`."""

    where = key_lines(text)  # every key's line, found in one pass over the text
    check_characters(data, where, path)
    check_brackets(data, where, path)
    check_list_items(data, where, path)
    check_keys(data, where, path, UNIT_KEYS)
    check_paper(data, where, path)
    check_numbers(data, where, path, UNIT_NUMBERS)  # every number's range, before any reader uses it

    def line_of(section: str | None, index: int, key: str) -> int | None:
        return where.anywhere(key) if section is None else where.in_array(section, index, key)

    def fail(message: Message, key: str, section: str | None = None, index: int = 0) -> InputError:
        shown = key if section is None else f"{section}[{index + 1}]" + (f".{key}" if key != section else "")
        return InputError(message, path, line=line_of(section, index, key), key=shown)

    def need(key: str, kind: type | tuple[type, ...]) -> Any:
        if key not in data:
            raise InputError(Message("input.rules_missing", key=key), path, key=key)
        value = data[key]
        if not isinstance(value, kind):
            raise fail(kind_refusal(key), key)
        return value

    # A zone the IANA database lacks is refused here, named as the rules file's key, before the
    # calendar (which checks it too) would refuse it.
    timezone = data.get("timezone", "Asia/Shanghai")
    if not known_timezone(timezone):
        raise fail(timezone_refusal(timezone), "timezone")
    year = data.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise fail(kind_refusal("year"), "year")

    days = read_days(need("days", list), year, lambda message: fail(message, "days"))
    minutes = data.get("meeting_minutes", 60)  # a whole number in its range: check_numbers above
    hours = read_hours(need("hours", list), minutes, lambda message: fail(message, "hours"))
    for key, values in (("days", days), ("hours", hours)):
        if not values:
            raise fail(Message("problem.empty_calendar"), key)
    try:
        calendar = Calendar(tuple(sorted(set(days))), tuple(sorted(set(hours))), minutes, str(timezone))
    except ProblemError as exc:  # hours that overlap
        raise fail(exc.message, "hours") from exc

    categories = data.get("categories", [])
    if not isinstance(categories, list) or not all(isinstance(c, str) and c for c in categories):
        raise fail(kind_refusal("categories"), "categories")
    if len(set(categories)) != len(categories):
        raise fail(Message("problem.duplicate_category"), "categories")
    _check_bring(data, categories, where, path)

    rooms = []
    for i, entry in enumerate(data.get("rooms", [{"name": "", "capacity": 1}])):
        if not isinstance(entry, dict) or not isinstance(entry.get("name", ""), str):
            raise fail(kind_refusal("rooms"), "name", "rooms", i)
        capacity = entry.get("capacity", 1)  # a whole number in its range: check_numbers above
        rooms.append(Room(clean_cell(entry.get("name", "")), capacity))  # NFC, as the table's cells
    for i, room in enumerate(rooms):  # the unnamed room is the only room: among several, units in it were
        if len(rooms) > 1 and not room.name.strip():  # invited to the others (QA qarules20 F1)
            raise InputError(
                Message("input.room_name_blank"), path, line=line_of("rooms", i, "name"), key=f"rooms[{i + 1}].name"
            )
    if not rooms:
        raise fail(kind_refusal("rooms"), "rooms")
    twice = repeated(name_key(r.name) for r in rooms)  # said at the second one's entry, naming it
    if twice is not None:
        raise fail(Message("problem.duplicate_room", room=rooms[twice[0]].name), "name", "rooms", twice[0])

    def entries(section: str, keys: dict[str, type]) -> tuple[Entry, ...]:
        raw = data.get(section, [])
        if not isinstance(raw, list):
            raise fail(kind_refusal(section), section)
        out = []
        for i, entry in enumerate(raw):
            if not isinstance(entry, dict):
                raise fail(kind_refusal(section), section, section, i)
            # times = "9月8日": one time, read as a list of one (not refused as "no times")
            entry = {k: [v] if keys.get(k) is list and isinstance(v, str) else v for k, v in entry.items()}
            for key, kind in keys.items():
                if not isinstance(entry.get(key), kind) or not entry.get(key):
                    raise fail(Message("input.entry_key", section=section, key=key), key, section, i)
            out.append(Entry(dict(entry), {key: line_of(section, i, key) for key in entry}, f"{section}[{i + 1}]"))
        return tuple(out)

    return Rules(
        path=path,
        title=str(data.get("title", "")),
        calendar=calendar,
        categories=tuple(categories),
        rooms=tuple(rooms),
        links=entries("links", {"first": str, "then": str}),
        pins=entries("pins", {"unit": str, "time": str}),
        unavailable=entries("unavailable", {"unit": str, "times": list}),
        only=entries("only", {"unit": str, "times": list}),
        year=year,
        extra={k: v for k, v in data.items() if k not in KNOWN_KEYS},
        clock_year=days_take_the_clock_year(data),
    )


def _check_bring(data: dict[str, Any], categories: list[str], lines: KeyLines, path: str | None) -> None:
    """Refuse an ``[invites.bring]`` key that is neither ``*`` nor one of ``categories`` (when the rules list
    them; else the table's, not known here), with the nearest category: ``"镇 办"`` for 镇办 was read as
    nothing, and those units' invites said "请携带：" and nothing (QA qarules20 F6)."""
    invites = data.get("invites")
    bring = invites.get("bring") if isinstance(invites, dict) else None
    if not categories or not isinstance(bring, dict):
        return
    for key in bring:
        if key == "*" or key in categories:
            continue
        near, known = nearest(key, categories), list(categories)
        said = Message("input.bring_unknown", key=key, known=known, near=near)
        if near is None:
            said = Message("input.bring_unknown_far", key=key, known=known)
        raise InputError(said, path, line=lines.in_table("invites.bring", key), key=f"invites.bring.{key}")


Key = tuple[str | int, ...]
"""Where a value sits in a rules file's data: its keys, and its index in each list on the way."""


PATH_KEYS: tuple[Key, ...] = (("people",), ("invites", "contacts"))
"""The rules file's keys that hold a path (docs/formats.md, "Windows paths")."""


def check_characters(data: dict[str, Any], lines: KeyLines, path: str | None) -> None:
    """Refuse a rules file with a string (or a key) holding a character no output can hold
    (:data:`~scheduler.text.messages.UNWRITABLE`: ``title = "\\u000b..."``): the title, the rooms, the
    invites' texts all reach the Word, Excel, HTML and calendar files. The error names the line and the
    key (``milestones[3].detail``). A control character in a path (:data:`PATH_KEYS`) is a Windows
    path's backslash read as an escape (``"D:\\new\\table.csv"``: a line break and a tab), said so."""
    for key in PATH_KEYS:
        value: Any = data
        for name in key:
            value = value.get(name) if isinstance(value, dict) else None
        if isinstance(value, str) and (control := re.search(r"[\x00-\x1f\x7f]", value)) is not None:
            code = f"U+{ord(control.group()):04X}"  # "D:\new\table.csv": \n and \t read as escapes
            line = _line_of(lines, key)
            raise InputError(Message("input.path_escape", code=code), path, line=line, key=_key_name(key))
    found = _first_unwritable(data, ())
    if found is None:
        return
    key, code = found
    raise InputError(Message("input.unwritable", code=code), path, line=_line_of(lines, key), key=_key_name(key))


def _first_unwritable(value: Any, key: Key) -> tuple[Key, str] | None:
    """The first string under ``value`` (at ``key``) holding an unwritable character, and that character."""
    if isinstance(value, str):
        code = unwritable(value)
        return None if code is None else (key, code)
    if isinstance(value, dict):
        for name, item in value.items():
            code = unwritable(name)
            if code is not None:
                return (*key, name), code
            found = _first_unwritable(item, (*key, name))
            if found is not None:
                return found
    elif isinstance(value, list):
        try:
            if unwritable(" ".join(value)) is None:
                return None  # a list of strings (a long one of times) at C speed
        except TypeError:
            pass  # not only strings: each item in turn
        for i, item in enumerate(value):
            found = _first_unwritable(item, (*key, i))
            if found is not None:
                return found
    return None


def _line_of(lines: KeyLines, key: Key) -> int | None:
    """The line of a value at ``key``: its key's line (a list's, for an item of a list of strings)."""
    names = list(key)
    while len(names) > 1 and isinstance(names[-1], int):
        names.pop()
    section, *rest = names
    if len(rest) >= 2 and isinstance(rest[0], int) and isinstance(rest[1], str):  # [[section]] entries
        return lines.in_array(str(section), rest[0], rest[1])
    for end in range(len(names) - 1, 0, -1):  # [a.b] key, else the line naming its table
        table, leaf = names[:end], names[end]
        if all(isinstance(n, str) for n in table) and isinstance(leaf, str):
            found = lines.in_table(".".join(map(str, table)), leaf)
            if found is not None:
                return found
    return lines.top(str(section)) or lines.anywhere(str(section))


def _key_name(key: Key) -> str:
    """A value's key as errors name it: ``title``, ``invites.organizer.name``, ``milestones[3].detail``
    (an item of a list of strings: the list's key); a key's own unseen characters written out."""
    from scheduler.files.addresses import visible  # an error told: not every reading (nor its import)

    names = list(key)
    while len(names) > 1 and isinstance(names[-1], int):
        names.pop()
    out = ""
    for name in names:
        out += f"[{name + 1}]" if isinstance(name, int) else f"{'.' if out else ''}{visible(name)}"
    return out


def rules_data(rules: Rules) -> dict[str, Any]:
    """The rules as TOML-ready data, as :func:`parse_rules` reads them back."""
    cal = rules.calendar
    data: dict[str, Any] = {}
    if rules.title:
        data["title"] = rules.title
    data["timezone"] = cal.timezone
    if rules.year is not None:
        data["year"] = rules.year
    data["days"] = [d.isoformat() for d in cal.days]
    data["hours"] = [f"{h.hour}:{h.minute:02d}" for h in cal.hours]
    data["meeting_minutes"] = cal.minutes
    if rules.categories:
        data["categories"] = list(rules.categories)
    data.update(rules.extra)
    data["rooms"] = [{"name": r.name, "capacity": r.capacity} for r in rules.rooms]
    sections = (("links", rules.links), ("pins", rules.pins), ("unavailable", rules.unavailable), ("only", rules.only))
    for section, entries in sections:
        if entries:
            data[section] = [dict(e.values) for e in entries]
    return data


WRITTEN_HEAD = "# Rules used for this timetable"
"""The first line of every rules file this program writes (``solve --out``'s ``timetable.toml``, either kind of
table): how a command tells its own file, which it may rewrite, from the office's, which it never does."""


def written_by_us(text: str) -> bool:
    """Whether ``text`` is a rules file this program wrote (:data:`WRITTEN_HEAD`), not the office's own."""
    return text.lstrip("\ufeff").startswith(WRITTEN_HEAD)


def dump_rules(rules: Rules, source: str | None = None) -> bytes:
    """The rules as TOML text (UTF-8), with a comment saying where they came from."""
    import tomli_w

    head = WRITTEN_HEAD
    if source:
        head += f" (from {source})"
    head += "; fields: docs/formats.md\n"
    data = rules_data(rules)
    # The long lists (thousands of entries, each a list of times) are written here, as
    # tomli_w would write them but in a fraction of the time (it took 15 s for a 5,000-unit
    # table's unavailability); everything else, and any entry we cannot write so, by tomli_w.
    tail = [_entries(section, data.pop(section)) for section in ENTRY_SECTIONS if _plain(data.get(section))]
    return (head + tomli_w.dumps(data) + "".join(tail)).encode("utf-8")


ENTRY_SECTIONS = ("links", "pins", "unavailable")


def _plain(entries: Any) -> bool:
    """Entries of strings and lists of strings only, none with a character JSON leaves unescaped
    that TOML does not allow in a string (DEL)."""
    if not isinstance(entries, list) or not entries:
        return False
    for entry in entries:
        if not isinstance(entry, dict):
            return False
        for key, value in entry.items():
            values = value if isinstance(value, list) else [value]
            # C-speed tests (a 5,000-unit table's unavailability is 650,000 strings): every item a
            # str, and no DEL in any of them.
            if not _BARE_KEY.fullmatch(key) or not set(map(type, values)) <= {str} or "\x7f" in "".join(values):
                return False
    return True


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _entries(section: str, entries: list[dict[str, Any]]) -> str:
    """An array of tables as TOML text: a JSON string is a valid TOML basic string (bar DEL)."""
    out = []
    for entry in entries:
        out.append(f"\n[[{section}]]\n")
        for key, value in entry.items():
            if isinstance(value, list):
                # One call of the C encoder per list (one per string cost 6 s for 640,000 times):
                # its item separator puts each string on its own line.
                items = _LIST.encode(value)[1:-1]
                out.append(f"{key} = [\n    {items},\n]\n" if value else f"{key} = []\n")
            else:
                out.append(f"{key} = {_LIST.encode(value)}\n")
    return "".join(out)


_LIST = json.JSONEncoder(ensure_ascii=False, separators=(",\n    ", ": "))
