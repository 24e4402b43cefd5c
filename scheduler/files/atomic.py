"""Writing output files all at once or not at all.

**Permissions.** A file this writes for the first time is readable by its owner only (``0600``, and
the umask's restrictions): the project's files hold the units' mail addresses and what they replied
(the contacts copied beside the table, ``invites/``, ``state.json``, the answers in ``timetable.*``
and ``replies.csv``), and a shared machine's other users have no business reading them. A file
that exists keeps its own permissions when it is written again (a file made ``0644`` by an earlier
version, or by the office to share it, stays so). A folder made for them is ``0700`` less the umask
(:mod:`scheduler.files.folders`).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scheduler.errors import InputError
from scheduler.files.folders import make_folders
from scheduler.files.owned import check_links, closed_to_us
from scheduler.files.signals import signals_held
from scheduler.files.swap import BACKUP, gone, recover, swap_in, write_failure, writer
from scheduler.text.messages import Message

if TYPE_CHECKING:  # the pool itself is imported when files are written: a command that writes none starts without it
    from concurrent.futures import Future, ThreadPoolExecutor

PRIVATE = 0o600
"""The permissions of a file written for the first time (also the append-only logs': the mail journal,
the replies ledger): its owner's only."""
NAME_BYTES = 255
"""The longest file name (one path component) most file systems take, in bytes (ext4, APFS, NTFS: 255)."""
_TEMP_EXTRA = len(".") + len(".") + 8 + len("-") + 10 + len(".tmp")
"""What a temporary file adds to its target's name at most (``.NAME.XXXXXXXX-PID.tmp``, a process id
of up to ten digits)."""
_TEMP = r"\.(?P<name>.+)\.[a-z0-9_]{8}(?:-(?P<pid>[0-9]{1,10}))?\.tmp"
"""Our temporary files' names: ``.NAME.`` + eight random characters
(:func:`tempfile.mkstemp`'s until they were made by :func:`_create`; eight hex digits, counted on from
one random start per write since issue 16's invites16 session: :class:`_TempNames`) + ``-`` and
the writer's process id + ``.tmp``; without the process id as written before it was added (compiled
on first use, by ``re``'s cache: only a write that fails or sweeps needs it)."""


DEVICE_NAME = r"(?i)^(CON|PRN|AUX|NUL|COM[1-9¹²³]|LPT[1-9¹²³])(?=$|[ .])"
"""Windows' device names: ``AUX``, ``aux.ics`` and ``Con .txt`` all name the device, not a file (compiled
on first use, by ``re``'s cache)."""


def refused_name(name: str) -> str | None:
    """Why ``name`` (a relative path, ``/`` between folders) cannot be written: ``"safety.outside"`` when
    it would leave its folder (``..``, an absolute or drive path, a backslash), ``"safety.bad_name"``
    when a file system refuses it (empty, ``.``, a control, format or line-separator character, a
    Windows device name such as ``CON``); ``None``: it can. Spaces of every width are fine
    (``王\u3000伟.ics``: QA qaunicode20 F1)."""
    if "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return "safety.outside"
    parts = name.split("/")
    if ".." in parts:
        return "safety.outside"
    if any(part in ("", ".") or not _takeable(part) or re.match(DEVICE_NAME, part) for part in parts):
        return "safety.bad_name"
    return None


def _takeable(part: str) -> bool:
    """No control, format, unassigned or line/paragraph-separator character (every other character,
    a space of any width too, is one a file system takes)."""
    if part.isprintable():  # every character but those and the spaces other than U+0020 (fast)
        return True
    import unicodedata

    return not any(unicodedata.category(c)[0] == "C" or unicodedata.category(c) in ("Zl", "Zp") for c in part)


def confined(name: str) -> bool:
    """Whether ``name`` is a relative path that stays inside its folder and that file systems take
    (:func:`refused_name`)."""
    return bool(name) and refused_name(name) is None


def check_folder(path: Path, option: str | None = None) -> None:
    """A folder about to be written into: not a file, and where it does not exist yet, creatable.
    An :class:`InputError` naming it (and ``option``, the command-line option that gave it) otherwise: when
    another user's folder stands in the way, that folder, its owner and the ways (:func:`closed_to_us`)."""
    existing = path
    try:
        if path.exists() and not path.is_dir():
            raise InputError(Message("safety.not_a_folder"), str(path), column=option)
        existing = path
        while not existing.exists() and existing.parent != existing:
            existing = existing.parent
        writable = existing.is_dir() and os.access(existing, os.W_OK | os.X_OK)
    except OSError:  # not even looked at: a name past the system's limit (ENAMETOOLONG)
        writable = False
    if not writable:
        raise closed_to_us(existing, write=True, option=option) or InputError(
            Message("safety.cannot_write"), str(path), column=option
        )


