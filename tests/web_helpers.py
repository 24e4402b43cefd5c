"""The web app in the test process: a real server (waitress) on 127.0.0.1 and a free port, on a project
folder made from the 2021 notice; and Debian's Chromium driven by Playwright (no browser download)."""

from __future__ import annotations

import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

from scheduler.web.app import create_app
from scheduler.web.guard import Guard
from scheduler.web.project import Project, open_table

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parent.parent


def make_project(folder: Path, table: Path | None = None) -> Project:
    """A project folder made from ``table`` (default: a copy of the 2021 notice, contacts included)."""
    if table is None:
        source = folder.parent / "source"
        source.mkdir(parents=True, exist_ok=True)
        for name in ("notice_2021.csv", "notice_2021.toml", "contacts_2021.csv"):
            shutil.copy(ROOT / "examples" / name, source / name)
        table = source / "notice_2021.csv"
    project = Project(folder)
    project.start_from(open_table(table))
    return project


@dataclass
class Served:
    url: str
    folder: Path
    guard: Guard
    server: object
    thread: threading.Thread
    app: Flask

    def stop(self) -> None:
        self.server.close()  # type: ignore[attr-defined]
        self.thread.join(5)


def serve(folder: Path, password: str | None = None, host: str = "127.0.0.1") -> Served:
    """The app on ``folder`` served by waitress on a free port, in a thread."""
    from waitress.server import create_server

    guard = Guard(host, password=password)
    app = create_app(folder, guard)
    server = create_server(app, host=host, port=0, threads=4)
    guard.port = int(server.effective_port)  # type: ignore[union-attr]
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    return Served(f"http://{host}:{guard.port}/", folder, guard, server, thread, app)
