"""Who may talk to the app, and how: the host check, CSRF tokens, the password, upload limits.

* **Host.** A request must name this server as its ``Host`` (127.0.0.1, localhost
  or the address it was told to listen on, with its port). A page elsewhere that
  points a name it controls at 127.0.0.1 (DNS rebinding) is refused.
* **CSRF.** Every request that changes something carries the page's token, in
  the ``X-CSRF-Token`` header (or a ``csrf`` form field for downloads that write);
  a page of another site cannot read it. When a browser sends ``Origin``, it
  must be this server's.
* **Password.** Beyond this machine (``--host``) a password is required: asked
  once when the server starts, never stored; a signed, HttpOnly, SameSite=Strict
  session cookie remembers the login for the browser's session.
* **Uploads.** At most :data:`MAX_UPLOAD` bytes per request (the framework
  refuses more before reading it); a table must be CSV/text or an ``.xlsx``
  workbook by its content, whatever its name says.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from dataclasses import dataclass, field

MAX_UPLOAD = 8 * 1024 * 1024
"""Bytes a request may carry (a table of many thousand units is far below)."""
LOCAL_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


def is_local(host: str) -> bool:
    """Whether listening on ``host`` keeps the app on this machine."""
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass
class Guard:
    """The server's secrets for one run: the CSRF token and, beyond this machine, the password."""

    host: str
    port: int = 0
    password: str | None = field(default=None, repr=False)
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    session_key: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)

    @property
    def needs_login(self) -> bool:
        return self.password is not None

    def host_allowed(self, header: str | None) -> bool:
        """Whether a request's ``Host`` header names this server."""
        if not header:
            return False
        name, _, port = header.rpartition(":") if not header.endswith("]") else (header, "", "")
        if not name:
            name, port = header, ""
        if port and self.port and port != str(self.port):
            return False
        names = {*LOCAL_NAMES, self.host, f"[{self.host}]"}
        if not is_local(self.host):
            # beyond this machine the browser names the server as the user typed it: an address or a name
            return True
        return name in names

    def origin_allowed(self, origin: str | None, host: str | None) -> bool:
        """A browser's ``Origin`` (when sent) must be this server itself."""
        if origin is None:
            return True
        return origin in (f"http://{host}", f"https://{host}")

    def token_ok(self, token: str | None) -> bool:
        return token is not None and hmac.compare_digest(token.encode(), self.csrf.encode())

    def password_ok(self, given: str | None) -> bool:
        if self.password is None:
            return True
        return given is not None and hmac.compare_digest(given.encode(), self.password.encode())
