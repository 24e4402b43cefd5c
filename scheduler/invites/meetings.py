"""Calendar invites for a meeting timetable: one per meeting, to every participant, per person.

Each meeting is one VEVENT with a UID derived from the campaign and the meeting's title (never its
time), the office as ORGANIZER and every participant with an address as ATTENDEE, with
``ROLE=REQ-PARTICIPANT`` or ``ROLE=OPT-PARTICIPANT`` (``CUTYPE=GROUP`` for a unit), ``RSVP=TRUE``.
Every participant gets the meeting in a file of their own, ``<meeting>/<person>.ics``
(``METHOD:REQUEST``; iTIP allows one UID per message), so mail goes to each person exactly once
through the same journal as unit invites.

Regenerating after a change (state kept in ``meetings-state.json``): a meeting whose time, room,
title or participants changed gets SEQUENCE + 1 and a new DTSTAMP, and each participant an update;
a person no longer invited, or every participant of a meeting no longer held, gets
``METHOD:CANCEL``; an unchanged meeting keeps its SEQUENCE and DTSTAMP, so its files are identical
byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress

from scheduler.domain.meetings import MeetingProblem, Plan
from scheduler.invites.calendar import NAMESPACE, PRODID, vtimezone

STATE_FILE = "meetings-state.json"
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


@dataclass(frozen=True)
class Organizer:
    name: str
    email: str


@dataclass(frozen=True)
class MeetingExport:
    """Every file to write (relative path -> bytes), and what changed for whom."""

    files: dict[str, bytes]
    changes: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """Per meeting: (person, "new" | "updated" | "cancelled" | "unchanged")."""


def meeting_uid(campaign: str, title: str) -> str:
    """The meeting's UID: the same for every regeneration, whatever its time or room."""
    key = "\x00".join((campaign, "meeting", title))
    return f"{uuid.uuid5(NAMESPACE, key)}@docking-scheduler"


def _safe(name: str) -> str:
    return _UNSAFE.sub("_", name).strip("_") or "_"


