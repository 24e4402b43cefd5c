"""The meeting tour of the README and of docs/meetings.md runs as written (every command of their shell
blocks, in a folder holding a copy of examples/, except `serve`, which the web tests drive)."""

from __future__ import annotations

import re
import shlex
import shutil

from click.testing import CliRunner

from scheduler.cli.main import main
from tests.conftest import ROOT


def commands() -> list[str]:
    found: list[str] = []
    for doc in (ROOT / "README.md", ROOT / "docs" / "meetings.md"):
        for block in re.findall(r"```sh\n(.*?)```", doc.read_text(encoding="utf-8"), re.S):
            if "meetings_2025" not in block and "meet/" not in block:
                continue
            for line in block.splitlines():
                command = line.split("  #")[0].strip()
                if command.startswith("python cli.py") and command not in found:
                    found.append(command)
    return found


def test_the_meeting_tour_runs_as_written(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    ran = []
    for command in commands():
        args = shlex.split(command)[2:]
        if args[0] == "serve":
            continue
        result = CliRunner().invoke(main, args, env={"DOCKING_LANG": None})
        assert result.exit_code == 0, (command, result.output)
        ran.append(args[0])
    assert ran[:4] == ["solve", "validate", "reschedule", "send"] and "explain" in ran
    assert len(list((tmp_path / "meet" / "eml").rglob("*.eml"))) > 0
    assert (tmp_path / "meet" / "timetable.docx").is_file() and (tmp_path / "meet" / "people_2025.csv").is_file()
