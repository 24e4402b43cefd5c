"""``replies`` on an office mailbox as it really is (QA qamailbox25), against a real IMAP server (Dovecot on
127.0.0.1, started here): the units' replies to the office's other notices, before and after the invites
were mailed, among the answers and bounces that matter."""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime

import pytest

from tests import reply_mails as shapes
from tests.imap_helpers import DOVECOT, PASSWORD, USER, start_dovecot
from tests.imap_proxy import ImapProxy
from tests.replies_helpers import answer, campaign, row, run

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


def ours(invite) -> str:
    """Our invite's Message-ID, as the journal records it (``tests.replies_helpers.mark_sent``)."""
    return f"<{invite.journal_key.replace('/', '.')}.{invite.sequence}@example.org>"


def test_read_receipts_are_no_answer_no_letter_and_hold_no_reminder(dovecot, sent):
    """QA qamailbox25 F2: a read receipt (Outlook's and Coremail's RFC 8098 MDN, Foxmail's plain 收条) was
    "有邮件待人工查看" and held the unit's reminders, even after it had accepted. Now each is said as a read
    receipt, the unanswered unit's row says it opened the invite, the answered unit's row is untouched; and
    a 参会回执 written by hand (subject "回执：…", words a person wrote) is still a letter to read."""
    table, invites = sent
    folder = "收件箱-f2"
    summary = "邀请：基层政务公开标准对接："
    receipts = [
        shapes.read_receipt("wgtlj@example.org", summary + "区文广体旅局", ours(invites["区文广体旅局"])),
        shapes.read_receipt("sfj@example.org", summary + "区司法局", ours(invites["区司法局"]), "foxmail"),
        shapes.read_receipt("mzj@example.org", summary + "区民政局", ours(invites["区民政局"]), "coremail"),
        shapes.read_receipt("zrzyj@example.org", summary + "区自然资源局", ours(invites["区自然资源局"])),
    ]
    words = "参会回执：我局派刘某参加，联系电话见附件"
    handwritten = shapes.plain_reply(
        "czj@example.org", "回执：" + summary + "区财政局", words, "<hz1@example.org>", ours(invites["区财政局"])
    )
    dovecot.deliver(shapes.outlook(answer(invites["区自然资源局"])), folder=folder, at=AFTER)  # accepted first
    for mail in (*receipts, handwritten):
        dovecot.deliver(mail, folder=folder, at=datetime(2021, 9, 8, 2, 0, tzinfo=UTC))
    result = imap(dovecot, table, folder)
    assert result.exit_code == 0, result.output
    for unit in ("区文广体旅局", "区司法局", "区民政局", "区自然资源局"):
        (line,) = [line for line in result.output.splitlines() if line.startswith(f"{unit} 已读邀请（已读回执")]
        assert "不是答复" in line and "不影响提醒" in line, line
        assert "有邮件待人工查看" not in row(result.output, unit)
    for unit in ("区文广体旅局", "区司法局", "区民政局"):
        assert "已读邀请（已读回执，9月8日 10:00），尚未答复" in row(result.output, unit), result.output
    assert "已读" not in row(result.output, "区自然资源局") and "接受" in row(result.output, "区自然资源局")
    assert "有邮件待人工查看（9月7日 9:00，“参会回执：我局派刘某参加" in row(result.output, "区财政局")
    assert "已读邀请、尚未答复 3 个：区文广体旅局、区司法局、区民政局" in result.output, result.output


def test_a_bounce_is_told_by_its_kind_what_to_do_and_which_option_lets_mail_go(dovecot, sent):
    """QA qamailbox25 F3: a full mailbox (5.2.2, Coremail's 552 "收件人邮箱已满") and a spam refusal (5.7.1)
    were told as a wrong address ("请核对其邮件地址") though there is nothing to correct. Each bounce now
    says what it is and what to do; a wrong address (5.1.1) still says to correct it; every line says that
    nothing more goes there until then and names ``send --allow-bounced``; and the row names the kind."""
    table, invites = sent
    folder = "收件箱-f3"

    def returned(unit: str) -> bytes:
        invite = invites[unit]
        return shapes.invite_mail(invite.attendee.address or "", ours(invite), invite.data)

    address = {unit: invites[unit].attendee.address or "" for unit in ("区住建局", "区民政局", "区司法局", "区财政局")}
    full = "552 Requested mail action aborted: exceeded mailbox size limit（收件人邮箱已满）"
    for mail in (
        shapes.bounce(returned("区住建局"), address["区住建局"], "5.2.2"),
        shapes.coremail_bounce(returned("区民政局"), address["区民政局"], reason=full),
        shapes.bounce(returned("区司法局"), address["区司法局"], "5.7.1"),
        shapes.bounce(returned("区财政局"), address["区财政局"], "5.1.1"),
    ):
        dovecot.deliver(mail, folder=folder, at=AFTER)
    result = imap(dovecot, table, folder)
    assert result.exit_code == 0, result.output
    lines = {unit: next(line for line in result.output.splitlines() if f"寄给 {unit}（" in line) for unit in address}
    for unit in ("区住建局", "区民政局"):
        assert "对方邮箱已满，地址没有错：请电话告知对方清理邮箱，然后用命令行 send --allow-bounced 重寄" in lines[unit]
        assert "对方邮箱已满" in row(result.output, unit)
    assert "被对方服务器当作垃圾邮件或按其规定拒收，地址没有错" in lines["区司法局"]
    assert "send --allow-bounced 重寄" in lines["区司法局"]
    assert "地址不对" in lines["区财政局"] and "在通讯录中改正" in lines["区财政局"]
    for unit, line in lines.items():
        assert "不再寄往这个地址" in line and "send --allow-bounced" in line, line
        if unit != "区财政局":
            assert "核对" not in line and "地址不对" not in line, line


