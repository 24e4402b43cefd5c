"""``serve``'s listening socket: a port another process listens on is refused on every system, Windows
included, where waitress' ``SO_REUSEADDR`` would let two servers share it (docs/web.md)."""

from __future__ import annotations

import contextlib
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


def test_a_name_with_several_addresses_is_listened_on_at_each_on_one_port(monkeypatch):
    """leftovers13: ``serve --host localhost`` listened on the first address the system gave (Windows names
    ::1 first), so a browser or calendar that went to 127.0.0.1 found nothing. Now every address the name
    stands for, on one port; one that cannot be bound (not this machine's, no IPv6) is left out."""
    real = socket.getaddrinfo

    def resolved(host, port, *args):
        if host != "office.example.test":
            return real(host, port, *args)
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))
            for address in ("127.0.0.1", "127.0.0.2", "192.0.2.1", "127.0.0.1")  # 192.0.2.1: not here
        ]

    monkeypatch.setattr(socket, "getaddrinfo", resolved)
    socks = serve.listening_sockets("office.example.test", 0)
    try:
        port = socks[0].getsockname()[1]
        assert serve.held_addresses(socks) == [f"127.0.0.1:{port}", f"127.0.0.2:{port}"]
        for sock in socks:
            sock.listen()
        for address in ("127.0.0.1", "127.0.0.2"):
            socket.create_connection((address, port), timeout=5).close()
    finally:
        for sock in socks:
            sock.close()


def test_an_ipv6_address_is_written_in_brackets():
    try:
        sock = serve.listening_socket("::1", 0)
    except OSError:
        pytest.skip("no IPv6 loopback here")
    try:
        assert serve.held_addresses([sock]) == [f"[::1]:{sock.getsockname()[1]}"]
    finally:
        sock.close()


def _lines(stream, count: int, seconds: float = 30) -> list[str]:
    """Up to ``count`` lines of ``stream``, as many as come in ``seconds`` (a server never ends its output)."""
    import queue
    import threading

    got: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [got.put(stream.readline()) for _ in range(count)], daemon=True).start()
    lines = []
    with contextlib.suppress(queue.Empty):
        for _ in range(count):
            lines.append(got.get(timeout=seconds))
    return lines


def test_serve_on_a_host_name_says_the_addresses_it_listens_on(tmp_path):
    """The line after the address: which addresses ``localhost`` stood for here, as bound."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    process = subprocess.Popen(
        [sys.executable, str(root / "cli.py"), "serve", "--host", "localhost", "--no-browser", "--lang", "en"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    try:
        lines = _lines(process.stdout, 3)
        assert len(lines) == 3 and lines[1].startswith("The web app is running at http://localhost:"), lines
        port = lines[1].split("http://localhost:", 1)[1].split("/", 1)[0]
        held = lines[2].strip().removeprefix("Listening on ").split(", ")
        assert f"127.0.0.1:{port}" in held and set(held) <= {f"127.0.0.1:{port}", f"[::1]:{port}"}, lines
        for address in held:
            host = address.rsplit(":", 1)[0].strip("[]")
            socket.create_connection((host, int(port)), timeout=5).close()
    finally:
        process.terminate()
        process.wait(10)
