"""A small IMAP proxy on 127.0.0.1 in front of the test Dovecot's plain port, to imitate what other servers
send: it sees every line each way and may rewrite the server's responses or answer a command itself.

``client(line)`` gets each command line the client sends (without CRLF) and returns ``None`` to pass it
on, or bytes to answer it with (the server never sees it). ``server(lines, command)`` gets one untagged
response, or a tagged one, as a list of (line, literal) pairs (the line with its CRLF, the literal that
follows it or ``b""``) and the last command line the client sent; it returns the bytes to send instead.
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

Piece = tuple[bytes, bytes]


def _passes(pieces: list[Piece], _command: bytes) -> bytes:
    return b"".join(line + literal for line, literal in pieces)


@dataclass
class ImapProxy:
    """Listening on ``port`` (127.0.0.1) in front of ``target``; ``sent``: every line the client sent."""

    target: int
    client: Callable[[bytes], bytes | None] = lambda _line: None
    server: Callable[[list[Piece], bytes], bytes] = _passes
    sent: list[bytes] = field(default_factory=list)
    port: int = 0

    def __post_init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self._listener.close()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        upstream = socket.create_connection(("127.0.0.1", self.target))
        last = [b""]
        threading.Thread(target=self._upward, args=(conn, upstream, last), daemon=True).start()
        reader = upstream.makefile("rb")
        try:
            while True:
                pieces: list[Piece] = []
                while True:
                    line = reader.readline()
                    if not line:
                        return
                    size = re.search(rb"\{(\d+)\}\r\n$", line)
                    pieces.append((line, reader.read(int(size[1])) if size else b""))
                    if not size:
                        break
                conn.sendall(self.server(pieces, last[0]))
        except OSError:
            return
        finally:
            with contextlib.suppress(OSError):  # closed for the client too, though its reader holds the socket
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()
            upstream.close()

    def _upward(self, conn: socket.socket, upstream: socket.socket, last: list[bytes]) -> None:
        reader = conn.makefile("rb")
        try:
            while line := reader.readline():
                self.sent.append(line.rstrip(b"\r\n"))
                answer = self.client(line.rstrip(b"\r\n"))
                if answer is not None:
                    conn.sendall(answer)
                    continue
                last[0] = line.rstrip(b"\r\n")
                upstream.sendall(line)
        except OSError:
            return
        finally:
            upstream.close()
