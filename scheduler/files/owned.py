"""The files and folders the program keeps in a project folder are its own: never a link or another user's.

A project folder may be one other local users can write (a shared office folder, group-writable; QA
qasec23 F1, F2, F5). One of them could plant, under a name the program keeps there, a link to a file
of the clerk's (``.docking.lock`` -> ``~/.bashrc``: the next command truncated it and wrote its
holder line into it), a journal of their own (the campaign's addresses appended to a file they read
and may edit), or a link in the place of ``invites/`` (the invites written into another folder). So:

* **The files the program appends to or locks** (the mail journal, the replies ledger, the folder
  lock ``.docking.lock``, ``serve``'s ``.serve-lock``: :func:`open_own`) are opened without following
  a link (``O_NOFOLLOW``), created ``0600`` with ``O_CREAT | O_EXCL`` when they are not there, and
  one already there must be a plain file with one name, owned by the user running the command, that
  no other user may write (not group- or other-writable). Anything else is refused on one line
  naming the file (:class:`~scheduler.errors.InputError`), before a byte is read or written.
  The journal and the ledger only read (``ics``, a dry run, ``replies``, the web page: :func:`read_own`)
  are read the same way: never through a link, only a plain file with one name.
* **A secret the program keeps** (``serve``'s ``.feed-key``: :func:`read_secret`) is read the same way,
  and only when it is the running user's and no one else may write it (QA qahand24 F6).
* **A folder written into that is a link** (the output folder itself, ``invites/``, a folder below;
  :func:`check_links`) is followed only when the link is the running user's own (or the
  administrator's): the clerk's own ``out -> D:/共享/结果`` works as before, one another user made is
  refused on one line naming it and its maker.

On Windows (no ``O_NOFOLLOW``, no owners in ``stat``) a link is refused by looking first (``lstat``),
the owner and mode checks are left out: making links there takes an administrator's right. So are they
on a file system that keeps no Unix owners or modes (a project folder on a USB stick or a Windows share:
WSL's ``/mnt/c``, FAT or exFAT mounted ``umask=000``, a CIFS share ``file_mode=0777``, where every file
shows ``0777`` whatever ``chmod`` does, or the mounting user's): a file this program creates there
``0600`` shows as another's or writable by others too (:func:`keeps_owners`, asked only when a file
fails the check), so no ``chmod`` could ever satisfy the check and the journal made by the first
``send`` refused every later one; every user may write every file there anyway.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from scheduler.errors import InputError
from scheduler.text.messages import Message

PRIVATE = 0o600
"""The permissions a file of the program's is created with (it may hold addresses and what was said)."""
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
"""Open without following a link in the last component (0 where the system has no such flag: Windows)."""
_OPEN = os.O_RDWR | os.O_APPEND | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0) | NOFOLLOW
_TRIES = 20


def open_own(path: Path, record: bool = False) -> int:
    """``path`` opened to read and append (a descriptor): created :data:`PRIVATE` when it does not exist,
    else opened as it is when it is ours (the module's docstring); an :class:`InputError` naming it when
    it is a link, not a plain file, another user's (one we may not even open too: root's ``0600``, left by
    a run with sudo), or writable by others. An ``OSError`` as the system gives it otherwise
    (``PermissionError``: a file of ours there we may not open). ``record``: the file records what was
    done (the mail journal, the replies ledger), so a refusal never says to delete it (deleting the
    journal mails everything again) but how to make it one's own (:func:`check_own`)."""
    for _ in range(_TRIES):  # (a file removed between the two opens, by a writer releasing it: again)
        if not NOFOLLOW and path.is_symlink():
            raise InputError(Message("safety.own_link"), str(path))
        try:
            return os.open(path, _OPEN | os.O_CREAT | os.O_EXCL, PRIVATE)
        except FileExistsError:
            pass
        try:
            handle = os.open(path, _OPEN)
        except FileNotFoundError:
            continue
        except PermissionError:
            _whose(path, record)
            raise
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.EMLINK) and path.is_symlink():
                raise InputError(Message("safety.own_link"), str(path)) from None
            raise
        try:
            check_own(os.fstat(handle), path, record)
        except BaseException:
            os.close(handle)
            raise
        return handle
    raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))


