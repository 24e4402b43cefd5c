"""Delivery status notifications (RFC 3464): only ``Action: failed`` is a bounce."""

import pytest

from scheduler.replies.mime import parse_mail
from scheduler.replies.returns import cause_of, returned


def _dsn(action: str, status: str) -> bytes:
    return (
        "From: MAILER-DAEMON@example.org\r\n"
        "To: organizer@example.org\r\n"
        "Subject: Delivery Status Notification\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n'
        "\r\n--b\r\nContent-Type: text/plain\r\n\r\nnotice\r\n"
        "--b\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.org\r\n\r\n"
        "Final-Recipient: rfc822; wang@example.org\r\n"
        f"Action: {action}\r\nStatus: {status}\r\n\r\n"
        "--b--\r\n"
    ).encode()


def _read(raw: bytes):
    return parse_mail(raw)  # the reader's own parsing (compat32), not the email package's default


def test_a_delay_report_is_not_a_bounce() -> None:
    assert returned(_read(_dsn("delayed", "4.4.7"))) is None


def test_a_failure_report_is_a_bounce_naming_the_recipient() -> None:
    got = returned(_read(_dsn("failed", "5.1.1")))
    assert got is not None
    assert (got.status, got.recipient) == ("5.1.1", "wang@example.org")


@pytest.mark.parametrize(
    ("status", "words", "cause"),
    [
        ("5.1.1", "", "address"),  # bad mailbox
        ("5.1.2", "", "address"),  # bad domain
        ("5.2.1", "", "address"),  # mailbox disabled: a new address is needed
        ("5.2.2", "Mailbox full", "full"),
        ("4.2.2", "", "full"),  # full, the server gave up retrying
        ("5.7.1", "Message rejected as spam by content filter", "policy"),
        ("5.7.1", "User unknown", "policy"),  # the status is the server's own word: it wins over the text
        ("4.4.7", "", "temporary"),  # gave up after retrying
        ("5.3.4", "", "other"),  # message too big
        ("552", "exceeded mailbox size limit（收件人邮箱已满）", "full"),  # Coremail: a reply code and words
        ("550", "User is over quota", "full"),  # a 550 that says "full"
        ("550", "User not found", "address"),
        ("554", "被对方当作垃圾邮件拒收", "policy"),
        ("552", "", "full"),  # RFC 5321: storage allocation exceeded
        ("550", "", "address"),
        ("451", "", "temporary"),
        ("-", "", "other"),  # a mail system's words saying only that mail came back
    ],
)
def test_a_bounce_s_cause_is_read_from_its_status_else_its_words_else_its_code(status, words, cause) -> None:
    """QA qamailbox25 F3: every bounce was told as a wrong address; a full mailbox and a spam refusal are not."""
    assert cause_of(status, words) == cause
