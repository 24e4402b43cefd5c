"""The answers the page and the project's files show, weighed against the timetable they show.

The replies ledger says what each unit (each meeting's people) answered to the invite it was sent. A
unit moved since, on the page or by a solve applied, has not answered its new time: docs/web.md says
it shows 未答复 until it does. So the answers are weighed against the invites' state *this* timetable
would have (built against the folder's last export, as ``ics`` would build it, with nothing written),
not the state of the invites sent: an invite this timetable changes counts as outdated, as it does for
``solve --out`` beside a ledger (:func:`scheduler.replies.collect.outputs_answers`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from scheduler.domain import Timetable
from scheduler.domain.meetings import Plan
from scheduler.errors import InputError
from scheduler.files.load import Loaded
from scheduler.files.meeting_files import LoadedMeetings

if TYPE_CHECKING:
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
    return outputs_standings(folder, planned_state(folder, loaded, timetable))


def planned_state(
    folder: Path, loaded: Loaded | LoadedMeetings, timetable: Timetable | Plan | None = None
) -> State | None:
    """The invites' state the timetable would have, against the folder's last export (nothing written).
    ``None`` when the rules set up no invites or the folder's invites cannot be read as they stand: the
    answers are then weighed against the invites sent."""
    from scheduler.invites.folder import INVITES_DIR

    invites = folder / INVITES_DIR
    try:
        if isinstance(loaded, LoadedMeetings):
            from scheduler.invites.campaigns import export_meetings
            from scheduler.web.meeting_views import table_plan

            if "invites" not in loaded.rules:
                return None
            plan = timetable if isinstance(timetable, Plan) else table_plan(loaded)
            made, _ = export_meetings(loaded, invites, plan, check=False)
            return made.state
        from scheduler.invites.folder import export, read_sources
        from scheduler.invites.settings import has_invites

        if not has_invites(loaded.rules):
            return None
        sources = read_sources(loaded.rules, loaded.problem, invites)
        return export(
            sources, loaded.problem, timetable if isinstance(timetable, Timetable) else loaded.timetable
        ).state
    except InputError:
        return None
