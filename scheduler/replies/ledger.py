"""The replies ledger: every mail with calendar data that was read, written down durably as it is read.

``replies-ledger.jsonl`` sits beside the mail journal. One JSON object per
line (UTF-8), appended and ``fsync``-ed before the next mail is read, so a run
that is interrupted keeps everything it read, and the next run reads only what
is new. Two kinds of line::

    {"v": 1, "kind": "mail", "key": "<…@example.org>", "source": "imap://…/INBOX;UID=42",
     "from": "czj@example.org", "subject": "已接受: …", "date": "…", "read_at": "…",
     "answers": [{"method": "REPLY", "uid": "…", "sequence": 0, "attendee": "czj@example.org",
                  "partstat": "ACCEPTED", "comment": "…", …}],
     "problems": [{"key": "replies.no_method", "params": {…}}]}

A problem's parameter that is itself a message (the reason a calendar could not be read) is written as one,
``{"key": …, "params": {…}}``; a line written before, which holds that message's Python repr, is read back
as the message (:func:`_read_param`).
    {"v": 1, "kind": "seen", "mailbox": "imaps://office@mail.example.org:993/INBOX",
     "uidvalidity": 1796285353, "uid": 120, "reader": 2, "at": "…"}

A mail about an invite that holds no calendar (a reply written by hand, an
out-of-office reply, a read receipt) is a ``mail`` line too, marked ``"plain": true`` with the
Message-IDs it replies to (``refs``), its first words (``text``), ``auto`` and ``receipt``; when it carries calendars
that are not answers (our invite, kept attached to a reply), ``invitations`` lists their events' UID and
ORGANIZER.
A line written before that mark existed is read as one when it names a mail
without calendar whose subject read as an answer (``replies.no_calendar``).
A plain mail from an invited address that answers another mail (not filed, said on one line when read:
docs/replies.md) is a ``mail`` line marked ``"aside": true`` holding its key and ``read_at`` alone
(before the Twenty-fourth session: the whole mail's line): only its key counts, so later runs know it
and do not say it again (Twenty-first session); it is in no standing. A build before the mark reads it
as a plain mail from no one, about nothing. A mail whose every answer is to another invite (another
campaign's, in the same mailbox: :func:`~scheduler.replies.standing.elsewhere`) is written the same way,
its key alone (QA qamailbox25 F9).

A ``mail`` line is keyed by the mail's Message-ID and a digest of its From, Subject and Date (else a hash
of its bytes, :func:`~scheduler.replies.mime.key_of`): the same mail found again (a second run, another
folder, a copy in a Maildir) is not written twice, and two mails that share a Message-ID (a gateway that
gives every mail ``<1@localhost>``) are two mails. A line written when the key was the Message-ID alone
is keyed the new way when it is read, from the From, Subject and Date it holds. A ``seen`` line records
how far an IMAP folder was read (IMAP UIDs only grow), so a later run asks the server only for newer mail,
and by which version of the reading (``reader``, :data:`READER`; a line without one was written before it was
kept, and counts as the oldest, 0): a newer reader looks again at the UIDs at or below an older one's
checkpoint (those the ledger already holds are known by their headers and not fetched again).
The ledger is never rewritten: answers stay when the timetable changes.

Each run of ``replies`` ends with a note of the reading beside the ledger, ``.replies-ledger.jsonl.reading``
(Twenty-fifth session, QA qaimap26 F3: the web page and the files could not say when the answers were read,
nor that the last reading broke off), replaced whole by each run (:func:`read_ledger` reads it too)::

    {"mailbox": "imaps://office@mail.example.org:993/INBOX", "at": "2026-12-06T03:25:00+00:00",
     "examined": 29, "new": 3, "stopped": {"key": "replies.imap_dropped", "params": {…}},
     "quota": ["STORAGE", 39, 40]}

Not a line of the ledger: the ledger holds what was read, and every reader of it (an older build too)
counts its lines as mails and checkpoints.

A line that cannot be written (a full disk) raises :class:`LedgerWriteError`
and leaves the ledger as it was before that line (see
:mod:`scheduler.files.appendlog`); nothing more is written in that run. The mail
whose line it was is then simply not in the ledger: the next run reads it again,
as new, and it counts once (a mail is known by its key).
"""

