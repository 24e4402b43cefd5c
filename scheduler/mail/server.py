"""Where and how to reach the SMTP server: host, port, security (STARTTLS, implicit TLS, plain), the
login and its password, which never shows itself, and how long each wait may last."""

from __future__ import annotations

import base64
import ssl
from dataclasses import dataclass, field

PASSWORD_VARIABLE = "DOCKING_SMTP_PASSWORD"
"""The environment variable ``send`` reads the SMTP password from (else it asks)."""
STARTTLS, SSL, PLAIN = "starttls", "ssl", "plain"
DEFAULT_PORTS = {STARTTLS: 587, SSL: 465, PLAIN: 25}


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
    own_ca: bool = False
    """``context`` trusts a CA file given for this server (``--cafile``, the page's CA field): a failed
    check then says so, not "give a CA file"."""

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port or DEFAULT_PORTS[self.security]}"

    @property
    def waits(self) -> Timeouts:
        """The wait at each step: :class:`Timeouts`, or ``timeout`` at every step when it is given."""
        return Timeouts() if self.timeout is None else Timeouts.every(self.timeout)
