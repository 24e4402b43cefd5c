"""Nothing lost, every possible duplicate named (issue 13): one campaign of 1,000 units mailed to a real SMTP
server on 127.0.0.1 through every fault the issue lists, run after run, until a run has nothing left to send.

* run 1, the command in its own process, killed with SIGKILL just after the server kept a message and
  before it answered (the sender never learns it arrived);
* run 2, the command again, interrupted with SIGINT (Ctrl-C) the same way: the message in flight is let
  finish and recorded sent, then the run stops (exit 130, nothing in doubt);
* run 3, in this process through :func:`send_invites`: 4xx at RCPT, a mailbox full for longer than one run's
  retries (452), mailboxes that do not exist yet (550), connections dropped before DATA and after it (the
  server kept the message, no answer), answers slower than the client's timeout, the server stopped and
  started again in the middle, and Ctrl-C (a real SIGINT) while a message is in flight (let finish);
* runs 4 and 5: the mailboxes fixed; then nothing is left.

What must hold: every unit's message reached the server at least once (0 lost); and each copy beyond a
unit's first was sent by a run that named that unit in its summary as a possible duplicate (the run killed
by SIGKILL prints nothing, so it must create no duplicate: its first message is new). Backoff sleeps are
injected in this process (the two other processes meet no fault that would make them wait).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from scheduler.mail.batch import Retry
from scheduler.mail.flow import SendInterrupted, SendReport, SendRequest, send_invites
from scheduler.mail.journal import lines
from scheduler.mail.server import PLAIN, Server
from tests.conftest import ROOT
from tests.smtp_helpers import ACCEPT_THEN_DROP, DROP, SLOW, AfterStore, Recorder, free_port, start_plain

UNITS = 1000
HOURS = tuple(range(8, 18))


def write_campaign(folder: Path, count: int = UNITS) -> Path:
    """A campaign of ``count`` units, one per hour, each with an address on a reserved domain."""
    first = date(2021, 9, 8)
    days = [first + timedelta(days=d) for d in range(-(-count // len(HOURS)))]
    rows = ["序号,时间,单位"]
    contacts = ["单位,邮箱,联系人"]
    for i in range(count):
        day, hour = divmod(i, len(HOURS))
        rows.append(f"{i + 1},{days[day].isoformat()} {HOURS[hour]:02d}:00,测试单位{i:04d}")
        contacts.append(f"测试单位{i:04d},unit{i:04d}@units.test,联络员")
    (folder / "t.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "contacts.csv").write_text("\n".join(contacts) + "\n", encoding="utf-8")
    listed = ", ".join(f'"{d.isoformat()}"' for d in days)
    hours = ", ".join(f'"{h}:00"' for h in HOURS)
    (folder / "t.toml").write_text(
        f"days = [{listed}]\nhours = [{hours}]\n"
        '[invites]\ncampaign = "faults-1000"\ncontacts = "contacts.csv"\n'
        '[invites.organizer]\nname = "北关区人民政府办公室"\nemail = "zwgk-office@example.org"\n',
        encoding="utf-8",
    )
    return folder / "t.csv"


def number(address: str) -> int:
    return int(address.split("@")[0][4:])


class Sleeps:
    """The backoff's sleep, injected: it waits for nothing, and restarts the server when told to."""

    def __init__(self) -> None:
        self.calls: list[float] = []
        self.on_next: list = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        if self.on_next:
            self.on_next.pop(0)()


SENDER = f"""
import runpy, signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C reaches it even if started in the background
sys.argv = ["cli.py", *sys.argv[1:]]
runpy.run_path({str(ROOT / "cli.py")!r}, run_name="__main__")
"""


