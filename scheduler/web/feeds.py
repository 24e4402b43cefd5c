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
import re
import secrets
from pathlib import Path

from scheduler.errors import InputError
from scheduler.files.owned import read_secret
from scheduler.invites.calendar import Invite
from scheduler.text.messages import Message

KEY_NAME = ".feed-key"


def _key(folder: Path, renew: bool = False) -> bytes:
    path = folder / KEY_NAME
    if not renew:
        try:
            data = read_secret(path).strip()  # (ours alone, never through a link: QA qahand24 F5, F6)
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
    """The unit's meeting and deadlines as one published calendar.

    Edited as bytes, line by line (``METHOD:PUBLISH``, no ATTENDEE: RSVP belongs to the mailed request,
    not a subscription; the deadlines' items and any time zone not yet there before the end): every
    other line stays the invite's own. Parsed and written again by icalendar, a ``\\N`` in a text
    (a room ``C:\\会议室\\New楼``) became a line break (its writer's reading of ``\\N``)."""
    lines = _content_lines(invite.data)
    zones = {line.split(b":", 1)[1].strip() for line in lines if line.startswith(b"TZID:")}
    extra = _components(invite.deadlines, zones) if invite.deadlines else []
    out = []
    for line in lines:
        name = re.split(rb"[;:]", line, maxsplit=1)[0].upper()
        if name == b"METHOD":
            line = b"METHOD:PUBLISH\r\n"
        elif name == b"ATTENDEE":
            continue
        elif line == b"END:VCALENDAR\r\n":
            out.extend(extra)
        out.append(line)
    return b"".join(out)


def _content_lines(data: bytes) -> list[bytes]:
    """The calendar's content lines, each with its folded continuations and its CRLF."""
    lines: list[bytes] = []
    for physical in data.splitlines(keepends=True):
        if physical[:1] in (b" ", b"\t") and lines:
            lines[-1] += physical
        else:
            lines.append(physical)
    return lines


def _components(data: bytes, zones: set[bytes]) -> list[bytes]:
    """The content lines of ``data``'s components (its items, and each VTIMEZONE whose TZID is not in
    ``zones``), without the calendar's own lines."""
    out: list[bytes] = []
    block: list[bytes] = []
    depth = 0
    for line in _content_lines(data):
        if line.startswith(b"BEGIN:"):
            depth += 1
        if depth >= 2:
            block.append(line)
        if line.startswith(b"END:"):
            depth -= 1
            if depth == 1 and block:
                tzid = [b.split(b":", 1)[1].strip() for b in block if b.startswith(b"TZID:")]
                if not (block[0].startswith(b"BEGIN:VTIMEZONE") and tzid and tzid[0] in zones):
                    out.extend(block)
                block = []
    return out


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
