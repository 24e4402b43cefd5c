"""Reading a folder on an IMAP server (:mod:`imaplib`), over TLS, without changing anything in it.

* TLS from the first byte (port 993) by default, STARTTLS on 143 with
  ``starttls``, clear text only when asked (``plain``); the certificate is
  checked as a browser would (``context``: a private CA).
* The folder is opened read-only (``EXAMINE``) and messages are fetched with
  ``BODY.PEEK[]``: nothing is marked as read.
* Only what is new is fetched: UIDs above the ledger's checkpoint for this
  folder (same UIDVALIDITY; and those at or below it once, when an older
  version of the reading wrote it: it may have passed over a mail this one
  recognises); for those, the headers first (Message-ID, type,
  size, INTERNALDATE: when the server received it, and BODYSTRUCTURE), then
  whole, several in one command, only the messages that may hold calendar
  data (by their headers and structure), are not in the ledger yet, and are
  not over the size limit.
* The password never appears in an exception, a log or the output: server
  replies are scrubbed of it (:class:`scheduler.mail.server.Secret`).
"""

from __future__ import annotations

import contextlib
import imaplib
import re
import socket
import ssl
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import unquote_to_bytes

from scheduler.mail.server import PLAIN, SSL, STARTTLS, Secret
from scheduler.mail.smtp import os_reason, tls_kind, tls_reason
from scheduler.mail.tls import answered_in_clear
from scheduler.replies.ledger import READER, Checkpoint
from scheduler.replies.mailboxes import (
    Fetched,
    Known,
    Missed,
    Passed,
    Quota,
    Seen,
    from_modified_utf7,
    modified_utf7,
)
from scheduler.replies.mime import KNOWN, READ, inert_parts, triage
from scheduler.text.messages import Message

PASSWORD_VARIABLE = "DOCKING_IMAP_PASSWORD"
"""Where ``replies`` reads the IMAP password from (else ``DOCKING_SMTP_PASSWORD``, else it asks)."""
DEFAULT_PORTS = {SSL: 993, STARTTLS: 143, PLAIN: 143}
BATCH = 200
"""Messages whose headers are fetched in one command (and after which a checkpoint is written)."""
CHUNK = 8_000_000
"""Bytes of whole messages asked for in one command (a single larger message is asked for alone)."""
_HEADERS = (
    "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID CONTENT-TYPE FROM SUBJECT DATE IN-REPLY-TO REFERENCES AUTO-SUBMITTED"
    " X-AUTOREPLY X-AUTORESPOND X-AUTO-REPLY)]"
)
"""The headers :func:`~scheduler.replies.mime.triage` decides by (a reply to one of our invites, or an
automatic reply, is fetched whole to be named even when it holds no calendar)."""


@dataclass(frozen=True)
class ImapServer:
    """Where and how to connect. ``security``: ``ssl`` (default, port 993), ``starttls`` (143) or ``plain``."""

    host: str
    user: str
    password: Secret = field(repr=False)
    port: int | None = None
    security: str = SSL
    context: ssl.SSLContext | None = None
    timeout: float = 60.0
    own_ca: bool = False
    """Whether ``context`` trusts a CA file given (``--cafile``): a certificate it does not verify is then
    another issuer's, not one a CA file would help with."""

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port or DEFAULT_PORTS[self.security]}"


class ImapFailure(Exception):
    """The server could not be used (unreachable, TLS, login, folder, dropped): ``reason`` says why."""

    def __init__(self, reason: Message) -> None:
        super().__init__(reason.key)
        self.reason = reason


def mailbox_name(folder: str) -> str:
    """``folder`` as IMAP names it: modified UTF-7 (RFC 3501 5.1.3) for non-ASCII names, quoted."""
    text = modified_utf7(folder)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, list | tuple):
        return " ".join(_text(v) for v in value)
    return str(value)


_TIMING = re.compile(r"\s*\(\d+(?:\.\d+)?(?: \+ \d+(?:\.\d+)?)* secs?\)")
"""Dovecot's timing suffix on a tagged answer: ``Mailbox doesn't exist: X (0.001 + 0.000 secs).``"""


def server_text(exc: BaseException | str) -> str:
    """What a failure says, as one readable line: an ``imaplib`` error carries the server's answer as bytes
    (decoded here, not shown as ``b'…'``), Dovecot's timing is dropped, and so is a final full stop (the
    message around it ends the sentence)."""
    if isinstance(exc, str):
        text = exc
    elif getattr(exc, "strerror", None):
        text = str(getattr(exc, "strerror", ""))
    elif len(exc.args) == 1:
        text = _text(exc.args[0])
    else:
        text = str(exc)
    text = " ".join(_TIMING.sub("", text).split()).rstrip(".。 ")
    return text or (type(exc).__name__ if not isinstance(exc, str) else "")