from __future__ import annotations

import ast
import contextlib
import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from scheduler.errors import InputError, check_format
from scheduler.files import folderlock
from scheduler.files.appendlog import AppendLog, Locked, read_lines
from scheduler.files.atomic import write_files
from scheduler.files.owned import read_note, refused_access
from scheduler.files.reasons import file_reason
from scheduler.replies.answers import Answer, ReadMail, Signal
from scheduler.text.messages import Message

FORMAT = 1
READER = 2
"""The reading's version, written in each ``seen`` line. Raise it whenever the reading learns to recognise a
mail it passed over before (a bounce's shape, a reply in words, an answer sent in another form): an IMAP
folder's checkpoint written by an older reader is then looked below again, once (docs/replies.md).
1: the Twentieth session's; 2: a further address's reply in words matched against its own copy's title
(Twenty-first session: 1 set it aside when the first address named no person)."""
LEDGER_NAME = "replies-ledger.jsonl"


def ledger_path(journal: str | Path) -> Path:
    """The ledger's place: beside the mail journal."""
    return Path(journal).parent / LEDGER_NAME


class LedgerWriteError(InputError):
    """A ledger line could not be written (a full disk): the ledger is left as it was before that line."""


def _when(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _parse_when(value: Any) -> datetime | None:
    return None if value in (None, "") else datetime.fromisoformat(str(value))


def _plain(value: Any) -> Any:
    if isinstance(value, Message):  # a message inside a message (a problem's reason): kept as one
        return _message(value)
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


def _message(message: Message) -> dict[str, Any]:
    return {"key": message.key, "params": {k: _plain(v) for k, v in message.params.items()}}


_REPR = re.compile(r"Message\(key='([a-z0-9_.]+)', params=(\{.*\})\)", re.DOTALL)
"""What a ledger line written before nested messages were kept as such holds instead: the inner message's
repr (QA qaimap21 F2: ``Message(key='replies.calendar_damaged', params={})`` shown to the clerk)."""


def _read_param(value: Any) -> Any:
    """A problem's parameter as written: a nested message (its key and params), or an older line's repr of
    one, read back as the message; anything else as it is."""
    if isinstance(value, dict) and isinstance(value.get("key"), str):
        return _read_message(value)
    if isinstance(value, str) and value.startswith("Message(key="):
        found = _REPR.fullmatch(value)
        if found is not None:
            try:
                params = ast.literal_eval(found.group(2))
            except (ValueError, SyntaxError, MemoryError, RecursionError):
                return value
            if isinstance(params, dict) and all(isinstance(k, str) for k in params):
                return Message(found.group(1), **{k: _read_param(v) for k, v in params.items()})
    return value


def _answer(answer: Answer) -> dict[str, Any]:
    out: dict[str, Any] = {
        "method": answer.method,
        "uid": answer.uid,
        "sequence": answer.sequence,
        "attendee": answer.attendee,
        "name": answer.name,
        "partstat": answer.partstat,
        "comment": answer.comment,
        "stamp": _when(answer.stamp),
        "start": _when(answer.start),
        "end": _when(answer.end),
        "original": _when(answer.original),
        "delegated_to": answer.delegated_to,
        "sent_by": answer.sent_by,
        "unsequenced": answer.unsequenced or None,
    }
    return {k: v for k, v in out.items() if v not in (None, "")}


def mail_record(mail: ReadMail) -> dict[str, Any]:
    """The ledger line of ``mail`` (as a dict)."""
    out: dict[str, Any] = {
        "v": FORMAT,
        "kind": "mail",
        "key": mail.key,
        "source": mail.source,
        "message_id": mail.message_id,
        "from": mail.sender,
        "from_name": mail.sender_name,
        "on_behalf": mail.on_behalf,
        "subject": mail.subject,
        "date": _when(mail.date),
        "client": mail.client,
        "size": mail.size,
        "read_at": _when(mail.read_at),
        "arrived": _when(mail.arrived),
        "answers": [_answer(a) for a in mail.answers],
        "problems": [_message(p) for p in mail.problems],
        "notes": [_message(n) for n in mail.notes],
        "ignored": mail.ignored,
        "signals": [{k: v for k, v in s.__dict__.items() if v not in (None, "")} for s in mail.signals],
        "plain": mail.plain,
        "refs": list(mail.refs),
        "text": mail.text,
        "auto": mail.auto,
        "receipt": mail.receipt,
        "invitations": [list(pair) for pair in mail.invitations],
    }
    return {k: v for k, v in out.items() if v not in (None, "", [], 0, False) or k in ("v", "answers")}


def _read_message(raw: dict[str, Any]) -> Message:
    return Message(str(raw["key"]), **{str(k): _read_param(v) for k, v in dict(raw.get("params", {})).items()})


def _read_answer(raw: dict[str, Any]) -> Answer:
    return Answer(
        method=str(raw["method"]),
        uid=str(raw["uid"]),
        sequence=int(raw.get("sequence", 0)),
        attendee=str(raw.get("attendee", "")),
        name=str(raw.get("name", "")),
        partstat=str(raw.get("partstat", "")),
        comment=str(raw.get("comment", "")),
        stamp=_parse_when(raw.get("stamp")),
        start=_parse_when(raw.get("start")),
        end=_parse_when(raw.get("end")),
        original=_parse_when(raw.get("original")),
        delegated_to=str(raw.get("delegated_to", "")),
        sent_by=str(raw.get("sent_by", "")),
        unsequenced=bool(raw.get("unsequenced", False)),
    )


def _sender(raw: dict[str, Any]) -> tuple[str, str]:
    """(display name, address) of a mail line. A line written before a From without a plain address was
    decoded (``=?utf-8?b?...?=`` kept as the address) is decoded now, as the mail would be if read again."""
    name, address = str(raw.get("from_name", "")), str(raw.get("from", ""))
    if "=?" not in address:
        return name, address
    from scheduler.replies.mime import sender_of  # (the mail parser: loaded when a ledger is read, not for its name)

    decoded_name, decoded = sender_of(address)
    return decoded_name or name, decoded


def _read_mail(raw: dict[str, Any]) -> ReadMail:
    name, sender = _sender(raw)
    mail = ReadMail(
        key=str(raw["key"]),
        source=str(raw.get("source", "")),
        message_id=str(raw.get("message_id", "")),
        sender=sender,
        sender_name=name,
        on_behalf=str(raw.get("on_behalf", "")),
        subject=str(raw.get("subject", "")),
        date=_parse_when(raw.get("date")),
        client=str(raw.get("client", "")),
        size=int(raw.get("size", 0)),
        answers=tuple(_read_answer(a) for a in raw.get("answers", [])),
        problems=tuple(_read_message(p) for p in raw.get("problems", [])),
        notes=tuple(_read_message(n) for n in raw.get("notes", [])),
        ignored=int(raw.get("ignored", 0)),
        read_at=_parse_when(raw.get("read_at")),
        arrived=_parse_when(raw.get("arrived")),
        signals=tuple(_read_signal(s) for s in raw.get("signals", [])),
        plain=bool(raw.get("plain", False)) or _no_calendar(raw),
        refs=tuple(str(r) for r in raw.get("refs", [])),
        text=str(raw.get("text", "")),
        auto=bool(raw.get("auto", False)),
        receipt=bool(raw.get("receipt", False)),
        invitations=tuple((str(uid), str(organizer)) for uid, organizer in raw.get("invitations", [])),
    )
    if mail.message_id and mail.key == mail.message_id.strip():  # keyed by its Message-ID alone, as before
        from scheduler.replies.mime import key_of

        mail = replace(mail, key=key_of(mail.message_id, b"", mail))
    return mail


def _no_calendar(raw: dict[str, Any]) -> bool:
    """A line written before plain mails were marked: a mail that read as an answer and held no calendar."""
    problems = raw.get("problems", [])
    return not raw.get("answers") and any(str(p.get("key", "")) == "replies.no_calendar" for p in problems)


def _read_signal(raw: dict[str, Any]) -> Signal:
    sequence = raw.get("sequence")
    return Signal(
        kind=str(raw["kind"]),
        uid=str(raw.get("uid", "")),
        attendee=str(raw.get("attendee", "")),
        sequence=None if sequence is None else int(sequence),
        status=str(raw.get("status", "")),
        message_id=str(raw.get("message_id", "")),
        sent_by=str(raw.get("sent_by", "")),
        cause=str(raw.get("cause", "")),
    )


@dataclass(frozen=True)
class ReadingNote:
    """One run of ``replies``: the mailbox it read (its label, no password), when it ended (``at``), how many
    messages it examined and how many new mails it wrote, why it stopped early (``None``: read to the
    end), and how full the mailbox was when the server said (resource, used, limit: IMAP QUOTA)."""

    mailbox: str
    at: datetime
    examined: int = 0
    new: int = 0
    stopped: Message | None = None
    quota: tuple[str, int, int] | None = None


def _reading_record(note: ReadingNote) -> dict[str, Any]:
    out: dict[str, Any] = {"mailbox": note.mailbox, "at": _when(note.at), "examined": note.examined, "new": note.new}
    if note.stopped is not None:
        out["stopped"] = _message(note.stopped)
    if note.quota is not None:
        out["quota"] = list(note.quota)
    return out


def _read_reading(raw: dict[str, Any]) -> ReadingNote:
    stopped = raw.get("stopped")
    quota = raw.get("quota")
    return ReadingNote(
        mailbox=str(raw.get("mailbox", "")),
        at=datetime.fromisoformat(str(raw["at"])),
        examined=int(raw.get("examined", 0)),
        new=int(raw.get("new", 0)),
        stopped=_read_message(stopped) if isinstance(stopped, dict) else None,
        quota=(str(quota[0]), int(quota[1]), int(quota[2])) if isinstance(quota, list) and len(quota) == 3 else None,
    )


def note_path(path: Path) -> Path:
    """Beside the ledger: the note of the last run of ``replies`` (:class:`ReadingNote`)."""
    return path.with_name(f".{path.name}.reading")


def last_reading(path: str | Path) -> ReadingNote | None:
    """The note of the last run of ``replies`` on the ledger at ``path``; ``None`` when there is none, or it
    cannot be read (a note, not a record: the ledger is what counts)."""
    try:
        raw = json.loads(read_note(note_path(Path(path))).decode("utf-8"))
        return _read_reading(raw) if isinstance(raw, dict) else None
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


class Checkpoint(NamedTuple):
    """How far an IMAP folder was read: under ``uidvalidity``, every UID up to ``uid``, by the reading of
    version ``reader`` (:data:`READER`; 0: a line that names none)."""

    uidvalidity: int
    uid: int
    reader: int = 0


@dataclass
class Contents:
    """The ledger's lines: the mails in the order they were read (each key once), and how far each IMAP
    folder was read (mailbox -> :class:`Checkpoint`)."""

    mails: list[ReadMail] = field(default_factory=list)
    seen: dict[str, Checkpoint] = field(default_factory=dict)
    keys: set[str] = field(default_factory=set)
    last_reading: ReadingNote | None = None
    """The note of the last run of ``replies`` (:class:`ReadingNote`, beside the ledger), or ``None``."""

    def add(self, raw: dict[str, Any]) -> None:
        if raw.get("kind") == "seen":
            found = Checkpoint(int(raw["uidvalidity"]), int(raw["uid"]), int(raw.get("reader", 0)))
            self.seen[str(raw["mailbox"])] = found
            return
        if raw.get("kind") != "mail":
            raise ValueError("kind")
        if raw.get("aside"):  # seen, not this campaign's: known (not read again), never on a row
            self.keys.add(str(raw["key"]))
            if "from" in raw or "subject" in raw:  # written whole before (QA qamailbox25 F9): also its new key
                self.keys.add(_read_mail(raw).key)
            return
        mail = _read_mail(raw)
        if mail.key not in self.keys:
            self.keys.update((mail.key, str(raw["key"])))  # the key as written too (a line keyed the old way)
            self.mails.append(mail)


def _contents(lines: Iterable[bytes], path: Path) -> Contents:
    contents = Contents()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line.decode("utf-8"))
            if not isinstance(raw, dict):
                raise ValueError("format")
            check_format(raw.get("v"), FORMAT, str(path), number)  # another version's: said so
            contents.add(raw)
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
            raise InputError(Message("replies.bad_ledger", line=number), str(path), line=number) from exc
    return contents


