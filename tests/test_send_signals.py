"""Exactly once through Ctrl-C and SIGTERM (QA qabig25 F2, F3): ``send`` in its own process, mailing a small
campaign to a real SMTP server on 127.0.0.1, is sent signals at chosen points of one message's delivery,
then run again; the server must hold each message exactly once over both runs, and a message is named as
"may have arrived" / "sent again" only when it truly may have gone out twice.

The points in the SMTP transaction are chosen by the server (its handler signals the sender before it
answers MAIL, RCPT or after keeping the message at DATA): the sender is then waiting for that answer, so
the signal lands there. The points inside the journal's write (the ``sent`` or ``queued`` line on disk,
not yet in the run's memory: F2's and F3's window) cannot be reached from outside, so the test's own
launcher wraps the journal's ``write_line`` in the child process to signal it just after the line reached
the file (a hook in this test only; nothing in the program).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from scheduler.mail.journal import lines
from tests.conftest import ROOT
from tests.smtp_helpers import AfterStore, Recorder, free_port, start_plain
from tests.test_mail_faults import number, write_campaign
from tests.test_meetings_mail import campaign  # noqa: F401 (the meeting example's campaign, a fixture)

UNITS = 12
AT = 5  # the message (1-based, of the first run) the signals are aimed at

LAUNCHER = f"""
import json, os, runpy, signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C reaches it even if started in the background
hook = json.loads(os.environ.get("TEST_SIGNAL_AFTER_LINE", "null"))
if hook:  # the test's own hook: signal this process just after the journal line hook names reached the file
    import scheduler.mail.journal as journal
    real, seen = journal.write_line, []
    def write_line(handle, data):
        real(handle, data)
        if json.loads(data)["state"] == hook["state"]:
            seen.append(1)
            if len(seen) == hook["at"]:
                for number in hook["signals"]:
                    os.kill(os.getpid(), number)
    journal.write_line = write_line
sys.argv = ["cli.py", *sys.argv[1:]]
runpy.run_path({str(ROOT / "cli.py")!r}, run_name="__main__")
"""


MEETINGS_NOW = {"SOURCE_DATE_EPOCH": "1752138000", "DOCKING_NOW": "2025-07-10T09:00:00+00:00"}
"""The meeting example's campaign mailed as of 2025-07-10 (tests/test_meetings_mail.py's moment)."""


def send(table: Path, port: int, hook: dict | None = None, started=None) -> subprocess.CompletedProcess:
    """``send`` in its own process (``started(pid)`` told as it starts); ``hook``: the launcher's, above."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1630915200", "PYTHONPATH": str(ROOT)}
    if table.name.startswith("meetings"):
        env |= MEETINGS_NOW
    env.pop("TEST_SIGNAL_AFTER_LINE", None)
    if hook is not None:
        env["TEST_SIGNAL_AFTER_LINE"] = json.dumps(hook)
    args = [str(table), "--smtp-host", "127.0.0.1", "--smtp-port", str(port), "--insecure-plain"]
    command = [sys.executable, "-c", LAUNCHER, "send", *args]
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        if started is not None:
            started(process.pid)
        out, err = process.communicate(timeout=120)
    return subprocess.CompletedProcess(command, process.returncode, out, err)


class Signaller:
    """The server's fault hook: at each ``(stage, message number)`` in ``points`` (message numbers count
    the messages the server has begun, 1-based), send ``signals`` to the sender's process before answering
    (at ``DATA``: after keeping the message, :class:`~tests.smtp_helpers.AfterStore`)."""

    def __init__(self, points: dict[tuple[str, int], int]) -> None:
        self.points = points
        self.pid = 0
        self.begun = 0

    def __call__(self, stage: str, recorder: Recorder, envelope: object) -> object:
        if stage == "MAIL":
            self.begun += 1
        number_ = self.points.get((stage, self.begun))
        if number_ is None or not self.pid:
            return None
        if stage == "DATA":
            return AfterStore(lambda: os.kill(self.pid, number_))
        os.kill(self.pid, number_)
        return None


def interrupted_then_again(tmp_path: Path, points: dict, hook: dict | None = None, table: Path | None = None) -> tuple:
    """The campaign (``table``, else :data:`UNITS` units) sent with ``points`` (server side) or ``hook``
    (journal side), then sent again."""
    table = table or write_campaign(tmp_path, UNITS)
    recorder = Recorder()
    port = free_port()
    server = start_plain(recorder, port)
    signaller = Signaller(points)
    recorder.fault = signaller
    try:
        first = send(table, port, hook, started=lambda pid: setattr(signaller, "pid", pid))
        kept_first = len(recorder.messages)
        recorder.fault = None
        again = send(table, port)
    finally:
        server.stop()
    if table.name.startswith("meetings"):  # a person has several invites: each message by its Message-ID
        counts = Counter(data.split(b"Message-ID: ", 1)[1].split(b"\r\n", 1)[0] for _, _, data in recorder.messages)
        return first, again, counts, kept_first, list(lines(table.parent / "mail-journal.jsonl"))
    counts = Counter(number(rcpt[0]) for _, rcpt, _ in recorder.messages)
    return first, again, counts, kept_first, list(lines(tmp_path / "mail-journal.jsonl"))


def unit(n: int) -> str:
    return f"测试单位{n:04d}"


