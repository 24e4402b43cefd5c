"""Printing on Chinese Windows: redirected output is GBK with strict errors there (simulated here with
``PYTHONIOENCODING=gbk``); a name GBK lacks is written as an escape, never a crash (docs/cli.md)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from scheduler.cli.terminal import Neutral
from tests.conftest import ROOT, edit


def test_a_character_the_encoding_lacks_is_written_as_an_escape():
    raw = io.TextIOWrapper(io.BytesIO(), encoding="gbk", errors="strict")
    stream = Neutral(raw)
    assert stream.write("区财政局😀 䶮\n") == len("区财政局😀 䶮\n")
    stream.flush()
    assert raw.buffer.getvalue().decode("gbk") == "区财政局\\U0001f600 \\u4dae\n"  # type: ignore[attr-defined]


def test_solve_redirected_to_a_gbk_file_keeps_its_output(example: Path, tmp_path: Path):
    for name in ("notice_2021.csv", "contacts_2021.csv"):
        edit(example / name, "区财政局", "区财政局😀")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "gbk", "DOCKING_LANG": ""}
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "scheduler", "solve", str(example / "notice_2021.csv"), "--out", str(out)],
        capture_output=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode("gbk", "replace")
    assert "区财政局\\U0001f600".encode("gbk") in done.stdout
    assert "区财政局😀" in (out / "timetable.csv").read_text(encoding="utf-8-sig")  # files keep the name as it is
