"""What the page is sent for a meeting project (docs/meetings.md): the days and working periods, the rooms
with their seats, every meeting with its time, length and people, and the check in the checker's words.

Times travel as ``YYYY-MM-DDTHH:MM``. Nothing here reads files; the meeting page (``meetings.html``,
``meetings.js``) draws a day x time grid per room from it, each meeting as tall as it is long.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from scheduler.domain.meetings import MeetingProblem, Placement, Plan
from scheduler.files.meeting_files import LoadedMeetings
from scheduler.text.messages import Message, render, shift
from scheduler.text.times import dated, end_clock, format_clock, format_day, format_time

WEEKDAYS = {"zh": "一二三四五六日", "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}


def slot_key(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def _length(minutes: int, lang: str) -> str:
    if lang == "en":
        return f"{minutes // 60} h" if minutes % 60 == 0 else f"{minutes} min"
    return f"{minutes // 60}小时" if minutes % 60 == 0 else f"{minutes}分钟"


def meeting_rows(problem: MeetingProblem, plan: Plan, lang: str) -> list[dict[str, Any]]:
    """Every meeting of the problem with its place in ``plan`` (``start`` null when it has none) and its
    preferred time (``wish``: the line saying it and whether ``plan`` meets it, "" without one)."""
    placed = plan.by_title()
    pins = {p.title for p in problem.pins}
    said = _wishes(problem, plan, lang)
    dash = render(Message("ui.m_dash"), lang)  # 8:00—9:30, in English 8:00-9:30, as the commands write it
    out = []
    for index, session in enumerate(problem.sessions):
        where = placed.get(session.title)
        start = where.start if where is not None else None
        room = (where.room if where is not None else None) or (
            problem.rooms[0].name if len(problem.rooms) == 1 and start is not None else ""
        )
        end = start + timedelta(minutes=session.minutes) if start is not None else None
        out.append(
            {
                "index": index,
                "title": session.title,
                "start": slot_key(start) if start is not None else None,
                "end": slot_key(end) if end is not None else None,
                "shown": f"{dated(format_time(start), lang)}{dash}{end_clock(end)}" if start and end else "",
                "minutes": session.minutes,
                "length": _length(session.minutes, lang),
                "room": room,
                "required": list(session.required),
                "optional": list(session.optional),
                "series": session.series,
                "note": session.note,
                "pinned": session.title in pins,
                **said.get(session.title, {"wish": "", "wish_met": None}),
            }
        )
    return out


def _wishes(problem: MeetingProblem, plan: Plan, lang: str) -> dict[str, dict[str, Any]]:
    """Each meeting with a preferred time: ``wish``, its line (``时段偏好：上午（满足）``, ``（未满足）``, or
    without a time the wish alone), and ``wish_met`` (``None`` unplaced), by the count ``validate``'s
    lines come from (:func:`scheduler.meetings.wishes.wishes`: what it does not name unmet is met)."""
    from scheduler.meetings.wishes import wishes
    from scheduler.rules.meetings.time_window import said_wish

    unmet = {u.title for u in wishes(problem, plan).unmet}
    placed = {p.title for p in plan.placements if p.start is not None}
    out = {}
    for session in problem.sessions:
        if not session.prefer:
            continue
        met = None if session.title not in placed else session.title not in unmet
        key = "mweb.wish" if met is None else "mweb.wish_met" if met else "mweb.wish_unmet"
        out[session.title] = {"wish": render(Message(key, wish=said_wish(session)), lang), "wish_met": met}
    return out


def check_lines(loaded: LoadedMeetings, plan: Plan, lang: str) -> tuple[list[dict[str, Any]], list[str], list[str]]:
    """Each violation as ``validate`` prints it (its rule, the meetings it names), the score lines, and
    (a valid timetable) who of the optional participants misses which part of a meeting, as ``validate``
    says it; the score lines are ``validate``'s, indents kept
    (:func:`~scheduler.export.meeting_summary.check_score_lines`)."""
    from scheduler.export.meeting_summary import check_score_lines
    from scheduler.meetings.check import check_meetings
    from scheduler.meetings.missed import missed_lines, missed_parts

    report = check_meetings(loaded.problem, plan, loaded.objective)
    # a meeting timetable's violation names its meetings where a unit table's names its units
    lines = [{"text": v.text(lang), "rule": v.rule, "meetings": list(v.units)} for v in report.violations]
    scores = check_score_lines(loaded.problem, plan, loaded.objective, report, lang)
    if not (report.ok and report.score):
        return lines, scores, []
    missed = missed_lines(missed_parts(loaded.problem, plan), loaded.problem, loaded.objective)
    return lines, scores, [m.text(lang).strip() for m in missed]


def table_plan(loaded: LoadedMeetings) -> Plan:
    """The table's timetable, every meeting named (those without a time too)."""
    known = loaded.plan.by_title() if loaded.plan is not None else {}
    return Plan(tuple(known.get(s.title) or Placement(s.title, None, None) for s in loaded.problem.sessions))


