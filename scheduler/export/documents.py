"""What ``validate``, ``solve``, ``reschedule`` and ``explain`` say, as one JSON document (``--json``).

The schema is docs/cli.md's ("JSON output"). Each function reads what the library returned (a
:class:`~scheduler.rules.check.Report`, a :class:`~scheduler.solver.result.Result`, a
:class:`~scheduler.conflicts.conflict.Conflict`, their meeting counterparts) and renders its
messages in the run's language: nothing is computed again. Times are ISO 8601 with the offset of
the rules' ``timezone`` (``2021-09-08T08:00:00+08:00``). A value that is absent (no time, no room, no
category or group, no title) is ``null``, never ``""``. The core knows nothing of this format.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from scheduler.text.messages import Message, render

if TYPE_CHECKING:
    from scheduler.conflicts.conflict import Conflict
    from scheduler.domain import Problem, Timetable
    from scheduler.domain.meetings import MeetingProblem, Placement, Plan
    from scheduler.meetings.check import MeetingReport
    from scheduler.meetings.missed import MissedPart
    from scheduler.meetings.planner import MeetingResult
    from scheduler.meetings.terms import Term
    from scheduler.rules.check import Report
    from scheduler.rules.values import Violation
    from scheduler.solver.result import Result

SCHEMA = 1
"""The version of the documents' shape: raised when a key changes meaning or goes (new keys may come)."""

Document = dict[str, Any]


def dumps(document: Document) -> str:
    """The document as JSON text, Chinese kept as it is (not ``\\u`` escapes), ending with a newline."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def head(command: str, path: str, kind: str, lang: str) -> Document:
    """What every document starts with: the schema, the command, the table (as given) and its kind
    (``units`` or ``meetings``), and the language of its sentences."""
    return {"schema": SCHEMA, "command": command, "file": path, "kind": kind, "lang": lang}


def iso(moment: datetime | None, zone: tzinfo) -> str | None:
    """A naive local time as ISO 8601 with its offset in ``zone``; ``None`` stays ``null``."""
    return None if moment is None else moment.replace(tzinfo=zone).isoformat()


def _words(message: Message | None, lang: str) -> str:
    return render(message, lang) if message is not None else ""


def violation(found: Violation, zone: tzinfo, lang: str, meetings: bool = False) -> Document:
    """One violation: the rule's stable name and title, its sentence, and what it names."""
    named = "meetings" if meetings else "units"
    out: Document = {
        "rule": found.rule,
        "title": _words(found.title, lang) or None,
        "message": render(found.message, lang),
        named: list(found.units),
    }
    if meetings:
        out["people"] = list(found.people)
    out["rooms"] = list(found.rooms)
    out["times"] = [iso(t, zone) for t in found.times]
    return out


def validation(path: str, problem: Problem, report: Report, lang: str) -> Document:
    """``validate`` on a unit table."""
    zone = ZoneInfo(problem.calendar.timezone)
    out = head("validate", path, "units", lang)
    out["ok"] = report.ok
    out["violations"] = [violation(v, zone, lang) for v in report.violations]
    return out


def meeting_validation(
    path: str,
    problem: MeetingProblem,
    report: MeetingReport,
    missed: Sequence[MissedPart],
    lang: str,
    objective: Sequence[Term] | None = None,
    plan: Plan | None = None,
) -> Document:
    """``validate`` on a meeting table: its violations; a timetable with every meeting placed has its
    score (``score`` by level, ``terms`` by term of ``objective``: the same keys as ``solve``'s, not
    every term the checker measures) and the parts of meetings optional participants miss
    (``missed``, each ``message`` a sentence of its own, without the text output's indent); with
    ``plan``, the preferred times it meets (``preferences``, :func:`preferences`)."""
    zone = ZoneInfo(problem.workdays.timezone)
    grid = problem.workdays.grid
    out = head("validate", path, "meetings", lang)
    out["ok"] = report.ok
    out["violations"] = [violation(v, zone, lang, meetings=True) for v in report.violations]
    out["score"] = _scores(report.score)
    names = None if objective is None else {t.name for t in objective}
    out["terms"] = _scores({k: v for k, v in report.terms.items() if names is None or k in names})
    out["missed"] = [
        {
            "person": part.person,
            "meeting": part.meeting,
            "start": iso(part.start, zone),
            "end": iso(part.end, zone),
            "minutes": part.steps * grid,
            "other": part.other or None,
            "message": render(part.message(grid), lang),
        }
        for part in missed
    ]
    out["preferences"] = preferences(problem, plan, zone, lang) if plan is not None else None
    out["per_person"] = per_person(problem, plan, objective) if plan is not None and objective is not None else {}
    return out