def _opened(path: Path, refusal: str = "replies.ledger_locked") -> AppendLog:
    """The ledger opened and locked for this run, waiting for another ``replies`` run as long as a writer
    waits for a folder (:data:`scheduler.files.folderlock.WAIT`), then refused naming who holds it (QA
    qaconc22 F6: refused at once, naming no one), in the words of ``refusal``."""
    deadline = time.monotonic() + folderlock.WAIT
    while True:
        try:
            return AppendLog(path)
        except Locked as exc:
            if time.monotonic() >= deadline:
                raise InputError(Message(refusal, holder=_holder(path)), str(path)) from exc
            _pause()
        except OSError as exc:
            raise InputError(Message("replies.ledger_write", reason=file_reason(exc)), str(path)) from exc


def _pause() -> None:
    time.sleep(0.05)


def _holder_path(path: Path) -> Path:
    """Beside the ledger: who has it open now (the ledger itself holds only what was read)."""
    return path.with_name(f".{path.name}.holder")


def _say_holder(path: Path) -> None:
    with contextlib.suppress(OSError, InputError):  # (a note for a refused run: the lock is what counts)
        said = folderlock.holder_says("replies")
        write_files(path.parent, {_holder_path(path).name: json.dumps(said, ensure_ascii=False).encode("utf-8")})


