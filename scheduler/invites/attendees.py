"""An invite's ORGANIZER and ATTENDEE lines: a person's address as a ``mailto:`` URI and the name as CN,
and whom a cancellation goes to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from icalendar import vCalAddress

from scheduler.errors import ArgumentError
from scheduler.files.addresses import AddressError, address_key, check_address, mailto, visible
from scheduler.invites.state import Person
from scheduler.text.messages import Message


def cancelled_to(attendee: Person, mailed: str | None) -> Person:
    """Whom a cancellation goes to: the address the journal says the invite was last mailed to (``mailed``)
    when it names another mailbox than ``attendee``'s (or ``attendee`` has none: the address cleared),
    else ``attendee``. One rule for a unit's cancellation and a meeting participant's."""
    if not mailed or (attendee.address is not None and address_key(attendee.address) == address_key(mailed)):
        return attendee
    return replace(attendee, address=mailed)


def cn_text(name: str) -> str:
    """A name as the CN parameter carries it: each ``"`` as a Chinese quotation mark, “ and ” in turn, and
    each line break as a space.

    A parameter value cannot hold ``"`` or a line break (RFC 5545); RFC 6868 writes them ``^'`` and ``^n``,
    which vobject, libical (Evolution, older Thunderbird) and, as far as is known, Outlook show as they
    are. The exact name stays in SUMMARY and DESCRIPTION (TEXT, which every client reads back)."""
    parts = " ".join(name.splitlines()).split('"')
    quoted = [part + ("“" if number % 2 == 0 else "”") for number, part in enumerate(parts[:-1])]
    return "".join(quoted) + parts[-1]


def cal_address(person: Person, **params: str) -> vCalAddress:
    """An ORGANIZER or ATTENDEE: the person's address as an ASCII ``mailto:`` URI (the mail's form of
    it, so that a client matches the ATTENDEE to the mailbox that got the invite), the name as CN."""
    uri, parts = address_parts(person, **params)
    value = vCalAddress(uri)
    for key, param in parts:
        value.params[key] = param
    return value


def address_parts(person: Person, **params: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """What :func:`cal_address` makes, as :meth:`~scheduler.invites.lines.EventLines.address` takes it:
    the URI and the parameters in order (no icalendar objects: a unit's attendee line is one of a kind)."""
    assert person.address is not None
    named = (("CN", cn_text(person.name)),) if person.name else ()  # no name (a delegate known by address): no CN
    return mailto(person.address), named + tuple((key.replace("_", "-").upper(), v) for key, v in params.items())


def check_given(addresses: Iterable[tuple[str, str | None]]) -> None:
    """Each ``(owner, address)`` given to an invite builder in code checked as a contacts table's cell is
    (:func:`~scheduler.files.addresses.check_address`): :class:`~scheduler.errors.ArgumentError` naming the
    owner and the address, never a raw error from deep in the builder, nor an address holding a line
    break kept in ``Invite.attendee.address`` for a host's own mailer to put in a header."""
    for owner, address in addresses:
        if not address:
            continue
        try:
            check_address(address)
        except AddressError as exc:
            said = Message("argument.bad_address", name=owner, value=visible(address), reason=Message(exc.reason))
            raise ArgumentError(said) from None