def check_records(records: Iterable[tuple[Path, bool]]) -> None:
    """Before a command opens its records (``send``: the mail journal to write, the replies ledger to read),
    each ``(path, written)``: every one there that would be refused (:func:`check_own` for one ``written``,
    :func:`check_plain` for one only read) is refused together, on one line naming the first and the
    others to be treated alike. One at a time, a folder backed up with ``cp -al`` took three runs to mail
    (QA qahand24 F7 a). Nothing when all will do; the opens check each again."""
    refusals: list[InputError] = []
    for path, written in records:
        try:
            there = os.lstat(path)
        except OSError:
            continue
        if not stat.S_ISREG(there.st_mode):
            continue  # (a link, a pipe: the open refuses it, as ever)
        try:
            if written:
                check_own(there, path, record=True)
            else:
                check_plain(there, path)
        except InputError as error:
            refusals.append(error)
    if len(refusals) > 1:
        others = [_shell(Path(str(error.path))) for error in refusals[1:]]  # (joined as each language lists)
        raise InputError(Message("safety.records_too", first=refusals[0].message, others=others), refusals[0].path)
    if refusals:
        raise refusals[0]


def check_own(there: os.stat_result, path: Path, record: bool = False) -> None:
    """An :class:`InputError` naming ``path`` unless ``there`` (its ``fstat``) is a plain file with one
    name, owned by the running user and not writable by group or others (owners and modes: POSIX only).
    ``record``: as :func:`open_own`'s (another user's record, or one hard-linked, is made one's own by a
    copy, never deleted)."""
    check_plain(there, path)
    if not hasattr(os, "geteuid"):
        return
    if there.st_uid == os.geteuid() and not others_may_write(there):
        return
    if not keeps_owners(path.parent, there.st_dev):  # (no owners or modes to check there: module's docstring)
        return
    _not_another_users(there, path, record)
    raise InputError(Message("safety.own_open", mode=f"{stat.S_IMODE(there.st_mode):04o}"), str(path))


def others_may_write(there: os.stat_result) -> bool:
    """Whether a user other than the file's owner may write the file ``there`` (its ``stat``): any user
    (``o+w``), or the members of its group (``g+w``) unless the group is its owner's private one (QA
    qahand24 F9 b: with user-private groups, Debian's and Ubuntu's default, a file unpacked or checked out
    under umask 002 is ``-rw-rw-r-- wang wang``, and group ``wang`` is wang alone: refused as "other users
    may write it", which was untrue)."""
    if there.st_mode & 0o002:
        return True
    return bool(there.st_mode & 0o020) and not _private_group(there.st_gid, there.st_uid)


def _private_group(gid: int, uid: int) -> bool:
    """Whether the group ``gid`` is user ``uid``'s alone: their primary group, named as they are, listing no
    other member, and no other user's primary group (asked only of a group-writable file of theirs)."""
    try:
        import grp
        import pwd

        user = pwd.getpwuid(uid)
        group = grp.getgrgid(gid)
        if user.pw_gid != gid or group.gr_name != user.pw_name or set(group.gr_mem) - {user.pw_name}:
            return False
        return all(other.pw_gid != gid or other.pw_uid == uid for other in pwd.getpwall())
    except (ImportError, KeyError, OSError):
        return False


def _not_another_users(there: os.stat_result, path: Path, record: bool, readable: bool = True) -> None:
    """An :class:`InputError` naming ``path``, its owner and the way back (``sudo chown``; for a ``record``,
    never to delete it: :func:`open_own`) when ``there`` (its ``stat``) is another user's (POSIX only), on a
    file system already found to keep owners (:func:`keeps_owners`). A record that could not be ``readable``
    (another user's ``0600``: :func:`_whose`) is not said to be copied (QA qahand24 F2: ``cp`` cannot read
    it), and one of root's never says to let root run the command (a run with sudo left it)."""
    if not hasattr(os, "geteuid") or there.st_uid == os.geteuid():
        return
    owner, me = owner_name(there.st_uid), owner_name(os.geteuid())
    names = {"me": me, "name": _shell(path)}
    if not record:
        raise InputError(Message("safety.own_other_user", owner=owner, **names), str(path))
    root = there.st_uid == 0
    if readable:
        ways = Message(
            "safety.record_ways_root" if root else "safety.record_ways", owner=owner, new=_shell(path, ".new"), **names
        )
    else:
        mode = f"{stat.S_IMODE(there.st_mode):04o}"
        ways = Message(
            "safety.record_ways_closed_root" if root else "safety.record_ways_closed", owner=owner, mode=mode, **names
        )
    who = Message("safety.administrator") if root else Message("safety.user", owner=owner)
    raise InputError(Message("safety.own_other_record", who=who, me=me, ways=ways), str(path))


