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
from typing import TYPE_CHECKING, TypeAlias

from scheduler.errors import InputError
from scheduler.invites.state import State
from scheduler.text.messages import Message, worded

if TYPE_CHECKING:
    from scheduler.invites.calendar import Invite

ALLOW_OPTION = "--allow-cancel"
Consent: TypeAlias = bool | frozenset[str]
"""Which cancellations a command may make past :func:`cancel_limit`: all (``True``, ``--allow-cancel``),
none (``False``), or those of the meetings its own command line calls off (their titles: ``reschedule
--drop A --drop B`` names them, so they are asked for, not rows lost; any other still counts, QA qaint26 F9)."""
SHOWN = 20
"""At most this many units are named in the refusal; the rest are counted."""


def cancel_limit(live: int) -> int:
    """How many cancellations go ahead without consent, out of ``live`` invites not yet cancelled:
    at most 3 and at most 10% of them, but always at least one (a single withdrawn unit is routine)."""
    return max(1, min(3, live // 10))


class TooManyCancellations(InputError):
    """A run would cancel more invites than :func:`cancel_limit` allows without ``--allow-cancel``."""

    def __init__(
        self,
        units: Sequence[str | Message],
        live: int,
        path: str | None,
        mailing: bool = False,
        people: bool = False,
        renamed: Sequence[tuple[str, str]] = (),
        rest: bool = True,
        told: str = "safety.renamed",
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
            why=_why(renamed, rest, told),
        )
        super().__init__(message, path)


def _why(renamed: Sequence[tuple[str, str]], rest: bool, told: str = "safety.renamed") -> Message:
    """What the refusal of an export asks: whether the table lost rows, or, for meetings whose copies all
    went to a new meeting at the same time, room and people (``renamed``: old and new title), that it
    looks like a rename and what a rename does (QA qaint26 F5: a retitle was asked "表格是否丢了行？");
    ``rest``: other cancellations too, for which the question stays; ``told``: the sentence (before a
    search, ``safety.renamed_people``: the same people, the new time not known yet)."""
    if not renamed:
        return Message("safety.lost_rows")
    pairs = [Message("safety.renamed_pair", old=old, new=new) for old, new in renamed]
    return Message(told, renames=pairs, rest=Message("safety.lost_rows") if rest else "")


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
    before: State | None,
    invites: Sequence[Invite],
    allow: Consent,
    path: str | None = None,
    after: State | None = None,
) -> list[Message]:
    """The invites an export cancels now (``change`` cancelled), as ``name（meeting）``; more than the
    limit of the invites standing before, without consent (``allow``, :data:`Consent`), is
    :class:`TooManyCancellations`, which says a meeting whose copies all go to one new meeting at the
    same time and room, for the same people, looks renamed (:func:`renames`; ``after``: the export's state,
    which holds the new meetings' titles).

    For a meeting campaign, where one meeting is one invite per participant (docs/meetings.md): each
    participant's copy counts as one invite, as each unit's does.
    """
    cancelled = [(i.uid, i.unit) for i in invites if i.change == "cancelled"]
    renamed = renames(before, after, invites)
    return check_copies_cancelled(before, cancelled, allow, path, any(i.shared for i in invites), renamed)


def renames(before: State | None, after: State | None, invites: Sequence[Invite]) -> list[tuple[str, str]]:
    """The meetings an export cancels whose every copy is replaced by a new meeting's, to the same
    people at the same time and place (old title, new title): a meeting's UID is made from its title
    (docs/meetings.md), so a title edited in the table cancels it and invites anew."""
    if before is None or after is None:
        return []
    gone: dict[str, set[tuple[str, object, str]]] = {}
    made: dict[str, set[tuple[str, object, str]]] = {}
    for i in invites:
        if i.change in ("cancelled", "new") and i.shared:
            side = gone if i.change == "cancelled" else made
            side.setdefault(i.uid, set()).add((i.unit, i.start, i.location))
    titles = {r.uid: r.summary for r in before.items.values()}
    new_titles = {r.uid: r.summary for r in after.items.values()}
    found = []
    for uid, copies in gone.items():
        new = next((u for u, c in made.items() if c == copies), None)
        if new is not None:
            found.append((titles.get(uid, ""), new_titles.get(new, "")))
    return found


def check_copies_cancelled(
    before: State | None,
    cancelled: Sequence[tuple[str, str]],
    allow: Consent,
    path: str | None,
    people: bool = True,
    renamed: Sequence[tuple[str, str]] = (),
    told: str = "safety.renamed",
) -> list[Message]:
    """``cancelled`` (meeting UID, person) copies as ``name（meeting）``; more than the limit of the copies
    standing in ``before``, without consent (``allow``: the copies of the meetings it names do not count),
    is :class:`TooManyCancellations` (``renamed``: :func:`renames`). Asked after an export
    (:func:`check_export_cancellations`) and, for a meeting table, before its search, when the rows
    gone are already known (``reschedule`` searched its whole limit before refusing)."""

    live = sum(1 for s in before.invites if not s.cancelled and s.method != "PUBLISH") if before is not None else 0
    names = {r.uid: r.summary for r in before.items.values()} if before is not None else {}
    shown = [Message("minvite.cancel_who", name=name, title=names.get(uid, "")) for uid, name in cancelled]
    if allow is True:
        return shown
    named = allow if isinstance(allow, frozenset) else frozenset()
    counted = [(uid, name) for uid, name in cancelled if names.get(uid, "") not in named]
    if len(counted) > cancel_limit(live):
        said = [Message("minvite.cancel_who", name=name, title=names.get(uid, "")) for uid, name in counted]
        old = {title for title, _ in renamed}
        rest = any(names.get(uid, "") not in old for uid, _ in counted)
        raise TooManyCancellations(said, live, path, people=people, renamed=renamed, rest=rest, told=told)
    return shown
