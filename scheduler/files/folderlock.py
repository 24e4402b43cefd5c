"""One writer at a time in an output folder: its lock, held for a whole read-compare-write.

A command that writes into a folder (``solve --out``, ``reschedule --out``, ``ics``, ``send``,
``replies --out``) and each change the web app makes hold the folder's lock from before they read
what is there until their last file is renamed into place, so a second writer never overwrites a
change it did not see (QA crash 1: two ``reschedule --out out`` at once, each reporting its moves as
done, one of them silently lost). The lock is the mail journal's (:func:`scheduler.files.appendlog.lock`:
``flock`` on POSIX, one byte on Windows), taken on a small file ``.docking.lock`` in the folder, which
says who holds it (the command, the process, the user, the computer, the start: :func:`described`)
and is removed when it is released; the system releases it when the process ends, so a killed run
never leaves the folder locked.

On POSIX the folder itself is locked too (``flock`` on the open folder, taken first): a ``.docking.lock``
deleted while its holder runs (a clerk tidying the folder, a sync tool) would otherwise let a second
writer create a new one, lock it and write beside the first (Twenty-second session, a leftover of the
twenty-first). The file stays: it is the note a refused writer reads, and the lock an older build and
Windows take (where an open file cannot be deleted). A file system that cannot lock a folder (some
network mounts) keeps the file's lock alone, as before.

A second writer waits up to :data:`WAIT` seconds for the first to finish, then is refused on one
line naming the folder and the holder (an :class:`~scheduler.errors.InputError`: exit 2). Within one
process (the web app's threads) the lock is reentrant for the thread that holds it and waited for
by the others.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from scheduler.errors import InputError
from scheduler.files.appendlog import Locked, lock, open_log
from scheduler.files.folders import make_folders
from scheduler.files.owned import check_links, closed_to_us, owner_name, read_note
from scheduler.text.messages import Message

LOCK_NAME = ".docking.lock"
"""The lock file in a folder being written (removed again when the lock is released)."""
WAIT = 3.0
"""Seconds a second writer waits for the folder before it is refused."""
_POLL = 0.05


@dataclass
class _Held:
    """This process's hold on one folder: the thread that has it, how many times, the locked file."""

    thread: threading.RLock = field(default_factory=threading.RLock)
    count: int = 0
    handle: IO[bytes] | None = None
    folder: int | None = None
    """The folder opened and locked (:func:`_lock_folder`), ``None`` where folders are not locked."""
    made: list[Path] = field(default_factory=list)
    said: dict[str, object] = field(default_factory=dict)
    """Who holds it (:func:`holder_says`), named to this process's other threads when they are refused."""


_held: dict[str, _Held] = {}
_registry = threading.Lock()


def _key(folder: Path) -> str:
    return os.path.normcase(os.path.realpath(folder))


def acquire(folder: str | Path, what: str, wait: float | None = None, option: str | None = None) -> None:
    """Take ``folder``'s lock for ``what`` (the command, shown to a writer that is refused), creating
    the folder when it does not exist (removed again on :func:`release` when nothing was written in it);
    an :class:`InputError` naming the folder and the holder when it is not free within ``wait`` seconds
    (:data:`WAIT`), and naming the folder and ``option`` (the command-line option that gave it, as
    :func:`~scheduler.files.atomic.check_folder` does) when it cannot be made or written."""
    path = Path(folder)
    deadline = time.monotonic() + (WAIT if wait is None else wait)
    with _registry:
        held = _held.setdefault(_key(path), _Held())
    if not held.thread.acquire(timeout=max(0.0, deadline - time.monotonic())):
        raise InputError(Message("safety.folder_busy", holder=described(held.said or holder_says(what))), str(path))
    try:
        if held.count == 0:
            check_links(path)  # a link in the folder's place that another user made: never written through
            try:
                made = make_folders(path)
            except OSError as exc:  # a parent that is a file, a name too long, a read-only file system
                raise closed_to_us(path, write=True, option=option) or InputError(
                    Message("safety.cannot_write"), str(path), column=option
                ) from exc
            try:
                held.folder = _lock_folder(path, deadline)
                try:
                    held.handle = _lock_file(path, what, deadline, option)
                except BaseException:
                    _close(held.folder)
                    held.folder = None
                    raise
            except BaseException:
                _remove(made)
                raise
            held.made = made
            held.said = holder_says(what)
        held.count += 1
    except BaseException:
        held.thread.release()
        raise


