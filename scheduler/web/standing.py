"""The answers the page and the project's files show, weighed against the timetable they show.

The replies ledger says what each unit (each meeting's people) answered to the invite it was sent. A
unit moved since, on the page or by a solve applied, has not answered its new time: docs/web.md says
it shows 未答复 until it does. So the answers are weighed against the invites' state *this* timetable
would have (built against the folder's last export, as ``ics`` would build it, with nothing written),
not the state of the invites sent: an invite this timetable changes counts as outdated, as it does for
``solve --out`` beside a ledger (:func:`scheduler.replies.collect.outputs_answers`).
"""

from __future__ import annotations

import threading
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

from scheduler.domain import Timetable
from scheduler.domain.meetings import Plan
from scheduler.errors import InputError
from scheduler.files.load import Loaded
from scheduler.files.meeting_files import LoadedMeetings

if TYPE_CHECKING:
    from scheduler.invites.rebuild import Mailed
    from scheduler.invites.state import State
    from scheduler.replies.standing import Standings


def weighed_standings(
    folder: Path, loaded: Loaded | LoadedMeetings, timetable: Timetable | Plan | None = None
) -> Standings | None:
    """Where every invitee stands against ``loaded``'s timetable (``timetable``: another of its
    timetables, a change about to be written); ``None`` without a replies ledger or invites."""
    from scheduler.replies.collect import outputs_standings
    from scheduler.replies.ledger import LEDGER_NAME

    if not (folder / LEDGER_NAME).exists():
        return None
    state = planned_state(folder, loaded, timetable)
    try:
        # the delegates as the contacts list them now; not waiting for a replies run (the page says when the
        # answers were read, and asks again every 20 s)
        return outputs_standings(folder, state, loaded, settled=False)
    except InputError:  # a contacts table that cannot be read now (being edited): the invites' delegates
        return outputs_standings(folder, state, settled=False)


def planned_state(
    folder: Path, loaded: Loaded | LoadedMeetings, timetable: Timetable | Plan | None = None
) -> State | None:
    """The invites' state the timetable would have, against the folder's last export (nothing written).
    ``None`` when the rules set up no invites or the folder's invites cannot be read as they stand: the
    answers are then weighed against the invites sent.

    One change asks for it up to three times for the same timetable (the CSV, the workbook beside it,
    the page's answers), and each asking makes every invite (about 80 ms for the 2021 notice, 1.8 s at
    5,000 units): the last one is kept, for as long as the problem, its rules, the timetable and the
    folder's files other than ``timetable.*`` (the invites' state, the contacts, the ledger) are the same."""
    if isinstance(loaded, LoadedMeetings):
        from scheduler.invites.campaigns import full_plan

        chosen: Timetable | Plan = timetable if isinstance(timetable, Plan) else full_plan(loaded)  # as ics reads it
    else:
        chosen = timetable if isinstance(timetable, Timetable) else loaded.timetable
    key = (folder, _beside(folder), _problem_key(loaded.problem), loaded.rules, chosen)
    with _LOCK:
        if _LAST and _LAST[0][0] == key:
            return _LAST[0][1]
    state = _made(folder, loaded, chosen)
    with _LOCK:
        _LAST[:] = [(key, state)]
    return state


_LAST: list[tuple[tuple[object, ...], State | None]] = []
"""The last state made, with what it was made from (:func:`planned_state`)."""
_LOCK = threading.Lock()


def _problem_key(problem: object) -> tuple[object, ...]:
    """The problem as the answers depend on it: its fields but its reference timetable (the table's times,
    which a change makes anew; the invites are made from the timetable given), each list in any order
    (a change writes the table in time order: the same units, in another order)."""
    out: list[object] = []
    for f in fields(problem):  # type: ignore[arg-type]
        if f.compare and f.name != "reference":
            value = getattr(problem, f.name)
            out.append(tuple(sorted(value, key=repr)) if isinstance(value, tuple) else value)
    return tuple(out)


def _beside(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """The folder's files but the timetable's own, and the invites' state: their names, times and sizes."""
    from scheduler.invites.folder import INVITES_DIR
    from scheduler.invites.state import STATE_NAME

    out = []
    for path in (*folder.glob("*"), folder / INVITES_DIR / STATE_NAME):
        if path.name.startswith("timetable."):
            continue
        try:
            found = path.stat()
        except OSError:
            continue
        out.append((str(path), found.st_mtime_ns, found.st_size))
    return tuple(sorted(out))


def journal_mailed(folder: Path) -> dict[str, Mailed]:
    """What the project's journal says was mailed: the floor of each SEQUENCE (a lost state rebuilt), and
    where a cancellation goes, as ``ics`` and ``send`` read it."""
    from scheduler.mail.journal import JOURNAL_NAME, mailed_in

    return mailed_in(folder / JOURNAL_NAME)


def _made(folder: Path, loaded: Loaded | LoadedMeetings, timetable: Timetable | Plan) -> State | None:
    from scheduler.invites.folder import INVITES_DIR

    invites = folder / INVITES_DIR
    try:
        if isinstance(loaded, LoadedMeetings):
            from scheduler.invites.campaigns import export_meetings

            if "invites" not in loaded.rules or not isinstance(timetable, Plan):
                return None
            made, _, _ = export_meetings(loaded, invites, timetable, check=False, mailed=journal_mailed(folder))
            return made.state
        from scheduler.invites.folder import export, read_sources
        from scheduler.invites.settings import has_invites

        if not has_invites(loaded.rules) or not isinstance(timetable, Timetable):
            return None
        sources = read_sources(loaded.rules, loaded.problem, invites, mailed=journal_mailed(folder))
        return export(sources, loaded.problem, timetable).state
    except InputError:
        return None
