"""The invites folder's file names: its own files, and a name made from the user's data (a unit, a meeting,
a person) that every file system takes. The one place such a name is made."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from scheduler.files.atomic import DEVICE_NAME
from scheduler.invites.state import STATE_NAME

OFFICE_FILE = "office.ics"
DEADLINES_DIR = "deadlines"

NAME_BYTES = 200
"""The longest file name stem, in UTF-8 bytes: with ``-`` and an 8-digit suffix, ``.ics`` and the
temporary name an atomic write uses, a name stays within the 255 bytes file systems allow."""


_REFUSED = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*\u202a-\u202e\u2066-\u2069]')
"""What Windows refuses in a name (and ``/``, which no file system takes), and the bidirectional overrides
and isolates, which make a name read otherwise than it sorts (``会议\u202egpj.ics``; QA qaembed23 F10)."""
_DEVICES = re.compile(DEVICE_NAME)
"""Windows' device names (:data:`~scheduler.files.atomic.DEVICE_NAME`, which a write refuses)."""
FIXED_NAMES = frozenset({OFFICE_FILE, STATE_NAME, DEADLINES_DIR})
"""The invites folder's own files and folder: no unit's invite or meeting's folder takes one of their
names (a meeting titled ``state.json`` gets the folder ``state.json_``)."""


def file_name(unit: str) -> str:
    """A file or folder name for ``unit`` (a unit, a meeting, a person): the name itself, minus what
    file systems refuse. The one place every name derived from the user's data is made.

    ``<>:"/\\|?*``, control characters and bidirectional overrides become ``_``, trailing dots and spaces
    go (Windows drops them), and a Windows device name (``CON``, ``PRN``, ``AUX``, ``NUL``, ``COM1``–``COM9``,
    ``LPT1``–``LPT9``, in any case, with any extension) gets ``_`` after it: ``AUX`` → ``AUX_``,
    ``con.txt`` → ``con_.txt``. A name longer than :data:`NAME_BYTES` in UTF-8 (about 66 Chinese
    characters) is cut at a character boundary and given ``-`` and 8 hex digits of the full name's
    SHA-256: stable from one export to the next, and different for two long names that begin alike.
    """
    name = unicodedata.normalize("NFC", unit)
    name = _REFUSED.sub("_", name).strip(" .") or "unit"
    name = _DEVICES.sub(r"\1_", name)
    if len(name.encode("utf-8")) <= NAME_BYTES:
        return name
    digest = hashlib.sha256(unit.encode("utf-8")).hexdigest()[:8]
    cut = name.encode("utf-8")[: NAME_BYTES - len(digest) - 1].decode("utf-8", "ignore").rstrip(" .")
    return f"{cut}-{digest}"


def file_key(path: str) -> str:
    """``path`` as Windows and macOS compare names: two paths with one key are one file there."""
    return unicodedata.normalize("NFC", path).casefold()


def unique_file(plain: str, suffixed: str, used: set[str]) -> str:
    """``plain``, or ``suffixed`` when a file of the same :func:`file_key` is in ``used`` (the keys of the
    files already named); the name chosen is added to ``used``."""
    name = suffixed if file_key(plain) in used else plain
    used.add(file_key(name))
    return name
