"""``serve`` never waits for the browser (env14 finding 3): over SSH with no display, Python's
webbrowser picks a console browser (w3m, lynx) and waits for it to exit, while the browser waits for
a page the server, not yet serving, never sent. Now the server serves whatever the browser does; a
console browser is not started in serve's terminal (one line says to open the address); a command
webbrowser would wait for runs detached. Each case runs the real ``serve`` in a child process with a
fake browser (``BROWSER``) that records it ran and then blocks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.smtp_helpers import free_port

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the fake browser is a POSIX shell script")


def fake_browser(folder: Path, name: str) -> Path:
    """A browser that writes its process id and the address it was given to ``ran``, then blocks for a
    minute (the same process: ``exec``), as a console browser waiting for its page would."""
    folder.mkdir(exist_ok=True)
    script = folder / name
    script.write_text(f'#!/bin/sh\necho "$$ $@" > {folder / "ran"}\nexec sleep 60\n', encoding="utf-8")
    script.chmod(0o755)
    return script


def serve_with(tmp_path: Path, browser: str, path: str) -> tuple[int, subprocess.Popen[bytes]]:
    port = free_port()
    env = {
        k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY") and not k.startswith("DOCKING_")
    }
    (tmp_path / "home").mkdir(exist_ok=True)  # the opening page's folder is made there (serve.opening_folder)
    env.update(BROWSER=browser, PATH=path, PYTHONPATH=str(ROOT), HOME=str(tmp_path / "home"))
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "cli.py"), "serve", "--port", str(port), "--out", str(tmp_path / "project")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    return port, process


def answer(port: int, seconds: float = 30) -> int:
    """The HTTP status of ``/`` once the server answers (waits up to ``seconds``): 401 without the run's
    secret, which only the address serve printed holds."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as reply:
                return int(reply.status)
        except urllib.error.HTTPError as refused:
            return int(refused.code)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def stopped(process: subprocess.Popen[bytes]) -> str:
    process.send_signal(signal.SIGINT)
    out, _ = process.communicate(timeout=30)
    return out.decode()


@pytest.mark.serial
def test_serve_answers_while_a_browser_it_would_wait_for_still_runs(tmp_path: Path):
    browser = fake_browser(tmp_path / "bin", "my-browser")
    port, process = serve_with(tmp_path, str(browser), os.environ["PATH"])
    try:
        assert answer(port) == 401
        deadline = time.monotonic() + 10
        while not (tmp_path / "bin" / "ran").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        ran = (tmp_path / "bin" / "ran").read_text().split()
        # it was opened, detached, and is still running: with a page of the user's only that goes on to the
        # address with the run's secret, never the secret itself in the command line (QA qasec23 F3)
        assert ran[1].startswith("file:///") and "token" not in " ".join(ran)
        opening = Path(urllib.request.url2pathname(ran[1][len("file://") :]))
        assert f"http://127.0.0.1:{port}/?token=" in opening.read_text(encoding="utf-8")
        assert opening.stat().st_mode & 0o777 == 0o600 and opening.parent.stat().st_mode & 0o777 == 0o700
        if sys.platform.startswith("linux"):  # where a Snap browser can read it: the home, not /tmp (review23)
            assert opening.parent.parent == tmp_path / "home"
        os.kill(int(ran[0]), signal.SIGTERM)
    finally:
        said = stopped(process)
    assert f"http://127.0.0.1:{port}/?token=" in said
    assert not opening.parent.exists()  # removed when serve ended


@pytest.mark.serial
def test_a_console_browser_is_not_started_and_the_address_is_said(tmp_path: Path):
    fake_browser(tmp_path / "bin", "w3m")
    port, process = serve_with(tmp_path, "w3m", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    try:
        assert answer(port) == 401
        time.sleep(0.5)
    finally:
        said = stopped(process)
    assert not (tmp_path / "bin" / "ran").exists()
    assert "w3m" in said and f"http://127.0.0.1:{port}/" in said


@pytest.mark.serial
def test_serve_writing_to_a_log_file_keeps_the_secret_out_of_it(tmp_path: Path):
    """QA qaweb24 F10: `serve > serve.log` (a desktop shortcut's or a scheduled task's log) wrote the live
    secret into a 0644 file every account reads. Output to a file: the address without it, and the
    opening page (the user's only, removed when serve stops) named, which holds it and lets in."""
    import re

    port = free_port()
    (tmp_path / "home").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCKING_")}
    env.update(PYTHONPATH=str(ROOT), HOME=str(tmp_path / "home"))
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "cli.py"), "serve", "--port", str(port), "--out", str(tmp_path / "p"),
             "--no-browser"],
            stdout=out, stderr=subprocess.STDOUT, env=env,
        )  # fmt: skip
    try:
        assert answer(port) == 401
        deadline = time.monotonic() + 10
        while "网页已启动" not in log.read_text(encoding="utf-8") and time.monotonic() < deadline:
            time.sleep(0.1)
        said = log.read_text(encoding="utf-8")
        assert "token" not in said.replace("令牌", "") and f"http://127.0.0.1:{port}/ " in said, said
        named = re.search(r"请在浏览器中打开 (\S+?open\.html)", said)
        assert named is not None, said
        opening = Path(named.group(1))
        assert opening.stat().st_mode & 0o777 == 0o600
        entry = re.search(r'url=(http://[^"]+)"', opening.read_text(encoding="utf-8")).group(1)
        assert entry.startswith(f"http://127.0.0.1:{port}/?token=")
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(entry, timeout=30) as first:
            assert first.status == 200  # the going-on page: the session is set
        with opener.open(f"http://127.0.0.1:{port}/api/project", timeout=30) as project:
            assert project.status == 200
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    assert "token=" not in log.read_text(encoding="utf-8")
    assert not opening.parent.exists()  # removed when serve ended
