"""The examples shipped inside the package: the 2021 notice (table, rules, contacts), the 2025 meetings,
and the English walk-through's two (docs/tutorial-en.md: the 2027 visits and the 2027 school meetings).

``solve`` without a table solves the notice, ``docking-scheduler example`` copies it
into a folder to look at and edit, ``example --meetings`` copies the meeting
table's worked example (README, docs/meetings.md), and ``example --english`` (with
``--meetings``) the English unit (meeting) table's. The files are package data read with
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
ENGLISH_FILES = ("visits_2027.csv", "visits_2027.toml", "visits_contacts_2027.csv")
"""The English unit table's example (docs/tutorial-en.md): the table, its rules, the contacts they name."""
ENGLISH_MEETING_FILES = ("school_2027.csv", "school_2027.toml", "school_people_2027.csv")
"""The English meeting table's example (docs/tutorial-en.md): the table, its rules, the people sheet they name."""


def example_names(meetings: bool = False, english: bool = False) -> tuple[str, ...]:
    """The files of the example ``example`` copies: the unit or (``meetings``) meeting table's, Chinese or
    (``english``) English."""
    if english:
        return ENGLISH_MEETING_FILES if meetings else ENGLISH_FILES
    return MEETING_FILES if meetings else EXAMPLE_FILES


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
