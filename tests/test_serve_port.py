"""``serve``'s listening socket: a port another process listens on is refused on every system, Windows
included, where waitress' ``SO_REUSEADDR`` would let two servers share it (docs/web.md)."""

from __future__ import annotations

import socket
from typing import ClassVar

import pytest

from scheduler.cli import serve


class _Recorded:
    """A socket that records what is set on it and where it is bound."""

    calls: ClassVar[list[tuple]] = []

    def __init__(self, *args):
        self.calls.clear()

    def setsockopt(self, *args):
        self.calls.append(("setsockopt", *args))

    def bind(self, address):
        self.calls.append(("bind", address))

    def close(self):
        pass


def test_on_windows_the_port_is_held_exclusively_before_it_is_bound(monkeypatch):
    monkeypatch.setattr(socket, "SO_EXCLUSIVEADDRUSE", -5, raising=False)  # Windows' value (~SO_REUSEADDR)
    monkeypatch.setattr(socket, "socket", _Recorded)
    serve.listening_socket("127.0.0.1", 8765)
    assert _Recorded.calls == [("setsockopt", socket.SOL_SOCKET, -5, 1), ("bind", ("127.0.0.1", 8765))]


def test_elsewhere_the_address_is_reusable_as_waitress_made_it(monkeypatch):
    monkeypatch.delattr(socket, "SO_EXCLUSIVEADDRUSE", raising=False)
    assert serve.bind_options(socket.AF_INET) == [(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)]
    assert (socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1) in serve.bind_options(socket.AF_INET6)


def test_a_port_another_server_listens_on_is_refused():
    first = serve.listening_socket("127.0.0.1", 0)
    try:
        first.listen()
        with pytest.raises(OSError):
            serve.listening_socket("127.0.0.1", first.getsockname()[1]).close()
    finally:
        first.close()
