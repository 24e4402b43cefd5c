"""Meeting invites: one per meeting to every participant, roles, updates and cancellations per person."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from icalendar import Calendar

from scheduler.domain.meetings import Placement, Plan
from scheduler.files.meeting_files import load_meetings
from scheduler.invites.meetings import STATE_FILE, Organizer, build_meeting_invites
from scheduler.meetings.planner import solve_meetings

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "meetings_2025.csv"
OFFICE = Organizer("区政府办公室", "office@example.org")
NOW = datetime(2025, 7, 1, 9, tzinfo=UTC)


def solved():
    loaded = load_meetings(EXAMPLE)
    result = solve_meetings(loaded.problem, loaded.objective, time_limit=5, workers=1)
    return loaded, result.plan


def event(data: bytes):
    cal = Calendar.from_ical(data)
    (vevent,) = [c for c in cal.walk("VEVENT")]
    return cal, vevent


def test_every_participant_gets_the_meeting_with_their_role():
    loaded, plan = solved()
    export = build_meeting_invites(loaded.problem, plan, loaded.emails, OFFICE, "test-2025", now=NOW)
    cal, vevent = event(export.files["政务公开工作推进会/王主任.ics"])
    assert str(cal["METHOD"]) == "REQUEST" and str(vevent["SUMMARY"]) == "政务公开工作推进会"
    roles = {str(a.params["CN"]): str(a.params["ROLE"]) for a in vevent["ATTENDEE"]}
    assert roles["王主任"] == "REQ-PARTICIPANT" and roles["赵科员"] == "OPT-PARTICIPANT"
    assert roles["区财政局"] == "REQ-PARTICIPANT"
    assert all(str(a).endswith("@example.org") for a in vevent["ATTENDEE"])
    placed = plan.by_title()["政务公开工作推进会"]
    assert vevent["DTSTART"].dt.replace(tzinfo=None) == placed.start and str(vevent["LOCATION"]) == placed.room
    people = {path.split("/")[1] for path in export.files if path.startswith("政务公开工作推进会/")}
    assert people == {
        f"{n}.ics" for n in ("王主任", "李科长", "区财政局", "区自然资源局", "区发改委", "赵科员", "孙科员")
    }


def test_regenerating_unchanged_gives_identical_files():
    loaded, plan = solved()
    first = build_meeting_invites(loaded.problem, plan, loaded.emails, OFFICE, "test-2025", now=NOW)
    again = build_meeting_invites(
        loaded.problem, plan, loaded.emails, OFFICE, "test-2025", first.files[STATE_FILE], now=NOW + timedelta(days=1)
    )
    assert again.files == first.files
    assert {kind for changes in again.changes.values() for _, kind in changes} == {"unchanged"}


def test_a_moved_meeting_updates_its_people_and_a_dropped_person_is_cancelled():
    loaded, plan = solved()
    first = build_meeting_invites(loaded.problem, plan, loaded.emails, OFFICE, "test-2025", now=NOW)
    moved = Plan(
        tuple(replace(p, start=p.start + timedelta(days=1)) if p.title == "答疑会" else p for p in plan.placements)
    )
    session = loaded.problem.session("网站栏目设置讨论")
    fewer = replace(session, attendees=tuple(a for a in session.attendees if a.name != "李科长"))
    problem = loaded.problem.replace(
        sessions=tuple(fewer if s.title == session.title else s for s in loaded.problem.sessions)
    )
    later = NOW + timedelta(days=1)
    second = build_meeting_invites(problem, moved, loaded.emails, OFFICE, "test-2025", first.files[STATE_FILE], later)
    _, before = event(first.files["答疑会/李科长.ics"])
    _, after = event(second.files["答疑会/李科长.ics"])
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1 and after["DTSTART"].dt == before["DTSTART"].dt + timedelta(
        days=1
    )
    assert dict(second.changes["答疑会"]) == {"李科长": "updated", "柏庄镇政府": "updated", "赵科员": "updated"}
    cal, cancel = event(second.files["网站栏目设置讨论/李科长.ics"])
    assert str(cal["METHOD"]) == "CANCEL" and str(cancel["STATUS"]) == "CANCELLED"
    assert ("李科长", "cancelled") in second.changes["网站栏目设置讨论"]
    assert second.files["政务公开工作推进会/王主任.ics"] == first.files["政务公开工作推进会/王主任.ics"]


def test_a_meeting_no_longer_held_is_cancelled_for_everyone():
    loaded, plan = solved()
    first = build_meeting_invites(loaded.problem, plan, loaded.emails, OFFICE, "test-2025", now=NOW)
    without = Plan(tuple(p if p.title != "答疑会" else Placement(p.title, None, None) for p in plan.placements))
    second = build_meeting_invites(loaded.problem, without, loaded.emails, OFFICE, "test-2025", first.files[STATE_FILE])
    assert dict(second.changes["答疑会"]) == {"李科长": "cancelled", "柏庄镇政府": "cancelled", "赵科员": "cancelled"}
    for name in ("李科长", "柏庄镇政府", "赵科员"):
        cal, _ = event(second.files[f"答疑会/{name}.ics"])
        assert str(cal["METHOD"]) == "CANCEL"