def _holder(path: Path) -> Message | str:
    """Who has the ledger, as the note beside it says (:func:`scheduler.files.folderlock.described`)."""
    try:
        said = json.loads(read_note(_holder_path(path)).decode("utf-8"))
    except (OSError, ValueError):
        return "?"
    return folderlock.described(said) if isinstance(said, dict) else "?"


def read_ledger(path: str | Path) -> Contents:
    """The ledger at ``path`` as it stands (empty when there is none), without writing or locking it."""
    try:
        lines = read_lines(path)
    except OSError as exc:
        raise refused_access(exc) or InputError(
            Message("input.unreadable", reason=file_reason(exc)), str(path)
        ) from exc
    contents = _contents(lines, Path(path))
    contents.last_reading = last_reading(path)
    return contents


def read_settled(path: str | Path, refusal: str = "replies.ledger_reading") -> Contents:
    """The ledger at ``path`` as it stands when no ``replies`` run is writing it: a run under way is waited
    for as a second ``replies`` would wait (:func:`_opened`), then refused in the words of ``refusal``, naming
    it. For those who act on who has not answered (``send --remind``: QA qaimap26 F7, 26 units reminded
    while their answers were being read). The lock is held for the reading alone; a ledger not there yet
    is read as empty, nothing locked (nothing made)."""
    where = Path(path)
    if not where.is_file():
        return read_ledger(where)
    log = _opened(where, refusal)
    try:
        return read_ledger(where)
    finally:
        log.close()


