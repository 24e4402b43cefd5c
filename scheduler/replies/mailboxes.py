"""Mail folders on disk, read with the standard library's :mod:`mailbox`: a Maildir or an mbox file.

Nothing is changed in them: no flag is set, no message moved from ``new/`` to
``cur/``, the mbox is never locked or written. A message larger than the limit
is read only as far as its headers, so it can be named. Thunderbird keeps its
folders as mbox files (``…/ImapMail/<server>/INBOX``); Dovecot, Postfix and
many servers as Maildirs; Foxmail and Outlook can save messages as ``.eml``
files, which ``--eml DIR`` reads.
"""

from __future__ import annotations

import base64
import mailbox
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from scheduler.errors import InputError
from scheduler.files.reasons import file_reason
from scheduler.replies.ledger import Checkpoint
from scheduler.replies.mime import KNOWN, READ, triage
from scheduler.text.messages import Message

HEAD = 256_000
"""Bytes read of a message too large to read whole (its headers are in them)."""


@dataclass(frozen=True)
class Fetched:
    """One message as stored: where it is, its bytes (only the first ones when ``size`` is over the limit),
    and when it reached the mailbox when the mailbox says (``arrived``: IMAP's INTERNALDATE, a Maildir
    file's delivery time). ``relook`` (here and in :class:`Passed`, :class:`Missed`): a message an older
    version of the reading read before, looked at again (IMAP)."""

    source: str
    data: bytes
    size: int
    arrived: datetime | None = None
    relook: bool = False


@dataclass(frozen=True)
class Passed:
    """A message looked at and not read: ``known`` (in the ledger already), else it holds no calendar data."""

    source: str
    known: bool
    relook: bool = False


@dataclass(frozen=True)
class Seen:
    """An IMAP folder was read up to ``uid``: everything before was handed over (a checkpoint), and read by
    the reading of version ``reader`` (:data:`~scheduler.replies.ledger.READER`)."""

    mailbox: str
    uidvalidity: int
    uid: int
    reader: int


@dataclass(frozen=True)
class Missed:
    """A message the server named and did not hand over, or a saved file that cannot be read as mail (an
    Outlook ``.msg``): ``reason`` says which; not read, not counted as read; the next run tries again."""

    source: str
    reason: Message
    relook: bool = False
    gone: bool = False
    """Moved or deleted while it was being read (by another mail client): not in this folder any more, so
    the next run will not find it here either; ``reason`` says where to look."""


@dataclass(frozen=True)
class Quota:
    """How full the mailbox is, as the server says (IMAP ``GETQUOTAROOT INBOX``, RFC 9208): ``used`` of
    ``limit`` in ``resource``'s unit (``STORAGE``: KB; ``MESSAGE``: mails), the fullest resource. Answers
    to a full mailbox bounce back to the units and never arrive (QA qaimap26 F4)."""

    resource: str
    used: int
    limit: int

    @property
    def share(self) -> float:
        """``used`` as a share of ``limit`` (0 when the server names no limit)."""
        return self.used / self.limit if self.limit > 0 else 0.0

    @property
    def triple(self) -> tuple[str, int, int]:
        """(resource, used, limit), as the ledger's note of the reading keeps it."""
        return (self.resource, self.used, self.limit)


Known = Callable[[str], bool]
"""Whether a mail with this key is already in the ledger."""


class _Handle(Protocol):
    """What :func:`_read` needs of a file: an open file, or a mailbox's proxy of one."""

    def seek(self, offset: int, whence: int = 0, /) -> object: ...
    def tell(self) -> int: ...
    def read(self, size: int | None = None, /) -> bytes: ...


def _read(handle: _Handle, limit: int, known: Known, source: str) -> Fetched | Passed:
    """The message as :class:`Fetched` (only its first bytes when it is over ``limit``), or :class:`Passed`
    when its headers say it holds no calendar data or was read before (:func:`~scheduler.replies.mime.triage`)."""
    handle.seek(0, 2)
    size = handle.tell()
    handle.seek(0)
    head = handle.read(min(size, HEAD))
    end = re.search(rb"\r?\n\r?\n", head)
    verdict = triage(head[: end.end()] if end else head, known)
    if verdict != READ:
        return Passed(source, verdict == KNOWN)
    if size > limit or len(head) == size:
        return Fetched(source, head, size)
    return Fetched(source, head + handle.read(), size)


