"""The folder lock (:mod:`scheduler.files.folderlock`) on its Windows branch, under the fake ``msvcrt`` of
:mod:`tests.test_appendlog_lock` (Linux open-file-description locks: two handles of one process conflict,
as two processes' locks do on Windows). Windows also refuses to delete a file that is open anywhere; the
fake ``unlink`` below does the same, so the release's removal of the lock file fails as it would there.

Another process is this one with a fresh registry of held folders (the registry is per process; the
lock file, its handle and the byte lock are what two processes share)."""

from __future__ import annotations

import contextlib
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from scheduler.errors import InputError
from scheduler.files import appendlog, folderlock
from tests.test_appendlog_lock import _fake_msvcrt


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """``msvcrt`` faked, ``sys.platform`` said to be Windows, and an open file that cannot be unlinked."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the fake msvcrt is built on Linux OFD locks")
    locked: list[int] = []
    monkeypatch.setitem(sys.modules, "msvcrt", _fake_msvcrt(locked))
    monkeypatch.setattr(appendlog.sys, "platform", "win32")
    opened: list[IO[bytes]] = []
    real_open, real_unlink = folderlock.open_log, Path.unlink

    def open_log(path: Path) -> IO[bytes]:
        handle = real_open(path)
        opened.append(handle)
        return handle

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if any(not h.closed and Path(h.name) == self for h in opened):
            raise PermissionError(13, "The process cannot access the file because it is being used", str(self))
        real_unlink(self, missing_ok)

    monkeypatch.setattr(folderlock, "open_log", open_log)
    monkeypatch.setattr(Path, "unlink", unlink)
    return locked


@contextlib.contextmanager
def another_process(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The block runs as another process would: with its own (empty) registry of held folders."""
    mine = folderlock._held
    monkeypatch.setattr(folderlock, "_held", {})
    try:
        yield
    finally:
        monkeypatch.setattr(folderlock, "_held", mine)


def test_windows_a_second_holder_waits_then_is_refused_naming_the_first(
    tmp_path: Path, windows: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    folderlock.acquire(folder, "reschedule")
    try:
        with another_process(monkeypatch):
            start = time.monotonic()
            with pytest.raises(InputError) as refused:
                folderlock.acquire(folder, "send", wait=0.3)
            assert time.monotonic() - start >= 0.3  # it waited for the first to finish
        assert "reschedule" in str(refused.value) and str(folder) in str(refused.value)
    finally:
        folderlock.release(folder)
    assert set(windows) == {appendlog.LOCK_OFFSET}  # every holder asked for the same byte
    assert not (folder / folderlock.LOCK_NAME).exists()  # removed once its handle was closed
    with another_process(monkeypatch):
        folderlock.acquire(folder, "send", wait=0.3)  # free again
        folderlock.release(folder)


def test_windows_a_lock_file_that_cannot_be_removed_leaves_the_folder_usable(
    tmp_path: Path, windows: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "schedule.csv").write_text("单元\n", encoding="utf-8")
    real_unlink = Path.unlink

    def never(self: Path, missing_ok: bool = False) -> None:  # another program has it open (a virus scanner)
        if self.name == folderlock.LOCK_NAME:
            raise PermissionError(13, "The process cannot access the file because it is being used", str(self))
        real_unlink(self, missing_ok)

    monkeypatch.setattr(Path, "unlink", never)
    folderlock.acquire(folder, "reschedule")
    folderlock.release(folder)  # its removal fails: no error
    assert (folder / folderlock.LOCK_NAME).exists()
    for what in ("send", "ics"):  # the next runs take it, unhindered by the file left behind
        with another_process(monkeypatch):
            folderlock.acquire(folder, what, wait=0.3)
            said = json.loads((folder / folderlock.LOCK_NAME).read_text(encoding="utf-8"))
            assert (said["pid"], said["what"]) == (folderlock.os.getpid(), what)
            folderlock.release(folder)
    assert (folder / "schedule.csv").read_text(encoding="utf-8") == "单元\n"