def release(folder: str | Path) -> None:
    """Give back one :func:`acquire` of ``folder`` by this thread; the last one unlocks it, removes the
    lock file and the folders :func:`acquire` made when they are still empty."""
    path = Path(folder)
    with _registry:
        held = _held[_key(path)]
    held.count -= 1
    if held.count == 0 and held.handle is not None:
        with contextlib.suppress(OSError):  # (removed while held: a waiter then sees it is not the lock file)
            (path / LOCK_NAME).unlink()
        with contextlib.suppress(OSError):
            held.handle.close()
        if sys.platform == "win32":  # (as appendlog.lock decides; an open file cannot be removed there: one
            # another writer opened stays, and is simply opened and locked again by the next writer)
            with contextlib.suppress(OSError):
                (path / LOCK_NAME).unlink()
        held.handle = None
        _close(held.folder)  # after the note is gone: a waiter on the folder finds no stale note
        held.folder = None
        _remove(held.made)
        held.made = []
    held.thread.release()


@contextlib.contextmanager
def folders_locked(folders: list[str | Path], what: str, options: Mapping[str, str] | None = None) -> Iterator[None]:
    """The locks of ``folders`` (each once, in one order: no two writers wait for each other) for the block;
    ``options``: the command-line option that gave a folder (by its path as given), named when it
    cannot be made (:func:`acquire`)."""
    named = {_key(Path(folder)): option for folder, option in (options or {}).items()}
    keys = sorted({_key(Path(folder)): Path(folder) for folder in folders}.items())
    taken: list[Path] = []
    try:
        for key, folder in keys:
            acquire(folder, what, option=named.get(key))
            taken.append(folder)
        yield
    finally:
        for folder in reversed(taken):
            release(folder)


def beside(table: str | Path) -> list[Path]:
    """The folder of a table a writer reads (the project folder, where its outputs, the journal and
    ``invites/`` sit), when it is one we may write in; none when it is read-only (never written)."""
    folder = Path(table).parent
    return [folder] if folder.is_dir() and os.access(folder, os.W_OK | os.X_OK) else []


def _lock_folder(folder: Path, deadline: float) -> int | None:
    """The folder opened and locked (``flock``), waited for until ``deadline`` and then refused naming the
    holder as its note says; ``None`` on Windows (an open lock file cannot be deleted there) and where the
    file system does not lock folders (the lock file's lock alone then)."""
    if sys.platform == "win32":
        return None
    import fcntl

    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise InputError(
                        Message("safety.folder_busy", holder=_holder(folder / LOCK_NAME)), str(folder)
                    ) from None
                time.sleep(_POLL)
            except OSError:  # (EBADF, ENOLCK, EOPNOTSUPP: a network mount that cannot lock a folder)
                os.close(fd)
                return None
    except BaseException:  # refused, or Ctrl+C while waiting: the folder is not kept open
        os.close(fd)
        raise


def _close(fd: int | None) -> None:
    if fd is not None:
        with contextlib.suppress(OSError):
            os.close(fd)


def _lock_file(folder: Path, what: str, deadline: float, option: str | None = None) -> IO[bytes]:
    """The folder's lock file, opened and locked (by us: the file at its path is the one we locked, not
    one a finishing writer just removed), with our process id and ``what`` written in it."""
    path = folder / LOCK_NAME
    while True:
        try:
            handle = open_log(path)
        except PermissionError as exc:
            raise _unopenable(path) from exc
        except OSError as exc:
            raise closed_to_us(folder, write=True, option=option) or InputError(
                Message("safety.cannot_write"), str(folder), column=option
            ) from exc
        try:
            lock(handle)
        except Locked:
            handle.close()
            if time.monotonic() >= deadline:
                raise InputError(Message("safety.folder_busy", holder=_holder(path)), str(folder)) from None
            time.sleep(_POLL)
            continue
        if _same(handle, path):
            break
        handle.close()
    handle.truncate(0)
    handle.write(json.dumps(holder_says(what), ensure_ascii=False).encode("utf-8"))
    return handle


