"""Talking to the SMTP server: :class:`SmtpTransport` (STARTTLS, implicit TLS, or plain only when asked;
AUTH only over TLS unless asked otherwise) and the sorting of every failure into transient (4xx, a dropped
connection: retried, unless the whole message had reached the server), permanent (5xx: recorded, the batch
goes on) and fatal (TLS or login refused: the batch stops).

What to send is :mod:`scheduler.mail.plan`'s, where and how to connect :mod:`scheduler.mail.server`'s, the
batch and its journal :mod:`scheduler.mail.batch`'s.
"""

from __future__ import annotations

import base64
import errno
import hmac
import re
import smtplib
import socket
import ssl
from collections.abc import Sequence
from typing import Protocol

from scheduler.errors import DeliveryError
from scheduler.mail.message import Mail
from scheduler.mail.server import DEFAULT_PORTS, SSL, STARTTLS, Server
from scheduler.mail.tls import answered_in_clear
from scheduler.text.messages import Message

LOGIN_REFUSED = "mail.auth_refused"
"""The key of the message a batch stops with when the server refused the login for good (a 5xx to AUTH):
the user name or the password, which running again cannot fix (the CLI then says where each came from)."""


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
        """A 5xx about the sender or the account, not this recipient (:func:`_about_sender`): its codes; or
        about the message itself (``content``, :func:`_about_content`): its reply, ids left out."""
        self.rate_limited = False
        """A 4xx to MAIL or DATA saying "too many" (:func:`_rate_limit`): the batch waits for it as for a 421."""
        self.content = False
        """A 5xx at DATA about the message, not the recipient: a provider's spam filter (QQ, 163)."""


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
        self._reached = False
        """Whether this run has reached the server once: a refused connection before that is a wrong host
        or port (:meth:`open`), after it a server restarting."""
        self.accepted = 0
        """The messages the server took (250 to their data) in this run: a server that goes away is said
        as having done so after them (QA qaint26 F1)."""
        self.handed = False
        """Whether the end of the message in hand may have reached the server: from the moment its data
        starts to go out (the last bytes may leave in the same write) until the next message begins. A
        message cut short before (at MAIL, RCPT or DATA) cannot have arrived (:func:`~scheduler.mail.batch.deliver`
        then records no doubt)."""

    def _redact(self, text: str) -> str:
        return self.server.password.redact(text) if self.server.password is not None else text

    def _reason(self, exc: BaseException) -> Message | str:
        """Why a connection failed (:func:`os_reason`), a server's own words with the password redacted."""
        reason = os_reason(exc)
        return reason if isinstance(reason, Message) else self._redact(reason)

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
            self._reached = True
            if code != 220:  # what smtplib's constructor checks (connect() alone does not)
                smtp.close()
                raise smtplib.SMTPConnectError(code, greeting)
            _wait(smtp, waits.command)
        except (ssl.SSLError, ssl.CertificateError) as exc:
            if server.security == SSL and answered_in_clear(exc):
                raise Failure(Message("mail.not_implicit_tls", host=server.address), fatal=True) from exc
            raise Failure(tls_failure(exc, server), fatal=True) from exc
        except (OSError, smtplib.SMTPException) as exc:
            if isinstance(exc, smtplib.SMTPConnectError) and 400 <= exc.smtp_code < 500:
                # a 4xx greeting (421: busy, closing): the server answered, for now; not "cannot reach"
                raise self._response(exc.smtp_code, exc.smtp_error) from exc
            # a name that does not exist, a 5xx greeting: retrying cannot help (RFC 5321 3.1); nor a refused
            # connection before the server was ever reached: a mistyped host or port, said at once, not after a
            # minute of retries (QA qaweb24 F8); refused later, a server restarting, it is retried
            if _never(exc) or (isinstance(exc, ConnectionRefusedError) and not self._reached):
                reason = Message("mail.unreachable", host=server.address, reason=self._reason(exc))
                raise Failure(reason, fatal=True) from exc
            if smtp.greeting_wait and isinstance(exc.__context__, TimeoutError) and server.security != SSL:
                # connected, and nothing said: a server waiting for a TLS handshake (port 465) says nothing
                reason = Message("mail.no_greeting", host=server.address, seconds=f"{waits.greeting:g}")
                raise Failure(reason, fatal=True) from exc
            reason = Message("mail.unreachable", host=server.address, reason=self._reason(exc))
            if isinstance(exc, ConnectionRefusedError):  # reached before in this run: the server went away
                reason = Message("mail.gone", host=server.address, count=self.accepted)
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
            raise Failure(tls_failure(exc, server), fatal=True) from exc
        except smtplib.SMTPResponseException as exc:
            failure = self._response(exc.smtp_code, exc.smtp_error)
            failure.fatal = not failure.transient
            raise failure from exc
        except (OSError, smtplib.SMTPException) as exc:
            reason = Message("mail.disconnected", reason=self._reason(exc))
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
        self.handed = False
        self.open()
        smtp = self._smtp
        assert smtp is not None
        if mail.smtputf8 and not smtp.has_extn("smtputf8"):
            raise Failure(Message("mail.no_smtputf8"))
        options = ["SMTPUTF8", "BODY=8BITMIME"] if mail.smtputf8 else []
        data = _dot_stuffed(mail.data)
        if smtp.has_extn("size"):  # RFC 1870: a server that takes less refuses at MAIL, before the upload
            limit = _size_limit(smtp.esmtp_features.get("size", ""))
            if limit and len(data) > limit:  # known before MAIL: both sizes said, nothing asked (QA qasmtp20 F5)
                raise Failure(Message("mail.too_big", size=len(data), limit=limit))
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
            self.handed = True
            smtp.send(data)
            whole = True
            _wait(smtp, waits.final)
            code, reply = smtp.getreply()
            if code != 250:
                raise self._refused("DATA", code, reply)
            self.accepted += 1
            return code, self._redact(_reply_text(reply))
        except Failure as failure:
            if failure.code == 421:
                self.close()
            else:
                self._reset()
            raise
        except (OSError, smtplib.SMTPException) as exc:  # a dropped connection, a timeout
            self.close()
            reason = Message("mail.disconnected", reason=self._reason(exc))
            if whole:  # the server has the whole message: it may have kept it (RFC 1047)
                reason = Message("mail.unanswered", reason=reason)
            raise Failure(reason, transient=True, ambiguous=whole) from exc

    def _refused(self, stage: str, code: int, reply: bytes | str) -> Failure:
        """:meth:`_response` to a command of a transaction, marked when it is about the sender (``refusal``)."""
        failure = self._response(code, reply)
        if failure.transient:
            failure.rate_limited = code != 421 and stage in ("MAIL", "DATA") and _rate_limit(failure.reply)
            return failure
        if failure.fatal:
            return failure
        if stage == "DATA" and _about_content(code, failure.reply):
            failure.refusal, failure.content = _shape(code, failure.reply), True
        elif _about_sender(stage, code, failure.reply):
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

