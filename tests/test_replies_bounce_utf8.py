"""A bounce of mail to an address whose part before ``@`` is Chinese (QA qacnmail19 F6): the report's
address is read as UTF-8 (raw, or RFC 6533's ``utf-8;`` with ``\\x{…}``), and the address the journal
recorded for the returned message decides whose mail bounced."""

from __future__ import annotations

import pytest

from scheduler.replies.mime import parse_mail
from scheduler.replies.returns import returned
from tests import reply_mails as shapes
from tests.conftest import edit
from tests.replies_helpers import campaign, maildir, row, run

MAILBOX = "财务科@xn--zfr164b.xn--fiqs8s"


def _ours(to: str) -> bytes:
    return shapes.invite_mail(to, "<x.0@example.org>", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")


@pytest.mark.parametrize(
    "field",
    [MAILBOX, r"\x{8D22}\x{52A1}\x{79D1}@xn--zfr164b.xn--fiqs8s"],
)
def test_a_reports_utf8_recipient_is_read_as_utf8(field):
    mail = shapes.bounce(_ours(MAILBOX), field).replace(b"rfc822; ", b"utf-8; ")
    got = returned(parse_mail(mail))
    assert got is not None and got.recipient == MAILBOX


def _sent(example, address: str):
    edit(example / "contacts_2021.csv", "区财政局,czj@example.org,刘某\n", f"区财政局,{address},刘某\n")
    invites = campaign(example)
    invite = invites["区财政局"]
    message_id = f"<{invite.journal_key.replace('/', '.')}.{invite.sequence}@example.org>"  # as mark_sent
    return example / "notice_2021.csv", invite, message_id


def test_the_bounce_of_a_chinese_mailbox_marks_the_unit_and_stops_its_reminders(example, tmp_path):
    """Before: 寄给 区财政局（���������@xn--…）的邀请被退回, the row plain 未答复, the reminder written."""
    table, invite, message_id = _sent(example, "财务科@政务.中国")
    box = maildir(tmp_path / "Maildir", shapes.bounce(shapes.invite_mail(MAILBOX, message_id, invite.data), MAILBOX))
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    assert "\ufffd" not in result.output
    assert "邀请被退回（5.1.1" in row(result.output, "区财政局")
    assert "邀请被退回 1 个：区财政局" in result.output
    remind = run(
        "send",
        str(table),
        "--remind",
        "--dry-run",
        str(tmp_path / "drr"),
        env={"DOCKING_NOW": "2021-09-07T09:00:00+08:00"},
    )
    assert "未提醒 区财政局" in remind.output, remind.output


def test_a_bounce_naming_another_address_counts_for_the_one_the_journal_mailed(example, tmp_path):
    """A forward to a relay that bounced, the returned headers' To rewritten: the journal says where the
    returned message went, and that address is the one that does not receive."""
    table, invite, message_id = _sent(example, "czj@example.org")
    returned_mail = shapes.invite_mail("undisclosed-recipients:;", message_id, invite.data)
    box = maildir(tmp_path / "Maildir", shapes.bounce(returned_mail, "czj@relay.example.org", headers_only=True))
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    assert "邀请被退回（5.1.1" in row(result.output, "区财政局")
