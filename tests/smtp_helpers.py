"""A real SMTP server in the test process (aiosmtpd on 127.0.0.1, a free port) that records what it
receives and can be told to fail: a 4xx or 5xx reply, or a dropped connection, at MAIL, RCPT or DATA;
or, instead of its 220 greeting, another line at connect (``greeting``), the connection then closed.

TLS uses a self-signed certificate made here with ``cryptography`` (for 127.0.0.1 and localhost);
AUTH (PLAIN and LOGIN) checks one user and password and, as aiosmtpd does by default, only over TLS.
"""

from __future__ import annotations

import datetime as dt
import email
import ipaddress
import socket
import ssl
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

DROP = "drop"
"""A fault that closes the connection without a reply."""
ACCEPT_THEN_DROP = "accept-then-drop"
"""At DATA: keep the message, then close the connection before replying 250 (the ambiguous case)."""
SLOW = "slow"
"""At DATA: keep the message, and answer 250 only after ``Recorder.slow`` seconds (past a client's timeout)."""


@dataclass
class DropFirstReply:
    """A fault: the first message to ``address`` is kept and its 250 never sent (:data:`ACCEPT_THEN_DROP`),
    every later one is answered as usual; ``tries`` counts the messages to ``address`` the server saw."""

    address: str
    tries: int = 0

    def __call__(self, stage: str, recorder: object, envelope: object) -> str | None:
        if stage == "DATA" and getattr(envelope, "rcpt_tos", None) == [self.address]:
            self.tries += 1
            return ACCEPT_THEN_DROP if self.tries == 1 else None
        return None


def ctrl_c_at_send(monkeypatch: object, at: int) -> Callable[..., object]:
    """Make the SMTP transport's ``send`` raise KeyboardInterrupt at its ``at``-th call (before that message
    goes); returns the real ``send``, to put back with ``monkeypatch.setattr``."""
    from scheduler.mail.smtp import SmtpTransport

    real = SmtpTransport.send
    count: list[int] = []

    def send(self: object, mail: object) -> object:
        count.append(1)
        if len(count) == at:
            raise KeyboardInterrupt
        return real(self, mail)

    monkeypatch.setattr(SmtpTransport, "send", send)  # type: ignore[attr-defined]
    return real


@dataclass(frozen=True)
class AfterStore:
    """At DATA: keep the message, call ``then()`` (kill the sender, press its Ctrl-C), then answer 250."""

    then: Callable[[], None]


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate and its key (PEM) for 127.0.0.1 and localhost, valid for a day."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "server-cert.pem", folder / "server-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


Fault = Callable[[str, "Recorder", object], str | None]
"""``fault(stage, recorder, envelope)``: ``None`` (go on), a reply such as ``"451 4.3.0 later"``,
:data:`DROP` or (at ``DATA``) :data:`ACCEPT_THEN_DROP`. Stages: ``MAIL``, ``RCPT``, ``DATA``."""


@dataclass
class Recorder:
    """The server's handler: stores every accepted message, counts every attempt by stage."""

    fault: Fault | None = None
    messages: list[tuple[str, list[str], bytes]] = field(default_factory=list)
    attempts: Counter = field(default_factory=Counter)
    logins: list[tuple[str, bool]] = field(default_factory=list)
    options: list[list[str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    slow: float = 1.0
    greeting: str | None = None
    """Said at connect instead of the 220 greeting (e.g. ``"421 4.3.2 busy"``), then the connection is
    closed; each such connection counts as an attempt at ``CONNECT``."""

    def _fault(self, stage: str, server, envelope) -> str | None:
        with self.lock:
            self.attempts[stage] += 1
            reply = self.fault(stage, self, envelope) if self.fault else None
        if reply == DROP:
            server.transport.abort()
            return "421 4.4.2 dropped"  # never reaches the client: the connection is gone
        return reply

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        reply = self._fault("MAIL", server, envelope)
        if reply:
            return reply
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self._fault("RCPT", server, envelope)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        reply = self._fault("DATA", server, envelope)
        if isinstance(reply, AfterStore):
            number = self._store(envelope)
            reply.then()
            return f"250 2.0.0 Ok: queued as Q{number:05d}"
        if reply == SLOW:
            import asyncio

            number = self._store(envelope)
            await asyncio.sleep(self.slow)
            return f"250 2.0.0 Ok: queued as Q{number:05d}"
        if reply == ACCEPT_THEN_DROP:
            self._store(envelope)
            server.transport.abort()
            return "250 never seen"
        if reply:
            return reply
        number = self._store(envelope)
        return f"250 2.0.0 Ok: queued as Q{number:05d}"

    def _store(self, envelope) -> int:
        with self.lock:
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.original_content)))
            self.options.append(list(envelope.mail_options))
            return len(self.messages)

    def parsed(self) -> list[EmailMessage]:
        return [email.message_from_bytes(data, policy=policy.default) for _, _, data in self.messages]

    def message_ids(self) -> Counter:
        return Counter(m["Message-ID"] for m in self.parsed())