def _whose(path: Path, record: bool) -> None:
    """A file there we may not open, when it is another user's (root's ``0600``, left by a run with sudo) on a
    file system that keeps owners: an :class:`InputError` saying whose, with the way back
    (:func:`_not_another_users`); else nothing, and the system's refusal stands as it is."""
    with contextlib.suppress(OSError):
        there = os.lstat(path)
        theirs = hasattr(os, "geteuid") and there.st_uid != os.geteuid()
        if theirs and keeps_owners(path.parent, there.st_dev):
            _not_another_users(there, path, record, readable=os.access(path, os.R_OK))  # (refused to write)


def refused_access(error: OSError) -> InputError | None:
    """For a ``PermissionError`` on a path (``error.filename``) that another user keeps closed: what
    :func:`closed_to_us` says of it; ``None`` for anything else (the caller's own wording stands)."""
    if not isinstance(error, PermissionError) or not error.filename:
        return None
    return closed_to_us(Path(os.fsdecode(error.filename)))


def closed_to_us(path: Path, write: bool = False, option: str | None = None) -> InputError | None:
    """When ``path``, or a folder on the way to it, is another user's and closed to us (a campaign folder
    handed over with ``cp -a`` or ``cp -r`` by the administrator, or copied to a shared drive: ``out/`` is
    always made ``0700``, QA qahand24 F1): an :class:`InputError` naming the outermost such folder (or the
    file itself), its owner and the ways (the administrator's ``sudo chown -R``; the owner's own run).
    ``write``: ``path`` is a folder to write into, so one we may enter but not write counts too. ``None``
    when nothing of another user's stands in the way (the caller's own wording stands)."""
    if not hasattr(os, "geteuid"):
        return None
    for candidate in [*reversed(path.parents), path]:
        try:
            there = os.lstat(candidate)
        except OSError:
            return None  # (not there, or a folder above closed to us that we could not name)
        if stat.S_ISLNK(there.st_mode):
            linked = _closed_link(candidate, write and candidate == path, option)
            if linked is not None:
                return linked
            continue
        if there.st_uid == os.geteuid():
            continue
        folder = stat.S_ISDIR(there.st_mode)
        if os.access(candidate, os.R_OK | os.X_OK if folder else os.R_OK):
            if not (folder and write and candidate == path) or there.st_uid == 0:
                continue  # (the system's folders, /proc, /etc: enterable, not ours to write; the old words)
            if os.access(candidate, os.W_OK):
                continue
            key, kind = "safety.closed_other_write", "safety.closed_write"  # (perhaps simply someone else's)
        else:
            key = "safety.closed_root" if there.st_uid == 0 else "safety.closed_other"
            if _a_home(candidate, there.st_uid):  # (never "chown -R" a colleague's home: a mistyped path)
                key = "safety.closed_other_write"
            kind = "safety.closed_folder" if folder else "safety.closed_file"
        chown = f"{'-R ' if folder else ''}{owner_name(os.geteuid())} {_shell(candidate)}"
        why = Message(key, owner=owner_name(there.st_uid), me=owner_name(os.geteuid()), chown=chown)
        return InputError(
            Message(kind, mode=f"{stat.S_IMODE(there.st_mode):04o}", why=why), str(candidate), column=option
        )
    return None


def _a_home(folder: Path, uid: int) -> bool:
    """Whether ``folder`` is user ``uid``'s home folder (or a folder above it)."""
    with contextlib.suppress(ImportError, KeyError, OSError):
        import pwd

        home = Path(pwd.getpwuid(uid).pw_dir).absolute()
        return home == folder.absolute() or folder.absolute() in home.parents
    return False


