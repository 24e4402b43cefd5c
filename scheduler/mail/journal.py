"""The mail journal: what happened to each message, written durably before and after each send.

One JSON object per line (UTF-8), appended and ``fsync``-ed before the call
returns, so a line on disk means the step happened (or was about to). Each
line names the message by the invite's UID and SEQUENCE::

    {"v": 1, "at": "2021-09-06T08:00:01Z", "state": "queued", "unit": "区财政局",
     "uid": "…", "sequence": 0, "method": "REQUEST", "to": "czj@example.org",
     "message_id": "<…>", "attempt": 1, "start": "2021-09-08T11:00:00+08:00", "location": "区政府420房间"}

``start`` and ``location`` say what the invite showed (an update's letter names the old time and
room from the last message sent); a line without them (a reminder, or an older journal) is read as
it always was.

``queued`` is written just before the message is handed to the server,
``sent`` once the server accepted it (with its reply, often a queue id),
``failed`` when it was refused or the retries ran out, and ``interrupted`` when
the run was stopped (Ctrl-C, SIGTERM) while the message was being delivered.
The last line of a message decides its state.

**The doubt.** ``"doubt": true`` on a line says that an earlier attempt of this
message may have reached the server without the tool learning it (the
connection dropped after the whole message went out, or the run was stopped
while it was in flight). A last line ``queued`` means the same (the process
died mid-delivery: ``kill -9``, a power cut). The doubt is carried on every
later line of the message until one is ``sent``, so the run that sends it again
names it as a possible duplicate, however many runs later that is.

A last line without its newline is kept when it reads as a whole entry (the
newline is added before the next line); otherwise, when it is not whole JSON,
it is a line cut short by a crash and is dropped when the journal is opened again (no message is lost by
this: the ``queued`` line before it, already on disk, keeps the doubt). Any
other line that cannot be read, or holds a value of another type than this
module writes (``"sequence": 1.9``, ``"unit": null``), stops the command. docs/mail.md explains how
``send`` uses it.

**A line that cannot be written** (a full disk, an I/O error) raises
:class:`JournalWriteError` and leaves the file as it was before that line: the
part that did reach the file is cut off again, and nothing more is written in
that run. So a ``sent`` line that could not be made durable is not on disk, the
``queued`` line before it is the message's last, and the next run sends it
again and names it. The file is written unbuffered: a failed line never waits in
a buffer to be written (and fail again) when the journal is closed.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from scheduler.errors import InputError, check_format
from scheduler.files.addresses import address_key
from scheduler.files.appendlog import Locked, cut, lock, open_log, sync_directory, write_all, write_line
from scheduler.files.folders import make_folders
from scheduler.files.owned import read_own, refused_access
from scheduler.files.reasons import file_reason
from scheduler.files.signals import signals_held
from scheduler.invites.rebuild import Mailed
from scheduler.text.messages import Message

FORMAT = 1
JOURNAL_NAME = "mail-journal.jsonl"
QUEUED, SENT, FAILED, INTERRUPTED = "queued", "sent", "failed", "interrupted"
REMIND = "REMIND"
"""The method of a reminder's lines (``send --remind``; invites are REQUEST or CANCEL): a plain letter,
never an invite, so never read back as one (:meth:`History.mailed`)."""
DEFERRED = "deferred"
"""Put off by the recipient's server at RCPT (greylisting, a 4xx about that recipient): left for the next run."""
STATES = (QUEUED, SENT, FAILED, INTERRUPTED, DEFERRED)


class JournalWriteError(InputError):
    """A journal line could not be written (a full disk): the journal is left as it was before that line."""


