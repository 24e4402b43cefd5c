"""The times the invites beside a table were mailed for: for the two-copies check to name the copy mailed,
and (:func:`held_starts`) for the old time of a unit the table gives none, wherever a move is shown."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from scheduler.errors import InputError
from scheduler.files.copies import start_said
from scheduler.invites.state import STATE_NAME, State, is_address_copy, read_state


def invited_times(source: Path) -> dict[str, set[str]]:
    """Each unit's (or meeting's) times in the invites beside the table ``source`` (``invites/state.json``),
    written as :func:`scheduler.files.copies.timetable_of` writes them without rooms; empty when there are none."""
    try:
        state = read_state(source.parent / "invites" / STATE_NAME)
    except (InputError, OSError, ValueError):
        return {}
    if state is None:
        return {}
    out: dict[str, set[str]] = {}
    for invite in state.invites:
        if invite.cancelled or not invite.start:
            continue
        meeting = bool(invite.key) and not is_address_copy(invite.key)  # a unit's further address: the unit's
        title = state.items[invite.uid].summary if meeting and invite.uid in state.items else ""
        try:
            start = datetime.fromisoformat(invite.start)
        except ValueError:
            continue
        out.setdefault(title or invite.unit, set()).add(start_said(start))
    return out


def held_starts(state: State | None) -> dict[str, datetime]:
    """Each unit's time as the invite it holds says it (a unit table's invites; a cancelled invite is none),
    in the table's own clock (no zone). A unit the table gives no time (added, or its time cleared by hand
    for it to be placed again) but which was invited had this time before: the adjustment notice, the
    moves table ``reschedule`` prints, ``--json``'s moves and the page's moves all show it as its old
    time, never （新增） (one lookup for all of them)."""
    if state is None:
        return {}
    out: dict[str, datetime] = {}
    for invite in state.invites:
        if invite.key or invite.cancelled or invite.method == "CANCEL" or not invite.start:
            continue
        try:
            out[invite.unit] = datetime.fromisoformat(invite.start).replace(tzinfo=None)
        except ValueError:
            continue
    return out


def held_starts_in(folder: Path) -> dict[str, datetime]:
    """:func:`held_starts` of the invites folder in ``folder`` (``invites/state.json``); empty when there is
    none or it cannot be read (the page's own calls say a damaged state)."""
    try:
        return held_starts(read_state(folder / "invites" / STATE_NAME))
    except (InputError, OSError, ValueError):
        return {}