def assert_exactly_once(counts: Counter) -> None:
    assert sorted(counts) == list(range(UNITS)) and set(counts.values()) == {1}, counts


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_after_the_server_kept_the_message_lets_it_finish(tmp_path, sig):
    """The server has the whole message and has not answered: the signal waits for the answer, the message
    is recorded sent and counted, the run stops (130); the next run sends the rest, none twice, none named."""
    first, again, counts, kept, journal = interrupted_then_again(tmp_path, {("DATA", AT): sig})
    assert first.returncode == 130, first.stderr
    assert kept == AT and "Traceback" not in first.stderr
    assert f"已收到中断：发送邀请 {AT}/{UNITS}（{unit(AT - 1)} " in first.stderr  # said at once, not silent
    assert "无法确认是否送达" not in first.stderr + first.stdout
    assert f"已发送 {AT}" in first.stdout  # counted: the summary agrees with the server
    assert "发送被中断：正在发送的那封已发完，服务器的答复已记入发送日志；重新运行同一命令发送其余的" in first.stderr
    assert [e.state for e in journal if number(e.to) == AT - 1][:2] == ["queued", "sent"]
    assert again.returncode == 0, again.stderr
    assert "无法确认后重发" not in again.stdout and "重发的" not in again.stdout
    assert_exactly_once(counts)


def test_a_second_ctrl_c_before_the_message_went_out_stops_at_once_without_doubt(tmp_path):
    """Ctrl-C at MAIL (held: the message is finishing), again at RCPT: the run stops there; nothing of the
    message reached the server, so it is in no doubt, and the next run mails it once without naming it."""
    points = {("MAIL", AT): signal.SIGINT, ("RCPT", AT): signal.SIGINT}
    first, again, counts, kept, journal = interrupted_then_again(tmp_path, points)
    assert first.returncode == 130, first.stderr
    assert kept == AT - 1
    assert "无法确认是否送达" not in first.stderr + first.stdout
    assert "发送被中断：正在发送的邮件在内容送出前被切断（不会送达）" in first.stderr
    cut = [e for e in journal if number(e.to) == AT - 1]
    assert [e.state for e in cut][:2] == ["queued", "interrupted"] and not cut[1].doubt
    assert again.returncode == 0, again.stderr
    assert unit(AT - 1) not in again.stdout  # not named as a possible duplicate
    assert_exactly_once(counts)


def test_a_second_ctrl_c_after_the_message_went_out_names_the_true_doubt(tmp_path):
    """Ctrl-C at MAIL, again once the server kept the message but before it answered: the run stops without
    the answer; the message truly may have arrived, so that run names it, and so does the one that sends it
    again (its only second copy)."""
    points = {("MAIL", AT): signal.SIGINT, ("DATA", AT): signal.SIGINT}
    first, again, counts, kept, journal = interrupted_then_again(tmp_path, points)
    assert first.returncode == 130, first.stderr
    assert kept == AT and [e.state for e in journal if number(e.to) == AT - 1][1] == "interrupted"
    assert "1 封邮件无法确认是否送达" in first.stderr and unit(AT - 1) in first.stderr
    assert "发送被中断：正在发送的邮件在内容送出后被切断，发送日志已记下它可能已送达" in first.stderr
    assert "其中 1 封是在无法确认是否送达后重发的" in again.stdout and unit(AT - 1) in again.stdout
    assert counts[AT - 1] == 2 and all(counts[n] == 1 for n in range(UNITS) if n != AT - 1)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("state", ["sent", "queued"])
def test_a_signal_just_after_a_journal_line_reached_the_disk(tmp_path, sig, state):
    """F2 (``sent``) and F3 (``queued``): the signal lands when the line is on disk and the run has not
    yet taken it in. The message is finished and recorded; nothing is mailed twice, nothing named."""
    hook = {"state": state, "at": AT, "signals": [sig]}
    first, again, counts, kept, journal = interrupted_then_again(tmp_path, {}, hook)
    assert first.returncode == 130, first.stderr
    assert kept == AT
    assert "无法确认是否送达" not in first.stderr + first.stdout
    assert f"已发送 {AT}" in first.stdout
    assert not any(e.doubt for e in journal)
    assert again.returncode == 0, again.stderr
    assert "重发的" not in again.stdout
    assert_exactly_once(counts)


def test_two_signals_just_after_the_sent_line_reached_the_disk(tmp_path):
    """Ctrl-C twice at F2's point: the second stops at once, and the message whose ``sent`` line is on disk
    is still sent (counted, not in doubt, never mailed again)."""
    hook = {"state": "sent", "at": AT, "signals": [signal.SIGINT, signal.SIGTERM]}
    first, again, counts, kept, journal = interrupted_then_again(tmp_path, {}, hook)
    assert first.returncode == 130, first.stderr
    assert kept == AT
    assert "无法确认是否送达" not in first.stderr + first.stdout and f"已发送 {AT}" in first.stdout
    assert journal[2 * AT - 1].state == "sent" and not any(e.doubt for e in journal)
    assert "重发的" not in again.stdout
    assert_exactly_once(counts)


@pytest.mark.parametrize(
    ("points", "hook"),
    [
        ({("DATA", AT): signal.SIGTERM}, None),
        ({}, {"state": "sent", "at": AT, "signals": [signal.SIGINT]}),
        ({}, {"state": "queued", "at": AT, "signals": [signal.SIGTERM]}),
    ],
)
def test_a_meeting_campaign_interrupted_mails_each_copy_once(tmp_path, campaign, points, hook):  # noqa: F811
    """The same for a meeting campaign (one copy per person per meeting, several per person): the
    interrupted run and the re-run together mail each copy exactly once, naming none."""
    first, again, counts, kept, journal = interrupted_then_again(tmp_path, points, hook, table=campaign)
    assert first.returncode == 130, first.stderr
    assert kept == AT and "无法确认是否送达" not in first.stderr + first.stdout
    assert not any(e.doubt for e in journal)
    assert again.returncode == 0, again.stderr
    assert "重发的" not in again.stdout and len(counts) > 2 * AT
    assert set(counts.values()) == {1}, counts
