"""``replies`` on an office mailbox as it really is (QA qamailbox25), against a real IMAP server (Dovecot on
127.0.0.1, started here): the units' replies to the office's other notices, before and after the invites
were mailed, among the answers and bounces that matter."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime

import pytest

from tests import reply_mails as shapes
from tests.imap_helpers import DOVECOT, PASSWORD, USER, start_dovecot
from tests.replies_helpers import answer, campaign, run

pytestmark = pytest.mark.skipif(
    shutil.which(DOVECOT) is None, reason="dovecot-imapd is not installed (.ci/run installs it)"
)

BEFORE = datetime(2021, 8, 20, 1, 7, tzinfo=UTC)
"""Weeks before the invites were mailed (6 September 2021, 8:00 UTC: ``tests.replies_helpers.campaign``)."""
AFTER = datetime(2021, 9, 7, 1, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def dovecot(tmp_path_factory):
    server = start_dovecot(tmp_path_factory.mktemp("dovecot"))
    yield server
    server.stop()


@pytest.fixture
def sent(example):
    return example / "notice_2021.csv", campaign(example)


def imap(server, table, folder):
    options = ["--imap-host", "127.0.0.1", "--user", USER, "--cafile", str(server.cafile)]
    options += ["--imap-port", str(server.imaps_port), "--folder", folder]
    env = {"DOCKING_IMAP_PASSWORD": PASSWORD, "DOCKING_SMTP_PASSWORD": None}
    return run("replies", str(table), *options, env=env)


def notice_reply(sender: str, words: str, number: int, dated: datetime) -> bytes:
    """A unit's reply to one of the office's OA notices (not our invite), written on ``dated``."""
    mail = shapes.plain_reply(
        sender, f"回复：关于报送第{number}期政务信息的通知", words, f"<oa{number}-{sender}>",
        in_reply_to=f"<notice-{number}@oa.example.test>",
    )  # fmt: skip
    return mail.replace(
        b"Date: Tue, 07 Sep 2021 09:00:00 +0800", dated.strftime("Date: %a, %d %b %Y %H:%M:%S +0000").encode()
    )


def test_replies_to_other_notices_are_said_only_after_the_invite_and_summed_per_unit(dovecot, sent, tmp_path):
    """QA qamailbox25 F1: 333 lines "回复的是别的邮件" on a first run, most for mails written weeks before the
    invite (docs/replies.md promises such a mail is no letter to read), one per mail, burying the bounce.
    Now: the mails before the invite are said nothing of; after it, up to 3 of a unit's are quoted one by
    one, more are summed on one line for the unit; all of them after the lines about the campaign's mails.
    F9: the ledger keeps only the key of each mail said (no subject, sender or words)."""
    table, invites = sent
    folder = "收件箱-f1"
    for number in range(6):  # 区财政局: six replies to notices weeks before the invite
        dovecot.deliver(
            notice_reply("czj@example.org", f"已收到第{number}期", number, BEFORE), folder=folder, at=BEFORE
        )
    dovecot.deliver(notice_reply("czj@example.org", "我局9月8日无法参加对接", 40, AFTER), folder=folder, at=AFTER)
    for number in range(5):  # 区民政局: five after it
        dovecot.deliver(
            notice_reply("mzj@example.org", f"已报送第{number}期", 50 + number, AFTER), folder=folder, at=AFTER
        )
    dovecot.deliver(shapes.outlook(answer(invites["区发改委"])), folder=folder, at=AFTER)
    first = imap(dovecot, table, folder)
    assert first.exit_code == 0, first.output
    lines = first.output.splitlines()
    assert not any("已收到第" in line for line in lines), first.output  # before the invite: nothing said
    (own,) = [line for line in lines if "区财政局 的邮箱，回复的是别的邮件" in line]
    assert "我局9月8日无法参加对接" in own  # after it, one mail of the unit's: quoted
    (summed,) = [line for line in lines if "区民政局" in line and "别的邮件" in line]
    assert "另有 5 封" in summed and "已报送" not in summed, summed
    assert not any("已报送第" in line for line in lines)
    assert "检查 13 封邮件" in first.output
    ledger = [json.loads(line) for line in (table.parent / "replies-ledger.jsonl").read_text("utf-8").splitlines()]
    aside = [line for line in ledger if line.get("aside")]
    assert len(aside) == 6 and all(set(line) == {"v", "kind", "key", "read_at", "aside"} for line in aside), aside
    assert not any("已收到第" in json.dumps(line, ensure_ascii=False) for line in ledger)
    again = imap(dovecot, table, folder)
    assert again.exit_code == 0 and "别的邮件" not in again.output and "检查 0 封邮件" in again.output, again.output
