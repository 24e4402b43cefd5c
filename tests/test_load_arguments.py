"""The reading calls' arguments (embed16 #1, #4): a value of the wrong kind given to ``load`` or
``load_meetings`` (a file object holding an upload, ``None``, a sheet number of 0) is an
``ArgumentError`` naming the argument as the caller wrote it. Before, ``load_meetings(BytesIO)`` and
``load(path, rules_path=StringIO)`` raised a raw ``TypeError`` from pathlib, ``load(xlsx, sheet=1)`` a
raw ``AttributeError`` from the workbook reader, and ``load(BytesIO)`` an ``InputError`` whose file
was "DataFrame"; a ``sheet`` given for a CSV file was refused as the command line's ``--sheet``."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

import scheduler
from scheduler import ArgumentError, InputError
from scheduler.files.meeting_files import load_meetings
from tests.conftest import NOTICE

RULES = NOTICE.with_suffix(".toml")
UPLOAD = "save an upload held in memory to a file first (the source's docs/python.md, section Reading an upload)"


@pytest.mark.parametrize(
    ("call", "says"),
    [
        (
            lambda: scheduler.load(io.BytesIO(NOTICE.read_bytes()), RULES),
            f"table must be a file path (str or pathlib.Path) or a pandas DataFrame, not BytesIO: {UPLOAD}",
        ),
        (
            lambda: scheduler.load(None),
            "table must be a file path (str or pathlib.Path) or a pandas DataFrame, not None",
        ),
        (lambda: scheduler.load(42, RULES), "table must be a file path"),
        (lambda: scheduler.load(b"examples/notice_2021.csv"), "not b'examples/notice_2021.csv'"),
        (
            lambda: scheduler.load(NOTICE, io.StringIO(RULES.read_text(encoding="utf-8"))),
            f"rules_path must be None or a file path (str or pathlib.Path), not StringIO: {UPLOAD}",
        ),
        (
            lambda: load_meetings(io.BytesIO(b"")),
            f"path must be a file path (str or pathlib.Path), not BytesIO: {UPLOAD}",
        ),
        (lambda: load_meetings(None), "path must be a file path (str or pathlib.Path), not None"),
        (lambda: load_meetings(NOTICE, rules=io.StringIO("")), "rules must be None or a file path"),
        (lambda: scheduler.load(NOTICE, sheet=0), "sheet must be a sheet name (str), a sheet number counted from 1"),
        (lambda: scheduler.load(NOTICE, sheet=True), "or None, not True"),
        (lambda: load_meetings(NOTICE, sheet=1.5), "sheet must be a sheet name (str)"),
    ],
)
def test_a_reading_call_names_the_argument_of_the_wrong_kind(call, says):
    with pytest.raises(ArgumentError) as caught:
        call()
    assert says in caught.value.text("en"), caught.value.text("en")
    assert caught.value.text("zh")  # both languages


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    """The 2021 notice as a workbook of two sheets, the table on the second, with its rules beside it."""
    path = tmp_path / "t.xlsx"
    with pd.ExcelWriter(path) as out:
        pd.DataFrame({"说明": ["见下一页"]}).to_excel(out, sheet_name="说明", index=False)
        pd.read_csv(NOTICE, dtype=str).fillna("").to_excel(out, sheet_name="名单", index=False)
    shutil.copy(RULES, tmp_path / "t.toml")
    return path


def test_a_sheet_is_a_name_or_a_number_as_int_or_text(workbook):
    """The docstring's "1-based number": ``sheet=2`` as ``sheet="2"`` and ``sheet="名单"``."""
    units = [scheduler.load(workbook, sheet=s).problem.units for s in (2, "2", "名单")]
    assert len(units[0]) == 29 and units[0] == units[1] == units[2]


def test_a_sheet_for_a_text_table_is_named_as_the_call_names_it():
    with pytest.raises(InputError) as caught:
        scheduler.load(NOTICE, sheet=1)
    assert caught.value.text("en").endswith("sheet applies only to .xlsx workbooks; this file is a text table")
    assert "--sheet" not in caught.value.text("en") and "--sheet" not in caught.value.text("zh")
