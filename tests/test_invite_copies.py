"""A unit's invite to each of its further addresses (docs/invites.md, "A unit sending several people")
is the unit's invite with that address as ATTENDEE: the copies are derived from the unit's rendering,
not rendered again (QA qashapes20 F3: 5,000 units with three addresses each), and hold exactly the
bytes a rendering of their own gives, also when a template names the contact person."""

from __future__ import annotations

from dataclasses import replace

import pytest

import scheduler.invites.calendar as calendar
from scheduler.files.contacts import Contact
from tests.invite_helpers import load_notice_timetable, notice_export

UNIT = "区财政局"
ADDRESSES = (("czj@example.org", "刘某"), ("czj2@example.org", "陈某"), ("czj3@example.org", ""))


def _contacts(first: int = 0, more: bool = True) -> dict[str, Contact]:
    address, person = ADDRESSES[first]
    further = tuple(pair for i, pair in enumerate(ADDRESSES) if i != first) if more else ()
    return {UNIT: Contact(UNIT, address, person, more=further)}


def _settings(description: str) -> calendar.InviteSettings:
    from tests.invite_helpers import notice_settings

    return replace(notice_settings(), description=description)


@pytest.mark.parametrize("description", ["", "{unit}：请{contact}参加。\n{time} {room}"])
def test_each_copy_holds_the_bytes_of_an_invite_rendered_for_its_address_alone(description):
    settings = _settings(description)
    timetable = load_notice_timetable()
    made = notice_export(timetable, settings=settings, contacts=_contacts())
    copies = {i.attendee.address: i for i in made.invites if i.unit == UNIT}
    assert set(copies) == {address for address, _ in ADDRESSES}
    for first, (address, _) in enumerate(ADDRESSES):
        alone = notice_export(timetable, settings=settings, contacts=_contacts(first, more=False))
        (own,) = [i for i in alone.invites if i.unit == UNIT]
        assert copies[address].data == own.data  # the same UID, SEQUENCE 0, DTSTAMP: the very bytes


@pytest.mark.parametrize(("description", "heads"), [("", 1), ("{unit}：请{contact}参加。", 3)])
def test_a_copy_is_rendered_again_only_when_its_text_differs(monkeypatch, description, heads):
    """One unit, three addresses: its meeting is rendered once for all three (and once for the office's
    calendar), unless a template names the contact, whose person differs from copy to copy."""
    rendered: list[str] = []
    head = calendar._head

    def counted(uid, start, end, summary, *rest):
        if UNIT in summary:
            rendered.append(summary)
        return head(uid, start, end, summary, *rest)

    monkeypatch.setattr(calendar, "_head", counted)
    notice_export(load_notice_timetable(), settings=_settings(description), contacts=_contacts())
    office = calendar._text("invite.office_summary", unit=UNIT)
    assert len([s for s in rendered if s != office]) == heads
