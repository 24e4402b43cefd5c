"""The app's addresses: the page, its JSON calls, the downloads and the feeds.

Each call that changes the project names the version it was made on
(``version``); :class:`scheduler.web.project.StaleError` answers 409 when the
files changed since. No value from a request is used as a path: downloads are
chosen from a fixed list, feeds by token, uploads go to a temporary folder under
names we make (:mod:`scheduler.web.uploads`).
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from flask import Flask, Response, jsonify, redirect, render_template, request, session, url_for
from markupsafe import Markup

from scheduler.errors import InputError
from scheduler.files.reading import reading_lines
from scheduler.files.tables import XLS_MAGIC, XLSX_MAGIC, ole2_refusal
from scheduler.text.messages import LANGS, Message, render
from scheduler.web.changes import Changes, change_id, register_changes
from scheduler.web.context import LANG_COOKIE, Context, error_response, in_field, lang, sent_json, text
from scheduler.web.forms import FieldError, form_of, read_form
from scheduler.web.guard import MAX_UPLOAD
from scheduler.web.jobs import Busy, Job
from scheduler.web.notices import answers_data, answers_key, copies_key, key_text, notices
from scheduler.web.project import StaleError, moved, open_table, with_away, with_pin
from scheduler.web.state import parse_slot, project_data
from scheduler.web.strings import page_strings
from scheduler.web.uploads import Part, as_shown, named_as_shown, save_upload, shown_name
from scheduler.web.views import job_data

OBJECTIVES = ("compact", "stable")
UPLOAD_SUFFIXES = {"csv": ".csv", "txt": ".csv", "tsv": ".csv", "xlsx": ".xlsx"}


def body() -> dict[str, Any]:
    """The JSON object a call sent; anything else is a bad request."""
    data = sent_json()
    if not isinstance(data, dict):
        raise InputError(Message("web.bad_request"))
    return data


def version_of(data: dict[str, Any]) -> str:
    version = data.get("version")
    if not isinstance(version, str) or not version:
        raise InputError(Message("web.bad_request"))
    return version


def whole_number(value: object) -> int:
    """A JSON whole number (``true`` is none, nor is ``"1"``); anything else is a bad request."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise InputError(Message("web.bad_request"))
    return value


