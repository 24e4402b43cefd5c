"""Putting written files in place of their targets all together or not at all.

A rename within one folder is atomic, but a write of many files is many renames, and one of them
can fail after others are done: on Windows a file open in Excel or Word cannot be replaced, and on
POSIX an immutable file or a folder that cannot be written refuses it. So every target that exists
is first set aside under a backup name beside it (``.NAME.XXXXXXXX-PID.bak``), which is also the test
that it can be replaced, before any new file goes in; then the new files are renamed in, in order;
when any step fails, every step done is undone in reverse and the backups are put back (a rename
refused for a moment on Windows, by a virus scanner holding the file, is tried again: :func:`patiently`). The
backups are removed only when every file is in place. A run killed in the middle (SIGKILL, a power
cut) leaves its backups under those names, and the next write of the same files puts back a backup
whose file is missing and removes the others (:func:`recover`), once the process that made them
has ended (:func:`gone`: the process id in the name): a backup of a write still running (another
command on the same folder, or the web app's other thread) is its way back when a rename fails.

A target that is a symbolic link (dangling or not) is replaced as a link: it is set aside, compared
and put back as the link itself, never followed, and the new file takes its place; the file it
points to, if any, is left as it was (as a plain rename onto a link does).
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from scheduler.errors import InputError
from scheduler.files.reasons import file_reason
from scheduler.text.messages import Message

BACKUP = r"\.(?P<name>.+)\.[a-z0-9_]{8}(?:-(?P<pid>[0-9]{1,10}))?\.bak"
"""Our backups' names: ``.NAME.`` + eight random characters + ``-`` and the id of the process that
wrote it + ``.bak`` (as long as a temporary file's name, so a name that fits one fits the other);
without the process id as written before it was added."""


def writer() -> str:
    """What this process adds to the random part of its temporary files' and backups' names (asked at
    each write: a forked process has its own id)."""
    return f"-{os.getpid()}"


LINKS = os.name != "nt"
"""Whether a backup is first tried as a hard link, which leaves the target in place for anyone
reading it meanwhile. Not on Windows: there a file that another program holds open can be linked
but not renamed, so the target itself is renamed aside, the one test that it can be replaced."""


@dataclass(frozen=True)
class Aside:
    """A target kept under ``backup``: a second name of the same file (``moved`` false: the target
    is still there), or the target itself renamed (``moved``: the target is missing until its new
    file comes)."""

    target: Path
    backup: Path
    moved: bool


def backup_name(target: Path, stem: str) -> Path:
    """The backup of ``target`` whose random part is ``stem``'s eight characters."""
    return target.with_name(f".{target.name}.{stem}.bak")


def set_aside(target: Path, backup: Path) -> Aside | None:
    """Keep ``target`` under ``backup``; ``None`` when there is no target. An :class:`OSError` when
    the target cannot be replaced (nothing is changed then)."""
    if not os.path.lexists(target):
        return None
    if LINKS:
        try:
            os.link(target, backup, follow_symlinks=False)
            return Aside(target, backup, moved=False)
        except (OSError, NotImplementedError):
            pass  # no hard links here (FAT, some network shares), or this file refuses one: rename it
    patiently(lambda: target.replace(backup))
    return Aside(target, backup, moved=True)


def put_back(aside: Aside) -> None:
    """Undo :func:`set_aside`: the target as it was, the backup gone (whatever is at the target now
    is replaced by the backup)."""
    if aside.moved or not _same(aside.backup, aside.target):
        aside.backup.replace(aside.target)
    else:
        aside.backup.unlink()


def _same(one: Path, other: Path) -> bool:
    """Whether two names are the same file, links compared as links (never followed); ``False`` when
    either is missing."""
    try:
        return os.path.samestat(os.lstat(one), os.lstat(other))
    except FileNotFoundError:
        return False


PUT_BACK_WAITS = (0.05, 0.1, 0.2, 0.4, 0.8)
"""Seconds :func:`probe` waits before each new try to give a file renamed aside its name back (a
virus scanner or an indexer may hold a freshly renamed file for a moment on Windows)."""


def lock_waits(system: str) -> tuple[float, ...]:
    """The waits before each new try of a rename refused with :class:`PermissionError` on ``system``
    (``os.name``): on Windows (``nt``) a virus scanner (360, 火绒) or the indexer holds a file just
    written or closed for a moment, so :data:`PUT_BACK_WAITS` (1.55 s in all); elsewhere such a
    refusal (an immutable file) does not pass, and is not tried again."""
    return PUT_BACK_WAITS if system == "nt" else ()


LOCK_WAITS = lock_waits(os.name)


def patiently(step: Callable[[], object]) -> None:
    """``step`` (a rename), tried again after each of :data:`LOCK_WAITS` while it is refused with
    :class:`PermissionError`; the last refusal raised (a file really open in Excel: the caller's
    "close it" message)."""
    for wait in (*LOCK_WAITS, None):
        try:
            step()
            return
        except PermissionError:
            if wait is None:
                raise
            time.sleep(wait)


def probe(target: Path) -> None:
    """Whether ``target``, where it exists, could be replaced now: set aside and put back at once.
    An :class:`InputError` naming it and saying what to do otherwise (:func:`refusal`).

    Where the target itself is renamed aside (Windows), giving it its name back is tried again for a
    few seconds; when that still fails, the error says where the file is now. A second name that
    cannot be removed stays for the next write of the file to remove (:func:`recover`)."""
    try:
        aside = set_aside(target, backup_name(target, os.urandom(4).hex() + writer()))
    except OSError as exc:
        raise refusal(target, exc) from exc
    if aside is None:
        return
    if not aside.moved:
        with contextlib.suppress(OSError):
            aside.backup.unlink()
        return
    for wait in (*PUT_BACK_WAITS, None):
        try:
            put_back(aside)
            return
        except OSError as exc:
            if wait is None:
                reason = file_reason(exc)
                raise InputError(
                    Message("output.stranded", backup=str(aside.backup), reason=reason), str(target)
                ) from exc
            time.sleep(wait)


def swap_in(pairs: Sequence[tuple[Path, Path]]) -> None:
    """Rename each new file onto its target (``pairs`` of new file and target; a new folder onto a
    name not taken: :func:`~scheduler.files.atomic.new_trees`), in order, all or none. Every existing
    target is set aside before the first rename; when a step fails, the new files (and folders)
    already in place are taken out again and every target put back, and an
    :class:`InputError` names the target that failed. The new files not renamed stay for the
    caller to remove."""
    asides: list[Aside | None] = []
    done = 0
    target = Path()
    try:
        for new, target in pairs:  # (the backup's name made only for a target there: 10,000 new invites)
            there = os.path.lexists(target)
            asides.append(set_aside(target, backup_name(target, _stem(new, target))) if there else None)
        for new, target in pairs:
            patiently(partial(os.replace, new, target))  # (Path.replace makes a Path of the target: 10,000)
            done += 1
    except BaseException as exc:
        kept = _undo(pairs, asides, done)
        if isinstance(exc, OSError):
            raise _with_kept(refusal(target, exc), kept) from exc
        raise
    for aside in asides:
        if aside is not None:
            with contextlib.suppress(OSError):  # left behind: the next write of this file removes it
                aside.backup.unlink()


def _undo(pairs: Sequence[tuple[Path, Path]], asides: list[Aside | None], done: int) -> list[Aside]:
    """Every step of :func:`swap_in` undone, the last first: the first ``done`` new files are in
    place, the targets in ``asides`` are set aside. A step that cannot be undone leaves its backup
    for :func:`recover`; the targets whose file could not be put back (it is under its backup's name)
    are returned, for the error to say where each is."""
    kept: list[Aside] = []
    for index in reversed(range(len(asides))):
        aside = asides[index]
        target = pairs[index][1]
        try:
            if aside is not None:
                patiently(partial(put_back, aside))
            elif index < done and target.is_dir() and not target.is_symlink():
                target.replace(pairs[index][0])  # a new folder (a staging folder renamed): back, for removal
            elif index < done:
                target.unlink()  # a new file where there was none
        except OSError:
            if aside is not None and os.path.lexists(aside.backup) and not _same(aside.backup, aside.target):
                kept.append(aside)  # the file that was there is only under the backup's name now
    return kept


def _with_kept(error: InputError, kept: list[Aside]) -> InputError:
    """``error``, with where each file that could not be put back is now (``.NAME.XXXXXXXX-PID.bak``
    beside its name) and that it is to be renamed back; as it is when every file is in place."""
    if not kept:
        return error
    where = [Message("output.kept_as", backup=str(a.backup), name=a.target.name) for a in reversed(kept)]
    return InputError(Message("output.not_put_back", said=error.message, kept=where), error.path, column=error.column)


def recover(backup: Path, target: Path) -> None:
    """A backup that a killed write left beside ``target``: put back when the target is missing (it
    is the file that was there), removed otherwise (the target is the same file, or a newer one)."""
    with contextlib.suppress(OSError):
        if os.path.lexists(target):
            backup.unlink()
        else:
            backup.replace(target)


def gone(pid: str | None) -> bool:
    """Whether the process that wrote a temporary file or a backup (its id in the name: ``pid``; ``None``
    for a name written before it was kept there) has ended, so what it left may be cleared. This very
    process is running: a write of another thread is not done."""
    if pid is None:
        return True
    number = int(pid)
    if number <= 0:
        return True
    if number == os.getpid():
        return False
    return not _running(number)


def _running(pid: int) -> bool:
    """Whether a process ``pid`` exists (another user's too); a process id reused since is taken as
    running (what it left then stays until that process ends: the safe side)."""
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import ctypes

        kernel = ctypes.WinDLL("kernel32", use_last_error=True)
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.get_last_error() == 5  # ERROR_ACCESS_DENIED: another user's process
        try:
            code = ctypes.c_ulong()
            return not kernel.GetExitCodeProcess(handle, ctypes.byref(code)) or code.value == 259  # STILL_ACTIVE
        finally:
            kernel.CloseHandle(handle)
    try:
        os.kill(pid, 0)  # no signal sent: only whether it exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except (OSError, OverflowError):
        return False
    return True


WINDOWS = os.name == "nt"
MAX_PATH = 260
"""Windows' longest path, in UTF-16 units with the closing NUL, without ``LongPathsEnabled``."""


NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT})
"""A full disk, a quota used up: the machine's state, not the input (exit code
:data:`scheduler.cli.main.NO_SPACE_EXIT`)."""


