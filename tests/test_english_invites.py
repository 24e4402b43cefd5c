"""An English table's invites, letters and reminders are English (QA qaeng22 F1, F4): ``[invites] language``
says which (``zh`` or ``en``), by default the table's (English headers: English invites); a Chinese table's
stay Chinese, byte for byte (the 2021 notice's: ``tests/test_unit_addresses.py`` compares them)."""

from __future__ import annotations

import email
import re
import shutil
from email.message import Message as Mail
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main

DATA = Path(__file__).parent / "data"
HAN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")  # CJK words and full-width punctuation


def _run(*args: object, now: str = "2026-08-01T08:00+01:00") -> str:
    env = {"DOCKING_LANG": "en", "DOCKING_NOW": now}
    result = CliRunner().invoke(main, [str(a) for a in args], env=env)
    assert result.exit_code == 0, result.output
    return result.output


def _copy(folder: str, tmp_path: Path) -> Path:
    for path in (DATA / folder).iterdir():
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def _mails(folder: Path) -> list[Mail]:
    return [email.message_from_bytes(path.read_bytes()) for path in sorted(folder.rglob("*.eml"))]


def _parts(mail: Mail) -> tuple[str, str]:
    """The letter and the attached invite of ``mail``, decoded."""
    letter = calendar = ""
    for part in mail.walk():
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        if part.get_content_type() == "text/plain":
            letter = payload.decode()
        elif part.get_filename() == "invite.ics":
            calendar = payload.decode()
    return letter, calendar


def _school(tmp_path: Path, language: str | None = None) -> tuple[Path, list[Mail]]:
    folder = _copy("english_school", tmp_path)
    if language is not None:
        rules = folder / "meetings.toml"
        rules.write_text(rules.read_text().replace("[invites]\n", f'[invites]\nlanguage = "{language}"\n'))
    _run("solve", folder / "meetings.csv", "--out", folder / "out", "--time-limit", "5")
    _run("send", folder / "out" / "timetable.csv", "--dry-run", folder / "eml")
    return folder, _mails(folder / "eml")


def test_an_english_meeting_tables_invites_and_letters_are_english(tmp_path):
    _folder, mails = _school(tmp_path)
    assert mails
    for mail in mails:
        subject = str(email.header.make_header(email.header.decode_header(mail["Subject"])))
        letter, calendar = _parts(mail)
        assert subject.startswith("Invitation: "), subject
        assert letter.startswith("Dear ") and "Required: " in letter, letter
        assert "PRODID:-//docking-scheduler//invites//EN" in calendar
        assert "starts in 30 minutes" in calendar
        assert not HAN.search(subject + letter + calendar), (subject, letter, calendar)
    board = next(_parts(m)[0] for m in mails if "Board of Governors" in _parts(m)[0])
    assert "Dr. Smith, José Álvarez, Siobhan O'Brien" in board  # an English list, not 、
    assert re.search(r"Time: Sep \d 9:\d\d-1\d:\d\d \(2 hours\)", board), board


def test_an_english_tables_invites_can_be_chinese(tmp_path):
    _folder, mails = _school(tmp_path, "zh")
    letter, calendar = _parts(mails[0])
    assert "您好！" in letter and "PRODID:-//docking-scheduler//invites//ZH" in calendar


def test_an_unknown_invites_language_is_refused_on_its_line(tmp_path):
    folder = _copy("english_school", tmp_path)
    rules = folder / "meetings.toml"
    rules.write_text(rules.read_text().replace("[invites]\n", '[invites]\nlanguage = "fr"\n'))
    args = ["solve", str(folder / "meetings.csv"), "--out", str(folder / "out"), "--time-limit", "5"]
    result = CliRunner().invoke(main, args, env={"DOCKING_LANG": "en"})
    assert result.exit_code == 2
    (line,) = result.output.strip().splitlines()
    assert "invites.language" in line and "'fr'" in line and '"en"' in line, line


