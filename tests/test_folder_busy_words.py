"""The refusal of a busy folder says who holds it, so that the second clerk can phone the first
instead of deleting the lock file (QA qaconc22 F5): the command as the user ran it (the page's sending
is 网页发送, not ``send``), the user and the computer, when it started, and not to delete the lock
while that program runs. A lock written on another computer (a shared drive) is named with that
computer: its process number says nothing here. The holder is a real second process, waited for by
its line "held", never by a time."""

from __future__ import annotations

import getpass
import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from scheduler.errors import InputError
from scheduler.files import folderlock
from scheduler.text.messages import render
from tests.web_helpers import ROOT

HOLD = (
    "import sys; from pathlib import Path; from scheduler.files import folderlock; "
    "folderlock.acquire(sys.argv[1], sys.argv[2]); "
    "sys.argv[3:] and Path(sys.argv[1], '.docking.lock').write_text(sys.argv[3]); "
    "print('held', flush=True); sys.stdin.read()"
)


def _refusal(folder: Path, what: str, said: str | None = None) -> str:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(folder), what, *([said] if said else [])],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        with pytest.raises(InputError) as refused:
            folderlock.acquire(folder, "reschedule", wait=0.0)
        return render(refused.value.message, "zh")
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=30)


def test_the_refusal_names_the_command_the_user_the_computer_and_the_start(tmp_path: Path):
    line = _refusal(tmp_path, "send")
    host, user = socket.gethostname(), getpass.getuser()
    assert f"{user} 在 {host} 上 " in line and " 开始的“send”，进程 " in line, line
    assert "它还在运行时不要删除 .docking.lock" in line, line


def test_the_pages_sending_is_named_as_the_page_says_it(tmp_path: Path):
    line = _refusal(tmp_path, "serve-send")
    assert "开始的“网页发送”" in line and "serve-send" not in line, line


def test_a_lock_from_another_computer_is_named_with_that_computer(tmp_path: Path):
    said = {"pid": 1, "what": "send", "host": "OFFICE-PC2", "user": "li", "since": "2026-12-05T15:05:00+00:00"}
    line = _refusal(tmp_path, "send", json.dumps(said))
    assert "li 在 OFFICE-PC2 上 " in line and "OFFICE-PC2 上的进程 1" in line, line


def test_a_writer_refused_while_the_page_sends_hears_of_the_pages_sending(tmp_path: Path, servers):
    from scheduler.web.app import create_app
    from scheduler.web.guard import Guard
    from tests.smtp_helpers import AfterStore
    from tests.web_helpers import make_project

    project = tmp_path / "out"
    make_project(project)
    refused: list[str] = []

    def other() -> None:  # another writer, while the first message waits for its 250
        if refused:
            return
        try:
            folderlock.acquire(project, "reschedule", wait=0.0)
        except InputError as error:
            refused.append(render(error.message, "zh"))
        else:
            folderlock.release(project)
            refused.append("not refused")

    server = servers(tls=None, fault=lambda stage, *_: AfterStore(other) if stage == "DATA" else None)
    guard = Guard("127.0.0.1")
    app = create_app(project, guard)
    client = app.test_client()
    form = {"version": client.get("/api/project").get_json()["version"], "host": server.host,
            "port": str(server.port), "security": "plain"}  # fmt: skip
    answer = client.post("/api/send", json=form, headers={"X-CSRF-Token": guard.csrf})
    job = app.extensions["docking"].jobs.get(answer.get_json()["job"])
    job.thread.join(120)
    assert job.result["sent"] == 29, job.result
    assert "开始的“网页发送”" in refused[0], refused
