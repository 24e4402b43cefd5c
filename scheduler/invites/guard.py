"""Cancellations need consent: a run that would cancel more than a few invites stops and says which.

A table that lost its rows (saved after a bad filter, only its header left, the
wrong sheet) looks to the export like units withdrawn: every missing unit's
invite would become a CANCEL, and the next ``send`` would mail them. So an
export, and a ``send``, that would cancel more than :func:`cancel_limit` of the
campaign's live invites refuses (exit 2), naming how many and which, unless
the caller says it may (``--allow-cancel``). docs/promises.md gives the reason
for the limit.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from scheduler.errors import InputError
from scheduler.invites.state import State
from scheduler.text.messages import Message, worded

if TYPE_CHECKING:
    from scheduler.invites.calendar import Invite

ALLOW_OPTION = "--allow-cancel"
SHOWN = 20
"""At most this many units are named in the refusal; the rest are counted."""


def cancel_limit(live: int) -> int:
    """How many cancellations go ahead without consent, out of ``live`` invites not yet cancelled:
    at most 3 and at most 10% of them, but always at least one (a single withdrawn unit is routine)."""
    return max(1, min(3, live // 10))


class TooManyCancellations(InputError):
    """A run would cancel more invites than :func:`cancel_limit` allows without ``--allow-cancel``."""

    def __init__(
        self, units: Sequence[str | Message], live: int, path: str | None, mailing: bool = False, people: bool = False
    ) -> None:
        self.units = tuple(units)  # (a meeting's copy: a message, "甲（会议）" / "A (meeting)", QA qacamp24 F5)
        self.live = live
        shown: tuple[str | Message, ...] | Message = self.units[:SHOWN]
        if len(self.units) > SHOWN:
            shown = Message("safety.and_more", units=shown, more=len(self.units) - SHOWN)
        key = worded("safety.cancel_mail" if mailing else "safety.cancel_export", people)
        message = Message(
            key,
            count=len(self.units),
            live=live,
            limit=cancel_limit(live),
            units=shown,
            consent=Message("safety.add_option", option=ALLOW_OPTION),
        )
        super().__init__(message, path)


def live_invites(state: State | None) -> int:
    """The units whose invite the last export left standing (not cancelled)."""
    if state is None:
        return 0
    return sum(1 for r in state.items.values() if r.kind == "meeting" and not r.cancelled)


def new_cancellations(state: State | None, units: Collection[str]) -> list[str]:
    """The units whose standing invite an export for ``units`` (the units it schedules) would cancel."""
    if state is None:
        return []
    gone = [r for r in state.items.values() if r.kind == "meeting" and not r.cancelled and r.owner not in units]
    return [r.owner for r in sorted(gone, key=lambda r: (r.start, r.owner))]


def check_cancellations(state: State | None, units: Collection[str], allow: bool, path: str | None = None) -> list[str]:
    """The units an export for ``units`` would cancel; :class:`TooManyCancellations` when more than the
    limit and not ``allow``. ``path`` (the table) is named in the refusal."""
    cancelled = new_cancellations(state, units)
    live = live_invites(state)
    if not allow and len(cancelled) > cancel_limit(live):
        raise TooManyCancellations(cancelled, live, path)
    return cancelled


def check_export_cancellations(
    before: State | None, invites: Sequence[Invite], allow: bool, path: str | None = None
) -> list[Message]:
    """The invites an export cancels now (``change`` cancelled), as ``name（meeting）``; more than the
    limit of the invites standing before, without ``allow``, is :class:`TooManyCancellations`.

    For a meeting campaign, where one meeting is one invite per participant (docs/meetings.md): each
    participant's copy counts as one invite, as each unit's does.
    """
    cancelled = [(i.uid, i.unit) for i in invites if i.change == "cancelled"]
    return check_copies_cancelled(before, cancelled, allow, path, people=any(i.shared for i in invites))


def check_copies_cancelled(
    before: State | None, cancelled: Sequence[tuple[str, str]], allow: bool, path: str | None, people: bool = True
) -> list[Message]:
    """``cancelled`` (meeting UID, person) copies as ``name（meeting）``; more than the limit of the copies
    standing in ``before``, without ``allow``, is :class:`TooManyCancellations`. Asked after an export
    (:func:`check_export_cancellations`) and, for a meeting table, before its search, when the rows
    gone are already known (``reschedule`` searched its whole limit before refusing)."""

    live = sum(1 for s in before.invites if not s.cancelled and s.method != "PUBLISH") if before is not None else 0
    names = {r.uid: r.summary for r in before.items.values()} if before is not None else {}
    shown = [Message("minvite.cancel_who", name=name, title=names.get(uid, "")) for uid, name in cancelled]
    if not allow and len(cancelled) > cancel_limit(live):
        raise TooManyCancellations(shown, live, path, people=people)
    return shown