def check_targets(root: Path, names: Iterable[str], trees: Iterable[str] = (), option: str | None = None) -> None:
    """Before any work whose result will be written under ``root``: each of ``names`` that exists is
    a file, not a folder, that can be replaced now (not open in another program that holds it, such
    as Excel or Word on Windows: :func:`~scheduler.files.swap.probe`), and each folder of the
    ``trees`` (``invites``) that exists, down to its last subfolder, can be written. An
    :class:`InputError` naming the very file or folder (and ``option``) otherwise, so a long solve
    never ends in a refusal to write (the write itself checks every file again)."""
    from scheduler.files.swap import probe

    try:
        check_links(root, [*trees, *(name.rpartition("/")[0] for name in names)])
    except InputError as error:
        raise InputError(error.message, error.path, column=option) from error
    for name in names:
        _not_a_folder(root, name, option)
        _not_open(root / name, option)
        try:
            probe(root / name)
        except InputError as error:
            raise InputError(error.message, error.path, column=option) from error
    for tree in trees:
        top = root / tree
        if top.exists() and not top.is_dir():
            raise InputError(Message("safety.not_a_folder"), str(top), column=option)
        for folder, _subfolders, _files in os.walk(top):
            if not os.access(folder, os.W_OK | os.X_OK):
                raise closed_to_us(Path(folder), write=True, option=option) or InputError(
                    Message("safety.cannot_write"), folder, column=option
                )


WORD_SUFFIXES = frozenset((".doc", ".docx", ".docm", ".dot", ".dotx", ".dotm", ".rtf"))
"""The files Word opens, whose owner file it names by its own rule (:func:`word_owner`)."""


def word_owner(name: str) -> str:
    """The owner file Word leaves beside the file ``name`` it has open: ``~$`` in place of the first two
    characters of a stem of 8 or more (``timetable.docx``: ``~$metable.docx``), of the first one of a stem
    of 7, before a shorter stem whole (``n.docx``: ``~$n.docx``). The rule LibreOffice writes Word's owner
    files by so that Word sees them (svl/source/misc/msodocumentlockfile.cxx, ``GenerateMSOLockFileURL``)."""
    stem = len(Path(name).stem)
    return "~$" + (name[2:] if stem >= 8 else name[1:] if stem == 7 else name)


def lock_files(target: Path) -> tuple[Path, ...]:
    """The lock files an office program leaves beside a file it has open: ``~$NAME`` (Excel, WPS, and Word
    for a short name), Word's owner file (:func:`word_owner`, for every name: ``~$metable.docx``) and
    ``.~lock.NAME#`` (LibreOffice)."""
    names = dict.fromkeys((f"~${target.name}", word_owner(target.name), f".~lock.{target.name}#"))
    return tuple(target.with_name(name) for name in names)


def lock_owner(lock: Path) -> str | None:
    """Who holds a lock file (both kinds name the user), or ``None`` when it cannot be told. Office's
    ``~$`` file holds the user's name in UTF-16 at byte 0x36 (its length, 1 to 54 characters) and 0x38: one
    too short to hold the name it announces is not read; LibreOffice's ``.~lock.NAME#`` is a CSV line whose
    first filled field is the name. Any other file names nobody."""
    try:
        data = lock.read_bytes()[:4096]
    except OSError:
        return None
    if lock.name.startswith("~$"):
        size = int.from_bytes(data[0x36:0x38], "little") if len(data) >= 0x38 else 0
        if not 0 < size <= 54 or len(data) < 0x38 + 2 * size:
            return None
        name = data[0x38 : 0x38 + 2 * size].decode("utf-16-le", "replace").strip()
    elif lock.name.startswith(".~lock.") and lock.name.endswith("#"):
        fields = data.decode("utf-8", "replace").split(",")
        name = next((f.strip() for f in fields[:2] if f.strip()), "")
    else:
        return None
    return name if name and name.isprintable() and "\ufffd" not in name else None


def _not_open(target: Path, option: str | None = None) -> None:
    """An :class:`InputError` when ``target`` exists and an office program has it open (a lock file beside
    it: :func:`lock_files`): on Linux, a Mac or a shared folder nothing stops the replacement, and the
    program's next save would write the old content back over the new."""
    if not target.is_file():
        return
    lock = next((lock for lock in lock_files(target) if lock.is_file()), None)
    if lock is None:
        return
    who = lock_owner(lock)
    message = Message("output.lock_file_by" if who else "output.lock_file", who=who or "", lock=lock.name)
    raise InputError(message, str(target), column=option)


def _not_a_folder(root: Path, name: str, option: str | None = None) -> None:
    """An :class:`InputError` when the target ``name`` under ``root`` is a folder (a rename onto it
    would fail, or a backup of it would take a whole folder aside). A link to a folder is a link: the
    new file replaces it (:mod:`~scheduler.files.swap`)."""
    if (root / name).is_dir() and not (root / name).is_symlink():
        raise InputError(Message("output.is_folder"), str(root / name), column=option)


