"""The web app in the test process: a real server (waitress) on 127.0.0.1 and a free port, on a project
folder made from the 2021 notice; and Debian's Chromium driven by Playwright (no browser download)."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


EVERY_KEY = """
[[pins]]
unit = "区发改委"
time = "9月9日 9:00"
from = "reply"
reason = "回复：只能周四上午"

[[pins]]
unit = "区财政局"
time = "9月8日 10:00"
reason = "局长出差回来当天"

[[unavailable]]
unit = "区发改委"
times = ["9月8日"]
reason = "外出开会"

[[only]]
unit = "区财政局"
times = ["上午"]

[invites.reminders]
answer_after_days = [2, 4]
meeting_days_before = 1
deadline_days_before = 2
"""
"""What the 2021 notice's rules lack of the keys the readers know (scheduler/files/rules_keys.py)."""


def every_key(rules: Path) -> Path:
    """A project's rules file (the 2021 notice's) given every key the readers know: :data:`EVERY_KEY`, a
    ``year``, a ``paper`` and an ``[invites]`` ``calendar_name`` and ``language``."""
    text = rules.read_text(encoding="utf-8").replace(
        "[invites]\n", '[invites]\ncalendar_name = "对接日程"\nlanguage = "zh"\n', 1
    )
    rules.write_text('year = 2021\npaper = "A4"\n' + text + EVERY_KEY, encoding="utf-8")
    return rules


@dataclass
class Served:
    url: str
    folder: Path
    guard: Guard
    server: object
    thread: threading.Thread
    app: Flask
    stopping: threading.Event

    def stop(self) -> None:
        """Ask the server's loop to end; it closes everything itself (:func:`_run`)."""
        self.stopping.set()
        self.thread.join(10)


def _run(server: Any, stopping: threading.Event) -> None:
    """Waitress's loop until ``stopping``, then, in this same thread, its workers let go (each finishes its
    request, and may still pull the loop's trigger) before every socket, the trigger and the server are
    closed. Closed from another thread while the loop ran, the loop's select() and a worker's trigger met
    closed descriptors (and a descriptor closed twice may be one reused by the next server): "Bad file
    descriptor" tracebacks on the tests' stderr (review16 §10)."""
    while not stopping.is_set():
        server.asyncore.loop(timeout=0.05, map=server._map, count=1)
    server.task_dispatcher.shutdown(timeout=5)
    for channel in list(server._map.values()):
        channel.close()


def serve(folder: Path, password: str | None = None, host: str = "127.0.0.1") -> Served:
    """The app on ``folder`` served by waitress on a free port, in a thread."""
    from waitress.server import create_server

    guard = Guard(host, password=password)
    app = create_app(folder, guard)
    server = create_server(app, host=host, port=0, threads=4)
    guard.port = int(server.effective_port)  # type: ignore[union-attr]
    stopping = threading.Event()
    thread = threading.Thread(target=_run, args=(server, stopping), daemon=True)
    thread.start()
    return Served(f"http://{host}:{guard.port}/", folder, guard, server, thread, app, stopping)


@contextmanager
def opened_page(
    browser: Any, url: str, size: tuple[int, int] = (1400, 900), ready: str = "visible", drawn: str = ".chip"
) -> Iterator[Any]:
    """A page of the app at ``url`` in a fresh browser context, once its units (``drawn``: a meeting
    page's ``.mblock``) are drawn (``ready``: the state Playwright waits for); on leaving, no script
    error may have happened on it."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.wait_for_selector(drawn, state=ready)
    yield page
    context.close()
    assert errors == []  # no script error on any page


@contextmanager
def served_project(folder: Path) -> Iterator[Served]:
    """The 2021 notice's project in ``folder``, served on 127.0.0.1 until the block ends."""
    make_project(folder)
    served = serve(folder)
    try:
        yield served
    finally:
        served.stop()


def listed_in_web_md(row_start: str) -> set[str]:
    """The keys docs/web.md's row starting ``row_start`` names in backticks (its ``GET /api/project`` rows)."""
    import re

    from tests.conftest import ROOT

    text = (ROOT / "docs" / "web.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith(row_start))
    return set(re.findall(r"`(\w+)`", row))
