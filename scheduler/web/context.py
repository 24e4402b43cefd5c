"""What every request of the web app shares: the project, the jobs, the guard, and the page's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Response, current_app, jsonify, request

from scheduler.errors import InputError, SchedulerError
from scheduler.text.messages import LANGS, Message, render
from scheduler.web.guard import Guard
from scheduler.web.jobs import Jobs
from scheduler.web.project import Project

LANG_COOKIE = "docking_lang"
LANG_HEADER = "X-Page-Lang"
"""The language of the page that makes a call (each tab says its own: another tab may have picked another)."""


@dataclass
class Context:
    """What every request shares: the project folder, the background jobs, the guard."""

    project: Project
    guard: Guard
    jobs: Jobs = field(default_factory=Jobs)
    default_lang: str = "zh"
    """The page's language until the user picks one (``serve --lang``)."""

    def __post_init__(self) -> None:
        self.project.frozen = self.sending

    def sending(self) -> Message | None:
        """Why the timetable may not change now: a sending runs (it read the timetable when it started,
        and would mail a unit its old time unseen: QA webux14 #1); ``None`` when none does."""
        if any(job.kind == "send" for job in self.jobs.running()):
            return Message("web.sending_frozen")
        return None

    @property
    def folder(self) -> Path:
        return self.project.folder


def lang() -> str:
    """The page's language: ``?lang=``, else the language the calling page says it is in (its
    ``X-Page-Lang`` header), else the cookie (the user's last choice), else the server's default
    (Chinese unless told)."""
    default = current_app.extensions["docking"].default_lang
    asked = request.args.get("lang") or request.headers.get(LANG_HEADER) or request.cookies.get(LANG_COOKIE) or default
    return asked if asked in LANGS else default


def text(key: str, **params: Any) -> str:
    return render(Message(key, **params), lang())


def sent_json() -> Any:
    """The JSON a call sent, or ``None`` when it sent none that reads: not JSON, or arrays nested past
    Python's recursion limit (``[`` × 50,000 raised RecursionError: an HTTP 500). A body over the size
    limit still raises werkzeug's 413, which the app answers with its own message."""
    try:
        return request.get_json(silent=True)
    except RecursionError:
        return None


def error_response(message: str, status: int, field: str | None = None) -> Response:
    """A refusal as JSON: its ``error`` line and, when it is about one of the page's form fields, that
    ``field`` (its label's key without ``ui.``: ``smtp_port``), which the page marks invalid."""
    # A value the client sent, quoted in the message, may hold a lone surrogate (valid JSON, "\ud800"),
    # which no UTF-8 answer can carry: it is written out as its escape, not an HTTP 500.
    message = message.encode("utf-8", "backslashreplace").decode("utf-8")
    response = jsonify({"error": message, **({"field": field} if field else {})})
    response.status_code = status
    return response


def in_field(message: Message, field: str, path: str | None = None) -> InputError:
    """An error about the page's form field ``field`` (a ``ui.*`` label), named as the page labels it
    (never as the command's option); ``path``: the user's file it is about."""
    return InputError(Message("web.in_field", field=Message(field), body=message), path)


def field_of(error: SchedulerError) -> str | None:
    """The page's form field an error of :func:`in_field` is about (``smtp_port``), else ``None``."""
    named = error.message.params.get("field") if error.message.key == "web.in_field" else None
    return named.key.removeprefix("ui.") if isinstance(named, Message) else None


PAGE_WORDS = {
    "input.new_round": "web.new_round",
    "input.state_past_round": "web.state_past_round",
    "input.state_campaign": "web.state_campaign",
}
"""The commands' refusals the page says in its own words, by key: a folder of another round or campaign
(scheduler/invites/rounds.py) is left by serving the new table with another project folder, not by an
``--out`` the page does not have (docs/mail.md, "A new round")."""


def error_text(error: SchedulerError, chosen: str) -> str:
    """An error's one line in the page's words: a refusal of many cancellations says which box to tick
    (the commands' message names their option ``--allow-cancel`` and the table's path on the server), a
    folder of another round which folder to serve instead (:data:`PAGE_WORDS`)."""
    from scheduler.invites.guard import TooManyCancellations

    page_key = PAGE_WORDS.get(error.message.key)
    if page_key is not None and isinstance(error, InputError):
        said = Message(page_key, **error.message.params)
        return InputError(said, error.path, error.row, error.column, error.line, error.key).text(chosen)

    if isinstance(error, TooManyCancellations):
        page = Message(error.message.key, **{**error.message.params, "consent": Message("web.tick_box")})
        return render(page, chosen)  # (the project's table: the page shows no server path)
    if isinstance(error, InputError) and error.column == "--now":
        # a campaign all past: the page has no --now, its way is the rules' year or DOCKING_NOW (QA a11y17 #1)
        key = "web.all_past" if error.message.key == "send.all_past" else error.message.key
        return render(Message(key, **error.message.params), chosen)
    return error.text(chosen)
