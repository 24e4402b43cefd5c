"""One run at a time on the mail journal and the replies ledger, on POSIX and (simulated) on Windows.

``msvcrt.locking(fd, LK_NBLCK, 1)`` locks one byte from the handle's current position. The fake below has
those semantics, built on Linux open-file-description byte-range locks (which conflict between two handles
of one process, as Windows locks do), so the Windows branch of :func:`appendlog.lock` runs here.
"""

from __future__ import annotations

import fcntl
import os
import struct
import sys
import types
from pathlib import Path

import pytest

from scheduler.errors import InputError
from scheduler.files import appendlog
from scheduler.files.appendlog import AppendLog, Locked
from scheduler.mail.journal import QUEUED, Entry, Journal

F_OFD_SETLK = getattr(fcntl, "F_OFD_SETLK", 37)


def _fake_msvcrt(locked: list[int]) -> types.ModuleType:
    module = types.ModuleType("msvcrt")
    module.LK_NBLCK = 2  # type: ignore[attr-defined]

    def locking(fd: int, mode: int, nbytes: int) -> None:
        start = os.lseek(fd, 0, os.SEEK_CUR)  # msvcrt: from the current position
        data = struct.pack("hh4xqqi4x", fcntl.F_WRLCK, os.SEEK_SET, start, nbytes, 0)
        fcntl.fcntl(fd, F_OFD_SETLK, data)  # raises OSError (EAGAIN) when another handle has it
        locked.append(start)

    module.locking = locking  # type: ignore[attr-defined]
    return module


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    if not sys.platform.startswith("linux"):
        pytest.skip("the fake msvcrt is built on Linux OFD locks")
    locked: list[int] = []
    monkeypatch.setitem(sys.modules, "msvcrt", _fake_msvcrt(locked))
    monkeypatch.setattr(appendlog.sys, "platform", "win32")
    return locked


def _grow(path: Path) -> None:
    with path.open("ab") as handle:
        handle.write(b'{"v": 1, "n": "' + b"x" * 4000 + b'"}\n')


def test_windows_two_journal_runs_exclude_each_other_whatever_the_size(tmp_path: Path, windows: list[int]) -> None:
    path = tmp_path / "mail-journal.jsonl"
    first = Journal(path)
    try:
        for n in range(30):  # the first run wrote lines before the second one starts
            uid = f"u{n}@example.org"
            first.write(QUEUED, Entry(QUEUED, f"u{n}", uid, 0, "REQUEST", "czj@example.org", f"<{uid}.0>", ""))
        with pytest.raises(InputError):
            Journal(path)
        assert len(Journal(path, readonly=True).history.entries) == 30  # a dry run reads, unlocked (review17b F2)
    finally:
        first.close()
    assert len(set(windows)) == 1  # every run asked for the same byte
    second = Journal(path)  # released with the first run's handle
    assert len(second.history.entries) == 30
    second.close()


def test_windows_two_ledger_runs_exclude_each_other(tmp_path: Path, windows: list[int]) -> None:
    _second_run_refused_until_the_first_ends(tmp_path / "replies.jsonl")
    assert windows == [appendlog.LOCK_OFFSET, appendlog.LOCK_OFFSET]


def test_windows_lock_leaves_the_handle_where_it_was(tmp_path: Path, windows: list[int]) -> None:
    path = tmp_path / "log.jsonl"
    _grow(path)
    log = AppendLog(path)
    try:
        log.append({"n": 1})
        assert len(log.lines) == 2
        assert path.read_bytes().endswith(b'{"n": 1}\n')
    finally:
        log.close()


def test_posix_two_runs_exclude_each_other_after_the_first_wrote(tmp_path: Path) -> None:
    if sys.platform == "win32":
        pytest.skip("POSIX flock")
    _second_run_refused_until_the_first_ends(tmp_path / "replies.jsonl")


def _second_run_refused_until_the_first_ends(path: Path) -> None:
    """A second log opened on ``path`` while the first, which has written a line, is open is refused;
    once the first is closed it opens."""
    first = AppendLog(path)
    try:
        first.append({"n": "x" * 3000})
        with pytest.raises(Locked):
            AppendLog(path)
    finally:
        first.close()
    AppendLog(path).close()  # released with the first run's handle