CODES = frozenset(
    {
        "AUTHENTICATIONFAILED", "AUTHORIZATIONFAILED", "EXPIRED", "PRIVACYREQUIRED", "CONTACTADMIN",
        "UNAVAILABLE", "INUSE", "LIMIT", "OVERQUOTA", "SERVERBUG", "NONEXISTENT", "NOPERM",
    }
)  # fmt: skip
"""The response codes (RFC 5530) said in the user's words (``replies.imap_code.*``): a login refused, a
mailbox missing, over quota, too many connections, the server unavailable for now."""
CREDENTIALS = ("AUTHENTICATIONFAILED", "AUTHORIZATIONFAILED")
"""The codes of a login refused for the user name or password (``--user`` and the password to check)."""
_CODE = re.compile(r"\[([A-Za-z-]+)[^\]]*\]")


def response_code(text: str) -> str | None:
    """The response code a server's answer opens with (``[OVERQUOTA] Quota exceeded`` gives ``OVERQUOTA``),
    or ``None``."""
    found = _CODE.match(text.strip())
    return found[1].upper() if found else None


def in_words(text: str) -> Message | str:
    """A server's refusal in the user's words when it carries a response code of :data:`CODES` (what it
    means and what to do), its own text kept beside them; else its text as it is."""
    code = response_code(text)
    if code not in CODES:
        return text
    return Message("replies.imap_said", meaning=Message("replies.imap_code." + code.lower()), reply=text)


def lost_reason(exc: BaseException) -> Message | None:
    """Why a connection was lost, in the office's words, when it is one everybody meets: the server (or
    something between) closed it (``replies.imap_closed``), or it fell silent past the timeout
    (``replies.imap_silent``); ``None`` for anything else (its own text is then shown). imaplib wraps a
    socket's failure in ``IMAP4.abort("command: UID => socket error: EOF")``: read from that text."""
    if isinstance(exc, TimeoutError):
        return Message("replies.imap_silent")
    if isinstance(exc, ConnectionError | ssl.SSLEOFError | EOFError):
        return Message("replies.imap_closed")
    if isinstance(exc, imaplib.IMAP4.abort):
        text = str(exc)
        if "timed out" in text:
            return Message("replies.imap_silent")
        if "socket error" in text or "EOF" in text:
            return Message("replies.imap_closed")
    return None


GREETING_SECONDS = 30.0
"""How long a connected server may take to greet (as ``send`` waits for an SMTP greeting): one that says
nothing is usually an implicit-TLS port (993) waiting for a handshake, asked with ``--starttls``."""


class _NoGreeting(Exception):
    """Connected, and the server said nothing within :data:`GREETING_SECONDS`."""


class _Greeted(imaplib.IMAP4):
    """:class:`imaplib.IMAP4` telling a greeting that never came from a server that cannot be reached."""

    def open(self, host: str = "", port: int = 143, timeout: float | None = None) -> None:
        self._refusal: list[Any] = []
        super().open(host, port, timeout)
        self._full = timeout
        self.sock.settimeout(min(timeout, GREETING_SECONDS) if timeout is not None else GREETING_SECONDS)

    def _connect(self) -> None:
        try:
            super()._connect()  # type: ignore[misc]
        except TimeoutError as exc:
            raise _NoGreeting() from exc
        self.sock.settimeout(self._full)

    def starttls(self, ssl_context: ssl.SSLContext | None = None) -> Any:
        """imaplib's, but a ``NO``/``BAD`` answer to STARTTLS is raised with the server's own words (imaplib
        says only "Couldn't establish TLS session": QA qamailbox25 F4)."""
        try:
            return super().starttls(ssl_context)
        except imaplib.IMAP4.abort:
            raise
        except imaplib.IMAP4.error as exc:
            said = _text(self._refusal) if self._refusal else str(exc)
            raise _StarttlsRefused(said) from exc

    def _simple_command(self, name: str, *args: str) -> tuple[str, list[Any]]:
        kind, data = super()._simple_command(name, *args)  # type: ignore[misc]
        self._refusal = data if name == "STARTTLS" and kind != "OK" else []
        return kind, data


class _StarttlsRefused(Exception):
    """The server answered STARTTLS with ``NO`` or ``BAD``: its words."""


_SMTP_GREETING = re.compile(r"unexpected response: b?['\"]?220[ -]")
"""imaplib's words for a greeting that is an SMTP server's (``220 mail.example.org ESMTP``), not IMAP's."""


