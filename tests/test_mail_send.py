"""``send`` end to end against a real SMTP server in the test process (aiosmtpd on 127.0.0.1): STARTTLS
and AUTH with a self-signed certificate made here, implicit TLS, refusals (no STARTTLS, bad certificate,
wrong password), the dry run, resuming and --only-changed, bad input named by unit, and the password
never in any output or file."""

from __future__ import annotations

import base64
import email
import json
import os
from collections import Counter
from email import policy
from email.utils import getaddresses
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.invites.folder import read_invites
from scheduler.mail.journal import FAILED, SENT, lines
from tests.conftest import edit
from tests.invite_helpers import CONTACTS, NOTICE
from tests.smtp_helpers import free_port

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
RULES = NOTICE.with_suffix(".toml")
PASSWORD = "Ünïcode-s3cret-密码"
USER = "zwgk-office"
EPOCH = "1630915200"  # 2021-09-06 08:00 UTC: the same DTSTAMP and Date in every run


def send(table: Path, *args: str, server=None, password: str | None = PASSWORD, stdin: str | None = None):
    env = {"SOURCE_DATE_EPOCH": EPOCH, "DOCKING_SMTP_PASSWORD": password}
    options = []
    if server is not None:
        options = ["--smtp-host", server.host, "--smtp-port", str(server.port)]
        if server.cafile is not None:
            options += ["--cafile", str(server.cafile)]
    return CliRunner().invoke(main, ["send", str(table), *options, *args], env=env, input=stdin)


def export(table: Path):
    """``ics``: the invites folder beside the table (a dry run writes none: QA qaupgrade17 F1)."""
    return CliRunner().invoke(
        main, ["ics", str(table), "--out", str(table.parent / "invites")], env={"SOURCE_DATE_EPOCH": EPOCH}
    )


def every_file(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def assert_no_password(result, *folders: Path) -> None:
    forms = [PASSWORD, base64.b64encode(PASSWORD.encode()).decode()]
    for form in forms:
        assert form not in result.output, "password in the output"
        for folder in folders:
            for path in every_file(folder):
                assert form.encode() not in path.read_bytes(), f"password in {path}"
                assert form not in path.read_bytes().decode("utf-8", "replace"), f"password in {path}"


def test_send_over_starttls_with_login_delivers_every_invite_once(example, servers, tmp_path):
    server = servers(tls="starttls", user=USER, password=PASSWORD)
    table = example / NOTICE.name
    result = send(table, "--user", USER, server=server)
    assert result.exit_code == 0, result.output
    assert "发送：已发送 29，此前已发送 0，无邮箱跳过 0，失败 0" in result.output
    assert server.recorder.logins and all(ok for _, ok in server.recorder.logins)
    invites = {i.uid: i for i in read_invites(example / "invites")}  # refreshed beside the table
    assert len(invites) == 29 and len(server.recorder.messages) == 29
    for (mail_from, rcpt_tos, data), message in zip(server.recorder.messages, server.recorder.parsed(), strict=True):
        calendar = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
        ics = calendar.get_payload(decode=True)
        uid = message["Message-ID"].strip("<>").rsplit(".", 2)[0]
        invite = invites[uid]
        assert ics == invite.data == (example / "invites" / invite.filename).read_bytes()
        assert rcpt_tos == [invite.attendee.address] and mail_from == "zwgk-office@example.org"
        assert getaddresses(message.get_all("To")) == [(invite.unit, invite.attendee.address)]
        assert getaddresses([message["From"]]) == [("北关区人民政府办公室", "zwgk-office@example.org")]
        assert message["Subject"] == f"邀请：基层政务公开标准对接：{invite.unit}"
        assert data.isascii()
    journal = list(lines(example / "mail-journal.jsonl"))
    assert [e.state for e in journal].count(SENT) == 29
    assert_no_password(result, example, tmp_path / "in")

    again = send(table, "--user", USER, "--lang", "en", server=server)
    assert again.exit_code == 0, again.output
    assert "Mail: 0 sent, 29 already sent before, 0 skipped without address, 0 failed" in again.output
    assert len(server.recorder.messages) == 29
    assert_no_password(again, example)


def test_after_a_change_only_the_changed_units_are_mailed(example, servers):
    server = servers(tls="starttls")
    table = example / NOTICE.name
    assert send(table, server=server).exit_code == 0
    edit(table, "4,9 月 8 日 11:00,区财政局", "4,9 月 9 日 8:00,区财政局")
    edit(table, "9,9 月 9 日 8:00,区司法局", "9,9 月 8 日 11:00,区司法局")
    edit(table, "29,9 月 10 日 17:00,柏庄镇政府,,镇办,F\n", "")
    edit(table, "28,9 月 10 日 17:00,民航路街道办事处,,镇办,F", "28,9 月 10 日 17:00,民航路街道办事处,,镇办,")
    result = send(table, "--only-changed", server=server)
    assert result.exit_code == 0, result.output
    assert "更新 2" in result.output and "取消 1" in result.output  # the invites were refreshed first
    assert "已发送 3，此前已发送 26" in result.output
    new = server.recorder.parsed()[29:]
    assert sorted(m["Subject"] for m in new) == sorted(
        [
            "已更新：基层政务公开标准对接：区财政局",
            "已更新：基层政务公开标准对接：区司法局",
            "已取消：基层政务公开标准对接：柏庄镇政府",
        ]
    )
    assert all(m["Message-ID"].endswith(".1@example.org>") for m in new)
    # QA story 9, finding 7: an update says what changed, from the journal's record of the last message
    moved = next(m for m in new if m["Subject"].endswith("区财政局")).get_body(("plain",)).get_content()
    assert "对接安排有变化" in moved and "原定 9月8日 11:00，改为 9月9日 8:00（地点不变：区政府420房间）。" in moved
    sent = [e for e in lines(example / "mail-journal.jsonl") if e.state == SENT and e.unit == "区财政局"]
    assert [(e.sequence, e.start) for e in sent] == [(0, "2021-09-08T11:00:00+08:00"), (1, "2021-09-09T08:00:00+08:00")]
    cancel = next(m for m in new if m["Subject"].startswith("已取消"))
    calendar = next(p for p in cancel.walk() if p.get_content_type() == "text/calendar")
    assert calendar.get_param("method") == "CANCEL" and b"STATUS:CANCELLED" in calendar.get_payload(decode=True)
    assert send(table, server=server).exit_code == 0
    assert len(server.recorder.messages) == 32


def test_a_corrected_address_gets_an_invitation_not_an_update(example, servers):
    """QA story 9, finding 7: after a bounce, the contact's address corrected made the next send mail the
    new address `已更新：…` "日历中原有的邀请会随之更新" for an invite it never had. That mailbox is new to the
    invite: an invitation, at the SEQUENCE the change gave it (a client adds a REQUEST of a UID it does
    not know at any SEQUENCE); the old address is mailed nothing."""
    server = servers(tls="starttls")
    table = example / NOTICE.name
    assert send(table, server=server).exit_code == 0
    edit(example / CONTACTS.name, "zjj@example.org", "zjj-new@example.org")
    result = send(table, server=server)
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if line.startswith("更新") and "区住建局" in line)
    assert row.endswith("邮箱改为 zjj-new@example.org（新地址收到的是邀请）")  # why it is updated
    (mail,) = server.recorder.parsed()[29:]
    assert mail["To"].endswith("<zjj-new@example.org>") and mail["Message-ID"].endswith(".1@example.org>")
    assert mail["Subject"] == "邀请：基层政务公开标准对接：区住建局"
    body = mail.get_body(("plain",)).get_content()
    assert "邀请贵单位参加以下对接" in body and "有变化" not in body and "原定" not in body
    # a later change of time is an update again, to the new address, naming the time it was told
    edit(table, "5,9 月 8 日 15:00,区应急管理局", "5,9 月 8 日 16:00,区应急管理局")
    edit(table, "6,9 月 8 日 16:00,区住建局", "6,9 月 8 日 15:00,区住建局")
    again = send(table, server=server)
    assert again.exit_code == 0, again.output
    assert any(line.startswith("更新") and line.endswith("原定 9月8日 16:00") for line in again.output.splitlines())
    update = next(m for m in server.recorder.parsed()[30:] if m["Subject"].endswith("区住建局"))
    assert update["Subject"] == "已更新：基层政务公开标准对接：区住建局" and "zjj-new@" in update["To"]
    assert "原定 9月8日 16:00，改为 9月8日 15:00" in update.get_body(("plain",)).get_content()


