"""Answers filed as spam (QA qaimap26 F5): after reading a folder, ``replies`` searches the server's junk
folders (marked ``\\Junk``, RFC 6154, or named 垃圾邮件 / Junk / Spam) for mails from invited addresses
since the campaign's first send, and says how many lie there and the ``--folder`` to read them; nothing
fetched there, nothing marked read. On a real Dovecot."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

import pytest

from tests import reply_mails as shapes
from tests.imap_helpers import DOVECOT, PASSWORD, USER, start_dovecot
from tests.replies_helpers import answer, campaign, row, run

pytestmark = pytest.mark.skipif(
    shutil.which(DOVECOT) is None, reason="dovecot-imapd is not installed (.ci/run installs it)"
)
BULK = "separator = /\n  mailbox Bulk {\n    special_use = \\Junk\n  }"
"""A junk folder by its special use alone (a name no list of junk names holds)."""


@pytest.fixture
def dovecot(tmp_path_factory):
    server = start_dovecot(tmp_path_factory.mktemp("dovecot"), namespace=BULK)
    yield server
    server.stop()


def replies(server, table, folder):
    options = ["--imap-host", "127.0.0.1", "--user", USER, "--imap-port", str(server.imap_port), "--insecure-plain"]
    env = {"DOCKING_IMAP_PASSWORD": PASSWORD, "DOCKING_SMTP_PASSWORD": None}
    return run("replies", str(table), *options, "--folder", folder, env=env)


def test_answers_in_junk_folders_are_counted_and_the_folder_to_read_named(dovecot, example):
    table, invites = example / "notice_2021.csv", campaign(example)
    dovecot.deliver(shapes.outlook(answer(invites["区司法局"])), folder="答复")
    dovecot.deliver(
        shapes.outlook(answer(invites["区财政局"], partstat="DECLINED")),
        shapes.gmail(answer(invites["区发改委"])),
        shapes.plain_mail("someone@example.org", "发票"),  # not from an invited address
        folder="Junk",
    )
    before = datetime(2021, 9, 1, 9, 0, tzinfo=UTC)  # before the campaign's first send: not counted
    dovecot.deliver(shapes.outlook(answer(invites["区民政局"])), folder="Junk", at=before)
    dovecot.deliver(shapes.foxmail(answer(invites["区民政局"], partstat="TENTATIVE")), folder="垃圾邮件")
    dovecot.deliver(shapes.apple(answer(invites["区教育局"])), folder="Bulk")
    dovecot.deliver(shapes.apple(answer(invites["区卫健委"])), folder="Archive")  # not junk: not searched
    result = replies(dovecot, table, "答复")
    assert result.exit_code == 0, result.output
    said = [line for line in result.output.splitlines() if line.startswith("垃圾邮件文件夹")]
    assert sorted(said) == sorted(
        f"垃圾邮件文件夹“{name}”中有 {n} 封来自受邀地址的邮件（活动首次发送以来），可能是答复，未读取："
        f"请用 --folder {name} 读取"
        for name, n in (("Junk", 2), ("垃圾邮件", 1), ("Bulk", 1))
    ), result.output
    assert "接受" in row(result.output, "区司法局") and "未答复" in row(result.output, "区财政局")
    for folder in ("Junk", "垃圾邮件", "Bulk"):
        flags = dovecot.flags(folder)
        assert flags and not any("\\Seen" in f for f in flags), (folder, flags)  # nothing marked read
    junk = replies(dovecot, table, "Junk")  # the line's own option reads them
    assert junk.exit_code == 0, junk.output
    assert "拒绝" in row(junk.output, "区财政局") and "接受" in row(junk.output, "区发改委")
    assert "垃圾邮件文件夹“Junk”" not in junk.output  # the folder read is not hinted at


def test_no_line_when_the_junk_folders_hold_nothing_from_invited_addresses(dovecot, example):
    table, invites = example / "notice_2021.csv", campaign(example)
    dovecot.deliver(shapes.outlook(answer(invites["区司法局"])), folder="答复")
    dovecot.deliver(shapes.plain_mail("someone@example.org", "发票"), folder="Spam")
    result = replies(dovecot, table, "答复")
    assert result.exit_code == 0, result.output
    assert "垃圾邮件文件夹" not in result.output