def test_an_english_unit_tables_templates_give_an_english_invite(tmp_path):
    folder = _copy("english_visits", tmp_path)
    now = "2021-09-01T08:00+01:00"
    _run("solve", folder / "visits.csv", "--out", folder / "out", now=now)
    _run("send", folder / "out" / "timetable.csv", "--dry-run", folder / "eml", now=now)
    mails = _mails(folder / "eml")
    assert len(mails) == 7
    for mail in mails:
        letter, calendar = _parts(mail)
        assert re.search(r"When: Sep \d 1?\d:00 to 1?\d:00", letter), letter
        assert "Starting soon: Visit: " in calendar
        assert not HAN.search(letter + calendar), (letter, calendar)
    greetings = {_parts(m)[0].splitlines()[0] for m in mails}
    # the person, then the unit (QA qadst23 F6: "Dear Finance Office Jane Doe," was the Chinese pattern)
    assert {"Dear Jane Doe (Finance Office),", "Dear Pat O'Brien (O'Brien & Sons Catering),"} <= greetings


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_rescheduled_timetables_letters_are_in_the_invites_language(tmp_path, language):
    folder, _mails_sent = _school(tmp_path, language)
    out = folder / "out"
    moved = folder / "moved"
    _run("reschedule", out / "timetable.csv", "--unavailable", "Dr. Smith@Sep 2", "--out", moved, "--time-limit", "5")
    _run("send", moved / "timetable.csv", "--dry-run", folder / "upd")
    updates = _mails(folder / "upd")
    assert updates
    letters = "".join(_parts(m)[0] for m in updates)
    assert bool(HAN.search(letters)) == (language == "zh"), letters


@pytest.mark.parametrize(("key", "value"), [("summary", '"School: {title}"'), ("description", '"""When: {time}"""')])
def test_a_meeting_tables_invite_template_is_refused_not_ignored(tmp_path, key, value):
    """QA qaeng22 F12: accepted and silently ignored before (a meeting's invite text is fixed)."""
    folder = _copy("english_school", tmp_path)
    rules = folder / "meetings.toml"
    rules.write_text(rules.read_text().replace("[invites]\n", f"[invites]\n{key} = {value}\n"))
    args = ["solve", str(folder / "meetings.csv"), "--out", str(folder / "out"), "--time-limit", "5"]
    result = CliRunner().invoke(main, args, env={"DOCKING_LANG": "en"})
    assert result.exit_code == 2, result.output
    (line,) = result.output.strip().splitlines()
    assert f"invites.{key}" in line and "unit table's invite template" in line, line
    assert not (folder / "out").exists()


@pytest.mark.parametrize(
    ("lang", "contact", "first"),
    [
        ("en", "Jane Doe", "Dear Jane Doe (Finance Office),"),
        ("en", "", "Dear Finance Office,"),
        ("zh", "陈某", "Finance Office 陈某："),
    ],
)
def test_a_reminder_greets_as_the_letter_does(lang, contact, first):
    """QA qadst23 F6: one greeting for letters and reminders; an English reminder began
    "Finance Office Jane Doe：" (a full-width colon) and then "Hello,"."""
    from datetime import UTC, date, datetime

    from scheduler.invites.calendar import Invite
    from scheduler.invites.state import Person
    from scheduler.replies.remind import ANSWER, Due, _body
    from scheduler.text.messages import invites_in

    start = datetime(2027, 7, 6, 9, tzinfo=UTC)
    person, office = Person("Finance Office", "finance@example.org"), Person("Office", "office@example.org")
    invite = Invite(
        "Finance Office", person, contact, office, "u1", 1, "REQUEST", "new", start, start, "Room 1", "a.ics", b""
    )
    with invites_in(lang):
        _, letter = _body(Due(ANSWER, invite, "u1", 1), UTC, date(2027, 7, 1), "Visits")
    lines = letter.splitlines()
    assert lines[0] == first and "Hello," not in letter
    assert ("您好！" in letter) == (lang == "zh")
