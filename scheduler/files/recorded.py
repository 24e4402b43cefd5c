"""The changes an output folder's rules record that the rules of a new solve lack.

``reschedule --out DIR`` writes its changes (``--unavailable``, ``--pin``, ``--only``, ``--link``) into
``DIR/timetable.toml``, and nowhere else. ``solve TABLE --out DIR`` later reads TABLE's own rules and
would overwrite that file without them: the person who said they cannot come would be put back on that
day, and invited (QA jobs16 F0). So ``solve`` asks here which of the folder's entries the rules it was
given lack, and refuses to go on while there are any (docs/replanning.md, "Solving the source table
again"). Decision: refused, not carried over; the source table and its rules stay the one place the
rules live, and an entry copied in by hand is read, checked and kept as any other.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scheduler.files.rules_file import EVERYONE, parse_toml
from scheduler.files.toml_lines import KeyLines
from scheduler.text.messages import Message

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
    """What makes two entries one rule: their keys and values, :data:`ASIDE` left out."""
    return tuple(sorted((str(k), repr(v)) for k, v in entry.items() if k not in ASIDE))


def recorded_changes(
    rules_file: Path, given: Mapping[str, Iterable[Mapping[str, Any]]], known: Collection[str]
) -> list[Recorded]:
    """The entries of ``rules_file`` (an output folder's ``timetable.toml``) that ``given`` (the new solve's
    rules: section -> its entries' values) lacks, section by section in the file's order. An entry about a
    unit, meeting or person ``known`` does not hold (removed from the table since) is no change the new
    table could keep, and is left out. A folder file that cannot be read as TOML records nothing (it is
    not ours to judge: the write replaces it as before)."""
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
        have = {same_entry(e) for e in given.get(section, ()) if isinstance(e, Mapping)}
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict) or same_entry(entry) in have:
                continue
            names = [str(entry[k]).strip() for k in keys if k in entry]
            if any(name not in known and name not in EVERYONE for name in names):
                continue
            first = next(iter(entry), None)
            line = lines.in_array(section, index, first) if first is not None else None
            found.append(Recorded(section, dict(entry), line))
    return found
