"""Answers that leave the folder while ``replies`` reads it (a clerk filing them in Foxmail or Outlook while
the scheduled run reads): said, with where to look, on a real Dovecot and on a Maildir (QA qaimap26 F1)."""

from __future__ import annotations

import mailbox
import shutil

import pytest

import scheduler.replies.mailboxes as mailboxes
from scheduler.replies.imap import mailbox_name
from tests import reply_mails as shapes
from tests.imap_helpers import DOVECOT, PASSWORD, USER, start_dovecot
from tests.imap_proxy import ImapProxy
from tests.replies_helpers import answer, campaign, maildir, row, run

needs_dovecot = pytest.mark.skipif(
    shutil.which(DOVECOT) is None, reason="dovecot-imapd is not installed (.ci/run installs it)"
)


@pytest.fixture(scope="module")
def dovecot(tmp_path_factory):
    if shutil.which(DOVECOT) is None:
        pytest.skip("dovecot-imapd is not installed")
    server = start_dovecot(tmp_path_factory.mktemp("dovecot"))
    yield server
    server.stop()


@pytest.fixture
def sent(example):
    return example / "notice_2021.csv", campaign(example)


def replies(port, table, folder, *args):
    options = ["--imap-host", "127.0.0.1", "--user", USER, "--imap-port", str(port), "--insecure-plain"]
    env = {"DOCKING_IMAP_PASSWORD": PASSWORD, "DOCKING_SMTP_PASSWORD": None}
    return run("replies", str(table), *options, "--folder", folder, *args, env=env)


def moves_before_the_body_fetch(dovecot, folder, uid, to):
    """A proxy's ``client``: just before the first whole-message FETCH, another session moves ``uid`` of
    ``folder`` to ``to`` (UID MOVE, as a mail client filing it does)."""
    done = []

    def client(line):
        if b"BODY.PEEK[]" in line and not done:
            done.append(line)
            imap = dovecot.client()
            try:
                imap.create(mailbox_name(to))
                imap.select(mailbox_name(folder))
                status, data = imap.uid("MOVE", str(uid), mailbox_name(to))
                assert status == "OK", data
            finally:
                imap.logout()
        return None

    return client


@needs_dovecot
@pytest.mark.parametrize("moved", [1, 2, 3])
def test_an_answer_moved_away_while_read_is_said_with_where_to_look_and_read_there(dovecot, sent, moved):
    table, invites = sent
    folder, filed = f"答复-moved-{moved}", f"已处理-{moved}"
    units = ["区民政局", "区司法局", "区教育局"]
    dovecot.deliver(*(shapes.outlook(answer(invites[u], partstat="DECLINED")) for u in units), folder=folder)
    proxy = ImapProxy(dovecot.imap_port, client=moves_before_the_body_fetch(dovecot, folder, moved, filed))
    try:
        result = replies(proxy.port, table, folder)
        again = replies(proxy.port, table, folder)
    finally:
        proxy.close()
    assert result.exit_code == 0, result.output
    said = f"文件夹“{folder}”中 UID {moved} 的邮件在读取时被移走或删除（另一个邮件客户端？）：未读取；"
    assert said in result.output and "请用 --folder 读取那个文件夹" in result.output, result.output
    assert "下次运行再读" not in result.output  # the promise that was false
    gone = units[moved - 1]
    assert "未答复" in row(result.output, gone)
    for unit in units:
        if unit != gone:
            assert "拒绝" in row(result.output, unit)
    assert again.exit_code == 0 and said not in again.output
    elsewhere = replies(dovecot.imap_port, table, filed)  # the advice followed: the answer is read there
    assert elsewhere.exit_code == 0, elsewhere.output
    assert "新的日历答复邮件 1 封" in elsewhere.output and "拒绝" in row(elsewhere.output, gone)


def test_a_maildir_answer_moved_to_another_folder_while_read_is_said(sent, tmp_path, monkeypatch):
    table, invites = sent
    units = ["区民政局", "区司法局", "区农业农村局"]
    box = maildir(tmp_path / "Maildir", *(shapes.outlook(answer(invites[u], partstat="DECLINED")) for u in units))
    keys = sorted(mailbox.Maildir(box, create=False).iterkeys())
    (box / ".已处理" / "cur").mkdir(parents=True)
    (box / ".已处理" / "new").mkdir()
    (box / ".已处理" / "tmp").mkdir()
    real = mailboxes._read
    moved = []

    def read_then_move(handle, limit, known, source):  # the clerk files the 2nd while the 1st is read
        if not moved:
            name = next(p for p in (box / "new").iterdir() if p.name.startswith(keys[1]))
            moved.append(name.rename(box / ".已处理" / "cur" / name.name))
        return real(handle, limit, known, source)

    monkeypatch.setattr(mailboxes, "_read", read_then_move)
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    assert f"{box} 中的邮件 {keys[1]} 在读取时被移走或删除" in result.output, result.output
    assert "未答复" in row(result.output, "区司法局") and "拒绝" in row(result.output, "区农业农村局")
    monkeypatch.setattr(mailboxes, "_read", real)
    there = run("replies", str(table), "--maildir", str(box), "--folder", "已处理")
    assert there.exit_code == 0 and "拒绝" in row(there.output, "区司法局"), there.output


def test_a_maildir_answer_the_mail_client_marks_read_meanwhile_is_read(sent, tmp_path, monkeypatch):
    """new/ → cur/ with a flag: the same folder still holds it; read, nothing said."""
    table, invites = sent
    box = maildir(tmp_path / "Maildir", *(shapes.outlook(answer(invites[u])) for u in ("区民政局", "区司法局")))
    keys = sorted(mailbox.Maildir(box, create=False).iterkeys())
    real = mailboxes._read
    moved = []

    def read_then_flag(handle, limit, known, source):
        if not moved:
            name = next(p for p in (box / "new").iterdir() if p.name.startswith(keys[1]))
            moved.append(name.rename(box / "cur" / f"{name.name}:2,S"))
        return real(handle, limit, known, source)

    monkeypatch.setattr(mailboxes, "_read", read_then_flag)
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    assert "移走或删除" not in result.output and "接受" in row(result.output, "区司法局"), result.output
