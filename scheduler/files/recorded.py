"""The changes an output folder records that the table and rules of a new solve lack.

``reschedule --out DIR`` writes its changes (``--unavailable``, ``--pin``, ``--only``, ``--link``) into
``DIR/timetable.toml``, and nowhere else. ``solve TABLE --out DIR`` later reads TABLE's own rules and
would overwrite that file without them: the person who said they cannot come would be put back on that
day, and invited (QA jobs16 F0). So ``solve`` asks here which of the folder's entries the rules it was
given lack, and refuses to go on while there are any (docs/replanning.md, "Solving the source table
again"). Decision: refused, not carried over; the source table and its rules stay the one place the
rules live, and an entry copied in by hand is read, checked and kept as any other. ``--drop`` and
``--add`` live in ``DIR/timetable.csv`` alone: :func:`table_changes` names the units or meetings it
lacks or holds beyond the table solved (QA review16 finding 2). Entries are compared by what they read
as (:data:`Meaning`), not as written: the same hours written two ways are one entry (finding 9).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scheduler.files.rules_file import EVERYONE, parse_toml
from scheduler.files.toml_lines import KeyLines
from scheduler.text.messages import Message

if TYPE_CHECKING:
    from scheduler.domain.meetings import Workdays
    from scheduler.files.rules_file import Rules

Meaning = Callable[[str, Mapping[str, Any]], Hashable]
"""What an entry of a section asks, as read: two entries with one meaning are one rule however written."""

SUBJECTS: dict[str, tuple[str, ...]] = {
    "unavailable": ("unit", "person"),
    "pins": ("unit", "meeting"),
    "only": ("unit",),
    "links": ("first", "then"),
}
"""The sections a replanning records, and the keys naming who or what each entry is about."""

ASIDE = frozenset({"reason", "from"})
"""Keys that say why an entry was written, not what it asks: an entry copied without them is the same."""


@dataclass(frozen=True)
class Recorded:
    """One entry of the folder's rules that the given rules lack, and the line it starts on."""

    section: str
    values: dict[str, Any]
    line: int | None

    def message(self) -> Message:
        """The entry as the refusal names it: ``[[unavailable]] 赵教授 5月19日``."""
        keys = SUBJECTS[self.section]
        who = " → ".join(str(self.values[k]) for k in keys if k in self.values)
        what: list[str] = []
        for key, value in self.values.items():
            if key in keys or key in ASIDE:
                continue
            if isinstance(value, list):
                what.extend(str(v) for v in value)
            else:
                what.append(str(value))
        return Message("recorded.entry", section=self.section, who=who, what=what)