def per_person(problem: MeetingProblem, plan: Plan, objective: Sequence[Term]) -> Document:
    """Per per-person term the objective weighs, the people adding to it, most first: each ``person``
    with its ``count`` (extra days; steps waited) and, for ``idle``, its ``minutes`` (QA jobs17 F10)."""
    from scheduler.meetings.check import person_tally

    grid = problem.workdays.grid
    return {
        name: [
            {"person": person, "count": count, **({"minutes": count * grid} if name == "idle" else {})}
            for person, count in people
        ]
        for name, people in person_tally(problem, plan, objective).items()
    }


def preferences(problem: MeetingProblem, plan: Plan, zone: tzinfo, lang: str) -> Document:
    """The preferred times ``plan`` meets: how many are written (``written``), met (``met``), each
    meeting placed outside its own (``unmet``: the meeting, its start and end, the sentence), and how
    many have no time (``unplaced``): met + unmet + unplaced = written."""
    from scheduler.meetings.wishes import wishes

    found = wishes(problem, plan)
    unmet = [
        {"meeting": u.title, "start": iso(u.start, zone), "end": iso(u.end, zone), "message": render(u.message(), lang)}
        for u in found.unmet
    ]
    return {"written": found.written, "met": found.met, "unmet": unmet, "unplaced": found.unplaced}


def conflict(found: Conflict | None, lang: str) -> Document | None:
    """Why there is no timetable: each rule instance of the clash (its rule's name and title, what it
    demands, the names it is about), whether the list is proven to clash and minimal, the reason when
    nothing is to blame but the sheer number (``reason``), the count that proves the rules listed
    cannot all hold (``count``), and the whole explanation as printed."""
    if found is None:
        return None
    rules = []
    for instance in found.instances:
        demands, title = found.told(instance)
        names = [name for name in (instance.unit, instance.other) if name]
        rules.append(
            {"rule": instance.rule, "title": render(title, lang), "message": render(demands, lang), "names": names}
        )
    return {
        "proven": found.proven,
        "minimal": found.minimal,
        "reason": _words(found.reason(), lang) or None,
        "count": _words(found.count, lang) or None,
        "rules": rules,
        "text": found.text(lang),
    }


def explanation(path: str, kind: str, found: Conflict | None, lang: str) -> Document:
    """``explain``: ``feasible`` (a timetable exists), ``infeasible`` (these rules cannot all hold) or
    ``unknown`` (the time ran out before even the list was known to clash)."""
    from scheduler.solver.result import Status

    out = head("explain", path, kind, lang)
    status = Status.FEASIBLE if found is None else Status.INFEASIBLE if found.proven else Status.UNKNOWN
    out["status"] = status.value
    out["conflict"] = conflict(found, lang)
    return out


def _scores(score: Mapping[str, int | None] | None) -> dict[str, int | None] | None:
    return dict(score) if score else None


