"""A calendar feed per unit: a secret address serving the unit's meeting (and its deadlines) as .ics.

A calendar that subscribes to the address sees a moved meeting without a mail.
The address carries a token made from the unit's name and the campaign with a
key kept in the project folder (``.feed-key``, readable by its owner only), so
addresses stay the same across restarts and cannot be guessed from a name.
Deleting the file (or the page's "new addresses" button) makes every old
address stop working. The feed holds what was last *published*: the invites
folder as the last export left it (the page's "publish", the invites zip, a
sending, or ``ics``), never a draft being edited. It is served as a published
calendar (``METHOD:PUBLISH``); a unit withdrawn since gets its cancelled meeting.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from scheduler.errors import InputError
from scheduler.invites.calendar import Invite
from scheduler.text.messages import Message

KEY_NAME = ".feed-key"


def _key(folder: Path, renew: bool = False) -> bytes:
    path = folder / KEY_NAME
    if not renew:
        try:
            data = path.read_bytes().strip()
            if len(data) >= 32:
                return data
        except FileNotFoundError:
            pass
    data = secrets.token_urlsafe(32).encode()
    temp = path.with_name(f"{KEY_NAME}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data + b"\n")
    temp.replace(path)
    return data


def renew(folder: Path) -> None:
    """New addresses for every unit; the old ones stop working."""
    _key(folder, renew=True)


def token(folder: Path, campaign: str, unit: str) -> str:
    """The secret part of a unit's feed address."""
    digest = hmac.new(_key(folder), f"{campaign}\0{unit}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode().rstrip("=")


def tokens(folder: Path, campaign: str, units: list[str]) -> dict[str, str]:
    """Token -> unit for ``units``."""
    return {token(folder, campaign, unit): unit for unit in units}


def feed(invite: Invite) -> bytes:
    """The unit's meeting and deadlines as one published calendar."""
    from icalendar import Calendar

    calendar = Calendar.from_ical(invite.data)
    if "METHOD" in calendar:
        del calendar["METHOD"]
    calendar.add("METHOD", "PUBLISH")
    for event in calendar.walk("VEVENT"):
        for name in ("ATTENDEE",):  # RSVP belongs to the mailed request, not a subscription
            if name in event:
                del event[name]
    if invite.deadlines:
        extra = Calendar.from_ical(invite.deadlines)
        zones = {str(z.get("TZID")) for z in calendar.walk("VTIMEZONE")}
        for component in extra.subcomponents:
            if component.name == "VTIMEZONE" and str(component.get("TZID")) in zones:
                continue
            calendar.add_component(component)
    published: bytes = calendar.to_ical()  # icalendar leaves to_ical unannotated
    return published


def published(folder: Path) -> tuple[Invite, ...]:
    """The invites as last exported into ``folder/invites`` (none before the first export)."""
    from scheduler.invites.folder import INVITES_DIR, read_invites
    from scheduler.invites.state import STATE_NAME

    directory = folder / INVITES_DIR
    if not (directory / STATE_NAME).is_file():
        return ()
    return read_invites(directory)


def calendar_of(invites: tuple[Invite, ...], unit: str) -> bytes:
    """The feed of ``unit`` among ``invites``."""
    for invite in invites:
        if invite.unit == unit:
            return feed(invite)
    raise InputError(Message("web.no_feed"))