class ImapFolder:
    """One folder of an IMAP server, as a source of messages for the ledger."""

    def __init__(self, server: ImapServer, folder: str = "INBOX", since: date | None = None) -> None:
        self.server = server
        self.folder = folder
        self.since = since
        scheme = "imaps" if server.security == SSL else "imap"
        self.label = f"{scheme}://{server.user}@{server.address}/{folder}"

    def check(self) -> None:
        """Nothing to check before connecting (the options were)."""

    def _redact(self, text: str) -> str:
        return self.server.password.redact(text, self.server.user)

    def _dropped(self, exc: BaseException) -> ImapFailure:
        """The connection lost: in the office's words when it was closed or fell silent (QA qaimap21 F6:
        imaplib's ``command: UID => socket error: EOF``), else what the failure says."""
        reason = lost_reason(exc)
        if reason is None:
            return self._fail("replies.imap_dropped", exc)
        return ImapFailure(Message("replies.imap_dropped", host=self.server.address, reason=reason))

    def _fail(self, key: str, exc: BaseException | str, **params: object) -> ImapFailure:
        """The failure ``key`` with the server's answer as its reason: in the user's words when it carries a
        response code they are written for (:func:`in_words`), its own words beside them."""
        reason = in_words(self._redact(server_text(exc))[:200])
        return ImapFailure(Message(key, host=self.server.address, reason=reason, **params))

    def _unreachable(self, exc: BaseException) -> ImapFailure:
        """No connection: why in the user's words for the failures everybody meets (refused, no such name,
        timed out…: the one rule ``send`` says them by), else the system's text."""
        reason = os_reason(exc)
        shown = self._redact(reason)[:200] if isinstance(reason, str) else reason
        return ImapFailure(Message("replies.imap_unreachable", host=self.server.address, reason=shown))

    def _tls(self, exc: BaseException) -> ImapFailure:
        """A TLS handshake refused, with the advice that fits its cause (as ``send``'s: :func:`tls_kind`)."""
        key = "replies.imap_" + tls_kind(exc, self.server.own_ca)
        return ImapFailure(Message(key, host=self.server.address, reason=tls_reason(exc)))

    def _connect(self) -> imaplib.IMAP4:
        server = self.server
        port = server.port or DEFAULT_PORTS[server.security]
        context = server.context or ssl.create_default_context()
        try:
            if server.security == SSL:
                imap: imaplib.IMAP4 = imaplib.IMAP4_SSL(server.host, port, ssl_context=context, timeout=server.timeout)
            else:
                imap = _Greeted(server.host, port, timeout=server.timeout)
        except (ssl.SSLError, ssl.CertificateError) as exc:
            if server.security == SSL and answered_in_clear(exc):  # a plain greeting: port 143, not 993
                raise ImapFailure(Message("replies.imap_not_implicit_tls", host=server.address)) from exc
            raise self._tls(exc) from exc
        except _NoGreeting as exc:  # connected, and nothing said: a server waiting for a TLS handshake (993)
            seconds = f"{min(server.timeout, GREETING_SECONDS):g}"
            raise ImapFailure(Message("replies.imap_no_greeting", host=server.address, seconds=seconds)) from exc
        except OSError as exc:
            raise self._unreachable(exc) from exc
        except imaplib.IMAP4.error as exc:
            if _SMTP_GREETING.search(server_text(exc)):  # the sending port of the same host (587, 25)
                raise ImapFailure(Message("replies.imap_is_smtp", host=server.address)) from exc
            raise self._fail("replies.imap_refused", exc) from exc
        try:
            if server.security == STARTTLS:
                if "STARTTLS" not in imap.capabilities:
                    raise self._fail("replies.imap_no_starttls", "")
                try:
                    imap.starttls(ssl_context=context)
                except (ssl.SSLError, ssl.CertificateError) as exc:  # as on 993: not a dropped connection
                    raise self._tls(exc) from exc
                except _StarttlsRefused as exc:  # nothing read, not logged in: no "reading broke off"
                    raise self._fail("replies.imap_starttls_refused", str(exc)) from exc
            self._login(imap)
            _identify(imap)
        except BaseException:
            _quietly(imap)
            raise
        return imap

    def _login(self, imap: imaplib.IMAP4) -> None:
        user, password = self.server.user, self.server.password.reveal()
        if self.server.security == PLAIN and "LOGINDISABLED" in imap.capabilities:  # RFC 3501 6.2.3
            raise ImapFailure(Message("replies.imap_login_disabled", host=self.server.address))
        plain = user.isascii() and password.isascii()
        if not plain and "AUTH=PLAIN" not in imap.capabilities:  # LOGIN cannot carry it: say so, not the server's
            raise ImapFailure(Message("replies.imap_no_auth_plain", host=self.server.address, user=user))
        try:
            if plain:
                imap.login(user, password)
            else:  # LOGIN takes ASCII only; AUTHENTICATE PLAIN carries UTF-8 (RFC 4616)
                imap.authenticate("PLAIN", lambda _challenge: f"\0{user}\0{password}".encode())
        except (ssl.SSLError, ssl.CertificateError) as exc:
            raise self._tls(exc) from exc
        except imaplib.IMAP4.error as exc:
            code = response_code(server_text(exc))
            key = "replies.imap_login" if code in (None, *CREDENTIALS) else "replies.imap_login_other"
            raise self._fail(key, exc, user=user) from exc
        except OSError as exc:
            raise self._dropped(exc) from exc

    def _select(self, imap: imaplib.IMAP4) -> int:
        """Open the folder read-only; its UIDVALIDITY."""
        status, data = imap.select(mailbox_name(server_name(self.folder, *_namespace(imap))), readonly=True)
        if status != "OK":
            reason = _text(data)
            if _MISSING.search(reason):
                names = _folders(imap)
                known = Message("replies.imap_folders", names=list(names)) if names else ""
                raise self._fail("replies.imap_folder", reason, folder=self.folder, folders=known)  # (said ours)
            hint = Message("replies.imap_unsafe_login") if "unsafe login" in reason.lower() else ""
            raise self._fail("replies.imap_select_refused", reason, folder=self.folder, hint=hint)
        found = imap.response("UIDVALIDITY")[1]
        try:
            return int(_text(found[0]))
        except (TypeError, ValueError, IndexError):
            return 0

    def _uids(self, imap: imaplib.IMAP4, after: int) -> list[int]:
        criteria = [f"UID {after + 1}:*"]
        if self.since is not None:
            criteria.append("SINCE " + self.since.strftime("%d-%b-%Y"))
        status, data = imap.uid("SEARCH", *criteria)  # no charset: imaplib left out the None once passed for it
        if status != "OK":
            raise self._fail("replies.imap_refused", _text(data))
        return sorted(uid for uid in (int(t) for t in _text(data).split() if t.isdigit()) if uid > after)

    def messages(
        self, known: Known, limit: int, checkpoint: Checkpoint | None = None
    ) -> Iterator[Fetched | Passed | Seen | Missed | Quota]:
        """New messages that may hold answers (UIDs above ``checkpoint``, the ledger's for this folder, when the
        UIDVALIDITY is the same); a :class:`Seen` after each batch. When an older reader wrote the checkpoint,
        the UIDs at or below it first, marked ``relook``, then a :class:`Seen` naming this reader. First, when
        the server offers QUOTA, how full the mailbox is (:class:`Quota`). Raises :class:`ImapFailure`."""
        try:
            imap = self._connect()
            try:
                yield from self._read(imap, known, limit, checkpoint)
            finally:
                _quietly(imap)
        except (OSError, imaplib.IMAP4.abort) as exc:
            raise self._dropped(exc) from exc
        except imaplib.IMAP4.error as exc:
            raise self._fail("replies.imap_refused", exc) from exc

    def _read(
        self, imap: imaplib.IMAP4, known: Known, limit: int, checkpoint: Checkpoint | None
    ) -> Iterator[Fetched | Passed | Seen | Missed | Quota]:
        validity = self._select(imap)
        full = quota(imap)
        if full is not None:
            yield full
        same = checkpoint is not None and checkpoint.uidvalidity == validity
        after = checkpoint.uid if checkpoint is not None and same else 0
        # UIDs an older reader read (and may have passed over): looked at again, by their headers first
        earlier = after if checkpoint is not None and same and checkpoint.reader < READER else 0
        uids = self._uids(imap, after - earlier)
        reader = READER
        if earlier:
            held = yield from self._batches(imap, known, limit, validity, [u for u in uids if u <= earlier])
            if held is None:
                yield Seen(self.label, validity, after, READER)
            else:  # one below not handed over: the older reader stays on the checkpoint, and looks next run
                reader = checkpoint.reader if checkpoint is not None else 0
        yield from self._batches(imap, known, limit, validity, [u for u in uids if u > after], (after, reader))

    def _batches(
        self,
        imap: imaplib.IMAP4,
        known: Known,
        limit: int,
        validity: int,
        uids: list[int],
        checkpoint: tuple[int, int] | None = None,
    ) -> Generator[Fetched | Passed | Seen | Missed, None, int | None]:
        """The messages of ``uids``, headers first, :data:`BATCH` at a time; with ``checkpoint`` (the UID read up
        to, the reader), a :class:`Seen` after each batch, below the first UID not handed over; without, the
        messages are an older reader's, looked at again (``relook``). Returns the first UID not handed over."""
        relook = checkpoint is None
        after, reader = checkpoint or (0, READER)
        held: int | None = None  # the first UID not received: the checkpoint stays below it
        for start in range(0, len(uids), BATCH):
            batch = uids[start : start + BATCH]
            heads = self._heads(imap, batch)
            wanted = [(h.uid, h.size) for h in heads if h.size <= limit and triage(h.head, known, h.inert) == READ]
            bodies: dict[int, bytes | None] = {}
            absent: list[int] = []  # named and not handed over (headers or body)
            for head in heads:
                source = f"{self.label};UIDVALIDITY={validity};UID={head.uid}"
                verdict = triage(head.head, known, head.inert)
                if verdict != READ:
                    yield Passed(source, verdict == KNOWN, relook)
                    continue
                if head.size > limit:
                    yield Fetched(source, head.head, head.size, head.arrived, relook)
                    continue
                if head.uid not in bodies:
                    bodies = self._bodies(imap, wanted[[uid for uid, _ in wanted].index(head.uid) :])
                body = bodies.pop(head.uid, None)
                if body is None:
                    absent.append(head.uid)
                    continue
                yield Fetched(source, body, head.size, head.arrived, relook)
            received = {head.uid for head in heads}
            absent.extend(uid for uid in batch if uid not in received)
            for uid, missed in self._missed(imap, absent, validity, relook):
                held = held if missed.gone else uid if held is None else min(held, uid)
                yield missed
            if relook:
                continue
            if held is None:
                yield Seen(self.label, validity, batch[-1], reader)
            elif held - 1 > after:
                after = held - 1
                yield Seen(self.label, validity, after, reader)
        return held

    def _missed(self, imap: imaplib.IMAP4, uids: list[int], validity: int, relook: bool) -> list[tuple[int, Missed]]:
        """The messages of a batch named and not handed over, told apart with one ``NOOP`` and one
        ``UID SEARCH`` for the whole batch (:func:`_gone`; Exchange's empty answer can be all 200 of it):
        moved or deleted while we read (another mail client filing the answers: QA qaimap26 F1; a UID is never
        given again, so the checkpoint may pass it, and the line says where to look), else the server's empty
        answer (Exchange's: read again next run)."""
        if not uids:
            return []
        gone = _gone(imap, uids)
        out = []
        for uid in sorted(set(uids)):
            source = f"{self.label};UIDVALIDITY={validity};UID={uid}"
            key = "replies.imap_gone" if uid in gone else "replies.imap_no_data"
            out.append((uid, Missed(source, Message(key, uid=uid, folder=self.folder), relook, uid in gone)))
        return out

    def junk(self, addresses: list[str], since: date) -> list[tuple[str, int]]:
        """Possible answers in the server's junk folders (QA qaimap26 F5: a unit's accept filed in 垃圾邮件 was
        never hinted at): each folder the server marks ``\\Junk`` (RFC 6154) or names 垃圾邮件 / Junk / Spam
        / Junk E-mail, other than the one read, and how many of its mails came from one of ``addresses``
        since ``since`` (the campaign's first send). Opened read-only and searched only (``UID SEARCH``):
        nothing fetched, nothing marked read. Folders with none are left out; a server that refuses is
        taken to have none (this is a hint, never a reason to fail). Raises :class:`ImapFailure` only
        when the connection cannot be made."""
        wanted = sorted({a.strip() for a in addresses if a and a.isascii() and '"' not in a and "@" in a})
        if not wanted:
            return []
        try:
            imap = self._connect()
            try:
                return self._junk(imap, wanted, since)
            finally:
                _quietly(imap)
        except (OSError, imaplib.IMAP4.abort) as exc:
            raise self._dropped(exc) from exc
        except imaplib.IMAP4.error:
            return []

    def _junk(self, imap: imaplib.IMAP4, addresses: list[str], since: date) -> list[tuple[str, int]]:
        read = mailbox_name(server_name(self.folder, *_namespace(imap)))
        found = []
        for raw, name in junk_folders(imap):
            if raw == read or name == self.folder:
                continue
            status, _ = imap.select(_quoted(raw), readonly=True)
            if status != "OK":
                continue
            uids: set[int] = set()
            for start in range(0, len(addresses), 40):  # a command line of a reasonable length
                group = [f'FROM "{a}"' for a in addresses[start : start + 40]]
                criteria = ["SINCE " + since.strftime("%d-%b-%Y"), "OR " * (len(group) - 1) + " ".join(group)]
                status, data = imap.uid("SEARCH", *criteria)
                if status == "OK":
                    uids |= {int(t) for t in _text(data).split() if t.isdigit()}
            if uids:
                found.append((name, len(uids)))
        return found

    def _heads(self, imap: imaplib.IMAP4, uids: list[int]) -> list[Head]:
        """What the server says of each message it returned: size, INTERNALDATE, headers, structure."""
        query = f"(UID RFC822.SIZE INTERNALDATE BODYSTRUCTURE {_HEADERS})"
        status, data = imap.uid("FETCH", ",".join(map(str, uids)), query)
        if status != "OK":
            raise self._fail("replies.imap_refused", _text(data))
        out = []
        for item in fetch_items(data):
            head = item.literal("BODY[HEADER")
            if item.uid is not None and head is not None:
                size = re.search(r"RFC822\.SIZE (\d+)", item.meta)
                parts = body_parts(item.meta)
                inert = parts is not None and inert_parts(parts)
                out.append(Head(item.uid, int(size[1]) if size else 0, internal_date(item.meta), head, inert))
        return out

    def _bodies(self, imap: imaplib.IMAP4, wanted: list[tuple[int, int]]) -> dict[int, bytes | None]:
        """The whole messages of the first of ``wanted`` (UID, size) and of those after it, in one FETCH, as
        many as :data:`CHUNK` bytes hold; a message the answer lacks is asked for alone (:meth:`_body`)."""
        chunk: list[int] = []
        total = 0
        for uid, size in wanted:
            if chunk and total + size > CHUNK:
                break
            chunk.append(uid)
            total += size
        status, data = imap.uid("FETCH", ",".join(map(str, chunk)), "(UID BODY.PEEK[])")
        if status != "OK":
            raise self._fail("replies.imap_refused", _text(data))
        found: dict[int, bytes | None] = {}
        for item in fetch_items(data):
            body = item.literal("BODY[]")
            if item.uid in chunk and body is not None:
                found[item.uid] = body
        for uid in chunk:
            if uid not in found:
                found[uid] = self._body(imap, uid)
        return found

    def _body(self, imap: imaplib.IMAP4, uid: int) -> bytes | None:
        """The whole message; ``None`` when the server answered without it (Exchange does, for some meeting
        mails it cannot convert): asked once more as its header and text, which some servers do send."""
        for query in ("(UID BODY.PEEK[])", "(UID BODY.PEEK[HEADER] BODY.PEEK[TEXT])"):
            status, data = imap.uid("FETCH", str(uid), query)
            if status != "OK":
                raise self._fail("replies.imap_dropped", _text(data))
            for item in fetch_items(data):
                if item.uid in (uid, None) and item.literals:
                    return b"".join(item.literals)
        return None