def _no_folders_named(root: Path, names: Iterable[str]) -> None:
    """:func:`_not_a_folder` for each of ``names``, each folder they go in listed once (a stat per
    name was 10,002 calls, about 0.2 s of the command's own time, for one ``solve --out`` with invites
    at 5,000 units)."""
    listed: dict[str, frozenset[str]] = {}
    for name in names:
        parent, _, base = name.rpartition("/")
        folders = listed.get(parent)
        if folders is None:
            try:
                with os.scandir(root / parent if parent else root) as entries:
                    folders = frozenset(e.name for e in entries if e.is_dir(follow_symlinks=False))
            except OSError:  # not there yet (or not a folder: the write says so)
                folders = frozenset()
            listed[parent] = folders
        if base in folders:
            raise InputError(Message("output.is_folder"), str(root / name))


def write_files(directory: str | Path, files: Mapping[str, bytes], written: list[Path] | None = None) -> list[Path]:
    """Write ``files`` (relative path -> bytes) under ``directory``, all or none.

    Every file is first written and flushed to a temporary file beside its
    target; only when all are written are they renamed into place (a rename
    within one folder is atomic). Before the first rename every target that
    exists is set aside under a backup name beside it, which tests that it can
    be replaced (a file open in Excel or Word on Windows cannot); when that or
    a rename fails, every file is put back as it was. A failure leaves no
    trace: the temporary files are removed and so are the folders this call
    created. A name that would leave ``directory`` (``../x``, an absolute
    path) or is too long for a file system is refused before anything is
    written. A target that already holds exactly the bytes to write is left
    as it is (compared size first, then content): only what changed is
    written, set aside and renamed, and a rollback has nothing to undo there.

    An interruption (Ctrl-C, or SIGTERM where the caller maps it to a
    :class:`KeyboardInterrupt`) while staging removes the temporary files as a
    failure does; during the renames it is held until they are done, so the
    targets are the old set or the new set. Temporary files and backups of
    these targets that a killed earlier write left behind are cleared first
    (a backup whose file is missing is put back).

    To hand the files over as they are made (the disk then works while the next ones are), use
    :class:`Staging`, which this wraps. ``written``, when given, is extended with the targets
    actually written (not those already holding their bytes): the returned list names every target.
    """
    with Staging(directory) as staging:
        staging.add(files)
        targets = staging.commit()
        if written is not None:
            written.extend(staging.written)
        return targets


class Staged:
    """Files staged by one process for another's :class:`Staging` to rename (:meth:`Staging.hand_over`,
    :meth:`Staging.adopt`): each temporary file's path and its target's name relative to the folder,
    and the folders made for them (outermost first). (A plain class: this module is on every
    command's start-up path, where a dataclass costs its making.)"""

    __slots__ = ("files", "folders")

    def __init__(self, files: tuple[tuple[str, str], ...], folders: tuple[str, ...]) -> None:
        self.files = files
        self.folders = folders


def stage_apart(directory: str | Path, files: Mapping[str, bytes], trees: Mapping[str, str] | None = None) -> Staged:
    """``files`` staged under ``directory`` (checked, written to temporary files, made durable) for a
    :class:`Staging` of another process to adopt and rename (a forked child's work, handed back);
    ``trees``: that :class:`Staging`'s (:func:`new_trees`)."""
    with Staging(directory, trees) as staging:
        staging.add(files)
        return staging.hand_over()


def new_trees(directory: str | Path, tops: Iterable[str]) -> dict[str, str]:
    """For each folder of ``tops`` (``invites``) not yet under ``directory``, the name of a staging
    folder beside it (``.invites.XXXXXXXX-PID.tmp``, this process's id): a :class:`Staging` given
    these writes every file under such a folder into its staging folder under its own name, and
    :meth:`Staging.commit` renames the whole folder into place once, after the other files (a new
    folder appears whole, or not at all). Made before a child is forked, so that the child's files
    and its parent's go into the one staging folder (:meth:`Staging.adopt`)."""
    root = Path(directory)
    names = _TempNames()
    suffix = f"{writer()}.tmp"
    return {top: f".{top}.{names()}{suffix}" for top in tops if not os.path.lexists(root / top)}


def _sweep_trees(root: Path, trees: Mapping[str, str], files: Iterable[str]) -> None:
    """The staging folders (:func:`new_trees`) that a killed earlier write left in ``root`` for a folder
    this write writes into, removed: one of ``trees``, or a folder ``files`` are under that is already
    there (a run killed while ``invites/`` was new, and ``invites/`` written since: review18 F8). Only
    once their writer has ended, never this write's own."""
    ours = set(trees.values())
    tops = set(trees) | {name.split("/", 1)[0] for name in files if "/" in name}
    if not tops:
        return
    try:
        entries = [e for e in os.scandir(root) if e.name.startswith(".") and e.is_dir(follow_symlinks=False)]
    except OSError:  # not there yet: nothing to sweep
        return
    for entry in entries:
        temporary = re.fullmatch(_TEMP, entry.name)
        if temporary and temporary["name"] in tops and entry.name not in ours and gone(temporary["pid"]):
            import shutil

            shutil.rmtree(entry.path, ignore_errors=True)
            _tell_cleared(root)