@dataclass(frozen=True)
class Entry:
    """One line of the journal."""

    state: str
    unit: str
    uid: str
    sequence: int
    method: str
    to: str
    message_id: str
    at: str
    attempt: int = 0
    code: int | None = None
    reply: str = ""
    permanent: bool = False
    doubt: bool = False
    start: str = ""
    """The invite's start as the message showed it (ISO, with its offset; empty in lines written before it
    was kept and in an answer or deadline reminder's; a meeting reminder's has the time it reminded of): an
    update's letter says it was the old time."""
    location: str = ""
    """The invite's room as the message showed it (see ``start``)."""
    allow_bounced: bool = False
    """Mailed by ``send --allow-bounced`` to an address whose mail had bounced: the bounce is over
    (:func:`scheduler.replies.standing.live_bounces`; a bounce of this message is a new one)."""
    end: str = ""
    """The invite's end as the message showed it (see ``start``; empty in lines written before the
    Twentieth session kept it: an update's letter then names no change of the end)."""
    people: tuple[str, ...] = ()
    """A meeting's participants as the message listed them (its ATTENDEE names; empty for a unit's invite
    and in lines written before they were kept): an update's letter names who joined and who left."""
    summary: str = ""
    """The invite's SUMMARY as the message showed it (empty in a reminder's line and in lines written before
    the twenty-second session kept it): a reply in words naming the title mailed is matched to the invite
    after the title changed in an export not yet mailed (a contact renamed, a template edited)."""


class History:
    """The journal's lines, folded into the last state of each (UID, SEQUENCE)."""

    def __init__(self, entries: list[Entry] | None = None) -> None:
        self.entries: list[Entry] = []
        self._last: dict[tuple[str, int], Entry] = {}
        self._sent: dict[str, int] = {}
        self._sequences: dict[str, set[int]] = {}
        for entry in entries or []:
            self.add(entry)

    def add(self, entry: Entry) -> None:
        self.entries.append(entry)
        self._last[(entry.uid, entry.sequence)] = entry
        self._sequences.setdefault(entry.uid, set()).add(entry.sequence)
        if entry.state == SENT:
            self._sent[entry.uid] = max(entry.sequence, self._sent.get(entry.uid, -1))

    def messages(self) -> list[Entry]:
        """Each message (UID and SEQUENCE) in its latest state, in the order first written."""
        return list(self._last.values())

    def state(self, uid: str, sequence: int) -> str | None:
        """``queued``, ``sent``, ``failed``, ``interrupted``, ``deferred``, or ``None`` when never tried."""
        entry = self._last.get((uid, sequence))
        return entry.state if entry is not None else None

    def last(self, uid: str, sequence: int) -> Entry | None:
        """The last line of this message (UID and SEQUENCE), or ``None`` when never tried."""
        return self._last.get((uid, sequence))

    def in_doubt(self, uid: str, sequence: int) -> bool:
        """Whether this message may have reached the server already without being recorded ``sent``."""
        entry = self._last.get((uid, sequence))
        if entry is None or entry.state == SENT:
            return False
        return entry.state == QUEUED or entry.doubt

    def last_sent(self, uid: str) -> int | None:
        """The highest SEQUENCE of ``uid`` that was sent, or ``None``."""
        return self._sent.get(uid)

    def sent_entry(self, uid: str) -> Entry | None:
        """The line that recorded the highest SEQUENCE of ``uid`` sent (its address, time and room), or ``None``."""
        sequence = self._sent.get(uid)
        return self._last.get((uid, sequence)) if sequence is not None else None

    def maybe_sent(self, uid: str) -> bool:
        """Whether some SEQUENCE of ``uid`` was sent, or may have been (in doubt)."""
        if uid in self._sent:
            return True
        return any(self.in_doubt(uid, sequence) for sequence in self._sequences.get(uid, ()))

    def reached(self, uid: str, address: str) -> bool:
        """Whether some SEQUENCE of ``uid`` was sent, or may have been, to ``address`` (the same mailbox:
        :func:`~scheduler.files.addresses.address_key`)."""
        wanted = address_key(address)
        return any(
            address_key(self._last[uid, sequence].to) == wanted
            and (self._last[uid, sequence].state == SENT or self.in_doubt(uid, sequence))
            for sequence in self._sequences.get(uid, ())
        )

    def highest(self, uid: str) -> int | None:
        """The highest SEQUENCE of ``uid`` the journal names in any state (a floor for a rebuilt state)."""
        sequences = self._sequences.get(uid)
        return max(sequences) if sequences else None

    def mailed(self) -> dict[str, Mailed]:
        """Each UID the journal names, with its unit and the highest SEQUENCE named (in any state: a
        message in doubt may have arrived), for rebuilding an invites folder's state, and the address
        it was last sent to (or may have been: in doubt), where a cancellation goes. Reminders' lines are
        not invites and are left out: a further address's reminder key (``<UID>/to-…/meeting``) read as an
        invite made a phantom copy of it, cancelled once more per reminder (QA qamail18 F1)."""
        out: dict[str, Mailed] = {}
        for entry in self.entries:
            if entry.method == REMIND:
                continue
            before = out.get(entry.uid)
            sequence = max(entry.sequence, before.sequence if before else -1)
            mailed = entry.state == SENT or self.in_doubt(entry.uid, entry.sequence)
            address = entry.to if mailed else before.address if before else ""
            shown = (
                (entry.start, entry.end)
                if mailed and entry.start
                else (before.start, before.end)
                if before
                else ("", "")
            )
            out[entry.uid] = Mailed(entry.unit, sequence, address, *shown)
        return out


