"""The web app: Flask, on the project folder, in Chinese unless the user picks English.

:func:`create_app` builds the application for one project folder; the routes
live in :mod:`scheduler.web.routes`. Every answer to a bad request is the
CLI's one-line message (JSON ``{"error": ...}`` for the page's calls), never a
stack trace; the full trace of an unexpected failure goes to the server's log.
"""

from __future__ import annotations

import gzip
import logging
from pathlib import Path

from flask import Flask, Response, jsonify, request, session
from flask.sessions import SecureCookieSessionInterface
from werkzeug.exceptions import HTTPException

from scheduler.errors import SchedulerError
from scheduler.web.context import Context, error_response, error_text, field_of, lang, text
from scheduler.web.guard import MAX_UPLOAD, Guard
from scheduler.web.jobs import Busy
from scheduler.web.project import Project, StaleError

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
OPEN_PATHS = ("/login", "/static/", "/feed/")
"""Paths served without a login (the feeds are protected by their secret token)."""
GZIP_FROM = 2048
"""Bytes from which a page or a JSON answer is sent gzipped (when the browser accepts it)."""
GZIP_TYPES = frozenset({"application/json", "text/html"})


# Long: the app's configuration, guards and error pages, read top to bottom as Flask applies them.
def create_app(folder: str | Path, guard: Guard | None = None, default_lang: str = "zh") -> Flask:
    """The app for the project in ``folder`` (which must exist already: see ``serve``).

    ``guard`` holds the host it answers as, its CSRF token and the login password (default:
    127.0.0.1, no password); ``default_lang`` the page's language until the user picks one. The
    folder is taken as an absolute path: what the page says names files so (a refusal's ``sudo chown
    out/mail-journal.jsonl`` meant nothing in a browser, far from the terminal ``serve`` was started
    in: QA qahand24 F9 a)."""
    app = Flask("scheduler.web", static_folder="static", template_folder="templates")
    app.config.update(
        MAX_CONTENT_LENGTH=MAX_UPLOAD,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    context = Context(Project(Path(folder).absolute()), guard or Guard("127.0.0.1"), default_lang=default_lang)
    app.secret_key = context.guard.session_key
    app.session_interface = _Sessions(context.guard)
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 86400  # the page's script and style, named by their version below
    version = _asset_version(Path(app.static_folder or ""))
    app.jinja_env.globals["asset_version"] = version
    app.extensions["docking"] = context

    @app.before_request
    def _guard() -> Response | None:
        guard = context.guard
        if not guard.host_allowed(request.host):
            return error_response(text("web.bad_host"), 400)
        if request.method not in SAFE_METHODS and not guard.origin_allowed(request.headers.get("Origin"), request.host):
            return error_response(text("web.bad_origin"), 403)
        if guard.closed and not request.path.startswith(OPEN_PATHS):
            refused = _let_in(guard)
            if refused is not None:
                return refused
        # After the session: a change from a tab of the previous run (its page's token is old) is answered
        # as "the login ended", which keeps it to be made again (QA qaweb24 F1).
        changes = request.method not in SAFE_METHODS and request.path != "/login"
        if changes and not guard.token_ok(request.headers.get("X-CSRF-Token") or request.form.get("csrf")):
            return error_response(text("web.csrf"), 403)
        return None

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
        )
        if request.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return compressed(response)

    @app.errorhandler(SchedulerError)
    def _scheduler_error(error: SchedulerError) -> Response:
        if isinstance(error, Busy):  # the job that is running: the page shows it as if it had started it
            from scheduler.web.views import job_data

            response = jsonify({"error": error_text(error, lang()), "job": job_data(error.job, None, lang())})
            response.status_code = 400
            return response
        return error_response(error_text(error, lang()), 409 if isinstance(error, StaleError) else 400, field_of(error))

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        code = error.code or 500
        key = {404: "web.not_found", 405: "web.bad_method", 413: "web.too_big"}.get(code, "web.bad_request")
        params = {"limit": MAX_UPLOAD // (1024 * 1024)} if code == 413 else {}
        return error_response(text(key, **params), code)

    @app.errorhandler(Exception)
    def _crash(error: Exception) -> Response:
        from scheduler.files.owned import refused_access  # (a folder handed over still closed to us)

        closed = refused_access(error) if isinstance(error, OSError) else None
        if closed is not None:
            return error_response(error_text(closed, lang()), 400)
        logging.getLogger("scheduler.web").exception("request failed: %s %s", request.method, request.path)
        return error_response(text("web.internal", reason=type(error).__name__), 500)

    from scheduler.web.routes import register

    register(app, context)
    return app


class _Sessions(SecureCookieSessionInterface):
    """Flask's signed cookie sessions, the cookie named by the guard (:attr:`Guard.cookie_name`: the port
    is known once ``serve`` has bound it, after the app is made)."""

    def __init__(self, guard: Guard) -> None:
        self.guard = guard

    def get_cookie_name(self, app: Flask) -> str:
        return self.guard.cookie_name


def _let_in(guard: Guard) -> Response | None:
    """The answer to a request of a closed app (a login, or the run's access secret) that is not let
    through: ``None`` when it is. A page asked for with ``?token=`` always gets the going-on page, which
    takes the secret out of the address bar, by a browser already let in too (QA qaweb24 F7: the printed
    address opened a second time was served as it was, the live secret left in the bar, a bookmark, an
    address copied to a colleague). Without the session a change is refused as "the login ended" (401),
    before the CSRF check: a page of the previous run (its token is old) is told to log in again, and
    keeps the change to be made again once it has (QA qaweb24 F1)."""
    given = request.args.get("token") if request.method in SAFE_METHODS else None
    if given is not None and guard.access_ok(given):
        session["in"] = True
        return _entered()
    if session.get("in"):
        return _entered() if given is not None else None
    api = request.path.startswith("/api/") or request.method not in SAFE_METHODS
    if not guard.needs_login:  # the run's secret only: the address serve printed
        key = "web.access_stale" if given else "web.access_needed"
        return error_response(text(key), 401, "access") if api else _access_needed(key)
    if api:
        return error_response(text("web.login_needed"), 401)
    from flask import redirect, url_for

    return redirect(url_for("login"))  # type: ignore[return-value]


def _entered() -> Response:
    """The first visit with the run's access secret (the session cookie is set with this answer): a page
    that goes on at once to the same address without the secret, so it is not left in the address bar.
    Not an HTTP redirect: a browser that came from elsewhere (``serve``'s opening page, a link) would
    not send a SameSite=Strict cookie along a redirect it started; it sends it on a navigation this
    page of the server's own makes. (The browser's history keeps the address with the secret, as it
    keeps every address of a chain: a secret of this run only, dead once serve stops: docs/web.md.)"""
    from urllib.parse import urlencode

    from markupsafe import escape

    rest = [(key, value) for key, value in request.args.items(multi=True) if key != "token"]
    target = escape(request.path + (f"?{urlencode(rest)}" if rest else ""))
    body = f'<p><a href="{target}">{escape(text("web.entering"))}</a></p>'
    response = Response(_page(body, f'<meta http-equiv="refresh" content="0;url={target}">'), mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _access_needed(key: str) -> Response:
    """A page asked for without the session, where only the run's access secret lets in: says where the
    address with it is (serve's terminal), and when the address had a secret that is not this run's, that
    it is out of date (QA qaweb24 F3: the same words for no secret and yesterday's)."""
    from markupsafe import escape

    said = (escape(text(name)) for name in ("web.access_title", key, "web.access_how"))
    body = "<h1>{}</h1><p>{}</p><p>{}</p>".format(*said)
    response = Response(_page(body), status=401, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


def _page(body: str, head: str = "") -> str:
    """A small page of the server's own (the going-on page, the "open the printed address" page): the
    app's title and language, a viewport for a phone, the app's style."""
    from flask import current_app, url_for
    from markupsafe import escape

    style = url_for("static", filename="app.css", v=current_app.jinja_env.globals["asset_version"])
    return (
        f'<!doctype html><html lang="{"zh-CN" if lang() == "zh" else lang()}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">{head}'
        f'<title>{escape(text("ui.app_title"))}</title><link rel="stylesheet" href="{style}"></head>'
        f'<body class="login"><main class="panel login-form">{body}</main></body></html>'
    )


def _asset_version(folder: Path) -> str:
    """A short hash of the page's script and style: a new version gets new addresses, so a browser
    may keep them for a day without ever running an old script against a new server."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(folder.glob("*")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def compressed(response: Response) -> Response:
    """``response`` gzipped when the browser accepts it and it is a page or a JSON answer of
    :data:`GZIP_FROM` bytes or more: the project of 5,000 units is 1.5 MB, sent again after each drag,
    about a tenth of it gzipped (QA webux14 #14: ``serve --host`` is offered for the office's Wi-Fi).
    Downloads (named by ``Content-Disposition``) go as they are. Every answer of a kind that may go
    gzipped says ``Vary: Accept-Encoding``, the plain ones too (under 2 KB, a client without gzip, an
    error): a caching proxy between ``serve --host`` and its browsers must not hand one client's
    encoding to another (review14 F18)."""
    if (
        response.direct_passthrough
        or response.mimetype not in GZIP_TYPES
        or "Content-Encoding" in response.headers
        or "Content-Disposition" in response.headers
    ):
        return response
    response.vary.add("Accept-Encoding")
    if response.status_code != 200 or not request.accept_encodings["gzip"]:
        return response
    data = response.get_data()
    if len(data) < GZIP_FROM:
        return response
    response.set_data(gzip.compress(data, compresslevel=5, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    return response
