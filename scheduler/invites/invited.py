"""The times the invites beside a table were mailed for, for the two-copies check to name the copy mailed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from scheduler.errors import InputError
from scheduler.files.copies import start_said
from scheduler.invites.state import STATE_NAME, read_state


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
        title = state.items[invite.uid].summary if invite.key and invite.uid in state.items else ""
        try:
            start = datetime.fromisoformat(invite.start)
        except ValueError:
            continue
        out.setdefault(title or invite.unit, set()).add(start_said(start))
    return out
