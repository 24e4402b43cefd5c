"""Mailing the invites over SMTP: what to send, the server connection, and the batch with its journal.

* :func:`plan` decides, from the invites and the journal's history, which
  invites to send (never sent in this version), which were sent before, which
  cannot be mailed (no address), which would go to an address whose mail
  bounced, and which are skipped on purpose.
* :class:`SmtpTransport` talks to the server (STARTTLS, implicit TLS, or plain
  only when asked; AUTH only over TLS unless asked otherwise) and sorts every
  failure into transient (4xx, a dropped connection: retried, unless the whole
  message had reached the server), permanent (5xx: recorded, the batch goes on)
  and fatal (TLS or login refused: the batch stops).
* :func:`deliver` sends the planned messages one by one, writing the journal
  before and after each, retrying transient failures with a bounded backoff.

"Exactly once" and its limit (a crash between the server's acceptance and the
journal's ``sent`` line) are explained in docs/mail.md.
"""

from __future__ import annotations

import base64
import contextlib
import hmac
import re
import smtplib
import socket
import ssl
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Protocol

from scheduler.errors import DeliveryError, InputError
from scheduler.files.addresses import address_key
from scheduler.invites.calendar import Invite
from scheduler.mail.journal import (
    DEFERRED,
    FAILED,
    INTERRUPTED,
    QUEUED,
    SENT,
    Entry,
    History,
    Journal,
    JournalWriteError,
)
from scheduler.mail.message import MAILED, Before, Mail
from scheduler.text.messages import Message, worded

PASSWORD_VARIABLE = "DOCKING_SMTP_PASSWORD"
"""The environment variable ``send`` reads the SMTP password from (else it asks)."""
LOGIN_REFUSED = "mail.auth_refused"
"""The key of the message a batch stops with when the server refused the login for good (a 5xx to AUTH):
the user name or the password, which running again cannot fix (the CLI then says where each came from)."""
STARTTLS, SSL, PLAIN = "starttls", "ssl", "plain"
DEFAULT_PORTS = {STARTTLS: 587, SSL: 465, PLAIN: 25}

SEND, ALREADY, NO_ADDRESS, NEVER_SENT, NOT_INVITED = "send", "already", "no-address", "never-sent", "not-invited"
BOUNCED = "bounced"
PAST = "past"
"""A meeting that has started or is over: no invitation, update or cancellation is mailed for it."""


# -- the plan --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bounced:
    """Mail to an invite's address came back and the address is still the invitee's: ``address`` is the one
    that bounced, ``status`` the delivery status notification's code (``5.1.1``). The replies ledger tells
    (:mod:`scheduler.replies.bounces`)."""

    address: str
    status: str


@dataclass(frozen=True)
class Step:
    """What to do with one invite.

    ``action``: ``send``; ``already`` (this UID and SEQUENCE was sent before);
    ``no-address`` (a PUBLISH: nothing to mail); ``never-sent`` (``--only-changed``
    and the unit was never mailed); ``not-invited`` (a CANCEL for a unit that was
    never mailed the invite); ``bounced`` (it would be sent, but mail to its address
    bounced: ``bounce`` says which and how; not journaled, so it goes out once the
    address is corrected or the office allows it: then it is ``send`` with its
    ``bounce``). ``updated``: an earlier SEQUENCE was sent to this very address (to
    a new address, after the contact was corrected, the invite is an invitation: that mailbox never
    had it, and a calendar holding nothing of the UID has no SEQUENCE to compare it with).
    ``in_doubt``: an earlier run may have delivered this very message already
    (see :mod:`scheduler.mail.journal`), so sending it may make a duplicate.
    """

    invite: Invite
    action: str
    updated: bool = False
    in_doubt: bool = False
    before: Before | None = None
    """An update's last message to this address: its time and room, when the journal kept them."""
    bounce: Bounced | None = None


def plan(
    invites: Sequence[Invite],
    history: History,
    only_changed: bool = False,
    bounced: Mapping[str, Bounced] | None = None,
    allow_bounced: bool = False,
    now: datetime | None = None,
) -> list[Step]:
    """Decide for each invite; an :class:`InputError` when an invite's SEQUENCE is below one already sent.

    ``now``: an invite (a REQUEST or a CANCEL) whose meeting has started by then is ``past``, not mailed:
    a meeting over is not invited to, moved or cancelled in anyone's calendar (a row removed after the
    meeting was held is held, not cancelled).

    A message in doubt counts as possibly received: a CANCEL goes to a unit whose
    invite may have arrived, and ``--only-changed`` treats such a unit as mailed.
    ``bounced``: the live bounces by journal key; an invite that would be sent to
    such an address is ``bounced`` instead, or with ``allow_bounced`` sent all the
    same, its step keeping the ``bounce`` it passes (the journal marks its lines).
    """
    steps = []
    for invite in invites:
        if invite.method not in MAILED or not invite.attendee.address:
            steps.append(Step(invite, NO_ADDRESS))
            continue
        key = invite.journal_key
        sent = history.last_sent(key)
        if sent is not None and sent > invite.sequence:
            back = worded("mail.sequence_back", invite.shared)
            raise InputError(Message(back, unit=invite.unit, sequence=invite.sequence, sent=sent))
        state = history.state(key, invite.sequence)
        last = history.sent_entry(key)
        here = last is not None and address_key(last.to) == address_key(invite.attendee.address)
        updated = sent is not None and sent < invite.sequence and here
        before = Before(last.start, last.location) if updated and last is not None and last.start else None
        reached = history.maybe_sent(key)
        if state == SENT:
            steps.append(Step(invite, ALREADY))
        elif invite.method == "CANCEL" and not reached:
            steps.append(Step(invite, NOT_INVITED))
        elif only_changed and not reached:
            steps.append(Step(invite, NEVER_SENT))
        elif now is not None and invite.start <= now:
            steps.append(Step(invite, PAST, updated=updated))  # an update not mailed is told (review14 F12)
        elif bounced and key in bounced and not allow_bounced:
            steps.append(Step(invite, BOUNCED, bounce=bounced[key]))
        else:
            doubt = history.in_doubt(key, invite.sequence)
            bounce = bounced.get(key) if bounced else None
            steps.append(Step(invite, SEND, updated=updated, in_doubt=doubt, before=before, bounce=bounce))
    return steps