def sweep_writer(folders: Iterable[Path], pid: int) -> None:
    """The temporary files a writer that has ended (process ``pid``: a forked child that failed, or was
    ended) left in ``folders``, removed."""
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:  # never made
            continue
        for entry in entries:
            temporary = re.fullmatch(_TEMP, entry.name)
            if temporary and temporary["pid"] == str(pid):
                with contextlib.suppress(OSError):
                    Path(entry.path).unlink()


class Staging:
    """One all-or-nothing write (see :func:`write_files`) whose files are handed over in parts:
    each part is written to temporary files and made durable by a thread while the caller makes
    the next part, and :meth:`commit` renames every file into place, in the order they were
    handed over. Leaving the ``with`` block without a commit (an error, an interruption) removes
    every temporary file and the folders made for them.

    The staging thread mostly waits on the disk; while it runs, Python's thread switch interval
    is shortened (:data:`SWITCH_INTERVAL`) so that it gets the interpreter back from a caller busy
    computing as soon as the disk answers (5,000 files took 3.6 s beside 3 s of computing at the
    default 5 ms, 3.0 s at 0.5 ms).

    ``trees``: folders not yet there (:func:`new_trees`) whose files are written under their own names
    into a staging folder, renamed into place as one folder by :meth:`commit`: at 5,000 units a new
    ``invites/`` is 10,002 files, each a name looked up twice and a rename (about 0.3-0.4 s) before."""

    def __init__(self, directory: str | Path, trees: Mapping[str, str] | None = None) -> None:
        self.root = Path(directory)
        self._trees = dict(trees or {})
        self._in_trees: list[tuple[Path, Path]] = []
        self._mode = PRIVATE & ~_umask()
        self._adopted: list[tuple[Path, Path]] = []
        self._adopted_folders: list[Path] = []
        self._staged: list[tuple[Path, Path]] = []
        self._order: list[str] = []
        self._made: list[Path] = []
        self._names: set[str] = set()
        self._linked: set[str] = set()  # the folders (relative) checked for links (check_links)
        self._parts: list[Future[None]] = []
        self._stop = threading.Event()
        self._running = 0
        self._ended = threading.Condition()
        self._writer: ThreadPoolExecutor | None = None
        self._syncer: ThreadPoolExecutor | None = None
        self._switching = False
        self.written: list[Path] = []
        """After :meth:`commit`: the targets actually written (those already holding their bytes are not)."""

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def add(self, files: Mapping[str, bytes]) -> None:
        """Hand over ``files`` (relative path -> bytes): checked now (a name outside the folder, too
        long, or a folder in the way is an :class:`InputError` before anything of it is written),
        staged in the background. A name may be handed over once."""
        for name in files:
            if (refused := refused_name(name) if name else "safety.bad_name") is not None:
                from scheduler.files.addresses import visible  # only for a refusal

                raise InputError(Message(refused, name=visible(name)), str(self.root))
            longest = max(len(part.encode("utf-8")) for part in name.split("/"))
            if longest + _TEMP_EXTRA > NAME_BYTES:
                limit = NAME_BYTES - _TEMP_EXTRA
                raise InputError(Message("safety.name_too_long", name=name, limit=limit), str(self.root))
            if name in self._names:
                raise ValueError(f"{name} handed over twice")
        _no_folders_named(self.root, files)
        parents = {name.rpartition("/")[0] for name in files} - self._linked
        check_links(self.root, parents)  # a folder another user linked elsewhere: never written through
        self._linked |= parents
        self._names.update(files)
        self._order.extend(files)
        if self._writer is None:
            from concurrent.futures import ThreadPoolExecutor

            self._writer = ThreadPoolExecutor(max_workers=1)
            self._syncer = ThreadPoolExecutor(max_workers=SYNC_THREADS)
            _shorter_switches(True)
            self._switching = True
        part = dict(files)
        self._parts.append(self._writer.submit(self._stage_part, part))

    def _stage_part(self, files: dict[str, bytes]) -> None:
        assert self._syncer is not None
        with self._ended:
            self._running += 1
        try:
            _sweep_trees(self.root, self._trees, files)
            _sweep(self.root, files)
            lists = (self._staged, self._in_trees, self._made)
            _stage(self.root, files, self._mode, lists, self._trees, self._syncer, self._stop)
        except BaseException:  # the write has failed: the parts after this one need not be staged
            self._stop.set()
            raise
        finally:
            with self._ended:
                self._running -= 1
                self._ended.notify_all()

    def hand_over(self) -> Staged:
        """Wait for every part to be staged (written and durable) and give the temporary files, and the
        folders made for them, to a :class:`Staging` of another process, which renames them in its
        :meth:`commit` (:meth:`adopt`): this one no longer removes them. A write that failed is an
        :class:`InputError` as in :meth:`commit`, and nothing of it stays."""
        try:
            for part in self._parts:
                part.result()
        except OSError as exc:
            self.close()
            failed = os.fsdecode(exc.filename) if exc.filename else self.root
            raise InputError(write_failure(failed, exc), _failed(self.root, exc)) from exc
        self._shut()
        pairs = self._staged + self._in_trees
        files = tuple((str(temp), str(target.relative_to(self.root))) for temp, target in pairs)
        staged = Staged(files, tuple(map(str, self._made)))
        self._staged, self._in_trees, self._made = [], [], []
        return staged

    def adopt(self, staged: Staged) -> None:
        """The files another process staged under the same folder and handed over (:meth:`hand_over`),
        renamed into place by :meth:`commit` before this write's own (those in a staging folder of this
        write's ``trees``: with it), and removed with them when the write fails; their names may not be
        handed over here again."""
        names = [name for _, name in staged.files]
        if self._names.intersection(names):
            raise ValueError(f"{sorted(self._names.intersection(names))[0]} handed over twice")
        self._names.update(names)
        self._order[:0] = names
        inside = tuple(f"{self.root / tree}{os.sep}" for tree in self._trees.values())
        for temp, name in staged.files:
            (self._in_trees if inside and temp.startswith(inside) else self._adopted).append(
                (Path(temp), self.root / name)
            )
        self._adopted_folders.extend(Path(folder) for folder in staged.folders)

    def commit(self) -> list[Path]:
        """Wait for every part to be staged, then put every file in place, in the order handed over
        (:func:`~scheduler.files.swap.swap_in`: every existing target set aside first, all put
        back when one rename fails; an interruption is held until that is done); the targets. A
        write that failed is an :class:`InputError` naming the file (one that another program
        holds open says so), and nothing of it stays: every target as it was."""
        try:
            for part in self._parts:
                part.result()
        except OSError as exc:
            self.close()
            failed = os.fsdecode(exc.filename) if exc.filename else self.root
            raise InputError(write_failure(failed, exc), _failed(self.root, exc)) from exc
        self._shut()
        # The staged files stay listed until every one is in place: an interruption that comes
        # before the renames (a signal the staging thread raised is handled when this thread next
        # runs Python) leaves them to :meth:`close`, which removes them, as it does after a rename
        # that failed (every target is back as it was then).
        trees = [(self.root / tree, self.root / top) for top, tree in self._trees.items()]
        trees = [(tree, top) for tree, top in trees if tree.is_dir()]  # (those written into)
        with signals_held():
            try:
                swap_in(self._adopted + self._staged + trees)  # (a new folder after the files: whole)
            except BaseException:
                self.close()
                raise
        self.written = [target for _, target in self._adopted + self._staged + self._in_trees]
        self._adopted, self._staged, self._in_trees, self._made, self._adopted_folders = [], [], [], [], []
        return [self.root / name for name in self._order]

    def close(self) -> None:
        """Stop staging and remove what was staged and not committed, with the folders made for it
        (an interruption meanwhile is held until that is done)."""
        self._stop.set()
        with signals_held():
            self._shut()
            with self._ended:  # (a join that an interruption cut short may return early on Python 3.11)
                self._ended.wait_for(lambda: self._running == 0)
            for temp, _ in self._adopted + self._staged + self._in_trees:
                temp.unlink(missing_ok=True)  # (already renamed, if the interruption came during the renames)
            self._adopted, self._staged, self._in_trees = [], [], []
            # Innermost first, whoever made them: an adopted folder may lie inside one of ours (a
            # deadline child's deadlines/ in the staging folder of invites/ that this write made) or
            # hold ours, and a folder emptied after its parent's rmdir was tried stayed (an empty
            # .invites.XXXXXXXX-PID.tmp, and DIR itself, past ulimit -f).
            for folder in sorted({*self._made, *self._adopted_folders}, key=lambda f: len(f.parts), reverse=True):
                with contextlib.suppress(OSError):
                    folder.rmdir()
            self._made, self._adopted_folders = [], []

    def _shut(self) -> None:
        """Wait for the staging threads to end (a part in progress stops at its next file)."""
        for pool in (self._writer, self._syncer):
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
        self._writer = self._syncer = None
        if self._switching:
            self._switching = False
            _shorter_switches(False)


