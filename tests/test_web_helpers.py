"""The tests' own web server helper (tests/web_helpers.py) stops cleanly: closed from outside its loop's
thread, waitress's select() and trigger met closed descriptors, and every test serving the app left
"Bad file descriptor" tracebacks on stderr (review16 §10)."""

from __future__ import annotations

import threading
import urllib.request

from tests.web_helpers import make_project, serve


def test_a_served_app_stops_without_a_traceback_in_any_thread(tmp_path, monkeypatch):
    seen: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: seen.append(args.exc_value))
    make_project(tmp_path / "project")
    for _ in range(20):  # the race was lost about once in 20 stops
        served = serve(tmp_path / "project")
        with urllib.request.urlopen(served.url, timeout=10) as answer:
            assert answer.status == 200
        served.stop()
        assert not served.thread.is_alive()
    assert seen == []
