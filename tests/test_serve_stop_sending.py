"""Ctrl-C or SIGTERM on ``serve`` while the page's 发送 runs (QA qaconc22 F1): the sending used to be
cut off with the interpreter, mid-message, silently (exit 0, the journal ending on a ``queued`` line,
no summary), and a page opened after the restart showed that message as 发送中 while nothing sent.

Now the server tells the sending to stop and waits for it, as ``send`` stops on Ctrl-C: the message
being handed over is finished (its answer in the journal), none after it is started; serve's terminal
gets the sending's summary (how many sent, how many not attempted) and serve exits 130; the page opened
after a restart says how many were not sent and that nothing is sending.

The moment is made, not timed: the test's SMTP server stops the server (or sends serve its SIGINT) while
it holds the third message, before it answers 250."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from scheduler.mail.journal import read_history
from scheduler.text.messages import render
from tests.smtp_helpers import AfterStore, free_port
from tests.web_helpers import ROOT, make_project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    make_project(tmp_path / "out")
    return tmp_path / "out"


def _at_third(then):
    seen: list[int] = []

    def fault(stage: str, *_: object) -> AfterStore | None:
        if stage != "DATA":
            return None
        seen.append(1)
        return AfterStore(then) if len(seen) == 3 else None

    return fault


def test_stopping_the_server_stops_the_sending_after_the_message_in_flight(project, servers):
    from scheduler.web.app import create_app
    from scheduler.web.guard import Guard

    guard = Guard("127.0.0.1")
    app = create_app(project, guard)
    client = app.test_client()
    jobs = app.extensions["docking"].jobs
    server = servers(tls=None, fault=_at_third(lambda: [job.stop_event.set() for job in jobs.running()]))
    form = {"version": client.get("/api/project").get_json()["version"], "host": server.host,
            "port": str(server.port), "security": "plain"}  # fmt: skip
    answer = client.post("/api/send", json=form, headers={"X-CSRF-Token": guard.csrf})
    job = jobs.get(answer.get_json()["job"])
    job.thread.join(120)  # the server stopping sets the stop at the third message (what Jobs.stop_all does first)
    assert not job.thread.is_alive()
    assert len(server.recorder.messages) == 3
    assert job.result["interrupted"] is True and job.result["sent"] == 3 and job.result["not_attempted"] == 26
    assert "未尝试 26（再按“发送”继续）" in [render(line, "zh") for line in job.result["notices"]]
    history = read_history(project / "mail-journal.jsonl")
    assert [e.state for e in history.messages()].count("sent") == 3
    assert "queued" not in {e.state for e in history.messages()}

    later = create_app(project, Guard("127.0.0.1")).test_client()  # serve started again
    said = later.get("/api/journal").get_json()["stopped"]
    assert said == "上次发送被中断：已发送 3，26 封未发送；现在没有在发送。按“发送”继续"


@pytest.mark.serial
@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX here")
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM])
def test_serves_ctrl_c_during_a_sending_prints_its_summary_and_exits_130(project, servers, how):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCKING_")}
    env.update(PYTHONPATH=str(ROOT), DOCKING_NOW="2021-09-01T08:00+08:00")
    command = [sys.executable, str(ROOT / "cli.py"), "serve", str(project / "timetable.csv"), "--port", str(port),
               "--no-browser"]  # fmt: skip
    serve = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)
    said: list[str] = []
    heard = threading.Event()

    def read() -> None:  # serve's terminal; its line "正在停止网页发送" comes once it told the sending
        for line in serve.stdout:
            said.append(line)
            if "正在停止网页发送" in line:
                heard.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()

    def press() -> None:  # serve's Ctrl-C (or SIGTERM) while the third message waits for its 250
        serve.send_signal(how)
        heard.wait(60)

    try:
        server = servers(tls=None, fault=_at_third(press))
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while not (entry := re.search(r"http://127\.0\.0\.1:\d+/\?token=[\w-]+", "".join(said))):
            assert time.monotonic() < deadline and serve.poll() is None, said
            time.sleep(0.1)
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())  # the browser's session
        _get(entry.group(0), 60, opener)  # the address serve printed: the run's secret, for the session cookie
        page = _get(base + "/", 60, opener)
        token = re.search(r'csrf" value="([^"]+)"', page).group(1)
        version = json.loads(_get(base + "/api/project", 10, opener))["version"]
        body = {"version": version, "host": server.host, "port": server.port, "security": "plain"}
        request = urllib.request.Request(base + "/api/send", data=json.dumps(body).encode(), method="POST",
                                         headers={"Content-Type": "application/json", "X-CSRF-Token": token,
                                                  "Origin": base})  # fmt: skip
        with opener.open(request, timeout=30) as reply:
            assert reply.status == 200
        serve.wait(120)
        reader.join(30)
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()
    out = "".join(said)
    assert serve.returncode == 130, out
    assert "发送：已发送 3，" in out and "未尝试 26（再按“发送”继续）" in out, out
    # the page those lines name stops with serve: how to go on is said (QA qaint26 F7)
    assert out.rstrip().splitlines()[-1].startswith("网页已随 serve 一起停止：") and "运行 send" in out, out
    assert len(server.recorder.messages) == 3
    history = read_history(project / "mail-journal.jsonl")
    assert "queued" not in {e.state for e in history.messages()}


def _get(url: str, seconds: float, opener: urllib.request.OpenerDirector) -> str:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with opener.open(url, timeout=10) as reply:
                return reply.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_a_message_left_queued_by_a_sending_no_longer_running_is_not_shown_as_being_sent(project):
    """A killed server (kill -9: no stop to hear) leaves its last message ``queued``; the page opened after
    the restart, with nothing sending, says it is not confirmed, not 发送中 (QA qaconc22 F1)."""
    from scheduler.web.app import create_app
    from scheduler.web.guard import Guard

    line = {"v": 1, "state": "queued", "unit": "区财政局", "uid": "u-1", "sequence": 0, "method": "REQUEST",
            "to": "czj@example.org", "message_id": "<u-1.0@example.org>", "at": "2021-09-01T00:00:00Z",
            "attempt": 1}  # fmt: skip
    (project / "mail-journal.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    client = create_app(project, Guard("127.0.0.1")).test_client()
    rows = client.get("/api/journal").get_json()["rows"]
    assert [row["state"] for row in rows] == ["unconfirmed"]
