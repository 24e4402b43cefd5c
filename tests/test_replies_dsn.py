"""Delivery status notifications (RFC 3464): only ``Action: failed`` is a bounce."""

from scheduler.replies.mime import parse_mail
from scheduler.replies.returns import returned


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
