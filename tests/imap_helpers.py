"""A real IMAP server for the tests: Debian's Dovecot, started on 127.0.0.1 with its own configuration.

Everything lives in a temporary folder: the configuration, a test user in a password file, a
certificate made in-process (``cryptography``, as for the SMTP server), the mail (Maildir) and
Dovecot's runtime files. Two listeners on free ports: IMAPS (TLS from the first byte) and IMAP
with STARTTLS required before login. No system service is touched.

Run as root (as CI does), Dovecot's login and internal processes need unprivileged users: the
``dovenull`` and ``dovecot`` users the package creates; the mail store then belongs to
``dovecot`` and is reached through a chroot, because the temporary folder's parents are private
to root. Run as another user, every process runs as that user.
"""

from __future__ import annotations

import getpass
import grp
import imaplib
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tests.smtp_helpers import make_certificate

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER = "zwgk-office"
PASSWORD = "imap-Pässwort-密码-1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Dovecot:
    """A running Dovecot: where it listens, its certificate, and how to put mail into the test user's box."""

    folder: Path
    imaps_port: int
    imap_port: int
    cafile: Path
    process: subprocess.Popen | None = None

    @property
    def config(self) -> Path:
        return self.folder / "dovecot.conf"

    def client(self) -> imaplib.IMAP4_SSL:
        context = ssl.create_default_context(cafile=str(self.cafile))
        imap = imaplib.IMAP4_SSL("127.0.0.1", self.imaps_port, ssl_context=context, timeout=10)
        imap.authenticate("PLAIN", lambda _: f"\0{USER}\0{PASSWORD}".encode())
        return imap

    def deliver(self, *mails: bytes, folder: str = "INBOX", at: datetime | None = None) -> None:
        """Append ``mails`` to ``folder`` (created when missing), as a mail server delivering them would (``at``:
        their INTERNALDATE, else now)."""
        from scheduler.replies.imap import mailbox_name

        imap = self.client()
        try:
            if folder != "INBOX":
                imap.create(mailbox_name(folder))
            for mail in mails:
                status, data = imap.append(mailbox_name(folder), None, at, mail)
                assert status == "OK", data
        finally:
            imap.logout()

    def flags(self, folder: str = "INBOX") -> list[str]:
        from scheduler.replies.imap import mailbox_name

        imap = self.client()
        try:
            imap.select(mailbox_name(folder), readonly=True)
            _, data = imap.fetch("1:*", "(FLAGS)")
            return [d.decode() for d in data if isinstance(d, bytes)]
        finally:
            imap.logout()

    def stop(self) -> None:
        subprocess.run([DOVECOT, "-c", str(self.config), "stop"], check=False, capture_output=True, timeout=30)
        if self.process is not None:
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _users() -> dict[str, str]:
    """Who runs what: as root, Dovecot's own unprivileged users; otherwise the current user."""
    if os.geteuid() == 0:
        return {"internal": "dovecot", "group": "dovecot", "login": "dovenull", "mail": "dovecot"}
    name = getpass.getuser()
    group = grp.getgrgid(os.getegid()).gr_name
    return {"internal": name, "group": group, "login": name, "mail": name}


def write_config(
    folder: Path,
    imaps_port: int,
    imap_port: int,
    cert: Path,
    key: Path,
    namespace: str = "separator = /",
    quota_kb: int | None = None,
) -> Path:
    users = _users()
    root = os.geteuid() == 0
    home = folder / "home"
    home.mkdir()
    (home / USER).mkdir()
    if root:
        uid = pwd.getpwnam(users["mail"]).pw_uid
        gid = grp.getgrnam(users["group"]).gr_gid
        for path in (home, home / USER):
            os.chown(path, uid, gid)
        userdb = f"uid={users['mail']} gid={users['group']} home={home}/./%u"
        extra = f"valid_chroot_dirs = {home}\nfirst_valid_uid = 1\nservice auth {{\n  user = root\n}}\n"
    else:
        userdb = f"uid={os.geteuid()} gid={os.getegid()} home={home}/%u"
        extra = (
            f"first_valid_uid = {os.geteuid()}\nfirst_valid_gid = {os.getegid()}\n"
            "service anvil {\n  chroot =\n}\nservice imap-login {\n  chroot =\n}\n"
        )
    (folder / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n", encoding="utf-8")
    config = f"""# written by tests/imap_helpers.py
base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/dovecot.log
listen = 127.0.0.1
protocols = imap
ssl = required
ssl_cert = <{cert}
ssl_key = <{key}
disable_plaintext_auth = yes
auth_mechanisms = plain login
default_internal_user = {users["internal"]}
default_internal_group = {users["group"]}
default_login_user = {users["login"]}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {folder}/passwd
}}
userdb {{
  driver = static
  args = {userdb}
}}
mail_location = maildir:~/Maildir
{_quota(quota_kb)}namespace inbox {{
  inbox = yes
  {namespace}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
{extra}"""
    path = folder / "dovecot.conf"
    path.write_text(config, encoding="utf-8")
    return path


def _quota(kilobytes: int | None) -> str:
    """The quota plugin's settings (RFC 9208's QUOTA, the count driver) for a mailbox of ``kilobytes``."""
    if kilobytes is None:
        return ""
    return (
        "mail_plugins = quota\nprotocol imap {\n  mail_plugins = $mail_plugins imap_quota\n}\n"
        f"plugin {{\n  quota = count:User quota\n  quota_rule = *:storage={kilobytes}K\n  quota_vsizes = yes\n}}\n"
    )


def start_dovecot(folder: Path, namespace: str = "separator = /", quota_kb: int | None = None) -> Dovecot:
    """Start Dovecot in the foreground (``-F``) under ``folder``; wait until IMAPS answers. ``namespace``: the
    inbox namespace's settings (``prefix = INBOX.`` and ``separator = .`` as Courier and hosting servers);
    ``quota_kb``: a mailbox quota of that many KB (our own mailbox filling up)."""
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = make_certificate(folder)
    imaps_port, imap_port = _free_port(), _free_port()
    config = write_config(folder, imaps_port, imap_port, cert, key, namespace, quota_kb)
    log = (folder / "stdout.log").open("wb")
    process = subprocess.Popen([DOVECOT, "-F", "-c", str(config)], stdout=log, stderr=subprocess.STDOUT)
    server = Dovecot(folder, imaps_port, imap_port, cert, process)
    deadline = time.monotonic() + 20
    while True:
        try:
            server.client().logout()
            return server
        except (OSError, imaplib.IMAP4.error):
            if process.poll() is not None or time.monotonic() > deadline:
                server.stop()
                logs = [
                    (folder / n).read_text(errors="replace")
                    for n in ("stdout.log", "dovecot.log")
                    if (folder / n).exists()
                ]
                raise RuntimeError("dovecot did not start:\n" + "\n".join(logs)) from None
            time.sleep(0.1)
