"""How long mailing takes: composing the messages, and delivering them to a local SMTP server.

Run with ``make bench-mail`` (needs the test extra: aiosmtpd, cryptography). 1,000 generated units
(no milestones) and the 2021 notice's 29; the server is aiosmtpd on 127.0.0.1 in this process, so
the delivery figures are this program's own cost plus a loopback server's, not a real network's.
Prints seconds and ms per message, measured in this run, and the share of delivery time spent in
the journal's fsyncs.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scheduler.mail.batch import deliver  # noqa: E402
from scheduler.mail.campaign import prepare_batch  # noqa: E402
from scheduler.mail.journal import Journal, read_history  # noqa: E402
from scheduler.mail.server import PLAIN, STARTTLS, Server  # noqa: E402
from scheduler.mail.smtp import SmtpTransport  # noqa: E402
from tests.invite_helpers import notice_export  # noqa: E402
from tests.smtp_helpers import start_server  # noqa: E402
from tests.test_mail_batch import generated  # noqa: E402

NOW = datetime(2021, 9, 6, 8, tzinfo=UTC)


class CountingFsync:
    """Wraps os.fsync to add up the time spent in it."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0
        self._real = os.fsync

    def __call__(self, fd: int) -> None:
        start = time.perf_counter()
        self._real(fd)
        self.seconds += time.perf_counter() - start
        self.calls += 1


def measure(name: str, invites: tuple, security: str, folder: Path) -> None:
    server = start_server(folder, tls=None if security == PLAIN else "starttls")
    try:
        start = time.perf_counter()
        _, mails = prepare_batch(invites, read_history(folder / "none.jsonl"), NOW)
        compose_s = time.perf_counter() - start
        fsync = CountingFsync()
        os.fsync = fsync
        try:
            journal_path = folder / f"{name}-{security}.jsonl"
            start = time.perf_counter()
            with Journal(journal_path) as journal:
                context = None
                if server.cafile is not None:
                    import ssl

                    context = ssl.create_default_context(cafile=str(server.cafile))
                batch = deliver(
                    mails, journal, SmtpTransport(Server(server.host, server.port, security, context=context))
                )
            deliver_s = time.perf_counter() - start
        finally:
            os.fsync = fsync._real
        count = len(mails)
        assert batch.count("sent") == count == len(server.recorder.messages)
        print(
            f"{name} ({security}): compose {compose_s:.2f} s ({compose_s / count * 1000:.1f} ms/message), "
            f"deliver {deliver_s:.2f} s ({deliver_s / count * 1000:.1f} ms/message), "
            f"fsync share of delivery {fsync.seconds / deliver_s:.2f} ({fsync.calls} calls)"
        )
    finally:
        server.stop()


def main() -> None:
    notice = notice_export().invites
    thousand = generated(1000).invites
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        measure("notice 2021", notice, STARTTLS, folder)
        measure("1,000 units", thousand, PLAIN, folder)
        measure("1,000 units", thousand, STARTTLS, folder)


if __name__ == "__main__":
    main()