def test_a_server_refusing_starttls_is_one_line_that_reading_did_not_start_with_its_words(dovecot, sent):
    """QA qamailbox25 F4: a ``NO`` to STARTTLS said "读取中断…已读到的答复已保存，重新运行同一命令即可继续" with
    imaplib's English ("Couldn't establish TLS session"): nothing had been read, not even a login. Now it
    says reading did not start, with the server's own words, and shows no table; exit 1."""
    table, _ = sent

    def client(line: bytes) -> bytes | None:
        found = re.match(rb"(\S+) STARTTLS\b", line, re.IGNORECASE)
        return found[1] + b" NO [UNAVAILABLE] TLS not available now\r\n" if found else None

    proxy = ImapProxy(dovecot.imap_port, client=client)
    try:
        options = ["--imap-host", "127.0.0.1", "--user", USER, "--imap-port", str(proxy.port), "--starttls"]
        options += ["--cafile", str(dovecot.cafile)]
        env = {"DOCKING_IMAP_PASSWORD": PASSWORD, "DOCKING_SMTP_PASSWORD": None}
        result = run("replies", str(table), *options, env=env)
    finally:
        proxy.close()
    assert result.exit_code == 1, result.output
    (line,) = [line for line in result.output.splitlines() if line.strip()]
    assert line.startswith("读取未开始：IMAP 服务器 127.0.0.1:") and "拒绝了 STARTTLS" in line, line
    assert "TLS not available now" in line and "未登录" in line, line
    assert "Couldn't" not in line and "重新运行同一命令即可继续" not in line


def test_the_headline_counts_this_campaign_s_new_answers_and_the_others_beside(dovecot, sent):
    """QA qamailbox25 F5: "新的日历答复邮件 1335 封" when one answer to this campaign came among 1,334 answers to
    other campaigns' invites in the same mailbox. The headline counts this campaign's, the others beside."""
    table, invites = sent
    folder = "收件箱-f5"
    for number in range(4):  # units answering the office's other meetings (another UID each)
        other = answer(invites["区民政局"], uid=f"other-meeting-{number}@oa.example.test", comment=f"第{number}次")
        dovecot.deliver(shapes.outlook(other), folder=folder, at=AFTER)
    dovecot.deliver(shapes.outlook(answer(invites["区环保局"])), folder=folder, at=AFTER)
    result = imap(dovecot, table, folder)
    assert result.exit_code == 0, result.output
    assert "检查 5 封邮件，新的日历答复邮件 1 封（另有 4 封是其他邀请的答复），此前已读 0 封" in result.output, (
        result.output
    )
    assert "4 封答复的不是本次的邀请" in result.output  # said once, summed
    assert "接受" in row(result.output, "区环保局")
    # F9: the other invites' answers are remembered by their keys alone, known (not counted) next run
    ledger = [json.loads(line) for line in (table.parent / "replies-ledger.jsonl").read_text("utf-8").splitlines()]
    mails = [line for line in ledger if line["kind"] == "mail"]
    assert sum(1 for line in mails if set(line) == {"v", "kind", "key", "read_at", "aside"}) == 4, mails
    assert not any("other-meeting" in json.dumps(line) for line in ledger)
    again = imap(dovecot, table, folder)
    assert again.exit_code == 0 and "检查 0 封邮件" in again.output and "不是本次的邀请" not in again.output
    assert "接受" in row(again.output, "区环保局")


