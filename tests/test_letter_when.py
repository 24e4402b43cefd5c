"""The letter says the zone and the year its times leave out (QA timecal14 L5): every campaign names its
zone, Asia/Shanghai as 北京时间 (QA qadst23 F7: an invite reaches people abroad); a meeting in another
year than the letter's date names its year."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main


def _letters(folder: Path, zone: str, now: str) -> list[str]:
    (folder / "m.csv").write_text("会议,时长,参会人员\n周会,1小时,王主任\n", encoding="utf-8")
    (folder / "people.csv").write_text("姓名,邮箱\n王主任,wang@example.org\n", encoding="utf-8")
    (folder / "m.toml").write_text(
        f'people = "people.csv"\ntimezone = "{zone}"\ndays = ["2027-01-04"]\nhours = ["9:00-12:00"]\n'
        '[[rooms]]\nname = "会议室"\n[invites]\ncampaign = "letter-test"\n'
        '[invites.organizer]\nname = "办公室"\nemail = "office@example.org"\n',
        encoding="utf-8",
    )
    out, eml = folder / "out", folder / "eml"
    assert CliRunner().invoke(main, ["solve", str(folder / "m.csv"), "--out", str(out)]).exit_code == 0
    epoch = {"2027": "1798804800", "2026": "1796126400"}[now[:4]]  # the letter's Date, noon UTC that day
    args = ["send", str(out / "timetable.csv"), "--dry-run", str(eml), "--now", now]
    sent = CliRunner().invoke(main, args, env={"SOURCE_DATE_EPOCH": epoch})
    assert sent.exit_code == 0, sent.output
    texts = []
    for path in sorted(eml.rglob("*.eml")):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        assert isinstance(message, EmailMessage)
        body = message.get_body(("plain",))
        assert body is not None
        texts.append(str(body.get_content()))
    return texts


@pytest.mark.parametrize(
    ("zone", "now", "said", "unsaid"),
    [
        ("America/New_York", "2027-01-01T00:00-05:00", "以上时间为 America/New_York 当地时间。", "日期在"),
        ("Asia/Shanghai", "2026-12-01T00:00+08:00", "以上为北京时间。日期在 2027 年。", "当地时间"),
        ("Asia/Shanghai", "2027-01-01T00:00+08:00", "以上为北京时间。", "日期在"),
    ],
)
def test_the_letter_names_what_its_times_leave_out(tmp_path: Path, zone: str, now: str, said: str, unsaid: str) -> None:
    letters = _letters(tmp_path, zone, now)
    assert letters and all(said in text and unsaid not in text for text in letters)


def test_the_year_line_covers_the_deadlines_it_lists() -> None:
    """QA qareuse22 F5: a letter dated in another year than the meeting said "日期在 <the meeting's year> 年"
    over deadlines of the next year too; it says the meeting's year and the deadlines' years apart."""
    from datetime import datetime

    from scheduler.mail.message import compose
    from tests.invite_helpers import by_unit, notice_export

    invite = by_unit(notice_export())["区自然资源局"]  # 9月8日 2021; its deadlines run to 2022-06-30
    assert invite.deadlines is not None and b"DTSTART;VALUE=DATE:2022" in invite.deadlines
    letter = compose(invite, datetime.fromisoformat("2020-12-15T09:00:00+08:00")).data.decode()
    message = message_from_bytes(letter.encode(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    body = str(message.get_body(("plain",)).get_content())  # type: ignore[union-attr]
    assert "会议在 2021 年；时间节点在 2021、2022 年。" in body and "日期在 2021 年" not in body
