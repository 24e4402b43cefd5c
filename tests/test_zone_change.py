"""A campaign whose rules' ``timezone`` changes after its invites were mailed (QA qadst23 F1): every
meeting moves to another instant with the same wall time. The change is compared as instants, named
with both zones' clocks (never "was 8:00", a time nobody was told), and ``send`` refuses to re-mail the
campaign for it without ``--allow-zone-change``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.errors import InputError
from scheduler.invites.calendar import Invite
from scheduler.invites.changes import moved, zone_changed
from scheduler.invites.state import Person
from scheduler.mail.flow import SendRequest, send_invites
from scheduler.mail.message import Before, what_changed
from scheduler.mail.server import PLAIN, Server
from tests.conftest import edit
from tests.invite_helpers import NOTICE

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


def _invite(start: datetime, location: str = "Room 12") -> Invite:
    end = start.replace(minute=start.minute + 30)
    person = Person("Night Desk", "night@example.org")
    office = Person("Office", "office@example.org")
    return Invite("Night Desk", person, "", office, "u1", 1, "REQUEST", "updated", start, end, location, "u1.ics", b"")


CHICAGO, NEW_YORK = ZoneInfo("America/Chicago"), ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("was", "time", "zone"),
    [
        ("2027-11-07T09:00:00-05:00", True, True),  # 9:00 New York, now 9:00 Chicago: an hour later
        ("2027-11-07T10:00:00-05:00", False, True),  # 10:00 New York is 9:00 Chicago: the same instant
        ("2027-11-07T09:00:00-06:00", False, False),  # the same zone, nothing moved
        ("2027-11-07T08:00:00-06:00", True, False),  # the same zone, moved an hour
        ("2027-07-06T09:00:00-04:00", True, True),  # summer in New York (EDT) to November in Chicago
        ("2027-11-07T09:00:00", False, False),  # a hand-edited record without an offset: wall times
        ("2027-11-07T08:00:00", True, False),
        ("2027-11-07T15:00:00+00:00", False, False),  # UTC notation (a record rebuilt from an .ics): no zone
    ],
)
def test_a_change_is_compared_as_instants_and_a_zone_change_is_seen(was: str, time: bool, zone: bool) -> None:
    change = moved(was, "Room 12", _invite(datetime(2027, 11, 7, 9, tzinfo=CHICAGO)))
    assert (change.time, change.zone) == (time, zone)
    told = was if not was.endswith("+00:00") else "2027-11-07T09:00:00-06:00"  # UTC: on the invite's clock
    assert change.was is not None and change.was.isoformat() == told  # as it was told, never converted


def test_the_letter_names_the_zone_change_with_both_clocks_not_a_time_never_told() -> None:
    invite = _invite(datetime(2027, 11, 7, 9, tzinfo=CHICAGO))
    said = what_changed(invite, Before("2027-11-07T09:00:00-05:00", "Room 12"))
    assert "8:00" not in said
    assert said == (
        "本次活动的时区设置已更改（原为 UTC-05:00，现为 America/Chicago），会议时刻随之改变："
        "原定 11月7日 9:00（UTC-05:00），现为 11月7日 9:00（America/Chicago），即 11月7日 10:00（UTC-05:00）。"
    )
    roomed = what_changed(invite, Before("2027-11-07T09:00:00-05:00", "Room 9"))
    assert roomed.endswith("地点原定 Room 9，改为 Room 12。")
    moved_only = what_changed(invite, Before("2027-11-07T08:00:00-06:00", "Room 12"))
    assert moved_only.startswith("原定 11月7日 8:00，改为 11月7日 9:00")  # the same zone: as before


def test_zone_changed_names_the_units_and_both_zones() -> None:
    pairs = [
        (_invite(datetime(2027, 11, 7, 9, tzinfo=CHICAGO)), Before("2027-11-07T09:00:00-05:00", "Room 12")),
        (_invite(datetime(2027, 11, 7, 10, tzinfo=CHICAGO)), Before("2027-11-07T10:00:00-06:00", "Room 12")),
    ]
    found = zone_changed(pairs)
    assert found is not None and found.units == ("Night Desk",) and found.was == ("UTC-05:00",)
    assert found.zone == "America/Chicago"
    assert zone_changed(pairs[1:]) is None


def test_send_refuses_to_re_mail_a_campaign_whose_zone_changed_without_consent(example: Path, servers) -> None:
    server = servers(tls=None)
    target = Server(server.host, server.port, PLAIN, timeout=10)
    assert send_invites(SendRequest(example / NOTICE.name, server=target)).ok
    mailed = len(server.recorder.messages)
    edit(example / "notice_2021.toml", 'timezone = "Asia/Shanghai"', 'timezone = "Asia/Tokyo"')
    with pytest.raises(InputError) as caught:
        send_invites(SendRequest(example / NOTICE.name, server=target))
    said = caught.value.text("en")
    assert "time zone changed since the invites were mailed (they gave times in UTC+08:00, now Asia/Tokyo)" in said
    assert "29 updates move only because of it" in said and "add --allow-zone-change" in said
    assert len(server.recorder.messages) == mailed  # nothing mailed
    report = send_invites(SendRequest(example / NOTICE.name, server=target, allow_zone_change=True))
    assert report.ok and len(report.sent) == 29
    letter = server.recorder.parsed()[-1].get_body(("plain",)).get_content()
    assert "本次活动的时区设置已更改（原为 UTC+08:00，现为 Asia/Tokyo）" in letter


def test_ics_says_the_zone_changed_in_its_why_column_and_once_on_stderr(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = CliRunner().invoke
    assert run(main, ["--lang", "en", "solve", str(example / NOTICE.name), "--out", str(out)]).exit_code == 0
    edit(out / "timetable.toml", 'timezone = "Asia/Shanghai"', 'timezone = "Asia/Tokyo"')
    result = run(main, ["--lang", "en", "ics", str(out / "timetable.csv"), "--out", str(out / "invites")])
    assert result.exit_code == 0, result.output
    assert "time zone changed (UTC+08:00 → Asia/Tokyo): was Sep 8 8:00 UTC+08:00, now Sep 8 7:00 UTC+08:00" in (
        result.stdout
    )
    assert result.stderr.count("Note: the rules' time zone changed") == 1