def delivered(name: str) -> datetime | None:
    """When a Maildir message was delivered: the seconds its unique name starts with (``1630915200.M…``,
    the Maildir convention every delivery agent follows); ``None`` for a name that does not."""
    found = re.match(r"(\d{9,10})\.", name)
    return datetime.fromtimestamp(int(found[1]), UTC) if found else None


def modified_utf7(name: str) -> str:
    """``name`` in modified UTF-7 (RFC 3501 5.1.3), as IMAP servers name folders, and as Dovecot and Courier
    write a Maildir++ folder's directory (``答复`` is ``&e1RZDQ-``); an ASCII name stays as it is, bar ``&``."""
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            raw = base64.b64encode("".join(pending).encode("utf-16-be")).decode("ascii").rstrip("=")
            out.append("&" + raw.replace("/", ",") + "-")
            pending.clear()

    for char in name:
        if 0x20 <= ord(char) <= 0x7E:
            flush()
            out.append("&-" if char == "&" else char)
        else:
            pending.append(char)
    flush()
    return "".join(out)


def from_modified_utf7(name: str) -> str:
    """A folder's name as IMAP servers give it (modified UTF-7) as text; a part that is not valid stays as is."""

    def decoded(found: re.Match[str]) -> str:
        if not found[1]:
            return "&"
        raw = found[1].replace(",", "/")
        try:
            return base64.b64decode(raw + "=" * (-len(raw) % 4)).decode("utf-16-be")
        except (ValueError, UnicodeDecodeError):
            return found[0]

    return re.sub(r"&([^-]*)-", decoded, name)


def maildir_names(folder: str) -> list[str]:
    """The directory names (without Maildir++'s leading dot) a folder may have on disk, most literal first:
    as typed, its ``/`` hierarchy as Maildir++'s ``.``, and that in modified UTF-7 (Dovecot, Courier); a
    leading ``INBOX`` (Courier names its folders ``INBOX.…``) is the Maildir itself."""
    parts = [part for part in re.split(r"[/.]", folder) if part]
    if len(parts) > 1 and parts[0].upper() == "INBOX":
        parts = parts[1:]
    dotted = ".".join(parts)
    names = [folder, dotted, modified_utf7(dotted)]
    return [n for i, n in enumerate(names) if n and "/" not in n and n not in names[:i]]


def _unreadable(path: Path, exc: OSError) -> InputError:
    return InputError(Message("input.unreadable", reason=file_reason(exc)), str(path))