@dataclass(frozen=True)
class Head:
    """A message as the header FETCH gives it: ``inert`` when its BODYSTRUCTURE holds no part that may
    carry calendar data (:func:`~scheduler.replies.mime.inert_parts`)."""

    uid: int
    size: int
    arrived: datetime | None
    head: bytes
    inert: bool


@dataclass
class FetchItem:
    """One FETCH response: its text outside the literals (``meta``, where ``UID n`` may stand anywhere),
    and its literals in order."""

    meta: str
    literals: list[bytes] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    def literal(self, item: str) -> bytes | None:
        """The literal of the data item whose name starts with ``item`` (``BODY[HEADER``, ``BODY[]``)."""
        for label, data in zip(self.labels, self.literals, strict=True):
            if label[label.rfind("BODY[") :].startswith(item):
                return data
        return None

    @property
    def uid(self) -> int | None:
        found = re.search(r"(?:^|[ (])UID (\d+)", self.meta)
        return int(found[1]) if found else None


_RESPONSE_START = re.compile(r"\d+ \(")


def fetch_items(data: list[object]) -> list[FetchItem]:
    """The FETCH responses in what :mod:`imaplib` returns: ``(b'1 (UID 1 BODY[] {81}', literal)`` then the
    rest of the response (``b')'``, or ``b' UID 1)'``: RFC 3501 sets no order for the data items, and Exchange
    and mail.ru put the UID after the literal), or ``b'1 (UID 1 FLAGS ())'`` for a response without one."""
    out: list[FetchItem] = []
    for entry in data:
        if isinstance(entry, tuple) and len(entry) == 2:
            text = _text(entry[0])
            if _RESPONSE_START.match(text) or not out:
                out.append(FetchItem(text))
            else:
                out[-1].meta += " " + text
            out[-1].literals.append(bytes(entry[1]))
            out[-1].labels.append(text)
        elif isinstance(entry, bytes):
            text = _text(entry)
            if _RESPONSE_START.match(text):
                out.append(FetchItem(text))
            elif out:
                out[-1].meta += " " + text
    return out