# Long: as build_invites, one pass over meetings and people decides each file and the state it
# leaves; the steps share the previous state and the versions.
def build_meeting_invites(
    problem: MeetingProblem,
    plan: Plan,
    emails: dict[str, str],
    organizer: Organizer,
    campaign: str,
    previous: bytes | None = None,
    now: datetime | None = None,
) -> MeetingExport:
    """The invites of ``plan``, given the state of the previous export (``previous``)."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    zone = ZoneInfo(problem.workdays.timezone)
    old = json.loads(previous) if previous else {"meetings": {}}
    state: dict[str, dict[str, object]] = {}
    files: dict[str, bytes] = {}
    changes: dict[str, list[tuple[str, str]]] = {}
    days = list(problem.workdays.days)
    placed = plan.by_title()
    units = set(problem.units) | {p.unit for p in problem.people if p.unit}
    for session in problem.sessions:
        where = placed.get(session.title)
        if where is None or where.start is None:
            continue
        invited = {a.name: a.required for a in session.attendees if a.name in emails}
        content = {
            "start": where.start.isoformat(),
            "end": (where.start + timedelta(minutes=session.minutes)).isoformat(),
            "room": where.room or "",
            "attendees": sorted([name, required] for name, required in invited.items()),
            "note": session.note,
        }
        digest = hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
        before = old["meetings"].get(session.title)
        if before is None:
            sequence, stamp, kind = 0, now, "new"
        elif before["digest"] == digest:
            sequence, stamp, kind = before["sequence"], datetime.fromisoformat(before["stamp"]), "unchanged"
        else:
            sequence, stamp, kind = before["sequence"] + 1, now, "updated"
        uid = meeting_uid(campaign, session.title)
        event = _event(uid, sequence, stamp, session.title, content, organizer, invited, emails, units, zone)
        body = _calendar("REQUEST", [event], zone, days)
        for name in invited:
            files[f"{_safe(session.title)}/{_safe(name)}.ics"] = body
            changes.setdefault(session.title, []).append((name, kind))
        gone = [n for n, _ in (before or {}).get("attendees", []) if n not in invited]
        if gone:
            cancel_sequence = sequence if kind != "unchanged" else sequence + 1
            for name in gone:
                files[f"{_safe(session.title)}/{_safe(name)}.ics"] = _cancel(
                    uid, cancel_sequence, now, session.title, before, organizer, name, emails, zone, days
                )
                changes.setdefault(session.title, []).append((name, "cancelled"))
            if kind == "unchanged":
                sequence, stamp = cancel_sequence, now
        state[session.title] = {
            "uid": uid,
            "sequence": sequence,
            "stamp": stamp.isoformat(),
            "digest": digest,
            "attendees": content["attendees"],
            "start": content["start"],
            "end": content["end"],
            "room": content["room"],
        }
    for title, before in old["meetings"].items():
        if title in state:
            continue
        for name, _ in before["attendees"]:
            if name in emails:
                files[f"{_safe(title)}/{_safe(name)}.ics"] = _cancel(
                    before["uid"], before["sequence"] + 1, now, title, before, organizer, name, emails, zone, days
                )
                changes.setdefault(title, []).append((name, "cancelled"))
    files[STATE_FILE] = (json.dumps({"meetings": state}, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
    return MeetingExport(files, changes)


def _event(
    uid: str,
    sequence: int,
    stamp: datetime,
    title: str,
    content: dict[str, object],
    organizer: Organizer,
    invited: dict[str, bool],
    emails: dict[str, str],
    units: set[str],
    zone: ZoneInfo,
) -> bytes:
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", datetime.fromisoformat(str(content["start"])).replace(tzinfo=zone))
    event.add("dtend", datetime.fromisoformat(str(content["end"])).replace(tzinfo=zone))
    event.add("summary", title)
    if content["room"]:
        event.add("location", content["room"])
    if content["note"]:
        event.add("description", content["note"])
    event.add("status", "CONFIRMED")
    event.add("organizer", _address(organizer.name, organizer.email))
    for name, required in invited.items():
        role = "REQ-PARTICIPANT" if required else "OPT-PARTICIPANT"
        cutype = "GROUP" if name in units else "INDIVIDUAL"
        event.add(
            "attendee",
            _address(name, emails[name], ROLE=role, CUTYPE=cutype, PARTSTAT="NEEDS-ACTION", RSVP="TRUE"),
        )
    return event.to_ical(sorted=False)


def _cancel(
    uid: str,
    sequence: int,
    stamp: datetime,
    title: str,
    before: dict[str, object],
    organizer: Organizer,
    name: str,
    emails: dict[str, str],
    zone: ZoneInfo,
    days: list[date],
) -> bytes:
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", datetime.fromisoformat(str(before["start"])).replace(tzinfo=zone))
    event.add("dtend", datetime.fromisoformat(str(before["end"])).replace(tzinfo=zone))
    event.add("summary", title)
    event.add("status", "CANCELLED")
    event.add("organizer", _address(organizer.name, organizer.email))
    event.add("attendee", _address(name, emails[name], ROLE="REQ-PARTICIPANT"))
    return _calendar("CANCEL", [event.to_ical(sorted=False)], zone, days)


def _address(name: str, email: str, **params: str) -> vCalAddress:
    value = vCalAddress(f"mailto:{email}")
    value.params["CN"] = name
    for key, param in params.items():
        value.params[key] = param
    return value


def _calendar(method: str, events: list[bytes], zone: ZoneInfo, days: list[date]) -> bytes:
    cal = Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", PRODID)
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    cal.add_component(vtimezone(zone, min(days), max(days)))
    shell = cal.to_ical(sorted=False)
    end = b"END:VCALENDAR\r\n"
    return shell[: -len(end)] + b"".join(events) + end