class Maildir:
    """A Maildir folder (``cur/``, ``new/``), or its Maildir++ subfolder ``folder`` (``答复/2021`` is
    ``.答复.2021`` or, as Dovecot and Courier write it, ``.&e1RZDQ-.2021``)."""

    def __init__(self, path: str | Path, folder: str | None = None) -> None:
        self.path = Path(path)
        self.folder = folder
        self.label = str(self.path) + (f" [{folder}]" if folder else "")

    def check(self) -> None:
        """Raise :class:`InputError` now if the folder cannot be read (before anything is written)."""
        self._open()

    def _open(self) -> mailbox.Maildir:
        root = self.path
        if not root.is_dir():
            raise InputError(Message("replies.no_mailbox"), str(root))
        box = mailbox.Maildir(root, factory=None, create=False)
        if self.folder:
            name = next((n for n in maildir_names(self.folder) if (root / f".{n}").is_dir()), None)
            if name is None:
                raise InputError(Message("replies.no_folder", folder=self.folder), str(root))
            box, root = box.get_folder(name), root / f".{name}"
        if not (root / "cur").is_dir() or not (root / "new").is_dir():
            raise InputError(Message("replies.not_maildir"), str(root))
        return box

    def messages(
        self, known: Known, limit: int, checkpoint: Checkpoint | None = None
    ) -> Iterator[Fetched | Passed | Seen | Missed]:
        """Every message, oldest file name first (Maildir names start with the delivery time); one that
        left the folder while it was read is :class:`Missed`, said (QA qaimap26 F1: it was skipped without
        a word, though the next run would not find it here either)."""
        box = self._open()
        try:
            keys = sorted(box.iterkeys())
        except OSError as exc:
            raise _unreadable(self.path, exc) from exc
        for key in keys:
            source = f"maildir:{self.path.resolve()}/{self.folder or ''}#{key}"
            item = self._one(box, key, limit, known, source)
            yield replace(item, arrived=delivered(key)) if isinstance(item, Fetched) else item

    def _one(self, box: mailbox.Maildir, key: str, limit: int, known: Known, source: str) -> Fetched | Passed | Missed:
        """The message ``key``. A mail client moving it from ``new/`` to ``cur/`` or changing its flags renames
        the file: the folder is looked at again (:mod:`mailbox` does, for a key it cannot find), once more
        when the file went between the look and the opening; a key the folder no longer holds was moved to
        another folder or deleted."""
        for _attempt in range(2):
            try:
                with box.get_file(key) as handle:
                    return _read(handle, limit, known, source)
            except KeyError:
                break
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise _unreadable(self.path, exc) from exc
        return Missed(source, Message("replies.maildir_gone", folder=self.label, name=key), gone=True)


class Mbox:
    """An mbox file (Thunderbird's local folders, ``mutt``, ``/var/mail/…``)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.label = str(self.path)

    def check(self) -> None:
        """Raise :class:`InputError` now if the file is not there (before anything is written)."""
        if self.path.is_dir():
            raise InputError(Message("replies.mbox_is_folder"), str(self.path))
        if not self.path.is_file():
            raise InputError(Message("replies.no_mailbox"), str(self.path))

    def messages(
        self, known: Known, limit: int, checkpoint: Checkpoint | None = None
    ) -> Iterator[Fetched | Passed | Seen]:
        """Every message, in file order."""
        self.check()
        try:
            box: Any = mailbox.mbox(self.path, factory=None, create=False)
            keys = list(box.iterkeys())
        except OSError as exc:
            raise _unreadable(self.path, exc) from exc
        try:
            for number, key in enumerate(keys, start=1):
                with box.get_file(key) as handle:
                    yield _read(handle, limit, known, f"mbox:{self.path.resolve()}#{number}")
        finally:
            box.close()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""How a compound file opens: Outlook's ``.msg`` (and old Word and Excel files)."""


class EmlFolder:
    """A folder of saved messages (``*.eml``), as Foxmail, Thunderbird and Outlook on the web save them, or
    one such file. Classic Outlook saves a mail as ``.msg`` (a compound file, not MIME): each is named, not
    read."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.label = str(self.path)

    def check(self) -> None:
        """Raise :class:`InputError` now if the folder (or file) is not there (before anything is written)."""
        if not self.path.is_dir() and not self.path.is_file():
            raise InputError(Message("replies.no_mailbox"), str(self.path))

    def _files(self) -> list[Path]:
        if self.path.is_file():
            return [self.path]
        wanted = (".eml", ".msg")
        return sorted(p for p in self.path.rglob("*") if p.suffix.lower() in wanted and p.is_file())

    def messages(
        self, known: Known, limit: int, checkpoint: Checkpoint | None = None
    ) -> Iterator[Fetched | Passed | Seen | Missed]:
        """Every ``.eml`` file in the folder and below, by name (or the one file given); a ``.msg`` file, or
        any that opens as a compound file, is :class:`Missed` with the reason."""
        self.check()
        for path in self._files():
            source = f"eml:{path.resolve()}"
            try:
                with path.open("rb") as handle:
                    if handle.read(len(OLE)) == OLE or path.suffix.lower() == ".msg":
                        yield Missed(source, Message("replies.outlook_msg", path=str(path)))
                        continue
                    found = _read(handle, limit, known, source)
            except OSError as exc:
                raise _unreadable(path, exc) from exc
            yield found