_TOKEN = re.compile(r'\(|\)|"(?:[^"\\]|\\.)*"|\{\d+\}|[^\s()"]+')
Node = str | None | list["Node"]


def body_parts(meta: str) -> list[tuple[str, list[str]]] | None:
    """The leaf parts a FETCH response's ``BODYSTRUCTURE`` names (RFC 3501 7.4.2): each part's content type
    and the file names its ``name`` and ``filename`` parameters give; ``None`` when there is no
    BODYSTRUCTURE or it cannot be read here (a literal in it, RFC 2231 names, a broken list)."""
    at = re.search(r"BODYSTRUCTURE \(", meta)
    if at is None:
        return None
    stack: list[list[Node]] = [[]]
    for token in _TOKEN.findall(meta, at.end() - 1):
        if token == "(":
            stack.append([])
        elif token == ")":
            if len(stack) < 2:
                return None
            done = stack.pop()
            stack[-1].append(done)
            if len(stack) == 1:
                break
        elif token.startswith("{"):
            return None  # a literal inside: the text around it is not here
        elif token.startswith('"'):
            stack[-1].append(re.sub(r"\\(.)", r"\1", token[1:-1]))
        else:
            stack[-1].append(None if token.upper() == "NIL" else token)
    if len(stack) != 1 or not stack[0] or not isinstance(stack[0][0], list):
        return None
    parts: list[tuple[str, list[str]]] = []
    return parts if _leaves(stack[0][0], parts) else None