def run_command(table: Path, port: int, recorder: Recorder, at: int, sig: int) -> subprocess.CompletedProcess:
    """``send`` in its own process; ``sig`` is sent to it as soon as the server has kept message ``at``
    of this run, before the server answers it."""
    already = len(recorder.messages)
    holder: dict = {}

    def fault(stage, rec, envelope):
        if stage == "DATA" and len(rec.messages) == already + at - 1:
            return AfterStore(lambda: os.kill(holder["pid"], sig))
        return None

    recorder.fault = fault
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1630915200", "PYTHONPATH": str(ROOT)}
    args = [str(table), "--smtp-host", "127.0.0.1", "--smtp-port", str(port), "--insecure-plain"]
    with subprocess.Popen(
        [sys.executable, "-c", SENDER, "send", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        holder["pid"] = process.pid
        out, err = process.communicate(timeout=240)
    recorder.fault = None
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def arrivals(recorder: Recorder, start: int) -> list[int]:
    """The unit number of each message the server kept from index ``start`` on."""
    return [number(rcpt[0]) for _, rcpt, _ in recorder.messages[start:]]


def test_a_thousand_units_through_every_fault_none_lost_every_duplicate_named(tmp_path):
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # a shell may start us with it ignored
    try:
        _every_fault(tmp_path)
    finally:
        signal.signal(signal.SIGINT, previous)


def _every_fault(tmp_path: Path) -> None:
    table = write_campaign(tmp_path)
    recorder = Recorder()
    port = free_port()
    servers = [start_plain(recorder, port)]
    seen: Counter = Counter()
    try:
        # -- run 1: killed with SIGKILL just after the server kept its 150th message ----------------------
        start = len(recorder.messages)
        killed = run_command(table, port, recorder, at=150, sig=signal.SIGKILL)
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        got = arrivals(recorder, start)
        assert len(got) == 150 and not any(seen[n] for n in got)  # nothing the killed run sent was a second copy
        seen.update(got)
        last = list(lines(tmp_path / "mail-journal.jsonl"))[-1]
        assert last.state == "queued" and number(last.to) == got[-1]  # the journal: handed over, no answer

        # -- run 2: Ctrl-C (SIGINT) just after the server kept its 200th message -----------------------------
        start = len(recorder.messages)
        stopped = run_command(table, port, recorder, at=200, sig=signal.SIGINT)
        assert stopped.returncode == 130, stopped.stderr
        assert "发送被中断" in stopped.stderr and "Traceback" not in stopped.stderr
        got = arrivals(recorder, start)
        assert got[0] == 149 and seen[149] == 1  # run 1's unanswered message, sent again...
        assert (
            "其中 1 封是在无法确认是否送达后重发的" in stopped.stdout and "测试单位0149" in stopped.stdout
        )  # ...and named
        # the Ctrl-C came while the 200th was in flight: it was let finish and recorded sent, then the run stopped
        assert "无法确认是否送达" not in stopped.stderr and len(got) == 200
        last = list(lines(tmp_path / "mail-journal.jsonl"))[-1]
        assert last.state == "sent" and number(last.to) == got[-1]
        seen.update(got)

        # -- run 3: every fault at once, in this process ------------------------------------------------------
        reports = [_faulty_run(table, recorder, servers, port, seen)]
        # -- runs 4 and 5: the mailboxes fixed --------------------------------------------------------------
        for _ in range(2):
            start = len(recorder.messages)
            report = send_invites(_request(table, port), sleep=Sleeps())
            _check_named(report, arrivals(recorder, start), seen)
            reports.append(report)
        assert reports[-2].ok and reports[-1].ok and reports[-1].outcomes == ()
    finally:
        servers[-1].stop()
    ids = Counter(data.split(b"Message-ID: ", 1)[1].split(b"\r\n", 1)[0] for _, _, data in recorder.messages)
    assert len(ids) == UNITS and set(seen) == set(range(UNITS))  # 0 lost
    assert sum(seen.values()) == len(recorder.messages)


def _request(table: Path, port: int) -> SendRequest:
    return SendRequest(table, server=Server("127.0.0.1", port, PLAIN, timeout=0.5))


def _check_named(report: SendReport, got: list[int], seen: Counter) -> None:
    """Each copy this run sent to a unit that already had one is named by this run as a possible duplicate."""
    again = Counter()
    for n in got:
        if seen[n] or again[n]:
            assert f"测试单位{n:04d}" in report.possible_duplicates, n
        again[n] += 1
    seen.update(got)


def _faulty_run(table: Path, recorder: Recorder, servers: list, port: int, seen: Counter) -> SendReport:
    """Run 3: 4xx, 5xx, drops before and after DATA, slow answers, a restart, Ctrl-C in flight."""
    tries: Counter = Counter()
    sleeps = Sleeps()
    recorder.slow = 0.8  # the client waits 0.5 s
    state = {"restarted": False, "interrupted": False}

    def restart_now() -> None:
        servers[-1].stop()
        sleeps.on_next.append(lambda: servers.append(start_plain(recorder, port)))

    def fault(stage, rec, envelope):
        attempts = rec.attempts[stage]
        if stage == "MAIL":
            return DROP if attempts % 89 == 0 else None  # dropped before DATA: nothing kept
        if stage == "RCPT":
            return "451 4.3.0 greylisted, try later" if attempts % 13 == 0 else None
        n = number(envelope.rcpt_tos[0])
        tries[n] += 1
        if n % 97 == 5:
            return "550 5.1.1 no such mailbox (yet)"
        if n % 101 == 3 and tries[n] <= 8:
            return "452 4.2.2 mailbox full for now"  # outlasts one run's retries
        if n % 53 == 0 and tries[n] == 1:
            return ACCEPT_THEN_DROP  # kept, then the connection drops before the answer
        if n % 71 == 0 and tries[n] == 1:
            return SLOW  # kept, answered after the client gave up
        if n % 11 == 0 and tries[n] == 1:
            return "421 4.7.0 too many messages, closing"
        if n == 620 and not state["restarted"]:
            state["restarted"] = True
            sleeps.on_next.append(restart_now)  # at the next backoff the server goes away, then comes back
            return "451 4.3.0 restarting"
        if n == 880 and not state["interrupted"]:
            state["interrupted"] = True
            return AfterStore(lambda: os.kill(os.getpid(), signal.SIGINT))  # Ctrl-C, the message in flight
        return None

    recorder.fault = fault
    start = len(recorder.messages)
    with pytest.raises(SendInterrupted) as caught:
        send_invites(_request(table, port), sleep=sleeps)
    report = caught.value.report
    got = arrivals(recorder, start)
    _check_named(report, got, seen)
    assert report.interrupted and "测试单位0880" not in report.unconfirmed  # let finish: recorded sent
    assert [o.state for o in report.outcomes if o.mail.unit == "测试单位0880"] == ["sent"]
    assert state["restarted"] and len(servers) == 2  # the server did restart mid-run
    assert any(o.state == "failed" and o.code == 550 for o in report.outcomes)
    assert any(o.state == "failed" and o.code == 452 for o in report.outcomes)
    assert set(sleeps.calls) <= set(Retry().delay(n) for n in range(1, 7))
    assert recorder.attempts["MAIL"] > len(got) and recorder.attempts["RCPT"] > len(got)

    recorder.fault = None  # the mailboxes are fixed from now on
    return report