def _closed_link(link: Path, write: bool, option: str | None) -> InputError | None:
    """A link on the way (one of ours or the administrator's: :func:`check_links` refuses any other) whose
    folder is another user's and closed to us: a folder copied with its links, which still point into the
    first clerk's home (QA qahand24 F10). Named with where it points, whose that is, and the way."""
    try:
        there = link.stat()
    except OSError:
        return None
    if there.st_uid == os.geteuid() or not stat.S_ISDIR(there.st_mode):
        return None
    if os.access(link, os.R_OK | os.X_OK | (os.W_OK if write else 0)):
        return None
    said = Message(
        "safety.closed_link",
        target=_target(link),
        owner=owner_name(there.st_uid),
        mode=f"{stat.S_IMODE(there.st_mode):04o}",
    )
    return InputError(said, str(link), column=option)


def check_plain(there: os.stat_result, path: Path) -> None:
    """An :class:`InputError` naming ``path`` unless ``there`` (its ``fstat``) is a plain file with one name
    (one hard-linked is told how to become a file of its own: a copy, never deleted)."""
    if stat.S_ISREG(there.st_mode) and there.st_nlink > 1:  # (0: a file system that does not count)
        raise InputError(Message("safety.own_hard_link", name=_shell(path), new=_shell(path, ".new")), str(path))
    if not stat.S_ISREG(there.st_mode):
        raise InputError(Message("safety.own_not_plain"), str(path))


def read_own(path: Path, limit: int | None = None, whose: bool = True) -> bytes:
    """A file the program keeps (the mail journal, the replies ledger; its first ``limit`` bytes) as it
    stands, only read (``ics``, a dry run, the web page): as :func:`open_own` opens it to write, never through
    a link and only a plain file with one name (an :class:`InputError` naming it otherwise: a pipe planted
    there would hang the reader, a link read another file as ours); its owner and mode are the writer's to
    check. ``FileNotFoundError`` when there is none. One we may not open that is another user's is named
    with its owner and the way back (:func:`_whose`), unless not ``whose`` (a holder's note, which asks no
    probe of the busy folder: the system's refusal as it is)."""
    refused = (lambda: _whose(path, True)) if whose else None  # (the journal and the ledger: records)
    handle = _open_to_read(path, refused)
    with io.FileIO(handle, "r", closefd=True) as file:
        check_plain(os.fstat(handle), path)
        return file.readall() if limit is None else file.read(limit)


def _open_to_read(path: Path, refused: Callable[[], None] | None) -> int:
    """``path`` opened to read, never through a link (an :class:`InputError` naming it when it is one);
    ``refused`` is called first when the system refuses it (to name whose it is), then the refusal raised."""
    if not NOFOLLOW and path.is_symlink():
        raise InputError(Message("safety.own_link"), str(path))
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        return os.open(path, flags | NOFOLLOW)
    except PermissionError:
        if refused is not None:
            refused()
        raise
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK) and path.is_symlink():
            raise InputError(Message("safety.own_link"), str(path)) from None
        raise


def read_secret(path: Path, limit: int = 1000) -> bytes:
    """A secret the program keeps in a project folder (``serve``'s ``.feed-key``, from which every feed
    address is made): read as :func:`read_own` reads (never through a link, only a plain file with one
    name), and only when it is the running user's and no one else may write it, on a file system that
    keeps owners (:func:`keeps_owners`). A key another user planted (a link to a file of theirs, their own
    file: QA qahand24 F6) would let them compute every unit's "secret" address; one of a colleague's that
    cannot be read (F5) was a 500 on the page. Either is an :class:`InputError` naming the file, its owner
    and the way (the administrator's ``sudo chown``; deleting it changes every address).
    ``FileNotFoundError`` when there is none."""

    def refused() -> None:
        with contextlib.suppress(OSError):
            _not_our_secret(os.lstat(path), path)

    handle = _open_to_read(path, refused)
    with io.FileIO(handle, "r", closefd=True) as file:
        there = os.fstat(handle)
        check_plain(there, path)
        _not_our_secret(there, path)
        return file.read(limit)