def _leaves(node: list[Node], out: list[tuple[str, list[str]]]) -> bool:
    if node and isinstance(node[0], list):  # multipart: the parts, then the subtype and extensions
        for child in node:
            if not isinstance(child, list):
                return True
            if not _leaves(child, out):
                return False
        return True
    if len(node) < 2 or not isinstance(node[0], str) or not isinstance(node[1], str):
        return False
    names: list[str] = []
    if not _names(node[2:], names):
        return False
    out.append((f"{node[0]}/{node[1]}".lower(), names))
    return True


def _names(nodes: list[Node], out: list[str]) -> bool:
    """The ``name``/``filename`` values in parameter lists at any depth of a part, RFC 2231 ones
    (``filename*=utf-8''…``, in pieces ``filename*0*``, ``filename*1*``…) put together and decoded; ``False``
    when one cannot be."""
    pieces: dict[str, list[tuple[int, str, str]]] = {}
    for index, item in enumerate(nodes):
        if isinstance(item, list):
            if not _names(item, out):
                return False
            continue
        value = nodes[index + 1] if index % 2 == 0 and index + 1 < len(nodes) else None
        found = re.fullmatch(r"(name|filename)(?:\*(\d+))?(\*?)", item or "", re.IGNORECASE)
        if found and isinstance(value, str):
            pieces.setdefault(found[1].lower(), []).append((int(found[2] or 0), found[3], value))
    for parts in pieces.values():
        parts.sort()
        text = "".join(value for _, _, value in parts)
        if parts[0][1]:  # charset'language'percent-encoded
            try:
                charset, _, encoded = text.split("'", 2) if text.count("'") >= 2 else ("", "", text)
                text = unquote_to_bytes(encoded).decode(charset or "ascii")
            except (LookupError, UnicodeError, ValueError):
                return False
        out.append(text)
    return True


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_INTERNALDATE = re.compile(r'INTERNALDATE "\s?(\d{1,2})-(\w{3})-(\d{4}) (\d\d):(\d\d):(\d\d) ([+-]\d\d)(\d\d)"')