_RATE = re.compile(r"\brate\b|too many|frequen|limit|频率|过多|太多|频繁", re.IGNORECASE)
_GREYLIST = re.compile(r"gr[ea]y", re.IGNORECASE)


def _rate_limit(text: str) -> bool:
    """Whether a 4xx to MAIL or DATA is a rate limit (``450 4.7.1 Rate limit exceeded``, ``451 too many
    messages``): a policy code (4.7.x) or words of one (rate, too many, frequency, limit, 频率), unless it
    says greylisting (``451 4.7.1 Greylisted``: that one wants the same message again). A limiter counts
    every try, so the batch stops as it does for a busy server (``Retry.busy_after``) rather than retry
    each message five times (QA qasmtp20 F3)."""
    if _GREYLIST.search(text):
        return False
    enhanced = _ENHANCED.match(text.encode("utf-8", "replace"))
    return bool(enhanced and enhanced[1].startswith(b"4.7.")) or bool(_RATE.search(text))


_SPAM = re.compile(r"spam|\bSPM\b|junk|垃圾", re.IGNORECASE)
"""Words of a spam verdict in a reply: ``spam``, 163's ``DT:SPM``, ``junk``, ``垃圾邮件``."""


def _about_content(code: int, text: str) -> bool:
    """Whether a 5xx to DATA (the recipient already accepted at RCPT) may refuse the message itself, as a
    provider's spam filter does (QQ ``550 Mail content denied``, 163 ``554 DT:SPM …``, with no RFC 3463
    code): a reply without an enhanced code or with a content one (5.6.x), or any that names spam but a
    mailbox's (5.1.x, 5.2.x: full, disabled) or a size (552, 5.3.x). A 5.7.x without the word spam stays
    :func:`_about_sender`'s. Whether it is the content is told by the batch: the same reply for several
    recipients in a row (:class:`~scheduler.mail.batch.Retry`, ``refused_after``)."""
    enhanced = _ENHANCED.match(text.encode("utf-8", "replace"))
    klass = enhanced[1].decode() if enhanced else ""
    if code == 552 or klass.startswith(("5.1.", "5.2.", "5.3.")):
        return False
    return not klass or klass.startswith("5.6.") or bool(_SPAM.search(text))