def meeting_project_data(loaded: LoadedMeetings, version: str, lang: str, can_undo: bool) -> dict[str, Any]:
    """Everything the meeting page shows of a project."""
    problem = loaded.problem
    workdays = problem.workdays
    plan = table_plan(loaded)
    violations, score, missed = check_lines(loaded, plan, lang)
    names = WEEKDAYS["en" if lang == "en" else "zh"]
    return {
        "kind": "meetings",
        "version": version,
        "title": problem.title or render(Message("output.title"), lang),
        "days": [
            {
                "key": d.isoformat(),
                "label": dated(format_day(d), lang),  # in the page's language (QA qadst23 F10)
                "weekday": f"星期{names[d.weekday()]}" if lang != "en" else names[d.weekday()],
            }
            for d in workdays.days
        ],
        "periods": [[f"{a.hour:02d}:{a.minute:02d}", format_clock(b).zfill(5)] for a, b in workdays.periods],
        "grid": workdays.grid,
        "rooms": [{"name": r.name, "seats": r.seats, "capacity": r.capacity} for r in problem.rooms],
        "meetings": meeting_rows(problem, plan, lang),
        "violations": violations,
        "score": score,
        "missed": missed,
        "can_undo": can_undo,
    }


def solved_data(job: Any, version: str | None, lang: str) -> dict[str, Any]:
    """What a meeting solve found: its status and score lines, who moved, the meetings' new places, the
    notes' hints."""
    from scheduler.export.meeting_summary import meeting_summary_lines
    from scheduler.meetings.replanning import moved_from  # (after a solve: the solver is loaded)
    from scheduler.web.notices import meeting_hints
    from scheduler.web.solving import stopped_lines

    result = job.result["result"]
    loaded: LoadedMeetings = job.result["loaded"]
    stopped = bool(job.result.get("stopped", False))
    out: dict[str, Any] = {"outdated": version != job.version, "stopped": stopped, "timetables": []}
    out["status"] = result.status
    out["summary"] = meeting_summary_lines(result, loaded.problem, result.plan, lang)
    out["notes"] = meeting_hints(loaded.problem, result.plan, lang)  # as `solve` says them after its summary
    if result.plan is None:
        if result.conflict is not None:  # why, as `explain` says it
            out["conflict"] = stopped_lines(result.conflict, stopped, lang)
        else:
            said = Message("mshow.infeasible")
            if result.status != "infeasible":  # the page's own field, not the command's --time-limit
                said = Message("mshow.not_found_web", field=Message("ui.time_limit"))
            out["conflict"] = [render(said, lang)]
        return out
    moves = [
        {
            "title": m.title,
            "from": _spot(m.before, lang),
            "to": _spot(m.after, lang),
            "by": render(shift(m.minutes), lang) if m.minutes is not None else "",  # how far (晚 2 小时)
        }
        for m in moved_from(table_plan(loaded), result.plan, loaded.problem)
    ]
    meetings = [
        {"title": p.title, "start": slot_key(p.start) if p.start else None, "room": p.room}
        for p in result.plan.placements
    ]
    out["timetables"].append({"moves": moves, "meetings": meetings})
    return out


def _spot(placement: Placement | None, lang: str) -> str:
    """A placement's time and room as the moves list shows them, in the page's language ("" for none)."""
    if placement is None or placement.start is None:
        return ""
    return f"{dated(format_time(placement.start), lang)} {placement.room or ''}".strip()