def internal_date(meta: str) -> datetime | None:
    """The INTERNALDATE a FETCH response names (RFC 3501: ``INTERNALDATE "17-Jul-1996 02:44:25 -0700"``: when
    the server received the message), aware; ``None`` when it names none that can be read."""
    found = _INTERNALDATE.search(meta)
    if found is None or found[2].lower() not in _MONTHS:
        return None
    day, _, year, hour, minute, second, zone_hours, zone_minutes = found.groups()
    minutes = int(zone_hours) * 60 + (int(zone_minutes) if zone_hours[0] == "+" else -int(zone_minutes))
    try:
        at = datetime(int(year), _MONTHS.index(found[2].lower()) + 1, int(day), int(hour), int(minute), int(second))
        return at.replace(tzinfo=timezone(timedelta(minutes=minutes)))
    except ValueError:
        return None


def server_name(folder: str, prefix: str, separator: str | None) -> str:
    """``folder`` as written for ``replies`` (``上级/下级``) in the server's terms: its hierarchy separator
    (``.`` on Courier, Cyrus and hosting Dovecots) and the personal namespace's prefix (``INBOX.``) added
    when the name does not start with it; ``INBOX`` itself, and a name on a server without a hierarchy,
    stay as typed."""
    if folder.upper() == "INBOX" or not separator:
        return folder
    name = folder
    if separator != "/":
        parts = [part for part in folder.split("/") if part]
        if parts and parts[0].upper() == "INBOX":
            parts[0] = "INBOX"
        name = separator.join(parts)
    if prefix and not (name + separator).upper().startswith(prefix.upper()):
        name = prefix + name
    return name


_QUOTED = r'"((?:[^"\\]|\\.)*)"'
_PERSONAL = re.compile(r"^\(\(" + _QUOTED + r" (?:" + _QUOTED + r"|NIL)")
_LISTED = re.compile(r"^\([^)]*\) (?:" + _QUOTED + r"|NIL)")


def _namespace(imap: imaplib.IMAP4) -> tuple[str, str | None]:
    """The personal namespace's prefix and the hierarchy separator (RFC 2342 ``NAMESPACE``, asked without
    looking at the capabilities, which many servers name only after the login; else ``LIST "" ""``);
    ``("", "/")`` when the server says neither."""
    for ask, pattern in ((imap.namespace, _PERSONAL), (lambda: imap.list('""', '""'), _LISTED)):
        try:
            status, data = ask()
        except imaplib.IMAP4.error:
            continue
        found = pattern.match(_text(data[0])) if status == "OK" and data and data[0] else None
        if found:
            return ("", found[1]) if pattern is _LISTED else (found[1], found[2])
    return "", "/"


_LIST_LINE = re.compile(r'^\(([^)]*)\) (?:"(?:[^"\\]|\\.)*"|NIL) (.+)$')