_TEXTS = ("state", "unit", "uid", "method", "to", "message_id", "at")
"""The fields every line has, as text."""


def _whole(value: object) -> bool:
    """A JSON integer: not a float (``1.9``, ``1.0``), not text (``"0"``), not ``true`` (a bool is an int in Python)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _parse(line: bytes, number: int, path: Path) -> Entry:
    """One line as an :class:`Entry`; exact types only (this module writes nothing else), so a hand-edited
    ``"sequence": 1.9`` or ``"unit": null`` stops the command instead of being read as something else."""
    try:
        raw = json.loads(line.decode("utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("format")
        check_format(raw.get("v"), FORMAT, str(path), number)  # another version's: said so, never cut
        if not all(isinstance(raw[key], str) for key in _TEXTS) or raw["state"] not in STATES:
            raise ValueError("text")
        code = raw.get("code")
        whole = (raw["sequence"], raw.get("attempt", 0), 0 if code is None else code)
        if not all(_whole(value) for value in whole):
            raise ValueError("number")
        reply, start, location = raw.get("reply", ""), raw.get("start", ""), raw.get("location", "")
        end, people, summary = raw.get("end", ""), raw.get("people", []), raw.get("summary", "")
        flags = (raw.get("permanent", False), raw.get("doubt", False), raw.get("allow_bounced", False))
        if not all(isinstance(text, str) for text in (reply, start, location, end, summary)):
            raise ValueError("text")
        if not isinstance(people, list) or not all(isinstance(name, str) for name in people):
            raise ValueError("people")
        if not all(isinstance(flag, bool) for flag in flags):
            raise ValueError("flag")
        return Entry(
            state=raw["state"],
            unit=raw["unit"],
            uid=raw["uid"],
            sequence=raw["sequence"],
            method=raw["method"],
            to=raw["to"],
            message_id=raw["message_id"],
            at=raw["at"],
            attempt=raw.get("attempt", 0),
            code=code,
            reply=reply,
            permanent=flags[0],
            doubt=flags[1],
            start=start,
            location=location,
            allow_bounced=flags[2],
            end=end,
            people=tuple(people),
            summary=summary,
        )
    except (ValueError, KeyError, UnicodeDecodeError) as exc:
        raise InputError(Message("mail.bad_journal", line=number), str(path)) from exc


@dataclass(frozen=True)
class _Read:
    """A journal's entries; ``keep``: the bytes that stay (a torn tail excluded); ``newline``: the last
    entry lacks its newline (to add before appending)."""

    entries: list[Entry]
    keep: int
    newline: bool = False


def _read(path: Path) -> _Read:
    """The journal's entries: every complete line, and a last line without its newline if it reads whole."""
    try:
        is_folder = path.is_dir()
    except OSError as exc:  # a name past the system's limit (ENAMETOOLONG): nothing can be written there either
        raise InputError(Message("mail.journal_write", reason=file_reason(exc)), str(path)) from exc
    if is_folder:
        raise InputError(Message("mail.journal_write", reason=Message("mail.journal_is_folder")), str(path))
    try:
        data = read_own(path)  # never through a link, never a pipe (scheduler/files/owned.py)
    except FileNotFoundError:
        return _Read([], 0)
    except OSError as exc:
        raise refused_access(exc) or InputError(
            Message("input.unreadable", reason=file_reason(exc)), str(path)
        ) from exc
    complete = data.rfind(b"\n") + 1
    entries = []
    body = data[:complete].split(b"\n")[:-1]
    for number, line in enumerate(body, start=1):
        if line.strip():
            entries.append(_parse(line, number, path))
    tail = data[complete:]
    if not tail.strip():
        return _Read(entries, len(data) if not tail else complete)
    try:
        entries.append(_parse(tail, len(body) + 1, path))
    except InputError:
        if not _torn(tail) or _is_json(tail):  # not a line of ours cut short: a damaged file, never cut
            raise
        return _Read(entries, complete)  # cut short by a crash: never completed
    return _Read(entries, len(data), newline=True)


