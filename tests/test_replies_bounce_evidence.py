"""A bounce not in RFC 3464's shape needs a mail system's sender and evidence (QA review19 F1, F2): a clerk's
own mail whose subject says 被退回 / 发送失败, a mail carrying an iTIP REPLY, a delay notice are no bounces (a
false bounce marks the unit 邀请被退回 and stops its reminders: worse than a miss)."""

from __future__ import annotations

import base64

import pytest

from scheduler.replies.itip import read_mail
from scheduler.replies.mime import parse_mail
from scheduler.replies.returns import returned
from tests import reply_mails as shapes
from tests.replies_helpers import campaign, maildir, row, run
from tests.test_replies_read import reply

OURS = shapes.invite_mail("czj@example.org", "<f5d63c3b.0@example.org>", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")


def _word(text: str) -> str:
    return "=?utf-8?b?" + base64.b64encode(text.encode()).decode() + "?="


def _mail(sender: str, subject: str, text: str, calendar: str = "") -> bytes:
    """A plain mail from ``sender`` (``名字 <a@b>``), its text and, when given, a REPLY calendar part."""
    name, _, address = sender.partition(" <")
    head = [
        f"From: {_word(name)} <{address}" if address else f"From: {sender}",
        "To: organizer@example.org",
        f"Subject: {_word(subject)}",
        "Date: Tue, 07 Sep 2021 09:00:00 +0800",
        "Message-ID: <r2@qq.example.org>",
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="B"',
        "",
        "--B",
        'Content-Type: text/plain; charset="utf-8"',
        "Content-Transfer-Encoding: base64",
        "",
        base64.b64encode(text.encode()).decode(),
    ]
    if calendar:
        head += [
            "--B",
            'Content-Type: text/calendar; charset="utf-8"; method=REPLY',
            "Content-Transfer-Encoding: base64",
            "",
            base64.b64encode(calendar.encode()).decode(),
        ]
    return "\r\n".join([*head, "--B--", ""]).encode()


CLERK = "刘某 <liu_czj@qq.example.org>"


@pytest.mark.parametrize(
    ("sender", "subject", "text"),
    [
        # a clerk's own mail about materials sent back, the unit's address in her signature
        (
            CLERK,
            "关于我局对接材料被退回的问题",
            "我局上周报送的对接材料被退回了，请问还需要补充什么？对接时间我们没有问题，会按时参加。"
            "联系人：刘某，电话 0571-88888888，单位邮箱 czj@example.org",
        ),
        # the same with a server-like number and our returned subject: still a person's mailbox
        (CLERK, "退信：邀请：基层政务公开标准对接", "我们收到退信 550，单位邮箱 czj@example.org 是对的吗？"),
        # a mail system, but no evidence: no code, no returned mail, only words
        ("系统退信 <postmaster@qq.example.org>", "退信", "您发给 czj@example.org 的邮件无法送达。"),
    ],
)
def test_a_mail_without_a_mail_system_s_evidence_is_no_bounce(sender, subject, text):
    assert returned(parse_mail(_mail(sender, subject, text))) is None


def test_a_resent_acceptance_is_an_answer_not_a_bounce():
    """The clerk resends her acceptance saying the first one failed: before, no answer and a bounce."""
    answer = reply(partstat="ACCEPTED")
    calendar = shapes.foxmail_calendar(answer)
    text = f"您好，上次的回复发送失败了，现重新发送：我单位接受。\r\n联系人：刘某 单位邮箱 {answer.attendee}\r\n"
    got = read_mail(_mail(CLERK, "重发（上次发送失败）接受：" + shapes.INVITE_SUBJECT, text, calendar))
    assert got is not None
    assert got.signals == ()
    assert [(a.attendee, a.partstat) for a in got.answers] == [(answer.attendee, "ACCEPTED")]


def test_a_mail_carrying_a_reply_is_never_a_bounce():
    calendar = shapes.foxmail_calendar(reply(partstat="DECLINED"))
    text = "Delivery failed: 550 5.1.1 czj@example.org"
    mail = _mail("Mail Delivery System <postmaster@mx.example.net>", "Undeliverable", text, calendar)
    assert returned(parse_mail(mail)) is None


DELAYS = [
    ("系统通知", "您发给 czj@example.org 的邮件暂未送达，系统会在24小时内继续尝试投递，您无需重新发送。"),
    ("系统通知", "您发给 czj@example.org 的邮件暂时未能投递成功，服务器将在24小时内继续尝试投递。"),
    (
        "Mail System Notice",
        "Your message to czj@example.org could not be delivered yet. We'll keep trying for 48 hours.",
    ),
    ("系统退信", "您发给 czj@example.org 的邮件未能送达（451 4.4.1），系统稍后将再次投递。"),
    ("Undeliverable", "Your message to czj@example.org could not be delivered (451 4.4.1). The server will retry."),
]


@pytest.mark.parametrize(("subject", "text"), DELAYS)
def test_a_delay_notice_is_never_a_failure(subject, text):
    """With a server's code and our mail's headers copied: the server still tries, so no bounce."""
    copy = OURS.split(b"\r\n\r\n", 1)[0].decode()
    mail = _mail("Mail Delivery System <postmaster@mx.example.net>", subject, f"{text}\r\n\r\n{copy}\r\n")
    assert returned(parse_mail(mail)) is None


@pytest.mark.parametrize(
    "mail",
    [
        shapes.exmail_bounce(OURS, "czj@example.org"),
        shapes.coremail_bounce(OURS, "czj@example.org"),
        shapes.qmail_bounce(OURS, "czj@example.org"),
        # a failure whose words tell the sender what to do (重新发送, try again later) is no delay
        shapes.coremail_bounce(OURS, "czj@example.org", reason="550 User not found，请核对收件人地址后重新发送"),
        shapes.coremail_bounce(OURS, "czj@example.org", reason="550 请您稍后重试或联系对方"),
        shapes.qmail_bounce(OURS, "czj@example.org").replace(b"Sorry it didn't", b"Please try again later. It didn't"),
        # a failure that says it gave up after retrying stays a failure
        shapes.qmail_bounce(OURS, "czj@example.org").replace(
            b"Giving up on 192.0.2.25.", b"The server will retry no more: giving up on 192.0.2.25."
        ),
    ],
)
def test_the_mail_systems_bounces_stay_bounces(mail):
    got = returned(parse_mail(mail))
    assert got is not None and got.recipient == "czj@example.org"


def test_replies_marks_no_unit_returned_for_a_clerk_s_mail_or_a_delay(example, tmp_path):
    """End to end (the reviewer's f1 and f3b): before, 区财政局 was marked 邀请被退回 and no longer mailed."""
    table, invites = example / "notice_2021.csv", campaign(example)
    address = invites["区财政局"].attendee.address or ""
    clerk = _mail(CLERK, "关于我局对接材料被退回的问题", f"我局报送的材料被退回了，会按时参加。单位邮箱 {address}")
    delay = _mail(
        "系统邮件 <postmaster@mail.example.net>", "系统通知", f"您发给 {address} 的邮件暂未送达，系统会继续尝试投递。"
    )
    result = run("replies", str(table), "--maildir", str(maildir(tmp_path / "Maildir", clerk, delay)))
    assert result.exit_code == 0, result.output
    assert "被退回" not in result.output
    assert row(result.output, "区财政局").split()[-1] == "未答复"