def test_implicit_tls(example, servers):
    server = servers(tls="ssl", user=USER, password=PASSWORD)
    result = send(example / NOTICE.name, "--ssl", "--user", USER, server=server)
    assert result.exit_code == 0, result.output
    assert len(server.recorder.messages) == 29


def test_without_starttls_nothing_is_sent_and_no_password_leaves(example, servers):
    server = servers(tls=None)
    result = send(example / NOTICE.name, "--user", USER, server=server)
    assert result.exit_code == 1
    assert "不支持 STARTTLS：未发送任何内容" in result.output
    assert "未尝试 29" in result.output
    assert server.recorder.messages == [] and server.recorder.logins == []
    assert not (example / "mail-journal.jsonl").exists()  # stopped before its first line: no empty journal
    assert_no_password(result, example)


def test_insecure_plain_only_when_asked_and_it_warns_about_the_password(example, servers):
    server = servers(tls=None)
    result = send(example / NOTICE.name, "--insecure-plain", server=server)
    assert result.exit_code == 0, result.output
    assert len(server.recorder.messages) == 29
    assert "明文" not in result.output  # no login, nothing to warn about

    with_login = servers(tls=None, user=USER, password=PASSWORD)
    table = example / NOTICE.name
    result = send(table, "--insecure-plain", "--user", USER, "--journal", str(example / "j2.jsonl"), server=with_login)
    assert result.exit_code == 0, result.output
    assert "警告：--insecure-plain 将以明文发送密码" in result.output
    assert with_login.recorder.logins and len(with_login.recorder.messages) == 29
    assert_no_password(result, example)


def test_an_untrusted_certificate_stops_before_anything_is_sent(example, servers):
    server = servers(tls="starttls", user=USER, password=PASSWORD)
    options = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--user", USER]
    result = CliRunner().invoke(
        main, ["send", str(example / NOTICE.name), *options], env={"DOCKING_SMTP_PASSWORD": PASSWORD}
    )
    assert result.exit_code == 1
    assert "TLS 连接失败" in result.output and "--cafile" in result.output
    assert server.recorder.messages == [] and server.recorder.logins == []


def test_a_wrong_password_stops_the_batch_and_is_never_shown(example, servers):
    server = servers(tls="starttls", user=USER, password="the-right-one")
    result = send(example / NOTICE.name, "--user", USER, server=server)
    assert result.exit_code == 1
    assert "服务器拒绝登录：535" in result.output and "未尝试 29" in result.output
    assert "重新运行同一命令继续" not in result.output  # QA crash 3: running again as it is will not help
    assert server.recorder.messages == []
    assert_no_password(result, example)