_switches = {"writes": 0, "interval": 0.0}
_switches_lock = threading.Lock()


def _shorter_switches(start: bool) -> None:
    """Python's switch interval shortened while at least one :class:`Staging` works (the web app's
    threads may write at the same time), and put back as it was when the last one ends."""
    with _switches_lock:
        if start:
            if _switches["writes"] == 0:
                _switches["interval"] = sys.getswitchinterval()
                sys.setswitchinterval(min(_switches["interval"], SWITCH_INTERVAL))
            _switches["writes"] += 1
        else:
            _switches["writes"] -= 1
            if _switches["writes"] == 0:
                sys.setswitchinterval(_switches["interval"])


def _failed(root: Path, exc: OSError) -> str:
    """The file or folder a write failed on, as the user knows it: a temporary file is named by its
    target (``.张三.ics.x1y2z3w4.tmp``: ``张三.ics``); ``root`` when the system does not say."""
    if not exc.filename:
        return str(root)
    path = Path(os.fsdecode(exc.filename))
    temporary = re.fullmatch(_TEMP, path.name)
    return str(path.with_name(temporary["name"]) if temporary else path)


def _sweep(root: Path, files: Mapping[str, bytes]) -> None:
    """What an earlier write of the targets about to be written left when it was killed (SIGKILL, a
    power cut): its temporary files (``.NAME.XXXXXXXX-PID.tmp``) removed, its backups
    (``.NAME.XXXXXXXX-PID.bak``) put back where their file is missing and removed otherwise
    (:func:`~scheduler.files.swap.recover`). Only ours, only beside a file of that very name being
    written now, and only once their writer has ended (:func:`~scheduler.files.swap.gone`): those of a
    write still running (a second command on the same folder, another thread of the web app) are its
    files and its way back."""
    names: dict[Path, set[str]] = defaultdict(set)
    for name in files:
        target = root / name
        names[target.parent].add(target.name)
    for folder, wanted in names.items():
        try:
            entries = list(os.scandir(folder))
        except OSError:  # not there yet: nothing to sweep
            continue
        cleared = False
        for entry in entries:
            if not entry.name.startswith(".") or entry.is_dir(follow_symlinks=False):
                continue  # (a backup of a link is a link: set aside as the link it is)
            temporary = re.fullmatch(_TEMP, entry.name)
            if temporary and temporary["name"] in wanted and gone(temporary["pid"]):
                with contextlib.suppress(OSError):
                    Path(entry.path).unlink()
                    cleared = True
            backup = re.fullmatch(BACKUP, entry.name)
            if backup and backup["name"] in wanted and gone(backup["pid"]):
                recover(Path(entry.path), folder / backup["name"])
                cleared = True
        if cleared:
            _tell_cleared(folder)