def write_failure(path: str | Path, exc: OSError) -> Message:
    """Why writing ``path`` (the file the system refused, a temporary one included) failed: on Windows,
    a path past :data:`MAX_PATH` is said as such, with what to do (the system only says it cannot find
    the path, naming a file whose folder is evidently there); else the system's reason."""
    units = len(str(Path(path).absolute()).encode("utf-16-le")) // 2
    if WINDOWS and units >= MAX_PATH:
        return Message("output.too_long", length=units)
    if exc.errno in NO_SPACE:  # every write is all or none: what to do, and that nothing changed (qaint26 F3)
        return Message("output.no_space", reason=file_reason(exc))
    return Message("output.write", reason=file_reason(exc))


def refusal(target: Path, exc: OSError) -> InputError:
    """The one-line error for a ``target`` that could not be replaced: its folder cannot be written,
    or it is refused (most often open in another program: on Windows, in Excel or Word), or the
    system's own reason."""
    folder = target.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return InputError(Message("safety.cannot_write"), str(folder))
    if isinstance(exc, PermissionError):
        return InputError(Message("output.locked"), str(target))
    return InputError(write_failure(os.fsdecode(exc.filename) if exc.filename else target, exc), str(target))


def _stem(new: Path, target: Path) -> str:
    """The random part of a temporary file's name and its writer (``.NAME.XXXXXXXX-PID.tmp``)."""
    return new.name[len(f".{target.name}.") : -len(".tmp")]