class _GreetingSMTP(SMTP):
    """aiosmtpd's server, but for a recorder's :attr:`Recorder.greeting`: that line at connect, then closed."""

    async def _handle_client(self) -> None:
        recorder = self.event_handler
        greeting = recorder.greeting if isinstance(recorder, Recorder) else None
        if greeting is None:
            await super()._handle_client()
            return
        with recorder.lock:
            recorder.attempts["CONNECT"] += 1
        await self.push(greeting)
        if self.transport is not None:
            self.transport.close()


class _Controller(Controller):
    def factory(self) -> SMTP:
        return _GreetingSMTP(self.handler, **self.SMTP_kwargs)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Running:
    host: str
    port: int
    recorder: Recorder
    cafile: Path | None
    controller: Controller

    def stop(self) -> None:
        self.controller.stop()


def start_plain(recorder: Recorder, port: int) -> Running:
    """A plain server (no TLS, no AUTH) on ``port`` for an existing recorder: a server restarted."""
    controller = _Controller(recorder, hostname="127.0.0.1", port=port, enable_SMTPUTF8=True)
    controller.start()
    return Running("127.0.0.1", port, recorder, None, controller)


def start_server(
    folder: Path,
    tls: str | None = "starttls",
    user: str | None = None,
    password: str | None = None,
    fault: Fault | None = None,
    smtputf8: bool = True,
    refusal: str | None = None,
    size: int | None = None,
) -> Running:
    """An SMTP server on 127.0.0.1: ``tls`` is ``starttls``, ``ssl`` (implicit TLS) or ``None``;
    with ``user`` it offers AUTH PLAIN/LOGIN and requires it before MAIL (after STARTTLS only,
    in that mode; over implicit TLS; and, with ``tls=None``, in clear text, for --insecure-plain);
    ``refusal`` is its answer to a wrong password (default aiosmtpd's 535); ``size``: the largest message it
    takes (EHLO ``SIZE``, RFC 1870; default aiosmtpd's 32 MiB)."""
    recorder = Recorder(fault)
    cafile = None
    kwargs: dict = {"enable_SMTPUTF8": smtputf8}
    if size is not None:
        kwargs["data_size_limit"] = size
    if tls is not None:
        cert, key = make_certificate(folder)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        cafile = cert
        if tls == "ssl":
            kwargs["ssl_context"] = context
        else:
            kwargs["tls_context"] = context
            kwargs["require_starttls"] = user is not None
    if user is not None:

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
            ok = ok and auth_data.password.decode() == password
            recorder.logins.append((mechanism, ok))
            # on failure aiosmtpd answers the refusal, or 535 itself
            return AuthResult(success=ok, handled=False, message=None if ok else refusal)

        # aiosmtpd does not see implicit TLS as TLS (aio-libs/aiosmtpd#281): it would not offer AUTH
        # there. The connection is TLS from its first byte, so the check is lifted for it only.
        kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=tls == "starttls")
    port = free_port()
    controller = _Controller(recorder, hostname="127.0.0.1", port=port, server_hostname="localhost", **kwargs)
    controller.start()
    return Running("127.0.0.1", port, recorder, cafile, controller)