on_leftovers: Callable[[Path], None] | None = None
"""Told each folder where :func:`_sweep` cleared what a killed write left (called from the staging
thread): the command line says so on one line, so the user knows the previous run died (QA crash 5).
The leftovers are whole copies of the files, addresses included (owner-only, as the files they were
to become, :data:`PRIVATE`)."""


def _tell_cleared(folder: Path) -> None:
    hook = on_leftovers
    if hook is not None:
        hook(folder)


SYNC_BATCH = 256
"""Files staged and open at once: their ``fsync`` calls run together, well under the usual limit
of 1,024 open files."""
SYNC_THREADS = 16
"""Threads that ``fsync`` one batch: the file system commits their journal entries together
(5,000 invites: 1.55 s one after another, 0.30 s sixteen at a time, ext4)."""
SWITCH_INTERVAL = 0.0005
"""Python's thread switch interval (seconds) while :class:`Staging` works (the default is 0.005)."""


# Long: one loop over the files in batches, each file kept, written in a staging folder, or staged.
def _stage(
    root: Path,
    files: Mapping[str, bytes],
    mode: int,
    lists: tuple[list[tuple[Path, Path]], list[tuple[Path, Path]], list[Path]],
    trees: Mapping[str, str],
    pool: ThreadPoolExecutor,
    stop: threading.Event,
) -> None:
    """Write each file to a temporary file beside its target and make it durable, until ``stop`` is
    set: where the system has ``syncfs`` (:func:`_syncfs`) every file is written and closed and then
    each file system written on is synced once; elsewhere in batches of :data:`SYNC_BATCH` whose
    ``fsync`` calls run side by side in ``pool``. A target that already holds a file's very bytes (a
    plain file, not a link) is left as it is, neither written nor renamed: it is made durable with
    the rest (its handle synced as a new file's is), and its permissions, links and times stay as
    they were (a regeneration where little changed: 10,002 invites, one ``state.json`` different).
    A file under a folder of ``trees`` (:func:`new_trees`) is written under its own name in that
    folder's staging folder (nothing there to compare, set aside or rename one by one). ``lists``:
    the temporary files and their targets, the files written in staging folders and their targets,
    the folders made; filled as it goes, so a failure half-way leaves the caller everything to remove."""
    staged, in_trees, made = lists
    items = list(files.items())
    suffix = f"{writer()}.tmp"
    names = _TempNames()
    syncfs = _syncfs()
    folders: dict[str, Path] = {}
    fresh: dict[str, bool] = {}  # a folder -> whether it is in a staging folder
    watched: dict[int, int] = {}  # a file system -> a file of it held open since before we wrote on it
    try:
        for first in range(0, len(items), SYNC_BATCH):
            opened: list[int] = []
            try:
                for name, data in items[first : first + SYNC_BATCH]:
                    if stop.is_set():
                        return
                    parent, _, base = name.rpartition("/")
                    folder = folders.get(parent)
                    first_here = folder is None
                    if folder is None:
                        folder = folders[parent] = _staged_folder(root, parent, trees)
                        fresh[parent] = parent.partition("/")[0] in trees
                        made.extend(make_folders(folder))
                    if fresh[parent]:  # (a folder of our own: the file under its name, as new)
                        handle = os.open(folder / base, _IN_TREE, mode)
                        opened.append(handle)
                        if first_here and syncfs is not None:
                            _watch(handle, watched)
                        in_trees.append((folder / base, root / name))
                        _write_all(handle, data)
                        continue
                    target = folder / base
                    there = _lstat(target)
                    same = _holding(target, there, data)
                    if same is not None:  # already these bytes: left as it is, made durable with the rest
                        opened.append(same)
                        if first_here and syncfs is not None:
                            _watch(same, watched)
                        continue
                    kept = mode if there is None else _kept_mode(target, mode, there)  # (nothing there: no stat)
                    handle, temp = _create(folder, base, suffix, kept, mode, names)
                    opened.append(handle)
                    if first_here and syncfs is not None:
                        _watch(handle, watched)
                    staged.append((temp, target))
                    _write_all(handle, data)
                if syncfs is None:
                    list(pool.map(os.fsync, opened))
            finally:
                for handle in opened:
                    os.close(handle)
        if syncfs is not None:
            for handle in watched.values():
                syncfs(handle)
    finally:
        for handle in watched.values():
            os.close(handle)


