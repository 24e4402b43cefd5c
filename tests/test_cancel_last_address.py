"""A cancellation goes to the address the invite was last mailed to (QA calendar report, M2): a unit
mailed its invite, then its address cleared (its file becomes a PUBLISH, nothing mailed), then taken off
the table, used to get a PUBLISH cancellation nobody was sent; the journal knows where the invite went.
The same for a meeting participant."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

from scheduler.mail.flow import SendRequest, send_invites
from scheduler.mail.server import PLAIN, Server
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


def test_a_cancellation_written_without_an_address_is_sent_once_the_journal_names_one():
    """Upgrading a folder whose cancellation an earlier release wrote as a PUBLISH (no address): the next
    export makes it a CANCEL to the address last mailed, reported and mailed as a cancellation."""
    from scheduler.invites.calendar import meeting_uid
    from tests.invite_helpers import (
        LATER,
        MUCH_LATER,
        by_unit,
        load_notice_timetable,
        moved,
        notice_export,
        notice_settings,
    )

    first = notice_export()
    contacts = {u: c for u, c in _contacts().items() if u != "区卫健委"}
    cleared = notice_export(state=first.state, now=LATER, contacts=contacts)
    timetable = moved(load_notice_timetable(), {"区卫健委": None})
    old = notice_export(timetable, cleared.state, MUCH_LATER, contacts=contacts)  # as before: no journal
    assert (by_unit(old)["区卫健委"].method, by_unit(old)["区卫健委"].change) == ("PUBLISH", "cancelled")
    uid = meeting_uid(notice_settings().campaign, "区卫健委")
    again = _export_with_mailed(timetable, old.state, contacts, {uid: "wjw@example.org"})
    cancel = by_unit(again)["区卫健委"]
    assert (cancel.method, cancel.change, cancel.attendee.address) == ("CANCEL", "cancelled", "wjw@example.org")
    assert cancel.sequence == by_unit(old)["区卫健委"].sequence + 1


def _contacts() -> dict:
    from scheduler import load
    from scheduler.invites.folder import read_sources
    from tests.invite_helpers import NOTICE, ROOT

    loaded = load(NOTICE)
    return dict(read_sources(loaded.rules, loaded.problem, ROOT / "no-such-folder").contacts.by_unit)


def _export_with_mailed(timetable, state, contacts, mailed):
    from datetime import UTC, datetime

    from scheduler import load
    from scheduler.invites.calendar import build_invites
    from tests.invite_helpers import NOTICE, notice_settings

    loaded = load(NOTICE)
    now = datetime(2021, 9, 8, tzinfo=UTC)
    return build_invites(loaded.problem, timetable, notice_settings(), contacts, state, now, mailed)