# -- the server ------------------------------------------------------------------------------


class Secret:
    """A password that never shows itself (``repr`` and ``str`` are ``***``) and hides itself in text.
    ``source`` is the environment variable it was read from, or None (typed at a prompt, or given in code):
    after a refused login the CLI says which one to check."""

    def __init__(self, value: str, source: str | None = None) -> None:
        self._value = value
        self.source = source

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def redact(self, text: str, user: str | None = None) -> str:
        """``text`` with the password replaced by ``***`` in every form a client sends it in: as it is, quoted
        (IMAP ``LOGIN``: ``\\`` and ``"`` escaped), base64 (AUTH LOGIN) and, given the ``user``, SASL PLAIN's
        base64 of ``\\0user\\0password`` (IMAP ``AUTHENTICATE PLAIN``, SMTP ``AUTH PLAIN``)."""
        value = self._value
        if not value:
            return text
        forms = {value, value.replace("\\", "\\\\").replace('"', '\\"'), base64.b64encode(value.encode()).decode()}
        if user is not None:
            forms.add(base64.b64encode(f"\0{user}\0{value}".encode()).decode())
        for form in sorted(forms, key=len, reverse=True):
            text = text.replace(form, "***")
        return text


@dataclass(frozen=True)
class Timeouts:
    """How long each wait for the server may last, in seconds: RFC 5321 4.5.3.2's per-step times.

    ``final``, the wait for the reply to the message's last dot, is the longest (10 minutes): a server
    may scan the message before it answers, and giving up there makes a message that may have arrived
    (never sent again in the same run; the next run sends it once more). ``greeting`` is short, not the
    RFC's 5 minutes: a submission server greets at once, and one that says nothing is most often an
    implicit-TLS port (465) reached without ``--ssl``.
    """

    connect: float = 30.0
    greeting: float = 30.0
    command: float = 300.0
    """EHLO, STARTTLS, AUTH, MAIL, RCPT, RSET (RFC: 5 minutes for MAIL and RCPT)."""
    data: float = 120.0
    """The reply to DATA (RFC: 2 minutes)."""
    block: float = 180.0
    """Writing the message (RFC: 3 minutes per block; here for the whole message)."""
    final: float = 600.0
    """The reply after the final dot (RFC: 10 minutes)."""

    @classmethod
    def every(cls, seconds: float) -> Timeouts:
        """The same wait at every step (``--smtp-timeout``)."""
        return cls(seconds, seconds, seconds, seconds, seconds, seconds)


@dataclass(frozen=True)
class Server:
    """Where and how to connect. ``security``: ``starttls`` (default), ``ssl`` or ``plain``.

    ``context`` verifies the server's certificate (default: the system's CAs);
    ``password`` is only used with ``user``.
    """

    host: str
    port: int | None = None
    security: str = STARTTLS
    user: str | None = None
    password: Secret | None = field(default=None, repr=False)
    context: ssl.SSLContext | None = None
    timeout: float | None = None
    """One wait for every step, or None for :class:`Timeouts`' per-step waits."""

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port or DEFAULT_PORTS[self.security]}"

    @property
    def waits(self) -> Timeouts:
        """The wait at each step: :class:`Timeouts`, or ``timeout`` at every step when it is given."""
        return Timeouts() if self.timeout is None else Timeouts.every(self.timeout)


