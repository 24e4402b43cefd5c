"""An append-only file of JSON lines, locked for one run and made durable line by line.

Each line is flushed and ``fsync``-ed before :meth:`AppendLog.append` returns,
so a line on disk means its step happened. A last line cut short by a crash
(no newline, and not a complete JSON value) is dropped when the file is opened
again; a complete last line that only lacks its newline (an editor removed it)
is kept and the newline restored. The lock is released by the system when the
process ends, so a killed run never leaves it held.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import IO, Any


class Locked(Exception):
    """Another process holds the file's lock."""


def _complete(data: bytes) -> tuple[list[bytes], int, bool]:
    """The complete lines, the length they take, and whether the newline of a complete last line is missing."""
    end = data.rfind(b"\n") + 1
    lines = data[:end].split(b"\n")[:-1]
    tail = data[end:]
    if tail.strip():
        try:
            json.loads(tail.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return lines, end, False
        return [*lines, tail], len(data), True
    return lines, end if not tail else len(data), False


def read_lines(path: str | Path) -> list[bytes]:
    """The complete lines of the file as it stands (none when it does not exist), without locking it."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return []
    return _complete(data)[0]


def lock(handle: IO[bytes]) -> None:
    """An exclusive lock on an open file for the whole run (:class:`Locked` if another process has it),
    released by the system when the process ends."""
    try:
        if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        raise Locked(str(exc)) from exc


def sync_directory(directory: Path) -> None:
    """Make a new file's directory entry durable too (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class AppendLog:
    """The file opened for a run: locked (:class:`Locked` if another run has it), its torn tail cut.

    ``lines`` holds the complete lines found when it was opened. OS errors are
    raised as they come (the caller words them).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        created = not self.path.exists()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._handle: IO[bytes] = self.path.open("a+b")
        try:
            lock(self._handle)
            self._handle.seek(0)
            data = self._handle.read()
            self.lines, keep, unterminated = _complete(data)
            if keep != len(data):
                self._handle.truncate(keep)
            if unterminated:
                self._handle.write(b"\n")
            if keep != len(data) or unterminated:
                self._handle.flush()
                os.fsync(self._handle.fileno())
            if created:
                sync_directory(self.path.parent)
        except BaseException:
            self._handle.close()
            raise

    def append(self, record: dict[str, Any]) -> None:
        """Write ``record`` as one JSON line and make it durable before returning."""
        data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        self._handle.write(data)
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self.lines.append(data[:-1])

    def close(self) -> None:
        self._handle.close()
