"""Our own mailbox filling up mid-campaign (QA qaimap26 F4): the units' answers to a full mailbox bounce back
to them, so ``replies`` says how full it is when the server offers QUOTA (a real Dovecot with the quota
plugin), in one line, and nothing when it has room."""

from __future__ import annotations

import imaplib
import shutil

import pytest

from scheduler.replies.imap import mailbox_name
from scheduler.replies.mailboxes import Quota
from scheduler.replies.report import quota_line
from scheduler.text.messages import render
from tests import reply_mails as shapes
from tests.imap_helpers import DOVECOT, PASSWORD, USER, start_dovecot
from tests.replies_helpers import answer, campaign, row, run


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    if shutil.which(DOVECOT) is None:
        pytest.skip("dovecot-imapd is not installed")
    server = start_dovecot(tmp_path_factory.mktemp("dovecot-quota"), quota_kb=40)
    yield server
    server.stop()


def replies(server, table, *args):
    options = ["--imap-host", "127.0.0.1", "--imap-port", str(server.imaps_port), "--user", USER]
    env = {"DOCKING_IMAP_PASSWORD": PASSWORD, "DOCKING_SMTP_PASSWORD": None}
    return run("replies", str(table), *options, "--cafile", str(server.cafile), *args, env=env)


def test_a_mailbox_filling_up_is_said_and_a_full_one_says_answers_bounce(small, example):
    table, invites = example / "notice_2021.csv", campaign(example)
    units = list(invites)
    imap = small.client()
    refused = []
    try:
        for unit in units:
            mail = shapes.outlook(answer(invites[unit]))
            status, _data = imap.append(mailbox_name("INBOX"), None, None, mail)
            if status != "OK":
                refused.append(unit)
    except imaplib.IMAP4.error as exc:  # imaplib raises for NO on APPEND in some versions
        refused.append(str(exc))
    finally:
        imap.logout()
    assert refused, "the quota of 40 KB should have refused some of 29 answers"
    result = replies(small, table)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "邮箱已满" in line or "邮箱已用" in line]
    assert len(lines) == 1, result.output
    assert "答复" in lines[0] and "退回" in lines[0] and "/ 40 KB" in lines[0], lines
    assert "接受" in row(result.output, units[0])


def test_the_line_only_when_nearly_full_and_in_the_webmail_s_units():
    assert quota_line(None) is None
    assert quota_line(Quota("STORAGE", 1_700_000, 2 * 1024 * 1024)) is None  # 81 %: nothing said
    nearly = render(quota_line(Quota("STORAGE", 1_950_000, 2 * 1024 * 1024)), "zh")
    assert nearly.startswith("邮箱已用 1.9 GB / 2 GB（92%）：邮箱满后，各单位的答复会被退回给对方而不会到达"), nearly
    full = render(quota_line(Quota("STORAGE", 40, 40)), "zh")
    assert full.startswith("邮箱已满（已用 40 KB / 40 KB）：各单位的答复正被退回给对方"), full
    mails = render(quota_line(Quota("MESSAGE", 995, 1000)), "en")
    assert mails.startswith("the mailbox holds 995 mails of 1000 mails (99%)"), mails
