"""Who may talk to the app, and how: the host check, CSRF tokens, the password, upload limits.

* **Host.** A request must name this server as its ``Host``, with its port: the
  address it listens on; 127.0.0.1, localhost and ::1 when that is this machine
  (loopback, or every address: ``0.0.0.0``, ``::``); any IP address when it listens
  on every address; and the names given with ``--host-name``. A page elsewhere
  that points a name it controls at the server's address (DNS rebinding) is
  refused, on this machine and beyond it alike: an IP address in ``Host`` cannot
  be rebound, a name can.
* **CSRF.** Every request that changes something carries the page's token, in
  the ``X-CSRF-Token`` header (or a ``csrf`` form field for downloads that write);
  a page of another site cannot read it. When a browser sends ``Origin``, it
  must be this server's.
* **Access secret.** ``serve`` makes a secret for each run (:attr:`Guard.access`) and prints the
  page's address with it (``http://127.0.0.1:PORT/?token=…``), as Jupyter does: the page is for the
  one who started the server, not for every account of a computer several people log in to (QA
  qasec23 F3: any local account read the project and moved units). The first visit with it sets
  the signed, HttpOnly, SameSite=Strict session cookie and goes on to the address without it;
  every request but the feeds (their own secret) and the page's script and style needs that cookie.
  A library user's :func:`~scheduler.web.app.create_app` without one is open to this machine, as before.
* **Password.** Beyond this machine (``--host``) a password is required: asked
  once when the server starts, never stored; a signed, HttpOnly, SameSite=Strict
  session cookie remembers the login for the browser's session. Failed logins are
  counted per client address (:class:`Logins`): after :data:`FREE_TRIES` the client
  waits, twice as long after each further failure (up to :data:`MAX_WAIT`), and
  is answered 429 with ``Retry-After`` meanwhile. Nothing sleeps in a request
  thread, so the clerk's own pages are never held up by someone guessing.
* **Uploads.** At most :data:`MAX_UPLOAD` bytes per request (the framework
  refuses more before reading it); a table must be CSV/text or an ``.xlsx``
  workbook by its content, whatever its name says.
"""

from __future__ import annotations

import hmac
import ipaddress
import math
import secrets
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field

MAX_UPLOAD = 64 * 1024 * 1024
"""Bytes a request may carry: more than the rules file ``solve --out`` writes for 5,000 units with 40% of
their half-days unavailable (19 MB, one ``[[unavailable]]`` a unit: 8 MB refused it, QA qabig25 F9); the
table itself is far below. A larger upload is refused naming the file (the page checks before sending) and
the way round: ``serve TABLE`` reads the files from disk."""
LOCAL_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")
EVERY_ADDRESS = ("0.0.0.0", "::", "[::]", "")
"""What ``--host`` names to listen on every address of the machine (this one too)."""
FREE_TRIES = 5
"""Failed logins a client may make before it has to wait (a typo or two, a forgotten Caps Lock)."""
FIRST_WAIT = 2.0
"""Seconds the first failure past :data:`FREE_TRIES` costs; each further one doubles it."""
MAX_WAIT = 300.0
"""The longest wait between two tries: at most about 300 guesses a day per client address."""
CLIENTS_KEPT = 10_000
"""Client addresses whose failures are remembered at once (the oldest forgotten first)."""


def is_local(host: str) -> bool:
    """Whether listening on ``host`` keeps the app on this machine."""
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_address(name: str) -> bool:
    """Whether a ``Host`` name is an IP address (``192.0.2.10``, ``[2001:db8::1]``), not a name DNS answers."""
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


class Logins:
    """Failed logins per client address, and how long each must wait before its next try.

    Thread-safe; nothing here sleeps: a client that must wait is told so (:meth:`wait`), and the
    request is answered at once. A success forgets the client's failures."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._failed: dict[str, tuple[int, float]] = {}  # client -> (failures, may try again at)

    def wait(self, client: str) -> int:
        """Whole seconds ``client`` must still wait before its next try (0: it may try now)."""
        with self._lock:
            _, until = self._failed.get(client, (0, 0.0))
        return max(0, math.ceil(until - self._clock()))

    def failed(self, client: str) -> int:
        """Count a failure of ``client``; the whole seconds it must now wait (0 within :data:`FREE_TRIES`)."""
        with self._lock:
            count = self._failed.pop(client, (0, 0.0))[0] + 1
            over = count - FREE_TRIES
            pause = 0.0 if over <= 0 else min(MAX_WAIT, FIRST_WAIT * 2 ** min(over - 1, 32))
            self._failed[client] = (count, self._clock() + pause)  # the newest last: the oldest go first
            while len(self._failed) > CLIENTS_KEPT:
                del self._failed[next(iter(self._failed))]
        return math.ceil(pause)

    def succeeded(self, client: str) -> None:
        """Forget ``client``'s failures."""
        with self._lock:
            self._failed.pop(client, None)


