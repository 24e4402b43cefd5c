"""What every request of the web app shares: the project, the jobs, the guard, and the page's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Response, current_app, jsonify, request

from scheduler.text.messages import LANGS, Message, render
from scheduler.web.guard import Guard
from scheduler.web.jobs import Jobs
from scheduler.web.project import Project

LANG_COOKIE = "docking_lang"


@dataclass
class Context:
    """What every request shares: the project folder, the background jobs, the guard."""

    project: Project
    guard: Guard
    jobs: Jobs = field(default_factory=Jobs)
    default_lang: str = "zh"
    """The page's language until the user picks one (``serve --lang``)."""

    @property
    def folder(self) -> Path:
        return self.project.folder


def lang() -> str:
    """The page's language: ``?lang=``, else the cookie, else the server's default (Chinese unless told)."""
    default = current_app.extensions["docking"].default_lang
    asked = request.args.get("lang") or request.cookies.get(LANG_COOKIE) or default
    return asked if asked in LANGS else default


def text(key: str, **params: Any) -> str:
    return render(Message(key, **params), lang())


def error_response(message: str, status: int) -> Response:
    response = jsonify({"error": message})
    response.status_code = status
    return response
