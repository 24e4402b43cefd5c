"""The docs' shell examples run as written (the ones cheap to run here: no mail server, no browser).

Each runs under ``sh -e`` in a fresh folder laid out as a reader's checkout (``cli.py`` and a copy of
examples/), with ``python`` and ``docking-scheduler`` on the PATH as this checkout's command, and
HOME set to the folder (so ``~/campaign`` is in it). README.md's and first-hour.md's blocks are run by
tests/test_wheel.py, tests/test_meetings_docs.py and tests/test_first_hour.py.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def section(doc: str, title: str) -> str:
    """The text of ``doc`` under the heading ``title``, up to the next heading of any level."""
    text = (ROOT / doc).read_text(encoding="utf-8")
    start = text.index(f"\n{title}\n")
    end = text.find("\n#", start + len(title) + 2)
    return text[start : end if end != -1 else len(text)]


def fenced(text: str, lang: str) -> list[str]:
    """The fenced blocks of ``text`` marked ``lang`` ("" for unmarked), in order."""
    found: list[str] = []
    block: list[str] | None = None
    marked = ""
    for line in text.splitlines(keepends=True):
        if line.startswith("```") and block is None:
            block, marked = [], line[3:].strip()
        elif line.startswith("```") and block is not None:
            if marked == lang:
                found.append("".join(block))
            block = None
        elif block is not None:
            block.append(line)
    return found


@pytest.fixture
def reader(tmp_path: Path) -> Path:
    """A reader's checkout with this checkout's command as ``python`` and ``docking-scheduler``."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    (tmp_path / "cli.py").symlink_to(ROOT / "cli.py")
    bin_dir = tmp_path / ".bin"
    bin_dir.mkdir()
    shims = {
        "python": f'exec "{sys.executable}" "$@"',
        "docking-scheduler": f'exec "{sys.executable}" "{ROOT}/cli.py" "$@"',
    }
    for name, line in shims.items():
        (bin_dir / name).write_text(f"#!/bin/sh\n{line}\n", encoding="utf-8")
        (bin_dir / name).chmod(0o755)
    return tmp_path


def sh(folder: Path, script: str, cwd: str = ".", **env: str) -> subprocess.CompletedProcess[str]:
    """``script`` run by ``sh -e`` in ``folder / cwd``, HOME ``folder``, PATH cron's plus the reader's shims."""
    variables = {k: v for k, v in os.environ.items() if not k.startswith("DOCKING_")}
    variables.update(HOME=str(folder), PATH=f"{folder / '.bin'}:/usr/bin:/bin", PYTHONPATH=str(ROOT), **env)
    return subprocess.run(
        ["sh", "-e", "-c", script],
        cwd=folder / cwd,
        env=variables,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_cron_recipe_keeps_its_passwords_off_command_lines_and_logs_both_commands(reader):
    """docsaudit #2: ``A && B >> remind.log`` logged only B, so the day the mailbox could not be read (the
    day the ``&&`` is for) left nothing in remind.log; the passwords file is made yours only before a
    password is in it, and written by an editor, not on a command line."""
    recipe = section("docs/replies.md", "### Every day with cron (Linux, macOS)")
    setup, secrets = fenced(recipe, "sh")
    (cron_line,) = fenced(recipe, "")
    assert "PASSWORD" not in setup and "setx" not in recipe
    editor = reader / ".bin" / "editor"  # the reader types the secrets block into the file
    editor.write_text(f"#!/bin/sh\ncat >> \"$1\" <<'EOF'\n{secrets}EOF\n", encoding="utf-8")
    editor.chmod(0o755)
    (reader / ".bin" / "crontab").write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    (reader / ".bin" / "crontab").chmod(0o755)
    done = sh(reader, setup, EDITOR=str(editor))
    assert done.returncode == 0, done.stderr
    secrets_file = reader / "campaign" / "secrets.env"
    assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600
    made = sh(reader, "docking-scheduler solve --out out", cwd="campaign")
    assert made.returncode == 0, made.stderr
    command = cron_line.strip().split(None, 5)[5]  # cron's five time fields, then the shell's line
    ran = sh(reader, command)  # mail.example.org cannot be reached: replies stops, send must not run
    assert ran.returncode == 1 and ran.stdout == ran.stderr == ""
    log = (reader / "campaign" / "remind.log").read_text(encoding="utf-8")
    assert "无法连接 IMAP 服务器 mail.example.org" in log, log
    assert "将发送" not in log and not (reader / "campaign" / "out" / "mail-journal.jsonl").exists()


def page(doc: str) -> str:
    return (ROOT / doc).read_text(encoding="utf-8")


def test_the_invites_how_to_runs_top_to_bottom(reader):
    """docsaudit #13: the block used out/timetable.csv before the line that writes it, and an other.csv
    that exists nowhere."""
    (block,) = fenced(page("docs/invites.md").split("\n## ", 1)[0], "sh")
    done = sh(reader, block)
    assert done.returncode == 0, done.stderr
    assert len(list((reader / "out" / "invites").rglob("*.ics"))) == 59


def test_the_explanation_example_prints_what_the_page_shows(reader):
    """docsaudit #14: the command read a my_table.csv the page never showed how to make."""
    intro = page("docs/explanations.md").split("\n## ", 1)[0]
    (block,) = fenced(intro, "sh")
    (shown,) = fenced(intro, "")
    done = sh(reader, block.replace("python cli.py explain", "! python cli.py explain"))  # it exits 1
    assert done.returncode == 0 and done.stdout == shown, done.stderr


def test_the_alternatives_how_to_runs_and_each_folder_validates(reader):
    intro = page("docs/alternatives.md").split("\n## ", 1)[0]
    (block,) = fenced(intro, "sh")
    validate = re.search(r"`(python cli.py validate [^`]+)`", intro)
    assert validate is not None
    done = sh(reader, block + validate[1])
    assert done.returncode == 0, done.stderr
    assert "第 3 个最优时间表（共 3 个）" in done.stdout and "时间表满足全部规则" in done.stdout


def test_the_replanning_how_to_prints_what_the_page_shows(reader):
    text = page("docs/replanning.md")
    (change, check) = fenced(text, "sh")
    (shown,) = fenced(text.split("\n## ", 1)[0], "")
    done = sh(reader, change + check)
    assert done.returncode == 0, done.stderr
    assert shown in done.stdout and "时间表满足全部规则（29 个单位" in done.stdout
