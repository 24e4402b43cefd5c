"""Certificate checks for the mail and mailbox servers: as a browser does them, plus an office's own CA.

One place for ``send --cafile``, ``replies --cafile`` and the page's CA field, so that each accepts
the same files (PEM, with whatever text a tool wrote around the certificates) and refuses the others
with the same line.
"""

from __future__ import annotations

import ssl
from pathlib import Path

from scheduler.errors import InputError
from scheduler.text.messages import Message


def tls_context(cafile: str | Path | None, shown: str | None = None, column: str | None = "--cafile") -> ssl.SSLContext:
    """Certificate checks as a browser does them; ``cafile`` adds a CA (or a server's own certificate).

    A file that cannot be used is an :class:`~scheduler.errors.InputError` naming it (``shown``: as
    the user knows it, else its path) and ``column`` (what gave it: the option, by default)."""
    try:
        return ssl.create_default_context(cafile=None if cafile is None else str(cafile))
    except (OSError, ssl.SSLError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise InputError(Message("input.unreadable", reason=reason), shown or str(cafile), column=column) from exc