def test_the_password_can_be_typed_at_a_hidden_prompt(example, servers, monkeypatch):
    monkeypatch.setattr("scheduler.cli.options.can_prompt", lambda: True)  # CliRunner's stdin plays the terminal
    server = servers(tls="starttls", user=USER, password=PASSWORD)
    result = send(example / NOTICE.name, "--user", USER, server=server, password=None, stdin=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert f"{USER} 的 SMTP 密码" in result.output
    assert len(server.recorder.messages) == 29
    assert_no_password(result, example)


def _lock_free(folder: Path, journal: Path) -> bool:
    """Whether no lock is held on ``folder`` (its ``.docking.lock`` is there only while held) nor on ``journal``."""
    from scheduler.files.appendlog import Locked, lock
    from scheduler.files.folderlock import LOCK_NAME

    if (folder / LOCK_NAME).exists() or (folder / "invites" / LOCK_NAME).exists():
        return False
    if not journal.exists():
        return True
    with journal.open("rb") as handle:
        try:
            lock(handle)  # another open file: refused while the send holds the journal's lock
        except Locked:
            return False
    return True


def test_the_password_is_asked_before_any_lock_is_taken(example, servers, monkeypatch):
    """QA review17b F1: the password was asked under the folder's lock and the journal's, so a clerk who left
    the prompt open kept every other writer out (``reschedule --out`` refused) for as long as it stayed open."""
    import scheduler.cli.mail as mail_cli

    asked = []
    original = mail_cli._password

    def watched(user: str, lang: str):
        asked.append(_lock_free(example, example / "mail-journal.jsonl"))
        return original(user, lang)

    monkeypatch.setattr(mail_cli, "_password", watched)
    server = servers(tls="starttls", user=USER, password=PASSWORD)
    result = send(example / NOTICE.name, "--user", USER, server=server)
    assert result.exit_code == 0, result.output
    assert asked == [True]
    assert len(server.recorder.messages) == 29
    again = send(example / NOTICE.name, "--user", USER, server=server)  # nothing to send: not asked
    assert again.exit_code == 0, again.output
    assert asked == [True]


def test_without_a_password_and_without_a_terminal_it_says_how_to_give_one(example, servers):
    server = servers(tls="starttls", user=USER, password=PASSWORD)
    result = send(example / NOTICE.name, "--user", USER, server=server, password=None, stdin="")
    assert result.exit_code == 2
    assert "DOCKING_SMTP_PASSWORD" in result.output
    assert server.recorder.messages == []


def test_a_dry_run_writes_the_messages_that_would_be_sent_and_sends_nothing(example, servers, tmp_path):
    table = example / NOTICE.name
    dry = tmp_path / "dry"
    result = send(table, "--dry-run", str(dry))
    assert result.exit_code == 0, result.output
    assert "试运行：29 封邮件写入" in result.output
    assert not (example / "mail-journal.jsonl").exists()
    emls = {p.name: p.read_bytes() for p in dry.glob("*.eml")}
    assert len(emls) == 29 and "区自然资源局.eml" in emls
    message = email.message_from_bytes(emls["区自然资源局.eml"], policy=policy.default)
    assert message["Subject"] == "邀请：基层政务公开标准对接：区自然资源局"
    assert message.get_body(("plain",)) is not None

    server = servers(tls="starttls")
    assert send(table, server=server).exit_code == 0
    sent = {
        m["To"].addresses[0].display_name + ".eml": data
        for (_, _, data), m in zip(server.recorder.messages, server.recorder.parsed(), strict=True)
    }
    assert sent == emls  # byte for byte (SOURCE_DATE_EPOCH fixes the Date)


HOLD_JOURNAL = """
import sys
from scheduler.mail.journal import Journal
journal = Journal(sys.argv[1], readonly=sys.argv[2] == "preview")
print("held", flush=True)
sys.stdin.read()
journal.close()
"""


def _other_process(journal: Path, what: str):
    """Another process with ``journal`` open as a real send (``send``) or a preview (``preview``) has it."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD_JOURNAL, str(journal), what],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_a_dry_run_is_neither_refused_by_a_send_nor_refuses_one(example, servers, tmp_path):
    """QA review17b F2: the dry run took the journal's exclusive lock, so a colleague's preview was refused
    while a send mailed (or sat at its password prompt), and a running preview refused a real send."""
    table = example / NOTICE.name
    journal = example / "mail-journal.jsonl"
    server = servers(tls="starttls")
    assert send(table, server=server).exit_code == 0
    edit(example / CONTACTS.name, "czj@example.org", "czj-new@example.org")  # one invite to mail again
    sending = _other_process(journal, "send")
    try:
        preview = send(table, "--dry-run", str(tmp_path / "dry"))
    finally:
        sending.communicate("", timeout=30)
    assert preview.exit_code == 0, preview.output
    assert len(list((tmp_path / "dry").glob("*.eml"))) == 1
    previewing = _other_process(journal, "preview")
    try:
        real = send(table, server=server)
    finally:
        previewing.communicate("", timeout=30)
    assert real.exit_code == 0, real.output
    assert len(server.recorder.messages) == 30


def test_a_permanent_refusal_is_recorded_reported_and_the_batch_goes_on(example, servers):
    refuse = {"czj@example.org"}

    def fault(stage, recorder, envelope):
        if stage == "DATA" and envelope.rcpt_tos[0] in refuse:
            return "550 5.1.1 <czj@example.org>: mailbox unavailable"
        return None

    server = servers(tls="starttls", fault=fault)
    table = example / NOTICE.name
    result = send(table, server=server)
    assert result.exit_code == 1
    assert "失败：区财政局 <czj@example.org>：服务器答复 550 5.1.1 <czj@example.org>: mailbox unavailable" in (
        result.output
    )
    assert "已发送 28，此前已发送 0，无邮箱跳过 0，失败 1" in result.output
    failed = [e for e in lines(example / "mail-journal.jsonl") if e.state == FAILED]
    assert [(e.unit, e.code, e.permanent) for e in failed] == [("区财政局", 550, True)]

    refuse.clear()  # the mailbox is fixed: the same command sends just that one
    again = send(table, server=server)
    assert again.exit_code == 0, again.output
    assert "已发送 1，此前已发送 28" in again.output
    assert [m["To"].addresses[0].addr_spec for m in server.recorder.parsed()].count("czj@example.org") == 1


def test_units_without_an_address_are_skipped_and_named(example, servers):
    edit(example / CONTACTS.name, "区发改委,fgw@example.org,张某", "区发改委,,张某")
    server = servers(tls="starttls")
    result = send(example / NOTICE.name, server=server)
    assert result.exit_code == 0, result.output
    assert "已发送 28，此前已发送 0，无邮箱跳过 1" in result.output
    assert "1 个单位没有邮箱，未发送（邀请文件需另行送达）：区发改委" in result.output


@pytest.mark.parametrize(
    ("row", "bad", "words"),
    [
        ("区发改委,fgw@example.org,张某", '区发改委,"fgw@example.org\r\nBcc: evil@example.org",张某', "区发改委"),
        ("区发改委,fgw@example.org,张某", '区发改委,fgw@example.org,"张某\nBcc: evil@example.org"', "区发改委"),
        ("区发改委,fgw@example.org,张某", "区发改委,fgw@example,张某", "区发改委"),
    ],
)
def test_bad_contacts_are_refused_naming_the_unit_and_nothing_is_sent(example, servers, row, bad, words):
    edit(example / CONTACTS.name, row, bad)
    server = servers(tls="starttls")
    result = send(example / NOTICE.name, server=server)
    assert result.exit_code == 2
    lines_out = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines_out) == 1 and words in lines_out[0] and "第 4 行" in lines_out[0]
    assert server.recorder.messages == [] and not (example / "mail-journal.jsonl").exists()


def test_a_unit_name_with_a_line_break_is_refused(example, servers):
    edit(example / NOTICE.name, "4,9 月 8 日 11:00,区财政局,", '4,9 月 8 日 11:00,"区财政局\r\nBcc: evil@example.org",')
    server = servers(tls="starttls")
    result = send(example / NOTICE.name, server=server)
    assert result.exit_code == 2
    assert "第 5 行" in result.output and "区财政局\\nBcc: evil@example.org" in result.output  # CRLF read as a line end
    assert server.recorder.messages == []


def test_from_names_the_sending_mailbox_and_from_stays_the_organiser(example, servers):
    server = servers(tls="starttls")
    result = send(example / NOTICE.name, "--from", "clerk@example.org", server=server)
    assert result.exit_code == 0, result.output
    mail_from, _, _ = server.recorder.messages[0]
    message = server.recorder.parsed()[0]
    assert mail_from == "clerk@example.org" and message["Sender"] == "clerk@example.org"
    assert getaddresses([message["From"]]) == [("北关区人民政府办公室", "zwgk-office@example.org")]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ([], "--smtp-host"),
        (["--smtp-host", "mail.example.org", "--ssl", "--insecure-plain"], "只能选一个"),
        (["--smtp-host", "mail.example.org", "--from", "clerk@example"], "--from"),
    ],
)
def test_bad_options_exit_2_with_one_line(example, args, words):
    result = CliRunner().invoke(main, ["send", str(example / NOTICE.name), *args])
    assert result.exit_code == 2
    assert words in result.output and len(result.output.strip().splitlines()) == 1


def test_a_damaged_journal_stops_before_sending(example, servers):
    server = servers(tls="starttls")
    (example / "mail-journal.jsonl").write_text('{"v": 1}\n', encoding="utf-8")
    result = send(example / NOTICE.name, "--lang", "en", server=server)
    assert result.exit_code == 2
    assert f"{example / 'mail-journal.jsonl'}: line 1 of the mail journal is damaged" in result.output
    assert server.recorder.messages == []


def test_an_interrupted_message_is_resent_and_reported(example, servers):
    """A journal whose last line for a message is ``queued`` (a run that died mid-send)."""
    server = servers(tls="starttls")
    table = example / NOTICE.name
    assert export(table).exit_code == 0
    invite = next(i for i in read_invites(example / "invites") if i.unit == "区财政局")
    record = {
        "v": 1,
        "state": "queued",
        "unit": "区财政局",
        "uid": invite.uid,
        "sequence": 0,
        "method": "REQUEST",
        "to": "czj@example.org",
        "message_id": "<x>",
        "at": "2021-09-06T08:00:00Z",
        "attempt": 1,
    }
    line = json.dumps(record, ensure_ascii=False) + "\n"
    (example / "mail-journal.jsonl").write_text(line, encoding="utf-8")
    result = send(table, server=server)
    assert result.exit_code == 0, result.output
    assert "其中 1 封是在无法确认是否送达后重发的" in result.output and "区财政局" in result.output


def test_a_hand_edited_state_file_cannot_redirect_or_inject(example, servers):
    """``send`` refreshes the invites folder through the export, so what goes out is rebuilt from the
    timetable and the contacts, never taken from a state file someone edited."""
    table = example / NOTICE.name
    assert export(table).exit_code == 0
    state = example / "invites" / "state.json"
    text = state.read_text(encoding="utf-8")
    assert text.count('"address": "czj@example.org"') >= 1
    state.write_text(
        text.replace('"address": "czj@example.org"', '"address": "czj@example.org\\r\\nBcc: evil@example.org"'),
        encoding="utf-8",
    )
    server = servers(tls="starttls")
    result = send(table, server=server)
    assert result.exit_code == 0, result.output
    assert "evil" not in state.read_text(encoding="utf-8")
    assert all(b"evil" not in data for _, _, data in server.recorder.messages)
    assert sorted(r[0] for _, r, _ in server.recorder.messages).count("czj@example.org") == 1


def test_a_server_that_wants_a_login_stops_at_the_first_message(example, servers):
    """QA crash 2: the 530 at MAIL was recorded as the first unit's permanent failure ("失败 1", a
    journal left behind); it is the session's refusal, as a refused login is: nobody failed, no journal."""
    server = servers(tls="starttls", user=USER, password=PASSWORD)
    result = send(example / NOTICE.name, server=server)  # no --user
    assert result.exit_code == 1
    assert "530" in result.output and "失败 0" in result.output and "未尝试 29" in result.output
    assert "服务器要求先登录" in result.output and "请加 --user" in result.output
    assert server.recorder.messages == [] and not (example / "mail-journal.jsonl").exists()
    assert "重新运行同一命令继续" not in result.output  # QA crash 3: it needs --user, not another run


