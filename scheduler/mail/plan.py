"""What to do with each invite before any mail is sent: send it, or why not (sent before, no address,
never mailed, not invited, bounced, its meeting started). Decided from the invites and the journal's
history alone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from scheduler.errors import InputError
from scheduler.files.addresses import address_key
from scheduler.invites.calendar import Invite
from scheduler.invites.state import is_address_copy
from scheduler.mail.journal import (
    SENT,
    History,
)
from scheduler.mail.message import MAILED, Before
from scheduler.text.messages import Message, worded

SEND, ALREADY, NO_ADDRESS, NEVER_SENT, NOT_INVITED = "send", "already", "no-address", "never-sent", "not-invited"
BOUNCED_CANCEL = "bounced-cancel"
"""The cancellation of a unit's copy to an address whose mail bounced, taken off the contacts (usually
corrected): not mailed (it cannot arrive), and not held as work left (QA qamail18 F7)."""
BOUNCED = "bounced"
PAST = "past"
"""A meeting that has started or is over: no invitation, update or cancellation is mailed for it."""


@dataclass(frozen=True)
class Bounced:
    """Mail to an invite's address came back and the address is still the invitee's: ``address`` is the one
    that bounced, ``status`` the delivery status notification's code (``5.1.1``). The replies ledger tells
    (:mod:`scheduler.replies.bounces`)."""

    address: str
    status: str
    cause: str = "other"
    """Why it bounced, as the office acts on it (``address``, ``full``, ``policy``, ``temporary``,
    ``other``: :func:`scheduler.replies.returns.cause_of`); its line's advice is the catalog's
    ``mail.bounce_advice.<cause>``."""

    @property
    def advice(self) -> Message:
        """What to do, for this cause (and that nothing more goes to the address until then)."""
        return Message(f"mail.bounce_advice.{self.cause or 'other'}")


@dataclass(frozen=True)
class Step:
    """What to do with one invite.

    ``action``: ``send``; ``already`` (this UID and SEQUENCE was sent before);
    ``no-address`` (a PUBLISH: nothing to mail); ``never-sent`` (``--only-changed``
    and the unit was never mailed); ``not-invited`` (a CANCEL for a unit that was
    never mailed the invite); ``bounced`` (it would be sent, but mail to its address
    bounced: ``bounce`` says which and how; not journaled, so it goes out once the
    address is corrected or the office allows it: then it is ``send`` with its
    ``bounce``). ``updated``: an earlier SEQUENCE was sent to this very address (to
    a new address, after the contact was corrected, the invite is an invitation: that mailbox never
    had it, and a calendar holding nothing of the UID has no SEQUENCE to compare it with).
    ``in_doubt``: an earlier run may have delivered this very message already
    (see :mod:`scheduler.mail.journal`), so sending it may make a duplicate.
    """

    invite: Invite
    action: str
    updated: bool = False
    in_doubt: bool = False
    before: Before | None = None
    """An update's last message to this address: its time and room, when the journal kept them."""
    bounce: Bounced | None = None


def plan(
    invites: Sequence[Invite],
    history: History,
    only_changed: bool = False,
    bounced: Mapping[str, Bounced] | None = None,
    allow_bounced: bool = False,
    now: datetime | None = None,
) -> list[Step]:
    """Decide for each invite; an :class:`InputError` when an invite's SEQUENCE is below one already sent.

    ``now``: an invite (a REQUEST or a CANCEL) whose meeting has started by then is ``past``, not mailed:
    a meeting over is not invited to, moved or cancelled in anyone's calendar (a row removed after the
    meeting was held is held, not cancelled).

    A message in doubt counts as possibly received: a CANCEL goes to a unit whose
    invite may have arrived, and ``--only-changed`` treats such a unit as mailed.
    ``bounced``: the live bounces by journal key; an invite that would be sent to
    such an address is ``bounced`` instead, or with ``allow_bounced`` sent all the
    same, its step keeping the ``bounce`` it passes (the journal marks its lines).
    """
    steps = []
    for invite in invites:
        if invite.method not in MAILED or not invite.attendee.address:
            steps.append(Step(invite, NO_ADDRESS))
            continue
        key = invite.journal_key
        sent = history.last_sent(key)
        if sent is not None and sent > invite.sequence:
            back = worded("mail.sequence_back", invite.shared)
            raise InputError(Message(back, unit=invite.unit, sequence=invite.sequence, sent=sent))
        state = history.state(key, invite.sequence)
        last = history.sent_entry(key)
        here = last is not None and address_key(last.to) == address_key(invite.attendee.address)
        # after a cancellation, an invite is an invitation again: nothing in that calendar to update (QA qamail18 F9)
        updated = sent is not None and sent < invite.sequence and here and last is not None and last.method != "CANCEL"
        kept = (last.start, last.location, last.end, last.people or None) if last is not None else None
        before = Before(*kept) if updated and kept is not None and last is not None and last.start else None
        reached = history.maybe_sent(key) or _told_as_the_unit(invite, history)
        if state == SENT:
            steps.append(Step(invite, ALREADY))
        elif invite.method == "CANCEL" and not reached:
            steps.append(Step(invite, NOT_INVITED))
        elif only_changed and not reached:
            steps.append(Step(invite, NEVER_SENT))
        elif now is not None and invite.start <= now:
            # an update not mailed is told (review14 F12); a cancellation is none: the meeting was held (qareuse22 F3)
            steps.append(Step(invite, PAST, updated=updated and invite.method != "CANCEL"))
        elif bounced and key in bounced and not allow_bounced:
            action = BOUNCED_CANCEL if invite.method == "CANCEL" and is_address_copy(invite.key) else BOUNCED
            steps.append(Step(invite, action, bounce=bounced[key]))
        else:
            doubt = history.in_doubt(key, invite.sequence)
            bounce = bounced.get(key) if bounced else None
            steps.append(Step(invite, SEND, updated=updated, in_doubt=doubt, before=before, bounce=bounce))
    return steps


def _told_as_the_unit(invite: Invite, history: History) -> bool:
    """Whether ``invite``, a cancellation for a unit's address that has no lines of its own, cancels what that
    address got as the unit's own invite: its first address, taken off while the unit keeps others
    (docs/invites.md, "A unit sending several people")."""
    if invite.method != "CANCEL" or not is_address_copy(invite.key) or not invite.attendee.address:
        return False
    return history.reached(invite.uid, invite.attendee.address)
