"""The mail journal: what happened to each message, written durably before and after each send.

One JSON object per line (UTF-8), appended and ``fsync``-ed before the call
returns, so a line on disk means the step happened (or was about to). Each
line names the message by the invite's UID and SEQUENCE::

    {"v": 1, "at": "2021-09-06T08:00:01Z", "state": "queued", "unit": "区财政局",
     "uid": "…", "sequence": 0, "method": "REQUEST", "to": "czj@example.org",
     "message_id": "<…>", "attempt": 1}

``queued`` is written just before the message is handed to the server,
``sent`` once the server accepted it (with its reply, often a queue id), and
``failed`` when it was refused or the retries ran out. The last line of a
message decides its state. A line cut short by a crash (the last line, without
its newline) is dropped when the journal is opened again; any other line that
cannot be read stops the command. docs/mail.md explains how ``send`` uses it.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from scheduler.errors import InputError
from scheduler.text.messages import Message

FORMAT = 1
JOURNAL_NAME = "mail-journal.jsonl"
QUEUED, SENT, FAILED = "queued", "sent", "failed"
STATES = (QUEUED, SENT, FAILED)


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


class History:
    """The journal's lines, folded into the last state of each (UID, SEQUENCE)."""

    def __init__(self, entries: list[Entry] | None = None) -> None:
        self.entries: list[Entry] = []
        self._last: dict[tuple[str, int], Entry] = {}
        self._sent: dict[str, int] = {}
        for entry in entries or []:
            self.add(entry)

    def add(self, entry: Entry) -> None:
        self.entries.append(entry)
        self._last[(entry.uid, entry.sequence)] = entry
        if entry.state == SENT:
            self._sent[entry.uid] = max(entry.sequence, self._sent.get(entry.uid, -1))

    def state(self, uid: str, sequence: int) -> str | None:
        """``queued``, ``sent``, ``failed``, or ``None`` when never tried."""
        entry = self._last.get((uid, sequence))
        return entry.state if entry is not None else None

    def last_sent(self, uid: str) -> int | None:
        """The highest SEQUENCE of ``uid`` that was sent, or ``None``."""
        return self._sent.get(uid)


def _parse(line: bytes, number: int, path: Path) -> Entry:
    try:
        raw = json.loads(line.decode("utf-8"))
        if raw.get("v") != FORMAT or raw["state"] not in STATES:
            raise ValueError("format")
        code = raw.get("code")
        return Entry(
            state=raw["state"],
            unit=str(raw["unit"]),
            uid=str(raw["uid"]),
            sequence=int(raw["sequence"]),
            method=str(raw["method"]),
            to=str(raw["to"]),
            message_id=str(raw["message_id"]),
            at=str(raw["at"]),
            attempt=int(raw.get("attempt", 0)),
            code=None if code is None else int(code),
            reply=str(raw.get("reply", "")),
            permanent=bool(raw.get("permanent", False)),
        )
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
        raise InputError(Message("mail.bad_journal", line=number), str(path)) from exc


def _read(path: Path) -> tuple[list[Entry], int]:
    """The complete lines of the journal and the length in bytes they take (a torn tail excluded)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return [], 0
    except OSError as exc:
        raise InputError(Message("input.unreadable", reason=exc.strerror or str(exc)), str(path)) from exc
    complete = data.rfind(b"\n") + 1
    entries = []
    for number, line in enumerate(data[:complete].split(b"\n")[:-1], start=1):
        if line.strip():
            entries.append(_parse(line, number, path))
    return entries, complete


def read_history(path: str | Path) -> History:
    """The journal at ``path`` as it stands (empty when there is none), without writing to it."""
    return History(_read(Path(path))[0])


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _lock(handle: IO[bytes], path: Path) -> None:
    """An exclusive lock for the whole run, released by the system when the process ends."""
    try:
        if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        raise InputError(Message("mail.journal_locked"), str(path)) from exc


class Journal:
    """The journal opened for a run: locked, its torn tail (if any) cut, appended to durably."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        created = not self.path.exists()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle: IO[bytes] = self.path.open("a+b")
        except OSError as exc:
            raise InputError(Message("mail.journal_write", reason=exc.strerror or str(exc)), str(path)) from exc
        try:
            _lock(self._handle, self.path)
            entries, complete = _read(self.path)
            if complete != self.path.stat().st_size:  # a line cut short by a crash: never completed
                self._handle.truncate(complete)
                os.fsync(self._handle.fileno())
            if created:
                _sync_directory(self.path.parent)
        except BaseException:
            self._handle.close()
            raise
        self.history = History(entries)

    def write(self, state: str, entry: Entry) -> Entry:
        """Append ``entry`` with ``state`` and make it durable (flush and fsync) before returning."""
        line = Entry(**{**entry.__dict__, "state": state, "at": _stamp()})
        record: dict[str, Any] = {"v": FORMAT, **line.__dict__}
        for key in ("code", "reply", "permanent"):
            if not record[key]:
                del record[key]
        data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            self._handle.write(data)
            self._handle.flush()
            os.fsync(self._handle.fileno())
        except OSError as exc:
            raise InputError(Message("mail.journal_write", reason=exc.strerror or str(exc)), str(self.path)) from exc
        self.history.add(line)
        return line

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _sync_directory(directory: Path) -> None:
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


def lines(path: str | Path) -> Iterator[Entry]:
    """Every entry of the journal at ``path``, in order (for reports and tests)."""
    yield from _read(Path(path))[0]