def result(
    command: str,
    path: str,
    solved: Result,
    lang: str,
    moves: bool = False,
    withdrawn: Iterable[tuple[str, datetime | None]] = (),
    invited: Mapping[str, datetime] | None = None,
    by_order: Iterable[str] = (),
) -> Document:
    """``solve`` or ``reschedule`` on a unit table: the status, the score and bound by stage, the time
    taken, the timetable (``null`` when there is none, then ``conflict`` may say why); with ``moves``
    (``--objective stable``, ``reschedule``) who moved, who kept the time but changed rooms, and the
    units withdrawn (``withdrawn``: each with its old time) and those moved only because of the category
    order (``by_order``, ``moved_by_order``). ``invited``: the time each unit was invited
    at (:func:`scheduler.invites.invited.held_starts`), the ``before`` of a unit the table gives none."""
    problem = solved.problem
    zone = ZoneInfo(problem.calendar.timezone)
    out = head(command, path, "units", lang)
    out["status"] = solved.status.value
    out["proven"] = solved.proven
    out["objective"] = solved.objective
    out["score"] = _scores(solved.score.as_dict() if solved.score is not None else None)
    out["bound"] = _scores(solved.bound.as_dict() if solved.bound is not None else None)
    out["runtime"] = round(solved.runtime, 3)
    out["slots_used"] = solved.slots_used() if solved.timetable is not None else None
    out["last_meeting"] = iso(solved.last_meeting(), zone)
    out["timetable"] = _unit_rows(problem, solved.timetable, zone) if solved.timetable is not None else None
    if moves:
        invited = invited or {}
        out["moves"] = [
            {"unit": m.unit, "before": iso(m.before or invited.get(m.unit), zone), "after": iso(m.after, zone)}
            for m in solved.moves()
        ]
        out["room_changes"] = [
            {"unit": c.unit, "start": iso(c.start, zone), "before": c.before, "after": c.after or None}
            for c in solved.room_changes()
        ]
        out["withdrawn"] = [{"unit": unit, "start": iso(start or invited.get(unit), zone)} for unit, start in withdrawn]
        out["moved_by_order"] = list(by_order)  # moved only because of the category order
    out["conflict"] = conflict(solved.conflict, lang)
    return out


def _unit_rows(problem: Problem, timetable: Timetable, zone: tzinfo) -> list[Document]:
    """The timetable's rows, in its order, as the text lists them."""
    length = timedelta(minutes=problem.calendar.minutes)
    rows = []
    for m in timetable.meetings:
        unit = problem.unit(m.unit)
        end = m.start + length if m.start is not None else None
        rows.append(
            {
                "unit": m.unit,
                "category": unit.category or None,
                "group": unit.group or None,
                "start": iso(m.start, zone),
                "end": iso(end, zone),
                "room": m.room or None,
            }
        )
    return rows


def meeting_result(
    command: str,
    path: str,
    problem: MeetingProblem,
    solved: MeetingResult,
    objective: str,
    lang: str,
    moves: bool = False,
    dropped: Iterable[Placement] = (),
) -> Document:
    """``solve`` or ``reschedule`` on a meeting table: as :func:`result`, the score and bound by level
    and each objective term's value (``terms``); with ``moves``, the meetings moved (their places
    before and after) and those called off (``dropped``, each at its published place)."""
    zone = ZoneInfo(problem.workdays.timezone)
    out = head(command, path, "meetings", lang)
    out["status"] = str(solved.status)
    out["proven"] = solved.proven
    out["objective"] = objective
    placed = solved.plan is not None
    out["score"] = _scores(solved.score) if placed else None
    out["bound"] = _scores(solved.bound) if placed else None
    out["terms"] = _scores(solved.terms) if placed else None
    out["runtime"] = round(solved.wall_time, 3)
    out["timetable"] = _meeting_rows(problem, solved.plan, zone) if solved.plan is not None else None
    out["preferences"] = preferences(problem, solved.plan, zone, lang) if solved.plan is not None else None
    out["per_person"] = per_person(problem, solved.plan, solved.objective) if solved.plan is not None else None
    if moves:
        out["moves"] = [
            {"meeting": m.title, "before": _place(m.before, zone), "after": _place(m.after, zone), "minutes": m.minutes}
            for m in solved.moves
        ]
        out["dropped"] = [{"meeting": p.title, "start": iso(p.start, zone), "room": p.room or None} for p in dropped]
    out["conflict"] = conflict(solved.conflict, lang)
    return out


def _place(place: Placement | None, zone: tzinfo) -> Document | None:
    return None if place is None else {"start": iso(place.start, zone), "room": place.room or None}


def _meeting_rows(problem: MeetingProblem, plan: Plan, zone: tzinfo) -> list[Document]:
    """The timetable's rows in time order, as the text lists them, with their participants."""
    from scheduler.export.meeting_sheet import in_time_order

    rows = []
    for session, start, room in in_time_order(problem, plan):
        end = start + timedelta(minutes=session.minutes) if start is not None else None
        rows.append(
            {
                "meeting": session.title,
                "start": iso(start, zone),
                "end": iso(end, zone),
                "minutes": session.minutes,
                "room": room or None,
                "required": list(session.required),
                "optional": list(session.optional),
            }
        )
    return rows