@pytest.mark.parametrize("offered", [True, False])
def test_a_mailbox_name_in_chinese_goes_out_with_smtputf8_or_fails_alone(example, servers, offered):
    edit(example / CONTACTS.name, "区发改委,fgw@example.org,张某", "区发改委,张某@example.org,张某")
    server = servers(tls="starttls", smtputf8=offered)
    result = send(example / NOTICE.name, server=server)
    received = {
        r[0]: (data, options)
        for (_, r, data), options in zip(server.recorder.messages, server.recorder.options, strict=True)
    }
    if offered:
        assert result.exit_code == 0, result.output
        data, options = received["张某@example.org"]
        assert "SMTPUTF8" in options
        message = email.message_from_string(data.decode("utf-8"), policy=policy.default)
        assert message["To"].addresses[0].addr_spec == "张某@example.org"
        assert len(received) == 29
    else:
        assert result.exit_code == 1
        assert "失败：区发改委 <张某@example.org>：地址含非 ASCII 字符，而服务器不支持 SMTPUTF8" in result.output
        assert len(received) == 28 and "张某@example.org" not in received
        (line,) = [line for line in result.output.splitlines() if "SMTPUTF8" in line]
        assert "ASCII 地址" in line and "通讯录" in line, line  # what to do (QA qasmtp20 F6)


def test_a_login_asked_of_a_server_without_auth_says_what_to_do(example, servers, monkeypatch):
    """QA qasmtp20 F6: "服务器不支持登录（AUTH）" and nothing else; every other stop says what to change."""
    import smtplib

    real = smtplib.SMTP.has_extn
    monkeypatch.setattr(smtplib.SMTP, "has_extn", lambda self, name: name.lower() != "auth" and real(self, name))
    server = servers(tls="starttls")  # its AUTH not seen: a relay that takes no login
    result = send(example / NOTICE.name, "--user", USER, server=server)
    assert result.exit_code == 1 and server.recorder.messages == []
    (line,) = [line for line in result.output.splitlines() if "AUTH" in line]
    assert "--user" in line and "--smtp-port" in line, line


def test_a_message_whose_delivery_could_not_be_confirmed_is_named(example, servers, monkeypatch):
    """The server kept the message and dropped the connection before its 250: not retried in this run
    (exit 1, the summary says it may have arrived); the next run sends it once more and names it."""
    from tests.smtp_helpers import DropFirstReply

    waited = []
    monkeypatch.setattr("scheduler.mail.batch.time.sleep", waited.append)
    fault = DropFirstReply("czj@example.org")
    server = servers(tls="starttls", fault=fault)
    result = send(example / NOTICE.name, server=server)
    assert result.exit_code == 1, result.output
    assert "已发送 28" in result.output and "失败 1" in result.output
    assert "失败：区财政局 <czj@example.org>：整封邮件已交给服务器，但没有收到答复" in result.output
    assert "1 封邮件无法确认是否送达（服务器可能已收到）：区财政局" in result.output
    assert waited == [] and fault.tries == 1 and len(server.recorder.messages) == 29
    again = send(example / NOTICE.name, server=server)
    assert again.exit_code == 0, again.output
    assert "已发送 1" in again.output and "其中 1 封是在无法确认是否送达后重发的" in again.output
    assert "：区财政局" in again.output
    assert len(server.recorder.messages) == 30  # the server kept both copies: SMTP cannot tell
    assert max(server.recorder.message_ids().values()) == 2


