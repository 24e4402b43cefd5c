"""The 2021 example shipped inside the package: its table, rules and contacts.

``solve`` without a table solves it, and ``docking-scheduler example`` copies it
into a folder to look at and edit. The files are package data read with
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

_extracted: list[Path] = []


def example_files() -> dict[str, bytes]:
    """Each file of the example (name -> bytes)."""
    folder = files("scheduler") / "examples"
    return {name: (folder / name).read_bytes() for name in EXAMPLE_FILES}


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
