"""Calendar invites (docs/invites.md): what a host that builds its problem in code, without a rules
file, imports from one place (docs/invites.md, "Invites without a rules file")::

    from scheduler.invites import Contact, InviteSettings, Person, build_invites

``build_invites`` (a unit problem's) and ``build_meeting_invites`` (a meeting problem's) are pure:
no files, no clock; ``dump_state``/``parse_state`` keep the state an export leaves (the next one
updates or cancels what this one sent). The names load their modules on first use (PEP 562), so
importing a module of this package (``scheduler.invites.invited``, on the command line's way to
solving) loads nothing else. :data:`_HOMES` says where each is defined; the ``TYPE_CHECKING``
block says the same to type checkers (tests/test_invites_api.py keeps the two alike).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__all__ = [
    "Contact",
    "Export",
    "Invite",
    "InviteSettings",
    "Person",
    "State",
    "build_invites",
    "build_meeting_invites",
    "dump_state",
    "parse_state",
]

_HOMES = {
    "Contact": "scheduler.files.contacts",
    "Export": "scheduler.invites.calendar",
    "Invite": "scheduler.invites.calendar",
    "InviteSettings": "scheduler.invites.calendar",
    "Person": "scheduler.invites.state",
    "State": "scheduler.invites.state",
    "build_invites": "scheduler.invites.calendar",
    "build_meeting_invites": "scheduler.invites.meetings",
    "dump_state": "scheduler.invites.state",
    "parse_state": "scheduler.invites.state",
}
"""Each public name's module."""

if TYPE_CHECKING:
    from scheduler.files.contacts import Contact
    from scheduler.invites.calendar import Export, Invite, InviteSettings, build_invites
    from scheduler.invites.meetings import build_meeting_invites
    from scheduler.invites.state import Person, State, dump_state, parse_state
else:

    def __getattr__(name: str) -> Any:
        """A public name, from its module on first use (PEP 562)."""
        module = _HOMES.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(import_module(module), name)
        globals()[name] = value
        return value