WORDS = {"serve": "safety.what.serve", "serve-send": "safety.what.serve_send"}
"""The writers named in words of their own (the web app's changes and its sending: no command of that name
was run); any other is the command as the user ran it (``send``, ``reschedule``)."""


def holder_says(what: str) -> dict[str, object]:
    """What the lock file says of its holder: the command, the process, the user, the computer and the
    start (UTC), so that a refused clerk can find who it is (QA qaconc22 F5)."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError, ImportError):  # (no name for this user id)
        user = ""
    since = datetime.now(UTC).isoformat(timespec="seconds")
    return {"pid": os.getpid(), "what": what, "user": user, "host": socket.gethostname(), "since": since}


def described(said: dict[str, object]) -> Message:
    """The holder as the refusal names it: the command (in words for the web app's), who, on which
    computer, since when (this computer's time), its process; on another computer the process is said to
    be that computer's (its number names nothing here). What the file says is shown as visible text, each
    field cut to :data:`SHOWN` characters: the file may be another user's, and a line break or a
    terminal's control sequence in it never reaches the clerk's terminal as such (QA qasec23 F6)."""
    what = str(said.get("what", "?"))
    named: Message | str = Message(WORDS[what]) if what in WORDS else _shown(what)
    host = str(said.get("host", ""))
    try:
        since = datetime.fromisoformat(str(said.get("since", ""))).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        since = "?"
    pid = _shown(str(said.get("pid", "?")))
    local = not host or host == socket.gethostname()
    shown_host = _shown(host)
    process = (
        Message("safety.process", pid=pid) if local else Message("safety.remote_process", pid=pid, host=shown_host)
    )
    user = _shown(str(said.get("user", ""))) or "?"
    return Message("safety.holder", what=named, user=user, host=shown_host or "?", since=since, process=process)


SHOWN = 40
"""Characters of each of the holder's fields a refusal shows (a user or computer name is far shorter)."""


def _shown(value: str) -> str:
    """``value`` as visible text (:func:`~scheduler.files.addresses.visible`: ``\\n`` for a line break),
    cut to :data:`SHOWN` characters with ``…``."""
    from scheduler.files.addresses import visible

    text = visible(value)
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def _unopenable(path: Path) -> InputError:
    """A lock file there that cannot be opened (left by another user's run that was killed, in a
    shared folder): named, with its owner, and that it may be deleted; else the folder cannot be written."""
    try:
        uid = path.lstat().st_uid
    except OSError:
        return closed_to_us(path.parent, write=True) or InputError(Message("safety.cannot_write"), str(path.parent))
    return InputError(Message("safety.lock_unopenable", owner=owner_name(uid)), str(path))


def _same(handle: IO[bytes], path: Path) -> bool:
    try:
        return os.path.samestat(
            os.fstat(handle.fileno()), path.lstat()
        )  # (lstat: the name itself, not a link's target)
    except OSError:
        return False


def _holder(path: Path) -> Message | str:
    """Who holds the lock, as its file says (:func:`described`); an older run's ``pid command`` as it is;
    that the note was deleted when there is none (the folder's own lock still held); ``?`` when it does
    not say."""
    try:
        said = read_note(path).decode("utf-8", "replace").strip()
    except FileNotFoundError:
        return Message("safety.holder_deleted")
    except OSError:
        said = ""
    with contextlib.suppress(ValueError):
        fields = json.loads(said)
        if isinstance(fields, dict):
            return described(fields)
    return said if said and said.isprintable() else "?"


def _remove(made: list[Path]) -> None:
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()
