"""A second ``serve`` on a folder already served (QA qaconc22 F4): it took another port silently and
wrote it into ``.serve-port``, so that after the next restart the office's server moved too, and every
calendar-feed address handed out stopped working. Decision (docs/web.md): the second one is refused on
one line naming the address the folder is served at; ``.serve-port`` is left as it was.

The first server is waited for by its own line (its address), not by a time."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.web_helpers import ROOT, make_project

pytestmark = pytest.mark.serial


def _serve(folder: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCKING_")}
    env.update(PYTHONPATH=str(ROOT))
    command = [sys.executable, str(ROOT / "cli.py"), "serve", str(folder / "timetable.csv"), "--no-browser"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)


def test_a_second_serve_on_a_served_folder_is_refused_naming_the_first_ones_address(tmp_path: Path):
    folder = tmp_path / "out"
    make_project(folder)
    first = _serve(folder)
    try:
        said = ""
        while "网页已启动" not in said:
            line = first.stdout.readline()
            assert line, first.stderr.read()
            said += line
        url = re.search(r"http://127\.0\.0\.1:\d+/", said).group(0)
        remembered = (folder / ".serve-port").read_text(encoding="ascii")
        second = _serve(folder)
        try:
            out, err = second.communicate(timeout=120)
        finally:
            if second.poll() is None:
                second.kill()
                second.communicate()
        assert second.returncode == 2, (out, err)
        assert out == ""
        assert len(err.strip().splitlines()) == 1, err
        assert url in err and "已在" in err, err
        assert (folder / ".serve-port").read_text(encoding="ascii") == remembered
    finally:
        first.send_signal(signal.SIGINT)
        first.communicate(timeout=60)
    # QA qahand24 F4: a server that stops removes its .serve-lock (left behind, a colleague's next serve on
    # the shared folder was refused for its owner); the port it had stays remembered
    assert not (folder / ".serve-lock").exists()
    assert (folder / ".serve-port").read_text(encoding="ascii") == remembered
