"""A meeting table whose rules' ``timezone`` changes after its invites were mailed (QA qacamp24 F4): the
same rule as a unit campaign's (tests/test_zone_change.py): every copy whose meeting is now another
instant is an update (SEQUENCE + 1), named with both clocks, and ``send`` refuses to mail them without
``--allow-zone-change``; a change to a zone with the same offset moves nothing and mails nothing."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.errors import InputError
from scheduler.mail.flow import SendRequest, send_invites
from scheduler.mail.server import PLAIN, Server
from tests.conftest import edit

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

NOW = datetime.fromisoformat("2025-07-01T09:00:00+08:00")
SHANGHAI = 'timezone = "Asia/Shanghai"'


@pytest.fixture
def mailed(meetings_example: Path, tmp_path: Path, servers, monkeypatch: pytest.MonkeyPatch):
    """The 2025 meetings solved into a folder and every invite mailed; the folder and the server."""
    monkeypatch.setenv("DOCKING_NOW", NOW.isoformat())
    out = tmp_path / "out"
    solved = CliRunner().invoke(main, ["solve", str(meetings_example / "meetings_2025.csv"), "--out", str(out)])
    assert solved.exit_code == 0, solved.output
    server = servers(tls=None)
    target = Server(server.host, server.port, PLAIN, timeout=10)
    report = send_invites(SendRequest(out / "timetable.csv", server=target, now=NOW))
    assert report.ok and report.sent
    return out, server, target


def _copies(out: Path) -> dict[str, tuple[int, str]]:
    state = json.loads((out / "invites" / "state.json").read_text(encoding="utf-8"))
    return {s["key"] or s["file"]: (s["sequence"], s["start"]) for s in state["invites"] if not s["cancelled"]}


def test_a_zone_change_updates_every_copy_and_send_asks_for_consent(mailed) -> None:
    out, server, target = mailed
    before = _copies(out)
    sent = len(server.recorder.messages)
    edit(out / "timetable.toml", SHANGHAI, 'timezone = "Asia/Urumqi"')  # UTC+6: every meeting 2 hours later
    result = CliRunner().invoke(main, ["ics", str(out / "timetable.csv"), "--out", str(out / "invites")])
    assert result.exit_code == 0, result.output
    assert "更新 0" not in result.stdout and "时区已改（UTC+08:00 → Asia/Urumqi）" in result.stdout
    assert result.stderr.count("时区") >= 1 and "--allow-zone-change" in result.stderr
    after = _copies(out)
    assert after.keys() == before.keys()
    for key, (sequence, start) in after.items():
        assert sequence == before[key][0] + 1, key  # an update, never the same SEQUENCE with another time
        assert start.endswith("+06:00") and start[:19] == before[key][1][:19]  # the same wall time, another zone
    with pytest.raises(InputError) as caught:
        send_invites(SendRequest(out / "timetable.csv", server=target, now=NOW))
    assert "--allow-zone-change" in caught.value.text("en")
    assert len(server.recorder.messages) == sent  # nothing mailed
    report = send_invites(SendRequest(out / "timetable.csv", server=target, now=NOW, allow_zone_change=True))
    mailed_now = server.recorder.parsed()[sent:]
    assert report.ok and len(report.sent) == len(mailed_now) > 0
    letter = mailed_now[0].get_body(("plain",)).get_content()
    assert "本次活动的时区设置已更改（原为 UTC+08:00，现为 Asia/Urumqi）" in letter


def test_putting_the_zone_back_is_an_update_again(mailed) -> None:
    out = mailed[0]
    edit(out / "timetable.toml", SHANGHAI, 'timezone = "Asia/Urumqi"')
    assert CliRunner().invoke(main, ["ics", str(out / "timetable.csv"), "--out", str(out / "invites")]).exit_code == 0
    once = _copies(out)
    edit(out / "timetable.toml", 'timezone = "Asia/Urumqi"', SHANGHAI)
    result = CliRunner().invoke(main, ["ics", str(out / "timetable.csv"), "--out", str(out / "invites")])
    assert result.exit_code == 0, result.output
    back = _copies(out)
    assert all(back[k][0] == once[k][0] + 1 and back[k][1].endswith("+08:00") for k in back)


def test_a_zone_of_the_same_offset_moves_no_meeting_and_mails_nothing(mailed) -> None:
    out, server, target = mailed
    before = _copies(out)
    sent = len(server.recorder.messages)
    edit(out / "timetable.toml", SHANGHAI, 'timezone = "Asia/Hong_Kong"')  # UTC+8 too: the same instants
    result = CliRunner().invoke(main, ["ics", str(out / "timetable.csv"), "--out", str(out / "invites")])
    assert result.exit_code == 0, result.output
    assert {k: s for k, (s, _) in _copies(out).items()} == {k: s for k, (s, _) in before.items()}
    assert "--allow-zone-change" not in result.stderr
    report = send_invites(SendRequest(out / "timetable.csv", server=target, now=NOW))
    assert not report.sent and len(server.recorder.messages) == sent


def test_a_cancellation_after_an_unmailed_zone_change_names_the_time_its_people_were_told(mailed) -> None:
    """QA qacamp24 F4, continued: the zone changed and exported (not mailed), then put back while a meeting
    is called off: its cancellation must name the time its people were mailed, not the unmailed export's."""
    out, server, target = mailed
    state = json.loads((out / "invites" / "state.json").read_text(encoding="utf-8"))
    told = next(s["start"] for s in state["invites"] if s["file"].startswith("答疑会/"))
    edit(out / "timetable.toml", SHANGHAI, 'timezone = "Asia/Urumqi"')
    assert CliRunner().invoke(main, ["ics", str(out / "timetable.csv"), "--out", str(out / "invites")]).exit_code == 0
    edit(out / "timetable.toml", 'timezone = "Asia/Urumqi"', SHANGHAI)
    table = out / "timetable.csv"
    rows = table.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    table.write_text("".join(r for r in rows if "答疑会" not in r), encoding="utf-8-sig")  # called off
    result = CliRunner().invoke(main, ["ics", str(table), "--out", str(out / "invites")])
    assert result.exit_code == 0, result.output
    cancels = sorted((out / "invites" / "答疑会").glob("*.ics"))
    assert cancels
    clock = datetime.fromisoformat(told).strftime("%Y%m%dT%H%M%S")
    for path in cancels:
        data = path.read_text(encoding="utf-8")
        assert "METHOD:CANCEL" in data and f"DTSTART;TZID=Asia/Shanghai:{clock}" in data, path.name
    sent = len(server.recorder.messages)
    report = send_invites(SendRequest(table, server=target, now=NOW))
    assert report.ok and len(server.recorder.messages) > sent
    letters = [m.get_body(("plain",)).get_content() for m in server.recorder.parsed()[sent:]]
    said = datetime.fromisoformat(told)
    shown = f"{said.month}月{said.day}日 {said.hour}:{said.minute:02d}"
    cancelled = [text for text in letters if "现已取消" in text]
    assert cancelled and all(shown in text for text in cancelled)
