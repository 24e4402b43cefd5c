"""An append-only file of JSON lines, locked for one run and made durable line by line.

Each line is written whole and ``fsync``-ed before :meth:`AppendLog.append`
returns, so a line on disk means its step happened. A last line cut short by a
crash (no newline, and not a complete JSON value) is dropped when the file is
opened again; a complete last line that only lacks its newline (an editor
removed it) is kept and the newline restored. The lock is released by the
system when the process ends, so a killed run never leaves it held.

**A line that cannot be written** (a full disk, an I/O error) raises its
``OSError`` and leaves the file as it was before that line: the part that did
reach the file is cut off again (if even that fails, it is a torn last line,
dropped at the next open), and every later append of the run is refused, so
the file only ever holds lines that were made durable. The file is written
unbuffered (:func:`write_all`), so nothing waits in a buffer to be written, and
fail again, when it is closed: :meth:`AppendLog.close` never raises.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import sys
from pathlib import Path
from typing import IO, Any

from scheduler.files.folders import make_folders
from scheduler.files.owned import open_own, read_own


def open_log(path: Path, record: bool = False) -> IO[bytes]:
    """``path`` opened to read and append, unbuffered (see :func:`write_all`): created ``0600``
    (``O_EXCL``) when it does not exist; one already there must be our own plain file, never a link
    followed (:func:`scheduler.files.owned.open_own`: an :class:`~scheduler.errors.InputError` naming it
    otherwise; ``record``: a file that records what was done, as ``open_own`` has it)."""
    handle = io.FileIO(open_own(path, record), "a+")
    handle.name = str(path)  # (named as a file opened by its path is, not by its descriptor's number)
    return handle


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
        data = read_own(Path(path))  # never through a link, never a pipe (scheduler/files/owned.py)
    except FileNotFoundError:
        return []
    return _complete(data)[0]


LOCK_OFFSET = 0x7FFFFFFE
"""Where the Windows lock sits: one byte at this fixed offset, the same for every run whatever the file's
size (``msvcrt.locking`` locks from the current position, and a file opened to append starts at its end,
so a lock taken there would be a different byte in each run and never conflict). It is far past any end a
journal reaches, so the mandatory Windows lock never stops another process reading the file, and it fits
in 31 bits for C runtimes that take the position as a ``long``."""


def lock(handle: IO[bytes]) -> None:
    """An exclusive lock on an open file for the whole run (:class:`Locked` if another process has it),
    released by the system when the process ends. The same lock for every run on every platform: the
    whole file (``flock``) on POSIX, the byte at :data:`LOCK_OFFSET` on Windows; the handle's position is
    left as it was."""
    try:
        if sys.platform == "win32":
            _lock_windows(handle)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        raise Locked(str(exc)) from exc


def lock_held(path: Path) -> bool | None:
    """Whether a process holds a lock on the file at ``path``, one we may not even open (another user's
    ``0600``: ``serve``'s ``.serve-lock`` left by a colleague's server, QA qahand24 F4). Linux's
    ``/proc/locks``, which every user may read, names each lock's file by device and inode. ``None`` when
    the system cannot tell: no ``/proc/locks``, or this file system's locks do not show there (a lock of
    our own on a file made beside it, at once removed, must show, or nothing is concluded)."""
    try:
        there = os.lstat(path)
        if not _locks_show(path.parent):
            return None
        return listed_lock(there) is True
    except OSError:
        return None


def listed_lock(there: os.stat_result) -> bool | None:
    """Whether ``/proc/locks`` lists a lock on the file ``there`` (its ``stat``); ``None`` without it."""
    key = f"{os.major(there.st_dev):02x}:{os.minor(there.st_dev):02x}:{there.st_ino}"
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as locks:  # noqa: PTH123
            return any(key in line.split() for line in locks)
    except OSError:
        return None


def _locks_show(folder: Path) -> bool:
    """Whether a lock taken on a file in ``folder`` shows in ``/proc/locks`` (:func:`lock_held`)."""
    if not sys.platform.startswith("linux"):
        return False
    probe = folder / f".docking-probe-{os.getpid()}-{os.urandom(4).hex()}"
    try:
        handle = os.open(probe, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | os.O_CLOEXEC, 0o600)
    except OSError:
        return False
    try:
        import fcntl

        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return listed_lock(os.fstat(handle)) is True
    except OSError:
        return False
    finally:
        os.close(handle)
        with contextlib.suppress(OSError):
            probe.unlink()


def _lock_windows(handle: IO[bytes]) -> None:
    """``msvcrt.locking`` of the one byte at :data:`LOCK_OFFSET`, which it takes from the current position:
    seek there, lock, and seek back (the file may be shorter: a lock past the end is allowed)."""
    import importlib

    msvcrt: Any = importlib.import_module("msvcrt")  # imported by name: mypy on POSIX has no stubs for it
    fd = handle.fileno()
    where = os.lseek(fd, 0, os.SEEK_CUR)
    os.lseek(fd, LOCK_OFFSET, os.SEEK_SET)
    try:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    finally:
        os.lseek(fd, where, os.SEEK_SET)


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


def write_all(handle: IO[bytes], data: bytes) -> None:
    """Write all of ``data`` at the end of the unbuffered ``handle`` and fsync it; an ``OSError`` if not
    (a write cut short by a full disk goes on from where it stopped, and then fails)."""
    view = memoryview(data)
    while view:
        written = handle.write(view)
        if not written:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        view = view[written:]
    os.fsync(handle.fileno())


def write_line(handle: IO[bytes], data: bytes) -> None:
    """Append ``data`` (one whole line) durably with :func:`write_all`, or cut the file back to its
    size before it and raise the ``OSError``: the file only ever holds lines that reached the disk."""
    size = os.fstat(handle.fileno()).st_size
    try:
        write_all(handle, data)
    except OSError:
        cut(handle, size)
        raise


def cut(handle: IO[bytes], size: int) -> None:
    """Cut the file back to ``size`` bytes (a line that failed half-written); if even that fails, the
    torn tail is dropped when the file is opened next."""
    try:
        os.ftruncate(handle.fileno(), size)
        os.fsync(handle.fileno())
    except OSError:
        pass


class AppendLog:
    """The file opened for a run: locked (:class:`Locked` if another run has it), its torn tail cut.

    ``lines`` holds the complete lines found when it was opened, and those appended since. OS errors are
    raised as they come (the caller words them); after a line that could not be written, every later
    :meth:`append` raises too, and the file is as it was before that line.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._failed: OSError | None = None
        created = not self.path.exists()
        make_folders(self.path.parent)
        self._handle: IO[bytes] = open_log(self.path, record=True)  # (what was read: never said to delete)
        try:
            lock(self._handle)
            self._handle.seek(0)
            data = self._handle.read() or b""
            self.lines, keep, unterminated = _complete(data)
            if keep != len(data):  # a line cut short by a crash or a full disk: never completed
                self._handle.truncate(keep)
                os.fsync(self._handle.fileno())
            if unterminated:  # a whole last line without its newline: end it before appending
                write_all(self._handle, b"\n")
            if created:
                sync_directory(self.path.parent)
        except BaseException:
            self.close()
            raise

    def append(self, record: dict[str, Any]) -> None:
        """Write ``record`` as one JSON line and make it durable before returning; an ``OSError`` (the
        file left as it was before the line) if it cannot be, and for every later line of the run."""
        if self._failed is not None:
            raise OSError(self._failed.errno, self._failed.strerror)
        data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            write_line(self._handle, data)
        except OSError as exc:
            self._failed = exc
            raise
        self.lines.append(data[:-1])

    def close(self) -> None:
        """Release the file. Never raises: every line was made durable when it was written, and nothing
        waits in a buffer."""
        with contextlib.suppress(OSError):
            self._handle.close()