def _folders(imap: imaplib.IMAP4, most: int = 12) -> list[str]:
    """The folders the server lists that can be opened (INBOX first, then by name, the first ``most``), decoded,
    to name beside a folder that is not there; none when the server does not say."""
    try:
        status, data = imap.list()
    except imaplib.IMAP4.error:
        return []
    names = []
    for entry in data if status == "OK" else []:
        found = _LIST_LINE.match(_text(entry)) if isinstance(entry, bytes) else None
        if found and "\\noselect" not in found[1].lower():
            raw = found[2]
            if raw.startswith('"') and raw.endswith('"'):
                raw = re.sub(r"\\(.)", r"\1", raw[1:-1])
            names.append(from_modified_utf7(raw))
    names.sort(key=lambda name: (name.upper() != "INBOX", name))
    return names[:most] + (["…"] if len(names) > most else [])


_MISSING = re.compile(r"\[NONEXISTENT\]|n[o']t exist|nonexistent|no such|unknown mailbox|not found", re.IGNORECASE)
"""What servers say when a folder is not there (anything else refusing SELECT is not about its name)."""


_JUNK_NAMES = {"垃圾邮件", "junk", "spam", "junk e-mail", "junk email"}
"""Junk folders' names on servers that do not mark them ``\\Junk`` (QQ, 163, Foxmail's local names)."""


def junk_folders(imap: imaplib.IMAP4) -> list[tuple[str, str]]:
    """The folders the server marks ``\\Junk`` (RFC 6154 special use, in ``LIST``) or names as junk (its last
    part, any case): each as the server names it and decoded; none when the server does not list them."""
    try:
        status, data = imap.list()
    except imaplib.IMAP4.error:
        return []
    out = []
    for entry in data if status == "OK" else []:
        found = _LIST_LINE.match(_text(entry)) if isinstance(entry, bytes) else None
        if not found or "\\noselect" in found[1].lower():
            continue
        raw = found[2]
        if raw.startswith('"') and raw.endswith('"'):
            raw = re.sub(r"\\(.)", r"\1", raw[1:-1])
        name = from_modified_utf7(raw)
        last = re.split(r"[/.]", name)[-1].strip().lower()
        if "\\junk" in found[1].lower() or last in _JUNK_NAMES:
            out.append((raw, name))
    return out


def _quoted(name: str) -> str:
    """A mailbox name quoted for a command (imaplib quotes only names with spaces, and not their quotes)."""
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _identify(imap: imaplib.IMAP4) -> None:
    """Say who we are (RFC 2971 ``ID``) when the server offers it: NetEase (163, 126, yeah.net) refuses
    ``SELECT`` with "Unsafe Login" to a client that has not; other servers just answer it."""
    if "ID" not in imap.capabilities:
        return
    from importlib.metadata import PackageNotFoundError, version

    try:
        ours = version("docking-scheduler")
    except PackageNotFoundError:  # a checkout used without installing it
        ours = "0+unknown"
    with contextlib.suppress(imaplib.IMAP4.error):
        imap.xatom("ID", f'("name" "docking-scheduler" "version" "{ours}")')


_RESOURCES = re.compile(r"\(((?:\s*[A-Za-z-]+\s+\d+\s+\d+)+)\s*\)")


def quota(imap: imaplib.IMAP4) -> Quota | None:
    """How full the mailbox that receives the answers is (``GETQUOTAROOT INBOX``, RFC 2087/9208), when the
    server offers ``QUOTA``: its fullest resource (STORAGE in KB, or MESSAGE); ``None`` when it offers none,
    names no limit, or refuses (nothing is said then: a server without quotas is the usual case)."""
    try:  # asked again: a server names its plugins' capabilities only after the login (Dovecot)
        status, offered = imap.capability()
        if status != "OK" or not re.search(r"\bQUOTA\b", _text(offered).upper()):
            return None
        status, data = imap.getquotaroot("INBOX")
    except imaplib.IMAP4.error:
        return None
    if status != "OK" or len(data) < 2:
        return None
    found: list[Quota] = []
    for entry in data[1] or []:
        for group in _RESOURCES.findall(_text(entry)):
            words = group.split()
            for at in range(0, len(words) - 2, 3):
                name, used, most = words[at].upper(), int(words[at + 1]), int(words[at + 2])
                if most > 0:
                    found.append(Quota(name, used, most))
    return max(found, key=lambda q: q.share) if found else None


def _gone(imap: imaplib.IMAP4, uids: list[int]) -> set[int]:
    """Those of ``uids`` no longer in the open folder (expunged by another session: moved to another folder
    or deleted), in two commands whatever their number. ``NOOP`` first lets the server report the expunges
    it holds back; a server that does not answer the search is taken to still have them all (the safe
    side: read again next run)."""
    with contextlib.suppress(imaplib.IMAP4.error):
        imap.noop()
    try:
        status, data = imap.uid("SEARCH", "UID " + ",".join(map(str, sorted(set(uids)))))
    except imaplib.IMAP4.error:
        return set()
    if status != "OK":
        return set()
    there = {int(t) for t in _text(data).split() if t.isdigit()}
    return set(uids) - there


def _quietly(imap: imaplib.IMAP4) -> None:
    with contextlib.suppress(OSError, imaplib.IMAP4.error, socket.timeout):
        imap.logout()