def test_a_run_stopped_before_its_first_line_leaves_no_journal(example, servers, tmp_path, monkeypatch):
    """QA: a run stopped before its first journal line (a server that cannot be reached, an untrusted
    certificate, a refused login) left an empty mail-journal.jsonl; promises.md says none is left. A
    journal that already existed is kept, even empty."""
    monkeypatch.setattr("scheduler.mail.batch.time.sleep", lambda _seconds: None)  # the backoff, not waited
    table = example / NOTICE.name
    unreachable = CliRunner().invoke(
        main,
        ["send", str(table), "--smtp-host", "127.0.0.1", "--smtp-port", str(free_port()), "--insecure-plain",
         "--journal", str(tmp_path / "new" / "j.jsonl")],
        env={"SOURCE_DATE_EPOCH": EPOCH},
    )  # fmt: skip
    assert unreachable.exit_code == 1 and "无法连接服务器" in unreachable.output, unreachable.output
    assert not (tmp_path / "new").exists()  # neither the journal nor the folder made for it
    refused = send(table, "--user", USER, password="wrong", server=servers(tls="starttls", user=USER, password="x"))
    assert refused.exit_code == 1 and "服务器拒绝登录" in refused.output, refused.output
    assert not (example / "mail-journal.jsonl").exists()
    (example / "mail-journal.jsonl").write_bytes(b"")  # the user's own empty journal: never ours to remove
    again = send(table, "--user", USER, password="wrong", server=servers(tls="starttls", user=USER, password="x"))
    assert again.exit_code == 1 and (example / "mail-journal.jsonl").read_bytes() == b""


def at_a_terminal(folder: Path, args: list[str], keys: bytes) -> tuple[int, str]:
    """The command run in a pseudo-terminal (as a clerk runs it), ``keys`` typed once it asks: its exit
    code and what the terminal showed."""
    import os
    import pty
    import select
    import signal
    import sys
    import time

    from tests.conftest import ROOT

    env = {k: v for k, v in os.environ.items() if k != "DOCKING_SMTP_PASSWORD"}
    env.update(PYTHONPATH=str(ROOT), SOURCE_DATE_EPOCH=EPOCH)
    pid, fd = pty.fork()
    if pid == 0:  # the child: Ctrl-C must raise KeyboardInterrupt, whatever the test runner ignores
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.chdir(folder)
        os.execve(sys.executable, [sys.executable, str(ROOT / "cli.py"), *args], env)
    shown, typed = b"", False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                data = os.read(fd, 4096)
            except OSError:  # the child is gone
                break
            if not data:
                break
            shown += data
        if not typed and "SMTP 密码".encode() in shown:
            os.write(fd, keys)
            typed = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), shown.decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("keys", "code", "words"), [(b"\x03", 130, "已中断"), (b"\x04", 2, "没有输入密码（按了 Ctrl-D）")]
)
def test_ctrl_c_or_ctrl_d_at_the_password_prompt(example, servers, keys, code, words):
    """QA: Ctrl-C or Ctrl-D at the hidden prompt said "no password: set the variable, or run in a
    terminal" (exit 2) to someone at a terminal. Ctrl-C is an interruption (130); Ctrl-D says no password
    was typed (2). Nothing is sent, no journal is left."""
    server = servers(tls="starttls", user=USER, password=PASSWORD)
    args = ["send", NOTICE.name, "--smtp-host", server.host, "--smtp-port", str(server.port), "--user", USER,
            "--cafile", str(server.cafile)]  # fmt: skip
    status, shown = at_a_terminal(example, args, keys)
    assert status == code, shown
    assert words in shown and "请设置环境变量" not in shown.replace("或设置环境变量", "") and "Traceback" not in shown
    assert server.recorder.messages == [] and not (example / "mail-journal.jsonl").exists()


def resent_units(output: str) -> set[str]:
    """The units a run named as sent again after a doubt (the summary's ``mail.summary.resent`` line)."""
    for line in output.splitlines():
        if "were sent again because" in line or "封是在无法确认是否送达后重发的" in line:
            return set(line.rsplit(": ", 1)[-1].rsplit("：", 1)[-1].split("、"))
    return set()


def test_a_full_disk_under_the_journal_stops_on_one_line_and_every_second_copy_is_named(
    example, servers, tmp_path, monkeypatch
):
    """QA: a full disk under the journal crashed ``send`` with a traceback (closing the journal flushed
    its failed buffer again and raised a second OSError over the clean error, itself in Chinese under
    ``--lang en``), and a unit got a second copy that no run named: the run that re-sent it crashed
    before its summary. Here the 14th journal write (the 7th message's ``sent`` line, after the server's
    250) is cut short by the full disk; the next run finds the disk full again three messages later;
    then space is freed. Each stop is one line naming the journal in the chosen language, with the
    summary (the message whose ``sent`` line was lost named as may have arrived), exit 1; the journal
    holds only whole lines; and every second copy is named by the run that sent it."""
    from tests.safety_helpers import FullDisk

    journal = tmp_path / "disk" / "j.jsonl"
    disk = FullDisk(journal).install(monkeypatch)
    server = servers(tls="starttls")
    table = example / NOTICE.name
    disk.fill_at = 14
    first = send(table, "--lang", "en", "--journal", str(journal), server=server)
    assert first.exit_code == 1 and isinstance(first.exception, SystemExit), first.output
    assert "Traceback" not in first.output and "无法" not in first.output, first.output
    assert f"{journal}: cannot write the mail journal: the disk is full (no space left)" in first.output
    seventh = list(lines(journal))[-1]
    assert seventh.state == "queued" and journal.read_bytes().endswith(b"\n")
    assert f"may have arrived although it could not be confirmed: {seventh.unit}" in first.output
    assert len(server.recorder.messages) == 7 and "Mail: 6 sent" in first.output

    disk.free()
    disk.fill_at = disk.writes + 6  # the 9th message's sent line
    second = send(table, "--journal", str(journal), server=server)
    assert second.exit_code == 1 and isinstance(second.exception, SystemExit), second.output
    assert f"{journal}: 无法写入发送日志：磁盘已满（没有剩余空间）" in second.output
    assert resent_units(second.output) == {seventh.unit}
    ninth = list(lines(journal))[-1]
    assert f"1 封邮件无法确认是否送达（服务器可能已收到）：{ninth.unit}" in second.output

    disk.free()
    third = send(table, "--journal", str(journal), server=server)
    assert third.exit_code == 0, third.output
    assert resent_units(third.output) == {ninth.unit}
    copies = Counter(r[0] for _, r, _ in server.recorder.messages)
    assert len(copies) == 29 and {seventh.to, ninth.to} == {to for to, n in copies.items() if n > 1}
    assert max(copies.values()) == 2


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("typed", [False, True], ids=["from-the-variable", "typed-at-the-prompt"])
def test_a_refused_login_says_what_to_check_and_names_no_journal_it_never_made(
    example, servers, monkeypatch, lang, typed
):
    """QA: a wrong password (535) got only "run again" as advice, which cannot help, and the summary named
    out/mail-journal.jsonl as the journal though the run (rightly) left none. Now the refusal says the
    user name or the password was not accepted, the next line names --user and where the password came
    from (DOCKING_SMTP_PASSWORD, or the prompt), and no journal is named that does not exist."""
    server = servers(tls="starttls", user=USER, password="the-right-one")
    if typed:
        monkeypatch.setattr("scheduler.cli.options.can_prompt", lambda: True)  # CliRunner's stdin plays the terminal
        result = send(example / NOTICE.name, "--lang", lang, "--user", USER, server=server, password=None, stdin="x\n")
    else:
        result = send(example / NOTICE.name, "--lang", lang, "--user", USER, server=server, password="wrong")
    assert result.exit_code == 1, result.output
    assert not (example / "mail-journal.jsonl").exists() and "mail-journal" not in result.output
    if lang == "en":
        assert "the server refused the login: 535" in result.output
        assert "the user name or the password was not accepted" in result.output
        source = "typed at the prompt" if typed else "from DOCKING_SMTP_PASSWORD"
        assert f"check --user {USER} and the password ({source}), then run again" in result.output
    else:
        assert "服务器拒绝登录：535" in result.output and "用户名或密码未被接受" in result.output
        source = "在提示处输入的" if typed else "取自环境变量 DOCKING_SMTP_PASSWORD"
        assert f"请检查 --user {USER} 和密码（{source}），改正后重新运行" in result.output
    assert server.recorder.messages == []