def same_entry(entry: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """What makes two entries one rule as written: their keys and values, :data:`ASIDE` left out."""
    return tuple(sorted((str(k), repr(v)) for k, v in entry.items() if k not in ASIDE))


def read_meaning(times: Callable[[str, str], frozenset[Any]], moment: Callable[[str], datetime]) -> Meaning:
    """An entry's :data:`Meaning`: its ``times`` as what they cover (``times(section, text)``: the same
    hours written ``7月16日上午`` or ``7月16日 8:00-12:00`` are one), its ``time`` as the moment it names,
    names without the spaces around them; a value that cannot be read is compared as written
    (QA review16 finding 9)."""
    from scheduler.errors import InputError

    def read(section: str, key: str, value: Any) -> Hashable:
        if key == "times" and isinstance(value, (str, list)):
            texts = [value] if isinstance(value, str) else [str(v) for v in value]
            return frozenset().union(*(times(section, text) for text in texts))
        if key == "time" and isinstance(value, str):
            return moment(value)
        return value.strip() if isinstance(value, str) else repr(value)

    def meaning(section: str, entry: Mapping[str, Any]) -> Hashable:
        found: dict[str, Hashable] = {}
        for key, value in entry.items():
            if key in ASIDE:
                continue
            try:
                found[str(key)] = read(section, str(key), value)
            except (InputError, ValueError):
                found[str(key)] = repr(value)
        return tuple(sorted(found.items(), key=lambda item: item[0]))

    return meaning


def unit_meaning(rules: Rules) -> Meaning:
    """A unit table's entries read as its rules read them: times as the meeting slots they name."""
    from scheduler.files.load import slots_in
    from scheduler.text.times import parse_datetime

    def times(section: str, text: str) -> frozenset[Any]:
        return frozenset(slots_in(text, rules, None, None, "times", whole=section == "only"))

    return read_meaning(times, lambda text: parse_datetime(text, rules.year_of))


def meeting_meaning(workdays: Workdays) -> Meaning:
    """A meeting table's entries read as its rules read them: times as the steps of the working hours
    (``grid`` minutes each) they make someone busy in."""
    from scheduler.files.meeting_files import busy_spans
    from scheduler.text.times import parse_datetime, year_resolver

    year_of = year_resolver(workdays.days, None)
    step = timedelta(minutes=workdays.grid)
    cells = [
        datetime.combine(day, opens) + k * step
        for day in workdays.days
        for opens, closes in workdays.periods
        for k in range(max(0, (closes.hour * 60 + closes.minute - opens.hour * 60 - opens.minute)) // workdays.grid)
    ]

    def times(section: str, text: str) -> frozenset[Any]:
        spans = busy_spans("?", text, year_of, workdays.days)
        return frozenset(c for c in cells if any(b.start < c + step and c < b.end for b in spans))

    return read_meaning(times, lambda text: parse_datetime(text, year_of))


def recorded_changes(
    rules_file: Path,
    given: Mapping[str, Iterable[Mapping[str, Any]]],
    known: Collection[str],
    meaning: Meaning | None = None,
) -> list[Recorded]:
    """The entries of ``rules_file`` (an output folder's ``timetable.toml``) that ``given`` (the new solve's
    rules: section -> its entries' values) lacks, section by section in the file's order. An entry about a
    unit, meeting or person ``known`` does not hold (removed from the table since) is no change the new
    table could keep, and is left out. A folder file that cannot be read as TOML records nothing (it is
    not ours to judge: the write replaces it as before). Entries are compared by ``meaning`` (their read
    :data:`Meaning`: :func:`unit_meaning`, :func:`meeting_meaning`), else as written."""
    if not rules_file.is_file():
        return []
    try:
        text = rules_file.read_text(encoding="utf-8-sig")
        data = parse_toml(text)
    except (OSError, UnicodeDecodeError, ValueError):
        return []
    lines = KeyLines(text)
    found: list[Recorded] = []
    for section, keys in SUBJECTS.items():
        entries = data.get(section)
        if not isinstance(entries, list):
            continue
        ours = [e for e in given.get(section, ()) if isinstance(e, Mapping)]
        have = {same_entry(e) for e in ours}  # as written first: the read meaning only where that differs
        about: dict[tuple[str, ...], list[Mapping[str, Any]]] = {}
        for e in ours:
            about.setdefault(_subject(e, keys), []).append(e)
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict) or same_entry(entry) in have:
                continue
            alike = about.get(_subject(entry, keys), [])
            if meaning is not None and alike and meaning(section, entry) in {meaning(section, e) for e in alike}:
                continue
            names = [str(entry[k]).strip() for k in keys if k in entry]
            if any(name not in known and name not in EVERYONE for name in names):
                continue
            first = next(iter(entry), None)
            line = lines.in_array(section, index, first) if first is not None else None
            found.append(Recorded(section, dict(entry), line))
    return found


@dataclass(frozen=True)
class Rows:
    """What the folder's table (``DIR/timetable.csv``, else ``timetable.xlsx``) changed against the table
    being solved: the units or meetings it lacks (``reschedule --drop`` called them off) and those it holds
    beyond it (``reschedule --add``). Solving the source table would bring the first back (and re-invite
    them) and lose the second (QA review16 finding 2)."""

    path: str
    withdrawn: tuple[str, ...]
    added: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.withdrawn or self.added)

    def messages(self, meetings: bool) -> list[Message]:
        """The rows as the refusal names them, one entry each: ``timetable.csv 中没有的会议“调解会”``."""
        kind = Message("recorded.meeting" if meetings else "recorded.unit")
        return [
            *(Message("recorded.withdrawn", path=Path(self.path).name, kind=kind, name=n) for n in self.withdrawn),
            *(Message("recorded.added", path=Path(self.path).name, kind=kind, name=n) for n in self.added),
        ]


def table_changes(folder: Path, names: Collection[str], meetings: bool) -> Rows:
    """The rows of the folder's table (its ``timetable.csv``, else its ``timetable.xlsx``) that differ from
    ``names`` (the units, or with ``meetings`` the meetings, of the table being solved), each side in its
    own order. A folder table that cannot be read, or is of the other kind, records nothing (not ours to
    judge: the write replaces it as before)."""
    from scheduler.errors import InputError
    from scheduler.files.table_file import read_table
    from scheduler.files.tables import MEETING, UNIT, is_meeting_table

    path = next((p for p in (folder / "timetable.csv", folder / "timetable.xlsx") if p.is_file()), None)
    if path is None:
        return Rows("", (), ())
    try:
        table = read_table(path)
    except InputError:
        return Rows(str(path), (), ())
    if is_meeting_table(table) != meetings:
        return Rows(str(path), (), ())
    column = MEETING if meetings else UNIT
    held = [name for name in (row.get(column).strip() for row in table.rows) if name]
    seen = set(held)
    withdrawn = tuple(name for name in names if name not in seen)
    given = set(names)
    added = tuple(dict.fromkeys(name for name in held if name not in given))
    return Rows(str(path), withdrawn, added)


def _subject(entry: Mapping[str, Any], keys: Iterable[str]) -> tuple[str, ...]:
    """Who or what an entry is about (its :data:`SUBJECTS` keys' values, stripped)."""
    return tuple(str(entry.get(k, "")).strip() for k in keys)
