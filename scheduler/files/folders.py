"""Making the folders a command writes into: its owner's only.

A folder a command creates gets ``0700`` less the umask's restrictions, as a new file gets ``0600``
(:mod:`scheduler.files.atomic`): the project's folders hold the units' addresses and answers, and a
shared machine's other users have no business listing them. A folder that exists is never changed
(the office may have made it ``0755`` to share it).
"""

from __future__ import annotations

from pathlib import Path

FOLDER_MODE = 0o700
"""The permissions of a folder created for the files a command writes (the umask takes away from it)."""


def make_folders(folder: str | Path) -> list[Path]:
    """Create ``folder`` and its missing parents, each ``0700`` less the umask; the ones this created,
    outermost first (one that appeared meanwhile is left as it is and not named)."""
    missing = []
    path = Path(folder)
    while not path.exists():
        missing.append(path)
        if path.parent == path:
            break
        path = path.parent
    made = []
    for path in reversed(missing):
        try:
            path.mkdir(mode=FOLDER_MODE)  # Path.mkdir(parents=True) would make the parents 0777 less the umask
        except FileExistsError:
            if not path.is_dir():
                raise
            continue
        made.append(path)
    return made