_IN_TREE = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_TRUNC
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NOFOLLOW", 0)
)
"""How a file is opened in a staging folder (:func:`new_trees`): the folder is this write's own, so
the file is made under its name (a forked child that failed half-way may have left it: written over)."""


def _staged_folder(root: Path, parent: str, trees: Mapping[str, str]) -> Path:
    """Where the files of the folder ``parent`` (relative to ``root``) are written: in its staging
    folder when it is under one of ``trees``, else in place."""
    if not parent:
        return root
    top, _, rest = parent.partition("/")
    tree = trees.get(top)
    if tree is None:
        return root / parent
    return root / tree / rest if rest else root / tree


def _watch(handle: int, watched: dict[int, int]) -> None:
    """Keep a second handle on the file ``handle`` (just created, nothing written to it yet) when it is
    the first of its file system: a ``syncfs`` on it reports every failed write on that file system
    since it was opened (before any of ours), as an ``fsync`` on each file would. (A file, not its
    folder: a folder that may be written but not read cannot be opened.)"""
    device = os.fstat(handle).st_dev
    if device not in watched:
        watched[device] = os.dup(handle)


class _TempNames:
    """The eight hex digits of one write's temporary files: a random start, then counted on (one
    ``getrandom`` call for the write instead of one a file; the process id in the name and ``O_EXCL``
    keep them apart from any other writer's)."""

    def __init__(self) -> None:
        self.next = int.from_bytes(os.urandom(4), "little")

    def __call__(self) -> str:
        self.next = (self.next + 1) & 0xFFFFFFFF
        return f"{self.next:08x}"


