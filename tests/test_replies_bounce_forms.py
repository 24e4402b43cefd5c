"""Returned mail that is not an RFC 3464 report (QA qacnmail19 F1): Exmail/QQ's "退信：…", 163/Coremail's
"系统退信", qmail's "failure notice" are bounces, known by what they carry: a mail-system sender or a
returned-mail subject, the server's 4xx/5xx answer, the failed address and our mail (or its headers)."""

from __future__ import annotations

import re

import pytest

from scheduler.replies.mime import parse_mail
from scheduler.replies.returns import returned
from tests import reply_mails as shapes
from tests.replies_helpers import campaign, maildir, row, run

OURS = shapes.invite_mail("wjw@example.org", "<f5d63c3b.0@example.org>", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")


@pytest.mark.parametrize(
    ("mail", "status"),
    [
        (shapes.exmail_bounce(OURS, "wjw@example.org"), "5.1.1"),
        (shapes.coremail_bounce(OURS, "wjw@example.org"), "550"),
        (shapes.qmail_bounce(OURS, "wjw@example.org"), "5.1.1"),
        (shapes.coremail_bounce(OURS, "wjw@example.org", reason="552 Mailbox quota exceeded 邮箱已满"), "552"),
    ],
)
def test_a_returned_mail_in_a_mail_providers_own_shape_is_a_bounce(mail, status):
    got = returned(parse_mail(mail))
    assert got is not None
    assert (got.status, got.recipient) == (status, "wjw@example.org")
    assert got.mail is not None and got.mail.get("Message-ID") == "<f5d63c3b.0@example.org>"


def test_a_bounce_that_gives_no_code_is_known_by_its_words():
    mail = shapes.qmail_bounce(OURS, "wjw@example.org", subject="Mail System Notice")
    mail = mail.replace(b"Remote host said: 550 5.1.1", b"Remote host said: the message could not be delivered")
    got = returned(parse_mail(mail))
    assert got is not None and (got.status, got.recipient) == ("-", "wjw@example.org")


def test_a_bounce_without_the_returned_mail_still_names_the_failed_address():
    mail = shapes.coremail_bounce(OURS, "wjw@example.org")
    cut = mail.split(b"--CC\r\nContent-Type: text/rfc822-headers")[0] + b"--CC--\r\n"
    got = returned(parse_mail(cut))
    assert got is not None and (got.status, got.recipient, got.mail) == ("550", "wjw@example.org", None)


def _swap(mail: bytes, old: str, new: str, charset: str = "utf-8") -> bytes:
    """``mail`` with the RFC 2047 word of ``old`` in its headers written as ``new``."""
    before, after = shapes._word(old, charset).encode(), shapes._word(new, charset).encode()
    assert before in mail
    return mail.replace(before, after)


@pytest.mark.parametrize(
    "mail",
    [
        # a delay notice: the server still tries
        _swap(
            shapes.coremail_bounce(OURS, "wjw@example.org", reason="451 4.4.1 系统繁忙"),
            "系统退信",
            "邮件延迟投递通知",
            "gbk",
        ),
        # a clerk forwarding our invite with a number in her words: not from a mail system, no bounce subject
        _swap(
            _swap(shapes.exmail_bounce(OURS, "wjw@example.org"), "系统退信", "张某"),
            "退信：" + shapes.INVITE_SUBJECT,
            "转发：" + shapes.INVITE_SUBJECT,
        ).replace(b"postmaster@qq.example.org", b"wjw@example.org"),
        # a quarantine notice from a mail system: no server answer, no returned-mail subject
        shapes.qmail_bounce(OURS, "wjw@example.org", subject="Spam quarantine summary").replace(b"550 5.1.1", b"held"),
    ],
)
def test_mail_that_only_looks_like_a_bounce_is_not_one(mail):
    assert returned(parse_mail(mail)) is None


@pytest.fixture
def sent(example):
    return example / "notice_2021.csv", campaign(example)


def test_non_dsn_bounces_are_named_with_the_unit_and_marked_on_its_row(sent, tmp_path):
    """Before: the Exmail shape was "1 封日历邮件不是答复", the Coremail one said nothing, and both units stayed
    plain 未答复 (and were reminded at the address that bounced)."""
    table, invites = sent

    def ours(unit: str) -> bytes:
        invite = invites[unit]
        message_id = f"<{invite.journal_key.replace('/', '.')}.{invite.sequence}@example.org>"  # as mark_sent
        return shapes.invite_mail(invite.attendee.address or "", message_id, invite.data)

    address = {unit: invites[unit].attendee.address or "" for unit in ("区住建局", "区民政局", "区财政局", "区卫健委")}
    bare = shapes.coremail_bounce(ours("区卫健委"), address["区卫健委"])  # the returned headers cut off
    bare = bare.split(b"--CC\r\nContent-Type: text/rfc822-headers")[0] + b"--CC--\r\n"
    box = maildir(
        tmp_path / "Maildir",
        shapes.exmail_bounce(ours("区住建局"), address["区住建局"]),
        shapes.coremail_bounce(ours("区民政局"), address["区民政局"]),
        shapes.qmail_bounce(ours("区财政局"), address["区财政局"]),
        bare,
    )
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    assert "不是答复" not in result.output
    assert f"寄给 区住建局（{address['区住建局']}）的邀请被退回（5.1.1）" in result.output
    assert f"寄给 区民政局（{address['区民政局']}）的邀请被退回（550）" in result.output
    assert f"寄给 区财政局（{address['区财政局']}）的邀请被退回（5.1.1）" in result.output
    assert f"邀请被退回（550，地址不对，{address['区民政局']}）" in row(result.output, "区民政局")
    assert f"邀请被退回（550，地址不对，{address['区卫健委']}）" in row(result.output, "区卫健委")
    assert re.search("邀请被退回 4 个：", result.output)
