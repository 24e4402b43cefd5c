"""Certificate checks for the mail and mailbox servers: as a browser does them, plus an office's own CA.

One place for ``send --cafile``, ``replies --cafile`` and the page's CA field, so that each accepts
the same files (PEM, with whatever text a tool wrote around the certificates) and refuses the others
with the same line.
"""

from __future__ import annotations

import ssl
from pathlib import Path

from scheduler.errors import InputError
from scheduler.files.reasons import file_reason
from scheduler.text.messages import Message


def tls_context(cafile: str | Path | None, shown: str | None = None, column: str | None = "--cafile") -> ssl.SSLContext:
    """Certificate checks as a browser does them; ``cafile`` adds a CA (or a server's own certificate).

    A file that cannot be used is an :class:`~scheduler.errors.InputError` naming it (``shown``: as
    the user knows it, else its path) and ``column`` (what gave it: the option, by default)."""
    try:
        return ssl.create_default_context(cafile=None if cafile is None else str(cafile))
    except (OSError, ssl.SSLError) as exc:
        reason = (getattr(exc, "strerror", None) or str(exc)) if isinstance(exc, ssl.SSLError) else file_reason(exc)
        raise InputError(Message("input.unreadable", reason=reason), shown or str(cafile), column=column) from exc


_PLAIN_ANSWERS = frozenset({"WRONG_VERSION_NUMBER", "UNKNOWN_PROTOCOL", "RECORD_LAYER_FAILURE", "HTTP_REQUEST"})
"""OpenSSL's reasons for a handshake answered by something that is not TLS: a plain greeting."""


def answered_in_clear(exc: BaseException) -> bool:
    """Whether a TLS handshake failed because the server spoke in clear text (an SMTP or IMAP greeting on a
    port that is not TLS from the first byte): the line says to drop implicit TLS, not to add a CA."""
    return getattr(exc, "reason", None) in _PLAIN_ANSWERS