def _is_json(data: bytes) -> bool:
    """Whether ``data`` is a whole JSON value (a line that was written to its end, however wrong)."""
    try:
        json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return False
    return True


_TORN = re.compile(rb'^\{"v": %d(,|$)' % FORMAT)
"""How every line this module writes begins: only such a tail is a line cut short by a crash."""


def _torn(tail: bytes) -> bool:
    """Whether ``tail`` is the start of a line of ours: it begins as every line does, or it is cut inside
    that beginning (``{"v``: a full disk or a crash can stop a line after any byte)."""
    return bool(_TORN.match(tail)) or (b'{"v": %d, ' % FORMAT).startswith(tail)


def read_history(path: str | Path) -> History:
    """The journal at ``path`` as it stands (empty when there is none), without writing to it."""
    return History(_read(Path(path)).entries)


def mailed_in(path: str | Path) -> dict[str, Mailed]:
    """What the journal at ``path`` says was mailed (:meth:`History.mailed`: each invite's SEQUENCE floor
    and the address it was last sent to), read without a lock: for making invites, not for sending."""
    return read_history(path).mailed()


def _stamp(at: datetime | None = None) -> str:
    """A line's ``at``: the command's "now" when one was given (``--now``, ``$DOCKING_NOW``: a rehearsal),
    else the clock when the line is written."""
    return (at or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _lock(handle: IO[bytes], path: Path) -> None:
    """An exclusive lock for the whole run, released by the system when the process ends."""
    try:
        lock(handle)
    except Locked as exc:
        raise InputError(Message("mail.journal_locked"), str(path)) from exc


class Journal:
    """The journal opened for a run: locked, its torn tail (if any) cut, appended to durably.

    ``readonly=True`` (a dry run) reads the journal as it stands, without its lock, and neither
    creates, repairs nor writes it; :meth:`write` then refuses. The journal is only appended to, each
    line durable before the next: a reader sees every whole line, and a last line still being written
    is left out as after a crash (:func:`_read`). So a preview is never refused while another run mails,
    and never refuses one (QA review17b F2); its plan is that moment's.
    """

    def __init__(self, path: str | Path, readonly: bool = False, at: datetime | None = None) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.at = at  # the command's given "now" (its lines' ``at``); None: the clock, line by line
        self._handle: IO[bytes] | None = None
        self._made: list[Path] = []  # the journal and folders this run created, while nothing is written
        self._written = False
        self._lines = 0  # lines this run wrote
        self._before: int | None = None  # the journal's size before the last line this run wrote
        self._failed: OSError | None = None  # a line could not be written: nothing more is, in this run
        if self.path.is_dir():
            reason = Message("mail.journal_is_folder")
            raise InputError(Message("mail.journal_write", reason=reason), str(path))
        if readonly:
            self._open_readonly()
            return
        created = not self.path.exists()
        if created:
            self._made = [p for p in (self.path, *self.path.parents) if not p.exists()]
        try:
            make_folders(self.path.parent)
            handle: IO[bytes] = open_log(self.path, record=True)  # (what was mailed: never said to delete)
        except OSError as exc:
            self._discard()
            raise InputError(Message("mail.journal_write", reason=file_reason(exc)), str(path)) from exc
        self._handle = handle
        try:
            try:
                _lock(handle, self.path)
            except InputError:
                self._made = []  # another run's journal: never ours to remove
                raise
            if not _same_file(handle, self.path):  # a run that failed removed the empty journal we opened
                self._made = []
                raise InputError(Message("mail.journal_locked"), str(self.path))
            read = _read(self.path)
            self._repair(read)
            if created:
                sync_directory(self.path.parent)
        except BaseException:
            self._discard()  # under our lock, if this run created the journal
            handle.close()
            self._handle = None
            raise
        self.history = History(read.entries)

    def _repair(self, read: _Read) -> None:
        """Cut a torn tail and end a whole last line that lacks its newline, durably, before anything is
        appended; a disk that cannot take even that (full) stops the run here, before anything is sent."""
        assert self._handle is not None
        try:
            if read.keep != self.path.stat().st_size:  # a line cut short by a crash: never completed
                self._handle.truncate(read.keep)
                os.fsync(self._handle.fileno())
            if read.newline:  # a whole last line without its newline: end it before appending
                write_all(self._handle, b"\n")
        except OSError as exc:
            raise self._error(exc) from exc

    def _discard(self) -> None:
        """Remove the journal this run created, and the folders made for it, while nothing is in it: a run
        stopped by bad input (a refused cancellation, no password) leaves no file behind."""
        for made in self._made:
            try:
                if made == self.path:
                    if made.stat().st_size == 0:
                        made.unlink()
                else:
                    made.rmdir()  # only when empty
            except OSError:
                return
        self._made = []

    def _open_readonly(self) -> None:
        self.history = History(_read(self.path).entries)  # no lock: see the class text

    def write(self, state: str, entry: Entry) -> Entry:
        """Append ``entry`` with ``state`` and make it durable (written and fsync-ed) before returning.

        A line that cannot be written raises :class:`JournalWriteError`, its bytes cut off the file again,
        and so does every later call: the journal then says what was durable before that line. SIGINT and
        SIGTERM are held meanwhile (:func:`~scheduler.files.signals.signals_held`; the ``fsync`` is not
        cut short by a signal anyway): a Ctrl-C comes before the line or after it is both on disk and in
        :attr:`history`, never between, so what the run decides after it is what the file says (QA
        qabig25 F2, F3: a ``sent`` line on disk, the history without it, the message mailed again).
        """
        if self.readonly or self._handle is None:
            raise InputError(Message("mail.journal_write", reason="read-only"), str(self.path))
        if self._failed is not None:
            raise self._error(self._failed)
        line = Entry(**{**entry.__dict__, "state": state, "at": _stamp(self.at)})
        record: dict[str, Any] = {"v": FORMAT, **line.__dict__}
        optional = ("code", "reply", "permanent", "doubt", "start", "location", "allow_bounced", "end", "people")
        for key in (*optional, "summary"):
            if not record[key]:
                del record[key]
        data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        with signals_held():  # the line on disk and in the history together: a Ctrl-C comes after both
            try:
                before = os.fstat(self._handle.fileno()).st_size
                write_line(self._handle, data)
            except OSError as exc:
                self._failed = exc
                raise self._error(exc) from exc
            self._written = True
            self._lines += 1
            self._before = before
            self.history.add(line)
        return line

    def withdraw(self) -> None:
        """Take back the last line this run wrote: the ``queued`` line of a message the server refused
        before any of it was handed over, for a reason that is the session's, not the message's (530 at
        MAIL: it wants a login). Nothing was sent, so nothing is recorded: a journal this run created
        and wrote nothing else in is removed at :meth:`close`, as after a refused login."""
        if self._handle is None or self._before is None or self._failed is not None:
            return
        with signals_held():  # (as :meth:`write`: the file and the history never disagree)
            cut(self._handle, self._before)
            self.history = History(self.history.entries[:-1])
            self._before = None
            self._lines -= 1
            self._written = self._lines > 0

    def _error(self, exc: OSError) -> JournalWriteError:
        return JournalWriteError(Message("mail.journal_write", reason=file_reason(exc)), str(self.path))

    def close(self) -> None:
        """Release the journal; one this run created and never wrote to is removed first (a run stopped
        before its first line, by bad input or by a server that could not be reached, refused TLS or the
        login, leaves no empty file), still under the lock: the next run finds none (see _same_file).
        Never raises: every line was made durable when it was written, and nothing waits in a buffer."""
        if self._handle is not None:
            if not self._written and self._made:
                self._discard()
            with contextlib.suppress(OSError):  # nothing is left to write at close: every line was fsync-ed
                self._handle.close()
            self._handle = None

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _same_file(handle: IO[bytes], path: Path) -> bool:
    """Whether ``path`` is still the file ``handle`` has open (a run that failed may have removed it)."""
    try:
        return os.path.samestat(os.fstat(handle.fileno()), path.lstat())  # (the name itself, never a link followed)
    except OSError:
        return False


def lines(path: str | Path) -> Iterator[Entry]:
    """Every entry of the journal at ``path``, in order (for reports and tests)."""
    yield from _read(Path(path)).entries
