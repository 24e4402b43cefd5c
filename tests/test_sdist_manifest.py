"""The source archive carries what its tests need (env14 finding 9): setuptools alone put ``tests/test_*.py``
in it but not ``conftest.py``, the helpers, ``tests/data``, ``examples/``, so no test could run from it.
MANIFEST.in now ships every tracked file of the test tree, the examples, docs, benchmarks, cli.py and the
Makefile; checked here with setuptools' own reading of MANIFEST.in against ``git ls-files``."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_the_manifest_ships_the_tests_and_what_they_read(monkeypatch):
    filelist = pytest.importorskip("setuptools._distutils.filelist")
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout")
    wanted = ["tests", "examples", "docs", "benchmarks", "cli.py", "Makefile"]
    tracked = subprocess.run(
        ["git", "ls-files", *wanted], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    files = filelist.FileList()
    files.allfiles = [name.replace("/", os.sep) for name in tracked]
    monkeypatch.chdir(ROOT)
    for line in (ROOT / "MANIFEST.in").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            files.process_template_line(line)
    missing = sorted(set(files.allfiles) - set(files.files))
    assert "tests/conftest.py" in tracked and missing == []