def name_or_none(value: object) -> str | None:
    """A name (a room's) or none (``null``, empty); anything else is a bad request."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(Message("web.bad_request"))
    return value


def register(app: Flask, ctx: Context) -> None:
    """Add every route to ``app``. Long on purpose: the whole surface of the app, read top to bottom."""
    project = ctx.project
    # the last answer per language: a reload costs no check (nor a reading of the workbook beside the table)
    shown: dict[tuple[Any, ...], bytes] = {}
    # how the table last opened was read, per language (a hidden 人员 sheet not read, hidden rows read):
    # said under the check until the next 打开表格, as the command line says it on every command (qaweb21 F1)
    reading: dict[str, tuple[str, ...]] = {}

    def state_json() -> bytes:
        snapshot = project.read()
        told = reading.get(lang(), ())
        key = (
            snapshot.version,
            lang(),
            project.can_undo,
            copies_key(project.table_path),
            answers_key(project.folder),
            told,
        )
        if key not in shown:
            if len(shown) > 4:
                shown.clear()
            if snapshot.meetings:  # a meeting table (docs/meetings.md): its own page and data
                from scheduler.web.meeting_views import meeting_project_data

                data = meeting_project_data(snapshot.meeting_table, snapshot.version, lang(), project.can_undo)
            else:
                data = project_data(snapshot.unit_table, snapshot.version, lang(), project.can_undo)
            data["notices"] = [*told, *notices(project.table_path, snapshot.loaded, lang())]
            data |= answers_data(project.folder, snapshot.loaded)
            shown[key] = jsonify(data).get_data()
        return shown[key]

    def state() -> Response:
        return Response(state_json(), status=200, mimetype="application/json")

    def running() -> list[dict[str, Any]]:
        """The jobs running now (solving, sending), as ``GET /api/jobs/<id>`` tells them."""
        return [job_data(job, None, lang()) for job in ctx.jobs.running()]

    # -- the page ----------------------------------------------------------------------------

    @app.get("/")
    def index() -> Response:
        chosen = lang()
        boot = {
            "lang": chosen,
            "csrf": ctx.guard.csrf,
            "strings": page_strings(chosen),
            "folder": str(ctx.folder),
            "upload_limit": MAX_UPLOAD,  # (the page names a file too large before sending it)
            "login": ctx.guard.needs_login,
            "jobs": running(),  # started in another tab or before a reload: the page shows them as its own
            # the last solve that ended: its result offered to a page loaded after (a reload just after 求解)
            "last_solve": last.id if (last := ctx.jobs.last_result(("solve", "msolve"))) else None,
        }
        template = "index.html"
        try:  # the project comes with the page: one request less before the grid is drawn
            embedded = Markup(_script_safe(state_json()))
            template = "meetings.html" if project.read().meetings else template
        except InputError as error:
            embedded, boot["error"] = Markup("null"), error.text(chosen)
        page = render_template(template, boot=boot, lang=chosen, strings=boot["strings"], project=embedded)
        response = Response(page)
        response.headers["Cache-Control"] = "no-store"  # the project is in it: Back must not show an old one
        if request.args.get("lang") == chosen:
            response.set_cookie(LANG_COOKIE, chosen, samesite="Strict", httponly=True, max_age=365 * 86400)
        return response

    @app.route("/login", methods=["GET", "POST"])
    def login() -> Any:
        if not ctx.guard.needs_login:
            return redirect(url_for("index"))
        failed, logins, client = False, ctx.guard.logins, request.remote_addr or ""
        wait = logins.wait(client) if request.method == "POST" else 0
        if request.method == "POST" and not wait:  # a client that must wait is not even checked
            if ctx.guard.password_ok(request.form.get("password")):
                logins.succeeded(client)
                session["in"] = True
                return redirect(url_for("index"))
            failed, wait = True, logins.failed(client)  # guessing costs this client time, no thread sleeps
        strings = page_strings(lang())
        waiting = render(Message("web.login_wait", seconds=wait), lang()) if wait else ""
        page = render_template("login.html", strings=strings, failed=failed, waiting=waiting, lang=lang())
        if wait:
            return page, 429, {"Retry-After": str(wait)}
        return page, 401 if failed else 200

    from scheduler.web.meeting_routes import register_meetings

    register_meetings(app, ctx, state, body, version_of, _limit)

    # -- the project and the grid -------------------------------------------------------------

    changes = Changes()
    register_changes(app, changes, state)

    @app.get("/api/project")
    def get_project() -> Response:
        asked = change_id()  # a change whose answer the page did not get: was it made?
        if asked is None:
            return state()
        return jsonify({**json.loads(state_json()), "change_made": changes.made(asked)})

    @app.get("/api/answers-key")
    def get_answers_key() -> Response:
        """What the answers shown depend on (the ledger, the journal, the invites' state): the page asks now
        and then, and fetches the project again when it changed (QA qaimap26 F3: a panel left open stayed
        stale after a scheduled ``replies``)."""
        return jsonify({"key": key_text(project.folder)})

    @app.post("/api/move")
    def move() -> Response:
        data = body()
        with project.lock:
            snapshot = project.current(version_of(data))
            index = whole_number(data.get("index"))
            try:
                start = parse_slot(data.get("start"))
            except ValueError as exc:
                raise InputError(Message("input.bad_time", value=str(data.get("start")))) from exc
            problem = snapshot.unit_table.problem
            refused = problem.calendar.slot_refusal(start) if start is not None else None
            if refused is not None:  # the clock's sentence on a change night, as the command line says it
                raise InputError(refused)
            room = name_or_none(data.get("room"))
            if room is not None and room not in {r.name for r in problem.rooms}:
                known = [r.name for r in problem.rooms]
                raise InputError(Message("input.unknown_room", room=str(room), known=known))
            project.write(snapshot, moved(snapshot.unit_table.timetable, index, start, room))
        return state()

    @app.post("/api/pin")
    def pin() -> Response:
        data = body()
        with project.lock:
            snapshot = project.current(version_of(data))
            loaded = snapshot.unit_table
            unit = _unit(snapshot, data.get("unit"))
            start = loaded.timetable.starts().get(unit) if data.get("pinned") else None
            if data.get("pinned") and (start is None or loaded.problem.calendar.index(start) is None):
                raise InputError(Message("web.pin_needs_time", unit=unit))
            project.write(snapshot, loaded.timetable, rules=with_pin(loaded.rules, unit, start))
        return state()

    @app.post("/api/away")
    def away() -> Response:
        data = body()
        with project.lock:
            snapshot = project.current(version_of(data))
            problem = snapshot.unit_table.problem
            unit = _unit(snapshot, data.get("unit"))
            try:
                slot = parse_slot(data.get("slot"))
            except ValueError as exc:
                raise InputError(Message("input.bad_time", value=str(data.get("slot")))) from exc
            if slot is None:
                raise InputError(Message("input.outside", time=""))
            refused = problem.calendar.slot_refusal(slot)
            if refused is not None:
                raise InputError(refused)
            starts = {s for e in problem.unavailable if e.unit == unit for s in e.starts}
            if data.get("away"):
                starts.add(slot)
            else:
                starts.discard(slot)
            rules = with_away(snapshot.unit_table.rules, unit, sorted(starts), problem.calendar.minutes)
            project.write(snapshot, snapshot.unit_table.timetable, rules=rules)
        return state()

    @app.post("/api/undo")
    def undo() -> Response:
        project.undo(version_of(body()))
        return state()

    # -- the rules forms -----------------------------------------------------------------------

    @app.get("/api/rules")
    def get_rules() -> Response:
        snapshot = project.read()
        return jsonify({"version": snapshot.version, "form": form_of(snapshot.unit_table)})

    @app.post("/api/rules")
    def save_rules() -> Response:
        data = body()
        form = data.get("form")
        if not isinstance(form, dict):
            raise InputError(Message("web.bad_request"))
        with project.lock:
            snapshot = project.current(version_of(data))
            try:
                table, rules = read_form(form, snapshot.unit_table)
            except FieldError as error:
                payload = error.payload(lang())
                response = jsonify({"error": payload["line"], **payload})
                response.status_code = 422
                return response
            from scheduler.files.load import build

            timetable = build(table, rules).timetable
            project.write(snapshot, timetable, table=table, rules=rules)
        return state()

    # -- opening a table -----------------------------------------------------------------------

    @app.post("/api/open")
    def open_upload() -> Response:
        from scheduler.web.publish import same_campaign

        version = request.form.get("version") or None
        with project.lock, tempfile.TemporaryDirectory(prefix="docking-upload-") as temp:
            if project.exists():
                try:
                    project.current(version)
                except StaleError:
                    raise
                except InputError:
                    pass  # an unreadable project (a bad edit by hand) can still be replaced by a good table
            if request.form.get("example"):
                from scheduler.files.load import default_table

                example = open_table(default_table())
                same_campaign(ctx.folder, example)
                project.start_from(example)
                reading.clear()
                return state()
            shown: dict[str, str] = {}
            with named_as_shown(Path(temp), shown):  # errors name the user's files, never our temporary ones
                loaded, fresh = _uploaded(Path(temp), shown)
                project.start_from(loaded, fresh)  # (copying in the contacts the rules name can fail too)
            reading.clear()
            reading.update({chosen: as_shown(reading_lines(loaded, chosen), Path(temp), shown) for chosen in LANGS})
        return state()

    def _uploaded(temp: Path, shown: dict[str, str]) -> tuple[Any, bool]:
        """The uploaded table read with its rules (uploaded, else the project's), and whether the sheet
        the rules name was uploaded with them; ``shown`` filled."""
        table = _part("table")
        if table is None:
            raise InputError(Message("web.no_upload"))
        kind = _table_kind(table.filename, table.data)
        sheet_part = _part("contacts")
        if sheet_part is not None:
            _table_kind(sheet_part.filename, sheet_part.data)  # a table too, told by its content
        saved = save_upload(temp, ctx.folder, table, UPLOAD_SUFFIXES[kind], _part("rules"), sheet_part)
        shown.update(saved.shown)
        rules_path = saved.rules
        if rules_path is None and project.exists():
            rules_path = project.rules_path
        sheet = (request.form.get("sheet") or "").strip() or None
        try:
            loaded = open_table(saved.table, rules_path, sheet=sheet)
        except InputError as exc:
            if exc.message.key != "input.sheet_not_xlsx":
                raise
            # said on the page's 工作表 field, not as the command line's --sheet the reader names
            raise in_field(Message("web.sheet_not_xlsx"), "ui.open_sheet", exc.path) from exc
        _check_invites(loaded)
        from scheduler.web.publish import same_campaign

        same_campaign(ctx.folder, loaded)
        ours = str(saved.table)
        if loaded.table is not None and loaded.table.path.startswith(ours):
            loaded.table.path = shown[ours] + loaded.table.path[len(ours) :]
        return loaded, saved.fresh

    # -- solving -------------------------------------------------------------------------------

    @app.post("/api/solve")
    def solve() -> Response:
        data = body()
        snapshot = project.current(version_of(data))
        objective = data.get("objective", "compact")
        if objective not in OBJECTIVES:
            raise InputError(Message("solve.objective", objective=str(objective), known=", ".join(OBJECTIVES)))
        limit = _limit(data.get("time_limit"))
        count = data.get("alternatives")
        count = 1 if count is None else whole_number(count)
        task = "alternatives" if count > 1 else "solve"
        if task == "alternatives" and count > 20:
            raise InputError(Message("web.too_many_alternatives", most=20))
        from scheduler.files.now import planning_now
        from scheduler.solver.as_of import as_of
        from scheduler.web.solving import run

        # as of now, as reschedule plans (docs/replanning.md): the units whose meetings have started stay
        problem = as_of(snapshot.unit_table.problem, planning_now())

        def work(job: Job) -> Any:
            return run(job, task, problem, objective, limit, count if task == "alternatives" else 1)

        job = ctx.jobs.start("solve", snapshot.version, work)
        return jsonify({"job": job.id})

    @app.get("/api/jobs")
    def get_jobs() -> Response:
        return jsonify({"jobs": running()})

    @app.get("/api/jobs/<job_id>")
    def get_job(job_id: str) -> Response:
        job = ctx.jobs.get(job_id)
        snapshot = project.read() if job.kind in ("solve", "msolve") else None
        if job.kind == "msolve":
            from scheduler.web.meeting_views import solved_data

            data = job_data(replace(job, result=None), snapshot, lang())
            if job.result is not None:
                data["result"] = solved_data(job, snapshot.version if snapshot else None, lang())
            return jsonify(data)
        return jsonify(job_data(job, snapshot, lang(), project.folder))

    @app.post("/api/jobs/<job_id>/stop")
    def stop_job(job_id: str) -> Response:
        job = ctx.jobs.get(job_id)
        job.stop_event.set()
        return jsonify({"ok": True})

    @app.post("/api/apply")
    def apply() -> Response:
        data = body()
        job = ctx.jobs.get(str(data.get("job", "")))
        with project.lock:
            snapshot = project.current(version_of(data))
            if job.kind != "solve" or not isinstance(job.result, dict) or job.version != snapshot.version:
                raise InputError(Message("web.result_outdated"))
            pick = whole_number(data.get("pick", 0))
            found = job.result.get("alternatives")
            timetables = list(found.timetables) if found is not None and found.timetables else []
            result = job.result.get("result")
            if not timetables and result is not None and result.timetable is not None:
                timetables = [result.timetable]
            if not 0 <= pick < len(timetables):
                raise InputError(Message("web.result_outdated"))
            project.write(snapshot, timetables[pick])
        return state()

    # -- publishing ----------------------------------------------------------------------------

    @app.get("/download/<fmt>")
    def download(fmt: str) -> Response:
        from scheduler.web.publish import MEDIA, annex_file

        if fmt not in MEDIA:
            raise InputError(Message("output.unknown_format", value=fmt, known=", ".join(MEDIA)))
        snapshot = project.read()
        tag = f"{snapshot.version}-{fmt}-{_made_by()}"  # the same files give the same annex
        if request.if_none_match.contains(tag):
            unchanged = Response(status=304)
            unchanged.set_etag(tag)
            unchanged.headers["Cache-Control"] = "no-cache"
            return unchanged
        name, data = annex_file(snapshot, fmt, project.folder)
        return _attachment(data, name, MEDIA[fmt], tag, snapshot.loaded.problem.title)

    @app.post("/download/invites")
    def download_invites() -> Response:
        from scheduler.web.publish import invites_zip, refreshed_invites

        with project.lock.for_output("web.sending_download"):
            snapshot = project.current(request.form.get("version") or None)
            result = refreshed_invites(snapshot, ctx.folder, bool(request.form.get("allow_cancel")))
        return _attachment(invites_zip(result), "invites.zip", "application/zip")

    @app.post("/api/send/preview")
    def send_preview() -> Response:
        from scheduler.web.publish import preview, read_sending

        data = body()
        sending = read_sending(data, preview=True)
        with project.lock.thread:  # a preview reads (the send flow's dry run): not the folder's lock
            project.current(version_of(data), mail=True)  # "邮件未发送", not a change's words (qaconc22 F3)
            return jsonify(_rendered(preview(ctx.folder, sending)))

    @app.post("/api/send")
    def send() -> Response:
        from scheduler.web.publish import read_sending
        from scheduler.web.publish import send as deliver

        data = body()
        sending = read_sending(data)
        data.pop("password", None)
        for running_job in ctx.jobs.running():  # said as the sending it is, not as a timetable change refused
            if running_job.kind == "send":
                raise Busy(running_job)

        def work(job: Job) -> Any:
            # the flow holds the folder's lock (not the page's thread lock) until its last message: the
            # page stays readable; the timetable is frozen meanwhile (Context.sending): a change is
            # refused at once until it ends, a command's or another page's by the folder's lock. The
            # version is checked again under that lock, by the sending itself: a command that took the
            # folder between the check below and the sending's lock is refused, not mailed (qaconc22 F2)
            return deliver(ctx.folder, sending, job, unchanged=lambda: project.current(job.version, mail=True))

        with project.lock:  # started under the lock: a change either ends before it or is refused
            snapshot = project.current(version_of(data), mail=True)
            job = ctx.jobs.start("send", snapshot.version, work)  # it hears the server's stop (qaconc22 F1)
        return jsonify({"job": job.id})

    @app.get("/api/journal")
    def journal() -> Response:
        from scheduler.web.notices import project_timezone
        from scheduler.web.publish import journal_rows, stopped_sending

        try:  # the times in the project's time zone, as the page says every other time
            zone: str | None = project_timezone(project.read().loaded)
        except InputError:
            zone = None
        sending = any(job.kind == "send" for job in ctx.jobs.running())
        rows = journal_rows(ctx.folder, zone)
        if not sending:  # a message left handed over by a sending that is no longer running: not 发送中
            rows = [{**row, "state": "unconfirmed"} if row["state"] == "queued" else row for row in rows]
        stopped = None if sending else stopped_sending(ctx.folder)
        return jsonify({"rows": rows, "stopped": _rendered(stopped)})

    # -- feeds ---------------------------------------------------------------------------------

    @app.get("/api/feeds")
    def feeds() -> Response:
        from scheduler.invites.state import is_address_copy
        from scheduler.web.feeds import published, token

        invites = published(ctx.folder)
        base = ctx.guard.base_url(request.host_url, request.host)  # reachable by the units' calendars
        rows = [
            {
                "unit": i.unit,
                "url": f"{base}/feed/{token(ctx.folder, _campaign(), i.unit)}.ics",
                "cancelled": i.cancelled,
            }
            for i in invites
            if not is_address_copy(i.key)  # one feed per unit, whoever of its people gets mail
        ]
        return jsonify({"feeds": rows, "published": bool(invites)})

    def _campaign() -> str:
        from scheduler.invites.settings import invite_settings

        return invite_settings(project.read().unit_table.rules).campaign

    @app.post("/api/feeds/publish")
    def publish_feeds() -> Response:
        from scheduler.web.publish import refreshed_invites

        data = body()
        with project.lock.for_output("web.sending_publish"):
            refreshed_invites(project.current(version_of(data)), ctx.folder, bool(data.get("allow_cancel")))
        return feeds()

    @app.post("/api/feeds/renew")
    def renew_feeds() -> Response:
        from scheduler.web.feeds import renew

        renew(ctx.folder)
        return feeds()

    @app.get("/feed/<name>")
    def feed(name: str) -> Response:
        from scheduler.web.feeds import calendar_of, published, tokens

        secret = name.removesuffix(".ics")
        invites = published(ctx.folder)
        unit = tokens(ctx.folder, _campaign(), [i.unit for i in invites]).get(secret) if invites else None
        if unit is None:
            return error_response(text("web.no_feed"), 404)
        response = Response(calendar_of(invites, unit), mimetype="text/calendar")
        response.headers["Content-Type"] = "text/calendar; charset=utf-8"
        response.headers["Cache-Control"] = "no-cache"
        return response


def _script_safe(data: bytes) -> str:
    """JSON text that can stand inside a ``<script>`` element (no ``</script>``, no ``<!--``)."""
    text = data.decode("utf-8")
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _part(field: str) -> Part | None:
    """The file uploaded as ``field`` (``None``: none chosen)."""
    upload = request.files.get(field)
    if upload is None or not upload.filename:
        return None
    return Part(upload.filename, upload.read())


def _unit(snapshot: Any, value: object) -> str:
    if not isinstance(value, str) or not snapshot.unit_table.problem.has_unit(value):
        raise InputError(Message("problem.unknown_unit", unit=str(value)))
    return value


def _check_invites(loaded: Any) -> None:
    """A unit table's invite settings and the contacts its rules name, read as ``solve --out`` reads
    them before solving: a bad sheet is refused at open, naming the user's file, row and column."""
    from scheduler.files.load import Loaded
    from scheduler.invites.folder import read_inputs
    from scheduler.invites.settings import has_invites

    if isinstance(loaded, Loaded) and has_invites(loaded.rules):
        read_inputs(loaded.rules, loaded.problem)


def _limit(value: object) -> float:
    """The time limit box's seconds (none sent: 30); an empty box or a bad value is refused, naming the box."""
    if value is None:
        return 30.0
    if isinstance(value, str) and not value.strip():
        raise in_field(Message("web.no_limit"), "ui.time_limit")
    try:
        limit = float(value) if isinstance(value, str | int | float) else float("nan")  # nan: refused below
    except ValueError as exc:
        raise in_field(Message("web.bad_limit", value=str(value)), "ui.time_limit") from exc
    if not 0.1 <= limit <= 3600:
        raise in_field(Message("web.bad_limit", value=str(value)), "ui.time_limit")
    return limit


def _table_kind(filename: str, data: bytes) -> str:
    """``csv`` or ``xlsx``, told by the content as the command line tells it (a CSV saved as .xlsx is
    read as text, and a web page saved as .xlsx is named for what it is); refused: an old .xls, or a
    name we do not read."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if data.startswith(XLS_MAGIC):
        raise InputError(ole2_refusal(data, filename), shown_name(filename))
    if data.startswith(XLSX_MAGIC):
        return "xlsx"
    if suffix not in UPLOAD_SUFFIXES:
        raise InputError(Message("web.upload_type", known="CSV, TXT, TSV, XLSX"), shown_name(filename))
    return "csv"


def _attachment(data: bytes, name: str, media: str, tag: str | None = None, title: str = "") -> Response:
    """A download of the project's files: asked again each time (they change with every drag), answered
    304 when ``tag`` (the files' version) says the browser's copy is still the one. With the project's
    ``title``, the browser saves it under the title (``<title>.docx``, RFC 6266 ``filename*``, made a
    file name as the invites' are), ``name`` staying the fallback for a client that cannot read it."""
    from urllib.parse import quote

    response = Response(data, content_type=media)  # (media says its charset once)
    response.headers.set("Content-Disposition", "attachment", filename=name)
    if title.strip():
        from scheduler.invites.names import file_name

        titled = file_name(title.strip()) + name[name.index(".") :]
        response.headers["Content-Disposition"] += f"; filename*=UTF-8''{quote(titled, safe='')}"
    response.headers["Cache-Control"] = "no-cache"
    if tag is not None:
        response.set_etag(tag)
    return response


def _made_by() -> str:
    """This program's version: a new one may write the same files differently."""
    import scheduler

    return scheduler.__version__


def _rendered(value: Any) -> Any:
    """Messages inside a payload, rendered in the page's language."""
    if isinstance(value, Message):
        return render(value, lang())
    if isinstance(value, dict):
        return {k: _rendered(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rendered(v) for v in value]
    return value