def _create(folder: Path, name: str, suffix: str, mode: int, fresh: int, names: _TempNames) -> tuple[int, Path]:
    """A new temporary file for ``name`` in ``folder`` (``.NAME.XXXXXXXX-PID.tmp``, eight hex digits
    from ``names``), open for writing, with the permissions ``mode``: a file written for the first time
    gets ``fresh`` (:data:`PRIVATE` less the umask), which ``open`` gives it (no ``chmod`` call); a file
    that keeps its target's permissions gets them by ``fchmod``. What :func:`tempfile.mkstemp` and a
    ``chmod`` did, without their Python work per file (0.1 ms a file, on the staging thread that
    competes with the caller for the interpreter), nor two of their system calls (issue 16)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    while True:
        temp = folder / f".{name}.{names()}{suffix}"
        try:
            handle = os.open(temp, flags, fresh if mode == fresh else 0o600)
        except FileExistsError:  # (another writer's: the next name)
            continue
        if mode == fresh:
            return handle, temp
        try:
            _give_mode(handle, temp, mode)
        except BaseException:
            os.close(handle)
            temp.unlink(missing_ok=True)
            raise
        return handle, temp


def _give_mode(handle: int, temp: Path, mode: int) -> None:
    """Give the temporary file ``temp`` (open as ``handle``, just created ``0600`` by us) the permissions
    ``mode`` of the file it replaces. A file system that refuses (``PermissionError``) is one whose modes
    are not ours to set: a FAT stick or share mounted ``umask=000`` for another user (every file shows
    ``0777`` as theirs; only they may ``chmod``, QA qahand24 F3), or root on an NFS export that squashes
    root. The file is then kept as created: its mode there is fictitious (or private, never more open
    than the one it replaces), and refusing would leave nobody but the mounting user able to ``send``."""
    try:
        if _FCHMOD:
            os.fchmod(handle, mode)
        else:  # by path: os.fchmod is not on Windows before Python 3.13
            temp.chmod(mode)
    except PermissionError:
        pass


_FCHMOD = hasattr(os, "fchmod") and os.name != "nt"


def _syncfs() -> Any:
    """Where the system has ``syncfs`` (Linux): a function that makes durable everything written on the
    file system of an open folder, an :class:`OSError` when the system reports a failed write since
    that folder was opened (Linux 5.8 and later report them to ``syncfs`` as to ``fsync``); ``None``
    elsewhere, and on older kernels (:func:`syncfs_reports_errors`), where each file is ``fsync``-ed.
    One ``syncfs`` for 10,000 invites instead of 10,000 ``fsync`` calls: the file system commits its
    journal once, and the staging thread, which competes with the caller for the interpreter, makes
    10,000 fewer calls."""
    if not sys.platform.startswith("linux") or not SYNCFS or not syncfs_reports_errors(os.uname().release):
        return None
    try:
        import ctypes

        call = ctypes.CDLL(None, use_errno=True).syncfs
    except (ImportError, OSError, AttributeError):  # (no C library to be had: a static or odd build)
        return None

    def syncfs(handle: int) -> None:
        if call(handle) != 0:
            number = ctypes.get_errno()
            raise OSError(number, os.strerror(number))

    return syncfs


def syncfs_reports_errors(release: str) -> bool:
    """Whether a Linux kernel of ``release`` (``os.uname().release``: ``5.15.0-91-generic``,
    ``3.10.0-1160.el7.x86_64``) reports a failed writeback to ``syncfs``: from 5.8 on. Before it (CentOS 7's
    3.10, RHEL 8's 4.18) an EIO during writeback passes ``syncfs`` silently, so each file is ``fsync``-ed;
    a release that cannot be read is taken as an old one."""
    import re

    match = re.match(r"(\d+)\.(\d+)", release)
    return match is not None and (int(match[1]), int(match[2])) >= (5, 8)


SYNCFS = True
"""Whether :func:`_stage` makes files durable with one ``syncfs`` per file system where the system has
it (tests turn it off to exercise the ``fsync`` batches that other systems use)."""


def _write_all(handle: int, data: bytes) -> None:
    """Write every byte of ``data`` to the open file ``handle`` (a write may take fewer)."""
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view) :]


def _kept_mode(target: Path, mode: int, there: os.stat_result | None = None) -> int:
    """The permissions ``target`` has now, when it is a file (``there``: its ``lstat``, when known;
    a link is followed); else ``mode`` (a file written for the first time)."""
    if there is not None and not stat.S_ISLNK(there.st_mode):
        info = there
    else:
        try:
            info = target.stat()
        except OSError:
            return mode
    return stat.S_IMODE(info.st_mode) if stat.S_ISREG(info.st_mode) else mode


def _lstat(target: Path) -> os.stat_result | None:
    """``target``'s own status (a link not followed); ``None`` when there is nothing of that name."""
    try:
        return os.lstat(target)
    except OSError:
        return None


_OPEN_KEPT = os.O_RDWR if os.name == "nt" else os.O_RDONLY
"""How a target that may already hold the bytes to write is opened to compare them: for reading,
which ``fsync`` takes on POSIX; on Windows for writing too, which ``os.fsync`` needs there."""


def _holding(target: Path, there: os.stat_result | None, data: bytes) -> int | None:
    """An open handle on ``target`` when it is a plain file (not a link: a link is replaced as a link)
    of ``data``'s size holding exactly ``data`` (the caller closes it, once it is made durable);
    ``None`` otherwise, also when it cannot be opened or read (it is then written as any other)."""
    if there is None or not stat.S_ISREG(there.st_mode) or there.st_size != len(data):
        return None
    flags = _OPEN_KEPT | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        handle = os.open(target, flags)
    except OSError:
        return None
    try:
        same = os.path.samestat(os.fstat(handle), there) and read_up_to(handle, len(data) + 1) == data
    except OSError:
        same = False
    if not same:
        os.close(handle)
        return None
    return handle


def read_up_to(handle: int, most: int) -> bytes:
    """Up to ``most`` bytes from the open file (or pipe) ``handle``, fewer only at its end (a pipe's:
    when its writer has ended)."""
    parts = []
    while most > 0:
        part = os.read(handle, most)
        if not part:
            break
        parts.append(part)
        most -= len(part)
    return b"".join(parts)


def _umask() -> int:
    """The process umask (what it takes away from :data:`PRIVATE` is taken away from new files too)."""
    current = os.umask(0o022)
    os.umask(current)
    return current