def _not_our_secret(there: os.stat_result, path: Path) -> None:
    """An :class:`InputError` when the secret ``path`` (``there``: its ``stat``) is another user's or writable
    by others, on a file system that keeps owners (:func:`read_secret`)."""
    if not hasattr(os, "geteuid") or (there.st_uid == os.geteuid() and not others_may_write(there)):
        return
    if not keeps_owners(path.parent, there.st_dev):
        return
    raise InputError(
        Message(
            "safety.secret_not_ours",
            owner=owner_name(there.st_uid),
            me=owner_name(os.geteuid()),
            mode=f"{stat.S_IMODE(there.st_mode):04o}",
            name=_shell(path),
        ),
        str(path),
    )


def keeps_owners(folder: Path, device: int | None = None) -> bool:
    """Whether ``folder``'s file system keeps Unix owners and modes: a file created there :data:`PRIVATE`
    shows as the running user's and writable by no one else (it is made, looked at and removed at once; a
    folder where none can be made is taken to keep them, so the checks stand). ``device``: the file
    system of the file being checked (its ``st_dev``); a probe that lands on another one (the folder
    swapped for a link meanwhile) says nothing of it, and the checks stand."""
    probe = folder / f".docking-probe-{os.getpid()}-{os.urandom(4).hex()}"
    try:
        handle = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | getattr(os, "O_CLOEXEC", 0), PRIVATE)
    except OSError:
        return True
    try:
        made = os.fstat(handle)
    finally:
        os.close(handle)
        with contextlib.suppress(OSError):
            probe.unlink()
    if device is not None and made.st_dev != device:
        return True
    return made.st_uid == os.geteuid() and not made.st_mode & 0o022


def read_note(path: Path, limit: int = 1000) -> bytes:
    """The first ``limit`` bytes of a note the program keeps beside a lock to name its holder (``.docking.lock``,
    ``.serve-lock``, the replies ledger's ``.holder``), read as :func:`read_own` reads: a pipe, a device or a
    link planted there by another user would otherwise hang the refusal or read without end (``/dev/zero``),
    or show a file of the clerk's; such a note says nothing (``b""``). ``FileNotFoundError`` when there is
    none."""
    try:
        return read_own(path, limit, whose=False)
    except InputError:
        return b""


def owner_name(uid: int) -> str:
    """The user's name for ``uid`` (its number when it has none, or on a system without ``pwd``)."""
    with contextlib.suppress(ImportError, KeyError):
        import pwd

        return pwd.getpwuid(uid).pw_name
    return str(uid)


def trusted_link(there: os.stat_result) -> bool:
    """Whether a link (its ``lstat``) may be followed: made by the running user or the administrator
    (always, where the system names no owners)."""
    if not hasattr(os, "geteuid"):
        return True
    return there.st_uid in (os.geteuid(), 0)


def check_links(root: Path, parents: Iterable[str] = ()) -> None:
    """An :class:`InputError` naming the first of ``root`` and the folders ``parents`` (relative to it,
    ``invites/deadlines``) and their parents below ``root`` that is a link another user made (the
    module's docstring)."""
    seen: set[str] = set()
    paths = [root]
    for parent in parents:
        parts = [p for p in parent.split("/") if p]
        for end in range(1, len(parts) + 1):
            relative = "/".join(parts[:end])
            if relative not in seen:
                seen.add(relative)
                paths.append(root / relative)
    for path in paths:
        try:
            there = os.lstat(path)
        except OSError:  # not there (yet): nothing followed
            continue
        if stat.S_ISLNK(there.st_mode) and not trusted_link(there):
            owner = owner_name(there.st_uid)
            raise InputError(Message("safety.foreign_link", owner=owner, target=_target(path)), str(path))


def _target(path: Path) -> str:
    from scheduler.files.addresses import visible  # (a refusal only)

    try:
        return visible(str(path.readlink()))
    except OSError:
        return "?"


def _shell(path: Path, suffix: str = "") -> str:
    """``path`` (with ``suffix``) as the shell takes it in the command a refusal suggests: quoted when it must
    be, in single quotes as POSIX shells and PowerShell read them."""
    import shlex

    from scheduler.files.addresses import visible  # (a refusal only)

    return visible(shlex.quote(str(path) + suffix))
