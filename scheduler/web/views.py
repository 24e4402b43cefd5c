"""A background job as the page shows it: where it is, and its result in the user's words."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from scheduler.domain import Problem, Timetable
from scheduler.solver.result import room_changes
from scheduler.text.messages import Message, render
from scheduler.text.times import dated, format_time
from scheduler.web.context import error_text
from scheduler.web.jobs import RUNNING, Job
from scheduler.web.notices import unit_hints
from scheduler.web.project import Snapshot
from scheduler.web.state import slot_key


def _rendered(value: Any, lang: str) -> Any:
    if isinstance(value, Message):
        return render(value, lang)
    if isinstance(value, dict):
        return {k: _rendered(v, lang) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rendered(v, lang) for v in value]
    return value


def job_data(job: Job, snapshot: Snapshot | None, lang: str, folder: Path | None = None) -> dict[str, Any]:
    """State, elapsed seconds, progress, and (once finished) the result or the error's one line. ``folder``:
    the project's, whose invites give a moved unit the table has no time for its invited time."""
    data: dict[str, Any] = {
        "id": job.id,
        "kind": job.kind,
        "state": job.state,
        "elapsed": round(job.elapsed(), 1),
        "progress": _rendered(job.progress, lang),
        "error": error_text(job.error, lang) if job.error is not None else None,
        "stopping": job.state == RUNNING and job.stopping,  # stop pressed, not heard yet: the page says so
    }
    if job.result is not None:
        if job.kind == "solve":
            data["result"] = solve_data(job, snapshot, lang, folder)
        else:
            data["result"] = _rendered(job.result, lang)
    return data


def solve_data(job: Job, snapshot: Snapshot | None, lang: str, folder: Path | None = None) -> dict[str, Any]:
    """What a solve found: its status, who moved (old -> new; a unit the table gives no time but
    ``folder``'s invites hold: from its invited time), the explanation, the alternatives, the notes' hints."""
    from scheduler.invites.invited import held_starts_in

    result = job.result.get("result")
    found = job.result.get("alternatives")
    out: dict[str, Any] = {
        "stopped": job.result.get("stopped", False),
        "outdated": snapshot is None or snapshot.version != job.version,
        "timetables": [],
    }
    if result is None:
        out["summary"] = [render(Message("web.nothing_found"), lang)]
        return out
    out["status"] = result.status
    out["summary"] = summary(result, lang)
    out["notes"] = unit_hints(result.problem, result.timetable, lang)  # as `solve` says them after its summary
    if result.timetable is None:
        from scheduler.web.solving import stopped_lines

        out["conflict"] = stopped_lines(result.conflict, out["stopped"], lang)
        return out
    timetables = list(found.timetables) if found is not None and found.timetables else [result.timetable]
    shortfall = found.shortfall() if found is not None else None  # all there are, or why it stopped short
    if shortfall is not None:
        out["summary"].append(render(shortfall, lang))
    invited = held_starts_in(folder) if folder is not None else {}
    for timetable in timetables:
        shown = moves(result.problem, timetable, invited, lang)
        out["timetables"].append({"moves": shown, "meetings": _meetings(timetable)})
    return out


def summary(result: Any, lang: str) -> list[str]:
    """Status, slots used and the last meeting, as ``solve`` prints them."""
    status = render(Message(f"status.{result.status}"), lang)
    lines = [render(Message("show.status", status=status, engine=result.engine), lang)]
    if result.timetable is not None:
        last = result.last_meeting()
        lines.append(render(Message("show.slots", slots=result.slots_used(), last=last or ""), lang))
    lines.append(render(Message("show.time_taken", seconds=f"{result.runtime:.2f}"), lang))
    return lines


def moves(
    problem: Problem, timetable: Timetable, invited: Mapping[str, datetime] | None = None, lang: str = "zh"
) -> list[dict[str, str]]:
    """Each unit whose time differs from the table's: unit, old time, new time (as the notice writes them;
    a unit the table gives no time has its ``invited`` time as its old one, else none: the page says
    （新增）); then each unit that keeps its time but not its room, with the rooms beside the time."""
    before = problem.reference.starts() if problem.reference is not None else {}
    after = timetable.starts()
    invited = invited or {}
    out = []
    for unit in problem.units:
        old, new = before.get(unit.name), after.get(unit.name)
        if old != new:
            old = old or invited.get(unit.name)
            out.append(
                {
                    "unit": unit.name,
                    "from": dated(format_time(old), lang) if old else "",
                    "to": dated(format_time(new), lang) if new else "",
                }
            )
    for change in room_changes(problem, timetable):
        when = dated(format_time(change.start), lang)  # the page's language (QA qadst23 F10)
        out.append({"unit": change.unit, "from": f"{when} {change.before}", "to": f"{when} {change.after}"})
    return out


def _meetings(timetable: Timetable) -> list[dict[str, str | None]]:
    return [
        {"unit": m.unit, "start": slot_key(m.start) if m.start else None, "room": m.room} for m in timetable.meetings
    ]
