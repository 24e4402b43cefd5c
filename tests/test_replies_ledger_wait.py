"""A second ``replies`` on one ledger waits as every other writer waits for a folder, then is refused
naming who holds it (QA qaconc22 F6: it was refused at once, "另一个 replies 正在使用这个答复记录", naming
no one, though the other run ended a second later). The holder is a real second process, waited for by
its line "held"; the wait is seen by the ledger's own poll, never by a time."""

from __future__ import annotations

import getpass
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from scheduler.errors import InputError
from scheduler.files import folderlock
from scheduler.replies import ledger
from scheduler.text.messages import render
from tests.web_helpers import ROOT

HOLD = (
    "import sys; from scheduler.replies.ledger import Ledger; "
    "held = Ledger(sys.argv[1]); print('held', flush=True); sys.stdin.read(); held.close()"
)


def _holder(path: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True, cwd=ROOT)  # fmt: skip
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def _let_go(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.close()
    proc.wait(timeout=30)


def test_a_second_replies_is_refused_after_the_wait_naming_who_holds_the_ledger(tmp_path, monkeypatch):
    monkeypatch.setattr(folderlock, "WAIT", 0.2)
    path = tmp_path / "replies-ledger.jsonl"
    proc = _holder(path)
    try:
        with pytest.raises(InputError) as refused:
            ledger.Ledger(path)
    finally:
        _let_go(proc)
    said = render(refused.value.message, "zh")
    assert f"{getpass.getuser()} 在 {socket.gethostname()} 上 " in said and "“replies”" in said, said


def test_a_second_replies_waits_for_the_first_and_then_reads_the_ledger(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(folderlock, "WAIT", 60.0)
    path = tmp_path / "replies-ledger.jsonl"
    proc = _holder(path)
    polled = threading.Event()
    real_pause = ledger._pause

    def poll() -> None:  # the second run found the ledger taken and waits: let the first end
        polled.set()
        real_pause()

    monkeypatch.setattr(ledger, "_pause", poll)
    opened: list[object] = []
    second = threading.Thread(target=lambda: opened.append(ledger.Ledger(path)))
    second.start()
    assert polled.wait(60)
    _let_go(proc)
    second.join(60)
    assert opened and isinstance(opened[0], ledger.Ledger)
    opened[0].close()
