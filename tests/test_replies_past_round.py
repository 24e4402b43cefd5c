"""Last round's mails in this round's mailbox (QA qareuse22 F2, F4): a mail dated and delivered well before
this campaign first mailed the invitee (a year before, last round's) is not filed against this round's
invite, though it names the same UID and Message-ID (the campaign id kept) or the same SUMMARY (a new id):
no answer counted, no letter to read by hand, no bounce holding back this round's mail."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from tests import reply_mails as shapes
from tests.replies_helpers import answer, campaign, row, run

LAST_YEAR = datetime(2020, 9, 7, 2, 0, tzinfo=UTC)  # a year before campaign()'s mailing (2021-09-06 08:00 UTC)


def _dated(mail: bytes, moment: datetime) -> bytes:
    """``mail`` with its Date header set to ``moment``."""
    from email.utils import format_datetime

    return re.sub(rb"(?m)^Date: [^\r\n]*", b"Date: " + format_datetime(moment).encode(), mail, count=1)


def _delivered(path: Path, mails: list[bytes], moment: datetime) -> Path:
    """A Maildir holding ``mails``, each delivered at ``moment`` (the seconds its name starts with)."""
    for sub in ("new", "cur", "tmp"):
        (path / sub).mkdir(parents=True, exist_ok=True)
    for number, mail in enumerate(mails):
        (path / "cur" / f"{int(moment.timestamp()) + number}.M{number}P1.test:2,S").write_bytes(mail)
    return path


def test_last_rounds_answers_letters_and_bounces_are_not_this_rounds(example, tmp_path):
    invites = campaign(example)
    fiscal, street = invites["区财政局"], invites["曙光路街道办事处"]
    declined = answer(fiscal, partstat="DECLINED", comment="去年来不了", stamp=LAST_YEAR)
    letter = shapes.plain_reply(
        fiscal.attendee.address or "",
        "回复：邀请：基层政务公开标准对接：区财政局",
        "能否改到下午？",
        "<lastyear-letter@example.org>",
        in_reply_to="<lastyear-invite@example.org>",
    )
    returned = shapes.invite_mail(street.attendee.address or "", f"<{street.uid}.0@example.org>", street.data)
    mails = [shapes.outlook(declined), letter, shapes.bounce(returned, street.attendee.address or "")]
    box = _delivered(tmp_path / "Maildir", [_dated(m, LAST_YEAR) for m in mails], LAST_YEAR)
    result = run("replies", str(example / "notice_2021.csv"), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    assert "未答复" in row(result.output, "区财政局") and "拒绝" not in row(result.output, "区财政局")
    assert "有邮件待人工查看" not in result.output and "邀请被退回" not in result.output
    assert "未答复" in row(result.output, "曙光路街道办事处")


def test_a_mail_from_a_wrong_clock_delivered_now_still_counts(example, tmp_path):
    """Only a mail whose every time (its Date and its delivery) is before the mailing is last round's: a PC
    whose clock is a year behind still answers this round (its delivery time is right)."""
    invites = campaign(example)
    declined = answer(invites["区财政局"], partstat="DECLINED", comment="来不了", stamp=LAST_YEAR)
    box = _delivered(tmp_path / "Maildir", [_dated(shapes.outlook(declined), LAST_YEAR)], datetime.now(UTC))
    result = run("replies", str(example / "notice_2021.csv"), "--maildir", str(box))
    assert "拒绝" in row(result.output, "区财政局"), result.output


def test_an_answer_to_last_rounds_time_under_the_same_uid_is_not_this_rounds(example, tmp_path):
    """F4 with the mails delivered today (copied into the mailbox): last year's answer names this UID and
    SEQUENCE 0 (the campaign id kept), but its DTSTART is last year's time, months from any time mailed."""
    invites = campaign(example)
    fiscal = invites["区财政局"]
    last_year = fiscal.start.replace(year=2020, tzinfo=None)
    declined = answer(fiscal, partstat="DECLINED", comment="去年来不了", start=last_year)
    box = _delivered(tmp_path / "Maildir", [shapes.outlook(declined)], datetime.now(UTC))
    result = run("replies", str(example / "notice_2021.csv"), "--maildir", str(box))
    assert "未答复" in row(result.output, "区财政局"), result.output
    moved = answer(
        fiscal, partstat="DECLINED", comment="改时间也来不了", start=fiscal.start.replace(tzinfo=None, hour=9)
    )
    box = _delivered(tmp_path / "Maildir2", [shapes.outlook(moved)], datetime.now(UTC))
    result = run("replies", str(example / "notice_2021.csv"), "--maildir", str(box))
    assert "拒绝" in row(result.output, "区财政局"), result.output  # an hour off is no other round