def _shape(code: int, text: str) -> str:
    """A reply with what differs per message left out (any word with a digit: ids, times, addresses,
    links): ``554 DT:SPM # # # see #``; what "the same reply" means for :func:`_about_content`."""
    return f"DATA {code} " + re.sub(r"\S*\d\S*", "#", text)


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


def _size_limit(value: str) -> int:
    """EHLO ``SIZE``'s largest message in bytes (RFC 1870); 0: none said (``SIZE`` alone, or ``SIZE 0``)."""
    value = value.strip()
    return int(value) if value.isdigit() else 0


def _dot_stuffed(data: bytes) -> bytes:
    """The message as DATA carries it (RFC 5321 4.5.2): a leading dot doubled, ended by CRLF.CRLF."""
    data = re.sub(rb"(?m)^\.", b"..", data)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    return data + b".\r\n"


def os_reason(exc: BaseException) -> Message | str:
    """Why a connection failed (to an SMTP server, or an IMAP one: ``replies``): in the office's words
    (``mail.reason.*``, zh and en) for the failures everybody meets (refused, no such name, no route,
    reset, timed out), not the system's English text; the server's reply, or the system's text, for
    anything else."""
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {_reply_text(exc.smtp_error)}"
    if isinstance(exc, socket.timeout | TimeoutError):
        return Message("mail.reason.timeout")
    if isinstance(exc, ConnectionRefusedError):
        return Message("mail.reason.refused")
    if isinstance(exc, ConnectionResetError | ConnectionAbortedError | BrokenPipeError):
        return Message("mail.reason.reset")
    if isinstance(exc, smtplib.SMTPServerDisconnected):  # (smtplib's English, QA qaint26 F2)
        return Message("mail.reason.closed")
    if isinstance(exc, socket.gaierror):
        if exc.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", None)):
            return Message("mail.reason.no_such_name")
        if exc.errno == socket.EAI_AGAIN:
            return Message("mail.reason.name_lookup")
    if isinstance(exc, OSError) and exc.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH):
        return Message("mail.reason.no_route")
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


_EXPIRED = frozenset({9, 10})
"""OpenSSL's verify codes of a certificate not yet valid (9) or expired (10): the server's to renew."""
_WRONG_NAME = frozenset({62, 64})
"""Hostname (62) or IP address (64) mismatch: the certificate is another server's name."""
_UNKNOWN_CA = frozenset({2, 18, 19, 20, 21})
"""No issuer known (2, 20), self-signed (18, 19), cannot check the first (21): a CA file would help."""


def tls_failure(exc: BaseException, server: Server) -> Message:
    """The line for a TLS handshake that failed, with the advice that fits its cause (QA qasmtp20 F4): a CA
    file (``--cafile``) only for an issuer not known and none given; an expired certificate and a wrong
    name are the server's or ``--smtp-host``'s to mend, which no CA file changes."""
    return Message("mail." + tls_kind(exc, server.own_ca), host=server.address, reason=tls_reason(exc))


def tls_kind(exc: BaseException, own_ca: bool) -> str:
    """What a failed TLS handshake calls for, as the last part of its message's key: ``tls_expired`` (the
    server's certificate: its administrator's to renew), ``tls_wrong_name`` (another server's name: the host
    given is to change), ``tls_other_ca`` (a CA file was given, and it is not the issuer's), ``tls_failed``
    (an issuer not known: a CA file would help) or ``tls_broken`` (not the certificate's: no advice). One
    rule for SMTP (:func:`tls_failure`) and IMAP (``replies``)."""
    code = getattr(exc, "verify_code", None)
    if code in _EXPIRED:
        return "tls_expired"
    if code in _WRONG_NAME:
        return "tls_wrong_name"
    if code in _UNKNOWN_CA or (code is not None and not own_ca):
        return "tls_other_ca" if own_ca else "tls_failed"
    return "tls_broken"  # not the certificate's (a protocol the two sides do not share…)


def tls_reason(exc: BaseException) -> str:
    """A TLS failure's own words: OpenSSL's verify message, else its reason, else its text."""
    return getattr(exc, "verify_message", None) or getattr(exc, "reason", None) or str(exc)