class Ledger:
    """The ledger opened for a run: locked against a second ``replies`` run, appended to durably. ``at``: the
    command's given "now" (``$DOCKING_NOW``, :func:`scheduler.files.now.given_now`), which its lines' times
    (a mail's ``read_at``, a ``seen`` line's ``at``) are stamped with, as the mail journal's are, so that a
    rehearsal's reading agrees with its mailing; ``None``: the clock, line by line."""

    def __init__(self, path: str | Path, at: datetime | None = None) -> None:
        self.path = Path(path)
        self.at = at
        self._log = _opened(self.path)
        try:
            self.contents = _contents(self._log.lines, self.path)
            _say_holder(self.path)
        except BaseException:
            self._log.close()
            raise

    def has(self, key: str) -> bool:
        """Whether a mail with this key was read before."""
        return key in self.contents.keys

    def _append(self, record: dict[str, Any]) -> None:
        """Write one line durably; :class:`LedgerWriteError` if it cannot be (then for every later line too)."""
        try:
            self._log.append(record)
        except OSError as exc:
            reason = Message("replies.ledger_write", reason=file_reason(exc))
            raise LedgerWriteError(reason, str(self.path)) from exc
        self.contents.add(record)

    def add(self, mail: ReadMail) -> ReadMail:
        """Write ``mail`` down (stamped with the time it was read); a key already written is not written again."""
        if self.has(mail.key):
            return mail
        stamped = ReadMail(**{**mail.__dict__, "read_at": mail.read_at or self._now()})
        self._append(mail_record(stamped))
        return stamped

    def set_aside(self, mail: ReadMail) -> None:
        """Write ``mail`` down as seen and not this campaign's (a reply in words to another mail, said on
        one line when read): a ``mail`` line marked ``"aside": true`` that holds its key alone (and when it
        was read), known to later runs, so they do not read it or say it again, and never weighed as an
        answer or a letter. Its subject, sender and words are not kept: a busy office mailbox brings dozens
        of such mails a day, and every command reads the ledger (QA qamailbox25 F9)."""
        if self.has(mail.key):
            return
        at = _when(mail.read_at or self._now())
        self._append({"v": FORMAT, "kind": "mail", "key": mail.key, "read_at": at, "aside": True})

    def seen(self, mailbox: str, uidvalidity: int, uid: int, reader: int = READER) -> None:
        """Record that ``mailbox`` was read up to ``uid`` (under ``uidvalidity``) by the reading of version
        ``reader``."""
        if self.contents.seen.get(mailbox) == (uidvalidity, uid, reader):
            return
        at = self._now().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        line = {"v": FORMAT, "kind": "seen", "mailbox": mailbox, "uidvalidity": uidvalidity, "uid": uid}
        self._append({**line, "reader": reader, "at": at})

    def note(self, note: ReadingNote) -> None:
        """Write the note of this run's reading beside the ledger (:class:`ReadingNote`), in place of the last
        run's; :class:`LedgerWriteError` when it cannot be written."""
        record = json.dumps(_reading_record(note), ensure_ascii=False).encode("utf-8")
        try:
            write_files(self.path.parent, {note_path(self.path).name: record})
        except (OSError, InputError) as exc:
            reason = Message("replies.ledger_write", reason=file_reason(exc) if isinstance(exc, OSError) else "")
            raise LedgerWriteError(reason, str(self.path)) from exc
        self.contents.last_reading = note

    def now(self) -> datetime:
        """A line's moment: the given now, else the clock's (to the second)."""
        return self._now()

    def _now(self) -> datetime:
        """A line's moment: the given now, else the clock's (to the second)."""
        return (self.at or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            _holder_path(self.path).unlink()
        self._log.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
