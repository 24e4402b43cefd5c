"""replies pointed at the office's mail server's sending port (the same host, 587 or 25: an easy slip, since
send and replies are given the same --smtp-host / --imap-host): said as a sending server, with the ports to
use instead (newcomer22). Before, the IMAPS default said "speaks plain IMAP here: add --starttls", and with
--starttls the run printed every unit unanswered and "读取中断 … 重新运行同一命令即可继续", which fails the same
way forever."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from tests.replies_helpers import campaign, run


@pytest.fixture
def smtp_port() -> Iterator[int]:
    """A server that greets as SMTP does (``220 … ESMTP``) and then waits, on a free port of 127.0.0.1."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        open_ones = []
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            conn.sendall(b"220 mail.example.org ESMTP ready\r\n")
            open_ones.append(conn)
        for conn in open_ones:
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    listener.close()


@pytest.mark.parametrize("security", [[], ["--starttls"], ["--insecure-plain"]])
def test_replies_at_an_smtp_port_says_it_is_one(example, smtp_port, security):
    campaign(example)
    options = ["--imap-host", "127.0.0.1", "--imap-port", str(smtp_port), "--user", "zwgk-office", *security]
    env = {"DOCKING_IMAP_PASSWORD": "a-long-password", "DOCKING_LANG": None}
    result = run("replies", str(example / "notice_2021.csv"), *options, env=env)
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if "SMTP" in line]
    assert len(lines) == 1 and "993" in lines[0] and "143" in lines[0], result.output
    assert "检查 0 封" not in result.output and "重新运行同一命令" not in result.output, result.output
