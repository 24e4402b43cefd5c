"""Helpers for the safety tests: a folder's fingerprint (every file's path and bytes), for "nothing written or
changed anywhere"."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path


def folder_hash(folder: Path) -> dict[str, str]:
    """Every entry under ``folder`` (files, folders, links, others), with a hash of each file's bytes and
    its mode. Only regular files are read: a FIFO (a mail server's run folder has some) would block."""
    out: dict[str, str] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            out[os.path.relpath(Path(root) / name, folder) + "/"] = "dir"
        for name in files:
            path = Path(root) / name
            rel = os.path.relpath(path, folder)
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                out[rel] = "link:" + os.readlink(path)
                continue
            if not stat.S_ISREG(info.st_mode):
                out[rel] = f"special {info.st_mode:o}"
                continue
            try:
                data = path.read_bytes()
            except OSError as exc:  # an unreadable file is part of some cases: its mode still counts
                data = f"unreadable {exc.errno}".encode()
            out[rel] = f"{hashlib.sha256(data).hexdigest()} {info.st_mode:o}"
    return out


class Accepting:
    """A transport that accepts every message in memory (for tests where the server is not the point)."""

    def __init__(self) -> None:
        self.mails: list = []

    def open(self) -> None:
        pass

    def send(self, mail) -> tuple[int, str]:
        self.mails.append(mail)
        return 250, f"2.0.0 Ok: queued as M{len(self.mails)}"

    def close(self) -> None:
        pass
