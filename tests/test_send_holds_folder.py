"""A sending holds its project folder's lock until its last message (QA qaupgrade17 F3): the page's
sending let the folder go once the invites were refreshed, so a command-line ``reschedule --out`` run
while it mailed was saved, and the sending then mailed the units the rescheduling moved their old time,
its closing line "已发送 29" saying nothing of it. The command line's ``send`` held the folder for its
whole run; the rule is now the flow's, whoever sends.

The interleaving is made, not timed: the test's SMTP server, on the first message, runs the command
line's ``reschedule --out`` in a second process (the other clerk) before it answers 250."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scheduler.files import folderlock
from scheduler.mail.flow import SendRequest, send_invites
from scheduler.mail.server import PLAIN, Server
from tests.smtp_helpers import AfterStore
from tests.web_helpers import ROOT, make_project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    make_project(tmp_path / "out")
    return tmp_path / "out"


def _invite(text: str) -> tuple[str, str]:
    """An invite's UID, and its DTSTART and SEQUENCE lines."""
    lines = text.splitlines()
    uid = next(line for line in lines if line.startswith("UID:"))
    return uid, "\n".join(line for line in lines if line.startswith(("DTSTART", "SEQUENCE")))


def _mailed(data: bytes) -> str:
    import email
    from email import policy

    message = email.message_from_bytes(data, policy=policy.default)
    return next(p for p in message.walk() if p.get_content_type() == "text/calendar").get_content()


def test_a_command_line_reschedule_is_refused_while_the_pages_sending_mails(project, servers, monkeypatch):
    monkeypatch.setattr(folderlock, "WAIT", 0.5)  # this process's wait; the other clerk waits its own 3 s
    other: list[subprocess.CompletedProcess[str]] = []

    def reschedule() -> None:  # the other clerk, while the first message waits for its 250
        if other:
            return
        command = [sys.executable, "-m", "scheduler", "--lang", "en", "reschedule", str(project / "timetable.csv"),
                   "--unavailable", "区环保局@9月9日", "--out", str(project)]  # fmt: skip
        other.append(subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60))

    server = servers(tls=None, fault=lambda stage, *_: AfterStore(reschedule) if stage == "DATA" else None)
    target = Server(server.host, server.port, PLAIN, timeout=30)
    report = send_invites(SendRequest(project / "timetable.csv", server=target))  # what the page's 发送 runs

    assert report.ok and len(report.sent) == 29
    done = other[0]
    assert done.returncode == 2, done.stdout + done.stderr
    assert "another program is writing into this folder ('send' started by " in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "2021-09-09 18:00,区环保局" in (project / "timetable.csv").read_text(encoding="utf-8-sig")
    files = (project / "invites").glob("*.ics")
    on_disk = dict(_invite(f.read_text(encoding="utf-8")) for f in files if f.name != "office.ics")
    for _, _, data in server.recorder.messages:  # every message says what the folder's invite says now
        uid, said = _invite(_mailed(data))
        assert said == on_disk[uid], uid


def test_the_pages_own_change_while_its_sending_mails_is_refused_at_once_with_the_reason(project, servers):
    """The page's sending now holds the folder to its end: a change asked meanwhile (another tab) is
    refused at once with the page's reason, not after the folder's wait with a process number."""
    import time

    from scheduler.web.app import create_app
    from scheduler.web.guard import Guard

    guard = Guard("127.0.0.1")
    app = create_app(project, guard)
    client = app.test_client()
    headers = {"X-CSRF-Token": guard.csrf}
    answers: list[tuple[int, dict, float]] = []

    def move() -> None:  # another tab's move while the first message waits for its 250
        if answers:
            return
        now = client.get("/api/project").get_json()["version"]
        started = time.monotonic()
        answer = client.post(
            "/api/move", json={"version": now, "index": 3, "start": "2021-09-10T18:00"}, headers=headers
        )
        answers.append((answer.status_code, answer.get_json(), time.monotonic() - started))

    server = servers(tls=None, fault=lambda stage, *_: AfterStore(move) if stage == "DATA" else None)
    before = (project / "timetable.csv").read_bytes()
    form = {"version": client.get("/api/project").get_json()["version"], "host": server.host,
            "port": str(server.port), "security": "plain"}  # fmt: skip
    job = app.extensions["docking"].jobs.get(client.post("/api/send", json=form, headers=headers).get_json()["job"])
    job.thread.join(120)
    assert job.result["sent"] == 29, job.result
    status, said, took = answers[0]
    assert status == 400 and said["error"] == "正在发送邀请：发送结束后再改时间表（本次修改未保存）"
    assert took < folderlock.WAIT
    assert (project / "timetable.csv").read_bytes() == before
