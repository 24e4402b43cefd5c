"""A server that goes away in the middle of a run is said as having gone away, after how many messages,
with what to do (QA qaint26 F1: the closing line said "该端口没有邮件服务，请核对服务器名和端口", sending
the clerk to re-check a configuration that was right, after 89 messages had reached that very port); and
a connection the server closed is said in Chinese, not smtplib's "Connection unexpectedly closed" (F2)."""

from __future__ import annotations

import smtplib
import threading
from pathlib import Path

from scheduler.mail.flow import send_invites
from scheduler.mail.smtp import os_reason
from scheduler.text.messages import render
from tests.smtp_helpers import DROP, Recorder, free_port, start_plain
from tests.test_mail_faults import _request, write_campaign


def test_a_server_stopped_mid_run_is_told_as_gone_after_the_messages_it_took(tmp_path: Path) -> None:
    table = write_campaign(tmp_path, 12)
    recorder = Recorder()
    port = free_port()
    server = start_plain(recorder, port)
    stopping: list[threading.Thread] = []

    def fault(stage, rec, envelope):  # after 4 messages kept: the server stops (its process killed)
        if len(rec.messages) < 4:
            return None
        if not stopping:
            stopping.append(threading.Thread(target=server.stop))
            stopping[0].start()
        return DROP

    recorder.fault = fault

    def sleep(_seconds: float) -> None:  # the backoff waits for nothing but the server's end
        stopping[0].join()

    try:
        report = send_invites(_request(table, port), sleep=sleep)
    finally:
        if not stopping:
            server.stop()
    assert len(recorder.messages) == 4 and report.stopped is not None
    said = render(report.stopped, "zh")
    assert said == (
        f"发送已停止：服务器 127.0.0.1:{port} 不再接受连接"
        "（本次运行中已连上过它，收下了 4 封：它可能已停止或正在重启）；"
        "服务器恢复后重新运行同一命令即可继续（已发送的不会重发）"
    )
    assert "核对服务器名和端口" not in said
    assert "taken: it may have stopped or be restarting); once the server is back" in render(report.stopped, "en")


def test_a_connection_closed_by_the_server_is_said_in_the_office_s_words() -> None:
    said = os_reason(smtplib.SMTPServerDisconnected("Connection unexpectedly closed"))
    assert render(said, "zh") == "连接被服务器关闭" and render(said, "en") == "the server closed the connection"