def test_a_password_remembers_the_variable_it_came_from(monkeypatch):
    """login_advice names the password's source from the Secret itself (it had derived it again from the
    environment, which named the prompt for a password taken from the second of two variables)."""
    from scheduler.cli.options import login_advice, remembered, secret
    from scheduler.mail.smtp import LOGIN_REFUSED
    from scheduler.text.messages import Message

    monkeypatch.delenv("FIRST_PASSWORD", raising=False)
    monkeypatch.setenv("SECOND_PASSWORD", "s3cret")
    missing = Message("mail.no_password", variable="FIRST_PASSWORD")
    prompt = Message("mail.password_prompt", user=USER)
    ask, used = remembered(lambda: secret(("FIRST_PASSWORD", "SECOND_PASSWORD"), prompt, missing, "en"))
    assert used() is None
    value = ask()
    assert value.reveal() == "s3cret" and value.source == "SECOND_PASSWORD" and used() is value
    seen: list[str] = []
    monkeypatch.setattr("scheduler.cli.options.click.echo", lambda text, err=False: seen.append(text))
    login_advice(Message(LOGIN_REFUSED, reply="535"), USER, used(), "en")
    assert seen == [f"check --user {USER} and the password (from SECOND_PASSWORD), then run again"]
    seen.clear()
    login_advice(Message(LOGIN_REFUSED, reply="535"), USER, None, "en")
    assert seen == []


def test_a_wrong_password_is_tried_once_per_run(example, servers):
    """QA: smtplib's login() tried PLAIN, then LOGIN with the same wrong password (two failed logins per
    run; many servers lock the mailbox after about five). Now one mechanism, one try."""
    server = servers(tls="starttls", user=USER, password="the-right-one")
    result = send(example / NOTICE.name, "--lang", "en", "--user", USER, server=server, password="wrong")
    assert result.exit_code == 1, result.output
    assert server.recorder.logins == [("PLAIN", False)]
    assert f"check --user {USER} and the password" in result.output


def test_a_temporary_login_refusal_is_tried_once_more_then_stops_the_run(example, servers, monkeypatch):
    """QA: a server answering a wrong password with 454 got 12 logins in one run (6 connections, two
    mechanisms each). Now a 454 is tried once more after the pause, then the run stops with the advice."""
    waited: list[float] = []
    monkeypatch.setattr("scheduler.mail.batch.time.sleep", waited.append)
    server = servers(
        tls="starttls", user=USER, password="the-right-one", refusal="454 4.7.0 Temporary authentication failure"
    )
    result = send(example / NOTICE.name, "--lang", "en", "--user", USER, server=server, password="wrong")
    assert result.exit_code == 1, result.output
    assert server.recorder.logins == [("PLAIN", False)] * 2 and len(waited) == 1
    assert "the server refused the login: 454 4.7.0" in result.output
    assert f"check --user {USER} and the password" in result.output
    assert server.recorder.messages == []


def test_a_host_with_its_port_is_refused_naming_smtp_port(example):
    """QA: --smtp-host 127.0.0.1:465 (as mail programs show it) was looked up as a name for a minute."""
    result = send(example / NOTICE.name, "--lang", "en", "--smtp-host", "mail.example.org:465")
    assert result.exit_code == 2, result.output
    assert result.output.splitlines()[-1].endswith("--smtp-port 465")
    assert "--smtp-host" in result.output.splitlines()[-1]
    assert not (example / "mail-journal.jsonl").exists()


def test_an_interruption_after_every_message_went_out_does_not_say_run_again(example, servers, monkeypatch):
    """QA crash 3: SIGTERM after the last message was accepted (while the tables beside were brought in
    step) ended with "interrupted: run the same command again", and the rerun sent nothing."""
    import scheduler.cli.mail as cli_mail

    def stopped(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_mail, "_bring_copies_in_step", stopped)
    server = servers(tls="starttls")
    result = send(example / NOTICE.name, server=server)
    assert result.exit_code == 130, result.output
    assert "已中断，但每封邮件都已处理完：没有要接着发送的" in result.output
    assert "重新运行同一命令" not in result.output
    assert len(server.recorder.messages) == 29


