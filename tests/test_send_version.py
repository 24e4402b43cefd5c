"""The page's 发送 mails exactly the version the page showed (QA qaconc22 F2): the version is checked
again by the sending itself, under the folder's lock, before it reads the timetable. A command's
``reschedule --out`` that took the folder between the request's check and the sending's lock used to
be mailed as if it were the page's ("已发送 29", two units their new times the page never showed).

The window is made, not timed: the sending's own work is wrapped so that the other clerk's change
lands after the request was accepted and before the sending takes the folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.web import publish
from tests.web_helpers import make_project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    make_project(tmp_path / "out")
    return tmp_path / "out"


def _app(project: Path):
    from scheduler.web.app import create_app
    from scheduler.web.guard import Guard

    guard = Guard("127.0.0.1")
    app = create_app(project, guard)
    return app, app.test_client(), {"X-CSRF-Token": guard.csrf}


def test_a_change_landing_between_the_check_and_the_sendings_lock_is_not_mailed(project, servers, monkeypatch):
    app, client, headers = _app(project)
    server = servers(tls=None)
    real = publish.send

    def late(folder, sending, job, *args, **kwargs):  # the other clerk's command takes the folder first
        rules = project / "timetable.toml"
        rules.write_bytes(rules.read_bytes() + b"\n# changed by another clerk\n")
        return real(folder, sending, job, *args, **kwargs)

    monkeypatch.setattr(publish, "send", late)
    form = {"version": client.get("/api/project").get_json()["version"], "host": server.host,
            "port": str(server.port), "security": "plain"}  # fmt: skip
    answer = client.post("/api/send", json=form, headers=headers)
    assert answer.status_code == 200, answer.get_json()
    job = app.extensions["docking"].jobs.get(answer.get_json()["job"])
    job.thread.join(120)
    assert server.recorder.messages == []
    assert job.state == "failed", job.result
    said = client.get(f"/api/jobs/{job.id}").get_json()["error"]
    assert said == (
        "时间表已在别处修改（另一个标签页或命令行改了 timetable.toml）："
        "邮件未发送。请重新载入，看过新的时间表后再预览、发送"
    )
    assert not (project / "mail-journal.jsonl").exists()


def test_the_version_the_page_showed_is_mailed_when_nothing_changed(project, servers):
    app, client, headers = _app(project)
    server = servers(tls=None)
    form = {"version": client.get("/api/project").get_json()["version"], "host": server.host,
            "port": str(server.port), "security": "plain"}  # fmt: skip
    job = app.extensions["docking"].jobs.get(client.post("/api/send", json=form, headers=headers).get_json()["job"])
    job.thread.join(120)
    assert job.state == "done" and job.result["sent"] == 29, job.result


def test_a_stale_preview_or_send_is_refused_in_the_words_of_mail_not_of_a_change(project, servers):
    """QA qaconc22 F3: they were refused as "本次修改未保存。请重新载入后再改", a drag's words."""
    _, client, headers = _app(project)
    server = servers(tls=None)
    version = client.get("/api/project").get_json()["version"]
    rules = project / "timetable.toml"
    rules.write_bytes(rules.read_bytes() + b"\n# changed by a command\n")
    form = {"version": version, "host": server.host, "port": str(server.port), "security": "plain"}
    for path in ("/api/send/preview", "/api/send"):
        answer = client.post(path, json=form, headers=headers)
        assert answer.status_code == 409, (path, answer.get_json())
        said = answer.get_json()["error"]
        assert "邮件未发送。请重新载入，看过新的时间表后再预览、发送" in said and "本次修改未保存" not in said, said
    assert server.recorder.messages == []
