"""The language of a campaign's invites once written: kept, unless the rules file names one.

An invite's language is ``[invites] language``, by default the table's (English headers: English;
docs/mail.md, "Its language", Twenty-first session). Builds before that wrote every invite in Chinese.
Left to the default, a campaign with English headers mailed by such a build would have been rewritten in
English at the next export after the upgrade, and every unit mailed an update to answer again, though
nothing about its meeting changed (QA upgrade22 F5). So where the rules file names no language, a folder's
invites keep the one they were written in (their office calendar's PRODID, ``//ZH`` or ``//EN``); a
language the rules name is what the invites are written in, the folder's or not.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from scheduler.invites.calendar import InviteSettings
from scheduler.invites.state import State
from scheduler.invites.vcalendar import prodid_language

_PRODID = re.compile(rb"^PRODID:([^\r\n]*)", re.MULTILINE)


def kept_language(settings: InviteSettings, root: Path, state: State | None) -> InviteSettings:
    """``settings`` with the language of the invites already in ``root`` (an invites folder whose state is
    ``state``) when the rules file names none; ``settings`` as they are otherwise, or when the folder holds
    no invite file that says."""
    if settings.language_given or state is None:
        return settings
    found = folder_language(root, state)
    return settings if found is None or found == settings.language else replace(settings, language=found)


def folder_language(root: Path, state: State) -> str | None:
    """The language the folder's invites are written in, by its office calendar's PRODID (else the first
    invite file's that can be read); ``None`` when none can be read."""
    names = [state.office_file] if state.office_file else []
    names += [sent.file for sent in state.invites if sent.file][:1]
    for name in names:
        try:
            with (root / name).open("rb") as handle:
                head = handle.read(2048)
        except OSError:
            continue
        found = _PRODID.search(head)
        if found:
            return prodid_language(found[1].decode("ascii", "replace"))
    return None