def test_a_certificate_from_another_ca_than_cafile_does_not_say_use_cafile(example, servers, tmp_path):
    """QA qasmtp20 F4: "（自建证书可用 --cafile 指定）" when --cafile was given sends the clerk in a circle."""
    from tests.smtp_helpers import make_certificate

    (tmp_path / "other").mkdir()
    other, _ = make_certificate(tmp_path / "other")
    server = servers(tls="starttls")
    options = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--cafile", str(other)]
    result = CliRunner().invoke(main, ["send", str(example / NOTICE.name), *options], env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.exit_code == 1 and server.recorder.messages == []
    assert "TLS 连接失败" in result.output and "--cafile 指定" not in result.output, result.output
    assert "不是签发" in result.output, result.output


@pytest.mark.parametrize(
    ("code", "words", "not_said"),
    [
        (10, "过期", "--cafile"),  # X509_V_ERR_CERT_HAS_EXPIRED
        (62, "--smtp-host", "--cafile"),  # X509_V_ERR_HOSTNAME_MISMATCH
        (18, "--cafile 指定", "过期"),  # self-signed, no --cafile: the CA file is the way
    ],
)
def test_a_tls_failure_says_what_fits_its_cause(code, words, not_said):
    import ssl

    from scheduler.mail.server import Server
    from scheduler.mail.smtp import tls_failure
    from scheduler.text.messages import render

    exc = ssl.SSLCertVerificationError(1, "certificate verify failed")
    exc.verify_code, exc.verify_message = code, "certificate verify failed (test)"
    said = render(tls_failure(exc, Server("mail.example.org", 587)), "zh")
    assert words in said and not_said not in said and "mail.example.org:587" in said, said


def test_a_server_size_limit_below_the_invites_is_one_line_with_both_sizes(example, servers):
    """QA qasmtp20 F5: EHLO "SIZE 4000" and invites of 5-9 KB gave 29 identical "552 5.3.4" lines, no size
    said, nothing to do. The size is known before MAIL: one line with both, and what to do."""
    server = servers(tls="starttls", size=4000)
    result = send(example / NOTICE.name, server=server)
    assert result.exit_code == 1 and server.recorder.messages == [] and server.recorder.attempts["MAIL"] == 0
    lines_ = [line for line in result.output.splitlines() if "4000" in line or "4,000" in line]
    assert len(lines_) == 1 and "29" in lines_[0] and "字节" in lines_[0] and "管理员" in lines_[0], result.output
    assert "失败 29" in result.output


def test_the_tables_beside_are_brought_in_step_with_the_contacts_send_was_given(example, servers, monkeypatch):
    """QA (twentieth session): the 答复 column rewritten after `send --contacts FILE` weighed the contacts
    the rules name, not FILE (the answers themselves: tests/test_replies_cli.py)."""
    import scheduler.cli.replies as cli_replies

    given = example / "given_contacts.csv"
    given.write_bytes((example / "contacts_2021.csv").read_bytes())
    asked: list[object] = []
    monkeypatch.setattr(cli_replies, "bring_copies_in_step", lambda *args: asked.append(args))
    server = servers(tls="starttls")
    result = send(example / NOTICE.name, "--contacts", str(given), server=server)
    assert result.exit_code == 0, result.output
    assert asked and asked[0][-1] == str(given)


def test_the_contacts_send_was_given_are_the_ones_later_commands_read(example, servers, tmp_path):
    """Twenty-first session: after `send --contacts FILE` the rules still named their own contacts table,
    and the next `reschedule` wrote the invites again with its addresses ("邮箱改为 czj@example.org"), to be
    mailed there by the next `send`. The rules file now names FILE (its one line; comments kept)."""
    import json

    from tests.replies_helpers import run as run_command

    out = tmp_path / "out"
    assert run_command("solve", str(example / NOTICE.name), "--out", str(out)).exit_code == 0
    rules = out / "timetable.toml"
    rules.write_text(rules.read_text(encoding="utf-8") + "# 办公室的备注\n", encoding="utf-8")
    given = tmp_path / "given.csv"
    text = (example / "contacts_2021.csv").read_text(encoding="utf-8-sig")
    given.write_text(text.replace("czj@example.org", "caizheng@example.test"), encoding="utf-8")
    result = send(out / "timetable.csv", "--contacts", str(given), server=servers(tls="starttls"))
    assert result.exit_code == 0, result.output
    # FILE is outside the folder: the line says the full path it wrote, and that the folder now needs a file
    # outside it (a copied folder would not find it: newcomer22)
    (said,) = [line for line in result.output.splitlines() if "[invites] contacts 已改为" in line]
    assert said.startswith(f"{rules}：[invites] contacts 已改为 {given.resolve()}（--contacts") and "文件夹之外" in said
    written = rules.read_text(encoding="utf-8")
    assert f"contacts = {json.dumps(str(given.resolve()), ensure_ascii=False)}\n" in written
    assert written.endswith("# 办公室的备注\n")
    moved = run_command("reschedule", str(out / "timetable.csv"), "--out", str(out), "--unavailable", "区财政局@9月8日")
    assert moved.exit_code == 0, moved.output
    assert "邮箱改为" not in moved.output, moved.output
    state = json.loads((out / "invites" / "state.json").read_text(encoding="utf-8"))
    (finance,) = [item for item in state["invites"] if item["unit"] == "区财政局"]
    assert finance["attendee"]["address"] == "caizheng@example.test"
    # the way the line says: a table put into the folder and sent with: named relative to it
    assert 'contacts = "given.csv"\n' in rules.read_text(encoding="utf-8")  # reschedule --out copied it in
    inside = out / "新联系人.csv"
    inside.write_bytes(given.read_bytes())
    again = send(out / "timetable.csv", "--contacts", str(inside), server=servers(tls="starttls"))
    assert f"{rules}：[invites] contacts 已改为 新联系人.csv（--contacts），" in again.output, again.output
    assert "文件夹之外" not in again.output
    assert 'contacts = "新联系人.csv"\n' in rules.read_text(encoding="utf-8")
    given.unlink()  # the folder needs nothing outside it
    assert run_command("validate", str(out / "timetable.csv")).exit_code == 0


def test_the_contacts_ics_was_given_are_the_ones_a_later_send_mails(example, servers, tmp_path):
    """A leftover of the twenty-first session: `ics --contacts FILE` wrote the invites with FILE's addresses
    but left the rules naming their own table, so the next `send` (without --contacts) wrote them again
    with the old address ("邮箱改为 czj@example.org", SEQUENCE 2) and mailed there. As `send --contacts`:
    the rules file this program wrote names FILE from then on; the office's own is told the line."""
    import json

    from tests.replies_helpers import run as run_command

    out = tmp_path / "out"
    assert run_command("solve", str(example / NOTICE.name), "--out", str(out)).exit_code == 0
    inside = out / "新联系人.csv"
    text = (example / "contacts_2021.csv").read_text(encoding="utf-8-sig")
    inside.write_text(text.replace("czj@example.org", "caizheng@example.test"), encoding="utf-8")
    table = out / "timetable.csv"
    written = run_command("ics", str(table), "--contacts", str(inside), "--out", str(out / "invites"))
    assert written.exit_code == 0, written.output
    assert "邮箱改为 caizheng@example.test" in written.output
    rules = out / "timetable.toml"
    assert f"{rules}：[invites] contacts 已改为 新联系人.csv（--contacts），" in written.output, written.output
    assert 'contacts = "新联系人.csv"\n' in rules.read_text(encoding="utf-8")
    result = send(table, server=servers(tls="starttls"))
    assert result.exit_code == 0, result.output
    assert "邮箱改为" not in result.output, result.output
    state = json.loads((out / "invites" / "state.json").read_text(encoding="utf-8"))
    (finance,) = [item for item in state["invites"] if item["unit"] == "区财政局"]
    assert finance["attendee"]["address"] == "caizheng@example.test" and finance["sequence"] == 1
    # the office's own rules file is an input: left byte for byte, the line to change said
    office = example / "notice_2021.toml"
    before = office.read_bytes()
    own = run_command("ics", str(example / NOTICE.name), "--contacts", str(inside), "--out", str(tmp_path / "inv"))
    assert own.exit_code == 0, own.output
    assert office.read_bytes() == before and f"{office} 第 " in own.output and "已改为" not in own.output


def test_a_rules_line_naming_the_contacts_is_replaced_or_added():
    from scheduler.files.rules_contacts import named_contacts_text

    text = 'title = "x"\n\n[invites]\ncampaign = "c"\n  contacts = "a.csv"  # 联系人\n\n[[pins]]\nunit = "u"\n'
    assert named_contacts_text(text, "b.csv") == text.replace('  contacts = "a.csv"  # 联系人', '  contacts = "b.csv"')
    assert named_contacts_text(text, "a.csv") == text
    bare = 'title = "x"\n[invites]\ncampaign = "c"\n'
    assert named_contacts_text(bare, "b.csv") == 'title = "x"\n[invites]\ncontacts = "b.csv"\ncampaign = "c"\n'
    assert named_contacts_text('title = "x"\n', "b.csv") == 'title = "x"\n'  # no invites: nothing to record
    assert named_contacts_text('[invites]\ncontacts = """a.csv\n"""\n', "b.csv") is None


@pytest.mark.parametrize("encoding", ["gbk", "utf-16", "utf-8-sig", "utf-8"])
def test_a_rules_file_notepad_saved_as_ansi_or_unicode_gets_its_contacts_line_in_its_own_encoding(tmp_path, encoding):
    """QA upgrade22 F2: a rules file saved by Notepad as "ANSI" (GBK) or "Unicode" (UTF-16), which every
    command reads (docs/first-hour.md), made `send --contacts FILE` end, after the mail went out, on
    "内部错误（UnicodeDecodeError…）". The line is rewritten and the file kept in its own encoding."""
    from scheduler.files.rules_contacts import record_contacts
    from scheduler.files.rules_file import WRITTEN_HEAD, read_rules_text

    rules = tmp_path / "timetable.toml"  # solve --out's, saved again by Notepad (its first line kept)
    text = f"{WRITTEN_HEAD} (from 通知.toml)\r\n" + (
        '# 北关区的规则\r\ntitle = "对接"\r\n\r\n[invites]\r\ncampaign = "c"\r\ncontacts = "联系人.csv"\r\n'
    )
    rules.write_bytes(text.encode(encoding))
    assert record_contacts(rules, tmp_path / "新联系人.csv") is True
    data = rules.read_bytes()
    assert data.decode(encoding) == text.replace('"联系人.csv"', '"新联系人.csv"')
    assert read_rules_text(rules) == text.replace('"联系人.csv"', '"新联系人.csv"').lstrip("\ufeff")


def test_a_rules_file_that_cannot_be_read_as_text_is_left_with_a_warning(tmp_path):
    from scheduler.files.rules_contacts import record_contacts

    rules = tmp_path / "timetable.toml"
    data = b'title = "x"\n[invites]\ncontacts = "a.csv"\n\x00\x01'
    rules.write_bytes(data)
    assert record_contacts(rules, tmp_path / "b.csv") is None
    assert rules.read_bytes() == data


def test_solving_the_source_again_after_send_contacts_names_the_contacts_it_would_drop(example, servers, tmp_path):
    """QA upgrade22 F3: after `send --contacts FILE` (a bounced address corrected) the folder's rules name FILE,
    but `solve SOURCE --out DIR` wrote the source's contacts back without a word beyond "邮箱改为 <the bounced
    address>" among the updates: the folder's contacts line is one of the changes the source lacks."""
    from tests.replies_helpers import run as run_command

    out = tmp_path / "out"
    source = example / NOTICE.name
    assert run_command("solve", str(source), "--out", str(out)).exit_code == 0
    given = tmp_path / "新联系人.csv"
    text = (example / "contacts_2021.csv").read_text(encoding="utf-8-sig")
    given.write_text(text.replace("czj@example.org", "caizheng@example.test"), encoding="utf-8")
    assert send(out / "timetable.csv", "--contacts", str(given), server=servers(tls="starttls")).exit_code == 0
    before = (out / "timetable.toml").read_bytes()

    again = run_command("solve", str(source), "--out", str(out))
    assert again.exit_code == 2, again.output
    said = f'[invites] contacts = "{given.resolve()}"（send 或 ics 的 --contacts 所记的联系人表；'
    assert said in again.output and "contacts_2021.csv" in again.output and "--discard-changes" in again.output
    assert "第 " in again.output and (out / "timetable.toml").read_bytes() == before  # nothing written
    english = run_command("solve", str(source), "--out", str(out), "--lang", "en")
    assert "the contacts table --contacts of send or ics recorded" in english.output, english.output
    dropped = run_command("solve", str(source), "--out", str(out), "--discard-changes")
    assert dropped.exit_code == 0 and said in dropped.output, dropped.output
    assert 'contacts = "contacts_2021.csv"' in (out / "timetable.toml").read_text(encoding="utf-8")
    unchanged = run_command("solve", str(source), "--out", str(out))  # the folder's copy of the source's: no change
    assert unchanged.exit_code == 0, unchanged.output


def test_the_offices_own_rules_file_is_not_rewritten_by_send_contacts(example, servers, tmp_path):
    """Review, Twenty-first session: `send --contacts FILE` rewrote the office's own rules file (an input the
    command was not asked to change). Only a rules file this program wrote (`solve --out`'s timetable.toml)
    is rewritten; the office's own is left byte for byte, and one line names the exact line to change."""
    import json

    rules = example / "notice_2021.toml"
    before = rules.read_bytes()
    line = before.decode("utf-8").splitlines().index('contacts = "contacts_2021.csv"') + 1
    given = tmp_path / "given.csv"
    text = (example / "contacts_2021.csv").read_text(encoding="utf-8-sig")
    given.write_text(text.replace("czj@example.org", "caizheng@example.test"), encoding="utf-8")
    result = send(example / NOTICE.name, "--contacts", str(given), server=servers(tls="starttls"))
    assert result.exit_code == 0, result.output
    assert rules.read_bytes() == before
    written = f"contacts = {json.dumps(str(given.resolve()), ensure_ascii=False)}"
    assert f"{rules} 第 {line} 行" in result.output, result.output
    assert written in result.output, result.output
    assert "已改为" not in result.output


def test_the_line_an_office_rules_file_needs_is_named_and_only_our_own_is_written(tmp_path):
    from scheduler.files.rules_contacts import ContactsLine, record_contacts
    from scheduler.files.rules_file import WRITTEN_HEAD

    office = tmp_path / "notice.toml"
    office.write_text('title = "x"\n[invites]\ncampaign = "c"\n', encoding="utf-8")
    assert record_contacts(office, tmp_path / "b.csv") == ContactsLine(2, 'contacts = "b.csv"', added=True)
    assert office.read_text(encoding="utf-8") == 'title = "x"\n[invites]\ncampaign = "c"\n'
    ours = tmp_path / "timetable.toml"
    ours.write_text(f'{WRITTEN_HEAD} (from notice.toml)\n[invites]\ncontacts = "a.csv"\n', encoding="utf-8")
    assert record_contacts(ours, tmp_path / "b.csv") is True
    assert ours.read_text(encoding="utf-8").endswith('[invites]\ncontacts = "b.csv"\n')
    assert record_contacts(ours, tmp_path / "b.csv") is False
