"""An output folder that cannot be created (env14 finding 4, a regression of the folder lock): a parent
that is a file, a name past the system's 255-byte limit. Every command that writes a folder says so in
one line naming the path (and the option where it has one), exit 2, never "internal error" 70; the
journal's own message for a ``--journal`` name too long; nothing is left behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from tests.conftest import ROOT

LONG = "长" * 90  # 270 bytes in UTF-8: past a file name's 255


def run(*args: str):
    return CliRunner().invoke(main, ["--lang", "en", *args], env={"DOCKING_LANG": ""})


@pytest.fixture
def solved(example: Path, tmp_path: Path) -> Path:
    result = run("solve", str(example / "notice_2021.csv"), "--out", str(tmp_path / "project"))
    assert result.exit_code == 0, result.output
    return tmp_path / "project" / "timetable.csv"


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    path = tmp_path / "a file"
    path.write_text("x", encoding="utf-8")
    return path


@pytest.mark.parametrize("where", ["under a file", "too long"])
@pytest.mark.parametrize("command", ["solve", "reschedule", "ics", "example", "serve", "send --dry-run"])
def test_a_folder_that_cannot_be_made_is_one_line_and_exit_2(command, where, solved, a_file, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = str(a_file / "out") if where == "under a file" else LONG
    before = sorted(p.name for p in tmp_path.iterdir())
    args = {
        "solve": ["solve", "--out", target],
        "reschedule": ["reschedule", str(solved), "--out", target],
        "ics": ["ics", str(solved), "--out", target],
        "example": ["example", "--out", target],
        "serve": ["serve", "--no-browser", "--out", target],
        "send --dry-run": ["send", str(solved), "--dry-run", target],
    }[command]
    result = run(*args)
    assert result.exit_code == 2, result.output
    said = result.output.strip()
    assert "\n" not in said and "internal" not in said.lower()
    assert said.startswith(target) and "cannot create or write a folder here" in said
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_journal_name_too_long_is_the_journals_one_line(solved, tmp_path):
    result = run("send", str(solved), "--dry-run", str(tmp_path / "dry"), "--journal", str(tmp_path / f"{LONG}.jsonl"))
    assert result.exit_code == 2, result.output
    assert "cannot write the mail journal" in result.output and "internal" not in result.output.lower()


def test_a_folder_the_system_refuses_to_make_names_the_option_as_one_under_a_file_does(example, tmp_path, monkeypatch):
    """Review14 F18: ``--out /proc/x`` passes the look before the run (root may write /proc, by its
    modes) and fails when the lock makes the folder: said without ``option --out``, while a folder under
    a file named it. Both are one path now: the lock names the option that gave the folder."""
    from scheduler.files import folderlock

    target = str(tmp_path / "x")
    make = folderlock.make_folders

    def refuse(path):
        if str(path) == target:
            raise OSError(30, "Read-only file system")
        return make(path)

    monkeypatch.setattr(folderlock, "make_folders", refuse)
    result = run("solve", str(example / "notice_2021.csv"), "--out", target)
    assert result.exit_code == 2, result.output
    assert result.output == f"{target}, option --out: cannot create or write a folder here\n"


@pytest.mark.parametrize(
    ("lang", "said"), [("zh", "环境变量 DOCKING_NOW: "), ("en", "environment variable DOCKING_NOW: ")]
)
def test_an_unreadable_docking_now_is_named_as_the_environment_variable(lang, said):
    """Review14 F18: it was called a column (``列“DOCKING_NOW”``); ``--now`` is named as the option."""
    table = str(ROOT / "examples" / "meetings_2025.csv")
    result = CliRunner().invoke(main, ["--lang", lang, "solve", table], env={"DOCKING_NOW": "2025-07-15T12:00"})
    assert result.exit_code == 2, result.output
    assert result.output.startswith(said) and "\n" not in result.output.strip(), result.output