def test_an_untrusted_answer_says_when_and_how_to_make_it_count_and_an_alias_named_as_delegate_counts(dovecot, sent):
    """QA qamailbox25 F6: an answer from a clerk's personal QQ mailbox, and one from the invited mailbox whose
    DingTalk account writes its alias as ATTENDEE, were "未采信" with no date and no remedy; and the alias in
    the contacts' 代理邮箱 column did not help, since a delegate had also to be the From. Now each line has
    the mail's date and names the 代理邮箱 column; and an ATTENDEE the office named as the unit's 代理邮箱,
    sent from the unit's invited address, counts (both addresses the office wrote down for it)."""
    table, invites = sent
    folder = "收件箱-f6"
    alias = "scjgj@dingtalk.example.test"
    dingtalk = answer(invites["区市场监管局"], attendee=alias, sender="scjgj@example.org")
    personal = answer(invites["区环保局"], sender="1234567@qq.example.test")
    for reply in (dingtalk, personal):
        dovecot.deliver(shapes.outlook(reply), folder=folder, at=AFTER)
    first = imap(dovecot, table, folder)
    assert first.exit_code == 0, first.output
    lines = [line for line in first.output.splitlines() if line.startswith("邮件") and "未采信：" in line]
    assert len(lines) == 2, first.output
    for address in (alias, "1234567@qq.example.test"):
        (line,) = [
            line for line in lines if f"如 {address} 确是该单位的人或其地址，把它写入联系人表的 代理邮箱 列" in line
        ]
        assert "，9月6日 18:00）" in line, line
    assert "未答复" in row(first.output, "区市场监管局")

    contacts = table.parent / "contacts_2021.csv"
    rows = contacts.read_text(encoding="utf-8-sig").splitlines()
    rows[0] += ",代理邮箱"
    rows[1:] = [line + ("," + alias if line.startswith("区市场监管局,") else ",") for line in rows[1:]]
    contacts.write_text("\n".join(rows) + "\n", encoding="utf-8")
    again = run("replies", str(table))
    assert again.exit_code == 0, again.output
    assert "接受" in row(again.output, "区市场监管局") and alias in row(again.output, "区市场监管局"), again.output
    assert "未答复" in row(again.output, "区环保局")  # its QQ mailbox is named nowhere


def test_a_password_login_cannot_carry_on_a_server_without_auth_plain_is_one_chinese_line(dovecot, sent):
    """QA qamailbox25 F8: a server offering no AUTH=PLAIN and a password beyond ASCII: the client sent
    AUTHENTICATE PLAIN all the same and the office read only the server's English. Now one line says why,
    before anything is sent: LOGIN cannot carry such a password; use an ASCII one or the app password."""
    table, _ = sent
    commands: list[bytes] = []

    def server(pieces, _command):
        return re.sub(rb" AUTH=PLAIN(?=[ \]\r])", b"", b"".join(line + literal for line, literal in pieces))

    def client(line: bytes) -> None:
        commands.append(line.split(b" ")[1].upper() if b" " in line else line)  # passed on, seen

    proxy = ImapProxy(dovecot.imap_port, server=server, client=client)
    try:
        options = ["--imap-host", "127.0.0.1", "--user", USER, "--imap-port", str(proxy.port), "--insecure-plain"]
        env = {"DOCKING_IMAP_PASSWORD": "imap-Pässwort-密码-1", "DOCKING_SMTP_PASSWORD": None}
        result = run("replies", str(table), *options, env=env)
    finally:
        proxy.close()
    assert result.exit_code == 1, result.output
    (line,) = [line for line in result.output.splitlines() if line.startswith("读取未开始")]
    assert "只接受 LOGIN 登录（不提供 AUTHENTICATE PLAIN）" in line and "授权码" in line, result.output
    assert "Unsupported" not in result.output and "密码-1" not in result.output
    assert b"CAPABILITY" in commands and not any(c.startswith((b"AUTHENTICATE", b"LOGIN")) for c in commands)


def test_a_winmail_dat_without_words_says_where_to_read_it_not_its_subject(dovecot, sent):
    """QA qamailbox25 F7: Outlook's winmail.dat answer said "请手工查看：“-”" (its empty text quoted), and the row
    quoted its subject "已接受: …", which a clerk reading only the row takes for an accept."""
    table, invites = sent
    folder = "收件箱-f7"
    subject = shapes._word("已接受: 邀请：基层政务公开标准对接：区应急管理局")
    mail = (
        f"From: yjglj@example.org\r\nTo: zwgk-office@example.org\r\nSubject: {subject}\r\n"
        f"Date: Tue, 07 Sep 2021 09:00:00 +0800\r\nMessage-ID: <tnef-1@example.org>\r\n"
        f"In-Reply-To: {ours(invites['区应急管理局'])}\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n\r\n"
        "--b\r\nContent-Type: application/ms-tnef; name=winmail.dat\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        "eJ8+IhAA\r\n--b--\r\n"
    ).encode()
    dovecot.deliver(mail, folder=folder, at=AFTER)
    result = imap(dovecot, table, folder)
    assert result.exit_code == 0, result.output
    (line,) = [line for line in result.output.splitlines() if "winmail.dat 中，无法读取）" in line]
    assert line.endswith("请手工查看：请在 Outlook 中打开") and "“-”" not in line, line
    noted = row(result.output, "区应急管理局")
    assert "有邮件待人工查看（9月7日 9:00，没有文字，日历在 Outlook 的 winmail.dat 中，无法读取" in noted, noted
    assert "“已接受" not in noted
