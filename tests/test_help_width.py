"""docs/cli.md says how narrow help gets (env14 finding 10): click never wraps below its own minimum,
so the page names that minimum rather than promising the terminal's width below it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def help_at(columns: int) -> str:
    """``send --help`` in a terminal ``columns`` wide (the real command: click reads ``COLUMNS``)."""
    env = {**os.environ, "COLUMNS": str(columns), "PYTHONPATH": str(ROOT), "DOCKING_LANG": "en"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "send", "--help"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_narrowest_help_is_the_one_docs_cli_md_names():
    said = " ".join((ROOT / "docs" / "cli.md").read_text(encoding="utf-8").split())  # as read, not as wrapped
    found = re.search(r"never narrower than (\d+): click's own minimum, so\s+in a terminal narrower than (\d+)", said)
    assert found is not None
    narrowest, terminal = int(found.group(1)), int(found.group(2))
    assert terminal == narrowest + 2  # click keeps a margin of 2
    assert help_at(30) == help_at(terminal)  # no narrower below it
    assert help_at(terminal) != help_at(terminal + 1)  # and wider above it
