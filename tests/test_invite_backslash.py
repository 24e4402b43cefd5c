"""A backslash in any text of an invite is a backslash (QA calendar report, M1): a room ``C:\\会议室\\New楼``
or a unit ``区财政局\\N科`` reaches the calendar, the letter ``send`` writes, a state rebuilt from the files
and the page's calendar feed exactly as typed; before, ``\\N`` became a line break everywhere and ``send``
then refused the whole campaign."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

from click.testing import CliRunner
from icalendar import Calendar

from scheduler.cli.main import main
from scheduler.invites.folder import read_invites
from tests.conftest import edit

ROOM = "C:\\会议室\\New楼\\420;A,B"
UNIT = "区财政局\\N科"


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], env={"SOURCE_DATE_EPOCH": "1630915200"})


def _with_backslashes(example: Path) -> Path:
    edit(example / "notice_2021.toml", 'name = "区政府420房间"', 'name = "' + ROOM.replace("\\", "\\\\") + '"')
    edit(example / "notice_2021.csv", ",区财政局", "," + UNIT)
    edit(example / "contacts_2021.csv", "区财政局,", UNIT + ",")
    return example / "notice_2021.csv"


def _event(data: bytes):
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    return event


def test_a_backslash_n_in_a_room_or_a_unit_reaches_calendar_letter_and_feed_whole(example, tmp_path):
    table = _with_backslashes(example)
    out = tmp_path / "invites"
    result = run("ics", table, "--out", out)
    assert result.exit_code == 0, result.output
    (invite,) = [i for i in read_invites(out) if i.unit == UNIT]
    event = _event(invite.data)
    assert str(event["LOCATION"]) == ROOM and UNIT in str(event["SUMMARY"]) and "\n" not in str(event["SUMMARY"])
    assert ROOM in str(event["DESCRIPTION"])
    office = Calendar.from_ical((out / "office.ics").read_bytes()).walk("VEVENT")
    assert any(str(e.get("LOCATION")) == ROOM for e in office)
    mails = tmp_path / "mail"
    sent = run("send", table, "--invites", out, "--dry-run", mails)
    assert sent.exit_code == 0, sent.output  # every unit, 区财政局\N科 too: no "line break in the name"
    letters = {}
    for path in mails.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        letters[str(message["To"])] = message.get_body(("plain",)).get_content()
    (letter,) = [text for to, text in letters.items() if "czj" in to or UNIT in to]
    assert f"地点：{ROOM}" in letter and UNIT in letter


def test_a_state_rebuilt_from_files_with_backslashes_changes_nothing(example, tmp_path):
    table = _with_backslashes(example)
    out = tmp_path / "invites"
    assert run("ics", table, "--out", out).exit_code == 0
    before = {p: p.read_bytes() for p in sorted(out.rglob("*.ics"))}
    (out / "state.json").unlink()
    again = run("ics", table, "--out", out)
    assert again.exit_code == 0 and "新建 0，更新 0，取消 0" in again.output, again.output
    assert {p: p.read_bytes() for p in sorted(out.rglob("*.ics"))} == before


def test_the_pages_feed_keeps_a_backslash(example, tmp_path):
    from scheduler.web.feeds import feed

    table = _with_backslashes(example)
    out = tmp_path / "invites"
    assert run("ics", table, "--out", out).exit_code == 0
    (invite,) = [i for i in read_invites(out) if i.unit == UNIT]
    calendar = Calendar.from_ical(feed(invite))
    assert str(calendar["METHOD"]) == "PUBLISH"
    events = calendar.walk("VEVENT")
    assert str(events[0]["LOCATION"]) == ROOM and "ATTENDEE" not in events[0]
    assert len(events) == 1 + len(Calendar.from_ical(invite.deadlines).walk("VEVENT"))
    assert len(calendar.walk("VTIMEZONE")) == 1
