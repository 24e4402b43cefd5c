"""Every bad input stopped before it does harm (issue 13): the corpus of tests/bad_inputs.py, each case run
through the command line. Each must exit 2 with one or two lines that name the file and where in it (row and
column, line and key, or the option), print no traceback, and leave the folder exactly as it was (hashed
before and after: nothing written, nothing created, nothing changed)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from tests.bad_inputs import CASES, Case
from tests.conftest import ROOT
from tests.safety_helpers import folder_hash

EPOCH = "1630915200"


def test_the_corpus_is_large_and_each_case_is_named_once():
    assert len(CASES) >= 100
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_bad_input(case: Case, tmp_path: Path):
    f = tmp_path / "in"
    f.mkdir()
    for name in ("notice_2021.csv", "notice_2021.toml", "contacts_2021.csv"):
        shutil.copy(ROOT / "examples" / name, f / name)
    case.setup(f)
    values = {"t": f / "notice_2021.csv", "r": f / "notice_2021.toml", "c": f / "contacts_2021.csv"}
    values.update({"f": f, "o": f / "out", "x": f / "book.xlsx"})
    args = [part.format(**values) for part in case.command]
    before = folder_hash(tmp_path)
    env = {"SOURCE_DATE_EPOCH": EPOCH, "DOCKING_SMTP_PASSWORD": None, "DOCKING_LANG": None}
    result = CliRunner().invoke(main, [*args, "--lang", "en"] if "--lang" not in args else args, env=env)
    output = result.output
    assert result.exit_code == 2, output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in output
    lines = [line for line in output.splitlines() if line.strip()]
    assert 1 <= len(lines) <= 2, output
    first = lines[0]
    assert len(first) < 600, f"{len(first)} characters"
    if case.file is not None:
        assert case.file in first, first
    for words in (*case.where, *case.words):
        assert words in output, f"{words!r} not in {output!r}"
    assert folder_hash(tmp_path) == before, "the folder changed"


def test_promises_md_counts_the_corpus_as_it_is():
    """docsaudit #8: promises.md said 161 cases (30 CSV, 22 .xlsx, 49 rules ...) when there were 175. The
    total and each section's count (in the order of bad_inputs.py's ``# --`` sections) are the corpus's."""
    import re

    source = (ROOT / "tests" / "bad_inputs.py").read_text(encoding="utf-8").split("CASES: list[Case] = [", 1)[1]
    sections = [part.count("\n    Case(") for part in re.split(r"\n    # -- ", source)[1:]]
    promises = " ".join((ROOT / "docs" / "promises.md").read_text(encoding="utf-8").split())
    said = promises.split("which runs the corpus in `tests/bad_inputs.py`: ", 1)[1].split(". Each case", 1)[0]
    assert int(said.split()[0]) == len(CASES) == sum(sections)
    assert [int(n) for n in re.findall(r"\((\d+)\)", said)] == sections
