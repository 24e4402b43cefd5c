"""How long reading the answers takes: a mailbox of answers and ordinary mail, read the first time and again.

Run with ``make bench-replies`` (needs the test extra, and Dovecot for the IMAP rows). The 2021
notice's 29 invites, mailed; a mailbox holding ``N`` answer mails (the five clients' shapes in turn,
every unit answering several times over) and as many ordinary mails. Each row is the whole command
(``python cli.py replies ...``, a new process) timed from outside, first run (everything new) and a
second run (nothing new), and the same reading through the library in this process. The IMAP server
is Dovecot on 127.0.0.1 (loopback: this program's cost and Dovecot's, not a network's).
"""

from __future__ import annotations

import argparse
import mailbox
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import reply_mails as shapes  # noqa: E402
from tests.replies_helpers import answer, campaign  # noqa: E402

STATES = ("ACCEPTED", "DECLINED", "TENTATIVE")
CPU: list[float] = []
"""CPU seconds of each command run, in order (steadier than wall time on a shared machine)."""


def mails(invites: dict, count: int) -> list[bytes]:
    """``count`` answer mails (clients and answers in turn) and ``count`` ordinary mails."""
    out = []
    units = list(invites)
    clients = list(shapes.CLIENTS.values())
    for n in range(count):
        invite = invites[units[n % len(units)]]
        stamp = datetime(2021, 9, 5, tzinfo=UTC) + timedelta(minutes=n)
        reply = answer(invite, partstat=STATES[n % 3], comment=f"第 {n} 次答复", stamp=stamp)
        out.append(clients[n % len(clients)](replace(reply, message_id=f"<answer-{n}@example.org>")))
        out.append(shapes.plain_mail("someone@example.org", f"周报 {n}", "正文" * 200, f"<plain-{n}@example.org>"))
    return out


def cli(*args: str, env: dict[str, str] | None = None) -> tuple[float, str]:
    """The command's wall time and first line; its CPU time (user + system) is added to ``CPU``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "replies", *args],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", **(env or {})},
        check=False,
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"replies failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return seconds, done.stdout.splitlines()[0]


def library(source: object, ledger_path: Path) -> float:
    from scheduler.replies.collect import collect
    from scheduler.replies.ledger import Ledger

    start = time.perf_counter()
    with Ledger(ledger_path) as ledger:
        collect(source, ledger)  # type: ignore[arg-type]
    return time.perf_counter() - start


def row(name: str, first: float, again: float, lib: float, count: int) -> None:
    per = first / (2 * count) * 1000
    cpu_first, cpu_again = CPU[-2], CPU[-1]
    cells = f"{first:>8.2f} {cpu_first:>8.2f} {per:>8.2f} {again:>8.2f} {cpu_again:>8.2f} {lib:>8.2f}"
    print(f"{name:<20} {2 * count:>6} {cells}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", type=int, default=1000, help="answer mails (as many ordinary ones)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for name in ("notice_2021.csv", "notice_2021.toml", "contacts_2021.csv"):
            shutil.copy(ROOT / "examples" / name, folder / name)
        invites = campaign(folder)
        table = folder / "notice_2021.csv"
        batch = mails(invites, args.answers)
        box = mailbox.Maildir(Path(tmp) / "Maildir", create=True)
        for mail in batch:
            box.add(mail)
        print(
            f"{'source':<20} {'mails':>6} {'first s':>8} {'cpu s':>8} {'ms/mail':>8} {'again s':>8} {'cpu s':>8}"
            f" {'lib s':>8}"
        )
        ledger = folder / "replies-ledger.jsonl"
        first, line = cli(str(table), "--maildir", str(Path(tmp) / "Maildir"))
        again, second = cli(str(table), "--maildir", str(Path(tmp) / "Maildir"))
        ledger.unlink()
        from scheduler.replies.mailboxes import Maildir

        lib = library(Maildir(Path(tmp) / "Maildir"), Path(tmp) / "lib-ledger.jsonl")
        row("Maildir", first, again, lib, args.answers)
        print(f"  {line}\n  {second}")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"  peak memory of the largest CLI run so far: {peak:.0f} MB")
        if shutil.which("dovecot") is None:
            print("IMAP: dovecot is not installed; skipped")
            return
        from tests.imap_helpers import PASSWORD, USER, start_dovecot

        ledger.unlink(missing_ok=True)
        server = start_dovecot(Path(tmp) / "dovecot")
        try:
            start = time.perf_counter()
            server.deliver(*batch, folder="bench")
            print(f"  (APPEND of {len(batch)} mails to Dovecot: {time.perf_counter() - start:.1f} s)")
            options = ["--imap-host", "127.0.0.1", "--user", USER, "--imap-port", str(server.imaps_port)]
            options += ["--cafile", str(server.cafile), "--folder", "bench"]
            env = {"DOCKING_IMAP_PASSWORD": PASSWORD}
            first, line = cli(str(table), *options, env=env)
            again, second = cli(str(table), *options, env=env)
            import ssl

            from scheduler.mail.server import Secret
            from scheduler.replies.imap import ImapFolder, ImapServer

            context = ssl.create_default_context(cafile=str(server.cafile))
            imap = ImapServer("127.0.0.1", USER, Secret(PASSWORD), server.imaps_port, context=context)
            lib = library(ImapFolder(imap, "bench"), Path(tmp) / "lib-imap-ledger.jsonl")
            row("IMAP (Dovecot, TLS)", first, again, lib, args.answers)
            print(f"  {line}\n  {second}")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
