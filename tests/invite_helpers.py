"""Helpers for the invite tests: exporting the 2021 notice with a fixed clock, editing timetables."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from scheduler import Meeting, Timetable, load
from scheduler.invites.calendar import Export, InviteSettings
from scheduler.invites.folder import export, read_sources
from scheduler.invites.settings import invite_settings
from scheduler.invites.state import State

ROOT = Path(__file__).resolve().parent.parent
NOTICE = ROOT / "examples" / "notice_2021.csv"
CONTACTS = ROOT / "examples" / "contacts_2021.csv"
FIRST = datetime(2021, 9, 6, 8, 0, tzinfo=UTC)
LATER = datetime(2021, 9, 7, 9, 30, tzinfo=UTC)
MUCH_LATER = datetime(2021, 9, 7, 18, 0, tzinfo=UTC)


def notice_export(
    timetable: Timetable | None = None,
    state: State | None = None,
    now: datetime = FIRST,
    settings: InviteSettings | None = None,
    contacts: dict | None = None,
) -> Export:
    """The notice's invites for ``timetable`` (default: the published one) after ``state``."""
    loaded = load(NOTICE)
    sources = read_sources(loaded.rules, loaded.problem, ROOT / "no-such-folder")
    sources = replace(sources, state=state)
    if settings is not None:
        sources = replace(sources, settings=settings)
    if contacts is not None:
        sources = replace(sources, contacts=replace(sources.contacts, by_unit=contacts))
    return export(sources, loaded.problem, timetable or loaded.timetable, now)


def notice_settings() -> InviteSettings:
    return invite_settings(load(NOTICE).rules)


def moved(timetable: Timetable, changes: dict[str, datetime | None]) -> Timetable:
    """``timetable`` with units moved to new times; ``None`` removes the unit."""
    out = []
    for meeting in timetable.meetings:
        if meeting.unit in changes:
            if changes[meeting.unit] is None:
                continue
            out.append(Meeting(meeting.unit, changes[meeting.unit], meeting.room))
        else:
            out.append(meeting)
    return Timetable(tuple(out))


def by_unit(result: Export) -> dict:
    return {i.unit: i for i in result.invites}


def ics_files(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if name.endswith(".ics")}


def load_notice_timetable() -> Timetable:
    return load(NOTICE).timetable