class Failure(DeliveryError):
    """A step that did not succeed: ``transient`` (retry), permanent (record, go on) or ``fatal`` (stop).

    ``ambiguous``: the whole message had reached the server when the connection
    was lost, so it may have been accepted. Caught by :func:`deliver`, which
    records it; it reaches a caller only through a :class:`Batch`.
    """

    def __init__(
        self,
        reason: Message,
        code: int | None = None,
        reply: str = "",
        transient: bool = False,
        fatal: bool = False,
        ambiguous: bool = False,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code
        self.reply = reply
        self.transient = transient
        self.fatal = fatal
        self.ambiguous = ambiguous
        self.deferred = False
        """A 4xx to RCPT about this recipient (:data:`_RECIPIENT_FOR_NOW`: greylisting), not the server."""
        self.refusal = ""
        """A 5xx about the sender or the account, not this recipient (:func:`_about_sender`): its codes."""


class Transport(Protocol):
    """What the batch needs of a connection (a test may give its own)."""

    def open(self) -> None: ...

    def send(self, mail: Mail) -> tuple[int, str]: ...

    def close(self) -> None: ...


def _reply_text(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return " ".join(text.split())


class SmtpTransport:
    """One SMTP session at a time, reused for many messages and opened again after a drop."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self._smtp: smtplib.SMTP | None = None
        self._refused_logins = 0

    def _redact(self, text: str) -> str:
        return self.server.password.redact(text) if self.server.password is not None else text

    def _context(self) -> ssl.SSLContext:
        return self.server.context or ssl.create_default_context()

    def _response(self, code: int, reply: bytes | str) -> Failure:
        text = self._redact(_reply_text(reply))
        reason = Message("mail.server_reply", reply=f"{code} {text}")
        if 400 <= code < 500:
            return Failure(reason, code, text, transient=True)
        if code == 530:  # the server wants a login: every other message would be refused the same way
            if not self.server.user:
                reason = Message("mail.needs_login", reply=f"{code} {text}")
            return Failure(reason, code, text, fatal=True)
        return Failure(reason, code, text)

    def open(self) -> None:
        """Connect, secure the session and log in (nothing when already connected)."""
        if self._smtp is not None:
            return
        server = self.server
        host, port = server.host, server.port or DEFAULT_PORTS[server.security]
        waits = server.waits
        smtp: _Smtp | _SmtpSsl
        if server.security == SSL:
            smtp = _SmtpSsl(host, waits.greeting, timeout=waits.connect, context=self._context())
        else:
            smtp = _Smtp(host, waits.greeting, timeout=waits.connect)
        try:
            code, greeting = smtp.connect(host, port)
            if code != 220:  # what smtplib's constructor checks (connect() alone does not)
                smtp.close()
                raise smtplib.SMTPConnectError(code, greeting)
            _wait(smtp, waits.command)
        except (ssl.SSLError, ssl.CertificateError) as exc:
            if server.security == SSL and getattr(exc, "reason", None) in _PLAIN_ANSWERS:
                raise Failure(Message("mail.not_implicit_tls", host=server.address), fatal=True) from exc
            raise Failure(Message("mail.tls_failed", host=server.address, reason=_tls_reason(exc)), fatal=True) from exc
        except (OSError, smtplib.SMTPException) as exc:
            if isinstance(exc, smtplib.SMTPConnectError) and 400 <= exc.smtp_code < 500:
                # a 4xx greeting (421: busy, closing): the server answered, for now; not "cannot reach"
                raise self._response(exc.smtp_code, exc.smtp_error) from exc
            if _never(exc):  # a name that does not exist, a 5xx greeting: retrying cannot help (RFC 5321 3.1)
                reason = Message("mail.unreachable", host=server.address, reason=self._redact(_os_reason(exc)))
                raise Failure(reason, fatal=True) from exc
            if smtp.greeting_wait and isinstance(exc.__context__, TimeoutError) and server.security != SSL:
                # connected, and nothing said: a server waiting for a TLS handshake (port 465) says nothing
                reason = Message("mail.no_greeting", host=server.address, seconds=f"{waits.greeting:g}")
                raise Failure(reason, fatal=True) from exc
            reason = Message("mail.unreachable", host=server.address, reason=self._redact(_os_reason(exc)))
            raise Failure(reason, transient=True) from exc
        try:
            self._start(smtp)
        except BaseException:
            _quietly_close(smtp)
            raise
        self._smtp = smtp

    def _start(self, smtp: smtplib.SMTP) -> None:
        server = self.server
        try:
            code, reply = smtp.ehlo()
            if not 200 <= code < 300:  # a server without ESMTP (RFC 5321 4.1.4: then HELO)
                code, reply = smtp.helo()
                if code != 250:
                    raise smtplib.SMTPHeloError(code, reply)
            if server.security == STARTTLS:
                if not smtp.has_extn("starttls"):
                    raise Failure(Message("mail.no_starttls", host=server.address), fatal=True)
                smtp.starttls(context=self._context())
                smtp.ehlo()
            if server.user:
                self._login(smtp)
        except Failure:
            raise
        except smtplib.SMTPNotSupportedError as exc:
            raise Failure(Message("mail.no_auth"), fatal=True) from exc
        except (ssl.SSLError, ssl.CertificateError) as exc:
            raise Failure(Message("mail.tls_failed", host=server.address, reason=_tls_reason(exc)), fatal=True) from exc
        except smtplib.SMTPResponseException as exc:
            failure = self._response(exc.smtp_code, exc.smtp_error)
            failure.fatal = not failure.transient
            raise failure from exc
        except (OSError, smtplib.SMTPException) as exc:
            reason = Message("mail.disconnected", reason=self._redact(_os_reason(exc)))
            raise Failure(reason, transient=True) from exc

    def _login(self, smtp: smtplib.SMTP) -> None:
        """AUTH. Nothing the server says in answer is ever shown or kept: a server may echo the
        credentials back (in any encoding), so a refusal is told by its codes alone."""
        server = self.server
        assert server.user is not None
        try:
            _login(smtp, server.user, server.password.reveal() if server.password else "")
        except NoCommonLogin as exc:
            offered = " ".join(exc.offered)
            raise Failure(Message("mail.no_common_login", offered=offered, known=" ".join(LOGINS)), fatal=True) from exc
        except smtplib.SMTPNotSupportedError as exc:
            raise Failure(Message("mail.no_auth"), fatal=True) from exc
        except smtplib.SMTPResponseException as exc:
            codes = _codes_only(exc.smtp_code, exc.smtp_error)
            self._refused_logins += 1
            if 400 <= exc.smtp_code < 500 and self._refused_logins == 1:  # once more, after the batch's pause
                raise Failure(Message("mail.auth_failed", reply=codes), transient=True) from exc
            # a 5xx, or a second 4xx (many servers say 454 to a wrong password): no more tries in this run,
            # each one counts against the mailbox, and many servers lock it after about five
            raise Failure(Message(LOGIN_REFUSED, reply=codes), fatal=True) from exc
        except smtplib.SMTPException as exc:  # no mechanism both sides know; smtplib's own words, no reply
            if isinstance(exc, smtplib.SMTPServerDisconnected):
                raise Failure(Message("mail.disconnected", reason="AUTH"), transient=True) from exc
            raise Failure(Message("mail.no_auth"), fatal=True) from exc

    def send(self, mail: Mail) -> tuple[int, str]:
        """Hand ``mail`` to the server: its reply to the message, or a :class:`Failure`."""
        self.open()
        smtp = self._smtp
        assert smtp is not None
        if mail.smtputf8 and not smtp.has_extn("smtputf8"):
            raise Failure(Message("mail.no_smtputf8"))
        options = ["SMTPUTF8", "BODY=8BITMIME"] if mail.smtputf8 else []
        data = _dot_stuffed(mail.data)
        if smtp.has_extn("size"):  # RFC 1870: a server that takes less refuses at MAIL, before the upload
            options.append(f"SIZE={len(data)}")
        waits = self.server.waits
        whole = False  # whether the end of the message has gone out
        try:
            _wait(smtp, waits.command)
            code, reply = smtp.mail(mail.sender, options)
            if code != 250:
                raise self._refused("MAIL", code, reply)
            code, reply = smtp.rcpt(mail.recipient)
            if code not in (250, 251):
                failure = self._refused("RCPT", code, reply)
                failure.deferred = failure.transient and bool(_RECIPIENT_FOR_NOW.match(failure.reply))
                raise failure
            _wait(smtp, waits.data)
            code, reply = smtp.docmd("DATA")
            if code != 354:
                raise self._refused("DATA", code, reply)
            _wait(smtp, waits.block)
            smtp.send(data)
            whole = True
            _wait(smtp, waits.final)
            code, reply = smtp.getreply()
            if code != 250:
                raise self._refused("DATA", code, reply)
            return code, self._redact(_reply_text(reply))
        except Failure as failure:
            if failure.code == 421:
                self.close()
            else:
                self._reset()
            raise
        except (OSError, smtplib.SMTPException) as exc:  # a dropped connection, a timeout
            self.close()
            reason = Message("mail.disconnected", reason=self._redact(_os_reason(exc)))
            if whole:  # the server has the whole message: it may have kept it (RFC 1047)
                reason = Message("mail.unanswered", reason=reason)
            raise Failure(reason, transient=True, ambiguous=whole) from exc

    def _refused(self, stage: str, code: int, reply: bytes | str) -> Failure:
        """:meth:`_response` to a command of a transaction, marked when it is about the sender (``refusal``)."""
        failure = self._response(code, reply)
        if not failure.transient and not failure.fatal and _about_sender(stage, code, failure.reply):
            failure.refusal = _codes_only(code, failure.reply)
        return failure

    def _reset(self) -> None:
        """After a refused transaction: RSET, or drop the connection if even that fails."""
        if self._smtp is None:
            return
        try:
            code, _ = self._smtp.rset()
            if code != 250:
                self.close()
        except (OSError, smtplib.SMTPException):
            self.close()

    def close(self) -> None:
        if self._smtp is not None:
            _quietly_close(self._smtp)
            self._smtp = None


class _Greeted:
    """smtplib's connection with its own wait for the greeting (``greeting`` seconds once connected);
    ``greeting_wait`` tells whether a failure came while waiting for it."""

    def __init__(self, host: str, greeting: float, **kwargs: object) -> None:
        self.greeting = greeting
        self.greeting_wait = False
        super().__init__(**kwargs)
        self._host = host  # what STARTTLS and SMTP_SSL check the certificate against (smtplib sets it only
        # from a host given to the constructor, which would connect at once, with one wait for everything)

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        sock: socket.socket = super()._get_socket(host, port, timeout)  # type: ignore[misc]
        sock.settimeout(self.greeting)
        self.greeting_wait = True
        return sock

    def getreply(self) -> tuple[int, bytes]:
        reply: tuple[int, bytes] = super().getreply()  # type: ignore[misc]
        self.greeting_wait = False
        return reply


class _Smtp(_Greeted, smtplib.SMTP):
    pass


class _SmtpSsl(_Greeted, smtplib.SMTP_SSL):
    pass


_PLAIN_ANSWERS = frozenset({"WRONG_VERSION_NUMBER", "UNKNOWN_PROTOCOL", "RECORD_LAYER_FAILURE", "HTTP_REQUEST"})
"""OpenSSL's reasons for a handshake answered by something that is not TLS: a plain SMTP greeting."""


def _never(exc: BaseException) -> bool:
    """Whether a failure to connect is for good: the server's name does not exist (DNS says so, not "try
    again"), or it greeted with a 5xx (RFC 5321 3.1: "no SMTP service here", a blocklisted address)."""
    if isinstance(exc, smtplib.SMTPConnectError):
        return 500 <= exc.smtp_code < 600
    return isinstance(exc, socket.gaierror) and exc.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", None))


def _wait(smtp: smtplib.SMTP, seconds: float) -> None:
    """Wait at most ``seconds`` for each of the server's next replies (and for each write)."""
    if smtp.sock is not None:
        smtp.sock.settimeout(seconds)


LOGINS = ("CRAM-MD5", "PLAIN", "LOGIN")
"""The AUTH mechanisms ``send`` knows, in the order it prefers them (smtplib's)."""


class NoCommonLogin(smtplib.SMTPNotSupportedError):
    """The server offers AUTH, but none of :data:`LOGINS` (``offered``: XOAUTH2 only, as Gmail or
    Microsoft 365 without basic authentication)."""

    def __init__(self, offered: Sequence[str]) -> None:
        super().__init__("no common AUTH mechanism")
        self.offered = tuple(offered)


def _login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """Log in with one mechanism, once: the first of :data:`LOGINS` the server offers. Not smtplib's
    ``login()``, which tries every mechanism both sides know in turn, so one wrong password counted two or
    three failed logins against the mailbox (many servers lock an account after about five). The user name
    and the password go as UTF-8 (RFC 4616 PLAIN, LOGIN, and CRAM-MD5's key), not ASCII only."""
    if not smtp.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError("SMTP AUTH extension not supported by server.")
    offered = (smtp.esmtp_features.get("auth") or "").upper().split()
    mechanism = next((name for name in LOGINS if name in offered), None)
    if mechanism is None:
        raise NoCommonLogin(offered)

    def b64(data: str | bytes) -> str:
        return base64.b64encode(data.encode("utf-8") if isinstance(data, str) else data).decode("ascii")

    if mechanism == "PLAIN":
        code, reply = smtp.docmd("AUTH", "PLAIN " + b64(f"\0{user}\0{password}"))
    elif mechanism == "LOGIN":
        code, reply = smtp.docmd("AUTH", "LOGIN " + b64(user))
        if code == 334:
            code, reply = smtp.docmd(b64(password))
    else:
        code, reply = smtp.docmd("AUTH", "CRAM-MD5")
        if code == 334:
            challenge = base64.b64decode(reply)
            digest = hmac.new(password.encode("utf-8"), challenge, "md5").hexdigest()
            code, reply = smtp.docmd(b64(f"{user} {digest}"))
    if code not in (235, 503):
        raise smtplib.SMTPAuthenticationError(code, reply)


_RECIPIENT_FOR_NOW = re.compile(r"4\.[127]\.\d{1,3}(?=\s|$)")
"""The enhanced status codes (RFC 3463) of a 4xx to RCPT about this recipient, not the server: address
(4.1), mailbox (4.2) or policy (4.7: greylisting, ``451 4.7.1``). ``4.3.2 system busy`` and a reply
without such a code are about the server and count toward stopping the batch."""


def _about_sender(stage: str, code: int, text: str) -> bool:
    """Whether a 5xx to ``stage`` (MAIL, RCPT, DATA) refuses the sender or the account rather than this
    recipient or this message: a policy code (RFC 3463 5.7.x: relay denied, sender not allowed) at any
    step, or any refusal of MAIL FROM but a size (552, 5.3.x). ``5.1.1 no such user`` at RCPT is not."""
    enhanced = _ENHANCED.match(text.encode("utf-8", "replace"))
    klass = enhanced[1].decode() if enhanced else ""
    if klass.startswith("5.7."):
        return True
    return stage == "MAIL" and code != 552 and not klass.startswith("5.3.")


_ENHANCED = re.compile(rb"^\s*([245]\.\d{1,3}\.\d{1,3})(?=\s|$)")


def _codes_only(code: int, reply: bytes | str) -> str:
    """``535 5.7.8``: a reply's code and its enhanced status code (RFC 3463), never its text."""
    data = reply if isinstance(reply, bytes) else str(reply).encode("utf-8", "replace")
    match = _ENHANCED.match(data)
    return f"{code} {match[1].decode()}" if match else str(code)


def _quietly_close(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()


def _dot_stuffed(data: bytes) -> bytes:
    """The message as DATA carries it (RFC 5321 4.5.2): a leading dot doubled, ended by CRLF.CRLF."""
    data = re.sub(rb"(?m)^\.", b"..", data)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    return data + b".\r\n"


def _os_reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {_reply_text(exc.smtp_error)}"
    if isinstance(exc, socket.timeout | TimeoutError):
        return "timeout"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _tls_reason(exc: BaseException) -> str:
    return getattr(exc, "verify_message", None) or getattr(exc, "reason", None) or str(exc)


# -- the batch -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Retry:
    """How transient failures are retried: ``retries`` more attempts per message, waiting
    ``first``, ``first * factor``, ... seconds (at most ``longest``); the batch stops after
    ``give_up_after`` messages in a row failed for good with transient failures, or after
    ``refused_after`` messages in a row were refused with the same 5xx about the sender or the account.
    A server busy (421, "closing the connection"; to a message or as its greeting) is waited for less:
    the batch stops at the ``busy_after``-th 421 in a row (whatever the messages), or before a wait would
    take the waits after those 421s past ``busy_for`` seconds in all (QA crash 6: ~187 s of backoff before
    it stopped)."""

    retries: int = 5
    first: float = 2.0
    factor: float = 2.0
    longest: float = 60.0
    give_up_after: int = 3
    refused_after: int = 3
    busy_after: int = 3
    busy_for: float = 30.0

    def delay(self, retry: int) -> float:
        """Seconds to wait before retry number ``retry`` (1-based)."""
        return min(self.longest, self.first * self.factor ** (retry - 1))


@dataclass(frozen=True)
class Outcome:
    """What became of one planned message.

    ``state``: ``sent``, ``failed``, ``deferred`` (put off at RCPT by greylisting: left for the next
    run at once, not retried in this one), ``interrupted`` (the run was stopped while
    delivering it) or ``not-attempted`` (the batch stopped first).
    ``transient``: a failure that may pass (a later run may succeed).
    ``doubtful``: attempts in this run that ended with the whole message at the
    server and no answer (at most one: such an attempt is not retried).
    ``doubt``: some copy of this message may have reached the server besides
    the one this outcome reports (an earlier run's, or this run's doubtful
    attempt). A ``sent`` message with ``doubt`` may arrive twice (same
    Message-ID); a failed one with ``doubt`` may have arrived after all.
    """

    mail: Mail
    state: str
    attempts: int = 0
    code: int | None = None
    reply: str = ""
    reason: Message | None = None
    transient: bool = False
    doubtful: int = 0
    doubt: bool = False
    deferred: bool = False
    """Put off at RCPT (greylisting, state ``deferred``): the server took the command and put this recipient
    off, so it does not count toward stopping the batch (``Retry.give_up_after``)."""
    refusal: str = ""
    """Refused for good about the sender or the account (relay denied, sender not allowed), not the
    recipient: the reply's codes (``550 5.7.1``), which ``Retry.refused_after`` in a row stop the batch."""


NOT_ATTEMPTED = "not-attempted"


@dataclass(frozen=True)
class Retrying:
    """A message about to be tried again: attempt ``attempt`` failed for now with ``reason``; retry
    ``attempt`` of ``retries`` comes after ``seconds``."""

    mail: Mail
    attempt: int
    retries: int
    seconds: float
    reason: Message


@dataclass
class Batch:
    """The outcomes of :func:`deliver`, and why it stopped early (``None`` if it did not).

    ``interrupted``: the run was stopped from outside (Ctrl-C, SIGTERM).
    """

    outcomes: list[Outcome] = field(default_factory=list)
    stopped: Message | None = None
    interrupted: bool = False

    def count(self, state: str) -> int:
        return sum(1 for o in self.outcomes if o.state == state)


class Interrupted(KeyboardInterrupt):
    """Ctrl-C (or SIGTERM) during :func:`deliver`, after the journal says what was in flight.

    ``batch`` holds every outcome so far (the rest ``not-attempted``); it is
    still a :class:`KeyboardInterrupt`, so a caller that does not look for it stops as before.
    """

    def __init__(self, batch: Batch) -> None:
        super().__init__("interrupted")
        self.batch = batch


class _Stop(Exception):
    """Control flow inside :func:`deliver`: the batch must stop after this outcome."""

    def __init__(self, outcome: Outcome, reason: Message) -> None:
        super().__init__(reason.key)
        self.outcome = outcome
        self.reason = reason


@dataclass
class _Busy:
    """The server's 421 answers in a row in this batch (any message, any attempt) and the seconds waited
    after them; anything else it answers (a message sent, another failure) starts the count again."""

    replies: int = 0
    waited: float = 0.0

    def heard(self, code: int | None) -> None:
        """An answer: a 421 counts, anything else resets the count."""
        if code == 421:
            self.replies += 1
        else:
            self.replies, self.waited = 0, 0.0

    def over(self, retry: Retry, attempt: int) -> bool:
        """Whether to stop rather than wait before retry ``attempt`` (:attr:`Retry.busy_after`, ``busy_for``)."""
        if not self.replies:
            return False
        return self.replies >= retry.busy_after or self.waited + retry.delay(attempt) > retry.busy_for


class _Cut(Exception):
    """Control flow inside :func:`deliver`: interrupted, with the outcome of the message in hand."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__("interrupted")
        self.outcome = outcome


def deliver(
    mails: Sequence[Mail],
    journal: Journal,
    transport: Transport,
    retry: Retry | None = None,
    sleep: Callable[[float], None] | None = None,
    progress: Callable[[Outcome], None] | None = None,
    waiting: Callable[[Retrying], None] | None = None,
) -> Batch:
    """Send ``mails`` in order, each recorded in ``journal`` before (``queued``) and after (``sent``/``failed``).

    Transient failures are retried after ``sleep(retry.delay(n))``, except a recipient put off at RCPT
    (greylisting: the server wants minutes, not seconds), recorded ``deferred`` at once for the next
    run, and an ambiguous one (the whole message reached the server, no answer came): that
    message is recorded ``failed`` with its doubt and left for the next run, which
    sends it once more and names it. Permanent failures are recorded and the
    batch goes on. The batch stops, leaving the rest ``not-attempted`` for the
    next run, when the server cannot be reached or refuses TLS or the login, or
    when ``retry.give_up_after`` messages in a row failed with transient failures (a recipient put off
    at RCPT with a 4.1, 4.2 or 4.7 code, greylisting, is not counted: the others go on),
    or when the server answered 421 (busy) ``retry.busy_after`` times in a row or its waits would pass
    ``retry.busy_for`` seconds (the message and the rest ``not-attempted``: a 421 takes nothing),
    or when the journal cannot be written (a full disk: see :func:`_unrecorded`).
    ``progress(outcome)`` is called after each message, ``waiting(retrying)`` before each pause
    before a retry. A :class:`KeyboardInterrupt`
    while a message is being delivered is recorded (``interrupted``, with its
    doubt) and raised again as :class:`Interrupted`.
    """
    retry = retry or Retry()
    if sleep is None:
        sleep = time.sleep  # looked up now, so a test can patch time.sleep
    batch = Batch()
    in_a_row = 0
    busy = _Busy()
    refusals: list[Outcome] = []  # the last messages in a row refused with the same 5xx about the sender
    try:
        for index, mail in enumerate(mails):
            try:
                outcome = _deliver_one(mail, journal, transport, retry, sleep, waiting, busy)
            except _Stop as stop:
                outcome = stop.outcome
                batch.stopped = stop.reason
            except JournalWriteError as error:  # a full disk: stop, the summary still names every copy
                outcome = _unrecorded(mail, journal.history)
                batch.stopped = Message("mail.journal_stopped", path=error.path, problem=error.message)
            except _Cut as cut:
                batch.outcomes.append(cut.outcome)
                batch.outcomes.extend(Outcome(m, NOT_ATTEMPTED) for m in mails[index + 1 :])
                batch.interrupted = True
                raise Interrupted(batch) from None
            except KeyboardInterrupt:  # between two messages (in a progress callback): nothing in flight
                batch.outcomes.extend(Outcome(m, NOT_ATTEMPTED) for m in mails[index:])
                batch.interrupted = True
                raise Interrupted(batch) from None
            else:
                if outcome.state == FAILED and outcome.transient:
                    in_a_row += 1
                elif not outcome.deferred:  # a greylisted recipient says nothing of the server either way
                    in_a_row = 0
                if in_a_row >= retry.give_up_after:
                    batch.stopped = Message("mail.gave_up", count=in_a_row)
                if outcome.refusal and refusals and refusals[-1].refusal == outcome.refusal:
                    refusals.append(outcome)
                elif not outcome.deferred:
                    refusals = [outcome] if outcome.refusal else []
                if len(refusals) >= retry.refused_after:
                    reply = f"{outcome.code} {outcome.reply}".strip()
                    batch.stopped = Message("mail.refused_sender", count=len(refusals), reply=reply)
            batch.outcomes.append(outcome)
            if progress is not None:
                try:
                    progress(outcome)
                except KeyboardInterrupt:
                    batch.outcomes.extend(Outcome(m, NOT_ATTEMPTED) for m in mails[index + 1 :])
                    batch.interrupted = True
                    raise Interrupted(batch) from None
            if batch.stopped is not None:
                batch.outcomes.extend(Outcome(m, NOT_ATTEMPTED) for m in mails[index + 1 :])
                break
    finally:
        transport.close()
    return batch


def _unrecorded(mail: Mail, history: History) -> Outcome:
    """The message whose journal line could not be written, as the journal on disk now tells the next run:
    its last durable line ``queued`` (the ``sent`` line was lost, or the ``failed`` one) makes it
    ``interrupted`` in doubt, "may have arrived", which the next run sends again and names; otherwise it
    was never handed over in this run (its ``queued`` line was the one that failed): not attempted."""
    doubt = history.in_doubt(mail.uid, mail.sequence)
    return Outcome(mail, INTERRUPTED if doubt else NOT_ATTEMPTED, doubt=doubt)


def _entry(mail: Mail) -> Entry:
    """The journal's line for ``mail`` before its state is known (the invite's time and room with it)."""
    fields = (mail.unit, mail.uid, mail.sequence, mail.method, mail.recipient, mail.message_id, "")
    return Entry(QUEUED, *fields, start=mail.start, location=mail.location, allow_bounced=mail.allow_bounced)


# Long: one message's retries are one story (send, classify the answer, wait, reconnect, record each
# step in the journal before and after); split, the journal's order would be spread over several helpers.
def _deliver_one(
    mail: Mail,
    journal: Journal,
    transport: Transport,
    retry: Retry,
    sleep: Callable[[float], None],
    waiting: Callable[[Retrying], None] | None = None,
    busy: _Busy | None = None,
) -> Outcome:
    """One message through its retries; see :func:`deliver`. Keeps the doubt of earlier runs on every line.

    An ambiguous failure is not retried in this run: the server may have kept the message, and one that
    keeps every message without answering would get one copy per retry. It is recorded failed with its
    doubt; the next run sends it once more and names it.
    """
    doubt = journal.history.in_doubt(mail.uid, mail.sequence)
    base = _entry(mail)
    busy = busy or _Busy()

    def pause(attempt: int, reason: Message) -> None:
        seconds = retry.delay(attempt)
        if waiting is not None:
            waiting(Retrying(mail, attempt, retry.retries, seconds, reason))
        if busy.replies:
            busy.waited += seconds
        sleep(seconds)

    queued = 0  # attempts that reached the server
    withdrawn = 0  # their queued lines taken back (answered 421: nothing taken)
    doubtful = 0
    attempt = 0
    in_flight = False
    try:
        while True:
            attempt += 1
            try:
                transport.open()
            except Failure as failure:
                if failure.code is not None:  # the server answered (a 4xx greeting), as to a message
                    busy.heard(failure.code)
                stop = failure.code == 421 and busy.over(retry, attempt)  # greeted 421: a busy server's cap
                if not failure.fatal and not stop and attempt <= retry.retries:
                    pause(attempt, failure.reason)
                    continue
                reason = failure.reason if failure.fatal else Message("mail.stopped", reason=failure.reason)
                reason = Message("mail.busy") if stop else reason
                if not queued:
                    outcome = Outcome(mail, NOT_ATTEMPTED, reason=failure.reason, doubt=doubt)
                    raise _Stop(outcome, reason) from failure
                entry = replace(base, attempt=attempt, code=failure.code, reply=failure.reply, doubt=doubt)
                journal.write(FAILED, entry)
                outcome = Outcome(
                    mail, FAILED, queued, failure.code, failure.reply, failure.reason, True, doubtful, doubt
                )
                raise _Stop(outcome, reason) from failure
            journal.write(QUEUED, replace(base, attempt=attempt, doubt=doubt))
            queued += 1
            in_flight = True
            try:
                code, reply = transport.send(mail)
            except Failure as failure:
                in_flight = False
                if failure.fatal and failure.code == 530 and not failure.ambiguous:
                    # the server wants a login (530 at MAIL): nothing of the message reached it, and it
                    # says nothing of this recipient; the batch stops as after a refused login (QA crash 2)
                    journal.withdraw()
                    raise _Stop(
                        Outcome(mail, NOT_ATTEMPTED, reason=failure.reason, doubt=doubt), failure.reason
                    ) from failure
                doubtful += failure.ambiguous
                doubt = doubt or failure.ambiguous
                busy.heard(failure.code)
                if failure.code == 421 and not failure.ambiguous:  # busy: it took nothing (the session's, as 530)
                    journal.withdraw()
                    withdrawn += 1
                    if busy.over(retry, attempt):
                        if queued == withdrawn:  # (an earlier attempt's other failure is recorded as it was)
                            outcome = Outcome(mail, NOT_ATTEMPTED, reason=failure.reason, doubt=doubt)
                            raise _Stop(outcome, Message("mail.busy")) from failure
                        entry = replace(base, attempt=attempt, code=failure.code, reply=failure.reply, doubt=doubt)
                        journal.write(FAILED, entry)
                        outcome = Outcome(
                            mail, FAILED, queued, failure.code, failure.reply, failure.reason, True, doubtful, doubt
                        )
                        raise _Stop(outcome, Message("mail.busy")) from failure
                if failure.deferred:  # greylisting: minutes, not our seconds of retries; the next run sends it
                    entry = replace(base, attempt=attempt, code=failure.code, reply=failure.reply, doubt=doubt)
                    journal.write(DEFERRED, entry)
                    reason = failure.reason
                    return Outcome(
                        mail, DEFERRED, queued, failure.code, failure.reply, reason, True, doubtful, doubt, True
                    )
                if failure.transient and not failure.ambiguous and attempt <= retry.retries:
                    pause(attempt, failure.reason)
                    continue
                permanent = not failure.transient
                entry = replace(
                    base, attempt=attempt, code=failure.code, reply=failure.reply, permanent=permanent, doubt=doubt
                )
                journal.write(FAILED, entry)
                outcome = Outcome(
                    mail,
                    FAILED,
                    queued,
                    failure.code,
                    failure.reply,
                    failure.reason,
                    not permanent,
                    doubtful,
                    doubt,
                    deferred=failure.deferred,
                    refusal=failure.refusal,
                )
                if failure.fatal:
                    raise _Stop(outcome, failure.reason) from failure
                return outcome
            journal.write(SENT, replace(base, attempt=attempt, code=code, reply=reply, doubt=doubt))
            busy.heard(code)
            return Outcome(mail, SENT, queued, code, reply, doubtful=doubtful, doubt=doubt)
    except KeyboardInterrupt as exc:
        if journal.history.state(mail.uid, mail.sequence) == SENT:  # stopped just after the line was written
            raise _Cut(Outcome(mail, SENT, queued, doubtful=doubtful, doubt=doubt)) from exc
        if not queued:
            raise _Cut(Outcome(mail, NOT_ATTEMPTED, doubt=doubt)) from exc
        doubt = doubt or in_flight  # handed over, or being handed over: it may have arrived
        with contextlib.suppress(JournalWriteError):  # a full disk: still Ctrl-C; the queued line keeps the doubt
            journal.write(INTERRUPTED, replace(base, attempt=attempt, doubt=doubt))
        raise _Cut(Outcome(mail, INTERRUPTED, queued, doubtful=doubtful, doubt=doubt)) from exc
