"""Helpers for the safety tests: a folder's fingerprint (every file's path and bytes), for "nothing written or
changed anywhere"."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import stat
from pathlib import Path


def folder_hash(folder: Path) -> dict[str, str]:
    """Every entry under ``folder`` (files, folders, links, others), with a hash of each file's bytes and
    its mode. Only regular files are read: a FIFO (a mail server's run folder has some) would block."""
    out: dict[str, str] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            out[os.path.relpath(Path(root) / name, folder) + "/"] = "dir"
        for name in files:
            path = Path(root) / name
            rel = os.path.relpath(path, folder)
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                out[rel] = "link:" + os.readlink(path)
                continue
            if not stat.S_ISREG(info.st_mode):
                out[rel] = f"special {info.st_mode:o}"
                continue
            try:
                data = path.read_bytes()
            except OSError as exc:  # an unreadable file is part of some cases: its mode still counts
                data = f"unreadable {exc.errno}".encode()
            out[rel] = f"{hashlib.sha256(data).hexdigest()} {info.st_mode:o}"
    return out


class Accepting:
    """A transport that accepts every message in memory (for tests where the server is not the point)."""

    def __init__(self) -> None:
        self.mails: list = []

    def open(self) -> None:
        pass

    def send(self, mail) -> tuple[int, str]:
        self.mails.append(mail)
        return 250, f"2.0.0 Ok: queued as M{len(self.mails)}"

    def close(self) -> None:
        pass


class FullDisk:
    """The mail journal on a disk that fills up, without root or a tmpfs: ``install`` patches
    ``Path.open`` and ``open_log`` for ``path`` alone, so the file the journal appends to is a real file behind a raw
    layer that behaves as the kernel does when the disk is full. The ``fill_at``-th write to it (counted
    over every handle) is cut short after half its bytes and every later write raises ``ENOSPC``, until
    :meth:`free`. A buffered handle (``buffering`` left at its default) is buffered over that layer as
    Python buffers a real file, so a failed flush leaves its bytes in the buffer as it does on a real disk.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.writes = 0
        self.fill_at: int | None = None
        self.full = False

    def free(self) -> None:
        self.fill_at, self.full = None, False

    def install(self, monkeypatch: object) -> FullDisk:
        original = Path.open
        disk = self

        def opened(path: Path, mode: str = "r", buffering: int = -1, *args: object, **kwargs: object) -> object:
            if path != disk.path or "a" not in mode:
                return original(path, mode, buffering, *args, **kwargs)
            raw = _Filling(io.FileIO(path, "a+" if "+" in mode else "a"), disk)
            return raw if buffering == 0 else io.BufferedRandom(raw)

        def log(path: Path, record: bool = False) -> object:  # the journal and the ledger: by descriptor (open_own)
            if Path(path) != disk.path:
                return real_log(path, record)
            from scheduler.files.owned import open_own

            return _Filling(io.FileIO(open_own(Path(path), record), "a+"), disk)

        from scheduler.files import appendlog
        from scheduler.mail import journal

        real_log = appendlog.open_log
        monkeypatch.setattr(Path, "open", opened)  # type: ignore[attr-defined]
        monkeypatch.setattr(appendlog, "open_log", log)  # type: ignore[attr-defined]
        monkeypatch.setattr(journal, "open_log", log)  # type: ignore[attr-defined]
        return self


class _Filling(io.RawIOBase):
    """A raw file whose writes go through :class:`FullDisk`'s rules; everything else is the real file's."""

    def __init__(self, raw: object, disk: FullDisk) -> None:
        super().__init__()
        self._raw = raw
        self._disk = disk

    def write(self, data: object) -> int:
        disk, chunk = self._disk, bytes(data)  # type: ignore[call-overload]
        if disk.full:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        disk.writes += 1
        if disk.writes == disk.fill_at:
            disk.full = True
            chunk = chunk[: max(1, len(chunk) // 2)]
        return self._raw.write(chunk)  # type: ignore[attr-defined,no-any-return]

    def readinto(self, buffer: object) -> int:
        return self._raw.readinto(buffer)  # type: ignore[attr-defined,no-any-return]

    def fileno(self) -> int:
        return self._raw.fileno()  # type: ignore[attr-defined,no-any-return]

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._raw.seek(offset, whence)  # type: ignore[attr-defined,no-any-return]

    def tell(self) -> int:
        return self._raw.tell()  # type: ignore[attr-defined,no-any-return]

    def truncate(self, size: int | None = None) -> int:
        return self._raw.truncate(size)  # type: ignore[attr-defined,no-any-return]

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def close(self) -> None:
        if not self.closed:
            self._raw.close()  # type: ignore[attr-defined]
        super().close()
