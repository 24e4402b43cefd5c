"""A change the page made whose answer it never got (the connection dropped after the server saved it).

Each change the page sends carries an id of its own (``change``, made by the tab). The server keeps the
ids of the last changes it made (:data:`KEEP`): asked again for one of them (the page's retry of a change
whose answer was lost), it makes nothing and answers with the project as it is, as if that change had
just been made; and ``GET /api/project?change=<id>`` says whether that change was made (``change_made``),
so that the page, once the server answers again, shows what is on disk and says whether its change was
saved, instead of blaming its own change on "another tab" (QA webux14 #3).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from scheduler.web.context import sent_json

KEEP = 200
"""How many made changes are remembered (the oldest forgotten first)."""


class Changes:
    """The ids of the changes this server made lately."""

    def __init__(self) -> None:
        self._made: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def made(self, change: str) -> bool:
        with self._lock:
            return change in self._made

    def add(self, change: str) -> None:
        with self._lock:
            self._made[change] = None
            while len(self._made) > KEEP:
                self._made.popitem(last=False)


def change_id() -> str | None:
    """The change id a page's call carries (its JSON's ``change``, or the query's), if any."""
    if request.method == "POST":
        try:  # also in the hook after the answer: a body too big is the route's 413 to say, not a 500 here
            data = sent_json() if request.is_json else None
        except HTTPException:
            data = None
        change = data.get("change") if isinstance(data, dict) else None
    else:
        change = request.args.get("change")
    return change if isinstance(change, str) and 0 < len(change) <= 64 else None


def register_changes(app: Flask, changes: Changes, state: Callable[[], Response]) -> None:
    """Answer a change already made with the project as it is (nothing made twice), and remember each
    change made (a change route answers 200 only once its files are written)."""

    @app.before_request
    def _already_made() -> Response | None:
        change = change_id() if request.method == "POST" and request.path.startswith("/api/") else None
        if change is not None and changes.made(change):
            return state()
        return None

    @app.after_request
    def _remember(response: Response) -> Response:
        change = change_id() if request.method == "POST" and request.path.startswith("/api/") else None
        if change is not None and response.status_code == 200:
            changes.add(change)
        return response
