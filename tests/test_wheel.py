"""Installed anywhere: the wheel, installed into a fresh virtual environment, runs the README's commands
from an empty folder, with the 2021 example it carries as package data, and the English walk-through's
examples (docs/tutorial-en.md) as the Chinese ones."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from scheduler.files.bundled import ENGLISH_FILES, ENGLISH_MEETING_FILES, EXAMPLE_FILES, MEETING_FILES, example_files
from tests.conftest import ROOT

NOT_RUN = (
    "docking-scheduler send out/timetable.csv --smtp-host mail.example.org --user zwgk-office",
    "docking-scheduler replies out/timetable.csv --imap-host mail.example.org --user zwgk-office",
    "docking-scheduler serve",
)
"""The README commands not run here: two talk to a mail server (tests/test_mail_send.py and
tests/test_replies_imap.py run them against servers of their own on 127.0.0.1), and ``serve``
serves until it is stopped (the web tests start it themselves)."""


@pytest.mark.parametrize("names", [EXAMPLE_FILES, MEETING_FILES, ENGLISH_FILES, ENGLISH_MEETING_FILES])
def test_the_package_copy_of_the_example_is_byte_identical_to_examples(names):
    assert example_files(names) == {name: (ROOT / "examples" / name).read_bytes() for name in names}


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = [line for block in re.findall(r"```sh\n(.*?)```", text, re.S) for line in block.splitlines()]
    return [line.split("  #")[0].strip() for line in lines if line.startswith("docking-scheduler ")]


def _source_tree(target: Path) -> Path:
    """The checkout's tracked files only (what a clean clone holds), so the wheel cannot pick up strays."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
        names = [n for n in listed.decode("utf-8").split("\0") if n]
    except (OSError, subprocess.CalledProcessError):
        names = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.is_file() and ".venv" not in p.parts]
    for name in names:
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


def test_the_wheel_runs_the_readme_from_an_empty_folder(tmp_path):
    # without PYTHONDONTWRITEBYTECODE (set in some shells): the first command compiles what it imports and
    # the others reuse it, as for a user; with it, every command compiled pandas and OR-Tools again
    dropped = ("PYTHONPATH", "DOCKING_LANG", "VIRTUAL_ENV", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    source = _source_tree(tmp_path / "source")
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(source)],
        tmp_path,
        env,
    )
    (wheel,) = (tmp_path / "dist").glob("docking_scheduler-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    every = EXAMPLE_FILES + MEETING_FILES + ENGLISH_FILES + ENGLISH_MEETING_FILES
    shipped = {f"scheduler/examples/{name}" for name in every}
    assert shipped | {"scheduler/py.typed"} <= names

    venv = tmp_path / "fresh venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path, env)
    python = venv / "bin" / "python"
    # our pip installs into the new environment (no pip of its own needed there); no .pyc up front:
    # Python compiles what it imports, and compiling all of pandas and OR-Tools here would double the time
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-compile", str(wheel)]
    _run(install, tmp_path, env)
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["SOURCE_DATE_EPOCH"] = "1630915200"

    empty = tmp_path / "空文件夹"
    empty.mkdir()
    where = _run([str(python), "-c", "import scheduler; print(scheduler.__file__)"], empty, env).stdout
    assert Path(where.strip()).is_relative_to(venv), where  # the installed package, not the checkout

    commands = readme_commands()
    assert set(NOT_RUN) <= set(commands) and len(commands) >= 12
    outputs = {}
    for command in commands:
        if command not in NOT_RUN:
            outputs[command] = _run(["bash", "-c", command], empty, env)
    assert (
        outputs["docking-scheduler validate examples/notice_2021.csv"].stdout
        == "时间表满足全部规则（29 个单位，23 个时段）\n"
    )
    assert "状态：最优（已证明）" in outputs["docking-scheduler solve --out out"].stdout
    assert (empty / "out" / "调整通知.docx").is_file() and (empty / "out" / "contacts_2021.csv").is_file()

    english = tmp_path / "english"  # the English walk-through's first commands (leftover 2 of the 21st session)
    english.mkdir()
    for command in ("example --english", "example --english --meetings", "solve examples/visits_2027.csv --out v"):
        _run(["bash", "-c", f"docking-scheduler --lang en {command}"], english, env)
    assert {p.name for p in (english / "examples").iterdir()} == {*ENGLISH_FILES, *ENGLISH_MEETING_FILES}
    assert (english / "v" / "invites").is_dir() and (english / "v" / "visits_contacts_2027.csv").is_file()

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    (python_example,) = re.findall(r"```python\n(.*?)```", text, re.S)[:1]
    printed = _run([str(python), "-c", python_example], empty, env).stdout.splitlines()
    assert printed[:2] == ["True", "optimal 23 2021-09-10 17:00:00"]


def test_the_example_is_found_when_the_package_is_not_on_disk(tmp_path, monkeypatch):
    """Installed as a zip (zipimport), package data is no folder: the example is copied out once."""
    import scheduler.files.bundled as bundled

    archive = tmp_path / "scheduler.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for name in EXAMPLE_FILES:
            out.write(ROOT / "examples" / name, f"scheduler/examples/{name}")
    monkeypatch.setattr(bundled, "files", lambda _package: zipfile.Path(archive, "scheduler/"))
    monkeypatch.setattr(bundled, "_extracted", [])
    folder = bundled.example_folder()
    assert folder.is_dir() and not folder.is_relative_to(ROOT)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == example_files()
    assert bundled.example_table() == folder / "notice_2021.csv"
    assert bundled.example_folder() == folder  # copied out once per process
