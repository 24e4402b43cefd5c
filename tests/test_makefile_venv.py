"""``make demo``/``make test`` and a ``.venv`` made by another Python (env14 finding 6): ``venv`` over
it kept the old interpreter, so every later ``make`` failed the same way until ``.venv`` was removed by
hand. Now a ``.venv`` whose python does not run or is not ``$(PYTHON)``'s build is made again
(``venv --clear``); one made by ``$(PYTHON)`` is kept. ``make -n``: nothing is run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None or sys.platform == "win32", reason="needs make")


def planned(tmp_path: Path, python: str) -> str:
    """What ``make -n demo`` would run in a checkout whose installed .venv's python is ``python``."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    venv = tmp_path / ".venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /elsewhere\n", encoding="utf-8")
    (venv / "bin" / "python").symlink_to(python)
    (venv / ".installed").touch()  # installed, after pyproject.toml
    done = subprocess.run(
        ["make", "-n", "demo", f"PYTHON={sys.executable}"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_venv_of_this_python_is_kept(tmp_path: Path):
    assert "-m venv" not in planned(tmp_path, sys.executable)


def test_a_venv_whose_python_no_longer_runs_is_made_again(tmp_path: Path):
    said = planned(tmp_path, "/nonexistent/python3")
    assert "made by another Python" in said and "-m venv --clear .venv" in said


def test_a_venv_of_another_python_is_made_again(tmp_path: Path):
    other = tmp_path / "other-python"
    other.write_text("#!/bin/sh\necho 3.10.13 other build\n", encoding="utf-8")
    other.chmod(0o755)
    assert "-m venv --clear .venv" in planned(tmp_path, str(other))


def test_make_alone_installs_in_a_fresh_checkout(tmp_path: Path):
    """Review14 F3: the stale-venv rule, written first, became make's default goal: ``make`` alone printed
    "making it again" and made nothing. ``make`` alone installs, as before."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    done = subprocess.run(
        ["make", "-n", f"PYTHON={sys.executable}"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "-m venv" in done.stdout and "pip install" in done.stdout
    assert "making it again" not in done.stdout
