"""The examples shipped inside the package: the 2021 notice (table, rules, contacts) and the 2025 meetings.

``solve`` without a table solves the notice, ``docking-scheduler example`` copies it
into a folder to look at and edit, and ``example --meetings`` copies the meeting
table's worked example (README, docs/meetings.md). The files are package data read with
:mod:`importlib.resources`, so they are there however the package was installed
(a wheel, an editable checkout, a zip). ``examples/`` at the top of the checkout
holds the same files, byte for byte (a test checks).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from importlib.resources import files
from pathlib import Path

EXAMPLE_TABLE = "notice_2021.csv"
EXAMPLE_FILES = (EXAMPLE_TABLE, "notice_2021.toml", "contacts_2021.csv")
"""The example's files: the unit table, its rules file (same name) and the contacts it names."""
MEETING_FILES = ("meetings_2025.csv", "meetings_2025.toml", "people_2025.csv")
"""The meetings example's files: the meeting table, its rules file (same name) and the people sheet it names."""

_extracted: list[Path] = []


def example_files(names: tuple[str, ...] = EXAMPLE_FILES) -> dict[str, bytes]:
    """Each file of the example (name -> bytes); ``names``: :data:`MEETING_FILES` for the meetings example."""
    folder = files("scheduler") / "examples"
    return {name: (folder / name).read_bytes() for name in names}


def example_folder() -> Path:
    """A folder on disk holding the example's files: the package's own when it is installed as
    files (the usual case), else a temporary copy removed when the process ends."""
    folder = files("scheduler") / "examples"
    if isinstance(folder, Path):
        return folder
    if not _extracted:
        temp = Path(tempfile.mkdtemp(prefix="docking-example-"))
        atexit.register(shutil.rmtree, temp, True)
        for name, data in example_files().items():
            (temp / name).write_bytes(data)
        _extracted.append(temp)
    return _extracted[0]


def example_table() -> Path:
    """The example's unit table on disk (its rules file is beside it)."""
    return example_folder() / EXAMPLE_TABLE