@dataclass
class Guard:
    """The server's secrets for one run: the CSRF token and, beyond this machine, the password;
    ``names`` the host names (besides its addresses) the server may be called by (``--host-name``)."""

    host: str
    port: int = 0
    password: str | None = field(default=None, repr=False)
    names: tuple[str, ...] = ()
    reachable: tuple[str, ...] = ()
    """This machine's addresses on its networks when it listens on every address (:func:`lan_addresses`):
    the feeds' addresses use the first when the page was opened by a name of this machine only."""
    access: str | None = field(default=None, repr=False)
    """The run's secret in the address ``serve`` prints (the module's docstring); ``None``: none asked."""
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    session_key: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)
    logins: Logins = field(default_factory=Logins, repr=False)

    @property
    def needs_login(self) -> bool:
        return self.password is not None

    @property
    def cookie_name(self) -> str:
        """The session cookie's name, this server's port in it: a browser keeps one cookie of a name for a
        host whatever the port (RFC 6265 §8.5), so two projects served on two ports would otherwise take
        each other's session (a tab of the first refused at its next call once the second was opened)."""
        return f"docking_session_{self.port}" if self.port else "docking_session"

    @property
    def closed(self) -> bool:
        """Whether a request needs the session (a login, or the run's access secret) before it is served."""
        return self.password is not None or self.access is not None

    def access_ok(self, given: str | None) -> bool:
        """Whether ``given`` is the run's access secret."""
        return (
            self.access is not None and given is not None and hmac.compare_digest(given.encode(), self.access.encode())
        )

    def host_allowed(self, header: str | None) -> bool:
        """Whether a request's ``Host`` header names this server: its port, and one of the names and
        addresses it answers by (the module's docstring)."""
        if not header:
            return False
        name, _, port = header.rpartition(":") if not header.endswith("]") else (header, "", "")
        if not name:
            name, port = header, ""
        if port and self.port and port != str(self.port):
            return False
        name = name.lower().rstrip(".")
        if name in {n.lower().rstrip(".") for n in self.names}:
            return True
        everywhere = self.host in EVERY_ADDRESS
        if (everywhere or is_local(self.host)) and name in LOCAL_NAMES:
            return True
        if everywhere:
            return is_address(name)
        own = self.host.lower()
        return name in (own, f"[{own}]")

    def base_url(self, host_url: str, header: str | None) -> str:
        """The address other computers reach this server by, for the feeds' addresses: ``host_url`` (the
        name the browser used), unless that is a name of this machine only (127.0.0.1, localhost) while
        the server listens on every address: then this machine's first network address, with the port
        (QA qaweb21 F5: every unit was handed ``http://127.0.0.1:PORT/feed/…``, its own computer)."""
        name = (header or "").rpartition(":")[0] if not (header or "").endswith("]") else header or ""
        if self.host in EVERY_ADDRESS and self.reachable and (name or header or "").lower() in LOCAL_NAMES:
            first = self.reachable[0]
            return f"http://{'[' + first + ']' if ':' in first else first}:{self.port}"
        return host_url.rstrip("/")

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


def lan_addresses() -> tuple[str, ...]:
    """This machine's IPv4 addresses on its networks (not loopback, not link-local), the one its default
    route leaves by first: what another computer of the office types to reach a server listening on
    ``0.0.0.0``. Asked of the system only (a UDP socket "connected" sends nothing); none when it has no
    network."""
    import socket

    found: list[str] = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe, suppress(OSError):
        probe.connect(("192.0.2.1", 9))  # a documentation address: only the route is looked up
        found.append(str(probe.getsockname()[0]))
    with suppress(OSError):
        found += [str(info[4][0]) for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    usable = []
    for address in dict.fromkeys(found):
        parsed = ipaddress.ip_address(address)
        if not (parsed.is_loopback or parsed.is_link_local or parsed.is_unspecified):
            usable.append(address)
    return tuple(usable)
