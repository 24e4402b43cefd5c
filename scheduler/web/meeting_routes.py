"""The addresses of a meeting project (docs/web.md, "A meeting table"): move a meeting, solve, apply.

The page, the downloads, the invites, the sending, the journal and undo are the unit project's own
addresses, which serve both kinds; the ones that only make sense for units (pins and absences per
unit, the rules forms, unit solving, feeds) answer a meeting project with one line saying so, and
these answer a unit project the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import Flask, Response, jsonify, request

from scheduler.domain.meetings import Placement, Plan
from scheduler.errors import InputError
from scheduler.text.messages import Message
from scheduler.web.context import Context, error_response, in_field, sent_json, text
from scheduler.web.jobs import Job
from scheduler.web.project import StaleError

UNITS_ONLY = ("/api/move", "/api/pin", "/api/away", "/api/rules", "/api/solve", "/api/apply", "/api/feeds")
MEETINGS_ONLY = ("/api/meetings/",)
OBJECTIVES = ("compact", "stable")


def register_meetings(
    app: Flask,
    ctx: Context,
    state: Callable[[], Response],
    body: Callable[[], dict[str, Any]],
    version_of: Callable[[dict[str, Any]], str],
    limit_of: Callable[[object], float],
) -> None:
    """Add the meeting project's routes; ``state`` answers with the project, ``body``, ``version_of`` and
    ``limit_of`` read a request as the unit routes do. Long on purpose: the meeting project's whole
    surface (its guard and its four addresses), read top to bottom as ``routes.register`` is."""
    project = ctx.project

    @app.before_request
    def _kind() -> Response | None:
        path = request.path
        units = any(path == p or path.startswith(p + "/") for p in UNITS_ONLY)
        meetings = path.startswith(MEETINGS_ONLY)
        if not (units or meetings) or not project.exists():
            return None
        try:
            snapshot = project.read()
        except InputError:
            return None  # the route itself says what is wrong with the files
        is_meetings = snapshot.meetings
        if units == is_meetings and _sent_version() not in (None, snapshot.version):
            raise StaleError  # a page of the other kind, left open while the project changed kind
        if units and is_meetings:
            return error_response(text("mweb.units_only"), 400)
        if meetings and not is_meetings:
            return error_response(text("mweb.meetings_only"), 400)
        return None

    @app.post("/api/meetings/move")
    def move_meeting() -> Response:
        from scheduler.web.meeting_views import table_plan
        from scheduler.web.state import parse_slot

        data = body()
        with project.lock:
            snapshot = project.current(version_of(data))
            loaded = snapshot.meeting_table
            titles = {s.title for s in loaded.problem.sessions}
            title = data.get("title")
            if not isinstance(title, str) or not isinstance(data.get("start"), (str, type(None))):
                raise InputError(Message("web.bad_request"))  # not "没有会议“True”" (qafuzz17 #12)
            if title not in titles:
                raise InputError(Message("meetings.unknown_session", title=title))
            try:
                start = parse_slot(data.get("start"))
            except ValueError as exc:
                raise InputError(Message("input.bad_time", value=str(data.get("start")))) from exc
            room = data.get("room") or None
            if room is not None and not isinstance(room, str):
                raise InputError(Message("web.bad_request"))
            rooms = [r.name for r in loaded.problem.rooms]
            if room is not None and room not in rooms:
                raise InputError(Message("input.unknown_room", room=str(room), known=list(rooms)))
            grid = loaded.problem.workdays.grid
            if start is not None and loaded.problem.workdays.step(start) is None:
                raise InputError(Message("mtime.off_grid", time=start, grid=grid))
            plan = table_plan(loaded)
            moved = Plan(tuple(Placement(title, start, room) if p.title == title else p for p in plan.placements))
            project.write_plan(snapshot, moved)
        return state()

    @app.post("/api/meetings/solve")
    def solve_meetings_job() -> Response:
        data = body()
        snapshot = project.current(version_of(data))
        objective = data.get("objective", "compact")
        if objective not in OBJECTIVES:
            raise InputError(Message("solve.objective", objective=str(objective), known=", ".join(OBJECTIVES)))
        seconds = limit_of(data.get("time_limit"))
        loaded = snapshot.meeting_table
        from scheduler.files.now import planning_now

        now = planning_now()  # read here: a DOCKING_NOW that cannot be read is this request's error

        def work(job: Job) -> Any:
            return solve_for_page(job, loaded, objective, seconds, now)

        job = ctx.jobs.start("msolve", snapshot.version, work)
        return jsonify({"job": job.id})

    @app.post("/api/meetings/apply")
    def apply_meetings() -> Response:
        data = body()
        job = ctx.jobs.get(str(data.get("job", "")))
        with project.lock:
            snapshot = project.current(version_of(data))
            if job.kind != "msolve" or not isinstance(job.result, dict) or job.version != snapshot.version:
                raise InputError(Message("web.result_outdated"))
            result = job.result["result"]
            if result.plan is None:  # said as it is, not as a change that never happened (qawebmeet19 F7)
                raise InputError(Message("web.result_none"))
            project.write_plan(snapshot, result.plan)
        return state()


def _sent_version() -> str | None:
    """The version a request names (its JSON, its form or its address), if any."""
    data = sent_json() if request.is_json else None
    version = data.get("version") if isinstance(data, dict) else None
    version = version or request.form.get("version") or request.args.get("version")
    return version if isinstance(version, str) and version else None


def solve_for_page(job: Job, loaded: Any, objective: str, seconds: float, now: datetime) -> dict[str, Any]:
    """Solve a meeting project in the job's thread, as ``solve`` (or ``--objective stable``, the library's
    ``replan_meetings`` from the table's times) does, as of ``now`` as they do (docs/replanning.md: the
    meetings that have started stay, none is placed before now); the stop button ends it with the best
    timetable so far."""
    from scheduler.files.meeting_changes import begun_as_of, never_worse
    from scheduler.meetings.planner import solve_meetings
    from scheduler.meetings.replanning import replan_meetings, replan_terms
    from scheduler.web.solving import heard_meetings

    job.report(phase=Message("web.phase.starting"), limit=seconds)  # nothing found yet (qawebmeet19 F3)
    stop, progress = job.stop_event, heard_meetings(job)
    if objective != "stable":
        terms = loaded.objective
        # the project's timetable wins among equals (docs/meetings.md, "Solving again")
        problem = begun_as_of(loaded, loaded.plan, now)
        result = solve_meetings(problem, terms, time_limit=seconds, stop=stop, previous=loaded.plan, progress=progress)
        return {"result": never_worse(loaded, result, terms), "loaded": loaded, "stopped": job.stopping}
    if loaded.plan is None:
        raise in_field(Message("web.stable_needs_times"), "ui.objective")
    from dataclasses import replace

    loaded = replace(loaded, problem=loaded.problem.replace(reference=loaded.plan))
    terms = replan_terms(loaded.problem, loaded.objective)
    problem = begun_as_of(loaded, loaded.plan, now)
    result = replan_meetings(problem, loaded.plan, objective=terms, time_limit=seconds, stop=stop, progress=progress)
    return {"result": never_worse(loaded, result, terms), "loaded": loaded, "stopped": job.stopping}
