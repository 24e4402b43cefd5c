"""No console streams (env14 finding 1): a command with its standard output or error closed (``>&-``,
``2>&-``, pythonw.exe, a service with no console), or a standard output that cannot be written
(``> /dev/full``), or no standard input at a password prompt: never a traceback, never exit 120 or 70.
Each case runs the real command in a child process with the descriptor really closed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTICE = ROOT / "examples" / "notice_2021.csv"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="closes descriptors with a POSIX shell")


def run(shell_tail: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """``cli.py ARGS`` through bash with ``shell_tail`` (redirections such as ``>&-``) after it."""
    command = " ".join([sys.executable, str(ROOT / "cli.py"), *(f"'{arg}'" for arg in args), shell_tail])
    # The user's DOCKING_ settings are not the test's; the suite's planning clock is (conftest.py).
    base = {k: v for k, v in os.environ.items() if not k.startswith("DOCKING_") or k == "DOCKING_NOW"}
    return subprocess.run(
        ["bash", "-c", command],
        capture_output=True,
        env={**base, "PYTHONPATH": str(ROOT), **(env or {})},
        cwd=ROOT,
        timeout=120,
    )


def test_no_standard_output_runs_silently():
    done = run(">&-", "validate", str(NOTICE))
    assert (done.returncode, done.stderr) == (0, b"")


def test_no_standard_output_or_error_still_writes_the_folder(tmp_path: Path, example):
    done = run(">&- 2>&-", "solve", str(example / NOTICE.name), "--out", str(tmp_path / "out"))
    assert done.returncode == 0
    assert (tmp_path / "out" / "timetable.csv").is_file()


def test_no_standard_error_keeps_the_output_and_the_exit_code():
    done = run("2>&-", "validate", str(NOTICE))
    assert done.returncode == 0
    assert "29" in done.stdout.decode()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_standard_output_is_one_line_and_exit_2():
    done = run("> /dev/full", "validate", str(NOTICE))
    said = done.stderr.decode()
    assert done.returncode == 2
    assert said.count("\n") == 1 and "无法写入标准输出" in said and "Traceback" not in said


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_standard_output_keeps_a_failure_code():
    done = run("> /dev/full", "validate", str(ROOT / "nope.csv"))
    assert done.returncode == 2
    assert "找不到文件" in done.stderr.decode()


def test_no_standard_input_at_a_password_prompt_is_the_clean_message(example):
    done = run("<&-", "send", str(example / NOTICE.name), "--smtp-host", "127.0.0.1", "--smtp-port", "9", "--user", "x")
    said = done.stderr.decode()
    assert done.returncode == 2
    assert "DOCKING_SMTP_PASSWORD" in said and "内部错误" not in said


def test_pythonw_has_no_streams_at_all(tmp_path: Path):
    # pythonw.exe: sys.stdout and sys.stderr are None from the start
    code = (
        "import sys; sys.stdout = sys.stderr = None; "
        f"sys.argv = ['docking-scheduler', 'solve', {str(NOTICE)!r}, '--out', {str(tmp_path / 'out')!r}]; "
        "from scheduler.cli.main import main; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120
    )
    assert (done.returncode, done.stderr) == (0, b"")
    assert (tmp_path / "out" / "timetable.csv").is_file()


def test_send_with_standard_error_closed_sends_the_whole_batch(tmp_path: Path, example):
    from tests.smtp_helpers import Recorder, free_port, start_plain

    solved = run("", "solve", str(example / NOTICE.name), "--out", str(tmp_path / "out"))
    assert solved.returncode == 0, solved.stderr.decode()
    recorder = Recorder()
    port = free_port()
    server = start_plain(recorder, port)
    try:
        timetable = str(tmp_path / "out" / "timetable.csv")
        done = run("2>&-", "send", timetable, "--smtp-host", "127.0.0.1", "--smtp-port", str(port), "--insecure-plain")
    finally:
        server.stop()
    assert done.returncode == 0
    assert len(recorder.messages) == 29
