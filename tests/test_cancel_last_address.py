"""A cancellation goes to the address the invite was last mailed to (QA calendar report, M2): a unit
mailed its invite, then its address cleared (its file becomes a PUBLISH, nothing mailed), then taken off
the table, used to get a PUBLISH cancellation nobody was sent; the journal knows where the invite went.
The same for a meeting participant."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

from scheduler.mail.flow import SendRequest, send_invites
from scheduler.mail.smtp import PLAIN, Server
from tests.conftest import edit
from tests.safety_helpers import Accepting
from tests.test_meetings_mail import campaign as campaign  # the fixture


def _mail(request: SendRequest) -> list:
    accepting = Accepting()
    report = send_invites(request, transport=accepting)
    assert report.ok
    return accepting.mails


def _calendar(mail) -> str:
    message = email.message_from_bytes(mail.data, policy=policy.default)
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return part.get_content()


def test_a_unit_whose_address_was_cleared_before_it_left_the_table_is_sent_its_cancellation(example: Path):
    table = example / "notice_2021.csv"
    request = SendRequest(table, server=Server("127.0.0.1", 9, PLAIN))
    first = _mail(request)
    assert ("区卫健委", "wjw@example.org") in {(m.unit, m.recipient) for m in first}
    edit(example / "contacts_2021.csv", "区卫健委,wjw@example.org,何某\n", "")
    assert _mail(request) == []  # a PUBLISH, to hand over: nothing mailed
    edit(table, "17,9 月 10 日 8:00,区卫健委,,部门,\n", "")
    (cancel,) = _mail(request)
    assert (cancel.unit, cancel.recipient, cancel.sequence) == ("区卫健委", "wjw@example.org", 2)
    text = _calendar(cancel)
    assert "METHOD:CANCEL" in text and "STATUS:CANCELLED" in text and "mailto:wjw@example.org" in text


def test_a_participant_whose_address_was_cleared_before_they_were_taken_off_is_sent_a_cancellation(campaign):
    request = SendRequest(campaign, server=Server("127.0.0.1", 9, PLAIN))
    assert any(m.recipient == "sun@example.org" for m in _mail(request))
    edit(campaign.parent / "people_2025.csv", "孙科员,区政府办公室,sun@example.org,", "孙科员,区政府办公室,,")
    assert all(m.recipient != "sun@example.org" for m in _mail(request))
    edit(campaign, "赵科员、孙科员", "赵科员")  # off 政务公开工作推进会
    (cancel,) = _mail(request)
    assert (cancel.unit, cancel.recipient) == ("孙科员", "sun@example.org")
    text = _calendar(cancel)
    assert "METHOD:CANCEL" in text and "政务公开工作推进会" in text and "ROLE=OPT-PARTICIPANT" in text
