"""Addresses given to the invite builders in code (a service's own contacts, no contacts file) are checked
as a contacts table's cells are: a clear ArgumentError naming whose address, never a raw error, and never
an address holding a line break kept for a host's mailer (QA embed16 6)."""

import random
import string
from datetime import UTC, datetime
from pathlib import Path

import pytest

import scheduler
from scheduler.errors import ArgumentError
from scheduler.files.addresses import _PLAIN, AddressError, check_address, checked_fully
from scheduler.files.contacts import Contact
from scheduler.files.meeting_files import load_meetings
from scheduler.invites.calendar import InviteSettings, build_invites
from scheduler.invites.meetings import build_meeting_invites
from scheduler.invites.state import Person
from scheduler.meetings.planner import solve_meetings

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = InviteSettings("c1", Person("办公室", "office@example.org"))
NOW = datetime(2021, 9, 1, tzinfo=UTC)
BAD = {
    "nobody": "no '@'",
    "a@b@c": "one address",
    "x@example.org\r\nBcc: evil@example.org": "line break",
}


@pytest.fixture(scope="module")
def notice():
    loaded = scheduler.load(ROOT / "examples" / "notice_2021.csv")
    return loaded.problem, scheduler.solve(loaded.problem, time_limit=10).require()


@pytest.mark.parametrize("address", list(BAD))
def test_a_units_bad_address_is_refused_naming_the_unit(notice, address):
    problem, timetable = notice
    with pytest.raises(ArgumentError) as caught:
        build_invites(problem, timetable, SETTINGS, {"区财政局": Contact("区财政局", address)}, None, NOW)
    said = caught.value.text("en")
    assert "区财政局" in said and BAD[address] in said and "\n" not in said


def test_a_bad_delegate_or_organizer_is_refused_too(notice):
    problem, timetable = notice
    with pytest.raises(ArgumentError, match="区财政局"):
        contact = Contact("区财政局", "cz@example.org", delegates=("x y@example.org",))
        build_invites(problem, timetable, SETTINGS, {"区财政局": contact}, None, NOW)
    organizer = InviteSettings("c1", Person("办公室", "office@example.org\nBcc: x@example.org"))
    with pytest.raises(ArgumentError, match="办公室"):
        build_invites(problem, timetable, organizer, {}, None, NOW)


def test_a_persons_bad_address_is_refused_by_the_meeting_invites():
    loaded = load_meetings(ROOT / "examples" / "meetings_2025.csv")
    plan = solve_meetings(loaded.problem, time_limit=10).plan
    emails = {**loaded.emails, "王主任": "not an address"}
    with pytest.raises(ArgumentError, match="王主任"):
        build_meeting_invites(loaded.problem, plan, emails, SETTINGS, None, NOW)
    assert build_meeting_invites(loaded.problem, plan, loaded.emails, SETTINGS, None, NOW).invites  # good ones pass


def test_the_quick_look_takes_only_what_the_full_check_takes_unchanged():
    """The plain-address shortcut (1 µs instead of 19) never accepts what the full check refuses or tidies."""
    rng = random.Random(16)
    alphabet = string.ascii_letters + string.digits + "._%+-@" + "A" * 5
    seen = 0
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(3, 20)))
        if rng.random() < 0.5:
            text = text.split("@")[0] + "@" + rng.choice(["example.org", "units.test", "a-b.c.invalid", "x.y"])
        if not _PLAIN.fullmatch(text):
            continue
        seen += 1
        try:
            full = checked_fully(text)
        except AddressError:
            full = "refused"
        assert check_address(text) == text == full
    assert seen > 1000
